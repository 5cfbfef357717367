#include "models/finance.hpp"

#include <algorithm>
#include <cmath>

namespace gwsim::models {

std::int64_t whole_gigawatts(double power_w) {
  if (!(power_w > 0.0)) return 0;
  return static_cast<std::int64_t>(std::floor(power_w / 1e9 * (1.0 + 1e-12)));
}

CapexBreakdown rack_capex(const Platform& platform, std::int64_t racks) {
  return rack_capex(platform.capex, static_cast<double>(racks));
}

InvestmentTracker::InvestmentTracker(std::vector<InvestmentRule> rules)
    : rules_(std::move(rules)), paid_count_(rules_.size(), 0) {}

std::vector<Payment> InvestmentTracker::update(Date today, double live_w, bool first_tokens) {
  std::vector<Payment> due;
  for (std::size_t i = 0; i < rules_.size(); ++i) {
    const InvestmentRule& rule = rules_[i];
    std::int64_t& paid = paid_count_[i];
    switch (rule.trigger) {
      case InvestmentTrigger::kPerGwLive: {
        std::int64_t gw_live = whole_gigawatts(live_w);
        if (rule.max_count > 0) gw_live = std::min(gw_live, rule.max_count);
        while (paid < gw_live) {
          ++paid;
          due.push_back({rule.name, rule.amount_usd, "GW " + std::to_string(paid) + " live", paid});
        }
        break;
      }
      case InvestmentTrigger::kLumpSum:
        if (paid == 0 && today >= rule.date) {
          paid = 1;
          due.push_back({rule.name, rule.amount_usd, "lump sum dated " + to_iso(rule.date), 0});
        }
        break;
      case InvestmentTrigger::kFirstTokens:
        if (paid == 0 && first_tokens) {
          paid = 1;
          due.push_back({rule.name, rule.amount_usd, "first tokens", 0});
        }
        break;
    }
  }
  for (const Payment& p : due) total_usd_ += p.amount_usd;
  return due;
}

}  // namespace gwsim::models
