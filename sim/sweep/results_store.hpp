// The results store of a sweep: one SQLite file holding the sweep's identity, its points and one row per
// replication (status, error, summary.json text, optionally timeline.csv text). The sweep's parent process is
// the only writer; reports and merges open stores read-only. Layout: store_layout.hpp; guarantees: docs/results.md.
//
// Crash safety: the file only appears once complete (it is built in a private staging folder beside it and
// linked into place, sim/io/atomic_output.hpp), every insert() is one transaction, and the journal is a WAL with
// synchronous=NORMAL, so a process killed at any moment leaves a store holding exactly the batches whose insert()
// returned. One writer at a time: a store opened for writing is flock()ed, and a second writer is told the store
// is in use (readers take no lock and see every committed batch).
#pragma once

#include <cstdint>
#include <functional>
#include <set>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "sim/sweep/replication_status.hpp"

struct sqlite3;

namespace gwsim::sweep {

// A file a sweep reads, with the SHA-256 of its bytes.
struct SweepInput {
  std::string file;
  std::string sha256;
  friend bool operator==(const SweepInput&, const SweepInput&) = default;
};

struct SweepIdentity {
  std::string spec_sha256;  // identity_hash(inputs): stores of different sweeps never mix
  std::string spec_name;
  std::string spec_text;  // the spec file's text, kept for the record
  std::vector<SweepInput> inputs;  // every file the sweep reads: the spec, then each point's scenario files
  std::string gwsim_version;
  std::int64_t points = 0;
  std::int64_t replications_per_point = 0;
};

struct PointRow {
  std::int64_t point = 0;
  std::string name;
  std::vector<std::string> overrides;  // "path=value"
  friend bool operator==(const PointRow&, const PointRow&) = default;
};

struct ReplicationRow {
  std::int64_t point = 0, replication = 0;
  std::uint64_t seed = 0;
  ReplicationStatus status = ReplicationStatus::kOk;
  std::string error;         // empty when ok
  std::string summary_json;  // the run's summary.json text (empty unless ok)
  std::string timeline_csv;  // empty unless the sweep keeps timelines
  friend bool operator==(const ReplicationRow&, const ReplicationRow&) = default;
};

// SHA-256 of the inputs' hashes, one per line, in order (paths left out: the same files elsewhere are the same
// sweep).
std::string identity_hash(const std::vector<SweepInput>& inputs);

struct StoreError : std::runtime_error {
  // kInput: the store or the request is wrong (a file of another sweep, a store in use, a malformed row): exit 2.
  // kSystem: the system failed (a full disk, an I/O error, out of memory): exit 1.
  enum class Cause { kInput, kSystem };
  explicit StoreError(const std::string& what, Cause cause_ = Cause::kInput)
      : std::runtime_error(what), cause(cause_) {}
  Cause cause;
};

class ResultsStore {
 public:
  // Creates `path` for this sweep (points must number id.points rows with distinct point numbers). If it
  // exists: with resume == false, refuses (StoreError saying to use --resume or another file); with
  // resume == true, opens it only if it belongs to the same sweep (same gwsim version, spec_sha256, points,
  // replications_per_point and point rows), else StoreError naming what differs (the file that changed, both
  // versions). resume == true and no file: creates it. A store another process writes: StoreError "in use".
  static ResultsStore open(const std::string& path, const SweepIdentity& id, const std::vector<PointRow>& points,
                           bool resume);
  // Opens an existing store read-only (for reports and merge).
  static ResultsStore open_read_only(const std::string& path);

  ResultsStore(ResultsStore&& other) noexcept;
  ResultsStore& operator=(ResultsStore&& other) noexcept;
  ResultsStore(const ResultsStore&) = delete;
  ResultsStore& operator=(const ResultsStore&) = delete;
  ~ResultsStore();

  const std::string& path() const { return path_; }

  // (point, replication) already stored, whatever their status.
  std::set<std::pair<std::int64_t, std::int64_t>> completed() const;
  // Inserts rows in ONE transaction. A (point, replication) already stored or twice in the batch, a point
  // the sweep does not have, a replication outside [0, replications_per_point), an ok row without a
  // JSON-object summary or with an error, or a summary on a row that is not ok: StoreError, and nothing of the
  // batch is kept.
  void insert(const std::vector<ReplicationRow>& rows);

  SweepIdentity identity() const;
  std::vector<PointRow> points() const;  // ordered by point
  std::vector<ReplicationRow> replications() const;  // ordered by point, replication
  // Streams the rows in the same order without holding them all; timeline_csv left empty unless asked for. A
  // status this gwsim does not know (a store written by another program): StoreError naming the row.
  void for_each_replication(const std::function<void(const ReplicationRow&)>& visit, bool with_timelines) const;

 private:
  ResultsStore(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  static ResultsStore open_existing(const std::string& path, bool read_only);
  sqlite3* db_ = nullptr;
  std::string path_;
  int lock_fd_ = -1;  // the writer's flock on the store file; closed after the database

 public:
  // A forked child closes its copy, so that the lock dies with the writer and not with its last child.
  void close_lock_in_child() const;
};

// Combines shard stores into a NEW store at out: refuses inputs of different sweeps (StoreError naming the
// file and both hashes) or of different gwsim versions, overlapping (point, replication) rows, or an existing out
// file. The result equals,
// row for row, a store filled by one uninterrupted run of the whole sweep. The identity (gwsim_version
// included) is the first input's. On any error no out file is left.
void merge_stores(const std::string& out, const std::vector<std::string>& inputs);

}  // namespace gwsim::sweep
