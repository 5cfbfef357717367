#include "models/environment.hpp"

#include <gtest/gtest.h>

namespace gwsim::models {
namespace {

// The header's worked example: a day at 969.697 MW from the grid (800 MW IT x 1.2 / 0.99) at 370 gCO2/kWh.
TEST(Environment, CarbonOfGridEnergy) {
  const double grid_j = 800e6 * 1.2 / 0.99 * 86400.0;
  EXPECT_NEAR(co2_grams(grid_j, 370.0) / 1e6, 8610.9090909, 1e-6);  // 23,272.727 MWh x 0.37 t/MWh
  EXPECT_DOUBLE_EQ(co2_grams(3.6e6, 400.0), 400.0);                  // 1 kWh
  EXPECT_DOUBLE_EQ(co2_grams(3.6e9, 0.0), 0.0);
}

// 19,200 MWh of IT energy at 0.18 L/kWh: 3,456,000 L = 3,456 m3.
TEST(Environment, WaterOfItEnergy) {
  EXPECT_NEAR(water_litres(800e6 * 86400.0, 0.18), 3456000.0, 1e-6);
  EXPECT_DOUBLE_EQ(water_litres(3.6e6, 1.8), 1.8);
}

}  // namespace
}  // namespace gwsim::models
