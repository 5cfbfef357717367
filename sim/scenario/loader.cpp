#include "sim/scenario/loader.hpp"

#include <filesystem>
#include <memory>
#include <system_error>
#include <unordered_map>
#include <vector>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/file_io.hpp"
#include "sim/scenario/overrides.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/sha256.hpp"
#include "sim/scenario/uncertainty.hpp"
#include "sim/scenario/validator.hpp"

namespace gwsim {

namespace detail {
struct TemplateData {
  ConfigNode root;  // the merged, overridden tree; values[].node and index point into it
  Scenario base;    // validated with each distribution at its representative value; no draws
  std::vector<UncertainValue> values;                        // document order
  std::unordered_map<const ConfigNode*, std::size_t> index;  // node -> index in values
};
}  // namespace detail

namespace {

constexpr int kMaxExtendsDepth = 8;
// Diagnostic ranks: base files count down from 0 (the file itself), a custom catalog comes after the scenario
// files, --set arguments last, in order.
constexpr int kCatalogRank = 1;
constexpr int kFirstOverrideRank = 1000;

std::string identity_of(const std::string& path) {
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ec);
  if (ec) canonical = std::filesystem::absolute(path, ec).lexically_normal();
  return canonical.string();
}

// Reads a scenario file and, recursively, the files it extends; returns the merged tree.
class FileLoader {
 public:
  explicit FileLoader(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  std::optional<ConfigNode> load(const std::string& name, int depth, const Origin* extends_at) {
    const std::string identity = identity_of(name);
    for (std::size_t i = 0; i < chain_identities_.size(); ++i) {
      if (chain_identities_[i] != identity) continue;
      std::string cycle;
      for (std::size_t k = i; k < chain_names_.size(); ++k) cycle += chain_names_[k] + " -> ";
      diagnostics_.add(*extends_at, "extends", "cycle of extends: " + cycle + name);
      return std::nullopt;
    }
    if (depth > kMaxExtendsDepth) {
      diagnostics_.add(*extends_at, "extends",
                       "more than " + std::to_string(kMaxExtendsDepth) + " levels of extends (at '" + name + "')");
      return std::nullopt;
    }
    FileText file = read_file(name);
    if (!file.text) {
      if (extends_at != nullptr) {
        diagnostics_.add(*extends_at, "extends", "cannot read file '" + name + "': " + file.error);
      } else {
        diagnostics_.add_unlocated(name, -depth, "", "cannot read file: " + file.error);
      }
      return std::nullopt;
    }
    auto source = std::make_shared<SourceFile>();
    source->name = name;
    source->text = std::move(*file.text);
    source->rank = -depth;
    std::optional<ConfigNode> root = parse_yaml(source->text, source, diagnostics_);
    if (!root) return std::nullopt;

    if (root->is_map()) {
      if (const ConfigNode* extends = root->find("extends")) {
        if (!extends->is_scalar() || extends->text.empty()) {
          Reader(diagnostics_).expected(*extends, "extends", "the path of a scenario file to extend");
          return std::nullopt;
        }
        const Origin at = extends->origin;
        const std::string base_name = resolve_relative(at, extends->text);
        chain_identities_.push_back(identity);
        chain_names_.push_back(name);
        std::optional<ConfigNode> base = load(base_name, depth + 1, &at);
        chain_identities_.pop_back();
        chain_names_.pop_back();
        if (!base) return std::nullopt;
        root->erase("extends");
        merge_into(*base, std::move(*root));
        root = std::move(base);
      }
    }
    texts_.push_back(source->text);  // after the bases: base files first
    return root;
  }

  std::string sha256() const {
    Sha256 hash;
    for (const std::string& text : texts_) hash.update(text);
    return hash.hex_digest();
  }

 private:
  Diagnostics& diagnostics_;
  std::vector<std::string> chain_identities_;
  std::vector<std::string> chain_names_;
  std::vector<std::string> texts_;
};

}  // namespace

TemplateResult load_template(const std::string& path, const LoadOptions& options) {
  TemplateResult result;
  Diagnostics diagnostics;
  try {
    FileLoader files(diagnostics);
    std::optional<ConfigNode> root = files.load(path, 0, nullptr);
    if (root) {
      bool applied = true;
      for (std::size_t i = 0; i < options.overrides.size(); ++i) {
        const int rank = kFirstOverrideRank + static_cast<int>(i);
        applied = apply_override(*root, options.overrides[i], rank, diagnostics) && applied;
      }
      // An override that could not be applied would make the rest of the report misleading.
      if (applied) {
        // The tree goes to its final place first: the template's values point into it.
        auto data = std::make_shared<detail::TemplateData>();
        data->root = std::move(*root);
        Uncertainty collected;
        ValidationHooks hooks;
        hooks.uncertainty = &collected;
        std::optional<Scenario> scenario =
            validate_scenario(data->root, builtin_defaults(), diagnostics, kCatalogRank, hooks);
        if (scenario && diagnostics.empty()) {
          scenario->source_path = path;
          scenario->source_sha256 = files.sha256();
          scenario->overrides = options.overrides;
          data->base = std::move(*scenario);
          collected.finish(data->values, data->index);
          result.scenario_template.emplace(std::move(data));
        }
      }
    }
  } catch (const std::exception& e) {
    diagnostics.add_unlocated(path, 0, "", std::string("internal error while loading: ") + e.what());
  } catch (...) {
    diagnostics.add_unlocated(path, 0, "", "internal error while loading");
  }
  result.errors = diagnostics.sorted();
  if (!result.errors.empty()) result.scenario_template.reset();
  return result;
}

LoadResult sample_scenario(const ScenarioTemplate& scenario_template, std::uint64_t seed, std::uint64_t replication) {
  LoadResult result;
  const detail::TemplateData& data = scenario_template.data();
  const std::string which = "replication " + std::to_string(replication) + " of seed " + std::to_string(seed);
  try {
    if (data.values.empty()) {
      Scenario s = data.base;
      s.seed = seed;
      s.replication = replication;
      result.scenario = std::move(s);
      return result;
    }
    const std::vector<DrawnValue> drawn = draw_values(data.values, seed, replication);
    Uncertainty sampled(data.index, data.values, drawn);
    ValidationHooks hooks;
    hooks.uncertainty = &sampled;
    hooks.catalog = &data.base.catalog;
    Diagnostics diagnostics;
    std::optional<Scenario> s = validate_scenario(data.root, builtin_defaults(), diagnostics, kCatalogRank, hooks);
    if (s && diagnostics.empty()) {
      s->source_path = data.base.source_path;
      s->source_sha256 = data.base.source_sha256;
      s->overrides = data.base.overrides;
      s->seed = seed;
      s->replication = replication;
      s->draws.reserve(data.values.size());
      for (std::size_t i = 0; i < data.values.size(); ++i) s->draws.emplace_back(data.values[i].path, drawn[i].text);
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

bool has_uncertainty(const ScenarioTemplate& scenario_template) {
  return !scenario_template.data().values.empty();
}

std::uint64_t template_seed(const ScenarioTemplate& scenario_template) {
  return scenario_template.data().base.seed;
}

std::vector<std::string> uncertain_paths(const ScenarioTemplate& scenario_template) {
  std::vector<std::string> paths;
  for (const UncertainValue& v : scenario_template.data().values) paths.push_back(v.path);
  return paths;
}

LoadResult load_scenario(const std::string& path, const LoadOptions& options) {
  TemplateResult loaded = load_template(path, options);
  if (!loaded.scenario_template) {
    LoadResult result;
    result.errors = std::move(loaded.errors);
    return result;
  }
  return sample_scenario(*loaded.scenario_template, template_seed(*loaded.scenario_template), 0);
}

}  // namespace gwsim
