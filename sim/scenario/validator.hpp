// Validation of a merged scenario tree against the schema (schema.hpp, docs/scenario-reference.md), and the
// construction of the Scenario. Collects every problem rather than stopping at the first.
#pragma once

#include <optional>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim {

class Uncertainty;  // uncertainty.hpp

struct ValidationHooks {
  // Distribution expressions: collected (template mode: `draws:` is read first, each expression is checked and
  // stands for its representative value) or drawn (sample mode). Without one, a private template-mode one is used.
  Uncertainty* uncertainty = nullptr;
  // The catalog to use instead of reading the file named by `catalog:` again (sampling a checked template).
  const models::Catalog* catalog = nullptr;
};

// The catalog named by `catalog:` is read from disk (relative to the file that names it); its diagnostics use the
// resolved path and catalog_rank. Returns the Scenario (without source_path, source_sha256 and overrides) when no
// problem was found.
std::optional<Scenario> validate_scenario(const ConfigNode& root, const Defaults& defaults, Diagnostics& diagnostics,
                                          int catalog_rank, const ValidationHooks& hooks = {});

}  // namespace gwsim
