#include "models/date.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>

namespace gwsim::models {
namespace {

namespace chr = std::chrono;

chr::sys_days to_sys_days(Date date) { return chr::sys_days{chr::days{date.days}}; }
Date from_sys_days(chr::sys_days day) { return Date{static_cast<std::int32_t>(day.time_since_epoch().count())}; }

// chrono's year, month and day hold a short and two unsigned chars: out-of-range numbers would wrap, so they are
// checked before they are converted.
bool in_chrono_range(int year, int month, int day) {
  return year >= -32767 && year <= 32767 && month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

chr::year_month_day ymd(int year, int month, int day) {
  return chr::year{year} / chr::month{static_cast<unsigned>(month)} / chr::day{static_cast<unsigned>(day)};
}

// Two decimal digits of `value` (0..99) at `out`.
void put2(char* out, unsigned value) {
  out[0] = static_cast<char>('0' + value / 10);
  out[1] = static_cast<char>('0' + value % 10);
}

}  // namespace

bool is_valid_civil(int year, int month, int day) {
  return in_chrono_range(year, month, day) && ymd(year, month, day).ok();
}

// For a valid year and month, a day past the month's end counts on into the next month (as sys_days does).
Date date_from_civil(int year, int month, int day) { return from_sys_days(chr::sys_days{ymd(year, month, day)}); }

CivilDate civil_from_date(Date date) {
  const chr::year_month_day c{to_sys_days(date)};
  return CivilDate{static_cast<int>(c.year()), static_cast<int>(static_cast<unsigned>(c.month())),
                   static_cast<int>(static_cast<unsigned>(c.day()))};
}

std::optional<Date> parse_iso_date(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t pos, std::size_t len) -> int {
    int value = 0;
    for (std::size_t i = pos; i < pos + len; ++i) {
      if (text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int y = digits(0, 4);
  const int m = digits(5, 2);
  const int d = digits(8, 2);
  if (y < 1900 || y > 2200 || m < 0 || d < 0 || !is_valid_civil(y, m, d)) return std::nullopt;
  return date_from_civil(y, m, d);
}

// Hot (every row of every output file): digits written by hand, not through snprintf.
std::string to_iso(Date date) {
  const chr::year_month_day c{to_sys_days(date)};
  const int year = static_cast<int>(c.year());
  const auto month = static_cast<unsigned>(c.month());
  const auto day = static_cast<unsigned>(c.day());
  if (year < 0 || year > 9999) {  // never in a scenario (years 1900..2200); printed in full all the same
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", year, month, day);
    return buf;
  }
  char text[10];
  put2(text, static_cast<unsigned>(year / 100));
  put2(text + 2, static_cast<unsigned>(year % 100));
  text[4] = '-';
  put2(text + 5, month);
  text[7] = '-';
  put2(text + 8, day);
  return std::string(text, sizeof text);
}

Date add_days(Date date, double duration_days) {
  return Date{date.days + static_cast<std::int32_t>(std::llround(duration_days))};
}

Date add_calendar_months(Date date, int months) {
  chr::year_month_day c{to_sys_days(date)};
  c += chr::months{months};
  if (!c.ok()) c = c.year() / c.month() / chr::last;  // the day clamped to the month's length
  return from_sys_days(chr::sys_days{c});
}

}  // namespace gwsim::models
