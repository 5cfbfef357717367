// Distribution expressions in scenario values (docs/scenario-reference.md, "Uncertainty").
//
//   triangular(MIN, MODE, MAX)   uniform(MIN, MAX)   normal(MEAN, SD)   normal(MEAN, SD, MIN, MAX)
//   lognormal(MEDIAN, P90)       discrete(V1 @ W1, V2 @ W2, ...)        draw(NAME)
//   DATE + <one of the above, over durations>
//
// The typed readers (readers.hpp) recognise an expression where a power, duration, money, number, fraction, date, a
// platform id or a cooling kind is read, and hand it to an Uncertainty:
//  - in template mode (load_template) it parses the expression, reads each argument with the field's own reader
//    (so an argument gets the field's unit and range checks, located at the argument), checks the parameters
//    (MIN <= MODE <= MAX, SD > 0, ...), records the value and returns a representative (the mode, midpoint, mean,
//    median or first value) for the rest of the validation;
//  - in sample mode (sample_scenario) it returns the value drawn for that node in this replication.
// The shared draws of `draws:` are read first; draw(NAME) takes the same value wherever it is used.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "models/date.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/diagnostics.hpp"

namespace gwsim {

class Reader;
struct Range;

// The kind of quantity a distribution ranges over. Base units: W, days, USD; dates as days since 1970-01-01.
enum class Quantity { kNumber, kPower, kDuration, kMoney, kDate, kName };
enum class Family { kTriangular, kUniform, kNormal, kLognormal, kDiscrete };

struct Distribution {
  Family family = Family::kUniform;
  Quantity quantity = Quantity::kNumber;
  // triangular: min, mode, max; uniform: min, max; normal: mean, sd, lo, hi; lognormal: mu, sigma (of the log).
  double a = 0.0, b = 0.0, c = 0.0, d = 0.0;
  double cdf_lo = 0.0, cdf_hi = 1.0;  // normal: Phi at the standardised bounds
  std::vector<double> values;         // discrete, numeric quantities
  std::vector<std::string> names;     // discrete over names
  std::vector<Origin> origins;        // discrete: where each value is written
  std::vector<double> cumulative;     // discrete: cumulative normalised weights, the last exactly 1
  double lower = 0.0, upper = 0.0;    // the values it can take lie in [lower, upper] (upper may be +inf)

  // The value at u in [0, 1): base units, dates rounded to the nearest day; index is the discrete choice.
  double quantile(double u, std::size_t& index) const;
};

// One value of one replication (or the representative one).
struct DrawnValue {
  double number = 0.0;  // base units; a date's day number
  std::string name;     // Quantity::kName
  std::string text;     // with its unit: "401.3 days", "$5.62M", "2026-11-03", "vera_rubin_nvl72"
};

// A value of the scenario that is drawn: a field, or a shared draw (path "draws.NAME").
struct UncertainValue {
  std::string path;          // dotted path, or "draws.NAME"
  std::string expression;    // as written
  Origin origin;
  const ConfigNode* node = nullptr;  // in the template's tree
  Quantity quantity = Quantity::kNumber;
  bool shared = false;       // a draws: entry
  bool offset = false;       // DATE + X: base + X, rounded to the nearest day
  models::Date base;
  std::optional<Distribution> distribution;  // its own (the offset's for DATE + X); none for draw(NAME)
  std::size_t draw = 0;      // without a distribution: the index of the shared draw it takes
  std::uint64_t stream = 0;  // FNV-1a 64 of path
  std::string label;         // what the representative is: "mode", "midpoint", "mean", "median", "first value"
  DrawnValue representative;
};

// What a field's reader expects, for reading an expression in its place.
struct FieldSpec {
  Quantity quantity = Quantity::kNumber;
  std::string_view kind;   // "a power": range messages ("expected a power >= 0 W")
  std::string_view what;   // the reader's own description: "a power with a unit (W, kW, MW, GW)"
  const Range* range = nullptr;  // the field's range; nullptr for none
  bool fraction = false;         // a fraction in [fraction_min, fraction_max]: numbers or percentages
  double fraction_min = 0.0;
  bool fraction_min_exclusive = false;  // (fraction_min, fraction_max]
  std::string_view fraction_min_text = "0";
  double fraction_max = 1.0;
  std::string_view fraction_max_text;
  bool count = false;            // Quantity::kNumber written as a count ("900M", "9e8"): arguments read as counts
  // Quantity::kName: reads and checks one possible value (a node positioned where it is written).
  std::function<std::optional<std::string>(const ConfigNode&)> name;
};

// A fraction field's description, "a fraction in [0, 1] (a number, or a percentage such as 15%)", and whether value
// falls outside its interval.
std::string fraction_what(const FieldSpec& spec);
bool fraction_outside(const FieldSpec& spec, double value);

class Uncertainty {
 public:
  struct Outcome {
    bool handled = false;              // false: the node holds no expression; read it as usual
    std::optional<DrawnValue> value;   // the representative or drawn value; nullopt after errors
  };

  // Template mode: parses and collects.
  Uncertainty() = default;
  // Sample mode: the drawn values of a template's values (same order), found by node.
  Uncertainty(const std::unordered_map<const ConfigNode*, std::size_t>& index,
              const std::vector<UncertainValue>& values, const std::vector<DrawnValue>& drawn);

  bool collecting() const { return drawn_ == nullptr; }

  // Template mode.
  void read_draws(Reader& r, const ConfigNode& draws);
  Outcome read(Reader& r, const ConfigNode& node, const std::string& path, const FieldSpec& spec);
  // After validation: the values in document order (rank of the source, line, column), draws remapped, and the
  // index of the template's nodes.
  void finish(std::vector<UncertainValue>& values, std::unordered_map<const ConfigNode*, std::size_t>& index);

  // Sample mode: the value drawn for node, or nullptr.
  const DrawnValue* drawn(const ConfigNode& node) const;
  // How a diagnostic shows an uncertain node: "'401.3 days' (drawn from 'triangular(...)')" when sampling,
  // "'triangular(...)' (checked at its mode, 365.25 days)" in the template; empty for other nodes.
  std::string found(const ConfigNode& node) const;

 private:
  std::optional<std::size_t> resolve_draw(Reader& r, const ConfigNode& node, const std::string& path,
                                          const std::string& name, std::size_t name_offset);
  std::size_t record(UncertainValue value);

  // Template mode.
  std::vector<UncertainValue> values_;
  std::unordered_map<const ConfigNode*, std::size_t> collected_;
  std::map<std::string, std::size_t, std::less<>> draws_;  // name -> index in values_
  std::vector<std::string> draw_order_;
  std::vector<std::string> failed_draws_;
  // Sample mode.
  const std::unordered_map<const ConfigNode*, std::size_t>* index_ = nullptr;
  const std::vector<UncertainValue>* sample_values_ = nullptr;
  const std::vector<DrawnValue>* drawn_ = nullptr;
};

// True when text is written as a distribution expression: NAME(...) or YYYY-MM-DD + ....
bool looks_uncertain(std::string_view text);
// A value as text with its unit: at full precision (the shortest text that reads back the same double), or with
// `digits` significant digits for messages.
std::string format_value(Quantity quantity, double value, int digits = 0);
// Draws every value of a template (in the order given) for (seed, replication).
std::vector<DrawnValue> draw_values(const std::vector<UncertainValue>& values, std::uint64_t seed,
                                    std::uint64_t replication);

}  // namespace gwsim
