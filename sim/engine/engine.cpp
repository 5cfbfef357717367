// The SimGrid adapter: pods of racks are hosts (dark until commissioned, power from the rack model through
// SimGrid's host-energy plugin), and actors per site, tranche and supplier play the rollout day by day, with a
// daemon fleet actor that samples the outputs. All arithmetic is in models/ and rollout_state.cpp.
//
// A pod host has three power states: pstate 0 "not commissioned" (0 W, no compute), pstate 1 "nominal" (the
// pod's idle-to-peak power and FP8 speed) and pstate 2 "capped" (power c x peak, speed s x full; the scenario's
// power_cap). Commissioning switches it to pstate 1. Host::turn_on() would say the same, but in SimGrid 3.32 it
// costs time proportional to the executions already running (measured: 1.2 s for 17,600 pods switched on among
// running pods, against 43 ms with set_pstate), which breaks the budget at rack granularity.
//
// Workload: the workload actor (one per fleet, see workload_step.cpp) runs a pod at full load with an unbounded
// execution, and moves pods between the nominal and capped states with set_pstate; a pod asked for a fraction of
// full load runs a bounded execution that ends exactly at the next workload step. To idle a busy pod its
// execution is suspended for good, and a new one starts when it is busy again: SimGrid 3.32's Activity::resume()
// leaves the activity marked suspended, so a resumed execution can never be suspended again (measured), and
// cancelling an execution costs time in proportion to the executions its actor started (~20 us each among 17,600),
// whereas starting, suspending and switching pstates cost O(1) (3, 0.5 and 0.5 us). The bounded executions come
// from a second actor that starts nothing else, so their completion stays cheap. A step touches only the pods
// whose part changes. The energy plugin thus sees the load the demand implies, and its total is checked against
// the outputs' own integral (summary.json energy_check). Sweep replications (EnergyAccounting::kOutputsOnly) skip
// the plugin, the power states and the executions: the outputs come from the same bookkeeping either way.
#include "sim/engine/engine.hpp"

#include <simgrid/host.h>
#include <simgrid/plugins/energy.h>
#include <simgrid/version.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <map>
#include <stdexcept>
#include <memory>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Exec.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include "models/finance.hpp"
#include "models/power_chain.hpp"
#include "models/rack_model.hpp"
#include "sim/engine/invariants.hpp"
#include "sim/engine/logging.hpp"
#include "sim/engine/rollout_state.hpp"

namespace sg4 = simgrid::s4u;

namespace gwsim::engine {
namespace {

constexpr double kDay = models::kSecondsPerDay;
constexpr double kNoon = kDay / 2.0;
constexpr unsigned long kNominal = 1;  // pod pstates, see the top comment: 0 not commissioned
constexpr unsigned long kCapped = 2;
// Workload steps run this long after the day (or hour) starts, after the site actors' day-start work.
constexpr double kStepOffset = 1e-3;
// Partial loads start this long after the day (or hour) starts, once the workload step has planned them.
constexpr double kPartialOffset = 2e-3;
constexpr double kHour = 3600.0;

std::string watts(double w) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", w);
  return buf;
}

// Everything the actors share. All actors run on one OS thread, one at a time.
struct Simulation {
  const Scenario& scenario;
  RolloutState state;
  std::vector<sg4::Host*> pod_hosts;
  std::vector<sg4::ExecPtr> pod_exec;  // per pod: its full-load execution while busy, else null
  struct PartialLoad {
    sg4::Host* host;
    double rate;  // flop/s
    double until_s;
  };
  std::vector<PartialLoad> partial_loads;  // from the workload actor to the partial-load actor, per step
  RunRecord record;
  std::vector<std::string> failures;

  bool plugin = true;  // EnergyAccounting::kPlugin: pods carry executions and power states

  Simulation(const Scenario& s, bool with_plugin)
      : scenario(s), state(s), pod_exec(state.pods.size()), plugin(with_plugin) {}
  bool hourly() const { return scenario.output_step.hours > 0; }

  double time_of(models::Date day) const { return static_cast<double>(models::days_between(scenario.start, day)) * kDay; }
  models::Date last_day() const { return scenario.end; }
};

// Sleeps until the given simulated time (never backwards).
void sleep_until(double time_s) {
  const double now = sg4::Engine::get_clock();
  if (time_s > now) sg4::this_actor::sleep_until(time_s);
}

template <typename Body>
void guarded(Simulation& sim, const std::string& who, Body body) {
  try {
    body();
  } catch (const std::exception& e) {
    engine_log().error("{}: {}", who, e.what());
    sim.failures.push_back(who + ": " + e.what());
  }
}

// A busy pod's full-load execution: unbounded, long enough to outlast the simulation.
sg4::ExecPtr start_full_load(sg4::Host* host, double seconds_left) {
  sg4::ExecPtr exec = sg4::this_actor::exec_init(host->get_pstate_speed(kNominal) * (seconds_left + kDay) * 2.0);
  exec->set_host(host);
  exec->start();
  return exec;
}

void tranche_actor(Simulation& sim, std::size_t index) {
  guarded(sim, "tranche " + sim.scenario.tranches[index].name, [&] {
    const Tranche& tranche = sim.scenario.tranches[index];
    if (tranche.order_date > sim.scenario.end) return;
    sleep_until(sim.time_of(std::max(tranche.order_date, sim.scenario.start)));
    std::int64_t racks = 0;
    for (const Lot& lot : sim.state.lots) {
      if (lot.tranche == index) racks += lot.ordered;
    }
    sim.state.add_event(std::max(tranche.order_date, sim.scenario.start), "tranche_ordered", "",
                        tranche.name + ": " + std::to_string(racks) + " " + tranche.platform + " racks");
  });
}

void supplier_actor(Simulation& sim, std::size_t index) {
  guarded(sim, "supplier " + sim.scenario.supply[index].platform, [&] {
    std::optional<models::Date> day = sim.state.next_supply_day(index, models::Date{sim.scenario.start.days - 1});
    while (day && *day <= sim.scenario.end) {
      sleep_until(sim.time_of(*day));
      sim.state.produce(index, *day);
      day = sim.state.next_supply_day(index, *day);
    }
  });
}

void site_actor(Simulation& sim, std::size_t index) {
  guarded(sim, "site " + sim.scenario.sites[index].name, [&] {
    const double end_s = sim.time_of(sim.scenario.end) + kDay;
    for (models::Date day = sim.scenario.start; day <= sim.scenario.end; day = sim.state.next_site_day(index, day)) {
      const double now = sim.time_of(day);
      sleep_until(now);
      for (std::size_t pod : sim.state.site_day(index, day, now)) {
        sg4::Host* host = sim.pod_hosts[pod];
        if (sim.plugin) host->set_pstate(kNominal);  // idle until the next workload step
        engine_log().debug("{} live", host->get_name());
      }
    }
    sleep_until(end_s);
    sim.state.sites[index].advance(end_s);
  });
}

// The workload steps: daily (the day's mean demand), or hourly in hourly runs (the daily cycle). Partial loads
// are bounded executions that end at the next step, so they are never cancelled.
void workload_actor(Simulation& sim) {
  guarded(sim, "workload", [&] {
    const Scenario& s = sim.scenario;
    const double end_s = sim.time_of(s.end) + kDay;
    const int steps_per_day = sim.hourly() ? 24 : 1;
    const double step_s = kDay / steps_per_day;
    for (models::Date day = s.start; day <= s.end; day.days++) {
      for (int k = 0; k < steps_per_day; ++k) {
        const double now = sim.time_of(day) + k * step_s + kStepOffset;
        sleep_until(now);
        const double next = std::min(end_s, now + step_s);
        const std::vector<PodSetting> settings = sim.state.step_workload(day, sim.hourly() ? k : -1, now);
        if (!sim.plugin) continue;  // the outputs come from the bookkeeping alone
        for (const PodSetting& set : settings) {
          sg4::Host* host = sim.pod_hosts[set.pod];
          if (set.capped_changed) host->set_pstate(set.capped ? kCapped : kNominal);
          if (set.busy_changed) {
            if (set.busy) {
              sim.pod_exec[set.pod] = start_full_load(host, end_s - now);
            } else {
              sim.pod_exec[set.pod]->suspend();
              sim.pod_exec[set.pod] = nullptr;
            }
          }
          if (set.marginal_load > 0.0 && next > now) {
            const double rate = host->get_pstate_speed(set.capped ? kCapped : kNominal) * set.marginal_load;
            sim.partial_loads.push_back({host, rate, next});
          }
        }
      }
    }
    // An actor's executions end with it: stay until the end.
    sleep_until(end_s);
  });
}

// Starts the step's partial loads, just after the workload actor has planned them.
void partial_load_actor(Simulation& sim) {
  sg4::Actor::self()->daemonize();
  guarded(sim, "partial loads", [&] {
    const Scenario& s = sim.scenario;
    const int steps_per_day = sim.hourly() ? 24 : 1;
    const double step_s = kDay / steps_per_day;
    for (models::Date day = s.start; day <= s.end; day.days++) {
      for (int k = 0; k < steps_per_day; ++k) {
        sleep_until(sim.time_of(day) + k * step_s + kPartialOffset);
        const double now = sg4::Engine::get_clock();
        for (const Simulation::PartialLoad& load : sim.partial_loads) {
          sg4::ExecPtr exec = sg4::this_actor::exec_init(load.rate * (load.until_s - now));
          exec->set_host(load.host);
          exec->set_bound(load.rate);
          exec->start();
        }
        sim.partial_loads.clear();
      }
    }
    sleep_until(sim.time_of(s.end) + kDay);  // its executions end with it
  });
}

StateRow site_row(const SiteState& site, const RolloutState& state, models::Date day, double end_s) {
  StateRow row;
  row.date = day;
  row.site = site.spec->name;
  row.live = site.live;
  row.racks_ordered = state.ordered_at(site, day);
  row.racks_delivered = site.delivered;
  row.racks_installed = site.installed;
  row.demand_pflops = site.demand_pflops;
  row.served_pflops = site.served_pflops;
  row.unserved_pflops = site.unserved_pflops();
  row.lost_to_cap_pflops = site.lost_to_cap_pflops;
  row.utilization = site.live.pflops_fp8 > 0.0 ? site.served_pflops / site.live.pflops_fp8 : 0.0;
  row.pue = site.pue_now;
  row.it_power_mw = site.it_power_w() / 1e6;
  row.facility_power_mw = site.facility_power_w() / 1e6;
  row.grid_draw_mw = site.grid_draw_w() / 1e6;
  row.live_capacity_mw = site.live_capacity_w / 1e6;
  // From the schedule, not the site's last wake-up: an idle site sleeps through days that change nothing else.
  row.grid_capacity_mw = site.spec->grid_capacity_w.value_at(day) / 1e6;
  // Cumulative figures through the end of the row's period: the flows hold until the next step.
  const SiteTotals t = site.totals_at(end_s);
  row.it_energy_mwh = t.it_j / 3.6e9;
  row.energy_mwh = t.facility_j / 3.6e9;
  row.grid_energy_mwh = t.grid_j / 3.6e9;
  row.co2_t = t.co2_g / 1e6;
  row.water_m3 = t.water_l / 1e3;
  row.capex_usd = site.capex_usd;
  row.held = site.held;
  row.binding = site.binding;
  return row;
}

void add_to_fleet(StateRow& fleet, const StateRow& site) {
  fleet.live += site.live;
  fleet.racks_ordered += site.racks_ordered;
  fleet.racks_delivered += site.racks_delivered;
  fleet.racks_installed += site.racks_installed;
  fleet.demand_pflops += site.demand_pflops;
  fleet.served_pflops += site.served_pflops;
  fleet.unserved_pflops += site.unserved_pflops;
  fleet.lost_to_cap_pflops += site.lost_to_cap_pflops;
  fleet.it_power_mw += site.it_power_mw;
  fleet.facility_power_mw += site.facility_power_mw;
  fleet.grid_draw_mw += site.grid_draw_mw;
  fleet.live_capacity_mw += site.live_capacity_mw;
  fleet.grid_capacity_mw += site.grid_capacity_mw;
  fleet.it_energy_mwh += site.it_energy_mwh;
  fleet.energy_mwh += site.energy_mwh;
  fleet.grid_energy_mwh += site.grid_energy_mwh;
  fleet.co2_t += site.co2_t;
  fleet.water_m3 += site.water_m3;
  fleet.capex_usd += site.capex_usd;
  fleet.held += site.held;
}

// Fleet figures that are ratios, once the sites are summed.
void finish_fleet(StateRow& fleet) {
  fleet.utilization = fleet.live.pflops_fp8 > 0.0 ? fleet.served_pflops / fleet.live.pflops_fp8 : 0.0;
  fleet.pue = fleet.it_power_mw > 0.0 ? fleet.facility_power_mw / fleet.it_power_mw : 0.0;
}

// What a site's row is checked against (invariants.hpp).
// `peak_grid_w`: the highest interconnect capacity so far. Racks admitted under it stay live if the capacity later
// falls (a curtailment): the power cap then holds their draw under the lower limit.
SiteLimits limits_of(const SiteState& site, double peak_grid_w) {
  SiteLimits limits;
  limits.facility_limit_mw = models::facility_limit_from_grid(site.spec->power_chain(), peak_grid_w) / 1e6;
  for (const HallState& hall : site.halls) {
    limits.hall_rack_power_w += hall.used_rack_power_w;
    if (hall.is_ready) {
      limits.hall_budget_w += models::hall_rack_power_budget_w(
          site.spec->power_chain(), {hall.spec->it_capacity_w, hall.spec->cooling_capacity_w, hall.spec->cooling});
    }
  }
  for (const auto& [platform, racks] : site.live_by_platform) {
    limits.expected_packages += racks * platform->gpu_packages;
    limits.expected_dies += racks * platform->gpu_dies;
  }
  limits.rack_power_w = site.rack_power_w;
  limits.rack_budget_w = site.rack_budget_w;
  limits.over_budget = site.over_budget;
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

// Daily at noon: milestones and investments, then the outputs at each output date.
void fleet_actor(Simulation& sim) {
  sg4::Actor::self()->daemonize();
  guarded(sim, "fleet", [&] {
    const Scenario& s = sim.scenario;
    RunRecord& rec = sim.record;
    rec.demand_stated = s.demand.stated;
    models::InvestmentTracker investments(s.finance.investments);
    bool first_tokens = false;
    bool in_shortfall = false;
    std::int64_t gw_reached = 0;
    models::Date next_sample = s.start;
    int months_done = 0;
    const bool hourly = sim.hourly();
    // Daily runs sample at noon, after the day's changes; hourly runs in the middle of every hour, and do the
    // day's milestones and checks at the 12:30 sample.
    const int samples_per_day = hourly ? 24 : 1;
    const int daily_sample = hourly ? 12 : 0;
    std::vector<StateRow> site_rows(sim.state.sites.size());  // reused every sample
    std::vector<StateRow> yesterday_sites(sim.state.sites.size());
    std::vector<double> peak_grid_w(sim.state.sites.size(), 0.0);
    rec.site_outcomes.resize(sim.state.sites.size());
    for (std::size_t i = 0; i < sim.state.sites.size(); ++i) rec.site_outcomes[i].name = sim.state.sites[i].spec->name;
    StateRow yesterday_fleet;
    for (models::Date day = s.start; day <= s.end; day.days++) {
      bool short_today = false;
      for (int k = 0; k < samples_per_day; ++k) {
        const double sample_s = hourly ? sim.time_of(day) + (k + 0.5) * kHour : sim.time_of(day) + kNoon;
        const double end_s = hourly ? sim.time_of(day) + (k + 1) * kHour : sim.time_of(day) + kDay;
        sleep_until(sample_s);

        StateRow fleet;
        fleet.date = day;
        fleet.hour = hourly ? k : -1;
        for (std::size_t i = 0; i < sim.state.sites.size(); ++i) {
          peak_grid_w[i] = std::max(peak_grid_w[i], sim.state.sites[i].spec->grid_capacity_w.value_at(day));
          site_rows[i] = site_row(sim.state.sites[i], sim.state, day, end_s);
          site_rows[i].hour = fleet.hour;
          add_to_fleet(fleet, site_rows[i]);
        }
        finish_fleet(fleet);

        // Demand against capacity.
        const std::string hh = (k < 10 ? "0" : "") + std::to_string(k) + ":00";
        const std::string when = models::to_iso(day) + (hourly ? " " + hh + " UTC" : "");
        if (fleet.unserved_pflops > 0.0) {
          short_today = true;
          if (!in_shortfall) {
            char buf[200];
            std::snprintf(buf, sizeof buf, "%s%.1f of %.1f PFLOP/s not served", hourly ? (when + ": ").c_str() : "",
                          fleet.unserved_pflops, fleet.demand_pflops);
            sim.state.add_event(day, "demand_exceeds_capacity", "", buf);
            in_shortfall = true;
          }
          if (fleet.unserved_pflops > rec.peak_unserved_pflops) {
            rec.peak_unserved_pflops = fleet.unserved_pflops;
            rec.peak_unserved_at = hourly ? models::to_iso(day) + "T" + hh : models::to_iso(day);
          }
        } else if (in_shortfall) {
          char buf[200];
          std::snprintf(buf, sizeof buf, "%sall %.1f PFLOP/s served", hourly ? (when + ": ").c_str() : "",
                        fleet.demand_pflops);
          sim.state.add_event(day, "demand_met", "", buf);
          in_shortfall = false;
        }
        rec.peak_facility_power_mw = std::max(rec.peak_facility_power_mw, fleet.facility_power_mw);
        rec.peak_grid_draw_mw = std::max(rec.peak_grid_draw_mw, fleet.grid_draw_mw);
        for (std::size_t i = 0; i < site_rows.size(); ++i) {
          SiteOutcome& site = rec.site_outcomes[i];
          site.peak_grid_draw_mw = std::max(site.peak_grid_draw_mw, site_rows[i].grid_draw_mw);
          site.final_state = site_rows[i];
        }

        if (k == daily_sample) {
          for (std::size_t i = 0; i < sim.state.sites.size(); ++i) {
            const SiteLimits limits = limits_of(sim.state.sites[i], peak_grid_w[i]);
            if (auto broken = check_row(site_rows[i], day == s.start ? nullptr : &yesterday_sites[i], &limits,
                                        !hourly)) {
              throw std::logic_error("invariant broken: " + *broken);
            }
          }
          yesterday_sites = site_rows;
          if (!first_tokens && fleet.live.racks > 0) {
            first_tokens = true;
            rec.first_tokens_date = models::to_iso(day);
            for (const StateRow& row : site_rows) {
              if (row.live.racks > 0) {
                sim.state.add_event(day, "first_tokens", row.site, "first pod live");
                break;
              }
            }
          }
          for (const std::int64_t gw = models::whole_gigawatts(fleet.live_capacity_mw * 1e6); gw_reached < gw;) {
            ++gw_reached;
            rec.gw_live_dates.push_back(models::to_iso(day));
            sim.state.add_event(day, "gw_live", "", "GW " + std::to_string(gw_reached) + " live");
          }
          for (const models::Payment& p : investments.update(day, fleet.live_capacity_mw * 1e6, first_tokens)) {
            char buf[160];
            std::snprintf(buf, sizeof buf, "%s: $%.0f (%s)", p.rule.c_str(), p.amount_usd, p.reason.c_str());
            sim.state.add_event(day, "investment", "", buf);
          }
        } else if (hourly) {
          // Between the daily checks, every sampled hour is checked too (the power cap above all).
          for (std::size_t i = 0; i < sim.state.sites.size(); ++i) {
            const SiteLimits limits = limits_of(sim.state.sites[i], peak_grid_w[i]);
            if (auto broken = check_row(site_rows[i], nullptr, &limits, false)) {
              throw std::logic_error("invariant broken: " + *broken + " (" + hh + " UTC)");
            }
          }
        }
        fleet.investment_usd = investments.total_usd();
        fleet.binding = binding_constraint(fleet.held);
        if (k == daily_sample) {
          if (fleet.held.total() > 0) {
            ++rec.days_with_racks_pending;
            ++rec.binding_days[to_string(fleet.binding)];
          }
          if (auto broken = check_row(fleet, day == s.start ? nullptr : &yesterday_fleet, nullptr, !hourly)) {
            throw std::logic_error("invariant broken: " + *broken);
          }
          yesterday_fleet = fleet;
        }

        const bool sample = hourly ? k % s.output_step.hours == 0 : day == next_sample;
        if (sample) {
          rec.timeline.push_back(fleet);
          rec.sites.insert(rec.sites.end(), site_rows.begin(), site_rows.end());
          if (!hourly) next_sample = next_output_date(s, next_sample, months_done);
        }
        rec.final_state = fleet;
      }
      if (short_today) ++rec.shortfall_days;
    }
  });
}

void build_platform(Simulation& sim, std::vector<sg4::Host*>& site_hosts, sg4::Host*& hq) {
  const Scenario& s = sim.scenario;
  auto* root = sg4::create_star_zone("gwsim");
  hq = root->create_host("hq", 1e9);
  if (sim.plugin) hq->set_property("wattage_per_state", "0:0:0")->set_property("wattage_off", "0");

  std::vector<sg4::NetZone*> zones;
  for (const Site& site : s.sites) {
    auto* zone = sg4::create_star_zone(site.name);
    zone->set_parent(root);
    sg4::Host* control = zone->create_host(site.name + "/control", 1e9);
    if (sim.plugin) control->set_property("wattage_per_state", "0:0:0")->set_property("wattage_off", "0");
    site_hosts.push_back(control);
    zones.push_back(zone);
  }
  sim.pod_hosts.reserve(sim.state.pods.size());
  // Pods of one platform and size share their power states: format each once.
  std::map<std::pair<const models::Platform*, std::int64_t>, std::string> wattage_of;
  for (const Pod& pod : sim.state.pods) {
    const Lot& lot = sim.state.lots[pod.lot];
    const models::Platform& p = *lot.platform;
    const double racks = static_cast<double>(pod.racks);
    // Speed when live: the pod's FP8 rate; 1 flop/s for a platform without FP8 so that the host is valid.
    const double speed = std::max(1.0, racks * p.pflops_fp8 * 1e15);
    sg4::Host* host = zones[lot.site]->create_host(
        pod.host_name, std::vector<double>{1.0, speed, speed * s.power_cap.speed_fraction});
    if (sim.plugin) {
      std::string& wattage = wattage_of[{&p, pod.racks}];
      if (wattage.empty()) {
        const std::string idle = watts(racks * p.idle_power_w);
        wattage = "0:0:0, " + idle + ":" + idle + ":" + watts(racks * p.peak_power_w) + ", " + idle + ":" + idle +
                  ":" + watts(racks * s.power_cap.power_fraction * p.peak_power_w);
      }
      host->set_property("wattage_per_state", wattage);
    }
    // Sealed by its zone below (sealing it here too would build its energy accounts twice); pstate 0, "not
    // commissioned", is where every host starts.
    sim.pod_hosts.push_back(host);
  }
  for (auto* zone : zones) zone->seal();
  root->seal();
}

}  // namespace

std::string simgrid_version() {
  int major = 0, minor = 0, patch = 0;
  sg_version_get(&major, &minor, &patch);
  return std::to_string(major) + "." + std::to_string(minor) + "." + std::to_string(patch);
}

Manifest manifest_for(const Scenario& scenario) {
  Manifest m;
  m.gwsim_version = GWSIM_VERSION;
  m.simgrid_version = simgrid_version();
  m.scenario_name = scenario.name;
  m.scenario_file = scenario.source_path;
  m.scenario_sha256 = scenario.source_sha256;
  m.overrides = scenario.overrides;
  m.seed = scenario.seed;
  m.replication = scenario.replication;
  m.draws = scenario.draws;
  m.output_step = scenario.output_step.text();
  m.pod_racks = scenario.pod_racks;
  m.start_date = models::to_iso(scenario.start);
  m.end_date = models::to_iso(scenario.end);
  return m;
}

EngineResult run_simulation(const Scenario& scenario, const std::vector<std::string>& engine_args,
                            Teardown teardown, EnergyAccounting accounting) {
  const bool plugin = accounting == EnergyAccounting::kPlugin;
  std::vector<std::string> args{"gwsim", "--log=root.thres:critical", "--log=host_energy.thres:critical"};
#if defined(__SANITIZE_ADDRESS__)
  // SimGrid's fast context switches confuse AddressSanitizer; under it, actors run on threads (slower, exact).
  args.push_back("--cfg=contexts/factory:thread");
#endif
  args.insert(args.end(), engine_args.begin(), engine_args.end());
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int argc = static_cast<int>(args.size());

  set_log_start_date(scenario.start);
  // A process that exits right after the run (a sweep's replication) need not take the platform apart.
  auto engine_owner = std::make_unique<sg4::Engine>(&argc, argv.data());
  sg4::Engine& engine = *engine_owner;
  if (plugin) sg_host_energy_plugin_init();

  Simulation sim(scenario, plugin);
  std::vector<sg4::Host*> site_hosts;
  sg4::Host* hq = nullptr;
  build_platform(sim, site_hosts, hq);

  for (std::size_t i = 0; i < scenario.tranches.size(); ++i) {
    sg4::Actor::create("tranche-" + scenario.tranches[i].name, hq, [&sim, i] { tranche_actor(sim, i); });
  }
  for (std::size_t i = 0; i < scenario.supply.size(); ++i) {
    sg4::Actor::create("supplier-" + scenario.supply[i].platform, hq, [&sim, i] { supplier_actor(sim, i); });
  }
  for (std::size_t i = 0; i < scenario.sites.size(); ++i) {
    sg4::Actor::create("site-" + scenario.sites[i].name, site_hosts[i], [&sim, i] { site_actor(sim, i); });
  }
  sg4::Actor::create("workload", hq, [&sim] { workload_actor(sim); });
  if (plugin) sg4::Actor::create("partial-loads", hq, [&sim] { partial_load_actor(sim); });
  sg4::Actor::create("fleet", hq, [&sim] { fleet_actor(sim); });

  engine.run();

  EngineResult result;
  result.record = std::move(sim.record);
  RunRecord& rec = result.record;
  rec.plugin_it_energy_mwh = 0.0;
  rec.plugin_measured = plugin;
  // The plugin integrates rack power; IT energy adds the non-GPU share, site by site.
  if (plugin) {
    std::vector<double> site_j(scenario.sites.size(), 0.0);
    for (std::size_t p = 0; p < sim.pod_hosts.size(); ++p) {
      site_j[sim.state.lots[sim.state.pods[p].lot].site] += sg_host_get_consumed_energy(sim.pod_hosts[p]);
    }
    for (std::size_t i = 0; i < site_j.size(); ++i) {
      rec.plugin_it_energy_mwh += models::it_power_from_rack_power(scenario.sites[i].power_chain(), site_j[i] / 3.6e9);
    }
  }
  rec.simulated_hosts = static_cast<std::int64_t>(sim.pod_hosts.size());
  for (const SiteState& site : sim.state.sites) {
    rec.served_eflop += site.totals.served_pflop / 1e3;
    rec.unserved_eflop += site.totals.unserved_pflop / 1e3;
    rec.lost_to_cap_eflop += site.totals.lost_to_cap_pflop / 1e3;
  }
  for (std::size_t t = 0; t < scenario.tranches.size(); ++t) {
    TrancheOutcome outcome;
    outcome.name = scenario.tranches[t].name;
    std::optional<models::Date> first, full;
    bool all_full = true;
    for (const Lot& lot : sim.state.lots) {
      if (lot.tranche != t) continue;
      outcome.racks += lot.ordered;
      if (lot.first_live && (!first || *lot.first_live < *first)) first = lot.first_live;
      if (!lot.fully_live) all_full = false;
      else if (!full || *full < *lot.fully_live) full = lot.fully_live;
    }
    if (first) outcome.first_live_date = models::to_iso(*first);
    if (all_full && full) outcome.fully_live_date = models::to_iso(*full);
    rec.tranches.push_back(outcome);
  }
  // Events of one day come from several actors; their order must not depend on how SimGrid schedules them:
  // by date, fleet-wide events first, then sites in scenario order, each actor's events in the order it made them.
  std::map<std::string, std::size_t> site_rank{{"", 0}};
  for (std::size_t i = 0; i < scenario.sites.size(); ++i) site_rank[scenario.sites[i].name] = i + 1;
  std::stable_sort(sim.state.events.begin(), sim.state.events.end(), [&](const Event& a, const Event& b) {
    if (a.date != b.date) return a.date < b.date;
    return site_rank.at(a.site) < site_rank.at(b.site);
  });
  rec.events = std::move(sim.state.events);
  result.failures = std::move(sim.failures);
  if (teardown == Teardown::kSkip) {
    (void)engine_owner.release();  // deliberately never destroyed: the process exits next
  }
  return result;
}

}  // namespace gwsim::engine
