// Formatting shared by the writers (internal).
#pragma once

#include <chibo/engine.hpp>
#include <chibo/report.hpp>

#include <fmt/compile.h>
#include <fmt/format.h>

#include <cmath>
#include <string>

namespace chibo::detail {

/// A phrase in both languages of the outputs.
struct Text {
  const char* vi;
  const char* en;
  const char* operator()(Language l) const { return l == Language::vi ? vi : en; }
};

/// Appends the shortest text that reads back as the same double (whole numbers without ".0");
/// nothing for NaN.
inline void append_number(std::string& out, double v) {
  if (std::isnan(v)) return;
  if (v == std::floor(v) && std::fabs(v) < 1e15) {
    const fmt::format_int digits(static_cast<long long>(v));
    out.append(digits.data(), digits.size());
  } else {
    char text[32];  // the shortest form of a double is at most 24 characters
    out.append(text, fmt::format_to(text, FMT_COMPILE("{}"), v));
  }
}

/// Shortest text that reads back as the same double; "" for NaN.
inline std::string number(double v) {
  std::string s;
  append_number(s, v);
  return s;
}

/// format_date() appended to `out` (nothing for a special date).
void append_date(std::string& out, Date d);

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
