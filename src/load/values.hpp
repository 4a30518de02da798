// Values of fields as text: parsing each value type and the words of the messages about them,
// whatever the source (internal to the loader).
#pragma once

#include <chibo/dataset.hpp>

#include <fmt/format.h>

#include <charconv>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chibo::load {

/// A value as a message quotes it: at most 60 characters, on one line.
inline std::string shown(std::string_view text) {
  constexpr std::size_t shown = 60;
  std::string s(text.substr(0, shown));
  if (text.size() > shown) {
    // Never cut a UTF-8 sequence in half: drop a trailing partial sequence.
    std::size_t start = s.size();
    while (start > 0 && (static_cast<unsigned char>(s[start - 1]) & 0xC0) == 0x80) --start;
    if (start > 0 && static_cast<unsigned char>(s[start - 1]) >= 0xC0) s.resize(start - 1);
  }
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return fmt::format("\"{}{}\"", s, text.size() > shown ? "…" : "");
}

/// "a, b, c": the codes a field may hold.
template <class Codes>
std::string codes_listed(const Codes& codes) {
  std::string s;
  for (const auto& code : codes) {
    if (!s.empty()) s += ", ";
    s += code;
  }
  return s;
}
/// "expected one of a, b, c".
template <class Codes>
std::string one_of(const Codes& codes) {
  return "expected one of " + codes_listed(codes);
}
template <class E>
std::string one_of() {
  return one_of(valid_codes<E>());
}

/// `HH:MM` (24 h) as minutes after midnight.
inline std::optional<ClockTime> parse_clock(std::string_view t) noexcept {
  const auto digit = [&](std::size_t i) { return t[i] >= '0' && t[i] <= '9'; };
  if (t.size() == 5 && t[2] == ':' && digit(0) && digit(1) && digit(3) && digit(4)) {
    const int h = (t[0] - '0') * 10 + (t[1] - '0');
    const int m = (t[3] - '0') * 10 + (t[4] - '0');
    if (h < 24 && m < 60) return static_cast<ClockTime>(h * 60 + m);
  }
  return std::nullopt;
}

/// A whole number from lo to hi, all of the text.
inline std::optional<std::int64_t> parse_integer(std::string_view t, std::int64_t lo,
                                                 std::int64_t hi) noexcept {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

/// A `;`-separated list of codes of E as bits (empty: none).
template <class E>
std::optional<std::uint32_t> parse_code_set(std::string_view list) noexcept {
  std::uint32_t set = 0;
  while (!list.empty()) {
    const auto semi = list.find(';');
    const auto s = from_code<E>(list.substr(0, semi));
    if (!s) return std::nullopt;
    set |= 1u << static_cast<unsigned>(*s);
    list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
  }
  return set;
}

}  // namespace chibo::load
