// GW on a stated basis: which power "N GW live", the per-GW investment rule and a tranche's target count.
//
//   it basis:        P_it  = sum over live racks of peak_power_w / (1 - s)           (the power of the systems)
//   facility basis:  P_fac = sum over live racks of p * peak_power_w / (1 - s)       (the systems and the building)
// with s = non_gpu_it_share (fraction of IT power outside the GPU racks) and p = the site's design PUE
// (models/power_chain.hpp). Racks count at peak: a GW is live when the racks' power at full load reaches it,
// whatever their load that day. GW live = P / 1e9.
// Why the IT basis is the default: the 2025-09-22 NVIDIA-OpenAI letter of intent is for "at least 10 gigawatts of
// NVIDIA systems" [O]: the power of the systems, not of the buildings around them, so a worse PUE does not count
// as more GW; and NVIDIA's own "$50-60B per GW" (2025-08-27) [O] reconciles with the project's capex on an IT
// basis (docs/validation.md). The facility basis is kept for deals stated in facility power.
// Every figure that speaks of "per GW" ($ per GW, EFLOP/s per GW) calls power_on_basis_w, so the basis lives here.
// Worked example (Vera Rubin NVL72, 227 kW peak; s = 0.15, p = 1.2):
//   one rack: 227 / 0.85 = 267.0588 kW on the IT basis, 1.2 x 267.0588 = 320.4706 kW on the facility basis;
//   1,000 racks live: 0.2671 GW (IT), 0.3205 GW (facility);
//   a 1 GW tranche takes ceil(1e9 / 267,058.82) = ceil(3744.49) = 3745 racks on the IT basis (which draw
//   3,745 x 320.4706 kW = 1.2002 GW of facility power at peak), ceil(3120.41) = 3121 on the facility basis.
#pragma once

#include <string_view>

#include "models/power_chain.hpp"

namespace gwsim::models {

enum class GwBasis { kIt, kFacility };

// "it", "facility": the scenario key's values and the summary's gw_basis.
std::string_view to_string(GwBasis basis);

// Peak power of some racks at both points of the power chain.
struct PeakPower {
  double it_w = 0.0;
  double facility_w = 0.0;
  PeakPower& operator+=(const PeakPower& other);
};

// One rack drawing rack_peak_w at full load: its IT power (rack / (1 - s)) and facility power (x p).
PeakPower rack_peak_power(const PowerChain& chain, double rack_peak_w);
// The member of `live` the basis counts, in W.
double power_on_basis_w(GwBasis basis, const PeakPower& live);
// GW live on the basis: power_on_basis_w / 1e9.
double gw_on_basis(GwBasis basis, const PeakPower& live);
// power_on_basis_w of one rack.
double rack_power_on_basis_w(const PowerChain& chain, double rack_peak_w, GwBasis basis);

}  // namespace gwsim::models
