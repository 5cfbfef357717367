#include "tools/gwsim/optimize_command.hpp"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <thread>

#include "sim/io/atomic_output.hpp"
#include "sim/optimize/optimize_spec.hpp"
#include "sim/optimize/optimizer.hpp"
#include "sim/sweep/results_store.hpp"

namespace gwsim::cli {
namespace {

constexpr int kExitOk = 0, kExitInternal = 1, kExitInvalidInput = 2;

// Runs the chart script (python3, MPLBACKEND=Agg): pareto.png and pareto.svg from OUT's CSVs. Returns its exit code.
int run_chart(const std::filesystem::path& script, const std::string& out_dir) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(script, ec)) {
    std::cerr << "gwsim optimize: no chart: cannot find " << script.string() << "\n";
    return kExitInternal;
  }
  const bool debian_python = ::access("/usr/bin/python3", X_OK) == 0;
  std::vector<std::string> args = {debian_python ? "/usr/bin/python3" : "python3", script.string(), out_dir};
  std::vector<char*> argv;
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  std::cout.flush();
  std::cerr.flush();
  const pid_t pid = ::fork();
  if (pid < 0) return kExitInternal;
  if (pid == 0) {
    ::setenv("MPLBACKEND", "Agg", 1);
    if (debian_python) ::execv(argv[0], argv.data());
    else ::execvp(argv[0], argv.data());
    ::_exit(kExitInternal);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) return kExitInternal;
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : kExitInternal;
}

}  // namespace

int optimize_command(const OptimizeCliOptions& options, const std::filesystem::path& chart_script) {
  const std::optional<sweep::Shard> shard = sweep::parse_shard(options.shard);
  if (!shard) {
    std::cerr << "gwsim optimize: --shard expects I/N with 0 <= I < N (e.g. 0/4), found '" << options.shard << "'\n";
    return kExitInvalidInput;
  }
  int jobs = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  if (!options.jobs.empty()) {
    char* end = nullptr;
    const long j = std::strtol(options.jobs.c_str(), &end, 10);
    if (end == options.jobs.c_str() || *end != '\0' || j < 1 || j > 4096) {
      std::cerr << "gwsim optimize: -j expects an integer from 1 to 4096, found '" << options.jobs << "'\n";
      return kExitInvalidInput;
    }
    jobs = static_cast<int>(j);
  }
  optimize::OptimizeSpecResult loaded = optimize::load_optimize_spec(options.spec);
  if (!loaded.spec) {
    for (const Diagnostic& d : loaded.errors) std::cerr << d.format();
    std::cerr << loaded.errors.size() << (loaded.errors.size() == 1 ? " error" : " errors") << " in " << options.spec
              << "; nothing was run or written.\n";
    return kExitInvalidInput;
  }
  optimize::OptimizeOptions run;
  run.out_dir = options.out;
  run.jobs = jobs;
  run.resume = options.resume;
  run.shard = *shard;
  optimize::OptimizeRun result;
  try {
    result = optimize::run_optimize(*loaded.spec, run, std::cout, std::cerr, false);
  } catch (const sweep::StoreError& e) {
    std::cerr << "gwsim optimize: " << e.what() << "\n";
    return e.cause == sweep::StoreError::Cause::kSystem ? kExitInternal : kExitInvalidInput;
  } catch (const io::WriteError& e) {
    std::cerr << "gwsim optimize: " << e.what() << "\n";
    return e.refused ? kExitInvalidInput : kExitInternal;
  }
  if (result.shard_only || options.no_chart) return kExitOk;
  if (run_chart(chart_script, options.out) == kExitOk) {
    std::cout << "wrote " << (std::filesystem::path(options.out) / "pareto.png").string() << " and pareto.svg\n";
  } else {
    std::cerr << "gwsim optimize: no chart (pareto.png, pareto.svg); the CSVs and best.yaml are written\n";
  }
  return kExitOk;
}

}  // namespace gwsim::cli
