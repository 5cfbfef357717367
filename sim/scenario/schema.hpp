// Key lists that are not scenario field tables (the catalog and defaults files, and the choices of choice-valued
// keys), and reference_keys(): every key a scenario or catalog file accepts, which the documentation test checks
// docs/scenario-reference.md against. The scenario's own keys come from the field tables (fields.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gwsim::schema {

using KeyList = std::vector<std::string_view>;

// Choices.
extern const KeyList kTriggers;  // finance.investments[].trigger: per_gw_live, lump_sum, first_tokens
extern const KeyList kCoolings;  // sites[].halls[].cooling and platforms[].cooling: liquid, air
extern const KeyList kPrecisions;  // a catalog's serving.precision: fp8, fp4
extern const KeyList kGenerationRoles;  // sites[].generation[].role: bridge, firm, backup
extern const KeyList kAfterBridge;      // sites[].generation[].after_bridge: retire, backup
extern const KeyList kAllocationRules;  // equipment.allocation: first_come_first_served, priority_then_date
extern const KeyList kGwBases;   // gw_basis: it, facility
extern const KeyList kServeFirst;  // demand.serve_first: inference, training
extern const KeyList kFinancings;  // finance.investments[].financing: equity, debt
extern const KeyList kRepayments;  // finance.investments[].repayment: amortizing, bullet
extern const KeyList kRevenueBases;  // finance.revenue.basis: gpu_hours, tokens
extern const KeyList kDepreciationMethods;  // finance.depreciation.method: straight_line, declining_balance
extern const KeyList kTerminalValues;       // finance.terminal_value: book_value, none
extern const KeyList kBooleans;  // reliability.enabled: true, false

// Catalog file (configs/platforms.yaml, or a scenario's catalog:).
// Its `serving:` section and its platforms' keys are field tables (fields.hpp, catalog_serving_table() and
// platform_table()).
extern const KeyList kCatalogTopLevel;  // serving, platforms

// Defaults file (configs/defaults.yaml): its keys under `defaults:` are those the field tables name (defaults.hpp).
extern const KeyList kDefaultsTopLevel;  // defaults, sources

// Every key a scenario file accepts, dotted, "[]" for the items of a sequence: "sites[].halls[].it_capacity",
// "sites[].pue.monthly"; then every key of a catalog file: "serving.model", "platforms[].peak_power".
std::vector<std::string> reference_keys();

}  // namespace gwsim::schema
