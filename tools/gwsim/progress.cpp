#include "tools/gwsim/progress.hpp"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace gwsim::cli {

namespace {
constexpr auto kRedraw = std::chrono::milliseconds(100);   // a terminal line is redrawn at most this often
constexpr auto kFirstDraw = std::chrono::milliseconds(500);  // and first drawn after this long
constexpr auto kQuietGap = std::chrono::seconds(5);          // a plain line at least this often
}  // namespace

std::string duration_text(double seconds) {
  char buf[48];
  if (seconds < 60.0) {
    std::snprintf(buf, sizeof buf, "%.1f s", seconds);
  } else if (seconds < 3600.0) {
    const long s = std::lround(seconds);
    std::snprintf(buf, sizeof buf, "%ld min %02ld s", s / 60, s % 60);
  } else {
    const long m = std::lround(seconds / 60.0);
    std::snprintf(buf, sizeof buf, "%ld h %02ld min", m / 60, m % 60);
  }
  return buf;
}

Progress::Progress(std::ostream& out, std::string who, Mode mode) : out_(out), who_(std::move(who)), mode_(mode) {}

Progress::Mode Progress::mode_for_stderr(bool quiet) {
  if (quiet) return Mode::kOff;
  return ::isatty(STDERR_FILENO) != 0 ? Mode::kTerminal : Mode::kLines;
}

double Progress::elapsed_s() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }

void Progress::update(double fraction, const std::string& what) {
  if (mode_ == Mode::kOff) return;
  fraction = std::clamp(fraction, 0.0, 1.0);
  const Clock::time_point now = Clock::now();
  if (mode_ == Mode::kTerminal) {
    if (now - start_ < kFirstDraw || now - last_ < kRedraw) return;
  } else {
    const bool tenth = fraction * 10.0 >= static_cast<double>(next_tenth_) - 1e-9;
    if (!tenth && now - last_ < kQuietGap) return;
    while (next_tenth_ <= 10 && fraction * 10.0 >= static_cast<double>(next_tenth_) - 1e-9) ++next_tenth_;
  }
  last_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  // Linear in the work done: a rollout's later days carry more racks, so this errs early.
  const std::string eta = fraction > 0.0 && fraction < 1.0 ? ", ETA " + duration_text(elapsed * (1.0 - fraction) / fraction)
                                                           : "";
  char percent[16];
  std::snprintf(percent, sizeof percent, "%3.0f%%", 100.0 * fraction);
  const std::string line = who_ + ": " + percent + " " + what + ", " + duration_text(elapsed) + " elapsed" + eta;
  if (mode_ == Mode::kTerminal) {
    out_ << "\r" << line << "\033[K" << std::flush;
    drawn_ = true;
  } else {
    out_ << line << "\n" << std::flush;
  }
}

void Progress::note(const std::string& text) {
  if (mode_ == Mode::kOff) return;
  if (mode_ == Mode::kTerminal && elapsed_s() < std::chrono::duration<double>(kFirstDraw).count()) return;
  clear();
  out_ << who_ << ": " << text << " (" << duration_text(elapsed_s()) << " elapsed)\n" << std::flush;
  last_ = Clock::now();
}

void Progress::clear() {
  if (mode_ != Mode::kTerminal || !drawn_) return;
  out_ << "\r\033[K" << std::flush;
  drawn_ = false;
}

}  // namespace gwsim::cli
