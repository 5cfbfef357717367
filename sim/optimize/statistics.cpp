#include "sim/optimize/statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace gwsim::optimize {
namespace {

constexpr double kZ = 1.959963984540054;

// Type 7 percentile of sorted values; +infinity entries (never reached) interpolate to +infinity when they carry
// weight.
double type7(const std::vector<double>& sorted, double p) {
  const double h = static_cast<double>(sorted.size() - 1) * p / 100.0;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const auto hi = static_cast<std::size_t>(std::ceil(h));
  const double w = h - static_cast<double>(lo);
  if (w == 0.0) return sorted[lo];
  if (std::isinf(sorted[hi]) || std::isinf(sorted[lo])) return sorted[hi];
  return sorted[lo] + w * (sorted[hi] - sorted[lo]);
}

}  // namespace

double t_quantile_975(std::int64_t dof) {
  if (dof < 1) throw std::invalid_argument("t quantile: degrees of freedom below 1");
  // Exact values where the expansion is poor.
  if (dof == 1) return 12.706204736;
  if (dof == 2) return 4.302652730;
  if (dof == 3) return 3.182446305;
  const double z = kZ, v = static_cast<double>(dof);
  const double z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z;
  return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v) +
         (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v) +
         (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v);
}

Estimate mean_estimate(const std::vector<double>& values) {
  const std::size_t n = values.size();
  if (n == 0) return {std::nan(""), std::nan(""), std::nan("")};
  double sum = 0.0;
  for (double v : values) {
    if (std::isnan(v)) return {std::nan(""), std::nan(""), std::nan("")};
    sum += v;
  }
  const double mean = sum / static_cast<double>(n);
  if (std::isinf(mean)) return {mean, mean, mean};
  if (n == 1) return {mean, mean, mean};
  double ss = 0.0;
  for (double v : values) ss += (v - mean) * (v - mean);
  const double s = std::sqrt(ss / static_cast<double>(n - 1));
  const double half = t_quantile_975(static_cast<std::int64_t>(n) - 1) * s / std::sqrt(static_cast<double>(n));
  return {mean, mean - half, mean + half};
}

Estimate percentile_estimate(std::vector<double> values, double percentile) {
  const std::size_t n = values.size();
  if (n == 0) return {std::nan(""), std::nan(""), std::nan("")};
  for (double v : values)
    if (std::isnan(v)) return {std::nan(""), std::nan(""), std::nan("")};
  std::sort(values.begin(), values.end());
  const double q = percentile / 100.0, nd = static_cast<double>(n);
  const double spread = kZ * std::sqrt(nd * q * (1.0 - q));
  const auto rank = [&](double r) {
    return static_cast<std::size_t>(std::clamp(r, 1.0, nd)) - 1;  // 1-based rank -> index
  };
  return {type7(values, percentile), values[rank(std::floor(nd * q - spread))],
          values[rank(std::ceil(nd * q + spread) + 1.0)]};
}

Estimate statistic_estimate(const std::vector<double>& values, const Statistic& statistic) {
  return statistic.mean ? mean_estimate(values) : percentile_estimate(values, statistic.percentile);
}

Estimate probability_estimate(std::int64_t successes, std::int64_t n) {
  if (n <= 0) return {std::nan(""), std::nan(""), std::nan("")};
  const double nd = static_cast<double>(n), p = static_cast<double>(successes) / nd;
  const double z2 = kZ * kZ, centre = (p + z2 / (2 * nd)) / (1 + z2 / nd);
  const double half = kZ / (1 + z2 / nd) * std::sqrt(p * (1 - p) / nd + z2 / (4 * nd * nd));
  return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

}  // namespace gwsim::optimize
