// Unit tests for models/finance: capex booked by category and the investment tracker (per GW live, lump sum,
// first tokens).
#include "models/finance.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include <string>
#include <vector>

namespace gwsim::models {
namespace {

Date day(int y, int m, int d) { return date_from_civil(y, m, d); }
Date plus(Date d, int n) { return Date{d.days + n}; }

InvestmentRule per_gw(double amount, std::int64_t max_count) {
  InvestmentRule r;
  r.name = "per_gw";
  r.trigger = InvestmentTrigger::kPerGwLive;
  r.amount_usd = amount;
  r.max_count = max_count;
  return r;
}

InvestmentRule lump(double amount, Date date) {
  InvestmentRule r;
  r.name = "lump";
  r.trigger = InvestmentTrigger::kLumpSum;
  r.amount_usd = amount;
  r.date = date;
  return r;
}

InvestmentRule first_tokens(double amount) {
  InvestmentRule r;
  r.name = "tokens";
  r.trigger = InvestmentTrigger::kFirstTokens;
  r.amount_usd = amount;
  return r;
}

// Money values are sums of a few amounts that are whole multiples of $1 and < 2^53, so they are exact in double:
// EXPECT_DOUBLE_EQ is the right check.

TEST(Finance, RackCapex) {
  Platform vr;
  vr.capex = RackCapex{7.8e6, 1.0e6, 0.1e6};  // Vera Rubin NVL72, configs/platforms.yaml
  const CapexBreakdown hundred = rack_capex(vr, 100);
  EXPECT_DOUBLE_EQ(hundred[CapexCategory::kGpuSystems], 7.8e8);  // 100 * $7.8M = $780M
  EXPECT_DOUBLE_EQ(hundred[CapexCategory::kNetworking], 1e8);     // 100 * $1.0M
  EXPECT_DOUBLE_EQ(hundred[CapexCategory::kStorage], 1e7);        // 100 * $0.1M
  EXPECT_DOUBLE_EQ(hundred[CapexCategory::kFacilityShell], 0.0);  // racks carry no facility capex
  EXPECT_DOUBLE_EQ(hundred.total_usd(), 8.9e8);
  EXPECT_DOUBLE_EQ(rack_capex(vr, 0).total_usd(), 0.0);
  EXPECT_DOUBLE_EQ(rack_capex(vr, 3120).total_usd(), 2.7768e10);  // 3120 * 8.9e6 = 27,768e6
}

TEST(Finance, FacilityCapex) {
  // configs/defaults.yaml: $6.1M + $6.3M + $1.0M per MW of facility. A 100 MW IT hall at PUE 1.2 has 120 MW of
  // facility: 120 * 6.1e6 = $732M shell, 120 * 6.3e6 = $756M electrical, 120 * 1.0e6 = $120M other; $1.608B.
  const FacilityCapex per_mw{6.1e6, 6.3e6, 1.0e6};
  const CapexBreakdown hall = facility_capex(per_mw, 120.0);
  EXPECT_DOUBLE_EQ(hall[CapexCategory::kFacilityShell], 7.32e8);
  EXPECT_DOUBLE_EQ(hall[CapexCategory::kElectrical], 7.56e8);
  EXPECT_DOUBLE_EQ(hall[CapexCategory::kOther], 1.2e8);
  EXPECT_DOUBLE_EQ(hall[CapexCategory::kGpuSystems], 0.0);
  EXPECT_DOUBLE_EQ(hall.total_usd(), 1.608e9);
  EXPECT_DOUBLE_EQ(facility_capex(per_mw, 0.0).total_usd(), 0.0);
}

TEST(Finance, WorkedExampleFromHeader) {
  // $10B per GW live, at most 10 times: 0.4 GW -> 1.3 GW pays once, 1.3 -> 3.1 GW pays twice; total $30B.
  InvestmentTracker t({per_gw(10e9, 10)});
  const Date d0 = day(2026, 1, 1);
  EXPECT_TRUE(t.update(d0, 0.4e9, false).empty());  // floor(0.4) = 0 GW
  const std::vector<Payment> first = t.update(plus(d0, 1), 1.3e9, false);
  ASSERT_EQ(first.size(), 1u);  // floor(1.3) = 1
  EXPECT_EQ(first[0].rule, "per_gw");
  EXPECT_DOUBLE_EQ(first[0].amount_usd, 10e9);
  EXPECT_EQ(first[0].reason, "GW 1 live");
  EXPECT_DOUBLE_EQ(t.total_usd(), 10e9);
  const std::vector<Payment> second = t.update(plus(d0, 2), 3.1e9, false);
  ASSERT_EQ(second.size(), 2u);  // floor(3.1) = 3, one already paid -> GW 2 and GW 3
  EXPECT_EQ(second[0].reason, "GW 2 live");
  EXPECT_EQ(second[1].reason, "GW 3 live");
  EXPECT_EQ(second[1].gw, 3);
  EXPECT_DOUBLE_EQ(t.total_usd(), 30e9);  // 3 * $10B
}

TEST(Finance, PerGwLiveCrossingSeveralGwInOneUpdate) {
  InvestmentTracker t({per_gw(1e9, 0)});  // unlimited
  const std::vector<Payment> paid = t.update(day(2026, 1, 1), 4.5e9, false);  // 0 -> 4.5 GW: GW 1..4
  ASSERT_EQ(paid.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(paid[i].reason, "GW " + std::to_string(i + 1) + " live");
  EXPECT_DOUBLE_EQ(t.total_usd(), 4e9);
  // Staying at 4.5 GW pays nothing more; dropping and coming back pays nothing again.
  EXPECT_TRUE(t.update(day(2026, 1, 2), 4.5e9, false).empty());
  EXPECT_TRUE(t.update(day(2026, 1, 3), 0.5e9, false).empty());
  EXPECT_TRUE(t.update(day(2026, 1, 4), 4.9e9, false).empty());
  // 5 GW exactly counts as the 5th.
  ASSERT_EQ(t.update(day(2026, 1, 5), 5e9, false).size(), 1u);
  EXPECT_DOUBLE_EQ(t.total_usd(), 5e9);
}

TEST(Finance, PerGwLiveMaxCount) {
  InvestmentTracker t({per_gw(10e9, 2)});
  // 3.1 GW would be 3 payments; max_count 2 caps it.
  EXPECT_EQ(t.update(day(2026, 1, 1), 3.1e9, false).size(), 2u);
  EXPECT_TRUE(t.update(day(2026, 1, 2), 10e9, false).empty());  // cap reached for good
  EXPECT_DOUBLE_EQ(t.total_usd(), 20e9);  // 2 * $10B
}

TEST(Finance, PerGwLiveToleratesRoundingJustBelowWholeGw) {
  // 1 GW reached by summing rack powers may land a few ulps below 1e9: 1e9 * (1 - 1e-15) still counts as 1 GW;
  // 0.999 GW does not.
  InvestmentTracker t({per_gw(1.0, 0)});
  EXPECT_TRUE(t.update(day(2026, 1, 1), 0.999e9, false).empty());
  EXPECT_EQ(t.update(day(2026, 1, 2), 1e9 * (1.0 - 1e-15), false).size(), 1u);
}

TEST(Finance, LumpSumFiresOnceOnItsDate) {
  const Date due = day(2027, 1, 1);
  InvestmentTracker t({lump(5e9, due)});
  EXPECT_TRUE(t.update(plus(due, -1), 0.0, false).empty());  // the day before: nothing
  const std::vector<Payment> paid = t.update(due, 0.0, false);
  ASSERT_EQ(paid.size(), 1u);
  EXPECT_EQ(paid[0].rule, "lump");
  EXPECT_DOUBLE_EQ(paid[0].amount_usd, 5e9);
  EXPECT_EQ(paid[0].reason, "lump sum dated 2027-01-01");
  EXPECT_EQ(paid[0].gw, 0);  // not a per-GW payment
  EXPECT_TRUE(t.update(plus(due, 1), 0.0, false).empty());  // never again
  EXPECT_TRUE(t.update(plus(due, 400), 5e9, true).empty());
  EXPECT_DOUBLE_EQ(t.total_usd(), 5e9);
}

TEST(Finance, LumpSumFiresOnFirstUpdateAfterItsDate) {
  // If no update falls on the date itself (e.g. the run starts later), it fires on the first update after it.
  const Date due = day(2027, 1, 1);
  InvestmentTracker t({lump(5e9, due)});
  EXPECT_EQ(t.update(plus(due, 10), 0.0, false).size(), 1u);
  EXPECT_TRUE(t.update(plus(due, 11), 0.0, false).empty());
}

TEST(Finance, FirstTokensFiresOnce) {
  InvestmentTracker t({first_tokens(2e9)});
  EXPECT_TRUE(t.update(day(2026, 1, 1), 1e9, false).empty());  // live power alone does not trigger it
  const std::vector<Payment> paid = t.update(day(2026, 1, 2), 1e9, true);
  ASSERT_EQ(paid.size(), 1u);
  EXPECT_EQ(paid[0].reason, "first tokens");
  EXPECT_TRUE(t.update(day(2026, 1, 3), 1e9, true).empty());  // flag still true: no second payment
  EXPECT_TRUE(t.update(day(2026, 1, 4), 1e9, false).empty());
  EXPECT_DOUBLE_EQ(t.total_usd(), 2e9);
}

TEST(Finance, TotalOverSeveralRules) {
  const Date d0 = day(2026, 7, 1);
  InvestmentTracker t({per_gw(10e9, 10), lump(3e9, plus(d0, 5)), first_tokens(1e9)});
  EXPECT_DOUBLE_EQ(t.total_usd(), 0.0);
  // Day 0: first tokens, 0.2 GW live -> $1B.
  EXPECT_EQ(t.update(d0, 0.2e9, true).size(), 1u);
  EXPECT_DOUBLE_EQ(t.total_usd(), 1e9);
  // Day 5: lump sum and 2.0 GW live on the same day -> $3B + 2 * $10B; payments in rule order.
  const std::vector<Payment> paid = t.update(plus(d0, 5), 2e9, true);
  ASSERT_EQ(paid.size(), 3u);
  EXPECT_EQ(paid[0].rule, "per_gw");
  EXPECT_EQ(paid[1].rule, "per_gw");
  EXPECT_EQ(paid[2].rule, "lump");
  // Total: 1 + 3 + 20 = $24B.
  EXPECT_DOUBLE_EQ(t.total_usd(), 24e9);
}

TEST(Finance, NoRules) {
  InvestmentTracker t({});
  EXPECT_TRUE(t.update(day(2026, 1, 1), 5e9, true).empty());
  EXPECT_DOUBLE_EQ(t.total_usd(), 0.0);
}

// Whole gigawatts: 0.999 GW is 0; exactly 1 GW, even 1 ulp short through summing, is 1; 2.5 GW is 2.
TEST(Finance, WholeGigawatts) {
  EXPECT_EQ(whole_gigawatts(0.0), 0);
  EXPECT_EQ(whole_gigawatts(-5e9), 0);
  EXPECT_EQ(whole_gigawatts(0.999e9), 0);
  EXPECT_EQ(whole_gigawatts(1e9), 1);
  EXPECT_EQ(whole_gigawatts(std::nextafter(1e9, 0.0)), 1);  // rounding below 1 GW by one ulp still counts
  EXPECT_EQ(whole_gigawatts(2.5e9), 2);
  EXPECT_EQ(whole_gigawatts(10.0055e9), 10);
}

}  // namespace
}  // namespace gwsim::models
