// The field tables (sim/scenario/fields.hpp) are consistent: every row has what its shape needs to be read and
// filled, every default it names exists, and a row that may be a distribution is of a kind a distribution can
// range over. A new row that forgets one of these fails here rather than on a user's file.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "sim/scenario/defaults.hpp"
#include "sim/scenario/fields.hpp"
#include "sim/scenario/schema.hpp"

namespace gwsim {
namespace {

struct Row {
  const Field* field;
  std::string key;
};

std::vector<Row> rows_of(const Table& table, const std::string& prefix) {
  std::vector<Row> out;
  for_each_field(table, prefix, Place{}, [&out](const Field& f, const std::string& key, const Place&) {
    out.push_back({&f, key});
  });
  return out;
}

std::vector<Row> all_rows() {
  std::vector<Row> rows = rows_of(scenario_table(), "");
  for (const Row& r : rows_of(platform_table(), "platforms[].")) rows.push_back(r);
  return rows;
}

TEST(FieldTables, EveryRowCanBeReadAndFilled) {
  for (const Row& row : all_rows()) {
    const Field& f = *row.field;
    SCOPED_TRACE(row.key);
    switch (f.shape) {
      case Shape::kValue:
        EXPECT_TRUE(f.set != nullptr || f.part != PointPart::kNone);
        break;
      case Shape::kProfile:
        EXPECT_NE(f.profile, nullptr);
        break;
      case Shape::kSchedule:
        EXPECT_NE(f.schedule, nullptr);
        ASSERT_NE(f.table, nullptr);
        EXPECT_FALSE(f.previous_text.empty());
        for (const Field& point : f.table->fields) EXPECT_NE(point.part, PointPart::kNone) << point.key;
        break;
      case Shape::kList:
        EXPECT_NE(f.set, nullptr);
        EXPECT_NE(f.resize, nullptr);
        EXPECT_FALSE(f.shape_text.empty());
        break;
      case Shape::kMap:
        EXPECT_NE(f.table, nullptr);
        EXPECT_FALSE(f.shape_text.empty());
        break;
      case Shape::kItems:
        EXPECT_NE(f.table, nullptr);
        EXPECT_NE(f.add, nullptr);
        EXPECT_FALSE(f.shape_text.empty());
        break;
      case Shape::kDraws:
      case Shape::kExtends:
      case Shape::kCatalog:
      case Shape::kSources:
        break;
    }
    if (f.kind == Kind::kChoice) {
      EXPECT_NE(f.choices, nullptr);
    }
    if (f.kind == Kind::kInteger) {
      EXPECT_GE(f.range.min, 0.0);  // Value::integer is unsigned
    }
    EXPECT_FALSE(f.description.empty());
  }
}

TEST(FieldTables, KeysAreUniqueWithinEachMap) {
  std::set<std::string> seen;
  for (const Row& row : all_rows()) EXPECT_TRUE(seen.insert(row.key).second) << row.key;
  const std::vector<std::string> reference = schema::reference_keys();
  EXPECT_EQ(std::set<std::string>(reference.begin(), reference.end()).size(), reference.size());
}

TEST(FieldTables, EveryDefaultNamedExists) {
  const Defaults& defaults = builtin_defaults();
  std::set<std::string> keys;
  for (const std::string& k : defaults_keys()) keys.insert(k);
  for (const Row& row : all_rows()) {
    const Default& d = row.field->fallback;
    SCOPED_TRACE(row.key);
    switch (d.from) {
      case DefaultFrom::kDefaultsFile:
        EXPECT_NE(defaults.find(d.ref), nullptr);
        EXPECT_EQ(keys.count(std::string(d.source.empty() ? d.ref : d.source)), 1u);
        EXPECT_EQ(row.field->need, Need::kOptional);
        break;
      case DefaultFrom::kSibling:
      case DefaultFrom::kField:
        EXPECT_NE(d.get, nullptr);
        EXPECT_NE(row.field->set, nullptr);
        break;
      case DefaultFrom::kLiteral:
        EXPECT_FALSE(d.ref.empty());
        break;
      case DefaultFrom::kEachKey:
        EXPECT_EQ(row.field->shape, Shape::kMap);
        break;
      case DefaultFrom::kNone:
        break;
    }
  }
}

TEST(FieldTables, DistributionsOnlyWhereAValueCanBeDrawn) {
  const std::set<Kind> drawable = {Kind::kDate,     Kind::kPower, Kind::kDuration, Kind::kMoney,    Kind::kNumber,
                                   Kind::kFraction, Kind::kCount, Kind::kPlatform, Kind::kChoice};
  for (const Row& row : all_rows()) {
    if (!row.field->distribution) continue;
    EXPECT_EQ(drawable.count(row.field->kind), 1u) << row.key;
    EXPECT_TRUE(row.field->shape == Shape::kValue || row.field->shape == Shape::kProfile ||
                row.field->shape == Shape::kSchedule || row.field->shape == Shape::kList)
        << row.key;
  }
  // Names, integers and choices that shape the scenario take none (docs/scenario-reference.md, "Uncertainty").
  for (const Row& row : all_rows()) {
    if (row.field->kind == Kind::kName || row.field->kind == Kind::kInteger || row.field->kind == Kind::kSeed ||
        row.field->kind == Kind::kOutputStep) {
      EXPECT_FALSE(row.field->distribution) << row.key;
    }
  }
}

}  // namespace
}  // namespace gwsim
