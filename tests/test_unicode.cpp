#include <chibo/unicode.hpp>

#include "../src/text_check.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using namespace chibo;

TEST_CASE("UTF-8 is checked as Unicode's table 3-7 says, and the first bad byte is found", "[unicode]") {
  auto bad_at = [](const std::string& s) -> long {
    std::size_t at = 0;
    return is_valid_utf8(s, &at) ? -1 : static_cast<long>(at);
  };
  CHECK(bad_at("") == -1);
  CHECK(bad_at("Nguyễn Thị Hồng Nhung, chi bộ thôn Đông") == -1);
  CHECK(bad_at("\xF0\x9F\x98\x80 and \xF4\x8F\xBF\xBF") == -1);  // U+1F600, U+10FFFF
  CHECK(bad_at("abc\xC0\xAF") == 3);                             // overlong '/'
  CHECK(bad_at("abc\xE0\x80\xAF") == 3);                         // overlong
  CHECK(bad_at("0123456789abcdef\xED\xA0\x80") == 16);           // a surrogate, after the fast path
  CHECK(bad_at("\xF4\x90\x80\x80") == 0);                        // past U+10FFFF
  CHECK(bad_at("ok\xE1\xBB") == 2);                              // cut short
  CHECK(bad_at("ok\x80") == 2);                                  // a lone continuation byte
  CHECK(bad_at("ok\xFF") == 2);
}

TEST_CASE("text that is NFC by construction is told apart from text that needs ICU", "[unicode]") {
  CHECK(is_plainly_nfc("H00000001"));
  CHECK(is_plainly_nfc("Nguyễn Thị Hồng Nhung"));  // precomposed
  CHECK_FALSE(is_plainly_nfc(to_nfd("Nguyễn")));   // combining marks
  CHECK(to_nfc(to_nfd("Nguyễn Thị Hồng Nhung")) == "Nguyễn Thị Hồng Nhung");
}

namespace {
bool same(detail::TextCheck a, detail::TextCheck b) {
  return a.utf8 == b.utf8 && a.plainly_nfc == b.plainly_nfc;
}
}  // namespace

TEST_CASE("the vectorised text check agrees with the byte-by-byte one on every byte pair", "[unicode]") {
  // Every pair of bytes, at the start, across the 16-byte lanes and the 32-byte blocks, and at
  // the very end, in ASCII filler: the places where the vector method carries state.
  std::size_t disagreements = 0, invalid = 0;
  for (const std::size_t at : {0, 15, 16, 30, 31, 32, 62, 68}) {
    std::string text(70, 'a');
    for (unsigned a = 0; a < 256; ++a) {
      for (unsigned b = 0; b < 256; ++b) {
        text[at] = static_cast<char>(a);
        text[at + 1] = static_cast<char>(b);
        const auto fast = detail::check_text(text), slow = detail::check_text_scalar(text);
        if (!same(fast, slow)) ++disagreements;
        if (!slow.utf8) ++invalid;
      }
    }
  }
  CHECK(disagreements == 0);
  CHECK(invalid > 8 * 40000);  // most pairs of bytes ≥ 0x80 are not UTF-8: the test sees both
}

TEST_CASE("the vectorised text check agrees with the byte-by-byte one on mangled Vietnamese", "[unicode]") {
  // Text built from pieces that matter: ASCII, precomposed and decomposed Vietnamese, other
  // scripts, the edges of table 3-7 (overlongs, surrogates, U+10FFFF and past it), sequences cut
  // short and stray bytes, at every length up to a few blocks.
  const std::vector<std::string> pieces = {
      "a",
      "chi bộ ",
      "Nguyễn",
      to_nfd("Nguyễn"),
      "Đ",
      "ế",
      "\xC3\xA9",
      "\xCC\x81",
      "\xE2\x82\xAC",
      "\xE1\xB8\x80",
      "\xE1\xBB\xBF",
      "\xE1\xBC\x80",
      "\xE1\xB7\xBF",
      "\xF0\x9F\x98\x80",
      "\xF4\x8F\xBF\xBF",
      "\xF4\x90\x80\x80",
      "\xED\x9F\xBF",
      "\xED\xA0\x80",
      "\xE0\x9F\xBF",
      "\xE0\xA0\x80",
      "\xF0\x8F\xBF\xBF",
      "\xC0\xAF",
      "\xC1\xBF",
      "\xC2\x80",
      "\xCB\xBF",
      "\xE1\xBB",
      "\xF0\x9F",
      "\x80",
      "\xBF",
      "\xFF",
      "\xF8\x88\x80\x80\x80",
      ",",
      "\n",
      "\"",
  };
  std::mt19937 rng(20261127);
  std::size_t disagreements = 0, valid = 0, plain = 0;
  for (int round = 0; round < 40000; ++round) {
    std::string text;
    const int count = static_cast<int>(rng() % 40);
    for (int k = 0; k < count; ++k) {
      // Mostly valid pieces, so that long valid text (and a late error) is common.
      const std::size_t pick = rng() % 4 == 0 ? rng() % pieces.size() : rng() % 7;
      text += pieces[pick];
    }
    const auto fast = detail::check_text(text), slow = detail::check_text_scalar(text);
    if (!same(fast, slow)) {
      ++disagreements;
      UNSCOPED_INFO("disagree on " << text.size() << " bytes");
    }
    valid += slow.utf8;
    plain += slow.plainly_nfc;
    std::size_t at_fast = 0, at_slow = 0;
    const bool ok_fast = is_valid_utf8(text, &at_fast),
               ok_slow = detail::is_valid_utf8_scalar(text, &at_slow);
    CHECK(ok_fast == ok_slow);
    if (!ok_fast && !ok_slow) CHECK(at_fast == at_slow);
  }
  CHECK(disagreements == 0);
  CHECK(valid > 5000);
  CHECK(valid < 35000);
  CHECK(plain > 2000);
  CHECK(plain < valid);
}
