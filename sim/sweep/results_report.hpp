// Reports of a results store: percentiles (P10, P50, P90; definition in percentiles.hpp) of each point's ok
// replications, and the replications themselves. Columns and figures: docs/results.md.
#pragma once

#include <string>

#include "sim/sweep/results_store.hpp"

namespace gwsim::sweep {

// A readable report for a terminal: the sweep, a table of replication counts per point (ok / planned, each
// failure status, missing), then per point a table of figures (unit in each row's header) with P10, P50, P90
// and, for dates, how many ok replications reached them.
std::string results_text(const ResultsStore& store);

// One row per (point, figure): point,name,figure,unit,n,p10,p50,p90,reached. Per point, first the replication
// counts (figures replications_ok, replications_failed, ..., replications_missing: n is the count, the
// percentiles empty), then first_tokens_date, gw_1_live_date ... gw_K_live_date (K the largest GW any
// replication of the store reached), the final figures, peak_facility_power_mw and binding_share_<constraint>.
// n is the number of ok replications; reached (dates only) how many of them reached the date.
std::string results_csv(const ResultsStore& store);

// One row per stored replication, ordered by point, replication: point,replication,seed,status,error,
// first_tokens_date,gw_live_dates (;-joined),live_capacity_mw,racks,gpu_packages,gpu_dies,pflops_fp8,energy_mwh,
// capex_usd,investment_usd,peak_facility_power_mw,binding_share_<constraint>... (figures empty unless ok).
std::string replications_csv(const ResultsStore& store);

}  // namespace gwsim::sweep
