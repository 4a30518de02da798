// Text rendered in blocks on several threads and written in order (internal to the writers):
// a national report runs to gigabytes, and only a window of blocks is ever held.
#pragma once

#include "parallel.hpp"

#include <algorithm>
#include <cstddef>
#include <future>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace chibo::detail {

/// Renders items 0…n−1, `block` at a time, with `render(first, last, text)` appending the text
/// of items [first, last) to `text`; blocks are rendered `threads` at a time (a window of four
/// per thread) and written to `out` in order, `separator` between two blocks that have text.
/// The bytes do not depend on the thread count.
template <class Render>
void write_blocks(std::ostream& out, std::size_t n, std::size_t block, unsigned threads,
                  std::string_view separator, Render render) {
  block = std::max<std::size_t>(block, 1);
  const std::size_t blocks = (n + block - 1) / block;
  const std::size_t window = std::max(1u, threads) * 4;
  // Two windows: one written (on its own thread: copying gigabytes into the page cache is a
  // third of a national report's time) while the next is rendered.
  std::vector<std::string> texts[2] = {std::vector<std::string>(window), std::vector<std::string>(window)};
  bool written = false;
  auto write = [&](std::vector<std::string>& window_texts, std::size_t count) {
    for (std::size_t c = 0; c < count; ++c) {
      if (window_texts[c].empty()) continue;
      if (written) out.write(separator.data(), static_cast<std::streamsize>(separator.size()));
      out.write(window_texts[c].data(), static_cast<std::streamsize>(window_texts[c].size()));
      written = true;
    }
  };
  std::future<void> writing;
  for (std::size_t first = 0, k = 0; first < blocks; first += window, k ^= 1) {
    const std::size_t count = std::min(window, blocks - first);
    auto& mine = texts[k];
    for_each_chunk(count, threads, [&](std::size_t c, std::size_t) {
      mine[c].clear();
      const std::size_t b = first + c;
      render(b * block, std::min(n, (b + 1) * block), mine[c]);
    });
    if (writing.valid()) writing.get();  // the other window is free again
    writing = std::async(std::launch::async, [&write, &mine, count] { write(mine, count); });
  }
  if (writing.valid()) writing.get();
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
