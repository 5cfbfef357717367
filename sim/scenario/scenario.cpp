#include "sim/scenario/scenario.hpp"

namespace gwsim {

std::string OutputStep::text() const {
  if (hours > 0) return std::to_string(hours) + "h";
  if (months > 0) return std::to_string(months) + "mo";
  if (days == 7) return "1w";
  return std::to_string(days) + "d";
}

}  // namespace gwsim
