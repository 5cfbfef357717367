#include "sim/scenario/catalog_loader.hpp"

#include <map>
#include <memory>
#include <stdexcept>

#include "sim/scenario/embedded_configs.hpp"
#include "sim/scenario/fields.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/scenario/schema.hpp"

namespace gwsim {
namespace {

std::string line_reference(const Origin& first, const Origin& here) {
  if (first.source == here.source || (first.source && here.source && first.source->name == here.source->name)) {
    return "line " + std::to_string(first.line);
  }
  return (first.source ? first.source->name : std::string("?")) + ":" + std::to_string(first.line);
}

std::string all_formatted(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.sorted()) out += d.format();
  return out;
}

std::optional<ConfigNode> parse_text(std::string_view text, const std::string& name, Diagnostics& diagnostics,
                                     int rank) {
  auto source = std::make_shared<SourceFile>();
  source->name = name;
  source->text = std::string(text);
  source->rank = rank;
  return parse_yaml(source->text, source, diagnostics);
}

// platforms[i].sources: a non-empty text for each sourced key of the platform table (serving_tokens_per_s only when
// it is stated: it is optional); false after reporting a problem.
bool read_sources(Reader& r, const ConfigNode& item, const std::string& p, CatalogEntrySources& sources) {
  const ConfigNode* n = item.find("sources");
  if (n == nullptr) return false;  // reported as a missing required key
  const std::string sp = child_path(p, "sources");
  if (!r.expect_map(*n, sp, "a map of field -> source")) return false;
  const schema::KeyList sourced = platform_table().sourced_keys();
  r.check_keys(*n, sp, sourced);
  bool ok = true;
  for (std::string_view key : sourced) {
    const ConfigNode* s = n->find(key);
    if (!s && platform_table().find(key)->need == Need::kOptional && !item.find(key)) continue;
    if (!s) {
      // At the `sources:` key: a block map's own position is its first entry, which would mislead here.
      r.error(item.key_origins[*item.index_of("sources")], child_path(sp, key),
              "missing source for '" + std::string(key) + "'");
      ok = false;
    } else if (auto text = r.string(*s, child_path(sp, key), true)) {
      sources.sources[std::string(key)] = *text;
    } else {
      ok = false;
    }
  }
  return ok;
}

// One platform: its fields through the platform table (fields.hpp), then the rules between them: a unique id,
// dies a multiple of packages, and a source for every number.
void read_platform(Reader& r, const ConfigNode& item, const std::string& p, Scenario& read, CatalogLoad& out,
                   std::map<std::string, Origin>& seen_ids) {
  const std::size_t index = read.catalog.platforms.size();
  read.catalog.platforms.emplace_back();
  if (!r.expect_map(item, p, "a map (a platform)")) return;
  const std::size_t before = r.diagnostics().size();
  read_fields(platform_table(), item, p, Place{}.with(index), read, r.diagnostics());
  bool ok = r.diagnostics().size() == before;
  const models::Platform& platform = read.catalog.platforms[index];
  if (const ConfigNode* id = item.find("id"); id && !platform.id.empty()) {
    auto [it, inserted] = seen_ids.emplace(platform.id, id->origin);
    if (!inserted) {
      r.error(id->origin, child_path(p, "id"),
              "duplicate platform id '" + platform.id + "' (first at " + line_reference(it->second, id->origin) + ")");
      ok = false;
    }
  }
  if (platform.gpu_packages > 0 && platform.gpu_dies % platform.gpu_packages != 0) {
    r.expected(*item.find("gpu_dies"), child_path(p, "gpu_dies"),
               "a positive multiple of gpu_packages (" + std::to_string(platform.gpu_packages) + ")");
    ok = false;
  }
  CatalogEntrySources sources;
  ok = read_sources(r, item, p, sources) && ok;
  if (!ok) return;
  sources.id = platform.id;
  out.catalog.platforms.push_back(platform);
  out.sources.push_back(std::move(sources));
}

}  // namespace

std::optional<CatalogLoad> read_catalog(const ConfigNode& root, Diagnostics& diagnostics) {
  const std::size_t before = diagnostics.size();
  Reader r(diagnostics);
  CatalogLoad out;
  if (!r.expect_map(root, "", "a map with the key 'platforms' at the top level of a catalog")) return std::nullopt;
  r.check_keys(root, "", schema::kCatalogTopLevel);
  if (const ConfigNode* model = root.find("serving_model")) {
    if (auto v = r.string(*model, "serving_model", true)) out.catalog.serving_model = *v;
  }
  // Top-level sources: one for each top-level key that needs one, when that key is stated.
  const ConfigNode* sources = root.find("sources");
  if (sources && r.expect_map(*sources, "sources", "a map of key -> source")) {
    r.check_keys(*sources, "sources", schema::kCatalogSourced);
    for (std::string_view key : schema::kCatalogSourced) {
      const ConfigNode* text = sources->find(key);
      if (text) {
        if (auto v = r.string(*text, child_path("sources", key), true)) out.serving_model_source = *v;
      } else if (root.find(key)) {
        r.error(root.key_origins[*root.index_of(key)], child_path("sources", key),
                "missing source for '" + std::string(key) + "'");
      }
    }
  } else if (!sources && root.find("serving_model")) {
    r.error(root.key_origins[*root.index_of("serving_model")], "sources.serving_model",
            "missing source for 'serving_model'");
  }
  if (const ConfigNode* platforms = r.required(root, "", "platforms")) {
    if (r.expect_sequence(*platforms, "platforms", "a non-empty sequence of platforms")) {
      std::map<std::string, Origin> seen_ids;
      Scenario read;  // the platforms as read, good or not, at their indices
      for (std::size_t i = 0; i < platforms->children.size(); ++i) {
        read_platform(r, platforms->children[i], item_path("platforms", i), read, out, seen_ids);
        // Serving rates are for the catalog's reference model: one must be named.
        const ConfigNode& item = platforms->children[i];
        if (item.is_map() && !root.find("serving_model")) {
          if (auto k = item.index_of("serving_tokens_per_s")) {
            r.error(item.key_origins[*k], child_path(item_path("platforms", i), "serving_tokens_per_s"),
                    "needs the catalog's 'serving_model' (the reference model the serving rates are for)");
          }
        }
      }
    }
  }
  if (diagnostics.size() != before) return std::nullopt;
  return out;
}

std::optional<CatalogLoad> parse_catalog(std::string_view text, const std::string& name, Diagnostics& diagnostics,
                                         int rank) {
  std::optional<ConfigNode> root = parse_text(text, name, diagnostics, rank);
  if (!root) return std::nullopt;
  return read_catalog(*root, diagnostics);
}

CatalogLoad parse_catalog_or_throw(std::string_view text, const std::string& name) {
  Diagnostics diagnostics;
  std::optional<CatalogLoad> out = parse_catalog(text, name, diagnostics);
  if (!out || !diagnostics.empty()) {
    throw std::logic_error("invalid built-in catalog " + name + ":\n" + all_formatted(diagnostics));
  }
  return std::move(*out);
}

const models::Catalog& builtin_catalog() {
  static const CatalogLoad load = parse_catalog_or_throw(embedded::platforms_yaml(), "configs/platforms.yaml");
  return load.catalog;
}

std::vector<CatalogEntrySources> builtin_catalog_sources() {
  static const CatalogLoad load = parse_catalog_or_throw(embedded::platforms_yaml(), "configs/platforms.yaml");
  return load.sources;
}

}  // namespace gwsim
