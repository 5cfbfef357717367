#include "sim/output/writer.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <span>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/file.h>
#include <fcntl.h>
#include <unistd.h>

#include "sim/io/atomic_output.hpp"


namespace gwsim {
namespace {

RunRecord sample_record() {
  RunRecord r;
  StateRow row;
  row.date = models::date_from_civil(2026, 7, 1);
  row.live = models::FleetCounts{3, 216, 432, 3600.0, 10800.0};
  row.racks_ordered = 10;
  row.racks_delivered = 5;
  row.racks_installed = 4;
  row.utilization = 0.7;
  row.it_power_mw = 0.5;
  row.energy_mwh = -0.0;  // must print as 0.000, never -0.000
  row.capex_usd = 16.5e6;
  row.held.rack_supply = 5;
  row.binding = binding_constraint(row.held);
  r.timeline.push_back(row);
  row.site = "site-a";
  r.sites.push_back(row);
  r.events.push_back({row.date, -1, EventKind::kInvestment, "", "loi, first", 1e10, 1.0,
                      "loi: $10000000000 (GW 1 live), paid \"in full\""});
  r.events.push_back({models::date_from_civil(2026, 7, 2), 7, EventKind::kDemandExceedsCapacity, "", "", 1234.56,
                      -0.01, "short"});
  r.final_state = row;
  r.first_tokens_date = "2026-07-01";
  r.gw_live_dates = {"2026-09-01"};
  r.days_with_racks_pending = 4;
  r.binding_days[Constraint::kRackSupply] = 3;
  r.binding_days[Constraint::kGridPower] = 1;
  return r;
}

TEST(Writer, TimelineHeaderAndRowFollowTheColumnDefinitions) {
  const std::string csv = timeline_csv(sample_record());
  std::istringstream in(csv);
  std::string header, line;
  std::getline(in, header);
  EXPECT_TRUE(header.starts_with("date,racks,gpu_packages,gpu_dies,pflops_fp8,"));
  std::getline(in, line);
  // racks retired (0), utilization, then demand, served, unserved and power-capped PFLOP/s, training asked, served on training and on
  // inference (PFLOP/s), inference asked and served (tokens/s, no decimals), racks in repair (2 decimals),
  // effective PFLOP/s and training goodput (4 decimals), all 0 in this record, then IT power.
  EXPECT_TRUE(line.starts_with(
      "2026-07-01,3,216,432,3600.0,10800.0,10,5,4,0,0.7000,0.0,0.0,0.0,0.0,0.0,0.0,0.0,0,0,0.00,0.0,0.0000,0.500,"))
      << line;
  EXPECT_NE(line.find(",16500000,"), std::string::npos) << line;
  EXPECT_TRUE(line.ends_with(",rack_supply")) << line;
  EXPECT_EQ(line.find("-0.000"), std::string::npos);
  EXPECT_FALSE(std::getline(in, line));  // one row only
}

// Fields quoted when they hold commas or quotes; figures rounded to their kind's decimals (USD: 0, PFLOP/s: 1)
// in their shortest form, never "-0"; units from the kind; an hourly event's date carries its hour.
TEST(Writer, EventsAreTypedRecords) {
  const std::string csv = events_csv(sample_record());
  EXPECT_EQ(csv,
            "date,kind,site,item,value,unit,value2,unit2,detail\n"
            "2026-07-01,investment,,\"loi, first\",10000000000,USD,1,GW,"
            "\"loi: $10000000000 (GW 1 live), paid \"\"in full\"\"\"\n"
            "2026-07-02T07:00,demand_exceeds_capacity,,,1234.6,PFLOP/s,0,PFLOP/s,short\n");
}

TEST(Writer, EventsWithoutASecondFigureLeaveItsCellsEmpty) {
  RunRecord r;
  r.events.push_back({models::date_from_civil(2026, 3, 1), -1, EventKind::kGridEnergized, "site-a", "step 2", 650.0,
                      90.0, "capacity ramping to 650.0 MW over 90 days"});
  r.events.push_back({models::date_from_civil(2026, 3, 1), -1, EventKind::kHallReady, "site-a", "hall-1", 150.0004,
                      std::nullopt, "hall-1 ready, 150.0 MW IT"});
  EXPECT_EQ(events_csv(r),
            "date,kind,site,item,value,unit,value2,unit2,detail\n"
            "2026-03-01,grid_energized,site-a,step 2,650,MW,90,days,capacity ramping to 650.0 MW over 90 days\n"
            "2026-03-01,hall_ready,site-a,hall-1,150,MW,,,\"hall-1 ready, 150.0 MW IT\"\n");
}

TEST(Writer, SummaryHasKeyDatesSharesAndManifest) {
  Manifest m;
  m.gwsim_version = "9.9.9";
  m.scenario_name = "sample";
  m.overrides = {"seed=4"};
  m.seed = 4;
  const auto j = nlohmann::json::parse(summary_json(sample_record(), m));
  EXPECT_EQ(j["first_tokens_date"], "2026-07-01");
  EXPECT_EQ(j["gw_live_dates"][0], "2026-09-01");
  EXPECT_EQ(j["binding_constraints"]["days"]["rack_supply"], 3);
  EXPECT_DOUBLE_EQ(j["binding_constraints"]["shares"]["rack_supply"].get<double>(), 0.75);  // 3 of 4 days
  EXPECT_DOUBLE_EQ(j["binding_constraints"]["shares"]["grid_power"].get<double>(), 0.25);
  EXPECT_EQ(j["manifest"]["overrides"][0], "seed=4");
  EXPECT_EQ(j["manifest"]["seed"], 4);
  EXPECT_EQ(j["final"]["gpu_dies"], 432);
}

// Demand, totals and per-site figures: a 10-day run (240 h) whose site drew 480 MWh from the grid averaged 2 MW.
TEST(Writer, SummaryHasDemandTotalsAndSites) {
  RunRecord r = sample_record();
  r.demand_stated = true;
  r.shortfall_days = 3;
  r.peak_unserved_pflops = 1234.56;
  r.peak_unserved_at = "2026-07-04";
  r.final_state.grid_energy_mwh = 480.0;
  r.final_state.co2_t = 177.6;
  SiteOutcome site;
  site.name = "site-a";
  site.peak_grid_import_mw = 3.5;
  site.final_state.grid_energy_mwh = 480.0;
  site.final_state.water_m3 = 72.0;
  r.site_outcomes.push_back(site);
  Manifest m;
  m.start_date = "2026-07-01";
  m.end_date = "2026-07-10";
  const auto j = nlohmann::json::parse(summary_json(r, m));
  EXPECT_EQ(j["demand"]["stated"], true);
  EXPECT_EQ(j["demand"]["shortfall_days"], 3);
  EXPECT_DOUBLE_EQ(j["demand"]["peak_unserved_pflops"].get<double>(), 1234.6);  // one decimal
  EXPECT_EQ(j["demand"]["peak_unserved_at"], "2026-07-04");
  EXPECT_DOUBLE_EQ(j["average_grid_import_mw"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(j["totals"]["co2_t"].get<double>(), 177.6);
  ASSERT_EQ(j["sites"].size(), 1u);
  EXPECT_EQ(j["sites"][0]["site"], "site-a");
  EXPECT_DOUBLE_EQ(j["sites"][0]["average_grid_import_mw"].get<double>(), 2.0);
  EXPECT_DOUBLE_EQ(j["sites"][0]["peak_grid_import_mw"].get<double>(), 3.5);
  EXPECT_DOUBLE_EQ(j["sites"][0]["water_m3"].get<double>(), 72.0);
}

TEST(Writer, WritesFiveFilesAndNoTemporaries) {
  const auto dir = std::filesystem::temp_directory_path() / ("gwsim-writer-test-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  write_outputs(dir.string(), sample_record(), Manifest{});
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) names.push_back(entry.path().filename());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"events.csv", "finance.csv", "sites.csv", "summary.json", "timeline.csv"}));
  std::filesystem::remove_all(dir);
}

TEST(Writer, UnwritableFolderIsAClearError) {
  try {
    write_outputs("/proc/gwsim-cannot-write-here", sample_record(), Manifest{});
    FAIL() << "expected OutputError";
  } catch (const OutputError& e) {
    EXPECT_NE(std::string(e.what()).find("/proc/gwsim-cannot-write-here"), std::string::npos) << e.what();
  }
}

// A record of `steps` output steps of two sites, with events: several MiB of sites.csv, so the files cross the
// writer's 1 MiB pieces.
RunRecord long_record(int steps) {
  RunRecord r = sample_record();
  r.timeline.clear();
  r.sites.clear();
  r.events.clear();
  for (int i = 0; i < steps; ++i) {
    StateRow row;
    row.date = models::Date{models::date_from_civil(2026, 1, 1).days + i / 24};
    row.hour = i % 24;
    row.live.racks = i;
    row.utilization = 1.0 / (i + 3);
    row.energy_mwh = 0.37 * i;
    row.finance.revenue_usd = 1e3 * i;
    r.timeline.push_back(row);
    for (const char* site : {"site-a", "site \"b\", east"}) {  // a name CSV must quote
      row.site = site;
      row.grid_energy_mwh = 0.11 * i;
      r.sites.push_back(row);
    }
    if (i % 7 == 0) r.events.push_back({row.date, row.hour, EventKind::kDemandMet, "", "", 1.5 * i, std::nullopt, "met"});
  }
  return r;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::vector<std::string> entries(const std::filesystem::path& dir) {
  std::vector<std::string> out;
  for (const auto& e : std::filesystem::directory_iterator(dir)) out.push_back(e.path().filename());
  std::sort(out.begin(), out.end());
  return out;
}

// sites.csv written a step's rows at a time, and the other files in pieces, are the text rendered whole.
TEST(RunWriter, FilesWrittenInPiecesEqualTheWholeText) {
  const auto root = std::filesystem::temp_directory_path() / ("gwsim-runwriter-" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  const RunRecord record = long_record(12'000);
  const std::string sites = sites_csv(record);
  ASSERT_GT(sites.size(), std::size_t{3} << 20);
  {
    RunWriter writer((root / "run").string());
    const std::span<const StateRow> rows(record.sites);
    for (std::size_t i = 0; i < rows.size(); i += 2) writer.add_site_rows(rows.subspan(i, 2));
    RunRecord without_sites = record;
    without_sites.sites.clear();  // what the engine hands over when the rows went to the writer
    writer.finish(without_sites, Manifest{});
  }
  EXPECT_TRUE(read_file(root / "run" / "sites.csv") == sites);
  EXPECT_TRUE(read_file(root / "run" / "timeline.csv") == timeline_csv(record));
  EXPECT_TRUE(read_file(root / "run" / "finance.csv") == finance_csv(record));
  EXPECT_TRUE(read_file(root / "run" / "events.csv") == events_csv(record));
  EXPECT_EQ(read_file(root / "run" / "summary.json"), summary_json(record, Manifest{}));
  EXPECT_EQ(entries(root), std::vector<std::string>{"run"});
  std::filesystem::remove_all(root);
}

// A run that fails after sites.csv was partly written (the writer destroyed without finish) leaves the folder's
// earlier files as they were and no staging folder; while it runs, it does not hold the parent folder's lock, so
// runs into sibling folders write side by side.
TEST(RunWriter, UnfinishedRunLeavesTheEarlierFilesAndDoesNotBlockSiblings) {
  const auto root = std::filesystem::temp_directory_path() / ("gwsim-runwriter-fail-" + std::to_string(::getpid()));
  std::filesystem::remove_all(root);
  const std::string dir = (root / "run").string();
  write_outputs(dir, sample_record(), Manifest{});
  std::ofstream(root / "run" / "notes.txt") << "mine";
  std::map<std::string, std::string> before;
  for (const char* name : kRunFiles) before[name] = read_file(root / "run" / name);
  {
    const RunRecord record = long_record(6'000);
    RunWriter writer(dir);
    writer.add_site_rows(record.sites);  // past a piece: part of sites.csv is on disk, in the staging folder
    EXPECT_EQ(entries(root / "run"), (std::vector<std::string>{"events.csv", "finance.csv", "notes.txt", "sites.csv",
                                                               "summary.json", "timeline.csv"}));
    const int parent = ::open(root.c_str(), O_RDONLY | O_DIRECTORY);
    ASSERT_GE(parent, 0);
    EXPECT_EQ(::flock(parent, LOCK_EX | LOCK_NB), 0) << "the parent folder is locked for the whole run";
    ::close(parent);
  }  // the run failed: no finish()
  for (const auto& [name, text] : before) EXPECT_EQ(read_file(root / "run" / name), text) << name;
  EXPECT_EQ(read_file(root / "run" / "notes.txt"), "mine");
  EXPECT_EQ(entries(root), std::vector<std::string>{"run"});  // no staging folder left
  std::filesystem::remove_all(root);
}

// ---- file handling (sim/io/atomic_output.hpp) ----------------------------------------------------------------

class Folder {
 public:
  explicit Folder(const std::string& name)
      : path_(std::filesystem::temp_directory_path() / ("gwsim-writer-" + name + "-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~Folder() { std::filesystem::remove_all(path_); }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& e : std::filesystem::directory_iterator(path_)) out.push_back(e.path().filename());
    std::sort(out.begin(), out.end());
    return out;
  }

 private:
  std::filesystem::path path_;
};

std::string read(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(AtomicOutput, RefusesAnExistingFileAndReplacesALinkNotItsTarget) {
  Folder f("file");
  std::ofstream(f / "target.txt") << "kept";
  try {
    io::write_file_atomically(f / "target.txt", "new", io::IfExists::kRefuse);
    FAIL() << "expected a refusal";
  } catch (const io::WriteError& e) {
    EXPECT_TRUE(e.refused);
    EXPECT_EQ(std::string(e.what()), f / "target.txt" + " already exists");
  }
  EXPECT_EQ(read(f / "target.txt"), "kept");
  std::filesystem::create_symlink(f / "target.txt", f / "link.txt");
  io::write_file_atomically(f / "link.txt", "new", io::IfExists::kReplace);
  EXPECT_EQ(read(f / "target.txt"), "kept");  // the link was replaced, not written through
  EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::symlink_status(f / "link.txt")));
  EXPECT_EQ(read(f / "link.txt"), "new");
  EXPECT_EQ(f.names(), (std::vector<std::string>{"link.txt", "target.txt"}));  // no staging left
}

// A staging folder whose writer is alive (its lock held) is left alone; a stale one of a single file is removed.
TEST(AtomicOutput, StagingInUseIsLeftAloneAndStaleOnesRemoved) {
  Folder f("staging");
  std::filesystem::create_directories(f / ".out.csv.gwsim-file-LiveLiveLive");
  std::filesystem::create_directories(f / ".out.csv.gwsim-file-DeadDeadDead");
  const int live = ::open((f / ".out.csv.gwsim-file-LiveLiveLive").c_str(), O_RDONLY | O_DIRECTORY);
  ASSERT_GE(live, 0);
  ASSERT_EQ(::flock(live, LOCK_EX), 0);
  // A temporary an older gwsim left (no process 999999999 can exist: above the kernel's pid_max).
  std::ofstream(f / "out.csv.tmp-999999999") << "half";
  std::ofstream(f / "out.csv.tmp-999999999-journal") << "half";
  io::write_file_atomically(f / "out.csv", "a,b\n", io::IfExists::kRefuse);
  EXPECT_EQ(f.names(), (std::vector<std::string>{".out.csv.gwsim-file-LiveLiveLive", "out.csv"}));
  ::close(live);
}

// The folder's gwsim files are replaced as a set and its other entries kept, by switching in a new folder: a
// descriptor of the old one (a reader that opened it) sees none of the new folder's entries.
TEST(AtomicOutput, FolderIsSwitchedWholeKeepingOtherEntries) {
  Folder f("folder");
  const std::string dir = f / "run";
  const auto owned = [](std::string_view name) { return name == "a.csv" || name == "b.csv"; };
  {
    io::StagedFolder folder(dir, owned);
    folder.write("a.csv", "old a");
    folder.write("b.csv", "old b");
    folder.commit();
  }
  std::ofstream(dir + "/notes.txt") << "mine";
  std::filesystem::create_directories(dir + "/report");
  const int old_fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY);
  {
    io::StagedFolder folder(dir, owned);
    folder.write("a.csv", "new a");
    folder.commit();  // b.csv is owned and not written: it goes with the old set
  }
  EXPECT_EQ(read(dir + "/a.csv"), "new a");
  EXPECT_FALSE(std::filesystem::exists(dir + "/b.csv"));
  EXPECT_EQ(read(dir + "/notes.txt"), "mine");
  EXPECT_TRUE(std::filesystem::is_directory(dir + "/report"));
  EXPECT_EQ(f.names(), std::vector<std::string>{"run"});
  EXPECT_LT(::faccessat(old_fd, "notes.txt", F_OK, 0), 0);
  ::close(old_fd);
}

}  // namespace
}  // namespace gwsim
