// The rollout's day-start turns, shared by both engines (engine.cpp on SimGrid, replication.cpp without it), so that
// they play them in one order by construction: on each day something is due, first the tranches whose order day it
// is place their orders, then the supply lines whose production day it is produce, then the sites whose next day it
// is play it, each group in scenario order. (Before, each was its own SimGrid actor, and SimGrid 3.32 wakes actors
// due at the same time in the order their sleeps entered its heap, which alternates between rounds: two supply
// lines of one platform took turns producing first.) On the first day each part also computes when it first acts,
// in that order (a supply line's first production day is asked after the first day's orders are placed).
//
// A part that throws stops acting, its failure is reported under its name ("tranche NAME", "supplier PLATFORM",
// "site NAME") and the others go on. SimGrid-free.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "models/date.hpp"
#include "sim/engine/rollout_state.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim::engine {

class DayStarts {
 public:
  // `failures` receives each part's failure as it happens.
  DayStarts(const Scenario& scenario, RolloutState& state, std::vector<std::string>& failures);

  // The next day a part is due (the start before the first run), nullopt once none is before the end.
  std::optional<models::Date> next_day() const { return started_ ? next_ : std::optional<models::Date>(s_.start); }

  // Plays every turn due on `day` (which must be next_day()). After each site's day, site_done(site, went, retired)
  // gets the pods that went live and those retired that day, for an engine that powers hosts.
  template <typename SiteDone>
  void run(models::Date day, SiteDone&& site_done) {
    const bool first = !started_;
    started_ = true;
    for (std::size_t i = 0; i < tranche_alive_.size(); ++i) {
      if (first) compute_order_day(i);
      tranche_turn(i, day);
    }
    for (std::size_t j = 0; j < supplier_alive_.size(); ++j) {
      if (first) compute_first_supply_day(j);
      supplier_turn(j, day);
    }
    for (std::size_t i = 0; i < site_alive_.size(); ++i) {
      if (!site_alive_[i] || site_day_[i] != day) continue;
      std::vector<std::size_t> went, retired;
      if (site_turn(i, day, went, retired)) site_done(i, went, retired);
    }
    next_ = compute_next_day();
  }

  // After the end date, at end_s: each site still acting advances its integrals to the end.
  void finish(double end_s);

 private:
  template <typename Name, typename Body>
  bool act(std::vector<bool>& alive, std::size_t i, Name name, Body body);
  std::optional<models::Date> compute_next_day() const;  // after a run: the earliest day a part is due
  void compute_order_day(std::size_t i);
  void compute_first_supply_day(std::size_t j);
  void tranche_turn(std::size_t i, models::Date day);
  void supplier_turn(std::size_t j, models::Date day);
  bool site_turn(std::size_t i, models::Date day, std::vector<std::size_t>& went, std::vector<std::size_t>& retired);

  const Scenario& s_;
  RolloutState& state_;
  std::vector<std::string>& failures_;
  bool started_ = false;
  std::optional<models::Date> next_;  // compute_next_day() after the last run
  std::vector<bool> tranche_alive_, supplier_alive_, site_alive_;
  std::vector<std::optional<models::Date>> order_day_;   // per tranche: the order not yet placed
  std::vector<std::optional<models::Date>> supply_day_;  // per supply line: its next production day
  std::vector<models::Date> site_day_;                   // per site: its next day (past the end: done)
};

}  // namespace gwsim::engine
