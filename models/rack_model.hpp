// Rack model: how many racks of a platform a hall, a site's grid or a power target can hold.
//
// Racks are sized at peak power, since a hall must carry its racks at full load:
//   hall:   n_hall  = floor( (min(it_capacity_w, cooling_capacity_w) * (1 - s) - used_w) / peak_power_w )
//           (the hall's IT capacity and its heat rejection both bound the IT load it can host; only the GPU-rack
//            share (1 - s) of that IT load is available to GPU racks; used_w is the peak power of the GPU racks
//            already in the hall, of any platform); 0 when the hall's cooling kind cannot
//            serve the platform (a liquid-cooled rack in an air-cooled hall).
//   target: n_target = floor( facility_target_w / facility_power_per_rack(peak_power_w) )   (racks that fit in it)
//   order:  n_order  = ceil( facility_target_w / facility_power_per_rack(peak_power_w) )    (racks to reach it:
//           a "1 GW tranche" orders enough racks that 1 GW is live when they all are); on a GW basis
//           (models/gw_basis.hpp): n_order = ceil( target_w / rack_power_on_basis_w(peak_power_w) )
//   grid:   n_grid   = floor( (F_max(grid) - live_facility_w) / facility_power_per_rack(peak_power_w) ), >= 0
//   line:   a site's pods, in line order (its tranches in order, each tranche's pods in order), go live first in line
//           first: n_line = the racks of the pods before the first pod that n_grid cannot admit under a grid
//           capacity (every later pod waits behind it). Under the highest capacity a site's grid ever reaches,
//           the racks after them can never go live.
// with s = non_gpu_it_share and F_max from the power chain (models/power_chain.hpp).
// Worked example (Vera Rubin NVL72 at 227 kW peak, p = 1.2, s = 0.15, h = 0.1, l = 0.01):
//   a 100 MW IT hall with 110 MW of cooling holds floor(100e6 * 0.85 / 227e3) = floor(374.45) = 374 racks;
//   a 1 GW facility target holds floor(1e9 / 320,470.6) = floor(3120.41) = 3120 racks and takes 3121 to reach;
//   a 1,000 MW interconnect with 500 MW of facility already live admits floor(391e6 / 320,470.6) = 1220 racks;
//   1 GW on the IT basis takes ceil(1e9 / 267,058.8) = ceil(3744.49) = 3745 racks;
//   a line of 3 pods of 1,000 racks under a 1,000 MW interconnect: F_max = 891 MW carries 2 pods (641 MW), not the
//   third (961 MW): 2,000 racks in line are admitted, 1,000 never.
#pragma once

#include <cstdint>
#include <span>

#include "models/gw_basis.hpp"
#include "models/platform.hpp"
#include "models/power_chain.hpp"

namespace gwsim::models {

struct HallLimits {
  double it_capacity_w = 0.0;
  double cooling_capacity_w = 0.0;
  Cooling cooling = Cooling::kLiquid;
};

// Peak GPU-rack power a hall can host: min(it_capacity_w, cooling_capacity_w) * (1 - s), whatever the platform.
double hall_rack_power_budget_w(const PowerChain& chain, const HallLimits& hall);
// used_rack_power_w: peak power of the GPU racks already installed in the hall (of any platform).
std::int64_t racks_fitting_hall(const PowerChain& chain, const Platform& platform, const HallLimits& hall,
                                double used_rack_power_w = 0.0);
std::int64_t racks_for_facility_power(const PowerChain& chain, const Platform& platform, double facility_w);
std::int64_t racks_to_reach_facility_power(const PowerChain& chain, const Platform& platform, double facility_w);
// Racks to reach target_w of power on the basis (ceil, forgiving the last ulp).
std::int64_t racks_to_reach_power(const PowerChain& chain, const Platform& platform, double target_w, GwBasis basis);
std::int64_t racks_admitted_by_grid(const PowerChain& chain, const Platform& platform, double grid_capacity_w,
                                    double live_facility_w);

// Racks of one tranche at a site, in the site's line.
struct LineLot {
  const Platform* platform = nullptr;
  std::int64_t racks = 0;
};
// The racks of whole pods (pod_racks each; a lot's last pod takes what is left) admitted first in line first under
// grid_capacity_w, before the first pod that does not fit (the line rule above).
std::int64_t racks_admitted_in_line(const PowerChain& chain, double grid_capacity_w, std::span<const LineLot> line,
                                    std::int64_t pod_racks);

}  // namespace gwsim::models
