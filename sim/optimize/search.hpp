// The search over plans. A candidate is a point x: for a discrete variable (integer, date, choice) the index of its
// grid level, for a continuous one its value in base units. Every candidate is assessed on the same replications
// (common random numbers: replication k draws with (seed, k) whatever the plan), so that two plans differ only by
// their decisions.
//
// Method (docs/optimize.md explains the choice):
//  - exhaustive: every plan of the discrete grid, in one batch (the last variable varying fastest);
//  - cobyla / bobyqa: a Latin-hypercube batch (search.lhs_samples, default max(5, 2 d + 1) capped at half the
//    budget), then NLopt on the continuous relaxation in [0, 1]^d (a discrete variable's value rounded to its
//    nearest grid level), started from the best sample; COBYLA takes the constraints as inequality constraints on
//    their normalised margins, BOBYQA (bounds only) as a penalty. Then a polish: the grid neighbours of the best
//    plan (one level up and down on each discrete variable, a tenth of the range on a continuous one) in one batch,
//    then, when none is better, the steps along two variables at once; repeated while it improves. While budget is left, NLopt restarts from the next best sample. Evaluations are
//    memoised by plan: a revisit costs nothing and does not count against max_evaluations.
// Same spec, same sequence of plans, same best plan.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sim/optimize/optimize_spec.hpp"

namespace gwsim::optimize {

// What the replications of one candidate say.
struct Assessment {
  std::int64_t ok = 0;      // replications that ended ok
  std::int64_t not_ok = 0;  // failed, invalid, crashed, timed out; or the plan itself is invalid (ok = 0)
  std::string error;        // the first problem, when not_ok > 0
  Estimate objective;
  std::vector<Estimate> constraints;  // per spec constraint: the probability or the statistic
  std::vector<double> margins;        // per constraint: normalised margin, <= 0 when it holds (docs/optimize.md)
  double violation = 0.0;             // sum of the positive margins
  bool feasible = false;              // every replication ok, every constraint holds, the objective has a value
};

// The figures read per replication: the objective's, then one per constraint.
std::vector<FigureRef> assessed_figures(const OptimizeSpec& spec);
// values[r]: replication r's assessed_figures() values (ok replications only).
Assessment assess(const OptimizeSpec& spec, const std::vector<std::vector<double>>& values, std::int64_t not_ok,
                  std::string error);
// a strictly better than b: feasible first; then the objective (by the spec's direction); infeasible ones by
// smaller violation, then objective.
bool better(const OptimizeSpec& spec, const Assessment& a, const Assessment& b);

struct Candidate {
  std::vector<double> x;
  std::vector<std::string> overrides;  // "path=value" per variable
  std::string key;                     // the overrides joined: plans equal as scenarios are equal here
  std::int64_t batch = 0;              // the batch that evaluated it
  Assessment assessment;
};

// The plan of point x, with x's discrete entries rounded to their grid.
Candidate make_candidate(const OptimizeSpec& spec, const std::vector<double>& x);

// Evaluates new candidates (never seen before), in order, setting each one's assessment and batch.
using BatchEvaluator = std::function<void(std::vector<Candidate>& batch)>;

struct SearchOutcome {
  std::vector<Candidate> candidates;  // in evaluation order
  std::size_t best = 0;               // index into candidates
  std::int64_t batches = 0;
  bool budget_exhausted = false;
};

SearchOutcome run_search(const OptimizeSpec& spec, const BatchEvaluator& evaluate);

// The first batch of the search (the exhaustive grid, or the Latin-hypercube samples): what --shard splits.
std::vector<Candidate> first_batch(const OptimizeSpec& spec);

}  // namespace gwsim::optimize
