#include "models/capex.hpp"

namespace gwsim::models {
namespace {

constexpr double kWattsPerGw = 1e9;
constexpr double kMwPerGw = 1'000.0;

std::size_t index(CapexCategory c) { return static_cast<std::size_t>(c); }

}  // namespace

double CapexRange::at(CapexCase c) const {
  switch (c) {
    case CapexCase::kLow:
      return low_usd;
    case CapexCase::kHigh:
      return high_usd;
    case CapexCase::kCentral:
      break;
  }
  return central_usd;
}

double CapexBreakdown::category_usd(CapexCategory c) const { return rack_usd[index(c)] + facility_usd[index(c)]; }

double CapexBreakdown::total_usd() const {
  double sum = 0.0;
  for (const CapexCategory c : kCapexCategories) sum += category_usd(c);
  return sum;
}

CapexBreakdown fleet_capex(std::span<const FleetRacks> fleet, double facility_mw, const FacilityCapex& facility,
                           CapexCase c) {
  CapexBreakdown out;
  for (const FleetRacks& line : fleet) {
    const auto racks = static_cast<double>(line.racks);
    for (const CapexCategory k : kCapexCategories) {
      out.rack_usd[index(k)] += racks * line.capex.per_rack[index(k)].at(c);
    }
  }
  for (const CapexCategory k : kCapexCategories) {
    out.facility_usd[index(k)] = facility_mw * facility.per_facility_mw[index(k)].at(c);
  }
  return out;
}

CapexBreakdown capex_per_gw(const RackCapex& rack, double facility_power_per_rack_w, const FacilityCapex& facility,
                            CapexCase c) {
  const double racks = kWattsPerGw / facility_power_per_rack_w;
  CapexBreakdown out;
  for (const CapexCategory k : kCapexCategories) {
    out.rack_usd[index(k)] = racks * rack.per_rack[index(k)].at(c);
    out.facility_usd[index(k)] = kMwPerGw * facility.per_facility_mw[index(k)].at(c);
  }
  return out;
}

double scope_usd(const CapexBreakdown& b, CapexScope scope, double nvidia_networking_share) {
  double rack_sum = 0.0;
  double facility_sum = 0.0;
  for (const CapexCategory k : kCapexCategories) {
    rack_sum += b.rack_usd[index(k)];
    facility_sum += b.facility_usd[index(k)];
  }
  switch (scope) {
    case CapexScope::kNvidiaContent:
      return b.rack_usd[index(CapexCategory::kGpuSystems)] +
             nvidia_networking_share * b.rack_usd[index(CapexCategory::kNetworking)];
    case CapexScope::kItEquipment:
      return rack_sum;
    case CapexScope::kPhysicalInfrastructure:
      return facility_sum;
    case CapexScope::kConstruction:
      return b.facility_usd[index(CapexCategory::kFacilityShell)] + b.facility_usd[index(CapexCategory::kElectrical)];
    case CapexScope::kAllIn:
      break;
  }
  return rack_sum + facility_sum;
}

}  // namespace gwsim::models
