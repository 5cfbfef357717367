// Plan contradictions, as warnings: a scenario that loads but whose plan cannot happen as written. Each check puts
// the scenario's own numbers through the same models the engine uses (models/rack_model.hpp, gw_basis.hpp,
// schedule.hpp, rate.hpp), on the template (a distribution at its representative value), after every rule of
// validate.cpp has passed:
//   - a tranche ordered after the end;
//   - a hall ready after the end, or too small to hold one rack of any platform its site gets;
//   - a supply line that opens after the end; the lines of a platform that cannot make and deliver the racks its
//     tranches order by the end at their rates;
//   - per site, the pods in line (the site's tranches in order) that the highest grid capacity of the run cannot
//     admit (racks_admitted_in_line), with its own message when only the substation loss and headroom keep the
//     last pods out; the racks its ready halls cannot hold (IT capacity, cooling capacity, or cooling kind); the
//     racks its crews cannot install by the end;
//   - a tranche ordered so long before its site's grid can carry its first pod that its racks would stand
//     commissioned and idle for want of power for more than kGridWaitWarnDays (earliest arrival against the first
//     day the grid admits the site's line through that pod);
//   - a long-lead equipment order (a grid step's, a generation fleet's) that its supply line cannot fill, or
//     installs only after the end, with every order of every site served as the engine serves them
//     (models/equipment.hpp, sim/engine/power_plan.cpp): its grid step is never energized, its fleet never runs;
//   - a rack capex or serving rate override for a platform no tranche uses (nor, for serving, the demand's
//     serving platform): it changes nothing, and is most likely meant for another platform.
// Each warning sits at the value a planner would change and says what that value allows against what the plan
// needs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/equipment.hpp"
#include "models/number_text.hpp"
#include "models/rack_model.hpp"
#include "models/rate.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/validate.hpp"

namespace gwsim {
namespace {

using ::models::with_commas;

// "1,234.5 MW", or kW below 1 MW.
std::string power(double w) {
  char buf[64];
  if (std::fabs(w) < 1e6) {
    std::snprintf(buf, sizeof buf, "%.1f kW", w / 1e3);
    return buf;
  }
  return with_commas(w / 1e6, 1) + " MW";
}

std::string percent(double fraction) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g%%", fraction * 100.0);
  return buf;
}

std::string racks(std::int64_t n) { return with_commas(n) + (n == 1 ? " rack" : " racks"); }

// Racks arriving this long before the grid can carry them are a plan contradiction worth a warning: half a year of
// capital built and idle (a planner would order later or bring the grid forward). Shorter waits are ordinary
// sequencing and show in the run's rack-days waiting for power.
constexpr std::int32_t kGridWaitWarnDays = 180;
// A hall this many times larger than its site's grid at its highest is taken for a unit slip, not a plan for a
// later grid: real campuses build halls in step with their interconnects.
constexpr double kHallOverGridFactor = 10.0;

// A tranche's racks at one of its sites, in the site's line.
struct PlannedLot {
  std::size_t tranche = 0;
  const models::Platform* platform = nullptr;
  std::int64_t racks = 0;
};

class PlanChecker {
 public:
  PlanChecker(const Scenario& s, const Provenance& p, Diagnostics& out) : s_(s), p_(p), out_(out) {}

  void run() {
    plan_lots();
    check_orders();
    check_tranche_sizes();
    check_halls();
    check_grid_steps();
    check_supply();
    for (std::size_t i = 0; i < s_.sites.size(); ++i) {
      if (lines_[i].empty()) continue;
      check_grid(i);
      check_hall_space(i);
      check_crews(i);
    }
    check_grid_waits();
    check_equipment();
    check_platform_overrides();
  }

 private:
  // Where a value was written; a value that was not (a default) is reported at the item that holds it.
  Origin origin(const std::string& path, const std::string& item) const {
    if (const FieldOrigin* o = p_.origins.find(path); o && o->at.source) return o->at;
    if (const FieldOrigin* o = p_.origins.find(item); o) return o->at;
    return Origin{};
  }
  void warn(const std::string& path, const std::string& item, const std::string& message) {
    out_.warn(origin(path, item), path, message);
  }
  static std::string tranche_path(std::size_t t) { return item_path("tranches", t); }
  static std::string site_path(std::size_t i) { return item_path("sites", i); }
  static std::string hall_path(std::size_t i, std::size_t h) { return item_path(child_path(site_path(i), "halls"), h); }

  models::Date hall_ready(const Hall& h) const {
    return models::add_days(h.construction_start, h.construction_days + h.fit_out_days);
  }

  // The lots of every tranche ordered by the end, at each of its sites, in line order (tranche order).
  void plan_lots() {
    lines_.resize(s_.sites.size());
    for (std::size_t t = 0; t < s_.tranches.size(); ++t) {
      const Tranche& tranche = s_.tranches[t];
      const models::Platform* platform = s_.catalog.find(tranche.platform);
      if (platform == nullptr || tranche.order_date > s_.end || tranche.sites.empty()) continue;
      const double share_w = tranche.target_power_w / static_cast<double>(tranche.sites.size());
      for (const std::string& name : tranche.sites) {
        for (std::size_t i = 0; i < s_.sites.size(); ++i) {
          if (s_.sites[i].name != name) continue;
          const std::int64_t n = models::racks_to_reach_power(s_.sites[i].power_chain(), *platform, share_w, s_.gw_basis);
          lines_[i].push_back({t, platform, n});
        }
      }
    }
  }

  void check_orders() {
    for (std::size_t t = 0; t < s_.tranches.size(); ++t) {
      const Tranche& tranche = s_.tranches[t];
      if (tranche.refresh.stated && tranche.refresh.order_ahead_days >= tranche.service_life_days) {
        const std::string path = child_path(child_path(tranche_path(t), "refresh"), "order_ahead");
        warn(path, tranche_path(t),
             "order_ahead is not shorter than the service life: " + tranche.name +
                 "-refresh is ordered the day after each site's first racks go live, years before anything "
                 "retires, and its racks wait on site for the space and power that only retirements free");
      }
    }
    for (std::size_t t = 0; t < s_.tranches.size(); ++t) {
      if (s_.tranches[t].order_date <= s_.end) continue;
      warn(child_path(tranche_path(t), "order_date"), tranche_path(t),
           "the order date " + models::to_iso(s_.tranches[t].order_date) + " is after the scenario's end (" +
               models::to_iso(s_.end) + "): the tranche is never ordered and none of its racks go live");
    }
  }

  // A tranche whose share per site is less than one rack: a unit slip (kW for MW or GW) orders a rack or two.
  void check_tranche_sizes() {
    for (std::size_t t = 0; t < s_.tranches.size(); ++t) {
      const Tranche& tranche = s_.tranches[t];
      const models::Platform* platform = s_.catalog.find(tranche.platform);
      if (platform == nullptr || tranche.sites.empty() || tranche.target_power_w <= 0.0) continue;
      const double share_w = tranche.target_power_w / static_cast<double>(tranche.sites.size());
      if (share_w >= platform->peak_power_w) continue;
      warn(child_path(tranche_path(t), "target_power"), tranche_path(t),
           tranche.name + " asks " + power(tranche.target_power_w) +
               (tranche.sites.size() > 1 ? ", " + power(share_w) + " per site," : ",") +
               " less than one " + platform->id + " rack at peak (" + power(platform->peak_power_w) +
               "): each site still gets a whole rack; a unit slip (kW for MW or GW)?");
    }
  }

  // Grid steps that carry less than one rack of the smallest platform their site gets: a unit slip (kW for MW).
  void check_grid_steps() {
    for (std::size_t i = 0; i < s_.sites.size(); ++i) {
      const Site& site = s_.sites[i];
      const models::Platform* smallest = nullptr;
      for (const PlannedLot& lot : lines_[i]) {
        if (smallest == nullptr || lot.platform->peak_power_w < smallest->peak_power_w) smallest = lot.platform;
      }
      if (smallest == nullptr) continue;
      const double rack_w = models::facility_power_per_rack(site.power_chain(), smallest->peak_power_w);
      const std::vector<models::SchedulePoint>& points = site.grid_capacity_w.points();
      for (std::size_t k = 0; k < points.size(); ++k) {
        const double w = points[k].value;
        if (w <= 0.0 || w >= rack_w) continue;
        const std::string step = item_path(child_path(site_path(i), "grid"), k);
        warn(child_path(step, "capacity"), step,
             "a grid step of " + power(w) + " carries less than one " + smallest->id + " rack (" + power(rack_w) +
                 " of facility power, with its non-GPU IT share and PUE); a unit slip (kW for MW)?");
      }
    }
  }

  // Halls ready after the end, halls that cannot hold one rack of the smallest platform their site gets, and halls
  // far larger than anything their site's grid will ever carry.
  void check_halls() {
    for (std::size_t i = 0; i < s_.sites.size(); ++i) {
      const Site& site = s_.sites[i];
      const models::Platform* smallest = nullptr;
      for (const PlannedLot& lot : lines_[i]) {
        if (smallest == nullptr || lot.platform->peak_power_w < smallest->peak_power_w) smallest = lot.platform;
      }
      const double grid_w = site.grid_capacity_w.highest(s_.start, s_.end);
      for (std::size_t h = 0; h < site.halls.size(); ++h) {
        const Hall& hall = site.halls[h];
        const std::string hp = hall_path(i, h);
        if (grid_w > 0.0 && hall.it_capacity_w > kHallOverGridFactor * grid_w) {
          warn(child_path(hp, "it_capacity"), hp,
               hall.name + " holds " + power(hall.it_capacity_w) + " of IT capacity, more than " +
                   with_commas(static_cast<std::int64_t>(kHallOverGridFactor)) + "x the most its site's grid reaches (" +
                   power(grid_w) + "); a unit slip (GW for MW)?");
        }
        if (hall_ready(hall) > s_.end) {
          warn(child_path(hp, "construction_start"), hp,
               hall.name + " is ready on " + models::to_iso(hall_ready(hall)) +
                   " (construction start + construction + fit-out), after the scenario's end (" +
                   models::to_iso(s_.end) + "): it never hosts a rack");
        }
        if (smallest == nullptr) continue;
        const bool cooling_tighter = hall.cooling_capacity_w < hall.it_capacity_w;
        const double limit_w = std::min(hall.it_capacity_w, hall.cooling_capacity_w);
        const double budget_w = models::hall_rack_power_budget_w(
            site.power_chain(), {hall.it_capacity_w, hall.cooling_capacity_w, hall.cooling});
        if (budget_w >= smallest->peak_power_w) continue;
        warn(child_path(hp, cooling_tighter ? "cooling_capacity" : "it_capacity"), hp,
             hall.name + " holds no rack: " + power(limit_w) + " of " + (cooling_tighter ? "cooling" : "IT") +
                 " capacity leaves " + power(budget_w) + " for GPU racks (" +
                 percent(site.power_fractions.non_gpu_it_share) + " non-GPU IT), less than one " + smallest->id +
                 " rack at peak (" + power(smallest->peak_power_w) + "); a unit slip (kW for MW)?");
      }
    }
  }

  // Supply lines that open after the end; per platform, racks ordered beyond what its lines make and deliver.
  void check_supply() {
    std::map<std::string, std::int64_t> ordered;
    std::map<std::string, models::Date> first_order;
    for (const std::vector<PlannedLot>& line : lines_) {
      for (const PlannedLot& lot : line) {
        ordered[lot.platform->id] += lot.racks;
        const models::Date order = s_.tranches[lot.tranche].order_date;
        auto [it, inserted] = first_order.emplace(lot.platform->id, order);
        if (!inserted) it->second = std::min(it->second, order);
      }
    }
    std::map<std::string, std::int64_t> deliverable;
    std::map<std::string, models::Date> first_day;  // the earliest day a line of the platform can make its racks
    std::map<std::string, std::size_t> first_line;  // of the platform's lines that open by the end
    for (std::size_t k = 0; k < s_.supply.size(); ++k) {
      const Supply& supply = s_.supply[k];
      const models::Platform* platform = s_.catalog.find(supply.platform);
      if (platform == nullptr) continue;
      const models::Date opens = std::max(supply.start, platform->available);
      const std::string sp = item_path("supply", k);
      if (opens > s_.end) {
        warn(child_path(sp, "start"), sp,
             "the line opens on " + models::to_iso(opens) +
                 (platform->available > supply.start ? " (" + platform->id + " ships from then)" : "") +
                 ", after the scenario's end (" + models::to_iso(s_.end) + "): it makes no racks");
        continue;
      }
      first_line.emplace(supply.platform, k);
      auto order = first_order.find(supply.platform);
      if (order == first_order.end()) continue;
      // Production follows an order from the next day; a rack made on day d arrives on d + max(1, lead time).
      const models::Date from = std::max({opens, models::Date{order->second.days + 1}, s_.start});
      const models::Date last{s_.end.days - std::max<std::int32_t>(1, static_cast<std::int32_t>(
                                                                      std::llround(supply.lead_time_days)))};
      auto [day, inserted] = first_day.emplace(supply.platform, from);
      if (!inserted) day->second = std::min(day->second, from);
      if (last >= from) {
        // Racks made on days from..last by a line open since `opens` (its rate may step).
        deliverable[supply.platform] +=
            models::cumulative_units(supply.racks_per_week, opens, models::days_between(opens, last) + 1) -
            models::cumulative_units(supply.racks_per_week, opens, models::days_between(opens, from));
      }
    }
    for (const auto& [id, n] : ordered) {
      auto line = first_line.find(id);
      if (line == first_line.end()) continue;
      const std::int64_t can = deliverable[id];
      if (can >= n) continue;
      const std::string sp = item_path("supply", line->second);
      warn(child_path(sp, "racks_per_week"), sp,
           "the " + id + " supply lines make and deliver at most " + racks(can) + " by the end (from " +
               models::to_iso(first_day[id]) + ", at their rates and lead times); the tranches order " + racks(n) +
               ": " + racks(n - can) + " never arrive");
    }
  }

  // The first lot of a site's line whose racks are not all among the first `admitted` racks.
  std::size_t first_lot_beyond(std::size_t i, std::int64_t admitted) const {
    std::int64_t sum = 0;
    for (const PlannedLot& lot : lines_[i]) {
      sum += lot.racks;
      if (sum > admitted) return lot.tranche;
    }
    return lines_[i].back().tranche;
  }

  std::vector<models::LineLot> line_of(std::size_t i) const {
    std::vector<models::LineLot> line;
    for (const PlannedLot& lot : lines_[i]) line.push_back({lot.platform, lot.racks});
    return line;
  }

  void check_grid(std::size_t i) {
    const Site& site = s_.sites[i];
    const models::PowerChain chain = site.power_chain();
    const std::vector<models::LineLot> line = line_of(i);
    const double highest_w = site.grid_capacity_w.highest(s_.start, s_.end);
    const std::int64_t admitted = models::racks_admitted_in_line(chain, highest_w, line, s_.pod_racks);
    std::int64_t total = 0;
    double need_w = 0.0;
    for (const models::LineLot& lot : line) {
      total += lot.racks;
      need_w += static_cast<double>(lot.racks) * models::facility_power_per_rack(chain, lot.platform->peak_power_w);
    }
    if (admitted >= total) return;
    const std::size_t t = first_lot_beyond(i, admitted);
    const std::string where = "'" + site.name + "'";
    const std::string carries = "its grid reaches at most " + power(highest_w) + " by the end, which carries " +
                                power(models::facility_limit_from_grid(chain, highest_w)) +
                                " of facility power after " + percent(chain.redundancy_headroom) +
                                " redundancy headroom and " + percent(chain.substation_loss) + " substation loss";
    // Within the grid's nameplate capacity but for the rounding of the last pod: the losses and headroom keep it out.
    double largest_pod_w = 0.0;
    for (const models::LineLot& lot : line) {
      largest_pod_w = std::max(largest_pod_w, static_cast<double>(std::min<std::int64_t>(s_.pod_racks, lot.racks)) *
                                                  models::facility_power_per_rack(chain, lot.platform->peak_power_w));
    }
    if (need_w <= highest_w + largest_pod_w) {
      const double raise = need_w / models::facility_limit_from_grid(chain, highest_w) - 1.0;
      warn(child_path(tranche_path(t), "target_power"), tranche_path(t),
           "sized so close to the grid of site " + where + " that its last pods never go live: the racks there need " +
               power(need_w) + " of facility power at peak; " + carries + ", so " + racks(total - admitted) +
               " of " + with_commas(total) + " stay out; raise the grid by " + percent(raise) +
               " or lower target_power");
      return;
    }
    warn(child_path(tranche_path(t), "target_power"), tranche_path(t),
         "site " + where + " cannot carry the tranches placed there: they need " + power(need_w) +
             " of facility power at peak (" + racks(total) + "); " + carries + ": " + racks(total - admitted) +
             " can never go live, from this tranche on");
  }

  // Racks of the site's line its halls ready by the end can hold, filled in line order as the engine installs them.
  std::int64_t racks_held_by_halls(std::size_t i, bool with_cooling) const {
    const Site& site = s_.sites[i];
    std::vector<double> used(site.halls.size(), 0.0);
    std::int64_t placed = 0;
    for (const PlannedLot& lot : lines_[i]) {
      std::int64_t left = lot.racks;
      for (std::size_t h = 0; h < site.halls.size() && left > 0; ++h) {
        const Hall& hall = site.halls[h];
        if (hall_ready(hall) > s_.end) continue;
        const models::HallLimits limits{hall.it_capacity_w, with_cooling ? hall.cooling_capacity_w : hall.it_capacity_w,
                                        hall.cooling};
        const std::int64_t n =
            std::min(left, models::racks_fitting_hall(site.power_chain(), *lot.platform, limits, used[h]));
        used[h] += static_cast<double>(n) * lot.platform->peak_power_w;
        left -= n;
        placed += n;
      }
    }
    return placed;
  }

  void check_hall_space(std::size_t i) {
    const Site& site = s_.sites[i];
    std::int64_t total = 0;
    double need_w = 0.0;
    for (const PlannedLot& lot : lines_[i]) {
      total += lot.racks;
      need_w += static_cast<double>(lot.racks) * lot.platform->peak_power_w;
    }
    const std::int64_t held = racks_held_by_halls(i, true);
    if (held >= total) return;
    const std::size_t t = first_lot_beyond(i, held);
    const std::string tp = tranche_path(t);
    const models::Platform& platform = *s_.catalog.find(s_.tranches[t].platform);
    const bool air_only = std::all_of(site.halls.begin(), site.halls.end(),
                                      [](const Hall& h) { return h.cooling == models::Cooling::kAir; });
    if (platform.cooling == models::Cooling::kLiquid && air_only) {
      warn(child_path(tp, "platform"), tp,
           platform.id + " racks need liquid cooling and every hall at site '" + site.name + "' is air-cooled: " +
               racks(total - held) + " can never be installed");
      return;
    }
    double it_w = 0.0, cooling_w = 0.0;
    for (const Hall& hall : site.halls) {
      if (hall_ready(hall) > s_.end) continue;
      it_w += hall.it_capacity_w;
      cooling_w += std::min(hall.it_capacity_w, hall.cooling_capacity_w);
    }
    const double share = 1.0 - site.power_fractions.non_gpu_it_share;
    const bool cooling_binds = racks_held_by_halls(i, false) > held;
    const std::string what = cooling_binds ? "cooling capacity (the heat they can reject: " + power(cooling_w) + ")"
                                           : "IT capacity (" + power(it_w) + ")";
    warn(child_path(tp, "target_power"), tp,
         "the halls at site '" + site.name + "' ready by the end cannot hold the racks placed there: their " + what +
             " leaves " + power((cooling_binds ? cooling_w : it_w) * share) + " for GPU racks at " +
             percent(site.power_fractions.non_gpu_it_share) + " non-GPU IT; the racks need " + power(need_w) +
             " at peak (" + racks(total) + "): " + racks(total - held) + " can never be installed, from this "
             "tranche on");
  }

  void check_crews(std::size_t i) {
    const Site& site = s_.sites[i];
    std::int64_t total = 0;
    for (const PlannedLot& lot : lines_[i]) total += lot.racks;
    const std::int64_t can =
        models::cumulative_units(site.install_racks_per_week, models::days_between(s_.start, s_.end) + 1);
    if (can >= total) return;
    warn(child_path(site_path(i), "install_racks_per_week"), site_path(i),
         "the crews install at most " + racks(can) + " from the start to the end at this rate; the tranches place " +
             racks(total) + " at site '" + site.name + "': " + racks(total - can) + " can never be installed");
  }

  // The earliest day any supply line of `platform` can deliver a rack ordered on `order`: production from the day
  // after the order (and the line's opening), arrival max(1, lead time) days later; nullopt without a line.
  std::optional<models::Date> earliest_arrival(const std::string& platform, models::Date order) const {
    std::optional<models::Date> best;
    for (const Supply& supply : s_.supply) {
      const models::Platform* p = s_.catalog.find(supply.platform);
      if (supply.platform != platform || p == nullptr) continue;
      const models::Date made = std::max({supply.start, p->available, models::Date{order.days + 1}});
      const models::Date arrives{made.days + std::max<std::int32_t>(1, static_cast<std::int32_t>(
                                                                         std::llround(supply.lead_time_days)))};
      if (!best || arrives < *best) best = arrives;
    }
    return best;
  }

  // The first day from `from` to the end on which site i's grid admits its line through `upto` racks; nullopt if
  // none (check_grid reports racks the grid never carries).
  std::optional<models::Date> grid_carries(std::size_t i, std::int64_t upto, models::Date from) const {
    std::vector<models::LineLot> line;
    std::int64_t sum = 0;
    for (const PlannedLot& lot : lines_[i]) {
      if (sum >= upto) break;
      const std::int64_t n = std::min(lot.racks, upto - sum);
      line.push_back({lot.platform, n});
      sum += n;
    }
    const models::PowerChain chain = s_.sites[i].power_chain();
    for (models::Date d = from; d <= s_.end; d = models::Date{d.days + 1}) {
      if (models::racks_admitted_in_line(chain, s_.sites[i].grid_capacity_w.value_at(d), line, s_.pod_racks) >= upto)
        return d;
    }
    return std::nullopt;
  }

  // Per tranche, the site where its first pod would wait longest for the grid after its earliest arrival.
  void check_grid_waits() {
    for (std::size_t t = 0; t < s_.tranches.size(); ++t) {
      std::int32_t worst = 0;
      std::string site, arrival, carried;
      for (std::size_t i = 0; i < s_.sites.size(); ++i) {
        std::int64_t before = 0;
        for (const PlannedLot& lot : lines_[i]) {
          if (lot.tranche != t) {
            before += lot.racks;
            continue;
          }
          const auto arrives = earliest_arrival(lot.platform->id, s_.tranches[t].order_date);
          if (!arrives || *arrives > s_.end) break;
          const auto grid = grid_carries(i, before + std::min<std::int64_t>(s_.pod_racks, lot.racks), *arrives);
          if (grid && models::days_between(*arrives, *grid) > worst) {
            worst = models::days_between(*arrives, *grid);
            site = s_.sites[i].name;
            arrival = models::to_iso(*arrives);
            carried = models::to_iso(*grid);
          }
          break;
        }
      }
      if (worst <= kGridWaitWarnDays) continue;
      warn(child_path(tranche_path(t), "order_date"), tranche_path(t),
           "ordered long before the grid can take it: its first racks can arrive at site '" + site + "' on " +
               arrival + " (order date, supply line and lead time), but the site's grid carries them (after the " +
               "tranches before it) only from " + carried + ", " + std::to_string(worst) + " days later: racks " +
               "would stand idle waiting for power (summary.json: binding_constraints.rack_days_held_grid); order " +
               "later or bring the grid forward");
    }
  }

  // Every equipment order, line by line, all sites together, as the engine's power plan serves them.
  void check_equipment() {
    for (const EquipmentLine& line : s_.equipment.supply_lines) {
      std::vector<models::EquipmentOrder> orders;
      std::vector<std::pair<std::string, std::string>> where;  // the order's item path, and what it is for
      for (std::size_t i = 0; i < s_.sites.size(); ++i) {
        const Site& site = s_.sites[i];
        for (std::size_t k = 0; k < site.grid_equipment.size(); ++k) {
          const EquipmentOrderSpec& o = site.grid_equipment[k];
          if (o.line != line.name) continue;
          orders.push_back({site.name, o.units, o.ordered, o.priority, std::nullopt});
          where.emplace_back(item_path(child_path(site_path(i), "grid_equipment"), k),
                             "grid step " + std::to_string(o.grid_step + 1) + " of site '" + site.name +
                                 "' is never energized in the run");
        }
        for (std::size_t f = 0; f < site.generation.size(); ++f) {
          const OnsiteGeneration& g = site.generation[f];
          if (!g.from_line || g.order.line != line.name) continue;
          orders.push_back({site.name, g.order.units, g.order.ordered, g.order.priority, std::nullopt});
          where.emplace_back(item_path(child_path(site_path(i), "generation"), f),
                             "generation '" + g.fleet.name + "' of site '" + site.name + "' never enters service");
        }
      }
      if (orders.empty()) continue;
      models::SupplyLine supply{line.name, line.units_per_week, line.from, line.deliveries, line.lead_time_days};
      const std::vector<models::OrderSchedule> schedules =
          models::allocate_supply(supply, orders, s_.equipment.allocation);
      for (std::size_t k = 0; k < orders.size(); ++k) {
        const std::optional<models::Date> installed = models::installed_date(schedules[k], line.installation_days);
        if (installed && *installed <= s_.end) continue;
        std::int64_t by_end = 0;
        for (const models::EquipmentDelivery& d : schedules[k].deliveries)
          if (d.date <= s_.end) by_end += d.units;
        const std::string& item = where[k].first;
        const std::string units = with_commas(orders[k].units);
        if (!installed) {
          warn(child_path(item, "units"), item,
               "the supply line '" + line.name + "' can deliver only " + with_commas(by_end) + " of the " + units +
                   " units ordered here (after its lead time, and the units that orders served before this one "
                   "take): " + where[k].second + "; add deliveries to the line, order earlier or order fewer");
        } else {
          warn(child_path(item, "ordered"), item,
               "the " + units + " '" + line.name + "' units ordered here are installed only on " +
                   models::to_iso(*installed) + " (lead time, the line's capacity and " +
                   with_commas(line.installation_days, 0) + " days of installation), after the scenario's end (" +
                   models::to_iso(s_.end) + "): " + where[k].second);
        }
      }
    }
  }

  void check_platform_overrides() {
    std::vector<std::string> used;
    for (const Tranche& t : s_.tranches)
      if (std::find(used.begin(), used.end(), t.platform) == used.end()) used.push_back(t.platform);
    std::string listed;
    for (const std::string& id : used) listed += (listed.empty() ? "" : ", ") + id;
    const auto unused = [&](const std::string& id, const std::string& path, const std::string& what) {
      if (std::find(used.begin(), used.end(), id) != used.end()) return;
      warn(child_path(path, "platform"), path,
           "no tranche uses " + id + " (they use " + (listed.empty() ? "none" : listed) + "): this " + what +
               " changes nothing; a different platform meant?");
    };
    for (std::size_t k = 0; k < s_.finance.rack_capex.size(); ++k)
      unused(s_.finance.rack_capex[k].platform, item_path("finance.rack_capex", k), "rack capex override");
    for (std::size_t k = 0; k < s_.finance.revenue.prices.size(); ++k)
      unused(s_.finance.revenue.prices[k].platform, item_path("finance.revenue.prices", k), "price override");
    if (s_.demand.stated) used.push_back(s_.demand.serving_platform);
    for (std::size_t k = 0; k < s_.serving_rates.size(); ++k)
      unused(s_.serving_rates[k].platform, item_path("serving.tokens_per_s", k), "serving rate override");
    for (std::size_t k = 0; k < s_.realized_fractions.size(); ++k)
      unused(s_.realized_fractions[k].platform, item_path("serving.realized_fraction_by_platform", k),
             "realized fraction override");
  }

  const Scenario& s_;
  const Provenance& p_;
  Diagnostics& out_;
  std::vector<std::vector<PlannedLot>> lines_;  // per site
};

}  // namespace

void check_plan(const Scenario& scenario, const Provenance& provenance, Diagnostics& warnings) {
  PlanChecker(scenario, provenance, warnings).run();
}

}  // namespace gwsim
