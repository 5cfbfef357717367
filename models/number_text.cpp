#include "models/number_text.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace models {

std::string with_commas(std::int64_t n) {
  // The magnitude as unsigned, so that the most negative value has one too.
  const std::uint64_t magnitude = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  const std::string digits = std::to_string(magnitude);
  std::string out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string with_commas(double value, int decimals) {
  char buf[400];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, std::fabs(value));
  const std::string text = buf;
  const std::size_t dot = std::min(text.find('.'), text.size());
  std::string out;
  for (std::size_t i = 0; i < dot; ++i) {
    if (i > 0 && (dot - i) % 3 == 0) out += ',';
    out += text[i];
  }
  out += text.substr(dot);
  const bool rounds_to_zero = text.find_first_not_of("0.") == std::string::npos;
  return value < 0.0 && !rounds_to_zero ? "-" + out : out;
}

}  // namespace models
