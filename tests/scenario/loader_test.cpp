// load_scenario on valid files: the Scenario built from tests/data/valid, checked field by field by hand.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "models/date.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/sha256.hpp"

namespace gwsim {
namespace {

using models::date_from_civil;

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string all(const LoadResult& r) {
  std::string out;
  for (const Diagnostic& d : r.errors) out += d.format();
  return out;
}

TEST(LoadScenario, Minimal) {
  const LoadResult r = load_scenario("tests/data/valid/minimal.yaml");
  ASSERT_TRUE(r.scenario) << all(r);
  ASSERT_TRUE(r.errors.empty());
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.name, "minimal");
  EXPECT_EQ(s.description, "One 100 MW hall at one site");
  EXPECT_EQ(s.source_path, "tests/data/valid/minimal.yaml");
  EXPECT_EQ(s.source_sha256, sha256_hex(slurp("tests/data/valid/minimal.yaml")));
  EXPECT_TRUE(s.overrides.empty());
  EXPECT_EQ(s.start, date_from_civil(2026, 1, 1));
  EXPECT_EQ(s.end, date_from_civil(2026, 12, 31));
  // Defaults from configs/defaults.yaml.
  EXPECT_EQ(s.output_step.days, 1);
  EXPECT_EQ(s.output_step.months, 0);
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.pod_racks, 1);
  EXPECT_DOUBLE_EQ(s.utilization.value_at(date_from_civil(2026, 6, 1)), 0.7);
  EXPECT_DOUBLE_EQ(s.finance.facility_capex_per_mw.facility_shell_usd, 6.1e6);
  EXPECT_DOUBLE_EQ(s.finance.facility_capex_per_mw.electrical_usd, 6.3e6);
  EXPECT_DOUBLE_EQ(s.finance.facility_capex_per_mw.other_usd, 1.0e6);
  EXPECT_DOUBLE_EQ(s.finance.nvidia_networking_share, 0.6);
  EXPECT_TRUE(s.finance.rack_capex.empty());
  EXPECT_TRUE(s.serving_rates.empty());
  EXPECT_TRUE(s.finance.investments.empty());
  // The built-in catalog.
  EXPECT_EQ(s.catalog.platforms.size(), builtin_catalog().platforms.size());
  ASSERT_NE(s.catalog.find("vera_rubin_nvl72"), nullptr);

  ASSERT_EQ(s.sites.size(), 1u);
  const Site& site = s.sites[0];
  EXPECT_EQ(site.name, "abilene");
  EXPECT_DOUBLE_EQ(site.power_chain().pue, 1.25);
  EXPECT_DOUBLE_EQ(site.power_fractions.non_gpu_it_share, 0.15);
  EXPECT_DOUBLE_EQ(site.power_fractions.redundancy_headroom, 0.0);
  EXPECT_DOUBLE_EQ(site.power_fractions.substation_loss, 0.01);
  EXPECT_DOUBLE_EQ(site.install_racks_per_week, 150.0);
  EXPECT_DOUBLE_EQ(site.commissioning_days, 14.0);
  // Grid: 0 before the first point, 300 MW step, then a 30-day ramp to 1.2 GW (models/schedule.hpp example).
  EXPECT_DOUBLE_EQ(site.grid_capacity_w.value_at(date_from_civil(2026, 2, 28)), 0.0);
  EXPECT_DOUBLE_EQ(site.grid_capacity_w.value_at(date_from_civil(2026, 3, 1)), 300e6);
  EXPECT_DOUBLE_EQ(site.grid_capacity_w.value_at(date_from_civil(2026, 9, 15)), 750e6);
  EXPECT_DOUBLE_EQ(site.grid_capacity_w.value_at(date_from_civil(2026, 10, 30)), 1.2e9);
  ASSERT_EQ(site.grid_capacity_w.points().size(), 2u);
  EXPECT_DOUBLE_EQ(site.grid_capacity_w.points()[1].ramp_days, 30.0);
  ASSERT_EQ(site.halls.size(), 1u);
  const Hall& hall = site.halls[0];
  EXPECT_EQ(hall.name, "hall-1");
  EXPECT_DOUBLE_EQ(hall.it_capacity_w, 100e6);
  EXPECT_DOUBLE_EQ(hall.cooling_capacity_w, 100e6);  // defaults to it_capacity
  EXPECT_EQ(hall.cooling, models::Cooling::kLiquid);
  EXPECT_EQ(hall.construction_start, date_from_civil(2025, 10, 1));
  EXPECT_DOUBLE_EQ(hall.construction_days, 182.625);  // 6 x 30.4375
  EXPECT_DOUBLE_EQ(hall.fit_out_days, 14.0);

  ASSERT_EQ(s.tranches.size(), 1u);
  EXPECT_EQ(s.tranches[0].name, "t1");
  EXPECT_DOUBLE_EQ(s.tranches[0].target_power_w, 120e6);
  EXPECT_EQ(s.tranches[0].platform, "vera_rubin_nvl72");
  EXPECT_EQ(s.tranches[0].sites, std::vector<std::string>{"abilene"});
  EXPECT_EQ(s.tranches[0].order_date, date_from_civil(2026, 4, 1));

  ASSERT_EQ(s.supply.size(), 1u);
  EXPECT_EQ(s.supply[0].platform, "vera_rubin_nvl72");
  EXPECT_DOUBLE_EQ(s.supply[0].racks_per_week.initial(), 1000.0);
  EXPECT_TRUE(s.supply[0].racks_per_week.points().empty());
  EXPECT_EQ(s.supply[0].start, date_from_civil(2026, 6, 1));
  EXPECT_DOUBLE_EQ(s.supply[0].lead_time_days, 28.0);
}

// A new site whose name is close to a base site's ('abilene-2' beside 'abilene') is a legitimate addition: with its
// required keys stated it loads as a second site; only an incomplete one is reported as a likely misspelling
// (tests/data/invalid/extends_misspelt_site.yaml).
TEST(LoadScenario, ExtendsAddsACompleteSiteWhoseNameIsCloseToABaseSite) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / "gwsim_loader_near_name";
  std::filesystem::create_directories(dir);
  const std::string base = (std::filesystem::current_path() / "tests/data/valid/minimal.yaml").string();
  {
    std::ofstream out(dir / "overlay.yaml");
    out << "extends: " << base << "\n"
        << "sites:\n"
        << "  - name: abilene-2\n"
        << "    install_racks_per_week: 50\n"
        << "    grid: [{from: 2026-03-01, capacity: 100 MW}]\n"
        << "    halls: [{name: h, it_capacity: 50 MW, construction_start: 2025-10-01, construction: 6 months}]\n";
  }
  const LoadResult r = load_scenario((dir / "overlay.yaml").string());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(r.scenario) << all(r);
  ASSERT_EQ(r.scenario->sites.size(), 2u);
  EXPECT_EQ(r.scenario->sites[0].name, "abilene");
  EXPECT_EQ(r.scenario->sites[1].name, "abilene-2");
  EXPECT_DOUBLE_EQ(r.scenario->sites[1].install_racks_per_week, 50.0);
}

TEST(LoadScenario, ExtendsMergesOverTheBase) {
  const LoadResult r = load_scenario("tests/data/valid/with_extends.yaml");
  ASSERT_TRUE(r.scenario) << all(r);
  const Scenario& s = *r.scenario;
  EXPECT_EQ(s.name, "with-extends");
  EXPECT_EQ(s.description, "One 100 MW hall at one site");  // from the base
  EXPECT_EQ(s.output_step.days, 7);
  EXPECT_EQ(s.output_step.text(), "1w");
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.pod_racks, 8);
  ASSERT_EQ(s.sites.size(), 1u);
  EXPECT_DOUBLE_EQ(s.sites[0].power_chain().pue, 1.25);                // the base's site
  EXPECT_DOUBLE_EQ(s.sites[0].power_fractions.substation_loss, 0.02);   // the overlay's power chain
  EXPECT_DOUBLE_EQ(s.sites[0].power_fractions.non_gpu_it_share, 0.15);  // default
  EXPECT_DOUBLE_EQ(s.utilization.initial(), 0.5);
  EXPECT_DOUBLE_EQ(s.utilization.value_at(date_from_civil(2026, 3, 1)), 0.5);
  EXPECT_DOUBLE_EQ(s.utilization.value_at(date_from_civil(2026, 7, 1)), 0.8);
  EXPECT_DOUBLE_EQ(s.finance.facility_capex_per_mw.facility_shell_usd, 5.2e6);  // the overlay's
  EXPECT_DOUBLE_EQ(s.finance.facility_capex_per_mw.electrical_usd, 6.3e6);       // defaults
  EXPECT_DOUBLE_EQ(s.finance.facility_capex_per_mw.other_usd, 1.0e6);
  EXPECT_DOUBLE_EQ(s.finance.nvidia_networking_share, 0.5);
  // The overlay's rack capex replaces one category of one platform in the scenario's catalog.
  const models::Platform* vr = s.catalog.find("vera_rubin_nvl72");
  ASSERT_NE(vr, nullptr);
  EXPECT_DOUBLE_EQ(vr->capex.networking_usd, 1.2e6);
  EXPECT_DOUBLE_EQ(vr->capex.gpu_systems_usd, builtin_catalog().find("vera_rubin_nvl72")->capex.gpu_systems_usd);
  EXPECT_DOUBLE_EQ(builtin_catalog().find("vera_rubin_nvl72")->capex.networking_usd, 1.0e6);  // untouched
  ASSERT_EQ(s.finance.investments.size(), 3u);
  const auto& per_gw = s.finance.investments[0];
  EXPECT_EQ(per_gw.name, "loi-per-gw");
  EXPECT_EQ(per_gw.trigger, models::InvestmentTrigger::kPerGwLive);
  EXPECT_DOUBLE_EQ(per_gw.amount_usd, 1e10);
  EXPECT_EQ(per_gw.max_count, 10);
  const auto& lump = s.finance.investments[1];
  EXPECT_EQ(lump.trigger, models::InvestmentTrigger::kLumpSum);
  EXPECT_DOUBLE_EQ(lump.amount_usd, 250e3);
  EXPECT_EQ(lump.date, date_from_civil(2026, 2, 1));
  const auto& tokens = s.finance.investments[2];
  EXPECT_EQ(tokens.trigger, models::InvestmentTrigger::kFirstTokens);
  EXPECT_DOUBLE_EQ(tokens.amount_usd, 1e6);
  // Hash over the base's bytes, then the file's.
  EXPECT_EQ(s.source_sha256,
            sha256_hex(slurp("tests/data/valid/minimal.yaml") + slurp("tests/data/valid/with_extends.yaml")));
}

// The shipped what-ifs restate only what they change: named items merge into the baseline's.
TEST(LoadScenario, ShippedWhatIfsMergeIntoTheBaseline) {
  const LoadResult base = load_scenario("scenarios/rollout-10gw.yaml");
  const LoadResult delay = load_scenario("scenarios/rollout-10gw-transformer-delay.yaml");
  ASSERT_TRUE(base.scenario && delay.scenario) << all(base) << all(delay);
  ASSERT_EQ(delay.scenario->sites.size(), 5u);
  const Site& a = delay.scenario->sites[0];
  EXPECT_EQ(a.name, "site-a");
  EXPECT_EQ(a.halls.size(), base.scenario->sites[0].halls.size());  // from the baseline
  EXPECT_DOUBLE_EQ(a.install_racks_per_week, 120.0);                 // from the baseline
  ASSERT_EQ(a.grid_capacity_w.points().size(), 3u);
  EXPECT_EQ(a.grid_capacity_w.points()[1].from, date_from_civil(2027, 4, 1));  // baseline 2026-10-01 + 6 months
  EXPECT_DOUBLE_EQ(a.grid_capacity_w.points()[1].value, 780e6);  // 650 MW x 1.2 (IT basis)
  EXPECT_EQ(delay.scenario->tranches.size(), 10u);

  const LoadResult terms = load_scenario("scenarios/rollout-10gw-2026-terms.yaml");
  ASSERT_TRUE(terms.scenario) << all(terms);
  ASSERT_EQ(terms.scenario->finance.investments.size(), 1u);  // !replace: the per-GW rule is gone
  EXPECT_EQ(terms.scenario->finance.investments[0].name, "equity-2026");
  EXPECT_EQ(terms.scenario->finance.investments[0].trigger, models::InvestmentTrigger::kLumpSum);
  EXPECT_DOUBLE_EQ(terms.scenario->finance.investments[0].amount_usd, 30e9);
  EXPECT_EQ(terms.scenario->finance.investments[0].date, date_from_civil(2026, 2, 1));
}

TEST(LoadScenario, MissingFile) {
  const LoadResult r = load_scenario("tests/data/valid/no_such_file.yaml");
  EXPECT_FALSE(r.scenario);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].format(),
            "tests/data/valid/no_such_file.yaml:1:1: error: cannot read file: No such file or directory\n");
}

TEST(LoadScenario, DirectoryIsNotAFile) {
  const LoadResult r = load_scenario("tests/data/valid");
  EXPECT_FALSE(r.scenario);
  ASSERT_EQ(r.errors.size(), 1u);
  EXPECT_EQ(r.errors[0].message, "cannot read file: Is a directory");
}

TEST(LoadScenario, CustomCatalogRelativeToTheFile) {
  // The catalog path in this --set is relative to the working directory (the repository root).
  const LoadResult r = load_scenario("tests/data/valid/minimal.yaml",
                                     LoadOptions{{"catalog=tests/data/valid/catalogs/one_platform.yaml"}});
  ASSERT_TRUE(r.scenario) << all(r);
  ASSERT_EQ(r.scenario->catalog.platforms.size(), 1u);
  const models::Platform& p = r.scenario->catalog.platforms[0];
  EXPECT_EQ(p.id, "vera_rubin_nvl72");
  EXPECT_DOUBLE_EQ(p.peak_power_w, 190e3);
  EXPECT_DOUBLE_EQ(p.idle_power_w, 190e3 * 0.25);
  EXPECT_DOUBLE_EQ(p.capex.total_usd(), 5e6);
  // No `serving:` section: no platform of this catalog serves tokens.
  EXPECT_EQ(p.serving_rate_from, models::ServingRateFrom::kNone);
  EXPECT_DOUBLE_EQ(p.serving_tokens_per_s, 0.0);
}

}  // namespace
}  // namespace gwsim
