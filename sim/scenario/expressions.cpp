// Compiled with -ffp-contract=off (sim/scenario/CMakeLists.txt): the parameters of the distributions (the normal's
// CDF at its bounds, the log-normal's sigma) are computed here and must be the same on every machine.
#include "sim/scenario/expressions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <tuple>
#include <utility>

#include "sim/scenario/fields.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/sampling.hpp"
#include "sim/scenario/shapes.hpp"
#include "sim/scenario/units.hpp"

namespace gwsim {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// ---- Positions.

// The position of offset in the node's text, when the text is written verbatim on its line; else the node's.
Origin origin_at(const ConfigNode& node, std::size_t offset) {
  Origin o = node.origin;
  if (!o.source || offset == 0) return o;
  const int start = o.column + (node.quoted ? 1 : 0);
  const std::string line = o.source->line_text(o.line);
  const auto begin = static_cast<std::size_t>(start - 1);
  if (begin + node.text.size() <= line.size() && line.compare(begin, node.text.size(), node.text) == 0) {
    o.column = start + static_cast<int>(offset);
  }
  return o;
}

ConfigNode piece_node(const ConfigNode& node, const Piece& piece) {
  ConfigNode n;
  n.kind = ConfigNode::Kind::kScalar;
  n.text = piece.text;
  n.origin = origin_at(node, piece.offset);
  return n;
}

// ---- What an expression stands for.

Quantity quantity_of(Kind kind) {
  switch (kind) {
    case Kind::kPower:
      return Quantity::kPower;
    case Kind::kDuration:
      return Quantity::kDuration;
    case Kind::kMoney:
      return Quantity::kMoney;
    case Kind::kDate:
      return Quantity::kDate;
    case Kind::kPlatform:
    case Kind::kChoice:
    case Kind::kName:
    case Kind::kId:
    case Kind::kText:
    case Kind::kPath:
      return Quantity::kName;
    default:
      return Quantity::kNumber;
  }
}

std::string_view kind_of(Quantity q) {
  switch (q) {
    case Quantity::kNumber:
      return "a number";
    case Quantity::kPower:
      return "a power";
    case Quantity::kDuration:
      return "a duration";
    case Quantity::kMoney:
      return "an amount of money";
    case Quantity::kDate:
      return "a date";
    case Quantity::kName:
      return "a name";
  }
  return "a value";
}

std::string_view what_of(Quantity q) {
  switch (q) {
    case Quantity::kNumber:
      return "a number (or a percentage such as 15%)";
    case Quantity::kPower:
      return "a power with a unit (W, kW, MW, GW)";
    case Quantity::kDuration:
      return "a duration with a unit (days, weeks, months, years)";
    case Quantity::kMoney:
      return "an amount of money such as $250K, $5.9M or $10B";
    case Quantity::kDate:
      return "a date YYYY-MM-DD";
    case Quantity::kName:
      return "a name";
  }
  return "a value";
}

// The value an expression's arguments are read as: a field's (kind, unit and range), or, for a shared draw and the
// offset of DATE + X, a plain quantity of any sign.
struct Target {
  Quantity quantity = Quantity::kNumber;
  std::optional<ValueSpec> field;
  std::string what;  // what the value is expected to be, in messages

  static Target of_field(const ValueSpec& spec) {
    Target t;
    t.quantity = quantity_of(spec.kind);
    t.field = spec;
    t.what = spec.kind == Kind::kPlatform ? std::string("a platform id") : expected_text(spec);
    return t;
  }
  static Target plain(Quantity q) {
    Target t;
    t.quantity = q;
    t.what = what_of(q);
    return t;
  }
};

// A value in a message.
std::string value_text(Quantity q, double value) { return format_value(q, value, 6); }

// ---- Reading arguments.

// A number or a percentage, any sign.
std::optional<double> read_plain_number(Reader& r, const ConfigNode& arg, const std::string& path) {
  const units::Parsed parsed = units::parse_fraction(arg.text);
  if (!parsed.value) {
    r.expected(arg, path, what_of(Quantity::kNumber), parsed.hint);
    return std::nullopt;
  }
  return parsed.value;
}

// Reads an argument that is a spread or an offset (SD, DATE + X): the target's unit, any sign; durations for dates.
std::optional<double> read_plain(Reader& r, const ConfigNode& arg, const std::string& path, Quantity q) {
  const Range none;
  switch (q) {
    case Quantity::kNumber:
      return read_plain_number(r, arg, path);
    case Quantity::kPower:
      return r.power(arg, path, none);
    case Quantity::kDuration:
    case Quantity::kDate:
      return r.duration(arg, path, none);
    case Quantity::kMoney:
      return r.money(arg, path, none);
    case Quantity::kName:
      break;
  }
  return std::nullopt;
}

// Reads an argument that is a value of the target (a bound, a mean, a discrete value): the field's reader and range.
std::optional<double> read_argument(Reader& r, const ConfigNode& arg, const std::string& path, const Target& t) {
  if (t.quantity == Quantity::kDate) {
    if (auto d = r.date(arg, path)) return static_cast<double>(d->days);
    return std::nullopt;
  }
  if (!t.field) return read_plain(r, arg, path, t.quantity);
  if (auto v = read_value(r, *t.field, arg, path)) return v->number;
  return std::nullopt;
}

// Reads one possible name (a discrete choice), positioned where it is written.
std::optional<std::string> read_name(Reader& r, const ConfigNode& value, const std::string& path, const Target& t) {
  if (!t.field) return r.string(value, path, true);
  if (auto v = read_value(r, *t.field, value, path)) return v->text;
  return std::nullopt;
}

// "a number >= 1.0" for the side of the target's range that value falls out of, or empty when it is inside.
std::string outside(const Target& t, double value) { return t.field ? outside_text(*t.field, value) : std::string(); }

// Checks that the values a distribution can take, [lower, upper], fit the target's range; the error is at the node.
bool check_support(Reader& r, const ConfigNode& node, const std::string& path, const Target& t, double lower,
                   double upper, const std::string& lower_note, const std::string& upper_note) {
  std::string what = outside(t, lower);
  if (!what.empty()) {
    r.expected(node, path, what, lower_note);
    return false;
  }
  what = outside(t, upper);
  if (!what.empty()) {
    r.expected(node, path, what, upper_note);
    return false;
  }
  return true;
}

struct Built {
  Distribution distribution;
  DrawnValue representative;
  std::string label;
};

// One call's arguments, positioned in the expression, and how to read them.
struct Arguments {
  Reader& r;
  const ConfigNode& node;  // the whole expression
  const std::string& path;
  const Call& call;
  const Target& t;
  std::vector<ConfigNode> args;  // each argument, positioned where it is written

  Arguments(Reader& reader, const ConfigNode& expression, const std::string& dotted, const Call& c,
            const Target& target)
      : r(reader), node(expression), path(dotted), call(c), t(target) {
    args.reserve(call.args.size());
    for (const Piece& p : call.args) args.push_back(piece_node(node, p));
  }
  std::size_t size() const { return args.size(); }
  std::optional<double> value(std::size_t i) const { return read_argument(r, args[i], path, t); }
  std::optional<double> spread(std::size_t i) const { return read_plain(r, args[i], path, t.quantity); }
  // "expected WHAT, found '<argument i>'".
  void expected(std::size_t i, const std::string& what) const { r.expected(args[i], path, what); }
  // "normal takes 2 arguments (MEAN, SD) ..., found 3 arguments", at the function's name.
  std::nullopt_t count_error(const std::string& takes) const {
    const std::size_t n = args.size();
    r.error(piece_node(node, call.name).origin, path,
            call.name.text + " takes " + takes + ", found " + std::to_string(n) + " argument" + (n == 1 ? "" : "s"));
    return std::nullopt;
  }
};

std::optional<Built> build_triangular(const Arguments& a, Built out) {
  if (a.size() != 3) return a.count_error("3 arguments (MIN, MODE, MAX)");
  auto lo = a.value(0);
  auto mode = a.value(1);
  auto hi = a.value(2);
  if (!lo || !mode || !hi) return std::nullopt;
  if (*mode < *lo) {
    a.expected(1, "MODE >= MIN (" + a.call.args[0].text + ") in triangular(MIN, MODE, MAX)");
    return std::nullopt;
  }
  if (*hi < *mode) {
    a.expected(2, "MAX >= MODE (" + a.call.args[1].text + ") in triangular(MIN, MODE, MAX)");
    return std::nullopt;
  }
  if (*hi == *lo) {
    a.expected(2, "MAX > MIN (" + a.call.args[0].text + ") in triangular(MIN, MODE, MAX)");
    return std::nullopt;
  }
  Distribution& d = out.distribution;
  d.a = *lo;
  d.b = *mode;
  d.c = *hi;
  d.lower = *lo;
  d.upper = *hi;
  out.label = "mode";
  out.representative.number = *mode;
  return out;
}

std::optional<Built> build_uniform(const Arguments& a, Built out) {
  if (a.size() != 2) return a.count_error("2 arguments (MIN, MAX)");
  auto lo = a.value(0);
  auto hi = a.value(1);
  if (!lo || !hi) return std::nullopt;
  if (*hi <= *lo) {
    a.expected(1, "MAX > MIN (" + a.call.args[0].text + ") in uniform(MIN, MAX)");
    return std::nullopt;
  }
  Distribution& d = out.distribution;
  d.a = *lo;
  d.b = *hi;
  d.lower = *lo;
  d.upper = *hi;
  out.label = "midpoint";
  out.representative.number = *lo + 0.5 * (*hi - *lo);
  return out;
}

// normal(MEAN, SD) is truncated to MEAN +- 3 SD, which must fit the target's range; normal(MEAN, SD, MIN, MAX) to
// [MIN, MAX].
std::optional<Built> build_normal(const Arguments& a, Built out) {
  const std::size_t n = a.size();
  if (n != 2 && n != 4) return a.count_error("2 arguments (MEAN, SD) or 4 (MEAN, SD, MIN, MAX)");
  const std::string form = n == 4 ? "normal(MEAN, SD, MIN, MAX)" : "normal(MEAN, SD)";
  auto mean = a.value(0);
  auto sd = a.spread(1);
  std::optional<double> lo;
  std::optional<double> hi;
  if (n == 4) {
    lo = a.value(2);
    hi = a.value(3);
    if (!lo || !hi) return std::nullopt;
  }
  if (!mean || !sd) return std::nullopt;
  if (*sd <= 0.0) {
    a.expected(1, "SD > 0 in " + form);
    return std::nullopt;
  }
  if (n == 4) {
    if (*lo > *mean) {
      a.expected(2, "MIN <= MEAN (" + a.call.args[0].text + ") in " + form);
      return std::nullopt;
    }
    if (*hi < *mean) {
      a.expected(3, "MAX >= MEAN (" + a.call.args[0].text + ") in " + form);
      return std::nullopt;
    }
    if (*hi == *lo) {
      a.expected(3, "MAX > MIN (" + a.call.args[2].text + ") in " + form);
      return std::nullopt;
    }
  } else {
    const Quantity q = a.t.quantity;
    lo = *mean - 3.0 * *sd;
    hi = *mean + 3.0 * *sd;
    if (!check_support(a.r, a.node, a.path, a.t, *lo, *hi,
                       "its MEAN - 3 SD is " + value_text(q, *lo) + "; bound it with normal(MEAN, SD, MIN, MAX)",
                       "its MEAN + 3 SD is " + value_text(q, *hi) + "; bound it with normal(MEAN, SD, MIN, MAX)")) {
      return std::nullopt;
    }
  }
  Distribution& d = out.distribution;
  d.a = *mean;
  d.b = *sd;
  d.c = *lo;
  d.d = *hi;
  d.cdf_lo = sampling::normal_cdf((*lo - *mean) / *sd);
  d.cdf_hi = sampling::normal_cdf((*hi - *mean) / *sd);
  d.lower = *lo;
  d.upper = *hi;
  out.label = "mean";
  out.representative.number = *mean;
  return out;
}

std::optional<Built> build_lognormal(const Arguments& a, Built out) {
  if (a.t.quantity == Quantity::kDate) {
    a.r.error(piece_node(a.node, a.call.name).origin, a.path,
              "lognormal does not apply to dates; write DATE + lognormal(MEDIAN, P90) with durations");
    return std::nullopt;
  }
  if (a.size() != 2) return a.count_error("2 arguments (MEDIAN, P90)");
  auto median = a.value(0);
  auto p90 = a.value(1);
  if (!median || !p90) return std::nullopt;
  if (*median <= 0.0) {
    a.expected(0, "MEDIAN > 0 in lognormal(MEDIAN, P90)");
    return std::nullopt;
  }
  if (*p90 <= *median) {
    a.expected(1, "P90 > MEDIAN (" + a.call.args[0].text + ") in lognormal(MEDIAN, P90)");
    return std::nullopt;
  }
  if (!check_support(a.r, a.node, a.path, a.t, std::nextafter(0.0, 1.0), kInfinity,
                     "a log-normal value can be anything above 0", "a log-normal value has no upper bound")) {
    return std::nullopt;
  }
  Distribution& d = out.distribution;
  d.a = sampling::log(*median);
  d.b = sampling::log(*p90 / *median) / sampling::kZ90;
  d.lower = 0.0;
  d.upper = kInfinity;
  out.label = "median";
  out.representative.number = *median;
  return out;
}

// discrete(V1 @ W1, ...): values of the target (names, for a platform or a cooling kind), weights > 0 normalised.
std::optional<Built> build_discrete(const Arguments& a, Built out) {
  if (a.size() == 0) return a.count_error("one or more arguments (VALUE @ WEIGHT, ...)");
  Distribution& d = out.distribution;
  const bool names = a.t.quantity == Quantity::kName;
  bool ok = true;
  std::vector<double> weights;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const Piece& p = a.call.args[i];
    const std::size_t at = p.text.rfind('@');
    const Piece value = trimmed(p.text, 0, at == std::string::npos ? 0 : at);
    const Piece weight = trimmed(p.text, at == std::string::npos ? 0 : at + 1, p.text.size());
    if (at == std::string::npos || value.text.empty() || weight.text.empty()) {
      a.expected(i, "VALUE @ WEIGHT in discrete(VALUE @ WEIGHT, ...)");
      ok = false;
      continue;
    }
    const ConfigNode value_node = piece_node(a.node, Piece{value.text, p.offset + value.offset});
    const ConfigNode weight_node = piece_node(a.node, Piece{weight.text, p.offset + weight.offset});
    const units::Parsed w = units::parse_fraction(weight.text);
    if (!w.value || *w.value <= 0.0) {
      a.r.expected(weight_node, a.path, "a weight > 0 (a number or a percentage)", w.hint);
      ok = false;
    } else {
      weights.push_back(*w.value);
    }
    if (names) {
      if (auto name = read_name(a.r, value_node, a.path, a.t)) d.names.push_back(*name); else ok = false;
    } else if (auto v = read_argument(a.r, value_node, a.path, a.t)) {
      d.values.push_back(*v);
    } else {
      ok = false;
    }
    d.origins.push_back(value_node.origin);
  }
  if (!ok) return std::nullopt;
  const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (!std::isfinite(total)) {
    a.r.expected(a.node, a.path, "weights with a finite sum");
    return std::nullopt;
  }
  double running = 0.0;
  for (double w : weights) {
    running += w;
    d.cumulative.push_back(running / total);
  }
  d.cumulative.back() = 1.0;
  out.label = "first value";
  if (names) {
    out.representative.name = d.names.front();
  } else {
    d.lower = *std::min_element(d.values.begin(), d.values.end());
    d.upper = *std::max_element(d.values.begin(), d.values.end());
    out.representative.number = d.values.front();
  }
  return out;
}

// Builds the distribution a call states, reading its arguments as the target says.
std::optional<Built> build(Reader& r, const ConfigNode& node, const std::string& path, const Call& call,
                           Family family, const Target& t) {
  if (t.quantity == Quantity::kName && family != Family::kDiscrete) {
    r.expected(node, path, t.what, "only discrete(...) or draw(NAME) can choose among names");
    return std::nullopt;
  }
  const Arguments a(r, node, path, call, t);
  Built start;
  start.distribution.family = family;
  start.distribution.quantity = t.quantity;
  std::optional<Built> out;
  switch (family) {
    case Family::kTriangular:
      out = build_triangular(a, std::move(start));
      break;
    case Family::kUniform:
      out = build_uniform(a, std::move(start));
      break;
    case Family::kNormal:
      out = build_normal(a, std::move(start));
      break;
    case Family::kLognormal:
      out = build_lognormal(a, std::move(start));
      break;
    case Family::kDiscrete:
      out = build_discrete(a, std::move(start));
      break;
  }
  if (!out) return std::nullopt;
  const Quantity q = t.quantity;
  if (q == Quantity::kDate) out->representative.number = round_date(out->representative.number);
  out->representative.text =
      q == Quantity::kName ? out->representative.name : value_text(q, out->representative.number);
  return out;
}

// ---- The pass.

class ExpressionsPass {
 public:
  explicit ExpressionsPass(Diagnostics& diagnostics) : r_(diagnostics) {}

  std::vector<ValueSlot> run(ConfigNode& root) {
    if (!root.is_map()) return {};
    // Shared draws first: any value may use them.
    if (ConfigNode* draws = root.find("draws")) read_draws(*draws);
    visit_map(scenario_table(), root, "");
    return in_document_order();
  }

 private:
  void visit_map(const Table& table, ConfigNode& map, const std::string& path) {
    const std::optional<std::string> variant = variant_of(table, map);
    for (const Field& f : table.fields) {
      if (!f.variant.empty() && variant != f.variant) continue;
      if (ConfigNode* child = map.find(f.key)) visit_field(f, *child, child_path(path, f.key));
    }
  }

  void visit_field(const Field& f, ConfigNode& node, const std::string& path) {
    switch (f.shape) {
      case Shape::kValue:
        visit_value(f, node, path);
        break;
      case Shape::kProfile: {
        const ProfileShape shape = profile_shape(f, node, path, nullptr);
        if (shape.form == ProfileShape::Form::kOne) visit_value(f, node, path);
        if (shape.form != ProfileShape::Form::kList) break;
        ConfigNode& list = *node.find(shape.hourly ? "hourly" : "monthly");
        for (std::size_t i = 0; i < list.children.size(); ++i) {
          visit_value(f, list.children[i], item_path(shape.list_path, i));
        }
        break;
      }
      case Shape::kSchedule: {
        const ScheduleForm form = schedule_shape(f, node, path, nullptr);
        if (form == ScheduleForm::kOne) visit_value(f, node, path);
        if (form == ScheduleForm::kPoints) visit_items(*f.table, node, path);
        break;
      }
      case Shape::kList:
        if (!list_shape(f, node, path, nullptr)) break;
        for (std::size_t i = 0; i < node.children.size(); ++i) visit_value(f, node.children[i], item_path(path, i));
        break;
      case Shape::kMap:
        if (map_shape(f, node, path, nullptr)) visit_map(*f.table, node, path);
        break;
      case Shape::kItems:
        if (items_shape(f, node, path, nullptr)) visit_items(*f.table, node, path);
        break;
      case Shape::kDraws:
      case Shape::kExtends:
      case Shape::kCatalog:
      case Shape::kSources:
        break;
    }
  }

  void visit_items(const Table& table, ConfigNode& sequence, const std::string& path) {
    for (std::size_t i = 0; i < sequence.children.size(); ++i) {
      ConfigNode& item = sequence.children[i];
      if (item_shape(table, item, path, nullptr)) visit_map(table, item, item_path(path, i));
    }
  }

  // A value of field f at node: a slot when it is written as a distribution and the field takes one.
  void visit_value(const Field& f, ConfigNode& node, const std::string& path) {
    if (!f.distribution || !node.is_scalar() || !looks_uncertain(node.text)) return;
    const std::optional<std::size_t> slot = read_expression(node, path, Target::of_field(f.value()), f.value());
    node.slot = slot ? static_cast<std::int32_t>(*slot) : ConfigNode::kBrokenSlot;
    if (slot) nodes_.push_back({*slot, &node});
  }

  std::optional<std::size_t> resolve_draw(const ConfigNode& node, const std::string& path, const std::string& name,
                                          std::size_t name_offset) {
    if (const auto it = draws_.find(name); it != draws_.end()) return it->second;
    if (std::find(failed_draws_.begin(), failed_draws_.end(), name) != failed_draws_.end()) return std::nullopt;
    const Origin at = origin_at(node, name_offset);
    if (draw_order_.empty() && failed_draws_.empty()) {
      r_.error(at, path,
               "unknown draw '" + name + "': no draws are defined (name them under the top-level key draws:)");
      return std::nullopt;
    }
    std::vector<std::string_view> names(draw_order_.begin(), draw_order_.end());
    for (const std::string& f : failed_draws_) names.push_back(f);
    r_.error(at, path, "unknown draw '" + name + "'" + suggestion_suffix(name, names));
    return std::nullopt;
  }

  void read_draws(const ConfigNode& draws) {
    if (!r_.expect_map(draws, "draws", "a map of draw names to distributions")) return;
    for (std::size_t i = 0; i < draws.keys.size(); ++i) {
      const std::string& name = draws.keys[i];
      const ConfigNode& node = draws.children[i];
      const std::string path = child_path("draws", name);
      bool valid_name = !name.empty() && name.front() >= 'a' && name.front() <= 'z';
      for (char c : name) valid_name = valid_name && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
      if (!valid_name) {
        r_.error(draws.key_origins[i], path,
                 "expected a draw name of lowercase letters, digits and '_', starting with a letter, found '" + name +
                     "'");
        continue;
      }
      if (auto slot = read_draw(name, node, path)) {
        draws_[name] = *slot;
        draw_order_.push_back(name);
      } else {
        failed_draws_.push_back(name);
      }
    }
  }

  std::optional<std::size_t> read_draw(const std::string& name, const ConfigNode& node, const std::string& path) {
    if (!node.is_scalar() || !looks_uncertain(node.text)) {
      r_.expected(node, path, "a distribution such as triangular(MIN, MODE, MAX)");
      return std::nullopt;
    }
    const ParsedExpression parsed = parse_expression(node.text);
    if (!parsed.expression) {
      r_.error(origin_at(node, parsed.error_offset), path, parsed.error);
      return std::nullopt;
    }
    const Expression& e = *parsed.expression;
    if (e.date) {
      r_.expected(node, path,
                  "a distribution (a shared draw cannot be DATE + ...; write DATE + draw(" + name +
                      ") where it is used)");
      return std::nullopt;
    }
    const std::optional<Family> family = family_named(e.call.name.text);
    if (!family) {
      const ConfigNode at = piece_node(node, e.call.name);
      if (e.call.name.text == "draw") {
        r_.error(at.origin, path, "a shared draw is a distribution; it cannot take another draw");
      } else {
        r_.error(at.origin, path,
                 "unknown distribution '" + e.call.name.text + "'" +
                     suggestion_suffix(e.call.name.text, {"triangular", "uniform", "normal", "lognormal", "discrete"}));
      }
      return std::nullopt;
    }
    // The kind of quantity is the first argument's (its value, for discrete).
    Quantity q = Quantity::kNumber;
    if (!e.call.args.empty()) {
      std::string first = e.call.args.front().text;
      if (*family == Family::kDiscrete && first.rfind('@') != std::string::npos) {
        first = trimmed(first, 0, first.rfind('@')).text;
      }
      q = classify(first);
      if (q == Quantity::kName && *family != Family::kDiscrete) {
        r_.expected(piece_node(node, e.call.args.front()), path,
                    "a number, a percentage, a power, a duration, an amount of money or a date");
        return std::nullopt;
      }
    }
    std::optional<Built> built = build(r_, node, path, e.call, *family, Target::plain(q));
    if (!built) return std::nullopt;
    ValueSlot v;
    v.path = path;
    v.expression = node.text;
    v.origin = node.origin;
    v.quantity = q;
    v.shared = true;
    v.distribution = std::move(built->distribution);
    v.stream = sampling::fnv1a64(path);
    v.label = built->label;
    v.representative = built->representative;
    slots_.push_back(std::move(v));
    return slots_.size() - 1;
  }

  // An expression in place of a value of the field: its slot, or nullopt after reporting what is wrong.
  std::optional<std::size_t> read_expression(const ConfigNode& node, const std::string& path, const Target& t,
                                             const ValueSpec& spec) {
    const ParsedExpression parsed = parse_expression(node.text);
    if (!parsed.expression) {
      r_.error(origin_at(node, parsed.error_offset), path, parsed.error);
      return std::nullopt;
    }
    const Expression& e = *parsed.expression;
    const Call& call = e.call;
    const bool is_draw = call.name.text == "draw";
    if (!is_draw && !family_named(call.name.text)) {
      r_.error(piece_node(node, call.name).origin, path,
               "unknown distribution '" + call.name.text + "'" + suggestion_suffix(call.name.text, function_names()));
      return std::nullopt;
    }
    if (is_draw && call.args.size() != 1) {
      r_.error(piece_node(node, call.name).origin, path,
               "draw takes 1 argument (the NAME of a shared draw), found " + std::to_string(call.args.size()));
      return std::nullopt;
    }
    ValueSlot v;
    v.path = path;
    v.expression = node.text;
    v.origin = node.origin;
    v.quantity = t.quantity;
    v.spec = spec;
    v.stream = sampling::fnv1a64(path);
    const bool ok = e.date   ? read_offset(node, path, e, t, v)
                    : is_draw ? read_shared_use(node, path, call, t, v)
                              : read_own(node, path, call, t, v);
    if (!ok) return std::nullopt;
    // The representative stands for the value while the scenario is checked: the field must take it (a DATE + X
    // can land outside the years a date may have).
    const std::string problem = value_problem(v, v.representative.number, shown_checked(v));
    if (!problem.empty()) {
      r_.error(node.origin, path, problem);
      return std::nullopt;
    }
    slots_.push_back(std::move(v));
    return slots_.size() - 1;
  }

  // DATE + X: X is a distribution of durations or draw(NAME) of one.
  bool read_offset(const ConfigNode& node, const std::string& path, const Expression& e, const Target& t,
                   ValueSlot& v) {
    const Call& call = e.call;
    if (t.quantity != Quantity::kDate) {
      r_.expected(node, path, t.what);
      return false;
    }
    const std::optional<models::Date> base = r_.date(piece_node(node, *e.date), path);
    std::optional<double> representative_offset;
    if (call.name.text == "draw") {
      const std::optional<std::size_t> d = resolve_draw(node, path, call.args[0].text, call.args[0].offset);
      if (!d) return false;
      const ValueSlot& shared = slots_[*d];
      if (shared.quantity != Quantity::kDuration) {
        const ConfigNode call_node = piece_node(node, trimmed(node.text, call.name.offset, node.text.size()));
        r_.expected(call_node, path, "a duration after '" + e.date->text + " +'",
                    "draws." + call.args[0].text + " is " + std::string(kind_of(shared.quantity)));
        return false;
      }
      v.draw = *d;
      v.label = shared.label;
      representative_offset = shared.representative.number;
    } else {
      std::optional<Built> built =
          build(r_, node, path, call, *family_named(call.name.text), Target::plain(Quantity::kDuration));
      if (!built) return false;
      v.distribution = std::move(built->distribution);
      v.label = built->label;
      representative_offset = built->representative.number;
    }
    if (!base || !representative_offset) return false;
    v.offset = true;
    v.base = *base;
    v.representative.number = offset_day(*base, *representative_offset);
    v.representative.text = format_value(Quantity::kDate, v.representative.number);
    return true;
  }

  // draw(NAME): the shared draw must be of the target's kind, and every value it can take must fit the target.
  bool read_shared_use(const ConfigNode& node, const std::string& path, const Call& call, const Target& t,
                       ValueSlot& v) {
    const std::optional<std::size_t> d = resolve_draw(node, path, call.args[0].text, call.args[0].offset);
    if (!d) return false;
    const ValueSlot& shared = slots_[*d];
    const std::string draw_path = "draws." + call.args[0].text;
    if (shared.quantity != t.quantity) {
      r_.expected(node, path, t.what, draw_path + " is " + std::string(kind_of(shared.quantity)));
      return false;
    }
    const Distribution& dist = *shared.distribution;
    if (t.quantity == Quantity::kName) {
      bool ok = true;
      for (std::size_t i = 0; i < dist.names.size(); ++i) {
        ConfigNode value;
        value.kind = ConfigNode::Kind::kScalar;
        value.text = dist.names[i];
        value.origin = dist.origins[i];
        ok = read_name(r_, value, path, t).has_value() && ok;
      }
      if (!ok) return false;
    } else if (!check_support(r_, node, path, t, dist.lower, dist.upper,
                              draw_path + " can be as low as " + value_text(t.quantity, dist.lower),
                              std::isfinite(dist.upper)
                                  ? draw_path + " can be as high as " + value_text(t.quantity, dist.upper)
                                  : draw_path + " has no upper bound")) {
      return false;
    }
    v.draw = *d;
    v.label = shared.label;
    v.representative = shared.representative;
    return true;
  }

  // The field's own distribution.
  bool read_own(const ConfigNode& node, const std::string& path, const Call& call, const Target& t, ValueSlot& v) {
    std::optional<Built> built = build(r_, node, path, call, *family_named(call.name.text), t);
    if (!built) return false;
    v.distribution = std::move(built->distribution);
    v.label = built->label;
    v.representative = built->representative;
    return true;
  }

  // The slots sorted by where they are written, shared draws' indices and the nodes' marks renumbered.
  std::vector<ValueSlot> in_document_order() {
    std::vector<std::size_t> order(slots_.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    auto key = [this](std::size_t i) {
      const Origin& o = slots_[i].origin;
      return std::make_tuple(o.source ? o.source->rank : 0, o.line, o.column);
    };
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
    std::vector<std::size_t> position(slots_.size());
    for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
    std::vector<ValueSlot> out;
    out.reserve(slots_.size());
    for (std::size_t i : order) {
      ValueSlot v = std::move(slots_[i]);
      if (!v.distribution) v.draw = position[v.draw];
      out.push_back(std::move(v));
    }
    for (const auto& [slot, node] : nodes_) node->slot = static_cast<std::int32_t>(position[slot]);
    return out;
  }

  Reader r_;
  std::vector<ValueSlot> slots_;
  std::vector<std::pair<std::size_t, ConfigNode*>> nodes_;  // each field slot's node, to mark
  std::map<std::string, std::size_t, std::less<>> draws_;   // name -> index in slots_
  std::vector<std::string> draw_order_;
  std::vector<std::string> failed_draws_;
};

}  // namespace

std::vector<ValueSlot> prepare_slots(ConfigNode& root, Diagnostics& diagnostics) {
  return ExpressionsPass(diagnostics).run(root);
}

}  // namespace gwsim
