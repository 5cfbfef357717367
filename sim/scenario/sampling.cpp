// Compiled with -ffp-contract=off (sim/scenario/CMakeLists.txt): see sampling.hpp.
#include "sim/scenario/sampling.hpp"

#include <cmath>
#include <limits>

namespace gwsim::sampling {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// ln 2 split so that k * kLn2Hi is exact for |k| < 2^11 (fdlibm's constants).
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

double normal_pdf(double x) { return exp(-0.5 * x * x) * kInvSqrt2Pi; }

}  // namespace

std::uint64_t fnv1a64(std::string_view text) {
  std::uint64_t hash = 0xcbf29ce484222325ULL;
  for (char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}

// seed, then replication, then stream, each mixed into the state in turn; the first two are the replication key.
std::uint64_t replication_key(std::uint64_t seed, std::uint64_t replication) {
  return mix64((mix64(seed + kGoldenGamma) ^ replication) + kGoldenGamma);
}

std::uint64_t random_bits(std::uint64_t seed, std::uint64_t replication, std::uint64_t stream) {
  return stream_bits(replication_key(seed, replication), stream);
}

double uniform01(std::uint64_t bits) { return static_cast<double>(bits >> 11) * 0x1.0p-53; }

double exp(double x) {
  if (std::isnan(x)) return x;
  if (x > 709.782712893384) return kInfinity;
  if (x < -745.2) return 0.0;
  // x = k ln2 + r, |r| <= ln2 / 2 (Cody and Waite's reduction); e^x = 2^k e^r.
  const double k = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;
  // e^r = 1 + r (1 + r/2 (1 + r/3 (...))): the terms after r^22/22! are below 1e-25.
  double p = 1.0;
  for (int n = 22; n >= 1; --n) p = 1.0 + (r / n) * p;
  return std::ldexp(p, static_cast<int>(k));
}

double log(double x) {
  if (std::isnan(x) || x < 0.0) return kNaN;
  if (x == 0.0) return -kInfinity;
  if (std::isinf(x)) return x;
  // x = m 2^e with m in [sqrt(1/2), sqrt(2)); log m = 2 atanh(s), s = (m - 1) / (m + 1), |s| < 0.1716.
  int e = 0;
  double m = std::frexp(x, &e);
  if (m < kSqrtHalf) {
    m *= 2.0;
    --e;
  }
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  // 2 atanh(s) = 2s + 2s (s^2/3 + s^4/5 + ...); s^2 < 0.0295, so 13 terms leave less than 1e-19.
  double poly = 1.0 / 27.0;
  for (int k = 12; k >= 1; --k) poly = 1.0 / (2 * k + 1) + s2 * poly;
  const double log_m = 2.0 * s + 2.0 * s * (s2 * poly);
  const double de = static_cast<double>(e);
  return de * kLn2Hi + (de * kLn2Lo + log_m);
}

double normal_cdf(double x) {
  if (std::isnan(x)) return x;
  if (x < -38.5) return 0.0;
  if (x > 8.5) return 1.0;
  if (x > 1.5) return 1.0 - normal_cdf(-x);
  if (x < -1.5) {
    // Laplace's continued fraction for the Mills ratio: Phi(-t) = phi(t) / (t + 1/(t + 2/(t + 3/(t + ...)))),
    // evaluated from 400 terms down: converged to the last bit for t >= 1.5.
    const double t = -x;
    double d = t;
    for (int k = 400; k >= 1; --k) d = t + k / d;
    return normal_pdf(t) / d;
  }
  // |x| <= 1.5: Phi(x) = 1/2 + phi(x) (x + x^3/3 + x^5/(3 5) + x^7/(3 5 7) + ...), all terms of one sign.
  const double x2 = x * x;
  double term = x;
  double sum = x;
  for (int n = 1; n < 400; ++n) {
    term *= x2 / (2 * n + 1);
    sum += term;
    if (std::fabs(term) <= 1e-17 * std::fabs(sum)) break;
  }
  return 0.5 + normal_pdf(x) * sum;
}

double normal_quantile(double p) {
  if (std::isnan(p)) return p;
  if (p <= 0.0) return -kInfinity;
  if (p >= 1.0) return kInfinity;
  // Wichura, M. J. (1988). Algorithm AS 241: The percentage points of the normal distribution. Applied
  // Statistics 37(3), 477-484. PPND16, about 1 part in 10^16.
  const double q = p - 0.5;
  if (std::fabs(q) <= 0.425) {
    const double r = 0.180625 - q * q;
    const double num =
        (((((((2.5090809287301226727e+3 * r + 3.3430575583588128105e+4) * r + 6.7265770927008700853e+4) * r +
             4.5921953931549871457e+4) * r + 1.3731693765509461125e+4) * r + 1.9715909503065514427e+3) * r +
          1.3314166789178437745e+2) * r + 3.3871328727963666080e+0);
    const double den =
        (((((((5.2264952788528545610e+3 * r + 2.8729085735721942674e+4) * r + 3.9307895800092710610e+4) * r +
             2.1213794301586595867e+4) * r + 5.3941960214247511077e+3) * r + 6.8718700749205790830e+2) * r +
          4.2313330701600911252e+1) * r + 1.0);
    return q * num / den;
  }
  double r = q < 0.0 ? p : 1.0 - p;
  r = std::sqrt(-log(r));
  double value = 0.0;
  if (r <= 5.0) {
    r -= 1.6;
    const double num =
        (((((((7.74545014278341407640e-4 * r + 2.27238449892691845833e-2) * r + 2.41780725177450611770e-1) * r +
             1.27045825245236838258e+0) * r + 3.64784832476320460504e+0) * r + 5.76949722146069140550e+0) * r +
          4.63033784615654529590e+0) * r + 1.42343711074968357734e+0);
    const double den =
        (((((((1.05075007164441684324e-9 * r + 5.47593808499534494600e-4) * r + 1.51986665636164571966e-2) * r +
             1.48103976427480074590e-1) * r + 6.89767334985100004550e-1) * r + 1.67638483018380384940e+0) * r +
          2.05319162663775882187e+0) * r + 1.0);
    value = num / den;
  } else {
    r -= 5.0;
    const double num =
        (((((((2.01033439929228813265e-7 * r + 2.71155556874348757815e-5) * r + 1.24266094738807843860e-3) * r +
             2.65321895265761230930e-2) * r + 2.96560571828504891230e-1) * r + 1.78482653991729133580e+0) * r +
          5.46378491116411436990e+0) * r + 6.65790464350110377720e+0);
    const double den =
        (((((((2.04426310338993978564e-15 * r + 1.42151175831644588870e-7) * r + 1.84631831751005468180e-5) * r +
             7.86869131145613259100e-4) * r + 1.48753612908506148525e-2) * r + 1.36929880922735805310e-1) * r +
          5.99832206555887937690e-1) * r + 1.0);
    value = num / den;
  }
  return q < 0.0 ? -value : value;
}

double triangular_quantile(double min, double mode, double max, double u) {
  const double width = max - min;
  if (u * width < mode - min) return min + std::sqrt(u * width * (mode - min));
  return max - std::sqrt((1.0 - u) * width * (max - mode));
}

double uniform_quantile(double min, double max, double u) { return min + u * (max - min); }

double truncated_normal_quantile(double mean, double sd, double lo, double hi, double cdf_lo, double cdf_hi,
                                 double u) {
  double p = cdf_lo + u * (cdf_hi - cdf_lo);
  if (p <= 0.0) p = 0x1.0p-1074;
  if (p >= 1.0) p = 1.0 - 0x1.0p-53;
  double x = mean + sd * normal_quantile(p);
  if (x < lo) x = lo;
  if (x > hi) x = hi;
  return x;
}

double lognormal_quantile(double mu, double sigma, double u) {
  const double p = u > 0.0 ? u : 0x1.0p-54;
  return exp(mu + sigma * normal_quantile(p));
}

std::size_t discrete_index(const std::vector<double>& cumulative, double u) {
  for (std::size_t i = 0; i < cumulative.size(); ++i) {
    if (u < cumulative[i]) return i;
  }
  return cumulative.empty() ? 0 : cumulative.size() - 1;
}

}  // namespace gwsim::sampling
