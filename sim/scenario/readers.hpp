// Reading plain values out of ConfigNode scalars, with located errors: each reader returns the value, or nullopt
// after recording a Diagnostic that says what was found and what was expected. Shared by the scenario's read pass,
// the expressions pass (each argument of a distribution is read like the value it stands for), the catalog and
// defaults files and the sweep spec, so that every file reports mistakes the same way.
//
// Readers read plain values only: where a key takes a distribution, the expressions pass (expressions.hpp) has
// turned the expression into a value slot before the scenario is read; anywhere else an expression is a mistake,
// reported as such ("a distribution is not allowed here").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "models/date.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/schema.hpp"
#include "sim/scenario/units.hpp"

namespace gwsim {

// Allowed interval of a number; min_text/max_text are how the bounds are written in messages.
struct Range {
  bool has_min = false;
  double min = 0.0;
  bool min_exclusive = false;
  std::string_view min_text{};
  bool has_max = false;
  double max = 0.0;
  std::string_view max_text{};
  bool max_in_description = true;  // false for sanity limits, named only when exceeded

  static constexpr Range at_least(double min, std::string_view text) {
    Range r;
    r.has_min = true;
    r.min = min;
    r.min_text = text;
    return r;
  }
  static constexpr Range above(double min, std::string_view text) {
    Range r = at_least(min, text);
    r.min_exclusive = true;
    return r;
  }
  static constexpr Range between(double min, std::string_view min_text, double max, std::string_view max_text) {
    Range r = at_least(min, min_text);
    r.has_max = true;
    r.max = max;
    r.max_text = max_text;
    return r;
  }
  // (min, max]
  static constexpr Range above_up_to(double min, std::string_view min_text, double max, std::string_view max_text) {
    Range r = between(min, min_text, max, max_text);
    r.min_exclusive = true;
    return r;
  }
  // A sanity limit, named only when exceeded.
  constexpr Range limit(double max_value, std::string_view text) const {
    Range r = *this;
    r.has_max = true;
    r.max = max_value;
    r.max_text = text;
    r.max_in_description = false;
    return r;
  }
  std::string description() const;                  // ">= 1.0", "> 0", "in [1.0, 3.0]"
};

// Sanity limits on magnitudes.
inline constexpr double kMaxPowerW = 1e12;          // 1 TW
inline constexpr double kMaxDurationDays = 36525.0;  // 100 years
inline constexpr double kMaxMoneyUsd = 1e15;
inline constexpr double kMaxCount = 1e9;
inline constexpr double kMaxServingTokensPerS = 1e12;  // per rack

// What a value is written as (docs/scenario-reference.md, "Units"), and so how it is read and checked.
enum class Kind {
  kText,        // any text, taken as written
  kPath,        // a file path (non-empty)
  kLabel,       // non-empty text (a display name)
  kName,        // [a-z0-9][a-z0-9_.-]*: names of sites, halls, tranches, jobs, rules
  kIdentifier,  // [a-z][a-z0-9_]*: catalog ids
  kId,          // a non-empty reference to something defined in the scenario (a site name)
  kPlatform,    // a non-empty catalog id (checked against the catalog once it is read)
  kChoice,      // one of ValueSpec::choices
  kDate,        // YYYY-MM-DD, years 1900 to 2200
  kPower,       // W, kW, MW, GW -> W
  kDuration,    // days, weeks, months, years -> days
  kMoney,       // $ with K, M, B, T -> USD
  kNumber,      // a plain number
  kFraction,    // a number or a percentage
  kCount,       // a number, or money's syntax without '$' (900M, 8.6T)
  kCarbonIntensity,  // g/kWh, gCO2/kWh, kg/MWh -> g per kWh
  kWaterUsage,       // L/kWh
  kInteger,     // a whole number in [range.min, range.max], min >= 0
  kSeed,        // a whole number in [0, 2^64)
  kOutputStep,  // Nd, Nw, Nmo, Nh
};

// How one plain value is read and checked.
struct ValueSpec {
  Kind kind = Kind::kText;
  Range range{};                             // numbers, counts, integers
  const schema::KeyList* choices = nullptr;  // kChoice
  std::string_view what{};                   // the expected text, when not the kind's own (integers)
};

// A plain value, as the read pass hands it to a field's setter.
struct Value {
  double number = 0.0;        // quantities in base units (W, days, USD), fractions, counts; a date's day number
  std::uint64_t integer = 0;  // kInteger, kSeed
  std::string text{};         // kText, kPath, kLabel, kName, kIdentifier, kId, kPlatform, kChoice
  OutputStep step{};          // kOutputStep
};

// "a power with a unit (W, kW, MW, GW)", "a number in [1.0, 3.0]", "'liquid' or 'air'": what a message says is
// expected for a value of this spec.
std::string expected_text(const ValueSpec& spec);
// "a power", "a number", "a count": the kind in range messages ("expected a power > 0 W").
std::string_view kind_noun(Kind kind);
// "a fraction in [0, 1] (a number, or a percentage such as 15%)".
std::string fraction_text(const Range& range);
// Whether value falls outside the range, as the range's own messages would say: the text to expect ("a number
// >= 1.0", the fraction's text), or empty when value is inside. A sanity limit counts only for finite values, so
// that an unbounded distribution is checked where it is drawn.
std::string outside_text(const ValueSpec& spec, double value);

class Reader {
 public:
  explicit Reader(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  Diagnostics& diagnostics() { return diagnostics_; }
  // In a scenario file, a value that looks like a distribution where none is allowed gets the hint "(a
  // distribution is not allowed here)".
  void hint_distributions(bool on) { hint_distributions_ = on; }

  void error(const Origin& at, const std::string& path, std::string message);
  // "expected WHAT, found 'x'" plus the hint ("; did you mean 'MW'?" or " (no such day)").
  void expected(const ConfigNode& node, const std::string& path, std::string_view what, std::string_view hint = {});

  bool expect_map(const ConfigNode& node, const std::string& path, std::string_view what);
  bool expect_sequence(const ConfigNode& node, const std::string& path, std::string_view what,
                       bool non_empty = true);
  // Unknown keys of a map: "unknown key 'x'; did you mean 'y'?" or "...; expected one of: a, b".
  void check_keys(const ConfigNode& map, const std::string& path, const schema::KeyList& allowed);
  // The value of key, or nullptr after "missing required key 'key'" (at the map).
  const ConfigNode* required(const ConfigNode& map, const std::string& path, std::string_view key);

  std::optional<std::string> string(const ConfigNode& node, const std::string& path, bool non_empty = false);
  // [a-z0-9][a-z0-9_.-]*
  std::optional<std::string> name(const ConfigNode& node, const std::string& path);
  // [a-z][a-z0-9_]*
  std::optional<std::string> identifier(const ConfigNode& node, const std::string& path);
  std::optional<std::string> choice(const ConfigNode& node, const std::string& path, const schema::KeyList& allowed);
  std::optional<models::Date> date(const ConfigNode& node, const std::string& path);
  std::optional<double> number(const ConfigNode& node, const std::string& path, const Range& range);
  std::optional<double> power(const ConfigNode& node, const std::string& path, const Range& range);
  std::optional<double> duration(const ConfigNode& node, const std::string& path, const Range& range);
  std::optional<double> money(const ConfigNode& node, const std::string& path, const Range& range);
  // A fraction in the range: [min, max], or (min, max] when min_exclusive; min may be negative (a decline).
  std::optional<double> fraction(const ConfigNode& node, const std::string& path, const Range& range);
  // A count: a plain number or money's syntax without '$' ("900M", "8.6T", "9e8"); range messages say "a count".
  std::optional<double> count(const ConfigNode& node, const std::string& path, const Range& range);
  // A quantity read with a units:: parser; what describes the syntax ("a carbon intensity with a unit (g/kWh,
  // gCO2/kWh, kg/MWh)"), kind names it in range messages ("a carbon intensity").
  std::optional<double> measure(const ConfigNode& node, const std::string& path,
                                units::Parsed (*parse)(std::string_view), std::string_view what,
                                std::string_view kind, const Range& range);
  // what: e.g. "an integer from 1 to 10000".
  std::optional<std::int64_t> integer(const ConfigNode& node, const std::string& path, std::int64_t min,
                                      std::int64_t max, std::string_view what);
  std::optional<std::uint64_t> unsigned_integer(const ConfigNode& node, const std::string& path);
  std::optional<OutputStep> output_step(const ConfigNode& node, const std::string& path);

 private:
  // The hint for a failed read: the parser's, or the distribution hint.
  std::string_view hint_for(const ConfigNode& node, std::string_view parsed_hint = {}) const;
  std::optional<double> check_range(const ConfigNode& node, const std::string& path, double value,
                                    std::string_view kind, const Range& range);
  Diagnostics& diagnostics_;
  bool hint_distributions_ = false;
};

// Reads one plain value of the spec.
std::optional<Value> read_value(Reader& r, const ValueSpec& spec, const ConfigNode& node, const std::string& path);

// A spec file (sweep, optimization) read and parsed: its root map and its text, or nothing with the reason in
// `diagnostics` (a file that cannot be read, YAML that does not parse, or a root that is not `expected`).
struct SpecRoot {
  ConfigNode root;
  std::string text;
};
std::optional<SpecRoot> read_spec_root(const std::string& path, const std::string& expected, Diagnostics& diagnostics);

}  // namespace gwsim
