// Service life, retirement and depreciation of equipment placed in service on a date.
//
// Retirement. Equipment in service on day s with a service life of N years retires on s + N calendar years
// (add_calendar_months(s, 12 N): 2026-07-01 + 5 years = 2031-07-01; a 29 February start retires on 28 February); it
// counts as in service on days s <= d < retirement. What replaces it (a newer platform through the same supply,
// halls and crews) is the scenario's refresh policy, applied by the engine.
// Depreciation over L whole years (life_years; the accounting life, which may differ from the service life), cost C,
// salvage S = salvage_fraction x C, book value B_k at the start of life year k (B_0 = C), k = 0 .. L-1:
//   straight-line:      D_k = (C - S) / L
//   declining balance:  D_k = min( max( B_k x f / L , (B_k - S) / (L - k) ) , B_k - S )
//                       f = declining_factor (2 = double-declining): the declining charge until the straight-line
//                       charge on what remains is larger, never below salvage; sum of D_k = C - S either way.
// Dates (the convention): life year k runs from s + k years to s + (k + 1) years (calendar, as above), and D_k is
// spread evenly over its days (365 or 366: a leap day makes that year's daily charge slightly smaller). Depreciation
// starts on the in-service day (no half-year or mid-month convention: the simulation resolves days). The expense
// over any period [t0, t1) is the sum over life years of D_k x (days of the period inside year k) / (days of year k);
// the book value at the start of day t is C minus the expense over [s, t). Equipment retired before the end of its
// accounting life leaves its book value at retirement to be written off (or recovered by a sale) by the caller.
// Not modelled: tax depreciation (MACRS, bonus depreciation), impairment, component accounting.
//
// Parameters and units: cost and salvage in USD, lives in whole years, dates as models::Date.
// Sources of defaults (configs/, with labels there): hyperscalers depreciate servers over 5-6 years (Microsoft
// extended 4 -> 6 years in FY2023, Amazon shortened a subset of servers 6 -> 5 years from 2025, 10-K) [O]; critics
// argue 2-3 years for AI accelerators [A].
//
// Worked examples (checked by tests/unit/lifecycle_test.cpp):
//   Textbook, C = $10,000, L = 5:
//     straight-line, S = $1,000:       1,800 a year.
//     double-declining, S = $1,000:    4,000  2,400  1,440  864  296  (book 6,000 3,600 2,160 1,296 1,000; the last
//                                      year is capped at B - S = 296).
//     double-declining, S = 0:         4,000  2,400  1,440  1,080  1,080  (year 4 switches: 2,160 / 2 = 1,080 > 864).
//   Dated: a $5.5M rack in service 2026-07-01, straight-line over 5 years, no salvage: $1.1M a year.
//     2026 (184 of the 365 days of life year 1):     1.1M x 184/365 = $554,520.55; book on 2027-01-01 $4,945,479.45.
//     2028: life year 2 (2027-07-01 .. 2028-07-01, 366 days) gives 182 days, life year 3 gives 184 of 365:
//           1.1M x 182/366 + 1.1M x 184/365 = 546,994.54 + 554,520.55 = $1,101,515.09.
//     double-declining instead: 2026 = 2.2M x 184/365 = $1,109,041.10.
//   Retired after 5 years (2031-07-01) while depreciated over 6 straight-line: book value then 5.5M / 6 = $916,666.67.
// Retired in a ledger (DepreciationLedger::retire): the item's daily rate stops on the retirement day, and its book
// value then is written off: the rate D_k / (days of year k) is taken off from max(start of year k, retirement) to
// the end of year k, for every life year not over by then. Example: the $5.5M rack above, 6 years straight-line,
// retired on 2027-01-01 (184 days into its first life year of 365): expense 5.5M / 6 x 184 / 365 = $462,100.46,
// nothing after; written off $5,037,899.54. Retired on 2031-07-01: written off $916,666.67.
// A ledger of many items on one schedule (DepreciationLedger): every D_k is cost x the charge of a $1 item, so each
// item adds a daily rate D_k / (days of year k) from the start of its life year k to the start of year k + 1; the
// expense over consecutive periods is the integral of the summed rate, O((items x L + periods) log items) rather
// than items x periods. It equals depreciation_usd summed over the items (up to rounding).
//   Ledger example: $3.65M straight-line over 1 year from 2026-01-01 ($10,000 a day) and $7.3M over 1 year from
//   2026-01-11 ($20,000 a day): expense over [start, 2026-01-11) = $100,000; then to 2026-01-21 = 10 x $30,000 =
//   $300,000; cost placed $10.95M, book value on 2026-01-21 $10.55M.
#pragma once

#include <utility>
#include <vector>

#include "models/date.hpp"

namespace gwsim::models {

enum class DepreciationMethod { kStraightLine, kDecliningBalance };

struct DepreciationSchedule {
  DepreciationMethod method = DepreciationMethod::kStraightLine;
  int life_years = 5;             // >= 1
  double salvage_fraction = 0.0;  // of cost, in [0, 1]
  double declining_factor = 2.0;  // declining balance only; > 0
};

Date retirement_date(Date in_service, int service_life_years);
// A service life stated as a duration (a scenario's tranches[].service_life, in days; years are 365.25 days):
// retirement on in_service + round(days) (5 years = 1,826.25 days -> 1,826: 2026-07-01 retires on 2031-07-01).
Date retirement_day(Date in_service, double service_life_days);
bool in_service_on(Date day, Date in_service, int service_life_years);

// D_k, the charge of life year k (0-based); 0 outside 0 .. life_years - 1.
double life_year_depreciation_usd(double cost_usd, const DepreciationSchedule& schedule, int year);
// Expense over [from, to) (0 when to <= from), prorated by days within each life year.
double depreciation_usd(double cost_usd, Date in_service, const DepreciationSchedule& schedule, Date from, Date to);
// Book value at the start of day `on`: cost minus the expense over [in_service, on).
double book_value_usd(double cost_usd, Date in_service, const DepreciationSchedule& schedule, Date on);

// Items placed in service on one schedule, and their expense over consecutive periods (see top).
class DepreciationLedger {
 public:
  explicit DepreciationLedger(const DepreciationSchedule& schedule);
  // Adds an item; every item must be added before the first expense_until().
  void place_in_service(double cost_usd, Date in_service);
  // Retires an item placed in service (same cost and day) on `on`: its depreciation stops there (no charge on or
  // after `on`), and its book value then, cost minus the expense over [in_service, on), is returned and counted in
  // written_off_usd() (0 when `on` is past its accounting life, or on or before its in-service day: then the whole
  // cost). Like place_in_service, before the first expense_until().
  double retire(double cost_usd, Date in_service, Date on);
  // The expense from the previous call's `to` (the first call: from the earliest item) to `to`, exclusive;
  // `to` must not decrease from one call to the next (0 when it does not move).
  double expense_until(Date to);
  double cost_usd() const { return cost_usd_; }
  double expensed_usd() const { return expensed_usd_; }
  double written_off_usd() const { return written_off_usd_; }

 private:
  std::vector<double> charge_per_usd_;  // D_k of a $1 item, k = 0 .. L-1
  std::vector<std::pair<Date, double>> rate_changes_;  // (day, change of the daily rate), sorted on first use
  bool sorted_ = false;
  std::size_t next_ = 0;
  Date at_{};
  double rate_per_day_ = 0.0;
  double cost_usd_ = 0.0;
  double expensed_usd_ = 0.0;
  double written_off_usd_ = 0.0;
};

}  // namespace gwsim::models
