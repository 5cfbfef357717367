// A site's battery and the dispatch rule that serves the site's load for one step, with the energy balance exact.
//
// Battery: power P (MW, charge and discharge, at its grid connection), energy E (MWh usable), round-trip
// efficiency eta_rt, reserve fraction rho (share of E kept for training swings and backup). The round trip is
// split evenly: eta = sqrt(eta_rt) on the way in and again on the way out, so 1 MWh charged stores eta MWh and
// 1 MWh stored gives back eta MWh. The caller keeps the state: the state of charge S (MWh).
// One step of duration dt (h), every power constant over the step: load L, grid import limit G, firm on-site
// generation available F (firm fleets and bridges), backup generation available B. Merit order:
//   1. the grid serves the load:                  g_L = min(L, G)
//   2. firm generation serves the rest:           f_L = min(L - g_L, F)
//   3. the battery shaves what is left (peak shaving), down to the reserve:
//        D = min(L - g_L - f_L, P, (S - S_floor) * eta / dt)        S_floor = min(S, rho * E)
//   4. backup generation covers what is left:     b = min(L - g_L - f_L - D, B)
//   5. what is still left is unserved:            U = L - g_L - f_L - D - b     (the caller caps racks for it)
//   6. with no deficit, the battery charges from the headroom, grid first, then firm generation (if
//      charge_from_generation), never from backup:
//        C = min(G - g_L + (F - f_L if charge_from_generation), P, (E - S) / (eta * dt))
//   grid import g = g_L + C_grid, generation f = f_L + C_gen, S' = S + C * eta * dt - D * dt / eta,
//   losses = C * dt * (1 - eta) + D * dt * (1 / eta - 1) = (C - D) * dt - (S' - S).
// Invariants every step: L = g + f + b + D - C + U exactly (to rounding); C * D = 0; 0 <= g <= G, 0 <= f <= F,
// 0 <= b <= B, 0 <= C, D <= P; S_floor <= S' <= E. A battery below its reserve (a new, empty one) does not
// discharge, it only charges; once it has reached the reserve the bounds rho * E <= S <= E hold from then on.
// A step that reaches E or the floor sets S' to exactly that bound. The dispatch never draws the reserve:
// training swings draw it, for seconds, within a step (swing_power_mw); they are taken to net out over the step
// (the power drops and returns), so they do not change S.
// Typical values (no default in configs/ yet): round-trip efficiency 82%, the US utility-scale fleet's measured
// monthly average in 2019 (EIA [O]), ~91% claimed for Tesla's Megapack 3 [A]; a Megapack 2 XL holds 3.9 MWh [O];
// the US fleet's weighted average duration (E / P) was 1.5 h in 2019 (EIA [O]).
//
// Worked example (checked by tests/unit/battery_test.cpp): P = 50 MW, E = 200 MWh, eta_rt = 0.81 (eta = 0.9),
// rho = 10% (floor 20 MWh), G = 100 MW, F = 20 MW, B = 10 MW, S = 100 MWh, dt = 1 h unless stated:
//   L = 150: g 100, f 20, D = min(30, 50, 80 x 0.9 = 72) = 30, S' = 100 - 30 / 0.9 = 66.667
//   L = 180: g 100, f 20, D = min(60, 50, 46.667 x 0.9 = 42) = 42, S' = 20 (the floor), b = 10, U = 8
//   L = 80:  g_L 80; C = min(20 + 20, 50, 180 / 0.9 = 200) = 40: g 100, f 20, S' = 20 + 40 x 0.9 = 56
//   L = 60:  g_L 60; C = min(40 + 20, 50, 144 / 0.9 = 160) = 50 (40 from the grid, 10 from generation):
//            g 100, f 10, S' = 56 + 45 = 101
//   L = 50, dt = 3 h: C = min(50 + 20, 50, 99 / 2.7 = 36.667) = 36.667, all from the grid: g 86.667, f 0, S' = 200
#pragma once

namespace gwsim::models {

inline constexpr double kSecondsPerHour = 3600.0;

struct Battery {
  double power_mw = 0.0;
  double energy_mwh = 0.0;
  double round_trip_efficiency = 1.0;  // (0, 1]
  double reserve_fraction = 0.0;       // [0, 1]
  bool charge_from_generation = true;  // may firm on-site generation's headroom charge it (an islanded site must)
};

struct BatteryState {
  double soc_mwh = 0.0;  // state of charge, kept by the caller between steps
};

struct SiteStepInput {
  double load_mw = 0.0;
  double grid_limit_mw = 0.0;
  double generation_available_mw = 0.0;  // firm fleets and bridges (models/generation.hpp: SiteGeneration::firm_mw)
  double backup_available_mw = 0.0;      // backup fleets (SiteGeneration::backup_mw)
};

struct SiteStepResult {
  double grid_mw = 0.0;        // g: import, serving load and charging
  double generation_mw = 0.0;  // f: firm generation output, serving load and charging
  double backup_mw = 0.0;      // b
  double charge_mw = 0.0;      // C, at the battery's connection
  double discharge_mw = 0.0;   // D, at the battery's connection
  double unserved_mw = 0.0;    // U
  double losses_mwh = 0.0;     // energy lost in the battery over the step
  BatteryState state;          // S' after the step
};

// One-way efficiency sqrt(eta_rt).
double one_way_efficiency(const Battery& battery);

// Dispatch for one step of duration_h hours (the rule above). A step of no duration moves no energy: the battery
// does nothing and the load is served by grid, generation and backup alone.
SiteStepResult dispatch_site_step(const Battery& battery, BatteryState state, const SiteStepInput& input,
                                  double duration_h);

// Battery power left for a training swing after a step: P - D, and no more than the stored energy (reserve
// included: that is what the reserve is for) can hold for hold_s seconds: S' * eta * 3600 / hold_s.
double swing_power_mw(const Battery& battery, const SiteStepResult& step, double hold_s);

}  // namespace gwsim::models
