// Portable sampling (sim/scenario/sampling.hpp): the generator's published constants and pinned outputs, the
// portable log/exp/Phi against the C library, AS241 against known quantiles, inverse CDFs checked by hand, and the
// moments and quantiles of 100,000 draws.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "sim/scenario/sampling.hpp"

namespace gwsim::sampling {
namespace {

constexpr int kDraws = 100'000;

// u of replication r in the stream of `path`, seed 1.
double u_of(std::uint64_t r, const std::string& path = "sites[0].pue") {
  return uniform01(1, r, fnv1a64(path));
}

TEST(Sampling, GeneratorConstants) {
  // FNV-1a 64 reference values; SplitMix64's first output from state 0 is mix64(golden gamma).
  EXPECT_EQ(fnv1a64(""), 0xcbf29ce484222325ULL);
  EXPECT_EQ(fnv1a64("a"), 0xaf63dc4c8601ec8cULL);
  EXPECT_EQ(mix64(kGoldenGamma), 0xe220a8397b1dcdafULL);
}

TEST(Sampling, PinnedOutputsNeverChange) {
  // Replication r of seed s must give the same draws on every machine and in every later version: these pin the
  // generator. Changing them changes every sampled scenario.
  EXPECT_EQ(fnv1a64("draws.slip"), 0xf91a72be09c9caecULL);
  EXPECT_EQ(random_bits(1, 0, fnv1a64("sites[0].pue")), 0x580aa75ebce710fbULL);
  EXPECT_EQ(random_bits(42, 7, fnv1a64("draws.slip")), 0x6fdc56fb55817d23ULL);
  EXPECT_EQ(uniform01(42, 7, fnv1a64("draws.slip")), 0.43695586811145926);
  // The split form the reliability draws use (one replication key, many streams) gives the pinned bits.
  EXPECT_EQ(stream_bits(replication_key(1, 0), fnv1a64("sites[0].pue")), 0x580aa75ebce710fbULL);
  EXPECT_EQ(stream_bits(replication_key(42, 7), fnv1a64("draws.slip")), 0x6fdc56fb55817d23ULL);
}

TEST(Sampling, UniformUsesTheTop53Bits) {
  EXPECT_EQ(uniform01(0), 0.0);
  EXPECT_EQ(uniform01(~std::uint64_t{0}), 1.0 - 0x1.0p-53);
  EXPECT_EQ(uniform01(std::uint64_t{1} << 63), 0.5);
  EXPECT_EQ(uniform01((std::uint64_t{1} << 11) - 1), 0.0);  // the low 11 bits are dropped
}

TEST(Sampling, SameInputsSameBitsDifferentInputsDifferentBits) {
  const std::uint64_t stream = fnv1a64("sites[0].halls[0].construction");
  EXPECT_EQ(random_bits(3, 9, stream), random_bits(3, 9, stream));
  EXPECT_NE(random_bits(3, 9, stream), random_bits(4, 9, stream));
  EXPECT_NE(random_bits(3, 9, stream), random_bits(3, 10, stream));
  EXPECT_NE(random_bits(3, 9, stream), random_bits(3, 9, fnv1a64("sites[0].halls[1].construction")));
  // Seed and replication are not interchangeable.
  EXPECT_NE(random_bits(3, 9, stream), random_bits(9, 3, stream));
}

TEST(Sampling, PortableExpAndLogMatchTheCLibraryWithinTwoUlp) {
  EXPECT_EQ(exp(0.0), 1.0);
  EXPECT_EQ(log(1.0), 0.0);
  EXPECT_EQ(exp(-1000.0), 0.0);
  EXPECT_TRUE(std::isinf(exp(1000.0)));
  EXPECT_TRUE(std::isinf(log(0.0)) && log(0.0) < 0.0);
  for (int i = 0; i < 20'000; ++i) {
    const double x = -700.0 + 1400.0 * i / 20'000.0 + 0.123456789;
    EXPECT_NEAR(exp(x), std::exp(x), 4.5e-16 * std::exp(x)) << x;
  }
  for (int i = 1; i < 20'000; ++i) {
    const double x = std::ldexp(1.0 + i / 20'000.0, i % 200 - 100);
    EXPECT_NEAR(log(x), std::log(x), 4.5e-16 * std::max(std::fabs(std::log(x)), 1e-3)) << x;
  }
}

TEST(Sampling, NormalCdfMatchesErfc) {
  EXPECT_EQ(normal_cdf(0.0), 0.5);
  for (int i = 0; i <= 10'000; ++i) {
    const double x = -30.0 + 38.0 * i / 10'000.0;
    const double expected = 0.5 * std::erfc(-x / std::sqrt(2.0));
    EXPECT_NEAR(normal_cdf(x), expected, 2e-13 * expected) << x;
  }
}

TEST(Sampling, As241KnownQuantiles) {
  EXPECT_EQ(normal_quantile(0.5), 0.0);
  EXPECT_NEAR(normal_quantile(0.975), 1.959963984540054, 1e-15);
  EXPECT_NEAR(normal_quantile(0.025), -1.959963984540054, 1e-15);
  EXPECT_NEAR(normal_quantile(0.9), kZ90, 1e-15);
  EXPECT_NEAR(normal_quantile(0.84134474606854293), 1.0, 1e-14);
  EXPECT_NEAR(normal_quantile(1e-10), -6.361340902404056, 1e-13);  // the r > 5 branch
  EXPECT_NEAR(normal_quantile(1e-300), -37.047096299361201, 1e-11);
  EXPECT_TRUE(std::isinf(normal_quantile(0.0)));
  for (int i = 1; i < 1000; ++i) {
    const double p = i / 1000.0;
    EXPECT_NEAR(normal_quantile(p), -normal_quantile(1.0 - p), 1e-13) << p;
    EXPECT_NEAR(normal_cdf(normal_quantile(p)), p, 1e-14) << p;
  }
}

TEST(Sampling, TriangularInverseCdfByHand) {
  // triangular(0, 1, 2): F(x) = x^2 / 2 below the mode, 1 - (2 - x)^2 / 2 above.
  EXPECT_EQ(triangular_quantile(0, 1, 2, 0.5), 1.0);
  EXPECT_EQ(triangular_quantile(0, 1, 2, 0.125), 0.5);
  EXPECT_EQ(triangular_quantile(0, 1, 2, 0.875), 1.5);
  EXPECT_EQ(triangular_quantile(0, 1, 2, 0.0), 0.0);
  // Mode at an end: triangular(10, 10, 20) at u = 0.75 is 20 - sqrt(0.25 * 10 * 10) = 15.
  EXPECT_EQ(triangular_quantile(10, 10, 20, 0.75), 15.0);
  EXPECT_EQ(triangular_quantile(10, 20, 20, 0.25), 15.0);
}

TEST(Sampling, UniformLognormalAndDiscreteByHand) {
  EXPECT_EQ(uniform_quantile(10, 20, 0.25), 12.5);
  EXPECT_EQ(uniform_quantile(10, 20, 0.0), 10.0);
  // lognormal(median 60, P90 90): the median at u = 0.5, the P90 at u = 0.9.
  const double mu = log(60.0);
  const double sigma = log(90.0 / 60.0) / kZ90;
  EXPECT_NEAR(lognormal_quantile(mu, sigma, 0.5), 60.0, 1e-12);
  EXPECT_NEAR(lognormal_quantile(mu, sigma, 0.9), 90.0, 1e-12);
  EXPECT_GT(lognormal_quantile(mu, sigma, 0.0), 0.0);
  const std::vector<double> cumulative = {0.25, 0.75, 1.0};
  EXPECT_EQ(discrete_index(cumulative, 0.0), 0u);
  EXPECT_EQ(discrete_index(cumulative, 0.2499), 0u);
  EXPECT_EQ(discrete_index(cumulative, 0.25), 1u);
  EXPECT_EQ(discrete_index(cumulative, 0.9999), 2u);
}

TEST(Sampling, TruncatedNormalStaysInItsBoundsAndMapsTheUniform) {
  const double lo = -1.0;
  const double hi = 2.0;
  const double cdf_lo = normal_cdf(lo);
  const double cdf_hi = normal_cdf(hi);
  EXPECT_NEAR(truncated_normal_quantile(0, 1, lo, hi, cdf_lo, cdf_hi, 0.0), lo, 1e-12);
  EXPECT_NEAR(truncated_normal_quantile(0, 1, lo, hi, cdf_lo, cdf_hi, 1.0 - 0x1.0p-53), hi, 1e-12);
  // The median of the truncated distribution: Phi^-1((Phi(lo) + Phi(hi)) / 2).
  EXPECT_NEAR(truncated_normal_quantile(0, 1, lo, hi, cdf_lo, cdf_hi, 0.5),
              normal_quantile(0.5 * (cdf_lo + cdf_hi)), 1e-15);
  // Symmetric bounds: the median is the mean; scaled and shifted.
  EXPECT_NEAR(truncated_normal_quantile(100, 5, 85, 115, normal_cdf(-3), normal_cdf(3), 0.5), 100.0, 1e-12);
  for (int i = 0; i < 1000; ++i) {
    const double x = truncated_normal_quantile(0, 1, lo, hi, cdf_lo, cdf_hi, u_of(i));
    EXPECT_GE(x, lo);
    EXPECT_LE(x, hi);
  }
}

struct Moments {
  double mean = 0.0;
  double sd = 0.0;
  std::vector<double> sorted;
  double quantile(double p) const { return sorted[static_cast<std::size_t>(p * (sorted.size() - 1))]; }
};

template <typename F>
Moments moments_of(F value) {
  Moments m;
  m.sorted.reserve(kDraws);
  double sum = 0.0;
  for (int r = 0; r < kDraws; ++r) {
    m.sorted.push_back(value(u_of(static_cast<std::uint64_t>(r))));
    sum += m.sorted.back();
  }
  m.mean = sum / kDraws;
  double squares = 0.0;
  for (double x : m.sorted) squares += (x - m.mean) * (x - m.mean);
  m.sd = std::sqrt(squares / (kDraws - 1));
  std::sort(m.sorted.begin(), m.sorted.end());
  return m;
}

// Tolerances: about 5 standard errors of 100,000 draws.
TEST(Sampling, UniformDrawsOver100kReplications) {
  const Moments m = moments_of([](double u) { return u; });
  EXPECT_NEAR(m.mean, 0.5, 0.005);
  EXPECT_NEAR(m.sd, std::sqrt(1.0 / 12.0), 0.003);
  EXPECT_NEAR(m.quantile(0.1), 0.1, 0.005);
  EXPECT_NEAR(m.quantile(0.9), 0.9, 0.005);
}

TEST(Sampling, TriangularDrawsOver100kReplications) {
  // triangular(10, 12, 18): mean (10 + 12 + 18) / 3 = 13.333, variance (a^2 + b^2 + c^2 - ab - ac - bc) / 18.
  const Moments m = moments_of([](double u) { return triangular_quantile(10, 12, 18, u); });
  EXPECT_NEAR(m.mean, 40.0 / 3.0, 0.03);
  EXPECT_NEAR(m.sd, std::sqrt((100.0 + 144.0 + 324.0 - 120.0 - 180.0 - 216.0) / 18.0), 0.02);
  EXPECT_NEAR(m.quantile(0.25), 10.0 + std::sqrt(0.25 * 8.0 * 2.0), 0.03);
  EXPECT_GE(m.sorted.front(), 10.0);
  EXPECT_LE(m.sorted.back(), 18.0);
}

TEST(Sampling, NormalDrawsOver100kReplications) {
  // normal(0, 1) truncated to +-3 SD: mean 0, sd sqrt(1 - 6 phi(3) / (2 Phi(3) - 1)) = 0.98658.
  const double lo = normal_cdf(-3.0);
  const double hi = normal_cdf(3.0);
  const Moments m = moments_of([&](double u) { return truncated_normal_quantile(0, 1, -3, 3, lo, hi, u); });
  EXPECT_NEAR(m.mean, 0.0, 0.015);
  EXPECT_NEAR(m.sd, 0.98658, 0.01);
  EXPECT_NEAR(m.quantile(0.975), normal_quantile(lo + 0.975 * (hi - lo)), 0.03);  // 1.9386
  EXPECT_GE(m.sorted.front(), -3.0);
  EXPECT_LE(m.sorted.back(), 3.0);
}

TEST(Sampling, LognormalDrawsOver100kReplications) {
  const double mu = log(60.0);
  const double sigma = log(90.0 / 60.0) / kZ90;
  const Moments m = moments_of([&](double u) { return lognormal_quantile(mu, sigma, u); });
  EXPECT_NEAR(m.quantile(0.5), 60.0, 0.6);
  EXPECT_NEAR(m.quantile(0.9), 90.0, 1.2);
  EXPECT_NEAR(m.mean, 60.0 * std::exp(0.5 * sigma * sigma), 0.5);
  EXPECT_GT(m.sorted.front(), 0.0);
}

TEST(Sampling, DiscreteDrawsOver100kReplications) {
  const std::vector<double> cumulative = {0.5, 0.8, 1.0};
  std::vector<int> counts(3, 0);
  for (int r = 0; r < kDraws; ++r) ++counts[discrete_index(cumulative, u_of(static_cast<std::uint64_t>(r)))];
  EXPECT_NEAR(counts[0] / static_cast<double>(kDraws), 0.5, 0.008);
  EXPECT_NEAR(counts[1] / static_cast<double>(kDraws), 0.3, 0.008);
  EXPECT_NEAR(counts[2] / static_cast<double>(kDraws), 0.2, 0.008);
}

TEST(Sampling, DifferentPathsLookIndependent) {
  // Correlation of the uniforms of two paths, and of one path across neighbouring replications.
  const std::vector<std::string> paths = {"sites[0].pue", "sites[1].pue", "draws.slip", "draws.slip2"};
  for (std::size_t a = 0; a < paths.size(); ++a) {
    for (std::size_t b = a + 1; b < paths.size(); ++b) {
      double sxy = 0.0;
      double sx = 0.0;
      double sy = 0.0;
      double sxx = 0.0;
      double syy = 0.0;
      for (int r = 0; r < kDraws; ++r) {
        const double x = u_of(static_cast<std::uint64_t>(r), paths[a]);
        const double y = u_of(static_cast<std::uint64_t>(r), paths[b]);
        sx += x;
        sy += y;
        sxy += x * y;
        sxx += x * x;
        syy += y * y;
      }
      const double n = kDraws;
      const double correlation = (sxy - sx * sy / n) / std::sqrt((sxx - sx * sx / n) * (syy - sy * sy / n));
      EXPECT_LT(std::fabs(correlation), 0.015) << paths[a] << " vs " << paths[b];
    }
  }
  double lag = 0.0;
  for (int r = 0; r + 1 < kDraws; ++r) lag += (u_of(r) - 0.5) * (u_of(r + 1) - 0.5);
  EXPECT_LT(std::fabs(lag / (kDraws - 1) * 12.0), 0.015);
}

}  // namespace
}  // namespace gwsim::sampling
