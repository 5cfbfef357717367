// Plays a scenario's rollout without SimGrid's scheduler: the sweeps' replication engine.
//
// In a sweep replication (EnergyAccounting::kOutputsOnly, engine.hpp) SimGrid's actors do nothing but sleep until
// a simulated time and call the SimGrid-free bookkeeping (rollout_state, workload_step, the fleet recorder): no
// executions, power states or energy plugin. What SimGrid then contributes is the order of those calls, and it
// costs most of a replication (an actor context and stack per site, supplier and tranche, a context switch and a
// sleep action per wake-up, ~17,500 of them over six years). run_replication makes the same calls, with the same
// arguments, in the same order, from one loop over the simulated days:
//   - at the start, in the actors' creation order: each tranche's order day (an order due on the first day is
//     placed at once), each supply line's first production day, each site's first day;
//   - at the start of each day (time_of(day)): the tranches whose order day it is, then the supply lines whose
//     production day it is, then the sites whose next day it is, each in scenario order;
//   - within the day: the workload steps (1 ms after the day or hour starts) and the fleet's samples (noon, or the
//     middle of each hour), in time order;
//   - after the end date (time_of(end) + 1 day): each site's last advance.
// An exception in one of them ends that one's part, is reported as a failure under the actor's name, and the rest
// go on, as when an actor fails. The record therefore equals run_simulation's under kOutputsOnly, and, since the
// outputs never depend on the plugin, `gwsim run`'s too (tests/sim/replication_test.cpp compares the two engines
// on every shipped scenario and on Monte Carlo draws; the sweep tests compare `gwsim run --replication K` with
// row K). `gwsim run` keeps SimGrid: its pods are hosts whose energy SimGrid's plugin accounts beside the outputs.
#pragma once

#include "sim/engine/result.hpp"
#include "sim/output/records.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim::engine {

// site_rows: as run_simulation's (without it the site rows are kept in the record).
EngineResult run_replication(const Scenario& scenario, SiteRowSink site_rows = {});

}  // namespace gwsim::engine
