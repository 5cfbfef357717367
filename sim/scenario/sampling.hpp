// Portable, seeded sampling for scenario distributions.
//
// Replication r of seed s gives the same draws on every machine, in any order, with any number of workers:
//  - no std:: random engine or distribution (their output is implementation-defined);
//  - the random bits of one value depend only on (seed, replication, stream), where the stream is the FNV-1a 64
//    hash of the value's dotted path ("sites[0].halls[1].construction") or of "draws.NAME" for a shared draw, so
//    adding or removing one uncertain value never changes the others;
//  - every function here uses only IEEE-754 basic operations (+ - * / sqrt, which are correctly rounded) and exact
//    ones (floor, frexp, ldexp): log and exp are computed here rather than taken from the C library, whose last
//    bit may differ between implementations, and this file is compiled with -ffp-contract=off so that no compiler
//    fuses a multiply and an add on one machine and not on another.
//
// Generator: state = seed; state = mix(state + G) ^ replication; state = mix(state + G) ^ stream; bits =
// mix(state + G), where G = 0x9e3779b97f4a7c15 and mix is the SplitMix64 finaliser (Steele, Lea & Flood 2014): the
// first SplitMix64 output after hashing the three numbers in. A uniform u in [0, 1) is the top 53 bits / 2^53.
// Inverse CDFs turn u into a value: triangular and uniform in closed form; normal by Wichura's AS241 (PPND16, 1988,
// about 16 significant digits) with a truncation [lo, hi] mapped onto u (u' = F(lo) + u (F(hi) - F(lo)), never by
// rejection); log-normal = exp(normal).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace gwsim::sampling {

inline constexpr std::uint64_t kGoldenGamma = 0x9e3779b97f4a7c15ULL;
// Phi^-1(0.9), for log-normal distributions given by their median and 90th percentile.
inline constexpr double kZ90 = 1.2815515655446004;

// SplitMix64's output function (a bijection of 64-bit words).
inline std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}
// FNV-1a, 64 bits.
std::uint64_t fnv1a64(std::string_view text);
// The random bits of one value in one replication (see the header comment).
std::uint64_t random_bits(std::uint64_t seed, std::uint64_t replication, std::uint64_t stream);
// random_bits in two parts, for many streams of one replication: random_bits(seed, replication, stream) ==
// stream_bits(replication_key(seed, replication), stream).
std::uint64_t replication_key(std::uint64_t seed, std::uint64_t replication);
inline std::uint64_t stream_bits(std::uint64_t replication_key, std::uint64_t stream) {
  return mix64((replication_key ^ stream) + kGoldenGamma);
}
// Top 53 bits / 2^53: a multiple of 2^-53 in [0, 1).
double uniform01(std::uint64_t bits);
inline double uniform01(std::uint64_t seed, std::uint64_t replication, std::uint64_t stream) {
  return uniform01(random_bits(seed, replication, stream));
}

// Natural logarithm (x > 0) and exponential, within 2 ulp, bit-identical everywhere.
double log(double x);
double exp(double x);
// Standard normal CDF (to about 1e-14 relative for x > -30) and its inverse (AS241; p in (0, 1)).
double normal_cdf(double x);
double normal_quantile(double p);

// Inverse CDFs at u in [0, 1).
double triangular_quantile(double min, double mode, double max, double u);  // min < max, min <= mode <= max
double uniform_quantile(double min, double max, double u);
// Normal(mean, sd) truncated to [lo, hi], with cdf_lo = normal_cdf((lo - mean) / sd) and cdf_hi likewise.
double truncated_normal_quantile(double mean, double sd, double lo, double hi, double cdf_lo, double cdf_hi,
                                 double u);
// exp(mu + sigma Phi^-1(u)); u = 0 is taken as 2^-54.
double lognormal_quantile(double mu, double sigma, double u);
// The first index i with u < cumulative[i]; cumulative is increasing and ends with 1.
std::size_t discrete_index(const std::vector<double>& cumulative, double u);

}  // namespace gwsim::sampling
