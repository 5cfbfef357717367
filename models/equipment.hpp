// Long-lead equipment (power transformers, GSUs, gas turbines) as a supply shared by every site that orders it.
//
// A supply line is either a production rate r units/week from a start date s, or a list of deliveries (date,
// units). Either way it offers capacity c(d) units on day d:
//   rate:  c(d) = units_on_day(r, d - s) for d >= s (models/rate.hpp: whole units, no drift), else 0;
//   list:  c(d) = the units listed for d (several entries on one date add up).
// An order (site, units n, order date o, priority p) can take units from day e = o + L on, where L is the lead
// time in days (order to delivery with free capacity: design, build, test, transport; the line's value, or the
// order's own when a scenario draws one per order), rounded to whole days. Orders are served one after another in
// allocation order, each taking the earliest capacity it can until it has its n units:
//   first_come_first_served:  by order date o;
//   priority_then_date:       by priority p (1 before 2), then by order date o;
//   ties (same key):          the order listed first is served first (a stable sort of the listed orders).
// A later-served order still takes capacity that earlier-served orders could not (dated before their e). Capacity
// that no order takes on its day is lost: it goes to other buyers, the line keeps no stock for later orders.
// A rate line runs at most kMaxProductionDays after its start; a list line has what it lists. An order the line
// cannot fill is short: it has no last delivery date. An order for no units is complete on its order date.
//   installed date   = last delivery + installation duration (days, rounded)
//   energization     = max(interconnection approval, installed date of every piece of equipment the grid step
//                      needs); never, if any of them is never installed.
// Why a lead time and a rate both: the lead time is what one order waits with the factory free; the rate is the
// capacity the build's orders share, so contention between sites shows as extra waiting. A market lead time
// (Wood Mackenzie's 128 weeks for power transformers) already includes the market's backlog: use it with a line of
// ample capacity, or with the deliveries a supplier has promised, not with a tight rate as well.
// Typical lead times (no default in configs/ yet): large power transformers 128 weeks, generator step-up units
// 144 weeks, averages of Wood Mackenzie's Q2 2025 survey [A]; up to 4 years for the largest units [A].
//
// Worked example (checked by tests/unit/equipment_test.cpp): transformers at 1 unit/week from 2026-01-01, lead
// time 28 days. Units come off the line on the 7th day of each week: 01-07, 01-14, 01-21, 01-28, 02-04, 02-11,
// 02-18, 02-25, ... Site B orders 2 units on 2025-12-25 (e = 01-22); site A orders 3 on 2026-01-01 (e = 01-29).
//   first come first served: B (ordered first) takes 01-28, 02-04; A takes 02-11, 02-18, 02-25.
//                            (02-04 would suit A, but B has it; 01-07..01-21 suit nobody and are lost.)
//   priority A = 1, B = 2:   A takes 02-04, 02-11, 02-18; B takes 01-28, then 02-25 (the next free unit).
// Under first come first served A's last unit arrives 02-25; installed 30 days later, 03-27. A grid step approved
// for 2026-03-01 energizes on 03-27; one approved for 04-15 energizes on 04-15.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "models/date.hpp"

namespace gwsim::models {

// About 100 years: a rate line that has not filled an order by then never will within any scenario.
inline constexpr std::int32_t kMaxProductionDays = 36525;

struct EquipmentDelivery {
  Date date;
  std::int64_t units = 0;
  friend bool operator==(const EquipmentDelivery&, const EquipmentDelivery&) = default;
};

struct SupplyLine {
  std::string name;                        // e.g. "power_transformers"
  double units_per_week = 0.0;             // production rate (used when `deliveries` is empty)
  Date production_start;                   // first day of production at that rate
  std::vector<EquipmentDelivery> deliveries;  // a list of deliveries instead of a rate (any date order)
  double lead_time_days = 0.0;             // order to delivery with free capacity
};

struct EquipmentOrder {
  std::string site;  // for the caller's reports; allocation does not look at it
  std::int64_t units = 0;
  Date order_date;
  int priority = 0;                           // priority_then_date: smaller is served first
  std::optional<double> lead_time_days;       // this order's own drawn lead time, else the line's
};

enum class AllocationRule { kFirstComeFirstServed, kPriorityThenDate };

struct OrderSchedule {
  std::vector<EquipmentDelivery> deliveries;  // ascending dates
  std::int64_t units_delivered = 0;
  std::int64_t units_short = 0;     // units the line could not deliver
  std::optional<Date> last_delivery;  // the day the order's last unit arrives; none while short
};

// One schedule per order, in the orders' listed order.
std::vector<OrderSchedule> allocate_supply(const SupplyLine& line, std::span<const EquipmentOrder> orders,
                                           AllocationRule rule);

// Last delivery + installation duration; none when the order is short.
std::optional<Date> installed_date(const OrderSchedule& schedule, double installation_days);

// The later of the approval date and every installed date; none if any equipment is never installed.
std::optional<Date> energization_date(Date interconnection_approval,
                                      std::span<const std::optional<Date>> equipment_installed);

}  // namespace gwsim::models
