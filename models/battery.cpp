#include "models/battery.hpp"

#include <algorithm>
#include <cmath>

namespace gwsim::models {

double one_way_efficiency(const Battery& battery) { return std::sqrt(battery.round_trip_efficiency); }

SiteStepResult dispatch_site_step(const Battery& battery, BatteryState state, const SiteStepInput& input,
                                  double duration_h) {
  const double load = std::max(0.0, input.load_mw);
  const double grid_limit = std::max(0.0, input.grid_limit_mw);
  const double generation_limit = std::max(0.0, input.generation_available_mw);
  const double backup_limit = std::max(0.0, input.backup_available_mw);
  const bool moves_energy = duration_h > 0.0 && battery.power_mw > 0.0 && battery.energy_mwh > 0.0;
  const double eta = one_way_efficiency(battery);
  const double soc = state.soc_mwh;
  const double floor_mwh = std::min(soc, battery.reserve_fraction * battery.energy_mwh);

  SiteStepResult r;
  r.state = state;
  // Racks are admitted up to the grid's limit, so a full site's load meets it within rounding: a residue of a
  // billionth of the load is the grid's to carry, and must not start generation or a battery.
  const bool within_grid = load - grid_limit <= 1e-9 * std::max(1.0, load);
  const double grid_to_load = within_grid ? load : grid_limit;
  double deficit = load - grid_to_load;
  const double generation_to_load = std::min(deficit, generation_limit);
  deficit -= generation_to_load;

  if (moves_energy && deficit > 0.0) {
    const double energy_limit_mw = std::max(0.0, (soc - floor_mwh) * eta / duration_h);
    r.discharge_mw = std::min({deficit, battery.power_mw, energy_limit_mw});
    deficit -= r.discharge_mw;
    // Reaching the floor sets it exactly, so rounding never takes S below the reserve.
    r.state.soc_mwh = r.discharge_mw >= energy_limit_mw ? floor_mwh : soc - r.discharge_mw * duration_h / eta;
  }
  r.backup_mw = std::min(deficit, backup_limit);
  r.unserved_mw = deficit - r.backup_mw;

  double charge_from_grid = 0.0;
  double charge_from_generation = 0.0;
  if (moves_energy && r.discharge_mw == 0.0) {
    const double grid_headroom = std::max(0.0, grid_limit - grid_to_load);
    const double generation_headroom = battery.charge_from_generation ? generation_limit - generation_to_load : 0.0;
    const double room_limit_mw = std::max(0.0, (battery.energy_mwh - soc) / (eta * duration_h));
    r.charge_mw = std::min({grid_headroom + generation_headroom, battery.power_mw, room_limit_mw});
    charge_from_grid = std::min(r.charge_mw, grid_headroom);
    charge_from_generation = r.charge_mw - charge_from_grid;
    if (r.charge_mw > 0.0) {
      r.state.soc_mwh = r.charge_mw >= room_limit_mw ? battery.energy_mwh : soc + r.charge_mw * eta * duration_h;
    }
  }
  r.grid_mw = grid_to_load + charge_from_grid;
  r.generation_mw = generation_to_load + charge_from_generation;
  if (moves_energy) r.losses_mwh = (r.charge_mw - r.discharge_mw) * duration_h - (r.state.soc_mwh - soc);
  return r;
}

double swing_power_mw(const Battery& battery, const SiteStepResult& step, double hold_s) {
  const double spare_mw = std::max(0.0, battery.power_mw - step.discharge_mw);
  if (battery.energy_mwh <= 0.0) return 0.0;
  if (hold_s <= 0.0) return spare_mw;
  const double energy_limit_mw =
      std::max(0.0, step.state.soc_mwh) * one_way_efficiency(battery) * kSecondsPerHour / hold_s;
  return std::min(spare_mw, energy_limit_mw);
}

}  // namespace gwsim::models
