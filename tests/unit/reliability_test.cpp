// Unit tests for models/reliability: Poisson draws, lot failures and repairs with spares, the Llama 3 calibration,
// and Young/Daly checkpointing with goodput.
#include "models/reliability.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace gwsim::models {
namespace {

// splitmix64 (Steele, Lea, Flood 2014): a small, well-known generator, so the statistical tests use the same
// uniforms on every machine.
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}
  double uniform() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
  }

 private:
  std::uint64_t state_;
};

// Independent route to the exact Poisson quantile: pmf from lgamma in log space, summed from 0.
std::int64_t reference_quantile(double mean, double u) {
  double cdf = 0.0;
  for (std::int64_t k = 0; k < 100'000; ++k) {
    cdf += std::exp(-mean + static_cast<double>(k) * std::log(mean) - std::lgamma(static_cast<double>(k) + 1.0));
    if (u < cdf) return k;
  }
  return -1;
}

std::array<double, kFailureComponentCount> uniforms_all(double u) { return {u, u, u, u}; }

// poisson_draw gives poisson_inverse_cdf's value for every (mean, u): means across both branches and the edges
// (none, negative, just under and at the exact limit, large) and uniforms across [0, 1) with its ends; then draws
// from means already seen, in any order of uniforms (a small one first keeps a short CDF, a larger one later extends
// it; one within the last ulp of 1 reaches the point where F stops growing).
TEST(Poisson, KeptCdfDrawsEqualTheLoop) {
  const std::vector<double> edges = {0.0, -1.0, 1e-9, 0.05, 0.9944, 1.0, 3.7, 12.5, 31.999, 32.0, 47.3, 1e4};
  const std::vector<double> edge_us = {0.0, 1e-12, 0.1, 0.3678, 0.5, 0.9, 0.999, 1.0 - 1e-15, 1.0};
  std::int64_t nonzero = 0;
  for (double mean : edges) {
    for (double u : edge_us) {
      EXPECT_EQ(poisson_draw(mean, u), poisson_inverse_cdf(mean, u)) << "mean " << mean << ", u " << u;
      nonzero += poisson_draw(mean, u) > 0;
    }
  }
  EXPECT_GT(nonzero, 50);  // most draws exercise the search, not only its zero exits

  const std::array<double, 6> means = {0.25, 2.0, 7.5, 19.0, 31.5, 0.994444};
  std::uint64_t state = 12345;
  const auto next_u = [&] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<double>(state >> 11) * 0x1p-53;
  };
  std::int64_t largest = 0;
  for (int draw = 0; draw < 12000; ++draw) {
    const double mean = means[static_cast<std::size_t>(draw) % means.size()];
    const double u = draw % 97 == 0 ? 1.0 - 0x1p-53 : next_u();
    const std::int64_t n = poisson_draw(mean, u);
    ASSERT_EQ(n, poisson_inverse_cdf(mean, u)) << "draw " << draw << ", mean " << mean << ", u " << u;
    largest = std::max(largest, n);
  }
  EXPECT_GT(largest, 50);  // the draws at the top of [0, 1) went far into the tail of mean 31.5

  // The kept CDF's scan starts at a guide per 1/32 of [0, 1): uniforms on and next to each bucket's bounds, for
  // means whose F(k) land near them and means too small to need a second term.
  for (double mean : {1e-6, 0.03, 0.6931471805599453, 1.0, 4.0, 9.9, 25.0, 31.99}) {
    for (int b = 0; b <= 32; ++b) {
      const double bound = b / 32.0;
      for (double u : {std::nextafter(bound, 0.0), bound, std::nextafter(bound, 1.0)}) {
        if (!(u >= 0.0) || u > 1.0) continue;
        ASSERT_EQ(poisson_draw(mean, u), poisson_inverse_cdf(mean, u)) << "mean " << mean << ", u " << u;
      }
    }
    // Past the terms kept at first use (F > 1 - 2^-10): the draw sums on from the last one, twice for each u.
    for (double u : {1.0 - 0x1p-11, 1.0 - 0x1p-14, 1.0 - 0x1p-20, 1.0 - 0x1p-40, 1.0 - 0x1p-14}) {
      ASSERT_EQ(poisson_draw(mean, u), poisson_inverse_cdf(mean, u)) << "mean " << mean << ", u " << u;
      ASSERT_EQ(poisson_draw(mean, u), poisson_inverse_cdf(mean, u)) << "mean " << mean << ", u " << u;
    }
  }
}

TEST(Poisson, ExactBranchByHand) {
  // mean 1: F(0) = e^-1 = 0.367879, F(1) = 0.735759, F(2) = 0.919699, F(3) = 0.981012, F(4) = 0.996340.
  EXPECT_EQ(poisson_inverse_cdf(1.0, 0.0), 0);
  EXPECT_EQ(poisson_inverse_cdf(1.0, 0.3678), 0);
  EXPECT_EQ(poisson_inverse_cdf(1.0, 0.3679), 1);
  EXPECT_EQ(poisson_inverse_cdf(1.0, 0.7357), 1);
  EXPECT_EQ(poisson_inverse_cdf(1.0, 0.7358), 2);
  EXPECT_EQ(poisson_inverse_cdf(1.0, 0.95), 3);
  EXPECT_EQ(poisson_inverse_cdf(1.0, 0.99), 4);
  // mean 716/720 = 0.994444: F(0) = 0.369929, F(1) = 0.369929 x 1.994444 = 0.737803 (the header's day 1).
  EXPECT_EQ(poisson_inverse_cdf(716.0 / 720.0, 0.3699), 0);
  EXPECT_EQ(poisson_inverse_cdf(716.0 / 720.0, 0.3700), 1);
  EXPECT_EQ(poisson_inverse_cdf(716.0 / 720.0, 0.5), 1);
  EXPECT_EQ(poisson_inverse_cdf(716.0 / 720.0, 0.7378), 1);
  EXPECT_EQ(poisson_inverse_cdf(716.0 / 720.0, 0.7379), 2);
  // No mean, no failure; u at the top of [0, 1) stays finite.
  EXPECT_EQ(poisson_inverse_cdf(0.0, 0.99), 0);
  EXPECT_EQ(poisson_inverse_cdf(-3.0, 0.99), 0);
  EXPECT_EQ(poisson_inverse_cdf(std::nan(""), 0.99), 0);
  EXPECT_GT(poisson_inverse_cdf(5.0, 1.0 - 0x1.0p-53), 20);
  EXPECT_LT(poisson_inverse_cdf(5.0, 1.0 - 0x1.0p-53), 60);
}

TEST(Poisson, ExactBranchMatchesIndependentCdf) {
  for (const double mean : {1e-4, 0.05, 0.5, 3.7, 12.0, 31.9}) {
    for (int i = 0; i < 2'000; ++i) {
      const double u = (i + 0.5) / 2'000.0;
      ASSERT_EQ(poisson_inverse_cdf(mean, u), reference_quantile(mean, u)) << "mean " << mean << " u " << u;
    }
  }
}

// The Cornish-Fisher branch against exact inversion on a grid of 100,000 uniforms: the share of uniforms where the
// two differ (measured 0.077% at mean 32, 0.028% at 100, 0.004% at 1,000) and the grid's mean and variance.
TEST(Poisson, ApproximationAgreesWithExactInversion) {
  struct Case {
    double mean;
    double max_differing_share;
  };
  for (const Case c : {Case{32.0, 0.001}, Case{50.0, 0.001}, Case{100.0, 0.0005}, Case{1000.0, 0.0001}}) {
    constexpr int kN = 100'000;
    // Exact CDF once, then invert each grid point by a forward scan (the grid is increasing).
    std::vector<double> cdf;
    double sum = 0.0;
    for (std::int64_t k = 0; sum < 1.0 - 1e-15 && k < 10'000; ++k) {
      sum += std::exp(-c.mean + static_cast<double>(k) * std::log(c.mean) - std::lgamma(static_cast<double>(k) + 1.0));
      cdf.push_back(sum);
    }
    int differing = 0;
    double draws = 0.0;
    double squares = 0.0;
    std::size_t k = 0;
    for (int i = 0; i < kN; ++i) {
      const double u = (i + 0.5) / kN;
      while (k + 1 < cdf.size() && u >= cdf[k]) ++k;
      const std::int64_t n = poisson_inverse_cdf(c.mean, u);
      if (n != static_cast<std::int64_t>(k)) ++differing;
      draws += static_cast<double>(n);
      squares += static_cast<double>(n) * static_cast<double>(n);
    }
    EXPECT_LE(static_cast<double>(differing) / kN, c.max_differing_share) << c.mean;
    const double mean = draws / kN;
    EXPECT_NEAR(mean, c.mean, 1e-4 * c.mean) << c.mean;
    EXPECT_NEAR(squares / kN - mean * mean, c.mean, 1e-3 * c.mean) << c.mean;
  }
}

// 10,000 steps with uniforms from splitmix64 (seed 2026): the total of Poisson(mean) draws has mean 10,000 x mean
// and standard deviation sqrt(10,000 x mean); it must fall within 5 standard deviations (a 6e-7 chance of a false
// alarm for a correct sampler, and deterministic anyway for this seed), in both branches.
TEST(Poisson, ManyDrawsMatchTheRate) {
  for (const double mean : {0.02, 3.7, 45.0}) {
    SplitMix64 rng(2026);
    double total = 0.0;
    for (int step = 0; step < 10'000; ++step) total += static_cast<double>(poisson_inverse_cdf(mean, rng.uniform()));
    const double expected = 10'000.0 * mean;
    EXPECT_NEAR(total, expected, 5.0 * std::sqrt(expected)) << mean;
  }
}

// The header's worked example.
PlatformReliability gpu_only(double rate, double swap_days, double repair_days) {
  PlatformReliability r;
  r[FailureComponent::kGpu] = ComponentReliability{rate, 4, swap_days, repair_days, true};
  return r;
}

TEST(Reliability, WorkedExampleFromHeader) {
  const PlatformReliability rel = gpu_only(1.0 / 720.0, 0.25, 5.0);
  LotRepairs lot;
  SparesPool spares{2, {}};
  const auto step = [&](double day, double u_gpu) {
    const std::array<double, kFailureComponentCount> u{u_gpu, 0.5, 0.5, 0.5};
    return step_lot(rel, LotStepInput{10, 72, day, 1.0}, u, lot, spares);
  };
  // Day 0: mu = 720 x 1/720 = 1, u = 0.95 -> 3 failures; 2 swapped (back at 0.25), 1 waits (back at day 5).
  LotStep s = step(0.0, 0.95);
  EXPECT_EQ(s.failures[0], 3);
  EXPECT_EQ(s.failures[1] + s.failures[2] + s.failures[3], 0);
  EXPECT_EQ(s.swapped, 2);
  EXPECT_EQ(s.waited, 1);
  EXPECT_DOUBLE_EQ(s.packages_out_mean, 6.0);  // 2 x 4 x 0.25 + 1 x 4 x 1 package-days over one day
  EXPECT_EQ(s.packages_out_end, 4);
  EXPECT_EQ(spares.on_shelf, 0);
  // Day 1: 716 in service, mu = 0.99444, u = 0.5 -> 1 failure; no spare, so it waits until day 6.
  s = step(1.0, 0.5);
  EXPECT_EQ(s.failures[0], 1);
  EXPECT_EQ(s.swapped, 0);
  EXPECT_EQ(s.waited, 1);
  EXPECT_DOUBLE_EQ(s.packages_out_mean, 8.0);
  EXPECT_EQ(s.packages_out_end, 8);
  // Days 2-4: u = 0.1 < F(0) = 0.37: nothing fails; 8 packages stay out.
  for (const double day : {2.0, 3.0, 4.0}) {
    s = step(day, 0.1);
    EXPECT_EQ(s.failures[0], 0) << day;
    EXPECT_DOUBLE_EQ(s.packages_out_mean, 8.0) << day;
    EXPECT_EQ(s.packages_out_end, 8) << day;
  }
  EXPECT_EQ(spares.on_shelf, 0);
  // Day 5: the 2 parts are back from repair on the shelf; the day-0 batch is back in service.
  s = step(5.0, 0.1);
  EXPECT_EQ(spares.on_shelf, 2);
  EXPECT_DOUBLE_EQ(s.packages_out_mean, 4.0);
  EXPECT_EQ(s.packages_out_end, 4);
  // Day 6: the day-1 batch is back.
  s = step(6.0, 0.1);
  EXPECT_DOUBLE_EQ(s.packages_out_mean, 0.0);
  EXPECT_EQ(s.packages_out_end, 0);
  EXPECT_TRUE(lot.out_of_service.empty());
  EXPECT_TRUE(spares.in_repair.empty());
}

TEST(Reliability, HourlyStepsCountPartialDowntime) {
  // Swap 0.25 day = 6 hours: in hourly steps a swapped tray is out for 6 whole steps, then back.
  const PlatformReliability rel = gpu_only(1.0 / 720.0 * 24.0, 0.25, 5.0);  // mu = 1 per hour with 720 in service
  LotRepairs lot;
  SparesPool spares{10, {}};
  const double hour = 1.0 / 24.0;
  const std::array<double, kFailureComponentCount> one{0.5, 0.5, 0.5, 0.5};  // F(0) < 0.5 < F(1): one failure
  LotStep s = step_lot(rel, LotStepInput{10, 72, 100.0, hour}, one, lot, spares);
  EXPECT_EQ(s.failures[0], 1);
  EXPECT_EQ(s.swapped, 1);
  const std::array<double, kFailureComponentCount> none{0.0, 0.0, 0.0, 0.0};
  for (int h = 1; h < 6; ++h) {
    s = step_lot(rel, LotStepInput{10, 72, 100.0 + h * hour, hour}, none, lot, spares);
    EXPECT_NEAR(s.packages_out_mean, 4.0, 1e-9) << h;
  }
  // Hour 6 starts at the return time (up to rounding of h / 24): the tray is back.
  s = step_lot(rel, LotStepInput{10, 72, 100.0 + 6.0 * hour, hour}, none, lot, spares);
  EXPECT_NEAR(s.packages_out_mean, 0.0, 1e-6);
  EXPECT_EQ(s.packages_out_end, 0);
}

TEST(Reliability, RackLevelRateIsPerRackAndFailuresNeverExceedWhatIsInService) {
  PlatformReliability rel;
  // Rack-level: 0.5 per rack-day on 4 racks of 72 = mu 2; a failure takes the whole rack (72 packages).
  rel[FailureComponent::kRack] = ComponentReliability{0.5, 72, 0.0, 2.0, false};
  LotRepairs lot;
  SparesPool spares{5, {}};  // spare trays on the shelf do not fix rack-level faults (uses_spares = false)
  // mu = 2: F(0) = 0.135335, F(1) = 0.406006, F(2) = 0.676676; u = 0.5 -> 2 racks down for 2 days.
  LotStep s = step_lot(rel, LotStepInput{4, 72, 0.0, 1.0}, uniforms_all(0.5), lot, spares);
  EXPECT_EQ(s.failures[3], 2);
  EXPECT_EQ(s.waited, 2);
  EXPECT_EQ(s.swapped, 0);
  EXPECT_EQ(spares.on_shelf, 5);
  EXPECT_EQ(s.packages_out_end, 144);
  // Day 1: 2 racks in service, mu = 1; u just below 1 asks for many failures, but only 2 racks can fail.
  s = step_lot(rel, LotStepInput{4, 72, 1.0, 1.0}, uniforms_all(0.999999), lot, spares);
  EXPECT_EQ(s.failures[3], 2);
  EXPECT_EQ(s.packages_out_end, 288);
  EXPECT_DOUBLE_EQ(s.packages_out_mean, 288.0);
  // Day 2: the day-0 pair is back; the day-1 pair returns at day 3.
  s = step_lot(rel, LotStepInput{4, 72, 2.0, 1.0}, uniforms_all(0.0), lot, spares);
  EXPECT_EQ(s.packages_out_end, 144);
  // Fewer live racks than packages out (racks retired): the report never exceeds what is live.
  s = step_lot(rel, LotStepInput{1, 72, 2.5, 0.25}, uniforms_all(0.0), lot, spares);
  EXPECT_EQ(s.packages_out_end, 72);
  EXPECT_DOUBLE_EQ(s.packages_out_mean, 72.0);
}

// Only packages in service are exposed: with 2 of 4 racks out, the GPU's mu = 2 x 72 x (1/144) = 1 and the rack's
// mu = 2 racks x 0.5 = 1, F(0) = 0.3679 > 0.3, so u = 0.3 draws no failure (with all 4 racks exposed, mu = 2 and
// F(0) = 0.1353 < 0.3 would draw one of each).
TEST(Reliability, ExposureIsWhatIsInService) {
  PlatformReliability rel = gpu_only(1.0 / 144.0, 0.0, 3.0);
  rel[FailureComponent::kRack] = ComponentReliability{0.5, 72, 0.0, 3.0, false};
  LotRepairs lot;
  lot.out_of_service.push_back({10.0, 144});
  lot.packages_out = 144;
  SparesPool spares;
  const LotStep s = step_lot(rel, LotStepInput{4, 72, 0.0, 1.0}, uniforms_all(0.3), lot, spares);
  EXPECT_EQ(s.failures[0], 0);
  EXPECT_EQ(s.failures[3], 0);
  EXPECT_DOUBLE_EQ(s.packages_out_mean, 144.0);
  const std::array<double, kFailureComponentCount> u{0.37, 0.0, 0.0, 0.0};
  const LotStep t = step_lot(rel, LotStepInput{4, 72, 1.0, 1.0}, u, lot, spares);
  EXPECT_EQ(t.failures[0], 1);  // F(0) = 0.367879 <= 0.37
  EXPECT_EQ(t.failures[3], 0);
}

// A batch coming back inside a step counts only until it is back: out from day 0 until day 2.5, in daily steps it
// is out all of day 1 and half of day 2.
TEST(Reliability, BatchBackMidStepCountsPartOfTheStep) {
  const PlatformReliability rel = gpu_only(0.0, 0.0, 2.5);
  LotRepairs lot;
  lot.out_of_service.push_back({2.5, 8});
  lot.packages_out = 8;
  SparesPool spares;
  LotStep s = step_lot(rel, LotStepInput{10, 72, 1.0, 1.0}, uniforms_all(0.5), lot, spares);
  EXPECT_DOUBLE_EQ(s.packages_out_mean, 8.0);
  EXPECT_EQ(s.packages_out_end, 8);
  s = step_lot(rel, LotStepInput{10, 72, 2.0, 1.0}, uniforms_all(0.5), lot, spares);
  EXPECT_DOUBLE_EQ(s.packages_out_mean, 4.0);  // 8 x (2.5 - 2.0) / 1
  EXPECT_EQ(s.packages_out_end, 0);
  EXPECT_TRUE(lot.out_of_service.empty());
}

// Little's law as an independent check over 20,000 daily steps: with failures at r per package-day on the packages
// in service (N - O), p packages per failure and R days out, the steady-state mean out is O = r p R N / (1 + r p R).
// r = 1e-4, p = 4, R = 5, N = 72,000: r p R = 0.002, O = 144 / 1.002 = 143.713. The daily count out has a standard
// deviation of about p sqrt(r N R) = 24 with a correlation time of R days, so the mean of ~20,000 days has a standard
// error near 24 / sqrt(4,000) = 0.38; the bound 2.0 is about 5 of those.
TEST(Reliability, SteadyStateMatchesLittlesLaw) {
  const PlatformReliability rel = gpu_only(1e-4, 0.25, 5.0);
  LotRepairs lot;
  SparesPool none;
  SplitMix64 rng(7);
  double sum = 0.0;
  int counted = 0;
  for (int day = 0; day < 20'100; ++day) {
    const std::array<double, kFailureComponentCount> u{rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform()};
    const LotStep s = step_lot(rel, LotStepInput{1'000, 72, static_cast<double>(day), 1.0}, u, lot, none);
    if (day >= 100) {
      sum += s.packages_out_mean;
      ++counted;
    }
  }
  EXPECT_NEAR(sum / counted, 144.0 / 1.002, 2.0);
}

// With a deep shelf every failure is swapped: out = r N p x swap_days = 1e-4 x 72,000 x 4 x 0.25 = 7.2 on average
// (swaps last 0.25 of a day, so nothing is out at the end of a day), and spares are conserved: on the shelf plus in
// repair is always the initial stock.
TEST(Reliability, SparesShortenDowntimeAndAreConserved) {
  const PlatformReliability rel = gpu_only(1e-4, 0.25, 5.0);
  LotRepairs lot;
  SparesPool spares{200, {}};
  SplitMix64 rng(11);
  double sum = 0.0;
  for (int day = 0; day < 10'000; ++day) {
    const std::array<double, kFailureComponentCount> u{rng.uniform(), rng.uniform(), rng.uniform(), rng.uniform()};
    const LotStep s = step_lot(rel, LotStepInput{1'000, 72, static_cast<double>(day), 1.0}, u, lot, spares);
    EXPECT_EQ(s.waited, 0) << day;
    EXPECT_EQ(s.packages_out_end, 0) << day;
    sum += s.packages_out_mean;
    std::int64_t in_repair = 0;
    for (const RepairReturn& r : spares.in_repair) in_repair += r.count;
    ASSERT_EQ(spares.on_shelf + in_repair, 200) << day;
  }
  // Daily failures ~ Poisson(7.2): the 10,000-day mean of out = failures x 4 x 0.25 has standard error
  // sqrt(7.2) / 100 = 0.027; bound 0.15.
  EXPECT_NEAR(sum / 10'000.0, 7.2, 0.15);
}

// The calibration in the header: the proposed H100 rates against Llama 3's 419 unplanned interruptions.
TEST(Reliability, H100RatesReproduceLlama3Interruptions) {
  PlatformReliability h100;
  h100[FailureComponent::kGpu].failures_per_unit_day = 2.2e-4;
  h100[FailureComponent::kHbm].failures_per_unit_day = 8.1e-5;
  h100[FailureComponent::kNic].failures_per_unit_day = 4.7e-5;
  h100[FailureComponent::kRack].failures_per_unit_day = 1.7e-3;  // per 32-package rack
  h100.transient_interruptions_per_package_day = 7.1e-5;
  const double rate = job_interruptions_per_package_day(h100, 32);
  // 2.2e-4 + 8.1e-5 + 4.7e-5 + 5.3125e-5 + 7.1e-5 = 4.72125e-4 per package-day.
  EXPECT_NEAR(rate, 4.72125e-4, 1e-12);
  // 54 days x 16,384 GPUs: 417.706 expected against 419 observed (-0.31%).
  EXPECT_NEAR(rate * 16'384.0 * 54.0, 417.706, 1e-3);
  EXPECT_NEAR(rate / (419.0 / (16'384.0 * 54.0)) - 1.0, -0.003088, 1e-6);
  // MTBF 86,400 / (16,384 x 4.72125e-4) = 11,169.58 s = 3.103 h.
  EXPECT_NEAR(job_mtbf_s(16'384.0, rate), 11'169.579, 1e-3);
  EXPECT_TRUE(std::isinf(job_mtbf_s(16'384.0, 0.0)));
}

TEST(Checkpointing, YoungDalyAndGoodputByHand) {
  // M = 10,000 s, delta = 50 s: Young sqrt(1e6) = 1,000 s; Daly 1,000 x (1 + 0.05/3 + 0.0025/9) - 50 = 966.9444 s.
  EXPECT_DOUBLE_EQ(young_interval_s(10'000.0, 50.0), 1'000.0);
  EXPECT_NEAR(daly_interval_s(10'000.0, 50.0), 966.944444, 1e-6);
  // G = 1,000 / (10,000 x (e^0.105 - 1)) = 1,000 / (10,000 x 0.1107106) = 0.9032558; with R = 100 s, / e^0.01.
  EXPECT_NEAR(training_goodput(1'000.0, 50.0, 0.0, 10'000.0), 0.9032558, 1e-7);
  EXPECT_NEAR(training_goodput(1'000.0, 50.0, 100.0, 10'000.0), 0.8942682, 1e-7);
  // No failures: only the checkpoint overhead remains, tau / (tau + delta).
  EXPECT_DOUBLE_EQ(training_goodput(1'000.0, 50.0, 100.0, job_mtbf_s(1e4, 0.0)), 1'000.0 / 1'050.0);
  // Checkpoints longer than 2M: Daly's interval is M.
  EXPECT_DOUBLE_EQ(daly_interval_s(100.0, 250.0), 100.0);
}

TEST(Checkpointing, DalysPublishedExamples) {
  // Daly 2006, figures 3-5: delta = 5 min, R = 10 min; M = 24 h -> 117 min, M = 6 h -> 57 min, M = 15 min -> 9.1 min.
  EXPECT_NEAR(daly_interval_s(24.0 * 3600.0, 300.0) / 60.0, 117.0, 0.5);
  EXPECT_NEAR(daly_interval_s(6.0 * 3600.0, 300.0) / 60.0, 57.0, 0.5);
  EXPECT_NEAR(daly_interval_s(15.0 * 60.0, 300.0) / 60.0, 9.1, 0.05);
}

TEST(Checkpointing, Llama3Goodput) {
  // 16,384 packages at 4.72125e-4: M = 11,169.58 s. delta = 12 s, R = 300 s: Daly tau = 509.79 s, G = 0.92907.
  const double mtbf = job_mtbf_s(16'384.0, 4.72125e-4);
  const double tau = daly_interval_s(mtbf, 12.0);
  EXPECT_NEAR(tau, 509.786, 1e-3);
  EXPECT_NEAR(training_goodput(tau, 12.0, 300.0, mtbf), 0.929068, 1e-6);
  // delta = 60 s, R = 600 s: tau = 1,118.08 s, G = 0.852834.
  EXPECT_NEAR(training_goodput(daly_interval_s(mtbf, 60.0), 60.0, 600.0, mtbf), 0.852834, 1e-6);
  // The Daly interval does at least as well as Young's and as intervals 20% either side.
  const double best = training_goodput(tau, 12.0, 300.0, mtbf);
  EXPECT_GE(best, training_goodput(young_interval_s(mtbf, 12.0), 12.0, 300.0, mtbf) - 1e-9);
  EXPECT_GT(best, training_goodput(tau * 0.8, 12.0, 300.0, mtbf));
  EXPECT_GT(best, training_goodput(tau * 1.2, 12.0, 300.0, mtbf));
}

}  // namespace
}  // namespace gwsim::models
