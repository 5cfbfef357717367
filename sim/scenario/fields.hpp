// Declarative field tables: one row per key of a scenario file, saying everything the loader, the documentation and
// a JSON Schema need to know about it: the key, how its value is written (kind and shape, with the unit and the
// range), whether it is required, what it is when not stated, whether it may be a distribution, a one-line
// description, and the member of the Scenario it fills.
//
// The rows drive every pass that knows about keys: the expressions pass (which values may be distributions, of what
// kind and range), the read pass (reading, defaults, unknown keys with "expected one of: ..."), reference_keys()
// (checked against docs/scenario-reference.md by tests/scenario/docs_test.cpp) and the defaults file (each key of
// configs/defaults.yaml is read like the field it is the default of). A new scenario key is one row in
// field_tables.cpp, its Scenario member, and its line in the reference.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "models/profile.hpp"
#include "models/schedule.hpp"
#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim {

// Where an item lives in the Scenario: the indices of the sequences on its dotted path, outermost first
// (sites[2].halls[1] -> {2, 1}; sites[2].grid[0] -> {2, 0}; demand.daily_cycle[6] -> {6}).
class Place {
 public:
  static constexpr std::size_t kMaxDepth = 3;
  Place with(std::size_t index) const;
  std::size_t operator[](std::size_t level) const { return index_[level]; }
  std::size_t last() const { return index_[depth_ - 1]; }
  Place parent() const;
  std::size_t depth() const { return depth_; }

 private:
  std::array<std::uint32_t, kMaxDepth> index_{};
  std::uint8_t depth_ = 0;
};

// How a field is laid out in the YAML.
enum class Shape {
  kValue,     // one plain value of Field::kind
  kProfile,   // one value, or {monthly: [12 values]} (with Field::hourly also {hourly: [24 values]}): over the year
  kSchedule,  // a non-empty sequence of points (Field::table: from, a value, ramp) with increasing dates; with
              // Field::one_value also one value for the whole run
  kList,      // a sequence of values of Field::kind (Field::count of them, or any number but none)
  kMap,       // a map of Field::table's keys
  kItems,     // a sequence of maps of Field::table's keys
  kDraws,     // a map of names to distributions, read by the expressions pass
  kExtends,   // a file to build on, resolved with the other files before anything is read
  kCatalog,   // a catalog file, read in place of the built-in one
  kSources,   // a map naming the source of each of the table's `sourced` keys, checked by the file's own reader
};

enum class Need { kOptional, kRequired };

// Where a value comes from when its key is not stated.
enum class DefaultFrom {
  kNone,          // nowhere: it is then empty, zero or absent
  kLiteral,       // Default::ref, as written ("0 days"): the member's initial value in scenario.hpp
  kDefaultsFile,  // configs/defaults.yaml, key Default::ref; its source is named under Default::source when set
  kSibling,       // the field Default::ref of the same map
  kField,         // the field at dotted path Default::ref
  kEachKey,       // kMap: each key of the map takes its own default, also when the map is not stated
};

struct Default {
  DefaultFrom from = DefaultFrom::kNone;
  std::string_view ref{};
  std::string_view source{};
  // kSibling, kField: the other field's value as the Scenario holds it, or nullopt when it has none. A draw of that
  // field is then a draw of this one too.
  std::optional<Value> (*get)(const Scenario&, const Place&) = nullptr;
};

// A row of a schedule's points table fills one part of a models::SchedulePoint.
enum class PointPart { kNone, kFrom, kValue, kRamp };

struct Table;

using Setter = void (*)(Scenario&, const Place&, const Value&);
using ProfileRef = models::Profile& (*)(Scenario&, const Place&);
using ScheduleRef = models::Schedule& (*)(Scenario&, const Place&);
using Resize = void (*)(Scenario&, const Place&, std::size_t);
using AddItem = void (*)(Scenario&, const Place&);

struct Field {
  std::string_view key{};
  Shape shape = Shape::kValue;
  Kind kind = Kind::kText;    // the value's; each element's (kProfile, kList); one point value's (kSchedule)
  Range range{};              // numbers, counts and integers: bounds and sanity limit
  const schema::KeyList* choices = nullptr;  // kChoice
  std::string_view what{};    // the expected text when not the kind's own ("an integer from 0 to ... (0 = unlimited)")
  Need need = Need::kOptional;
  bool distribution = false;  // may be written as a distribution (docs/scenario-reference.md, "Uncertainty")
  Default fallback{};
  std::string_view variant{};  // applies only when the map's Table::variant_key has this value
  bool sourced = false;        // a number of a configuration file (the catalog): its source must be named
  std::string_view description{};

  // Shapes other than kValue.
  const Table* table = nullptr;       // kMap, kItems: the item's keys; kSchedule: a point's keys
  std::string_view shape_text{};      // what a wrong shape is told to be ("a non-empty sequence of sites")
  bool may_be_empty = false;          // kItems: an empty sequence is allowed
  std::size_t count = 0;              // kList: exactly this many values (0: any number, at least one)
  std::string_view count_text{};      // kList: "24 weights (one per UTC hour, 00:00 first)"
  bool hourly = false;                // kProfile: {hourly: [24 values]} allowed
  bool one_value = false;             // kSchedule: one value for the whole run allowed
  bool starts_at_first = false;       // kSchedule: before the first point the first value holds (else 0)
  std::string_view previous_text{};   // kSchedule: the point before, in date-order messages
  PointPart part = PointPart::kNone;  // a row of a points table

  // Where the value goes. Every pointer is a plain function: a binding (bindings.hpp) writes a drawn value through
  // the same pointer the read pass used.
  Setter set = nullptr;            // kValue; each element of a kList (the place ends with its index)
  ProfileRef profile = nullptr;    // kProfile
  ScheduleRef schedule = nullptr;  // kSchedule
  Resize resize = nullptr;         // kList
  AddItem add = nullptr;           // kItems: appends a default item

  ValueSpec value() const { return ValueSpec{kind, range, choices, what}; }
};

// A rule on which keys of one map are stated together (JSON Schema's dependentRequired, not and anyOf), reported
// at the key (kAnyOf: at the map's own key).
struct KeyRule {
  enum class Type { kNeeds, kExcludes, kAnyOf };
  Type type = Type::kNeeds;
  std::string_view key{};  // kNeeds, kExcludes
  std::vector<std::string_view> others{};
  std::string_view message{};  // kExcludes: "{}" stands for the stated others, joined by ", "
};

struct Table {
  std::string_view name{};         // "site"
  std::string_view item_text{};    // how one item is described: "(a site)", "{from: date, capacity: power, ...}"
  std::vector<Field> fields{};
  std::vector<KeyRule> rules{};
  std::string_view variant_key{};  // the key whose value selects the fields with a variant
  // Values that follow from which keys are stated (the demand's basis).
  void (*finish)(Scenario&, const Place&, const ConfigNode& map) = nullptr;
  // kItems, kSchedule: the key that identifies an item among its siblings (a site's `name`, a supply entry's
  // `platform`, a grid point's `from`); `extends:` merges items by it and `--set 'sites[NAME]...'` selects by it.
  // Empty: items are told apart by position only.
  std::string_view item_key{};

  schema::KeyList keys() const;
  // The keys whose source must be named (Field::sourced), in order.
  schema::KeyList sourced_keys() const;
  // The keys that apply to a variant, in order.
  schema::KeyList keys_of(std::string_view variant) const;
  const Field* find(std::string_view key) const;
};

// The scenario file's top-level table; every other table hangs from it.
const Table& scenario_table();
// An entry of a catalog file's `platforms:` (configs/platforms.yaml), filling Scenario::catalog.platforms.
const Table& platform_table();
// A catalog file's `serving:` section: the reference model and operating point the serving rates are computed for,
// filling Scenario::catalog.serving.
const Table& catalog_serving_table();

// The item key (Table::item_key) of the scenario list at list_path, written with "[]" for the items of a sequence
// ("sites", "sites[].grid", "finance.investments"); empty for a path that is not such a list, or whose items have
// none. Fits ItemKeyOf (config_tree.hpp).
std::string_view scenario_item_key(std::string_view list_path);

// Calls visit(field, dotted key, place) for every field of every table under table, depth first in table order;
// dotted keys use "[]" for the items of a sequence ("sites[].halls[].it_capacity") and places are 0 at every level.
template <class Visit>
void for_each_field(const Table& table, const std::string& prefix, Place place, Visit&& visit);

}  // namespace gwsim

// ---- Implementation of the template.

namespace gwsim {

template <class Visit>
void for_each_field(const Table& table, const std::string& prefix, Place place, Visit&& visit) {
  for (const Field& f : table.fields) {
    const std::string key = prefix + std::string(f.key);
    visit(f, key, place);
    if (f.table == nullptr) continue;
    if (f.shape == Shape::kMap) for_each_field(*f.table, key + ".", place, visit);
    if (f.shape == Shape::kItems || f.shape == Shape::kSchedule) {
      for_each_field(*f.table, key + "[].", place.with(0), visit);
    }
  }
}

}  // namespace gwsim
