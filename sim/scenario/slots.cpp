// Compiled with -ffp-contract=off (sim/scenario/CMakeLists.txt), like sampling.cpp: drawn values are computed here.
#include "sim/scenario/slots.hpp"

#include <cmath>

#include "sim/scenario/sampling.hpp"

namespace gwsim {
namespace {

std::string quote(const std::string& text) { return "'" + text + "'"; }

// A day number outside every date a scenario accepts, for offsets beyond any calendar.
constexpr double kFarOffsetDays = 1e8;

}  // namespace

double offset_day(models::Date base, double offset_days) {
  if (!(std::fabs(offset_days) < kFarOffsetDays)) return offset_days > 0 ? kFarOffsetDays : -kFarOffsetDays;
  return models::add_days(base, offset_days).days;
}

std::vector<DrawnValue> draw_values(const std::vector<ValueSlot>& slots, std::uint64_t seed,
                                    std::uint64_t replication) {
  std::vector<DrawnValue> out(slots.size());
  auto own = [&](const ValueSlot& v, DrawnValue& d) {
    const Distribution& dist = *v.distribution;
    std::size_t index = 0;
    d.number = dist.quantile(sampling::uniform01(seed, replication, v.stream), index);
    if (dist.quantity == Quantity::kName) d.name = dist.names[index];
  };
  auto text = [](const ValueSlot& v, const DrawnValue& d) {
    return v.quantity == Quantity::kName ? d.name : format_value(v.quantity, d.number);
  };
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const ValueSlot& v = slots[i];
    if (!v.shared) continue;
    own(v, out[i]);
    out[i].text = text(v, out[i]);
  }
  for (std::size_t i = 0; i < slots.size(); ++i) {
    const ValueSlot& v = slots[i];
    if (v.shared) continue;
    DrawnValue& d = out[i];
    if (v.offset) {
      double offset = 0.0;
      if (v.distribution) {
        DrawnValue x;
        own(v, x);
        offset = x.number;
      } else {
        offset = out[v.draw].number;
      }
      d.number = offset_day(v.base, offset);
      d.text = format_value(Quantity::kDate, d.number);
    } else if (v.distribution) {
      own(v, d);
      d.text = text(v, d);
    } else {
      d = out[v.draw];
    }
  }
  return out;
}

std::string value_problem(const ValueSlot& slot, double value, const std::string& found) {
  if (slot.shared) return {};
  if (slot.spec.kind == Kind::kDate) {
    static const double first = models::date_from_civil(1900, 1, 1).days;
    static const double last = models::date_from_civil(2200, 12, 31).days;
    if (value >= first && value <= last) return {};
    return "expected a date YYYY-MM-DD, found " + found + " (years 1900 to 2200 only)";
  }
  if (slot.quantity == Quantity::kName) return {};
  std::string what = outside_text(slot.spec, value);
  // An unbounded distribution (log-normal) can overflow: no field takes an infinite value.
  if (what.empty() && !std::isfinite(value)) {
    what = slot.spec.range.has_max
               ? std::string(kind_noun(slot.spec.kind)) + " <= " + std::string(slot.spec.range.max_text)
               : std::string("a finite value");
  }
  if (what.empty()) return {};
  return "expected " + what + ", found " + found;
}

std::string shown_checked(const ValueSlot& slot) {
  return quote(slot.expression) + " (checked at its " + slot.label + ", " + slot.representative.text + ")";
}

std::string shown_drawn(const ValueSlot& slot, const DrawnValue& drawn) {
  return quote(drawn.text) + " (drawn from " + quote(slot.expression) + ")";
}

}  // namespace gwsim
