// docs/outputs.md and the code's column definitions must agree: names, order, units and meanings.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/output/columns.hpp"
#include "sim/output/fields.hpp"

namespace gwsim {
namespace {

struct DocRow {
  std::string name, unit, meaning;
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  const auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The rows of the first table after the heading that starts with `heading`.
std::vector<DocRow> doc_table(const std::string& heading) {
  std::ifstream in("docs/outputs.md");
  EXPECT_TRUE(in) << "docs/outputs.md not found (tests run from the repository root)";
  std::string line;
  bool in_section = false, in_table = false;
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
      std::vector<std::string> cells;
      std::stringstream ss(line.substr(1));
      std::string cell;
      while (std::getline(ss, cell, '|')) cells.push_back(trim(cell));
      if (cells.size() < 3 || cells[0] == "column" || cells[0].rfind("---", 0) == 0) continue;
      rows.push_back({cells[0], cells[1], cells[2]});
    } else if (in_table) {
      break;
    }
  }
  return rows;
}

void expect_same(const std::vector<const StateField*>& code, const std::vector<DocRow>& doc) {
  ASSERT_EQ(code.size(), doc.size()) << "docs/outputs.md and sim/output/fields.cpp list different numbers of columns";
  for (std::size_t i = 0; i < code.size(); ++i) {
    EXPECT_EQ(doc[i].name, code[i]->info.name) << "column " << i;
    EXPECT_EQ(doc[i].unit, code[i]->info.unit) << code[i]->info.name;
    EXPECT_EQ(doc[i].meaning, code[i]->info.description) << code[i]->info.name;
  }
}

TEST(OutputsDoc, TimelineColumnsMatchTheCode) { expect_same(timeline_fields(), doc_table("timeline.csv")); }
TEST(OutputsDoc, SiteColumnsMatchTheCode) { expect_same(site_fields(), doc_table("sites.csv")); }
TEST(OutputsDoc, EventColumnsMatchTheCode) {
  std::vector<std::string> names;
  for (const DocRow& r : doc_table("events.csv")) names.push_back(r.name);
  EXPECT_EQ(names, event_columns());
}

TEST(OutputsDoc, EveryColumnNameCarriesItsUnitOrIsACount) {
  // Physical quantities carry their unit in the name; the rest are counts, names, dates or fractions.
  for (const StateField* field : timeline_fields()) {
    const FieldInfo& c = field->info;
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
