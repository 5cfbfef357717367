// Unit tests for models/date: civil <-> day-number conversion, ISO parsing, durations, calendar months.
#include "models/date.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace gwsim::models {
namespace {

// Independent leap rule and month lengths, written apart from the model's own.
bool independent_is_leap(int y) { return y % 400 == 0 || (y % 100 != 0 && y % 4 == 0); }

int independent_month_length(int y, int m) {
  switch (m) {
    case 2:
      return independent_is_leap(y) ? 29 : 28;
    case 4:
    case 6:
    case 9:
    case 11:
      return 30;
    default:
      return 31;
  }
}

TEST(Date, Constants) {
  EXPECT_DOUBLE_EQ(kDaysPerWeek, 7.0);
  EXPECT_DOUBLE_EQ(kDaysPerYear, 365.25);
  EXPECT_DOUBLE_EQ(kDaysPerMonth, 30.4375);  // 365.25 / 12 = 30.4375, exact in binary
  EXPECT_DOUBLE_EQ(kSecondsPerDay, 86400.0);  // 24 * 3600
}

TEST(Date, Epoch) {
  EXPECT_EQ(date_from_civil(1970, 1, 1).days, 0);
  const CivilDate c = civil_from_date(Date{0});
  EXPECT_EQ(c.year, 1970);
  EXPECT_EQ(c.month, 1);
  EXPECT_EQ(c.day, 1);
  EXPECT_EQ(to_iso(Date{-1}), "1969-12-31");
}

TEST(Date, WorkedExampleFromHeader) {
  // 1970..2025 = 56 years, leap years 1972..2024 = (2024 - 1972) / 4 + 1 = 14 -> 56 * 365 + 14 = 20454 = 2026-01-01;
  // Jan 31 + Feb 28 + Mar 31 + Apr 30 + May 31 + Jun 30 = 181 -> 2026-07-01 = 20454 + 181 = 20635.
  const Date d = date_from_civil(2026, 7, 1);
  EXPECT_EQ(d.days, 20635);
  // 18 months = 18 * 30.4375 = 547.875 days -> rounds to 548; 20635 + 548 = 21183.
  const Date later = add_days(d, 18 * kDaysPerMonth);
  EXPECT_EQ(later.days, 21183);
  // 2027-07-01 = 20635 + 365 = 21000; Jul 31 + Aug 31 + Sep 30 + Oct 31 + Nov 30 = 153 -> 2027-12-01 = 21153;
  // + 30 -> 2027-12-31 = 21183.
  EXPECT_EQ(to_iso(later), "2027-12-31");
}

TEST(Date, KnownDayNumbers) {
  // 1900-01-01: 70 years before 1970 with 17 leap years (1904..1968) -> -(70 * 365 + 17) = -25567.
  EXPECT_EQ(date_from_civil(1900, 1, 1).days, -25567);
  // 2000-01-01: 30 * 365 + 7 leap years (1972..1996) = 10957.
  EXPECT_EQ(date_from_civil(2000, 1, 1).days, 10957);
  // 2024-01-01 = 20454 - 365 (2025) - 366 (2024) = 19723; 2024-02-29 = 19723 + 31 + 28 = 19782.
  EXPECT_EQ(date_from_civil(2024, 2, 29).days, 19782);
}

TEST(Date, LeapYears) {
  EXPECT_TRUE(is_valid_civil(2024, 2, 29));   // divisible by 4
  EXPECT_TRUE(is_valid_civil(2000, 2, 29));   // divisible by 400
  EXPECT_FALSE(is_valid_civil(2100, 2, 29));  // divisible by 100, not by 400
  EXPECT_FALSE(is_valid_civil(1900, 2, 29));
  EXPECT_FALSE(is_valid_civil(2026, 2, 29));
  EXPECT_TRUE(is_valid_civil(2100, 2, 28));
  // Feb 28 -> Mar 1 is 2 days in a leap year, 1 otherwise.
  EXPECT_EQ(days_between(date_from_civil(2024, 2, 28), date_from_civil(2024, 3, 1)), 2);
  EXPECT_EQ(days_between(date_from_civil(2100, 2, 28), date_from_civil(2100, 3, 1)), 1);
  EXPECT_EQ(days_between(date_from_civil(2000, 2, 28), date_from_civil(2000, 3, 1)), 2);
  // Year lengths.
  EXPECT_EQ(days_between(date_from_civil(2024, 1, 1), date_from_civil(2025, 1, 1)), 366);
  EXPECT_EQ(days_between(date_from_civil(2100, 1, 1), date_from_civil(2101, 1, 1)), 365);
  EXPECT_EQ(to_iso(date_from_civil(2024, 2, 29)), "2024-02-29");
  EXPECT_EQ(parse_iso_date("2024-02-29"), date_from_civil(2024, 2, 29));
  EXPECT_EQ(parse_iso_date("2100-02-29"), std::nullopt);
}

TEST(Date, InvalidCivilDates) {
  EXPECT_FALSE(is_valid_civil(2026, 0, 1));
  EXPECT_FALSE(is_valid_civil(2026, 13, 1));
  EXPECT_FALSE(is_valid_civil(2026, 1, 0));
  EXPECT_FALSE(is_valid_civil(2026, 1, 32));
  EXPECT_FALSE(is_valid_civil(2026, 4, 31));
  EXPECT_TRUE(is_valid_civil(2026, 12, 31));
}

// Every day from 1900-01-01 to 2200-12-31 against a day counter that steps through the calendar on its own.
TEST(Date, RoundTripAgainstIndependentCount1900To2200) {
  std::int32_t counter = -25567;  // 1900-01-01, see KnownDayNumbers
  for (int y = 1900; y <= 2200; ++y) {
    for (int m = 1; m <= 12; ++m) {
      for (int d = 1; d <= independent_month_length(y, m); ++d, ++counter) {
        ASSERT_TRUE(is_valid_civil(y, m, d)) << y << "-" << m << "-" << d;
        ASSERT_EQ(date_from_civil(y, m, d).days, counter) << y << "-" << m << "-" << d;
        const CivilDate c = civil_from_date(Date{counter});
        ASSERT_EQ(c.year, y);
        ASSERT_EQ(c.month, m);
        ASSERT_EQ(c.day, d);
        const std::string iso = to_iso(Date{counter});
        char expected_iso[16];
        std::snprintf(expected_iso, sizeof expected_iso, "%04d-%02d-%02d", y, m, d);
        ASSERT_EQ(iso, expected_iso);
        const auto parsed = parse_iso_date(iso);
        ASSERT_TRUE(parsed.has_value()) << iso;
        ASSERT_EQ(parsed->days, counter) << iso;
      }
      // The day after the month's last day is not valid.
      ASSERT_FALSE(is_valid_civil(y, m, independent_month_length(y, m) + 1)) << y << "-" << m;
    }
  }
  // 1900..2200 = 301 years; multiples of 4 in 1900..2200: 76, minus 1900, 2100, 2200 -> 73 leap years;
  // 301 * 365 + 73 = 109938 days -> 2201-01-01 = -25567 + 109938 = 84371.
  EXPECT_EQ(counter, 84371);
  EXPECT_EQ(date_from_civil(2201, 1, 1).days, 84371);
}

TEST(Date, ParseValid) {
  EXPECT_EQ(parse_iso_date("2026-07-01"), Date{20635});
  EXPECT_EQ(parse_iso_date("1900-01-01"), Date{-25567});  // lowest year accepted
  EXPECT_EQ(parse_iso_date("2200-12-31"), Date{84370});   // highest: 2201-01-01 - 1, see above
}

TEST(Date, ParseRejectsInvalid) {
  EXPECT_EQ(parse_iso_date("2026-02-30"), std::nullopt);   // no Feb 30
  EXPECT_EQ(parse_iso_date("2026-02-29"), std::nullopt);   // 2026 not leap
  EXPECT_EQ(parse_iso_date("2026-13-01"), std::nullopt);   // month 13
  EXPECT_EQ(parse_iso_date("2026-00-10"), std::nullopt);   // month 0
  EXPECT_EQ(parse_iso_date("2026-01-00"), std::nullopt);   // day 0
  EXPECT_EQ(parse_iso_date("2026-04-31"), std::nullopt);   // April has 30 days
  EXPECT_EQ(parse_iso_date("2026-1-01"), std::nullopt);    // unpadded month
  EXPECT_EQ(parse_iso_date("2026-01-1"), std::nullopt);    // unpadded day
  EXPECT_EQ(parse_iso_date("2026-01-01x"), std::nullopt);  // trailing character
  EXPECT_EQ(parse_iso_date("2026-01-01 "), std::nullopt);  // trailing space
  EXPECT_EQ(parse_iso_date("2026-01-01T00:00"), std::nullopt);
  EXPECT_EQ(parse_iso_date(" 2026-01-01"), std::nullopt);  // leading space
  EXPECT_EQ(parse_iso_date("2026/01/01"), std::nullopt);   // wrong separator
  EXPECT_EQ(parse_iso_date("2026-0a-01"), std::nullopt);   // non-digit
  EXPECT_EQ(parse_iso_date("+026-01-01"), std::nullopt);   // sign is not a digit
  EXPECT_EQ(parse_iso_date("-026-01-01"), std::nullopt);
  EXPECT_EQ(parse_iso_date("1899-12-31"), std::nullopt);   // before 1900
  EXPECT_EQ(parse_iso_date("2201-01-01"), std::nullopt);   // after 2200
  EXPECT_EQ(parse_iso_date(""), std::nullopt);
  EXPECT_EQ(parse_iso_date("20260101"), std::nullopt);
}

TEST(Date, AddDaysRoundsToNearestDay) {
  const Date d = date_from_civil(2026, 1, 1);
  EXPECT_EQ(add_days(d, 0.0), d);
  EXPECT_EQ(add_days(d, 0.4).days, d.days);      // rounds down
  EXPECT_EQ(add_days(d, 0.5).days, d.days + 1);  // halves round away from zero (llround)
  EXPECT_EQ(add_days(d, 1.6).days, d.days + 2);
  EXPECT_EQ(add_days(d, -1.0).days, d.days - 1);
  EXPECT_EQ(add_days(d, -0.5).days, d.days - 1);
  EXPECT_EQ(to_iso(add_days(d, 365.0)), "2027-01-01");  // 2026 has 365 days
  // 1 mean year = 365.25 -> 365 days.
  EXPECT_EQ(add_days(d, kDaysPerYear).days, d.days + 365);
  // 1 week.
  EXPECT_EQ(to_iso(add_days(d, kDaysPerWeek)), "2026-01-08");
}

TEST(Date, AddCalendarMonthsClampsDay) {
  // 2026-01-31 + 1 month: February 2026 has 28 days -> 2026-02-28.
  EXPECT_EQ(to_iso(add_calendar_months(date_from_civil(2026, 1, 31), 1)), "2026-02-28");
  // 2024 is leap -> 2024-02-29.
  EXPECT_EQ(to_iso(add_calendar_months(date_from_civil(2024, 1, 31), 1)), "2024-02-29");
  EXPECT_EQ(to_iso(add_calendar_months(date_from_civil(2026, 3, 31), 1)), "2026-04-30");
  EXPECT_EQ(to_iso(add_calendar_months(date_from_civil(2026, 3, 31), -1)), "2026-02-28");
  // Clamping does not accumulate: two months from Jan 31 is Mar 31, not Mar 28.
  EXPECT_EQ(to_iso(add_calendar_months(date_from_civil(2026, 1, 31), 2)), "2026-03-31");
  // 2024-02-29 + 12 months: 2025 is not leap -> 2025-02-28; + 48 months -> 2028-02-29.
  EXPECT_EQ(to_iso(add_calendar_months(date_from_civil(2024, 2, 29), 12)), "2025-02-28");
  EXPECT_EQ(to_iso(add_calendar_months(date_from_civil(2024, 2, 29), 48)), "2028-02-29");
}

TEST(Date, AddCalendarMonthsCrossesYears) {
  EXPECT_EQ(to_iso(add_calendar_months(date_from_civil(2026, 12, 15), 1)), "2027-01-15");
  EXPECT_EQ(to_iso(add_calendar_months(date_from_civil(2026, 1, 15), -1)), "2025-12-15");
  EXPECT_EQ(to_iso(add_calendar_months(date_from_civil(2026, 7, 1), 18)), "2028-01-01");
  EXPECT_EQ(to_iso(add_calendar_months(date_from_civil(2026, 7, 1), 0)), "2026-07-01");
  EXPECT_EQ(to_iso(add_calendar_months(date_from_civil(2026, 7, 1), -24)), "2024-07-01");
}

// Years beyond four digits never come from a scenario; they still print in full rather than wrap.
TEST(Date, ToIsoOutsideFourDigitYears) {
  EXPECT_EQ(to_iso(date_from_civil(-1, 12, 31)), "-001-12-31");
  EXPECT_EQ(to_iso(date_from_civil(10000, 1, 1)), "10000-01-01");
  EXPECT_EQ(to_iso(date_from_civil(9999, 12, 31)), "9999-12-31");
  EXPECT_EQ(to_iso(date_from_civil(1, 2, 3)), "0001-02-03");
}

// Numbers that would wrap in <chrono>'s narrow year, month and day types are invalid, not aliases of valid dates.
TEST(Date, OutOfRangeNumbersAreInvalid) {
  EXPECT_FALSE(is_valid_civil(2026, 257, 1));   // 257 = 1 mod 256
  EXPECT_FALSE(is_valid_civil(2026, 1, 257));
  EXPECT_FALSE(is_valid_civil(2026, -11, 1));
  EXPECT_FALSE(is_valid_civil(67562, 1, 1));    // 67562 = 2026 mod 65536
  EXPECT_TRUE(is_valid_civil(-32767, 1, 1));
}

TEST(Date, Ordering) {
  EXPECT_LT(date_from_civil(2026, 1, 1), date_from_civil(2026, 1, 2));
  EXPECT_EQ(date_from_civil(2026, 1, 1), Date{20454});
  EXPECT_EQ(days_between(date_from_civil(2026, 1, 10), date_from_civil(2026, 1, 1)), -9);
}

}  // namespace
}  // namespace gwsim::models
