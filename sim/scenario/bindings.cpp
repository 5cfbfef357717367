#include "sim/scenario/bindings.hpp"

#include <utility>
#include <vector>

namespace gwsim {

models::Schedule schedule_of(const Field& field, std::vector<models::SchedulePoint> points) {
  const double initial = field.starts_at_first && !points.empty() ? points.front().value : 0.0;
  return models::Schedule(initial, std::move(points));
}

void apply(const Binding& b, Scenario& s, const DrawnValue& drawn) {
  switch (b.target) {
    case Binding::Target::kValue: {
      Value v;
      v.number = drawn.number;
      v.text = drawn.name;
      b.field->set(s, b.place, v);
      return;
    }
    case Binding::Target::kProfileValue:
      b.field->profile(s, b.place.parent()).values[b.place.last()] = drawn.number;
      return;
    case Binding::Target::kScheduleValue:
      b.field->schedule(s, b.place) = models::Schedule(drawn.number, {});
      return;
    case Binding::Target::kSchedulePoint: {
      // A schedule is immutable (it keeps each ramp's start level): rebuild it with the drawn point.
      models::Schedule& schedule = b.field->schedule(s, b.place.parent());
      std::vector<models::SchedulePoint> points = schedule.points();
      models::SchedulePoint& point = points[b.place.last()];
      switch (b.part) {
        case PointPart::kFrom:
          point.from = models::Date{static_cast<std::int32_t>(drawn.number)};
          break;
        case PointPart::kValue:
          point.value = drawn.number;
          break;
        case PointPart::kRamp:
          point.ramp_days = drawn.number;
          break;
        case PointPart::kNone:
          break;
      }
      schedule = schedule_of(*b.field, std::move(points));
      return;
    }
  }
}

}  // namespace gwsim
