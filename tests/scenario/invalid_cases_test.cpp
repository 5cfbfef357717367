// Every tests/data/invalid/NAME.yaml must fail to load with exactly the diagnostics in NAME.expected (all of
// Diagnostic::format() concatenated). Paths are relative to the repository root, the tests' working directory.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/scenario/loader.hpp"

namespace gwsim {
namespace {

namespace fs = std::filesystem;

constexpr const char* kDir = "tests/data/invalid";

std::vector<std::string> case_names() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(fs::path(GWSIM_SOURCE_DIR) / kDir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".yaml") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class InvalidScenario : public ::testing::TestWithParam<std::string> {};

TEST_P(InvalidScenario, ReportsExactlyTheExpectedDiagnostics) {
  const std::string yaml = std::string(kDir) + "/" + GetParam() + ".yaml";
  const fs::path expected_path = fs::path(kDir) / (GetParam() + ".expected");
  ASSERT_TRUE(fs::exists(expected_path)) << "missing " << expected_path;
  const LoadResult r = load_scenario(yaml);
  std::string actual;
  for (const Diagnostic& d : r.errors) actual += d.format();
  EXPECT_FALSE(r.scenario.has_value());
  EXPECT_FALSE(r.errors.empty());
  EXPECT_EQ(actual, slurp(expected_path));
}

INSTANTIATE_TEST_SUITE_P(Files, InvalidScenario, ::testing::ValuesIn(case_names()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

TEST(InvalidScenarioFiles, AtLeastTwentyCasesEachWithExpectedOutput) {
  const std::vector<std::string> names = case_names();
  EXPECT_GE(names.size(), 20u);
  for (const fs::directory_entry& e : fs::directory_iterator(fs::path(GWSIM_SOURCE_DIR) / kDir)) {
    if (e.path().extension() == ".expected") {
      const std::string stem = e.path().stem().string();
      EXPECT_TRUE(std::find(names.begin(), names.end(), stem) != names.end()) << "orphan " << e.path();
    }
  }
}

}  // namespace
}  // namespace gwsim
