// Rack platforms: what one compute rack of a given NVIDIA platform holds, draws, computes and costs.
//
// A rack is the unit of delivery, installation and (at rack granularity) simulation. Its IT power at a
// utilization u in [0, 1] is linear between idle and peak:
//     rack_power_w(u) = idle_power_w + u * (peak_power_w - idle_power_w)
// Parameters (per rack): gpu_packages and gpu_dies (kept apart: a Blackwell or Rubin package has 2 dies, Rubin
// Ultra 4), peak_power_w and idle_power_w (W at the rack's power shelves), pflops_fp8 and pflops_fp4 (dense
// PFLOP/s), cooling (liquid or air), capex_usd (all-in rack cost, USD), available (first date the platform ships).
// Defaults live in configs/platforms.yaml, each number with its source; this file holds no numbers.
// Worked example (Vera Rubin NVL72 defaults: 72 packages, 144 dies, 227 kW peak, 68.1 kW idle):
//     rack_power_w(0.5) = 68,100 + 0.5 * (227,000 - 68,100) = 147,550 W.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "models/date.hpp"

namespace gwsim::models {

enum class Cooling { kLiquid, kAir };

std::string_view to_string(Cooling cooling);

struct Platform {
  std::string id;    // snake_case key used in scenarios, e.g. "vera_rubin_nvl72"
  std::string name;  // display name, e.g. "Vera Rubin NVL72"
  int gpu_packages = 0;
  int gpu_dies = 0;
  double peak_power_w = 0.0;
  double idle_power_w = 0.0;
  double pflops_fp8 = 0.0;
  double pflops_fp4 = 0.0;
  // Tokens per second one rack serves at full load for the catalog's reference model (Catalog::serving_model).
  double serving_tokens_per_s = 0.0;
  Cooling cooling = Cooling::kLiquid;
  double capex_usd = 0.0;
  Date available;
};

// IT power of one rack at utilization u (clamped to [0, 1]).
double rack_power_w(const Platform& platform, double utilization);

struct Catalog {
  std::vector<Platform> platforms;
  std::string serving_model;  // the reference model the platforms' serving_tokens_per_s are stated for
  // nullptr when the id is unknown.
  const Platform* find(std::string_view id) const;
};

}  // namespace gwsim::models
