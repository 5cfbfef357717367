#include "sim/optimize/spec_schema.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "sim/optimize/figures.hpp"
#include "sim/optimize/optimize_spec.hpp"

namespace gwsim::optimize {
namespace {

using Json = nlohmann::ordered_json;

// A decimal number as units.hpp reads it (the scenario schema's pattern, sim/scenario/json_schema.cpp).
constexpr std::string_view kNumber = R"([-+]?(([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?)";
constexpr std::string_view kDatePattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$";

Json text_pattern(const std::string& pattern) { return Json{{"type", "string"}, {"pattern", pattern}}; }

Json with_unit(std::string_view units) {
  return text_pattern("^" + std::string(kNumber) + " *(" + std::string(units) + ")$");
}

const Json& money() {
  static const Json j = text_pattern(R"(^\$ *)" + std::string(kNumber) + " *[KMBT]?$");
  return j;
}

Json described(Json schema, std::string_view description) {
  schema["description"] = std::string(description);
  return schema;
}

// Properties of a map, in the order of keys, each described in `of`; a key without a schema is a build defect.
Json properties(const schema::KeyList& keys, const std::map<std::string_view, Json>& of) {
  Json out = Json::object();
  for (std::string_view key : keys) {
    const auto it = of.find(key);
    if (it == of.end()) throw std::logic_error("optimize spec schema: no schema for key '" + std::string(key) + "'");
    out[std::string(key)] = it->second;
  }
  return out;
}

Json closed_map(const schema::KeyList& keys, const std::map<std::string_view, Json>& of,
                std::vector<std::string> required = {}) {
  Json out{{"type", "object"}, {"properties", properties(keys, of)}, {"additionalProperties", false}};
  if (!required.empty()) out["required"] = required;
  return out;
}

Json required_one_of(const schema::KeyList& keys) {
  Json any = Json::array();
  for (std::string_view k : keys) any.push_back(Json{{"required", Json::array({std::string(k)})}});
  return Json{{"oneOf", any}};
}

// The sweep figures the optimizer reads (figures.hpp), split by whether they are dates: names, and a pattern for
// the per-GW ones ("gw_{n}_live_date": n from 1 to 9999 without a leading zero).
struct Figures {
  std::vector<std::string> names;
  std::vector<std::string> patterns;
  Json schema() const {
    Json any = Json::array();
    if (!names.empty()) any.push_back(Json{{"enum", names}});
    for (const std::string& p : patterns) any.push_back(text_pattern(p));
    return Json{{"anyOf", any}};
  }
};

std::pair<Figures, Figures> figures_by_kind() {
  Figures dates, others;
  for (const std::string& name : figure_names()) {
    const auto at = name.find("{n}");
    std::string example = name;
    if (at != std::string::npos) example.replace(at, 3, "1");
    const std::optional<FigureRef> f = find_figure(example);
    if (!f) throw std::logic_error("optimize spec schema: figure '" + name + "' is not found by its own name");
    Figures& into = f->is_date ? dates : others;
    if (at == std::string::npos) {
      into.names.push_back(name);
    } else {
      into.patterns.push_back("^" + name.substr(0, at) + "[1-9][0-9]{0,3}" + name.substr(at + 3) + "$");
    }
  }
  return {dates, others};
}

const char* const kQuantity =
    "A number, a fraction (15%), or a power, duration or amount of money with its unit (150 MW, 30 days, $2M); min "
    "and max of the same kind.";

}  // namespace

std::string optimize_spec_json_schema(const std::string& id) {
  using namespace spec_keys;
  const Json name = text_pattern("^[a-z0-9][a-z0-9_.-]*$");
  const Json date = text_pattern(std::string(kDatePattern));
  const Json integer{{"type", "integer"}, {"minimum", -1000000000}, {"maximum", 1000000000}};
  const Json duration = with_unit("days?|d|weeks?|w|months?|mo|years?|y");
  const Json quantity{{"anyOf", Json::array({Json{{"type", "number"}}, with_unit("%|W|kW|MW|GW"), duration, money(),
                                             text_pattern("^" + std::string(kNumber) + "$")})},
                      {"description", kQuantity}};
  const Json statistic = described(text_pattern(R"(^(mean|p(100(\.0*)?|[0-9]{1,2}(\.[0-9]*)?))$)"),
                                   "mean, or pNN: the NN-th percentile (type 7), NN from 0 to 100. Default: mean.");
  const auto [date_figures, other_figures] = figures_by_kind();
  Json figure = date_figures.schema();
  const Json others = other_figures.schema();
  for (const Json& s : others["anyOf"]) figure["anyOf"].push_back(s);
  figure["description"] = "A sweep figure (docs/results.md): capex_usd, gw_10_live_date, racks, npv_usd, ...";

  const Json variable = [&] {
    Json v = closed_map(
        kVariableKeys,
        {{"path", described(Json{{"type", "string"}, {"minLength", 1}},
                            "A scenario path as --set takes it (sites[site-d].generation[0].units).")},
         {"integer", described(closed_map(kGridKeys,
                                          {{"min", integer},
                                           {"max", integer},
                                           {"step", Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 1000000000}}}},
                                          {"min", "max"}),
                               "The integers min, min + step, ... up to max (step default 1).")},
         {"date", described(closed_map(kGridKeys, {{"min", date}, {"max", date}, {"step", duration}}, {"min", "max"}),
                            "The dates min, min + step, ... up to max (step a duration in whole days, default 1 "
                            "day).")},
         {"continuous", described(closed_map(kRangeKeys, {{"min", quantity}, {"max", quantity}}, {"min", "max"}),
                                  "Any value between min and max, with units as in scenarios.")},
         {"choice", described(Json{{"type", "array"},
                                   {"items", Json{{"type", Json::array({"string", "number", "boolean"})}}},
                                   {"minItems", 2},
                                   {"uniqueItems", true}},
                              "Two or more values to choose from.")}},
        {"path"});
    v["oneOf"] = required_one_of(kKinds)["oneOf"];
    return described(v, "A decision: {path, KIND} with exactly one KIND (integer, date, continuous, choice).");
  }();

  Json objective = closed_map(kObjectiveKeys, {{"minimize", figure}, {"maximize", figure}, {"statistic", statistic}});
  objective["oneOf"] = required_one_of({"minimize", "maximize"})["oneOf"];

  const Json number_bound{{"anyOf", Json::array({Json{{"type", "number"}}, money(), with_unit("%"),
                                                 text_pattern("^" + std::string(kNumber) + "$")})}};
  Json constraint = closed_map(
      kConstraintKeys,
      {{"figure", figure},
       {"at_most", described(Json{{"type", Json::array({"string", "number"})}},
                             "The upper bound, in the figure's unit (a date for a date figure).")},
       {"at_least", described(Json{{"type", Json::array({"string", "number"})}},
                              "The lower bound, in the figure's unit (a date for a date figure).")},
       {"probability",
        described(Json{{"anyOf", Json::array({Json{{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 1}},
                                             with_unit("%")})}},
                  "A chance constraint: the share of replications within the bound must reach this, in (0, 1].")},
       {"statistic", statistic}},
      {"figure"});
  constraint["oneOf"] = required_one_of({"at_most", "at_least"})["oneOf"];
  // A chance constraint takes no statistic; a date figure's bound is a date, another figure's a number.
  Json date_bound = Json::object(), plain_bound = Json::object();
  for (const char* key : {"at_most", "at_least"}) {
    date_bound[key] = date;
    plain_bound[key] = number_bound;
  }
  constraint["allOf"] = Json::array(
      {Json{{"not", Json{{"required", Json::array({"probability", "statistic"})}}}},
       Json{{"if", Json{{"properties", Json{{"figure", date_figures.schema()}}}, {"required", Json::array({"figure"})}}},
            {"then", Json{{"properties", date_bound}}},
            {"else", Json{{"properties", plain_bound}}}}});
  constraint = described(constraint, "{figure, at_most | at_least, probability | statistic}.");

  const Json search = closed_map(
      kSearchKeys,
      {{"method", described(Json{{"enum", [] {
                             Json e = Json::array();
                             for (std::string_view m : spec_keys::kMethods) e.push_back(std::string(m));
                             return e;
                           }()}}, "auto (exhaustive when the grid fits the budget, else COBYLA), "
                                                       "exhaustive, cobyla or bobyqa. Default: auto.")},
       {"max_evaluations", described(Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 100000}},
                                     "Candidates evaluated at most. Default: 200.")},
       {"lhs_samples", described(Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 10000}},
                                 "The Latin-hypercube batch that starts NLopt. Default: max(5, 2 d + 1), at most half "
                                 "the budget.")}});

  const std::map<std::string_view, Json> top = {
      {"name", described(name, "The optimization's name.")},
      {"description", Json{{"type", "string"}, {"description", "Free text."}}},
      {"baseline", Json{{"type", "string"}, {"minLength", 1},
                        {"description", "The scenario the plans change, relative to the spec."}}},
      {"seed", Json{{"type", "integer"}, {"minimum", 0},
                    {"description", "Replication k of every candidate draws with (seed, k). Default: 1."}}},
      {"replications", Json{{"type", "integer"}, {"minimum", 1}, {"maximum", 100000},
                            {"description", "Monte Carlo replications per candidate. Default: 20."}}},
      {"timeout_seconds", Json{{"type", "number"}, {"minimum", 0.1}, {"maximum", 86400},
                               {"description", "A replication still running after this is recorded timeout. "
                                               "Default: 600."}}},
      {"variables", Json{{"type", "array"}, {"items", variable}, {"minItems", 1}, {"description", "The decisions."}}},
      {"objective", described(objective, "{minimize | maximize: FIGURE, statistic}.")},
      {"constraints", Json{{"type", "array"}, {"items", constraint}, {"description", "Chance or statistic "
                                                                                     "constraints. Default: none."}}},
      {"search", search},
  };
  Json schema{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
              {"$id", id},
              {"title", "gwsim optimization spec"},
              {"description", "A gwsim optimization spec (docs/optimize.md)."},
              {"type", "object"},
              {"properties", properties(kSpecKeys, top)},
              {"required", Json::array({"name", "baseline", "variables", "objective"})},
              {"additionalProperties", false}};
  // An exhaustive search needs every variable discrete.
  schema["if"] = Json{{"properties", Json{{"search", Json{{"properties", Json{{"method", Json{{"const", "exhaustive"}}}}},
                                                          {"required", Json::array({"method"})}}}}},
                      {"required", Json::array({"search"})}};
  schema["then"] = Json{{"properties", Json{{"variables", Json{{"items", Json{{"not", Json{{"required",
                                                                                          Json::array({"continuous"})}}}}}}}}}};
  return schema.dump(2) + "\n";
}

}  // namespace gwsim::optimize
