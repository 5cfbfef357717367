// Parsing of the quantities a scenario writes as text with units.
//
//   power     number then W, kW, MW or GW, space optional ("1.2 GW", "190kW"); case as written -> W
//   duration  number then day/days/d, week/weeks/w, month/months/mo, year/years/y -> days
//             (1 month = 30.4375 days, 1 year = 365.25 days: models/date.hpp)
//   money     '$' then a number, commas allowed between digit groups, optional suffix K, M, B, T -> USD
//   fraction  a plain number, or a percentage "15%" -> fraction
//   count     a plain number ("900000000", "9e8"), or money's syntax without '$' ("900M", "8.6T", "1,500") -> number
//   carbon    number then g/kWh, gCO2/kWh or kg/MWh (all the same number) -> grams of CO2 per kWh
//   water     number then L/kWh -> litres per kWh
//   step      "Nd", "Nw", "Nmo" with N >= 1, or "Nh" with N dividing 24 (1, 2, 3, 4, 6, 8, 12) -> OutputStep
// Functions here check syntax and finiteness only; ranges are the validator's business. A failed parse may carry a
// hint ("did you mean 'MW'?", "not a finite number") for the message.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "models/date.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim::units {

struct Parsed {
  std::optional<double> value;
  std::string hint;  // why it failed, when that can be said more precisely than "expected X"
};

// A whole-text decimal number ("12", "-0.5", "1e9"); rejects "12x", "", NaN and infinities (hint says so).
Parsed parse_number(std::string_view text);
Parsed parse_power_w(std::string_view text);
Parsed parse_duration_days(std::string_view text);
Parsed parse_money_usd(std::string_view text);
Parsed parse_fraction(std::string_view text);
Parsed parse_count(std::string_view text);
Parsed parse_carbon_g_per_kwh(std::string_view text);
Parsed parse_water_l_per_kwh(std::string_view text);
// Decimal digits with an optional '-' sign; nullopt for anything else or on overflow.
std::optional<std::int64_t> parse_integer(std::string_view text);
std::optional<std::uint64_t> parse_unsigned(std::string_view text);
std::optional<OutputStep> parse_output_step(std::string_view text);
// models::parse_iso_date, with a hint when the text has the right shape but is no valid date.
struct ParsedDate {
  std::optional<models::Date> value;
  std::string hint;
};
ParsedDate parse_date(std::string_view text);

}  // namespace gwsim::units
