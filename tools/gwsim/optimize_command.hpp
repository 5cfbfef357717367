// gwsim optimize: the command around sim/optimize (the spec, the search, the outputs) and its chart script. Kept
// out of main.cpp, which holds only its CLI11 definition.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace gwsim::cli {

struct OptimizeCliOptions {
  std::string spec;
  std::string out;
  std::string jobs;  // empty: one per core
  bool resume = false;
  std::string shard = "0/1";
  bool no_chart = false;
};

// Exit codes as the other commands': 0 done (a plan found or not), 2 bad input (nothing written), 1 a failure of
// the system. chart_script: tools/report/gwsim_pareto.py where the report script is.
int optimize_command(const OptimizeCliOptions& options, const std::filesystem::path& chart_script);

}  // namespace gwsim::cli
