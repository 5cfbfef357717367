// A value that follows the calendar: constant, one value per calendar month (climate: PUE, water use, grid mix),
// or one value per UTC hour of the day (the grid's daily mix).
//
//   constant: v(day, hour) = c
//   monthly:  v(day, hour) = m[month(day) - 1]             (12 values, January first)
//   hourly:   v(day, hour) = h[hour]                       (24 values, hour 0 = 00:00-01:00 UTC)
//   daily mean of hourly: (1/24) * sum h[k]; of the others: v(day, any hour)
// Worked example: a monthly PUE profile [1.10 x 5, 1.25 x 3, 1.10 x 4] gives 1.25 on 2027-07-15 and an annual mean
// of (9 x 1.10 + 3 x 1.25) / 12 = 1.1375.
#pragma once

#include <vector>

#include "models/date.hpp"

namespace gwsim::models {

enum class ProfileKind { kConstant, kMonthly, kHourly };

struct Profile {
  ProfileKind kind = ProfileKind::kConstant;
  std::vector<double> values{0.0};  // 1, 12 or 24 values as kind says (the loader guarantees the count)

  static Profile constant(double value) { return Profile{ProfileKind::kConstant, {value}}; }

  // Value at `hour` (0-23, UTC) of `day`.
  double at(Date day, int hour) const;
  // Mean over the 24 hours of `day`.
  double daily_mean(Date day) const;
  // Mean over a year: the constant, the mean of the 12 months (each month weighted equally) or of the 24 hours.
  double annual_mean() const;
  // Largest value the profile takes.
  double max() const;
};

}  // namespace gwsim::models
