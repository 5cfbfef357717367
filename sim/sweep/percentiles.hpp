// Percentiles of a sweep's replications.
//
// Definition (Hyndman & Fan 1996, "type 7"; the default of R's quantile(), NumPy's percentile() and Excel's
// PERCENTILE.INC): sort the n values x[0] <= ... <= x[n-1]; for the p-th percentile (0 <= p <= 100) let
//   h = (n - 1) * p / 100,  lo = floor(h),  hi = ceil(h),
//   P(p) = x[lo] + (h - lo) * (x[hi] - x[lo]),
// i.e. linear interpolation between the two closest ranks. Worked example: of {1, 2, 3, 4}, P10 = 1.3
// (h = 0.3), P50 = 2.5 (h = 1.5), P90 = 3.7 (h = 2.7). One value: every percentile is that value.
//
// Dates are percentiles over day numbers (days since 1970-01-01). A replication that never reached the date
// counts as later than any date. The interpolation is the same; when it leans on a not-reached value with a
// non-zero weight (or lands exactly on one) the percentile is "not reached". Otherwise the interpolated day is
// rounded to the nearest whole day, half a day rounding to the later day. Example: of {2026-07-01,
// 2026-07-11, never, never}, P10 = 2026-07-04 (h = 0.3: day +3), P50 = not reached (h = 1.5 leans on a never),
// P90 = not reached.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include "models/date.hpp"

namespace gwsim::sweep {

// The p-th percentile (type 7) of values, in any order. Throws std::invalid_argument if values is empty,
// holds a NaN, or p is outside [0, 100].
double percentile(std::vector<double> values, double p);

// The p-th percentile of dates; nullopt entries never reached the date. Returns nullopt for "not reached".
// Throws std::invalid_argument if values is empty or p is outside [0, 100].
std::optional<models::Date> date_percentile(std::vector<std::optional<models::Date>> values, double p);

// How many entries reached their date.
std::size_t count_reached(const std::vector<std::optional<models::Date>>& values);

}  // namespace gwsim::sweep
