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
  s.catalog.platforms[0].price_per_package_hour_usd = 2.0;
  s.finance.revenue.annual_decline = 0.0;
  s.finance.discount_rate = 0.0;
  s.finance.terminal_value = models::TerminalValue::kNone;
  s.finance.depreciation.life_years = 1;
  models::InvestmentRule equity;
  equity.name = "eq";
  models::InvestmentRule loan;
  loan.name = "loan";
  s.finance.investments = {equity, loan};
  s.finance.investment_financing = {InvestmentFinancing{}, InvestmentFinancing{true, {}}};
  return s;
}

// Service totals of one platform: live package-hours, of which inference and training; facility MW-days.
ServiceTotals service(double live_rack_capex_usd, double package_hours, double inference, double training,
                      double facility_mw_days) {
  ServiceTotals t;
  t.live_rack_capex_usd = live_rack_capex_usd;
  t.package_hours = package_hours;
  t.facility_mw_days = facility_mw_days;
  t.platforms = {PlatformService{package_hours, inference, training}};
  return t;
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
  r.timeline[1].service = service(4e6, 960.0, 480.0, 0.0, 0.5);
  r.timeline[2].service = service(4e6, 1920.0, 960.0, 0.0, 1.0);
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
    row.service = service(0.0, 2.0 * hours, hours, 0.0, 0.0);
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

// NPV at the reported IRR is 0 on the flows it is computed from (the project cash summed per month and the terminal
// value), within 1e-6 of the cash's magnitude; payback when the cumulative cash is back above 0; break-even by hand.
TEST(FinancePass, NpvAtTheIrrIsZeroAndPaybackAndBreakEven) {
  Scenario s = monthly_scenario();
  s.finance.discount_rate = 0.1;
  s.finance.terminal_value = models::TerminalValue::kBookValue;
  s.finance.depreciation.life_years = 10;
  RunRecord r = monthly(60);
  add_finance(s, r);
  const FinanceOutcome& f = r.finance;
  // Terminal value: the $1M facility, straight-line over 10 years from 2026-01-01, on 2031-01-01 (its expense runs
  // through that day): 5 years x $100,000 + one day of life year 6 (365 days) = 500,273.97; book $499,726.03.
  EXPECT_NEAR(f.terminal_value_usd, 1e6 - 500'000.0 - 100'000.0 / 365.0, 1e-6);
  const models::Date end = day(2031, 1, 1);
  EXPECT_NEAR(f.terminal_value_npv_usd, f.terminal_value_usd * std::pow(1.1, -1826.0 / 365.25), 1e-6);
  ASSERT_TRUE(f.irr.has_value());
  std::vector<models::DatedAmount> flows;
  double magnitude = 0.0;
  for (const StateRow& row : r.timeline) {
    flows.push_back({row.date, row.finance.project_cash_usd});
    magnitude += std::abs(row.finance.project_cash_usd);
  }
  flows.push_back({end, f.terminal_value_usd});
  EXPECT_NEAR(models::npv_usd(flows, *f.irr, s.start), 0.0, 1e-6 * magnitude);
  EXPECT_NEAR(models::npv_usd(flows, s.finance.discount_rate, s.start), f.npv_usd, 1e-6);
  // -$1M on day 1, then +$19,000 a month: cumulative -1M + 19,000 m >= 0 from m = 53 (2030-06-01); the terminal
  // value is not cash and moves neither.
  EXPECT_NEAR(f.peak_funding_usd, 1e6, 1e-6);
  EXPECT_EQ(f.peak_funding_date, "2026-01-01");
  EXPECT_EQ(f.payback_date, "2030-06-01");
  // Break-even: fixed NPV A = -1M - NPV(energy) + NPV(terminal), per unit B = NPV($40,000 a month at full
  // capacity): u* = -A / B.
  std::vector<models::DatedAmount> fixed, full;
  for (const StateRow& row : r.timeline) {
    fixed.push_back({row.date, row.date == s.start ? -1e6 : -1000.0});
    full.push_back({row.date, row.date == s.start ? 0.0 : 40'000.0});
  }
  fixed.push_back({end, f.terminal_value_usd});
  const double a = models::npv_usd(fixed, 0.1, s.start);
  const double b = models::npv_usd(full, 0.1, s.start);
  ASSERT_TRUE(f.breakeven_utilization.has_value());
  EXPECT_NEAR(*f.breakeven_utilization, -a / b, 1e-12);
}

// Two platforms, each priced from the day it ships, 50% a year: "old" $4 from 2023-01-01, "new" $10 from
// 2027-01-01 (1,461 days = 4 x 365.25 later, so the factors are whole powers of 0.5). On 2027-01-01 old sells at
// 4 x 0.5^4 = $0.25 and new at its launch $10; on 2031-01-01 old at 4 x 0.5^8 = $0.015625, new at 10 x 0.5^4 =
// $0.625. (One curve from 2023 for both would have sold new at $0.625 on its first day.) Each row: old 100
// inference package-hours of 200 live, new 50 of 100 live, and new 40 of training.
Scenario two_platforms() {
  Scenario s = finance_scenario();
  models::Platform old_rack = s.catalog.platforms[0];
  old_rack.id = "old";
  old_rack.available = day(2023, 1, 1);
  old_rack.price_per_package_hour_usd = 4.0;
  models::Platform new_rack = old_rack;
  new_rack.id = "new";
  new_rack.available = day(2027, 1, 1);
  new_rack.price_per_package_hour_usd = 10.0;
  s.catalog.platforms = {old_rack, new_rack};
  s.start = day(2027, 1, 1);
  s.finance.revenue.annual_decline = 0.5;
  s.finance.opex.maintenance_fraction_per_year = 0.0;
  s.finance.opex.staff_usd_per_mw_year = 0.0;
  s.finance.investments.clear();
  s.finance.investment_financing.clear();
  return s;
}

RunRecord two_rows() {
  RunRecord r;
  double k = 0.0;
  for (const models::Date d : {day(2027, 1, 1), day(2031, 1, 1)}) {
    k += 1.0;
    StateRow row = fleet_row(d);
    row.service.package_hours = 300.0 * k;
    row.service.platforms = {PlatformService{200.0 * k, 100.0 * k, 0.0}, PlatformService{100.0 * k, 50.0 * k, 40.0 * k}};
    r.timeline.push_back(row);
  }
  return r;
}

TEST(FinancePass, EachPlatformPricedFromTheDayItShips) {
  RunRecord r = two_rows();
  add_finance(two_platforms(), r);
  // 100 x 0.25 + 50 x 10 = $525; then 100 x 0.015625 + 50 x 0.625 = $32.8125. Training is excluded (share 0).
  EXPECT_NEAR(r.timeline[0].finance.revenue_usd, 525.0, 1e-9);
  EXPECT_NEAR(r.timeline[1].finance.revenue_usd, 32.8125, 1e-9);
  EXPECT_DOUBLE_EQ(r.timeline[0].finance.training_value_usd, 0.0);
  EXPECT_NEAR(r.timeline[0].finance.project_cash_usd, 525.0, 1e-9);
  // Everything live sold: 200 x 0.25 + 100 x 10 = 1,050; then 200 x 0.015625 + 100 x 0.625 = 65.625.
  EXPECT_NEAR(r.finance.capacity_revenue_usd, 1050.0 + 65.625, 1e-9);
  EXPECT_NEAR(r.finance.revenue_usd, 557.8125, 1e-9);
}

// The operator's own training is revenue only at a stated transfer price: at 25% of the market price, new's 40
// training package-hours of the first row are worth 0.25 x 40 x $10 = $100, in the project cash but not in the
// revenue; at 0% (the default) nothing.
TEST(FinancePass, TrainingIsApartFromRevenue) {
  Scenario s = two_platforms();
  s.finance.revenue.training_transfer_share = 0.25;
  RunRecord r = two_rows();
  add_finance(s, r);
  const FinanceRow& first = r.timeline[0].finance;
  EXPECT_NEAR(first.revenue_usd, 525.0, 1e-9);
  EXPECT_NEAR(first.training_value_usd, 100.0, 1e-9);
  EXPECT_NEAR(first.project_cash_usd, 525.0, 1e-9);  // the training value is not cash
  // Second row: 0.25 x 40 x $0.625 = $6.25.
  EXPECT_NEAR(r.timeline[1].finance.training_value_usd, 6.25, 1e-9);
  EXPECT_NEAR(r.finance.training_value_usd, 106.25, 1e-9);
  EXPECT_DOUBLE_EQ(r.finance.training_transfer_share, 0.25);
  // The owner's view values the same training at 100%: 40 x $10 + 40 x $0.625 = $425 instead of $106.25; at a 0%
  // discount rate the NPV rises by the difference, $318.75.
  // The NPV (0% here, no terminal value) values the cash and the training value: the cash plus $106.25; the
  // funding need and the cumulative cash see the cash alone.
  const double cash = r.timeline[0].finance.project_cash_usd + r.timeline[1].finance.project_cash_usd;
  EXPECT_NEAR(r.finance.npv_usd, cash + 106.25, 1e-6);
  EXPECT_NEAR(r.timeline[1].finance.cumulative_project_cash_usd, cash, 1e-9);
  ASSERT_TRUE(r.finance.npv_training_at_market_usd.has_value());
  EXPECT_NEAR(*r.finance.npv_training_at_market_usd - r.finance.npv_usd, 318.75, 1e-6);
}

// A take-or-pay capacity contract: $365,250 per IT MW-year ($1,000 per IT MW-day), fixed. The three days hold 0,
// 0.4 and 0.4 IT MW-days live (cumulative 0, 0.4, 0.8): revenue $0, $400, $400, whatever is used; training is the
// customer's (no transfer value even with a share stated), and there is no owner's view to add.
TEST(FinancePass, CapacityContractSellsEveryLiveMwDay) {
  Scenario s = finance_scenario();
  s.finance.revenue.basis = models::RevenueBasis::kCapacity;
  s.finance.revenue.price_per_it_mw_year_usd = 365'250.0;
  s.finance.revenue.price_date = day(2026, 1, 1);
  s.finance.revenue.training_transfer_share = 0.5;
  RunRecord r = three_days();
  r.timeline[1].service.it_mw_days = 0.4;
  r.timeline[2].service.it_mw_days = 0.8;
  add_finance(s, r);
  EXPECT_DOUBLE_EQ(r.timeline[0].finance.revenue_usd, 0.0);
  EXPECT_NEAR(r.timeline[1].finance.revenue_usd, 400.0, 1e-9);
  EXPECT_NEAR(r.timeline[2].finance.revenue_usd, 400.0, 1e-9);
  EXPECT_NEAR(r.finance.revenue_usd, 800.0, 1e-9);
  EXPECT_NEAR(r.finance.capacity_revenue_usd, 800.0, 1e-9);
  EXPECT_DOUBLE_EQ(r.finance.training_value_usd, 0.0);
  EXPECT_FALSE(r.finance.npv_training_at_market_usd.has_value());
  // Per IT MW-year: $800 over 0.8 MW-days = 0.8 / 365.25 MW-years: the contract price.
  ASSERT_TRUE(r.finance.revenue_per_it_mw_year_usd.has_value());
  EXPECT_NEAR(*r.finance.revenue_per_it_mw_year_usd, 365'250.0, 1e-6);
}

// Terminal value, textbook (models/cashflow.hpp): -1,000 now, +300 and a book value of 1,164.10 four years later.
// Here: $1,000 of facility placed in service on day 1 (paid then), no depreciation within the run (a 100-year life
// charges 1,000 / 100 / 365 a day, so the book value is set by hand below), +300 of revenue on the last day.
TEST(FinancePass, TerminalValueEntersNpvAndIrrNotCash) {
  Scenario s = finance_scenario();
  s.finance.rack_payment = models::PaymentTerms{0.0, 1.0, 0.0};
  s.finance.opex = models::OpexRates{};
  s.sites[0].energy_price_usd_per_mwh = 0.0;
  s.finance.investments.clear();
  s.finance.investment_financing.clear();
  s.finance.discount_rate = 0.1;
  s.finance.terminal_value = models::TerminalValue::kBookValue;
  s.finance.depreciation.life_years = 100;
  RunRecord r;
  StateRow first = fleet_row(s.start);
  first.capex[models::CapexCategory::kFacilityShell] = 1000.0;
  StateRow last = fleet_row(models::Date{s.start.days + 1461});
  last.capex = first.capex;
  last.service = service(0.0, 150.0, 150.0, 0.0, 0.0);  // 150 package-hours at $2 = $300
  r.timeline = {first, last};
  add_finance(s, r);
  const FinanceOutcome& f = r.finance;
  // Book value: 1,000 less 1,462 days of 10 a year (days 0..1,461 within life years of 365 or 366 days).
  const double book = r.timeline[1].finance.book_value_usd;
  EXPECT_NEAR(f.terminal_value_usd, book, 1e-9);
  EXPECT_NEAR(book, 960.0, 0.1);
  const double discount = std::pow(1.1, -4.0);
  EXPECT_NEAR(f.terminal_value_npv_usd, book * discount, 1e-9);
  EXPECT_NEAR(f.npv_usd, -1000.0 + (300.0 + book) * discount, 1e-9);
  // IRR of -1,000 and +(300 + book) four years apart: (1 + r)^4 = (300 + book) / 1,000.
  ASSERT_TRUE(f.irr.has_value());
  EXPECT_NEAR(*f.irr, std::pow((300.0 + book) / 1000.0, 0.25) - 1.0, 1e-12);
  // Cash: the peak need is the $1,000, never paid back by $300.
  EXPECT_NEAR(f.peak_funding_usd, 1000.0, 1e-9);
  EXPECT_EQ(f.payback_date, "");
  // With none: the NPV of the cash alone, -1,000 + 300 / 1.1^4 = -795.10.
  s.finance.terminal_value = models::TerminalValue::kNone;
  add_finance(s, r);
  EXPECT_NEAR(r.finance.npv_usd, -1000.0 + 300.0 * discount, 1e-9);
  EXPECT_NEAR(r.finance.npv_usd, -795.10, 0.005);
  EXPECT_DOUBLE_EQ(r.finance.terminal_value_usd, 0.0);
}

}  // namespace
}  // namespace gwsim::engine
