#include "sim/engine/logging.hpp"

#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>

#include <cmath>

namespace gwsim::engine {
namespace {

models::Date g_start{};
double (*g_clock)() = nullptr;

// %* in the pattern: the simulated date (and hour) of the engine's clock.
class SimulatedDateFlag : public spdlog::custom_flag_formatter {
 public:
  void format(const spdlog::details::log_msg&, const std::tm&, spdlog::memory_buf_t& dest) override {
    const double clock_s = g_clock ? g_clock() : 0.0;
    const auto days = static_cast<std::int32_t>(std::floor(clock_s / models::kSecondsPerDay));
    const auto hour = static_cast<int>((clock_s - days * models::kSecondsPerDay) / 3600.0);
    const std::string text = models::to_iso(models::Date{g_start.days + days}) + " " + (hour < 10 ? "0" : "") +
                             std::to_string(hour) + "h";
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override { return std::make_unique<SimulatedDateFlag>(); }
};

std::shared_ptr<spdlog::logger> make_logger() {
  auto logger = std::make_shared<spdlog::logger>("engine", std::make_shared<spdlog::sinks::stderr_sink_st>());
  auto formatter = std::make_unique<spdlog::pattern_formatter>();
  formatter->add_flag<SimulatedDateFlag>('*').set_pattern("[%*] [%n] [%l] %v");
  logger->set_formatter(std::move(formatter));
  logger->set_level(spdlog::level::warn);
  return logger;
}

}  // namespace

spdlog::logger& engine_log() {
  static const std::shared_ptr<spdlog::logger> logger = make_logger();
  return *logger;
}

void report_failure(std::vector<std::string>& failures, const std::string& who, const std::exception& e) {
  engine_log().error("{}: {}", who, e.what());
  failures.push_back(who + ": " + e.what());
}

void configure_logging(spdlog::level::level_enum level) { engine_log().set_level(level); }
void set_log_start_date(models::Date start) { g_start = start; }
void set_log_clock(double (*clock_s)()) { g_clock = clock_s; }

}  // namespace gwsim::engine
