// Unit tests for models/demand: growth, daily mean inference demand (tokens or PFLOPS), the daily cycle and the
// share of the fleet reserved by training jobs.
#include "models/demand.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <cstddef>
#include <optional>
#include <vector>

namespace gwsim::models {
namespace {

Date day(int y, int m, int d) { return date_from_civil(y, m, d); }
Date plus(Date d, int n) { return Date{d.days + n}; }

// Growth factors by hand (ln 1.5 = 0.4054651081081644, ln 0.8 = -0.2231435513142098):
//   365 days: 365 / 365.25 = 1 - 0.25 / 365.25 = 1 - 6.84462696783e-4
//     1.5^that = 1.5 x exp(-0.4054651081 x 6.84462696783e-4) = 1.5 x exp(-2.775257413e-4)
//              = 1.5 x (1 - 2.775257413e-4 + 3.851027e-8 - 3.6e-12) = 1.5 x 0.999722512766 = 1.499583769148
//   730 days: 730 / 365.25 = 2 x (365 / 365.25), so the factor is the square: 1.499583769148^2
//              = (1.5 - 4.1623085e-4)^2 = 2.25 - 1.24869255e-3 + 1.7324812e-7 = 2.248751480692
//   -20%, 365 days: 0.8^(1 - 6.84462696783e-4) = 0.8 x exp(0.2231435513 x 6.84462696783e-4)
//              = 0.8 x exp(1.527334369e-4) = 0.8 x (1 + 1.527334369e-4 + 1.16637514e-8 + 6e-13) = 0.800122196081
// These carry 12 significant digits; a double pow is good to ~1e-15, so 1e-10 is a safe tolerance that still
// catches a one-day or 365 vs 365.25 error (the latter shifts the 365-day factor by 4e-4).
constexpr double kG365 = 1.499583769148;
constexpr double kG730 = 2.248751480692;
constexpr double kG365Minus20 = 0.800122196081;
constexpr double kGrowthTol = 1e-10;

// The header's worked example: 900M weekly users x 30,000 tokens per user per day, +50%/year from 2026-01-01.
DemandSpec chat_example() {
  DemandSpec spec;
  spec.basis = DemandBasis::kTokens;
  spec.weekly_active_users = Schedule(900e6, {});
  spec.tokens_per_user_per_day = Schedule(30'000.0, {});
  spec.growth_per_year = 0.5;
  spec.growth_from = day(2026, 1, 1);
  return spec;
}

// The default daily cycle (an [assumption] in configs/defaults.yaml): 1 + 0.4 cos(2 pi (h - 18) / 24), peak at
// 18:00 UTC, trough at 06:00 UTC.
std::array<double, 24> cosine_cycle() {
  std::array<double, 24> c{};
  const double pi = std::acos(-1.0);
  for (int h = 0; h < 24; ++h) c[static_cast<std::size_t>(h)] = 1.0 + 0.4 * std::cos(2.0 * pi * (h - 18) / 24.0);
  return c;
}

TEST(Demand, GrowthFactor) {
  DemandSpec spec = chat_example();
  const Date d0 = spec.growth_from;
  EXPECT_DOUBLE_EQ(growth_factor(spec, plus(d0, -1)), 1.0);    // before growth_from: 1
  EXPECT_DOUBLE_EQ(growth_factor(spec, day(2020, 1, 1)), 1.0);
  EXPECT_DOUBLE_EQ(growth_factor(spec, d0), 1.0);              // 1.5^0
  // 2026-01-01 + 365 days = 2027-01-01 (2026 is not a leap year); + 730 days = 2028-01-01.
  EXPECT_EQ(plus(d0, 365), day(2027, 1, 1));
  EXPECT_EQ(plus(d0, 730), day(2028, 1, 1));
  EXPECT_NEAR(growth_factor(spec, day(2027, 1, 1)), kG365, kGrowthTol);
  EXPECT_NEAR(growth_factor(spec, day(2028, 1, 1)), kG730, kGrowthTol);
  // Compounding daily: one day is 1.5^(1/365.25) = exp(0.4054651081 / 365.25) = exp(1.110103e-3) = 1.001110719.
  EXPECT_NEAR(growth_factor(spec, plus(d0, 1)), 1.001110719, 1e-9);

  spec.growth_per_year = -0.2;  // demand shrinking 20% per year
  EXPECT_DOUBLE_EQ(growth_factor(spec, plus(d0, -1)), 1.0);
  EXPECT_NEAR(growth_factor(spec, day(2027, 1, 1)), kG365Minus20, kGrowthTol);

  spec.growth_per_year = 0.0;  // no growth: 1 on any day
  EXPECT_DOUBLE_EQ(growth_factor(spec, day(2040, 6, 1)), 1.0);
}

TEST(Demand, WorkedExampleFromHeader) {
  const DemandSpec spec = chat_example();
  // 900e6 x 30,000 = 2.7e13 tokens/day; / 86,400 s = 312,500,000 tokens/s (exact in doubles).
  EXPECT_DOUBLE_EQ(daily_mean_demand(spec, day(2026, 1, 1)), 312.5e6);
  EXPECT_DOUBLE_EQ(daily_mean_demand(spec, day(2025, 6, 1)), 312.5e6);  // before growth_from: no growth
  // 2027-01-01: 312.5e6 x 1.499583769148 = 468,619,927.859 tokens/s (header: 468.6M). Relative error of a
  // double product is ~1e-16 (5e-8 tokens/s), the hand value's ~1e-12 (5e-4 tokens/s): 0.01 tokens/s is safe.
  const double tps = daily_mean_demand(spec, day(2027, 1, 1));
  EXPECT_NEAR(tps, 468'619'927.859, 0.01);
  // The header's conversion to compute (done by the engine): Vera Rubin NVL72 at 1,200 PFLOPS and 300,000
  // tokens/s per rack, k = 1,200 / 300,000 = 0.004 PFLOPS per token/s: 468,619,927.859 x 0.004 = 1,874,479.71
  // PFLOPS, / 1,200 = 1,562.07 racks.
  EXPECT_NEAR(tps * (1200.0 / 300'000.0), 1'874'479.71, 0.01);
  EXPECT_NEAR(tps * (1200.0 / 300'000.0) / 1200.0, 1562.07, 0.01);
}

TEST(Demand, TokensPerDayAddToTheUsers) {
  DemandSpec spec;
  spec.weekly_active_users = Schedule(2e6, {});
  spec.tokens_per_user_per_day = Schedule(21'600.0, {});
  spec.tokens_per_day = Schedule(4.32e10, {});
  // (2e6 x 21,600 + 4.32e10) / 86,400 = (4.32e10 + 4.32e10) / 86,400 = 8.64e10 / 86,400 = 1e6 tokens/s.
  EXPECT_DOUBLE_EQ(daily_mean_demand(spec, day(2026, 1, 1)), 1e6);
  // Users alone, or tokens_per_day alone: 0.5e6 tokens/s each.
  DemandSpec api_only;
  api_only.tokens_per_day = Schedule(4.32e10, {});
  EXPECT_DOUBLE_EQ(daily_mean_demand(api_only, day(2026, 1, 1)), 0.5e6);
  spec.tokens_per_day = Schedule();
  EXPECT_DOUBLE_EQ(daily_mean_demand(spec, day(2026, 1, 1)), 0.5e6);
  // Nothing stated: no demand.
  EXPECT_DOUBLE_EQ(daily_mean_demand(DemandSpec{}, day(2026, 1, 1)), 0.0);
}

TEST(Demand, TokensFollowTheirSchedulesAndGrowth) {
  // Users: 100M, a step to 200M on 2026-07-01. Tokens per user per day: 8,640, a 10-day ramp to 17,280 from
  // 2026-03-01 (day k of the ramp: 8,640 + 8,640 x k/10). Growth +50%/year from 2026-07-01.
  DemandSpec spec;
  spec.weekly_active_users = Schedule(100e6, {{day(2026, 7, 1), 200e6, 0.0}});
  spec.tokens_per_user_per_day = Schedule(8'640.0, {{day(2026, 3, 1), 17'280.0, 10.0}});
  spec.growth_per_year = 0.5;
  spec.growth_from = day(2026, 7, 1);
  constexpr double kTol = 1e-6;  // tokens/s on values up to 6e7: double error ~1e-8
  // 100e6 x 8,640 / 86,400 = 1e7 tokens/s.
  EXPECT_NEAR(daily_mean_demand(spec, day(2026, 2, 28)), 1e7, kTol);
  // Ramp day 1: 100e6 x 9,504 / 86,400 = 1.1e7.
  EXPECT_NEAR(daily_mean_demand(spec, day(2026, 3, 1)), 1.1e7, kTol);
  // Ramp day 5: 100e6 x 12,960 / 86,400 = 1.5e7.
  EXPECT_NEAR(daily_mean_demand(spec, day(2026, 3, 5)), 1.5e7, kTol);
  // Ramp day 10: 100e6 x 17,280 / 86,400 = 2e7; holds.
  EXPECT_NEAR(daily_mean_demand(spec, day(2026, 3, 10)), 2e7, kTol);
  EXPECT_NEAR(daily_mean_demand(spec, day(2026, 6, 30)), 2e7, kTol);
  // User step (growth factor 1 on its first day): 200e6 x 17,280 / 86,400 = 4e7.
  EXPECT_NEAR(daily_mean_demand(spec, day(2026, 7, 1)), 4e7, kTol);
  // 2027-07-01 is 365 days later (no 29 February between): 4e7 x 1.499583769148 = 59,983,350.76592.
  EXPECT_NEAR(daily_mean_demand(spec, day(2027, 7, 1)), 59'983'350.76592, 1e-3);
}

TEST(Demand, PflopsBasis) {
  // 1e6 PFLOPS from 2027-01-01 (a step), growth +50%/year from 2026-01-01. The token schedules are ignored.
  DemandSpec spec = chat_example();
  spec.basis = DemandBasis::kPflops;
  spec.pflops = Schedule(0.0, {{day(2027, 1, 1), 1e6, 0.0}});
  EXPECT_DOUBLE_EQ(daily_mean_demand(spec, day(2026, 12, 31)), 0.0);
  // 1e6 x 1.499583769148 = 1,499,583.769148 PFLOPS.
  EXPECT_NEAR(daily_mean_demand(spec, day(2027, 1, 1)), 1'499'583.769148, 1e-5);
  // No growth: exactly the schedule; a 4-day ramp 1e6 -> 2e6 from 2028-01-01 gives 1.25e6 on its first day.
  spec.growth_per_year = 0.0;
  spec.pflops = Schedule(1e6, {{day(2028, 1, 1), 2e6, 4.0}});
  EXPECT_DOUBLE_EQ(daily_mean_demand(spec, day(2027, 6, 1)), 1e6);
  EXPECT_DOUBLE_EQ(daily_mean_demand(spec, day(2028, 1, 1)), 1.25e6);
  EXPECT_DOUBLE_EQ(daily_mean_demand(spec, day(2028, 1, 4)), 2e6);
  // And a tokens-basis spec ignores the PFLOPS schedule: 312.5e6 tokens/s on 2026-01-01, as in the example.
  spec.basis = DemandBasis::kTokens;
  EXPECT_DOUBLE_EQ(daily_mean_demand(spec, day(2026, 1, 1)), 312.5e6);
}

TEST(Demand, CycleFactorWithoutCycleIsOne) {
  DemandSpec spec;  // all 24 weights 0 (nothing stated)
  for (int h = 0; h < 24; ++h) EXPECT_DOUBLE_EQ(cycle_factor(spec, h), 1.0) << h;
  spec.daily_cycle.fill(5.0);  // all equal: 5 x 24 / 120 = 1
  for (int h = 0; h < 24; ++h) EXPECT_DOUBLE_EQ(cycle_factor(spec, h), 1.0) << h;
}

// The peak hour: the cosine cycle's crest at 18:00 UTC (its factor 1.4 is the day's highest); with no cycle, or all
// hours equal, the first hour.
TEST(Demand, PeakCycleHour) {
  DemandSpec spec;
  EXPECT_EQ(peak_cycle_hour(spec), 0);
  spec.daily_cycle.fill(5.0);
  EXPECT_EQ(peak_cycle_hour(spec), 0);
  spec.daily_cycle = cosine_cycle();
  EXPECT_EQ(peak_cycle_hour(spec), 18);
  spec.daily_cycle.fill(1.0);
  spec.daily_cycle[9] = 2.0;
  spec.daily_cycle[20] = 2.0;  // a tie: the first
  EXPECT_EQ(peak_cycle_hour(spec), 9);
}

TEST(Demand, CycleFactorCosineProfile) {
  DemandSpec spec;
  spec.daily_cycle = cosine_cycle();
  // The 24 cosines over a whole period sum to 0, so the weights sum to 24 and the factor is the weight itself
  // (up to rounding in std::cos and the sum, ~1e-15):
  //   h = 18: 1 + 0.4 cos(0)      = 1.4
  //   h = 6:  1 + 0.4 cos(-pi)    = 0.6
  //   h = 14: 1 + 0.4 cos(-pi/3)  = 1.2
  //   h = 22: 1 + 0.4 cos(pi/3)   = 1.2
  //   h = 0:  1 + 0.4 cos(-3pi/2) = 1.0;  h = 12: 1 + 0.4 cos(-pi/2) = 1.0
  constexpr double kTol = 1e-12;
  EXPECT_NEAR(cycle_factor(spec, 18), 1.4, kTol);
  EXPECT_NEAR(cycle_factor(spec, 6), 0.6, kTol);
  EXPECT_NEAR(cycle_factor(spec, 14), 1.2, kTol);
  EXPECT_NEAR(cycle_factor(spec, 22), 1.2, kTol);
  EXPECT_NEAR(cycle_factor(spec, 0), 1.0, kTol);
  EXPECT_NEAR(cycle_factor(spec, 12), 1.0, kTol);
  // The factors average 1 over the day: the daily mean is kept.
  double sum = 0.0;
  for (int h = 0; h < 24; ++h) sum += cycle_factor(spec, h);
  EXPECT_NEAR(sum / 24.0, 1.0, kTol);
}

TEST(Demand, CycleFactorDividesByTheMean) {
  DemandSpec spec;
  // Twice the cosine profile (mean 2): the same factors.
  const std::array<double, 24> c = cosine_cycle();
  for (std::size_t h = 0; h < 24; ++h) spec.daily_cycle[h] = 2.0 * c[h];
  EXPECT_NEAR(cycle_factor(spec, 18), 1.4, 1e-12);
  EXPECT_NEAR(cycle_factor(spec, 6), 0.6, 1e-12);
  // Weights 3 for hours 12-23 and 1 for hours 0-11: sum 12 x 3 + 12 x 1 = 48, mean 2, so 3 / 2 = 1.5 and
  // 1 / 2 = 0.5 (all exact in doubles).
  for (std::size_t h = 0; h < 24; ++h) spec.daily_cycle[h] = h >= 12 ? 3.0 : 1.0;
  EXPECT_DOUBLE_EQ(cycle_factor(spec, 0), 0.5);
  EXPECT_DOUBLE_EQ(cycle_factor(spec, 11), 0.5);
  EXPECT_DOUBLE_EQ(cycle_factor(spec, 12), 1.5);
  EXPECT_DOUBLE_EQ(cycle_factor(spec, 23), 1.5);
  // All the demand in one hour: weight 1 at 18, 0 elsewhere: 1 x 24 / 1 = 24 at 18, 0 at the others.
  spec.daily_cycle.fill(0.0);
  spec.daily_cycle[18] = 1.0;
  EXPECT_DOUBLE_EQ(cycle_factor(spec, 18), 24.0);
  EXPECT_DOUBLE_EQ(cycle_factor(spec, 17), 0.0);
}

TEST(Demand, TrainingLastDay) {
  // Last day = start + round(duration) - 1.
  const Date s = day(2026, 3, 1);
  EXPECT_EQ(training_last_day(TrainingJob{"a", s, 10.0, 0.25}), day(2026, 3, 10));  // 1 + 10 - 1 = 10
  EXPECT_EQ(training_last_day(TrainingJob{"b", s, 1.0, 0.25}), s);                   // a one-day job
  EXPECT_EQ(training_last_day(TrainingJob{"c", s, 30.0, 0.25}), day(2026, 3, 30));
  EXPECT_EQ(training_last_day(TrainingJob{"d", s, 31.0, 0.25}), day(2026, 3, 31));
  EXPECT_EQ(training_last_day(TrainingJob{"e", day(2026, 12, 30), 3.0, 0.25}), day(2027, 1, 1));  // over New Year
  // Fractional durations round to the nearest whole day, halves away from zero (llround):
  EXPECT_EQ(training_last_day(TrainingJob{"f", s, 2.4, 0.25}), plus(s, 1));  // round(2.4) = 2 -> s + 1
  EXPECT_EQ(training_last_day(TrainingJob{"g", s, 2.5, 0.25}), plus(s, 2));  // round(2.5) = 3 -> s + 2
  EXPECT_EQ(training_last_day(TrainingJob{"h", s, 2.6, 0.25}), plus(s, 2));  // round(2.6) = 3
  EXPECT_EQ(training_last_day(TrainingJob{"i", s, 0.5, 0.25}), s);           // round(0.5) = 1: one day
  EXPECT_EQ(training_last_day(TrainingJob{"j", s, 0.4, 0.25}), plus(s, -1));  // round(0.4) = 0: before start
}

TEST(Demand, TrainingShareOverlappingJobs) {
  // A: 2026-03-01 for 10 days (last day 03-10), 25%. B: 2026-03-05 for 30 days (last day 03-05 + 29 = 04-03),
  // 50%. C: 2026-03-10, one day, 12.5%. Shares are binary fractions, so sums are exact.
  const std::vector<TrainingJob> jobs = {{"A", day(2026, 3, 1), 10.0, 0.25},
                                         {"B", day(2026, 3, 5), 30.0, 0.5},
                                         {"C", day(2026, 3, 10), 1.0, 0.125}};
  EXPECT_DOUBLE_EQ(training_share(jobs, day(2026, 2, 28)), 0.0);    // before any
  EXPECT_DOUBLE_EQ(training_share(jobs, day(2026, 3, 1)), 0.25);    // A's first day counts
  EXPECT_DOUBLE_EQ(training_share(jobs, day(2026, 3, 4)), 0.25);
  EXPECT_DOUBLE_EQ(training_share(jobs, day(2026, 3, 5)), 0.75);    // A + B
  EXPECT_DOUBLE_EQ(training_share(jobs, day(2026, 3, 9)), 0.75);
  EXPECT_DOUBLE_EQ(training_share(jobs, day(2026, 3, 10)), 0.875);  // A's last day, C's only day: A + B + C
  EXPECT_DOUBLE_EQ(training_share(jobs, day(2026, 3, 11)), 0.5);    // B alone
  EXPECT_DOUBLE_EQ(training_share(jobs, day(2026, 4, 3)), 0.5);     // B's last day counts
  EXPECT_DOUBLE_EQ(training_share(jobs, day(2026, 4, 4)), 0.0);     // all done
  EXPECT_DOUBLE_EQ(training_share({}, day(2026, 3, 5)), 0.0);       // no jobs
}

TEST(Demand, TrainingShareFractionalDurations) {
  const Date s = day(2027, 1, 1);
  // 2.4 days -> 2 days (s, s + 1); 2.5 -> 3 days (s .. s + 2); 0.4 -> 0 days: never runs.
  const std::vector<TrainingJob> short_job = {{"x", s, 2.4, 0.5}};
  EXPECT_DOUBLE_EQ(training_share(short_job, plus(s, 1)), 0.5);
  EXPECT_DOUBLE_EQ(training_share(short_job, plus(s, 2)), 0.0);
  const std::vector<TrainingJob> half_up = {{"y", s, 2.5, 0.5}};
  EXPECT_DOUBLE_EQ(training_share(half_up, plus(s, 2)), 0.5);
  EXPECT_DOUBLE_EQ(training_share(half_up, plus(s, 3)), 0.0);
  const std::vector<TrainingJob> none = {{"z", s, 0.4, 0.5}};
  EXPECT_DOUBLE_EQ(training_share(none, plus(s, -1)), 0.0);
  EXPECT_DOUBLE_EQ(training_share(none, s), 0.0);
}

// Tokens to PFLOP/s: a fleet of 10 racks at 1,200 PF and 300,000 tokens/s each plus 5 racks at 720 PF and 180,000
// tokens/s: F = 12,000 + 3,600 = 15,600 PF, T = 3,000,000 + 900,000 = 3,900,000 tokens/s (ceilings), k = 0.004 at
// a realized fraction of 1; 1e6 tokens/s need 4,000 PF. Nothing live: the serving platform's 1,200 / 300,000 =
// 0.004 as well; neither: 0.
TEST(Demand, TokensToPflops) {
  EXPECT_DOUBLE_EQ(tokens_to_pflops(1e6, 15600.0, 3.9e6, 0.0, 0.0, 1.0), 4000.0);
  EXPECT_DOUBLE_EQ(tokens_to_pflops(1e6, 0.0, 0.0, 1200.0, 300000.0, 1.0), 4000.0);
  EXPECT_DOUBLE_EQ(tokens_to_pflops(1e6, 0.0, 0.0, 1200.0, 0.0, 1.0), 0.0);
  // A fleet that serves fewer tokens per FLOP needs more compute: 100 tokens/s per PF -> 1e6 tokens/s = 10,000 PF.
  EXPECT_DOUBLE_EQ(tokens_to_pflops(1e6, 1000.0, 1e5, 1200.0, 300000.0, 1.0), 10000.0);
}

// The realized fraction rho: a fleet realizing 40% of its ceiling needs 1 / 0.4 = 2.5 times the rack-time per
// token: k = 15,600 / (0.4 x 3,900,000) = 0.01, so 1e6 tokens/s take 10,000 PF (and 1,200 / (0.4 x 300,000) = 0.01
// while nothing is live). The header's example: 468.62M tokens/s at k = 1,200 / (0.4 x 300,000) = 0.01.
TEST(Demand, TokensToPflopsAtTheRealizedFraction) {
  EXPECT_NEAR(tokens_to_pflops(1e6, 15600.0, 3.9e6, 0.0, 0.0, 0.4), 10000.0, 1e-9);
  EXPECT_NEAR(tokens_to_pflops(1e6, 0.0, 0.0, 1200.0, 300000.0, 0.4), 10000.0, 1e-9);
  EXPECT_NEAR(tokens_to_pflops(1e6, 0.0, 0.0, 1200.0, 300000.0, 0.25), 16000.0, 1e-9);  // 4,000 / 0.25
  EXPECT_DOUBLE_EQ(tokens_to_pflops(1e6, 15600.0, 3.9e6, 0.0, 0.0, 0.0), 0.0);         // no fraction: nothing
  // 312.5M x 1.499583769148 = 468,619,927.86 tokens/s x 0.01 = 4,686,199.28 PF; / 1,200 = 3,905.17 racks.
  const double tokens = daily_mean_demand(chat_example(), day(2027, 1, 1));
  EXPECT_NEAR(tokens, 468'619'927.86, 0.01);
  EXPECT_NEAR(tokens_to_pflops(tokens, 0.0, 0.0, 1200.0, 300000.0, 0.4), 4'686'199.2786, 1e-3);
}

// Onboarding anchored on first tokens: 0 before them (or while there are none), then (d - d_ft + 1) / R up to 1.
// The header's example: first tokens 2026-12-01, R = 90 days; 2027-01-01 is day 32 of the ramp: 32 / 90 =
// 0.355556, and 468,619,927.86 x 32 / 90 = 166,620,418.8 tokens/s.
TEST(Demand, OnboardingFromFirstTokens) {
  DemandSpec spec = chat_example();
  const Date ft = day(2026, 12, 1);
  EXPECT_DOUBLE_EQ(onboarding_factor(spec, ft, std::nullopt), 1.0);  // no anchor stated: always 1
  spec.ramp_from_first_tokens_days = 90.0;
  EXPECT_DOUBLE_EQ(onboarding_factor(spec, day(2027, 6, 1), std::nullopt), 0.0);  // no first tokens yet
  EXPECT_DOUBLE_EQ(onboarding_factor(spec, plus(ft, -1), ft), 0.0);               // the day before
  EXPECT_DOUBLE_EQ(onboarding_factor(spec, ft, ft), 1.0 / 90.0);                  // day 1 of 90
  EXPECT_DOUBLE_EQ(onboarding_factor(spec, day(2027, 1, 1), ft), 32.0 / 90.0);
  EXPECT_DOUBLE_EQ(onboarding_factor(spec, plus(ft, 89), ft), 1.0);  // day 90: reached
  EXPECT_DOUBLE_EQ(onboarding_factor(spec, plus(ft, 400), ft), 1.0);
  EXPECT_NEAR(daily_mean_demand(spec, day(2027, 1, 1)) * onboarding_factor(spec, day(2027, 1, 1), ft),
              166'620'418.8, 0.1);
  spec.ramp_from_first_tokens_days = 0.0;  // a step at first tokens
  EXPECT_DOUBLE_EQ(onboarding_factor(spec, plus(ft, -1), ft), 0.0);
  EXPECT_DOUBLE_EQ(onboarding_factor(spec, ft, ft), 1.0);
}

// Training stated in PFLOPS adds to the shares' part of the live fleet; sigma caps at 1 and the rest goes short.
// The header's example: 1,000 racks of 1,200 PF (F = 1.2e6): 25% = 300,000 PF and a 1e6 PF job = 1.3e6 PF asked,
// sigma = min(1, 1.3e6 / 1.2e6) = 1. Nothing live: the absolute job still asks 1e6 PF (sigma 0: all short).
TEST(Demand, TrainingInPflopsCanGoShort) {
  const Date s = day(2027, 1, 1);
  const std::vector<TrainingJob> jobs = {{"share", s, 30.0, 0.25, 0.0}, {"absolute", plus(s, 10), 30.0, 0.0, 1e6}};
  EXPECT_DOUBLE_EQ(training_demand_pflops(jobs, s, 1.2e6), 300'000.0);                // the share alone
  EXPECT_DOUBLE_EQ(training_demand_pflops(jobs, plus(s, 10), 1.2e6), 1'300'000.0);    // both
  EXPECT_DOUBLE_EQ(training_demand_pflops(jobs, plus(s, 30), 1.2e6), 1'000'000.0);    // the share's job is over
  EXPECT_DOUBLE_EQ(training_demand_pflops(jobs, plus(s, 10), 0.0), 1'000'000.0);      // nothing live
  EXPECT_DOUBLE_EQ(training_demand_pflops(jobs, plus(s, 40), 1.2e6), 0.0);            // all done
  // The share of a PFLOPS job does not count in training_share (the loader's 100% rule is about shares).
  EXPECT_DOUBLE_EQ(training_share(jobs, plus(s, 10)), 0.25);
}

// Who is served first. 400 PF live, 250 PF of inference and 300 PF of training asked (550 > 400):
//   inference first: I' = min(250, 400) = 250, T' = min(300, 400 - 250) = 150 (150 of training short);
//   training first:  T' = min(300, 400) = 300, I' = min(250, 400 - 300) = 100 (150 of inference short).
// Both fit (100 + 250 <= 400): each gets its demand whatever the order. Nothing live: nothing served.
// The header's example: 1.3e6 PF of training and 5e5 of inference on 1.2e6 live, inference first: T' = 7e5.
TEST(Demand, SplitWorkServesTheFirstWorkloadFirst) {
  const WorkSplit inf = split_work(300.0, 250.0, 400.0, ServeFirst::kInference);
  EXPECT_DOUBLE_EQ(inf.inference_pflops, 250.0);
  EXPECT_DOUBLE_EQ(inf.training_pflops, 150.0);
  const WorkSplit tr = split_work(300.0, 250.0, 400.0, ServeFirst::kTraining);
  EXPECT_DOUBLE_EQ(tr.training_pflops, 300.0);
  EXPECT_DOUBLE_EQ(tr.inference_pflops, 100.0);
  for (ServeFirst first : {ServeFirst::kInference, ServeFirst::kTraining}) {
    const WorkSplit fit = split_work(100.0, 250.0, 400.0, first);
    EXPECT_DOUBLE_EQ(fit.training_pflops, 100.0);
    EXPECT_DOUBLE_EQ(fit.inference_pflops, 250.0);
    const WorkSplit none = split_work(100.0, 250.0, 0.0, first);
    EXPECT_DOUBLE_EQ(none.training_pflops + none.inference_pflops, 0.0);
  }
  // Inference alone above the fleet: capped at the fleet, training gets nothing.
  const WorkSplit over = split_work(50.0, 500.0, 400.0, ServeFirst::kInference);
  EXPECT_DOUBLE_EQ(over.inference_pflops, 400.0);
  EXPECT_DOUBLE_EQ(over.training_pflops, 0.0);
  EXPECT_DOUBLE_EQ(split_work(1.3e6, 5e5, 1.2e6, ServeFirst::kInference).training_pflops, 7e5);
  EXPECT_DOUBLE_EQ(split_work(1.3e6, 5e5, 1.2e6, ServeFirst::kTraining).training_pflops, 1.2e6);
}

}  // namespace
}  // namespace gwsim::models
