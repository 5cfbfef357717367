#include "models/platform.hpp"

#include <algorithm>

namespace gwsim::models {

std::string_view to_string(Cooling cooling) { return cooling == Cooling::kLiquid ? "liquid" : "air"; }

double rack_power_w(const Platform& platform, double utilization) {
  const double u = std::clamp(utilization, 0.0, 1.0);
  return platform.idle_power_w + u * (platform.peak_power_w - platform.idle_power_w);
}

const Platform* Catalog::find(std::string_view id) const {
  for (const Platform& p : platforms) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace gwsim::models
