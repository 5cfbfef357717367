#include "sim/engine/replication.hpp"

#include <cstdint>
#include <exception>
#include <limits>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "models/date.hpp"
#include "sim/engine/fleet_recorder.hpp"
#include "sim/engine/logging.hpp"
#include "sim/engine/rollout_state.hpp"

namespace gwsim::engine {
namespace {

constexpr double kDay = models::kSecondsPerDay;
// As the engine's workload actor (engine.cpp): a workload step runs this long after its day or hour starts.
constexpr double kStepOffset = 1e-3;

// The simulated time the log lines show (logging.hpp).
double g_now_s = 0.0;
double replication_clock() { return g_now_s; }

// One of the engine's actors: alive until its part ends or throws.
struct Part {
  bool alive = true;
};

class Replication {
 public:
  Replication(const Scenario& s, SiteRowSink site_rows)
      : s_(s), state_(s), recorder_(s, state_, std::move(site_rows)) {
    state_.pod_settings = false;  // no pod's power state or load is set here
  }

  EngineResult run();

 private:
  template <typename Name, typename Body>
  void act(Part& part, Name name, Body body) {
    if (!part.alive) return;
    try {
      body();
    } catch (const std::exception& e) {
      part.alive = false;
      const std::string who = name();
      engine_log().error("{}: {}", who, e.what());
      failures_.push_back(who + ": " + e.what());
    }
  }
  void day_start(models::Date day, bool first);
  void tranche_turn(std::size_t i, models::Date day);
  void supplier_turn(std::size_t j, models::Date day);
  void site_turn(std::size_t i, models::Date day);

  const Scenario& s_;
  RolloutState state_;
  FleetRecorder recorder_;
  std::vector<std::string> failures_;
  std::vector<Part> tranche_, supplier_, site_;
  Part workload_, fleet_;
  std::vector<std::optional<models::Date>> order_day_;   // per tranche: the order not yet placed
  std::vector<std::optional<models::Date>> supply_day_;  // per supply line: its next production day
  std::vector<models::Date> site_day_;                   // per site: its next day
};

void Replication::tranche_turn(std::size_t i, models::Date day) {
  if (order_day_[i] != day) return;
  order_day_[i].reset();
  act(tranche_[i], [&] { return "tranche " + s_.tranches[i].name; }, [&] { state_.place_order(i, day); });
}

void Replication::supplier_turn(std::size_t j, models::Date day) {
  if (supply_day_[j] != day) return;
  act(supplier_[j], [&] { return "supplier " + s_.supply[j].platform; }, [&] {
    supply_day_[j].reset();
    state_.produce(j, day);
    const std::optional<models::Date> next = state_.next_supply_day(j, day);
    if (next && *next <= s_.end) supply_day_[j] = next;
  });
}

void Replication::site_turn(std::size_t i, models::Date day) {
  if (site_day_[i] != day) return;
  act(site_[i], [&] { return "site " + s_.sites[i].name; }, [&] {
    (void)state_.site_day(i, day, state_.time_of(day));
    site_day_[i] = state_.next_site_day(i, day);
  });
}

// The day-start turns, in the actors' creation order. On the first day the actors are starting: each computes
// when it first acts (tranches and suppliers; sites act on the first day), and acts at once if that is today.
void Replication::day_start(models::Date day, bool first) {
  const std::size_t tranches = s_.tranches.size(), lines = s_.supply.size(), sites = s_.sites.size();
  if (first) {
    for (std::size_t i = 0; i < tranches; ++i) {
      act(tranche_[i], [&] { return "tranche " + s_.tranches[i].name; },
          [&] { order_day_[i] = state_.order_day(i); });
      tranche_turn(i, day);
    }
    for (std::size_t j = 0; j < lines; ++j) {
      act(supplier_[j], [&] { return "supplier " + s_.supply[j].platform; }, [&] {
        const std::optional<models::Date> next = state_.next_supply_day(j, models::Date{s_.start.days - 1});
        if (next && *next <= s_.end) supply_day_[j] = next;
      });
      supplier_turn(j, day);
    }
    for (std::size_t i = 0; i < sites; ++i) site_turn(i, day);
    return;
  }
  for (std::size_t i = 0; i < tranches; ++i) tranche_turn(i, day);
  for (std::size_t j = 0; j < lines; ++j) supplier_turn(j, day);
  for (std::size_t i = 0; i < sites; ++i) site_turn(i, day);
}

EngineResult Replication::run() {
  tranche_.resize(s_.tranches.size());
  supplier_.resize(s_.supply.size());
  site_.resize(s_.sites.size());
  order_day_.resize(s_.tranches.size());
  supply_day_.resize(s_.supply.size());
  site_day_.assign(s_.sites.size(), s_.start);

  const int steps_per_day = s_.output_step.hours > 0 ? 24 : 1;
  const double step_s = kDay / steps_per_day;
  const double end_s = state_.time_of(s_.end) + kDay;
  constexpr double kNever = std::numeric_limits<double>::infinity();
  for (models::Date day = s_.start; day <= s_.end; day.days++) {
    const double day_s = state_.time_of(day);
    g_now_s = day_s;
    day_start(day, day == s_.start);
    // The day's workload steps and samples, in time order.
    int k = 0;
    for (;;) {
      const double step_at = k < steps_per_day && workload_.alive ? day_s + k * step_s + kStepOffset : kNever;
      const std::optional<SampleTime> sample = fleet_.alive ? recorder_.next_sample() : std::nullopt;
      const double sample_at = sample && sample->time_s < day_s + kDay ? sample->time_s : kNever;
      if (step_at == kNever && sample_at == kNever) break;
      if (step_at <= sample_at) {
        g_now_s = step_at;
        act(workload_, [] { return std::string("workload"); },
            [&] { (void)state_.step_workload(day, steps_per_day > 1 ? k : -1, step_at); });
        ++k;
      } else {
        g_now_s = sample_at;
        act(fleet_, [] { return std::string("fleet"); }, [&] { recorder_.sample(); });
      }
    }
  }
  g_now_s = end_s;
  for (std::size_t i = 0; i < s_.sites.size(); ++i) {
    act(site_[i], [&] { return "site " + s_.sites[i].name; }, [&] { state_.sites[i].advance(end_s); });
  }

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
