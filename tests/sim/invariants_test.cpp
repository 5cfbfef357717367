// The engine's invariant check (sim/engine/invariants.hpp): each kind of violation is caught, with its context.
#include "sim/engine/invariants.hpp"

#include <gtest/gtest.h>

namespace gwsim::engine {
namespace {

StateRow good_row() {
  StateRow r;
  r.date = models::date_from_civil(2026, 7, 2);
  r.site = "alpha";
  r.live = models::FleetCounts{10, 720, 1440, 12000.0, 36000.0};
  r.racks_installed = 12;
  r.racks_delivered = 20;
  r.racks_ordered = 40;
  r.it_power_mw = 2.0;
  r.it_energy_mwh = 148.0;
  r.energy_mwh = 177.6;
  r.live_capacity_mw = 3.2;
  r.live_facility_capacity_mw = 3.2;
  r.capex_usd = 5e7;
  return r;
}

StateRow yesterday() {
  StateRow r = good_row();
  r.date = models::date_from_civil(2026, 7, 1);
  r.it_energy_mwh = 100.0;  // + 2 MW x 24 h = 148
  r.energy_mwh = 120.0;
  return r;
}

SiteLimits good_limits() {
  SiteLimits limits;
  limits.facility_limit_mw = 5.0;
  limits.hall_rack_power_w = 2.0e6;
  limits.hall_budget_w = 8.5e6;
  limits.expected_packages = 720;
  limits.expected_dies = 1440;
  return limits;
}

TEST(Invariants, AConsistentDayPasses) {
  const StateRow prev = yesterday();
  const SiteLimits limits = good_limits();
  EXPECT_EQ(check_row(good_row(), &prev, &limits), std::nullopt);
}

TEST(Invariants, EachViolationIsNamedWithItsContext) {
  const StateRow prev = yesterday();
  const SiteLimits limits = good_limits();
  StateRow r = good_row();
  r.live.racks = 13;
  EXPECT_EQ(check_row(r, &prev, &limits).value_or(""),
            "2026-07-02 (site alpha): racks out of order: live 13, installed 12, delivered 20, ordered 40");
  r = good_row();
  r.live_capacity_mw = 5.5;  // on the IT basis this may exceed the grid's facility limit: the grid checks facility
  EXPECT_EQ(check_row(r, &prev, &limits), std::nullopt);
  r.live_facility_capacity_mw = 5.5;
  EXPECT_EQ(check_row(r, &prev, &limits).value_or(""),
            "2026-07-02 (site alpha): live facility capacity 5.500000 MW above the grid's limit 5.000000 MW");
  SiteLimits crowded = limits;
  crowded.hall_rack_power_w = 9e6;
  EXPECT_EQ(check_row(good_row(), &prev, &crowded).value_or(""),
            "2026-07-02 (site alpha): 9.000000 MW of GPU racks installed in halls that allow 8.500000 MW");
  SiteLimits dies = limits;
  dies.expected_dies = 1400;
  EXPECT_EQ(check_row(good_row(), &prev, &dies).value_or(""),
            "2026-07-02 (site alpha): 720 packages and 1440 dies live, the platforms' racks give 720 and 1400");
  StateRow earlier = prev;
  earlier.capex_usd = 6e7;
  EXPECT_EQ(check_row(good_row(), &earlier, &limits).value_or(""),
            "2026-07-02 (site alpha): capex (USD) decreased from 60000000.000000 to 50000000.000000");
  r = good_row();
  r.it_energy_mwh = 150.0;
  EXPECT_EQ(check_row(r, &prev, &limits).value_or(""),
            "2026-07-02 (site alpha): IT energy of the day 50.000000 MWh, but 2.000000 MW for 24 h is 48.000000 MWh");
}

TEST(Invariants, FleetRowsAreCheckedWithoutSiteLimits) {
  StateRow r = good_row();
  r.site.clear();
  r.racks_delivered = 50;  // more delivered than ordered
  EXPECT_EQ(check_row(r, nullptr, nullptr).value_or(""),
            "2026-07-02 (fleet): racks out of order: live 10, installed 12, delivered 50, ordered 40");
}

}  // namespace
}  // namespace gwsim::engine
