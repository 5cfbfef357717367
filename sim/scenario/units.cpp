#include "sim/scenario/units.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <limits>
#include <utility>

namespace gwsim::units {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Length of the longest prefix of s that is a decimal number: [+-]? (digits [. digits?] | . digits) [e[+-]digits].
std::size_t number_prefix(std::string_view s) {
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
  const std::size_t int_start = i;
  while (i < s.size() && is_digit(s[i])) ++i;
  bool any_digits = i > int_start;
  if (i < s.size() && s[i] == '.') {
    std::size_t j = i + 1;
    while (j < s.size() && is_digit(s[j])) ++j;
    if (j > i + 1 || any_digits) {
      any_digits = any_digits || j > i + 1;
      i = j;
    }
  }
  if (!any_digits) return 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    std::size_t j = i + 1;
    if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
    const std::size_t exp_start = j;
    while (j < s.size() && is_digit(s[j])) ++j;
    if (j > exp_start) i = j;
  }
  return i;
}

bool looks_non_finite(std::string_view s) {
  std::string l = lower(trim(s));
  if (!l.empty() && (l[0] == '+' || l[0] == '-')) l.erase(0, 1);
  return l == ".nan" || l == "nan" || l == ".inf" || l == "inf" || l == "infinity";
}

std::optional<double> to_double(std::string_view s) {
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  double value = 0.0;
  const auto result = std::from_chars(s.data(), s.data() + s.size(), value);
  if (result.ec != std::errc() || result.ptr != s.data() + s.size() || !std::isfinite(value)) return std::nullopt;
  return value;
}

// A number followed by a unit from the table; a unit matching one only when case is ignored gets a hint.
template <std::size_t N>
Parsed number_with_unit(std::string_view text, const std::array<std::pair<std::string_view, double>, N>& units) {
  Parsed out;
  const std::string_view s = trim(text);
  if (looks_non_finite(s)) {
    out.hint = "not a finite number";
    return out;
  }
  const std::size_t n = number_prefix(s);
  if (n == 0) {
    if (looks_non_finite(s.substr(0, s.find(' ')))) out.hint = "not a finite number";
    return out;
  }
  const std::optional<double> number = to_double(s.substr(0, n));
  if (!number) {
    out.hint = "not a finite number";
    return out;
  }
  const std::string_view unit = trim(s.substr(n));
  if (unit.empty()) return out;
  for (const auto& [name, factor] : units) {
    if (unit == name) {
      out.value = *number * factor;
      if (!std::isfinite(*out.value)) {
        out.value.reset();
        out.hint = "not a finite number";
      }
      return out;
    }
  }
  const std::string unit_lower = lower(unit);
  for (const auto& [name, factor] : units) {
    if (unit_lower == lower(name)) {
      out.hint = "did you mean '" + std::string(name) + "'?";
      return out;
    }
  }
  return out;
}

}  // namespace

Parsed parse_number(std::string_view text) {
  Parsed out;
  const std::string_view s = trim(text);
  if (looks_non_finite(s)) {
    out.hint = "not a finite number";
    return out;
  }
  if (s.empty() || number_prefix(s) != s.size()) return out;
  out.value = to_double(s);
  if (!out.value) out.hint = "not a finite number";
  return out;
}

Parsed parse_power_w(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, double>, 4> kUnits = {{
      {"W", 1.0}, {"kW", 1e3}, {"MW", 1e6}, {"GW", 1e9}}};
  return number_with_unit(text, kUnits);
}

Parsed parse_duration_days(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, double>, 12> kUnits = {{
      {"day", 1.0},
      {"days", 1.0},
      {"d", 1.0},
      {"week", models::kDaysPerWeek},
      {"weeks", models::kDaysPerWeek},
      {"w", models::kDaysPerWeek},
      {"month", models::kDaysPerMonth},
      {"months", models::kDaysPerMonth},
      {"mo", models::kDaysPerMonth},
      {"year", models::kDaysPerYear},
      {"years", models::kDaysPerYear},
      {"y", models::kDaysPerYear},
  }};
  return number_with_unit(text, kUnits);
}

namespace {

// A number with optional comma grouping ("5,900,000") and an optional suffix K, M, B or T: the part of money after
// its '$', and counts.
Parsed grouped_with_suffix(std::string_view s) {
  Parsed out;
  // Digits with optional comma grouping ("5,900,000"), then an optional fraction.
  std::string digits;
  std::size_t i = 0;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) digits += s[i++];
  std::size_t group = 0;
  bool seen_comma = false;
  bool any = false;
  while (i < s.size() && (is_digit(s[i]) || s[i] == ',')) {
    if (s[i] == ',') {
      if (!any || (seen_comma && group != 3) || (!seen_comma && group > 3)) return out;
      seen_comma = true;
      group = 0;
    } else {
      digits += s[i];
      ++group;
      any = true;
    }
    ++i;
  }
  if (seen_comma && group != 3) return out;
  if (i < s.size() && s[i] == '.') {
    digits += '.';
    ++i;
    while (i < s.size() && is_digit(s[i])) {
      digits += s[i++];
      any = true;
    }
  }
  if (!any) return out;
  const std::optional<double> number = to_double(digits);
  if (!number) return out;
  const std::string_view suffix = trim(s.substr(i));
  double factor = 1.0;
  if (suffix.empty()) {
    factor = 1.0;
  } else if (suffix == "K") {
    factor = 1e3;
  } else if (suffix == "M") {
    factor = 1e6;
  } else if (suffix == "B") {
    factor = 1e9;
  } else if (suffix == "T") {
    factor = 1e12;
  } else {
    if (suffix == "k" || suffix == "m" || suffix == "b" || suffix == "t") {
      const char upper = static_cast<char>(std::toupper(static_cast<unsigned char>(suffix.front())));
      out.hint = std::string("did you mean '") + upper + "'?";
    }
    return out;
  }
  out.value = *number * factor;
  return out;
}

}  // namespace

Parsed parse_money_usd(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty() || s.front() != '$') return {};
  return grouped_with_suffix(trim(s.substr(1)));
}

Parsed parse_count(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty() || s.front() == '$') return {};
  Parsed plain = parse_number(s);
  if (plain.value || !plain.hint.empty()) return plain;
  return grouped_with_suffix(s);
}

Parsed parse_carbon_g_per_kwh(std::string_view text) {
  // 1 kg/MWh = 1000 g / 1000 kWh = 1 g/kWh.
  static constexpr std::array<std::pair<std::string_view, double>, 3> kUnits = {{
      {"g/kWh", 1.0}, {"gCO2/kWh", 1.0}, {"kg/MWh", 1.0}}};
  return number_with_unit(text, kUnits);
}

Parsed parse_water_l_per_kwh(std::string_view text) {
  static constexpr std::array<std::pair<std::string_view, double>, 1> kUnits = {{{"L/kWh", 1.0}}};
  return number_with_unit(text, kUnits);
}

Parsed parse_fraction(std::string_view text) {
  std::string_view s = trim(text);
  if (!s.empty() && s.back() == '%') {
    Parsed p = parse_number(s.substr(0, s.size() - 1));
    if (p.value) *p.value /= 100.0;
    return p;
  }
  return parse_number(s);
}

std::optional<std::int64_t> parse_integer(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return std::nullopt;
  std::size_t start = s.front() == '-' || s.front() == '+' ? 1 : 0;
  if (start == s.size()) return std::nullopt;
  for (std::size_t i = start; i < s.size(); ++i) {
    if (!is_digit(s[i])) return std::nullopt;
  }
  std::int64_t value = 0;
  const char* begin = s.data() + (s.front() == '+' ? 1 : 0);
  const auto result = std::from_chars(begin, s.data() + s.size(), value);
  if (result.ec != std::errc() || result.ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  const std::string_view s = trim(text);
  if (s.empty()) return std::nullopt;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
  }
  std::uint64_t value = 0;
  const auto result = std::from_chars(s.data(), s.data() + s.size(), value);
  if (result.ec != std::errc() || result.ptr != s.data() + s.size()) return std::nullopt;
  return value;
}

std::optional<OutputStep> parse_output_step(std::string_view text) {
  const std::string_view s = trim(text);
  std::size_t n = 0;
  while (n < s.size() && is_digit(s[n])) ++n;
  if (n == 0 || n > 6) return std::nullopt;
  int count = 0;
  std::from_chars(s.data(), s.data() + n, count);
  if (count < 1) return std::nullopt;
  const std::string_view unit = trim(s.substr(n));
  OutputStep step;
  if (unit == "d") {
    if (count > 36525) return std::nullopt;
    step.days = count;
    step.months = 0;
  } else if (unit == "w") {
    if (count > 5218) return std::nullopt;
    step.days = 7 * count;
    step.months = 0;
  } else if (unit == "mo") {
    if (count > 1200) return std::nullopt;
    step.days = 0;
    step.months = count;
  } else if (unit == "h") {
    // Whole steps per day only, so that every day starts a step: 1, 2, 3, 4, 6, 8 or 12 hours.
    if (count >= 24 || 24 % count != 0) return std::nullopt;
    step.days = 0;
    step.months = 0;
    step.hours = count;
  } else {
    return std::nullopt;
  }
  return step;
}

ParsedDate parse_date(std::string_view text) {
  ParsedDate out;
  const std::string_view s = trim(text);
  out.value = models::parse_iso_date(s);
  if (out.value) return out;
  const bool shape = s.size() == 10 && s[4] == '-' && s[7] == '-' && is_digit(s[0]) && is_digit(s[1]) &&
                     is_digit(s[2]) && is_digit(s[3]) && is_digit(s[5]) && is_digit(s[6]) && is_digit(s[8]) &&
                     is_digit(s[9]);
  if (shape) {
    const int year = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    out.hint = year < 1900 || year > 2200 ? "years 1900 to 2200 only" : "no such day";
  }
  return out;
}

}  // namespace gwsim::units
