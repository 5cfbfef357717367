// Scenarios with distributions (docs/scenario-reference.md, "Uncertainty"): load_template, sample_scenario and
// load_scenario on tests/data/valid/uncertain*.yaml. The expressions' error messages are in
// tests/data/invalid/uncertain_*.yaml (invalid_cases_test.cpp).
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "models/date.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/units.hpp"

namespace gwsim {
namespace {

using models::Date;
using models::date_from_civil;

constexpr const char* kUncertain = "tests/data/valid/uncertain.yaml";
constexpr const char* kRisky = "tests/data/valid/uncertain_risky.yaml";
constexpr const char* kTenGw = "tests/data/valid/uncertain_10gw.yaml";

std::string all(const std::vector<Diagnostic>& errors) {
  std::string out;
  for (const Diagnostic& d : errors) out += d.format();
  return out;
}

std::optional<ScenarioTemplate> load_ok(const std::string& path, std::vector<std::string> overrides = {}) {
  TemplateResult t = load_template(path, LoadOptions{std::move(overrides)});
  EXPECT_TRUE(t.errors.empty()) << all(t.errors);
  return t.scenario_template;
}

std::optional<Scenario> sample_ok(const ScenarioTemplate& t, std::uint64_t seed, std::uint64_t replication) {
  LoadResult r = sample_scenario(t, seed, replication);
  EXPECT_TRUE(r.errors.empty()) << "replication " << replication << ":\n" << all(r.errors);
  return r.scenario;
}

std::map<std::string, std::string> draws_of(const Scenario& s) {
  return std::map<std::string, std::string>(s.draws.begin(), s.draws.end());
}

int days(Date from, Date to) { return models::days_between(from, to); }

TEST(Uncertainty, PathsInDocumentOrder) {
  const std::optional<ScenarioTemplate> t = load_ok(kUncertain);
  ASSERT_TRUE(t);
  EXPECT_TRUE(has_uncertainty(*t));
  EXPECT_EQ(template_seed(*t), 7u);
  const std::vector<std::string> expected = {
      "draws.slip",          "draws.crews",          "power_chain.substation_loss",
      "utilization[0].utilization",                 "utilization[1].from",
      "utilization[1].utilization",                 "serving.tokens_per_s[0].value",
      "sites[0].pue",
      "sites[0].install_racks_per_week",            "sites[0].commissioning",
      "sites[0].grid[0].from",                      "sites[0].grid[0].capacity",
      "sites[0].grid[1].from",                      "sites[0].grid[1].ramp",
      "sites[0].halls[0].it_capacity",              "sites[0].halls[0].cooling",
      "sites[0].halls[0].construction_start",       "sites[0].halls[0].construction",
      "sites[0].halls[0].fit_out",                  "sites[1].install_racks_per_week",
      "sites[1].grid[0].from",                      "sites[1].halls[0].fit_out",
      "tranches[0].platform",                       "tranches[0].order_date",
      "supply[0].racks_per_week",                   "supply[0].start",
      "supply[0].lead_time",                        "supply[1].start",
      "finance.facility_capex_per_mw.electrical",   "finance.rack_capex[0].gpu_systems",
      "finance.investments[0].amount",
      "finance.investments[0].date"};
  EXPECT_EQ(uncertain_paths(*t), expected);
}

TEST(Uncertainty, DescriptionsAreTextNotDistributions) {
  const LoadResult r = load_scenario(kUncertain);
  ASSERT_TRUE(r.scenario) << all(r.errors);
  EXPECT_EQ(r.scenario->description, "uniform(not a distribution: descriptions are text)");
}

TEST(Uncertainty, LoadScenarioIsReplicationZeroOfItsOwnSeed) {
  const LoadResult loaded = load_scenario(kUncertain);
  ASSERT_TRUE(loaded.scenario) << all(loaded.errors);
  const std::optional<ScenarioTemplate> t = load_ok(kUncertain);
  ASSERT_TRUE(t);
  const std::optional<Scenario> sampled = sample_ok(*t, 7, 0);
  ASSERT_TRUE(sampled);
  EXPECT_EQ(loaded.scenario->replication, 0u);
  EXPECT_EQ(loaded.scenario->seed, 7u);
  EXPECT_EQ(loaded.scenario->draws, sampled->draws);
  EXPECT_EQ(loaded.scenario->draws.size(), uncertain_paths(*t).size());
  EXPECT_EQ(loaded.scenario->sites[0].halls[0].construction_days, sampled->sites[0].halls[0].construction_days);
}

TEST(Uncertainty, SeedOverrideChangesTheDraws) {
  const std::optional<ScenarioTemplate> t7 = load_ok(kUncertain);
  const std::optional<ScenarioTemplate> t8 = load_ok(kUncertain, {"seed=8"});
  ASSERT_TRUE(t7 && t8);
  EXPECT_EQ(template_seed(*t8), 8u);
  const LoadResult with_seed = load_scenario(kUncertain, LoadOptions{{"seed=8"}});
  ASSERT_TRUE(with_seed.scenario) << all(with_seed.errors);
  const std::optional<Scenario> seven = sample_ok(*t7, 7, 0);
  const std::optional<Scenario> eight = sample_ok(*t7, 8, 0);
  ASSERT_TRUE(seven && eight);
  EXPECT_EQ(with_seed.scenario->seed, 8u);
  EXPECT_EQ(with_seed.scenario->draws, eight->draws);
  EXPECT_NE(seven->draws, eight->draws);
  // Every single value differs between the two seeds (none is fixed by accident).
  const auto a = draws_of(*seven);
  const auto b = draws_of(*eight);
  int same = 0;
  for (const auto& [path, value] : a) same += b.at(path) == value ? 1 : 0;
  EXPECT_LE(same, 6);  // discrete choices may coincide
}

TEST(Uncertainty, SameReplicationSameScenarioInAnyOrderAnyTemplateAnyThread) {
  const std::optional<ScenarioTemplate> t = load_ok(kUncertain);
  const std::optional<ScenarioTemplate> again = load_ok(kUncertain);
  ASSERT_TRUE(t && again);
  constexpr int kReplications = 60;
  std::vector<std::vector<std::pair<std::string, std::string>>> forward(kReplications);
  for (int r = 0; r < kReplications; ++r) {
    const std::optional<Scenario> s = sample_ok(*t, 7, r);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->replication, static_cast<std::uint64_t>(r));
    forward[r] = s->draws;
  }
  for (int r = kReplications - 1; r >= 0; --r) {
    const std::optional<Scenario> s = sample_ok(*again, 7, r);
    ASSERT_TRUE(s);
    EXPECT_EQ(s->draws, forward[r]) << "replication " << r;
  }
  // Two workers, interleaved.
  std::vector<std::vector<std::pair<std::string, std::string>>> threaded(kReplications);
  auto worker = [&](int first) {
    const ScenarioTemplate copy = *t;  // templates are cheap to copy and share their tree
    for (int r = first; r < kReplications; r += 2) {
      LoadResult s = sample_scenario(copy, 7, r);
      if (s.scenario) threaded[r] = s.scenario->draws;
    }
  };
  std::thread a(worker, 0);
  std::thread b(worker, 1);
  a.join();
  b.join();
  EXPECT_EQ(threaded, forward);
  // Different replications differ.
  EXPECT_NE(forward[0], forward[1]);
}

TEST(Uncertainty, EveryDrawnValueLiesWithinItsDistribution) {
  const std::optional<ScenarioTemplate> t = load_ok(kUncertain);
  ASSERT_TRUE(t);
  int rubin_ultra = 0;
  int air = 0;
  std::set<double> it_capacities;
  std::set<double> lead_times;
  constexpr int kReplications = 1000;
  for (int r = 0; r < kReplications; ++r) {
    const std::optional<Scenario> s = sample_ok(*t, 7, r);
    ASSERT_TRUE(s);
    const Site& a = s->sites[0];
    const Hall& hall = a.halls[0];
    EXPECT_GE(a.power_fractions.substation_loss, 0.005);
    EXPECT_LE(a.power_fractions.substation_loss, 0.02);
    ASSERT_EQ(s->utilization.points().size(), 2u);
    const double u0 = s->utilization.points()[0].value;
    EXPECT_GE(u0, 0.70 - 3 * 0.05 - 1e-12);  // normal(70%, 5%): +-3 SD
    EXPECT_LE(u0, 0.70 + 3 * 0.05 + 1e-12);
    const Date u1 = s->utilization.points()[1].from;
    EXPECT_TRUE(u1 == date_from_civil(2027, 1, 1) || u1 == date_from_civil(2027, 2, 1));
    EXPECT_GE(s->utilization.points()[1].value, 0.75);
    EXPECT_LE(s->utilization.points()[1].value, 0.85);
    EXPECT_GE(a.power_chain().pue, 1.1);
    EXPECT_LE(a.power_chain().pue, 1.35);
    EXPECT_GE(a.install_racks_per_week, 100.0);
    EXPECT_LE(a.install_racks_per_week, 200.0);
    EXPECT_GT(a.commissioning_days, 0.0);
    const auto& grid = a.grid_capacity_w.points();
    ASSERT_EQ(grid.size(), 2u);
    EXPECT_GE(grid[0].value, 250e6);
    EXPECT_LE(grid[0].value, 350e6);
    EXPECT_GE(grid[1].ramp_days, 15.0);
    EXPECT_LE(grid[1].ramp_days, 60.0);
    it_capacities.insert(hall.it_capacity_w);
    air += hall.cooling == models::Cooling::kAir ? 1 : 0;
    EXPECT_GE(hall.construction_start, date_from_civil(2025, 9, 1));
    EXPECT_LE(hall.construction_start, date_from_civil(2025, 11, 1));
    EXPECT_GE(hall.construction_days, 5 * models::kDaysPerMonth);
    EXPECT_LE(hall.construction_days, 9 * models::kDaysPerMonth);
    EXPECT_GE(hall.fit_out_days, 7.0);
    EXPECT_LE(hall.fit_out_days, 30.0);
    const Tranche& tranche = s->tranches[0];
    EXPECT_TRUE(tranche.platform == "vera_rubin_nvl72" || tranche.platform == "rubin_ultra_nvl576");
    rubin_ultra += tranche.platform == "rubin_ultra_nvl576" ? 1 : 0;
    EXPECT_LE(std::abs(days(date_from_civil(2026, 4, 1), tranche.order_date)), 30);
    EXPECT_GE(s->supply[0].racks_per_week.initial(), 700.0);
    EXPECT_LE(s->supply[0].racks_per_week.initial(), 1300.0);
    lead_times.insert(s->supply[0].lead_time_days);
    EXPECT_LE(std::abs(days(date_from_civil(2027, 1, 1), s->supply[1].start)), 42);
    // normal($6.3M, $1M) truncated at 3 SD; triangular($5.5M, $7.8M, $9.0M); uniform(2M, 4M): each drawn value
    // lands in the scenario's copy of the catalog, the built-in one keeps its own.
    EXPECT_GE(s->finance.facility_capex_per_mw.electrical_usd, 3.3e6);
    EXPECT_LE(s->finance.facility_capex_per_mw.electrical_usd, 9.3e6);
    const models::Platform* vr = s->catalog.find("vera_rubin_nvl72");
    EXPECT_GE(vr->capex.gpu_systems_usd, 5.5e6);
    EXPECT_LE(vr->capex.gpu_systems_usd, 9.0e6);
    const models::Platform* ru = s->catalog.find("rubin_ultra_nvl576");
    EXPECT_GE(ru->serving_tokens_per_s, 2e6);
    EXPECT_LE(ru->serving_tokens_per_s, 4e6);
    EXPECT_EQ(ru->serving_rate_from, models::ServingRateFrom::kScenario);
    EXPECT_DOUBLE_EQ(s->serving_rates[0].tokens_per_s, ru->serving_tokens_per_s);
    ASSERT_EQ(s->finance.investments.size(), 1u);
    EXPECT_GE(s->finance.investments[0].amount_usd, 1e9);
    EXPECT_LE(s->finance.investments[0].amount_usd, 2e9);
    EXPECT_GT(s->finance.investments[0].date, date_from_civil(2026, 2, 1));
  }
  EXPECT_EQ(it_capacities, (std::set<double>{100e6, 150e6, 200e6}));
  EXPECT_EQ(lead_times, (std::set<double>{14.0, 28.0, 56.0}));
  EXPECT_NEAR(rubin_ultra / static_cast<double>(kReplications), 0.2, 0.05);
  EXPECT_NEAR(air / static_cast<double>(kReplications), 0.1, 0.04);
}

TEST(Uncertainty, SharedDrawTakesOneValueEverywhereInAReplication) {
  const std::optional<ScenarioTemplate> t = load_ok(kUncertain);
  ASSERT_TRUE(t);
  std::set<int> offsets;
  for (int r = 0; r < 300; ++r) {
    const std::optional<Scenario> s = sample_ok(*t, 7, r);
    ASSERT_TRUE(s);
    const std::map<std::string, std::string> drawn = draws_of(*s);
    const std::optional<double> slip = units::parse_duration_days(drawn.at("draws.slip")).value;
    ASSERT_TRUE(slip) << drawn.at("draws.slip");
    const int offset = static_cast<int>(std::llround(*slip));
    const Site& abilene = s->sites[0];
    const Site& midland = s->sites[1];
    EXPECT_EQ(days(date_from_civil(2026, 3, 1), abilene.grid_capacity_w.points()[0].from), offset);
    EXPECT_EQ(days(date_from_civil(2026, 9, 1), abilene.grid_capacity_w.points()[1].from), offset);
    EXPECT_EQ(days(date_from_civil(2026, 6, 1), midland.grid_capacity_w.points()[0].from), offset);
    EXPECT_EQ(days(date_from_civil(2026, 6, 1), s->supply[0].start), offset);
    EXPECT_EQ(midland.halls[0].fit_out_days, *slip);  // the draw itself, not rounded
    EXPECT_EQ(abilene.install_racks_per_week, midland.install_racks_per_week);
    EXPECT_EQ(drawn.at("sites[0].install_racks_per_week"), drawn.at("draws.crews"));
    EXPECT_GE(*slip, 0.0);
    EXPECT_LE(*slip, 6 * models::kDaysPerMonth);
    offsets.insert(offset);
  }
  EXPECT_GT(offsets.size(), 50u);  // it does vary between replications
}

TEST(Uncertainty, SharedDrawsOfNames) {
  const std::optional<ScenarioTemplate> t = load_ok(
      "tests/data/valid/minimal.yaml",
      {"draws={platform: 'discrete(vera_rubin_nvl72 @ 1, rubin_ultra_nvl576 @ 1)', cooling: 'discrete(air @ 1, liquid @ 3)'}",
       "supply[1]={platform: rubin_ultra_nvl576, racks_per_week: 100, start: 2026-06-01}",
       "tranches[0].platform=draw(platform)", "sites[0].halls[0].cooling=draw(cooling)"});
  ASSERT_TRUE(t);
  std::set<std::string> platforms;
  for (int r = 0; r < 40; ++r) {
    const std::optional<Scenario> s = sample_ok(*t, 1, r);
    ASSERT_TRUE(s);
    const auto drawn = draws_of(*s);
    EXPECT_EQ(s->tranches[0].platform, drawn.at("draws.platform"));
    EXPECT_EQ(drawn.at("tranches[0].platform"), drawn.at("draws.platform"));
    EXPECT_EQ(s->sites[0].halls[0].cooling == models::Cooling::kAir ? "air" : "liquid", drawn.at("draws.cooling"));
    platforms.insert(s->tranches[0].platform);
  }
  EXPECT_EQ(platforms, (std::set<std::string>{"vera_rubin_nvl72", "rubin_ultra_nvl576"}));
}

TEST(Uncertainty, DrawsRecordEachValueWithItsUnitAtFullPrecision) {
  const std::optional<ScenarioTemplate> t = load_ok(kUncertain);
  ASSERT_TRUE(t);
  for (int r = 0; r < 20; ++r) {
    const std::optional<Scenario> s = sample_ok(*t, 7, r);
    ASSERT_TRUE(s);
    std::vector<std::string> paths;
    for (const auto& [path, value] : s->draws) paths.push_back(path);
    EXPECT_EQ(paths, uncertain_paths(*t));
    const std::map<std::string, std::string> drawn = draws_of(*s);
    const Hall& hall = s->sites[0].halls[0];
    // Durations in days and plain numbers read back exactly; powers and money within rounding of the unit.
    EXPECT_EQ(units::parse_duration_days(drawn.at("sites[0].halls[0].construction")).value, hall.construction_days);
    EXPECT_EQ(units::parse_number(drawn.at("sites[0].pue")).value, s->sites[0].power_chain().pue);
    const std::optional<double> capacity = units::parse_power_w(drawn.at("sites[0].grid[0].capacity")).value;
    ASSERT_TRUE(capacity);
    EXPECT_NEAR(*capacity, s->sites[0].grid_capacity_w.points()[0].value, 1e-15 * *capacity);
    const std::optional<double> capex =
        units::parse_money_usd(drawn.at("finance.facility_capex_per_mw.electrical")).value;
    ASSERT_TRUE(capex);
    EXPECT_NEAR(*capex, s->finance.facility_capex_per_mw.electrical_usd, 1e-15 * *capex);
    const std::optional<double> rack = units::parse_money_usd(drawn.at("finance.rack_capex[0].gpu_systems")).value;
    ASSERT_TRUE(rack);
    EXPECT_NEAR(*rack, s->catalog.find("vera_rubin_nvl72")->capex.gpu_systems_usd, 1e-15 * *rack);
    EXPECT_EQ(drawn.at("tranches[0].order_date"), models::to_iso(s->tranches[0].order_date));
    EXPECT_EQ(drawn.at("tranches[0].platform"), s->tranches[0].platform);
    EXPECT_EQ(drawn.at("sites[0].halls[0].cooling"), hall.cooling == models::Cooling::kAir ? "air" : "liquid");
  }
}

TEST(Uncertainty, AddingOrRemovingAnUncertainValueLeavesTheOthersAlone) {
  const std::optional<ScenarioTemplate> base = load_ok(kUncertain);
  const std::optional<ScenarioTemplate> more = load_ok(kUncertain, {"sites[1].pue=uniform(1.1, 1.3)"});
  const std::optional<ScenarioTemplate> fewer = load_ok(kUncertain, {"sites[0].pue=1.2", "draws.crews=uniform(1, 2)"});
  ASSERT_TRUE(base && more && fewer);
  EXPECT_EQ(uncertain_paths(*more).size(), uncertain_paths(*base).size() + 1);
  EXPECT_EQ(uncertain_paths(*fewer).size(), uncertain_paths(*base).size() - 1);
  for (int r = 0; r < 20; ++r) {
    const std::optional<Scenario> b = sample_ok(*base, 7, r);
    const std::optional<Scenario> m = sample_ok(*more, 7, r);
    const std::optional<Scenario> f = sample_ok(*fewer, 7, r);
    ASSERT_TRUE(b && m && f);
    const auto with = draws_of(*m);
    const auto without = draws_of(*f);
    for (const auto& [path, value] : b->draws) {
      EXPECT_EQ(with.at(path), value) << path;
      // crews changed its distribution (and the values using it); sites[0].pue is no longer drawn.
      if (path == "sites[0].pue" || path == "draws.crews" || path.ends_with("install_racks_per_week")) continue;
      EXPECT_EQ(without.at(path), value) << path;
    }
  }
}

TEST(Uncertainty, DistributionFreeScenarioSamplesExactlyAsLoaded) {
  for (const std::string path : {"tests/data/valid/minimal.yaml", "scenarios/rollout-10gw.yaml"}) {
    const LoadResult loaded = load_scenario(path);
    ASSERT_TRUE(loaded.scenario) << all(loaded.errors);
    const std::optional<ScenarioTemplate> t = load_ok(path);
    ASSERT_TRUE(t);
    EXPECT_FALSE(has_uncertainty(*t));
    EXPECT_TRUE(uncertain_paths(*t).empty());
    EXPECT_EQ(template_seed(*t), loaded.scenario->seed);
    for (std::uint64_t replication : {0u, 5u}) {
      const std::optional<Scenario> s = sample_ok(*t, template_seed(*t), replication);
      ASSERT_TRUE(s);
      const Scenario& a = *loaded.scenario;
      EXPECT_EQ(s->replication, replication);
      EXPECT_TRUE(s->draws.empty());
      EXPECT_TRUE(a.draws.empty());
      EXPECT_EQ(a.replication, 0u);
      EXPECT_EQ(s->name, a.name);
      EXPECT_EQ(s->source_path, a.source_path);
      EXPECT_EQ(s->source_sha256, a.source_sha256);
      EXPECT_EQ(s->seed, a.seed);
      EXPECT_EQ(s->start, a.start);
      EXPECT_EQ(s->end, a.end);
      EXPECT_EQ(s->pod_racks, a.pod_racks);
      ASSERT_EQ(s->sites.size(), a.sites.size());
      for (std::size_t i = 0; i < a.sites.size(); ++i) {
        EXPECT_EQ(s->sites[i].power_chain().pue, a.sites[i].power_chain().pue);
        EXPECT_EQ(s->sites[i].commissioning_days, a.sites[i].commissioning_days);
        ASSERT_EQ(s->sites[i].grid_capacity_w.points().size(), a.sites[i].grid_capacity_w.points().size());
        ASSERT_EQ(s->sites[i].halls.size(), a.sites[i].halls.size());
        for (std::size_t h = 0; h < a.sites[i].halls.size(); ++h) {
          EXPECT_EQ(s->sites[i].halls[h].construction_days, a.sites[i].halls[h].construction_days);
          EXPECT_EQ(s->sites[i].halls[h].construction_start, a.sites[i].halls[h].construction_start);
        }
      }
      ASSERT_EQ(s->tranches.size(), a.tranches.size());
      for (std::size_t i = 0; i < a.tranches.size(); ++i) {
        EXPECT_EQ(s->tranches[i].platform, a.tranches[i].platform);
        EXPECT_EQ(s->tranches[i].order_date, a.tranches[i].order_date);
      }
      ASSERT_EQ(s->supply.size(), a.supply.size());
      EXPECT_EQ(s->supply[0].lead_time_days, a.supply[0].lead_time_days);
      EXPECT_EQ(s->finance.facility_capex_per_mw.electrical_usd, a.finance.facility_capex_per_mw.electrical_usd);
      EXPECT_EQ(s->finance.investments.size(), a.finance.investments.size());
      EXPECT_EQ(s->catalog.platforms.size(), a.catalog.platforms.size());
    }
  }
}

TEST(Uncertainty, AnInvalidDrawIsAnErrorOfThatReplication) {
  const std::optional<ScenarioTemplate> t = load_ok(kRisky);
  ASSERT_TRUE(t);
  int valid = 0;
  int invalid = 0;
  for (std::uint64_t r = 0; r < 200; ++r) {
    const LoadResult s = sample_scenario(*t, 1, r);
    if (s.scenario) {
      EXPECT_TRUE(s.errors.empty());
      EXPECT_GT(s.scenario->sites[0].grid_capacity_w.points()[1].from, date_from_civil(2026, 3, 1));
      ++valid;
      continue;
    }
    ++invalid;
    ASSERT_EQ(s.errors.size(), 1u) << all(s.errors);
    const Diagnostic& d = s.errors[0];
    EXPECT_EQ(d.file, kRisky);
    EXPECT_EQ(d.line, 11);
    EXPECT_EQ(d.column, 16);
    EXPECT_EQ(d.path, "sites[0].grid[1].from");
    const std::string prefix = "expected a date after 2026-03-01 (the previous grid point), found '";
    const std::string suffix = "' (drawn from '2026-01-01 + triangular(0 days, 4 months, 5 months)') (replication " +
                               std::to_string(r) + " of seed 1)";
    ASSERT_TRUE(d.message.starts_with(prefix)) << d.message;
    ASSERT_TRUE(d.message.ends_with(suffix)) << d.message;
    const std::string drawn = d.message.substr(prefix.size(), 10);
    const std::optional<Date> date = models::parse_iso_date(drawn);
    ASSERT_TRUE(date) << drawn;
    EXPECT_LE(*date, date_from_civil(2026, 3, 1));
    EXPECT_GE(*date, date_from_civil(2026, 1, 1));
  }
  // P(slip <= 59 days) for triangular(0, 121.75, 152.2) is about 19%.
  EXPECT_GT(valid, 120);
  EXPECT_GT(invalid, 15);
}

TEST(Uncertainty, TheTemplateIsCheckedAtRepresentativeValues) {
  // At its mode the grid point falls before the previous one: reported once, at load time, with the expression.
  const TemplateResult t = load_template("tests/data/valid/minimal.yaml",
                                         LoadOptions{{"sites[0].grid[1].from=2026-01-01 + triangular(0 days, 1 month, 9 months)"}});
  EXPECT_FALSE(t.scenario_template);
  ASSERT_EQ(t.errors.size(), 1u) << all(t.errors);
  EXPECT_EQ(t.errors[0].format(),
            "--set:1:23: error: sites[0].grid[1].from: expected a date after 2026-03-01 (the previous grid point), "
            "found '2026-01-01 + triangular(0 days, 1 month, 9 months)' (checked at its mode, 2026-01-31)\n"
            "  sites[0].grid[1].from=2026-01-01 + triangular(0 days, 1 month, 9 months)\n"
            "                        ^\n");
  // An expression given with --set is located in the argument, at the offending argument.
  const TemplateResult u =
      load_template("tests/data/valid/minimal.yaml", LoadOptions{{"sites[0].pue=uniform(1.1, 0.9)"}});
  ASSERT_EQ(u.errors.size(), 1u) << all(u.errors);
  EXPECT_EQ(u.errors[0].format(),
            "--set:1:27: error: sites[0].pue: expected a number >= 1.0, found '0.9'\n"
            "  sites[0].pue=uniform(1.1, 0.9)\n"
            "                            ^\n");
}

// Every replication of the 10 GW scenario with its distributions is a valid scenario. (How fast sampling is belongs
// to the benchmark, not to a test.)
TEST(Uncertainty, EveryReplicationOfTheTenGigawattScenarioIsValid) {
  const std::optional<ScenarioTemplate> t = load_ok(kTenGw);
  ASSERT_TRUE(t);
  EXPECT_GE(uncertain_paths(*t).size(), 10u);
  constexpr int kReplications = 300;
  int valid = 0;
  for (int r = 0; r < kReplications; ++r) valid += sample_scenario(*t, template_seed(*t), r).scenario ? 1 : 0;
  EXPECT_EQ(valid, kReplications);
}

// A default that copies another field (a hall's cooling_capacity is its it_capacity; demand.growth_from is start;
// the serving platform is the first tranche's) follows that field's draw in every replication.
TEST(Uncertainty, DefaultsThatCopyAFieldFollowItsDraws) {
  const std::optional<ScenarioTemplate> t =
      load_ok("tests/data/valid/demand_pflops.yaml",
              {"sites[0].halls[0].it_capacity=uniform(50 MW, 90 MW)", "start=2026-01-01 + uniform(0 days, 20 days)",
               "tranches[0].platform=discrete(vera_rubin_nvl72 @ 1, rubin_ultra_nvl576 @ 1)",
               "supply[1]={platform: rubin_ultra_nvl576, racks_per_week: 100, start: 2026-06-01}"});
  ASSERT_TRUE(t);
  std::set<double> capacities;
  std::set<std::int32_t> starts;
  std::set<std::string> platforms;
  for (std::uint64_t r = 0; r < 40; ++r) {
    const std::optional<Scenario> s = sample_ok(*t, 3, r);
    ASSERT_TRUE(s);
    const Hall& hall = s->sites[0].halls[0];
    EXPECT_EQ(hall.cooling_capacity_w, hall.it_capacity_w);
    EXPECT_EQ(s->demand.spec.growth_from, s->start);
    EXPECT_EQ(s->demand.serving_platform, s->tranches[0].platform);
    capacities.insert(hall.it_capacity_w);
    starts.insert(s->start.days);
    platforms.insert(s->tranches[0].platform);
  }
  // The draws do vary, so the equalities above are not those of a constant.
  EXPECT_GT(capacities.size(), 30u);
  EXPECT_GT(starts.size(), 10u);
  EXPECT_EQ(platforms.size(), 2u);
}

// PUE is stored once: the design PUE racks are admitted against is the annual mean of the site's profile, drawn
// values included. One monthly value uniform(1.1, 1.3), the other eleven 1.2: mean = (x + 13.2) / 12.
TEST(Uncertainty, DesignPueIsTheMeanOfTheDrawnProfile) {
  const std::optional<ScenarioTemplate> t = load_ok(
      "tests/data/valid/minimal.yaml",
      {"sites[0].pue={monthly: [uniform(1.1, 1.3), 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2, 1.2]}"});
  ASSERT_TRUE(t);
  EXPECT_EQ(uncertain_paths(*t), std::vector<std::string>{"sites[0].pue.monthly[0]"});
  for (std::uint64_t r = 0; r < 20; ++r) {
    const std::optional<Scenario> s = sample_ok(*t, 1, r);
    ASSERT_TRUE(s);
    const std::optional<double> january = units::parse_number(draws_of(*s).at("sites[0].pue.monthly[0]")).value;
    ASSERT_TRUE(january);
    EXPECT_EQ(s->sites[0].pue.values[0], *january);
    EXPECT_NEAR(s->sites[0].power_chain().pue, (*january + 11 * 1.2) / 12.0, 1e-12);
  }
}

// DATE + X is held to the years a date may have (1900 to 2200), like a date written out: at its representative when
// the template is checked, and at each draw. 2200-12-01 + 60 days is 2201-01-30.
TEST(Uncertainty, DatesPlusDistributionsStayWithinTheCalendarLimits) {
  const TemplateResult bad = load_template(
      "tests/data/valid/minimal.yaml",
      LoadOptions{{"sites[0].halls[0].construction_start=2200-12-01 + triangular(0 days, 60 days, 90 days)"}});
  ASSERT_EQ(bad.errors.size(), 1u) << all(bad.errors);
  EXPECT_EQ(bad.errors[0].format(),
            "--set:1:38: error: sites[0].halls[0].construction_start: expected a date YYYY-MM-DD, found '2200-12-01 + "
            "triangular(0 days, 60 days, 90 days)' (checked at its mode, 2201-01-30) (years 1900 to 2200 only)\n"
            "  sites[0].halls[0].construction_start=2200-12-01 + triangular(0 days, 60 days, 90 days)\n"
            "                                       ^\n");
  // At its midpoint (2200-06-01 + 200 days = 2200-12-18) the template is valid; about half the draws are not.
  const std::string expression = "2200-06-01 + uniform(0 days, 400 days)";
  const std::optional<ScenarioTemplate> t =
      load_ok("tests/data/valid/minimal.yaml", {"sites[0].halls[0].construction_start=" + expression});
  ASSERT_TRUE(t);
  const Date last = date_from_civil(2200, 12, 31);
  int refused = 0;
  for (std::uint64_t r = 0; r < 100; ++r) {
    const LoadResult s = sample_scenario(*t, 1, r);
    if (s.scenario) {
      EXPECT_LE(s.scenario->sites[0].halls[0].construction_start, last);
      continue;
    }
    ++refused;
    ASSERT_EQ(s.errors.size(), 1u) << all(s.errors);
    const Diagnostic& d = s.errors[0];
    EXPECT_EQ(d.file, "--set");
    EXPECT_EQ(d.column, 38);
    EXPECT_EQ(d.path, "sites[0].halls[0].construction_start");
    const std::string prefix = "expected a date YYYY-MM-DD, found '";
    const std::string suffix = "' (drawn from '" + expression + "') (years 1900 to 2200 only) (replication " +
                               std::to_string(r) + " of seed 1)";
    ASSERT_TRUE(d.message.starts_with(prefix)) << d.message;
    ASSERT_TRUE(d.message.ends_with(suffix)) << d.message;
    const std::string text = d.message.substr(prefix.size(), 10);
    EXPECT_GT(text, "2200-12-31");
    EXPECT_LE(text, "2201-07-06");  // 2200-06-01 + 400 days
  }
  EXPECT_GT(refused, 25);  // P(offset > 213 days) = 187 / 400
  EXPECT_LT(refused, 70);
}

// A drawn value is checked against its field's own range, sanity limits included: a log-normal it_capacity can be
// drawn above the 1000 GW limit, and such a replication is refused at the expression.
TEST(Uncertainty, ADrawAboveTheFieldsLimitIsRefused) {
  const std::optional<ScenarioTemplate> t =
      load_ok("tests/data/valid/minimal.yaml", {"sites[0].halls[0].it_capacity=lognormal(500 GW, 900 GW)"});
  ASSERT_TRUE(t);
  int refused = 0;
  for (std::uint64_t r = 0; r < 100; ++r) {
    const LoadResult s = sample_scenario(*t, 1, r);
    if (s.scenario) {
      EXPECT_LE(s.scenario->sites[0].halls[0].it_capacity_w, 1e12);
      continue;
    }
    ++refused;
    ASSERT_EQ(s.errors.size(), 1u) << all(s.errors);
    EXPECT_EQ(s.errors[0].path, "sites[0].halls[0].it_capacity");
    EXPECT_TRUE(s.errors[0].message.starts_with("expected a power <= 1000 GW, found '")) << s.errors[0].message;
    EXPECT_TRUE(s.errors[0].message.ends_with("' (drawn from 'lognormal(500 GW, 900 GW)') (replication " +
                                              std::to_string(r) + " of seed 1)"))
        << s.errors[0].message;
  }
  // ln(1000 / 500) / (ln(900 / 500) / 1.2816) = 1.511 standard deviations: P(above 1000 GW) = 6.5%.
  EXPECT_GT(refused, 1);
  EXPECT_LT(refused, 15);
}

// YAML ends a plain scalar at a comma inside {...} and [...]; the tree joins an expression's pieces back.
TEST(Uncertainty, FlowCollectionsKeepExpressionsWhole) {
  auto parse = [](const std::string& text, Diagnostics& d) {
    auto source = std::make_shared<SourceFile>();
    source->name = "t.yaml";
    source->text = text;
    return parse_yaml(source->text, source, d);
  };
  Diagnostics d;
  // The pieces "2" and "2" of d would otherwise be duplicate keys.
  const std::optional<ConfigNode> map = parse("{a: triangular(1 day, 2 days, 3 days), b: x, c: f(1,2), d: f(1, 2, 2)}", d);
  ASSERT_TRUE(map && d.empty());
  ASSERT_EQ(map->keys, (std::vector<std::string>{"a", "b", "c", "d"}));
  EXPECT_EQ(map->find("a")->text, "triangular(1 day, 2 days, 3 days)");
  EXPECT_EQ(map->find("d")->text, "f(1, 2, 2)");
  EXPECT_EQ(map->find("b")->text, "x");
  EXPECT_EQ(map->find("c")->text, "f(1,2)");
  const std::optional<ConfigNode> seq = parse("[uniform(1, 2), discrete(a @ 1, b @ 2), z]", d);
  ASSERT_TRUE(seq && d.empty());
  ASSERT_EQ(seq->children.size(), 3u);
  EXPECT_EQ(seq->children[0].text, "uniform(1, 2)");
  EXPECT_EQ(seq->children[1].text, "discrete(a @ 1, b @ 2)");
  // Across lines the pieces are joined with ", ".
  const std::optional<ConfigNode> lines = parse("{a: uniform(1,\n     2), b: y}", d);
  ASSERT_TRUE(lines && d.empty());
  EXPECT_EQ(lines->find("a")->text, "uniform(1, 2)");
  // Block style and quoted scalars are left as YAML reads them.
  const std::optional<ConfigNode> block = parse("a: uniform(1, 2)\nb: 'f(1'\n", d);
  ASSERT_TRUE(block && d.empty());
  EXPECT_EQ(block->find("a")->text, "uniform(1, 2)");
  const std::optional<ConfigNode> quoted = parse("{a: 'f(1', b: 2}", d);
  ASSERT_TRUE(quoted && d.empty());
  EXPECT_EQ(quoted->find("a")->text, "f(1");
  EXPECT_EQ(quoted->find("b")->text, "2");
}

}  // namespace
}  // namespace gwsim
