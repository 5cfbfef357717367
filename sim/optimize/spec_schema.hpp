// A JSON Schema (draft 2020-12) of optimization specs (optimize_spec.hpp), for editors and scripts, like the sweep
// spec's (sim/sweep/spec_schema.hpp). Its keys are the spec reader's own key lists (optimize_spec.hpp's spec_keys),
// its figures the optimizer's (figures.hpp); tests/schema checks every shipped spec against it and that invalid
// specs are refused by both the schema and the reader where the schema can say why.
//
// What it cannot say, the reader checks: a range's max above its min, a variable's path applied to the baseline,
// the baseline's existence, and an exhaustive search's grid against max_evaluations.
#pragma once

#include <string>

namespace gwsim::optimize {

// The schema as JSON text (two-space indented, ending with a newline); id is its $id.
std::string optimize_spec_json_schema(const std::string& id);

}  // namespace gwsim::optimize
