#include "sim/sweep/percentiles.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace gwsim::sweep {
namespace {

struct Rank {
  std::size_t lo = 0, hi = 0;
  double weight = 0.0;  // of x[hi]: h - lo
};

Rank rank(std::size_t n, double p) {
  if (n == 0) throw std::invalid_argument("percentile of no values");
  if (!(p >= 0.0 && p <= 100.0)) throw std::invalid_argument("percentile outside 0..100");
  const double h = static_cast<double>(n - 1) * p / 100.0;
  Rank r;
  r.lo = static_cast<std::size_t>(std::floor(h));
  r.hi = static_cast<std::size_t>(std::ceil(h));
  r.lo = std::min(r.lo, n - 1);
  r.hi = std::min(r.hi, n - 1);
  r.weight = h - static_cast<double>(r.lo);
  return r;
}

}  // namespace

double percentile(std::vector<double> values, double p) {
  for (double v : values)
    if (std::isnan(v)) throw std::invalid_argument("percentile of a NaN");
  const Rank r = rank(values.size(), p);
  std::sort(values.begin(), values.end());
  const double lo = values[r.lo], hi = values[r.hi];
  if (r.weight == 0.0 || lo == hi) return lo;
  return lo + r.weight * (hi - lo);
}

std::optional<models::Date> date_percentile(std::vector<std::optional<models::Date>> values, double p) {
  const Rank r = rank(values.size(), p);
  // Reached dates first, in order; never-reached entries after all of them.
  std::sort(values.begin(), values.end(), [](const auto& a, const auto& b) {
    if (a && b) return *a < *b;
    return a.has_value() && !b.has_value();
  });
  const auto& lo = values[r.lo];
  const auto& hi = values[r.hi];
  if (!lo) return std::nullopt;
  if (r.weight == 0.0) return lo;
  if (!hi) return std::nullopt;
  const double day = static_cast<double>(lo->days) + r.weight * static_cast<double>(hi->days - lo->days);
  return models::Date{static_cast<std::int32_t>(std::floor(day + 0.5))};
}

std::size_t count_reached(const std::vector<std::optional<models::Date>>& values) {
  return static_cast<std::size_t>(std::count_if(values.begin(), values.end(), [](const auto& v) { return v.has_value(); }));
}

}  // namespace gwsim::sweep
