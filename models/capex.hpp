// Capital expenditure by category, and the scope each public figure covers.
//
// Eight categories: three per rack (they depend on the platform), three per MW of facility power (facility power
// = IT power x PUE, as in models/power_chain.hpp) and two for the power levers a site states:
//   per rack   gpu_systems     the NVIDIA rack: GPUs, CPUs, NVLink switch trays, rack, power shelves, in-rack
//                              cooling;
//              networking      scale-out: NICs, DPUs, switches, optics and cables;
//              storage         the rack's share of storage;
//   per MW     facility_shell  building, mechanical plant and cooling, fit-out;
//              electrical      substation, transformers, switchgear, UPS, generators, distribution;
//              other           land, design and soft costs, contingency;
//   levers     onsite_generation  gas turbines or engines: nameplate MW (n x P_u, models/generation.hpp) x $ per MW;
//              battery_storage    batteries: power MW x 1,000 kW/MW x $ per kW (inverters, transformer, grid
//                                 connection) + energy MWh x 1,000 kWh/MWh x $ per kWh (cells, racks, enclosures).
//   fleet:   capex_c = racks x per_rack_c (per platform, summed)   or   facility_MW x per_mw_c
//   per GW:  racks = 1e9 W / facility power per rack (fractional: a GW is a rate, not a count of racks), then
//            capex_c per GW = racks x per_rack_c + 1,000 MW x per_mw_c
// Scopes (what a public figure counts):
//   nvidia_content          gpu_systems + s_nv x networking (s_nv = NVIDIA's share of networking: switches,
//                           NICs, DPUs, not third-party optics and cables)
//   it_equipment            every per-rack category: Bernstein's "compute"
//   physical_infrastructure every per-MW category and the levers: Bernstein's "infrastructure"
//   construction            facility_shell + electrical: a construction cost guide's "cost per MW of critical
//                           load" before land, soft costs and contingency (and per MW of IT, not of facility:
//                           divide by PUE to compare)
//   all_in                  everything
// Parameters: per-rack figures in USD per rack, per-MW figures in USD per MW of facility power, s_nv a fraction.
// Defaults and their sources: configs/platforms.yaml (per rack), configs/defaults.yaml (per MW and s_nv); the
// public figures they reconcile with: docs/validation.md. This file holds no numbers.
//
// Worked example (checked by tests/unit/capex_test.cpp): a GB200 NVL72 rack of $2.55M GPU systems, $0.77M
// networking, $0.08M storage; per MW of facility $6.1M shell, $6.3M electrical, $1.0M other; facility power per
// rack 132 kW / 0.85 x 1.2 = 186,352.94 W, so 1 GW holds 5,366.16 racks:
//   IT equipment per GW   5,366.16 x $3.40M = $18.245B
//   infrastructure per GW 1,000 x $13.4M    = $13.400B        all-in $31.645B per GW of facility power
//   NVIDIA content (s_nv = 0.6): 5,366.16 x ($2.55M + 0.6 x $0.77M) = $16.163B
// A fleet of 100 such racks in an 18.64 MW facility: $340M of IT equipment + 18.64 x $13.4M = $249.776M.
// Levers: 10 turbines of 34 MW at $1.4M per MW = 340 x $1.4M = $476M; a 100 MW / 200 MWh battery at $150 per kW
// and $200 per kWh = 100,000 kW x $150 + 200,000 kWh x $200 = $15M + $40M = $55M ($275 per kWh of a 2-hour
// system); physical infrastructure then counts both, construction neither.
#pragma once

#include <array>
#include <cstddef>

namespace gwsim::models {

enum class CapexCategory {
  kGpuSystems,
  kNetworking,
  kStorage,
  kFacilityShell,
  kElectrical,
  kOther,
  kOnsiteGeneration,
  kBatteryStorage
};
inline constexpr std::size_t kCapexCategoryCount = 8;
inline constexpr std::array<CapexCategory, kCapexCategoryCount> kCapexCategories{
    CapexCategory::kGpuSystems,    CapexCategory::kNetworking, CapexCategory::kStorage,
    CapexCategory::kFacilityShell, CapexCategory::kElectrical, CapexCategory::kOther,
    CapexCategory::kOnsiteGeneration, CapexCategory::kBatteryStorage};
// "gpu_systems", "networking", "storage", "facility_shell", "electrical", "other", "onsite_generation",
// "battery_storage": the keys of the catalog, the defaults and a scenario's finance (the first six), and of
// summary.json's capex block.
const char* to_string(CapexCategory category);

// Per rack of one platform, USD.
struct RackCapex {
  double gpu_systems_usd = 0.0;
  double networking_usd = 0.0;
  double storage_usd = 0.0;
  double total_usd() const { return gpu_systems_usd + networking_usd + storage_usd; }
};

// Per MW of facility power, USD.
struct FacilityCapex {
  double facility_shell_usd = 0.0;
  double electrical_usd = 0.0;
  double other_usd = 0.0;
  double total_usd() const { return facility_shell_usd + electrical_usd + other_usd; }
};

// USD by category.
struct CapexBreakdown {
  std::array<double, kCapexCategoryCount> usd{};
  double& operator[](CapexCategory c) { return usd[static_cast<std::size_t>(c)]; }
  double operator[](CapexCategory c) const { return usd[static_cast<std::size_t>(c)]; }
  double total_usd() const;
  CapexBreakdown& operator+=(const CapexBreakdown& other);
};

enum class CapexScope { kNvidiaContent, kItEquipment, kPhysicalInfrastructure, kConstruction, kAllIn };

// racks x the per-rack figures (racks may be fractional: a rate of racks per GW).
CapexBreakdown rack_capex(const RackCapex& rack, double racks);
// facility_mw x the per-MW figures.
CapexBreakdown facility_capex(const FacilityCapex& facility, double facility_mw);
// nameplate_mw x usd_per_mw, as onsite_generation.
CapexBreakdown generation_capex(double nameplate_mw, double usd_per_mw);
// power_mw x 1,000 x usd_per_kw + energy_mwh x 1,000 x usd_per_kwh, as battery_storage.
CapexBreakdown battery_capex(double power_mw, double usd_per_kw, double energy_mwh, double usd_per_kwh);
// USD per GW of facility power for a fleet of one platform.
CapexBreakdown capex_per_gw(const RackCapex& rack, double facility_power_per_rack_w, const FacilityCapex& facility);
// The part of a breakdown a public figure's scope covers; nvidia_networking_share is s_nv above.
double scope_usd(const CapexBreakdown& breakdown, CapexScope scope, double nvidia_networking_share);

}  // namespace gwsim::models
