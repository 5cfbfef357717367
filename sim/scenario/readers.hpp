// Typed reading of ConfigNode values with located errors: each reader returns the value, or nullopt after recording
// a Diagnostic that says what was found and what was expected. Shared by the scenario, catalog and defaults
// validators, so that every file reports mistakes the same way.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
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

class Uncertainty;  // uncertainty.hpp
struct FieldSpec;

// Allowed interval of a number; min_text/max_text are how the bounds are written in messages.
struct Range {
  bool has_min = false;
  double min = 0.0;
  bool min_exclusive = false;
  std::string min_text;
  bool has_max = false;
  double max = 0.0;
  std::string max_text;
  bool max_in_description = true;  // false for sanity limits, named only when exceeded

  static Range at_least(double min, std::string text);
  static Range above(double min, std::string text);
  static Range between(double min, std::string min_text, double max, std::string max_text);
  Range& limit(double max, std::string text);  // a sanity limit
  std::string description() const;             // ">= 1.0", "> 0", "in [1.0, 3.0]"
};

// Sanity limits on magnitudes.
inline constexpr double kMaxPowerW = 1e12;          // 1 TW
inline constexpr double kMaxDurationDays = 36525.0;  // 100 years
inline constexpr double kMaxMoneyUsd = 1e15;
inline constexpr double kMaxCount = 1e9;
inline constexpr double kMaxServingTokensPerS = 1e12;  // per rack

// With an Uncertainty (scenario files only), the readers of powers, durations, money, numbers, fractions and dates
// also accept a distribution expression in place of the value (uncertainty.hpp): they return its representative
// value while a template is checked, and the value drawn for the node while a replication is sampled.
class Reader {
 public:
  explicit Reader(Diagnostics& diagnostics, Uncertainty* uncertainty = nullptr)
      : diagnostics_(diagnostics), uncertainty_(uncertainty) {}

  Diagnostics& diagnostics() { return diagnostics_; }
  Uncertainty* uncertainty() const { return uncertainty_; }
  // While the arguments of an expression are read, they are plain values.
  bool uncertainty_suspended() const { return suspended_; }
  void suspend_uncertainty(bool suspended) { suspended_ = suspended; }
  // How a message shows what was found at node: describe(node), or the drawn value and its expression.
  std::string found(const ConfigNode& node) const;
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
  std::optional<double> fraction(const ConfigNode& node, const std::string& path, double max,
                                 std::string_view max_text);
  // A fraction in [min, max], or (min, max] when min_exclusive; min may be negative (a decline).
  std::optional<double> fraction(const ConfigNode& node, const std::string& path, double min, bool min_exclusive,
                                 std::string_view min_text, double max, std::string_view max_text);
  // A count: a plain number or money's syntax without '$' ("900M", "8.6T", "9e8"); range messages say "a count".
  std::optional<double> count(const ConfigNode& node, const std::string& path, const Range& range);
  // A quantity with a unit that takes no distribution (carbon intensity, water usage): parse is a units:: parser,
  // what describes the syntax ("a carbon intensity with a unit (g/kWh, gCO2/kWh, kg/MWh)"), kind names it in range
  // messages ("a carbon intensity").
  std::optional<double> measure(const ConfigNode& node, const std::string& path,
                                units::Parsed (*parse)(std::string_view), std::string_view what,
                                std::string_view kind, const Range& range);
  // what: e.g. "an integer from 1 to 10000".
  std::optional<std::int64_t> integer(const ConfigNode& node, const std::string& path, std::int64_t min,
                                      std::int64_t max, std::string_view what);
  std::optional<std::uint64_t> unsigned_integer(const ConfigNode& node, const std::string& path);
  std::optional<OutputStep> output_step(const ConfigNode& node, const std::string& path);

  // A name-valued field that may be uncertain (a platform id, a cooling kind): discrete(...) or draw(NAME) of names.
  // handled is false when node holds no expression (read it as usual). Otherwise check reads and checks one
  // possible value, positioned where it is written (every choice while a template is checked; the drawn one, at
  // node, while sampling), and value is the representative or drawn name.
  struct NameOutcome {
    bool handled = false;
    std::optional<std::string> value;
  };
  NameOutcome uncertain_name(const ConfigNode& node, const std::string& path, std::string_view what,
                             const std::function<std::optional<std::string>(const ConfigNode&)>& check);

 private:
  struct NumberOutcome {
    bool handled = false;
    std::optional<double> value;
  };
  NumberOutcome uncertain_number(const ConfigNode& node, const std::string& path, const FieldSpec& spec);
  // " (a distribution is not allowed here)" for a key that takes no distribution, when node looks like one.
  std::string_view no_distribution_hint(const ConfigNode& node) const;
  std::optional<double> check_range(const ConfigNode& node, const std::string& path, double value,
                                    std::string_view kind, const Range& range);
  Diagnostics& diagnostics_;
  Uncertainty* uncertainty_ = nullptr;
  bool suspended_ = false;
};

}  // namespace gwsim

namespace gwsim::rules {

// Field rules shared by scenario and defaults files.
std::optional<double> pue(Reader& r, const ConfigNode& node, const std::string& path);
// key: non_gpu_it_share or redundancy_headroom ([0, 0.9]), substation_loss ([0, 0.5]).
std::optional<double> power_chain_fraction(Reader& r, std::string_view key, const ConfigNode& node,
                                           const std::string& path);
std::optional<double> commissioning_days(Reader& r, const ConfigNode& node, const std::string& path);
std::optional<int> pod_racks(Reader& r, const ConfigNode& node, const std::string& path);
std::optional<double> utilization(Reader& r, const ConfigNode& node, const std::string& path);
std::optional<double> facility_capex_per_mw(Reader& r, const ConfigNode& node, const std::string& path);
// One value with its unit: gCO2 per kWh in [0, 2000]; litres per kWh in [0, 20].
std::optional<double> carbon_intensity(Reader& r, const ConfigNode& node, const std::string& path);
std::optional<double> water_usage(Reader& r, const ConfigNode& node, const std::string& path);
// power_cap.power and power_cap.speed: fractions in (0, 1].
std::optional<double> power_cap_fraction(Reader& r, const ConfigNode& node, const std::string& path);
// 24 non-negative weights, one per UTC hour from 00:00, not all 0.
std::optional<std::array<double, 24>> daily_cycle(Reader& r, const ConfigNode& node, const std::string& path);

}  // namespace gwsim::rules
