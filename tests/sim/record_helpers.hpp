// Finding rows and events in a run's record, for the sim tests (no SimGrid).
#pragma once

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "sim/output/records.hpp"

namespace gwsim::testing {

// The row of `date` (and of `site`, empty for the fleet; of UTC `hour` in hourly runs, -1 otherwise).
inline const StateRow& row_at(const std::vector<StateRow>& rows, models::Date date, const std::string& site = "",
                              int hour = -1) {
  auto it = std::find_if(rows.begin(), rows.end(),
                         [&](const StateRow& r) { return r.date == date && r.site == site && r.hour == hour; });
  if (it == rows.end()) throw std::runtime_error("no row at " + models::to_iso(date));
  return *it;
}

inline const StateRow& row_at_hour(const std::vector<StateRow>& rows, models::Date date, int hour) {
  return row_at(rows, date, "", hour);
}

inline std::vector<Event> events_of(const RunRecord& r, EventKind kind) {
  std::vector<Event> out;
  std::copy_if(r.events.begin(), r.events.end(), std::back_inserter(out), [&](const Event& e) { return e.kind == kind; });
  return out;
}

}  // namespace gwsim::testing
