// Fleet health in the engine's bookkeeping (sim/engine/reliability_step.cpp), played by hand without SimGrid on the
// basic scenario of scenario_builder.hpp: one site "alpha", tranche t1 of 40 test racks (10 packages, 10 PF FP8
// each) whose pods of 10 racks go live on Jan 7, 8, 9 and 10, 2026, utilization 50%, to 2026-03-31. Every figure
// below is computed by hand from the rates the test sets.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

#include "tests/sim/record_helpers.hpp"
#include "tests/sim/rollout_driver.hpp"
#include "tests/sim/scenario_builder.hpp"

namespace gwsim {
namespace {

using testing::day;
using testing::drive;
using testing::row_at;

models::PlatformReliability& rates(Scenario& s) { return s.catalog.platforms[0].reliability; }

void set_unit(Scenario& s, std::int64_t packages, double swap_days, double repair_days) {
  for (models::ComponentReliability& c : rates(s).components) {
    c.packages_out_per_failure = packages;
    c.swap_days = swap_days;
    c.repair_days = repair_days;
  }
}

// GPU failures forced: 1 per package-day gives a Poisson mean of 100 x the racks in service, far above the cap of
// one failure per rack (a failure takes the whole 10-package rack out), so every rack in service fails at the start
// of every day, whatever the uniform drawn. Without spares each is out for the 0.5-day repair: half the live racks
// are out on average over each day, none at its end.
Scenario forced_failures(double spares_share) {
  Scenario s = testing::basic_scenario();
  rates(s)[models::FailureComponent::kGpu].failures_per_unit_day = 1.0;
  set_unit(s, 10, 0.1, 0.5);
  s.reliability.spares_share = spares_share;
  return s;
}

TEST(Reliability, ForcedFailuresTakeHalfTheLiveRacksOutOfService) {
  const RunRecord r = drive(forced_failures(0.0));
  // Jan 7: 10 racks live, 10 fail, each out half the day: 5 rack-equivalents out, 5 x 10 PF effective.
  const StateRow& jan7 = row_at(r.timeline, day(2026, 1, 7));
  EXPECT_EQ(jan7.live.racks, 10);
  EXPECT_DOUBLE_EQ(jan7.racks_in_repair, 5.0);
  EXPECT_DOUBLE_EQ(jan7.effective_pflops, 50.0);
  // The plan runs on the effective compute: 50% of 50 PF asked and served, a quarter of the live 100 PF.
  EXPECT_DOUBLE_EQ(jan7.demand_pflops, 25.0);
  EXPECT_DOUBLE_EQ(jan7.served_pflops, 25.0);
  EXPECT_DOUBLE_EQ(jan7.utilization, 0.25);
  // From Jan 10 all 40 racks are live: 20 out, 200 PF effective; the site row says the same.
  const StateRow& feb1 = row_at(r.timeline, day(2026, 2, 1));
  EXPECT_DOUBLE_EQ(feb1.racks_in_repair, 20.0);
  EXPECT_DOUBLE_EQ(feb1.effective_pflops, 200.0);
  EXPECT_DOUBLE_EQ(row_at(r.sites, day(2026, 2, 1), "alpha").racks_in_repair, 20.0);
  // Failures: 10 + 20 + 30 on Jan 7-9, then 40 a day for the 81 days Jan 10 - Mar 31: 60 + 3,240 = 3,300.
  EXPECT_EQ(r.reliability.failures[0], 3300);
  EXPECT_EQ(r.reliability.failures[1] + r.reliability.failures[2] + r.reliability.failures[3], 0);
  EXPECT_EQ(r.reliability.failures_without_spare, 3300);
  EXPECT_DOUBLE_EQ(r.reliability.peak_racks_in_repair, 20.0);
  // Effective over live compute is 1/2 on every live day.
  ASSERT_TRUE(r.reliability.availability_average_while_live.has_value());
  EXPECT_DOUBLE_EQ(*r.reliability.availability_average_while_live, 0.5);
}

TEST(Reliability, SparesShortenTheTimeOut) {
  // A spare unit per rack (spares_share 100% of 10 packages / 10 per unit): every failure is swapped in 0.1 days
  // and its part is back on the shelf after the 0.5-day repair, before the next day's failures.
  const RunRecord r = drive(forced_failures(1.0));
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 7)).racks_in_repair, 1.0);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 2, 1)).racks_in_repair, 4.0);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 2, 1)).effective_pflops, 360.0);
  EXPECT_EQ(r.reliability.failures[0], 3300);
  EXPECT_EQ(r.reliability.failures_without_spare, 0);
}

TEST(Reliability, DisabledTakesNothingOut) {
  Scenario s = forced_failures(0.0);
  s.reliability.enabled = false;
  const RunRecord r = drive(s);
  const StateRow& feb1 = row_at(r.timeline, day(2026, 2, 1));
  EXPECT_EQ(feb1.racks_in_repair, 0.0);
  EXPECT_EQ(feb1.effective_pflops, feb1.live.pflops_fp8);
  EXPECT_EQ(feb1.served_pflops, 200.0);  // 50% of 40 x 10 PF
  EXPECT_EQ(r.reliability.failures[0], 0);
  // Nothing interrupts the reference job: Daly's interval is unbounded and the goodput 1.
  EXPECT_EQ(feb1.training_goodput, 1.0);
  EXPECT_FALSE(r.reliability.checkpoint_interval_s.has_value());
}

// The Llama 3 calibration of models/reliability.hpp on the test rack (10 packages): per package-day GPU 2.2e-4, HBM
// 8.1e-5, NIC 4.7e-5, rack 5.3125e-4 per rack-day (5.3125e-5 per package), transients 7.1e-5: 4.72125e-4 in all.
// A 16,384-package job: 7.7353 interruptions a day, MTBF M = 86,400 / 7.7353 = 11,169.58 s (3.1027 h). With
// checkpoints of 12 s and restarts of 300 s, Daly's interval is sqrt(2 x 12 x M) = 517.755 s x (1 + sqrt(12 / 2M) /
// 3 + (12 / 2M) / 9) - 12 = 509.786 s, and the goodput 509.786 / (M e^(300/M) (e^(521.786/M) - 1)) = 0.929068.
TEST(Reliability, GoodputOfTheReferenceJob) {
  Scenario s = testing::basic_scenario();
  models::PlatformReliability& p = rates(s);
  p[models::FailureComponent::kGpu].failures_per_unit_day = 2.2e-4;
  p[models::FailureComponent::kHbm].failures_per_unit_day = 8.1e-5;
  p[models::FailureComponent::kNic].failures_per_unit_day = 4.7e-5;
  p[models::FailureComponent::kRack].failures_per_unit_day = 5.3125e-4;
  p.transient_interruptions_per_package_day = 7.1e-5;
  set_unit(s, 1, 0.25, 5.0);
  s.reliability.job_packages = 16384;
  s.reliability.checkpoint_s = 12;
  s.reliability.restart_s = 300;
  const RunRecord r = drive(s);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 6)).training_goodput, 0.0);  // nothing live
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 7)).training_goodput, 0.929068, 1e-6);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 3, 31)).training_goodput, 0.929068, 1e-6);
  ASSERT_TRUE(r.reliability.job_mtbf_hours && r.reliability.checkpoint_interval_s && r.reliability.goodput &&
              r.reliability.job_interruptions_per_day);
  EXPECT_NEAR(*r.reliability.job_interruptions_per_day, 7.7353, 1e-4);
  EXPECT_NEAR(*r.reliability.job_mtbf_hours, 3.1027, 1e-4);
  EXPECT_NEAR(*r.reliability.checkpoint_interval_s, 509.786, 1e-3);
  EXPECT_NEAR(*r.reliability.goodput, 0.929068, 1e-6);
  // Young's interval instead: sqrt(2 x 12 x M) = 517.755 s.
  s.reliability.interval = CheckpointInterval::kYoung;
  EXPECT_NEAR(*drive(s).reliability.checkpoint_interval_s, 517.755, 1e-3);
}

// GPU failures at 1e-3 per package-day with no time out of service (repair 0): every live package stays in service,
// so a replication's failures are Poisson with mean 1e-3 x the live package-days, 100 + 200 + 300 on Jan 7-9 and
// 400 x 81 after: 33,000 package-days, a mean of 33. Over 200 replications the mean's standard error is
// sqrt(33 / 200) = 0.406.
Scenario statistical() {
  Scenario s = testing::basic_scenario();
  rates(s)[models::FailureComponent::kGpu].failures_per_unit_day = 1e-3;
  set_unit(s, 1, 0.0, 0.0);
  s.seed = 7;
  return s;
}

TEST(Reliability, ExpectedFailuresOverManyReplications) {
  Scenario s = statistical();
  constexpr int kReplications = 200;
  double sum = 0.0;
  std::int64_t distinct_from_first = 0;
  std::int64_t first = -1;
  for (int k = 0; k < kReplications; ++k) {
    s.replication = static_cast<std::uint64_t>(k);
    const std::int64_t n = drive(s).reliability.failures[0];
    if (first < 0) first = n;
    if (n != first) ++distinct_from_first;
    sum += static_cast<double>(n);
  }
  const double mean = sum / kReplications;
  const double standard_error = std::sqrt(33.0 / kReplications);
  EXPECT_NEAR(mean, 33.0, 4.0 * standard_error);
  EXPECT_GT(distinct_from_first, 0);  // replications draw apart
}

TEST(Reliability, SameSeedAndReplicationSameFailures) {
  Scenario s = statistical();
  rates(s)[models::FailureComponent::kHbm].failures_per_unit_day = 2e-3;
  set_unit(s, 2, 0.5, 3.0);
  s.replication = 5;
  const RunRecord a = drive(s);
  const RunRecord b = drive(s);
  EXPECT_EQ(a.reliability.failures, b.reliability.failures);
  ASSERT_EQ(a.timeline.size(), b.timeline.size());
  for (std::size_t i = 0; i < a.timeline.size(); ++i) {
    EXPECT_EQ(a.timeline[i].racks_in_repair, b.timeline[i].racks_in_repair);
    EXPECT_EQ(a.timeline[i].served_pflops, b.timeline[i].served_pflops);
  }
  s.replication = 6;
  EXPECT_NE(drive(s).reliability.failures, a.reliability.failures);
}

}  // namespace
}  // namespace gwsim
