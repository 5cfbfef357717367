// Catalog files (configs/platforms.yaml, or the file a scenario names with `catalog:`): parsing and validation.
// Every number must name its source. Platforms without a stated serving rate get the roofline rate of
// models/platform.hpp for the catalog's reference model (its `serving:` section).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/capex.hpp"
#include "models/platform.hpp"
#include "models/power_chain.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim {

struct CatalogLoad {
  models::Catalog catalog;
  std::vector<CatalogEntrySources> sources;            // same order as catalog.platforms
  std::map<std::string, std::string> serving_sources;  // key of `serving:` -> source (empty without the section)
};

// Validates a parsed catalog file; problems go to diagnostics (nullopt when there were any).
std::optional<CatalogLoad> read_catalog(const ConfigNode& root, Diagnostics& diagnostics);
// Parses and validates catalog text; name is the file name shown in diagnostics.
std::optional<CatalogLoad> parse_catalog(std::string_view text, const std::string& name, Diagnostics& diagnostics,
                                         int rank = 0);
// For embedded text: throws std::logic_error with every diagnostic when the text is invalid.
CatalogLoad parse_catalog_or_throw(std::string_view text, const std::string& name);
// The sources of the built-in catalog's `serving:` section, by key.
const std::map<std::string, std::string>& builtin_serving_sources();

// What configs/defaults.yaml says about a plant, for per-GW figures quoted outside a scenario (`gwsim catalog`):
// the power chain at the default PUE and shares, the capex per MW of facility power, NVIDIA's networking share.
struct DefaultPlant {
  models::PowerChain chain;
  models::FacilityCapex facility_capex_per_mw;
  double nvidia_networking_share = 0.0;
};
DefaultPlant builtin_default_plant();

}  // namespace gwsim
