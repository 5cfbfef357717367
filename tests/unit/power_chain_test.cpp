// Unit tests for models/power_chain: rack -> IT -> facility -> grid draw, and grid capacity -> facility limit.
#include "models/power_chain.hpp"

#include <gtest/gtest.h>

namespace gwsim::models {
namespace {

// The header's example chain: p = 1.2, s = 0.15, h = 0.1, l = 0.01.
PowerChain example_chain() { return PowerChain{1.2, 0.15, 0.1, 0.01}; }

// Tolerances: each result is a few double operations on values up to 1e9, relative error per operation at most
// 1.1e-16; so absolute errors stay below ~1e-6 W at 1e9 W and ~1e-9 W at 3e5 W. The expected values below carry
// 10+ significant digits from exact fractions, so 1e-6 W (rack scale) and 1e-3 W (GW scale) are safe and still
// catch any formula error.
constexpr double kRackTol = 1e-6;
constexpr double kGridTol = 1e-3;

TEST(PowerChain, Defaults) {
  const PowerChain chain;
  EXPECT_DOUBLE_EQ(chain.pue, 1.2);               // configs/defaults.yaml pue
  EXPECT_DOUBLE_EQ(chain.non_gpu_it_share, 0.15);  // power_chain.non_gpu_it_share 15%
  EXPECT_DOUBLE_EQ(chain.redundancy_headroom, 0.0);
  // defaults.yaml has substation_loss 1%; the struct's own default is 0 (the loader applies the yaml value).
  EXPECT_DOUBLE_EQ(chain.substation_loss, 0.0);
}

TEST(PowerChain, WorkedExampleFromHeader) {
  const PowerChain chain = example_chain();
  // I = 227,000 / 0.85 = 22,700,000 / 85 = 267,058.823529411... W (header: 267.06 kW).
  const double it = it_power_from_rack_power(chain, 227'000.0);
  EXPECT_NEAR(it, 267'058.8235294118, kRackTol);
  // F = 1.2 * 267,058.8235294118 = 320,470.5882352941 W (header: 320.47 kW).
  const double facility = facility_power_from_it(chain, it);
  EXPECT_NEAR(facility, 320'470.5882352941, kRackTol);
  // D = 320,470.5882352941 / 0.99 = 323,707.6648841355 W (header: 323.71 kW).
  EXPECT_NEAR(grid_draw_from_facility(chain, facility), 323'707.6648841355, kRackTol);
  // F_max = 1,000 MW * 0.9 * 0.99 = 891 MW.
  EXPECT_NEAR(facility_limit_from_grid(chain, 1e9), 891e6, kGridTol);
  // One call for the rack: same F.
  EXPECT_NEAR(facility_power_per_rack(chain, 227'000.0), 320'470.5882352941, kRackTol);
}

TEST(PowerChain, EachFunctionAlone) {
  // it_power_from_rack_power depends on s only: 100 kW / (1 - 0.2) = 125 kW.
  EXPECT_DOUBLE_EQ(it_power_from_rack_power(PowerChain{3.0, 0.2, 0.5, 0.5}, 100'000.0), 125'000.0);
  // facility_power_from_it depends on p only: 100 kW * 1.5 = 150 kW.
  EXPECT_DOUBLE_EQ(facility_power_from_it(PowerChain{1.5, 0.9, 0.5, 0.5}, 100'000.0), 150'000.0);
  // grid_draw_from_facility depends on l only: 75 kW / (1 - 0.25) = 100 kW.
  EXPECT_DOUBLE_EQ(grid_draw_from_facility(PowerChain{1.5, 0.9, 0.5, 0.25}, 75'000.0), 100'000.0);
  // facility_limit_from_grid depends on h and l: 1 GW * (1 - 0.5) * (1 - 0.25) = 375 MW.
  EXPECT_DOUBLE_EQ(facility_limit_from_grid(PowerChain{9.0, 0.9, 0.5, 0.25}, 1e9), 375e6);
  // facility_power_per_rack depends on p and s: 100 kW / (1 - 0.5) * 1.5 = 300 kW.
  EXPECT_DOUBLE_EQ(facility_power_per_rack(PowerChain{1.5, 0.5, 0.9, 0.9}, 100'000.0), 300'000.0);
}

TEST(PowerChain, IdentityChain) {
  const PowerChain ideal{1.0, 0.0, 0.0, 0.0};
  EXPECT_DOUBLE_EQ(it_power_from_rack_power(ideal, 227'000.0), 227'000.0);
  EXPECT_DOUBLE_EQ(facility_power_from_it(ideal, 227'000.0), 227'000.0);
  EXPECT_DOUBLE_EQ(grid_draw_from_facility(ideal, 227'000.0), 227'000.0);
  EXPECT_DOUBLE_EQ(facility_limit_from_grid(ideal, 1e9), 1e9);
  EXPECT_DOUBLE_EQ(facility_power_per_rack(ideal, 227'000.0), 227'000.0);
}

TEST(PowerChain, RoundTrip) {
  const PowerChain chain = example_chain();
  // Rack -> IT -> facility -> grid, then back with the inverse of each step, gives the rack power again:
  // R = D * (1 - l) / p * (1 - s).
  for (const double rack_w : {40'800.0, 132'000.0, 227'000.0, 600'000.0}) {
    const double it = it_power_from_rack_power(chain, rack_w);
    const double facility = facility_power_from_it(chain, it);
    const double draw = grid_draw_from_facility(chain, facility);
    const double back = draw * (1.0 - chain.substation_loss) / chain.pue * (1.0 - chain.non_gpu_it_share);
    EXPECT_NEAR(back, rack_w, kRackTol) << rack_w;
    // The facility limit of a grid equal to the draw of F, before headroom, is F: D * (1 - l) = F.
    const PowerChain no_headroom{chain.pue, chain.non_gpu_it_share, 0.0, chain.substation_loss};
    EXPECT_NEAR(facility_limit_from_grid(no_headroom, draw), facility, kRackTol) << rack_w;
  }
}

TEST(PowerChain, GridAdmitsFacilityUpToItsLimit) {
  const PowerChain chain = example_chain();
  // Facility at the limit of a 1 GW interconnect (891 MW) draws 891 / 0.99 = 900 MW = the firm capacity
  // 1,000 * (1 - 0.1).
  EXPECT_NEAR(grid_draw_from_facility(chain, facility_limit_from_grid(chain, 1e9)), 900e6, kGridTol);
}

// The power cap: a 100 MW interconnect with 10% headroom and 1% loss gives 89.1 MW of facility power; at PUE 1.35
// that is 66 MW of IT, of which 85% (s = 15%) for GPU racks: 56.1 MW.
TEST(PowerChain, RackPowerBudget) {
  PowerChain chain{1.2, 0.15, 0.1, 0.01};
  EXPECT_NEAR(rack_power_budget_w(chain, 100e6, 1.35), 56.1e6, 1e-6);
  EXPECT_NEAR(rack_power_budget_w(chain, 100e6, 1.2), 89.1e6 / 1.2 * 0.85, 1e-6);
}

// On-site supply (the header's worked example): 300 MW of firm generation and 20 MW held for swings on a 1,000 MW
// interconnect with h = 0.1, l = 0.01: F_max = 891 + 280 = 1,171 MW, so G_eq = 1,000 + 280 / 0.891 = 1,314.254 MW,
// whose facility limit is that 1,171 MW. With nothing on site G_eq is the grid itself, to the bit.
TEST(PowerChain, GridEquivalentOfOnsiteSupply) {
  PowerChain chain{1.2, 0.15, 0.1, 0.01};
  EXPECT_NEAR(grid_equivalent_w(chain, 1000e6, 300e6, 20e6), 1000e6 + 280e6 / 0.891, 1e-3);
  EXPECT_NEAR(facility_limit_from_grid(chain, grid_equivalent_w(chain, 1000e6, 300e6, 20e6)), 1171e6, 1e-3);
  EXPECT_EQ(grid_equivalent_w(chain, 123.456e6, 0.0, 0.0), 123.456e6);
  EXPECT_EQ(grid_equivalent_w(chain, 10e6, 0.0, 50e6), 0.0);  // more held than the grid has: nothing to admit
}

}  // namespace
}  // namespace gwsim::models
