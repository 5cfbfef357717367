// Sim tier: capex booked by category on the engine, and summary.json's capex figures, computed by hand on the
// basic scenario (tests/sim/scenario_builder.hpp): 40 racks of $0.7M GPU systems, $0.2M networking and $0.1M
// storage, delivered Jan 5-8; one hall of 10 MW IT at PUE 1.25 (12.5 MW of facility) ready before the start, at
// $1.0M shell, $0.8M electrical and $0.2M other per MW of facility; NVIDIA's networking share 60%.
#include <gtest/gtest.h>

#include <string>

#include "sim/engine/engine.hpp"
#include "sim/output/fields.hpp"
#include "tests/sim/run_helpers.hpp"
#include "tests/sim/scenario_builder.hpp"

namespace gwsim {
namespace {

using models::CapexCategory;
using testing::basic_scenario;
using testing::day;
using testing::row_at;
using testing::run;

// The value of a once-only summary.json figure, by its JSON pointer.
FieldValue summary_value(const RunRecord& r, const std::string& pointer) {
  const std::string name = "basic";
  const SummaryInput input{r, name, 24.0};
  for (const SummaryField& f : summary_fields()) {
    if (pointer_template(f) == pointer) return f.value(input, 0);
  }
  ADD_FAILURE() << "no summary figure " << pointer;
  return {};
}

TEST(Capex, BookedByCategoryAddsUpToTheTotal) {
  const RunRecord r = run(basic_scenario());
  const models::CapexBreakdown& end = r.final_state.capex;
  // Racks: 40 x $0.7M, 40 x $0.2M, 40 x $0.1M.
  EXPECT_DOUBLE_EQ(end[CapexCategory::kGpuSystems], 28e6);
  EXPECT_DOUBLE_EQ(end[CapexCategory::kNetworking], 8e6);
  EXPECT_DOUBLE_EQ(end[CapexCategory::kStorage], 4e6);
  // Hall: 12.5 MW x $1.0M, x $0.8M, x $0.2M.
  EXPECT_DOUBLE_EQ(end[CapexCategory::kFacilityShell], 12.5e6);
  EXPECT_DOUBLE_EQ(end[CapexCategory::kElectrical], 10e6);
  EXPECT_DOUBLE_EQ(end[CapexCategory::kOther], 2.5e6);
  // 28 + 8 + 4 + 12.5 + 10 + 2.5 = $65M, the capex_usd column.
  EXPECT_DOUBLE_EQ(end.total_usd(), 65e6);
  EXPECT_DOUBLE_EQ(r.final_state.capex_usd, end.total_usd());
  // Booked when incurred: the hall on the first day, the first 10 racks on Jan 5.
  const StateRow& jan1 = row_at(r.timeline, day(2026, 1, 1));
  EXPECT_DOUBLE_EQ(jan1.capex[CapexCategory::kFacilityShell], 12.5e6);
  EXPECT_DOUBLE_EQ(jan1.capex[CapexCategory::kGpuSystems], 0.0);
  EXPECT_DOUBLE_EQ(row_at(r.timeline, day(2026, 1, 5)).capex[CapexCategory::kGpuSystems], 7e6);
  // Each site's categories add up to the fleet's.
  ASSERT_EQ(r.site_outcomes.size(), 1u);
  EXPECT_DOUBLE_EQ(r.site_outcomes[0].final_state.capex[CapexCategory::kNetworking], 8e6);
}

TEST(Capex, SummaryFiguresByHand) {
  const RunRecord r = run(basic_scenario());
  EXPECT_DOUBLE_EQ(summary_value(r, "/capex/gpu_systems_usd").number, 28e6);
  EXPECT_DOUBLE_EQ(summary_value(r, "/capex/networking_usd").number, 8e6);
  EXPECT_DOUBLE_EQ(summary_value(r, "/capex/storage_usd").number, 4e6);
  EXPECT_DOUBLE_EQ(summary_value(r, "/capex/facility_shell_usd").number, 12.5e6);
  EXPECT_DOUBLE_EQ(summary_value(r, "/capex/electrical_usd").number, 10e6);
  EXPECT_DOUBLE_EQ(summary_value(r, "/capex/other_usd").number, 2.5e6);
  EXPECT_DOUBLE_EQ(summary_value(r, "/capex/all_in_usd").number, 65e6);
  // NVIDIA content: $28M + 0.6 x $8M = $32.8M.
  EXPECT_NEAR(summary_value(r, "/capex/nvidia_content_usd").number, 32.8e6, 1e-6);
  // Per GW of live capacity: 40 racks x 156.25 kW = 6.25 MW = 0.00625 GW. $65M / 0.00625 = $10.4B per GW;
  // GPU systems $28M / 0.00625 = $4.48B; NVIDIA content $32.8M / 0.00625 = $5.248B.
  EXPECT_NEAR(summary_value(r, "/capex/all_in_usd_per_gw").number, 10.4e9, 1e-3);
  EXPECT_NEAR(summary_value(r, "/capex/gpu_systems_usd_per_gw").number, 4.48e9, 1e-3);
  EXPECT_NEAR(summary_value(r, "/capex/other_usd_per_gw").number, 0.4e9, 1e-3);
  EXPECT_NEAR(summary_value(r, "/capex/nvidia_content_usd_per_gw").number, 5.248e9, 1e-3);
  // Per EFLOP/s of dense FP8: 40 x 10 PF = 0.4 EF: $65M / 0.4 = $162.5M.
  EXPECT_NEAR(summary_value(r, "/capex/all_in_usd_per_eflops_fp8").number, 162.5e6, 1e-6);
}

// Nothing live at the end (the order comes after it): the per-GW and per-EFLOP/s figures are absent (null), the
// hall's capex is still booked.
TEST(Capex, PerGwFiguresAreAbsentWhileNothingIsLive) {
  Scenario s = basic_scenario();
  s.tranches[0].order_date = day(2026, 4, 1);  // after the end
  const RunRecord r = run(s);
  EXPECT_DOUBLE_EQ(summary_value(r, "/capex/all_in_usd").number, 25e6);  // the hall: 12.5 MW x $2M
  EXPECT_FALSE(summary_value(r, "/capex/all_in_usd_per_gw").present);
  EXPECT_FALSE(summary_value(r, "/capex/facility_shell_usd_per_gw").present);
  EXPECT_FALSE(summary_value(r, "/capex/all_in_usd_per_eflops_fp8").present);
}

// A scenario's rack capex replaces the catalog's: the engine books the scenario's copy of the catalog.
TEST(Capex, TheScenariosRackCapexIsBooked) {
  Scenario s = basic_scenario();
  s.catalog.platforms[0].capex.gpu_systems_usd = 1.2e6;  // what finance.rack_capex writes
  const RunRecord r = run(s);
  EXPECT_DOUBLE_EQ(r.final_state.capex[CapexCategory::kGpuSystems], 48e6);  // 40 x $1.2M
  EXPECT_DOUBLE_EQ(r.final_state.capex_usd, 85e6);                          // 65 + 40 x $0.5M
}

}  // namespace
}  // namespace gwsim
