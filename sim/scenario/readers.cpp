#include "sim/scenario/readers.hpp"

#include <cmath>
#include <memory>
#include <utility>

#include "sim/scenario/distributions.hpp"
#include "sim/scenario/file_io.hpp"

namespace gwsim {

std::string Range::description() const {
  if (has_min && has_max && max_in_description) {
    return std::string("in ") + (min_exclusive ? "(" : "[") + std::string(min_text) + ", " + std::string(max_text) +
           "]";
  }
  if (has_min) return (min_exclusive ? "> " : ">= ") + std::string(min_text);
  if (has_max && max_in_description) return "<= " + std::string(max_text);
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

bool fraction_outside(const Range& range, double value) {
  return value < range.min || (range.min_exclusive && value == range.min) || value > range.max;
}

constexpr std::string_view kNameText =
    "a name of lowercase letters, digits, '_', '.' and '-', starting with a letter or digit";
constexpr std::string_view kIdentifierText =
    "a snake_case id (lowercase letters, digits and '_', starting with a letter)";
constexpr std::string_view kDateText = "a date YYYY-MM-DD";
constexpr std::string_view kPowerText = "a power with a unit (W, kW, MW, GW)";
constexpr std::string_view kDurationText = "a duration with a unit (days, weeks, months, years)";
constexpr std::string_view kMoneyText = "an amount of money such as $250K, $5.9M or $10B";
constexpr std::string_view kCountText = "a count such as 900M, 8.6T or 9e8";
constexpr std::string_view kCarbonText = "a carbon intensity with a unit (g/kWh, gCO2/kWh, kg/MWh)";
constexpr std::string_view kWaterText = "a water usage with a unit (L/kWh)";
constexpr std::string_view kSeedText = "a non-negative integer below 2^64";
constexpr std::string_view kOutputStepText =
    "an output step Nd, Nw or Nmo with N >= 1, or Nh with N dividing 24 (e.g. 1h, 1d, 1w, 1mo)";

}  // namespace

std::string fraction_text(const Range& range) {
  return std::string("a fraction in ") + (range.min_exclusive ? "(" : "[") + std::string(range.min_text) + ", " +
         std::string(range.max_text) + "] (a number, or a percentage such as 15%)";
}

std::string_view kind_noun(Kind kind) {
  switch (kind) {
    case Kind::kNumber:
      return "a number";
    case Kind::kPower:
      return "a power";
    case Kind::kDuration:
      return "a duration";
    case Kind::kMoney:
      return "an amount of money";
    case Kind::kCount:
      return "a count";
    case Kind::kFraction:
      return "a fraction";
    case Kind::kDate:
      return "a date";
    case Kind::kCarbonIntensity:
      return "a carbon intensity";
    case Kind::kWaterUsage:
      return "a water usage";
    case Kind::kInteger:
    case Kind::kSeed:
      return "an integer";
    case Kind::kText:
    case Kind::kPath:
    case Kind::kLabel:
    case Kind::kName:
    case Kind::kIdentifier:
    case Kind::kId:
    case Kind::kPlatform:
    case Kind::kChoice:
    case Kind::kOutputStep:
      break;
  }
  return "a value";
}

std::string expected_text(const ValueSpec& spec) {
  if (!spec.what.empty()) return std::string(spec.what);
  switch (spec.kind) {
    case Kind::kText:
      return "a string";
    case Kind::kPath:
    case Kind::kLabel:
    case Kind::kId:
    case Kind::kPlatform:
      return "a non-empty string";
    case Kind::kName:
      return std::string(kNameText);
    case Kind::kIdentifier:
      return std::string(kIdentifierText);
    case Kind::kChoice:
      return spec.choices ? quoted_alternatives(*spec.choices) : std::string("a choice");
    case Kind::kDate:
      return std::string(kDateText);
    case Kind::kPower:
      return std::string(kPowerText);
    case Kind::kDuration:
      return std::string(kDurationText);
    case Kind::kMoney:
      return std::string(kMoneyText);
    case Kind::kNumber:
      return with_range("a number", spec.range);
    case Kind::kFraction:
      return fraction_text(spec.range);
    case Kind::kCount:
      return std::string(kCountText);
    case Kind::kCarbonIntensity:
      return std::string(kCarbonText);
    case Kind::kWaterUsage:
      return std::string(kWaterText);
    case Kind::kInteger:
      return "an integer from " + std::string(spec.range.min_text) + " to " + std::string(spec.range.max_text);
    case Kind::kSeed:
      return std::string(kSeedText);
    case Kind::kOutputStep:
      return std::string(kOutputStepText);
  }
  return "a value";
}

std::string outside_text(const ValueSpec& spec, double value) {
  const Range& range = spec.range;
  if (spec.kind == Kind::kFraction) return fraction_outside(range, value) ? fraction_text(range) : std::string();
  if (range.has_min && (value < range.min || (range.min_exclusive && value == range.min))) {
    return std::string(kind_noun(spec.kind)) + (range.min_exclusive ? " > " : " >= ") + std::string(range.min_text);
  }
  if (range.has_max && value > range.max && (range.max_in_description || std::isfinite(value))) {
    return std::string(kind_noun(spec.kind)) + " <= " + std::string(range.max_text);
  }
  return {};
}

std::string_view Reader::hint_for(const ConfigNode& node, std::string_view parsed_hint) const {
  if (!parsed_hint.empty()) return parsed_hint;
  if (hint_distributions_ && node.is_scalar() && looks_uncertain(node.text)) {
    return "a distribution is not allowed here";
  }
  return {};
}

void Reader::error(const Origin& at, const std::string& path, std::string message) {
  diagnostics_.add(at, path, std::move(message));
}

void Reader::expected(const ConfigNode& node, const std::string& path, std::string_view what,
                      std::string_view hint) {
  std::string message = "expected " + std::string(what) + ", found " + describe(node);
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
    expected(node, path, kNameText, hint_for(node));
    return std::nullopt;
  }
  return node.text;
}

std::optional<std::string> Reader::identifier(const ConfigNode& node, const std::string& path) {
  if (!node.is_scalar() || !valid_identifier(node.text)) {
    expected(node, path, kIdentifierText, hint_for(node));
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
  std::string hint(hint_for(node));
  if (node.is_scalar() && hint.empty()) {
    if (auto match = closest_match(node.text, allowed)) hint = "did you mean '" + *match + "'?";
  }
  expected(node, path, quoted_alternatives(allowed), hint);
  return std::nullopt;
}

std::optional<models::Date> Reader::date(const ConfigNode& node, const std::string& path) {
  units::ParsedDate parsed;
  if (node.is_scalar()) parsed = units::parse_date(node.text);
  if (parsed.value) return parsed.value;
  expected(node, path, kDateText, hint_for(node, parsed.hint));
  return std::nullopt;
}

std::optional<double> Reader::check_range(const ConfigNode& node, const std::string& path, double value,
                                          std::string_view kind, const Range& range) {
  if (range.has_min && (value < range.min || (range.min_exclusive && value == range.min))) {
    expected(node, path, std::string(kind) + (range.min_exclusive ? " > " : " >= ") + std::string(range.min_text));
    return std::nullopt;
  }
  if (range.has_max && value > range.max) {
    expected(node, path, std::string(kind) + " <= " + std::string(range.max_text));
    return std::nullopt;
  }
  return value;
}

std::optional<double> Reader::number(const ConfigNode& node, const std::string& path, const Range& range) {
  units::Parsed parsed;
  if (node.is_scalar()) parsed = units::parse_number(node.text);
  if (!parsed.value) {
    expected(node, path, with_range("a number", range), hint_for(node, parsed.hint));
    return std::nullopt;
  }
  return check_range(node, path, *parsed.value, "a number", range);
}

std::optional<double> Reader::power(const ConfigNode& node, const std::string& path, const Range& range) {
  return measure(node, path, units::parse_power_w, kPowerText, "a power", range);
}

std::optional<double> Reader::duration(const ConfigNode& node, const std::string& path, const Range& range) {
  return measure(node, path, units::parse_duration_days, kDurationText, "a duration", range);
}

std::optional<double> Reader::money(const ConfigNode& node, const std::string& path, const Range& range) {
  return measure(node, path, units::parse_money_usd, kMoneyText, "an amount of money", range);
}

std::optional<double> Reader::fraction(const ConfigNode& node, const std::string& path, const Range& range) {
  units::Parsed parsed;
  if (node.is_scalar()) parsed = units::parse_fraction(node.text);
  if (!parsed.value || fraction_outside(range, *parsed.value)) {
    expected(node, path, fraction_text(range), hint_for(node, parsed.hint));
    return std::nullopt;
  }
  return parsed.value;
}

std::optional<double> Reader::count(const ConfigNode& node, const std::string& path, const Range& range) {
  return measure(node, path, units::parse_count, kCountText, "a count", range);
}

std::optional<double> Reader::measure(const ConfigNode& node, const std::string& path,
                                      units::Parsed (*parse)(std::string_view), std::string_view what,
                                      std::string_view kind, const Range& range) {
  units::Parsed parsed;
  if (node.is_scalar()) parsed = parse(node.text);
  if (!parsed.value) {
    expected(node, path, what, hint_for(node, parsed.hint));
    return std::nullopt;
  }
  return check_range(node, path, *parsed.value, kind, range);
}

std::optional<std::int64_t> Reader::integer(const ConfigNode& node, const std::string& path, std::int64_t min,
                                            std::int64_t max, std::string_view what) {
  std::optional<std::int64_t> value;
  if (node.is_scalar()) value = units::parse_integer(node.text);
  if (!value || *value < min || *value > max) {
    expected(node, path, what, hint_for(node));
    return std::nullopt;
  }
  return value;
}

std::optional<std::uint64_t> Reader::unsigned_integer(const ConfigNode& node, const std::string& path) {
  std::optional<std::uint64_t> value;
  if (node.is_scalar()) value = units::parse_unsigned(node.text);
  if (!value) {
    expected(node, path, kSeedText, hint_for(node));
    return std::nullopt;
  }
  return value;
}

std::optional<OutputStep> Reader::output_step(const ConfigNode& node, const std::string& path) {
  std::optional<OutputStep> value;
  if (node.is_scalar()) value = units::parse_output_step(node.text);
  if (!value) {
    expected(node, path, kOutputStepText, hint_for(node));
    return std::nullopt;
  }
  return value;
}

namespace {

std::optional<Value> of_text(std::optional<std::string> text) {
  if (!text) return std::nullopt;
  Value v;
  v.text = std::move(*text);
  return v;
}

std::optional<Value> of_number(std::optional<double> number) {
  if (!number) return std::nullopt;
  Value v;
  v.number = *number;
  return v;
}

}  // namespace

std::optional<Value> read_value(Reader& r, const ValueSpec& spec, const ConfigNode& node, const std::string& path) {
  const Range& range = spec.range;
  switch (spec.kind) {
    case Kind::kText:
      return of_text(r.string(node, path));
    case Kind::kPath:
    case Kind::kLabel:
    case Kind::kId:
    case Kind::kPlatform:
      return of_text(r.string(node, path, true));
    case Kind::kName:
      return of_text(r.name(node, path));
    case Kind::kIdentifier:
      return of_text(r.identifier(node, path));
    case Kind::kChoice:
      return spec.choices ? of_text(r.choice(node, path, *spec.choices)) : std::nullopt;
    case Kind::kDate: {
      const std::optional<models::Date> d = r.date(node, path);
      return d ? of_number(d->days) : std::nullopt;
    }
    case Kind::kPower:
      return of_number(r.power(node, path, range));
    case Kind::kDuration:
      return of_number(r.duration(node, path, range));
    case Kind::kMoney:
      return of_number(r.money(node, path, range));
    case Kind::kNumber:
      return of_number(r.number(node, path, range));
    case Kind::kFraction:
      return of_number(r.fraction(node, path, range));
    case Kind::kCount:
      return of_number(r.count(node, path, range));
    case Kind::kCarbonIntensity:
      return of_number(r.measure(node, path, units::parse_carbon_g_per_kwh, kCarbonText, "a carbon intensity", range));
    case Kind::kWaterUsage:
      return of_number(r.measure(node, path, units::parse_water_l_per_kwh, kWaterText, "a water usage", range));
    case Kind::kInteger: {
      const std::optional<std::int64_t> i = r.integer(node, path, static_cast<std::int64_t>(range.min),
                                                      static_cast<std::int64_t>(range.max), expected_text(spec));
      if (!i) return std::nullopt;
      Value v = *of_number(static_cast<double>(*i));
      v.integer = static_cast<std::uint64_t>(*i);
      return v;
    }
    case Kind::kSeed: {
      const std::optional<std::uint64_t> seed = r.unsigned_integer(node, path);
      if (!seed) return std::nullopt;
      Value v;
      v.integer = *seed;
      return v;
    }
    case Kind::kOutputStep: {
      const std::optional<OutputStep> step = r.output_step(node, path);
      if (!step) return std::nullopt;
      Value v;
      v.step = *step;
      return v;
    }
  }
  return std::nullopt;
}

std::optional<SpecRoot> read_spec_root(const std::string& path, const std::string& expected, Diagnostics& diagnostics) {
  const FileText file = read_file(path);
  if (!file.text) {
    diagnostics.add_unlocated(path, 0, "", "cannot read file: " + file.error);
    return std::nullopt;
  }
  auto source = std::make_shared<SourceFile>(SourceFile{path, *file.text, 0, false});
  std::optional<ConfigNode> root = parse_yaml(source->text, source, diagnostics);
  Reader r(diagnostics);
  if (!root || !r.expect_map(*root, "", expected)) return std::nullopt;
  return SpecRoot{std::move(*root), *file.text};
}

}  // namespace gwsim
