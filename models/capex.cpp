#include "models/capex.hpp"

namespace gwsim::models {
namespace {

constexpr double kWattsPerGw = 1e9;
constexpr double kMwPerGw = 1'000.0;
constexpr double kKwhPerMwh = 1'000.0;

}  // namespace

const char* to_string(CapexCategory category) {
  switch (category) {
    case CapexCategory::kGpuSystems: return "gpu_systems";
    case CapexCategory::kNetworking: return "networking";
    case CapexCategory::kStorage: return "storage";
    case CapexCategory::kFacilityShell: return "facility_shell";
    case CapexCategory::kElectrical: return "electrical";
    case CapexCategory::kOther: return "other";
    case CapexCategory::kOnsiteGeneration: return "onsite_generation";
    case CapexCategory::kBatteryStorage: return "battery_storage";
  }
  return "other";
}

double CapexBreakdown::total_usd() const {
  double sum = 0.0;
  for (const double x : usd) sum += x;
  return sum;
}

CapexBreakdown& CapexBreakdown::operator+=(const CapexBreakdown& other) {
  for (std::size_t i = 0; i < usd.size(); ++i) usd[i] += other.usd[i];
  return *this;
}

CapexBreakdown rack_capex(const RackCapex& rack, double racks) {
  CapexBreakdown out;
  out[CapexCategory::kGpuSystems] = racks * rack.gpu_systems_usd;
  out[CapexCategory::kNetworking] = racks * rack.networking_usd;
  out[CapexCategory::kStorage] = racks * rack.storage_usd;
  return out;
}

CapexBreakdown facility_capex(const FacilityCapex& facility, double facility_mw) {
  CapexBreakdown out;
  out[CapexCategory::kFacilityShell] = facility_mw * facility.facility_shell_usd;
  out[CapexCategory::kElectrical] = facility_mw * facility.electrical_usd;
  out[CapexCategory::kOther] = facility_mw * facility.other_usd;
  return out;
}

CapexBreakdown generation_capex(double nameplate_mw, double usd_per_mw) {
  CapexBreakdown out;
  out[CapexCategory::kOnsiteGeneration] = nameplate_mw * usd_per_mw;
  return out;
}

CapexBreakdown battery_capex(double power_mw, double usd_per_kw, double energy_mwh, double usd_per_kwh) {
  CapexBreakdown out;
  out[CapexCategory::kBatteryStorage] = power_mw * kKwhPerMwh * usd_per_kw + energy_mwh * kKwhPerMwh * usd_per_kwh;
  return out;
}

CapexBreakdown capex_per_gw(const RackCapex& rack, double facility_power_per_rack_w, const FacilityCapex& facility) {
  CapexBreakdown out = rack_capex(rack, kWattsPerGw / facility_power_per_rack_w);
  out += facility_capex(facility, kMwPerGw);
  return out;
}

double scope_usd(const CapexBreakdown& b, CapexScope scope, double nvidia_networking_share) {
  using C = CapexCategory;
  const double it = b[C::kGpuSystems] + b[C::kNetworking] + b[C::kStorage];
  const double infrastructure = b[C::kFacilityShell] + b[C::kElectrical] + b[C::kOther] + b[C::kOnsiteGeneration] +
                                b[C::kBatteryStorage];
  switch (scope) {
    case CapexScope::kNvidiaContent:
      return b[C::kGpuSystems] + nvidia_networking_share * b[C::kNetworking];
    case CapexScope::kItEquipment:
      return it;
    case CapexScope::kPhysicalInfrastructure:
      return infrastructure;
    case CapexScope::kConstruction:
      return b[C::kFacilityShell] + b[C::kElectrical];
    case CapexScope::kAllIn:
      break;
  }
  return it + infrastructure;
}

}  // namespace gwsim::models
