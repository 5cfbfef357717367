#include "sim/sweep/runner.hpp"

#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <sstream>
#include <stdexcept>

#include "sim/engine/engine.hpp"
#include "sim/output/writer.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/sha256.hpp"
#include "sim/sweep/results_store.hpp"

namespace gwsim::sweep {
namespace {

using Clock = std::chrono::steady_clock;

std::string join_errors(const std::vector<Diagnostic>& errors) {
  std::string out;
  for (const Diagnostic& d : errors) out += d.format();
  return out;
}

// Test hook: GWSIM_SWEEP_FAULT="crash@P:K,hang@P:K" makes replication K of point P crash or hang in its child, so
// the tests can check that a sweep survives both. Never set in normal use.
std::map<std::pair<std::int64_t, std::int64_t>, std::string> injected_faults() {
  std::map<std::pair<std::int64_t, std::int64_t>, std::string> faults;
  const char* env = std::getenv("GWSIM_SWEEP_FAULT");
  if (!env) return faults;
  std::stringstream ss(env);
  std::string item;
  while (std::getline(ss, item, ',')) {
    const auto at = item.find('@'), colon = item.find(':');
    if (at == std::string::npos || colon == std::string::npos || colon < at) continue;
    faults[{std::atoll(item.substr(at + 1, colon - at - 1).c_str()), std::atoll(item.substr(colon + 1).c_str())}] =
        item.substr(0, at);
  }
  return faults;
}

// In the child: run one replication and write its result as JSON to fd; never returns.
[[noreturn]] void child_main(const Scenario& scenario, const SweepSpec& spec, const SweepOptions& options, int fd,
                             const std::string& fault) {
  if (fault == "crash") {
    // The default action, not a sanitizer's handler: AddressSanitizer would symbolize a report first, which can
    // outlast a short timeout and turn the injected crash into a timeout.
    std::signal(SIGSEGV, SIG_DFL);
    std::raise(SIGSEGV);
  }
  if (fault == "hang") {
    for (;;) pause();
  }
  nlohmann::json message;
  try {
    const engine::EngineResult result =
        engine::run_simulation(scenario, options.engine_args, engine::Teardown::kSkip,
                               engine::EnergyAccounting::kOutputsOnly);
    if (result.failures.empty()) {
      message["status"] = to_string(ReplicationStatus::kOk);
      message["summary"] = summary_json(result.record, engine::manifest_for(scenario));
      if (spec.keep_timelines) message["timeline"] = timeline_csv(result.record);
    } else {
      message["status"] = to_string(ReplicationStatus::kFailed);
      std::string error;
      for (const std::string& f : result.failures) error += (error.empty() ? "" : "; ") + f;
      message["error"] = error;
    }
  } catch (const std::exception& e) {
    message = {{"status", to_string(ReplicationStatus::kFailed)}, {"error", std::string("internal error: ") + e.what()}};
  }
  const std::string text = message.dump();
  std::size_t written = 0;
  while (written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) _exit(3);
    written += static_cast<std::size_t>(n);
  }
  _exit(0);
}

struct Child {
  pid_t pid = -1;
  int fd = -1;
  std::string output;
  ReplicationRow row;
  Clock::time_point started;
  bool timed_out = false;
};

ReplicationRow finish(Child& child) {
  int status = 0;
  while (::waitpid(child.pid, &status, 0) < 0 && errno == EINTR) {
  }
  ReplicationRow row = child.row;
  if (child.timed_out) {
    row.status = ReplicationStatus::kTimeout;
    row.error = "no result within the sweep's timeout_seconds; the process was killed";
  } else if (WIFSIGNALED(status)) {
    row.status = ReplicationStatus::kCrashed;
    row.error = std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    row.status = ReplicationStatus::kCrashed;
    row.error = "exited with code " + std::to_string(WEXITSTATUS(status));
  } else {
    const nlohmann::json message = nlohmann::json::parse(child.output, nullptr, false);
    const std::optional<ReplicationStatus> reported =
        message.is_object() && message.contains("status") && message["status"].is_string()
            ? parse_replication_status(message["status"].get<std::string>())
            : std::nullopt;
    if (!reported) {
      row.status = ReplicationStatus::kCrashed;
      row.error = "incomplete result from the replication's process";
    } else {
      row.status = *reported;
      row.error = message.value("error", "");
      row.summary_json = message.value("summary", "");
      row.timeline_csv = message.value("timeline", "");
    }
  }
  return row;
}

class Progress {
 public:
  Progress(std::ostream& out, bool terminal, std::int64_t total) : out_(out), terminal_(terminal), total_(total) {}
  void update(std::int64_t done, std::int64_t not_ok, bool final = false) {
    const auto now = Clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    if (!final && now - last_ < (terminal_ ? std::chrono::milliseconds(100) : std::chrono::seconds(5))) return;
    last_ = now;
    const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
    const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
    const double fraction = total_ > 0 ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
    char line[200];
    if (terminal_) {
      const int width = 30, filled = static_cast<int>(fraction * width);
      std::snprintf(line, sizeof line, "\r[%-*s] %5.1f%% %lld/%lld replications, %.1f/s, ETA %02d:%02d, %lld not ok ",
                    width, std::string(static_cast<std::size_t>(filled), '#').c_str(), 100.0 * fraction,
                    static_cast<long long>(done), static_cast<long long>(total_), rate, static_cast<int>(eta) / 60,
                    static_cast<int>(eta) % 60, static_cast<long long>(not_ok));
      out_ << line << (final ? "\n" : "") << std::flush;
    } else {
      std::snprintf(line, sizeof line, "sweep: %lld/%lld replications (%.1f%%), %.1f/s, ETA %ds, %lld not ok\n",
                    static_cast<long long>(done), static_cast<long long>(total_), 100.0 * fraction, rate,
                    static_cast<int>(eta), static_cast<long long>(not_ok));
      out_ << line << std::flush;
    }
  }

 private:
  std::ostream& out_;
  bool terminal_;
  std::int64_t total_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_{};
};

}  // namespace

std::optional<Shard> parse_shard(const std::string& text) {
  const auto slash = text.find('/');
  if (slash == std::string::npos || slash == 0 || slash + 1 == text.size()) return std::nullopt;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (i != slash && (text[i] < '0' || text[i] > '9')) return std::nullopt;
  }
  if (slash > 9 || text.size() - slash - 1 > 9) return std::nullopt;
  Shard s{std::atoll(text.substr(0, slash).c_str()), std::atoll(text.substr(slash + 1).c_str())};
  if (s.count < 1 || s.index >= s.count) return std::nullopt;
  return s;
}

std::vector<std::pair<std::int64_t, std::int64_t>> plan(const SweepSpec& spec, const Shard& shard) {
  std::vector<std::pair<std::int64_t, std::int64_t>> tasks;
  std::int64_t t = 0;
  for (const Point& point : spec.points) {
    for (std::int64_t k = 0; k < spec.replications; ++k, ++t) {
      if (t % shard.count == shard.index) tasks.emplace_back(point.index, k);
    }
  }
  return tasks;
}

namespace {

// What a sweep needs before its first replication: each point's template, the rows and the store's identity.
struct PreparedSweep {
  std::vector<ScenarioTemplate> templates;
  std::vector<PointRow> point_rows;
  SweepIdentity identity;
};

// The identity covers every file the sweep reads: the spec, then each point's scenario files (the scenario, its
// bases, a catalog, files a point's overrides name), each once, in the order first read.
PreparedSweep prepare(const SweepSpec& spec) {
  PreparedSweep out;
  std::vector<SweepInput>& inputs = out.identity.inputs;
  inputs.push_back({spec.source_path, sha256_hex(spec.text)});
  for (const Point& point : spec.points) {
    TemplateResult t = load_template(spec.scenario_path, LoadOptions{override_texts(point)});
    if (!t.scenario_template) {
      throw std::runtime_error("point '" + point.name + "' is invalid:\n" + join_errors(t.errors));
    }
    for (const InputFileHash& f : input_files(*t.scenario_template)) {
      const SweepInput input{f.path, f.sha256};
      if (std::find(inputs.begin(), inputs.end(), input) == inputs.end()) inputs.push_back(input);
    }
    out.templates.push_back(std::move(*t.scenario_template));
    out.point_rows.push_back({point.index, point.name, override_texts(point)});
  }
  SweepIdentity& id = out.identity;
  id.spec_sha256 = identity_hash(inputs);
  id.spec_name = spec.name;
  id.spec_text = spec.text;
  id.gwsim_version = engine::manifest_for(Scenario{}).gwsim_version;
  id.points = static_cast<std::int64_t>(spec.points.size());
  id.replications_per_point = spec.replications;
  return out;
}

// The replications running in forked children, at most `jobs` at once.
class Workers {
 public:
  Workers(const SweepSpec& spec, const SweepOptions& options, const ResultsStore& store)
      : spec_(spec), options_(options), store_(store), faults_(injected_faults()),
        timeout_(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(spec.timeout_s))) {}

  bool has_room() const { return running_.size() < static_cast<std::size_t>(std::max(1, options_.jobs)); }
  bool idle() const { return running_.empty(); }

  // Forks a child that runs the drawn scenario of `row`.
  void start(const Scenario& scenario, const ReplicationRow& row) {
    int fds[2];
    if (::pipe(fds) != 0) throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
    std::fflush(nullptr);
    const auto fault = faults_.find({row.point, row.replication});
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
      const int error = errno;
      ::close(fds[0]);
      ::close(fds[1]);
      throw std::runtime_error(std::string("cannot fork a replication: ") + std::strerror(error));
    }
    if (pid == 0) {
      // A replication never outlives its sweep: killed with it (kill -9 included), it cannot keep running.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(3);
      ::close(fds[0]);
      for (const Child& c : running_) ::close(c.fd);
      store_.close_lock_in_child();
      child_main(scenario, spec_, options_, fds[1], fault == faults_.end() ? "" : fault->second);
    }
    ::close(fds[1]);
    running_.push_back(Child{pid, fds[0], {}, row, Clock::now(), false});
  }

  // Waits up to 100 ms for output, kills children past the timeout, and hands each finished one to `done`.
  template <typename Done>
  void poll_once(Done&& done) {
    std::vector<pollfd> polls;
    for (const Child& c : running_) polls.push_back({c.fd, POLLIN, 0});
    const int ready = ::poll(polls.data(), polls.size(), 100);
    if (ready < 0 && errno != EINTR) throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));
    for (std::size_t i = running_.size(); i-- > 0;) {
      Child& c = running_[i];
      bool ended = false;
      if (ready > 0 && (polls[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        char buf[65536];
        const ssize_t n = ::read(c.fd, buf, sizeof buf);
        if (n > 0) c.output.append(buf, static_cast<std::size_t>(n));
        else if (n == 0 || errno != EINTR) ended = true;
      }
      if (!ended && !c.timed_out && Clock::now() - c.started > timeout_) {
        ::kill(c.pid, SIGKILL);
        c.timed_out = true;
      }
      if (ended) {
        ::close(c.fd);
        done(finish(c));
        running_.erase(running_.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }

 private:
  const SweepSpec& spec_;
  const SweepOptions& options_;
  const ResultsStore& store_;
  const std::map<std::pair<std::int64_t, std::int64_t>, std::string> faults_;
  const Clock::duration timeout_;
  std::vector<Child> running_;
};

// Rows are stored in batches: every 64 rows or 0.5 s, whichever comes first, and at the end.
class Batches {
 public:
  explicit Batches(ResultsStore& store) : store_(store) {}
  void add(ReplicationRow row) { rows_.push_back(std::move(row)); }
  void flush_if_due() {
    if (rows_.size() >= 64 || Clock::now() - last_ > std::chrono::milliseconds(500)) flush();
  }
  void flush() {
    if (rows_.empty()) return;
    store_.insert(rows_);
    rows_.clear();
    last_ = Clock::now();
  }

 private:
  ResultsStore& store_;
  std::vector<ReplicationRow> rows_;
  Clock::time_point last_ = Clock::now();
};

}  // namespace

SweepTotals run_sweep(const SweepSpec& spec, const SweepOptions& options, std::ostream& progress_out, bool terminal) {
  PreparedSweep prepared = prepare(spec);
  ResultsStore store = ResultsStore::open(options.out_path, prepared.identity, prepared.point_rows, options.resume);
  const auto done = store.completed();
  std::vector<std::pair<std::int64_t, std::int64_t>> queue;
  SweepTotals totals;
  for (const auto& task : plan(spec, options.shard)) {
    ++totals.planned;
    if (done.count(task)) ++totals.skipped;
    else queue.push_back(task);
  }
  Progress progress(progress_out, terminal, static_cast<std::int64_t>(queue.size()));
  // SimGrid's engine is started here once, and every child inherits it started (the children's runs never come
  // back to this process).
  if (!queue.empty()) engine::prepare_engine(options.engine_args);
  Workers workers(spec, options, store);
  Batches batches(store);
  std::int64_t finished = 0;
  const auto record = [&](ReplicationRow row) {
    (row.status == ReplicationStatus::kOk ? totals.ok : totals.not_ok)++;
    ++finished;
    batches.add(std::move(row));
  };
  for (std::size_t next = 0; next < queue.size() || !workers.idle();) {
    while (workers.has_room() && next < queue.size()) {
      const auto [p, k] = queue[next++];
      ReplicationRow row;
      row.point = p;
      row.replication = k;
      row.seed = spec.seed;
      LoadResult drawn = sample_scenario(prepared.templates[static_cast<std::size_t>(p)], spec.seed,
                                         static_cast<std::uint64_t>(k));
      if (drawn.scenario) {
        workers.start(*drawn.scenario, row);
        continue;
      }
      row.status = ReplicationStatus::kInvalid;
      row.error = join_errors(drawn.errors);
      record(std::move(row));
    }
    if (!workers.idle()) workers.poll_once(record);
    batches.flush_if_due();
    progress.update(finished, totals.not_ok);
  }
  batches.flush();
  progress.update(finished, totals.not_ok, true);
  return totals;
}

}  // namespace gwsim::sweep
