#include "models/schedule.hpp"

#include <algorithm>

namespace gwsim::models {

Schedule::Schedule(double initial, std::vector<SchedulePoint> points)
    : initial_(initial), points_(std::move(points)) {}

double Schedule::value_at(Date day) const {
  double level = initial_;
  for (const SchedulePoint& p : points_) {
    if (day < p.from) break;
    const double elapsed = static_cast<double>(days_between(p.from, day)) + 1.0;
    if (p.ramp_days <= 0.0 || elapsed >= p.ramp_days) {
      level = p.value;
    } else {
      level = level + (p.value - level) * std::min(1.0, elapsed / p.ramp_days);
    }
  }
  return level;
}

}  // namespace gwsim::models
