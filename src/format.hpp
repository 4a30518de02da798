// Formatting shared by the writers (internal).
#pragma once

#include <chibo/engine.hpp>
#include <chibo/report.hpp>

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>
#include <cstring>
#include <string>

namespace chibo::detail {

/// A phrase in both languages of the outputs.
struct Text {
  const char* vi;
  const char* en;
  const char* operator()(Language l) const { return l == Language::vi ? vi : en; }
};

/// The most characters write_number() writes: the shortest form of a double is at most 24.
inline constexpr std::size_t max_number_chars = 32;

/// Writes the shortest text that reads back as the same double (whole numbers without ".0") at
/// `p` and returns its end; nothing for NaN. The same text as fmt's "{}".
inline char* write_number(char* p, double v) {
  if (std::isnan(v)) return p;
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    if (v >= 0 && v < 10) {  // rule scores 0 and 1, counts: most numbers of a report
      *p = static_cast<char>('0' + static_cast<int>(v));
      return p + 1;
    }
    return fmt::format_to(p, FMT_COMPILE("{}"), static_cast<long long>(v));
  }
  // Scores and rates (0.6888888888888889) are written by hand from fmt's shortest digits in
  // the range where fmt writes them without an exponent: its general formatting cost more than
  // finding the digits.
  if (std::isfinite(v)) {
    const auto decimal = fmt::detail::dragonbox::to_decimal(std::fabs(v));
    const fmt::format_int text(decimal.significand);
    const int n = static_cast<int>(text.size());
    const int point = n + decimal.exponent;  // digits before the decimal point
    if (point - 1 >= -4 && point - 1 < 16) {
      const char* digits = text.data();
      if (v < 0) *p++ = '-';
      if (point <= 0) {
        *p++ = '0';
        *p++ = '.';
        for (int k = point; k < 0; ++k) *p++ = '0';
        std::memcpy(p, digits, static_cast<std::size_t>(n));
        return p + n;
      }
      if (point >= n) {
        std::memcpy(p, digits, static_cast<std::size_t>(n));
        p += n;
        for (int k = n; k < point; ++k) *p++ = '0';
        return p;
      }
      std::memcpy(p, digits, static_cast<std::size_t>(point));
      p += point;
      *p++ = '.';
      std::memcpy(p, digits + point, static_cast<std::size_t>(n - point));
      return p + (n - point);
    }
  }
  return fmt::format_to(p, FMT_COMPILE("{}"), v);
}

/// write_number() appended to `out`.
inline void append_number(std::string& out, double v) {
  char text[max_number_chars];
  out.append(text, write_number(text, v));
}

/// Shortest text that reads back as the same double; "" for NaN.
inline std::string number(double v) {
  std::string s;
  append_number(s, v);
  return s;
}

/// format_date() written at `p` (ten characters, none for a special date); returns the end.
char* write_date(char* p, Date d);
/// format_date() appended to `out` (nothing for a special date).
inline void append_date(std::string& out, Date d) {
  char text[10];
  out.append(text, write_date(text, d));
}

/// A number with `digits` decimals: a decimal comma in Vietnamese.
std::string decimal(double value, int digits, Language lang);
/// A score with one decimal, "—" for N/A.
std::string score_text(double value, Language lang);
/// A change with one decimal and its sign as shown (+1,2, −0,3, ±0,0 for what rounds to zero),
/// "—" for N/A.
std::string change_text(double value, Language lang);
/// A meeting-quality rating as the language names it; "—" for none.
const char* rating_name(std::optional<Rating> r, Language lang);
/// A whole number with thousands grouped: 88.700 in Vietnamese, 88,700 in English.
std::string count(std::uint64_t n, Language lang);
/// A date as the language writes it: dd/mm/yyyy in Vietnamese, ISO in English.
std::string local_date(Date d, Language lang);

/// An evidence value as a person reads it, appended to `out`.
void append_readable(std::string& out, double value, Unit unit, Language lang);

/// render_message() appended to `out`: the writers render into one buffer, not a string each.
void append_message(std::string& out, const Dataset& ds, const Policy& policy, const Finding& finding,
                    Language lang);

/// Id of a finding's subjects.
std::string_view cell_id(const Report& r, const Finding& f);

}  // namespace chibo::detail
