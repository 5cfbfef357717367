#include "sim/scenario/schema.hpp"

#include <algorithm>

#include "sim/scenario/fields.hpp"
#include "sim/scenario/shapes.hpp"

namespace gwsim::schema {

const KeyList kTriggers = {"per_gw_live", "lump_sum", "first_tokens"};
const KeyList kCoolings = {"liquid", "air"};
const KeyList kPrecisions = {"fp8", "fp4"};
const KeyList kGwBases = {"it", "facility"};
const KeyList kServeFirst = {"inference", "training"};
const KeyList kGenerationRoles = {"bridge", "firm", "backup"};
const KeyList kAfterBridge = {"retire", "backup"};
const KeyList kAllocationRules = {"first_come_first_served", "priority_then_date"};
const KeyList kFinancings = {"equity", "debt"};
const KeyList kRepayments = {"amortizing", "bullet"};
const KeyList kRevenueBases = {"gpu_hours", "tokens", "capacity"};
const KeyList kDepreciationMethods = {"straight_line", "declining_balance"};
const KeyList kTerminalValues = {"book_value", "none"};
const KeyList kBooleans = {"true", "false"};

const KeyList kCatalogTopLevel = {"serving", "platforms"};

const KeyList kDefaultsTopLevel = {"defaults", "sources"};

std::vector<std::string> reference_keys() {
  std::vector<std::string> out;
  for_each_field(scenario_table(), "", Place{}, [&out](const Field& f, const std::string& key, const Place&) {
    out.push_back(key);
    if (f.shape == Shape::kProfile) {
      for (std::string_view sub : profile_keys(f)) out.push_back(key + "." + std::string(sub));
    }
  });
  // Once each: `serving` is both a scenario key and a catalog section.
  auto add = [&out](const std::string& prefix, const KeyList& keys) {
    for (std::string_view k : keys) {
      std::string key = prefix + std::string(k);
      if (std::find(out.begin(), out.end(), key) == out.end()) out.push_back(std::move(key));
    }
  };
  add("", kCatalogTopLevel);
  add("serving.", catalog_serving_table().keys());
  add("platforms[].", platform_table().keys());
  return out;
}

}  // namespace gwsim::schema
