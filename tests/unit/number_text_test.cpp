// The worked examples of models/number_text.hpp, and the edges: three-digit groups, rounding that carries into a new
// group, the most negative integer, negative values that round to zero.
#include "models/number_text.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

namespace models {
namespace {

TEST(NumberText, IntegersGroupDigitsInThrees) {
  EXPECT_EQ(with_commas(std::int64_t{0}), "0");
  EXPECT_EQ(with_commas(std::int64_t{999}), "999");
  EXPECT_EQ(with_commas(std::int64_t{1000}), "1,000");
  EXPECT_EQ(with_commas(std::int64_t{-1234567}), "-1,234,567");
  EXPECT_EQ(with_commas(std::numeric_limits<std::int64_t>::min()), "-9,223,372,036,854,775,808");
}

TEST(NumberText, DecimalsRoundThenGroup) {
  EXPECT_EQ(with_commas(62498590.54 / 1e3, 1), "62,498.6");
  EXPECT_EQ(with_commas(999.96, 1), "1,000.0");  // rounding carries into a new group
  EXPECT_EQ(with_commas(1234.5678, 0), "1,235");
  EXPECT_EQ(with_commas(-2500000.25, 2), "-2,500,000.25");
  EXPECT_EQ(with_commas(-0.04, 1), "0.0");
  EXPECT_EQ(with_commas(0.144, 3), "0.144");
}

}  // namespace
}  // namespace models
