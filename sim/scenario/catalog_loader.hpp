// Catalog files (configs/platforms.yaml, or the file a scenario names with `catalog:`) and the defaults file
// (configs/defaults.yaml): parsing and validation. Every number in either file must name its source.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/platform.hpp"
#include "models/power_chain.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim {

struct CatalogLoad {
  models::Catalog catalog;
  std::vector<CatalogEntrySources> sources;  // same order as catalog.platforms
  std::string serving_model_source;          // source of catalog.serving_model (empty when it is not stated)
};

// Validates a parsed catalog file; problems go to diagnostics (nullopt when there were any).
std::optional<CatalogLoad> read_catalog(const ConfigNode& root, Diagnostics& diagnostics);
// Parses and validates catalog text; name is the file name shown in diagnostics.
std::optional<CatalogLoad> parse_catalog(std::string_view text, const std::string& name, Diagnostics& diagnostics,
                                         int rank = 0);
// For embedded text: throws std::logic_error with every diagnostic when the text is invalid.
CatalogLoad parse_catalog_or_throw(std::string_view text, const std::string& name);

// What a scenario gets when it does not say otherwise (configs/defaults.yaml).
struct Defaults {
  models::PowerChain power_chain;  // pue and the power-chain fractions
  double commissioning_days = 0.0;
  OutputStep output_step;
  int pod_racks = 1;
  std::uint64_t seed = 1;
  double utilization = 0.0;
  double facility_capex_per_mw_usd = 0.0;
  double carbon_g_per_kwh = 0.0;         // grid carbon intensity of a site, gCO2 per kWh drawn
  double water_l_per_kwh = 0.0;          // water usage effectiveness of a site, litres per kWh of IT energy
  PowerCap power_cap;                    // capped power and speed, fractions of peak and of full
  std::array<double, 24> daily_cycle{};  // demand weights per UTC hour (relative; divided by their mean)
  std::map<std::string, std::string> sources;  // dotted key ("power_chain.substation_loss") -> source
};

std::optional<Defaults> parse_defaults(std::string_view text, const std::string& name, Diagnostics& diagnostics);
Defaults parse_defaults_or_throw(std::string_view text, const std::string& name);
// The embedded configs/defaults.yaml; throws std::logic_error when it is invalid (a build defect).
const Defaults& builtin_defaults();
// The keys under `defaults:` as dotted paths: "pue", "power_chain.non_gpu_it_share", ...
std::vector<std::string> defaults_keys();

}  // namespace gwsim
