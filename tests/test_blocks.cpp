// The writers' ordered pipeline: blocks rendered on several threads, written in order.
#include "../src/blocks.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <stdexcept>
#include <string>

namespace {

// Item i renders as its number and a line break; items that are multiples of 7 render
// nothing, so that some blocks are empty. Blocks take longer the further they are from a
// multiple of five, so that they finish out of order.
void render(std::size_t first, std::size_t last, std::string& text) {
  volatile unsigned spin = 0;
  for (unsigned k = 0; k < 2000u * (first % 5); ++k) spin = spin + 1;
  for (std::size_t i = first; i < last; ++i)
    if (i % 7 != 0) text += std::to_string(i) + "\n";
}

std::string serial(std::size_t n, std::size_t block, std::string_view separator) {
  std::string out;
  bool any = false;
  for (std::size_t first = 0; first < n; first += block) {
    std::string text;
    render(first, std::min(n, first + block), text);
    if (text.empty()) continue;
    if (any) out += separator;
    out += text;
    any = true;
  }
  return out;
}

}  // namespace

TEST_CASE("write_blocks writes every block in order, whatever the threads", "[blocks]") {
  for (const std::size_t n : {0u, 1u, 7u, 100u, 5000u})
    for (const std::size_t block : {1u, 3u, 64u})
      for (const unsigned threads : {1u, 2u, 3u, 8u}) {
        std::ostringstream out;
        chibo::detail::write_blocks(out, n, block, threads, "|", render);
        CAPTURE(n, block, threads);
        REQUIRE(out.str() == serial(n, block, "|"));
      }
  // One item a block and items that are all empty: nothing, not separators.
  std::ostringstream out;
  chibo::detail::write_blocks(out, 50, 1, 4, "|", [](std::size_t, std::size_t, std::string&) {});
  CHECK(out.str().empty());
}

TEST_CASE("write_blocks rethrows the first block's failure and stops", "[blocks]") {
  for (const unsigned threads : {1u, 2u, 8u}) {
    std::ostringstream out;
    auto failing = [](std::size_t first, std::size_t last, std::string& text) {
      if (first >= 300) throw std::runtime_error("block " + std::to_string(first));
      render(first, last, text);
    };
    try {
      chibo::detail::write_blocks(out, 10000, 10, threads, "", failing);
      FAIL("no exception");
    } catch (const std::runtime_error& e) {
      CHECK(std::string(e.what()) == "block 300");  // the first failing block, not a later one
    }
    // What was written is the blocks before the failing one, in order.
    CHECK(out.str() == serial(300, 10, ""));
  }
}
