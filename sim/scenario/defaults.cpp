#include "sim/scenario/defaults.hpp"

#include <algorithm>
#include <memory>
#include <stdexcept>

#include "sim/scenario/embedded_configs.hpp"
#include "sim/scenario/fields.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/scenario_reader.hpp"

namespace gwsim {
namespace {

// A row whose default is in the defaults file.
struct DefaultedField {
  const Field* field;
  std::string key;     // dotted, under `defaults:`
  std::string source;  // under `sources:`
};

const std::vector<DefaultedField>& defaulted_fields() {
  static const std::vector<DefaultedField> fields = [] {
    std::vector<DefaultedField> out;
    for_each_field(scenario_table(), "", Place{}, [&out](const Field& f, const std::string&, const Place&) {
      if (f.fallback.from != DefaultFrom::kDefaultsFile) return;
      out.push_back({&f, std::string(f.fallback.ref),
                     std::string(f.fallback.source.empty() ? f.fallback.ref : f.fallback.source)});
    });
    return out;
  }();
  return fields;
}

std::string head(const std::string& dotted) { return dotted.substr(0, dotted.find('.')); }

void add_once(std::vector<std::string>& keys, std::string key) {
  if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
}

std::string all_formatted(const Diagnostics& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics.sorted()) out += d.format();
  return out;
}

// The `defaults:` map: its keys, nested maps and values, each value read as its field.
void check_values(Reader& r, const ConfigNode& map, Diagnostics& diagnostics) {
  std::vector<std::string> top;
  for (const DefaultedField& d : defaulted_fields()) add_once(top, head(d.key));
  r.check_keys(map, "defaults", {top.begin(), top.end()});
  for (const std::string& group : top) {
    const ConfigNode* node = r.required(map, "defaults", group);
    if (node == nullptr) continue;
    const std::string path = child_path("defaults", group);
    std::vector<std::string> inner;
    for (const DefaultedField& d : defaulted_fields()) {
      if (head(d.key) == group && d.key != group) inner.push_back(d.key.substr(group.size() + 1));
    }
    if (inner.empty()) {
      for (const DefaultedField& d : defaulted_fields()) {
        if (d.key == group) check_default_value(*d.field, *node, path, diagnostics);
      }
      continue;
    }
    if (!r.expect_map(*node, path, "a map")) continue;
    r.check_keys(*node, path, {inner.begin(), inner.end()});
    for (const DefaultedField& d : defaulted_fields()) {
      if (head(d.key) != group || d.key == group) continue;
      const std::string key = d.key.substr(group.size() + 1);
      if (const ConfigNode* value = r.required(*node, path, key)) {
        check_default_value(*d.field, *value, child_path(path, key), diagnostics);
      }
    }
  }
}

}  // namespace

const ConfigNode* Defaults::find(std::string_view dotted_key) const {
  const ConfigNode* node = &values;
  while (node != nullptr && !dotted_key.empty()) {
    const std::size_t dot = dotted_key.find('.');
    node = node->find(dotted_key.substr(0, dot));
    dotted_key = dot == std::string_view::npos ? std::string_view() : dotted_key.substr(dot + 1);
  }
  return node;
}

std::vector<std::string> defaults_keys() {
  std::vector<std::string> out;
  for (const DefaultedField& d : defaulted_fields()) add_once(out, d.source);
  return out;
}

std::optional<Defaults> parse_defaults(std::string_view text, const std::string& name, Diagnostics& diagnostics) {
  const std::size_t before = diagnostics.size();
  auto source = std::make_shared<SourceFile>();
  source->name = name;
  source->text = std::string(text);
  std::optional<ConfigNode> root = parse_yaml(source->text, source, diagnostics);
  if (!root) return std::nullopt;
  Reader r(diagnostics);
  Defaults out;
  if (!r.expect_map(*root, "", "a map with the keys 'defaults' and 'sources'")) return std::nullopt;
  r.check_keys(*root, "", schema::kDefaultsTopLevel);
  if (const ConfigNode* d = r.required(*root, "", "defaults"); d && r.expect_map(*d, "defaults", "a map")) {
    check_values(r, *d, diagnostics);
    out.values = *d;
  }
  if (const ConfigNode* s = r.required(*root, "", "sources"); s && r.expect_map(*s, "sources", "a map")) {
    const std::vector<std::string> keys = defaults_keys();
    r.check_keys(*s, "sources", {keys.begin(), keys.end()});
    for (const std::string& key : keys) {
      const ConfigNode* n = s->find(key);
      if (!n) {
        r.error(s->origin, child_path("sources", key), "missing source for '" + key + "'");
      } else if (auto v = r.string(*n, child_path("sources", key), true)) {
        out.sources[key] = *v;
      }
    }
  }
  if (diagnostics.size() != before) return std::nullopt;
  return out;
}

Defaults parse_defaults_or_throw(std::string_view text, const std::string& name) {
  Diagnostics diagnostics;
  std::optional<Defaults> out = parse_defaults(text, name, diagnostics);
  if (!out || !diagnostics.empty()) {
    throw std::logic_error("invalid built-in defaults " + name + ":\n" + all_formatted(diagnostics));
  }
  return std::move(*out);
}

const Defaults& builtin_defaults() {
  static const Defaults defaults = parse_defaults_or_throw(embedded::defaults_yaml(), "configs/defaults.yaml");
  return defaults;
}

}  // namespace gwsim
