#include "sim/scenario/schema.hpp"

#include "sim/scenario/fields.hpp"
#include "sim/scenario/shapes.hpp"

namespace gwsim::schema {

const KeyList kTriggers = {"per_gw_live", "lump_sum", "first_tokens"};
const KeyList kCoolings = {"liquid", "air"};
const KeyList kGwBases = {"it", "facility"};

const KeyList kCatalogTopLevel = {"serving_model", "platforms", "sources"};
const KeyList kCatalogSourced = {"serving_model"};

const KeyList kDefaultsTopLevel = {"defaults", "sources"};

std::vector<std::string> reference_keys() {
  std::vector<std::string> out;
  for_each_field(scenario_table(), "", Place{}, [&out](const Field& f, const std::string& key, const Place&) {
    out.push_back(key);
    if (f.shape == Shape::kProfile) {
      for (std::string_view sub : profile_keys(f)) out.push_back(key + "." + std::string(sub));
    }
  });
  auto add = [&out](const std::string& prefix, const KeyList& keys) {
    for (std::string_view k : keys) out.push_back(prefix + std::string(k));
  };
  add("", kCatalogTopLevel);
  add("sources.", kCatalogSourced);
  add("platforms[].", platform_table().keys());
  return out;
}

}  // namespace gwsim::schema
