#include "sim/scenario/json_schema.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string_view>
#include <vector>

#include "sim/scenario/fields.hpp"
#include "sim/scenario/shapes.hpp"

namespace gwsim {
namespace {

using Json = nlohmann::ordered_json;

// A decimal number as units.hpp reads it: digits with optional comma groups, a fraction, an exponent.
constexpr std::string_view kNumber = R"([-+]?(([0-9]{1,3}(,[0-9]{3})+|[0-9]+)(\.[0-9]*)?|\.[0-9]+)([eE][-+]?[0-9]+)?)";

Json text_pattern(std::string_view pattern) {
  return Json{{"type", "string"}, {"pattern", std::string(pattern)}};
}

Json with_unit(std::string_view units) {
  return text_pattern("^" + std::string(kNumber) + " *(" + std::string(units) + ")$");
}

// A plain number that may also be written as text (YAML 1.1 readers take "1e9" for a string), in the range.
Json number_in(const Range& range, bool integer = false) {
  Json number{{"type", integer ? "integer" : "number"}};
  if (range.has_min) number[range.min_exclusive ? "exclusiveMinimum" : "minimum"] = range.min;
  if (range.has_max) number["maximum"] = range.max;
  if (integer) return number;
  return Json{{"anyOf", Json::array({number, text_pattern("^" + std::string(kNumber) + "$")})}};
}

Json plain_value(const ValueSpec& spec) {
  switch (spec.kind) {
    case Kind::kText:
      return Json{{"type", Json::array({"string", "number", "boolean"})}};
    case Kind::kPath:
    case Kind::kLabel:
    case Kind::kId:
    case Kind::kPlatform:
      return Json{{"type", "string"}, {"minLength", 1}};
    case Kind::kName:
      return text_pattern("^[a-z0-9][a-z0-9_.-]*$");
    case Kind::kIdentifier:
      return text_pattern("^[a-z][a-z0-9_]*$");
    case Kind::kChoice: {
      Json choices = Json::array();
      if (spec.choices != nullptr) {
        for (std::string_view c : *spec.choices) choices.push_back(std::string(c));
        // true and false are YAML booleans: a scenario converted to JSON has them as such.
        if (spec.choices == &schema::kBooleans) choices = Json::array({true, false, "true", "false"});
      }
      return Json{{"enum", choices}};
    }
    case Kind::kDate:
      return text_pattern("^[0-9]{4}-[0-9]{2}-[0-9]{2}$");
    case Kind::kPower:
      return with_unit("W|kW|MW|GW");
    case Kind::kDuration:
      return with_unit("days?|d|weeks?|w|months?|mo|years?|y");
    case Kind::kMoney:
      return text_pattern(R"(^\$ *)" + std::string(kNumber) + " *[KMBT]?$");
    case Kind::kNumber:
      return number_in(spec.range);
    case Kind::kFraction:
      return Json{{"anyOf", Json::array({number_in(spec.range), with_unit("%")})}};
    case Kind::kCount:
      return Json{{"anyOf", Json::array({number_in(spec.range), with_unit("[KMBT]")})}};
    case Kind::kCarbonIntensity:
      return with_unit("g/kWh|gCO2/kWh|kg/MWh");
    case Kind::kWaterUsage:
      return with_unit("L/kWh");
    case Kind::kInteger:
      return number_in(spec.range, true);
    case Kind::kSeed:
      return Json{{"type", "integer"}, {"minimum", 0}};
    case Kind::kOutputStep:
      return text_pattern("^[1-9][0-9]*(h|d|w|mo)$");
  }
  return Json::object();
}

// A value of the spec, or a distribution expression where the field allows one.
Json value(const Field& f) {
  Json plain = plain_value(f.value());
  if (!f.distribution) return plain;
  const Json expression{{"type", "string"},
                        {"pattern", R"(\()"},
                        {"description", "A distribution, e.g. triangular(10 months, 12 months, 18 months)"}};
  return Json{{"anyOf", Json::array({plain, expression})}};
}

std::string description(const Field& f) {
  std::string out(f.description);
  if (f.shape == Shape::kValue || f.shape == Shape::kList || f.shape == Shape::kProfile ||
      f.shape == Shape::kSchedule) {
    out += (out.empty() ? "" : " ") + std::string("Expected: ") + expected_text(f.value()) + ".";
  }
  if (f.fallback.from == DefaultFrom::kLiteral) out += " Default: " + std::string(f.fallback.ref) + ".";
  if (f.fallback.from == DefaultFrom::kDefaultsFile) {
    out += " Default: configs/defaults.yaml " + std::string(f.fallback.ref) + ".";
  }
  if (f.fallback.from == DefaultFrom::kSibling || f.fallback.from == DefaultFrom::kField) {
    out += " Default: the value of " + std::string(f.fallback.ref) + ".";
  }
  if (f.distribution) out += " May be a distribution.";
  return out;
}

class SchemaWriter {
 public:
  explicit SchemaWriter(bool required) : required_(required) {}

  Json object(const Table& t) const {
    Json properties = Json::object();
    Json required = Json::array();
    for (const Field& f : t.fields) {
      Json field = this->field(f);
      field["description"] = description(f);
      properties[std::string(f.key)] = std::move(field);
      if (f.need == Need::kRequired && f.variant.empty()) required.push_back(std::string(f.key));
    }
    Json out{{"type", "object"}, {"properties", properties}, {"additionalProperties", false}};
    if (!required_) return out;
    if (!required.empty()) out["required"] = required;
    Json all_of = Json::array();
    Json dependent = Json::object();
    for (const KeyRule& rule : t.rules) {
      switch (rule.type) {
        case KeyRule::Type::kNeeds: {
          Json others = Json::array();
          for (std::string_view o : rule.others) others.push_back(std::string(o));
          dependent[std::string(rule.key)] = others;
          break;
        }
        case KeyRule::Type::kExcludes:
          for (std::string_view o : rule.others) {
            all_of.push_back(Json{{"not", Json{{"required", Json::array({std::string(rule.key), std::string(o)})}}}});
          }
          break;
        case KeyRule::Type::kAnyOf: {
          Json any = Json::array();
          for (std::string_view o : rule.others) any.push_back(Json{{"required", Json::array({std::string(o)})}});
          all_of.push_back(Json{{"anyOf", any}});
          break;
        }
      }
    }
    // Keys required only when the variant key selects them (an investment's date, for a lump_sum).
    std::vector<std::string_view> variants;
    for (const Field& f : t.fields) {
      if (f.need == Need::kRequired && !f.variant.empty() &&
          std::find(variants.begin(), variants.end(), f.variant) == variants.end())
        variants.push_back(f.variant);
    }
    for (std::string_view variant : variants) {
      Json needed = Json::array();
      for (const Field& f : t.fields) {
        if (f.need == Need::kRequired && f.variant == variant) needed.push_back(std::string(f.key));
      }
      const std::string key(t.variant_key);
      all_of.push_back(Json{{"if", Json{{"properties", Json{{key, Json{{"const", std::string(variant)}}}}},
                                        {"required", Json::array({key})}}},
                            {"then", Json{{"required", needed}}}});
    }
    if (!dependent.empty()) out["dependentRequired"] = dependent;
    if (!all_of.empty()) out["allOf"] = all_of;
    return out;
  }

 private:
  Json field(const Field& f) const {
    switch (f.shape) {
      case Shape::kValue:
        return value(f);
      case Shape::kProfile: {
        Json lists = Json::object();
        for (std::string_view key : profile_keys(f)) {
          const int n = key == "hourly" ? 24 : 12;
          lists[std::string(key)] = Json{{"type", "array"}, {"items", value(f)}, {"minItems", n}, {"maxItems", n}};
        }
        const Json by_period{{"type", "object"},
                             {"properties", lists},
                             {"additionalProperties", false},
                             {"minProperties", 1},
                             {"maxProperties", 1}};
        return Json{{"anyOf", Json::array({value(f), by_period})}};
      }
      case Shape::kSchedule: {
        const Json points{{"type", "array"}, {"items", object(*f.table)}, {"minItems", 1}};
        if (!f.one_value) return points;
        return Json{{"anyOf", Json::array({value(f), points})}};
      }
      case Shape::kList: {
        Json list{{"type", "array"}, {"items", value(f)}, {"minItems", f.count == 0 ? 1 : f.count}};
        if (f.count != 0) list["maxItems"] = f.count;
        return list;
      }
      case Shape::kMap:
        return object(*f.table);
      case Shape::kItems: {
        Json items{{"type", "array"}, {"items", object(*f.table)}};
        if (!f.may_be_empty) items["minItems"] = 1;
        return items;
      }
      case Shape::kDraws:
        return Json{{"type", "object"},
                    {"propertyNames", Json{{"pattern", "^[a-z][a-z0-9_]*$"}}},
                    {"additionalProperties", Json{{"type", "string"}, {"pattern", R"(\()"}}}};
      case Shape::kExtends:
      case Shape::kCatalog:
        return Json{{"type", "string"}, {"minLength", 1}};
      case Shape::kSources:
        return Json{{"type", "object"}, {"additionalProperties", Json{{"type", "string"}, {"minLength", 1}}}};
    }
    return Json::object();
  }

  bool required_;
};

}  // namespace

std::string scenario_json_schema(const std::string& id) {
  Json schema{{"$schema", "https://json-schema.org/draft/2020-12/schema"},
              {"$id", id},
              {"title", "gwsim scenario"},
              {"description",
               "A gwsim scenario file (docs/scenario-reference.md), generated from the loader's field tables. A file "
               "with extends: is checked without required keys: its base supplies them."},
              {"if", Json{{"required", Json::array({"extends"})}}},
              {"then", Json{{"$ref", "#/$defs/overlay"}}},
              {"else", Json{{"$ref", "#/$defs/scenario"}}},
              {"$defs", Json{{"scenario", SchemaWriter(true).object(scenario_table())},
                             {"overlay", SchemaWriter(false).object(scenario_table())}}}};
  return schema.dump(2) + "\n";
}

}  // namespace gwsim
