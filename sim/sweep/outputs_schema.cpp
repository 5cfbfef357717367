#include "sim/sweep/outputs_schema.hpp"

#include <nlohmann/json.hpp>

#include "sim/output/columns.hpp"
#include "sim/output/fields.hpp"
#include "sim/output/records.hpp"
#include "sim/sweep/replication_status.hpp"
#include "sim/sweep/results_report.hpp"
#include "sim/sweep/store_layout.hpp"

namespace gwsim::sweep {
namespace {

using Json = nlohmann::ordered_json;

// Bumped when the document's own layout changes (not when figures are added).
constexpr int kFormatVersion = 1;

// Adds a figure's name, kind, unit, decimals, label and description to j.
void add_info(Json& j, const FieldInfo& info) {
  j["name"] = info.name;
  j["kind"] = to_string(info.kind);
  j["unit"] = info.unit;
  j["decimals"] = info.decimals;
  j["label"] = info.label;
  j["description"] = info.description;
}

Json columns_json(const std::vector<const StateField*>& fields) {
  Json columns = Json::array();
  for (const StateField* f : fields) {
    Json c;
    add_info(c, f->info);
    if (f->holds != Constraint::kNone) c["constraint"] = to_string(f->holds);
    columns.push_back(std::move(c));
  }
  return columns;
}

// The display with its label filled in (the figure's own when the display names none).
Json display_json(const std::optional<Display>& display, const std::string& figure_label) {
  if (!display) return nullptr;
  return Json{{"label", display->label.empty() ? figure_label : display->label}, {"unit", display->unit}, {"per_unit", display->per_unit},
              {"decimals", display->decimals}, {"order", display->order}, {"scientific", display->scientific}};
}

Json sweep_json(const std::optional<SweepFigure>& sweep, const std::string& constraint) {
  if (!sweep) return nullptr;
  Json j;
  j["figure"] = with_constraint(sweep->figure, constraint);
  j["label"] = with_constraint(sweep->label, constraint);
  j["text_scale"] = sweep->text_scale;
  j["text_decimals"] = sweep->text_decimals;
  j["order"] = sweep->order;
  j["scientific"] = sweep->scientific;
  j["required"] = sweep->required;
  return j;
}

// One entry per figure; per-constraint figures once per constraint, with the constraint filled in.
Json figures_json() {
  Json figures = Json::array();
  for (const SummaryField& f : summary_fields()) {
    std::vector<std::string> constraints = {""};
    if (f.repeat == Repeat::kPerConstraint) {
      constraints.clear();
      for (Constraint c : kAllConstraints) constraints.emplace_back(to_string(c));
    }
    for (const std::string& constraint : constraints) {
      FieldInfo info = f.info;
      info.name = with_constraint(info.name, constraint);
      info.label = with_constraint(info.label, constraint);
      info.description = with_constraint(info.description, constraint);
      Json j;
      j["pointer"] = with_constraint(pointer_template(f), constraint);
      add_info(j, info);
      j["per"] = f.repeat == Repeat::kOnce || f.repeat == Repeat::kPerConstraint ? Json(nullptr)
                                                                                  : Json(to_string(f.repeat));
      if (!constraint.empty()) j["constraint"] = constraint;
      j["when_absent"] = to_string(f.when_absent);
      j["better"] = to_string(f.better);
      j["display"] = display_json(f.display, info.label);
      j["sweep"] = sweep_json(f.sweep, constraint);
      figures.push_back(std::move(j));
    }
  }
  return figures;
}

// events.csv: its columns, and per kind what the item, value and value2 columns hold (records.cpp's table).
Json events_json() {
  Json kinds = Json::array();
  for (const EventKindInfo& k : event_kinds()) {
    kinds.push_back({{"name", k.name}, {"item", k.item}, {"value", k.value}, {"unit", k.unit},
                     {"decimals", k.decimals}, {"value2", k.value2}, {"unit2", k.unit2}, {"decimals2", k.decimals2}});
  }
  return Json{{"description", "dated events of the run, one row each: typed fields, plus prose in detail for people"},
              {"columns", event_columns()},
              {"kinds", std::move(kinds)}};
}

Json named_columns(const std::vector<ReportColumn>& columns) {
  Json out = Json::array();
  for (const ReportColumn& c : columns) out.push_back({{"name", c.name}, {"description", c.description}});
  return out;
}

Json store_json() {
  Json tables = Json::array();
  for (const StoreTable& t : store_tables()) {
    Json columns = Json::array();
    for (const StoreColumn& c : t.columns)
      columns.push_back(
          {{"name", c.name}, {"type", c.type}, {"constraints", c.constraints}, {"description", c.description}});
    tables.push_back({{"name", t.name}, {"description", t.description}, {"columns", std::move(columns)}});
  }
  Json j;
  j["application_id"] = kStoreApplicationId;
  j["user_version"] = kStoreSchemaVersion;
  j["tables"] = std::move(tables);
  return j;
}

}  // namespace

std::string outputs_schema_json(const std::string& gwsim_version) {
  Json j;
  j["schema"] = "gwsim outputs";
  j["format_version"] = kFormatVersion;
  j["gwsim_version"] = gwsim_version;
  j["placeholders"] = {{"{i}", "in a pointer: the index (from 0) of the tranche, site or GW the figure repeats for"},
                       {"{n}", "in a sweep figure's name and label: the GW, from 1"}};
  Json files;
  files["timeline.csv"] = {{"description", "the whole fleet, one row per output step"},
                           {"columns", columns_json(timeline_fields())}};
  files["sites.csv"] = {{"description", "the same per site, one row per site per output step"},
                        {"columns", columns_json(site_fields())}};
  files["finance.csv"] = {{"description", "money over time for the whole fleet, one row per output step"},
                          {"columns", columns_json(finance_fields())}};
  files["summary.json"] = {{"description", "key dates, final state, totals and binding constraints of the run; a "
                                           "manifest follows the figures"},
                           {"figures", figures_json()}};
  files["events.csv"] = events_json();
  j["files"] = std::move(files);
  Json constraints = Json::array();
  for (Constraint c : kAllConstraints)
    constraints.push_back({{"name", to_string(c)}, {"held_column", held_column(c).info.name}});
  j["constraints"] = std::move(constraints);
  j["no_constraint"] = to_string(Constraint::kNone);
  Json statuses = Json::array();
  for (const StatusInfo& s : kReplicationStatuses)
    statuses.push_back(
        {{"name", s.name}, {"success", s.status == ReplicationStatus::kOk}, {"description", s.description}});
  j["replication_statuses"] = std::move(statuses);
  j["results_store"] = store_json();
  j["results_csv"] = {{"columns", named_columns(results_csv_columns())}};
  Json replications = named_columns(replications_csv_fixed_columns());
  j["replications_csv"] = {{"fixed_columns", std::move(replications)}, {"columns", replications_csv_columns()}};
  return j.dump(2) + "\n";
}

}  // namespace gwsim::sweep
