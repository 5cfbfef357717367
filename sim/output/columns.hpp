// The columns of events.csv. The state files' columns and summary.json's figures are in fields.hpp.
#pragma once

#include <string>
#include <vector>

namespace gwsim {

// Column names of events.csv (what each kind puts in them: EventKindInfo, records.hpp).
const std::vector<std::string>& event_columns();

}  // namespace gwsim
