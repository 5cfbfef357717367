// The finance post-pass on records built by hand: every figure below is computed in the comments.
#include "sim/engine/finance_pass.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "models/cashflow.hpp"
#include "scenario_builder.hpp"

namespace gwsim::engine {
namespace {

using testing::basic_scenario;
using testing::day;

// The basic scenario (one site "alpha", tranche t1 of $1M test racks, from 2026-01-01) with round finance terms.
Scenario finance_scenario() {
  Scenario s = basic_scenario();
  s.sites[0].energy_price_usd_per_mwh = 100.0;
  s.finance.rack_payment = models::PaymentTerms{0.2, 0.5, 0.3};
  s.finance.opex.energy_price_usd_per_mwh = 999.0;  // the site states its own
  s.finance.opex.maintenance_fraction_per_year = 0.36525;  // $1M of facility -> $1,000 a day
  s.finance.opex.staff_usd_per_mw_year = 36'525.0;         // $100 per MW-day
  s.finance.revenue.basis = models::RevenueBasis::kGpuHours;
  s.finance.revenue.price_per_package_hour_usd = 2.0;
  s.finance.revenue.price_date = s.start;
  s.finance.revenue.annual_decline = 0.0;
  s.finance.discount_rate = 0.0;
  s.finance.depreciation.life_years = 1;
  models::InvestmentRule equity;
  equity.name = "eq";
  models::InvestmentRule loan;
  loan.name = "loan";
  s.finance.investments = {equity, loan};
  s.finance.investment_financing = {InvestmentFinancing{}, InvestmentFinancing{true, {}}};
  return s;
}

StateRow fleet_row(models::Date date) {
  StateRow r;
  r.date = date;
  return r;
}

StateRow site_row(models::Date date, double grid_energy_mwh) {
  StateRow r;
  r.date = date;
  r.site = "alpha";
  r.grid_energy_mwh = grid_energy_mwh;
  return r;
}

// Three days: t1 orders 10 racks on day 1 (hall ready, $1M of facility); on day 2 the 10 racks ($10M) arrive and
// 4 of them ($4M) go live, $3M of equity and a $1.2M loan come in; day 3 runs the 4 racks.
RunRecord three_days() {
  RunRecord r;
  const models::Date d1 = day(2026, 1, 1), d2 = day(2026, 1, 2), d3 = day(2026, 1, 3);
  r.timeline = {fleet_row(d1), fleet_row(d2), fleet_row(d3)};
  for (StateRow& row : r.timeline) row.capex[models::CapexCategory::kFacilityShell] = 1e6;
  for (StateRow* row : {&r.timeline[1], &r.timeline[2]}) {
    row->capex[models::CapexCategory::kGpuSystems] = 7e6;
    row->capex[models::CapexCategory::kNetworking] = 2e6;
    row->capex[models::CapexCategory::kStorage] = 1e6;
    row->service.live_rack_capex_usd = 4e6;
  }
  // 4 racks x 10 packages x 24 h = 960 package-hours a day, half of them sold; 0.5 MW of live facility a day.
  r.timeline[1].service = {4e6, 960.0, 480.0, 0.0, 0.0, 0.5};
  r.timeline[2].service = {4e6, 1920.0, 960.0, 0.0, 0.0, 1.0};
  r.sites = {site_row(d1, 0.0), site_row(d2, 50.0), site_row(d3, 100.0)};
  r.events.push_back({d1, -1, EventKind::kTrancheOrdered, "", "t1", 10.0, std::nullopt, ""});
  r.events.push_back({d2, -1, EventKind::kInvestment, "", "eq", 3e6, 1.0, ""});
  r.events.push_back({d2, -1, EventKind::kInvestment, "", "loan", 1.2e6, 1.0, ""});
  return r;
}

TEST(FinancePass, ThreeDaysByHand) {
  RunRecord r = three_days();
  add_finance(finance_scenario(), r);
  const FinanceRow& a = r.timeline[0].finance;
  const FinanceRow& b = r.timeline[1].finance;
  const FinanceRow& c = r.timeline[2].finance;
  // Day 1: 20% of 10 x $1M at order + $1M of facility; maintenance $1M x 0.36525 / 365.25 = $1,000.
  EXPECT_DOUBLE_EQ(a.capex_paid_usd, 3e6);
  EXPECT_NEAR(a.opex_maintenance_usd, 1000.0, 1e-9);
  EXPECT_DOUBLE_EQ(a.project_cash_usd, -3'001'000.0);
  // Day 2: 50% of $10M delivered + 30% of $4M gone live = $6.2M; 50 MWh x $100 (the site's price, not the
  // scenario's $999); staff 0.5 MW-day x $100; revenue 480 x $2.
  EXPECT_DOUBLE_EQ(b.capex_paid_usd, 6.2e6);
  EXPECT_DOUBLE_EQ(b.opex_energy_usd, 5000.0);
  EXPECT_NEAR(b.opex_staff_usd, 50.0, 1e-9);
  EXPECT_DOUBLE_EQ(b.revenue_usd, 960.0);
  EXPECT_NEAR(b.project_cash_usd, 960.0 - 6.2e6 - 5000.0 - 1000.0 - 50.0, 1e-6);  // -6,205,090
  EXPECT_DOUBLE_EQ(b.equity_in_usd, 3e6);
  EXPECT_DOUBLE_EQ(b.debt_drawn_usd, 1.2e6);
  EXPECT_DOUBLE_EQ(b.debt_interest_usd, 0.0);  // the first payment is due 2026-04-02
  EXPECT_NEAR(b.net_cash_usd, -6'205'090.0 + 4.2e6, 1e-6);
  // Day 3: opex only, and the same revenue.
  EXPECT_DOUBLE_EQ(c.capex_paid_usd, 0.0);
  EXPECT_NEAR(c.project_cash_usd, 960.0 - 5000.0 - 1000.0 - 50.0, 1e-6);  // -5,090
  EXPECT_NEAR(c.cumulative_project_cash_usd, -3'001'000.0 - 6'205'090.0 - 5'090.0, 1e-6);
  EXPECT_NEAR(c.cumulative_cash_usd, -3'001'000.0 - 2'005'090.0 - 5'090.0, 1e-6);
  EXPECT_DOUBLE_EQ(c.debt_outstanding_usd, 1.2e6);
  // Depreciation, straight-line over one year of 365 days: $1M facility from day 1 ($2,739.73 a day), the $4M of
  // live racks from day 2 ($10,958.90 a day).
  EXPECT_NEAR(a.depreciation_usd, 1e6 / 365.0, 1e-6);
  EXPECT_NEAR(b.depreciation_usd, 5e6 / 365.0, 1e-6);
  EXPECT_NEAR(c.depreciation_usd, 5e6 / 365.0, 1e-6);
  EXPECT_NEAR(a.book_value_usd, 1e6 - 1e6 / 365.0, 1e-6);
  EXPECT_NEAR(c.book_value_usd, 5e6 - 11e6 / 365.0, 1e-6);  // 4,969,863.01
  // Figures: the need peaks on the last day and is never paid back; at 0% the NPV is the cash; no IRR without a
  // sign change; break-even would need 9,213,100 / 3,840 of the capacity: none.
  const FinanceOutcome& f = r.finance;
  EXPECT_NEAR(f.peak_funding_usd, 9'211'180.0, 1e-6);
  EXPECT_EQ(f.peak_funding_date, "2026-01-03");
  EXPECT_EQ(f.payback_date, "");
  EXPECT_NEAR(f.npv_usd, -9'211'180.0, 1e-6);
  EXPECT_FALSE(f.irr.has_value());
  EXPECT_EQ(f.irr_roots, 0);
  EXPECT_FALSE(f.breakeven_utilization.has_value());
  EXPECT_NEAR(*f.revenue_per_mw_year_usd, 1920.0 / (1.0 / 365.25), 1e-6);  // $701,280 per MW-year
  EXPECT_NEAR(f.revenue_usd, 1920.0, 1e-9);
  EXPECT_NEAR(f.equity_in_usd + f.debt_drawn_usd, 4.2e6, 1e-9);
}

// Monthly rows over two years: $1M of facility on the first day, then 10,000 package-hours sold a month at $2
// ($20,000) against $1,000 of energy. A loan of $1.2M drawn on day 1, amortizing at 12% monthly over 2 months.
RunRecord monthly(int months) {
  RunRecord r;
  double hours = 0.0;
  for (int m = 0; m <= months; ++m) {
    StateRow row = fleet_row(models::add_calendar_months(day(2026, 1, 1), m));
    row.capex[models::CapexCategory::kFacilityShell] = 1e6;
    if (m > 0) hours += 10'000.0;
    row.service = {0.0, 2.0 * hours, hours, 0.0, 0.0, 0.0};
    r.timeline.push_back(row);
    r.sites.push_back(site_row(row.date, 10.0 * m));
  }
  r.events.push_back({day(2026, 1, 1), -1, EventKind::kInvestment, "", "loan", 1.2e6, std::nullopt, ""});
  return r;
}

Scenario monthly_scenario() {
  Scenario s = finance_scenario();
  s.output_step = OutputStep{0, 1};
  s.finance.opex.maintenance_fraction_per_year = 0.0;
  s.finance.investment_financing[1].loan = models::LoanTerms{0.12, models::Repayment::kAmortizing, 2, 1};
  return s;
}

TEST(FinancePass, LoanPaymentsFallInTheirRows) {
  RunRecord r = monthly(3);
  add_finance(monthly_scenario(), r);
  // A = 1.2M x 0.01 / (1 - 1.01^-2) = 12,000 x 1.0201 / 0.0201 = $609,014.93; February: interest $12,000,
  // principal $597,014.93; March: interest 1% of the $602,985.07 left, and all of it.
  const double level = 1.2e6 * 0.01 / (1.0 - std::pow(1.01, -2.0));
  EXPECT_NEAR(level, 12'000.0 * 1.0201 / 0.0201, 1e-6);  // $609,014.93
  const FinanceRow& feb = r.timeline[1].finance;
  const FinanceRow& mar = r.timeline[2].finance;
  EXPECT_NEAR(feb.debt_interest_usd, 12'000.0, 1e-6);
  EXPECT_NEAR(feb.debt_principal_usd, level - 12'000.0, 1e-6);
  EXPECT_NEAR(mar.debt_interest_usd, 0.01 * (1.2e6 - level + 12'000.0), 1e-6);
  EXPECT_NEAR(mar.debt_principal_usd, 1.2e6 - level + 12'000.0, 1e-6);
  EXPECT_NEAR(mar.debt_outstanding_usd, 0.0, 1e-6);
  EXPECT_DOUBLE_EQ(r.timeline[0].finance.debt_drawn_usd, 1.2e6);
  // Revenue of a month: 10,000 sold x $2; energy 10 MWh x $100.
  EXPECT_DOUBLE_EQ(feb.revenue_usd, 20'000.0);
  EXPECT_DOUBLE_EQ(feb.opex_energy_usd, 1'000.0);
}

// NPV at the reported IRR is 0 on the flows it is computed from (the project cash summed per month), within 1e-6 of
// the cash's magnitude; payback when the cumulative cash is back above 0; break-even by hand.
TEST(FinancePass, NpvAtTheIrrIsZeroAndPaybackAndBreakEven) {
  Scenario s = monthly_scenario();
  s.finance.discount_rate = 0.1;
  RunRecord r = monthly(60);
  add_finance(s, r);
  const FinanceOutcome& f = r.finance;
  ASSERT_TRUE(f.irr.has_value());
  std::vector<models::DatedAmount> flows;
  double magnitude = 0.0;
  for (const StateRow& row : r.timeline) {
    flows.push_back({row.date, row.finance.project_cash_usd});
    magnitude += std::abs(row.finance.project_cash_usd);
  }
  EXPECT_NEAR(models::npv_usd(flows, *f.irr, s.start), 0.0, 1e-6 * magnitude);
  EXPECT_NEAR(models::npv_usd(flows, s.finance.discount_rate, s.start), f.npv_usd, 1e-6);
  // -$1M on day 1, then +$19,000 a month: cumulative -1M + 19,000 m >= 0 from m = 53 (2030-06-01).
  EXPECT_NEAR(f.peak_funding_usd, 1e6, 1e-6);
  EXPECT_EQ(f.peak_funding_date, "2026-01-01");
  EXPECT_EQ(f.payback_date, "2030-06-01");
  // Break-even: fixed NPV A = -1M - NPV(energy), per unit B = NPV($40,000 a month at full capacity): u* = -A / B.
  std::vector<models::DatedAmount> fixed, full;
  for (const StateRow& row : r.timeline) {
    fixed.push_back({row.date, row.date == s.start ? -1e6 : -1000.0});
    full.push_back({row.date, row.date == s.start ? 0.0 : 40'000.0});
  }
  const double a = models::npv_usd(fixed, 0.1, s.start);
  const double b = models::npv_usd(full, 0.1, s.start);
  ASSERT_TRUE(f.breakeven_utilization.has_value());
  EXPECT_NEAR(*f.breakeven_utilization, -a / b, 1e-12);
}

}  // namespace
}  // namespace gwsim::engine
