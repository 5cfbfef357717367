// Unit tests for models/workload: how a site's live racks carry the work asked under a power budget (no cap,
// capping part of the busy racks, shedding).
#include "models/workload.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <vector>

namespace gwsim::models {
namespace {

// Site power of n racks of peak P, idle P0, capped at c x P: I = n P0, D = n (P - P0), Dc = n (c P - P0).
SitePower site_of(int racks, double peak_w, double idle_w, double cap_fraction) {
  const double n = static_cast<double>(racks);
  return SitePower{n * idle_w, n * (peak_w - idle_w), n * (cap_fraction * peak_w - idle_w)};
}

// The header's example: 100 racks of P = 200 kW, P0 = 60 kW, c = 0.8, s = 0.9.
SitePower example_site() { return site_of(100, 200e3, 60e3, 0.8); }
constexpr double kS = 0.9;

// Fractions are a handful of double operations on numbers of order 1 (error ~1e-16); the expected values below
// are exact fractions written to 15 digits, so 1e-12 is safe and catches any formula error. Powers are of order
// 1e7 W: 1e-6 W is ~1e-13 relative.
constexpr double kFracTol = 1e-12;
constexpr double kPowerTol = 1e-6;

void expect_plan(const LoadPlan& plan, double busy, double capped, double work) {
  EXPECT_NEAR(plan.busy, busy, kFracTol);
  EXPECT_NEAR(plan.capped, capped, kFracTol);
  EXPECT_NEAR(plan.work, work, kFracTol);
  EXPECT_FALSE(plan.over_budget);
}

TEST(Workload, SitePowerOfTheHeaderExample) {
  const SitePower p = example_site();
  EXPECT_DOUBLE_EQ(p.idle_w, 6e6);             // 100 x 60 kW = 6 MW
  EXPECT_DOUBLE_EQ(p.dynamic_w, 14e6);         // 100 x (200 - 60) kW = 14 MW
  EXPECT_DOUBLE_EQ(p.capped_dynamic_w, 10e6);  // 100 x (0.8 x 200 - 60) kW = 100 x 100 kW = 10 MW
}

TEST(Workload, PlanPowerIsTheHeaderEquation) {
  // I + (b - k) D + k Dc: b = 0.5, k = 0.2: 6 + 0.3 x 14 + 0.2 x 10 = 6 + 4.2 + 2 = 12.2 MW.
  EXPECT_NEAR(plan_power_w(LoadPlan{0.5, 0.2, 0.0, false}, example_site()), 12.2e6, kPowerTol);
  EXPECT_NEAR(plan_power_w(LoadPlan{}, example_site()), 6e6, kPowerTol);                    // all idle: I
  EXPECT_NEAR(plan_power_w(LoadPlan{1.0, 0.0, 1.0, false}, example_site()), 20e6, kPowerTol);  // I + D
  EXPECT_NEAR(plan_power_w(LoadPlan{1.0, 1.0, 0.9, false}, example_site()), 16e6, kPowerTol);  // I + Dc
}

TEST(Workload, WorkedExampleNoCap) {
  // w = 0.7, B = 17 MW: I + w D = 6 + 0.7 x 14 = 15.8 MW <= 17 MW: b = 0.7, k = 0, work = 0.7.
  const LoadPlan plan = plan_site_load(0.7, example_site(), kS, 17e6);
  expect_plan(plan, 0.7, 0.0, 0.7);
  EXPECT_NEAR(plan_power_w(plan, example_site()), 15.8e6, kPowerTol);
}

TEST(Workload, WorkedExampleCapping) {
  // w = 0.7, B = 15 MW: 15.8 MW > 15 MW. s D - Dc = 0.9 x 14 - 10 = 2.6 MW saved per capped rack fraction.
  //   k = (15.8 - 15) / 2.6 = 0.8 / 2.6 = 4/13 = 0.307692307692308 (<= w / s = 0.778)
  //   b = 0.7 + 4/13 x 0.1 = 9.1/13 + 0.4/13 = 9.5/13 = 19/26 = 0.730769230769231 (<= 1)
  //   power = 6 + (19/26 - 8/26) x 14 + 8/26 x 10 = 6 + 154/26 + 80/26 = 6 + 234/26 = 6 + 9 = 15 MW exactly
  //   work = 11/26 + 0.9 x 8/26 = 11/26 + 7.2/26 = 18.2/26 = 0.7
  const LoadPlan plan = plan_site_load(0.7, example_site(), kS, 15e6);
  expect_plan(plan, 19.0 / 26.0, 4.0 / 13.0, 0.7);
  EXPECT_NEAR(plan.busy, 0.730769230769231, kFracTol);
  EXPECT_NEAR(plan.capped, 0.307692307692308, kFracTol);
  EXPECT_NEAR(plan_power_w(plan, example_site()), 15e6, kPowerTol);
}

TEST(Workload, WorkedExampleShedding) {
  // w = 0.9, B = 14 MW: I + w D = 6 + 12.6 = 18.6 MW > 14. Capping: k = (18.6 - 14) / 2.6 = 23/13 = 1.77 > w / s
  // = 1 (and b would be 0.9 + 0.177 > 1): not enough. Shed: b = min(1, (14 - 6) / 10) = 0.8, all capped,
  // work = 0.8 x 0.9 = 0.72; power = 6 + 0.8 x 10 = 14 MW.
  const LoadPlan plan = plan_site_load(0.9, example_site(), kS, 14e6);
  expect_plan(plan, 0.8, 0.8, 0.72);
  EXPECT_NEAR(plan_power_w(plan, example_site()), 14e6, kPowerTol);
}

TEST(Workload, BudgetBelowIdleRunsNothing) {
  // B = 5 MW < I = 6 MW: even the idle racks exceed the budget.
  for (const double w : {0.0, 0.3, 1.0}) {
    const LoadPlan plan = plan_site_load(w, example_site(), kS, 5e6);
    EXPECT_TRUE(plan.over_budget) << w;
    EXPECT_DOUBLE_EQ(plan.busy, 0.0);
    EXPECT_DOUBLE_EQ(plan.capped, 0.0);
    EXPECT_DOUBLE_EQ(plan.work, 0.0);
  }
  EXPECT_TRUE(plan_site_load(0.5, example_site(), kS, 0.0).over_budget);
}

TEST(Workload, BudgetEqualToIdleRunsNothingWithoutOverBudget) {
  // B = I = 6 MW: idle fits, nothing else: b = min(1, (6 - 6) / 10) = 0.
  const LoadPlan plan = plan_site_load(0.5, example_site(), kS, 6e6);
  expect_plan(plan, 0.0, 0.0, 0.0);
  // A hair below I, within the model's 1e-12 relative tolerance: the same, and no fraction below 0.
  const LoadPlan hair = plan_site_load(0.5, example_site(), kS, 6e6 * (1.0 - 1e-14));
  EXPECT_FALSE(hair.over_budget);
  EXPECT_GE(hair.busy, 0.0);
  EXPECT_GE(hair.capped, 0.0);
  EXPECT_GE(hair.work, 0.0);
  EXPECT_NEAR(hair.busy, 0.0, kFracTol);
  EXPECT_NEAR(hair.work, 0.0, kFracTol);
}

TEST(Workload, NoWorkAsked) {
  // w = 0: I <= B, so b = k = work = 0 whatever the budget above I.
  for (const double budget : {6e6, 10e6, 1e9}) {
    expect_plan(plan_site_load(0.0, example_site(), kS, budget), 0.0, 0.0, 0.0);
  }
}

TEST(Workload, AllWorkWithAmpleBudget) {
  // w = 1: I + D = 20 MW fits B = 20 MW (exactly) and B = 1 GW: every rack busy at nominal.
  for (const double budget : {20e6, 1e9}) {
    expect_plan(plan_site_load(1.0, example_site(), kS, budget), 1.0, 0.0, 1.0);
  }
}

TEST(Workload, WorkAskedIsClampedToZeroOne) {
  expect_plan(plan_site_load(1.5, example_site(), kS, 1e9), 1.0, 0.0, 1.0);
  expect_plan(plan_site_load(-0.2, example_site(), kS, 1e9), 0.0, 0.0, 0.0);
}

TEST(Workload, UncapAsManyAsTheBudgetAllows) {
  // w = 0.98, B = 17 MW: I + w D = 6 + 13.72 = 19.72 MW > 17. Capping: k = 2.72 / 2.6 = 1.046 (<= w / s = 1.089)
  // but b = 0.98 + 0.1046 = 1.085 > 1: not possible. Shed: (17 - 6) / 10 = 1.1 >= 1, so every rack is busy and
  // capped with power to spare; uncap k such that I + (1 - k) D + k Dc = B:
  //   k = (I + D - B) / (D - Dc) = (20 - 17) / (14 - 10) = 0.75; work = 1 - 0.75 x (1 - 0.9) = 0.925 (< 0.98)
  //   power = 6 + 0.25 x 14 + 0.75 x 10 = 6 + 3.5 + 7.5 = 17 MW.
  const LoadPlan plan = plan_site_load(0.98, example_site(), kS, 17e6);
  expect_plan(plan, 1.0, 0.75, 0.925);
  EXPECT_NEAR(plan_power_w(plan, example_site()), 17e6, kPowerTol);
  // w = 1 (k = 3 / 2.6 = 1.15 > w / s = 1.11): the same plan.
  expect_plan(plan_site_load(1.0, example_site(), kS, 17e6), 1.0, 0.75, 0.925);
  // B = 19 MW: k = (20 - 19) / 4 = 0.25, work = 1 - 0.025 = 0.975.
  expect_plan(plan_site_load(1.0, example_site(), kS, 19e6), 1.0, 0.25, 0.975);
}

TEST(Workload, CappingNotWorthItShedsAtNominal) {
  // s = 0.7: s D = 9.8 MW <= Dc = 10 MW, the capped state does less work per watt. w = 0.7, B = 15 MW:
  // 15.8 MW > 15, so shed at nominal: b = (15 - 6) / 14 = 9/14 = 0.642857142857143, k = 0, work = 9/14;
  // power = 6 + 9/14 x 14 = 15 MW.
  const LoadPlan plan = plan_site_load(0.7, example_site(), 0.7, 15e6);
  expect_plan(plan, 9.0 / 14.0, 0.0, 9.0 / 14.0);
  EXPECT_NEAR(plan.busy, 0.642857142857143, kFracTol);
  EXPECT_NEAR(plan_power_w(plan, example_site()), 15e6, kPowerTol);
  // Break-even, s D = Dc exactly (I = 4, D = 16, Dc = 8 MW, s = 0.5): w = 0.5, B = 10 MW: 4 + 8 = 12 > 10.
  // Nominal: b = (10 - 4) / 16 = 0.375, work 0.375 (capped would give (6 / 8) x 0.5 = 0.375 too).
  expect_plan(plan_site_load(0.5, SitePower{4e6, 16e6, 8e6}, 0.5, 10e6), 0.375, 0.0, 0.375);
}

TEST(Workload, CapAtFullSpeed) {
  // s = 1: capping costs no speed. w = 0.7, B = 15 MW: k = (15.8 - 15) / (14 - 10) = 0.2, b = w = 0.7;
  // power = 6 + 0.5 x 14 + 0.2 x 10 = 15 MW.
  const LoadPlan plan = plan_site_load(0.7, example_site(), 1.0, 15e6);
  expect_plan(plan, 0.7, 0.2, 0.7);
  EXPECT_NEAR(plan_power_w(plan, example_site()), 15e6, kPowerTol);
}

TEST(Workload, CapAtIdlePower) {
  // c P = P0 (a cap at the idle draw): Dc = 0. I = 6, D = 14 MW, s = 0.5, so s D - Dc = 7 MW.
  // w = 0.4, B = 10 MW: k = (6 + 5.6 - 10) / 7 = 1.6 / 7 = 8/35 (<= w / s = 0.8), b = 0.4 + 8/35 x 0.5 = 18/35.
  const SitePower site{6e6, 14e6, 0.0};
  expect_plan(plan_site_load(0.4, site, 0.5, 10e6), 18.0 / 35.0, 8.0 / 35.0, 0.4);
  // w = 0.9, B = 10 MW: capping needs k = (18.6 - 10) / 7 = 1.23, b = 0.9 + 0.61 > 1: shed. Every rack capped
  // draws I + Dc = 6 MW <= 10 MW, so all are busy and k = (I + D - B) / (D - Dc) = (20 - 10) / 14 = 5/7 stay
  // capped: work = 1 - 5/7 x 0.5 = 9/14 = 0.642857; power = 6 + 2/7 x 14 + 0 = 10 MW.
  const LoadPlan plan = plan_site_load(0.9, site, 0.5, 10e6);
  expect_plan(plan, 1.0, 5.0 / 7.0, 9.0 / 14.0);
  EXPECT_NEAR(plan_power_w(plan, site), 10e6, kPowerTol);
}

// Every plan over a grid of w and B, for several sites and capped states.
TEST(Workload, PropertiesOverAGrid) {
  struct Case {
    const char* name;
    SitePower site;
    double s;
  };
  const std::vector<Case> cases = {
      {"header example", example_site(), 0.9},
      {"capping not worth it", example_site(), 0.7},
      {"cap at full speed", example_site(), 1.0},
      {"cap at idle power", SitePower{6e6, 14e6, 0.0}, 0.5},
      {"deep cap", SitePower{6e6, 14e6, 4e6}, 0.5},
      {"no idle power", SitePower{0.0, 20e6, 14e6}, 0.8},
  };
  constexpr double kStep = 0.02;  // brute-force grid of (nominal, capped) fractions
  for (const Case& c : cases) {
    const double I = c.site.idle_w;
    const double D = c.site.dynamic_w;
    const double Dc = c.site.capped_dynamic_w;
    for (int wi = 0; wi <= 20; ++wi) {
      const double w = 0.05 * wi;
      for (int bi = 0; bi <= 96; ++bi) {
        const double budget = 0.25e6 * bi;  // 0 .. 24 MW
        const LoadPlan plan = plan_site_load(w, c.site, c.s, budget);
        SCOPED_TRACE(testing::Message() << c.name << ": w = " << w << ", B = " << budget);
        if (plan.over_budget) {
          EXPECT_LT(budget, I);
          EXPECT_EQ(plan.busy, 0.0);
          EXPECT_EQ(plan.capped, 0.0);
          EXPECT_EQ(plan.work, 0.0);
          continue;
        }
        EXPECT_GE(budget, I);
        // Within the budget.
        EXPECT_LE(plan_power_w(plan, c.site), budget * (1.0 + 1e-6));
        // 0 <= k <= b <= 1, work <= w, and the work is the header's (b - k) + k s.
        EXPECT_GE(plan.capped, 0.0);
        EXPECT_LE(plan.capped, plan.busy);
        EXPECT_LE(plan.busy, 1.0);
        EXPECT_LE(plan.work, w + 1e-12);
        EXPECT_NEAR(plan.work, (plan.busy - plan.capped) + plan.capped * c.s, 1e-12);
        // Capping every busy rack would serve w within the budget: all of w is served.
        if (I + w * Dc / c.s <= budget && w / c.s <= 1.0) {
          EXPECT_NEAR(plan.work, w, 1e-12);
        }
        // Nominal alone serves w: all of w, nothing capped.
        if (I + w * D <= budget) {
          EXPECT_NEAR(plan.work, w, 1e-12);
          EXPECT_EQ(plan.capped, 0.0);
        }
        // No plan on a grid of x racks at nominal and y capped (x + y <= 1) within the budget does more of w.
        double best = 0.0;
        for (int xi = 0; xi * kStep <= 1.0 + 1e-9; ++xi) {
          for (int yi = 0; (xi + yi) * kStep <= 1.0 + 1e-9; ++yi) {
            const double x = xi * kStep;
            const double y = yi * kStep;
            if (I + x * D + y * Dc <= budget) best = std::max(best, std::min(w, x + y * c.s));
          }
        }
        EXPECT_GE(plan.work, best - 1e-12);
      }
    }
  }
}

}  // namespace
}  // namespace gwsim::models
