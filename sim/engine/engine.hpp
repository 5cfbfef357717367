// Runs one scenario on SimGrid and returns what happened. One simulation per process (SimGrid cannot restart
// its clock in-process).
#pragma once

#include <string>
#include <vector>

#include "sim/output/records.hpp"
#include "sim/output/writer.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim::engine {

struct EngineResult {
  RunRecord record;
  std::vector<std::string> failures;  // exceptions caught inside actors; non-empty means an internal error
};

// kSkip leaves SimGrid's engine and platform in memory: only for a process that exits right after the run.
enum class Teardown { kFull, kSkip };

// kPlugin: pods carry their workload as SimGrid executions and power states, and SimGrid's host-energy plugin
// accounts their energy beside the outputs' own integral (summary.json energy_check). kOutputsOnly: the same
// rollout and the same outputs, but no executions, power states or plugin: for sweep replications, where the
// plugin's cross-check is not read and costs most of the time (`gwsim run --replication K` reruns any of them
// with it). The outputs are identical either way.
enum class EnergyAccounting { kPlugin, kOutputsOnly };

// engine_args: options for SimGrid itself (--cfg=..., --log=...), passed to its Engine. site_rows: where each
// output step's site rows go as they are produced (`gwsim run` writes them to sites.csv as it goes); without it
// they are kept in the record's `sites`.
EngineResult run_simulation(const Scenario& scenario, const std::vector<std::string>& engine_args,
                            Teardown teardown = Teardown::kFull,
                            EnergyAccounting accounting = EnergyAccounting::kPlugin, SiteRowSink site_rows = {});

// For a process that forks one child per simulation (a sweep's parent, its zygote): starts SimGrid's engine with
// these options once, before the first fork, so that each child's run_simulation (given the same engine_args and
// Teardown::kSkip) finds it started instead of starting its own. The parent itself never runs a simulation after
// this; the engine is never taken apart. It also builds the tables every run reads (the output fields, the
// logger), which the children then inherit built.
void prepare_engine(const std::vector<std::string>& engine_args);

// "3.32.0"
std::string simgrid_version();

// The manifest of a run of this scenario: versions, scenario file and hash, overrides, seed, replication, draws.
Manifest manifest_for(const Scenario& scenario);

}  // namespace gwsim::engine
