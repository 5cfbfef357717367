#include "sim/sweep/lhs.hpp"

#include <utility>

namespace gwsim::sweep {
namespace {

// SplitMix64 (Steele, Lea, Flood 2014): a fixed, portable mixing function; here applied to a counter.
std::uint64_t mix(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}

std::uint64_t draw(std::uint64_t seed, std::uint64_t stream, std::uint64_t counter) {
  return mix(mix(mix(seed) ^ stream) ^ counter);
}

double unit(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

}  // namespace

LatinHypercube::LatinHypercube(std::int64_t samples, std::int64_t dimensions, std::uint64_t seed)
    : samples_(samples), seed_(seed) {
  for (std::int64_t d = 0; d < dimensions; ++d) {
    std::vector<std::int64_t> perm(static_cast<std::size_t>(samples));
    for (std::int64_t i = 0; i < samples; ++i) perm[static_cast<std::size_t>(i)] = i;
    for (std::int64_t i = samples - 1; i > 0; --i) {
      const auto j = static_cast<std::int64_t>(draw(seed, 2 * static_cast<std::uint64_t>(d), static_cast<std::uint64_t>(i)) %
                                               static_cast<std::uint64_t>(i + 1));
      std::swap(perm[static_cast<std::size_t>(i)], perm[static_cast<std::size_t>(j)]);
    }
    permutations_.push_back(std::move(perm));
  }
}

double LatinHypercube::value(std::int64_t sample, std::int64_t dimension) const {
  const auto stratum = permutations_[static_cast<std::size_t>(dimension)][static_cast<std::size_t>(sample)];
  const double u = unit(draw(seed_, 2 * static_cast<std::uint64_t>(dimension) + 1, static_cast<std::uint64_t>(sample)));
  return (static_cast<double>(stratum) + u) / static_cast<double>(samples_);
}

}  // namespace gwsim::sweep
