#include "sim/output/columns.hpp"

#include <charconv>
#include <system_error>

namespace gwsim {
namespace {

// Fixed-point text with std::to_chars: locale-free, exact round-trip rules, and several times faster than
// snprintf on the tens of thousands of cells a daily run writes.
std::string fixed(double value, int decimals) {
  char buf[64];
  if (value == 0.0) value = 0.0;  // no "-0.000"
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, decimals);
  if (ec != std::errc()) return "nan";
  std::string text(buf, end);
  // A tiny negative value rounds to "-0.000": print it as zero.
  if (text[0] == '-' && text.find_first_not_of("-0.") == std::string::npos) text.erase(0, 1);
  return text;
}
std::string count(std::int64_t value) { return std::to_string(value); }

// Columns shared by both files, after `date` (and `site` in sites.csv).
std::vector<Column> state_columns(bool with_investment) {
  std::vector<Column> c = {
      {"racks", "racks", "GPU racks live (commissioned and powered)",
       [](const StateRow& r) { return count(r.live.racks); }},
      {"gpu_packages", "packages", "GPU packages in live racks",
       [](const StateRow& r) { return count(r.live.gpu_packages); }},
      {"gpu_dies", "dies", "GPU dies in live racks (packages x dies per package)",
       [](const StateRow& r) { return count(r.live.gpu_dies); }},
      {"pflops_fp8", "PFLOP/s", "FP8 compute of live racks, as the vendor quotes it",
       [](const StateRow& r) { return fixed(r.live.pflops_fp8, 1); }},
      {"pflops_fp4", "PFLOP/s", "FP4 compute of live racks, as the vendor quotes it",
       [](const StateRow& r) { return fixed(r.live.pflops_fp4, 1); }},
      {"racks_ordered", "racks", "racks ordered so far (cumulative)",
       [](const StateRow& r) { return count(r.racks_ordered); }},
      {"racks_delivered", "racks", "racks delivered to site so far (cumulative)",
       [](const StateRow& r) { return count(r.racks_delivered); }},
      {"racks_installed", "racks", "racks installed in halls so far (cumulative)",
       [](const StateRow& r) { return count(r.racks_installed); }},
      {"utilization", "fraction", "compute served as a fraction of the live racks' peak FP8 compute (0-1)",
       [](const StateRow& r) { return fixed(r.utilization, 4); }},
      {"demand_pflops", "PFLOP/s",
       "FP8 compute asked of the fleet: training reservations plus inference demand (with no demand stated: the "
       "utilization schedule x live compute)",
       [](const StateRow& r) { return fixed(r.demand_pflops, 1); }},
      {"served_pflops", "PFLOP/s", "FP8 compute the live racks run",
       [](const StateRow& r) { return fixed(r.served_pflops, 1); }},
      {"unserved_pflops", "PFLOP/s", "demand not served: too few live racks, or the power cap",
       [](const StateRow& r) { return fixed(r.unserved_pflops, 1); }},
      {"power_capped_pflops", "PFLOP/s",
       "compute asked of the live racks that the power cap withheld (part of unserved_pflops)",
       [](const StateRow& r) { return fixed(r.lost_to_cap_pflops, 1); }},
      {"it_power_mw", "MW", "IT power drawn: live GPU racks plus their non-GPU IT share",
       [](const StateRow& r) { return fixed(r.it_power_mw, 3); }},
      {"facility_power_mw", "MW", "facility power drawn: IT power x PUE",
       [](const StateRow& r) { return fixed(r.facility_power_mw, 3); }},
      {"pue", "ratio",
       "PUE in force (the site's month in a monthly profile); fleet rows: facility power / IT power, 0 when idle",
       [](const StateRow& r) { return fixed(r.pue, 4); }},
      {"grid_draw_mw", "MW", "power drawn at the grid interconnect: facility power / (1 - substation loss)",
       [](const StateRow& r) { return fixed(r.grid_draw_mw, 3); }},
      {"live_capacity_mw", "MW", "facility power of the live racks at peak load: what 'GW live' counts",
       [](const StateRow& r) { return fixed(r.live_capacity_mw, 3); }},
      {"grid_capacity_mw", "MW", "grid interconnect capacity energized",
       [](const StateRow& r) { return fixed(r.grid_capacity_mw, 3); }},
      {"it_energy_mwh", "MWh", "IT energy used since the start (cumulative, through the end of the day)",
       [](const StateRow& r) { return fixed(r.it_energy_mwh, 3); }},
      {"energy_mwh", "MWh", "facility energy used since the start (cumulative, through the end of the day)",
       [](const StateRow& r) { return fixed(r.energy_mwh, 3); }},
      {"grid_energy_mwh", "MWh", "energy drawn at the grid interconnects since the start (cumulative)",
       [](const StateRow& r) { return fixed(r.grid_energy_mwh, 3); }},
      {"co2_t", "tCO2", "carbon emitted since the start: grid energy x the site's carbon intensity (cumulative)",
       [](const StateRow& r) { return fixed(r.co2_t, 3); }},
      {"water_m3", "m3", "water used since the start: IT energy x the site's water usage effectiveness (cumulative)",
       [](const StateRow& r) { return fixed(r.water_m3, 3); }},
      {"capex_usd", "USD", "capital spent so far: racks on delivery, halls when ready (cumulative)",
       [](const StateRow& r) { return fixed(r.capex_usd, 0); }},
  };
  if (with_investment) {
    c.push_back({"investment_usd", "USD", "investment released so far by the scenario's rules (cumulative)",
                 [](const StateRow& r) { return fixed(r.investment_usd, 0); }});
  }
  const std::vector<Column> held = {
      {"racks_held_supply", "racks", "racks ordered but not yet on site (production queue or in transit)",
       [](const StateRow& r) { return count(r.held.rack_supply); }},
      {"racks_held_buildings", "racks", "racks on site with no ready hall space",
       [](const StateRow& r) { return count(r.held.buildings); }},
      {"racks_held_crews", "racks", "racks on site with hall space, beyond the day's installation capacity",
       [](const StateRow& r) { return count(r.held.install_crews); }},
      {"racks_held_commissioning", "racks", "racks installed and commissioning (or waiting for the rest of their pod)",
       [](const StateRow& r) { return count(r.held.commissioning); }},
      {"racks_held_grid", "racks", "racks commissioned but not live because the grid cannot carry them",
       [](const StateRow& r) { return count(r.held.grid_power); }},
      {"binding_constraint", "name",
       "the reason holding the most racks back: grid_power, buildings, install_crews, rack_supply, commissioning "
       "or none",
       [](const StateRow& r) { return std::string(to_string(r.binding)); }},
  };
  c.insert(c.end(), held.begin(), held.end());
  return c;
}

Column date_column() {
  return {"date", "ISO 8601 date",
          "the day this row describes (state at the end of the day; cumulative figures through its end); in hourly "
          "runs the hour, as YYYY-MM-DDTHH:00 (UTC; cumulative figures through the end of the hour)",
          [](const StateRow& r) {
            std::string text = models::to_iso(r.date);
            if (r.hour >= 0) {
              text += r.hour < 10 ? "T0" : "T";
              text += std::to_string(r.hour) + ":00";
            }
            return text;
          }};
}

}  // namespace

const std::vector<Column>& timeline_columns() {
  static const std::vector<Column> columns = [] {
    std::vector<Column> c{date_column()};
    for (Column& col : state_columns(true)) c.push_back(std::move(col));
    return c;
  }();
  return columns;
}

const std::vector<Column>& site_columns() {
  static const std::vector<Column> columns = [] {
    std::vector<Column> c{date_column(),
                          {"site", "name", "site name from the scenario", [](const StateRow& r) { return r.site; }}};
    for (Column& col : state_columns(false)) c.push_back(std::move(col));
    return c;
  }();
  return columns;
}

const std::vector<std::string>& event_columns() {
  static const std::vector<std::string> columns{"date", "kind", "site", "item", "value", "unit", "value2", "unit2",
                                                "detail"};
  return columns;
}

}  // namespace gwsim
