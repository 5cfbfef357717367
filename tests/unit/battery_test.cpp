// Unit tests for models/battery: the dispatch rule for one step, checked step by step on the header's
// hand-computed sequence, the efficiency losses, edge cases, and the invariants over many random steps.
#include "models/battery.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace gwsim::models {
namespace {

// Values are sums and products of a few terms of at most ~1e3; 1e-9 is far above rounding and far below any
// formula error in the cases computed by hand.
constexpr double kTol = 1e-9;

// The balance and bounds that must hold after every step.
void expect_invariants(const Battery& b, const SiteStepInput& in, BatteryState before, const SiteStepResult& r,
                       double dt) {
  const double load = std::max(0.0, in.load_mw);
  const double scale = 1.0 + load + in.grid_limit_mw + in.generation_available_mw + b.power_mw;
  EXPECT_NEAR(load, r.grid_mw + r.generation_mw + r.backup_mw + r.discharge_mw - r.charge_mw + r.unserved_mw,
              1e-12 * scale);
  EXPECT_EQ(r.charge_mw * r.discharge_mw, 0.0);
  for (const double v : {r.grid_mw, r.generation_mw, r.backup_mw, r.charge_mw, r.discharge_mw, r.unserved_mw}) {
    EXPECT_GE(v, 0.0);
  }
  EXPECT_LE(r.grid_mw, std::max(0.0, in.grid_limit_mw) * (1 + 1e-12));
  EXPECT_LE(r.generation_mw, std::max(0.0, in.generation_available_mw) * (1 + 1e-12));
  EXPECT_LE(r.backup_mw, std::max(0.0, in.backup_available_mw) * (1 + 1e-12));
  EXPECT_LE(r.charge_mw, b.power_mw);
  EXPECT_LE(r.discharge_mw, b.power_mw);
  const double floor_mwh = std::min(before.soc_mwh, b.reserve_fraction * b.energy_mwh);
  EXPECT_GE(r.state.soc_mwh, floor_mwh);
  EXPECT_LE(r.state.soc_mwh, b.energy_mwh);
  // Energy: S' = S + C eta dt - D dt / eta, to rounding.
  const double eta = one_way_efficiency(b);
  if (dt > 0.0 && b.energy_mwh > 0.0) {
    EXPECT_NEAR(r.state.soc_mwh, before.soc_mwh + r.charge_mw * eta * dt - r.discharge_mw * dt / eta,
                1e-9 * (1.0 + b.energy_mwh));
  }
  // Unserved load only once every resource is spent.
  if (r.unserved_mw > 1e-9) {
    EXPECT_NEAR(r.grid_mw, in.grid_limit_mw, 1e-9 * scale);
    EXPECT_NEAR(r.generation_mw, in.generation_available_mw, 1e-9 * scale);
    EXPECT_NEAR(r.backup_mw, in.backup_available_mw, 1e-9 * scale);
    EXPECT_TRUE(r.discharge_mw >= b.power_mw - 1e-9 || r.state.soc_mwh <= floor_mwh + 1e-9 || dt <= 0.0);
  }
}

// The header's battery: P 50 MW, E 200 MWh, round trip 0.81 (0.9 each way), reserve 10%.
Battery example_battery() { return Battery{50.0, 200.0, 0.81, 0.10, true}; }

SiteStepInput site(double load_mw) { return SiteStepInput{load_mw, 100.0, 20.0, 10.0}; }

TEST(Battery, WorkedExampleStepByStep) {
  const Battery b = example_battery();
  EXPECT_NEAR(one_way_efficiency(b), 0.9, 1e-15);
  BatteryState s{100.0};

  // L 150: grid 100, generation 20; D = min(30, 50, (100 - 20) x 0.9 = 72) = 30; S' = 100 - 30 / 0.9.
  SiteStepResult r = dispatch_site_step(b, s, site(150.0), 1.0);
  expect_invariants(b, site(150.0), s, r, 1.0);
  EXPECT_NEAR(r.grid_mw, 100.0, kTol);
  EXPECT_NEAR(r.generation_mw, 20.0, kTol);
  EXPECT_NEAR(r.discharge_mw, 30.0, kTol);
  EXPECT_NEAR(r.state.soc_mwh, 100.0 - 30.0 / 0.9, kTol);  // 66.667
  EXPECT_DOUBLE_EQ(r.backup_mw, 0.0);
  EXPECT_DOUBLE_EQ(r.unserved_mw, 0.0);
  // Losses: 30 / 0.9 - 30 = 3.333 MWh.
  EXPECT_NEAR(r.losses_mwh, 30.0 / 0.9 - 30.0, kTol);
  s = r.state;

  // L 180: D = min(60, 50, (66.667 - 20) x 0.9 = 42) = 42 reaches the floor; backup 10; unserved 8.
  r = dispatch_site_step(b, s, site(180.0), 1.0);
  expect_invariants(b, site(180.0), s, r, 1.0);
  EXPECT_NEAR(r.discharge_mw, 42.0, kTol);
  EXPECT_DOUBLE_EQ(r.state.soc_mwh, 20.0);  // exactly the reserve
  EXPECT_NEAR(r.backup_mw, 10.0, kTol);
  EXPECT_NEAR(r.unserved_mw, 8.0, kTol);
  s = r.state;

  // L 80: headroom 20 (grid) + 20 (generation); C = min(40, 50, 180 / 0.9 = 200) = 40; S' = 20 + 36 = 56.
  r = dispatch_site_step(b, s, site(80.0), 1.0);
  expect_invariants(b, site(80.0), s, r, 1.0);
  EXPECT_NEAR(r.charge_mw, 40.0, kTol);
  EXPECT_NEAR(r.grid_mw, 100.0, kTol);
  EXPECT_NEAR(r.generation_mw, 20.0, kTol);
  EXPECT_NEAR(r.state.soc_mwh, 56.0, kTol);
  EXPECT_NEAR(r.losses_mwh, 4.0, kTol);  // 40 x (1 - 0.9)
  s = r.state;

  // L 60: headroom 40 + 20; C = min(60, 50, 144 / 0.9 = 160) = 50: 40 from the grid, 10 from generation.
  r = dispatch_site_step(b, s, site(60.0), 1.0);
  expect_invariants(b, site(60.0), s, r, 1.0);
  EXPECT_NEAR(r.charge_mw, 50.0, kTol);
  EXPECT_NEAR(r.grid_mw, 100.0, kTol);
  EXPECT_NEAR(r.generation_mw, 10.0, kTol);
  EXPECT_NEAR(r.state.soc_mwh, 101.0, kTol);
  s = r.state;

  // L 50 for 3 h: C = min(70, 50, 99 / (0.9 x 3) = 36.667) = 36.667, all from the grid; S' = 200 exactly.
  r = dispatch_site_step(b, s, site(50.0), 3.0);
  expect_invariants(b, site(50.0), s, r, 3.0);
  EXPECT_NEAR(r.charge_mw, 99.0 / 2.7, kTol);
  EXPECT_NEAR(r.grid_mw, 50.0 + 99.0 / 2.7, kTol);
  EXPECT_NEAR(r.generation_mw, 0.0, kTol);
  EXPECT_DOUBLE_EQ(r.state.soc_mwh, 200.0);
  s = r.state;

  // Full: nothing more to charge; the grid serves the load alone.
  r = dispatch_site_step(b, s, site(50.0), 1.0);
  expect_invariants(b, site(50.0), s, r, 1.0);
  EXPECT_DOUBLE_EQ(r.charge_mw, 0.0);
  EXPECT_NEAR(r.grid_mw, 50.0, kTol);
  EXPECT_DOUBLE_EQ(r.state.soc_mwh, 200.0);
}

TEST(Battery, RoundTripReturnsItsEfficiency) {
  // No reserve, E 100, P 50, empty. Charge 2 h at 50 MW from the grid: 45 + 45 = 90 MWh stored for 100 charged.
  const Battery b{50.0, 100.0, 0.81, 0.0, true};
  BatteryState s{0.0};
  double charged_mwh = 0.0;
  double delivered_mwh = 0.0;
  for (int h = 0; h < 2; ++h) {
    const SiteStepResult r = dispatch_site_step(b, s, SiteStepInput{0.0, 50.0, 0.0, 0.0}, 1.0);
    charged_mwh += r.charge_mw;
    s = r.state;
  }
  EXPECT_NEAR(charged_mwh, 100.0, kTol);
  EXPECT_NEAR(s.soc_mwh, 90.0, kTol);
  // Discharge into a load with no grid: 50 MW (55.556 MWh drawn), then min(50, 34.444 x 0.9 = 31) = 31 MW.
  for (int h = 0; h < 3; ++h) {
    const SiteStepResult r = dispatch_site_step(b, s, SiteStepInput{100.0, 0.0, 0.0, 0.0}, 1.0);
    delivered_mwh += r.discharge_mw;
    s = r.state;
  }
  EXPECT_NEAR(delivered_mwh, 81.0, kTol);  // 100 MWh in, 81 MWh out: the 81% round trip
  EXPECT_DOUBLE_EQ(s.soc_mwh, 0.0);
}

TEST(Battery, ZeroEnergyDoesNothing) {
  // A battery of no energy (or no power) changes nothing: the site is served as if it had none.
  for (const Battery b : {Battery{50.0, 0.0, 0.85, 0.2, true}, Battery{0.0, 100.0, 0.85, 0.2, true}}) {
    for (const double load : {0.0, 50.0, 130.0, 400.0}) {
      const SiteStepInput in{load, 100.0, 20.0, 10.0};
      const SiteStepResult r = dispatch_site_step(b, BatteryState{b.energy_mwh / 2}, in, 1.0);
      expect_invariants(b, in, BatteryState{b.energy_mwh / 2}, r, 1.0);
      EXPECT_DOUBLE_EQ(r.charge_mw, 0.0);
      EXPECT_DOUBLE_EQ(r.discharge_mw, 0.0);
      EXPECT_DOUBLE_EQ(r.state.soc_mwh, b.energy_mwh / 2);
      EXPECT_DOUBLE_EQ(r.grid_mw, std::min(load, 100.0));
      EXPECT_DOUBLE_EQ(r.generation_mw, std::clamp(load - 100.0, 0.0, 20.0));
      EXPECT_DOUBLE_EQ(r.backup_mw, std::clamp(load - 120.0, 0.0, 10.0));
      EXPECT_DOUBLE_EQ(r.unserved_mw, std::max(0.0, load - 130.0));
    }
  }
}

TEST(Battery, ARoundingResidueAboveTheGridStartsNothing) {
  // A load equal to the grid's limit but for rounding (1e-13 MW over 1,000 MW) is the grid's: no backup, no
  // discharge, nothing unserved. A load 1 kW over is not a residue: backup covers exactly 0.001 MW.
  const Battery b{50.0, 100.0, 0.85, 0.2, true};
  const SiteStepInput residue{1000.0 + 1e-13, 1000.0, 0.0, 10.0};
  const SiteStepResult r = dispatch_site_step(b, BatteryState{50.0}, residue, 1.0);
  EXPECT_DOUBLE_EQ(r.backup_mw, 0.0);
  EXPECT_DOUBLE_EQ(r.discharge_mw, 0.0);
  EXPECT_DOUBLE_EQ(r.unserved_mw, 0.0);
  EXPECT_DOUBLE_EQ(r.grid_mw, residue.load_mw);
  const SiteStepResult over = dispatch_site_step(Battery{}, BatteryState{}, SiteStepInput{1000.001, 1000.0, 0.0, 10.0}, 1.0);
  EXPECT_NEAR(over.backup_mw, 0.001, 1e-9);
  EXPECT_DOUBLE_EQ(over.grid_mw, 1000.0);
}

TEST(Battery, NoDurationMovesNoEnergy) {
  const Battery b = example_battery();
  const SiteStepResult r = dispatch_site_step(b, BatteryState{100.0}, site(150.0), 0.0);
  EXPECT_DOUBLE_EQ(r.discharge_mw, 0.0);
  EXPECT_DOUBLE_EQ(r.state.soc_mwh, 100.0);
  EXPECT_NEAR(r.backup_mw, 10.0, kTol);
  EXPECT_NEAR(r.unserved_mw, 20.0, kTol);
}

TEST(Battery, NewBatteryBelowItsReserveOnlyCharges) {
  // Empty, reserve 10% of 200 = 20 MWh: a deficit gets nothing from it; headroom charges it.
  const Battery b = example_battery();
  SiteStepResult r = dispatch_site_step(b, BatteryState{0.0}, site(140.0), 1.0);
  EXPECT_DOUBLE_EQ(r.discharge_mw, 0.0);
  EXPECT_NEAR(r.backup_mw, 10.0, kTol);
  EXPECT_NEAR(r.unserved_mw, 10.0, kTol);
  // Load 100: grid serves it, 20 MW of generation headroom charges: S' = 20 x 0.9 = 18 < reserve.
  r = dispatch_site_step(b, BatteryState{0.0}, site(100.0), 1.0);
  EXPECT_NEAR(r.charge_mw, 20.0, kTol);
  EXPECT_NEAR(r.state.soc_mwh, 18.0, kTol);
  // Still below the reserve: a deficit still gets nothing.
  r = dispatch_site_step(b, r.state, site(125.0), 1.0);
  EXPECT_DOUBLE_EQ(r.discharge_mw, 0.0);
  EXPECT_DOUBLE_EQ(r.state.soc_mwh, 18.0);
}

TEST(Battery, ChargeFromGenerationCanBeRefused) {
  Battery b = example_battery();
  b.charge_from_generation = false;
  // L 80: only the grid's 20 MW of headroom charges; generation serves nothing.
  const SiteStepResult r = dispatch_site_step(b, BatteryState{20.0}, site(80.0), 1.0);
  EXPECT_NEAR(r.charge_mw, 20.0, kTol);
  EXPECT_NEAR(r.grid_mw, 100.0, kTol);
  EXPECT_DOUBLE_EQ(r.generation_mw, 0.0);
  EXPECT_NEAR(r.state.soc_mwh, 38.0, kTol);
}

TEST(Battery, SwingPower) {
  const Battery b = example_battery();
  // After the first worked step: D = 30, S' = 66.667. Spare power 50 - 30 = 20 MW; held 60 s the energy allows
  // 66.667 x 0.9 x 3600 / 60 = 3,600 MW, so 20 MW.
  const SiteStepResult r = dispatch_site_step(b, BatteryState{100.0}, site(150.0), 1.0);
  EXPECT_NEAR(swing_power_mw(b, r, 60.0), 20.0, kTol);
  // Held for 10 h the energy limits it: 66.667 x 0.9 / 10 = 6 MW.
  EXPECT_NEAR(swing_power_mw(b, r, 36'000.0), 6.0, kTol);
  // No hold time: the spare power.
  EXPECT_NEAR(swing_power_mw(b, r, 0.0), 20.0, kTol);
  // The reserve backs swings: at the floor (20 MWh) with no discharge, 50 MW for 60 s is available.
  SiteStepResult at_floor;
  at_floor.state.soc_mwh = 20.0;
  EXPECT_NEAR(swing_power_mw(b, at_floor, 60.0), 50.0, kTol);
  // An empty battery, or one with no energy, has none.
  SiteStepResult empty;
  EXPECT_DOUBLE_EQ(swing_power_mw(b, empty, 60.0), 0.0);
  EXPECT_DOUBLE_EQ(swing_power_mw(Battery{50.0, 0.0, 0.9, 0.0, true}, at_floor, 60.0), 0.0);
}

TEST(Battery, InvariantsOverManyRandomSteps) {
  // Fixed seed: the same sequence every run. Random batteries and steps, the state carried from step to step.
  std::mt19937_64 rng(20260601);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  int steps = 0;
  for (int battery = 0; battery < 200; ++battery) {
    const Battery b{u(rng) < 0.1 ? 0.0 : 500.0 * u(rng), u(rng) < 0.1 ? 0.0 : 2000.0 * u(rng),
                    0.5 + 0.5 * u(rng), u(rng) < 0.3 ? 0.0 : 0.5 * u(rng), u(rng) < 0.5};
    BatteryState s{b.energy_mwh * u(rng)};
    for (int k = 0; k < 200; ++k) {
      // Braced lists evaluate left to right, and ?: evaluates its condition first: the draws are in a fixed order.
      const SiteStepInput in{1000.0 * u(rng), u(rng) < 0.2 ? 0.0 : 800.0 * u(rng), u(rng) < 0.5 ? 0.0 : 300.0 * u(rng),
                             u(rng) < 0.5 ? 0.0 : 100.0 * u(rng)};
      const double dt = u(rng) < 0.5 ? 1.0 : (u(rng) < 0.5 ? 24.0 : 0.25);
      const SiteStepResult r = dispatch_site_step(b, s, in, dt);
      expect_invariants(b, in, s, r, dt);
      // Once at or above the reserve, the battery never goes below it.
      if (s.soc_mwh >= b.reserve_fraction * b.energy_mwh) {
        EXPECT_GE(r.state.soc_mwh, b.reserve_fraction * b.energy_mwh);
      }
      // Losses are what the efficiency says.
      const double eta = one_way_efficiency(b);
      if (b.energy_mwh > 0.0 && b.power_mw > 0.0) {
        EXPECT_NEAR(r.losses_mwh, r.charge_mw * dt * (1 - eta) + r.discharge_mw * dt * (1 / eta - 1),
                    1e-9 * (1.0 + b.energy_mwh));
      }
      s = r.state;
      ++steps;
    }
  }
  EXPECT_EQ(steps, 40'000);
}

}  // namespace
}  // namespace gwsim::models
