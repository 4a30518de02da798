#include <chibo/period.hpp>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <string>

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
/// Whether every byte of `w` under `mask` is an ASCII digit (a byte below '0' borrows from
/// those above it, which then do not count: it is found itself).
constexpr bool digits(std::uint64_t w, std::uint64_t mask) noexcept {
  const std::uint64_t not_digit = (w - 0x3030303030303030ull) | (w + 0x4646464646464646ull) | w;
  return (not_digit & 0x8080808080808080ull & mask) == 0;
}

/// Boost's day number (the Julian day) of a valid date, computed here rather than by Boost's
/// constructor, which checks each part again and may throw.
constexpr std::int32_t julian_day(int y, int m, int d) noexcept {
  const int a = (14 - m) / 12;
  const int yy = y + 4800 - a, mm = m + 12 * a - 3;
  return d + (153 * mm + 2) / 5 + 365 * yy + yy / 4 - yy / 100 + yy / 400 - 32045;
}

// The day numbers of 1 January of the years dates usually fall in: a date's is then a lookup,
// its leap day the difference to the next year's.
constexpr int first_tabled_year = 1900, tabled_years = 255;
constexpr auto year_start = [] {
  std::array<std::int32_t, tabled_years + 1> t{};
  for (int i = 0; i <= tabled_years; ++i)
    t[static_cast<std::size_t>(i)] = julian_day(first_tabled_year + i, 1, 1);
  return t;
}();
}  // namespace

Date parse_date(std::string_view s) noexcept {
  // "YYYY-MM-" and "DD" as two words (a national dataset holds some hundred million dates).
  if (s.size() != 10) return Date();
  std::uint64_t w;
  std::uint16_t day;
  std::memcpy(&w, s.data(), 8);
  std::memcpy(&day, s.data() + 8, 2);
  constexpr std::uint64_t dashes = 0xFF0000FF00000000ull;  // bytes 4 and 7
  if ((w & dashes) != 0x2D00002D00000000ull) return Date();
  w = (w & ~dashes) | (0x3030303030303030ull & dashes);  // the dashes as '0', for the digit test
  if (!digits(w, ~0ull) || !digits(day, 0xFFFF)) return Date();
  // Pairs of digits: byte i becomes 10 × digit i + digit i + 1.
  const std::uint64_t values = w - 0x3030303030303030ull;
  const std::uint64_t pairs = values * 10 + (values >> 8);
  const int hi = static_cast<int>(pairs & 0xFF), lo = static_cast<int>((pairs >> 16) & 0xFF);
  const int m = static_cast<int>((pairs >> 40) & 0xFF);
  const int d = ((day & 0xFF) - '0') * 10 + ((day >> 8) - '0');
  if (m < 1 || m > 12 || d < 1) return Date();
  const int y = hi * 100 + lo;
  if (y < 1400 || y > 9999) return Date();  // boost's calendar range
  static constexpr int before_month[] = {0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365};
  // 1 January's day number and the leap day: from the table, or computed for other years.
  const int year = y - first_tabled_year;
  const bool tabled = year >= 0 && year < tabled_years;
  const std::int32_t start = tabled ? year_start[year] : julian_day(y, 1, 1);
  const int leap = tabled ? year_start[year + 1] - start - 365 : (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (d > before_month[m] - before_month[m - 1] + (m == 2 ? leap : 0)) return Date();
  return Date(static_cast<Date::date_int_type>(start + before_month[m - 1] + (m > 2 ? leap : 0) + d - 1));
}

namespace detail {
char* write_date(char* p, Date d) {
  if (d.is_special()) return p;
  const auto ymd = d.year_month_day();
  // Reports write tens of millions of dates: digits by hand, not through a format string.
  const unsigned y = ymd.year, m = ymd.month, day = ymd.day;
  p[0] = static_cast<char>('0' + y / 1000 % 10);
  p[1] = static_cast<char>('0' + y / 100 % 10);
  p[2] = static_cast<char>('0' + y / 10 % 10);
  p[3] = static_cast<char>('0' + y % 10);
  p[4] = '-';
  p[5] = static_cast<char>('0' + m / 10);
  p[6] = static_cast<char>('0' + m % 10);
  p[7] = '-';
  p[8] = static_cast<char>('0' + day / 10);
  p[9] = static_cast<char>('0' + day % 10);
  return p + 10;
}
}  // namespace detail

std::string format_date(Date d) {
  char text[10];
  return {text, detail::write_date(text, d)};
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
