// Shared helpers of the results tests: scratch folders, a sweep identity and hand-made summary.json texts.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/sweep/results_store.hpp"

namespace gwsim::sweep::testing {

// A fresh folder per test, removed afterwards.
class ScratchDir {
 public:
  ScratchDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::temp_directory_path() /
            ("gwsim-results-" + std::string(info->test_suite_name()) + "-" + info->name() + "-" +
             std::to_string(::getpid()));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  std::string file(const std::string& name) const { return (path_ / name).string(); }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline SweepIdentity identity(std::int64_t points, std::int64_t replications, const std::string& sha = "aaa111") {
  SweepIdentity id;
  id.spec_sha256 = sha;
  id.spec_name = "pue-sweep";
  id.spec_text = "name: pue-sweep\nscenario: scenarios/first-tranche-2026.yaml\n";
  id.gwsim_version = "0.1.0";
  id.points = points;
  id.replications_per_point = replications;
  return id;
}

inline std::vector<PointRow> point_rows(std::int64_t points) {
  std::vector<PointRow> rows;
  for (std::int64_t p = 0; p < points; ++p)
    rows.push_back({p, "pue-1." + std::to_string(20 + p), {"sites[0].pue=1." + std::to_string(20 + p), "seed=7"}});
  return rows;
}

// The figures of a hand-made summary.json (the keys the reports read, laid out as the writer writes them).
struct Figures {
  std::optional<std::string> first_tokens;
  std::vector<std::string> gw_live;
  double live_capacity_mw = 0, racks = 0, energy_mwh = 0, capex_usd = 0, investment_usd = 0, peak_mw = 0;
  double share_grid = 0, share_buildings = 0;
};

inline std::string summary(const Figures& f) {
  auto number = [](double v) { return std::to_string(v); };
  std::string dates;
  for (std::size_t i = 0; i < f.gw_live.size(); ++i) dates += (i ? ", \"" : "\"") + f.gw_live[i] + "\"";
  return std::string("{\n  \"scenario\": \"first-tranche-2026\",\n") +
         "  \"first_tokens_date\": " + (f.first_tokens ? "\"" + *f.first_tokens + "\"" : "null") + ",\n" +
         "  \"gw_live_dates\": [" + dates + "],\n  \"tranches\": [],\n" +
         "  \"final\": {\"date\": \"2027-12-31\", \"racks\": " + number(f.racks) +
         ", \"gpu_packages\": " + number(f.racks * 72) + ", \"gpu_dies\": " + number(f.racks * 144) +
         ", \"pflops_fp8\": " + number(f.racks * 1200) + ", \"pflops_fp4\": " + number(f.racks * 3600) +
         ", \"live_capacity_mw\": " + number(f.live_capacity_mw) + ", \"energy_mwh\": " + number(f.energy_mwh) +
         ", \"capex_usd\": " + number(f.capex_usd) + ", \"investment_usd\": " + number(f.investment_usd) + "},\n" +
         "  \"peak_facility_power_mw\": " + number(f.peak_mw) + ",\n" +
         "  \"binding_constraints\": {\"days_with_racks_pending\": 100, \"days\": {}, \"shares\": {" +
         "\"grid_power\": " + number(f.share_grid) + ", \"buildings\": " + number(f.share_buildings) +
         ", \"install_crews\": 0.0, \"rack_supply\": 0.0, \"commissioning\": 0.0}},\n" +
         "  \"manifest\": {\"seed\": 1, \"replication\": 0}\n}\n";
}

inline ReplicationRow ok_row(std::int64_t point, std::int64_t replication, const Figures& f = {}) {
  ReplicationRow r;
  r.point = point;
  r.replication = replication;
  r.seed = 1000 + static_cast<std::uint64_t>(point * 100 + replication);
  r.status = ReplicationStatus::kOk;
  r.summary_json = summary(f);
  return r;
}

inline ReplicationRow failed_row(std::int64_t point, std::int64_t replication, ReplicationStatus status,
                                 const std::string& error) {
  ReplicationRow r;
  r.point = point;
  r.replication = replication;
  r.seed = 7;
  r.status = status;
  r.error = error;
  return r;
}

}  // namespace gwsim::sweep::testing
