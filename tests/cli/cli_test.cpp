// The gwsim command as a user runs it: exit codes, what goes to stdout and stderr, what is (not) written.
#include <gtest/gtest.h>
#include <sys/wait.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/output/fields.hpp"
#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;

using Result = gwsim::testing::CommandResult;

Result gwsim(const std::string& args) { return gwsim::testing::run_command(std::string(GWSIM_BINARY) + " " + args); }

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("gwsim-cli-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

std::string first_line(const fs::path& file) {
  const std::string text = gwsim::testing::read_text(file);
  return text.substr(0, text.find('\n'));
}

std::string header_of(const std::vector<const gwsim::StateField*>& columns) {
  std::string h;
  for (const auto* c : columns) h += (h.empty() ? "" : ",") + c->info.name;
  return h;
}

TEST(Cli, HelpAndVersionAreAnsweredByGwsim) {
  const Result help = gwsim("--help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("run"), std::string::npos);
  EXPECT_NE(help.out.find("validate"), std::string::npos);
  EXPECT_NE(help.out.find("catalog"), std::string::npos);
  const Result version = gwsim("--version");
  EXPECT_EQ(version.exit_code, 0);
  EXPECT_EQ(version.out, std::string("gwsim ") + GWSIM_VERSION + "\n");
  const Result run_help = gwsim("run --help");
  EXPECT_EQ(run_help.exit_code, 0);
  EXPECT_NE(run_help.out.find("--set"), std::string::npos);
  EXPECT_NE(run_help.out.find("1h"), std::string::npos);  // --step takes hours
  EXPECT_EQ(run_help.out.find("SimGrid (version"), std::string::npos);  // not SimGrid's own help
}

TEST(Cli, CatalogListsThePlatforms) {
  const Result r = gwsim("catalog");
  EXPECT_EQ(r.exit_code, 0);
  for (const char* id : {"hgx_h100", "gb200_nvl72", "gb300_nvl72", "vera_rubin_nvl72", "rubin_ultra_nvl576"}) {
    EXPECT_NE(r.out.find(id), std::string::npos) << id;
  }
  EXPECT_NE(r.out.find("FLOPS are dense PFLOP/s (no 2:4 sparsity"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("FP8_dense_PF"), std::string::npos) << r.out;
  const Result sources = gwsim("catalog --sources");
  EXPECT_NE(sources.out.find("Bernstein"), std::string::npos);
  EXPECT_NE(sources.out.find("Specifications 1/2 lower without sparsity"), std::string::npos);
}

// The line of a platform in the per-GW table on a basis ("Per GW of IT power", "Per GW of facility power").
std::string per_gw_line(const std::string& out, const std::string& basis, const std::string& id) {
  const std::size_t table = out.find("Per GW of " + basis);
  if (table == std::string::npos) return "no table " + basis;
  const std::size_t at = out.find("\n" + id + " ", table);
  return at == std::string::npos ? "no row " + id : out.substr(at + 1, out.find('\n', at + 1) - at - 1);
}

// Per GW on both bases, labelled, with racks, GPU packages and dies. Vera Rubin (227 kW peak, 72 packages, 144
// dies, 1,200 PF FP8, $8.9M a rack of which $7.8M GPU systems and $1.0M networking) at 15% non-GPU IT, PUE 1.2 and
// $13.4M of facility capex per MW of facility power:
//   IT basis: 227 / 0.85 = 267.06 kW a rack, 1e9 / 267,059 = 3,744.5 racks per GW: 269,604 packages, 539,207 dies,
//   4,493 EF; capex 3,744.5 x $8.9M = $33.33B + 1,200 MW x $13.4M = $16.08B = $49.4B; NVIDIA content 3,744.5 x
//   ($7.8M + 60% x $1.0M) = $31.5B.
//   Facility basis: 267.06 x 1.2 = 320.47 kW, 3,120.4 racks: 224,670 packages, 3,744 EF, $27.77B + $13.4B = $41.2B.
TEST(Cli, CatalogGivesPerGwOnTheItBasisAndTheFacilityBasis) {
  const Result r = gwsim("catalog");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("Per GW of IT power (the gw_basis runs report on)"), std::string::npos) << r.out;
  EXPECT_EQ(per_gw_line(r.out, "IT power", "vera_rubin_nvl72"),
            "vera_rubin_nvl72          3744      269604      539207       4493         49.4          31.5");
  EXPECT_EQ(per_gw_line(r.out, "facility power", "vera_rubin_nvl72"),
            "vera_rubin_nvl72          3120      224670      449339       3744         41.2          26.2");
  // A catalog file lists as the built-in catalog does; a scenario's catalog carries its overrides: GPU systems at
  // $6.8M make the IT-basis all-in 3,744.5 x $7.9M = $29.58B + $16.08B = $45.7B, NVIDIA content 3,744.5 x $7.4M
  // = $27.7B.
  const Result file = gwsim("catalog configs/platforms.yaml");
  ASSERT_EQ(file.exit_code, 0) << file.out;
  EXPECT_EQ(per_gw_line(file.out, "IT power", "vera_rubin_nvl72"), per_gw_line(r.out, "IT power", "vera_rubin_nvl72"));
  const Result scenario = gwsim("catalog scenarios/first-tranche-2026.yaml --set "
                                "'finance.rack_capex=[{platform: vera_rubin_nvl72, gpu_systems: $6.8M}]'");
  ASSERT_EQ(scenario.exit_code, 0) << scenario.out;
  EXPECT_EQ(per_gw_line(scenario.out, "IT power", "vera_rubin_nvl72"),
            "vera_rubin_nvl72          3744      269604      539207       4493         45.7          27.7");
  EXPECT_EQ(gwsim("catalog no-such-file.yaml").exit_code, 2);
}

// The line of a platform in the first table after `heading`.
std::string table_line(const std::string& out, const std::string& heading, const std::string& id) {
  const std::size_t table = out.find(heading);
  if (table == std::string::npos) return "no table " + heading;
  const std::size_t at = out.find("\n" + id + " ", table);
  return at == std::string::npos ? "no row " + id : out.substr(at + 1, out.find('\n', at + 1) - at - 1);
}

// The serving tables: units in the headers; Vera Rubin's row by hand (tests/scenario/catalog_test.cpp works it):
// batch 28,512 at 68.3 output tokens/s per user, ceiling 4,865,128 tokens/s per rack, rho 30% from the catalog,
// realized 1,459,539 per rack and x 3,744.5 racks per GW of IT = 5.465e9; at 50 tokens/s per user the batch and
// ceiling stand, at 100 the batch is 9,542 and the ceiling 2,385,503 (49.0%).
TEST(Cli, CatalogGivesServingCeilingsRealizedRatesAndInteractivityTiers) {
  const Result r = gwsim("catalog");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  for (const char* header : {"user_tok/s", "ceiling_tok/s", "rho_%", "rho_from", "realized_tok/s",
                             "realized_tok/s/GW", "batch@50", "ceiling@50_tok/s", "batch@100", "ceiling@100_tok/s"}) {
    EXPECT_NE(r.out.find(header), std::string::npos) << header;
  }
  EXPECT_EQ(table_line(r.out, "Serving at full load", "vera_rubin_nvl72"),
            "vera_rubin_nvl72     fp4        72   28512           68.3          4865128  30.0 catalog              "
            "        1459539 roofline         5.465e+09");
  EXPECT_EQ(table_line(r.out, "Serving at interactivity tiers", "vera_rubin_nvl72"),
            "vera_rubin_nvl72         28512          4865128    100.0      9542          2385503     49.0");
  // Each platform prints its own fraction: H100 35%.
  EXPECT_NE(table_line(r.out, "Serving at full load", "hgx_h100").find(" 35.0 catalog"), std::string::npos)
      << table_line(r.out, "Serving at full load", "hgx_h100");
  // A scenario's fraction for one platform shows where it comes from.
  const Result scenario = gwsim("catalog scenarios/first-tranche-2026.yaml --set "
                                "'serving.realized_fraction_by_platform=[{platform: vera_rubin_nvl72, value: 45%}]'");
  ASSERT_EQ(scenario.exit_code, 0) << scenario.out;
  EXPECT_NE(table_line(scenario.out, "Serving at full load", "vera_rubin_nvl72").find(" 45.0 scenario (platform)"),
            std::string::npos)
      << scenario.out;
}

// Rubin Ultra's NVIDIA content per GW of IT power is at least Vera Rubin's: 1e9 / (600 kW / 0.85) = 1,416.7 racks
// x ($24M + 60% x $2.0M) = $35.7B against $31.5B; all-in 1,416.7 x $26.2M = $37.1B + 1,200 MW x $13.4M = $53.2B.
TEST(Cli, CatalogRubinUltraContentPerGwAboveVeraRubins) {
  const Result r = gwsim("catalog");
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(per_gw_line(r.out, "IT power", "rubin_ultra_nvl576"),
            "rubin_ultra_nvl576        1417      204000      816000       7083         53.2          35.7");
}

// A realized fraction outside (0, 1], globally or for one platform, is located and exits 2 before anything runs.
TEST(Cli, RealizedFractionOutOfRangeIsInvalidInput) {
  const Result global = gwsim("validate scenarios/first-tranche-2026.yaml --set serving.realized_fraction=150%");
  EXPECT_EQ(global.exit_code, 2);
  EXPECT_NE(global.out.find("--set 'serving.realized_fraction=150%' (argument 3), column 27: error: "
                            "serving.realized_fraction: expected a fraction in (0, 1]"),
            std::string::npos)
      << global.out;
  const Result one = gwsim(
      "validate scenarios/first-tranche-2026.yaml --set "
      "'serving.realized_fraction_by_platform=[{platform: vera_rubin_nvl72, value: 0%}]'");
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_NE(one.out.find("error: serving.realized_fraction_by_platform[0].value: expected a fraction in (0, 1]"),
            std::string::npos)
      << one.out;
}

TEST(Cli, MissingSubcommandOrUnknownOptionIsInvalidInput) {
  EXPECT_EQ(gwsim("").exit_code, 2);
  EXPECT_EQ(gwsim("frobnicate").exit_code, 2);
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml --frobnicate");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--frobnicate"), std::string::npos);
}

TEST(Cli, ValidateAcceptsTheShippedScenarios) {
  for (const char* s : {"scenarios/first-tranche-2026.yaml", "scenarios/rollout-10gw.yaml",
                        "scenarios/rollout-10gw-transformer-delay.yaml", "scenarios/rollout-10gw-2026-terms.yaml"}) {
    const Result r = gwsim(std::string("validate ") + s);
    EXPECT_EQ(r.exit_code, 0) << r.out;
    EXPECT_NE(r.out.find("valid"), std::string::npos);
  }
}

TEST(Cli, InvalidScenarioExitsTwoAndWritesNothing) {
  const fs::path dir = fresh_dir("invalid");
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml --set sites[0].pue=0.5 -o " + dir.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("--set 'sites[0].pue=0.5' (argument 3), column "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("sites[0].pue"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("nothing was run or written"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(gwsim("run no/such/file.yaml -o " + dir.string()).exit_code, 2);
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_EQ(gwsim("run scenarios/first-tranche-2026.yaml --step 1fortnight -o " + dir.string()).exit_code, 2);
  EXPECT_FALSE(fs::exists(dir));
  // Hourly steps must divide the day; --step goes through the scenario's own check.
  const Result five_hours = gwsim("run scenarios/first-tranche-2026.yaml --step 5h -o " + dir.string());
  EXPECT_EQ(five_hours.exit_code, 2);
  EXPECT_NE(five_hours.out.find("output_step: expected an output step"), std::string::npos) << five_hours.out;
  EXPECT_NE(five_hours.out.find("found '5h'"), std::string::npos) << five_hours.out;
  EXPECT_FALSE(fs::exists(dir));
}

// Plan contradictions are warnings: printed like errors, and the run goes on (exit 0). --strict makes them errors
// on run, validate and sweep: exit 2, nothing run or written.
TEST(Cli, WarningsAreReportedAndStrictMakesThemErrors) {
  const std::string scenario = "tests/data/warnings/crews_too_slow.yaml";
  const std::string where = scenario + ":7:29: ";
  const std::string what = "sites[0].install_racks_per_week: the crews install at most 260 racks";
  const fs::path dir = fresh_dir("warned");
  const Result run = gwsim("run " + scenario + " -q -o " + dir.string());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_NE(run.out.find(where + "warning: " + what), std::string::npos) << run.out;
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  fs::remove_all(dir);

  const fs::path strict_dir = fresh_dir("strict");
  const Result strict = gwsim("run " + scenario + " --strict -o " + strict_dir.string());
  EXPECT_EQ(strict.exit_code, 2);
  EXPECT_NE(strict.out.find(where + "error: " + what), std::string::npos) << strict.out;
  EXPECT_NE(strict.out.find("1 error in " + scenario + " (warnings are errors with --strict); nothing was run or "
                            "written."),
            std::string::npos)
      << strict.out;
  EXPECT_FALSE(fs::exists(strict_dir));

  const Result validate = gwsim("validate " + scenario);
  EXPECT_EQ(validate.exit_code, 0);
  EXPECT_NE(validate.out.find("valid (1 site, 1 hall, 1 tranche, 1 supply line, 2026-01-01 to 2026-12-31), with "
                              "1 warning"),
            std::string::npos)
      << validate.out;
  EXPECT_EQ(gwsim("validate --strict " + scenario).exit_code, 2);

  const fs::path sweep_dir = fresh_dir("strict-sweep");
  fs::create_directories(sweep_dir);
  {
    std::ofstream spec(sweep_dir / "spec.yaml");
    spec << "name: warned\nscenario: " << (fs::current_path() / scenario).string() << "\nseed: 1\nreplications: 1\n";
  }
  const std::string spec = (sweep_dir / "spec.yaml").string();
  const Result dry = gwsim("sweep " + spec + " --dry-run");
  EXPECT_EQ(dry.exit_code, 0) << dry.out;
  EXPECT_NE(dry.out.find("warning: " + what), std::string::npos) << dry.out;
  const Result strict_sweep = gwsim("sweep " + spec + " --strict -o " + (sweep_dir / "r.sqlite").string());
  EXPECT_EQ(strict_sweep.exit_code, 2) << strict_sweep.out;
  EXPECT_NE(strict_sweep.out.find("error: " + what), std::string::npos) << strict_sweep.out;
  EXPECT_FALSE(fs::exists(sweep_dir / "r.sqlite"));
  fs::remove_all(sweep_dir);
}

// The printed summary says what summary.json says: each key date, under its milestone name, with what gated it and
// how many days earlier the next constraint would have let its racks go (gate_lead_days), and the run's
// utilization, compute per GW and demand, not only the last day's.
TEST(Cli, PrintedSummaryShowsWhatGatedEachDateAndTheRunsAverages) {
  const fs::path dir = fresh_dir("printed");
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml -o " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const nlohmann::json s = nlohmann::json::parse(gwsim::testing::read_text(dir / "summary.json"));
  ASSERT_GE(s["milestones"].size(), 3u);
  for (const auto& m : s["milestones"]) {
    const std::string lead = "(next constraint " + std::to_string(m["gate_lead_days"].get<int>()) + " day";
    const std::string name = "  " + m["name"].get<std::string>() + " ";
    const auto& g = m["gated_by"];
    bool found = false;
    std::istringstream lines(r.out);
    for (std::string line; std::getline(lines, line);) {
      found = found || (line.rfind(name, 0) == 0 && line.find(m["date"].get<std::string>()) != std::string::npos &&
                        line.find(g["site"].get<std::string>()) != std::string::npos &&
                        line.find(g["item"].get<std::string>()) != std::string::npos &&
                        line.find(lead) != std::string::npos);
    }
    EXPECT_TRUE(found) << m.dump() << "\n" << r.out;
  }
  char expected[200];
  const auto& u = s["utilization"];
  // The printed percentages round the unrounded figures, summary.json's carry 4 decimals: the two may differ by
  // one in the last printed digit when a figure ends in 5 (0.8615 prints 86.1% from 0.86148...).
  double average = 0.0, live = 0.0, peak = 0.0;
  char peak_at[16] = {};
  const std::size_t line = r.out.find("% over the run, ");
  ASSERT_NE(line, std::string::npos) << r.out;
  const std::size_t from = r.out.rfind(' ', line);
  const char* format = " %lf%% over the run, %lf%% while racks were live; peak %lf%% (%10[0-9-])";
  ASSERT_EQ(std::sscanf(r.out.c_str() + from, format, &average, &live, &peak, peak_at), 4)
      << r.out.substr(from, 120);
  EXPECT_NEAR(average, 100 * u["average"].get<double>(), 0.05 + 1e-9);
  EXPECT_NEAR(live, 100 * u["average_while_live"].get<double>(), 0.05 + 1e-9);
  EXPECT_NEAR(peak, 100 * u["peak"].get<double>(), 0.05 + 1e-9);
  EXPECT_EQ(std::string(peak_at), u["peak_at"].get<std::string>());
  EXPECT_NE(r.out.find("GW on the IT basis"), std::string::npos);
  // With thousands separators: 4,493.4 for the first tranche's 4,493.392 EFLOP/s per GW.
  const double per_gw = s["eflops_fp8_per_gw"].get<double>();
  ASSERT_GE(per_gw, 1000.0);
  ASSERT_LT(per_gw, 10000.0);
  std::snprintf(expected, sizeof expected, "compute per GW      %d,%05.1f EFLOP/s FP8 dense per GW live (IT basis)",
                static_cast<int>(per_gw / 1000), per_gw - 1000.0 * static_cast<int>(per_gw / 1000));
  EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  EXPECT_NE(r.out.find("EFLOP/s on average; peak"), std::string::npos);
  // GPUs per GW: 269,712 packages (3,746 racks x 72) over 1,000.402 MW IT (3,746 x 227 kW / 0.85 = 1,000,402 kW)
  // = 269,603.6 per GW; the same from summary.json's own figures, and in the printed line.
  const double packages_per_gw = s["gpu_packages_per_gw"].get<double>();
  EXPECT_NEAR(packages_per_gw, 3746.0 * 72.0 / (3746.0 * 227.0 / 0.85 / 1e6), 0.5);
  EXPECT_NEAR(packages_per_gw,
              s["final"]["gpu_packages"].get<double>() * 1e3 / s["final"]["live_capacity_mw"].get<double>(), 0.5);
  EXPECT_NE(r.out.find("GPU packages        269,712 (269,604 per GW live)"), std::string::npos) << r.out;
  fs::remove_all(dir);
}

// The printed capex line and the live capacity line can be rebuilt from summary.json: capex per GW is capex over
// the live capacity in GW (the IT basis), and the facility capacity printed is final.live_facility_capacity_mw,
// which for a run with one PUE is the IT capacity x that PUE (1.2 in configs/defaults.yaml).
TEST(Cli, PrintedCapexAndCapacityAreInSummaryJson) {
  const fs::path dir = fresh_dir("printed-capex");
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml -o " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  const nlohmann::json s = nlohmann::json::parse(gwsim::testing::read_text(dir / "summary.json"));
  const double it_mw = s["final"]["live_capacity_mw"].get<double>();
  const double facility_mw = s["final"]["live_facility_capacity_mw"].get<double>();
  EXPECT_NEAR(facility_mw, 1.2 * it_mw, 0.01);
  char expected[200];
  std::snprintf(expected, sizeof expected, "%d,%05.1f MW facility)", static_cast<int>(facility_mw / 1000),
                facility_mw - 1000.0 * static_cast<int>(facility_mw / 1000));
  EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  const double capex = s["final"]["capex_usd"].get<double>();
  const double per_gw = capex / (it_mw / 1e3);
  EXPECT_NEAR(s["capex"]["all_in_usd_per_gw"].get<double>(), per_gw, 1e-6 * per_gw);  // MW to 3 decimals in JSON
  std::snprintf(expected, sizeof expected, "$%.2fB all-in, $%.2fB per GW live (IT basis)", capex / 1e9, per_gw / 1e9);
  EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  std::snprintf(expected, sizeof expected, "capex by category   GPU systems $%.2fB",
                s["capex"]["gpu_systems_usd"].get<double>() / 1e9);
  EXPECT_NE(r.out.find(expected), std::string::npos) << expected << "\n" << r.out;
  fs::remove_all(dir);
}

TEST(Cli, RunWritesTheFourFilesWithTheDocumentedColumns) {
  const fs::path dir = fresh_dir("run");
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml --step 1w -o " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("first tokens"), std::string::npos);
  EXPECT_NE(r.out.find("Files in " + dir.string()), std::string::npos);
  EXPECT_EQ(first_line(dir / "timeline.csv"), header_of(gwsim::timeline_fields()));
  EXPECT_EQ(first_line(dir / "sites.csv"), header_of(gwsim::site_fields()));
  EXPECT_EQ(first_line(dir / "events.csv"), "date,kind,site,item,value,unit,value2,unit2,detail");
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  fs::remove_all(dir);
}

TEST(Cli, SameInputsGiveByteIdenticalFiles) {
  const fs::path a = fresh_dir("same-a"), b = fresh_dir("same-b");
  ASSERT_EQ(gwsim("run scenarios/first-tranche-2026.yaml --quiet -o " + a.string()).exit_code, 0);
  ASSERT_EQ(gwsim("run scenarios/first-tranche-2026.yaml --quiet -o " + b.string()).exit_code, 0);
  for (const char* f : {"timeline.csv", "sites.csv", "events.csv", "summary.json"}) {
    const std::string ca = gwsim::testing::read_text(a / f), cb = gwsim::testing::read_text(b / f);
    EXPECT_FALSE(ca.empty()) << f;
    EXPECT_EQ(ca, cb) << f;
  }
  fs::remove_all(a);
  fs::remove_all(b);
}

TEST(Cli, QuietPrintsNothingAndSimGridOptionsPassThrough) {
  const fs::path dir = fresh_dir("quiet");
  const Result r =
      gwsim("run scenarios/first-tranche-2026.yaml --quiet --cfg=contexts/stack-size:8192 -o " + dir.string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out, "");
  // The setting reaches SimGrid: at info level SimGrid reports applying it.
  const Result logged = gwsim("run scenarios/first-tranche-2026.yaml --quiet --force --cfg=contexts/stack-size:8192 "
                              "--log=root.thres:info -o " + dir.string());
  EXPECT_EQ(logged.exit_code, 0) << logged.out;
  EXPECT_NE(logged.out.find("Configuration change: Set 'contexts/stack-size' to '8192'"), std::string::npos)
      << logged.out;
  fs::remove_all(dir);
}

// SimGrid aborts on these; gwsim refuses them before anything runs.
TEST(Cli, SimGridSettingsThatWouldAbortAreRefused) {
  const fs::path dir = fresh_dir("cfg");
  for (const char* bad : {"--cfg=host/model:ptask_L07", "--cfg=contexts/factory:nonsense",
                          "--cfg=contexts/stack-size:abc", "--cfg=no/such:key", "--log=nonsense"}) {
    const Result r = gwsim(std::string("run scenarios/first-tranche-2026.yaml --quiet ") + bad + " -o " + dir.string());
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.out;
    EXPECT_NE(r.out.find(std::string("unexpected argument '") + bad + "'"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(dir / "summary.json"));
  }
  fs::remove_all(dir);
}

// Sweeps and optimizations play their replications without SimGrid's actors: its settings are refused with the
// reason, never silently ignored, and nothing is written.
TEST(Cli, SweepAndOptimizeRefuseSimGridSettings) {
  const fs::path dir = fresh_dir("sweep-cfg");
  const std::string store = (dir / "store.sqlite").string();
  const Result sweep = gwsim("sweep scenarios/sweeps/first-tranche-risk.yaml -q --cfg=contexts/stack-size:8192 -o " + store);
  EXPECT_EQ(sweep.exit_code, 2) << sweep.out;
  EXPECT_NE(sweep.out.find("unexpected argument '--cfg=contexts/stack-size:8192': SimGrid settings apply to gwsim "
                           "run and gwsim rerun only"),
            std::string::npos)
      << sweep.out;
  EXPECT_FALSE(fs::exists(store));
  const Result optimize = gwsim("optimize scenarios/optimize/rollout-10gw-onsite-gas.yaml --log=root.thres:info -o " +
                                (dir / "opt").string());
  EXPECT_EQ(optimize.exit_code, 2) << optimize.out;
  EXPECT_NE(optimize.out.find("gwsim optimize: unexpected argument '--log=root.thres:info'"), std::string::npos)
      << optimize.out;
  EXPECT_FALSE(fs::exists(dir / "opt"));
  fs::remove_all(dir);
}

TEST(Cli, VerboseLogsMilestonesWithTheSimulatedDate) {
  const fs::path dir = fresh_dir("verbose");
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml --quiet -v -o " + dir.string());
  ASSERT_EQ(r.exit_code, 0) << r.out;
  // The log line's date is the simulated one, the same day summary.json gives for first tokens.
  const std::string text = gwsim::testing::read_text(dir / "summary.json");
  const auto key = text.find("\"first_tokens_date\": \"");
  ASSERT_NE(key, std::string::npos);
  const std::string date = text.substr(key + 22, 10);
  EXPECT_NE(r.out.find("[" + date + " 12h] [engine] [info] site-a first_tokens: first pod live"), std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("[debug]"), std::string::npos);  // -v is info; -vv adds debug
  fs::remove_all(dir);
}

TEST(Cli, OutputFolderThatIsAFileIsInvalidInput) {
  const fs::path file = fresh_dir("a-file");
  std::ofstream(file) << "not a folder";
  const Result r = gwsim("run scenarios/first-tranche-2026.yaml -o " + file.string());
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("cannot use output folder '" + file.string() + "'"), std::string::npos) << r.out;
  std::ifstream in(file);
  std::string content;
  std::getline(in, content);
  EXPECT_EQ(content, "not a folder");  // untouched
  fs::remove(file);
}

TEST(Cli, ReplicationChoosesTheDrawsAndIsRecorded) {
  const fs::path a = fresh_dir("rep-a"), b = fresh_dir("rep-b"), c = fresh_dir("rep-c");
  const std::string base = "run scenarios/first-tranche-2026-uncertain.yaml --quiet --step 1mo ";
  ASSERT_EQ(gwsim(base + "--replication 3 -o " + a.string()).exit_code, 0);
  ASSERT_EQ(gwsim(base + "--replication 3 -o " + b.string()).exit_code, 0);
  ASSERT_EQ(gwsim(base + "--replication 4 -o " + c.string()).exit_code, 0);
  const auto read = gwsim::testing::read_text;
  const std::string sa = read(a / "summary.json");
  EXPECT_EQ(sa, read(b / "summary.json"));             // same seed and replication: the same run
  EXPECT_NE(sa, read(c / "summary.json"));             // another replication: other draws
  EXPECT_NE(sa.find("\"replication\": 3"), std::string::npos);
  EXPECT_NE(sa.find("\"draws.transformer_slip\": "), std::string::npos) << sa.substr(sa.find("draws"), 200);
  fs::remove_all(a);
  fs::remove_all(b);
  fs::remove_all(c);
}

// Output steps that divide each other agree at their common dates: every weekly and monthly row is the daily
// row of the same date, byte for byte (timeline.csv and sites.csv).
TEST(Cli, OutputStepsAgreeAtCommonDates) {
  const fs::path daily = fresh_dir("step-d"), weekly = fresh_dir("step-w"), monthly = fresh_dir("step-mo");
  const std::string run = "run scenarios/first-tranche-2026.yaml --quiet --step ";
  ASSERT_EQ(gwsim(run + "1d -o " + daily.string()).exit_code, 0);
  ASSERT_EQ(gwsim(run + "1w -o " + weekly.string()).exit_code, 0);
  ASSERT_EQ(gwsim(run + "1mo -o " + monthly.string()).exit_code, 0);
  for (const char* file : {"timeline.csv", "sites.csv"}) {
    std::set<std::string> daily_rows;
    std::istringstream all(gwsim::testing::read_text(daily / file));
    for (std::string line; std::getline(all, line);) daily_rows.insert(line);
    for (const fs::path& coarse : {weekly, monthly}) {
      std::istringstream rows(gwsim::testing::read_text(coarse / file));
      std::size_t checked = 0;
      for (std::string line; std::getline(rows, line); ++checked) {
        EXPECT_TRUE(daily_rows.count(line)) << coarse / file << ": no daily row equals " << line;
      }
      EXPECT_GT(checked, 20u);
    }
  }
  fs::remove_all(daily);
  fs::remove_all(weekly);
  fs::remove_all(monthly);
}

TEST(Cli, NonEmptyOutputFolderNeedsForce) {
  const fs::path dir = fresh_dir("force");
  fs::create_directories(dir);
  std::ofstream(dir / "notes.txt") << "mine";
  const Result refused = gwsim("run scenarios/first-tranche-2026.yaml --quiet --step 1mo -o " + dir.string());
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.out.find("is not empty; add --force"), std::string::npos) << refused.out;
  EXPECT_FALSE(fs::exists(dir / "summary.json"));
  const Result forced = gwsim("run scenarios/first-tranche-2026.yaml --quiet --step 1mo --force -o " + dir.string());
  EXPECT_EQ(forced.exit_code, 0) << forced.out;
  EXPECT_TRUE(fs::exists(dir / "summary.json"));
  EXPECT_EQ(gwsim::testing::read_text(dir / "notes.txt"), "mine");  // other files are left alone
  fs::remove_all(dir);
}

TEST(Cli, RerunRepeatsARunByteForByteAndRefusesAChangedScenario) {
  const fs::path dir = fresh_dir("rerun");
  fs::create_directories(dir);
  // A private copy of the scenario, so that it can be changed afterwards.
  const fs::path scenario = dir / "scenario.yaml";
  fs::copy_file("scenarios/first-tranche-2026.yaml", scenario);
  const fs::path run = dir / "run";
  ASSERT_EQ(gwsim("run " + scenario.string() + " --quiet --step 1w --seed 9 --set sites[0].pue=1.3 -o " + run.string())
                .exit_code,
            0);
  const Result again = gwsim("rerun " + (run / "summary.json").string());
  EXPECT_EQ(again.exit_code, 0) << again.out;
  EXPECT_NE(again.out.find("byte-identical to the original: timeline.csv sites.csv events.csv finance.csv summary.json"),
            std::string::npos)
      << again.out;
  EXPECT_EQ(gwsim::testing::read_text(run / "rerun" / "timeline.csv"), gwsim::testing::read_text(run / "timeline.csv"));
  std::ofstream(scenario, std::ios::app) << "\n# edited after the run\n";
  const Result changed = gwsim("rerun " + (run / "summary.json").string() + " -o " + (dir / "second").string());
  EXPECT_EQ(changed.exit_code, 2);
  EXPECT_NE(changed.out.find("changed since the run"), std::string::npos) << changed.out;
  EXPECT_FALSE(fs::exists(dir / "second" / "summary.json"));
  EXPECT_EQ(gwsim("rerun " + (dir / "scenario.yaml").string()).exit_code, 2);  // not a summary.json
  fs::remove_all(dir);
}

// A full disk, simulated with a file-size limit (ulimit -f 10: 10 KiB, SIGXFSZ ignored so writes fail with EFBIG):
// the first file (timeline.csv, ~7.6 KB at monthly steps) fits, the second (sites.csv, ~14 KB) does not. The run fails with a clear message and the folder keeps no file at all.
TEST(Cli, FullDiskLeavesNoFileBehind) {
  const fs::path dir = fresh_dir("full");
  const gwsim::testing::CommandResult r = gwsim::testing::run_command(
      "bash -c \"trap '' XFSZ; ulimit -f 10; " + std::string(GWSIM_BINARY) +
      " run scenarios/first-tranche-2026.yaml --quiet --step 1mo -o " + dir.string() + "\"");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("cannot write " + dir.string() + "/sites.csv"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("File too large"), std::string::npos) << r.out;
  ASSERT_TRUE(fs::is_directory(dir));
  EXPECT_TRUE(fs::is_empty(dir)) << "files left in " << dir;
  fs::remove_all(dir);
}

}  // namespace
