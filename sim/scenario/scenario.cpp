#include "sim/scenario/scenario.hpp"

#include <cctype>
#include <cstdlib>
#include <string>

namespace gwsim {

models::PowerChain Site::power_chain() const {
  return models::PowerChain{pue.annual_mean(), power_fractions.non_gpu_it_share, power_fractions.redundancy_headroom,
                            power_fractions.substation_loss};
}

std::string refresh_tranche_name(const Tranche& tranche) { return tranche.name + "-refresh"; }

const std::string* tranche_platform(const std::vector<Tranche>& tranches, const std::string& name) {
  for (const Tranche& t : tranches) {
    if (t.name == name) return &t.platform;
    if (t.refresh.stated && refresh_tranche_name(t) == name) return &t.refresh.platform;
  }
  return nullptr;
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

bool parse_checkpoint_interval(std::string_view text, CheckpointInterval& interval, double& seconds) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
  if (text == "daly" || text == "young") {
    interval = text == "daly" ? CheckpointInterval::kDaly : CheckpointInterval::kYoung;
    seconds = 0.0;
    return true;
  }
  const std::string copy(text);
  char* end = nullptr;
  const double value = std::strtod(copy.c_str(), &end);
  if (end == copy.c_str()) return false;
  std::string_view unit(end);
  while (!unit.empty() && unit.front() == ' ') unit.remove_prefix(1);
  double scale = 0.0;
  if (unit.empty() || unit == "s") scale = 1.0;
  else if (unit == "min") scale = 60.0;
  else if (unit == "h") scale = 3600.0;
  // A positive, finite interval of at most 100 days.
  if (scale == 0.0 || !(value > 0.0) || !(value * scale <= 8.64e6)) return false;
  interval = CheckpointInterval::kFixed;
  seconds = value * scale;
  return true;
}

}  // namespace gwsim
