// Estimates over the Monte Carlo replications of one candidate, each with a 95% confidence interval.
//
//  - mean: the sample mean; CI mean +- t(0.975, n - 1) s / sqrt(n), s the sample standard deviation, t Student's
//    quantile (Cornish-Fisher expansion of the normal quantile 1.959964, within 0.2% of the exact value from
//    n = 4 up). One replication: the interval is the value itself. A value of +infinity (a date never reached)
//    makes the mean +infinity.
//  - pNN: the NN-th percentile, type 7 (as `gwsim results`, sim/sweep/percentiles.hpp); CI the distribution-free
//    interval of order statistics: ranks floor(n q - 1.96 sqrt(n q (1 - q))) and ceil(n q + 1.96 sqrt(n q (1 -
//    q))) + 1 (1-based, clamped to 1..n), q = NN / 100.
//  - probability that a figure is at most (at least) a bound: the share of replications that satisfy it; CI the
//    Wilson score interval, z = 1.96.
// Worked examples (tests/optimize): of {1, 2, 3, 4} the mean is 2.5, s = 1.2910, t(3) = 3.182, CI [0.446, 4.554];
// 32 of 40 replications -> 0.8, Wilson CI [0.6518, 0.8950].
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gwsim::optimize {

struct Estimate {
  double value = 0.0;
  double low = 0.0;
  double high = 0.0;
};

// The statistic of a figure: the mean, or a percentile (0 to 100).
struct Statistic {
  bool mean = true;
  double percentile = 50.0;
  std::string text = "mean";  // as written: "mean", "p50"
};

// Student's t quantile at 0.975 for `dof` degrees of freedom (dof >= 1).
double t_quantile_975(std::int64_t dof);

Estimate mean_estimate(const std::vector<double>& values);
Estimate percentile_estimate(std::vector<double> values, double percentile);
Estimate statistic_estimate(const std::vector<double>& values, const Statistic& statistic);
Estimate probability_estimate(std::int64_t successes, std::int64_t n);

}  // namespace gwsim::optimize
