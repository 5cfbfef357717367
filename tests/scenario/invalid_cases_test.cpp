// Every tests/data/invalid/NAME.yaml must fail to load with exactly the diagnostics in NAME.expected (all of
// Diagnostic::format() concatenated). Paths are relative to the repository root, the tests' working directory.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "sim/scenario/loader.hpp"
#include "tests/scenario/case_files.hpp"

namespace gwsim {
namespace {

namespace fs = std::filesystem;
using case_files::slurp;

constexpr const char* kDir = "tests/data/invalid";

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

INSTANTIATE_TEST_SUITE_P(Files, InvalidScenario, ::testing::ValuesIn(case_files::names(kDir)),
                         [](const ::testing::TestParamInfo<std::string>& param_info) { return param_info.param; });

TEST(InvalidScenarioFiles, AtLeastTwentyCasesEachWithExpectedOutput) {
  case_files::expect_cases_without_orphans(kDir, 20);
}

}  // namespace
}  // namespace gwsim
