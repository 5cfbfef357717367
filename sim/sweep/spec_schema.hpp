// A JSON Schema (draft 2020-12) of sweep specs (sweep_spec.hpp), for editors and scripts, like the scenario's
// (sim/scenario/json_schema.hpp). Its keys are the spec reader's own key lists; a test checks that they agree.
#pragma once

#include <string>

namespace gwsim::sweep {

// The schema as JSON text (two-space indented, ending with a newline); id is its $id.
std::string sweep_spec_json_schema(const std::string& id);

}  // namespace gwsim::sweep
