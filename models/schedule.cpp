#include "models/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>

namespace gwsim::models {

Schedule::Schedule(double initial, std::vector<SchedulePoint> points)
    : initial_(initial), points_(std::move(points)) {
  // A ramp starts from the level reached the day before its date, even if an earlier ramp was still under way
  // then (the earlier ramp stops there); each start level depends only on the points before it.
  start_levels_.reserve(points_.size());
  for (std::size_t k = 0; k < points_.size(); ++k) {
    start_levels_.push_back(value_with(k, Date{points_[k].from.days - 1}));
  }
}

double Schedule::value_with(std::size_t count, Date day) const {
  std::size_t k = count;
  while (k > 0 && day < points_[k - 1].from) --k;
  if (k == 0) return initial_;
  const SchedulePoint& p = points_[k - 1];
  const double prev = start_levels_[k - 1];
  const double elapsed = static_cast<double>(days_between(p.from, day)) + 1.0;
  if (p.ramp_days <= 0.0 || elapsed >= p.ramp_days) return p.value;
  return prev + (p.value - prev) * (elapsed / p.ramp_days);
}

double Schedule::value_at(Date day) const { return value_with(points_.size(), day); }

double Schedule::highest(Date from, Date to) const {
  double best = std::max(value_at(from), value_at(to));
  for (const SchedulePoint& p : points_) {
    const auto ramp = static_cast<std::int32_t>(std::ceil(std::max(0.0, p.ramp_days)));
    for (const std::int32_t d : {p.from.days - 1, p.from.days, p.from.days + std::max(0, ramp - 1)}) {
      if (d > from.days && d < to.days) best = std::max(best, value_at(Date{d}));
    }
  }
  return best;
}

}  // namespace gwsim::models
