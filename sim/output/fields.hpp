// Every figure gwsim writes, defined once: the columns of timeline.csv, sites.csv and finance.csv and the figures of
// summary.json, each with its name, unit, decimals, meaning, kind, labels for people, and how it is read from the
// engine's records. The writers, the sweep reports (`gwsim results`), `gwsim schema outputs` (and through it the
// report script) and the tests that check docs/outputs.md and docs/results.md all read these tables. A new figure
// is one entry here, the engine code that computes it, its test and the golden files.
//
// The tables are built once, on first use, and read by index and function pointer: the writers make no lookup by
// name per cell.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "sim/output/records.hpp"

namespace gwsim {

// What a figure's values are.
enum class FieldKind {
  kCount,   // an integer
  kNumber,  // a decimal number, written with the figure's decimals
  kDate,    // an ISO 8601 date (YYYY-MM-DD; YYYY-MM-DDTHH:00 where hourly runs give the hour)
  kName,    // a name (site, scenario, constraint)
  kFlag,    // true or false
};
const char* to_string(FieldKind kind);

// Which way is better when the points of a sweep are ranked by a figure.
enum class Better { kNeither, kHigher, kLower };
const char* to_string(Better better);

// What every figure has, as a CSV column or in summary.json.
struct FieldInfo {
  std::string name;         // column name, or JSON key
  std::string unit;         // "racks", "MW", "MWh", "USD", "ISO 8601 date", "name", ...
  int decimals = 0;         // numbers: digits written after the decimal point, in CSV and JSON alike; else 0
  std::string description;  // one line, as docs/outputs.md shows it
  FieldKind kind = FieldKind::kNumber;
  std::string label;        // a short name for charts and tables ("Racks live")
};

// ---- timeline.csv and sites.csv ---------------------------------------------------------------------------

// A column of the state files, read from a StateRow.
struct StateField {
  FieldInfo info;
  bool in_timeline = true;
  bool in_sites = true;
  bool in_finance = false;  // finance.csv: the fleet rows' FinanceRow (and the date)
  Constraint holds = Constraint::kNone;  // a racks_held_* column: the constraint whose racks it counts
  // One of these, as info.kind says: counts, numbers, or the text of dates and names (appended to `out`).
  std::int64_t (*count)(const StateRow&) = nullptr;
  double (*number)(const StateRow&) = nullptr;
  void (*text)(const StateRow&, std::string& out) = nullptr;
};

const std::vector<StateField>& state_fields();            // every state column, in file order
const std::vector<const StateField*>& timeline_fields();  // the columns of timeline.csv, in order
const std::vector<const StateField*>& site_fields();      // the columns of sites.csv, in order
const std::vector<const StateField*>& finance_fields();   // the columns of finance.csv, in order
// The racks_held_* column counting a constraint's racks; throws std::logic_error for one without a column.
const StateField& held_column(Constraint constraint);

// ---- summary.json -----------------------------------------------------------------------------------------

// Where a summary.json figure sits: once in its object, once per tranche, site or milestone (an array of objects;
// a name with a '/' sits in a nested object: "gated_by/kind"), once per GW reached (an array of values) or once
// per constraint (an object keyed by constraint name).
enum class Repeat { kOnce, kPerTranche, kPerSite, kPerGw, kPerConstraint, kPerMilestone };
const char* to_string(Repeat repeat);  // "once", "tranche", "site", "gw", "constraint", "milestone"

// What is written when a run has no value for a figure.
enum class WhenAbsent { kNever, kNull, kOmitted };
const char* to_string(WhenAbsent when);  // "never", "null", "omitted"

// How the reports' tables (gwsim report's totals and demand, gwsim diff) show a figure: a row at `order` (smallest
// first), named `label` (empty: the figure's label), the value in `unit` with `decimals`. One `unit` is per_unit of
// the figure's own (1 GWh = 1e3 MWh): the tables show value / per_unit, in scientific notation (2.41e+28, with
// `decimals` after the point) when `scientific`: totals of compute in FLOP span too many orders of magnitude for
// one fixed unit.
struct Display {
  std::string label;
  std::string unit;
  double per_unit = 1.0;
  int decimals = 0;
  int order = 0;
  bool scientific = false;
};

// How sweeps report a figure's percentiles (gwsim results, its CSVs, the report script's ranking).
struct SweepFigure {
  std::string figure;       // name in results_csv and replications_csv ({constraint} and {n}, the GW, filled in)
  std::string label;        // row name in the text report, with its unit there
  double text_scale = 1.0;  // the text report shows percentile x text_scale ...
  int text_decimals = 0;    // ... with these decimals; the CSVs keep the figure's own unit
  int order = 0;            // position among the sweep figures, smallest first
  // Once-only figures: a summary without it is an error when required; otherwise the figure is reported when
  // every ok replication has it (stores written before it existed leave it out). Per-constraint figures: a
  // constraint a summary does not name counts 0; constraints beyond the enum's follow in order of appearance.
  bool required = false;
  bool scientific = false;  // the text report writes percentile x text_scale as 2.41e+28 (text_decimals after the point)
};

// What summary.json's figures are computed from.
struct SummaryInput {
  const RunRecord& record;
  const std::string& scenario_name;
  double run_hours = 0.0;  // hours simulated: averages divide energy by them
};

// One figure's value for one run (and tranche, site, GW or constraint); info.kind says which member holds it.
struct FieldValue {
  bool present = true;  // false: written as null, or left out (SummaryField::when_absent)
  std::int64_t count = 0;
  double number = 0.0;
  bool flag = false;
  std::string text;
};

struct SummaryField {
  FieldInfo info;     // info.name: the key ("{constraint}" for per-constraint figures; the list's key for per-GW)
  std::string group;  // JSON pointer of where it sits: the object (once, per constraint), the array of objects
                      // (per tranche, per site), or the object holding the list (per GW); "" is the top level
  Repeat repeat = Repeat::kOnce;
  WhenAbsent when_absent = WhenAbsent::kNever;
  Better better = Better::kNeither;
  std::optional<Display> display;    // shown in the reports' tables (run report totals and demand, gwsim diff)
  std::optional<SweepFigure> sweep;  // reported by sweeps
  // index: of the tranche, site, GW (0 for 1 GW), constraint (in kAllConstraints) or milestone; 0 for once-only
  // figures.
  std::function<FieldValue(const SummaryInput&, std::size_t index)> value;
};

// Every figure of summary.json, in the file's order; the manifest (metadata, not figures) follows them.
const std::vector<SummaryField>& summary_fields();

// How many times a figure repeats in a run: 1, or its tranches, sites, GW reached, constraints or milestones.
std::size_t repeat_count(Repeat repeat, const RunRecord& record);

// The figure's JSON pointer, with "{i}" for the index of a tranche, site, GW or milestone and "{constraint}" for a
// constraint: "/final/racks", "/sites/{i}/co2_t", "/gw_live_dates/{i}", "/binding_constraints/shares/{constraint}".
std::string pointer_template(const SummaryField& field);
// `text` with every "{constraint}" replaced by `name`.
std::string with_constraint(std::string text, const std::string& name);

}  // namespace gwsim
