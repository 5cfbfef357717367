// Unit tests for models/critical_path: each gate, its slack, and the ties, with dates as day numbers.
#include "models/critical_path.hpp"

#include <gtest/gtest.h>

namespace gwsim::models {
namespace {

Date d(int n) { return Date{n}; }

// The header's first pod: O = 0, S = 1, P = 4, A = 7, R = -30, N = 7, C = 9, L = 9, G = 0.
PodStages supply_gated() {
  PodStages p;
  p.ordered = d(0);
  p.supply_opens = d(1);
  p.produced = d(4);
  p.arrived = d(7);
  p.hall_ready = d(-30);
  p.installed = d(7);
  p.commissioned = d(9);
  p.live = d(9);
  p.grid_from = d(0);
  return p;
}

TEST(CriticalPath, WorkedExampleFromHeader) {
  // Q = max(0 + 1, 1) = 1 < P = 4: the line's queue; slack = min(P - Q = 3, A - R = 37, L - G = 9) = 3.
  const GateAndSlack a = gate_of(supply_gated());
  EXPECT_EQ(a.gate, Gate::kSupplyLine);
  EXPECT_EQ(a.slack_days, 3);
  // Its hall ready on day 12: installed 12, live 14: the hall gated; slack = min(R - A = 5, L - G = 14) = 5.
  PodStages p = supply_gated();
  p.hall_ready = d(12);
  p.installed = d(12);
  p.commissioned = d(14);
  p.live = d(14);
  const GateAndSlack b = gate_of(p);
  EXPECT_EQ(b.gate, Gate::kHall);
  EXPECT_EQ(b.slack_days, 5);
}

TEST(CriticalPath, GridGatesWhenLiveAfterCommissioning) {
  PodStages p = supply_gated();
  p.live = d(40);  // commissioned on day 9, admitted on day 40
  p.grid_from = d(40);
  const GateAndSlack g = gate_of(p);
  EXPECT_EQ(g.gate, Gate::kGrid);
  EXPECT_EQ(g.slack_days, 31);  // 40 - 9: thereafter the commissioning date (and what set it) gates
}

TEST(CriticalPath, CrewsGateWhenReadyRacksWait) {
  PodStages p = supply_gated();
  p.installed = d(10);  // arrived 7, hall ready long before: 3 days waiting for the crews' quota
  p.commissioned = d(12);
  p.live = d(12);
  const GateAndSlack c = gate_of(p);
  EXPECT_EQ(c.gate, Gate::kCrews);
  EXPECT_EQ(c.slack_days, 3);  // min(N - max(A, R) = 3, L - G = 12)
}

TEST(CriticalPath, TheGridBoundsTheSlackOfEveryOtherGate) {
  // The hall-gated pod of the header, but the grid could carry it only from day 13: slack min(5, 14 - 13) = 1.
  PodStages p = supply_gated();
  p.hall_ready = d(12);
  p.installed = d(12);
  p.commissioned = d(14);
  p.live = d(14);
  p.grid_from = d(13);
  EXPECT_EQ(gate_of(p).slack_days, 1);
  // And the supply-gated pod with the grid from day 8: min(3, 37, 9 - 8) = 1.
  PodStages q = supply_gated();
  q.grid_from = d(8);
  EXPECT_EQ(gate_of(q).gate, Gate::kSupplyLine);
  EXPECT_EQ(gate_of(q).slack_days, 1);
}

TEST(CriticalPath, SupplyStartAndOrderDate) {
  // Produced the first day the line opens (P = Q): the later of the order and the line's start gates.
  PodStages p = supply_gated();
  p.supply_opens = d(20);  // the line starts on day 20, 19 days after production could follow the order
  p.produced = d(20);
  p.arrived = d(23);
  p.installed = d(23);
  p.commissioned = d(25);
  p.live = d(25);
  const GateAndSlack s = gate_of(p);
  EXPECT_EQ(s.gate, Gate::kSupplyLine);
  EXPECT_EQ(s.slack_days, 19);  // min(S - (O + 1) = 19, A - R = 53, L - G = 25)
  // The order placed on day 30, after the line opened on day 1: production follows the order on day 31.
  PodStages o = supply_gated();
  o.ordered = d(30);
  o.produced = d(31);
  o.arrived = d(34);
  o.installed = d(34);
  o.commissioned = d(36);
  o.live = d(36);
  const GateAndSlack g = gate_of(o);
  EXPECT_EQ(g.gate, Gate::kOrderDate);
  EXPECT_EQ(g.slack_days, 30);  // min(O + 1 - S = 30, A - R = 64, L - G = 36)
}

TEST(CriticalPath, Ties) {
  // Hall ready the day the racks arrive: the hall gates with slack 0.
  PodStages p = supply_gated();
  p.hall_ready = d(7);
  const GateAndSlack h = gate_of(p);
  EXPECT_EQ(h.gate, Gate::kHall);
  EXPECT_EQ(h.slack_days, 0);
  // The order and the line's start open production the same day: the order date, slack 0.
  PodStages o = supply_gated();
  o.supply_opens = d(1);
  o.produced = d(1);
  o.arrived = d(4);
  o.installed = d(4);
  o.commissioned = d(6);
  o.live = d(6);
  const GateAndSlack g = gate_of(o);
  EXPECT_EQ(g.gate, Gate::kOrderDate);
  EXPECT_EQ(g.slack_days, 0);
  EXPECT_EQ(to_string(Gate::kGrid), "grid_step");
  EXPECT_EQ(to_string(Gate::kSupplyLine), "supply_line");
}

}  // namespace
}  // namespace gwsim::models
