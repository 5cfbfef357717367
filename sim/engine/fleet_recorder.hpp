// The fleet recorder: reads a RolloutState at each sample and turns it into the run's record. SimGrid-free: the
// engine's fleet actor only sleeps until next_sample() and calls sample(); tests drive a RolloutState by hand.
//
// At every sample it reads each site's row and the fleet's row, and tracks shortfalls (events when demand
// starts and stops exceeding what is served), peaks, utilization and demand. Once a
// day (the daily sample, or the 12:30 sample of hourly runs) it checks the invariants (invariants.hpp) on every site
// and the fleet, fires the milestones (first tokens, each GW live on the scenario's GW basis) with what gated each
// (the pod whose going live reached it, rollout_state.hpp) and the investments they release, and counts the
// binding constraint. At every sample it adds what the fleet offered and sold over the sample's period (package-
// hours, tokens, facility MW-days: ServiceTotals) for the finance post-pass. Rows go into the record at each output date (daily runs: every day, every N days or every
// calendar month from the start; hourly runs: every N hours); the sites' rows go to a SiteRowSink instead when one
// is given (`gwsim run` writes them to sites.csv as they come), and the finance post-pass keeps only their grid
// energy; the last sample's rows are the final states. A sweep samples every day of every replication: the rows
// are rewritten in place, and the figures only the rows that leave the recorder carry are read at output dates
// and at the last sample. finish() adds the tranche outcomes and their milestones, the run's integrals and
// averages, and the events in their deterministic order.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "models/finance.hpp"
#include "sim/engine/invariants.hpp"
#include "sim/engine/rollout_state.hpp"
#include "sim/output/records.hpp"

namespace gwsim::engine {

// When the fleet is read: the day, the hour (hourly runs; -1 otherwise), the simulated time of the reading, and
// the end of the period it describes (cumulative figures run to there: power holds until the next step).
struct SampleTime {
  models::Date day;
  int hour = -1;
  double time_s = 0.0;
  double period_end_s = 0.0;
};

class FleetRecorder {
 public:
  // `state` must outlive the recorder; the recorder adds its events to it. `site_rows`, if given, takes each
  // output step's site rows as they are read (RunRecord::sites then stays empty: a long hourly run's site rows are
  // the bulk of its record).
  FleetRecorder(const Scenario& scenario, RolloutState& state, SiteRowSink site_rows = {});

  // The next reading: noon of every day in daily runs, the middle of every hour in hourly runs; nullopt after
  // the end date.
  std::optional<SampleTime> next_sample() const { return next_; }
  // Reads the fleet at next_sample() and moves on to the one after. Throws std::logic_error when an invariant
  // is broken (an engine defect, with the day, site and values).
  void sample();
  // The run's record: what sample() gathered, plus the tranche outcomes, the run's integrals and the events
  // sorted by date, fleet-wide first, then by site in scenario order (stable: each source's own order holds).
  RunRecord finish();

 private:
  bool hourly() const { return scenario_.output_step.hours > 0; }
  void read_rows(const SampleTime& at, bool whole);
  void track_shortfall(const SampleTime& at);
  void track_peaks();
  void track_load(const SampleTime& at);
  void track_service();
  void check_sites(const SampleTime& at, bool daily);
  void fire_milestones(models::Date day);
  void close_day(const SampleTime& at);
  void store();
  void advance();
  TrancheOutcome tranche_outcome(std::size_t tranche_index) const;
  Milestone milestone(std::string name, models::Date day, std::size_t pod) const;
  void add_tranche_milestones();
  void finish_load();
  void finish_reliability();
  void add_power_outcomes();

  const Scenario& scenario_;
  RolloutState& state_;
  RunRecord record_;
  models::InvestmentTracker investments_;
  std::optional<SampleTime> next_;
  int months_done_ = 0;            // monthly output steps: months from the start to next_output_
  models::Date next_output_;       // daily runs: the next date whose rows are stored
  bool first_tokens_ = false;
  bool in_shortfall_ = false;
  bool short_today_ = false;
  bool training_short_today_ = false;
  bool inference_short_today_ = false;
  std::int64_t gw_reached_ = 0;
  double live_on_basis_w_ = 0.0;  // the pods live, summed in the order they went live (to find the crossing pod)
  std::size_t retired_counted_ = 0;  // state_.retired taken off live_on_basis_w_
  std::size_t retired_seen_ = 0;     // state_.retired counted in the service totals and the record's retirements
  std::vector<double> live_after_w_;  // fire_milestones' buffer, reused (pods go live on most days of a rollout)
  // Per tranche: its pods, the first and last of them to go live, and how many have.
  struct TrancheLive {
    std::size_t pods = 0;
    std::size_t pods_live = 0;
    std::size_t first_pod = 0;
    std::size_t last_pod = 0;
  };
  std::vector<TrancheLive> tranche_live_;
  // Sums over the sampled steps (all of them, and those with racks live) for the run's averages.
  std::int64_t samples_ = 0;
  std::int64_t samples_live_ = 0;
  double utilization_sum_ = 0.0;
  double utilization_live_sum_ = 0.0;
  double idle_live_sum_ = 0.0;
  double demand_sum_ = 0.0;
  // When the peaks were reached, named in finish() (a rising demand sets a new peak most days).
  std::optional<SampleTime> peak_unserved_at_;
  std::optional<SampleTime> peak_utilization_at_;
  std::optional<SampleTime> peak_demand_at_;
  std::optional<models::Date> peak_racks_held_grid_at_;
  std::int64_t availability_samples_ = 0;  // sampled steps with racks live, and effective / live compute summed
  double availability_sum_ = 0.0;
  ServiceTotals service_;                // what the fleet offered and sold so far (fleet_.service)
  // Per catalog platform: a rack's capex and realized serving rate (track_service reads them for every site and
  // platform at every sample).
  std::vector<double> rack_capex_usd_;
  std::vector<double> rack_tokens_per_s_;
  std::vector<double> peak_grid_w_;      // per site: the highest interconnect capacity so far
  std::vector<std::vector<double>> hall_budget_w_;  // per site and hall: what the hall allows for GPU racks
  SiteRowSink site_sink_;                // where stored site rows go; empty: record_.sites
  std::vector<double> site_grid_energy_mwh_;  // each stored site row's grid_energy_mwh, for the finance post-pass
  // This sample's rows and those of the last daily sample (the day before's, for the daily checks). The site
  // rows are rewritten in place; after a daily sample the two site buffers trade places at the next read.
  std::vector<StateRow> site_rows_;
  std::vector<StateRow> yesterday_sites_;
  bool keep_site_rows_ = false;          // site_rows_ become yesterday_sites_ at the next read
  StateRow fleet_;
  StateRow yesterday_fleet_;
};

}  // namespace gwsim::engine
