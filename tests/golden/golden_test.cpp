// Golden tier: the shipped scenarios against expected outputs kept in tests/golden/expected/, compared cell by
// cell with a numeric tolerance. When a model change moves the answers on purpose, regenerate them with
//   cmake --build build/release --target update-golden
// and review the diff of tests/golden/expected/ like any other change.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <algorithm>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;

// Absolute tolerance covers the last printed decimal; relative tolerance covers accumulated round-off.
constexpr double kAbsTolerance = 2e-3;
constexpr double kRelTolerance = 1e-9;

struct GoldenCase {
  std::string name;
  std::string args;
};

// Names the case in test listings instead of gtest's byte dump.
void PrintTo(const GoldenCase& c, std::ostream* os) { *os << c.name; }

const std::vector<GoldenCase>& cases() {
  static const std::vector<GoldenCase> all = {
      {"first-tranche-2026", "scenarios/first-tranche-2026.yaml --step 1w"},
      {"rollout-10gw", "scenarios/rollout-10gw.yaml --step 1w"},
      {"rollout-10gw-transformer-delay", "scenarios/rollout-10gw-transformer-delay.yaml --step 1mo"},
      {"rollout-10gw-2026-terms", "scenarios/rollout-10gw-2026-terms.yaml --step 1mo"},
  };
  return all;
}

const auto read = gwsim::testing::read_text;

std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string cell;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
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

bool as_number(const std::string& s, double& out) {
  if (s.empty()) return false;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return end == s.c_str() + s.size();
}

bool close(double a, double b) { return std::fabs(a - b) <= kAbsTolerance + kRelTolerance * std::fabs(b); }

void compare_csv(const std::string& file, const std::string& actual, const std::string& expected) {
  const auto a = parse_csv(actual), e = parse_csv(expected);
  ASSERT_EQ(a.size(), e.size()) << file << ": row count";
  int reported = 0;
  for (std::size_t r = 0; r < e.size() && reported < 10; ++r) {
    ASSERT_EQ(a[r].size(), e[r].size()) << file << " row " << r;
    for (std::size_t c = 0; c < e[r].size(); ++c) {
      double x = 0, y = 0;
      const bool same = (as_number(a[r][c], x) && as_number(e[r][c], y)) ? close(x, y) : a[r][c] == e[r][c];
      if (!same) {
        ADD_FAILURE() << file << " row " << r + 1 << " column '" << e[0][c] << "': got " << a[r][c] << ", expected "
                      << e[r][c];
        ++reported;
      }
    }
  }
}

void compare_json(const std::string& path, const nlohmann::json& a, const nlohmann::json& e) {
  if (path == "/manifest/gwsim_version" || path == "/manifest/simgrid_version") return;
  if (e.is_number() && a.is_number()) {
    EXPECT_TRUE(close(a.get<double>(), e.get<double>())) << path << ": got " << a << ", expected " << e;
  } else if (e.is_object() && a.is_object()) {
    EXPECT_EQ(a.size(), e.size()) << path;
    for (auto it = e.begin(); it != e.end(); ++it) {
      if (!a.contains(it.key())) {
        ADD_FAILURE() << path << "/" << it.key() << " missing";
        continue;
      }
      compare_json(path + "/" + it.key(), a[it.key()], it.value());
    }
  } else if (e.is_array() && a.is_array()) {
    ASSERT_EQ(a.size(), e.size()) << path;
    for (std::size_t i = 0; i < e.size(); ++i) compare_json(path + "/" + std::to_string(i), a[i], e[i]);
  } else {
    EXPECT_EQ(a, e) << path;
  }
}

class Golden : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(Golden, MatchesExpectedOutputs) {
  const GoldenCase& c = GetParam();
  const fs::path out = fs::temp_directory_path() / ("gwsim-golden-" + c.name + "-" + std::to_string(::getpid()));
  fs::remove_all(out);
  const std::string command = std::string(GWSIM_BINARY) + " run " + c.args + " --quiet -o " + out.string();
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << command;
  // Two routes to the IT energy, whatever the expected files say: SimGrid's energy plugin (each pod host's power
  // state and load) and the outputs' own integral. They differ by at most the 1 ms a pod idles between going live
  // and its first workload step.
  {
    const nlohmann::json check = nlohmann::json::parse(read(out / "summary.json"))["energy_check"];
    const double outputs = check["it_energy_mwh_outputs"].get<double>();
    const double plugin = check["it_energy_mwh_simgrid_plugin"].get<double>();
    EXPECT_NEAR(plugin, outputs, 1e-6 * std::max(1.0, outputs)) << c.name << ": summary.json energy_check";
  }
  const fs::path expected = fs::path("tests/golden/expected") / c.name;
  const char* files[] = {"timeline.csv", "sites.csv", "events.csv", "finance.csv", "summary.json"};
  if (std::getenv("GWSIM_UPDATE_GOLDEN")) {
    fs::create_directories(expected);
    for (const char* f : files) fs::copy_file(out / f, expected / f, fs::copy_options::overwrite_existing);
    fs::remove_all(out);
    GTEST_SKIP() << "updated " << expected;
  }
  for (const char* f : files) {
    ASSERT_TRUE(fs::exists(expected / f)) << (expected / f) << " missing: run the update-golden target";
    const std::string actual = read(out / f), wanted = read(expected / f);
    if (std::string(f).ends_with(".csv")) {
      compare_csv(f, actual, wanted);
    } else {
      compare_json("", nlohmann::json::parse(actual), nlohmann::json::parse(wanted));
    }
  }
  fs::remove_all(out);
}

INSTANTIATE_TEST_SUITE_P(Shipped, Golden, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<GoldenCase>& param_info) {
                           std::string n = param_info.param.name;
                           for (char& ch : n) {
                             if (ch == '-') ch = '_';
                           }
                           return n;
                         });

}  // namespace
