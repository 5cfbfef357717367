// Runs a sweep: every (point, replication) of a spec, or a deterministic shard of them, in forked worker
// processes, results into a SQLite store that survives being killed at any moment.
//
// Process model. Replications are played by the replication engine (sim/engine/replication.hpp: the rollout's
// bookkeeping in one loop, without SimGrid's actors; its files equal SimGrid's). The sweep's process forks at most
// `jobs` workers; each draws the scenario of the replication it is sent, plays it, sends back its summary.json
// through a pipe and waits for the next. A worker that outlives the timeout is killed with its current replication
// ("timeout"); one that ends before any byte of its result has that replication run once more in a fresh worker,
// and "crashed" if it ends again. A new worker takes each one's place; the sweep goes on.
// Results are written in small transactions; a killed sweep rerun with --resume computes exactly the missing
// replications, so the store ends with the rows of an uninterrupted run, none lost, none twice.
//
// Sharding. Replication t (in point-major order) belongs to shard t mod N; shard I of N runs only those, so N
// machines (a Slurm job array, a Kubernetes indexed job, GNU parallel) split a sweep without talking to each
// other, and `gwsim merge` joins their stores.
#pragma once

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/diagnostics.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace gwsim::sweep {

struct Shard {
  std::int64_t index = 0;
  std::int64_t count = 1;
};
// "I/N" with 0 <= I < N; nullopt when malformed.
std::optional<Shard> parse_shard(const std::string& text);

struct SweepOptions {
  std::string out_path;
  int jobs = 1;
  bool resume = false;
  Shard shard;
};

struct SweepTotals {
  std::int64_t planned = 0;    // replications in this shard
  std::int64_t skipped = 0;    // already in the store (--resume)
  std::int64_t ok = 0;
  std::int64_t not_ok = 0;     // failed, invalid, crashed, timeout
};

// Checks that every point's overrides give a valid scenario: its errors, then its warnings (plan contradictions),
// each once, located in the spec when an override caused them.
std::vector<Diagnostic> check_points(const SweepSpec& spec);

// The planned (point, replication) pairs of a shard, in order.
std::vector<std::pair<std::int64_t, std::int64_t>> plan(const SweepSpec& spec, const Shard& shard);

// Runs the sweep. Progress goes to `progress` (a bar when it is a terminal, plain lines otherwise).
// Throws std::runtime_error (with the reason) when the store cannot be used.
SweepTotals run_sweep(const SweepSpec& spec, const SweepOptions& options, std::ostream& progress, bool terminal);

}  // namespace gwsim::sweep
