// The first passes of loading: read and parse the scenario file and, recursively, the files it extends (base files
// first), merge them into one tree (config_tree.hpp, merge_into), then apply the --set overrides in order
// (overrides.hpp). Positions stay those of the file or argument each value came from.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/diagnostics.hpp"

namespace gwsim {

struct MergedTree {
  ConfigNode root;
  std::string sha256;  // of the bytes of every file read, base files first
};

// Diagnostic ranks: base files count down from 0 (the file itself), a custom catalog comes after the scenario
// files, --set arguments last, in order.
inline constexpr int kCatalogRank = 1;
inline constexpr int kFirstOverrideRank = 1000;

// nullopt after reporting a file that cannot be read or parsed, a bad extends: chain, or an override that cannot
// be applied (the rest of the report would mislead).
std::optional<MergedTree> merge_scenario_files(const std::string& path, const std::vector<std::string>& overrides,
                                               Diagnostics& diagnostics);

}  // namespace gwsim
