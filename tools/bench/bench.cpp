// gwsim benchmark: times whole gwsim processes (start-up included) and reads their peak memory from the kernel
// (wait4's ru_maxrss), then prints medians against the performance budget.
//   gwsim_bench [--runs N] [--gwsim PATH]     (run from the repository root; `cmake --build ... --target bench`)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
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
  double peak_mb;
};

Sample run_once(const std::string& gwsim, const std::vector<std::string>& args, const std::string& fresh_dir) {
  if (!fresh_dir.empty()) std::filesystem::remove_all(fresh_dir);
  std::fflush(stdout);  // the child must not inherit (and print again) what is still buffered
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    argv.push_back(const_cast<char*>(gwsim.c_str()));
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    if (!freopen("/dev/null", "w", stdout)) _exit(127);
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
  return {std::chrono::duration<double, std::milli>(end - start).count(), static_cast<double>(usage.ru_maxrss) / 1024.0};
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
}

}  // namespace

int main(int argc, char** argv) {
  int runs = 15;
  std::string gwsim = "build/release/gwsim";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--runs" && i + 1 < argc) runs = std::atoi(argv[++i]);
    else if (a == "--gwsim" && i + 1 < argc) gwsim = argv[++i];
    else {
      std::fprintf(stderr, "usage: gwsim_bench [--runs N] [--gwsim PATH]\n");
      return 2;
    }
  }
  const std::string out = (std::filesystem::temp_directory_path() / ("gwsim-bench-" + std::to_string(getpid()))).string();
  const std::string ft = "scenarios/first-tranche-2026.yaml", gw10 = "scenarios/rollout-10gw.yaml";
  const std::vector<Case> cases = {
      {"process start (gwsim --version)", {"--version"}, 0, 0, ""},
      {"first tranche, 16-rack pods, daily", {"run", ft, "--quiet", "-o", out + "/a"}, 50, 0, out + "/a"},
      {"  same, overwriting the previous files", {"run", ft, "--quiet", "-o", out + "/a2"}, 0, 0, ""},
      {"first tranche, rack granularity, daily",
       {"run", ft, "--quiet", "--set", "pod_racks=1", "-o", out + "/b"}, 0, 0, out + "/b"},
      {"10 GW, 16-rack pods, daily", {"run", gw10, "--quiet", "-o", out + "/c"}, 0, 0, out + "/c"},
      {"10 GW, rack granularity, daily",
       {"run", gw10, "--quiet", "--set", "pod_racks=1", "-o", out + "/d"}, 1000, 500, out + "/d"},
  };
  std::printf("gwsim benchmark: %d runs per case, whole processes (start-up included), medians (min-max);\n"
              "each run writes a fresh output folder unless the case says it overwrites\n\n", runs);
  std::printf("%-42s %24s %14s  %s\n", "case", "wall ms", "peak MB", "budget");
  bool all_ok = true;
  for (const Case& c : cases) {
    run_once(gwsim, c.args, c.fresh_dir);  // warm the page cache
    std::vector<double> wall, mem;
    for (int r = 0; r < runs; ++r) {
      const Sample s = run_once(gwsim, c.args, c.fresh_dir);
      wall.push_back(s.wall_ms);
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
    std::printf("%-42s %8.1f (%6.1f-%6.1f) %6.1f (%5.1f)  %s\n", c.name.c_str(), w,
                *std::min_element(wall.begin(), wall.end()), *std::max_element(wall.begin(), wall.end()), m,
                *std::max_element(mem.begin(), mem.end()), verdict.c_str());
  }
  std::filesystem::remove_all(out);
  return all_ok ? 0 : 1;
}
