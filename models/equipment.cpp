#include "models/equipment.hpp"

#include <algorithm>
#include <numeric>

#include "models/rate.hpp"

namespace gwsim::models {
namespace {

struct Slot {
  Date date;
  std::int64_t free = 0;
};

// The line's capacity as dated slots, ascending. A rate line is unrolled only as far as the orders need it.
class Capacity {
 public:
  explicit Capacity(const SupplyLine& line) : line_(line) {
    if (line.deliveries.empty()) return;
    std::vector<EquipmentDelivery> listed = line.deliveries;
    std::stable_sort(listed.begin(), listed.end(),
                     [](const EquipmentDelivery& a, const EquipmentDelivery& b) { return a.date < b.date; });
    for (const EquipmentDelivery& d : listed) {
      if (d.units <= 0) continue;
      if (!slots_.empty() && slots_.back().date == d.date) {
        slots_.back().free += d.units;
      } else {
        slots_.push_back(Slot{d.date, d.units});
      }
    }
    unrolled_days_ = kMaxProductionDays;  // nothing to unroll
  }

  // Index of the first slot dated on or after `earliest`, unrolling a rate line as needed; slots_.size() if none.
  std::size_t first_from(Date earliest) {
    for (;;) {
      auto it = std::lower_bound(slots_.begin(), slots_.end(), earliest,
                                 [](const Slot& s, Date d) { return s.date < d; });
      if (it != slots_.end()) return static_cast<std::size_t>(it - slots_.begin());
      if (!unroll_week()) return slots_.size();
    }
  }

  // Slot i, unrolling further when i is one past the end; false when the line has nothing more.
  bool has(std::size_t i) {
    while (i >= slots_.size()) {
      if (!unroll_week()) return false;
    }
    return true;
  }

  Slot& at(std::size_t i) { return slots_[i]; }

 private:
  bool unroll_week() {
    if (line_.units_per_week <= 0.0 || unrolled_days_ >= kMaxProductionDays) return false;
    const std::int32_t end = std::min(unrolled_days_ + 7, kMaxProductionDays);
    for (std::int32_t i = unrolled_days_; i < end; ++i) {
      const std::int64_t units = units_on_day(line_.units_per_week, i);
      if (units > 0) slots_.push_back(Slot{Date{line_.production_start.days + i}, units});
    }
    unrolled_days_ = end;
    return true;
  }

  const SupplyLine& line_;
  std::vector<Slot> slots_;
  std::int32_t unrolled_days_ = 0;
};

std::vector<std::size_t> allocation_order(std::span<const EquipmentOrder> orders, AllocationRule rule) {
  std::vector<std::size_t> order(orders.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    const EquipmentOrder& x = orders[a];
    const EquipmentOrder& y = orders[b];
    if (rule == AllocationRule::kPriorityThenDate && x.priority != y.priority) return x.priority < y.priority;
    return x.order_date < y.order_date;
  });
  return order;
}

}  // namespace

std::vector<OrderSchedule> allocate_supply(const SupplyLine& line, std::span<const EquipmentOrder> orders,
                                           AllocationRule rule) {
  std::vector<OrderSchedule> schedules(orders.size());
  Capacity capacity(line);
  for (const std::size_t k : allocation_order(orders, rule)) {
    const EquipmentOrder& order = orders[k];
    OrderSchedule& out = schedules[k];
    std::int64_t wanted = std::max<std::int64_t>(order.units, 0);
    const Date earliest = add_days(order.order_date, order.lead_time_days.value_or(line.lead_time_days));
    for (std::size_t i = capacity.first_from(earliest); wanted > 0 && capacity.has(i); ++i) {
      Slot& slot = capacity.at(i);
      const std::int64_t take = std::min(wanted, slot.free);
      if (take == 0) continue;
      slot.free -= take;
      wanted -= take;
      out.deliveries.push_back(EquipmentDelivery{slot.date, take});
      out.units_delivered += take;
    }
    out.units_short = wanted;
    if (wanted == 0 && !out.deliveries.empty()) out.last_delivery = out.deliveries.back().date;
    if (order.units <= 0) out.last_delivery = order.order_date;  // nothing to wait for
  }
  return schedules;
}

std::optional<Date> installed_date(const OrderSchedule& schedule, double installation_days) {
  if (!schedule.last_delivery) return std::nullopt;
  return add_days(*schedule.last_delivery, installation_days);
}

std::optional<Date> energization_date(Date interconnection_approval,
                                      std::span<const std::optional<Date>> equipment_installed) {
  Date latest = interconnection_approval;
  for (const std::optional<Date>& installed : equipment_installed) {
    if (!installed) return std::nullopt;
    latest = std::max(latest, *installed);
  }
  return latest;
}

}  // namespace gwsim::models
