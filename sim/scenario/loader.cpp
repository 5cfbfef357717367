#include "sim/scenario/loader.hpp"

#include <memory>
#include <vector>

#include "sim/scenario/bindings.hpp"
#include "sim/scenario/defaults.hpp"
#include "sim/scenario/expressions.hpp"
#include "sim/scenario/file_io.hpp"
#include "sim/scenario/origins.hpp"
#include "sim/scenario/scenario_files.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/scenario/slots.hpp"
#include "sim/scenario/validate.hpp"

namespace gwsim {

namespace detail {
struct TemplateData {
  Scenario base;                   // read and validated with every slot at its representative value; no draws
  std::vector<ValueSlot> slots;    // document order
  std::vector<Binding> bindings;   // where each slot's value goes
  FieldOrigins origins;            // where each value was written, for the replications' messages
};
}  // namespace detail

TemplateResult load_template(const std::string& path, const LoadOptions& options) {
  TemplateResult result;
  Diagnostics diagnostics;
  try {
    const ReadLog files_read;  // every file this load reads: the identity of what it makes
    std::optional<MergedTree> merged = merge_scenario_files(path, options.overrides, diagnostics);
    if (merged) {
      std::vector<ValueSlot> slots = prepare_slots(merged->root, diagnostics);
      ReadScenario read = read_scenario(merged->root, slots, builtin_defaults(), diagnostics, kCatalogRank);
      validate(read.scenario, Provenance{read.origins, slots, diagnostics.empty()}, diagnostics);
      if (!diagnostics.has_errors()) {
        auto data = std::make_shared<detail::TemplateData>();
        data->base = std::move(read.scenario);
        data->base.source_path = path;
        data->base.source_sha256 = merged->sha256;
        data->base.input_files = files_read.files();
        data->base.overrides = options.overrides;
        data->slots = std::move(slots);
        data->bindings = std::move(read.bindings);
        data->origins = std::move(read.origins);
        result.scenario_template.emplace(std::move(data));
      }
    }
  } catch (const std::exception& e) {
    diagnostics.add_unlocated(path, 0, "", std::string("internal error while loading: ") + e.what());
  } catch (...) {
    diagnostics.add_unlocated(path, 0, "", "internal error while loading");
  }
  result.errors = diagnostics.sorted(Severity::kError);
  if (!result.errors.empty()) {
    result.scenario_template.reset();
  } else {
    result.warnings = diagnostics.sorted(Severity::kWarning);
  }
  return result;
}

LoadResult sample_scenario(const ScenarioTemplate& scenario_template, std::uint64_t seed, std::uint64_t replication) {
  LoadResult result;
  const detail::TemplateData& data = scenario_template.data();
  const std::string which = "replication " + std::to_string(replication) + " of seed " + std::to_string(seed);
  try {
    Scenario s = data.base;
    s.seed = seed;
    s.replication = replication;
    if (data.slots.empty()) {
      result.scenario = std::move(s);
      return result;
    }
    const std::vector<DrawnValue> drawn = draw_values(data.slots, seed, replication);
    // Each drawn value against its own field first; a refused one is kept out of the Scenario.
    Diagnostics diagnostics;
    std::vector<std::string> refused;
    std::vector<bool> refused_slot(data.slots.size(), false);
    for (std::size_t i = 0; i < data.slots.size(); ++i) {
      const ValueSlot& slot = data.slots[i];
      const std::string problem = value_problem(slot, drawn[i].number, shown_drawn(slot, drawn[i]));
      if (problem.empty()) continue;
      diagnostics.add(slot.origin, slot.path, problem);
      refused.push_back(slot.path);
      refused_slot[i] = true;
    }
    for (const Binding& b : data.bindings) {
      if (!refused_slot[b.slot]) apply(b, s, drawn[b.slot]);
    }
    validate(s, Provenance{data.origins, data.slots, true, &drawn, &refused}, diagnostics);
    if (diagnostics.empty()) {
      s.draws.reserve(data.slots.size());
      for (std::size_t i = 0; i < data.slots.size(); ++i) s.draws.emplace_back(data.slots[i].path, drawn[i].text);
      result.scenario = std::move(s);
      return result;
    }
    result.errors = diagnostics.sorted();
    for (Diagnostic& d : result.errors) d.message += " (" + which + ")";
  } catch (const std::exception& e) {
    Diagnostics diagnostics;
    diagnostics.add_unlocated(data.base.source_path, 0, "",
                              "internal error while sampling " + which + ": " + e.what());
    result.errors = diagnostics.sorted();
  } catch (...) {
    Diagnostics diagnostics;
    diagnostics.add_unlocated(data.base.source_path, 0, "", "internal error while sampling " + which);
    result.errors = diagnostics.sorted();
  }
  result.scenario.reset();
  return result;
}

bool has_uncertainty(const ScenarioTemplate& scenario_template) { return !scenario_template.data().slots.empty(); }

const std::vector<InputFileHash>& input_files(const ScenarioTemplate& scenario_template) {
  return scenario_template.data().base.input_files;
}

std::uint64_t template_seed(const ScenarioTemplate& scenario_template) {
  return scenario_template.data().base.seed;
}

std::vector<std::string> uncertain_paths(const ScenarioTemplate& scenario_template) {
  std::vector<std::string> paths;
  for (const ValueSlot& v : scenario_template.data().slots) paths.push_back(v.path);
  return paths;
}

LoadResult load_scenario(const std::string& path, const LoadOptions& options) {
  TemplateResult loaded = load_template(path, options);
  if (!loaded.scenario_template) {
    LoadResult result;
    result.errors = std::move(loaded.errors);
    return result;
  }
  LoadResult sampled = sample_scenario(*loaded.scenario_template, template_seed(*loaded.scenario_template), 0);
  sampled.warnings = std::move(loaded.warnings);
  return sampled;
}

}  // namespace gwsim
