#include "models/demand.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace gwsim::models {

double growth_factor(const DemandSpec& spec, Date day) {
  if (spec.growth_per_year == 0.0 || day < spec.growth_from) return 1.0;
  const double years = static_cast<double>(days_between(spec.growth_from, day)) / kDaysPerYear;
  return std::pow(1.0 + spec.growth_per_year, years);
}

double daily_mean_demand(const DemandSpec& spec, Date day) {
  const double g = growth_factor(spec, day);
  if (spec.basis == DemandBasis::kPflops) return spec.pflops.value_at(day) * g;
  const double tokens_per_day =
      spec.weekly_active_users.value_at(day) * spec.tokens_per_user_per_day.value_at(day) +
      spec.tokens_per_day.value_at(day);
  return tokens_per_day * g / kSecondsPerDay;
}

double cycle_factor(const DemandSpec& spec, int hour) {
  const double sum = std::accumulate(spec.daily_cycle.begin(), spec.daily_cycle.end(), 0.0);
  if (sum <= 0.0) return 1.0;
  return spec.daily_cycle[static_cast<std::size_t>(hour)] * 24.0 / sum;
}

int peak_cycle_hour(const DemandSpec& spec) {
  int peak = 0;
  for (int h = 1; h < 24; ++h) {
    if (cycle_factor(spec, h) > cycle_factor(spec, peak)) peak = h;
  }
  return peak;
}

double onboarding_factor(const DemandSpec& spec, Date day, std::optional<Date> first_tokens) {
  if (!spec.ramp_from_first_tokens_days) return 1.0;
  if (!first_tokens || day < *first_tokens) return 0.0;
  const double ramp_days = *spec.ramp_from_first_tokens_days;
  const double elapsed = static_cast<double>(days_between(*first_tokens, day)) + 1.0;
  return ramp_days <= 0.0 ? 1.0 : std::min(1.0, elapsed / ramp_days);
}

double tokens_to_pflops(double tokens_per_s, double fleet_pflops, double fleet_tokens_per_s, double ref_pflops,
                        double ref_tokens_per_s, double realized_fraction) {
  if (!(realized_fraction > 0.0)) return 0.0;
  if (fleet_tokens_per_s > 0.0) return tokens_per_s * fleet_pflops / (realized_fraction * fleet_tokens_per_s);
  if (ref_tokens_per_s > 0.0) return tokens_per_s * ref_pflops / (realized_fraction * ref_tokens_per_s);
  return 0.0;
}

WorkSplit split_work(double training_pflops, double inference_pflops, double live_pflops, ServeFirst first) {
  const double live = std::max(0.0, live_pflops);
  const double t = std::max(0.0, training_pflops);
  const double i = std::max(0.0, inference_pflops);
  WorkSplit split;
  if (first == ServeFirst::kInference) {
    split.inference_pflops = std::min(i, live);
    split.training_pflops = std::min(t, live - split.inference_pflops);
  } else {
    split.training_pflops = std::min(t, live);
    split.inference_pflops = std::min(i, live - split.training_pflops);
  }
  return split;
}

Date training_last_day(const TrainingJob& job) {
  const auto days = static_cast<std::int32_t>(std::llround(job.duration_days));
  return Date{job.start.days + days - 1};
}

double training_demand_pflops(const std::vector<TrainingJob>& jobs, Date day, double live_pflops) {
  double pflops = 0.0;
  for (const TrainingJob& job : jobs) {
    if (job.start <= day && day <= training_last_day(job)) pflops += job.share * live_pflops + job.pflops;
  }
  return pflops;
}


double training_share(const std::vector<TrainingJob>& jobs, Date day) {
  double share = 0.0;
  for (const TrainingJob& job : jobs) {
    if (job.start <= day && day <= training_last_day(job)) share += job.share;
  }
  return share;
}

}  // namespace gwsim::models
