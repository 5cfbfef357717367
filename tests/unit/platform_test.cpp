// Unit tests for models/platform: linear rack power in utilization, the hardware the serving roofline sees, the
// catalog lookup.
#include "models/platform.hpp"

#include <gtest/gtest.h>

namespace gwsim::models {
namespace {

// Vera Rubin NVL72 as in configs/platforms.yaml: 227 kW peak, idle 30% of peak = 0.3 * 227,000 = 68,100 W.
Platform vera_rubin() {
  Platform p;
  p.id = "vera_rubin_nvl72";
  p.name = "Vera Rubin NVL72";
  p.gpu_packages = 72;
  p.gpu_dies = 144;
  p.peak_power_w = 227'000.0;
  p.idle_power_w = 68'100.0;
  p.pflops_fp8_dense = 1200.0;
  p.pflops_fp4_dense = 2520.0;
  p.serving_precision = ServingPrecision::kFp4;
  p.hbm_gb_per_package = 288.0;
  p.hbm_tb_per_s_per_package = 22.0;
  p.serving_packages_per_instance = 72;
  p.cooling = Cooling::kLiquid;
  p.capex = RackCapex{7.8e6, 1.0e6, 0.1e6};
  p.available = date_from_civil(2026, 7, 1);
  return p;
}

// Tolerance for rack powers: the values are ~1e5 W and come from 2-3 double operations, each with a relative
// error of at most 1.1e-16, so the error is below 1e-10 W; 1e-6 W is loose enough for that and far tighter than
// any meaningful difference.
constexpr double kWattTol = 1e-6;

TEST(Platform, WorkedExampleFromHeader) {
  // 68,100 + 0.5 * (227,000 - 68,100) = 68,100 + 0.5 * 158,900 = 68,100 + 79,450 = 147,550 W.
  EXPECT_NEAR(rack_power_w(vera_rubin(), 0.5), 147'550.0, kWattTol);
}

TEST(Platform, LinearBetweenIdleAndPeak) {
  const Platform p = vera_rubin();
  EXPECT_DOUBLE_EQ(rack_power_w(p, 0.0), 68'100.0);   // idle
  EXPECT_DOUBLE_EQ(rack_power_w(p, 1.0), 227'000.0);  // 68,100 + 158,900 = peak
  // 0.7 (the default utilization): 68,100 + 0.7 * 158,900 = 68,100 + 111,230 = 179,330 W.
  EXPECT_NEAR(rack_power_w(p, 0.7), 179'330.0, kWattTol);
  // 0.25: 68,100 + 39,725 = 107,825 W.
  EXPECT_NEAR(rack_power_w(p, 0.25), 107'825.0, kWattTol);
}

TEST(Platform, UtilizationIsClamped) {
  const Platform p = vera_rubin();
  EXPECT_DOUBLE_EQ(rack_power_w(p, -0.2), 68'100.0);  // clamped to 0 -> idle
  EXPECT_DOUBLE_EQ(rack_power_w(p, 1.5), 227'000.0);  // clamped to 1 -> peak
}

TEST(Platform, CoolingNames) {
  EXPECT_EQ(to_string(Cooling::kLiquid), "liquid");
  EXPECT_EQ(to_string(Cooling::kAir), "air");
}

TEST(Platform, CatalogFind) {
  Platform h100;
  h100.id = "hgx_h100";
  h100.cooling = Cooling::kAir;
  const Catalog catalog{{h100, vera_rubin()}, false, {}};
  const Platform* found = catalog.find("vera_rubin_nvl72");
  ASSERT_NE(found, nullptr);
  EXPECT_EQ(found->name, "Vera Rubin NVL72");
  EXPECT_EQ(found, &catalog.platforms[1]);  // a pointer into the catalog, not a copy
  ASSERT_NE(catalog.find("hgx_h100"), nullptr);
  EXPECT_EQ(catalog.find("hgx_h100")->cooling, Cooling::kAir);
  EXPECT_EQ(catalog.find("rubin_ultra_nvl576"), nullptr);
  EXPECT_EQ(catalog.find(""), nullptr);
  EXPECT_EQ(catalog.find("VERA_RUBIN_NVL72"), nullptr);  // ids are case-sensitive
  EXPECT_EQ(Catalog{}.find("vera_rubin_nvl72"), nullptr);
}

// The header's worked example: per package 1,200 / 72 = 16.667 PFLOP/s at FP8, 2,520 / 72 = 35 at FP4.
TEST(Platform, ServingHardwareAtEachPrecision) {
  const ServingHardware fp8 = serving_hardware(vera_rubin(), ServingPrecision::kFp8);
  EXPECT_NEAR(fp8.dense_pflops_per_package, 1200.0 / 72.0, 1e-12);
  EXPECT_DOUBLE_EQ(fp8.hbm_tb_per_s_per_package, 22.0);
  EXPECT_DOUBLE_EQ(fp8.hbm_gb_per_package, 288.0);
  EXPECT_EQ(fp8.packages_per_instance, 72);
  EXPECT_EQ(fp8.packages_per_rack, 72);
  EXPECT_DOUBLE_EQ(serving_hardware(vera_rubin(), ServingPrecision::kFp4).dense_pflops_per_package, 35.0);
}

// The platform serves at its own precision: FP4 FLOPS and the reference's FP4 bytes per weight (0.5625 by default),
// not the FP8 ones.
TEST(Platform, RooflineIsTheServingModelsRateAtThePlatformsPrecision) {
  ServingReference ref;
  ref.shape.total_params = 70e9;
  ref.shape.active_params = 70e9;
  ref.shape.kv_bytes_per_token = 160'000.0;
  ref.shape.input_tokens = 1'000.0;
  ref.shape.output_tokens = 1'000.0;
  EXPECT_DOUBLE_EQ(served_shape(vera_rubin(), ref).bytes_per_param, 0.5625);
  const ServingRate via_platform = roofline_serving(vera_rubin(), ref);
  ReferenceModel fp4 = ref.shape;
  fp4.bytes_per_param = 0.5625;
  const ServingRate direct = serve(ServingHardware{35.0, 22.0, 288.0, 72, 72}, fp4, ref.operating_point);
  EXPECT_GT(direct.total_tokens_per_s_per_rack, 0.0);
  EXPECT_DOUBLE_EQ(via_platform.total_tokens_per_s_per_rack, direct.total_tokens_per_s_per_rack);
  EXPECT_EQ(via_platform.batch, direct.batch);
  // At FP8 the same rack reads 1 byte per weight and computes at 16.667 PFLOP/s per package.
  Platform at_fp8 = vera_rubin();
  at_fp8.serving_precision = ServingPrecision::kFp8;
  EXPECT_DOUBLE_EQ(served_shape(at_fp8, ref).bytes_per_param, 1.0);
  ReferenceModel fp8 = ref.shape;
  fp8.bytes_per_param = 1.0;
  EXPECT_DOUBLE_EQ(roofline_serving(at_fp8, ref).total_tokens_per_s_per_rack,
                   serve(ServingHardware{1200.0 / 72.0, 22.0, 288.0, 72, 72}, fp8, ref.operating_point)
                       .total_tokens_per_s_per_rack);
}

TEST(Platform, NoComputeAtThePrecisionServesNothing) {
  Platform hopper = vera_rubin();
  hopper.pflops_fp4_dense = 0.0;  // Hopper has no FP4
  ServingReference ref;
  ref.shape.total_params = 70e9;
  ref.shape.active_params = 70e9;
  ref.shape.output_tokens = 1'000.0;
  const ServingRate r = roofline_serving(hopper, ref);
  EXPECT_EQ(r.batch, 0);
  EXPECT_EQ(r.total_tokens_per_s_per_rack, 0.0);
}

TEST(Platform, ServingRateFromNames) {
  EXPECT_STREQ(to_string(ServingRateFrom::kNone), "none");
  EXPECT_STREQ(to_string(ServingRateFrom::kRoofline), "roofline");
  EXPECT_STREQ(to_string(ServingRateFrom::kCatalog), "catalog");
  EXPECT_STREQ(to_string(ServingRateFrom::kScenario), "scenario");
}

}  // namespace
}  // namespace gwsim::models
