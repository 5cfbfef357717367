// Running a built scenario on the engine (SimGrid), for the sim tests; rows and events: record_helpers.hpp.
#pragma once

#include <gtest/gtest.h>

#include "sim/engine/engine.hpp"
#include "tests/sim/record_helpers.hpp"

namespace gwsim::testing {

inline RunRecord run(const Scenario& s) {
  engine::EngineResult result = engine::run_simulation(s, {});
  EXPECT_TRUE(result.failures.empty()) << (result.failures.empty() ? "" : result.failures.front());
  return std::move(result.record);
}

}  // namespace gwsim::testing
