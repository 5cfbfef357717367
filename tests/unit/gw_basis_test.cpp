// Unit tests for models/gw_basis: the power a GW counts on each basis, per rack and for a fleet.
#include "models/gw_basis.hpp"

#include <gtest/gtest.h>

#include "models/platform.hpp"
#include "models/rack_model.hpp"

namespace gwsim::models {
namespace {

// The header's chain: p = 1.2, s = 0.15 (headroom and losses play no part in a GW basis).
PowerChain example_chain() { return PowerChain{1.2, 0.15, 0.1, 0.01}; }

Platform vera_rubin() {
  Platform p;
  p.id = "vera_rubin_nvl72";
  p.peak_power_w = 227'000.0;
  p.idle_power_w = 68'100.0;
  return p;
}

TEST(GwBasis, WorkedExampleFromHeader) {
  const PowerChain chain = example_chain();
  // One rack: 227,000 / 0.85 = 267,058.8235294... W IT; x 1.2 = 320,470.5882353 W facility.
  const PeakPower rack = rack_peak_power(chain, 227'000.0);
  EXPECT_NEAR(rack.it_w, 267'058.8235294118, 1e-6);
  EXPECT_NEAR(rack.facility_w, 320'470.5882352941, 1e-6);
  EXPECT_NEAR(rack_power_on_basis_w(chain, 227'000.0, GwBasis::kIt), 267'058.8235294118, 1e-6);
  EXPECT_NEAR(rack_power_on_basis_w(chain, 227'000.0, GwBasis::kFacility), 320'470.5882352941, 1e-6);
  // 1,000 racks: 267.0588 MW IT = 0.2670588 GW; 320.4706 MW facility = 0.3204706 GW.
  const PeakPower fleet{1000.0 * rack.it_w, 1000.0 * rack.facility_w};
  EXPECT_NEAR(gw_on_basis(GwBasis::kIt, fleet), 0.2670588235, 1e-9);
  EXPECT_NEAR(gw_on_basis(GwBasis::kFacility, fleet), 0.3204705882, 1e-9);
  // 1 GW tranche: 1e9 / 267,058.8235 = 3744.49 -> 3745 racks (IT); 1e9 / 320,470.588 = 3120.41 -> 3121 (facility).
  EXPECT_EQ(racks_to_reach_power(chain, vera_rubin(), 1e9, GwBasis::kIt), 3745);
  EXPECT_EQ(racks_to_reach_power(chain, vera_rubin(), 1e9, GwBasis::kFacility), 3121);
  // Those 3,745 racks draw 3,745 x 320,470.588 = 1,200,162,353 W of facility power at peak: ~1.2 GW.
  EXPECT_NEAR(3745.0 * rack.facility_w, 1'200'162'352.94, 0.1);
}

TEST(GwBasis, AWorsePueIsNotMoreGwOnTheItBasis) {
  // PUE 1.25 instead of 1.2: the facility power of a rack grows by 1.25 / 1.2, its IT power does not.
  const PowerChain worse{1.25, 0.15, 0.0, 0.0};
  EXPECT_NEAR(rack_power_on_basis_w(worse, 227'000.0, GwBasis::kIt), 267'058.8235294118, 1e-6);
  EXPECT_NEAR(rack_power_on_basis_w(worse, 227'000.0, GwBasis::kFacility), 333'823.5294117647, 1e-6);
  // So a 1 GW tranche orders the same 3,745 racks on the IT basis, and 1e9 / 333,823.53 = 2995.6 -> 2996 on the
  // facility basis (fewer racks, less compute).
  EXPECT_EQ(racks_to_reach_power(worse, vera_rubin(), 1e9, GwBasis::kIt), 3745);
  EXPECT_EQ(racks_to_reach_power(worse, vera_rubin(), 1e9, GwBasis::kFacility), 2996);
}

TEST(GwBasis, PeakPowerAddsComponentWise) {
  PeakPower a{1.0, 2.0};
  a += PeakPower{10.0, 20.0};
  EXPECT_DOUBLE_EQ(a.it_w, 11.0);
  EXPECT_DOUBLE_EQ(a.facility_w, 22.0);
  EXPECT_EQ(to_string(GwBasis::kIt), "it");
  EXPECT_EQ(to_string(GwBasis::kFacility), "facility");
}

}  // namespace
}  // namespace gwsim::models
