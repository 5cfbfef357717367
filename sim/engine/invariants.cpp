#include "sim/engine/invariants.hpp"

#include <cmath>
#include <cstdio>
#include <iterator>

namespace gwsim::engine {
namespace {

std::string where(const StateRow& row) {
  return models::to_iso(row.date) + (row.site.empty() ? " (fleet)" : " (site " + row.site + ")");
}

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6f", v);
  return buf;
}

// Relative tolerance for sums of doubles.
bool above(double value, double limit) { return value > limit + 1e-9 * std::max(1.0, std::fabs(limit)); }

// The energy balance of a site's supply at a step (models/battery.hpp).
std::optional<std::string> check_supply(const SupplyBalance& s) {
  const models::SiteStepResult& d = s.dispatch;
  const double tol = 1e-6 * std::max(1.0, s.facility_mw);
  if (std::fabs(s.load_mw - s.facility_mw) > tol) {
    return "supply dispatched for " + num(s.load_mw) + " MW of facility load, the facility draws " +
           num(s.facility_mw) + " MW";
  }
  const double supplied = d.grid_mw + d.generation_mw + d.backup_mw + d.discharge_mw - d.charge_mw + d.unserved_mw;
  if (std::fabs(supplied - s.load_mw) > tol) {
    return "energy balance: load " + num(s.load_mw) + " MW, grid + generation + backup + discharge - charge + "
           "unserved = " + num(supplied) + " MW";
  }
  if (d.charge_mw > 0.0 && d.discharge_mw > 0.0) {
    return "battery charging " + num(d.charge_mw) + " MW and discharging " + num(d.discharge_mw) + " MW at once";
  }
  if (d.grid_mw < 0.0 || d.generation_mw < 0.0 || d.backup_mw < 0.0 || d.charge_mw < 0.0 || d.discharge_mw < 0.0) {
    return "a negative flow in the supply dispatch";
  }
  if (d.charge_mw > s.power_mw + tol || d.discharge_mw > s.power_mw + tol) {
    return "battery power " + num(std::max(d.charge_mw, d.discharge_mw)) + " MW above its " + num(s.power_mw) + " MW";
  }
  if (s.soc_mwh < -1e-9 || s.soc_mwh > s.energy_mwh + 1e-9 * std::max(1.0, s.energy_mwh)) {
    return "battery state of charge " + num(s.soc_mwh) + " MWh outside [0, " + num(s.energy_mwh) + "] MWh";
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> check_row(const StateRow& row, const StateRow* previous, const SiteLimits* limits,
                                     bool daily_power) {
  // Named only when something is wrong: this runs for every site every day.
  const auto at = [&row] { return where(row); };
  if (above(row.served_pflops, row.live.pflops_fp8)) {
    return at() + ": " + num(row.served_pflops) + " PFLOP/s served by live racks of " + num(row.live.pflops_fp8) +
           " PFLOP/s";
  }
  if (row.live.racks + row.racks_retired > row.racks_installed || row.racks_installed > row.racks_delivered ||
      row.racks_delivered > row.racks_ordered) {
    return at() + ": racks out of order: live " + std::to_string(row.live.racks) + ", installed " +
           std::to_string(row.racks_installed) + ", delivered " + std::to_string(row.racks_delivered) +
           ", ordered " + std::to_string(row.racks_ordered);
  }
  if (limits) {
    if (above(row.live_facility_capacity_mw, limits->facility_limit_mw)) {
      return at() + ": live facility capacity " + num(row.live_facility_capacity_mw) + " MW above the grid's limit " +
             num(limits->facility_limit_mw) + " MW";
    }
    if (above(limits->hall_rack_power_w, limits->hall_budget_w)) {
      return at() + ": " + num(limits->hall_rack_power_w / 1e6) + " MW of GPU racks installed in halls that allow " +
             num(limits->hall_budget_w / 1e6) + " MW";
    }
    if (!limits->over_budget && above(limits->rack_power_w, limits->rack_budget_w)) {
      return at() + ": GPU racks draw " + num(limits->rack_power_w / 1e6) + " MW, above the power cap of " +
             num(limits->rack_budget_w / 1e6) + " MW";
    }
    if (limits->supply) {
      if (auto broken = check_supply(*limits->supply)) return at() + ": " + *broken;
    }
    if (row.live.gpu_packages != limits->expected_packages || row.live.gpu_dies != limits->expected_dies) {
      return at() + ": " + std::to_string(row.live.gpu_packages) + " packages and " +
             std::to_string(row.live.gpu_dies) + " dies live, the platforms' racks give " +
             std::to_string(limits->expected_packages) + " and " + std::to_string(limits->expected_dies);
    }
  }
  if (previous) {
    // Cumulative figures, each against the day before's, as doubles, in this order (the names static: nothing
    // but the figures is set up for the comparisons).
    static constexpr const char* kCumulative[] = {"racks ordered",  "racks delivered", "racks installed",
                                                  "racks live or retired", "racks retired", "energy (MWh)",
                                                  "capex (USD)", "investment (USD)"};
    const StateRow& p = *previous;
    const double before[] = {double(p.racks_ordered), double(p.racks_delivered), double(p.racks_installed),
                             double(p.live.racks + p.racks_retired), double(p.racks_retired), p.energy_mwh,
                             p.capex_usd, p.investment_usd};
    const double now[] = {double(row.racks_ordered), double(row.racks_delivered), double(row.racks_installed),
                          double(row.live.racks + row.racks_retired), double(row.racks_retired), row.energy_mwh,
                          row.capex_usd, row.investment_usd};
    static_assert(std::size(before) == std::size(kCumulative) && std::size(now) == std::size(kCumulative));
    for (std::size_t i = 0; i < std::size(kCumulative); ++i) {
      if (now[i] < before[i]) {
        return at() + ": " + kCumulative[i] + " decreased from " + num(before[i]) + " to " + num(now[i]);
      }
    }
    if (daily_power && row.date.days == previous->date.days + 1) {
      const double day_mwh = row.it_energy_mwh - previous->it_energy_mwh;
      const double expected = row.it_power_mw * 24.0;
      if (std::fabs(day_mwh - expected) > 1e-6 * std::max(1.0, row.it_energy_mwh)) {
        return at() + ": IT energy of the day " + num(day_mwh) + " MWh, but " + num(row.it_power_mw) +
               " MW for 24 h is " + num(expected) + " MWh";
      }
    }
  }
  return std::nullopt;
}

}  // namespace gwsim::engine
