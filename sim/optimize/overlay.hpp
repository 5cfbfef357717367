// A plan as a scenario file: the YAML overlay that, under `extends:` of the baseline, gives the same merged
// scenario as the baseline with the plan's --set overrides. It is the difference between the two merged trees:
// maps restate only the keys that changed, lists whose items have an identifying key (sites by name, supply by
// platform, grid points by date; docs/scenario-reference.md, "extends") restate only the items that changed, by
// that key; any other list that changed is restated whole with !replace.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/diagnostics.hpp"

namespace gwsim::optimize {

// The overlay's YAML (block style, no `extends:` line), or the errors of loading the baseline with the overrides.
struct OverlayResult {
  std::optional<std::string> yaml;
  std::vector<Diagnostic> errors;
};
OverlayResult plan_overlay(const std::string& baseline_path, const std::vector<std::string>& overrides);

}  // namespace gwsim::optimize
