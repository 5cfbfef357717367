#include "sim/optimize/overlay.hpp"

#include <set>

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/fields.hpp"
#include "sim/scenario/scenario_files.hpp"

namespace gwsim::optimize {
namespace {

bool same(const ConfigNode& a, const ConfigNode& b) {
  if (a.kind != b.kind || a.text != b.text || a.keys != b.keys || a.children.size() != b.children.size()) return false;
  for (std::size_t i = 0; i < a.children.size(); ++i)
    if (!same(a.children[i], b.children[i])) return false;
  return true;
}

ConfigNode replaced(ConfigNode node) {
  if (node.is_map() || node.is_sequence()) node.replace = true;
  return node;
}

// The plain scalar keys of a list's items, when every item has one and no two are the same.
std::optional<std::vector<std::string>> item_keys(const ConfigNode& list, std::string_view key) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const ConfigNode& item : list.children) {
    const std::string* k = item_key_value(item, key);
    // A key written as an expression ("2026-10-01 + draw(slip)") has no value to merge by.
    if (!k || k->empty() || k->find_first_of(" \t(") != std::string::npos || !seen.insert(*k).second) {
      return std::nullopt;
    }
    out.push_back(*k);
  }
  return out;
}

// What must be written over base to make mod; nullopt when they are the same. path in scenario_item_key's form.
std::optional<ConfigNode> diff(const ConfigNode& base, const ConfigNode& mod, const std::string& path) {
  if (same(base, mod)) return std::nullopt;
  if (base.is_map() && mod.is_map()) {
    for (const std::string& k : base.keys)
      if (!mod.find(k)) return replaced(mod);  // a key went away: only a whole map says so
    ConfigNode out;
    out.kind = ConfigNode::Kind::kMap;
    for (std::size_t i = 0; i < mod.keys.size(); ++i) {
      const ConfigNode* b = base.find(mod.keys[i]);
      std::optional<ConfigNode> d = b ? diff(*b, mod.children[i], child_path(path, mod.keys[i])) : mod.children[i];
      if (d) out.set(mod.keys[i], {}, std::move(*d));
    }
    return out;
  }
  if (base.is_sequence() && mod.is_sequence()) {
    const std::string_view key = scenario_item_key(path);
    const auto bk = key.empty() ? std::nullopt : item_keys(base, key);
    const auto mk = key.empty() ? std::nullopt : item_keys(mod, key);
    if (!bk || !mk || mk->size() < bk->size() || !std::equal(bk->begin(), bk->end(), mk->begin())) {
      return replaced(mod);
    }
    ConfigNode out;
    out.kind = ConfigNode::Kind::kSequence;
    for (std::size_t i = 0; i < mod.children.size(); ++i) {
      if (i >= base.children.size()) {
        out.children.push_back(mod.children[i]);
        continue;
      }
      std::optional<ConfigNode> d = diff(base.children[i], mod.children[i], path + "[]");
      if (!d) continue;
      if (!d->is_map() || d->replace) return replaced(mod);
      ConfigNode item;
      item.kind = ConfigNode::Kind::kMap;
      item.set(std::string(key), {}, *mod.children[i].find(key));
      for (std::size_t k = 0; k < d->keys.size(); ++k)
        if (d->keys[k] != key) item.set(d->keys[k], {}, d->children[k]);
      out.children.push_back(std::move(item));
    }
    return out;
  }
  return replaced(mod);
}

std::string scalar(const ConfigNode& n) {
  if (n.is_null()) return "null";
  if (!n.quoted) return n.text;
  std::string out = "\"";
  for (char c : n.text) {
    if (c == '"' || c == '\\') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out + "\"";
}

void emit(const ConfigNode& n, int indent, std::string& out);

// The value after "key:" or "- ": on the same line for a scalar or an empty collection, else on the next lines.
void emit_value(const ConfigNode& n, int indent, std::string& out) {
  const std::string tag = n.replace ? " !replace" : "";
  if (n.is_map() && !n.keys.empty()) {
    out += tag + "\n";
    emit(n, indent, out);
  } else if (n.is_sequence() && !n.children.empty()) {
    out += tag + "\n";
    emit(n, indent, out);
  } else if (n.is_map()) {
    out += tag + " {}\n";
  } else if (n.is_sequence()) {
    out += tag + " []\n";
  } else {
    out += " " + scalar(n) + "\n";
  }
}

void emit(const ConfigNode& n, int indent, std::string& out) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  if (n.is_map()) {
    for (std::size_t i = 0; i < n.keys.size(); ++i) {
      out += pad + n.keys[i] + ":";
      emit_value(n.children[i], indent + 2, out);
    }
  } else if (n.is_sequence()) {
    for (const ConfigNode& item : n.children) {
      if (item.is_map() && !item.keys.empty() && !item.replace) {
        // "- key: value" then the item's other keys aligned under the first.
        std::string body;
        emit(item, indent + 2, body);
        out += pad + "- " + body.substr(static_cast<std::size_t>(indent) + 2);
      } else {
        out += pad + "-";
        emit_value(item, indent + 2, out);
      }
    }
  }
}

}  // namespace

OverlayResult plan_overlay(const std::string& baseline_path, const std::vector<std::string>& overrides) {
  OverlayResult result;
  Diagnostics diagnostics;
  const auto base = merge_scenario_files(baseline_path, {}, diagnostics);
  const auto mod = merge_scenario_files(baseline_path, overrides, diagnostics);
  if (!base || !mod || diagnostics.has_errors()) {
    result.errors = diagnostics.sorted();
    return result;
  }
  std::optional<ConfigNode> d = diff(base->root, mod->root, "");
  std::string out;
  if (d && d->is_map()) emit(*d, 0, out);
  result.yaml = out;
  return result;
}

}  // namespace gwsim::optimize
