#include "sim/sweep/sweep_spec.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <memory>

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/file_io.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/units.hpp"
#include "sim/sweep/lhs.hpp"

namespace gwsim::sweep {

namespace spec_keys {
const schema::KeyList kSpecKeys = {"name",         "description", "scenario", "seed", "replications",
                                   "timeout_seconds", "keep_timelines", "set", "whatifs", "grid", "lhs"};
const schema::KeyList kWhatIfKeys = {"name", "set"};
const schema::KeyList kLhsKeys = {"samples", "parameters"};
const schema::KeyList kRangeKeys = {"min", "max"};
}  // namespace spec_keys

namespace {

using spec_keys::kLhsKeys;
using spec_keys::kRangeKeys;
using spec_keys::kSpecKeys;
using spec_keys::kWhatIfKeys;

// A node back as YAML text that --set can parse: plain scalars stay plain, quoted ones are quoted again.
std::string to_yaml_text(const ConfigNode& node) {
  switch (node.kind) {
    case ConfigNode::Kind::kNull:
      return "null";
    case ConfigNode::Kind::kScalar: {
      if (!node.quoted) return node.text;
      std::string out = "\"";
      for (char c : node.text) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
      }
      return out + "\"";
    }
    case ConfigNode::Kind::kSequence: {
      std::string out = "[";
      for (std::size_t i = 0; i < node.children.size(); ++i) out += (i ? ", " : "") + to_yaml_text(node.children[i]);
      return out + "]";
    }
    case ConfigNode::Kind::kMap: {
      std::string out = "{";
      for (std::size_t i = 0; i < node.keys.size(); ++i) {
        out += (i ? ", " : "") + node.keys[i] + ": " + to_yaml_text(node.children[i]);
      }
      return out + "}";
    }
  }
  return "null";
}

// `set:` maps: dotted scenario path -> value.
std::vector<Override> read_set(Reader& r, const ConfigNode& node, const std::string& path) {
  std::vector<Override> out;
  if (!r.expect_map(node, path, "a map of dotted scenario paths to values")) return out;
  for (std::size_t i = 0; i < node.keys.size(); ++i) {
    out.push_back({node.keys[i] + "=" + to_yaml_text(node.children[i]), node.key_origins[i],
                   child_path(path, node.keys[i])});
  }
  return out;
}

// An LHS bound: a quantity with the unit it was written in, turned into a number and a way to print a value.
struct Quantity {
  double value = 0.0;
  enum class Kind { kNumber, kFraction, kPower, kDuration, kMoney } kind = Kind::kNumber;
};

std::optional<Quantity> parse_quantity(std::string_view text) {
  using K = Quantity::Kind;
  const std::pair<K, units::Parsed (*)(std::string_view)> parsers[] = {{K::kPower, units::parse_power_w},
                                                                        {K::kDuration, units::parse_duration_days},
                                                                        {K::kMoney, units::parse_money_usd},
                                                                        {K::kNumber, units::parse_number},
                                                                        {K::kFraction, units::parse_fraction}};
  for (const auto& [kind, parse] : parsers) {
    const units::Parsed p = parse(text);
    if (p.value) return Quantity{*p.value, kind};
  }
  return std::nullopt;
}

std::string fixed(double value, int decimals) {
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  return ec == std::errc() ? std::string(buf, end) : "0";
}

// The value as scenario text in the kind's base unit, precise enough for any use.
std::string quantity_text(Quantity::Kind kind, double value) {
  switch (kind) {
    case Quantity::Kind::kPower: return fixed(value, 3) + " W";
    case Quantity::Kind::kDuration: return fixed(value, 6) + " days";
    case Quantity::Kind::kMoney: return "$" + fixed(value, 2);
    case Quantity::Kind::kFraction:
    case Quantity::Kind::kNumber: return fixed(value, 9);
  }
  return fixed(value, 9);
}

struct GridAxis {
  std::string path;
  std::vector<Override> values;
};

struct LhsParameter {
  std::string path;
  Origin origin;
  std::string spec_path;
  Quantity min, max;
};

struct WhatIf {
  std::string name;
  std::vector<Override> overrides;
};

// The parts of a spec that make its points.
struct PointParts {
  std::vector<Override> common;
  std::vector<WhatIf> whatifs;
  std::vector<GridAxis> axes;
  std::int64_t lhs_samples = 0;
  std::vector<LhsParameter> lhs_parameters;
};

// name, description, scenario, seed, replications, timeout_seconds, keep_timelines.
void read_settings(Reader& r, const ConfigNode& root, SweepSpec& spec) {
  if (const ConfigNode* n = r.required(root, "", "name")) spec.name = r.name(*n, "name").value_or("");
  if (const ConfigNode* n = root.find("description")) spec.description = r.string(*n, "description").value_or("");
  if (const ConfigNode* n = r.required(root, "", "scenario")) {
    if (auto text = r.string(*n, "scenario", true)) {
      spec.scenario_path = resolve_relative(n->origin, *text);
      spec.scenario_origin = n->origin;
    }
  }
  if (const ConfigNode* n = root.find("seed")) spec.seed = r.unsigned_integer(*n, "seed").value_or(1);
  if (const ConfigNode* n = root.find("replications")) {
    spec.replications = r.integer(*n, "replications", 1, 1'000'000, "an integer from 1 to 1000000").value_or(1);
  }
  if (const ConfigNode* n = root.find("timeout_seconds")) {
    spec.timeout_s = r.number(*n, "timeout_seconds", Range::between(0.1, "0.1", 86400.0, "86400")).value_or(600.0);
  }
  if (const ConfigNode* n = root.find("keep_timelines")) {
    if (auto v = r.choice(*n, "keep_timelines", {"true", "false"})) spec.keep_timelines = *v == "true";
  }
}

std::vector<WhatIf> read_whatifs(Reader& r, const ConfigNode& n) {
  std::vector<WhatIf> whatifs;
  if (!r.expect_sequence(n, "whatifs", "a list of what-ifs ({name, set})")) return whatifs;
  for (std::size_t i = 0; i < n.children.size(); ++i) {
    const ConfigNode& item = n.children[i];
    const std::string w_path = item_path("whatifs", i);
    if (!r.expect_map(item, w_path, "a what-if ({name, set})")) continue;
    r.check_keys(item, w_path, kWhatIfKeys);
    WhatIf w;
    if (const ConfigNode* name = r.required(item, w_path, "name")) {
      w.name = r.name(*name, child_path(w_path, "name")).value_or("");
      for (const WhatIf& other : whatifs) {
        if (!w.name.empty() && other.name == w.name) {
          r.error(name->origin, child_path(w_path, "name"), "what-if '" + w.name + "' is named twice");
        }
      }
    }
    if (const ConfigNode* set = item.find("set")) w.overrides = read_set(r, *set, child_path(w_path, "set"));
    whatifs.push_back(std::move(w));
  }
  return whatifs;
}

std::vector<GridAxis> read_grid(Reader& r, const ConfigNode& n) {
  std::vector<GridAxis> axes;
  if (!r.expect_map(n, "grid", "a map of dotted scenario paths to lists of values")) return axes;
  for (std::size_t i = 0; i < n.keys.size(); ++i) {
    const std::string axis_path = child_path("grid", n.keys[i]);
    const ConfigNode& values = n.children[i];
    if (!r.expect_sequence(values, axis_path, "a non-empty list of values")) continue;
    GridAxis axis{n.keys[i], {}};
    for (std::size_t k = 0; k < values.children.size(); ++k) {
      axis.values.push_back({n.keys[i] + "=" + to_yaml_text(values.children[k]), values.children[k].origin,
                             item_path(axis_path, k)});
    }
    axes.push_back(std::move(axis));
  }
  return axes;
}

// One lhs.parameters entry: {min, max} of the same kind of quantity, min below max.
std::optional<LhsParameter> read_lhs_parameter(Reader& r, const ConfigNode& params, std::size_t i) {
  const std::string p_path = child_path("lhs.parameters", params.keys[i]);
  const ConfigNode& range = params.children[i];
  if (!r.expect_map(range, p_path, "a range {min: X, max: Y}")) return std::nullopt;
  r.check_keys(range, p_path, kRangeKeys);
  const ConfigNode* lo = r.required(range, p_path, "min");
  const ConfigNode* hi = r.required(range, p_path, "max");
  if (!lo || !hi) return std::nullopt;
  std::optional<Quantity> qlo, qhi;
  for (auto [node, q, key] : {std::tuple{lo, &qlo, "min"}, std::tuple{hi, &qhi, "max"}}) {
    if (node->is_scalar()) *q = parse_quantity(node->text);
    if (!*q) {
      r.expected(*node, child_path(p_path, key),
                 "a number, a fraction, or a power, duration or amount of money with its unit");
    }
  }
  if (!qlo || !qhi) return std::nullopt;
  if (qlo->kind != qhi->kind) {
    r.error(hi->origin, child_path(p_path, "max"),
            "expected the same kind of quantity as min, found '" + hi->text + "'");
    return std::nullopt;
  }
  if (!(qlo->value < qhi->value)) {
    r.error(hi->origin, child_path(p_path, "max"),
            "expected a value above min (" + lo->text + "), found '" + hi->text + "'");
    return std::nullopt;
  }
  return LhsParameter{params.keys[i], params.key_origins[i], p_path, *qlo, *qhi};
}

void read_lhs(Reader& r, const ConfigNode& n, PointParts& parts) {
  if (!r.expect_map(n, "lhs", "a map with samples and parameters")) return;
  r.check_keys(n, "lhs", kLhsKeys);
  if (const ConfigNode* s = r.required(n, "lhs", "samples")) {
    parts.lhs_samples = r.integer(*s, "lhs.samples", 1, 100'000, "an integer from 1 to 100000").value_or(0);
  }
  const ConfigNode* params = r.required(n, "lhs", "parameters");
  if (!params || !r.expect_map(*params, "lhs.parameters", "a map of dotted scenario paths to {min, max}")) return;
  for (std::size_t i = 0; i < params->keys.size(); ++i) {
    if (auto p = read_lhs_parameter(r, *params, i)) parts.lhs_parameters.push_back(std::move(*p));
  }
}

// Planning a sweep holds every point and every (point, replication) in memory: a spec that asks for more than
// these is refused before anything is expanded (a grid of ten axes of ten values is ten billion points).
constexpr std::int64_t kMaxPoints = 100'000;
constexpr std::int64_t kMaxPlannedReplications = 10'000'000;

// Refuses a spec whose points or planned replications exceed the limits, located at the key that multiplies them.
bool within_limits(Reader& r, const ConfigNode& root, const PointParts& parts, const SweepSpec& spec) {
  std::int64_t points = std::max<std::int64_t>(1, static_cast<std::int64_t>(parts.whatifs.size()));
  for (const GridAxis& axis : parts.axes) {
    points *= std::max<std::int64_t>(1, static_cast<std::int64_t>(axis.values.size()));
    if (points > kMaxPoints) break;
  }
  if (points <= kMaxPoints && !parts.lhs_parameters.empty()) points *= std::max<std::int64_t>(1, parts.lhs_samples);
  const auto at = [&](std::initializer_list<const char*> keys) -> std::pair<const Origin*, std::string> {
    for (const char* key : keys) {
      if (const auto i = root.index_of(key)) return {&root.key_origins[*i], key};
    }
    return {&root.origin, ""};
  };
  if (points > kMaxPoints) {
    const auto [origin, key] = at({"grid", "lhs", "whatifs"});
    r.error(*origin, key, "the spec makes more than " + std::to_string(kMaxPoints) +
                              " points (what-ifs x grid values x lhs samples); split it into several sweeps");
    return false;
  }
  const std::int64_t planned = points * spec.replications;  // <= 1e5 x 1e6: no overflow
  if (planned > kMaxPlannedReplications) {
    const auto [origin, key] = at({"replications", "grid", "lhs", "whatifs"});
    r.error(*origin, key,
            "the spec plans " + std::to_string(points) + " points x " + std::to_string(spec.replications) +
                " replications = " + std::to_string(planned) + " replications, more than the " +
                std::to_string(kMaxPlannedReplications) + " a sweep may plan; split it into several sweeps");
    return false;
  }
  return true;
}

// The points: whatifs x grid x lhs, the last grid path varying fastest.
std::vector<Point> expand_points(PointParts parts, std::uint64_t seed) {
  if (parts.whatifs.empty()) parts.whatifs.push_back({"", {}});
  std::vector<std::vector<const Override*>> grid_combos{{}};
  for (const GridAxis& axis : parts.axes) {
    std::vector<std::vector<const Override*>> next;
    for (const auto& combo : grid_combos) {
      for (const Override& value : axis.values) {
        next.push_back(combo);
        next.back().push_back(&value);
      }
    }
    grid_combos = std::move(next);
  }
  const auto& lhs = parts.lhs_parameters;
  const LatinHypercube hypercube(lhs.empty() ? 0 : parts.lhs_samples, static_cast<std::int64_t>(lhs.size()), seed);
  const std::int64_t lhs_count = lhs.empty() ? 1 : parts.lhs_samples;
  std::vector<Point> points;
  for (const WhatIf& w : parts.whatifs) {
    for (const auto& combo : grid_combos) {
      for (std::int64_t s = 0; s < lhs_count; ++s) {
        Point point;
        point.index = static_cast<std::int64_t>(points.size());
        point.overrides = parts.common;
        point.overrides.insert(point.overrides.end(), w.overrides.begin(), w.overrides.end());
        std::string name = w.name;
        for (const Override* o : combo) {
          point.overrides.push_back(*o);
          name += (name.empty() ? "" : "/") + o->text;
        }
        for (std::size_t d = 0; d < lhs.size(); ++d) {
          const LhsParameter& p = lhs[d];
          const double v = p.min.value + hypercube.value(s, static_cast<std::int64_t>(d)) * (p.max.value - p.min.value);
          point.overrides.push_back({p.path + "=" + quantity_text(p.min.kind, v), p.origin, p.spec_path});
        }
        if (!lhs.empty()) name += (name.empty() ? "" : "/") + ("lhs-" + std::to_string(s));
        point.name = name.empty() ? "baseline" : name;
        points.push_back(std::move(point));
      }
    }
  }
  return points;
}

}  // namespace

SpecResult load_sweep_spec(const std::string& path) {
  Diagnostics diagnostics;
  SpecResult result;
  std::optional<SpecRoot> read = read_spec_root(path, "a sweep spec (a map with name, scenario, ...)", diagnostics);
  if (!read) {
    result.errors = diagnostics.sorted();
    return result;
  }
  const ConfigNode* root = &read->root;
  Reader r(diagnostics);
  r.check_keys(*root, "", kSpecKeys);
  SweepSpec spec;
  spec.source_path = path;
  spec.text = read->text;
  read_settings(r, *root, spec);
  PointParts parts;
  if (const ConfigNode* n = root->find("set")) parts.common = read_set(r, *n, "set");
  if (const ConfigNode* n = root->find("whatifs")) parts.whatifs = read_whatifs(r, *n);
  if (const ConfigNode* n = root->find("grid")) parts.axes = read_grid(r, *n);
  if (const ConfigNode* n = root->find("lhs")) read_lhs(r, *n, parts);
  if (!diagnostics.empty() || !within_limits(r, *root, parts, spec)) {
    result.errors = diagnostics.sorted();
    return result;
  }
  spec.points = expand_points(std::move(parts), spec.seed);
  result.spec = std::move(spec);
  return result;
}

std::vector<std::string> override_texts(const Point& point) {
  std::vector<std::string> out;
  for (const Override& o : point.overrides) out.push_back(o.text);
  return out;
}

}  // namespace gwsim::sweep
