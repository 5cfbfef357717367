#include "tools/gwsim/cli_info.hpp"

#include <string_view>

#include "sim/scenario/diagnostics.hpp"

namespace gwsim::cli {

const CommandInfo* ProgramInfo::find(const std::string& command) const {
  for (const CommandInfo& c : commands) {
    if (c.name == command) return &c;
  }
  return nullptr;
}

namespace {

bool known_option(const std::vector<OptionInfo>& options, std::string_view arg) {
  const std::string_view name = arg.substr(0, arg.find('='));
  for (const OptionInfo& o : options) {
    for (const std::string& n : o.names) {
      if (n == name) return true;
      // Short options with their value attached ("-j4", "-vv").
      if (n.size() == 2 && n[1] != '-' && name.size() > 2 && name[1] != '-' && name.substr(0, 2) == n) return true;
    }
  }
  return false;
}

std::optional<std::string> closest_option(const std::vector<OptionInfo>& options, std::string_view arg) {
  std::vector<std::string_view> names;
  for (const OptionInfo& o : options) {
    for (const std::string& n : o.names) names.push_back(n);
  }
  return closest_match(arg.substr(0, arg.find('=')), names);
}

bool is_simgrid_setting(std::string_view arg) { return arg.starts_with("--cfg=") || arg.starts_with("--log="); }

}  // namespace

std::optional<std::string> suggestion(const ProgramInfo& program, const std::vector<std::string>& args) {
  const CommandInfo* command = nullptr;
  for (const std::string& arg : args) {
    if (arg == "--") break;
    if (command == nullptr && !arg.starts_with("-")) {
      command = program.find(arg);
      if (command != nullptr) continue;
      std::vector<std::string_view> names;
      for (const CommandInfo& c : program.commands) names.push_back(c.name);
      if (auto near = closest_match(arg, names)) return "unknown command '" + arg + "'; did you mean '" + *near + "'?";
      std::string all;
      for (const CommandInfo& c : program.commands) all += (all.empty() ? "" : ", ") + c.name;
      return "unknown command '" + arg + "'; expected one of: " + all;
    }
    if (!arg.starts_with("-") || arg == "-" || is_simgrid_setting(arg)) continue;
    const std::vector<OptionInfo>& options = command != nullptr ? command->options : program.options;
    if (known_option(options, arg) || known_option(program.options, arg)) continue;
    const std::string where = command != nullptr ? program.name + " " + command->name : program.name;
    if (auto near = closest_option(options, arg)) {
      return "unknown option '" + arg.substr(0, arg.find('=')) + "' for " + where + "; did you mean '" + *near + "'?";
    }
    return "unknown option '" + arg.substr(0, arg.find('=')) + "' for " + where + "; see " + where + " --help";
  }
  return std::nullopt;
}

}  // namespace gwsim::cli
