#include "models/reliability.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

namespace gwsim::models {
namespace {

// Below this mean the Poisson draw is an exact inversion; above it, the Cornish-Fisher approximation. At 32 the
// approximation already differs from the exact draw on < 0.1% of uniforms, and the exact search stays short
// (about mean + 3 sqrt(mean) terms).
constexpr double kExactPoissonMeanLimit = 32.0;

// fdlibm's split of ln 2 (e_exp.c): kLn2Hi has its low 32 bits zero, so n x kLn2Hi is exact for |n| < 2^20.
constexpr double kLn2Hi = 6.93147180369123816490e-01;
constexpr double kLn2Lo = 1.90821492927058770002e-10;
constexpr double kInvLn2 = 1.44269504088896338700e+00;
constexpr double kSqrtHalf = 0.70710678118654752440;

// e^x from basic operations only, so that every IEEE-754 machine gets the same bits (libm's exp may differ in the
// last place from one C library to another). x = n ln 2 + r with |r| <= ln2 / 2, e^r by its Taylor series to degree
// 17 (the remainder is below 1e-22), scaled by 2^n exactly. Accurate to a few ulp, which is all inversion needs.
double portable_exp(double x) {
  if (x < -745.2) return 0.0;
  if (x > 709.7) return std::numeric_limits<double>::infinity();
  const double n = std::floor(x * kInvLn2 + 0.5);
  const double r = (x - n * kLn2Hi) - n * kLn2Lo;
  double sum = 1.0;
  for (int k = 17; k >= 1; --k) sum = 1.0 + r * sum / k;
  return std::ldexp(sum, static_cast<int>(n));
}

// ln x for finite x > 0 from basic operations: x = m 2^e with m in [sqrt(1/2), sqrt(2)), ln m = 2 atanh(s) with
// s = (m - 1) / (m + 1), |s| <= 0.1716, summed to s^23 (remainder below 1e-19).
double portable_log(double x) {
  int e = 0;
  double m = std::frexp(x, &e);
  if (m < kSqrtHalf) {
    m *= 2.0;
    --e;
  }
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double series = 1.0 / 23.0;
  for (int k = 21; k >= 1; k -= 2) series = 1.0 / k + s2 * series;
  return e * kLn2Hi + (e * kLn2Lo + 2.0 * s * series);
}

// Inverse standard normal CDF: P. J. Acklam's rational approximation (2003), relative error below 1.15e-9.
double inverse_normal_cdf(double p) {
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
                                 1.383577518672690e+02,  -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
                                 6.680131188771972e+01,  -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
                                 -2.549732539343734e+00, 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
                                 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  const auto tail = [&](double q) {
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
           ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1.0);
  };
  if (p < kLow) return tail(std::sqrt(-2.0 * portable_log(p)));
  if (p > 1.0 - kLow) return -tail(std::sqrt(-2.0 * portable_log(1.0 - p)));
  const double q = p - 0.5;
  const double r = q * q;
  return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
         (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1.0);
}

// The returns are kept sorted by return_day, earliest first. A step pushes at its start plus a fixed swap or repair
// time, so in practice each push lands at the back (found by a scan from the back, which also places an earlier
// day correctly) and pops take a prefix: no heap's sift per entry. Equal days' counts (integers) are summed before
// any floating arithmetic, so only the days' order matters, never the entries'.
//
// The rare case: an entry due before the last one, placed by a scan from the back.
[[gnu::noinline]] void insert_return(std::vector<RepairReturn>& queue, double return_day, std::int64_t count) {
  auto at = queue.end();
  while (at != queue.begin() && (at - 1)->return_day > return_day) --at;
  queue.insert(at, RepairReturn{return_day, count});
}

inline void push_return(std::vector<RepairReturn>& queue, double return_day, std::int64_t count) {
  if (queue.empty() || !(queue.back().return_day > return_day)) {
    queue.push_back(RepairReturn{return_day, count});
    return;
  }
  insert_return(queue, return_day, count);
}

// Takes every entry due strictly before `limit` (or at it, when inclusive) and calls f(day, count) once per distinct
// day, in ascending order.
template <class F>
void pop_due(std::vector<RepairReturn>& queue, double limit, bool inclusive, F&& f) {
  std::size_t i = 0;
  const std::size_t n = queue.size();
  while (i < n && (inclusive ? queue[i].return_day <= limit : queue[i].return_day < limit)) {
    const double day = queue[i].return_day;
    std::int64_t count = 0;
    while (i < n && queue[i].return_day == day) count += queue[i++].count;
    f(day, count);
  }
  if (i > 0) queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(i));
}

// One term of the exact inversion's sum: p becomes e^-mean mean^k / k! from the term before, cdf F(k) from F(k - 1);
// false (cdf unchanged) once F stops growing. Every place that sums the CDF uses it, so all get the same bits.
bool next_cdf_term(double mean, std::int64_t k, double& p, double& cdf) {
  p = p * mean / static_cast<double>(k);
  const double next = cdf + p;
  if (next == cdf) return false;
  cdf = next;
  return true;
}

}  // namespace

std::int64_t poisson_inverse_cdf(double mean, double u) {
  if (!(mean > 0.0)) return 0;
  if (!(u > 0.0)) u = 0.0;
  if (u >= 1.0) u = 1.0 - std::ldexp(1.0, -53);
  if (mean < kExactPoissonMeanLimit) {
    double p = portable_exp(-mean);
    double cdf = p;
    std::int64_t k = 0;
    while (u >= cdf) {
      ++k;
      if (!next_cdf_term(mean, k, p, cdf)) break;  // F has reached 1 to double precision: u is in the last ulp
    }
    return k;
  }
  const double z = inverse_normal_cdf(std::max(u, std::ldexp(1.0, -53)));
  const double x = mean + std::sqrt(mean - 1.0 / 12.0) * z + (z * z - 1.0) / 6.0 +
                   (z - z * z * z) / (72.0 * std::sqrt(mean));
  const double n = std::ceil(x - 0.5);
  if (!(n > 0.0)) return 0;
  return n >= 9.0e18 ? static_cast<std::int64_t>(9.0e18) : static_cast<std::int64_t>(n);
}

namespace {

// The exact inversion's CDF for each mean drawn so far, kept so that a draw from a mean already seen reads it
// instead of summing it again: F(0..n-1) summed exactly as poisson_inverse_cdf's loop sums them (the same operations
// in the same order, so the same values), to the first F above kKeptBound or to the k at which F stops growing.
// A draw beyond the kept terms (u above F(n - 1), about one in a thousand) sums on from the last term as the loop
// would, without keeping what it adds.
//
// Layout, for the memory a draw touches: one 64-byte slot per mean in an open-addressed table (its key, the guide,
// where its terms are), the terms of all means one after another in an arena. guide[b], for b < kGuideBuckets: the
// smallest k with F(k) > b / kGuideBuckets; every F before it is <= any u in [b, b + 1) / kGuideBuckets, so the
// scan starts there and finds the same k (an indexed search): a draw reads its slot and one or two lines of terms.
constexpr int kGuideBuckets = 32;
constexpr double kKeptBound = 1.0 - 0x1p-10;

struct alignas(64) CdfSlot {
  std::uint64_t key = 0;  // the mean's bits; 0: empty (a mean drawn from is > 0)
  double p_last = 0.0;    // the last kept term, e^-mean mean^(n-1) / (n-1)! as the loop computes it
  std::uint32_t offset = 0;  // the first term's index in the arena
  std::uint16_t n = 0;       // terms kept
  std::uint16_t stall = 0;   // the k at which F stops growing, when it is within the kept terms (0: not)
  std::array<std::uint8_t, kGuideBuckets> guide{};
};
static_assert(sizeof(CdfSlot) == 64);

// The CDFs kept, by the mean's bits. Full at half its slots, it starts again empty.
class ExactCdfs {
 public:
  const CdfSlot& of(double mean, const double*& terms) {
    std::uint64_t key = 0;
    std::memcpy(&key, &mean, sizeof key);
    std::size_t i = static_cast<std::size_t>((key * 0x9E3779B97F4A7C15ULL) >> (64 - kSlotBits));
    while (slots_[i].key != 0) {
      if (slots_[i].key == key) {
        terms = arena_.data() + slots_[i].offset;
        return slots_[i];
      }
      i = (i + 1) & (kSlots - 1);
    }
    if (used_ >= kSlots / 2) {
      std::fill(slots_.begin(), slots_.end(), CdfSlot{});
      arena_.clear();
      used_ = 0;
      return of(mean, terms);
    }
    ++used_;
    CdfSlot& slot = slots_[i];
    slot.key = key;
    slot.offset = static_cast<std::uint32_t>(arena_.size());
    // The loop's terms: F(0) = p = e^-mean, then p = p mean / k and F(k) = F(k - 1) + p until F stops growing.
    double p = portable_exp(-mean);
    double cdf = p;
    arena_.push_back(cdf);
    for (std::int64_t k = 1; cdf <= kKeptBound; ++k) {
      double p_next = p;
      if (!next_cdf_term(mean, k, p_next, cdf)) {
        slot.stall = static_cast<std::uint16_t>(k);
        break;
      }
      p = p_next;
      arena_.push_back(cdf);
    }
    slot.p_last = p;
    slot.n = static_cast<std::uint16_t>(arena_.size() - slot.offset);
    const double* f = arena_.data() + slot.offset;
    std::size_t j = 0;
    for (int b = 0; b < kGuideBuckets; ++b) {
      const double bound = static_cast<double>(b) / kGuideBuckets;
      while (j < slot.n && f[j] <= bound) ++j;
      slot.guide[static_cast<std::size_t>(b)] = static_cast<std::uint8_t>(j);
    }
    terms = f;
    return slot;
  }

 private:
  static constexpr int kSlotBits = 14;
  static constexpr std::size_t kSlots = std::size_t{1} << kSlotBits;
  std::vector<CdfSlot> slots_ = std::vector<CdfSlot>(kSlots);
  std::vector<double> arena_;
  std::size_t used_ = 0;
};

// poisson_inverse_cdf(mean, u) for 0 < mean < kExactPoissonMeanLimit and u in [0, 1), from the CDF kept for `mean`.
// A replication draws from a few hundred distinct means (packages in service x rate x step) a hundred thousand
// times, so the loop's divisions are done once per mean and term instead of once per draw (measured: 98.7% of the
// 10 GW Monte Carlo's exact draws reuse a mean already seen). The draws are the loop's, bit for bit.
std::int64_t exact_draw(ExactCdfs& kept, double mean, double u) {
  const double* f = nullptr;
  const CdfSlot& t = kept.of(mean, f);
  // The loop returns the first k with u < F(k), or the k at which F stops growing. u * kGuideBuckets is exact (a
  // power of two), so the bucket's lower bound is <= u.
  for (std::size_t k = t.guide[static_cast<std::size_t>(u * kGuideBuckets)]; k < t.n; ++k) {
    if (u < f[k]) return static_cast<std::int64_t>(k);
  }
  if (t.stall > 0) return t.stall;
  // Past the kept terms: on from the last one, as the loop goes on.
  double p = t.p_last;
  double cdf = f[t.n - 1];
  for (std::int64_t k = t.n;; ++k) {
    if (!next_cdf_term(mean, k, p, cdf) || u < cdf) return k;
  }
}

// This thread's kept CDFs: a step fetches them once for its four draws.
ExactCdfs& kept_cdfs() {
  thread_local ExactCdfs kept;
  return kept;
}

std::int64_t draw_from(ExactCdfs& kept, double mean, double u) {
  if (!(mean > 0.0) || !(mean < kExactPoissonMeanLimit)) return poisson_inverse_cdf(mean, u);
  if (!(u > 0.0)) u = 0.0;
  if (u >= 1.0) u = 1.0 - 0x1p-53;  // as poisson_inverse_cdf clamps it
  return exact_draw(kept, mean, u);
}

}  // namespace

std::int64_t poisson_draw(double mean, double u) { return draw_from(kept_cdfs(), mean, u); }

LotStep step_lot(const PlatformReliability& reliability, const LotStepInput& input,
                 std::span<const double, kFailureComponentCount> uniforms, LotRepairs& lot, SparesPool& spares) {
  const double t0 = input.start_day;
  const double dt = input.dt_days;
  const double t1 = t0 + dt;
  LotStep step;
  ExactCdfs& kept = kept_cdfs();

  pop_due(spares.in_repair, t0, true, [&](double, std::int64_t count) { spares.on_shelf += count; });
  pop_due(lot.out_of_service, t0, true, [&](double, std::int64_t count) { lot.packages_out -= count; });

  const std::int64_t live = std::max<std::int64_t>(0, input.racks_live) * input.packages_per_rack;
  const std::int64_t in_service = std::max<std::int64_t>(0, live - lot.packages_out);
  double package_days = static_cast<double>(lot.packages_out) * dt;
  pop_due(lot.out_of_service, t1, false, [&](double day, std::int64_t count) {
    package_days -= static_cast<double>(count) * (t1 - day);
    lot.packages_out -= count;
  });

  // A unit out for d days from t0 counts for min(d, dt) of this step; only those out past the step are kept.
  const auto take_out = [&](double days, std::int64_t packages) {
    if (packages <= 0 || !(days > 0.0)) return;
    if (t0 + days < t1) {
      package_days += static_cast<double>(packages) * days;
      return;
    }
    package_days += static_cast<double>(packages) * dt;
    push_return(lot.out_of_service, t0 + days, packages);
    lot.packages_out += packages;
  };

  std::int64_t still_in_service = in_service;
  for (std::size_t i = 0; i < kFailureComponentCount; ++i) {
    const ComponentReliability& part = reliability.components[i];
    const double units = kFailureComponents[i] == FailureComponent::kRack
                             ? static_cast<double>(in_service) / static_cast<double>(input.packages_per_rack)
                             : static_cast<double>(in_service);
    std::int64_t n = draw_from(kept, units * part.failures_per_unit_day * dt, uniforms[i]);
    if (part.packages_out_per_failure > 0) {
      // n = min(n, still_in_service / per failure), without the division when n fits (nearly every step).
      std::int64_t need = 0;
      if (__builtin_mul_overflow(n, part.packages_out_per_failure, &need) || need > still_in_service) {
        n = std::min(n, still_in_service / part.packages_out_per_failure);
      }
      still_in_service -= n * part.packages_out_per_failure;
    }
    step.failures[i] = n;
    const std::int64_t swapped = part.uses_spares ? std::min(n, spares.on_shelf) : 0;
    spares.on_shelf -= swapped;
    if (swapped > 0) push_return(spares.in_repair, t0 + part.repair_days, swapped);
    take_out(part.swap_days, swapped * part.packages_out_per_failure);
    take_out(part.repair_days, (n - swapped) * part.packages_out_per_failure);
    step.swapped += swapped;
    step.waited += n - swapped;
  }

  step.packages_out_mean = std::clamp(package_days / dt, 0.0, static_cast<double>(live));
  step.packages_out_end = std::min(lot.packages_out, live);
  return step;
}

double job_interruptions_per_package_day(const PlatformReliability& reliability, std::int64_t packages_per_rack) {
  return reliability[FailureComponent::kGpu].failures_per_unit_day +
         reliability[FailureComponent::kHbm].failures_per_unit_day +
         reliability[FailureComponent::kNic].failures_per_unit_day +
         reliability[FailureComponent::kRack].failures_per_unit_day / static_cast<double>(packages_per_rack) +
         reliability.transient_interruptions_per_package_day;
}

double job_mtbf_s(double packages, double interruptions_per_package_day) {
  const double per_day = packages * interruptions_per_package_day;
  if (!(per_day > 0.0)) return std::numeric_limits<double>::infinity();
  return 86'400.0 / per_day;
}

double young_interval_s(double mtbf_s, double checkpoint_s) { return std::sqrt(2.0 * checkpoint_s * mtbf_s); }

double daly_interval_s(double mtbf_s, double checkpoint_s) {
  if (checkpoint_s >= 2.0 * mtbf_s) return mtbf_s;
  const double ratio = checkpoint_s / (2.0 * mtbf_s);
  return young_interval_s(mtbf_s, checkpoint_s) * (1.0 + std::sqrt(ratio) / 3.0 + ratio / 9.0) - checkpoint_s;
}

double training_goodput(double interval_s, double checkpoint_s, double restart_s, double mtbf_s) {
  if (!(interval_s > 0.0)) return 0.0;
  if (std::isinf(mtbf_s)) return interval_s / (interval_s + checkpoint_s);
  return interval_s /
         (mtbf_s * std::exp(restart_s / mtbf_s) * std::expm1((interval_s + checkpoint_s) / mtbf_s));
}

}  // namespace gwsim::models
