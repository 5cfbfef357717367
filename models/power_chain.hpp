// Power chain: from the grid interconnect to the GPU racks.
//
//   grid capacity G --(redundancy headroom h)--> firm capacity G * (1 - h)
//   grid draw D --(substation and HV transformer losses l)--> facility power F = D * (1 - l)
//   facility power F --(PUE p)--> IT power I = F / p
//   IT power I = GPU-rack power R + non-GPU IT power (network, storage, CPU racks) with R = I * (1 - s)
// so, for a rack drawing R watts:  I = R / (1 - s),  F = p * R / (1 - s),  D = p * R / ((1 - s) * (1 - l)),
// and the facility power the grid can carry is F_max = G * (1 - h) * (1 - l).
// Parameters: p = pue (dimensionless, >= 1; the Green Grid definition, facility / IT), s = non_gpu_it_share
// (fraction of IT power outside the GPU racks), h = redundancy_headroom (fraction of interconnect capacity held
// back, e.g. for N+1), l = substation_loss (fraction of grid draw lost before the facility meter).
// Every step is a constant factor, so the same functions carry energies (MWh) through the chain as well.
// Defaults and their sources: configs/defaults.yaml.
// On-site supply (models/generation.hpp) enters at the facility side, after the substation: firm on-site power O
// and power held free for training swings H change the facility power a site can carry to
//   F_max = G * (1 - h) * (1 - l) + O - H,
// which every grid function below takes as the capacity of an equivalent interconnect
//   G_eq = G + (O - H) / ((1 - h) * (1 - l))   (never below 0; G_eq = G exactly when O = H = 0).
// Worked example: p = 1.2, s = 0.15, h = 0.1, l = 0.01, a 227 kW rack:
//   I = 227 / 0.85 = 267.06 kW; F = 1.2 * 267.06 = 320.47 kW; D = 320.47 / 0.99 = 323.71 kW;
//   a 1,000 MW interconnect carries F_max = 1000 * 0.9 * 0.99 = 891 MW of facility power; with 300 MW of firm
//   on-site generation and 20 MW held for swings, F_max = 891 + 280 = 1,171 MW, G_eq = 1000 + 280 / 0.891 =
//   1,314.25 MW.
#pragma once

namespace gwsim::models {

struct PowerChain {
  double pue = 1.2;
  double non_gpu_it_share = 0.15;
  double redundancy_headroom = 0.0;
  double substation_loss = 0.0;
};

double it_power_from_rack_power(const PowerChain& chain, double rack_power_w);
double facility_power_from_it(const PowerChain& chain, double it_power_w);
double grid_draw_from_facility(const PowerChain& chain, double facility_power_w);
// Facility power that a grid interconnect of the given capacity can carry, after headroom and losses.
double facility_limit_from_grid(const PowerChain& chain, double grid_capacity_w);
// Facility power attributable to one rack drawing rack_power_w (rack + its share of non-GPU IT, times PUE).
double facility_power_per_rack(const PowerChain& chain, double rack_power_w);
// GPU-rack power a grid interconnect allows at the PUE in force (the power cap): the facility limit of the grid,
// divided by that PUE, times the GPU-rack share of IT power: F_max(grid) / pue_now x (1 - s).
double rack_power_budget_w(const PowerChain& chain, double grid_capacity_w, double pue_now);
// The interconnect capacity equivalent to grid capacity plus firm on-site power, less power held for swings.
double grid_equivalent_w(const PowerChain& chain, double grid_capacity_w, double onsite_firm_w, double held_w);

}  // namespace gwsim::models
