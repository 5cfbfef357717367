// gwsim command line. CLI11 parses into plain option structs; the library does the work. SimGrid sees only the
// --cfg= and --log= options left over (its Engine would otherwise answer --help itself and exit).
#include <CLI/CLI.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/engine/logging.hpp"
#include "models/capex.hpp"
#include "models/power_chain.hpp"
#include "sim/io/atomic_output.hpp"
#include "sim/io/input_file.hpp"
#include "sim/optimize/spec_schema.hpp"
#include "sim/output/manifest.hpp"
#include "sim/output/writer.hpp"
#include "sim/scenario/catalog_loader.hpp"
#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/json_schema.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/sha256.hpp"
#include "sim/sweep/outputs_schema.hpp"
#include "sim/sweep/results_report.hpp"
#include "sim/sweep/results_store.hpp"
#include "sim/sweep/runner.hpp"
#include "sim/sweep/spec_schema.hpp"
#include "sim/sweep/sweep_spec.hpp"
#include "tools/gwsim/optimize_command.hpp"
#include "tools/gwsim/cli_info.hpp"
#include "tools/gwsim/init_templates.hpp"
#include "tools/gwsim/progress.hpp"
#include "tools/gwsim/sim_clock.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitInvalidInput = 2;

struct RunOptions {
  std::string scenario;
  std::string out_dir;
  std::vector<std::string> overrides;
  std::string seed;
  std::string replication;  // checked by parse_count: CLI11 would wrap "-1" round to 2^64 - 1
  std::string step;
  bool quiet = false;
  bool json = false;
  bool force = false;
  bool strict = false;
  int verbosity = 0;
};

struct RerunOptions {
  std::string summary;
  std::string out_dir;
  std::string from;  // the folder the original run was started in (its manifest's paths are relative to it)
  bool force = false;
  bool quiet = false;
};

struct ValidateOptions {
  std::string scenario;
  std::vector<std::string> overrides;
  bool strict = false;
};

struct SweepCliOptions {
  std::string spec;
  std::string out;
  std::string jobs;  // empty: one per core
  bool resume = false;
  std::string shard = "0/1";
  bool dry_run = false;
  bool strict = false;
  bool quiet = false;
};

struct ResultsCliOptions {
  std::string store;
  std::string csv;               // "-": standard output
  std::string replications_csv;  // "-": standard output
  bool json = false;             // the percentiles as JSON on standard output, instead of the table
  bool force = false;
};

struct MergeCliOptions {
  std::string out;
  std::vector<std::string> inputs;
};

// What `gwsim schema` describes: scenario files, sweep specs (JSON Schemas) or the outputs (fields.cpp's registry).
struct SchemaCliOptions {
  std::string what;
  std::string out = "-";  // "-": standard output
  bool force = false;
};

struct InitCliOptions {
  std::string file;  // "-": standard output
  std::string template_name = "minimal";
  bool force = false;
};

struct CompletionCliOptions {
  std::string shell;
  std::string out = "-";
  bool force = false;
};

struct ManCliOptions {
  std::string out_dir;
};

struct CatalogOptions {
  std::string file;                    // empty: the built-in catalog; else a catalog file or a scenario
  std::vector<std::string> overrides;  // --set, for a scenario
  bool sources = false;
};

struct ReportCliOptions {
  std::string input;    // a run's output folder or a sweep's results store
  std::string out;      // default: DIR/report, or STORE's folder/<store name>-report
  std::string rank_by;  // sweeps only
  bool force = false;
  bool quiet = false;
};

struct DiffCliOptions {
  std::string run_a;
  std::string run_b;
  std::string out;  // default: RUN_B/diff
  bool force = false;
  bool quiet = false;
  bool json = false;
  bool changed = false;  // print only the totals that differ
};

gwsim::LoadOptions load_options(std::vector<std::string> overrides, const std::string& seed,
                                const std::string& step) {
  gwsim::LoadOptions options;
  options.overrides = std::move(overrides);
  if (!seed.empty()) options.overrides.push_back("seed=" + seed);
  if (!step.empty()) options.overrides.push_back("output_step=" + step);
  return options;
}

// The command line as typed (argv without the program name), to locate the errors of its --set arguments.
std::vector<std::string>& command_line() {
  static std::vector<std::string> args;
  return args;
}

// Where an override the loader reports on ("--set" is its file) was typed: "--set 'sites[*].pue=abc' (argument
// 4)", or --seed/--step for the overrides those options make.
std::string override_location(const std::string& text) {
  const std::vector<std::string>& args = command_line();
  const auto typed = [&](const std::string& option, const std::string& value) -> std::optional<std::size_t> {
    for (std::size_t i = 0; i < args.size(); ++i) {
      if ((args[i] == option && i + 1 < args.size() && args[i + 1] == value) || args[i] == option + "=" + value)
        return i + 1;
    }
    return std::nullopt;
  };
  if (const auto at = typed("--set", text)) return "--set '" + text + "' (argument " + std::to_string(*at) + ")";
  for (const auto& [key, option] : {std::pair<std::string, std::string>{"seed=", "--seed"}, {"output_step=", "--step"}}) {
    if (!text.starts_with(key)) continue;
    if (const auto at = typed(option, text.substr(key.size())))
      return option + " " + text.substr(key.size()) + " (argument " + std::to_string(*at) + ")";
  }
  return "--set '" + text + "'";
}

// A dotted path as its segments: "sites[0].grid" -> "sites", "[0]", "grid".
std::vector<std::string> path_segments(const std::string& path) {
  std::vector<std::string> out;
  std::string key;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '[') {
      if (!key.empty()) out.push_back(std::exchange(key, {}));
      const std::size_t close = path.find(']', i);
      const std::size_t end = close == std::string::npos ? path.size() : close + 1;
      out.push_back(path.substr(i, end - i));
      i = end - 1;
    } else if (path[i] == '.') {
      if (!key.empty()) out.push_back(std::exchange(key, {}));
    } else {
      key += path[i];
    }
  }
  if (!key.empty()) out.push_back(key);
  return out;
}

std::string joined_path(const std::vector<std::string>& segments) {
  std::string out;
  for (const std::string& s : segments) out += (out.empty() || s.front() == '[' ? "" : ".") + s;
  return out;
}

// A diagnostic's path with the items an override's [*] selected written [*] again: "sites[1].gird" for
// "sites[*].gird=5" is "sites[*].gird".
std::string as_pattern(const std::string& path, const std::string& override_text) {
  const std::vector<std::string> pattern = path_segments(override_text.substr(0, override_text.find('=')));
  std::vector<std::string> segments = path_segments(path);
  for (std::size_t i = 0; i < segments.size() && i < pattern.size(); ++i) {
    if (pattern[i] == "[*]" && segments[i].front() == '[') segments[i] = "[*]";
  }
  return joined_path(segments);
}

// The diagnostics of --set arguments located on the command line rather than in a file, and the copies a [*]
// makes of one mistake (one per item it selects) said once, under the override's path pattern.
std::vector<std::string> command_line_diagnostics(const std::vector<gwsim::Diagnostic>& diagnostics) {
  struct Merged {
    gwsim::Diagnostic first;
    std::string key;
    std::vector<std::string> paths;
  };
  std::vector<Merged> merged;
  for (const gwsim::Diagnostic& d : diagnostics) {
    if (d.file != "--set" || d.source_line.find("[*]") == std::string::npos) {
      merged.push_back({d, "", {}});
      continue;
    }
    const std::string pattern = as_pattern(d.path, d.source_line);
    const std::string key = d.source_line + '\n' + std::to_string(d.column) + '\n' + pattern + '\n' + d.message +
                            (d.severity == gwsim::Severity::kWarning ? "w" : "e");
    const auto same = std::find_if(merged.begin(), merged.end(), [&](const Merged& m) { return m.key == key; });
    if (same != merged.end()) {
      same->paths.push_back(d.path);
      continue;
    }
    merged.push_back({d, key, {d.path}});
  }
  std::vector<std::string> out;
  for (Merged& m : merged) {
    gwsim::Diagnostic& d = m.first;
    if (m.paths.size() > 1) {
      d.path = as_pattern(d.path, d.source_line);
      d.message += " (in each of the " + std::to_string(m.paths.size()) + " items [*] selects: ";
      for (std::size_t i = 0; i < m.paths.size(); ++i) d.message += (i ? ", " : "") + m.paths[i];
      d.message += ")";
    }
    std::string text = d.format();
    if (d.file == "--set") {
      // "--set:1:COL: error: ..." -> "--set 'PATH=VALUE' (argument N), column COL: error: ...".
      const std::string prefix = d.file + ":" + std::to_string(d.line) + ":" + std::to_string(d.column);
      text = override_location(d.source_line) + ", column " + std::to_string(d.column) + text.substr(prefix.size());
    }
    out.push_back(std::move(text));
  }
  return out;
}

// What the diagnostics counted: all, and those of the command line's --set (--seed, --step) arguments.
struct Counted {
  std::size_t errors = 0;
  std::size_t on_command_line = 0;
};

// Prints diagnostics; with --strict, warnings are printed and counted as errors. Returns the errors counted.
Counted report_diagnostics(const std::vector<gwsim::Diagnostic>& errors,
                           const std::vector<gwsim::Diagnostic>& warnings, bool strict) {
  std::vector<gwsim::Diagnostic> all = errors;
  for (gwsim::Diagnostic d : warnings) {
    if (strict) d.severity = gwsim::Severity::kError;
    all.push_back(std::move(d));
  }
  Counted counted;
  const std::vector<std::string> texts = command_line_diagnostics(all);
  for (const std::string& text : texts) {
    std::cerr << text;
    if (text.find(": error: ") == std::string::npos) continue;
    ++counted.errors;
    if (text.starts_with("--set '") || text.starts_with("--seed ") || text.starts_with("--step ")) {
      ++counted.on_command_line;
    }
  }
  return counted;
}

std::string counted(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

// A decimal integer from 0 to max, digits only: no sign, no spaces, no wrapping round (CLI11's own conversion
// takes "-1" for an unsigned option and wraps it to 2^64 - 1).
std::optional<std::uint64_t> parse_count(const std::string& text, std::uint64_t max) {
  if (text.empty() || text.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value > max) return std::nullopt;
  return value;
}

int exit_code_of(const gwsim::sweep::StoreError& e) {
  return e.cause == gwsim::sweep::StoreError::Cause::kSystem ? kExitInternal : kExitInvalidInput;
}

// Loads a scenario (replication `replication` of its seed's draws), printing every problem and the template's
// warnings (plan contradictions); nullopt when any error, or any warning with --strict. `warnings` gets the count.
std::optional<gwsim::Scenario> load_or_report(const std::string& path, const gwsim::LoadOptions& options,
                                              std::uint64_t replication = 0, bool strict = false,
                                              std::size_t* warnings = nullptr) {
  gwsim::LoadResult result;
  gwsim::TemplateResult loaded = gwsim::load_template(path, options);
  if (loaded.scenario_template) {
    result = gwsim::sample_scenario(*loaded.scenario_template, gwsim::template_seed(*loaded.scenario_template),
                                    replication);
  } else {
    result.errors = std::move(loaded.errors);
  }
  if (warnings) *warnings = loaded.warnings.size();
  const Counted found = report_diagnostics(result.errors, loaded.warnings, strict);
  if (found.errors > 0) {
    // The --set arguments' errors are the command line's, not the scenario file's.
    const std::size_t in_files = found.errors - found.on_command_line;
    std::cerr << counted(found.errors, "error", "errors");
    if (found.on_command_line == 0) {
      std::cerr << " in " << path;
    } else if (in_files == 0) {
      std::cerr << " on the command line";
    } else {
      std::cerr << ": " << in_files << " in " << path << ", " << found.on_command_line << " on the command line";
    }
    std::cerr << (strict && !loaded.warnings.empty() ? " (warnings are errors with --strict)" : "")
              << "; nothing was run or written.\n";
    return std::nullopt;
  }
  return std::move(result.scenario);
}

// What a run prints on success: the summary for people, JSON for scripts (--json), or nothing (--quiet); and
// whether its progress goes to standard error.
struct RunPrint {
  enum class Stdout { kSummary, kJson, kNothing } stdout_ = Stdout::kSummary;
  gwsim::cli::Progress::Mode progress = gwsim::cli::Progress::Mode::kOff;
};

// `gwsim run --json`: the run's summary.json, with the folder and the files written.
std::string run_json(const gwsim::RunRecord& record, const gwsim::Manifest& manifest, const std::string& dir) {
  nlohmann::ordered_json j = nlohmann::ordered_json::object();
  j["output_folder"] = dir;
  nlohmann::ordered_json files = nlohmann::ordered_json::array();
  for (const char* name : gwsim::kRunFiles) files.push_back((std::filesystem::path(dir) / name).string());
  j["files"] = std::move(files);
  j["summary"] = nlohmann::ordered_json::parse(gwsim::summary_json(record, manifest));
  return j.dump(2) + "\n";
}

int simulate_and_write(const gwsim::Scenario& scenario, const std::string& dir, bool force, const RunPrint& print,
                       int verbosity, const std::vector<std::string>& engine_args, const std::string& who) {
  // A folder that cannot hold the outputs, or holds something already, is the user's to decide about: say so
  // before simulating anything.
  std::error_code ec;
  if (std::filesystem::exists(dir, ec) && std::filesystem::is_directory(dir, ec) &&
      !std::filesystem::is_empty(dir, ec) && !force) {
    std::cerr << who << ": output folder '" << dir << "' is not empty; add --force to replace its "
              << "timeline.csv, sites.csv, events.csv, finance.csv and summary.json (other files are left alone), or choose "
                 "another folder with -o; nothing was run or written.\n";
    return kExitInvalidInput;
  }
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    std::cerr << who << ": cannot use output folder '" << dir
              << "': " << (ec ? ec.message() : "it exists and is not a folder") << "; nothing was run or written.\n";
    return kExitInvalidInput;
  }
  // The files are staged from the start: sites.csv is written as the engine produces its rows (a long hourly
  // run never holds them), and nothing reaches the folder unless the run and the writing both succeed.
  std::optional<gwsim::RunWriter> writer;
  try {
    writer.emplace(dir);
  } catch (const gwsim::OutputError& e) {
    std::cerr << who << ": " << e.what() << "; nothing was run or written.\n";
    return e.refused ? kExitInvalidInput : kExitInternal;
  }
  gwsim::engine::configure_logging(verbosity >= 2   ? spdlog::level::debug
                                   : verbosity == 1 ? spdlog::level::info
                                                    : spdlog::level::warn);
  // Progress by the simulated clock: the share of the run's days simulated. The watch holds `progress` by
  // reference: the engine runs once in this process, and its clock never advances after run_simulation returns.
  gwsim::cli::Progress progress(std::cerr, who, print.progress);
  const std::int64_t days = gwsim::models::days_between(scenario.start, scenario.end) + 1;
  std::int64_t shown_day = -1;
  gwsim::cli::watch_simulated_clock([&progress, &shown_day, &scenario, days](double seconds) {
    const std::int64_t day = std::min<std::int64_t>(days, static_cast<std::int64_t>(seconds / 86400.0));
    if (day == shown_day) return;
    shown_day = day;
    const gwsim::models::Date date{scenario.start.days + static_cast<int>(std::max<std::int64_t>(0, day - 1))};
    progress.update(static_cast<double>(day) / static_cast<double>(days),
                    "simulated (to " + gwsim::models::to_iso(date) + " of " + gwsim::models::to_iso(scenario.end) + ")");
  });
  gwsim::engine::EngineResult result = gwsim::engine::run_simulation(
      scenario, engine_args, gwsim::engine::EnergyAccounting::kPlugin,
      [&writer](std::span<const gwsim::StateRow> rows) { writer->add_site_rows(rows); });
  progress.clear();
  if (!result.failures.empty()) {
    std::cerr << "gwsim: internal error during the simulation; nothing was written:\n";
    for (const std::string& f : result.failures) std::cerr << "  " << f << "\n";
    return kExitInternal;
  }
  progress.note("simulated " + std::to_string(days) + " days; writing the files");
  const gwsim::Manifest manifest = gwsim::engine::manifest_for(scenario);
  try {
    for (const std::string& note : writer->finish(result.record, manifest)) {
      std::cerr << who << ": note: " << note << "\n";
    }
  } catch (const gwsim::OutputError& e) {
    std::cerr << who << ": " << e.what() << "; the folder keeps its earlier files, if any.\n";
    return e.refused ? kExitInvalidInput : kExitInternal;
  }
  progress.note("wrote the files in " + dir);
  progress.clear();
  if (print.stdout_ == RunPrint::Stdout::kSummary) std::cout << gwsim::summary_text(result.record, manifest, dir);
  if (print.stdout_ == RunPrint::Stdout::kJson) std::cout << run_json(result.record, manifest, dir) << std::flush;
  return kExitOk;
}

int run_command(const RunOptions& options, const std::vector<std::string>& engine_args) {
  const std::optional<std::uint64_t> replication =
      options.replication.empty() ? std::optional<std::uint64_t>(0) : parse_count(options.replication, UINT64_MAX);
  if (!replication) {
    std::cerr << "gwsim run: --replication expects an integer from 0 to 18446744073709551615, found '"
              << options.replication << "'; nothing was run or written.\n";
    return kExitInvalidInput;
  }
  std::optional<gwsim::Scenario> scenario = load_or_report(
      options.scenario, load_options(options.overrides, options.seed, options.step), *replication, options.strict);
  if (!scenario) return kExitInvalidInput;
  const std::string dir = options.out_dir.empty() ? "out/" + scenario->name : options.out_dir;
  RunPrint print;
  print.stdout_ = options.json    ? RunPrint::Stdout::kJson
                  : options.quiet ? RunPrint::Stdout::kNothing
                                  : RunPrint::Stdout::kSummary;
  print.progress = gwsim::cli::Progress::mode_for_stderr(options.quiet);
  // With -v the engine's diary lines share standard error: plain progress lines, never a redrawn one.
  if (options.verbosity > 0 && print.progress == gwsim::cli::Progress::Mode::kTerminal)
    print.progress = gwsim::cli::Progress::Mode::kLines;
  return simulate_and_write(*scenario, dir, options.force, print, options.verbosity, engine_args, "gwsim run");
}

int validate_command(const ValidateOptions& options) {
  std::size_t warnings = 0;
  std::optional<gwsim::Scenario> scenario =
      load_or_report(options.scenario, load_options(options.overrides, "", ""), 0, options.strict, &warnings);
  if (!scenario) return kExitInvalidInput;
  std::int64_t halls = 0;
  for (const auto& site : scenario->sites) halls += static_cast<std::int64_t>(site.halls.size());
  std::cout << options.scenario << ": valid (" << counted(scenario->sites.size(), "site", "sites") << ", "
            << counted(static_cast<std::size_t>(halls), "hall", "halls") << ", "
            << counted(scenario->tranches.size(), "tranche", "tranches") << ", "
            << counted(scenario->supply.size(), "supply line", "supply lines") << ", "
            << gwsim::models::to_iso(scenario->start) << " to " << gwsim::models::to_iso(scenario->end) << ")"
            << (warnings > 0 ? ", with " + counted(warnings, "warning", "warnings") : "") << "\n";
  return kExitOk;
}

std::string read_whole(const std::filesystem::path& path) {
  gwsim::io::InputText in = gwsim::io::read_input_file(path.string(), std::size_t{1} << 30);
  return in.text.value_or("");
}

// Where a recorded input differs from what this load read, file by file; empty when they are the same.
std::string input_differences(const gwsim::InputHashes& recorded, const std::vector<gwsim::InputFileHash>& now) {
  std::string out;
  const auto note = [&out](const std::string& line) { out += "  " + line + "\n"; };
  for (const auto& [file, sha] : recorded) {
    const auto it = std::find_if(now.begin(), now.end(), [&](const gwsim::InputFileHash& f) { return f.path == file; });
    if (it == now.end()) note("the run read " + file + ", this one does not");
    else if (it->sha256 != sha)
      note(file + " changed since the run: its SHA-256 is now " + it->sha256 + ", the run read " + sha);
  }
  for (const gwsim::InputFileHash& f : now) {
    if (std::none_of(recorded.begin(), recorded.end(), [&](const auto& r) { return r.first == f.path; }))
      note("this run reads " + f.path + ", the original did not");
  }
  return out;
}

std::string relative_path_note(const std::string& file) {
  if (std::filesystem::path(file).is_absolute()) return "";
  std::error_code ec;
  return " (the manifest's paths are relative to the folder `gwsim run` was started in; run `gwsim rerun` from that "
         "folder or name it with --from DIR: this one is " + std::filesystem::current_path(ec).string() + ")";
}

// Reads and checks the manifest of a summary.json; prints why not and returns nullopt when it cannot be rerun.
std::optional<gwsim::RunIdentity> read_run_identity(const std::string& summary_path) {
  const char* who = "gwsim rerun: ";
  std::error_code ec;
  if (std::filesystem::is_directory(summary_path, ec)) {
    std::cerr << who << "'" << summary_path << "' is a folder; give the summary.json of the run to repeat ("
              << (std::filesystem::path(summary_path) / "summary.json").string() << ")\n";
    return std::nullopt;
  }
  const gwsim::io::InputText text = gwsim::io::read_input_file(summary_path);
  if (!text.text) {
    std::cerr << who << "cannot read " << summary_path << ": " << text.error << "\n";
    return std::nullopt;
  }
  gwsim::ManifestRead read = gwsim::read_manifest(*text.text);
  if (!read.identity) {
    std::cerr << who << summary_path << ": " << read.error << "; nothing was run or written.\n";
    return std::nullopt;
  }
  return std::move(read.identity);
}

// The run a manifest describes, loaded only if every file it reads is the one the run read: the scenario file is
// checked against its recorded hash before it is parsed, so a manifest can never make gwsim read and quote a file
// the run did not read.
std::optional<gwsim::Scenario> load_recorded_run(const gwsim::RunIdentity& id) {
  const char* who = "gwsim rerun: ";
  const gwsim::io::InputText scenario = gwsim::io::read_input_file(id.scenario_file);
  if (!scenario.text) {
    std::cerr << who << "cannot read the scenario " << id.scenario_file << ": " << scenario.error
              << relative_path_note(id.scenario_file) << "; nothing was run or written.\n";
    return std::nullopt;
  }
  if (gwsim::sha256_hex(*scenario.text) != id.inputs.front().second) {
    std::cerr << who << id.scenario_file << " changed since the run: its SHA-256 is now "
              << gwsim::sha256_hex(*scenario.text) << ", the run read " << id.inputs.front().second
              << "; nothing was run or written.\n";
    return std::nullopt;
  }
  gwsim::TemplateResult loaded = gwsim::load_template(id.scenario_file, gwsim::LoadOptions{id.overrides});
  for (const gwsim::Diagnostic& d : loaded.errors) std::cerr << d.format();
  if (!loaded.scenario_template) return std::nullopt;
  const std::string differences = input_differences(id.inputs, gwsim::input_files(*loaded.scenario_template));
  if (!differences.empty()) {
    std::cerr << who << "the files do not match the run's:\n" << differences << "nothing was run or written.\n";
    return std::nullopt;
  }
  gwsim::LoadResult sampled = gwsim::sample_scenario(*loaded.scenario_template, id.seed, id.replication);
  for (const gwsim::Diagnostic& d : sampled.errors) std::cerr << d.format();
  return std::move(sampled.scenario);
}

// Reruns a run from its summary.json: the same files (checked by hash), overrides, seed and replication; then says
// whether the new files are byte-identical to the ones beside the summary.
int rerun_command(RerunOptions options, const std::vector<std::string>& engine_args) {
  if (!options.from.empty()) {
    // The summary and the output folder are named from here; the manifest's paths from the original folder.
    std::error_code ec;
    options.summary = std::filesystem::absolute(options.summary, ec).string();
    if (!options.out_dir.empty() && !ec) options.out_dir = std::filesystem::absolute(options.out_dir, ec).string();
    if (!ec) std::filesystem::current_path(options.from, ec);
    if (ec) {
      std::cerr << "gwsim rerun: --from " << options.from << ": " << ec.message() << "; nothing was run or written.\n";
      return kExitInvalidInput;
    }
  }
  const std::optional<gwsim::RunIdentity> id = read_run_identity(options.summary);
  if (!id) return kExitInvalidInput;
  if (id->gwsim_version != GWSIM_VERSION) {
    std::cerr << "gwsim rerun: note: the run was made by gwsim " << id->gwsim_version << ", this is gwsim "
              << GWSIM_VERSION << "; results may differ where the models changed\n";
  }
  const std::optional<gwsim::Scenario> scenario = load_recorded_run(*id);
  if (!scenario) return kExitInvalidInput;
  const std::filesystem::path original = std::filesystem::path(options.summary).parent_path();
  const std::string dir = options.out_dir.empty() ? (original / "rerun").string() : options.out_dir;
  RunPrint print;
  print.stdout_ = RunPrint::Stdout::kNothing;
  print.progress = gwsim::cli::Progress::mode_for_stderr(options.quiet);
  const int status = simulate_and_write(*scenario, dir, options.force, print, 0, engine_args, "gwsim rerun");
  if (status != kExitOk) return status;
  std::vector<std::string> same, different;
  for (const char* name : gwsim::kRunFiles) {
    if (!std::filesystem::exists(original / name)) continue;
    (read_whole(original / name) == read_whole(std::filesystem::path(dir) / name) ? same : different).push_back(name);
  }
  std::cout << "reran " << id->scenario_file << " (seed " << id->seed << ", replication " << id->replication << ", "
            << id->overrides.size() << " override(s)) into " << dir << "\n";
  if (!same.empty()) {
    std::cout << "byte-identical to the original:";
    for (const std::string& f : same) std::cout << " " << f;
    std::cout << "\n";
  }
  if (!different.empty()) {
    std::cout << "DIFFERENT from the original:";
    for (const std::string& f : different) std::cout << " " << f;
    std::cout << "\n";
    // Same files, same manifest, same gwsim: a difference is a reproducibility failure of gwsim itself.
    return id->gwsim_version == GWSIM_VERSION ? kExitInternal : kExitOk;
  }
  return kExitOk;
}

std::optional<gwsim::sweep::SweepSpec> load_spec_or_report(const std::string& path, bool strict) {
  gwsim::sweep::SpecResult loaded = gwsim::sweep::load_sweep_spec(path);
  std::vector<gwsim::Diagnostic> errors = loaded.errors;
  std::vector<gwsim::Diagnostic> warnings;
  if (loaded.spec) {
    errors.clear();
    for (gwsim::Diagnostic& d : gwsim::sweep::check_points(*loaded.spec)) {
      (d.severity == gwsim::Severity::kWarning ? warnings : errors).push_back(std::move(d));
    }
  }
  const std::size_t n = report_diagnostics(errors, warnings, strict).errors;
  if (n > 0) {
    std::cerr << counted(n, "error", "errors") << " in " << path
              << (strict && !warnings.empty() ? " (warnings are errors with --strict)" : "")
              << "; nothing was run or written.\n";
    return std::nullopt;
  }
  return std::move(loaded.spec);
}

int sweep_command(const SweepCliOptions& options) {
  const std::optional<gwsim::sweep::Shard> shard = gwsim::sweep::parse_shard(options.shard);
  if (!shard) {
    std::cerr << "gwsim sweep: --shard expects I/N with 0 <= I < N (e.g. 0/4), found '" << options.shard << "'\n";
    return kExitInvalidInput;
  }
  std::optional<gwsim::sweep::SweepSpec> spec = load_spec_or_report(options.spec, options.strict);
  if (!spec) return kExitInvalidInput;
  const auto tasks = gwsim::sweep::plan(*spec, *shard);
  if (options.dry_run) {
    std::cout << "sweep " << spec->name << ": " << spec->points.size() << " points x " << spec->replications
              << " replications = " << spec->points.size() * static_cast<std::size_t>(spec->replications)
              << " replications; shard " << shard->index << "/" << shard->count << " runs " << tasks.size()
              << "\nscenario " << spec->scenario_path << ", seed " << spec->seed << "\n\n";
    for (const gwsim::sweep::Point& p : spec->points) {
      std::cout << "point " << p.index << "  " << p.name << "\n";
      for (const gwsim::sweep::Override& o : p.overrides) std::cout << "    --set " << o.text << "\n";
    }
    return kExitOk;
  }
  if (options.out.empty()) {
    std::cerr << "gwsim sweep: -o RESULTS.sqlite is required (or --dry-run)\n";
    return kExitInvalidInput;
  }
  const std::optional<std::uint64_t> jobs =
      options.jobs.empty() ? std::optional<std::uint64_t>(0) : parse_count(options.jobs, 4096);
  if (!jobs || (!options.jobs.empty() && *jobs == 0)) {
    std::cerr << "gwsim sweep: -j expects an integer from 1 to 4096, found '" << options.jobs << "'\n";
    return kExitInvalidInput;
  }
  gwsim::sweep::SweepOptions run;
  run.out_path = options.out;
  run.jobs = *jobs > 0 ? static_cast<int>(*jobs) : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  run.resume = options.resume;
  run.shard = *shard;
  gwsim::sweep::SweepTotals totals;
  try {
    std::ostream none(nullptr);  // --quiet: the progress goes nowhere
    totals = gwsim::sweep::run_sweep(*spec, run, options.quiet ? none : std::cerr,
                                     !options.quiet && ::isatty(STDERR_FILENO) != 0);
  } catch (const gwsim::sweep::StoreError& e) {
    std::cerr << "gwsim sweep: " << e.what() << "\n";
    return exit_code_of(e);
  }
  std::cout << "sweep " << spec->name << ": " << totals.planned << " replications in this shard, " << totals.skipped
            << " already in the store, " << totals.ok << " ok, " << totals.not_ok << " not ok\n"
            << "results in " << options.out << "; summarise with: gwsim results " << options.out << "\n";
  return kExitOk;
}

// Where a CSV of `gwsim results` may go: "-" (standard output), a new file, or with --force one that exists; never
// the store itself (nor its journal files), --force or not. Prints why not.
bool csv_target_ok(const std::string& option, const std::string& path, const ResultsCliOptions& options) {
  if (path.empty() || path == "-") return true;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) {
    if (path == options.store + suffix || gwsim::io::same_file(path, options.store + suffix)) {
      std::cerr << "gwsim results: " << option << " " << path << " is the results store itself (or its journal); "
                << "choose another file; nothing was written.\n";
      return false;
    }
  }
  std::error_code ec;
  if (!options.force && std::filesystem::symlink_status(path, ec).type() != std::filesystem::file_type::not_found) {
    std::cerr << "gwsim results: " << option << " " << path << " exists; add --force to replace it, or choose "
              << "another file; nothing was written.\n";
    return false;
  }
  return true;
}

// Writes text to path, or to standard output for "-": whole or not at all (atomic_output.hpp), refusing to replace
// a file without force. Returns an exit code, after saying why on failure.
int write_text(const std::string& who, const std::string& path, const std::string& text, bool force) {
  if (path == "-") {
    std::cout << text << std::flush;
    return std::cout ? kExitOk : kExitInternal;
  }
  try {
    gwsim::io::write_file_atomically(path, text, force ? gwsim::io::IfExists::kReplace : gwsim::io::IfExists::kRefuse);
  } catch (const gwsim::io::WriteError& e) {
    std::cerr << who << ": " << e.what() << (e.refused ? "; add --force to replace it" : "") << "; nothing was written.\n";
    return e.refused ? kExitInvalidInput : kExitInternal;
  }
  return kExitOk;
}

int results_command(const ResultsCliOptions& options) {
  // Every output is checked before the store is read: a refusal writes nothing.
  if (!csv_target_ok("--csv", options.csv, options) ||
      !csv_target_ok("--replications-csv", options.replications_csv, options)) {
    return kExitInvalidInput;
  }
  if (options.csv == "-" && options.replications_csv == "-") {
    std::cerr << "gwsim results: --csv and --replications-csv cannot both go to standard output\n";
    return kExitInvalidInput;
  }
  if (options.json && (options.csv == "-" || options.replications_csv == "-")) {
    std::cerr << "gwsim results: --json writes standard output; give " << (options.csv == "-" ? "--csv" : "--replications-csv")
              << " a file name\n";
    return kExitInvalidInput;
  }
  try {
    const gwsim::sweep::ResultsStore store = gwsim::sweep::ResultsStore::open_read_only(options.store);
    // A CSV on standard output stands alone there: the table for people is left out.
    if (options.json) {
      std::cout << gwsim::sweep::results_json(store) << std::flush;
    } else if (options.csv != "-" && options.replications_csv != "-") {
      std::cout << gwsim::sweep::results_text(store);
    }
    if (!options.csv.empty()) {
      if (const int code = write_text("gwsim results", options.csv, gwsim::sweep::results_csv(store), options.force)) return code;
    }
    if (!options.replications_csv.empty()) {
      if (const int code = write_text("gwsim results", options.replications_csv, gwsim::sweep::replications_csv(store), options.force))
        return code;
    }
  } catch (const gwsim::sweep::StoreError& e) {
    std::cerr << "gwsim results: " << e.what() << "\n";
    return exit_code_of(e);
  }
  return kExitOk;
}

int merge_command(const MergeCliOptions& options) {
  try {
    gwsim::sweep::merge_stores(options.out, options.inputs);
  } catch (const gwsim::sweep::StoreError& e) {
    std::cerr << "gwsim merge: " << e.what() << "\n";
    return exit_code_of(e);
  }
  std::cout << "merged " << options.inputs.size() << " stores into " << options.out << "\n";
  return kExitOk;
}

// What `gwsim catalog` lists: a catalog and the plant its per-GW figures assume.
struct CatalogView {
  gwsim::models::Catalog catalog;
  gwsim::DefaultPlant plant;
  gwsim::models::GwBasis basis = gwsim::models::GwBasis::kIt;
  std::string what;  // "the built-in catalog", "catalog FILE", "scenario FILE's catalog"
  std::string plant_from;  // where the plant's figures come from
  std::vector<gwsim::CatalogEntrySources> sources;      // empty: not available (a scenario's own overrides)
  std::map<std::string, std::string> serving_sources;
};

// Whether a YAML file is a catalog (a top-level `platforms:` key) rather than a scenario.
bool is_catalog_text(const std::string& text) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);)
    if (line.rfind("platforms:", 0) == 0) return true;
  return false;
}

// The catalog to list: the built-in one, a catalog file, or a scenario's (its serving and rack capex overrides
// applied, its power chain, facility capex, NVIDIA networking share and gw_basis); nullopt after printing why not.
std::optional<CatalogView> catalog_view(const CatalogOptions& options) {
  CatalogView view;
  view.plant = gwsim::builtin_default_plant();
  if (options.file.empty()) {
    view.catalog = gwsim::builtin_catalog();
    view.what = "the built-in catalog (configs/platforms.yaml)";
    view.plant_from = "configs/defaults.yaml";
    view.sources = gwsim::builtin_catalog_sources();
    view.serving_sources = gwsim::builtin_serving_sources();
    return view;
  }
  const gwsim::io::InputText text = gwsim::io::read_input_file(options.file);
  if (!text.text) {
    std::cerr << options.file << ":1:1: error: cannot read file: " << text.error << "\n";
    return std::nullopt;
  }
  if (is_catalog_text(*text.text) && options.overrides.empty()) {
    gwsim::Diagnostics diagnostics;
    std::optional<gwsim::CatalogLoad> load = gwsim::parse_catalog(*text.text, options.file, diagnostics);
    for (const gwsim::Diagnostic& d : diagnostics.sorted()) std::cerr << d.format();
    if (!load) return std::nullopt;
    view.catalog = std::move(load->catalog);
    view.what = "catalog " + options.file;
    view.plant_from = "configs/defaults.yaml";
    view.sources = std::move(load->sources);
    view.serving_sources = std::move(load->serving_sources);
    return view;
  }
  std::optional<gwsim::Scenario> scenario = load_or_report(options.file, load_options(options.overrides, "", ""));
  if (!scenario) return std::nullopt;
  view.catalog = scenario->catalog;
  view.basis = scenario->gw_basis;
  if (!scenario->sites.empty()) view.plant.chain = scenario->sites.front().power_chain();
  view.plant.facility_capex_per_mw = scenario->finance.facility_capex_per_mw;
  view.plant.nvidia_networking_share = scenario->finance.nvidia_networking_share;
  view.what = "scenario " + options.file + "'s catalog, with its serving and rack capex overrides";
  view.plant_from = scenario->sites.empty() ? "the scenario" : "the scenario (site " + scenario->sites.front().name +
                                                                   "'s design PUE)";
  return view;
}

// Lists a catalog in three tables (hardware, per GW, serving) and capex per rack. Per-GW figures are per GW of
// power at peak as a tranche of one platform would order racks: on the IT basis (racks' peak / (1 - non-GPU IT
// share), the default gw_basis, as runs report) and on the facility basis (x PUE), each clearly labelled.
double racks_per_gw(const gwsim::DefaultPlant& plant, const gwsim::models::Platform& p, gwsim::models::GwBasis basis) {
  return 1e9 / gwsim::models::rack_power_on_basis_w(plant.chain, p.peak_power_w, basis);
}

void print_hardware(const gwsim::models::Catalog& catalog) {
  namespace m = gwsim::models;
  std::printf("Hardware per rack. FLOPS are dense PFLOP/s (no 2:4 sparsity; a sparse vendor figure is divided by its\n"
              "stated ratio, see --sources); HBM per GPU package.\n");
  std::printf("%-20s %8s %5s %7s %7s %12s %12s %7s %8s %-7s %-10s %s\n", "id", "packages", "dies", "peak_kW",
              "idle_kW", "FP8_dense_PF", "FP4_dense_PF", "HBM_GB", "HBM_TB/s", "cooling", "available", "name");
  for (const m::Platform& p : catalog.platforms) {
    std::printf("%-20s %8d %5d %7.1f %7.1f %12.1f %12.1f %7.0f %8.2f %-7s %-10s %s\n", p.id.c_str(), p.gpu_packages,
                p.gpu_dies, p.peak_power_w / 1e3, p.idle_power_w / 1e3, p.pflops_fp8_dense, p.pflops_fp4_dense,
                p.hbm_gb_per_package, p.hbm_tb_per_s_per_package, std::string(m::to_string(p.cooling)).c_str(),
                m::to_iso(p.available).c_str(), p.name.c_str());
  }
}

// Racks, GPUs, compute and capex per GW, on the IT basis and on the facility basis.
void print_per_gw(const CatalogView& view) {
  namespace m = gwsim::models;
  const gwsim::DefaultPlant& plant = view.plant;
  for (const m::GwBasis basis : {m::GwBasis::kIt, m::GwBasis::kFacility}) {
    const bool it = basis == m::GwBasis::kIt;
    std::printf("\nPer GW of %s%s: %s.\n", it ? "IT power" : "facility power",
                basis == view.basis ? " (the gw_basis runs report on)" : "",
                it ? "GPU racks at peak plus the non-GPU IT share, rack peak / (1 - s)"
                   : "IT power x PUE, what the building and the grid carry");
    if (it) {
      std::printf("s = %.0f%% non-GPU IT share; on the facility basis x PUE %.2f. Capex: racks x rack capex + facility\n"
                  "capex per MW of facility power (a run books facility capex for the halls it builds, so its per-GW\n"
                  "capex is higher where halls are not full). NVIDIA content = GPU systems + %.0f%% of networking.\n",
                  plant.chain.non_gpu_it_share * 100.0, plant.chain.pue, plant.nvidia_networking_share * 100.0);
    }
    std::printf("%-20s %9s %11s %11s %10s %12s %13s\n", "id", "racks/GW", "packages/GW", "dies/GW", "FP8_EF/GW",
                "all_in_$B/GW", "nvidia_$B/GW");
    for (const m::Platform& p : view.catalog.platforms) {
      const double racks = racks_per_gw(plant, p, basis);
      m::CapexBreakdown per_gw = m::rack_capex(p.capex, racks);
      per_gw += m::facility_capex(plant.facility_capex_per_mw,
                                  racks * m::facility_power_per_rack(plant.chain, p.peak_power_w) / 1e6);
      std::printf("%-20s %9.0f %11.0f %11.0f %10.0f %12.1f %13.1f\n", p.id.c_str(), racks, racks * p.gpu_packages,
                  racks * p.gpu_dies, racks * p.pflops_fp8_dense / 1e3, per_gw.total_usd() / 1e9,
                  m::scope_usd(per_gw, m::CapexScope::kNvidiaContent, plant.nvidia_networking_share) / 1e9);
    }
  }
  std::printf("\nRacks and GPUs per GW are rates (1e9 W / rack power on the basis), not rounded: a 1 GW tranche orders\n"
              "the next whole rack. On GPU-rack power alone (no non-GPU share), 1 GW is 1e9 / peak_kW racks.\n");
}

// The roofline at an interactivity tier: the catalog's operating point with at least `tokens_per_s_per_user`.
gwsim::models::ServingRate roofline_at_tier(const gwsim::models::Platform& p, gwsim::models::ServingReference ref,
                                            double tokens_per_s_per_user) {
  double& target = ref.operating_point.min_tokens_per_s_per_user;
  target = std::max(target, tokens_per_s_per_user);
  return gwsim::models::roofline_serving(p, ref);
}

void print_serving(const gwsim::models::Catalog& catalog, const gwsim::DefaultPlant& plant) {
  namespace m = gwsim::models;
  const m::ServingReference& ref = catalog.serving;
  std::printf("\nServing at full load: tokens processed (input + output) per second per rack, for the reference model\n"
              "  %s\n"
              "with %.0f input and %.0f output tokens per request, each platform at its deployed precision. ceiling:\n"
              "the roofline (models/serving.hpp: HBM, FLOPS and %.0f us per layer per decode step) or stated in the\n"
              "catalog; rho: the platform's realized fraction, and where it comes from; realized = ceiling x rho, what\n"
              "demand is set against; batch (sequences per instance) and output tok/s per user are the roofline's at\n"
              "maximum throughput; realized per GW of IT power.\n",
              ref.model.c_str(), ref.shape.input_tokens, ref.shape.output_tokens,
              ref.operating_point.decode_overhead_us_per_layer);
  std::printf("%-20s %-4s %8s %7s %14s %16s %5s %-19s %16s %-9s %16s\n", "id", "prec", "instance", "batch",
              "user_tok/s", "ceiling_tok/s", "rho_%", "rho_from", "realized_tok/s", "from", "realized_tok/s/GW");
  for (const m::Platform& p : catalog.platforms) {
    const m::ServingRate rate = m::roofline_serving(p, ref);
    const double realized = m::realized_tokens_per_s(p);
    std::printf("%-20s %-4s %8d %7lld %14.1f %16.0f %5.1f %-19s %16.0f %-9s %16.3e\n", p.id.c_str(),
                m::to_string(p.serving_precision), p.serving_packages_per_instance, static_cast<long long>(rate.batch),
                rate.tokens_per_s_per_user, p.serving_tokens_per_s, p.realized_fraction * 100.0,
                m::to_string(p.realized_from), realized, m::to_string(p.serving_rate_from),
                racks_per_gw(plant, p, m::GwBasis::kIt) * realized);
  }
  std::printf("\nServing at interactivity tiers: the roofline's ceiling when every user gets at least 50 or 100 output\n"
              "tokens/s (the batch shrinks until it does); tokens processed per second per rack, and its share of the\n"
              "maximum-throughput ceiling. '-' where the rate is stated rather than the roofline's.\n");
  std::printf("%-20s %9s %16s %8s %9s %16s %8s\n", "id", "batch@50", "ceiling@50_tok/s", "share_%", "batch@100",
              "ceiling@100_tok/s", "share_%");
  for (const m::Platform& p : catalog.platforms) {
    if (p.serving_rate_from != m::ServingRateFrom::kRoofline) {
      std::printf("%-20s %9s %16s %8s %9s %16s %8s\n", p.id.c_str(), "-", "-", "-", "-", "-", "-");
      continue;
    }
    const double top = m::roofline_serving(p, ref).total_tokens_per_s_per_rack;
    const m::ServingRate at50 = roofline_at_tier(p, ref, 50.0);
    const m::ServingRate at100 = roofline_at_tier(p, ref, 100.0);
    const auto share = [top](const m::ServingRate& r) {
      return top > 0.0 ? 100.0 * r.total_tokens_per_s_per_rack / top : 0.0;
    };
    std::printf("%-20s %9lld %16.0f %8.1f %9lld %16.0f %8.1f\n", p.id.c_str(), static_cast<long long>(at50.batch),
                at50.total_tokens_per_s_per_rack, share(at50), static_cast<long long>(at100.batch),
                at100.total_tokens_per_s_per_rack, share(at100));
  }
}

void print_capex(const gwsim::models::Catalog& catalog, const gwsim::DefaultPlant& plant) {
  std::printf("\nCapex per rack ($M) by category; facility capex $%.1fM per MW of facility power (shell %.1f, electrical\n"
              "%.1f, other %.1f).\n",
              plant.facility_capex_per_mw.total_usd() / 1e6, plant.facility_capex_per_mw.facility_shell_usd / 1e6,
              plant.facility_capex_per_mw.electrical_usd / 1e6, plant.facility_capex_per_mw.other_usd / 1e6);
  std::printf("%-20s %11s %10s %7s %10s\n", "id", "gpu_systems", "networking", "storage", "rack_total");
  for (const gwsim::models::Platform& p : catalog.platforms) {
    std::printf("%-20s %11.2f %10.2f %7.2f %10.2f\n", p.id.c_str(), p.capex.gpu_systems_usd / 1e6,
                p.capex.networking_usd / 1e6, p.capex.storage_usd / 1e6, p.capex.total_usd() / 1e6);
  }
}

void print_sources(const CatalogOptions& options, const CatalogView& view) {
  if (options.sources && !view.sources.empty()) {
    std::printf("\nserving\n");
    for (const auto& [key, source] : view.serving_sources) std::printf("  %-32s %s\n", key.c_str(), source.c_str());
    for (const auto& entry : view.sources) {
      std::printf("\n%s\n", entry.id.c_str());
      for (const auto& [key, source] : entry.sources) std::printf("  %-32s %s\n", key.c_str(), source.c_str());
    }
  } else if (options.sources) {
    std::printf("\nSources: a scenario's catalog is its catalog file's (gwsim catalog CATALOG.yaml --sources, or the\n"
                "built-in: gwsim catalog --sources) with the scenario's overrides, whose sources are in the scenario.\n");
  } else {
    std::printf("\nSources of every number: gwsim catalog [FILE] --sources (and configs/platforms.yaml, "
                "configs/defaults.yaml).\n");
  }
}

int catalog_command(const CatalogOptions& options) {
  const std::optional<CatalogView> view = catalog_view(options);
  if (!view) return kExitInvalidInput;
  std::printf("%s; per-GW figures with the power chain and facility capex of %s.\n\n", view->what.c_str(),
              view->plant_from.c_str());
  print_hardware(view->catalog);
  print_per_gw(*view);
  print_serving(view->catalog, view->plant);
  print_capex(view->catalog, view->plant);
  print_sources(options, *view);
  return kExitOk;
}


// "-" names standard output, which cannot hold a folder of files or an SQLite store: say so rather than make a
// file or folder named "-". True when path is "-" (and the message is printed).
bool refuses_stdout(const std::string& who, const std::string& option, const std::string& path,
                    const std::string& what) {
  if (path != "-") return false;
  std::cerr << who << ": " << option << " -: " << what << ", which standard output cannot hold; name a "
            << (what.find("folder") != std::string::npos ? "folder" : "file") << "; nothing was run or written.\n";
  return true;
}

// $id of the JSON Schemas: a URN with the version, since the schemas are installed files, not published pages.
std::string schema_id(const std::string& what) { return std::string("urn:gwsim:") + what + ":" + GWSIM_VERSION; }

int schema_command(const SchemaCliOptions& options) {
  std::string text;
  if (options.what == "outputs") text = gwsim::sweep::outputs_schema_json(GWSIM_VERSION);
  if (options.what == "scenario") text = gwsim::scenario_json_schema(schema_id("scenario-schema"));
  if (options.what == "sweep") text = gwsim::sweep::sweep_spec_json_schema(schema_id("sweep-schema"));
  if (options.what == "optimize") text = gwsim::optimize::optimize_spec_json_schema(schema_id("optimize-schema"));
  return write_text("gwsim schema", options.out, text, options.force);
}

// The folder of gwsim's shared files (the report script, the schemas): ../share/gwsim beside an installed binary's
// folder; empty when gwsim is not installed that way (a build tree).
std::filesystem::path installed_share_dir() {
  std::error_code ec;
  const std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) return {};
  const std::filesystem::path share = exe.parent_path().parent_path() / "share" / "gwsim";
  return std::filesystem::is_directory(share, ec) ? share : std::filesystem::path();
}

// The scenario schema editors should use for a new file: the installed one, else the build tree's.
std::optional<std::filesystem::path> scenario_schema_file() {
  std::error_code ec;
  const std::filesystem::path share = installed_share_dir();
  if (!share.empty() && std::filesystem::is_regular_file(share / "gwsim-scenario.schema.json", ec)) {
    return share / "gwsim-scenario.schema.json";
  }
  const std::filesystem::path built = std::filesystem::path(GWSIM_BUILD_DIR) / "share" / "gwsim-scenario.schema.json";
  if (std::filesystem::is_regular_file(built, ec)) return built;
  return std::nullopt;
}

// The installed copy of a documentation page (PREFIX/share/doc/gwsim/NAME, beside PREFIX/share/gwsim); nullopt
// when gwsim is not installed that way (a build tree).
std::optional<std::filesystem::path> installed_doc(const std::string& name) {
  const std::filesystem::path share = installed_share_dir();
  if (share.empty()) return std::nullopt;
  const std::filesystem::path page = share.parent_path() / "doc" / "gwsim" / name;
  std::error_code ec;
  return std::filesystem::is_regular_file(page, ec) ? std::optional(page) : std::nullopt;
}

// The header of a file `gwsim init` writes: what it is and what to do with it, naming only commands and files the
// user has (never gwsim's source tree).
std::string init_header(const InitCliOptions& options, const gwsim::cli::InitTemplate& t) {
  const std::string file = options.file == "-" ? "FILE" : options.file;
  const std::optional<std::filesystem::path> reference = installed_doc("scenario-reference.md");
  std::string text = "# Written by `gwsim init --template " + std::string(t.name) + "` (gwsim " + GWSIM_VERSION +
                     "): a gwsim scenario to start from.\n"
                     "#   Check it: gwsim validate " + file + " (every problem, with its line and column)\n"
                     "#   Run it:   gwsim run " + file + " (outputs in out/<name>/; gwsim run --help)\n"
                     "# Every key, its unit, range and default: `gwsim schema scenario` (a JSON Schema describing each\n"
                     "# key, for editors) and the scenario reference of gwsim's documentation (scenario-reference.md" +
                     (reference ? ", here " + reference->string() : "") + ").\n";
  if (t.name != "minimal") {
    text += "# The comments below name gwsim's own files: docs/ is its documentation (installed with it), and the\n"
            "# figures of configs/ are the built-in catalog and defaults, with their sources: gwsim catalog --sources.\n";
  }
  return text;
}

int init_command(const InitCliOptions& options) {
  const auto& templates = gwsim::cli::init_templates();
  const auto it = std::find_if(templates.begin(), templates.end(),
                               [&](const gwsim::cli::InitTemplate& t) { return t.name == options.template_name; });
  if (it == templates.end()) return kExitInternal;  // CLI11 checked the name against the same list
  std::string text = init_header(options, *it);
  if (const auto schema = scenario_schema_file()) {
    text += "# yaml-language-server: $schema=" + schema->string() + "\n";
  }
  text += "\n";
  text += it->text;
  const int status = write_text("gwsim init", options.file, text, options.force);
  if (status == kExitOk && options.file != "-") {
    std::cerr << "wrote " << options.file << " (" << it->name << "); next: gwsim validate " << options.file
              << " && gwsim run " << options.file << "\n";
  }
  return status;
}

// ---- report and diff: charts and tables drawn by tools/report/gwsim_report.py (matplotlib) -----------------------

// The report script: $GWSIM_REPORT_DIR if set (only there); else beside an installed binary (../share/gwsim/report,
// cmake --install); else, for a binary still in its build tree, the source tree it was built from. An installed
// binary never reads the source tree, which a user's machine need not have.
std::filesystem::path report_script() {
  namespace fs = std::filesystem;
  if (const char* env = std::getenv("GWSIM_REPORT_DIR"); env != nullptr && *env != '\0') {
    return fs::path(env) / "gwsim_report.py";
  }
  std::error_code ec;
  if (const fs::path share = installed_share_dir(); !share.empty()) return share / "report" / "gwsim_report.py";
  const fs::path exe = fs::weakly_canonical(fs::read_symlink("/proc/self/exe", ec), ec);
  const fs::path build = fs::weakly_canonical(GWSIM_BUILD_DIR, ec);
  const auto in_build = std::mismatch(build.begin(), build.end(), exe.begin(), exe.end());
  if (!build.empty() && in_build.first == build.end()) return fs::path(GWSIM_SOURCE_REPORT_DIR) / "gwsim_report.py";
  return exe.parent_path().parent_path() / "share" / "gwsim" / "report" / "gwsim_report.py";
}

// Writes all of text to fd (a pipe whose reader may be gone: SIGPIPE is ignored meanwhile, the error left to the
// reader's exit code).
void write_all(int fd, const std::string& text) {
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::sigaction(SIGPIPE, &previous, nullptr);
}

// Runs the report script with Debian's /usr/bin/python3 when it exists (a pyenv or venv python3 on PATH would not
// see Debian's python3-matplotlib), else python3 from PATH, with MPLBACKEND=Agg. Returns the script's exit code.
// The script reads every column, figure and constraint from `gwsim schema outputs`, which it gets on its stdin
// (--schema -): this binary's own schema, so the script always agrees with the files this gwsim writes, with no
// temporary file to clean up and no second gwsim process.
int run_report_script(const std::string& command, const std::vector<std::string>& args) {
  const std::filesystem::path script = report_script();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(script, ec)) {
    std::cerr << "gwsim " << command << ": cannot find the report script " << script.string()
              << " (installed in PREFIX/share/gwsim/report by cmake --install, kept in tools/report of the sources; "
                 "set GWSIM_REPORT_DIR to the folder that holds gwsim_report.py)\n";
    return kExitInternal;
  }
  const bool debian_python = ::access("/usr/bin/python3", X_OK) == 0;
  const std::string python = debian_python ? "/usr/bin/python3" : "python3";
  std::vector<std::string> argv_strings = {python, script.string(), "--schema", "-"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  int schema_pipe[2];
  if (::pipe(schema_pipe) != 0) {
    std::cerr << "gwsim " << command << ": cannot create a pipe: " << std::strerror(errno) << "\n";
    return kExitInternal;
  }
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = ::fork();
  if (pid < 0) {
    std::cerr << "gwsim " << command << ": cannot start " << python << ": " << std::strerror(errno) << "\n";
    ::close(schema_pipe[0]);
    ::close(schema_pipe[1]);
    return kExitInternal;
  }
  if (pid == 0) {
    ::dup2(schema_pipe[0], STDIN_FILENO);
    ::close(schema_pipe[0]);
    ::close(schema_pipe[1]);
    ::setenv("MPLBACKEND", "Agg", 1);
    if (debian_python) {
      ::execv(argv[0], argv.data());
    } else {
      ::execvp(argv[0], argv.data());
    }
    const std::string message = "gwsim " + command + ": cannot run " + python + " (" + std::strerror(errno) +
                                "); install Python and matplotlib with: sudo apt-get install -y python3 "
                                "python3-matplotlib\n";
    [[maybe_unused]] const ssize_t written = ::write(STDERR_FILENO, message.data(), message.size());
    ::_exit(kExitInternal);
  }
  ::close(schema_pipe[0]);
  write_all(schema_pipe[1], gwsim::sweep::outputs_schema_json(GWSIM_VERSION));
  ::close(schema_pipe[1]);
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) {
      std::cerr << "gwsim " << command << ": lost the report process: " << std::strerror(errno) << "\n";
      return kExitInternal;
    }
  }
  if (WIFEXITED(status)) {
    const int code = WEXITSTATUS(status);
    return code == kExitOk || code == kExitInvalidInput ? code : kExitInternal;
  }
  std::cerr << "gwsim " << command << ": the report process died (signal " << WTERMSIG(status) << ")\n";
  return kExitInternal;
}

// The script's arguments, its flags first: --force (replace the files of an earlier report in a non-empty
// folder), --quiet (no progress on standard error), --json (a diff as JSON on standard output).
std::vector<std::string> with_flags(std::vector<std::string> args, bool force, bool quiet, bool json = false) {
  if (json) args.insert(args.begin(), "--json");
  if (quiet) args.insert(args.begin(), "--quiet");
  if (force) args.insert(args.begin(), "--force");
  return args;
}

// A sweep's results store: an SQLite file (by its header), or a file named *.sqlite, *.sqlite3 or *.db.
bool looks_like_store(const std::filesystem::path& path) {
  if (!gwsim::io::regular_file_problem(path.string()).empty()) return false;  // never open a FIFO
  std::ifstream in(path, std::ios::binary);
  char header[16] = {};
  in.read(header, sizeof header);
  if (in.gcount() == sizeof header && std::memcmp(header, "SQLite format 3", 16) == 0) return true;
  const std::string ext = path.extension().string();
  return ext == ".sqlite" || ext == ".sqlite3" || ext == ".db";
}

int report_command(const ReportCliOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path input(options.input);
  if (!fs::exists(input, ec)) {
    std::cerr << "gwsim report: '" << options.input << "' does not exist (expected a run's or an optimization's "
              << "output folder or a sweep's results store); nothing was written.\n";
    return kExitInvalidInput;
  }
  if (fs::is_directory(input, ec)) {
    if (!options.rank_by.empty()) {
      std::cerr << "gwsim report: --rank-by applies to a sweep's results store, not to a run or optimization "
                   "folder\n";
      return kExitInvalidInput;
    }
    const std::string out = options.out.empty() ? (input / "report").string() : options.out;
    // A folder written by gwsim optimize (candidates.csv, no summary.json): its optimization report.
    const bool optimization = fs::exists(input / "candidates.csv", ec) && !fs::exists(input / "summary.json", ec);
    return run_report_script("report", with_flags({optimization ? "optimize" : "run", options.input, out},
                                                  options.force, options.quiet));
  }
  if (const std::string problem = gwsim::io::regular_file_problem(options.input); !problem.empty()) {
    std::cerr << "gwsim report: '" << options.input << "' is " << problem << " (expected a run's or an "
              << "optimization's output folder or a sweep's results store); nothing was written.\n";
    return kExitInvalidInput;
  }
  if (!looks_like_store(input)) {
    std::cerr << "gwsim report: '" << options.input << "' is neither a run's output folder nor a sweep's results "
              << "store (SQLite); nothing was written.\n";
    return kExitInvalidInput;
  }
  const fs::path parent = input.has_parent_path() ? input.parent_path() : fs::path(".");
  const std::string out =
      options.out.empty() ? (parent / (input.stem().string() + "-report")).string() : options.out;
  std::vector<std::string> args = {"sweep", options.input, out};
  if (!options.rank_by.empty()) args.push_back(options.rank_by);
  return run_report_script("report", with_flags(args, options.force, options.quiet));
}

int diff_command(const DiffCliOptions& options) {
  namespace fs = std::filesystem;
  std::error_code ec;
  for (const std::string& dir : {options.run_a, options.run_b}) {
    if (!fs::is_directory(dir, ec)) {
      std::cerr << "gwsim diff: '" << dir << "' " << (fs::exists(dir, ec) ? "is not a folder" : "does not exist")
                << " (expected a run's output folder); nothing was written.\n";
      return kExitInvalidInput;
    }
  }
  const std::string out = options.out.empty() ? (fs::path(options.run_b) / "diff").string() : options.out;
  std::vector<std::string> args =
      with_flags({"diff", options.run_a, options.run_b, out}, options.force, options.quiet, options.json);
  if (options.changed) args.insert(args.begin(), "--changed");
  return run_report_script("diff", args);
}

// What CLI11 left over: SimGrid's own options, passed to its engine. SimGrid aborts the process on a bad value
// (an unknown factory, a malformed log setting, a model that cannot run gwsim's workload), so only settings that
// cannot break a run are accepted, each checked here: the context factory and sizes, and log thresholds.
// gwsim fixes SimGrid's models; they are not options.
std::optional<std::vector<std::string>> simgrid_options(const CLI::App& command, const std::string& who,
                                                        const gwsim::cli::ProgramInfo& program) {
  static const std::regex kCfg(
      R"(--cfg=contexts/(factory:(raw|thread|boost|ucontext)|stack-size:[1-9][0-9]{0,6}|guard-size:[0-9]{1,3}|nthreads:[1-9][0-9]?))");
  static const std::regex kLog(R"(--log=[a-z_][a-z0-9_]*(\.[a-z0-9_]+)*\.thres:(trace|debug|verbose|info|warning|error|critical))");
  std::vector<std::string> engine_args;
  for (const std::string& extra : command.remaining()) {
    if (!std::regex_match(extra, kCfg) && !std::regex_match(extra, kLog)) {
      const std::optional<std::string> near = extra.starts_with("--cfg=") || extra.starts_with("--log=")
                                                  ? std::nullopt
                                                  : gwsim::cli::suggestion(program, {command.get_name(), extra});
      if (near) {
        std::cerr << "gwsim: " << *near << "\n";
        return std::nullopt;
      }
      std::cerr << who << ": unexpected argument '" << extra
                << "'; SimGrid settings accepted: --cfg=contexts/factory:raw|thread|boost|ucontext, "
                   "--cfg=contexts/stack-size:KIB, --cfg=contexts/guard-size:PAGES, --cfg=contexts/nthreads:N, "
                   "--log=CATEGORY.thres:trace|debug|verbose|info|warning|error|critical\n";
      return std::nullopt;
    }
    engine_args.push_back(extra);
  }
  return engine_args;
}

// Sweeps and optimizations run their replications without SimGrid's actors (sim/engine/replication.hpp), so
// SimGrid's settings have nothing to act on there: refused, not ignored. Anything else left over gets the usual
// suggestion. True when nothing was left over.
bool no_simgrid_options(const CLI::App& command, const std::string& who, const gwsim::cli::ProgramInfo& program) {
  for (const std::string& extra : command.remaining()) {
    if (extra.starts_with("--cfg=") || extra.starts_with("--log=")) {
      std::cerr << who << ": unexpected argument '" << extra
                << "': SimGrid settings apply to gwsim run and gwsim rerun only; sweep replications are played "
                   "without SimGrid's actors (docs/sweeps.md)\n";
      return false;
    }
    if (const std::optional<std::string> near = gwsim::cli::suggestion(program, {command.get_name(), extra})) {
      std::cerr << "gwsim: " << *near << "\n";
      return false;
    }
    std::cerr << who << ": unexpected argument '" << extra << "'\n";
    return false;
  }
  return true;
}

// One function per subcommand: its options, their help, and the struct they fill.
CLI::App* add_run_command(CLI::App& app, RunOptions& run) {
  CLI::App* run_cmd = app.add_subcommand(
      "run", "Simulate a scenario and write timeline.csv, sites.csv, events.csv, finance.csv, summary.json");
  run_cmd->add_option("scenario", run.scenario, "Scenario YAML file")->required();
  run_cmd->add_option("-o,--out", run.out_dir, "Output folder (default: out/<scenario name>)");
  run_cmd->add_option("--set", run.overrides, "Override a value before validation: dotted.path=value (repeatable)");
  run_cmd->add_option("--seed", run.seed, "Random seed (same as --set seed=N)");
  run_cmd->add_option("--replication", run.replication,
                      "Which draw of the seed's distributions to run (default 0); with the seed, reruns one "
                      "replication of a sweep exactly");
  run_cmd->add_option("--step", run.step,
                      "Output step: Nh (N dividing 24), Nd, Nw or Nmo, e.g. 1h, 6h, 1d, 1w, 1mo (same as --set "
                      "output_step=)");
  run_cmd->add_flag("-q,--quiet", run.quiet, "Print nothing on success: no summary, no progress on standard error");
  run_cmd->add_flag("--json", run.json,
                    "Print the run as one JSON document on standard output instead of the summary: the output "
                    "folder, the files written and summary.json's content (progress stays on standard error)");
  run_cmd->add_flag("--force", run.force, "Replace the run files of a non-empty output folder");
  run_cmd->add_flag("--strict", run.strict,
                    "Treat warnings (plan contradictions) as errors: exit 2 and write nothing when there are any");
  run_cmd->add_flag("-v,--verbose", run.verbosity,
                    "Log milestones as they happen, stamped with the simulated date (-vv: every pod going live)");
  run_cmd->allow_extras();
  run_cmd->footer("SimGrid settings may follow: --cfg=contexts/factory:raw|thread|boost|ucontext, "
                  "--cfg=contexts/stack-size:KIB, --cfg=contexts/guard-size:PAGES, --cfg=contexts/nthreads:N, "
                  "--log=CATEGORY.thres:LEVEL.");
  return run_cmd;
}

CLI::App* add_rerun_command(CLI::App& app, RerunOptions& rerun) {
  CLI::App* rerun_cmd = app.add_subcommand(
      "rerun", "Run again exactly what a summary.json records, and check the files come out byte-identical");
  rerun_cmd->add_option("summary", rerun.summary, "summary.json of the run to repeat")->required();
  rerun_cmd->add_option("-o,--out", rerun.out_dir, "Output folder (default: a 'rerun' folder beside the summary)");
  rerun_cmd->add_flag("--force", rerun.force, "Replace the run files of a non-empty output folder");
  rerun_cmd->add_flag("-q,--quiet", rerun.quiet, "No progress on standard error");
  rerun_cmd->add_option("--from", rerun.from,
                        "The folder the original run was started in, when it is not this one (the manifest's relative "
                        "paths are resolved from it)");
  return rerun_cmd;
}

CLI::App* add_validate_command(CLI::App& app, ValidateOptions& validate) {
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check a scenario and report every problem");
  validate_cmd->add_option("scenario", validate.scenario, "Scenario YAML file")->required();
  validate_cmd->add_option("--set", validate.overrides, "Override a value before validation (repeatable)");
  validate_cmd->add_flag("--strict", validate.strict, "Treat warnings (plan contradictions) as errors: exit 2");
  return validate_cmd;
}

CLI::App* add_sweep_command(CLI::App& app, SweepCliOptions& sweep) {
  CLI::App* sweep_cmd = app.add_subcommand(
      "sweep", "Run the points and Monte Carlo replications of a sweep spec into a SQLite results store");
  sweep_cmd->add_option("spec", sweep.spec, "Sweep spec YAML file")->required();
  sweep_cmd->add_option("-o,--out", sweep.out, "Results store (SQLite) to create, or to complete with --resume");
  sweep_cmd->add_option("-j,--jobs", sweep.jobs, "Replications run at once (default: one per core)");
  sweep_cmd->add_flag("--resume", sweep.resume, "Complete an interrupted store: run only what it lacks");
  sweep_cmd->add_option("--shard", sweep.shard, "Run shard I of N (I/N): replication t belongs to shard t mod N");
  sweep_cmd->add_flag("--dry-run", sweep.dry_run, "List the points and what a shard would run; run nothing");
  sweep_cmd->add_flag("-q,--quiet", sweep.quiet, "No progress on standard error");
  sweep_cmd->add_flag("--strict", sweep.strict,
                      "Treat any point's warnings (plan contradictions) as errors: exit 2, run nothing");
  sweep_cmd->allow_extras();  // to refuse SimGrid's settings with a reason (no_simgrid_options)
  return sweep_cmd;
}

CLI::App* add_results_command(CLI::App& app, ResultsCliOptions& results) {
  CLI::App* results_cmd = app.add_subcommand("results", "P10/P50/P90 of key dates and figures, per point of a sweep");
  results_cmd->add_option("store", results.store, "Results store (SQLite) written by gwsim sweep")->required();
  results_cmd->add_option("--csv", results.csv,
                          "Also write the percentiles as CSV to this file (- for standard output)");
  results_cmd->add_option("--replications-csv", results.replications_csv,
                          "Also write one row per replication as CSV to this file (- for standard output)");
  results_cmd->add_flag("--json", results.json,
                        "Print the percentiles as one JSON document on standard output instead of the table");
  results_cmd->add_flag("--force", results.force, "Replace CSV files that exist (never the store itself)");
  return results_cmd;
}

CLI::App* add_merge_command(CLI::App& app, MergeCliOptions& merge) {
  CLI::App* merge_cmd = app.add_subcommand("merge", "Combine the stores of a sweep's shards into one");
  merge_cmd->add_option("out", merge.out, "New store to create")->required();
  merge_cmd->add_option("inputs", merge.inputs, "Shard stores of the same sweep")->required();
  return merge_cmd;
}

CLI::App* add_optimize_command(CLI::App& app, gwsim::cli::OptimizeCliOptions& o) {
  CLI::App* cmd = app.add_subcommand(
      "optimize", "Search the plans a spec allows for the best one over Monte Carlo replications (docs/optimize.md)");
  cmd->add_option("spec", o.spec, "Optimization spec (YAML)")->required();
  cmd->add_option("-o,--out", o.out, "Output folder: best.yaml, candidates.csv, pareto.csv, evaluations/")->required();
  cmd->add_option("-j,--jobs", o.jobs, "Replications at once (default: one per core)");
  cmd->add_flag("--resume", o.resume, "Continue the optimization stored in the output folder");
  cmd->add_option("--shard", o.shard, "Run shard I of N (I/N) of the first batch only (docs/optimize.md)");
  cmd->add_flag("--no-chart", o.no_chart, "Skip pareto.png and pareto.svg");
  cmd->allow_extras();  // to refuse SimGrid's settings with a reason (no_simgrid_options)
  return cmd;
}

CLI::App* add_catalog_command(CLI::App& app, CatalogOptions& catalog) {
  CLI::App* catalog_cmd = app.add_subcommand(
      "catalog", "List a platform catalog with per-GW figures: the built-in one, a catalog file, or a scenario's");
  catalog_cmd->add_option("file", catalog.file,
                          "A catalog file (top-level platforms:), or a scenario whose catalog (with its overrides), "
                          "power chain, facility capex and gw_basis to use (default: the built-in catalog)");
  catalog_cmd->add_option("--set", catalog.overrides, "Override a value of the scenario before listing (repeatable)");
  catalog_cmd->add_flag("--sources", catalog.sources, "Also print the source of every number");
  return catalog_cmd;
}

// Options whose values are one of a list, for completion and man pages (cli_info.hpp).
using Choices = std::map<const CLI::Option*, std::vector<std::string>>;

// An option whose value is one of `values`: a value that is not gets the closest of them ("did you mean").
CLI::Option* one_of(CLI::Option* option, std::vector<std::string> values, Choices& choices) {
  std::string listed;
  for (const std::string& v : values) listed += (listed.empty() ? "" : ",") + v;
  option->check(CLI::Validator(
      [values](std::string& value) -> std::string {
        if (std::find(values.begin(), values.end(), value) != values.end()) return {};
        const std::vector<std::string_view> names(values.begin(), values.end());
        std::string all;
        for (std::size_t i = 0; i < values.size(); ++i)
          all += (i == 0 ? "" : i + 1 == values.size() ? " or " : ", ") + values[i];
        const std::optional<std::string> near = gwsim::closest_match(value, names);
        return "unknown value '" + value + "'" + (near ? "; did you mean '" + *near + "'?" : "") + " (expected " +
               all + ")";
      },
      "{" + listed + "}"));
  choices[option] = std::move(values);
  return option;
}

// What CLI11's "X is required" means, for a command run without a positional argument it needs: the argument, its
// help and, when it takes one of a list, the list ("gwsim schema" alone). Empty when that is not the error.
std::string missing_argument(const CLI::App& app, const gwsim::cli::ProgramInfo& program) {
  for (const CLI::App* sub : app.get_subcommands()) {
    const gwsim::cli::CommandInfo* command = program.find(sub->get_name());
    if (command == nullptr) continue;
    for (const CLI::Option* o : sub->get_options()) {
      if (!o->get_positional() || !o->get_lnames().empty() || !o->get_required() || o->count() > 0) continue;
      std::string name = o->get_name();
      for (char& c : name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      const auto info = std::find_if(command->options.begin(), command->options.end(),
                                     [&](const gwsim::cli::OptionInfo& i) { return i.positional && i.value_name == name; });
      const std::string where = program.name + " " + command->name;
      std::string out = where + ": missing " + name;
      if (info != command->options.end() && !info->choices.empty()) {
        out += ", one of: ";
        for (std::size_t i = 0; i < info->choices.size(); ++i) out += (i ? ", " : "") + info->choices[i];
        out += "\n  " + info->help + "\n  e.g. " + where + " " + info->choices.front();
      } else if (info != command->options.end()) {
        out += ": " + info->help;
      }
      return out + "\nSee " + where + " --help.\n";
    }
  }
  return "";
}

CLI::App* add_schema_command(CLI::App& app, SchemaCliOptions& schema, Choices& choices) {
  CLI::App* schema_cmd = app.add_subcommand(
      "schema", "Print a JSON Schema of scenario files, sweep specs or optimization specs, or a JSON document of "
                "every output file and figure");
  one_of(schema_cmd->add_option("what", schema.what,
                                "scenario, sweep or optimize: a JSON Schema (draft 2020-12) of scenario files, sweep "
                                "specs or optimization specs, for editors and scripts; outputs: every output file, "
                                "column and figure")
             ->required(),
         {"scenario", "sweep", "optimize", "outputs"}, choices);
  schema_cmd->add_option("-o,--out", schema.out, "Write to this file (default -, standard output)");
  schema_cmd->add_flag("--force", schema.force, "Replace the file if it exists");
  return schema_cmd;
}

CLI::App* add_init_command(CLI::App& app, InitCliOptions& init, Choices& choices) {
  CLI::App* init_cmd = app.add_subcommand("init", "Write a commented starting scenario that validates");
  init_cmd->add_option("file", init.file, "The scenario file to write (- for standard output)")->required();
  std::vector<std::string> names;
  for (const gwsim::cli::InitTemplate& t : gwsim::cli::init_templates()) names.emplace_back(t.name);
  one_of(init_cmd->add_option("-t,--template", init.template_name,
                              "minimal (one site, one hall; the default), first-tranche (the first gigawatt at two "
                              "sites) or 10gw (the ten-gigawatt rollout at five sites)"),
         names, choices);
  init_cmd->add_flag("--force", init.force, "Replace the file if it exists");
  return init_cmd;
}

CLI::App* add_completion_command(CLI::App& app, CompletionCliOptions& completion, Choices& choices) {
  CLI::App* completion_cmd = app.add_subcommand(
      "completion", "Print a shell completion script: gwsim completion bash > ~/.local/share/bash-completion/"
                    "completions/gwsim");
  one_of(completion_cmd->add_option("shell", completion.shell, "The shell: bash")->required(), {"bash"}, choices);
  completion_cmd->add_option("-o,--out", completion.out, "Write to this file (default -, standard output)");
  completion_cmd->add_flag("--force", completion.force, "Replace the file if it exists");
  return completion_cmd;
}

CLI::App* add_man_command(CLI::App& app, ManCliOptions& man) {
  CLI::App* man_cmd = app.add_subcommand("man", "Write the man pages (gwsim.1, gwsim-COMMAND.1) into a folder");
  man_cmd->add_option("-o,--out", man.out_dir, "Folder for the pages")->required();
  man_cmd->group("");  // the build's and packagers' tool, not a user's
  return man_cmd;
}

// The command line as plain data (cli_info.hpp), from its CLI11 definition.
gwsim::cli::OptionInfo option_info(const CLI::Option& o, const Choices& choices) {
  gwsim::cli::OptionInfo info;
  info.positional = o.get_positional() && o.get_snames().empty() && o.get_lnames().empty();
  for (const std::string& n : o.get_snames()) info.names.push_back("-" + n);
  for (const std::string& n : o.get_lnames()) info.names.push_back("--" + n);
  if (info.positional) {
    info.value_name = o.get_name();
    for (char& c : info.value_name) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  } else if (o.get_expected_min() > 0) {  // a flag (--force, -v) takes no value
    info.value_name = o.get_type_name().empty() ? "VALUE" : o.get_type_name();
  }
  info.help = o.get_description();
  info.required = o.get_required();
  info.repeatable = o.get_expected_max() > 1 || o.get_multi_option_policy() == CLI::MultiOptionPolicy::TakeAll;
  if (const auto it = choices.find(&o); it != choices.end()) info.choices = it->second;
  return info;
}

gwsim::cli::ProgramInfo program_info(const CLI::App& app, const Choices& choices) {
  gwsim::cli::ProgramInfo program;
  program.name = app.get_name();
  program.help = app.get_description();
  program.version = GWSIM_VERSION;
  for (const CLI::Option* o : app.get_options()) program.options.push_back(option_info(*o, choices));
  for (const CLI::App* sub : app.get_subcommands([](const CLI::App* a) { return !a->get_group().empty(); })) {
    gwsim::cli::CommandInfo command{sub->get_name(), sub->get_description(), sub->get_footer(), {}};
    for (const CLI::Option* o : sub->get_options()) {
      if (!o->get_positional() || !o->get_lnames().empty()) command.options.push_back(option_info(*o, choices));
    }
    for (const CLI::Option* o : sub->get_options()) {
      if (o->get_positional() && o->get_lnames().empty() && o->get_snames().empty())
        command.options.push_back(option_info(*o, choices));
    }
    program.commands.push_back(std::move(command));
  }
  return program;
}

int man_command(const gwsim::cli::ProgramInfo& program, const ManCliOptions& options) {
  if (refuses_stdout("gwsim man", "-o", options.out_dir, "a folder of man pages")) return kExitInvalidInput;
  std::error_code ec;
  std::filesystem::create_directories(options.out_dir, ec);
  if (ec) {
    std::cerr << "gwsim man: cannot make folder " << options.out_dir << ": " << ec.message() << "\n";
    return kExitInvalidInput;
  }
  const std::filesystem::path dir(options.out_dir);
  if (const int code = write_text("gwsim man", (dir / (program.name + ".1")).string(),
                                  gwsim::cli::man_page(program, nullptr), true)) {
    return code;
  }
  for (const gwsim::cli::CommandInfo& c : program.commands) {
    if (const int code = write_text("gwsim man", (dir / (program.name + "-" + c.name + ".1")).string(),
                                    gwsim::cli::man_page(program, &c), true)) {
      return code;
    }
  }
  return kExitOk;
}

CLI::App* add_report_command(CLI::App& app, ReportCliOptions& report) {
  CLI::App* report_cmd = app.add_subcommand(
      "report", "Charts (PNG, SVG, CSV), report.html and summary.md from a run's or an optimization's folder or a "
                "sweep's store");
  report_cmd->add_option("input", report.input,
                         "A run's output folder, an optimization's (gwsim optimize -o), or a sweep's results store "
                         "(SQLite)")
      ->required();
  report_cmd->add_option("-o,--out", report.out,
                         "Output folder (default: DIR/report for a run or an optimization, STORE-report beside a "
                         "store)");
  report_cmd->add_option("--rank-by", report.rank_by,
                         "Sweeps: rank points by this figure's P50: first_tokens, gw_N, or a final figure "
                         "(live_capacity_mw, racks, capex_usd, ...); default gw_10, else the last GW reached");
  report_cmd->add_flag("--force", report.force, "Replace an earlier report's files in a non-empty output folder");
  report_cmd->add_flag("-q,--quiet", report.quiet, "No progress on standard error");
  report_cmd->footer("Needs Python 3 with matplotlib: sudo apt-get install -y python3-matplotlib (docs/reports.md).");
  return report_cmd;
}

CLI::App* add_diff_command(CLI::App& app, DiffCliOptions& diff) {
  CLI::App* diff_cmd = app.add_subcommand("diff", "What changed between two runs: dates, totals, constraints");
  diff_cmd->add_option("run_a", diff.run_a, "The first run's output folder (A)")->required();
  diff_cmd->add_option("run_b", diff.run_b, "The second run's output folder (B)")->required();
  diff_cmd->add_option("-o,--out", diff.out, "Folder for diff.md and chart-diff.* (default: RUN_B/diff)");
  diff_cmd->add_flag("--force", diff.force, "Replace an earlier diff's files in a non-empty output folder");
  diff_cmd->add_flag("-q,--quiet", diff.quiet, "No progress on standard error");
  diff_cmd->add_flag("--changed", diff.changed,
                     "Print only the totals that differ (diff.md and --json keep every one)");
  diff_cmd->add_flag("--json", diff.json,
                     "Print what changed as one JSON document on standard output instead of the text: dates, "
                     "totals (each with its unit, A, B and the change), milestones with what gated them, "
                     "binding-constraint shares; diff.md and the chart are written as without it");
  return diff_cmd;
}
}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"gwsim: capacity-planning simulator for gigawatt-scale AI data-center rollouts", "gwsim"};
  app.set_version_flag("--version", std::string("gwsim ") + GWSIM_VERSION);
  app.require_subcommand(1);

  RunOptions run;
  CLI::App* run_cmd = add_run_command(app, run);
  RerunOptions rerun;
  CLI::App* rerun_cmd = add_rerun_command(app, rerun);
  ValidateOptions validate;
  CLI::App* validate_cmd = add_validate_command(app, validate);
  SweepCliOptions sweep;
  CLI::App* sweep_cmd = add_sweep_command(app, sweep);
  ResultsCliOptions results;
  CLI::App* results_cmd = add_results_command(app, results);
  MergeCliOptions merge;
  CLI::App* merge_cmd = add_merge_command(app, merge);
  gwsim::cli::OptimizeCliOptions optimize;
  CLI::App* optimize_cmd = add_optimize_command(app, optimize);
  CatalogOptions catalog;
  CLI::App* catalog_cmd = add_catalog_command(app, catalog);
  Choices choices;
  SchemaCliOptions schema;
  CLI::App* schema_cmd = add_schema_command(app, schema, choices);
  InitCliOptions init;
  CLI::App* init_cmd = add_init_command(app, init, choices);
  CompletionCliOptions completion;
  CLI::App* completion_cmd = add_completion_command(app, completion, choices);
  ManCliOptions man;
  CLI::App* man_cmd = add_man_command(app, man);
  ReportCliOptions report;
  CLI::App* report_cmd = add_report_command(app, report);
  DiffCliOptions diff;
  CLI::App* diff_cmd = add_diff_command(app, diff);

  const gwsim::cli::ProgramInfo program = program_info(app, choices);
  command_line().assign(argv + 1, argv + argc);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // An unknown command or option: the closest of the command line's own names, instead of CLI11's "The
    // following argument was not expected".
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (e.get_exit_code() != 0 && (dynamic_cast<const CLI::ExtrasError*>(&e) != nullptr ||
                                   dynamic_cast<const CLI::RequiredError*>(&e) != nullptr)) {
      if (const std::optional<std::string> near = gwsim::cli::suggestion(program, args)) {
        std::cerr << "gwsim: " << *near << "\nRun with --help for more information.\n";
        return kExitInvalidInput;
      }
    }
    if (dynamic_cast<const CLI::RequiredError*>(&e) != nullptr) {
      if (const std::string missing = missing_argument(app, program); !missing.empty()) {
        std::cerr << missing;
        return kExitInvalidInput;
      }
    }
    if (dynamic_cast<const CLI::ValidationError*>(&e) != nullptr && !app.get_subcommands().empty()) {
      // A value not in an option's list (one_of): "gwsim init: --template: unknown value '10GW'; did you mean".
      const std::string where = "gwsim " + app.get_subcommands().front()->get_name();
      std::cerr << where << ": " << e.what() << "\nSee " << where << " --help.\n";
      return kExitInvalidInput;
    }
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitInvalidInput;
  }

  try {
    if (*run_cmd) {
      if (refuses_stdout("gwsim run", "-o", run.out_dir, "a run writes a folder of files")) return kExitInvalidInput;
      const auto engine_args = simgrid_options(*run_cmd, "gwsim run", program);
      return engine_args ? run_command(run, *engine_args) : kExitInvalidInput;
    }
    if (*sweep_cmd) {
      if (refuses_stdout("gwsim sweep", "-o", sweep.out, "a results store is an SQLite file")) return kExitInvalidInput;
      return no_simgrid_options(*sweep_cmd, "gwsim sweep", program) ? sweep_command(sweep) : kExitInvalidInput;
    }
    if (*optimize_cmd) {
      return no_simgrid_options(*optimize_cmd, "gwsim optimize", program)
                 ? gwsim::cli::optimize_command(optimize, report_script().parent_path() / "gwsim_pareto.py")
                 : kExitInvalidInput;
    }
    if (*results_cmd) return results_command(results);
    if (*merge_cmd) {
      if (refuses_stdout("gwsim merge", "OUT", merge.out, "a results store is an SQLite file")) return kExitInvalidInput;
      return merge_command(merge);
    }
    if (*rerun_cmd) {
      if (refuses_stdout("gwsim rerun", "-o", rerun.out_dir, "a run writes a folder of files")) return kExitInvalidInput;
      return rerun_command(rerun, {});
    }
    if (*validate_cmd) return validate_command(validate);
    if (*catalog_cmd) return catalog_command(catalog);
    if (*schema_cmd) return schema_command(schema);
    if (*init_cmd) return init_command(init);
    if (*completion_cmd) {
      return write_text("gwsim completion", completion.out, gwsim::cli::bash_completion(program), completion.force);
    }
    if (*man_cmd) return man_command(program, man);
    if (*report_cmd) {
      if (refuses_stdout("gwsim report", "-o", report.out, "a report is a folder of files")) return kExitInvalidInput;
      return report_command(report);
    }
    if (*diff_cmd) {
      if (refuses_stdout("gwsim diff", "-o", diff.out, "a diff is a folder of files")) return kExitInvalidInput;
      return diff_command(diff);
    }
  } catch (const std::exception& e) {
    std::cerr << "gwsim: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  return kExitInternal;
}
