// The SimGrid adapter: pods of racks are hosts (dark until commissioned, power from the rack model through
// SimGrid's host-energy plugin); a rollout actor plays the day starts (tranches, supply lines and sites in scenario
// order, day_starts.hpp) on each day something is due, a workload actor the workload steps, and a daemon fleet actor
// wakes at each sample time. This file holds only actors, hosts, executions, power states
// and sleeps: the arithmetic is in models/, the bookkeeping in rollout_state.cpp and workload_step.cpp, and what
// the fleet actor reads (rows, milestones, investments, invariants, the record) in fleet_recorder.cpp, all three
// SimGrid-free.
//
// A pod host has three power states: pstate 0 "not commissioned" (0 W, no compute; a retired pod's too), pstate 1
// "nominal" (the pod's idle-to-peak power and FP8 speed) and pstate 2 "capped" (power c x peak, speed s x full; the
// scenario's power_cap). Commissioning switches it to pstate 1. Host::turn_on() would say the same, but in SimGrid
// 3.32 it costs time proportional to the executions already running (measured: 1.2 s for 17,600 pods switched on
// among running pods, against 43 ms with set_pstate), which breaks the budget at rack granularity.
//
// Workload: the workload actor (one per fleet, see workload_step.cpp) runs a pod at full load with an unbounded
// execution, and moves pods between the nominal and capped states with set_pstate; a pod asked for a fraction of
// full load runs a bounded execution that ends exactly at the next workload step. A pod has one full-load
// execution, started the first time it is busy and kept to the end: to idle the pod its priority goes to infinity
// (sharing penalty 0, which disables it in SimGrid's solver exactly as suspend() does), and back to 1 when it is
// busy again, with the energy plugin brought up to date at each switch as suspend() and a start do. SimGrid 3.32's
// Activity::resume() leaves the activity marked suspended, so a resumed execution can never be suspended again
// (measured); starting a new execution per busy period instead left every suspended one in the engine until the
// end (memory grew with each busy period: ~800 MB for the 10 GW rollout hourly over six years), and cancelling one
// costs time in proportion to the executions its actor started (~20 us each among 17,600). Starting, switching
// priorities and pstates cost O(1). The bounded executions come
// from a second actor that starts nothing else, so their completion stays cheap. A step touches only the pods
// whose part changes. The energy plugin thus sees the load the demand implies, and its total is checked against
// the outputs' own integral (summary.json energy_check). EnergyAccounting::kOutputsOnly skips the plugin, the pods'
// hosts, the power states and the executions: the outputs come from the same bookkeeping either way. Sweep
// replications do not come here: replication.hpp plays the same bookkeeping without SimGrid's actors.
#include "sim/engine/engine.hpp"

#include <simgrid/host.h>
#include <simgrid/plugins/energy.h>
#include <simgrid/version.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <exception>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <simgrid/s4u/Actor.hpp>
#include <simgrid/s4u/Engine.hpp>
#include <simgrid/s4u/Exec.hpp>
#include <simgrid/s4u/Host.hpp>
#include <simgrid/s4u/NetZone.hpp>

#include "models/power_chain.hpp"
#include "sim/engine/day_starts.hpp"
#include "sim/engine/fleet_recorder.hpp"
#include "sim/engine/logging.hpp"
#include "sim/engine/rollout_state.hpp"
#include "sim/output/fields.hpp"

namespace sg4 = simgrid::s4u;

namespace gwsim::engine {
namespace {

constexpr double kDay = models::kSecondsPerDay;
constexpr unsigned long kNominal = 1;  // pod pstates, see the top comment: 0 not commissioned
constexpr unsigned long kCapped = 2;
// Partial loads start this long after the day (or hour) starts, once the workload step (at 1 ms,
// RolloutState::workload_step_time) has planned them.
constexpr double kPartialOffset = 2e-3;
// A priority whose sharing penalty (1 / priority) is 0: SimGrid disables the execution's variable, exactly as
// suspend() does, and priority 1 enables it again; unlike suspend() and resume(), this works any number of times.
constexpr double kIdlePriority = std::numeric_limits<double>::infinity();

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
  std::vector<sg4::ExecPtr> pod_exec;  // per pod: its full-load execution from its first busy step, else null
  struct PartialLoad {
    sg4::Host* host;
    double rate;  // flop/s
    double until_s;
  };
  std::vector<PartialLoad> partial_loads;  // from the workload actor to the partial-load actor, per step
  FleetRecorder recorder;
  std::vector<std::string> failures;
  DayStarts starts;  // the tranches', supply lines' and sites' turns at the start of each day

  bool plugin = true;  // EnergyAccounting::kPlugin: pods carry executions and power states

  Simulation(const Scenario& s, bool with_plugin, SiteRowSink site_rows)
      : scenario(s),
        state(s),
        pod_exec(state.pods.size()),
        recorder(s, state, std::move(site_rows)),
        starts(s, state, failures),
        plugin(with_plugin) {}
  bool hourly() const { return scenario.output_step.hours > 0; }

  double time_of(models::Date day) const { return state.time_of(day); }
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
    report_failure(sim.failures, who, e);
  }
}

// A busy pod's full-load execution: unbounded, long enough to outlast the simulation.
sg4::ExecPtr start_full_load(sg4::Host* host, double seconds_left) {
  sg4::ExecPtr exec = sg4::this_actor::exec_init(host->get_pstate_speed(kNominal) * (seconds_left + kDay) * 2.0);
  exec->set_host(host);
  exec->start();
  return exec;
}

// The day starts (day_starts.hpp): sleeps until the next day a tranche, supply line or site is due and plays their
// turns in scenario order; after each site's day, powers the pods that went live (idle until the next workload
// step) and darkens those retired: their full-load execution disabled for good, back to pstate 0 (0 W). A partial
// load still on a retired pod ends with the step it was planned for, on a host that draws nothing.
void rollout_actor(Simulation& sim) {
  guarded(sim, "rollout", [&] {
    const auto site_done = [&](std::size_t, const std::vector<std::size_t>& went,
                               const std::vector<std::size_t>& retired) {
      for (std::size_t pod : went) {
        if (sim.plugin) sim.pod_hosts[pod]->set_pstate(kNominal);
        engine_log().debug("{} live", sim.state.pods[pod].host_name);
      }
      for (std::size_t pod : retired) {
        if (sim.plugin) {
          sg4::Host* host = sim.pod_hosts[pod];
          if (sg4::ExecPtr& exec = sim.pod_exec[pod]) {
            sg_host_get_consumed_energy(host);
            exec->update_priority(kIdlePriority);
          }
          host->set_pstate(0);
        }
        engine_log().debug("{} retired", sim.state.pods[pod].host_name);
      }
    };
    while (const std::optional<models::Date> day = sim.starts.next_day()) {
      sleep_until(sim.time_of(*day));
      sim.starts.run(*day, site_done);
    }
    sleep_until(sim.state.end_time());
    sim.starts.finish(sim.state.end_time());
  });
}

// The workload steps: daily (the day's mean demand), or hourly in hourly runs (the daily cycle). Partial loads
// are bounded executions that end at the next step, so they are never cancelled.
void workload_actor(Simulation& sim) {
  guarded(sim, "workload", [&] {
    const Scenario& s = sim.scenario;
    const double end_s = sim.state.end_time();
    const int steps_per_day = sim.state.workload_steps_per_day();
    const double step_s = kDay / steps_per_day;
    for (models::Date day = s.start; day <= s.end; day.days++) {
      for (int k = 0; k < steps_per_day; ++k) {
        const double now = sim.state.workload_step_time(day, k);
        sleep_until(now);
        const double next = std::min(end_s, now + step_s);
        const std::vector<PodSetting> settings = sim.state.step_workload(day, sim.hourly() ? k : -1, now);
        if (!sim.plugin) continue;  // the outputs come from the bookkeeping alone
        for (const PodSetting& set : settings) {
          sg4::Host* host = sim.pod_hosts[set.pod];
          if (set.capped_changed) host->set_pstate(set.capped ? kCapped : kNominal);
          if (set.busy_changed) {
            sg4::ExecPtr& exec = sim.pod_exec[set.pod];
            if (set.busy) {
              if (!exec) {
                exec = start_full_load(host, end_s - now);
              } else {
                exec->update_priority(1.0);  // enabled again, at rate 0 until the next solve, as a new one starts
                sg_host_get_consumed_energy(host);  // the plugin's account up to now, as a new execution's start does
              }
            } else {
              sg_host_get_consumed_energy(host);  // the plugin's account up to now, as suspend() does
              exec->update_priority(kIdlePriority);
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
    const int steps_per_day = sim.state.workload_steps_per_day();
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
    sleep_until(sim.state.end_time());  // its executions end with it
  });
}

// Reads the fleet at each of the recorder's sample times (fleet_recorder.hpp).
void fleet_actor(Simulation& sim) {
  sg4::Actor::self()->daemonize();
  guarded(sim, "fleet", [&] {
    while (const std::optional<SampleTime> at = sim.recorder.next_sample()) {
      sleep_until(at->time_s);
      sim.recorder.sample();
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
  // Without the plugin nothing runs on a pod's host or reads it (the outputs come from the bookkeeping), so a
  // run without it builds none: creating and sealing a host costs ~12 us in SimGrid 3.32.
  if (!sim.plugin) {
    for (auto* zone : zones) zone->seal();
    root->seal();
    return;
  }
  sim.pod_hosts.reserve(sim.state.pods.size());
  // Pods of one platform and size share their power states: format each once.
  std::map<std::pair<const models::Platform*, std::int64_t>, std::string> wattage_of;
  for (const Pod& pod : sim.state.pods) {
    const Lot& lot = sim.state.lots[pod.lot];
    const models::Platform& p = *lot.platform;
    const double racks = static_cast<double>(pod.racks);
    // Speed when live: the pod's FP8 rate; 1 flop/s for a platform without FP8 so that the host is valid.
    const double speed = std::max(1.0, racks * p.pflops_fp8_dense * 1e15);
    sg4::Host* host = zones[lot.site]->create_host(
        pod.host_name, std::vector<double>{1.0, speed, speed * s.power_cap.speed_fraction});
    std::string& wattage = wattage_of[{&p, pod.racks}];
    if (wattage.empty()) {
      const std::string idle = watts(racks * p.idle_power_w);
      wattage = "0:0:0, " + idle + ":" + idle + ":" + watts(racks * p.peak_power_w) + ", " + idle + ":" + idle +
                ":" + watts(racks * s.power_cap.power_fraction * p.peak_power_w);
    }
    host->set_property("wattage_per_state", wattage);
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
  for (const InputFileHash& f : scenario.input_files) m.inputs.emplace_back(f.path, f.sha256);
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

namespace {

std::unique_ptr<sg4::Engine> start_engine(const std::vector<std::string>& engine_args) {
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
  return std::make_unique<sg4::Engine>(&argc, argv.data());
}

}  // namespace

EngineResult run_simulation(const Scenario& scenario, const std::vector<std::string>& engine_args,
                            EnergyAccounting accounting, SiteRowSink site_rows) {
  const bool plugin = accounting == EnergyAccounting::kPlugin;
  set_log_start_date(scenario.start);
  set_log_clock([] { return sg4::Engine::is_initialized() ? sg4::Engine::get_clock() : 0.0; });
  std::unique_ptr<sg4::Engine> engine_owner;
  if (!sg4::Engine::is_initialized()) engine_owner = start_engine(engine_args);
  sg4::Engine& engine = *sg4::Engine::get_instance();
  if (plugin) sg_host_energy_plugin_init();

  Simulation sim(scenario, plugin, std::move(site_rows));
  std::vector<sg4::Host*> site_hosts;
  sg4::Host* hq = nullptr;
  build_platform(sim, site_hosts, hq);

  sg4::Actor::create("rollout", hq, [&sim] { rollout_actor(sim); });
  sg4::Actor::create("workload", hq, [&sim] { workload_actor(sim); });
  if (plugin) sg4::Actor::create("partial-loads", hq, [&sim] { partial_load_actor(sim); });
  sg4::Actor::create("fleet", hq, [&sim] { fleet_actor(sim); });

  engine.run();

  EngineResult result;
  result.record = sim.recorder.finish();
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
  // The pods' hosts, one per pod, whether or not this run built them (a run without the plugin does not): the count
  // is the scenario's, so a replication's manifest equals `gwsim run --replication K`'s.
  rec.simulated_hosts = static_cast<std::int64_t>(sim.state.pods.size());
  result.failures = std::move(sim.failures);
  return result;
}

}  // namespace gwsim::engine
