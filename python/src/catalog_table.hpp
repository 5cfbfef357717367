// The platform catalog as a table for gwsim.catalog(): one row per platform, the columns named after the
// models::Platform members they come from (units in the names), then the per-GW figures on both bases, computed by
// the same model functions `gwsim catalog` prints them with. No Python here: module.cpp converts.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "sim/scenario/diagnostics.hpp"

namespace gwsim::python {

using Cell = std::variant<std::int64_t, double, std::string>;

struct CatalogColumn {
  std::string name;
  bool is_date = false;  // ISO 8601 dates, as text
  std::vector<Cell> cells;
};

struct CatalogTable {
  std::vector<CatalogColumn> columns;
  std::string source;    // "the built-in catalog", "catalog FILE", "scenario FILE"
  std::string gw_basis;  // the basis runs report on: "it" or "facility"
  std::vector<Diagnostic> errors;  // non-empty: no table (a bad catalog file or scenario)
};

// The built-in catalog (file empty), a catalog file (a top-level `platforms:`), or a scenario's catalog with its
// overrides, power chain, facility capex and gw_basis (overrides: --set texts, for a scenario).
CatalogTable catalog_table(const std::string& file, const std::vector<std::string>& overrides);

}  // namespace gwsim::python
