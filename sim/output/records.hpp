// What a run produces, as plain values: the engine fills a RunRecord, the output module writes it.
// Nothing here knows about SimGrid or files.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "models/capex.hpp"
#include "models/cashflow.hpp"
#include "models/critical_path.hpp"
#include "models/demand.hpp"
#include "models/date.hpp"
#include "models/gpu_count.hpp"
#include "models/gw_basis.hpp"

namespace gwsim {

// Reasons racks are not yet live; the binding constraint is the one holding the most racks back.
enum class Constraint {
  kNone,
  kGridPower,
  kBuildings,
  kInstallCrews,
  kRackSupply,
  kCommissioning,
  kGridEquipment,     // the grid step's date has come, its long-lead equipment (transformers) is not installed
  kGenerationSupply,  // on-site generation would carry them, its units are not installed yet
};
inline constexpr std::size_t kConstraintCount = 8;
inline constexpr Constraint kAllConstraints[] = {Constraint::kGridPower,     Constraint::kBuildings,
                                                 Constraint::kInstallCrews,  Constraint::kRackSupply,
                                                 Constraint::kCommissioning, Constraint::kGridEquipment,
                                                 Constraint::kGenerationSupply};
// Names as the outputs write them ("grid_power", ...; "none"), from one table in records.cpp.
const char* to_string(Constraint constraint);
std::optional<Constraint> constraint_from_string(std::string_view name);
// Names for people, as the printed summary and the reports write them: "grid power", "GPU systems".
std::string words(Constraint constraint);
std::string words(models::CapexCategory category);

// A count per constraint, indexed by the Constraint enum.
class ConstraintCounts {
 public:
  std::int64_t& operator[](Constraint c) { return counts_[static_cast<std::size_t>(c)]; }
  std::int64_t operator[](Constraint c) const { return counts_[static_cast<std::size_t>(c)]; }

 private:
  std::array<std::int64_t, kConstraintCount> counts_{};
};

// Racks held back at one moment, by reason.
struct HeldRacks {
  std::int64_t rack_supply = 0;    // ordered, not yet on site (production queue or in transit)
  std::int64_t buildings = 0;      // on site, no ready hall space for them
  std::int64_t install_crews = 0;  // on site with hall space, beyond the crews' daily capacity
  std::int64_t commissioning = 0;  // installed, in commissioning (or waiting for the rest of their pod)
  std::int64_t grid_power = 0;     // commissioned, the grid interconnect cannot carry them yet
  std::int64_t grid_equipment = 0;     // commissioned, waiting for a grid step's equipment to be installed
  std::int64_t generation_supply = 0;  // commissioned, waiting for on-site generation units to be installed
  std::int64_t total() const {
    return rack_supply + buildings + install_crews + commissioning + grid_power + grid_equipment + generation_supply;
  }
  // The racks `constraint` holds (0 for kNone).
  std::int64_t of(Constraint constraint) const;
  HeldRacks& operator+=(const HeldRacks& other);
};
// The reason holding the most racks; ties go to the first of grid, buildings, crews, supply, commissioning, grid
// equipment, generation supply.
Constraint binding_constraint(const HeldRacks& held);

// One platform's package-hours (ServiceTotals::platforms): of its live racks, and of these the parts that served
// inference and the operator's own training (each x the fleet's utilization, split by training's share of the work).
struct PlatformService {
  double package_hours = 0.0;
  double inference_package_hours = 0.0;
  double training_package_hours = 0.0;
};

// What the fleet offered and sold, as the finance post-pass prices it (sim/engine/finance_pass.hpp). Fleet rows
// only (0 in site rows); integrals since the start, through the end of the row's period, except the first.
struct ServiceTotals {
  double live_rack_capex_usd = 0.0;   // capex of the racks live at the end of the period (in service; not an integral)
  double retired_rack_capex_usd = 0.0;  // capex of the racks retired so far (cumulative)
  double package_hours = 0.0;         // GPU package-hours of live racks, all platforms
  double tokens_capacity = 0.0;       // tokens the live racks could serve at full load (their realized serving rates)
  double inference_tokens = 0.0;      // the same x the utilization that served inference (training's part left out)
  double facility_mw_days = 0.0;      // live facility capacity (MW) x days
  double it_mw_days = 0.0;            // live IT capacity (MW, at peak) x days
  std::vector<PlatformService> platforms;  // by the scenario catalog's platform index
};

// Money over one output period of the fleet (finance.csv; sim/engine/finance_pass.hpp). Costs and financing
// outflows are positive amounts; the cash columns are signed (in positive, out negative).
struct FinanceRow {
  double capex_paid_usd = 0.0;          // rack capex by the payment terms, facility capex when a hall is ready
  double opex_energy_usd = 0.0;         // grid energy x each site's price
  double opex_fuel_usd = 0.0;           // on-site generation fuel (0: no on-site generation is modelled yet)
  double opex_maintenance_usd = 0.0;    // facility capex in service x maintenance rate
  double opex_staff_usd = 0.0;          // live facility MW x staff rate
  double revenue_usd = 0.0;             // inference package-hours x each platform's price, or inference tokens
  double training_value_usd = 0.0;      // training package-hours at the transfer price (0 when excluded)
  double project_cash_usd = 0.0;        // revenue + training value - capex - opex, before financing
  double cumulative_project_cash_usd = 0.0;
  double equity_in_usd = 0.0;           // investment released as equity
  double debt_drawn_usd = 0.0;          // investment released as loans
  double debt_interest_usd = 0.0;
  double debt_principal_usd = 0.0;
  double net_cash_usd = 0.0;            // project cash + equity + debt drawn - interest - principal
  double cumulative_cash_usd = 0.0;
  double depreciation_usd = 0.0;
  double write_off_usd = 0.0;           // book value of the racks retired in the period (a non-cash expense)
  double book_value_usd = 0.0;          // capex in service less its depreciation, at the end of the period
  double debt_outstanding_usd = 0.0;
};

// The run's money figures (summary.json's finance block), from the finance post-pass.
struct FinanceOutcome {
  double discount_rate = 0.0;
  double npv_usd = 0.0;                            // project cash and terminal value discounted to the start date
  double terminal_value_usd = 0.0;                 // the terminal flow at the end date (book value, or 0)
  double terminal_value_npv_usd = 0.0;             // its part of npv_usd
  std::optional<double> irr;                       // of the same flows, effective annual; none without a sign change
  std::int64_t irr_roots = 0;                      // rates where the NPV is 0 (several: several defensible IRRs)
  std::string payback_date;                        // ISO, empty when never
  double peak_funding_usd = 0.0;                   // -(lowest cumulative project cash), 0 if never below 0
  std::string peak_funding_date;                   // ISO, empty when no funding was needed
  double peak_funding_after_financing_usd = 0.0;   // -(lowest cumulative cash after financing), 0 if never below 0
  std::string peak_funding_after_financing_date;   // ISO, empty when none was needed
  std::optional<double> breakeven_utilization;     // share of capacity sold at which the NPV is 0 (none above 1)
  std::optional<double> npv_training_at_market_usd;  // npv_usd with training at 100% of the price (gpu_hours basis)
  std::optional<double> revenue_per_mw_year_usd;   // per live facility MW-year; none without live capacity
  std::optional<double> revenue_per_it_mw_year_usd;  // per live IT MW-year; none without live capacity
  double capex_paid_usd = 0.0;
  double opex_usd = 0.0;
  double revenue_usd = 0.0;
  double training_value_usd = 0.0;
  double capacity_revenue_usd = 0.0;               // every live package-hour (or token of capacity) sold at its price
  double training_transfer_share = 0.0;            // the scenario's; 0: training excluded from the figures
  double equity_in_usd = 0.0;
  double debt_drawn_usd = 0.0;
  double debt_service_usd = 0.0;                   // interest and principal paid
  double depreciation_usd = 0.0;
  double write_off_usd = 0.0;     // book value of racks retired before the end of their accounting life
  double book_value_usd = 0.0;                     // at the end
  double cumulative_cash_usd = 0.0;                // at the end, after financing
};

// State of the fleet or of one site at the end of a day.
struct StateRow {
  models::Date date;
  int hour = -1;     // UTC hour (0-23) the row describes in hourly runs; -1 in daily and monthly runs
  std::string site;  // empty for the fleet
  models::FleetCounts live;  // live racks, packages, dies, PFLOPS
  std::int64_t racks_ordered = 0;
  std::int64_t racks_delivered = 0;
  std::int64_t racks_installed = 0;
  std::int64_t racks_retired = 0;  // racks gone live and since retired (cumulative; not in live)
  double utilization = 0.0;       // served compute / live peak compute
  double demand_pflops = 0.0;     // FP8 PFLOP/s asked of the fleet (training reservation + inference)
  double served_pflops = 0.0;     // FP8 PFLOP/s run
  double unserved_pflops = 0.0;   // demand not served (capacity short or power-capped)
  double lost_to_cap_pflops = 0.0;  // work asked of live racks that the power cap did not let them do
  double training_demand_pflops = 0.0;         // training's part of demand_pflops (0 with no demand stated)
  double training_served_pflops = 0.0;         // served compute on training (0 with no demand stated)
  double inference_served_pflops = 0.0;        // served compute on inference (the rest)
  double inference_demand_tokens_per_s = 0.0;  // inference asked, tokens processed per second
  double inference_served_tokens_per_s = 0.0;  // inference served at the fleet's realized serving rate
  double pue = 0.0;               // PUE in force (site rows; facility-weighted in the fleet row)
  double it_power_mw = 0.0;
  double facility_power_mw = 0.0;
  double grid_import_mw = 0.0;
  double live_capacity_mw = 0.0;  // power of live racks at peak on the GW basis: what "GW live" counts
  double live_facility_capacity_mw = 0.0;  // facility power of live racks at peak
  double grid_capacity_mw = 0.0;
  double it_energy_mwh = 0.0;     // cumulative
  double energy_mwh = 0.0;        // cumulative facility energy
  double grid_energy_mwh = 0.0;   // cumulative energy drawn at the grid interconnects
  double co2_t = 0.0;             // cumulative, grid energy x carbon intensity
  // On-site generation and batteries (models/generation.hpp, models/battery.hpp), facility side.
  double onsite_generation_mw = 0.0;   // firm and backup generation output
  double battery_charge_mw = 0.0;
  double battery_discharge_mw = 0.0;
  double battery_soc_mwh = 0.0;        // state of charge at the end of the row's period
  double generation_energy_mwh = 0.0;  // cumulative
  double battery_discharged_mwh = 0.0;  // cumulative
  double fuel_mmbtu = 0.0;             // cumulative
  double fuel_cost_usd = 0.0;          // cumulative
  double co2_generation_t = 0.0;       // cumulative, fuel x emission factor
  double swing_capped_mw = 0.0;        // training power capped because its swing is not covered (facility side)
  // Fleet health (sim/engine/reliability_step.cpp), over the workload step the row samples.
  double racks_in_repair = 0.0;        // rack-equivalents out of service (packages out / packages per rack), mean
  double effective_pflops = 0.0;   // dense FP8 compute of the live racks less those out of service
  double training_goodput = 0.0;       // the reference training job's goodput on the row's live platform mix
  double interruption_weight = 0.0;    // sum over live packages of their interruption rates per day (not written)
  double water_m3 = 0.0;          // cumulative, IT energy x water usage effectiveness
  double capex_usd = 0.0;         // cumulative
  models::CapexBreakdown capex;   // cumulative, by category (capex_usd is its total)
  double investment_usd = 0.0;    // cumulative (fleet only; 0 in site rows)
  HeldRacks held;            // racks held back, without those that can never go live
  HeldRacks never_admitted;  // racks that can never go live, by the constraint that holds them for good
  Constraint binding = Constraint::kNone;
  ServiceTotals service;     // fleet rows only
  FinanceRow finance;        // fleet rows only, filled by the finance post-pass
};

// What an event is about. Each kind fixes what its item names and the units of its values (kEventKinds in
// records.cpp, the one table of names; docs/outputs.md lists them and a test checks it against the table).
enum class EventKind {
  kTrancheOrdered,
  kPhaseDone,
  kHallReady,
  kGridEnergized,
  kFirstDelivery,
  kFirstTokens,
  kGwLive,
  kInvestment,
  kConstraintStarted,
  kConstraintStopped,
  kDemandExceedsCapacity,
  kDemandMet,
  kGridLimitBelowIdle,
  kRacksNeverAdmitted,
  kEquipmentOrdered,
  kEquipmentDelivered,
  kEquipmentInstalled,
  kGenerationStarted,
  kGenerationStopped,
  kTrainingSwingCapped,
  kEquipmentShort,
  kTrancheRetiring,
  kTrancheRetired,
};

struct EventKindInfo {
  EventKind kind;
  const char* name;         // in events.csv's kind column
  const char* item;         // what the item column names ("" when the kind leaves it empty)
  const char* value;        // what value is
  const char* unit;         // its unit
  int decimals;             // value is written rounded to this many decimals
  const char* value2;       // what value2 is ("" when the kind has none)
  const char* unit2;        // its unit
  int decimals2;
};
// Every kind, in EventKind order.
std::span<const EventKindInfo> event_kinds();
const EventKindInfo& info(EventKind kind);
const char* to_string(EventKind kind);
std::optional<EventKind> event_kind_from_string(std::string_view name);

// A milestone or a change of state, as a record: consumers read the fields; `detail` is prose for people.
struct Event {
  models::Date date;
  int hour = -1;  // UTC hour in hourly runs for events of an hourly step (demand, the power cap); else -1
  EventKind kind = EventKind::kTrancheOrdered;
  std::string site;  // empty for fleet-wide events
  std::string item;  // the hall, grid step, tranche, rule, constraint, GW number... it concerns (see EventKindInfo)
  double value = 0.0;
  std::optional<double> value2;  // a second figure, for the kinds that have one
  std::string detail;
};

struct TrancheOutcome {
  std::string name;
  std::int64_t racks = 0;
  std::int64_t racks_never_admitted = 0;  // at the end
  std::string first_live_date;  // ISO, empty if never
  std::string fully_live_date;  // ISO, empty if never
  std::int64_t racks_retired = 0;  // by the end
  std::string first_retired_date;  // ISO, empty if none retired
  std::string refresh_of;          // a refresh tranche: the tranche whose racks it replaces
};

// Racks retired on one day that went live on one day (the finance post-pass writes off their book value).
struct RackRetirement {
  models::Date in_service;
  models::Date retired;
  std::int64_t racks = 0;
  double capex_usd = 0.0;
};

// What gated a milestone: the constraint that held the last racks of the pod whose going live reached it
// (models/critical_path.hpp).
struct Milestone {
  std::string name;  // "first tokens", "GW 3 live", "gw1 first live", "gw1 fully live"
  std::string date;  // ISO
  models::Gate gate = models::Gate::kOrderDate;
  std::string site;  // where the pod's racks are
  std::string item;  // the grid step ("step N"), hall, supply line's platform, "install crews", or tranche (order date)
  // Days the gating item held the racks past the next constraint in line: how far it would have to move earlier
  // before another would gate (models/critical_path.hpp calls it slack_days; not CPM float, which is room to slip).
  std::int64_t gate_lead_days = 0;
};

// What gated a milestone, for people: "grid step 2 at site-a (next constraint 45 days earlier)", "hall hall-3 at
// site-b (...)",
// "install crews at site-c (...)", "supply line vera_rubin_nvl72, racks for site-a (...)", "order date of gw9,
// racks for site-a (...)". Prose: nothing may parse it (the fields are in Milestone).
std::string gated_phrase(const Milestone& milestone);

// Training swings over a run (models/power_swing.hpp, sim/engine/site_power.cpp), at one site or for the fleet
// (the fleet's peaks: the sites' figures summed at one step). MW of GPU-rack power.
struct SwingTotals {
  double peak_swing_mw = 0.0;       // the largest swing S stated at one step
  double peak_capped_mw = 0.0;      // the largest cap K at one step
  double capped_mwh = 0.0;          // K integrated over the steps it was in force (MW x hours)
  std::int64_t capped_days = 0;     // days with a cap at some step
  double peak_rack_mw = 0.0;        // the most of a swing each resource covered at one step
  double peak_battery_mw = 0.0;
  double peak_headroom_mw = 0.0;
  double peak_generation_mw = 0.0;
  std::int32_t last_capped_day = INT32_MIN;  // bookkeeping: the last day counted in capped_days
};

// One site over the whole run.
struct SiteOutcome {
  std::string name;
  double peak_grid_import_mw = 0.0;  // highest at any sampled step
  std::string equipment_installed_date;  // ISO: the last of its equipment orders installed; empty if none or never
  std::string first_live_date;           // ISO: the first day a pod was live at the site; empty if none was
  std::string first_ready_date;          // ISO: the first day a whole pod was commissioned (ready for power)
  std::string generation_in_service_date;  // ISO: the first day a generation fleet of the site was in service
  // Days from generation_in_service_date to first_ready_date: the float a bridge has before racks wait for it
  // (negative: racks ready before the generation); none without both dates.
  std::optional<std::int64_t> bridge_float_days;
  SwingTotals swing;
  ConstraintCounts binding_days;   // days each constraint bound the site (held the most of its racks back)
  std::int64_t days_with_racks_pending = 0;  // days with racks of the site ordered but not live
  StateRow final_state;            // the site's row at the end
};

// Utilization (served over live FP8 compute), idle capacity and demand over every sampled step of a run.
struct LoadOutcome {
  double average_utilization = 0.0;         // mean over every sampled step (0 while nothing is live)
  double average_utilization_live = 0.0;    // mean over the sampled steps with racks live
  double peak_utilization = 0.0;
  std::string peak_utilization_at;          // ISO date (date-time in hourly runs), empty if nothing was live
  double average_idle_pflops = 0.0;         // live FP8 PFLOP/s not serving, mean over the steps with racks live
  double idle_pflops_at_peak_demand = 0.0;  // the same at the step of peak demand
  double average_demand_pflops = 0.0;       // mean over every sampled step
  double peak_demand_pflops = 0.0;
  std::string peak_demand_at;               // ISO date (date-time in hourly runs), empty if demand was always 0
};

// Fleet health over a run (summary.json's reliability block; sim/engine/reliability_step.cpp).
struct ReliabilityOutcome {
  bool enabled = true;
  std::array<std::int64_t, 4> failures{};  // over the run: gpu, hbm, nic, rack (models::FailureComponent order)
  std::int64_t failures_without_spare = 0;  // of them, those that waited for a repair (no spare on the shelf)
  double peak_racks_in_repair = 0.0;        // fleet, the highest at any sampled step
  std::optional<double> availability_average_while_live;  // mean of effective / live compute over live steps
  // The reference training job on the last day's live platform mix; none when nothing is live at the end.
  double job_packages = 0.0;
  std::optional<double> job_interruptions_per_day;
  std::optional<double> job_mtbf_hours;        // none also when nothing interrupts it
  std::optional<double> checkpoint_interval_s;  // none also when Daly's or Young's interval is unbounded
  std::optional<double> goodput;
};

struct RunRecord {
  std::vector<StateRow> timeline;
  std::vector<StateRow> sites;  // each output step's site rows; empty when they went to a SiteRowSink
  std::vector<Event> events;
  std::vector<TrancheOutcome> tranches;
  models::GwBasis gw_basis = models::GwBasis::kIt;
  std::string first_tokens_date;            // ISO, empty if never
  std::vector<std::string> gw_live_dates;   // ISO, one per whole GW of live capacity reached
  std::vector<double> gw_live_eflops_per_gw;  // FP8 EFLOP/s live per GW live, on each gw_live_dates day
  std::vector<Milestone> milestones;        // first tokens, each GW, each tranche's first and full live, if reached
  LoadOutcome load;
  StateRow final_state;                     // fleet at the end date
  std::vector<SiteOutcome> site_outcomes;   // per site, in scenario order
  double peak_facility_power_mw = 0.0;
  double peak_grid_import_mw = 0.0;
  bool demand_stated = false;
  models::ServeFirst serve_first = models::ServeFirst::kInference;  // the scenario's demand.serve_first
  models::RevenueBasis revenue_basis = models::RevenueBasis::kGpuHours;  // the scenario's finance.revenue.basis
  double nvidia_networking_share = 0.0;      // the scenario's s_nv: NVIDIA content = GPU systems + s_nv x networking
  std::int64_t shortfall_days = 0;           // days on which some demand was not served (any sampled step)
  std::int64_t inference_shortfall_days = 0;  // of them, days with inference not all served
  std::int64_t training_shortfall_days = 0;   // of them, days with training not all served
  double peak_unserved_pflops = 0.0;
  std::string peak_unserved_at;              // ISO date (date-time in hourly runs) of the peak, empty if none
  double unserved_eflop = 0.0;               // integral of unserved PFLOP/s over the run, in EFLOP (1e18 FLOP)
  double lost_to_cap_eflop = 0.0;            // integral of lost_to_cap_pflops, in EFLOP
  double served_eflop = 0.0;                 // integral of served PFLOP/s, in EFLOP
  double training_served_eflop = 0.0;        // the part of it on training
  double inference_served_eflop = 0.0;       // the part of it on inference
  double inference_tokens_served = 0.0;      // integral of inference_served_tokens_per_s over the run, tokens
  // Days whose peak hour was short: in daily runs, days on which the daily cycle's peak hour could not all be
  // served (RolloutState::peak_hour_short); in hourly runs, days with an hour short (= shortfall_days).
  std::int64_t peak_hour_shortfall_days = 0;
  bool swings_stated = false;                // some training job states a swing
  SwingTotals swing;                         // the fleet's training swings
  double grid_firm_share = 1.0;              // share of each interconnect racks are admitted against: 1 - headroom
  ConstraintCounts binding_days;             // days each constraint bound the fleet
  std::int64_t rack_days_held_grid = 0;      // racks held by the grid (held.grid_power), summed over the days
  std::int64_t rack_days_delivered = 0;      // racks delivered to site (live or not), summed over the days
  std::int64_t rack_days_delivered_not_live = 0;  // of them, racks delivered and not yet live
  std::int64_t peak_racks_held_grid = 0;     // the most racks the grid held on any day
  std::string peak_racks_held_grid_at;       // ISO date of that peak (the first such day), empty if none
  std::int64_t days_with_racks_pending = 0;
  double plugin_it_energy_mwh = 0.0;        // IT energy as SimGrid's host-energy plugin accounted it
  bool plugin_measured = true;              // false: the run did without the plugin (sweep replications)
  std::int64_t simulated_hosts = 0;
  FinanceOutcome finance;
  ReliabilityOutcome reliability;
  std::vector<RackRetirement> retirements;  // in the order they happened
  models::CapexBreakdown retired_capex;      // capex of the racks retired by the end, by category
};

// Where the sites' rows of each output step go as the engine produces them (a step's rows, in scenario order),
// when a run writes them as it goes (RunWriter, writer.hpp); RunRecord::sites then stays empty. Without one they
// are kept in RunRecord::sites.
using SiteRowSink = std::function<void(std::span<const StateRow> rows)>;

// Days a constraint bound the fleet over a run (0 if never).
std::int64_t binding_days_of(const RunRecord& record, Constraint constraint);

// Capex of what the fleet holds at the end, by category: all capex less the racks retired (the per-GW figures'
// numerator).
models::CapexBreakdown held_capex(const RunRecord& record);

}  // namespace gwsim
