// A real crash: a child process fills a store batch after batch and is killed with SIGKILL after a random
// short delay, 20 times over the same file. After every kill the store must open, hold only whole batches,
// every stored summary must parse, and completed() must match the rows.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "sim/sweep/results_store.hpp"
#include "tests/results/fixtures.hpp"

namespace gwsim::sweep {
namespace {

using namespace gwsim::sweep::testing;

constexpr std::int64_t kPoints = 10;
constexpr std::int64_t kReplications = 1000;
constexpr std::size_t kBatch = 5;

ReplicationRow heavy_row(std::int64_t point, std::int64_t replication) {
  Figures f;
  f.first_tokens = "2026-07-29";
  f.gw_live = {"2027-06-08"};
  f.racks = static_cast<double>(point * kReplications + replication);
  ReplicationRow row = ok_row(point, replication, f);
  // A timeline of ~40 KB makes each batch span many pages, so kills land inside transactions.
  row.timeline_csv = "date,racks\n";
  for (int day = 0; day < 2000; ++day) row.timeline_csv += "2026-01-01," + std::to_string(day * 7 + replication) + "\n";
  return row;
}

// The child: resume the store, insert the missing rows batch by batch, forever or until the sweep is done.
[[noreturn]] void child(const std::string& path) {
  try {
    ResultsStore store = ResultsStore::open(path, identity(kPoints, kReplications), point_rows(kPoints), true);
    const auto done = store.completed();
    std::vector<ReplicationRow> batch;
    for (std::int64_t p = 0; p < kPoints; ++p)
      for (std::int64_t r = 0; r < kReplications; ++r) {
        if (done.contains({p, r})) continue;
        batch.push_back(heavy_row(p, r));
        if (batch.size() == kBatch) {
          store.insert(batch);
          batch.clear();
        }
      }
    if (!batch.empty()) store.insert(batch);
  } catch (...) {
    ::_exit(3);
  }
  ::_exit(0);
}

TEST(CrashSafety, StoreSurvivesSigkillMidInsert) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  std::random_device entropy;
  const unsigned seed = entropy();
  SCOPED_TRACE("delay seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> delay_us(1000, 40000);
  int killed = 0;
  std::size_t last_count = 0;
  // On a loaded machine a child may not commit a batch within the delay: each round that stores nothing doubles
  // the delays of the rounds after it (up to 64x), so the kills still come after some rows and mid-way.
  int scale = 1;
  for (int round = 0; round < 20; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const pid_t pid = ::fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) child(path);
    std::this_thread::sleep_for(std::chrono::microseconds(static_cast<std::int64_t>(delay_us(rng)) * scale));
    ::kill(pid, SIGKILL);
    int status = 0;
    ASSERT_EQ(::waitpid(pid, &status, 0), pid);
    if (WIFSIGNALED(status)) {
      ++killed;
    } else {
      ASSERT_TRUE(WIFEXITED(status));
      ASSERT_EQ(WEXITSTATUS(status), 0) << "the child failed";
    }
    if (!std::filesystem::exists(path)) {
      ASSERT_EQ(last_count, 0u) << "a store vanished";
      if (scale < 64) scale *= 2;
      continue;  // killed while creating: the store never appeared, which is fine
    }
    const ResultsStore store = ResultsStore::open_read_only(path);
    const std::vector<ReplicationRow> rows = store.replications();
    std::set<std::pair<std::int64_t, std::int64_t>> keys;
    for (const ReplicationRow& row : rows) {
      keys.emplace(row.point, row.replication);
      ASSERT_EQ(row.status, ReplicationStatus::kOk);
      const auto summary = nlohmann::json::parse(row.summary_json, nullptr, false);
      ASSERT_TRUE(summary.is_object()) << "point " << row.point << " replication " << row.replication;
      ASSERT_EQ(summary["final"]["racks"].get<double>(), static_cast<double>(row.point * kReplications + row.replication));
      ASSERT_EQ(row.timeline_csv, heavy_row(row.point, row.replication).timeline_csv);
    }
    EXPECT_EQ(store.completed(), keys);
    EXPECT_EQ(rows.size() % kBatch, 0u) << "a batch was stored in part";
    EXPECT_GE(rows.size(), last_count) << "rows were lost";
    // Rows fill (point, replication) in order, batch after batch: no holes.
    for (std::size_t i = 0; i < rows.size(); ++i) {
      ASSERT_EQ(rows[i].point, static_cast<std::int64_t>(i) / kReplications);
      ASSERT_EQ(rows[i].replication, static_cast<std::int64_t>(i) % kReplications);
    }
    if (rows.size() == last_count && scale < 64) scale *= 2;
    last_count = rows.size();
  }
  std::printf("%d of 20 children killed mid-way; %zu rows stored at the end\n", killed, last_count);
  EXPECT_GE(killed, 15) << "too few children were killed mid-way for the test to mean much";
  EXPECT_GT(last_count, 0u);
  EXPECT_LT(last_count, static_cast<std::size_t>(kPoints * kReplications));
  // The store reopens for writing after the last kill.
  EXPECT_NO_THROW(ResultsStore::open(path, identity(kPoints, kReplications), point_rows(kPoints), true));
}

}  // namespace
}  // namespace gwsim::sweep
