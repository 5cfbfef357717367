#include "models/cashflow.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

namespace gwsim::models {
namespace {

// The IRR scan: x = ln(1 + r) from ln(0.01) to ln(1,001) in 200 steps.
constexpr double kIrrMinRate = -0.99;
constexpr double kIrrMaxRate = 1'000.0;
constexpr int kIrrScanSteps = 200;

// Flows summed per date, in date order, zero days dropped.
std::vector<DatedAmount> by_date(std::span<const DatedAmount> flows) {
  std::vector<DatedAmount> sorted(flows.begin(), flows.end());
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const DatedAmount& x, const DatedAmount& y) { return x.date < y.date; });
  std::vector<DatedAmount> days;
  for (const DatedAmount& f : sorted) {
    if (!days.empty() && days.back().date == f.date) {
      days.back().amount_usd += f.amount_usd;
    } else {
      days.push_back(f);
    }
  }
  return days;
}

double years_between(Date from, Date to) { return days_between(from, to) / kDaysPerYear; }

// NPV as a function of x = ln(1 + r), and its derivative, over flows already by date, with times from the first date.
struct NpvAndSlope {
  double npv = 0.0;
  double slope = 0.0;
};

NpvAndSlope npv_at_log_rate(const std::vector<DatedAmount>& days, double x) {
  NpvAndSlope v;
  for (const DatedAmount& f : days) {
    const double t = years_between(days.front().date, f.date);
    const double term = f.amount_usd * std::exp(-x * t);
    v.npv += term;
    v.slope -= t * term;
  }
  return v;
}

// The root of the NPV in [lo, hi], where it changes sign: Numerical Recipes' rtsafe (Newton steps kept inside the
// bracket, bisection when a step would leave it or shrink it too slowly), until x stops moving in double precision.
// About 6-10 evaluations where bisection alone takes ~60.
double refine_root(const std::vector<DatedAmount>& days, double lo, double hi, double f_lo) {
  if (f_lo > 0.0) std::swap(lo, hi);  // orient so that the NPV is negative at lo (lo may then exceed hi)
  double x = 0.5 * (lo + hi);
  double step = std::abs(hi - lo);
  double step_before = step;
  for (int it = 0; it < 200; ++it) {
    const NpvAndSlope v = npv_at_log_rate(days, x);
    if (v.npv == 0.0) return x;
    (v.npv < 0.0 ? lo : hi) = x;
    const double newton = x - v.npv / v.slope;
    const bool inside = newton > std::min(lo, hi) && newton < std::max(lo, hi);
    const bool fast = std::abs(newton - x) <= 0.5 * step_before;  // rtsafe: at most half the step before last
    const double next = inside && fast ? newton : 0.5 * (lo + hi);
    step_before = step;
    step = std::abs(next - x);
    if (next == x || next == lo || next == hi) return x;  // no double left between x and the root's bracket
    x = next;
  }
  return x;
}

}  // namespace

bool payment_terms_valid(const PaymentTerms& terms) {
  for (const double share : {terms.at_order, terms.at_delivery, terms.at_acceptance}) {
    if (!(share >= 0.0 && share <= 1.0)) return false;
  }
  return std::abs(terms.at_order + terms.at_delivery + terms.at_acceptance - 1.0) <= 1e-9;
}

std::array<DatedAmount, 3> capex_payments(double capex_usd, const PaymentTerms& terms, Date order, Date delivery,
                                          Date acceptance) {
  return {DatedAmount{order, -capex_usd * terms.at_order}, DatedAmount{delivery, -capex_usd * terms.at_delivery},
          DatedAmount{acceptance, -capex_usd * terms.at_acceptance}};
}

OpexBreakdown period_opex(const OpexRates& rates, double grid_energy_mwh, double fuel_usd,
                          double capex_in_service_usd, double facility_mw, double days) {
  return OpexBreakdown{
      grid_energy_mwh * rates.energy_price_usd_per_mwh,
      fuel_usd,
      capex_in_service_usd * rates.maintenance_fraction_per_year * days / kDaysPerYear,
      facility_mw * rates.staff_usd_per_mw_year * days / kDaysPerYear,
  };
}

double price_on(const PriceCurve& curve, Date day) {
  return curve.price_usd * std::exp(years_between(curve.reference_date, day) * std::log1p(-curve.annual_decline));
}

PriceCurve platform_price_curve(double price_usd, Date available, double annual_decline) {
  return PriceCurve{RevenueBasis::kGpuHours, price_usd, available, annual_decline};
}

DatedAmount terminal_flow(TerminalValue method, double book_value_usd, Date end) {
  return DatedAmount{end, method == TerminalValue::kBookValue ? book_value_usd : 0.0};
}

double period_revenue_usd(const PriceCurve& curve, Date day, double capacity, double utilization) {
  const double units = curve.basis == RevenueBasis::kTokens ? capacity / 1e6 : capacity;
  return units * utilization * price_on(curve, day);
}

Loan draw_loan(const LoanTerms& terms, Date date, double amount_usd) {
  const int per = std::max(1, terms.months_per_payment);
  Loan loan;
  loan.draw_date = date;
  loan.outstanding_usd = amount_usd;
  loan.payments_total = std::max(1, (terms.term_months + per - 1) / per);
  if (terms.repayment == Repayment::kAmortizing) {
    const double i = terms.annual_rate * per / 12.0;
    loan.level_payment_usd = i == 0.0 ? amount_usd / loan.payments_total
                                      : amount_usd * i / -std::expm1(-loan.payments_total * std::log1p(i));
  }
  return loan;
}

Date loan_payment_date(const Loan& loan, const LoanTerms& terms, int payment) {
  return add_calendar_months(loan.draw_date, payment * std::max(1, terms.months_per_payment));
}

DebtService loan_service_due(const LoanTerms& terms, Loan& loan, Date today) {
  DebtService due;
  const double i = terms.annual_rate * std::max(1, terms.months_per_payment) / 12.0;
  while (loan.payments_made < loan.payments_total &&
         loan_payment_date(loan, terms, loan.payments_made + 1) <= today) {
    const double interest = loan.outstanding_usd * i;
    const bool last = loan.payments_made + 1 == loan.payments_total;
    double principal = 0.0;
    if (last) {
      principal = loan.outstanding_usd;
    } else if (terms.repayment == Repayment::kAmortizing) {
      principal = loan.level_payment_usd - interest;
    }
    due.interest_usd += interest;
    due.principal_usd += principal;
    loan.outstanding_usd -= principal;
    ++loan.payments_made;
  }
  return due;
}

CashFigures cash_figures(std::span<const DatedAmount> flows) {
  CashFigures figures;
  double cumulative = 0.0;
  for (const DatedAmount& day : by_date(flows)) {
    cumulative += day.amount_usd;
    if (-cumulative > figures.peak_funding_usd) {
      figures.peak_funding_usd = -cumulative;
      figures.peak_funding_date = day.date;
      figures.payback_date.reset();
    } else if (figures.peak_funding_date && !figures.payback_date && cumulative >= 0.0) {
      figures.payback_date = day.date;
    }
  }
  figures.final_cumulative_usd = cumulative;
  return figures;
}

double npv_usd(std::span<const DatedAmount> flows, double annual_rate, Date base) {
  const double log_rate = std::log1p(annual_rate);
  double sum = 0.0;
  for (const DatedAmount& f : flows) sum += f.amount_usd * std::exp(-log_rate * years_between(base, f.date));
  return sum;
}

std::vector<double> irr_roots(std::span<const DatedAmount> flows) {
  std::vector<DatedAmount> days = by_date(flows);
  std::erase_if(days, [](const DatedAmount& f) { return f.amount_usd == 0.0; });
  int sign_changes = 0;
  for (std::size_t k = 1; k < days.size(); ++k) {
    if ((days[k].amount_usd > 0.0) != (days[k - 1].amount_usd > 0.0)) ++sign_changes;
  }
  std::vector<double> roots;
  if (sign_changes == 0) return roots;

  const double x_lo = std::log1p(kIrrMinRate);
  const double x_hi = std::log1p(kIrrMaxRate);
  const auto bracket = [&](double a, double fa, double b, double fb) {
    if (fb == 0.0) {
      roots.push_back(b);
    } else if (fa != 0.0 && (fa < 0.0) != (fb < 0.0)) {
      roots.push_back(refine_root(days, a, b, fa));
    }
  };
  const double f_lo = npv_at_log_rate(days, x_lo).npv;
  if (f_lo == 0.0) roots.push_back(x_lo);
  if (sign_changes == 1) {
    // One sign change, at most one root: the ends of the range bracket it or it lies outside.
    bracket(x_lo, f_lo, x_hi, npv_at_log_rate(days, x_hi).npv);
  } else {
    const double step = (x_hi - x_lo) / kIrrScanSteps;
    double a = x_lo;
    double fa = f_lo;
    for (int k = 1; k <= kIrrScanSteps; ++k) {
      const double b = k == kIrrScanSteps ? x_hi : x_lo + k * step;
      const double fb = npv_at_log_rate(days, b).npv;
      bracket(a, fa, b, fb);
      a = b;
      fa = fb;
    }
  }
  for (double& x : roots) x = std::expm1(x);
  return roots;
}

std::optional<double> irr(std::span<const DatedAmount> flows) {
  const std::vector<double> roots = irr_roots(flows);
  if (roots.empty()) return std::nullopt;
  return roots.front();
}

std::optional<double> breakeven_utilization(std::span<const DatedAmount> fixed_flows,
                                            std::span<const DatedAmount> flows_per_unit_utilization,
                                            double annual_rate, Date base) {
  const double fixed = npv_usd(fixed_flows, annual_rate, base);
  const double per_unit = npv_usd(flows_per_unit_utilization, annual_rate, base);
  if (fixed >= 0.0) return 0.0;
  if (!(per_unit > 0.0)) return std::nullopt;
  const double u = -fixed / per_unit;
  if (u > 1.0) return std::nullopt;
  return u;
}

double facility_mw_years(double facility_mw, double days) { return facility_mw * days / kDaysPerYear; }

double revenue_per_mw_year(double revenue_usd, double mw_years) {
  return mw_years > 0.0 ? revenue_usd / mw_years : 0.0;
}

}  // namespace gwsim::models
