// The scenario content for capacity against demand: demand, training jobs, the power cap, PUE, carbon and water
// profiles of sites, hourly output steps. Files in tests/data/valid, values checked against numbers worked out by
// hand (docs/scenario-reference.md, "demand").
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "models/date.hpp"
#include "models/demand.hpp"
#include "sim/scenario/loader.hpp"

namespace gwsim {
namespace {

using models::date_from_civil;

constexpr const char* kDemand = "tests/data/valid/demand.yaml";

std::string all(const std::vector<Diagnostic>& errors) {
  std::string out;
  for (const Diagnostic& d : errors) out += d.format();
  return out;
}

Scenario load_ok(const std::string& path, std::vector<std::string> overrides = {}) {
  const LoadResult r = load_scenario(path, LoadOptions{std::move(overrides)});
  EXPECT_TRUE(r.scenario) << all(r.errors);
  return r.scenario.value_or(Scenario{});
}

TEST(DemandLoader, TokensWithSchedulesGrowthCycleAndTraining) {
  const Scenario s = load_ok(kDemand);
  const Demand& d = s.demand;
  ASSERT_TRUE(d.stated);
  EXPECT_EQ(d.serve_first, models::ServeFirst::kTraining);  // stated; the default is inference
  EXPECT_EQ(load_ok("tests/data/valid/minimal.yaml").demand.serve_first, models::ServeFirst::kInference);
  const models::DemandSpec& spec = d.spec;
  EXPECT_EQ(spec.basis, models::DemandBasis::kTokens);
  // Users: 0 before the first point, 900M, then a 30-day ramp to 1.2B from 2026-07-01 (day 15: half way).
  EXPECT_DOUBLE_EQ(spec.weekly_active_users.value_at(date_from_civil(2025, 12, 31)), 0.0);
  EXPECT_DOUBLE_EQ(spec.weekly_active_users.value_at(date_from_civil(2026, 1, 1)), 900e6);
  EXPECT_DOUBLE_EQ(spec.weekly_active_users.value_at(date_from_civil(2026, 7, 15)), 1.05e9);
  EXPECT_DOUBLE_EQ(spec.weekly_active_users.value_at(date_from_civil(2026, 7, 30)), 1.2e9);
  ASSERT_EQ(spec.weekly_active_users.points().size(), 2u);
  EXPECT_DOUBLE_EQ(spec.weekly_active_users.points()[1].ramp_days, 30.0);
  // One value: a constant schedule.
  EXPECT_DOUBLE_EQ(spec.tokens_per_user_per_day.initial(), 30000.0);
  EXPECT_TRUE(spec.tokens_per_user_per_day.points().empty());
  EXPECT_DOUBLE_EQ(spec.tokens_per_day.value_at(date_from_civil(2026, 5, 1)), 1.5e6);  // "1,500,000"
  EXPECT_DOUBLE_EQ(spec.pflops.value_at(date_from_civil(2026, 5, 1)), 0.0);
  EXPECT_DOUBLE_EQ(spec.growth_per_year, 0.5);
  EXPECT_EQ(spec.growth_from, date_from_civil(2026, 3, 1));
  // Before growth_from: (900M x 30,000 + 1.5M) tokens / 86,400 s = 312,500,017.36 tokens/s.
  EXPECT_NEAR(models::daily_mean_demand(spec, date_from_civil(2026, 1, 1)), 312500017.3611111, 1e-3);
  // A year (365 days) after growth_from: 1.5^(365 / 365.25) = 1.4995838 x (1.2B x 30,000 + 1.5M) / 86,400.
  EXPECT_NEAR(models::growth_factor(spec, date_from_civil(2027, 3, 1)), 1.4995837691480387, 1e-12);
  EXPECT_NEAR(models::daily_mean_demand(spec, date_from_civil(2027, 3, 1)), 624826596.51279, 1e-3);
  // Weights 1 x 12 then 2 x 12: mean 1.5, so hour 0 is 2/3 of the daily mean and hour 12 is 4/3.
  EXPECT_DOUBLE_EQ(spec.daily_cycle[0], 1.0);
  EXPECT_DOUBLE_EQ(spec.daily_cycle[23], 2.0);
  EXPECT_NEAR(models::cycle_factor(spec, 0), 2.0 / 3.0, 1e-15);
  EXPECT_NEAR(models::cycle_factor(spec, 12), 4.0 / 3.0, 1e-15);
  EXPECT_EQ(d.serving_platform, "gb300_nvl72");
  // Training: 3 months = 91.3125 days, rounded to 91: 2026-09-01 to 2026-11-30; then post-train for 14 days.
  ASSERT_EQ(d.training.size(), 2u);
  EXPECT_EQ(d.training[0].name, "pretrain");
  EXPECT_EQ(d.training[0].start, date_from_civil(2026, 9, 1));
  EXPECT_DOUBLE_EQ(d.training[0].duration_days, 91.3125);
  EXPECT_DOUBLE_EQ(d.training[0].share, 0.6);
  EXPECT_EQ(models::training_last_day(d.training[0]), date_from_civil(2026, 11, 30));
  EXPECT_EQ(d.training[1].name, "post-train");
  EXPECT_DOUBLE_EQ(d.training[1].duration_days, 14.0);
  EXPECT_DOUBLE_EQ(d.training[1].share, 0.4);
  EXPECT_DOUBLE_EQ(models::training_share(d.training, date_from_civil(2026, 11, 30)), 0.6);
  EXPECT_DOUBLE_EQ(models::training_share(d.training, date_from_civil(2026, 12, 1)), 0.4);
  EXPECT_DOUBLE_EQ(models::training_share(d.training, date_from_civil(2026, 12, 15)), 0.0);
}

TEST(DemandLoader, PowerCapProfilesAndHourlyStep) {
  const Scenario s = load_ok(kDemand);
  EXPECT_EQ(s.output_step.hours, 6);
  EXPECT_EQ(s.output_step.days, 0);
  EXPECT_EQ(s.output_step.months, 0);
  EXPECT_EQ(s.output_step.text(), "6h");
  EXPECT_DOUBLE_EQ(s.power_cap.power_fraction, 0.75);
  EXPECT_DOUBLE_EQ(s.power_cap.speed_fraction, 0.85);
  ASSERT_EQ(s.sites.size(), 1u);
  const Site& site = s.sites[0];
  // PUE [1.10 x 5, 1.25 x 3, 1.10 x 4]: 1.25 in July, annual mean (9 x 1.10 + 3 x 1.25) / 12 = 1.1375, which the
  // power chain uses.
  EXPECT_EQ(site.pue.kind, models::ProfileKind::kMonthly);
  ASSERT_EQ(site.pue.values.size(), 12u);
  EXPECT_DOUBLE_EQ(site.pue.at(date_from_civil(2027, 7, 15), 0), 1.25);
  EXPECT_DOUBLE_EQ(site.pue.at(date_from_civil(2027, 1, 15), 0), 1.10);
  EXPECT_NEAR(site.power_chain().pue, 1.1375, 1e-12);
  EXPECT_DOUBLE_EQ(site.power_fractions.non_gpu_it_share, 0.15);  // the rest of the chain as before
  // Carbon per UTC hour; g/kWh, gCO2/kWh and kg/MWh are the same number. Sum 8,010: mean 333.75 g/kWh.
  EXPECT_EQ(site.carbon_g_per_kwh.kind, models::ProfileKind::kHourly);
  ASSERT_EQ(site.carbon_g_per_kwh.values.size(), 24u);
  for (int h = 0; h < 4; ++h) EXPECT_DOUBLE_EQ(site.carbon_g_per_kwh.values[static_cast<std::size_t>(h)], 400.0) << h;
  EXPECT_DOUBLE_EQ(site.carbon_g_per_kwh.at(date_from_civil(2026, 5, 1), 12), 190.0);
  EXPECT_DOUBLE_EQ(site.carbon_g_per_kwh.at(date_from_civil(2026, 5, 1), 19), 440.0);
  EXPECT_NEAR(site.carbon_g_per_kwh.daily_mean(date_from_civil(2026, 5, 1)), 333.75, 1e-12);
  // Water per month: 0.5 L/kWh in June, 0 in December; mean 3.2 / 12.
  EXPECT_EQ(site.water_l_per_kwh.kind, models::ProfileKind::kMonthly);
  EXPECT_DOUBLE_EQ(site.water_l_per_kwh.at(date_from_civil(2026, 6, 15), 0), 0.5);
  EXPECT_DOUBLE_EQ(site.water_l_per_kwh.at(date_from_civil(2026, 12, 15), 0), 0.0);
  EXPECT_NEAR(site.water_l_per_kwh.annual_mean(), 3.2 / 12.0, 1e-12);
}

TEST(DemandLoader, PflopsBasisAndDefaults) {
  const Scenario s = load_ok("tests/data/valid/demand_pflops.yaml");
  const models::DemandSpec& spec = s.demand.spec;
  ASSERT_TRUE(s.demand.stated);
  EXPECT_EQ(spec.basis, models::DemandBasis::kPflops);
  // 0 before the first point, a 10-day ramp to 100,000 PFLOPS (day 5: half), then a step to 500,000.
  EXPECT_DOUBLE_EQ(spec.pflops.value_at(date_from_civil(2026, 1, 31)), 0.0);
  EXPECT_DOUBLE_EQ(spec.pflops.value_at(date_from_civil(2026, 2, 5)), 50000.0);
  EXPECT_DOUBLE_EQ(spec.pflops.value_at(date_from_civil(2026, 5, 31)), 100000.0);
  EXPECT_DOUBLE_EQ(spec.pflops.value_at(date_from_civil(2026, 6, 1)), 500000.0);
  EXPECT_DOUBLE_EQ(models::daily_mean_demand(spec, date_from_civil(2026, 6, 1)), 500000.0);  // no growth
  EXPECT_DOUBLE_EQ(spec.weekly_active_users.value_at(date_from_civil(2026, 6, 1)), 0.0);
  // Defaults: no growth, from the scenario's start; the daily cycle of configs/defaults.yaml, whose 24 weights
  // (1 + 0.4 cos(2 pi (h - 18) / 24), 3 decimals) pair up to 2 and so sum to 24: hour 18 is 1.4 x the mean.
  EXPECT_DOUBLE_EQ(spec.growth_per_year, 0.0);
  EXPECT_EQ(spec.growth_from, date_from_civil(2026, 1, 1));
  EXPECT_DOUBLE_EQ(spec.daily_cycle[0], 1.0);
  EXPECT_DOUBLE_EQ(spec.daily_cycle[1], 0.896);
  EXPECT_DOUBLE_EQ(spec.daily_cycle[6], 0.6);
  EXPECT_DOUBLE_EQ(spec.daily_cycle[18], 1.4);
  EXPECT_NEAR(models::cycle_factor(spec, 18), 1.4, 1e-12);
  EXPECT_NEAR(models::cycle_factor(spec, 6), 0.6, 1e-12);
  EXPECT_EQ(s.demand.serving_platform, "vera_rubin_nvl72");  // the first tranche's platform
  EXPECT_TRUE(s.demand.training.empty());
  // Power cap and site profiles from configs/defaults.yaml; the site's PUE from the file, as a constant.
  EXPECT_DOUBLE_EQ(s.power_cap.power_fraction, 0.8);
  EXPECT_DOUBLE_EQ(s.power_cap.speed_fraction, 0.9);
  const Site& site = s.sites[0];
  EXPECT_EQ(site.pue.kind, models::ProfileKind::kConstant);
  EXPECT_DOUBLE_EQ(site.pue.annual_mean(), 1.25);
  EXPECT_DOUBLE_EQ(site.power_chain().pue, 1.25);
  EXPECT_EQ(site.carbon_g_per_kwh.kind, models::ProfileKind::kConstant);
  EXPECT_DOUBLE_EQ(site.carbon_g_per_kwh.at(date_from_civil(2026, 7, 1), 12), 370.0);
  EXPECT_DOUBLE_EQ(site.water_l_per_kwh.at(date_from_civil(2026, 7, 1), 12), 0.18);
}

TEST(DemandLoader, WithoutDemandNothingChanges) {
  const Scenario s = load_ok("tests/data/valid/minimal.yaml");
  EXPECT_FALSE(s.demand.stated);
  EXPECT_TRUE(s.demand.serving_platform.empty());
  EXPECT_TRUE(s.demand.training.empty());
  EXPECT_DOUBLE_EQ(s.utilization.value_at(date_from_civil(2026, 6, 1)), 0.7);
  EXPECT_EQ(s.output_step.hours, 0);
  EXPECT_DOUBLE_EQ(s.power_cap.power_fraction, 0.8);
  EXPECT_DOUBLE_EQ(s.sites[0].carbon_g_per_kwh.values.at(0), 370.0);
  EXPECT_DOUBLE_EQ(s.sites[0].water_l_per_kwh.values.at(0), 0.18);
}

TEST(DemandLoader, ExtendsMergesTrainingJobsByName) {
  const Scenario s = load_ok("tests/data/valid/demand_extends.yaml");
  EXPECT_EQ(s.name, "with-demand-what-if");
  EXPECT_DOUBLE_EQ(s.demand.spec.growth_per_year, 0.25);
  EXPECT_EQ(s.demand.spec.growth_from, date_from_civil(2026, 3, 1));  // from the base
  EXPECT_DOUBLE_EQ(s.demand.spec.weekly_active_users.value_at(date_from_civil(2026, 1, 1)), 900e6);
  ASSERT_EQ(s.demand.training.size(), 3u);
  EXPECT_EQ(s.demand.training[0].name, "pretrain");  // untouched
  EXPECT_DOUBLE_EQ(s.demand.training[0].share, 0.6);
  EXPECT_EQ(s.demand.training[1].name, "post-train");  // merged: the base's start and duration, the new share
  EXPECT_EQ(s.demand.training[1].start, date_from_civil(2026, 12, 1));
  EXPECT_DOUBLE_EQ(s.demand.training[1].duration_days, 14.0);
  EXPECT_DOUBLE_EQ(s.demand.training[1].share, 0.3);
  EXPECT_EQ(s.demand.training[2].name, "eval");  // appended
  EXPECT_EQ(s.demand.training[2].start, date_from_civil(2027, 1, 1));
  EXPECT_DOUBLE_EQ(s.demand.training[2].share, 0.1);
}

TEST(DemandLoader, SetOverridesDemandKeys) {
  const Scenario s = load_ok(kDemand, {"demand.growth=60%", "demand.tokens_per_user_per_day=30K",
                                       "demand.tokens_per_day=8.6T", "power_cap.speed=95%", "output_step=1h"});
  EXPECT_DOUBLE_EQ(s.demand.spec.growth_per_year, 0.6);
  EXPECT_DOUBLE_EQ(s.demand.spec.tokens_per_user_per_day.initial(), 30e3);
  EXPECT_DOUBLE_EQ(s.demand.spec.tokens_per_day.initial(), 8.6e12);
  EXPECT_DOUBLE_EQ(s.power_cap.speed_fraction, 0.95);
  EXPECT_EQ(s.output_step.hours, 1);
  // A decline is a negative growth, down to -90% a year.
  EXPECT_DOUBLE_EQ(load_ok(kDemand, {"demand.growth=-0.9"}).demand.spec.growth_per_year, -0.9);
}

TEST(DemandLoader, TrainingSharesMayFillButNotExceedTheFleet) {
  // post-train moved a day earlier overlaps pretrain's last day: 60% + 40% = 100% is allowed.
  const Scenario full = load_ok(kDemand, {"demand.training[1].start=2026-11-30"});
  EXPECT_DOUBLE_EQ(models::training_share(full.demand.training, date_from_civil(2026, 11, 30)), 1.0);
  // 60% + 41% is not; the error is at the share of the job that starts then.
  const LoadResult over =
      load_scenario(kDemand, LoadOptions{{"demand.training[1].start=2026-11-30", "demand.training[1].share=41%"}});
  EXPECT_FALSE(over.scenario);
  ASSERT_EQ(over.errors.size(), 1u) << all(over.errors);
  EXPECT_EQ(over.errors[0].path, "demand.training[1].share");
  EXPECT_EQ(over.errors[0].message,
            "training jobs running on 2026-11-30 reserve 101% of the fleet (pretrain 60%, post-train 41%); at most "
            "100%");
}

TEST(DemandLoader, GrowthAndCountsTakeDistributions) {
  const TemplateResult t = load_template(
      kDemand, LoadOptions{{"demand.growth=triangular(-20%, 50%, 80%)",
                            "demand.tokens_per_user_per_day=uniform(20K, 40K)"}});
  ASSERT_TRUE(t.scenario_template) << all(t.errors);
  EXPECT_EQ(uncertain_paths(*t.scenario_template),
            (std::vector<std::string>{"demand.growth", "demand.tokens_per_user_per_day"}));
  std::set<double> growths;
  for (std::uint64_t r = 0; r < 20; ++r) {
    const LoadResult s = sample_scenario(*t.scenario_template, 1, r);
    ASSERT_TRUE(s.scenario) << all(s.errors);
    const double g = s.scenario->demand.spec.growth_per_year;
    EXPECT_GE(g, -0.2);
    EXPECT_LE(g, 0.8);
    growths.insert(g);
    const double per_user = s.scenario->demand.spec.tokens_per_user_per_day.initial();
    EXPECT_GE(per_user, 20e3);
    EXPECT_LE(per_user, 40e3);
  }
  EXPECT_GT(growths.size(), 10u);
  // A bound outside growth's range is an error at that argument.
  const TemplateResult bad = load_template(kDemand, LoadOptions{{"demand.growth=uniform(-95%, 10%)"}});
  ASSERT_EQ(bad.errors.size(), 1u) << all(bad.errors);
  EXPECT_EQ(bad.errors[0].path, "demand.growth");
  EXPECT_EQ(bad.errors[0].message,
            "expected a fraction in [-0.9, 100] (a number, or a percentage such as 15%), found '-95%'");
}

}  // namespace
}  // namespace gwsim
