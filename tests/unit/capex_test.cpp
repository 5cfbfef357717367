// Unit tests for models/capex: capex by category per fleet and per GW, cases, and the scopes of public figures.
#include "models/capex.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace gwsim::models {
namespace {

constexpr double kM = 1e6;

CapexRange range(double low_m, double central_m, double high_m) {
  return CapexRange{low_m * kM, central_m * kM, high_m * kM};
}

// The header's GB200 NVL72 rack (ranges as proposed for the catalog; the central case is the worked example).
RackCapex gb200_rack() {
  RackCapex r;
  r.per_rack[static_cast<std::size_t>(CapexCategory::kGpuSystems)] = range(2.2, 2.55, 3.0);
  r.per_rack[static_cast<std::size_t>(CapexCategory::kNetworking)] = range(0.6, 0.77, 0.95);
  r.per_rack[static_cast<std::size_t>(CapexCategory::kOther)] = range(0.05, 0.08, 0.12);
  return r;
}

FacilityCapex facility() {
  FacilityCapex f;
  f.per_facility_mw[static_cast<std::size_t>(CapexCategory::kFacilityShell)] = range(4.0, 6.1, 8.0);
  f.per_facility_mw[static_cast<std::size_t>(CapexCategory::kElectrical)] = range(4.5, 6.3, 8.5);
  f.per_facility_mw[static_cast<std::size_t>(CapexCategory::kOther)] = range(0.5, 1.0, 2.0);
  return f;
}

// 132 kW / 0.85 x 1.2 = 158,400 / 0.85 = 186,352.941176... W of facility power per rack.
constexpr double kGb200FacilityW = 132'000.0 / 0.85 * 1.2;
// Racks per GW: 1e9 x 0.85 / 158,400 = 5,366.161616... (= 531,250 / 99 exactly).
constexpr double kGb200RacksPerGw = 531'250.0 / 99.0;

TEST(Capex, WorkedExamplePerGwFromHeader) {
  const CapexBreakdown b = capex_per_gw(gb200_rack(), kGb200FacilityW, facility(), CapexCase::kCentral);
  // Per rack parts: 5,366.1616 x $2.55M = $13,683.71M; x $0.77M = $4,131.94M; x $0.08M = $429.29M.
  EXPECT_NEAR(b.category_usd(CapexCategory::kGpuSystems), kGb200RacksPerGw * 2.55e6, 1.0);
  EXPECT_NEAR(b.category_usd(CapexCategory::kGpuSystems), 13'683.712e6, 1e3);
  EXPECT_NEAR(b.category_usd(CapexCategory::kNetworking), 4'131.944e6, 1e3);
  // Per MW parts over 1,000 MW: $6.1B shell, $6.3B electrical; other = $1.0B + storage $429.29M.
  EXPECT_NEAR(b.category_usd(CapexCategory::kFacilityShell), 6.1e9, 1.0);
  EXPECT_NEAR(b.category_usd(CapexCategory::kElectrical), 6.3e9, 1.0);
  EXPECT_NEAR(b.category_usd(CapexCategory::kOther), 1.0e9 + 429.293e6, 1e3);
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

TEST(Capex, LowAndHighCasesPickTheirEnds) {
  const CapexBreakdown low = capex_per_gw(gb200_rack(), kGb200FacilityW, facility(), CapexCase::kLow);
  const CapexBreakdown high = capex_per_gw(gb200_rack(), kGb200FacilityW, facility(), CapexCase::kHigh);
  // Low: 5,366.1616 x $2.85M = $15,293.56M + 1,000 x $9.0M = $24,293.56M.
  EXPECT_NEAR(low.total_usd(), 24'293.561e6, 1e3);
  // High: 5,366.1616 x $4.07M = $21,840.28M + 1,000 x $18.5M = $40,340.28M.
  EXPECT_NEAR(high.total_usd(), 40'340.278e6, 1e3);
}

TEST(Capex, FleetWorkedExampleFromHeader) {
  const std::vector<FleetRacks> fleet{{gb200_rack(), 100}};
  const CapexBreakdown b = fleet_capex(fleet, 18.64, facility(), CapexCase::kCentral);
  EXPECT_NEAR(b.rack_usd[static_cast<std::size_t>(CapexCategory::kGpuSystems)], 255e6, 1e-3);  // 100 x $2.55M
  EXPECT_NEAR(b.rack_usd[static_cast<std::size_t>(CapexCategory::kNetworking)], 77e6, 1e-3);   // 100 x $0.77M
  EXPECT_NEAR(b.rack_usd[static_cast<std::size_t>(CapexCategory::kOther)], 8e6, 1e-3);         // 100 x $0.08M
  EXPECT_NEAR(b.facility_usd[static_cast<std::size_t>(CapexCategory::kFacilityShell)], 113.704e6, 1e-3);  // x 6.1
  EXPECT_NEAR(b.facility_usd[static_cast<std::size_t>(CapexCategory::kElectrical)], 117.432e6, 1e-3);     // x 6.3
  EXPECT_NEAR(b.facility_usd[static_cast<std::size_t>(CapexCategory::kOther)], 18.64e6, 1e-3);            // x 1.0
  EXPECT_NEAR(scope_usd(b, CapexScope::kItEquipment, 0.6), 340e6, 1e-3);
  EXPECT_NEAR(scope_usd(b, CapexScope::kPhysicalInfrastructure, 0.6), 249.776e6, 1e-3);
  EXPECT_NEAR(b.total_usd(), 589.776e6, 1e-3);
}

TEST(Capex, MixedFleetAddsPlatformsAndKeepsFacilityOnce) {
  RackCapex other_platform;
  other_platform.per_rack[static_cast<std::size_t>(CapexCategory::kGpuSystems)] = range(7.0, 7.8, 9.0);
  other_platform.per_rack[static_cast<std::size_t>(CapexCategory::kNetworking)] = range(0.8, 1.0, 1.3);
  const std::vector<FleetRacks> fleet{{gb200_rack(), 10}, {other_platform, 5}};
  const CapexBreakdown b = fleet_capex(fleet, 10.0, facility(), CapexCase::kHigh);
  // GPU systems: 10 x $3.0M + 5 x $9.0M = $75M; networking 10 x $0.95M + 5 x $1.3M = $16M; storage 10 x $0.12M.
  EXPECT_NEAR(b.category_usd(CapexCategory::kGpuSystems), 75e6, 1e-3);
  EXPECT_NEAR(b.category_usd(CapexCategory::kNetworking), 16e6, 1e-3);
  // Other: storage $1.2M + 10 MW x $2.0M = $21.2M.
  EXPECT_NEAR(b.category_usd(CapexCategory::kOther), 21.2e6, 1e-3);
  // Facility at the high case: 10 MW x ($8.0M + $8.5M + $2.0M) = $185M; all-in 75 + 16 + 1.2 + 185 = $277.2M.
  EXPECT_NEAR(b.total_usd(), 277.2e6, 1e-3);
}

TEST(Capex, ScopesAreNestedAsStated) {
  const CapexBreakdown b = capex_per_gw(gb200_rack(), kGb200FacilityW, facility(), CapexCase::kCentral);
  const double nvidia = scope_usd(b, CapexScope::kNvidiaContent, 0.6);
  const double it = scope_usd(b, CapexScope::kItEquipment, 0.6);
  const double infra = scope_usd(b, CapexScope::kPhysicalInfrastructure, 0.6);
  const double construction = scope_usd(b, CapexScope::kConstruction, 0.6);
  EXPECT_LT(nvidia, it);
  EXPECT_LT(construction, infra);
  EXPECT_DOUBLE_EQ(it + infra, scope_usd(b, CapexScope::kAllIn, 0.6));
  // With all networking counted as NVIDIA's, NVIDIA content = GPU systems + networking.
  EXPECT_NEAR(scope_usd(b, CapexScope::kNvidiaContent, 1.0),
              b.category_usd(CapexCategory::kGpuSystems) + b.category_usd(CapexCategory::kNetworking), 1e-3);
  EXPECT_NEAR(scope_usd(b, CapexScope::kNvidiaContent, 0.0), b.category_usd(CapexCategory::kGpuSystems), 1e-3);
}

TEST(Capex, EmptyFleetCostsOnlyItsFacility) {
  const CapexBreakdown b = fleet_capex({}, 1.0, facility(), CapexCase::kCentral);
  EXPECT_DOUBLE_EQ(scope_usd(b, CapexScope::kItEquipment, 0.6), 0.0);
  EXPECT_NEAR(b.total_usd(), 13.4e6, 1e-6);  // 1 MW x (6.1 + 6.3 + 1.0)
}

}  // namespace
}  // namespace gwsim::models
