// What gated each milestone, racks that can never go live, the GW basis, and the run's utilization, computed by hand
// on the small scenarios of scenario_builder.hpp and checked on a RolloutState and FleetRecorder driven without
// SimGrid (rollout_driver.hpp).
//
// The basic scenario: site alpha (grid 100 MW from Jan 1, hall-1 of 10 MW IT ready 2025-12-01, crews 10 racks a
// day, 2 days of commissioning), tranche t1 of 40 test racks in pods of 10 ordered Jan 1, supply 10 racks a day
// from Jan 1 with a 3-day lead time. Production follows the order from Jan 2: pod k (0-3) is produced on Jan 2 + k,
// arrives and is installed on Jan 5 + k and goes live on Jan 7 + k. The gate and slack rules are those of
// models/critical_path.hpp (letters O, S, P, A, R, N, C, L, G as there).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/sim/record_helpers.hpp"
#include "tests/sim/rollout_driver.hpp"
#include "tests/sim/scenario_builder.hpp"

namespace gwsim {
namespace {

using testing::day;
using testing::drive;
using testing::events_of;

// "order_date alpha t1 1": the gate's kind, site, item and slack.
std::string cause(const RunRecord& r, const std::string& milestone) {
  for (const Milestone& m : r.milestones) {
    if (m.name == milestone) {
      return m.date + " " + std::string(models::to_string(m.gate)) + " " + m.site + " " + m.item + " " +
             std::to_string(m.gate_lead_days);
    }
  }
  return "no milestone '" + milestone + "'";
}

std::vector<std::string> names(const RunRecord& r) {
  std::vector<std::string> out;
  for (const Milestone& m : r.milestones) out.push_back(m.name);
  return out;
}

// Pod 0 (first tokens, t1 first live): O = Jan 1, S = Jan 1 (the line's start), production opens O + 1 = Jan 2 and
// P = Jan 2: the order date gated; slack = min(O + 1 - S = 1, A - R = Jan 5 - Dec 1 = 35, L - G = Jan 7 - Jan 1 = 6)
// = 1. Pod 3 (t1 fully live): P = Jan 5 > Jan 2: the supply line's rate gated; slack = min(P - Q = 3,
// A - R = 38, L - G = 9) = 3.
TEST(CriticalPath, OrderDateThenSupplyLineInTheBasicRollout) {
  const RunRecord r = drive(testing::basic_scenario());
  EXPECT_EQ(names(r), (std::vector<std::string>{"first tokens", "t1 first live", "t1 fully live"}));
  EXPECT_EQ(cause(r, "first tokens"), "2026-01-07 order_date alpha t1 1");
  EXPECT_EQ(cause(r, "t1 first live"), "2026-01-07 order_date alpha t1 1");
  EXPECT_EQ(cause(r, "t1 fully live"), "2026-01-10 supply_line alpha test_rack 3");
  // The first_tokens event says the same in its detail.
  const std::vector<Event> first = events_of(r, EventKind::kFirstTokens);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].detail, "first pod live; gated by order date of t1, racks for alpha (next constraint 1 day earlier)");
}

// The grid is 0 until Jan 15: pods commissioned Jan 7-10 all wait and go live Jan 15, gated by grid step 1, slack
// L - C: 15 - 7 = 8 days for pod 0, 15 - 10 = 5 for pod 3.
TEST(CriticalPath, GridGated) {
  Scenario s = testing::basic_scenario();
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 15), 100e6, 0.0}});
  const RunRecord r = drive(s);
  EXPECT_EQ(cause(r, "first tokens"), "2026-01-15 grid_step alpha step 1 8");
  EXPECT_EQ(cause(r, "t1 fully live"), "2026-01-15 grid_step alpha step 1 5");
}

// The same racks waiting for power: pod k (10 racks) is commissioned on Jan 7 + k and held by the grid at the end of
// each day until Jan 15: 10 racks on Jan 7, 20 on Jan 8, 30 on Jan 9, 40 on Jan 10-14 (5 days), none from Jan 15.
// Rack-days: 10 + 20 + 30 + 5 x 40 = 260; the peak, 40 racks, first on Jan 10.
TEST(CriticalPath, RackDaysWaitingForTheGrid) {
  Scenario s = testing::basic_scenario();
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 15), 100e6, 0.0}});
  const RunRecord r = drive(s);
  EXPECT_EQ(r.rack_days_held_grid, 260);
  EXPECT_EQ(r.peak_racks_held_grid, 40);
  EXPECT_EQ(r.peak_racks_held_grid_at, "2026-01-10");
  // With the grid there from the start nothing waits: no peak, no date.
  const RunRecord basic = drive(testing::basic_scenario());
  EXPECT_EQ(basic.rack_days_held_grid, 0);
  EXPECT_EQ(basic.peak_racks_held_grid, 0);
  EXPECT_EQ(basic.peak_racks_held_grid_at, "");
}

// hall-1 ready Jan 12 (built from 2025-12-13 for 30 days) while racks arrive Jan 5-8: pod 0 is installed Jan 12,
// live Jan 14: gated by hall-1, slack R - A = 7 (min with L - G = 13). The crews install 10 a day from Jan 12, so
// pod 3 (arrived Jan 8) is installed only Jan 15 and live Jan 17: gated by the crews, slack N - max(A, R) =
// 15 - 12 = 3 (min with L - G = 16).
TEST(CriticalPath, HallGatedThenCrewGated) {
  Scenario s = testing::basic_scenario();
  s.sites[0].halls[0].construction_start = day(2025, 12, 13);
  const RunRecord r = drive(s);
  EXPECT_EQ(cause(r, "first tokens"), "2026-01-14 hall alpha hall-1 7");
  EXPECT_EQ(cause(r, "t1 fully live"), "2026-01-17 crews alpha install crews 3");
}

// The supply line starts Jan 20 (S), 18 days after production could have followed the order (O + 1 = Jan 2): pod 0
// is produced Jan 20, arrives Jan 23, live Jan 25: gated by the line, slack min(S - (O + 1) = 18, A - R = 53,
// L - G = 24) = 18. With the grid only from Jan 24 the grid bounds it: L - G = 1.
TEST(CriticalPath, SupplyStartGatedAndTheGridBoundsTheSlack) {
  Scenario s = testing::basic_scenario();
  s.supply[0].start = day(2026, 1, 20);
  EXPECT_EQ(cause(drive(s), "first tokens"), "2026-01-25 supply_line alpha test_rack 18");
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 24), 100e6, 0.0}});
  EXPECT_EQ(cause(drive(s), "first tokens"), "2026-01-25 supply_line alpha test_rack 1");
}

// Two sites bring one 100 MW (IT) rack live each day from Jan 3 (alpha's tranche from line A, beta's from line B,
// same racks): after day k, 2k racks. On Jan 7 (k = 5) alpha's 5th rack brings 900 MW and beta's 5th the 1,000th
// MW: the pods of a day count in site order, so GW 1 is beta's, gated by line B's rate (rack 5 made Jan 6, 4 days
// after Jan 2; slack min(4, A - R = 37, L - G = 6) = 4). GW 2 (Jan 12) is beta's 10th rack: slack 9.
TEST(CriticalPath, TheGwIsCrossedByThePodThatReachesItInSiteOrder) {
  Scenario s = testing::basic_scenario();
  s.gw_basis = models::GwBasis::kIt;
  models::Platform& big = s.catalog.platforms[0];
  big.peak_power_w = 80e6;
  big.idle_power_w = 24e6;
  models::Platform other = big;
  other.id = "test_rack_b";
  s.catalog.platforms.push_back(other);
  s.pod_racks = 1;
  Site& alpha = s.sites[0];
  alpha.grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 1), 3e9, 0.0}});
  alpha.halls[0].it_capacity_w = 2e9;
  alpha.halls[0].cooling_capacity_w = 2e9;
  alpha.commissioning_days = 0;
  Site beta = alpha;
  beta.name = "beta";
  s.sites.push_back(beta);
  s.tranches[0].target_power_w = 1e9;  // 10 racks at alpha
  Tranche t2 = s.tranches[0];
  t2.name = "t2";
  t2.platform = "test_rack_b";
  t2.sites = {"beta"};
  s.tranches.push_back(t2);
  s.supply[0].racks_per_week = models::Schedule(7, {});
  s.supply[0].lead_time_days = 1;
  Supply line_b = s.supply[0];
  line_b.platform = "test_rack_b";
  s.supply.push_back(line_b);
  const RunRecord r = drive(s);
  EXPECT_EQ(r.gw_live_dates, (std::vector<std::string>{"2026-01-07", "2026-01-12"}));
  EXPECT_EQ(cause(r, "GW 1 live"), "2026-01-07 supply_line beta test_rack_b 4");
  EXPECT_EQ(cause(r, "GW 2 live"), "2026-01-12 supply_line beta test_rack_b 9");
  EXPECT_EQ(cause(r, "first tokens"), "2026-01-03 order_date alpha t1 1");
}

// An 80 MW rack (pods of one, one produced a day from Jan 2, a day in transit, no commissioning: rack k live on
// Jan 2 + k) is 80 / 0.8 = 100 MW of IT power and 125 MW of facility power. A 2 GW tranche orders 2e9 / 100e6 = 20
// racks on the IT basis and 16 on the facility basis; GW 1 is the 10th rack (Jan 12) on the IT basis and the 8th
// (Jan 10) on the facility basis: switching the basis moves GW 1 by 2 days and GW 2 (20th / 16th rack) by 4 days.
// The crossing rack was gated by the supply line's rate: rack 10 produced Jan 11, 9 days after Jan 2 (slack
// min(9, A - R = 42, L - G = 11)); rack 8: min(7, 40, 9) = 7. FP8 per GW at GW 1: 10 racks x 10 PF / 1,000 MW =
// 0.1 EFLOP/s per GW (IT), 8 x 10 / 1,000 = 0.08 (facility). The per-GW investment follows the basis.
TEST(GwBasis, SwitchingTheBasisMovesTheDatesByTheHandComputedAmount) {
  Scenario s = testing::basic_scenario();
  models::Platform& big = s.catalog.platforms[0];
  big.peak_power_w = 80e6;
  big.idle_power_w = 24e6;
  s.pod_racks = 1;
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 1), 3e9, 0.0}});
  s.sites[0].halls[0].it_capacity_w = 2e9;
  s.sites[0].halls[0].cooling_capacity_w = 2e9;
  s.sites[0].commissioning_days = 0;
  s.tranches[0].target_power_w = 2e9;
  s.supply[0].racks_per_week = models::Schedule(7, {});
  s.supply[0].lead_time_days = 1;
  s.finance.investments = {{"loi", models::InvestmentTrigger::kPerGwLive, 10e9, {}, 10}};

  s.gw_basis = models::GwBasis::kIt;
  const RunRecord it = drive(s);
  EXPECT_EQ(it.tranches[0].racks, 20);
  EXPECT_EQ(it.gw_live_dates, (std::vector<std::string>{"2026-01-12", "2026-01-22"}));
  EXPECT_EQ(cause(it, "GW 1 live"), "2026-01-12 supply_line alpha test_rack 9");
  ASSERT_EQ(it.gw_live_eflops_per_gw.size(), 2u);
  EXPECT_NEAR(it.gw_live_eflops_per_gw[0], 0.1, 1e-12);
  EXPECT_EQ(testing::row_at(it.timeline, day(2026, 1, 11)).investment_usd, 0.0);
  EXPECT_EQ(testing::row_at(it.timeline, day(2026, 1, 12)).investment_usd, 10e9);
  EXPECT_NEAR(it.final_state.live_capacity_mw, 2000.0, 1e-6);            // 20 x 100 MW of IT power
  EXPECT_NEAR(it.final_state.live_facility_capacity_mw, 2500.0, 1e-6);   // 20 x 125 MW

  s.gw_basis = models::GwBasis::kFacility;
  const RunRecord facility = drive(s);
  EXPECT_EQ(facility.tranches[0].racks, 16);
  EXPECT_EQ(facility.gw_live_dates, (std::vector<std::string>{"2026-01-10", "2026-01-18"}));
  EXPECT_EQ(cause(facility, "GW 1 live"), "2026-01-10 supply_line alpha test_rack 7");
  EXPECT_NEAR(facility.gw_live_eflops_per_gw[0], 0.08, 1e-12);
  EXPECT_EQ(testing::row_at(facility.timeline, day(2026, 1, 10)).investment_usd, 10e9);
  EXPECT_NEAR(facility.final_state.live_capacity_mw, 2000.0, 1e-6);  // 16 x 125 MW of facility power
}

// A 5 MW grid (no losses) carries 5e6 / 156.25e3 = 32 racks of facility power: pods 0-2 (30 racks); pod 3,
// commissioned Jan 10, would bring 6.25 MW and never fits. From Jan 10 its 10 racks are counted as never admitted
// (grid_power), not held: the days pending stay Jan 1-9 (supply Jan 1-6, commissioning Jan 7-9) and the grid never
// binds, though it holds those racks to the end.
TEST(NeverAdmitted, TheGridsHighestCapacityCannotCarryTheLastPod) {
  Scenario s = testing::basic_scenario();
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 1), 5e6, 0.0}});
  const RunRecord r = drive(s);
  const std::vector<Event> never = events_of(r, EventKind::kRacksNeverAdmitted);
  ASSERT_EQ(never.size(), 1u);
  EXPECT_EQ(never[0].date, day(2026, 1, 10));
  EXPECT_EQ(never[0].site, "alpha");
  EXPECT_EQ(never[0].item, "grid_power");
  EXPECT_EQ(never[0].value, 10.0);
  EXPECT_EQ(r.final_state.live.racks, 30);
  EXPECT_EQ(r.final_state.never_admitted.grid_power, 10);
  EXPECT_EQ(r.final_state.held.total(), 0);
  EXPECT_EQ(r.days_with_racks_pending, 9);
  EXPECT_EQ(r.binding_days[Constraint::kGridPower], 0);
  EXPECT_EQ(r.tranches[0].racks_never_admitted, 10);
  EXPECT_EQ(r.tranches[0].fully_live_date, "");
  EXPECT_EQ(names(r), (std::vector<std::string>{"first tokens", "t1 first live"}));
}

// A 3 MW IT hall holds 3e6 x 0.8 / 100e3 = 24 racks: 10 installed Jan 5, 10 Jan 6, 4 of the 10 arriving Jan 7.
// The only hall is then ready and full: 40 - 20 = 20 racks (pod 2's 4 installed ones wait for the rest of their
// pod) can never go live (buildings), from Jan 7. Held: supply Jan 1-6, then pod 1 commissioning on Jan 7; from
// Jan 8 nothing: 7 days pending.
TEST(NeverAdmitted, FullHallsHoldTheRestForGood) {
  Scenario s = testing::basic_scenario();
  s.sites[0].halls[0].it_capacity_w = 3e6;
  s.sites[0].halls[0].cooling_capacity_w = 3e6;
  const RunRecord r = drive(s);
  const std::vector<Event> never = events_of(r, EventKind::kRacksNeverAdmitted);
  ASSERT_EQ(never.size(), 1u);
  EXPECT_EQ(never[0].date, day(2026, 1, 7));
  EXPECT_EQ(never[0].item, "buildings");
  EXPECT_EQ(never[0].value, 20.0);
  EXPECT_EQ(r.final_state.live.racks, 20);
  EXPECT_EQ(r.final_state.racks_installed, 24);
  EXPECT_EQ(r.final_state.never_admitted.buildings, 20);
  EXPECT_EQ(r.final_state.held.total(), 0);
  EXPECT_EQ(r.days_with_racks_pending, 7);
  EXPECT_EQ(r.binding_days[Constraint::kRackSupply], 6);
  EXPECT_EQ(r.binding_days[Constraint::kCommissioning], 1);
  EXPECT_EQ(r.binding_days[Constraint::kBuildings], 0);
}

// No supply line starts by the end (Apr 1 > Mar 31): the 40 racks are never made, from the order day.
TEST(NeverAdmitted, NoSupplyByTheEnd) {
  Scenario s = testing::basic_scenario();
  s.supply[0].start = day(2026, 4, 1);
  const RunRecord r = drive(s);
  const std::vector<Event> never = events_of(r, EventKind::kRacksNeverAdmitted);
  ASSERT_EQ(never.size(), 1u);
  EXPECT_EQ(never[0].date, day(2026, 1, 1));
  EXPECT_EQ(never[0].item, "rack_supply");
  EXPECT_EQ(never[0].value, 40.0);
  EXPECT_EQ(r.days_with_racks_pending, 0);
  EXPECT_TRUE(r.milestones.empty());
}

// Utilization 50% of live compute (no demand stated: demand = the schedule x live compute = served). Live FP8: 0 on
// Jan 1-6, then 100, 200, 300 PF on Jan 7-9 and 400 PF from Jan 10 (81 days), 90 days in all.
//   utilization: 0 on 6 days, 0.5 on 84: mean over the run 0.5 x 84 / 90 = 0.466667; while live 0.5; peak 0.5 on
//   Jan 7 (the first step at that value);
//   idle (live - served) while live: 50, 100, 150, then 200 x 81: (300 + 16,200) / 84 = 196.428571 PF;
//   demand: (50 + 100 + 150 + 200 x 81) / 90 = 183.333333 PF on average, peak 200 PF first on Jan 10, when
//   200 PF idle.
TEST(Load, UtilizationIdleComputeAndDemandOverTheRun) {
  const RunRecord r = drive(testing::basic_scenario());
  const LoadOutcome& l = r.load;
  EXPECT_NEAR(l.average_utilization, 0.5 * 84.0 / 90.0, 1e-9);
  EXPECT_NEAR(l.average_utilization_live, 0.5, 1e-9);
  EXPECT_NEAR(l.peak_utilization, 0.5, 1e-9);
  EXPECT_EQ(l.peak_utilization_at, "2026-01-07");
  EXPECT_NEAR(l.average_idle_pflops, 16500.0 / 84.0, 1e-6);
  EXPECT_NEAR(l.average_demand_pflops, 16500.0 / 90.0, 1e-6);
  EXPECT_NEAR(l.peak_demand_pflops, 200.0, 1e-9);
  EXPECT_EQ(l.peak_demand_at, "2026-01-10");
  EXPECT_NEAR(l.idle_pflops_at_peak_demand, 200.0, 1e-9);
}

}  // namespace
}  // namespace gwsim
