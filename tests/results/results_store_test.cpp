#include "sim/sweep/results_store.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdint>
#include <fstream>
#include <limits>

#include "sim/sweep/results_report.hpp"
#include "tests/results/fixtures.hpp"

namespace gwsim::sweep {
namespace {

using namespace gwsim::sweep::testing;
using Keys = std::set<std::pair<std::int64_t, std::int64_t>>;

std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const StoreError& e) {
    return e.what();
  }
  return "(no StoreError)";
}

TEST(ResultsStore, CreatesAndReadsBackIdentityAndPoints) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  {
    ResultsStore store = ResultsStore::open(path, identity(3, 4), point_rows(3), false);
    EXPECT_EQ(store.path(), path);
    EXPECT_TRUE(store.completed().empty());
  }
  const ResultsStore store = ResultsStore::open_read_only(path);
  const SweepIdentity id = store.identity();
  EXPECT_EQ(id.spec_sha256, "aaa111");
  EXPECT_EQ(id.spec_name, "pue-sweep");
  EXPECT_EQ(id.spec_text, identity(3, 4).spec_text);
  EXPECT_EQ(id.gwsim_version, "0.1.0");
  EXPECT_EQ(id.points, 3);
  EXPECT_EQ(id.replications_per_point, 4);
  EXPECT_EQ(store.points(), point_rows(3));
  EXPECT_TRUE(store.replications().empty());
}

TEST(ResultsStore, CreationLeavesNoTemporaryFile) {
  ScratchDir dir;
  { ResultsStore::open(dir.file("sweep.db"), identity(1, 1), point_rows(1), false); }
  std::vector<std::string> names;
  for (const auto& entry : std::filesystem::directory_iterator(dir.path())) names.push_back(entry.path().filename());
  EXPECT_EQ(names, std::vector<std::string>{"sweep.db"});
}

TEST(ResultsStore, RefusesAnExistingFileWithoutResume) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  { ResultsStore::open(path, identity(2, 2), point_rows(2), false); }
  EXPECT_EQ(error_of([&] { ResultsStore::open(path, identity(2, 2), point_rows(2), false); }),
            "results store " + path + " already exists: use --resume to continue it, or choose another file");
  // Any existing file, not only a store.
  const std::string other = dir.file("notes.txt");
  std::ofstream(other) << "hello\n";
  EXPECT_EQ(error_of([&] { ResultsStore::open(other, identity(2, 2), point_rows(2), false); }),
            "results store " + other + " already exists: use --resume to continue it, or choose another file");
}

TEST(ResultsStore, ResumeReopensTheSameSweep) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  {
    ResultsStore store = ResultsStore::open(path, identity(2, 3), point_rows(2), false);
    store.insert({ok_row(0, 0), ok_row(1, 2)});
  }
  const ResultsStore store = ResultsStore::open(path, identity(2, 3), point_rows(2), true);
  EXPECT_EQ(store.completed(), (Keys{{0, 0}, {1, 2}}));
}

TEST(ResultsStore, ResumeWithoutAFileCreatesIt) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  const ResultsStore store = ResultsStore::open(path, identity(1, 2), point_rows(1), true);
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_TRUE(store.completed().empty());
}

TEST(ResultsStore, ResumeRefusesAnotherSweep) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  { ResultsStore::open(path, identity(2, 3, "aaa111"), point_rows(2), false); }
  EXPECT_EQ(error_of([&] { ResultsStore::open(path, identity(2, 3, "bbb222"), point_rows(2), true); }),
            "results store " + path +
                " belongs to another sweep (spec sha256 aaa111), not to this one (spec sha256 bbb222): use another "
                "file");
  EXPECT_EQ(error_of([&] { ResultsStore::open(path, identity(2, 4), point_rows(2), true); }),
            "results store " + path +
                " was made for 2 points x 3 replications (spec sha256 aaa111), this sweep has 2 points x 4 "
                "replications (spec sha256 aaa111): use another file");
  std::vector<PointRow> renamed = point_rows(2);
  renamed[1].name = "other";
  EXPECT_EQ(error_of([&] { ResultsStore::open(path, identity(2, 3), renamed, true); }),
            "results store " + path +
                " was made with other points than this sweep's (spec sha256 aaa111 in both): use another file");
}

TEST(ResultsStore, RefusesFilesThatAreNotStores) {
  ScratchDir dir;
  const std::string text = dir.file("notes.txt");
  std::ofstream(text) << "this is not SQLite, just some words long enough to fill a header........................\n";
  EXPECT_EQ(error_of([&] { ResultsStore::open_read_only(text); }), text + " is not a gwsim results store");
  EXPECT_EQ(error_of([&] { ResultsStore::open(text, identity(1, 1), point_rows(1), true); }),
            text + " is not a gwsim results store");
  const std::string empty = dir.file("empty.db");
  std::ofstream(empty).flush();
  EXPECT_EQ(error_of([&] { ResultsStore::open_read_only(empty); }), empty + " is not a gwsim results store");
  const std::string missing = dir.file("missing.db");
  EXPECT_EQ(error_of([&] { ResultsStore::open_read_only(missing); }), "results store " + missing + " does not exist");
}

TEST(ResultsStore, RefusesAnInconsistentIdentity) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  EXPECT_EQ(error_of([&] { ResultsStore::open(path, identity(3, 2), point_rows(2), false); }),
            "sweep identity: 3 points declared but 2 point rows given");
  EXPECT_EQ(error_of([&] { ResultsStore::open(path, identity(0, 2), {}, false); }),
            "sweep identity: a sweep needs at least 1 point and 1 replication per point, not 0 x 2");
  EXPECT_EQ(error_of([&] { ResultsStore::open(path, identity(1, 1, ""), point_rows(1), false); }),
            "sweep identity: the spec's sha256 is empty");
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST(ResultsStore, InsertThenCompletedAndRowsRoundTrip) {
  ScratchDir dir;
  ResultsStore store = ResultsStore::open(dir.file("sweep.db"), identity(2, 3), point_rows(2), false);
  Figures figures;
  figures.first_tokens = "2026-07-29";
  ReplicationRow big_seed = ok_row(1, 0, figures);
  big_seed.seed = std::numeric_limits<std::uint64_t>::max();
  big_seed.timeline_csv = "date,racks\n2026-07-29,16\n";
  const ReplicationRow failed = failed_row(0, 2, ReplicationStatus::kFailed, "engine: \"boom\", at day 3\nsecond line");
  store.insert({big_seed, failed});
  store.insert({ok_row(0, 1)});
  store.insert({});  // nothing to do
  EXPECT_EQ(store.completed(), (Keys{{0, 1}, {0, 2}, {1, 0}}));
  const std::vector<ReplicationRow> rows = store.replications();
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], ok_row(0, 1));  // ordered by point, replication
  EXPECT_EQ(rows[1], failed);
  EXPECT_EQ(rows[2], big_seed);
  // Streaming without timelines.
  std::vector<std::string> timelines;
  store.for_each_replication([&](const ReplicationRow& r) { timelines.push_back(r.timeline_csv); }, false);
  EXPECT_EQ(timelines, (std::vector<std::string>{"", "", ""}));
}

TEST(ResultsStore, ADuplicateKeepsNothingOfTheBatch) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  ResultsStore store = ResultsStore::open(path, identity(1, 5), point_rows(1), false);
  store.insert({ok_row(0, 0)});
  // Already stored.
  EXPECT_EQ(error_of([&] { store.insert({ok_row(0, 1), ok_row(0, 2), ok_row(0, 0), ok_row(0, 3)}); }),
            "cannot store point 0 replication 0 in " + path +
                ": it is already stored; nothing of this batch of 4 rows was stored");
  EXPECT_EQ(store.completed(), (Keys{{0, 0}}));
  // Twice in the batch.
  EXPECT_EQ(error_of([&] { store.insert({ok_row(0, 1), ok_row(0, 2), ok_row(0, 1)}); }),
            "cannot store point 0 replication 1 in " + path +
                ": it is twice in the batch; nothing of this batch of 3 rows was stored");
  EXPECT_EQ(store.completed(), (Keys{{0, 0}}));
  // The store still works afterwards, and nothing of the failed batches shows up after reopening.
  store.insert({ok_row(0, 4)});
  store = ResultsStore::open_read_only(path);  // a second writer would be refused while this one lives
  EXPECT_EQ(store.completed(), (Keys{{0, 0}, {0, 4}}));
}

TEST(ResultsStore, RefusesRowsThatBreakTheContract) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  ResultsStore store = ResultsStore::open(path, identity(2, 3), point_rows(2), false);
  const std::string prefix = "cannot store point ";
  const std::string note = "; nothing of this batch of 2 rows was stored";
  const auto refused = [&](const ReplicationRow& bad) { return error_of([&] { store.insert({ok_row(0, 0), bad}); }); };
  EXPECT_EQ(refused(ok_row(2, 0)), prefix + "2 replication 0 in " + path + ": the sweep has no point 2" + note);
  EXPECT_EQ(refused(ok_row(1, 3)), prefix + "1 replication 3 in " + path + ": replication 3 is outside 0..2" + note);
  EXPECT_EQ(refused(ok_row(1, -1)), prefix + "1 replication -1 in " + path + ": replication -1 is outside 0..2" + note);
  ReplicationRow no_summary = ok_row(1, 0);
  no_summary.summary_json.clear();
  EXPECT_EQ(refused(no_summary), prefix + "1 replication 0 in " + path + ": an ok row needs its summary.json text" + note);
  ReplicationRow torn = ok_row(1, 0);
  torn.summary_json.resize(torn.summary_json.size() / 2);
  EXPECT_EQ(refused(torn), prefix + "1 replication 0 in " + path + ": its summary.json text is not a JSON object" + note);
  // Valid JSON that is not an object, and an object with text after it, are refused alike.
  for (const char* text : {" [1, 2]", "\"text\"", "{} {}", "{\"a\": 1} x"}) {
    ReplicationRow not_object = ok_row(1, 0);
    not_object.summary_json = text;
    EXPECT_EQ(refused(not_object),
              prefix + "1 replication 0 in " + path + ": its summary.json text is not a JSON object" + note)
        << text;
  }
  ReplicationRow ok_with_error = ok_row(1, 0);
  ok_with_error.error = "oops";
  EXPECT_EQ(refused(ok_with_error),
            prefix + "1 replication 0 in " + path + ": an ok row carries an error (\"oops\")" + note);
  ReplicationRow failed_with_summary = failed_row(1, 0, ReplicationStatus::kTimeout, "over 600 s");
  failed_with_summary.summary_json = "{}";
  EXPECT_EQ(refused(failed_with_summary),
            prefix + "1 replication 0 in " + path + ": a row with status timeout carries a summary.json text" + note);
  EXPECT_TRUE(store.completed().empty());
}

// Runs SQL on a store as a program other than gwsim could; returns SQLite's result code.
int raw_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  int rc = sqlite3_open(path.c_str(), &db);
  if (rc == SQLITE_OK) rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  sqlite3_close(db);
  return rc;
}

// Statuses are an enum inside the program; where they leave it, the store's CHECK takes exactly the enum's names,
// and reading a name the enum lacks (a store edited past the CHECK, or written by another program) is refused
// with the row and the statuses this gwsim knows.
TEST(ResultsStore, StatusesAreTheEnumsNamesAndAnUnknownOneIsRefused) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  {
    ResultsStore store = ResultsStore::open(path, identity(1, 3), point_rows(1), false);
    store.insert({ok_row(0, 0), failed_row(0, 1, ReplicationStatus::kTimeout, "over 600 s")});
  }
  EXPECT_EQ(raw_sql(path, "INSERT INTO replications VALUES (0, 2, 7, 'exploded', 'x', '', '')"), SQLITE_CONSTRAINT);
  for (const char* name : {"ok", "failed", "invalid", "crashed", "timeout"}) {
    EXPECT_EQ(raw_sql(path, std::string("BEGIN; INSERT INTO replications VALUES (0, 2, 7, '") + name +
                                "', '', '', ''); ROLLBACK"),
              SQLITE_OK)
        << name;
  }
  ASSERT_EQ(raw_sql(path, "PRAGMA ignore_check_constraints = ON; "
                          "UPDATE replications SET status = 'exploded' WHERE replication = 1"),
            SQLITE_OK);
  const ResultsStore store = ResultsStore::open_read_only(path);
  const std::string message = "results store " + path +
                              ": point 0 replication 1 has status \"exploded\", which this gwsim does not know (it "
                              "knows ok, failed, invalid, crashed or timeout)";
  EXPECT_EQ(error_of([&] { store.replications(); }), message);
  EXPECT_EQ(error_of([&] { results_text(store); }), message);
}

TEST(ResultsStore, ReadOnlyStoresRefuseInserts) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  { ResultsStore::open(path, identity(1, 1), point_rows(1), false); }
  ResultsStore store = ResultsStore::open_read_only(path);
  EXPECT_EQ(error_of([&] { store.insert({ok_row(0, 0)}); }), "results store " + path + " is open read-only");
}

TEST(ResultsStore, ReadersSeeRowsWhileTheWriterIsOpen) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  ResultsStore writer = ResultsStore::open(path, identity(1, 3), point_rows(1), false);
  writer.insert({ok_row(0, 0)});
  const ResultsStore reader = ResultsStore::open_read_only(path);
  EXPECT_EQ(reader.completed(), (Keys{{0, 0}}));
  writer.insert({ok_row(0, 1)});
  EXPECT_EQ(reader.completed(), (Keys{{0, 0}, {0, 1}}));
}

TEST(ResultsStore, IsMovable) {
  ScratchDir dir;
  ResultsStore a = ResultsStore::open(dir.file("a.db"), identity(1, 2), point_rows(1), false);
  a.insert({ok_row(0, 0)});
  ResultsStore b = std::move(a);
  EXPECT_EQ(b.completed(), (Keys{{0, 0}}));
  ResultsStore c = ResultsStore::open(dir.file("c.db"), identity(1, 2), point_rows(1), false);
  c = std::move(b);
  EXPECT_EQ(c.path(), dir.file("a.db"));
  c.insert({ok_row(0, 1)});
  EXPECT_EQ(c.completed(), (Keys{{0, 0}, {0, 1}}));
}

// A run stopped mid-way (the store object goes away between batches, as when the parent is interrupted):
// reopening with resume finds exactly the batches inserted.
TEST(ResultsStore, AnInterruptedRunResumesWithExactlyWhatWasStored) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  Keys inserted;
  {
    ResultsStore store = ResultsStore::open(path, identity(3, 10), point_rows(3), false);
    for (std::int64_t batch = 0; batch < 4; ++batch) {
      std::vector<ReplicationRow> rows;
      for (std::int64_t i = 0; i < 4; ++i) {
        const std::int64_t n = batch * 4 + i;
        rows.push_back(ok_row(n % 3, n / 3));
        inserted.emplace(n % 3, n / 3);
      }
      store.insert(rows);
    }
    EXPECT_THROW(store.insert({ok_row(2, 9), ok_row(0, 0)}), StoreError);  // a failed batch on the way
  }
  ResultsStore store = ResultsStore::open(path, identity(3, 10), point_rows(3), true);
  EXPECT_EQ(store.completed(), inserted);
  std::vector<ReplicationRow> rest;
  for (std::int64_t p = 0; p < 3; ++p)
    for (std::int64_t r = 0; r < 10; ++r)
      if (!inserted.contains({p, r})) rest.push_back(ok_row(p, r));
  store.insert(rest);
  EXPECT_EQ(store.completed().size(), 30u);
}

// --- merge ---

std::vector<ReplicationRow> all_rows(std::int64_t points, std::int64_t replications) {
  std::vector<ReplicationRow> rows;
  for (std::int64_t p = 0; p < points; ++p)
    for (std::int64_t r = 0; r < replications; ++r) {
      if ((p + r) % 4 == 3) {
        rows.push_back(failed_row(p, r, ReplicationStatus::kInvalid, "sites[0].pue: 0.9 is below 1"));
      } else {
        Figures f;
        f.first_tokens = "2026-07-" + std::to_string(10 + r);
        f.gw_live = {"2027-0" + std::to_string(1 + p) + "-15"};
        f.racks = 3000.0 + static_cast<double>(100 * p + r);
        f.live_capacity_mw = 1000.0 + static_cast<double>(p + r) / 8.0;
        ReplicationRow row = ok_row(p, r, f);
        row.timeline_csv = "date,racks\n2026-07-01," + std::to_string(r) + "\n";
        rows.push_back(row);
      }
    }
  return rows;
}

TEST(MergeStores, TwoDisjointShardsEqualOneUninterruptedRun) {
  ScratchDir dir;
  const std::vector<ReplicationRow> rows = all_rows(3, 6);
  {
    ResultsStore whole = ResultsStore::open(dir.file("whole.db"), identity(3, 6), point_rows(3), false);
    whole.insert(rows);
    ResultsStore a = ResultsStore::open(dir.file("a.db"), identity(3, 6), point_rows(3), false);
    ResultsStore b = ResultsStore::open(dir.file("b.db"), identity(3, 6), point_rows(3), false);
    // Interleaved shards, inserted in shuffled batches.
    std::vector<ReplicationRow> to_a, to_b;
    for (std::size_t i = 0; i < rows.size(); ++i) (i % 3 == 1 ? to_b : to_a).push_back(rows[rows.size() - 1 - i]);
    a.insert(std::vector<ReplicationRow>(to_a.begin(), to_a.begin() + 5));
    a.insert(std::vector<ReplicationRow>(to_a.begin() + 5, to_a.end()));
    b.insert(to_b);
  }
  merge_stores(dir.file("merged.db"), {dir.file("b.db"), dir.file("a.db")});
  const ResultsStore whole = ResultsStore::open_read_only(dir.file("whole.db"));
  const ResultsStore merged = ResultsStore::open_read_only(dir.file("merged.db"));
  EXPECT_EQ(replications_csv(merged), replications_csv(whole));
  EXPECT_EQ(results_csv(merged), results_csv(whole));
  EXPECT_EQ(merged.replications(), whole.replications());
  EXPECT_EQ(merged.replications(), rows);
  EXPECT_EQ(merged.points(), whole.points());
  const SweepIdentity m = merged.identity(), w = whole.identity();
  EXPECT_EQ(std::tie(m.spec_sha256, m.spec_name, m.spec_text, m.gwsim_version, m.points, m.replications_per_point),
            std::tie(w.spec_sha256, w.spec_name, w.spec_text, w.gwsim_version, w.points, w.replications_per_point));
  // The merged store is a normal store: a resumed run can finish it.
  EXPECT_EQ(ResultsStore::open(dir.file("merged.db"), identity(3, 6), point_rows(3), true).completed().size(), 18u);
}

TEST(MergeStores, RefusesAnotherSweep) {
  ScratchDir dir;
  { ResultsStore::open(dir.file("a.db"), identity(2, 2, "aaa111"), point_rows(2), false).insert({ok_row(0, 0)}); }
  { ResultsStore::open(dir.file("b.db"), identity(2, 2, "bbb222"), point_rows(2), false).insert({ok_row(0, 1)}); }
  const std::string out = dir.file("out.db");
  EXPECT_EQ(error_of([&] { merge_stores(out, {dir.file("a.db"), dir.file("b.db")}); }),
            "cannot merge " + dir.file("b.db") + ": it belongs to another sweep (spec sha256 bbb222) than " +
                dir.file("a.db") + " (spec sha256 aaa111)");
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(MergeStores, RefusesOverlappingRows) {
  ScratchDir dir;
  { ResultsStore::open(dir.file("a.db"), identity(2, 3), point_rows(2), false).insert({ok_row(0, 0), ok_row(1, 2)}); }
  { ResultsStore::open(dir.file("b.db"), identity(2, 3), point_rows(2), false).insert({ok_row(0, 1), ok_row(1, 2)}); }
  const std::string out = dir.file("out.db");
  EXPECT_EQ(error_of([&] { merge_stores(out, {dir.file("a.db"), dir.file("b.db")}); }),
            "cannot merge " + dir.file("b.db") + ": point 1 replication 2 is also in " + dir.file("a.db"));
  EXPECT_FALSE(std::filesystem::exists(out));
  // The same shard twice overlaps with itself.
  EXPECT_EQ(error_of([&] { merge_stores(out, {dir.file("a.db"), dir.file("a.db")}); }),
            "cannot merge " + dir.file("a.db") + ": point 0 replication 0 is also in " + dir.file("a.db"));
}

TEST(MergeStores, RefusesAnExistingOutputAndNoInputs) {
  ScratchDir dir;
  { ResultsStore::open(dir.file("a.db"), identity(1, 1), point_rows(1), false); }
  EXPECT_EQ(error_of([&] { merge_stores(dir.file("a.db"), {dir.file("a.db")}); }),
            "merge output " + dir.file("a.db") + " already exists: choose another file");
  EXPECT_EQ(error_of([&] { merge_stores(dir.file("out.db"), {}); }), "merge needs at least one input store");
  EXPECT_EQ(error_of([&] { merge_stores(dir.file("out.db"), {dir.file("missing.db")}); }),
            "results store " + dir.file("missing.db") + " does not exist");
  EXPECT_FALSE(std::filesystem::exists(dir.file("out.db")));
}

}  // namespace
}  // namespace gwsim::sweep
