// Demand for compute: what the live fleet is for.
//
// Inference demand, stated either in tokens or directly in FP8 PFLOPS:
//   tokens/day  D_tok(d) = ( U(d) * t_u(d) + T(d) ) * g(d)
//               U = weekly active users, t_u = tokens per weekly active user per day, T = other tokens per day
//               (an API, say); each a schedule (steps and ramps, models/schedule.hpp)
//   PFLOPS      D_pf(d)  = P(d) * g(d)
//   growth      g(d) = (1 + r)^((d - d0) / 365.25) for d >= d0, 1 before (r per year, compounding daily)
//   daily cycle demand in UTC hour h of day d = daily mean * c_h / mean(c), c = 24 relative weights
// Tokens become compute through the platforms' serving throughput (tokens/s per rack for the catalog's reference
// model): a fleet of n_p live racks of platform p serves up to sum n_p * tps_p tokens/s and, when it serves a
// fraction u of that, runs u * sum n_p * F_p PFLOPS (F_p = the rack's FP8 PFLOPS). Its FLOP per token is therefore
//   k = sum n_p F_p / sum n_p tps_p      (PFLOPS per token/s; the serving platform's F/tps when nothing is live)
// and demand in PFLOPS is D_tok / 86,400 * k.
//
// Training: jobs that reserve a share of the live fleet from a start date for a duration, at full load. Shares of
// jobs running at the same time add up (the loader refuses a sum above 100%).
//
// Worked example: 900M weekly users x 30,000 tokens each per day = 2.7e13 tokens/day = 312.5M tokens/s; with 50%
// growth per year from 2026-01-01, on 2027-01-01 (365 days: exponent 0.99932) the factor is 1.49959 and demand is
// 468.6M tokens/s. On Vera Rubin NVL72 racks at 300,000 tokens/s and 1,200 PFLOPS each, k = 0.004 PFLOPS per
// token/s, so demand is 1,874,480 PFLOPS (1,874 EFLOPS): 1,562 racks' worth.
#pragma once

#include <array>
#include <string>
#include <vector>

#include "models/date.hpp"
#include "models/schedule.hpp"

namespace gwsim::models {

enum class DemandBasis { kTokens, kPflops };

struct DemandSpec {
  DemandBasis basis = DemandBasis::kTokens;
  Schedule weekly_active_users;      // users (kTokens); initial 0 and no points when not stated
  Schedule tokens_per_user_per_day;  // tokens per weekly active user per day (kTokens)
  Schedule tokens_per_day;           // other tokens per day, added to the users' (kTokens)
  Schedule pflops;                   // FP8 PFLOPS needed (kPflops)
  double growth_per_year = 0.0;      // r, a fraction: 0.5 = +50% per year
  Date growth_from;                  // d0
  std::array<double, 24> daily_cycle{};  // relative weights per UTC hour; all equal = no cycle
};

struct TrainingJob {
  std::string name;
  Date start;
  double duration_days = 0.0;  // runs on days d with start <= d < start + duration (whole days, rounded)
  double share = 0.0;          // fraction of the live fleet reserved while it runs
};

// Growth factor g(d).
double growth_factor(const DemandSpec& spec, Date day);
// Mean inference demand over `day`: tokens per second (kTokens) or PFLOPS (kPflops).
double daily_mean_demand(const DemandSpec& spec, Date day);
// Multiplier of the daily mean for UTC hour `hour` (0-23): c_h / mean(c). 1 when all weights are equal.
double cycle_factor(const DemandSpec& spec, int hour);
// PFLOP/s needed to serve `tokens_per_s` on a fleet whose live racks give `fleet_pflops` of FP8 compute and
// `fleet_tokens_per_s` of serving capacity (k = F / T); while nothing is live (T = 0), at the serving platform's
// own ratio ref_pflops / ref_tokens_per_s. 0 when neither ratio exists.
double tokens_to_pflops(double tokens_per_s, double fleet_pflops, double fleet_tokens_per_s, double ref_pflops,
                        double ref_tokens_per_s);
// The work asked of every live rack, a fraction of full load: training reserves `training_share` of the racks at
// full load and inference spreads over the rest:
//   w = sigma + (1 - sigma) x min(1, inference / ((1 - sigma) x live)),   0 when nothing is live.
double work_asked(double training_share, double inference_pflops, double live_pflops);
// Sum of the shares of the jobs running on `day`.
double training_share(const std::vector<TrainingJob>& jobs, Date day);
// Last day (inclusive) on which a job runs.
Date training_last_day(const TrainingJob& job);

}  // namespace gwsim::models
