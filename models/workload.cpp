#include "models/workload.hpp"

#include <algorithm>

namespace gwsim::models {
namespace {

// Tolerance on the budget comparison: 1 mW per W of budget, far below any figure the outputs print.
constexpr double kRelTol = 1e-12;

bool fits(double power_w, double budget_w) { return power_w <= budget_w * (1.0 + kRelTol) + 1e-9; }

}  // namespace

double plan_power_w(const LoadPlan& plan, const SitePower& power) {
  return power.idle_w + (plan.busy - plan.capped) * power.dynamic_w + plan.capped * power.capped_dynamic_w;
}

LoadPlan plan_site_load(double w, const SitePower& power, double speed_capped, double budget_w) {
  w = std::clamp(w, 0.0, 1.0);
  const double s = speed_capped;
  const double I = power.idle_w;
  const double D = power.dynamic_w;
  const double Dc = power.capped_dynamic_w;
  LoadPlan plan;
  if (!fits(I, budget_w)) {
    plan.over_budget = true;
    return plan;
  }
  // 1. No cap needed.
  if (fits(I + w * D, budget_w)) {
    plan.busy = w;
    plan.work = w;
    return plan;
  }
  // 2. Capping part of the busy racks serves all of w within the budget.
  const double gain = s * D - Dc;  // power saved per capped rack at equal work
  if (gain > 0.0) {
    const double k = (I + w * D - budget_w) / gain;
    const double b = w + k * (1.0 - s);
    if (k <= w / s && b <= 1.0) {
      plan.busy = b;
      plan.capped = k;
      plan.work = w;
      return plan;
    }
  }
  // 3. Shed: the most work the budget allows. Every busy rack capped; when a capped rack draws no more than an idle
  // one (Dc <= 0) every rack fits capped. Clamped at 0 for a budget a hair below I that `fits` still accepts.
  if (gain > 0.0) {
    const double b = Dc > 0.0 ? std::clamp((budget_w - I) / Dc, 0.0, 1.0) : 1.0;
    if (b < 1.0) {
      plan.busy = b;
      plan.capped = b;
      plan.work = b * s;
      return plan;
    }
    // Every rack busy and capped fits: uncap as many as the budget allows.
    const double k = std::clamp((I + D - budget_w) / (D - Dc), 0.0, 1.0);
    plan.busy = 1.0;
    plan.capped = k;
    plan.work = 1.0 - k * (1.0 - s);
    return plan;
  }
  // The capped state does no more work per watt: shed at the nominal state.
  plan.busy = D > 0.0 ? std::clamp((budget_w - I) / D, 0.0, w) : w;
  plan.work = plan.busy;
  return plan;
}

}  // namespace gwsim::models
