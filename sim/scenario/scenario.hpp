// The validated, immutable scenario the engine runs. Built only by the loader (loader.hpp) after every check has
// passed, so the engine can trust it: names resolve, dates are ordered, numbers are in range.
// All powers in W, durations in days, money in USD, dates as models::Date.
// Each member is filled by one row of the field tables (field_tables.cpp), which also say its YAML key, unit,
// range, default and whether it may be a distribution.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "models/battery.hpp"
#include "models/capex.hpp"
#include "models/cashflow.hpp"
#include "models/date.hpp"
#include "models/demand.hpp"
#include "models/equipment.hpp"
#include "models/finance.hpp"
#include "models/generation.hpp"
#include "models/gw_basis.hpp"
#include "models/lifecycle.hpp"
#include "models/platform.hpp"
#include "models/power_chain.hpp"
#include "models/power_swing.hpp"
#include "models/profile.hpp"
#include "models/schedule.hpp"

namespace gwsim {

struct OutputStep {
  int days = 1;    // > 0 for a step in days ("1d", "7d", "1w")
  int months = 0;  // > 0 for a step in calendar months ("1mo", "3mo"); then days == 0
  int hours = 0;   // > 0 for a step in hours ("1h", "6h"; divides 24); then days == 0 and months == 0
  std::string text() const;  // "1d", "1w" (when days == 7), "7d", "1mo", "1h"
};

struct Hall {
  std::string name;
  double it_capacity_w = 0.0;
  double cooling_capacity_w = 0.0;  // heat the hall can reject; defaults to it_capacity_w
  models::Cooling cooling = models::Cooling::kLiquid;
  models::Date construction_start;
  double construction_days = 0.0;  // shell and core
  double fit_out_days = 0.0;       // electrical and mechanical fit-out after the shell
};

// The power chain's fractions (models/power_chain.hpp) other than the PUE, which is each site's own.
struct PowerChainFractions {
  double non_gpu_it_share = 0.15;
  double redundancy_headroom = 0.0;
  double substation_loss = 0.0;
};

// Long-lead equipment a site orders from a shared supply line (equipment.supply_lines[]) for one of its grid steps
// (sites[].grid_equipment[]) or for a generation fleet (sites[].generation[].line).
struct EquipmentOrderSpec {
  std::size_t grid_step = 0;  // grid_equipment: index of the grid point it energizes (0-based; YAML's step is 1-based)
  std::string line;           // a supply line's name
  std::int64_t units = 0;
  models::Date ordered;
  int priority = 0;           // equipment.allocation priority_then_date: smaller is served first
};

// A fleet of on-site generation units (models/generation.hpp); its equipment, if any, comes from a supply line.
struct OnsiteGeneration {
  models::GenerationFleet fleet;   // bridge_until is left empty: the engine sets it from the bridged step
  std::size_t bridges_step = 0;    // role bridge: the grid point (0-based) whose energization ends the bridge
  bool from_line = false;          // its units come from a supply line (line stated)
  EquipmentOrderSpec order;        // when from_line: line, units (= unit_count), ordered, priority
  double capex_per_mw_usd = 0.0;   // per MW of nameplate (unit x units), booked when the fleet enters service
};

// A site's battery (models/battery.hpp), in service from a date.
struct SiteBattery {
  bool stated = false;
  models::Battery battery;
  models::Date in_service;
  double initial_charge = 0.5;  // share of energy stored on the day it enters service
  double capex_per_kwh_usd = 0.0;  // per kWh of energy, booked when it enters service
  double capex_per_kw_usd = 0.0;   // per kW of power (inverters, transformer, connection), booked with it
};

struct Site {
  std::string name;
  std::string description;
  PowerChainFractions power_fractions;  // the scenario's power_chain
  models::Profile pue;                  // PUE over the year (constant, or monthly)
  models::Profile carbon_g_per_kwh;   // grid carbon intensity, gCO2 per kWh drawn (constant, monthly or hourly)
  models::Profile water_l_per_kwh;    // water usage effectiveness, litres per kWh of IT energy (constant or monthly)
  models::Schedule grid_capacity_w;   // interconnect capacity over time, W
  std::vector<Hall> halls;
  double install_racks_per_week = 0.0;
  double commissioning_days = 0.0;    // from a rack's installation to the day it can go live
  std::vector<EquipmentOrderSpec> grid_equipment;  // what each grid step waits for besides its date (approval)
  std::vector<OnsiteGeneration> generation;
  SiteBattery battery;
  double swing_headroom_w = 0.0;      // held free on grid and generation for training swings, out of admission
  double energy_price_usd_per_mwh = -1.0;  // grid energy price; < 0: the scenario's finance.energy_price_per_mwh

  // The chain racks are admitted against: the fractions with the design PUE, the annual mean of the profile
  // (derived here, never stored apart from the profile).
  models::PowerChain power_chain() const;
};

// Supply lines of long-lead equipment shared by every site (models/equipment.hpp).
struct EquipmentLine {
  std::string name;
  double lead_time_days = 0.0;     // order to delivery with free capacity
  double installation_days = 0.0;  // delivery of the last unit to installed and energized
  double units_per_week = 0.0;     // production reserved for this build (when no deliveries are listed)
  models::Date from;               // first day of that production
  std::vector<models::EquipmentDelivery> deliveries;
};

struct Equipment {
  models::AllocationRule allocation = models::AllocationRule::kFirstComeFirstServed;
  std::vector<EquipmentLine> supply_lines;
};

// What replaces a tranche's racks as they retire (tranches[].refresh): a tranche NAME-refresh of the same target
// power and sites on `platform`, ordered at each site `order_ahead_days` before the site's first racks of the tranche
// retire, through the same supply, halls and crews (sim/engine/rollout_state.hpp).
struct TrancheRefresh {
  bool stated = false;
  std::string platform;           // id in the catalog
  double order_ahead_days = 0.0;  // before the first retirement at the site
};

struct Tranche {
  std::string name;
  double target_power_w = 0.0;      // on the scenario's gw_basis
  std::string platform;             // id in the catalog
  std::vector<std::string> sites;   // names of sites; the target is split equally among them
  models::Date order_date;          // racks are ordered from supply on this date
  double service_life_days = 0.0;   // a rack retires this long after it went live (0: it never retires)
  TrancheRefresh refresh;
};

// The name of the tranche a refresh adds, and the platform of a tranche named in outputs (a refresh's included;
// nullptr when no tranche has that name).
std::string refresh_tranche_name(const Tranche& tranche);
const std::string* tranche_platform(const std::vector<Tranche>& tranches, const std::string& name);

struct Supply {
  std::string platform;             // id in the catalog
  models::Schedule racks_per_week;  // racks per week over time: one rate, or steps (0 before the first)
  models::Date start;
  double lead_time_days = 0.0;      // from production to arrival at a site
};

// Demand on the fleet (models/demand.hpp). When not stated, the `utilization` schedule sets the load instead.
struct Demand {
  bool stated = false;
  models::DemandSpec spec;
  std::string serving_platform;  // catalog id converting tokens to PFLOPS while nothing is live (default: the
                                 // first tranche's platform)
  models::ServeFirst serve_first = models::ServeFirst::kInference;  // when the fleet cannot carry both
  std::vector<models::TrainingJob> training;
  std::vector<models::TrainingSwing> training_swings;  // per training job, in the same order: its power swing
                                                       // (job_power_mw is left 0: the engine fills it each step)
};

// The capped power state of every GPU rack (models/workload.hpp): power c x peak, speed s x full.
struct PowerCap {
  double power_fraction = 0.8;  // c
  double speed_fraction = 0.9;  // s
};

// A scenario's own rack capex for a platform (finance.rack_capex): each category it states replaces the catalog's
// figure in Scenario::catalog, where the engine books it from.
struct RackCapexOverride {
  std::string platform;  // catalog id
};

// How an investment rule's money comes (finance.investments[]): equity, or a loan drawn on each payment.
struct InvestmentFinancing {
  bool debt = false;
  models::LoanTerms loan;  // debt only
};

// A scenario's own package-hour price for a platform (finance.revenue.prices): it replaces the catalog's
// price_per_package_hour in Scenario::catalog.
struct PriceOverride {
  std::string platform;  // catalog id
};

// What the fleet earns (models/cashflow.hpp, price curves): inference package-hours sold at each platform's price
// (the catalog's, declining from the day the platform ships), or inference tokens served at one token price; the
// operator's own training valued at a share of the market price (0: excluded).
struct Revenue {
  models::RevenueBasis basis = models::RevenueBasis::kGpuHours;
  std::vector<PriceOverride> prices;           // gpu_hours basis: per-platform prices stated by the scenario
  double price_per_million_tokens_usd = 0.0;   // tokens basis
  double price_per_it_mw_year_usd = 0.0;       // capacity basis: the contract's price per live IT MW-year
  models::Date price_date;                     // tokens and capacity bases: the price holds on this day
  double annual_decline = 0.0;                 // fraction per year
  double training_transfer_share = 0.0;        // of the market package-hour price; 0 = training excluded
  // The tokens basis's price curve, and the capacity basis's.
  models::PriceCurve token_curve() const;
  models::PriceCurve capacity_curve() const;
};

struct Finance {
  models::FacilityCapex facility_capex_per_mw;  // USD per MW of facility power, by category
  std::vector<RackCapexOverride> rack_capex;
  double nvidia_networking_share = 0.0;  // s_nv of models/capex.hpp: NVIDIA's share of networking capex
  std::vector<models::InvestmentRule> investments;
  std::vector<InvestmentFinancing> investment_financing;  // one per investment rule, in the same order
  // Money over time (the finance post-pass, sim/engine/finance_pass.hpp).
  models::PaymentTerms rack_payment;           // shares of rack capex at order, delivery and going live
  models::OpexRates opex;                      // energy price (the sites' default), maintenance, staff
  Revenue revenue;
  double discount_rate = 0.0;                  // effective annual, for the NPV
  models::TerminalValue terminal_value = models::TerminalValue::kBookValue;  // at the end date, in NPV and IRR
  models::DepreciationSchedule depreciation;
};

// A scenario's own serving rate for a platform (serving.tokens_per_s): it replaces the catalog's in
// Scenario::catalog (tokens processed per second per rack at full load).
struct ServingRateOverride {
  std::string platform;  // catalog id
  double tokens_per_s = 0.0;
};

// A scenario's own realized fraction for a platform (serving.realized_fraction_by_platform): it replaces the
// catalog's, and the scenario's serving.realized_fraction, for that platform in Scenario::catalog.
struct RealizedFractionOverride {
  std::string platform;  // catalog id
  double fraction = 0.0;
};

// How a training job spaces its checkpoints (models/reliability.hpp): Daly's or Young's optimum for the job's
// MTBF, or a fixed interval.
enum class CheckpointInterval { kDaly, kYoung, kFixed };

// Failures, repairs and spares in the engine (models/reliability.hpp), and the reference training job whose
// goodput the outputs report. The failure rates are the catalog's, per platform.
struct Reliability {
  bool enabled = true;
  double spares_share = 0.01;     // spare units per site, as a share of its live packages (in packages)
  double job_packages = 16384.0;  // the reference training job's packages
  double checkpoint_s = 0.0;      // time to write one checkpoint
  double restart_s = 0.0;         // time to detect a failure, reschedule and reload
  CheckpointInterval interval = CheckpointInterval::kDaly;
  double interval_s = 0.0;        // kFixed: compute between checkpoints, seconds
  std::string interval_text = "daly";  // as stated (checked by validate)
};

// Reads reliability.training_job.interval: "daly", "young", or seconds ("600", "600 s", "10 min", "1 h"). False
// when the text is none of these.
bool parse_checkpoint_interval(std::string_view text, CheckpointInterval& interval, double& seconds);

// A file a scenario was made from, with the SHA-256 of the bytes read.
struct InputFileHash {
  std::string path;  // as read: given on the command line, or resolved relative to the file that names it
  std::string sha256;
  friend bool operator==(const InputFileHash&, const InputFileHash&) = default;
};

struct Scenario {
  std::string name;
  std::string description;
  std::string source_path;    // the file as given on the command line
  std::string source_sha256;  // hash of the scenario file and every file it extends, in order
  std::vector<InputFileHash> input_files;  // every file read to make it, in the order read: the scenario, its
                                           // bases, a custom catalog
  std::vector<std::string> overrides;  // "--set" arguments as given, in order
  // Values drawn from the scenario's distributions for this run: (dotted path or shared draw name, value as text
  // with its unit), in document order. Empty when the scenario states no distribution.
  std::vector<std::pair<std::string, std::string>> draws;
  std::uint64_t replication = 0;       // which replication of `seed` the draws are (0 for a plain run)

  models::Date start;
  models::Date end;           // inclusive
  OutputStep output_step;
  std::uint64_t seed = 1;
  int pod_racks = 1;          // racks per simulated pod (1 = rack granularity)
  // What "GW" means: "GW N live", per_gw_live investments and tranches' target_power count IT power (the default)
  // or facility power of the live racks at peak (models/gw_basis.hpp).
  models::GwBasis gw_basis = models::GwBasis::kIt;

  models::Catalog catalog;  // the catalog as this scenario sees it: its serving and rack capex overrides applied
  PowerChainFractions power_chain;  // every site's power_fractions
  std::vector<Site> sites;
  std::vector<Tranche> tranches;
  std::vector<Supply> supply;
  Equipment equipment;
  models::Schedule utilization;  // fraction of peak in [0, 1] for live racks, over time (used when demand is
                                 // not stated)
  Demand demand;
  std::vector<ServingRateOverride> serving_rates;
  std::vector<RealizedFractionOverride> realized_fractions;
  PowerCap power_cap;
  Finance finance;
  Reliability reliability;
};

}  // namespace gwsim
