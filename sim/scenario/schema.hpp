// The keys each map of a scenario, catalog or defaults file accepts. The validators check maps against these lists
// and the documentation test checks docs/scenario-reference.md against reference_keys(), so the code, the error
// messages ("expected one of: ...") and the reference cannot drift apart.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gwsim::schema {

using KeyList = std::vector<std::string_view>;

// Scenario file.
extern const KeyList kTopLevel;      // name, start, sites, ...
extern const KeyList kPowerChain;    // power_chain:
extern const KeyList kUtilizationPoint;  // utilization: [ {from, utilization} ]
extern const KeyList kDemand;        // demand:
extern const KeyList kDemandPoint;   // demand.weekly_active_users[] and the other schedules: {from, value, ramp}
extern const KeyList kDemandSchedules;  // the demand keys that take a value or a schedule
extern const KeyList kTrainingJob;   // demand.training[]
extern const KeyList kPowerCap;      // power_cap:
extern const KeyList kSite;          // sites[]
extern const KeyList kMonthlyProfile;          // sites[].pue and sites[].water_usage as a map: {monthly}
extern const KeyList kMonthlyOrHourlyProfile;  // sites[].carbon_intensity as a map: {monthly} or {hourly}
extern const KeyList kGridPoint;     // sites[].grid[]
extern const KeyList kHall;          // sites[].halls[]
extern const KeyList kTranche;       // tranches[]
extern const KeyList kSupply;        // supply[]
extern const KeyList kFinance;       // finance:
extern const KeyList kInvestment;    // finance.investments[]: every key of any trigger
extern const KeyList kInvestmentPerGwLive;
extern const KeyList kInvestmentLumpSum;
extern const KeyList kInvestmentFirstTokens;
extern const KeyList kTriggers;      // per_gw_live, lump_sum, first_tokens
extern const KeyList kCoolings;      // liquid, air

// Catalog file (configs/platforms.yaml, or a scenario's catalog:).
extern const KeyList kCatalogTopLevel;  // serving_model, platforms, sources
extern const KeyList kCatalogSourced;   // sources: the top-level keys that need a source
extern const KeyList kPlatform;         // platforms[]
extern const KeyList kPlatformSourced;  // platforms[].sources: the keys that need a source (serving_tokens_per_s
                                        // only when stated: it is optional)

// Defaults file (configs/defaults.yaml).
extern const KeyList kDefaultsTopLevel;  // defaults, sources
extern const KeyList kDefaults;          // defaults:

// Every key a scenario file accepts, dotted, "[]" for the items of a sequence: "sites[].halls[].it_capacity";
// then every key of a catalog file: "serving_model", "platforms[].peak_power", "platforms[].sources".
std::vector<std::string> reference_keys();

}  // namespace gwsim::schema
