#include "sim/scenario/catalog_loader.hpp"

#include <array>
#include <map>
#include <memory>
#include <stdexcept>

#include "sim/scenario/defaults.hpp"
#include "sim/scenario/embedded_configs.hpp"
#include "sim/scenario/fields.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/scenario_reader.hpp"
#include "sim/scenario/schema.hpp"

namespace gwsim {
namespace {

// Keys earlier catalogs used, refused with what replaces them (a figure whose convention is not stated must not be
// read as if it were). The entry is refused either way; its replacements are filled with a placeholder so that
// the one mistake is reported once, not again as missing keys and sources.
struct RetiredKey {
  std::string_view key;
  std::string_view message;
  std::array<std::string_view, 3> replaced_by{};  // empty views past the last
  std::string_view placeholder{};                 // a valid value of the replacements' kind
};

constexpr RetiredKey kRetiredTopLevel[] = {
    {"serving_model",
     "the reference model is the 'serving' section now: model, precision, request shape and operating point, each "
     "with its source (see configs/platforms.yaml)"},
    {"sources", "the sources of the reference model go under 'serving.sources'"},
};

constexpr RetiredKey kRetiredServingKeys[] = {
    {"precision",
     "the precision is per platform now: 'platforms[].serving_precision' (the precision it is deployed at, with its "
     "source)"},
    {"bytes_per_param",
     "bytes per weight are stated per precision: 'bytes_per_param_fp8' and 'bytes_per_param_fp4' (each platform "
     "serves at its serving_precision)",
     {"bytes_per_param_fp8", "bytes_per_param_fp4"},
     "1"},
    {"max_sequences_per_package",
     "the engine limit is per TB/s of a package's HBM bandwidth now: 'max_sequences_per_tb_per_s' (18 in the built-in "
     "catalog: 144 sequences per 8 TB/s package), beside 'decode_overhead_us_per_layer' and 'layers'",
     {"max_sequences_per_tb_per_s"},
     "1"},
};

constexpr RetiredKey kRetiredPlatformKeys[] = {
    {"pflops_fp8",
     "a FLOPS figure must state its convention: use 'pflops_fp8_dense' (dense PFLOP/s per rack, no 2:4 sparsity; "
     "divide a sparse vendor figure by its ratio and say so in its source)",
     {"pflops_fp8_dense"},
     "0"},
    {"pflops_fp4",
     "a FLOPS figure must state its convention: use 'pflops_fp4_dense' (dense PFLOP/s per rack, no 2:4 sparsity; "
     "divide a sparse vendor figure by its ratio and say so in its source)",
     {"pflops_fp4_dense"},
     "0"},
    {"capex",
     "rack capex is stated by category: use 'capex_gpu_systems', 'capex_networking' and 'capex_storage' (USD per "
     "rack; building, power and cooling are per MW of facility power, in the defaults and a scenario's finance)",
     {"capex_gpu_systems", "capex_networking", "capex_storage"},
     "$0"},
};

template <std::size_t N>
const RetiredKey* retired(const RetiredKey (&keys)[N], std::string_view key) {
  for (const RetiredKey& k : keys) {
    if (k.key == key) return &k;
  }
  return nullptr;
}

ConfigNode scalar(std::string_view text, const Origin& at) {
  ConfigNode n;
  n.kind = ConfigNode::Kind::kScalar;
  n.text = std::string(text);
  n.origin = at;
  return n;
}

// The map without its retired keys, each reported at the key with what replaces it; a `sources` map inside loses
// them too (the key itself is reported), and unstated replacements get placeholders (see RetiredKey).
template <std::size_t N>
ConfigNode without_retired(Reader& r, const ConfigNode& map, const std::string& path, const RetiredKey (&keys)[N]) {
  ConfigNode out = map;
  for (std::size_t k = 0; k < map.keys.size(); ++k) {
    const RetiredKey* old = retired(keys, map.keys[k]);
    if (old == nullptr) continue;
    const Origin& at = map.key_origins[k];
    r.error(at, child_path(path, old->key), std::string(old->message));
    out.erase(old->key);
    // Looked up after each change: erasing or adding a key moves the map's children.
    if (ConfigNode* sources = out.find("sources"); sources != nullptr && sources->is_map()) sources->erase(old->key);
    for (std::string_view replacement : old->replaced_by) {
      if (replacement.empty()) break;
      if (!out.find(replacement)) out.set(std::string(replacement), at, scalar(old->placeholder, at));
      ConfigNode* sources = out.find("sources");
      if (sources != nullptr && sources->is_map() && !sources->find(replacement)) {
        sources->set(std::string(replacement), at, scalar("(refused above)", at));
      }
    }
  }
  return out;
}

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

// map.sources: a non-empty text for each sourced key of the table (an optional key only when it is stated); false
// after reporting a problem.
bool read_sources(Reader& r, const Table& table, const ConfigNode& map, const std::string& p,
                  std::map<std::string, std::string>& sources) {
  const ConfigNode* n = map.find("sources");
  if (n == nullptr) return false;  // reported as a missing required key
  const std::string sp = child_path(p, "sources");
  if (!r.expect_map(*n, sp, "a map of field -> source")) return false;
  const schema::KeyList sourced = table.sourced_keys();
  r.check_keys(*n, sp, sourced);
  bool ok = true;
  for (std::string_view key : sourced) {
    const ConfigNode* s = n->find(key);
    if (!s && table.find(key)->need == Need::kOptional && !map.find(key)) continue;
    if (!s) {
      // At the `sources:` key: a block map's own position is its first entry, which would mislead here.
      r.error(map.key_origins[*map.index_of("sources")], child_path(sp, key),
              "missing source for '" + std::string(key) + "'");
      ok = false;
    } else if (auto text = r.string(*s, child_path(sp, key), true)) {
      sources[std::string(key)] = *text;
    } else {
      ok = false;
    }
  }
  return ok;
}

// One platform: its fields through the platform table (fields.hpp), then the rules between them: a unique id,
// dies a multiple of packages, a reference model for a stated serving rate, and a source for every number.
void read_platform(Reader& r, const ConfigNode& stated, const std::string& p, bool has_serving, Scenario& read,
                   CatalogLoad& out, std::map<std::string, Origin>& seen_ids) {
  const std::size_t index = read.catalog.platforms.size();
  read.catalog.platforms.emplace_back();
  if (!r.expect_map(stated, p, "a map (a platform)")) return;
  const std::size_t before = r.diagnostics().size();
  const ConfigNode item = without_retired(r, stated, p, kRetiredPlatformKeys);
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
  if (const ConfigNode* unit = item.find("packages_out_per_failure");
      unit && platform.gpu_packages > 0 &&
      platform.reliability.components[0].packages_out_per_failure > platform.gpu_packages) {
    r.expected(*unit, child_path(p, "packages_out_per_failure"),
               "at most gpu_packages (" + std::to_string(platform.gpu_packages) + ")");
    ok = false;
  }
  for (const char* key : {"serving_tokens_per_s", "realized_fraction"}) {
    if (auto k = item.index_of(key); k && !has_serving) {
      r.error(item.key_origins[*k], child_path(p, key),
              "needs the catalog's 'serving' section (the reference model the serving rates are for)");
      ok = false;
    }
  }
  CatalogEntrySources sources;
  ok = read_sources(r, platform_table(), item, p, sources.sources) && ok;
  if (!ok) return;
  sources.id = platform.id;
  out.catalog.platforms.push_back(platform);
  out.sources.push_back(std::move(sources));
}

// The `serving:` section: the reference model, its request shape and the operating point, each sourced.
bool read_serving(Reader& r, const ConfigNode& node, Scenario& read, CatalogLoad& out) {
  const std::string p = "serving";
  if (!r.expect_map(node, p, "a map (the serving reference)")) return false;
  const std::size_t before = r.diagnostics().size();
  const ConfigNode section = without_retired(r, node, p, kRetiredServingKeys);
  read_fields(catalog_serving_table(), section, p, Place{}, read, r.diagnostics());
  bool ok = r.diagnostics().size() == before;
  const models::ReferenceModel& shape = read.catalog.serving.shape;
  if (ok && shape.active_params > shape.total_params) {
    r.expected(*section.find("active_params"), child_path(p, "active_params"),
               "at most total_params (" + section.find("total_params")->text + ")");
    ok = false;
  }
  ok = read_sources(r, catalog_serving_table(), section, p, out.serving_sources) && ok;
  if (!ok) return false;
  out.catalog.serving = read.catalog.serving;
  out.catalog.has_serving = true;
  return true;
}

// Platforms without a stated rate serve at their roofline for the reference model; platforms without a stated
// realized fraction take the catalog's.
void apply_roofline(models::Catalog& catalog) {
  if (!catalog.has_serving) return;
  for (models::Platform& platform : catalog.platforms) {
    if (platform.realized_from == models::RealizedFrom::kCatalogDefault) {
      platform.realized_fraction = catalog.serving.realized_fraction;
    }
    if (platform.serving_rate_from != models::ServingRateFrom::kNone) continue;
    platform.serving_tokens_per_s = models::roofline_serving(platform, catalog.serving).total_tokens_per_s_per_rack;
    platform.serving_rate_from = models::ServingRateFrom::kRoofline;
  }
}

}  // namespace

std::optional<CatalogLoad> read_catalog(const ConfigNode& stated_root, Diagnostics& diagnostics) {
  const std::size_t before = diagnostics.size();
  Reader r(diagnostics);
  CatalogLoad out;
  if (!r.expect_map(stated_root, "", "a map with the key 'platforms' at the top level of a catalog")) {
    return std::nullopt;
  }
  const ConfigNode root = without_retired(r, stated_root, "", kRetiredTopLevel);
  r.check_keys(root, "", schema::kCatalogTopLevel);
  Scenario read;  // what the reader fills: the serving reference, and the platforms as read, good or not
  const ConfigNode* serving = root.find("serving");
  if (serving != nullptr) read_serving(r, *serving, read, out);
  if (const ConfigNode* platforms = r.required(root, "", "platforms")) {
    if (r.expect_sequence(*platforms, "platforms", "a non-empty sequence of platforms")) {
      std::map<std::string, Origin> seen_ids;
      for (std::size_t i = 0; i < platforms->children.size(); ++i) {
        // A broken serving section is reported once, not again at each stated rate.
        read_platform(r, platforms->children[i], item_path("platforms", i), serving != nullptr, read, out,
                      seen_ids);
      }
    }
  }
  if (diagnostics.size() != before) return std::nullopt;
  apply_roofline(out.catalog);
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

namespace {

const CatalogLoad& builtin_load() {
  static const CatalogLoad load = parse_catalog_or_throw(embedded::platforms_yaml(), "configs/platforms.yaml");
  return load;
}

}  // namespace

const models::Catalog& builtin_catalog() { return builtin_load().catalog; }

std::vector<CatalogEntrySources> builtin_catalog_sources() { return builtin_load().sources; }

const std::map<std::string, std::string>& builtin_serving_sources() { return builtin_load().serving_sources; }

namespace {

// A number of configs/defaults.yaml, read as the field it is the default of.
double default_number(std::string_view key) {
  const Field* row = nullptr;
  for_each_field(scenario_table(), "", Place{}, [&row, key](const Field& f, const std::string&, const Place&) {
    if (f.fallback.from == DefaultFrom::kDefaultsFile && f.fallback.ref == key) row = &f;
  });
  const ConfigNode* node = builtin_defaults().find(key);
  Diagnostics diagnostics;
  Reader r(diagnostics);
  const std::optional<Value> v =
      row != nullptr && node != nullptr ? read_value(r, row->value(), *node, std::string(key)) : std::nullopt;
  if (!v) throw std::logic_error("configs/defaults.yaml: no number for '" + std::string(key) + "'");
  return v->number;
}

}  // namespace

DefaultPlant builtin_default_plant() {
  DefaultPlant plant;
  plant.chain.pue = default_number("pue");
  plant.chain.non_gpu_it_share = default_number("power_chain.non_gpu_it_share");
  plant.chain.redundancy_headroom = default_number("power_chain.redundancy_headroom");
  plant.chain.substation_loss = default_number("power_chain.substation_loss");
  plant.facility_capex_per_mw.facility_shell_usd = default_number("facility_capex_per_mw.facility_shell");
  plant.facility_capex_per_mw.electrical_usd = default_number("facility_capex_per_mw.electrical");
  plant.facility_capex_per_mw.other_usd = default_number("facility_capex_per_mw.other");
  plant.nvidia_networking_share = default_number("nvidia_networking_share");
  return plant;
}

}  // namespace gwsim
