// Unit tests for models/cashflow: payment terms, opex, revenue, loans, and the figures of dated cash flows (peak
// funding, payback, NPV, IRR, break-even utilization).
#include "models/cashflow.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

namespace gwsim::models {
namespace {

Date day(int y, int m, int d) { return date_from_civil(y, m, d); }

// Flows 4 years apart (1,461 days = 4 x 365.25), so that each discount factor is an exact power of (1 + r)^4.
std::vector<DatedAmount> every_four_years(std::initializer_list<double> amounts) {
  std::vector<DatedAmount> flows;
  int k = 0;
  for (const double a : amounts) flows.push_back({Date{day(2024, 1, 1).days + 1'461 * k++}, a});
  return flows;
}

TEST(Cashflow, PaymentTerms) {
  EXPECT_TRUE(payment_terms_valid({0.2, 0.5, 0.3}));
  EXPECT_TRUE(payment_terms_valid({0.0, 1.0, 0.0}));
  EXPECT_FALSE(payment_terms_valid({0.2, 0.5, 0.2}));   // sums to 0.9
  EXPECT_FALSE(payment_terms_valid({-0.1, 0.8, 0.3}));  // a negative share
  EXPECT_FALSE(payment_terms_valid({std::nan(""), 0.5, 0.5}));
  const auto p = capex_payments(10e6, {0.2, 0.5, 0.3}, day(2026, 1, 1), day(2026, 6, 1), day(2026, 7, 1));
  EXPECT_EQ(p[0].date, day(2026, 1, 1));
  EXPECT_DOUBLE_EQ(p[0].amount_usd, -2e6);
  EXPECT_EQ(p[1].date, day(2026, 6, 1));
  EXPECT_DOUBLE_EQ(p[1].amount_usd, -5e6);
  EXPECT_EQ(p[2].date, day(2026, 7, 1));
  EXPECT_DOUBLE_EQ(p[2].amount_usd, -3e6);
}

TEST(Cashflow, OpexWorkedExample) {
  const OpexBreakdown o = period_opex({85.0, 0.02, 25'000.0}, 720.0, 5'000.0, 13e6, 1.0, 30.0);
  EXPECT_DOUBLE_EQ(o.energy_usd, 61'200.0);                    // 720 MWh x $85
  EXPECT_DOUBLE_EQ(o.fuel_usd, 5'000.0);                       // as given
  EXPECT_NEAR(o.maintenance_usd, 21'355.2361, 1e-4);           // 13M x 0.02 x 30 / 365.25
  EXPECT_NEAR(o.staff_usd, 2'053.3881, 1e-4);                  // 25,000 x 1 MW x 30 / 365.25
  EXPECT_NEAR(o.total_usd(), 89'608.6242, 1e-4);
}

TEST(Cashflow, RevenueWithPriceDecline) {
  const PriceCurve rental{RevenueBasis::kGpuHours, 3.0, day(2025, 7, 1), 0.3};
  EXPECT_DOUBLE_EQ(price_on(rental, day(2025, 7, 1)), 3.0);
  // 365 days later: 3 x 0.7^(365 / 365.25) = 2.1005127; one rack-day at 80%: 72 x 24 x 0.8 x 2.1005127.
  EXPECT_NEAR(price_on(rental, day(2026, 7, 1)), 2.1005127, 1e-7);
  EXPECT_NEAR(period_revenue_usd(rental, day(2026, 7, 1), 72.0 * 24.0, 0.8), 2'903.7488, 1e-4);
  // Four years (1,461 days) at -30%/yr: 3 x 0.7^4 = 0.7203.
  EXPECT_NEAR(price_on(rental, Date{day(2025, 7, 1).days + 1'461}), 0.7203, 1e-12);
  // Tokens: $2 per million, capacity 1e9 tokens in the period, half used: 1,000 x 0.5 x 2 = $1,000.
  const PriceCurve tokens{RevenueBasis::kTokens, 2.0, day(2026, 1, 1), 0.5};
  EXPECT_DOUBLE_EQ(period_revenue_usd(tokens, day(2026, 1, 1), 1e9, 0.5), 1'000.0);
  EXPECT_DOUBLE_EQ(period_revenue_usd(tokens, day(2026, 1, 1), 1e9, 0.0), 0.0);
}

TEST(Cashflow, PeakFundingAndPayback) {
  const std::vector<DatedAmount> flows{{day(2026, 1, 1), -100.0},
                                       {day(2026, 2, 1), -50.0},
                                       {day(2026, 3, 1), 30.0},
                                       {day(2026, 4, 1), 40.0},
                                       {day(2026, 5, 1), 90.0}};
  const CashFigures f = cash_figures(flows);
  EXPECT_DOUBLE_EQ(f.peak_funding_usd, 150.0);
  ASSERT_TRUE(f.peak_funding_date);
  EXPECT_EQ(*f.peak_funding_date, day(2026, 2, 1));
  ASSERT_TRUE(f.payback_date);
  EXPECT_EQ(*f.payback_date, day(2026, 5, 1));
  EXPECT_DOUBLE_EQ(f.final_cumulative_usd, 10.0);
  // Order does not matter, and same-day flows count together (end of day): the need is still 150 on 02-01.
  std::vector<DatedAmount> shuffled{flows[4], flows[2], flows[0], flows[3], flows[1], {day(2026, 2, 1), 0.0}};
  const CashFigures g = cash_figures(shuffled);
  EXPECT_DOUBLE_EQ(g.peak_funding_usd, 150.0);
  EXPECT_EQ(*g.payback_date, day(2026, 5, 1));
  // A second, deeper need after a payback moves both dates.
  std::vector<DatedAmount> twice = flows;
  twice.push_back({day(2026, 6, 1), -200.0});
  twice.push_back({day(2026, 9, 1), 250.0});
  const CashFigures h = cash_figures(twice);
  EXPECT_DOUBLE_EQ(h.peak_funding_usd, 190.0);
  EXPECT_EQ(*h.peak_funding_date, day(2026, 6, 1));
  EXPECT_EQ(*h.payback_date, day(2026, 9, 1));
  // Never below zero: no need, no payback. Never recovering: a need and no payback.
  const CashFigures none = cash_figures(std::vector<DatedAmount>{{day(2026, 1, 1), 5.0}, {day(2026, 2, 1), -5.0}});
  EXPECT_DOUBLE_EQ(none.peak_funding_usd, 0.0);
  EXPECT_FALSE(none.peak_funding_date);
  EXPECT_FALSE(none.payback_date);
  const CashFigures stuck = cash_figures(std::vector<DatedAmount>{{day(2026, 1, 1), -5.0}, {day(2026, 2, 1), 4.0}});
  EXPECT_DOUBLE_EQ(stuck.peak_funding_usd, 5.0);
  EXPECT_FALSE(stuck.payback_date);
}

TEST(Cashflow, NpvAndIrrTextbook) {
  const Date base = day(2024, 1, 1);
  // -1,000 then +1,464.10 four years later: 1.1^4 = 1.4641, NPV at 10% = 0, IRR = 10%.
  const auto ten = every_four_years({-1'000.0, 1'464.1});
  EXPECT_NEAR(npv_usd(ten, 0.10, base), 0.0, 1e-9);
  ASSERT_TRUE(irr(ten));
  EXPECT_NEAR(*irr(ten), 0.10, 1e-12);
  // -1,000, +600, +600 at years 0, 4, 8: NPV 200 at 0%, -100.2749 at 5%; IRR 3.117704%.
  const auto two = every_four_years({-1'000.0, 600.0, 600.0});
  EXPECT_NEAR(npv_usd(two, 0.0, base), 200.0, 1e-9);
  EXPECT_NEAR(npv_usd(two, 0.05, base), -100.274898, 1e-6);
  ASSERT_TRUE(irr(two));
  EXPECT_NEAR(*irr(two), 0.031177044, 1e-9);
  EXPECT_EQ(irr_roots(two).size(), 1u);
  // The base date shifts NPV by (1 + r)^(4 years) and not the IRR.
  EXPECT_NEAR(npv_usd(two, 0.05, Date{base.days + 1'461}), -100.274898 * std::pow(1.05, 4), 1e-6);
  // No sign change: no IRR.
  EXPECT_FALSE(irr(every_four_years({-1'000.0, -5.0})));
  EXPECT_FALSE(irr(every_four_years({1'000.0, 5.0})));
  EXPECT_FALSE(irr(std::vector<DatedAmount>{}));
}

// The header's terminal-value example: -1,000 now, +300 in 4 years, a book value of 1,164.10 then.
TEST(Cashflow, TerminalValueTextbook) {
  const Date base = day(2024, 1, 1);
  const Date end{base.days + 1'461};
  std::vector<DatedAmount> cash = every_four_years({-1'000.0, 300.0});
  EXPECT_NEAR(npv_usd(cash, 0.10, base), -1'000.0 + 300.0 / 1.4641, 1e-9);  // -795.10
  EXPECT_NEAR(npv_usd(cash, 0.10, base), -795.10, 0.005);
  ASSERT_TRUE(irr(cash));
  EXPECT_NEAR(*irr(cash), std::pow(0.3, 0.25) - 1.0, 1e-12);  // -25.99%
  const DatedAmount terminal = terminal_flow(TerminalValue::kBookValue, 1'164.1, end);
  EXPECT_EQ(terminal.date, end);
  EXPECT_DOUBLE_EQ(terminal.amount_usd, 1'164.1);
  EXPECT_NEAR(npv_usd(std::vector<DatedAmount>{terminal}, 0.10, base), 795.10, 0.005);
  cash.push_back(terminal);
  EXPECT_NEAR(npv_usd(cash, 0.10, base), 0.0, 1e-9);
  ASSERT_TRUE(irr(cash));
  EXPECT_NEAR(*irr(cash), 0.10, 1e-12);
  EXPECT_DOUBLE_EQ(terminal_flow(TerminalValue::kNone, 1'164.1, end).amount_usd, 0.0);
}

// A platform's price declines from the day it ships: $10 on 2028-01-01 at 50% a year is $10 that day and
// 10 x 0.5^2 = $2.50 two years of 365.25 days later.
TEST(Cashflow, PlatformPriceFromItsAvailability) {
  const PriceCurve curve = platform_price_curve(10.0, day(2028, 1, 1), 0.5);
  EXPECT_EQ(curve.basis, RevenueBasis::kGpuHours);
  EXPECT_DOUBLE_EQ(price_on(curve, day(2028, 1, 1)), 10.0);
  EXPECT_NEAR(price_on(curve, Date{day(2028, 1, 1).days + 2 * 365 + 1}) * std::pow(0.5, -0.5 / 365.25), 2.5, 1e-12);
}

TEST(Cashflow, IrrWithSeveralRoots) {
  // Lorie-Savage: -1,600, +10,000, -10,000 at years 0, 4, 8: (1+r)^4 = 1.25 or 5.
  const auto roots = irr_roots(every_four_years({-1'600.0, 10'000.0, -10'000.0}));
  ASSERT_EQ(roots.size(), 2u);
  EXPECT_NEAR(roots[0], 0.057371263, 1e-9);
  EXPECT_NEAR(roots[1], 0.495348781, 1e-9);
  EXPECT_NEAR(*irr(every_four_years({-1'600.0, 10'000.0, -10'000.0})), 0.057371263, 1e-9);
  // -1, +5, -6: (1+r)^4 = 2 or 3: r = 2^(1/4) - 1 = 18.9207% and 3^(1/4) - 1 = 31.6074%.
  const auto other = irr_roots(every_four_years({-1.0, 5.0, -6.0}));
  ASSERT_EQ(other.size(), 2u);
  EXPECT_NEAR(other[0], std::pow(2.0, 0.25) - 1.0, 1e-9);
  EXPECT_NEAR(other[1], std::pow(3.0, 0.25) - 1.0, 1e-9);
}

// The invariant on random flows: an investment phase (negative), then flows of random sign and size on random days
// over ten years. Wherever irr() reports a rate, the NPV there is zero within 1e-6 of the cash magnitude (the sum of
// |flows|); and a series with one sign change whose NPV changes sign between -99% and 100,000% always has one.
TEST(Cashflow, NpvAtIrrIsZeroOnRandomFlows) {
  std::uint64_t state = 20'260'101;
  const auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;  // Knuth's MMIX LCG
    return static_cast<double>(state >> 11) * 0x1.0p-53;
  };
  int with_irr = 0;
  int roots_checked = 0;
  int sane_roots_checked = 0;
  for (int series = 0; series < 500; ++series) {
    std::vector<DatedAmount> flows;
    const Date start = day(2026, 1, 1);
    const int n = 2 + static_cast<int>(uniform() * 60);
    double magnitude = 0.0;
    for (int k = 0; k < n; ++k) {
      const Date d{start.days + static_cast<int>(uniform() * 3'650)};
      const bool invest = k < n / 3;
      const double size = std::pow(10.0, 3.0 + 6.0 * uniform());
      const double amount = invest ? -size : (uniform() < 0.8 ? size : -size);
      flows.push_back({d, amount});
      magnitude += std::abs(amount);
    }
    const std::vector<double> roots = irr_roots(flows);
    Date first = flows.front().date;
    for (const DatedAmount& f : flows) first = std::min(first, f.date);
    for (const double r : roots) {
      // NPV from the first date (where the scan measures time from). Near r = -100% the discount factors reach
      // 1e17 over ten years and NPV is only as exact as its largest discounted term, so the bound there is on the
      // discounted magnitude; from -50% up, on the cash magnitude itself.
      double discounted = 0.0;
      for (const DatedAmount& f : flows) discounted += std::abs(npv_usd(std::vector<DatedAmount>{f}, r, first));
      ASSERT_LE(std::abs(npv_usd(flows, r, first)), 1e-6 * discounted) << "series " << series << " r " << r;
      if (r >= -0.5) {
        ASSERT_LE(std::abs(npv_usd(flows, r, first)), 1e-6 * magnitude) << series << " r " << r;
        ++sane_roots_checked;
      }
      ++roots_checked;
    }
    if (!roots.empty()) ++with_irr;
  }
  EXPECT_GT(with_irr, 250);  // most series have an IRR in range; the checks above ran on each root
  EXPECT_GT(sane_roots_checked, 200);
  EXPECT_GE(roots_checked, sane_roots_checked);
  // One sign change with NPV of opposite signs at the ends of the range: a root is always found.
  for (int series = 0; series < 200; ++series) {
    std::vector<DatedAmount> flows{{day(2026, 1, 1), -1e6 * (1.0 + uniform())}};
    for (int k = 1; k <= 20; ++k) flows.push_back({Date{day(2026, 1, 1).days + 91 * k}, 1e5 * uniform()});
    const double at_low = npv_usd(flows, -0.99, day(2026, 1, 1));
    const double at_high = npv_usd(flows, 1'000.0, day(2026, 1, 1));
    if ((at_low > 0.0) != (at_high > 0.0)) {
      ASSERT_EQ(irr_roots(flows).size(), 1u) << series;
    }
  }
}

TEST(Cashflow, BreakevenUtilization) {
  const Date base = day(2024, 1, 1);
  const std::vector<DatedAmount> fixed{{base, -1'000.0}};
  const std::vector<DatedAmount> per_unit{{Date{base.days + 1'461}, 600.0}, {Date{base.days + 2'922}, 600.0}};
  // At 0%: -1,000 + u x 1,200 = 0 at u = 0.8333.
  ASSERT_TRUE(breakeven_utilization(fixed, per_unit, 0.0, base));
  EXPECT_NEAR(*breakeven_utilization(fixed, per_unit, 0.0, base), 1'000.0 / 1'200.0, 1e-12);
  // At 10%: B = 600 / 1.4641 + 600 / 1.4641^2 = 689.7125, u* = 1.4499 > 1: none.
  EXPECT_NEAR(npv_usd(per_unit, 0.10, base), 689.712501, 1e-6);
  EXPECT_FALSE(breakeven_utilization(fixed, per_unit, 0.10, base));
  // Just below the IRR of the fully used project (3.1177044%) the break-even is full use, to within the rate's
  // last digit (dNPV/dr ~ -5,000, so 1e-9 of rate moves u* by ~5e-9); just above, none.
  ASSERT_TRUE(breakeven_utilization(fixed, per_unit, 0.031177043, base));
  EXPECT_NEAR(*breakeven_utilization(fixed, per_unit, 0.031177043, base), 1.0, 1e-8);
  EXPECT_FALSE(breakeven_utilization(fixed, per_unit, 0.031177045, base));
  // Profitable with nothing sold: 0. Revenue that does not pay: none.
  EXPECT_DOUBLE_EQ(*breakeven_utilization(std::vector<DatedAmount>{{base, 5.0}}, per_unit, 0.1, base), 0.0);
  EXPECT_FALSE(breakeven_utilization(fixed, std::vector<DatedAmount>{{base, -1.0}}, 0.1, base));
}

TEST(Cashflow, BulletLoan) {
  const LoanTerms terms{0.08, Repayment::kBullet, 24, 3};
  Loan loan = draw_loan(terms, day(2026, 1, 15), 1e6);
  EXPECT_EQ(loan.payments_total, 8);
  EXPECT_EQ(loan_payment_date(loan, terms, 1), day(2026, 4, 15));
  EXPECT_EQ(loan_payment_date(loan, terms, 8), day(2028, 1, 15));
  // Daily calls: payments appear on their dates only; 2% a quarter of $1M is $20,000.
  double interest = 0.0;
  double principal = 0.0;
  int payments = 0;
  for (Date d = day(2026, 1, 15); d <= day(2028, 2, 1); d.days += 1) {
    const DebtService s = loan_service_due(terms, loan, d);
    if (s.total_usd() > 0.0) {
      ++payments;
      EXPECT_EQ(d, loan_payment_date(loan, terms, payments));
      EXPECT_NEAR(s.interest_usd, 20'000.0, 1e-9);
      EXPECT_DOUBLE_EQ(s.principal_usd, payments == 8 ? 1e6 : 0.0);
    }
    interest += s.interest_usd;
    principal += s.principal_usd;
  }
  EXPECT_EQ(payments, 8);
  EXPECT_NEAR(interest, 160'000.0, 1e-6);
  EXPECT_DOUBLE_EQ(principal, 1e6);
  EXPECT_DOUBLE_EQ(loan.outstanding_usd, 0.0);
}

TEST(Cashflow, AmortizingLoan) {
  const LoanTerms terms{0.12, Repayment::kAmortizing, 12, 1};
  Loan loan = draw_loan(terms, day(2026, 1, 31), 1e6);
  // A = 10,000 / (1 - 1.01^-12) = 88,848.7887.
  EXPECT_NEAR(loan.level_payment_usd, 88'848.7887, 1e-4);
  // Month 1 (2026-02-28, the day clamped): interest 10,000, principal 78,848.7887, balance 921,151.2113.
  DebtService s = loan_service_due(terms, loan, day(2026, 2, 27));
  EXPECT_DOUBLE_EQ(s.total_usd(), 0.0);
  s = loan_service_due(terms, loan, day(2026, 2, 28));
  EXPECT_NEAR(s.interest_usd, 10'000.0, 1e-9);
  EXPECT_NEAR(s.principal_usd, 78'848.7887, 1e-4);
  EXPECT_NEAR(loan.outstanding_usd, 921'151.2113, 1e-4);
  // Month 2: interest 9,211.5121, principal 79,637.2766.
  s = loan_service_due(terms, loan, day(2026, 3, 31));
  EXPECT_NEAR(s.interest_usd, 9'211.5121, 1e-4);
  EXPECT_NEAR(s.principal_usd, 79'637.2766, 1e-4);
  // A late call pays everything due since: the other 10 payments, clearing the balance.
  s = loan_service_due(terms, loan, day(2030, 1, 1));
  EXPECT_NEAR(s.total_usd(), 10 * 88'848.7887, 1e-3);
  EXPECT_NEAR(s.principal_usd, 841'513.9348, 1e-4);
  EXPECT_DOUBLE_EQ(loan.outstanding_usd, 0.0);
  EXPECT_EQ(loan.payments_made, 12);
  EXPECT_DOUBLE_EQ(loan_service_due(terms, loan, day(2031, 1, 1)).total_usd(), 0.0);
  // A zero rate repays in equal parts.
  const LoanTerms free{0.0, Repayment::kAmortizing, 12, 3};
  Loan f = draw_loan(free, day(2026, 1, 1), 1'000.0);
  EXPECT_DOUBLE_EQ(f.level_payment_usd, 250.0);
}

TEST(Cashflow, RevenuePerMwYear) {
  // 100 MW for 73.05 days (0.2 year) = 20 MW-years; $50M over it is $2.5M per MW-year.
  EXPECT_NEAR(facility_mw_years(100.0, 73.05), 20.0, 1e-12);
  EXPECT_NEAR(revenue_per_mw_year(50e6, facility_mw_years(100.0, 73.05)), 2.5e6, 1e-6);
  EXPECT_DOUBLE_EQ(revenue_per_mw_year(50e6, 0.0), 0.0);
}

}  // namespace
}  // namespace gwsim::models
