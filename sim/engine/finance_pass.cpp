#include "sim/engine/finance_pass.hpp"

#include <algorithm>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "models/cashflow.hpp"
#include "models/lifecycle.hpp"

namespace gwsim::engine {
namespace {

using models::Date;
using models::DatedAmount;

double rack_capex_booked(const StateRow& row) {
  return row.capex[models::CapexCategory::kGpuSystems] + row.capex[models::CapexCategory::kNetworking] +
         row.capex[models::CapexCategory::kStorage];
}

// On-site generation and batteries: booked, paid and placed in service on their in-service day.
double levers_capex_booked(const StateRow& row) {
  return row.capex[models::CapexCategory::kOnsiteGeneration] + row.capex[models::CapexCategory::kBatteryStorage];
}

double facility_capex_booked(const StateRow& row) {
  return row.capex[models::CapexCategory::kFacilityShell] + row.capex[models::CapexCategory::kElectrical] +
         row.capex[models::CapexCategory::kOther];
}

// The end of the period a row describes, in days since 1970 (fractional in hourly runs).
double period_end_day(const StateRow& row) {
  return static_cast<double>(row.date.days) + (row.hour >= 0 ? (row.hour + 1) / 24.0 : 1.0);
}

// Every site's energy price: its own, else the scenario's.
std::vector<double> energy_prices(const Scenario& s) {
  std::vector<double> prices;
  for (const Site& site : s.sites) {
    prices.push_back(site.energy_price_usd_per_mwh >= 0.0 ? site.energy_price_usd_per_mwh
                                                          : s.finance.opex.energy_price_usd_per_mwh);
  }
  return prices;
}

// A tranche's rack capex paid at order (a refresh's too): share x racks ordered x the platform's capex per rack.
double order_payment_usd(const Scenario& s, const Event& e) {
  const std::string* id = tranche_platform(s.tranches, e.item);
  const models::Platform* platform = id ? s.catalog.find(*id) : nullptr;
  return platform ? s.finance.rack_payment.at_order * e.value * platform->capex.total_usd() : 0.0;
}

// Racks placed in service so far, at cost: those live and those retired since.
double placed_rack_capex(const StateRow& row) {
  return row.service.live_rack_capex_usd + row.service.retired_rack_capex_usd;
}

struct LoanDraw {
  const models::LoanTerms* terms;
  models::Loan loan;
};

// Investment events: equity in, or a loan drawn.
class Financing {
 public:
  explicit Financing(const Scenario& s) : s_(s) {}

  void take(const Event& e, FinanceRow& row) {
    for (std::size_t i = 0; i < s_.finance.investments.size(); ++i) {
      if (s_.finance.investments[i].name != e.item) continue;
      const InvestmentFinancing* how = i < s_.finance.investment_financing.size() ? &s_.finance.investment_financing[i]
                                                                                 : nullptr;
      if (how && how->debt) {
        row.debt_drawn_usd += e.value;
        loans_.push_back({&how->loan, models::draw_loan(how->loan, e.date, e.value)});
      } else {
        row.equity_in_usd += e.value;
      }
      return;
    }
  }

  void service(Date today, FinanceRow& row) {
    row.debt_outstanding_usd = 0.0;
    for (LoanDraw& d : loans_) {
      const models::DebtService due = models::loan_service_due(*d.terms, d.loan, today);
      row.debt_interest_usd += due.interest_usd;
      row.debt_principal_usd += due.principal_usd;
      row.debt_outstanding_usd += d.loan.outstanding_usd;
    }
  }

 private:
  const Scenario& s_;
  std::vector<LoanDraw> loans_;
};

// Capex placed in service by row: racks as they go live, facilities as their halls are ready.
std::vector<double> placed_in_service(const std::vector<StateRow>& rows) {
  std::vector<double> placed(rows.size(), 0.0);
  const StateRow none;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    const StateRow& before = i > 0 ? rows[i - 1] : none;
    const double racks = placed_rack_capex(rows[i]) - placed_rack_capex(before);
    const double facility = facility_capex_booked(rows[i]) - facility_capex_booked(before);
    const double levers = levers_capex_booked(rows[i]) - levers_capex_booked(before);
    placed[i] = std::max(0.0, racks) + std::max(0.0, facility) + std::max(0.0, levers);
  }
  return placed;
}

// Flows summed per calendar month, dated at the month's last row.
std::vector<DatedAmount> by_month(const std::vector<DatedAmount>& flows) {
  std::vector<DatedAmount> out;
  int month = -1;
  for (const DatedAmount& f : flows) {
    const models::CivilDate c = models::civil_from_date(f.date);
    const int m = c.year * 12 + c.month;
    if (m != month || out.empty()) {
      out.push_back(f);
      month = m;
    } else {
      out.back().amount_usd += f.amount_usd;
      out.back().date = f.date;
    }
  }
  return out;
}


// Each catalog platform's package-hour price curve (a platform without a price earns nothing; the loader refuses
// such a platform where it is run and priced).
std::vector<models::PriceCurve> platform_curves(const Scenario& s) {
  std::vector<models::PriceCurve> curves;
  for (const models::Platform& p : s.catalog.platforms) {
    curves.push_back(models::platform_price_curve(std::max(0.0, p.price_per_package_hour_usd), p.available,
                                                  s.finance.revenue.annual_decline));
  }
  return curves;
}

// What a row's period earns: inference sold, training at its transfer price, and everything live sold (the
// break-even's capacity).
struct RowRevenue {
  double sold_usd = 0.0;
  double training_usd = 0.0;
  double training_at_market_usd = 0.0;  // the same package-hours at 100% of the price (the owner's view)
  double capacity_usd = 0.0;
};

RowRevenue row_revenue(const Scenario& s, const std::vector<models::PriceCurve>& curves, const ServiceTotals& now,
                       const ServiceTotals& before, Date day) {
  const Revenue& terms = s.finance.revenue;
  RowRevenue r;
  if (terms.basis == models::RevenueBasis::kCapacity) {
    // A take-or-pay contract: the customer pays for every live IT MW-year and runs its own work on it (training
    // included), so nothing is left to value at a transfer price.
    const double mw_years = (now.it_mw_days - before.it_mw_days) / 365.25;
    r.sold_usd = models::period_revenue_usd(terms.capacity_curve(), day, mw_years, 1.0);
    r.capacity_usd = r.sold_usd;
    return r;
  }
  for (std::size_t k = 0; k < now.platforms.size() && k < curves.size(); ++k) {
    const PlatformService none;
    const PlatformService& a = now.platforms[k];
    const PlatformService& b = k < before.platforms.size() ? before.platforms[k] : none;
    const double price = models::price_on(curves[k], day);
    r.training_at_market_usd += (a.training_package_hours - b.training_package_hours) * price;
    r.training_usd += terms.training_transfer_share * (a.training_package_hours - b.training_package_hours) * price;
    if (terms.basis == models::RevenueBasis::kGpuHours) {
      r.sold_usd += (a.inference_package_hours - b.inference_package_hours) * price;
      r.capacity_usd += (a.package_hours - b.package_hours) * price;
    }
  }
  if (terms.basis == models::RevenueBasis::kTokens) {
    const models::PriceCurve tokens = terms.token_curve();
    r.sold_usd = models::period_revenue_usd(tokens, day, now.inference_tokens - before.inference_tokens, 1.0);
    r.capacity_usd = models::period_revenue_usd(tokens, day, now.tokens_capacity - before.tokens_capacity, 1.0);
  }
  return r;
}

// The figures. `project` is cash (peak need, payback); the NPV and IRR add the terminal flow at the end date.
void figures(const Scenario& s, RunRecord& record, const std::vector<DatedAmount>& project,
             const std::vector<DatedAmount>& revenue_full, const std::vector<DatedAmount>& revenue,
             const std::vector<DatedAmount>& training, const std::vector<DatedAmount>& training_uplift,
             const DatedAmount& terminal) {
  FinanceOutcome& out = record.finance;
  out.discount_rate = s.finance.discount_rate;
  const models::CashFigures cash = models::cash_figures(project);
  out.peak_funding_usd = cash.peak_funding_usd;
  out.peak_funding_date = cash.peak_funding_date ? models::to_iso(*cash.peak_funding_date) : "";
  out.payback_date = cash.payback_date ? models::to_iso(*cash.payback_date) : "";
  // The NPV and IRR value the project's cash, the training value (a transfer price: not cash, so not in the
  // funding need or the payback) and the terminal flow.
  std::vector<DatedAmount> valued = project;
  for (std::size_t i = 0; i < training.size() && i < valued.size(); ++i) valued[i].amount_usd += training[i].amount_usd;
  valued.push_back(terminal);
  const std::vector<DatedAmount> monthly = by_month(valued);
  out.terminal_value_usd = terminal.amount_usd;
  out.terminal_value_npv_usd = models::npv_usd(std::span(&terminal, 1), s.finance.discount_rate, s.start);
  out.npv_usd = models::npv_usd(monthly, s.finance.discount_rate, s.start);
  const std::vector<double> roots = models::irr_roots(monthly);
  out.irr_roots = static_cast<std::int64_t>(roots.size());
  if (!roots.empty()) out.irr = roots.front();
  std::vector<DatedAmount> fixed = valued;
  for (std::size_t i = 0; i < revenue.size(); ++i) fixed[i].amount_usd -= revenue[i].amount_usd;
  out.breakeven_utilization =
      models::breakeven_utilization(by_month(fixed), by_month(revenue_full), s.finance.discount_rate, s.start);
  // The owner's view: the same flows with its own training valued at the market price of its package-hours.
  if (s.finance.revenue.basis == models::RevenueBasis::kGpuHours) {
    std::vector<DatedAmount> owner = valued;
    for (std::size_t i = 0; i < training_uplift.size(); ++i) owner[i].amount_usd += training_uplift[i].amount_usd;
    out.npv_training_at_market_usd = models::npv_usd(by_month(owner), s.finance.discount_rate, s.start);
  }
  if (record.timeline.empty()) return;
  const ServiceTotals& service = record.timeline.back().service;
  const double mw_years = service.facility_mw_days / 365.25;
  if (mw_years > 0.0) out.revenue_per_mw_year_usd = models::revenue_per_mw_year(out.revenue_usd, mw_years);
  const double it_mw_years = service.it_mw_days / 365.25;
  if (it_mw_years > 0.0) out.revenue_per_it_mw_year_usd = models::revenue_per_mw_year(out.revenue_usd, it_mw_years);
}

}  // namespace

void add_finance(const Scenario& s, RunRecord& record) {
  std::vector<double> grid_energy_mwh;
  grid_energy_mwh.reserve(record.sites.size());
  for (const StateRow& site : record.sites) grid_energy_mwh.push_back(site.grid_energy_mwh);
  add_finance(s, record, grid_energy_mwh);
}

void add_finance(const Scenario& s, RunRecord& record, std::span<const double> site_grid_energy_mwh) {
  std::vector<StateRow>& rows = record.timeline;
  record.finance = FinanceOutcome{};
  const std::size_t n_sites = s.sites.size();
  const std::vector<double> prices = energy_prices(s);
  const std::vector<models::PriceCurve> curves = platform_curves(s);
  const models::PaymentTerms& terms = s.finance.rack_payment;
  const std::vector<double> placed = placed_in_service(rows);
  models::DepreciationLedger ledger(s.finance.depreciation);
  for (std::size_t i = 0; i < rows.size(); ++i) ledger.place_in_service(placed[i], rows[i].date);
  // Racks retired: their depreciation stops and their book value then is written off in the row of that day.
  std::vector<double> written_off(rows.size(), 0.0);
  std::size_t at_row = 0;
  for (const RackRetirement& r : record.retirements) {
    // Placed in service on the date of the row whose period saw them go live (as placed_in_service counts them).
    const auto placed_row = std::lower_bound(rows.begin(), rows.end(), r.in_service,
                                             [](const StateRow& row, Date d) { return row.date < d; });
    const Date in_service = placed_row == rows.end() ? r.in_service : placed_row->date;
    const double book = ledger.retire(r.capex_usd, in_service, r.retired);
    while (at_row + 1 < rows.size() && rows[at_row].date < r.retired) ++at_row;
    if (!rows.empty()) written_off[at_row] += book;
  }
  double in_service_usd = 0.0;
  double written_off_usd = 0.0;
  Financing financing(s);
  std::vector<DatedAmount> project, revenue_full, revenue, training, training_uplift, net;
  project.reserve(rows.size());
  std::size_t next_event = 0;
  double cumulative_project = 0.0;
  double cumulative_cash = 0.0;
  double previous_end = static_cast<double>(s.start.days);
  const StateRow none;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    StateRow& row = rows[i];
    const StateRow& before = i > 0 ? rows[i - 1] : none;
    FinanceRow& f = row.finance;
    f = FinanceRow{};
    for (; next_event < record.events.size() && record.events[next_event].date <= row.date; ++next_event) {
      const Event& e = record.events[next_event];
      if (e.kind == EventKind::kTrancheOrdered) f.capex_paid_usd += order_payment_usd(s, e);
      if (e.kind == EventKind::kInvestment) financing.take(e, f);
    }
    const double delivered = rack_capex_booked(row) - rack_capex_booked(before);
    const double accepted = std::max(0.0, placed_rack_capex(row) - placed_rack_capex(before));
    f.capex_paid_usd += terms.at_delivery * delivered + terms.at_acceptance * accepted +
                        (facility_capex_booked(row) - facility_capex_booked(before)) +
                        (levers_capex_booked(row) - levers_capex_booked(before));
    f.opex_fuel_usd = row.fuel_cost_usd - before.fuel_cost_usd;
    for (std::size_t k = 0; k < n_sites && (i + 1) * n_sites <= site_grid_energy_mwh.size(); ++k) {
      const double now = site_grid_energy_mwh[i * n_sites + k];
      const double then = i > 0 ? site_grid_energy_mwh[(i - 1) * n_sites + k] : 0.0;
      f.opex_energy_usd += (now - then) * prices[k];
    }
    const double days = period_end_day(row) - previous_end;
    previous_end = period_end_day(row);
    const models::OpexBreakdown opex =
        models::period_opex(s.finance.opex, 0.0, 0.0, facility_capex_booked(row), 0.0, days);
    f.opex_maintenance_usd = opex.maintenance_usd;
    f.opex_staff_usd = (row.service.facility_mw_days - before.service.facility_mw_days) *
                       s.finance.opex.staff_usd_per_mw_year / 365.25;
    const RowRevenue earned = row_revenue(s, curves, row.service, before.service, row.date);
    f.revenue_usd = earned.sold_usd;
    f.training_value_usd = earned.training_usd;
    const double opex_usd = f.opex_energy_usd + f.opex_fuel_usd + f.opex_maintenance_usd + f.opex_staff_usd;
    f.project_cash_usd = f.revenue_usd - (f.capex_paid_usd + opex_usd);
    cumulative_project += f.project_cash_usd;
    f.cumulative_project_cash_usd = cumulative_project;
    financing.service(row.date, f);
    f.net_cash_usd = f.project_cash_usd + f.equity_in_usd + f.debt_drawn_usd - f.debt_interest_usd -
                     f.debt_principal_usd;
    cumulative_cash += f.net_cash_usd;
    f.cumulative_cash_usd = cumulative_cash;
    f.depreciation_usd = ledger.expense_until(Date{row.date.days + 1});
    f.write_off_usd = written_off[i];
    written_off_usd += written_off[i];
    in_service_usd += placed[i];
    f.book_value_usd = in_service_usd - ledger.expensed_usd() - written_off_usd;

    FinanceOutcome& out = record.finance;
    out.capex_paid_usd += f.capex_paid_usd;
    out.opex_usd += opex_usd;
    out.revenue_usd += f.revenue_usd;
    out.training_value_usd += f.training_value_usd;
    out.capacity_revenue_usd += earned.capacity_usd;
    out.equity_in_usd += f.equity_in_usd;
    out.debt_drawn_usd += f.debt_drawn_usd;
    out.debt_service_usd += f.debt_interest_usd + f.debt_principal_usd;
    out.depreciation_usd += f.depreciation_usd;
    out.write_off_usd += f.write_off_usd;
    out.book_value_usd = f.book_value_usd;
    out.cumulative_cash_usd = f.cumulative_cash_usd;
    project.push_back({row.date, f.project_cash_usd});
    net.push_back({row.date, f.net_cash_usd});
    revenue.push_back({row.date, f.revenue_usd});
    // The break-even sells live capacity; when training is valued, its hours are not for sale (they are in A).
    revenue_full.push_back({row.date, earned.capacity_usd - (earned.training_usd > 0.0 ? earned.training_at_market_usd : 0.0)});
    training.push_back({row.date, f.training_value_usd});
    training_uplift.push_back({row.date, earned.training_at_market_usd - earned.training_usd});
  }
  record.finance.training_transfer_share = s.finance.revenue.training_transfer_share;
  // Book value, plus capex paid for equipment not yet in service (at cost: racks paid at order or delivery).
  const double in_progress_usd = std::max(0.0, record.finance.capex_paid_usd - in_service_usd);
  const Date end = rows.empty() ? s.end : rows.back().date;
  const DatedAmount terminal =
      models::terminal_flow(s.finance.terminal_value, record.finance.book_value_usd + in_progress_usd, end);
  figures(s, record, project, revenue_full, revenue, training, training_uplift, terminal);
  const models::CashFigures after = models::cash_figures(net);
  record.finance.peak_funding_after_financing_usd = after.peak_funding_usd;
  if (after.peak_funding_date) record.finance.peak_funding_after_financing_date = models::to_iso(*after.peak_funding_date);
}

}  // namespace gwsim::engine
