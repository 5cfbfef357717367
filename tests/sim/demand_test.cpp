// Demand against capacity on the real engine: shortfall days, training reservations, tokens, the power cap,
// hourly steps with a daily cycle, carbon and water. Every expected value is computed by hand from
// tests/sim/scenario_builder.hpp: pods of 10 test racks (100 PF FP8, 1 MW peak, 300 kW idle) go live on
// Jan 7, 8, 9 and 10, 2026 (see rollout_test.cpp), so live compute is 0 PF until Jan 6, then 100, 200, 300 and
// from Jan 10 400 PF.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "sim/engine/engine.hpp"
#include "tests/sim/run_helpers.hpp"
#include "tests/sim/scenario_builder.hpp"

namespace gwsim {
namespace {

using testing::day;
using testing::events_of;
using testing::row_at;
using testing::row_at_hour;
using testing::run;
using testing::demand_scenario;


// 250 PF asked from Jan 1, 450 PF from Feb 1. Short while live compute is below it: Jan 1-6 (0 PF live), Jan 7
// (100), Jan 8 (200): 8 days; met from Jan 9 (300 PF); short again from Feb 1 (400 < 450) to Mar 31: 28 + 31 =
// 59 days. 67 days in all.
TEST(Demand, ShortfallDaysByHand) {
  Scenario s = demand_scenario(250.0);
  s.demand.spec.pflops = models::Schedule(250.0, {{day(2026, 2, 1), 450.0, 0.0}});
  const RunRecord r = run(s);
  EXPECT_TRUE(r.demand_stated);
  EXPECT_EQ(r.shortfall_days, 67);
  EXPECT_DOUBLE_EQ(r.peak_unserved_pflops, 250.0);  // Jan 1, nothing live
  EXPECT_EQ(r.peak_unserved_at, "2026-01-01");
  const auto exceeded = events_of(r, EventKind::kDemandExceedsCapacity);
  const auto met = events_of(r, EventKind::kDemandMet);
  ASSERT_EQ(exceeded.size(), 2u);
  ASSERT_EQ(met.size(), 1u);
  EXPECT_EQ(exceeded[0].date, day(2026, 1, 1));
  EXPECT_EQ(met[0].date, day(2026, 1, 9));
  EXPECT_EQ(exceeded[1].date, day(2026, 2, 1));

  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 7)).unserved_pflops, 150.0, 1e-9);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 8)).unserved_pflops, 50.0, 1e-9);
  // Jan 9: 250 of 300 PF, so 25 of 30 racks busy: 2 pods at full load and one at half.
  const StateRow& jan9 = row_at(r.timeline, day(2026, 1, 9));
  EXPECT_NEAR(jan9.served_pflops, 250.0, 1e-9);
  EXPECT_DOUBLE_EQ(jan9.unserved_pflops, 0.0);
  EXPECT_NEAR(jan9.utilization, 250.0 / 300.0, 1e-12);
  // Racks: 30 x 30 kW idle + 25 x 70 kW = 2,650 kW; IT / 0.8 = 3,312.5 kW.
  EXPECT_NEAR(jan9.it_power_mw, 3.3125, 1e-9);
  const StateRow& feb2 = row_at(r.timeline, day(2026, 2, 2));
  EXPECT_NEAR(feb2.demand_pflops, 450.0, 1e-9);
  EXPECT_NEAR(feb2.served_pflops, 400.0, 1e-9);
  EXPECT_NEAR(feb2.unserved_pflops, 50.0, 1e-9);
  EXPECT_DOUBLE_EQ(feb2.lost_to_cap_pflops, 0.0);  // short of racks, not of power
  // Unserved PFLOP/s x seconds: 6 days x 250 + 150 + 50 + 59 days x 50 = 4,650 PF-days x 86,400 s / 1,000 =
  // 401,760 EFLOP.
  EXPECT_NEAR(r.unserved_eflop, 401760.0, 401760.0 * 1e-6);
}

// A training job reserves half the live fleet for 10 days from Jan 20 (Jan 20-29): inference keeps 200 of the
// 400 PF live, below the 250 PF asked. 8 days short in January's rollout + 10 = 18.
TEST(Demand, TrainingReservesPartOfTheFleet) {
  Scenario s = demand_scenario(250.0);
  s.demand.training.push_back(models::TrainingJob{"big-run", day(2026, 1, 20), 10.0, 0.5});
  const RunRecord r = run(s);
  EXPECT_EQ(r.shortfall_days, 18);
  const StateRow& during = row_at(r.timeline, day(2026, 1, 25));
  EXPECT_NEAR(during.demand_pflops, 450.0, 1e-9);  // 200 PF reserved + 250 PF inference
  EXPECT_NEAR(during.served_pflops, 400.0, 1e-9);
  EXPECT_NEAR(during.unserved_pflops, 50.0, 1e-9);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 30)).unserved_pflops, 0.0);
  ASSERT_EQ(events_of(r, EventKind::kDemandMet).size(), 2u);
  EXPECT_EQ(events_of(r, EventKind::kDemandMet)[1].date, day(2026, 1, 30));
}

// Tokens: 1,000 tokens/s per test rack, so 25 racks' worth is 25,000 tokens/s = 2.16e9 tokens a day; stated as
// 1M weekly users x 2,160 tokens each. That is 250 PF on any mix of these racks, and before any is live (the
// serving platform converts): the same shortfall as 250 PF stated directly, 8 days.
TEST(Demand, TokensConvertThroughServingThroughput) {
  Scenario s = demand_scenario(0.0);
  s.demand.spec.basis = models::DemandBasis::kTokens;
  s.demand.spec.weekly_active_users = models::Schedule(1e6, {});
  s.demand.spec.tokens_per_user_per_day = models::Schedule(2160.0, {});
  const RunRecord r = run(s);
  EXPECT_EQ(r.shortfall_days, 8);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 1)).demand_pflops, 250.0, 1e-9);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 3, 1)).served_pflops, 250.0, 1e-9);
}

// The realized fraction: at rho = 0.5 the fleet serves 500 tokens/s per rack, so the same 25,000 tokens/s take
// 50 racks' worth, 500 PF, more than the 400 PF ever live: short on every day of the run (Jan 1 - Mar 31, 90).
TEST(Demand, TokensAtTheRealizedFraction) {
  Scenario s = demand_scenario(0.0);
  s.demand.spec.basis = models::DemandBasis::kTokens;
  s.demand.spec.tokens_per_day = models::Schedule(2.16e9, {});
  for (models::Platform& p : s.catalog.platforms) p.realized_fraction = 0.5;  // each platform's rho_p
  const RunRecord r = run(s);
  EXPECT_EQ(r.shortfall_days, 90);
  const StateRow& mar1 = row_at(r.timeline, day(2026, 3, 1));
  EXPECT_NEAR(mar1.demand_pflops, 500.0, 1e-9);
  EXPECT_NEAR(mar1.served_pflops, 400.0, 1e-9);
  EXPECT_NEAR(mar1.unserved_pflops, 100.0, 1e-9);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 1)).demand_pflops, 500.0, 1e-9);  // nothing live: the serving platform
}

// A training job in PFLOPS: 300 PF from Jan 20 for 10 days beside 250 PF of inference. On Jan 25, 550 PF asked of
// 400 live: training takes 300 (sigma = 0.75) and inference the other 100 of its 250, so 150 PF go short. Short
// days: Jan 1-8 (the rollout) + Jan 20-29 = 18. A job before anything is live asks its PFLOPS anyway: 50 PF on
// Jan 2 adds to the 250 asked of nothing.
TEST(Demand, TrainingInPflopsGoesShort) {
  Scenario s = demand_scenario(250.0);
  s.demand.training.push_back(models::TrainingJob{"frontier", day(2026, 1, 20), 10.0, 0.0, 300.0});
  s.demand.training.push_back(models::TrainingJob{"early", day(2026, 1, 2), 1.0, 0.0, 50.0});
  const RunRecord r = run(s);
  EXPECT_EQ(r.shortfall_days, 18);
  const StateRow& during = row_at(r.timeline, day(2026, 1, 25));
  EXPECT_NEAR(during.demand_pflops, 550.0, 1e-9);
  EXPECT_NEAR(during.served_pflops, 400.0, 1e-9);
  EXPECT_NEAR(during.unserved_pflops, 150.0, 1e-9);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 2)).demand_pflops, 300.0, 1e-9);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 2)).unserved_pflops, 300.0, 1e-9);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 30)).unserved_pflops, 0.0);
}

// Onboarding from first tokens (Jan 7, the first pod live) over 10 days: 250 PF x o(d), o = 0 before Jan 7, then
// (d - Jan 7 + 1) / 10: Jan 7 25 PF (of 100 live), Jan 8 50 (200), Jan 9 75 (300), Jan 11 125 (400), Jan 16 and
// later 250. Never more than is live: no shortfall, where the unanchored demand is short for 8 days.
TEST(Demand, OnboardingFollowsFirstTokens) {
  Scenario s = demand_scenario(250.0);
  s.demand.spec.ramp_from_first_tokens_days = 10.0;
  const RunRecord r = run(s);
  EXPECT_EQ(r.shortfall_days, 0);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 6)).demand_pflops, 0.0);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 7)).demand_pflops, 25.0, 1e-9);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 8)).demand_pflops, 50.0, 1e-9);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 11)).demand_pflops, 125.0, 1e-9);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 15)).demand_pflops, 225.0, 1e-9);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 16)).demand_pflops, 250.0, 1e-9);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 3, 1)).served_pflops, 250.0, 1e-9);
}

// Growth: 100% a year from Jan 1 on 250 PF. 400 PF live from Jan 10 is outgrown when 250 x 2^(d/365.25) > 400,
// i.e. d > 365.25 x log2(1.6) = 247.66 days: from day 248, 2026-09-06. Run to 2026-12-31: short Jan 1-8 (8 days)
// and Sep 6 - Dec 31 (25 + 31 + 30 + 31 = 117 days).
TEST(Demand, GrowthOutrunsTheFleet) {
  Scenario s = demand_scenario(250.0);
  s.end = day(2026, 12, 31);
  s.demand.spec.growth_per_year = 1.0;
  const RunRecord r = run(s);
  EXPECT_EQ(r.shortfall_days, 8 + 117);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 9, 5)).unserved_pflops, 0.0);
  EXPECT_GT(row_at(r.timeline, day(2026, 9, 6)).unserved_pflops, 0.0);
  EXPECT_EQ(events_of(r, EventKind::kDemandExceedsCapacity).back().date, day(2026, 9, 6));
}

// Rack granularity, a 6.25 MW grid that carries exactly the 40 racks at the design PUE 1.25, and PUE 1.5 in March
// (December's 1.0, after the run, keeps the annual mean, the design PUE, at 1.25).
Scenario tight_grid_scenario(double pflops) {
  Scenario s = demand_scenario(pflops);
  s.pod_racks = 1;
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 1), 6.25e6, 0.0}});
  s.sites[0].pue = models::Profile{models::ProfileKind::kMonthly,
                                   {1.25, 1.25, 1.5, 1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 1.25, 1.0}};
  return s;
}

// The power cap, at rack granularity. Grid 6.25 MW carries exactly the 40 racks (156.25 kW of facility power
// each at the design PUE 1.25). March's PUE is 1.5, so the GPU racks may draw 6.25 / 1.5 x 0.8 = 3.3333 MW.
// Live racks: I = 40 x 30 kW = 1.2 MW idle, D = 40 x 70 kW = 2.8 MW more at full load; capped at 80% of peak for
// 90% of the speed: Dc = 40 x 50 kW = 2.0 MW (models/workload.hpp).
//   350 PF asked (w = 0.875): uncapped 1.2 + 2.45 = 3.65 MW > 3.3333; capping k = (3.65 - 3.3333) / (2.52 - 2.0)
//   = 0.609 of the racks serves it all: 24.36 racks, rounded up to 25 capped racks doing 22.5 racks of work;
//   the other 12.5 racks of work run nominal (12 racks and half of one): 1.2 + 25 x 0.05 + 12.5 x 0.07 =
//   3.325 MW of racks, 4.15625 MW IT, 6.234375 MW at the grid (no loss), under its 6.25 MW.
//   In February (PUE 1.25) the racks may draw 4 MW: 3.65 MW, no cap.
TEST(Demand, PowerCapHoldsWithMonthlyPue) {
  const Scenario s = tight_grid_scenario(350.0);
  const RunRecord r = run(s);
  const StateRow& feb = row_at(r.timeline, day(2026, 2, 15));
  EXPECT_NEAR(feb.it_power_mw, 3.65 / 0.8, 1e-9);
  EXPECT_NEAR(feb.pue, 1.25, 1e-12);
  const StateRow& mar = row_at(r.timeline, day(2026, 3, 15));
  EXPECT_NEAR(mar.pue, 1.5, 1e-12);
  EXPECT_NEAR(mar.it_power_mw, 4.15625, 1e-9);
  EXPECT_NEAR(mar.grid_import_mw, 6.234375, 1e-9);
  EXPECT_NEAR(mar.served_pflops, 350.0, 1e-9);
  EXPECT_DOUBLE_EQ(mar.unserved_pflops, 0.0);
  for (const StateRow& row : r.timeline) {
    EXPECT_LE(row.grid_import_mw, row.grid_capacity_mw * (1.0 + 1e-12)) << models::to_iso(row.date);
  }
}

// Asking for all 400 PF in March: even all 40 racks capped (1.2 + 2.0 = 3.2 MW) leave room, so racks are uncapped
// while the budget allows: k = (4.0 - 3.3333) / 0.8 = 0.8333 of the racks capped, 33.33 rounded up to 34:
// work = 6 nominal + 34 x 0.9 = 36.6 racks = 366 PF; 34 PF withheld by the cap; 1.2 + 6 x 0.07 + 34 x 0.05 =
// 3.32 MW of racks.
TEST(Demand, PowerCapWithholdsComputeWhenItMustShed) {
  const Scenario s = tight_grid_scenario(400.0);
  const RunRecord r = run(s);
  const StateRow& mar = row_at(r.timeline, day(2026, 3, 15));
  EXPECT_NEAR(mar.served_pflops, 366.0, 1e-9);
  EXPECT_NEAR(mar.lost_to_cap_pflops, 34.0, 1e-9);
  EXPECT_NEAR(mar.unserved_pflops, 34.0, 1e-9);
  EXPECT_NEAR(mar.it_power_mw, 3.32 / 0.8, 1e-9);
  // Short every day of March for lack of power, and Jan 1-9 for lack of racks (400 PF live from Jan 10).
  EXPECT_EQ(r.shortfall_days, 9 + 31);
  // Withheld: 34 PF for the 31 days of March = 34 x 31 x 86.4 EFLOP = 91,065.6 EFLOP.
  EXPECT_NEAR(r.lost_to_cap_eflop, 91065.6, 91065.6 * 1e-6);
}

// A grid curtailment: 100 MW until Jan 31, 5 MW from Feb 1, 1.5 MW from Mar 1, with 400 PF asked (w = 1). The 40
// live racks stay live. February: the racks may draw 5 / 1.25 x 0.8 = 3.2 MW; every rack capped draws 1.2 + 2.0 =
// 3.2 MW: k = (4.0 - 3.2) / 0.8 = 1, work 0.9: 360 PF served, 5.0 MW at the grid. March: 0.96 MW allowed, below the
// 1.2 MW the idle racks draw: nothing runs, an event says so, and the draw (1.875 MW) exceeds the grid.
TEST(Demand, GridCurtailmentCapsLiveRacks) {
  Scenario s = demand_scenario(400.0);
  s.sites[0].grid_capacity_w =
      models::Schedule(0.0, {{day(2026, 1, 1), 100e6, 0.0}, {day(2026, 2, 1), 5e6, 0.0}, {day(2026, 3, 1), 1.5e6, 0.0}});
  const RunRecord r = run(s);
  const StateRow& feb = row_at(r.timeline, day(2026, 2, 15));
  EXPECT_EQ(feb.live.racks, 40);
  EXPECT_NEAR(feb.served_pflops, 360.0, 1e-9);
  EXPECT_NEAR(feb.lost_to_cap_pflops, 40.0, 1e-9);
  EXPECT_NEAR(feb.grid_import_mw, 5.0, 1e-9);
  const StateRow& mar = row_at(r.timeline, day(2026, 3, 15));
  EXPECT_DOUBLE_EQ(mar.served_pflops, 0.0);
  EXPECT_NEAR(mar.grid_import_mw, 1.875, 1e-9);
  const auto breached = events_of(r, EventKind::kGridLimitBelowIdle);
  ASSERT_EQ(breached.size(), 1u);
  EXPECT_EQ(breached[0].date, day(2026, 3, 1));
}

// Hourly steps over the daily cycle w(h) = 1 + 0.4 cos(2 pi (h - 18) / 24) on 200 PF: 280 PF asked at 18:00 UTC,
// 120 PF at 06:00. Energy: the sampled hourly IT power integrates to the cumulative IT energy, and SimGrid's
// host-energy plugin agrees with it within 0.1% (in fact to ~1e-8: partial loads start 1 ms after the step).
TEST(Demand, HourlyStepsFollowTheDailyCycle) {
  Scenario s = demand_scenario(200.0);
  s.end = day(2026, 1, 31);
  s.output_step = OutputStep{0, 0, 1};
  for (int h = 0; h < 24; ++h) {
    s.demand.spec.daily_cycle[static_cast<std::size_t>(h)] = 1.0 + 0.4 * std::cos(2.0 * M_PI * (h - 18) / 24.0);
  }
  const RunRecord r = run(s);
  ASSERT_EQ(r.timeline.size(), 31u * 24u);
  EXPECT_NEAR(row_at_hour(r.timeline, day(2026, 1, 20), 18).demand_pflops, 280.0, 1e-9);
  EXPECT_NEAR(row_at_hour(r.timeline, day(2026, 1, 20), 18).served_pflops, 280.0, 1e-9);
  EXPECT_NEAR(row_at_hour(r.timeline, day(2026, 1, 20), 6).served_pflops, 120.0, 1e-9);
  // 120 PF of 400: 12 racks busy: 40 x 30 kW + 12 x 70 kW = 2,040 kW of racks, 2.55 MW IT.
  EXPECT_NEAR(row_at_hour(r.timeline, day(2026, 1, 20), 6).it_power_mw, 2.55, 1e-9);
  // With 100 PF live on Jan 7 every hour is short (the least asked is 120 PF at 06:00: 20 PF short); on Jan 8
  // (200 PF) only the hours above the mean: w(h) > 1 for h = 13..23 (cos > 0 when |h - 18| < 6); at 12:00 and
  // 24:00 cos = 0 exactly, so 200 PF is met.
  EXPECT_NEAR(row_at_hour(r.timeline, day(2026, 1, 7), 6).unserved_pflops, 20.0, 1e-9);
  EXPECT_NEAR(row_at_hour(r.timeline, day(2026, 1, 7), 18).unserved_pflops, 180.0, 1e-9);
  EXPECT_DOUBLE_EQ(row_at_hour(r.timeline, day(2026, 1, 8), 11).unserved_pflops, 0.0);
  EXPECT_GT(row_at_hour(r.timeline, day(2026, 1, 8), 13).unserved_pflops, 0.0);
  EXPECT_NEAR(row_at_hour(r.timeline, day(2026, 1, 8), 18).unserved_pflops, 80.0, 1e-9);
  // Shortfall days: Jan 1-6 (nothing live), 7 and 8 (peak hours), none after (300 PF >= 280).
  EXPECT_EQ(r.shortfall_days, 8);

  double integral_mwh = 0.0;
  for (const StateRow& row : r.timeline) integral_mwh += row.it_power_mw * 1.0;
  EXPECT_NEAR(integral_mwh, r.final_state.it_energy_mwh, r.final_state.it_energy_mwh * 1e-6);
  EXPECT_NEAR(r.plugin_it_energy_mwh, integral_mwh, integral_mwh * 1e-3);
  EXPECT_NEAR(r.plugin_it_energy_mwh, integral_mwh, integral_mwh * 1e-7);
  EXPECT_EQ(r.timeline.front().hour, 0);
  EXPECT_EQ(r.timeline.back().hour, 23);
}

// The served split and tokens. 250 PF of inference stated in PF beside a 300 PF training job on Jan 20-29; the test
// rack serves 1,000 tokens/s for 10 PF at rho = 1, so k = 0.01 PF per token/s and 250 PF ask 25,000 tokens/s. On
// Jan 25 (400 PF live) training is served first, 300 PF, and inference the other 100 PF: 10,000 tokens/s. On
// Jan 2, nothing live: the serving platform still converts the 250 PF asked to 25,000 tokens/s, none served.
TEST(Demand, ServedSplitsTrainingFirstAndCountsTokens) {
  Scenario s = demand_scenario(250.0);
  s.demand.serve_first = models::ServeFirst::kTraining;
  s.demand.training.push_back(models::TrainingJob{"frontier", day(2026, 1, 20), 10.0, 0.0, 300.0});
  const RunRecord r = run(s);
  const StateRow& during = row_at(r.timeline, day(2026, 1, 25));
  EXPECT_NEAR(during.training_demand_pflops, 300.0, 1e-9);
  EXPECT_NEAR(during.training_served_pflops, 300.0, 1e-9);
  EXPECT_NEAR(during.inference_served_pflops, 100.0, 1e-9);
  EXPECT_NEAR(during.inference_demand_tokens_per_s, 25000.0, 1e-6);
  EXPECT_NEAR(during.inference_served_tokens_per_s, 10000.0, 1e-6);
  const StateRow& jan2 = row_at(r.timeline, day(2026, 1, 2));
  EXPECT_NEAR(jan2.inference_demand_tokens_per_s, 25000.0, 1e-6);
  EXPECT_DOUBLE_EQ(jan2.inference_served_tokens_per_s, 0.0);
  const StateRow& feb = row_at(r.timeline, day(2026, 2, 15));
  EXPECT_DOUBLE_EQ(feb.training_served_pflops, 0.0);
  EXPECT_NEAR(feb.inference_served_tokens_per_s, 25000.0, 1e-6);
  // The integrals split the served compute: training 300 PF x 10 days = 3,000 PF-days = 259,200 EFLOP.
  EXPECT_NEAR(r.training_served_eflop, 259200.0, 259200.0 * 1e-6);
  EXPECT_NEAR(r.training_served_eflop + r.inference_served_eflop, r.served_eflop, r.served_eflop * 1e-12);
  // Short days: inference on Jan 1-8 (the rollout) and Jan 20-29 (training took 300 of the 400 PF): 18; training
  // never.
  EXPECT_EQ(r.shortfall_days, 18);
  EXPECT_EQ(r.inference_shortfall_days, 18);
  EXPECT_EQ(r.training_shortfall_days, 0);
  EXPECT_EQ(r.serve_first, models::ServeFirst::kTraining);
}

// The same with inference served first (the default): on Jan 25 inference keeps its 250 PF (25,000 tokens/s) and
// training gets the other 150 of its 300. Training served: 150 PF x 10 days = 1,500 PF-days = 129,600 EFLOP.
// Short days: inference on Jan 1-8 (8), training on Jan 20-29 (10); 18 in all, as training first.
TEST(Demand, ServedSplitsInferenceFirstByDefault) {
  Scenario s = demand_scenario(250.0);
  EXPECT_EQ(s.demand.serve_first, models::ServeFirst::kInference);
  s.demand.training.push_back(models::TrainingJob{"frontier", day(2026, 1, 20), 10.0, 0.0, 300.0});
  const RunRecord r = run(s);
  const StateRow& during = row_at(r.timeline, day(2026, 1, 25));
  EXPECT_NEAR(during.training_demand_pflops, 300.0, 1e-9);
  EXPECT_NEAR(during.training_served_pflops, 150.0, 1e-9);
  EXPECT_NEAR(during.inference_served_pflops, 250.0, 1e-9);
  EXPECT_NEAR(during.inference_served_tokens_per_s, 25000.0, 1e-6);
  EXPECT_NEAR(during.unserved_pflops, 150.0, 1e-9);
  EXPECT_NEAR(r.training_served_eflop, 129600.0, 129600.0 * 1e-6);
  EXPECT_EQ(r.shortfall_days, 18);
  EXPECT_EQ(r.inference_shortfall_days, 8);
  EXPECT_EQ(r.training_shortfall_days, 10);
}

// Tokens served over a run, stated in tokens: 25,000 tokens/s (2.16e9 a day) at rho = 1. Served: 10,000 tokens/s
// on Jan 7 (100 PF live), 20,000 on Jan 8, all 25,000 from Jan 9 to Mar 31 (82 days): (10,000 + 20,000 + 82 x
// 25,000) x 86,400 s = 1.79712e11 tokens.
TEST(Demand, TokensServedOverTheRun) {
  Scenario s = demand_scenario(0.0);
  s.demand.spec.basis = models::DemandBasis::kTokens;
  s.demand.spec.tokens_per_day = models::Schedule(2.16e9, {});
  const RunRecord r = run(s);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 8)).inference_served_tokens_per_s, 20000.0, 1e-6);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 8)).inference_demand_tokens_per_s, 25000.0, 1e-6);
  EXPECT_NEAR(r.inference_tokens_served, 1.79712e11, 1.79712e11 * 1e-6);
}

// The peak hour in daily steps. 200 PF asked on the daily mean, the cycle 1 + 0.4 cos(2 pi (h - 18) / 24) peaking
// at 1.4 (280 PF) at 18:00 UTC. From Feb 1 the grid falls to 4.21875 MW: the racks may draw 4.21875 / 1.25 x 0.8 =
// 2.7 MW. The mean (w = 0.5 of 400 PF) draws 1.2 + 0.5 x 2.8 = 2.6 MW, no cap; the peak hour (w = 0.7) would draw
// 3.16 MW, and capping cannot serve it (k = 0.46 / 0.52 = 0.885 > w / s = 0.778): shed, every busy rack capped,
// b = (2.7 - 1.2) / 2.0 = 0.75, work 0.675 = 270 PF < 280.
// Daily means short: Jan 1-7 (0 and 100 PF live): 7 days. Peak hours short: Jan 1-8 (200 PF live < 280) and every
// day from Feb 1 to Mar 31 (59): 67. The same scenario in hourly steps measures the peak hours directly (next
// test): 67 days with an hour short. (One run per test: the engine is a process-wide singleton.)
Scenario peak_hour_scenario() {
  Scenario s = demand_scenario(200.0);
  for (int h = 0; h < 24; ++h) {
    s.demand.spec.daily_cycle[static_cast<std::size_t>(h)] = 1.0 + 0.4 * std::cos(2.0 * M_PI * (h - 18) / 24.0);
  }
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 1), 100e6, 0.0}, {day(2026, 2, 1), 4.21875e6, 0.0}});
  return s;
}

TEST(Demand, PeakHourShortfallInDailySteps) {
  const RunRecord r = run(peak_hour_scenario());
  EXPECT_EQ(r.shortfall_days, 7);
  EXPECT_EQ(r.peak_hour_shortfall_days, 67);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 2, 15)).served_pflops, 200.0, 1e-9);  // the mean fits
}

TEST(Demand, PeakHourShortfallInHourlyStepsIsMeasured) {
  Scenario s = peak_hour_scenario();
  s.output_step = OutputStep{0, 0, 1};
  const RunRecord r = run(s);
  EXPECT_NEAR(row_at_hour(r.timeline, day(2026, 2, 15), 18).served_pflops, 270.0, 1e-9);
  EXPECT_EQ(r.shortfall_days, 67);
  EXPECT_EQ(r.peak_hour_shortfall_days, 67);
}

// Carbon and water: 400 gCO2/kWh and 0.5 L/kWh constant; 1% substation loss. Cumulative tCO2 = grid MWh x 400 /
// 1,000 and m3 = IT MWh x 0.5, at every row. With an hourly carbon profile (100 g/kWh from 00:00 to 11:59 UTC,
// 500 after), each hour's grid energy takes its hour's intensity.
TEST(Demand, CarbonAndWaterFollowEnergy) {
  Scenario s = demand_scenario(200.0);
  s.sites[0].power_fractions.substation_loss = 0.01;
  s.sites[0].carbon_g_per_kwh = models::Profile::constant(400.0);
  s.sites[0].water_l_per_kwh = models::Profile::constant(0.5);
  const RunRecord r = run(s);
  for (const StateRow& row : r.timeline) {
    EXPECT_NEAR(row.co2_t, row.grid_energy_mwh * 0.4, 1e-6 * std::max(1.0, row.co2_t));
    EXPECT_NEAR(row.water_m3, row.it_energy_mwh * 0.5, 1e-6 * std::max(1.0, row.water_m3));
    EXPECT_NEAR(row.grid_energy_mwh, row.energy_mwh / 0.99, 1e-6 * std::max(1.0, row.grid_energy_mwh));
  }
  EXPECT_GT(r.final_state.co2_t, 0.0);
}

TEST(Demand, HourlyCarbonProfile) {
  Scenario s = demand_scenario(200.0);
  s.end = day(2026, 1, 20);
  s.output_step = OutputStep{0, 0, 1};
  std::vector<double> hours(24, 100.0);
  std::fill(hours.begin() + 12, hours.end(), 500.0);
  s.sites[0].carbon_g_per_kwh = models::Profile{models::ProfileKind::kHourly, hours};
  const RunRecord r = run(s);
  double expected_t = 0.0;
  double previous_grid = 0.0;
  for (const StateRow& row : r.timeline) {
    expected_t += (row.grid_energy_mwh - previous_grid) * (row.hour < 12 ? 100.0 : 500.0) / 1000.0;
    previous_grid = row.grid_energy_mwh;
  }
  EXPECT_NEAR(r.final_state.co2_t, expected_t, expected_t * 1e-6);
}

}  // namespace
}  // namespace gwsim
