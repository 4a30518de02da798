#include <chibo/lunar.hpp>

#include <catch2/catch.hpp>

using namespace chibo;

TEST_CASE("Tết falls on the dates Vietnam published", "[lunar]") {
  // Vietnam's calendar (UTC+7); 1985 and 2007 differ from China's (UTC+8): 20 Feb 1985, 18 Feb 2007.
  const std::pair<int, const char*> published[] = {
      {1985, "1985-01-21"}, {2000, "2000-02-05"}, {2007, "2007-02-17"},
      {2010, "2010-02-14"}, {2015, "2015-02-19"}, {2016, "2016-02-08"},
      {2017, "2017-01-28"}, {2018, "2018-02-16"}, {2019, "2019-02-05"},
      {2020, "2020-01-25"}, {2021, "2021-02-12"}, {2022, "2022-02-01"},
      {2023, "2023-01-22"}, {2024, "2024-02-10"}, {2025, "2025-01-29"},
      {2026, "2026-02-17"}, {2027, "2027-02-06"}, {2028, "2028-01-26"},
      {2033, "2033-01-31"}, {2034, "2034-02-19"}};  // 2034 follows the leap eleventh month of 2033
  for (const auto& [year, day] : published) {
    INFO(year);
    CHECK(format_date(lunar_new_year(year)) == day);
  }
}

TEST_CASE("Tết is a new moon between 21 January and 20 February", "[lunar]") {
  for (int year = 1900; year <= 2199; ++year) {
    INFO(year);
    const Date tet = lunar_new_year(year);
    CHECK(tet.year() == year);
    CHECK(tet >= Date(static_cast<unsigned short>(year), 1, 21));
    CHECK(tet <= Date(static_cast<unsigned short>(year), 2, 20));
    if (year > 1900) {
      // Twelve or thirteen lunar months after the last: 354 or 355, or 383 to 385 days.
      const auto days = (tet - lunar_new_year(year - 1)).days();
      CHECK(((days >= 353 && days <= 355) || (days >= 383 && days <= 385)));
    }
  }
  CHECK_THROWS_AS(lunar_new_year(1899), std::invalid_argument);
  CHECK_THROWS_AS(lunar_new_year(2200), std::invalid_argument);
}

TEST_CASE("the Tết holiday runs from the 23rd of the last month to the 7th of the new year", "[lunar]") {
  // Ông Công ông Táo: 22 January 2025 and 10 February 2026.
  CHECK(format_date(tet_holiday(2025).from) == "2025-01-22");
  CHECK(format_date(tet_holiday(2025).to) == "2025-02-04");
  CHECK(format_date(tet_holiday(2026).from) == "2026-02-10");
  CHECK(format_date(tet_holiday(2026).to) == "2026-02-23");
}
