// Money over time: capex payment terms, opex, revenue, debt, and the figures of a dated series of net cash flows.
//
// Signs: money in is positive, money out negative (USD). Dates are models::Date (whole days); the engine calls the
// per-period functions once per step with the step's date and length.
// Capex payment terms: an order of capex C pays a share at order, at delivery and at acceptance (go-live):
//   -a C on the order date, -d C on delivery, -g C on acceptance, a + d + g = 1 (each in [0, 1]).
// Opex over a period of `days`:
//   energy      = grid energy (MWh) x price (USD/MWh, per site)
//   fuel        = given (on-site generation, from its own model)
//   maintenance = capex in service x m x days / 365.25       (m: fraction of capex per year)
//   staff       = facility MW x s x days / 365.25            (s: USD per MW-year)
// Revenue over a period, proportional to utilization u (the fraction of capacity sold or served):
//   price(t) = p0 x (1 - decline)^((t - t0) / 365.25)        (p0 on the reference date t0; decline per year)
//   tokens:     revenue = token capacity over the period x u / 1e6 x price(t)   (price per million tokens)
//   gpu hours:  revenue = package-hours over the period x u x price(t)          (price per package-hour)
// On the gpu hours basis every platform k has its own curve: p0 = its price per package-hour on its reference date
// t0 = the day it ships (its catalog `available` date), so its decline starts when it ships and a platform that
// ships in 2028 earns its launch price in 2028, not a price declined from an earlier one.
// What is sold is inference only. The operator's own training hours earn no cash; they are valued at a transfer
// price, the share s of the market price (s = 0: excluded, the default), apart from the revenue:
//   revenue        = sum_k inference package-hours_k x price_k(t)   (tokens: inference tokens / 1e6 x price(t))
//   training value = s x sum_k training package-hours_k x price_k(t)
// Terminal value at the horizon's end T (what the fleet is still worth, so that a horizon that ends two years after
// the last racks go live does not count them as worthless): the book value B(T) (capex in service less its
// depreciation, models/lifecycle.hpp), a flow of +B(T) dated T, or none. It enters the NPV and the IRR, never the
// cumulative cash (peak funding need and payback are cash).
// Debt (one draw = one Loan; a delayed-draw facility is several), nominal annual rate y paid every m months:
//   periodic rate i = y x m / 12; n = ceil(term_months / m) payments on draw date + k m months (k = 1..n);
//   bullet:      interest B x i each payment, the principal with the last one;
//   amortizing:  level payment A = P i / (1 - (1 + i)^-n): interest on the balance, the rest repays principal; the
//                last payment clears the balance exactly.
// Figures over a series of dated flows (any order; same-day flows are summed):
//   cumulative cash C(d) = sum of flows dated <= d (end of day d);
//   peak funding need = -min_d C(d) (0 if C never goes below 0), dated the first day it is reached;
//   payback date = the first day after the peak need with C(d) >= 0 (none without a need or if it never recovers);
//   NPV at an effective annual rate r from a base date b: sum a_i (1 + r)^(-(d_i - b) / 365.25), each flow
//       discounted by its exact day offset (equivalent to continuous compounding at ln(1 + r); a spreadsheet's XNPV
//       divides by 365 instead);
//   IRR: the rates r > -1 where NPV(r) = 0. With x = ln(1 + r), NPV = sum a_i e^(-x t_i) has at most as many real
//       roots as the date-ordered flows have sign changes (Descartes' rule of signs, which holds for sums of
//       exponentials): none without a sign change, exactly one for one change (a plain invest-then-earn project).
//       Roots are sought for r in [-99%, 100,000%]: with one sign change the ends of that range bracket the root (or
//       it lies outside); with more, a scan of 200 steps (0.058 in x) brackets each crossing. Each bracket is
//       refined by Newton steps safeguarded by bisection (Numerical Recipes' rtsafe) until x stops moving in double
//       precision: |NPV| at the root is within ~1e-14 of the sum of |flows| (measured on 500 random series). A root
//       where NPV touches zero without crossing, or two roots within one scan step, are not found. irr() reports
//       the smallest root; irr_roots() all of them (several mean several defensible IRRs, e.g. Lorie-Savage's
//       -1,600, +10,000, -10,000 has two: 25% and 400% a period). Cost on 2,200 daily flows: ~0.5 ms with one sign
//       change, ~9 ms when the scan runs; aggregate flows by month first where that matters (Monte Carlo).
//   break-even utilization: with NPV(u) = A + u B (A: flows that do not scale with utilization, B: the NPV of those
//       that do, per unit of u), u* = -A / B; 0 when A >= 0; none when B <= 0 < -A or u* > 1.
//   revenue per MW-year = revenue / (sum of facility MW x days / 365.25).
//
// Parameters and units: USD, USD/MWh, USD per MW-year, fractions per year, days. Sources of defaults (configs/,
// labelled there): industrial electricity (EIA), maintenance and staff shares, token and GPU-hour prices with their
// declines, discount rates and debt terms (CoreWeave filings, Meta Hyperion SPV).
//
// Worked examples (checked by tests/unit/cashflow_test.cpp):
//   Terms 20/50/30 on $10M: -$2M at order, -$5M at delivery, -$3M at acceptance.
//   Opex for 30 days of a 1 MW facility drawing 720 MWh at $85/MWh, fuel $5,000, $13M capex at 2%/yr, staff
//   $25,000/MW-yr: 61,200 + 5,000 + 13M x 0.02 x 30/365.25 (= 21,355.24) + 25,000 x 30/365.25 (= 2,053.39)
//   = $89,608.62.
//   Revenue: $3.00 per package-hour on 2025-07-01, -30%/yr; on 2026-07-01 the price is 3 x 0.7^(365/365.25)
//   = $2.100513; a 72-package rack for a day at 80% earns 72 x 24 x 0.8 x 2.100513 = $2,903.75.
//   Terminal value, textbook (4 years = 1,461 days): -1,000 now, +300 in 4 years and a book value of 1,164.10 then.
//     Without it: NPV at 10% = -1,000 + 300 / 1.1^4 = -795.10; IRR 0.3^(1/4) - 1 = -25.99%. With it: NPV = 0, of
//     which terminal 1,164.10 / 1.4641 = 795.10; IRR 10%.
//   Cash: -100 (2026-01-01), -50 (02-01), +30 (03-01), +40 (04-01), +90 (05-01): cumulative -100, -150, -120, -80,
//   +10: peak need $150 on 2026-02-01, payback 2026-05-01.
//   NPV and IRR with flows 4 years (1,461 days) apart, so that each factor is a power of (1 + r)^4:
//     -1,000 then +1,464.10 four years later: NPV at 10% = -1,000 + 1,464.10 / 1.1^4 = 0; IRR 10%.
//     -1,000, +600, +600 (years 0, 4, 8): NPV at 0% = 200, at 5% = -1,000 + 600/1.05^4 + 600/1.05^8 = -100.27;
//       IRR: w = (1+r)^-4 solves 600 w^2 + 600 w - 1,000 = 0, w = 0.884437, r = w^(-1/4) - 1 = 3.1177%.
//     Lorie-Savage, -1,600, +10,000, -10,000 (years 0, 4, 8): (1+r)^4 = 1.25 or 5, r = 5.7371% or 49.5349%.
//     Break-even: fixed -1,000 now, +600 and +600 per unit of utilization at years 4 and 8: at 0%, u* = 1,000 /
//       1,200 = 0.8333; at 10%, B = 600/1.1^4 + 600/1.1^8 = 689.71 and u* = 1.45 > 1: none.
//   Loans: $1M bullet at 8% paid quarterly for 2 years: 8 payments of $20,000 interest, $1M principal with the 8th.
//     $1M amortizing at 12% monthly over 12 months: A = 10,000 / (1 - 1.01^-12) = $88,848.79; month 1: interest
//     $10,000, principal $78,848.79, balance $921,151.21; month 2: interest $9,211.51, principal $79,637.28.
#pragma once

#include <array>
#include <optional>
#include <span>
#include <vector>

#include "models/date.hpp"

namespace gwsim::models {

struct DatedAmount {
  Date date;
  double amount_usd = 0.0;  // + in, - out
};

struct PaymentTerms {
  double at_order = 0.0;
  double at_delivery = 1.0;
  double at_acceptance = 0.0;
};

// Each share in [0, 1] and their sum within 1e-9 of 1.
bool payment_terms_valid(const PaymentTerms& terms);
// The three (negative) payments of an order of capex_usd.
std::array<DatedAmount, 3> capex_payments(double capex_usd, const PaymentTerms& terms, Date order, Date delivery,
                                          Date acceptance);

struct OpexRates {
  double energy_price_usd_per_mwh = 0.0;
  double maintenance_fraction_per_year = 0.0;  // of capex in service
  double staff_usd_per_mw_year = 0.0;          // per MW of facility
};

struct OpexBreakdown {
  double energy_usd = 0.0;
  double fuel_usd = 0.0;
  double maintenance_usd = 0.0;
  double staff_usd = 0.0;
  double total_usd() const { return energy_usd + fuel_usd + maintenance_usd + staff_usd; }
};

// Opex (positive amounts: costs) over a period of `days`.
OpexBreakdown period_opex(const OpexRates& rates, double grid_energy_mwh, double fuel_usd,
                          double capex_in_service_usd, double facility_mw, double days);

// What is sold: inference tokens, inference package-hours, or the live IT capacity under a take-or-pay contract
// (per IT MW-year, whether used or not).
enum class RevenueBasis { kTokens, kGpuHours, kCapacity };

struct PriceCurve {
  RevenueBasis basis = RevenueBasis::kGpuHours;
  double price_usd = 0.0;     // per million tokens, per package-hour, or per IT MW-year, on reference_date
  Date reference_date;
  double annual_decline = 0.0;  // fraction per year, < 1
};

double price_on(const PriceCurve& curve, Date day);
// A platform's package-hour price curve: `price_usd` on the day it ships, declining from there.
PriceCurve platform_price_curve(double price_usd, Date available, double annual_decline);

enum class TerminalValue { kBookValue, kNone };
// The terminal flow at the horizon's end: +book value (kBookValue) or nothing (kNone: an amount of 0).
DatedAmount terminal_flow(TerminalValue method, double book_value_usd, Date end);
// capacity: tokens the fleet could serve over the period, package-hours it offers, or IT MW-years it holds live;
// utilization in [0, 1].
double period_revenue_usd(const PriceCurve& curve, Date day, double capacity, double utilization);

enum class Repayment { kBullet, kAmortizing };

struct LoanTerms {
  double annual_rate = 0.0;  // nominal, e.g. SOFR + spread
  Repayment repayment = Repayment::kAmortizing;
  int term_months = 60;
  int months_per_payment = 3;
};

// One draw; state the caller keeps and passes back each step.
struct Loan {
  Date draw_date;
  double outstanding_usd = 0.0;
  double level_payment_usd = 0.0;  // amortizing only
  int payments_made = 0;
  int payments_total = 0;
};

struct DebtService {
  double interest_usd = 0.0;
  double principal_usd = 0.0;
  double total_usd() const { return interest_usd + principal_usd; }
};

Loan draw_loan(const LoanTerms& terms, Date date, double amount_usd);
Date loan_payment_date(const Loan& loan, const LoanTerms& terms, int payment);  // payment = 1 .. payments_total
// Every payment dated on or before `today` and not yet made (positive amounts: what the borrower pays).
DebtService loan_service_due(const LoanTerms& terms, Loan& loan, Date today);

struct CashFigures {
  double peak_funding_usd = 0.0;
  std::optional<Date> peak_funding_date;
  std::optional<Date> payback_date;
  double final_cumulative_usd = 0.0;
};

CashFigures cash_figures(std::span<const DatedAmount> flows);
// r > -1; the base date is day 0 of the discounting.
double npv_usd(std::span<const DatedAmount> flows, double annual_rate, Date base);
std::vector<double> irr_roots(std::span<const DatedAmount> flows);
std::optional<double> irr(std::span<const DatedAmount> flows);
std::optional<double> breakeven_utilization(std::span<const DatedAmount> fixed_flows,
                                            std::span<const DatedAmount> flows_per_unit_utilization,
                                            double annual_rate, Date base);
double facility_mw_years(double facility_mw, double days);
double revenue_per_mw_year(double revenue_usd, double mw_years);

}  // namespace gwsim::models
