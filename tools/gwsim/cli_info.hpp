// The command line as plain data: every command, option and positional argument with its help text, taken from the
// CLI11 definition in main.cpp (cli_info_of). Bash completion, man pages and "did you mean" suggestions are made
// from it, so none of them restates an option by hand, and none of them needs CLI11 (slow to compile).
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace gwsim::cli {

struct OptionInfo {
  std::vector<std::string> names;    // "-o", "--out"; empty for a positional argument
  std::string value_name;            // "SCENARIO", "TEXT"; empty for a flag
  std::string help;
  bool positional = false;
  bool required = false;
  bool repeatable = false;
  std::vector<std::string> choices;  // the only values accepted, when there is such a list
};

struct CommandInfo {
  std::string name;  // "run"
  std::string help;
  std::string footer;
  std::vector<OptionInfo> options;  // options first, then positional arguments in order
};

struct ProgramInfo {
  std::string name;     // "gwsim"
  std::string help;
  std::string version;  // "0.1.0"
  std::vector<OptionInfo> options;  // --help, --version
  std::vector<CommandInfo> commands;
  const CommandInfo* find(const std::string& command) const;
};

// A bash completion script (complete -F) for the program's commands, options and choices; files elsewhere.
std::string bash_completion(const ProgramInfo& program);

// A man page (roff, man(7) macros): the program's own page when command is nullptr, else that command's
// ("gwsim-run(1)"). The text is the commands' and options' help.
std::string man_page(const ProgramInfo& program, const CommandInfo* command);

// What a mistyped command line most likely meant, from args (argv without the program name): "did you mean 'run'?"
// for an unknown command, "did you mean '--seed'?" for an unknown option of the command; nullopt when nothing is
// close. Arguments after "--" and SimGrid's --cfg=/--log= settings are not options of gwsim.
std::optional<std::string> suggestion(const ProgramInfo& program, const std::vector<std::string>& args);

}  // namespace gwsim::cli
