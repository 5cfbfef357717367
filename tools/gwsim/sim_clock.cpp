#include "tools/gwsim/sim_clock.hpp"

#include <simgrid/s4u/Engine.hpp>

namespace gwsim::cli {

void watch_simulated_clock(std::function<void(double)> watch) {
  simgrid::s4u::Engine::on_time_advance_cb(
      [watch = std::move(watch)](double) { watch(simgrid::s4u::Engine::get_clock()); });
}

}  // namespace gwsim::cli
