// The defaults file (configs/defaults.yaml): what a scenario gets for a key it does not state. Each key under
// `defaults:` is the default of a field whose table row names it (DefaultFrom::kDefaultsFile in fields.hpp), and is
// read and checked exactly as that field would be; each names its source under `sources:`.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/diagnostics.hpp"

namespace gwsim {

struct Defaults {
  ConfigNode values;                           // the `defaults:` map, every value checked
  std::map<std::string, std::string> sources;  // key (as defaults_keys() names it) -> source
  // The value of a dotted key ("pue", "power_chain.substation_loss"), or nullptr.
  const ConfigNode* find(std::string_view dotted_key) const;
};

std::optional<Defaults> parse_defaults(std::string_view text, const std::string& name, Diagnostics& diagnostics);
// For embedded text: throws std::logic_error with every diagnostic when the text is invalid.
Defaults parse_defaults_or_throw(std::string_view text, const std::string& name);
// The embedded configs/defaults.yaml; throws std::logic_error when it is invalid (a build defect).
const Defaults& builtin_defaults();
// The keys that name a source under `sources:`: "pue", "power_chain.non_gpu_it_share", ..., "power_cap".
std::vector<std::string> defaults_keys();

}  // namespace gwsim
