// --set overrides: both path syntaxes, creating keys, appending, YAML values, and located errors.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "models/date.hpp"
#include "sim/scenario/loader.hpp"

namespace gwsim {
namespace {

constexpr const char* kMinimal = "tests/data/valid/minimal.yaml";

LoadResult load_with(std::vector<std::string> overrides) {
  return load_scenario(kMinimal, LoadOptions{std::move(overrides)});
}

std::string all(const LoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.errors) out += d.format();
  return out;
}

TEST(Overrides, BracketAndDotSyntaxAreEquivalent) {
  const LoadResult a = load_with({"sites[0].pue=1.4"});
  const LoadResult b = load_with({"sites.0.pue=1.4"});
  ASSERT_TRUE(a.scenario) << all(a);
  ASSERT_TRUE(b.scenario) << all(b);
  EXPECT_DOUBLE_EQ(a.scenario->sites[0].power_chain().pue, 1.4);
  EXPECT_DOUBLE_EQ(b.scenario->sites[0].power_chain().pue, 1.4);
  EXPECT_EQ(a.scenario->overrides, std::vector<std::string>{"sites[0].pue=1.4"});
}

TEST(Overrides, AppliedInOrder) {
  const LoadResult r = load_with({"seed=5", "seed=6"});
  ASSERT_TRUE(r.scenario) << all(r);
  EXPECT_EQ(r.scenario->seed, 6u);
  EXPECT_EQ(r.scenario->overrides.size(), 2u);
}

TEST(Overrides, CreatesMissingKeys) {
  const LoadResult r = load_with({"power_chain.substation_loss=2%", "finance.facility_capex_per_mw.other=$9M"});
  ASSERT_TRUE(r.scenario) << all(r);
  EXPECT_DOUBLE_EQ(r.scenario->sites[0].power_fractions.substation_loss, 0.02);
  EXPECT_DOUBLE_EQ(r.scenario->finance.facility_capex_per_mw.other_usd, 9e6);
}

TEST(Overrides, IndexOnePastTheEndAppends) {
  const LoadResult r = load_with({"sites[0].halls[1]={name: hall-2, it_capacity: 50 MW, construction_start: "
                                  "2026-01-01, construction: 6 months}",
                                  "sites[0].halls[1].cooling=air"});
  ASSERT_TRUE(r.scenario) << all(r);
  ASSERT_EQ(r.scenario->sites[0].halls.size(), 2u);
  EXPECT_EQ(r.scenario->sites[0].halls[1].name, "hall-2");
  EXPECT_EQ(r.scenario->sites[0].halls[1].cooling, models::Cooling::kAir);
  EXPECT_DOUBLE_EQ(r.scenario->sites[0].halls[1].it_capacity_w, 50e6);
}

TEST(Overrides, ValueIsParsedAsYaml) {
  const LoadResult r = load_with({"sites[0].grid=[{from: 2026-01-01, capacity: 1 GW}]"});
  ASSERT_TRUE(r.scenario) << all(r);
  const models::Schedule& grid = r.scenario->sites[0].grid_capacity_w;
  ASSERT_EQ(grid.points().size(), 1u);
  EXPECT_DOUBLE_EQ(grid.value_at(models::date_from_civil(2026, 1, 1)), 1e9);
}

TEST(Overrides, BadValueIsLocatedInTheArgument) {
  const LoadResult r = load_with({"sites[0].pue=0.9"});
  EXPECT_FALSE(r.scenario);
  EXPECT_EQ(all(r),
            "--set:1:14: error: sites[0].pue: expected a number >= 1.0, found '0.9'\n"
            "  sites[0].pue=0.9\n"
            "               ^\n");
}

TEST(Overrides, BadValueInsideAYamlValue) {
  const LoadResult r = load_with({"sites[0].grid=[{from: 2026-01-01, capacity: 1 gw}]"});
  EXPECT_EQ(all(r),
            "--set:1:45: error: sites[0].grid[0].capacity: expected a power with a unit (W, kW, MW, GW), found "
            "'1 gw'; did you mean 'GW'?\n"
            "  sites[0].grid=[{from: 2026-01-01, capacity: 1 gw}]\n"
            "                                              ^\n");
}

TEST(Overrides, UnknownKeyCreatedBySet) {
  const LoadResult r = load_with({"sites[0].halls[0].it_capcity=3 MW"});
  EXPECT_EQ(all(r),
            "--set:1:19: error: sites[0].halls[0].it_capcity: unknown key 'it_capcity'; did you mean "
            "'it_capacity'?\n"
            "  sites[0].halls[0].it_capcity=3 MW\n"
            "                    ^\n");
}

TEST(Overrides, BadIndex) {
  const LoadResult r = load_with({"sites[x].pue=1.3"});
  EXPECT_FALSE(r.scenario);
  EXPECT_EQ(all(r),
            "--set:1:6: error: expected an index such as [0], found '[x]'\n"
            "  sites[x].pue=1.3\n"
            "       ^\n");
}

TEST(Overrides, IndexOutOfRange) {
  const LoadResult r = load_with({"sites.3.pue=1.3"});
  EXPECT_EQ(all(r),
            "--set:1:7: error: sites: index 3 is out of range: the sequence has 1 item (use [1] to append)\n"
            "  sites.3.pue=1.3\n"
            "        ^\n");
}

TEST(Overrides, NoEquals) {
  const LoadResult r = load_with({"sites[0].pue"});
  EXPECT_EQ(all(r),
            "--set:1:1: error: expected 'dotted.path=value', found no '=' in 'sites[0].pue'\n"
            "  sites[0].pue\n"
            "  ^\n");
}

TEST(Overrides, EmptyPathAndEmptySegment) {
  EXPECT_EQ(all(load_with({"=1"})),
            "--set:1:1: error: expected a dotted path before '=', found nothing\n  =1\n  ^\n");
  EXPECT_EQ(all(load_with({"sites..pue=1"})),
            "--set:1:7: error: expected a key or an index, found an empty path segment\n  sites..pue=1\n        ^\n");
}

TEST(Overrides, KeyInsideAScalar) {
  EXPECT_EQ(all(load_with({"name.first=x"})),
            "--set:1:6: error: name: expected a map to hold key 'first', found a scalar ('minimal')\n"
            "  name.first=x\n"
            "       ^\n");
}

TEST(Overrides, YamlSyntaxErrorInValue) {
  const LoadResult r = load_with({"sites[0].grid=[{from: 2026-01-01"});
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].file, "--set");
  EXPECT_EQ(r.errors[0].line, 1);
  EXPECT_GE(r.errors[0].column, 15);
  EXPECT_TRUE(r.errors[0].message.starts_with("invalid YAML: ")) << r.errors[0].message;
}

TEST(Overrides, ExtendsCannotBeSet) {
  EXPECT_EQ(all(load_with({"extends=other.yaml"})),
            "--set:1:1: error: extends: cannot be set with --set: overrides apply after extends: is resolved\n"
            "  extends=other.yaml\n"
            "  ^\n");
}

TEST(Overrides, ErrorsComeAfterTheFilesErrors) {
  const LoadResult r = load_scenario("tests/data/invalid/pue_out_of_range.yaml", LoadOptions{{"seed=-1"}});
  ASSERT_EQ(r.errors.size(), 2u);
  EXPECT_EQ(r.errors[0].file, "tests/data/invalid/pue_out_of_range.yaml");
  EXPECT_EQ(r.errors[1].file, "--set");
  EXPECT_EQ(r.errors[1].column, 6);
  EXPECT_EQ(r.errors[1].path, "seed");
}

}  // namespace
}  // namespace gwsim
