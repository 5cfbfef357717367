#include "sim/scenario/schema.hpp"

namespace gwsim::schema {

const KeyList kTopLevel = {"extends",     "name",  "description", "start",    "end",    "output_step",
                           "seed",        "pod_racks", "catalog", "draws",    "power_chain",
                           "utilization", "sites", "tranches",    "supply",   "finance"};
const KeyList kPowerChain = {"non_gpu_it_share", "redundancy_headroom", "substation_loss"};
const KeyList kUtilizationPoint = {"from", "utilization"};
const KeyList kSite = {"name", "description", "pue", "install_racks_per_week", "commissioning", "grid", "halls"};
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

const KeyList kCatalogTopLevel = {"platforms"};
const KeyList kPlatform = {"id",         "name",       "gpu_packages", "gpu_dies", "peak_power", "idle_fraction",
                           "pflops_fp8", "pflops_fp4", "cooling",      "capex",    "available",  "sources"};
const KeyList kPlatformSourced = {"gpu_packages", "gpu_dies", "peak_power", "idle_fraction", "pflops_fp8",
                                  "pflops_fp4",   "cooling",  "capex",      "available"};

const KeyList kDefaultsTopLevel = {"defaults", "sources"};
const KeyList kDefaults = {"pue",       "power_chain", "commissioning", "output_step", "pod_racks",
                           "seed",      "utilization", "facility_capex_per_mw"};

std::vector<std::string> reference_keys() {
  std::vector<std::string> out;
  auto add = [&out](const std::string& prefix, const KeyList& keys) {
    for (std::string_view k : keys) out.push_back(prefix + std::string(k));
  };
  add("", kTopLevel);
  add("power_chain.", kPowerChain);
  add("utilization[].", kUtilizationPoint);
  add("sites[].", kSite);
  add("sites[].grid[].", kGridPoint);
  add("sites[].halls[].", kHall);
  add("tranches[].", kTranche);
  add("supply[].", kSupply);
  add("finance.", kFinance);
  add("finance.investments[].", kInvestment);
  add("", kCatalogTopLevel);
  add("platforms[].", kPlatform);
  return out;
}

}  // namespace gwsim::schema
