// A JSON Schema (draft 2020-12) of scenario files, generated from the loader's own field tables (fields.hpp): every
// key with its type, unit syntax, choices, range, required keys, key rules and description, so that an editor
// (yaml-language-server) completes and checks a scenario as it is typed, and a script can check one without gwsim.
//
// The schema accepts what the loader accepts where a plain JSON type can say it: a quantity with a unit ("300 MW",
// "$10B", "15%") is a string of that syntax, a value that may be a distribution also any expression with
// parentheses ("normal(1.2, 0.03)", "2026-10-01 + draw(slip)"). Ranges are checked on plain numbers only; the rules
// between values (dates in order, platforms in the catalog, grid limits) stay the loader's. A file with `extends:`
// is checked without required keys, since its base supplies them.
#pragma once

#include <string>

namespace gwsim {

// The schema as JSON text (two-space indented, ending with a newline). id is its $id (where it is published).
std::string scenario_json_schema(const std::string& id);

}  // namespace gwsim
