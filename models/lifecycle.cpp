#include "models/lifecycle.hpp"

#include <algorithm>

namespace gwsim::models {
namespace {

Date life_year_start(Date in_service, int year) { return add_calendar_months(in_service, 12 * year); }

// Calls f(year, charge) for k = 0 .. life_years - 1, carrying the book value forward without allocating.
template <class F>
void for_each_life_year(double cost_usd, const DepreciationSchedule& schedule, F&& f) {
  const int life = std::max(1, schedule.life_years);
  const double salvage = cost_usd * schedule.salvage_fraction;
  double book = cost_usd;
  for (int k = 0; k < life; ++k) {
    double charge = (cost_usd - salvage) / life;
    if (schedule.method == DepreciationMethod::kDecliningBalance) {
      const double declining = book * schedule.declining_factor / life;
      const double straight = (book - salvage) / (life - k);
      charge = std::min(std::max(declining, straight), book - salvage);
    }
    f(k, charge);
    book -= charge;
  }
}

}  // namespace

Date retirement_date(Date in_service, int service_life_years) {
  return add_calendar_months(in_service, 12 * service_life_years);
}

bool in_service_on(Date day, Date in_service, int service_life_years) {
  return in_service <= day && day < retirement_date(in_service, service_life_years);
}

double life_year_depreciation_usd(double cost_usd, const DepreciationSchedule& schedule, int year) {
  double result = 0.0;
  for_each_life_year(cost_usd, schedule, [&](int k, double charge) {
    if (k == year) result = charge;
  });
  return result;
}

double depreciation_usd(double cost_usd, Date in_service, const DepreciationSchedule& schedule, Date from, Date to) {
  if (to <= from) return 0.0;
  double total = 0.0;
  for_each_life_year(cost_usd, schedule, [&](int k, double charge) {
    const Date start = life_year_start(in_service, k);
    const Date end = life_year_start(in_service, k + 1);
    const Date overlap_start = std::max(start, from);
    const Date overlap_end = std::min(end, to);
    if (overlap_start < overlap_end) {
      total += charge * days_between(overlap_start, overlap_end) / days_between(start, end);
    }
  });
  return total;
}

double book_value_usd(double cost_usd, Date in_service, const DepreciationSchedule& schedule, Date on) {
  return cost_usd - depreciation_usd(cost_usd, in_service, schedule, in_service, on);
}

}  // namespace gwsim::models
