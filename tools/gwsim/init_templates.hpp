// The starting scenarios of `gwsim init`: copies of shipped, commented scenarios embedded at build time
// (cmake/EmbedTemplates.cmake), so that each is a scenario the test suite validates.
#pragma once

#include <string_view>
#include <vector>

namespace gwsim::cli {

struct InitTemplate {
  std::string_view name;    // "minimal", "first-tranche", "10gw"
  std::string_view source;  // where it is kept in gwsim's sources: "scenarios/first-tranche-2026.yaml"
  std::string_view text;
};

const std::vector<InitTemplate>& init_templates();

}  // namespace gwsim::cli
