// Validation of a merged scenario tree against the schema (schema.hpp, docs/scenario-reference.md), and the
// construction of the Scenario. Collects every problem rather than stopping at the first.
#pragma once

#include <optional>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim {

// The catalog named by `catalog:` is read from disk (relative to the file that names it); its diagnostics use the
// resolved path and catalog_rank. Returns the Scenario (without source_path, source_sha256 and overrides) when no
// problem was found.
std::optional<Scenario> validate_scenario(const ConfigNode& root, const Defaults& defaults, Diagnostics& diagnostics,
                                          int catalog_rank);

}  // namespace gwsim
