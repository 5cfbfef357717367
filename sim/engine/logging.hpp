// The engine's logger, "engine": messages on stderr stamped with the SIMULATED date, never the wall clock, so a
// log reads like the rollout's diary. Results never go to logs; they go to the output files.
#pragma once

#include <spdlog/logger.h>

#include <exception>
#include <memory>
#include <string>
#include <vector>

#include "models/date.hpp"

namespace gwsim::engine {

// Level: spdlog::level::warn by default; the CLI's -v gives info (milestones), -vv debug (every pod).
void configure_logging(spdlog::level::level_enum level);
// The simulated date that log lines show: the scenario start plus the engine's clock, which the engine provides
// (seconds since the start; none: the start itself), so that this logger needs no SimGrid.
void set_log_start_date(models::Date start);
void set_log_clock(double (*clock_s)());
spdlog::logger& engine_log();
// A part of a run that failed (an actor, or its part in the replication engine): logged, and added to `failures` as
// "WHO: WHAT".
void report_failure(std::vector<std::string>& failures, const std::string& who, const std::exception& e);

}  // namespace gwsim::engine
