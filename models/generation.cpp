#include "models/generation.hpp"

#include <algorithm>

namespace gwsim::models {

GenerationMode generation_mode(const GenerationFleet& fleet, Date day) {
  if (day < fleet.in_service) return GenerationMode::kOff;
  if (fleet.retirement && day >= *fleet.retirement) return GenerationMode::kOff;
  switch (fleet.role) {
    case GenerationRole::kFirm:
      return GenerationMode::kFirm;
    case GenerationRole::kBackup:
      return GenerationMode::kBackup;
    case GenerationRole::kBridge:
      if (!fleet.bridge_until || day < *fleet.bridge_until) return GenerationMode::kFirm;
      return fleet.after_bridge == AfterBridge::kBackup ? GenerationMode::kBackup : GenerationMode::kOff;
  }
  return GenerationMode::kOff;
}

double available_mw(const GenerationFleet& fleet, Date day) {
  if (generation_mode(fleet, day) == GenerationMode::kOff) return 0.0;
  const double nameplate_share = fleet.unit_mw * static_cast<double>(fleet.unit_count) * fleet.availability;
  const double cap = fleet.permitted_cap_mw.value_or(nameplate_share);
  return std::max(0.0, std::min(cap, nameplate_share));
}

double firm_capacity_mw(const GenerationFleet& fleet, Date day) {
  return generation_mode(fleet, day) == GenerationMode::kFirm ? available_mw(fleet, day) : 0.0;
}

double backup_capacity_mw(const GenerationFleet& fleet, Date day) {
  return generation_mode(fleet, day) == GenerationMode::kBackup ? available_mw(fleet, day) : 0.0;
}

double ramp_mw_per_min(const GenerationFleet& fleet, Date day) {
  if (generation_mode(fleet, day) == GenerationMode::kOff) return 0.0;
  return static_cast<double>(fleet.unit_count) * fleet.availability * fleet.unit_ramp_mw_per_min;
}

double dispatch_mw(const GenerationFleet& fleet, Date day, double load_to_cover_mw) {
  return std::clamp(load_to_cover_mw, 0.0, available_mw(fleet, day));
}

double fuel_mmbtu(const GenerationFleet& fleet, double output_mw, double duration_h) {
  return output_mw * duration_h * fleet.heat_rate_mmbtu_per_mwh;
}

double fuel_cost_usd(const GenerationFleet& fleet, double fuel_mmbtu, Date day) {
  return fuel_mmbtu * fleet.fuel_cost_usd_per_mmbtu.value_at(day);
}

double co2_tonnes(const GenerationFleet& fleet, double fuel_mmbtu) {
  return fuel_mmbtu * fleet.emission_kg_co2_per_mmbtu / kKgPerTonne;
}

SiteGeneration site_generation(std::span<const GenerationFleet> fleets, Date day) {
  SiteGeneration site;
  for (const GenerationFleet& fleet : fleets) {
    site.firm_mw += firm_capacity_mw(fleet, day);
    site.backup_mw += backup_capacity_mw(fleet, day);
    site.ramp_mw_per_min += ramp_mw_per_min(fleet, day);
  }
  return site;
}

std::vector<double> split_output_mw(std::span<const GenerationFleet> fleets, Date day, double firm_output_mw,
                                    double backup_output_mw) {
  std::vector<double> out(fleets.size(), 0.0);
  double firm_left = std::max(0.0, firm_output_mw);
  double backup_left = std::max(0.0, backup_output_mw);
  for (std::size_t i = 0; i < fleets.size(); ++i) {
    const GenerationMode mode = generation_mode(fleets[i], day);
    double& left = mode == GenerationMode::kFirm ? firm_left : backup_left;
    if (mode == GenerationMode::kOff) continue;
    out[i] = std::min(left, available_mw(fleets[i], day));
    left -= out[i];
  }
  return out;
}

}  // namespace gwsim::models
