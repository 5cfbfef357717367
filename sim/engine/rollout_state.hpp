// The rollout's bookkeeping: racks of each tranche at each site as they are ordered, produced, delivered,
// installed, commissioned and brought live, and halls as they are built. The numbers come from models/
// (rates, rack fits, grid admission, power chain, capex); this file only moves racks between stages.
// SimGrid-free, so the engine's actors (engine.cpp) stay thin and the stepping is testable on its own.
//
// Within a simulated day the stages run in a fixed order, so no result depends on actor scheduling:
//   day start: tranches place orders; suppliers produce for orders placed on EARLIER days; racks produced on
//              day d with lead time L arrive on day d + max(1, round(L)); each site then takes its arrivals,
//              installs (crew quota, hall space), commissions, and brings whole pods live if the grid allows;
//   noon:      the fleet actor reads every site, fires milestones and investments, and samples the outputs
//              (energy projected to the end of the day: power is constant until the next day start).
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "models/gpu_count.hpp"
#include "sim/output/records.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim::engine {

struct Pod {
  std::size_t lot = 0;
  std::int64_t racks = 0;
  std::string host_name;
};

// The racks of one tranche at one site.
struct Lot {
  std::size_t tranche = 0;
  std::size_t site = 0;
  const models::Platform* platform = nullptr;
  models::Date order_date;
  std::int64_t ordered = 0;
  std::int64_t produced = 0;
  std::int64_t arrived = 0;
  std::int64_t installed = 0;
  std::int64_t commissioned = 0;
  std::int64_t live = 0;
  std::map<std::int32_t, std::int64_t> in_transit;               // arrival day -> racks
  std::deque<std::pair<std::int32_t, std::int64_t>> commissioning;  // ready day -> racks, in day order
  std::vector<std::size_t> pods;  // indices into RolloutState::pods, in commissioning order
  std::size_t pods_live = 0;
  std::optional<models::Date> first_live;
  std::optional<models::Date> fully_live;
};

struct HallState {
  const Hall* spec = nullptr;
  models::Date shell_done;
  models::Date ready;
  bool is_ready = false;
  double used_rack_power_w = 0.0;  // peak power of the GPU racks installed in it
};

struct SiteState {
  const Site* spec = nullptr;
  std::vector<HallState> halls;
  std::vector<std::size_t> lots;  // in tranche order
  std::vector<std::pair<const models::Platform*, std::int64_t>> live_by_platform;
  models::FleetCounts live;
  double live_capacity_w = 0.0;  // facility power of live racks at peak
  double rack_power_w = 0.0;     // current draw of live GPU racks
  double utilization = 0.0;
  double grid_capacity_w = 0.0;
  double rack_energy_j = 0.0;    // integral of rack_power_w up to last_change_s
  double last_change_s = 0.0;
  double capex_usd = 0.0;
  std::int64_t delivered = 0;
  std::int64_t installed = 0;
  HeldRacks held;
  Constraint binding = Constraint::kNone;

  double it_power_w() const;
  double facility_power_w() const;
  // Rack energy through `time_s`, assuming the current power holds until then.
  double rack_energy_at(double time_s) const { return rack_energy_j + rack_power_w * (time_s - last_change_s); }
};

struct RolloutState {
  const Scenario* scenario = nullptr;
  std::vector<Lot> lots;
  std::vector<Pod> pods;
  std::vector<SiteState> sites;
  std::vector<Event> events;

  explicit RolloutState(const Scenario& scenario);

  // Orders placed on or before `day` (a lot counts as ordered from its order date).
  std::int64_t ordered_at(const SiteState& site, models::Date day) const;
  // Supplier `supply_index` produces its racks for `day` and ships them to the lots first in line.
  void produce(std::size_t supply_index, models::Date day);
  // A site's day: arrivals, installation, commissioning, and whole pods going live. Returns the pods that went
  // live (indices into pods). `now_s` is the simulated time of the day start.
  std::vector<std::size_t> site_day(std::size_t site_index, models::Date day, double now_s);
  // Sets a site's utilization from the scenario schedule; returns true if it changed.
  bool update_utilization(std::size_t site_index, models::Date day, double now_s);

  // The next day after `day` on which a site's state can change: the next day while it has racks ordered and not
  // yet live (deliveries, crews, commissioning and the grid act daily); otherwise its next scheduled event (an
  // order date, a hall phase, a grid or utilization change). After the scenario's end: end + 1.
  models::Date next_site_day(std::size_t site_index, models::Date day) const;
  // The next day after `day` on which a supplier has an order to produce for, or nullopt when it has none left.
  std::optional<models::Date> next_supply_day(std::size_t supply_index, models::Date day) const;

  void add_event(models::Date day, std::string kind, std::string site, std::string detail);

 private:
  void recompute_power(SiteState& site);
};

}  // namespace gwsim::engine
