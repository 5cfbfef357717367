#include "sim/output/records.hpp"

namespace gwsim {

const char* to_string(Constraint constraint) {
  switch (constraint) {
    case Constraint::kNone: return "none";
    case Constraint::kGridPower: return "grid_power";
    case Constraint::kBuildings: return "buildings";
    case Constraint::kInstallCrews: return "install_crews";
    case Constraint::kRackSupply: return "rack_supply";
    case Constraint::kCommissioning: return "commissioning";
  }
  return "none";
}

HeldRacks& HeldRacks::operator+=(const HeldRacks& other) {
  rack_supply += other.rack_supply;
  buildings += other.buildings;
  install_crews += other.install_crews;
  commissioning += other.commissioning;
  grid_power += other.grid_power;
  return *this;
}

Constraint binding_constraint(const HeldRacks& held) {
  const std::pair<Constraint, std::int64_t> order[] = {{Constraint::kGridPower, held.grid_power},
                                                       {Constraint::kBuildings, held.buildings},
                                                       {Constraint::kInstallCrews, held.install_crews},
                                                       {Constraint::kRackSupply, held.rack_supply},
                                                       {Constraint::kCommissioning, held.commissioning}};
  Constraint best = Constraint::kNone;
  std::int64_t most = 0;
  for (const auto& [constraint, racks] : order) {
    if (racks > most) {
      best = constraint;
      most = racks;
    }
  }
  return best;
}

std::int64_t binding_days_of(const RunRecord& record, Constraint constraint) {
  const auto it = record.binding_days.find(to_string(constraint));
  return it == record.binding_days.end() ? 0 : it->second;
}

}  // namespace gwsim
