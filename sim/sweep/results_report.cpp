#include "sim/sweep/results_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <stdexcept>

#include "models/date.hpp"
#include "sim/output/csv.hpp"
#include "sim/output/fields.hpp"
#include "sim/sweep/percentiles.hpp"

namespace gwsim::sweep {
namespace {

using models::Date;
using Json = nlohmann::ordered_json;  // keeps summary.json's key order (constraints)

constexpr std::size_t kStatusCount = std::size(kReplicationStatuses);

std::size_t status_index(ReplicationStatus status) {
  for (std::size_t i = 0; i < kStatusCount; ++i)
    if (kReplicationStatuses[i].status == status) return i;
  return 0;
}

// A summary figure that sweeps report (SummaryField::sweep), read from each ok replication's summary.json.
struct Source {
  const SummaryField* field;
  Json::json_pointer at;  // once: the figure; per GW: the list; per constraint: the object keyed by constraint
  std::string where;      // `at` without its leading slash, for messages
  bool is_date;
};

// The sweep figures of the registry, in sweep order.
const std::vector<Source>& sources() {
  static const std::vector<Source> all = [] {
    std::vector<const SummaryField*> fields;
    for (const SummaryField& f : summary_fields())
      if (f.sweep) fields.push_back(&f);
    std::stable_sort(fields.begin(), fields.end(),
                     [](const SummaryField* a, const SummaryField* b) { return a->sweep->order < b->sweep->order; });
    std::vector<Source> out;
    for (const SummaryField* f : fields) {
      // One value per replication (a GW list or one per constraint at most): a per-site or per-tranche figure
      // would need a row per site or tranche, which the reports do not have.
      if (f->repeat == Repeat::kPerSite || f->repeat == Repeat::kPerTranche)
        throw std::logic_error("results report: sweep figure " + f->info.name + " repeats per site or tranche");
      std::string pointer = f->group;
      if (f->repeat == Repeat::kOnce || f->repeat == Repeat::kPerGw) pointer += "/" + f->info.name;
      out.push_back({f, Json::json_pointer(pointer), pointer.substr(1), f->info.kind == FieldKind::kDate});
    }
    return out;
  }();
  return all;
}

// One source's values in one summary.
struct Reading {
  std::vector<std::optional<Date>> dates;            // once: one entry (nullopt: null); per GW: the list
  std::optional<double> number;                      // once: nullopt when the summary lacks it
  std::vector<std::pair<std::string, double>> keyed;  // per constraint, as read
};

// What the reports read of one ok replication: a Reading per source.
using Outcome = std::vector<Reading>;

// A row of results_csv (per point) and of the text report: one sweep figure, with a GW or a constraint filled in.
struct Figure {
  std::size_t source = 0;
  std::size_t gw = 0;  // per GW: 0 for 1 GW
  std::string key;     // per constraint: the constraint
  std::string name, unit, label;
  double text_scale = 1.0;
  int text_decimals = 0;
  bool is_date = false;
  bool scientific = false;
};

struct Replication {
  ReplicationRow row;  // without summary_json and timeline_csv
  std::optional<Outcome> outcome;  // ok rows only
};

// What drove one ok replication's dates: each milestone's gate and date, and the values drawn for it.
struct Drivers {
  std::vector<std::pair<std::string, std::pair<std::string, Date>>> milestones;  // name -> (gated_by.kind, date)
  std::vector<std::pair<std::string, double>> draws;  // path -> value (dates as day numbers; K, M, B, kW... scaled)
};

struct PointData {
  PointRow point;
  std::array<std::int64_t, kStatusCount> status_counts{};
  std::vector<Outcome> ok;
  std::vector<Drivers> drivers;  // parallel to ok
};

struct StoreData {
  SweepIdentity id;
  std::vector<bool> reported;                 // per source: whether its figures are reported
  std::vector<std::vector<std::string>> keys;  // per source: the constraints of per-constraint sources
  std::size_t max_gw = 0;
  std::vector<Figure> figures;
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

Reading read_source(const ResultsStore& store, const ReplicationRow& row, const Json& j, const Source& s) {
  Reading r;
  const bool present = j.contains(s.at);
  switch (s.field->repeat) {
    case Repeat::kPerGw:
      if (!present || !j.at(s.at).is_array()) bad_summary(store, row, "has no " + s.where + " list");
      for (const auto& d : j.at(s.at)) r.dates.push_back(parse_date(store, row, d, s.where));
      break;
    case Repeat::kPerConstraint:
      if (present && j.at(s.at).is_object())
        for (const auto& [name, value] : j.at(s.at).items()) {
          if (!value.is_number()) bad_summary(store, row, s.where + "/" + name + " is not a number");
          r.keyed.emplace_back(name, value.get<double>());
        }
      break;
    default:
      if (!present) {
        if (s.field->sweep->required) bad_summary(store, row, "has no " + s.where);
      } else if (s.is_date) {
        const Json& value = j.at(s.at);
        r.dates.push_back(value.is_null() ? std::nullopt : std::optional<Date>(parse_date(store, row, value, s.where)));
      } else if (j.at(s.at).is_null() && s.field->when_absent == WhenAbsent::kNull && !s.field->sweep->required) {
        // A figure with no value in this run (no IRR, no break-even): absent, like a figure the summary lacks.
      } else {
        if (!j.at(s.at).is_number()) bad_summary(store, row, s.where + " is not a number");
        r.number = j.at(s.at).get<double>();
      }
  }
  return r;
}

// A drawn value as a number: an ISO date as its day number; else its leading number, scaled by a K/M/B suffix
// ($912K, $7.4M) or a kW/MW/GW unit, so that values written in different units compare. nullopt if none.
std::optional<double> draw_number(const std::string& text) {
  if (const auto date = models::parse_iso_date(text)) return static_cast<double>(date->days);
  std::size_t at = text.find_first_of("-0123456789.");
  if (at == std::string::npos) return std::nullopt;
  char* end = nullptr;
  double x = std::strtod(text.c_str() + at, &end);
  if (end == text.c_str() + at) return std::nullopt;
  std::string rest(end);
  if (!rest.empty() && (rest[0] == 'K' || rest[0] == 'M' || rest[0] == 'B')) {
    x *= rest[0] == 'K' ? 1e3 : rest[0] == 'M' ? 1e6 : 1e9;
  } else if (rest == " kW" || rest == " MW" || rest == " GW") {
    x *= rest[1] == 'k' ? 1e3 : rest[1] == 'M' ? 1e6 : 1e9;
  }
  return x;
}

Drivers read_drivers(const Json& j) {
  Drivers d;
  if (j.contains("milestones") && j["milestones"].is_array()) {
    for (const Json& m : j["milestones"]) {
      if (!m.is_object() || !m.contains("name") || !m.contains("date") || !m["name"].is_string() ||
          !m["date"].is_string())
        continue;
      const auto date = models::parse_iso_date(m["date"].get<std::string>());
      const Json* kind = m.contains("gated_by") && m["gated_by"].is_object() && m["gated_by"].contains("kind")
                             ? &m["gated_by"]["kind"]
                             : nullptr;
      if (date && kind && kind->is_string())
        d.milestones.push_back({m["name"].get<std::string>(), {kind->get<std::string>(), *date}});
    }
  }
  const Json::json_pointer draws("/manifest/draws");
  if (j.contains(draws) && j.at(draws).is_object()) {
    for (const auto& [path, value] : j.at(draws).items()) {
      if (!value.is_string()) continue;
      if (const auto x = draw_number(value.get<std::string>())) d.draws.emplace_back(path, *x);
    }
  }
  return d;
}

Outcome read_outcome(const ResultsStore& store, const ReplicationRow& row, Drivers* drivers = nullptr) {
  const Json j = Json::parse(row.summary_json, nullptr, false);
  if (!j.is_object()) bad_summary(store, row, "is not a JSON object");
  Outcome o;
  for (const Source& s : sources()) o.push_back(read_source(store, row, j, s));
  if (drivers) *drivers = read_drivers(j);
  return o;
}

// Whether a once-only source is in this outcome.
bool has(const Reading& r, const Source& s) { return s.is_date ? !r.dates.empty() : r.number.has_value(); }

// The figures every point reports: each source's, once it is known which sources every ok replication has, how
// many GW the store reached and which constraints the summaries name.
std::vector<Figure> make_figures(StoreData& data, const std::vector<std::pair<std::size_t, Outcome>>& outcomes) {
  const std::vector<Source>& all = sources();
  data.reported.assign(all.size(), true);
  data.keys.assign(all.size(), {});
  std::vector<Figure> figures;
  for (std::size_t i = 0; i < all.size(); ++i) {
    const SummaryField& f = *all[i].field;
    const SweepFigure& sweep = *f.sweep;
    const Figure base{i, 0, "", sweep.figure, all[i].is_date ? "date" : f.info.unit, sweep.label, sweep.text_scale,
                      sweep.text_decimals, all[i].is_date, sweep.scientific};
    if (f.repeat == Repeat::kPerGw) {
      for (std::size_t gw = 0; gw < data.max_gw; ++gw) {
        Figure g = base;
        g.gw = gw;
        const auto fill = [&](std::string text) {
          const std::string n = std::to_string(gw + 1);
          for (auto at = text.find("{n}"); at != std::string::npos; at = text.find("{n}", at + n.size()))
            text.replace(at, 3, n);
          return text;
        };
        g.name = fill(g.name);
        g.label = fill(g.label);
        figures.push_back(std::move(g));
      }
    } else if (f.repeat == Repeat::kPerConstraint) {
      std::vector<std::string>& keys = data.keys[i];
      for (Constraint c : kAllConstraints) keys.emplace_back(to_string(c));
      for (const auto& [point, o] : outcomes)
        for (const auto& [name, value] : o[i].keyed)
          if (std::find(keys.begin(), keys.end(), name) == keys.end()) keys.push_back(name);
      for (const std::string& key : keys) {
        Figure c = base;
        c.key = key;
        c.name = with_constraint(c.name, key);
        c.label = with_constraint(c.label, key);
        figures.push_back(std::move(c));
      }
    } else {
      if (!sweep.required) {
        data.reported[i] = !outcomes.empty();
        for (const auto& [point, o] : outcomes)
          if (!has(o[i], all[i])) data.reported[i] = false;
      }
      if (data.reported[i]) figures.push_back(base);
    }
  }
  return figures;
}

std::optional<Date> date_of(const Outcome& o, const Figure& f) {
  const Reading& r = o[f.source];
  return f.gw < r.dates.size() ? r.dates[f.gw] : std::nullopt;
}

double number_of(const Outcome& o, const Figure& f) {
  const Reading& r = o[f.source];
  if (sources()[f.source].field->repeat != Repeat::kPerConstraint) return *r.number;
  // A constraint a summary does not name never bound it.
  for (const auto& [name, value] : r.keyed)
    if (name == f.key) return value;
  return 0.0;
}

// Reads the store once: counts, and the figures of every ok replication (summaries parsed one at a time).
StoreData load(const ResultsStore& store, bool keep_rows) {
  StoreData data;
  data.id = store.identity();
  std::map<std::int64_t, std::size_t> index;
  for (PointRow& p : store.points()) {
    index[p.point] = data.points.size();
    data.points.push_back({std::move(p), {}, {}, {}});
  }
  std::vector<std::pair<std::size_t, Outcome>> outcomes;  // point index, outcome
  std::vector<Drivers> drivers;                            // parallel to outcomes
  const std::vector<Source>& all = sources();
  store.for_each_replication(
      [&](const ReplicationRow& row) {
        const std::size_t point = index.at(row.point);
        ++data.points[point].status_counts[status_index(row.status)];
        Replication kept{row, std::nullopt};
        kept.row.summary_json.clear();
        if (row.status == ReplicationStatus::kOk) {
          Drivers d;
          Outcome o = read_outcome(store, row, &d);
          drivers.push_back(std::move(d));
          for (std::size_t i = 0; i < all.size(); ++i)
            if (all[i].field->repeat == Repeat::kPerGw) data.max_gw = std::max(data.max_gw, o[i].dates.size());
          outcomes.emplace_back(point, std::move(o));
        }
        if (keep_rows) data.replications.push_back(std::move(kept));
      },
      false);
  data.figures = make_figures(data, outcomes);
  std::size_t next = 0;
  for (std::size_t k = 0; k < outcomes.size(); ++k) {
    auto& [point, o] = outcomes[k];
    data.points[point].drivers.push_back(std::move(drivers[k]));
    if (keep_rows) {
      while (data.replications[next].row.status != ReplicationStatus::kOk) ++next;
      data.replications[next++].outcome = o;
    }
    data.points[point].ok.push_back(std::move(o));
  }
  return data;
}

std::vector<std::optional<Date>> date_values(const PointData& point, const Figure& figure) {
  std::vector<std::optional<Date>> values;
  for (const Outcome& o : point.ok) values.push_back(date_of(o, figure));
  return values;
}

std::vector<double> number_values(const PointData& point, const Figure& figure) {
  std::vector<double> values;
  for (const Outcome& o : point.ok) values.push_back(number_of(o, figure));
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

// Scientific notation for totals that span orders of magnitude: 2.41e+28; 0 as "0".
std::string scientific_number(double x, int decimals) {
  if (x == 0.0) return "0";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", decimals, x);
  return buf;
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

std::int64_t count(const PointData& p, ReplicationStatus status) { return p.status_counts[status_index(status)]; }

std::int64_t stored(const PointData& p) {
  std::int64_t n = 0;
  for (std::int64_t c : p.status_counts) n += c;
  return n;
}

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? separator : "") + items[i];
  return out;
}

// The columns of replications_csv after the fixed ones: one per once-only or per-constraint figure, one per
// list (its dates joined by ';').
std::vector<std::string> figure_columns(const StoreData& data) {
  std::vector<std::string> columns;
  const std::vector<Source>& all = sources();
  for (std::size_t i = 0; i < all.size(); ++i) {
    const SummaryField& f = *all[i].field;
    if (f.repeat == Repeat::kPerGw) {
      columns.push_back(f.info.name);
    } else if (f.repeat == Repeat::kPerConstraint) {
      for (const std::string& key : data.keys[i]) columns.push_back(with_constraint(f.sweep->figure, key));
    } else if (data.reported[i]) {
      columns.push_back(f.sweep->figure);
    }
  }
  return columns;
}

// An ok replication's cells under figure_columns().
std::string figure_cells(const StoreData& data, const Outcome& o) {
  std::string out;
  const std::vector<Source>& all = sources();
  for (std::size_t i = 0; i < all.size(); ++i) {
    const Reading& r = o[i];
    const SummaryField& f = *all[i].field;
    if (f.repeat == Repeat::kPerGw) {
      std::vector<std::string> dates;
      for (const auto& d : r.dates) dates.push_back(d ? models::to_iso(*d) : "");
      out += "," + joined(dates, ";");
    } else if (f.repeat == Repeat::kPerConstraint) {
      for (const std::string& key : data.keys[i]) {
        Figure figure;
        figure.source = i;
        figure.key = key;
        out += "," + csv_number(number_of(o, figure));
      }
    } else if (data.reported[i]) {
      out += ",";
      if (all[i].is_date) {
        if (!r.dates.empty() && r.dates[0]) out += models::to_iso(*r.dates[0]);
      } else {
        out += csv_number(*r.number);
      }
    }
  }
  return out;
}

// Pearson's r of (x, y); nullopt with fewer than 3 pairs or no spread in either.
std::optional<double> correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const std::size_t n = x.size();
  if (n < 3) return std::nullopt;
  double mx = 0.0, my = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    mx += x[i];
    my += y[i];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxy = 0.0, sxx = 0.0, syy = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    sxy += (x[i] - mx) * (y[i] - my);
    sxx += (x[i] - mx) * (x[i] - mx);
    syy += (y[i] - my) * (y[i] - my);
  }
  if (sxx <= 0.0 || syy <= 0.0) return std::nullopt;
  return sxy / std::sqrt(sxx * syy);
}

// For each fleet milestone (first tokens, each GW live) of a point with several ok replications: how often each
// gate was its critical path, and the drawn inputs most correlated with its date (Pearson r over the replications
// that reached it; at most three, by |r|, those with |r| >= 0.1). Empty without spread to explain.
std::string drivers_text(const PointData& p) {
  if (p.ok.size() < 2) return "";
  std::vector<std::string> names;
  for (const Drivers& d : p.drivers)
    for (const auto& [name, gate] : d.milestones)
      if ((name == "first tokens" || name.starts_with("GW ")) &&
          std::find(names.begin(), names.end(), name) == names.end())
        names.push_back(name);
  if (names.empty()) return "";
  std::vector<std::vector<std::string>> rows = {{"milestone", "gated by (replications)", "draws correlated with the date (r)"}};
  for (const std::string& name : names) {
    std::vector<std::pair<std::string, std::int64_t>> gates;
    std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> pairs;  // draw -> (draws, dates)
    std::int64_t reached = 0;
    for (const Drivers& d : p.drivers) {
      const auto m = std::find_if(d.milestones.begin(), d.milestones.end(), [&](const auto& e) { return e.first == name; });
      if (m == d.milestones.end()) continue;
      ++reached;
      const std::string& kind = m->second.first;
      auto g = std::find_if(gates.begin(), gates.end(), [&](const auto& e) { return e.first == kind; });
      if (g == gates.end()) gates.emplace_back(kind, 1);
      else ++g->second;
      for (const auto& [path, value] : d.draws) {
        pairs[path].first.push_back(value);
        pairs[path].second.push_back(static_cast<double>(m->second.second.days));
      }
    }
    std::stable_sort(gates.begin(), gates.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
    std::vector<std::string> gate_text;
    for (const auto& [kind, n] : gates) gate_text.push_back(kind + " " + std::to_string(n));
    std::vector<std::pair<std::string, double>> rs;
    for (const auto& [path, xy] : pairs)
      if (const auto r = correlation(xy.first, xy.second); r && std::fabs(*r) >= 0.1) rs.emplace_back(path, *r);
    std::stable_sort(rs.begin(), rs.end(), [](const auto& a, const auto& b) { return std::fabs(a.second) > std::fabs(b.second); });
    std::vector<std::string> r_text;
    for (std::size_t i = 0; i < rs.size() && i < 3; ++i) {
      char buf[32];
      std::snprintf(buf, sizeof buf, " %+.2f", rs[i].second);
      r_text.push_back(rs[i].first + buf);
    }
    rows.push_back({name, joined(gate_text, ", ") + " of " + std::to_string(reached),
                    r_text.empty() ? (pairs.empty() ? "no draws stored" : "none with |r| >= 0.1") : joined(r_text, ", ")});
  }
  return "\n  What drives the spread: for each date, how often each gate was its critical path (summary.json's\n"
         "  milestones), and the drawn inputs most correlated with it over the replications that reached it (Pearson\n"
         "  r, + later with a larger draw; a date drawn counts as its day)\n" +
         table(rows, "lll");
}

}  // namespace

const std::vector<ReportColumn>& results_csv_columns() {
  static const std::vector<ReportColumn> columns = {
      {"point", "the point's number"},
      {"name", "the point's name"},
      {"figure", "what the row describes: a replication count, or a sweep figure of summary.json"},
      {"unit", "the figure's unit; date for dates (ISO 8601)"},
      {"n", "the number of ok replications the percentiles are taken over (for replications_*: the count itself)"},
      {"p10", "the 10th percentile; dates as ISO dates or not reached; empty when n = 0"},
      {"p50", "the median, as p10"},
      {"p90", "the 90th percentile, as p10"},
      {"reached", "dates only: how many of the n replications reached the date"},
  };
  return columns;
}

const std::vector<ReportColumn>& replications_csv_fixed_columns() {
  static const std::vector<ReportColumn> columns = {
      {"point", "the point's number"},
      {"replication", "the replication's number within its point"},
      {"seed", "the run's 64-bit seed"},
      {"status", "how the replication ended"},
      {"error", "what went wrong; empty when ok"},
  };
  return columns;
}

std::vector<std::string> replications_csv_columns() {
  StoreData data;
  data.figures = make_figures(data, {});
  std::vector<std::string> columns;
  for (const ReportColumn& c : replications_csv_fixed_columns()) columns.push_back(c.name);
  std::fill(data.reported.begin(), data.reported.end(), true);
  for (std::string& c : figure_columns(data)) columns.push_back(std::move(c));
  return columns;
}

std::string results_csv(const ResultsStore& store) {
  const StoreData data = load(store, false);
  std::string out;
  for (const ReportColumn& c : results_csv_columns()) out += (out.empty() ? "" : ",") + c.name;
  out += "\n";
  for (const PointData& p : data.points) {
    const std::string head = std::to_string(p.point.point) + "," + csv_field(p.point.name) + ",";
    for (const StatusInfo& status : kReplicationStatuses)
      out += head + "replications_" + status.name + ",replications," + std::to_string(count(p, status.status)) +
             ",,,,\n";
    out += head + "replications_missing,replications," +
           std::to_string(std::max<std::int64_t>(0, data.id.replications_per_point - stored(p))) + ",,,,\n";
    const std::string n = std::to_string(p.ok.size());
    for (const Figure& f : data.figures) {
      out += head + f.name + "," + csv_field(f.unit) + "," + n;
      if (f.is_date) {
        const std::vector<std::optional<Date>> values = date_values(p, f);
        for (double q : kPercentiles) out += "," + (values.empty() ? "" : date_text(date_percentile(values, q)));
        out += "," + std::to_string(count_reached(values)) + "\n";
      } else {
        const std::vector<double> values = number_values(p, f);
        for (double q : kPercentiles) out += "," + (values.empty() ? "" : csv_number(percentile(values, q)));
        out += ",\n";
      }
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
    total_ok += count(p, ReplicationStatus::kOk);
  }
  out << "Sweep " << data.id.spec_name << ": " << data.id.points << " point(s) x " << data.id.replications_per_point
      << " replication(s) (spec sha256 " << data.id.spec_sha256.substr(0, 12) << ", gwsim " << data.id.gwsim_version
      << ")\n";
  out << total_stored << " of " << data.id.points * data.id.replications_per_point << " replications stored, "
      << total_ok << " ok\n\nReplications\n";
  std::vector<std::string> header = {"point", "name", std::string(to_string(ReplicationStatus::kOk)) + " / planned"};
  for (const StatusInfo& s : kReplicationStatuses)
    if (s.status != ReplicationStatus::kOk) header.emplace_back(s.name);
  header.emplace_back("missing");
  std::vector<std::vector<std::string>> counts = {header};
  for (const PointData& p : data.points) {
    std::vector<std::string> row = {std::to_string(p.point.point), p.point.name,
                                    std::to_string(count(p, ReplicationStatus::kOk)) + " / " +
                                        std::to_string(data.id.replications_per_point)};
    for (const StatusInfo& s : kReplicationStatuses)
      if (s.status != ReplicationStatus::kOk) row.push_back(std::to_string(count(p, s.status)));
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
    for (const Figure& f : data.figures) {
      std::vector<std::string> row;
      if (f.is_date) {
        const std::vector<std::optional<Date>> values = date_values(p, f);
        row.push_back(f.label + " (date)");
        for (double q : kPercentiles) row.push_back(date_text(date_percentile(values, q)));
        row.push_back(std::to_string(count_reached(values)) + " of " + n);
      } else {
        const std::vector<double> values = number_values(p, f);
        row.push_back(f.label);
        for (double q : kPercentiles) {
          const double x = percentile(values, q) * f.text_scale;
          row.push_back(f.scientific ? scientific_number(x, f.text_decimals) : text_number(x, f.text_decimals));
        }
        row.push_back("");
      }
      rows.push_back(std::move(row));
    }
    out << table(rows, "l");
    out << drivers_text(p);
  }
  return out.str();
}

std::string results_json(const ResultsStore& store) {
  const StoreData data = load(store, false);
  Json sweep = Json::object();
  sweep["name"] = data.id.spec_name;
  sweep["spec_sha256"] = data.id.spec_sha256;
  sweep["gwsim_version"] = data.id.gwsim_version;
  sweep["points"] = data.id.points;
  sweep["replications_per_point"] = data.id.replications_per_point;
  Json points = Json::array();
  for (const PointData& p : data.points) {
    Json point = Json::object();
    point["point"] = p.point.point;
    point["name"] = p.point.name;
    point["overrides"] = p.point.overrides;
    Json counts = Json::object();
    for (const StatusInfo& status : kReplicationStatuses) counts[status.name] = count(p, status.status);
    counts["missing"] = std::max<std::int64_t>(0, data.id.replications_per_point - stored(p));
    point["replications"] = std::move(counts);
    Json figures = Json::object();
    for (const Figure& f : data.figures) {
      Json figure = Json::object();
      figure["unit"] = f.unit;
      figure["n"] = p.ok.size();
      const char* names[] = {"p10", "p50", "p90"};
      if (f.is_date) {
        const std::vector<std::optional<Date>> values = date_values(p, f);
        for (std::size_t k = 0; k < std::size(kPercentiles); ++k) {
          const std::optional<Date> d = values.empty() ? std::nullopt : date_percentile(values, kPercentiles[k]);
          figure[names[k]] = d ? Json(models::to_iso(*d)) : Json(nullptr);
        }
        figure["reached"] = count_reached(values);
      } else {
        const std::vector<double> values = number_values(p, f);
        for (std::size_t k = 0; k < std::size(kPercentiles); ++k)
          figure[names[k]] = values.empty() ? Json(nullptr) : Json(percentile(values, kPercentiles[k]));
      }
      figures[f.name] = std::move(figure);
    }
    point["figures"] = std::move(figures);
    points.push_back(std::move(point));
  }
  Json out = Json::object();
  out["sweep"] = std::move(sweep);
  out["points"] = std::move(points);
  return out.dump(2) + "\n";
}

std::string replications_csv(const ResultsStore& store) {
  const StoreData data = load(store, true);
  const std::vector<std::string> columns = figure_columns(data);
  std::string out;
  for (const ReportColumn& c : replications_csv_fixed_columns()) out += (out.empty() ? "" : ",") + c.name;
  for (const std::string& c : columns) out += "," + c;
  out += "\n";
  for (const Replication& r : data.replications) {
    out += std::to_string(r.row.point) + "," + std::to_string(r.row.replication) + "," + std::to_string(r.row.seed) +
           "," + csv_field(to_string(r.row.status)) + "," + csv_field(r.row.error);
    if (r.outcome) {
      out += figure_cells(data, *r.outcome);
    } else {
      for (std::size_t i = 0; i < columns.size(); ++i) out += ",";
    }
    out += "\n";
  }
  return out;
}

}  // namespace gwsim::sweep
