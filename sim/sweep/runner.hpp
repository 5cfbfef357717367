// Runs a sweep: every (point, replication) of a spec, or a deterministic shard of them, each in its own forked
// process, results into a SQLite store that survives being killed at any moment.
//
// Process model. SimGrid runs one simulation per process, and starting a process linked to it costs ~25-35 ms.
// So the sweep's own process, once started, is a zygote: for each replication it draws the scenario (cheap,
// in-process), then fork()s a child that runs the simulation and sends back its summary.json through a pipe and
// exits; at most `jobs` children run at once. A child that crashes or outlives the timeout is recorded as
// "crashed" or "timeout" and the sweep goes on. Results are written in small transactions; a killed sweep rerun
// with --resume computes exactly the missing replications, so the store ends with the rows of an uninterrupted
// run, none lost, none twice.
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
  std::vector<std::string> engine_args;  // --cfg= / --log= for SimGrid
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
