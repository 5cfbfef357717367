// docs/outputs.md and the field registry must agree: every column of timeline.csv and sites.csv and every figure
// of summary.json, in order, with its unit and meaning (and a figure's kind). On a mismatch the test prints the
// table as the code has it, ready to paste.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/output/columns.hpp"
#include "sim/output/fields.hpp"
#include "sim/output/records.hpp"

namespace gwsim {
namespace {

struct DocRow {
  std::string name, unit, meaning, kind;
  std::vector<std::string> cells;  // every cell, as written (without code quotes)
};

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  const auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The rows of the `which`-th table (0: the first) after the heading that starts with `heading` (column | unit |
// meaning, or key | kind | unit | meaning, or the event kinds' table). Keys are written as code: `/final/racks`.
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
      while (std::getline(ss, cell, '|')) {
        cell = trim(cell);
        if (cell.size() >= 2 && cell.front() == '`' && cell.back() == '`') cell = cell.substr(1, cell.size() - 2);
        cells.push_back(cell);
      }
      const bool header = cells.size() >= 2 && (cells[0] == "column" || cells[0] == "key" ||
                                                (cells[0] == "kind" && cells[1] == "item"));
      if (cells.size() < 3 || header || cells[0].rfind("---", 0) == 0) continue;
      if (cells.size() >= 4) {
        rows.push_back({cells[0], cells[2], cells[3], cells[1], cells});  // key | kind | unit | meaning
      } else {
        rows.push_back({cells[0], cells[1], cells[2], "", cells});
      }
    } else if (in_table) {
      in_table = false;
      if (tables_passed++ == which) break;
    }
  }
  return rows;
}

std::string markdown(const std::vector<DocRow>& rows, bool with_kind) {
  std::string out = with_kind ? "| key | kind | unit | meaning |\n|---|---|---|---|\n" : "| column | unit | meaning |\n|---|---|---|\n";
  for (const DocRow& r : rows) {
    out += with_kind ? "| `" + r.name + "` | " + r.kind + " | " : "| " + r.name + " | ";
    out += r.unit + " | " + r.meaning + " |\n";
  }
  return out;
}

void expect_same(const std::vector<DocRow>& code, const std::vector<DocRow>& doc, bool with_kind) {
  const auto same = [](const DocRow& a, const DocRow& b) {
    return a.name == b.name && a.unit == b.unit && a.meaning == b.meaning && a.kind == b.kind;
  };
  EXPECT_TRUE(code.size() == doc.size() && std::equal(code.begin(), code.end(), doc.begin(), same))
      << "docs/outputs.md differs from sim/output/fields.cpp; the code's table:\n"
      << markdown(code, with_kind);
}

std::vector<DocRow> column_rows(const std::vector<const StateField*>& fields) {
  std::vector<DocRow> rows;
  for (const StateField* f : fields) rows.push_back({f->info.name, f->info.unit, f->info.description, "", {}});
  return rows;
}

TEST(OutputsDoc, TimelineColumnsMatchTheCode) {
  expect_same(column_rows(timeline_fields()), doc_table("timeline.csv"), false);
}
TEST(OutputsDoc, SiteColumnsMatchTheCode) { expect_same(column_rows(site_fields()), doc_table("sites.csv"), false); }
TEST(OutputsDoc, FinanceColumnsMatchTheCode) {
  expect_same(column_rows(finance_fields()), doc_table("finance.csv"), false);
}

// Every figure of summary.json (numbers with their decimals), per-constraint ones once with {constraint} in their
// key and meaning.
TEST(OutputsDoc, SummaryFiguresMatchTheCode) {
  std::vector<DocRow> rows;
  for (const SummaryField& f : summary_fields()) {
    std::string kind = to_string(f.info.kind);
    if (f.info.kind == FieldKind::kNumber) kind += " (" + std::to_string(f.info.decimals) + ")";
    rows.push_back({pointer_template(f), f.info.unit, f.info.description, kind, {}});
  }
  expect_same(rows, doc_table("summary.json"), true);
}
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
