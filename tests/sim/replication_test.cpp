// The sweeps' replication engine (sim/engine/replication.hpp) against SimGrid's (engine.hpp, kOutputsOnly): the
// same scenario must give the same files, byte for byte, on every shipped scenario (daily, hourly, monthly) and on
// Monte Carlo draws of the uncertain ones. Each case runs in its own process (SimGrid runs one simulation per
// process), so SimGrid's run is the reference and is never the program's own output copied into the test.
#include <gtest/gtest.h>

#include <cctype>
#include <cstdint>
#include <ostream>
#include <string>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/engine/replication.hpp"
#include "models/date.hpp"
#include "sim/output/writer.hpp"
#include "sim/scenario/loader.hpp"

namespace {

struct Case {
  std::string name;
  std::string path;
  std::vector<std::string> overrides;
  std::uint64_t replication = 0;
};
void PrintTo(const Case& c, std::ostream* os) { *os << c.name; }

struct Files {
  std::string summary, timeline, sites, events;
};

Files files_of(const gwsim::engine::EngineResult& result, const gwsim::Scenario& s) {
  EXPECT_TRUE(result.failures.empty()) << (result.failures.empty() ? "" : result.failures.front());
  return {gwsim::summary_json(result.record, gwsim::engine::manifest_for(s)), gwsim::timeline_csv(result.record),
          gwsim::sites_csv(result.record), gwsim::events_csv(result.record)};
}

class ReplicationEngine : public ::testing::TestWithParam<Case> {};

TEST_P(ReplicationEngine, GivesSimGridsFilesByteForByte) {
  const Case& c = GetParam();
  const gwsim::TemplateResult t = gwsim::load_template(std::string(GWSIM_SOURCE_DIR) + "/" + c.path, {c.overrides});
  ASSERT_TRUE(t.scenario_template) << (t.errors.empty() ? "" : t.errors.front().format());
  const gwsim::LoadResult drawn = gwsim::sample_scenario(*t.scenario_template, gwsim::template_seed(*t.scenario_template), c.replication);
  ASSERT_TRUE(drawn.scenario);
  const gwsim::Scenario& s = *drawn.scenario;

  const Files fast = files_of(gwsim::engine::run_replication(s), s);
  // Played twice in one process: nothing carries over from one replication to the next.
  const Files again = files_of(gwsim::engine::run_replication(s), s);
  const Files simgrid = files_of(
      gwsim::engine::run_simulation(s, {}, gwsim::engine::EnergyAccounting::kOutputsOnly), s);

  ASSERT_GT(simgrid.timeline.size(), 1000u);  // a real run, not two empty files
  EXPECT_TRUE(fast.summary == simgrid.summary) << "summary.json differs";
  EXPECT_TRUE(fast.timeline == simgrid.timeline) << "timeline.csv differs";
  EXPECT_TRUE(fast.sites == simgrid.sites) << "sites.csv differs";
  EXPECT_TRUE(fast.events == simgrid.events) << "events.csv differs";
  EXPECT_TRUE(again.summary == fast.summary && again.timeline == fast.timeline && again.sites == fast.sites &&
              again.events == fast.events);
}

// The day starts' order is the documented one (day_starts.hpp), in both engines: tranches ordered the same day place
// their orders in scenario order (SimGrid 3.32 alone woke their actors in the reverse order).
TEST(DayStarts, SameDayOrdersArePlacedInScenarioOrder) {
  const gwsim::LoadResult loaded =
      gwsim::load_scenario(std::string(GWSIM_SOURCE_DIR) + "/tests/data/engine/shared-supply-same-day-orders.yaml");
  ASSERT_TRUE(loaded.scenario);
  for (const bool simgrid : {false, true}) {
    const gwsim::engine::EngineResult result =
        simgrid ? gwsim::engine::run_simulation(*loaded.scenario, {}, gwsim::engine::EnergyAccounting::kOutputsOnly)
                : gwsim::engine::run_replication(*loaded.scenario);
    std::vector<std::string> ordered;
    for (const gwsim::Event& e : result.record.events) {
      if (e.kind == gwsim::EventKind::kTrancheOrdered && gwsim::models::to_iso(e.date) == "2026-03-01") {
        ordered.push_back(e.item);
      }
    }
    EXPECT_EQ(ordered, (std::vector<std::string>{"gw1", "gw1a", "gw1b"})) << (simgrid ? "SimGrid" : "replication");
  }
}

std::vector<Case> cases() {
  std::vector<Case> all;
  for (const char* name : {"first-tranche-2026", "first-tranche-2026-uncertain", "rollout-10gw", "rollout-10gw-2026-terms",
                           "rollout-10gw-capacity-contract", "rollout-10gw-n-minus-1", "rollout-10gw-site-d-bridge",
                           "rollout-10gw-transformer-delay", "rollout-10gw-uncertain"}) {
    const std::string path = std::string("scenarios/") + name + ".yaml";
    all.push_back({std::string(name) + "_daily", path, {}, 0});
  }
  // Other output steps: hourly (workload steps and samples every hour), monthly, and rack granularity.
  all.push_back({"first_tranche_hourly", "scenarios/first-tranche-2026.yaml", {"output_step=1h"}, 0});
  all.push_back({"rollout_10gw_hourly_2027", "scenarios/rollout-10gw.yaml", {"output_step=1h", "end=2027-06-30"}, 0});
  all.push_back({"rollout_10gw_monthly", "scenarios/rollout-10gw.yaml", {"output_step=1mo"}, 0});
  all.push_back({"rollout_10gw_racks", "scenarios/rollout-10gw.yaml", {"pod_racks=1", "end=2028-12-31"}, 0});
  // Turns that tie at a day's start: two supply lines of one platform, three tranches ordered the same day.
  all.push_back({"shared_supply_same_day_orders", "tests/data/engine/shared-supply-same-day-orders.yaml", {}, 0});
  all.push_back({"shared_supply_same_day_orders_hourly", "tests/data/engine/shared-supply-same-day-orders.yaml",
                 {"output_step=1h", "end=2026-12-31"}, 0});
  // Monte Carlo draws: delays, demand and failures drawn, sites reaching their days in other orders.
  for (std::uint64_t k : {1u, 2u, 3u, 17u, 44u}) {
    all.push_back({"rollout_10gw_uncertain_rep" + std::to_string(k), "scenarios/rollout-10gw-uncertain.yaml", {}, k});
    all.push_back({"first_tranche_uncertain_rep" + std::to_string(k), "scenarios/first-tranche-2026-uncertain.yaml", {}, k});
  }
  return all;
}

INSTANTIATE_TEST_SUITE_P(Scenarios, ReplicationEngine, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& param) {
                           std::string n = param.param.name;
                           for (char& ch : n) {
                             if (!std::isalnum(static_cast<unsigned char>(ch))) ch = '_';
                           }
                           return n;
                         });

}  // namespace
