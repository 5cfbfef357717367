// The power levers of a run, planned once before the rollout: long-lead equipment allocated from its supply lines
// (models/equipment.hpp), the grid each site gets once every step waits for its equipment, and the generation
// fleets as their units allow (models/generation.hpp). SimGrid-free and made from the Scenario alone, so every
// replication (with its own drawn lead times and dates) plans its own.
//
// Rules (docs/models.md, "Power levers"):
//   - every order (a grid step's equipment, a generation fleet's units) is served by its line under the scenario's
//     allocation rule, all sites together;
//   - a grid step is energized on the later of its date (the interconnection approval) and the day its last
//     equipment order is installed; it is never energized when an order is short. Steps keep their order: a step
//     is not energized before the steps listed before it that are energized; a step never energized is left out and
//     the steps after it keep their own dates;
//   - a fleet with a line enters service on the later of its in_service date and the day its units are installed
//     (never, when short); a bridge's bridge_until is the energization of the step it bridges.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/generation.hpp"
#include "models/schedule.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim::engine {

struct EquipmentOrderOutcome {
  std::size_t site = 0;
  std::string line;
  std::int64_t units = 0;
  std::int32_t grid_step = 0;  // 1-based grid point the order is for; 0 for a generation fleet
  std::string fleet;           // the generation fleet it is for (empty for a grid step)
  models::Date ordered;
  std::optional<models::Date> last_delivery;
  std::optional<models::Date> installed;
  std::int64_t units_delivered = 0;  // by the line, at any date (short when below units)
};

struct SitePowerPlan {
  models::Schedule grid;  // the interconnect capacity as energized
  // Per stated grid point: the day it is energized (none: never), and the supply lines that made it later than its
  // own date (empty when it came on its date).
  std::vector<std::optional<models::Date>> step_energized;
  std::vector<std::string> step_waited_for;
  std::vector<models::GenerationFleet> fleets;          // in service as their units allow
  std::vector<models::GenerationFleet> fleets_planned;  // as if their units came on time (for held racks)
  bool has_equipment = false;  // some grid step or fleet of the site waits for equipment
  bool has_supply = false;     // generation, a battery or swing headroom: the site's power is not the grid's alone
  std::optional<models::Date> last_installed;  // the last of its equipment orders installed (none if any never is)
};

struct PowerPlan {
  std::vector<SitePowerPlan> sites;
  std::vector<EquipmentOrderOutcome> orders;  // in the scenario's order: per site, grid equipment then fleets
};

PowerPlan plan_power(const Scenario& scenario);

}  // namespace gwsim::engine
