// Invariants of a rollout, checked on every simulated day. A violation means the engine is wrong, not the input:
// it becomes an internal error naming the day, the site and the values (gwsim exits 1).
//   racks live <= installed <= delivered <= ordered;
//   live facility capacity <= what the grid interconnect can carry (after headroom and losses);
//   GPU-rack power installed in a site's halls <= what their IT capacity and cooling allow;
//   packages and dies = sum over platforms of racks x per-rack figures;
//   cumulative figures (orders, deliveries, installs, live racks, energy, capex, investment) never decrease;
//   the day's energy = the day's power x 24 h (power only changes at day starts).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/output/records.hpp"

namespace gwsim::engine {

struct SiteLimits {
  double facility_limit_mw = 0.0;  // from the grid capacity of the day
  double hall_rack_power_w = 0.0;  // GPU-rack power installed in halls
  double hall_budget_w = 0.0;      // what the ready halls allow for GPU racks
  std::int64_t expected_packages = 0;
  std::int64_t expected_dies = 0;
};

// Returns a description of the first violation, or nullopt. `previous` is the same site's (or fleet's) row of
// the day before, if any.
std::optional<std::string> check_row(const StateRow& row, const StateRow* previous, const SiteLimits* limits);

}  // namespace gwsim::engine
