// Unit tests for models/capex: capex by category per fleet and per GW, and the scopes of public figures.
#include "models/capex.hpp"

#include <gtest/gtest.h>

#include <string>

namespace gwsim::models {
namespace {

using C = CapexCategory;

// The header's GB200 NVL72 rack and facility, central figures (configs/platforms.yaml, configs/defaults.yaml).
RackCapex gb200_rack() { return RackCapex{2.55e6, 0.77e6, 0.08e6}; }
FacilityCapex facility() { return FacilityCapex{6.1e6, 6.3e6, 1.0e6}; }
// The low and high ends of their ranges.
RackCapex gb200_rack_low() { return RackCapex{2.2e6, 0.6e6, 0.05e6}; }
RackCapex gb200_rack_high() { return RackCapex{3.0e6, 0.95e6, 0.12e6}; }
FacilityCapex facility_low() { return FacilityCapex{4.0e6, 4.5e6, 0.5e6}; }
FacilityCapex facility_high() { return FacilityCapex{8.0e6, 8.5e6, 2.0e6}; }

// 132 kW / 0.85 x 1.2 = 158,400 / 0.85 = 186,352.941176... W of facility power per rack.
constexpr double kGb200FacilityW = 132'000.0 / 0.85 * 1.2;
// Racks per GW: 1e9 x 0.85 / 158,400 = 5,366.161616... (= 531,250 / 99 exactly).
constexpr double kGb200RacksPerGw = 531'250.0 / 99.0;

TEST(Capex, CategoryNamesAreTheConfigKeys) {
  std::string names;
  for (const CapexCategory c : kCapexCategories) names += std::string(to_string(c)) + " ";
  EXPECT_EQ(names,
            "gpu_systems networking storage facility_shell electrical other onsite_generation battery_storage ");
}

TEST(Capex, WorkedExamplePerGwFromHeader) {
  const CapexBreakdown b = capex_per_gw(gb200_rack(), kGb200FacilityW, facility());
  // Per rack parts: 5,366.1616 x $2.55M = $13,683.71M; x $0.77M = $4,131.94M; x $0.08M = $429.29M.
  EXPECT_NEAR(b[C::kGpuSystems], kGb200RacksPerGw * 2.55e6, 1.0);
  EXPECT_NEAR(b[C::kGpuSystems], 13'683.712e6, 1e3);
  EXPECT_NEAR(b[C::kNetworking], 4'131.944e6, 1e3);
  EXPECT_NEAR(b[C::kStorage], 429.293e6, 1e3);
  // Per MW parts over 1,000 MW: $6.1B shell, $6.3B electrical, $1.0B other.
  EXPECT_NEAR(b[C::kFacilityShell], 6.1e9, 1.0);
  EXPECT_NEAR(b[C::kElectrical], 6.3e9, 1.0);
  EXPECT_NEAR(b[C::kOther], 1.0e9, 1.0);
  // IT equipment 5,366.1616 x $3.40M = $18,244.95M; infrastructure $13,400M; all-in $31,644.95M.
  EXPECT_NEAR(scope_usd(b, CapexScope::kItEquipment, 0.6), 18'244.949e6, 1e3);
  EXPECT_NEAR(scope_usd(b, CapexScope::kPhysicalInfrastructure, 0.6), 13'400e6, 1.0);
  EXPECT_NEAR(scope_usd(b, CapexScope::kAllIn, 0.6), 31'644.949e6, 1e3);
  EXPECT_NEAR(b.total_usd(), 31'644.949e6, 1e3);
  // NVIDIA content: 5,366.1616 x ($2.55M + 0.6 x $0.77M) = 5,366.1616 x $3.012M = $16,162.88M.
  EXPECT_NEAR(scope_usd(b, CapexScope::kNvidiaContent, 0.6), 16'162.879e6, 1e3);
  // Construction (shell + electrical): $12.4B per GW of facility.
  EXPECT_NEAR(scope_usd(b, CapexScope::kConstruction, 0.6), 12.4e9, 1.0);
}

TEST(Capex, LowAndHighEndsOfTheRanges) {
  // Low: 5,366.1616 x $2.85M = $15,293.56M + 1,000 x $9.0M = $24,293.56M.
  EXPECT_NEAR(capex_per_gw(gb200_rack_low(), kGb200FacilityW, facility_low()).total_usd(), 24'293.561e6, 1e3);
  // High: 5,366.1616 x $4.07M = $21,840.28M + 1,000 x $18.5M = $40,340.28M.
  EXPECT_NEAR(capex_per_gw(gb200_rack_high(), kGb200FacilityW, facility_high()).total_usd(), 40'340.278e6, 1e3);
}

TEST(Capex, VeraRubinPerGw) {
  // 227 kW / 0.85 x 1.2 = 320,470.588 W per rack: 3,120.41 racks per GW (= 1e9 x 0.85 / 272,400).
  const double racks = 1e9 * 0.85 / 272'400.0;
  const CapexBreakdown b = capex_per_gw(RackCapex{7.8e6, 1.0e6, 0.1e6}, 227'000.0 / 0.85 * 1.2, facility());
  // 3,120.41 x $8.9M = $27,771.66M + $13,400M = $41,171.66M; NVIDIA 3,120.41 x ($7.8M + $0.6M) = $26,211.45M.
  EXPECT_NEAR(b.total_usd(), racks * 8.9e6 + 13.4e9, 1.0);
  EXPECT_NEAR(b.total_usd(), 41'171.66e6, 1e4);
  EXPECT_NEAR(scope_usd(b, CapexScope::kNvidiaContent, 0.6), 26'211.45e6, 1e4);
}

TEST(Capex, FleetWorkedExampleFromHeader) {
  CapexBreakdown b = rack_capex(gb200_rack(), 100.0);
  b += facility_capex(facility(), 18.64);
  EXPECT_NEAR(b[C::kGpuSystems], 255e6, 1e-3);           // 100 x $2.55M
  EXPECT_NEAR(b[C::kNetworking], 77e6, 1e-3);            // 100 x $0.77M
  EXPECT_NEAR(b[C::kStorage], 8e6, 1e-3);                // 100 x $0.08M
  EXPECT_NEAR(b[C::kFacilityShell], 113.704e6, 1e-3);    // 18.64 x $6.1M
  EXPECT_NEAR(b[C::kElectrical], 117.432e6, 1e-3);       // 18.64 x $6.3M
  EXPECT_NEAR(b[C::kOther], 18.64e6, 1e-3);              // 18.64 x $1.0M
  EXPECT_NEAR(scope_usd(b, CapexScope::kItEquipment, 0.6), 340e6, 1e-3);
  EXPECT_NEAR(scope_usd(b, CapexScope::kPhysicalInfrastructure, 0.6), 249.776e6, 1e-3);
  EXPECT_NEAR(b.total_usd(), 589.776e6, 1e-3);
}

TEST(Capex, RackPartsTouchOnlyRackCategoriesAndFacilityPartsOnlyFacilityOnes) {
  const CapexBreakdown racks = rack_capex(gb200_rack(), 3.0);
  EXPECT_EQ(racks[C::kFacilityShell] + racks[C::kElectrical] + racks[C::kOther], 0.0);
  EXPECT_NEAR(racks.total_usd(), 3.0 * 3.4e6, 1e-6);
  const CapexBreakdown plant = facility_capex(facility(), 2.0);
  EXPECT_EQ(plant[C::kGpuSystems] + plant[C::kNetworking] + plant[C::kStorage], 0.0);
  EXPECT_NEAR(plant.total_usd(), 2.0 * 13.4e6, 1e-6);
}

TEST(Capex, MixedFleetAddsPlatformsAndKeepsFacilityOnce) {
  CapexBreakdown b = rack_capex(gb200_rack_high(), 10.0);
  b += rack_capex(RackCapex{9.0e6, 1.3e6, 0.0}, 5.0);
  b += facility_capex(facility_high(), 10.0);
  // GPU systems: 10 x $3.0M + 5 x $9.0M = $75M; networking 10 x $0.95M + 5 x $1.3M = $16M; storage 10 x $0.12M.
  EXPECT_NEAR(b[C::kGpuSystems], 75e6, 1e-3);
  EXPECT_NEAR(b[C::kNetworking], 16e6, 1e-3);
  EXPECT_NEAR(b[C::kStorage], 1.2e6, 1e-3);
  // Facility at the high end: 10 MW x ($8.0M + $8.5M + $2.0M) = $185M; all-in 75 + 16 + 1.2 + 185 = $277.2M.
  EXPECT_NEAR(b[C::kOther], 20e6, 1e-3);
  EXPECT_NEAR(b.total_usd(), 277.2e6, 1e-3);
}

TEST(Capex, ScopesAreNestedAsStated) {
  const CapexBreakdown b = capex_per_gw(gb200_rack(), kGb200FacilityW, facility());
  const double nvidia = scope_usd(b, CapexScope::kNvidiaContent, 0.6);
  const double it = scope_usd(b, CapexScope::kItEquipment, 0.6);
  const double infra = scope_usd(b, CapexScope::kPhysicalInfrastructure, 0.6);
  const double construction = scope_usd(b, CapexScope::kConstruction, 0.6);
  EXPECT_LT(nvidia, it);
  EXPECT_LT(construction, infra);
  EXPECT_DOUBLE_EQ(it + infra, scope_usd(b, CapexScope::kAllIn, 0.6));
  // With all networking counted as NVIDIA's, NVIDIA content = GPU systems + networking.
  EXPECT_NEAR(scope_usd(b, CapexScope::kNvidiaContent, 1.0), b[C::kGpuSystems] + b[C::kNetworking], 1e-3);
  EXPECT_NEAR(scope_usd(b, CapexScope::kNvidiaContent, 0.0), b[C::kGpuSystems], 1e-3);
}

TEST(Capex, EmptyFleetCostsOnlyItsFacility) {
  CapexBreakdown b = rack_capex(gb200_rack(), 0.0);
  b += facility_capex(facility(), 1.0);
  EXPECT_DOUBLE_EQ(scope_usd(b, CapexScope::kItEquipment, 0.6), 0.0);
  EXPECT_NEAR(b.total_usd(), 13.4e6, 1e-6);  // 1 MW x (6.1 + 6.3 + 1.0)
}

TEST(Capex, WorkedExampleOfTheLeversFromHeader) {
  // 10 turbines x 34 MW = 340 MW x $1.4M = $476M; 100 MW / 200 MWh: 100,000 kW x $150 + 200,000 kWh x $200 = $55M.
  CapexBreakdown b = generation_capex(10 * 34.0, 1.4e6);
  b += battery_capex(100.0, 150.0, 200.0, 200.0);
  EXPECT_NEAR(b[C::kOnsiteGeneration], 476e6, 1e-6);
  EXPECT_NEAR(b[C::kBatteryStorage], 55e6, 1e-6);
  EXPECT_NEAR(b.total_usd(), 531e6, 1e-6);
  EXPECT_NEAR(scope_usd(b, CapexScope::kPhysicalInfrastructure, 0.6), 531e6, 1e-6);
  EXPECT_DOUBLE_EQ(scope_usd(b, CapexScope::kConstruction, 0.6), 0.0);
  EXPECT_DOUBLE_EQ(scope_usd(b, CapexScope::kItEquipment, 0.6), 0.0);
  EXPECT_NEAR(scope_usd(b, CapexScope::kAllIn, 0.6), 531e6, 1e-6);
}

}  // namespace
}  // namespace gwsim::models
