#include "sim/output/columns.hpp"

namespace gwsim {

const std::vector<std::string>& event_columns() {
  static const std::vector<std::string> columns{"date", "kind", "site", "item", "value", "unit", "value2", "unit2",
                                                "detail"};
  return columns;
}

}  // namespace gwsim
