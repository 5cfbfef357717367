#include "sim/sweep/results_store.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>

#include "sim/io/atomic_output.hpp"
#include "sim/io/input_file.hpp"
#include "sim/scenario/sha256.hpp"
#include "sim/sweep/store_layout.hpp"

namespace gwsim::sweep {
namespace {

namespace fs = std::filesystem;

std::string errmsg(sqlite3* db) { return db ? sqlite3_errmsg(db) : "out of memory"; }

// What failed: the system (a full disk, an I/O error, memory, permissions, locks) or the file (not a database, a
// malformed store, a rule broken).
StoreError::Cause cause_of(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_NOMEM:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
    case SQLITE_PROTOCOL:
    case SQLITE_NOLFS:
    case SQLITE_INTERRUPT: return StoreError::Cause::kSystem;
    default: return StoreError::Cause::kInput;
  }
}

StoreError sqlite_error(sqlite3* db, const std::string& path, const std::string& text) {
  return StoreError("results store " + path + ": " + text,
                    db ? cause_of(sqlite3_errcode(db)) : StoreError::Cause::kSystem);
}

void exec(sqlite3* db, const std::string& sql, const std::string& path) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : errmsg(db);
    sqlite3_free(message);
    throw sqlite_error(db, path, text);
  }
}

class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::string& path) : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) fail();
  }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement() { sqlite3_finalize(stmt_); }

  void bind(int index, std::int64_t value) { check(sqlite3_bind_int64(stmt_, index, value)); }
  void bind(int index, const std::string& text) {
    check(sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT));
  }
  // True while there is a row; false when done.
  bool step() {
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail();
  }
  int step_result() { return sqlite3_step(stmt_); }
  void reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  std::int64_t integer(int column) const { return sqlite3_column_int64(stmt_, column); }
  std::size_t bytes(int column) const { return static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column)); }
  std::string text(int column) const {
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return data ? std::string(data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))) : std::string();
  }
  [[noreturn]] void fail() const { throw sqlite_error(db_, path_, errmsg(db_)); }

 private:
  void check(int rc) const {
    if (rc != SQLITE_OK) fail();
  }
  sqlite3* db_;
  const std::string& path_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Rolls back unless committed.
class Transaction {
 public:
  Transaction(sqlite3* db, const std::string& path) : db_(db), path_(path) { exec(db_, "BEGIN IMMEDIATE", path_); }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction() {
    if (!done_) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
  }
  void commit() {
    exec(db_, "COMMIT", path_);
    done_ = true;
  }

 private:
  sqlite3* db_;
  const std::string& path_;
  bool done_ = false;
};

bool file_exists(const std::string& path) {
  std::error_code ec;
  return fs::symlink_status(path, ec).type() != fs::file_type::not_found;
}

std::string already_exists(const std::string& path) {
  return "results store " + path + " already exists: use --resume to continue it, or choose another file";
}

void validate_identity(const SweepIdentity& id, const std::vector<PointRow>& points) {
  if (id.spec_sha256.empty()) throw StoreError("sweep identity: the spec's sha256 is empty");
  if (id.points < 1 || id.replications_per_point < 1)
    throw StoreError("sweep identity: a sweep needs at least 1 point and 1 replication per point, not " +
                     std::to_string(id.points) + " x " + std::to_string(id.replications_per_point));
  if (static_cast<std::int64_t>(points.size()) != id.points)
    throw StoreError("sweep identity: " + std::to_string(id.points) + " points declared but " +
                     std::to_string(points.size()) + " point rows given");
  std::set<std::int64_t> seen;
  for (const PointRow& p : points)
    if (!seen.insert(p.point).second) throw StoreError("sweep identity: point " + std::to_string(p.point) + " given twice");
}

std::vector<PointRow> sorted_points(std::vector<PointRow> points) {
  std::sort(points.begin(), points.end(), [](const PointRow& a, const PointRow& b) { return a.point < b.point; });
  return points;
}

std::string overrides_json(const std::vector<std::string>& overrides) { return nlohmann::json(overrides).dump(); }

// Context of one insertion batch: the store's points and replications per point.
struct RowRules {
  std::set<std::int64_t> points;
  std::int64_t replications_per_point = 0;
};

RowRules row_rules(sqlite3* db, const std::string& path) {
  RowRules rules;
  Statement points(db, "SELECT point FROM points", path);
  while (points.step()) rules.points.insert(points.integer(0));
  Statement sweep(db, "SELECT replications_per_point FROM sweep WHERE id = 1", path);
  if (sweep.step()) rules.replications_per_point = sweep.integer(0);
  return rules;
}

// Empty when the row may be stored, else what is wrong with it.
std::string row_problem(const ReplicationRow& row, const RowRules& rules) {
  if (!rules.points.contains(row.point)) return "the sweep has no point " + std::to_string(row.point);
  if (row.replication < 0 || row.replication >= rules.replications_per_point)
    return "replication " + std::to_string(row.replication) + " is outside 0.." +
           std::to_string(rules.replications_per_point - 1);
  if (row.status == ReplicationStatus::kOk) {
    if (!row.error.empty()) return "an ok row carries an error (\"" + row.error + "\")";
    if (row.summary_json.empty()) return "an ok row needs its summary.json text";
    // Valid JSON whose value is an object: checked without building it (a sweep stores thousands).
    const std::size_t first = row.summary_json.find_first_not_of(" \t\r\n");
    if (first == std::string::npos || row.summary_json[first] != '{' || !nlohmann::json::accept(row.summary_json)) {
      return "its summary.json text is not a JSON object";
    }
  } else if (!row.summary_json.empty()) {
    return std::string("a row with status ") + to_string(row.status) + " carries a summary.json text";
  }
  return {};
}

std::string row_name(const ReplicationRow& row) {
  return "point " + std::to_string(row.point) + " replication " + std::to_string(row.replication);
}

// Inserts one row inside the caller's transaction; throws (with `batch_note` appended) on any problem.
void insert_row(Statement& insert, const ReplicationRow& row, const RowRules& rules, const std::string& path,
                const std::string& batch_note) {
  const std::string problem = row_problem(row, rules);
  if (!problem.empty()) throw StoreError("cannot store " + row_name(row) + " in " + path + ": " + problem + batch_note);
  insert.reset();
  insert.bind(1, row.point);
  insert.bind(2, row.replication);
  insert.bind(3, static_cast<std::int64_t>(row.seed));  // the same 64 bits; see docs/results.md
  insert.bind(4, std::string(to_string(row.status)));
  insert.bind(5, row.error);
  insert.bind(6, row.summary_json);
  insert.bind(7, row.timeline_csv);
  const int rc = insert.step_result();
  if (rc == SQLITE_DONE) return;
  if (rc == SQLITE_CONSTRAINT)
    throw StoreError("cannot store " + row_name(row) + " in " + path + ": it is already stored" + batch_note);
  insert.fail();
}

constexpr const char* kInsertSql =
    "INSERT INTO replications (point, replication, seed, status, error, summary_json, timeline_csv) "
    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

void configure(sqlite3* db, const std::string& path, bool read_only) {
  sqlite3_busy_timeout(db, 10000);
  sqlite3_extended_result_codes(db, 0);
  if (!read_only) exec(db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON", path);
}

std::string inputs_json(const std::vector<SweepInput>& inputs) {
  nlohmann::json list = nlohmann::json::array();
  for (const SweepInput& i : inputs) list.push_back({{"file", i.file}, {"sha256", i.sha256}});
  return list.dump();
}

std::vector<SweepInput> parse_inputs(const std::string& text, const std::string& path) {
  const nlohmann::json list = nlohmann::json::parse(text, nullptr, false);
  std::vector<SweepInput> out;
  bool ok = list.is_array();
  for (std::size_t i = 0; ok && i < list.size(); ++i) {
    const nlohmann::json& item = list[i];
    ok = item.is_object() && item.contains("file") && item["file"].is_string() && item.contains("sha256") &&
         item["sha256"].is_string();
    if (ok) out.push_back({item["file"].get<std::string>(), item["sha256"].get<std::string>()});
  }
  if (!ok) throw StoreError("results store " + path + ": the sweep's inputs are unreadable (expected a JSON list of "
                            "{file, sha256})");
  return out;
}

// The identity and the points, inside the creating transaction.
void write_identity(sqlite3* db, const std::string& path, const SweepIdentity& id,
                    const std::vector<PointRow>& points) {
  exec(db, "PRAGMA application_id = " + std::to_string(kStoreApplicationId) +
               "; PRAGMA user_version = " + std::to_string(kStoreSchemaVersion),
       path);
  exec(db, store_schema_sql(false), path);
  Statement sweep(db,
                  "INSERT INTO sweep (id, spec_sha256, spec_name, spec_text, inputs, gwsim_version, points, "
                  "replications_per_point) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                  path);
  sweep.bind(1, id.spec_sha256);
  sweep.bind(2, id.spec_name);
  sweep.bind(3, id.spec_text);
  sweep.bind(4, inputs_json(id.inputs));
  sweep.bind(5, id.gwsim_version);
  sweep.bind(6, id.points);
  sweep.bind(7, id.replications_per_point);
  sweep.step();
  Statement point(db, "INSERT INTO points (point, name, overrides) VALUES (?1, ?2, ?3)", path);
  for (const PointRow& p : sorted_points(points)) {
    point.reset();
    point.bind(1, p.point);
    point.bind(2, p.name);
    point.bind(3, overrides_json(p.overrides));
    point.step();
  }
}

StoreError staging_error(const io::WriteError& e, const std::string& exists_message) {
  if (e.refused) return StoreError(exists_message);
  return StoreError(std::string("cannot create results store: ") + e.what(), StoreError::Cause::kSystem);
}

// Builds a complete store in a private staging folder beside `path`, then links it into place, so that `path`
// never names a half-made store and no prepared file or link at a guessable name is written through. `fill`
// adds replication rows inside the creating transaction.
void create_store(const std::string& path, const SweepIdentity& id, const std::vector<PointRow>& points,
                  const std::function<void(sqlite3*, const std::string&)>& fill, const std::string& exists_message) {
  try {
    io::StagedFile staged(path);
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOFOLLOW;
    const int rc = sqlite3_open_v2(staged.staged_path().c_str(), &db, flags, nullptr);
    try {
      if (rc != SQLITE_OK) throw sqlite_error(db, path, "cannot create it: " + errmsg(db));
      sqlite3_busy_timeout(db, 10000);
      exec(db, "PRAGMA journal_mode = DELETE; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", path);
      Transaction tx(db, path);
      write_identity(db, path, id, points);
      if (fill) fill(db, path);
      tx.commit();
    } catch (...) {
      sqlite3_close_v2(db);
      throw;
    }
    exec(db, "PRAGMA journal_mode = WAL", path);
    if (sqlite3_close(db) != SQLITE_OK) {
      const StoreError error = sqlite_error(db, path, "cannot create it: " + errmsg(db));
      sqlite3_close_v2(db);
      throw error;
    }
    staged.commit(io::IfExists::kRefuse);
  } catch (const io::WriteError& e) {
    throw staging_error(e, exists_message);
  }
}

// What differs between a store's inputs and this sweep's, file by file; empty when only the whole differs.
std::string changed_inputs(const std::vector<SweepInput>& stored, const std::vector<SweepInput>& now) {
  std::string out;
  const auto note = [&out](const std::string& line) { out += (out.empty() ? "" : "; ") + line; };
  for (const SweepInput& s : stored) {
    const auto same_file = std::find_if(now.begin(), now.end(), [&](const SweepInput& n) { return n.file == s.file; });
    if (same_file == now.end()) note("the store's sweep read " + s.file + ", this one does not");
    else if (same_file->sha256 != s.sha256)
      note(s.file + " changed since the store was made (SHA-256 now " + same_file->sha256 + ", the store's " +
           s.sha256 + ")");
  }
  for (const SweepInput& n : now) {
    if (std::none_of(stored.begin(), stored.end(), [&](const SweepInput& s) { return s.file == n.file; }))
      note("this sweep reads " + n.file + ", the store's did not");
  }
  return out;
}

// Refuses to continue a store of another sweep or of another gwsim, saying what differs.
void check_same_sweep(const ResultsStore& store, const SweepIdentity& id, const std::vector<PointRow>& points) {
  const std::string& path = store.path();
  const SweepIdentity stored = store.identity();
  if (stored.gwsim_version != id.gwsim_version)
    throw StoreError("results store " + path + " was made by gwsim " + stored.gwsim_version + ", this is gwsim " +
                     id.gwsim_version + ": its replications would mix results of two versions; finish it with gwsim " +
                     stored.gwsim_version + ", or start a new store");
  if (stored.spec_sha256 != id.spec_sha256) {
    const std::string what = changed_inputs(stored.inputs, id.inputs);
    throw StoreError("results store " + path + " belongs to another sweep (spec sha256 " + stored.spec_sha256 +
                     "), not to this one (spec sha256 " + id.spec_sha256 + "): " + (what.empty() ? "" : what + "; ") +
                     "use another file");
  }
  if (stored.points != id.points || stored.replications_per_point != id.replications_per_point)
    throw StoreError("results store " + path + " was made for " + std::to_string(stored.points) + " points x " +
                     std::to_string(stored.replications_per_point) + " replications (spec sha256 " +
                     stored.spec_sha256 + "), this sweep has " + std::to_string(id.points) + " points x " +
                     std::to_string(id.replications_per_point) + " replications (spec sha256 " + id.spec_sha256 +
                     "): use another file");
  if (store.points() != sorted_points(points))
    throw StoreError("results store " + path + " was made with other points than this sweep's (spec sha256 " +
                     id.spec_sha256 + " in both): use another file");
}

}  // namespace

std::string identity_hash(const std::vector<SweepInput>& inputs) {
  std::string lines;
  for (const SweepInput& i : inputs) lines += i.sha256 + "\n";
  return sha256_hex(lines);
}

ResultsStore ResultsStore::open_existing(const std::string& path, bool read_only) {
  if (!file_exists(path)) throw StoreError("results store " + path + " does not exist");
  // SQLite would block on a FIFO and read a device forever: only a regular file is opened.
  if (const std::string problem = io::regular_file_problem(path); !problem.empty())
    throw StoreError("results store " + path + ": " + problem);
  sqlite3* db = nullptr;
  // The writer never writes through a symlink; readers may read through one.
  const int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOFOLLOW;
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    const StoreError error = sqlite_error(db, path, "cannot open it: " + errmsg(db));
    sqlite3_close_v2(db);
    throw error;
  }
  ResultsStore store(db, path);  // closes the database if anything below throws
  sqlite3_busy_timeout(db, 10000);
  std::int64_t application_id = 0, version = 0;
  try {
    Statement app(db, "PRAGMA application_id", path);
    if (app.step()) application_id = app.integer(0);
    Statement user(db, "PRAGMA user_version", path);
    if (user.step()) version = user.integer(0);
  } catch (const StoreError&) {
    if (sqlite3_errcode(db) == SQLITE_NOTADB) throw StoreError(path + " is not a gwsim results store");
    throw;
  }
  if (application_id != kStoreApplicationId) throw StoreError(path + " is not a gwsim results store");
  if (version != kStoreSchemaVersion)
    throw StoreError("results store " + path + " has schema version " + std::to_string(version) +
                     "; this gwsim reads version " + std::to_string(kStoreSchemaVersion) +
                     (version < kStoreSchemaVersion ? " (the store is from an older gwsim: run its sweep again)" : ""));
  if (!read_only) {
    store.lock_fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (store.lock_fd_ < 0 || ::flock(store.lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK)
        throw StoreError("results store " + path + " is in use: another gwsim sweep is writing it; wait for it to "
                         "finish (then --resume), or choose another file");
      throw StoreError("cannot lock results store " + path + ": " + std::strerror(errno), StoreError::Cause::kSystem);
    }
  }
  configure(db, path, read_only);
  return store;
}

ResultsStore ResultsStore::open(const std::string& path, const SweepIdentity& id, const std::vector<PointRow>& points,
                                bool resume) {
  validate_identity(id, points);
  if (!file_exists(path)) {
    try {
      create_store(path, id, points, nullptr, already_exists(path));
    } catch (const StoreError&) {
      if (!resume || !file_exists(path)) throw;  // made meanwhile by another process: resume it below
    }
  } else if (!resume) {
    throw StoreError(already_exists(path));
  }
  ResultsStore store = open_existing(path, false);
  check_same_sweep(store, id, points);
  return store;
}

ResultsStore ResultsStore::open_read_only(const std::string& path) { return open_existing(path, true); }

ResultsStore::ResultsStore(ResultsStore&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)),
      lock_fd_(std::exchange(other.lock_fd_, -1)) {}

ResultsStore& ResultsStore::operator=(ResultsStore&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    if (lock_fd_ >= 0) ::close(lock_fd_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
    lock_fd_ = std::exchange(other.lock_fd_, -1);
  }
  return *this;
}

// The lock's descriptor is closed after the database: closing a descriptor of the file earlier would drop
// SQLite's own POSIX locks on it.
ResultsStore::~ResultsStore() {
  sqlite3_close_v2(db_);
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

void ResultsStore::close_lock_in_child() const {
  if (lock_fd_ >= 0) ::close(lock_fd_);
}

std::set<std::pair<std::int64_t, std::int64_t>> ResultsStore::completed() const {
  std::set<std::pair<std::int64_t, std::int64_t>> done;
  Statement rows(db_, "SELECT point, replication FROM replications", path_);
  while (rows.step()) done.emplace(rows.integer(0), rows.integer(1));
  return done;
}

void ResultsStore::insert(const std::vector<ReplicationRow>& rows) {
  if (rows.empty()) return;
  if (sqlite3_db_readonly(db_, "main") == 1) throw StoreError("results store " + path_ + " is open read-only");
  const std::string note = "; nothing of this batch of " + std::to_string(rows.size()) + " rows was stored";
  std::set<std::pair<std::int64_t, std::int64_t>> in_batch;
  for (const ReplicationRow& row : rows)
    if (!in_batch.emplace(row.point, row.replication).second)
      throw StoreError("cannot store " + row_name(row) + " in " + path_ + ": it is twice in the batch" + note);
  Transaction tx(db_, path_);
  const RowRules rules = row_rules(db_, path_);
  Statement statement(db_, kInsertSql, path_);
  for (const ReplicationRow& row : rows) insert_row(statement, row, rules, path_, note);
  tx.commit();
}

SweepIdentity ResultsStore::identity() const {
  Statement sweep(db_,
                  "SELECT spec_sha256, spec_name, spec_text, gwsim_version, points, replications_per_point, inputs "
                  "FROM sweep WHERE id = 1",
                  path_);
  if (!sweep.step()) throw StoreError("results store " + path_ + " has no sweep identity");
  SweepIdentity id;
  id.spec_sha256 = sweep.text(0);
  id.spec_name = sweep.text(1);
  id.spec_text = sweep.text(2);
  id.gwsim_version = sweep.text(3);
  id.points = sweep.integer(4);
  id.replications_per_point = sweep.integer(5);
  id.inputs = parse_inputs(sweep.text(6), path_);
  return id;
}

std::vector<PointRow> ResultsStore::points() const {
  std::vector<PointRow> points;
  Statement rows(db_, "SELECT point, name, overrides FROM points ORDER BY point", path_);
  while (rows.step()) {
    PointRow p;
    p.point = rows.integer(0);
    p.name = rows.text(1);
    const nlohmann::json overrides = nlohmann::json::parse(rows.text(2), nullptr, false);
    if (!overrides.is_array())
      throw StoreError("results store " + path_ + ": point " + std::to_string(p.point) + " has unreadable overrides");
    for (const auto& o : overrides) {
      if (!o.is_string())
        throw StoreError("results store " + path_ + ": point " + std::to_string(p.point) + " has unreadable overrides");
      p.overrides.push_back(o.get<std::string>());
    }
    points.push_back(std::move(p));
  }
  return points;
}

void ResultsStore::for_each_replication(const std::function<void(const ReplicationRow&)>& visit,
                                        bool with_timelines) const {
  Statement rows(db_,
                 with_timelines ? "SELECT point, replication, seed, status, error, summary_json, timeline_csv "
                                  "FROM replications ORDER BY point, replication"
                                : "SELECT point, replication, seed, status, error, summary_json, '' "
                                  "FROM replications ORDER BY point, replication",
                 path_);
  ReplicationRow row;
  while (rows.step()) {
    row.point = rows.integer(0);
    row.replication = rows.integer(1);
    row.seed = static_cast<std::uint64_t>(rows.integer(2));
    const std::string status = rows.text(3);
    const std::optional<ReplicationStatus> known = parse_replication_status(status);
    if (!known)
      throw StoreError("results store " + path_ + ": point " + std::to_string(row.point) + " replication " +
                       std::to_string(row.replication) + " has status \"" + status +
                       "\", which this gwsim does not know (it knows " + replication_status_names() + ")");
    row.status = *known;
    // A store is input too: a row's texts are held to the same cap as any text file gwsim reads.
    for (int column = 4; column <= 6; ++column) {
      if (rows.bytes(column) > io::kMaxTextInputBytes)
        throw StoreError("results store " + path_ + ": point " + std::to_string(row.point) + " replication " +
                         std::to_string(row.replication) + " holds a text larger than 16 MiB");
    }
    row.error = rows.text(4);
    row.summary_json = rows.text(5);
    row.timeline_csv = rows.text(6);
    visit(row);
  }
}

std::vector<ReplicationRow> ResultsStore::replications() const {
  std::vector<ReplicationRow> all;
  for_each_replication([&](const ReplicationRow& row) { all.push_back(row); }, true);
  return all;
}

void merge_stores(const std::string& out, const std::vector<std::string>& inputs) {
  if (inputs.empty()) throw StoreError("merge needs at least one input store");
  const std::string out_exists = "merge output " + out + " already exists: choose another file";
  if (file_exists(out)) throw StoreError(out_exists);
  std::vector<ResultsStore> stores;
  for (const std::string& input : inputs) stores.push_back(ResultsStore::open_read_only(input));
  const SweepIdentity id = stores.front().identity();
  const std::vector<PointRow> points = stores.front().points();
  std::map<std::pair<std::int64_t, std::int64_t>, std::size_t> owner;
  for (std::size_t i = 0; i < stores.size(); ++i) {
    if (i > 0) {
      const SweepIdentity other = stores[i].identity();
      if (other.gwsim_version != id.gwsim_version)
        throw StoreError("cannot merge " + inputs[i] + ": it was made by gwsim " + other.gwsim_version + ", " +
                         inputs[0] + " by gwsim " + id.gwsim_version + " (a merge never mixes versions)");
      if (other.spec_sha256 != id.spec_sha256)
        throw StoreError("cannot merge " + inputs[i] + ": it belongs to another sweep (spec sha256 " +
                         other.spec_sha256 + ") than " + inputs[0] + " (spec sha256 " + id.spec_sha256 + ")");
      if (other.points != id.points || other.replications_per_point != id.replications_per_point ||
          stores[i].points() != points)
        throw StoreError("cannot merge " + inputs[i] + ": its points or replications differ from those of " +
                         inputs[0] + " (spec sha256 " + id.spec_sha256 + " in both)");
    }
    for (const auto& key : stores[i].completed()) {
      const auto [it, fresh] = owner.emplace(key, i);
      if (!fresh)
        throw StoreError("cannot merge " + inputs[i] + ": point " + std::to_string(key.first) + " replication " +
                         std::to_string(key.second) + " is also in " + inputs[it->second]);
    }
  }
  create_store(
      out, id, points,
      [&](sqlite3* db, const std::string& path) {
        const RowRules rules = row_rules(db, path);
        Statement statement(db, kInsertSql, path);
        for (const ResultsStore& store : stores)
          store.for_each_replication(
              [&](const ReplicationRow& row) { insert_row(statement, row, rules, path, " (while merging)"); }, true);
      },
      out_exists);
}

}  // namespace gwsim::sweep
