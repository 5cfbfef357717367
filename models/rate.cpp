#include "models/rate.hpp"

#include <cmath>

namespace gwsim::models {

std::int64_t cumulative_units(double units_per_week, std::int64_t days) {
  if (days <= 0 || units_per_week <= 0.0) return 0;
  return static_cast<std::int64_t>(std::floor(units_per_week * static_cast<double>(days) / 7.0 + 1e-9));
}

std::int64_t units_on_day(double units_per_week, std::int64_t day_index) {
  if (day_index < 0) return 0;
  return cumulative_units(units_per_week, day_index + 1) - cumulative_units(units_per_week, day_index);
}

}  // namespace gwsim::models
