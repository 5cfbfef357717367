// `--json` on run, diff and results (one JSON document on standard output, nothing else there) and the progress of
// long commands (standard error only; -q/--quiet silences it). Values are checked against hand-computed ones of a
// tiny scenario, against the files the run wrote, and against percentiles recomputed here from the replications.
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/output/fields.hpp"
#include "sim/output/writer.hpp"
#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;
using gwsim::testing::read_text;

struct Split {
  int exit_code = -1;
  std::string out;  // standard output alone
  std::string err;  // standard error alone
};

fs::path scratch() {
  const fs::path dir = fs::temp_directory_path() / ("gwsim-json-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

// The scratch folder goes when the tests of this process end.
class RemoveScratch : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(fs::temp_directory_path() / ("gwsim-json-" + std::to_string(::getpid())), ec);
  }
};
[[maybe_unused]] ::testing::Environment* const remove_scratch = ::testing::AddGlobalTestEnvironment(new RemoveScratch);

// Runs gwsim with standard output and standard error apart (standard error through a file: not a terminal).
Split gwsim_split(const std::string& args) {
  static int n = 0;
  const fs::path err = scratch() / ("stderr-" + std::to_string(++n) + ".txt");
  Split r;
  FILE* pipe = popen((std::string(GWSIM_BINARY) + " " + args + " 2>" + err.string()).c_str(), "r");
  if (!pipe) return r;
  std::array<char, 4096> buf{};
  std::size_t got = 0;
  while ((got = fread(buf.data(), 1, buf.size(), pipe)) > 0) r.out.append(buf.data(), got);
  const int status = pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = read_text(err);
  return r;
}

// The whole of `text` as one JSON document: discarded (is_discarded()) when anything else is there too.
Json whole_json(const std::string& text) { return Json::parse(text, nullptr, false); }

// The basic scenario of tests/sim/rollout_test.cpp in YAML, with the catalog's Vera Rubin NVL72 (227 kW peak; on
// the IT basis with 15% non-GPU IT share a rack is 227 / 0.85 = 267.06 kW). Worked by hand: 10.6 MW orders
// ceil(10.6 / 0.26706) = ceil(39.69) = 40 racks on 2027-01-01; the line makes 70 a week = 10 a day from the next
// day, Jan 2-5; with 3 days of lead time they arrive Jan 5, 6, 7, 8; crews install 10 a day (70 a week) on
// arrival; after 2 days of commissioning the pods of 10 go live Jan 7, 8, 9, 10: first tokens 2027-01-07, the
// tranche fully live 2027-01-10. With 13.3 MW: ceil(49.80) = 50 racks, a fifth day of making (Jan 6), arriving
// Jan 9, live Jan 11.
const char* kTiny = R"(name: tiny
start: 2027-01-01
end: 2027-03-31
pod_racks: 10
sites:
  - name: alpha
    pue: 1.25
    install_racks_per_week: 70
    commissioning: 2 days
    grid:
      - {from: 2026-01-01, capacity: 100 MW}
    halls:
      - {name: hall-1, it_capacity: 20 MW, construction_start: 2026-06-01, construction: 30 days}
tranches:
  - {name: t1, target_power: 10.6 MW, platform: vera_rubin_nvl72, sites: [alpha], order_date: 2027-01-01}
supply:
  - {platform: vera_rubin_nvl72, racks_per_week: 70, start: 2027-01-01, lead_time: 3 days}
)";

fs::path tiny_scenario() {
  const fs::path file = scratch() / "tiny.yaml";
  if (!fs::exists(file)) {
    FILE* f = std::fopen(file.c_str(), "w");
    std::fputs(kTiny, f);
    std::fclose(f);
  }
  return file;
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(CliJson, RunPrintsItsSummaryAndFilesAsOneJsonDocument) {
  const fs::path dir = scratch() / "run-json";
  fs::remove_all(dir);
  const Split r = gwsim_split("run " + tiny_scenario().string() + " --json -o " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const Json j = whole_json(r.out);
  ASSERT_FALSE(j.is_discarded()) << "standard output is not one JSON document:\n" << r.out;
  // The summary is summary.json's content, read back from the file.
  EXPECT_EQ(j.at("summary"), Json::parse(read_text(dir / "summary.json")));
  EXPECT_EQ(j.at("output_folder"), dir.string());
  std::vector<std::string> files;
  for (const char* name : gwsim::kRunFiles) files.push_back((dir / name).string());
  EXPECT_EQ(j.at("files").get<std::vector<std::string>>(), files);
  for (const std::string& f : files) EXPECT_TRUE(fs::is_regular_file(f)) << f;
  // The dates and counts by hand (kTiny).
  const Json& s = j.at("summary");
  EXPECT_EQ(s.at("first_tokens_date"), "2027-01-07");
  EXPECT_EQ(s.at("tranches").at(0).at("fully_live_date"), "2027-01-10");
  EXPECT_EQ(s.at("final").at("racks"), 40);
  EXPECT_NEAR(s.at("final").at("live_capacity_mw").get<double>(), 40 * 227.0 / 0.85 / 1e3, 1e-3);
  // The summary for people is not printed; the progress is on standard error only.
  EXPECT_EQ(r.out.find("Key dates"), std::string::npos);
  EXPECT_NE(r.err.find("gwsim run: 100% simulated"), std::string::npos) << r.err;
  fs::remove_all(dir);
}

// The P-th percentile of values, type 7 (docs/results.md): linear between closest ranks.
double type7(std::vector<double> v, double p) {
  std::sort(v.begin(), v.end());
  const double h = (static_cast<double>(v.size()) - 1.0) * p / 100.0;
  const std::size_t lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, v.size() - 1);
  return v[lo] + (h - static_cast<double>(lo)) * (v[hi] - v[lo]);
}

// Days since 1970-01-01 of an ISO date (civil calendar, Howard Hinnant's algorithm).
long days_of(const std::string& iso) {
  int y = std::stoi(iso.substr(0, 4));
  const unsigned m = static_cast<unsigned>(std::stoi(iso.substr(5, 2)));
  const unsigned d = static_cast<unsigned>(std::stoi(iso.substr(8, 2)));
  y -= m <= 2;
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

// Rows of a CSV without quoted fields, as header -> cell.
std::vector<std::map<std::string, std::string>> csv_rows(const std::string& text) {
  std::vector<std::map<std::string, std::string>> rows;
  const std::vector<std::string> lines = lines_of(text);
  if (lines.empty()) return rows;
  std::vector<std::string> header;
  for (std::istringstream h(lines[0]); std::getline(h, header.emplace_back(), ',');) {
  }
  header.pop_back();
  for (std::size_t i = 1; i < lines.size(); ++i) {
    std::map<std::string, std::string> row;
    std::istringstream cells(lines[i]);
    std::string cell;
    for (std::size_t k = 0; k < header.size(); ++k) {
      cell.clear();
      std::getline(cells, cell, ',');
      row[header[k]] = cell;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

TEST(CliJson, ResultsGivesEachPointsPercentilesAsTheReplicationsDo) {
  const fs::path store = scratch() / "results.sqlite";
  const fs::path reps = scratch() / "replications.csv";
  fs::remove(store);
  fs::remove(reps);
  ASSERT_EQ(gwsim_split("sweep tests/data/sweeps/tiny-sweep.yaml -q -j 2 -o " + store.string()).exit_code, 0);
  const Split r = gwsim_split("results " + store.string() + " --json --replications-csv " + reps.string());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const Json j = whole_json(r.out);
  ASSERT_FALSE(j.is_discarded()) << "standard output is not one JSON document:\n" << r.out;
  EXPECT_EQ(j.at("sweep").at("name"), "tiny-sweep");
  ASSERT_EQ(j.at("points").size(), 4u);  // 2 what-ifs x 2 lead times (tests/data/sweeps/tiny-sweep.yaml)
  // The figures are those of the text table and of --csv: the same names, point by point.
  const Split csv = gwsim_split("results " + store.string() + " --csv -");
  std::map<std::string, std::set<std::string>> csv_figures;
  for (const auto& row : csv_rows(csv.out))
    if (!row.at("figure").starts_with("replications_")) csv_figures[row.at("point")].insert(row.at("figure"));
  // Percentiles recomputed from the replications, type 7.
  const auto replications = csv_rows(read_text(reps));
  for (const Json& point : j.at("points")) {
    const std::string id = std::to_string(point.at("point").get<int>());
    std::set<std::string> names;
    for (const auto& [name, figure] : point.at("figures").items()) names.insert(name);
    EXPECT_EQ(names, csv_figures[id]) << "point " << id;
    EXPECT_EQ(point.at("replications").at("ok"), 6);
    EXPECT_EQ(point.at("replications").at("missing"), 0);
    std::vector<double> racks, first_tokens;
    for (const auto& row : replications) {
      if (row.at("point") != id || row.at("status") != "ok") continue;
      racks.push_back(std::stod(row.at("racks")));
      first_tokens.push_back(static_cast<double>(days_of(row.at("first_tokens_date"))));
    }
    ASSERT_EQ(racks.size(), 6u);
    const Json& r_fig = point.at("figures").at("racks");
    const Json& d_fig = point.at("figures").at("first_tokens_date");
    EXPECT_EQ(d_fig.at("unit"), "date");
    EXPECT_EQ(d_fig.at("reached"), 6);
    const std::pair<const char*, double> ps[] = {{"p10", 10.0}, {"p50", 50.0}, {"p90", 90.0}};
    for (const auto& [key, p] : ps) {
      EXPECT_NEAR(r_fig.at(key).get<double>(), type7(racks, p), 1e-9) << "point " << id << " " << key;
      // A date percentile between two days is the earlier day plus the fraction, rounded (docs/results.md):
      // within a day of the interpolated day number.
      EXPECT_NEAR(static_cast<double>(days_of(d_fig.at(key).get<std::string>())), type7(first_tokens, p), 1.0)
          << "point " << id << " " << key << " " << d_fig.at(key);
    }
  }
  // --json and a CSV on standard output cannot share it.
  EXPECT_EQ(gwsim_split("results " + store.string() + " --json --csv -").exit_code, 2);
}

TEST(CliJson, DiffGivesDatesTotalsAndMilestonesAsOneJsonDocument) {
  const fs::path a = scratch() / "diff-a", b = scratch() / "diff-b", out = scratch() / "diff-out";
  for (const fs::path& d : {a, b, out}) fs::remove_all(d);
  ASSERT_EQ(gwsim_split("run " + tiny_scenario().string() + " -q -o " + a.string()).exit_code, 0);
  ASSERT_EQ(gwsim_split("run " + tiny_scenario().string() + " -q --set 'tranches[0].target_power=13.3 MW' -o " +
                        b.string())
                .exit_code,
            0);
  const Split r = gwsim_split("diff " + a.string() + " " + b.string() + " --json -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  const Json j = whole_json(r.out);
  ASSERT_FALSE(j.is_discarded()) << "standard output is not one JSON document:\n" << r.out;
  EXPECT_EQ(j.at("output_folder"), out.string());
  for (const Json& f : j.at("files")) EXPECT_TRUE(fs::is_regular_file(f.get<std::string>())) << f;
  // Dates by hand (kTiny): first tokens unchanged, the tranche fully live a day later.
  std::map<std::string, Json> dates;
  for (const Json& d : j.at("dates")) dates[d.at("name").get<std::string>()] = d;
  EXPECT_EQ(dates.at("first tokens").at("a"), "2027-01-07");
  EXPECT_EQ(dates.at("first tokens").at("change_days"), 0);
  EXPECT_EQ(dates.at("t1 fully live").at("a"), "2027-01-10");
  EXPECT_EQ(dates.at("t1 fully live").at("b"), "2027-01-11");
  EXPECT_EQ(dates.at("t1 fully live").at("change_days"), 1);
  // Totals: the registry's table figures (fields.cpp, shown by the reports' tables), each under its pointer.
  std::set<std::string> table_pointers;
  for (const gwsim::SummaryField& f : gwsim::summary_fields()) {
    const bool numeric = f.info.kind == gwsim::FieldKind::kCount || f.info.kind == gwsim::FieldKind::kNumber;
    if (f.display && f.repeat == gwsim::Repeat::kOnce && numeric) table_pointers.insert(gwsim::pointer_template(f));
  }
  std::set<std::string> names;
  std::map<std::string, Json> totals;
  for (const Json& t : j.at("totals")) {
    names.insert(t.at("name").get<std::string>());
    totals[t.at("name").get<std::string>()] = t;
    for (const char* key : {"label", "unit", "a", "b", "change"}) EXPECT_TRUE(t.contains(key)) << key << " " << t;
  }
  EXPECT_EQ(names, table_pointers);
  const Json& racks = totals.at("/final/racks");
  EXPECT_EQ(racks.at("a"), 40);
  EXPECT_EQ(racks.at("b"), 50);
  EXPECT_EQ(racks.at("change"), 10);
  EXPECT_EQ(racks.at("unit"), "racks");
  // Milestones with what gated them, as each run's summary.json says.
  const Json sb = Json::parse(read_text(b / "summary.json"));
  Json gated_b;
  for (const Json& m : sb.at("milestones"))
    if (m.at("name") == "t1 fully live") gated_b = m.at("gated_by");
  bool found = false;
  for (const Json& m : j.at("milestones")) {
    if (m.at("name") != "t1 fully live") continue;
    found = true;
    EXPECT_TRUE(m.at("moved").get<bool>());
    EXPECT_EQ(m.at("change_days"), 1);
    EXPECT_EQ(m.at("b").at("gated_by"), gated_b);
  }
  EXPECT_TRUE(found) << j.at("milestones");
  // The text for people goes nowhere with --json.
  EXPECT_EQ(r.out.find("Key dates"), std::string::npos);
  for (const fs::path& d : {a, b, out}) fs::remove_all(d);
}

// Progress: plain lines on standard error when it is not a terminal, at each tenth of the simulated days, never on
// standard output; -q silences it.
TEST(CliProgress, RunPrintsPeriodicLinesOnStandardErrorOnly) {
  const fs::path dir = scratch() / "progress-run";
  fs::remove_all(dir);
  const Split r = gwsim_split("run " + tiny_scenario().string() + " -o " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.out << r.err;
  std::vector<int> percents;
  for (const std::string& line : lines_of(r.err)) {
    int percent = 0;
    if (std::sscanf(line.c_str(), "gwsim run: %d%% simulated", &percent) == 1) percents.push_back(percent);
  }
  EXPECT_EQ(percents, (std::vector<int>{10, 20, 30, 40, 50, 60, 70, 80, 90, 100})) << r.err;
  EXPECT_NE(r.err.find("ETA"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("writing the files"), std::string::npos) << r.err;
  // Standard output holds the summary alone, as before.
  EXPECT_TRUE(r.out.starts_with("gwsim ")) << r.out;
  EXPECT_EQ(r.out.find("gwsim run:"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("ETA"), std::string::npos) << r.out;
  // -q: nothing at all on success.
  const Split quiet = gwsim_split("run " + tiny_scenario().string() + " -q --force -o " + dir.string());
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.out, "");
  EXPECT_EQ(quiet.err, "");
  fs::remove_all(dir);
}

TEST(CliProgress, SweepAndReportPrintProgressOnStandardErrorOnly) {
  const fs::path store = scratch() / "progress.sqlite";
  fs::remove(store);
  const Split sweep = gwsim_split("sweep tests/data/sweeps/tiny-sweep.yaml -j 2 -o " + store.string());
  ASSERT_EQ(sweep.exit_code, 0) << sweep.err;
  EXPECT_NE(sweep.err.find("sweep: 24/24 replications (100.0%)"), std::string::npos) << sweep.err;
  EXPECT_TRUE(sweep.out.starts_with("sweep tiny-sweep: 24 replications")) << sweep.out;
  EXPECT_EQ(sweep.out.find("ETA"), std::string::npos) << sweep.out;
  fs::remove(store);
  const Split quiet = gwsim_split("sweep tests/data/sweeps/tiny-sweep.yaml -q -j 2 -o " + store.string());
  ASSERT_EQ(quiet.exit_code, 0) << quiet.err;
  EXPECT_EQ(quiet.err, "");
  EXPECT_EQ(quiet.out, sweep.out);

  // The report: a line per stage (reading, each chart, writing), numbered, with the elapsed time.
  const fs::path run = scratch() / "progress-report";
  fs::remove_all(run);
  ASSERT_EQ(gwsim_split("run " + tiny_scenario().string() + " -q -o " + run.string()).exit_code, 0);
  const Split report = gwsim_split("report " + run.string());
  ASSERT_EQ(report.exit_code, 0) << report.err;
  std::vector<std::string> stages;
  for (const std::string& line : lines_of(report.err)) {
    int k = 0, n = 0;
    char what[64] = {};
    if (std::sscanf(line.c_str(), "gwsim report: [%d/%d] %*d%% %63[^,]", &k, &n, what) == 3) {
      EXPECT_EQ(k, static_cast<int>(stages.size()) + 1) << line;
      stages.push_back(what);
    }
  }
  ASSERT_GE(stages.size(), 3u) << report.err;
  EXPECT_TRUE(stages.front().starts_with("reading")) << stages.front();
  EXPECT_NE(std::find(stages.begin(), stages.end(), "chart gw-live"), stages.end()) << report.err;
  EXPECT_NE(report.err.find("elapsed"), std::string::npos);
  EXPECT_TRUE(report.out.starts_with("report for tiny in ")) << report.out;
  EXPECT_EQ(lines_of(report.out).size(), 1u) << report.out;
  const Split quiet_report = gwsim_split("report -q --force " + run.string());
  ASSERT_EQ(quiet_report.exit_code, 0) << quiet_report.err;
  EXPECT_EQ(quiet_report.err, "");
  EXPECT_EQ(quiet_report.out, report.out);
  fs::remove_all(run);
}

}  // namespace
