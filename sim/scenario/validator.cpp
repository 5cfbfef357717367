#include "sim/scenario/validator.hpp"

#include <cstdio>
#include <functional>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "sim/scenario/file_io.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/schema.hpp"
#include "sim/scenario/uncertainty.hpp"

namespace gwsim {
namespace {

std::string where(const Origin& first, const Origin& here) {
  if (first.source && here.source && first.source->name != here.source->name) {
    return first.source->name + ":" + std::to_string(first.line);
  }
  return "line " + std::to_string(first.line);
}

const Range kPositivePower = Range::above(0.0, "0 W").limit(kMaxPowerW, "1000 GW");
const Range kNonNegativePower = Range::at_least(0.0, "0 W").limit(kMaxPowerW, "1000 GW");
const Range kPositiveDuration = Range::above(0.0, "0 days").limit(kMaxDurationDays, "100 years");
const Range kNonNegativeDuration = Range::at_least(0.0, "0 days").limit(kMaxDurationDays, "100 years");
const Range kPositiveRate = Range::above(0.0, "0").limit(kMaxCount, "1000000000");
const Range kPositiveMoney = Range::above(0.0, "$0").limit(kMaxMoneyUsd, "$1000T");
// Demand: sanity limits well above any plausible value (10B users is more than the world's people).
const Range kUsers = Range::at_least(0.0, "0").limit(1e10, "10B");
const Range kTokensPerUserPerDay = Range::at_least(0.0, "0").limit(1e9, "1B");
const Range kTokensPerDay = Range::at_least(0.0, "0").limit(1e18, "1000000T");
const Range kPflops = Range::at_least(0.0, "0").limit(kMaxCount, "1000000000");
// Fractions compared with a tolerance: 70% + 20% + 10% is 0.9999999999999999 in binary.
constexpr double kShareTolerance = 1e-9;

// A fraction as a percentage for messages: 0.6 -> "60%", 1.0 / 3 -> "33.33%".
std::string percent(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g%%", fraction * 100.0);
  return buffer;
}

// Where a name was first defined, for "duplicate" messages.
class NameRegistry {
 public:
  // False (after an error) when name was seen before.
  bool add(Reader& r, const ConfigNode& node, const std::string& path, const std::string& what) {
    auto [it, inserted] = seen_.emplace(node.text, node.origin);
    if (inserted) {
      order_.push_back(node.text);
      return true;
    }
    r.error(node.origin, path,
            "duplicate " + what + " '" + node.text + "' (first at " + where(it->second, node.origin) + ")");
    return false;
  }
  bool contains(const std::string& name) const { return seen_.count(name) != 0; }
  std::vector<std::string_view> names() const { return {order_.begin(), order_.end()}; }

 private:
  std::map<std::string, Origin> seen_;
  std::vector<std::string> order_;
};

class Validator {
 public:
  Validator(const Defaults& defaults, Diagnostics& diagnostics, int catalog_rank, const ValidationHooks& hooks)
      : uncertainty_(hooks.uncertainty ? hooks.uncertainty : &own_uncertainty_),
        r_(diagnostics, uncertainty_),
        defaults_(defaults),
        catalog_rank_(catalog_rank),
        preloaded_catalog_(hooks.catalog) {}

  std::optional<Scenario> run(const ConfigNode& root) {
    const std::size_t before = r_.diagnostics().size();
    if (!r_.expect_map(root, "", "a map of scenario keys at the top level")) return std::nullopt;
    r_.check_keys(root, "", schema::kTopLevel);
    // Shared draws first: any value may use them.
    if (uncertainty_->collecting()) {
      if (const ConfigNode* draws = root.find("draws")) uncertainty_->read_draws(r_, *draws);
    }
    Scenario s;
    catalog_ = &s.catalog;
    read_header(root, s);
    read_catalog(root, s);
    read_power_chain(root);
    read_utilization(root, s);
    read_sites(root, s);
    read_tranches(root, s);
    read_supply(root, s);
    check_supply_covers_tranches();
    read_demand(root, s);
    read_power_cap(root, s);
    read_finance(root, s);
    if (r_.diagnostics().size() != before) return std::nullopt;
    return s;
  }

 private:
  const ConfigNode* optional(const ConfigNode& map, std::string_view key) { return map.find(key); }

  void read_header(const ConfigNode& root, Scenario& s) {
    if (const ConfigNode* n = r_.required(root, "", "name")) {
      if (auto v = r_.name(*n, "name")) s.name = *v;
    }
    if (const ConfigNode* n = optional(root, "description")) {
      if (auto v = r_.string(*n, "description")) s.description = *v;
    }
    std::optional<models::Date> start;
    std::optional<models::Date> end;
    if (const ConfigNode* n = r_.required(root, "", "start")) start = r_.date(*n, "start");
    const ConfigNode* end_node = r_.required(root, "", "end");
    if (end_node) end = r_.date(*end_node, "end");
    if (start && end) {
      const models::Date latest = models::add_calendar_months(*start, 30 * 12);
      if (*end <= *start) {
        r_.expected(*end_node, "end", "a date after start (" + models::to_iso(*start) + ")");
      } else if (*end > latest) {
        r_.expected(*end_node, "end",
                    "a date at most 30 years after start (" + models::to_iso(latest) + " at the latest)");
      }
    }
    if (start) s.start = *start;
    if (end) s.end = *end;
    s.output_step = defaults_.output_step;
    if (const ConfigNode* n = optional(root, "output_step")) {
      if (auto v = r_.output_step(*n, "output_step")) s.output_step = *v;
    }
    s.seed = defaults_.seed;
    if (const ConfigNode* n = optional(root, "seed")) {
      if (auto v = r_.unsigned_integer(*n, "seed")) s.seed = *v;
    }
    s.pod_racks = defaults_.pod_racks;
    if (const ConfigNode* n = optional(root, "pod_racks")) {
      if (auto v = rules::pod_racks(r_, *n, "pod_racks")) s.pod_racks = *v;
    }
  }

  void read_catalog(const ConfigNode& root, Scenario& s) {
    if (preloaded_catalog_) {
      s.catalog = *preloaded_catalog_;
      catalog_ok_ = true;
      return;
    }
    const ConfigNode* n = optional(root, "catalog");
    if (!n) {
      s.catalog = builtin_catalog();
      catalog_ok_ = true;
      return;
    }
    auto text = r_.string(*n, "catalog", true);
    if (!text) return;
    const std::string resolved = resolve_relative(n->origin, *text);
    FileText file = read_file(resolved);
    if (!file.text) {
      r_.error(n->origin, "catalog", "cannot read file '" + resolved + "': " + file.error);
      return;
    }
    if (auto load = parse_catalog(*file.text, resolved, r_.diagnostics(), catalog_rank_)) {
      s.catalog = std::move(load->catalog);
      catalog_ok_ = true;
    }
  }

  void read_power_chain(const ConfigNode& root) {
    chain_ = defaults_.power_chain;
    const ConfigNode* n = optional(root, "power_chain");
    if (!n || !r_.expect_map(*n, "power_chain", "a map of power-chain fractions")) return;
    r_.check_keys(*n, "power_chain", schema::kPowerChain);
    for (std::string_view key : schema::kPowerChain) {
      const ConfigNode* v = n->find(key);
      if (!v) continue;
      if (auto f = rules::power_chain_fraction(r_, key, *v, child_path("power_chain", key))) {
        if (key == "non_gpu_it_share") chain_.non_gpu_it_share = *f;
        if (key == "redundancy_headroom") chain_.redundancy_headroom = *f;
        if (key == "substation_loss") chain_.substation_loss = *f;
      }
    }
  }

  void read_utilization(const ConfigNode& root, Scenario& s) {
    s.utilization = models::Schedule(defaults_.utilization, {});
    const ConfigNode* n = optional(root, "utilization");
    if (!n) return;
    if (n->is_map()) {
      r_.expected(*n, "utilization", "a fraction (e.g. 70%) or a sequence of {from: date, utilization: fraction}");
      return;
    }
    if (!n->is_sequence()) {
      if (auto v = rules::utilization(r_, *n, "utilization")) s.utilization = models::Schedule(*v, {});
      return;
    }
    if (!r_.expect_sequence(*n, "utilization", "a non-empty sequence of {from: date, utilization: fraction}")) return;
    std::vector<models::SchedulePoint> points;
    bool ok = true;
    std::optional<models::Date> previous;
    for (std::size_t i = 0; i < n->children.size(); ++i) {
      const ConfigNode& item = n->children[i];
      const std::string p = item_path("utilization", i);
      if (!r_.expect_map(item, p, "a map {from: date, utilization: fraction}")) {
        ok = false;
        continue;
      }
      r_.check_keys(item, p, schema::kUtilizationPoint);
      models::SchedulePoint point;
      const ConfigNode* from = r_.required(item, p, "from");
      std::optional<models::Date> date = from ? r_.date(*from, child_path(p, "from")) : std::nullopt;
      if (date && previous && *date <= *previous) {
        r_.expected(*from, child_path(p, "from"), "a date after " + models::to_iso(*previous) + " (the previous point)");
        ok = false;
      }
      if (date) {
        previous = date;
        point.from = *date;
      } else {
        ok = false;
      }
      const ConfigNode* value = r_.required(item, p, "utilization");
      std::optional<double> u = value ? rules::utilization(r_, *value, child_path(p, "utilization")) : std::nullopt;
      if (u) point.value = *u; else ok = false;
      points.push_back(point);
    }
    if (ok) {
      const double initial = points.front().value;
      s.utilization = models::Schedule(initial, std::move(points));
    }
  }

  using ValueReader = std::function<std::optional<double>(const ConfigNode&, const std::string&)>;

  // A step-and-ramp schedule (models/schedule.hpp): a non-empty sequence of {from: date, VALUE_KEY: value, ramp:
  // duration}, dates strictly increasing, 0 before the first point. value_what describes the value in messages
  // ("capacity: power"); previous names the point before in the date-order message ("the previous grid point").
  std::optional<models::Schedule> read_points(const ConfigNode& n, const std::string& p, const schema::KeyList& keys,
                                              std::string_view value_key, std::string_view value_what,
                                              std::string_view previous_what, const ValueReader& value) {
    const std::string shape = "{from: date, " + std::string(value_what) + ", ramp: duration}";
    if (!r_.expect_sequence(n, p, "a non-empty sequence of " + shape)) return std::nullopt;
    std::vector<models::SchedulePoint> points;
    std::optional<models::Date> previous;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      const ConfigNode& g = n.children[i];
      const std::string ip = item_path(p, i);
      if (!r_.expect_map(g, ip, "a map " + shape)) continue;
      r_.check_keys(g, ip, keys);
      models::SchedulePoint point;
      if (const ConfigNode* from = r_.required(g, ip, "from")) {
        if (auto d = r_.date(*from, child_path(ip, "from"))) {
          if (previous && *d <= *previous) {
            r_.expected(*from, child_path(ip, "from"),
                        "a date after " + models::to_iso(*previous) + " (" + std::string(previous_what) + ")");
          }
          previous = d;
          point.from = *d;
        }
      }
      if (const ConfigNode* c = r_.required(g, ip, value_key)) {
        if (auto v = value(*c, child_path(ip, value_key))) point.value = *v;
      }
      if (const ConfigNode* ramp = optional(g, "ramp")) {
        if (auto v = r_.duration(*ramp, child_path(ip, "ramp"), kNonNegativeDuration)) point.ramp_days = *v;
      }
      points.push_back(point);
    }
    return models::Schedule(0.0, std::move(points));
  }

  // A calendar profile (models/profile.hpp): one value (constant), {monthly: [12 values]}, or, when hourly is
  // allowed, {hourly: [24 values]}; each value read by `value`. scalar_what describes one value in messages.
  std::optional<models::Profile> read_profile(const ConfigNode& n, const std::string& p, bool hourly_allowed,
                                              std::string_view scalar_what, const ValueReader& value) {
    const std::string shapes = hourly_allowed ? "{monthly: [12 values]} or {hourly: [24 values]}"
                                              : "{monthly: [12 values]}";
    if (n.is_sequence()) {
      r_.expected(n, p, std::string(scalar_what) + ", or a map " + shapes);
      return std::nullopt;
    }
    if (!n.is_map()) {
      auto v = value(n, p);
      if (!v) return std::nullopt;
      return models::Profile::constant(*v);
    }
    r_.check_keys(n, p, hourly_allowed ? schema::kMonthlyOrHourlyProfile : schema::kMonthlyProfile);
    const ConfigNode* monthly = n.find("monthly");
    const ConfigNode* hourly = hourly_allowed ? n.find("hourly") : nullptr;
    if (monthly && hourly) {
      const auto second = std::max(*n.index_of("monthly"), *n.index_of("hourly"));
      r_.error(n.key_origins[second], child_path(p, n.keys[second]),
               "a profile is either monthly or hourly, not both");
      return std::nullopt;
    }
    if (!monthly && !hourly) {
      if (n.keys.empty()) {
        r_.error(n.origin, p,
                 hourly_allowed ? "missing required key 'monthly' or 'hourly'" : "missing required key 'monthly'");
      }
      return std::nullopt;  // otherwise only unknown keys, reported above
    }
    const bool is_monthly = monthly != nullptr;
    const ConfigNode& list = is_monthly ? *monthly : *hourly;
    const std::string lp = child_path(p, is_monthly ? "monthly" : "hourly");
    const std::size_t count = is_monthly ? 12 : 24;
    const std::string which = is_monthly ? "12 monthly values (January first)" : "24 hourly values (00:00 UTC first)";
    if (!r_.expect_sequence(list, lp, "a sequence of " + which)) return std::nullopt;
    if (list.children.size() != count) {
      r_.error(list.origin, lp, "expected " + which + ", found " + std::to_string(list.children.size()));
      return std::nullopt;
    }
    models::Profile profile;
    profile.kind = is_monthly ? models::ProfileKind::kMonthly : models::ProfileKind::kHourly;
    profile.values.assign(count, 0.0);
    bool ok = true;
    for (std::size_t i = 0; i < count; ++i) {
      if (auto v = value(list.children[i], item_path(lp, i))) {
        profile.values[i] = *v;
      } else {
        ok = false;
      }
    }
    if (!ok) return std::nullopt;
    return profile;
  }

  void read_sites(const ConfigNode& root, Scenario& s) {
    const ConfigNode* n = r_.required(root, "", "sites");
    if (!n || !r_.expect_sequence(*n, "sites", "a non-empty sequence of sites")) return;
    for (std::size_t i = 0; i < n->children.size(); ++i) read_site(n->children[i], item_path("sites", i), s);
  }

  void read_site(const ConfigNode& item, const std::string& p, Scenario& s) {
    if (!r_.expect_map(item, p, "a map (a site)")) return;
    r_.check_keys(item, p, schema::kSite);
    auto path = [&p](std::string_view key) { return child_path(p, key); };
    Site site;
    site.power = chain_;
    if (const ConfigNode* n = r_.required(item, p, "name")) {
      if (auto v = r_.name(*n, path("name"))) {
        site.name = *v;
        site_names_.add(r_, *n, path("name"), "site name");
      } else if (n->is_scalar()) {
        unusable_site_names_.insert(n->text);
      }
    }
    if (const ConfigNode* n = optional(item, "description")) {
      if (auto v = r_.string(*n, path("description"))) site.description = *v;
    }
    site.pue = models::Profile::constant(chain_.pue);
    if (const ConfigNode* n = optional(item, "pue")) {
      auto pue = [&](const ConfigNode& v, const std::string& vp) { return rules::pue(r_, v, vp); };
      if (auto v = read_profile(*n, path("pue"), false, "a number in [1.0, 3.0]", pue)) site.pue = std::move(*v);
    }
    site.power.pue = site.pue.annual_mean();  // racks are admitted against the annual mean
    site.carbon_g_per_kwh = models::Profile::constant(defaults_.carbon_g_per_kwh);
    if (const ConfigNode* n = optional(item, "carbon_intensity")) {
      auto carbon = [&](const ConfigNode& v, const std::string& vp) { return rules::carbon_intensity(r_, v, vp); };
      if (auto v = read_profile(*n, path("carbon_intensity"), true,
                                "a carbon intensity with a unit (g/kWh, gCO2/kWh, kg/MWh)", carbon)) {
        site.carbon_g_per_kwh = std::move(*v);
      }
    }
    site.water_l_per_kwh = models::Profile::constant(defaults_.water_l_per_kwh);
    if (const ConfigNode* n = optional(item, "water_usage")) {
      auto water = [&](const ConfigNode& v, const std::string& vp) { return rules::water_usage(r_, v, vp); };
      if (auto v = read_profile(*n, path("water_usage"), false, "a water usage with a unit (L/kWh)", water)) {
        site.water_l_per_kwh = std::move(*v);
      }
    }
    if (const ConfigNode* n = r_.required(item, p, "install_racks_per_week")) {
      if (auto v = r_.number(*n, path("install_racks_per_week"), kPositiveRate)) site.install_racks_per_week = *v;
    }
    site.commissioning_days = defaults_.commissioning_days;
    if (const ConfigNode* n = optional(item, "commissioning")) {
      if (auto v = rules::commissioning_days(r_, *n, path("commissioning"))) site.commissioning_days = *v;
    }
    if (const ConfigNode* n = r_.required(item, p, "grid")) {
      auto capacity = [&](const ConfigNode& v, const std::string& vp) { return r_.power(v, vp, kNonNegativePower); };
      if (auto grid = read_points(*n, path("grid"), schema::kGridPoint, "capacity", "capacity: power",
                                  "the previous grid point", capacity)) {
        site.grid_capacity_w = std::move(*grid);
      }
    }
    if (const ConfigNode* n = r_.required(item, p, "halls")) {
      const std::string hp = path("halls");
      if (r_.expect_sequence(*n, hp, "a non-empty sequence of halls")) {
        NameRegistry hall_names;
        for (std::size_t i = 0; i < n->children.size(); ++i) {
          if (auto hall = read_hall(n->children[i], item_path(hp, i), hall_names)) site.halls.push_back(*hall);
        }
      }
    }
    s.sites.push_back(std::move(site));
  }

  std::optional<Hall> read_hall(const ConfigNode& item, const std::string& p, NameRegistry& names) {
    if (!r_.expect_map(item, p, "a map (a hall)")) return std::nullopt;
    r_.check_keys(item, p, schema::kHall);
    auto path = [&p](std::string_view key) { return child_path(p, key); };
    Hall hall;
    if (const ConfigNode* n = r_.required(item, p, "name")) {
      if (auto v = r_.name(*n, path("name"))) {
        hall.name = *v;
        names.add(r_, *n, path("name"), "hall name");
      }
    }
    if (const ConfigNode* n = r_.required(item, p, "it_capacity")) {
      if (auto v = r_.power(*n, path("it_capacity"), kPositivePower)) hall.it_capacity_w = *v;
    }
    hall.cooling_capacity_w = hall.it_capacity_w;
    if (const ConfigNode* n = optional(item, "cooling_capacity")) {
      if (auto v = r_.power(*n, path("cooling_capacity"), kPositivePower)) hall.cooling_capacity_w = *v;
    }
    if (const ConfigNode* n = optional(item, "cooling")) {
      const std::string cp = path("cooling");
      const Reader::NameOutcome u = r_.uncertain_name(
          *n, cp, "'liquid' or 'air'", [&](const ConfigNode& v) { return r_.choice(v, cp, schema::kCoolings); });
      if (auto v = u.handled ? u.value : r_.choice(*n, cp, schema::kCoolings)) {
        hall.cooling = *v == "air" ? models::Cooling::kAir : models::Cooling::kLiquid;
      }
    }
    if (const ConfigNode* n = r_.required(item, p, "construction_start")) {
      if (auto v = r_.date(*n, path("construction_start"))) hall.construction_start = *v;
    }
    if (const ConfigNode* n = r_.required(item, p, "construction")) {
      if (auto v = r_.duration(*n, path("construction"), kPositiveDuration)) hall.construction_days = *v;
    }
    if (const ConfigNode* n = optional(item, "fit_out")) {
      if (auto v = r_.duration(*n, path("fit_out"), kNonNegativeDuration)) hall.fit_out_days = *v;
    }
    return hall;
  }

  // An id in the catalog; the error suggests the closest id.
  void check_platform(const std::string& id, const Origin& at, const std::string& path) {
    if (!catalog_ok_) return;
    if (catalog_->find(id) != nullptr) return;
    std::vector<std::string_view> ids;
    for (const models::Platform& p : catalog_->platforms) ids.push_back(p.id);
    r_.error(at, path, "unknown platform '" + id + "'" + suggestion_suffix(id, ids));
  }

  // A platform id, which may be discrete(...) or draw(NAME) of ids; each is a non-empty string, then each(id, at)
  // for every id it can be (the drawn one when sampling).
  std::optional<std::string> read_platform(const ConfigNode& node, const std::string& path,
                                           const std::function<void(const std::string&, const Origin&)>& each) {
    auto one = [&](const ConfigNode& v) -> std::optional<std::string> {
      auto id = r_.string(v, path, true);
      if (id) each(*id, v.origin);
      return id;
    };
    const Reader::NameOutcome u = r_.uncertain_name(node, path, "a platform id", one);
    return u.handled ? u.value : one(node);
  }

  void read_tranches(const ConfigNode& root, Scenario& s) {
    const ConfigNode* n = r_.required(root, "", "tranches");
    if (!n || !r_.expect_sequence(*n, "tranches", "a non-empty sequence of tranches")) return;
    NameRegistry names;
    for (std::size_t i = 0; i < n->children.size(); ++i) {
      const ConfigNode& item = n->children[i];
      const std::string p = item_path("tranches", i);
      if (!r_.expect_map(item, p, "a map (a tranche)")) continue;
      r_.check_keys(item, p, schema::kTranche);
      auto path = [&p](std::string_view key) { return child_path(p, key); };
      Tranche t;
      if (const ConfigNode* v = r_.required(item, p, "name")) {
        if (auto name = r_.name(*v, path("name"))) {
          t.name = *name;
          names.add(r_, *v, path("name"), "tranche name");
        }
      }
      if (const ConfigNode* v = r_.required(item, p, "target_power")) {
        if (auto w = r_.power(*v, path("target_power"), kPositivePower)) t.target_facility_w = *w;
      }
      if (const ConfigNode* v = r_.required(item, p, "platform")) {
        const std::string pp = path("platform");
        auto each = [&](const std::string& id, const Origin& at) {
          check_platform(id, at, pp);
          if (catalog_ok_ && catalog_->find(id) != nullptr) tranche_platforms_.push_back({id, at, pp});
        };
        if (auto id = read_platform(*v, pp, each)) t.platform = *id;
      }
      if (const ConfigNode* v = r_.required(item, p, "sites")) {
        const std::string sp = path("sites");
        if (r_.expect_sequence(*v, sp, "a non-empty sequence of site names")) {
          std::map<std::string, std::size_t> listed;
          for (std::size_t k = 0; k < v->children.size(); ++k) {
            const ConfigNode& site = v->children[k];
            const std::string ip = item_path(sp, k);
            auto name = r_.string(site, ip, true);
            if (!name) continue;
            if (auto [it, inserted] = listed.emplace(*name, k); !inserted) {
              r_.error(site.origin, ip,
                       "site '" + *name + "' is listed twice (first as " + item_path(sp, it->second) + ")");
              continue;
            }
            if (!site_names_.contains(*name) && unusable_site_names_.count(*name) == 0) {
              r_.error(site.origin, ip, "unknown site '" + *name + "'" + suggestion_suffix(*name, site_names_.names()));
              continue;
            }
            t.sites.push_back(*name);
          }
        }
      }
      if (const ConfigNode* v = r_.required(item, p, "order_date")) {
        if (auto d = r_.date(*v, path("order_date"))) t.order_date = *d;
      }
      s.tranches.push_back(std::move(t));
    }
  }

  void read_supply(const ConfigNode& root, Scenario& s) {
    const ConfigNode* n = r_.required(root, "", "supply");
    if (!n || !r_.expect_sequence(*n, "supply", "a non-empty sequence of supply entries")) return;
    for (std::size_t i = 0; i < n->children.size(); ++i) {
      const ConfigNode& item = n->children[i];
      const std::string p = item_path("supply", i);
      if (!r_.expect_map(item, p, "a map (a supply entry)")) continue;
      r_.check_keys(item, p, schema::kSupply);
      auto path = [&p](std::string_view key) { return child_path(p, key); };
      Supply supply;
      if (const ConfigNode* v = r_.required(item, p, "platform")) {
        const std::string pp = path("platform");
        auto each = [&](const std::string& id, const Origin& at) {
          supplied_.insert(id);
          check_platform(id, at, pp);
        };
        if (auto id = read_platform(*v, pp, each)) supply.platform = *id;
      }
      if (const ConfigNode* v = r_.required(item, p, "racks_per_week")) {
        if (auto x = r_.number(*v, path("racks_per_week"), kPositiveRate)) supply.racks_per_week = *x;
      }
      if (const ConfigNode* v = r_.required(item, p, "start")) {
        if (auto d = r_.date(*v, path("start"))) supply.start = *d;
      }
      if (const ConfigNode* v = optional(item, "lead_time")) {
        if (auto x = r_.duration(*v, path("lead_time"), kNonNegativeDuration)) supply.lead_time_days = *x;
      }
      s.supply.push_back(std::move(supply));
    }
    supply_read_ = true;
  }

  void check_supply_covers_tranches() {
    if (!supply_read_) return;
    for (const PlatformUse& use : tranche_platforms_) {
      if (supplied_.count(use.id) == 0) r_.error(use.at, use.path, "no supply entry for platform '" + use.id + "'");
    }
  }

  // The origin of a top-level key (its value's position would be its first entry for a block map).
  static const Origin& key_origin(const ConfigNode& map, std::string_view key) {
    return map.key_origins[*map.index_of(key)];
  }

  void read_demand(const ConfigNode& root, Scenario& s) {
    const ConfigNode* n = optional(root, "demand");
    if (!n) return;
    if (!r_.expect_map(*n, "demand", "a map of demand keys")) return;
    r_.check_keys(*n, "demand", schema::kDemand);
    if (optional(root, "utilization")) {
      r_.error(key_origin(root, "utilization"), "utilization",
               "utilization is set by demand when demand is stated; remove one");
    }
    Demand& d = s.demand;
    d.stated = true;
    models::DemandSpec& spec = d.spec;
    auto path = [](std::string_view key) { return child_path("demand", key); };

    // The quantities: each one value (constant) or a schedule of {from, value, ramp}.
    auto quantity = [&](std::string_view key, std::string_view one, std::string_view value_what,
                        const ValueReader& value, models::Schedule& into) {
      const ConfigNode* v = n->find(key);
      if (!v) return;
      const std::string kp = path(key);
      if (v->is_sequence()) {
        auto schedule = read_points(*v, kp, schema::kDemandPoint, "value", value_what, "the previous point", value);
        if (schedule) into = std::move(*schedule);
      } else if (v->is_map()) {
        r_.expected(*v, kp, std::string(one) + ", or a non-empty sequence of {from: date, " + std::string(value_what) +
                                ", ramp: duration}");
      } else if (auto x = value(*v, kp)) {
        into = models::Schedule(*x, {});
      }
    };
    auto count = [&](const Range& range) {
      return [this, &range](const ConfigNode& v, const std::string& vp) { return r_.count(v, vp, range); };
    };
    quantity("weekly_active_users", "a count", "value: count", count(kUsers), spec.weekly_active_users);
    quantity("tokens_per_user_per_day", "a count", "value: count", count(kTokensPerUserPerDay),
             spec.tokens_per_user_per_day);
    quantity("tokens_per_day", "a count", "value: count", count(kTokensPerDay), spec.tokens_per_day);
    quantity("pflops", "a number", "value: number",
             [this](const ConfigNode& v, const std::string& vp) { return r_.number(v, vp, kPflops); }, spec.pflops);

    // The basis: tokens (users x tokens per user, plus tokens per day) or PFLOPS, never both.
    const bool users = n->find("weekly_active_users") != nullptr;
    const bool per_user = n->find("tokens_per_user_per_day") != nullptr;
    const bool per_day = n->find("tokens_per_day") != nullptr;
    const bool pflops = n->find("pflops") != nullptr;
    if (pflops && (users || per_user || per_day)) {
      std::vector<std::string_view> stated;
      for (std::string_view key : {"weekly_active_users", "tokens_per_user_per_day", "tokens_per_day"}) {
        if (n->find(key)) stated.push_back(key);
      }
      r_.error(key_origin(*n, "pflops"), path("pflops"),
               "pflops cannot be stated together with " + join_names(stated) +
                   " (demand is stated in tokens or in PFLOPS, not both)");
    }
    if (users && !per_user) {
      r_.error(key_origin(*n, "weekly_active_users"), path("weekly_active_users"),
               "weekly_active_users needs tokens_per_user_per_day (tokens per weekly active user per day)");
    }
    if (per_user && !users) {
      r_.error(key_origin(*n, "tokens_per_user_per_day"), path("tokens_per_user_per_day"),
               "tokens_per_user_per_day needs weekly_active_users");
    }
    if (!users && !per_user && !per_day && !pflops) {
      r_.error(key_origin(root, "demand"), "demand",
               "demand needs weekly_active_users with tokens_per_user_per_day, tokens_per_day, or pflops");
    }
    spec.basis = pflops && !(users || per_user || per_day) ? models::DemandBasis::kPflops
                                                            : models::DemandBasis::kTokens;

    if (const ConfigNode* v = n->find("growth")) {
      if (auto x = r_.fraction(*v, path("growth"), -0.9, false, "-0.9", 100.0, "100")) spec.growth_per_year = *x;
    }
    spec.growth_from = s.start;
    if (const ConfigNode* v = n->find("growth_from")) {
      if (auto x = r_.date(*v, path("growth_from"))) spec.growth_from = *x;
    }
    spec.daily_cycle = defaults_.daily_cycle;
    if (const ConfigNode* v = n->find("daily_cycle")) {
      if (auto x = rules::daily_cycle(r_, *v, path("daily_cycle"))) spec.daily_cycle = *x;
    }

    // The serving platform converts tokens to compute: it needs a serving rate when demand is in tokens.
    const bool tokens = spec.basis == models::DemandBasis::kTokens;
    auto serves = [&](const std::string& id) {
      const models::Platform* platform = catalog_ok_ ? catalog_->find(id) : nullptr;
      return platform == nullptr || !tokens || platform->serving_tokens_per_s > 0.0;
    };
    if (const ConfigNode* v = n->find("serving_platform")) {
      const std::string pp = path("serving_platform");
      auto each = [&](const std::string& id, const Origin& at) {
        check_platform(id, at, pp);
        if (!serves(id)) {
          r_.error(at, pp,
                   "platform '" + id +
                       "' has no serving_tokens_per_s in the catalog, so it cannot turn tokens into compute");
        }
      };
      if (auto id = read_platform(*v, pp, each)) d.serving_platform = *id;
    } else if (!s.tranches.empty() && !s.tranches.front().platform.empty()) {
      d.serving_platform = s.tranches.front().platform;
      if (!serves(d.serving_platform)) {
        r_.error(key_origin(root, "demand"), path("serving_platform"),
                 "the first tranche's platform '" + d.serving_platform +
                     "' (the default serving platform) has no serving_tokens_per_s in the catalog; set "
                     "demand.serving_platform to a platform that has one");
      }
    }

    if (const ConfigNode* v = n->find("training")) read_training(*v, d);
  }

  void read_training(const ConfigNode& n, Demand& d) {
    const std::string p = "demand.training";
    if (!r_.expect_sequence(n, p, "a sequence of training jobs", false)) return;
    NameRegistry names;
    std::vector<const ConfigNode*> share_nodes;
    bool ok = true;
    for (std::size_t i = 0; i < n.children.size(); ++i) {
      const ConfigNode& item = n.children[i];
      const std::string ip = item_path(p, i);
      if (!r_.expect_map(item, ip, "a map {name, start: date, duration: duration, share: fraction}")) {
        ok = false;
        continue;
      }
      r_.check_keys(item, ip, schema::kTrainingJob);
      auto path = [&ip](std::string_view key) { return child_path(ip, key); };
      models::TrainingJob job;
      auto require = [&](std::string_view key) {
        const ConfigNode* v = r_.required(item, ip, key);
        if (!v) ok = false;
        return v;
      };
      if (const ConfigNode* v = require("name")) {
        if (auto name = r_.name(*v, path("name"))) {
          job.name = *name;
          if (!names.add(r_, *v, path("name"), "training job name")) ok = false;
        } else {
          ok = false;
        }
      }
      if (const ConfigNode* v = require("start")) {
        if (auto x = r_.date(*v, path("start"))) job.start = *x; else ok = false;
      }
      if (const ConfigNode* v = require("duration")) {
        if (auto x = r_.duration(*v, path("duration"), kPositiveDuration)) job.duration_days = *x; else ok = false;
      }
      const ConfigNode* share = require("share");
      if (share) {
        if (auto x = r_.fraction(*share, path("share"), 0.0, true, "0", 1.0, "1")) job.share = *x; else ok = false;
      }
      share_nodes.push_back(share);
      d.training.push_back(std::move(job));
    }
    if (!ok) return;
    // The shares running at once change only when a job starts: check each start date, and blame the job that
    // starts then (the last one in the list when several start together).
    const std::vector<models::TrainingJob>& jobs = d.training;
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      const models::Date day = jobs[j].start;
      if (models::training_last_day(jobs[j]) < day) continue;  // rounds to no day at all
      bool later_starter = false;
      for (std::size_t k = j + 1; k < jobs.size(); ++k) {
        later_starter = later_starter || (jobs[k].start == day && models::training_last_day(jobs[k]) >= day);
      }
      if (later_starter) continue;
      const double sum = models::training_share(jobs, day);
      if (sum <= 1.0 + kShareTolerance) continue;
      std::string running;
      for (const models::TrainingJob& job : jobs) {
        if (job.start <= day && day <= models::training_last_day(job)) {
          running += (running.empty() ? "" : ", ") + job.name + " " + percent(job.share);
        }
      }
      r_.error(share_nodes[j]->origin, child_path(item_path(p, j), "share"),
               "training jobs running on " + models::to_iso(day) + " reserve " + percent(sum) + " of the fleet (" +
                   running + "); at most 100%");
    }
  }

  void read_power_cap(const ConfigNode& root, Scenario& s) {
    s.power_cap = defaults_.power_cap;
    const ConfigNode* power = nullptr;
    bool power_ok = true;
    const ConfigNode* n = optional(root, "power_cap");
    if (n && r_.expect_map(*n, "power_cap", "a map {power, speed}")) {
      r_.check_keys(*n, "power_cap", schema::kPowerCap);
      if ((power = n->find("power"))) {
        if (auto x = rules::power_cap_fraction(r_, *power, "power_cap.power")) {
          s.power_cap.power_fraction = *x;
        } else {
          power_ok = false;
        }
      }
      if (const ConfigNode* v = n->find("speed")) {
        if (auto x = rules::power_cap_fraction(r_, *v, "power_cap.speed")) s.power_cap.speed_fraction = *x;
      }
    }
    if (!power_ok || !catalog_ok_) return;
    // A capped rack runs: it cannot draw less than an idle one.
    std::set<std::string> checked;
    for (const PlatformUse& use : tranche_platforms_) {
      if (!checked.insert(use.id).second) continue;
      const models::Platform* platform = catalog_->find(use.id);
      if (platform == nullptr || platform->peak_power_w <= 0.0) continue;
      const double idle = platform->idle_power_w / platform->peak_power_w;
      if (s.power_cap.power_fraction >= idle - kShareTolerance) continue;
      if (power) {
        r_.expected(*power, "power_cap.power", "a capped power at or above the idle draw of every tranche's platform",
                    "platform '" + use.id + "' idles at " + percent(idle) +
                        " of peak; a capped rack cannot draw less than an idle one");
      } else {
        r_.error(use.at, use.path,
                 "platform '" + use.id + "' idles at " + percent(idle) + " of peak, above the default capped power (" +
                     percent(s.power_cap.power_fraction) + "); set power_cap.power to at least " + percent(idle));
      }
    }
  }

  void read_finance(const ConfigNode& root, Scenario& s) {
    s.finance.facility_capex_per_mw_usd = defaults_.facility_capex_per_mw_usd;
    const ConfigNode* n = optional(root, "finance");
    if (!n || !r_.expect_map(*n, "finance", "a map")) return;
    r_.check_keys(*n, "finance", schema::kFinance);
    if (const ConfigNode* v = optional(*n, "facility_capex_per_mw")) {
      if (auto x = rules::facility_capex_per_mw(r_, *v, "finance.facility_capex_per_mw")) {
        s.finance.facility_capex_per_mw_usd = *x;
      }
    }
    const ConfigNode* list = optional(*n, "investments");
    if (!list || !r_.expect_sequence(*list, "finance.investments", "a sequence of investment rules", false)) return;
    NameRegistry names;
    for (std::size_t i = 0; i < list->children.size(); ++i) {
      if (auto rule = read_investment(list->children[i], item_path("finance.investments", i), names)) {
        s.finance.investments.push_back(*rule);
      }
    }
  }

  std::optional<models::InvestmentRule> read_investment(const ConfigNode& item, const std::string& p,
                                                         NameRegistry& names) {
    if (!r_.expect_map(item, p, "a map (an investment rule)")) return std::nullopt;
    auto path = [&p](std::string_view key) { return child_path(p, key); };
    models::InvestmentRule rule;
    std::optional<std::string> trigger;
    if (const ConfigNode* v = r_.required(item, p, "trigger")) trigger = r_.choice(*v, path("trigger"), schema::kTriggers);
    const schema::KeyList* takes = nullptr;
    if (trigger == "per_gw_live") {
      rule.trigger = models::InvestmentTrigger::kPerGwLive;
      takes = &schema::kInvestmentPerGwLive;
    } else if (trigger == "lump_sum") {
      rule.trigger = models::InvestmentTrigger::kLumpSum;
      takes = &schema::kInvestmentLumpSum;
    } else if (trigger == "first_tokens") {
      rule.trigger = models::InvestmentTrigger::kFirstTokens;
      takes = &schema::kInvestmentFirstTokens;
    }
    r_.check_keys(item, p, schema::kInvestment);
    if (takes) {
      for (std::size_t k = 0; k < item.keys.size(); ++k) {
        const std::string& key = item.keys[k];
        bool general = false;
        bool applies = false;
        for (std::string_view a : schema::kInvestment) general = general || a == key;
        for (std::string_view a : *takes) applies = applies || a == key;
        if (general && !applies) {
          r_.error(item.key_origins[k], path(key),
                   "key '" + key + "' does not apply to trigger '" + *trigger + "' (it takes: " + join_names(*takes) +
                       ")");
        }
      }
    }
    if (const ConfigNode* v = r_.required(item, p, "name")) {
      if (auto name = r_.name(*v, path("name"))) {
        rule.name = *name;
        names.add(r_, *v, path("name"), "investment name");
      }
    }
    if (const ConfigNode* v = r_.required(item, p, "amount")) {
      if (auto x = r_.money(*v, path("amount"), kPositiveMoney)) rule.amount_usd = *x;
    }
    if (trigger == "per_gw_live") {
      if (const ConfigNode* v = optional(item, "max_count")) {
        if (auto x = r_.integer(*v, path("max_count"), 0, 1'000'000'000,
                                "an integer from 0 to 1000000000 (0 = unlimited)")) {
          rule.max_count = *x;
        }
      }
    }
    if (trigger == "lump_sum") {
      if (const ConfigNode* v = r_.required(item, p, "date")) {
        if (auto d = r_.date(*v, path("date"))) rule.date = *d;
      }
    }
    return rule;
  }

  struct PlatformUse {
    std::string id;
    Origin at;
    std::string path;
  };

  Uncertainty own_uncertainty_;
  Uncertainty* uncertainty_;
  Reader r_;
  const Defaults& defaults_;
  int catalog_rank_ = 1;
  const models::Catalog* preloaded_catalog_ = nullptr;
  models::PowerChain chain_;
  bool catalog_ok_ = false;
  const models::Catalog* catalog_ = nullptr;
  NameRegistry site_names_;
  std::set<std::string> unusable_site_names_;  // names that failed validation: no second error when referenced
  std::vector<PlatformUse> tranche_platforms_;  // known platforms of tranches (each possible one)
  std::set<std::string> supplied_;
  bool supply_read_ = false;
};

}  // namespace

std::optional<Scenario> validate_scenario(const ConfigNode& root, const Defaults& defaults, Diagnostics& diagnostics,
                                          int catalog_rank, const ValidationHooks& hooks) {
  return Validator(defaults, diagnostics, catalog_rank, hooks).run(root);
}

}  // namespace gwsim
