// Scenario loading: a YAML file (plus the files it extends and the --set overrides) -> a validated Scenario, or
// every problem found as a located Diagnostic. Never throws, aborts or crashes for bad input.
//
// Pipeline: read and parse each file into a positioned tree (config_tree.hpp), merge `extends:` bases under it,
// apply --set overrides in order, validate against the schema (schema.hpp, docs/scenario-reference.md), then build
// the Scenario. Diagnostics come out in document order: base files first, then the file, then --set arguments.
//
// Uncertainty: values may be distributions (uncertainty.hpp). load_template() checks the scenario once, with each
// distribution standing for a representative value; sample_scenario() draws one replication and checks the result.
// load_scenario() is replication 0 of the scenario's own seed.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
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

namespace detail {
struct TemplateData;
}

// The merged, overridden scenario tree with its distributions, checked once. Cheap to copy (shared, immutable);
// safe to sample from several threads at once.
class ScenarioTemplate {
 public:
  explicit ScenarioTemplate(std::shared_ptr<const detail::TemplateData> data) : data_(std::move(data)) {}
  const detail::TemplateData& data() const { return *data_; }

 private:
  std::shared_ptr<const detail::TemplateData> data_;
};

struct TemplateResult {
  std::optional<ScenarioTemplate> scenario_template;  // set only when errors is empty
  std::vector<Diagnostic> errors;                     // as LoadResult::errors
};

TemplateResult load_template(const std::string& path, const LoadOptions& options = {});

// Draws replication `replication` of `seed` and validates the result. Same inputs -> same Scenario, anywhere (see
// sampling.hpp). The Scenario records the draws (Scenario::draws), the replication, and seed as given. A draw that
// makes the scenario invalid (grid dates out of order, say) gives errors naming the path and the drawn value, each
// message ending with "(replication R of seed S)"; never throws. Without distributions, every replication is the
// scenario as written.
LoadResult sample_scenario(const ScenarioTemplate& scenario_template, std::uint64_t seed, std::uint64_t replication);
bool has_uncertainty(const ScenarioTemplate& scenario_template);
// The scenario's own `seed` (after --set).
std::uint64_t template_seed(const ScenarioTemplate& scenario_template);
// Dotted paths of the uncertain values and "draws.NAME" of the shared draws, in document order.
std::vector<std::string> uncertain_paths(const ScenarioTemplate& scenario_template);

// sample_scenario(load_template(path, options), its seed, 0): replication 0 of the scenario's own seed.
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
