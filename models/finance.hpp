// Cost and financing.
//
// Capex is booked when it is incurred, by category (models/capex.hpp):
//   racks:    the platform's per-rack figures (gpu_systems, networking, storage) x racks, booked on the day the
//             racks are delivered to their site (rack_capex);
//   facility: the scenario's per-MW figures (facility_shell, electrical, other) x the hall's facility MW, booked on
//             the day the hall is ready, where a hall's facility MW = its IT capacity * PUE (facility_capex).
// Investment (money committed to the builder by an investor) follows rules, each a trigger and an amount:
//   per_gw_live:   amount each time live capacity (on the scenario's GW basis, models/gw_basis.hpp) crosses another
//                  whole GW (1, 2, ...), at most
//                  max_count times (0 = unlimited);
//   lump_sum:      amount once, on a date;
//   first_tokens:  amount once, on the day the first pod goes live.
// Worked example ("$10B per GW live", as in the September 2025 letter of intent, at most 10 times):
//   live capacity goes 0.4 GW -> 1.3 GW on a day: one payment of $10B; later 1.3 -> 3.1 GW: two payments;
//   cumulative investment $30B.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "models/capex.hpp"
#include "models/date.hpp"
#include "models/platform.hpp"

namespace gwsim::models {

// Whole gigawatts reached by live capacity (on a GW basis): floor(power_w / 1e9), forgiving the last ulps so that
// 1 GW reached by summing rack powers counts as 1. The "GW N live" milestones and the per_gw_live rule both use it.
std::int64_t whole_gigawatts(double power_w);

// Capex of `racks` racks of the platform, by category.
CapexBreakdown rack_capex(const Platform& platform, std::int64_t racks);

enum class InvestmentTrigger { kPerGwLive, kLumpSum, kFirstTokens };

struct InvestmentRule {
  std::string name;
  InvestmentTrigger trigger = InvestmentTrigger::kPerGwLive;
  double amount_usd = 0.0;
  Date date;              // kLumpSum only
  std::int64_t max_count = 0;  // kPerGwLive only; 0 = unlimited
};

struct Payment {
  std::string rule;
  double amount_usd = 0.0;
  std::string reason;  // e.g. "GW 3 live"
  std::int64_t gw = 0;  // per_gw_live: the GW (1, 2, ...) whose going live released it; 0 for other triggers
};

// Tracks which investments have been released. Feed it one call per simulated day, in date order.
class InvestmentTracker {
 public:
  explicit InvestmentTracker(std::vector<InvestmentRule> rules);

  // live_w: live capacity on the scenario's GW basis.
  std::vector<Payment> update(Date today, double live_w, bool first_tokens);
  double total_usd() const { return total_usd_; }

 private:
  std::vector<InvestmentRule> rules_;
  std::vector<std::int64_t> paid_count_;
  double total_usd_ = 0.0;
};

}  // namespace gwsim::models
