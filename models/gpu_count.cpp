#include "models/gpu_count.hpp"

namespace gwsim::models {

FleetCounts& FleetCounts::operator+=(const FleetCounts& other) {
  racks += other.racks;
  gpu_packages += other.gpu_packages;
  gpu_dies += other.gpu_dies;
  pflops_fp8 += other.pflops_fp8;
  pflops_fp4 += other.pflops_fp4;
  return *this;
}

FleetCounts counts_for(const Platform& platform, std::int64_t racks) {
  const auto n = static_cast<double>(racks);
  return FleetCounts{racks, racks * platform.gpu_packages, racks * platform.gpu_dies, n * platform.pflops_fp8_dense,
                     n * platform.pflops_fp4_dense};
}

}  // namespace gwsim::models
