// What gated each pod's going live: the pod's stage dates (rollout_state.hpp, PodPath) put into the critical-path
// model (models/critical_path.hpp), and the gate named for the outputs. Called only for the pods behind milestones.
#include <algorithm>
#include <cmath>

#include "models/rack_model.hpp"
#include "sim/engine/rollout_state.hpp"

namespace gwsim::engine {

models::PodStages RolloutState::stages_of(std::size_t pod_index) const {
  const Pod& pod = pods[pod_index];
  const Lot& lot = lots[pod.lot];
  const Site& site = scenario->sites[lot.site];
  const Supply& supply = scenario->supply[static_cast<std::size_t>(std::max(0, pod.path.supply))];
  const models::Date run_start = scenario->start;
  models::PodStages st;
  // The run sees nothing before its first day: an order placed earlier counts as placed the day before it.
  st.ordered = std::max(lot.order_date, models::Date{run_start.days - 1});
  st.supply_opens = std::max({supply.start, lot.platform->available, run_start});
  st.produced = pod.path.produced;
  st.arrived = pod.path.arrived;
  st.hall_ready = sites[lot.site].halls[static_cast<std::size_t>(std::max(0, pod.path.hall))].ready;
  st.installed = pod.path.installed;
  st.commissioned =
      models::Date{pod.path.installed.days + static_cast<std::int32_t>(std::llround(site.commissioning_days))};
  st.live = pod.path.live;
  // Back from the day before it went live while the grid could carry it (the racks ahead of it live).
  st.grid_from = st.live;
  for (models::Date day{st.live.days - 1}; day >= run_start; --day.days) {
    if (models::racks_admitted_by_grid(sites[lot.site].chain, *lot.platform, admission_capacity_w(lot.site, day),
                                       pod.path.site_live_facility_before_w) < pod.racks) {
      break;
    }
    st.grid_from = day;
  }
  return st;
}

PodCause RolloutState::cause_of(std::size_t pod_index) const {
  const Pod& pod = pods[pod_index];
  const Lot& lot = lots[pod.lot];
  const Site& site = scenario->sites[lot.site];
  const models::GateAndSlack gate = models::gate_of(stages_of(pod_index));
  PodCause cause;
  cause.gate = gate.gate;
  cause.site = site.name;
  cause.slack_days = gate.slack_days;
  switch (gate.gate) {
    case models::Gate::kGrid: {
      // The grid point in force on the day it went live, as energized: the step (or ramp) that raised the
      // capacity then. When that step waited for its equipment past its own date, the equipment gated the pod.
      const SitePowerPlan& plan = power_plan.sites[lot.site];
      std::size_t step = 0;
      for (std::size_t k = 0; k < plan.step_energized.size(); ++k) {
        if (plan.step_energized[k] && *plan.step_energized[k] <= pod.path.live) step = k + 1;
      }
      cause.item = "step " + std::to_string(step);
      if (step > 0 && !plan.step_waited_for[step - 1].empty()) {
        cause.gate = models::Gate::kGridEquipment;
        cause.item = plan.step_waited_for[step - 1];
      }
      break;
    }
    case models::Gate::kGridEquipment: break;  // never from gate_of
    case models::Gate::kCrews: cause.item = "install crews"; break;
    case models::Gate::kHall: cause.item = site.halls[static_cast<std::size_t>(std::max(0, pod.path.hall))].name; break;
    case models::Gate::kSupplyLine:
      cause.item = scenario->supply[static_cast<std::size_t>(std::max(0, pod.path.supply))].platform;
      break;
    case models::Gate::kOrderDate: cause.item = tranches[lot.tranche].name; break;
  }
  return cause;
}

}  // namespace gwsim::engine
