#include <chibo/strings.hpp>

#include "../src/id_index.hpp"

#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

using namespace chibo;

namespace {
StringColumn column(const std::vector<std::string>& ids) {
  StringColumn c;
  for (const auto& id : ids) c.push_back(id);
  return c;
}
}  // namespace

TEST_CASE("ids that number their rows are found by arithmetic", "[strings]") {
  const StringColumn ids = column({"H00000041", "H00000042", "H00000043"});
  IdIndex index;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> dups;
  index.build(ids, &dups);
  CHECK(index.numbered());
  CHECK(dups.empty());
  CHECK(index.find(ids, "H00000041") == 0);
  CHECK(index.find(ids, "H00000043") == 2);
  CHECK(index.find(ids, "H00000040") == IdIndex::npos);  // before the first
  CHECK(index.find(ids, "H00000044") == IdIndex::npos);  // after the last
  CHECK(index.find(ids, "H0000042") == IdIndex::npos);   // other width
  CHECK(index.find(ids, "G00000042") == IdIndex::npos);  // other prefix
  CHECK(index.find(ids, "H0000004x") == IdIndex::npos);
  CHECK(index.find(ids, "") == IdIndex::npos);
  CHECK(index.memory_bytes() == 0);
}

TEST_CASE("other ids are hashed, and repeated ones reported", "[strings]") {
  for (const auto& list : std::vector<std::vector<std::string>>{
           {"M1", "M2", "M4"},         // a gap
           {"M2", "M1", "M3"},         // out of order
           {"M01", "M2", "M03"},       // widths differ
           {"X1", "Y2", "Z3"},         // prefixes differ
           {"cell-a", "cell-b", "c"},  // no numbers
       }) {
    const StringColumn ids = column(list);
    IdIndex index;
    index.build(ids, nullptr);
    CHECK_FALSE(index.numbered());
    for (std::uint32_t r = 0; r < ids.size(); ++r) CHECK(index.find(ids, ids[r]) == r);
    CHECK(index.find(ids, "M9") == IdIndex::npos);
  }
  const StringColumn repeated = column({"M1", "M2", "M2", "M3"});
  IdIndex index;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> dups;
  index.build(repeated, &dups);
  CHECK_FALSE(index.numbered());
  REQUIRE(dups.size() == 1);
  CHECK(dups[0] == std::pair<std::uint32_t, std::uint32_t>{2, 1});
}

TEST_CASE("numbered ids of every width are read digit for digit", "[strings]") {
  // Eight digits or fewer are read eight bytes at a time, longer ones one by one; a prefix of
  // eight bytes or fewer is compared as one word, a longer one byte by byte. Every form must
  // give the same rows, and an id with any byte changed, prefix or digit, must miss.
  for (const std::string prefix : {"", "M", "HN-", "ABCDEFG", "ABCDEFGH", "ABCDEFGHI", "P01.D01.G01.K"}) {
    for (int width = 1; width <= 12; ++width) {
      std::vector<std::string> list;
      const std::uint64_t first = width >= 3 ? 97 : 1;
      for (std::uint64_t v = first; v < first + 3; ++v) {
        std::string digits = std::to_string(v);
        if (static_cast<int>(digits.size()) > width) break;
        list.push_back(prefix + std::string(static_cast<std::size_t>(width) - digits.size(), '0') + digits);
      }
      if (list.empty()) continue;
      const StringColumn ids = column(list);
      IdIndex index;
      index.build(ids, nullptr);
      INFO(list.front());
      REQUIRE(index.numbered());
      for (std::uint32_t r = 0; r < ids.size(); ++r) CHECK(index.find(ids, ids[r]) == r);
      for (std::size_t at = 0; at < list.front().size(); ++at) {
        for (const char bad : {'/', ':', 'a', ' ', '\0', '\x80', '\xB9', '\xFF'}) {
          std::string id = list.front();
          id[at] = bad;
          CHECK(index.find(ids, id) == IdIndex::npos);
        }
      }
      if (!prefix.empty()) {
        std::string other = list.front();
        other[0] = 'Z';
        CHECK(index.find(ids, other) == IdIndex::npos);
      }
    }
  }
}

TEST_CASE("a column holds any mix of lengths, and rows of one length without row ends", "[strings]") {
  // Random columns built row by row and part by part (as the loader joins a table's parts,
  // emptied parts read into again) must read back exactly as the strings given; lengths are
  // mostly one width, so that both forms and every change between them occur.
  std::mt19937_64 rng(11);
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  auto text = [&](std::size_t length) {
    std::string s;
    for (std::size_t i = 0; i < length; ++i) s += static_cast<char>('a' + pick(26));
    return s;
  };
  std::size_t uniform_columns = 0, mixed_columns = 0;
  for (int round = 0; round < 400; ++round) {
    const std::size_t width = pick(4) == 0 ? 0 : 1 + pick(9);
    const std::size_t rows = pick(60);
    std::vector<std::string> expected;
    for (std::size_t r = 0; r < rows; ++r)
      expected.push_back(text(pick(round % 3 == 0 ? 40 : 8) == 0 ? pick(12) : width));

    StringColumn by_row, by_part, part;
    for (const auto& s : expected) by_row.push_back(s);
    if (pick(2) == 0) by_part.reserve(rows, rows * width);
    for (std::size_t r = 0; r < rows;) {
      const std::size_t n = std::min(rows - r, pick(9));
      part.clear();
      for (std::size_t i = 0; i < n; ++i) part.push_back(expected[r + i]);
      by_part.append(part);
      r += n;
    }
    bool one_length = true;
    for (const auto& s : expected) one_length = one_length && s.size() == expected.front().size();
    (one_length ? uniform_columns : mixed_columns) += 1;
    for (const StringColumn* c : {&by_row, &by_part}) {
      REQUIRE(c->size() == rows);
      CHECK(c->empty() == (rows == 0));
      std::size_t bytes = 0;
      for (std::size_t r = 0; r < rows; ++r) {
        CHECK(std::string((*c)[r]) == expected[r]);
        bytes += expected[r].size();
      }
      CHECK(c->bytes() == bytes);
      CHECK(c->uniform() == one_length);
    }
  }
  CHECK(uniform_columns > 50);
  CHECK(mixed_columns > 50);
}

TEST_CASE("a column of empty strings takes no memory", "[strings]") {
  StringColumn blank;
  for (int i = 0; i < 100000; ++i) blank.push_back({});
  CHECK(blank.size() == 100000);
  CHECK(blank[99999].empty());
  CHECK(blank.memory_bytes() < 64);  // the empty string's own buffer at most
  StringColumn joined;
  joined.append(blank);
  joined.push_back("M1");
  CHECK(joined.size() == 100001);
  CHECK(joined[100000] == "M1");
  CHECK(joined[0].empty());
  CHECK_FALSE(joined.uniform());
}

TEST_CASE("same_text tells equal strings from ones that differ in any byte", "[strings]") {
  // Short strings are compared as overlapping words, longer ones a word at a time and then by
  // their last eight bytes: a difference at any position, of any length, must be seen.
  for (std::size_t n = 0; n < 40; ++n) {
    std::string a;
    for (std::size_t i = 0; i < n; ++i) a += static_cast<char>('a' + (i * 7) % 26);
    const std::string b = a;  // another buffer
    CHECK(same_text(a, b));
    for (std::size_t at = 0; at < n; ++at) {
      for (const char c : {'\0', 'Z', '\xFF'}) {
        std::string d = a;
        d[at] = c;
        CHECK_FALSE(same_text(a, d));
        CHECK_FALSE(same_text(d, a));
      }
    }
    CHECK_FALSE(same_text(a, a + "x"));
    CHECK(same_text(std::string_view(a.data(), n), std::string_view(b.data(), n)));
  }
}
