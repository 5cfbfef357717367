// Training power swings: what covers a synchronized training job's power swing, and what the job must be capped by
// when the swing is not covered.
//
// A job at peak power P_job states a swing share s (the share of its power that can drop and return, all GPUs
// waiting on a checkpoint or a collective at once) and a ramp time t_r (seconds for the power to come back). The
// swing is S = s * P_job, on GPU-rack power: P_job is the peak power of the GPU racks the job reserves (below);
// cooling follows over minutes and the non-GPU IT (network, storage, CPU racks) does not swing, so the swing the
// facility sees within t_r is the racks' own. Distribution losses between the racks and the grid, battery and
// generation are left out: they cover S MW, not S / (1 - l). S is covered, in this order, by:
//   1. the racks' own smoothing (a platform property: the share r of the swing the rack's storage absorbs);
//   2. battery power left above what peak shaving uses in the step (models/battery.hpp: swing_power_mw):   B
//   3. headroom held free on the grid and on-site generation for swings:                                    H
//   4. generation ramping within the ramp time, as far as its spare capacity allows:
//        G_r = min(spare, ramp * t_r / 60)   (ramp in MW/min of the generation that is running)
// The facility (everything but the racks) sees (1 - r) of the swing and can cover C = B + H + G_r of it.
// What it cannot cover caps the job: its peak is lowered by K MW. Capping the peak leaves the trough where it is,
// so the swing shrinks by exactly K, and the racks still take their share r of the smaller swing:
//   (1 - r) * (S - K) = C   ->   K = max(0, S - C / (1 - r))      (K = 0 when r = 1)
// The covered swing S - K is attributed in the order above: the racks r * (S - K), then B, H and G_r each up to
// what it has, until (1 - r) * (S - K) is covered. With no resources at all (r = 0, C = 0), K = S: the job is
// capped by exactly its stated swing.
// The racks a job reserves (reserved_shares): the share sigma_j of the live fleet's racks, as the workload step
// reserves them, its stated `share`, or its PFLOPS over the live PFLOPS (pflops / PFLOPS per rack racks, at each
// site in proportion to its live compute); when the running jobs ask more than the live fleet, each is scaled down
// by their sum. At a site, P_job = sigma_j * the site's live GPU-rack peak power (sum of racks x peak power over
// its platforms).
// Only the upswing is modelled (the power coming back); the drop is taken to be absorbed (generation sheds load,
// the battery can charge, the grid sees less). Several synchronized jobs at a site add their swings before calling.
// This is MW adequacy within a step, not dynamics: frequency, voltage, forced oscillation and ride-through of an
// islanded bus need an EMT or stability study.
// Sources of typical values (no default in configs/ yet): swings of tens of MW across a ~24k-GPU cluster, all GPUs
// changing power at once (Meta, Llama 3 paper, 2024 [O]); GB300 NVL72 power supplies with energy storage cut peak
// grid demand by up to 30% (NVIDIA technical blog, 2025 [O]); generation takes one minute to 90 minutes to respond
// (same blog [O]). Reading NVIDIA's "up to 30% of peak demand" as r = 0.3 of the swing is the project's assumption.
//
// Worked example (checked by tests/unit/power_swing_test.cpp): a 200 MW job swinging 30% in 30 s: S = 60 MW.
// r = 0.3, B = 10 MW, H = 5 MW, generation ramp 2 MW/min with 20 MW spare: G_r = min(20, 2 x 30 / 60) = 1 MW.
//   C = 16 MW < (1 - 0.3) x 60 = 42 MW, so K = 60 - 16 / 0.7 = 37.143 MW; the job may swing S - K = 22.857 MW:
//   racks 0.3 x 22.857 = 6.857, battery 10, headroom 5, generation ramp 1 (sum 22.857).
//   With B = 40 MW instead: C = 46 >= 42, no cap: racks 18, battery 40, headroom 2, generation 0.
// Reserved shares: a job of share 20% and one of 1,500,000 PFLOPS, both running, on 4,500,000 live PFLOPS:
//   sigma = 0.2 and 1.5 / 4.5 = 0.3333; on 1,000,000 live PFLOPS they ask 0.2 + 1.5 = 1.7 of the fleet, so
//   sigma = 0.2 / 1.7 = 0.1176 and 1.5 / 1.7 = 0.8824. At a site with 1,000 racks of 200 kW live, the second job's
//   racks then draw P_job = 0.8824 x 200 MW = 176.47 MW at peak.
#pragma once

#include <span>
#include <vector>

namespace gwsim::models {

struct TrainingSwing {
  double job_power_mw = 0.0;  // P_job, the job's power at its peak
  double swing_share = 0.0;   // s, 0..1
  double ramp_time_s = 0.0;   // t_r
};

struct SwingResources {
  double rack_smoothing_share = 0.0;        // r, 0..1, of the platform
  double battery_power_mw = 0.0;            // B
  double headroom_mw = 0.0;                 // H, held free on the grid and generation
  double generation_ramp_mw_per_min = 0.0;  // of the running generation (models/generation.hpp: SiteGeneration)
  double generation_spare_mw = 0.0;         // how far that generation can still rise, beyond the headroom H
};

struct SwingCoverage {
  double swing_mw = 0.0;            // S, as stated, before any cap
  double rack_mw = 0.0;             // covered by the racks' smoothing
  double battery_mw = 0.0;          // by the battery
  double headroom_mw = 0.0;         // by the held headroom
  double generation_ramp_mw = 0.0;  // by generation ramping
  double capped_mw = 0.0;           // K: the job's peak must be lowered by this much
};

SwingCoverage cover_training_swing(const TrainingSwing& swing, const SwingResources& resources);

// A training job as the reservation sees it: its share of the live fleet, or its PFLOPS (one of them is 0).
struct JobReservation {
  double share = 0.0;
  double pflops = 0.0;
  bool running = false;
};

// sigma_j per job, in the jobs' order (0 for a job not running; all 0 with nothing live).
std::vector<double> reserved_shares(std::span<const JobReservation> jobs, double live_pflops);

}  // namespace gwsim::models
