// --set overrides: "dotted.path=value" applied to the merged tree of a scenario, after extends:, before validation.
//
// The path addresses into the tree: "a.b[2].c" or equivalently "a.b.2.c". Missing map keys are created; an index
// into an existing sequence reaches that item; an index one past the end appends an item. "sites[site-a]" reaches
// the item whose identifying key (item_key: a site's name, a supply entry's platform, a grid point's from date) is
// site-a; "sites[*].pue" sets pue in every item, and is an error on an empty sequence. The value is parsed as
// YAML, so "sites[0].grid=[{from: 2026-01-01, capacity: 1 GW}]" sets a whole sequence. Positions of the value and
// of path problems are reported as file "--set", line 1, column = 1-based column in the argument.
#pragma once

#include <string>

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/diagnostics.hpp"

namespace gwsim {

// Applies one argument to root. Returns false, after recording diagnostics, when the argument is malformed or does
// not fit the tree; root is then unchanged. rank orders the argument's diagnostics after the files'.
// item_key says which key identifies the items of a list (config_tree.hpp; nullptr: "name").
bool apply_override(ConfigNode& root, const std::string& argument, int rank, Diagnostics& diagnostics,
                    ItemKeyOf item_key = nullptr);

}  // namespace gwsim
