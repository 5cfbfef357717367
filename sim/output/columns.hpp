// The columns of timeline.csv and sites.csv, defined once: header, unit, meaning and formatting all come from
// here, and docs/outputs.md is checked against this list by a test.
#pragma once

#include <string>
#include <vector>

#include "sim/output/records.hpp"

namespace gwsim {

struct Column {
  std::string name;
  std::string unit;         // "racks", "MW", "MWh", "USD", "ISO 8601 date", ...
  std::string description;
  std::string (*format)(const StateRow& row);
};

const std::vector<Column>& timeline_columns();
const std::vector<Column>& site_columns();
// Column names of events.csv (what each kind puts in them: EventKindInfo, records.hpp).
const std::vector<std::string>& event_columns();

}  // namespace gwsim
