// Unit tests for models/lifecycle: retirement dates, textbook depreciation schedules and day-prorated periods.
#include "models/lifecycle.hpp"

#include <gtest/gtest.h>

namespace gwsim::models {
namespace {

constexpr double kUsdTol = 1e-6;  // sums of a few doubles near 1e6: errors ~1e-9 USD

DepreciationSchedule straight(int years, double salvage = 0.0) {
  return {DepreciationMethod::kStraightLine, years, salvage, 2.0};
}
DepreciationSchedule ddb(int years, double salvage = 0.0) {
  return {DepreciationMethod::kDecliningBalance, years, salvage, 2.0};
}

TEST(Lifecycle, RetirementIsWholeCalendarYearsLater) {
  const Date start = date_from_civil(2026, 7, 1);
  EXPECT_EQ(to_iso(retirement_date(start, 5)), "2031-07-01");
  EXPECT_TRUE(in_service_on(start, start, 5));
  EXPECT_TRUE(in_service_on(date_from_civil(2031, 6, 30), start, 5));
  EXPECT_FALSE(in_service_on(date_from_civil(2031, 7, 1), start, 5));
  EXPECT_FALSE(in_service_on(date_from_civil(2026, 6, 30), start, 5));
  // A leap-day start retires on 28 February (the day is clamped to the month).
  EXPECT_EQ(to_iso(retirement_date(date_from_civil(2028, 2, 29), 3)), "2031-02-28");
}

TEST(Lifecycle, TextbookStraightLine) {
  // (10,000 - 1,000) / 5 = 1,800 a year, nothing outside the life.
  for (int k = 0; k < 5; ++k) EXPECT_NEAR(life_year_depreciation_usd(10'000.0, straight(5, 0.1), k), 1'800.0, kUsdTol);
  EXPECT_DOUBLE_EQ(life_year_depreciation_usd(10'000.0, straight(5, 0.1), 5), 0.0);
  EXPECT_DOUBLE_EQ(life_year_depreciation_usd(10'000.0, straight(5, 0.1), -1), 0.0);
  // 3 and 6 year lives: 10,000 / 3 and 10,000 / 6.
  EXPECT_NEAR(life_year_depreciation_usd(10'000.0, straight(3), 2), 3'333.333333, 1e-6);
  EXPECT_NEAR(life_year_depreciation_usd(10'000.0, straight(6), 5), 1'666.666667, 1e-6);
}

TEST(Lifecycle, TextbookDoubleDecliningWithSalvage) {
  // 40% of book: 4,000, 2,400, 1,440, 864 (straight-line on the rest is smaller until then: 1,800, 1,250, 866.67,
  // 580), then the last year is capped at book 1,296 - salvage 1,000 = 296.
  const double expected[] = {4'000.0, 2'400.0, 1'440.0, 864.0, 296.0};
  for (int k = 0; k < 5; ++k) {
    EXPECT_NEAR(life_year_depreciation_usd(10'000.0, ddb(5, 0.1), k), expected[k], kUsdTol) << k;
  }
}

TEST(Lifecycle, TextbookDoubleDecliningSwitchesToStraightLine) {
  // No salvage: 4,000, 2,400, 1,440; year 4: declining 864 < straight-line 2,160 / 2 = 1,080, so 1,080 twice.
  const double expected[] = {4'000.0, 2'400.0, 1'440.0, 1'080.0, 1'080.0};
  double total = 0.0;
  for (int k = 0; k < 5; ++k) {
    const double d = life_year_depreciation_usd(10'000.0, ddb(5), k);
    EXPECT_NEAR(d, expected[k], kUsdTol) << k;
    total += d;
  }
  EXPECT_NEAR(total, 10'000.0, kUsdTol);
  // 150% declining balance over 4 years (37.5% of book): 3,750, 2,343.75 (straight-line 6,250 / 3 = 2,083.33 is
  // smaller), then the switch.
  const DepreciationSchedule db150{DepreciationMethod::kDecliningBalance, 4, 0.0, 1.5};
  EXPECT_NEAR(life_year_depreciation_usd(10'000.0, db150, 0), 3'750.0, kUsdTol);  // 1.5 / 4 = 37.5%
  EXPECT_NEAR(life_year_depreciation_usd(10'000.0, db150, 1), 2'343.75, kUsdTol);  // 37.5% of 6,250
  // Year 3: book 3,906.25; declining 1,464.84 < straight 3,906.25 / 2 = 1,953.125.
  EXPECT_NEAR(life_year_depreciation_usd(10'000.0, db150, 2), 1'953.125, kUsdTol);
  EXPECT_NEAR(life_year_depreciation_usd(10'000.0, db150, 3), 1'953.125, kUsdTol);
}

TEST(Lifecycle, WorkedExampleDatedPeriods) {
  const Date start = date_from_civil(2026, 7, 1);
  const Date y2027 = date_from_civil(2027, 1, 1);
  // 2026: 184 of the 365 days of life year 1: 1.1M x 184 / 365 = 554,520.5479.
  EXPECT_NEAR(depreciation_usd(5.5e6, start, straight(5), date_from_civil(2026, 1, 1), y2027), 554'520.5479, 1e-4);
  EXPECT_NEAR(book_value_usd(5.5e6, start, straight(5), y2027), 4'945'479.4521, 1e-4);
  // 2028: 182 of the 366 days of life year 2 plus 184 of the 365 of life year 3: 546,994.5355 + 554,520.5479.
  EXPECT_NEAR(depreciation_usd(5.5e6, start, straight(5), date_from_civil(2028, 1, 1), date_from_civil(2029, 1, 1)),
              1'101'515.0835, 1e-4);
  // Double-declining 2026: 2.2M x 184 / 365 = 1,109,041.0959; 2027: 2.2M x 181/365 + 1.32M x 184/366 = 1,754,565.4615.
  EXPECT_NEAR(depreciation_usd(5.5e6, start, ddb(5), date_from_civil(2026, 1, 1), y2027), 1'109'041.0959, 1e-4);
  EXPECT_NEAR(depreciation_usd(5.5e6, start, ddb(5), y2027, date_from_civil(2028, 1, 1)), 1'754'565.4615, 1e-4);
  // Retired at 5 years while depreciated over 6: 5.5M / 6 = 916,666.6667 left on the books.
  EXPECT_NEAR(book_value_usd(5.5e6, start, straight(6), retirement_date(start, 5)), 916'666.6667, 1e-4);
}

TEST(Lifecycle, PeriodsAddUpAndBookValueEndsAtSalvage) {
  const Date start = date_from_civil(2027, 3, 15);
  const DepreciationSchedule schedule = ddb(6, 0.05);
  // Daily expenses over the whole life (and beyond) add up to cost - salvage; the book value ends at salvage.
  double total = 0.0;
  for (Date d = start; d < date_from_civil(2034, 1, 1); d.days += 1) {
    total += depreciation_usd(1e6, start, schedule, d, Date{d.days + 1});
  }
  EXPECT_NEAR(total, 950'000.0, 1e-6);
  EXPECT_NEAR(book_value_usd(1e6, start, schedule, date_from_civil(2034, 1, 1)), 50'000.0, 1e-6);
  EXPECT_NEAR(book_value_usd(1e6, start, schedule, retirement_date(start, 6)), 50'000.0, 1e-6);
  // Nothing before the in-service day, nothing over an empty or reversed period.
  EXPECT_DOUBLE_EQ(depreciation_usd(1e6, start, schedule, date_from_civil(2026, 1, 1), start), 0.0);
  EXPECT_DOUBLE_EQ(depreciation_usd(1e6, start, schedule, Date{start.days + 10}, Date{start.days + 10}), 0.0);
  EXPECT_DOUBLE_EQ(depreciation_usd(1e6, start, schedule, Date{start.days + 10}, start), 0.0);
  EXPECT_DOUBLE_EQ(book_value_usd(1e6, start, schedule, start), 1e6);
  // The first life year, whole: 2 / 6 of the cost = 333,333.33.
  EXPECT_NEAR(depreciation_usd(1e6, start, schedule, start, retirement_date(start, 1)), 1e6 / 3.0, 1e-6);
}

// The ledger example of models/lifecycle.hpp: $3.65M over one year from 2026-01-01 (365 days: $10,000 a day) and
// $7.3M over one year from 2026-01-11 ($20,000 a day).
TEST(DepreciationLedger, WorkedExample) {
  DepreciationSchedule one_year;
  one_year.life_years = 1;
  DepreciationLedger ledger(one_year);
  ledger.place_in_service(7.3e6, date_from_civil(2026, 1, 11));
  ledger.place_in_service(3.65e6, date_from_civil(2026, 1, 1));
  EXPECT_NEAR(ledger.expense_until(date_from_civil(2026, 1, 11)), 100'000.0, 1e-6);
  EXPECT_NEAR(ledger.expense_until(date_from_civil(2026, 1, 21)), 300'000.0, 1e-6);
  EXPECT_NEAR(ledger.expense_until(date_from_civil(2026, 1, 21)), 0.0, 1e-12);  // `to` did not move
  EXPECT_NEAR(ledger.cost_usd() - ledger.expensed_usd(), 10.95e6 - 400'000.0, 1e-6);
  // Both lives over: everything expensed, and no residue after.
  EXPECT_NEAR(ledger.expense_until(date_from_civil(2027, 6, 1)), 10.95e6 - 400'000.0, 1e-3);
  EXPECT_EQ(ledger.expense_until(date_from_civil(2028, 1, 1)), 0.0);
}

// The header's retirement example: $5.5M in service 2026-07-01, straight-line over 6 years.
TEST(DepreciationLedger, RetirementStopsDepreciationAndWritesOffTheBookValue) {
  DepreciationSchedule six;
  six.life_years = 6;
  const Date placed = date_from_civil(2026, 7, 1);
  {
    // Retired on 2027-01-01, 184 days into a 365-day first life year: 5.5M / 6 x 184 / 365 expensed, no more.
    DepreciationLedger ledger(six);
    ledger.place_in_service(5.5e6, placed);
    EXPECT_NEAR(ledger.retire(5.5e6, placed, date_from_civil(2027, 1, 1)), 5.5e6 - 462'100.456621, 1e-5);
    EXPECT_NEAR(ledger.expense_until(date_from_civil(2027, 1, 1)), 462'100.456621, 1e-5);
    EXPECT_NEAR(ledger.expense_until(date_from_civil(2035, 1, 1)), 0.0, 1e-6);
    EXPECT_NEAR(ledger.written_off_usd(), 5'037'899.543379, 1e-5);
  }
  {
    // Retired after 5 of its 6 years: 5.5M / 6 = $916,666.67 written off, 5 years' charges expensed.
    DepreciationLedger ledger(six);
    ledger.place_in_service(5.5e6, placed);
    EXPECT_NEAR(ledger.retire(5.5e6, placed, date_from_civil(2031, 7, 1)), 916'666.666667, 1e-5);
    EXPECT_NEAR(ledger.expense_until(date_from_civil(2040, 1, 1)), 5.5e6 * 5.0 / 6.0, 1e-5);
  }
  {
    // Retired after its accounting life: nothing left to write off.
    DepreciationLedger ledger(six);
    ledger.place_in_service(5.5e6, placed);
    EXPECT_NEAR(ledger.retire(5.5e6, placed, date_from_civil(2033, 1, 1)), 0.0, 1e-6);
    EXPECT_NEAR(ledger.expense_until(date_from_civil(2040, 1, 1)), 5.5e6, 1e-5);
  }
}

// An independent route: the ledger equals depreciation_usd summed item by item, period by period (double-declining,
// salvage, leap years, items placed on odd days).
TEST(DepreciationLedger, MatchesItemByItemDepreciation) {
  DepreciationSchedule ddb;
  ddb.method = DepreciationMethod::kDecliningBalance;
  ddb.life_years = 5;
  ddb.salvage_fraction = 0.1;
  const std::pair<double, Date> items[] = {{5.5e6, date_from_civil(2026, 7, 1)},
                                           {1.2e6, date_from_civil(2027, 2, 28)},
                                           {3.3e6, date_from_civil(2028, 2, 29)}};
  DepreciationLedger ledger(ddb);
  for (const auto& [cost, day] : items) ledger.place_in_service(cost, day);
  Date from = date_from_civil(2026, 7, 1);
  for (Date to = from; to <= date_from_civil(2034, 1, 1); to = add_calendar_months(to, 5)) {
    double expected = 0.0;
    for (const auto& [cost, day] : items) expected += depreciation_usd(cost, day, ddb, from, to);
    EXPECT_NEAR(ledger.expense_until(to), expected, 1e-6) << to_iso(to);
    from = to;
  }
  EXPECT_NEAR(ledger.expensed_usd(), 0.9 * (5.5e6 + 1.2e6 + 3.3e6), 1e-3);
}

}  // namespace
}  // namespace gwsim::models
