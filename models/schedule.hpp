// Step-and-ramp schedules of a quantity over dates: grid interconnect capacity, utilization.
//
// A schedule is a list of points (from, value, ramp_days), sorted by date. Before the first point the value is
// `initial`. From point k's date the value moves linearly from the previous level to value_k over ramp_days
// (0 = a step), then holds:
//   v(d) = prev + (value_k - prev) * min(1, (d - from_k + 1) / ramp_days)   for d >= from_k, ramp_days > 0
// where prev is the schedule's value the day before from_k. Day d counts as a whole day, so a 10-day ramp
// reaches its target on its 10th day.
// A point dated while an earlier ramp is still under way takes over from the level that ramp reached the day
// before; the earlier ramp goes no further.
// Worked example (grid of a site): initial 0, {2026-03-01, 300 MW, 0}, {2026-09-01, 1200 MW, 30 days}:
//   2026-02-28 -> 0 MW; 2026-03-01 -> 300 MW; 2026-09-01 -> 300 + 900 * 1/30 = 330 MW;
//   2026-09-15 -> 300 + 900 * 15/30 = 750 MW; 2026-09-30 and later -> 1200 MW.
// The value is linear between breakpoints (each point's date, the day before it, the last day of its ramp), so its
// highest value over days [from, to] is at one of those or at either end: over 2026-01-01 to 2026-09-15 it is
// 750 MW, and 1200 MW over any span that reaches 2026-09-30.
#pragma once

#include <cstddef>
#include <vector>

#include "models/date.hpp"

namespace gwsim::models {

struct SchedulePoint {
  Date from;
  double value = 0.0;
  double ramp_days = 0.0;
};

class Schedule {
 public:
  Schedule() = default;
  // points must be sorted by date (the scenario validator guarantees it).
  Schedule(double initial, std::vector<SchedulePoint> points);

  double value_at(Date day) const;
  // Dates at which the value changes (step dates and each day of a ramp), for event-driven consumers.
  const std::vector<SchedulePoint>& points() const { return points_; }
  double initial() const { return initial_; }
  // The highest value over the days from..to (inclusive; from <= to).
  double highest(Date from, Date to) const;

 private:
  // Value at `day` using only the first `count` points.
  double value_with(std::size_t count, Date day) const;

  double initial_ = 0.0;
  std::vector<SchedulePoint> points_;
  std::vector<double> start_levels_;  // start_levels_[k] = prev of point k: the value the day before from_k
};

}  // namespace gwsim::models
