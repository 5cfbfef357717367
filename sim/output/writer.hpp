// Writes a run's files into a folder: timeline.csv, sites.csv, events.csv, finance.csv, summary.json. The five are
// switched in as one set (sim/io/atomic_output.hpp): a failed or killed run leaves the folder's old set, never a mix, and the
// folder's other entries (a report/ subfolder, the user's notes) are kept.
//
// Each file goes to disk in pieces of about 1 MiB as it is rendered, never whole in memory; `gwsim run` also
// writes sites.csv while the engine runs, a step's rows at a time (RunWriter), so that a long hourly run never
// holds its sites' rows. Every piece goes into the private staging folder: nothing is in the output folder
// before the switch.
#pragma once

#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "sim/output/records.hpp"

namespace gwsim {

struct Manifest {
  std::string gwsim_version;
  std::string simgrid_version;
  std::string scenario_name;
  std::string scenario_file;
  std::string scenario_sha256;
  std::vector<std::pair<std::string, std::string>> inputs;  // (path, SHA-256) of every file read, in order
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
  // refused: the folder may not be used (exit 2); otherwise the system failed (exit 1).
  OutputError(const std::string& what, bool refused_ = false) : std::runtime_error(what), refused(refused_) {}
  bool refused;
};

// The files a run writes, in order; the rest of its folder is left alone.
inline constexpr const char* kRunFiles[] = {"timeline.csv", "sites.csv", "events.csv", "finance.csv",
                                            "summary.json"};
// Whether an entry of a run's folder is gwsim's: a run file (or a temporary an older gwsim left for one).
bool is_run_file(std::string_view name);

std::string timeline_csv(const RunRecord& record);
std::string sites_csv(const RunRecord& record);
std::string events_csv(const RunRecord& record);
std::string finance_csv(const RunRecord& record);
std::string summary_json(const RunRecord& record, const Manifest& manifest);

// Creates or replaces the run's files in dir. Returns notes on stale stagings of killed runs that were cleaned up.
// Throws OutputError with the path and the system's reason when the files cannot be written.
std::vector<std::string> write_outputs(const std::string& dir, const RunRecord& record, const Manifest& manifest);

// The same, for a run whose sites' rows are written as the engine produces them (SiteRowSink, records.hpp): made
// before the run, it stages the folder and starts sites.csv; add_site_rows() appends each step's rows; finish()
// writes the other four files from the record and switches the five in. Destroyed without a finish() that
// returned (the run failed, was stopped, or the files could not be written), it removes what it staged: the
// folder keeps its earlier files.
class RunWriter {
 public:
  // Stages the folder (made if missing) and writes sites.csv's header. Throws OutputError.
  explicit RunWriter(const std::string& dir);
  RunWriter(const RunWriter&) = delete;
  RunWriter& operator=(const RunWriter&) = delete;
  ~RunWriter();

  // Appends rows to sites.csv, in order. Never throws: a failure to write (a full disk) is kept and thrown by
  // finish(), and the rows after it are dropped.
  void add_site_rows(std::span<const StateRow> rows) noexcept;
  // Completes sites.csv, writes timeline.csv, events.csv, finance.csv and summary.json and switches the five in.
  // Returns notes on stale stagings of killed runs that were cleaned up. Throws OutputError.
  std::vector<std::string> finish(const RunRecord& record, const Manifest& manifest);

 private:
  struct Staging;
  std::unique_ptr<Staging> staging_;
};

// The one-screen summary printed after a run.
std::string summary_text(const RunRecord& record, const Manifest& manifest, const std::string& dir);

}  // namespace gwsim
