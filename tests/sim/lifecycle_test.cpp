// Sim tier: tranche lifecycle on the real engine, with dates, counts, energy and write-offs computed by hand:
// racks retire a service life after they went live, and a refresh tranche replaces them through the same supply,
// halls and crews. SimGrid allows one simulation per process: ctest runs each TEST in its own process.
#include <gtest/gtest.h>

#include <string>
#include <vector>

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

// The basic scenario (40 racks of t1 in pods of 10, live Jan 7, 8, 9, 10) in a hall of exactly 40 racks
// (5 MW IT x 0.8 / 100 kW), each rack retiring 30 days after it went live: pods retire Feb 6, 7, 8, 9. With
// `refresh`, t1-refresh orders 40 racks of a newer rack (same power, $2M) 10 days before the first retirement
// (Jan 27) from its own line of 10 a day with a 3-day lead time: produced Jan 28-31, on site Jan 31 - Feb 3, where
// they wait for hall space until the pods before them retire.
Scenario lifecycle_scenario(bool refresh) {
  Scenario s = basic_scenario();
  s.sites[0].halls[0].it_capacity_w = 5e6;
  s.sites[0].halls[0].cooling_capacity_w = 5e6;
  s.tranches[0].service_life_days = 30.0;
  s.finance.depreciation.life_years = 1;
  s.finance.depreciation.method = models::DepreciationMethod::kStraightLine;
  if (refresh) {
    models::Platform newer = testing::test_rack();
    newer.id = "newer_rack";
    newer.name = "Newer rack";
    newer.pflops_fp8_dense = 20.0;
    newer.capex = models::RackCapex{1.4e6, 0.4e6, 0.2e6};
    s.catalog.platforms.push_back(newer);
    s.tranches[0].refresh = TrancheRefresh{true, "newer_rack", 10.0};
    Supply line = s.supply[0];
    line.platform = "newer_rack";
    s.supply.push_back(line);
  }
  return s;
}

TEST(Lifecycle, RacksRetireAServiceLifeAfterGoingLive) {
  const RunRecord r = run(lifecycle_scenario(false));
  EXPECT_EQ(row_at(r.timeline, day(2026, 2, 5)).live.racks, 40);
  EXPECT_EQ(row_at(r.timeline, day(2026, 2, 5)).racks_retired, 0);
  EXPECT_EQ(row_at(r.timeline, day(2026, 2, 6)).live.racks, 30);
  EXPECT_EQ(row_at(r.timeline, day(2026, 2, 6)).racks_retired, 10);
  EXPECT_EQ(row_at(r.timeline, day(2026, 2, 8)).live.racks, 10);
  EXPECT_EQ(row_at(r.timeline, day(2026, 2, 9)).live.racks, 0);
  EXPECT_EQ(r.final_state.racks_retired, 40);
  EXPECT_EQ(r.final_state.live.gpu_packages, 0);
  EXPECT_DOUBLE_EQ(r.final_state.live.pflops_fp8, 0.0);
  ASSERT_EQ(r.tranches.size(), 1u);
  EXPECT_EQ(r.tranches[0].racks_retired, 40);
  EXPECT_EQ(r.tranches[0].first_retired_date, "2026-02-06");
  EXPECT_EQ(r.tranches[0].fully_live_date, "2026-01-10");  // still the day its last pod went live
  const std::vector<Event> retiring = events_of(r, EventKind::kTrancheRetiring);
  ASSERT_EQ(retiring.size(), 1u);
  EXPECT_EQ(retiring[0].date, day(2026, 2, 6));
  EXPECT_EQ(retiring[0].value, 10.0);
  EXPECT_EQ(retiring[0].value2, 40.0);
  const std::vector<Event> retired = events_of(r, EventKind::kTrancheRetired);
  ASSERT_EQ(retired.size(), 1u);
  EXPECT_EQ(retired[0].date, day(2026, 2, 9));
  EXPECT_EQ(retired[0].value, 40.0);
  // Energy: each pod is live exactly 30 days at 50% (650 kW): 120 pod-days x 650 kW x 24 h = 1,872 MWh of rack
  // energy, 2,340 MWh IT; the plugin sees the retired pods go dark at the same instants.
  EXPECT_NEAR(r.final_state.it_energy_mwh, 2340.0, 1e-5);
  EXPECT_NEAR(r.plugin_it_energy_mwh, 2340.0, 2340.0 * 1e-9);
  // Delivered and not live: the 80 rack-days of the rollout (rollout_test.cpp, BasicDatesAndCounts); retired racks
  // are not counted as waiting.
  EXPECT_EQ(r.rack_days_delivered_not_live, 80);
  // Write-off: each $10M pod depreciates over 1 year (365 days from its live day in 2026) and retires after 30
  // days: 10M x 335 / 365 written off each, 40M x 335 / 365 = $36,712,328.77 in all, on Feb 6, 7, 8 and 9.
  EXPECT_NEAR(r.finance.write_off_usd, 40e6 * 335.0 / 365.0, 1e-3);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 2, 6)).finance.write_off_usd, 10e6 * 335.0 / 365.0, 1e-3);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 2, 10)).finance.write_off_usd, 0.0);
  // Depreciation stops at retirement: 4 pods x 30 days x 10M / 365 of the racks, plus the hall's.
  const double hall_usd = 5e6 * 1.25 * 2e6 / 1e6;  // 5 MW IT x PUE 1.25 x $2M per facility MW = $12.5M
  const double hall_days = static_cast<double>(day(2026, 4, 1).days - day(2026, 1, 1).days);  // in service Jan 1
  EXPECT_NEAR(r.finance.depreciation_usd, 4 * 30 * 10e6 / 365.0 + hall_usd * hall_days / 365.0, 1e-2);
}

TEST(Lifecycle, RefreshReplacesTheRetiringRacksThroughTheSameHallsAndCrews) {
  const RunRecord r = run(lifecycle_scenario(true));
  ASSERT_EQ(r.tranches.size(), 2u);
  EXPECT_EQ(r.tranches[1].name, "t1-refresh");
  EXPECT_EQ(r.tranches[1].refresh_of, "t1");
  EXPECT_EQ(r.tranches[1].racks, 40);  // the same 6.25 MW of the same rack power
  // Ordered on Jan 27 (Feb 6 less 10 days), 40 racks at alpha.
  std::vector<Event> orders = events_of(r, EventKind::kTrancheOrdered);
  ASSERT_EQ(orders.size(), 2u);
  EXPECT_EQ(orders[1].item, "t1-refresh");
  EXPECT_EQ(orders[1].site, "alpha");
  EXPECT_EQ(orders[1].date, day(2026, 1, 27));
  EXPECT_EQ(orders[1].value, 40.0);
  // On site Jan 31 - Feb 3, held for hall space until Feb 6; then 10 a day into the space each retiring pod
  // frees, 2 days of commissioning: live Feb 8, 9, 10, 11.
  const StateRow& feb5 = row_at(r.timeline, day(2026, 2, 5));
  EXPECT_EQ(feb5.racks_delivered, 80);
  EXPECT_EQ(feb5.held.buildings, 40);
  EXPECT_EQ(feb5.racks_installed, 40);
  EXPECT_EQ(row_at(r.timeline, day(2026, 2, 6)).racks_installed, 50);
  EXPECT_EQ(r.tranches[1].first_live_date, "2026-02-08");
  EXPECT_EQ(r.tranches[1].fully_live_date, "2026-02-11");
  EXPECT_EQ(r.tranches[1].racks_retired, 0);
  // Feb 8: three t1 pods retired (Feb 6, 7, 8), the first refresh pod live: 10 old racks and 10 new.
  EXPECT_EQ(row_at(r.timeline, day(2026, 2, 8)).live.racks, 20);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 2, 8)).live.pflops_fp8, 10 * 10.0 + 10 * 20.0);
  EXPECT_EQ(r.final_state.live.racks, 40);
  EXPECT_DOUBLE_EQ(r.final_state.live.pflops_fp8, 800.0);
  EXPECT_EQ(r.final_state.racks_retired, 40);
  // Energy: t1 120 pod-days; the refresh pods live Feb 8, 9, 10, 11 to Mar 31: 52 + 51 + 50 + 49 = 202 pod-days;
  // 322 pod-days x 650 kW x 24 h = 5,023.2 MWh of rack energy, 6,279 MWh IT.
  EXPECT_NEAR(r.final_state.it_energy_mwh, 6279.0, 1e-5);
  EXPECT_NEAR(r.plugin_it_energy_mwh, 6279.0, 6279.0 * 1e-9);
  // Capex: 40 x $1M + 40 x $2M of racks on delivery and the $12.5M hall; what the fleet holds at the end (the
  // per-GW figures' numerator) leaves out the $40M of retired racks, by category ($0.7M, $0.2M, $0.1M a rack).
  EXPECT_DOUBLE_EQ(r.final_state.capex_usd, 40e6 + 80e6 + 12.5e6);
  EXPECT_DOUBLE_EQ(r.retired_capex.total_usd(), 40e6);
  EXPECT_DOUBLE_EQ(r.retired_capex[models::CapexCategory::kGpuSystems], 28e6);
  EXPECT_DOUBLE_EQ(held_capex(r).total_usd(), 80e6 + 12.5e6);
}

// Two sites acting on the same days: alpha retires a pod and brings a refresh pod live on Feb 8, 9 and 10 while
// beta brings its own pods live (t2, ordered Feb 1: live Feb 7-10). A pod going live changes its host's power
// state, which lets the other site's day run before this one's retirements are applied to their hosts; the energy
// SimGrid's plugin integrates must still equal the bookkeeping's (each pod's power from its load, summed by site).
TEST(Lifecycle, RetiringWhileAnotherSiteActsKeepsThePluginsEnergyExact) {
  Scenario s = lifecycle_scenario(true);
  s.sites.push_back(testing::test_site("beta", 100e6));
  Tranche t2 = s.tranches[0];
  t2.name = "t2";
  t2.sites = {"beta"};
  t2.order_date = day(2026, 2, 1);
  t2.service_life_days = 0.0;
  t2.refresh = TrancheRefresh{};
  s.tranches.push_back(t2);
  const RunRecord r = run(s);
  EXPECT_EQ(r.tranches[0].racks_retired, 40);
  EXPECT_EQ(row_at(r.sites, day(2026, 2, 8), "alpha").live.racks, 20);
  EXPECT_GT(r.final_state.it_energy_mwh, 0.0);
  EXPECT_NEAR(r.plugin_it_energy_mwh, r.final_state.it_energy_mwh, r.final_state.it_energy_mwh * 1e-9);
}

}  // namespace
}  // namespace gwsim
