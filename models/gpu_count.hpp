// GPU-count model: what a number of racks amounts to in GPU packages, GPU dies and compute.
//
//   packages = racks * packages_per_rack,  dies = racks * dies_per_rack,
//   pflops_fp8 = racks * pflops_fp8_dense per rack,  pflops_fp4 = racks * pflops_fp4_dense per rack
// (dense PFLOP/s: no 2:4 sparsity; the outputs keep the names pflops_fp8 and pflops_fp4).
// Mixed fleets add component-wise (operator+). "GPU" is never used alone: packages and dies differ by 2x-4x.
// Worked example: 100 Vera Rubin NVL72 racks (72 packages, 144 dies, 1,200 PF FP8, 3,600 PF FP4 dense each) plus
// 10 Rubin Ultra NVL576 racks (144, 576, 5,000, 15,000) = 110 racks, 8,640 packages, 20,160 dies,
// 170,000 PF FP8 and 510,000 PF FP4.
#pragma once

#include <cstdint>

#include "models/platform.hpp"

namespace gwsim::models {

struct FleetCounts {
  std::int64_t racks = 0;
  std::int64_t gpu_packages = 0;
  std::int64_t gpu_dies = 0;
  double pflops_fp8 = 0.0;
  double pflops_fp4 = 0.0;

  FleetCounts& operator+=(const FleetCounts& other);
  friend FleetCounts operator+(FleetCounts a, const FleetCounts& b) { return a += b; }
};

FleetCounts counts_for(const Platform& platform, std::int64_t racks);

}  // namespace gwsim::models
