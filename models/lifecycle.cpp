#include "models/lifecycle.hpp"

#include <algorithm>
#include <cmath>

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

Date retirement_day(Date in_service, double service_life_days) {
  return Date{in_service.days + static_cast<std::int32_t>(std::llround(service_life_days))};
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

DepreciationLedger::DepreciationLedger(const DepreciationSchedule& schedule) {
  for_each_life_year(1.0, schedule, [&](int, double charge) { charge_per_usd_.push_back(charge); });
}

void DepreciationLedger::place_in_service(double cost_usd, Date in_service) {
  if (cost_usd == 0.0) return;
  cost_usd_ += cost_usd;
  for (std::size_t k = 0; k < charge_per_usd_.size(); ++k) {
    const Date start = life_year_start(in_service, static_cast<int>(k));
    const Date end = life_year_start(in_service, static_cast<int>(k) + 1);
    const double rate = cost_usd * charge_per_usd_[k] / days_between(start, end);
    rate_changes_.emplace_back(start, rate);
    rate_changes_.emplace_back(end, -rate);
  }
}

double DepreciationLedger::retire(double cost_usd, Date in_service, Date on) {
  if (cost_usd == 0.0) return 0.0;
  double book = cost_usd;
  for (std::size_t k = 0; k < charge_per_usd_.size(); ++k) {
    const Date start = life_year_start(in_service, static_cast<int>(k));
    const Date end = life_year_start(in_service, static_cast<int>(k) + 1);
    const double rate = cost_usd * charge_per_usd_[k] / days_between(start, end);
    if (end <= on) {
      book -= rate * days_between(start, end);
      continue;
    }
    const Date from = std::max(start, on);
    if (start < on) book -= rate * days_between(start, on);
    rate_changes_.emplace_back(from, -rate);
    rate_changes_.emplace_back(end, rate);
  }
  written_off_usd_ += book;
  return book;
}

double DepreciationLedger::expense_until(Date to) {
  if (!sorted_) {
    std::stable_sort(rate_changes_.begin(), rate_changes_.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    sorted_ = true;
    if (!rate_changes_.empty()) at_ = rate_changes_.front().first;
  }
  double expense = 0.0;
  while (at_ < to) {
    while (next_ < rate_changes_.size() && rate_changes_[next_].first <= at_) {
      rate_per_day_ += rate_changes_[next_++].second;
    }
    if (next_ == rate_changes_.size()) rate_per_day_ = 0.0;  // every life has ended: no rounding residue
    const Date until = next_ < rate_changes_.size() ? std::min(to, rate_changes_[next_].first) : to;
    expense += rate_per_day_ * days_between(at_, until);
    at_ = until;
  }
  expensed_usd_ += expense;
  return expense;
}

}  // namespace gwsim::models
