#include "../src/csv.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <optional>
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

/// Random numbers for the generated texts below: fixed seeds, the same texts every run.
struct Lcg {
  std::uint64_t seed;
  std::uint32_t operator()() {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<std::uint32_t>(seed >> 33);
  }
};
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

TEST_CASE("cuts given the number of fields avoid line breaks inside quoted text", "[csv]") {
  // Every record has a text of three lines: most line breaks lie inside quotes.
  std::string text = "id,text,n\n";
  std::vector<std::size_t> starts;
  for (int r = 0; r < 40; ++r) {
    starts.push_back(text.size());
    text += std::to_string(r);
    text += ",\"first line, with a comma\nsecond\nthird\",7\n";
  }
  const std::size_t begin = starts.front();
  const auto blind = chibo::csv::split(text, begin, text.size(), 8);
  const auto is_start = [&](std::size_t at) {
    return at == text.size() || std::find(starts.begin(), starts.end(), at) != starts.end();
  };
  // Without the fields, some cut falls inside quotes (what the check below would catch).
  CHECK_FALSE(std::all_of(blind.begin(), blind.end(), is_start));
  const auto cuts = chibo::csv::split(text, begin, text.size(), 8, 3);
  CHECK(cuts.size() > 4);
  CHECK(std::all_of(cuts.begin(), cuts.end(), is_start));
}

TEST_CASE("cuts avoid the last line of a quoted text that comes first in its record", "[csv]") {
  // The rest of the text after its line break reads as a row of three fields: its closing
  // quote gives it away.
  std::string text = "text,id,n\r\n";
  std::vector<std::size_t> starts;
  for (int r = 0; r < 40; ++r) {
    starts.push_back(text.size());
    text += "\"first line\r\nsecond line\",";
    text += std::to_string(r);
    text += ",7\r\n";
  }
  const auto is_start = [&](std::size_t at) {
    return at == text.size() || std::find(starts.begin(), starts.end(), at) != starts.end();
  };
  const auto cuts = chibo::csv::split(text, starts.front(), text.size(), 8, 3);
  CHECK(cuts.size() > 4);
  CHECK(std::all_of(cuts.begin(), cuts.end(), is_start));
}

namespace {
/// Every record of `text` as next() or next_plain() reads it: status, offsets and fields.
std::vector<std::string> trace(std::string_view text, bool indexed, std::size_t window) {
  Reader r(text);
  r.set_window(window);
  std::vector<Field> fields;
  std::vector<std::string> out;
  for (int guard = 0; guard < 100000; ++guard) {
    const auto status = indexed ? r.next(fields) : r.next_plain(fields);
    std::string line = std::to_string(static_cast<int>(status)) + "@" + std::to_string(r.position());
    if (status == Reader::Status::end) break;
    if (status == Reader::Status::record) {
      line += " from " + std::to_string(r.record_offset());
      for (const auto& f : fields) line += " [" + std::to_string(f.offset) + "]" + std::string(f.text);
    } else {
      line += " error " + std::to_string(r.error_offset());
    }
    out.push_back(line);
    if (status == Reader::Status::unclosed_quote) break;
  }
  return out;
}
}  // namespace

TEST_CASE("the indexed reader reads what the byte-at-a-time reader reads", "[csv]") {
  // Texts of delimiters, quotes, line breaks of three kinds and letters, over windows small
  // enough that records cross them; a BOM now and then.
  Lcg next{12345};
  const std::vector<std::string> pieces = {"a",    "bc", "ệ",  ",",    ",",       "\n",
                                           "\r\n", "\r", "\"", "\"\"", "12345678"};
  for (int round = 0; round < 4000; ++round) {
    std::string text = round % 7 == 0 ? "\xEF\xBB\xBF" : "";
    const std::size_t length = next() % 300;
    // Mostly plain records, so that the index is used; quotes in some texts only.
    const bool quotes = round % 3 == 0;
    while (text.size() < length) {
      const auto& p = pieces[next() % pieces.size()];
      if (!quotes && p[0] == '"') continue;
      text += p;
    }
    for (const std::size_t window : {64u, 100u, 4096u}) {
      INFO("text: " << text << " window: " << window);
      REQUIRE(trace(text, true, window) == trace(text, false, window));
    }
  }
}

TEST_CASE("the indexed reader reads quoted fields as the byte-at-a-time reader does", "[csv]") {
  // Records of well-formed fields, quoted or not, whose quoted text holds commas, line breaks
  // and now and then an escaped quote, as exports quote text: over windows that cut them.
  Lcg next{777};
  const std::vector<std::string> inside = {"a", "ệ", ",", "\n", "\r\n", " ", "12345678", "\"\""};
  for (int round = 0; round < 3000; ++round) {
    std::string text = round % 5 == 0 ? "\xEF\xBB\xBF" : "";
    const std::size_t records = 1 + next() % 12;
    for (std::size_t r = 0; r < records; ++r) {
      const std::size_t fields = 1 + next() % 5;
      for (std::size_t f = 0; f < fields; ++f) {
        if (f) text += ',';
        const bool quoted = next() % 3 != 0;
        if (quoted) text += '"';
        for (std::size_t n = next() % 6; n > 0; --n) {
          const auto& piece = inside[next() % inside.size()];
          if (!quoted && (piece[0] == ',' || piece[0] == '\n' || piece[0] == '\r' || piece[0] == '"'))
            continue;
          if (piece == "\"\"" && next() % 4 != 0) continue;  // escaped quotes are rare
          text += piece;
        }
        if (quoted) text += '"';
      }
      if (r + 1 < records || next() % 2) text += next() % 2 ? "\r\n" : "\n";
    }
    for (const std::size_t window : {64u, 100u, 4096u}) {
      INFO("text: " << text << " window: " << window);
      REQUIRE(trace(text, true, window) == trace(text, false, window));
    }
  }
}

TEST_CASE("records crossing windows and the end of the data", "[csv]") {
  std::string text;
  Rows expected;
  for (int i = 0; i < 200; ++i) {
    const std::string a(static_cast<std::size_t>(i % 37), 'x'), b = std::to_string(i);
    text += a + "," + b + "," + (i % 5 == 0 ? "\"q,\"\"r\"" : "s") + (i % 2 ? "\r\n" : "\n");
    expected.push_back({a, b, i % 5 == 0 ? "q,\"r" : "s"});
  }
  text += "last,row,";  // no line break: the last field is empty
  expected.push_back({"last", "row", ""});
  Reader r(text);
  r.set_window(64);
  std::vector<Field> fields;
  Rows rows;
  while (r.next(fields) == Reader::Status::record) {
    rows.emplace_back();
    for (auto& f : fields) rows.back().emplace_back(f.text);
  }
  CHECK(rows == expected);
}

TEST_CASE("the delimiter index is the same with and without AVX2", "[csv]") {
  Lcg next{99};
  const std::string alphabet = "ab,\n\r\"\xE1\xBB\x87 ";
  for (int round = 0; round < 2000; ++round) {
    std::string text(next() % 400, ' ');
    for (char& c : text) c = alphabet[next() % alphabet.size()];
    const std::size_t skip = text.empty() ? 0 : next() % std::min<std::size_t>(text.size(), 70);
    const char* p = text.data() + skip;
    const std::size_t bytes = text.size() - skip;
    std::vector<std::uint32_t> expected;
    for (std::size_t i = 0; i < bytes; ++i)
      if (p[i] == ',' || p[i] == '\n' || p[i] == '\r') expected.push_back(static_cast<std::uint32_t>(i));
    for (const bool vector : {false, true}) {
      std::vector<std::uint32_t> out(bytes + 64);
      const auto* end = chibo::csv::index_delimiters(p, bytes, out.data(), vector);
      out.resize(static_cast<std::size_t>(end - out.data()));
      INFO("vector " << vector << " bytes " << bytes);
      REQUIRE(out == expected);
    }
  }
}

namespace {
/// The fields a PlainRecord reads from `text` as a record of `count` fields, or nothing when it
/// leaves the record to the reader.
std::optional<std::vector<std::string>> plain(std::string_view text, std::size_t count) {
  chibo::csv::PlainRecord r(text.data(), text.data() + text.size());
  std::vector<std::string> out;
  for (std::size_t i = 0; i < count; ++i) out.emplace_back(r.field(i + 1 == count));
  if (!r.ok()) return std::nullopt;
  return out;
}
}  // namespace

TEST_CASE("a plain record is read field by field, and anything else is left to the reader", "[csv]") {
  using V = std::vector<std::string>;
  CHECK(plain("H1,M2,present,\nH1", 4) == V{"H1", "M2", "present", ""});
  CHECK(plain("\"x, y\",2\r\n", 2) == V{"x, y", "2"});
  CHECK(plain("\"line1\nline2\",2\r", 2) == V{"line1\nline2", "2"});
  CHECK(plain("a\"b,c\n", 2) == V{"a\"b", "c"});  // a quote inside an unquoted field is text
  CHECK_FALSE(plain("\"a\"\"b\",2\n", 2));        // an escaped quote: the reader unescapes
  CHECK_FALSE(plain("\"a\"b,2\n", 2));            // text after a closing quote
  CHECK_FALSE(plain("\"a\"", 1));                 // no line break after it
  CHECK_FALSE(plain("\"open,2\n", 2));            // no closing quote
  CHECK_FALSE(plain("a,b", 2));                   // the end of the data, not a line break
  CHECK_FALSE(plain("a,b,c\n", 2));               // more fields than expected
  CHECK_FALSE(plain("a,b\n", 3));                 // fewer
  CHECK_FALSE(plain("", 1));
  // field(length, last) looks at `length` first and falls back to searching.
  const std::string text = "T001,2025-01-02\r\nnext";
  chibo::csv::PlainRecord r(text.data(), text.data() + text.size());
  CHECK(r.field(4, false) == "T001");
  CHECK(r.field(4, true) == "2025-01-02");
  REQUIRE(r.ok());
  CHECK(std::string_view(r.next()) == "next");  // \r\n is one line break
  // An empty field is found whatever lies `length` bytes on.
  const std::string empty = ",,,,,\n";
  chibo::csv::PlainRecord e(empty.data(), empty.data() + empty.size());
  CHECK(e.field(1, false).empty());
  CHECK(e.next() == empty.data() + 1);
  const std::string empty_last = "a,\n2025-01-0\n";  // a line break 10 bytes on
  chibo::csv::PlainRecord l(empty_last.data(), empty_last.data() + empty_last.size());
  CHECK(l.field(false) == "a");
  CHECK(l.field(10, true).empty());
  CHECK(l.next() == empty_last.data() + 3);
}

TEST_CASE("a plain field ends at its first comma or line break, wherever it lies", "[csv]") {
  for (std::size_t length = 0; length < 70; ++length) {
    for (const std::string end : {",", "\n", "\r", "\r\n"}) {
      for (const std::string after : {"", "x", "0123456789abcdefghij,\n"}) {
        const std::string text = std::string(length, 'x') + end + after;
        const bool last = end != ",";
        chibo::csv::PlainRecord r(text.data(), text.data() + text.size());
        INFO(length << " bytes, then " << static_cast<int>(end[0]) << ", then " << after.size() << " bytes");
        CHECK(r.field(last).size() == length);
        CHECK(r.ok());
        CHECK(r.next() == text.data() + length + end.size());
      }
    }
    // No delimiter before the end: not a plain record.
    const std::string open(length, 'x');
    chibo::csv::PlainRecord r(open.data(), open.data() + open.size());
    r.field(true);
    CHECK_FALSE(r.ok());
  }
}

TEST_CASE("whatever a plain record takes, the reader reads the same way", "[csv]") {
  // The loader's loop: plain records while they are taken, then one record by the reader.
  Lcg next{777};
  const std::vector<std::string> pieces = {"a",  "bc",   "ệ",  ",",  ",",    ",",
                                           "\n", "\r\n", "\r", "\"", "\"\"", "1234"};
  // Every other round, long fields: a field's end is looked for sixteen bytes at a time.
  const std::vector<std::string> long_pieces = {"abcdefghij", "ệ", "a",  "12345678", "xyz", "bc",
                                                ",",          ",", "\n", "\r\n",     "\""};
  std::size_t taken = 0, left = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text;
    const std::size_t length = next() % 200;
    const auto& from = round % 2 ? long_pieces : pieces;
    while (text.size() < length) text += from[next() % from.size()];
    const std::size_t count = 1 + next() % 4;
    INFO("text: " << text << " fields: " << count);
    Reader reader(text, 0);
    reader.set_window(64);
    std::vector<Field> fields;
    std::size_t pos = 0;
    while (pos < text.size()) {
      if (text[pos] != '\n' && text[pos] != '\r') {
        chibo::csv::PlainRecord r(text.data() + pos, text.data() + text.size());
        std::vector<std::string> got;
        for (std::size_t i = 0; i < count; ++i) got.emplace_back(r.field(i + 1 == count));
        if (r.ok()) {
          ++taken;
          // The reader, from the same place, reads the same record and ends where it ended.
          Reader check(text, pos);
          REQUIRE(check.next(fields) == Reader::Status::record);
          CHECK(check.record_offset() == pos);
          REQUIRE(fields.size() == count);
          for (std::size_t i = 0; i < count; ++i) CHECK(fields[i].text == got[i]);
          CHECK(check.position() == static_cast<std::size_t>(r.next() - text.data()));
          pos = static_cast<std::size_t>(r.next() - text.data());
          continue;
        }
      }
      ++left;
      reader.seek(pos);
      const auto status = reader.next(fields);
      if (status == Reader::Status::end || status == Reader::Status::unclosed_quote) break;
      REQUIRE(reader.position() > pos);
      pos = reader.position();
    }
  }
  CHECK(taken > 1000);  // both paths were exercised
  CHECK(left > 1000);
}
