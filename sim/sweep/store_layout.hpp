// The SQLite layout of a results store, defined once: the store's CREATE TABLE statements, `gwsim schema outputs`
// (which the report script reads the store by) and the check of docs/results.md come from these tables.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gwsim::sweep {

// "gwsr" in the database header: tells a results store from any other SQLite file.
inline constexpr std::int64_t kStoreApplicationId = 0x67777372;
// PRAGMA user_version of the layout below; a store of another version is refused. Version 2 added the sweep's
// inputs (every file it reads, with its hash).
inline constexpr std::int64_t kStoreSchemaVersion = 2;

struct StoreColumn {
  std::string name;
  std::string type;         // INTEGER or TEXT
  std::string constraints;  // "NOT NULL", "PRIMARY KEY", checks...
  std::string description;
};

struct StoreTable {
  std::string name;
  std::string description;
  std::vector<StoreColumn> columns;
  std::string table_constraint;  // e.g. "PRIMARY KEY (point, replication)"; empty if none
};

const std::vector<StoreTable>& store_tables();

// The CREATE TABLE statements of store_tables(); with_comments adds each description as an SQL comment (the
// form docs/results.md shows).
std::string store_schema_sql(bool with_comments);

}  // namespace gwsim::sweep
