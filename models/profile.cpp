#include "models/profile.hpp"

#include <algorithm>
#include <numeric>

namespace gwsim::models {

double Profile::at(Date day, int hour) const {
  switch (kind) {
    case ProfileKind::kMonthly:
      return values[static_cast<std::size_t>(civil_from_date(day).month - 1)];
    case ProfileKind::kHourly:
      return values[static_cast<std::size_t>(std::clamp(hour, 0, 23))];
    case ProfileKind::kConstant:
      break;
  }
  return values.front();
}

double Profile::daily_mean(Date day) const {
  if (kind == ProfileKind::kHourly) return annual_mean();
  return at(day, 0);
}

double Profile::annual_mean() const {
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

double Profile::max() const { return *std::max_element(values.begin(), values.end()); }

}  // namespace gwsim::models
