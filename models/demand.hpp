// Demand for compute: what the live fleet is for.
//
// Inference demand, stated either in tokens or directly in FP8 PFLOPS:
//   tokens/day  D_tok(d) = ( U(d) * t_u(d) + T(d) ) * g(d)
//               U = weekly active users, t_u = tokens per weekly active user per day, T = other tokens per day
//               (an API, say); each a schedule (steps and ramps, models/schedule.hpp)
//   PFLOPS      D_pf(d)  = P(d) * g(d)
//   growth      g(d) = (1 + r)^((d - d0) / 365.25) for d >= d0, 1 before (r per year, compounding daily)
//   daily cycle demand in UTC hour h of day d = daily mean * c_h / mean(c), c = 24 relative weights
//   onboarding  o(d) = 1 without an anchor; anchored on first tokens d_ft (the first day racks are live) with a
//               ramp of R days: 0 before d_ft, min(1, (d - d_ft + 1) / R) from it (1 from d_ft when R = 0), as a
//               schedule's ramp (models/schedule.hpp); inference demand is the above x o(d)
// Tokens become compute through the platforms' serving throughput (tokens/s per rack for the catalog's reference
// model: the ceiling tps_p) and the realized fraction rho (models/serving.hpp): a fleet of n_p live racks of
// platform p serves up to rho * sum n_p * tps_p tokens/s and, when it serves a fraction u of that, runs
// u * sum n_p * F_p PFLOPS of rack-time (F_p = the rack's dense FP8 PFLOPS: peak-equivalent compute, not FLOPs
// executed). Its compute per token/s is therefore
//   k = sum n_p F_p / (rho * sum n_p tps_p)   (PFLOPS per token/s; the serving platform's F / (rho tps) when
//                                              nothing is live)
// and demand in PFLOPS is D_tok / 86,400 * k: the share of the fleet's serving capacity it takes, in rack-time.
//
// Training: jobs from a start date for a duration, each reserving either a share of the live fleet or an absolute
// P_j dense FP8 PFLOP/s of racks (peak-equivalent rack-time; a run needing E effective FLOP/s at a model FLOPs
// utilization m reserves E / m). On day d the training demand is
//   D_train(d) = sum over running jobs of (share_j * F_live + P_j)
// Shares of jobs running at the same time add up (the loader refuses a sum above 100%).
// Who is served first when the live fleet cannot carry both (demand.serve_first): with inference first (the
// default: paying customers before the operator's own training), inference takes I' = min(D_inf, F_live) and
// training the rest, T' = min(D_train, F_live - I'); with training first, T' = min(D_train, F_live) and
// I' = min(D_inf, F_live - T'). Training reserves sigma = T' / F_live of the live racks at full load, and every
// live rack carries w = (T' + I') / F_live of full load (0 when nothing is live). A job stated in PFLOPS can go
// short, and so can a share when inference is served first on a full fleet.
//
// Worked example: 900M weekly users x 30,000 tokens each per day = 2.7e13 tokens/day = 312.5M tokens/s; with 50%
// growth per year from 2026-01-01, on 2027-01-01 (365 days: exponent 0.99932) the factor is 1.49959 and demand is
// 468.6M tokens/s. On Vera Rubin NVL72 racks at a ceiling of 300,000 tokens/s and 1,200 PFLOPS each, realizing
// rho = 40%: k = 1,200 / (0.4 x 300,000) = 0.01 PFLOPS per token/s, so demand is 4,686,200 PFLOPS (4,686 EFLOPS):
// 3,905 racks' worth. Anchored on first tokens 2026-12-01 with R = 90 days, on 2027-01-01 (day 32 of the ramp)
// o = 32 / 90 and demand is 166.6M tokens/s.
// Training on a fleet of 1,000 live such racks (F_live = 1,200,000 PFLOPS): a 25% share and a job of 1,000,000
// PFLOPS ask 300,000 + 1,000,000 = 1,300,000 PFLOPS, more than the fleet: training first, sigma = 1 and 100,000
// PFLOPS go short; with 500,000 PFLOPS of inference served first, training keeps 700,000 (sigma = 0.5833) and
// 600,000 go short.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

#include "models/date.hpp"
#include "models/schedule.hpp"

namespace gwsim::models {

enum class DemandBasis { kTokens, kPflops };
// Which workload the live fleet serves first when it cannot carry both (see top).
enum class ServeFirst { kInference, kTraining };

struct DemandSpec {
  DemandBasis basis = DemandBasis::kTokens;
  Schedule weekly_active_users;      // users (kTokens); initial 0 and no points when not stated
  Schedule tokens_per_user_per_day;  // tokens per weekly active user per day (kTokens)
  Schedule tokens_per_day;           // other tokens per day, added to the users' (kTokens)
  Schedule pflops;                   // FP8 PFLOPS needed (kPflops)
  double growth_per_year = 0.0;      // r, a fraction: 0.5 = +50% per year
  Date growth_from;                  // d0
  std::array<double, 24> daily_cycle{};  // relative weights per UTC hour; all equal = no cycle
  // R in days: inference demand moves onto the fleet over R days from first tokens; empty = no anchor (o = 1)
  std::optional<double> ramp_from_first_tokens_days;
};

struct TrainingJob {
  std::string name;
  Date start;
  double duration_days = 0.0;  // runs on days d with start <= d < start + duration (whole days, rounded)
  double share = 0.0;          // fraction of the live fleet reserved while it runs (0 when stated in PFLOPS)
  double pflops = 0.0;         // P_j: dense FP8 PFLOP/s of racks reserved while it runs (0 when stated as a share)
};

// Growth factor g(d).
double growth_factor(const DemandSpec& spec, Date day);
// Mean inference demand over `day`: tokens per second (kTokens) or PFLOPS (kPflops).
double daily_mean_demand(const DemandSpec& spec, Date day);
// Multiplier of the daily mean for UTC hour `hour` (0-23): c_h / mean(c). 1 when all weights are equal.
double cycle_factor(const DemandSpec& spec, int hour);
// The UTC hour whose cycle factor is highest (the first such hour; 0 with no cycle).
int peak_cycle_hour(const DemandSpec& spec);
// Onboarding factor o(d), given the first-tokens day once there is one.
double onboarding_factor(const DemandSpec& spec, Date day, std::optional<Date> first_tokens);
// PFLOP/s of rack-time needed to serve `tokens_per_s` on a fleet whose live racks give `fleet_pflops` of dense FP8
// compute and a serving ceiling of `fleet_tokens_per_s`, of which it realizes `realized_fraction` (k = F / (rho T));
// while nothing is live (T = 0), at the serving platform's own ratio ref_pflops / (rho ref_tokens_per_s). 0 when
// neither ratio exists.
double tokens_to_pflops(double tokens_per_s, double fleet_pflops, double fleet_tokens_per_s, double ref_pflops,
                        double ref_tokens_per_s, double realized_fraction);
// What each workload gets of a live fleet of `live_pflops` (PFLOP/s, see top): the one served first takes
// min(its demand, live), the other min(its demand, what is left).
struct WorkSplit {
  double training_pflops = 0.0;   // T'
  double inference_pflops = 0.0;  // I'
};
WorkSplit split_work(double training_pflops, double inference_pflops, double live_pflops, ServeFirst first);
// Sum of the shares of the jobs running on `day`.
double training_share(const std::vector<TrainingJob>& jobs, Date day);
// D_train(d): the training demand in PFLOP/s on a fleet of `live_pflops`.
double training_demand_pflops(const std::vector<TrainingJob>& jobs, Date day, double live_pflops);
// Last day (inclusive) on which a job runs.
Date training_last_day(const TrainingJob& job);

}  // namespace gwsim::models
