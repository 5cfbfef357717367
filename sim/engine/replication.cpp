#include "sim/engine/replication.hpp"

#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/date.hpp"
#include "sim/engine/day_starts.hpp"
#include "sim/engine/fleet_recorder.hpp"
#include "sim/engine/logging.hpp"
#include "sim/engine/rollout_state.hpp"

namespace gwsim::engine {
namespace {

constexpr double kDay = models::kSecondsPerDay;

// The simulated time the log lines show (logging.hpp).
double g_now_s = 0.0;
double replication_clock() { return g_now_s; }

class Replication {
 public:
  Replication(const Scenario& s, SiteRowSink site_rows)
      : s_(s), state_(s), recorder_(s, state_, std::move(site_rows)), starts_(s, state_, failures_) {
    state_.pod_settings = false;  // no pod's power state or load is set here
  }

  EngineResult run();

 private:
  // The workload actor's and the fleet actor's parts: each stops at its first failure, as the actor would.
  template <typename Body>
  void act(bool& alive, const char* who, Body body) {
    if (!alive) return;
    try {
      body();
    } catch (const std::exception& e) {
      alive = false;
      report_failure(failures_, who, e);
    }
  }

  const Scenario& s_;
  std::vector<std::string> failures_;
  RolloutState state_;
  FleetRecorder recorder_;
  DayStarts starts_;
  bool workload_alive_ = true, fleet_alive_ = true;
};

EngineResult Replication::run() {
  const int steps_per_day = state_.workload_steps_per_day();
  const double end_s = state_.end_time();
  constexpr double kNever = std::numeric_limits<double>::infinity();
  for (models::Date day = s_.start; day <= s_.end; day.days++) {
    const double day_s = state_.time_of(day);
    g_now_s = day_s;
    if (starts_.next_day() == day) starts_.run(day, [](std::size_t, const auto&, const auto&) {});
    // The day's workload steps and samples, in time order.
    int k = 0;
    for (;;) {
      const double step_at = k < steps_per_day && workload_alive_ ? state_.workload_step_time(day, k) : kNever;
      const std::optional<SampleTime> sample = fleet_alive_ ? recorder_.next_sample() : std::nullopt;
      const double sample_at = sample && sample->time_s < day_s + kDay ? sample->time_s : kNever;
      if (step_at == kNever && sample_at == kNever) break;
      if (step_at <= sample_at) {
        g_now_s = step_at;
        act(workload_alive_, "workload", [&] { (void)state_.step_workload(day, steps_per_day > 1 ? k : -1, step_at); });
        ++k;
      } else {
        g_now_s = sample_at;
        act(fleet_alive_, "fleet", [&] { recorder_.sample(); });
      }
    }
  }
  g_now_s = end_s;
  starts_.finish(end_s);

  EngineResult result;
  result.record = recorder_.finish();
  result.record.plugin_it_energy_mwh = 0.0;
  result.record.plugin_measured = false;
  result.record.simulated_hosts = static_cast<std::int64_t>(state_.pods.size());
  result.failures = std::move(failures_);
  return result;
}

}  // namespace

EngineResult run_replication(const Scenario& scenario, SiteRowSink site_rows) {
  set_log_start_date(scenario.start);
  g_now_s = 0.0;
  set_log_clock(&replication_clock);
  Replication replication(scenario, std::move(site_rows));
  return replication.run();
}

}  // namespace gwsim::engine
