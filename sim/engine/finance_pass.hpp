// The finance post-pass: money over time, computed after the run from what the record holds, so that the engine
// and its actors never see a price. A pure function of the scenario and the record (SimGrid-free, no I/O): it fills
// every timeline row's FinanceRow (finance.csv) and the record's FinanceOutcome (summary.json's finance block).
//
// Each output row i describes the period (t_{i-1}, t_i] (t = the end of its day, or of its hour in hourly runs;
// t_{-1} = the start). Over it, from the row's cumulative figures (differences with the row before) and the
// events (equations in models/cashflow.hpp and models/lifecycle.hpp; docs/models.md, "Money over time"):
//   capex paid   = a x rack capex of the tranches ordered in the period (racks x the platform's capex, on
//                  max(order date, start)) + d x rack capex delivered (booked on delivery) + g x capex of the racks
//                  that went live + facility capex booked (halls ready); (a, d, g) = finance.rack_payment
//   energy       = sum over sites of grid energy drawn x the site's price
//   maintenance  = facility capex booked so far x maintenance_per_year x days / 365.25
//   staff        = live facility MW-days x staff_per_mw_year / 365.25
//   revenue      = inference only: sum over platforms k of inference package-hours_k x price_k(t), price_k(t) =
//                  p_k (1 - decline)^((t - available_k) / 365.25) on the row's date (p_k: the platform's catalog
//                  price_per_package_hour or finance.revenue.prices[], on the day it ships); or inference tokens /
//                  1e6 x the token price(t) from price_date. Inference package-hours = live package-hours x
//                  utilization x (1 - training's share of the work) (fleet_recorder.cpp)
//   training     = training package-hours_k x price_k(t) x training_transfer_share (0: excluded, the default)
//   project cash = revenue + training - capex paid - opex (fuel is 0 until on-site generation is modelled)
//   financing    = investment events of the period: equity, or a loan drawn (models/cashflow.hpp loans), whose
//                  payments due by the row's date are paid
//   depreciation = the ledger's expense over the row's days: racks from the day they go live at the capex of the
//                  racks live, facilities from the day their hall is ready (models/lifecycle.hpp,
//                  DepreciationLedger); in hourly runs a day's depreciation is in its first row
// Figures: peak funding need, its date and the payback date from the cumulative project cash row by row (cash: no
// terminal value); NPV (at discount_rate from the start date), IRR and break-even utilization from the project cash
// summed per calendar month and dated at the month's last row, plus the terminal flow on the last row's date
// (finance.terminal_value: book_value, the default, = the book value at the end plus capex paid for equipment not
// yet in service, at cost; or none). A handful of flows per year keeps the IRR's root scan cheap in Monte Carlo,
// and NPV and IRR stay consistent: the NPV at the IRR is 0 on the same flows. Break-even: the NPV is A + u B with B
// the revenue of all live capacity sold and A every other flow (training value and terminal value included),
// u* = -A / B. Revenue per MW-year: over live facility MW-years and over live IT MW-years.
// Cost: O(rows x (sites + loans) + capex cohorts x life years x log).
#pragma once

#include <span>

#include "sim/output/records.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim::engine {

// Fills record.timeline[i].finance and record.finance. record.sites holds the sites' rows of each output step in
// scenario order, and record.events the run's events sorted by date.
void add_finance(const Scenario& scenario, RunRecord& record);
// The same, for a record whose sites' rows were written as they came (RunRecord::sites empty): of each site's
// row the price reads only its grid_energy_mwh, given here for each output step in scenario order (sites x steps).
void add_finance(const Scenario& scenario, RunRecord& record, std::span<const double> site_grid_energy_mwh);

}  // namespace gwsim::engine
