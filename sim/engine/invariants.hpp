// Invariants of a rollout, checked on every simulated day. A violation means the engine is wrong, not the input:
// it becomes an internal error naming the day, the site and the values (gwsim exits 1).
//   racks live <= installed <= delivered <= ordered;
//   live facility capacity (at peak) <= what the grid interconnect can carry (after headroom and losses);
//   GPU-rack power installed in a site's halls <= what their IT capacity and cooling allow;
//   packages and dies = sum over platforms of racks x per-rack figures;
//   cumulative figures (orders, deliveries, installs, live racks, energy, capex, investment) never decrease;
//   GPU-rack power <= what the grid allows at the current PUE (the power cap), unless even idle racks exceed it;
//   served compute <= live peak compute;
//   the day's energy = the day's power x 24 h in daily runs (power only changes at day starts);
//   at a site with on-site supply, every sampled step: the dispatch served the facility load in force, and
//   load = grid + generation + backup + discharge - charge + unserved (models/battery.hpp), charge and discharge
//   not both, each within [0, P], the state of charge within [0, E].
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "models/battery.hpp"
#include "sim/output/records.hpp"

namespace gwsim::engine {

// A site's supply at a sampled step: its facility power now, and the step's dispatch.
struct SupplyBalance {
  double facility_mw = 0.0;
  double load_mw = 0.0;  // what the dispatch served
  models::SiteStepResult dispatch;
  double soc_mwh = 0.0;
  double energy_mwh = 0.0;  // the battery's E (0 before it is in service)
  double power_mw = 0.0;
};

struct SiteLimits {
  double facility_limit_mw = 0.0;  // from the grid capacity of the day
  double hall_rack_power_w = 0.0;  // GPU-rack power installed in halls
  double hall_budget_w = 0.0;      // what the ready halls allow for GPU racks
  std::int64_t expected_packages = 0;
  std::int64_t expected_dies = 0;
  double rack_power_w = 0.0;       // GPU-rack power drawn now
  double rack_budget_w = 0.0;      // what the grid allows now (power cap)
  bool over_budget = false;        // the idle racks alone exceed the budget: the cap cannot hold
  // Sites with on-site supply. Empty by std::nullopt, not by value-initialization, which zero-fills the
  // SupplyBalance it does not hold (the limits are made for every site every day).
  std::optional<SupplyBalance> supply = std::nullopt;
};

// Returns a description of the first violation, or nullopt. `previous` is the same site's (or fleet's) row of
// the day before, if any. `daily_power`: power is constant over each day (daily runs), so the day's energy
// must equal its power x 24 h.
std::optional<std::string> check_row(const StateRow& row, const StateRow* previous, const SiteLimits* limits,
                                     bool daily_power = true);

}  // namespace gwsim::engine
