// Carbon and water of the energy a site uses.
//
//   CO2 (g) = grid energy (kWh) x carbon intensity (gCO2/kWh)    carbon is counted where energy is drawn: at the
//                                                                grid interconnect, substation losses included
//   water (L) = IT energy (kWh) x water usage effectiveness (L/kWh)   WUE is defined on IT energy (The Green Grid)
// With energy in J: kWh = J / 3.6e6.
// Worked example: a day at 800 MW IT, PUE 1.2, 1% substation loss draws 800 x 1.2 / 0.99 = 969.70 MW at the grid,
// 23,272.7 MWh a day; at 370 gCO2/kWh that is 23,272.7e3 kWh x 370 g = 8,610.9 tCO2. Its 19,200 MWh of IT energy
// at 0.18 L/kWh use 19,200e3 x 0.18 L = 3,456 m3 of water.
#pragma once

namespace gwsim::models {

inline constexpr double kJoulesPerKwh = 3.6e6;

double co2_grams(double grid_energy_j, double carbon_g_per_kwh);
double water_litres(double it_energy_j, double water_l_per_kwh);

}  // namespace gwsim::models
