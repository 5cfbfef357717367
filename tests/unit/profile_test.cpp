// Unit tests for models/profile: constant, monthly and hourly calendar profiles (PUE, carbon intensity, water use).
#include "models/profile.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace gwsim::models {
namespace {

Date day(int y, int m, int d) { return date_from_civil(y, m, d); }

// Means are sums of at most 24 doubles of order 1..1000 divided by a count: rounding error below 1e-12 of the
// value. The expected values are exact decimals, so 1e-12 (PUE) and 1e-9 (g/kWh) catch any formula error.
constexpr double kTol = 1e-12;
constexpr double kCarbonTol = 1e-9;

// The header's example: a monthly PUE of 1.10 in January-May, 1.25 in June-August, 1.10 in September-December.
Profile pue_example() {
  return Profile{ProfileKind::kMonthly,
                 {1.10, 1.10, 1.10, 1.10, 1.10, 1.25, 1.25, 1.25, 1.10, 1.10, 1.10, 1.10}};
}

// One value per month equal to the month's number, so a wrong month shows as a wrong value.
Profile month_numbers() {
  std::vector<double> v;
  for (int m = 1; m <= 12; ++m) v.push_back(static_cast<double>(m));
  return Profile{ProfileKind::kMonthly, v};
}

// An hourly carbon intensity: 300 + 10 h g/kWh for hour h = 0..23 (300 at 00:00, 530 at 23:00).
Profile carbon_hourly() {
  std::vector<double> v;
  for (int h = 0; h < 24; ++h) v.push_back(300.0 + 10.0 * h);
  return Profile{ProfileKind::kHourly, v};
}

TEST(Profile, WorkedExampleFromHeader) {
  const Profile pue = pue_example();
  EXPECT_DOUBLE_EQ(pue.at(day(2027, 7, 15), 12), 1.25);  // July: the 7th value
  // (9 x 1.10 + 3 x 1.25) / 12 = (9.9 + 3.75) / 12 = 13.65 / 12 = 1.1375
  EXPECT_NEAR(pue.annual_mean(), 1.1375, kTol);
  EXPECT_DOUBLE_EQ(pue.max(), 1.25);
}

TEST(Profile, Constant) {
  const Profile c = Profile::constant(370.0);  // carbon_intensity default, g/kWh
  EXPECT_EQ(c.kind, ProfileKind::kConstant);
  for (const Date d : {day(2026, 1, 1), day(2026, 7, 15), day(2028, 2, 29), day(2030, 12, 31)}) {
    for (const int h : {0, 11, 23}) EXPECT_DOUBLE_EQ(c.at(d, h), 370.0);
    EXPECT_DOUBLE_EQ(c.daily_mean(d), 370.0);
  }
  EXPECT_DOUBLE_EQ(c.annual_mean(), 370.0);
  EXPECT_DOUBLE_EQ(c.max(), 370.0);
  // A default profile is the constant 0.
  const Profile none;
  EXPECT_DOUBLE_EQ(none.at(day(2026, 1, 1), 0), 0.0);
  EXPECT_DOUBLE_EQ(none.annual_mean(), 0.0);
  EXPECT_DOUBLE_EQ(none.max(), 0.0);
}

TEST(Profile, MonthlyTakesTheMonthsValueAtEveryHour) {
  const Profile pue = pue_example();
  EXPECT_DOUBLE_EQ(pue.at(day(2027, 1, 15), 0), 1.10);
  EXPECT_DOUBLE_EQ(pue.at(day(2027, 5, 31), 23), 1.10);  // last day of May
  EXPECT_DOUBLE_EQ(pue.at(day(2027, 6, 1), 0), 1.25);    // first day of June
  EXPECT_DOUBLE_EQ(pue.at(day(2027, 8, 31), 23), 1.25);
  EXPECT_DOUBLE_EQ(pue.at(day(2027, 9, 1), 0), 1.10);
  // daily_mean of a monthly profile is the month's value.
  EXPECT_DOUBLE_EQ(pue.daily_mean(day(2027, 7, 15)), 1.25);
  EXPECT_DOUBLE_EQ(pue.daily_mean(day(2027, 12, 25)), 1.10);
}

TEST(Profile, MonthBoundaries) {
  const Profile p = month_numbers();
  EXPECT_DOUBLE_EQ(p.at(day(2026, 1, 1), 0), 1.0);
  EXPECT_DOUBLE_EQ(p.at(day(2026, 1, 31), 23), 1.0);   // Jan 31: still January
  EXPECT_DOUBLE_EQ(p.at(day(2026, 2, 1), 0), 2.0);     // Feb 1: February
  EXPECT_DOUBLE_EQ(p.at(day(2026, 2, 28), 12), 2.0);
  EXPECT_DOUBLE_EQ(p.at(day(2026, 3, 1), 0), 3.0);     // 2026 is not a leap year
  EXPECT_DOUBLE_EQ(p.at(day(2028, 2, 29), 12), 2.0);   // leap day: February
  EXPECT_DOUBLE_EQ(p.at(day(2028, 3, 1), 0), 3.0);
  EXPECT_DOUBLE_EQ(p.at(day(2026, 11, 30), 23), 11.0);
  EXPECT_DOUBLE_EQ(p.at(day(2026, 12, 1), 0), 12.0);
  EXPECT_DOUBLE_EQ(p.at(day(2026, 12, 31), 23), 12.0);  // Dec 31: the 12th value
  EXPECT_DOUBLE_EQ(p.at(day(2027, 1, 1), 0), 1.0);      // and the next day wraps to January
  // Mean of 1..12 = 78 / 12 = 6.5; largest 12.
  EXPECT_NEAR(p.annual_mean(), 6.5, kTol);
  EXPECT_DOUBLE_EQ(p.max(), 12.0);
}

TEST(Profile, HourlyAtAndMeans) {
  const Profile c = carbon_hourly();
  EXPECT_DOUBLE_EQ(c.at(day(2026, 7, 1), 0), 300.0);
  EXPECT_DOUBLE_EQ(c.at(day(2026, 7, 1), 1), 310.0);
  EXPECT_DOUBLE_EQ(c.at(day(2026, 7, 1), 18), 480.0);  // 300 + 10 x 18
  EXPECT_DOUBLE_EQ(c.at(day(2026, 7, 1), 23), 530.0);  // 300 + 10 x 23
  // The day does not matter for an hourly profile.
  EXPECT_DOUBLE_EQ(c.at(day(2027, 1, 31), 18), 480.0);
  // Mean of 300 + 10 h over h = 0..23: 300 + 10 x (0 + ... + 23) / 24 = 300 + 10 x 276 / 24 = 300 + 115 = 415.
  EXPECT_NEAR(c.daily_mean(day(2026, 7, 1)), 415.0, kCarbonTol);
  EXPECT_NEAR(c.daily_mean(day(2028, 2, 29)), 415.0, kCarbonTol);
  EXPECT_NEAR(c.annual_mean(), 415.0, kCarbonTol);
  EXPECT_DOUBLE_EQ(c.max(), 530.0);
}

TEST(Profile, HourIsClamped) {
  const Profile c = carbon_hourly();
  EXPECT_DOUBLE_EQ(c.at(day(2026, 7, 1), -1), 300.0);   // below 0: hour 0
  EXPECT_DOUBLE_EQ(c.at(day(2026, 7, 1), -50), 300.0);
  EXPECT_DOUBLE_EQ(c.at(day(2026, 7, 1), 24), 530.0);   // above 23: hour 23
  EXPECT_DOUBLE_EQ(c.at(day(2026, 7, 1), 1000), 530.0);
  // Constant and monthly profiles ignore the hour, in range or not.
  EXPECT_DOUBLE_EQ(Profile::constant(0.18).at(day(2026, 7, 1), 99), 0.18);
  EXPECT_DOUBLE_EQ(pue_example().at(day(2026, 7, 1), -3), 1.25);
}

TEST(Profile, MaxIsTheLargestValueWherever) {
  // Largest value first, in the middle, last; negative values.
  EXPECT_DOUBLE_EQ((Profile{ProfileKind::kMonthly, {9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}}).max(), 9.0);
  EXPECT_DOUBLE_EQ((Profile{ProfileKind::kMonthly, {1, 1, 1, 1, 1, 7, 1, 1, 1, 1, 1, 1}}).max(), 7.0);
  EXPECT_DOUBLE_EQ((Profile{ProfileKind::kMonthly, {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 8}}).max(), 8.0);
  EXPECT_DOUBLE_EQ(Profile::constant(-2.0).max(), -2.0);
}

}  // namespace
}  // namespace gwsim::models
