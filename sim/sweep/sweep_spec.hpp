// A sweep spec: which scenario, what varies, how many Monte Carlo replications per point.
//
//   name: rollout-10gw-whatifs
//   scenario: ../rollout-10gw.yaml        # relative to this file
//   seed: 2026                            # replication k of every point uses draws (seed, k): common random numbers
//   replications: 100                     # per point
//   timeout_seconds: 120                  # per replication; a replication that runs longer is recorded "timeout"
//   keep_timelines: false                 # store each replication's timeline.csv too
//   set: {output_step: 1mo}               # overrides for every point
//   whatifs:                              # named what-ifs, each a set of overrides
//     - {name: baseline}
//     - {name: pue-1.25, set: {sites[0].pue: 1.25}}
//   grid:                                 # cartesian product over dotted paths
//     supply[0].racks_per_week: [150, 250, 400]
//   lhs:                                  # Latin-hypercube samples over ranges (units as in scenarios)
//     samples: 8
//     parameters: {power_chain.non_gpu_it_share: {min: 5%, max: 23%}}
//
// Points are the product whatifs x grid x lhs (a missing part counts as one empty element), in that order, the
// last grid path varying fastest. Errors are located like a scenario's: file:line:col: error: path: message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/schema.hpp"

namespace gwsim::sweep {

struct Override {
  std::string text;  // "dotted.path=value", as --set takes it
  Origin origin;     // where the spec says it
  std::string spec_path;  // dotted path in the spec, for messages: "whatifs[1].set.sites[0].pue"
};

struct Point {
  std::int64_t index = 0;
  std::string name;
  std::vector<Override> overrides;  // the spec's `set` first, then the what-if's, the grid's and the lhs's
};

struct SweepSpec {
  std::string name;
  std::string description;
  std::string source_path;    // as given
  std::string text;           // the spec file's bytes
  std::string scenario_path;  // resolved relative to the spec
  Origin scenario_origin;
  std::uint64_t seed = 1;
  std::int64_t replications = 1;
  double timeout_s = 600.0;
  bool keep_timelines = false;
  std::vector<Point> points;
};

struct SpecResult {
  std::optional<SweepSpec> spec;
  std::vector<Diagnostic> errors;
};

SpecResult load_sweep_spec(const std::string& path);

// The keys the spec reader accepts, for its JSON Schema (spec_schema.hpp).
namespace spec_keys {
extern const schema::KeyList kSpecKeys;    // top level
extern const schema::KeyList kWhatIfKeys;  // whatifs[]
extern const schema::KeyList kLhsKeys;     // lhs
extern const schema::KeyList kRangeKeys;   // lhs.parameters.PATH
}  // namespace spec_keys

// A point's overrides as --set takes them, in order.
std::vector<std::string> override_texts(const Point& point);

}  // namespace gwsim::sweep
