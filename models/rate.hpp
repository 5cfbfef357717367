// Weekly rates turned into whole units per day, with no drift: rack production ("1,000 racks per week") and
// installation by crews ("150 racks per week per site").
//
// Over the first n days from the start, a rate of r units per week yields cumulative(n) = floor(r * n / 7 + eps)
// whole units; day i (0-based) yields cumulative(i + 1) - cumulative(i). So fractional racks carry over and the
// total never drifts from r per week.
// Worked example: r = 10 racks/week -> days 0..6 yield 1, 1, 2, 1, 2, 1, 2 (cumulative 1, 2, 4, 5, 7, 8, 10).
//
// A rate that steps over time (a production ramp) is a step schedule r(d) (models/schedule.hpp, no ramps; 0 before
// its first point unless it is one number). From the day a line opens, d_o, the same rule holds on the sum of the
// daily rates, so fractions carry across a step as they do within one:
//   cumulative(n) = floor( sum_{i < n} r(d_o + i) / 7 + eps )
// Worked example: a line opening 2026-07-01 at 70 racks/week that steps to 140 on 2026-07-08 and to 35 on
// 2026-07-15: days 0..6 yield 10 each (70), days 7..13 yield 20 each (140 more, cumulative 210), days 14..20 yield
// 5 each (cumulative 245 after three weeks).
#pragma once

#include <cstdint>

#include "models/date.hpp"
#include "models/schedule.hpp"

namespace gwsim::models {

std::int64_t cumulative_units(double units_per_week, std::int64_t days);
std::int64_t units_on_day(double units_per_week, std::int64_t day_index);

// The same for a step schedule of weekly rates, from the day `open` the line opens: units made over the first
// `days` days, and on `day` (0 before `open`).
std::int64_t cumulative_units(const Schedule& units_per_week, Date open, std::int64_t days);
std::int64_t units_on_day(const Schedule& units_per_week, Date open, Date day);

}  // namespace gwsim::models
