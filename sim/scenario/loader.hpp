// Scenario loading: a YAML file (plus the files it extends and the --set overrides) -> a validated Scenario, or
// every problem found as a located Diagnostic. Never throws, aborts or crashes for bad input.
//
// Pipeline: read and parse each file into a positioned tree (config_tree.hpp), merge `extends:` bases under it,
// apply --set overrides in order, validate against the schema (schema.hpp, docs/scenario-reference.md), then build
// the Scenario. Diagnostics come out in document order: base files first, then the file, then --set arguments.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/platform.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim {

struct LoadOptions {
  std::vector<std::string> overrides;  // "dotted.path=value", applied in order after extends:, before validation
};

struct LoadResult {
  std::optional<Scenario> scenario;  // set only when errors is empty
  std::vector<Diagnostic> errors;    // every problem found, in document order (base files first, then the file,
                                     // then --set)
};

LoadResult load_scenario(const std::string& path, const LoadOptions& options = {});

// The built-in catalog (configs/platforms.yaml embedded at build time). Throws std::logic_error if the embedded
// file is invalid (a build defect).
const models::Catalog& builtin_catalog();

struct CatalogEntrySources {
  std::string id;
  std::map<std::string, std::string> sources;  // field -> source text
};
std::vector<CatalogEntrySources> builtin_catalog_sources();

}  // namespace gwsim
