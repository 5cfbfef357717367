#include <string>

#include "tools/gwsim/cli_info.hpp"

namespace gwsim::cli {
namespace {

// Text for roff: backslashes and hyphens escaped, and no line starting with a control character ('.' or ''').
std::string roff(const std::string& text) {
  std::string out;
  bool line_start = true;
  for (char c : text) {
    if (line_start && (c == '.' || c == '\'')) out += "\\&";
    if (c == '\\') {
      out += "\\e";
    } else if (c == '-') {
      out += "\\-";
    } else {
      out += c;
    }
    line_start = c == '\n';
  }
  return out;
}

std::string upper(std::string text) {
  for (char& c : text) c = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  return text;
}

std::string option_heading(const OptionInfo& o) {
  if (o.positional) return "\\fI" + roff(o.value_name) + "\\fR";
  std::string out;
  for (const std::string& n : o.names) out += (out.empty() ? "" : ", ") + ("\\fB" + roff(n) + "\\fR");
  if (!o.value_name.empty()) out += " \\fI" + roff(o.value_name) + "\\fR";
  return out;
}

std::string option_help(const OptionInfo& o) {
  std::string help = o.help;
  if (!o.choices.empty()) {
    help += " One of:";
    for (const std::string& c : o.choices) help += " " + c;
    help += ".";
  }
  return roff(help);
}

std::string options_section(const std::vector<OptionInfo>& options) {
  std::string out;
  for (const OptionInfo& o : options) out += ".TP\n" + option_heading(o) + "\n" + option_help(o) + "\n";
  return out;
}

std::string synopsis(const ProgramInfo& program, const CommandInfo& command) {
  std::string out = ".B " + program.name + " " + command.name + "\n[\\fIOPTIONS\\fR]";
  for (const OptionInfo& o : command.options) {
    if (!o.positional) continue;
    const std::string arg = "\\fI" + roff(o.value_name) + "\\fR" + (o.repeatable ? "..." : "");
    out += " " + (o.required ? arg : "[" + arg + "]");
  }
  return out + "\n";
}

const char* const kExitStatus =
    ".SH EXIT STATUS\n0 success, 2 invalid input (a located error; nothing written), 1 internal failure.\n";

}  // namespace

std::string man_page(const ProgramInfo& program, const CommandInfo* command) {
  const std::string footer = "\"" + program.name + " " + program.version + "\" \"" + program.name + " manual\"\n";
  if (command == nullptr) {
    std::string out = ".TH " + upper(program.name) + " 1 \"\" " + footer + ".SH NAME\n" + program.name + " \\- " +
                      roff(program.help.substr(program.help.find(':') == std::string::npos ? 0 : program.help.find(':') + 2)) +
                      "\n.SH SYNOPSIS\n.B " + program.name + "\n\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGS\\fR]\n" +
                      ".SH DESCRIPTION\n" + roff(program.help) + "\n.SH COMMANDS\n";
    for (const CommandInfo& c : program.commands) {
      const char* stop = !c.help.empty() && c.help.back() == '.' ? " " : ". ";
      out += ".TP\n\\fB" + roff(c.name) + "\\fR\n" + roff(c.help) + stop + "See \\fB" + program.name + "\\-" + roff(c.name) +
             "\\fR(1).\n";
    }
    out += ".SH OPTIONS\n" + options_section(program.options) + kExitStatus + ".SH SEE ALSO\n";
    for (std::size_t i = 0; i < program.commands.size(); ++i) {
      out += (i ? ", " : "") + ("\\fB" + program.name + "\\-" + roff(program.commands[i].name) + "\\fR(1)");
    }
    return out + "\n";
  }
  std::string out = ".TH " + upper(program.name + "-" + command->name) + " 1 \"\" " + footer + ".SH NAME\n" +
                    program.name + "\\-" + roff(command->name) + " \\- " + roff(command->help) + "\n.SH SYNOPSIS\n" +
                    synopsis(program, *command) + ".SH DESCRIPTION\n" + roff(command->help) + "\n";
  if (!command->footer.empty()) out += ".PP\n" + roff(command->footer) + "\n";
  out += ".SH OPTIONS\n" + options_section(command->options) + kExitStatus + ".SH SEE ALSO\n\\fB" + program.name +
         "\\fR(1)\n";
  return out;
}

}  // namespace gwsim::cli
