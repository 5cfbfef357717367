#include "sim/sweep/percentiles.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>

namespace gwsim::sweep {
namespace {

using models::Date;
using models::date_from_civil;

// Hand computation, type 7: h = (n - 1) p / 100, P = x[floor h] + (h - floor h)(x[ceil h] - x[floor h]).

TEST(Percentile, OneToFourByHand) {
  const std::vector<double> v = {4, 2, 1, 3};  // any order
  EXPECT_DOUBLE_EQ(percentile(v, 10), 1.3);    // h = 0.3: 1 + 0.3 x 1
  EXPECT_DOUBLE_EQ(percentile(v, 50), 2.5);    // h = 1.5: 2 + 0.5 x 1
  EXPECT_DOUBLE_EQ(percentile(v, 90), 3.7);    // h = 2.7: 3 + 0.7 x 1
  EXPECT_DOUBLE_EQ(percentile(v, 0), 1.0);
  EXPECT_DOUBLE_EQ(percentile(v, 100), 4.0);
}

TEST(Percentile, FiveValuesByHand) {
  const std::vector<double> v = {10, 0, 40, 20, 30};
  EXPECT_DOUBLE_EQ(percentile(v, 10), 4.0);   // h = 0.4: 0 + 0.4 x 10
  EXPECT_DOUBLE_EQ(percentile(v, 50), 20.0);  // h = 2: exactly the middle value
  EXPECT_DOUBLE_EQ(percentile(v, 90), 36.0);  // h = 3.6: 30 + 0.6 x 10
}

TEST(Percentile, ElevenValuesLandOnRanks) {
  std::vector<double> v;
  for (int i = 0; i <= 10; ++i) v.push_back(100.0 - 10.0 * i);  // 0, 10, ..., 100 backwards
  EXPECT_DOUBLE_EQ(percentile(v, 10), 10.0);  // h = 1
  EXPECT_DOUBLE_EQ(percentile(v, 50), 50.0);  // h = 5
  EXPECT_DOUBLE_EQ(percentile(v, 90), 90.0);  // h = 9
}

TEST(Percentile, OneValueAndTies) {
  EXPECT_DOUBLE_EQ(percentile({7.5}, 10), 7.5);
  EXPECT_DOUBLE_EQ(percentile({7.5}, 90), 7.5);
  EXPECT_DOUBLE_EQ(percentile({2, 2, 2}, 37), 2.0);
  EXPECT_DOUBLE_EQ(percentile({-3, -1}, 50), -2.0);
}

TEST(Percentile, RefusesEmptyInputNanAndOutOfRange) {
  EXPECT_THROW(percentile({}, 50), std::invalid_argument);
  EXPECT_THROW(percentile({1.0, std::nan("")}, 50), std::invalid_argument);
  EXPECT_THROW(percentile({1.0}, -1), std::invalid_argument);
  EXPECT_THROW(percentile({1.0}, 100.5), std::invalid_argument);
  EXPECT_THROW(date_percentile({}, 50), std::invalid_argument);
}

std::optional<Date> day(int y, int m, int d) { return date_from_civil(y, m, d); }
constexpr std::nullopt_t never = std::nullopt;

TEST(DatePercentile, AllReachedInterpolatesDaysAndRounds) {
  // Days 0, 10, 20, 30 after 2026-07-01 (any order).
  const std::vector<std::optional<Date>> v = {day(2026, 7, 31), day(2026, 7, 1), day(2026, 7, 21), day(2026, 7, 11)};
  EXPECT_EQ(date_percentile(v, 10), day(2026, 7, 4));   // h = 0.3: +3 days
  EXPECT_EQ(date_percentile(v, 50), day(2026, 7, 16));  // h = 1.5: 10 + 5
  EXPECT_EQ(date_percentile(v, 90), day(2026, 7, 28));  // h = 2.7: 20 + 7
}

TEST(DatePercentile, HalfADayRoundsToTheLaterDay) {
  const std::vector<std::optional<Date>> v = {day(2026, 7, 1), day(2026, 7, 2)};
  EXPECT_EQ(date_percentile(v, 50), day(2026, 7, 2));  // 0.5 day
  EXPECT_EQ(date_percentile(v, 40), day(2026, 7, 1));  // 0.4 day
  EXPECT_EQ(date_percentile(v, 60), day(2026, 7, 2));  // 0.6 day
}

TEST(DatePercentile, NotReachedCountsAsLaterThanAnyDate) {
  // Sorted: 07-01, 07-11, never, never.
  const std::vector<std::optional<Date>> v = {never, day(2026, 7, 11), never, day(2026, 7, 1)};
  EXPECT_EQ(date_percentile(v, 10), day(2026, 7, 4));  // h = 0.3 between two reached dates
  EXPECT_EQ(date_percentile(v, 50), never);            // h = 1.5 leans half on a never
  EXPECT_EQ(date_percentile(v, 90), never);            // h = 2.7 falls among the nevers
  EXPECT_EQ(count_reached(v), 2u);
}

TEST(DatePercentile, ExactlyOnTheLastReachedDateIsReached) {
  // Sorted: 07-01, 07-11, never, never, never.
  const std::vector<std::optional<Date>> v = {never, day(2026, 7, 11), never, day(2026, 7, 1), never};
  EXPECT_EQ(date_percentile(v, 25), day(2026, 7, 11));  // h = 1 exactly: no weight on the never after it
  EXPECT_EQ(date_percentile(v, 30), never);             // h = 1.2 leans 0.2 on a never
  EXPECT_EQ(date_percentile(v, 50), never);             // h = 2
}

TEST(DatePercentile, NoneReached) {
  const std::vector<std::optional<Date>> v = {never, never, never};
  EXPECT_EQ(date_percentile(v, 0), never);
  EXPECT_EQ(date_percentile(v, 50), never);
  EXPECT_EQ(count_reached(v), 0u);
}

}  // namespace
}  // namespace gwsim::sweep
