#include "sim/sweep/spec_schema.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <stdexcept>
#include <string_view>

#include "sim/sweep/sweep_spec.hpp"

namespace gwsim::sweep {
namespace {

using Json = nlohmann::ordered_json;

// A map of dotted scenario paths (as --set takes them: sites[0].pue, sites[site-a].pue, sites[*].pue) to values.
Json paths_to(Json value, std::string_view description) {
  return Json{{"type", "object"},
              {"propertyNames", Json{{"pattern", R"(^[A-Za-z0-9_-]+((\.[A-Za-z0-9_-]+)|(\[[^\[\]]+\]))*$)"}}},
              {"additionalProperties", std::move(value)},
              {"description", std::string(description)}};
}

// Properties of a map, in the order of keys, each described in `of`; a key without a description is a build defect.
Json properties(const schema::KeyList& keys, const std::map<std::string_view, Json>& of) {
  Json out = Json::object();
  for (std::string_view key : keys) {
    const auto it = of.find(key);
    if (it == of.end()) throw std::logic_error("sweep spec schema: no schema for key '" + std::string(key) + "'");
    out[std::string(key)] = it->second;
  }
  return out;
}

Json described(Json schema, std::string_view description) {
  schema["description"] = std::string(description);
  return schema;
}

const char* const kQuantity = "A number, a fraction (15%), or a power, duration or amount of money with its unit.";

}  // namespace

std::string sweep_spec_json_schema(const std::string& id) {
  const Json name{{"type", "string"}, {"pattern", "^[a-z0-9][a-z0-9_.-]*$"}};
  const Json range_value{{"type", Json::array({"string", "number"})}, {"description", kQuantity}};
  const Json range{{"type", "object"},
                   {"properties", properties(spec_keys::kRangeKeys, {{"min", range_value}, {"max", range_value}})},
                   {"required", Json::array({"min", "max"})},
                   {"additionalProperties", false}};
  const Json whatif{
      {"type", "object"},
      {"properties",
       properties(spec_keys::kWhatIfKeys,
                  {{"name", described(name, "The what-if's name; unique.")},
                   {"set", paths_to(Json::object(), "Overrides of this what-if, as --set.")}})},
      {"required", Json::array({"name"})},
      {"additionalProperties", false}};
  const Json lhs{{"type", "object"},
                 {"properties", properties(spec_keys::kLhsKeys,
                                           {{"samples", Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 100000}}},
                                            {"parameters", paths_to(range, "Ranges to sample, by dotted path.")}})},
                 {"required", Json::array({"samples", "parameters"})},
                 {"additionalProperties", false}};
  const std::map<std::string_view, Json> top = {
      {"name", described(name, "The sweep's name.")},
      {"description", Json{{"type", "string"}, {"description", "Free text."}}},
      {"scenario", Json{{"type", "string"}, {"minLength", 1}, {"description", "The scenario, relative to the spec."}}},
      {"seed", Json{{"type", "integer"}, {"minimum", 0}, {"description", "Replication k of every point draws with "
                                                                         "(seed, k). Default: 1."}}},
      {"replications", Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 1000000},
                            {"description", "Monte Carlo replications per point. Default: 1."}}},
      {"timeout_seconds", Json{{"type", "number"}, {"minimum", 0.1}, {"maximum", 86400},
                               {"description", "A replication still running after this is recorded timeout. "
                                               "Default: 600."}}},
      {"keep_timelines", Json{{"type", "boolean"}, {"description", "Also store each replication's timeline.csv."}}},
      {"set", paths_to(Json::object(), "Overrides for every point, as --set.")},
      {"whatifs", Json{{"type", "array"}, {"items", whatif}, {"description", "Named what-ifs."}}},
      {"grid", paths_to(Json{{"type", "array"}, {"minItems", 1}},
                        "A cartesian product over dotted paths; the last path varies fastest.")},
      {"lhs", lhs},
  };
  const Json schema{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
                    {"$id", id},
                    {"title", "gwsim sweep spec"},
                    {"description", "A gwsim sweep spec (docs/sweeps.md)."},
                    {"type", "object"},
                    {"properties", properties(spec_keys::kSpecKeys, top)},
                    {"required", Json::array({"name", "scenario"})},
                    {"additionalProperties", false}};
  return schema.dump(2) + "\n";
}

}  // namespace gwsim::sweep
