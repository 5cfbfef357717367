// Civil dates as whole days since 1970-01-01 (proleptic Gregorian), and durations in days.
//
// Equation: a Date is std::chrono::sys_days' count; the conversions to and from year, month and day are C++20
// <chrono>'s (sys_days <-> year_month_day, exact for any year in [-32767, 32767]; the algorithms are Howard
// Hinnant's, http://howardhinnant.github.io/date_algorithms.html, from which <chrono>'s calendar was
// standardized), and so is calendar-month arithmetic (year_month_day + months).
// Month and year durations are mean lengths: 1 month = 365.25 / 12 = 30.4375 days, 1 year = 365.25 days;
// a duration added to a date is rounded to the nearest whole day (models work at day resolution).
// Worked example: 2026-07-01 is day 20635; 2026-07-01 + 18 months = day 20635 + round(547.875) = 2027-12-31.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace gwsim::models {

inline constexpr double kDaysPerWeek = 7.0;
inline constexpr double kDaysPerYear = 365.25;
inline constexpr double kDaysPerMonth = kDaysPerYear / 12.0;
inline constexpr double kSecondsPerDay = 86400.0;

struct Date {
  std::int32_t days = 0;  // days since 1970-01-01
  friend constexpr auto operator<=>(Date, Date) = default;
};

struct CivilDate {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

Date date_from_civil(int year, int month, int day);
CivilDate civil_from_date(Date date);
bool is_valid_civil(int year, int month, int day);

// "YYYY-MM-DD"; nullopt unless the text is exactly a valid date in years 1900..2200.
std::optional<Date> parse_iso_date(std::string_view text);
std::string to_iso(Date date);

// Adds a duration in days, rounded to the nearest whole day.
Date add_days(Date date, double duration_days);
// Calendar months: 2026-01-31 + 1 month = 2026-02-28 (the day is clamped to the month's length).
Date add_calendar_months(Date date, int months);
inline std::int32_t days_between(Date from, Date to) { return to.days - from.days; }

}  // namespace gwsim::models
