// The planner's question of the power levers, answered as a user would: run rollout-10gw and its what-if
// rollout-10gw-site-d-bridge (300 MW of turbines at site-d, from the gas_turbines line's promised slot), then
// `gwsim diff`, and check how much earlier site-d's first tokens come and what the bridge costs in fuel and carbon,
// by hand from the what-if's stated units, heat rate, fuel price and emission factor; and that docs/models.md
// states the figures this run gives.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;
using gwsim::testing::CommandResult;
using gwsim::testing::read_text;
using Json = nlohmann::json;

// The what-if's stated figures (scenarios/rollout-10gw-site-d-bridge.yaml).
constexpr double kHeatRateMmbtuPerMwh = 9.6;
constexpr double kFuelUsdPerMmbtu = 3.52;
constexpr double kKgCo2PerMmbtu = 53.06;
constexpr double kBridgeMw = 300.0;           // min(permitted cap 300, 10 x 34 MW x 90% = 306)

CommandResult gwsim(const std::string& args) {
  return gwsim::testing::run_command(std::string(GWSIM_BINARY) + " " + args);
}

using Row = std::map<std::string, std::string>;

// sites.csv rows of one site, keyed by date (the file has no quoted fields).
std::map<std::string, Row> site_rows(const fs::path& file, const std::string& site) {
  std::istringstream in(read_text(file));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::istringstream h(line); std::getline(h, line, ',');) header.push_back(line);
  std::map<std::string, Row> rows;
  while (std::getline(in, line)) {
    Row row;
    std::istringstream cells(line);
    std::string cell;
    for (std::size_t i = 0; i < header.size() && std::getline(cells, cell, ','); ++i) row[header[i]] = cell;
    if (row["site"] == site) rows[row["date"]] = row;
  }
  return rows;
}

const Json& site_of(const Json& summary, const std::string& name) {
  for (const Json& s : summary.at("sites")) {
    if (s.at("site") == name) return s;
  }
  throw std::runtime_error("no site " + name);
}

std::string line_with(const std::string& text, const std::string& start) {
  const std::size_t at = text.find(start);
  if (at == std::string::npos) return "";
  return text.substr(at, text.find('\n', at) - at);
}

std::string with_commas(long long n) {
  std::string digits = std::to_string(n);
  for (int i = static_cast<int>(digits.size()) - 3; i > 0; i -= 3) digits.insert(static_cast<std::size_t>(i), ",");
  return digits;
}

class CliBridgeWhatIf : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = fs::temp_directory_path() / ("gwsim-cli-bridge-" + std::to_string(::getpid()));
    fs::remove_all(dir_);
    base_run_ = gwsim("run scenarios/rollout-10gw.yaml -o " + (dir_ / "base").string());
    whatif_run_ = gwsim("run scenarios/rollout-10gw-site-d-bridge.yaml -o " + (dir_ / "bridge").string());
    diff_ = gwsim("diff " + (dir_ / "base").string() + " " + (dir_ / "bridge").string());
  }
  static void TearDownTestSuite() { fs::remove_all(dir_); }

  static Json summary(const std::string& run) { return Json::parse(read_text(dir_ / run / "summary.json")); }

  static inline fs::path dir_;
  static inline CommandResult base_run_, whatif_run_, diff_;
};

TEST_F(CliBridgeWhatIf, SiteDFirstTokensComeFiftyDaysEarlier) {
  ASSERT_EQ(base_run_.exit_code, 0) << base_run_.out;
  ASSERT_EQ(whatif_run_.exit_code, 0) << whatif_run_.out;
  // site-d's hall-1: construction from 2026-06-01 for 12 months (2027-06-01), then 150 days of fit-out: ready
  // 2027-10-29 (29 + 31 + 31 + 30 + 29 days). Its first pod is installed that day (crews of 150 racks a week: ~21
  // racks a day against 16 a pod) and commissioned 14 days later, on 2027-11-12. In the base the racks then wait
  // for the site's first grid step, stated for 2028-01-01; in the what-if the bridge (in service 2027-10-01)
  // carries them. 2027-11-12 to 2028-01-01 = 18 days of November + 31 of December + 1 = 50 days.
  EXPECT_EQ(site_of(summary("base"), "site-d").at("first_live_date"), "2028-01-01");
  EXPECT_EQ(site_of(summary("bridge"), "site-d").at("first_live_date"), "2027-11-12");
  // The base holds that first pod for the grid from 2027-11-12 (racks ready, no power), not before.
  const auto base_d = site_rows(dir_ / "base" / "sites.csv", "site-d");
  EXPECT_EQ(base_d.at("2027-11-11").at("racks_held_grid"), "0");
  EXPECT_EQ(base_d.at("2027-11-12").at("racks_held_grid"), "16");
  // Other sites' first tokens do not move: the bridge is site-d's alone.
  for (const char* site : {"site-a", "site-b", "site-c", "site-e"}) {
    EXPECT_EQ(site_of(summary("base"), site).at("first_live_date"),
              site_of(summary("bridge"), site).at("first_live_date"))
        << site;
  }
}

TEST_F(CliBridgeWhatIf, FuelCostAndCarbonFollowFromTheBridgesOutput) {
  ASSERT_EQ(whatif_run_.exit_code, 0) << whatif_run_.out;
  const auto rows = site_rows(dir_ / "bridge" / "sites.csv", "site-d");
  // Before the grid's first step (2028-01-01) site-d has no grid: the bridge serves all its facility energy. From
  // 2028-01-01 the turbines are backup: racks admitted at peak against the grid alone never draw more than it, so
  // they never run. Generation energy = facility energy through 2027-12-31.
  EXPECT_EQ(rows.at("2027-12-31").at("grid_energy_mwh"), "0.000");
  const double generation_mwh = std::stod(rows.at("2027-12-31").at("energy_mwh"));
  const Json d = site_of(summary("bridge"), "site-d");
  EXPECT_NEAR(d.at("generation_energy_mwh").get<double>(), generation_mwh, 2e-3);
  // No more than 300 MW for the 92 days from 2027-10-01 to 2027-12-31: 662,400 MWh.
  EXPECT_LT(generation_mwh, kBridgeMw * 24.0 * 92.0);
  EXPECT_GT(generation_mwh, 100000.0);  // ~145 GWh: the 16 to 352 racks of Nov-Dec at the demand's loads

  // fuel = MWh x 9.6 MMBtu/MWh; cost = fuel x $3.52; CO2 = fuel x 53.06 kg / 1000 (0.509 t per MWh).
  const double fuel = generation_mwh * kHeatRateMmbtuPerMwh;
  EXPECT_NEAR(d.at("fuel_mmbtu").get<double>(), fuel, 0.05);
  EXPECT_NEAR(d.at("fuel_cost_usd").get<double>(), fuel * kFuelUsdPerMmbtu, 1.0);
  EXPECT_NEAR(d.at("co2_generation_t").get<double>(), fuel * kKgCo2PerMmbtu / 1000.0, 0.01);
  const Json totals = summary("bridge").at("totals");  // the only site with generation
  EXPECT_NEAR(totals.at("fuel_mmbtu").get<double>(), fuel, 0.05);
  EXPECT_NEAR(totals.at("co2_generation_t").get<double>(), fuel * kKgCo2PerMmbtu / 1000.0, 0.01);
  // The cumulative columns stop on the day the grid arrives.
  // (within 0.01 MMBtu: the day the grid arrives, the bridge's last partial step can add a rounding residue)
  EXPECT_NEAR(std::stod(rows.at("2027-12-31").at("fuel_mmbtu")), std::stod(rows.at("2031-12-31").at("fuel_mmbtu")),
              0.01);
  EXPECT_EQ(rows.at("2027-09-30").at("fuel_mmbtu"), "0.000");
  // The grid's carbon at site-d is the base's: before 2028 there was no grid to draw from.
  EXPECT_NEAR(d.at("co2_t").get<double>(), site_of(summary("base"), "site-d").at("co2_t").get<double>(), 1e-3);
  // All sources: grid + generation, at the site and for the fleet.
  EXPECT_NEAR(d.at("co2_all_sources_t").get<double>(),
              d.at("co2_t").get<double>() + d.at("co2_generation_t").get<double>(), 2e-3);
  EXPECT_NEAR(totals.at("co2_all_sources_t").get<double>(),
              totals.at("co2_t").get<double>() + totals.at("co2_generation_t").get<double>(), 2e-3);
}

TEST_F(CliBridgeWhatIf, TheTurbinesComeFromTheLineWithFortyTwoDaysOfFloat) {
  ASSERT_EQ(whatif_run_.exit_code, 0) << whatif_run_.out;
  // The line's slot: 10 units on 2027-09-09, installed 21 days later (2027-09-30); the fleet's in_service
  // 2027-10-01 is later, so it runs from then. site-d's first pod is commissioned on 2027-11-12: 30 + 12 = 42 days
  // of float.
  const Json d = site_of(summary("bridge"), "site-d");
  EXPECT_EQ(d.at("generation_in_service_date"), "2027-10-01");
  EXPECT_EQ(d.at("first_ready_date"), "2027-11-12");
  EXPECT_EQ(d.at("bridge_float_days"), 42);
  EXPECT_TRUE(site_of(summary("base"), "site-d").at("bridge_float_days").is_null());
  EXPECT_NE(whatif_run_.out.find("site-d              generation in service 2027-10-01, first racks ready 2027-11-12: "
                                 "the bridge had 42 days of float"),
            std::string::npos)
      << whatif_run_.out;
}

// docs/models.md states the what-if's answer; it must be this run's, rounded as written there.
TEST_F(CliBridgeWhatIf, TheDocsStateTheRunsFigures) {
  ASSERT_EQ(whatif_run_.exit_code, 0) << whatif_run_.out;
  const std::string doc = read_text("docs/models.md");
  const Json d = site_of(summary("bridge"), "site-d");
  char buf[64];
  const auto expect_in_doc = [&](const std::string& text) {
    EXPECT_NE(doc.find(text), std::string::npos) << "docs/models.md does not state '" << text << "'";
  };
  expect_in_doc(with_commas(std::llround(d.at("generation_energy_mwh").get<double>())) + " MWh");
  expect_in_doc(with_commas(std::llround(d.at("fuel_mmbtu").get<double>())) + " MMBtu");
  std::snprintf(buf, sizeof buf, "$%.2fM", d.at("fuel_cost_usd").get<double>() / 1e6);
  expect_in_doc(buf);
  expect_in_doc(with_commas(std::llround(d.at("co2_generation_t").get<double>())) + " t of CO2");
}

TEST_F(CliBridgeWhatIf, TheLeversCapexIsBookedByCategory) {
  ASSERT_EQ(whatif_run_.exit_code, 0) << whatif_run_.out;
  // The default (configs/defaults.yaml): $1.4M per MW of nameplate. The base has no generation; the what-if adds
  // 10 x 34 MW = 340 MW x $1.4M = $476M, and no battery.
  const Json base = summary("base").at("capex");
  const Json bridge = summary("bridge").at("capex");
  EXPECT_NEAR(base.at("onsite_generation_usd").get<double>(), 0.0, 1e-9);
  EXPECT_NEAR(base.at("battery_storage_usd").get<double>(), 0.0, 1e-9);
  EXPECT_NEAR(bridge.at("onsite_generation_usd").get<double>(), 476e6, 1.0);
  EXPECT_NEAR(bridge.at("battery_storage_usd").get<double>(), 0.0, 1e-9);
  EXPECT_NEAR(bridge.at("all_in_usd").get<double>() - base.at("all_in_usd").get<double>(), 476e6, 1.0);
}

// The sum of one column of finance.csv (dates and numbers: no quoted fields).
double column_sum(const fs::path& file, const std::string& column) {
  std::istringstream in(read_text(file));
  std::string line;
  std::getline(in, line);
  std::size_t index = 0;
  bool found = false;
  {
    std::istringstream h(line);
    for (std::string name; std::getline(h, name, ','); ++index) {
      if (name == column) {
        found = true;
        break;
      }
    }
  }
  EXPECT_TRUE(found) << column;
  double sum = 0.0;
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    std::string cell;
    for (std::size_t i = 0; i <= index && std::getline(cells, cell, ','); ++i) {
    }
    sum += std::stod(cell);
  }
  return sum;
}

// The bridge's money is in the cash flow: its $476M of turbines paid on their in-service day, its fuel as opex.
TEST_F(CliBridgeWhatIf, TheCashFlowPaysTheTurbinesAndTheirFuel) {
  ASSERT_EQ(whatif_run_.exit_code, 0) << whatif_run_.out;
  const fs::path base = dir_ / "base" / "finance.csv";
  const fs::path bridge = dir_ / "bridge" / "finance.csv";
  EXPECT_NEAR(column_sum(bridge, "capex_paid_usd") - column_sum(base, "capex_paid_usd"), 476e6, 1.0);
  EXPECT_NEAR(column_sum(base, "opex_fuel_usd"), 0.0, 1e-9);
  // Fuel cost = MMBtu burnt x $3.52, from the summary's fuel (a second route to the same figure); finance.csv
  // writes each row to the dollar, so the sum may be off by up to $0.50 for each of the 92 days the bridge runs.
  const double fuel = summary("bridge").at("totals").at("fuel_mmbtu").get<double>();
  EXPECT_NEAR(column_sum(bridge, "opex_fuel_usd"), fuel * kFuelUsdPerMmbtu, 0.5 * 92);
  EXPECT_GT(column_sum(bridge, "opex_fuel_usd"), 7.5e6);  // ~2.22M MMBtu x $3.52 = $7.82M (docs/models.md)
  // All capex booked is paid by the end (the shipped terms pay every share by going live).
  EXPECT_NEAR(column_sum(bridge, "capex_paid_usd"), summary("bridge").at("capex").at("all_in_usd").get<double>(),
              1.0);
}

TEST_F(CliBridgeWhatIf, DiffShowsTheSitesFirstTokensAndTheFuelAndCarbon) {
  if (diff_.exit_code != 0 && diff_.out.find("matplotlib") != std::string::npos) {
    GTEST_SKIP() << "gwsim diff needs python3-matplotlib: " << diff_.out;
  }
  ASSERT_EQ(diff_.exit_code, 0) << diff_.out;
  const std::string site_d = line_with(diff_.out, "Site site-d first live");
  EXPECT_NE(site_d.find("2028-01-01   2027-11-12  -50 days (earlier)"), std::string::npos) << site_d;
  EXPECT_NE(line_with(diff_.out, "Site site-a first live").find("no change"), std::string::npos) << diff_.out;
  // The figures as the diff shows them: whole MMBtu and tonnes with commas, fuel cost in $M with 2 decimals.
  const Json d = summary("bridge").at("totals");
  const std::string fuel = line_with(diff_.out, "Fuel burnt (MMBtu)");
  EXPECT_NE(fuel.find("+" + with_commas(std::llround(d.at("fuel_mmbtu").get<double>()))), std::string::npos) << fuel;
  const std::string cost = line_with(diff_.out, "Fuel cost ($M)");
  char cost_text[32];
  std::snprintf(cost_text, sizeof cost_text, "+%.2f", d.at("fuel_cost_usd").get<double>() / 1e6);
  EXPECT_NE(cost.find(cost_text), std::string::npos) << cost;
  const std::string co2 = line_with(diff_.out, "Carbon: on-site generation (Scope 1) (tCO2)");
  EXPECT_NE(co2.find("+" + with_commas(std::llround(d.at("co2_generation_t").get<double>()))), std::string::npos)
      << co2;
  // The net change of all sources, grid saved and generation burnt together.
  const Json a = summary("base").at("totals");
  const double net = d.at("co2_all_sources_t").get<double>() - a.at("co2_all_sources_t").get<double>();
  const std::string all = line_with(diff_.out, "Carbon: all sources (Scope 1 + 2) (tCO2)");
  EXPECT_NE(all.find((net >= 0 ? "+" : "-") + with_commas(std::llround(std::fabs(net)))), std::string::npos) << all;
}

}  // namespace
