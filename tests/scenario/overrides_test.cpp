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

TEST(Overrides, EmptyBrackets) {
  const LoadResult r = load_with({"sites[].pue=1.3"});
  EXPECT_FALSE(r.scenario);
  EXPECT_EQ(all(r),
            "--set:1:6: error: expected an index ([0]), an item's name or other key ([site-a]) or [*] in brackets, "
            "found '[]'\n"
            "  sites[].pue=1.3\n"
            "       ^\n");
}

// ---- Items by their identifying key, and every item.

constexpr const char* k10gw = "scenarios/rollout-10gw.yaml";

TEST(Overrides, SelectsASiteByName) {
  // rollout-10gw's five sites are site-a .. site-e; site-b to site-e are at a constant PUE of 1.2.
  const LoadResult r = load_scenario(k10gw, LoadOptions{{"sites[site-c].pue=1.3"}});
  ASSERT_TRUE(r.scenario) << all(r);
  ASSERT_EQ(r.scenario->sites.size(), 5u);
  EXPECT_EQ(r.scenario->sites[2].name, "site-c");
  EXPECT_DOUBLE_EQ(r.scenario->sites[2].power_chain().pue, 1.3);
  EXPECT_DOUBLE_EQ(r.scenario->sites[1].power_chain().pue, 1.2);
  EXPECT_DOUBLE_EQ(r.scenario->sites[3].power_chain().pue, 1.2);
}

TEST(Overrides, StarSetsEveryItem) {
  const LoadResult r = load_scenario(k10gw, LoadOptions{{"sites[*].pue=1.3"}});
  ASSERT_TRUE(r.scenario) << all(r);
  ASSERT_EQ(r.scenario->sites.size(), 5u);
  for (const Site& site : r.scenario->sites) EXPECT_DOUBLE_EQ(site.power_chain().pue, 1.3) << site.name;
}

TEST(Overrides, StarInsideANamedItem) {
  // site-a's five halls at 360 MW each become 400 MW; site-b's stay.
  const LoadResult r = load_scenario(k10gw, LoadOptions{{"sites[site-a].halls[*].it_capacity=400 MW"}});
  ASSERT_TRUE(r.scenario) << all(r);
  ASSERT_EQ(r.scenario->sites[0].halls.size(), 5u);
  for (const Hall& hall : r.scenario->sites[0].halls) EXPECT_DOUBLE_EQ(hall.it_capacity_w, 400e6);
  EXPECT_DOUBLE_EQ(r.scenario->sites[1].halls[0].it_capacity_w, 360e6);
}

TEST(Overrides, SelectsASupplyEntryByPlatform) {
  const LoadResult r = load_with({"supply[vera_rubin_nvl72].racks_per_week=600"});
  ASSERT_TRUE(r.scenario) << all(r);
  ASSERT_EQ(r.scenario->supply.size(), 1u);
  EXPECT_DOUBLE_EQ(r.scenario->supply[0].racks_per_week.initial(), 600.0);
}

TEST(Overrides, SelectsAGridPointByDate) {
  // minimal.yaml: 300 MW from 2026-03-01, then 1.2 GW from 2026-09-01 over a 30-day ramp. The second step becomes
  // 2 GW: fully reached on 2026-10-01 and halfway (300 MW + 1.7 GW x 15/30 = 1.15 GW) on 2026-09-15, the ramp's
  // 15th day (models/schedule.hpp counts the day itself).
  const LoadResult r = load_with({"sites[abilene].grid[2026-09-01].capacity=2 GW"});
  ASSERT_TRUE(r.scenario) << all(r);
  const models::Schedule& grid = r.scenario->sites[0].grid_capacity_w;
  ASSERT_EQ(grid.points().size(), 2u);
  EXPECT_DOUBLE_EQ(grid.value_at(models::date_from_civil(2026, 4, 1)), 300e6);
  EXPECT_DOUBLE_EQ(grid.value_at(models::date_from_civil(2026, 10, 1)), 2e9);
  EXPECT_DOUBLE_EQ(grid.value_at(models::date_from_civil(2026, 9, 15)), 1.15e9);
}

TEST(Overrides, UnknownNameSuggestsTheClosest) {
  const LoadResult r = load_scenario(k10gw, LoadOptions{{"sites[site_c].pue=1.3"}});
  EXPECT_FALSE(r.scenario);
  EXPECT_EQ(all(r),
            "--set:1:7: error: sites: no item has name 'site_c'; did you mean 'site-c'?\n"
            "  sites[site_c].pue=1.3\n"
            "        ^\n");
}

TEST(Overrides, UnknownNameWithNothingCloseListsTheNames) {
  EXPECT_EQ(all(load_with({"sites[phoenix].pue=1.3"})),
            "--set:1:7: error: sites: no item has name 'phoenix'; expected one of: abilene\n"
            "  sites[phoenix].pue=1.3\n"
            "        ^\n");
  EXPECT_EQ(all(load_with({"supply[gb300_nvl72].racks_per_week=1"})),
            "--set:1:8: error: supply: no item has platform 'gb300_nvl72'; expected one of: vera_rubin_nvl72\n"
            "  supply[gb300_nvl72].racks_per_week=1\n"
            "         ^\n");
}

TEST(Overrides, StarOnAnEmptyList) {
  const LoadResult r = load_with({"sites[0].halls=[]", "sites[0].halls[*].fit_out=1 month"});
  EXPECT_FALSE(r.scenario);
  EXPECT_EQ(all(r),
            "--set:1:16: error: sites[0].halls: [*] matches no item: the sequence is empty\n"
            "  sites[0].halls[*].fit_out=1 month\n"
            "                 ^\n");
}

TEST(Overrides, NameInAListWithoutItemKeys) {
  // A tranche's sites are a list of site names, not of items with a name.
  EXPECT_EQ(all(load_with({"tranches[t1].sites[abilene]=x"})),
            "--set:1:20: error: tranches[0].sites: its items have no name or other identifying key to select "
            "'abilene' by; select by position, e.g. [0]\n"
            "  tranches[t1].sites[abilene]=x\n"
            "                     ^\n");
}

TEST(Overrides, AFailedStarLeavesTheTreeUnchanged) {
  // The second argument fails on its first item's value type; nothing of it applies, the first still does.
  const LoadResult r = load_with({"seed=7", "sites[*].halls.name=x"});
  EXPECT_FALSE(r.scenario);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].path, "sites[0].halls");
  EXPECT_EQ(r.errors[0].message, "expected a map to hold key 'name', found a sequence");
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
