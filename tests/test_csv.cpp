#include "../src/csv.hpp"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using chibo::csv::Field;
using chibo::csv::Reader;

namespace {
std::vector<std::vector<std::string>> read_all(std::string_view text) {
  Reader r(text);
  std::vector<Field> fields;
  std::vector<std::vector<std::string>> rows;
  while (r.next(fields) == Reader::Status::record) {
    rows.emplace_back();
    for (auto& f : fields) rows.back().emplace_back(f.text);
  }
  return rows;
}
using Rows = std::vector<std::vector<std::string>>;
}  // namespace

TEST_CASE("plain records, CRLF, a BOM and blank lines", "[csv]") {
  CHECK(read_all("a,b\n1,2\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(read_all("\xEF\xBB\xBF"
                 "a,b\r\n1,2\r\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(read_all("a,b\n\n1,2") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(read_all("a,,\n") == Rows{{"a", "", ""}});
  CHECK(read_all("a,b,") == Rows{{"a", "b", ""}});
}

TEST_CASE("quoted fields hold commas, newlines and doubled quotes", "[csv]") {
  CHECK(read_all("\"x, y\",2\n") == Rows{{"x, y", "2"}});
  CHECK(read_all("\"line1\nline2\",2\n") == Rows{{"line1\nline2", "2"}});
  CHECK(read_all("\"say \"\"hi\"\"\",\"a\"\"\"\n") == Rows{{"say \"hi\"", "a\""}});
  CHECK(read_all("\"\",x\n") == Rows{{"", "x"}});
}

TEST_CASE("broken quoting is reported where it starts", "[csv]") {
  {
    const std::string text = "a,b\n1,\"open\n";
    Reader r(text);
    std::vector<Field> f;
    REQUIRE(r.next(f) == Reader::Status::record);
    CHECK(r.next(f) == Reader::Status::unclosed_quote);
    CHECK(r.error_offset() == 6);
  }
  {
    const std::string text = "\"a\"b,c\nd,e\n";
    Reader r(text);
    std::vector<Field> f;
    CHECK(r.next(f) == Reader::Status::text_after_quote);
    CHECK(r.error_offset() == 3);
    REQUIRE(r.next(f) == Reader::Status::record);  // recovers on the next line
    CHECK(f[0].text == "d");
  }
}

TEST_CASE("byte offsets become lines and character columns", "[csv]") {
  const std::string text = "id,tên\nx,\"Đỗ\nHà\",z\n";
  const auto at = chibo::csv::locate(text, {0, 3, 8, 10, 22});
  CHECK(at[0] == std::pair<std::size_t, std::size_t>{1, 1});
  CHECK(at[1] == std::pair<std::size_t, std::size_t>{1, 4});
  CHECK(at[2] == std::pair<std::size_t, std::size_t>{2, 1});
  CHECK(at[3] == std::pair<std::size_t, std::size_t>{2, 3});
  // "z" on line 3 after `Hà",`: H, à (2 bytes), ", comma → column 5.
  CHECK(at[4] == std::pair<std::size_t, std::size_t>{3, 5});
}

TEST_CASE("fields of every length split at the right byte, ASCII or not", "[csv]") {
  // The splitter reads eight bytes at a time: fields of 0 to 19 bytes put the delimiters at
  // every position of a word, with and without Vietnamese letters.
  for (const std::string letter : {"x", "ệ"}) {
    Rows expected;
    std::string text;
    for (int len = 0; len < 20; ++len) {
      std::string a, b;
      for (int k = 0; k < len; ++k) a += k % 3 == 0 ? letter : "y";
      for (int k = 0; k < 19 - len; ++k) b += "z";
      expected.push_back({a, b, "1"});
      text += a + "," + b + ",1" + (len % 2 ? "\r\n" : "\n");
    }
    CHECK(read_all(text) == expected);
  }
}

TEST_CASE("cuts fall just after line breaks", "[csv]") {
  const std::string text = "h\naaaa\nbbbb\ncccc\ndddd\n";
  const auto bounds = chibo::csv::split(text, 2, text.size(), 3);
  REQUIRE(bounds.size() == 4);
  CHECK(bounds.front() == 2);
  CHECK(bounds.back() == text.size());
  for (std::size_t k = 1; k + 1 < bounds.size(); ++k) CHECK(text[bounds[k] - 1] == '\n');
  CHECK(chibo::csv::split(text, 2, text.size(), 1) == std::vector<std::size_t>{2, text.size()});
}
