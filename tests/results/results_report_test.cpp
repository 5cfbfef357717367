#include "sim/sweep/results_report.hpp"

#include <gtest/gtest.h>

#include "tests/results/fixtures.hpp"

namespace gwsim::sweep {
namespace {

using namespace gwsim::sweep::testing;

// Point 0: five ok replications made by hand. Point 1: one failed, one crashed, three never run.
// With n = 5, type 7 puts P10 at h = 0.4, P50 at h = 2, P90 at h = 3.6 (docs/results.md).
void fill(ResultsStore& store) {
  std::vector<Figures> f(5);
  f[0] = {"2026-07-01", {"2027-01-01", "2027-06-01"}, 2000.5, 6001, 1000.125, 6e10, 2e10, 1800, 0.5, 0.5};
  f[1] = {"2026-07-11", {"2027-01-11"}, 1500, 4500, 800, 4.5e10, 1e10, 1400, 0.25, 0.75};
  f[2] = {"2026-07-21", {"2027-01-21", "2027-07-01"}, 2500.25, 7000, 1200, 7e10, 2e10, 2200, 0.75, 0.25};
  f[3] = {std::nullopt, {}, 0, 0, 0, 0, 0, 0, 0, 0};  // nothing ever went live
  f[4] = {"2026-08-10", {"2027-02-10", "2027-05-01", "2028-01-01"}, 3000, 9001, 1500.5, 9e10, 3e10, 2700, 1.0, 0.0};
  std::vector<ReplicationRow> rows;
  for (std::int64_t r = 4; r >= 0; --r) rows.push_back(ok_row(0, r, f[static_cast<std::size_t>(r)]));
  rows.push_back(failed_row(1, 0, ReplicationStatus::kFailed, "engine: no hall space, day 12"));
  rows.push_back(failed_row(1, 1, ReplicationStatus::kCrashed, "killed by signal 9"));
  store.insert(rows);
}

class Report : public ::testing::Test {
 protected:
  Report() : store_(ResultsStore::open(dir_.file("sweep.db"), identity(2, 5), point_rows(2), false)) { fill(store_); }
  ScratchDir dir_;
  ResultsStore store_;
};

TEST_F(Report, ResultsCsvHoldsTheHandComputedPercentiles) {
  const std::string expected =
      "point,name,figure,unit,n,p10,p50,p90,reached\n"
      "0,pue-1.20,replications_ok,replications,5,,,,\n"
      "0,pue-1.20,replications_failed,replications,0,,,,\n"
      "0,pue-1.20,replications_invalid,replications,0,,,,\n"
      "0,pue-1.20,replications_crashed,replications,0,,,,\n"
      "0,pue-1.20,replications_timeout,replications,0,,,,\n"
      "0,pue-1.20,replications_missing,replications,0,,,,\n"
      // Sorted 07-01, 07-11, 07-21, 08-10, never: P10 = 07-01 + 0.4 x 10 days; P90 leans 0.6 on the never.
      "0,pue-1.20,first_tokens_date,date,5,2026-07-05,2026-07-21,not reached,4\n"
      "0,pue-1.20,gw_1_live_date,date,5,2027-01-05,2027-01-21,not reached,4\n"
      // Sorted 05-01, 06-01, 07-01, never, never: P10 = 05-01 + 0.4 x 31 = +12.4 days, rounded to 12.
      "0,pue-1.20,gw_2_live_date,date,5,2027-05-13,2027-07-01,not reached,3\n"
      // One of five reached GW 3: even P10 (h = 0.4) leans on a never.
      "0,pue-1.20,gw_3_live_date,date,5,not reached,not reached,not reached,1\n"
      // Sorted 0, 1500, 2000.5, 2500.25, 3000: 0.4 x 1500; 2000.5; 2500.25 + 0.6 x 499.75.
      "0,pue-1.20,live_capacity_mw,MW,5,600,2000.5,2800.1,\n"
      // Sorted 0, 4500, 6001, 7000, 9001: 0.4 x 4500; 6001; 7000 + 0.6 x 2001. Packages x72, dies x144, PFLOPS x1200.
      "0,pue-1.20,racks,racks,5,1800,6001,8200.6,\n"
      "0,pue-1.20,gpu_packages,packages,5,129600,432072,590443.2,\n"
      "0,pue-1.20,gpu_dies,dies,5,259200,864144,1180886.4,\n"
      "0,pue-1.20,pflops_fp8,PFLOP/s,5,2160000,7201200,9840720,\n"
      // Sorted 0, 800, 1000.125, 1200, 1500.5: 0.4 x 800; 1000.125; 1200 + 0.6 x 300.5.
      "0,pue-1.20,energy_mwh,MWh,5,320,1000.125,1380.3,\n"
      "0,pue-1.20,capex_usd,USD,5,18000000000,60000000000,82000000000,\n"
      "0,pue-1.20,investment_usd,USD,5,4000000000,20000000000,26000000000,\n"
      "0,pue-1.20,peak_facility_power_mw,MW,5,560,1800,2500,\n"
      // Grid sorted 0, .25, .5, .75, 1: P90 = .75 + .6 x .25; buildings sorted 0, 0, .25, .5, .75: P90 = .5 + .6 x .25.
      "0,pue-1.20,binding_share_grid_power,fraction,5,0.1,0.5,0.9,\n"
      "0,pue-1.20,binding_share_buildings,fraction,5,0,0.25,0.65,\n"
      "0,pue-1.20,binding_share_install_crews,fraction,5,0,0,0,\n"
      "0,pue-1.20,binding_share_rack_supply,fraction,5,0,0,0,\n"
      "0,pue-1.20,binding_share_commissioning,fraction,5,0,0,0,\n"
      "0,pue-1.20,binding_share_grid_equipment,fraction,5,0,0,0,\n"
      "0,pue-1.20,binding_share_generation_supply,fraction,5,0,0,0,\n"
      "1,pue-1.21,replications_ok,replications,0,,,,\n"
      "1,pue-1.21,replications_failed,replications,1,,,,\n"
      "1,pue-1.21,replications_invalid,replications,0,,,,\n"
      "1,pue-1.21,replications_crashed,replications,1,,,,\n"
      "1,pue-1.21,replications_timeout,replications,0,,,,\n"
      "1,pue-1.21,replications_missing,replications,3,,,,\n"
      "1,pue-1.21,first_tokens_date,date,0,,,,0\n"
      "1,pue-1.21,gw_1_live_date,date,0,,,,0\n"
      "1,pue-1.21,gw_2_live_date,date,0,,,,0\n"
      "1,pue-1.21,gw_3_live_date,date,0,,,,0\n"
      "1,pue-1.21,live_capacity_mw,MW,0,,,,\n"
      "1,pue-1.21,racks,racks,0,,,,\n"
      "1,pue-1.21,gpu_packages,packages,0,,,,\n"
      "1,pue-1.21,gpu_dies,dies,0,,,,\n"
      "1,pue-1.21,pflops_fp8,PFLOP/s,0,,,,\n"
      "1,pue-1.21,energy_mwh,MWh,0,,,,\n"
      "1,pue-1.21,capex_usd,USD,0,,,,\n"
      "1,pue-1.21,investment_usd,USD,0,,,,\n"
      "1,pue-1.21,peak_facility_power_mw,MW,0,,,,\n"
      "1,pue-1.21,binding_share_grid_power,fraction,0,,,,\n"
      "1,pue-1.21,binding_share_buildings,fraction,0,,,,\n"
      "1,pue-1.21,binding_share_install_crews,fraction,0,,,,\n"
      "1,pue-1.21,binding_share_rack_supply,fraction,0,,,,\n"
      "1,pue-1.21,binding_share_commissioning,fraction,0,,,,\n"
      "1,pue-1.21,binding_share_grid_equipment,fraction,0,,,,\n"
      "1,pue-1.21,binding_share_generation_supply,fraction,0,,,,\n";
  EXPECT_EQ(results_csv(store_), expected);
}

TEST_F(Report, ReplicationsCsvHasOneRowPerReplicationInCanonicalOrder) {
  const std::string csv = replications_csv(store_);
  const std::string header =
      "point,replication,seed,status,error,first_tokens_date,gw_live_dates,live_capacity_mw,racks,gpu_packages,"
      "gpu_dies,pflops_fp8,energy_mwh,capex_usd,investment_usd,peak_facility_power_mw,binding_share_grid_power,"
      "binding_share_buildings,binding_share_install_crews,binding_share_rack_supply,binding_share_commissioning,"
      "binding_share_grid_equipment,binding_share_generation_supply\n";
  const std::string expected =
      header +
      "0,0,1000,ok,,2026-07-01,2027-01-01;2027-06-01,2000.5,6001,432072,864144,7201200,1000.125,60000000000,"
      "20000000000,1800,0.5,0.5,0,0,0,0,0\n"
      "0,1,1001,ok,,2026-07-11,2027-01-11,1500,4500,324000,648000,5400000,800,45000000000,10000000000,1400,0.25,"
      "0.75,0,0,0,0,0\n"
      "0,2,1002,ok,,2026-07-21,2027-01-21;2027-07-01,2500.25,7000,504000,1008000,8400000,1200,70000000000,"
      "20000000000,2200,0.75,0.25,0,0,0,0,0\n"
      "0,3,1003,ok,,,,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0\n"
      "0,4,1004,ok,,2026-08-10,2027-02-10;2027-05-01;2028-01-01,3000,9001,648072,1296144,10801200,1500.5,"
      "90000000000,30000000000,2700,1,0,0,0,0,0,0\n"
      "1,0,7,failed,\"engine: no hall space, day 12\",,,,,,,,,,,,,,,,,,\n"
      "1,1,7,crashed,killed by signal 9,,,,,,,,,,,,,,,,,,\n";
  EXPECT_EQ(csv, expected);
}

TEST_F(Report, TextReportShowsCountsPercentilesAndNotReached) {
  const std::string text = results_text(store_);
  EXPECT_TRUE(text.starts_with("Sweep pue-sweep: 2 point(s) x 5 replication(s) (spec sha256 aaa111, gwsim 0.1.0)\n"
                               "7 of 10 replications stored, 5 ok\n"))
      << text;
  const auto has = [&](const std::string& line) { return text.find(line) != std::string::npos; };
  EXPECT_TRUE(has("  point  name      ok / planned  failed  invalid  crashed  timeout  missing\n")) << text;
  EXPECT_TRUE(has("      0  pue-1.20         5 / 5       0        0        0        0        0\n")) << text;
  EXPECT_TRUE(has("      1  pue-1.21         0 / 5       1        0        1        0        3\n")) << text;
  EXPECT_TRUE(has("\nPoint 0: pue-1.20 (sites[0].pue=1.20, seed=7)\n")) << text;
  EXPECT_TRUE(has("  first tokens (date)  ")) << text;
  EXPECT_TRUE(has("2026-07-05   2026-07-21  not reached   4 of 5\n")) << text;
  EXPECT_TRUE(has("not reached  not reached  not reached   1 of 5\n")) << text;  // GW 3
  EXPECT_TRUE(has("8,201")) << text;          // racks P90 8200.6, no decimals
  EXPECT_TRUE(has("1,180,886")) << text;      // dies P90 1180886.4
  EXPECT_TRUE(has("2,800.1\n")) << text;      // live capacity P90 (MW)
  EXPECT_TRUE(has("18.00        60.00        82.00\n")) << text;  // capex ($B)
  EXPECT_TRUE(has("10.0         50.0         90.0\n")) << text;  // grid_power binding (%)
  EXPECT_TRUE(has("\nPoint 1: pue-1.21 (sites[0].pue=1.21, seed=7)\n  no ok replications\n")) << text;
}

// A summary of the fixture with GW 1 live gated by `gate` on `date`, and three draws.
std::string with_drivers(const std::string& date, const std::string& gate, const std::string& slip,
                         const std::string& start, const std::string& capex) {
  Figures f;
  f.first_tokens = "2026-07-01";
  f.gw_live = {date};
  std::string s = summary(f);
  const std::string manifest = "\"manifest\": {\"seed\": 1, \"replication\": 0}";
  s.replace(s.find(manifest), manifest.size(),
            "\"milestones\": [{\"name\": \"GW 1 live\", \"date\": \"" + date + "\", \"gated_by\": {\"kind\": \"" +
                gate + "\", \"site\": \"a\", \"item\": \"x\"}, \"gate_lead_days\": 3}],\n"
                "  \"manifest\": {\"seed\": 1, \"replication\": 0, \"draws\": {\"draws.slip\": \"" + slip +
                "\", \"supply[0].start\": \"" + start + "\", \"finance.capex\": \"" + capex + "\"}}");
  return s;
}

// What drives the spread, by hand. GW 1 live on days 0, 10, 20, 30 (from 2027-01-01), gated by grid_step, grid_step,
// crews, grid_step. The slip drawn, 10 to 40 days, rises with the date: r = +1. The supply start (days 0, 4, 2, 1
// after 2026-07-01): dx = -1.75, 2.25, 0.25, -0.75 against dy = -15, -5, 5, 15: sxy = 5, sxx = 8.75, syy = 500,
// r = 5 / sqrt(4375) = 0.076, below 0.1 and left out. The capex, $1.1M, $1.0M, $950K, $900K (in $K 1100, 1000, 950,
// 900, mean 987.5: dx = 112.5, 12.5, -37.5, -87.5): sxy = -3250, sxx = 21875, r = -3250 / sqrt(21875 x 500) =
// -0.98; read without the K and M it would be 1.1, 1.0, 950, 900 and rise with the date instead.
TEST(ReportCases, TextSaysWhatDrivesTheSpread) {
  ScratchDir dir;
  ResultsStore store = ResultsStore::open(dir.file("sweep.db"), identity(1, 4), point_rows(1), false);
  const std::string dates[] = {"2027-01-01", "2027-01-11", "2027-01-21", "2027-01-31"};
  const std::string gates[] = {"grid_step", "grid_step", "crews", "grid_step"};
  const std::string slips[] = {"10 days", "20 days", "30 days", "40 days"};
  const std::string starts[] = {"2026-07-01", "2026-07-05", "2026-07-03", "2026-07-02"};
  const std::string capex[] = {"$1.1M", "$1.0M", "$950K", "$900K"};
  std::vector<ReplicationRow> rows;
  for (std::int64_t r = 0; r < 4; ++r) {
    const auto k = static_cast<std::size_t>(r);
    ReplicationRow row = ok_row(0, r);
    row.summary_json = with_drivers(dates[k], gates[k], slips[k], starts[k], capex[k]);
    rows.push_back(row);
  }
  store.insert(rows);
  const std::string text = results_text(store);
  EXPECT_NE(text.find("  What drives the spread:"), std::string::npos) << text;
  EXPECT_NE(text.find("  GW 1 live  grid_step 3, crews 1 of 4  draws.slip +1.00, finance.capex -0.98\n"),
            std::string::npos)
      << text;
  EXPECT_EQ(text.find("supply[0].start +"), std::string::npos) << text;
}

TEST(ReportCases, AnOkSummaryWithoutTheFiguresNamesTheReplication) {
  ScratchDir dir;
  const std::string path = dir.file("sweep.db");
  ResultsStore store = ResultsStore::open(path, identity(1, 2), point_rows(1), false);
  ReplicationRow row = ok_row(0, 1);
  row.summary_json = "{\"first_tokens_date\": null, \"gw_live_dates\": []}";
  store.insert({row});
  try {
    results_csv(store);
    FAIL() << "no StoreError";
  } catch (const StoreError& e) {
    EXPECT_EQ(std::string(e.what()),
              "results store " + path + ": point 0 replication 1: summary.json has no final/live_capacity_mw");
  }
}

TEST(ReportCases, AConstraintBeyondTheKnownOnesGetsItsOwnFigure) {
  ScratchDir dir;
  ResultsStore store = ResultsStore::open(dir.file("sweep.db"), identity(1, 2), point_rows(1), false);
  ReplicationRow with_cooling = ok_row(0, 0);
  const std::string shares = "\"shares\": {";
  with_cooling.summary_json.insert(with_cooling.summary_json.find(shares) + shares.size(), "\"cooling\": 0.5, ");
  store.insert({with_cooling, ok_row(0, 1)});
  const std::string csv = results_csv(store);
  EXPECT_NE(csv.find("0,pue-1.20,binding_share_generation_supply,fraction,2,0,0,0,\n"
                     "0,pue-1.20,binding_share_cooling,fraction,2,0.05,0.25,0.45,\n"),
            std::string::npos)
      << csv;  // the replication without it counts 0: {0, 0.5}
  EXPECT_TRUE(replications_csv(store).starts_with("point,replication,seed,status,error,first_tokens_date,gw_live_dates,"
                                                  "live_capacity_mw,racks,gpu_packages,gpu_dies,pflops_fp8,energy_mwh,"
                                                  "capex_usd,investment_usd,peak_facility_power_mw,"
                                                  "binding_share_grid_power,binding_share_buildings,"
                                                  "binding_share_install_crews,binding_share_rack_supply,"
                                                  "binding_share_commissioning,binding_share_grid_equipment,"
                                                  "binding_share_generation_supply,binding_share_cooling\n"));
}

TEST(ReportCases, AnEmptyStoreReportsCountsOnly) {
  ScratchDir dir;
  const ResultsStore store = ResultsStore::open(dir.file("sweep.db"), identity(1, 2), point_rows(1), false);
  const std::string csv = results_csv(store);
  EXPECT_NE(csv.find("0,pue-1.20,replications_missing,replications,2,,,,\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("0,pue-1.20,first_tokens_date,date,0,,,,0\n"), std::string::npos) << csv;
  EXPECT_EQ(csv.find("gw_1_live_date"), std::string::npos) << csv;  // no replication reached any GW
  EXPECT_EQ(replications_csv(store).find('\n') + 1, replications_csv(store).size());  // header only
  EXPECT_NE(results_text(store).find("no ok replications"), std::string::npos);
}


// Summaries with demand (shortfall days and the rest) get those figures; a store where one ok replication lacks
// them (written before demand existed) leaves them out rather than guess.
std::string with_demand(std::string summary, double shortfall_days, double unserved_eflop, double co2_t) {
  const std::string at = "  \"manifest\"";
  const std::string demand = "  \"demand\": {\"shortfall_days\": " + std::to_string(shortfall_days) +
                             ", \"unserved_eflop\": " + std::to_string(unserved_eflop) +
                             ", \"peak_unserved_pflops\": 1000.0},\n";
  summary.insert(summary.find(at), demand);
  const std::string final_end = "\"investment_usd\": ";
  const std::size_t pos = summary.find(final_end);
  summary.insert(pos, "\"co2_t\": " + std::to_string(co2_t) + ", \"water_m3\": 2000000.0, ");
  return summary;
}

TEST(ReportDemand, ShortfallDaysGetPercentilesWhenEverySummaryHasThem) {
  ScratchDir dir;
  ResultsStore store = ResultsStore::open(dir.file("sweep.db"), identity(1, 5), point_rows(1), false);
  // Shortfall days 0, 10, 20, 30, 40 (sorted): P10 at h = 0.4 -> 4, P50 -> 20, P90 at h = 3.6 -> 36.
  const double days[] = {20, 0, 40, 10, 30};
  std::vector<ReplicationRow> rows;
  for (std::int64_t r = 0; r < 5; ++r) {
    ReplicationRow row = ok_row(0, r, Figures{});
    row.summary_json = with_demand(row.summary_json, days[r], 1000.0 * static_cast<double>(r), 5e6);
    rows.push_back(row);
  }
  store.insert(rows);
  const std::string csv = results_csv(store);
  EXPECT_NE(csv.find("0,pue-1.20,shortfall_days,days,5,4,20,36,\n"), std::string::npos) << csv;
  // Unserved 0, 1000, ..., 4000 EFLOP: P10 400, P50 2000, P90 3600.
  EXPECT_NE(csv.find("0,pue-1.20,unserved_eflop,EFLOP,5,400,2000,3600,\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("0,pue-1.20,co2_t,tCO2,5,5000000,5000000,5000000,\n"), std::string::npos) << csv;
  EXPECT_NE(csv.find("0,pue-1.20,water_m3,m3,5,2000000,2000000,2000000,\n"), std::string::npos) << csv;
}

TEST(ReportDemand, AStoreMixingOldSummariesLeavesTheDemandFiguresOut) {
  ScratchDir dir;
  ResultsStore store = ResultsStore::open(dir.file("sweep.db"), identity(1, 2), point_rows(1), false);
  ReplicationRow with = ok_row(0, 0, Figures{});
  with.summary_json = with_demand(with.summary_json, 5, 100, 1e6);
  store.insert({with, ok_row(0, 1, Figures{})});
  const std::string csv = results_csv(store);
  EXPECT_EQ(csv.find("shortfall_days"), std::string::npos) << csv;
  EXPECT_NE(csv.find("peak_facility_power_mw"), std::string::npos) << csv;
}

}  // namespace
}  // namespace gwsim::sweep
