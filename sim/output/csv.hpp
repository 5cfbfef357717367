// One CSV field, quoted (RFC 4180) when it holds a comma, a quote or a line break.
#pragma once

#include <string>

namespace gwsim {

inline std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

}  // namespace gwsim
