// Unit tests for models/gpu_count: racks -> GPU packages, dies and PFLOP/s, and mixed fleets.
#include "models/gpu_count.hpp"

#include <gtest/gtest.h>

namespace gwsim::models {
namespace {

Platform make(const char* id, int packages, int dies, double fp8, double fp4) {
  Platform p;
  p.id = id;
  p.gpu_packages = packages;
  p.gpu_dies = dies;
  p.pflops_fp8_dense = fp8;
  p.pflops_fp4_dense = fp4;
  return p;
}

// Per-rack figures from configs/platforms.yaml.
Platform vera_rubin() { return make("vera_rubin_nvl72", 72, 144, 1200.0, 3600.0); }
Platform rubin_ultra() { return make("rubin_ultra_nvl576", 144, 576, 5000.0, 15000.0); }

TEST(GpuCount, SinglePlatform) {
  const FleetCounts c = counts_for(vera_rubin(), 100);
  EXPECT_EQ(c.racks, 100);
  EXPECT_EQ(c.gpu_packages, 7'200);    // 100 * 72
  EXPECT_EQ(c.gpu_dies, 14'400);       // 100 * 144
  EXPECT_DOUBLE_EQ(c.pflops_fp8, 120'000.0);  // 100 * 1,200 (integers, exact in double)
  EXPECT_DOUBLE_EQ(c.pflops_fp4, 360'000.0);  // 100 * 3,600
}

TEST(GpuCount, MixedFleetWorkedExampleFromHeader) {
  // 10 Rubin Ultra racks: 1,440 packages, 5,760 dies, 50,000 PF FP8, 150,000 PF FP4.
  const FleetCounts ultra = counts_for(rubin_ultra(), 10);
  EXPECT_EQ(ultra.gpu_packages, 1'440);  // 10 * 144
  EXPECT_EQ(ultra.gpu_dies, 5'760);      // 10 * 576
  const FleetCounts fleet = counts_for(vera_rubin(), 100) + ultra;
  EXPECT_EQ(fleet.racks, 110);             // 100 + 10
  EXPECT_EQ(fleet.gpu_packages, 8'640);    // 7,200 + 1,440
  EXPECT_EQ(fleet.gpu_dies, 20'160);       // 14,400 + 5,760
  EXPECT_DOUBLE_EQ(fleet.pflops_fp8, 170'000.0);  // 120,000 + 50,000
  EXPECT_DOUBLE_EQ(fleet.pflops_fp4, 510'000.0);  // 360,000 + 150,000
}

TEST(GpuCount, PlusEqualsAccumulates) {
  FleetCounts total;
  total += counts_for(vera_rubin(), 100);
  total += counts_for(rubin_ultra(), 10);
  total += counts_for(vera_rubin(), 0);  // adds nothing
  EXPECT_EQ(total.racks, 110);
  EXPECT_EQ(total.gpu_packages, 8'640);
  EXPECT_EQ(total.gpu_dies, 20'160);
  EXPECT_DOUBLE_EQ(total.pflops_fp8, 170'000.0);
  EXPECT_DOUBLE_EQ(total.pflops_fp4, 510'000.0);
}

TEST(GpuCount, PackagesAndDiesDiffer) {
  // Hopper: 1 die per package; Rubin Ultra: 4 per package.
  const FleetCounts h100 = counts_for(make("hgx_h100", 32, 32, 128.0, 0.0), 3);
  EXPECT_EQ(h100.gpu_packages, h100.gpu_dies);  // 96 both
  EXPECT_EQ(h100.gpu_dies, 96);
  EXPECT_DOUBLE_EQ(h100.pflops_fp4, 0.0);       // no FP4 on Hopper
  const FleetCounts ultra = counts_for(rubin_ultra(), 1);
  EXPECT_EQ(ultra.gpu_dies, 4 * ultra.gpu_packages);  // 576 = 4 * 144
}

TEST(GpuCount, ZeroRacksAndLargeFleets) {
  const FleetCounts none = counts_for(vera_rubin(), 0);
  EXPECT_EQ(none.racks, 0);
  EXPECT_EQ(none.gpu_packages, 0);
  EXPECT_EQ(none.gpu_dies, 0);
  EXPECT_DOUBLE_EQ(none.pflops_fp8, 0.0);
  // 30 million racks of 576 dies = 17.28e9 dies: beyond 32-bit, the counts are 64-bit.
  const FleetCounts big = counts_for(rubin_ultra(), 30'000'000);
  EXPECT_EQ(big.gpu_dies, 17'280'000'000LL);  // 3e7 * 576
}

}  // namespace
}  // namespace gwsim::models
