// Plays a scenario on a RolloutState and a FleetRecorder by hand, in the order the engine's actors do
// (engine.cpp), without SimGrid: at each day start the tranches order, the suppliers produce and the sites take
// their day (each on the days it would wake), then the workload step 1 ms in (every hour in hourly runs), then
// the recorder reads the fleet at its sample.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <utility>
#include <vector>

#include "sim/engine/fleet_recorder.hpp"
#include "sim/engine/rollout_state.hpp"

namespace gwsim::testing {

class RolloutDriver {
 public:
  // site_rows: where the recorder sends the sites' rows (empty: into the record).
  explicit RolloutDriver(const Scenario& s, SiteRowSink site_rows = {})
      : state(s), recorder(s, state, std::move(site_rows)), s_(s) {
    next_site_.assign(s.sites.size(), s.start);
    for (std::size_t i = 0; i < s.supply.size(); ++i) {
      next_supply_.push_back(state.next_supply_day(i, models::Date{s.start.days - 1}));
    }
  }

  void play(models::Date day) {
    const double day_s = state.time_of(day);
    for (std::size_t t = 0; t < s_.tranches.size(); ++t) {
      if (state.order_day(t) == day) state.place_order(t, day);
    }
    for (std::size_t i = 0; i < next_supply_.size(); ++i) {
      if (next_supply_[i] != day) continue;
      state.produce(i, day);
      next_supply_[i] = state.next_supply_day(i, day);
    }
    for (std::size_t i = 0; i < next_site_.size(); ++i) {
      if (next_site_[i] != day) continue;
      state.site_day(i, day, day_s);
      next_site_[i] = state.next_site_day(i, day);
    }
    const bool hourly = s_.output_step.hours > 0;
    for (int k = 0; k < (hourly ? 24 : 1); ++k) {
      state.step_workload(day, hourly ? k : -1, day_s + k * 3600.0 + 1e-3);
      const std::optional<engine::SampleTime> at = recorder.next_sample();
      ASSERT_TRUE(at.has_value());
      ASSERT_EQ(at->day, day);
      ASSERT_EQ(at->hour, hourly ? k : -1);
      recorder.sample();
    }
  }

  void play_until(models::Date last) {
    for (models::Date day = next_day_; day <= last; ++day.days) play(day);
    next_day_ = models::Date{last.days + 1};
  }

  // The rest of the run, then the record (the sites' integrals brought to the end, as the site actors do).
  RunRecord finish() {
    play_until(s_.end);
    EXPECT_FALSE(recorder.next_sample().has_value());
    const double end_s = state.time_of(s_.end) + models::kSecondsPerDay;
    for (engine::SiteState& site : state.sites) site.advance(end_s);
    return recorder.finish();
  }

  engine::RolloutState state;
  engine::FleetRecorder recorder;

 private:
  const Scenario& s_;
  models::Date next_day_ = s_.start;
  std::vector<models::Date> next_site_;
  std::vector<std::optional<models::Date>> next_supply_;
};

inline RunRecord drive(const Scenario& s) { return RolloutDriver(s).finish(); }

}  // namespace gwsim::testing
