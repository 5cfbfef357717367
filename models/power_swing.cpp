#include "models/power_swing.hpp"

#include <algorithm>

namespace gwsim::models {
namespace {

constexpr double kSecondsPerMinute = 60.0;

double non_negative(double v) { return std::max(0.0, v); }

}  // namespace

SwingCoverage cover_training_swing(const TrainingSwing& swing, const SwingResources& resources) {
  SwingCoverage c;
  c.swing_mw = non_negative(swing.job_power_mw) * std::clamp(swing.swing_share, 0.0, 1.0);
  const double rack_share = std::clamp(resources.rack_smoothing_share, 0.0, 1.0);
  const double battery = non_negative(resources.battery_power_mw);
  const double headroom = non_negative(resources.headroom_mw);
  const double ramp = std::min(non_negative(resources.generation_spare_mw),
                               non_negative(resources.generation_ramp_mw_per_min) *
                                   non_negative(swing.ramp_time_s) / kSecondsPerMinute);
  const double facility_capacity = battery + headroom + ramp;

  // K solves (1 - r)(S - K) = C when the facility falls short; the racks' share shrinks with the capped swing.
  if (rack_share < 1.0 && (1.0 - rack_share) * c.swing_mw > facility_capacity) {
    c.capped_mw = c.swing_mw - facility_capacity / (1.0 - rack_share);
  }
  const double covered = c.swing_mw - c.capped_mw;
  c.rack_mw = rack_share * covered;
  double left = covered - c.rack_mw;
  c.battery_mw = std::min(left, battery);
  left -= c.battery_mw;
  c.headroom_mw = std::min(left, headroom);
  left -= c.headroom_mw;
  c.generation_ramp_mw = std::min(left, ramp);
  return c;
}

std::vector<double> reserved_shares(std::span<const JobReservation> jobs, double live_pflops) {
  std::vector<double> sigma(jobs.size(), 0.0);
  if (live_pflops <= 0.0) return sigma;
  double sum = 0.0;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (!jobs[j].running) continue;
    sigma[j] = non_negative(jobs[j].share) + non_negative(jobs[j].pflops) / live_pflops;
    sum += sigma[j];
  }
  if (sum > 1.0) {
    for (double& s : sigma) s /= sum;
  }
  return sigma;
}

}  // namespace gwsim::models
