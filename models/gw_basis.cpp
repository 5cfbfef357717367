#include "models/gw_basis.hpp"

namespace gwsim::models {

std::string_view to_string(GwBasis basis) { return basis == GwBasis::kIt ? "it" : "facility"; }

PeakPower& PeakPower::operator+=(const PeakPower& other) {
  it_w += other.it_w;
  facility_w += other.facility_w;
  return *this;
}

PeakPower rack_peak_power(const PowerChain& chain, double rack_peak_w) {
  const double it_w = it_power_from_rack_power(chain, rack_peak_w);
  return {it_w, facility_power_from_it(chain, it_w)};
}

double power_on_basis_w(GwBasis basis, const PeakPower& live) {
  return basis == GwBasis::kIt ? live.it_w : live.facility_w;
}

double gw_on_basis(GwBasis basis, const PeakPower& live) { return power_on_basis_w(basis, live) / 1e9; }

double rack_power_on_basis_w(const PowerChain& chain, double rack_peak_w, GwBasis basis) {
  return power_on_basis_w(basis, rack_peak_power(chain, rack_peak_w));
}

}  // namespace gwsim::models
