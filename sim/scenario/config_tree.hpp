// A YAML document as a tree of positioned nodes.
//
// yaml-cpp parses; this tree keeps, for every node and every map key, the file, line and column it came from, so
// that a value inherited from an extended base file, or set with --set, is reported where it was written. The
// conversion rejects duplicate map keys (yaml-cpp accepts them silently), non-scalar keys, documents nested deeper
// than kMaxDepth levels and documents of more than kMaxNodes nodes after expanding aliases (no hang on alias bombs).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/diagnostics.hpp"

namespace gwsim {

inline constexpr int kMaxDepth = 64;
inline constexpr std::size_t kMaxNodes = 100'000;  // the 10 GW scenario has a few thousand

struct ConfigNode {
  enum class Kind { kNull, kScalar, kMap, kSequence };

  Kind kind = Kind::kNull;
  std::string text;                  // kScalar
  bool quoted = false;               // kScalar written in quotes
  bool replace = false;              // kMap, kSequence tagged !replace: an overlay replaces the base whole
  Origin origin;
  std::vector<std::string> keys;     // kMap: keys in document order, parallel to children
  std::vector<Origin> key_origins;   // kMap: where each key was written
  std::vector<ConfigNode> children;  // kMap: values; kSequence: items
  // A scalar the expressions pass (expressions.hpp) found to be a distribution expression: the index of its value
  // slot, or kBrokenSlot when the expression is wrong (its error is reported). The read pass reads a slot's
  // representative value in its place.
  std::int32_t slot = kNoSlot;
  static constexpr std::int32_t kNoSlot = -1;
  static constexpr std::int32_t kBrokenSlot = -2;
  // A keyed item an `extends:` overlay added because no base item had its key, when a base item's key is close
  // (a likely misspelling, 'site_b' for 'site-b'): that key's value and the key ("name", "platform"), so that the
  // item's missing keys can say so.
  std::string near_base_name;
  std::string near_base_key;

  bool is_null() const { return kind == Kind::kNull; }
  bool is_scalar() const { return kind == Kind::kScalar; }
  bool is_map() const { return kind == Kind::kMap; }
  bool is_sequence() const { return kind == Kind::kSequence; }

  // kMap: the value of key, or nullptr.
  const ConfigNode* find(std::string_view key) const;
  ConfigNode* find(std::string_view key);
  std::optional<std::size_t> index_of(std::string_view key) const;
  // kMap: replaces the value of key (keeping the key's position) or appends key.
  void set(std::string key, Origin key_origin, ConfigNode value);
  void erase(std::string_view key);
};

// "'text'" for a scalar, "a map", "a sequence", or "nothing" (null).
std::string describe(const ConfigNode& node);

// Dotted paths: child_path("sites[0]", "pue") == "sites[0].pue"; item_path("sites", 1) == "sites[1]".
std::string child_path(const std::string& path, std::string_view key);
std::string item_path(const std::string& path, std::size_t index);

// Parses text (one YAML document) into a tree whose origins point into source. column_offset is added to the
// columns of the text's first line (for a --set value inside its argument). Problems go to diagnostics; returns
// nullopt when the text cannot be turned into a tree at all (syntax error, limits exceeded). Never throws for bad
// input. An empty document is a null node at line 1, column 1.
std::optional<ConfigNode> parse_yaml(std::string_view text, const SourcePtr& source, Diagnostics& diagnostics,
                                     int column_offset = 0);

// Which key identifies the items of the list at list_path, a dotted path with "[]" for the items of a sequence
// ("sites", "sites[].grid", "supply"): "name", "platform", "from"; empty when its items have none. The scenario's
// answer comes from its field tables (fields.hpp, scenario_item_key); nullptr stands for "name" everywhere.
using ItemKeyOf = std::string_view (*)(std::string_view list_path);

// The identifying key of a list's items (item_key applied to list_path; "name" without item_key); empty for none.
std::string_view item_key_at(ItemKeyOf item_key, std::string_view list_path);
// The item's value of key when the item is a map holding it as a scalar, else nullptr.
const std::string* item_key_value(const ConfigNode& item, std::string_view key);

// Merges overlay into base (the rules of `extends:`):
//  - maps merge key by key, recursively;
//  - sequences whose items all have a distinct plain scalar (not a distribution) identifying key (item_key: a site's `name`, a supply entry's
//    `platform`, a grid point's `from`), in both base and overlay, merge by that key: an overlay item merges into
//    the base item with the same key, new keys are appended (a point keyed by an ISO date goes before the first
//    base point with a later date, so that a schedule stays in date order), base items not named stay. A new item
//    whose key is close to a base item's (a likely misspelling, 'site_b' for 'site-b') gets near_base_name;
//  - anything else, and any map or sequence tagged !replace in the overlay, replaces the base value whole.
// Nodes keep their own origins; a merged map or sequence takes the overlay's position. path is base's dotted path
// ("" at the root) in the form item_key takes.
void merge_into(ConfigNode& base, ConfigNode overlay, ItemKeyOf item_key = nullptr, const std::string& path = {});

}  // namespace gwsim
