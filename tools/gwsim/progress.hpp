// Progress of a long command on standard error, never on standard output. On a terminal: one line redrawn in
// place (percent, what is done, elapsed time and an ETA), shown once the work has taken half a second and erased
// when it ends. Elsewhere (a log, a CI job): a plain line at each tenth of the work, or after five seconds without
// one, so that a log shows steady progress without a line per step. A command's --quiet makes it a Progress that
// prints nothing.
#pragma once

#include <chrono>
#include <ostream>
#include <string>

namespace gwsim::cli {

class Progress {
 public:
  enum class Mode { kTerminal, kLines, kOff };

  // who: the line's prefix ("gwsim run"); out: standard error (or a test's stream).
  Progress(std::ostream& out, std::string who, Mode mode);

  // The mode for standard error: kOff when quiet, kTerminal when it is a terminal, else kLines.
  static Mode mode_for_stderr(bool quiet);

  // The work is `fraction` (0 to 1) done; `what` says how far in words ("simulated to 2027-03-14"). Cheap to call
  // often: it prints only when a line is due.
  void update(double fraction, const std::string& what);

  // A line of its own: a stage that starts or ends ("writing the files"), with the elapsed time. On a terminal it
  // replaces the redrawn line.
  void note(const std::string& text);

  // Erases the redrawn line on a terminal (before other output to the same terminal).
  void clear();

  double elapsed_s() const;

 private:
  using Clock = std::chrono::steady_clock;
  std::ostream& out_;
  std::string who_;
  Mode mode_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_ = start_;
  int next_tenth_ = 1;      // kLines: the next tenth that prints a line
  bool drawn_ = false;      // kTerminal: a line is on the screen
};

// "4.2 s", "3 min 05 s", "1 h 02 min".
std::string duration_text(double seconds);

}  // namespace gwsim::cli
