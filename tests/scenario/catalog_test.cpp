// The embedded catalog and defaults: they load, every number has a source, and a broken file is a build defect.
#include <gtest/gtest.h>

#include <algorithm>
#include <stdexcept>
#include <string>

#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/defaults.hpp"
#include "sim/scenario/embedded_configs.hpp"
#include "sim/scenario/fields.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/schema.hpp"

namespace gwsim {
namespace {

TEST(BuiltinCatalog, Loads) {
  const models::Catalog& catalog = builtin_catalog();
  ASSERT_EQ(catalog.platforms.size(), 5u);
  const models::Platform* vr = catalog.find("vera_rubin_nvl72");
  ASSERT_NE(vr, nullptr);
  // Values from configs/platforms.yaml (models/platform.hpp worked example).
  EXPECT_EQ(vr->gpu_packages, 72);
  EXPECT_EQ(vr->gpu_dies, 144);
  EXPECT_DOUBLE_EQ(vr->peak_power_w, 227e3);
  EXPECT_DOUBLE_EQ(vr->idle_power_w, 68.1e3);
  EXPECT_DOUBLE_EQ(vr->pflops_fp8, 1200.0);
  EXPECT_DOUBLE_EQ(vr->pflops_fp4, 3600.0);
  EXPECT_EQ(vr->cooling, models::Cooling::kLiquid);
  EXPECT_DOUBLE_EQ(vr->capex_usd, 5.5e6);
  EXPECT_EQ(vr->available, models::date_from_civil(2026, 7, 1));
  const models::Platform* h100 = catalog.find("hgx_h100");
  ASSERT_NE(h100, nullptr);
  EXPECT_EQ(h100->cooling, models::Cooling::kAir);
  EXPECT_DOUBLE_EQ(h100->peak_power_w, 40.8e3);
}

// Serving rates: FP8 PFLOPS x 1e15 x 5% / 2e11 FLOP per token = 250 tokens/s per FP8 PFLOPS.
TEST(BuiltinCatalog, ServingRatesFollowTheFp8Rate) {
  const models::Catalog& catalog = builtin_catalog();
  EXPECT_EQ(catalog.serving_model,
            "a frontier mixture-of-experts model with about 100B active parameters, served at FP8 with interactive "
            "latency");
  const std::vector<std::pair<std::string, double>> expected = {{"hgx_h100", 32000.0},
                                                                {"gb200_nvl72", 180000.0},
                                                                {"gb300_nvl72", 180000.0},
                                                                {"vera_rubin_nvl72", 300000.0},
                                                                {"rubin_ultra_nvl576", 1250000.0}};
  for (const auto& [id, tokens_per_s] : expected) {
    const models::Platform* p = catalog.find(id);
    ASSERT_NE(p, nullptr) << id;
    EXPECT_DOUBLE_EQ(p->serving_tokens_per_s, tokens_per_s) << id;
    EXPECT_DOUBLE_EQ(p->serving_tokens_per_s, 250.0 * p->pflops_fp8) << id;
  }
}

TEST(BuiltinCatalog, ServingRateIsOptionalButNeedsAModelAndASource) {
  const std::string platform =
      "platforms:\n"
      "  - id: a\n"
      "    name: A\n"
      "    gpu_packages: 72\n"
      "    gpu_dies: 144\n"
      "    peak_power: 100 kW\n"
      "    idle_fraction: 30%\n"
      "    pflops_fp8: 100\n"
      "    pflops_fp4: 0\n"
      "    cooling: liquid\n"
      "    capex: $1M\n"
      "    available: 2026-01-01\n";
  const std::string sources =
      "    sources: {gpu_packages: x, gpu_dies: x, peak_power: x, idle_fraction: x, pflops_fp8: x, pflops_fp4: x,"
      " cooling: x, capex: x, available: x}\n";
  {
    Diagnostics d;
    const auto load = parse_catalog(platform + sources, "c.yaml", d);
    ASSERT_TRUE(load);
    EXPECT_DOUBLE_EQ(load->catalog.platforms[0].serving_tokens_per_s, 0.0);  // serves no tokens
    EXPECT_TRUE(load->catalog.serving_model.empty());
  }
  {
    Diagnostics d;
    EXPECT_FALSE(parse_catalog(platform + "    serving_tokens_per_s: 25000\n" + sources, "c.yaml", d));
    std::string all;
    for (const Diagnostic& x : d.sorted()) all += x.path + ": " + x.message + "\n";
    EXPECT_EQ(all,
              "platforms[0].serving_tokens_per_s: needs the catalog's 'serving_model' (the reference model the "
              "serving rates are for)\n"
              "platforms[0].sources.serving_tokens_per_s: missing source for 'serving_tokens_per_s'\n");
  }
  {
    Diagnostics d;
    const auto load = parse_catalog("serving_model: m\nsources: {serving_model: s}\n" + platform +
                                        "    serving_tokens_per_s: 25000\n" +
                                        sources.substr(0, sources.size() - 2) + ", serving_tokens_per_s: y}\n",
                                    "c.yaml", d);
    ASSERT_TRUE(load);
    EXPECT_EQ(load->catalog.serving_model, "m");
    EXPECT_EQ(load->serving_model_source, "s");
    EXPECT_DOUBLE_EQ(load->catalog.platforms[0].serving_tokens_per_s, 25000.0);
  }
  {
    Diagnostics d;
    EXPECT_FALSE(parse_catalog("serving_model: m\n" + platform + sources, "c.yaml", d));
    ASSERT_EQ(d.sorted().size(), 1u);
    EXPECT_EQ(d.sorted()[0].format(),
              "c.yaml:1:1: error: sources.serving_model: missing source for 'serving_model'\n"
              "  serving_model: m\n"
              "  ^\n");
  }
}

TEST(BuiltinCatalog, EveryPlatformHasEverySource) {
  const std::vector<CatalogEntrySources> sources = builtin_catalog_sources();
  ASSERT_EQ(sources.size(), builtin_catalog().platforms.size());
  for (std::size_t i = 0; i < sources.size(); ++i) {
    EXPECT_EQ(sources[i].id, builtin_catalog().platforms[i].id);
    for (std::string_view key : platform_table().sourced_keys()) {
      auto it = sources[i].sources.find(std::string(key));
      ASSERT_NE(it, sources[i].sources.end()) << sources[i].id << " " << key;
      EXPECT_FALSE(it->second.empty());
    }
  }
}

TEST(BuiltinCatalog, InvalidEmbeddedTextIsALogicError) {
  std::string broken(embedded::platforms_yaml());
  const std::string capex_source = "      capex: \"[assumption] ~$350k";
  const auto at = broken.find(capex_source);
  ASSERT_NE(at, std::string::npos);
  broken.insert(at + 6, "x");  // "xcapex": unknown key, and capex has no source
  try {
    parse_catalog_or_throw(broken, "configs/platforms.yaml");
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("platforms[0].sources.xcapex: unknown key 'xcapex'; did you mean 'capex'?"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("platforms[0].sources.capex: missing source for 'capex'"), std::string::npos) << what;
    EXPECT_NE(what.find("configs/platforms.yaml:"), std::string::npos) << what;
  }
}

TEST(BuiltinCatalog, CatalogChecks) {
  Diagnostics d;
  const std::string text =
      "platforms:\n"
      "  - id: a\n"
      "    name: A\n"
      "    gpu_packages: 72\n"
      "    gpu_dies: 100\n"
      "    peak_power: 0 kW\n"
      "    idle_fraction: 30%\n"
      "    pflops_fp8: -1\n"
      "    pflops_fp4: 0\n"
      "    cooling: water\n"
      "    capex: $1M\n"
      "    available: 2026-01-01\n"
      "    sources: {gpu_packages: x, gpu_dies: x, peak_power: x, idle_fraction: x, pflops_fp8: x, pflops_fp4: x,"
      " cooling: x, capex: '', available: x}\n"
      "  - id: a\n";
  EXPECT_FALSE(parse_catalog(text, "c.yaml", d));
  std::string all;
  for (const Diagnostic& x : d.sorted()) all += x.path + ": " + x.message + "\n";
  EXPECT_EQ(all,
            "platforms[0].gpu_dies: expected a positive multiple of gpu_packages (72), found '100'\n"
            "platforms[0].peak_power: expected a power > 0 W, found '0 kW'\n"
            "platforms[0].pflops_fp8: expected a number >= 0, found '-1'\n"
            "platforms[0].cooling: expected 'liquid' or 'air', found 'water'\n"
            "platforms[0].sources.capex: expected a non-empty string, found ''\n"
            "platforms[1]: missing required key 'name'\n"
            "platforms[1]: missing required key 'gpu_packages'\n"
            "platforms[1]: missing required key 'gpu_dies'\n"
            "platforms[1]: missing required key 'peak_power'\n"
            "platforms[1]: missing required key 'idle_fraction'\n"
            "platforms[1]: missing required key 'pflops_fp8'\n"
            "platforms[1]: missing required key 'pflops_fp4'\n"
            "platforms[1]: missing required key 'cooling'\n"
            "platforms[1]: missing required key 'capex'\n"
            "platforms[1]: missing required key 'available'\n"
            "platforms[1]: missing required key 'sources'\n"
            "platforms[1].id: duplicate platform id 'a' (first at line 2)\n");
}

TEST(BuiltinDefaults, Load) {
  const Defaults& d = builtin_defaults();
  // Each value as configs/defaults.yaml writes it; loader_test.cpp and demand_loader_test.cpp check the values a
  // scenario that states none of these keys gets.
  auto text = [&d](const char* key) {
    const ConfigNode* n = d.find(key);
    return n != nullptr && n->is_scalar() ? n->text : std::string("(none)");
  };
  EXPECT_EQ(text("pue"), "1.2");
  EXPECT_EQ(text("power_chain.non_gpu_it_share"), "15%");
  EXPECT_EQ(text("power_chain.redundancy_headroom"), "0%");
  EXPECT_EQ(text("power_chain.substation_loss"), "1%");
  EXPECT_EQ(text("commissioning"), "14 days");
  EXPECT_EQ(text("output_step"), "1d");
  EXPECT_EQ(text("pod_racks"), "1");
  EXPECT_EQ(text("seed"), "1");
  EXPECT_EQ(text("utilization"), "70%");
  EXPECT_EQ(text("facility_capex_per_mw"), "$13M");
  EXPECT_EQ(text("carbon_intensity"), "370 g/kWh");
  EXPECT_EQ(text("water_usage"), "0.18 L/kWh");
  EXPECT_EQ(text("power_cap.power"), "80%");
  EXPECT_EQ(text("power_cap.speed"), "90%");
  EXPECT_EQ(text("no_such_key"), "(none)");
  // w(h) = 1 + 0.4 cos(2 pi (h - 18) / 24) to 3 decimals: 1.4 at 18:00, 0.6 at 06:00, 1 at 00:00 and 12:00,
  // 1 + 0.4 cos(pi / 12) = 1.386 at 17:00 and 19:00.
  const ConfigNode* cycle = d.find("daily_cycle");
  ASSERT_TRUE(cycle != nullptr && cycle->is_sequence());
  ASSERT_EQ(cycle->children.size(), 24u);
  EXPECT_EQ(cycle->children[18].text, "1.400");
  EXPECT_EQ(cycle->children[6].text, "0.600");
  EXPECT_EQ(cycle->children[0].text, "1.000");
  EXPECT_EQ(cycle->children[12].text, "1.000");
  EXPECT_EQ(cycle->children[17].text, "1.386");
  EXPECT_EQ(cycle->children[19].text, "1.386");
  const std::vector<std::string> keys = defaults_keys();
  for (const char* key : {"carbon_intensity", "water_usage", "power_cap", "daily_cycle"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;
  }
  for (const std::string& key : defaults_keys()) {
    auto it = d.sources.find(key);
    ASSERT_NE(it, d.sources.end()) << key;
    EXPECT_FALSE(it->second.empty()) << key;
  }
}

// A default is read as the field it is the default of: its unit and range are checked like a scenario's value.
TEST(BuiltinDefaults, ValuesAreCheckedAsTheirFields) {
  std::string broken(embedded::defaults_yaml());
  const auto at = broken.find("commissioning: 14 days");
  ASSERT_NE(at, std::string::npos);
  broken.replace(at, 22, "commissioning: 14");
  Diagnostics d;
  EXPECT_FALSE(parse_defaults(broken, "defaults.yaml", d));
  const std::vector<Diagnostic> errors = d.sorted();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].path, "defaults.commissioning");
  EXPECT_EQ(errors[0].message, "expected a duration with a unit (days, weeks, months, years), found '14'");
}

TEST(BuiltinDefaults, MissingSourceIsALogicError) {
  std::string broken(embedded::defaults_yaml());
  const auto at = broken.find("  seed: \"");
  ASSERT_NE(at, std::string::npos);
  broken.erase(at, broken.find('\n', at) + 1 - at);
  try {
    parse_defaults_or_throw(broken, "configs/defaults.yaml");
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error& e) {
    EXPECT_NE(std::string(e.what()).find("sources.seed: missing source for 'seed'"), std::string::npos) << e.what();
  }
}

TEST(BuiltinDefaults, OutOfRangeValueIsALogicError) {
  std::string broken(embedded::defaults_yaml());
  const auto at = broken.find("pue: 1.2");
  ASSERT_NE(at, std::string::npos);
  broken.replace(at, 8, "pue: 0.5");
  EXPECT_THROW(parse_defaults_or_throw(broken, "configs/defaults.yaml"), std::logic_error);
}

}  // namespace
}  // namespace gwsim
