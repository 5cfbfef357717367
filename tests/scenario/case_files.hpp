// Shared by the file-driven test suites (tests/data/invalid, tests/data/warnings): each case is NAME.yaml with the
// exact diagnostics it must produce in NAME.expected. Paths are relative to the repository root (GWSIM_SOURCE_DIR).
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sim/scenario/diagnostics.hpp"

namespace gwsim::case_files {

// The stems of dir's *.yaml files, sorted.
inline std::vector<std::string> names(const char* dir) {
  namespace fs = std::filesystem;
  std::vector<std::string> out;
  std::error_code ec;
  for (const fs::directory_entry& e : fs::directory_iterator(fs::path(GWSIM_SOURCE_DIR) / dir, ec)) {
    if (e.is_regular_file() && e.path().extension() == ".yaml") out.push_back(e.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

inline std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// Diagnostic::format() of each, concatenated.
inline std::string formatted(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics) out += d.format();
  return out;
}

// At least `minimum` cases, and no NAME.expected without its NAME.yaml.
inline void expect_cases_without_orphans(const char* dir, std::size_t minimum) {
  namespace fs = std::filesystem;
  const std::vector<std::string> cases = names(dir);
  EXPECT_GE(cases.size(), minimum);
  for (const fs::directory_entry& e : fs::directory_iterator(fs::path(GWSIM_SOURCE_DIR) / dir)) {
    if (e.path().extension() == ".expected") {
      EXPECT_TRUE(std::find(cases.begin(), cases.end(), e.path().stem().string()) != cases.end())
          << "orphan " << e.path();
    }
  }
}

}  // namespace gwsim::case_files
