// Formatting shared by the writers (internal).
#pragma once

#include <chibo/engine.hpp>
#include <chibo/report.hpp>

#include <fmt/format.h>

#include <cmath>
#include <string>

namespace chibo::detail {

/// Appends the shortest text that reads back as the same double (whole numbers without ".0");
/// nothing for NaN.
inline void append_number(std::string& out, double v) {
  if (std::isnan(v)) return;
  if (v == std::floor(v) && std::fabs(v) < 1e15)
    fmt::format_to(std::back_inserter(out), "{}", static_cast<long long>(v));
  else
    fmt::format_to(std::back_inserter(out), "{}", v);
}

/// Shortest text that reads back as the same double; "" for NaN.
inline std::string number(double v) {
  std::string s;
  append_number(s, v);
  return s;
}

/// An evidence value as a person reads it.
std::string readable(double value, Unit unit, Language lang);

/// Id of a finding's subjects.
std::string_view cell_id(const Report& r, const Finding& f);

}  // namespace chibo::detail
