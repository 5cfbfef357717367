// The embedded catalog and defaults: they load, every number has a source, and a broken file is a build defect.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>

#include "models/power_chain.hpp"
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
  EXPECT_DOUBLE_EQ(vr->pflops_fp8_dense, 1200.0);
  // Dense FP4 is the NVFP4 training figure, 35 PF per package x 72; NVIDIA's 50 PF inference figure is kept apart.
  EXPECT_DOUBLE_EQ(vr->pflops_fp4_dense, 35.0 * 72.0);
  EXPECT_DOUBLE_EQ(vr->pflops_fp4_inference, 50.0 * 72.0);
  EXPECT_DOUBLE_EQ(vr->hbm_gb_per_package, 288.0);
  EXPECT_DOUBLE_EQ(vr->hbm_tb_per_s_per_package, 22.0);
  EXPECT_EQ(vr->serving_precision, models::ServingPrecision::kFp4);
  EXPECT_EQ(vr->serving_packages_per_instance, 72);  // the NVLink domain
  EXPECT_EQ(vr->cooling, models::Cooling::kLiquid);
  EXPECT_DOUBLE_EQ(vr->capex.gpu_systems_usd, 7.8e6);
  EXPECT_DOUBLE_EQ(vr->capex.networking_usd, 1.0e6);
  EXPECT_DOUBLE_EQ(vr->capex.storage_usd, 0.1e6);
  EXPECT_EQ(vr->available, models::date_from_civil(2026, 7, 1));
  const models::Platform* h100 = catalog.find("hgx_h100");
  ASSERT_NE(h100, nullptr);
  EXPECT_EQ(h100->cooling, models::Cooling::kAir);
  EXPECT_DOUBLE_EQ(h100->peak_power_w, 40.8e3);
  // Dense: the datasheet's sparse 3,958 TFLOP/s per GPU halved, x 32 GPUs.
  EXPECT_NEAR(h100->pflops_fp8_dense, 3.958 / 2.0 * 32.0, 1e-9);
  EXPECT_EQ(h100->serving_precision, models::ServingPrecision::kFp8);  // Hopper has no FP4
  EXPECT_DOUBLE_EQ(h100->pflops_fp4_inference, 0.0);                   // not stated
  // Rubin Ultra scaled as Rubin: 15,000 x 35 / 50 = 10,500 dense; 144 packages in its NVLink domain.
  const models::Platform* ru = catalog.find("rubin_ultra_nvl576");
  ASSERT_NE(ru, nullptr);
  EXPECT_DOUBLE_EQ(ru->pflops_fp4_dense, 15000.0 * 35.0 / 50.0);
  EXPECT_EQ(ru->serving_packages_per_instance, 144);
  // Every Blackwell and Rubin platform serves at FP4.
  for (const char* id : {"gb200_nvl72", "gb300_nvl72", "vera_rubin_nvl72", "rubin_ultra_nvl576"}) {
    EXPECT_EQ(catalog.find(id)->serving_precision, models::ServingPrecision::kFp4) << id;
  }
}

// The reference model and operating point of `serving:` (DeepSeek-V3/R1, 3,000 in and 2,000 out).
TEST(BuiltinCatalog, ServingReference) {
  const models::Catalog& catalog = builtin_catalog();
  ASSERT_TRUE(catalog.has_serving);
  const models::ServingReference& ref = catalog.serving;
  EXPECT_DOUBLE_EQ(ref.shape.total_params, 671e9);
  EXPECT_DOUBLE_EQ(ref.shape.active_params, 37e9);
  EXPECT_DOUBLE_EQ(ref.shape.routed_expert_fraction, 8.0 / 256.0);
  EXPECT_DOUBLE_EQ(ref.bytes_per_param_fp8, 1.0);
  EXPECT_DOUBLE_EQ(ref.bytes_per_param_fp4, 0.5 + 1.0 / 16.0);  // 4 bits + one byte of scale per 16 values
  EXPECT_DOUBLE_EQ(ref.realized_fraction, 0.3);
  EXPECT_DOUBLE_EQ(ref.shape.kv_bytes_per_token, (512.0 + 64.0) * 61.0);                     // 35,136
  EXPECT_DOUBLE_EQ(ref.shape.attention_flop_per_context_token, 2.0 * (576 + 512) * 128 * 61);  // 16,990,208
  EXPECT_DOUBLE_EQ(ref.shape.input_tokens, 3000.0);
  EXPECT_DOUBLE_EQ(ref.shape.output_tokens, 2000.0);
  EXPECT_DOUBLE_EQ(ref.operating_point.prefill_flops_fraction, 0.5);
  EXPECT_DOUBLE_EQ(ref.operating_point.decode_bandwidth_fraction, 0.7);
  EXPECT_DOUBLE_EQ(ref.operating_point.hbm_usable_fraction, 0.9);
  EXPECT_DOUBLE_EQ(ref.operating_point.max_sequences_per_tb_per_s, 18.0);
  EXPECT_DOUBLE_EQ(ref.operating_point.decode_overhead_us_per_layer, 120.0);
  EXPECT_EQ(ref.shape.layers, 61);
  EXPECT_DOUBLE_EQ(ref.operating_point.min_tokens_per_s_per_user, 0.0);
  for (std::string_view key : catalog_serving_table().sourced_keys()) {
    auto it = builtin_serving_sources().find(std::string(key));
    ASSERT_NE(it, builtin_serving_sources().end()) << key;
    EXPECT_FALSE(it->second.empty()) << key;
  }
}

// Vera Rubin NVL72's serving rate, by hand from the catalog's figures and models/serving.hpp's equations, at its
// deployed precision (NVFP4: 2,520 / 72 = 35 PF dense per package, 0.5625 byte per weight) over its NVLink domain.
// Instance of n = 72 packages: C = 72 x 35e15 x 0.5 = 1.26e18 FLOP/s; BW = 72 x 22e12 x 0.7 = 1.1088e15 B/s;
// M = 72 x 288e9 x 0.9 = 1.86624e13 B. Weights 0.5625 x 671e9 = 3.774375e11 B. Mean decode context L = 3,000 +
// 2,000 / 2 = 4,000; KV per sequence 35,136 x 4,000 = 1.40544e8 B: HBM allows (1.86624e13 - 3.774375e11) /
// 1.40544e8 = 130,101 sequences, the engine 18 x 72 x 22 = 28,512: B = 28,512.
// Prefill: t_p = (2 x 37e9 + 16,990,208 x 1,500) / 1.26e18 = 9.9485312e10 / 1.26e18 = 7.895660e-8 s per token.
// Weights read: every expert, W = 3.774375e11 B; KV read 28,512 x 1.40544e8 = 4.007191e12 B.
// Memory 4.384628e12 / 1.1088e15 = 3.954390e-3 s > compute 28,512 x (7.4e10 + 16,990,208 x 4,000) / 1.26e18 =
// 3.212371e-3 s: memory-bound. Overhead 61 layers x 120 us = 7.32e-3 s: the step is 1.127439e-2 s.
// T_out = 1 / (1.127439e-2 / 28,512 + 1.5 x 7.895660e-8) = 1 / 5.138610e-7 = 1,946,051 tokens/s per instance
// (68.25 per user); one instance per rack; x (1 + 3,000 / 2,000) = 4,865,128 tokens processed per second per
// rack: the ceiling. At Vera Rubin's realized fraction of 30% a fleet of them serves 1,459,539 per rack.
TEST(BuiltinCatalog, RooflineRateMatchesAHandCalculation) {
  const models::Platform* vr = builtin_catalog().find("vera_rubin_nvl72");
  ASSERT_NE(vr, nullptr);
  EXPECT_EQ(vr->serving_rate_from, models::ServingRateFrom::kRoofline);
  EXPECT_NEAR(vr->serving_tokens_per_s, 4'865'128.5, 1.0);
  const models::ServingRate r = models::roofline_serving(*vr, builtin_catalog().serving);
  EXPECT_EQ(r.batch, 28'512);
  EXPECT_EQ(r.limit, models::BatchLimit::kEngine);
  EXPECT_NEAR(r.prefill_s_per_input_token, 7.895660e-8, 1e-13);
  EXPECT_NEAR(r.decode.memory_s, 3.954390e-3, 1e-9);
  EXPECT_NEAR(r.decode.compute_s, 3.212371e-3, 1e-9);
  EXPECT_NEAR(r.decode.overhead_s, 7.32e-3, 1e-12);
  EXPECT_NEAR(r.tokens_per_s_per_user, 68.25, 0.01);
  EXPECT_NEAR(r.output_tokens_per_s_per_rack, 1'946'051.4, 0.5);
  EXPECT_DOUBLE_EQ(vr->realized_fraction, 0.3);
  EXPECT_NEAR(models::realized_tokens_per_s(*vr), 1'459'538.5, 0.5);
}

// Every platform serves at its roofline; decode is memory-bound everywhere, so bandwidth, not FLOPS, orders them.
TEST(BuiltinCatalog, EveryPlatformServesAtItsRoofline) {
  const models::Catalog& catalog = builtin_catalog();
  for (const models::Platform& p : catalog.platforms) {
    EXPECT_EQ(p.serving_rate_from, models::ServingRateFrom::kRoofline) << p.id;
    const models::ServingRate r = models::roofline_serving(p, catalog.serving);
    EXPECT_GT(r.batch, 0) << p.id;
    EXPECT_TRUE(r.decode.memory_bound()) << p.id;
    EXPECT_DOUBLE_EQ(p.serving_tokens_per_s, r.total_tokens_per_s_per_rack) << p.id;
    // The per-layer overhead keeps every platform's per-user rate at maximum throughput below 100 tokens/s.
    EXPECT_LT(r.tokens_per_s_per_user, 100.0) << p.id;
  }
  // At FP4, GB300's 1.5x FP4 shortens prefill: it serves more than GB200 at the same 8 TB/s.
  EXPECT_GT(catalog.find("gb300_nvl72")->serving_tokens_per_s, catalog.find("gb200_nvl72")->serving_tokens_per_s);
}

// Each platform's realized fraction, as configs/platforms.yaml states and docs/validation.md calibrates it: H100 35%
// (half of DeepSeek's 0.696 of the H100 ceiling), GB200 35% x 4.8 / 5.60 = 30% (SGLang's GB200/H100 ratio against
// the ceilings'), GB300, Vera Rubin and Rubin Ultra as GB200.
TEST(BuiltinCatalog, RealizedFractionPerPlatform) {
  const models::Catalog& catalog = builtin_catalog();
  const std::map<std::string, double> expected{{"hgx_h100", 0.35},
                                               {"gb200_nvl72", 0.30},
                                               {"gb300_nvl72", 0.30},
                                               {"vera_rubin_nvl72", 0.30},
                                               {"rubin_ultra_nvl576", 0.30}};
  ASSERT_EQ(catalog.platforms.size(), expected.size());
  for (const models::Platform& p : catalog.platforms) {
    EXPECT_DOUBLE_EQ(p.realized_fraction, expected.at(p.id)) << p.id;
    EXPECT_EQ(p.realized_from, models::RealizedFrom::kCatalog) << p.id;
    EXPECT_DOUBLE_EQ(models::realized_tokens_per_s(p), expected.at(p.id) * p.serving_tokens_per_s) << p.id;
  }
  // The calibration's arithmetic: ceilings per package GB200 1,603,181 / 72 = 22,266 and H100 127,173 / 32 = 3,974
  // (ratio 5.60); the fractions bring GB200's realized rate per GW of IT power to 4.8 x (72 / 132 kW) / (32 /
  // 40.8 kW) = 3.34x H100's, SGLang's 4.8x per GPU on gwsim's rack power.
  const models::Platform* h100 = catalog.find("hgx_h100");
  const models::Platform* gb200 = catalog.find("gb200_nvl72");
  const double ratio_per_package = (gb200->serving_tokens_per_s / 72.0) / (h100->serving_tokens_per_s / 32.0);
  EXPECT_NEAR(ratio_per_package, 5.60, 0.01);
  const DefaultPlant plant = builtin_default_plant();
  auto realized_per_gw = [&](const models::Platform* p) {
    return 1e9 / models::rack_power_on_basis_w(plant.chain, p->peak_power_w, models::GwBasis::kIt) *
           models::realized_tokens_per_s(*p);
  };
  const double evidence = 4.8 * (72.0 / 132.0) / (32.0 / 40.8);  // 3.340
  EXPECT_NEAR(realized_per_gw(gb200) / realized_per_gw(h100), evidence, 0.05 * evidence);
  // Realized per GW still rises with each generation from Blackwell on.
  EXPECT_GT(realized_per_gw(catalog.find("vera_rubin_nvl72")), realized_per_gw(catalog.find("gb300_nvl72")));
  EXPECT_GT(realized_per_gw(catalog.find("rubin_ultra_nvl576")), realized_per_gw(catalog.find("vera_rubin_nvl72")));
}

// The interactivity tiers gwsim catalog prints. At 100 output tokens/s per user Vera Rubin's batch falls from the
// engine's 28,512 to the largest B with 1 / (t_o + (W + B k L) / BW + B x 1.5 t_p) >= 100:
// B <= (0.01 - 7.32e-3 - 3.774375e11 / 1.1088e15) / (1.40544e8 / 1.1088e15 + 1.5 x 7.895660e-8)
//    = (0.01 - 7.32e-3 - 3.404018e-4) / (1.267532e-7 + 1.184349e-7) = 2.339598e-3 / 2.451881e-7 = 9,542.05 -> 9,542,
// at 100.0001 tokens/s per user: 954,201 output and 2,385,503 processed tokens/s per rack (49% of the ceiling).
// At 50 tokens/s per user H100 (26.4 per user at maximum throughput) is cut to a small batch; Vera Rubin keeps its
// engine batch (68.25 per user).
TEST(BuiltinCatalog, InteractivityTiersBind) {
  const models::Platform* vr = builtin_catalog().find("vera_rubin_nvl72");
  models::ServingReference tier = builtin_catalog().serving;
  tier.operating_point.min_tokens_per_s_per_user = 100.0;
  const models::ServingRate at100 = models::roofline_serving(*vr, tier);
  EXPECT_EQ(at100.limit, models::BatchLimit::kInteractivity);
  EXPECT_EQ(at100.batch, 9'542);
  EXPECT_NEAR(at100.tokens_per_s_per_user, 100.0001, 1e-4);
  EXPECT_NEAR(at100.total_tokens_per_s_per_rack, 2'385'503.1, 0.5);
  tier.operating_point.min_tokens_per_s_per_user = 50.0;
  EXPECT_EQ(models::roofline_serving(*vr, tier).batch, 28'512);
  const models::Platform* h100 = builtin_catalog().find("hgx_h100");
  const models::ServingRate h100_at50 = models::roofline_serving(*h100, tier);
  EXPECT_EQ(h100_at50.limit, models::BatchLimit::kInteractivity);
  const models::ServingHardware hw = models::serving_hardware(*h100, h100->serving_precision);
  const models::ReferenceModel shape = models::served_shape(*h100, tier);
  const std::int64_t b = h100_at50.batch;
  EXPECT_GE(models::output_tokens_per_s_per_instance(hw, shape, tier.operating_point, b) / b, 50.0);
  EXPECT_LT(models::output_tokens_per_s_per_instance(hw, shape, tier.operating_point, b + 1) / (b + 1), 50.0);
}

// Dense FP8 per GW of facility power at the defaults (PUE 1.2, 15% non-GPU IT): facility per rack = peak x 1.2 /
// 0.85. GB300: 135 kW -> 190,588.2 W, 5,246.9 racks per GW x 360 PF = 1,888.9 EF; Vera Rubin: 227 kW ->
// 320,470.6 W, 3,120.4 racks x 1,200 PF = 3,744.5 EF. GB300 no longer looks ahead of Vera Rubin.
TEST(BuiltinCatalog, DenseFp8PerGwOrdersTheGenerations) {
  const DefaultPlant plant = builtin_default_plant();
  EXPECT_DOUBLE_EQ(plant.chain.pue, 1.2);
  EXPECT_DOUBLE_EQ(plant.chain.non_gpu_it_share, 0.15);
  auto eflops_per_gw = [&plant](const char* id) {
    const models::Platform* p = builtin_catalog().find(id);
    return 1e9 / models::facility_power_per_rack(plant.chain, p->peak_power_w) * p->pflops_fp8_dense / 1e3;
  };
  EXPECT_NEAR(eflops_per_gw("gb300_nvl72"), 1888.9, 0.1);
  EXPECT_NEAR(eflops_per_gw("vera_rubin_nvl72"), 3744.5, 0.1);
  EXPECT_NEAR(eflops_per_gw("gb200_nvl72"), 1931.8, 0.1);  // 132 kW: 5,366.2 racks x 360
  EXPECT_NEAR(eflops_per_gw("hgx_h100"), 1099.4, 0.1);     // 40.8 kW: 17,361.1 racks x 63.328
  EXPECT_LT(eflops_per_gw("gb300_nvl72"), eflops_per_gw("vera_rubin_nvl72"));
}

// The defaults' plant: the capex per MW of facility by category and NVIDIA's networking share.
TEST(BuiltinCatalog, DefaultPlantCapex) {
  const DefaultPlant plant = builtin_default_plant();
  EXPECT_DOUBLE_EQ(plant.facility_capex_per_mw.facility_shell_usd, 6.1e6);
  EXPECT_DOUBLE_EQ(plant.facility_capex_per_mw.electrical_usd, 6.3e6);
  EXPECT_DOUBLE_EQ(plant.facility_capex_per_mw.other_usd, 1.0e6);
  EXPECT_DOUBLE_EQ(plant.nvidia_networking_share, 0.6);
}

const std::string kPlatform =
    "platforms:\n"
    "  - id: a\n"
    "    name: A\n"
    "    gpu_packages: 8\n"
    "    gpu_dies: 16\n"
    "    peak_power: 100 kW\n"
    "    idle_fraction: 30%\n"
    "    pflops_fp8_dense: 16\n"
    "    pflops_fp4_dense: 32\n"
    "    hbm_gb_per_package: 100\n"
    "    hbm_tb_per_s_per_package: 4\n"
    "    serving_precision: fp8\n"
    "    serving_packages_per_instance: 8\n"
    "    cooling: liquid\n"
    "    capex_gpu_systems: $1M\n"
    "    capex_networking: $0.2M\n"
    "    capex_storage: $0.1M\n"
    "    available: 2026-01-01\n";
const std::string kSourcesList =
    "gpu_packages: x, gpu_dies: x, peak_power: x, idle_fraction: x, pflops_fp8_dense: x, pflops_fp4_dense: x, "
    "hbm_gb_per_package: x, hbm_tb_per_s_per_package: x, serving_precision: x, serving_packages_per_instance: x, "
    "cooling: x, capex_gpu_systems: x, capex_networking: x, capex_storage: x, available: x";
const std::string kSources = "    sources: {" + kSourcesList + "}\n";
// The header's worked example of models/serving.hpp as a reference: a dense 70B model, 1,000 in and out.
const std::string kServing =
    "serving:\n"
    "  model: a dense 70B model\n"
    "  total_params: 70B\n"
    "  active_params: 70B\n"
    "  routed_expert_fraction: 1\n"
    "  bytes_per_param_fp8: 1\n"
    "  bytes_per_param_fp4: 0.5625\n"
    "  kv_bytes_per_token: 160000\n"
    "  attention_flop_per_context_token: 2621440\n"
    "  input_tokens: 1000\n"
    "  output_tokens: 1000\n"
    "  prefill_flops_fraction: 50%\n"
    "  decode_bandwidth_fraction: 80%\n"
    "  hbm_usable_fraction: 90%\n"
    "  layers: 80\n"
    "  max_sequences_per_tb_per_s: 2\n"
    "  decode_overhead_us_per_layer: 25\n"
    "  min_tokens_per_s_per_user: 0\n"
    "  realized_fraction: 40%\n"
    "  sources: {model: s, total_params: s, active_params: s, routed_expert_fraction: s,"
    " bytes_per_param_fp8: s, bytes_per_param_fp4: s, kv_bytes_per_token: s, attention_flop_per_context_token: s,"
    " input_tokens: s, output_tokens: s, prefill_flops_fraction: s, decode_bandwidth_fraction: s,"
    " hbm_usable_fraction: s, layers: s, max_sequences_per_tb_per_s: s, decode_overhead_us_per_layer: s,"
    " min_tokens_per_s_per_user: s, realized_fraction: s}\n";

std::string paths_and_messages(const Diagnostics& d) {
  std::string all;
  for (const Diagnostic& x : d.sorted()) all += x.path + ": " + x.message + "\n";
  return all;
}

// models/serving.hpp's worked example on a rack of 8 packages (one instance): 9,899.67 output tokens/s per
// instance, x 2 (1,000 in per 1,000 out) = 19,799.34 processed per rack; the platform states no realized fraction,
// so it takes the section's 40%.
TEST(Catalog, ServingSectionGivesEveryPlatformItsRoofline) {
  Diagnostics d;
  const auto load = parse_catalog(kServing + kPlatform + kSources, "c.yaml", d);
  ASSERT_TRUE(load) << paths_and_messages(d);
  EXPECT_EQ(load->catalog.serving.model, "a dense 70B model");
  EXPECT_EQ(load->serving_sources.at("kv_bytes_per_token"), "s");
  const models::Platform& a = load->catalog.platforms[0];
  EXPECT_EQ(a.serving_rate_from, models::ServingRateFrom::kRoofline);
  EXPECT_NEAR(a.serving_tokens_per_s, 2.0 * 9'899.6718376, 1e-5);
  EXPECT_DOUBLE_EQ(a.realized_fraction, 0.4);
  EXPECT_EQ(a.realized_from, models::RealizedFrom::kCatalogDefault);
  EXPECT_NEAR(models::realized_tokens_per_s(a), 0.4 * 2.0 * 9'899.6718376, 1e-5);
}

// A platform's own realized fraction replaces the section's; it needs the section and a source, and a fraction in
// (0, 1]; the decode overhead may not be negative.
TEST(Catalog, APlatformStatesItsOwnRealizedFraction) {
  const std::string stated = "    realized_fraction: 55%\n";
  const std::string sourced = "    sources: {" + kSourcesList + ", realized_fraction: y}\n";
  {
    Diagnostics d;
    const auto load = parse_catalog(kServing + kPlatform + stated + sourced, "c.yaml", d);
    ASSERT_TRUE(load) << paths_and_messages(d);
    EXPECT_DOUBLE_EQ(load->catalog.platforms[0].realized_fraction, 0.55);
    EXPECT_EQ(load->catalog.platforms[0].realized_from, models::RealizedFrom::kCatalog);
    EXPECT_EQ(load->sources[0].sources.at("realized_fraction"), "y");
  }
  {
    Diagnostics d;
    EXPECT_FALSE(parse_catalog(kPlatform + stated + sourced, "c.yaml", d));
    EXPECT_EQ(paths_and_messages(d),
              "platforms[0].realized_fraction: needs the catalog's 'serving' section (the reference model the "
              "serving rates are for)\n");
  }
  {
    std::string text = kServing + kPlatform + "    realized_fraction: 120%\n" + sourced;
    text.replace(text.find("decode_overhead_us_per_layer: 25"), 32, "decode_overhead_us_per_layer: -5");
    Diagnostics d;
    EXPECT_FALSE(parse_catalog(text, "c.yaml", d));
    EXPECT_EQ(paths_and_messages(d),
              "serving.decode_overhead_us_per_layer: expected a number >= 0, found '-5'\n"
              "platforms[0].realized_fraction: expected a fraction in (0, 1] (a number, or a percentage such as "
              "15%), found '120%'\n");
    const std::vector<Diagnostic> errors = d.sorted();
    ASSERT_EQ(errors.size(), 2u);
    EXPECT_EQ(errors[1].format().substr(0, 43), "c.yaml:39:24: error: platforms[0].realized_");
  }
}

TEST(Catalog, WithoutAServingSectionNoPlatformServes) {
  Diagnostics d;
  const auto load = parse_catalog(kPlatform + kSources, "c.yaml", d);
  ASSERT_TRUE(load) << paths_and_messages(d);
  EXPECT_FALSE(load->catalog.has_serving);
  EXPECT_DOUBLE_EQ(load->catalog.platforms[0].serving_tokens_per_s, 0.0);
  EXPECT_EQ(load->catalog.platforms[0].serving_rate_from, models::ServingRateFrom::kNone);
}

TEST(Catalog, AStatedServingRateReplacesTheRooflineAndNeedsTheSectionAndASource) {
  const std::string stated = "    serving_tokens_per_s: 25000\n";
  {
    Diagnostics d;
    EXPECT_FALSE(parse_catalog(kPlatform + stated + kSources, "c.yaml", d));
    EXPECT_EQ(paths_and_messages(d),
              "platforms[0].serving_tokens_per_s: needs the catalog's 'serving' section (the reference model the "
              "serving rates are for)\n"
              "platforms[0].sources.serving_tokens_per_s: missing source for 'serving_tokens_per_s'\n");
  }
  {
    Diagnostics d;
    const auto load = parse_catalog(
        kServing + kPlatform + stated + "    sources: {" + kSourcesList + ", serving_tokens_per_s: y}\n", "c.yaml", d);
    ASSERT_TRUE(load) << paths_and_messages(d);
    EXPECT_DOUBLE_EQ(load->catalog.platforms[0].serving_tokens_per_s, 25000.0);
    EXPECT_EQ(load->catalog.platforms[0].serving_rate_from, models::ServingRateFrom::kCatalog);
    EXPECT_EQ(load->sources[0].sources.at("serving_tokens_per_s"), "y");
  }
}

// A FLOPS figure without its convention is refused where it is written, naming the key that replaces it; the
// refused entry is reported once, not again for the key and the source it lacks.
TEST(Catalog, AnEntryWithoutAFlopsConventionIsRefused) {
  std::string text = kPlatform + kSources;
  text.replace(text.find("pflops_fp8_dense: 16"), 20, "pflops_fp8: 16");
  text.replace(text.find("pflops_fp8_dense: x"), 19, "pflops_fp8: x");
  Diagnostics d;
  EXPECT_FALSE(parse_catalog(text, "c.yaml", d));
  const std::vector<Diagnostic> errors = d.sorted();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].format(),
            "c.yaml:8:5: error: platforms[0].pflops_fp8: a FLOPS figure must state its convention: use "
            "'pflops_fp8_dense' (dense PFLOP/s per rack, no 2:4 sparsity; divide a sparse vendor figure by its ratio "
            "and say so in its source)\n"
            "      pflops_fp8: 16\n"
            "      ^\n");
  // Without any FLOPS figure, the convention is still asked for: the dense keys are required.
  std::string none = kPlatform + kSources;
  none.erase(none.find("    pflops_fp8_dense: 16\n"), 25);
  Diagnostics d2;
  EXPECT_FALSE(parse_catalog(none, "c.yaml", d2));
  EXPECT_EQ(paths_and_messages(d2), "platforms[0]: missing required key 'pflops_fp8_dense'\n");
}

TEST(Catalog, EarlierKeysAreRefusedWithWhatReplacesThem) {
  std::string text = "serving_model: m\nsources: {serving_model: s}\n" + kPlatform + kSources;
  text.replace(text.find("pflops_fp4_dense: 32"), 20, "pflops_fp4: 32");
  const std::string by_category = "    capex_gpu_systems: $1M\n    capex_networking: $0.2M\n    capex_storage: $0.1M\n";
  text.replace(text.find(by_category), by_category.size(), "    capex: $1.3M\n");
  Diagnostics d;
  EXPECT_FALSE(parse_catalog(text, "c.yaml", d));
  EXPECT_EQ(paths_and_messages(d),
            "serving_model: the reference model is the 'serving' section now: model, precision, request shape and "
            "operating point, each with its source (see configs/platforms.yaml)\n"
            "sources: the sources of the reference model go under 'serving.sources'\n"
            "platforms[0].pflops_fp4: a FLOPS figure must state its convention: use 'pflops_fp4_dense' (dense "
            "PFLOP/s per rack, no 2:4 sparsity; divide a sparse vendor figure by its ratio and say so in its "
            "source)\n"
            "platforms[0].capex: rack capex is stated by category: use 'capex_gpu_systems', 'capex_networking' and "
            "'capex_storage' (USD per rack; building, power and cooling are per MW of facility power, in the "
            "defaults and a scenario's finance)\n");
}

TEST(Catalog, ServingSectionChecks) {
  std::string text = kServing + kPlatform + kSources;
  text.replace(text.find("active_params: 70B"), 18, "active_params: 80B");
  text.replace(text.find("serving_precision: fp8"), 22, "serving_precision: fp6");
  text.replace(text.find("realized_fraction: 40%"), 22, "realized_fraction: 0%");
  Diagnostics d;
  EXPECT_FALSE(parse_catalog(text, "c.yaml", d));
  EXPECT_EQ(paths_and_messages(d),
            "serving.realized_fraction: expected a fraction in (0, 1] (a number, or a percentage such as 15%), found "
            "'0%'\n"
            "platforms[0].serving_precision: expected 'fp8' or 'fp4', found 'fp6'; did you mean 'fp8'?\n");
  text.replace(text.find("serving_precision: fp6"), 22, "serving_precision: fp8");
  text.replace(text.find("realized_fraction: 0%"), 21, "realized_fraction: 40%");
  Diagnostics d2;
  EXPECT_FALSE(parse_catalog(text, "c.yaml", d2));
  EXPECT_EQ(paths_and_messages(d2), "serving.active_params: expected at most total_params (70B), found '80B'\n");
}

// The global precision and the one bytes-per-weight figure of earlier catalogs are refused with what replaces
// them, once each (their replacements are not reported again as missing).
TEST(Catalog, EarlierServingKeysAreRefusedWithWhatReplacesThem) {
  std::string text = kServing + kPlatform + kSources;
  const std::string per_precision = "  bytes_per_param_fp8: 1\n  bytes_per_param_fp4: 0.5625\n";
  text.replace(text.find(per_precision), per_precision.size(), "  precision: fp8\n  bytes_per_param: 1\n");
  Diagnostics d;
  EXPECT_FALSE(parse_catalog(text, "c.yaml", d)) << text;
  EXPECT_EQ(paths_and_messages(d),
            "serving.precision: the precision is per platform now: 'platforms[].serving_precision' (the precision it "
            "is deployed at, with its source)\n"
            "serving.bytes_per_param: bytes per weight are stated per precision: 'bytes_per_param_fp8' and "
            "'bytes_per_param_fp4' (each platform serves at its serving_precision)\n");
  // The engine limit per package of earlier catalogs: refused, pointing at the limit per TB/s.
  std::string per_package = kServing + kPlatform + kSources;
  per_package.replace(per_package.find("max_sequences_per_tb_per_s: 2"), 29, "max_sequences_per_package: 8");
  per_package.replace(per_package.find("max_sequences_per_tb_per_s: s"), 29, "max_sequences_per_package: s");
  Diagnostics d2;
  EXPECT_FALSE(parse_catalog(per_package, "c.yaml", d2));
  EXPECT_EQ(paths_and_messages(d2),
            "serving.max_sequences_per_package: the engine limit is per TB/s of a package's HBM bandwidth now: "
            "'max_sequences_per_tb_per_s' (18 in the built-in catalog: 144 sequences per 8 TB/s package), beside "
            "'decode_overhead_us_per_layer' and 'layers'\n");
}

// A scenario's serving.realized_fraction replaces every platform's; serving.realized_fraction_by_platform replaces
// one platform's, and wins over the global one in either order.
TEST(ScenarioCatalog, RealizedFractionReplacesTheCatalogs) {
  const LoadResult base = load_scenario("tests/data/valid/minimal.yaml", LoadOptions{});
  ASSERT_TRUE(base.scenario);
  EXPECT_DOUBLE_EQ(base.scenario->catalog.find("hgx_h100")->realized_fraction, 0.35);
  const LoadResult r = load_scenario("tests/data/valid/minimal.yaml", LoadOptions{{"serving.realized_fraction=65%"}});
  ASSERT_TRUE(r.scenario) << (r.errors.empty() ? "" : r.errors.front().format());
  for (const models::Platform& p : r.scenario->catalog.platforms) {
    EXPECT_DOUBLE_EQ(p.realized_fraction, 0.65) << p.id;
    EXPECT_EQ(p.realized_from, models::RealizedFrom::kScenario) << p.id;
  }
  EXPECT_DOUBLE_EQ(builtin_catalog().find("hgx_h100")->realized_fraction, 0.35);  // the built-in catalog is untouched
  for (const auto& order : {std::vector<std::string>{"serving.realized_fraction=65%",
                                                     "serving.realized_fraction_by_platform=[{platform: "
                                                     "gb200_nvl72, value: 20%}]"},
                            std::vector<std::string>{"serving.realized_fraction_by_platform=[{platform: "
                                                     "gb200_nvl72, value: 20%}]",
                                                     "serving.realized_fraction=65%"}}) {
    const LoadResult both = load_scenario("tests/data/valid/minimal.yaml", LoadOptions{order});
    ASSERT_TRUE(both.scenario) << (both.errors.empty() ? "" : both.errors.front().format());
    const models::Catalog& c = both.scenario->catalog;
    EXPECT_DOUBLE_EQ(c.find("gb200_nvl72")->realized_fraction, 0.2);
    EXPECT_EQ(c.find("gb200_nvl72")->realized_from, models::RealizedFrom::kScenarioPlatform);
    EXPECT_DOUBLE_EQ(c.find("hgx_h100")->realized_fraction, 0.65);
    EXPECT_DOUBLE_EQ(c.find("vera_rubin_nvl72")->realized_fraction, 0.65);
  }
}

// A scenario's serving rate and rack capex replace the catalog's in its own copy of the catalog.
TEST(ScenarioCatalog, ServingRatesAndRackCapexReplaceTheCatalogs) {
  const LoadResult r = load_scenario(
      "tests/data/valid/minimal.yaml",
      LoadOptions{{"serving.tokens_per_s=[{platform: hgx_h100, value: 50K}]",
                   "finance.rack_capex=[{platform: gb200_nvl72, gpu_systems: $3M, storage: $0.1M}]"}});
  ASSERT_TRUE(r.scenario) << (r.errors.empty() ? "" : r.errors.front().format());
  const models::Catalog& c = r.scenario->catalog;
  EXPECT_DOUBLE_EQ(c.find("hgx_h100")->serving_tokens_per_s, 50e3);
  EXPECT_EQ(c.find("hgx_h100")->serving_rate_from, models::ServingRateFrom::kScenario);
  EXPECT_DOUBLE_EQ(c.find("gb200_nvl72")->capex.gpu_systems_usd, 3e6);
  EXPECT_DOUBLE_EQ(c.find("gb200_nvl72")->capex.networking_usd, 0.77e6);  // not stated: the catalog's
  EXPECT_DOUBLE_EQ(c.find("gb200_nvl72")->capex.storage_usd, 0.1e6);
  // Other platforms, and the built-in catalog, keep their figures.
  EXPECT_EQ(c.find("gb300_nvl72")->serving_rate_from, models::ServingRateFrom::kRoofline);
  EXPECT_EQ(builtin_catalog().find("hgx_h100")->serving_rate_from, models::ServingRateFrom::kRoofline);
  EXPECT_DOUBLE_EQ(builtin_catalog().find("gb200_nvl72")->capex.gpu_systems_usd, 2.55e6);
}

TEST(BuiltinCatalog, EveryPlatformHasEverySource) {
  const std::vector<CatalogEntrySources> sources = builtin_catalog_sources();
  ASSERT_EQ(sources.size(), builtin_catalog().platforms.size());
  for (std::size_t i = 0; i < sources.size(); ++i) {
    EXPECT_EQ(sources[i].id, builtin_catalog().platforms[i].id);
    for (std::string_view key : platform_table().sourced_keys()) {
      // An optional figure (a stated serving rate) has a source when it is stated; the built-in catalog states none.
      if (platform_table().find(key)->need == Need::kOptional) continue;
      auto it = sources[i].sources.find(std::string(key));
      ASSERT_NE(it, sources[i].sources.end()) << sources[i].id << " " << key;
      EXPECT_FALSE(it->second.empty());
    }
  }
}

TEST(BuiltinCatalog, InvalidEmbeddedTextIsALogicError) {
  std::string broken(embedded::platforms_yaml());
  const std::string capex_source = "      capex_storage: \"[I] per package as GB200";
  const auto at = broken.find(capex_source);
  ASSERT_NE(at, std::string::npos);
  broken.insert(at + 6, "x");  // "xcapex_storage": unknown key, and capex_storage has no source
  try {
    parse_catalog_or_throw(broken, "configs/platforms.yaml");
    FAIL() << "expected std::logic_error";
  } catch (const std::logic_error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("platforms[0].sources.xcapex_storage: unknown key 'xcapex_storage'; did you mean "
                        "'capex_storage'?"),
              std::string::npos)
        << what;
    EXPECT_NE(what.find("platforms[0].sources.capex_storage: missing source for 'capex_storage'"), std::string::npos)
        << what;
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
      "    pflops_fp8_dense: -1\n"
      "    pflops_fp4_dense: 0\n"
      "    hbm_gb_per_package: 0\n"
      "    hbm_tb_per_s_per_package: 8\n"
      "    serving_precision: fp8\n"
      "    serving_packages_per_instance: 0\n"
      "    cooling: water\n"
      "    capex_gpu_systems: $1M\n"
      "    capex_networking: -$1M\n"
      "    capex_storage: $0\n"
      "    available: 2026-01-01\n"
      "    sources: {gpu_packages: x, gpu_dies: x, peak_power: x, idle_fraction: x, pflops_fp8_dense: x,"
      " pflops_fp4_dense: x, hbm_gb_per_package: x, hbm_tb_per_s_per_package: x, serving_precision: x,"
      " serving_packages_per_instance: x,"
      " cooling: x, capex_gpu_systems: '', capex_networking: x, capex_storage: x, available: x}\n"
      "  - id: a\n";
  EXPECT_FALSE(parse_catalog(text, "c.yaml", d));
  std::string all;
  for (const Diagnostic& x : d.sorted()) all += x.path + ": " + x.message + "\n";
  EXPECT_EQ(all,
            "platforms[0].gpu_dies: expected a positive multiple of gpu_packages (72), found '100'\n"
            "platforms[0].peak_power: expected a power > 0 W, found '0 kW'\n"
            "platforms[0].pflops_fp8_dense: expected a number >= 0, found '-1'\n"
            "platforms[0].hbm_gb_per_package: expected a number > 0, found '0'\n"
            "platforms[0].serving_packages_per_instance: expected an integer from 1 to 1000000, found '0'\n"
            "platforms[0].cooling: expected 'liquid' or 'air', found 'water'\n"
            "platforms[0].capex_networking: expected an amount of money such as $250K, $5.9M or $10B, found "
            "'-$1M'\n"
            "platforms[0].sources.capex_gpu_systems: expected a non-empty string, found ''\n"
            "platforms[1]: missing required key 'name'\n"
            "platforms[1]: missing required key 'gpu_packages'\n"
            "platforms[1]: missing required key 'gpu_dies'\n"
            "platforms[1]: missing required key 'peak_power'\n"
            "platforms[1]: missing required key 'idle_fraction'\n"
            "platforms[1]: missing required key 'pflops_fp8_dense'\n"
            "platforms[1]: missing required key 'pflops_fp4_dense'\n"
            "platforms[1]: missing required key 'hbm_gb_per_package'\n"
            "platforms[1]: missing required key 'hbm_tb_per_s_per_package'\n"
            "platforms[1]: missing required key 'serving_precision'\n"
            "platforms[1]: missing required key 'serving_packages_per_instance'\n"
            "platforms[1]: missing required key 'cooling'\n"
            "platforms[1]: missing required key 'capex_gpu_systems'\n"
            "platforms[1]: missing required key 'capex_networking'\n"
            "platforms[1]: missing required key 'capex_storage'\n"
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
  EXPECT_EQ(text("facility_capex_per_mw.facility_shell"), "$6.1M");
  EXPECT_EQ(text("facility_capex_per_mw.electrical"), "$6.3M");
  EXPECT_EQ(text("facility_capex_per_mw.other"), "$1.0M");
  EXPECT_EQ(text("nvidia_networking_share"), "60%");
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
