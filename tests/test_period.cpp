#include <chibo/period.hpp>

#include <catch2/catch.hpp>

#include <boost/date_time/gregorian/gregorian.hpp>

#include <cstdio>
#include <string>

using namespace chibo;

namespace {
Date d(const char* s) {
  return parse_date(s);
}
}  // namespace

TEST_CASE("dates parse strictly as YYYY-MM-DD", "[period]") {
  CHECK(d("2024-02-29") == Date(2024, 2, 29));
  CHECK(d("2023-02-29").is_special());
  CHECK(d("1900-02-29").is_special());
  CHECK(d("2000-02-29") == Date(2000, 2, 29));
  CHECK(d("2025-13-01").is_special());
  CHECK(d("2025-04-31").is_special());
  CHECK(d("2025-1-01").is_special());
  CHECK(d("31/12/2025").is_special());
  CHECK(d("").is_special());
  CHECK(format_date(Date(2025, 3, 7)) == "2025-03-07");
}

TEST_CASE("a calendar year counts 12 months and 4 quarters", "[period]") {
  const Period p = Period::year(2025);
  const auto months = p.counted_months();
  REQUIRE(months.size() == 12);
  CHECK(months.front() == month_key(2025, 1));
  CHECK(months.back() == month_key(2025, 12));
  CHECK(p.counted_quarters().size() == 4);
}

TEST_CASE("partial months at either end of the period are not counted", "[period]") {
  const Period p{d("2025-01-15"), d("2025-06-30")};
  const auto months = p.counted_months();
  REQUIRE(months.size() == 5);  // February … June
  CHECK(months.front() == month_key(2025, 2));
  // Q1 is cut by the start; Q2 is whole.
  const auto quarters = p.counted_quarters();
  REQUIRE(quarters.size() == 1);
  CHECK(quarters[0] == 2025 * 4 + 1);
  const Period q{d("2025-01-01"), d("2025-06-29")};
  CHECK(q.counted_months().size() == 5);
  CHECK(q.counted_quarters().size() == 1);
}

TEST_CASE("the active range of a cell limits counted months and quarters", "[period]") {
  const Period p = Period::year(2025);
  // Established on the 1st: that month counts. On the 2nd: it does not.
  CHECK(p.counted_months(d("2025-06-01")).size() == 7);
  CHECK(p.counted_months(d("2025-06-02")).size() == 6);
  // Dissolved on 2025-10-01: active until 09-30, so September is whole.
  CHECK(p.counted_months(Date(), d("2025-10-01")).size() == 9);
  CHECK(p.counted_quarters(Date(), d("2025-10-01")).size() == 3);
  CHECK(p.counted_quarters(Date(), d("2025-09-30")).size() == 2);
  CHECK(p.counted_months(d("2026-01-01")).empty());
}

TEST_CASE("leap-year February is whole only up to the 29th", "[period]") {
  CHECK(Period{d("2024-02-01"), d("2024-02-29")}.counted_months().size() == 1);
  CHECK(Period{d("2024-02-01"), d("2024-02-28")}.counted_months().empty());
  CHECK(Period{d("2023-02-01"), d("2023-02-28")}.counted_months().size() == 1);
}

TEST_CASE("a period over two years counts months of both", "[period]") {
  const Period p{d("2024-07-01"), d("2025-06-30")};
  CHECK(p.counted_months().size() == 12);
  CHECK(p.counted_quarters().size() == 4);
  CHECK(p.contains(d("2024-07-01")));
  CHECK(p.contains(d("2025-06-30")));
  CHECK_FALSE(p.contains(d("2025-07-01")));
  CHECK_FALSE(p.contains(Date()));
}

TEST_CASE("every calendar day parses to the date Boost constructs", "[period]") {
  // parse_date computes the day number itself; it must agree with Boost on every valid day of
  // its range and reject every invalid one, leap rules included.
  std::size_t days = 0;
  for (int y = 1400; y <= 9999; y += (y < 1700 || y > 2400) ? 97 : 1) {
    for (int m = 1; m <= 12; ++m) {
      for (int day = 1; day <= 31; ++day) {
        char text[48];  // room for any int, as the compiler checks
        std::snprintf(text, sizeof text, "%04d-%02d-%02d", y, m, day);
        const Date parsed = parse_date(text);
        const bool valid = day <= static_cast<int>(boost::gregorian::gregorian_calendar::end_of_month_day(
                                      static_cast<unsigned short>(y), static_cast<unsigned short>(m)));
        if (!valid) {
          CHECK(parsed.is_special());
          continue;
        }
        ++days;
        if (parsed != Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                           static_cast<unsigned short>(day)))
          FAIL("parse_date(" << text << ") gives " << format_date(parsed));
      }
    }
  }
  CHECK(days > 250'000);
}

TEST_CASE("a date that is not YYYY-MM-DD, or not a day, is rejected", "[period]") {
  // Every text one byte away from a valid date parses exactly when it reads as a valid date.
  const auto reference = [](const std::string& t) -> Date {
    if (t.size() != 10 || t[4] != '-' || t[7] != '-') return Date();
    for (const int i : {0, 1, 2, 3, 5, 6, 8, 9})
      if (t[static_cast<std::size_t>(i)] < '0' || t[static_cast<std::size_t>(i)] > '9') return Date();
    const int y = std::stoi(t.substr(0, 4)), m = std::stoi(t.substr(5, 2)), d = std::stoi(t.substr(8, 2));
    if (y < 1400 || m < 1 || m > 12 || d < 1) return Date();
    if (d > static_cast<int>(boost::gregorian::gregorian_calendar::end_of_month_day(
                static_cast<unsigned short>(y), static_cast<unsigned short>(m))))
      return Date();
    return Date(static_cast<unsigned short>(y), static_cast<unsigned short>(m),
                static_cast<unsigned short>(d));
  };
  const std::string bytes = std::string("0123456789-/: a\x80\xff") + '\0' + '\x2f' + '\x3a';
  std::size_t valid = 0, checked = 0;
  for (const std::string base : {"2025-01-31", "2024-02-29", "1999-12-01", "1400-01-01", "9999-12-31"}) {
    for (std::size_t i = 0; i < base.size(); ++i)
      for (const char c : bytes) {
        std::string t = base;
        t[i] = c;
        const Date expected = reference(t);
        CHECK(parse_date(t) == expected);
        valid += !expected.is_special();
        ++checked;
      }
    CHECK(parse_date(base.substr(0, 9)).is_special());
    CHECK(parse_date(base + "0").is_special());
    CHECK(parse_date(" " + base.substr(1)).is_special());
  }
  CHECK(valid > 50);
  CHECK(checked - valid > 500);
}

TEST_CASE("dates are written as YYYY-MM-DD for every day of Boost's calendar", "[period]") {
  // Every day from 1400 to 2200, then every eleventh to 9999, against Boost's own text; and
  // back through parse_date.
  const Date first(1400, 1, 1), dense_end(2200, 12, 31), last(9999, 12, 31);
  std::size_t checked = 0;
  for (Date d = first; d <= last; d += boost::gregorian::days(d < dense_end ? 1 : 11)) {
    const std::string text = format_date(d);
    if (text != boost::gregorian::to_iso_extended_string(d))
      FAIL("wrote " << text << " for day " << d.day_number());
    if (parse_date(text) != d) FAIL("read " << text << " back as another day");
    ++checked;
  }
  CHECK(checked > 500000);
  CHECK(format_date(last) == "9999-12-31");
  CHECK(format_date(Date()).empty());
}
