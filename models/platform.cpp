#include "models/platform.hpp"

#include <algorithm>

namespace gwsim::models {

std::string_view to_string(Cooling cooling) { return cooling == Cooling::kLiquid ? "liquid" : "air"; }

const char* to_string(ServingRateFrom from) {
  switch (from) {
    case ServingRateFrom::kNone: return "none";
    case ServingRateFrom::kRoofline: return "roofline";
    case ServingRateFrom::kCatalog: return "catalog";
    case ServingRateFrom::kScenario: return "scenario";
  }
  return "none";
}

const char* to_string(RealizedFrom from) {
  switch (from) {
    case RealizedFrom::kCatalogDefault: return "catalog default";
    case RealizedFrom::kCatalog: return "catalog";
    case RealizedFrom::kScenario: return "scenario";
    case RealizedFrom::kScenarioPlatform: return "scenario (platform)";
  }
  return "catalog default";
}

double realized_tokens_per_s(const Platform& platform) {
  return platform.realized_fraction * platform.serving_tokens_per_s;
}

double rack_power_w(const Platform& platform, double utilization) {
  const double u = std::clamp(utilization, 0.0, 1.0);
  return platform.idle_power_w + u * (platform.peak_power_w - platform.idle_power_w);
}

ServingHardware serving_hardware(const Platform& platform, ServingPrecision precision) {
  const double rack_pflops =
      precision == ServingPrecision::kFp4 ? platform.pflops_fp4_dense : platform.pflops_fp8_dense;
  ServingHardware hw;
  hw.dense_pflops_per_package = platform.gpu_packages > 0 ? rack_pflops / platform.gpu_packages : 0.0;
  hw.hbm_tb_per_s_per_package = platform.hbm_tb_per_s_per_package;
  hw.hbm_gb_per_package = platform.hbm_gb_per_package;
  hw.packages_per_instance = platform.serving_packages_per_instance;
  hw.packages_per_rack = platform.gpu_packages;
  return hw;
}

ReferenceModel served_shape(const Platform& platform, const ServingReference& reference) {
  ReferenceModel shape = reference.shape;
  shape.bytes_per_param = reference.bytes_per_param(platform.serving_precision);
  return shape;
}

ServingRate roofline_serving(const Platform& platform, const ServingReference& reference) {
  const ServingHardware hw = serving_hardware(platform, platform.serving_precision);
  // Without compute or bandwidth at this precision (Hopper has no FP4) the roofline has no finite step.
  if (!(hw.dense_pflops_per_package > 0.0) || !(hw.hbm_tb_per_s_per_package > 0.0) || hw.packages_per_instance < 1) {
    return ServingRate{};
  }
  return serve(hw, served_shape(platform, reference), reference.operating_point);
}

const Platform* Catalog::find(std::string_view id) const {
  for (const Platform& p : platforms) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

Platform* Catalog::find(std::string_view id) {
  for (Platform& p : platforms) {
    if (p.id == id) return &p;
  }
  return nullptr;
}

}  // namespace gwsim::models
