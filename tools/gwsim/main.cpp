// gwsim command line. CLI11 parses into plain option structs; the library does the work. SimGrid sees only the
// --cfg= and --log= options left over (its Engine would otherwise answer --help itself and exit).
#include <CLI/CLI.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include "sim/engine/engine.hpp"
#include "sim/engine/logging.hpp"
#include "sim/output/writer.hpp"
#include "sim/scenario/loader.hpp"

namespace {

constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitInvalidInput = 2;

struct RunOptions {
  std::string scenario;
  std::string out_dir;
  std::vector<std::string> overrides;
  std::string seed;
  std::string step;
  bool quiet = false;
  int verbosity = 0;
};

struct ValidateOptions {
  std::string scenario;
  std::vector<std::string> overrides;
};

struct CatalogOptions {
  bool sources = false;
};

gwsim::LoadOptions load_options(std::vector<std::string> overrides, const std::string& seed,
                                const std::string& step) {
  gwsim::LoadOptions options;
  options.overrides = std::move(overrides);
  if (!seed.empty()) options.overrides.push_back("seed=" + seed);
  if (!step.empty()) options.overrides.push_back("output_step=" + step);
  return options;
}

// Loads a scenario, printing every problem; nullopt when any.
std::optional<gwsim::Scenario> load_or_report(const std::string& path, const gwsim::LoadOptions& options) {
  gwsim::LoadResult result = gwsim::load_scenario(path, options);
  for (const gwsim::Diagnostic& d : result.errors) std::cerr << d.format();
  if (!result.errors.empty()) {
    std::cerr << result.errors.size() << (result.errors.size() == 1 ? " error" : " errors") << " in " << path
              << "; nothing was run or written.\n";
    return std::nullopt;
  }
  return std::move(result.scenario);
}

int run_command(const RunOptions& options, const std::vector<std::string>& engine_args) {
  std::optional<gwsim::Scenario> scenario =
      load_or_report(options.scenario, load_options(options.overrides, options.seed, options.step));
  if (!scenario) return kExitInvalidInput;
  const std::string dir = options.out_dir.empty() ? "out/" + scenario->name : options.out_dir;
  // A folder that cannot hold the outputs is the user's input to fix: say so before simulating anything.
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir)) {
    std::cerr << "gwsim run: cannot use output folder '" << dir
              << "': " << (ec ? ec.message() : "it exists and is not a folder") << "; nothing was run or written.\n";
    return kExitInvalidInput;
  }

  gwsim::engine::configure_logging(options.verbosity >= 2   ? spdlog::level::debug
                                   : options.verbosity == 1 ? spdlog::level::info
                                                            : spdlog::level::warn);
  gwsim::engine::EngineResult result = gwsim::engine::run_simulation(*scenario, engine_args);
  if (!result.failures.empty()) {
    std::cerr << "gwsim: internal error during the simulation; nothing was written:\n";
    for (const std::string& f : result.failures) std::cerr << "  " << f << "\n";
    return kExitInternal;
  }
  const gwsim::Manifest manifest = gwsim::engine::manifest_for(*scenario);
  try {
    gwsim::write_outputs(dir, result.record, manifest);
  } catch (const gwsim::OutputError& e) {
    std::cerr << "gwsim: " << e.what() << "\n";
    return kExitInternal;
  }
  if (!options.quiet) std::cout << gwsim::summary_text(result.record, manifest, dir);
  return kExitOk;
}

int validate_command(const ValidateOptions& options) {
  std::optional<gwsim::Scenario> scenario = load_or_report(options.scenario, load_options(options.overrides, "", ""));
  if (!scenario) return kExitInvalidInput;
  std::int64_t halls = 0;
  for (const auto& site : scenario->sites) halls += static_cast<std::int64_t>(site.halls.size());
  std::cout << options.scenario << ": valid (" << scenario->sites.size() << " sites, " << halls << " halls, "
            << scenario->tranches.size() << " tranches, " << scenario->supply.size() << " supply lines, "
            << gwsim::models::to_iso(scenario->start) << " to " << gwsim::models::to_iso(scenario->end) << ")\n";
  return kExitOk;
}

int catalog_command(const CatalogOptions& options) {
  const gwsim::models::Catalog& catalog = gwsim::builtin_catalog();
  std::printf("%-20s %-44s %9s %6s %9s %9s %9s %9s %-7s %8s %-10s\n", "id", "name", "packages", "dies", "peak_kW",
              "idle_kW", "FP8_PF", "FP4_PF", "cooling", "capex", "available");
  for (const auto& p : catalog.platforms) {
    std::printf("%-20s %-44s %9d %6d %9.1f %9.1f %9.0f %9.0f %-7s %7.2fM %-10s\n", p.id.c_str(), p.name.c_str(),
                p.gpu_packages, p.gpu_dies, p.peak_power_w / 1e3, p.idle_power_w / 1e3, p.pflops_fp8,
                p.pflops_fp4, std::string(gwsim::models::to_string(p.cooling)).c_str(), p.capex_usd / 1e6,
                gwsim::models::to_iso(p.available).c_str());
  }
  std::printf("\nPer rack. packages and dies are GPU packages and GPU dies; peak and idle are rack IT power; FP8 and\n"
              "FP4 are PFLOP/s as the vendor quotes them; capex is the rack's IT cost in USD.\n");
  if (options.sources) {
    for (const auto& entry : gwsim::builtin_catalog_sources()) {
      std::printf("\n%s\n", entry.id.c_str());
      for (const auto& [key, source] : entry.sources) std::printf("  %-14s %s\n", key.c_str(), source.c_str());
    }
  } else {
    std::printf("Sources of every number: gwsim catalog --sources (and configs/platforms.yaml).\n");
  }
  return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"gwsim: capacity-planning simulator for gigawatt-scale AI data-center rollouts", "gwsim"};
  app.set_version_flag("--version", std::string("gwsim ") + GWSIM_VERSION);
  app.require_subcommand(1);

  RunOptions run;
  CLI::App* run_cmd = app.add_subcommand("run", "Simulate a scenario and write timeline.csv, sites.csv, events.csv, "
                                                "summary.json");
  run_cmd->add_option("scenario", run.scenario, "Scenario YAML file")->required();
  run_cmd->add_option("-o,--out", run.out_dir, "Output folder (default: out/<scenario name>)");
  run_cmd->add_option("--set", run.overrides, "Override a value before validation: dotted.path=value (repeatable)");
  run_cmd->add_option("--seed", run.seed, "Random seed (same as --set seed=N)");
  run_cmd->add_option("--step", run.step, "Output step: Nd, Nw or Nmo, e.g. 1d, 1w, 1mo (same as --set output_step=)");
  run_cmd->add_flag("-q,--quiet", run.quiet, "Print nothing on success");
  run_cmd->add_flag("-v,--verbose", run.verbosity,
                    "Log milestones as they happen, stamped with the simulated date (-vv: every pod going live)");
  run_cmd->allow_extras();
  run_cmd->footer("Options for SimGrid itself may follow as --cfg=key:value and --log=category.thres:level.");

  ValidateOptions validate;
  CLI::App* validate_cmd = app.add_subcommand("validate", "Check a scenario and report every problem");
  validate_cmd->add_option("scenario", validate.scenario, "Scenario YAML file")->required();
  validate_cmd->add_option("--set", validate.overrides, "Override a value before validation (repeatable)");

  CatalogOptions catalog;
  CLI::App* catalog_cmd = app.add_subcommand("catalog", "List the built-in platform catalog");
  catalog_cmd->add_flag("--sources", catalog.sources, "Also print the source of every number");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? kExitOk : kExitInvalidInput;
  }

  try {
    if (*run_cmd) {
      std::vector<std::string> engine_args;
      for (const std::string& extra : run_cmd->remaining()) {
        if (extra.rfind("--cfg=", 0) == 0 || extra.rfind("--log=", 0) == 0) {
          engine_args.push_back(extra);
        } else {
          std::cerr << "gwsim run: unexpected argument '" << extra
                    << "' (SimGrid options must be written --cfg=key:value or --log=...)\n";
          return kExitInvalidInput;
        }
      }
      return run_command(run, engine_args);
    }
    if (*validate_cmd) return validate_command(validate);
    if (*catalog_cmd) return catalog_command(catalog);
  } catch (const std::exception& e) {
    std::cerr << "gwsim: internal error: " << e.what() << "\n";
    return kExitInternal;
  }
  return kExitInternal;
}
