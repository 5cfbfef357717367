// Numbers as planners read them: thousands separated by commas ("1,234,567", "62,498.6").
// Pure text formatting shared by the printed summary, plan warnings and event details, so that every place writes a
// number the same way. Worked examples (tests/unit/number_text_test.cpp): with_commas(-1234567) == "-1,234,567";
// with_commas(62498590.54 / 1e3, 1) == "62,498.6"; with_commas(-0.04, 1) == "0.0" (no negative zero).
#pragma once

#include <cstdint>
#include <string>

namespace models {

// An integer with a comma every three digits.
std::string with_commas(std::int64_t n);
// A number rounded to `decimals` places, its integer part with commas; a value that rounds to zero has no sign.
std::string with_commas(double value, int decimals);

}  // namespace models
