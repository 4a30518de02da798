// Timing of long jobs for the debug log (internal).
#pragma once

#include <spdlog/spdlog.h>

#include <chrono>

namespace chibo::detail {

using Clock = std::chrono::steady_clock;

inline double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

/// Logs at debug level how long each step of a job took ("load: meetings in 2.398 s").
class Laps {
 public:
  explicit Laps(const char* job) noexcept : job_(job) {}
  void operator()(const char* step) {
    spdlog::debug("{}: {} in {:.3f} s", job_, step, seconds_since(start_));
    start_ = Clock::now();
  }

 private:
  const char* job_;
  Clock::time_point start_ = Clock::now();
};

}  // namespace chibo::detail
