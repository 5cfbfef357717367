// Fleet reliability: component failures, repairs and spares per lot of racks; training goodput under failures.
//
// Failures. Each component c of a platform fails at a constant rate lambda_c (exponential lifetimes, no burn-in or
// wear-out), per package-day for the GPU, its HBM and its scale-out NIC path, per rack-day for rack-level parts.
// Over a step of dt days, a lot (the racks of one tranche at one site) with P_in packages in service draws
//   n_c ~ Poisson(mu_c),  mu_c = P_in x lambda_c x dt               (gpu, hbm, nic)
//                         mu_c = (P_in / packages_per_rack) x lambda_c x dt   (rack)
// from ONE caller-supplied uniform u_c in [0, 1) per component: the cost of a step is independent of the number of
// racks. n_c is capped so that the packages it takes out never exceed those still in service.
// Poisson sampling (poisson_inverse_cdf), identical on every IEEE-754 machine for the same (mu, u):
//   mu < 32:  exact inversion, n = min{k : F(k) > u}, F(k) = sum_{j<=k} e^-mu mu^j / j!, summed upward with
//             e^-mu from a fixed-order polynomial (no libm call);
//   mu >= 32: a normal approximation with the Cornish-Fisher skewness terms and Sheppard's correction,
//             x = mu + sqrt(mu - 1/12) z + (z^2 - 1)/6 + (z - z^3)/(72 sqrt(mu)),  z = Phi^-1(u),  n = ceil(x - 1/2)
//             (Phi^-1 by Acklam's rational approximation, relative error < 1.15e-9; logarithms by a fixed-order
//             series). On a grid of 100,000 uniforms it differs from exact inversion on 0.08% of them at mu = 32,
//             0.03% at mu = 100, with mean and variance within 0.003% of mu (tests/unit/reliability_test.cpp bounds:
//             0.1%, 0.05%, mean 0.01%, variance 0.1%). Without Sheppard's 1/12 the variance is mu + 1/12.
//   Only +, -, x, /, sqrt, floor, ceil, ldexp and frexp are used: all exact or correctly rounded under IEEE 754, so
//   the draws do not depend on the platform's libm (models/CMakeLists.txt compiles this file with
//   -ffp-contract=off so that no compiler fuses a multiply-add differently).
// Repairs. A failure takes packages_out_per_failure packages out of service (the replaceable unit: a compute tray of
// 4 packages on an NVL72 rack, an 8-GPU server on HGX). The catalog states one unit per platform, used for every
// component, rack-level faults included: on NVL racks a rack-level fault (power shelf, NVLink switch tray, coolant)
// is taken to idle one tray, not the rack, an optimistic reading the caller's docs state. Failures are taken to
// happen at the start of the step. If the component uses spares and the site's shelf has one, the unit is back
// after swap_days and the failed part goes to repair, returning to the shelf after repair_days; otherwise the unit
// is back after repair_days. Failures of one component in one step form one batch with one return date: the state
// is a short sorted list of (return day, count) per lot and per site shelf, never a list of racks. swap_days and
// repair_days are means; a scenario that makes them distributions has the caller draw them (per replication or per
// step) and pass the drawn values in.
//   effective packages = live packages - packages out of service; the step reports the mean over the step
//   (a batch out for part of the step counts for that part) and the count at its end.
// Job interruptions. A job on N packages is interrupted when any of its packages' parts fails, or by a transient
// fault (software, or hardware cleared by a reset) that takes nothing out of service, at lambda_tr:
//   job rate = N x (lambda_gpu + lambda_hbm + lambda_nic + lambda_rack / packages_per_rack + lambda_tr) per day,
//   job MTBF M = 1 / job rate.
// Checkpointing (Young 1974, "A first order approximation to the optimum checkpoint interval", CACM 17(9);
// Daly 2006, "A higher order estimate of the optimum checkpoint interval for restart dumps", FGCS 22(3)), with
// checkpoint cost delta, restart cost R (detect, reschedule, reload) and compute interval tau between checkpoints:
//   Young:   tau = sqrt(2 delta M)
//   Daly:    tau = sqrt(2 delta M) x (1 + sqrt(delta / 2M) / 3 + (delta / 2M) / 9) - delta   for delta < 2M,
//            tau = M otherwise
//   goodput  G = tau / (M e^(R/M) (e^((tau + delta)/M) - 1))     (Daly's expected wall time for exponential
//            failures, which may also strike during checkpoints and restarts; useful time / wall time)
//   First-order reading: waste = 1 - G ~ delta / tau + (tau / 2 + R) / M.
//
// Parameters and units: rates per package-day or per rack-day; durations in days (repairs) or seconds
// (checkpoints); counts as 64-bit integers; time as days since 1970-01-01 (fractional in hourly runs).
// Calibration (defaults proposed for configs/, labels there): Llama 3 405B pre-training on 16,384 H100 over 54 days
// had 419 unplanned interruptions (Meta, "The Llama 3 Herd of Models", 2024, root-cause table), 884,736 GPU-days:
//   gpu   196 (faulty GPU 148, SRAM 19, system processor 17, silent data corruption 6, thermal/sensor 6)
//           / 884,736 = 2.215e-4 per package-day   -> 2.2e-4
//   hbm    72 / 884,736 = 8.138e-5                  -> 8.1e-5
//   nic    42 (NIC 7, network switch/cable 35) / 884,736 = 4.747e-5   -> 4.7e-5
//   rack   46 (host maintenance 32, SSD 3, PSU 3, chassis 2, IO board 2, CPU 2, memory 2) = 5.199e-5 per package-day,
//          x 32 packages per 4-server rack = 1.664e-3 per rack-day   -> 1.7e-3
//   transient 63 (software bugs 54, NCCL watchdog 7, dependency 2) = 7.121e-5  -> 7.1e-5 (interrupt, no repair)
//   rounded sum 2.2e-4 + 8.1e-5 + 4.7e-5 + 1.7e-3 / 32 + 7.1e-5 = 4.72125e-4 per package-day against
//   419 / 884,736 = 4.7359e-4 observed: -0.31%, i.e. 417.7 expected interruptions for 419 seen, far inside the
//   observation's own Poisson spread (sqrt(419) = 20.5, 4.9%). Job MTBF for 16,384 H100: 1 / (16,384 x 4.72125e-4)
//   = 0.12928 days = 3.10 hours ("about one every 3 hours").
//
// Worked example (checked by tests/unit/reliability_test.cpp). A lot of 10 racks x 72 packages; only the GPU fails,
// at 1/720 per package-day (mu = 1 per day with all 720 packages in service), 4 packages per failure, swap 0.25 days,
// repair 5 days; the site's shelf holds 2 spares; daily steps from day 0.
//   day 0, u = 0.95: F(0..3) = 0.36788, 0.73576, 0.91970, 0.98101, so n = 3; 2 swapped (shelf 2 -> 0) are back at
//          day 0.25 (2 x 4 x 0.25 = 2 package-days), 1 waits until day 5 (4 package-days); 2 parts in repair return
//          to the shelf at day 5. Mean out 6 packages, 4 at the end of the day.
//   day 1, u = 0.5: 716 in service, mu = 716 / 720 = 0.99444, F(0) = 0.36993 <= 0.5 < F(1) = 0.73780: n = 1; the
//          shelf is empty, so it waits until day 6. Mean out 4 + 4 = 8, 8 at the end.
//   days 2-4, u = 0.1 < F(0): no failure, 8 out.  day 5: 2 spares back on the shelf; the day-0 batch is back: 4 out.
//   day 6: the day-1 batch is back: 0 out.
// Goodput example: M = 10,000 s, delta = 50 s: Young tau = sqrt(2 x 50 x 10,000) = 1,000 s; Daly tau =
//   1,000 x (1 + 0.05 / 3 + 0.0025 / 9) - 50 = 966.944 s; with R = 0 and tau = 1,000 s,
//   G = 1,000 / (10,000 x (e^0.105 - 1)) = 1,000 / 1,107.106 = 0.903256; with R = 100 s, G = 0.903256 / e^0.01
//   = 0.894268. Llama 3 check: M = 3.10 h, delta = 12 s, R = 300 s gives Daly tau = 510 s and G = 92.9%
//   (Meta reported > 90% effective training time); delta = 60 s, R = 600 s gives 85.3%.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace gwsim::models {

enum class FailureComponent { kGpu, kHbm, kNic, kRack };
inline constexpr std::size_t kFailureComponentCount = 4;
inline constexpr std::array<FailureComponent, kFailureComponentCount> kFailureComponents{
    FailureComponent::kGpu, FailureComponent::kHbm, FailureComponent::kNic, FailureComponent::kRack};

struct ComponentReliability {
  double failures_per_unit_day = 0.0;         // per package-day (gpu, hbm, nic) or per rack-day (rack)
  std::int64_t packages_out_per_failure = 1;  // packages out of service while one failure is repaired
  double swap_days = 0.0;                     // back in service after this when a spare is on the shelf
  double repair_days = 0.0;                   // back after this without a spare; a swapped-out part's repair time
  bool uses_spares = true;
};

struct PlatformReliability {
  std::array<ComponentReliability, kFailureComponentCount> components{};
  // Software faults and hardware faults cleared by a restart or reset: they interrupt jobs, take nothing out.
  double transient_interruptions_per_package_day = 0.0;
  const ComponentReliability& operator[](FailureComponent c) const {
    return components[static_cast<std::size_t>(c)];
  }
  ComponentReliability& operator[](FailureComponent c) { return components[static_cast<std::size_t>(c)]; }
};

// Packages (lot) or spare parts (shelf) coming back at return_day.
struct RepairReturn {
  double return_day = 0.0;
  std::int64_t count = 0;
};

// State the caller keeps per lot: the batches out of service, sorted by return_day (earliest first).
struct LotRepairs {
  std::vector<RepairReturn> out_of_service;
  std::int64_t packages_out = 0;
};

// State the caller keeps per site and platform: spare parts on the shelf and parts in repair (sorted likewise). Lots
// of one site share it; the caller steps them in a fixed order, and the first served takes the spares.
struct SparesPool {
  std::int64_t on_shelf = 0;
  std::vector<RepairReturn> in_repair;
};

struct LotStepInput {
  std::int64_t racks_live = 0;
  std::int64_t packages_per_rack = 1;
  double start_day = 0.0;  // days since 1970-01-01, fractional in hourly runs
  double dt_days = 1.0;
};

struct LotStep {
  std::array<std::int64_t, kFailureComponentCount> failures{};
  std::int64_t swapped = 0;           // failures back in the swap time (a spare was on the shelf)
  std::int64_t waited = 0;            // failures back in the full repair time
  double packages_out_mean = 0.0;     // packages out of service, mean over [start, start + dt)
  std::int64_t packages_out_end = 0;  // packages out of service at start + dt
};

// The smallest n with F(n) > u for a Poisson(mean) (exact below a mean of 32, Cornish-Fisher above; see top).
// mean <= 0 (or not a number) gives 0; u is clamped into [0, 1).
std::int64_t poisson_inverse_cdf(double mean, double u);
// poisson_inverse_cdf(mean, u), the same value, for the draws made at every step: below the exact limit it reads the
// CDF kept for each mean seen so far in this thread instead of summing it again (a pure function's terms reused:
// only the speed depends on what is kept).
std::int64_t poisson_draw(double mean, double u);

// One step of one lot: returns due by start_day, failures drawn from uniforms[c] per component, swaps and repairs.
LotStep step_lot(const PlatformReliability& reliability, const LotStepInput& input,
                 std::span<const double, kFailureComponentCount> uniforms, LotRepairs& lot, SparesPool& spares);

// Job interruptions per package-day: every component's rate (the rack's shared over its packages) plus transients.
double job_interruptions_per_package_day(const PlatformReliability& reliability, std::int64_t packages_per_rack);
// Mean time between interruptions of a job on `packages` packages, in seconds (infinite when the rate is 0).
double job_mtbf_s(double packages, double interruptions_per_package_day);

double young_interval_s(double mtbf_s, double checkpoint_s);
double daly_interval_s(double mtbf_s, double checkpoint_s);
// Useful fraction of wall time with checkpoints every interval_s of compute (Daly 2006, exponential failures).
double training_goodput(double interval_s, double checkpoint_s, double restart_s, double mtbf_s);

}  // namespace gwsim::models
