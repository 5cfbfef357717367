// Compiled with -ffp-contract=off (sim/scenario/CMakeLists.txt), like sampling.cpp: drawn values are computed here.
#include "sim/scenario/distributions.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "models/date.hpp"
#include "sim/scenario/sampling.hpp"
#include "sim/scenario/units.hpp"

namespace gwsim {
namespace {

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

std::string shortest(double value, int digits) {
  char buffer[64];
  const auto result = digits > 0
                          ? std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general, digits)
                          : std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

}  // namespace

Piece trimmed(std::string_view s, std::size_t begin, std::size_t end) {
  while (begin < end && is_space(s[begin])) ++begin;
  while (end > begin && is_space(s[end - 1])) --end;
  return Piece{std::string(s.substr(begin, end - begin)), begin};
}

bool looks_uncertain(std::string_view text) {
  const std::size_t i = skip_spaces(text, 0);
  if (call_name_end(text, i) != std::string_view::npos) return true;
  if (!date_shape_at(text, i)) return false;
  const std::size_t j = skip_spaces(text, i + 10);
  return j < text.size() && text[j] == '+';
}

ParsedExpression parse_expression(std::string_view s) {
  ParsedExpression out;
  Expression e;
  std::size_t i = skip_spaces(s, 0);
  if (date_shape_at(s, i)) {
    e.date = Piece{std::string(s.substr(i, 10)), i};
    i = skip_spaces(s, i + 10);
    ++i;  // '+', as looks_uncertain() checked
    i = skip_spaces(s, i);
    if (call_name_end(s, i) == std::string_view::npos) {
      const Piece rest = trimmed(s, i, s.size());
      out.error_offset = i;
      out.error = "expected a distribution or draw(NAME) after '" + e.date->text + " +', found " +
                  (rest.text.empty() ? std::string("nothing") : "'" + rest.text + "'");
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
    out.error_offset = s.size();
    out.error = "expected ')' at the end of '" + std::string(trimmed(s, 0, s.size()).text) + "'";
    return out;
  }
  const Piece last = trimmed(s, start, i);
  if (!last.text.empty() || !e.call.args.empty()) e.call.args.push_back(last);
  for (const Piece& arg : e.call.args) {
    if (arg.text.empty()) {
      out.error_offset = arg.offset;
      out.error = "expected an argument, found nothing";
      return out;
    }
  }
  const std::size_t after = skip_spaces(s, i + 1);
  if (after < s.size()) {
    out.error_offset = after;
    out.error = "unexpected '" + trimmed(s, after, s.size()).text + "' after the closing ')'";
    return out;
  }
  out.expression = std::move(e);
  return out;
}

std::optional<Family> family_named(std::string_view name) {
  if (name == "triangular") return Family::kTriangular;
  if (name == "uniform") return Family::kUniform;
  if (name == "normal") return Family::kNormal;
  if (name == "lognormal") return Family::kLognormal;
  if (name == "discrete") return Family::kDiscrete;
  return std::nullopt;
}

const std::vector<std::string_view>& function_names() {
  static const std::vector<std::string_view> names = {"triangular", "uniform", "normal", "lognormal", "discrete",
                                                      "draw"};
  return names;
}

double round_date(double days) { return static_cast<double>(std::llround(days)); }

Quantity classify(std::string_view text) {
  if (units::parse_date(text).value) return Quantity::kDate;
  if (units::parse_duration_days(text).value) return Quantity::kDuration;
  if (units::parse_power_w(text).value) return Quantity::kPower;
  if (units::parse_money_usd(text).value) return Quantity::kMoney;
  if (units::parse_fraction(text).value) return Quantity::kNumber;
  return Quantity::kName;
}

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
      // A drawn date far out of range is shown (and refused) rather than overflowing the calendar arithmetic.
      if (std::isnan(value)) return "an undefined date";
      return models::to_iso(models::Date{static_cast<std::int32_t>(std::llround(std::clamp(value, -1e8, 1e8)))});
    case Quantity::kName:
      break;
  }
  return number(value);
}

}  // namespace gwsim
