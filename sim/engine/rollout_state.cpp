#include "sim/engine/rollout_state.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "models/environment.hpp"
#include "models/finance.hpp"
#include "models/lifecycle.hpp"
#include "models/power_chain.hpp"
#include "models/rack_model.hpp"
#include "models/rate.hpp"
#include "sim/engine/logging.hpp"

namespace gwsim::engine {
namespace {

std::string format_mw(double watts) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f MW", watts / 1e6);
  return buf;
}

models::HallLimits limits_of(const Hall& hall) {
  return models::HallLimits{hall.it_capacity_w, hall.cooling_capacity_w, hall.cooling};
}

// Moves a lot's cursor of one stage past the pods whose last rack `count` now covers, calling mark(pod) for each.
template <class Mark>
void pass_stage(const std::vector<Pod>& pods, const Lot& lot, StageCursor& cursor, std::int64_t count, Mark mark) {
  while (cursor.pod < lot.pods.size()) {
    const std::size_t pod = lot.pods[cursor.pod];
    if (count < cursor.racks_before + pods[pod].racks) return;
    cursor.racks_before += pods[pod].racks;
    ++cursor.pod;
    mark(pod);
  }
}

// The first day a supply line can produce: its start, not before its platform ships.
models::Date line_opens(const Supply& supply, const models::Platform& platform) {
  return std::max(supply.start, platform.available);
}

}  // namespace

double SiteState::it_power_w() const { return models::it_power_from_rack_power(chain, rack_power_w); }
double SiteState::facility_power_w() const { return it_power_w() * pue_now; }
double SiteState::grid_import_w() const {
  if (power == nullptr || !power->has_supply) return models::grid_draw_from_facility(chain, facility_power_w());
  // What on-site supply does not serve comes from the grid: g + U of models/battery.hpp, at the facility side.
  const models::SiteStepResult& d = supply.dispatch;
  const double from_grid_w =
      facility_power_w() - (d.generation_mw + d.backup_mw + d.discharge_mw - d.charge_mw) * 1e6;
  return models::grid_draw_from_facility(chain, std::max(0.0, from_grid_w));
}

void SiteState::add_flows(SiteTotals& t, double dt) const {
  const double it_w = it_power_w();
  const double grid_w = grid_import_w();
  t.rack_j += rack_power_w * dt;
  t.it_j += it_w * dt;
  t.facility_j += facility_power_w() * dt;
  t.grid_j += grid_w * dt;
  t.co2_g += models::co2_grams(grid_w * dt, carbon_g_per_kwh_now);
  t.water_l += models::water_litres(it_w * dt, water_l_per_kwh_now);
  t.served_pflop += served_pflops * dt;
  t.unserved_pflop += unserved_pflops() * dt;
  t.lost_to_cap_pflop += lost_to_cap_pflops * dt;
  t.training_served_pflop += training_served_pflops * dt;
  t.inference_served_pflop += inference_served_pflops * dt;
  t.inference_tokens_served += inference_served_tokens_per_s * dt;
  if (power != nullptr && power->has_supply) {
    const double hours = dt / 3600.0;
    t.generation_j += (supply.dispatch.generation_mw + supply.dispatch.backup_mw) * 1e6 * dt;
    t.discharged_j += supply.dispatch.discharge_mw * 1e6 * dt;
    t.fuel_mmbtu += supply.fuel_mmbtu_per_h * hours;
    t.fuel_cost_usd += supply.fuel_usd_per_h * hours;
    t.co2_generation_g += supply.co2_g_per_h * hours;
  }
}

SiteTotals SiteState::totals_at(double time_s) const {
  const double dt = time_s - last_change_s;
  SiteTotals t = totals;
  if (!(dt <= 0.0)) add_flows(t, dt);
  return t;
}

// totals_at(now_s), added in place.
void SiteState::advance(double now_s) {
  const double dt = now_s - last_change_s;
  if (!(dt <= 0.0)) add_flows(totals, dt);
  last_change_s = std::max(last_change_s, now_s);
}

RolloutState::RolloutState(const Scenario& s)
    : scenario(&s), power_plan(plan_power(s)), demand_peak_hour(models::peak_cycle_hour(s.demand.spec)) {
  for (const models::TrainingJob& job : s.demand.training) training_last_day_.push_back(models::training_last_day(job));
  sites.resize(s.sites.size());
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    SiteState& site = sites[i];
    site.spec = &s.sites[i];
    site.chain = s.sites[i].power_chain();
    site.power = &power_plan.sites[i];
    site.fleet_modes.assign(s.sites[i].generation.size(), models::GenerationMode::kOff);
    site.fleet_capex_booked.assign(s.sites[i].generation.size(), false);
    for (const Hall& hall : s.sites[i].halls) {
      HallState h;
      h.spec = &hall;
      h.index = site.halls.size();
      h.shell_done = models::add_days(hall.construction_start, hall.construction_days);
      h.ready = models::add_days(hall.construction_start, hall.construction_days + hall.fit_out_days);
      site.halls.push_back(h);
    }
    site.pue_now = s.sites[i].pue.daily_mean(s.start);
    site.carbon_g_per_kwh_now = s.sites[i].carbon_g_per_kwh.daily_mean(s.start);
    site.water_l_per_kwh_now = s.sites[i].water_l_per_kwh.daily_mean(s.start);
    site.halls_all_ready = site.halls.empty();
  }
  // The scenario's tranches, then their refreshes: one lot per tranche and site.
  for (const Tranche& tranche : s.tranches) tranches.push_back(PlayedTranche{tranche.name, tranche.platform, {}});
  for (std::size_t t = 0; t < s.tranches.size(); ++t) {
    if (s.tranches[t].refresh.stated) {
      tranches.push_back(PlayedTranche{refresh_tranche_name(s.tranches[t]), s.tranches[t].refresh.platform, t});
    }
  }
  for (std::size_t t = 0; t < tranches.size(); ++t) {
    const PlayedTranche& played = tranches[t];
    const Tranche& tranche = s.tranches[played.refresh_of.value_or(t)];
    const models::Platform* platform = s.catalog.find(played.platform);
    const double share_w = tranche.target_power_w / static_cast<double>(tranche.sites.size());
    bool produced_by_the_end = false;
    for (const Supply& supply : s.supply) {
      if (s.catalog.find(supply.platform) == platform && line_opens(supply, *platform) <= s.end) produced_by_the_end = true;
    }
    for (const std::string& site_name : tranche.sites) {
      std::size_t site_index = 0;
      while (s.sites[site_index].name != site_name) ++site_index;
      Lot lot;
      lot.tranche = t;
      lot.site = site_index;
      lot.platform = platform;
      lot.order_date = played.refresh_of ? kOrderUnknown : tranche.order_date;
      lot.service_life_days = played.refresh_of ? 0.0 : tranche.service_life_days;
      lot.ordered = models::racks_to_reach_power(sites[site_index].chain, *platform, share_w, s.gw_basis);
      lot.never_produced = !produced_by_the_end;
      if (played.refresh_of) {
        for (std::size_t l : sites[site_index].lots) {
          if (lots[l].tranche != *played.refresh_of) continue;
          lot.refresh_of = l;
          lots[l].refresh_lot = lots.size();
        }
      }
      for (std::int64_t placed = 0; placed < lot.ordered; placed += s.pod_racks) {
        Pod pod;
        pod.lot = lots.size();
        pod.racks = std::min<std::int64_t>(s.pod_racks, lot.ordered - placed);
        pod.host_name = site_name + "/" + played.name + "/pod-" + std::to_string(lot.pods.size());
        lot.pods.push_back(pods.size());
        pods.push_back(std::move(pod));
      }
      sites[site_index].lots.push_back(lots.size());
      lots.push_back(std::move(lot));
    }
  }
  pod_capped.assign(pods.size(), 0);
  pod_busy.assign(pods.size(), 0);
  init_reliability();
  add_equipment_events();
}

void RolloutState::add_event(Event event) {
  engine_log().info("{}{}{}: {}", event.site, event.site.empty() ? "" : " ", to_string(event.kind), event.detail);
  events.push_back(std::move(event));
}

std::vector<WentLive> RolloutState::take_went_live() {
  std::vector<WentLive> out;
  out.swap(went_live);
  // Site actors run in an order SimGrid chooses; within a site, pods go live in line order.
  std::stable_sort(out.begin(), out.end(), [](const WentLive& a, const WentLive& b) { return a.site < b.site; });
  return out;
}

double RolloutState::pod_power_on_basis_w(std::size_t pod) const {
  const Lot& lot = lots[pods[pod].lot];
  return static_cast<double>(pods[pod].racks) *
         models::rack_power_on_basis_w(sites[lot.site].chain, lot.platform->peak_power_w,
                                       scenario->gw_basis);
}

double RolloutState::highest_grid_from(std::size_t site_index, models::Date day) const {
  const SitePowerPlan& plan = power_plan.sites[site_index];
  const Site& spec = scenario->sites[site_index];
  const double grid_w = plan.grid.highest(day, std::max(day, scenario->end));
  double firm_w = 0.0;
  for (const models::GenerationFleet& fleet : plan.fleets) {
    if (fleet.role == models::GenerationRole::kBackup || fleet.in_service > scenario->end) continue;
    firm_w += models::available_mw(fleet, fleet.in_service) * 1e6;
  }
  return models::grid_equivalent_w(sites[site_index].chain, grid_w, firm_w, spec.swing_headroom_w);
}

double RolloutState::admission_capacity_w(std::size_t site_index, models::Date day, bool stated_grid,
                                          bool planned_generation) const {
  const SitePowerPlan& plan = power_plan.sites[site_index];
  const Site& spec = scenario->sites[site_index];
  const double grid_w = stated_grid ? spec.grid_capacity_w.value_at(day) : plan.grid.value_at(day);
  if (!plan.has_supply) return grid_w;
  const double firm_mw = models::site_generation(planned_generation ? plan.fleets_planned : plan.fleets, day).firm_mw;
  return models::grid_equivalent_w(sites[site_index].chain, grid_w, firm_mw * 1e6, spec.swing_headroom_w);
}

double RolloutState::time_of(models::Date day) const {
  return static_cast<double>(models::days_between(scenario->start, day)) * models::kSecondsPerDay;
}

double RolloutState::end_time() const { return time_of(scenario->end) + models::kSecondsPerDay; }

int RolloutState::workload_steps_per_day() const { return scenario->output_step.hours > 0 ? 24 : 1; }

double RolloutState::workload_step_time(models::Date day, int k) const {
  constexpr double kStepOffset = 1e-3;
  const double step_s = models::kSecondsPerDay / workload_steps_per_day();
  return time_of(day) + k * step_s + kStepOffset;
}

std::optional<models::Date> RolloutState::order_day(std::size_t tranche_index) const {
  const Tranche& tranche = scenario->tranches[tranche_index];
  if (tranche.order_date > scenario->end) return std::nullopt;
  return std::max(tranche.order_date, scenario->start);
}

void RolloutState::place_order(std::size_t tranche_index, models::Date day) {
  const Tranche& tranche = scenario->tranches[tranche_index];
  std::int64_t racks = 0;
  for (const Lot& lot : lots) {
    if (lot.tranche == tranche_index) racks += lot.ordered;
  }
  add_event({day, -1, EventKind::kTrancheOrdered, "", tranche.name, static_cast<double>(racks), std::nullopt,
             tranche.name + ": " + std::to_string(racks) + " " + tranche.platform + " racks"});
}

std::int64_t RolloutState::ordered_at(const SiteState& site, models::Date day) const {
  std::int64_t ordered = 0;
  for (std::size_t l : site.lots) {
    if (lots[l].order_date <= day) ordered += lots[l].ordered;
  }
  return ordered;
}

void RolloutState::produce(std::size_t supply_index, models::Date day) {
  const Supply& supply = scenario->supply[supply_index];
  const models::Platform* platform = scenario->catalog.find(supply.platform);
  // A supplier cannot ship a platform before it is available.
  const models::Date start = line_opens(supply, *platform);
  if (day < start) return;
  std::int64_t made = models::units_on_day(supply.racks_per_week, start, day);
  const std::int32_t arrival = day.days + std::max<std::int32_t>(1, static_cast<std::int32_t>(
                                                                         std::llround(supply.lead_time_days)));
  // First come, first served: lots in order of order date, then tranche, then site (their creation order).
  for (Lot& lot : lots) {
    if (made == 0) break;
    if (lot.platform != platform || !(lot.order_date < day) || lot.produced >= lot.ordered) continue;
    const std::int64_t n = std::min(made, lot.ordered - lot.produced);
    lot.produced += n;
    pass_stage(pods, lot, lot.produced_cursor, lot.produced, [&](std::size_t p) {
      pods[p].path.produced = day;
      pods[p].path.supply = static_cast<std::int32_t>(supply_index);
    });
    lot.in_transit[arrival] += n;
    made -= n;
  }
}

std::vector<std::size_t> RolloutState::site_day(std::size_t site_index, models::Date day, double now_s) {
  SiteState& site = sites[site_index];
  site.advance(now_s);
  energize_grid(site, day);
  finish_halls(site, day);
  just_retired.clear();
  retire(site, day);
  announce_refresh_orders(site, day);
  take_arrivals(site, day);
  for (std::size_t l : site.lots) lots[l].held = HeldRacks{};
  install(site, day);
  commission(site, day);
  std::vector<std::size_t> went = go_live(site, day);
  if (!went.empty() || !just_retired.empty()) recompute_power(site);
  find_never_installed(site, day);
  hold_and_bind(site, day);
  return went;
}

// Grid interconnect: the steps and ramps that start today (as energized: power_plan.hpp), on-site generation
// starting and stopping, and today's capacity for admission.
void RolloutState::energize_grid(SiteState& site, models::Date day) {
  const Site& spec = *site.spec;
  const std::vector<models::SchedulePoint>& points = spec.grid_capacity_w.points();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const models::SchedulePoint& p = points[i];
    if (site.power->step_energized[i] != day) continue;
    const std::string detail = p.ramp_days > 0 ? "capacity ramping to " + format_mw(p.value) + " over " +
                                                     std::to_string(std::llround(p.ramp_days)) + " days"
                                               : "capacity " + format_mw(p.value);
    add_event({day, -1, EventKind::kGridEnergized, spec.name, "step " + std::to_string(i + 1), p.value / 1e6,
               p.ramp_days, detail});
  }
  const std::size_t site_index = static_cast<std::size_t>(&site - sites.data());
  if (!spec.generation.empty()) track_generation(site, day);
  site.grid_capacity_w = admission_capacity_w(site_index, day);
}

// Halls: shell done, then ready (facility capex booked by category when ready; halls finished before the scenario
// starts are booked on its first day).
void RolloutState::finish_halls(SiteState& site, models::Date day) {
  const Site& spec = *site.spec;
  for (HallState& hall : site.halls) {
    if (hall.shell_done == day && hall.shell_done < hall.ready) {
      add_event({day, -1, EventKind::kPhaseDone, spec.name, hall.spec->name, hall.spec->it_capacity_w / 1e6,
                 std::nullopt, hall.spec->name + " shell and core complete"});
    }
    if (!hall.is_ready && hall.ready <= day) {
      hall.is_ready = true;
      site.halls_all_ready = std::all_of(site.halls.begin(), site.halls.end(), [](const HallState& h) { return h.is_ready; });
      const double facility_mw = models::facility_power_from_it(site.chain, hall.spec->it_capacity_w) / 1e6;
      site.capex += models::facility_capex(scenario->finance.facility_capex_per_mw, facility_mw);
      add_event({day, -1, EventKind::kHallReady, spec.name, hall.spec->name, hall.spec->it_capacity_w / 1e6,
                 std::nullopt,
                 hall.spec->name + " ready" + (hall.ready < day ? " (before the scenario start)" : "") + ", " +
                     format_mw(hall.spec->it_capacity_w) + " IT"});
    }
  }
}

// Arrivals (rack capex booked by category on delivery).
void RolloutState::take_arrivals(SiteState& site, models::Date day) {
  for (std::size_t l : site.lots) {
    Lot& lot = lots[l];
    while (!lot.in_transit.empty() && lot.in_transit.begin()->first <= day.days) {
      const std::int64_t n = lot.in_transit.begin()->second;
      if (lot.arrived == 0) {
        const std::string& tranche = tranches[lot.tranche].name;
        add_event({day, -1, EventKind::kFirstDelivery, site.spec->name, tranche, static_cast<double>(n), std::nullopt,
                   tranche + ": first " + lot.platform->name + " racks on site"});
      }
      lot.arrived += n;
      pass_stage(pods, lot, lot.arrived_cursor, lot.arrived, [&](std::size_t p) { pods[p].path.arrived = day; });
      site.delivered += n;
      site.capex += models::rack_capex(*lot.platform, n);
      lot.in_transit.erase(lot.in_transit.begin());
    }
  }
}

// Installation: the crews' quota for the day, into ready halls with room, lots in tranche order. Racks left
// waiting are counted in each lot's `held` (crews or buildings).
void RolloutState::install(SiteState& site, models::Date day) {
  const Site& spec = *site.spec;
  std::int64_t quota =
      models::units_on_day(spec.install_racks_per_week, models::days_between(scenario->start, day));
  const std::int32_t ready_day =
      day.days + static_cast<std::int32_t>(std::llround(spec.commissioning_days));
  for (std::size_t l : site.lots) {
    Lot& lot = lots[l];
    std::int64_t waiting = lot.arrived - lot.installed;
    for (HallState& hall : site.halls) {
      if (waiting == 0) break;
      if (!hall.is_ready) continue;
      const std::int64_t room =
          models::racks_fitting_hall(site.chain, *lot.platform, limits_of(*hall.spec), hall.used_rack_power_w);
      const std::int64_t n = std::min({room, waiting, quota});
      if (n > 0) {
        hall.used_rack_power_w += static_cast<double>(n) * lot.platform->peak_power_w;
        if (lot.service_life_days > 0.0) {
          if (!lot.in_halls.empty() && lot.in_halls.back().first == hall.index) {
            lot.in_halls.back().second += n;
          } else {
            lot.in_halls.emplace_back(hall.index, n);
          }
        }
        lot.installed += n;
        pass_stage(pods, lot, lot.installed_cursor, lot.installed, [&](std::size_t p) {
          pods[p].path.installed = day;
          pods[p].path.hall = static_cast<std::int32_t>(hall.index);
        });
        site.installed += n;
        quota -= n;
        waiting -= n;
        lot.commissioning.emplace_back(ready_day, n);
      }
      // Racks that still wait: beyond the crews' quota if this hall had room left, else for hall space.
      if (waiting > 0 && quota == 0) {
        const std::int64_t room_left = room - n;
        const std::int64_t for_crews = std::min(waiting, room_left);
        lot.held.install_crews += for_crews;
        waiting -= for_crews;
      }
    }
    lot.held.buildings += waiting;  // no ready hall had room for them
  }
}

void RolloutState::commission(SiteState& site, models::Date day) {
  for (std::size_t l : site.lots) {
    Lot& lot = lots[l];
    while (!lot.commissioning.empty() && lot.commissioning.front().first <= day.days) {
      lot.commissioned += lot.commissioning.front().second;
      lot.commissioning.pop_front();
    }
  }
}

// Whole pods go live, first in line first, while the grid can carry them. Returns the pods that went live; racks
// complete but blocked by the grid, and racks still commissioning, are counted in each lot's `held`. The first pod
// the grid blocks is checked against the highest capacity the grid reaches by the end: if even that cannot carry
// it, it and every pod behind it in line can never go live (grid_never_from).
std::vector<std::size_t> RolloutState::go_live(SiteState& site, models::Date day) {
  std::vector<std::size_t> went;
  bool grid_blocked = false;
  DayCapacities capacities;  // the day's capacities asked by each lot held for the grid, computed once
  for (std::size_t k = 0; k < site.lots.size(); ++k) {
    Lot& lot = lots[site.lots[k]];
    while (lot.pods_live < lot.pods.size()) {
      const Pod& pod = pods[lot.pods[lot.pods_live]];
      if (lot.commissioned - lot.live - lot.retired < pod.racks) break;  // the pod is not complete yet
      if (!site.first_ready) site.first_ready = day;
      if (grid_blocked || models::racks_admitted_by_grid(site.chain, *lot.platform, site.grid_capacity_w,
                                                         site.live_peak.facility_w) < pod.racks) {
        if (!grid_blocked && k < site.grid_never_from && !retirement_ahead(site, day) &&
            models::racks_admitted_by_grid(site.chain, *lot.platform,
                                           highest_grid_from(static_cast<std::size_t>(&site - sites.data()), day),
                                           site.live_peak.facility_w) < pod.racks) {
          site.grid_never_from = k;
        }
        grid_blocked = true;
        hold_for_grid(site, lot, day, static_cast<std::size_t>(&site - sites.data()), capacities);
        break;
      }
      bring_pod_live(site, lot, day);
      went.push_back(lot.pods[lot.pods_live - 1]);
    }
    // Grid-blocked racks are counted above; the rest of the installed racks are in commissioning.
    lot.held.commissioning +=
        lot.installed - lot.live - lot.retired - lot.held.grid_power - lot.held.grid_equipment -
        lot.held.generation_supply;
  }
  return went;
}

// Every complete pod of the lot waits for power: for a grid step's equipment when the grid as its dates say would
// carry the lot's next pod, for generation units when the fleets as planned would, else for the grid itself.
void RolloutState::hold_for_grid(SiteState& site, Lot& lot, models::Date day, std::size_t site_index,
                                 DayCapacities& capacities) {
  std::int64_t* reason = &lot.held.grid_power;
  if (site.power->has_equipment) {
    const models::PowerChain chain = site.chain;
    const std::int64_t racks = pods[lot.pods[lot.pods_live]].racks;
    auto carries = [&](double capacity_w) {
      return models::racks_admitted_by_grid(chain, *lot.platform, capacity_w, site.live_peak.facility_w) >= racks;
    };
    if (!capacities.stated_grid_w) capacities.stated_grid_w = admission_capacity_w(site_index, day, true, false);
    if (carries(*capacities.stated_grid_w)) {
      reason = &lot.held.grid_equipment;
    } else {
      if (!capacities.planned_generation_w) {
        capacities.planned_generation_w = admission_capacity_w(site_index, day, false, true);
      }
      if (carries(*capacities.planned_generation_w)) reason = &lot.held.generation_supply;
    }
  }
  // The complete pods from the next one on: pods hold pod_racks racks each, the lot's last one the rest, so the
  // first ready / pod_racks of them are complete and counted at once (a lot may hold hundreds for months).
  std::int64_t ready = lot.commissioned - lot.live - lot.retired;
  const int pr = scenario->pod_racks;
  std::size_t p = lot.pods_live;
  if (ready > 0) {
    const std::size_t q = std::min(lot.pods.size(), p + static_cast<std::size_t>(ready / pr));
    const std::int64_t whole = racks_in_first(lot, q, pr) - racks_in_first(lot, p, pr);
    *reason += whole;
    ready -= whole;
    p = q;
  }
  for (; p < lot.pods.size() && ready >= pods[lot.pods[p]].racks; ++p) {
    *reason += pods[lot.pods[p]].racks;
    ready -= pods[lot.pods[p]].racks;
  }
}

// The lot's next pod goes live.
void RolloutState::bring_pod_live(SiteState& site, Lot& lot, models::Date day) {
  const std::size_t pod_index = lot.pods[lot.pods_live];
  Pod& pod = pods[pod_index];
  pod.path.live = day;
  pod.path.site_live_facility_before_w = site.live_peak.facility_w;
  lot.live += pod.racks;
  ++lot.pods_live;
  const models::PeakPower rack = models::rack_peak_power(site.chain, lot.platform->peak_power_w);
  site.live_peak += models::PeakPower{static_cast<double>(pod.racks) * rack.it_w,
                                      static_cast<double>(pod.racks) * rack.facility_w};
  site.live += models::counts_for(*lot.platform, pod.racks);
  auto it = std::find_if(site.live_by_platform.begin(), site.live_by_platform.end(),
                         [&](const auto& entry) { return entry.first == lot.platform; });
  if (it == site.live_by_platform.end()) {
    site.live_by_platform.emplace_back(lot.platform, pod.racks);
  } else {
    it->second += pod.racks;
  }
  if (!lot.first_live) {
    lot.first_live = day;
    if (lot.refresh_lot) lots[*lot.refresh_lot].order_date = refresh_order_day(lot, day);
  }
  if (lot.live + lot.retired == lot.ordered) lot.fully_live = day;
  went_live.push_back({pod_index, static_cast<std::size_t>(&site - sites.data())});
}

// The day the refresh of `lot` is ordered when the lot's first pod goes live on `first_live`: order_ahead before
// that pod retires, not before the next day.
models::Date RolloutState::refresh_order_day(const Lot& lot, models::Date first_live) const {
  const models::Date first_retires = models::retirement_day(first_live, lot.service_life_days);
  const auto ahead = static_cast<std::int32_t>(std::llround(scenario->tranches[lot.tranche].refresh.order_ahead_days));
  return std::max(models::Date{first_live.days + 1}, models::Date{first_retires.days - ahead});
}

// Whether racks at the site may still retire by the end (freeing hall space and grid admission): a pod live and
// not retired whose retirement day is on or before the end, or a pod still to go live (on `day` at the earliest)
// whose life would end by then.
bool RolloutState::retirement_ahead(const SiteState& site, models::Date day) const {
  for (std::size_t l : site.lots) {
    const Lot& lot = lots[l];
    if (lot.service_life_days <= 0.0 || lot.pods_retired == lot.pods.size()) continue;
    if (lot.pods_retired < lot.pods_live &&
        models::retirement_day(pods[lot.pods[lot.pods_retired]].path.live, lot.service_life_days) <= scenario->end) {
      return true;
    }
    if (lot.pods_live < lot.pods.size() && models::retirement_day(day, lot.service_life_days) <= scenario->end) {
      return true;
    }
  }
  return false;
}

// Pods whose service life ends today retire, first live first retired.
void RolloutState::retire(SiteState& site, models::Date day) {
  for (std::size_t l : site.lots) {
    Lot& lot = lots[l];
    if (lot.service_life_days <= 0.0) continue;
    const std::int64_t live_before = lot.live;
    const std::int64_t retired_before = lot.retired;
    while (lot.pods_retired < lot.pods_live &&
           models::retirement_day(pods[lot.pods[lot.pods_retired]].path.live, lot.service_life_days) <= day) {
      retire_pod(site, lot, day);
    }
    if (lot.retired == retired_before) continue;
    const std::string& name = tranches[lot.tranche].name;
    const std::int64_t n = lot.retired - retired_before;
    if (retired_before == 0) {
      add_event({day, -1, EventKind::kTrancheRetiring, site.spec->name, name, static_cast<double>(n),
                 static_cast<double>(live_before),
                 name + ": first " + std::to_string(n) + " " + lot.platform->name + " racks at " + site.spec->name +
                     " retired (of " + std::to_string(lot.ordered) + " there)"});
    }
    if (lot.retired == lot.ordered) {
      add_event({day, -1, EventKind::kTrancheRetired, site.spec->name, name, static_cast<double>(lot.retired),
                 std::nullopt, name + ": all " + std::to_string(lot.retired) + " racks at " + site.spec->name + " retired"});
    }
  }
}

// The lot's oldest live pod retires: its racks leave the live fleet, its hall space and grid admission are free,
// and what it ran stops (the next workload step plans without it).
void RolloutState::retire_pod(SiteState& site, Lot& lot, models::Date day) {
  const std::size_t j = lot.pods_retired;
  const std::size_t pod_index = lot.pods[j];
  const Pod& pod = pods[pod_index];
  const models::Platform& p = *lot.platform;
  const double racks = static_cast<double>(pod.racks);
  // Its part of the last workload step's power and work (assign_pods: capped, nominal, or the marginal pod).
  const bool marginal = j == lot.busy_pods && lot.marginal_load > 0.0;
  const LotLoad part = lot_load(lot, j < lot.capped_pods ? racks : 0.0,
                                j >= lot.capped_pods && j < lot.busy_pods ? racks : 0.0,
                                marginal ? racks * lot.marginal_load : 0.0, lot.marginal_capped);
  lot.dynamic_w -= part.dynamic_w;
  lot.work_racks -= part.work_racks;
  if (lot.pods_retired + 1 == lot.pods_live) lot.dynamic_w = lot.work_racks = 0.0;  // nothing left: no rounding
  lot.dynamic_w = std::max(0.0, lot.dynamic_w);
  lot.work_racks = std::max(0.0, lot.work_racks);
  pod_busy[pod_index] = 0;
  pod_capped[pod_index] = 0;

  lot.live -= pod.racks;
  lot.retired += pod.racks;
  ++lot.pods_retired;
  const models::PeakPower rack = models::rack_peak_power(site.chain, p.peak_power_w);
  site.live_peak.it_w -= racks * rack.it_w;
  site.live_peak.facility_w -= racks * rack.facility_w;
  for (auto& [platform, n] : site.live_by_platform) {
    if (platform == lot.platform) n -= pod.racks;
  }
  // The site's counts again from its lots (subtracting would leave rounding in the PFLOPS).
  site.live = models::FleetCounts{};
  for (std::size_t l : site.lots) site.live += models::counts_for(*lots[l].platform, lots[l].live);
  if (site.live.racks == 0) site.live_peak = models::PeakPower{};
  std::int64_t left = pod.racks;
  while (left > 0 && !lot.in_halls.empty()) {
    auto& [hall, n] = lot.in_halls.front();
    const std::int64_t k = std::min(left, n);
    site.halls[hall].used_rack_power_w = std::max(0.0, site.halls[hall].used_rack_power_w - static_cast<double>(k) * p.peak_power_w);
    n -= k;
    left -= k;
    if (n == 0) lot.in_halls.pop_front();
  }
  site.retired += pod.racks;
  const std::size_t site_index = static_cast<std::size_t>(&site - sites.data());
  retired.push_back(RetiredPod{pod_index, site_index, day});
  just_retired.push_back(pod_index);
}

// A refresh lot's orders are announced on their order day (its tranche_ordered event; the finance post-pass books
// the payment at order from it).
void RolloutState::announce_refresh_orders(SiteState& site, models::Date day) {
  for (std::size_t l : site.lots) {
    Lot& lot = lots[l];
    if (!lot.refresh_of || lot.order_announced || lot.order_date > day) continue;
    lot.order_announced = true;
    const PlayedTranche& t = tranches[lot.tranche];
    const Lot& old = lots[*lot.refresh_of];
    add_event({day, -1, EventKind::kTrancheOrdered, site.spec->name, t.name, static_cast<double>(lot.ordered),
               std::nullopt,
               t.name + ": " + std::to_string(lot.ordered) + " " + t.platform + " racks at " + site.spec->name +
                   ", replacing " + tranches[old.tranche].name + " (first racks retire " +
                   models::to_iso(models::retirement_day(*old.first_live, old.service_life_days)) + ")"});
  }
}

// Once every hall is ready, a lot with racks still to install and no hall with room for one more of them can never
// install them (a hall's room only shrinks, unless racks at the site are still to retire).
void RolloutState::find_never_installed(SiteState& site, models::Date day) {
  if (!site.halls_all_ready || retirement_ahead(site, day)) return;
  const models::PowerChain chain = site.chain;
  for (std::size_t l : site.lots) {
    Lot& lot = lots[l];
    if (lot.never_installed || lot.order_date > day || lot.installed >= lot.ordered) continue;
    const bool room = std::any_of(site.halls.begin(), site.halls.end(), [&](const HallState& hall) {
      return models::racks_fitting_hall(chain, *lot.platform, limits_of(*hall.spec), hall.used_rack_power_w) > 0;
    });
    if (!room) lot.never_installed = true;
  }
}

// The racks held back, by reason, without the racks that can never go live (counted apart, with an event when a
// reason's count grows); then the binding constraint: the reason holding the most racks (events when it changes).
void RolloutState::hold_and_bind(SiteState& site, models::Date day) {
  HeldRacks held;
  count_never_admitted(site, day, held);
  auto announce = [&](EventKind kind, Constraint constraint) {
    add_event({day, -1, kind, site.spec->name, to_string(constraint), static_cast<double>(held.of(constraint)),
               std::nullopt, to_string(constraint)});
  };
  const Constraint binding = binding_constraint(held);
  if (binding != site.binding) {
    if (site.binding != Constraint::kNone) announce(EventKind::kConstraintStopped, site.binding);
    if (binding != Constraint::kNone) announce(EventKind::kConstraintStarted, binding);
    site.binding = binding;
  }
  site.held = held;
}

// Each lot's held racks into `held`, except those that can never go live: counted by reason in the site's
// never_admitted (grid first: a lot behind a pod the grid never carries; then supply; then hall space).
void RolloutState::count_never_admitted(SiteState& site, models::Date day, HeldRacks& held) {
  HeldRacks never;
  for (std::size_t k = 0; k < site.lots.size(); ++k) {
    Lot& lot = lots[site.lots[k]];
    lot.never_admitted = 0;
    if (lot.order_date > day) continue;  // nothing of it is held before it is ordered
    lot.held.rack_supply = lot.ordered - lot.arrived;
    if (k >= site.grid_never_from) {
      lot.never_admitted = lot.ordered - lot.live - lot.retired;
      never.grid_power += lot.never_admitted;
    } else if (lot.never_produced) {
      lot.never_admitted = lot.ordered - lot.live - lot.retired;
      never.rack_supply += lot.never_admitted;
    } else if (lot.never_installed) {
      // Racks not installed, and the installed racks of its last, incomplete pod, which waits for them.
      lot.never_admitted = lot.ordered - lot.installed_cursor.racks_before;
      never.buildings += lot.never_admitted;
      HeldRacks still = lot.held;
      still.rack_supply = still.buildings = still.install_crews = 0;
      still.commissioning -= lot.installed - lot.installed_cursor.racks_before;
      held += still;
    } else {
      held += lot.held;
    }
  }
  const std::pair<Constraint, const char*> reasons[] = {
      {Constraint::kGridPower, "the highest capacity the site's grid reaches by the end cannot carry them after the "
                               "racks ahead of them in line"},
      {Constraint::kBuildings, "every hall is ready and none has room for another of their racks"},
      {Constraint::kRackSupply, "no supply line of their platform starts by the end"}};
  for (const auto& [constraint, why] : reasons) {
    const std::int64_t n = never.of(constraint);
    if (n <= site.never_admitted.of(constraint)) continue;
    add_event({day, -1, EventKind::kRacksNeverAdmitted, site.spec->name, to_string(constraint), static_cast<double>(n),
               std::nullopt, std::to_string(n) + " racks cannot go live by the end: " + why});
  }
  site.never_admitted = never;
}

namespace {

// The first day after `day` on which a schedule's value can differ from the day before.
std::optional<models::Date> next_schedule_change(const models::Schedule& schedule, models::Date day) {
  std::optional<models::Date> next;
  for (const models::SchedulePoint& p : schedule.points()) {
    const models::Date ramp_end = models::add_days(p.from, std::max(0.0, p.ramp_days - 1.0));
    models::Date candidate{};
    if (p.from > day) {
      candidate = p.from;
    } else if (ramp_end > day) {
      candidate = models::Date{day.days + 1};  // inside a ramp: every day moves
    } else {
      continue;
    }
    if (!next || candidate < *next) next = candidate;
  }
  return next;
}

}  // namespace

models::Date RolloutState::next_site_day(std::size_t site_index, models::Date day) const {
  const SiteState& site = sites[site_index];
  const models::Date tomorrow{day.days + 1};
  models::Date next{scenario->end.days + 1};
  auto consider = [&](models::Date candidate) {
    if (candidate > day && candidate < next) next = candidate;
  };
  for (std::size_t l : site.lots) {
    const Lot& lot = lots[l];
    if (lot.order_date <= day && lot.live + lot.retired < lot.ordered) return tomorrow;
    consider(lot.order_date);
    if (lot.pods_retired < lot.pods_live) {
      consider(models::retirement_day(pods[lot.pods[lot.pods_retired]].path.live, lot.service_life_days));
    }
  }
  for (const HallState& hall : site.halls) {
    consider(hall.shell_done);
    consider(hall.ready);
  }
  if (auto change = next_schedule_change(site.power->grid, day)) consider(*change);
  for (const models::GenerationFleet& fleet : site.power->fleets) {
    consider(fleet.in_service);
    if (fleet.retirement) consider(*fleet.retirement);
    if (fleet.bridge_until) consider(*fleet.bridge_until);
  }
  for (const std::optional<models::Date>& on : site.power->step_energized) {
    if (on) consider(*on);
  }
  return next;
}

std::optional<models::Date> RolloutState::next_supply_day(std::size_t supply_index, models::Date day) const {
  const Supply& supply = scenario->supply[supply_index];
  const models::Platform* platform = scenario->catalog.find(supply.platform);
  const models::Date start = line_opens(supply, *platform);
  std::optional<models::Date> next;
  for (const Lot& lot : lots) {
    if (lot.platform != platform || lot.produced >= lot.ordered) continue;
    // A refresh not yet ordered: its order day is set when the lot it replaces first goes live, on `day` at the
    // earliest (sites act after suppliers), and it only grows with that day.
    const models::Date order =
        lot.order_date == kOrderUnknown ? refresh_order_day(lots[*lot.refresh_of], day) : lot.order_date;
    // Production for an order starts the day after it is placed, and not before the supplier starts.
    const models::Date first = std::max({models::Date{order.days + 1}, start, models::Date{day.days + 1}});
    if (!next || first < *next) next = first;
  }
  return next;
}

// Idle power of every live rack plus what the workload adds (pods that just went live idle until the next
// workload step).
void RolloutState::recompute_power(SiteState& site) {
  double power_w = 0.0;
  for (std::size_t l : site.lots) {
    const Lot& lot = lots[l];
    power_w += static_cast<double>(lot.live) * lot.platform->idle_power_w + lot.dynamic_w;
  }
  site.rack_power_w = power_w;
}

}  // namespace gwsim::engine
