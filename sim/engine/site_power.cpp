// On-site supply at each step: generation fleets starting and stopping, the GPU-rack power the power cap allows
// with the battery, training swings (models/power_swing.hpp) and the dispatch of grid, generation and battery
// (models/battery.hpp). Only sites with generation, a battery or swing headroom come here: the others keep the
// grid-only arithmetic of workload_step.cpp, to the bit.
//
// Per step of duration dt (24 h in daily runs: the rule then works on the day's energy; 1 h in hourly runs):
//   budget   the power cap's GPU-rack power comes from G_eq (models/power_chain.hpp) with O = firm generation + the
//            power the battery can hold over the whole step above its reserve, min(P, (S - rho E) eta / dt): the
//            battery shaves the peak of the step, never counted for admission (it is not firm);
//   swings   S = sum over running jobs of swing x sigma_j x the site's live GPU-rack power at peak, sigma_j the
//            share of the live racks the job reserves (its share, or its PFLOPS over the fleet's live PFLOPS:
//            models/power_swing.hpp, reserved_shares); the racks' smoothing r is their platforms' mean weighted by
//            GPU-rack power; the battery offers P less the discharge the step would take without a cap (the dry
//            dispatch of the uncapped plan; swing_power_mw), so a full idle battery offers all of P in hourly and
//            daily runs alike; headroom H; generation ramps within the shortest ramp time from the power that dry
//            dispatch leaves spare. The cap K, GPU-rack MW, comes off the step's GPU-rack budget as it is;
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
#include "models/workload.hpp"
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
    if (!o.installed || *o.installed > scenario->end) {
      // Not installed by the end: its grid step is never energized in the run, or its fleet never runs.
      const std::int64_t missing = o.installed ? o.units : o.units - o.units_delivered;
      const std::string effect = o.grid_step > 0 ? "the step is never energized in the run" : "the fleet never runs";
      add_event({scenario->end, -1, EventKind::kEquipmentShort, site, o.line, static_cast<double>(missing), units,
                 std::to_string(o.units) + " " + o.line + " units for " + what + " not installed by the end (" +
                     (o.installed ? "installed " + models::to_iso(*o.installed)
                                  : std::to_string(o.units_delivered) + " ever delivered") +
                     "): " + effect});
    }
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
    site.capex += models::battery_capex(spec.battery.battery.power_mw, spec.battery.capex_per_kw_usd,
                                        spec.battery.battery.energy_mwh, spec.battery.capex_per_kwh_usd);
  }
  const double grid_w = site.power->grid.value_at(day);
  const double firm_mw = models::site_generation(site.power->fleets, day).firm_mw;
  const double onsite_w = (firm_mw + battery_step_power_mw(site, duration_h)) * 1e6;
  return models::grid_equivalent_w(site.chain, grid_w, onsite_w, spec.swing_headroom_w);
}

models::SiteStepInput RolloutState::step_input(const SiteState& site, models::Date day, double load_mw) const {
  const models::SiteGeneration gen = models::site_generation(site.power->fleets, day);
  models::SiteStepInput in;
  in.load_mw = load_mw;
  in.grid_limit_mw = models::facility_limit_from_grid(site.chain, site.power->grid.value_at(day)) / 1e6;
  in.generation_available_mw = gen.firm_mw;
  in.backup_available_mw = gen.backup_mw;
  return in;
}

// The swing of each step into the site's totals and the fleet's (whose peaks sum the sites at one step).
void RolloutState::add_swing_step(SiteState& site, models::Date day, int hour, double duration_h,
                                  const models::SwingCoverage& c) {
  const auto add = [&](SwingTotals& t, const models::SwingCoverage& step) {
    t.peak_swing_mw = std::max(t.peak_swing_mw, step.swing_mw);
    t.peak_capped_mw = std::max(t.peak_capped_mw, step.capped_mw);
    t.peak_rack_mw = std::max(t.peak_rack_mw, step.rack_mw);
    t.peak_battery_mw = std::max(t.peak_battery_mw, step.battery_mw);
    t.peak_headroom_mw = std::max(t.peak_headroom_mw, step.headroom_mw);
    t.peak_generation_mw = std::max(t.peak_generation_mw, step.generation_ramp_mw);
    if (step.capped_mw > 0.0 && t.last_capped_day != day.days) {
      ++t.capped_days;
      t.last_capped_day = day.days;
    }
  };
  add(site.swing, c);
  site.swing.capped_mwh += c.capped_mw * duration_h;
  fleet_swing.capped_mwh += c.capped_mw * duration_h;
  const std::int32_t key = day.days * 25 + hour + 1;
  if (key != swing_step_key_) {
    swing_step_key_ = key;
    swing_step_ = SwingTotals{};
  }
  swing_step_.peak_swing_mw += c.swing_mw;
  swing_step_.peak_capped_mw += c.capped_mw;
  swing_step_.peak_rack_mw += c.rack_mw;
  swing_step_.peak_battery_mw += c.battery_mw;
  swing_step_.peak_headroom_mw += c.headroom_mw;
  swing_step_.peak_generation_mw += c.generation_ramp_mw;
  models::SwingCoverage sum;
  sum.swing_mw = swing_step_.peak_swing_mw;
  sum.capped_mw = swing_step_.peak_capped_mw;
  sum.rack_mw = swing_step_.peak_rack_mw;
  sum.battery_mw = swing_step_.peak_battery_mw;
  sum.headroom_mw = swing_step_.peak_headroom_mw;
  sum.generation_ramp_mw = swing_step_.peak_generation_mw;
  add(fleet_swing, sum);
}

// The GPU-rack power the site must cap because its swing is not covered; an event when it starts.
void RolloutState::swing_jobs(models::Date day, SwingJobs& jobs) const {
  const Demand& demand = scenario->demand;
  // The racks each running job reserves, over the fleet's live compute (as the workload step reserves them).
  std::vector<models::JobReservation>& asks = jobs.asks;
  asks.clear();
  jobs.share_sigma.clear();
  jobs.swinging = false;
  jobs.ramp_s = 0.0;
  for (std::size_t j = 0; j < demand.training.size() && j < demand.training_swings.size(); ++j) {
    const models::TrainingJob& job = demand.training[j];
    const bool running = job.start <= day && day <= training_last_day_[j];
    asks.push_back({job.share, job.pflops, running});
    jobs.swinging = jobs.swinging || (running && demand.training_swings[j].swing_share > 0.0);
  }
  if (!jobs.swinging) return;
  double live_pflops = 0.0;
  for (const SiteState& site : sites) live_pflops += site.live.pflops_fp8;
  const std::vector<double> sigma = models::reserved_shares(asks, live_pflops);
  double ramp_s = -1.0;
  for (std::size_t j = 0; j < asks.size(); ++j) {
    const models::TrainingSwing& swing = demand.training_swings[j];
    if (!asks[j].running || swing.swing_share <= 0.0) continue;
    jobs.share_sigma.push_back(swing.swing_share * sigma[j]);
    ramp_s = ramp_s < 0.0 ? swing.ramp_time_s : std::min(ramp_s, swing.ramp_time_s);
  }
  jobs.ramp_s = std::max(0.0, ramp_s);
}

double RolloutState::swing_cap_w(SiteState& site, models::Date day, int hour, double duration_h, double w,
                                 const models::SitePower& power, const SwingJobs& jobs) {
  double rack_peak_mw = 0.0;
  double smoothing_mw = 0.0;
  for (const auto& [platform, racks] : site.live_by_platform) {
    const double mw = static_cast<double>(racks) * platform->peak_power_w / 1e6;
    rack_peak_mw += mw;
    smoothing_mw += mw * platform->rack_smoothing_share;
  }
  if (!jobs.swinging || rack_peak_mw <= 0.0) {
    site.swing_capped = false;
    return 0.0;
  }
  double swing_mw = 0.0;
  for (const double share_sigma : jobs.share_sigma) swing_mw += share_sigma * rack_peak_mw;
  const double ramp_s = jobs.ramp_s;

  models::SwingResources res;
  res.rack_smoothing_share = smoothing_mw / rack_peak_mw;
  const models::SiteGeneration gen = models::site_generation(site.power->fleets, day);
  double generation_out_mw = 0.0;
  if (site.power->has_supply) {
    // The step as it would run without a cap: what it leaves the battery, and the generation it runs.
    const models::LoadPlan uncapped =
        models::plan_site_load(w, power, scenario->power_cap.speed_fraction, site.rack_budget_w);
    const double load_mw = models::it_power_from_rack_power(site.chain, models::plan_power_w(uncapped, power)) *
                           site.pue_now / 1e6;
    const models::Battery none{};
    const models::Battery& b = site.battery_started ? site.spec->battery.battery : none;
    const models::SiteStepResult dry = models::dispatch_site_step(b, site.battery, step_input(site, day, load_mw), duration_h);
    if (site.battery_started) res.battery_power_mw = models::swing_power_mw(b, dry, ramp_s);
    generation_out_mw = dry.generation_mw + dry.backup_mw;
  }
  res.headroom_mw = site.spec->swing_headroom_w / 1e6;
  res.generation_ramp_mw_per_min = gen.ramp_mw_per_min;
  res.generation_spare_mw = std::max(0.0, gen.firm_mw + gen.backup_mw - generation_out_mw);
  const models::SwingCoverage c = models::cover_training_swing({swing_mw, 1.0, ramp_s}, res);
  add_swing_step(site, day, hour, duration_h, c);
  if (c.capped_mw > 0.0 && !site.swing_capped) {
    add_event({day, hour, EventKind::kTrainingSwingCapped, site.spec->name, "", c.capped_mw, swing_mw,
               "training swing of " + mw_text(swing_mw) + " of GPU-rack power not covered: training capped by " +
                   mw_text(c.capped_mw)});
  }
  site.swing_capped = c.capped_mw > 0.0;
  return c.capped_mw * 1e6;
}

void RolloutState::dispatch_supply(SiteState& site, models::Date day, double duration_h) {
  const Site& spec = *site.spec;
  const models::Battery& b = spec.battery.battery;
  const models::SiteStepInput in = step_input(site, day, site.facility_power_w() / 1e6);
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
