// configs/platforms.yaml and configs/defaults.yaml, embedded at build time (cmake/EmbedConfigs.cmake writes
// embedded_configs.cpp into the build tree), so the binary works from any directory.
#pragma once

#include <string_view>

namespace gwsim::embedded {

std::string_view platforms_yaml();
std::string_view defaults_yaml();

}  // namespace gwsim::embedded
