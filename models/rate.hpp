// Weekly rates turned into whole units per day, with no drift: rack production ("1,000 racks per week") and
// installation by crews ("150 racks per week per site").
//
// Over the first n days from the start, a rate of r units per week yields cumulative(n) = floor(r * n / 7 + eps)
// whole units; day i (0-based) yields cumulative(i + 1) - cumulative(i). So fractional racks carry over and the
// total never drifts from r per week.
// Worked example: r = 10 racks/week -> days 0..6 yield 1, 1, 2, 1, 2, 1, 2 (cumulative 1, 2, 4, 5, 7, 8, 10).
#pragma once

#include <cstdint>

namespace gwsim::models {

std::int64_t cumulative_units(double units_per_week, std::int64_t days);
std::int64_t units_on_day(double units_per_week, std::int64_t day_index);

}  // namespace gwsim::models
