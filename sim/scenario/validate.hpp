// validate(): every rule between values of a Scenario, on the Scenario itself, after it is read (and again for each
// sampled replication): end after start, dates of schedules increasing, names unique, tranches' sites defined and
// listed once, platforms in the catalog and supplied, the power cap at or above each tranche platform's idle draw,
// a serving platform that can serve tokens, weights not all 0, training shares at most 100% on any day.
//
// Messages point where the values were written, through the side table the read pass filled (origins.hpp); a value
// that came from a distribution is shown with its expression: "'2026-04-17' (drawn from '...')" in a replication,
// "'2026-01-01 + triangular(...)' (checked at its mode, 2026-01-31)" in the template. While the template is checked,
// a platform written as discrete(...) is checked for every choice, at the choice. Rules on names and the shape of
// the file, which no distribution can change, run for the template only.
//
// Then, for the template only and only when no rule failed, check_plan() (validate_plan.cpp) adds warnings for plan
// contradictions: a scenario that loads but cannot happen as written (a tranche its sites' grid, halls or crews can
// never take, a supply line that cannot deliver by the end, ...). Replications add no warnings.
#pragma once

#include <string>
#include <vector>

#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/origins.hpp"
#include "sim/scenario/scenario.hpp"
#include "sim/scenario/slots.hpp"

namespace gwsim {

struct Provenance {
  const FieldOrigins& origins;
  const std::vector<ValueSlot>& slots;
  // The read reported no problem: every value is there and usable, so rules need no look-up until they fail.
  // Otherwise a rule skips values that are missing or could not be read (their problem is already reported).
  bool read_clean = false;
  const std::vector<DrawnValue>* drawn = nullptr;       // a replication's values; nullptr while the template is checked
  const std::vector<std::string>* refused = nullptr;    // paths of drawn values their field refused (and kept out)
};

void validate(const Scenario& scenario, const Provenance& provenance, Diagnostics& diagnostics);
// The plan's contradictions, as warnings (Diagnostics::warn) into `warnings`.
void check_plan(const Scenario& scenario, const Provenance& provenance, Diagnostics& warnings);

}  // namespace gwsim
