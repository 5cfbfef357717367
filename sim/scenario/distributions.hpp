// Distribution expressions (docs/scenario-reference.md, "Uncertainty"): their syntax, and the distributions they
// state, as values that can be drawn from.
//
//   triangular(MIN, MODE, MAX)   uniform(MIN, MAX)   normal(MEAN, SD)   normal(MEAN, SD, MIN, MAX)
//   lognormal(MEDIAN, P90)       discrete(V1 @ W1, V2 @ W2, ...)        draw(NAME)
//   DATE + <one of the above, over durations>
//
// This file knows text and numbers only: which field an expression stands in, and how its arguments are read, is
// the expressions pass's business (expressions.hpp). Compiled with -ffp-contract=off (CMakeLists.txt): drawn values
// are computed here and must be the same on every machine (sampling.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/diagnostics.hpp"

namespace gwsim {

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

// ---- Syntax.

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

struct ParsedExpression {
  std::optional<Expression> expression;
  std::size_t error_offset = 0;  // where the syntax error is, when expression is empty
  std::string error;
};

// True when text is written as a distribution expression: NAME(...) or YYYY-MM-DD + ....
bool looks_uncertain(std::string_view text);
// Parses text for which looks_uncertain() is true.
ParsedExpression parse_expression(std::string_view text);
// The trimmed text of s[begin, end), with its offset.
Piece trimmed(std::string_view s, std::size_t begin, std::size_t end);
std::optional<Family> family_named(std::string_view name);
// "triangular", ..., "discrete", and "draw": the names an expression may call.
const std::vector<std::string_view>& function_names();

// ---- Values.

// A value as text with its unit: at full precision (the shortest text that reads back the same double), or with
// `digits` significant digits for messages.
std::string format_value(Quantity quantity, double value, int digits = 0);
// The kind of quantity a text is written as (the arguments of a shared draw).
Quantity classify(std::string_view text);
double round_date(double days);

}  // namespace gwsim
