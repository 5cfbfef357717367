#include "sim/sweep/results_report.hpp"

#include "sim/output/csv.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>

#include "models/date.hpp"
#include "sim/sweep/percentiles.hpp"

namespace gwsim::sweep {
namespace {

using models::Date;
using Json = nlohmann::ordered_json;  // keeps summary.json's key order (constraints)

// A numeric figure of summary.json: CSV name and unit, where it is, and how the text report shows it.
struct NumberFigure {
  std::string name;
  std::string unit;
  std::string pointer;  // JSON pointer into summary.json
  std::string label;    // text report, with its unit
  double text_scale = 1.0;
  int text_decimals = 0;
};

// The figures every summary.json has; the binding-constraint shares follow them.
const std::vector<NumberFigure>& fixed_figures() {
  static const std::vector<NumberFigure> figures = {
      {"live_capacity_mw", "MW", "/final/live_capacity_mw", "live capacity at the end (MW)", 1.0, 1},
      {"racks", "racks", "/final/racks", "racks live at the end", 1.0, 0},
      {"gpu_packages", "packages", "/final/gpu_packages", "GPU packages live at the end", 1.0, 0},
      {"gpu_dies", "dies", "/final/gpu_dies", "GPU dies live at the end", 1.0, 0},
      {"pflops_fp8", "PFLOP/s", "/final/pflops_fp8", "FP8 compute at the end (EFLOP/s)", 1e-3, 2},
      {"energy_mwh", "MWh", "/final/energy_mwh", "facility energy to the end (GWh)", 1e-3, 1},
      {"capex_usd", "USD", "/final/capex_usd", "capex to the end ($B)", 1e-9, 2},
      {"investment_usd", "USD", "/final/investment_usd", "investment to the end ($B)", 1e-9, 2},
      {"peak_facility_power_mw", "MW", "/peak_facility_power_mw", "peak facility power (MW)", 1.0, 1},
  };
  return figures;
}

// Figures that summaries written before demand existed lack: reported when every ok replication has them.
const std::vector<NumberFigure>& demand_figures() {
  static const std::vector<NumberFigure> figures = {
      {"shortfall_days", "days", "/demand/shortfall_days", "days with demand not served", 1.0, 0},
      {"unserved_eflop", "EFLOP", "/demand/unserved_eflop", "compute asked, not served (ZFLOP)", 1e-3, 1},
      {"peak_unserved_pflops", "PFLOP/s", "/demand/peak_unserved_pflops", "peak shortfall (EFLOP/s)", 1e-3, 1},
      {"co2_t", "tCO2", "/final/co2_t", "carbon to the end (MtCO2)", 1e-6, 2},
      {"water_m3", "m3", "/final/water_m3", "water to the end (million m3)", 1e-6, 2},
  };
  return figures;
}

// Constraints in the order summary.json writes them; others found in summaries follow, in order of appearance.
const char* const kKnownConstraints[] = {"grid_power", "buildings", "install_crews", "rack_supply", "commissioning"};

std::vector<NumberFigure> number_figures(const std::vector<bool>& demand_present,
                                        const std::vector<std::string>& constraints) {
  std::vector<NumberFigure> figures = fixed_figures();
  for (std::size_t i = 0; i < demand_figures().size(); ++i)
    if (demand_present[i]) figures.push_back(demand_figures()[i]);
  for (const std::string& c : constraints)
    figures.push_back({"binding_share_" + c, "fraction", "/binding_constraints/shares/" + c,
                       c + " binding (% of days pending)", 100.0, 1});
  return figures;
}

// What the reports read of one ok replication.
struct Outcome {
  std::optional<Date> first_tokens;
  std::vector<Date> gw_live;
  std::vector<double> numbers;  // in number_figures() order
  std::vector<std::optional<double>> demand;  // demand_figures(), as read; moved into numbers once all are known
  std::vector<std::pair<std::string, double>> shares;  // as read; moved into numbers once all are known
};

struct Replication {
  ReplicationRow row;  // without summary_json and timeline_csv
  std::optional<Outcome> outcome;  // ok rows only
};

struct PointData {
  PointRow point;
  std::map<std::string, std::int64_t> status_counts;
  std::vector<Outcome> ok;
};

struct StoreData {
  SweepIdentity id;
  std::vector<NumberFigure> figures;
  std::size_t max_gw = 0;
  std::vector<PointData> points;
  std::vector<Replication> replications;  // kept only for replications_csv
};

[[noreturn]] void bad_summary(const ResultsStore& store, const ReplicationRow& row, const std::string& what) {
  throw StoreError("results store " + store.path() + ": point " + std::to_string(row.point) + " replication " +
                   std::to_string(row.replication) + ": summary.json " + what);
}

Date parse_date(const ResultsStore& store, const ReplicationRow& row, const Json& value, const std::string& where) {
  if (!value.is_string()) bad_summary(store, row, where + " is not a date");
  const auto date = models::parse_iso_date(value.get<std::string>());
  if (!date) bad_summary(store, row, where + " is not an ISO date: " + value.get<std::string>());
  return *date;
}

double number_at(const ResultsStore& store, const ReplicationRow& row, const Json& j, const std::string& pointer) {
  const Json::json_pointer at(pointer);
  if (!j.contains(at)) bad_summary(store, row, "has no " + pointer.substr(1));
  if (!j.at(at).is_number()) bad_summary(store, row, pointer.substr(1) + " is not a number");
  return j.at(at).get<double>();
}

Outcome read_outcome(const ResultsStore& store, const ReplicationRow& row) {
  const Json j = Json::parse(row.summary_json, nullptr, false);
  if (!j.is_object()) bad_summary(store, row, "is not a JSON object");
  Outcome o;
  if (!j.contains("first_tokens_date")) bad_summary(store, row, "has no first_tokens_date");
  if (!j["first_tokens_date"].is_null()) o.first_tokens = parse_date(store, row, j["first_tokens_date"], "first_tokens_date");
  if (!j.contains("gw_live_dates") || !j["gw_live_dates"].is_array()) bad_summary(store, row, "has no gw_live_dates list");
  for (const auto& d : j["gw_live_dates"]) o.gw_live.push_back(parse_date(store, row, d, "gw_live_dates"));
  for (const NumberFigure& f : fixed_figures()) o.numbers.push_back(number_at(store, row, j, f.pointer));
  for (const NumberFigure& f : demand_figures()) {
    const Json::json_pointer at(f.pointer);
    o.demand.push_back(j.contains(at) ? std::optional<double>(number_at(store, row, j, f.pointer)) : std::nullopt);
  }
  const Json::json_pointer shares("/binding_constraints/shares");
  if (j.contains(shares) && j.at(shares).is_object())
    for (const auto& [name, value] : j.at(shares).items()) {
      if (!value.is_number()) bad_summary(store, row, "binding_constraints/shares/" + name + " is not a number");
      o.shares.emplace_back(name, value.get<double>());
    }
  return o;
}

// Reads the store once: counts, and the figures of every ok replication (summaries parsed one at a time).
StoreData load(const ResultsStore& store, bool keep_rows) {
  StoreData data;
  data.id = store.identity();
  std::map<std::int64_t, std::size_t> index;
  for (PointRow& p : store.points()) {
    index[p.point] = data.points.size();
    data.points.push_back({std::move(p), {}, {}});
  }
  std::vector<std::string> constraints(std::begin(kKnownConstraints), std::end(kKnownConstraints));
  std::vector<std::pair<std::size_t, Outcome>> outcomes;  // point index, outcome
  store.for_each_replication(
      [&](const ReplicationRow& row) {
        const std::size_t point = index.at(row.point);
        ++data.points[point].status_counts[row.status];
        Replication kept{row, std::nullopt};
        kept.row.summary_json.clear();
        if (row.status == "ok") {
          Outcome o = read_outcome(store, row);
          for (const auto& [name, value] : o.shares)
            if (std::find(constraints.begin(), constraints.end(), name) == constraints.end())
              constraints.push_back(name);
          data.max_gw = std::max(data.max_gw, o.gw_live.size());
          outcomes.emplace_back(point, std::move(o));
        }
        if (keep_rows) data.replications.push_back(std::move(kept));
      },
      false);
  std::vector<bool> demand_present(demand_figures().size(), !outcomes.empty());
  for (const auto& [point, o] : outcomes)
    for (std::size_t i = 0; i < o.demand.size(); ++i)
      if (!o.demand[i]) demand_present[i] = false;
  data.figures = number_figures(demand_present, constraints);
  // Shares in the order of `constraints`; a constraint a summary does not name never bound it.
  std::size_t next = 0;
  for (auto& [point, o] : outcomes) {
    for (std::size_t i = 0; i < o.demand.size(); ++i)
      if (demand_present[i]) o.numbers.push_back(*o.demand[i]);
    o.demand.clear();
    for (const std::string& c : constraints) {
      const auto it = std::find_if(o.shares.begin(), o.shares.end(), [&](const auto& s) { return s.first == c; });
      o.numbers.push_back(it == o.shares.end() ? 0.0 : it->second);
    }
    o.shares.clear();
    if (keep_rows) {
      while (data.replications[next].row.status != "ok") ++next;
      data.replications[next++].outcome = o;
    }
    data.points[point].ok.push_back(std::move(o));
  }
  return data;
}

// Figures of a point: dates (first tokens, then each GW) and numbers, with their percentiles.
struct DateStat {
  std::string name, label;
  std::vector<std::optional<Date>> values;
};

std::vector<DateStat> date_stats(const StoreData& data, const PointData& point) {
  std::vector<DateStat> stats;
  DateStat first{"first_tokens_date", "first tokens", {}};
  for (const Outcome& o : point.ok) first.values.push_back(o.first_tokens);
  stats.push_back(std::move(first));
  for (std::size_t gw = 0; gw < data.max_gw; ++gw) {
    DateStat s{"gw_" + std::to_string(gw + 1) + "_live_date", "GW " + std::to_string(gw + 1) + " live", {}};
    for (const Outcome& o : point.ok)
      s.values.push_back(gw < o.gw_live.size() ? std::optional<Date>(o.gw_live[gw]) : std::nullopt);
    stats.push_back(std::move(s));
  }
  return stats;
}

std::vector<double> number_values(const PointData& point, std::size_t figure) {
  std::vector<double> values;
  for (const Outcome& o : point.ok) values.push_back(o.numbers[figure]);
  return values;
}

constexpr double kPercentiles[] = {10.0, 50.0, 90.0};

std::string date_text(const std::optional<Date>& d) { return d ? models::to_iso(*d) : "not reached"; }

// CSV numbers: at most 15 significant digits and 6 decimals, trailing zeros dropped, never "-0".
std::string csv_number(double x) {
  if (!std::isfinite(x)) return "";
  const double ax = std::fabs(x);
  const int digits = ax >= 1.0 ? static_cast<int>(std::floor(std::log10(ax))) + 1 : 1;
  const int decimals = std::clamp(15 - digits, 0, 6);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  std::string s = buf;
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

// Text numbers: fixed decimals, thousands separated by commas, never "-0".
std::string text_number(double x, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, x);
  std::string s = buf;
  if (s.find_first_not_of("-0.") == std::string::npos && s.front() == '-') s.erase(0, 1);
  const bool negative = s.front() == '-';
  if (negative) s.erase(0, 1);
  const std::size_t point = s.find('.');
  std::string whole = s.substr(0, point), rest = point == std::string::npos ? "" : s.substr(point);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  return (negative ? "-" : "") + grouped + rest;
}

// A plain text table indented by two spaces; align holds 'l' or 'r' per column (missing: 'r').
std::string table(const std::vector<std::vector<std::string>>& rows, const std::string& align) {
  std::vector<std::size_t> width;
  for (const auto& row : rows)
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (width.size() <= i) width.push_back(0);
      width[i] = std::max(width[i], row[i].size());
    }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      const std::string pad(width[i] - row[i].size(), ' ');
      line += "  ";
      line += i < align.size() && align[i] == 'l' ? row[i] + pad : pad + row[i];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::int64_t count(const PointData& p, const std::string& status) {
  const auto it = p.status_counts.find(status);
  return it == p.status_counts.end() ? 0 : it->second;
}

std::int64_t stored(const PointData& p) {
  std::int64_t n = 0;
  for (const auto& [status, c] : p.status_counts) n += c;
  return n;
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

}  // namespace

std::string results_csv(const ResultsStore& store) {
  const StoreData data = load(store, false);
  std::string out = "point,name,figure,unit,n,p10,p50,p90,reached\n";
  for (const PointData& p : data.points) {
    const std::string head = std::to_string(p.point.point) + "," + csv_field(p.point.name) + ",";
    for (const char* status : kStatuses)
      out += head + "replications_" + status + ",replications," + std::to_string(count(p, status)) + ",,,,\n";
    out += head + "replications_missing,replications," +
           std::to_string(std::max<std::int64_t>(0, data.id.replications_per_point - stored(p))) + ",,,,\n";
    const std::string n = std::to_string(p.ok.size());
    for (const DateStat& s : date_stats(data, p)) {
      out += head + s.name + ",date," + n;
      for (double q : kPercentiles) out += "," + (s.values.empty() ? "" : date_text(date_percentile(s.values, q)));
      out += "," + std::to_string(count_reached(s.values)) + "\n";
    }
    for (std::size_t f = 0; f < data.figures.size(); ++f) {
      out += head + data.figures[f].name + "," + csv_field(data.figures[f].unit) + "," + n;
      const std::vector<double> values = number_values(p, f);
      for (double q : kPercentiles) out += "," + (values.empty() ? "" : csv_number(percentile(values, q)));
      out += ",\n";
    }
  }
  return out;
}

std::string results_text(const ResultsStore& store) {
  const StoreData data = load(store, false);
  std::ostringstream out;
  std::int64_t total_stored = 0, total_ok = 0;
  for (const PointData& p : data.points) {
    total_stored += stored(p);
    total_ok += count(p, "ok");
  }
  out << "Sweep " << data.id.spec_name << ": " << data.id.points << " point(s) x " << data.id.replications_per_point
      << " replication(s) (spec sha256 " << data.id.spec_sha256.substr(0, 12) << ", gwsim " << data.id.gwsim_version
      << ")\n";
  out << total_stored << " of " << data.id.points * data.id.replications_per_point << " replications stored, "
      << total_ok << " ok\n\nReplications\n";
  std::vector<std::vector<std::string>> counts = {
      {"point", "name", "ok / planned", "failed", "invalid", "crashed", "timeout", "missing"}};
  for (const PointData& p : data.points) {
    std::vector<std::string> row = {std::to_string(p.point.point), p.point.name,
                                    std::to_string(count(p, "ok")) + " / " +
                                        std::to_string(data.id.replications_per_point)};
    for (std::size_t s = 1; s < std::size(kStatuses); ++s) row.push_back(std::to_string(count(p, kStatuses[s])));
    row.push_back(std::to_string(std::max<std::int64_t>(0, data.id.replications_per_point - stored(p))));
    counts.push_back(std::move(row));
  }
  out << table(counts, "rl");
  out << "\nPercentiles over each point's ok replications (type 7: linear between closest ranks). A date's\n"
         "percentile is \"not reached\" when it falls on replications that never reached that date.\n";
  for (const PointData& p : data.points) {
    out << "\nPoint " << p.point.point << ": " << p.point.name;
    if (!p.point.overrides.empty()) out << " (" << joined(p.point.overrides, ", ") << ")";
    out << "\n";
    if (p.ok.empty()) {
      out << "  no ok replications\n";
      continue;
    }
    const std::string n = std::to_string(p.ok.size());
    std::vector<std::vector<std::string>> rows = {{"figure", "P10", "P50", "P90", "reached"}};
    for (const DateStat& s : date_stats(data, p)) {
      std::vector<std::string> row = {s.label + " (date)"};
      for (double q : kPercentiles) row.push_back(date_text(date_percentile(s.values, q)));
      row.push_back(std::to_string(count_reached(s.values)) + " of " + n);
      rows.push_back(std::move(row));
    }
    for (std::size_t f = 0; f < data.figures.size(); ++f) {
      const NumberFigure& figure = data.figures[f];
      const std::vector<double> values = number_values(p, f);
      std::vector<std::string> row = {figure.label};
      for (double q : kPercentiles)
        row.push_back(text_number(percentile(values, q) * figure.text_scale, figure.text_decimals));
      row.push_back("");
      rows.push_back(std::move(row));
    }
    out << table(rows, "l");
  }
  return out.str();
}

std::string replications_csv(const ResultsStore& store) {
  const StoreData data = load(store, true);
  std::string out = "point,replication,seed,status,error,first_tokens_date,gw_live_dates";
  for (const NumberFigure& f : data.figures) out += "," + f.name;
  out += "\n";
  for (const Replication& r : data.replications) {
    out += std::to_string(r.row.point) + "," + std::to_string(r.row.replication) + "," + std::to_string(r.row.seed) +
           "," + csv_field(r.row.status) + "," + csv_field(r.row.error) + ",";
    if (r.outcome) {
      if (r.outcome->first_tokens) out += models::to_iso(*r.outcome->first_tokens);
      std::vector<std::string> dates;
      for (Date d : r.outcome->gw_live) dates.push_back(models::to_iso(d));
      out += "," + joined(dates, ";");
      for (double v : r.outcome->numbers) out += "," + csv_number(v);
    } else {
      out += ",";
      for (std::size_t f = 0; f < data.figures.size(); ++f) out += ",";
    }
    out += "\n";
  }
  return out;
}

}  // namespace gwsim::sweep
