// Sim tier: tiny scenarios run on the real engine (SimGrid), with dates, counts, energy and money computed by
// hand. SimGrid allows one simulation per process: ctest runs each TEST in its own process.
#include <gtest/gtest.h>

#include <algorithm>

#include "sim/engine/engine.hpp"
#include "tests/sim/run_helpers.hpp"
#include "tests/sim/scenario_builder.hpp"

namespace gwsim {
namespace {

using testing::basic_scenario;
using testing::day;
using testing::events_of;
using testing::row_at;
using testing::run;


// Order on 2026-01-01; production serves orders from the next day: 10 racks a day on Jan 2-5; 3-day lead time:
// arrivals Jan 5, 6, 7, 8; crews install 10 a day on arrival; 2 days of commissioning: pods of 10 racks live on
// Jan 7, 8, 9, 10.
TEST(Rollout, BasicDatesAndCounts) {
  const RunRecord r = run(basic_scenario());
  EXPECT_EQ(r.first_tokens_date, "2026-01-07");
  ASSERT_EQ(r.tranches.size(), 1u);
  EXPECT_EQ(r.tranches[0].racks, 40);  // 6.25e6 / 156,250 W
  EXPECT_EQ(r.tranches[0].first_live_date, "2026-01-07");
  EXPECT_EQ(r.tranches[0].fully_live_date, "2026-01-10");
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 4)).racks_delivered, 0);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 5)).racks_delivered, 10);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 8)).racks_delivered, 40);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 6)).live.racks, 0);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 7)).live.racks, 10);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 9)).live.racks, 30);
  const StateRow& end = r.final_state;
  EXPECT_EQ(end.live.racks, 40);
  EXPECT_EQ(end.live.gpu_packages, 400);
  EXPECT_EQ(end.live.gpu_dies, 800);
  EXPECT_EQ(end.live.gpu_dies, end.live.gpu_packages * 2);
  EXPECT_DOUBLE_EQ(end.live.pflops_fp8, 400.0);
  EXPECT_DOUBLE_EQ(end.live.pflops_fp4, 800.0);
  // 40 racks at 50%: 30 + 0.5 * 70 = 65 kW each = 2.6 MW; IT 2.6 / 0.8 = 3.25 MW; facility x 1.25 = 4.0625 MW.
  EXPECT_NEAR(end.it_power_mw, 3.25, 1e-9);
  EXPECT_NEAR(end.facility_power_mw, 4.0625, 1e-9);
  EXPECT_NEAR(end.live_capacity_mw, 6.25, 1e-9);  // 40 x 156.25 kW
  // Capex: 40 racks x $1M on delivery + hall 10 MW IT x 1.25 PUE x $2M/MW = $25M on the first day.
  EXPECT_DOUBLE_EQ(end.capex_usd, 65e6);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 1)).capex_usd, 25e6);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 6)).capex_usd, 45e6);
  // Delivered and not live, per day: Jan 5 10, Jan 6 20, Jan 7 20 (30 - 10), Jan 8 20, Jan 9 10, then 0: 80
  // rack-days; delivered: 10 + 20 + 30 + 40 x 83 (Jan 8 - Mar 31) = 3,380 rack-days.
  EXPECT_EQ(r.rack_days_delivered_not_live, 80);
  EXPECT_EQ(r.rack_days_delivered, 3380);
}

// Pods live from Jan 7, 8, 9, 10 to the end of Mar 31: 84 + 83 + 82 + 81 = 330 pod-days at 650 kW:
// 650 kW x 330 x 24 h = 5,148 MWh of rack energy; IT 5,148 / 0.8 = 6,435 MWh; facility x 1.25 = 8,043.75 MWh.
TEST(Rollout, EnergyByHandAndFromThePlugin) {
  const RunRecord r = run(basic_scenario());
  EXPECT_NEAR(r.final_state.it_energy_mwh, 6435.0, 1e-6);
  EXPECT_NEAR(r.final_state.energy_mwh, 8043.75, 1e-6);
  EXPECT_NEAR(r.plugin_it_energy_mwh, 6435.0, 6435.0 * 1e-9);
  // On Jan 7 one pod ran the whole day: 650 kW x 24 h = 15.6 MWh of rack energy, 19.5 MWh IT. (A pod idles for
  // the 1 ms between going live at the day start and the day's workload step: 1.2e-7 MWh less.)
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 7)).it_energy_mwh, 19.5, 1e-6);
}

// Utilization 50% until Jan 31, 100% from Feb 1 (rack 100 kW, pod 1 MW):
// 94 pod-days x 650 kW x 24 h = 1,466.4 MWh + 59 days x 4 pods x 1 MW x 24 h = 5,664 MWh = 7,130.4 MWh of rack
// energy; IT 7,130.4 / 0.8 = 8,913 MWh.
TEST(Rollout, UtilizationScheduleChangesPowerAndEnergy) {
  Scenario s = basic_scenario();
  s.utilization = models::Schedule(0.5, {{day(2026, 2, 1), 1.0, 0.0}});
  const RunRecord r = run(s);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 31)).it_power_mw, 3.25, 1e-9);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 2, 1)).it_power_mw, 5.0, 1e-9);  // 4 MW / 0.8
  EXPECT_NEAR(r.final_state.it_energy_mwh, 8913.0, 1e-6);
  EXPECT_NEAR(r.plugin_it_energy_mwh, 8913.0, 8913.0 * 1e-9);
}

// Grid 3.2 MW until Jan 31: pods of 10 racks are 1.5625 MW of facility power, so two fit (3.125 MW) and the
// third waits; 10 MW from Feb 1 lets pods 3 and 4 go live that day.
TEST(Rollout, GridCapacityHoldsPodsBack) {
  Scenario s = basic_scenario();
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 1), 3.2e6, 0.0}, {day(2026, 2, 1), 10e6, 0.0}});
  const RunRecord r = run(s);
  EXPECT_EQ(r.tranches[0].fully_live_date, "2026-02-01");
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 31)).live.racks, 20);
  const StateRow& jan10 = row_at(r.timeline, day(2026, 1, 10));
  EXPECT_EQ(jan10.held.grid_power, 20);
  EXPECT_EQ(jan10.binding, Constraint::kGridPower);
  // Jan 9: pod 3 complete and blocked (10 racks), pod 4 still commissioning (10): the tie goes to the grid.
  const StateRow& jan9 = row_at(r.timeline, day(2026, 1, 9));
  EXPECT_EQ(jan9.held.grid_power, 10);
  EXPECT_EQ(jan9.held.commissioning, 10);
  EXPECT_EQ(jan9.binding, Constraint::kGridPower);
  // Site events: supply Jan 1-6, commissioning Jan 7-8, grid Jan 9-31, each with the racks the constraint holds
  // that day. Jan 1: 40 ordered, none delivered. Jan 7: 30 delivered and installed, 10 live: supply 10,
  // commissioning 20. Jan 9: 40 installed, 30 commissioned, 20 live, pod 3 waits for the grid: grid 10,
  // commissioning 10. Feb 1: all live, nothing held.
  std::vector<std::string> changes;
  for (const Event& e : r.events) {
    if (e.kind == EventKind::kConstraintStarted || e.kind == EventKind::kConstraintStopped) {
      changes.push_back(models::to_iso(e.date) + " " + to_string(e.kind) + " " + e.item + " " +
                        std::to_string(static_cast<std::int64_t>(e.value)));
    }
  }
  const std::vector<std::string> expected = {
      "2026-01-01 constraint_started rack_supply 40",   "2026-01-07 constraint_stopped rack_supply 10",
      "2026-01-07 constraint_started commissioning 20", "2026-01-09 constraint_stopped commissioning 10",
      "2026-01-09 constraint_started grid_power 10",    "2026-02-01 constraint_stopped grid_power 0"};
  EXPECT_EQ(changes, expected);
  // 31 days with racks pending: supply 6, commissioning 2, grid 23.
  EXPECT_EQ(r.days_with_racks_pending, 31);
  EXPECT_EQ(r.binding_days[Constraint::kRackSupply], 6);
  EXPECT_EQ(r.binding_days[Constraint::kCommissioning], 2);
  EXPECT_EQ(r.binding_days[Constraint::kGridPower], 23);
  EXPECT_EQ(r.binding_days[Constraint::kBuildings], 0);
}

// Two sites share one supply line, first come first served: t1 (ordered Jan 1) takes production of Jan 2-5,
// t2 (ordered Jan 2) that of Jan 6-9, arriving Jan 9-12 and live Jan 11-14.
TEST(Rollout, SharedSupplyIsFirstComeFirstServed) {
  Scenario s = basic_scenario();
  s.sites.push_back(testing::test_site("beta", 100e6));
  Tranche t2 = s.tranches[0];
  t2.name = "t2";
  t2.sites = {"beta"};
  t2.order_date = day(2026, 1, 2);
  s.tranches.push_back(t2);
  const RunRecord r = run(s);
  EXPECT_EQ(r.tranches[0].fully_live_date, "2026-01-10");
  EXPECT_EQ(r.tranches[1].first_live_date, "2026-01-11");
  EXPECT_EQ(r.tranches[1].fully_live_date, "2026-01-14");
  EXPECT_EQ(row_at(r.sites, day(2026, 1, 8), "beta").racks_delivered, 0);
  EXPECT_EQ(row_at(r.sites, day(2026, 1, 9), "beta").racks_delivered, 10);
  EXPECT_EQ(row_at(r.sites, day(2026, 1, 8), "beta").held.rack_supply, 40);
}

// A hall too small: 10 MW IT holds 80 racks, so with a second, later hall the rest waits for buildings.
TEST(Rollout, HallSpaceHoldsRacksBack) {
  Scenario s = basic_scenario();
  s.sites[0].halls[0].it_capacity_w = 2.5e6;  // 2.5e6 * 0.8 / 100e3 = 20 racks
  s.sites[0].halls[0].cooling_capacity_w = 2.5e6;
  Hall second = s.sites[0].halls[0];
  second.name = "hall-2";
  second.construction_start = day(2026, 1, 1);
  second.construction_days = 20;  // ready 2026-01-21
  s.sites[0].halls.push_back(second);
  const RunRecord r = run(s);
  // Arrivals Jan 5-8 (10 a day); hall 1 takes 20 (Jan 5, 6); the other 20 wait for hall 2 (ready Jan 21), where
  // the crews install 10 a day (Jan 21, 22); 2 days of commissioning: the last pod is live Jan 24.
  const StateRow& jan10 = row_at(r.timeline, day(2026, 1, 10));
  EXPECT_EQ(jan10.racks_installed, 20);
  EXPECT_EQ(jan10.held.buildings, 20);
  EXPECT_EQ(jan10.binding, Constraint::kBuildings);
  EXPECT_EQ(r.tranches[0].fully_live_date, "2026-01-24");
  // Hall 2 capex on its ready day: 2.5 MW x 1.25 x $2M = $6.25M.
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 21)).capex_usd - row_at(r.timeline, day(2026, 1, 20)).capex_usd,
                   6.25e6);
}

// Crews of 35 racks a week install 5 a day: racks arriving 10 a day pile up for the crews.
TEST(Rollout, InstallCrewsHoldRacksBack) {
  Scenario s = basic_scenario();
  s.sites[0].install_racks_per_week = 35;
  const RunRecord r = run(s);
  // 40 racks at 5 a day from Jan 5: installed by Jan 12; pods complete at 10, 20, 30, 40 installed racks
  // (Jan 6, 8, 10, 12), live 2 days later: Jan 8, 10, 12, 14.
  EXPECT_EQ(r.first_tokens_date, "2026-01-08");
  EXPECT_EQ(r.tranches[0].fully_live_date, "2026-01-14");
  const StateRow& jan8 = row_at(r.timeline, day(2026, 1, 8));
  EXPECT_EQ(jan8.racks_installed, 20);
  EXPECT_EQ(jan8.held.install_crews, 20);
  EXPECT_EQ(jan8.binding, Constraint::kInstallCrews);
}

// Output steps: weekly rows fall on the start date and every 7 days; monthly on the same day of each month.
TEST(Rollout, OutputStepsPickTheRightDates) {
  Scenario s = basic_scenario();
  s.output_step = OutputStep{7, 0};
  RunRecord weekly = run(s);
  ASSERT_EQ(weekly.timeline.size(), 13u);  // Jan 1 + 7k <= Mar 31: k = 0..12 (Mar 26)
  EXPECT_EQ(weekly.timeline[1].date, day(2026, 1, 8));
  EXPECT_EQ(weekly.timeline.back().date, day(2026, 3, 26));
  // The final state is the end date whatever the step.
  EXPECT_EQ(weekly.final_state.date, day(2026, 3, 31));
}

TEST(Rollout, MonthlyOutputStep) {
  Scenario s = basic_scenario();
  s.output_step = OutputStep{0, 1};
  RunRecord monthly = run(s);
  ASSERT_EQ(monthly.timeline.size(), 3u);
  EXPECT_EQ(monthly.timeline[1].date, day(2026, 2, 1));
  EXPECT_EQ(monthly.timeline[2].date, day(2026, 3, 1));
}

// GW milestones and "$10B per GW live": a 80 MW "rack" is 80 / 0.8 * 1.25 = 125 MW of facility power, so 8 racks
// are 1 GW. One rack produced a day from Jan 2, one day in transit, installed on arrival, no commissioning
// delay, pods of 1: the 8th rack is live Jan 10, the 16th Jan 18.
TEST(Rollout, GigawattMilestonesTriggerInvestment) {
  Scenario s = basic_scenario();
  models::Platform& big = s.catalog.platforms[0];
  big.peak_power_w = 80e6;
  big.idle_power_w = 24e6;
  s.pod_racks = 1;
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 1), 3e9, 0.0}});
  s.sites[0].halls[0].it_capacity_w = 2e9;  // 2e9 * 0.8 / 80e6 = 20 racks
  s.sites[0].halls[0].cooling_capacity_w = 2e9;
  s.sites[0].commissioning_days = 0;
  s.tranches[0].target_power_w = 2e9;  // 16 racks
  s.supply[0].racks_per_week = models::Schedule(7, {});
  s.supply[0].lead_time_days = 1;
  models::InvestmentRule per_gw{"loi", models::InvestmentTrigger::kPerGwLive, 10e9, {}, 10};
  models::InvestmentRule lump{"upfront", models::InvestmentTrigger::kLumpSum, 3e9, day(2026, 2, 1), 0};
  s.finance.investments = {per_gw, lump};
  const RunRecord r = run(s);
  EXPECT_EQ(r.tranches[0].racks, 16);
  ASSERT_EQ(r.gw_live_dates.size(), 2u);
  EXPECT_EQ(r.gw_live_dates[0], "2026-01-10");
  EXPECT_EQ(r.gw_live_dates[1], "2026-01-18");
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 9)).investment_usd, 0.0);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 10)).investment_usd, 10e9);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 31)).investment_usd, 20e9);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 2, 1)).investment_usd, 23e9);
  EXPECT_EQ(events_of(r, EventKind::kInvestment).size(), 3u);
  EXPECT_EQ(events_of(r, EventKind::kGwLive).size(), 2u);
}

// A supply ramp: the line opens 2026-01-01 at 14 racks a week (2 a day) and steps to 70 (10 a day) on 01-08. The
// order of 01-01 is served from 01-02 (the 2 racks made on 01-01 have no order yet): 2 a day on 01-02..01-07 (12),
// then 10 a day: 22 on 01-08, 32 on 01-09, and the last 8 of the 40 on 01-10. With the 3-day lead time deliveries
// reach 2 on 01-05, 12 on 01-10, 22 on 01-11, 32 on 01-12 and 40 on 01-13.
TEST(Rollout, SupplyRampStepsDeliveries) {
  Scenario s = basic_scenario();
  s.supply[0].racks_per_week = models::Schedule(0.0, {{day(2026, 1, 1), 14.0, 0.0}, {day(2026, 1, 8), 70.0, 0.0}});
  const RunRecord r = run(s);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 4)).racks_delivered, 0);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 5)).racks_delivered, 2);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 9)).racks_delivered, 10);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 10)).racks_delivered, 12);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 11)).racks_delivered, 22);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 12)).racks_delivered, 32);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 13)).racks_delivered, 40);
  EXPECT_EQ(r.final_state.racks_delivered, 40);
}

// Invariants at every daily row of a run with every constraint at play.
TEST(Rollout, InvariantsHoldAtEveryStep) {
  Scenario s = basic_scenario();
  s.sites[0].install_racks_per_week = 35;
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 1), 3.2e6, 0.0}, {day(2026, 2, 1), 10e6, 30.0}});
  s.utilization = models::Schedule(0.3, {{day(2026, 1, 15), 0.9, 20.0}});
  const RunRecord r = run(s);
  const StateRow* previous = nullptr;
  for (const StateRow& row : r.timeline) {
    EXPECT_LE(row.live.racks, row.racks_installed);
    EXPECT_LE(row.racks_installed, row.racks_delivered);
    EXPECT_LE(row.racks_delivered, row.racks_ordered);
    EXPECT_EQ(row.live.gpu_dies, row.live.gpu_packages * 2);
    // Live facility capacity never exceeds what the grid carries (no headroom or loss here).
    EXPECT_LE(row.live_capacity_mw, row.grid_capacity_mw + 1e-9);
    if (previous) {
      EXPECT_GE(row.energy_mwh, previous->energy_mwh);
      EXPECT_GE(row.capex_usd, previous->capex_usd);
      EXPECT_GE(row.live.racks, previous->live.racks);
      // Energy of the day = the day's power x 24 h (power is constant within a day).
      EXPECT_NEAR(row.it_energy_mwh - previous->it_energy_mwh, row.it_power_mw * 24.0, 1e-6);
    }
    previous = &row;
  }
  // Partial loads start 1 ms after the workload step that accounts them: ~1e-9 of the energy per day.
  EXPECT_NEAR(r.plugin_it_energy_mwh, r.final_state.it_energy_mwh, r.final_state.it_energy_mwh * 1e-8);
}

}  // namespace
}  // namespace gwsim
