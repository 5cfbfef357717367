#include "sim/output/fields.hpp"

#include <stdexcept>
#include <utility>

namespace gwsim {
namespace {

using Get = FieldValue (*)(const SummaryInput&, std::size_t);

// ---- state columns ----------------------------------------------------------------------------------------

StateField count(std::string name, std::string unit, std::string label, std::string description,
                 std::int64_t (*get)(const StateRow&)) {
  StateField f;
  f.info = {std::move(name), std::move(unit), 0, std::move(description), FieldKind::kCount, std::move(label)};
  f.count = get;
  return f;
}

StateField number(std::string name, std::string unit, int decimals, std::string label, std::string description,
                  double (*get)(const StateRow&)) {
  StateField f;
  f.info = {std::move(name), std::move(unit), decimals, std::move(description), FieldKind::kNumber, std::move(label)};
  f.number = get;
  return f;
}

StateField text(std::string name, std::string unit, FieldKind kind, std::string label, std::string description,
                void (*get)(const StateRow&, std::string&)) {
  StateField f;
  f.info = {std::move(name), std::move(unit), 0, std::move(description), kind, std::move(label)};
  f.text = get;
  return f;
}

StateField held(std::string name, Constraint constraint, std::string description,
                std::int64_t (*get)(const StateRow&)) {
  StateField f = count(std::move(name), "racks", std::string("Racks held by ") + to_string(constraint), std::move(description),
                       get);
  f.holds = constraint;
  return f;
}

std::string binding_description() {
  std::string text = "the reason holding the most racks back: ";
  for (Constraint c : kAllConstraints) text += std::string(to_string(c)) + ", ";
  text.resize(text.size() - 2);
  return text + " or " + to_string(Constraint::kNone);
}

void add_date_and_site(std::vector<StateField>& f) {
  f.push_back(text("date", "ISO 8601 date", FieldKind::kDate, "Date",
                   "the day this row describes (state at the end of the day; cumulative figures through its end); in "
                   "hourly runs the hour, as YYYY-MM-DDTHH:00 (UTC; cumulative figures through the end of the hour)",
                   [](const StateRow& r, std::string& out) {
                     out += models::to_iso(r.date);
                     if (r.hour >= 0) {
                       out += r.hour < 10 ? "T0" : "T";
                       out += std::to_string(r.hour);
                       out += ":00";
                     }
                   }));
  f.back().in_finance = true;
  StateField site = text("site", "name", FieldKind::kName, "Site", "site name from the scenario",
                         [](const StateRow& r, std::string& out) { out += r.site; });
  site.in_timeline = false;
  f.push_back(std::move(site));
}

void add_hardware(std::vector<StateField>& f) {
  f.push_back(count("racks", "racks", "Racks live", "GPU racks live (commissioned and powered)",
                    [](const StateRow& r) { return r.live.racks; }));
  f.push_back(count("gpu_packages", "packages", "GPU packages live", "GPU packages in live racks",
                    [](const StateRow& r) { return r.live.gpu_packages; }));
  f.push_back(count("gpu_dies", "dies", "GPU dies live", "GPU dies in live racks (packages x dies per package)",
                    [](const StateRow& r) { return r.live.gpu_dies; }));
  f.push_back(number("pflops_fp8", "PFLOP/s", 1, "FP8 compute live",
                     "dense FP8 compute of live racks (no 2:4 sparsity)",
                     [](const StateRow& r) { return r.live.pflops_fp8; }));
  f.push_back(number("pflops_fp4", "PFLOP/s", 1, "FP4 compute live",
                     "dense FP4 compute of live racks (no 2:4 sparsity)",
                     [](const StateRow& r) { return r.live.pflops_fp4; }));
  f.push_back(count("racks_ordered", "racks", "Racks ordered", "racks ordered so far (cumulative)",
                    [](const StateRow& r) { return r.racks_ordered; }));
  f.push_back(count("racks_delivered", "racks", "Racks delivered", "racks delivered to site so far (cumulative)",
                    [](const StateRow& r) { return r.racks_delivered; }));
  f.push_back(count("racks_installed", "racks", "Racks installed", "racks installed in halls so far (cumulative)",
                    [](const StateRow& r) { return r.racks_installed; }));
  f.push_back(count("racks_retired", "racks", "Racks retired",
                    "racks retired at the end of their tranche's service life so far (cumulative; no longer live)",
                    [](const StateRow& r) { return r.racks_retired; }));
}

void add_compute(std::vector<StateField>& f) {
  f.push_back(number("utilization", "fraction", 4, "Utilization",
                     "share of the live capacity in use: served rack-time over the live racks' peak dense FP8 compute "
                     "(0-1)",
                     [](const StateRow& r) { return r.utilization; }));
  f.push_back(number("demand_pflops", "PFLOP/s", 1, "Demand",
                     "dense FP8 compute asked of the fleet, peak-equivalent (rack-time, not FLOPs executed): training "
                     "reservations plus inference tokens at the realized serving rate (with no demand stated: the "
                     "utilization schedule x live compute)",
                     [](const StateRow& r) { return r.demand_pflops; }));
  f.push_back(number("served_pflops", "PFLOP/s", 1, "Served compute",
                     "dense FP8 compute the live racks run, peak-equivalent (rack-time, not FLOPs executed)",
                     [](const StateRow& r) { return r.served_pflops; }));
  f.push_back(number("unserved_pflops", "PFLOP/s", 1, "Unserved", "demand not served: too few live racks, or the power cap",
                     [](const StateRow& r) { return r.unserved_pflops; }));
  f.push_back(number("power_capped_pflops", "PFLOP/s", 1, "Withheld by the power cap",
                     "compute asked of the live racks that the power cap withheld (part of unserved_pflops)",
                     [](const StateRow& r) { return r.lost_to_cap_pflops; }));
  f.push_back(number("training_demand_pflops", "PFLOP/s", 1, "Training asked",
                     "the part of demand_pflops asked by training jobs (the rest is inference); 0 with no demand "
                     "stated",
                     [](const StateRow& r) { return r.training_demand_pflops; }));
  f.push_back(number("training_served_pflops", "PFLOP/s", 1, "Served on training",
                     "the part of served_pflops running training jobs (a job reserves its racks at full load; "
                     "demand.serve_first says which workload is served first when the fleet is short); 0 with no "
                     "demand stated",
                     [](const StateRow& r) { return r.training_served_pflops; }));
  f.push_back(number("inference_served_pflops", "PFLOP/s", 1, "Served on inference",
                     "the part of served_pflops serving inference; 0 with no demand stated",
                     [](const StateRow& r) { return r.inference_served_pflops; }));
  f.push_back(number("inference_demand_tokens_per_s", "tokens/s", 0, "Inference asked",
                     "inference demand in tokens processed (input + output) per second: the stated tokens, or a "
                     "demand stated in PFLOP/s at the fleet's realized serving rate; 0 with no demand stated",
                     [](const StateRow& r) { return r.inference_demand_tokens_per_s; }));
  f.push_back(number("inference_served_tokens_per_s", "tokens/s", 0, "Inference served",
                     "tokens processed per second served: inference_served_pflops at the fleet's realized serving "
                     "rate (sum of live racks' serving_tokens_per_s x realized_fraction per PFLOP/s of them)",
                     [](const StateRow& r) { return r.inference_served_tokens_per_s; }));
}

// Failures and repairs (sim/engine/reliability_step.cpp) and the reference training job (docs/models.md, "Fleet
// health").
void add_fleet_health(std::vector<StateField>& f) {
  f.push_back(number("racks_in_repair", "racks", 2, "Racks in repair",
                     "rack-equivalents out of service (packages out of service / packages per rack), mean over the "
                     "step: failed units waiting for a swap or a repair",
                     [](const StateRow& r) { return r.racks_in_repair; }));
  f.push_back(number("effective_pflops", "PFLOP/s", 1, "Effective FP8 compute",
                     "dense FP8 compute of the live racks less the racks in repair: what the workload plan runs on",
                     [](const StateRow& r) { return r.effective_pflops; }));
  f.push_back(number("training_goodput", "fraction", 4, "Training goodput",
                     "Daly goodput of the reference training job (reliability.training_job) on the live platform mix: "
                     "useful share of its wall time under checkpoints, restarts and interruptions at its packages' "
                     "rates (0 when nothing is live)",
                     [](const StateRow& r) { return r.training_goodput; }));
}

void add_power_and_energy(std::vector<StateField>& f) {
  f.push_back(number("it_power_mw", "MW", 3, "IT power", "IT power drawn: live GPU racks plus their non-GPU IT share",
                     [](const StateRow& r) { return r.it_power_mw; }));
  f.push_back(number("facility_power_mw", "MW", 3, "Facility power", "facility power drawn: IT power x PUE",
                     [](const StateRow& r) { return r.facility_power_mw; }));
  f.push_back(number("pue", "ratio", 4, "PUE",
                     "PUE in force (the site's month in a monthly profile); fleet rows: facility power / IT power, 0 "
                     "when idle",
                     [](const StateRow& r) { return r.pue; }));
  f.push_back(number("grid_import_mw", "MW", 3, "Grid import",
                     "power drawn at the grid interconnect: facility power less on-site generation and battery discharge, "
                     "plus battery charge, / (1 - substation loss)",
                     [](const StateRow& r) { return r.grid_import_mw; }));
  f.push_back(number("live_capacity_mw", "MW", 3, "Live capacity",
                     "power of the live racks at peak load on the scenario's gw_basis (IT power by default, facility "
                     "power with gw_basis: facility): what 'GW live' counts",
                     [](const StateRow& r) { return r.live_capacity_mw; }));
  f.push_back(number("live_facility_capacity_mw", "MW", 3, "Live facility capacity",
                     "facility power of the live racks at peak load (IT power x PUE): what the grid must carry",
                     [](const StateRow& r) { return r.live_facility_capacity_mw; }));
  f.push_back(number("grid_capacity_mw", "MW", 3, "Grid capacity energized", "grid interconnect capacity energized",
                     [](const StateRow& r) { return r.grid_capacity_mw; }));
  f.push_back(number("it_energy_mwh", "MWh", 3, "IT energy",
                     "IT energy used since the start (cumulative, through the end of the day)",
                     [](const StateRow& r) { return r.it_energy_mwh; }));
  f.push_back(number("energy_mwh", "MWh", 3, "Facility energy",
                     "facility energy used since the start (cumulative, through the end of the day)",
                     [](const StateRow& r) { return r.energy_mwh; }));
  f.push_back(number("grid_energy_mwh", "MWh", 3, "Grid energy",
                     "energy drawn at the grid interconnects since the start (cumulative)",
                     [](const StateRow& r) { return r.grid_energy_mwh; }));
  f.push_back(number("co2_t", "tCO2", 3, "Carbon: grid",
                     "carbon of the grid energy since the start: grid energy x the site's average carbon intensity "
                     "(cumulative; Scope 2, location-based; on-site generation is co2_generation_t)",
                     [](const StateRow& r) { return r.co2_t; }));
  f.push_back(number("water_m3", "m3", 3, "Water used",
                     "water used since the start: IT energy x the site's water usage effectiveness (cumulative)",
                     [](const StateRow& r) { return r.water_m3; }));
}

// On-site generation and batteries (models/generation.hpp, models/battery.hpp): 0 at sites without them.
void add_onsite_supply(std::vector<StateField>& f) {
  f.push_back(number("onsite_generation_mw", "MW", 3, "On-site generation",
                     "on-site generation output (firm, bridge and backup fleets), at the facility side",
                     [](const StateRow& r) { return r.onsite_generation_mw; }));
  f.push_back(number("battery_charge_mw", "MW", 3, "Battery charge", "power charging the batteries",
                     [](const StateRow& r) { return r.battery_charge_mw; }));
  f.push_back(number("battery_discharge_mw", "MW", 3, "Battery discharge",
                     "power the batteries give to the load (peak shaving)",
                     [](const StateRow& r) { return r.battery_discharge_mw; }));
  f.push_back(number("battery_soc_mwh", "MWh", 3, "Battery state of charge",
                     "energy stored in the batteries at the end of the step",
                     [](const StateRow& r) { return r.battery_soc_mwh; }));
  f.push_back(number("generation_energy_mwh", "MWh", 3, "On-site generation energy",
                     "energy produced on site since the start (cumulative)",
                     [](const StateRow& r) { return r.generation_energy_mwh; }));
  f.push_back(number("battery_discharged_mwh", "MWh", 3, "Battery energy discharged",
                     "energy the batteries gave to the load since the start (cumulative)",
                     [](const StateRow& r) { return r.battery_discharged_mwh; }));
  f.push_back(number("fuel_mmbtu", "MMBtu", 3, "Fuel burnt",
                     "fuel burnt by on-site generation since the start: output x full-load heat rate (cumulative, "
                     "HHV; a lower bound: part-load heat rates are worse, and there is no start fuel)",
                     [](const StateRow& r) { return r.fuel_mmbtu; }));
  f.push_back(number("fuel_cost_usd", "USD", 0, "Fuel cost", "cost of that fuel since the start (cumulative)",
                     [](const StateRow& r) { return r.fuel_cost_usd; }));
  f.push_back(number("co2_generation_t", "tCO2", 3, "Carbon: on-site generation",
                     "carbon emitted by on-site generation since the start: fuel x emission factor (cumulative; "
                     "Scope 1, a lower bound like fuel_mmbtu); co2_t counts the grid's",
                     [](const StateRow& r) { return r.co2_generation_t; }));
  f.push_back(number("swing_capped_mw", "MW", 3, "Training capped for swings",
                     "GPU-rack power of training held back because its power swing is not covered by racks, "
                     "batteries, headroom or generation ramping",
                     [](const StateRow& r) { return r.swing_capped_mw; }));
}

void add_money(std::vector<StateField>& f) {
  f.push_back(number("capex_usd", "USD", 0, "Capex spent",
                     "capital spent so far: racks on delivery, halls when ready, generation and batteries when in "
                     "service (cumulative; by category in summary.json's capex)",
                     [](const StateRow& r) { return r.capex_usd; }));
  StateField investment = number("investment_usd", "USD", 0, "Investment released",
                                 "investment released so far by the scenario's rules (cumulative)",
                                 [](const StateRow& r) { return r.investment_usd; });
  investment.in_sites = false;  // released for the fleet, not per site
  f.push_back(std::move(investment));
}

void add_held_and_binding(std::vector<StateField>& f) {
  f.push_back(held("racks_held_supply", Constraint::kRackSupply,
                   "racks ordered but not yet on site (production queue or in transit)",
                   [](const StateRow& r) { return r.held.rack_supply; }));
  f.push_back(held("racks_held_buildings", Constraint::kBuildings, "racks on site with no ready hall space",
                   [](const StateRow& r) { return r.held.buildings; }));
  f.push_back(held("racks_held_crews", Constraint::kInstallCrews,
                   "racks on site with hall space, beyond the day's installation capacity",
                   [](const StateRow& r) { return r.held.install_crews; }));
  f.push_back(held("racks_held_commissioning", Constraint::kCommissioning,
                   "racks installed and commissioning (or waiting for the rest of their pod)",
                   [](const StateRow& r) { return r.held.commissioning; }));
  f.push_back(held("racks_held_grid", Constraint::kGridPower,
                   "racks commissioned but not live because the grid as energized (with any firm on-site generation) cannot carry "
                   "them",
                   [](const StateRow& r) { return r.held.grid_power; }));
  f.push_back(held("racks_held_grid_equipment", Constraint::kGridEquipment,
                   "racks commissioned, waiting for a grid step whose date has come but whose long-lead equipment "
                   "(transformers) is not installed",
                   [](const StateRow& r) { return r.held.grid_equipment; }));
  f.push_back(held("racks_held_generation_supply", Constraint::kGenerationSupply,
                   "racks commissioned, waiting for on-site generation whose units are not installed yet",
                   [](const StateRow& r) { return r.held.generation_supply; }));
  f.push_back(count("racks_never_admitted", "racks", "Racks never admitted",
                    "racks ordered that can never go live (the grid's highest capacity by the end, full halls, or no "
                    "supply by the end), from the day that is certain; not in the racks_held_* columns",
                    [](const StateRow& r) { return r.never_admitted.total(); }));
  f.push_back(text("binding_constraint", "name", FieldKind::kName, "Binding constraint", binding_description(),
                   [](const StateRow& r, std::string& out) { out += to_string(r.binding); }));
}

// finance.csv's columns (sim/engine/finance_pass.hpp computes them): in none of the state files.
void add_finance_columns(std::vector<StateField>& f) {
  const auto column = [&](std::string name, std::string label, std::string description,
                          double (*get)(const StateRow&)) {
    StateField c = number(std::move(name), "USD", 0, std::move(label), std::move(description), get);
    c.in_timeline = false;
    c.in_sites = false;
    c.in_finance = true;
    f.push_back(std::move(c));
  };
  column("capex_paid_usd", "Capex paid",
         "capex paid in the period: rack capex by finance.rack_payment (at order, delivery, going live), facility "
         "capex when a hall is ready, on-site generation and batteries on their in-service day",
         [](const StateRow& r) { return r.finance.capex_paid_usd; });
  column("opex_energy_usd", "Energy cost", "grid energy drawn in the period x each site's energy price",
         [](const StateRow& r) { return r.finance.opex_energy_usd; });
  column("opex_fuel_usd", "Fuel cost", "fuel of on-site generation burnt in the period (the sites' `fuel_cost_usd`, at the fleets' delivered "
         "price)",
         [](const StateRow& r) { return r.finance.opex_fuel_usd; });
  column("opex_maintenance_usd", "Maintenance", "facility capex in service x maintenance_per_year, over the period",
         [](const StateRow& r) { return r.finance.opex_maintenance_usd; });
  column("opex_staff_usd", "Staff", "live facility MW x staff_per_mw_year, over the period",
         [](const StateRow& r) { return r.finance.opex_staff_usd; });
  column("revenue_usd", "Revenue",
         "inference sold: each platform's inference package-hours (live package-hours x utilization x the share "
         "not used by training) x its price of the day, or inference tokens x the token price",
         [](const StateRow& r) { return r.finance.revenue_usd; });
  column("training_value_usd", "Training value",
         "the operator's own training package-hours x each platform's price x finance.revenue."
         "training_transfer_share (0 when training is excluded)",
         [](const StateRow& r) { return r.finance.training_value_usd; });
  column("project_cash_usd", "Project cash flow",
         "revenue - capex paid - opex in the period (before financing; the training value is not cash and is "
         "left out)",
         [](const StateRow& r) { return r.finance.project_cash_usd; });
  column("cumulative_project_cash_usd", "Cumulative project cash",
         "project cash since the start; its lowest value is the peak funding need",
         [](const StateRow& r) { return r.finance.cumulative_project_cash_usd; });
  column("equity_in_usd", "Equity in", "investment released as equity in the period",
         [](const StateRow& r) { return r.finance.equity_in_usd; });
  column("debt_drawn_usd", "Debt drawn", "investment released as loans in the period",
         [](const StateRow& r) { return r.finance.debt_drawn_usd; });
  column("debt_interest_usd", "Debt interest", "interest paid on the loans in the period",
         [](const StateRow& r) { return r.finance.debt_interest_usd; });
  column("debt_principal_usd", "Debt repaid", "principal repaid on the loans in the period",
         [](const StateRow& r) { return r.finance.debt_principal_usd; });
  column("net_cash_usd", "Net cash flow", "project cash + equity in + debt drawn - interest - principal",
         [](const StateRow& r) { return r.finance.net_cash_usd; });
  column("cumulative_cash_usd", "Cumulative cash", "net cash since the start (after financing)",
         [](const StateRow& r) { return r.finance.cumulative_cash_usd; });
  column("depreciation_usd", "Depreciation",
         "depreciation expense in the period: racks from going live, facilities from hall ready",
         [](const StateRow& r) { return r.finance.depreciation_usd; });
  column("write_off_usd", "Write-off",
         "book value of the racks retired in the period, written off (an expense, not cash)",
         [](const StateRow& r) { return r.finance.write_off_usd; });
  column("book_value_usd", "Book value", "capex in service less its depreciation, at the end of the period",
         [](const StateRow& r) { return r.finance.book_value_usd; });
  column("debt_outstanding_usd", "Debt outstanding", "principal still owed at the end of the period",
         [](const StateRow& r) { return r.finance.debt_outstanding_usd; });
}

// The columns in file order: each add_* appends its group.
std::vector<StateField> make_state_fields() {
  std::vector<StateField> f;
  add_date_and_site(f);
  add_hardware(f);
  add_compute(f);
  add_fleet_health(f);
  add_power_and_energy(f);
  add_onsite_supply(f);
  add_money(f);
  add_held_and_binding(f);
  add_finance_columns(f);
  return f;
}

std::vector<const StateField*> columns_where(bool StateField::*in_file) {
  std::vector<const StateField*> out;
  for (const StateField& f : state_fields())
    if (f.*in_file) out.push_back(&f);
  return out;
}

const StateField& state_field(const std::string& name) {
  for (const StateField& f : state_fields())
    if (f.info.name == name) return f;
  throw std::logic_error("fields: no state column named " + name);
}

FieldValue state_value(const StateField& field, const StateRow& row) {
  FieldValue v;
  if (field.count) v.count = field.count(row);
  if (field.number) v.number = field.number(row);
  if (field.text) field.text(row, v.text);
  return v;
}

// ---- summary figures --------------------------------------------------------------------------------------

FieldValue count_value(std::int64_t n) {
  FieldValue v;
  v.count = n;
  return v;
}
FieldValue number_value(double x) {
  FieldValue v;
  v.number = x;
  return v;
}
// A date or name; an empty one is absent.
FieldValue text_value(const std::string& text) {
  FieldValue v;
  v.text = text;
  v.present = !text.empty();
  return v;
}

// A figure in the reports' tables: at `order`, in `unit` (worth `per_unit` of the figure's own) with `decimals`,
// under the figure's label or `label`.
Display shown(int order, std::string unit, int decimals, double per_unit = 1.0, std::string label = "") {
  return {std::move(label), std::move(unit), per_unit, decimals, order};
}

SweepFigure sweep(std::string figure, std::string label, int order, double scale = 1.0, int decimals = 0,
                  bool required = true) {
  return {std::move(figure), std::move(label), scale, decimals, order, required};
}

SweepFigure flop_sweep(std::string figure, std::string label, int order) {
  SweepFigure s = sweep(std::move(figure), std::move(label), order, 1e18, 2, false);
  s.scientific = true;
  return s;
}

// A total of compute (the figure in EFLOP) as the reports show it: FLOP in scientific notation, 2 decimals.
Display flop_total(int order) {
  Display d{"", "FLOP", 1e-18, 2, order};
  d.scientific = true;
  return d;
}

// A total of tokens as the reports show it: scientific notation, 2 decimals.
Display token_total(int order) {
  Display d{"", "tokens", 1.0, 2, order};
  d.scientific = true;
  return d;
}

SummaryField summary(std::string group, std::string name, FieldKind kind, std::string unit, int decimals,
                     std::string label, std::string description, Get get) {
  SummaryField f;
  f.info = {std::move(name), std::move(unit), decimals, std::move(description), kind, std::move(label)};
  f.group = std::move(group);
  f.value = get;
  return f;
}

SummaryField with(SummaryField f, Better better, std::optional<Display> display, std::optional<SweepFigure> sweep = {}) {
  f.better = better;
  f.display = std::move(display);
  f.sweep = std::move(sweep);
  return f;
}

SummaryField absent_as(SummaryField f, WhenAbsent when) {
  f.when_absent = when;
  return f;
}

SummaryField repeated(SummaryField f, Repeat repeat) {
  f.repeat = repeat;
  return f;
}

// The fleet's state at the end, as the state column of the same name; extras as `with`.
SummaryField final_state(const std::string& column, Better better = Better::kNeither,
                         std::optional<Display> display = {}, std::optional<SweepFigure> sweep = {}) {
  const StateField* state = &state_field(column);
  SummaryField f;
  f.info = state->info;
  f.group = "/final";
  f.value = [state](const SummaryInput& in, std::size_t) { return state_value(*state, in.record.final_state); };
  return with(std::move(f), better, std::move(display), std::move(sweep));
}

double average_mw(double energy_mwh, double hours) { return hours > 0.0 ? energy_mwh / hours : 0.0; }

const SiteOutcome& site_at(const SummaryInput& in, std::size_t i) { return in.record.site_outcomes[i]; }
const TrancheOutcome& tranche_at(const SummaryInput& in, std::size_t i) { return in.record.tranches[i]; }
const Milestone& milestone_at(const SummaryInput& in, std::size_t i) { return in.record.milestones[i]; }

// A fraction or a figure that has no value when nothing was live: present only then.
FieldValue number_when(bool present, double x) {
  FieldValue v = number_value(x);
  v.present = present;
  return v;
}

// The milestones reached, each with what gated it: first tokens, each GW live, each tranche's first and full live.
void add_milestones(std::vector<SummaryField>& f) {
  const auto per_milestone = [&](std::string name, FieldKind kind, std::string unit, std::string label,
                                 std::string description, Get get) {
    f.push_back(repeated(summary("/milestones", std::move(name), kind, std::move(unit), 0, std::move(label),
                                 std::move(description), get),
                         Repeat::kPerMilestone));
  };
  per_milestone("name", FieldKind::kName, "name", "Milestone",
                "first tokens, GW N live, TRANCHE first live, TRANCHE fully live (those reached, in that order)",
                [](const SummaryInput& in, std::size_t i) { return text_value(milestone_at(in, i).name); });
  per_milestone("date", FieldKind::kDate, "ISO 8601 date", "Date", "the day it was reached",
                [](const SummaryInput& in, std::size_t i) { return text_value(milestone_at(in, i).date); });
  per_milestone("gated_by/kind", FieldKind::kName, "name", "Gated by",
                "what held the last racks of the pod whose going live reached it: grid_step, hall, crews, "
                "supply_line or order_date (docs/models.md, critical path)",
                [](const SummaryInput& in, std::size_t i) {
                  return text_value(std::string(models::to_string(milestone_at(in, i).gate)));
                });
  per_milestone("gated_by/site", FieldKind::kName, "name", "Site", "the site of those racks",
                [](const SummaryInput& in, std::size_t i) { return text_value(milestone_at(in, i).site); });
  per_milestone("gated_by/item", FieldKind::kName, "name", "Item",
                "the gating item: the grid step (step N, as in events.csv), hall, supply line's platform, install crews, or "
                "the tranche whose order date it was",
                [](const SummaryInput& in, std::size_t i) { return text_value(milestone_at(in, i).item); });
  per_milestone("gate_lead_days", FieldKind::kCount, "days", "Days held past the next constraint",
                "days the gating item held the racks past the next constraint in line: how far it would have to move "
                "earlier before another constraint gates the same racks, so the most the milestone can gain from it "
                "alone (by dates, not a re-simulation; not schedule float)",
                [](const SummaryInput& in, std::size_t i) { return count_value(milestone_at(in, i).gate_lead_days); });
}

void add_key_dates(std::vector<SummaryField>& f) {
  f.push_back(summary("", "scenario", FieldKind::kName, "name", 0, "Scenario", "the scenario's name",
                      [](const SummaryInput& in, std::size_t) { return text_value(in.scenario_name); }));
  f.push_back(summary("", "gw_basis", FieldKind::kName, "name", 0, "GW basis",
                      "what a GW counts: it (IT power of the live racks at peak) or facility (the same x PUE); the "
                      "scenario's gw_basis",
                      [](const SummaryInput& in, std::size_t) {
                        return text_value(std::string(models::to_string(in.record.gw_basis)));
                      }));
  f.push_back(summary("", "grid_firm_share", FieldKind::kNumber, "fraction", 4, "Grid capacity taken as firm",
                      "share of each interconnect's stated capacity racks are admitted against: 1 - "
                      "power_chain.redundancy_headroom (1: the whole rating, no N-1 margin; (N-1)/N for N "
                      "equal transformers or lines)",
                      [](const SummaryInput& in, std::size_t) { return number_value(in.record.grid_firm_share); }));
  f.push_back(with(absent_as(summary("", "first_tokens_date", FieldKind::kDate, "ISO 8601 date", 0, "First tokens",
                                     "the first day any pod was live (null if none was)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return text_value(in.record.first_tokens_date);
                                     }),
                             WhenAbsent::kNull),
                   Better::kLower, {}, sweep("first_tokens_date", "first tokens", 10)));
  f.push_back(with(repeated(summary("", "gw_live_dates", FieldKind::kDate, "ISO 8601 date", 0, "GW live",
                                    "the day live capacity (power at peak of the live racks on the gw_basis) first "
                                    "reached i + 1 GW; as many dates as whole GW were reached",
                                    [](const SummaryInput& in, std::size_t i) {
                                      return text_value(in.record.gw_live_dates[i]);
                                    }),
                           Repeat::kPerGw),
                   Better::kLower, {}, sweep("gw_{n}_live_date", "GW {n} live", 20)));
  f.push_back(repeated(absent_as(summary("", "gw_live_eflops_fp8_per_gw", FieldKind::kNumber, "EFLOP/s per GW", 3,
                               "FP8 EFLOP/s per GW at GW live",
                               "FP8 compute live per GW live (on the gw_basis) on the day live capacity first reached "
                               "i + 1 GW",
                               [](const SummaryInput& in, std::size_t i) {
                                 const std::vector<double>& v = in.record.gw_live_eflops_per_gw;
                                 return number_when(i < v.size(), i < v.size() ? v[i] : 0.0);
                               }),
                                 WhenAbsent::kNull),
                       Repeat::kPerGw));
  add_milestones(f);
  f.push_back(repeated(summary("/tranches", "name", FieldKind::kName, "name", 0, "Tranche", "tranche name from the scenario",
                               [](const SummaryInput& in, std::size_t i) { return text_value(tranche_at(in, i).name); }),
                       Repeat::kPerTranche));
  f.push_back(repeated(summary("/tranches", "racks", FieldKind::kCount, "racks", 0, "Racks ordered",
                               "racks the tranche ordered",
                               [](const SummaryInput& in, std::size_t i) { return count_value(tranche_at(in, i).racks); }),
                       Repeat::kPerTranche));
  f.push_back(repeated(absent_as(summary("/tranches", "first_live_date", FieldKind::kDate, "ISO 8601 date", 0,
                                         "First live", "the day the tranche's first pod went live (null if never)",
                                         [](const SummaryInput& in, std::size_t i) {
                                           return text_value(tranche_at(in, i).first_live_date);
                                         }),
                                 WhenAbsent::kNull),
                       Repeat::kPerTranche));
  f.push_back(repeated(absent_as(summary("/tranches", "fully_live_date", FieldKind::kDate, "ISO 8601 date", 0,
                                         "Fully live", "the day the tranche's last pod went live (null if never)",
                                         [](const SummaryInput& in, std::size_t i) {
                                           return text_value(tranche_at(in, i).fully_live_date);
                                         }),
                                 WhenAbsent::kNull),
                       Repeat::kPerTranche));
  f.push_back(repeated(summary("/tranches", "racks_never_admitted", FieldKind::kCount, "racks", 0,
                               "Racks never admitted",
                               "the tranche's racks that can never go live by the end (binding_constraints.never_admitted "
                               "says why)",
                               [](const SummaryInput& in, std::size_t i) {
                                 return count_value(tranche_at(in, i).racks_never_admitted);
                               }),
                       Repeat::kPerTranche));
  f.push_back(repeated(summary("/tranches", "racks_retired", FieldKind::kCount, "racks", 0, "Racks retired",
                               "the tranche's racks retired by the end (service_life)",
                               [](const SummaryInput& in, std::size_t i) {
                                 return count_value(tranche_at(in, i).racks_retired);
                               }),
                       Repeat::kPerTranche));
  f.push_back(repeated(absent_as(summary("/tranches", "first_retired_date", FieldKind::kDate, "ISO 8601 date", 0,
                                         "First retired",
                                         "the day the tranche's first racks retired (null if none by the end)",
                                         [](const SummaryInput& in, std::size_t i) {
                                           return text_value(tranche_at(in, i).first_retired_date);
                                         }),
                                 WhenAbsent::kNull),
                       Repeat::kPerTranche));
  f.push_back(repeated(absent_as(summary("/tranches", "refresh_of", FieldKind::kName, "name", 0, "Refresh of",
                                         "a refresh tranche: the tranche whose retiring racks it replaces (null "
                                         "otherwise)",
                                         [](const SummaryInput& in, std::size_t i) {
                                           return text_value(tranche_at(in, i).refresh_of);
                                         }),
                                 WhenAbsent::kNull),
                       Repeat::kPerTranche));
}

void add_final_state(std::vector<SummaryField>& f) {
  f.push_back(summary("/final", "date", FieldKind::kDate, "ISO 8601 date", 0, "End date", "the end date the state is at",
                      [](const SummaryInput& in, std::size_t) {
                        return text_value(models::to_iso(in.record.final_state.date));
                      }));
  f.push_back(absent_as(summary("/final", "hour", FieldKind::kCount, "hour (UTC)", 0, "End hour",
                                "hourly runs: the last hour of the end date (0-23, UTC); left out otherwise",
                                [](const SummaryInput& in, std::size_t) {
                                  FieldValue v = count_value(in.record.final_state.hour);
                                  v.present = in.record.final_state.hour >= 0;
                                  return v;
                                }),
                        WhenAbsent::kOmitted));
  f.push_back(final_state("racks", Better::kHigher, shown(20, "racks", 0), sweep("racks", "racks live at the end", 40)));
  f.push_back(final_state("gpu_packages", Better::kHigher, shown(40, "packages", 0),
                          sweep("gpu_packages", "GPU packages live at the end", 50)));
  f.push_back(final_state("gpu_dies", Better::kHigher, shown(50, "dies", 0),
                          sweep("gpu_dies", "GPU dies live at the end", 60)));
  f.push_back(final_state("pflops_fp8", Better::kHigher, shown(60, "EFLOP/s", 1, 1e3),
                          sweep("pflops_fp8", "FP8 compute at the end (EFLOP/s)", 70, 1e-3, 2)));
  f.push_back(final_state("pflops_fp4", Better::kNeither, shown(70, "EFLOP/s", 1, 1e3)));
  f.push_back(final_state("racks_ordered", Better::kNeither, shown(30, "racks", 0)));
  f.push_back(final_state("racks_delivered"));
  f.push_back(final_state("racks_installed"));
  f.push_back(final_state("it_power_mw", Better::kNeither, shown(75, "MW", 1, 1.0, "IT power drawn")));
  f.push_back(final_state("facility_power_mw", Better::kNeither, shown(80, "MW", 1, 1.0, "Facility power drawn")));
  f.push_back(final_state("grid_import_mw"));
  f.push_back(final_state("live_capacity_mw", Better::kHigher,
                          shown(10, "MW", 1, 1.0, "Live capacity (on the GW basis, at peak)"),
                          sweep("live_capacity_mw", "live capacity at the end (MW)", 30, 1.0, 1)));
  f.push_back(final_state("live_facility_capacity_mw", Better::kNeither,
                          shown(12, "MW", 1, 1.0, "Live facility capacity (at peak, x PUE)")));
  f.push_back(final_state("grid_capacity_mw", Better::kNeither, shown(120, "MW", 1)));
  f.push_back(final_state("it_energy_mwh"));
  f.push_back(final_state("energy_mwh", Better::kHigher, {},
                          sweep("energy_mwh", "facility energy to the end (GWh)", 80, 1e-3, 1)));
  f.push_back(final_state("grid_energy_mwh"));
  f.push_back(final_state("co2_t", Better::kLower, {},
                          sweep("co2_t", "grid carbon to the end (MtCO2, Scope 2)", 140, 1e-6, 2, false)));
  f.push_back(final_state("water_m3", Better::kLower, {},
                          sweep("water_m3", "water to the end (million m3)", 150, 1e-6, 2, false)));
  f.push_back(final_state("demand_pflops"));
  f.push_back(final_state("served_pflops"));
  f.push_back(final_state("unserved_pflops"));
  f.push_back(final_state("capex_usd", Better::kLower, shown(250, "$B", 2, 1e9),
                          sweep("capex_usd", "capex to the end ($B)", 90, 1e-9, 2)));
  f.push_back(final_state("investment_usd", Better::kHigher, shown(260, "$B", 2, 1e9),
                          sweep("investment_usd", "investment to the end ($B)", 100, 1e-9, 2)));
}

void add_power(std::vector<SummaryField>& f) {
  f.push_back(with(summary("", "peak_facility_power_mw", FieldKind::kNumber, "MW", 3, "Peak facility power",
                           "highest facility power drawn at any sampled step (daily, or hourly in hourly runs)",
                           [](const SummaryInput& in, std::size_t) {
                             return number_value(in.record.peak_facility_power_mw);
                           }),
                   Better::kHigher, shown(90, "MW", 1),
                   sweep("peak_facility_power_mw", "peak facility power (MW)", 110, 1.0, 1)));
  f.push_back(with(summary("", "peak_grid_import_mw", FieldKind::kNumber, "MW", 3, "Peak grid import",
                           "highest grid import at any sampled step",
                           [](const SummaryInput& in, std::size_t) {
                             return number_value(in.record.peak_grid_import_mw);
                           }),
                   Better::kNeither, shown(110, "MW", 1)));
  f.push_back(with(summary("", "average_grid_import_mw", FieldKind::kNumber, "MW", 3, "Average grid import",
                           "grid energy over the run divided by its hours",
                           [](const SummaryInput& in, std::size_t) {
                             return number_value(average_mw(in.record.final_state.grid_energy_mwh, in.run_hours));
                           }),
                   Better::kNeither, shown(100, "MW", 1)));
}

// Compute per GW live (on the gw_basis) at the end: what the GW buys. Null while nothing is live.
void add_compute_per_gw(std::vector<SummaryField>& f) {
  f.push_back(with(absent_as(summary("", "eflops_fp8_per_gw", FieldKind::kNumber, "EFLOP/s per GW", 3,
                                     "FP8 EFLOP/s per GW live",
                                     "FP8 compute live per GW live on the gw_basis at the end: final pflops_fp8 / "
                                     "final live_capacity_mw (EFLOP/s per GW); null when nothing is live",
                                     [](const SummaryInput& in, std::size_t) {
                                       const StateRow& end = in.record.final_state;
                                       return number_when(end.live_capacity_mw > 0.0,
                                                          end.live_capacity_mw > 0.0
                                                              ? end.live.pflops_fp8 / end.live_capacity_mw
                                                              : 0.0);
                                     }),
                             WhenAbsent::kNull),
                   Better::kHigher, shown(65, "EFLOP/s per GW", 1),
                   sweep("eflops_fp8_per_gw", "FP8 EFLOP/s per GW live at the end", 152, 1.0, 2, false)));
  f.push_back(with(absent_as(summary("", "gpu_packages_per_gw", FieldKind::kNumber, "packages per GW", 0,
                                     "GPU packages per GW live",
                                     "GPU packages live per GW live on the gw_basis at the end: final gpu_packages / "
                                     "final live_capacity_mw x 1000; null when nothing is live",
                                     [](const SummaryInput& in, std::size_t) {
                                       const StateRow& end = in.record.final_state;
                                       const bool live = end.live_capacity_mw > 0.0;
                                       return number_when(live, live ? static_cast<double>(end.live.gpu_packages) *
                                                                           1e3 / end.live_capacity_mw
                                                                     : 0.0);
                                     }),
                             WhenAbsent::kNull),
                   Better::kNeither, shown(66, "packages per GW", 0)));
}

// Served compute against live compute over the run: how busy the fleet was, not only on its last day.
void add_utilization(std::vector<SummaryField>& f) {
  const auto figure = [&](std::string name, std::string unit, int decimals, std::string label, std::string description,
                          Get get, Better better, Display display, std::optional<SweepFigure> sweep_figure = {}) {
    f.push_back(with(absent_as(summary("/utilization", std::move(name), FieldKind::kNumber, std::move(unit), decimals,
                                       std::move(label), std::move(description), get),
                               WhenAbsent::kNull),
                     better, std::move(display), std::move(sweep_figure)));
  };
  figure("average", "fraction", 3, "Average utilization",
         "served over live FP8 compute (share of the capacity in use, rack-time), the mean over every sampled "
         "step of the run (0 while nothing is live)",
         [](const SummaryInput& in, std::size_t) { return number_value(in.record.load.average_utilization); },
         Better::kHigher, shown(270, "%", 1, 0.01));
  figure("average_while_live", "fraction", 3, "Average utilization while live",
         "the same, over the sampled steps with racks live (null if none)",
         [](const SummaryInput& in, std::size_t) {
           return number_when(!in.record.load.peak_utilization_at.empty(), in.record.load.average_utilization_live);
         },
         Better::kHigher, shown(271, "%", 1, 0.01),
         sweep("utilization_average_while_live", "average utilization while live (%)", 156, 100.0, 1, false));
  figure("peak", "fraction", 3, "Peak utilization", "the highest at any sampled step with racks live (null if none)",
         [](const SummaryInput& in, std::size_t) {
           return number_when(!in.record.load.peak_utilization_at.empty(), in.record.load.peak_utilization);
         },
         Better::kNeither, shown(272, "%", 1, 0.01));
  f.push_back(with(absent_as(summary("/utilization", "peak_at", FieldKind::kDate, "ISO 8601 date", 0, "Peak utilization at",
                                     "when that peak was (the first such step; YYYY-MM-DDTHH:00 in hourly runs)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return text_value(in.record.load.peak_utilization_at);
                                     }),
                             WhenAbsent::kNull),
                   Better::kNeither, {}));
  figure("idle_pflops_average", "PFLOP/s", 1, "Idle compute (average while live)",
         "live FP8 compute not serving (pflops_fp8 - served_pflops), the mean over the sampled steps with racks live",
         [](const SummaryInput& in, std::size_t) {
           return number_when(!in.record.load.peak_utilization_at.empty(), in.record.load.average_idle_pflops);
         },
         Better::kLower, shown(273, "EFLOP/s", 1, 1e3));
  figure("delivered_not_live_share", "fraction", 3, "Delivered racks not yet live",
         "racks delivered to site and not yet live (waiting for halls, crews, commissioning or power: paid-for "
         "hardware earning nothing), summed over the days, over the racks delivered summed over the days (null if "
         "none was delivered)",
         [](const SummaryInput& in, std::size_t) {
           const RunRecord& r = in.record;
           return number_when(r.rack_days_delivered > 0, static_cast<double>(r.rack_days_delivered_not_live) /
                                                              static_cast<double>(std::max<std::int64_t>(1, r.rack_days_delivered)));
         },
         Better::kLower, shown(275, "%", 1, 0.01));
  f.push_back(with(summary("/utilization", "delivered_not_live_rack_days", FieldKind::kCount, "rack-days", 0,
                           "Rack-days delivered, not live",
                           "racks delivered to site and not yet live, summed over the days of the run",
                           [](const SummaryInput& in, std::size_t) {
                             return count_value(in.record.rack_days_delivered_not_live);
                           }),
                   Better::kLower, shown(276, "rack-days", 0)));
  figure("idle_pflops_at_peak_demand", "PFLOP/s", 1, "Idle compute at peak demand",
         "the same at the step of peak demand (demand.peak_at)",
         [](const SummaryInput& in, std::size_t) {
           return number_when(!in.record.load.peak_demand_at.empty(), in.record.load.idle_pflops_at_peak_demand);
         },
         Better::kLower, shown(274, "EFLOP/s", 1, 1e3));
}

void add_demand(std::vector<SummaryField>& f) {
  f.push_back(with(summary("/demand", "stated", FieldKind::kFlag, "true or false", 0, "Demand stated",
                           "whether the scenario states demand (false: the utilization schedule set the load)",
                           [](const SummaryInput& in, std::size_t) {
                             FieldValue v;
                             v.flag = in.record.demand_stated;
                             return v;
                           }),
                   Better::kNeither, shown(180, "", 0)));
  f.push_back(with(summary("/demand", "average_pflops", FieldKind::kNumber, "PFLOP/s", 1, "Average demand",
                           "FP8 compute asked of the fleet (peak-equivalent), the mean over every sampled step of the "
                           "run",
                           [](const SummaryInput& in, std::size_t) {
                             return number_value(in.record.load.average_demand_pflops);
                           }),
                   Better::kNeither, shown(185, "EFLOP/s", 1, 1e3)));
  f.push_back(with(summary("/demand", "peak_pflops", FieldKind::kNumber, "PFLOP/s", 1, "Peak demand",
                           "the most FP8 compute asked at any sampled step",
                           [](const SummaryInput& in, std::size_t) {
                             return number_value(in.record.load.peak_demand_pflops);
                           }),
                   Better::kNeither, shown(186, "EFLOP/s", 1, 1e3)));
  f.push_back(with(absent_as(summary("/demand", "peak_at", FieldKind::kDate, "ISO 8601 date", 0, "Peak demand at",
                                     "when that peak was (the first such step; YYYY-MM-DDTHH:00 in hourly runs; null "
                                     "if demand was always 0)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return text_value(in.record.load.peak_demand_at);
                                     }),
                             WhenAbsent::kNull),
                   Better::kNeither, shown(187, "", 0)));
  f.push_back(with(summary("/demand", "shortfall_days", FieldKind::kCount, "days", 0, "Days with demand not served",
                           "days on which some demand was not served at a sampled step",
                           [](const SummaryInput& in, std::size_t) { return count_value(in.record.shortfall_days); }),
                   Better::kLower, shown(190, "days", 0),
                   sweep("shortfall_days", "days with demand not served", 120, 1.0, 0, false)));
  f.push_back(with(summary("/demand", "inference_shortfall_days", FieldKind::kCount, "days", 0,
                           "Days with inference not served",
                           "of shortfall_days, days on which some inference demand was not served",
                           [](const SummaryInput& in, std::size_t) {
                             return count_value(in.record.inference_shortfall_days);
                           }),
                   Better::kLower, shown(192, "days", 0),
                   sweep("inference_shortfall_days", "days with inference not served", 121, 1.0, 0, false)));
  f.push_back(with(summary("/demand", "training_shortfall_days", FieldKind::kCount, "days", 0,
                           "Days with training not served",
                           "of shortfall_days, days on which some training demand was not served (demand.serve_first "
                           "says which workload gives way when the fleet is short)",
                           [](const SummaryInput& in, std::size_t) {
                             return count_value(in.record.training_shortfall_days);
                           }),
                   Better::kLower, shown(193, "days", 0),
                   sweep("training_shortfall_days", "days with training not served", 122, 1.0, 0, false)));
  f.push_back(with(summary("/demand", "peak_hour_shortfall_days", FieldKind::kCount, "days", 0,
                           "Days short at the peak hour",
                           "days on which the demand of some hour was not all served: in hourly runs measured hour by "
                           "hour (= shortfall_days); in daily and monthly runs, days whose peak hour (the day's mean x "
                           "the daily cycle's highest factor, at the day's PUE) the live racks could not carry within "
                           "the sites' power",
                           [](const SummaryInput& in, std::size_t) {
                             return count_value(in.record.peak_hour_shortfall_days);
                           }),
                   Better::kLower, shown(191, "days", 0)));
  f.push_back(with(summary("/demand", "peak_unserved_pflops", FieldKind::kNumber, "PFLOP/s", 1, "Peak unserved compute",
                           "the most demand not served at any sampled step",
                           [](const SummaryInput& in, std::size_t) {
                             return number_value(in.record.peak_unserved_pflops);
                           }),
                   Better::kLower, shown(200, "EFLOP/s", 1, 1e3),
                   sweep("peak_unserved_pflops", "peak shortfall (EFLOP/s)", 135, 1e-3, 1, false)));
  f.push_back(with(absent_as(summary("/demand", "peak_unserved_at", FieldKind::kDate, "ISO 8601 date", 0,
                                     "Peak unserved at",
                                     "when that peak was (a date, or YYYY-MM-DDTHH:00 in hourly runs; null if none)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return text_value(in.record.peak_unserved_at);
                                     }),
                             WhenAbsent::kNull),
                   Better::kNeither, shown(210, "", 0)));
  f.push_back(with(summary("/demand", "served_eflop", FieldKind::kNumber, "EFLOP", 1, "Compute served",
                           "served compute integrated over the run, peak-equivalent rack-time (1 EFLOP = 1e18 FLOP at "
                           "dense FP8 peak; not FLOPs executed)",
                           [](const SummaryInput& in, std::size_t) { return number_value(in.record.served_eflop); }),
                   Better::kNeither, flop_total(220)));
  f.push_back(with(summary("/demand", "training_served_eflop", FieldKind::kNumber, "EFLOP", 1,
                           "Compute served on training",
                           "the part of served_eflop running training jobs (peak-equivalent rack-time)",
                           [](const SummaryInput& in, std::size_t) {
                             return number_value(in.record.training_served_eflop);
                           }),
                   Better::kNeither, flop_total(221)));
  f.push_back(with(summary("/demand", "inference_served_eflop", FieldKind::kNumber, "EFLOP", 1,
                           "Compute served on inference",
                           "the part of served_eflop serving inference (peak-equivalent rack-time)",
                           [](const SummaryInput& in, std::size_t) {
                             return number_value(in.record.inference_served_eflop);
                           }),
                   Better::kNeither, flop_total(222)));
  f.push_back(with(summary("/demand", "inference_tokens_served", FieldKind::kNumber, "tokens", 0, "Tokens served",
                           "tokens processed (input + output) served over the run: inference_served_tokens_per_s "
                           "integrated over time",
                           [](const SummaryInput& in, std::size_t) {
                             return number_value(in.record.inference_tokens_served);
                           }),
                   Better::kHigher, token_total(223)));
  f.push_back(with(summary("/demand", "unserved_eflop", FieldKind::kNumber, "EFLOP", 1, "Compute not served",
                           "demand not served, integrated over the run (peak-equivalent)",
                           [](const SummaryInput& in, std::size_t) { return number_value(in.record.unserved_eflop); }),
                   Better::kLower, flop_total(230), flop_sweep("unserved_eflop", "compute asked, not served (FLOP)", 130)));
  f.push_back(with(summary("/demand", "power_capped_eflop", FieldKind::kNumber, "EFLOP", 1,
                           "Not served: withheld by the power cap",
                           "compute the power cap withheld from live racks, integrated over the run (part of "
                           "unserved_eflop)",
                           [](const SummaryInput& in, std::size_t) { return number_value(in.record.lost_to_cap_eflop); }),
                   Better::kNeither, flop_total(240)));
}

void add_totals(std::vector<SummaryField>& f) {
  const auto total = [&](std::string name, std::string unit, std::string label, std::string description,
                         Get get, Display display) {
    f.push_back(with(summary("/totals", std::move(name), FieldKind::kNumber, std::move(unit), 3, std::move(label),
                             std::move(description), get),
                     Better::kNeither, std::move(display)));
  };
  total("it_energy_mwh", "MWh", "IT energy used", "IT energy used over the run",
        [](const SummaryInput& in, std::size_t) { return number_value(in.record.final_state.it_energy_mwh); },
        shown(130, "GWh", 1, 1e3));
  total("facility_energy_mwh", "MWh", "Facility energy used", "facility energy used over the run",
        [](const SummaryInput& in, std::size_t) { return number_value(in.record.final_state.energy_mwh); },
        shown(140, "GWh", 1, 1e3));
  total("grid_energy_mwh", "MWh", "Grid energy drawn", "energy drawn at the grid interconnects over the run",
        [](const SummaryInput& in, std::size_t) { return number_value(in.record.final_state.grid_energy_mwh); },
        shown(150, "GWh", 1, 1e3));
  total("co2_t", "tCO2", "Carbon: grid (Scope 2, location-based)",
        "carbon of the energy drawn from the grid over the run: grid energy x each site's average grid carbon "
        "intensity (Scope 2, location-based); on-site generation is co2_generation_t",
        [](const SummaryInput& in, std::size_t) { return number_value(in.record.final_state.co2_t); },
        shown(160, "tCO2", 0));
  total("co2_generation_t", "tCO2", "Carbon: on-site generation (Scope 1)",
        "carbon emitted by on-site generation over the run (Scope 1, combustion): fuel x emission factor, a lower "
        "bound like fuel_mmbtu",
        [](const SummaryInput& in, std::size_t) { return number_value(in.record.final_state.co2_generation_t); },
        shown(161, "tCO2", 0));
  total("co2_all_sources_t", "tCO2", "Carbon: all sources (Scope 1 + 2)",
        "co2_t + co2_generation_t; upstream emissions of the fuel and the grid's supply chain (Scope 3, e.g. methane "
        "leaks) are not counted",
        [](const SummaryInput& in, std::size_t) {
          return number_value(in.record.final_state.co2_t + in.record.final_state.co2_generation_t);
        },
        shown(162, "tCO2", 0));
  total("water_m3", "m3", "Water used", "water used over the run",
        [](const SummaryInput& in, std::size_t) { return number_value(in.record.final_state.water_m3); },
        shown(170, "m3", 0));
  total("generation_energy_mwh", "MWh", "On-site generation energy", "energy produced by on-site generation over the run",
        [](const SummaryInput& in, std::size_t) { return number_value(in.record.final_state.generation_energy_mwh); },
        shown(171, "GWh", 1, 1e3));
  total("battery_discharged_mwh", "MWh", "Battery energy discharged", "energy the batteries gave over the run",
        [](const SummaryInput& in, std::size_t) { return number_value(in.record.final_state.battery_discharged_mwh); },
        shown(172, "GWh", 1, 1e3));
  total("fuel_mmbtu", "MMBtu", "Fuel burnt",
        "fuel burnt by on-site generation over the run (HHV), at the full-load heat rate whatever the load, with no "
        "start fuel: a lower bound (part-load heat rates are worse)",
        [](const SummaryInput& in, std::size_t) { return number_value(in.record.final_state.fuel_mmbtu); },
        shown(173, "MMBtu", 0));
  total("fuel_cost_usd", "USD", "Fuel cost",
        "cost of the fuel burnt on site over the run at the stated price (a hub price such as Henry Hub unless the "
        "scenario states a delivered one)",
        [](const SummaryInput& in, std::size_t) { return number_value(in.record.final_state.fuel_cost_usd); },
        shown(174, "$M", 2, 1e6));
}

// Training swings over the run (models/power_swing.hpp): what was stated, what capped training and what covered it.
void add_swings(std::vector<SummaryField>& f) {
  f.push_back(summary("/swings", "stated", FieldKind::kFlag, "true or false", 0, "Training swings stated",
                      "whether some training job states a swing (false: every figure below is 0)",
                      [](const SummaryInput& in, std::size_t) {
                        FieldValue v;
                        v.flag = in.record.swings_stated;
                        return v;
                      }));
  const auto figure = [&](std::string name, std::string unit, int decimals, std::string label, std::string description,
                          Get get, std::optional<Display> display) {
    f.push_back(with(summary("/swings", std::move(name), FieldKind::kNumber, std::move(unit), decimals,
                             std::move(label), std::move(description), get),
                     Better::kNeither, std::move(display)));
  };
  figure("peak_swing_mw", "MW", 3, "Largest training swing",
         "the largest training swing of GPU-rack power at one step (the sites' swings summed)",
         [](const SummaryInput& in, std::size_t) { return number_value(in.record.swing.peak_swing_mw); },
         shown(176, "MW", 1));
  figure("peak_capped_mw", "MW", 3, "Largest swing cap",
         "the most GPU-rack power capped at one step because swings were not covered (the sites' caps summed)",
         [](const SummaryInput& in, std::size_t) { return number_value(in.record.swing.peak_capped_mw); },
         shown(177, "MW", 1));
  figure("capped_mwh", "MWh", 3, "Swing cap x hours",
         "the swing caps integrated over the steps they were in force (MW x hours): power withheld from the budget, "
         "an upper bound on the energy they cost",
         [](const SummaryInput& in, std::size_t) { return number_value(in.record.swing.capped_mwh); },
         shown(178, "MWh", 0));
  f.push_back(with(summary("/swings", "capped_days", FieldKind::kCount, "days", 0, "Days with a swing cap",
                           "days on which some site capped training for an uncovered swing at some step",
                           [](const SummaryInput& in, std::size_t) { return count_value(in.record.swing.capped_days); }),
                   Better::kLower, shown(179, "days", 0)));
  figure("peak_rack_mw", "MW", 3, "Swing covered by rack smoothing", "the most of a swing the racks' own storage took at one step",
         [](const SummaryInput& in, std::size_t) { return number_value(in.record.swing.peak_rack_mw); }, std::nullopt);
  figure("peak_battery_mw", "MW", 3, "Swing covered by batteries", "the most of a swing batteries covered at one step",
         [](const SummaryInput& in, std::size_t) { return number_value(in.record.swing.peak_battery_mw); },
         shown(181, "MW", 1));
  figure("peak_headroom_mw", "MW", 3, "Swing covered by headroom",
         "the most of a swing the held swing headroom covered at one step",
         [](const SummaryInput& in, std::size_t) { return number_value(in.record.swing.peak_headroom_mw); }, std::nullopt);
  figure("peak_generation_mw", "MW", 3, "Swing covered by generation ramping",
         "the most of a swing on-site generation covered by ramping at one step",
         [](const SummaryInput& in, std::size_t) { return number_value(in.record.swing.peak_generation_mw); },
         std::nullopt);
}

// ---- capex: by category and scope, per GW of live capacity, per EFLOP/s -------------------------------------

// usd per unit of a quantity; absent when there is none of it.
FieldValue usd_per(double usd, double units) {
  FieldValue v = number_value(units > 0.0 ? usd / units : 0.0);
  v.present = units > 0.0;
  return v;
}

// Every per-GW figure divides here, by one basis: the live capacity at the end on the run's gw_basis (IT power, or
// facility power, at peak of the live racks: what "GW live" counts).
FieldValue per_gw(const SummaryInput& in, double usd) {
  return usd_per(usd, in.record.final_state.live_capacity_mw / 1e3);
}

double capex_category_usd(const SummaryInput& in, models::CapexCategory c) { return in.record.final_state.capex[c]; }

double nvidia_content_usd(const SummaryInput& in) {
  return models::scope_usd(in.record.final_state.capex, models::CapexScope::kNvidiaContent,
                           in.record.nvidia_networking_share);
}

std::string category_words(models::CapexCategory c) {
  switch (c) {
    case models::CapexCategory::kGpuSystems: return "GPU systems (the NVIDIA racks), booked on delivery";
    case models::CapexCategory::kNetworking: return "scale-out networking of the racks, booked on delivery";
    case models::CapexCategory::kStorage: return "the racks' storage, booked on delivery";
    case models::CapexCategory::kFacilityShell:
      return "building, mechanical plant and cooling, fit-out, booked when a hall is ready";
    case models::CapexCategory::kElectrical:
      return "substation, transformers, switchgear, UPS, generators, booked when a hall is ready";
    case models::CapexCategory::kOther: return "land, design and soft costs, contingency, booked when a hall is ready";
    case models::CapexCategory::kOnsiteGeneration:
      return "on-site generation, nameplate MW x capex_per_mw, booked when a fleet enters service";
    case models::CapexCategory::kBatteryStorage:
      return "batteries, power x capex_per_kw + energy x capex_per_kwh, booked when a battery enters service";
  }
  return "";
}

SummaryField capex_figure(std::string name, std::string unit, std::string label, std::string description,
                          std::function<FieldValue(const SummaryInput&)> get) {
  SummaryField f = summary("/capex", std::move(name), FieldKind::kNumber, std::move(unit), 0, std::move(label),
                           std::move(description), nullptr);
  f.value = [get = std::move(get)](const SummaryInput& in, std::size_t) { return get(in); };
  return f;
}

void add_capex(std::vector<SummaryField>& f) {
  int order = 251;  // the reports' tables: after capex_usd (250), one row per category (251-258), then per GW (261-)
  for (const models::CapexCategory c : models::kCapexCategories) {
    f.push_back(with(capex_figure(std::string(to_string(c)) + "_usd", "USD", std::string("Capex: ") + to_string(c),
                                  "capex to the end: " + category_words(c),
                                  [c](const SummaryInput& in) { return number_value(capex_category_usd(in, c)); }),
                     Better::kNeither, shown(order++, "$B", 2, 1e9, "  of which " + words(c))));
  }
  f.push_back(capex_figure("all_in_usd", "USD", "Capex all-in", "capex to the end, every category (equals capex_usd)",
                           [](const SummaryInput& in) {
                             return number_value(in.record.final_state.capex.total_usd());
                           }));
  f.push_back(capex_figure("nvidia_content_usd", "USD", "Capex: NVIDIA content",
                           "GPU systems + nvidia_networking_share x networking (models/capex.hpp)",
                           [](const SummaryInput& in) { return number_value(nvidia_content_usd(in)); }));
  for (const models::CapexCategory c : models::kCapexCategories) {
    f.push_back(absent_as(capex_figure(std::string(to_string(c)) + "_usd_per_gw", "USD/GW",
                                       std::string("Capex per GW: ") + to_string(c),
                                       std::string(to_string(c)) +
                                           "_usd per GW of live capacity (on the gw_basis) at the end, racks retired "
                                           "by then left out (null while nothing is live)",
                                       [c](const SummaryInput& in) { return per_gw(in, held_capex(in.record)[c]); }),
                          WhenAbsent::kNull));
  }
  f.push_back(with(absent_as(capex_figure("all_in_usd_per_gw", "USD/GW", "Capex per GW live",
                                          "all_in_usd per GW of live capacity (on the gw_basis) at the end, racks "
                                          "retired by then left out (null while nothing is live)",
                                          [](const SummaryInput& in) { return per_gw(in, held_capex(in.record).total_usd()); }),
                             WhenAbsent::kNull),
                   Better::kLower, shown(261, "$B/GW", 2, 1e9),
                   sweep("all_in_usd_per_gw", "capex per GW live ($B)", 160, 1e-9, 2, false)));
  f.push_back(with(absent_as(capex_figure("nvidia_content_usd_per_gw", "USD/GW", "NVIDIA content per GW live",
                                          "nvidia_content_usd per GW of live capacity (on the gw_basis) at the end, "
                                          "racks retired by then left out (null while nothing is live)",
                                          [](const SummaryInput& in) {
                                            return per_gw(in, models::scope_usd(held_capex(in.record),
                                                                                models::CapexScope::kNvidiaContent,
                                                                                in.record.nvidia_networking_share));
                                          }),
                             WhenAbsent::kNull),
                   Better::kNeither, shown(262, "$B/GW", 2, 1e9)));
  f.push_back(with(absent_as(capex_figure("all_in_usd_per_eflops_fp8", "USD/(EFLOP/s)", "Capex per EFLOP/s FP8",
                                          "all_in_usd per EFLOP/s of dense FP8 compute live at the end, racks "
                                          "retired by then left out (null while nothing is live)",
                                          [](const SummaryInput& in) {
                                            return usd_per(held_capex(in.record).total_usd(),
                                                           in.record.final_state.live.pflops_fp8 / 1e3);
                                          }),
                             WhenAbsent::kNull),
                   Better::kLower, shown(263, "$M per EFLOP/s", 1, 1e6),
                   sweep("all_in_usd_per_eflops_fp8", "capex per EFLOP/s FP8 dense ($M)", 161, 1e-6, 1, false)));
}

FieldValue optional_number(const std::optional<double>& x) { return number_when(x.has_value(), x.value_or(0.0)); }

// Money over time (sim/engine/finance_pass.hpp): the project's cash figures, then totals.
void add_finance(std::vector<SummaryField>& f) {
  const auto money = [&](std::string name, std::string label, std::string description,
                         double (*get)(const FinanceOutcome&)) {
    SummaryField field = summary("/finance", std::move(name), FieldKind::kNumber, "USD", 0, std::move(label),
                                 std::move(description), nullptr);
    field.value = [get](const SummaryInput& in, std::size_t) { return number_value(get(in.record.finance)); };
    return field;
  };
  f.push_back(summary("/finance", "discount_rate", FieldKind::kNumber, "fraction", 4, "Discount rate",
                      "the scenario's finance.discount_rate (effective annual), the NPV's",
                      [](const SummaryInput& in, std::size_t) { return number_value(in.record.finance.discount_rate); }));
  f.push_back(with(money("npv_usd", "NPV incl. terminal value",
                         "net present value of the project cash (revenue - capex - opex, before financing) plus the "
                         "training value, summed per calendar month, and of the terminal value at the end date, "
                         "discounted to the start date at discount_rate",
                         [](const FinanceOutcome& o) { return o.npv_usd; }),
                   Better::kHigher, shown(300, "$B", 2, 1e9), sweep("npv_usd", "NPV ($B)", 170, 1e-9, 2, false)));
  f.push_back(with(absent_as(summary("/finance", "npv_training_at_market_usd", FieldKind::kNumber, "USD", 0,
                                     "NPV, training at market price",
                                     "npv_usd with the operator's own training package-hours valued at 100% of "
                                     "each platform's price of the day (the owner's view: what renting that "
                                     "capacity would have cost); null unless finance.revenue.basis is gpu_hours",
                                     [](const SummaryInput& in, std::size_t) {
                                       return optional_number(in.record.finance.npv_training_at_market_usd);
                                     }),
                             WhenAbsent::kNull),
                   Better::kHigher, shown(303, "$B", 2, 1e9)));
  f.push_back(with(money("terminal_value_npv_usd", "of which terminal value",
                         "the terminal value's part of npv_usd (terminal_value_usd discounted from the end date)",
                         [](const FinanceOutcome& o) { return o.terminal_value_npv_usd; }),
                   Better::kNeither, shown(301, "$B", 2, 1e9)));
  f.push_back(with(money("terminal_value_usd", "Terminal value at the end",
                         "finance.terminal_value at the end date: the book value (capex in service less "
                         "depreciation, plus capex paid for equipment not yet in service), or 0 with none",
                         [](const FinanceOutcome& o) { return o.terminal_value_usd; }),
                   Better::kNeither, shown(302, "$B", 2, 1e9)));
  f.push_back(with(absent_as(summary("/finance", "irr", FieldKind::kNumber, "fraction", 4, "IRR",
                                     "internal rate of return of the same monthly project cash and terminal value "
                                     "(effective annual; the smallest root when several; null when no rate from -99% "
                                     "to 100,000% sets the NPV to 0, as when the flows never change sign)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return optional_number(in.record.finance.irr);
                                     }),
                             WhenAbsent::kNull),
                   Better::kHigher, shown(305, "%", 1, 0.01), sweep("irr", "IRR (%)", 171, 100.0, 1, false)));
  f.push_back(summary("/finance", "irr_roots", FieldKind::kCount, "rates", 0, "IRR roots",
                      "how many rates give an NPV of 0 (more than 1: several defensible IRRs)",
                      [](const SummaryInput& in, std::size_t) { return count_value(in.record.finance.irr_roots); }));
  f.push_back(with(absent_as(summary("/finance", "payback_date", FieldKind::kDate, "ISO 8601 date", 0, "Payback",
                                     "the first day after the peak funding need on which the cumulative project cash "
                                     "is back at 0 or above (null if never by the end)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return text_value(in.record.finance.payback_date);
                                     }),
                             WhenAbsent::kNull),
                   Better::kLower, shown(310, "", 0), sweep("payback_date", "payback", 172, 1.0, 0, false)));
  f.push_back(with(money("peak_funding_usd", "Peak funding need",
                         "the lowest cumulative project cash, as a positive amount: what must be funded before "
                         "revenue pays it back (0 if never below 0)",
                         [](const FinanceOutcome& o) { return o.peak_funding_usd; }),
                   Better::kLower, shown(315, "$B", 2, 1e9),
                   sweep("peak_funding_usd", "peak funding need ($B)", 173, 1e-9, 2, false)));
  f.push_back(with(absent_as(summary("/finance", "peak_funding_date", FieldKind::kDate, "ISO 8601 date", 0,
                                     "Peak funding need at", "the day it was reached (null if no funding was needed)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return text_value(in.record.finance.peak_funding_date);
                                     }),
                             WhenAbsent::kNull),
                   Better::kNeither, shown(316, "", 0),
                   sweep("peak_funding_date", "peak funding need at", 174, 1.0, 0, false)));
  f.push_back(with(money("peak_funding_after_financing_usd", "Peak funding need after financing",
                         "the lowest cumulative cash after financing (investment received, loans drawn, debt "
                         "service), as a positive amount: what the owner must still fund (0 if never below 0)",
                         [](const FinanceOutcome& o) { return o.peak_funding_after_financing_usd; }),
                   Better::kLower, shown(317, "$B", 2, 1e9)));
  f.push_back(with(absent_as(summary("/finance", "peak_funding_after_financing_date", FieldKind::kDate,
                                     "ISO 8601 date", 0, "Peak funding need after financing at",
                                     "the day it was reached (null if none was needed)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return text_value(in.record.finance.peak_funding_after_financing_date);
                                     }),
                             WhenAbsent::kNull),
                   Better::kNeither, shown(318, "", 0)));
  f.push_back(with(absent_as(summary("/finance", "breakeven_utilization", FieldKind::kNumber, "fraction", 4,
                                     "Break-even utilization",
                                     "share of the live capacity that must be sold over the run for an NPV of 0, other "
                                     "flows as they were (null when even all of it is not enough)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return optional_number(in.record.finance.breakeven_utilization);
                                     }),
                             WhenAbsent::kNull),
                   Better::kLower, shown(320, "%", 1, 0.01),
                   sweep("breakeven_utilization", "break-even utilization (%)", 175, 100.0, 1, false)));
  f.push_back(with(absent_as(summary("/finance", "revenue_per_mw_year_usd", FieldKind::kNumber, "USD/MW-year", 0,
                                     "Revenue per MW-year",
                                     "revenue (inference sold) over the live facility MW-years of the run (null if "
                                     "nothing was live)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return optional_number(in.record.finance.revenue_per_mw_year_usd);
                                     }),
                             WhenAbsent::kNull),
                   Better::kHigher, shown(325, "$M per MW-year", 2, 1e6)));
  f.push_back(with(absent_as(summary("/finance", "revenue_per_it_mw_year_usd", FieldKind::kNumber, "USD/MW-year", 0,
                                     "Revenue per IT MW-year",
                                     "revenue (inference sold) over the live IT MW-years (racks at peak with their "
                                     "non-GPU IT share) of the run, as neoclouds quote it (null if nothing was live)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return optional_number(in.record.finance.revenue_per_it_mw_year_usd);
                                     }),
                             WhenAbsent::kNull),
                   Better::kHigher, shown(326, "$M per IT MW-year", 2, 1e6)));
  f.push_back(money("capex_paid_usd", "Capex paid", "capex paid by the end (by the payment terms)",
                    [](const FinanceOutcome& o) { return o.capex_paid_usd; }));
  f.push_back(with(money("opex_usd", "Opex", "energy, fuel, maintenance and staff over the run",
                         [](const FinanceOutcome& o) { return o.opex_usd; }),
                   Better::kLower, shown(330, "$B", 2, 1e9)));
  f.push_back(with(money("revenue_usd", "Revenue (inference sold)",
                         "inference sold over the run (the operator's own training is not in it)",
                         [](const FinanceOutcome& o) { return o.revenue_usd; }),
                   Better::kHigher, shown(335, "$B", 2, 1e9),
                   sweep("revenue_usd", "revenue to the end ($B)", 176, 1e-9, 2, false)));
  f.push_back(with(money("training_value_usd", "Training at transfer price",
                         "the operator's own training package-hours at training_transfer_share of each platform's "
                         "price, in the project cash (0 when training is excluded)",
                         [](const FinanceOutcome& o) { return o.training_value_usd; }),
                   Better::kNeither, shown(336, "$B", 2, 1e9)));
  f.push_back(summary("/finance", "training_transfer_share", FieldKind::kNumber, "fraction", 4,
                      "Training transfer share",
                      "the scenario's finance.revenue.training_transfer_share: 0 = training excluded from revenue "
                      "and NPV",
                      [](const SummaryInput& in, std::size_t) {
                        return number_value(in.record.finance.training_transfer_share);
                      }));
  f.push_back(with(money("capacity_revenue_usd", "Revenue if all capacity sold",
                         "every live package-hour (tokens basis: every token of capacity) sold at its price over the "
                         "run: the bound a fully contracted neocloud approaches",
                         [](const FinanceOutcome& o) { return o.capacity_revenue_usd; }),
                   Better::kNeither, shown(337, "$B", 2, 1e9)));
  f.push_back(money("equity_in_usd", "Equity in", "investment released as equity",
                    [](const FinanceOutcome& o) { return o.equity_in_usd; }));
  f.push_back(money("debt_drawn_usd", "Debt drawn", "investment released as loans",
                    [](const FinanceOutcome& o) { return o.debt_drawn_usd; }));
  f.push_back(money("debt_service_usd", "Debt service", "interest and principal paid on the loans",
                    [](const FinanceOutcome& o) { return o.debt_service_usd; }));
  f.push_back(with(money("depreciation_usd", "Depreciation", "depreciation expense over the run",
                         [](const FinanceOutcome& o) { return o.depreciation_usd; }),
                   Better::kNeither, shown(338, "$B", 2, 1e9)));
  f.push_back(with(money("write_off_usd", "Write-offs",
                         "book value of racks retired before the end of their accounting life",
                         [](const FinanceOutcome& o) { return o.write_off_usd; }),
                   Better::kNeither, shown(339, "$B", 2, 1e9)));
  f.push_back(with(money("book_value_usd", "Book value at the end", "capex in service less its depreciation, at the end",
                         [](const FinanceOutcome& o) { return o.book_value_usd; }),
                   Better::kNeither, shown(340, "$B", 2, 1e9)));
  f.push_back(with(money("cumulative_cash_usd", "Cash at the end",
                         "cumulative cash after financing at the end (project cash + equity + debt - debt service)",
                         [](const FinanceOutcome& o) { return o.cumulative_cash_usd; }),
                   Better::kHigher, shown(345, "$B", 2, 1e9)));
}

void add_sites(std::vector<SummaryField>& f) {
  const auto per_site = [&](std::string name, FieldKind kind, std::string unit, int decimals, std::string label,
                            std::string description, Get get) {
    f.push_back(repeated(summary("/sites", std::move(name), kind, std::move(unit), decimals, std::move(label),
                                 std::move(description), get),
                         Repeat::kPerSite));
  };
  per_site("site", FieldKind::kName, "name", 0, "Site", "site name from the scenario (sites in scenario order)",
           [](const SummaryInput& in, std::size_t i) { return text_value(site_at(in, i).name); });
  per_site("it_energy_mwh", FieldKind::kNumber, "MWh", 3, "IT energy used", "the site's IT energy over the run",
           [](const SummaryInput& in, std::size_t i) { return number_value(site_at(in, i).final_state.it_energy_mwh); });
  per_site("facility_energy_mwh", FieldKind::kNumber, "MWh", 3, "Facility energy used",
           "the site's facility energy over the run",
           [](const SummaryInput& in, std::size_t i) { return number_value(site_at(in, i).final_state.energy_mwh); });
  per_site("grid_energy_mwh", FieldKind::kNumber, "MWh", 3, "Grid energy drawn",
           "energy the site drew at its grid interconnect over the run",
           [](const SummaryInput& in, std::size_t i) { return number_value(site_at(in, i).final_state.grid_energy_mwh); });
  per_site("peak_grid_import_mw", FieldKind::kNumber, "MW", 3, "Peak grid import",
           "the site's highest grid import at any sampled step",
           [](const SummaryInput& in, std::size_t i) { return number_value(site_at(in, i).peak_grid_import_mw); });
  per_site("average_grid_import_mw", FieldKind::kNumber, "MW", 3, "Average grid import",
           "the site's grid energy over the run divided by its hours",
           [](const SummaryInput& in, std::size_t i) {
             return number_value(average_mw(site_at(in, i).final_state.grid_energy_mwh, in.run_hours));
           });
  per_site("co2_t", FieldKind::kNumber, "tCO2", 3, "Carbon: grid (Scope 2, location-based)",
           "carbon of the energy the site drew from the grid over the run (Scope 2, location-based)",
           [](const SummaryInput& in, std::size_t i) { return number_value(site_at(in, i).final_state.co2_t); });
  per_site("water_m3", FieldKind::kNumber, "m3", 3, "Water used", "the site's water used over the run",
           [](const SummaryInput& in, std::size_t i) { return number_value(site_at(in, i).final_state.water_m3); });
  per_site("generation_energy_mwh", FieldKind::kNumber, "MWh", 3, "On-site generation energy",
           "energy the site's generation produced over the run",
           [](const SummaryInput& in, std::size_t i) {
             return number_value(site_at(in, i).final_state.generation_energy_mwh);
           });
  per_site("battery_discharged_mwh", FieldKind::kNumber, "MWh", 3, "Battery energy discharged",
           "energy the site's battery gave over the run",
           [](const SummaryInput& in, std::size_t i) {
             return number_value(site_at(in, i).final_state.battery_discharged_mwh);
           });
  per_site("fuel_mmbtu", FieldKind::kNumber, "MMBtu", 3, "Fuel burnt", "fuel the site's generation burnt (HHV)",
           [](const SummaryInput& in, std::size_t i) { return number_value(site_at(in, i).final_state.fuel_mmbtu); });
  per_site("fuel_cost_usd", FieldKind::kNumber, "USD", 0, "Fuel cost", "cost of the site's fuel over the run",
           [](const SummaryInput& in, std::size_t i) { return number_value(site_at(in, i).final_state.fuel_cost_usd); });
  per_site("co2_generation_t", FieldKind::kNumber, "tCO2", 3, "Carbon: on-site generation (Scope 1)",
           "carbon the site's generation emitted over the run (Scope 1, combustion; a lower bound)",
           [](const SummaryInput& in, std::size_t i) {
             return number_value(site_at(in, i).final_state.co2_generation_t);
           });
  per_site("co2_all_sources_t", FieldKind::kNumber, "tCO2", 3, "Carbon: all sources (Scope 1 + 2)",
           "co2_t + co2_generation_t of the site (Scope 3 not counted)",
           [](const SummaryInput& in, std::size_t i) {
             const StateRow& end = site_at(in, i).final_state;
             return number_value(end.co2_t + end.co2_generation_t);
           });
  per_site("swing_peak_mw", FieldKind::kNumber, "MW", 3, "Largest training swing",
           "the largest training swing of GPU-rack power at the site at one step",
           [](const SummaryInput& in, std::size_t i) { return number_value(site_at(in, i).swing.peak_swing_mw); });
  per_site("swing_peak_capped_mw", FieldKind::kNumber, "MW", 3, "Largest swing cap",
           "the most GPU-rack power the site capped at one step for an uncovered swing",
           [](const SummaryInput& in, std::size_t i) { return number_value(site_at(in, i).swing.peak_capped_mw); });
  per_site("swing_capped_mwh", FieldKind::kNumber, "MWh", 3, "Swing cap x hours",
           "the site's swing caps integrated over the steps they were in force",
           [](const SummaryInput& in, std::size_t i) { return number_value(site_at(in, i).swing.capped_mwh); });
  per_site("swing_capped_days", FieldKind::kCount, "days", 0, "Days with a swing cap",
           "days on which the site capped training for an uncovered swing at some step",
           [](const SummaryInput& in, std::size_t i) { return count_value(site_at(in, i).swing.capped_days); });
  per_site("swing_battery_peak_mw", FieldKind::kNumber, "MW", 3, "Swing covered by the battery",
           "the most of a swing the site's battery covered at one step",
           [](const SummaryInput& in, std::size_t i) { return number_value(site_at(in, i).swing.peak_battery_mw); });
  f.push_back(absent_as(repeated(summary("/sites", "first_live_date", FieldKind::kDate, "ISO 8601 date", 0,
                                         "First live at the site", "the first day a pod was live at the site (null "
                                         "if none was)",
                                         [](const SummaryInput& in, std::size_t i) {
                                           return text_value(site_at(in, i).first_live_date);
                                         }),
                                 Repeat::kPerSite),
                        WhenAbsent::kNull));
  f.push_back(absent_as(repeated(summary("/sites", "first_ready_date", FieldKind::kDate, "ISO 8601 date", 0,
                                         "First racks ready at the site", "the first day a whole pod of the site "
                                         "was commissioned, ready to go live given power (null if none was)",
                                         [](const SummaryInput& in, std::size_t i) {
                                           return text_value(site_at(in, i).first_ready_date);
                                         }),
                                 Repeat::kPerSite),
                        WhenAbsent::kNull));
  f.push_back(absent_as(repeated(summary("/sites", "generation_in_service_date", FieldKind::kDate, "ISO 8601 date", 0,
                                         "Generation in service", "the first day a generation fleet of the site was "
                                         "in service, its units installed (null with none, or none in the run)",
                                         [](const SummaryInput& in, std::size_t i) {
                                           return text_value(site_at(in, i).generation_in_service_date);
                                         }),
                                 Repeat::kPerSite),
                        WhenAbsent::kNull));
  f.push_back(absent_as(repeated(summary("/sites", "bridge_float_days", FieldKind::kCount, "days", 0, "Bridge float",
                                         "days from the site's first bridge fleet in service to its first racks "
                                         "ready (first_ready_date): how late the bridge could come before racks "
                                         "wait for it; negative: racks waited; null without a bridge in service or "
                                         "racks ready",
                                         [](const SummaryInput& in, std::size_t i) {
                                           const std::optional<std::int64_t>& d = site_at(in, i).bridge_float_days;
                                           FieldValue v = count_value(d.value_or(0));
                                           v.present = d.has_value();
                                           return v;
                                         }),
                                 Repeat::kPerSite),
                        WhenAbsent::kNull));
  f.push_back(repeated(summary("/sites", "days_with_racks_pending", FieldKind::kCount, "days", 0,
                               "Days with racks pending at the site", "days on which a rack of the site was ordered "
                               "but not live",
                               [](const SummaryInput& in, std::size_t i) {
                                 return count_value(site_at(in, i).days_with_racks_pending);
                               }),
                       Repeat::kPerSite));
  for (std::size_t k = 0; k < std::size(kAllConstraints); ++k) {
    const std::string name = to_string(kAllConstraints[k]);
    SummaryField days = summary("/sites", "binding_days/" + name, FieldKind::kCount, "days", 0, name + " binding at the site",
                                "days on which " + name + " held the most of the site's racks back", nullptr);
    days.value = [k](const SummaryInput& in, std::size_t i) {
      return count_value(site_at(in, i).binding_days[kAllConstraints[k]]);
    };
    f.push_back(repeated(std::move(days), Repeat::kPerSite));
  }
  for (std::size_t k = 0; k < std::size(kAllConstraints); ++k) {
    const std::string name = to_string(kAllConstraints[k]);
    SummaryField share = summary("/sites", "binding_shares/" + name, FieldKind::kNumber, "fraction", 4,
                                 name + " binding at the site",
                                 "share of the site's days with racks pending on which " + name + " bound it (0-1)",
                                 nullptr);
    share.value = [k](const SummaryInput& in, std::size_t i) {
      const SiteOutcome& site = site_at(in, i);
      const std::int64_t n = site.binding_days[kAllConstraints[k]];
      return number_value(site.days_with_racks_pending > 0
                              ? static_cast<double>(n) / static_cast<double>(site.days_with_racks_pending)
                              : 0.0);
    };
    f.push_back(repeated(std::move(share), Repeat::kPerSite));
  }
  f.push_back(absent_as(repeated(summary("/sites", "equipment_installed_date", FieldKind::kDate, "ISO 8601 date", 0,
                                         "Equipment installed", "the day the last of the site's long-lead equipment "
                                         "orders was installed (null with none, or one never installed)",
                                         [](const SummaryInput& in, std::size_t i) {
                                           return text_value(site_at(in, i).equipment_installed_date);
                                         }),
                                 Repeat::kPerSite),
                        WhenAbsent::kNull));
}

void add_binding(std::vector<SummaryField>& f) {
  f.push_back(summary("/binding_constraints", "days_with_racks_pending", FieldKind::kCount, "days", 0,
                      "Days with racks pending", "days on which any rack was ordered but not live",
                      [](const SummaryInput& in, std::size_t) { return count_value(in.record.days_with_racks_pending); }));
  f.push_back(repeated(summary("/binding_constraints/days", "{constraint}", FieldKind::kCount, "days", 0,
                               "{constraint} binding", "days on which {constraint} bound the fleet (held the most racks back)",
                               [](const SummaryInput& in, std::size_t i) {
                                 return count_value(binding_days_of(in.record, kAllConstraints[i]));
                               }),
                       Repeat::kPerConstraint));
  f.push_back(with(repeated(summary("/binding_constraints/shares", "{constraint}", FieldKind::kNumber, "fraction", 4,
                                    "{constraint} binding",
                                    "share of the days with racks pending on which {constraint} bound the fleet (0-1)",
                                    [](const SummaryInput& in, std::size_t i) {
                                      const std::int64_t pending = in.record.days_with_racks_pending;
                                      const std::int64_t n = binding_days_of(in.record, kAllConstraints[i]);
                                      return number_value(pending > 0 ? static_cast<double>(n) / static_cast<double>(pending)
                                                                      : 0.0);
                                    }),
                           Repeat::kPerConstraint),
                   Better::kNeither, {},
                   sweep("binding_share_{constraint}", "{constraint} binding (% of days pending)", 200, 100.0, 1, false)));
}

// Racks that can never go live, counted apart from the binding constraints (at the end, by the constraint that
// holds them for good).
void add_never_admitted(std::vector<SummaryField>& f) {
  f.push_back(with(summary("/binding_constraints", "racks_never_admitted", FieldKind::kCount, "racks", 0,
                           "Racks never admitted",
                           "racks ordered that can never go live, at the end (left out of the days pending and the "
                           "shares)",
                           [](const SummaryInput& in, std::size_t) {
                             return count_value(in.record.final_state.never_admitted.total());
                           }),
                   Better::kLower, shown(35, "racks", 0)));
  f.push_back(repeated(summary("/binding_constraints/never_admitted", "{constraint}", FieldKind::kCount, "racks", 0,
                               "Never admitted: {constraint}",
                               "racks that can never go live because of {constraint} (grid_power: the highest capacity "
                               "the grid reaches by the end; buildings: every hall ready and full; rack_supply: no "
                               "supply line starts by the end; the others: 0)",
                               [](const SummaryInput& in, std::size_t i) {
                                 return count_value(in.record.final_state.never_admitted.of(kAllConstraints[i]));
                               }),
                       Repeat::kPerConstraint));
}

// Racks that waited for grid power after commissioning: capital built and idle for want of power.
void add_held_by_grid(std::vector<SummaryField>& f) {
  f.push_back(with(summary("/binding_constraints", "peak_racks_held_grid", FieldKind::kCount, "racks", 0,
                           "Peak racks waiting for grid power",
                           "the most racks held by the grid (racks_held_grid: commissioned, not live for want of "
                           "grid power) on any day",
                           [](const SummaryInput& in, std::size_t) { return count_value(in.record.peak_racks_held_grid); }),
                   Better::kLower, shown(36, "racks", 0)));
  f.push_back(absent_as(summary("/binding_constraints", "peak_racks_held_grid_at", FieldKind::kDate, "ISO 8601 date", 0,
                                "Peak racks waiting for grid power at",
                                "the first day of that peak (null if the grid never held a rack)",
                                [](const SummaryInput& in, std::size_t) {
                                  return text_value(in.record.peak_racks_held_grid_at);
                                }),
                        WhenAbsent::kNull));
  f.push_back(with(summary("/binding_constraints", "rack_days_held_grid", FieldKind::kCount, "rack-days", 0,
                           "Rack-days waiting for grid power",
                           "racks held by the grid summed over the days of the run (one rack waiting one day is one "
                           "rack-day; racks that can never go live are not counted)",
                           [](const SummaryInput& in, std::size_t) { return count_value(in.record.rack_days_held_grid); }),
                   Better::kLower, shown(37, "rack-days", 0),
                   sweep("rack_days_held_grid", "rack-days waiting for grid power (thousands)", 162, 1e-3, 1, false)));
}

template <std::size_t C>
FieldValue failures_of(const SummaryInput& in, std::size_t) {
  return count_value(in.record.reliability.failures[C]);
}

// Fleet health over the run (sim/engine/reliability_step.cpp; docs/models.md, "Fleet health").
void add_reliability(std::vector<SummaryField>& f) {
  f.push_back(summary("/reliability", "enabled", FieldKind::kFlag, "true or false", 0, "Failures simulated",
                      "the scenario's reliability.enabled: whether racks fail",
                      [](const SummaryInput& in, std::size_t) {
                        FieldValue v;
                        v.flag = in.record.reliability.enabled;
                        return v;
                      }));
  const Get failures[] = {failures_of<0>, failures_of<1>, failures_of<2>, failures_of<3>};
  const char* names[] = {"gpu", "hbm", "nic", "rack"};
  const char* words[] = {"GPU", "HBM", "network (NIC, switch, cable)", "rack-level (host, power supply, SSD)"};
  for (std::size_t c = 0; c < 4; ++c) {
    f.push_back(summary("/reliability", std::string("failures_") + names[c], FieldKind::kCount, "failures", 0,
                        std::string("Failures: ") + words[c],
                        std::string(words[c]) + " failures over the run, every lot and step", failures[c]));
  }
  f.push_back(summary("/reliability", "failures_without_spare", FieldKind::kCount, "failures", 0,
                      "Failures without a spare",
                      "of them, those whose site had no spare unit on its shelf: out for the repair time",
                      [](const SummaryInput& in, std::size_t) {
                        return count_value(in.record.reliability.failures_without_spare);
                      }));
  f.push_back(summary("/reliability", "peak_racks_in_repair", FieldKind::kNumber, "racks", 2, "Peak racks in repair",
                      "the most rack-equivalents out of service at any sampled step (fleet)",
                      [](const SummaryInput& in, std::size_t) {
                        return number_value(in.record.reliability.peak_racks_in_repair);
                      }));
  f.push_back(with(absent_as(summary("/reliability", "availability_average_while_live", FieldKind::kNumber, "fraction",
                                     4, "Availability while live",
                                     "effective over live FP8 compute, the mean over the sampled steps with racks live "
                                     "(null if none)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return optional_number(in.record.reliability.availability_average_while_live);
                                     }),
                             WhenAbsent::kNull),
                   Better::kHigher, shown(280, "%", 2, 0.01),
                   sweep("availability_average_while_live", "availability while live (%)", 157, 100.0, 2, false)));
  f.push_back(summary("/reliability", "job_packages", FieldKind::kNumber, "packages", 0, "Reference job packages",
                      "GPU packages of the reference training job (reliability.training_job.packages)",
                      [](const SummaryInput& in, std::size_t) { return number_value(in.record.reliability.job_packages); }));
  f.push_back(absent_as(summary("/reliability", "job_interruptions_per_day", FieldKind::kNumber, "per day", 3,
                                "Job interruptions per day",
                                "interruptions of the reference job per day on the last day's live platform mix: its "
                                "packages x the live packages' mean interruption rate (null when nothing is live)",
                                [](const SummaryInput& in, std::size_t) {
                                  return optional_number(in.record.reliability.job_interruptions_per_day);
                                }),
                        WhenAbsent::kNull));
  f.push_back(absent_as(summary("/reliability", "job_mtbf_hours", FieldKind::kNumber, "hours", 2, "Job MTBF",
                                "mean time between the reference job's interruptions, on the same mix (null when "
                                "nothing is live or nothing interrupts it)",
                                [](const SummaryInput& in, std::size_t) {
                                  return optional_number(in.record.reliability.job_mtbf_hours);
                                }),
                        WhenAbsent::kNull));
  f.push_back(absent_as(summary("/reliability", "checkpoint_interval_s", FieldKind::kNumber, "s", 1,
                                "Checkpoint interval",
                                "compute between the reference job's checkpoints: Daly's or Young's optimum for that "
                                "MTBF, or the stated interval (null when nothing is live, or the optimum is unbounded "
                                "because nothing interrupts it)",
                                [](const SummaryInput& in, std::size_t) {
                                  return optional_number(in.record.reliability.checkpoint_interval_s);
                                }),
                        WhenAbsent::kNull));
  f.push_back(with(absent_as(summary("/reliability", "goodput", FieldKind::kNumber, "fraction", 4, "Training goodput",
                                     "the reference job's goodput on the last day's mix: useful share of its wall "
                                     "time (Daly 2006; null when nothing is live)",
                                     [](const SummaryInput& in, std::size_t) {
                                       return optional_number(in.record.reliability.goodput);
                                     }),
                             WhenAbsent::kNull),
                   Better::kHigher, shown(281, "%", 1, 0.01),
                   sweep("training_goodput", "training goodput at the end (%)", 158, 100.0, 1, false)));
}

void add_energy_check(std::vector<SummaryField>& f) {
  f.push_back(summary("/energy_check", "it_energy_mwh_outputs", FieldKind::kNumber, "MWh", 3, "IT energy (outputs)",
                      "the run's IT energy as the outputs integrate it",
                      [](const SummaryInput& in, std::size_t) { return number_value(in.record.final_state.it_energy_mwh); }));
  f.push_back(absent_as(summary("/energy_check", "it_energy_mwh_simgrid_plugin", FieldKind::kNumber, "MWh", 3,
                                "IT energy (SimGrid plugin)",
                                "the same as SimGrid's host-energy plugin accounted it (agrees to ~1e-9); null in the "
                                "summaries a sweep stores, whose replications run without the plugin",
                                [](const SummaryInput& in, std::size_t) {
                                  FieldValue v = number_value(in.record.plugin_it_energy_mwh);
                                  v.present = in.record.plugin_measured;
                                  return v;
                                }),
                        WhenAbsent::kNull));
}

std::vector<SummaryField> make_summary_fields() {
  std::vector<SummaryField> f;
  add_key_dates(f);
  add_final_state(f);
  add_compute_per_gw(f);
  add_power(f);
  add_utilization(f);
  add_demand(f);
  add_totals(f);
  add_swings(f);
  add_capex(f);
  add_finance(f);
  add_sites(f);
  add_binding(f);
  add_never_admitted(f);
  add_held_by_grid(f);
  add_reliability(f);
  add_energy_check(f);
  return f;
}

}  // namespace

const char* to_string(FieldKind kind) {
  switch (kind) {
    case FieldKind::kCount: return "count";
    case FieldKind::kNumber: return "number";
    case FieldKind::kDate: return "date";
    case FieldKind::kName: return "name";
    case FieldKind::kFlag: return "flag";
  }
  return "number";
}

const char* to_string(Better better) {
  switch (better) {
    case Better::kNeither: return "neither";
    case Better::kHigher: return "higher";
    case Better::kLower: return "lower";
  }
  return "neither";
}

const char* to_string(Repeat repeat) {
  switch (repeat) {
    case Repeat::kOnce: return "once";
    case Repeat::kPerTranche: return "tranche";
    case Repeat::kPerSite: return "site";
    case Repeat::kPerGw: return "gw";
    case Repeat::kPerConstraint: return "constraint";
    case Repeat::kPerMilestone: return "milestone";
  }
  return "once";
}

const char* to_string(WhenAbsent when) {
  switch (when) {
    case WhenAbsent::kNever: return "never";
    case WhenAbsent::kNull: return "null";
    case WhenAbsent::kOmitted: return "omitted";
  }
  return "never";
}

const std::vector<StateField>& state_fields() {
  static const std::vector<StateField> fields = make_state_fields();
  return fields;
}

const std::vector<const StateField*>& timeline_fields() {
  static const std::vector<const StateField*> fields = columns_where(&StateField::in_timeline);
  return fields;
}

const std::vector<const StateField*>& site_fields() {
  static const std::vector<const StateField*> fields = columns_where(&StateField::in_sites);
  return fields;
}

const std::vector<const StateField*>& finance_fields() {
  static const std::vector<const StateField*> fields = columns_where(&StateField::in_finance);
  return fields;
}

const StateField& held_column(Constraint constraint) {
  for (const StateField& f : state_fields())
    if (f.holds == constraint && constraint != Constraint::kNone) return f;
  throw std::logic_error(std::string("fields: no racks_held_* column for ") + to_string(constraint));
}

const std::vector<SummaryField>& summary_fields() {
  static const std::vector<SummaryField> fields = make_summary_fields();
  return fields;
}

std::size_t repeat_count(Repeat repeat, const RunRecord& record) {
  switch (repeat) {
    case Repeat::kOnce: return 1;
    case Repeat::kPerTranche: return record.tranches.size();
    case Repeat::kPerSite: return record.site_outcomes.size();
    case Repeat::kPerGw: return record.gw_live_dates.size();
    case Repeat::kPerConstraint: return std::size(kAllConstraints);
    case Repeat::kPerMilestone: return record.milestones.size();
  }
  return 1;
}

std::string pointer_template(const SummaryField& field) {
  switch (field.repeat) {
    case Repeat::kOnce:
    case Repeat::kPerConstraint: return field.group + "/" + field.info.name;
    case Repeat::kPerTranche:
    case Repeat::kPerSite:
    case Repeat::kPerMilestone: return field.group + "/{i}/" + field.info.name;
    case Repeat::kPerGw: return field.group + "/" + field.info.name + "/{i}";
  }
  return field.group + "/" + field.info.name;
}

std::string with_constraint(std::string text, const std::string& name) {
  static const std::string placeholder = "{constraint}";
  for (std::size_t at = text.find(placeholder); at != std::string::npos; at = text.find(placeholder, at + name.size()))
    text.replace(at, placeholder.size(), name);
  return text;
}

}  // namespace gwsim
