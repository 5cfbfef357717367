#include "sim/sweep/store_layout.hpp"

#include <algorithm>

#include "sim/sweep/replication_status.hpp"

namespace gwsim::sweep {
namespace {

std::string status_check() {
  std::string list;
  for (const StatusInfo& s : kReplicationStatuses) list += std::string(list.empty() ? "'" : ", '") + s.name + "'";
  return "NOT NULL CHECK (status IN (" + list + "))";
}

std::vector<StoreTable> make_tables() {
  return {
      {"sweep",
       "exactly one row, id = 1",
       {{"id", "INTEGER", "PRIMARY KEY CHECK (id = 1)", "always 1"},
        {"spec_sha256", "TEXT", "NOT NULL", "the sweep's identity: SHA-256 of the hashes of its inputs, in order"},
        {"spec_name", "TEXT", "NOT NULL", "the spec's name"},
        {"spec_text", "TEXT", "NOT NULL", "the spec file's text, for the record"},
        {"inputs", "TEXT", "NOT NULL",
         "JSON array of {file, sha256}: every file the sweep reads (spec, scenario, bases, catalogs), in order"},
        {"gwsim_version", "TEXT", "NOT NULL", "of the gwsim that created the store"},
        {"points", "INTEGER", "NOT NULL", "how many points the sweep has"},
        {"replications_per_point", "INTEGER", "NOT NULL", "how many replications each point has"}},
       ""},
      {"points",
       "one row per point",
       {{"point", "INTEGER", "PRIMARY KEY", "the point's number, from 0"},
        {"name", "TEXT", "NOT NULL", "the point's name"},
        {"overrides", "TEXT", "NOT NULL", "JSON array of \"path=value\" strings"}},
       ""},
      {"replications",
       "one row per replication run",
       {{"point", "INTEGER", "NOT NULL REFERENCES points (point)", "the point it belongs to"},
        {"replication", "INTEGER", "NOT NULL", "0 .. replications_per_point - 1"},
        {"seed", "INTEGER", "NOT NULL", "the run's 64-bit seed (see below)"},
        {"status", "TEXT", status_check(), "how the replication ended (below)"},
        {"error", "TEXT", "NOT NULL", "empty when ok"},
        {"summary_json", "TEXT", "NOT NULL", "the run's summary.json text (docs/outputs.md); empty unless ok"},
        {"timeline_csv", "TEXT", "NOT NULL", "the run's timeline.csv text; empty unless the sweep keeps timelines"}},
       "PRIMARY KEY (point, replication)"},
  };
}

std::string padded(std::string text, std::size_t width) {
  if (text.size() < width) text.append(width - text.size(), ' ');
  return text;
}

std::string table_sql(const StoreTable& table, bool with_comments) {
  std::size_t name_width = 0, type_width = 0;
  for (const StoreColumn& c : table.columns) {
    name_width = std::max(name_width, c.name.size());
    type_width = std::max(type_width, c.type.size());
  }
  std::vector<std::string> lines, comments;
  lines.push_back("CREATE TABLE " + table.name + " (");
  comments.push_back(table.description);
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    const StoreColumn& c = table.columns[i];
    const bool last = i + 1 == table.columns.size() && table.table_constraint.empty();
    lines.push_back("  " + padded(c.name, name_width) + " " + padded(c.type, type_width) + " " + c.constraints +
                    (last ? "" : ","));
    comments.push_back(c.description);
  }
  if (!table.table_constraint.empty()) {
    lines.push_back("  " + table.table_constraint);
    comments.emplace_back();
  }
  // Comments line up after the table's lines, except after a line too long to wait for (the status CHECK).
  constexpr std::size_t kLongLine = 60;
  std::size_t width = 0;
  for (const std::string& line : lines)
    if (line.size() <= kLongLine) width = std::max(width, line.size());
  std::string out;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    out += with_comments && !comments[i].empty() ? padded(lines[i], width) + "  -- " + comments[i] : lines[i];
    out += "\n";
  }
  return out + ");\n";
}

}  // namespace

const std::vector<StoreTable>& store_tables() {
  static const std::vector<StoreTable> tables = make_tables();
  return tables;
}

std::string store_schema_sql(bool with_comments) {
  std::string out;
  for (const StoreTable& table : store_tables()) out += table_sql(table, with_comments);
  return out;
}

}  // namespace gwsim::sweep
