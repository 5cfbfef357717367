// Power levers on the rollout's bookkeeping, driven by hand (no SimGrid): transformer deliveries deciding when a
// grid step is energized, a bridge fleet bringing racks forward and burning fuel, a battery's energy balance in an
// hourly run, and training swings capped by exactly what is not covered. Every figure is worked out in the comments
// from the scenario builder's round numbers (scenario_builder.hpp: a rack is 100 kW peak, 30 kW idle, 156.25 kW of
// facility power at peak with PUE 1.25 and a 20% non-GPU share; 40 racks in pods of 10, complete on Jan 7-10).
#include <gtest/gtest.h>

#include <cmath>

#include "tests/sim/record_helpers.hpp"
#include "tests/sim/rollout_driver.hpp"
#include "tests/sim/scenario_builder.hpp"

namespace gwsim {
namespace {

using testing::basic_scenario;
using testing::day;
using testing::demand_scenario;
using testing::drive;
using testing::row_at;

const StateRow& site_row_at(const RunRecord& r, models::Date d, int hour = -1) {
  for (const StateRow& row : r.sites) {
    if (row.date == d && row.hour == hour) return row;
  }
  throw std::logic_error("no site row");
}

// Two transformers promised for 2026-01-20, installed in 5 days: the grid step dated 2026-01-01 is energized on
// 2026-01-25. The racks complete on Jan 7-10 wait for it, held by grid_equipment (the stated grid would carry them).
TEST(Power, GridStepWaitsForItsTransformers) {
  Scenario s = basic_scenario();
  EquipmentLine line;
  line.name = "transformers";
  line.lead_time_days = 0;
  line.installation_days = 5;
  line.deliveries = {{day(2026, 1, 20), 2}};
  s.equipment.supply_lines.push_back(line);
  s.sites[0].grid_equipment.push_back({0, "transformers", 2, day(2025, 12, 1), 0});
  const RunRecord r = drive(s);
  EXPECT_EQ(r.first_tokens_date, "2026-01-25");
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 24)).grid_capacity_mw, 0.0);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 25)).grid_capacity_mw, 100.0);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 12)).held.grid_equipment, 40);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 12)).held.grid_power, 0);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 12)).binding, Constraint::kGridEquipment);
  EXPECT_EQ(row_at(r.timeline, day(2026, 1, 25)).live.racks, 40);
  EXPECT_EQ(r.site_outcomes[0].equipment_installed_date, "2026-01-25");
  ASSERT_FALSE(r.milestones.empty());
  EXPECT_EQ(r.milestones[0].gate, models::Gate::kGridEquipment);
  EXPECT_EQ(r.milestones[0].item, "transformers");
}

// The line delivers 2 of the 3 transformers ordered: the step is never energized, and the last day says so with an
// equipment_short event (1 unit never delivered, of 3 ordered).
TEST(Power, AnOrderTheLineCannotFillIsAnEventOnTheLastDay) {
  Scenario s = basic_scenario();
  EquipmentLine line;
  line.name = "transformers";
  line.installation_days = 5;
  line.deliveries = {{day(2026, 1, 20), 2}};
  s.equipment.supply_lines.push_back(line);
  s.sites[0].grid_equipment.push_back({0, "transformers", 3, day(2025, 12, 1), 0});
  const RunRecord r = drive(s);
  EXPECT_TRUE(r.first_tokens_date.empty());
  std::size_t found = 0;
  for (const Event& e : r.events) {
    if (e.kind != EventKind::kEquipmentShort) continue;
    ++found;
    EXPECT_EQ(e.date, s.end);
    EXPECT_EQ(e.item, "transformers");
    EXPECT_EQ(e.value, 1.0);
    EXPECT_EQ(e.value2.value_or(0.0), 3.0);
  }
  EXPECT_EQ(found, 1u);
}

// The grid comes on 2026-02-15 (first tokens then, without generation). A bridge of 2 x 2 MW (availability 1,
// heat rate 10 MMBtu/MWh, $4/MMBtu, 50 kg/MMBtu) in service from the start adds 4 MW of firm facility power:
// 4 MW / 156.25 kW = 25.6 racks, so pods 1 and 2 (20 racks) go live on Jan 7 and 8 as they complete, 39 and 38
// days earlier; pods 3 and 4 wait for the grid. The bridge serves the whole load until then (no grid):
//   10 racks at 50% utilization: 10 x (30 + 0.5 x 70) kW = 0.65 MW of racks / 0.8 x 1.25 = 1.015625 MW;
//   20 racks: 2.03125 MW. Fuel: Jan 7 1.015625 x 24 x 10 = 243.75 MMBtu; Jan 8 - Feb 14 (38 days) 487.5 a day,
//   18,525: 18,768.75 MMBtu, $75,075, 938.4375 tCO2. On Feb 15 the bridge retires and the grid carries all 40.
TEST(Power, BridgeGenerationBringsRacksForwardAndBurnsFuel) {
  Scenario s = basic_scenario();
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 2, 15), 100e6, 0.0}});
  const RunRecord without = drive(s);
  EXPECT_EQ(without.first_tokens_date, "2026-02-15");

  OnsiteGeneration bridge;
  bridge.fleet.name = "bridge";
  bridge.fleet.unit_mw = 2.0;
  bridge.fleet.unit_count = 2;
  bridge.fleet.availability = 1.0;
  bridge.fleet.heat_rate_mmbtu_per_mwh = 10.0;
  bridge.fleet.fuel_cost_usd_per_mmbtu = models::Schedule(4.0, {});
  bridge.fleet.emission_kg_co2_per_mmbtu = 50.0;
  bridge.fleet.in_service = day(2026, 1, 1);
  bridge.fleet.role = models::GenerationRole::kBridge;
  bridge.bridges_step = 0;
  s.sites[0].generation.push_back(bridge);
  const RunRecord with = drive(s);
  EXPECT_EQ(with.first_tokens_date, "2026-01-07");
  EXPECT_EQ(models::days_between(models::parse_iso_date(with.first_tokens_date).value(),
                                 models::parse_iso_date(without.first_tokens_date).value()),
            39);
  EXPECT_EQ(row_at(with.timeline, day(2026, 1, 8)).live.racks, 20);
  EXPECT_EQ(row_at(with.timeline, day(2026, 2, 14)).live.racks, 20);
  EXPECT_EQ(row_at(with.timeline, day(2026, 2, 15)).live.racks, 40);
  EXPECT_NEAR(row_at(with.timeline, day(2026, 1, 20)).onsite_generation_mw, 2.03125, 1e-9);
  const StateRow& before_grid = row_at(with.timeline, day(2026, 2, 14));
  EXPECT_NEAR(before_grid.fuel_mmbtu, 18768.75, 1e-3);
  EXPECT_NEAR(before_grid.fuel_cost_usd, 75075.0, 1e-2);
  EXPECT_NEAR(before_grid.co2_generation_t, 938.4375, 1e-4);
  EXPECT_NEAR(before_grid.generation_energy_mwh, 1876.875, 1e-4);
  EXPECT_NEAR(before_grid.co2_t, 0.0, 1e-3);  // no grid energy before Feb 15 (bar the milliseconds before a step)
  EXPECT_NEAR(with.final_state.fuel_mmbtu, 18768.75, 1e-3);  // the bridge retired on Feb 15
  EXPECT_EQ(row_at(with.timeline, day(2026, 3, 1)).onsite_generation_mw, 0.0);
}

// Hourly run: grid 5 MW, racks at full load (30 live: 5 MW / 156.25 kW = 32, in whole pods), a 1 MW / 4 MWh battery
// (round trip 81%: 0.9 each way, reserve 25%: 1 MWh) full before the grid drops to 4 MW on Jan 20. The racks'
// 4.6875 MW then exceed the grid; the power cap's budget counts what the battery can hold for the hour above its
// reserve, min(1, (S - 1) x 0.9), and caps whole pods (80% power) when the racks exceed it:
//   hours 0-2: budget 5 MW, no cap, D = 0.6875 MW; S = 4 - 3 x 0.6875 / 0.9 = 1.708333 MWh;
//   hour 3: budget 4 + 0.6375 -> 2.968 MW of racks < 3 MW: one pod capped, 10 x 80 + 20 x 100 kW = 2.8 MW of racks,
//           4.375 MW of facility power, D = 0.375, S = 1.708333 - 0.375 / 0.9 = 1.291667;
//   hour 4: budget 4 + 0.2625 -> 2.728 MW of racks: two pods capped, 2.6 MW, 4.0625 MW, D = 0.0625, S = 1.222222.
// Every hourly row: facility = grid + generation + discharge - charge (no losses); the state of charge within
// [0, 4], and never below the reserve once full.
TEST(Power, BatteryShavesThePeakDownToItsReserveHourByHour) {
  Scenario s = basic_scenario();
  s.end = day(2026, 1, 25);
  s.output_step = OutputStep{0, 0, 1};
  s.utilization = models::Schedule(1.0, {});
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 1), 5e6, 0.0}, {day(2026, 1, 20), 4e6, 0.0}});
  s.sites[0].battery.stated = true;
  s.sites[0].battery.battery = models::Battery{1.0, 4.0, 0.81, 0.25, true};
  s.sites[0].battery.in_service = day(2026, 1, 1);
  const RunRecord r = drive(s);
  EXPECT_NEAR(site_row_at(r, day(2026, 1, 19), 23).battery_soc_mwh, 4.0, 1e-9);
  EXPECT_NEAR(site_row_at(r, day(2026, 1, 20), 0).battery_discharge_mw, 0.6875, 1e-9);
  EXPECT_NEAR(site_row_at(r, day(2026, 1, 20), 2).battery_soc_mwh, 4.0 - 3 * 0.6875 / 0.9, 1e-9);
  EXPECT_NEAR(site_row_at(r, day(2026, 1, 20), 3).battery_discharge_mw, 0.375, 1e-9);
  EXPECT_NEAR(site_row_at(r, day(2026, 1, 20), 3).battery_soc_mwh, 4.0 - 3 * 0.6875 / 0.9 - 0.375 / 0.9, 1e-9);
  EXPECT_NEAR(site_row_at(r, day(2026, 1, 20), 4).battery_discharge_mw, 0.0625, 1e-9);
  EXPECT_NEAR(site_row_at(r, day(2026, 1, 20), 4).battery_soc_mwh, 1.0 + 2.0 / 9.0, 1e-9);
  for (const StateRow& row : r.sites) {
    const double supplied =
        row.grid_import_mw + row.onsite_generation_mw + row.battery_discharge_mw - row.battery_charge_mw;
    EXPECT_NEAR(row.facility_power_mw, supplied, 1e-9) << models::to_iso(row.date) << " " << row.hour;
    EXPECT_GE(row.battery_soc_mwh, 0.0);
    EXPECT_LE(row.battery_soc_mwh, 4.0 + 1e-12);
    EXPECT_FALSE(row.battery_charge_mw > 0.0 && row.battery_discharge_mw > 0.0);
    if (row.date >= day(2026, 1, 19)) {
      EXPECT_GE(row.battery_soc_mwh, 1.0 - 1e-12);
    }
  }
}

// A training job reserving half of the fleet swings 40% of its power. The swing is on GPU-rack power: with 40 racks
// live (4 MW of GPU racks at peak), S = 0.4 x 0.5 x 4 = 0.8 MW (not the facility's 6.25 MW: cooling and non-GPU IT
// do not swing). With nothing to cover it the job is capped by exactly 0.8 MW; with 0.5 MW of swing headroom held,
// by 0.3 MW.
TEST(Power, UncoveredSwingCapsExactlyWhatIsNotCovered) {
  Scenario s = basic_scenario();
  s.demand.stated = true;
  s.demand.spec.basis = models::DemandBasis::kPflops;
  s.demand.spec.pflops = models::Schedule(0.0, {});
  s.demand.training.push_back({"run", day(2026, 1, 1), 60.0, 0.5});
  s.demand.training_swings.push_back({0.0, 0.4, 1.0});
  const RunRecord bare = drive(s);
  EXPECT_NEAR(row_at(bare.timeline, day(2026, 1, 15)).swing_capped_mw, 0.8, 1e-9);
  EXPECT_NEAR(bare.swing.peak_swing_mw, 0.8, 1e-9);
  EXPECT_NEAR(bare.swing.peak_capped_mw, 0.8, 1e-9);
  // The job runs Jan 1 - Mar 1 (60 days); pods of 10 racks go live on Jan 7, 8, 9 and 10, so S is 0.2, 0.4, 0.6,
  // then 0.8 MW to Mar 1: capped on 25 + 28 + 1 = 54 days, 24 h x (0.2 + 0.4 + 0.6 + 51 x 0.8) = 1,008 MW x h.
  EXPECT_EQ(bare.swing.capped_days, 54);
  EXPECT_NEAR(bare.swing.capped_mwh, 1008.0, 1e-6);
  EXPECT_EQ(bare.site_outcomes[0].swing.capped_days, 54);
  s.sites[0].swing_headroom_w = 0.5e6;
  const RunRecord r = drive(s);
  EXPECT_NEAR(row_at(r.timeline, day(2026, 1, 15)).swing_capped_mw, 0.3, 1e-9);
  EXPECT_NEAR(r.swing.peak_headroom_mw, 0.5, 1e-9);
  EXPECT_EQ(row_at(r.timeline, day(2026, 3, 15)).swing_capped_mw, 0.0);  // the job ended on Mar 1
  // K = S - 0.5: 0 on Jan 7 and 8, 0.1 on Jan 9, 0.3 from Jan 10 to Mar 1 (51 days): 52 days,
  // 24 h x (0.1 + 51 x 0.3) = 369.6 MW x h.
  EXPECT_EQ(r.swing.capped_days, 52);
  EXPECT_NEAR(r.swing.capped_mwh, 369.6, 1e-6);
}

// A job stated in PFLOPS swings on the racks its PFLOPS occupy: 40 racks of 10 PFLOPS live are 400 PFLOPS; a job of
// 100 PFLOPS reserves 100 / 10 = 10 racks, 10 x 100 kW = 1 MW of GPU racks, and swinging 40% caps 0.4 MW with
// nothing to cover it. A job asking 600 PFLOPS of the 400 live takes every rack: 4 MW, capped 1.6 MW.
TEST(Power, SwingOfAJobInPflopsComesFromTheRacksItReserves) {
  Scenario s = demand_scenario(0.0);
  s.demand.training.push_back({"run", day(2026, 1, 1), 60.0, 0.0, 100.0});
  s.demand.training_swings.push_back({0.0, 0.4, 1.0});
  EXPECT_NEAR(row_at(drive(s).timeline, day(2026, 1, 15)).swing_capped_mw, 0.4, 1e-9);
  s.demand.training[0].pflops = 600.0;
  EXPECT_NEAR(row_at(drive(s).timeline, day(2026, 1, 15)).swing_capped_mw, 1.6, 1e-9);
  // The same in an hourly run.
  s.end = day(2026, 1, 20);
  s.output_step = OutputStep{0, 0, 1};
  EXPECT_NEAR(site_row_at(drive(s), day(2026, 1, 15), 9).swing_capped_mw, 1.6, 1e-9);
}

// The swing tests' battery at site 0: 0.5 MW / 4 MWh, round trip 0.81, reserve 25%, full on 2026-01-01.
void add_full_battery(Scenario& s) {
  s.sites[0].battery.stated = true;
  s.sites[0].battery.battery = models::Battery{0.5, 4.0, 0.81, 0.25, true};
  s.sites[0].battery.in_service = day(2026, 1, 1);
  s.sites[0].battery.initial_charge = 1.0;
}

// A full, idle battery offers all its power to a swing, in daily and hourly runs alike: P = 0.5 MW, 4 MWh full, on
// an ample grid (no discharge for the load). S = 0.4 x 0.5 x 4 MW = 0.8 MW; B = P - D = 0.5 - 0 = 0.5, so the cap is
// 0.8 - 0.5 = 0.3 MW and the battery covers 0.5 MW. (Offering P less what the battery could give over the step
// would leave 0.5 - min(0.5, 3 x 0.9 / 1 h) = 0 in an hourly run.)
TEST(Power, AFullIdleBatteryCoversSwingsInDailyAndHourlyRuns) {
  for (const bool hourly : {false, true}) {
    Scenario s = demand_scenario(0.0);
    s.end = day(2026, 1, 20);
    if (hourly) s.output_step = OutputStep{0, 0, 1};
    s.demand.training.push_back({"run", day(2026, 1, 1), 60.0, 0.5});
    s.demand.training_swings.push_back({0.0, 0.4, 1.0});
    add_full_battery(s);
    const RunRecord r = drive(s);
    const StateRow& row = hourly ? site_row_at(r, day(2026, 1, 15), 9) : site_row_at(r, day(2026, 1, 15));
    EXPECT_NEAR(row.battery_discharge_mw, 0.0, 1e-12) << hourly;
    EXPECT_NEAR(row.swing_capped_mw, 0.3, 1e-9) << hourly;
    EXPECT_NEAR(r.site_outcomes[0].swing.peak_battery_mw, 0.5, 1e-9) << hourly;
  }
}

// When the battery is shaving the step's peak, the swing gets what is left: P - D. Hourly, 30 racks live at full
// load (grid 5 MW: 32 racks, whole pods of 10), 4.6875 MW of facility power; the grid drops to 4.5 MW on Jan 20.
// A 0.5 MW / 4 MWh battery, full, reserve 25%: the power cap's budget adds min(0.5, 3 x 0.9 / 1) = 0.5 MW, so the
// racks still run at full load, and the battery gives D = 4.6875 - 4.5 = 0.1875 MW. A job reserving half of the
// racks swings 40%: S = 0.4 x 0.5 x 3 MW = 0.6 MW; B = 0.5 - 0.1875 = 0.3125; K = 0.6 - 0.3125 = 0.2875 MW.
TEST(Power, ABatteryShavingThePeakOffersTheSwingWhatIsLeft) {
  Scenario s = demand_scenario(1e9);
  s.end = day(2026, 1, 21);
  s.output_step = OutputStep{0, 0, 1};
  s.sites[0].grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 1), 5e6, 0.0}, {day(2026, 1, 20), 4.5e6, 0.0}});
  s.demand.training.push_back({"run", day(2026, 1, 1), 60.0, 0.5});
  s.demand.training_swings.push_back({0.0, 0.4, 1.0});
  add_full_battery(s);
  const RunRecord r = drive(s);
  EXPECT_EQ(site_row_at(r, day(2026, 1, 19), 23).live.racks, 30);
  EXPECT_NEAR(site_row_at(r, day(2026, 1, 19), 23).swing_capped_mw, 0.1, 1e-9);  // 0.6 - 0.5, nothing discharging
  EXPECT_NEAR(site_row_at(r, day(2026, 1, 20), 0).swing_capped_mw, 0.2875, 1e-9);
}

}  // namespace
}  // namespace gwsim
