#include "sim/scenario/validator.hpp"

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
    if (const ConfigNode* n = optional(item, "pue")) {
      if (auto v = rules::pue(r_, *n, path("pue"))) site.power.pue = *v;
    }
    if (const ConfigNode* n = r_.required(item, p, "install_racks_per_week")) {
      if (auto v = r_.number(*n, path("install_racks_per_week"), kPositiveRate)) site.install_racks_per_week = *v;
    }
    site.commissioning_days = defaults_.commissioning_days;
    if (const ConfigNode* n = optional(item, "commissioning")) {
      if (auto v = rules::commissioning_days(r_, *n, path("commissioning"))) site.commissioning_days = *v;
    }
    if (const ConfigNode* n = r_.required(item, p, "grid")) {
      const std::string gp = path("grid");
      if (r_.expect_sequence(*n, gp, "a non-empty sequence of {from: date, capacity: power, ramp: duration}")) {
        std::vector<models::SchedulePoint> points;
        std::optional<models::Date> previous;
        for (std::size_t i = 0; i < n->children.size(); ++i) {
          const ConfigNode& g = n->children[i];
          const std::string ip = item_path(gp, i);
          if (!r_.expect_map(g, ip, "a map {from: date, capacity: power, ramp: duration}")) continue;
          r_.check_keys(g, ip, schema::kGridPoint);
          models::SchedulePoint point;
          if (const ConfigNode* from = r_.required(g, ip, "from")) {
            if (auto d = r_.date(*from, child_path(ip, "from"))) {
              if (previous && *d <= *previous) {
                r_.expected(*from, child_path(ip, "from"),
                            "a date after " + models::to_iso(*previous) + " (the previous grid point)");
              }
              previous = d;
              point.from = *d;
            }
          }
          if (const ConfigNode* c = r_.required(g, ip, "capacity")) {
            if (auto v = r_.power(*c, child_path(ip, "capacity"), kNonNegativePower)) point.value = *v;
          }
          if (const ConfigNode* ramp = optional(g, "ramp")) {
            if (auto v = r_.duration(*ramp, child_path(ip, "ramp"), kNonNegativeDuration)) point.ramp_days = *v;
          }
          points.push_back(point);
        }
        site.grid_capacity_w = models::Schedule(0.0, std::move(points));
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
