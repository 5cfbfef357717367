#include "sim/output/writer.hpp"

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <system_error>
#include <unistd.h>

#include "sim/output/columns.hpp"
#include "sim/output/csv.hpp"

namespace gwsim {
namespace {

std::string state_csv(const std::vector<StateRow>& rows, const std::vector<Column>& columns) {
  std::string out;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ',';
    out += columns[i].name;
  }
  out += '\n';
  for (const StateRow& row : rows) {
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (i) out += ',';
      out += csv_field(columns[i].format(row));
    }
    out += '\n';
  }
  return out;
}

// Rounds to a fixed number of decimals so that summary.json prints stable, readable numbers.
double round_to(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const double r = std::round(value * scale) / scale;
  return r == 0.0 ? 0.0 : r;
}

nlohmann::ordered_json state_json(const StateRow& s) {
  nlohmann::ordered_json j;
  j["date"] = models::to_iso(s.date);
  if (s.hour >= 0) j["hour"] = s.hour;
  j["racks"] = s.live.racks;
  j["gpu_packages"] = s.live.gpu_packages;
  j["gpu_dies"] = s.live.gpu_dies;
  j["pflops_fp8"] = round_to(s.live.pflops_fp8, 1);
  j["pflops_fp4"] = round_to(s.live.pflops_fp4, 1);
  j["racks_ordered"] = s.racks_ordered;
  j["racks_delivered"] = s.racks_delivered;
  j["racks_installed"] = s.racks_installed;
  j["it_power_mw"] = round_to(s.it_power_mw, 3);
  j["facility_power_mw"] = round_to(s.facility_power_mw, 3);
  j["grid_draw_mw"] = round_to(s.grid_draw_mw, 3);
  j["live_capacity_mw"] = round_to(s.live_capacity_mw, 3);
  j["grid_capacity_mw"] = round_to(s.grid_capacity_mw, 3);
  j["it_energy_mwh"] = round_to(s.it_energy_mwh, 3);
  j["energy_mwh"] = round_to(s.energy_mwh, 3);
  j["grid_energy_mwh"] = round_to(s.grid_energy_mwh, 3);
  j["co2_t"] = round_to(s.co2_t, 3);
  j["water_m3"] = round_to(s.water_m3, 3);
  j["demand_pflops"] = round_to(s.demand_pflops, 1);
  j["served_pflops"] = round_to(s.served_pflops, 1);
  j["unserved_pflops"] = round_to(s.unserved_pflops, 1);
  j["capex_usd"] = round_to(s.capex_usd, 0);
  j["investment_usd"] = round_to(s.investment_usd, 0);
  return j;
}

std::filesystem::path temporary_for(const std::filesystem::path& path) {
  std::string name = ".";
  name += path.filename().string();
  name += ".tmp-";
  name += std::to_string(::getpid());
  return path.parent_path() / name;
}

// Writes content to tmp; on failure removes it and throws with the path and the system's reason.
void write_temporary(const std::filesystem::path& tmp, const std::string& content) {
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (out) {
    out.write(content.data(), static_cast<std::streamsize>(content.size()));
    out.flush();
  }
  if (!out) {
    const std::string reason = std::strerror(errno);
    out.close();
    std::error_code ignored;
    std::filesystem::remove(tmp, ignored);
    throw OutputError("cannot write " + tmp.string() + ": " + reason);
  }
}

std::string money(double usd) {
  char buf[64];
  if (std::fabs(usd) >= 1e9) std::snprintf(buf, sizeof buf, "$%.2fB", usd / 1e9);
  else if (std::fabs(usd) >= 1e6) std::snprintf(buf, sizeof buf, "$%.1fM", usd / 1e6);
  else std::snprintf(buf, sizeof buf, "$%.0f", usd);
  return buf;
}

std::string with_commas(std::int64_t n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

// Hours simulated (whole days from the start to the end date).
double run_hours(const Manifest& manifest) {
  const auto start = models::parse_iso_date(manifest.start_date);
  const auto end = models::parse_iso_date(manifest.end_date);
  if (!start || !end) return 0.0;
  return 24.0 * static_cast<double>(models::days_between(*start, *end) + 1);
}

// Grid energy over the simulated hours: the run's mean draw at the interconnects.
double average_grid_draw_mw(const RunRecord& record, const Manifest& manifest) {
  const double hours = run_hours(manifest);
  return hours > 0.0 ? record.final_state.grid_energy_mwh / hours : 0.0;
}

// An event's figure rounded to `decimals`, in the shortest text that reads back as that number: "650", not
// "650.000" (events mix units, so no column-wide format applies).
std::string event_number(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  double rounded = std::round(value * scale) / scale;
  if (rounded == 0.0) rounded = 0.0;  // no "-0"
  char buf[64];
  const auto [end, ec] = std::to_chars(buf, buf + sizeof buf, rounded, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buf, end) : "nan";
}

}  // namespace

std::string timeline_csv(const RunRecord& record) { return state_csv(record.timeline, timeline_columns()); }
std::string sites_csv(const RunRecord& record) { return state_csv(record.sites, site_columns()); }

std::string events_csv(const RunRecord& record) {
  std::string out;
  const auto& columns = event_columns();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) out += ',';
    out += columns[i];
  }
  out += '\n';
  for (const Event& e : record.events) {
    const EventKindInfo& kind = info(e.kind);
    out += models::to_iso(e.date);
    if (e.hour >= 0) out += (e.hour < 10 ? "T0" : "T") + std::to_string(e.hour) + ":00";
    out += ',' + std::string(kind.name) + ',' + csv_field(e.site) + ',' + csv_field(e.item) + ',' +
           event_number(e.value, kind.decimals) + ',' + csv_field(kind.unit) + ',';
    if (e.value2) out += event_number(*e.value2, kind.decimals2) + ',' + csv_field(kind.unit2);
    else out += ',';
    out += ',' + csv_field(e.detail) + '\n';
  }
  return out;
}

std::string summary_json(const RunRecord& record, const Manifest& manifest) {
  nlohmann::ordered_json j;
  j["scenario"] = manifest.scenario_name;
  j["first_tokens_date"] = record.first_tokens_date.empty() ? nlohmann::ordered_json(nullptr)
                                                            : nlohmann::ordered_json(record.first_tokens_date);
  j["gw_live_dates"] = record.gw_live_dates;
  nlohmann::ordered_json tranches = nlohmann::ordered_json::array();
  for (const TrancheOutcome& t : record.tranches) {
    nlohmann::ordered_json tj;
    tj["name"] = t.name;
    tj["racks"] = t.racks;
    tj["first_live_date"] =
        t.first_live_date.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(t.first_live_date);
    tj["fully_live_date"] =
        t.fully_live_date.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(t.fully_live_date);
    tranches.push_back(tj);
  }
  j["tranches"] = tranches;
  j["final"] = state_json(record.final_state);
  j["peak_facility_power_mw"] = round_to(record.peak_facility_power_mw, 3);
  j["peak_grid_draw_mw"] = round_to(record.peak_grid_draw_mw, 3);
  j["average_grid_draw_mw"] = round_to(average_grid_draw_mw(record, manifest), 3);
  nlohmann::ordered_json demand;
  demand["stated"] = record.demand_stated;
  demand["shortfall_days"] = record.shortfall_days;
  demand["peak_unserved_pflops"] = round_to(record.peak_unserved_pflops, 1);
  demand["peak_unserved_at"] = record.peak_unserved_at.empty() ? nlohmann::ordered_json(nullptr)
                                                               : nlohmann::ordered_json(record.peak_unserved_at);
  demand["served_eflop"] = round_to(record.served_eflop, 1);
  demand["unserved_eflop"] = round_to(record.unserved_eflop, 1);
  demand["power_capped_eflop"] = round_to(record.lost_to_cap_eflop, 1);
  j["demand"] = demand;
  nlohmann::ordered_json totals;
  totals["it_energy_mwh"] = round_to(record.final_state.it_energy_mwh, 3);
  totals["facility_energy_mwh"] = round_to(record.final_state.energy_mwh, 3);
  totals["grid_energy_mwh"] = round_to(record.final_state.grid_energy_mwh, 3);
  totals["co2_t"] = round_to(record.final_state.co2_t, 3);
  totals["water_m3"] = round_to(record.final_state.water_m3, 3);
  j["totals"] = totals;
  nlohmann::ordered_json sites = nlohmann::ordered_json::array();
  for (const SiteOutcome& site : record.site_outcomes) {
    const StateRow& f = site.final_state;
    nlohmann::ordered_json sj;
    sj["site"] = site.name;
    sj["it_energy_mwh"] = round_to(f.it_energy_mwh, 3);
    sj["facility_energy_mwh"] = round_to(f.energy_mwh, 3);
    sj["grid_energy_mwh"] = round_to(f.grid_energy_mwh, 3);
    sj["peak_grid_draw_mw"] = round_to(site.peak_grid_draw_mw, 3);
    const double hours = run_hours(manifest);
    sj["average_grid_draw_mw"] = round_to(hours > 0.0 ? f.grid_energy_mwh / hours : 0.0, 3);
    sj["co2_t"] = round_to(f.co2_t, 3);
    sj["water_m3"] = round_to(f.water_m3, 3);
    sites.push_back(sj);
  }
  j["sites"] = sites;
  nlohmann::ordered_json binding;
  binding["days_with_racks_pending"] = record.days_with_racks_pending;
  nlohmann::ordered_json days, shares;
  for (Constraint c : kAllConstraints) {
    const std::int64_t n = record.binding_days[c];
    days[to_string(c)] = n;
    shares[to_string(c)] = record.days_with_racks_pending > 0
                               ? round_to(static_cast<double>(n) / static_cast<double>(record.days_with_racks_pending), 4)
                               : 0.0;
  }
  binding["days"] = days;
  binding["shares"] = shares;
  j["binding_constraints"] = binding;
  nlohmann::ordered_json check;
  check["it_energy_mwh_outputs"] = round_to(record.final_state.it_energy_mwh, 3);
  check["it_energy_mwh_simgrid_plugin"] = record.plugin_measured
                                               ? nlohmann::ordered_json(round_to(record.plugin_it_energy_mwh, 3))
                                               : nlohmann::ordered_json(nullptr);
  j["energy_check"] = check;
  nlohmann::ordered_json m;
  m["gwsim_version"] = manifest.gwsim_version;
  m["simgrid_version"] = manifest.simgrid_version;
  m["scenario_file"] = manifest.scenario_file;
  m["scenario_sha256"] = manifest.scenario_sha256;
  m["overrides"] = manifest.overrides;
  m["seed"] = manifest.seed;
  m["replication"] = manifest.replication;
  nlohmann::ordered_json draws = nlohmann::ordered_json::object();
  for (const auto& [path, value] : manifest.draws) draws[path] = value;
  m["draws"] = draws;
  m["output_step"] = manifest.output_step;
  m["pod_racks"] = manifest.pod_racks;
  m["simulated_hosts"] = record.simulated_hosts;
  m["start_date"] = manifest.start_date;
  m["end_date"] = manifest.end_date;
  j["manifest"] = m;
  return j.dump(2) + "\n";
}

void write_outputs(const std::string& dir, const RunRecord& record, const Manifest& manifest) {
  const std::filesystem::path root(dir);
  std::error_code ec;
  std::filesystem::create_directories(root, ec);
  if (ec) throw OutputError("cannot create output folder " + dir + ": " + ec.message());
  // Render everything first: a failure while rendering must not leave some files new and some old.
  const std::pair<const char*, std::string> files[] = {{"timeline.csv", timeline_csv(record)},
                                                       {"sites.csv", sites_csv(record)},
                                                       {"events.csv", events_csv(record)},
                                                       {"summary.json", summary_json(record, manifest)}};
  // Every file goes to a temporary name first; only when all are written are they renamed into place, so a
  // failure (a full disk, say) leaves the folder as it was.
  std::vector<std::filesystem::path> written;
  try {
    for (const auto& [name, content] : files) {
      written.push_back(temporary_for(root / name));
      write_temporary(written.back(), content);
    }
  } catch (const OutputError&) {
    std::error_code ignored;
    for (const auto& tmp : written) std::filesystem::remove(tmp, ignored);
    throw;
  }
  for (std::size_t i = 0; i < written.size(); ++i) {
    std::error_code rename_error;
    std::filesystem::rename(written[i], root / files[i].first, rename_error);
    if (rename_error) {
      std::error_code ignored;
      for (std::size_t k = i; k < written.size(); ++k) std::filesystem::remove(written[k], ignored);
      throw OutputError("cannot rename " + written[i].string() + " to " + (root / files[i].first).string() + ": " +
                        rename_error.message());
    }
  }
}

std::string summary_text(const RunRecord& r, const Manifest& m, const std::string& dir) {
  const StateRow& f = r.final_state;
  std::ostringstream out;
  char line[256];
  out << "gwsim " << m.gwsim_version << " - scenario " << m.scenario_name << " (" << m.start_date << " to "
      << m.end_date << ", step " << m.output_step << ", " << m.pod_racks << " rack(s) per pod, seed " << m.seed
      << ")\n\n";
  out << "Key dates\n";
  out << "  first tokens        " << (r.first_tokens_date.empty() ? "not reached" : r.first_tokens_date) << "\n";
  if (r.gw_live_dates.empty()) out << "  GW live             none (less than 1 GW live by the end)\n";
  for (std::size_t i = 0; i < r.gw_live_dates.size(); ++i) {
    std::snprintf(line, sizeof line, "  GW %-2zu live          %s\n", i + 1, r.gw_live_dates[i].c_str());
    out << line;
  }
  for (const TrancheOutcome& t : r.tranches) {
    std::snprintf(line, sizeof line, "  tranche %-11s %s racks, first live %s, fully live %s\n", t.name.c_str(),
                  with_commas(t.racks).c_str(), t.first_live_date.empty() ? "-" : t.first_live_date.c_str(),
                  t.fully_live_date.empty() ? "not by the end" : t.fully_live_date.c_str());
    out << line;
  }
  out << "\nAt " << models::to_iso(f.date) << "\n";
  std::snprintf(line, sizeof line, "  live capacity       %.1f MW (facility power at peak)\n", f.live_capacity_mw);
  out << line;
  out << "  racks live          " << with_commas(f.live.racks) << " of " << with_commas(f.racks_ordered)
      << " ordered (" << with_commas(f.racks_delivered) << " delivered, " << with_commas(f.racks_installed)
      << " installed)\n";
  out << "  GPU packages        " << with_commas(f.live.gpu_packages) << "\n";
  out << "  GPU dies            " << with_commas(f.live.gpu_dies) << "\n";
  std::snprintf(line, sizeof line, "  compute             %.1f EFLOP/s FP8, %.1f EFLOP/s FP4\n", f.live.pflops_fp8 / 1e3,
                f.live.pflops_fp4 / 1e3);
  out << line;
  std::snprintf(line, sizeof line, "  power drawn         %.1f MW IT, %.1f MW facility (peak %.1f MW), %.1f MW at the grid\n",
                f.it_power_mw, f.facility_power_mw, r.peak_facility_power_mw, f.grid_draw_mw);
  out << line;
  std::snprintf(line, sizeof line, "  energy              %.1f GWh facility (%.1f GWh IT, %.1f GWh from the grid)\n",
                f.energy_mwh / 1e3, f.it_energy_mwh / 1e3, f.grid_energy_mwh / 1e3);
  out << line;
  std::snprintf(line, sizeof line, "  grid draw           %.1f MW average, %.1f MW peak\n", average_grid_draw_mw(r, m),
                r.peak_grid_draw_mw);
  out << line;
  std::snprintf(line, sizeof line, "  carbon              %s tCO2\n", with_commas(std::llround(f.co2_t)).c_str());
  out << line;
  std::snprintf(line, sizeof line, "  water               %s m3\n", with_commas(std::llround(f.water_m3)).c_str());
  out << line;
  out << "  capex               " << money(f.capex_usd) << "\n";
  out << "  investment          " << money(f.investment_usd) << "\n";
  if (r.demand_stated) {
    out << "\nDemand\n";
    std::snprintf(line, sizeof line, "  at the end          %.1f EFLOP/s asked, %.1f served, %.1f not served\n",
                  f.demand_pflops / 1e3, f.served_pflops / 1e3, f.unserved_pflops / 1e3);
    out << line;
    if (r.shortfall_days == 0) {
      out << "  shortfall           none: live capacity met demand every day\n";
    } else {
      std::snprintf(line, sizeof line, "  shortfall           %lld days; peak %.1f EFLOP/s not served (%s)\n",
                    static_cast<long long>(r.shortfall_days), r.peak_unserved_pflops / 1e3,
                    r.peak_unserved_at.c_str());
      out << line;
    }
    if (r.lost_to_cap_eflop > 0.0) {
      std::snprintf(line, sizeof line, "  power cap           withheld %s EFLOP of compute over the run\n",
                    with_commas(std::llround(r.lost_to_cap_eflop)).c_str());
      out << line;
    }
  }
  out << "\nBinding constraints (share of the " << r.days_with_racks_pending << " days with racks pending)\n";
  for (Constraint c : kAllConstraints) {
    const std::int64_t n = r.binding_days[c];
    if (n == 0) continue;
    std::snprintf(line, sizeof line, "  %-19s %5.1f%% (%lld days)\n", to_string(c),
                  100.0 * static_cast<double>(n) / static_cast<double>(r.days_with_racks_pending),
                  static_cast<long long>(n));
    out << line;
  }
  out << "\nFiles in " << dir << ": timeline.csv, sites.csv, events.csv, summary.json\n";
  return out.str();
}

}  // namespace gwsim
