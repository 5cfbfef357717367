// The field tables of a scenario file (fields.hpp): one row per key, in the order of docs/scenario-reference.md's
// tables (which is also the order of "expected one of: ..." messages). Ranges, defaults and descriptions here are
// the ones the reference quotes.
#include <functional>
#include <map>
#include <string>

#include "sim/scenario/fields.hpp"

namespace gwsim {

Place Place::with(std::size_t index) const {
  Place p = *this;
  if (p.depth_ < kMaxDepth) p.index_[p.depth_++] = static_cast<std::uint32_t>(index);
  return p;
}

Place Place::parent() const {
  Place p = *this;
  if (p.depth_ > 0) p.index_[--p.depth_] = 0;
  return p;
}

schema::KeyList Table::keys() const {
  schema::KeyList out;
  out.reserve(fields.size());
  for (const Field& f : fields) out.push_back(f.key);
  return out;
}

schema::KeyList Table::sourced_keys() const {
  schema::KeyList out;
  for (const Field& f : fields) {
    if (f.sourced) out.push_back(f.key);
  }
  return out;
}

schema::KeyList Table::keys_of(std::string_view variant) const {
  schema::KeyList out;
  for (const Field& f : fields) {
    if (f.variant.empty() || f.variant == variant) out.push_back(f.key);
  }
  return out;
}

const Field* Table::find(std::string_view key) const {
  for (const Field& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

namespace {

// ---- Ranges (docs/scenario-reference.md, "Units": sanity limits of 1000 GW, 100 years, $1000T, 1e9).

constexpr Range kPositivePower = Range::above(0.0, "0 W").limit(kMaxPowerW, "1000 GW");
constexpr Range kNonNegativePower = Range::at_least(0.0, "0 W").limit(kMaxPowerW, "1000 GW");
constexpr Range kPositiveDuration = Range::above(0.0, "0 days").limit(kMaxDurationDays, "100 years");
constexpr Range kNonNegativeDuration = Range::at_least(0.0, "0 days").limit(kMaxDurationDays, "100 years");
constexpr Range kPositiveRate = Range::above(0.0, "0").limit(kMaxCount, "1000000000");
constexpr Range kPositiveMoney = Range::above(0.0, "$0").limit(kMaxMoneyUsd, "$1000T");
constexpr Range kNonNegativeMoney = Range::at_least(0.0, "$0").limit(kMaxMoneyUsd, "$1000T");
constexpr Range kWholeFraction = Range::between(0.0, "0", 1.0, "1");
constexpr Range kPositiveFraction = Range::above_up_to(0.0, "0", 1.0, "1");
constexpr Range kChainShare = Range::between(0.0, "0", 0.9, "0.9");
constexpr Range kPue = Range::between(1.0, "1.0", 3.0, "3.0");
// Demand: sanity limits well above any plausible value (10B users is more than the world's people).
constexpr Range kUsers = Range::at_least(0.0, "0").limit(1e10, "10B");
constexpr Range kTokensPerUserPerDay = Range::at_least(0.0, "0").limit(1e9, "1B");
constexpr Range kTokensPerDay = Range::at_least(0.0, "0").limit(1e18, "1000000T");
constexpr Range kPflops = Range::at_least(0.0, "0").limit(kMaxCount, "1000000000");
constexpr Range kWeight = Range::at_least(0.0, "0").limit(kMaxCount, "1000000000");

// ---- Where a value goes: the item at a place, and setters of its members.

Scenario& top(Scenario& s, const Place&) { return s; }
Site& site(Scenario& s, const Place& at) { return s.sites[at[0]]; }
Hall& hall(Scenario& s, const Place& at) { return s.sites[at[0]].halls[at[1]]; }
Tranche& tranche(Scenario& s, const Place& at) { return s.tranches[at[0]]; }
Supply& supply(Scenario& s, const Place& at) { return s.supply[at[0]]; }
models::DemandSpec& demand(Scenario& s, const Place&) { return s.demand.spec; }
models::TrainingJob& job(Scenario& s, const Place& at) { return s.demand.training[at[0]]; }
PowerCap& power_cap(Scenario& s, const Place&) { return s.power_cap; }
Finance& finance(Scenario& s, const Place&) { return s.finance; }
models::FacilityCapex& facility_capex(Scenario& s, const Place&) { return s.finance.facility_capex_per_mw; }
RackCapexOverride& rack_capex(Scenario& s, const Place& at) { return s.finance.rack_capex[at[0]]; }
models::InvestmentRule& investment(Scenario& s, const Place& at) { return s.finance.investments[at[0]]; }
models::LoanTerms& loan(Scenario& s, const Place& at) { return s.finance.investment_financing[at[0]].loan; }
models::PaymentTerms& rack_payment(Scenario& s, const Place&) { return s.finance.rack_payment; }
models::OpexRates& opex(Scenario& s, const Place&) { return s.finance.opex; }
Revenue& revenue(Scenario& s, const Place&) { return s.finance.revenue; }
PriceOverride& price_override(Scenario& s, const Place& at) { return s.finance.revenue.prices[at[0]]; }
models::DepreciationSchedule& depreciation(Scenario& s, const Place&) { return s.finance.depreciation; }
ServingRateOverride& serving_rate(Scenario& s, const Place& at) { return s.serving_rates[at[0]]; }
RealizedFractionOverride& realized_override(Scenario& s, const Place& at) { return s.realized_fractions[at[0]]; }
Reliability& reliability(Scenario& s, const Place&) { return s.reliability; }

template <auto Locate, auto Member>
void set_number(Scenario& s, const Place& at, const Value& v) {
  Locate(s, at).*Member = v.number;
}

template <auto Locate, auto Member>
void set_date(Scenario& s, const Place& at, const Value& v) {
  Locate(s, at).*Member = models::Date{static_cast<std::int32_t>(v.number)};
}

template <auto Locate, auto Member, auto Inner>
void set_date(Scenario& s, const Place& at, const Value& v) {
  (Locate(s, at).*Member).*Inner = models::Date{static_cast<std::int32_t>(v.number)};
}

template <auto Locate, auto Member>
void set_text(Scenario& s, const Place& at, const Value& v) {
  Locate(s, at).*Member = v.text;
}

// The scenario's power_chain, which every site takes.
template <double PowerChainFractions::*Member>
void set_chain_fraction(Scenario& s, const Place&, const Value& v) {
  s.power_chain.*Member = v.number;
  for (Site& each : s.sites) each.power_fractions.*Member = v.number;
}

Value number_value(double number) {
  Value v;
  v.number = number;
  return v;
}

// ---- Schedules: a table of points {from, VALUE, ramp}.

Table points_table(std::string_view item_text, std::string_view value_key, Kind kind, const Range& range,
                   bool ramp, std::string_view from_description, std::string_view value_description) {
  const Field from{.key = "from",
                   .kind = Kind::kDate,
                   .need = Need::kRequired,
                   .distribution = true,
                   .description = from_description,
                   .part = PointPart::kFrom};
  const Field value{.key = value_key,
                    .kind = kind,
                    .range = range,
                    .need = Need::kRequired,
                    .distribution = true,
                    .description = value_description,
                    .part = PointPart::kValue};
  if (!ramp) return Table{.name = "point", .item_text = item_text, .fields = {from, value}, .item_key = "from"};
  const Field ramp_days{.key = "ramp",
                        .kind = Kind::kDuration,
                        .range = kNonNegativeDuration,
                        .distribution = true,
                        .fallback = {DefaultFrom::kLiteral, "0 days"},
                        .description = "Time to ramp from the previous level; 0 is a step.",
                        .part = PointPart::kRamp};
  return Table{.name = "point", .item_text = item_text, .fields = {from, value, ramp_days}, .item_key = "from"};
}

const Table& utilization_points() {
  static const Table t = points_table("{from: date, utilization: fraction}", "utilization", Kind::kFraction,
                                      kWholeFraction, false, "When this level starts.",
                                      "Load of live racks as a fraction of peak power.");
  return t;
}

const Table& grid_points() {
  static const Table t = points_table("{from: date, capacity: power, ramp: duration}", "capacity", Kind::kPower,
                                      kNonNegativePower, true, "When the capacity changes.",
                                      "Interconnect capacity reached.");
  return t;
}

const Table& demand_count_points(const Range& range) {
  static const Table users = points_table("{from: date, value: count, ramp: duration}", "value", Kind::kCount, kUsers,
                                          true, "When the value changes.", "Users reached.");
  static const Table per_user =
      points_table("{from: date, value: count, ramp: duration}", "value", Kind::kCount, kTokensPerUserPerDay, true,
                   "When the value changes.", "Tokens per user per day reached.");
  static const Table per_day = points_table("{from: date, value: count, ramp: duration}", "value", Kind::kCount,
                                            kTokensPerDay, true, "When the value changes.", "Tokens per day reached.");
  if (&range == &kUsers) return users;
  if (&range == &kTokensPerUserPerDay) return per_user;
  return per_day;
}

const Table& supply_rate_points() {
  static const Table t = points_table("{from: date, racks_per_week: number}", "racks_per_week", Kind::kNumber,
                                      kPositiveRate, false, "When this rate starts.", "Racks made per week.");
  return t;
}

const Table& pflops_points() {
  static const Table t = points_table("{from: date, value: number, ramp: duration}", "value", Kind::kNumber, kPflops,
                                      true, "When the value changes.", "FP8 PFLOPS reached.");
  return t;
}

// ---- The tables, innermost first.

const Table& power_chain_table() {
  static const Table t{
      .name = "power_chain",
      .item_text = "(the power chain)",
      .fields = {
          {.key = "non_gpu_it_share",
           .kind = Kind::kFraction,
           .range = kChainShare,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "power_chain.non_gpu_it_share"},
           .description = "Share of IT power outside the GPU racks (network, storage, CPU racks).",
           .set = set_chain_fraction<&PowerChainFractions::non_gpu_it_share>},
          {.key = "redundancy_headroom",
           .kind = Kind::kFraction,
           .range = kChainShare,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "power_chain.redundancy_headroom"},
           .description = "Share of interconnect capacity held back, e.g. for N+1.",
           .set = set_chain_fraction<&PowerChainFractions::redundancy_headroom>},
          {.key = "substation_loss",
           .kind = Kind::kFraction,
           .range = Range::between(0.0, "0", 0.5, "0.5"),
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "power_chain.substation_loss"},
           .description = "Share of grid draw lost in substation and HV transformers.",
           .set = set_chain_fraction<&PowerChainFractions::substation_loss>},
      }};
  return t;
}

const Table& training_table() {
  static const Table t{
      .name = "training job",
      .item_text = "{name, start: date, duration: duration, share: fraction or pflops: number}",
      .fields = {
          {.key = "name",
           .kind = Kind::kName,
           .need = Need::kRequired,
           .description = "Identifies the job; unique among training jobs.",
           .set = set_text<job, &models::TrainingJob::name>},
          {.key = "start",
           .kind = Kind::kDate,
           .need = Need::kRequired,
           .distribution = true,
           .description = "First day of the job.",
           .set = set_date<job, &models::TrainingJob::start>},
          {.key = "duration",
           .kind = Kind::kDuration,
           .range = kPositiveDuration,
           .need = Need::kRequired,
           .distribution = true,
           .description = "How long it runs, rounded to whole days.",
           .set = set_number<job, &models::TrainingJob::duration_days>},
          {.key = "share",
           .kind = Kind::kFraction,
           .range = kPositiveFraction,
           .distribution = true,
           .description = "Share of the live fleet it reserves; the shares running on any day sum to at most 1; "
                          "not with pflops.",
           .set = set_number<job, &models::TrainingJob::share>},
          {.key = "swing",
           .kind = Kind::kFraction,
           .range = kWholeFraction,
           .distribution = true,
           .fallback = {DefaultFrom::kLiteral, "0"},
           .description = "Share of the job's power that drops and returns at once (checkpoints, collectives).",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             s.demand.training_swings[at[0]].swing_share = v.number;
           }},
          {.key = "swing_ramp_s",
           .kind = Kind::kNumber,
           .range = Range::at_least(0.0, "0").limit(86400.0, "86400"),
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "training_swing_ramp_s"},
           .description = "Seconds the swing takes to come back; generation ramping helps only within it.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             s.demand.training_swings[at[0]].ramp_time_s = v.number;
           }},
          {.key = "pflops",
           .kind = Kind::kNumber,
           .range = Range::above(0.0, "0").limit(kMaxCount, "1000000000"),
           .distribution = true,
           .description = "Dense FP8 PFLOP/s of racks it reserves (peak-equivalent; effective FLOP/s / MFU), "
                          "whatever is live: it goes short when the fleet is smaller; not with share.",
           .set = set_number<job, &models::TrainingJob::pflops>},
      },
      .rules = {
          {.type = KeyRule::Type::kExcludes,
           .key = "pflops",
           .others = {"share"},
           .message = "pflops cannot be stated together with share (a job reserves a share of the live fleet or "
                      "an absolute compute, not both)"},
          {.type = KeyRule::Type::kAnyOf,
           .others = {"share", "pflops"},
           .message = "a training job needs share (of the live fleet) or pflops (dense FP8 PFLOP/s reserved)"},
      },
      .item_key = "name"};
  return t;
}

// A demand quantity: one value or a schedule.
Field demand_quantity(std::string_view key, Kind kind, const Range& range, const Table& points,
                      std::string_view shape_text, ScheduleRef schedule, std::string_view description) {
  return {.key = key,
          .shape = Shape::kSchedule,
          .kind = kind,
          .range = range,
          .distribution = true,
          .description = description,
          .table = &points,
          .shape_text = shape_text,
          .one_value = true,
          .previous_text = "the previous point",
          .schedule = schedule};
}

// Which keys are stated decides what the demand is counted in.
void demand_stated(Scenario& s, const Place&, const ConfigNode& map) {
  s.demand.stated = true;
  const bool tokens =
      map.find("weekly_active_users") || map.find("tokens_per_user_per_day") || map.find("tokens_per_day");
  s.demand.spec.basis = map.find("pflops") && !tokens ? models::DemandBasis::kPflops : models::DemandBasis::kTokens;
}

const Table& demand_table() {
  static const Table t{
      .name = "demand",
      .item_text = "(the demand)",
      .fields =
          {
              demand_quantity("weekly_active_users", Kind::kCount, kUsers, demand_count_points(kUsers),
                              "a count, or a non-empty sequence of {from: date, value: count, ramp: duration}",
                              [](Scenario& s, const Place&) -> models::Schedule& {
                                return s.demand.spec.weekly_active_users;
                              },
                              "Weekly active users U(d); needs tokens_per_user_per_day."),
              demand_quantity("tokens_per_user_per_day", Kind::kCount, kTokensPerUserPerDay,
                              demand_count_points(kTokensPerUserPerDay),
                              "a count, or a non-empty sequence of {from: date, value: count, ramp: duration}",
                              [](Scenario& s, const Place&) -> models::Schedule& {
                                return s.demand.spec.tokens_per_user_per_day;
                              },
                              "Tokens per weekly active user per day t_u(d); needs weekly_active_users."),
              demand_quantity("tokens_per_day", Kind::kCount, kTokensPerDay, demand_count_points(kTokensPerDay),
                              "a count, or a non-empty sequence of {from: date, value: count, ramp: duration}",
                              [](Scenario& s, const Place&) -> models::Schedule& {
                                return s.demand.spec.tokens_per_day;
                              },
                              "Other tokens per day T(d), added to the users'."),
              demand_quantity("pflops", Kind::kNumber, kPflops, pflops_points(),
                              "a number, or a non-empty sequence of {from: date, value: number, ramp: duration}",
                              [](Scenario& s, const Place&) -> models::Schedule& { return s.demand.spec.pflops; },
                              "FP8 PFLOPS needed P(d); not with the token keys."),
              {.key = "growth",
               .kind = Kind::kFraction,
               .range = Range::between(-0.9, "-0.9", 100.0, "100"),
               .distribution = true,
               .fallback = {DefaultFrom::kLiteral, "0"},
               .description = "Growth per year r, compounding daily (50% = x1.5 a year).",
               .set = set_number<demand, &models::DemandSpec::growth_per_year>},
              {.key = "growth_from",
               .kind = Kind::kDate,
               .distribution = true,
               .fallback = {.from = DefaultFrom::kField,
                            .ref = "start",
                            .get = [](const Scenario& s, const Place&) -> std::optional<Value> {
                              return number_value(s.start.days);
                            }},
               .description = "d0: no growth before it.",
               .set = set_date<demand, &models::DemandSpec::growth_from>},
              {.key = "daily_cycle",
               .shape = Shape::kList,
               .kind = Kind::kNumber,
               .range = kWeight,
               .distribution = true,
               .fallback = {DefaultFrom::kDefaultsFile, "daily_cycle"},
               .description = "Relative demand per UTC hour, 00:00 first; divided by their mean; not all 0.",
               .shape_text = "a sequence of 24 weights, one per UTC hour from 00:00",
               .count = 24,
               .count_text = "24 weights (one per UTC hour, 00:00 first)",
               .set = [](Scenario& s, const Place& at, const Value& v) {
                 s.demand.spec.daily_cycle[at.last()] = v.number;
               },
               .resize = [](Scenario&, const Place&, std::size_t) {}},
              {.key = "ramp_from_first_tokens",
               .kind = Kind::kDuration,
               .range = kNonNegativeDuration,
               .distribution = true,
               .description = "Inference demand moves onto the fleet over this long from first tokens (none "
                              "before); not stated: no anchor.",
               .set = [](Scenario& s, const Place&, const Value& v) {
                 s.demand.spec.ramp_from_first_tokens_days = v.number;
               }},
              {.key = "serve_first",
               .kind = Kind::kChoice,
               .choices = &schema::kServeFirst,
               .fallback = {DefaultFrom::kDefaultsFile, "serve_first"},
               .description = "Which workload the live fleet serves first when it cannot carry both: inference "
                              "(paying customers) or training (the operator's own runs).",
               .set = [](Scenario& s, const Place&, const Value& v) {
                 s.demand.serve_first =
                     v.text == "training" ? models::ServeFirst::kTraining : models::ServeFirst::kInference;
               }},
              {.key = "serving_platform",
               .kind = Kind::kPlatform,
               .distribution = true,
               .fallback = {.from = DefaultFrom::kField,
                            .ref = "tranches[0].platform",
                            .get = [](const Scenario& s, const Place&) -> std::optional<Value> {
                              if (s.tranches.empty() || s.tranches.front().platform.empty()) return std::nullopt;
                              Value v;
                              v.text = s.tranches.front().platform;
                              return v;
                            }},
               .description = "Catalog id converting tokens to compute while nothing is live; with tokens, one "
                              "with serving_tokens_per_s > 0.",
               .set = [](Scenario& s, const Place&, const Value& v) { s.demand.serving_platform = v.text; }},
              {.key = "training",
               .shape = Shape::kItems,
               .description = "Training jobs, each reserving a share of the live fleet or an absolute compute.",
               .table = &training_table(),
               .shape_text = "a sequence of training jobs",
               .may_be_empty = true,
               .add = [](Scenario& s, const Place&) {
                 s.demand.training.emplace_back();
                 s.demand.training_swings.emplace_back();
               }},
          },
      .rules =
          {
              {.type = KeyRule::Type::kExcludes,
               .key = "pflops",
               .others = {"weekly_active_users", "tokens_per_user_per_day", "tokens_per_day"},
               .message = "pflops cannot be stated together with {} (demand is stated in tokens or in PFLOPS, not "
                          "both)"},
              {.type = KeyRule::Type::kNeeds,
               .key = "weekly_active_users",
               .others = {"tokens_per_user_per_day"},
               .message = "weekly_active_users needs tokens_per_user_per_day (tokens per weekly active user per "
                          "day)"},
              {.type = KeyRule::Type::kNeeds,
               .key = "tokens_per_user_per_day",
               .others = {"weekly_active_users"},
               .message = "tokens_per_user_per_day needs weekly_active_users"},
              {.type = KeyRule::Type::kAnyOf,
               .others = {"weekly_active_users", "tokens_per_user_per_day", "tokens_per_day", "pflops"},
               .message = "demand needs weekly_active_users with tokens_per_user_per_day, tokens_per_day, or "
                          "pflops"},
          },
      .finish = demand_stated};
  return t;
}

const Table& power_cap_table() {
  static const Table t{
      .name = "power_cap",
      .item_text = "{power, speed}",
      .fields = {
          {.key = "power",
           .kind = Kind::kFraction,
           .range = kPositiveFraction,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "power_cap.power", "power_cap"},
           .description = "Rack power in the capped state, as a fraction of peak; at least every tranche "
                          "platform's idle fraction.",
           .set = set_number<power_cap, &PowerCap::power_fraction>},
          {.key = "speed",
           .kind = Kind::kFraction,
           .range = kPositiveFraction,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "power_cap.speed", "power_cap"},
           .description = "Compute in the capped state, as a fraction of full speed.",
           .set = set_number<power_cap, &PowerCap::speed_fraction>},
      }};
  return t;
}

const Table& hall_table() {
  static const Table t{
      .name = "hall",
      .item_text = "(a hall)",
      .fields = {
          {.key = "name",
           .kind = Kind::kName,
           .need = Need::kRequired,
           .description = "Identifies the hall in outputs; unique within the site.",
           .set = set_text<hall, &Hall::name>},
          {.key = "it_capacity",
           .kind = Kind::kPower,
           .range = kPositivePower,
           .need = Need::kRequired,
           .distribution = true,
           .description = "IT power the hall's electrical fit-out can carry.",
           .set = set_number<hall, &Hall::it_capacity_w>},
          {.key = "cooling_capacity",
           .kind = Kind::kPower,
           .range = kPositivePower,
           .distribution = true,
           .fallback = {.from = DefaultFrom::kSibling,
                        .ref = "it_capacity",
                        .get = [](const Scenario& s, const Place& at) -> std::optional<Value> {
                          return number_value(s.sites[at[0]].halls[at[1]].it_capacity_w);
                        }},
           .description = "Heat the hall can reject.",
           .set = set_number<hall, &Hall::cooling_capacity_w>},
          {.key = "cooling",
           .kind = Kind::kChoice,
           .choices = &schema::kCoolings,
           .distribution = true,
           .fallback = {DefaultFrom::kLiteral, "liquid"},
           .description = "Cooling kind; a liquid-cooled platform cannot go into an air-cooled hall.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             hall(s, at).cooling = v.text == "air" ? models::Cooling::kAir : models::Cooling::kLiquid;
           }},
          {.key = "construction_start",
           .kind = Kind::kDate,
           .need = Need::kRequired,
           .distribution = true,
           .description = "When shell-and-core construction starts.",
           .set = set_date<hall, &Hall::construction_start>},
          {.key = "construction",
           .kind = Kind::kDuration,
           .range = kPositiveDuration,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Shell-and-core construction time.",
           .set = set_number<hall, &Hall::construction_days>},
          {.key = "fit_out",
           .kind = Kind::kDuration,
           .range = kNonNegativeDuration,
           .distribution = true,
           .fallback = {DefaultFrom::kLiteral, "0 days"},
           .description = "Electrical and mechanical fit-out after the shell.",
           .set = set_number<hall, &Hall::fit_out_days>},
      },
      .item_key = "name"};
  return t;
}


// ---- Power levers: long-lead equipment, on-site generation, batteries (docs/models.md, "Power levers").

EquipmentLine& equipment_line(Scenario& s, const Place& at) { return s.equipment.supply_lines[at[0]]; }
models::EquipmentDelivery& equipment_delivery(Scenario& s, const Place& at) {
  return s.equipment.supply_lines[at[0]].deliveries[at[1]];
}
EquipmentOrderSpec& grid_order(Scenario& s, const Place& at) { return s.sites[at[0]].grid_equipment[at[1]]; }
OnsiteGeneration& generation(Scenario& s, const Place& at) { return s.sites[at[0]].generation[at[1]]; }
models::GenerationFleet& fleet(Scenario& s, const Place& at) { return generation(s, at).fleet; }
models::Battery& battery(Scenario& s, const Place& at) { return s.sites[at[0]].battery.battery; }
SiteBattery& site_battery(Scenario& s, const Place& at) { return s.sites[at[0]].battery; }

constexpr Range kUnits = Range::between(1.0, "1", 1e6, "1000000");
constexpr Range kPriority = Range::between(0.0, "0", 1e6, "1000000");
constexpr Range kGridStep = Range::between(1.0, "1", 1000.0, "1000");

const Table& delivery_table() {
  static const Table t{
      .name = "delivery",
      .item_text = "{date, units}",
      .fields = {
          {.key = "date",
           .kind = Kind::kDate,
           .need = Need::kRequired,
           .description = "When the units are delivered.",
           .set = set_date<equipment_delivery, &models::EquipmentDelivery::date>},
          {.key = "units",
           .kind = Kind::kInteger,
           .range = kUnits,
           .need = Need::kRequired,
           .description = "Units delivered that day.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             equipment_delivery(s, at).units = static_cast<std::int64_t>(v.integer);
           }},
      }};
  return t;
}

const Table& supply_line_table() {
  static const Table t{
      .name = "equipment supply line",
      .item_text = "(an equipment supply line)",
      .fields = {
          {.key = "name",
           .kind = Kind::kName,
           .need = Need::kRequired,
           .description = "Referred to by grid_equipment[].line and generation[].line; unique among supply lines.",
           .set = set_text<equipment_line, &EquipmentLine::name>},
          {.key = "lead_time",
           .kind = Kind::kDuration,
           .range = kNonNegativeDuration,
           .need = Need::kRequired,
           .distribution = true,
           .description = "From an order to its delivery when the line has free capacity.",
           .set = set_number<equipment_line, &EquipmentLine::lead_time_days>},
          {.key = "installation",
           .kind = Kind::kDuration,
           .range = kNonNegativeDuration,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "equipment_installation"},
           .description = "From the delivery of an order's last unit to its being installed and in service.",
           .set = set_number<equipment_line, &EquipmentLine::installation_days>},
          {.key = "units_per_week",
           .kind = Kind::kNumber,
           .range = kPositiveRate,
           .distribution = true,
           .description = "Production reserved for the build; not with deliveries.",
           .set = set_number<equipment_line, &EquipmentLine::units_per_week>},
          {.key = "from",
           .kind = Kind::kDate,
           .distribution = true,
           .description = "First day of that production; with units_per_week.",
           .set = set_date<equipment_line, &EquipmentLine::from>},
          {.key = "deliveries",
           .shape = Shape::kItems,
           .description = "Promised deliveries instead of a rate.",
           .table = &delivery_table(),
           .shape_text = "a non-empty sequence of {date, units}",
           .add = [](Scenario& s, const Place& at) { equipment_line(s, at).deliveries.emplace_back(); }},
      },
      .rules = {
          {.type = KeyRule::Type::kExcludes,
           .key = "units_per_week",
           .others = {"deliveries"},
           .message = "units_per_week cannot be stated together with {} (a line has a rate or a list of deliveries)"},
          {.type = KeyRule::Type::kNeeds,
           .key = "units_per_week",
           .others = {"from"},
           .message = "units_per_week needs from (the first day of production)"},
          {.type = KeyRule::Type::kAnyOf,
           .others = {"units_per_week", "deliveries"},
           .message = "a supply line needs units_per_week (with from) or deliveries"},
      },
      .item_key = "name"};
  return t;
}

const Table& equipment_table() {
  static const Table t{
      .name = "equipment",
      .item_text = "(long-lead equipment)",
      .fields = {
          {.key = "allocation",
           .kind = Kind::kChoice,
           .choices = &schema::kAllocationRules,
           .fallback = {DefaultFrom::kLiteral, "first_come_first_served"},
           .description = "Which order a line serves first: the earliest ordered, or by priority then date.",
           .set = [](Scenario& s, const Place&, const Value& v) {
             s.equipment.allocation = v.text == "priority_then_date" ? models::AllocationRule::kPriorityThenDate
                                                                     : models::AllocationRule::kFirstComeFirstServed;
           }},
          {.key = "supply_lines",
           .shape = Shape::kItems,
           .need = Need::kRequired,
           .description = "Lines of power transformers, generation units and other long-lead equipment.",
           .table = &supply_line_table(),
           .shape_text = "a non-empty sequence of supply lines",
           .add = [](Scenario& s, const Place&) { s.equipment.supply_lines.emplace_back(); }},
      }};
  return t;
}

const Table& grid_equipment_table() {
  static const Table t{
      .name = "grid equipment order",
      .item_text = "{step, line, units, ordered, priority}",
      .fields = {
          {.key = "step",
           .kind = Kind::kInteger,
           .range = kGridStep,
           .need = Need::kRequired,
           .description = "The grid point (1 = the first) that cannot be energized before this equipment is "
                          "installed.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             grid_order(s, at).grid_step = static_cast<std::size_t>(v.integer) - 1;
           }},
          {.key = "line",
           .kind = Kind::kId,
           .need = Need::kRequired,
           .description = "The equipment supply line it is ordered from.",
           .set = set_text<grid_order, &EquipmentOrderSpec::line>},
          {.key = "units",
           .kind = Kind::kInteger,
           .range = kUnits,
           .need = Need::kRequired,
           .description = "Units ordered.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             grid_order(s, at).units = static_cast<std::int64_t>(v.integer);
           }},
          {.key = "ordered",
           .kind = Kind::kDate,
           .need = Need::kRequired,
           .distribution = true,
           .description = "When the order is placed.",
           .set = set_date<grid_order, &EquipmentOrderSpec::ordered>},
          {.key = "priority",
           .kind = Kind::kInteger,
           .range = kPriority,
           .fallback = {DefaultFrom::kLiteral, "0"},
           .description = "Under priority_then_date, smaller is served first.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             grid_order(s, at).priority = static_cast<int>(v.integer);
           }},
      }};
  return t;
}

const Table& generation_table() {
  static const Table t{
      .name = "generation fleet",
      .item_text = "(a generation fleet)",
      .fields = {
          {.key = "name",
           .kind = Kind::kName,
           .need = Need::kRequired,
           .description = "Identifies the fleet in outputs; unique within the site.",
           .set = [](Scenario& s, const Place& at, const Value& v) { fleet(s, at).name = v.text; }},
          {.key = "role",
           .kind = Kind::kChoice,
           .choices = &schema::kGenerationRoles,
           .need = Need::kRequired,
           .description = "bridge: firm until a grid step is energized; firm: counts for admission; backup: runs "
                          "only for what the grid cannot carry.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             fleet(s, at).role = v.text == "bridge" ? models::GenerationRole::kBridge
                                 : v.text == "backup" ? models::GenerationRole::kBackup
                                                      : models::GenerationRole::kFirm;
           }},
          {.key = "bridges",
           .kind = Kind::kInteger,
           .range = kGridStep,
           .need = Need::kRequired,
           .variant = "bridge",
           .description = "The grid point (1 = the first) whose energization ends the bridge.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             generation(s, at).bridges_step = static_cast<std::size_t>(v.integer) - 1;
           }},
          {.key = "after_bridge",
           .kind = Kind::kChoice,
           .choices = &schema::kAfterBridge,
           .fallback = {DefaultFrom::kLiteral, "retire"},
           .variant = "bridge",
           .description = "What the bridge does once its grid step is energized.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             fleet(s, at).after_bridge =
                 v.text == "backup" ? models::AfterBridge::kBackup : models::AfterBridge::kRetire;
           }},
          {.key = "unit",
           .kind = Kind::kPower,
           .range = kPositivePower,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Output of one unit.",
           .set = [](Scenario& s, const Place& at, const Value& v) { fleet(s, at).unit_mw = v.number / 1e6; }},
          {.key = "units",
           .kind = Kind::kInteger,
           .range = kUnits,
           .need = Need::kRequired,
           .description = "Units in the fleet (and ordered, with line).",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             fleet(s, at).unit_count = static_cast<int>(v.integer);
             generation(s, at).order.units = static_cast<std::int64_t>(v.integer);
           }},
          {.key = "availability",
           .kind = Kind::kFraction,
           .range = kPositiveFraction,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "generation.availability"},
           .description = "Expected share of nameplate in service; (n - 1) / n plans for the largest unit out.",
           .set = set_number<fleet, &models::GenerationFleet::availability>},
          {.key = "unit_ramp_mw_per_min",
           .kind = Kind::kNumber,
           .range = Range::at_least(0.0, "0").limit(1e6, "1000000"),
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "generation.unit_ramp_mw_per_min"},
           .description = "How fast one running unit raises its output, MW per minute.",
           .set = set_number<fleet, &models::GenerationFleet::unit_ramp_mw_per_min>},
          {.key = "heat_rate_mmbtu_per_mwh",
           .kind = Kind::kNumber,
           .range = Range::above(0.0, "0").limit(100.0, "100"),
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "generation.heat_rate_mmbtu_per_mwh"},
           .description = "Fuel per MWh produced, MMBtu on the higher heating value.",
           .set = set_number<fleet, &models::GenerationFleet::heat_rate_mmbtu_per_mwh>},
          {.key = "fuel_price_per_mmbtu",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "generation.fuel_price_per_mmbtu"},
           .description = "Delivered fuel price per MMBtu.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             fleet(s, at).fuel_cost_usd_per_mmbtu = models::Schedule(v.number, {});
           }},
          {.key = "capex_per_mw",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "generation.capex_per_mw"},
           .description = "Capex per MW of nameplate (unit x units), booked when the fleet enters service.",
           .set = set_number<generation, &OnsiteGeneration::capex_per_mw_usd>},
          {.key = "emission_kg_co2_per_mmbtu",
           .kind = Kind::kNumber,
           .range = Range::at_least(0.0, "0").limit(1000.0, "1000"),
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "generation.emission_kg_co2_per_mmbtu"},
           .description = "CO2 per MMBtu of fuel burnt, kg.",
           .set = set_number<fleet, &models::GenerationFleet::emission_kg_co2_per_mmbtu>},
          {.key = "permitted_cap",
           .kind = Kind::kPower,
           .range = kPositivePower,
           .distribution = true,
           .description = "Most the fleet may run at, from its permit; none: its nameplate.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             fleet(s, at).permitted_cap_mw = v.number / 1e6;
           }},
          {.key = "in_service",
           .kind = Kind::kDate,
           .need = Need::kRequired,
           .distribution = true,
           .description = "First day it can run; with line, not before its units are installed.",
           .set = set_date<fleet, &models::GenerationFleet::in_service>},
          {.key = "retirement",
           .kind = Kind::kDate,
           .distribution = true,
           .description = "First day out of service; none: it runs to the end.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             fleet(s, at).retirement = models::Date{static_cast<std::int32_t>(v.number)};
           }},
          {.key = "line",
           .kind = Kind::kId,
           .description = "The equipment supply line its units are ordered from.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             generation(s, at).from_line = true;
             generation(s, at).order.line = v.text;
           }},
          {.key = "ordered",
           .kind = Kind::kDate,
           .need = Need::kOptional,
           .distribution = true,
           .description = "When its units are ordered from the line; with line.",
           .set = set_date<generation, &OnsiteGeneration::order, &EquipmentOrderSpec::ordered>},
          {.key = "priority",
           .kind = Kind::kInteger,
           .range = kPriority,
           .fallback = {DefaultFrom::kLiteral, "0"},
           .description = "Under priority_then_date, smaller is served first.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             generation(s, at).order.priority = static_cast<int>(v.integer);
           }},
      },
      .rules = {
          {.type = KeyRule::Type::kNeeds,
           .key = "line",
           .others = {"ordered"},
           .message = "line needs ordered (when the units are ordered)"},
          {.type = KeyRule::Type::kNeeds,
           .key = "ordered",
           .others = {"line"},
           .message = "ordered needs line (the supply line the units come from)"},
      },
      .variant_key = "role",
      .item_key = "name"};
  return t;
}

void battery_stated(Scenario& s, const Place& at, const ConfigNode&) { site_battery(s, at).stated = true; }

const Table& battery_table() {
  static const Table t{
      .name = "battery",
      .item_text = "(a battery)",
      .fields = {
          {.key = "power",
           .kind = Kind::kPower,
           .range = kPositivePower,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Charge and discharge power at its connection.",
           .set = [](Scenario& s, const Place& at, const Value& v) { battery(s, at).power_mw = v.number / 1e6; }},
          {.key = "energy_mwh",
           .kind = Kind::kNumber,
           .range = Range::above(0.0, "0").limit(1e7, "10000000"),
           .what = "a plain number of MWh > 0, without a unit (write 200, not '200 MWh')",
           .need = Need::kRequired,
           .distribution = true,
           .description = "Usable energy, MWh.",
           .set = set_number<battery, &models::Battery::energy_mwh>},
          {.key = "round_trip_efficiency",
           .kind = Kind::kFraction,
           .range = kPositiveFraction,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "battery.round_trip_efficiency"},
           .description = "Energy out over energy in, split evenly between charge and discharge.",
           .set = set_number<battery, &models::Battery::round_trip_efficiency>},
          {.key = "reserve",
           .kind = Kind::kFraction,
           .range = kWholeFraction,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "battery.reserve"},
           .description = "Share of energy kept for training swings and ride-through; peak shaving stops there.",
           .set = set_number<battery, &models::Battery::reserve_fraction>},
          {.key = "in_service",
           .kind = Kind::kDate,
           .need = Need::kRequired,
           .distribution = true,
           .description = "First day it runs.",
           .set = set_date<site_battery, &SiteBattery::in_service>},
          {.key = "capex_per_kwh",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "battery.capex_per_kwh"},
           .description = "Installed capex per kWh of energy (cells, racks, enclosures), booked when the battery "
                          "enters service.",
           .set = set_number<site_battery, &SiteBattery::capex_per_kwh_usd>},
          {.key = "capex_per_kw",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "battery.capex_per_kw"},
           .description = "Installed capex per kW of power (inverters, transformer, grid connection), booked with "
                          "the energy.",
           .set = set_number<site_battery, &SiteBattery::capex_per_kw_usd>},
          {.key = "initial_charge",
           .kind = Kind::kFraction,
           .range = kWholeFraction,
           .fallback = {DefaultFrom::kLiteral, "50%"},
           .description = "Share of its energy stored on its first day.",
           .set = set_number<site_battery, &SiteBattery::initial_charge>},
      },
      .finish = battery_stated};
  return t;
}

const Table& site_table() {
  static const Table t{
      .name = "site",
      .item_text = "(a site)",
      .fields = {
          {.key = "name",
           .kind = Kind::kName,
           .need = Need::kRequired,
           .description = "Referred to by tranches[].sites; unique among sites.",
           .set = set_text<site, &Site::name>},
          {.key = "description",
           .kind = Kind::kText,
           .description = "Free text.",
           .set = set_text<site, &Site::description>},
          {.key = "pue",
           .shape = Shape::kProfile,
           .kind = Kind::kNumber,
           .range = kPue,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "pue"},
           .description = "Power usage effectiveness (facility / IT power) over the year; racks are admitted "
                          "against its annual mean.",
           .profile = [](Scenario& s, const Place& at) -> models::Profile& { return site(s, at).pue; }},
          {.key = "carbon_intensity",
           .shape = Shape::kProfile,
           .kind = Kind::kCarbonIntensity,
           .range = Range::between(0.0, "0 g/kWh", 2000.0, "2000 g/kWh"),
           .fallback = {DefaultFrom::kDefaultsFile, "carbon_intensity"},
           .description = "CO2 emitted per kWh the site draws from the grid.",
           .hourly = true,
           .profile = [](Scenario& s, const Place& at) -> models::Profile& {
             return site(s, at).carbon_g_per_kwh;
           }},
          {.key = "water_usage",
           .shape = Shape::kProfile,
           .kind = Kind::kWaterUsage,
           .range = Range::between(0.0, "0 L/kWh", 20.0, "20 L/kWh"),
           .fallback = {DefaultFrom::kDefaultsFile, "water_usage"},
           .description = "Water usage effectiveness: litres per kWh of IT energy.",
           .profile = [](Scenario& s, const Place& at) -> models::Profile& {
             return site(s, at).water_l_per_kwh;
           }},
          {.key = "install_racks_per_week",
           .kind = Kind::kNumber,
           .range = kPositiveRate,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Racks the site's crews can install per week.",
           .set = set_number<site, &Site::install_racks_per_week>},
          {.key = "commissioning",
           .kind = Kind::kDuration,
           .range = kNonNegativeDuration,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "commissioning"},
           .description = "From a rack's installation to the day it can go live.",
           .set = set_number<site, &Site::commissioning_days>},
          {.key = "energy_price_per_mwh",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .distribution = true,
           .description = "Price of grid energy at this site, per MWh drawn (default: finance.energy_price_per_mwh).",
           .set = set_number<site, &Site::energy_price_usd_per_mwh>},
          {.key = "grid",
           .shape = Shape::kSchedule,
           .kind = Kind::kPower,
           .range = kNonNegativePower,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Interconnect capacity over time; 0 W before the first point.",
           .table = &grid_points(),
           .previous_text = "the previous grid point",
           .schedule = [](Scenario& s, const Place& at) -> models::Schedule& { return site(s, at).grid_capacity_w; }},
          {.key = "grid_equipment",
           .shape = Shape::kItems,
           .description = "Long-lead equipment a grid step waits for: the step is energized on the later of its "
                          "date (the interconnection approval) and the day its equipment is installed.",
           .table = &grid_equipment_table(),
           .shape_text = "a sequence of {step, line, units, ordered, priority}",
           .may_be_empty = true,
           .add = [](Scenario& s, const Place& at) { site(s, at).grid_equipment.emplace_back(); }},
          {.key = "generation",
           .shape = Shape::kItems,
           .description = "On-site generation fleets (gas turbines, engines): bridge, firm or backup power.",
           .table = &generation_table(),
           .shape_text = "a sequence of generation fleets",
           .may_be_empty = true,
           .add = [](Scenario& s, const Place& at) { site(s, at).generation.emplace_back(); }},
          {.key = "battery",
           .shape = Shape::kMap,
           .description = "The site's battery: peak shaving in each step, and power for training swings.",
           .table = &battery_table(),
           .shape_text = "a map {power, energy_mwh, round_trip_efficiency, reserve, in_service, capex_per_kw, capex_per_kwh, initial_charge}"},
          {.key = "swing_headroom",
           .kind = Kind::kPower,
           .range = kNonNegativePower,
           .distribution = true,
           .fallback = {DefaultFrom::kLiteral, "0 W"},
           .description = "Power held free on grid and generation for training swings; racks are not admitted "
                          "against it.",
           .set = set_number<site, &Site::swing_headroom_w>},
          {.key = "halls",
           .shape = Shape::kItems,
           .need = Need::kRequired,
           .description = "The site's data halls.",
           .table = &hall_table(),
           .shape_text = "a non-empty sequence of halls",
           .add = [](Scenario& s, const Place& at) { site(s, at).halls.emplace_back(); }},
      },
      .item_key = "name"};
  return t;
}

const Table& refresh_table() {
  static const Table t{
      .name = "refresh",
      .item_text = "{platform, order_ahead}",
      .fields = {
          {.key = "platform",
           .kind = Kind::kPlatform,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Platform of the replacement racks: an id in the catalog, with at least one supply entry.",
           .set = [](Scenario& s, const Place& at, const Value& v) { tranche(s, at).refresh.platform = v.text; }},
          {.key = "order_ahead",
           .kind = Kind::kDuration,
           .range = kNonNegativeDuration,
           .need = Need::kRequired,
           .distribution = true,
           .description = "How long before a site's first racks of the tranche retire its replacements are ordered.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             tranche(s, at).refresh.order_ahead_days = v.number;
           }},
      },
      .finish = [](Scenario& s, const Place& at, const ConfigNode&) { tranche(s, at).refresh.stated = true; }};
  return t;
}

const Table& tranche_table() {
  static const Table t{
      .name = "tranche",
      .item_text = "(a tranche)",
      .fields = {
          {.key = "name",
           .kind = Kind::kName,
           .need = Need::kRequired,
           .description = "Identifies the tranche in outputs; unique among tranches.",
           .set = set_text<tranche, &Tranche::name>},
          {.key = "target_power",
           .kind = Kind::kPower,
           .range = kPositivePower,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Power to deploy on the scenario's gw_basis (IT power by default), split equally among the "
                          "tranche's sites.",
           .set = set_number<tranche, &Tranche::target_power_w>},
          {.key = "platform",
           .kind = Kind::kPlatform,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Rack platform to deploy: an id in the catalog, with at least one supply entry.",
           .set = set_text<tranche, &Tranche::platform>},
          {.key = "sites",
           .shape = Shape::kList,
           .kind = Kind::kId,
           .need = Need::kRequired,
           .description = "Where the tranche goes: defined sites, no repeats.",
           .shape_text = "a non-empty sequence of site names",
           .set = [](Scenario& s, const Place& at, const Value& v) { tranche(s, at).sites[at.last()] = v.text; },
           .resize = [](Scenario& s, const Place& at, std::size_t n) { tranche(s, at).sites.resize(n); }},
          {.key = "order_date",
           .kind = Kind::kDate,
           .need = Need::kRequired,
           .distribution = true,
           .description = "When racks are ordered from supply.",
           .set = set_date<tranche, &Tranche::order_date>},
          {.key = "service_life",
           .kind = Kind::kDuration,
           .range = kPositiveDuration,
           .distribution = true,
           .description = "A rack retires this long after it went live (years are 365.25 days); not stated: racks "
                          "never retire.",
           .set = set_number<tranche, &Tranche::service_life_days>},
          {.key = "refresh",
           .shape = Shape::kMap,
           .description = "What replaces the racks as they retire: a tranche NAME-refresh of the same target power "
                          "and sites, through the same supply, halls and crews.",
           .table = &refresh_table(),
           .shape_text = "a map {platform, order_ahead}"},
      },
      .rules = {{.type = KeyRule::Type::kNeeds,
                 .key = "refresh",
                 .others = {"service_life"},
                 .message = "refresh needs service_life (racks are replaced as they retire)"}},
      .item_key = "name"};
  return t;
}

const Table& supply_table() {
  static const Table t{
      .name = "supply entry",
      .item_text = "(a supply entry)",
      .fields = {
          {.key = "platform",
           .kind = Kind::kPlatform,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Platform this line produces: an id in the catalog.",
           .set = set_text<supply, &Supply::platform>},
          {.key = "racks_per_week",
           .shape = Shape::kSchedule,
           .kind = Kind::kNumber,
           .range = kPositiveRate,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Production rate: one number, or steps (a ramp); none before the first step.",
           .table = &supply_rate_points(),
           .shape_text = "a number, or a non-empty sequence of {from: date, racks_per_week: number}",
           .one_value = true,
           .previous_text = "the previous step",
           .schedule = [](Scenario& s, const Place& at) -> models::Schedule& { return supply(s, at).racks_per_week; }},
          {.key = "start",
           .kind = Kind::kDate,
           .need = Need::kRequired,
           .distribution = true,
           .description = "First day of production.",
           .set = set_date<supply, &Supply::start>},
          {.key = "lead_time",
           .kind = Kind::kDuration,
           .range = kNonNegativeDuration,
           .distribution = true,
           .fallback = {DefaultFrom::kLiteral, "0 days"},
           .description = "From production to arrival at a site.",
           .set = set_number<supply, &Supply::lead_time_days>},
      },
      .item_key = "platform"};
  return t;
}

const Table& investment_table() {
  static const Table t{
      .name = "investment rule",
      .item_text = "(an investment rule)",
      .fields = {
          {.key = "name",
           .kind = Kind::kName,
           .need = Need::kRequired,
           .description = "Identifies the rule in outputs; unique among investments.",
           .set = set_text<investment, &models::InvestmentRule::name>},
          {.key = "trigger",
           .kind = Kind::kChoice,
           .choices = &schema::kTriggers,
           .need = Need::kRequired,
           .description = "When the money comes; it decides which other keys apply.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             investment(s, at).trigger = v.text == "lump_sum"      ? models::InvestmentTrigger::kLumpSum
                                         : v.text == "first_tokens" ? models::InvestmentTrigger::kFirstTokens
                                                                    : models::InvestmentTrigger::kPerGwLive;
           }},
          {.key = "amount",
           .kind = Kind::kMoney,
           .range = kPositiveMoney,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Paid per trigger.",
           .set = set_number<investment, &models::InvestmentRule::amount_usd>},
          {.key = "max_count",
           .kind = Kind::kInteger,
           .range = Range::between(0.0, "0", 1e9, "1000000000"),
           .what = "an integer from 0 to 1000000000 (0 = unlimited)",
           .fallback = {DefaultFrom::kLiteral, "0"},
           .variant = "per_gw_live",
           .description = "Most payments (0: unlimited).",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             investment(s, at).max_count = static_cast<std::int64_t>(v.integer);
           }},
          {.key = "date",
           .kind = Kind::kDate,
           .need = Need::kRequired,
           .distribution = true,
           .variant = "lump_sum",
           .description = "Payment day.",
           .set = set_date<investment, &models::InvestmentRule::date>},
          {.key = "financing",
           .kind = Kind::kChoice,
           .choices = &schema::kFinancings,
           .fallback = {DefaultFrom::kLiteral, "equity"},
           .description = "Equity (kept), or debt: each payment is a loan drawn that day and repaid on its terms.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             s.finance.investment_financing[at[0]].debt = v.text == "debt";
           }},
          {.key = "interest_rate",
           .kind = Kind::kFraction,
           .range = kWholeFraction,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "loan.interest_rate"},
           .description = "Debt: nominal annual rate (e.g. SOFR + spread).",
           .set = set_number<loan, &models::LoanTerms::annual_rate>},
          {.key = "repayment",
           .kind = Kind::kChoice,
           .choices = &schema::kRepayments,
           .fallback = {DefaultFrom::kLiteral, "amortizing"},
           .description = "Debt: level payments of interest and principal, or interest only and the principal at "
                          "the end.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             loan(s, at).repayment = v.text == "bullet" ? models::Repayment::kBullet : models::Repayment::kAmortizing;
           }},
          {.key = "term_months",
           .kind = Kind::kInteger,
           .range = Range::between(1.0, "1", 1200.0, "1200"),
           .what = "an integer from 1 to 1200",
           .fallback = {DefaultFrom::kDefaultsFile, "loan.term_months"},
           .description = "Debt: months from each draw to its last payment.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             loan(s, at).term_months = static_cast<int>(v.integer);
           }},
          {.key = "months_per_payment",
           .kind = Kind::kInteger,
           .range = Range::between(1.0, "1", 120.0, "120"),
           .what = "an integer from 1 to 120",
           .fallback = {DefaultFrom::kDefaultsFile, "loan.months_per_payment"},
           .description = "Debt: months between payments.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             loan(s, at).months_per_payment = static_cast<int>(v.integer);
           }},
      },
      .rules = {
          {.type = KeyRule::Type::kNeeds, .key = "interest_rate", .others = {"financing"}},
          {.type = KeyRule::Type::kNeeds, .key = "repayment", .others = {"financing"}},
          {.type = KeyRule::Type::kNeeds, .key = "term_months", .others = {"financing"}},
          {.type = KeyRule::Type::kNeeds, .key = "months_per_payment", .others = {"financing"}},
      },
      .variant_key = "trigger",
      .item_key = "name"};
  return t;
}

// A rack capex category of finance.rack_capex[]: it replaces the catalog's figure of the item's platform (read
// first, table order), in the scenario's own copy of the catalog.
template <double models::RackCapex::*Member>
void set_rack_capex(Scenario& s, const Place& at, const Value& v) {
  if (models::Platform* p = s.catalog.find(rack_capex(s, at).platform)) p->capex.*Member = v.number;
}

Field facility_capex_field(std::string_view key, std::string_view defaults_key, std::string_view description,
                           Setter set) {
  return {.key = key,
          .kind = Kind::kMoney,
          .range = kNonNegativeMoney,
          .distribution = true,
          .fallback = {DefaultFrom::kDefaultsFile, defaults_key},
          .description = description,
          .set = set};
}

const Table& facility_capex_table() {
  static const Table t{
      .name = "facility_capex_per_mw",
      .item_text = "{facility_shell, electrical, other}",
      .fields = {
          facility_capex_field("facility_shell", "facility_capex_per_mw.facility_shell",
                               "Building, mechanical plant and cooling, fit-out.",
                               set_number<facility_capex, &models::FacilityCapex::facility_shell_usd>),
          facility_capex_field("electrical", "facility_capex_per_mw.electrical",
                               "Substation, transformers, switchgear, UPS, generators, distribution.",
                               set_number<facility_capex, &models::FacilityCapex::electrical_usd>),
          facility_capex_field("other", "facility_capex_per_mw.other", "Land, design and soft costs, contingency.",
                               set_number<facility_capex, &models::FacilityCapex::other_usd>),
      }};
  return t;
}

Field rack_capex_field(std::string_view key, std::string_view description, Setter set) {
  return {.key = key,
          .kind = Kind::kMoney,
          .range = kNonNegativeMoney,
          .distribution = true,
          .description = description,
          .set = set};
}

const Table& rack_capex_table() {
  static const Table t{
      .name = "rack capex",
      .item_text = "{platform, gpu_systems, networking, storage}",
      .fields = {
          {.key = "platform",
           .kind = Kind::kPlatform,
           .need = Need::kRequired,
           .description = "Catalog id whose rack capex this replaces; once in the list.",
           .set = set_text<rack_capex, &RackCapexOverride::platform>},
          rack_capex_field("gpu_systems", "Per rack: the NVIDIA rack (GPUs, CPUs, NVLink, rack, power, cooling).",
                           set_rack_capex<&models::RackCapex::gpu_systems_usd>),
          rack_capex_field("networking", "Per rack: scale-out NICs, DPUs, switches, optics and cables.",
                           set_rack_capex<&models::RackCapex::networking_usd>),
          rack_capex_field("storage", "Per rack: the rack's share of storage.",
                           set_rack_capex<&models::RackCapex::storage_usd>),
      },
      .rules = {
          {.type = KeyRule::Type::kAnyOf,
           .others = {"gpu_systems", "networking", "storage"},
           .message = "a rack capex entry needs gpu_systems, networking or storage"},
      },
      .item_key = "platform"};
  return t;
}

Field fraction_field(std::string_view key, Default fallback, std::string_view description, Setter set,
                     Range range = kWholeFraction) {
  return {.key = key,
          .kind = Kind::kFraction,
          .range = range,
          .distribution = true,
          .fallback = fallback,
          .description = description,
          .set = set};
}

const Table& rack_payment_table() {
  static const Table t{
      .name = "rack_payment",
      .item_text = "{at_order, at_delivery, at_acceptance}",
      .fields = {
          fraction_field("at_order", {DefaultFrom::kLiteral, "0%"}, "Share paid on the tranche's order date.",
                         set_number<rack_payment, &models::PaymentTerms::at_order>),
          fraction_field("at_delivery", {DefaultFrom::kLiteral, "100%"}, "Share paid when the racks arrive on site.",
                         set_number<rack_payment, &models::PaymentTerms::at_delivery>),
          fraction_field("at_acceptance", {DefaultFrom::kLiteral, "0%"}, "Share paid when the racks go live.",
                         set_number<rack_payment, &models::PaymentTerms::at_acceptance>),
      }};
  return t;
}

// A platform's price of finance.revenue.prices[]: it replaces the catalog's, in the scenario's own copy of the
// catalog.
const Table& price_table() {
  static const Table t{
      .name = "price",
      .item_text = "{platform, price_per_package_hour}",
      .fields = {
          {.key = "platform",
           .kind = Kind::kPlatform,
           .need = Need::kRequired,
           .description = "Catalog id whose price_per_package_hour this replaces; once in the list.",
           .set = set_text<price_override, &PriceOverride::platform>},
          {.key = "price_per_package_hour",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Price of one GPU package of this platform for an hour, on the day the platform ships "
                          "(its catalog `available` date); it declines from there at annual_decline.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             if (models::Platform* p = s.catalog.find(price_override(s, at).platform)) {
               p->price_per_package_hour_usd = v.number;
             }
           }},
      }};
  return t;
}

const Table& revenue_table() {
  static const Table t{
      .name = "revenue",
      .item_text = "{basis, prices, price_per_million_tokens, price_per_it_mw_year, price_date, annual_decline, "
                   "training_transfer_share}",
      .fields = {
          {.key = "basis",
           .kind = Kind::kChoice,
           .choices = &schema::kRevenueBases,
           .fallback = {DefaultFrom::kLiteral, "gpu_hours"},
           .description = "What is sold: inference package-hours of live racks at each platform's price, "
                          "inference tokens served, or the live IT capacity under a take-or-pay contract.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             revenue(s, at).basis = v.text == "tokens"     ? models::RevenueBasis::kTokens
                                    : v.text == "capacity" ? models::RevenueBasis::kCapacity
                                                           : models::RevenueBasis::kGpuHours;
           }},
          {.key = "prices",
           .shape = Shape::kItems,
           .description = "gpu_hours: package-hour prices for catalog platforms, replacing the catalog's "
                          "price_per_package_hour.",
           .table = &price_table(),
           .shape_text = "a sequence of {platform, price_per_package_hour}",
           .may_be_empty = true,
           .add = [](Scenario& s, const Place&) { s.finance.revenue.prices.emplace_back(); }},
          {.key = "price_per_million_tokens",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "revenue.price_per_million_tokens"},
           .description = "tokens: price of a million tokens (input and output blended), on price_date.",
           .set = set_number<revenue, &Revenue::price_per_million_tokens_usd>},
          {.key = "price_per_it_mw_year",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "revenue.price_per_it_mw_year"},
           .description = "capacity: the contract's price per MW of live IT capacity per year, on price_date, "
                          "paid whether the capacity is used or not.",
           .set = set_number<revenue, &Revenue::price_per_it_mw_year_usd>},
          {.key = "price_date",
           .kind = Kind::kDate,
           .distribution = true,
           .fallback = {.from = DefaultFrom::kField,
                        .ref = "start",
                        .get = [](const Scenario& s, const Place&) -> std::optional<Value> {
                          return number_value(s.start.days);
                        }},
           .description = "tokens and capacity: the day the price holds; it declines from there (and was higher "
                          "before).",
           .set = set_date<revenue, &Revenue::price_date>},
          fraction_field("annual_decline", {DefaultFrom::kDefaultsFile, "revenue.annual_decline"},
                         "Price decline per year, compounding daily: each platform's from the day it ships, the "
                         "token price's from price_date.",
                         set_number<revenue, &Revenue::annual_decline>, Range::between(0.0, "0", 0.99, "0.99")),
          fraction_field("training_transfer_share", {DefaultFrom::kDefaultsFile, "revenue.training_transfer_share"},
                         "The operator's own training package-hours valued at this share of the market price "
                         "(0%: excluded; they earn no cash either way).",
                         set_number<revenue, &Revenue::training_transfer_share>),
      }};
  return t;
}

const Table& depreciation_table() {
  static const Table t{
      .name = "depreciation",
      .item_text = "{method, life_years, salvage, declining_factor}",
      .fields = {
          {.key = "method",
           .kind = Kind::kChoice,
           .choices = &schema::kDepreciationMethods,
           .fallback = {DefaultFrom::kLiteral, "straight_line"},
           .description = "Straight-line, or declining balance (switching to straight-line when that is larger).",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             depreciation(s, at).method = v.text == "declining_balance" ? models::DepreciationMethod::kDecliningBalance
                                                                       : models::DepreciationMethod::kStraightLine;
           }},
          {.key = "life_years",
           .kind = Kind::kInteger,
           .range = Range::between(1.0, "1", 100.0, "100"),
           .what = "an integer from 1 to 100",
           .fallback = {DefaultFrom::kDefaultsFile, "depreciation.life_years"},
           .description = "Accounting life of racks and facilities, in whole years.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             depreciation(s, at).life_years = static_cast<int>(v.integer);
           }},
          fraction_field("salvage", {DefaultFrom::kLiteral, "0%"}, "Value left at the end of the life, of cost.",
                         set_number<depreciation, &models::DepreciationSchedule::salvage_fraction>),
          {.key = "declining_factor",
           .kind = Kind::kNumber,
           .range = Range::above(0.0, "0").limit(100.0, "100"),
           .distribution = true,
           .fallback = {DefaultFrom::kLiteral, "2"},
           .description = "declining_balance: the rate is factor / life (2: double-declining).",
           .set = set_number<depreciation, &models::DepreciationSchedule::declining_factor>},
      }};
  return t;
}

const Table& finance_table() {
  static const Table t{
      .name = "finance",
      .item_text = "(finance)",
      .fields = {
          {.key = "facility_capex_per_mw",
           .shape = Shape::kMap,
           .fallback = {DefaultFrom::kEachKey},
           .description = "Capex per MW of facility power by category, booked when a hall is ready.",
           .table = &facility_capex_table(),
           .shape_text = "a map {facility_shell, electrical, other} of money per MW of facility power (capex by "
                         "category)"},
          {.key = "rack_capex",
           .shape = Shape::kItems,
           .description = "Per-rack capex by category for catalog platforms, replacing the catalog's figures.",
           .table = &rack_capex_table(),
           .shape_text = "a sequence of {platform, gpu_systems, networking, storage}",
           .may_be_empty = true,
           .add = [](Scenario& s, const Place&) { s.finance.rack_capex.emplace_back(); }},
          {.key = "nvidia_networking_share",
           .kind = Kind::kFraction,
           .range = kWholeFraction,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "nvidia_networking_share"},
           .description = "Share of networking capex that is NVIDIA's (its switches, NICs, DPUs).",
           .set = set_number<finance, &Finance::nvidia_networking_share>},
          {.key = "investments",
           .shape = Shape::kItems,
           .description = "Money committed by investors, by rule.",
           .table = &investment_table(),
           .shape_text = "a sequence of investment rules",
           .may_be_empty = true,
           .add = [](Scenario& s, const Place&) {
             s.finance.investments.emplace_back();
             s.finance.investment_financing.emplace_back();
           }},
          {.key = "rack_payment",
           .shape = Shape::kMap,
           .fallback = {DefaultFrom::kEachKey},
           .description = "When rack capex is paid: shares at order, delivery and going live (sum 100%).",
           .table = &rack_payment_table(),
           .shape_text = "a map {at_order, at_delivery, at_acceptance} of shares"},
          {.key = "energy_price_per_mwh",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "energy_price_per_mwh"},
           .description = "Price of grid energy per MWh drawn, for sites that state none.",
           .set = set_number<opex, &models::OpexRates::energy_price_usd_per_mwh>},
          fraction_field("maintenance_per_year", {DefaultFrom::kDefaultsFile, "maintenance_per_year"},
                         "Maintenance per year, as a share of the facility capex in service.",
                         set_number<opex, &models::OpexRates::maintenance_fraction_per_year>),
          {.key = "staff_per_mw_year",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "staff_per_mw_year"},
           .description = "Staff cost per MW of live facility capacity per year.",
           .set = set_number<opex, &models::OpexRates::staff_usd_per_mw_year>},
          {.key = "revenue",
           .shape = Shape::kMap,
           .fallback = {DefaultFrom::kEachKey},
           .description = "What the fleet earns.",
           .table = &revenue_table(),
           .shape_text = "a map {basis, prices, price_per_million_tokens, price_date, annual_decline, "
                         "training_transfer_share}"},
          fraction_field("discount_rate", {DefaultFrom::kDefaultsFile, "discount_rate"},
                         "Effective annual rate the NPV discounts at, from the start date.",
                         set_number<finance, &Finance::discount_rate>),
          {.key = "terminal_value",
           .kind = Kind::kChoice,
           .choices = &schema::kTerminalValues,
           .fallback = {DefaultFrom::kLiteral, "book_value"},
           .description = "What the fleet is worth at the end date, in the NPV and IRR: its book value, or none.",
           .set = [](Scenario& s, const Place&, const Value& v) {
             s.finance.terminal_value =
                 v.text == "none" ? models::TerminalValue::kNone : models::TerminalValue::kBookValue;
           }},
          {.key = "depreciation",
           .shape = Shape::kMap,
           .fallback = {DefaultFrom::kEachKey},
           .description = "How racks and facilities are depreciated from the day they go into service.",
           .table = &depreciation_table(),
           .shape_text = "a map {method, life_years, salvage, declining_factor}"},
      }};
  return t;
}

// ---- Failures, repairs and spares (reliability), and the reference training job for goodput.

const Table& reference_job_table() {
  static const Table t{
      .name = "training_job",
      .item_text = "{packages, checkpoint, restart, interval}",
      .fields = {
          {.key = "packages",
           .kind = Kind::kCount,
           .range = Range::above(0.0, "0").limit(kMaxCount, "1000000000"),
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "reference_job.packages"},
           .description = "GPU packages of the reference training job whose goodput the outputs report.",
           .set = set_number<reliability, &Reliability::job_packages>},
          {.key = "checkpoint",
           .kind = Kind::kNumber,
           .range = Range::above(0.0, "0").limit(1e6, "1000000"),
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "reference_job.checkpoint"},
           .description = "Seconds to write one checkpoint (the job's compute pauses).",
           .set = set_number<reliability, &Reliability::checkpoint_s>},
          {.key = "restart",
           .kind = Kind::kNumber,
           .range = Range::at_least(0.0, "0").limit(1e6, "1000000"),
           .distribution = true,
           .fallback = {DefaultFrom::kDefaultsFile, "reference_job.restart"},
           .description = "Seconds from an interruption to computing again: detect, reschedule, reload the last "
                          "checkpoint.",
           .set = set_number<reliability, &Reliability::restart_s>},
          {.key = "interval",
           .kind = Kind::kText,
           .fallback = {DefaultFrom::kLiteral, "daly"},
           .description = "Compute between checkpoints: daly (Daly's optimum for the job's MTBF), young (Young's), "
                          "or seconds (600, 600 s, 10 min, 1 h).",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             Reliability& r = reliability(s, at);
             r.interval_text = v.text;
             if (!parse_checkpoint_interval(v.text, r.interval, r.interval_s)) {
               r.interval = CheckpointInterval::kDaly;  // refused by validate (located)
               r.interval_s = 0.0;
             }
           }},
      }};
  return t;
}

const Table& reliability_table() {
  static const Table t{
      .name = "reliability",
      .item_text = "{enabled, spares_share, training_job}",
      .fields = {
          {.key = "enabled",
           .kind = Kind::kChoice,
           .choices = &schema::kBooleans,
           .fallback = {DefaultFrom::kLiteral, "true"},
           .description = "Whether racks fail: false takes nothing out of service (the effective compute is the "
                          "live compute) and the goodput counts checkpoints only.",
           .set = [](Scenario& s, const Place& at, const Value& v) { reliability(s, at).enabled = v.text == "true"; }},
          fraction_field("spares_share", {DefaultFrom::kDefaultsFile, "reliability.spares_share"},
                         "Spare units each site keeps on its shelf, in packages, as a share of its live packages of "
                         "each platform (rounded down to whole units of packages_out_per_failure).",
                         set_number<reliability, &Reliability::spares_share>),
          {.key = "training_job",
           .shape = Shape::kMap,
           .fallback = {DefaultFrom::kEachKey},
           .description = "The reference training job whose goodput under failures the outputs report.",
           .table = &reference_job_table(),
           .shape_text = "a map {packages, checkpoint, restart, interval}"},
      }};
  return t;
}

// ---- A scenario's serving rates (serving.tokens_per_s[]).

const Table& serving_rate_table() {
  static const Table t{
      .name = "serving rate",
      .item_text = "{platform, value}",
      .fields = {
          {.key = "platform",
           .kind = Kind::kPlatform,
           .need = Need::kRequired,
           .description = "Catalog id whose serving rate this replaces; once in the list.",
           .set = set_text<serving_rate, &ServingRateOverride::platform>},
          {.key = "value",
           .kind = Kind::kCount,
           .range = Range::at_least(0.0, "0").limit(kMaxServingTokensPerS, "1e12"),
           .need = Need::kRequired,
           .distribution = true,
           .description = "Tokens processed (input + output) per second one rack serves at full load.",
           // The platform is read first (table order); the scenario's copy of the catalog takes the rate.
           .set = [](Scenario& s, const Place& at, const Value& v) {
             ServingRateOverride& o = serving_rate(s, at);
             o.tokens_per_s = v.number;
             if (models::Platform* p = s.catalog.find(o.platform)) {
               p->serving_tokens_per_s = v.number;
               p->serving_rate_from = models::ServingRateFrom::kScenario;
             }
           }},
      },
      .item_key = "platform"};
  return t;
}

// ---- A scenario's realized fractions per platform (serving.realized_fraction_by_platform[]).

const Table& realized_fraction_table() {
  static const Table t{
      .name = "realized fraction",
      .item_text = "{platform, value}",
      .fields = {
          {.key = "platform",
           .kind = Kind::kPlatform,
           .need = Need::kRequired,
           .description = "Catalog id whose realized fraction this replaces; once in the list.",
           .set = set_text<realized_override, &RealizedFractionOverride::platform>},
          {.key = "value",
           .kind = Kind::kFraction,
           .range = kPositiveFraction,
           .need = Need::kRequired,
           .distribution = true,
           .description = "Share of the platform's serving ceiling the fleet realizes.",
           // The platform is read first (table order); the scenario's copy of the catalog takes the fraction.
           .set = [](Scenario& s, const Place& at, const Value& v) {
             RealizedFractionOverride& o = realized_override(s, at);
             o.fraction = v.number;
             if (models::Platform* p = s.catalog.find(o.platform)) {
               p->realized_fraction = v.number;
               p->realized_from = models::RealizedFrom::kScenarioPlatform;
             }
           }},
      }};
  return t;
}

// serving.realized_fraction: every platform's, except one the scenario states on its own (whichever is applied
// first, as a drawn value is applied again per replication).
void set_all_realized_fractions(Scenario& s, const Place&, const Value& v) {
  s.catalog.serving.realized_fraction = v.number;
  for (models::Platform& p : s.catalog.platforms) {
    if (p.realized_from == models::RealizedFrom::kScenarioPlatform) continue;
    p.realized_fraction = v.number;
    p.realized_from = models::RealizedFrom::kScenario;
  }
}

const Table& scenario_serving_table() {
  static const Table t{
      .name = "serving",
      .item_text = "(serving)",
      .fields = {
          {.key = "tokens_per_s",
           .shape = Shape::kItems,
           .description = "Serving rates (ceilings) per platform, replacing the catalog's.",
           .table = &serving_rate_table(),
           .shape_text = "a sequence of {platform, value}",
           .may_be_empty = true,
           .add = [](Scenario& s, const Place&) { s.serving_rates.emplace_back(); }},
          {.key = "realized_fraction",
           .kind = Kind::kFraction,
           .range = kPositiveFraction,
           .distribution = true,
           .description = "Share of the serving ceiling the fleet realizes on every platform, replacing the "
                          "catalog's per-platform fractions (a platform in realized_fraction_by_platform keeps "
                          "its own).",
           .set = set_all_realized_fractions},
          {.key = "realized_fraction_by_platform",
           .shape = Shape::kItems,
           .description = "Realized fractions per platform, replacing the catalog's and serving.realized_fraction "
                          "for those platforms.",
           .table = &realized_fraction_table(),
           .shape_text = "a sequence of {platform, value}",
           .may_be_empty = true,
           .add = [](Scenario& s, const Place&) { s.realized_fractions.emplace_back(); }},
      }};
  return t;
}

models::Platform& platform(Scenario& s, const Place& at) { return s.catalog.platforms[at[0]]; }

// Failure rates: per package-day or per rack-day; 1 a day is far above any fleet (the Llama 3 job saw 4.7e-4).
constexpr Range kFailureRate = Range::between(0.0, "0", 1.0, "1");

template <models::FailureComponent C>
void set_failure_rate(Scenario& s, const Place& at, const Value& v) {
  platform(s, at).reliability[C].failures_per_unit_day = v.number;
}

Field failure_rate_field(std::string_view key, models::FailureComponent component, std::string_view description) {
  Setter set = nullptr;
  switch (component) {
    case models::FailureComponent::kGpu: set = set_failure_rate<models::FailureComponent::kGpu>; break;
    case models::FailureComponent::kHbm: set = set_failure_rate<models::FailureComponent::kHbm>; break;
    case models::FailureComponent::kNic: set = set_failure_rate<models::FailureComponent::kNic>; break;
    case models::FailureComponent::kRack: set = set_failure_rate<models::FailureComponent::kRack>; break;
  }
  return {.key = key,
          .kind = Kind::kNumber,
          .range = kFailureRate,
          .sourced = true,
          .description = description,
          .set = set};
}

}  // namespace

const Table& platform_table() {
  static const Table t{
      .name = "platform",
      .item_text = "(a platform)",
      .fields = {
          {.key = "id",
           .kind = Kind::kIdentifier,
           .need = Need::kRequired,
           .description = "Used by tranches[].platform and supply[].platform; unique.",
           .set = set_text<platform, &models::Platform::id>},
          {.key = "name",
           .kind = Kind::kLabel,
           .need = Need::kRequired,
           .description = "Display name.",
           .set = set_text<platform, &models::Platform::name>},
          {.key = "gpu_packages",
           .kind = Kind::kInteger,
           .range = Range::between(1.0, "1", 1e6, "1000000"),
           .need = Need::kRequired,
           .sourced = true,
           .description = "GPU packages per rack.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             platform(s, at).gpu_packages = static_cast<int>(v.integer);
           }},
          {.key = "gpu_dies",
           .kind = Kind::kInteger,
           .range = Range::between(1.0, "1", 1e8, "100000000"),
           .need = Need::kRequired,
           .sourced = true,
           .description = "GPU dies per rack; a positive multiple of gpu_packages.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             platform(s, at).gpu_dies = static_cast<int>(v.integer);
           }},
          {.key = "peak_power",
           .kind = Kind::kPower,
           .range = kPositivePower,
           .need = Need::kRequired,
           .sourced = true,
           .description = "Rack power at full load.",
           .set = set_number<platform, &models::Platform::peak_power_w>},
          {.key = "idle_fraction",
           .kind = Kind::kFraction,
           .range = kWholeFraction,
           .need = Need::kRequired,
           .sourced = true,
           .description = "Idle rack power as a fraction of peak.",
           // peak_power is read first (table order).
           .set = [](Scenario& s, const Place& at, const Value& v) {
             platform(s, at).idle_power_w = platform(s, at).peak_power_w * v.number;
           }},
          {.key = "pflops_fp8_dense",
           .kind = Kind::kNumber,
           .range = Range::at_least(0.0, "0").limit(kMaxCount, "1000000000"),
           .need = Need::kRequired,
           .sourced = true,
           .description = "FP8 PFLOP/s per rack, dense (no 2:4 sparsity); a sparse vendor figure over its stated "
                          "ratio.",
           .set = set_number<platform, &models::Platform::pflops_fp8_dense>},
          {.key = "pflops_fp4_dense",
           .kind = Kind::kNumber,
           .range = Range::at_least(0.0, "0").limit(kMaxCount, "1000000000"),
           .need = Need::kRequired,
           .sourced = true,
           .description = "FP4 PFLOP/s per rack, dense (no 2:4 sparsity); a sparse vendor figure over its stated "
                          "ratio.",
           .set = set_number<platform, &models::Platform::pflops_fp4_dense>},
          {.key = "pflops_fp4_inference",
           .kind = Kind::kNumber,
           .range = Range::at_least(0.0, "0").limit(kMaxCount, "1000000000"),
           .sourced = true,
           .description = "The vendor's quoted FP4 inference PFLOP/s per rack (e.g. with adaptive compression); "
                          "shown only, never computed with.",
           .set = set_number<platform, &models::Platform::pflops_fp4_inference>},
          {.key = "hbm_gb_per_package",
           .kind = Kind::kNumber,
           .range = Range::above(0.0, "0").limit(1e6, "1000000"),
           .need = Need::kRequired,
           .sourced = true,
           .description = "HBM capacity of one GPU package, GB (1e9 bytes).",
           .set = set_number<platform, &models::Platform::hbm_gb_per_package>},
          {.key = "hbm_tb_per_s_per_package",
           .kind = Kind::kNumber,
           .range = Range::above(0.0, "0").limit(1e6, "1000000"),
           .need = Need::kRequired,
           .sourced = true,
           .description = "HBM bandwidth of one GPU package, TB/s (1e12 bytes per second).",
           .set = set_number<platform, &models::Platform::hbm_tb_per_s_per_package>},
          {.key = "serving_precision",
           .kind = Kind::kChoice,
           .choices = &schema::kPrecisions,
           .need = Need::kRequired,
           .sourced = true,
           .description = "Precision the platform serves at (its deployed one): picks pflops_fp8_dense or "
                          "pflops_fp4_dense and the reference's bytes per weight.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             platform(s, at).serving_precision =
                 v.text == "fp4" ? models::ServingPrecision::kFp4 : models::ServingPrecision::kFp8;
           }},
          {.key = "serving_packages_per_instance",
           .kind = Kind::kInteger,
           .range = Range::between(1.0, "1", 1e6, "1000000"),
           .need = Need::kRequired,
           .sourced = true,
           .description = "Packages one copy of the serving reference model is sharded over: the NVLink domain "
                          "or a sourced expert-parallel width.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             platform(s, at).serving_packages_per_instance = static_cast<int>(v.integer);
           }},
          {.key = "serving_tokens_per_s",
           .kind = Kind::kCount,
           .range = Range::at_least(0.0, "0").limit(kMaxServingTokensPerS, "1e12"),
           .sourced = true,
           .description = "Tokens processed per second one rack serves at full load, stated instead of the "
                          "roofline's.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             platform(s, at).serving_tokens_per_s = v.number;
             platform(s, at).serving_rate_from = models::ServingRateFrom::kCatalog;
           }},
          {.key = "realized_fraction",
           .kind = Kind::kFraction,
           .range = kPositiveFraction,
           .sourced = true,
           .description = "Share of the platform's serving ceiling a fleet realizes in production; the catalog's "
                          "serving.realized_fraction when not stated.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             platform(s, at).realized_fraction = v.number;
             platform(s, at).realized_from = models::RealizedFrom::kCatalog;
           }},
          {.key = "cooling",
           .kind = Kind::kChoice,
           .choices = &schema::kCoolings,
           .need = Need::kRequired,
           .sourced = true,
           .description = "Cooling the rack needs.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             platform(s, at).cooling = v.text == "air" ? models::Cooling::kAir : models::Cooling::kLiquid;
           }},
          {.key = "rack_smoothing",
           .kind = Kind::kFraction,
           .range = kWholeFraction,
           .sourced = true,
           .description = "Share of a training swing the rack's own energy storage absorbs (0 when not stated).",
           .set = set_number<platform, &models::Platform::rack_smoothing_share>},
          {.key = "capex_gpu_systems",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .need = Need::kRequired,
           .sourced = true,
           .description = "Per rack: the NVIDIA rack (GPUs, CPUs, NVLink, rack, power shelves, in-rack cooling).",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             platform(s, at).capex.gpu_systems_usd = v.number;
           }},
          {.key = "capex_networking",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .need = Need::kRequired,
           .sourced = true,
           .description = "Per rack: scale-out NICs, DPUs, switches, optics and cables.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             platform(s, at).capex.networking_usd = v.number;
           }},
          {.key = "capex_storage",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .need = Need::kRequired,
           .sourced = true,
           .description = "Per rack: the rack's share of storage.",
           .set = [](Scenario& s, const Place& at, const Value& v) { platform(s, at).capex.storage_usd = v.number; }},
          {.key = "available",
           .kind = Kind::kDate,
           .need = Need::kRequired,
           .sourced = true,
           .description = "First date the platform ships.",
           .set = set_date<platform, &models::Platform::available>},
          {.key = "price_per_package_hour",
           .kind = Kind::kMoney,
           .range = kNonNegativeMoney,
           .sourced = true,
           .description = "Price one GPU package-hour sells for on the `available` date (the finance post-pass "
                          "declines it from there); needed when the gpu_hours revenue basis runs the platform.",
           .set = set_number<platform, &models::Platform::price_per_package_hour_usd>},
          failure_rate_field("gpu_failures_per_package_day", models::FailureComponent::kGpu,
                             "GPU failures per package-day (the GPU and its package: faulty GPU, SRAM, system "
                             "processor, silent data corruption, thermal); 0 when not stated."),
          failure_rate_field("hbm_failures_per_package_day", models::FailureComponent::kHbm,
                             "HBM failures per package-day; 0 when not stated."),
          failure_rate_field("nic_failures_per_package_day", models::FailureComponent::kNic,
                             "Scale-out network failures (NIC, switch, cable) per package-day; 0 when not stated."),
          failure_rate_field("rack_failures_per_rack_day", models::FailureComponent::kRack,
                             "Failures of parts shared by a rack's packages (host, power supply, SSD, chassis) per "
                             "rack-day; 0 when not stated."),
          {.key = "transient_interruptions_per_package_day",
           .kind = Kind::kNumber,
           .range = kFailureRate,
           .sourced = true,
           .description = "Faults that interrupt a training job but take nothing out of service (software, a reset "
                          "clears them) per package-day; 0 when not stated.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             platform(s, at).reliability.transient_interruptions_per_package_day = v.number;
           }},
          {.key = "packages_out_per_failure",
           .kind = Kind::kInteger,
           .range = Range::between(1.0, "1", 1e6, "1000000"),
           .sourced = true,
           .description = "Packages one failure takes out of service (the replaceable unit: an 8-GPU server, a "
                          "compute tray); at most gpu_packages; 1 when not stated.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             for (models::ComponentReliability& c : platform(s, at).reliability.components)
               c.packages_out_per_failure = static_cast<std::int64_t>(v.integer);
           }},
          {.key = "swap_time",
           .kind = Kind::kDuration,
           .range = kNonNegativeDuration,
           .sourced = true,
           .description = "A failed unit is back in service after this when its site has a spare on the shelf; 0 "
                          "when not stated.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             for (models::ComponentReliability& c : platform(s, at).reliability.components) c.swap_days = v.number;
           }},
          {.key = "repair_time",
           .kind = Kind::kDuration,
           .range = kNonNegativeDuration,
           .sourced = true,
           .description = "A failed unit is back after this without a spare; a swapped-out part's repair before it "
                          "returns to the shelf; 0 when not stated.",
           .set = [](Scenario& s, const Place& at, const Value& v) {
             for (models::ComponentReliability& c : platform(s, at).reliability.components) c.repair_days = v.number;
           }},
          {.key = "sources",
           .shape = Shape::kSources,
           .need = Need::kRequired,
           .description = "Where each number comes from: a non-empty text for each sourced key stated."},
      }};
  return t;
}

namespace {

models::ServingReference& reference(Scenario& s, const Place&) { return s.catalog.serving; }
models::ReferenceModel& shape(Scenario& s, const Place&) { return s.catalog.serving.shape; }
models::ServingOperatingPoint& operating_point(Scenario& s, const Place&) {
  return s.catalog.serving.operating_point;
}

constexpr Range kParameters = Range::above(0.0, "0").limit(1e15, "1000T");
constexpr Range kPerToken = Range::at_least(0.0, "0").limit(1e15, "1e15");

Field serving_field(Field f) {
  f.need = Need::kRequired;
  f.sourced = true;
  return f;
}

}  // namespace

const Table& catalog_serving_table() {
  static const Table t{
      .name = "serving",
      .item_text = "(the serving reference)",
      .fields = {
          serving_field({.key = "model",
                         .kind = Kind::kLabel,
                         .description = "The reference model, in words.",
                         .set = set_text<reference, &models::ServingReference::model>}),
          serving_field({.key = "total_params",
                         .kind = Kind::kCount,
                         .range = kParameters,
                         .description = "Parameters N_t.",
                         .set = set_number<shape, &models::ReferenceModel::total_params>}),
          serving_field({.key = "active_params",
                         .kind = Kind::kCount,
                         .range = kParameters,
                         .description = "Parameters active per token N_a; at most total_params.",
                         .set = set_number<shape, &models::ReferenceModel::active_params>}),
          serving_field({.key = "routed_expert_fraction",
                         .kind = Kind::kFraction,
                         .range = kPositiveFraction,
                         .description = "Routed experts per token / routed experts (1 for a dense model).",
                         .set = set_number<shape, &models::ReferenceModel::routed_expert_fraction>}),
          serving_field({.key = "bytes_per_param_fp8",
                         .kind = Kind::kNumber,
                         .range = Range::above(0.0, "0").limit(16.0, "16"),
                         .description = "Bytes per weight on platforms served at FP8 (1 for FP8 weights).",
                         .set = set_number<reference, &models::ServingReference::bytes_per_param_fp8>}),
          serving_field({.key = "bytes_per_param_fp4",
                         .kind = Kind::kNumber,
                         .range = Range::above(0.0, "0").limit(16.0, "16"),
                         .description = "Bytes per weight on platforms served at FP4 (0.5625 for NVFP4).",
                         .set = set_number<reference, &models::ServingReference::bytes_per_param_fp4>}),
          serving_field({.key = "kv_bytes_per_token",
                         .kind = Kind::kNumber,
                         .range = kPerToken,
                         .description = "KV cache bytes per token of context, all layers.",
                         .set = set_number<shape, &models::ReferenceModel::kv_bytes_per_token>}),
          serving_field({.key = "attention_flop_per_context_token",
                         .kind = Kind::kNumber,
                         .range = kPerToken,
                         .description = "Attention FLOP per processed token per token of context.",
                         .set = set_number<shape, &models::ReferenceModel::attention_flop_per_context_token>}),
          serving_field({.key = "layers",
                         .kind = Kind::kInteger,
                         .range = Range::between(0.0, "0", 1e4, "10000"),
                         .description = "Transformer layers of the reference model (each pays the decode overhead "
                                        "per step).",
                         .set = [](Scenario& s, const Place& at, const Value& v) {
                           shape(s, at).layers = static_cast<int>(v.integer);
                         }}),
          serving_field({.key = "input_tokens",
                         .kind = Kind::kCount,
                         .range = Range::at_least(0.0, "0").limit(kMaxCount, "1000000000"),
                         .description = "Input tokens per request.",
                         .set = set_number<shape, &models::ReferenceModel::input_tokens>}),
          serving_field({.key = "output_tokens",
                         .kind = Kind::kCount,
                         .range = Range::above(0.0, "0").limit(kMaxCount, "1000000000"),
                         .description = "Output tokens per request.",
                         .set = set_number<shape, &models::ReferenceModel::output_tokens>}),
          serving_field({.key = "prefill_flops_fraction",
                         .kind = Kind::kFraction,
                         .range = kPositiveFraction,
                         .description = "Share of dense peak FLOP/s achieved (prefill and the decode compute bound).",
                         .set = set_number<operating_point, &models::ServingOperatingPoint::prefill_flops_fraction>}),
          serving_field({.key = "decode_bandwidth_fraction",
                         .kind = Kind::kFraction,
                         .range = kPositiveFraction,
                         .description = "Share of peak HBM bandwidth achieved in decode.",
                         .set = set_number<operating_point,
                                           &models::ServingOperatingPoint::decode_bandwidth_fraction>}),
          serving_field({.key = "hbm_usable_fraction",
                         .kind = Kind::kFraction,
                         .range = kPositiveFraction,
                         .description = "Share of HBM capacity usable for weights and KV cache.",
                         .set = set_number<operating_point, &models::ServingOperatingPoint::hbm_usable_fraction>}),
          serving_field({.key = "max_sequences_per_tb_per_s",
                         .kind = Kind::kNumber,
                         .range = Range::above(0.0, "0").limit(1e6, "1000000"),
                         .description = "Engine limit on concurrent sequences, per TB/s of a package's HBM "
                                        "bandwidth.",
                         .set = set_number<operating_point,
                                           &models::ServingOperatingPoint::max_sequences_per_tb_per_s>}),
          serving_field({.key = "decode_overhead_us_per_layer",
                         .kind = Kind::kNumber,
                         .range = Range::at_least(0.0, "0").limit(1e6, "1000000"),
                         .description = "Microseconds each decode step spends per layer beyond the roofline "
                                        "(launches, synchronisation, expert all-to-all).",
                         .set = set_number<operating_point,
                                           &models::ServingOperatingPoint::decode_overhead_us_per_layer>}),
          serving_field({.key = "min_tokens_per_s_per_user",
                         .kind = Kind::kNumber,
                         .range = Range::at_least(0.0, "0").limit(1e6, "1000000"),
                         .description = "Latency target in output tokens/s per user; 0 for none.",
                         .set = set_number<operating_point,
                                           &models::ServingOperatingPoint::min_tokens_per_s_per_user>}),
          serving_field({.key = "realized_fraction",
                         .kind = Kind::kFraction,
                         .range = kPositiveFraction,
                         .description = "Share of the roofline ceiling a fleet serves in production, for a platform "
                                        "that states no realized_fraction of its own.",
                         .set = set_number<reference, &models::ServingReference::realized_fraction>}),
          {.key = "sources",
           .shape = Shape::kSources,
           .need = Need::kRequired,
           .description = "Where each value comes from: a non-empty text for each key."},
      }};
  return t;
}

const Table& scenario_table() {
  static const Table t{
      .name = "scenario",
      .item_text = "(a scenario)",
      .fields =
          {
              {.key = "extends",
               .shape = Shape::kExtends,
               .kind = Kind::kPath,
               .description = "Base file to build on, relative to the file that names it."},
              {.key = "name",
               .kind = Kind::kName,
               .need = Need::kRequired,
               .description = "Identifies the scenario in outputs.",
               .set = set_text<top, &Scenario::name>},
              {.key = "description",
               .kind = Kind::kText,
               .description = "Free text.",
               .set = set_text<top, &Scenario::description>},
              {.key = "start",
               .kind = Kind::kDate,
               .need = Need::kRequired,
               .distribution = true,
               .description = "First simulated day.",
               .set = set_date<top, &Scenario::start>},
              {.key = "end",
               .kind = Kind::kDate,
               .need = Need::kRequired,
               .distribution = true,
               .description = "Last simulated day (inclusive); after start, at most 30 years after it.",
               .set = set_date<top, &Scenario::end>},
              {.key = "output_step",
               .kind = Kind::kOutputStep,
               .fallback = {DefaultFrom::kDefaultsFile, "output_step"},
               .description = "Spacing of output rows.",
               .set = [](Scenario& s, const Place&, const Value& v) { s.output_step = v.step; }},
              {.key = "seed",
               .kind = Kind::kSeed,
               .fallback = {DefaultFrom::kDefaultsFile, "seed"},
               .description = "Random seed.",
               .set = [](Scenario& s, const Place&, const Value& v) { s.seed = v.integer; }},
              {.key = "pod_racks",
               .kind = Kind::kInteger,
               .range = Range::between(1.0, "1", 10000.0, "10000"),
               .fallback = {DefaultFrom::kDefaultsFile, "pod_racks"},
               .description = "Racks per simulated pod; 1 simulates every rack.",
               .set = [](Scenario& s, const Place&, const Value& v) { s.pod_racks = static_cast<int>(v.integer); }},
              {.key = "gw_basis",
               .kind = Kind::kChoice,
               .choices = &schema::kGwBases,
               .fallback = {DefaultFrom::kDefaultsFile, "gw_basis"},
               .description = "What a GW counts: it (the power of the systems) or facility (with the building's PUE); "
                              "for GW live, per_gw_live investments and tranches' target_power.",
               .set = [](Scenario& s, const Place&, const Value& v) {
                 s.gw_basis = v.text == "facility" ? models::GwBasis::kFacility : models::GwBasis::kIt;
               }},
              {.key = "catalog",
               .shape = Shape::kCatalog,
               .kind = Kind::kPath,
               .description = "Platform catalog to use instead of the built-in one, relative to the file that "
                              "names it."},
              {.key = "draws",
               .shape = Shape::kDraws,
               .description = "Shared draws: one value per replication, the same wherever draw(NAME) uses it."},
              {.key = "power_chain",
               .shape = Shape::kMap,
               .fallback = {DefaultFrom::kEachKey},
               .description = "Power-chain fractions shared by all sites.",
               .table = &power_chain_table(),
               .shape_text = "a map of power-chain fractions"},
              {.key = "utilization",
               .shape = Shape::kSchedule,
               .kind = Kind::kFraction,
               .range = kWholeFraction,
               .distribution = true,
               .fallback = {DefaultFrom::kDefaultsFile, "utilization"},
               .description = "Average load of live racks as a fraction of peak power, over time; not with demand.",
               .table = &utilization_points(),
               .shape_text = "a fraction (e.g. 70%) or a sequence of {from: date, utilization: fraction}",
               .one_value = true,
               .starts_at_first = true,
               .previous_text = "the previous point",
               .schedule = [](Scenario& s, const Place&) -> models::Schedule& { return s.utilization; }},
              {.key = "demand",
               .shape = Shape::kMap,
               .description = "What the fleet is asked to do: inference in tokens or PFLOPS, and training jobs.",
               .table = &demand_table(),
               .shape_text = "a map of demand keys"},
              {.key = "serving",
               .shape = Shape::kMap,
               .description = "Serving rates of catalog platforms and the realized fractions, replacing the "
                              "catalog's.",
               .table = &scenario_serving_table(),
               .shape_text = "a map {tokens_per_s, realized_fraction, realized_fraction_by_platform}"},
              {.key = "power_cap",
               .shape = Shape::kMap,
               .fallback = {DefaultFrom::kEachKey},
               .description = "The capped power state of the GPU racks.",
               .table = &power_cap_table(),
               .shape_text = "a map {power, speed}"},
              {.key = "sites",
               .shape = Shape::kItems,
               .need = Need::kRequired,
               .description = "The data-center sites.",
               .table = &site_table(),
               .shape_text = "a non-empty sequence of sites",
               .add = [](Scenario& s, const Place&) {
                 s.sites.emplace_back();
                 s.sites.back().power_fractions = s.power_chain;
               }},
              {.key = "tranches",
               .shape = Shape::kItems,
               .need = Need::kRequired,
               .description = "Blocks of compute to deploy.",
               .table = &tranche_table(),
               .shape_text = "a non-empty sequence of tranches",
               .add = [](Scenario& s, const Place&) { s.tranches.emplace_back(); }},
              {.key = "supply",
               .shape = Shape::kItems,
               .need = Need::kRequired,
               .description = "Rack production lines.",
               .table = &supply_table(),
               .shape_text = "a non-empty sequence of supply entries",
               .add = [](Scenario& s, const Place&) { s.supply.emplace_back(); }},
              {.key = "equipment",
               .shape = Shape::kMap,
               .description = "Long-lead equipment (power transformers, generation units) as supply lines shared by "
                              "the sites.",
               .table = &equipment_table(),
               .shape_text = "a map {allocation, supply_lines}"},
              {.key = "finance",
               .shape = Shape::kMap,
               .fallback = {DefaultFrom::kEachKey},
               .description = "Costs and investment rules.",
               .table = &finance_table(),
               .shape_text = "a map"},
              {.key = "reliability",
               .shape = Shape::kMap,
               .fallback = {DefaultFrom::kEachKey},
               .description = "Failures, repairs and spares of the racks, and the reference training job's goodput.",
               .table = &reliability_table(),
               .shape_text = "a map {enabled, spares_share, training_job}"},
          },
      .rules = {
          {.type = KeyRule::Type::kExcludes,
           .key = "utilization",
           .others = {"demand"},
           .message = "utilization is set by demand when demand is stated; remove one"},
      }};
  return t;
}

std::string_view scenario_item_key(std::string_view list_path) {
  static const std::map<std::string, std::string_view, std::less<>> keys = [] {
    std::map<std::string, std::string_view, std::less<>> out;
    for_each_field(scenario_table(), "", Place{}, [&out](const Field& f, const std::string& key, const Place&) {
      if ((f.shape == Shape::kItems || f.shape == Shape::kSchedule) && f.table != nullptr && !f.table->item_key.empty())
        out.emplace(key, f.table->item_key);
    });
    return out;
  }();
  const auto it = keys.find(list_path);
  return it == keys.end() ? std::string_view() : it->second;
}

}  // namespace gwsim
