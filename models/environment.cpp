#include "models/environment.hpp"

namespace gwsim::models {

double co2_grams(double grid_energy_j, double carbon_g_per_kwh) {
  return grid_energy_j / kJoulesPerKwh * carbon_g_per_kwh;
}

double water_litres(double it_energy_j, double water_l_per_kwh) {
  return it_energy_j / kJoulesPerKwh * water_l_per_kwh;
}

}  // namespace gwsim::models
