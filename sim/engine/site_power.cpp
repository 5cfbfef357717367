// On-site supply at each step: generation fleets starting and stopping, the GPU-rack power the power cap allows
// with the battery, training swings (models/power_swing.hpp) and the dispatch of grid, generation and battery
// (models/battery.hpp). Only sites with generation, a battery or swing headroom come here: the others keep the
// grid-only arithmetic of workload_step.cpp, to the bit.
//
// Per step of duration dt (24 h in daily runs: the rule then works on the day's energy; 1 h in hourly runs):
//   budget   the power cap's GPU-rack power comes from G_eq (models/power_chain.hpp) with O = firm generation + the
//            power the battery can hold over the whole step above its reserve, min(P, (S - rho E) eta / dt): the
//            battery shaves the peak of the step, never counted for admission (it is not firm);
//   swings   S = sum over running jobs of swing x share x the site's live facility power at peak; the racks'
//            smoothing r is their platforms' mean weighted by live facility power; the battery offers what the
//            budget left it, P - min(P, (S - rho E) eta / dt); headroom H; generation ramps within the shortest
//            ramp time from its spare power. The cap K (facility MW) comes off the step's budget, as GPU-rack power;
//   dispatch load L = the facility power once the plan has set the racks; grid limit F_max(G) (after headroom
//            and losses), firm generation F and backup B as in service that day.
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/battery.hpp"
#include "models/capex.hpp"
#include "models/demand.hpp"
#include "models/generation.hpp"
#include "models/power_chain.hpp"
#include "models/power_swing.hpp"
#include "sim/engine/rollout_state.hpp"

namespace gwsim::engine {
namespace {

std::string mw_text(double mw) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f MW", mw);
  return buf;
}

bool battery_in_service(const Site& spec, models::Date day) {
  return spec.battery.stated && spec.battery.in_service <= day;
}

// What the battery can give over a whole step above its reserve (MW at its connection).
double battery_step_power_mw(const SiteState& site, double duration_h) {
  const models::Battery& b = site.spec->battery.battery;
  if (!site.battery_started || duration_h <= 0.0) return 0.0;
  const double above_reserve = std::max(0.0, site.battery.soc_mwh - b.reserve_fraction * b.energy_mwh);
  return std::min(b.power_mw, above_reserve * models::one_way_efficiency(b) / duration_h);
}

}  // namespace

void RolloutState::add_equipment_events() {
  for (const EquipmentOrderOutcome& o : power_plan.orders) {
    const std::string& site = scenario->sites[o.site].name;
    const std::string what = o.grid_step > 0 ? "grid step " + std::to_string(o.grid_step) : "generation " + o.fleet;
    const double units = static_cast<double>(o.units);
    const double step = static_cast<double>(o.grid_step);
    auto add = [&](models::Date day, EventKind kind, const std::string& detail) {
      if (day < scenario->start || day > scenario->end) return;  // the run says nothing outside its days
      add_event({day, -1, kind, site, o.line, units, step, detail});
    };
    add(o.ordered, EventKind::kEquipmentOrdered,
        std::to_string(o.units) + " " + o.line + " units ordered for " + what);
    if (o.last_delivery) {
      add(*o.last_delivery, EventKind::kEquipmentDelivered, "last " + o.line + " unit for " + what + " delivered");
    }
    if (o.installed) add(*o.installed, EventKind::kEquipmentInstalled, o.line + " units for " + what + " installed");
  }
}

void RolloutState::track_generation(SiteState& site, models::Date day) {
  const std::vector<models::GenerationFleet>& fleets = site.power->fleets;
  for (std::size_t f = 0; f < fleets.size(); ++f) {
    const models::GenerationMode mode = models::generation_mode(fleets[f], day);
    const models::GenerationMode was = site.fleet_modes[f];
    if (mode == was) continue;
    site.fleet_modes[f] = mode;
    const double mw = models::available_mw(fleets[f], mode == models::GenerationMode::kOff ? models::Date{day.days - 1} : day);
    const bool firm = mode == models::GenerationMode::kFirm;
    if (was == models::GenerationMode::kOff && !site.fleet_capex_booked[f]) {  // paid once, on entering service
      site.fleet_capex_booked[f] = true;
      const double nameplate_mw = fleets[f].unit_mw * static_cast<double>(fleets[f].unit_count);
      site.capex += models::generation_capex(nameplate_mw, site.spec->generation[f].capex_per_mw_usd);
    }
    if (was == models::GenerationMode::kOff) {
      add_event({day, -1, EventKind::kGenerationStarted, site.spec->name, fleets[f].name, mw, firm ? 1.0 : 0.0,
                 fleets[f].name + ": " + mw_text(mw) + (firm ? " of firm supply" : " of backup")});
    } else if (mode == models::GenerationMode::kOff || was == models::GenerationMode::kFirm) {
      const bool backup = mode == models::GenerationMode::kBackup;
      add_event({day, -1, EventKind::kGenerationStopped, site.spec->name, fleets[f].name, mw, backup ? 1.0 : 0.0,
                 fleets[f].name + (backup ? ": no longer firm, kept as backup" : ": retired")});
    }
  }
}

double RolloutState::supply_budget_w(SiteState& site, models::Date day, double duration_h) {
  const Site& spec = *site.spec;
  if (battery_in_service(spec, day) && !site.battery_started) {
    site.battery_started = true;
    site.battery.soc_mwh = spec.battery.initial_charge * spec.battery.battery.energy_mwh;
    site.capex += models::battery_capex(spec.battery.battery.energy_mwh, spec.battery.capex_per_kwh_usd);
  }
  const double grid_w = site.power->grid.value_at(day);
  const double firm_mw = models::site_generation(site.power->fleets, day).firm_mw;
  const double onsite_w = (firm_mw + battery_step_power_mw(site, duration_h)) * 1e6;
  return models::grid_equivalent_w(spec.power_chain(), grid_w, onsite_w, spec.swing_headroom_w);
}

// The training power the site must cap (facility W) because its swing is not covered; an event when it starts.
double RolloutState::swing_cap_w(SiteState& site, models::Date day, int hour, double duration_h) {
  const Demand& demand = scenario->demand;
  double swing_mw = 0.0;
  double ramp_s = -1.0;
  const double live_mw = site.live_peak.facility_w / 1e6;
  for (std::size_t j = 0; j < demand.training.size() && j < demand.training_swings.size(); ++j) {
    const models::TrainingJob& job = demand.training[j];
    const models::TrainingSwing& swing = demand.training_swings[j];
    if (swing.swing_share <= 0.0 || day < job.start || day > models::training_last_day(job)) continue;
    swing_mw += swing.swing_share * job.share * live_mw;
    ramp_s = ramp_s < 0.0 ? swing.ramp_time_s : std::min(ramp_s, swing.ramp_time_s);
  }
  double capped_mw = 0.0;
  if (swing_mw > 0.0) {
    models::SwingResources res;
    double smoothing_mw = 0.0;
    const models::PowerChain chain = site.spec->power_chain();
    for (const auto& [platform, racks] : site.live_by_platform) {
      smoothing_mw += static_cast<double>(racks) * models::rack_peak_power(chain, platform->peak_power_w).facility_w /
                      1e6 * platform->rack_smoothing_share;
    }
    res.rack_smoothing_share = live_mw > 0.0 ? smoothing_mw / live_mw : 0.0;
    if (battery_in_service(*site.spec, day) && site.battery_started) {
      res.battery_power_mw = std::max(0.0, site.spec->battery.battery.power_mw - battery_step_power_mw(site, duration_h));
    }
    res.headroom_mw = site.spec->swing_headroom_w / 1e6;
    const models::SiteGeneration gen = models::site_generation(site.power->fleets, day);
    res.generation_ramp_mw_per_min = gen.ramp_mw_per_min;
    res.generation_spare_mw =
        std::max(0.0, gen.firm_mw + gen.backup_mw - site.supply.dispatch.generation_mw - site.supply.dispatch.backup_mw);
    const models::SwingCoverage c =
        models::cover_training_swing({swing_mw, 1.0, std::max(0.0, ramp_s)}, res);
    capped_mw = c.capped_mw;
    if (capped_mw > 0.0 && !site.swing_capped) {
      add_event({day, hour, EventKind::kTrainingSwingCapped, site.spec->name, "", capped_mw, swing_mw,
                 "training swing of " + mw_text(swing_mw) + " not covered: training capped by " + mw_text(capped_mw)});
    }
  }
  site.swing_capped = capped_mw > 0.0;
  return capped_mw * 1e6;
}

void RolloutState::dispatch_supply(SiteState& site, models::Date day, double duration_h) {
  const Site& spec = *site.spec;
  const models::Battery& b = spec.battery.battery;
  const models::SiteGeneration gen = models::site_generation(site.power->fleets, day);
  models::SiteStepInput in;
  in.load_mw = site.facility_power_w() / 1e6;
  in.grid_limit_mw = models::facility_limit_from_grid(spec.power_chain(), site.power->grid.value_at(day)) / 1e6;
  in.generation_available_mw = gen.firm_mw;
  in.backup_available_mw = gen.backup_mw;
  const models::Battery none{};
  site.supply.load_mw = in.load_mw;
  site.supply.dispatch =
      models::dispatch_site_step(site.battery_started ? b : none, site.battery, in, duration_h);
  if (site.battery_started) site.battery = site.supply.dispatch.state;

  const std::vector<double> out = models::split_output_mw(site.power->fleets, day, site.supply.dispatch.generation_mw,
                                                          site.supply.dispatch.backup_mw);
  site.supply.fuel_mmbtu_per_h = site.supply.fuel_usd_per_h = site.supply.co2_g_per_h = 0.0;
  for (std::size_t f = 0; f < out.size(); ++f) {
    const models::GenerationFleet& fleet = site.power->fleets[f];
    const double fuel = models::fuel_mmbtu(fleet, out[f], 1.0);
    site.supply.fuel_mmbtu_per_h += fuel;
    site.supply.fuel_usd_per_h += models::fuel_cost_usd(fleet, fuel, day);
    site.supply.co2_g_per_h += models::co2_tonnes(fleet, fuel) * 1e6;
  }
}

}  // namespace gwsim::engine
