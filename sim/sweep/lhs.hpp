// Latin-hypercube sampling: n samples over d parameters, each parameter's range cut into n equal strata with
// exactly one sample in each, the strata paired at random across parameters.
//
//   value(s, d) = (perm_d[s] + u_{s,d}) / n,  in [0, 1)
// where perm_d is a random permutation of 0..n-1 (Fisher-Yates) and u a uniform offset within the stratum; all
// randomness comes from a counter-based generator keyed by (seed, d, s), so the design is the same on any
// machine. Worked example: n = 4 -> each column of value(., d) has exactly one value in each of [0, .25),
// [.25, .5), [.5, .75), [.75, 1).
#pragma once

#include <cstdint>
#include <vector>

namespace gwsim::sweep {

class LatinHypercube {
 public:
  LatinHypercube(std::int64_t samples, std::int64_t dimensions, std::uint64_t seed);
  double value(std::int64_t sample, std::int64_t dimension) const;

 private:
  std::int64_t samples_;
  std::uint64_t seed_;
  std::vector<std::vector<std::int64_t>> permutations_;  // [dimension][sample] -> stratum
};

}  // namespace gwsim::sweep
