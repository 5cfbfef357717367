// Scenario loading: a YAML file (plus the files it extends and the --set overrides) -> a validated Scenario, or
// every problem found as a located Diagnostic. Never throws, aborts or crashes for bad input. Diagnostics come out
// in document order: base files first, then the file, then its custom catalog, then --set arguments.
//
// How a value travels: YAML -> slot -> field table -> Scenario -> validate. Each step is one pass, data flowing one
// way:
//  1. scenario_files.hpp: each file is parsed into a tree of positioned nodes (config_tree.hpp), `extends:` bases
//     are merged under it, the --set overrides are applied: one merged tree.
//  2. expressions.hpp: every distribution expression becomes a typed value slot (slots.hpp), in one walk guided by
//     the field tables; shared `draws:` are resolved; argument errors are reported at the argument.
//  3. scenario_reader.hpp: the tree is read into a Scenario through the field tables (fields.hpp,
//     field_tables.cpp), which say for each key its kind, unit, range, default and member. Readers see plain values
//     only: a slot reads as its representative value. The pass also records where each value was written
//     (origins.hpp) and where each slot's value went (bindings.hpp).
//  4. validate.hpp: the rules between values, on the Scenario, located through the recorded origins.
// For `sites[0].pue: 1.2`, say: config_tree.cpp makes the scalar node, expressions.cpp passes it by (a plain value),
// scenario_reader.cpp reads it with the site table's `pue` row (a profile of numbers in [1.0, 3.0]) and writes
// Site::pue, validate.cpp has no rule on it. For `pue: normal(1.2, 0.03)`, expressions.cpp makes the slot and
// checks its arguments and support against the same row; the read pass writes its mean and binds the slot to
// Site::pue.values[0].
//
// Uncertainty: load_template() runs the passes once, each slot standing for its representative value, and keeps
// the Scenario, the slots, the bindings and the origins. sample_scenario() draws one replication into the slots,
// checks each drawn value against its field's own range (and a date against the years 1900 to 2200), writes the
// values into a copy of the Scenario through their bindings, and runs validate() again: the tree is not read again.
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
  std::vector<Diagnostic> warnings;  // plan contradictions validate() found in the template (load_scenario only;
                                     // sample_scenario leaves it empty), in document order
};

namespace detail {
struct TemplateData;
}

// A scenario read and checked once, each distribution at its representative value, with its value slots and their
// bindings. Cheap to copy (shared, immutable); safe to sample from several threads at once.
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
  std::vector<Diagnostic> warnings;                   // as LoadResult::warnings; only when errors is empty
};

TemplateResult load_template(const std::string& path, const LoadOptions& options = {});

// Draws replication `replication` of `seed` into the template's slots and validates the result. Same inputs -> same
// Scenario, anywhere (see sampling.hpp). The Scenario records the draws (Scenario::draws), the replication, and
// seed as given. A drawn value outside its field's range, or one that makes the scenario invalid (grid dates out
// of order, say), gives errors naming the path and the drawn value, each message ending with "(replication R of
// seed S)"; never throws. Without distributions, every replication is the scenario as written.
LoadResult sample_scenario(const ScenarioTemplate& scenario_template, std::uint64_t seed, std::uint64_t replication);
bool has_uncertainty(const ScenarioTemplate& scenario_template);
// Every file the template was read from, with its SHA-256, in the order read (Scenario::input_files).
const std::vector<InputFileHash>& input_files(const ScenarioTemplate& scenario_template);
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
