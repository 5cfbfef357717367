// Catalog files (configs/platforms.yaml, or the file a scenario names with `catalog:`): parsing and validation.
// Every number must name its source.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/platform.hpp"
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

}  // namespace gwsim
