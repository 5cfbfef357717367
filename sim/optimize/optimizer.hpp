// gwsim optimize: runs the search (search.hpp) with each batch of new candidates evaluated as a sweep
// (sim/sweep/runner.hpp) of one point per candidate and the spec's replications, into a results store per batch,
// OUT/evaluations/batch-NNNN.sqlite. Those stores are the record: each candidate's overrides (its point) and each
// replication's summary.json. A rerun with resume replays the search: every batch already stored is read back
// (a store cut short by a kill is completed, exactly as `gwsim sweep --resume` completes one), so the search
// takes the same steps and ends with the same best plan.
//
// Sharding: the first batch (the exhaustive grid, or the Latin-hypercube samples) holds most of the work and does
// not depend on any result; with a shard I/N, only shard I of that batch runs (replication t of the batch, point
// by point, belongs to shard t mod N), into OUT/evaluations/batch-0000.shard-I-of-N.sqlite, and nothing else is
// written. A later run without a shard merges those stores into batch-0000.sqlite (`gwsim merge`'s rules) and goes
// on. The later batches (NLopt's steps, the polish) each depend on the results before them and run on one machine.
//
// Outputs in OUT: best.yaml, candidates.csv, pareto.csv (docs/optimize.md).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "sim/optimize/optimize_spec.hpp"
#include "sim/optimize/search.hpp"
#include "sim/sweep/runner.hpp"

namespace gwsim::optimize {

struct OptimizeOptions {
  std::string out_dir;
  int jobs = 1;
  bool resume = false;
  sweep::Shard shard;
};

struct OptimizeRun {
  bool shard_only = false;          // a shard of the first batch ran; nothing else was written
  SearchOutcome outcome;            // the search (empty for a shard)
  std::int64_t simulations_run = 0;     // replications run by this process
  std::int64_t simulations_reused = 0;  // replications found in the stores
  std::vector<std::string> written;     // files written in OUT
};

// Runs the optimization; the summary goes to `out`, progress (with an ETA) to `progress`. Throws
// sweep::StoreError (a store of another spec, or in use), io::WriteError, or std::runtime_error.
OptimizeRun run_optimize(const OptimizeSpec& spec, const OptimizeOptions& options, std::ostream& out,
                         std::ostream& progress, bool terminal);

// The files' texts, apart for tests.
std::string candidates_csv(const OptimizeSpec& spec, const SearchOutcome& outcome);
std::string pareto_csv(const OptimizeSpec& spec, const SearchOutcome& outcome);
// best.yaml: the header comment, `extends:` (baseline relative to out_dir) and the overlay. Throws
// std::runtime_error when the plan cannot be written as an overlay.
std::string best_yaml(const OptimizeSpec& spec, const SearchOutcome& outcome, const std::string& out_dir);
// optimization.json: the spec's objective, constraints (with their candidates.csv columns) and variables, the
// feasible count, the best plan (null when none is feasible) and the first ten of the ranking (docs/optimize.md).
std::string optimization_json(const OptimizeSpec& spec, const SearchOutcome& outcome);
// The summary printed at the end (also for no feasible plan: the closest candidates).
std::string summary_text(const OptimizeSpec& spec, const SearchOutcome& outcome);

// Store of batch `batch` (shard: of shard I/N).
std::string batch_store_path(const std::string& out_dir, std::int64_t batch, const sweep::Shard& shard = {});

}  // namespace gwsim::optimize
