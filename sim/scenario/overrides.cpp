#include "sim/scenario/overrides.hpp"

#include <memory>
#include <optional>
#include <vector>

namespace gwsim {
namespace {

struct Segment {
  bool is_index = false;
  std::string key;
  std::size_t index = 0;
  std::size_t column = 0;  // 0-based, in the argument
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
      const std::optional<std::size_t> index = to_index(inside);
      if (!index || close == eq) {
        const std::string written = argument.substr(i, close - i + (close < eq ? 1 : 0));
        diagnostics.add(o.at(i), "", "expected an index such as [0], found '" + written + "'");
        return std::nullopt;
      }
      segments.push_back({true, {}, *index, i});
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
        segments.push_back({true, {}, *index, i});
      } else {
        segments.push_back({false, key, 0, i});
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

// Sets value at the segments' path in root (creating missing keys, appending one past a sequence's end); root is
// unchanged when the path does not fit the tree.
bool set_at(ConfigNode& root, const std::vector<Segment>& segments, ConfigNode value, const ArgumentOrigins& o,
            Diagnostics& diagnostics) {
  ConfigNode work = root;  // a copy, so that root stays unchanged on failure
  ConfigNode* current = &work;
  std::string path;
  for (const Segment& seg : segments) {
    if (current->is_null()) {
      current->kind = seg.is_index ? ConfigNode::Kind::kSequence : ConfigNode::Kind::kMap;
      current->origin = o.at(seg.column);
    }
    if (seg.is_index) {
      if (!current->is_sequence()) {
        diagnostics.add(o.at(seg.column), path,
                        "expected a sequence to index with [" + std::to_string(seg.index) + "], found " +
                            kind_name(*current));
        return false;
      }
      const std::size_t size = current->children.size();
      if (seg.index > size) {
        diagnostics.add(o.at(seg.column), path,
                        "index " + std::to_string(seg.index) + " is out of range: the sequence has " +
                            std::to_string(size) + " item" + (size == 1 ? "" : "s") + " (use [" +
                            std::to_string(size) + "] to append)");
        return false;
      }
      if (seg.index == size) {
        ConfigNode item;
        item.origin = o.at(seg.column);
        current->children.push_back(std::move(item));
      }
      current = &current->children[seg.index];
      path = item_path(path, seg.index);
    } else {
      if (!current->is_map()) {
        diagnostics.add(o.at(seg.column), path,
                        "expected a map to hold key '" + seg.key + "', found " + kind_name(*current));
        return false;
      }
      if (!current->find(seg.key)) {
        ConfigNode child;
        child.origin = o.at(seg.column);
        current->set(seg.key, o.at(seg.column), std::move(child));
      }
      current = current->find(seg.key);
      path = child_path(path, seg.key);
    }
  }
  *current = std::move(value);
  root = std::move(work);
  return true;
}

}  // namespace

bool apply_override(ConfigNode& root, const std::string& argument, int rank, Diagnostics& diagnostics) {
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
  if (segments->front().is_index) {
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
  return set_at(root, *segments, std::move(*value), o, diagnostics);
}

}  // namespace gwsim
