#include <chibo/unicode.hpp>

#include <catch2/catch.hpp>

#include <string>

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
