// Text rendered in blocks on several threads and written in order (internal to the writers):
// a national report runs to gigabytes, and only a window of blocks is ever held.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <mutex>
#include <ostream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace chibo::detail {

/// Renders items 0…n−1, `block` at a time, with `render(first, last, text)` appending the text
/// of items [first, last) to `text`, on `threads` threads, and writes the blocks to `out` in
/// order from the calling thread, `separator` between two blocks that have text. A worker takes
/// the next block as soon as it is done with one (blocks differ in size: a barrier per window
/// of blocks left a core idle a third of the time); at most eight blocks a thread are held. The
/// bytes do not depend on the thread count. The first exception (by block) is rethrown. `Text`
/// is what a block renders into (a string, or a writer's own buffer with the same members).
template <class Text = std::string, class Render>
void write_blocks(std::ostream& out, std::size_t n, std::size_t block, unsigned threads,
                  std::string_view separator, Render render) {
  block = std::max<std::size_t>(block, 1);
  const std::size_t blocks = (n + block - 1) / block;
  if (blocks == 0) return;
  const std::size_t workers = std::clamp<std::size_t>(threads, 1, blocks);
  const std::size_t slots = workers * 8;
  struct Slot {
    Text text;
    bool ready = false;
  };
  std::vector<Slot> ring(slots);
  std::mutex mutex;
  std::condition_variable changed;
  std::size_t next = 0, written = 0, failed_block = SIZE_MAX;  // guarded by mutex
  std::exception_ptr error;

  auto fail = [&](std::size_t b, std::exception_ptr e) {
    const std::lock_guard lock(mutex);
    if (b < failed_block) {
      failed_block = b;
      error = std::move(e);
    }
    changed.notify_all();
  };
  auto worker = [&] {
    std::unique_lock lock(mutex);
    while (true) {
      changed.wait(lock, [&] { return error || next >= blocks || next < written + slots; });
      if (error || next >= blocks) return;
      const std::size_t b = next++;
      Slot& slot = ring[b % slots];
      lock.unlock();
      try {
        slot.text.clear();
        render(b * block, std::min(n, (b + 1) * block), slot.text);
      } catch (...) {
        fail(b, std::current_exception());
        return;
      }
      lock.lock();
      slot.ready = true;
      changed.notify_all();
    }
  };
  std::vector<std::thread> pool;
  for (std::size_t w = 0; w < workers; ++w) pool.emplace_back(worker);

  bool any = false;
  try {
    for (std::size_t b = 0; b < blocks; ++b) {
      Slot& slot = ring[b % slots];
      {
        std::unique_lock lock(mutex);
        // After a failure, blocks before the failing one still come (each was taken before
        // it); one never taken will not.
        const auto stopped = [&] { return error && (b >= failed_block || b >= next); };
        changed.wait(lock, [&] { return slot.ready || stopped(); });
        if (!slot.ready) break;
      }
      if (!slot.text.empty()) {
        if (any) out.write(separator.data(), static_cast<std::streamsize>(separator.size()));
        out.write(slot.text.data(), static_cast<std::streamsize>(slot.text.size()));
        any = true;
      }
      const std::lock_guard lock(mutex);
      slot.ready = false;
      ++written;
      changed.notify_all();
    }
  } catch (...) {
    fail(blocks, std::current_exception());
  }
  for (auto& t : pool) t.join();
  if (error) std::rethrow_exception(error);
}

/// Items per block so that a block holds about `target` findings on average: a block of units
/// then costs the same memory whatever the findings per unit.
inline std::size_t units_per_block(std::size_t units, std::uint64_t findings, std::size_t target = 2048) {
  if (findings == 0) return target;
  const double per_unit =
      static_cast<double>(findings) / static_cast<double>(std::max<std::size_t>(units, 1));
  return std::clamp<std::size_t>(static_cast<std::size_t>(static_cast<double>(target) / per_unit), 1, target);
}

}  // namespace chibo::detail
