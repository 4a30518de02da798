// A scoring period and its calendar of counted months and quarters.
#pragma once

#include <boost/date_time/gregorian/gregorian_types.hpp>

#include <string>
#include <vector>

namespace chibo {

using Date = boost::gregorian::date;

/// A calendar month, as year * 12 + (month - 1), so that months are consecutive integers.
using MonthKey = int;
constexpr MonthKey month_key(int year, int month) noexcept {
  return year * 12 + month - 1;
}
MonthKey month_key(Date d);
/// A calendar quarter (Jan–Mar, …), as year * 4 + (quarter - 1).
using QuarterKey = int;
constexpr QuarterKey quarter_key(int year, int month) noexcept {
  return year * 4 + (month - 1) / 3;
}
QuarterKey quarter_key(Date d);

/// Parses `YYYY-MM-DD`; nullopt-like not_a_date_time on failure.
Date parse_date(std::string_view text) noexcept;
std::string format_date(Date d);
/// Days since 1970-01-01, as plugins and extension columns hold dates; d must be a real date.
inline std::int64_t days_since_1970(Date d) {
  return static_cast<std::int64_t>(d.day_number()) - 2440588;  // Boost's day number of 1970-01-01
}

/// A closed date range [from, to] (kỳ đánh giá). The default is one calendar year.
struct Period {
  Date from;
  Date to;

  static Period year(int y);
  bool contains(Date d) const noexcept { return !d.is_special() && from <= d && d <= to; }

  /// Calendar months lying wholly inside the period and inside the active range
  /// [established_on, dissolved_on) of a cell; either bound may be not_a_date_time (open).
  std::vector<MonthKey> counted_months(Date established_on = Date(), Date dissolved_on = Date()) const;
  /// Calendar quarters lying wholly inside the period and the active range.
  std::vector<QuarterKey> counted_quarters(Date established_on = Date(), Date dissolved_on = Date()) const;
};

}  // namespace chibo
