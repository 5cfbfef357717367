// The gwsim command as a user runs it: exit codes, what goes to stdout and stderr, what is (not) written.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/output/fields.hpp"
#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;

using Result = gwsim::testing::CommandResult;

Result gwsim(const std::string& args) { return gwsim::testing::run_command(std::string(GWSIM_BINARY) + " " + args); }

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("gwsim-cli-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

std::string first_line(const fs::path& file) {
  const std::string text = gwsim::testing::read_text(file);
  return text.substr(0, text.find('\n'));
}

std::string header_of(const std::vector<const gwsim::StateField*>& columns) {
  std::string h;
  for (const auto* c : columns) h += (h.empty() ? "" : ",") + c->info.name;
  return h;
}

TEST(Cli, HelpAndVersionAreAnsweredByGwsim) {
  const Result help = gwsim("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("run"), std::string::npos);
  EXPECT_NE(help.out.find("validate"), std::string::npos);
  EXPECT_NE(help.out.find("catalog"), std::string::npos);
  const Result version = gwsim("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, std::string("gwsim ") + GWSIM_VERSION + "\n");
  const Result run_help = gwsim("run --help");
  EXPECT_EQ(run_help.exit_code, 0);
  EXPECT_NE(run_help.out.find("--set"), std::string::npos);
  EXPECT_NE(run_help.out.find("1h"), std::string::npos);  // --step takes hours
  EXPECT_EQ(run_help.out.find("SimGrid (version"), std::string::npos);  // not SimGrid's own help
}

TEST(Cli, CatalogListsThePlatforms) {
  const Result r = gwsim("catalog");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* id : {"hgx_h100", "gb200_nvl72", "gb300_nvl72", "vera_rubin_nvl72", "rubin_ultra_nvl576"}) {
    EXPECT_NE(r.out.find(id), std::string::npos) << id;
  }
  // The convention in the header; dense FP8 per GW of facility power at PUE 1.2 and 15% non-GPU IT: GB300 135 kW
  // -> 5,246.9 racks x 360 PF = 1,889 EF; Vera Rubin 227 kW -> 3,120.4 racks x 1,200 PF = 3,744 EF.
  EXPECT_NE(r.out.find("FLOPS are dense PFLOP/s (no 2:4 sparsity"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FP8_dense_PF"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FP8_dense_EF/GW"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("8.00           1889 liquid"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("22.00           3744 liquid"), std::string::npos) << r.out;
  const Result sources = gwsim("catalog --sources");
  EXPECT_NE(sources.out.find("Bernstein"), std::string::npos);
  EXPECT_NE(sources.out.find("Specifications 1/2 lower without sparsity"), std::string::npos);
}

TEST(Cli, MissingSubcommandOrUnknownOptionIsInvalidInput) {
  EXPECT_EQ(gwsim("").exit_code, 2);
  EXPECT_EQ(gwsim("frobnicate").exit_code, 2);
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml --frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--frobnicate"), std::string::npos);
}

TEST(Cli, ValidateAcceptsTheShippedScenarios) {
  for (const char* s : {"scenarios/first-tranche-2026.yaml", "scenarios/rollout-10gw.yaml",
                        "scenarios/rollout-10gw-transformer-delay.yaml", "scenarios/rollout-10gw-2026-terms.yaml"}) {
    const Result r = gwsim(std::string("validate ") + s);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("valid"), std::string::npos);
  }
}

TEST(Cli, InvalidScenarioExitsTwoAndWritesNothing) {
  const fs::path dir = fresh_dir("invalid");
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml --set sites[0].pue=0.5 -o " + dir.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--set:1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sites[0].pue"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nothing was run or written"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(gwsim("run no/such/file.yaml -o " + dir.string()).exit_code, 2);
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(gwsim("run scenarios/first-tranche-2026.yaml --step 1fortnight -o " + dir.string()).exit_code, 2);
  EXPECT_FALSE(fs::exists(dir));
  // Hourly steps must divide the day; --step goes through the scenario's own check.
  const Result five_hours = gwsim("run scenarios/first-tranche-2026.yaml --step 5h -o " + dir.string());
  EXPECT_EQ(five_hours.exit_code, 2);
  EXPECT_NE(five_hours.out.find("output_step: expected an output step"), std::string::npos) << five_hours.out;
  EXPECT_NE(five_hours.out.find("found '5h'"), std::string::npos) << five_hours.out;
  EXPECT_FALSE(fs::exists(dir));
}

// Plan contradictions are warnings: printed like errors, and the run goes on (exit 0). --strict makes them errors
// on run, validate and sweep: exit 2, nothing run or written.
TEST(Cli, WarningsAreReportedAndStrictMakesThemErrors) {
  const std::string scenario = "tests/data/warnings/crews_too_slow.yaml";
  const std::string where = scenario + ":7:29: ";
  const std::string what = "sites[0].install_racks_per_week: the crews install at most 260 racks";
  const fs::path dir = fresh_dir("warned");
  const Result run = gwsim("run " + scenario + " -q -o " + dir.string());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find(where + "warning: " + what), std::string::npos) << run.out;
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  fs::remove_all(dir);

  const fs::path strict_dir = fresh_dir("strict");
  const Result strict = gwsim("run " + scenario + " --strict -o " + strict_dir.string());
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(strict.out.find(where + "error: " + what), std::string::npos) << strict.out;
  EXPECT_NE(strict.out.find("1 error in " + scenario + " (warnings are errors with --strict); nothing was run or "
                            "written."),
            std::string::npos)
      << strict.out;
  EXPECT_FALSE(fs::exists(strict_dir));

  const Result validate = gwsim("validate " + scenario);
  EXPECT_EQ(validate.exit_code, 0);
  EXPECT_NE(validate.out.find("valid (1 sites, 1 halls, 1 tranches, 1 supply lines, 2026-01-01 to 2026-12-31), with "
                              "1 warning"),
            std::string::npos)
      << validate.out;
  EXPECT_EQ(gwsim("validate --strict " + scenario).exit_code, 2);

  const fs::path sweep_dir = fresh_dir("strict-sweep");
  fs::create_directories(sweep_dir);
  {
    std::ofstream spec(sweep_dir / "spec.yaml");
    spec << "name: warned\nscenario: " << (fs::current_path() / scenario).string() << "\nseed: 1\nreplications: 1\n";
  }
  const std::string spec = (sweep_dir / "spec.yaml").string();
  const Result dry = gwsim("sweep " + spec + " --dry-run");
  EXPECT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_NE(dry.out.find("warning: " + what), std::string::npos) << dry.out;
  const Result strict_sweep = gwsim("sweep " + spec + " --strict -o " + (sweep_dir / "r.sqlite").string());
  EXPECT_EQ(strict_sweep.exit_code, 2) << strict_sweep.out;
  EXPECT_NE(strict_sweep.out.find("error: " + what), std::string::npos) << strict_sweep.out;
  EXPECT_FALSE(fs::exists(sweep_dir / "r.sqlite"));
  fs::remove_all(sweep_dir);
}

// The printed summary says what summary.json says: each key date with what gated it and its slack, and the run's
// utilization, compute per GW and demand, not only the last day's.
TEST(Cli, PrintedSummaryShowsWhatGatedEachDateAndTheRunsAverages) {
  const fs::path dir = fresh_dir("printed");
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml -o " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const nlohmann::json s = nlohmann::json::parse(gwsim::testing::read_text(dir / "summary.json"));
  ASSERT_GE(s["milestones"].size(), 3u);
  for (const auto& m : s["milestones"]) {
    const std::string slack = "(slack " + std::to_string(m["slack_days"].get<int>()) + " day";
    const auto& g = m["gated_by"];
    bool found = false;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      found = found || (line.find(m["date"].get<std::string>()) != std::string::npos &&
                        line.find(g["site"].get<std::string>()) != std::string::npos &&
                        line.find(g["item"].get<std::string>()) != std::string::npos &&
                        line.find(slack) != std::string::npos);
    }
    EXPECT_TRUE(found) << m.dump() << "\n" << r.out;
  }
  char expected[200];
  const auto& u = s["utilization"];
  std::snprintf(expected, sizeof expected, "%.1f%% over the run, %.1f%% while racks were live; peak %.1f%% (%s)",
                100 * u["average"].get<double>(), 100 * u["average_while_live"].get<double>(),
                100 * u["peak"].get<double>(), u["peak_at"].get<std::string>().c_str());
  EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  EXPECT_NE(r.out.find("GW on the IT basis"), std::string::npos);
  // With thousands separators: 4,493.4 for the first tranche's 4,493.392 EFLOP/s per GW.
  const double per_gw = s["eflops_fp8_per_gw"].get<double>();
  ASSERT_GE(per_gw, 1000.0);
  ASSERT_LT(per_gw, 10000.0);
  std::snprintf(expected, sizeof expected, "compute per GW      %d,%05.1f EFLOP/s FP8 per GW live (IT basis)",
                static_cast<int>(per_gw / 1000), per_gw - 1000.0 * static_cast<int>(per_gw / 1000));
  EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  EXPECT_NE(r.out.find("EFLOP/s on average; peak"), std::string::npos);
  fs::remove_all(dir);
}

TEST(Cli, RunWritesTheFourFilesWithTheDocumentedColumns) {
  const fs::path dir = fresh_dir("run");
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml --step 1w -o " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("first tokens"), std::string::npos);
  EXPECT_NE(r.out.find("Files in " + dir.string()), std::string::npos);
  EXPECT_EQ(first_line(dir / "timeline.csv"), header_of(gwsim::timeline_fields()));
  EXPECT_EQ(first_line(dir / "sites.csv"), header_of(gwsim::site_fields()));
  EXPECT_EQ(first_line(dir / "events.csv"), "date,kind,site,item,value,unit,value2,unit2,detail");
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  fs::remove_all(dir);
}

TEST(Cli, SameInputsGiveByteIdenticalFiles) {
  const fs::path a = fresh_dir("same-a"), b = fresh_dir("same-b");
  ASSERT_EQ(gwsim("run scenarios/first-tranche-2026.yaml --quiet -o " + a.string()).exit_code, 0);
  ASSERT_EQ(gwsim("run scenarios/first-tranche-2026.yaml --quiet -o " + b.string()).exit_code, 0);
  for (const char* f : {"timeline.csv", "sites.csv", "events.csv", "summary.json"}) {
    const std::string ca = gwsim::testing::read_text(a / f), cb = gwsim::testing::read_text(b / f);
    EXPECT_FALSE(ca.empty()) << f;
    EXPECT_EQ(ca, cb) << f;
  }
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(Cli, QuietPrintsNothingAndSimGridOptionsPassThrough) {
  const fs::path dir = fresh_dir("quiet");
  const Result r =
      gwsim("run scenarios/first-tranche-2026.yaml --quiet --cfg=contexts/stack-size:8192 -o " + dir.string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "");
  // The setting reaches SimGrid: at info level SimGrid reports applying it.
  const Result logged = gwsim("run scenarios/first-tranche-2026.yaml --quiet --force --cfg=contexts/stack-size:8192 "
                              "--log=root.thres:info -o " + dir.string());
  EXPECT_EQ(logged.exit_code, 0) << logged.out;
  EXPECT_NE(logged.out.find("Configuration change: Set 'contexts/stack-size' to '8192'"), std::string::npos)
      << logged.out;
  fs::remove_all(dir);
}

// SimGrid aborts on these; gwsim refuses them before anything runs.
TEST(Cli, SimGridSettingsThatWouldAbortAreRefused) {
  const fs::path dir = fresh_dir("cfg");
  for (const char* bad : {"--cfg=host/model:ptask_L07", "--cfg=contexts/factory:nonsense",
                          "--cfg=contexts/stack-size:abc", "--cfg=no/such:key", "--log=nonsense"}) {
    const Result r = gwsim(std::string("run scenarios/first-tranche-2026.yaml --quiet ") + bad + " -o " + dir.string());
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.out;
    EXPECT_NE(r.out.find(std::string("unexpected argument '") + bad + "'"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(dir / "summary.json"));
  }
  fs::remove_all(dir);
}

TEST(Cli, VerboseLogsMilestonesWithTheSimulatedDate) {
  const fs::path dir = fresh_dir("verbose");
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml --quiet -v -o " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // The log line's date is the simulated one, the same day summary.json gives for first tokens.
  const std::string text = gwsim::testing::read_text(dir / "summary.json");
  const auto key = text.find("\"first_tokens_date\": \"");
  ASSERT_NE(key, std::string::npos);
  const std::string date = text.substr(key + 22, 10);
  EXPECT_NE(r.out.find("[" + date + " 12h] [engine] [info] site-a first_tokens: first pod live"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("[debug]"), std::string::npos);  // -v is info; -vv adds debug
  fs::remove_all(dir);
}

TEST(Cli, OutputFolderThatIsAFileIsInvalidInput) {
  const fs::path file = fresh_dir("a-file");
  std::ofstream(file) << "not a folder";
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml -o " + file.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("cannot use output folder '" + file.string() + "'"), std::string::npos) << r.out;
  std::ifstream in(file);
  std::string content;
  std::getline(in, content);
  EXPECT_EQ(content, "not a folder");  // untouched
  fs::remove(file);
}

TEST(Cli, ReplicationChoosesTheDrawsAndIsRecorded) {
  const fs::path a = fresh_dir("rep-a"), b = fresh_dir("rep-b"), c = fresh_dir("rep-c");
  const std::string base = "run scenarios/first-tranche-2026-uncertain.yaml --quiet --step 1mo ";
  ASSERT_EQ(gwsim(base + "--replication 3 -o " + a.string()).exit_code, 0);
  ASSERT_EQ(gwsim(base + "--replication 3 -o " + b.string()).exit_code, 0);
  ASSERT_EQ(gwsim(base + "--replication 4 -o " + c.string()).exit_code, 0);
  const auto read = gwsim::testing::read_text;
  const std::string sa = read(a / "summary.json");
  EXPECT_EQ(sa, read(b / "summary.json"));             // same seed and replication: the same run
  EXPECT_NE(sa, read(c / "summary.json"));             // another replication: other draws
  EXPECT_NE(sa.find("\"replication\": 3"), std::string::npos);
  EXPECT_NE(sa.find("\"draws.transformer_slip\": "), std::string::npos) << sa.substr(sa.find("draws"), 200);
  fs::remove_all(a);
  fs::remove_all(b);
  fs::remove_all(c);
}

// Output steps that divide each other agree at their common dates: every weekly and monthly row is the daily
// row of the same date, byte for byte (timeline.csv and sites.csv).
TEST(Cli, OutputStepsAgreeAtCommonDates) {
  const fs::path daily = fresh_dir("step-d"), weekly = fresh_dir("step-w"), monthly = fresh_dir("step-mo");
  const std::string run = "run scenarios/first-tranche-2026.yaml --quiet --step ";
  ASSERT_EQ(gwsim(run + "1d -o " + daily.string()).exit_code, 0);
  ASSERT_EQ(gwsim(run + "1w -o " + weekly.string()).exit_code, 0);
  ASSERT_EQ(gwsim(run + "1mo -o " + monthly.string()).exit_code, 0);
  for (const char* file : {"timeline.csv", "sites.csv"}) {
    std::set<std::string> daily_rows;
    std::istringstream all(gwsim::testing::read_text(daily / file));
    for (std::string line; std::getline(all, line);) daily_rows.insert(line);
    for (const fs::path& coarse : {weekly, monthly}) {
      std::istringstream rows(gwsim::testing::read_text(coarse / file));
      std::size_t checked = 0;
      for (std::string line; std::getline(rows, line); ++checked) {
        EXPECT_TRUE(daily_rows.count(line)) << coarse / file << ": no daily row equals " << line;
      }
      EXPECT_GT(checked, 20u);
    }
  }
  fs::remove_all(daily);
  fs::remove_all(weekly);
  fs::remove_all(monthly);
}

TEST(Cli, NonEmptyOutputFolderNeedsForce) {
  const fs::path dir = fresh_dir("force");
  fs::create_directories(dir);
  std::ofstream(dir / "notes.txt") << "mine";
  const Result refused = gwsim("run scenarios/first-tranche-2026.yaml --quiet --step 1mo -o " + dir.string());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.out.find("is not empty; add --force"), std::string::npos) << refused.out;
  EXPECT_FALSE(fs::exists(dir / "summary.json"));
  const Result forced = gwsim("run scenarios/first-tranche-2026.yaml --quiet --step 1mo --force -o " + dir.string());
  EXPECT_EQ(forced.exit_code, 0) << forced.out;
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  EXPECT_EQ(gwsim::testing::read_text(dir / "notes.txt"), "mine");  // other files are left alone
  fs::remove_all(dir);
}

TEST(Cli, RerunRepeatsARunByteForByteAndRefusesAChangedScenario) {
  const fs::path dir = fresh_dir("rerun");
  fs::create_directories(dir);
  // A private copy of the scenario, so that it can be changed afterwards.
  const fs::path scenario = dir / "scenario.yaml";
  fs::copy_file("scenarios/first-tranche-2026.yaml", scenario);
  const fs::path run = dir / "run";
  ASSERT_EQ(gwsim("run " + scenario.string() + " --quiet --step 1w --seed 9 --set sites[0].pue=1.3 -o " + run.string())
                .exit_code,
            0);
  const Result again = gwsim("rerun " + (run / "summary.json").string());
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("byte-identical to the original: timeline.csv sites.csv events.csv finance.csv summary.json"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(gwsim::testing::read_text(run / "rerun" / "timeline.csv"), gwsim::testing::read_text(run / "timeline.csv"));
  std::ofstream(scenario, std::ios::app) << "\n# edited after the run\n";
  const Result changed = gwsim("rerun " + (run / "summary.json").string() + " -o " + (dir / "second").string());
  EXPECT_EQ(changed.exit_code, 2);
  EXPECT_NE(changed.out.find("changed since the run"), std::string::npos) << changed.out;
  EXPECT_FALSE(fs::exists(dir / "second" / "summary.json"));
  EXPECT_EQ(gwsim("rerun " + (dir / "scenario.yaml").string()).exit_code, 2);  // not a summary.json
  fs::remove_all(dir);
}

// A full disk, simulated with a file-size limit (ulimit -f 6: 6 KiB, SIGXFSZ ignored so writes fail with EFBIG):
// the first file (timeline.csv, ~4 KB at monthly steps) fits, the second (sites.csv, ~7.6 KB) does not. The run fails with a clear message and the folder keeps no file at all.
TEST(Cli, FullDiskLeavesNoFileBehind) {
  const fs::path dir = fresh_dir("full");
  const gwsim::testing::CommandResult r = gwsim::testing::run_command(
      "bash -c \"trap '' XFSZ; ulimit -f 6; " + std::string(GWSIM_BINARY) +
      " run scenarios/first-tranche-2026.yaml --quiet --step 1mo -o " + dir.string() + "\"");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("cannot write " + dir.string() + "/sites.csv"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("File too large"), std::string::npos) << r.out;
  ASSERT_TRUE(fs::is_directory(dir));
  EXPECT_TRUE(fs::is_empty(dir)) << "files left in " << dir;
  fs::remove_all(dir);
}

}  // namespace
