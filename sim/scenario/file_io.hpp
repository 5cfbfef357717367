// Reading whole files for the loader, with errors as text instead of exceptions.
#pragma once

#include <optional>
#include <string>

#include "sim/scenario/diagnostics.hpp"

namespace gwsim {

struct FileText {
  std::optional<std::string> text;
  std::string error;  // strerror text when text is empty
};

FileText read_file(const std::string& path);
// A path written in a file (extends:, catalog:) relative to that file's directory; for --set, to the working
// directory. Lexically normalised: "tests/data/x/../y.yaml" -> "tests/data/y.yaml".
std::string resolve_relative(const Origin& written_at, const std::string& value);

}  // namespace gwsim
