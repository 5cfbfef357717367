#include "sim/scenario/scenario.hpp"

namespace gwsim {

models::PowerChain Site::power_chain() const {
  return models::PowerChain{pue.annual_mean(), power_fractions.non_gpu_it_share, power_fractions.redundancy_headroom,
                            power_fractions.substation_loss};
}

models::PriceCurve Revenue::token_curve() const {
  return models::PriceCurve{models::RevenueBasis::kTokens, price_per_million_tokens_usd, price_date, annual_decline};
}

models::PriceCurve Revenue::capacity_curve() const {
  return models::PriceCurve{models::RevenueBasis::kCapacity, price_per_it_mw_year_usd, price_date, annual_decline};
}

std::string OutputStep::text() const {
  if (hours > 0) return std::to_string(hours) + "h";
  if (months > 0) return std::to_string(months) + "mo";
  if (days == 7) return "1w";
  return std::to_string(days) + "d";
}

}  // namespace gwsim
