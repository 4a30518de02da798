// Running independent jobs on a few threads (internal).
#pragma once

#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <functional>
#include <thread>
#include <vector>

namespace chibo::detail {

/// The threads an option asks for: 0 means one per processor.
inline unsigned thread_count(unsigned requested) noexcept {
  return requested ? requested : std::max(1u, std::thread::hardware_concurrency());
}

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

/// Jobs for run_parallel that fault in the pages of [p, p + bytes) for writing, `chunk` bytes
/// (a multiple of 2 MiB) each, before anything is written there. A virtual machine's host may
/// back a page only when the guest first touches it: on the machine of docs/performance.md a
/// first touch costs 1–2 s a GB on one thread, and half that wall time on two. A hint only: a
/// kernel without MADV_POPULATE_WRITE (before 5.14) faults the pages in as they are written.
inline void add_fault_in_jobs(std::vector<std::function<void()>>& jobs, const void* p, std::size_t bytes,
                              std::size_t chunk = std::size_t{32} << 20) {
#if defined(MADV_POPULATE_WRITE)
  constexpr std::uintptr_t page = 4096;
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + page - 1) & ~(page - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(page - 1);
  // Chunks end on multiples of `chunk` (of 2 MiB), so that no two jobs share a huge page.
  for (auto at = begin; at < end;) {
    const auto next = std::min<std::uintptr_t>(end, (at / chunk + 1) * chunk);
    jobs.emplace_back([at, next] { ::madvise(reinterpret_cast<void*>(at), next - at, MADV_POPULATE_WRITE); });
    at = next;
  }
#else
  (void)jobs;
  (void)p;
  (void)bytes;
  (void)chunk;
#endif
}

/// Calls fn(chunk, worker) for every chunk in [0, chunks) on up to `threads` threads, taking
/// chunks in order; worker 0 is the calling thread. Rethrows the first exception (by chunk) after
/// all threads have finished.
template <class Fn>
void for_each_chunk(std::size_t chunks, unsigned threads, Fn&& fn) {
  const std::size_t workers = std::max<std::size_t>(1, std::min<std::size_t>(threads, chunks));
  std::atomic<std::size_t> next{0};
  std::vector<std::exception_ptr> errors(chunks);
  auto worker = [&](std::size_t w) {
    for (std::size_t c = next++; c < chunks; c = next++) {
      try {
        fn(c, w);
      } catch (...) {
        errors[c] = std::current_exception();
      }
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(worker, w);
  worker(0);
  for (auto& th : pool) th.join();
  for (auto& e : errors)
    if (e) std::rethrow_exception(e);
}

}  // namespace chibo::detail
