// The writers' text helpers against plain references: which strings JSON escapes, which CSV
// fields are quoted, and how a ratio reads in a message.
#include "../src/format.hpp"
#include "../src/text_out.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

using namespace chibo;

namespace {

std::string reference_csv(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (const char c : s) {
    if (c == '"') q += '"';
    q += c;
  }
  return q + '"';
}

// What messages wrote before percentages were written digit by digit.
std::string reference_percent(double ratio, Language lang) {
  const double pct = std::round(ratio * 1000) / 10;
  std::string s = fmt::format("{:.{}f}", pct, pct == std::floor(pct) ? 0 : 1);
  if (lang == Language::vi)
    for (char& c : s)
      if (c == '.') c = ',';
  return s + "%";
}

}  // namespace

TEST_CASE("a CSV field is quoted when, and only when, it holds a comma, a quote or a line break",
          "[writers]") {
  std::mt19937 random(7);
  const std::string alphabet = "ab ,\"\n\r\xc3\xa1\x1f";
  for (int n = 0; n < 4000; ++n) {
    // Lengths around the 16-byte steps of the scan, the special byte anywhere in them.
    const std::size_t size = random() % 48;
    std::string s(size, 'x');
    if (size > 0 && random() % 2) s[random() % size] = alphabet[random() % alphabet.size()];
    std::string out = "prefix";
    detail::append_csv(out, s);
    REQUIRE(out == "prefix" + reference_csv(s));
  }
  CHECK(detail::csv("Nguyễn, Văn A") == "\"Nguyễn, Văn A\"");
  CHECK(detail::csv("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(detail::csv("tổ 3") == "tổ 3");
}

TEST_CASE("a ratio in a message is a percentage with at most one decimal, in the language's notation",
          "[writers]") {
  std::vector<double> ratios = {0,      -0.0, 0.125, 0.1255,   0.0005, -0.0005,    1,    2.5,
                                -0.375, 1e-9, -1e-9, 123.4567, 0.9995, 0.33333333, 1e11, -7e10};
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> any(-3, 3);
  for (int n = 0; n < 20000; ++n) ratios.push_back(any(random));
  for (int k = -2000; k <= 2000; ++k) ratios.push_back(k / 1000.0);  // every tenth of a percent
  ratios.push_back(INFINITY);
  ratios.push_back(-INFINITY);
  for (const double r : ratios)
    for (const Language lang : {Language::vi, Language::en}) {
      std::string out;
      detail::append_readable(out, r, Unit::ratio, lang);
      INFO(r);
      REQUIRE(out == reference_percent(r, lang));
    }
  std::string vi;
  detail::append_readable(vi, 0.125, Unit::ratio, Language::vi);
  CHECK(vi == "12,5%");
  std::string en;
  detail::append_readable(en, 0.4, Unit::ratio, Language::en);
  CHECK(en == "40%");
}

TEST_CASE("escaping and quoting find the byte that needs them anywhere, and none past the string",
          "[writers]") {
  // Strings placed at every offset around a page boundary, of every length around the sixteen
  // bytes a step reads, with a special byte anywhere in them or just past them.
  constexpr std::size_t page = 4096;
  char* const buffer = static_cast<char*>(std::aligned_alloc(page, 2 * page));
  REQUIRE(buffer != nullptr);
  std::mt19937 random(5);
  const std::string specials = ",\"\n\r\\\x01\x1f";
  for (std::size_t size = 0; size <= 40; ++size)
    for (std::size_t end = page - 20; end <= page + 20; ++end) {
      if (end < size) continue;
      char* const p = buffer + end - size;
      std::fill(buffer, buffer + 2 * page, 'a');
      const bool marked = size > 0 && random() % 2;
      if (marked) p[random() % size] = specials[random() % specials.size()];
      const std::string_view s(p, size);
      const bool escape = s.find_first_of(std::string_view("\"\\\x01\x1f\n\r", 6)) != std::string_view::npos;
      const bool quote = s.find_first_of(",\"\n\r") != std::string_view::npos;
      INFO("size " << size << ", ending at " << end);
      REQUIRE(detail::needs_escape(s) == escape);
      REQUIRE(detail::needs_quotes(s) == quote);
      // A special byte just past the string is not part of it.
      if (end < 2 * page) {
        buffer[end] = '"';
        REQUIRE(detail::needs_escape(s) == escape);
        REQUIRE(detail::needs_quotes(s) == quote);
      }
    }
  std::free(buffer);
}

namespace {

// JSON's escapes as RFC 8259 writes them, control characters as \u00xx.
std::string reference_json(std::string_view s) {
  std::string q = "\"";
  for (const char c : s) {
    if (c == '"')
      q += "\\\"";
    else if (c == '\\')
      q += "\\\\";
    else if (c == '\n')
      q += "\\n";
    else if (c == '\r')
      q += "\\r";
    else if (c == '\t')
      q += "\\t";
    else if (static_cast<unsigned char>(c) < 0x20)
      q += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
    else
      q += c;
  }
  return q + '"';
}

}  // namespace

TEST_CASE("the JSON writer escapes strings as RFC 8259 asks and streams the same bytes it keeps",
          "[writers]") {
  std::mt19937 random(11);
  // The control characters with a NUL among them, which JSON writes as \u0000.
  const std::string alphabet = std::string("ab\"\\\n\r\t\x01\x1f\x7f,:\0", 13) + "ắ€";
  auto random_text = [&](std::size_t max) {
    std::string s(random() % (max + 1), ' ');
    for (char& c : s) c = alphabet[random() % alphabet.size()];
    return s;
  };
  for (int i = 0; i < 20000; ++i) {
    const std::string s = random_text(40);
    detail::JsonOut kept;
    kept.str(s);
    REQUIRE(kept.view() == reference_json(s));
  }

  // The same calls into a stream (flushed every 64 KiB) and into a buffer kept whole, with
  // strings longer than the stream's buffer among them.
  std::ostringstream streamed;
  std::string expected;
  {
    detail::JsonOut out(&streamed);
    detail::JsonOut kept;
    for (int i = 0; i < 30000; ++i) {
      const std::string s = random_text(i % 1000 == 0 ? 200000 : 30);
      const double v =
          std::ldexp(static_cast<double>(random() % 100000), static_cast<int>(random() % 40) - 30);
      const Date d = Date(2020, 1, 1) + boost::gregorian::days(static_cast<long>(random() % 3000));
      for (detail::JsonOut* w : {&out, &kept}) {
        w->raw("{").key("text").str(s).raw(",").key(s).num(v).raw(",").key("date").date(d);
        w->raw(",").key("nan").num(std::nan("")).raw("}\n");
      }
      expected += "{\"text\":" + reference_json(s) + "," + reference_json(s) + ":" + fmt::format("{}", v) +
                  ",\"date\":\"" + format_date(d) + "\",\"nan\":null}\n";
    }
    REQUIRE(kept.view() == expected);
    kept.truncate(3);
    REQUIRE(kept.view() == "{\"t");
  }
  REQUIRE(streamed.str() == expected);
}

TEST_CASE("numbers are written as fmt writes them: shortest, fixed between 1e-4 and 1e16", "[writers]") {
  std::mt19937_64 random(3);
  std::vector<double> values = {0.0001,
                                0.00009999999999999999,
                                1e-5,
                                0.1,
                                0.5,
                                1.5,
                                1e15,
                                1e16,
                                9999999999999998.0,
                                123456789012345.6,
                                1e300,
                                5e-324,
                                std::numeric_limits<double>::infinity(),
                                -0.0,
                                2.0 / 3,
                                78.2716049382716};
  for (int i = -30; i <= 30; ++i) values.push_back(i);
  for (int i = 0; i < 200000; ++i) {
    values.push_back(
        static_cast<double>(static_cast<long long>(random() % 2000000000000000) - 1000000000000000));
    const double mantissa = std::uniform_real_distribution<double>(-10, 10)(random);
    values.push_back(mantissa * std::pow(10.0, static_cast<int>(random() % 26) - 8));
    values.push_back(static_cast<double>(random() % 1000) / static_cast<double>(1 + random() % 999));
  }
  for (const double v : values) {
    const std::string written = detail::number(v);
    // fmt writes whole numbers below 1e15 the same, but for the sign of zero.
    const std::string expected = v == 0 ? "0" : fmt::format("{}", v);
    INFO(fmt::format("{:a}", v));
    REQUIRE(written == expected);
    REQUIRE(std::strtod(written.c_str(), nullptr) == v);
  }
}
