// Writes a run's files into a folder: timeline.csv, sites.csv, events.csv, summary.json. Each file is written
// to a temporary name in the folder and renamed into place, so a failed run leaves no half-written file.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "sim/output/records.hpp"

namespace gwsim {

struct Manifest {
  std::string gwsim_version;
  std::string simgrid_version;
  std::string scenario_name;
  std::string scenario_file;
  std::string scenario_sha256;
  std::vector<std::string> overrides;
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
  std::vector<std::pair<std::string, std::string>> draws;  // sampled values, see Scenario::draws
  std::string output_step;
  int pod_racks = 1;
  std::string start_date;
  std::string end_date;
};

struct OutputError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string timeline_csv(const RunRecord& record);
std::string sites_csv(const RunRecord& record);
std::string events_csv(const RunRecord& record);
std::string summary_json(const RunRecord& record, const Manifest& manifest);

// Throws OutputError with the path and the system's reason when a file cannot be written.
void write_outputs(const std::string& dir, const RunRecord& record, const Manifest& manifest);

// The one-screen summary printed after a run.
std::string summary_text(const RunRecord& record, const Manifest& manifest, const std::string& dir);

}  // namespace gwsim
