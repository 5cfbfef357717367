// Fleet health through the gwsim command: `reliability.enabled: false` gives exactly the outputs of a run without
// failures, the same seed gives byte-identical outputs, and a bad value is refused (exit 2, nothing written).
// tests/data/reliability_off/ holds the CSV files gwsim wrote for two shipped scenarios before failures existed
// (the commit this test came with: the runs of its parent); the columns they have must come out the same, cell for
// cell, with failures switched off.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;

gwsim::testing::CommandResult gwsim(const std::string& args) {
  return gwsim::testing::run_command(std::string(GWSIM_BINARY) + " " + args);
}

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("gwsim-reliability-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  for (char c : text) {
    if (quoted) {
      if (c == '"') quoted = false;
      else cell += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(cell);
      cell.clear();
    } else if (c == '\n') {
      row.push_back(cell);
      rows.push_back(row);
      row.clear();
      cell.clear();
    } else {
      cell += c;
    }
  }
  return rows;
}

// The new file's columns named in the old file's header, in the old order: equal cell for cell.
void expect_same_columns(const fs::path& before, const fs::path& now) {
  const auto old_rows = csv_rows(gwsim::testing::read_text(before));
  const auto new_rows = csv_rows(gwsim::testing::read_text(now));
  ASSERT_FALSE(old_rows.empty());
  ASSERT_EQ(old_rows.size(), new_rows.size()) << now;
  std::vector<std::size_t> index;
  for (const std::string& name : old_rows[0]) {
    std::size_t k = 0;
    while (k < new_rows[0].size() && new_rows[0][k] != name) ++k;
    ASSERT_LT(k, new_rows[0].size()) << "column " << name << " is gone from " << now;
    index.push_back(k);
  }
  for (std::size_t r = 1; r < old_rows.size(); ++r) {
    for (std::size_t c = 0; c < index.size(); ++c) {
      ASSERT_EQ(new_rows[r][index[c]], old_rows[r][c]) << now << " row " << r << " column " << old_rows[0][c];
    }
  }
}

TEST(ReliabilityCli, DisabledGivesTheOutputsOfARunWithoutFailures) {
  const fs::path ft = fresh_dir("ft");
  ASSERT_EQ(gwsim("run scenarios/first-tranche-2026.yaml --step 1w --set reliability.enabled=false -q -o " +
                  ft.string())
                .exit_code,
            0);
  for (const char* file : {"timeline.csv", "sites.csv", "finance.csv", "events.csv"}) {
    expect_same_columns(fs::path("tests/data/reliability_off/first-tranche-2026-1w") / file, ft / file);
  }
  const fs::path gw = fresh_dir("gw10");
  ASSERT_EQ(
      // gw1's service life set past the end: no racks retire and its refresh is never ordered (the files before
      // failures had no lifecycle either); Rubin Ultra at the package-hour price the catalog had then.
      gwsim("run scenarios/rollout-10gw.yaml --step 1mo --set reliability.enabled=false --set "
            "'tranches[gw1].service_life=100 years' --set 'finance.revenue.prices=[{platform: rubin_ultra_nvl576, "
            "price_per_package_hour: $14.20}]' -q -o " + gw.string())
          .exit_code,
      0);
  for (const char* file : {"timeline.csv", "finance.csv"}) {
    expect_same_columns(fs::path("tests/data/reliability_off/rollout-10gw-1mo") / file, gw / file);
  }
  fs::remove_all(ft);
  fs::remove_all(gw);
}

TEST(ReliabilityCli, SameSeedSameBytes) {
  const fs::path a = fresh_dir("a");
  const fs::path b = fresh_dir("b");
  const std::string args = "run scenarios/first-tranche-2026.yaml --step 1w --seed 11 -q -o ";
  ASSERT_EQ(gwsim(args + a.string()).exit_code, 0);
  ASSERT_EQ(gwsim(args + b.string()).exit_code, 0);
  for (const char* file : {"timeline.csv", "sites.csv", "finance.csv", "events.csv", "summary.json"}) {
    EXPECT_EQ(gwsim::testing::read_text(a / file), gwsim::testing::read_text(b / file)) << file;
  }
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(ReliabilityCli, BadValuesAreRefusedAndNothingIsWritten) {
  for (const char* bad : {"tests/data/invalid/reliability_spares_share_above_one.yaml",
                          "tests/data/invalid/reliability_bad_interval.yaml",
                          "tests/data/invalid/custom_catalog_negative_failure_rate.yaml"}) {
    const fs::path out = fresh_dir("bad");
    const auto r = gwsim(std::string("run ") + bad + " -q -o " + out.string());
    EXPECT_EQ(r.exit_code, 2) << bad;
    EXPECT_NE(r.out.find("error:"), std::string::npos) << bad;
    EXPECT_FALSE(fs::exists(out)) << bad;
  }
  const auto r = gwsim("run scenarios/first-tranche-2026.yaml --set reliability.spares_share=-1% -q -o " +
                       fresh_dir("set").string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("reliability.spares_share"), std::string::npos) << r.out;
}

}  // namespace
