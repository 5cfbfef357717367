#include "models/critical_path.hpp"

#include <algorithm>

namespace gwsim::models {
namespace {

std::int32_t days(Date from, Date to) { return to.days - from.days; }

}  // namespace

std::string_view to_string(Gate gate) {
  switch (gate) {
    case Gate::kOrderDate: return "order_date";
    case Gate::kSupplyLine: return "supply_line";
    case Gate::kHall: return "hall";
    case Gate::kCrews: return "crews";
    case Gate::kGrid: return "grid_step";
    case Gate::kGridEquipment: return "grid_equipment";
  }
  return "order_date";
}

GateAndSlack gate_of(const PodStages& p) {
  if (p.live > p.commissioned) return {Gate::kGrid, days(p.commissioned, p.live)};
  const std::int32_t grid_room = std::max(0, days(p.grid_from, p.live));
  const Date installable = std::max(p.arrived, p.hall_ready);
  if (p.installed > installable) return {Gate::kCrews, std::min(days(installable, p.installed), grid_room)};
  if (p.hall_ready >= p.arrived) return {Gate::kHall, std::min(days(p.arrived, p.hall_ready), grid_room)};
  const std::int32_t hall_room = std::min(days(p.hall_ready, p.arrived), grid_room);
  const Date after_order{p.ordered.days + 1};
  const Date opens = std::max(after_order, p.supply_opens);
  if (p.produced > opens) return {Gate::kSupplyLine, std::min(days(opens, p.produced), hall_room)};
  if (p.supply_opens > after_order) return {Gate::kSupplyLine, std::min(days(after_order, p.supply_opens), hall_room)};
  return {Gate::kOrderDate, std::min(days(p.supply_opens, after_order), hall_room)};
}

}  // namespace gwsim::models
