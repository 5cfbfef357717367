#include "models/rate.hpp"

#include <algorithm>
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

namespace {

// sum_{i < days} r(open + i): the schedule is constant between its points' dates (steps only).
double rate_days(const Schedule& units_per_week, Date open, std::int64_t days) {
  const Date end{open.days + static_cast<std::int32_t>(days)};
  Date segment = open;
  double sum = 0.0;
  for (const SchedulePoint& point : units_per_week.points()) {
    if (point.from <= segment) continue;
    if (point.from >= end) break;
    sum += std::max(0.0, units_per_week.value_at(segment)) * static_cast<double>(days_between(segment, point.from));
    segment = point.from;
  }
  return sum + std::max(0.0, units_per_week.value_at(segment)) * static_cast<double>(days_between(segment, end));
}

}  // namespace

std::int64_t cumulative_units(const Schedule& units_per_week, Date open, std::int64_t days) {
  if (days <= 0) return 0;
  return static_cast<std::int64_t>(std::floor(rate_days(units_per_week, open, days) / 7.0 + 1e-9));
}

std::int64_t units_on_day(const Schedule& units_per_week, Date open, Date day) {
  if (day < open) return 0;
  const std::int64_t index = days_between(open, day);
  return cumulative_units(units_per_week, open, index + 1) - cumulative_units(units_per_week, open, index);
}

}  // namespace gwsim::models
