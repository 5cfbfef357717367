// Capital expenditure by category, with ranges and the scope each public figure covers.
//
// Five categories, each with a part per rack (it depends on the platform) and a part per MW of facility power
// (facility power = IT power x PUE, as in models/power_chain.hpp):
//   gpu_systems     the NVIDIA rack: GPUs, CPUs, NVLink switch trays, rack, power shelves, in-rack cooling;
//   networking      scale-out: NICs, DPUs, switches, optics and cables;
//   facility_shell  building, mechanical plant and cooling, fit-out;
//   electrical      substation, transformers, switchgear, UPS, generators, distribution;
//   other           storage (per rack); land, design and soft costs, contingency (per MW).
// Every figure is a low / central / high range; a calculation picks one case for all of them.
//   fleet:   capex_c = sum over platforms (racks_p x per_rack_c(p)) + facility_MW x per_mw_c
//   per GW:  racks = 1e9 W / facility power per rack (fractional: a GW is a rate, not a count of racks), then
//            capex_c per GW = racks x per_rack_c + 1,000 MW x per_mw_c
// Scopes (what a public figure counts):
//   nvidia_content          gpu_systems + s_nv x networking (s_nv = NVIDIA's share of networking: switches,
//                           NICs, DPUs, not third-party optics and cables)
//   it_equipment            every per-rack part (GPU systems, networking, storage): Bernstein's "compute"
//   physical_infrastructure every per-MW part: Bernstein's "infrastructure"
//   construction            facility_shell + electrical per MW: a construction cost guide's "cost per MW of
//                           critical load" before land, soft costs and contingency (and per MW of IT, not of
//                           facility: divide by PUE to compare)
//   all_in                  everything
// Defaults and their sources: docs/validation.md; the numbers belong in configs/, not in this file.
//
// Worked example (checked by tests/unit/capex_test.cpp), central case: a GB200 NVL72 rack of $2.55M GPU systems,
// $0.77M networking, $0.08M storage; per MW of facility $6.1M shell, $6.3M electrical, $1.0M other; facility
// power per rack 132 kW / 0.85 x 1.2 = 186,352.94 W, so 1 GW holds 5,366.16 racks:
//   IT equipment per GW   5,366.16 x $3.40M = $18.245B
//   infrastructure per GW 1,000 x $13.4M    = $13.400B        all-in $31.645B per GW of facility power
//   NVIDIA content (s_nv = 0.6): 5,366.16 x ($2.55M + 0.6 x $0.77M) = $16.163B
// A fleet of 100 such racks in an 18.64 MW facility: $340M of IT equipment + 18.64 x $13.4M = $249.776M.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace gwsim::models {

enum class CapexCategory { kGpuSystems, kNetworking, kFacilityShell, kElectrical, kOther };
inline constexpr std::size_t kCapexCategoryCount = 5;
inline constexpr std::array<CapexCategory, kCapexCategoryCount> kCapexCategories{
    CapexCategory::kGpuSystems, CapexCategory::kNetworking, CapexCategory::kFacilityShell, CapexCategory::kElectrical,
    CapexCategory::kOther};

enum class CapexCase { kLow, kCentral, kHigh };

struct CapexRange {
  double low_usd = 0.0;
  double central_usd = 0.0;
  double high_usd = 0.0;
  double at(CapexCase c) const;
};

// Per rack of one platform; only the per-rack parts (gpu_systems, networking, other = storage) are usually set.
struct RackCapex {
  std::array<CapexRange, kCapexCategoryCount> per_rack{};
};

// Per MW of facility power; only the per-MW parts (facility_shell, electrical, other) are usually set.
struct FacilityCapex {
  std::array<CapexRange, kCapexCategoryCount> per_facility_mw{};
};

struct CapexBreakdown {
  std::array<double, kCapexCategoryCount> rack_usd{};      // the per-rack parts
  std::array<double, kCapexCategoryCount> facility_usd{};  // the per-MW parts
  double category_usd(CapexCategory c) const;
  double total_usd() const;
};

struct FleetRacks {
  RackCapex capex;
  std::int64_t racks = 0;
};

enum class CapexScope { kNvidiaContent, kItEquipment, kPhysicalInfrastructure, kConstruction, kAllIn };

CapexBreakdown fleet_capex(std::span<const FleetRacks> fleet, double facility_mw, const FacilityCapex& facility,
                           CapexCase c);
// USD per GW of facility power for a fleet of one platform.
CapexBreakdown capex_per_gw(const RackCapex& rack, double facility_power_per_rack_w, const FacilityCapex& facility,
                            CapexCase c);
// The part of a breakdown a public figure's scope covers; nvidia_networking_share is s_nv above.
double scope_usd(const CapexBreakdown& breakdown, CapexScope scope, double nvidia_networking_share);

}  // namespace gwsim::models
