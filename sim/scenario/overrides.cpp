#include "sim/scenario/overrides.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace gwsim {
namespace {

struct Segment {
  enum class Type { kKey, kIndex, kSelect, kAll };
  Type type = Type::kKey;
  std::string key;         // kKey: the map key; kSelect: the item key's value ("site-a", "2027-01-01")
  std::size_t index = 0;   // kIndex
  std::size_t column = 0;  // 0-based, in the argument
  bool is_index() const { return type != Type::kKey; }
};

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

std::optional<std::size_t> to_index(std::string_view digits) {
  if (!all_digits(digits) || digits.size() > 9) return std::nullopt;
  std::size_t value = 0;
  for (char c : digits) value = value * 10 + static_cast<std::size_t>(c - '0');
  return value;
}

std::string kind_name(const ConfigNode& node) {
  switch (node.kind) {
    case ConfigNode::Kind::kMap:
      return "a map";
    case ConfigNode::Kind::kSequence:
      return "a sequence";
    case ConfigNode::Kind::kScalar:
      return "a scalar ('" + node.text + "')";
    case ConfigNode::Kind::kNull:
      return "nothing";
  }
  return "nothing";
}

// The positions of an argument's problems: line 1, the 1-based column in the argument.
class ArgumentOrigins {
 public:
  ArgumentOrigins(const std::string& argument, int rank) {
    auto source = std::make_shared<SourceFile>();
    source->name = "--set";
    source->text = argument;
    source->rank = rank;
    source->single_line = true;
    source_ = source;
  }
  const SourcePtr& source() const { return source_; }
  Origin at(std::size_t column0) const { return Origin{source_, 1, static_cast<int>(column0) + 1}; }

 private:
  SourcePtr source_;
};

// The dotted path before '=' (at eq), as segments; nullopt after reporting what is wrong with it.
std::optional<std::vector<Segment>> parse_path(const std::string& argument, std::size_t eq, const ArgumentOrigins& o,
                                               Diagnostics& diagnostics) {
  std::vector<Segment> segments;
  std::size_t i = 0;
  while (i < eq) {
    const char c = argument[i];
    if (c == '[') {
      std::size_t close = argument.find(']', i);
      if (close == std::string::npos || close > eq) close = eq;
      const std::string inside = argument.substr(i + 1, close - i - 1);
      if (close == eq || inside.empty() || inside.find('[') != std::string::npos) {
        const std::string written = argument.substr(i, close - i + (close < eq ? 1 : 0));
        diagnostics.add(o.at(i), "",
                        "expected an index ([0]), an item's name or other key ([site-a]) or [*] in brackets, found '" +
                            written + "'");
        return std::nullopt;
      }
      if (inside == "*") {
        segments.push_back({Segment::Type::kAll, {}, 0, i + 1});
      } else if (all_digits(inside)) {
        const std::optional<std::size_t> index = to_index(inside);
        if (!index) {
          diagnostics.add(o.at(i + 1), "", "expected an index, found '" + inside + "'");
          return std::nullopt;
        }
        segments.push_back({Segment::Type::kIndex, {}, *index, i});
      } else {
        segments.push_back({Segment::Type::kSelect, inside, 0, i + 1});
      }
      i = close + 1;
    } else if (is_key_char(c)) {
      std::size_t end = i;
      while (end < eq && is_key_char(argument[end])) ++end;
      const std::string key = argument.substr(i, end - i);
      if (all_digits(key)) {
        const std::optional<std::size_t> index = to_index(key);
        if (!index) {
          diagnostics.add(o.at(i), "", "expected an index, found '" + key + "'");
          return std::nullopt;
        }
        segments.push_back({Segment::Type::kIndex, {}, *index, i});
      } else {
        segments.push_back({Segment::Type::kKey, key, 0, i});
      }
      i = end;
    } else {
      diagnostics.add(o.at(i), "",
                      c == '.' ? std::string("expected a key or an index, found an empty path segment")
                               : "expected a key, '.' or '[', found '" + std::string(1, c) + "' in the path");
      return std::nullopt;
    }
    if (i < eq) {
      if (argument[i] == '.') {
        ++i;
        if (i == eq) {
          diagnostics.add(o.at(i - 1), "", "expected a key or an index after '.', found '='");
          return std::nullopt;
        }
      } else if (argument[i] != '[') {
        diagnostics.add(o.at(i), "",
                        "expected '.', '[' or '=' after a path segment, found '" + std::string(1, argument[i]) + "'");
        return std::nullopt;
      }
    }
  }
  return segments;
}

// Sets a value at a path of segments: missing keys are created, an index one past a sequence's end appends, [KEY]
// selects the item whose identifying key (item_key) has that value, [*] every item.
class Setter {
 public:
  Setter(const std::vector<Segment>& segments, const ConfigNode& value, ItemKeyOf item_key, const ArgumentOrigins& o,
         Diagnostics& diagnostics)
      : segments_(segments), value_(value), item_key_(item_key), o_(o), diagnostics_(diagnostics) {}

  // node's dotted path is path; generic is the same with "[]" for items ("sites[].grid"), as item_key takes it.
  bool set(ConfigNode& node, std::size_t at, const std::string& path, const std::string& generic) {
    if (at == segments_.size()) {
      node = value_;
      return true;
    }
    const Segment& seg = segments_[at];
    if (node.is_null() && (seg.type == Segment::Type::kKey || seg.type == Segment::Type::kIndex)) {
      node.kind = seg.type == Segment::Type::kIndex ? ConfigNode::Kind::kSequence : ConfigNode::Kind::kMap;
      node.origin = o_.at(seg.column);
    }
    if (seg.type == Segment::Type::kKey) return set_key(node, at, path, generic);
    if (!node.is_sequence()) {
      const std::string written = seg.type == Segment::Type::kIndex ? std::to_string(seg.index)
                                  : seg.type == Segment::Type::kAll ? "*"
                                                                    : seg.key;
      return fail(seg, path, "expected a sequence to index with [" + written + "], found " + kind_name(node));
    }
    const std::string items = generic + "[]";
    if (seg.type == Segment::Type::kAll) {
      if (node.children.empty()) return fail(seg, path, "[*] matches no item: the sequence is empty");
      for (std::size_t i = 0; i < node.children.size(); ++i) {
        if (!set(node.children[i], at + 1, item_path(path, i), items)) return false;
      }
      return true;
    }
    if (seg.type == Segment::Type::kSelect) {
      const std::optional<std::size_t> index = select(node, seg, path, generic);
      return index && set(node.children[*index], at + 1, item_path(path, *index), items);
    }
    const std::size_t size = node.children.size();
    if (seg.index > size) {
      return fail(seg, path,
                  "index " + std::to_string(seg.index) + " is out of range: the sequence has " + std::to_string(size) +
                      " item" + (size == 1 ? "" : "s") + " (use [" + std::to_string(size) + "] to append)");
    }
    if (seg.index == size) {
      ConfigNode item;
      item.origin = o_.at(seg.column);
      node.children.push_back(std::move(item));
    }
    return set(node.children[seg.index], at + 1, item_path(path, seg.index), items);
  }

 private:
  bool set_key(ConfigNode& node, std::size_t at, const std::string& path, const std::string& generic) {
    const Segment& seg = segments_[at];
    if (!node.is_map()) return fail(seg, path, "expected a map to hold key '" + seg.key + "', found " + kind_name(node));
    if (!node.find(seg.key)) {
      ConfigNode child;
      child.origin = o_.at(seg.column);
      node.set(seg.key, o_.at(seg.column), std::move(child));
    }
    return set(*node.find(seg.key), at + 1, child_path(path, seg.key), child_path(generic, seg.key));
  }

  // The index of the item whose identifying key has the segment's value; nullopt after saying why there is none.
  std::optional<std::size_t> select(const ConfigNode& sequence, const Segment& seg, const std::string& path,
                                    const std::string& generic) {
    const std::string_view key = item_key_at(item_key_, generic);
    if (key.empty()) {
      fail(seg, path, "its items have no name or other identifying key to select '" + seg.key +
                          "' by; select by position, e.g. [0]");
      return std::nullopt;
    }
    std::vector<std::string_view> values;
    for (std::size_t i = 0; i < sequence.children.size(); ++i) {
      const std::string* value = item_key_value(sequence.children[i], key);
      if (value == nullptr) continue;
      if (*value == seg.key) return i;
      values.push_back(*value);
    }
    std::string message = "no item has " + std::string(key) + " '" + seg.key + "'";
    if (values.empty()) {
      message += ": the sequence has no items with a " + std::string(key);
    } else if (const std::optional<std::string> near = closest_match(seg.key, values)) {
      message += "; did you mean '" + *near + "'?";
    } else {
      message += "; expected one of: ";
      for (std::size_t i = 0; i < values.size(); ++i) message += (i ? ", " : "") + std::string(values[i]);
    }
    fail(seg, path, message);
    return std::nullopt;
  }

  bool fail(const Segment& seg, const std::string& path, std::string message) {
    diagnostics_.add(o_.at(seg.column), path, std::move(message));
    return false;
  }

  const std::vector<Segment>& segments_;
  const ConfigNode& value_;
  ItemKeyOf item_key_;
  const ArgumentOrigins& o_;
  Diagnostics& diagnostics_;
};

}  // namespace

bool apply_override(ConfigNode& root, const std::string& argument, int rank, Diagnostics& diagnostics,
                    ItemKeyOf item_key) {
  const ArgumentOrigins o(argument, rank);
  const std::size_t eq = argument.find('=');
  if (eq == std::string::npos) {
    diagnostics.add(o.at(0), "", "expected 'dotted.path=value', found no '=' in '" + argument + "'");
    return false;
  }
  if (eq == 0) {
    diagnostics.add(o.at(0), "", "expected a dotted path before '=', found nothing");
    return false;
  }
  const std::optional<std::vector<Segment>> segments = parse_path(argument, eq, o, diagnostics);
  if (!segments) return false;
  if (segments->front().is_index()) {
    diagnostics.add(o.at(segments->front().column), "", "expected a key at the top level, found an index");
    return false;
  }
  if (segments->front().key == "extends") {
    diagnostics.add(o.at(segments->front().column), "extends",
                    "cannot be set with --set: overrides apply after extends: is resolved");
    return false;
  }
  std::optional<ConfigNode> value =
      parse_yaml(argument.substr(eq + 1), o.source(), diagnostics, static_cast<int>(eq + 1));
  if (!value) return false;
  ConfigNode work = root;  // a copy, so that root stays unchanged on failure
  if (!Setter(*segments, *value, item_key, o, diagnostics).set(work, 0, "", "")) return false;
  root = std::move(work);
  return true;
}

}  // namespace gwsim
