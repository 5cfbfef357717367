#include "sim/sweep/runner.hpp"

#include <malloc.h>
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
#include <ostream>
#include <span>
#include <sstream>
#include <stdexcept>

#include "sim/engine/engine.hpp"
#include "sim/engine/logging.hpp"
#include "sim/engine/replication.hpp"
#include "sim/output/fields.hpp"
#include "sim/output/writer.hpp"
#include "sim/scenario/loader.hpp"
#include "sim/scenario/sha256.hpp"
#include "sim/sweep/results_store.hpp"

#ifdef GWSIM_PGO_GENERATE
extern "C" void __gcov_dump();  // GCC's: writes the instrumented build's counts (cmake/Pgo.cmake)
#endif

namespace gwsim::sweep {
namespace {

using Clock = std::chrono::steady_clock;

std::string join_errors(const std::vector<Diagnostic>& errors) {
  std::string out;
  for (const Diagnostic& d : errors) out += d.format();
  return out;
}

// Test hook: GWSIM_SWEEP_FAULT="crash@P:K,hang@P:K,exit@P:K" makes the worker running replication K of point P
// crash or hang on it, or end right after sending its result, so the tests can check that a sweep survives each.
// Never set in normal use.
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

// A replication's result as the worker sends it: its status, then its error, summary.json and timeline.csv, each
// as a length (8 bytes) and its bytes (empty when there is none).
void put(std::string& out, const std::string& text) {
  const std::uint64_t size = text.size();
  out.append(reinterpret_cast<const char*>(&size), sizeof size);
  out += text;
}

std::string replication_message(const ScenarioTemplate& scenario_template, const SweepSpec& spec, std::int64_t k) {
  ReplicationStatus status = ReplicationStatus::kFailed;
  std::string error, summary, timeline;
  try {
    LoadResult drawn = sample_scenario(scenario_template, spec.seed, static_cast<std::uint64_t>(k));
    if (!drawn.scenario) {
      status = ReplicationStatus::kInvalid;
      error = join_errors(drawn.errors);
    } else {
      const Scenario& scenario = *drawn.scenario;
      // A sweep stores summaries (and timelines), never sites.csv: the sites' rows are dropped as they come.
      const engine::EngineResult result = engine::run_replication(scenario, [](std::span<const StateRow>) {});
      if (result.failures.empty()) {
        status = ReplicationStatus::kOk;
        summary = summary_json(result.record, engine::manifest_for(scenario));
        if (spec.keep_timelines) timeline = timeline_csv(result.record);
      } else {
        for (const std::string& f : result.failures) error += (error.empty() ? "" : "; ") + f;
      }
    }
  } catch (const std::exception& e) {
    status = ReplicationStatus::kFailed;
    error = std::string("internal error: ") + e.what();
  }
  std::string message(1, static_cast<char>(status));
  put(message, error);
  put(message, summary);
  put(message, timeline);
  return message;
}

// Moves `size` bytes through fd with `io` (read or write), retrying interrupted calls; false at the end of the
// file or on an error.
template <typename Io, typename Byte>
bool transfer_all(Io io, int fd, Byte* data, std::size_t size) {
  std::size_t done = 0;
  while (done < size) {
    const ssize_t n = io(fd, data + done, size - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    done += static_cast<std::size_t>(n);
  }
  return true;
}
bool write_all(int fd, const void* data, std::size_t size) {
  return transfer_all(::write, fd, static_cast<const char*>(data), size);
}
bool read_all(int fd, void* data, std::size_t size) { return transfer_all(::read, fd, static_cast<char*>(data), size); }

// A task, parent to worker: the point and the replication.
struct Task {
  std::int64_t point = 0;
  std::int64_t replication = 0;
};

// In a worker: runs the tasks it is sent, one at a time, each answered with its result framed by its length (8
// bytes), until the parent closes the task pipe; never returns.
[[noreturn]] void worker_main(const std::vector<ScenarioTemplate>& templates, const SweepSpec& spec, int tasks_fd,
                              int results_fd, const std::map<std::pair<std::int64_t, std::int64_t>, std::string>& faults) {
  // Replication after replication allocates the same large blocks (the rows, the pods): keep what one frees for
  // the next instead of handing it back to the kernel and faulting it in again (glibc returns blocks above its
  // mmap threshold, and the heap's free top, at once by default).
  ::mallopt(M_MMAP_THRESHOLD, 256 << 20);
  ::mallopt(M_TRIM_THRESHOLD, 512 << 20);
  Task task;
  while (read_all(tasks_fd, &task, sizeof task)) {
    const auto fault = faults.find({task.point, task.replication});
    if (fault != faults.end() && fault->second == "crash") {
      // The default action, not a sanitizer's handler: AddressSanitizer would symbolize a report first, which can
      // outlast a short timeout and turn the injected crash into a timeout.
      std::signal(SIGSEGV, SIG_DFL);
      std::raise(SIGSEGV);
    }
    if (fault != faults.end() && fault->second == "hang") {
      for (;;) pause();
    }
    const std::string text =
        replication_message(templates[static_cast<std::size_t>(task.point)], spec, task.replication);
    const std::uint64_t size = text.size();
    if (!write_all(results_fd, &size, sizeof size) || !write_all(results_fd, text.data(), text.size())) _exit(3);
    if (fault != faults.end() && fault->second == "exit") _exit(0);  // gone between two replications
  }
#ifdef GWSIM_PGO_GENERATE
  __gcov_dump();  // _exit skips the counts' writing at exit
#endif
  _exit(0);
}

// A worker process and the replication it is running, if any.
struct Worker {
  pid_t pid = -1;
  int tasks_fd = -1;    // parent -> worker
  int results_fd = -1;  // worker -> parent
  std::string input;    // bytes read, not yet a whole result
  std::optional<ReplicationRow> row;  // the replication it runs
  Clock::time_point started;
  bool retried = false;  // that replication is being run a second time (poll_once)
};

// The row of a replication whose worker ended without answering: crashed (how) or timed out.
ReplicationRow lost(const Worker& worker, int status, bool timed_out) {
  ReplicationRow row = *worker.row;
  if (timed_out) {
    row.status = ReplicationStatus::kTimeout;
    row.error = "no result within the sweep's timeout_seconds; the process was killed";
  } else if (WIFSIGNALED(status)) {
    row.status = ReplicationStatus::kCrashed;
    row.error = std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
  } else if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
    row.status = ReplicationStatus::kCrashed;
    row.error = "exited with code " + std::to_string(WEXITSTATUS(status));
  } else {
    row.status = ReplicationStatus::kCrashed;
    row.error = "incomplete result from the replication's process";
  }
  return row;
}

// The row of a replication from its worker's answer (replication_message).
ReplicationRow answered(const ReplicationRow& planned, const std::string& message) {
  ReplicationRow row = planned;
  std::size_t at = 1;
  const auto take = [&](std::string& text) {
    std::uint64_t size = 0;
    if (message.size() - at < sizeof size) return false;
    std::memcpy(&size, message.data() + at, sizeof size);
    at += sizeof size;
    if (message.size() - at < size) return false;
    text.assign(message, at, size);
    at += size;
    return true;
  };
  const int status = message.empty() ? -1 : static_cast<unsigned char>(message[0]);
  const bool known = status == static_cast<int>(ReplicationStatus::kOk) ||
                     status == static_cast<int>(ReplicationStatus::kFailed) ||
                     status == static_cast<int>(ReplicationStatus::kInvalid);
  if (!known || !take(row.error) || !take(row.summary_json) || !take(row.timeline_csv) || at != message.size()) {
    row.status = ReplicationStatus::kCrashed;
    row.error = "incomplete result from the replication's process";
    row.summary_json.clear();
    row.timeline_csv.clear();
    return row;
  }
  row.status = static_cast<ReplicationStatus>(status);
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

// The replications, run by at most `jobs` forked worker processes, each running one replication at a time and
// many in turn (forking a process per replication cost more than the replication). A worker that crashes or
// outlives the timeout takes only its current replication with it (see poll_once), and a new worker takes its
// place.
class Workers {
 public:
  Workers(const std::vector<ScenarioTemplate>& templates, const SweepSpec& spec, const SweepOptions& options,
          const ResultsStore& store)
      : templates_(templates), spec_(spec), options_(options), store_(store), faults_(injected_faults()),
        timeout_(std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(spec.timeout_s))),
        old_sigpipe_(std::signal(SIGPIPE, SIG_IGN)) {}  // a worker gone: write() fails instead of killing the sweep
  ~Workers() {
    // Idle workers finish when their task pipe closes; one still running (the sweep is failing) is killed.
    for (Worker& w : workers_) stop(w, w.row.has_value());
    std::signal(SIGPIPE, old_sigpipe_);
  }
  Workers(const Workers&) = delete;
  Workers& operator=(const Workers&) = delete;

  bool has_room() const { return busy() < static_cast<std::size_t>(std::max(1, options_.jobs)); }
  bool idle() const { return busy() == 0 && retry_.empty(); }
  // A replication to start again before the next new one (see poll_once), if any.
  std::optional<ReplicationRow> take_retry() {
    if (retry_.empty()) return std::nullopt;
    ReplicationRow row = std::move(retry_.front());
    retry_.erase(retry_.begin());
    return row;
  }

  // Hands `row`'s replication to an idle worker, starting one if needed; `retried`: its second run. A worker found
  // gone (it died after its last result, or was killed from outside) is reaped and the next one tried.
  void start(const ReplicationRow& row, bool retried = false) {
    const Task task{row.point, row.replication};
    for (int attempt = 0; attempt < 3; ++attempt) {
      Worker* worker = nullptr;
      for (Worker& w : workers_) {
        if (!w.row) worker = &w;
      }
      if (!worker) worker = &workers_.emplace_back(spawn());
      if (write_all(worker->tasks_fd, &task, sizeof task)) {
        worker->row = row;
        worker->started = Clock::now();
        worker->retried = retried;
        return;
      }
      stop(*worker, true);
      std::erase_if(workers_, [](const Worker& w) { return w.pid < 0; });
    }
    throw std::runtime_error("cannot reach a sweep worker: three in a row ended before taking a replication");
  }

  // Waits up to 100 ms for results, kills workers past the timeout, and hands each finished replication to `done`.
  // A worker that ends without a byte of its replication's result (it may have died before reading it) has that
  // replication run once more in a fresh worker; ending again, it is recorded crashed. A timeout counts from the
  // replication's start until its first result byte, and is never retried. Idle workers that end are reaped.
  template <typename Done>
  void poll_once(Done&& done) {
    std::vector<pollfd> polls;
    for (const Worker& w : workers_) polls.push_back({w.results_fd, POLLIN, 0});
    const int ready = ::poll(polls.data(), polls.size(), 100);
    if (ready < 0 && errno != EINTR) throw std::runtime_error(std::string("poll failed: ") + std::strerror(errno));
    for (std::size_t n = 0; n < polls.size(); ++n) {
      Worker& w = workers_[n];
      bool ended = false;
      if (ready > 0 && (polls[n].revents & (POLLIN | POLLHUP | POLLERR))) {
        char buf[65536];
        const ssize_t got = ::read(w.results_fd, buf, sizeof buf);
        if (got > 0) w.input.append(buf, static_cast<std::size_t>(got));
        else if (got == 0 || errno != EINTR) ended = true;
      }
      if (!w.row) {
        if (ended || !w.input.empty()) stop(w, true);  // an idle worker has nothing to say: it ended
        continue;
      }
      std::uint64_t size = 0;
      if (w.input.size() >= sizeof size) std::memcpy(&size, w.input.data(), sizeof size);
      if (w.input.size() >= sizeof size && w.input.size() - sizeof size >= size) {
        done(answered(*w.row, w.input.substr(sizeof size, size)));
        w.input.erase(0, sizeof size + size);
        w.row.reset();
        if (ended) stop(w, false);
        continue;
      }
      const bool timed_out = !ended && w.input.empty() && Clock::now() - w.started > timeout_;
      if (ended || timed_out) {
        const int status = stop(w, timed_out);
        if (!timed_out && w.input.empty() && !w.retried) {
          retry_.push_back(*w.row);
        } else {
          done(lost(w, status, timed_out));
        }
        w.row.reset();
      }
    }
    std::erase_if(workers_, [](const Worker& w) { return w.pid < 0; });
  }

 private:
  std::size_t busy() const {
    return static_cast<std::size_t>(
        std::count_if(workers_.begin(), workers_.end(), [](const Worker& w) { return w.row.has_value(); }));
  }

  Worker spawn() {
    int tasks[2], results[2];
    if (::pipe(tasks) != 0) throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(errno));
    if (::pipe(results) != 0) {
      const int error = errno;
      ::close(tasks[0]);
      ::close(tasks[1]);
      throw std::runtime_error(std::string("cannot create a pipe: ") + std::strerror(error));
    }
    std::fflush(nullptr);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
      const int error = errno;
      for (int fd : {tasks[0], tasks[1], results[0], results[1]}) ::close(fd);
      throw std::runtime_error(std::string("cannot fork a sweep worker: ") + std::strerror(error));
    }
    if (pid == 0) {
      // A worker never outlives its sweep: killed with it (kill -9 included), it cannot keep running.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(3);
      ::close(tasks[1]);
      ::close(results[0]);
      for (const Worker& w : workers_) {
        ::close(w.tasks_fd);
        ::close(w.results_fd);
      }
      store_.close_lock_in_child();
      worker_main(templates_, spec_, tasks[0], results[1], faults_);
    }
    ::close(tasks[0]);
    ::close(results[1]);
    Worker w;
    w.pid = pid;
    w.tasks_fd = tasks[1];
    w.results_fd = results[0];
    return w;
  }

  // Ends a worker (killed, or told to finish by closing its task pipe) and returns its wait status. Its pipes are
  // closed and forgotten, so a worker forked later never closes a descriptor that has since been reused.
  static int stop(Worker& w, bool kill) {
    if (w.pid < 0) return 0;
    if (kill) ::kill(w.pid, SIGKILL);
    ::close(w.tasks_fd);
    ::close(w.results_fd);
    w.tasks_fd = w.results_fd = -1;
    int status = 0;
    while (::waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
    }
    w.pid = -1;
    return status;
  }

  const std::vector<ScenarioTemplate>& templates_;
  const SweepSpec& spec_;
  const SweepOptions& options_;
  const ResultsStore& store_;
  const std::map<std::pair<std::int64_t, std::int64_t>, std::string> faults_;
  const Clock::duration timeout_;
  void (*old_sigpipe_)(int);
  std::vector<Worker> workers_;
  std::vector<ReplicationRow> retry_;  // lost before any byte of their result: run once more
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
  // Tables every replication reads, built once here so that each worker inherits them built.
  (void)engine::engine_log();
  (void)summary_fields();
  (void)timeline_fields();
  (void)site_fields();
  Workers workers(prepared.templates, spec, options, store);
  Batches batches(store);
  std::int64_t finished = 0;
  const auto record = [&](ReplicationRow row) {
    (row.status == ReplicationStatus::kOk ? totals.ok : totals.not_ok)++;
    ++finished;
    batches.add(std::move(row));
  };
  for (std::size_t next = 0; next < queue.size() || !workers.idle();) {
    while (workers.has_room()) {
      if (std::optional<ReplicationRow> again = workers.take_retry()) {
        workers.start(*again, true);
        continue;
      }
      if (next >= queue.size()) break;
      const auto [p, k] = queue[next++];
      ReplicationRow row;
      row.point = p;
      row.replication = k;
      row.seed = spec.seed;
      workers.start(row);
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
