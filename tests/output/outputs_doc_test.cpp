// docs/outputs.md and the code's column definitions must agree: names, order, units and meanings.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/output/columns.hpp"

namespace gwsim {
namespace {

struct DocRow {
  std::string name, unit, meaning;
  std::vector<std::string> cells;
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  const auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The rows of the `which`-th table (0: the first) after the heading that starts with `heading`.
std::vector<DocRow> doc_table(const std::string& heading, int which = 0) {
  std::ifstream in("docs/outputs.md");
  EXPECT_TRUE(in) << "docs/outputs.md not found (tests run from the repository root)";
  std::string line;
  bool in_section = false, in_table = false;
  int tables_passed = 0;
  std::vector<DocRow> rows;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) {
      if (in_section) break;
      in_section = line.rfind("## " + heading, 0) == 0;
      continue;
    }
    if (!in_section) continue;
    if (line.rfind("|", 0) == 0) {
      in_table = true;
      if (tables_passed < which) continue;
      std::vector<std::string> cells;
      std::stringstream ss(line.substr(1));
      std::string cell;
      while (std::getline(ss, cell, '|')) cells.push_back(trim(cell));
      const bool header = cells.size() >= 2 && (cells[0] == "column" || (cells[0] == "kind" && cells[1] == "item"));
      if (cells.size() < 3 || header || cells[0].rfind("---", 0) == 0) continue;
      rows.push_back({cells[0], cells[1], cells[2], cells});
    } else if (in_table) {
      in_table = false;
      if (tables_passed++ == which) break;
    }
  }
  return rows;
}

void expect_same(const std::vector<Column>& code, const std::vector<DocRow>& doc) {
  ASSERT_EQ(code.size(), doc.size()) << "docs/outputs.md and sim/output/columns.cpp list different numbers of columns";
  for (std::size_t i = 0; i < code.size(); ++i) {
    EXPECT_EQ(doc[i].name, code[i].name) << "column " << i;
    EXPECT_EQ(doc[i].unit, code[i].unit) << code[i].name;
    EXPECT_EQ(doc[i].meaning, code[i].description) << code[i].name;
  }
}

TEST(OutputsDoc, TimelineColumnsMatchTheCode) { expect_same(timeline_columns(), doc_table("timeline.csv")); }
TEST(OutputsDoc, SiteColumnsMatchTheCode) { expect_same(site_columns(), doc_table("sites.csv")); }
TEST(OutputsDoc, EventColumnsMatchTheCode) {
  std::vector<std::string> names;
  for (const DocRow& r : doc_table("events.csv")) names.push_back(r.name);
  EXPECT_EQ(names, event_columns());
}

// Every event kind, with what its item names and its figures' meanings and units, as records.cpp defines them.
TEST(OutputsDoc, EventKindsMatchTheCode) {
  const std::vector<DocRow> doc = doc_table("events.csv", 1);
  const auto kinds = event_kinds();
  ASSERT_EQ(doc.size(), kinds.size()) << "docs/outputs.md and sim/output/records.cpp list different event kinds";
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const EventKindInfo& k = kinds[i];
    ASSERT_GE(doc[i].cells.size(), 6u) << k.name;
    EXPECT_EQ(doc[i].cells[0], k.name) << "kind " << i;
    EXPECT_EQ(doc[i].cells[1], k.item) << k.name;
    EXPECT_EQ(doc[i].cells[2], k.value) << k.name;
    EXPECT_EQ(doc[i].cells[3], k.unit) << k.name;
    EXPECT_EQ(doc[i].cells[4], k.value2) << k.name;
    EXPECT_EQ(doc[i].cells[5], k.unit2) << k.name;
    EXPECT_EQ(event_kind_from_string(k.name), k.kind) << k.name;
    EXPECT_STREQ(to_string(k.kind), k.name);
  }
  EXPECT_EQ(event_kind_from_string("tranche-ordered"), std::nullopt);
}

TEST(OutputsDoc, ConstraintNamesReadBack) {
  for (Constraint c : kAllConstraints) EXPECT_EQ(constraint_from_string(to_string(c)), c) << to_string(c);
  EXPECT_EQ(constraint_from_string("none"), Constraint::kNone);
  EXPECT_EQ(constraint_from_string("grid"), std::nullopt);
}

TEST(OutputsDoc, EveryColumnNameCarriesItsUnitOrIsACount) {
  // Physical quantities carry their unit in the name; the rest are counts, names, dates or fractions.
  for (const Column& c : timeline_columns()) {
    if (c.unit == "MW") {
      EXPECT_TRUE(c.name.ends_with("_mw")) << c.name;
    } else if (c.unit == "MWh") {
      EXPECT_TRUE(c.name.ends_with("_mwh")) << c.name;
    } else if (c.unit == "USD") {
      EXPECT_TRUE(c.name.ends_with("_usd")) << c.name;
    } else if (c.unit == "PFLOP/s") {
      EXPECT_TRUE(c.name.starts_with("pflops_") || c.name.ends_with("_pflops")) << c.name;
    } else if (c.unit == "tCO2") {
      EXPECT_TRUE(c.name.ends_with("_t")) << c.name;
    } else if (c.unit == "m3") {
      EXPECT_TRUE(c.name.ends_with("_m3")) << c.name;
    }
  }
}

}  // namespace
}  // namespace gwsim
