// Unit tests for models/schedule: steps and linear ramps over dates.
#include "models/schedule.hpp"

#include <gtest/gtest.h>

namespace gwsim::models {
namespace {

Date day(int y, int m, int d) { return date_from_civil(y, m, d); }
Date plus(Date d, int n) { return Date{d.days + n}; }

// Values are in MW here; each is a couple of double operations on numbers < 2000, so errors are below 1e-12 MW.
// 1e-9 MW (1 mW) is a safe tolerance that still catches any one-day or formula error (>= 1 MW here).
constexpr double kTol = 1e-9;

// The header's example: initial 0, a step to 300 MW on 2026-03-01, a 30-day ramp to 1200 MW from 2026-09-01.
Schedule grid_example() {
  return Schedule(0.0, {{day(2026, 3, 1), 300.0, 0.0}, {day(2026, 9, 1), 1200.0, 30.0}});
}

TEST(Schedule, WorkedExampleFromHeader) {
  const Schedule s = grid_example();
  EXPECT_NEAR(s.value_at(day(2026, 2, 28)), 0.0, kTol);    // before the first point: initial
  EXPECT_NEAR(s.value_at(day(2026, 3, 1)), 300.0, kTol);   // step
  EXPECT_NEAR(s.value_at(day(2026, 8, 31)), 300.0, kTol);  // holds until the ramp
  EXPECT_NEAR(s.value_at(day(2026, 9, 1)), 330.0, kTol);   // 300 + 900 * 1/30 = 330
  EXPECT_NEAR(s.value_at(day(2026, 9, 15)), 750.0, kTol);  // 300 + 900 * 15/30 = 750
  EXPECT_NEAR(s.value_at(day(2026, 9, 29)), 1170.0, kTol); // 300 + 900 * 29/30 = 1170
  EXPECT_NEAR(s.value_at(day(2026, 9, 30)), 1200.0, kTol); // 30th day of the ramp: 300 + 900 = 1200
  EXPECT_NEAR(s.value_at(day(2030, 1, 1)), 1200.0, kTol);  // holds
}

TEST(Schedule, BeforeFirstPointIsInitial) {
  const Schedule s(0.7, {{day(2027, 1, 1), 0.9, 0.0}});
  EXPECT_DOUBLE_EQ(s.value_at(day(1900, 1, 1)), 0.7);
  EXPECT_DOUBLE_EQ(s.value_at(day(2026, 12, 31)), 0.7);
  EXPECT_DOUBLE_EQ(s.value_at(day(2027, 1, 1)), 0.9);
  EXPECT_DOUBLE_EQ(s.initial(), 0.7);
  ASSERT_EQ(s.points().size(), 1u);
  EXPECT_EQ(s.points()[0].from, day(2027, 1, 1));
}

TEST(Schedule, EmptyAndDefault) {
  EXPECT_DOUBLE_EQ(Schedule().value_at(day(2026, 1, 1)), 0.0);
  EXPECT_DOUBLE_EQ(Schedule(0.7, {}).value_at(day(2026, 1, 1)), 0.7);
}

TEST(Schedule, StepDownAndSeveralSteps) {
  const Date d0 = day(2026, 1, 1);
  const Schedule s(100.0, {{d0, 200.0, 0.0}, {plus(d0, 10), 50.0, 0.0}, {plus(d0, 20), 0.0, 0.0}});
  EXPECT_DOUBLE_EQ(s.value_at(plus(d0, -1)), 100.0);
  EXPECT_DOUBLE_EQ(s.value_at(d0), 200.0);
  EXPECT_DOUBLE_EQ(s.value_at(plus(d0, 9)), 200.0);
  EXPECT_DOUBLE_EQ(s.value_at(plus(d0, 10)), 50.0);
  EXPECT_DOUBLE_EQ(s.value_at(plus(d0, 19)), 50.0);
  EXPECT_DOUBLE_EQ(s.value_at(plus(d0, 20)), 0.0);
}

TEST(Schedule, RampFromInitialLevel) {
  // 10-day ramp from initial 100 to 200: day k of the ramp (1-based) = 100 + 100 * k/10.
  const Date d0 = day(2026, 1, 1);
  const Schedule s(100.0, {{d0, 200.0, 10.0}});
  EXPECT_NEAR(s.value_at(plus(d0, -1)), 100.0, kTol);
  EXPECT_NEAR(s.value_at(d0), 110.0, kTol);           // 1st day: 100 + 100 * 1/10
  EXPECT_NEAR(s.value_at(plus(d0, 4)), 150.0, kTol);  // 5th day: 100 + 100 * 5/10 (mid-way)
  EXPECT_NEAR(s.value_at(plus(d0, 8)), 190.0, kTol);  // 9th day
  EXPECT_NEAR(s.value_at(plus(d0, 9)), 200.0, kTol);  // 10th day: the target
  EXPECT_NEAR(s.value_at(plus(d0, 100)), 200.0, kTol);
}

TEST(Schedule, RampDown) {
  // 4-day ramp from 1.0 to 0.2: 1.0 - 0.8 * k/4 -> 0.8, 0.6, 0.4, 0.2.
  const Date d0 = day(2026, 1, 1);
  const Schedule s(1.0, {{d0, 0.2, 4.0}});
  EXPECT_NEAR(s.value_at(d0), 0.8, kTol);
  EXPECT_NEAR(s.value_at(plus(d0, 1)), 0.6, kTol);
  EXPECT_NEAR(s.value_at(plus(d0, 2)), 0.4, kTol);
  EXPECT_NEAR(s.value_at(plus(d0, 3)), 0.2, kTol);
}

TEST(Schedule, SecondRampStartsFromRampedLevel) {
  // After the example's ramp reaches 1200 MW on 2026-09-30, a 10-day ramp down to 600 MW from 2026-11-01
  // starts from 1200: 1200 + (600 - 1200) * k/10.
  Schedule s(0.0, {{day(2026, 3, 1), 300.0, 0.0},
                   {day(2026, 9, 1), 1200.0, 30.0},
                   {day(2026, 11, 1), 600.0, 10.0}});
  EXPECT_NEAR(s.value_at(day(2026, 10, 31)), 1200.0, kTol);
  EXPECT_NEAR(s.value_at(day(2026, 11, 1)), 1140.0, kTol);  // 1200 - 600 * 1/10
  EXPECT_NEAR(s.value_at(day(2026, 11, 5)), 900.0, kTol);   // 1200 - 600 * 5/10
  EXPECT_NEAR(s.value_at(day(2026, 11, 10)), 600.0, kTol);  // 10th day
  EXPECT_NEAR(s.value_at(day(2027, 6, 1)), 600.0, kTol);
}

TEST(Schedule, RampStartingDuringAnotherRampStartsFromTheDayBefore) {
  // Header: prev = the schedule's value the day before from_k. Ramp 1: 300 -> 1200 over 30 days from d1.
  // Ramp 2 starts 14 days later (from d1 + 14) towards 0 over 10 days. The day before, d1 + 13, is ramp 1's 14th
  // day: 300 + 900 * 14/30 = 720. So ramp 2 gives 720 - 720 * k/10: 648, 576, ..., 0 on its 10th day, and
  // ramp 1 goes no further.
  const Date d1 = day(2026, 9, 1);
  const Schedule s(0.0, {{day(2026, 3, 1), 300.0, 0.0}, {d1, 1200.0, 30.0}, {plus(d1, 14), 0.0, 10.0}});
  EXPECT_NEAR(s.value_at(plus(d1, 13)), 720.0, kTol);  // 300 + 900 * 14/30
  EXPECT_NEAR(s.value_at(plus(d1, 14)), 648.0, kTol);  // 720 - 720 * 1/10
  EXPECT_NEAR(s.value_at(plus(d1, 18)), 360.0, kTol);  // 720 - 720 * 5/10
  EXPECT_NEAR(s.value_at(plus(d1, 23)), 0.0, kTol);    // 10th day of ramp 2
  EXPECT_NEAR(s.value_at(plus(d1, 40)), 0.0, kTol);    // after ramp 1 would have ended: still 0
}

TEST(Schedule, StepDuringRampEndsTheRamp) {
  // A step on the 5th day of a 10-day ramp 0 -> 100: the step's value holds from its date on.
  const Date d0 = day(2026, 1, 1);
  const Schedule s(0.0, {{d0, 100.0, 10.0}, {plus(d0, 4), 20.0, 0.0}});
  EXPECT_NEAR(s.value_at(plus(d0, 3)), 40.0, kTol);  // 4th day of the ramp: 100 * 4/10
  EXPECT_NEAR(s.value_at(plus(d0, 4)), 20.0, kTol);
  EXPECT_NEAR(s.value_at(plus(d0, 30)), 20.0, kTol);
}

TEST(Schedule, OneDayRampIsAStep) {
  // ramp_days = 1: the first day is the 1st (and last) day of the ramp.
  const Date d0 = day(2026, 1, 1);
  const Schedule s(0.0, {{d0, 5.0, 1.0}});
  EXPECT_DOUBLE_EQ(s.value_at(plus(d0, -1)), 0.0);
  EXPECT_DOUBLE_EQ(s.value_at(d0), 5.0);
}

// The header's highest values, and a capacity that falls: a curtailment's peak is the day before it.
TEST(Schedule, HighestOverASpan) {
  const Schedule s = grid_example();
  EXPECT_NEAR(s.highest(day(2026, 1, 1), day(2026, 9, 15)), 750.0, kTol);   // reached on the span's last day
  EXPECT_NEAR(s.highest(day(2026, 1, 1), day(2026, 2, 28)), 0.0, kTol);
  EXPECT_NEAR(s.highest(day(2026, 1, 1), day(2031, 12, 31)), 1200.0, kTol);
  EXPECT_NEAR(s.highest(day(2026, 9, 30), day(2026, 9, 30)), 1200.0, kTol);  // one day
  // 500 MW until it falls to 200 MW on 2027-01-01, then a 10-day ramp to 450 MW from 2027-06-01: over 2026-12-01
  // to 2027-12-31 the highest is 500 (the day before the fall); from 2027-01-01 on, 450 (the ramp's 10th day).
  const Schedule curtailed(0.0, {{day(2026, 1, 1), 500.0, 0.0}, {day(2027, 1, 1), 200.0, 0.0},
                                 {day(2027, 6, 1), 450.0, 10.0}});
  EXPECT_NEAR(curtailed.highest(day(2026, 12, 1), day(2027, 12, 31)), 500.0, kTol);
  EXPECT_NEAR(curtailed.highest(day(2027, 1, 1), day(2027, 12, 31)), 450.0, kTol);
  EXPECT_NEAR(curtailed.highest(day(2027, 1, 1), day(2027, 6, 5)), 325.0, kTol);  // 200 + 250 x 5/10
}

}  // namespace
}  // namespace gwsim::models
