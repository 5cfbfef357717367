// Value slots: what the expressions pass (expressions.hpp) makes of each distribution expression, and how a
// replication draws into them.
//
// A slot stands for one value of the scenario that is drawn: a field written as a distribution (path
// "sites[0].halls[1].construction"), or a shared draw (path "draws.NAME"). It keeps the field's own kind and range,
// so that a drawn value is checked where it is drawn, against the same limits as a value written out.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "models/date.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/distributions.hpp"
#include "sim/scenario/readers.hpp"

namespace gwsim {

struct ValueSlot {
  std::string path;        // dotted path, or "draws.NAME"
  std::string expression;  // as written
  Origin origin;
  Quantity quantity = Quantity::kNumber;
  ValueSpec spec;          // the field's kind and range (a shared draw has none: it is checked where it is used)
  bool shared = false;     // a draws: entry
  bool offset = false;     // DATE + X: base + X, rounded to the nearest day
  models::Date base;
  std::optional<Distribution> distribution;  // its own (the offset's for DATE + X); none for draw(NAME)
  std::size_t draw = 0;      // without a distribution: the index of the shared draw it takes
  std::uint64_t stream = 0;  // FNV-1a 64 of path
  std::string label;         // what the representative is: "mode", "midpoint", "mean", "median", "first value"
  DrawnValue representative;
};

// Draws every value of a template's slots (document order, shared draws' indices into the same vector) for
// (seed, replication). Same inputs, same values, on every machine (sampling.hpp).
std::vector<DrawnValue> draw_values(const std::vector<ValueSlot>& slots, std::uint64_t seed,
                                    std::uint64_t replication);

// base + offset days, rounded to the nearest day, as a day number; an offset beyond any calendar gives a day far
// outside the dates a scenario accepts (and is refused there) instead of overflowing.
double offset_day(models::Date base, double offset_days);

// The message for a value of the slot that its field refuses (outside the field's range; a date outside the years
// 1900 to 2200), with `found` as what was found; empty when the field takes it.
std::string value_problem(const ValueSlot& slot, double value, const std::string& found);

// How a message shows a slot's value: "'triangular(...)' (checked at its mode, 365.25 days)" while the template is
// checked, "'401.3 days' (drawn from 'triangular(...)')" in a replication.
std::string shown_checked(const ValueSlot& slot);
std::string shown_drawn(const ValueSlot& slot, const DrawnValue& drawn);

}  // namespace gwsim
