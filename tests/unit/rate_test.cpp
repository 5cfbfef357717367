// Unit tests for models/rate: whole units per day from a weekly rate, without drift.
#include "models/rate.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace gwsim::models {
namespace {

std::int64_t sum_days(double per_week, std::int64_t days) {
  std::int64_t sum = 0;
  for (std::int64_t i = 0; i < days; ++i) sum += units_on_day(per_week, i);
  return sum;
}

TEST(Rate, WorkedExampleTenPerWeek) {
  // cumulative(n) = floor(10 n / 7): 10/7 = 1.43 -> 1, 20/7 = 2.86 -> 2, 30/7 = 4.29 -> 4, 40/7 = 5.71 -> 5,
  // 50/7 = 7.14 -> 7, 60/7 = 8.57 -> 8, 70/7 = 10 -> 10.
  const std::vector<std::int64_t> cumulative{1, 2, 4, 5, 7, 8, 10};
  const std::vector<std::int64_t> daily{1, 1, 2, 1, 2, 1, 2};
  for (std::int64_t i = 0; i < 7; ++i) {
    EXPECT_EQ(cumulative_units(10.0, i + 1), cumulative[i]) << "day " << i;
    EXPECT_EQ(units_on_day(10.0, i), daily[i]) << "day " << i;
  }
  // The pattern repeats: the second week also sums to 10, cumulative(14) = floor(140 / 7) = 20.
  EXPECT_EQ(cumulative_units(10.0, 14), 20);
  EXPECT_EQ(units_on_day(10.0, 7), 1);  // cumulative(8) - cumulative(7) = floor(80/7) - 10 = 11 - 10
}

TEST(Rate, ThousandPerWeekIsExactlyThousandOverSevenDays) {
  // 1000 / 7 = 142.857: cumulative 142, 285, 428, 571, 714, 857, 1000 -> days 142, 143, 143, 143, 143, 143, 143.
  const std::vector<std::int64_t> daily{142, 143, 143, 143, 143, 143, 143};
  for (std::int64_t i = 0; i < 7; ++i) EXPECT_EQ(units_on_day(1000.0, i), daily[i]) << "day " << i;
  EXPECT_EQ(cumulative_units(1000.0, 7), 1000);  // 142 + 6 * 143 = 1000
  EXPECT_EQ(sum_days(1000.0, 7), 1000);
}

TEST(Rate, HalfPerWeek) {
  // cumulative(n) = floor(0.5 n / 7) = floor(n / 14): nothing for 13 days, the first unit on day 13 (0-based).
  for (std::int64_t i = 0; i < 13; ++i) EXPECT_EQ(units_on_day(0.5, i), 0) << "day " << i;
  EXPECT_EQ(units_on_day(0.5, 13), 1);
  EXPECT_EQ(units_on_day(0.5, 14), 0);
  EXPECT_EQ(cumulative_units(0.5, 7), 0);   // floor(0.5)
  EXPECT_EQ(cumulative_units(0.5, 14), 1);  // floor(1)
  EXPECT_EQ(cumulative_units(0.5, 28), 2);  // floor(2)
  EXPECT_EQ(sum_days(0.5, 364), 26);        // 52 weeks * 0.5
}

TEST(Rate, FiftyTwoWeeksSumExactlyForIntegerRates) {
  // For integer r, r * 364 / 7 = 52 r exactly; summing the daily units must give the same, with no drift.
  for (const double r : {1.0, 3.0, 7.0, 10.0, 150.0, 1000.0, 12'345.0}) {
    const auto expected = static_cast<std::int64_t>(52 * r);
    EXPECT_EQ(cumulative_units(r, 364), expected) << r;
    EXPECT_EQ(sum_days(r, 364), expected) << r;
    // And every full week on its own gives r.
    for (std::int64_t week = 0; week < 52; ++week) {
      std::int64_t in_week = 0;
      for (std::int64_t d = 0; d < 7; ++d) in_week += units_on_day(r, 7 * week + d);
      ASSERT_EQ(in_week, static_cast<std::int64_t>(r)) << "rate " << r << " week " << week;
    }
  }
}

TEST(Rate, DailyUnitsDifferByAtMostOne) {
  // The daily units of a steady rate are floor(r/7) or ceil(r/7): 150 / 7 = 21.43 -> 21 or 22.
  for (std::int64_t i = 0; i < 364; ++i) {
    const std::int64_t u = units_on_day(150.0, i);
    ASSERT_TRUE(u == 21 || u == 22) << "day " << i << ": " << u;
  }
}

TEST(Rate, ZeroNegativeAndOutOfRange) {
  EXPECT_EQ(cumulative_units(0.0, 100), 0);
  EXPECT_EQ(cumulative_units(-10.0, 100), 0);
  EXPECT_EQ(cumulative_units(10.0, 0), 0);
  EXPECT_EQ(cumulative_units(10.0, -5), 0);
  EXPECT_EQ(units_on_day(10.0, -1), 0);
  EXPECT_EQ(units_on_day(0.0, 3), 0);
}

TEST(Rate, FractionalRateAccumulatesWithoutDrift) {
  // 2.5 per week: after 4 weeks floor(2.5 * 28 / 7) = 10; after 30 days floor(75 / 7) = floor(10.71) = 10.
  EXPECT_EQ(cumulative_units(2.5, 28), 10);
  EXPECT_EQ(cumulative_units(2.5, 30), 10);
  EXPECT_EQ(sum_days(2.5, 28), 10);
}


TEST(Rate, StepScheduleWorkedExample) {
  // The header's example: opens 2026-07-01 at 70/week, 140/week from 07-08, 35/week from 07-15.
  const Date open = date_from_civil(2026, 7, 1);
  const Schedule ramp(0.0, {{open, 70.0, 0.0},
                            {date_from_civil(2026, 7, 8), 140.0, 0.0},
                            {date_from_civil(2026, 7, 15), 35.0, 0.0}});
  for (int i = 0; i < 7; ++i) EXPECT_EQ(units_on_day(ramp, open, Date{open.days + i}), 10) << "day " << i;
  for (int i = 7; i < 14; ++i) EXPECT_EQ(units_on_day(ramp, open, Date{open.days + i}), 20) << "day " << i;
  for (int i = 14; i < 21; ++i) EXPECT_EQ(units_on_day(ramp, open, Date{open.days + i}), 5) << "day " << i;
  EXPECT_EQ(cumulative_units(ramp, open, 7), 70);
  EXPECT_EQ(cumulative_units(ramp, open, 14), 210);
  EXPECT_EQ(cumulative_units(ramp, open, 21), 245);
  EXPECT_EQ(units_on_day(ramp, open, Date{open.days - 1}), 0);  // before the line opens
}

TEST(Rate, FractionsCarryAcrossAStep) {
  // 10/week for 3 days (30/7 = 4.29 -> 4 made), then 3/week: cumulative(4) = floor((30 + 3) / 7) = floor(4.71) = 4,
  // cumulative(5) = floor(36 / 7) = 5, cumulative(10) = floor((30 + 21) / 7) = floor(7.29) = 7.
  const Date open = date_from_civil(2026, 1, 1);
  const Schedule ramp(0.0, {{open, 10.0, 0.0}, {Date{open.days + 3}, 3.0, 0.0}});
  EXPECT_EQ(cumulative_units(ramp, open, 3), 4);
  EXPECT_EQ(units_on_day(ramp, open, Date{open.days + 3}), 0);  // 4 -> 4
  EXPECT_EQ(units_on_day(ramp, open, Date{open.days + 4}), 1);  // 4 -> 5
  EXPECT_EQ(cumulative_units(ramp, open, 10), 7);
}

TEST(Rate, StepsBeforeTheLineOpensAndNothingBeforeTheFirst) {
  // A schedule is 0 before its first step; a line opening after a step starts at that step's rate.
  const Date open = date_from_civil(2026, 1, 10);
  const Schedule late(0.0, {{date_from_civil(2026, 1, 17), 14.0, 0.0}});
  EXPECT_EQ(cumulative_units(late, open, 7), 0);   // 01-10..01-16: before the first step
  EXPECT_EQ(cumulative_units(late, open, 14), 14);  // 7 days at 14/week
  const Schedule early(0.0, {{date_from_civil(2026, 1, 1), 7.0, 0.0}, {date_from_civil(2026, 1, 12), 21.0, 0.0}});
  EXPECT_EQ(cumulative_units(early, open, 2), 2);  // 01-10, 01-11 at 1 a day
  EXPECT_EQ(cumulative_units(early, open, 4), 8);  // + 01-12, 01-13 at 3 a day
  // One number: the same as the plain weekly rate, day for day.
  const Schedule flat(1000.0, {});
  for (int i = 0; i < 30; ++i) EXPECT_EQ(units_on_day(flat, open, Date{open.days + i}), units_on_day(1000.0, i));
}

}  // namespace
}  // namespace gwsim::models
