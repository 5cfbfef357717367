#include "sim/scenario/config_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <cstdio>
#include <cstdint>
#include <algorithm>
#include <map>
#include <sstream>
#include <unordered_map>
#include <utility>

namespace gwsim {

const ConfigNode* ConfigNode::find(std::string_view key) const {
  if (auto i = index_of(key)) return &children[*i];
  return nullptr;
}

ConfigNode* ConfigNode::find(std::string_view key) {
  if (auto i = index_of(key)) return &children[*i];
  return nullptr;
}

std::optional<std::size_t> ConfigNode::index_of(std::string_view key) const {
  if (kind != Kind::kMap) return std::nullopt;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (keys[i] == key) return i;
  }
  return std::nullopt;
}

void ConfigNode::set(std::string key, Origin key_origin, ConfigNode value) {
  if (auto i = index_of(key)) {
    children[*i] = std::move(value);
    return;
  }
  keys.push_back(std::move(key));
  key_origins.push_back(std::move(key_origin));
  children.push_back(std::move(value));
}

void ConfigNode::erase(std::string_view key) {
  if (auto i = index_of(key)) {
    const auto offset = static_cast<std::ptrdiff_t>(*i);
    keys.erase(keys.begin() + offset);
    key_origins.erase(key_origins.begin() + offset);
    children.erase(children.begin() + offset);
  }
}

std::string describe(const ConfigNode& node) {
  switch (node.kind) {
    case ConfigNode::Kind::kNull:
      return "nothing";
    case ConfigNode::Kind::kScalar:
      return "'" + node.text + "'";
    case ConfigNode::Kind::kMap:
      return "a map";
    case ConfigNode::Kind::kSequence:
      return "a sequence";
  }
  return "nothing";
}

std::string child_path(const std::string& path, std::string_view key) {
  if (path.empty()) return std::string(key);
  std::string out = path;
  out += '.';
  out += key;
  return out;
}

std::string item_path(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string_view item_key_at(ItemKeyOf item_key, std::string_view list_path) {
  return item_key == nullptr ? std::string_view("name") : item_key(list_path);
}

const std::string* item_key_value(const ConfigNode& item, std::string_view key) {
  if (!item.is_map()) return nullptr;
  const ConfigNode* value = item.find(key);
  return value && value->is_scalar() ? &value->text : nullptr;
}

namespace {

// A key value that can be matched as written: not empty, not a distribution expression ("2026-10-01 +
// draw(slip)"), which only has a value once drawn.
bool plain_key(std::string_view value) {
  return !value.empty() && value.find_first_of(" \t(") == std::string_view::npos;
}

// Every item has a plain scalar value of key, no two the same.
bool keyed(const ConfigNode& sequence, std::string_view key) {
  std::vector<std::string_view> seen;
  for (const ConfigNode& item : sequence.children) {
    const std::string* value = item_key_value(item, key);
    if (value == nullptr || !plain_key(*value) || std::find(seen.begin(), seen.end(), *value) != seen.end())
      return false;
    seen.push_back(*value);
  }
  return true;
}

bool is_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  return true;
}

// Where a new keyed item goes: at the end, or, for ISO dates (which order as text), before the first later one.
std::vector<ConfigNode>::iterator insertion_point(ConfigNode& base, std::string_view key, const std::string& value) {
  if (!is_iso_date(value)) return base.children.end();
  for (auto it = base.children.begin(); it != base.children.end(); ++it) {
    const std::string* other = item_key_value(*it, key);
    if (other == nullptr || !is_iso_date(*other)) return base.children.end();
  }
  return std::find_if(base.children.begin(), base.children.end(),
                      [&](const ConfigNode& b) { return *item_key_value(b, key) > value; });
}

void merge_by_key(ConfigNode& base, ConfigNode overlay, std::string_view key, ItemKeyOf item_key,
                  const std::string& item_path) {
  std::vector<std::string> base_values;
  for (const ConfigNode& b : base.children) base_values.push_back(*item_key_value(b, key));
  const std::vector<std::string_view> candidates(base_values.begin(), base_values.end());
  for (ConfigNode& item : overlay.children) {
    const std::string value = *item_key_value(item, key);
    auto same = std::find_if(base.children.begin(), base.children.end(),
                             [&](const ConfigNode& b) { return *item_key_value(b, key) == value; });
    if (same != base.children.end()) {
      merge_into(*same, std::move(item), item_key, item_path);
      continue;
    }
    if (auto near = closest_match(value, candidates)) {
      item.near_base_name = *near;
      item.near_base_key = std::string(key);
    }
    base.children.insert(insertion_point(base, key, value), std::move(item));
  }
  base.origin = overlay.origin;
}

}  // namespace

void merge_into(ConfigNode& base, ConfigNode overlay, ItemKeyOf item_key, const std::string& path) {
  if (!overlay.replace && base.is_sequence() && overlay.is_sequence()) {
    const std::string_view key = item_key_at(item_key, path);
    if (!key.empty() && keyed(base, key) && keyed(overlay, key)) {
      merge_by_key(base, std::move(overlay), key, item_key, path + "[]");
      return;
    }
  }
  if (overlay.replace || !base.is_map() || !overlay.is_map()) {
    base = std::move(overlay);
    return;
  }
  for (std::size_t i = 0; i < overlay.keys.size(); ++i) {
    if (auto index = base.index_of(overlay.keys[i])) {
      merge_into(base.children[*index], std::move(overlay.children[i]), item_key,
                 child_path(path, overlay.keys[i]));
      base.key_origins[*index] = overlay.key_origins[i];
    } else {
      base.keys.push_back(std::move(overlay.keys[i]));
      base.key_origins.push_back(std::move(overlay.key_origins[i]));
      base.children.push_back(std::move(overlay.children[i]));
    }
  }
  base.origin = overlay.origin;
}

namespace {

// Thrown from the event handler to stop parsing; the diagnostic is already recorded.
struct StopParsing {};

struct NodeStats {
  std::size_t nodes = 0;
  int depth = 0;  // levels of collections: 0 for a scalar
};

NodeStats stats_of(const ConfigNode& node) {
  NodeStats s{1, 0};
  for (const ConfigNode& child : node.children) {
    const NodeStats c = stats_of(child);
    s.nodes += c.nodes;
    s.depth = std::max(s.depth, c.depth);
  }
  // Map keys count as nodes too.
  s.nodes += node.keys.size();
  if (node.is_map() || node.is_sequence()) s.depth += 1;
  return s;
}

class TreeBuilder : public YAML::EventHandler {
 public:
  TreeBuilder(SourcePtr source, int column_offset, Diagnostics& diagnostics)
      : source_(std::move(source)), column_offset_(column_offset), diagnostics_(diagnostics) {}

  std::optional<ConfigNode>& root() { return root_; }
  bool had_errors() const { return had_errors_; }

  Origin origin(const YAML::Mark& mark) const {
    if (mark.is_null()) return Origin{source_, 1, 1 + column_offset_};
    if (source_ && source_->single_line) {
      return Origin{source_, 1, (mark.line == 0 ? mark.column : 0) + 1 + column_offset_};
    }
    return Origin{source_, mark.line + 1, mark.column + 1 + (mark.line == 0 ? column_offset_ : 0)};
  }

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    ConfigNode node;
    node.origin = origin(mark);
    count(1, mark);
    add(std::move(node), anchor);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    ConfigNode node;
    node.kind = ConfigNode::Kind::kScalar;
    node.text = value;
    node.quoted = tag == "!";
    node.origin = origin(mark);
    count(1, mark);
    add(std::move(node), anchor);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      fail(mark, "alias refers to a node that contains it (recursive alias)");
    }
    const NodeStats& s = it->second.second;
    if (static_cast<int>(stack_.size()) + s.depth > kMaxDepth) {
      fail(mark, "document nests deeper than " + std::to_string(kMaxDepth) + " levels (after expanding aliases)");
    }
    count(s.nodes, mark);
    ConfigNode copy = it->second.first;
    copy.origin = origin(mark);
    add(std::move(copy), YAML::NullAnchor);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value style) override {
    open(ConfigNode::Kind::kSequence, mark, anchor);
    stack_.back().node.replace = replace_tag(mark, tag);
    stack_.back().flow = style == YAML::EmitterStyle::Flow;
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value style) override {
    open(ConfigNode::Kind::kMap, mark, anchor);
    stack_.back().node.replace = replace_tag(mark, tag);
    stack_.back().flow = style == YAML::EmitterStyle::Flow;
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    ConfigNode node;
    YAML::anchor_t anchor = YAML::NullAnchor;
    std::string path;
    bool have_key = false;
    bool skip_value = false;
    bool flow = false;          // written {...} or [...]
    bool open_call = false;     // the last value is a plain scalar with an unclosed '(' (see rejoin)
    bool fragment_key = false;  // the pending key continues that value
    std::string key;
    Origin key_origin;
    std::unordered_map<std::string, std::size_t> key_index;
  };

  // The one tag gwsim knows on a map or sequence: !replace (see merge_into).
  bool replace_tag(const YAML::Mark& mark, const std::string& tag) {
    if (tag.empty() || tag == "?" || tag == "!") return false;
    if (tag == "!replace") return true;
    fail(mark, "unknown tag '" + tag + "'; the only tag gwsim knows is !replace, on a map or a sequence");
  }

  [[noreturn]] void fail(const YAML::Mark& mark, std::string message) {
    diagnostics_.add(origin(mark), "", std::move(message));
    had_errors_ = true;
    throw StopParsing{};
  }

  void count(std::size_t nodes, const YAML::Mark& mark) {
    nodes_ += nodes;
    if (nodes_ > kMaxNodes) {
      fail(mark, "document has more than " + std::to_string(kMaxNodes) + " nodes (after expanding aliases)");
    }
  }

  std::string next_path() const {
    if (stack_.empty()) return {};
    const Frame& top = stack_.back();
    if (top.node.is_sequence()) return item_path(top.path, top.node.children.size());
    return top.have_key ? child_path(top.path, top.key) : top.path;
  }

  void open(ConfigNode::Kind kind, const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (static_cast<int>(stack_.size()) >= kMaxDepth) {
      fail(mark, "document nests deeper than " + std::to_string(kMaxDepth) + " levels");
    }
    count(1, mark);
    Frame frame;
    frame.node.kind = kind;
    frame.node.origin = origin(mark);
    frame.anchor = anchor;
    frame.path = next_path();
    stack_.push_back(std::move(frame));
  }

  void close() {
    Frame frame = std::move(stack_.back());
    stack_.pop_back();
    if (frame.have_key && !frame.skip_value) {
      // A key without a value cannot come from the parser; keep the tree consistent anyway.
      frame.node.keys.push_back(frame.key);
      frame.node.key_origins.push_back(frame.key_origin);
      frame.node.children.push_back(ConfigNode{});
    }
    add(std::move(frame.node), frame.anchor);
  }

  static bool is_plain(const ConfigNode& node) { return node.is_scalar() && !node.quoted; }

  // A plain scalar with more '(' than ')': in a flow collection, YAML ends a plain scalar at a comma, so
  // "{construction: triangular(10 months, 12 months, 18 months)}" arrives as the value "triangular(10 months" and
  // the keys "12 months" and "18 months)" with no values. Such pieces are joined back into one value here, as the
  // events arrive, and not by the expressions pass: only the event stream still tells a flow collection's pieces
  // from real keys and items, and the pieces would otherwise be reported as duplicate or unknown keys first.
  static bool has_open_call(const ConfigNode& node) {
    if (!is_plain(node)) return false;
    int depth = 0;
    for (char c : node.text) depth += c == '(' ? 1 : c == ')' ? -1 : 0;
    return depth > 0;
  }

  // Appends the piece at `at` to value: the source text from the value's start to the piece's end when both are
  // written on one line, else ", " and the piece.
  static void rejoin(ConfigNode& value, const std::string& piece, const Origin& at) {
    const SourcePtr& source = value.origin.source;
    if (source && at.source == source && at.line == value.origin.line && at.column > value.origin.column) {
      std::string_view line = source->text;
      if (!source->single_line) {
        std::size_t begin = 0;
        for (int current = 1; current < at.line && begin != std::string_view::npos; ++current) {
          begin = line.find('\n', begin);
          if (begin != std::string_view::npos) ++begin;
        }
        line = begin == std::string_view::npos ? std::string_view() : line.substr(begin);
        line = line.substr(0, line.find('\n'));
      }
      const auto start = static_cast<std::size_t>(value.origin.column - 1);
      const auto piece_start = static_cast<std::size_t>(at.column - 1);
      if (piece_start + piece.size() <= line.size() && line.substr(start, value.text.size()) == value.text &&
          line.substr(piece_start, piece.size()) == piece) {
        value.text = std::string(line.substr(start, piece_start + piece.size() - start));
        return;
      }
    }
    value.text += ", " + piece;
  }

  void add(ConfigNode node, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) anchors_[anchor] = {node, stats_of(node)};
    if (stack_.empty()) {
      root_ = std::move(node);
      return;
    }
    Frame& top = stack_.back();
    if (top.node.is_sequence()) {
      if (top.open_call && is_plain(node) && !top.node.children.empty()) {
        rejoin(top.node.children.back(), node.text, node.origin);
        top.open_call = has_open_call(top.node.children.back());
        return;
      }
      top.open_call = top.flow && has_open_call(node);
      top.node.children.push_back(std::move(node));
      return;
    }
    if (!top.have_key) {
      top.have_key = true;
      top.skip_value = false;
      top.fragment_key = top.open_call && is_plain(node);
      top.open_call = false;
      if (!node.is_scalar()) {
        diagnostics_.add(node.origin, top.path, "expected a plain key, found " + describe(node) + " used as a key");
        had_errors_ = true;
        top.skip_value = true;
        top.key.clear();
        return;
      }
      if (is_plain(node) && node.text == "<<" && !top.fragment_key) {
        // YAML 1.1's merge key: yaml-cpp reads it as a plain key "<<", which would be reported as unknown.
        diagnostics_.add(node.origin, top.path,
                         "YAML merge keys ('<<') are not supported: write the keys out, or put what is shared in a "
                         "base file and use extends:");
        had_errors_ = true;
        top.skip_value = true;
        top.key.clear();
        return;
      }
      top.key = node.text;
      top.key_origin = node.origin;
      return;
    }
    top.have_key = false;
    if (top.skip_value) return;
    if (top.fragment_key) {
      top.fragment_key = false;
      if (node.is_null() && !top.node.children.empty()) {
        rejoin(top.node.children.back(), top.key, top.key_origin);
        top.open_call = has_open_call(top.node.children.back());
        top.key.clear();
        return;
      }
    }
    // yaml-cpp marks an empty value at the next token, often on a later line: point at its key instead.
    if (node.is_null()) node.origin = top.key_origin;
    auto [it, inserted] = top.key_index.emplace(top.key, top.node.keys.size());
    if (!inserted) {
      const Origin& first = top.node.key_origins[it->second];
      diagnostics_.add(top.key_origin, child_path(top.path, top.key),
                       "duplicate key '" + top.key + "' (first at line " + std::to_string(first.line) + ")");
      had_errors_ = true;
      return;
    }
    top.open_call = top.flow && has_open_call(node);
    top.node.keys.push_back(std::move(top.key));
    top.node.key_origins.push_back(std::move(top.key_origin));
    top.node.children.push_back(std::move(node));
    top.key.clear();
  }

  SourcePtr source_;
  int column_offset_ = 0;
  Diagnostics& diagnostics_;
  std::vector<Frame> stack_;
  std::map<YAML::anchor_t, std::pair<ConfigNode, NodeStats>> anchors_;
  std::optional<ConfigNode> root_;
  std::size_t nodes_ = 0;
  bool had_errors_ = false;
};

// Stops at the start of a second document.
class SecondDocumentProbe : public YAML::EventHandler {
 public:
  explicit SecondDocumentProbe(std::optional<YAML::Mark>& start) : start_(start) {}
  void OnDocumentStart(const YAML::Mark& mark) override {
    start_ = mark;
    throw StopParsing{};
  }
  void OnDocumentEnd() override {}
  void OnNull(const YAML::Mark&, YAML::anchor_t) override {}
  void OnAlias(const YAML::Mark&, YAML::anchor_t) override {}
  void OnScalar(const YAML::Mark&, const std::string&, YAML::anchor_t, const std::string&) override {}
  void OnSequenceStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnSequenceEnd() override {}
  void OnMapStart(const YAML::Mark&, const std::string&, YAML::anchor_t, YAML::EmitterStyle::value) override {}
  void OnMapEnd() override {}

 private:
  std::optional<YAML::Mark>& start_;
};

}  // namespace

std::optional<ConfigNode> parse_yaml(std::string_view text, const SourcePtr& source, Diagnostics& diagnostics,
                                     int column_offset) {
  // YAML is UTF-8 text; anything else is refused where it starts, before it can reach an output file.
  if (const std::size_t bad = first_invalid_utf8(text); bad != std::string_view::npos) {
    const std::string_view before = text.substr(0, bad);
    const int line = 1 + static_cast<int>(std::count(before.begin(), before.end(), '\n'));
    const std::size_t line_start = before.rfind('\n') == std::string_view::npos ? 0 : before.rfind('\n') + 1;
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", static_cast<unsigned>(static_cast<unsigned char>(text[bad])));
    diagnostics.add(Origin{source, line, static_cast<int>(bad - line_start) + 1 + (line == 1 ? column_offset : 0)}, "",
                    std::string("invalid UTF-8: byte ") + hex + " does not start a valid character; save the file as "
                    "UTF-8");
    return std::nullopt;
  }
  std::istringstream stream{std::string(text)};
  TreeBuilder builder(source, column_offset, diagnostics);
  try {
    YAML::Parser parser(stream);
    parser.HandleNextDocument(builder);
    std::optional<YAML::Mark> second;
    SecondDocumentProbe probe(second);
    try {
      parser.HandleNextDocument(probe);
    } catch (const StopParsing&) {
    }
    if (second) {
      diagnostics.add(builder.origin(*second), "",
                      "a second YAML document starts here; expected a single document");
      return std::nullopt;
    }
  } catch (const StopParsing&) {
    return std::nullopt;
  } catch (const YAML::Exception& e) {
    diagnostics.add(builder.origin(e.mark), "", "invalid YAML: " + e.msg);
    return std::nullopt;
  } catch (const std::exception& e) {
    diagnostics.add(Origin{source, 1, 1 + column_offset}, "", std::string("invalid YAML: ") + e.what());
    return std::nullopt;
  }
  if (!builder.root()) {
    ConfigNode empty;
    empty.origin = Origin{source, 1, 1 + column_offset};
    return empty;
  }
  return std::move(*builder.root());
}

}  // namespace gwsim
