// The rollout's bookkeeping: racks of each tranche at each site as they are ordered, produced, delivered,
// installed, commissioned and brought live, and halls as they are built. The numbers come from models/
// (rates, rack fits, grid admission, power chain, capex); this file only moves racks between stages.
// SimGrid-free, so the engine's actors (engine.cpp) stay thin and the stepping is testable on its own.
//
// Within a simulated day the stages run in a fixed order, so no result depends on actor scheduling:
//   day start: tranches place orders; suppliers produce for orders placed on EARLIER days; racks produced on
//              day d with lead time L arrive on day d + max(1, round(L)); each site then takes its arrivals,
//              installs (crew quota, hall space), commissions, and brings whole pods live if the grid allows;
//   +1 ms:     the workload step (workload_step.cpp) sets every site's load from demand (every hour in hourly
//              runs);
//   noon:      the fleet recorder (fleet_recorder.hpp) reads every site, fires milestones and investments, and
//              samples the outputs (energy projected to the end of the day: power is constant until the next step;
//              hourly runs sample at the middle of every hour).
//
// Critical path: each pod remembers the day its last rack passed each stage (produced, arrived, installed, and in
// which hall; live), advanced by a cursor per lot and stage as the counts grow, so the cost is O(pods), never a
// rescan. Pods that go live are logged (went_live) for the recorder, which explains each milestone by the pod that
// crossed it (pod_path.cpp, models/critical_path.hpp).
//
// Racks that can never go live are set apart (never_admitted), by the constraint that holds them for good: the
// grid (a pod that even the highest capacity the site's grid reaches by the end cannot carry, with every pod in
// line behind it), buildings (every hall ready and none with room for another rack of the lot's platform) or rack
// supply (no supply line of the platform starts by the end). They are counted from the day that is certain, and
// left out of the racks held, so they do not bind for years.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/battery.hpp"
#include "models/critical_path.hpp"
#include "models/generation.hpp"
#include "models/gpu_count.hpp"
#include "models/gw_basis.hpp"
#include "models/power_swing.hpp"
#include "models/reliability.hpp"
#include "models/workload.hpp"
#include "sim/engine/power_plan.hpp"
#include "sim/output/records.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim::engine {

// The days a pod's last rack passed each stage (models/critical_path.hpp); set as it passes them.
struct PodPath {
  models::Date produced;
  models::Date arrived;
  models::Date installed;
  models::Date live;
  std::int32_t supply = -1;  // the supply line that produced the last rack
  std::int32_t hall = -1;    // the hall it was installed in
  double site_live_facility_before_w = 0.0;  // the site's live facility power at peak just before the pod went live
};

struct Pod {
  std::size_t lot = 0;
  std::int64_t racks = 0;
  std::string host_name;
  PodPath path;
};

// Where a stage of a lot stands: the first pod whose last rack has not passed it, and the racks of the pods before.
struct StageCursor {
  std::size_t pod = 0;
  std::int64_t racks_before = 0;
};

// A tranche as the engine plays it: the scenario's tranches in order, then one NAME-refresh per refresh policy
// (scenario.hpp, TrancheRefresh), with the same target power and sites on the refresh's platform.
struct PlayedTranche {
  std::string name;
  std::string platform;                   // catalog id
  std::optional<std::size_t> refresh_of;  // the scenario tranche whose racks it replaces
};

// A pod that retired (its racks went out of service for good): the recorder and the finance post-pass take these.
struct RetiredPod {
  std::size_t pod = 0;
  std::size_t site = 0;
  models::Date day;
};

// The racks of one tranche at one site.
struct Lot {
  std::size_t tranche = 0;
  std::size_t site = 0;
  const models::Platform* platform = nullptr;
  models::Date order_date;
  std::int64_t ordered = 0;
  std::int64_t produced = 0;
  std::int64_t arrived = 0;
  std::int64_t installed = 0;
  std::int64_t commissioned = 0;
  std::int64_t live = 0;
  std::int64_t retired = 0;       // racks gone live and since retired (not in `live`)
  // Lifecycle. A lot whose tranche states a service life retires its pods in the order they went live, each on
  // models::retirement_day(its live day, service_life_days): the live pods are [pods_retired, pods_live). A
  // refresh lot's order day is unknown (kOrderUnknown) until its tranche's lot at the site (refresh_of) first goes
  // live: then it is the first retirement day less the refresh's order_ahead, not before the next day.
  double service_life_days = 0.0;  // 0: never retires
  std::size_t pods_retired = 0;
  std::optional<std::size_t> refresh_lot;  // the lot that replaces this one's racks (index into lots)
  std::optional<std::size_t> refresh_of;   // a refresh lot: the lot whose racks it replaces
  bool order_announced = false;            // a refresh lot: its tranche_ordered event is out
  // Racks installed and not yet retired, by hall, in installation order (racks retire first in, first out).
  std::deque<std::pair<std::size_t, std::int64_t>> in_halls;
  std::map<std::int32_t, std::int64_t> in_transit;               // arrival day -> racks
  std::deque<std::pair<std::int32_t, std::int64_t>> commissioning;  // ready day -> racks, in day order
  std::vector<std::size_t> pods;  // indices into RolloutState::pods, in commissioning order
  std::size_t pods_live = 0;
  StageCursor produced_cursor, arrived_cursor, installed_cursor;
  HeldRacks held;                 // its racks held back at the end of its site's last day
  bool never_installed = false;   // every hall ready, none with room for another of its racks
  bool never_produced = false;    // no supply line of its platform starts by the end
  std::int64_t never_admitted = 0;  // racks that will never go live (see the top comment)
  std::optional<models::Date> first_live;
  std::optional<models::Date> fully_live;
  // Workload (set by step_workload): live pods [pods_retired, busy_pods) run at full load, [pods_retired,
  // capped_pods) of them at the capped power state; pod `busy_pods`, if live, runs the fraction `marginal_load` of
  // full load (at the capped state when `marginal_capped`). The rest idle.
  std::size_t busy_pods = 0;
  std::size_t capped_pods = 0;
  double marginal_load = 0.0;
  bool marginal_capped = false;
  double dynamic_w = 0.0;   // power above idle of the lot's live racks under that workload
  double work_racks = 0.0;  // work delivered, in racks at full speed
  // Reliability (reliability_step.cpp): the batches of packages out of service, the mean out over the current
  // step, and the live racks less those rack-equivalents (what the workload plan runs on; = live when nothing is
  // out). `shelf` indexes its site's spares shelves; `streams` seed its components' uniforms.
  models::LotRepairs repairs;
  double packages_out_mean = 0.0;
  double effective_racks = 0.0;
  std::size_t shelf = 0;
  std::array<std::uint64_t, models::kFailureComponentCount> streams{};
  double interruptions_per_package_day = 0.0;  // models::job_interruptions_per_package_day of its platform
};

// Racks in the lot's first n pods: each pod holds pod_racks racks, the lot's last one the rest (as they are made).
inline std::int64_t racks_in_first(const Lot& lot, std::size_t n, int pod_racks) {
  return std::min<std::int64_t>(static_cast<std::int64_t>(n) * pod_racks, lot.ordered);
}

// Spare units of one platform at one site (models/reliability.hpp), topped up to the scenario's spares_share of
// the site's live packages of the platform as racks go live.
struct SparesShelf {
  const models::Platform* platform = nullptr;
  models::SparesPool pool;
  std::int64_t units = 0;          // owned: on the shelf or in repair
  std::int64_t live_packages = 0;  // of the platform at the site, at the current step
};

struct HallState {
  const Hall* spec = nullptr;
  std::size_t index = 0;  // in the site's halls
  models::Date shell_done;
  models::Date ready;
  bool is_ready = false;
  double used_rack_power_w = 0.0;  // peak power of the GPU racks installed in it
};

// Integrals of a site's flows since the start.
struct SiteTotals {
  double rack_j = 0.0;          // GPU-rack energy
  double it_j = 0.0;            // IT energy
  double facility_j = 0.0;      // facility energy
  double grid_j = 0.0;          // energy drawn at the grid interconnect
  double co2_g = 0.0;           // grid energy x carbon intensity
  double water_l = 0.0;         // IT energy x water usage effectiveness
  double served_pflop = 0.0;    // integral of served PFLOP/s over seconds (PFLOP)
  double unserved_pflop = 0.0;  // integral of unserved PFLOP/s over seconds (PFLOP)
  double lost_to_cap_pflop = 0.0;
  double training_served_pflop = 0.0;   // integral of training_served_pflops (PFLOP)
  double inference_served_pflop = 0.0;  // integral of inference_served_pflops (PFLOP)
  double inference_tokens_served = 0.0;  // integral of inference_served_tokens_per_s (tokens)
  double generation_j = 0.0;        // on-site generation output (firm and backup), facility side
  double discharged_j = 0.0;        // battery discharge
  double fuel_mmbtu = 0.0;
  double fuel_cost_usd = 0.0;
  double co2_generation_g = 0.0;    // fuel x emission factor
};

// A site's on-site supply in the current step (site_power.cpp): the battery dispatch (models/battery.hpp) in MW
// at the facility side, and the rates of fuel, cost and CO2 it implies, held until the next step.
struct SiteSupplyStep {
  double load_mw = 0.0;  // the facility load the dispatch served
  models::SiteStepResult dispatch;
  double fuel_mmbtu_per_h = 0.0;
  double fuel_usd_per_h = 0.0;
  double co2_g_per_h = 0.0;
};

struct SiteState {
  const Site* spec = nullptr;
  models::PowerChain chain;  // spec->power_chain(), made once (every power conversion reads it)
  std::vector<HallState> halls;
  std::vector<std::size_t> lots;  // in tranche order
  std::vector<std::pair<const models::Platform*, std::int64_t>> live_by_platform;
  models::FleetCounts live;
  models::PeakPower live_peak;   // IT and facility power of the live racks at peak
  double rack_power_w = 0.0;     // current draw of live GPU racks
  double grid_capacity_w = 0.0;
  // Calendar factors in force since last_change_s (set by step_workload).
  double pue_now = 1.0;
  double carbon_g_per_kwh_now = 0.0;
  double water_l_per_kwh_now = 0.0;
  SiteTotals totals;             // up to last_change_s
  double last_change_s = 0.0;
  // Workload at the last step (PFLOP/s, FP8).
  double demand_pflops = 0.0;
  double served_pflops = 0.0;
  double lost_to_cap_pflops = 0.0;  // work asked of live racks that the power cap did not let them do
  // The served compute split (the workload served first keeps its part; 0 with no demand stated), each workload's
  // demand, and inference in tokens/s at the fleet's realized serving rate (workload_step.cpp).
  double training_demand_pflops = 0.0;
  double inference_demand_pflops = 0.0;
  double training_served_pflops = 0.0;
  double inference_served_pflops = 0.0;
  double inference_demand_tokens_per_s = 0.0;
  double inference_served_tokens_per_s = 0.0;
  double rack_budget_w = 0.0;        // GPU-rack power the grid (and on-site supply) allow at the current PUE
  // On-site supply (power_plan.hpp, site_power.cpp); all zero at a site without generation, battery or headroom.
  const SitePowerPlan* power = nullptr;
  models::BatteryState battery;
  bool battery_started = false;
  SiteSupplyStep supply;
  std::vector<models::GenerationMode> fleet_modes;  // each fleet's mode on the site's last day
  std::vector<bool> fleet_capex_booked;              // each fleet's capex booked (on its first day in service)
  double swing_capped_w = 0.0;  // GPU-rack power of training capped because its swing is not covered
  bool swing_capped = false;
  SwingTotals swing;            // the site's training swings so far (site_power.cpp)
  std::optional<models::Date> first_ready;  // the first day a whole pod of the site was commissioned
  bool over_budget = false;          // the idle racks alone exceed rack_budget_w
  // Fleet health at the current step (reliability_step.cpp): rack-equivalents out of service (mean over the
  // step), dense FP8 compute of the live racks less them, and the sum over live packages of each one's
  // interruption rate for a training job (models::job_interruptions_per_package_day).
  std::vector<SparesShelf> shelves;
  double racks_in_repair = 0.0;
  double effective_pflops = 0.0;
  double interruption_weight = 0.0;
  // Demand not served; differences within rounding (1e-9 of the demand) count as served.
  double unserved_pflops() const {
    const double gap = demand_pflops - served_pflops;
    return gap > 1e-9 * std::max(1.0, demand_pflops) ? gap : 0.0;
  }
  models::CapexBreakdown capex;  // booked so far, by category
  std::int64_t delivered = 0;
  std::int64_t installed = 0;
  std::int64_t retired = 0;  // racks gone live and since retired (cumulative)
  HeldRacks held;
  HeldRacks never_admitted;       // racks that will never go live, by the constraint that holds them for good
  std::size_t grid_never_from = SIZE_MAX;  // lots from this one on in `lots` wait behind a pod the grid never carries
  bool halls_all_ready = false;
  Constraint binding = Constraint::kNone;

  double it_power_w() const;
  double facility_power_w() const;  // at the current PUE
  double grid_import_w() const;  // imported from the grid: the facility power less on-site supply, before losses
  // Totals through `time_s`, assuming the current flows hold until then.
  SiteTotals totals_at(double time_s) const;
  // Brings the totals up to `now_s` (before any flow or factor changes).
  void advance(double now_s);

 private:
  // Adds the current flows over dt seconds to t.
  void add_flows(SiteTotals& t, double dt) const;
};

// A pod whose workload changes at a step (see Lot).
struct PodSetting {
  std::size_t pod = 0;
  bool capped = false;         // power state: capped, else nominal
  bool busy = false;           // its full-load execution runs, else it is suspended
  bool capped_changed = false;
  bool busy_changed = false;
  double marginal_load = 0.0;  // > 0: run this fraction of full load until the next step
};

// A pod that went live: the recorder takes these each day (take_went_live) to find the pod behind a milestone.
struct WentLive {
  std::size_t pod = 0;
  std::size_t site = 0;
};

// What gated a pod's going live (models/critical_path.hpp), named for the outputs.
struct PodCause {
  models::Gate gate = models::Gate::kOrderDate;
  std::string site;  // where the pod's racks are
  std::string item;  // the grid step ("step N"), hall, supply line's platform, "install crews", or tranche (order date)
  std::int32_t slack_days = 0;
};

// The reference training job (scenario reliability.training_job) on live packages whose per-package interruption
// rates sum to `interruption_weight` per day: its interruptions per day, MTBF (s, infinite when nothing interrupts
// it), checkpoint interval (s) and goodput (models/reliability.hpp); all 0 when no package is live.
struct JobHealth {
  double interruptions_per_day = 0.0;
  double mtbf_s = 0.0;
  double interval_s = 0.0;
  double goodput = 0.0;
};
JobHealth reference_job_health(const Reliability& reliability, double live_packages, double interruption_weight);

// A refresh lot's order day before it is known: after any scenario's end (the lot counts as not ordered).
inline constexpr models::Date kOrderUnknown{1'000'000'000};

struct RolloutState {
  const Scenario* scenario = nullptr;
  std::vector<PlayedTranche> tranches;  // lots' `tranche` index these
  std::vector<Lot> lots;
  std::vector<Pod> pods;
  std::vector<SiteState> sites;
  std::vector<Event> events;
  std::vector<WentLive> went_live;  // since the last take_went_live(), each site's in the order they went live
  std::vector<RetiredPod> retired;  // every pod retired so far, in the order the site days retired them
  std::vector<std::size_t> just_retired;  // the pods the last site_day() retired (read it before the next one)
  std::optional<models::Date> first_tokens;  // first workload step's day with live racks (demand's onboarding anchor)
  // Training's share of the work asked of the live racks at the last workload step (sigma / w, 0 when nothing is
  // asked): the finance post-pass prices only the rest, inference, as sold.
  double training_share_of_work = 0.0;
  // Daily steps only: the demand of the day's peak hour (the daily cycle's highest factor) could not all be served
  // by the live racks under the power the sites allow (workload_step.cpp); false in hourly runs.
  bool peak_hour_short = false;

  explicit RolloutState(const Scenario& scenario);

  // Simulated seconds from the scenario's start to the start of `day`.
  double time_of(models::Date day) const;
  // When both engines act (engine.cpp, replication.cpp): the end of the run (the end of its last day), the
  // workload steps per day (24 in hourly runs, else 1), and step k of `day`, 1 ms after its day or hour starts (after
  // the day's start turns, day_starts.hpp).
  double end_time() const;
  int workload_steps_per_day() const;
  double workload_step_time(models::Date day, int k) const;
  // The day tranche `tranche_index` places its orders (not before the start), or nullopt after the end.
  std::optional<models::Date> order_day(std::size_t tranche_index) const;
  // Records the tranche's orders (its lots count as ordered from their order date; this adds the event).
  void place_order(std::size_t tranche_index, models::Date day);
  // Orders placed on or before `day` (a lot counts as ordered from its order date).
  std::int64_t ordered_at(const SiteState& site, models::Date day) const;
  // Supplier `supply_index` produces its racks for `day` and ships them to the lots first in line.
  void produce(std::size_t supply_index, models::Date day);
  // A site's day: arrivals, installation, commissioning, and whole pods going live. Returns the pods that went
  // live (indices into pods). `now_s` is the simulated time of the day start.
  std::vector<std::size_t> site_day(std::size_t site_index, models::Date day, double now_s);
  // The workload step at `now_s` of `day`, for UTC hour `hour` (or -1: the day's mean demand): demand, the work
  // asked of every site, each site's plan under its power cap (models/workload.hpp), and the pods it assigns.
  // Returns the pods whose setting changed, and every pod running a partial load.
  std::vector<PodSetting> step_workload(models::Date day, int hour, double now_s);

  // The next day after `day` on which a site's state can change: the next day while it has racks ordered and not
  // yet live (deliveries, crews, commissioning and the grid act daily); otherwise its next scheduled event (an
  // order date, a hall phase, a grid or utilization change). After the scenario's end: end + 1.
  models::Date next_site_day(std::size_t site_index, models::Date day) const;
  // The next day after `day` on which a supplier has an order to produce for, or nullopt when it has none left.
  std::optional<models::Date> next_supply_day(std::size_t supply_index, models::Date day) const;

  void add_event(Event event);

  // The pods that went live since the last call, in a deterministic order (by site, then as they went live).
  std::vector<WentLive> take_went_live();
  // The stages of a live pod (its last rack's dates) and what gated its going live (pod_path.cpp).
  models::PodStages stages_of(std::size_t pod) const;
  PodCause cause_of(std::size_t pod) const;
  // Power of a pod's racks at peak on the scenario's GW basis.
  double pod_power_on_basis_w(std::size_t pod) const;
  // The highest grid capacity of a site from `day` to the scenario's end, with the most firm on-site generation it
  // could have (an upper bound, used only to find racks that can never go live).
  double highest_grid_from(std::size_t site_index, models::Date day) const;
  // The interconnect capacity racks are admitted against on `day` (models/power_chain.hpp, grid_equivalent_w):
  // the grid as energized and the firm on-site generation in service, less the swing headroom. `stated_grid`: the
  // grid as its dates say (as if its equipment came on time); `planned_generation`: the fleets as if their units
  // came on time.
  double admission_capacity_w(std::size_t site_index, models::Date day, bool stated_grid = false,
                              bool planned_generation = false) const;

  // Fleet health (reliability_step.cpp): failures so far, by component (models::FailureComponent order), and
  // how many were swapped from a shelf or waited for a repair.
  std::array<std::int64_t, models::kFailureComponentCount> failures{};
  std::int64_t failures_swapped = 0;
  std::int64_t failures_waited = 0;
  // Draws each live lot's failures for the step starting at `day` (and UTC `hour`, or -1 for a daily step), takes
  // their units out of service and returns those due, tops up the spares shelves, and sets each lot's effective
  // racks and each site's fleet-health figures. O(lots) per step, whatever the racks.
  void step_reliability(models::Date day, int hour);

  PowerPlan power_plan;  // made once, before the first day
  SwingTotals fleet_swing;  // the fleet's training swings so far: the sites' figures summed at each step

  // false: step_workload returns no PodSetting and keeps no pod's state (pod_capped, pod_busy): an engine that sets
  // no pod's power state or load (replication.hpp). The record is the same either way.
  bool pod_settings = true;
  std::vector<std::uint8_t> pod_capped;  // per pod: at the capped power state
  std::vector<std::uint8_t> pod_busy;    // per pod: full-load execution running
  const int demand_peak_hour;            // the daily cycle's peak hour (models::peak_cycle_hour)

 private:
  // Each lot's shelf and uniform streams (reliability_step.cpp).
  void init_reliability();
  // The stages of site_day, in their order.
  void energize_grid(SiteState& site, models::Date day);
  void finish_halls(SiteState& site, models::Date day);
  void take_arrivals(SiteState& site, models::Date day);
  void install(SiteState& site, models::Date day);
  void commission(SiteState& site, models::Date day);
  std::vector<std::size_t> go_live(SiteState& site, models::Date day);
  // The admission capacities a day's lots held for the grid are checked against (admission_capacity_w with the
  // stated grid, and with the planned generation), computed at the first lot that asks.
  struct DayCapacities {
    std::optional<double> stated_grid_w;
    std::optional<double> planned_generation_w;
  };
  void hold_for_grid(SiteState& site, Lot& lot, models::Date day, std::size_t site_index, DayCapacities& capacities);
  void bring_pod_live(SiteState& site, Lot& lot, models::Date day);
  // Lifecycle: pods whose service life ends today retire (before arrivals, so their hall space is free today);
  // a refresh lot's order announced on its order day.
  void retire(SiteState& site, models::Date day);
  void retire_pod(SiteState& site, Lot& lot, models::Date day);
  void announce_refresh_orders(SiteState& site, models::Date day);
  models::Date refresh_order_day(const Lot& lot, models::Date first_live) const;
  bool retirement_ahead(const SiteState& site, models::Date day) const;
  void find_never_installed(SiteState& site, models::Date day);
  void hold_and_bind(SiteState& site, models::Date day);
  void count_never_admitted(SiteState& site, models::Date day, HeldRacks& held);

  void recompute_power(SiteState& site);
  // On-site supply (site_power.cpp): generation starting and stopping (events), the budget of the power cap
  // with the battery, training swings, and the dispatch of each step.
  void track_generation(SiteState& site, models::Date day);
  void add_equipment_events();
  double supply_budget_w(SiteState& site, models::Date day, double duration_h);
  // The training jobs' part of a step's swings, the same for every site: whether a running job swings, the
  // shortest ramp of those that do, and for each of them (in job order) its swing share x the share of the live
  // racks it reserves (models::reserved_shares over the fleet's live compute).
  struct SwingJobs {
    bool swinging = false;
    double ramp_s = 0.0;
    std::vector<double> share_sigma;
    std::vector<models::JobReservation> asks;  // every job's reservation (running or not), for reserved_shares
  };
  // Fills `jobs` for the step of `day` (its vectors reused from step to step).
  void swing_jobs(models::Date day, SwingJobs& jobs) const;
  SwingJobs swings_;  // the current step's (step_workload)
  // The GPU-rack power the site must cap because its training swings are not covered, given the work asked of
  // every rack (w), the site's rack powers and the step's jobs: the battery offers P less the discharge the step
  // would take without the cap. Keeps the swing totals and adds an event when a cap starts.
  double swing_cap_w(SiteState& site, models::Date day, int hour, double duration_h, double w,
                     const models::SitePower& power, const SwingJobs& jobs);
  models::SiteStepInput step_input(const SiteState& site, models::Date day, double load_mw) const;
  void add_swing_step(SiteState& site, models::Date day, int hour, double duration_h, const models::SwingCoverage& c);
  std::int32_t swing_step_key_ = INT32_MIN;  // the step whose sites' swings swing_step_ sums
  SwingTotals swing_step_;
  std::vector<models::Date> training_last_day_;  // per training job: models::training_last_day
  void dispatch_supply(SiteState& site, models::Date day, double duration_h);
  // Power above idle and work (in racks at full speed) of a lot's racks by power state: capped, nominal, and the
  // marginal pod's share (capped or not).
  struct LotLoad {
    double dynamic_w = 0.0;
    double work_racks = 0.0;
  };
  LotLoad lot_load(const Lot& lot, double capped_racks, double nominal_racks, double marginal_racks,
                   bool marginal_capped) const;
  // Assigns the plan's busy and capped fractions to the lot's live pods; appends the changes.
  void assign_pods(Lot& lot, double busy, double capped, std::vector<PodSetting>& changes);
};

}  // namespace gwsim::engine
