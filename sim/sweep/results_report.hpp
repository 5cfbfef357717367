// Reports of a results store: percentiles (P10, P50, P90; definition in percentiles.hpp) of each point's ok
// replications, and the replications themselves. The figures are the summary.json figures the field registry
// marks for sweeps (sim/output/fields.hpp: SummaryField::sweep), in its sweep order. Columns and figures:
// docs/results.md.
#pragma once

#include <string>
#include <vector>

#include "sim/sweep/results_store.hpp"

namespace gwsim::sweep {

// A readable report for a terminal: the sweep, a table of replication counts per point (ok / planned, each
// failure status, missing), then per point a table of figures (unit in each row's header) with P10, P50, P90
// and, for dates, how many ok replications reached them.
std::string results_text(const ResultsStore& store);

// One row per (point, figure): results_csv_columns(). Per point, first the replication counts (figures
// replications_<status> for each status, then replications_missing: n is the count, the percentiles empty), then
// the sweep figures: dates (first_tokens_date, gw_1_live_date ... gw_K_live_date, K the largest GW any
// replication of the store reached), then numbers, then per-constraint figures (binding_share_<constraint>).
// n is the number of ok replications; reached (dates only) how many of them reached the date.
std::string results_csv(const ResultsStore& store);

// The same percentiles as results_text and results_csv, as one JSON document for scripts (`gwsim results --json`):
// the sweep's identity, then per point its overrides, replication counts (ok, each failure status, missing) and an
// object of the sweep figures keyed by their results_csv names, each with its unit (date for dates), n, p10, p50,
// p90 (numbers in that unit, unscaled, as results_csv; ISO dates, null for "not reached"; null when n = 0) and, for
// dates, reached. docs/results.md.
std::string results_json(const ResultsStore& store);

// One row per stored replication, ordered by point, replication: the fixed columns, then one column per sweep
// figure (a GW list joined by ';'; one per constraint for per-constraint figures; figures empty unless ok).
std::string replications_csv(const ResultsStore& store);

struct ReportColumn {
  std::string name;
  std::string description;
};
const std::vector<ReportColumn>& results_csv_columns();
const std::vector<ReportColumn>& replications_csv_fixed_columns();
// replications_csv's header for a store whose summaries have every sweep figure and name the known constraints.
std::vector<std::string> replications_csv_columns();

}  // namespace gwsim::sweep
