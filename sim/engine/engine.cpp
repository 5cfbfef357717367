// The SimGrid adapter: pods of racks are hosts (dark until commissioned, power from the rack model through
// SimGrid's host-energy plugin), and actors per site, tranche and supplier play the rollout day by day, with a
// daemon fleet actor that samples the outputs. All arithmetic is in models/ and rollout_state.cpp.
//
// A pod host has two power states: pstate 0 "not commissioned" (0 W, no compute) and pstate 1 "live" (the pod's
// idle-to-peak power and FP8 speed). Commissioning switches it to pstate 1. Host::turn_on() would say the same,
// but in SimGrid 3.32 it costs time proportional to the executions already running (measured: 1.2 s for 17,600
// pods switched on among running pods, against 43 ms with set_pstate), which breaks the budget at rack
// granularity. The running workload is never cancelled at the end for the same reason: the simulation simply
// ends, and the energy plugin closes its accounts at that time.
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
constexpr unsigned long kLive = 1;  // pod pstates, see the top comment: 0 not commissioned, 1 live

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
  std::vector<std::vector<sg4::ExecPtr>> site_execs;  // per site: running workload of each live pod
  RunRecord record;
  std::vector<std::string> failures;

  explicit Simulation(const Scenario& s) : scenario(s), state(s), site_execs(s.sites.size()) {}

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

// Holds a live pod at the site's utilization: one bounded execution that outlasts the simulation.
sg4::ExecPtr start_workload(sg4::Host* host, double utilization, double seconds_left) {
  if (utilization <= 0.0) return nullptr;
  const double rate = host->get_speed() * utilization;
  sg4::ExecPtr exec = sg4::this_actor::exec_init(rate * (seconds_left + kDay) * 2.0);
  exec->set_host(host);
  exec->set_bound(rate);
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
    auto& execs = sim.site_execs[index];
    std::vector<std::size_t> live_pods;
    for (models::Date day = sim.scenario.start; day <= sim.scenario.end; day = sim.state.next_site_day(index, day)) {
      const double now = sim.time_of(day);
      sleep_until(now);
      if (sim.state.update_utilization(index, day, now)) {
        const double u = sim.state.sites[index].utilization;
        for (std::size_t k = 0; k < live_pods.size(); ++k) {
          if (execs[k]) execs[k]->cancel();
          execs[k] = start_workload(sim.pod_hosts[live_pods[k]], u, end_s - now);
        }
      }
      for (std::size_t pod : sim.state.site_day(index, day, now)) {
        sg4::Host* host = sim.pod_hosts[pod];
        host->set_pstate(kLive);
        engine_log().debug("{} live", host->get_name());
        live_pods.push_back(pod);
        execs.push_back(start_workload(host, sim.state.sites[index].utilization, end_s - now));
      }
    }
    sleep_until(end_s);
    SiteState& site = sim.state.sites[index];
    site.rack_energy_j = site.rack_energy_at(end_s);
    site.last_change_s = end_s;
  });
}

StateRow site_row(const SiteState& site, const RolloutState& state, models::Date day, double end_of_day_s) {
  StateRow row;
  row.date = day;
  row.site = site.spec->name;
  row.live = site.live;
  row.racks_ordered = state.ordered_at(site, day);
  row.racks_delivered = site.delivered;
  row.racks_installed = site.installed;
  row.utilization = site.utilization;
  row.it_power_mw = site.it_power_w() / 1e6;
  row.facility_power_mw = site.facility_power_w() / 1e6;
  row.grid_draw_mw = models::grid_draw_from_facility(site.spec->power, site.facility_power_w()) / 1e6;
  row.live_capacity_mw = site.live_capacity_w / 1e6;
  // From the schedule, not the site's last wake-up: an idle site sleeps through days that change nothing else.
  row.grid_capacity_mw = site.spec->grid_capacity_w.value_at(day) / 1e6;
  // The power chain is linear, so its factors carry rack energy to IT and facility energy as they do power.
  const double rack_mwh = site.rack_energy_at(end_of_day_s) / 3.6e9;
  row.it_energy_mwh = models::it_power_from_rack_power(site.spec->power, rack_mwh);
  row.energy_mwh = models::facility_power_from_it(site.spec->power, row.it_energy_mwh);
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
  fleet.it_power_mw += site.it_power_mw;
  fleet.facility_power_mw += site.facility_power_mw;
  fleet.grid_draw_mw += site.grid_draw_mw;
  fleet.live_capacity_mw += site.live_capacity_mw;
  fleet.grid_capacity_mw += site.grid_capacity_mw;
  fleet.it_energy_mwh += site.it_energy_mwh;
  fleet.energy_mwh += site.energy_mwh;
  fleet.capex_usd += site.capex_usd;
  fleet.held += site.held;
}

// What a site's row is checked against (invariants.hpp).
SiteLimits limits_of(const SiteState& site, models::Date day) {
  SiteLimits limits;
  limits.facility_limit_mw =
      models::facility_limit_from_grid(site.spec->power, site.spec->grid_capacity_w.value_at(day)) / 1e6;
  for (const HallState& hall : site.halls) {
    limits.hall_rack_power_w += hall.used_rack_power_w;
    if (hall.is_ready) {
      limits.hall_budget_w += models::hall_rack_power_budget_w(
          site.spec->power, {hall.spec->it_capacity_w, hall.spec->cooling_capacity_w, hall.spec->cooling});
    }
  }
  for (const auto& [platform, racks] : site.live_by_platform) {
    limits.expected_packages += racks * platform->gpu_packages;
    limits.expected_dies += racks * platform->gpu_dies;
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

// Daily at noon: milestones and investments, then the outputs at each output date.
void fleet_actor(Simulation& sim) {
  sg4::Actor::self()->daemonize();
  guarded(sim, "fleet", [&] {
    const Scenario& s = sim.scenario;
    RunRecord& rec = sim.record;
    models::InvestmentTracker investments(s.finance.investments);
    bool first_tokens = false;
    std::int64_t gw_reached = 0;
    models::Date next_sample = s.start;
    int months_done = 0;
    std::vector<StateRow> site_rows(sim.state.sites.size());  // reused every day
    std::vector<StateRow> yesterday_sites(sim.state.sites.size());
    for (models::Date day = s.start; day <= s.end; day.days++) {
      const double end_of_day_s = sim.time_of(day) + kDay;
      sleep_until(sim.time_of(day) + kNoon);

      StateRow fleet;
      fleet.date = day;
      fleet.utilization = s.utilization.value_at(day);
      for (std::size_t i = 0; i < sim.state.sites.size(); ++i) {
        site_rows[i] = site_row(sim.state.sites[i], sim.state, day, end_of_day_s);
        add_to_fleet(fleet, site_rows[i]);
        const SiteLimits limits = limits_of(sim.state.sites[i], day);
        if (auto broken = check_row(site_rows[i], day == s.start ? nullptr : &yesterday_sites[i], &limits)) {
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
      fleet.investment_usd = investments.total_usd();
      fleet.binding = binding_constraint(fleet.held);
      if (fleet.held.total() > 0) {
        ++rec.days_with_racks_pending;
        ++rec.binding_days[to_string(fleet.binding)];
      }
      rec.peak_facility_power_mw = std::max(rec.peak_facility_power_mw, fleet.facility_power_mw);
      rec.peak_grid_draw_mw = std::max(rec.peak_grid_draw_mw, fleet.grid_draw_mw);

      if (day == next_sample) {
        rec.timeline.push_back(fleet);
        rec.sites.insert(rec.sites.end(), site_rows.begin(), site_rows.end());
        next_sample = next_output_date(s, next_sample, months_done);
      }
      if (auto broken = check_row(fleet, day == s.start ? nullptr : &rec.final_state, nullptr)) {
        throw std::logic_error("invariant broken: " + *broken);
      }
      rec.final_state = fleet;
    }
  });
}

void build_platform(Simulation& sim, std::vector<sg4::Host*>& site_hosts, sg4::Host*& hq) {
  const Scenario& s = sim.scenario;
  auto* root = sg4::create_star_zone("gwsim");
  hq = root->create_host("hq", 1e9)->set_property("wattage_per_state", "0:0:0")->set_property("wattage_off", "0");

  std::vector<sg4::NetZone*> zones;
  for (const Site& site : s.sites) {
    auto* zone = sg4::create_star_zone(site.name);
    zone->set_parent(root);
    sg4::Host* control = zone->create_host(site.name + "/control", 1e9)
                             ->set_property("wattage_per_state", "0:0:0")
                             ->set_property("wattage_off", "0");
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
    std::string& wattage = wattage_of[{&p, pod.racks}];
    if (wattage.empty()) {
      const std::string idle = watts(racks * models::rack_power_w(p, 0.0));
      wattage = "0:0:0, " + idle + ":" + idle + ":" + watts(racks * models::rack_power_w(p, 1.0));
    }
    sg4::Host* host = zones[lot.site]->create_host(pod.host_name, std::vector<double>{1.0, speed})
                          ->set_property("wattage_per_state", wattage);
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
                            Teardown teardown) {
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
  sg_host_energy_plugin_init();

  Simulation sim(scenario);
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
  sg4::Actor::create("fleet", hq, [&sim] { fleet_actor(sim); });

  engine.run();

  EngineResult result;
  result.record = std::move(sim.record);
  RunRecord& rec = result.record;
  rec.plugin_it_energy_mwh = 0.0;
  // The plugin integrates rack power; IT energy adds the non-GPU share, site by site.
  {
    std::vector<double> site_j(scenario.sites.size(), 0.0);
    for (std::size_t p = 0; p < sim.pod_hosts.size(); ++p) {
      site_j[sim.state.lots[sim.state.pods[p].lot].site] += sg_host_get_consumed_energy(sim.pod_hosts[p]);
    }
    for (std::size_t i = 0; i < site_j.size(); ++i) {
      rec.plugin_it_energy_mwh += models::it_power_from_rack_power(scenario.sites[i].power, site_j[i] / 3.6e9);
    }
  }
  rec.simulated_hosts = static_cast<std::int64_t>(sim.pod_hosts.size());
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
