#include "sim/scenario/schema.hpp"

namespace gwsim::schema {

const KeyList kTopLevel = {"extends",     "name",   "description", "start",     "end",      "output_step",
                           "seed",        "pod_racks", "catalog", "draws",     "power_chain",
                           "utilization", "demand", "power_cap",   "sites",     "tranches", "supply",
                           "finance"};
const KeyList kPowerChain = {"non_gpu_it_share", "redundancy_headroom", "substation_loss"};
const KeyList kUtilizationPoint = {"from", "utilization"};
const KeyList kDemand = {"weekly_active_users", "tokens_per_user_per_day", "tokens_per_day", "pflops",
                         "growth",              "growth_from",             "daily_cycle",    "serving_platform",
                         "training"};
const KeyList kDemandPoint = {"from", "value", "ramp"};
const KeyList kDemandSchedules = {"weekly_active_users", "tokens_per_user_per_day", "tokens_per_day", "pflops"};
const KeyList kTrainingJob = {"name", "start", "duration", "share"};
const KeyList kPowerCap = {"power", "speed"};
const KeyList kSite = {"name",        "description",            "pue",           "carbon_intensity",
                       "water_usage", "install_racks_per_week", "commissioning", "grid",
                       "halls"};
const KeyList kMonthlyProfile = {"monthly"};
const KeyList kMonthlyOrHourlyProfile = {"monthly", "hourly"};
const KeyList kGridPoint = {"from", "capacity", "ramp"};
const KeyList kHall = {"name",      "it_capacity",        "cooling_capacity", "cooling",
                       "construction_start", "construction", "fit_out"};
const KeyList kTranche = {"name", "target_power", "platform", "sites", "order_date"};
const KeyList kSupply = {"platform", "racks_per_week", "start", "lead_time"};
const KeyList kFinance = {"facility_capex_per_mw", "investments"};
const KeyList kInvestment = {"name", "trigger", "amount", "max_count", "date"};
const KeyList kInvestmentPerGwLive = {"name", "trigger", "amount", "max_count"};
const KeyList kInvestmentLumpSum = {"name", "trigger", "amount", "date"};
const KeyList kInvestmentFirstTokens = {"name", "trigger", "amount"};
const KeyList kTriggers = {"per_gw_live", "lump_sum", "first_tokens"};
const KeyList kCoolings = {"liquid", "air"};

const KeyList kCatalogTopLevel = {"serving_model", "platforms", "sources"};
const KeyList kCatalogSourced = {"serving_model"};
const KeyList kPlatform = {"id",         "name",       "gpu_packages", "gpu_dies", "peak_power", "idle_fraction",
                           "pflops_fp8", "pflops_fp4", "serving_tokens_per_s", "cooling", "capex", "available",
                           "sources"};
const KeyList kPlatformSourced = {"gpu_packages", "gpu_dies", "peak_power", "idle_fraction", "pflops_fp8",
                                  "pflops_fp4",   "serving_tokens_per_s", "cooling", "capex", "available"};

const KeyList kDefaultsTopLevel = {"defaults", "sources"};
const KeyList kDefaults = {"pue",         "power_chain",           "commissioning",    "output_step", "pod_racks",
                           "seed",        "utilization",           "facility_capex_per_mw", "carbon_intensity",
                           "water_usage", "power_cap",             "daily_cycle"};

std::vector<std::string> reference_keys() {
  std::vector<std::string> out;
  auto add = [&out](const std::string& prefix, const KeyList& keys) {
    for (std::string_view k : keys) out.push_back(prefix + std::string(k));
  };
  add("", kTopLevel);
  add("power_chain.", kPowerChain);
  add("utilization[].", kUtilizationPoint);
  add("demand.", kDemand);
  for (std::string_view key : kDemandSchedules) add("demand." + std::string(key) + "[].", kDemandPoint);
  add("demand.training[].", kTrainingJob);
  add("power_cap.", kPowerCap);
  add("sites[].", kSite);
  add("sites[].pue.", kMonthlyProfile);
  add("sites[].carbon_intensity.", kMonthlyOrHourlyProfile);
  add("sites[].water_usage.", kMonthlyProfile);
  add("sites[].grid[].", kGridPoint);
  add("sites[].halls[].", kHall);
  add("tranches[].", kTranche);
  add("supply[].", kSupply);
  add("finance.", kFinance);
  add("finance.investments[].", kInvestment);
  add("", kCatalogTopLevel);
  add("sources.", kCatalogSourced);
  add("platforms[].", kPlatform);
  return out;
}

}  // namespace gwsim::schema
