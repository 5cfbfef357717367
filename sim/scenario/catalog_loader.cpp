#include "sim/scenario/catalog_loader.hpp"

#include <map>
#include <memory>
#include <stdexcept>

#include "sim/scenario/embedded_configs.hpp"
#include "sim/scenario/readers.hpp"
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

void read_platform(Reader& r, const ConfigNode& item, const std::string& p, CatalogLoad& out,
                   std::map<std::string, Origin>& seen_ids) {
  if (!r.expect_map(item, p, "a map (a platform)")) return;
  r.check_keys(item, p, schema::kPlatform);
  models::Platform platform;
  CatalogEntrySources sources;
  bool ok = true;
  auto field = [&](std::string_view key) { return r.required(item, p, key); };
  auto path = [&](std::string_view key) { return child_path(p, key); };

  if (const ConfigNode* n = field("id")) {
    if (auto v = r.identifier(*n, path("id"))) {
      auto [it, inserted] = seen_ids.emplace(*v, n->origin);
      if (!inserted) {
        r.error(n->origin, path("id"),
                "duplicate platform id '" + *v + "' (first at " + line_reference(it->second, n->origin) + ")");
        ok = false;
      }
      platform.id = *v;
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const ConfigNode* n = field("name")) {
    if (auto v = r.string(*n, path("name"), true)) platform.name = *v; else ok = false;
  } else {
    ok = false;
  }
  const ConfigNode* packages_node = field("gpu_packages");
  if (packages_node) {
    if (auto v = r.integer(*packages_node, path("gpu_packages"), 1, 1'000'000, "an integer from 1 to 1000000")) {
      platform.gpu_packages = static_cast<int>(*v);
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const ConfigNode* n = field("gpu_dies")) {
    if (auto v = r.integer(*n, path("gpu_dies"), 1, 100'000'000, "an integer from 1 to 100000000")) {
      if (platform.gpu_packages > 0 && *v % platform.gpu_packages != 0) {
        r.expected(*n, path("gpu_dies"),
                   "a positive multiple of gpu_packages (" + std::to_string(platform.gpu_packages) + ")");
        ok = false;
      }
      platform.gpu_dies = static_cast<int>(*v);
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const ConfigNode* n = field("peak_power")) {
    if (auto v = r.power(*n, path("peak_power"), Range::above(0.0, "0 W").limit(kMaxPowerW, "1000 GW"))) {
      platform.peak_power_w = *v;
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const ConfigNode* n = field("idle_fraction")) {
    if (auto v = r.fraction(*n, path("idle_fraction"), Range::between(0.0, "0", 1.0, "1"))) {
      platform.idle_power_w = platform.peak_power_w * *v;
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  for (const char* key : {"pflops_fp8", "pflops_fp4"}) {
    if (const ConfigNode* n = field(key)) {
      if (auto v = r.number(*n, path(key), Range::at_least(0.0, "0").limit(kMaxCount, "1000000000"))) {
        (std::string_view(key) == "pflops_fp8" ? platform.pflops_fp8 : platform.pflops_fp4) = *v;
      } else {
        ok = false;
      }
    } else {
      ok = false;
    }
  }
  // Optional: a platform without it serves no tokens (it cannot be a demand's serving_platform).
  const ConfigNode* serving_node = item.find("serving_tokens_per_s");
  if (serving_node) {
    if (auto v = r.number(*serving_node, path("serving_tokens_per_s"),
                          Range::at_least(0.0, "0").limit(kMaxServingTokensPerS, "1e12"))) {
      platform.serving_tokens_per_s = *v;
    } else {
      ok = false;
    }
  }
  if (const ConfigNode* n = field("cooling")) {
    if (auto v = r.choice(*n, path("cooling"), schema::kCoolings)) {
      platform.cooling = *v == "air" ? models::Cooling::kAir : models::Cooling::kLiquid;
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const ConfigNode* n = field("capex")) {
    if (auto v = r.money(*n, path("capex"), Range::at_least(0.0, "$0").limit(kMaxMoneyUsd, "$1000T"))) {
      platform.capex_usd = *v;
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (const ConfigNode* n = field("available")) {
    if (auto v = r.date(*n, path("available"))) platform.available = *v; else ok = false;
  } else {
    ok = false;
  }
  if (const ConfigNode* n = field("sources")) {
    const std::string sp = path("sources");
    if (r.expect_map(*n, sp, "a map of field -> source")) {
      r.check_keys(*n, sp, schema::kPlatformSourced);
      for (std::string_view key : schema::kPlatformSourced) {
        const ConfigNode* s = n->find(key);
        if (!s && key == "serving_tokens_per_s" && !serving_node) continue;
        if (!s) {
          // At the `sources:` key: a block map's own position is its first entry, which would mislead here.
          const Origin& at = item.key_origins[*item.index_of("sources")];
          r.error(at, child_path(sp, key), "missing source for '" + std::string(key) + "'");
          ok = false;
        } else if (auto text = r.string(*s, child_path(sp, key), true)) {
          sources.sources[std::string(key)] = *text;
        } else {
          ok = false;
        }
      }
    } else {
      ok = false;
    }
  } else {
    ok = false;
  }
  if (!ok) return;
  sources.id = platform.id;
  out.catalog.platforms.push_back(std::move(platform));
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
      for (std::size_t i = 0; i < platforms->children.size(); ++i) {
        read_platform(r, platforms->children[i], item_path("platforms", i), out, seen_ids);
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
