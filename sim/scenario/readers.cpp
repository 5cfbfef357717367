#include "sim/scenario/readers.hpp"

#include <utility>

#include "sim/scenario/uncertainty.hpp"
#include "sim/scenario/units.hpp"

namespace gwsim {

Range Range::at_least(double min, std::string text) {
  Range r;
  r.has_min = true;
  r.min = min;
  r.min_text = std::move(text);
  return r;
}

Range Range::above(double min, std::string text) {
  Range r = at_least(min, std::move(text));
  r.min_exclusive = true;
  return r;
}

Range Range::between(double min, std::string min_text, double max, std::string max_text) {
  Range r = at_least(min, std::move(min_text));
  r.has_max = true;
  r.max = max;
  r.max_text = std::move(max_text);
  return r;
}

Range& Range::limit(double max_value, std::string text) {
  has_max = true;
  max = max_value;
  max_text = std::move(text);
  max_in_description = false;
  return *this;
}

std::string Range::description() const {
  if (has_min && has_max && max_in_description) {
    return std::string("in ") + (min_exclusive ? "(" : "[") + min_text + ", " + max_text + "]";
  }
  if (has_min) return (min_exclusive ? "> " : ">= ") + min_text;
  if (has_max && max_in_description) return "<= " + max_text;
  return {};
}

namespace {

std::string with_range(std::string_view kind, const Range& range) {
  std::string out(kind);
  const std::string d = range.description();
  if (!d.empty()) out += " " + d;
  return out;
}

bool valid_name(std::string_view s) {
  if (s.empty()) return false;
  auto lower_or_digit = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
  if (!lower_or_digit(s.front())) return false;
  for (char c : s) {
    if (!lower_or_digit(c) && c != '_' && c != '.' && c != '-') return false;
  }
  return true;
}

bool valid_identifier(std::string_view s) {
  if (s.empty() || s.front() < 'a' || s.front() > 'z') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

std::string quoted_alternatives(const schema::KeyList& allowed) {
  std::string out;
  for (std::size_t i = 0; i < allowed.size(); ++i) {
    if (i > 0) out += i + 1 == allowed.size() ? " or " : ", ";
    out += '\'';
    out += allowed[i];
    out += '\'';
  }
  return out;
}

}  // namespace

std::string Reader::found(const ConfigNode& node) const {
  if (uncertainty_) {
    std::string shown = uncertainty_->found(node);
    if (!shown.empty()) return shown;
  }
  return describe(node);
}

std::string_view Reader::no_distribution_hint(const ConfigNode& node) const {
  if (uncertainty_ && !suspended_ && node.is_scalar() && looks_uncertain(node.text)) {
    return "a distribution is not allowed here";
  }
  return {};
}

Reader::NumberOutcome Reader::uncertain_number(const ConfigNode& node, const std::string& path,
                                               const FieldSpec& spec) {
  NumberOutcome out;
  if (!uncertainty_ || suspended_ || !node.is_scalar()) return out;
  if (const DrawnValue* drawn = uncertainty_->drawn(node)) {
    out.handled = true;
    if (spec.fraction) {
      if (fraction_outside(spec, drawn->number)) {
        expected(node, path, fraction_what(spec));
        return out;
      }
      out.value = drawn->number;
    } else if (spec.range) {
      out.value = check_range(node, path, drawn->number, spec.kind, *spec.range);
    } else {
      out.value = drawn->number;
    }
    return out;
  }
  if (!uncertainty_->collecting() || !looks_uncertain(node.text)) return out;
  const Uncertainty::Outcome read = uncertainty_->read(*this, node, path, spec);
  out.handled = true;
  if (read.value) out.value = read.value->number;
  return out;
}

Reader::NameOutcome Reader::uncertain_name(const ConfigNode& node, const std::string& path, std::string_view what,
                                           const std::function<std::optional<std::string>(const ConfigNode&)>& check) {
  NameOutcome out;
  if (!uncertainty_ || suspended_ || !node.is_scalar()) return out;
  if (const DrawnValue* drawn = uncertainty_->drawn(node)) {
    out.handled = true;
    ConfigNode value;
    value.kind = ConfigNode::Kind::kScalar;
    value.text = drawn->name;
    value.origin = node.origin;
    out.value = check(value);
    return out;
  }
  if (!uncertainty_->collecting() || !looks_uncertain(node.text)) return out;
  FieldSpec spec;
  spec.quantity = Quantity::kName;
  spec.kind = "a name";
  spec.what = what;
  spec.name = check;
  const Uncertainty::Outcome read = uncertainty_->read(*this, node, path, spec);
  out.handled = true;
  if (read.value) out.value = read.value->name;
  return out;
}

void Reader::error(const Origin& at, const std::string& path, std::string message) {
  diagnostics_.add(at, path, std::move(message));
}

void Reader::expected(const ConfigNode& node, const std::string& path, std::string_view what,
                      std::string_view hint) {
  std::string message = "expected " + std::string(what) + ", found " + found(node);
  if (!hint.empty()) {
    if (hint.starts_with("did you mean")) {
      message += "; " + std::string(hint);
    } else {
      message += " (" + std::string(hint) + ")";
    }
  }
  error(node.origin, path, std::move(message));
}

bool Reader::expect_map(const ConfigNode& node, const std::string& path, std::string_view what) {
  if (node.is_map()) return true;
  expected(node, path, what);
  return false;
}

bool Reader::expect_sequence(const ConfigNode& node, const std::string& path, std::string_view what,
                             bool non_empty) {
  if (node.is_sequence() && (!non_empty || !node.children.empty())) return true;
  if (node.is_sequence()) {
    error(node.origin, path, "expected " + std::string(what) + ", found an empty sequence");
  } else {
    expected(node, path, what);
  }
  return false;
}

void Reader::check_keys(const ConfigNode& map, const std::string& path, const schema::KeyList& allowed) {
  for (std::size_t i = 0; i < map.keys.size(); ++i) {
    const std::string& key = map.keys[i];
    bool known = false;
    for (std::string_view a : allowed) known = known || a == key;
    if (!known) {
      error(map.key_origins[i], child_path(path, key), "unknown key '" + key + "'" + suggestion_suffix(key, allowed));
    }
  }
}

const ConfigNode* Reader::required(const ConfigNode& map, const std::string& path, std::string_view key) {
  if (const ConfigNode* value = map.find(key)) return value;
  error(map.origin, path, "missing required key '" + std::string(key) + "'");
  return nullptr;
}

std::optional<std::string> Reader::string(const ConfigNode& node, const std::string& path, bool non_empty) {
  if (!node.is_scalar() || (non_empty && node.text.empty())) {
    expected(node, path, non_empty ? "a non-empty string" : "a string");
    return std::nullopt;
  }
  return node.text;
}

std::optional<std::string> Reader::name(const ConfigNode& node, const std::string& path) {
  if (!node.is_scalar() || !valid_name(node.text)) {
    expected(node, path, "a name of lowercase letters, digits, '_', '.' and '-', starting with a letter or digit",
             no_distribution_hint(node));
    return std::nullopt;
  }
  return node.text;
}

std::optional<std::string> Reader::identifier(const ConfigNode& node, const std::string& path) {
  if (!node.is_scalar() || !valid_identifier(node.text)) {
    expected(node, path, "a snake_case id (lowercase letters, digits and '_', starting with a letter)",
             no_distribution_hint(node));
    return std::nullopt;
  }
  return node.text;
}

std::optional<std::string> Reader::choice(const ConfigNode& node, const std::string& path,
                                          const schema::KeyList& allowed) {
  if (node.is_scalar()) {
    for (std::string_view a : allowed) {
      if (node.text == a) return node.text;
    }
  }
  std::string hint(no_distribution_hint(node));
  if (node.is_scalar() && hint.empty()) {
    if (auto match = closest_match(node.text, allowed)) hint = "did you mean '" + *match + "'?";
  }
  expected(node, path, quoted_alternatives(allowed), hint);
  return std::nullopt;
}

std::optional<models::Date> Reader::date(const ConfigNode& node, const std::string& path) {
  FieldSpec spec;
  spec.quantity = Quantity::kDate;
  spec.kind = "a date";
  spec.what = "a date YYYY-MM-DD";
  if (const NumberOutcome u = uncertain_number(node, path, spec); u.handled) {
    if (!u.value) return std::nullopt;
    return models::Date{static_cast<std::int32_t>(*u.value)};
  }
  if (node.is_scalar()) {
    units::ParsedDate parsed = units::parse_date(node.text);
    if (parsed.value) return parsed.value;
    expected(node, path, "a date YYYY-MM-DD", parsed.hint);
    return std::nullopt;
  }
  expected(node, path, "a date YYYY-MM-DD");
  return std::nullopt;
}

std::optional<double> Reader::check_range(const ConfigNode& node, const std::string& path, double value,
                                          std::string_view kind, const Range& range) {
  if (range.has_min && (value < range.min || (range.min_exclusive && value == range.min))) {
    expected(node, path, std::string(kind) + (range.min_exclusive ? " > " : " >= ") + range.min_text);
    return std::nullopt;
  }
  if (range.has_max && value > range.max) {
    expected(node, path, std::string(kind) + " <= " + range.max_text);
    return std::nullopt;
  }
  return value;
}

std::optional<double> Reader::number(const ConfigNode& node, const std::string& path, const Range& range) {
  const std::string what = with_range("a number", range);
  FieldSpec spec;
  spec.quantity = Quantity::kNumber;
  spec.kind = "a number";
  spec.what = what;
  spec.range = &range;
  if (const NumberOutcome u = uncertain_number(node, path, spec); u.handled) return u.value;
  units::Parsed parsed;
  if (node.is_scalar()) parsed = units::parse_number(node.text);
  if (!parsed.value) {
    expected(node, path, what, parsed.hint);
    return std::nullopt;
  }
  return check_range(node, path, *parsed.value, "a number", range);
}

std::optional<double> Reader::power(const ConfigNode& node, const std::string& path, const Range& range) {
  FieldSpec spec;
  spec.quantity = Quantity::kPower;
  spec.kind = "a power";
  spec.what = "a power with a unit (W, kW, MW, GW)";
  spec.range = &range;
  if (const NumberOutcome u = uncertain_number(node, path, spec); u.handled) return u.value;
  units::Parsed parsed;
  if (node.is_scalar()) parsed = units::parse_power_w(node.text);
  if (!parsed.value) {
    expected(node, path, "a power with a unit (W, kW, MW, GW)", parsed.hint);
    return std::nullopt;
  }
  return check_range(node, path, *parsed.value, "a power", range);
}

std::optional<double> Reader::duration(const ConfigNode& node, const std::string& path, const Range& range) {
  FieldSpec spec;
  spec.quantity = Quantity::kDuration;
  spec.kind = "a duration";
  spec.what = "a duration with a unit (days, weeks, months, years)";
  spec.range = &range;
  if (const NumberOutcome u = uncertain_number(node, path, spec); u.handled) return u.value;
  units::Parsed parsed;
  if (node.is_scalar()) parsed = units::parse_duration_days(node.text);
  if (!parsed.value) {
    expected(node, path, "a duration with a unit (days, weeks, months, years)", parsed.hint);
    return std::nullopt;
  }
  return check_range(node, path, *parsed.value, "a duration", range);
}

std::optional<double> Reader::money(const ConfigNode& node, const std::string& path, const Range& range) {
  FieldSpec spec;
  spec.quantity = Quantity::kMoney;
  spec.kind = "an amount of money";
  spec.what = "an amount of money such as $250K, $5.9M or $10B";
  spec.range = &range;
  if (const NumberOutcome u = uncertain_number(node, path, spec); u.handled) return u.value;
  units::Parsed parsed;
  if (node.is_scalar()) parsed = units::parse_money_usd(node.text);
  if (!parsed.value) {
    expected(node, path, "an amount of money such as $250K, $5.9M or $10B", parsed.hint);
    return std::nullopt;
  }
  return check_range(node, path, *parsed.value, "an amount of money", range);
}

std::optional<double> Reader::fraction(const ConfigNode& node, const std::string& path, double max,
                                       std::string_view max_text) {
  return fraction(node, path, 0.0, false, "0", max, max_text);
}

std::optional<double> Reader::fraction(const ConfigNode& node, const std::string& path, double min,
                                       bool min_exclusive, std::string_view min_text, double max,
                                       std::string_view max_text) {
  FieldSpec spec;
  spec.quantity = Quantity::kNumber;
  spec.kind = "a fraction";
  spec.fraction = true;
  spec.fraction_min = min;
  spec.fraction_min_exclusive = min_exclusive;
  spec.fraction_min_text = min_text;
  spec.fraction_max = max;
  spec.fraction_max_text = max_text;
  const std::string what = fraction_what(spec);
  spec.what = what;
  if (const NumberOutcome u = uncertain_number(node, path, spec); u.handled) return u.value;
  units::Parsed parsed;
  if (node.is_scalar()) parsed = units::parse_fraction(node.text);
  if (!parsed.value || fraction_outside(spec, *parsed.value)) {
    expected(node, path, what, parsed.hint);
    return std::nullopt;
  }
  return parsed.value;
}

std::optional<double> Reader::count(const ConfigNode& node, const std::string& path, const Range& range) {
  FieldSpec spec;
  spec.quantity = Quantity::kNumber;
  spec.kind = "a count";
  spec.what = "a count such as 900M, 8.6T or 9e8";
  spec.range = &range;
  spec.count = true;
  if (const NumberOutcome u = uncertain_number(node, path, spec); u.handled) return u.value;
  units::Parsed parsed;
  if (node.is_scalar()) parsed = units::parse_count(node.text);
  if (!parsed.value) {
    expected(node, path, "a count such as 900M, 8.6T or 9e8", parsed.hint);
    return std::nullopt;
  }
  return check_range(node, path, *parsed.value, "a count", range);
}

std::optional<double> Reader::measure(const ConfigNode& node, const std::string& path,
                                      units::Parsed (*parse)(std::string_view), std::string_view what,
                                      std::string_view kind, const Range& range) {
  units::Parsed parsed;
  if (node.is_scalar()) parsed = parse(node.text);
  if (!parsed.value) {
    expected(node, path, what, parsed.hint.empty() ? no_distribution_hint(node) : std::string_view(parsed.hint));
    return std::nullopt;
  }
  return check_range(node, path, *parsed.value, kind, range);
}

std::optional<std::int64_t> Reader::integer(const ConfigNode& node, const std::string& path, std::int64_t min,
                                            std::int64_t max, std::string_view what) {
  std::optional<std::int64_t> value;
  if (node.is_scalar()) value = units::parse_integer(node.text);
  if (!value || *value < min || *value > max) {
    expected(node, path, what, no_distribution_hint(node));
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> Reader::unsigned_integer(const ConfigNode& node, const std::string& path) {
  std::optional<std::uint64_t> value;
  if (node.is_scalar()) value = units::parse_unsigned(node.text);
  if (!value) {
    expected(node, path, "a non-negative integer below 2^64", no_distribution_hint(node));
    return std::nullopt;
  }
  return value;
}

std::optional<OutputStep> Reader::output_step(const ConfigNode& node, const std::string& path) {
  std::optional<OutputStep> value;
  if (node.is_scalar()) value = units::parse_output_step(node.text);
  if (!value) {
    expected(node, path, "an output step Nd, Nw or Nmo with N >= 1, or Nh with N dividing 24 (e.g. 1h, 1d, 1w, 1mo)",
             no_distribution_hint(node));
    return std::nullopt;
  }
  return value;
}

}  // namespace gwsim

namespace gwsim::rules {

std::optional<double> pue(Reader& r, const ConfigNode& node, const std::string& path) {
  return r.number(node, path, Range::between(1.0, "1.0", 3.0, "3.0"));
}

std::optional<double> power_chain_fraction(Reader& r, std::string_view key, const ConfigNode& node,
                                           const std::string& path) {
  if (key == "substation_loss") return r.fraction(node, path, 0.5, "0.5");
  return r.fraction(node, path, 0.9, "0.9");
}

std::optional<double> commissioning_days(Reader& r, const ConfigNode& node, const std::string& path) {
  return r.duration(node, path, Range::at_least(0.0, "0 days").limit(kMaxDurationDays, "100 years"));
}

std::optional<int> pod_racks(Reader& r, const ConfigNode& node, const std::string& path) {
  if (auto v = r.integer(node, path, 1, 10000, "an integer from 1 to 10000")) return static_cast<int>(*v);
  return std::nullopt;
}

std::optional<double> utilization(Reader& r, const ConfigNode& node, const std::string& path) {
  return r.fraction(node, path, 1.0, "1");
}

std::optional<double> facility_capex_per_mw(Reader& r, const ConfigNode& node, const std::string& path) {
  return r.money(node, path, Range::at_least(0.0, "$0").limit(kMaxMoneyUsd, "$1000T"));
}

std::optional<double> carbon_intensity(Reader& r, const ConfigNode& node, const std::string& path) {
  return r.measure(node, path, units::parse_carbon_g_per_kwh,
                   "a carbon intensity with a unit (g/kWh, gCO2/kWh, kg/MWh)", "a carbon intensity",
                   Range::between(0.0, "0 g/kWh", 2000.0, "2000 g/kWh"));
}

std::optional<double> water_usage(Reader& r, const ConfigNode& node, const std::string& path) {
  return r.measure(node, path, units::parse_water_l_per_kwh, "a water usage with a unit (L/kWh)", "a water usage",
                   Range::between(0.0, "0 L/kWh", 20.0, "20 L/kWh"));
}

std::optional<double> power_cap_fraction(Reader& r, const ConfigNode& node, const std::string& path) {
  return r.fraction(node, path, 0.0, true, "0", 1.0, "1");
}

std::optional<std::array<double, 24>> daily_cycle(Reader& r, const ConfigNode& node, const std::string& path) {
  if (!r.expect_sequence(node, path, "a sequence of 24 weights, one per UTC hour from 00:00")) return std::nullopt;
  if (node.children.size() != 24) {
    r.error(node.origin, path,
            "expected 24 weights (one per UTC hour, 00:00 first), found " + std::to_string(node.children.size()));
    return std::nullopt;
  }
  std::array<double, 24> out{};
  bool ok = true;
  double sum = 0.0;
  for (std::size_t h = 0; h < 24; ++h) {
    const Range weight = Range::at_least(0.0, "0").limit(kMaxCount, "1000000000");
    if (auto v = r.number(node.children[h], item_path(path, h), weight)) {
      out[h] = *v;
      sum += *v;
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  if (sum <= 0.0) {
    r.error(node.origin, path, "expected weights that are not all 0 (relative demand per UTC hour)");
    return std::nullopt;
  }
  return out;
}

}  // namespace gwsim::rules
