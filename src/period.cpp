#include <chibo/period.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace chibo {

MonthKey month_key(Date d) {
  const auto ymd = d.year_month_day();
  return month_key(ymd.year, ymd.month);
}

QuarterKey quarter_key(Date d) {
  const auto ymd = d.year_month_day();
  return quarter_key(ymd.year, ymd.month);
}

namespace {
int two_digits(const char* p) noexcept {
  if (p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9') return -1;
  return (p[0] - '0') * 10 + (p[1] - '0');
}
}  // namespace

Date parse_date(std::string_view s) noexcept {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return Date();
  const int hi = two_digits(s.data()), lo = two_digits(s.data() + 2);
  const int m = two_digits(s.data() + 5), d = two_digits(s.data() + 8);
  if (hi < 0 || lo < 0 || m < 1 || m > 12 || d < 1) return Date();
  const int y = hi * 100 + lo;
  if (y < 1400 || y > 9999) return Date();  // boost's calendar range
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > days[m - 1] + (m == 2 && leap ? 1 : 0)) return Date();
  // Every value was checked above, so the day number is computed here (Boost's formula for
  // the Julian day) instead of by Boost's constructor, which checks each part again and may
  // throw: a national dataset holds some hundred million dates.
  const int a = (14 - m) / 12;
  const int yy = y + 4800 - a, mm = m + 12 * a - 3;
  const auto day_number = static_cast<Date::date_int_type>(d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 -
                                                           yy / 100 + yy / 400 - 32045);
  return Date(day_number);
}

std::string format_date(Date d) {
  if (d.is_special()) return {};
  const auto ymd = d.year_month_day();
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(ymd.year), static_cast<int>(ymd.month),
                     static_cast<int>(ymd.day));
}

Period Period::year(int y) {
  const auto year = static_cast<unsigned short>(y);
  return {Date(year, 1, 1), Date(year, 12, 31)};
}

namespace {
// The first and last day of the intersection of the period and the active range
// [established_on, dissolved_on); returns false when it is empty.
bool active_span(const Period& p, Date established_on, Date dissolved_on, Date& first, Date& last) {
  first = p.from;
  last = p.to;
  if (!established_on.is_special()) first = std::max(first, established_on);
  if (!dissolved_on.is_special()) last = std::min(last, dissolved_on - boost::gregorian::days(1));
  return first <= last;
}
}  // namespace

std::vector<MonthKey> Period::counted_months(Date established_on, Date dissolved_on) const {
  std::vector<MonthKey> months;
  Date first, last;
  if (from.is_special() || to.is_special() || !active_span(*this, established_on, dissolved_on, first, last))
    return months;
  for (MonthKey k = month_key(first); k <= month_key(last); ++k) {
    const Date month_first(static_cast<unsigned short>(k / 12), static_cast<unsigned short>(k % 12 + 1), 1);
    const Date month_last = month_first.end_of_month();
    if (first <= month_first && month_last <= last) months.push_back(k);
  }
  return months;
}

std::vector<QuarterKey> Period::counted_quarters(Date established_on, Date dissolved_on) const {
  std::vector<QuarterKey> quarters;
  Date first, last;
  if (from.is_special() || to.is_special() || !active_span(*this, established_on, dissolved_on, first, last))
    return quarters;
  for (QuarterKey k = quarter_key(first); k <= quarter_key(last); ++k) {
    const auto year = static_cast<unsigned short>(k / 4);
    const auto first_month = static_cast<unsigned short>((k % 4) * 3 + 1);
    const Date q_first(year, first_month, 1);
    const Date q_last = Date(year, static_cast<unsigned short>(first_month + 2), 1).end_of_month();
    if (first <= q_first && q_last <= last) quarters.push_back(k);
  }
  return quarters;
}

}  // namespace chibo
