// Compiled with -ffp-contract=off (sim/scenario/CMakeLists.txt), like sampling.cpp: drawn values are computed here.
#include "sim/scenario/uncertainty.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <numeric>
#include <tuple>
#include <utility>

#include "sim/scenario/readers.hpp"
#include "sim/scenario/sampling.hpp"
#include "sim/scenario/units.hpp"

namespace gwsim {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------------------------------
// Syntax.

struct Piece {
  std::string text;        // trimmed
  std::size_t offset = 0;  // of the trimmed text in the expression
};

struct Call {
  Piece name;
  std::vector<Piece> args;
};

struct Expression {
  std::optional<Piece> date;  // DATE + ...
  Call call;
};

struct SyntaxError {
  std::size_t offset = 0;
  std::string message;
};

bool is_space(char c) { return c == ' ' || c == '\t'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
bool is_ident(char c) { return is_ident_start(c) || is_digit(c); }

std::size_t skip_spaces(std::string_view s, std::size_t i) {
  while (i < s.size() && is_space(s[i])) ++i;
  return i;
}

bool date_shape_at(std::string_view s, std::size_t i) {
  if (i + 10 > s.size()) return false;
  for (std::size_t k = 0; k < 10; ++k) {
    const char c = s[i + k];
    if (k == 4 || k == 7) {
      if (c != '-') return false;
    } else if (!is_digit(c)) {
      return false;
    }
  }
  return true;
}

// NAME( at i: the end of NAME, else npos.
std::size_t call_name_end(std::string_view s, std::size_t i) {
  if (i >= s.size() || !is_ident_start(s[i])) return std::string_view::npos;
  std::size_t j = i;
  while (j < s.size() && is_ident(s[j])) ++j;
  const std::size_t k = skip_spaces(s, j);
  return k < s.size() && s[k] == '(' ? j : std::string_view::npos;
}

Piece trimmed(std::string_view s, std::size_t begin, std::size_t end) {
  while (begin < end && is_space(s[begin])) ++begin;
  while (end > begin && is_space(s[end - 1])) --end;
  return Piece{std::string(s.substr(begin, end - begin)), begin};
}

struct Parsed {
  std::optional<Expression> expression;
  SyntaxError error;
};

Parsed parse_expression(std::string_view s) {
  Parsed out;
  Expression e;
  std::size_t i = skip_spaces(s, 0);
  if (date_shape_at(s, i)) {
    e.date = Piece{std::string(s.substr(i, 10)), i};
    i = skip_spaces(s, i + 10);
    ++i;  // '+', as looks_uncertain() checked
    i = skip_spaces(s, i);
    if (call_name_end(s, i) == std::string_view::npos) {
      const Piece rest = trimmed(s, i, s.size());
      out.error = {i, "expected a distribution or draw(NAME) after '" + e.date->text + " +', found " +
                          (rest.text.empty() ? std::string("nothing") : "'" + rest.text + "'")};
      return out;
    }
  }
  const std::size_t name_end = call_name_end(s, i);
  e.call.name = Piece{std::string(s.substr(i, name_end - i)), i};
  i = skip_spaces(s, name_end) + 1;  // past '('
  std::size_t start = i;
  int depth = 0;
  bool closed = false;
  for (; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '(') {
      ++depth;
    } else if (c == ')') {
      if (depth == 0) {
        closed = true;
        break;
      }
      --depth;
    } else if (c == ',' && depth == 0) {
      // Money written with digit groups ("$5,900,000") keeps its commas: a comma followed by a digit inside an
      // argument that starts with '$'.
      const Piece so_far = trimmed(s, start, i);
      if (!so_far.text.empty() && so_far.text.front() == '$' && i + 1 < s.size() && is_digit(s[i + 1])) continue;
      e.call.args.push_back(so_far);
      start = i + 1;
    }
  }
  if (!closed) {
    out.error = {s.size(), "expected ')' at the end of '" + std::string(trimmed(s, 0, s.size()).text) + "'"};
    return out;
  }
  const Piece last = trimmed(s, start, i);
  if (!last.text.empty() || !e.call.args.empty()) e.call.args.push_back(last);
  for (const Piece& arg : e.call.args) {
    if (arg.text.empty()) {
      out.error = {arg.offset, "expected an argument, found nothing"};
      return out;
    }
  }
  const std::size_t after = skip_spaces(s, i + 1);
  if (after < s.size()) {
    out.error = {after, "unexpected '" + trimmed(s, after, s.size()).text + "' after the closing ')'"};
    return out;
  }
  out.expression = std::move(e);
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// Positions and nodes.

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

std::string quote(const std::string& text) { return "'" + text + "'"; }

// ---------------------------------------------------------------------------------------------------------------
// Quantities.

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

// Numbers and fractions are one kind: a draw of 0.1 to 0.2 may be used for a pue or a share.
bool same_kind(Quantity a, Quantity b) { return a == b; }

// The kind of quantity a text is written as, for the arguments of a shared draw.
Quantity classify(std::string_view text) {
  if (units::parse_date(text).value) return Quantity::kDate;
  if (units::parse_duration_days(text).value) return Quantity::kDuration;
  if (units::parse_power_w(text).value) return Quantity::kPower;
  if (units::parse_money_usd(text).value) return Quantity::kMoney;
  if (units::parse_fraction(text).value) return Quantity::kNumber;
  return Quantity::kName;
}

std::string shortest(double value, int digits) {
  char buffer[64];
  const auto result = digits > 0 ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, digits)
                                 : std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// While the arguments of an expression are read with the typed readers, those readers must not take an argument for
// an expression of its own.
class SuspendUncertainty {
 public:
  explicit SuspendUncertainty(Reader& r) : r_(r), was_(r.uncertainty_suspended()) { r_.suspend_uncertainty(true); }
  ~SuspendUncertainty() { r_.suspend_uncertainty(was_); }
  SuspendUncertainty(const SuspendUncertainty&) = delete;
  SuspendUncertainty& operator=(const SuspendUncertainty&) = delete;

 private:
  Reader& r_;
  bool was_;
};

// Reads an argument that is a value of the field (a bound, a mean, a discrete value): the field's reader and range.
std::optional<double> read_value(Reader& r, const ConfigNode& arg, const std::string& path, const FieldSpec& spec);

// A number or a percentage, any sign.
std::optional<double> read_plain_number(Reader& r, const ConfigNode& arg, const std::string& path) {
  const units::Parsed parsed = units::parse_fraction(arg.text);
  if (!parsed.value) {
    r.expected(arg, path, what_of(Quantity::kNumber), parsed.hint);
    return std::nullopt;
  }
  return parsed.value;
}

// Reads an argument that is a spread or an offset (SD, DATE + X): the field's unit, any sign; durations for dates.
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

std::optional<double> read_value(Reader& r, const ConfigNode& arg, const std::string& path, const FieldSpec& spec) {
  if (spec.fraction) {
    return r.fraction(arg, path, spec.fraction_min, spec.fraction_min_exclusive, spec.fraction_min_text,
                      spec.fraction_max, spec.fraction_max_text);
  }
  if (spec.count && spec.range) return r.count(arg, path, *spec.range);
  if (spec.quantity == Quantity::kDate) {
    if (auto d = r.date(arg, path)) return static_cast<double>(d->days);
    return std::nullopt;
  }
  if (!spec.range) return read_plain(r, arg, path, spec.quantity);
  switch (spec.quantity) {
    case Quantity::kNumber:
      return r.number(arg, path, *spec.range);
    case Quantity::kPower:
      return r.power(arg, path, *spec.range);
    case Quantity::kDuration:
      return r.duration(arg, path, *spec.range);
    case Quantity::kMoney:
      return r.money(arg, path, *spec.range);
    case Quantity::kDate:
    case Quantity::kName:
      break;
  }
  return std::nullopt;
}

// "a number >= 1.0" for the side of the field's range that value falls out of, or empty when it is inside.
std::string outside(const FieldSpec& spec, double value) {
  if (spec.fraction) return fraction_outside(spec, value) ? fraction_what(spec) : std::string();
  if (!spec.range) return {};
  const Range& range = *spec.range;
  if (range.has_min && (value < range.min || (range.min_exclusive && value == range.min))) {
    return std::string(spec.kind) + (range.min_exclusive ? " > " : " >= ") + range.min_text;
  }
  if (range.has_max && value > range.max && (range.max_in_description || std::isfinite(value))) {
    return std::string(spec.kind) + " <= " + range.max_text;
  }
  return {};
}

// Checks that the values a distribution can take, [lower, upper], fit the field's range; the error is at the node.
bool check_support(Reader& r, const ConfigNode& node, const std::string& path, const FieldSpec& spec,
                   double lower, double upper, const std::string& lower_note, const std::string& upper_note) {
  std::string what = outside(spec, lower);
  if (!what.empty()) {
    r.expected(node, path, what, lower_note);
    return false;
  }
  what = outside(spec, upper);
  if (!what.empty()) {
    r.expected(node, path, what, upper_note);
    return false;
  }
  return true;
}

const std::vector<std::string_view> kFunctionNames = {"triangular", "uniform", "normal", "lognormal", "discrete",
                                                      "draw"};

std::optional<Family> family_named(std::string_view name) {
  if (name == "triangular") return Family::kTriangular;
  if (name == "uniform") return Family::kUniform;
  if (name == "normal") return Family::kNormal;
  if (name == "lognormal") return Family::kLognormal;
  if (name == "discrete") return Family::kDiscrete;
  return std::nullopt;
}

struct Built {
  Distribution distribution;
  DrawnValue representative;
  std::string label;
};

// A value in a message.
std::string value_text(Quantity q, double value) { return format_value(q, value, 6); }

double round_date(double days) { return static_cast<double>(std::llround(days)); }

// Builds the distribution a call states, reading its arguments as the spec says.
std::optional<Built> build(Reader& r, const ConfigNode& node, const std::string& path, const Call& call,
                           Family family, const FieldSpec& spec) {
  const std::size_t n = call.args.size();
  const ConfigNode name_node = piece_node(node, call.name);
  auto count_error = [&](const std::string& takes) {
    r.error(name_node.origin, path,
            call.name.text + " takes " + takes + ", found " + std::to_string(n) + " argument" + (n == 1 ? "" : "s"));
    return std::nullopt;
  };
  std::vector<ConfigNode> args;
  args.reserve(n);
  for (const Piece& p : call.args) args.push_back(piece_node(node, p));
  Built out;
  Distribution& d = out.distribution;
  d.family = family;
  d.quantity = spec.quantity;
  const Quantity q = spec.quantity;

  if (q == Quantity::kName && family != Family::kDiscrete) {
    r.expected(node, path, spec.what, "only discrete(...) or draw(NAME) can choose among names");
    return std::nullopt;
  }

  switch (family) {
    case Family::kTriangular: {
      if (n != 3) return count_error("3 arguments (MIN, MODE, MAX)");
      auto lo = read_value(r, args[0], path, spec);
      auto mode = read_value(r, args[1], path, spec);
      auto hi = read_value(r, args[2], path, spec);
      if (!lo || !mode || !hi) return std::nullopt;
      if (*mode < *lo) {
        r.expected(args[1], path, "MODE >= MIN (" + call.args[0].text + ") in triangular(MIN, MODE, MAX)");
        return std::nullopt;
      }
      if (*hi < *mode) {
        r.expected(args[2], path, "MAX >= MODE (" + call.args[1].text + ") in triangular(MIN, MODE, MAX)");
        return std::nullopt;
      }
      if (*hi == *lo) {
        r.expected(args[2], path, "MAX > MIN (" + call.args[0].text + ") in triangular(MIN, MODE, MAX)");
        return std::nullopt;
      }
      d.a = *lo;
      d.b = *mode;
      d.c = *hi;
      d.lower = *lo;
      d.upper = *hi;
      out.label = "mode";
      out.representative.number = *mode;
      break;
    }
    case Family::kUniform: {
      if (n != 2) return count_error("2 arguments (MIN, MAX)");
      auto lo = read_value(r, args[0], path, spec);
      auto hi = read_value(r, args[1], path, spec);
      if (!lo || !hi) return std::nullopt;
      if (*hi <= *lo) {
        r.expected(args[1], path, "MAX > MIN (" + call.args[0].text + ") in uniform(MIN, MAX)");
        return std::nullopt;
      }
      d.a = *lo;
      d.b = *hi;
      d.lower = *lo;
      d.upper = *hi;
      out.label = "midpoint";
      out.representative.number = *lo + 0.5 * (*hi - *lo);
      break;
    }
    case Family::kNormal: {
      if (n != 2 && n != 4) return count_error("2 arguments (MEAN, SD) or 4 (MEAN, SD, MIN, MAX)");
      auto mean = read_value(r, args[0], path, spec);
      auto sd = read_plain(r, args[1], path, q);
      std::optional<double> lo;
      std::optional<double> hi;
      if (n == 4) {
        lo = read_value(r, args[2], path, spec);
        hi = read_value(r, args[3], path, spec);
        if (!lo || !hi) return std::nullopt;
      }
      if (!mean || !sd) return std::nullopt;
      if (*sd <= 0.0) {
        r.expected(args[1], path, std::string("SD > 0 in ") + (n == 4 ? "normal(MEAN, SD, MIN, MAX)" : "normal(MEAN, SD)"));
        return std::nullopt;
      }
      if (n == 4) {
        if (*lo > *mean) {
          r.expected(args[2], path, "MIN <= MEAN (" + call.args[0].text + ") in normal(MEAN, SD, MIN, MAX)");
          return std::nullopt;
        }
        if (*hi < *mean) {
          r.expected(args[3], path, "MAX >= MEAN (" + call.args[0].text + ") in normal(MEAN, SD, MIN, MAX)");
          return std::nullopt;
        }
        if (*hi == *lo) {
          r.expected(args[3], path, "MAX > MIN (" + call.args[2].text + ") in normal(MEAN, SD, MIN, MAX)");
          return std::nullopt;
        }
      } else {
        lo = *mean - 3.0 * *sd;
        hi = *mean + 3.0 * *sd;
        if (!check_support(r, node, path, spec, *lo, *hi,
                           "its MEAN - 3 SD is " + value_text(q, *lo) +
                               "; bound it with normal(MEAN, SD, MIN, MAX)",
                           "its MEAN + 3 SD is " + value_text(q, *hi) +
                               "; bound it with normal(MEAN, SD, MIN, MAX)")) {
          return std::nullopt;
        }
      }
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
      break;
    }
    case Family::kLognormal: {
      if (q == Quantity::kDate) {
        r.error(name_node.origin, path,
                "lognormal does not apply to dates; write DATE + lognormal(MEDIAN, P90) with durations");
        return std::nullopt;
      }
      if (n != 2) return count_error("2 arguments (MEDIAN, P90)");
      auto median = read_value(r, args[0], path, spec);
      auto p90 = read_value(r, args[1], path, spec);
      if (!median || !p90) return std::nullopt;
      if (*median <= 0.0) {
        r.expected(args[0], path, "MEDIAN > 0 in lognormal(MEDIAN, P90)");
        return std::nullopt;
      }
      if (*p90 <= *median) {
        r.expected(args[1], path, "P90 > MEDIAN (" + call.args[0].text + ") in lognormal(MEDIAN, P90)");
        return std::nullopt;
      }
      if (!check_support(r, node, path, spec, std::nextafter(0.0, 1.0), kInfinity,
                         "a log-normal value can be anything above 0", "a log-normal value has no upper bound")) {
        return std::nullopt;
      }
      d.a = sampling::log(*median);
      d.b = sampling::log(*p90 / *median) / sampling::kZ90;
      d.lower = 0.0;
      d.upper = kInfinity;
      out.label = "median";
      out.representative.number = *median;
      break;
    }
    case Family::kDiscrete: {
      if (n == 0) return count_error("one or more arguments (VALUE @ WEIGHT, ...)");
      bool ok = true;
      std::vector<double> weights;
      for (std::size_t i = 0; i < n; ++i) {
        const Piece& p = call.args[i];
        const std::size_t at = p.text.rfind('@');
        if (at == std::string::npos) {
          r.expected(args[i], path, "VALUE @ WEIGHT in discrete(VALUE @ WEIGHT, ...)");
          ok = false;
          continue;
        }
        const Piece value = trimmed(p.text, 0, at);
        const Piece weight = trimmed(p.text, at + 1, p.text.size());
        if (value.text.empty() || weight.text.empty()) {
          r.expected(args[i], path, "VALUE @ WEIGHT in discrete(VALUE @ WEIGHT, ...)");
          ok = false;
          continue;
        }
        const ConfigNode value_node = piece_node(node, Piece{value.text, p.offset + value.offset});
        const ConfigNode weight_node = piece_node(node, Piece{weight.text, p.offset + weight.offset});
        const units::Parsed w = units::parse_fraction(weight.text);
        if (!w.value || *w.value <= 0.0) {
          r.expected(weight_node, path, "a weight > 0 (a number or a percentage)", w.hint);
          ok = false;
        } else {
          weights.push_back(*w.value);
        }
        if (q == Quantity::kName) {
          if (auto name = spec.name(value_node)) {
            d.names.push_back(*name);
          } else {
            ok = false;
          }
        } else if (auto v = read_value(r, value_node, path, spec)) {
          d.values.push_back(*v);
        } else {
          ok = false;
        }
        d.origins.push_back(value_node.origin);
      }
      if (!ok) return std::nullopt;
      const double total = std::accumulate(weights.begin(), weights.end(), 0.0);
      if (!std::isfinite(total)) {
        r.expected(node, path, "weights with a finite sum");
        return std::nullopt;
      }
      double running = 0.0;
      for (double w : weights) {
        running += w;
        d.cumulative.push_back(running / total);
      }
      d.cumulative.back() = 1.0;
      out.label = "first value";
      if (q == Quantity::kName) {
        out.representative.name = d.names.front();
      } else {
        d.lower = *std::min_element(d.values.begin(), d.values.end());
        d.upper = *std::max_element(d.values.begin(), d.values.end());
        out.representative.number = d.values.front();
      }
      break;
    }
  }
  if (q == Quantity::kDate) out.representative.number = round_date(out.representative.number);
  out.representative.text =
      q == Quantity::kName ? out.representative.name : value_text(q, out.representative.number);
  return out;
}

}  // namespace

std::string fraction_what(const FieldSpec& spec) {
  return std::string("a fraction in ") + (spec.fraction_min_exclusive ? "(" : "[") +
         std::string(spec.fraction_min_text) + ", " + std::string(spec.fraction_max_text) +
         "] (a number, or a percentage such as 15%)";
}

bool fraction_outside(const FieldSpec& spec, double value) {
  return value < spec.fraction_min || (spec.fraction_min_exclusive && value == spec.fraction_min) ||
         value > spec.fraction_max;
}

// ---------------------------------------------------------------------------------------------------------------

double Distribution::quantile(double u, std::size_t& index) const {
  double x = 0.0;
  index = 0;
  switch (family) {
    case Family::kTriangular:
      x = sampling::triangular_quantile(a, b, c, u);
      break;
    case Family::kUniform:
      x = sampling::uniform_quantile(a, b, u);
      break;
    case Family::kNormal:
      x = sampling::truncated_normal_quantile(a, b, c, d, cdf_lo, cdf_hi, u);
      break;
    case Family::kLognormal:
      x = sampling::lognormal_quantile(a, b, u);
      break;
    case Family::kDiscrete:
      index = sampling::discrete_index(cumulative, u);
      x = index < values.size() ? values[index] : 0.0;
      break;
  }
  return quantity == Quantity::kDate ? round_date(x) : x;
}

bool looks_uncertain(std::string_view text) {
  const std::size_t i = skip_spaces(text, 0);
  if (call_name_end(text, i) != std::string_view::npos) return true;
  if (!date_shape_at(text, i)) return false;
  const std::size_t j = skip_spaces(text, i + 10);
  return j < text.size() && text[j] == '+';
}

std::string format_value(Quantity quantity, double value, int digits) {
  const double magnitude = std::fabs(value);
  auto number = [digits](double v) { return shortest(v, digits); };
  switch (quantity) {
    case Quantity::kNumber:
      return number(value);
    case Quantity::kPower:
      if (magnitude >= 1e9) return number(value / 1e9) + " GW";
      if (magnitude >= 1e6) return number(value / 1e6) + " MW";
      if (magnitude >= 1e3) return number(value / 1e3) + " kW";
      return number(value) + " W";
    case Quantity::kDuration:
      return number(value) + (value == 1.0 ? " day" : " days");
    case Quantity::kMoney:
      if (magnitude >= 1e12) return "$" + number(value / 1e12) + "T";
      if (magnitude >= 1e9) return "$" + number(value / 1e9) + "B";
      if (magnitude >= 1e6) return "$" + number(value / 1e6) + "M";
      if (magnitude >= 1e3) return "$" + number(value / 1e3) + "K";
      return "$" + number(value);
    case Quantity::kDate:
      return models::to_iso(models::Date{static_cast<std::int32_t>(std::llround(value))});
    case Quantity::kName:
      break;
  }
  return number(value);
}

Uncertainty::Uncertainty(const std::unordered_map<const ConfigNode*, std::size_t>& index,
                         const std::vector<UncertainValue>& values, const std::vector<DrawnValue>& drawn)
    : index_(&index), sample_values_(&values), drawn_(&drawn) {}

const DrawnValue* Uncertainty::drawn(const ConfigNode& node) const {
  if (!drawn_) return nullptr;
  const auto it = index_->find(&node);
  return it == index_->end() ? nullptr : &(*drawn_)[it->second];
}

std::string Uncertainty::found(const ConfigNode& node) const {
  if (drawn_) {
    const auto it = index_->find(&node);
    if (it == index_->end()) return {};
    return quote((*drawn_)[it->second].text) + " (drawn from " + quote((*sample_values_)[it->second].expression) + ")";
  }
  const auto it = collected_.find(&node);
  if (it == collected_.end()) return {};
  const UncertainValue& v = values_[it->second];
  return quote(v.expression) + " (checked at its " + v.label + ", " + v.representative.text + ")";
}

std::size_t Uncertainty::record(UncertainValue value) {
  const std::size_t index = values_.size();
  if (value.node) collected_[value.node] = index;
  values_.push_back(std::move(value));
  return index;
}

std::optional<std::size_t> Uncertainty::resolve_draw(Reader& r, const ConfigNode& node, const std::string& path,
                                                     const std::string& name, std::size_t name_offset) {
  if (const auto it = draws_.find(name); it != draws_.end()) return it->second;
  if (std::find(failed_draws_.begin(), failed_draws_.end(), name) != failed_draws_.end()) return std::nullopt;
  const Origin at = origin_at(node, name_offset);
  if (draw_order_.empty() && failed_draws_.empty()) {
    r.error(at, path, "unknown draw '" + name + "': no draws are defined (name them under the top-level key draws:)");
    return std::nullopt;
  }
  std::vector<std::string_view> names(draw_order_.begin(), draw_order_.end());
  for (const std::string& f : failed_draws_) names.push_back(f);
  r.error(at, path, "unknown draw '" + name + "'" + suggestion_suffix(name, names));
  return std::nullopt;
}

void Uncertainty::read_draws(Reader& r, const ConfigNode& draws) {
  if (!r.expect_map(draws, "draws", "a map of draw names to distributions")) return;
  SuspendUncertainty suspend(r);
  for (std::size_t i = 0; i < draws.keys.size(); ++i) {
    const std::string& name = draws.keys[i];
    const ConfigNode& node = draws.children[i];
    const std::string path = child_path("draws", name);
    bool valid_name = !name.empty() && name.front() >= 'a' && name.front() <= 'z';
    for (char c : name) valid_name = valid_name && ((c >= 'a' && c <= 'z') || is_digit(c) || c == '_');
    if (!valid_name) {
      r.error(draws.key_origins[i], path,
              "expected a draw name of lowercase letters, digits and '_', starting with a letter, found '" + name +
                  "'");
      continue;
    }
    auto fail = [&] { failed_draws_.push_back(name); };
    if (!node.is_scalar() || !looks_uncertain(node.text)) {
      r.expected(node, path, "a distribution such as triangular(MIN, MODE, MAX)");
      fail();
      continue;
    }
    Parsed parsed = parse_expression(node.text);
    if (!parsed.expression) {
      r.error(origin_at(node, parsed.error.offset), path, parsed.error.message);
      fail();
      continue;
    }
    const Expression& e = *parsed.expression;
    if (e.date) {
      r.expected(node, path, "a distribution (a shared draw cannot be DATE + ...; write DATE + draw(" + name +
                                 ") where it is used)");
      fail();
      continue;
    }
    const std::optional<Family> family = family_named(e.call.name.text);
    if (!family) {
      const ConfigNode at = piece_node(node, e.call.name);
      if (e.call.name.text == "draw") {
        r.error(at.origin, path, "a shared draw is a distribution; it cannot take another draw");
      } else {
        r.error(at.origin, path,
                "unknown distribution '" + e.call.name.text + "'" +
                    suggestion_suffix(e.call.name.text,
                                      {"triangular", "uniform", "normal", "lognormal", "discrete"}));
      }
      fail();
      continue;
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
        r.expected(piece_node(node, e.call.args.front()), path,
                   "a number, a percentage, a power, a duration, an amount of money or a date");
        fail();
        continue;
      }
    }
    FieldSpec spec;
    spec.quantity = q;
    spec.kind = kind_of(q);
    spec.what = what_of(q);
    spec.name = [&r, &path](const ConfigNode& value) { return r.string(value, path, true); };
    std::optional<Built> built = build(r, node, path, e.call, *family, spec);
    if (!built) {
      fail();
      continue;
    }
    UncertainValue v;
    v.path = path;
    v.expression = node.text;
    v.origin = node.origin;
    v.node = &node;
    v.quantity = q;
    v.shared = true;
    v.distribution = std::move(built->distribution);
    v.stream = sampling::fnv1a64(path);
    v.label = built->label;
    v.representative = built->representative;
    draws_[name] = record(std::move(v));
    draw_order_.push_back(name);
  }
}

Uncertainty::Outcome Uncertainty::read(Reader& r, const ConfigNode& node, const std::string& path,
                                       const FieldSpec& spec) {
  Outcome out;
  out.handled = true;
  if (const auto it = collected_.find(&node); it != collected_.end()) {
    out.value = values_[it->second].representative;
    return out;
  }
  SuspendUncertainty suspend(r);
  Parsed parsed = parse_expression(node.text);
  if (!parsed.expression) {
    r.error(origin_at(node, parsed.error.offset), path, parsed.error.message);
    return out;
  }
  const Expression& e = *parsed.expression;
  const Call& call = e.call;
  const ConfigNode name_node = piece_node(node, call.name);
  const bool is_draw = call.name.text == "draw";
  const std::optional<Family> family = family_named(call.name.text);
  if (!is_draw && !family) {
    r.error(name_node.origin, path,
            "unknown distribution '" + call.name.text + "'" + suggestion_suffix(call.name.text, kFunctionNames));
    return out;
  }
  if (is_draw && call.args.size() != 1) {
    r.error(name_node.origin, path,
            "draw takes 1 argument (the NAME of a shared draw), found " + std::to_string(call.args.size()));
    return out;
  }

  UncertainValue v;
  v.path = path;
  v.expression = node.text;
  v.origin = node.origin;
  v.node = &node;
  v.quantity = spec.quantity;
  v.stream = sampling::fnv1a64(path);

  if (e.date) {
    if (spec.quantity != Quantity::kDate) {
      r.expected(node, path, spec.what);
      return out;
    }
    const ConfigNode date_node = piece_node(node, *e.date);
    const std::optional<models::Date> base = r.date(date_node, path);
    FieldSpec offset;
    offset.quantity = Quantity::kDuration;
    offset.kind = kind_of(Quantity::kDuration);
    offset.what = what_of(Quantity::kDuration);
    std::optional<double> representative_offset;
    if (is_draw) {
      const std::optional<std::size_t> d = resolve_draw(r, node, path, call.args[0].text, call.args[0].offset);
      if (!d) return out;
      const UncertainValue& shared = values_[*d];
      if (shared.quantity != Quantity::kDuration) {
        const ConfigNode call_node =
            piece_node(node, trimmed(node.text, call.name.offset, node.text.size()));
        r.expected(call_node, path, "a duration after '" + e.date->text + " +'",
                   "draws." + call.args[0].text + " is " + std::string(kind_of(shared.quantity)));
        return out;
      }
      v.draw = *d;
      v.label = shared.label;
      representative_offset = shared.representative.number;
    } else {
      std::optional<Built> built = build(r, node, path, call, *family, offset);
      if (!built) return out;
      v.distribution = std::move(built->distribution);
      v.label = built->label;
      representative_offset = built->representative.number;
    }
    if (!base || !representative_offset) return out;
    v.offset = true;
    v.base = *base;
    const models::Date date = models::add_days(*base, *representative_offset);
    v.representative.number = date.days;
    v.representative.text = models::to_iso(date);
  } else if (is_draw) {
    const std::optional<std::size_t> d = resolve_draw(r, node, path, call.args[0].text, call.args[0].offset);
    if (!d) return out;
    const UncertainValue& shared = values_[*d];
    const std::string draw_path = "draws." + call.args[0].text;
    if (!same_kind(shared.quantity, spec.quantity)) {
      r.expected(node, path, spec.what, draw_path + " is " + std::string(kind_of(shared.quantity)));
      return out;
    }
    if (spec.quantity == Quantity::kName) {
      bool ok = true;
      const Distribution& dist = *shared.distribution;
      for (std::size_t i = 0; i < dist.names.size(); ++i) {
        ConfigNode value;
        value.kind = ConfigNode::Kind::kScalar;
        value.text = dist.names[i];
        value.origin = dist.origins[i];
        ok = spec.name(value).has_value() && ok;
      }
      if (!ok) return out;
    } else {
      const Distribution& dist = *shared.distribution;
      if (!check_support(r, node, path, spec, dist.lower, dist.upper,
                         draw_path + " can be as low as " + value_text(spec.quantity, dist.lower),
                         std::isfinite(dist.upper)
                             ? draw_path + " can be as high as " + value_text(spec.quantity, dist.upper)
                             : draw_path + " has no upper bound")) {
        return out;
      }
    }
    v.draw = *d;
    v.label = shared.label;
    v.representative = shared.representative;
  } else {
    std::optional<Built> built = build(r, node, path, call, *family, spec);
    if (!built) return out;
    v.distribution = std::move(built->distribution);
    v.label = built->label;
    v.representative = built->representative;
  }
  out.value = v.representative;
  record(std::move(v));
  return out;
}

void Uncertainty::finish(std::vector<UncertainValue>& values,
                         std::unordered_map<const ConfigNode*, std::size_t>& index) {
  std::vector<std::size_t> order(values_.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  auto key = [this](std::size_t i) {
    const Origin& o = values_[i].origin;
    return std::make_tuple(o.source ? o.source->rank : 0, o.line, o.column);
  };
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return key(a) < key(b); });
  std::vector<std::size_t> position(values_.size());
  for (std::size_t i = 0; i < order.size(); ++i) position[order[i]] = i;
  values.clear();
  index.clear();
  for (std::size_t i : order) {
    UncertainValue v = values_[i];
    if (!v.distribution) v.draw = position[v.draw];
    if (v.node) index[v.node] = values.size();
    values.push_back(std::move(v));
  }
}

std::vector<DrawnValue> draw_values(const std::vector<UncertainValue>& values, std::uint64_t seed,
                                    std::uint64_t replication) {
  std::vector<DrawnValue> out(values.size());
  auto own = [&](const UncertainValue& v, DrawnValue& d) {
    const Distribution& dist = *v.distribution;
    std::size_t index = 0;
    d.number = dist.quantile(sampling::uniform01(seed, replication, v.stream), index);
    if (dist.quantity == Quantity::kName) d.name = dist.names[index];
  };
  for (std::size_t i = 0; i < values.size(); ++i) {
    const UncertainValue& v = values[i];
    if (!v.shared) continue;
    own(v, out[i]);
    out[i].text = v.quantity == Quantity::kName ? out[i].name : format_value(v.quantity, out[i].number);
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    const UncertainValue& v = values[i];
    if (v.shared) continue;
    DrawnValue& d = out[i];
    if (v.offset) {
      double offset = 0.0;
      if (v.distribution) {
        DrawnValue x;
        own(v, x);
        offset = x.number;
      } else {
        offset = out[v.draw].number;
      }
      const models::Date date = models::add_days(v.base, offset);
      d.number = date.days;
      d.text = models::to_iso(date);
    } else if (v.distribution) {
      own(v, d);
      d.text = v.quantity == Quantity::kName ? d.name : format_value(v.quantity, d.number);
    } else {
      d = out[v.draw];
    }
  }
  return out;
}

}  // namespace gwsim
