// Sweeps as a user runs them: same results whatever the number of workers or shards, kill -9 then --resume gives
// the uninterrupted result, crashes and hangs are recorded and the sweep goes on.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <thread>

#include "sim/sweep/results_store.hpp"
#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;

using Result = gwsim::testing::CommandResult;
const auto sh = gwsim::testing::run_command;

std::string gwsim() { return GWSIM_BINARY; }

fs::path scratch(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("gwsim-sweep-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

const auto slurp = gwsim::testing::read_text;

// One row per replication, canonical order: the comparison key of two stores.
std::string replications_of(const fs::path& store) {
  const fs::path csv = store.string() + ".replications.csv";
  const Result r = sh(gwsim() + " results " + store.string() + " --replications-csv " + csv.string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  return slurp(csv);
}

TEST(SweepRun, SameResultsWithOneOrTwoWorkersAndAcrossShards) {
  const fs::path dir = scratch("jobs");
  const std::string spec = "tests/data/sweeps/tiny-sweep.yaml";
  const Result j1_run = sh(gwsim() + " sweep " + spec + " -j 1 -o " + (dir / "j1.sqlite").string());
  ASSERT_EQ(j1_run.exit_code, 0) << j1_run.out;
  // Not a terminal: plain progress lines, the last one complete.
  EXPECT_NE(j1_run.out.find("sweep: 24/24 replications (100.0%)"), std::string::npos) << j1_run.out;
  ASSERT_EQ(sh(gwsim() + " sweep " + spec + " -j 2 -o " + (dir / "j2.sqlite").string()).exit_code, 0);
  std::string merge_inputs;
  for (int i = 0; i < 3; ++i) {
    const fs::path shard = dir / ("shard" + std::to_string(i) + ".sqlite");
    const Result r = sh(gwsim() + " sweep " + spec + " -j 2 --shard " + std::to_string(i) + "/3 -o " + shard.string());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("8 replications in this shard"), std::string::npos) << r.out;  // 24 / 3
    merge_inputs += " " + shard.string();
  }
  const Result merged = sh(gwsim() + " merge " + (dir / "merged.sqlite").string() + merge_inputs);
  ASSERT_EQ(merged.exit_code, 0) << merged.out;

  const std::string j1 = replications_of(dir / "j1.sqlite");
  EXPECT_EQ(std::count(j1.begin(), j1.end(), '\n'), 25);  // header + 24 replications
  EXPECT_EQ(j1.find(",crashed,"), std::string::npos);
  EXPECT_EQ(replications_of(dir / "j2.sqlite"), j1);
  EXPECT_EQ(replications_of(dir / "merged.sqlite"), j1);
  // A replication taken out of the sweep is the run `gwsim run` makes with the same seed and replication: point 1
  // (what-if "base", lead time 3 weeks), replication 2.
  const fs::path single = dir / "single";
  const Result run = sh(gwsim() + " run tests/data/sweeps/tiny.yaml --quiet --set 'supply[0].lead_time=3 weeks' --seed 7 "
                                  "--replication 2 -o " + single.string());
  ASSERT_EQ(run.exit_code, 0) << run.out;
  const std::string summary = slurp(single / "summary.json");
  const auto row_start = j1.find("\n1,2,7,ok,");
  ASSERT_NE(row_start, std::string::npos);
  const std::string row = j1.substr(row_start + 1, j1.find('\n', row_start + 1) - row_start - 1);
  std::vector<std::string> cells;
  std::stringstream cells_in(row);
  for (std::string cell; std::getline(cells_in, cell, ',');) cells.push_back(cell);
  ASSERT_GE(cells.size(), 13u) << row;
  EXPECT_NE(summary.find("\"first_tokens_date\": \"" + cells[5] + "\""), std::string::npos) << row;
  EXPECT_NE(summary.find("\"racks\": " + cells[8] + ","), std::string::npos) << row;
  EXPECT_NE(summary.find("\"energy_mwh\": " + cells[12] + ","), std::string::npos) << row;
  // Replications run without SimGrid's energy plugin (their executions and power states too); `gwsim run` runs
  // with them. The outputs must not differ: peak power, carbon and water come out of the same integral.
  ASSERT_GE(cells.size(), 23u) << row;
  EXPECT_NE(summary.find("\"peak_facility_power_mw\": " + cells[15] + ","), std::string::npos) << row;
  EXPECT_NE(summary.find("\"co2_t\": " + cells[21] + ","), std::string::npos) << row;
  EXPECT_NE(summary.find("\"water_m3\": " + cells[22] + ","), std::string::npos) << row;
  EXPECT_EQ(summary.find("\"it_energy_mwh_simgrid_plugin\": null"), std::string::npos) << "a gwsim run has the plugin";
  // ... and the stored replications really ran without it.
  std::size_t stored = 0;
  gwsim::sweep::ResultsStore::open_read_only((dir / "j1.sqlite").string())
      .for_each_replication(
          [&](const gwsim::sweep::ReplicationRow& r) {
            ++stored;
            EXPECT_NE(r.summary_json.find("\"it_energy_mwh_simgrid_plugin\": null"), std::string::npos)
                << r.point << "/" << r.replication;
          },
          false);
  EXPECT_EQ(stored, 24u);
  // The draws differ between replications: not every replication has the same first-tokens date.
  std::set<std::string> lines;
  std::istringstream in(j1);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) lines.insert(line.substr(line.find(',', line.find(',', line.find(',') + 1) + 1)));
  EXPECT_GT(lines.size(), 4u);
  fs::remove_all(dir);
}

TEST(SweepRun, KilledAtRandomThenResumedGivesTheUninterruptedResult) {
  const fs::path dir = scratch("kill");
  const std::string spec = "tests/data/sweeps/tiny-many.yaml";
  ASSERT_EQ(sh(gwsim() + " sweep " + spec + " -j 2 -o " + (dir / "whole.sqlite").string()).exit_code, 0);
  const std::string whole = replications_of(dir / "whole.sqlite");
  std::mt19937 random(20261122);
  for (int round = 0; round < 5; ++round) {
    const fs::path store = dir / ("killed" + std::to_string(round) + ".sqlite");
    const pid_t pid = fork();
    if (pid == 0) {
      const std::string out = store.string();
      execl(GWSIM_BINARY, GWSIM_BINARY, "sweep", spec.c_str(), "-j", "2", "-o", out.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    const int delay_ms = std::uniform_int_distribution<int>(30, 900)(random);
    std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms));
    kill(pid, SIGKILL);
    int status = 0;
    waitpid(pid, &status, 0);
    const Result resumed = sh(gwsim() + " sweep " + spec + " -j 2 --resume -o " + store.string());
    ASSERT_EQ(resumed.exit_code, 0) << "round " << round << " (killed after " << delay_ms << " ms): " << resumed.out;
    EXPECT_EQ(replications_of(store), whole) << "round " << round << " (killed after " << delay_ms << " ms)";
  }
  fs::remove_all(dir);
}

TEST(SweepRun, CrashesAndHangsAreRecordedAndTheSweepGoesOn) {
  const fs::path dir = scratch("faults");
  const fs::path store = dir / "faults.sqlite";
  const Result r = sh("GWSIM_SWEEP_FAULT='crash@0:1,hang@1:2' " + gwsim() +
                      " sweep tests/data/sweeps/tiny-faults.yaml -j 2 -o " + store.string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("18 ok, 2 not ok"), std::string::npos) << r.out;  // 2 points x 10 replications
  const std::string rows = replications_of(store);
  // "killed by signal 11" in every build: the injected crash bypasses sanitizer handlers.
  EXPECT_NE(rows.find("\n0,1,11,crashed,"), std::string::npos) << rows.substr(0, 400);
  EXPECT_NE(rows.find("\n1,2,11,timeout,"), std::string::npos);
  fs::remove_all(dir);
}

// A worker that ends between two replications (after sending one result, before taking the next task) costs
// nothing: the next replication goes to a fresh worker, and the store equals an undisturbed sweep's.
TEST(SweepRun, AWorkerEndingBetweenReplicationsLosesNone) {
  const fs::path dir = scratch("worker-exit");
  const fs::path calm = dir / "calm.sqlite", disturbed = dir / "disturbed.sqlite";
  ASSERT_EQ(sh(gwsim() + " sweep tests/data/sweeps/tiny-faults.yaml -j 1 -o " + calm.string()).exit_code, 0);
  const Result r = sh("GWSIM_SWEEP_FAULT='exit@0:1,exit@0:4,exit@1:0' " + gwsim() +
                      " sweep tests/data/sweeps/tiny-faults.yaml -j 1 -o " + disturbed.string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("20 ok, 0 not ok"), std::string::npos) << r.out;
  EXPECT_EQ(replications_of(disturbed), replications_of(calm));
  fs::remove_all(dir);
}

TEST(SweepRun, ExistingStoreNeedsResumeAndBadShardIsRefused) {
  const fs::path dir = scratch("refuse");
  const std::string store = (dir / "s.sqlite").string();
  ASSERT_EQ(sh(gwsim() + " sweep tests/data/sweeps/tiny-sweep.yaml -o " + store).exit_code, 0);
  const Result again = sh(gwsim() + " sweep tests/data/sweeps/tiny-sweep.yaml -o " + store);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.out.find("--resume"), std::string::npos) << again.out;
  const Result resumed = sh(gwsim() + " sweep tests/data/sweeps/tiny-sweep.yaml --resume -o " + store);
  EXPECT_EQ(resumed.exit_code, 0);
  EXPECT_NE(resumed.out.find("24 already in the store, 0 ok"), std::string::npos) << resumed.out;
  const Result other = sh(gwsim() + " sweep tests/data/sweeps/tiny-many.yaml --resume -o " + store);
  EXPECT_EQ(other.exit_code, 2) << other.out;  // another sweep's store
  EXPECT_EQ(sh(gwsim() + " sweep tests/data/sweeps/tiny-sweep.yaml --shard 3/3 -o " + store).exit_code, 2);
  const Result dry = sh(gwsim() + " sweep tests/data/sweeps/tiny-sweep.yaml --dry-run");
  EXPECT_EQ(dry.exit_code, 0);
  EXPECT_NE(dry.out.find("4 points x 6 replications = 24"), std::string::npos) << dry.out;
  fs::remove_all(dir);
}

}  // namespace
