// Validation tier: public reference points reproduced with `gwsim run` on small scenarios in the shipped
// catalog's terms (tests/validation/*.yaml), each within a stated tolerance, and the table of docs/validation.md
// checked against the runs. Nothing here is tuned per case: the scenarios use the shipped catalog and defaults,
// and size sites and supply only so that the power target is what limits the racks.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A rack asked for this many tokens per second serves all it can (the demand keys of the serving and energy
// scenarios: 864B tokens a day).
constexpr double kTokensAskedPerS = 864e9 / 86'400.0;
// Tokens per query: the shipped scenarios' ~5,000 tokens processed per prompt, the catalog's reference request.
constexpr double kTokensPerQuery = 5'000.0;
// The PUE of the default power chain, by which a GW of facility power is 1 / 1.2 GW of IT power.
constexpr double kDefaultPue = 1.2;

struct Tolerance {
  std::string text;  // as the table shows it: "±25%" or "factor 2"
  double low = 1.0;  // model / public at least this
  double high = 1.0;  // ... and at most this
};
Tolerance plus_minus(double fraction) {
  char text[32];
  std::snprintf(text, sizeof text, "±%.0f%%", fraction * 100.0);
  return {text, 1.0 - fraction, 1.0 + fraction};
}
Tolerance factor(double f) {
  char text[32];
  std::snprintf(text, sizeof text, "factor %g", f);
  return {text, 1.0 / f, f};
}

struct Case {
  std::string id;        // the row's key in docs/validation.md
  std::string scenario;  // tests/validation/NAME.yaml
  double reference;      // the public figure, in the figure's unit
  Tolerance tolerance;
  std::string unit;      // as the table shows the model's figure
  double per_unit;       // shown value = figure / per_unit
  int decimals;
  double (*figure)(const json& summary);
};

double capex(const json& s, const char* key) { return s.at("capex").at(key).get<double>(); }

const std::vector<Case>& cases() {
  static const std::vector<Case> all = {
      {"colossus-gpus", "colossus", 100'000, plus_minus(0.25), "packages", 1.0, 0,
       [](const json& s) { return s.at("final").at("gpu_packages").get<double>(); }},
      {"abilene-gpus", "abilene", 400'000, plus_minus(0.25), "packages", 1.0, 0,
       [](const json& s) { return s.at("final").at("gpu_packages").get<double>(); }},
      {"abilene-infrastructure", "abilene", 15e9, plus_minus(0.2), "$B", 1e9, 1,
       [](const json& s) {
         return capex(s, "facility_shell_usd") + capex(s, "electrical_usd") + capex(s, "other_usd");
       }},
      {"gb200-per-gw-epoch", "gb200-gigawatt", 29e9, plus_minus(0.2), "$B", 1e9, 1,
       [](const json& s) { return capex(s, "all_in_usd_per_gw"); }},
      {"gb200-per-gw-bernstein", "gb200-gigawatt", 35e9, plus_minus(0.2), "$B", 1e9, 1,
       [](const json& s) { return capex(s, "all_in_usd_per_gw"); }},
      {"vera-rubin-per-gw-nvidia", "vera-rubin-gigawatt", 55e9, plus_minus(0.2), "$B", 1e9, 1,
       [](const json& s) { return capex(s, "all_in_usd_per_gw") * kDefaultPue; }},
      {"vera-rubin-nvidia-content", "vera-rubin-gigawatt", 35e9, plus_minus(0.2), "$B", 1e9, 1,
       [](const json& s) { return capex(s, "nvidia_content_usd_per_gw") * kDefaultPue; }},
      {"gb200-rack-power", "gb200-rack-power", 120.0, plus_minus(0.15), "kW", 1.0, 0,
       [](const json& s) { return s.at("final").at("it_power_mw").get<double>() * 1e3; }},
      {"deepseek-serving", "deepseek-h800-serving", 2'767, factor(2.0), "tokens/s per GPU", 1.0, 0,
       [](const json& s) {
         // The rack serves served / asked of the tokens asked; 32 packages.
         const json& f = s.at("final");
         return kTokensAskedPerS * f.at("served_pflops").get<double>() / f.at("demand_pflops").get<double>() / 32.0;
       }},
      {"chatgpt-energy-per-query", "gb200-energy-per-query", 0.34, factor(2.0), "Wh", 1.0, 2,
       [](const json& s) {
         // FLOP per token = compute asked / tokens asked; tokens served = FLOP served / FLOP per token.
         const double flop_per_token = s.at("final").at("demand_pflops").get<double>() * 1e15 / kTokensAskedPerS;
         const double tokens = s.at("demand").at("served_eflop").get<double>() * 1e18 / flop_per_token;
         const double joules = s.at("totals").at("facility_energy_mwh").get<double>() * 3.6e9;
         return joules / tokens * kTokensPerQuery / 3'600.0;
       }},
  };
  return all;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.id; }

// summary.json of `gwsim run tests/validation/NAME.yaml`, run into a folder of its own.
json run_summary(const std::string& scenario) {
  const fs::path out = fs::temp_directory_path() / ("gwsim-validation-" + std::to_string(::getpid()) + "-" + scenario);
  fs::remove_all(out);
  const gwsim::testing::CommandResult r = gwsim::testing::run_command(
      std::string(GWSIM_BINARY) + " run tests/validation/" + scenario + ".yaml --quiet --force -o " + out.string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  json summary = json::parse(gwsim::testing::read_text(out / "summary.json"), nullptr, false);
  fs::remove_all(out);
  return summary;
}

std::string with_commas(double value, int decimals) {
  char digits[64];
  std::snprintf(digits, sizeof digits, "%.*f", decimals, value);
  std::string s = digits;
  const std::size_t dot = s.find('.');
  std::size_t end = dot == std::string::npos ? s.size() : dot;
  const std::size_t start = s[0] == '-' ? 1 : 0;
  for (std::size_t at = end; at > start + 3; at -= 3) s.insert(at - 3, ",");
  return s;
}

// The end of the case's row in docs/validation.md: "| MODEL UNIT | ERROR | TOLERANCE |".
std::string row_end(const Case& c, double model) {
  char error[32];
  std::snprintf(error, sizeof error, "%+.0f%%", (model / c.reference - 1.0) * 100.0);
  const std::string shown = c.unit == "$B" ? "$" + with_commas(model / c.per_unit, c.decimals) + "B"
                                           : with_commas(model / c.per_unit, c.decimals) + " " + c.unit;
  return "| " + shown + " | " + error + " | " + c.tolerance.text + " |";
}

class Validation : public ::testing::TestWithParam<Case> {};

TEST_P(Validation, WithinItsTolerance) {
  const Case& c = GetParam();
  const json summary = run_summary(c.scenario);
  ASSERT_FALSE(summary.is_discarded());
  const double model = c.figure(summary);
  const double ratio = model / c.reference;
  EXPECT_GE(ratio, c.tolerance.low) << c.id << ": " << row_end(c, model);
  EXPECT_LE(ratio, c.tolerance.high) << c.id << ": " << row_end(c, model);
}

INSTANTIATE_TEST_SUITE_P(PublicFigures, Validation, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           std::string name = param_info.param.id;
                           for (char& ch : name) {
                             if (ch == '-') ch = '_';
                           }
                           return name;
                         });

// docs/validation.md's table shows every case with the model's figure, its error and its tolerance as the runs
// give them: a row per case, its key in backquotes, ending "| MODEL | ERROR | TOLERANCE |".
TEST(ValidationDoc, TableMatchesTheRuns) {
  std::ifstream in("docs/validation.md");
  ASSERT_TRUE(in.good());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::string missing;
  std::string scenario;
  json summary;
  for (const Case& c : cases()) {
    if (c.scenario != scenario) {
      summary = run_summary(c.scenario);
      scenario = c.scenario;
    }
    const std::string end = row_end(c, c.figure(summary));
    bool found = false;
    for (const std::string& line : lines) {
      const bool keyed = line.rfind("| ", 0) == 0 && line.find("`" + c.id + "`") != std::string::npos;
      if (keyed && line.size() >= end.size() && line.compare(line.size() - end.size(), end.size(), end) == 0) {
        found = true;
      }
    }
    if (!found) missing += "`" + c.id + "` ... " + end + "\n";
  }
  EXPECT_TRUE(missing.empty()) << "docs/validation.md lacks these rows (or their ends differ):\n" << missing;
}

}  // namespace
