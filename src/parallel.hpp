// Running independent jobs on a few threads (internal).
#pragma once

#include <algorithm>
#include <atomic>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

namespace chibo::detail {

/// Runs jobs on up to `threads` threads, taking them in order of submission; rethrows the first
/// job's exception (by position) after all have finished.
inline void run_parallel(std::vector<std::function<void()>>& jobs, unsigned threads) {
  if (threads <= 1 || jobs.size() <= 1) {
    for (auto& j : jobs) j();
    return;
  }
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(jobs.size());
  auto worker = [&] {
    for (std::size_t i = next++; i < jobs.size(); i = next++) {
      try {
        jobs[i]();
      } catch (...) {
        errors[i] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < std::min<std::size_t>(threads, jobs.size()); ++t) pool.emplace_back(worker);
  worker();
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace chibo::detail
