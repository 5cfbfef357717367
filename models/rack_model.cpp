#include "models/rack_model.hpp"

#include <algorithm>
#include <cmath>

namespace gwsim::models {
namespace {

// floor() that forgives the last ulp: 3 * 0.1 / 0.1 must give 3, not 2.
std::int64_t whole_racks(double ratio) {
  if (!(ratio > 0.0)) return 0;
  return static_cast<std::int64_t>(std::floor(ratio * (1.0 + 1e-12)));
}

}  // namespace

double hall_rack_power_budget_w(const PowerChain& chain, const HallLimits& hall) {
  return std::min(hall.it_capacity_w, hall.cooling_capacity_w) * (1.0 - chain.non_gpu_it_share);
}

std::int64_t racks_fitting_hall(const PowerChain& chain, const Platform& platform, const HallLimits& hall,
                                double used_rack_power_w) {
  if (platform.cooling == Cooling::kLiquid && hall.cooling == Cooling::kAir) return 0;
  return whole_racks((hall_rack_power_budget_w(chain, hall) - used_rack_power_w) / platform.peak_power_w);
}

std::int64_t racks_for_facility_power(const PowerChain& chain, const Platform& platform, double facility_w) {
  return whole_racks(facility_w / facility_power_per_rack(chain, platform.peak_power_w));
}

std::int64_t racks_to_reach_facility_power(const PowerChain& chain, const Platform& platform, double facility_w) {
  const double ratio = facility_w / facility_power_per_rack(chain, platform.peak_power_w);
  if (!(ratio > 0.0)) return 0;
  // ceil() that forgives the last ulp, as whole_racks() does for floor().
  return static_cast<std::int64_t>(std::ceil(ratio * (1.0 - 1e-12)));
}

std::int64_t racks_to_reach_power(const PowerChain& chain, const Platform& platform, double target_w, GwBasis basis) {
  const double ratio = target_w / rack_power_on_basis_w(chain, platform.peak_power_w, basis);
  if (!(ratio > 0.0)) return 0;
  return static_cast<std::int64_t>(std::ceil(ratio * (1.0 - 1e-12)));
}

std::int64_t racks_admitted_by_grid(const PowerChain& chain, const Platform& platform, double grid_capacity_w,
                                    double live_facility_w) {
  const double spare_w = facility_limit_from_grid(chain, grid_capacity_w) - live_facility_w;
  return whole_racks(spare_w / facility_power_per_rack(chain, platform.peak_power_w));
}

std::int64_t racks_admitted_in_line(const PowerChain& chain, double grid_capacity_w, std::span<const LineLot> line,
                                    std::int64_t pod_racks) {
  std::int64_t admitted = 0;
  double live_facility_w = 0.0;
  for (const LineLot& lot : line) {
    for (std::int64_t placed = 0; placed < lot.racks; placed += pod_racks) {
      const std::int64_t pod = std::min(pod_racks, lot.racks - placed);
      if (racks_admitted_by_grid(chain, *lot.platform, grid_capacity_w, live_facility_w) < pod) return admitted;
      admitted += pod;
      live_facility_w += static_cast<double>(pod) * facility_power_per_rack(chain, lot.platform->peak_power_w);
    }
  }
  return admitted;
}

}  // namespace gwsim::models
