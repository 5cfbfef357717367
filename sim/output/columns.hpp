// The columns of events.csv. The state files' columns and summary.json's figures are in fields.hpp.
#pragma once

#include <string>
#include <vector>

namespace gwsim {

// Fixed column names of events.csv.
const std::vector<std::string>& event_columns();

}  // namespace gwsim
