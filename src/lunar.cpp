// Tết from astronomy: the mean new moons with the periodic terms of Meeus' "Astronomical
// Algorithms" (as Hồ Ngọc Đức's well-known lunar calendar computes them) and the sun's
// apparent longitude, both at UTC+7. Julian day numbers throughout.
#include <chibo/lunar.hpp>

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace chibo {

namespace {

constexpr double pi = std::numbers::pi;
constexpr double vietnam = 7.0;  // hours east of UTC

long whole(double x) {
  return static_cast<long>(std::floor(x));
}

long julian_day(int year, int month, int day) {
  return static_cast<long>(Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
                                static_cast<unsigned short>(day))
                               .julian_day());
}

Date from_julian_day(long jd) {
  return Date(1970, 1, 1) + boost::gregorian::days(jd - 2440588);
}

/// The moment (Julian day, UT) of the k-th new moon after 1900-01-01.
double new_moon(long k) {
  const double t = static_cast<double>(k) / 1236.85, t2 = t * t, t3 = t2 * t, dr = pi / 180;
  const double kk = static_cast<double>(k);
  double jd = 2415020.75933 + 29.53058868 * kk + 0.0001178 * t2 - 0.000000155 * t3;
  jd += 0.00033 * std::sin((166.56 + 132.87 * t - 0.009173 * t2) * dr);
  const double m = 359.2242 + 29.10535608 * kk - 0.0000333 * t2 - 0.00000347 * t3;     // sun's anomaly
  const double mpr = 306.0253 + 385.81691806 * kk + 0.0107306 * t2 + 0.00001236 * t3;  // moon's anomaly
  const double f = 21.2964 + 390.67050646 * kk - 0.0016528 * t2 - 0.00000239 * t3;     // moon's latitude
  double c = (0.1734 - 0.000393 * t) * std::sin(m * dr) + 0.0021 * std::sin(2 * dr * m);
  c += -0.4068 * std::sin(mpr * dr) + 0.0161 * std::sin(dr * 2 * mpr) - 0.0004 * std::sin(dr * 3 * mpr);
  c += 0.0104 * std::sin(dr * 2 * f) - 0.0051 * std::sin(dr * (m + mpr)) - 0.0074 * std::sin(dr * (m - mpr));
  c += 0.0004 * std::sin(dr * (2 * f + m)) - 0.0004 * std::sin(dr * (2 * f - m)) -
       0.0006 * std::sin(dr * (2 * f + mpr));
  c += 0.0010 * std::sin(dr * (2 * f - mpr)) + 0.0005 * std::sin(dr * (2 * mpr + m));
  const double delta_t = t < -11
                             ? 0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
                             : -0.000278 + 0.000265 * t + 0.000262 * t2;
  return jd + c - delta_t;
}

/// The day (Julian day number, local) of the k-th new moon.
long new_moon_day(long k) {
  return whole(new_moon(k) + 0.5 + vietnam / 24);
}

/// The sun's apparent longitude at the start of a local day, in twelfths of the circle (0–11):
/// which major solar term (trung khí) the day lies in.
int sun_sector(long day) {
  const double t = (static_cast<double>(day) - 0.5 - vietnam / 24 - 2451545.0) / 36525, t2 = t * t,
               dr = pi / 180;
  const double m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
  const double l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
  double dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * std::sin(dr * m);
  dl += (0.019993 - 0.000101 * t) * std::sin(dr * 2 * m) + 0.000290 * std::sin(dr * 3 * m);
  double l = (l0 + dl) * dr;
  l -= 2 * pi * std::floor(l / (2 * pi));
  return static_cast<int>(whole(l / pi * 6));
}

/// The first day of the lunar month holding the winter solstice (month 11) of a year.
long month_eleven(int year) {
  const long k = whole(static_cast<double>(julian_day(year, 12, 31) - 2415021) / 29.530588853);
  const long nm = new_moon_day(k);
  return sun_sector(nm) >= 9 ? new_moon_day(k - 1) : nm;
}

/// In a year of 13 months, the position after month 11 of the leap month: the first month with
/// no major solar term.
int leap_month_offset(long a11) {
  const long k = whole((static_cast<double>(a11) - 2415021.076998695) / 29.530588853 + 0.5);
  int i = 1;
  int arc = sun_sector(new_moon_day(k + i));
  int last = 0;
  do {
    last = arc;
    ++i;
    arc = sun_sector(new_moon_day(k + i));
  } while (arc != last && i < 14);
  return i - 1;
}

}  // namespace

Date lunar_new_year(int year) {
  if (year < 1900 || year > 2199)
    throw std::invalid_argument("lunar_new_year: expected a year from 1900 to 2199; got " +
                                std::to_string(year));
  const long a11 = month_eleven(year - 1), b11 = month_eleven(year);
  const long k = whole(0.5 + (static_cast<double>(a11) - 2415021.076998695) / 29.530588853);
  int offset = 2;  // month 1 is two months after month 11
  // A leap month between month 11 and month 1 (a leap 11 or 12) pushes month 1 a month later.
  if (b11 - a11 > 365 && offset >= leap_month_offset(a11)) ++offset;
  return from_julian_day(new_moon_day(k + offset));
}

Period tet_holiday(int year) {
  const Date tet = lunar_new_year(year);
  // The 23rd of the last month: 22 days after its first, which is the new moon before Tết.
  const long k = whole(0.5 + (static_cast<double>(tet.julian_day()) - 2415021.076998695) / 29.530588853);
  const Date last_month = from_julian_day(new_moon_day(k - 1));
  return Period{last_month + boost::gregorian::days(22), tet + boost::gregorian::days(6)};
}

}  // namespace chibo
