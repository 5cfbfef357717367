// Sweep specs: point expansion, Latin hypercube, and errors located in the spec (exact texts).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "sim/sweep/lhs.hpp"
#include "sim/sweep/runner.hpp"
#include "sim/sweep/sweep_spec.hpp"

namespace gwsim::sweep {
namespace {

std::string all(const std::vector<Diagnostic>& errors) {
  std::string out;
  for (const Diagnostic& d : errors) out += d.format();
  return out;
}

TEST(SweepSpec, PointsAreWhatIfsTimesGrid) {
  const SpecResult r = load_sweep_spec("tests/data/sweeps/tiny-sweep.yaml");
  ASSERT_TRUE(r.spec) << all(r.errors);
  const SweepSpec& s = *r.spec;
  EXPECT_EQ(s.seed, 7u);
  EXPECT_EQ(s.replications, 6);
  EXPECT_EQ(s.scenario_path, "tests/data/sweeps/tiny.yaml");
  ASSERT_EQ(s.points.size(), 4u);  // 2 what-ifs x 2 grid values
  EXPECT_EQ(s.points[0].name, "base/supply[0].lead_time=1 week");
  EXPECT_EQ(s.points[1].name, "base/supply[0].lead_time=3 weeks");
  EXPECT_EQ(s.points[2].name, "pue-1.3/supply[0].lead_time=1 week");
  ASSERT_EQ(s.points[3].overrides.size(), 2u);
  EXPECT_EQ(s.points[3].overrides[0].text, "sites[0].pue=1.3");
  EXPECT_EQ(s.points[3].overrides[1].text, "supply[0].lead_time=3 weeks");
  EXPECT_TRUE(check_points(s).empty());
}

TEST(SweepSpec, ShardsPartitionThePlan) {
  const SpecResult r = load_sweep_spec("tests/data/sweeps/tiny-sweep.yaml");
  ASSERT_TRUE(r.spec);
  const auto whole = plan(*r.spec, Shard{0, 1});
  ASSERT_EQ(whole.size(), 24u);  // 4 points x 6 replications
  std::set<std::pair<std::int64_t, std::int64_t>> seen;
  std::size_t total = 0;
  for (std::int64_t i = 0; i < 5; ++i) {
    for (const auto& task : plan(*r.spec, Shard{i, 5})) {
      EXPECT_TRUE(seen.insert(task).second) << "a replication in two shards";
      ++total;
    }
  }
  EXPECT_EQ(total, whole.size());
  // Task t goes to shard t mod N: the 8th task (point 1, replication 1) is in shard 7 mod 5 = 2.
  const auto shard2 = plan(*r.spec, Shard{2, 5});
  EXPECT_NE(std::find(shard2.begin(), shard2.end(), std::make_pair<std::int64_t, std::int64_t>(1, 1)), shard2.end());
}

TEST(SweepSpec, ShardText) {
  ASSERT_TRUE(parse_shard("3/8"));
  EXPECT_EQ(parse_shard("3/8")->index, 3);
  EXPECT_EQ(parse_shard("3/8")->count, 8);
  for (const char* bad : {"8/8", "1/0", "-1/4", "1/", "/4", "a/4", "1:4", ""}) EXPECT_FALSE(parse_shard(bad)) << bad;
}

TEST(LatinHypercube, EveryStratumOnceInEveryDimension) {
  const LatinHypercube lhs(10, 3, 42);
  for (std::int64_t d = 0; d < 3; ++d) {
    std::set<int> strata;
    for (std::int64_t s = 0; s < 10; ++s) {
      const double v = lhs.value(s, d);
      ASSERT_GE(v, 0.0);
      ASSERT_LT(v, 1.0);
      strata.insert(static_cast<int>(v * 10));
    }
    EXPECT_EQ(strata.size(), 10u) << "dimension " << d;
  }
  // Same seed, same design; another seed, another design.
  EXPECT_EQ(LatinHypercube(10, 3, 42).value(4, 1), lhs.value(4, 1));
  EXPECT_NE(LatinHypercube(10, 3, 43).value(4, 1), lhs.value(4, 1));
}

TEST(SweepSpec, LhsPointsCarryValuesInTheirRange) {
  const auto dir = std::filesystem::temp_directory_path() / ("gwsim-lhs-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "s.yaml") << "name: lhs\nscenario: " << std::filesystem::absolute("tests/data/sweeps/tiny.yaml").string()
                                << "\nlhs:\n  samples: 5\n  parameters:\n"
                                   "    supply[0].racks_per_week: {min: 20, max: 70}\n"
                                   "    sites[0].commissioning: {min: 1 week, max: 3 weeks}\n";
  const SpecResult r = load_sweep_spec((dir / "s.yaml").string());
  ASSERT_TRUE(r.spec) << all(r.errors);
  ASSERT_EQ(r.spec->points.size(), 5u);
  std::set<int> strata;
  for (const Point& p : r.spec->points) {
    ASSERT_EQ(p.overrides.size(), 2u);
    const std::string v = p.overrides[0].text.substr(p.overrides[0].text.find('=') + 1);
    const double rate = std::stod(v);
    EXPECT_GE(rate, 20.0);
    EXPECT_LT(rate, 70.0);
    strata.insert(static_cast<int>((rate - 20.0) / 10.0));  // 5 strata of 10 racks/week
    EXPECT_TRUE(p.overrides[1].text.ends_with(" days")) << p.overrides[1].text;  // durations in days
  }
  EXPECT_EQ(strata.size(), 5u);
  EXPECT_TRUE(check_points(*r.spec).empty()) << all(check_points(*r.spec));
  std::filesystem::remove_all(dir);
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Each tests/data/sweeps/invalid/NAME.yaml gives exactly the messages in NAME.expected.
TEST(SweepSpec, InvalidSpecsGiveExactLocatedErrors) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator("tests/data/sweeps/invalid")) {
    if (entry.path().extension() != ".yaml") continue;
    const std::string path = "tests/data/sweeps/invalid/" + entry.path().filename().string();
    SpecResult r = load_sweep_spec(path);
    std::vector<Diagnostic> errors = r.errors;
    if (r.spec) errors = check_points(*r.spec);
    std::filesystem::path expected = entry.path();
    expected.replace_extension(".expected");
    EXPECT_EQ(all(errors), slurp(expected)) << path;
    ++checked;
  }
  EXPECT_GE(checked, 2);
}

}  // namespace
}  // namespace gwsim::sweep
