// An optimization spec: a baseline scenario, the decisions that may change (any path --set accepts), what to
// minimize or maximize over Monte Carlo replications, and chance or statistic constraints.
//
//   name: supply-bridge
//   baseline: ../rollout-10gw.yaml          # relative to this file
//   seed: 2026
//   replications: 40                        # per candidate; replication k uses draws (seed, k) for every candidate
//   variables:
//     - {path: "supply[1].racks_per_week", integer: {min: 100, max: 400, step: 25}}
//     - {path: "tranches[3].order_date", date: {min: 2027-01-01, max: 2027-12-31, step: 7 days}}
//     - {path: power_chain.non_gpu_it_share, continuous: {min: 5%, max: 23%}}
//     - {path: "tranches[0].platform", choice: [vera_rubin_nvl72, gb300_nvl72]}
//   objective: {minimize: capex_usd, statistic: mean}
//   constraints:
//     - {figure: gw_10_live_date, at_most: 2029-12-31, probability: 0.8}
//     - {figure: shortfall_days, statistic: p50, at_most: 30}
//   search: {method: auto, max_evaluations: 200}
//
// Errors are located like a sweep spec's (file:line:col: error: path: message); a variable's path is checked by
// applying its bounds (every choice) to the baseline, as sweeps check their points. Keys: docs/optimize.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/optimize/figures.hpp"
#include "sim/optimize/statistics.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/schema.hpp"

namespace gwsim::optimize {

// How a continuous bound was written, so that values go back to the scenario in the same kind of unit.
enum class QuantityKind { kNumber, kFraction, kPower, kDuration, kMoney };

struct Variable {
  enum class Kind { kInteger, kDate, kContinuous, kChoice };
  std::string path;       // the scenario path, as --set takes it
  Origin origin;          // where the spec writes the path
  std::string spec_path;  // "variables[0]"
  Kind kind = Kind::kInteger;
  double min = 0.0, max = 0.0;  // integer: values; date: day numbers; continuous: base units (W, days, USD, 1)
  double step = 1.0;            // integer and date (days) grids
  QuantityKind quantity = QuantityKind::kNumber;  // continuous
  std::vector<std::string> choices;               // choice: values as YAML text

  bool discrete() const { return kind != Kind::kContinuous; }
  // Grid points of a discrete variable (integer, date, choice); 0 for a continuous one.
  std::int64_t levels() const;
  // The scenario value of grid level `level` (discrete) or of `value` (continuous), as --set takes it.
  std::string value_text(double x) const;
  // "path=value".
  std::string override_text(double x) const { return path + "=" + value_text(x); }
};

struct Objective {
  FigureRef figure;
  bool maximize = false;
  Statistic statistic;
};

struct Constraint {
  FigureRef figure;
  bool at_most = true;           // at_most (else at_least)
  double bound = 0.0;            // dates as day numbers
  std::string bound_text;        // as written
  std::optional<double> probability;  // a chance constraint: P(figure within bound) >= probability
  Statistic statistic;           // otherwise: statistic(figure) within bound
  std::string spec_path;         // "constraints[0]"
  // "P(gw_10_live_date <= 2029-12-31) >= 0.8" or "p50(shortfall_days) <= 30".
  std::string describe() const;
  // A short column name: "p_gw_10_live_date_le_2029-12-31", "p50_shortfall_days".
  std::string column() const;
};

struct Search {
  enum class Method { kAuto, kExhaustive, kCobyla, kBobyqa };
  Method method = Method::kAuto;
  std::int64_t max_evaluations = 200;
  std::int64_t lhs_samples = 0;  // 0: chosen from the number of variables (docs/optimize.md)
};
const char* to_string(Search::Method method);

struct OptimizeSpec {
  std::string name;
  std::string description;
  std::string source_path;    // as given
  std::string text;           // the spec file's bytes
  std::string baseline_path;  // resolved relative to the spec
  Origin baseline_origin;
  std::uint64_t seed = 1;
  std::int64_t replications = 20;
  double timeout_s = 600.0;
  std::vector<Variable> variables;
  Objective objective;
  std::vector<Constraint> constraints;
  Search search;

  // The product of the discrete variables' grids (saturating at INT64_MAX).
  std::int64_t discrete_space() const;
  bool has_continuous() const;
  // The method `auto` resolves to: exhaustive when there are no continuous variables and the discrete space
  // is at most max_evaluations, else COBYLA.
  Search::Method resolved_method() const;
};

struct OptimizeSpecResult {
  std::optional<OptimizeSpec> spec;
  std::vector<Diagnostic> errors;
};

// Reads and checks the spec, the variables' paths against the baseline included.
OptimizeSpecResult load_optimize_spec(const std::string& path);

namespace spec_keys {
extern const schema::KeyList kSpecKeys;
extern const schema::KeyList kVariableKeys;
extern const schema::KeyList kObjectiveKeys;
extern const schema::KeyList kConstraintKeys;
extern const schema::KeyList kSearchKeys;
extern const schema::KeyList kRangeKeys;      // continuous: {min, max}
extern const schema::KeyList kGridKeys;       // integer and date: {min, max, step}
extern const schema::KeyList kKinds;          // a variable's kind keys, in Variable::Kind order
extern const schema::KeyList kMethods;        // search.method, in Search::Method order
}  // namespace spec_keys

}  // namespace gwsim::optimize
