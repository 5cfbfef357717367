// Unit tests for models/generation: modes by date and role, available and firm capacity, dispatch, fuel, cost and
// CO2, and a site's fleets together. Expected values are computed by hand in the comments.
#include "models/generation.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace gwsim::models {
namespace {

Date d(int y, int m, int day) { return date_from_civil(y, m, day); }

// The header's fleet: 10 x 35 MW, availability 0.9, cap 300 MW, 17.5 MW/min per unit, 9.5 MMBtu/MWh, $3.52/MMBtu,
// 53.06 kg CO2/MMBtu, in service 2026-06-01, retired 2031-01-01.
GenerationFleet example_fleet() {
  GenerationFleet f;
  f.name = "aeroderivative";
  f.unit_mw = 35.0;
  f.unit_count = 10;
  f.availability = 0.9;
  f.unit_ramp_mw_per_min = 17.5;
  f.heat_rate_mmbtu_per_mwh = 9.5;
  f.fuel_cost_usd_per_mmbtu = Schedule(3.52, {});
  f.emission_kg_co2_per_mmbtu = 53.06;
  f.permitted_cap_mw = 300.0;
  f.in_service = d(2026, 6, 1);
  f.retirement = d(2031, 1, 1);
  f.role = GenerationRole::kFirm;
  return f;
}

// Products of a few decimals held exactly in binary to ~1e-16 relative; 1e-6 absolute is far below any formula
// error at these magnitudes (1e6 MWh, 1e7 MMBtu, 1e7 USD).
constexpr double kTol = 1e-6;

TEST(Generation, WorkedExample) {
  const GenerationFleet f = example_fleet();
  const Date day = d(2027, 1, 1);
  // A = min(300, 10 x 35 x 0.9 = 315) = 300 MW.
  EXPECT_NEAR(available_mw(f, day), 300.0, kTol);
  EXPECT_NEAR(firm_capacity_mw(f, day), 300.0, kTol);
  EXPECT_DOUBLE_EQ(backup_capacity_mw(f, day), 0.0);
  // R = 10 x 0.9 x 17.5 = 157.5 MW/min.
  EXPECT_NEAR(ramp_mw_per_min(f, day), 157.5, kTol);
  EXPECT_NEAR(dispatch_mw(f, day, 250.0), 250.0, kTol);
  EXPECT_NEAR(dispatch_mw(f, day, 400.0), 300.0, kTol);
  EXPECT_DOUBLE_EQ(dispatch_mw(f, day, -5.0), 0.0);
  // 240 MW for 180 days = 4,320 h: 240 x 4,320 = 1,036,800 MWh; x 9.5 = 9,849,600 MMBtu.
  const double fuel = fuel_mmbtu(f, 240.0, 180.0 * 24.0);
  EXPECT_NEAR(fuel, 9'849'600.0, kTol);
  // 9,849,600 x 3 = 29,548,800; x 0.52 = 5,121,792; total $34,670,592.
  EXPECT_NEAR(fuel_cost_usd(f, fuel, day), 34'670'592.0, kTol);
  // 9,849,600 x 53.06 = 522,619,776 kg = 522,619.776 t.
  EXPECT_NEAR(co2_tonnes(f, fuel), 522'619.776, kTol);
}

TEST(Generation, NoCapMeansNameplateTimesAvailability) {
  GenerationFleet f = example_fleet();
  f.permitted_cap_mw.reset();
  EXPECT_NEAR(available_mw(f, d(2027, 1, 1)), 315.0, kTol);
  // N-1 planning: availability (n - 1) / n = 0.9 for 10 units is exactly one unit out.
  f.availability = 9.0 / 10.0;
  EXPECT_NEAR(available_mw(f, d(2027, 1, 1)), 9.0 * 35.0, kTol);
}

TEST(Generation, InServiceAndRetirementBoundaries) {
  const GenerationFleet f = example_fleet();
  EXPECT_EQ(generation_mode(f, d(2026, 5, 31)), GenerationMode::kOff);
  EXPECT_EQ(generation_mode(f, d(2026, 6, 1)), GenerationMode::kFirm);
  EXPECT_EQ(generation_mode(f, d(2030, 12, 31)), GenerationMode::kFirm);
  EXPECT_EQ(generation_mode(f, d(2031, 1, 1)), GenerationMode::kOff);
  // Off: nothing available, no ramp, no output.
  EXPECT_DOUBLE_EQ(available_mw(f, d(2026, 5, 31)), 0.0);
  EXPECT_DOUBLE_EQ(ramp_mw_per_min(f, d(2031, 1, 1)), 0.0);
  EXPECT_DOUBLE_EQ(dispatch_mw(f, d(2031, 1, 1), 100.0), 0.0);
}

TEST(Generation, BridgeRetiresOrBecomesBackupWhenItsGridIsEnergized) {
  GenerationFleet f = example_fleet();
  f.role = GenerationRole::kBridge;
  f.bridge_until = d(2027, 6, 1);
  // Before the grid step energizes the bridge counts as firm; from that day it retires...
  EXPECT_EQ(generation_mode(f, d(2027, 5, 31)), GenerationMode::kFirm);
  EXPECT_NEAR(firm_capacity_mw(f, d(2027, 5, 31)), 300.0, kTol);
  f.after_bridge = AfterBridge::kRetire;
  EXPECT_EQ(generation_mode(f, d(2027, 6, 1)), GenerationMode::kOff);
  EXPECT_DOUBLE_EQ(firm_capacity_mw(f, d(2027, 6, 1)), 0.0);
  // ... or stays as backup: not firm any more, but available when the grid falls short.
  f.after_bridge = AfterBridge::kBackup;
  EXPECT_EQ(generation_mode(f, d(2027, 6, 1)), GenerationMode::kBackup);
  EXPECT_DOUBLE_EQ(firm_capacity_mw(f, d(2027, 6, 1)), 0.0);
  EXPECT_NEAR(backup_capacity_mw(f, d(2027, 6, 1)), 300.0, kTol);
  // Its retirement date still ends it.
  EXPECT_EQ(generation_mode(f, d(2031, 1, 1)), GenerationMode::kOff);
  // A grid that is never energized: the bridge stays firm until it retires.
  f.bridge_until.reset();
  EXPECT_EQ(generation_mode(f, d(2030, 12, 31)), GenerationMode::kFirm);
}

TEST(Generation, BackupIsNeverFirm) {
  GenerationFleet f = example_fleet();
  f.role = GenerationRole::kBackup;
  EXPECT_EQ(generation_mode(f, d(2027, 1, 1)), GenerationMode::kBackup);
  EXPECT_DOUBLE_EQ(firm_capacity_mw(f, d(2027, 1, 1)), 0.0);
  EXPECT_NEAR(backup_capacity_mw(f, d(2027, 1, 1)), 300.0, kTol);
  // It still dispatches the shortfall it is given.
  EXPECT_NEAR(dispatch_mw(f, d(2027, 1, 1), 120.0), 120.0, kTol);
}

TEST(Generation, FuelPricePerPeriod) {
  GenerationFleet f = example_fleet();
  // $3.52 until 2026-12-31, $4.00 in 2027, $3.00 from 2028 (steps, no ramps).
  f.fuel_cost_usd_per_mmbtu =
      Schedule(3.52, {SchedulePoint{d(2027, 1, 1), 4.0, 0.0}, SchedulePoint{d(2028, 1, 1), 3.0, 0.0}});
  EXPECT_NEAR(fuel_cost_usd(f, 1000.0, d(2026, 12, 31)), 3520.0, kTol);
  EXPECT_NEAR(fuel_cost_usd(f, 1000.0, d(2027, 1, 1)), 4000.0, kTol);
  EXPECT_NEAR(fuel_cost_usd(f, 1000.0, d(2028, 7, 1)), 3000.0, kTol);
}

TEST(Generation, SiteTotalsAndSplitInListedOrder) {
  // Firm fleet 300 MW (above), a bridge 2 x 50 MW at availability 1 until 2027-06-01 then backup, and a backup
  // fleet 4 x 10 MW at availability 0.5 (20 MW, 4 x 0.5 x 5 = 10 MW/min).
  GenerationFleet bridge = example_fleet();
  bridge.unit_mw = 50.0;
  bridge.unit_count = 2;
  bridge.availability = 1.0;
  bridge.unit_ramp_mw_per_min = 10.0;
  bridge.permitted_cap_mw.reset();
  bridge.role = GenerationRole::kBridge;
  bridge.after_bridge = AfterBridge::kBackup;
  bridge.bridge_until = d(2027, 6, 1);
  GenerationFleet backup = example_fleet();
  backup.unit_mw = 10.0;
  backup.unit_count = 4;
  backup.availability = 0.5;
  backup.unit_ramp_mw_per_min = 5.0;
  backup.permitted_cap_mw.reset();
  backup.role = GenerationRole::kBackup;
  const std::vector<GenerationFleet> fleets{example_fleet(), bridge, backup};

  // 2027-01-01: firm 300 + 100 = 400 MW, backup 20 MW, ramp 157.5 + 2 x 10 + 10 = 187.5 MW/min.
  const SiteGeneration before = site_generation(fleets, d(2027, 1, 1));
  EXPECT_NEAR(before.firm_mw, 400.0, kTol);
  EXPECT_NEAR(before.backup_mw, 20.0, kTol);
  EXPECT_NEAR(before.ramp_mw_per_min, 187.5, kTol);
  // 2027-06-01: the bridge is backup: firm 300, backup 100 + 20 = 120.
  const SiteGeneration after = site_generation(fleets, d(2027, 6, 1));
  EXPECT_NEAR(after.firm_mw, 300.0, kTol);
  EXPECT_NEAR(after.backup_mw, 120.0, kTol);

  // Before: firm output 350 fills the first fleet (300), then the bridge (50); backup output 15 goes to the backup
  // fleet.
  const std::vector<double> split_before = split_output_mw(fleets, d(2027, 1, 1), 350.0, 15.0);
  EXPECT_NEAR(split_before[0], 300.0, kTol);
  EXPECT_NEAR(split_before[1], 50.0, kTol);
  EXPECT_NEAR(split_before[2], 15.0, kTol);
  // After: firm 120 goes to the first fleet alone; backup 110 fills the former bridge (100), then 10 of the last.
  const std::vector<double> split_after = split_output_mw(fleets, d(2027, 6, 1), 120.0, 110.0);
  EXPECT_NEAR(split_after[0], 120.0, kTol);
  EXPECT_NEAR(split_after[1], 100.0, kTol);
  EXPECT_NEAR(split_after[2], 10.0, kTol);
}

}  // namespace
}  // namespace gwsim::models
