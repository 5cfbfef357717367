#include "models/power_chain.hpp"

#include <algorithm>

namespace gwsim::models {

double it_power_from_rack_power(const PowerChain& chain, double rack_power_w) {
  return rack_power_w / (1.0 - chain.non_gpu_it_share);
}

double facility_power_from_it(const PowerChain& chain, double it_power_w) { return it_power_w * chain.pue; }

double grid_draw_from_facility(const PowerChain& chain, double facility_power_w) {
  return facility_power_w / (1.0 - chain.substation_loss);
}

double facility_limit_from_grid(const PowerChain& chain, double grid_capacity_w) {
  return grid_capacity_w * (1.0 - chain.redundancy_headroom) * (1.0 - chain.substation_loss);
}

double facility_power_per_rack(const PowerChain& chain, double rack_power_w) {
  return facility_power_from_it(chain, it_power_from_rack_power(chain, rack_power_w));
}

double rack_power_budget_w(const PowerChain& chain, double grid_capacity_w, double pue_now) {
  return facility_limit_from_grid(chain, grid_capacity_w) / pue_now * (1.0 - chain.non_gpu_it_share);
}

double grid_equivalent_w(const PowerChain& chain, double grid_capacity_w, double onsite_firm_w, double held_w) {
  const double extra_w = onsite_firm_w - held_w;
  if (extra_w == 0.0) return grid_capacity_w;
  const double carried = (1.0 - chain.redundancy_headroom) * (1.0 - chain.substation_loss);
  return std::max(0.0, grid_capacity_w + extra_w / carried);
}

}  // namespace gwsim::models
