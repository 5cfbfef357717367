#include "sim/engine/fleet_recorder.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <string>
#include <utility>

#include "models/lifecycle.hpp"
#include "models/number_text.hpp"
#include "models/power_chain.hpp"
#include "models/rack_model.hpp"
#include "sim/engine/finance_pass.hpp"

namespace gwsim::engine {
namespace {

constexpr double kDay = models::kSecondsPerDay;
constexpr double kNoon = kDay / 2.0;
constexpr double kHour = 3600.0;
// Hourly runs do the day's milestones and checks at this hour's sample (12:30), as daily runs do at noon.
constexpr int kDailyHour = 12;

std::string hour_text(int hour) { return (hour < 10 ? "0" : "") + std::to_string(hour) + ":00"; }

// A sample's date as the summaries give it: the day, with the hour in hourly runs.
std::string when(const SampleTime& at) {
  return models::to_iso(at.day) + (at.hour >= 0 ? "T" + hour_text(at.hour) : "");
}


// A site's row at a sample, written over the row it had before (its name stays; read_rows sets the hour): the
// figures the daily checks and the trackers read, at every sample. `t`: the site's totals through the end of the
// row's period (the flows hold until the next step).
void read_site_row(StateRow& row, const SiteState& site, const RolloutState& state, models::Date day,
                   const SiteTotals& t) {
  row.date = day;
  row.live = site.live;
  row.racks_ordered = state.ordered_at(site, day);
  row.racks_delivered = site.delivered;
  row.racks_installed = site.installed;
  row.racks_retired = site.retired;
  row.demand_pflops = site.demand_pflops;
  row.served_pflops = site.served_pflops;
  row.unserved_pflops = site.unserved_pflops();
  row.training_demand_pflops = site.training_demand_pflops;
  row.training_served_pflops = site.training_served_pflops;
  row.inference_served_pflops = site.inference_served_pflops;
  row.it_power_mw = site.it_power_w() / 1e6;
  row.facility_power_mw = site.facility_power_w() / 1e6;
  row.grid_import_mw = site.grid_import_w() / 1e6;
  row.live_capacity_mw = models::power_on_basis_w(state.scenario->gw_basis, site.live_peak) / 1e6;
  row.live_facility_capacity_mw = site.live_peak.facility_w / 1e6;
  row.it_energy_mwh = t.it_j / 3.6e9;
  row.energy_mwh = t.facility_j / 3.6e9;
  row.racks_in_repair = site.racks_in_repair;
  row.effective_pflops = site.effective_pflops;
  row.capex_usd = site.capex.total_usd();
  row.held = site.held;
  row.binding = site.binding;
}

// The rest of a site's row, which only the rows that leave the recorder (stored rows, the final states) carry.
void read_site_outputs(StateRow& row, const SiteState& site, const RolloutState& state, models::Date day,
                       const SiteTotals& t) {
  row.lost_to_cap_pflops = site.lost_to_cap_pflops;
  row.inference_demand_tokens_per_s = site.inference_demand_tokens_per_s;
  row.inference_served_tokens_per_s = site.inference_served_tokens_per_s;
  row.utilization = site.live.pflops_fp8 > 0.0 ? site.served_pflops / site.live.pflops_fp8 : 0.0;
  row.pue = site.pue_now;
  // From the schedule, not the site's last wake-up: an idle site sleeps through days that change nothing else.
  row.grid_capacity_mw = site.power->grid.value_at(day) / 1e6;
  row.grid_energy_mwh = t.grid_j / 3.6e9;
  row.co2_t = t.co2_g / 1e6;
  row.water_m3 = t.water_l / 1e3;
  if (site.power->has_supply) {
    const models::SiteStepResult& d = site.supply.dispatch;
    row.onsite_generation_mw = d.generation_mw + d.backup_mw;
    row.battery_charge_mw = d.charge_mw;
    row.battery_discharge_mw = d.discharge_mw;
    row.battery_soc_mwh = site.battery.soc_mwh;
    row.generation_energy_mwh = t.generation_j / 3.6e9;
    row.battery_discharged_mwh = t.discharged_j / 3.6e9;
    row.fuel_mmbtu = t.fuel_mmbtu;
    row.fuel_cost_usd = t.fuel_cost_usd;
    row.co2_generation_t = t.co2_generation_g / 1e6;
  } else {
    row.onsite_generation_mw = row.battery_charge_mw = row.battery_discharge_mw = row.battery_soc_mwh = 0.0;
    row.generation_energy_mwh = row.battery_discharged_mwh = row.fuel_mmbtu = row.fuel_cost_usd = 0.0;
    row.co2_generation_t = 0.0;
  }
  row.swing_capped_mw = site.swing_capped_w / 1e6;
  row.interruption_weight = site.interruption_weight;
  row.training_goodput = reference_job_health(state.scenario->reliability, static_cast<double>(site.live.gpu_packages),
                                              site.interruption_weight)
                             .goodput;
  row.capex = site.capex;
  row.never_admitted = site.never_admitted;
}

// The fleet's sums of read_site_row's figures (each figure its own sum, site by site in scenario order).
void add_to_fleet(StateRow& fleet, const StateRow& site) {
  fleet.live += site.live;
  fleet.racks_ordered += site.racks_ordered;
  fleet.racks_delivered += site.racks_delivered;
  fleet.racks_installed += site.racks_installed;
  fleet.racks_retired += site.racks_retired;
  fleet.demand_pflops += site.demand_pflops;
  fleet.served_pflops += site.served_pflops;
  fleet.unserved_pflops += site.unserved_pflops;
  fleet.training_demand_pflops += site.training_demand_pflops;
  fleet.training_served_pflops += site.training_served_pflops;
  fleet.inference_served_pflops += site.inference_served_pflops;
  fleet.it_power_mw += site.it_power_mw;
  fleet.facility_power_mw += site.facility_power_mw;
  fleet.grid_import_mw += site.grid_import_mw;
  fleet.live_capacity_mw += site.live_capacity_mw;
  fleet.live_facility_capacity_mw += site.live_facility_capacity_mw;
  fleet.it_energy_mwh += site.it_energy_mwh;
  fleet.energy_mwh += site.energy_mwh;
  fleet.racks_in_repair += site.racks_in_repair;
  fleet.effective_pflops += site.effective_pflops;
  fleet.capex_usd += site.capex_usd;
  fleet.held += site.held;
}

// The fleet's sums of read_site_outputs' figures.
void add_outputs_to_fleet(StateRow& fleet, const StateRow& site) {
  fleet.lost_to_cap_pflops += site.lost_to_cap_pflops;
  fleet.inference_demand_tokens_per_s += site.inference_demand_tokens_per_s;
  fleet.inference_served_tokens_per_s += site.inference_served_tokens_per_s;
  fleet.grid_capacity_mw += site.grid_capacity_mw;
  fleet.grid_energy_mwh += site.grid_energy_mwh;
  fleet.co2_t += site.co2_t;
  fleet.onsite_generation_mw += site.onsite_generation_mw;
  fleet.battery_charge_mw += site.battery_charge_mw;
  fleet.battery_discharge_mw += site.battery_discharge_mw;
  fleet.battery_soc_mwh += site.battery_soc_mwh;
  fleet.generation_energy_mwh += site.generation_energy_mwh;
  fleet.battery_discharged_mwh += site.battery_discharged_mwh;
  fleet.fuel_mmbtu += site.fuel_mmbtu;
  fleet.fuel_cost_usd += site.fuel_cost_usd;
  fleet.co2_generation_t += site.co2_generation_t;
  fleet.swing_capped_mw += site.swing_capped_mw;
  fleet.interruption_weight += site.interruption_weight;
  fleet.water_m3 += site.water_m3;
  fleet.capex += site.capex;
  fleet.never_admitted += site.never_admitted;
}

// Fleet figures that are ratios, once the sites are summed.
void finish_fleet(StateRow& fleet) {
  fleet.utilization = fleet.live.pflops_fp8 > 0.0 ? fleet.served_pflops / fleet.live.pflops_fp8 : 0.0;
  fleet.pue = fleet.it_power_mw > 0.0 ? fleet.facility_power_mw / fleet.it_power_mw : 0.0;
}

// What a site's halls allow for GPU racks, hall by hall (the power chain and the halls are the site's for the
// whole run).
std::vector<double> hall_budgets_w(const SiteState& site) {
  std::vector<double> budgets;
  for (const HallState& hall : site.halls) {
    budgets.push_back(models::hall_rack_power_budget_w(
        site.chain, {hall.spec->it_capacity_w, hall.spec->cooling_capacity_w, hall.spec->cooling}));
  }
  return budgets;
}

// What a site's row is checked against (invariants.hpp).
// `peak_grid_w`: the highest interconnect capacity so far. Racks admitted under it stay live if the capacity later
// falls (a curtailment): the power cap then holds their draw under the lower limit. `hall_budget_w`: hall_budgets_w.
SiteLimits limits_of(const SiteState& site, double peak_grid_w, const std::vector<double>& hall_budget_w) {
  // Summed in locals: the sums stay in registers (the same additions in the same order).
  double hall_rack_power_w = 0.0;
  double hall_budget_sum_w = 0.0;
  for (const HallState& hall : site.halls) {
    hall_rack_power_w += hall.used_rack_power_w;
    if (hall.is_ready) hall_budget_sum_w += hall_budget_w[hall.index];
  }
  std::int64_t packages = 0;
  std::int64_t dies = 0;
  for (const auto& [platform, racks] : site.live_by_platform) {
    packages += racks * platform->gpu_packages;
    dies += racks * platform->gpu_dies;
  }
  // Every figure given where the limits are made: not a zero-filled struct then set (every site, every day).
  SiteLimits limits{.facility_limit_mw = models::facility_limit_from_grid(site.chain, peak_grid_w) / 1e6,
                    .hall_rack_power_w = hall_rack_power_w,
                    .hall_budget_w = hall_budget_sum_w,
                    .expected_packages = packages,
                    .expected_dies = dies,
                    .rack_power_w = site.rack_power_w,
                    .rack_budget_w = site.rack_budget_w,
                    .over_budget = site.over_budget};
  if (site.power->has_supply) {
    const Site& spec = *site.spec;
    limits.supply = SupplyBalance{};
    limits.supply->facility_mw = site.facility_power_w() / 1e6;
    limits.supply->dispatch = site.supply.dispatch;
    limits.supply->load_mw = site.supply.load_mw;
    limits.supply->soc_mwh = site.battery.soc_mwh;
    limits.supply->energy_mwh = site.battery_started ? spec.battery.battery.energy_mwh : 0.0;
    limits.supply->power_mw = site.battery_started ? spec.battery.battery.power_mw : 0.0;
  }
  return limits;
}

// The next output date after `day` (calendar months, or whole days).
models::Date next_output_date(const Scenario& s, models::Date sample, int& months_done) {
  if (s.output_step.months > 0) {
    months_done += s.output_step.months;
    return models::add_calendar_months(s.start, months_done);
  }
  return models::Date{sample.days + s.output_step.days};
}

}  // namespace

FleetRecorder::FleetRecorder(const Scenario& scenario, RolloutState& state, SiteRowSink site_rows)
    : scenario_(scenario),
      state_(state),
      investments_(scenario.finance.investments),
      next_output_(scenario.start),
      site_sink_(std::move(site_rows)) {
  const std::size_t n = state_.sites.size();
  record_.demand_stated = scenario_.demand.stated;
  record_.serve_first = scenario_.demand.serve_first;
  record_.nvidia_networking_share = scenario_.finance.nvidia_networking_share;
  record_.revenue_basis = scenario_.finance.revenue.basis;
  record_.site_outcomes.resize(n);
  for (std::size_t i = 0; i < n; ++i) record_.site_outcomes[i].name = state_.sites[i].spec->name;
  record_.gw_basis = scenario_.gw_basis;
  record_.grid_firm_share = 1.0 - scenario_.power_chain.redundancy_headroom;
  for (const models::TrainingSwing& swing : scenario_.demand.training_swings)
    record_.swings_stated = record_.swings_stated || swing.swing_share > 0.0;
  tranche_live_.resize(state_.tranches.size());
  for (const Lot& lot : state_.lots) tranche_live_[lot.tranche].pods += lot.pods.size();
  peak_grid_w_.assign(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const std::optional<models::Date> installed = state_.power_plan.sites[i].last_installed;
    if (installed) record_.site_outcomes[i].equipment_installed_date = models::to_iso(*installed);
  }
  // Each row buffer keeps its site's name; read_rows rewrites the rest.
  site_rows_.resize(n);
  yesterday_sites_.resize(n);
  for (std::size_t i = 0; i < n; ++i) site_rows_[i].site = yesterday_sites_[i].site = state_.sites[i].spec->name;
  hall_budget_w_.reserve(n);
  for (const SiteState& site : state_.sites) hall_budget_w_.push_back(hall_budgets_w(site));
  for (const models::Platform& platform : state_.scenario->catalog.platforms) {
    rack_capex_usd_.push_back(platform.capex.total_usd());
    rack_tokens_per_s_.push_back(models::realized_tokens_per_s(platform));
  }
  // The rows store() will keep, reserved: growing the record would hold the old rows and the new at once (the
  // peak of a long hourly run).
  std::size_t rows = 0;
  if (hourly()) {
    rows = static_cast<std::size_t>(std::max(0, scenario_.end.days - scenario_.start.days + 1)) *
           static_cast<std::size_t>((23 + scenario_.output_step.hours) / scenario_.output_step.hours);
  } else {
    int months = 0;
    for (models::Date d = scenario_.start; d <= scenario_.end; ++rows) {
      const models::Date next = next_output_date(scenario_, d, months);
      if (next <= d) break;
      d = next;
    }
  }
  record_.timeline.reserve(rows);
  site_grid_energy_mwh_.reserve(rows * n);
  if (!site_sink_) record_.sites.reserve(rows * n);
  if (scenario_.start <= scenario_.end) {
    const double day_s = state_.time_of(scenario_.start);
    next_ = hourly() ? SampleTime{scenario_.start, 0, day_s + 0.5 * kHour, day_s + kHour}
                     : SampleTime{scenario_.start, -1, day_s + kNoon, day_s + kDay};
  }
}

void FleetRecorder::sample() {
  if (!next_) throw std::logic_error("fleet recorder: sample() after the end date");
  const SampleTime at = *next_;
  const bool daily = !hourly() || at.hour == kDailyHour;
  // The rows leave the recorder at each output date (each Nth hour in hourly runs), and the last sample's are the
  // final states: only those are read whole.
  const bool output = hourly() ? at.hour % scenario_.output_step.hours == 0 : at.day == next_output_;
  const bool last = at.day == scenario_.end && (!hourly() || at.hour == 23);
  read_rows(at, output || last);
  track_shortfall(at);
  track_peaks();
  track_load(at);
  track_service();
  check_sites(at, daily);
  if (daily) fire_milestones(at.day);
  if (!hourly() && state_.peak_hour_short) ++record_.peak_hour_shortfall_days;
  fleet_.investment_usd = investments_.total_usd();
  fleet_.binding = binding_constraint(fleet_.held);
  if (daily) close_day(at);
  if (output || last) fleet_.service = service_;
  if (output) store();
  if (last) {
    record_.final_state = fleet_;
    for (std::size_t i = 0; i < site_rows_.size(); ++i) record_.site_outcomes[i].final_state = site_rows_[i];
  }
  advance();
}

// Every site's row and the fleet's, as they stand at the sample; `whole`: with the figures only the rows that
// leave the recorder carry (read_site_outputs).
void FleetRecorder::read_rows(const SampleTime& at, bool whole) {
  if (keep_site_rows_) {
    site_rows_.swap(yesterday_sites_);
    keep_site_rows_ = false;
  }
  fleet_ = StateRow{};
  fleet_.date = at.day;
  fleet_.hour = at.hour;
  for (std::size_t i = 0; i < state_.sites.size(); ++i) {
    const SiteState& site = state_.sites[i];
    peak_grid_w_[i] = std::max(peak_grid_w_[i], state_.admission_capacity_w(i, at.day));
    const SiteTotals totals = site.totals_at(at.period_end_s);
    StateRow& row = site_rows_[i];
    read_site_row(row, site, state_, at.day, totals);
    row.hour = at.hour;
    add_to_fleet(fleet_, row);
    if (whole) {
      read_site_outputs(row, site, state_, at.day, totals);
      add_outputs_to_fleet(fleet_, row);
    }
  }
  finish_fleet(fleet_);
  if (whole) {
    fleet_.training_goodput = reference_job_health(scenario_.reliability, static_cast<double>(fleet_.live.gpu_packages),
                                                   fleet_.interruption_weight)
                                  .goodput;
  }
}

// Demand against capacity: an event when the fleet starts and stops leaving demand unserved, the day counted
// as a shortfall day, and the peak.
void FleetRecorder::track_shortfall(const SampleTime& at) {
  char buf[200];
  if (fleet_.unserved_pflops > 0.0) {
    short_today_ = true;
    // Which workload went short (demand.serve_first decides which one gives way).
    const double tol = 1e-9 * std::max(1.0, fleet_.demand_pflops);
    const double inference_demand = fleet_.demand_pflops - fleet_.training_demand_pflops;
    if (fleet_.training_demand_pflops - fleet_.training_served_pflops > tol) training_short_today_ = true;
    if (inference_demand - fleet_.inference_served_pflops > tol) inference_short_today_ = true;
    if (!in_shortfall_) {
      // EFLOP/s like the printed summary; the share says at a glance whether the gap matters.
      std::snprintf(buf, sizeof buf, " EFLOP/s of %s EFLOP/s demanded not served (%.3g%%)",
                    ::models::with_commas(fleet_.demand_pflops / 1e3, 3).c_str(),
                    100.0 * fleet_.unserved_pflops / fleet_.demand_pflops);
      const std::string detail = ::models::with_commas(fleet_.unserved_pflops / 1e3, 3) + buf;
      state_.add_event({at.day, at.hour, EventKind::kDemandExceedsCapacity, "", "", fleet_.unserved_pflops,
                        fleet_.demand_pflops, detail});
      in_shortfall_ = true;
    }
    if (fleet_.unserved_pflops > record_.peak_unserved_pflops) {
      record_.peak_unserved_pflops = fleet_.unserved_pflops;
      peak_unserved_at_ = at;
    }
  } else if (in_shortfall_) {
    state_.add_event({at.day, at.hour, EventKind::kDemandMet, "", "", fleet_.demand_pflops, std::nullopt,
                      "all " + ::models::with_commas(fleet_.demand_pflops / 1e3, 3) + " EFLOP/s served"});
    in_shortfall_ = false;
  }
}

void FleetRecorder::track_peaks() {
  record_.reliability.peak_racks_in_repair = std::max(record_.reliability.peak_racks_in_repair, fleet_.racks_in_repair);
  if (fleet_.live.pflops_fp8 > 0.0) {
    ++availability_samples_;
    availability_sum_ += fleet_.effective_pflops / fleet_.live.pflops_fp8;
  }
  record_.peak_facility_power_mw = std::max(record_.peak_facility_power_mw, fleet_.facility_power_mw);
  record_.peak_grid_import_mw = std::max(record_.peak_grid_import_mw, fleet_.grid_import_mw);
  for (std::size_t i = 0; i < site_rows_.size(); ++i) {
    SiteOutcome& site = record_.site_outcomes[i];
    site.peak_grid_import_mw = std::max(site.peak_grid_import_mw, site_rows_[i].grid_import_mw);
    if (site.first_live_date.empty() && site_rows_[i].live.racks > 0) site.first_live_date = models::to_iso(site_rows_[i].date);
  }
}

// Every site's row against its limits; once a day also against the day before (cumulative figures, the day's
// energy). Between the daily checks of hourly runs every sampled hour is checked too (the power cap above all).
void FleetRecorder::check_sites(const SampleTime& at, bool daily) {
  for (std::size_t i = 0; i < state_.sites.size(); ++i) {
    const SiteLimits limits = limits_of(state_.sites[i], peak_grid_w_[i], hall_budget_w_[i]);
    if (daily) {
      const StateRow* previous = at.day == scenario_.start ? nullptr : &yesterday_sites_[i];
      if (auto broken = check_row(site_rows_[i], previous, &limits, !hourly())) {
        throw std::logic_error("invariant broken: " + *broken);
      }
    } else if (auto broken = check_row(site_rows_[i], nullptr, &limits, false)) {
      throw std::logic_error("invariant broken: " + *broken + " (" + hour_text(at.hour) + " UTC)");
    }
  }
  keep_site_rows_ = daily;
}

// Utilization, idle compute and demand of the fleet at this step, for the run's averages and peaks.
void FleetRecorder::track_load(const SampleTime& at) {
  LoadOutcome& load = record_.load;
  ++samples_;
  utilization_sum_ += fleet_.utilization;
  demand_sum_ += fleet_.demand_pflops;
  const double idle = std::max(0.0, fleet_.live.pflops_fp8 - fleet_.served_pflops);
  if (fleet_.live.racks > 0) {
    ++samples_live_;
    utilization_live_sum_ += fleet_.utilization;
    idle_live_sum_ += idle;
    if (!peak_utilization_at_ || fleet_.utilization > load.peak_utilization) {
      load.peak_utilization = fleet_.utilization;
      peak_utilization_at_ = at;
    }
  }
  if (fleet_.demand_pflops > load.peak_demand_pflops) {
    load.peak_demand_pflops = fleet_.demand_pflops;
    peak_demand_at_ = at;
    load.idle_pflops_at_peak_demand = idle;
  }
}

// What the fleet offered and sold over the sample's period (a day, or an hour in hourly runs), at the state read
// now: power and load hold until the next step, as for energy. Every live rack carries the fleet's utilization u,
// and training takes the share tau of the work (RolloutState::training_share_of_work): a platform's package-hours
// P serve inference for P u (1 - tau) and training for P u tau. O(sites x platforms).
void FleetRecorder::track_service() {
  const double hours = hourly() ? 1.0 : 24.0;
  const std::vector<models::Platform>& catalog = state_.scenario->catalog.platforms;  // where lots point
  if (service_.platforms.size() != catalog.size()) service_.platforms.resize(catalog.size());
  const double tau = state_.training_share_of_work;
  const double inference_u = fleet_.utilization * (1.0 - tau);
  const double training_u = fleet_.utilization * tau;
  double rack_capex_usd = 0.0;
  double tokens_per_s = 0.0;
  double it_w = 0.0;
  for (const SiteState& site : state_.sites) {
    it_w += site.live_peak.it_w;
    for (const auto& [platform, racks] : site.live_by_platform) {
      const auto k = static_cast<std::size_t>(platform - catalog.data());
      rack_capex_usd += static_cast<double>(racks) * rack_capex_usd_[k];
      tokens_per_s += static_cast<double>(racks) * rack_tokens_per_s_[k];
      const double package_hours = static_cast<double>(racks) * platform->gpu_packages * hours;
      PlatformService& p = service_.platforms[k];
      p.package_hours += package_hours;
      p.inference_package_hours += package_hours * inference_u;
      p.training_package_hours += package_hours * training_u;
    }
  }
  const double tokens = tokens_per_s * hours * 3600.0;
  service_.live_rack_capex_usd = rack_capex_usd;
  // Racks retired since the last sample: their capex leaves the live racks' (the finance post-pass counts racks
  // placed in service as live + retired) and their book value is written off.
  for (; retired_seen_ < state_.retired.size(); ++retired_seen_) {
    const RetiredPod& r = state_.retired[retired_seen_];
    const Pod& pod = state_.pods[r.pod];
    const models::Platform& platform = *state_.lots[pod.lot].platform;
    const double capex = static_cast<double>(pod.racks) * platform.capex.total_usd();
    service_.retired_rack_capex_usd += capex;
    record_.retired_capex += models::rack_capex(platform.capex, static_cast<double>(pod.racks));
    std::vector<RackRetirement>& out = record_.retirements;
    if (!out.empty() && out.back().in_service == pod.path.live && out.back().retired == r.day) {
      out.back().racks += pod.racks;
      out.back().capex_usd += capex;
    } else {
      out.push_back(RackRetirement{pod.path.live, r.day, pod.racks, capex});
    }
  }
  service_.package_hours += static_cast<double>(fleet_.live.gpu_packages) * hours;
  service_.tokens_capacity += tokens;
  service_.inference_tokens += tokens * inference_u;
  service_.facility_mw_days += fleet_.live_facility_capacity_mw * hours / 24.0;
  service_.it_mw_days += it_w / 1e6 * hours / 24.0;
}

// A milestone reached on `day` by `pod`'s going live, with what gated it.
Milestone FleetRecorder::milestone(std::string name, models::Date day, std::size_t pod) const {
  const PodCause cause = state_.cause_of(pod);
  return Milestone{std::move(name), models::to_iso(day), cause.gate, cause.site, cause.item, cause.slack_days};
}

// First tokens, each whole GW live (on the scenario's GW basis), each with the pod whose going live reached it, and
// the investments they (or the date) release. The pods that went live today come in a fixed order (by site, then
// as they went live); the GW one crossed is the first after which their running sum reaches it.
void FleetRecorder::fire_milestones(models::Date day) {
  const std::vector<WentLive> today = state_.take_went_live();
  std::vector<double>& after = live_after_w_;  // live power on the basis after each of today's pods
  after.resize(today.size());
  // Pods retired since the last milestone check leave the sum first (sites retire before racks go live).
  for (; retired_counted_ < state_.retired.size(); ++retired_counted_) {
    live_on_basis_w_ -= state_.pod_power_on_basis_w(state_.retired[retired_counted_].pod);
  }
  double sum = live_on_basis_w_;
  for (std::size_t i = 0; i < today.size(); ++i) {
    sum += state_.pod_power_on_basis_w(today[i].pod);
    after[i] = sum;
    TrancheLive& t = tranche_live_[state_.lots[state_.pods[today[i].pod].lot].tranche];
    if (t.pods_live++ == 0) t.first_pod = today[i].pod;
    t.last_pod = today[i].pod;
  }
  live_on_basis_w_ = sum;
  if (!first_tokens_ && fleet_.live.racks > 0 && !today.empty()) {
    first_tokens_ = true;
    record_.first_tokens_date = models::to_iso(day);
    const WentLive& first = today.front();
    record_.milestones.push_back(milestone("first tokens", day, first.pod));
    state_.add_event({day, -1, EventKind::kFirstTokens, site_rows_[first.site].site,
                      state_.tranches[state_.lots[state_.pods[first.pod].lot].tranche].name,
                      static_cast<double>(site_rows_[first.site].live.racks), std::nullopt,
                      "first pod live; gated by " + gated_phrase(record_.milestones.back())});
  }
  for (const std::int64_t gw = models::whole_gigawatts(fleet_.live_capacity_mw * 1e6); gw_reached_ < gw;) {
    ++gw_reached_;
    record_.gw_live_dates.push_back(models::to_iso(day));
    record_.gw_live_eflops_per_gw.push_back(fleet_.live.pflops_fp8 / fleet_.live_capacity_mw);  // (PF/1e3)/(MW/1e3)
    std::string detail = "GW " + std::to_string(gw_reached_) + " live";
    if (!today.empty()) {
      std::size_t i = 0;
      while (i + 1 < today.size() && models::whole_gigawatts(after[i]) < gw_reached_) ++i;
      record_.milestones.push_back(milestone("GW " + std::to_string(gw_reached_) + " live", day, today[i].pod));
      detail += "; gated by " + gated_phrase(record_.milestones.back());
    }
    state_.add_event({day, -1, EventKind::kGwLive, "", std::to_string(gw_reached_), fleet_.live_capacity_mw,
                      std::nullopt, detail});
  }
  for (const models::Payment& p : investments_.update(day, fleet_.live_capacity_mw * 1e6, first_tokens_)) {
    char buf[160];
    // The detail is for people ($10.00B); the exact amount is the event's value.
    const bool billions = p.amount_usd >= 1e9;
    std::snprintf(buf, sizeof buf, billions ? "%s: $%.2fB (%s)" : "%s: $%.1fM (%s)", p.rule.c_str(),
                  p.amount_usd / (billions ? 1e9 : 1e6), p.reason.c_str());
    const std::optional<double> gw = p.gw > 0 ? std::optional<double>(static_cast<double>(p.gw)) : std::nullopt;
    state_.add_event({day, -1, EventKind::kInvestment, "", p.rule, p.amount_usd, gw, buf});
  }
}

// The fleet's day: the binding constraint counted, the fleet row checked against the day before.
void FleetRecorder::close_day(const SampleTime& at) {
  if (fleet_.held.total() > 0) {
    ++record_.days_with_racks_pending;
    ++record_.binding_days[fleet_.binding];
  }
  for (std::size_t i = 0; i < site_rows_.size(); ++i) {
    if (site_rows_[i].held.total() == 0) continue;
    ++record_.site_outcomes[i].days_with_racks_pending;
    ++record_.site_outcomes[i].binding_days[site_rows_[i].binding];
  }
  record_.rack_days_held_grid += fleet_.held.grid_power;
  record_.rack_days_delivered += fleet_.racks_delivered;
  record_.rack_days_delivered_not_live +=
      std::max<std::int64_t>(0, fleet_.racks_delivered - fleet_.live.racks - fleet_.racks_retired);
  if (fleet_.held.grid_power > record_.peak_racks_held_grid) {
    record_.peak_racks_held_grid = fleet_.held.grid_power;
    peak_racks_held_grid_at_ = at.day;
  }
  const StateRow* previous = at.day == scenario_.start ? nullptr : &yesterday_fleet_;
  if (auto broken = check_row(fleet_, previous, nullptr, !hourly())) {
    throw std::logic_error("invariant broken: " + *broken);
  }
  yesterday_fleet_ = fleet_;
}

// The rows go into the record.
void FleetRecorder::store() {
  record_.timeline.push_back(fleet_);
  for (const StateRow& row : site_rows_) site_grid_energy_mwh_.push_back(row.grid_energy_mwh);
  if (site_sink_) site_sink_(site_rows_);
  else record_.sites.insert(record_.sites.end(), site_rows_.begin(), site_rows_.end());
  if (!hourly()) next_output_ = next_output_date(scenario_, next_output_, months_done_);
}

void FleetRecorder::advance() {
  SampleTime& at = *next_;
  if (hourly() && at.hour < 23) {
    ++at.hour;
  } else {
    if (short_today_) ++record_.shortfall_days;
    if (training_short_today_) ++record_.training_shortfall_days;
    if (inference_short_today_) ++record_.inference_shortfall_days;
    short_today_ = training_short_today_ = inference_short_today_ = false;
    ++at.day.days;
    at.hour = hourly() ? 0 : -1;
    if (at.day > scenario_.end) {
      next_.reset();
      return;
    }
  }
  const double day_s = state_.time_of(at.day);
  at.time_s = hourly() ? day_s + (at.hour + 0.5) * kHour : day_s + kNoon;
  at.period_end_s = hourly() ? day_s + (at.hour + 1) * kHour : day_s + kDay;
}

RunRecord FleetRecorder::finish() {
  if (peak_unserved_at_) record_.peak_unserved_at = when(*peak_unserved_at_);
  if (peak_utilization_at_) record_.load.peak_utilization_at = when(*peak_utilization_at_);
  if (peak_demand_at_) record_.load.peak_demand_at = when(*peak_demand_at_);
  if (peak_racks_held_grid_at_) record_.peak_racks_held_grid_at = models::to_iso(*peak_racks_held_grid_at_);
  for (const SiteState& site : state_.sites) {
    record_.served_eflop += site.totals.served_pflop / 1e3;
    record_.unserved_eflop += site.totals.unserved_pflop / 1e3;
    record_.lost_to_cap_eflop += site.totals.lost_to_cap_pflop / 1e3;
    record_.training_served_eflop += site.totals.training_served_pflop / 1e3;
    record_.inference_served_eflop += site.totals.inference_served_pflop / 1e3;
    record_.inference_tokens_served += site.totals.inference_tokens_served;
  }
  if (hourly()) record_.peak_hour_shortfall_days = record_.shortfall_days;
  add_power_outcomes();
  for (std::size_t t = 0; t < state_.tranches.size(); ++t) record_.tranches.push_back(tranche_outcome(t));
  add_tranche_milestones();
  finish_load();
  finish_reliability();
  // Events of one day come from several actors; their order must not depend on how SimGrid schedules them.
  std::map<std::string, std::size_t> site_rank{{"", 0}};
  for (std::size_t i = 0; i < scenario_.sites.size(); ++i) site_rank[scenario_.sites[i].name] = i + 1;
  std::stable_sort(state_.events.begin(), state_.events.end(), [&](const Event& a, const Event& b) {
    if (a.date != b.date) return a.date < b.date;
    return site_rank.at(a.site) < site_rank.at(b.site);
  });
  record_.events = std::move(state_.events);
  state_.events.clear();
  add_finance(scenario_, record_, site_grid_energy_mwh_);
  return std::move(record_);
}

// Each site's training swings, its first racks ready for power, and the float its bridge generation had.
void FleetRecorder::add_power_outcomes() {
  record_.swing = state_.fleet_swing;
  for (std::size_t i = 0; i < state_.sites.size(); ++i) {
    const SiteState& site = state_.sites[i];
    SiteOutcome& out = record_.site_outcomes[i];
    out.swing = site.swing;
    if (site.first_ready) out.first_ready_date = models::to_iso(*site.first_ready);
    std::optional<models::Date> generation, bridge;
    for (const models::GenerationFleet& fleet : state_.power_plan.sites[i].fleets) {
      if (fleet.in_service > scenario_.end) continue;  // never in service in the run (or its units never came)
      if (!generation || fleet.in_service < *generation) generation = fleet.in_service;
      if (fleet.role == models::GenerationRole::kBridge && (!bridge || fleet.in_service < *bridge)) {
        bridge = fleet.in_service;
      }
    }
    if (generation) out.generation_in_service_date = models::to_iso(*generation);
    if (bridge && site.first_ready) out.bridge_float_days = models::days_between(*bridge, *site.first_ready);
  }
}

// Each tranche's first and full live dates, with what gated each (its first and last pods to go live).
void FleetRecorder::add_tranche_milestones() {
  for (std::size_t t = 0; t < state_.tranches.size(); ++t) {
    const TrancheLive& live = tranche_live_[t];
    const std::string& name = state_.tranches[t].name;
    if (live.pods_live == 0) continue;
    record_.milestones.push_back(milestone(name + " first live", state_.pods[live.first_pod].path.live, live.first_pod));
    if (live.pods_live == live.pods) {
      record_.milestones.push_back(milestone(name + " fully live", state_.pods[live.last_pod].path.live, live.last_pod));
    }
  }
}

void FleetRecorder::finish_load() {
  LoadOutcome& load = record_.load;
  const auto mean = [](double sum, std::int64_t n) { return n > 0 ? sum / static_cast<double>(n) : 0.0; };
  load.average_utilization = mean(utilization_sum_, samples_);
  load.average_utilization_live = mean(utilization_live_sum_, samples_live_);
  load.average_idle_pflops = mean(idle_live_sum_, samples_live_);
  load.average_demand_pflops = mean(demand_sum_, samples_);
}

// Failures over the run, the mean availability, and the reference job on the last day's mix.
void FleetRecorder::finish_reliability() {
  ReliabilityOutcome& out = record_.reliability;
  const Reliability& r = scenario_.reliability;
  out.enabled = r.enabled;
  for (std::size_t c = 0; c < out.failures.size(); ++c) out.failures[c] = state_.failures[c];
  out.failures_without_spare = state_.failures_waited;
  if (availability_samples_ > 0) {
    out.availability_average_while_live = availability_sum_ / static_cast<double>(availability_samples_);
  }
  out.job_packages = r.job_packages;
  const StateRow& end = record_.final_state;
  if (end.live.gpu_packages > 0) {
    const JobHealth job =
        reference_job_health(r, static_cast<double>(end.live.gpu_packages), end.interruption_weight);
    out.job_interruptions_per_day = job.interruptions_per_day;
    if (std::isfinite(job.mtbf_s)) out.job_mtbf_hours = job.mtbf_s / 3600.0;
    if (std::isfinite(job.interval_s)) out.checkpoint_interval_s = job.interval_s;
    out.goodput = job.goodput;
  }
}

// A tranche's racks and its first and full live dates, over its lots.
TrancheOutcome FleetRecorder::tranche_outcome(std::size_t t) const {
  TrancheOutcome outcome;
  outcome.name = state_.tranches[t].name;
  if (state_.tranches[t].refresh_of) outcome.refresh_of = state_.tranches[*state_.tranches[t].refresh_of].name;
  std::optional<models::Date> first, full, first_retired;
  bool all_full = true;
  for (const Lot& lot : state_.lots) {
    if (lot.tranche != t) continue;
    outcome.racks += lot.ordered;
    outcome.racks_never_admitted += lot.never_admitted;
    outcome.racks_retired += lot.retired;
    if (lot.pods_retired > 0) {
      const models::Date d = models::retirement_day(state_.pods[lot.pods[0]].path.live, lot.service_life_days);
      if (!first_retired || d < *first_retired) first_retired = d;
    }
    if (lot.first_live && (!first || *lot.first_live < *first)) first = lot.first_live;
    if (!lot.fully_live) all_full = false;
    else if (!full || *full < *lot.fully_live) full = lot.fully_live;
  }
  if (first) outcome.first_live_date = models::to_iso(*first);
  if (all_full && full) outcome.fully_live_date = models::to_iso(*full);
  if (first_retired) outcome.first_retired_date = models::to_iso(*first_retired);
  return outcome;
}

}  // namespace gwsim::engine
