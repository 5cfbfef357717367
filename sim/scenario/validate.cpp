#include "sim/scenario/validate.hpp"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "models/date.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/fields.hpp"

namespace gwsim {
namespace {

// Fractions compared with a tolerance: 70% + 20% + 10% is 0.9999999999999999 in binary.
constexpr double kShareTolerance = 1e-9;

// A fraction as a percentage for messages: 0.6 -> "60%", 1.0 / 3 -> "33.33%".
std::string percent(double fraction) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.4g%%", fraction * 100.0);
  return buffer;
}

std::string where(const Origin& first, const Origin& here) {
  if (first.source && here.source && first.source->name != here.source->name) {
    return first.source->name + ":" + std::to_string(first.line);
  }
  return "line " + std::to_string(first.line);
}

std::string shown(const FieldOrigin& o) {
  switch (o.node_kind) {
    case ConfigNode::Kind::kScalar:
      return "'" + o.text + "'";
    case ConfigNode::Kind::kMap:
      return "a map";
    case ConfigNode::Kind::kSequence:
      return "a sequence";
    case ConfigNode::Kind::kNull:
      break;
  }
  return "nothing";
}

const Field& field(const Table& table, std::string_view key) { return *table.find(key); }

// One value a name field can take, where it is written: every choice of a discrete(...) while the template is
// checked, else the value itself (at the field, looked up only for a message).
struct Choice {
  std::string id;
  std::optional<Origin> at;
  std::string path;  // filled when at is
};

class Checker {
 public:
  Checker(const Scenario& s, const Provenance& p, Diagnostics& out)
      : s_(s), p_(p), out_(out), sampling_(p.drawn != nullptr),
        clean_(p.read_clean && (p.refused == nullptr || p.refused->empty())) {
    catalog_ok_ = clean_ || !p.origins.stated("catalog") || p.origins.usable("catalog");
  }

  void run() {
    check_dates();
    const Table& top = scenario_table();
    check_points(field(top, "utilization"), s_.utilization, [] { return std::string("utilization"); });
    check_sites();
    check_tranches();
    check_supply();
    check_supply_covers_tranches();
    check_platform_overrides();
    check_platform_prices();
    if (s_.demand.stated) check_demand();
    check_power_cap();
    check_rack_payment();
    check_reliability();
    if (!sampling_) check_investment_names();
    if (!sampling_) check_power_levers();
  }

 private:
  // ---- Where values are.

  // Read without error (and, in a replication, not refused); a clean read needs no look-up.
  template <class PathFn>
  bool usable(PathFn&& path) const {
    if (clean_) return true;
    const std::string p = path();
    if (p_.refused && std::find(p_.refused->begin(), p_.refused->end(), p) != p_.refused->end()) return false;
    return p_.origins.usable(p);
  }
  bool usable_path(const std::string& path) const {
    return usable([&path] { return path; });
  }

  const FieldOrigin& at(const std::string& path) const {
    static const FieldOrigin nowhere;
    const FieldOrigin* o = p_.origins.find(path);
    return o ? *o : nowhere;
  }

  std::string found(const std::string& path) const {
    const FieldOrigin& o = at(path);
    if (o.slot < 0) return shown(o);
    const ValueSlot& slot = p_.slots[static_cast<std::size_t>(o.slot)];
    return sampling_ ? shown_drawn(slot, (*p_.drawn)[static_cast<std::size_t>(o.slot)]) : shown_checked(slot);
  }

  void error(const Origin& origin, const std::string& path, std::string message) {
    out_.add(origin, path, std::move(message));
  }

  void expected(const std::string& path, const std::string& what, const std::string& hint = {}) {
    std::string message = "expected " + what + ", found " + found(path);
    if (!hint.empty()) message += " (" + hint + ")";
    error(at(path).at, path, std::move(message));
  }

  std::vector<Choice> choices(const std::string& path, const std::string& current) const {
    const FieldOrigin& o = at(path);
    if (sampling_ || o.slot < 0) return {Choice{current, o.at, path}};
    const ValueSlot& slot = p_.slots[static_cast<std::size_t>(o.slot)];
    const ValueSlot& owner = slot.distribution ? slot : p_.slots[slot.draw];
    std::vector<Choice> out;
    for (std::size_t i = 0; i < owner.distribution->names.size(); ++i) {
      out.push_back(Choice{owner.distribution->names[i], owner.distribution->origins[i], path});
    }
    return out;
  }

  // ---- Rules.

  void check_dates() {
    if (!usable_path("start") || !usable_path("end")) return;
    const models::Date latest = models::add_calendar_months(s_.start, 30 * 12);
    if (s_.end <= s_.start) {
      expected("end", "a date after start (" + models::to_iso(s_.start) + ")");
    } else if (s_.end > latest) {
      expected("end", "a date at most 30 years after start (" + models::to_iso(latest) + " at the latest)");
    }
  }

  // Dates of a schedule's points strictly increasing; base names the schedule's dotted path.
  template <class PathFn>
  void check_points(const Field& f, const models::Schedule& schedule, PathFn&& base) {
    std::optional<models::Date> previous;
    const std::vector<models::SchedulePoint>& points = schedule.points();
    for (std::size_t k = 0; k < points.size(); ++k) {
      auto from = [&] { return child_path(item_path(base(), k), "from"); };
      if (!usable(from)) continue;
      const models::Date date = points[k].from;
      if (previous && date <= *previous) {
        expected(from(), "a date after " + models::to_iso(*previous) + " (" + std::string(f.previous_text) + ")");
      }
      previous = date;
    }
  }

  // Unique names, first come first kept.
  class Names {
   public:
    bool add(Checker& c, const std::string& name, const std::string& path, std::string_view what) {
      const Origin& here = c.at(path).at;
      auto [it, inserted] = seen_.emplace(name, here);
      if (inserted) {
        order_.push_back(name);
        return true;
      }
      c.error(here, path,
              "duplicate " + std::string(what) + " '" + name + "' (first at " + where(it->second, here) + ")");
      return false;
    }
    bool contains(const std::string& name) const { return seen_.count(name) != 0; }
    std::vector<std::string_view> names() const { return {order_.begin(), order_.end()}; }

   private:
    std::map<std::string, Origin> seen_;
    std::vector<std::string> order_;
  };

  void check_sites() {
    const Table& site = *field(scenario_table(), "sites").table;
    const Field& grid = field(site, "grid");
    for (std::size_t i = 0; i < s_.sites.size(); ++i) {
      const std::string p = sampling_ ? std::string() : item_path("sites", i);
      if (!sampling_) {
        if (!usable_path(p)) continue;
        const std::string name = child_path(p, "name");
        if (usable_path(name)) {
          site_names_.add(*this, s_.sites[i].name, name, "site name");
        } else if (const FieldOrigin* o = p_.origins.find(name); o && o->node_kind == ConfigNode::Kind::kScalar) {
          unusable_site_names_.insert(o->text);
        }
        Names halls;
        for (std::size_t h = 0; h < s_.sites[i].halls.size(); ++h) {
          const std::string hall = item_path(child_path(p, "halls"), h);
          if (usable_path(hall) && usable_path(child_path(hall, "name"))) {
            halls.add(*this, s_.sites[i].halls[h].name, child_path(hall, "name"), "hall name");
          }
        }
      } else if (!usable([i] { return item_path("sites", i); })) {
        continue;
      }
      check_points(grid, s_.sites[i].grid_capacity_w, [i] { return child_path(item_path("sites", i), "grid"); });
    }
  }

  // An id in the catalog; the error suggests the closest id.
  void check_platform(const Choice& c) {
    if (!catalog_ok_ || sampling_ || s_.catalog.find(c.id) != nullptr) return;
    std::vector<std::string_view> ids;
    for (const models::Platform& platform : s_.catalog.platforms) ids.push_back(platform.id);
    error(*c.at, c.path, "unknown platform '" + c.id + "'" + suggestion_suffix(c.id, ids));
  }

  void check_tranches() {
    Names names;
    for (std::size_t i = 0; i < s_.tranches.size(); ++i) {
      const Tranche& t = s_.tranches[i];
      auto p = [i] { return item_path("tranches", i); };
      if (!usable(p)) continue;
      if (!sampling_ && usable_path(child_path(p(), "name"))) {
        names.add(*this, t.name, child_path(p(), "name"), "tranche name");
      }
      if (sampling_) {
        if (catalog_ok_ && s_.catalog.find(t.platform) != nullptr) uses_.push_back(Choice{t.platform, {}, {}});
      } else if (const std::string pp = child_path(p(), "platform"); usable_path(pp)) {
        for (const Choice& c : choices(pp, t.platform)) {
          check_platform(c);
          if (catalog_ok_ && s_.catalog.find(c.id) != nullptr) uses_.push_back(c);
        }
      }
      if (t.refresh.stated) check_refresh(i);
      if (!sampling_) check_tranche_sites(i);
      tranche_of_use_.resize(uses_.size(), i);
    }
  }

  // A refresh's platform is used like a tranche's (catalog, supply); its tranche's name must stay free.
  void check_refresh(std::size_t i) {
    const Tranche& t = s_.tranches[i];
    const std::string rp = child_path(child_path(item_path("tranches", i), "refresh"), "platform");
    if (sampling_) {
      if (catalog_ok_ && s_.catalog.find(t.refresh.platform) != nullptr) {
        uses_.push_back(Choice{t.refresh.platform, {}, rp});
      }
      return;
    }
    if (usable_path(rp)) {
      for (const Choice& c : choices(rp, t.refresh.platform)) {
        check_platform(c);
        if (catalog_ok_ && s_.catalog.find(c.id) != nullptr) uses_.push_back(c);
      }
    }
    const std::string name = refresh_tranche_name(t);
    for (std::size_t k = 0; k < s_.tranches.size(); ++k) {
      if (s_.tranches[k].name != name) continue;
      const std::string np = child_path(item_path("tranches", k), "name");
      if (usable_path(np)) {
        error(at(np).at, np, "tranche name '" + name + "' is taken by the refresh of " + item_path("tranches", i) +
                                 " ('" + t.name + "')");
      }
    }
  }

  void check_tranche_sites(std::size_t i) {
    const std::string sp = child_path(item_path("tranches", i), "sites");
    std::map<std::string, std::size_t> listed;
    for (std::size_t k = 0; k < s_.tranches[i].sites.size(); ++k) {
      const std::string ip = item_path(sp, k);
      if (!usable_path(ip)) continue;
      const std::string& name = s_.tranches[i].sites[k];
      if (auto [it, inserted] = listed.emplace(name, k); !inserted) {
        error(at(ip).at, ip, "site '" + name + "' is listed twice (first as " + item_path(sp, it->second) + ")");
        continue;
      }
      if (!site_names_.contains(name) && unusable_site_names_.count(name) == 0) {
        error(at(ip).at, ip, "unknown site '" + name + "'" + suggestion_suffix(name, site_names_.names()));
      }
    }
  }

  void check_supply() {
    supply_read_ = usable_path("supply");
    const Field& rate = field(*field(scenario_table(), "supply").table, "racks_per_week");
    for (std::size_t i = 0; i < s_.supply.size(); ++i) {
      const Supply& supply = s_.supply[i];
      check_points(rate, supply.racks_per_week,
                   [i] { return child_path(item_path("supply", i), "racks_per_week"); });
      if (sampling_) {
        supplied_.insert(supply.platform);
        continue;
      }
      const std::string pp = child_path(item_path("supply", i), "platform");
      if (!usable_path(item_path("supply", i)) || !usable_path(pp)) continue;
      for (const Choice& c : choices(pp, supply.platform)) {
        supplied_.insert(c.id);
        check_platform(c);
      }
    }
  }

  // Where a tranche's platform is written (a replication looks it up only for a message).
  Choice located(std::size_t use) const {
    Choice c = uses_[use];
    if (!c.at) {
      if (c.path.empty()) c.path = child_path(item_path("tranches", tranche_of_use_[use]), "platform");
      c.at = at(c.path).at;
    }
    return c;
  }

  void check_supply_covers_tranches() {
    if (!supply_read_) return;
    for (std::size_t u = 0; u < uses_.size(); ++u) {
      if (supplied_.count(uses_[u].id) != 0) continue;
      const Choice c = located(u);
      error(*c.at, c.path, "no supply entry for platform '" + c.id + "'");
    }
  }

  // serving.tokens_per_s[], serving.realized_fraction_by_platform[] and finance.rack_capex[] replace a catalog platform's figures: each names a known
  // platform, once per list.
  void check_platform_overrides() {
    if (sampling_) return;
    check_override_list("serving.tokens_per_s", s_.serving_rates.size(),
                        [this](std::size_t i) { return s_.serving_rates[i].platform; });
    check_override_list("serving.realized_fraction_by_platform", s_.realized_fractions.size(),
                        [this](std::size_t i) { return s_.realized_fractions[i].platform; });
    check_override_list("finance.rack_capex", s_.finance.rack_capex.size(),
                        [this](std::size_t i) { return s_.finance.rack_capex[i].platform; });
    check_override_list("finance.revenue.prices", s_.finance.revenue.prices.size(),
                        [this](std::size_t i) { return s_.finance.revenue.prices[i].platform; });
  }

  // Package-hours are priced per platform (inference on the gpu_hours basis, training at a transfer share): every
  // platform a tranche runs needs a price, from the catalog or finance.revenue.prices[].
  void check_platform_prices() {
    const Revenue& r = s_.finance.revenue;
    if (r.basis != models::RevenueBasis::kGpuHours && !(r.training_transfer_share > 0.0)) return;
    std::set<std::string> reported;
    for (std::size_t u = 0; u < uses_.size(); ++u) {
      const models::Platform* p = s_.catalog.find(uses_[u].id);
      if (p == nullptr || p->price_per_package_hour_usd >= 0.0 || !reported.insert(p->id).second) continue;
      const Choice c = located(u);
      error(*c.at, c.path,
            "platform '" + c.id + "' has no price_per_package_hour: state it in the catalog or in "
            "finance.revenue.prices[] (the gpu_hours revenue basis and a training transfer price need one)");
    }
  }

  template <class IdOf>
  void check_override_list(const std::string& list, std::size_t count, IdOf&& id_of) {
    Names seen;
    for (std::size_t i = 0; i < count; ++i) {
      const std::string pp = child_path(item_path(list, i), "platform");
      if (!usable_path(item_path(list, i)) || !usable_path(pp)) continue;
      const std::string id = id_of(i);
      check_platform(Choice{id, at(pp).at, pp});
      seen.add(*this, id, pp, "platform");
    }
  }

  void check_demand() {
    const Table& demand = *field(scenario_table(), "demand").table;
    const models::DemandSpec& spec = s_.demand.spec;
    check_points(field(demand, "weekly_active_users"), spec.weekly_active_users,
                 [] { return std::string("demand.weekly_active_users"); });
    check_points(field(demand, "tokens_per_user_per_day"), spec.tokens_per_user_per_day,
                 [] { return std::string("demand.tokens_per_user_per_day"); });
    check_points(field(demand, "tokens_per_day"), spec.tokens_per_day,
                 [] { return std::string("demand.tokens_per_day"); });
    check_points(field(demand, "pflops"), spec.pflops, [] { return std::string("demand.pflops"); });
    check_daily_cycle();
    check_serving_platform();
    check_training();
  }

  void check_daily_cycle() {
    double sum = 0.0;
    for (double w : s_.demand.spec.daily_cycle) sum += w;
    if (sum > 0.0) return;
    const std::string p = "demand.daily_cycle";
    if (!p_.origins.stated(p) || !usable_path(p)) return;
    for (std::size_t h = 0; h < s_.demand.spec.daily_cycle.size(); ++h) {
      if (!usable_path(item_path(p, h))) return;
    }
    error(at(p).at, p, "expected weights that are not all 0 (relative demand per UTC hour)");
  }

  // The serving platform converts tokens to compute: it needs a serving rate when demand is in tokens.
  bool serves(const std::string& id) const {
    const models::Platform* platform = catalog_ok_ ? s_.catalog.find(id) : nullptr;
    return platform == nullptr || s_.demand.spec.basis != models::DemandBasis::kTokens ||
           platform->serving_tokens_per_s > 0.0;
  }

  void check_serving_platform() {
    const std::string p = "demand.serving_platform";
    const std::string& current = s_.demand.serving_platform;
    if (sampling_ && (current.empty() || serves(current))) return;
    if (p_.origins.stated(p)) {
      if (!usable_path(p)) return;
      for (const Choice& c : choices(p, current)) {
        check_platform(c);
        if (!serves(c.id)) {
          error(*c.at, p,
                "platform '" + c.id +
                    "' has no serving_tokens_per_s in the catalog, so it cannot turn tokens into compute");
        }
      }
    } else if (!current.empty() && !serves(current)) {
      error(at("demand").key_at, p,
            "the first tranche's platform '" + current +
                "' (the default serving platform) has no serving_tokens_per_s in the catalog; set "
                "demand.serving_platform to a platform that has one");
    }
  }

  void check_training() {
    const std::vector<models::TrainingJob>& jobs = s_.demand.training;
    if (!sampling_) {
      bool ok = true;
      Names names;
      for (std::size_t j = 0; j < jobs.size(); ++j) {
        const std::string ip = item_path("demand.training", j);
        if (!usable_path(ip)) {
          ok = false;
          continue;
        }
        for (std::string_view key : {"start", "duration"}) ok = usable_path(child_path(ip, key)) && ok;
        for (std::string_view key : {"share", "pflops"}) {
          if (p_.origins.stated(child_path(ip, key))) ok = usable_path(child_path(ip, key)) && ok;
        }
        if (!usable_path(child_path(ip, "name"))) {
          ok = false;
        } else if (!names.add(*this, jobs[j].name, child_path(ip, "name"), "training job name")) {
          ok = false;
        }
      }
      if (!ok) return;
    }
    // The shares running at once change only when a job starts: check each start date, and blame the job that
    // starts then (the last one in the list when several start together).
    // Jobs stated in PFLOPS reserve no share: they neither add to the sum nor take the blame.
    for (std::size_t j = 0; j < jobs.size(); ++j) {
      const models::Date day = jobs[j].start;
      if (jobs[j].share <= 0.0) continue;
      if (models::training_last_day(jobs[j]) < day) continue;  // rounds to no day at all
      bool later_starter = false;
      for (std::size_t k = j + 1; k < jobs.size(); ++k) {
        later_starter = later_starter || (jobs[k].share > 0.0 && jobs[k].start == day &&
                                          models::training_last_day(jobs[k]) >= day);
      }
      if (later_starter) continue;
      const double sum = models::training_share(jobs, day);
      if (sum <= 1.0 + kShareTolerance) continue;
      std::string running;
      for (const models::TrainingJob& job : jobs) {
        if (job.share > 0.0 && job.start <= day && day <= models::training_last_day(job)) {
          running += (running.empty() ? "" : ", ") + job.name + " " + percent(job.share);
        }
      }
      const std::string share = child_path(item_path("demand.training", j), "share");
      error(at(share).at, share,
            "training jobs running on " + models::to_iso(day) + " reserve " + percent(sum) + " of the fleet (" +
                running + "); at most 100%");
    }
  }

  // A capped rack runs: it cannot draw less than an idle one.
  void check_power_cap() {
    const std::string p = "power_cap.power";
    if (!catalog_ok_ || (!clean_ && p_.origins.stated(p) && !usable_path(p))) return;
    std::set<std::string> checked;
    for (std::size_t u = 0; u < uses_.size(); ++u) {
      const std::string& id = uses_[u].id;
      if (!checked.insert(id).second) continue;
      const models::Platform* platform = s_.catalog.find(id);
      if (platform == nullptr || platform->peak_power_w <= 0.0) continue;
      const double idle = platform->idle_power_w / platform->peak_power_w;
      if (s_.power_cap.power_fraction >= idle - kShareTolerance) continue;
      if (p_.origins.stated(p)) {
        expected(p, "a capped power at or above the idle draw of every tranche's platform",
                 "platform '" + id + "' idles at " + percent(idle) +
                     " of peak; a capped rack cannot draw less than an idle one");
      } else {
        const Choice c = located(u);
        error(*c.at, c.path,
              "platform '" + id + "' idles at " + percent(idle) + " of peak, above the default capped power (" +
                  percent(s_.power_cap.power_fraction) + "); set power_cap.power to at least " + percent(idle));
      }
    }
  }

  // The reference job's checkpoint interval: daly, young, or a duration in seconds.
  void check_reliability() {
    const std::string p = "reliability.training_job.interval";
    if (!p_.origins.stated(p) || !usable_path(p)) return;
    CheckpointInterval interval = CheckpointInterval::kDaly;
    double seconds = 0.0;
    if (!parse_checkpoint_interval(s_.reliability.interval_text, interval, seconds)) {
      expected(p, "'daly', 'young' or a checkpoint interval of at most 100 days (600, 600 s, 10 min, 1 h)");
    }
  }

  // Rack capex is paid once in full: the three shares sum to 100%. Blamed on the last share stated.
  void check_rack_payment() {
    const models::PaymentTerms& t = s_.finance.rack_payment;
    if (models::payment_terms_valid(t)) return;
    const std::string p = "finance.rack_payment";
    if (!p_.origins.stated(p) || !usable_path(p)) return;
    std::string last;
    for (const char* key : {"at_order", "at_delivery", "at_acceptance"}) {
      const std::string kp = child_path(p, key);
      if (!usable_path(kp)) return;
      if (p_.origins.stated(kp)) last = kp;
    }
    const Origin& where = last.empty() ? at(p).key_at : at(last).at;
    error(where, last.empty() ? p : last,
          "rack payment shares sum to " + percent(t.at_order + t.at_delivery + t.at_acceptance) + " (at_order " +
              percent(t.at_order) + ", at_delivery " + percent(t.at_delivery) + ", at_acceptance " +
              percent(t.at_acceptance) + "); they must sum to 100%");
  }

  void check_investment_names() {
    Names names;
    for (std::size_t i = 0; i < s_.finance.investments.size(); ++i) {
      const std::string ip = item_path("finance.investments", i);
      if (usable_path(ip) && usable_path(child_path(ip, "name"))) {
        names.add(*this, s_.finance.investments[i].name, child_path(ip, "name"), "investment name");
      }
    }
  }

  // Supply lines named once; each order names a defined line and a grid point of its site; generation fleets
  // named once per site.
  void check_power_levers() {
    Names lines;
    for (std::size_t i = 0; i < s_.equipment.supply_lines.size(); ++i) {
      const std::string np = child_path(item_path("equipment.supply_lines", i), "name");
      if (usable_path(np)) lines.add(*this, s_.equipment.supply_lines[i].name, np, "supply line name");
    }
    const std::vector<std::string_view> known = lines.names();
    auto check_line = [&](const std::string& name, const std::string& path) {
      if (!usable_path(path) || lines.contains(name)) return;
      error(at(path).at, path,
            "unknown supply line '" + name + "'" +
                (known.empty() ? std::string(" (equipment.supply_lines defines none)")
                               : suggestion_suffix(name, known)));
    };
    auto check_step = [&](std::size_t site, std::size_t step, const std::string& path) {
      const std::size_t points = s_.sites[site].grid_capacity_w.points().size();
      if (!usable_path(path) || step < points) return;
      expected(path, "a grid point of the site (1 to " + std::to_string(points) + ")");
    };
    for (std::size_t i = 0; i < s_.sites.size(); ++i) {
      const Site& site = s_.sites[i];
      const std::string sp = item_path("sites", i);
      for (std::size_t k = 0; k < site.grid_equipment.size(); ++k) {
        const std::string op = item_path(child_path(sp, "grid_equipment"), k);
        check_line(site.grid_equipment[k].line, child_path(op, "line"));
        check_step(i, site.grid_equipment[k].grid_step, child_path(op, "step"));
      }
      Names fleets;
      for (std::size_t f = 0; f < site.generation.size(); ++f) {
        const OnsiteGeneration& g = site.generation[f];
        const std::string gp = item_path(child_path(sp, "generation"), f);
        if (usable_path(child_path(gp, "name"))) fleets.add(*this, g.fleet.name, child_path(gp, "name"), "fleet name");
        if (g.from_line) check_line(g.order.line, child_path(gp, "line"));
        if (g.fleet.role == models::GenerationRole::kBridge) check_step(i, g.bridges_step, child_path(gp, "bridges"));
      }
    }
  }

  const Scenario& s_;
  const Provenance& p_;
  Diagnostics& out_;
  bool sampling_;
  bool clean_;
  bool catalog_ok_ = true;
  Names site_names_;
  std::set<std::string> unusable_site_names_;  // names that failed to read: no second error when referenced
  std::vector<Choice> uses_;                    // known platforms of tranches (each possible one)
  std::vector<std::size_t> tranche_of_use_;     // the tranche of each use
  std::set<std::string> supplied_;
  bool supply_read_ = false;
};

}  // namespace

void validate(const Scenario& scenario, const Provenance& provenance, Diagnostics& diagnostics) {
  Checker(scenario, provenance, diagnostics).run();
  if (provenance.drawn == nullptr && provenance.read_clean && !diagnostics.has_errors()) {
    check_plan(scenario, provenance, diagnostics);
  }
}

}  // namespace gwsim
