// Small scenarios built in code, for sim tests whose answers are computed by hand.
#pragma once

#include "sim/scenario/scenario.hpp"

namespace gwsim::testing {

inline models::Date day(int y, int m, int d) { return models::date_from_civil(y, m, d); }

// A made-up rack with round numbers: 10 packages, 20 dies, 100 kW peak, 30 kW idle, 10 PF FP8, 20 PF FP4 (dense),
// 1,000 tokens/s, $1M ($0.7M GPU systems, $0.2M networking, $0.1M storage). With PUE 1.25 and a 20% non-GPU IT
// share, one rack is 100 / 0.8 * 1.25 = 156.25 kW of facility power.
inline models::Platform test_rack() {
  models::Platform p;
  p.id = "test_rack";
  p.name = "Test rack";
  p.gpu_packages = 10;
  p.gpu_dies = 20;
  p.peak_power_w = 100e3;
  p.idle_power_w = 30e3;
  p.pflops_fp8_dense = 10.0;
  p.pflops_fp4_dense = 20.0;
  p.cooling = models::Cooling::kLiquid;
  p.capex = models::RackCapex{0.7e6, 0.2e6, 0.1e6};
  p.serving_tokens_per_s = 1000.0;  // so 100 tokens/s per PFLOP/s
  p.serving_rate_from = models::ServingRateFrom::kCatalog;
  p.available = day(2020, 1, 1);
  return p;
}

inline Site test_site(const std::string& name, double grid_w) {
  Site site;
  site.name = name;
  site.power_fractions = PowerChainFractions{0.2, 0.0, 0.0};
  site.pue = models::Profile::constant(1.25);
  site.grid_capacity_w = models::Schedule(0.0, {{day(2026, 1, 1), grid_w, 0.0}});
  Hall hall;
  hall.name = "hall-1";
  hall.it_capacity_w = 10e6;  // 10e6 * 0.8 / 100e3 = 80 racks
  hall.cooling_capacity_w = 10e6;
  hall.construction_start = day(2025, 11, 1);
  hall.construction_days = 30;  // ready 2025-12-01, before the start
  site.halls.push_back(hall);
  site.install_racks_per_week = 70;  // 10 a day
  site.commissioning_days = 2;
  return site;
}

// One site, one tranche of 40 racks (6.25 MW / 156.25 kW on the facility basis), supply 10 racks a day with a 3-day
// lead time, pods of 10 racks, utilization 50%, facility capex $2M per MW ($1.0M shell, $0.8M electrical, $0.2M
// other), NVIDIA's networking share 60%, 2026-01-01 to 2026-03-31. (On the IT basis a rack is 100 / 0.8 = 125 kW:
// the same 6.25 MW target would order 50 racks.)
inline Scenario basic_scenario() {
  Scenario s;
  s.name = "basic";
  s.source_path = "(built in the test)";
  s.start = day(2026, 1, 1);
  s.end = day(2026, 3, 31);
  s.output_step = OutputStep{1, 0};
  s.pod_racks = 10;
  s.gw_basis = models::GwBasis::kFacility;
  s.catalog.platforms.push_back(test_rack());
  s.sites.push_back(test_site("alpha", 100e6));
  Tranche t;
  t.name = "t1";
  t.target_power_w = 6.25e6;
  t.platform = "test_rack";
  t.sites = {"alpha"};
  t.order_date = day(2026, 1, 1);
  s.tranches.push_back(t);
  Supply supply;
  supply.platform = "test_rack";
  supply.racks_per_week = models::Schedule(70, {});
  supply.start = day(2026, 1, 1);
  supply.lead_time_days = 3;
  s.supply.push_back(supply);
  s.utilization = models::Schedule(0.5, {});
  s.finance.facility_capex_per_mw = models::FacilityCapex{1.0e6, 0.8e6, 0.2e6};  // $2M per MW of facility
  s.finance.nvidia_networking_share = 0.6;
  return s;
}

// basic_scenario() with demand stated in FP8 PFLOP/s: `pflops` from the start, no growth, no daily cycle.
inline Scenario demand_scenario(double pflops) {
  Scenario s = basic_scenario();
  s.demand.stated = true;
  s.demand.spec.basis = models::DemandBasis::kPflops;
  s.demand.spec.pflops = models::Schedule(pflops, {});
  s.demand.spec.growth_from = s.start;
  s.demand.serving_platform = "test_rack";
  return s;
}

}  // namespace gwsim::testing
