#include "sim/engine/power_plan.hpp"

#include <algorithm>
#include <map>

#include "models/equipment.hpp"

namespace gwsim::engine {
namespace {

// Where an order of a line came from.
struct OrderSource {
  std::size_t site = 0;
  bool grid = true;
  std::size_t index = 0;  // grid point, or fleet
};

models::SupplyLine supply_line_of(const EquipmentLine& line) {
  models::SupplyLine out;
  out.name = line.name;
  out.units_per_week = line.units_per_week;
  out.production_start = line.from;
  out.deliveries = line.deliveries;
  out.lead_time_days = line.lead_time_days;
  return out;
}

// The grid as energized: each point from its energization day, not before the points listed before it, and
// never-energized ones left out; `on` becomes each point's day in that schedule.
models::Schedule energized_grid(const models::Schedule& stated, std::vector<std::optional<models::Date>>& on) {
  std::vector<models::SchedulePoint> points;
  for (std::size_t k = 0; k < stated.points().size(); ++k) {
    if (!on[k]) continue;
    models::SchedulePoint p = stated.points()[k];
    p.from = points.empty() ? *on[k] : std::max(*on[k], points.back().from);
    on[k] = p.from;
    points.push_back(p);
  }
  return models::Schedule(stated.initial(), std::move(points));
}

}  // namespace

PowerPlan plan_power(const Scenario& s) {
  PowerPlan plan;
  plan.sites.resize(s.sites.size());
  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    const Site& site = s.sites[i];
    SitePowerPlan& sp = plan.sites[i];
    const std::size_t steps = site.grid_capacity_w.points().size();
    sp.step_energized.resize(steps);
    sp.step_waited_for.resize(steps);
    for (std::size_t k = 0; k < steps; ++k) sp.step_energized[k] = site.grid_capacity_w.points()[k].from;
    for (const OnsiteGeneration& g : site.generation) sp.fleets.push_back(g.fleet);
    sp.has_equipment = !site.grid_equipment.empty() ||
                       std::any_of(site.generation.begin(), site.generation.end(),
                                   [](const OnsiteGeneration& g) { return g.from_line; });
    sp.has_supply = !site.generation.empty() || site.battery.stated || site.swing_headroom_w > 0.0;
  }

  // Every order, line by line, all sites together.
  for (const EquipmentLine& line : s.equipment.supply_lines) {
    std::vector<models::EquipmentOrder> orders;
    std::vector<OrderSource> sources;
    for (std::size_t i = 0; i < s.sites.size(); ++i) {
      const Site& site = s.sites[i];
      for (const EquipmentOrderSpec& o : site.grid_equipment) {
        if (o.line != line.name) continue;
        orders.push_back({site.name, o.units, o.ordered, o.priority, std::nullopt});
        sources.push_back({i, true, o.grid_step});
      }
      for (std::size_t f = 0; f < site.generation.size(); ++f) {
        const OnsiteGeneration& g = site.generation[f];
        if (!g.from_line || g.order.line != line.name) continue;
        orders.push_back({site.name, g.order.units, g.order.ordered, g.order.priority, std::nullopt});
        sources.push_back({i, false, f});
      }
    }
    const std::vector<models::OrderSchedule> schedules =
        models::allocate_supply(supply_line_of(line), orders, s.equipment.allocation);
    for (std::size_t k = 0; k < orders.size(); ++k) {
      const OrderSource& src = sources[k];
      SitePowerPlan& sp = plan.sites[src.site];
      const std::optional<models::Date> installed = models::installed_date(schedules[k], line.installation_days);
      EquipmentOrderOutcome out;
      out.site = src.site;
      out.line = line.name;
      out.units = orders[k].units;
      out.ordered = orders[k].order_date;
      out.last_delivery = schedules[k].last_delivery;
      out.installed = installed;
      out.units_delivered = schedules[k].units_delivered;
      if (src.grid) {
        out.grid_step = static_cast<std::int32_t>(src.index + 1);
        std::optional<models::Date>& on = sp.step_energized[src.index];
        const models::Date stated = s.sites[src.site].grid_capacity_w.points()[src.index].from;
        const std::optional<models::Date> both[] = {installed};
        if (on) on = models::energization_date(*on, both);
        if (on && *on > stated) {
          std::string& waited = sp.step_waited_for[src.index];
          if (waited.find(line.name) == std::string::npos) waited += (waited.empty() ? "" : "+") + line.name;
        }
        if (!on) sp.step_waited_for[src.index] = line.name;
      } else {
        models::GenerationFleet& fleet = sp.fleets[src.index];
        out.fleet = fleet.name;
        // Never installed: the fleet never enters service.
        fleet.in_service = installed ? std::max(fleet.in_service, *installed) : models::Date{INT32_MAX / 2};
      }
      if (!sp.last_installed || (installed && *installed > *sp.last_installed) || !installed) {
        sp.last_installed = installed;
      }
      plan.orders.push_back(std::move(out));
    }
  }
  // A site with an order never installed has no last-installed date, whatever the order of the lines.
  for (const EquipmentOrderOutcome& o : plan.orders) {
    if (!o.installed) plan.sites[o.site].last_installed.reset();
  }
  std::stable_sort(plan.orders.begin(), plan.orders.end(),
                   [](const EquipmentOrderOutcome& a, const EquipmentOrderOutcome& b) { return a.site < b.site; });

  for (std::size_t i = 0; i < s.sites.size(); ++i) {
    const Site& site = s.sites[i];
    SitePowerPlan& sp = plan.sites[i];
    sp.grid = sp.has_equipment ? energized_grid(site.grid_capacity_w, sp.step_energized) : site.grid_capacity_w;
    sp.fleets_planned.clear();
    for (std::size_t f = 0; f < site.generation.size(); ++f) {
      const OnsiteGeneration& g = site.generation[f];
      models::GenerationFleet& fleet = sp.fleets[f];
      models::GenerationFleet planned = g.fleet;
      if (fleet.role == models::GenerationRole::kBridge) {
        const std::size_t step = std::min(g.bridges_step, sp.step_energized.size() - 1);
        fleet.bridge_until = sp.step_energized[step];
        planned.bridge_until = sp.step_energized[step];
      }
      sp.fleets_planned.push_back(planned);
    }
  }
  return plan;
}

}  // namespace gwsim::engine
