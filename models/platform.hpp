// Rack platforms: what one compute rack of a given NVIDIA platform holds, draws, computes, serves and costs.
//
// A rack is the unit of delivery, installation and (at rack granularity) simulation. Its IT power at a
// utilization u in [0, 1] is linear between idle and peak:
//     rack_power_w(u) = idle_power_w + u * (peak_power_w - idle_power_w)
// Parameters (per rack): gpu_packages and gpu_dies (kept apart: a Blackwell or Rubin package has 2 dies, Rubin
// Ultra 4), peak_power_w and idle_power_w (W at the rack's power shelves), pflops_fp8_dense and pflops_fp4_dense
// (PFLOP/s, dense: no 2:4 structured sparsity; a vendor's sparse figure is converted in the catalog with its ratio
// and source), pflops_fp4_inference (NVIDIA's quoted inference figure, shown only, never computed with),
// hbm_gb_per_package and hbm_tb_per_s_per_package (GB = 1e9 B, TB/s = 1e12 B/s), serving_precision (the precision
// the platform is deployed at: FP8 on Hopper, NVFP4 on Blackwell and later), serving_packages_per_instance
// (packages one copy of the serving reference model is sharded over: the NVLink domain, or a sourced
// expert-parallel width), cooling, capex (USD per rack by category, models/capex.hpp), available (first date the
// platform ships), price_per_package_hour_usd (what one package-hour sells for on the day it ships; the finance
// post-pass declines it from there, models/cashflow.hpp), reliability (failure rates per package-day or rack-day,
// the packages one failure takes out, swap and repair times: models/reliability.hpp; none stated: never fails).
// Serving rate (the ceiling): tokens processed (input + output) per second per rack at full load for the
// catalog's reference model, from the roofline of models/serving.hpp with
//     dense PFLOP/s per package = pflops_<serving_precision>_dense / gpu_packages,
//     bytes per weight = the reference's at serving_precision,
//     HBM per package as stated, packages per instance = serving_packages_per_instance;
// unless the catalog or a scenario states the rate.
// Realized rate: a fleet in production serves realized_fraction rho_p of the ceiling (per platform, calibrated
// against published results in docs/validation.md; a platform that states none takes the catalog's
// serving.realized_fraction; a scenario may replace all of them, or one platform's):
//     realized_tokens_per_s = rho_p x serving_tokens_per_s.
// Defaults live in configs/platforms.yaml, each number with its source; this file holds no numbers.
// Worked example (Vera Rubin NVL72 defaults: 72 packages, 144 dies, 227 kW peak, 68.1 kW idle, 2,520 PF FP4 dense,
// 288 GB and 22 TB/s per package, served at FP4, 72 packages per instance):
//     rack_power_w(0.5) = 68,100 + 0.5 * (227,000 - 68,100) = 147,550 W;
//     serving hardware at FP4: 2,520 / 72 = 35 PFLOP/s, 22 TB/s, 288 GB per package, 72 per instance, 72 per rack
//     (its serving rate, worked by hand, is in tests/scenario/catalog_test.cpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/capex.hpp"
#include "models/date.hpp"
#include "models/reliability.hpp"
#include "models/serving.hpp"

namespace gwsim::models {

enum class Cooling { kLiquid, kAir };

std::string_view to_string(Cooling cooling);

// Where a platform's serving rate comes from.
enum class ServingRateFrom {
  kNone,      // no reference model in the catalog and none stated: the platform serves no tokens
  kRoofline,  // computed from the platform's hardware for the catalog's reference model
  kCatalog,   // stated by the catalog (serving_tokens_per_s)
  kScenario,  // stated by the scenario (serving.tokens_per_s)
};
const char* to_string(ServingRateFrom from);  // "none", "roofline", "catalog", "scenario"

// Where a platform's realized fraction comes from; a scenario's fraction for one platform outlasts its fraction
// for all, whichever is applied first.
enum class RealizedFrom {
  kCatalogDefault,   // the catalog's serving.realized_fraction (the platform states none)
  kCatalog,          // the platform's own realized_fraction in the catalog
  kScenario,         // the scenario's serving.realized_fraction, for every platform
  kScenarioPlatform, // the scenario's serving.realized_fraction_by_platform, for this one
};
const char* to_string(RealizedFrom from);  // "catalog default", "catalog", "scenario", "scenario (platform)"

struct Platform {
  std::string id;    // snake_case key used in scenarios, e.g. "vera_rubin_nvl72"
  std::string name;  // display name, e.g. "Vera Rubin NVL72"
  int gpu_packages = 0;
  int gpu_dies = 0;
  double peak_power_w = 0.0;
  double idle_power_w = 0.0;
  double pflops_fp8_dense = 0.0;
  double pflops_fp4_dense = 0.0;
  double pflops_fp4_inference = 0.0;  // vendor's quoted inference figure, for display; 0 when not stated
  double hbm_gb_per_package = 0.0;
  double hbm_tb_per_s_per_package = 0.0;
  ServingPrecision serving_precision = ServingPrecision::kFp8;
  int serving_packages_per_instance = 1;
  // Tokens processed (input + output) per second one rack serves at full load for the catalog's reference model:
  // the ceiling; a fleet realizes realized_fraction of it.
  double serving_tokens_per_s = 0.0;
  ServingRateFrom serving_rate_from = ServingRateFrom::kNone;
  double realized_fraction = 1.0;  // rho_p, in (0, 1]: the share of the ceiling a fleet realizes
  RealizedFrom realized_from = RealizedFrom::kCatalogDefault;
  Cooling cooling = Cooling::kLiquid;
  double rack_smoothing_share = 0.0;  // share of a training swing the rack's own energy storage absorbs
  RackCapex capex;
  Date available;
  double price_per_package_hour_usd = -1.0;  // on `available`; < 0: not stated
  // Failure rates and repairs (models/reliability.hpp); all rates 0 (never fails) when the catalog states none.
  PlatformReliability reliability;
};

// IT power of one rack at utilization u (clamped to [0, 1]).
double rack_power_w(const Platform& platform, double utilization);

// Tokens processed per second one rack realizes at full load: rho_p x the ceiling.
double realized_tokens_per_s(const Platform& platform);

// The platform's packages as models/serving.hpp sees them, at the given precision.
ServingHardware serving_hardware(const Platform& platform, ServingPrecision precision);
// The reference model's shape as the platform serves it: bytes per weight at its serving precision.
ReferenceModel served_shape(const Platform& platform, const ServingReference& reference);
// The roofline serving rate (the ceiling) of one rack for the reference, at the platform's serving precision (0
// tokens when the platform has no compute or memory at that precision, or the model does not fit an instance).
ServingRate roofline_serving(const Platform& platform, const ServingReference& reference);

struct Catalog {
  std::vector<Platform> platforms;
  bool has_serving = false;   // the catalog states a reference model (`serving:`)
  ServingReference serving;   // what the platforms' serving rates are for
  // nullptr when the id is unknown.
  const Platform* find(std::string_view id) const;
  Platform* find(std::string_view id);
};

}  // namespace gwsim::models
