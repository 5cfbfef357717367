// Unit tests for models/power_swing: which resource covers a training job's power swing, and the cap on the job
// when they fall short. Expected values are worked by hand in the comments.
#include "models/power_swing.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace gwsim::models {
namespace {

constexpr double kTol = 1e-9;

double covered(const SwingCoverage& c) { return c.rack_mw + c.battery_mw + c.headroom_mw + c.generation_ramp_mw; }

TEST(PowerSwing, WorkedExampleCapped) {
  // 200 MW x 30% = 60 MW in 30 s; r 0.3, B 10, H 5, ramp 2 MW/min x 30 s / 60 = 1 MW (spare 20).
  const TrainingSwing swing{200.0, 0.3, 30.0};
  const SwingResources res{0.3, 10.0, 5.0, 2.0, 20.0};
  const SwingCoverage c = cover_training_swing(swing, res);
  EXPECT_NEAR(c.swing_mw, 60.0, kTol);
  // C = 16 < 0.7 x 60 = 42: K = 60 - 16 / 0.7 = 60 - 22.857142857 = 37.142857143 MW.
  EXPECT_NEAR(c.capped_mw, 60.0 - 16.0 / 0.7, kTol);
  // Covered swing 22.857142857: racks 0.3 of it = 6.857142857, battery 10, headroom 5, ramp 1.
  EXPECT_NEAR(c.rack_mw, 0.3 * 16.0 / 0.7, kTol);
  EXPECT_NEAR(c.battery_mw, 10.0, kTol);
  EXPECT_NEAR(c.headroom_mw, 5.0, kTol);
  EXPECT_NEAR(c.generation_ramp_mw, 1.0, kTol);
  EXPECT_NEAR(covered(c) + c.capped_mw, c.swing_mw, kTol);
}

TEST(PowerSwing, WorkedExampleCoveredInOrder) {
  // Same, with B 40: C = 46 >= 42, no cap: racks 18, battery 40 of the 42 left, headroom 2, generation 0.
  const SwingCoverage c =
      cover_training_swing(TrainingSwing{200.0, 0.3, 30.0}, SwingResources{0.3, 40.0, 5.0, 2.0, 20.0});
  EXPECT_DOUBLE_EQ(c.capped_mw, 0.0);
  EXPECT_NEAR(c.rack_mw, 18.0, kTol);
  EXPECT_NEAR(c.battery_mw, 40.0, kTol);
  EXPECT_NEAR(c.headroom_mw, 2.0, kTol);
  EXPECT_NEAR(c.generation_ramp_mw, 0.0, kTol);
}

TEST(PowerSwing, UncoveredSwingCapsExactlyTheStatedPower) {
  // Nothing to cover it: a 100 MW job swinging 30% is capped by exactly 30 MW, and nothing is covered.
  const SwingCoverage c = cover_training_swing(TrainingSwing{100.0, 0.3, 2.0}, SwingResources{});
  EXPECT_NEAR(c.capped_mw, 30.0, kTol);
  EXPECT_DOUBLE_EQ(covered(c), 0.0);
  // Only held headroom of 12 MW (no rack smoothing): capped by 30 - 12 = 18 MW.
  const SwingCoverage h =
      cover_training_swing(TrainingSwing{100.0, 0.3, 2.0}, SwingResources{0.0, 0.0, 12.0, 0.0, 0.0});
  EXPECT_NEAR(h.capped_mw, 18.0, kTol);
  EXPECT_NEAR(h.headroom_mw, 12.0, kTol);
}

TEST(PowerSwing, GenerationRampIsLimitedByTimeAndSpareCapacity) {
  // 60 MW/min for 2 s = 2 MW; for 120 s = 120 MW but only 50 MW spare.
  const TrainingSwing fast{1000.0, 0.1, 2.0};   // S = 100
  const TrainingSwing slow{1000.0, 0.1, 120.0};
  const SwingResources gen{0.0, 0.0, 0.0, 60.0, 50.0};
  EXPECT_NEAR(cover_training_swing(fast, gen).generation_ramp_mw, 2.0, kTol);
  EXPECT_NEAR(cover_training_swing(fast, gen).capped_mw, 98.0, kTol);
  EXPECT_NEAR(cover_training_swing(slow, gen).generation_ramp_mw, 50.0, kTol);
  EXPECT_NEAR(cover_training_swing(slow, gen).capped_mw, 50.0, kTol);
}

TEST(PowerSwing, RacksThatAbsorbEverySwingNeverCap) {
  const SwingCoverage c =
      cover_training_swing(TrainingSwing{100.0, 0.5, 1.0}, SwingResources{1.0, 0.0, 0.0, 0.0, 0.0});
  EXPECT_DOUBLE_EQ(c.capped_mw, 0.0);
  EXPECT_NEAR(c.rack_mw, 50.0, kTol);
}

TEST(PowerSwing, CappedSwingIsExactlyCoveredOverRandomInputs) {
  // Whatever the inputs: covered + capped = S; the facility covers (1 - r) of what is covered; no resource gives
  // more than it has; a cap only when every facility resource is spent.
  std::mt19937_64 rng(1302);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  for (int k = 0; k < 10'000; ++k) {
    const TrainingSwing swing{500.0 * u(rng), u(rng), 60.0 * u(rng)};
    const SwingResources res{u(rng) < 0.2 ? 0.0 : u(rng), 100.0 * u(rng), 50.0 * u(rng), 100.0 * u(rng), 80.0 * u(rng)};
    const SwingCoverage c = cover_training_swing(swing, res);
    const double scale = 1.0 + c.swing_mw;
    EXPECT_NEAR(covered(c) + c.capped_mw, c.swing_mw, 1e-12 * scale);
    EXPECT_NEAR(c.rack_mw, res.rack_smoothing_share * (c.swing_mw - c.capped_mw), 1e-12 * scale);
    EXPECT_LE(c.battery_mw, res.battery_power_mw);
    EXPECT_LE(c.headroom_mw, res.headroom_mw);
    EXPECT_LE(c.generation_ramp_mw, res.generation_ramp_mw_per_min * swing.ramp_time_s / 60.0 * (1 + 1e-12));
    EXPECT_LE(c.generation_ramp_mw, res.generation_spare_mw * (1 + 1e-12));
    EXPECT_GE(c.capped_mw, 0.0);
    if (c.capped_mw > 1e-9) {
      EXPECT_NEAR(c.battery_mw, res.battery_power_mw, 1e-9 * scale);
      EXPECT_NEAR(c.headroom_mw, res.headroom_mw, 1e-9 * scale);
      EXPECT_NEAR(c.generation_ramp_mw,
                  std::min(res.generation_spare_mw, res.generation_ramp_mw_per_min * swing.ramp_time_s / 60.0),
                  1e-9 * scale);
    }
  }
}

}  // namespace
}  // namespace gwsim::models

namespace gwsim::models {
namespace {

TEST(PowerSwing, WorkedExampleReservedShares) {
  // A job of share 20% and one of 1,500,000 PFLOPS, both running, and one not running.
  const JobReservation jobs[] = {{0.2, 0.0, true}, {0.0, 1.5e6, true}, {0.0, 2e6, false}};
  // On 4,500,000 live PFLOPS: 0.2 and 1.5 / 4.5 = 1/3; the job not running reserves nothing.
  const std::vector<double> roomy = reserved_shares(jobs, 4.5e6);
  ASSERT_EQ(roomy.size(), 3u);
  EXPECT_NEAR(roomy[0], 0.2, 1e-12);
  EXPECT_NEAR(roomy[1], 1.0 / 3.0, 1e-12);
  EXPECT_EQ(roomy[2], 0.0);
  // On 1,000,000 live PFLOPS they ask 0.2 + 1.5 = 1.7 of the fleet: each scaled by 1 / 1.7.
  const std::vector<double> short_fleet = reserved_shares(jobs, 1e6);
  EXPECT_NEAR(short_fleet[0], 0.2 / 1.7, 1e-12);
  EXPECT_NEAR(short_fleet[1], 1.5 / 1.7, 1e-12);
  EXPECT_NEAR(short_fleet[0] + short_fleet[1], 1.0, 1e-12);
  // 1,000 racks of 200 kW at a site: the second job's racks draw 0.88235 x 200 MW = 176.47 MW at peak.
  EXPECT_NEAR(short_fleet[1] * 1000 * 0.2, 176.470588, 1e-6);
  // Nothing live: nothing reserved.
  for (double s : reserved_shares(jobs, 0.0)) EXPECT_EQ(s, 0.0);
}

}  // namespace
}  // namespace gwsim::models
