// The simulated clock as a run advances, for `gwsim run`'s progress: the only SimGrid the command line touches,
// kept in its own file so that main.cpp needs no SimGrid header.
#pragma once

#include <functional>

namespace gwsim::cli {

// Calls watch(seconds since the start of the run) each time the engine's clock advances, for the rest of the
// process (one simulation per process). Set it before the run starts.
void watch_simulated_clock(std::function<void(double)> watch);

}  // namespace gwsim::cli
