// Runs one scenario on SimGrid and returns what happened. One simulation per process (SimGrid cannot restart
// its clock in-process).
#pragma once

#include <string>
#include <vector>

#include "sim/engine/result.hpp"
#include "sim/output/records.hpp"
#include "sim/output/writer.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim::engine {

// kPlugin: pods carry their workload as SimGrid executions and power states, and SimGrid's host-energy plugin
// accounts their energy beside the outputs' own integral (summary.json energy_check). kOutputsOnly: the same
// rollout and the same outputs, but no executions, power states or plugin: the actors only sleep and call the
// bookkeeping, which is what the sweeps' replication engine (replication.hpp) does without them, and the
// reference its tests compare it with. The outputs are identical either way.
enum class EnergyAccounting { kPlugin, kOutputsOnly };

// engine_args: options for SimGrid itself (--cfg=..., --log=...), passed to its Engine. site_rows: where each
// output step's site rows go as they are produced (`gwsim run` writes them to sites.csv as it goes); without it
// they are kept in the record's `sites`.
EngineResult run_simulation(const Scenario& scenario, const std::vector<std::string>& engine_args,
                            EnergyAccounting accounting = EnergyAccounting::kPlugin, SiteRowSink site_rows = {});

// "3.32.0"
std::string simgrid_version();

// The manifest of a run of this scenario: versions, scenario file and hash, overrides, seed, replication, draws.
Manifest manifest_for(const Scenario& scenario);

}  // namespace gwsim::engine
