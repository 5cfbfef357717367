// What a run of the rollout returns, whichever engine played it (engine.hpp on SimGrid, replication.hpp without).
#pragma once

#include <string>
#include <vector>

#include "sim/output/records.hpp"

namespace gwsim::engine {

struct EngineResult {
  RunRecord record;
  std::vector<std::string> failures;  // exceptions caught inside actors; non-empty means an internal error
};

}  // namespace gwsim::engine
