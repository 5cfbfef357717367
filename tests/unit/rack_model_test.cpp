// Unit tests for models/rack_model: racks per hall, per facility-power target, and admitted by a grid.
#include "models/rack_model.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace gwsim::models {
namespace {

PowerChain example_chain() { return PowerChain{1.2, 0.15, 0.1, 0.01}; }  // p, s, h, l of the header example

Platform liquid_rack(double peak_w) {
  Platform p;
  p.id = "liquid";
  p.peak_power_w = peak_w;
  p.idle_power_w = 0.3 * peak_w;
  p.cooling = Cooling::kLiquid;
  return p;
}

Platform vera_rubin() { return liquid_rack(227'000.0); }

Platform hgx_h100() {
  Platform p = liquid_rack(40'800.0);  // 4 x 10.2 kW, configs/platforms.yaml
  p.id = "hgx_h100";
  p.cooling = Cooling::kAir;
  return p;
}

HallLimits hall(double it_w, double cooling_w, Cooling cooling = Cooling::kLiquid) {
  return HallLimits{it_w, cooling_w, cooling};
}

// Facility power of one Vera Rubin rack: 1.2 * 227,000 / 0.85 = 320,470.588... W.
double vr_facility_w() { return facility_power_per_rack(example_chain(), 227'000.0); }

TEST(RackModel, WorkedExampleFromHeader) {
  const PowerChain chain = example_chain();
  // Hall: min(100, 110) MW = 100 MW; 100e6 * 0.85 / 227e3 = 85,000 / 227 = 374.45 -> 374 racks.
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(100e6, 110e6)), 374);
  // Target: 1e9 / 320,470.588 = 3120.41 -> 3120 (3120 * 320,470.588 = 999,868,235 <= 1e9 < 3121 * ...).
  EXPECT_EQ(racks_for_facility_power(chain, vera_rubin(), 1e9), 3120);
  // Grid: F_max = 1000 MW * 0.9 * 0.99 = 891 MW; spare 891 - 500 = 391 MW;
  // 391e6 / 320,470.588 = 1220.08 -> 1220.
  EXPECT_EQ(racks_admitted_by_grid(chain, vera_rubin(), 1e9, 500e6), 1220);
}

TEST(RackModel, CoolingTighterThanPower) {
  const PowerChain chain = example_chain();
  // min(100, 50) MW = 50 MW of cooling; 50e6 * 0.85 / 227e3 = 42,500 / 227 = 187.22 -> 187.
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(100e6, 50e6)), 187);
  // Swapping the two limits gives the same answer: the tighter one binds.
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(50e6, 100e6)), 187);
}

TEST(RackModel, AirHallRefusesLiquidRacks) {
  const PowerChain chain = example_chain();
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(100e6, 100e6, Cooling::kAir)), 0);
  // An air-cooled rack fits an air hall: 10e6 * 0.85 / 40,800 = 8,500 / 40.8 = 208.33 -> 208.
  EXPECT_EQ(racks_fitting_hall(chain, hgx_h100(), hall(10e6, 10e6, Cooling::kAir)), 208);
  // The model lets an air-cooled rack into a liquid hall (only liquid-in-air is refused).
  EXPECT_EQ(racks_fitting_hall(chain, hgx_h100(), hall(10e6, 10e6, Cooling::kLiquid)), 208);
}

TEST(RackModel, HallAlreadyPartlyUsed) {
  const PowerChain chain = example_chain();
  // A 100 MW IT hall has 100e6 * 0.85 = 85 MW for GPU racks at peak.
  // 100 Vera Rubin racks already in it use 100 * 227 kW = 22.7 MW: (85 - 22.7) MW / 227 kW = 274.45 -> 274 = 374 - 100.
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(100e6, 110e6), 100 * 227'000.0), 274);
  // Racks of another platform count by their peak power: 50 Rubin Ultra at 600 kW = 30 MW;
  // (85 - 30) MW / 227 kW = 55,000 / 227 = 242.29 -> 242.
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(100e6, 110e6), 50 * 600'000.0), 242);
  // 373 racks in: 85e6 - 373 * 227e3 = 85e6 - 84.671e6 = 329 kW left -> 1 more; 374 in: 102 kW left -> 0.
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(100e6, 110e6), 373 * 227'000.0), 1);
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(100e6, 110e6), 374 * 227'000.0), 0);
  // Full, or over-full (e.g. the budget shrank): 0, never negative.
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(100e6, 110e6), 85e6), 0);
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(100e6, 110e6), 90e6), 0);
  // The default (nothing used) is the empty hall.
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(100e6, 110e6), 0.0), 374);
}

TEST(RackModel, HallTooSmallOrEmpty) {
  const PowerChain chain = example_chain();
  // One rack needs 227,000 / 0.85 = 267,058.8 W of hall IT capacity; 267,000 W is not enough.
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(267'000.0, 1e9)), 0);
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(0.0, 0.0)), 0);
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(100e6, 0.0)), 0);  // no cooling, no racks
}

TEST(RackModel, ExactIntegerBoundaryWithCleanNumbers) {
  // p = 1, s = 0: a 1 MW hall holds exactly 1e6 / 100e3 = 10 racks of 100 kW; one watt less holds 9.
  const PowerChain plain{1.0, 0.0, 0.0, 0.0};
  const Platform rack = liquid_rack(100'000.0);
  EXPECT_EQ(racks_fitting_hall(plain, rack, hall(1e6, 1e6)), 10);
  EXPECT_EQ(racks_fitting_hall(plain, rack, hall(1e6 - 1.0, 1e6)), 9);
  EXPECT_EQ(racks_for_facility_power(plain, rack, 1e6), 10);
  EXPECT_EQ(racks_for_facility_power(plain, rack, 1e6 - 1.0), 9);
  // Grid 2 MW, 1 MW live: spare 1 MW -> exactly 10.
  EXPECT_EQ(racks_admitted_by_grid(plain, rack, 2e6, 1e6), 10);
  EXPECT_EQ(racks_admitted_by_grid(plain, rack, 2e6, 1e6 + 1.0), 9);
}

TEST(RackModel, ExactIntegerBoundaryForgivesRoundingError) {
  const PowerChain chain = example_chain();
  // A hall sized for exactly one rack: IT = 227,000 / 0.85. In doubles, IT * 0.85 / 227,000 lands just below 1
  // (0.99999999999999989), so a plain floor() would give 0; the model must give 1.
  const double one_rack_it_w = 227'000.0 / (1.0 - 0.15);
  ASSERT_LT(one_rack_it_w * (1.0 - 0.15) / 227'000.0, 1.0);  // premise: this case does exercise the tolerance
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(one_rack_it_w, one_rack_it_w)), 1);
  // Same for 35 racks (another case where the ratio rounds below the integer).
  const double racks35_it_w = 35.0 * 227'000.0 / (1.0 - 0.15);
  ASSERT_LT(racks35_it_w * (1.0 - 0.15) / 227'000.0, 35.0);
  EXPECT_EQ(racks_fitting_hall(chain, vera_rubin(), hall(racks35_it_w, racks35_it_w)), 35);

  // A facility target of exactly 15 racks' facility power: 15 * F / F rounds just below 15 in doubles.
  const double f = vr_facility_w();
  ASSERT_LT(15.0 * f / f, 15.0);
  EXPECT_EQ(racks_for_facility_power(chain, vera_rubin(), 15.0 * f), 15);
  EXPECT_EQ(racks_for_facility_power(chain, vera_rubin(), 3120.0 * f), 3120);

  // A grid with exactly one rack of spare facility power: live = 891 MW - F.
  const double live_w = facility_limit_from_grid(chain, 1e9) - f;
  ASSERT_LT((facility_limit_from_grid(chain, 1e9) - live_w) / f, 1.0);
  EXPECT_EQ(racks_admitted_by_grid(chain, vera_rubin(), 1e9, live_w), 1);

  // The tolerance is only relative 1e-12: 0.1% short of an integer still rounds down.
  EXPECT_EQ(racks_for_facility_power(chain, vera_rubin(), 15.0 * f * 0.999), 14);
}

TEST(RackModel, GridWithTinySpareAdmitsNothing) {
  const PowerChain chain = example_chain();
  // F_max = 891 MW; live 891 MW - 1 kW leaves 1 kW, far less than one rack's 320.47 kW.
  EXPECT_EQ(racks_admitted_by_grid(chain, vera_rubin(), 1e9, 891e6 - 1e3), 0);
  // Spare of one rack minus a watt -> 0.
  EXPECT_EQ(racks_admitted_by_grid(chain, vera_rubin(), 1e9, 891e6 - (vr_facility_w() - 1.0)), 0);
  // No spare at all.
  EXPECT_EQ(racks_admitted_by_grid(chain, vera_rubin(), 1e9, 891e6), 0);
}

TEST(RackModel, GridWithNegativeSpareAdmitsNothing) {
  const PowerChain chain = example_chain();
  // Live 900 MW exceeds F_max = 891 MW (e.g. after the interconnect was cut): spare -9 MW -> 0, never negative.
  EXPECT_EQ(racks_admitted_by_grid(chain, vera_rubin(), 1e9, 900e6), 0);
  EXPECT_EQ(racks_admitted_by_grid(chain, vera_rubin(), 0.0, 500e6), 0);
  EXPECT_EQ(racks_admitted_by_grid(chain, vera_rubin(), 0.0, 0.0), 0);
}

TEST(RackModel, FacilityTargetEdgeCases) {
  const PowerChain chain = example_chain();
  EXPECT_EQ(racks_for_facility_power(chain, vera_rubin(), 0.0), 0);
  EXPECT_EQ(racks_for_facility_power(chain, vera_rubin(), -1e6), 0);
  // Rubin Ultra at 600 kW: F = 1.2 * 600,000 / 0.85 = 847,058.8 W; 1e9 / 847,058.8 = 1180.56 -> 1180.
  EXPECT_EQ(racks_for_facility_power(chain, liquid_rack(600'000.0), 1e9), 1180);
}

}  // namespace
// Ordering rounds up, so a tranche's racks reach its target when they are all live.
TEST(RackModel, RacksToReachATargetRoundUp) {
  const PowerChain chain{1.2, 0.15, 0.1, 0.01};
  // 1e9 / 320,470.588 W = 3120.41 -> 3121 racks (3121 x 320,470.588 = 1,000,188,706 W >= 1 GW).
  EXPECT_EQ(racks_to_reach_facility_power(chain, vera_rubin(), 1e9), 3121);
  // Plain numbers: 100 kW racks, PUE 1, no non-GPU share: 1 MW takes exactly 10, 1 MW + 1 W takes 11.
  const PowerChain plain{1.0, 0.0, 0.0, 0.0};
  const Platform rack = liquid_rack(100'000.0);
  EXPECT_EQ(racks_to_reach_facility_power(plain, rack, 1e6), 10);
  EXPECT_EQ(racks_to_reach_facility_power(plain, rack, 1e6 + 1.0), 11);
  EXPECT_EQ(racks_to_reach_facility_power(plain, rack, 0.0), 0);
  // An exact multiple reached through rounding stays exact: 15 racks' worth of facility power needs 15.
  const double f = facility_power_per_rack(chain, 227'000.0);
  EXPECT_EQ(racks_to_reach_facility_power(chain, vera_rubin(), 15.0 * f), 15);
}

// Hall budget for GPU racks: min(100 MW, 110 MW) x (1 - 0.15) = 85 MW; cooling-bound min(100, 50) x 0.85 = 42.5 MW.
TEST(RackModel, HallRackPowerBudget) {
  const PowerChain chain{1.2, 0.15, 0.1, 0.01};
  EXPECT_DOUBLE_EQ(hall_rack_power_budget_w(chain, hall(100e6, 110e6)), 85e6);
  EXPECT_DOUBLE_EQ(hall_rack_power_budget_w(chain, hall(100e6, 50e6)), 42.5e6);
}

// The line rule of the header: pods go live first in line first; the first that does not fit holds every later one.
TEST(RackModel, RacksAdmittedInLine) {
  const PowerChain chain = example_chain();  // F_max of 1,000 MW = 891 MW; a Vera Rubin rack 320,470.588 W
  const Platform vr = vera_rubin();
  // Header: 3 pods of 1,000 racks (320.47 MW each): 2 fit (640.94 MW), the third would reach 961.41 MW > 891.
  const LineLot three_pods[] = {{&vr, 3000}};
  EXPECT_EQ(racks_admitted_in_line(chain, 1e9, three_pods, 1000), 2000);
  // Split into two tranches of 1,500 racks with 1,000-rack pods: pods of 1,000, 500, 1,000, 500: 1,000 + 500 fit
  // (480.71 MW); the next 1,000 would reach 801.18 MW <= 891 and fit too; the last 500 would reach 961.41: out.
  const LineLot two_lots[] = {{&vr, 1500}, {&vr, 1500}};
  EXPECT_EQ(racks_admitted_in_line(chain, 1e9, two_lots, 1000), 2500);
  // A small pod after a blocked one waits behind it: rack-sized pods of a second platform never pass the first.
  const Platform small = liquid_rack(1'000.0);
  const LineLot blocked[] = {{&vr, 3000}, {&small, 10}};
  EXPECT_EQ(racks_admitted_in_line(chain, 1e9, blocked, 1000), 2000);
  // Nothing fits under a grid of 0; all fits under a large one.
  EXPECT_EQ(racks_admitted_in_line(chain, 0.0, three_pods, 1000), 0);
  EXPECT_EQ(racks_admitted_in_line(chain, 2e9, three_pods, 1000), 3000);
}

}  // namespace gwsim::models

