// Bindings: where each slot's value goes in the Scenario. The read pass records one when it reads a slot (and one
// more for each default that copies that field); sampling a replication copies the template's Scenario and writes
// each drawn value through its bindings, with the same setters the read pass used. Nothing is read again.
#pragma once

#include <cstdint>

#include "sim/scenario/distributions.hpp"
#include "sim/scenario/fields.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim {

struct Binding {
  enum class Target {
    kValue,          // field->set at place (a plain value; an element of a list)
    kProfileValue,   // element place.last() of field->profile at place.parent()
    kScheduleValue,  // field->schedule at place, one value for the whole run
    kSchedulePoint,  // part of point place.last() of field->schedule at place.parent()
  };
  std::uint32_t slot = 0;
  Target target = Target::kValue;
  const Field* field = nullptr;
  Place place;
  PointPart part = PointPart::kNone;  // kSchedulePoint
};

void apply(const Binding& binding, Scenario& scenario, const DrawnValue& value);

// A schedule as the read pass builds it from its points: before the first point, 0, or the first value when the
// field says so.
models::Schedule schedule_of(const Field& field, std::vector<models::SchedulePoint> points);

}  // namespace gwsim
