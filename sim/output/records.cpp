#include "sim/output/records.hpp"

#include <string>

namespace gwsim {
namespace {

// In Constraint order.
constexpr std::pair<Constraint, const char*> kConstraintNames[] = {
    {Constraint::kNone, "none"},
    {Constraint::kGridPower, "grid_power"},
    {Constraint::kBuildings, "buildings"},
    {Constraint::kInstallCrews, "install_crews"},
    {Constraint::kRackSupply, "rack_supply"},
    {Constraint::kCommissioning, "commissioning"},
    {Constraint::kGridEquipment, "grid_equipment"},
    {Constraint::kGenerationSupply, "generation_supply"},
};
static_assert(std::size(kConstraintNames) == kConstraintCount);

// In EventKind order. Decimals follow timeline.csv's for the same unit.
constexpr EventKindInfo kEventKinds[] = {
    {EventKind::kTrancheOrdered, "tranche_ordered", "tranche", "racks ordered", "racks", 0, "", "", 0},
    {EventKind::kPhaseDone, "phase_done", "hall", "the hall's IT capacity", "MW", 3, "", "", 0},
    {EventKind::kHallReady, "hall_ready", "hall", "the hall's IT capacity", "MW", 3, "", "", 0},
    {EventKind::kGridEnergized, "grid_energized", "grid step: step N, the Nth point of the site's grid_capacity",
     "capacity the step reaches", "MW", 3, "days the ramp takes (0: a step)", "days", 3},
    {EventKind::kFirstDelivery, "first_delivery", "tranche", "racks in the first delivery", "racks", 0, "", "", 0},
    {EventKind::kFirstTokens, "first_tokens", "tranche of the first live pod", "racks live at the site", "racks", 0,
     "", "", 0},
    {EventKind::kGwLive, "gw_live", "GW number (1, 2, ...)", "live capacity that day", "MW", 3, "", "", 0},
    {EventKind::kInvestment, "investment", "investment rule", "amount released", "USD", 0,
     "the GW whose going live released it (per_gw_live rules only)", "GW", 0},
    {EventKind::kConstraintStarted, "constraint_started", "constraint", "racks it holds back", "racks", 0, "", "", 0},
    {EventKind::kConstraintStopped, "constraint_stopped", "constraint", "racks it still holds back", "racks", 0, "",
     "", 0},
    {EventKind::kDemandExceedsCapacity, "demand_exceeds_capacity", "", "demand not served", "PFLOP/s", 1,
     "demand asked", "PFLOP/s", 1},
    {EventKind::kDemandMet, "demand_met", "", "demand asked, all served", "PFLOP/s", 1, "", "", 0},
    {EventKind::kGridLimitBelowIdle, "grid_limit_below_idle", "", "idle draw of the site's live GPU racks", "MW", 3,
     "GPU-rack power the grid allows at the PUE in force", "MW", 3},
    {EventKind::kRacksNeverAdmitted, "racks_never_admitted", "constraint that holds them for good",
     "racks at the site it holds for good", "racks", 0, "", "", 0},
    {EventKind::kEquipmentOrdered, "equipment_ordered", "supply line", "units ordered", "units", 0,
     "grid step the order is for (1 = the first; 0 for a generation fleet)", "step", 0},
    {EventKind::kEquipmentDelivered, "equipment_delivered", "supply line", "units of the order delivered (the last)",
     "units", 0, "grid step the order is for (1 = the first; 0 for a generation fleet)", "step", 0},
    {EventKind::kEquipmentInstalled, "equipment_installed", "supply line", "units of the order installed", "units", 0,
     "grid step the order is for (1 = the first; 0 for a generation fleet)", "step", 0},
    {EventKind::kGenerationStarted, "generation_started", "generation fleet", "power it can give", "MW", 3,
     "1 when it counts as firm supply, 0 as backup", "flag", 0},
    {EventKind::kGenerationStopped, "generation_stopped", "generation fleet", "power it gave up", "MW", 3,
     "1 when it stays as backup, 0 when retired", "flag", 0},
    {EventKind::kTrainingSwingCapped, "training_swing_capped", "", "training power capped", "MW", 3,
     "training swing stated", "MW", 3},
    {EventKind::kEquipmentShort, "equipment_short", "supply line", "units of the order not installed by the end",
     "units", 0, "units ordered", "units", 0},
    {EventKind::kTrancheRetiring, "tranche_retiring", "tranche", "racks retired that day", "racks", 0,
     "racks of the tranche live at the site before", "racks", 0},
    {EventKind::kTrancheRetired, "tranche_retired", "tranche", "racks retired at the site in all", "racks", 0, "", "",
     0},
};

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < std::size(kEventKinds); ++i) {
    if (static_cast<std::size_t>(kEventKinds[i].kind) != i) return false;
  }
  for (std::size_t i = 0; i < std::size(kConstraintNames); ++i) {
    if (static_cast<std::size_t>(kConstraintNames[i].first) != i) return false;
  }
  return true;
}
static_assert(in_enum_order(), "the name tables must list their enums in order");

}  // namespace

const char* to_string(Constraint constraint) {
  return kConstraintNames[static_cast<std::size_t>(constraint)].second;
}

std::optional<Constraint> constraint_from_string(std::string_view name) {
  for (const auto& [constraint, text] : kConstraintNames) {
    if (name == text) return constraint;
  }
  return std::nullopt;
}

std::span<const EventKindInfo> event_kinds() { return kEventKinds; }

const EventKindInfo& info(EventKind kind) { return kEventKinds[static_cast<std::size_t>(kind)]; }

const char* to_string(EventKind kind) { return info(kind).name; }

std::optional<EventKind> event_kind_from_string(std::string_view name) {
  for (const EventKindInfo& k : kEventKinds) {
    if (name == k.name) return k.kind;
  }
  return std::nullopt;
}

HeldRacks& HeldRacks::operator+=(const HeldRacks& other) {
  rack_supply += other.rack_supply;
  buildings += other.buildings;
  install_crews += other.install_crews;
  commissioning += other.commissioning;
  grid_power += other.grid_power;
  grid_equipment += other.grid_equipment;
  generation_supply += other.generation_supply;
  return *this;
}

std::int64_t HeldRacks::of(Constraint constraint) const {
  switch (constraint) {
    case Constraint::kNone: return 0;
    case Constraint::kGridPower: return grid_power;
    case Constraint::kBuildings: return buildings;
    case Constraint::kInstallCrews: return install_crews;
    case Constraint::kRackSupply: return rack_supply;
    case Constraint::kCommissioning: return commissioning;
    case Constraint::kGridEquipment: return grid_equipment;
    case Constraint::kGenerationSupply: return generation_supply;
  }
  return 0;
}

// kAllConstraints is in the tie-break order.
Constraint binding_constraint(const HeldRacks& held) {
  Constraint best = Constraint::kNone;
  std::int64_t most = 0;
  for (Constraint constraint : kAllConstraints) {
    if (held.of(constraint) > most) {
      best = constraint;
      most = held.of(constraint);
    }
  }
  return best;
}

namespace {
std::string spaced(std::string text) {
  for (char& ch : text)
    if (ch == '_') ch = ' ';
  return text;
}
}  // namespace

std::string words(Constraint constraint) { return spaced(to_string(constraint)); }

std::string words(models::CapexCategory category) {
  const std::string text = spaced(to_string(category));
  return text.rfind("gpu ", 0) == 0 ? "GPU " + text.substr(4) : text;
}

std::string gated_phrase(const Milestone& m) {
  std::string what;
  switch (m.gate) {
    case models::Gate::kGrid: what = "grid " + m.item + " at " + m.site; break;
    case models::Gate::kGridEquipment: what = "grid equipment " + m.item + " at " + m.site; break;
    case models::Gate::kHall: what = "hall " + m.item + " at " + m.site; break;
    case models::Gate::kCrews: what = "install crews at " + m.site; break;
    case models::Gate::kSupplyLine: what = "supply line " + m.item + ", racks for " + m.site; break;
    case models::Gate::kOrderDate: what = "order date of " + m.item + ", racks for " + m.site; break;
  }
  return what + " (next constraint " + std::to_string(m.gate_lead_days) + (m.gate_lead_days == 1 ? " day" : " days") +
         " earlier)";
}

models::CapexBreakdown held_capex(const RunRecord& record) {
  models::CapexBreakdown held = record.final_state.capex;
  for (const models::CapexCategory c : models::kCapexCategories) held[c] -= record.retired_capex[c];
  return held;
}

std::int64_t binding_days_of(const RunRecord& record, Constraint constraint) {
  return record.binding_days[constraint];
}

}  // namespace gwsim
