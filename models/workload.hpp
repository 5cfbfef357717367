// Workload: how a site's live racks carry the work asked of them under its power cap.
//
// All fractions are of the site's live GPU racks. A busy rack runs at full load: at its nominal power state it
// draws its peak power P and computes at full speed; at the capped power state it draws c * P and computes at
// speed s (a fraction of full). An idle rack draws its idle power P0. Over the site's live racks let
//   I  = sum P0             (all idle)
//   D  = sum (P - P0)       (extra power if every rack ran at full load, nominal)
//   Dc = sum (c * P - P0)   (extra power if every rack ran at full load, capped)
// With a busy fraction b, of which a fraction k of all racks is capped (k <= b), the site draws
//   power = I + (b - k) * D + k * Dc           and delivers work = (b - k) + k * s    (full-speed rack equivalents)
// Given the work asked w (in [0, 1]) and the GPU-rack power budget B the grid allows:
//   1. no cap:   I + w * D <= B                  ->  b = w, k = 0
//   2. capping:  k = (I + w * D - B) / (s * D - Dc) with k <= w / s and b = w + k * (1 - s) <= 1  (capping is
//                worth it only when s * D > Dc: the capped state does more work per watt)
//   3. shedding: the most work the budget allows: every busy rack capped, b = min(1, (B - I) / Dc) (b = 1 when
//                Dc <= 0: a capped rack then draws no more than an idle one); if b reaches 1, uncap racks while
//                the budget allows: k = (I + D - B) / (D - Dc), work = 1 - k * (1 - s).
//                When capping is not worth it (s * D <= Dc), shed at the nominal state: b = (B - I) / D, k = 0.
//   When even idle racks exceed the budget (B < I) nothing can run: b = k = 0 and `over_budget` is set.
// Worked example: 100 racks of P = 200 kW, P0 = 60 kW, c = 0.8, s = 0.9: I = 6 MW, D = 14 MW, Dc = 10 MW.
//   w = 0.7, B = 17 MW: 6 + 9.8 = 15.8 MW <= 17 MW, no cap.
//   w = 0.7, B = 15 MW: k = (15.8 - 15) / (12.6 - 10) = 0.30769, b = 0.7 + 0.030769 = 0.73077; power = 6 +
//     0.42308 * 14 + 0.30769 * 10 = 15.000 MW; work = 0.42308 + 0.27692 = 0.7.
//   w = 0.9, B = 14 MW: capping would need b > 1, so shed: b = min(1, 8 / 10) = 0.8, all capped, work = 0.72.
#pragma once

namespace gwsim::models {

struct SitePower {
  double idle_w = 0.0;            // I
  double dynamic_w = 0.0;         // D
  double capped_dynamic_w = 0.0;  // Dc
};

struct LoadPlan {
  double busy = 0.0;         // b, fraction of live racks running
  double capped = 0.0;       // k, fraction of live racks running at the capped power state (k <= b)
  double work = 0.0;         // work delivered, full-speed rack equivalents as a fraction of the live racks
  bool over_budget = false;  // B < I: even the idle racks exceed the budget
};

// w: work asked, in [0, 1]; speed_capped: s in (0, 1]; budget_w: B.
LoadPlan plan_site_load(double w, const SitePower& power, double speed_capped, double budget_w);

// Power drawn and work delivered by a plan (the equations above), for checks.
double plan_power_w(const LoadPlan& plan, const SitePower& power);

}  // namespace gwsim::models
