// gwsim benchmark: times whole gwsim processes (start-up included) and reads their CPU time and peak memory
// from the kernel (wait4's rusage), then prints medians against the performance budget.
//   gwsim_bench [--runs N] [--gwsim PATH] [--no-runs] [--no-sweeps] [--full-mc]
//   (run from the repository root; `cmake --build ... --target bench`)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace {

struct Case {
  std::string name;
  std::vector<std::string> args;
  double budget_ms;  // 0 = no budget
  double budget_mb;
  std::string fresh_dir;  // removed (untimed) before each run, so a run writes new files
};

struct Sample {
  double wall_ms;
  double cpu_ms;  // user + system time of the process: less sensitive than wall time to other work on the machine
  double peak_mb;
};

Sample run_once(const std::string& gwsim, const std::vector<std::string>& args, const std::string& fresh_dir) {
  if (!fresh_dir.empty()) std::filesystem::remove_all(fresh_dir);  // untimed
  std::fflush(stdout);  // the child must not inherit (and print again) what is still buffered
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(gwsim.c_str()));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (!freopen("/dev/null", "w", stdout) || !freopen("/dev/null", "w", stderr)) _exit(127);
    execv(gwsim.c_str(), argv.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  const auto end = std::chrono::steady_clock::now();
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "gwsim_bench: %s failed (status %d)\n", gwsim.c_str(), status);
    std::exit(1);
  }
  const auto ms = [](const timeval& t) { return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_usec) / 1e3; };
  return {std::chrono::duration<double, std::milli>(end - start).count(), ms(usage.ru_utime) + ms(usage.ru_stime),
          static_cast<double>(usage.ru_maxrss) / 1024.0};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

}  // namespace

// Sweep throughput: a slice of a Monte Carlo sweep (one shard), timed as a whole process (the sweep's parent and
// its workers), `runs` sweeps into fresh stores.
struct SweepCase {
  std::string name;
  std::string spec;
  std::string shard;       // which slice: "0/10" is 1/10 of the sweep
  std::int64_t replications;  // in that slice
  int jobs;
};

struct SweepRate {
  double per_s;           // replications per second of wall time, median
  double cpu_ms_per_rep;  // CPU time (user + system, parent and workers) per replication, median
};

SweepRate sweep_rate(const std::string& gwsim, const SweepCase& c, const std::string& store, int runs) {
  std::vector<double> rates, cpu;
  for (int r = 0; r < runs; ++r) {
    std::filesystem::remove(store);
    const Sample s = run_once(gwsim, {"sweep", c.spec, "--shard", c.shard, "-j", std::to_string(c.jobs), "-q", "-o", store}, "");
    rates.push_back(static_cast<double>(c.replications) / (s.wall_ms / 1000.0));
    cpu.push_back(s.cpu_ms / static_cast<double>(c.replications));
  }
  return {median(rates), median(cpu)};
}

struct Options {
  int runs = 15;
  bool runs_cases = true, sweeps = true, full_mc = false;
  std::string gwsim = "build/release/gwsim";
};

std::optional<Options> parse_options(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) o.runs = std::atoi(argv[++i]);
    else if (a == "--gwsim" && i + 1 < argc) o.gwsim = argv[++i];
    else if (a == "--no-sweeps") o.sweeps = false;
    else if (a == "--no-runs") o.runs_cases = false;
    else if (a == "--full-mc") o.full_mc = true;
    else return std::nullopt;
  }
  if (o.runs < 1) return std::nullopt;
  return o;
}

std::vector<Case> run_cases(const std::string& out) {
  const std::string ft = "scenarios/first-tranche-2026.yaml", gw10 = "scenarios/rollout-10gw.yaml";
  const std::string ft_battery = "tools/bench/first-tranche-battery.yaml";
  return {
      {"process start (gwsim --version)", {"--version"}, 0, 0, ""},
      {"first tranche, 16-rack pods, daily", {"run", ft, "--quiet", "-o", out + "/a"}, 50, 0, out + "/a"},
      {"  same, overwriting the previous files", {"run", ft, "--quiet", "--force", "-o", out + "/a2"}, 0, 0, ""},
      {"first tranche, rack granularity, daily",
       {"run", ft, "--quiet", "--set", "pod_racks=1", "-o", out + "/b"}, 0, 0, out + "/b"},
      {"10 GW, 16-rack pods, daily", {"run", gw10, "--quiet", "-o", out + "/c"}, 0, 0, out + "/c"},
      {"10 GW, rack granularity, daily (demand)",
       {"run", gw10, "--quiet", "--set", "pod_racks=1", "-o", out + "/d"}, 1000, 500, out + "/d"},
      {"first tranche, 16-rack pods, hourly, 2026",
       {"run", ft, "--quiet", "--step", "1h", "--set", "end=2026-12-31", "-o", out + "/e"}, 1000, 0, out + "/e"},
      {"first tranche with batteries, hourly, 2026",
       {"run", ft_battery, "--quiet", "--step", "1h", "--set", "end=2026-12-31", "-o", out + "/h"}, 1000, 0,
       out + "/h"},
      {"first tranche, 16-rack pods, hourly, 2026-27",
       {"run", ft, "--quiet", "--step", "1h", "-o", out + "/f"}, 0, 0, out + "/f"},
      {"first tranche, rack granularity, hourly, 2026",
       {"run", ft, "--quiet", "--step", "1h", "--set", "end=2026-12-31", "--set", "pod_racks=1", "-o", out + "/g"},
       0, 0, out + "/g"},
  };
}

// Runs each case `runs` times after a warm-up and prints its medians; false when a budget is missed.
bool bench_runs(const Options& o, const std::vector<Case>& cases) {
  std::printf("gwsim benchmark: %d runs per case, whole processes (start-up included), medians (min-max);\n"
              "each run writes a fresh output folder unless the case says it overwrites\n\n", o.runs);
  std::printf("%-42s %24s %9s %14s  %s\n", "case", "wall ms", "cpu ms", "peak MB", "budget");
  bool all_ok = true;
  for (const Case& c : cases) {
    run_once(o.gwsim, c.args, c.fresh_dir);  // warm the page cache
    std::vector<double> wall, cpu, mem;
    for (int r = 0; r < o.runs; ++r) {
      const Sample s = run_once(o.gwsim, c.args, c.fresh_dir);
      wall.push_back(s.wall_ms);
      cpu.push_back(s.cpu_ms);
      mem.push_back(s.peak_mb);
    }
    const double w = median(wall), m = median(mem);
    std::string verdict = "-";
    if (c.budget_ms > 0) {
      const bool ok = w < c.budget_ms && (c.budget_mb == 0 || m < c.budget_mb);
      all_ok = all_ok && ok;
      char buf[96];
      std::snprintf(buf, sizeof buf, "%s (< %.0f ms%s)", ok ? "met" : "MISSED", c.budget_ms,
                    c.budget_mb > 0 ? (", < " + std::to_string(static_cast<int>(c.budget_mb)) + " MB").c_str() : "");
      verdict = buf;
    }
    std::printf("%-42s %8.1f (%6.1f-%6.1f) %9.1f %6.1f (%5.1f)  %s\n", c.name.c_str(), w,
                *std::min_element(wall.begin(), wall.end()), *std::max_element(wall.begin(), wall.end()), median(cpu), m,
                *std::max_element(mem.begin(), mem.end()), verdict.c_str());
  }
  return all_ok;
}

// Sweep throughput on slices of the shipped Monte Carlo sweeps, and the replication targets of the 10 GW Monte
// Carlo: a replication's CPU (the whole sweep's, parent included, divided by its replications) at most 0.15x the
// wall time of a bare `gwsim --version` measured in the same run, and 10,000 replications at -j 2 in under 15 s
// (projected from a 1,000-replication slice; measured with --full-mc). False when a target is missed.
bool bench_sweeps(const Options& o, const std::string& out) {
  const std::string ft_mc = "scenarios/sweeps/first-tranche-risk.yaml", mc = "scenarios/sweeps/rollout-10gw-monte-carlo.yaml";
  const std::vector<SweepCase> sweep_cases = {
      {"first tranche Monte Carlo, -j 1", ft_mc, "0/5", 200, 1},
      {"first tranche Monte Carlo, -j 2", ft_mc, "0/5", 200, 2},
      {"10 GW Monte Carlo (16-rack pods), -j 1", mc, "0/10", 1000, 1},
      {"10 GW Monte Carlo (16-rack pods), -j 2", mc, "0/10", 1000, 2},
  };
  const int sweep_runs = std::max(1, std::min(o.runs, 3));
  std::vector<double> version_wall;
  for (int r = 0; r < 15; ++r) version_wall.push_back(run_once(o.gwsim, {"--version"}, "").wall_ms);
  const double version_ms = median(version_wall);
  std::printf("\nsweeps: slices of the shipped Monte Carlo sweeps, median of %d sweeps each; a bare `gwsim --version` "
              "took %.1f ms of wall time (median of 15) in this run\n\n", sweep_runs, version_ms);
  std::printf("%-42s %14s %16s %14s %22s\n", "case", "replications/s", "CPU ms/replication", "x --version",
              "10,000 replications");
  bool all_ok = true;
  for (const SweepCase& c : sweep_cases) {
    const SweepRate rate = sweep_rate(o.gwsim, c, out + "/sweep.sqlite", sweep_runs);
    const double full_s = 10000.0 / rate.per_s;
    const double ratio = rate.cpu_ms_per_rep / version_ms;
    std::string verdict;
    if (c.spec == mc && c.jobs == 1) {
      verdict = ratio <= 0.15 ? " CPU met (<= 0.15x)" : " CPU MISSED (<= 0.15x)";
      all_ok = all_ok && ratio <= 0.15;
    }
    if (c.spec == mc && c.jobs == 2) {
      verdict = full_s < 15.0 ? " met (< 15 s)" : " MISSED (< 15 s)";
      all_ok = all_ok && full_s < 15.0;
    }
    std::printf("%-42s %14.1f %18.2f %13.3fx %19.1f s%s\n", c.name.c_str(), rate.per_s, rate.cpu_ms_per_rep, ratio,
                full_s, verdict.c_str());
  }
  if (o.full_mc) {
    const std::string store = out + "/full-mc.sqlite";
    std::filesystem::remove(store);
    const Sample s = run_once(o.gwsim, {"sweep", mc, "-j", "2", "-q", "-o", store}, "");
    std::printf("%-42s %14.1f %18.2f %13.3fx %19.1f s (measured) %s\n", "10 GW Monte Carlo, all 10,000, -j 2",
                10000.0 / (s.wall_ms / 1000.0), s.cpu_ms / 10000.0, s.cpu_ms / 10000.0 / version_ms, s.wall_ms / 1000.0,
                s.wall_ms < 15000.0 ? "met" : "MISSED");
    all_ok = all_ok && s.wall_ms < 15000.0;
  }
  return all_ok;
}

int main(int argc, char** argv) {
  const std::optional<Options> options = parse_options(argc, argv);
  if (!options) {
    std::fprintf(stderr, "usage: gwsim_bench [--runs N (>= 1)] [--gwsim PATH] [--no-runs] [--no-sweeps] [--full-mc]\n"
                         "  --no-runs skips the single runs, --no-sweeps the sweeps\n"
                         "  --full-mc also runs all 10,000 replications of the 10 GW Monte Carlo sweep with -j 2\n");
    return 2;
  }
  const std::string out = (std::filesystem::temp_directory_path() / ("gwsim-bench-" + std::to_string(getpid()))).string();
  std::filesystem::create_directories(out);
  bool all_ok = options->runs_cases ? bench_runs(*options, run_cases(out)) : true;
  if (options->sweeps) all_ok = bench_sweeps(*options, out) && all_ok;
  std::filesystem::remove_all(out);
  return all_ok ? 0 : 1;
}
