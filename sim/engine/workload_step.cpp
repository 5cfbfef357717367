// The workload step: demand -> the work asked of each site -> its plan under the power cap -> which pods run.
//
// Every live rack of the fleet carries the same fraction w of full load before the cap. The workload served first
// (demand.serve_first: inference by default) takes what it asks up to the live compute, the other the rest
// (models::split_work): training T' and inference I', so training reserves sigma = T' / live of the racks at full
// load and w = (T' + I') / live (demand, training and inference, split among sites in proportion to their live
// compute; a site's shortfall is not moved to another site). What the power cap withholds at a site comes off the
// workload served second. Each site's plan (models/workload.hpp) turns w into a busy and a capped fraction of
// its racks within the GPU-rack power its grid allows at the current PUE. Pods then take their parts in order: a
// lot's first pods run capped, the next ones nominal, one pod runs the remaining fraction, the rest idle; so a step
// changes only the pods at those boundaries, whatever the size of the fleet.
// "Live" compute here is the effective compute: live racks less the rack-equivalents out of service for repair
// (reliability_step.cpp, stepped first); those stay idle pods of their lot.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "models/demand.hpp"
#include "models/platform.hpp"
#include "models/power_chain.hpp"
#include "models/workload.hpp"
#include "sim/engine/rollout_state.hpp"

namespace gwsim::engine {
namespace {

// racks_in_first (rollout_state.hpp) as a double, for the plan's fractions.
double racks_in_first_d(const Lot& lot, std::size_t n, int pod_racks) {
  return static_cast<double>(racks_in_first(lot, n, pod_racks));
}

double racks_of_pod(const Lot& lot, std::size_t index, int pod_racks) {
  return racks_in_first_d(lot, index + 1, pod_racks) - racks_in_first_d(lot, index, pod_racks);
}

// The most pods, counted from `from`, whose racks add up to at most `racks` (never past the live pods).
std::size_t pods_within(const Lot& lot, std::size_t from, double racks, int pod_racks) {
  const double base = racks_in_first_d(lot, from, pod_racks);
  const double tol = 1e-9 * std::max(1.0, racks);
  std::size_t n = from + static_cast<std::size_t>(std::max(0.0, std::floor((racks + tol) / pod_racks)));
  n = std::min(n, lot.pods_live);
  while (n > from && racks_in_first_d(lot, n, pod_racks) - base > racks + tol) --n;
  while (n < lot.pods_live && racks_in_first_d(lot, n + 1, pod_racks) - base <= racks + tol) ++n;
  return n;
}

constexpr double kTinyLoad = 1e-12;

// What the fleet is asked at a step: the fraction w of full load asked of every live rack, the training share
// sigma, and the training and inference demand in PFLOP/s (0 with no demand stated: the utilization schedule gives
// w); inference also in tokens/s, with k, the PFLOP/s of rack-time per token/s at the fleet's realized serving
// rate (0 when no platform states one).
struct FleetAsk {
  double w = 0.0;
  double sigma = 0.0;
  double training_pflops = 0.0;
  double inference_pflops = 0.0;
  double inference_tokens_per_s = 0.0;
  double pflops_per_token_per_s = 0.0;
};

// What a step's asks share: the training demand and the day's mean demand (before the daily cycle), and the
// reference platform's figures. The daily step and its peak-hour check differ only in the cycle's factor.
struct DayDemand {
  double training_pflops = 0.0;
  double mean = 0.0;  // the day's mean demand x the onboarding factor (tokens/s or PFLOP/s)
  double ref_pflops = 0.0;
  double ref_tokens_per_s = 0.0;
};

DayDemand day_demand(const Scenario& s, models::Date day, double fleet_pflops,
                     std::optional<models::Date> first_tokens) {
  const Demand& demand = s.demand;
  DayDemand dd;
  dd.training_pflops = models::training_demand_pflops(demand.training, day, fleet_pflops);
  dd.mean = models::daily_mean_demand(demand.spec, day) * models::onboarding_factor(demand.spec, day, first_tokens);
  const models::Platform* ref = s.catalog.find(demand.serving_platform);
  dd.ref_pflops = ref ? ref->pflops_fp8_dense : 0.0;
  dd.ref_tokens_per_s = ref ? models::realized_tokens_per_s(*ref) : 0.0;
  return dd;
}

// fleet_realized_tokens_per_s: sum over live racks of rho_p x ceiling_p (models/platform.hpp). `dd` is the day's
// (unused without a stated demand).
FleetAsk fleet_ask(const Scenario& s, models::Date day, int hour, double fleet_pflops,
                   double fleet_realized_tokens_per_s, const DayDemand& dd) {
  const Demand& demand = s.demand;
  FleetAsk ask;
  if (!demand.stated) {
    ask.w = s.utilization.value_at(day);
    return ask;
  }
  ask.training_pflops = dd.training_pflops;
  double d = dd.mean;
  if (hour >= 0) d *= models::cycle_factor(demand.spec, hour);
  // The rates passed are realized ones, each platform's rho_p already in them, so the fraction applied is 1.
  const auto to_pflops = [&](double tokens_per_s) {
    return models::tokens_to_pflops(tokens_per_s, fleet_pflops, fleet_realized_tokens_per_s, dd.ref_pflops,
                                    dd.ref_tokens_per_s, 1.0);
  };
  ask.pflops_per_token_per_s = to_pflops(1.0);
  if (demand.spec.basis == models::DemandBasis::kTokens) {
    ask.inference_tokens_per_s = d;
    ask.inference_pflops = to_pflops(d);
  } else {
    ask.inference_pflops = d;
    ask.inference_tokens_per_s = ask.pflops_per_token_per_s > 0.0 ? d / ask.pflops_per_token_per_s : 0.0;
  }
  const models::WorkSplit split =
      models::split_work(ask.training_pflops, ask.inference_pflops, fleet_pflops, demand.serve_first);
  if (fleet_pflops > 0.0) {
    ask.sigma = split.training_pflops / fleet_pflops;
    ask.w = (split.training_pflops + split.inference_pflops) / fleet_pflops;
  }
  return ask;
}

}  // namespace

RolloutState::LotLoad RolloutState::lot_load(const Lot& lot, double capped_racks, double nominal_racks,
                                             double marginal_racks, bool marginal_capped) const {
  const models::Platform& p = *lot.platform;
  const double s = scenario->power_cap.speed_fraction;
  const double dyn = p.peak_power_w - p.idle_power_w;
  const double dyn_capped = scenario->power_cap.power_fraction * p.peak_power_w - p.idle_power_w;
  return LotLoad{nominal_racks * dyn + capped_racks * dyn_capped + marginal_racks * (marginal_capped ? dyn_capped : dyn),
                 nominal_racks + capped_racks * s + marginal_racks * (marginal_capped ? s : 1.0)};
}

void RolloutState::assign_pods(Lot& lot, double busy, double capped, std::vector<PodSetting>& changes) {
  const int pr = scenario->pod_racks;
  const double s = scenario->power_cap.speed_fraction;
  // Out-of-service rack-equivalents idle: the plan's fractions are of the effective racks (reliability_step.cpp).
  const double live = lot.effective_racks;
  const double busy_r = busy * live;
  const double capped_r = capped * live;
  // Retired pods lead the lot (they retire first live first): the live ones are [r, pods_live).
  const std::size_t r = lot.pods_retired;
  if (r == lot.pods_live) {
    // No pod live (not yet, or no more): what the assignment below comes to, with no pod to set.
    lot.dynamic_w = 0.0;
    lot.work_racks = 0.0;
    lot.busy_pods = lot.capped_pods = r;
    lot.marginal_load = 0.0;
    lot.marginal_capped = false;
    return;
  }
  const double base = racks_in_first_d(lot, r, pr);
  const auto first = [&](std::size_t n) { return racks_in_first_d(lot, n, pr) - base; };
  std::size_t nc = r;
  std::size_t nb = r;
  double f = 0.0;
  bool marginal_capped = false;
  if (capped_r <= kTinyLoad) {
    nb = pods_within(lot, r, busy_r, pr);
    if (nb < lot.pods_live) f = (busy_r - first(nb)) / racks_of_pod(lot, nb, pr);
  } else if (capped >= busy - kTinyLoad) {
    nc = nb = pods_within(lot, r, busy_r, pr);
    marginal_capped = true;
    if (nb < lot.pods_live) f = (busy_r - first(nb)) / racks_of_pod(lot, nb, pr);
  } else {
    // Capped pods rounded up (more capping does the same work on less power); nominal pods do the rest.
    nc = pods_within(lot, r, capped_r, pr);
    if (nc < lot.pods_live && first(nc) < capped_r - 1e-9) ++nc;
    const double work_r = (busy - capped + capped * s) * live;
    const double rest = work_r - first(nc) * s;
    if (rest < 0.0) {
      const double all_capped = work_r / s;
      nc = nb = pods_within(lot, r, all_capped, pr);
      marginal_capped = true;
      if (nb < lot.pods_live) f = (all_capped - first(nb)) / racks_of_pod(lot, nb, pr);
    } else {
      nb = pods_within(lot, nc, rest, pr);
      if (nb < lot.pods_live) {
        f = (rest - (racks_in_first_d(lot, nb, pr) - racks_in_first_d(lot, nc, pr))) / racks_of_pod(lot, nb, pr);
      }
    }
  }
  f = std::clamp(f, 0.0, 1.0);
  if (f < kTinyLoad) f = 0.0;

  // Power and work of the assignment.
  const double capped_racks = first(nc);
  const double nominal_racks = first(nb) - capped_racks;
  const double marginal_racks = f > 0.0 ? racks_of_pod(lot, nb, pr) * f : 0.0;
  const LotLoad load = lot_load(lot, capped_racks, nominal_racks, marginal_racks, marginal_capped);
  lot.dynamic_w = load.dynamic_w;
  lot.work_racks = load.work_racks;

  // Pods whose part changed: between the old and new boundaries, and the old and new partial pods (only for an
  // engine that sets each pod's power state and load).
  const std::size_t old_nb = lot.busy_pods;
  const std::size_t old_nc = lot.capped_pods;
  lot.busy_pods = nb;
  lot.capped_pods = nc;
  lot.marginal_load = f;
  lot.marginal_capped = marginal_capped;
  if (!pod_settings) return;
  std::vector<std::size_t> touched;
  for (std::size_t j = std::min(old_nc, nc); j < std::max(old_nc, nc); ++j) touched.push_back(j);
  for (std::size_t j = std::min(old_nb, nb); j < std::max(old_nb, nb); ++j) touched.push_back(j);
  touched.push_back(old_nb);
  touched.push_back(nb);
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  for (std::size_t j : touched) {
    if (j < r || j >= lot.pods_live) continue;
    const std::size_t pod = lot.pods[j];
    PodSetting set;
    set.pod = pod;
    set.busy = j < nb;
    set.capped = j < nc || (j == nb && f > 0.0 && marginal_capped);
    set.marginal_load = j == nb ? f : 0.0;
    set.busy_changed = (pod_busy[pod] != 0) != set.busy;
    set.capped_changed = (pod_capped[pod] != 0) != set.capped;
    pod_busy[pod] = set.busy ? 1 : 0;
    pod_capped[pod] = set.capped ? 1 : 0;
    if (set.busy_changed || set.capped_changed || set.marginal_load > 0.0) changes.push_back(set);
  }
}

std::vector<PodSetting> RolloutState::step_workload(models::Date day, int hour, double now_s) {
  const Scenario& s = *scenario;
  const Demand& demand = s.demand;
  std::vector<PodSetting> changes;
  step_reliability(day, hour);

  // Effective compute (live less out of service) and serving capacity, per site and for the fleet.
  std::vector<double> site_pflops(sites.size(), 0.0);
  double fleet_pflops = 0.0;
  double fleet_realized_tokens_per_s = 0.0;
  for (std::size_t i = 0; i < sites.size(); ++i) {
    for (std::size_t l : sites[i].lots) {
      const Lot& lot = lots[l];
      site_pflops[i] += lot.effective_racks * lot.platform->pflops_fp8_dense;
      fleet_realized_tokens_per_s += lot.effective_racks * models::realized_tokens_per_s(*lot.platform);
    }
    fleet_pflops += site_pflops[i];
  }

  if (!first_tokens && fleet_pflops > 0.0) first_tokens = day;
  const DayDemand dd = demand.stated ? day_demand(s, day, fleet_pflops, first_tokens) : DayDemand{};
  const FleetAsk ask = fleet_ask(s, day, hour, fleet_pflops, fleet_realized_tokens_per_s, dd);
  const double w = ask.w;
  training_share_of_work = w > 0.0 ? std::min(1.0, ask.sigma / w) : 0.0;
  const double demand_pflops = ask.training_pflops + ask.inference_pflops;
  // A daily step plans on the day's mean; its peak hour (the daily cycle's highest factor) is checked apart, on the
  // same sites, budgets and day's PUE: does every site carry that hour's work within its power?
  const bool check_peak_hour = hour < 0 && demand.stated;
  const FleetAsk peak_ask = check_peak_hour ? fleet_ask(s, day, demand_peak_hour, fleet_pflops,
                                                        fleet_realized_tokens_per_s, dd)
                                            : FleetAsk{};
  double peak_served_pflops = 0.0;
  // The training jobs' swings, the same for every site of the step.
  if (!demand.training_swings.empty()) swing_jobs(day, swings_);

  for (std::size_t i = 0; i < sites.size(); ++i) {
    SiteState& site = sites[i];
    const Site& spec = *site.spec;
    site.advance(now_s);
    site.pue_now = hour >= 0 ? spec.pue.at(day, hour) : spec.pue.daily_mean(day);
    site.carbon_g_per_kwh_now =
        hour >= 0 ? spec.carbon_g_per_kwh.at(day, hour) : spec.carbon_g_per_kwh.daily_mean(day);
    site.water_l_per_kwh_now =
        hour >= 0 ? spec.water_l_per_kwh.at(day, hour) : spec.water_l_per_kwh.daily_mean(day);

    // Sites with on-site supply add what it gives this step (site_power.cpp); a swing not covered comes off.
    const double step_h = hour >= 0 ? 1.0 : 24.0;
    const bool supplied = site.power->has_supply;
    const double capacity_w = supplied ? supply_budget_w(site, day, step_h) : site.power->grid.value_at(day);
    site.rack_budget_w = models::rack_power_budget_w(site.chain, capacity_w, site.pue_now);

    models::SitePower power;
    for (std::size_t l : site.lots) {
      const Lot& lot = lots[l];
      const models::Platform& p = *lot.platform;
      power.idle_w += static_cast<double>(lot.live) * p.idle_power_w;  // out-of-service racks idle
      const double racks = lot.effective_racks;
      power.dynamic_w += racks * (p.peak_power_w - p.idle_power_w);
      power.capped_dynamic_w += racks * (s.power_cap.power_fraction * p.peak_power_w - p.idle_power_w);
    }
    if (!demand.training_swings.empty()) {
      site.swing_capped_w = swing_cap_w(site, day, hour, step_h, w, power, swings_);  // GPU-rack power
      site.rack_budget_w = std::max(0.0, site.rack_budget_w - site.swing_capped_w);
    }
    const models::LoadPlan plan =
        models::plan_site_load(w, power, s.power_cap.speed_fraction, site.rack_budget_w);
    if (check_peak_hour) {
      const models::LoadPlan peak = models::plan_site_load(peak_ask.w, power, s.power_cap.speed_fraction,
                                                           site.rack_budget_w);
      peak_served_pflops += peak.work * site_pflops[i];
    }
    if (plan.over_budget && !site.over_budget) {
      char buf[200];
      std::snprintf(buf, sizeof buf, "idle GPU racks draw %.1f MW, the grid allows %.1f MW at PUE %.3f: nothing runs",
                    power.idle_w / 1e6, site.rack_budget_w / 1e6, site.pue_now);
      add_event({day, hour, EventKind::kGridLimitBelowIdle, spec.name, "", power.idle_w / 1e6,
                 site.rack_budget_w / 1e6, buf});
    }
    site.over_budget = plan.over_budget;

    double work_pflops = 0.0;
    for (std::size_t l : site.lots) {
      Lot& lot = lots[l];
      assign_pods(lot, plan.busy, plan.capped, changes);
      work_pflops += lot.work_racks * lot.platform->pflops_fp8_dense;
    }
    recompute_power(site);
    if (supplied) dispatch_supply(site, day, step_h);
    site.served_pflops = work_pflops;
    const double lost = w * site_pflops[i] - work_pflops;
    site.lost_to_cap_pflops = lost > 1e-9 * std::max(1.0, w * site_pflops[i]) ? lost : 0.0;
    if (demand.stated) {
      // This site's part of the demand: its live compute's share (an equal share while nothing is live).
      const double share = fleet_pflops > 0.0 ? site_pflops[i] / fleet_pflops : 1.0 / static_cast<double>(sites.size());
      site.demand_pflops = demand_pflops * share;
      // The workload served first keeps its part of what ran; the other gets the rest.
      if (demand.serve_first == models::ServeFirst::kTraining) {
        site.training_served_pflops = std::min(ask.training_pflops * share, work_pflops);
        site.inference_served_pflops = std::max(0.0, work_pflops - site.training_served_pflops);
      } else {
        site.inference_served_pflops = std::min(ask.inference_pflops * share, work_pflops);
        site.training_served_pflops = std::max(0.0, work_pflops - site.inference_served_pflops);
      }
      site.training_demand_pflops = ask.training_pflops * share;
      site.inference_demand_pflops = ask.inference_pflops * share;
      site.inference_demand_tokens_per_s = ask.inference_tokens_per_s * share;
      site.inference_served_tokens_per_s =
          ask.pflops_per_token_per_s > 0.0 ? site.inference_served_pflops / ask.pflops_per_token_per_s : 0.0;
    } else {
      site.demand_pflops = w * site_pflops[i];
    }
  }
  if (check_peak_hour) {
    const double peak_demand = peak_ask.training_pflops + peak_ask.inference_pflops;
    peak_hour_short = peak_demand - peak_served_pflops > 1e-9 * std::max(1.0, peak_demand);
  } else {
    peak_hour_short = false;
  }
  return changes;
}

}  // namespace gwsim::engine
