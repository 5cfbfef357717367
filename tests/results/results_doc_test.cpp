// docs/results.md and the code must agree: the store's tables (as SQL), the replication statuses, the columns of
// results_csv and replications_csv and the sweep figures, in order. On a mismatch the test prints what the code
// has, ready to paste.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/output/fields.hpp"
#include "sim/sweep/replication_status.hpp"
#include "sim/sweep/results_report.hpp"
#include "sim/sweep/store_layout.hpp"

namespace gwsim::sweep {
namespace {

std::vector<std::string> doc_lines() {
  std::ifstream in("docs/results.md");
  EXPECT_TRUE(in) << "docs/results.md not found (tests run from the repository root)";
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(' ');
  const auto e = s.find_last_not_of(' ');
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

// The table whose header row is `header` (cells separated by " | "), as rows of cells with code quotes removed.
std::vector<std::vector<std::string>> doc_table(const std::string& header) {
  std::vector<std::vector<std::string>> rows;
  bool in_table = false;
  for (const std::string& line : doc_lines()) {
    if (!in_table) {
      in_table = line == "| " + header + " |";
      continue;
    }
    if (line.rfind("|", 0) != 0) break;
    if (line.rfind("|---", 0) == 0) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line.substr(1));
    for (std::string cell; std::getline(ss, cell, '|');) {
      cell = trim(cell);
      if (cell.size() >= 2 && cell.front() == '`' && cell.back() == '`') cell = cell.substr(1, cell.size() - 2);
      cells.push_back(cell);
    }
    rows.push_back(cells);
  }
  EXPECT_TRUE(in_table) << "docs/results.md has no table with the header | " << header << " |";
  return rows;
}

// The first cell, and the last of a wider table, are written as code.
std::string markdown(const std::string& header, const std::vector<std::vector<std::string>>& rows) {
  std::string out = "| " + header + " |\n|";
  for (std::size_t i = 0; i < rows.front().size(); ++i) out += "---|";
  out += "\n";
  for (const auto& row : rows) {
    out += "|";
    for (std::size_t i = 0; i < row.size(); ++i) {
      const bool code = !row[i].empty() && (i == 0 || (row.size() > 2 && i + 1 == row.size()));
      out += " " + (code ? "`" + row[i] + "`" : row[i]) + " |";
    }
    out += "\n";
  }
  return out;
}

void expect_table(const std::string& header, const std::vector<std::vector<std::string>>& code) {
  EXPECT_EQ(doc_table(header), code) << "docs/results.md differs from the code; the code's table:\n"
                                     << markdown(header, code);
}

TEST(ResultsDoc, StoreTablesMatchTheCode) {
  std::string block;
  bool in_block = false;
  for (const std::string& line : doc_lines()) {
    if (line == "```sql" && block.empty()) {
      in_block = true;
    } else if (in_block && line == "```") {
      break;
    } else if (in_block) {
      block += line + "\n";
    }
  }
  EXPECT_EQ(block, store_schema_sql(true)) << "the first sql block of docs/results.md should read:\n"
                                           << store_schema_sql(true);
}

TEST(ResultsDoc, StatusesMatchTheCode) {
  std::vector<std::vector<std::string>> rows;
  for (const StatusInfo& s : kReplicationStatuses) rows.push_back({s.name, s.description});
  expect_table("status | meaning", rows);
}

TEST(ResultsDoc, ResultsCsvColumnsMatchTheCode) {
  std::vector<std::vector<std::string>> rows;
  for (const ReportColumn& c : results_csv_columns()) rows.push_back({c.name, c.description});
  expect_table("column | meaning", rows);
}

// The replication counts, then every sweep figure of the field registry in sweep order (templates unexpanded).
TEST(ResultsDoc, FiguresMatchTheCode) {
  std::vector<std::vector<std::string>> rows;
  for (const StatusInfo& s : kReplicationStatuses)
    rows.push_back({std::string("replications_") + s.name, "replications", "", "rows stored with that status"});
  rows.push_back({"replications_missing", "replications", "", "replications_per_point minus the rows stored"});
  std::vector<const SummaryField*> sweep;
  for (const SummaryField& f : summary_fields())
    if (f.sweep) sweep.push_back(&f);
  std::stable_sort(sweep.begin(), sweep.end(),
                   [](const SummaryField* a, const SummaryField* b) { return a->sweep->order < b->sweep->order; });
  for (const SummaryField* f : sweep)
    rows.push_back({f->sweep->figure, f->info.kind == FieldKind::kDate ? "date" : f->info.unit, to_string(f->better),
                    pointer_template(*f)});
  expect_table("figure | unit | better | from summary.json", rows);
}

TEST(ResultsDoc, ReplicationsCsvHeaderMatchesTheCode) {
  std::string header;
  for (const std::string& c : replications_csv_columns()) header += (header.empty() ? "" : ",") + c;
  bool found = false;
  for (const std::string& line : doc_lines()) found = found || line == "`" + header + "`";
  EXPECT_TRUE(found) << "docs/results.md should give replications_csv's header on a line of its own:\n`" << header
                     << "`";
}

}  // namespace
}  // namespace gwsim::sweep
