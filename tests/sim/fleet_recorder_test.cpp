// The fleet recorder without SimGrid: a RolloutState played by hand (rollout_driver.hpp) on the small scenarios of
// scenario_builder.hpp, and the record checked against values computed by hand. This binary does not link
// SimGrid. The scenario (see scenario_builder.hpp and rollout_test.cpp): one site "alpha", tranche t1 of 40 test
// racks ordered 2026-01-01, 10 racks a day produced from Jan 2 with a 3-day lead time (arrivals Jan 5-8),
// installed on arrival, 2 days of commissioning: pods of 10 racks live on Jan 7, 8, 9 and 10. A rack: 100 kW peak,
// 30 kW idle, 10 PF FP8; IT = rack power / 0.8, facility = IT x 1.25, no grid loss.
#include "sim/engine/fleet_recorder.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "tests/sim/rollout_driver.hpp"
#include "tests/sim/record_helpers.hpp"
#include "tests/sim/scenario_builder.hpp"

namespace gwsim {
namespace {

using testing::day;
using testing::drive;
using testing::events_of;
using testing::row_at;

// "2026-01-07 first_tokens alpha t1 10 -": date, kind, site, item, value, value2 (or -).
std::string line(const Event& e) {
  char value[64];
  std::snprintf(value, sizeof value, "%g", e.value);
  std::string text = models::to_iso(e.date) + (e.hour >= 0 ? "T" + std::to_string(e.hour) : "") + " " +
                     to_string(e.kind) + " " + e.site + " " + e.item + " " + value + " ";
  if (!e.value2) return text + "-";
  std::snprintf(value, sizeof value, "%g", *e.value2);
  return text + value;
}

std::vector<std::string> lines(const std::vector<Event>& events) {
  std::vector<std::string> out;
  for (const Event& e : events) out.push_back(line(e));
  return out;
}

// Jan 1: t1 orders 40 racks; the site's grid step (100 MW) and its hall (10 MW IT, ready Dec 1, before the
// start) are reported on the first day; 40 racks wait for supply. Jan 5: the first 10 racks arrive. Jan 7:
// 30 delivered and installed, 10 live: supply holds 10, commissioning 20; the first pod gives first tokens (the
// recorder's event, at noon, after the site's day-start events). Jan 10: all 40 live, nothing held.
// Fleet-wide events come first within a day, then the site's, each in the order they happened.
TEST(FleetRecorder, EventsOfTheBasicRolloutInOrder) {
  const RunRecord r = drive(testing::basic_scenario());
  const std::vector<std::string> expected = {
      "2026-01-01 tranche_ordered  t1 40 -",
      "2026-01-01 grid_energized alpha step 1 100 0",
      "2026-01-01 hall_ready alpha hall-1 10 -",
      "2026-01-01 constraint_started alpha rack_supply 40 -",
      "2026-01-05 first_delivery alpha t1 10 -",
      "2026-01-07 constraint_stopped alpha rack_supply 10 -",
      "2026-01-07 constraint_started alpha commissioning 20 -",
      "2026-01-07 first_tokens alpha t1 10 -",
      "2026-01-10 constraint_stopped alpha commissioning 0 -",
  };
  EXPECT_EQ(lines(r.events), expected);
  EXPECT_EQ(r.events[2].detail, "hall-1 ready (before the scenario start), 10.0 MW IT");
  EXPECT_EQ(r.events[0].detail, "t1: 40 test_rack racks");
  EXPECT_EQ(r.first_tokens_date, "2026-01-07");
  ASSERT_EQ(r.tranches.size(), 1u);
  EXPECT_EQ(r.tranches[0].name, "t1");
  EXPECT_EQ(r.tranches[0].racks, 40);
  EXPECT_EQ(r.tranches[0].first_live_date, "2026-01-07");
  EXPECT_EQ(r.tranches[0].fully_live_date, "2026-01-10");
  EXPECT_TRUE(r.gw_live_dates.empty());  // 40 x 156.25 kW = 6.25 MW
  // Racks pending Jan 1-9: supply Jan 1-6, commissioning Jan 7-9.
  EXPECT_EQ(r.days_with_racks_pending, 9);
  EXPECT_EQ(r.binding_days[Constraint::kRackSupply], 6);
  EXPECT_EQ(r.binding_days[Constraint::kCommissioning], 3);
  EXPECT_EQ(r.binding_days[Constraint::kGridPower], 0);
}

// An 80 MW "rack" is 80 / 0.8 x 1.25 = 125 MW of facility power; one a day goes live from Jan 3 (produced from
// Jan 2, one day in transit, no commissioning), so the 8th (1,000 MW) on Jan 10 and the 16th (2,000 MW) on
// Jan 18. "$10B per GW live" pays on those days with the GW that released it; a $3B lump sum dated Feb 1 pays then.
TEST(FleetRecorder, GigawattsAndTheInvestmentsTheyRelease) {
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
  s.finance.investments = {{"loi", models::InvestmentTrigger::kPerGwLive, 10e9, {}, 10},
                           {"upfront", models::InvestmentTrigger::kLumpSum, 3e9, day(2026, 2, 1), 0}};
  const RunRecord r = drive(s);
  EXPECT_EQ(r.first_tokens_date, "2026-01-03");
  EXPECT_EQ(r.gw_live_dates, (std::vector<std::string>{"2026-01-10", "2026-01-18"}));
  std::vector<Event> fleet;
  for (const Event& e : r.events) {
    if (e.kind == EventKind::kGwLive || e.kind == EventKind::kInvestment) fleet.push_back(e);
  }
  const std::vector<std::string> expected = {
      "2026-01-10 gw_live  1 1000 -",     "2026-01-10 investment  loi 1e+10 1",
      "2026-01-18 gw_live  2 2000 -",     "2026-01-18 investment  loi 1e+10 2",
      "2026-02-01 investment  upfront 3e+09 -"};
  EXPECT_EQ(lines(fleet), expected);
  EXPECT_EQ(fleet[1].detail, "loi: $10.00B (GW 1 live)");  // the exact amount is the value, 1e10
  EXPECT_EQ(fleet[4].detail, "upfront: $3.00B (lump sum dated 2026-02-01)");
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 9)).investment_usd, 0.0);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 10)).investment_usd, 10e9);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 2, 1)).investment_usd, 23e9);
}

// 250 PF asked, 450 from Feb 1. Live compute: 0 until Jan 6, then 100, 200, 300 and from Jan 10 400 PF. Short
// Jan 1-8 (all 250 PF unserved on Jan 1), met from Jan 9, short again from Feb 1 (50 of 450) to Mar 31:
// 8 + 28 + 31 = 67 days.
TEST(FleetRecorder, ShortfallEventsDaysAndPeak) {
  Scenario s = testing::demand_scenario(250.0);
  s.demand.spec.pflops = models::Schedule(250.0, {{day(2026, 2, 1), 450.0, 0.0}});
  const RunRecord r = drive(s);
  std::vector<Event> demand = events_of(r, EventKind::kDemandExceedsCapacity);
  for (const Event& e : events_of(r, EventKind::kDemandMet)) demand.push_back(e);
  EXPECT_EQ(lines(demand), (std::vector<std::string>{"2026-01-01 demand_exceeds_capacity   250 250",
                                                      "2026-02-01 demand_exceeds_capacity   50 450",
                                                      "2026-01-09 demand_met   250 -"}));
  EXPECT_EQ(demand[0].detail, "0.250 EFLOP/s of 0.250 EFLOP/s demanded not served (100%)");
  EXPECT_EQ(demand[2].detail, "all 0.250 EFLOP/s served");
  EXPECT_TRUE(r.demand_stated);
  EXPECT_EQ(r.shortfall_days, 67);
  EXPECT_DOUBLE_EQ(r.peak_unserved_pflops, 250.0);
  EXPECT_EQ(r.peak_unserved_at, "2026-01-01");
  // Unserved PF x days: 6 x 250 + 150 + 50 + 59 x 50 = 4,650 PF-days x 86,400 s / 1,000 = 401,760 EFLOP.
  EXPECT_NEAR(r.unserved_eflop, 401760.0, 401760.0 * 1e-9);
}

// Utilization 50% until Jan 31, 100% from Feb 1. At 50%, 40 racks draw 40 x 65 kW = 2.6 MW: IT 3.25 MW,
// facility 4.0625 MW; at 100%, 4 MW: IT 5 MW, facility 6.25 MW, the peak (no grid loss: the grid draw too).
TEST(FleetRecorder, PeaksAndFinalStates) {
  Scenario s = testing::basic_scenario();
  s.utilization = models::Schedule(0.5, {{day(2026, 2, 1), 1.0, 0.0}});
  const RunRecord r = drive(s);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 31)).facility_power_mw, 4.0625, 1e-12);
  EXPECT_NEAR(r.peak_facility_power_mw, 6.25, 1e-12);
  EXPECT_NEAR(r.peak_grid_import_mw, 6.25, 1e-12);
  ASSERT_EQ(r.site_outcomes.size(), 1u);
  EXPECT_EQ(r.site_outcomes[0].name, "alpha");
  EXPECT_NEAR(r.site_outcomes[0].peak_grid_import_mw, 6.25, 1e-12);
  EXPECT_EQ(r.site_outcomes[0].final_state.date, day(2026, 3, 31));
  EXPECT_EQ(r.final_state.date, day(2026, 3, 31));
  EXPECT_EQ(r.final_state.live.racks, 40);
  // 94 pod-days x 650 kW + 59 days x 4 pods x 1 MW, x 24 h = 7,130.4 MWh of rack energy; IT / 0.8 = 8,913 MWh.
  EXPECT_NEAR(r.final_state.it_energy_mwh, 8913.0, 1e-6);
  // Served compute: 94 pod-days x 100 PF x 50% + 59 days x 400 PF = 28,300 PF-days x 86,400 s = 2,445,120 EFLOP
  // (less 0.4 PFLOP: each pod, and the fleet on Feb 1, runs 1 ms at its previous load before the day's step).
  EXPECT_NEAR(r.served_eflop, 2445120.0, 1e-3);
  EXPECT_DOUBLE_EQ(r.unserved_eflop, 0.0);  // no demand stated: the utilization schedule is served in full
}

// What the finance post-pass prices: per platform, live package-hours, and the inference and training parts of
// them. Demand: 50 PF of inference and a training job reserving 25% of the live fleet. Jan 7, one pod live (10
// racks x 10 PF = 100 PF): training takes 25 PF, inference 50 of the 75 left, w = 0.25 + 0.75 x 50 / 75 = 0.75;
// training's share of the work 1/3. Package-hours 10 racks x 10 packages x 24 h = 2,400: inference 2,400 x 0.75 x
// 2/3 = 1,200, training 2,400 x 0.75 x 1/3 = 600. Jan 8, two pods (200 PF): training 50, inference 50 of 150,
// w = 0.25 + 0.75 / 3 = 0.5, tau = 1/2; 4,800 package-hours: 1,200 inference, 1,200 training.
TEST(FleetRecorder, ServiceSplitsInferenceFromTraining) {
  Scenario s = testing::basic_scenario();
  s.demand.stated = true;
  s.demand.spec.basis = models::DemandBasis::kPflops;
  s.demand.spec.pflops = models::Schedule(50.0, {});
  s.demand.spec.daily_cycle.fill(1.0);
  s.demand.training = {models::TrainingJob{"run", day(2026, 1, 1), 365.0, 0.25, 0.0}};
  const RunRecord r = drive(s);
  const ServiceTotals& jan7 = row_at(r.timeline, day(2026, 1, 7)).service;
  ASSERT_EQ(jan7.platforms.size(), 1u);
  EXPECT_NEAR(jan7.platforms[0].package_hours, 2400.0, 1e-9);
  EXPECT_NEAR(jan7.platforms[0].inference_package_hours, 1200.0, 1e-9);
  EXPECT_NEAR(jan7.platforms[0].training_package_hours, 600.0, 1e-9);
  const ServiceTotals& jan8 = row_at(r.timeline, day(2026, 1, 8)).service;
  EXPECT_NEAR(jan8.platforms[0].package_hours, 7200.0, 1e-9);
  EXPECT_NEAR(jan8.platforms[0].inference_package_hours, 2400.0, 1e-9);
  EXPECT_NEAR(jan8.platforms[0].training_package_hours, 1800.0, 1e-9);
}

// Daily: a row a day, Jan 1 to Mar 31 (31 + 28 + 31 = 90), the fleet's and the site's.
TEST(FleetRecorder, DailyRows) {
  const RunRecord r = drive(testing::basic_scenario());
  ASSERT_EQ(r.timeline.size(), 90u);
  ASSERT_EQ(r.sites.size(), 90u);
  EXPECT_EQ(r.timeline.front().date, day(2026, 1, 1));
  EXPECT_EQ(r.timeline.back().date, day(2026, 3, 31));
  EXPECT_EQ(r.sites[6].site, "alpha");
  EXPECT_EQ(r.sites[6].date, day(2026, 1, 7));
  EXPECT_EQ(r.timeline[6].live.racks, 10);
  // Jan 7: one pod at 50% all day: 650 kW x 24 h = 15.6 MWh of rack energy, 19.5 MWh IT.
  EXPECT_NEAR(r.timeline[6].it_energy_mwh, 19.5, 1e-6);
  // Jan 1: the hall's facility capex, 10 MW IT x 1.25 x $2M/MW = $25M.
  EXPECT_DOUBLE_EQ(r.timeline[0].capex_usd, 25e6);
}

// Weekly: Jan 1 + 7k up to Mar 31 (k = 0..12); each row as the day it names, with cumulative figures through its
// end. Jan 8: 40 delivered, 20 live; energy: Jan 7 one pod (19.5 MWh IT) + Jan 8 two pods (39) = 58.5 MWh.
TEST(FleetRecorder, WeeklyRows) {
  Scenario s = testing::basic_scenario();
  s.output_step = OutputStep{7, 0};
  const RunRecord r = drive(s);
  ASSERT_EQ(r.timeline.size(), 13u);
  for (std::size_t k = 0; k < r.timeline.size(); ++k) {
    EXPECT_EQ(r.timeline[k].date, (models::Date{day(2026, 1, 1).days + 7 * static_cast<std::int32_t>(k)})) << k;
  }
  const StateRow& jan8 = r.timeline[1];
  EXPECT_EQ(jan8.date, day(2026, 1, 8));
  EXPECT_EQ(jan8.racks_delivered, 40);
  EXPECT_EQ(jan8.live.racks, 20);
  EXPECT_NEAR(jan8.it_energy_mwh, 58.5, 1e-6);
  EXPECT_EQ(r.timeline.back().date, day(2026, 3, 26));
  EXPECT_EQ(r.final_state.date, day(2026, 3, 31));  // the final state is the end date whatever the step
}

// Monthly from Jan 31: the same day of each month, clamped to the month's length and never drifting (Feb 28,
// then Mar 31, not Mar 28).
TEST(FleetRecorder, MonthlyRowsKeepTheStartDay) {
  Scenario s = testing::basic_scenario();
  s.start = day(2026, 1, 31);
  s.end = day(2026, 5, 31);
  s.output_step = OutputStep{0, 1};
  const RunRecord r = drive(s);
  std::vector<std::string> dates;
  for (const StateRow& row : r.timeline) dates.push_back(models::to_iso(row.date));
  EXPECT_EQ(dates,
            (std::vector<std::string>{"2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"}));
  EXPECT_EQ(r.sites.size(), 5u);
}

// With a sink (gwsim run's sites.csv writer) the sites' rows go there as they are read, a step's rows at a time,
// and not into the record; the finance post-pass prices the sites' grid energy the same: two sites, each with
// its own energy price, so each site's energy must reach the pass in its place.
TEST(FleetRecorder, SiteRowsGoToTheSinkAndTheMoneyIsTheSame) {
  Scenario s = testing::basic_scenario();
  s.end = day(2026, 1, 10);
  s.output_step = OutputStep{0, 0, 1};
  s.sites.push_back(s.sites.front());
  s.sites[1].name = "beta";
  s.sites[0].energy_price_usd_per_mwh = 50.0;
  s.sites[1].energy_price_usd_per_mwh = 80.0;
  for (Tranche& t : s.tranches) t.sites = {"alpha", "beta"};
  const RunRecord kept = testing::drive(s);
  std::vector<StateRow> sent;
  std::size_t calls = 0;
  const RunRecord streamed = testing::RolloutDriver(s, [&](std::span<const StateRow> rows) {
                               ++calls;
                               EXPECT_EQ(rows.size(), 2u);
                               sent.insert(sent.end(), rows.begin(), rows.end());
                             }).finish();
  EXPECT_TRUE(streamed.sites.empty());
  EXPECT_EQ(calls, 10u * 24u);
  ASSERT_EQ(sent.size(), kept.sites.size());
  for (std::size_t i = 0; i < sent.size(); ++i) {
    EXPECT_EQ(sent[i].site, kept.sites[i].site) << i;
    EXPECT_EQ(sent[i].hour, kept.sites[i].hour) << i;
    EXPECT_EQ(sent[i].grid_energy_mwh, kept.sites[i].grid_energy_mwh) << i;
  }
  ASSERT_EQ(streamed.timeline.size(), kept.timeline.size());
  // The energy bill of each hour: each site's grid energy of the hour at its price, computed from the kept rows.
  double bill = 0.0;
  for (std::size_t i = 0; i < kept.timeline.size(); ++i) {
    double expected = 0.0;
    for (std::size_t k = 0; k < 2; ++k) {
      const double now = kept.sites[2 * i + k].grid_energy_mwh;
      const double then = i > 0 ? kept.sites[2 * (i - 1) + k].grid_energy_mwh : 0.0;
      expected += (now - then) * (k == 0 ? 50.0 : 80.0);
    }
    EXPECT_NEAR(streamed.timeline[i].finance.opex_energy_usd, expected, 1e-9 * std::max(1.0, expected)) << i;
    EXPECT_EQ(streamed.timeline[i].finance.opex_energy_usd, kept.timeline[i].finance.opex_energy_usd) << i;
    bill += expected;
  }
  EXPECT_GT(bill, 0.0);
  EXPECT_GT(kept.sites.end()[-2].grid_energy_mwh, 0.0);  // both sites drew energy: both prices count
  EXPECT_GT(kept.sites.end()[-1].grid_energy_mwh, 0.0);
  EXPECT_EQ(streamed.finance.npv_usd, kept.finance.npv_usd);
}

// Hourly: 24 rows a day, each hour's figures through its end. Jan 7, the first pod (650 kW of racks at 50%, IT
// 812.5 kW) from 00:00: by the end of 05:00, 6 h x 0.8125 MW = 4.875 MWh. The day's milestones fire at the
// 12:30 sample and carry the day only.
TEST(FleetRecorder, HourlyRows) {
  Scenario s = testing::basic_scenario();
  s.end = day(2026, 1, 8);
  s.output_step = OutputStep{0, 0, 1};
  const RunRecord r = drive(s);
  ASSERT_EQ(r.timeline.size(), 8u * 24u);
  EXPECT_EQ(r.timeline[0].hour, 0);
  EXPECT_EQ(r.timeline[23].hour, 23);
  EXPECT_EQ(r.timeline[24].date, day(2026, 1, 2));
  const StateRow& h = testing::row_at_hour(r.timeline, day(2026, 1, 7), 5);
  EXPECT_EQ(h.live.racks, 10);
  EXPECT_NEAR(h.it_power_mw, 0.8125, 1e-12);
  EXPECT_NEAR(h.it_energy_mwh, 4.875, 1e-6);
  const std::vector<Event> first = events_of(r, EventKind::kFirstTokens);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].date, day(2026, 1, 7));
  EXPECT_EQ(first[0].hour, -1);
  EXPECT_EQ(r.final_state.hour, 23);
}

// Every 6 hours: rows at 00, 06, 12 and 18.
TEST(FleetRecorder, SixHourlyRows) {
  Scenario s = testing::basic_scenario();
  s.end = day(2026, 1, 8);
  s.output_step = OutputStep{0, 0, 6};
  const RunRecord r = drive(s);
  ASSERT_EQ(r.timeline.size(), 8u * 4u);
  EXPECT_EQ(r.timeline[1].hour, 6);
  EXPECT_EQ(r.timeline[3].hour, 18);
  EXPECT_EQ(r.timeline[4].date, day(2026, 1, 2));
  EXPECT_EQ(r.timeline[4].hour, 0);
}

// Hourly shortfall events carry their hour: 250 PF asked from the first hour, met from 00:00 on Jan 9 (300 PF
// live); the peak is dated to the hour.
TEST(FleetRecorder, HourlyShortfallEventsCarryTheirHour) {
  Scenario s = testing::demand_scenario(250.0);
  s.end = day(2026, 1, 10);
  s.output_step = OutputStep{0, 0, 1};
  const RunRecord r = drive(s);
  const std::vector<Event> exceeded = events_of(r, EventKind::kDemandExceedsCapacity);
  const std::vector<Event> met = events_of(r, EventKind::kDemandMet);
  EXPECT_EQ(lines(exceeded), (std::vector<std::string>{"2026-01-01T0 demand_exceeds_capacity   250 250"}));
  EXPECT_EQ(lines(met), (std::vector<std::string>{"2026-01-09T0 demand_met   250 -"}));
  EXPECT_EQ(exceeded[0].detail, "0.250 EFLOP/s of 0.250 EFLOP/s demanded not served (100%)");
  EXPECT_EQ(r.shortfall_days, 8);
  EXPECT_EQ(r.peak_unserved_at, "2026-01-01T00:00");
}

// A broken invariant is an engine defect: the sample throws, naming the day, the site and the values.
TEST(FleetRecorder, ABrokenInvariantStopsTheRun) {
  const Scenario s = testing::basic_scenario();
  testing::RolloutDriver driver(s);
  driver.play_until(day(2026, 1, 1));
  driver.state.sites[0].delivered = 100;  // more delivered than the 40 ordered
  try {
    driver.play(day(2026, 1, 2));
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error& e) {
    EXPECT_STREQ(e.what(),
                 "invariant broken: 2026-01-02 (site alpha): racks out of order: live 0, installed 0, delivered 100, "
                 "ordered 40");
  }
}

}  // namespace
}  // namespace gwsim
