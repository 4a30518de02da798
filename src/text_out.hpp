// Text the writers share (internal): JSON strings and numbers streamed through a buffer, and CSV
// fields quoted as RFC 4180 asks.
#pragma once

#include "format.hpp"

#include <fmt/format.h>

#include <emmintrin.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <system_error>

namespace chibo::detail {

/// Whether any byte of `s` is one `vector` marks, sixteen at a time: a national report writes
/// some 50 million messages, names and ids, nearly none of which need escaping or quoting, most
/// of them shorter than sixteen bytes.
template <class Vector>
inline bool any_byte(std::string_view s, Vector vector) noexcept {
  const auto lanes = [&](__m128i x) { return _mm_movemask_epi8(vector(x)) != 0; };
  const auto hit = [&](const char* at) {
    return lanes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(at)));
  };
  const char* p = s.data();
  const std::size_t n = s.size();
  if (n >= 16) {
    for (std::size_t at = 0; at + 16 <= n; at += 16)
      if (hit(p + at)) return true;
    return n % 16 != 0 && hit(p + n - 16);  // the last sixteen, overlapping bytes already seen
  }
  // A short string is read in two loads that may overlap, its bytes repeated to fill the
  // sixteen lanes: a block built on the stack would wait for its stores to reach the load.
  std::uint64_t word;
  if (n >= 8) {
    std::uint64_t lo, hi;
    std::memcpy(&lo, p, 8);
    std::memcpy(&hi, p + n - 8, 8);
    return lanes(_mm_set_epi64x(static_cast<long long>(hi), static_cast<long long>(lo)));
  }
  if (n >= 4) {
    std::uint32_t lo, hi;
    std::memcpy(&lo, p, 4);
    std::memcpy(&hi, p + n - 4, 4);
    word = (std::uint64_t{hi} << 32) | lo;
  } else if (n > 0) {
    const auto b = [&](std::size_t i) { return std::uint64_t{static_cast<unsigned char>(p[i])}; };
    word = b(0) | b(n / 2) << 8 | b(n - 1) << 16;
    word |= word << 24;
    word |= word << 48;
  } else {
    return false;
  }
  return lanes(_mm_set1_epi64x(static_cast<long long>(word)));
}

/// Whether a string holds a quote, a backslash or a control character: JSON escapes them.
inline bool needs_escape(std::string_view s) noexcept {
  return any_byte(s, [](__m128i x) {
    const __m128i control = _mm_set1_epi8(0x1F);
    return _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('"')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\\'))),
        _mm_cmpeq_epi8(_mm_max_epu8(x, control), control));  // x ≤ 0x1F
  });
}

/// JSON text in a buffer of its own: flushed to a stream whenever it fills 64 KiB, or (without
/// a stream) kept whole, for a worker that renders a block of a report in parallel. Every write
/// asks for room once and then stores bytes: a national report makes some 300 million calls
/// here, most of them for a few bytes.
class JsonOut {
 public:
  explicit JsonOut(std::ostream* out = nullptr) : out_(out) {
    if (out_) grow(flush_at);
  }
  ~JsonOut() { flush(); }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  JsonOut& raw(std::string_view s) {
    std::memcpy(room(s.size()), s.data(), s.size());
    size_ += s.size();
    return *this;
  }
  /// Text written in the program: its length known when it is built.
  template <std::size_t N>
  JsonOut& raw(const char (&s)[N]) {
    std::memcpy(room(N - 1), s, N - 1);
    size_ += N - 1;
    return *this;
  }
  JsonOut& str(std::string_view s) {
    // Keys, codes, ids and most names need no escape: copied whole.
    if (!needs_escape(s)) {
      char* p = room(s.size() + 2);
      *p = '"';
      std::memcpy(p + 1, s.data(), s.size());
      p[s.size() + 1] = '"';
      size_ += s.size() + 2;
      return *this;
    }
    char* const first = room(s.size() * 6 + 2);  // "\u001f" is the longest escape
    char* p = first;
    *p++ = '"';
    for (const char c : s) {
      switch (c) {
        case '"':
          p = put(p, "\\\"");
          break;
        case '\\':
          p = put(p, "\\\\");
          break;
        case '\n':
          p = put(p, "\\n");
          break;
        case '\r':
          p = put(p, "\\r");
          break;
        case '\t':
          p = put(p, "\\t");
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20) {
            static constexpr char hex[] = "0123456789abcdef";
            p = put(p, "\\u00");
            *p++ = hex[static_cast<unsigned char>(c) >> 4];
            *p++ = hex[static_cast<unsigned char>(c) & 15];
          } else {
            *p++ = c;
          }
      }
    }
    *p++ = '"';
    size_ += static_cast<std::size_t>(p - first);
    return *this;
  }
  /// A date as format_date() writes it, quoted.
  JsonOut& date(Date d) {
    char* const first = room(12);
    char* p = first;
    *p++ = '"';
    p = write_date(p, d);
    *p++ = '"';
    size_ += static_cast<std::size_t>(p - first);
    return *this;
  }
  JsonOut& num(double v) {
    if (std::isnan(v)) return raw("null");
    char* const first = room(max_number_chars);
    size_ += static_cast<std::size_t>(write_number(first, v) - first);
    return *this;
  }
  JsonOut& key(std::string_view k) { return str(k).raw(":"); }
  /// A key written in the program (plain ASCII, nothing to escape), quoted in one copy.
  template <std::size_t N>
  JsonOut& key(const char (&k)[N]) {
    char* p = room(N + 2);
    *p = '"';
    std::memcpy(p + 1, k, N - 1);
    p[N] = '"';
    p[N + 1] = ':';
    size_ += N + 2;
    return *this;
  }

  /// What the buffer holds (not yet flushed).
  std::string_view view() const noexcept { return {data_.get(), size_}; }
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  const char* data() const noexcept { return data_.get(); }
  /// Drops what was written after the first `n` bytes.
  void truncate(std::size_t n) noexcept { size_ = std::min(size_, n); }
  void clear() noexcept { size_ = 0; }

  /// Writes a block rendered elsewhere, after what is buffered.
  void block(std::string_view text) {
    flush();
    out_->write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  void flush() {
    if (!out_ || size_ == 0) return;
    out_->write(data_.get(), static_cast<std::streamsize>(size_));
    size_ = 0;
  }

 private:
  static constexpr std::size_t flush_at = std::size_t{1} << 16;

  /// At least `n` writable bytes at data() + size().
  char* room(std::size_t n) {
    if (capacity_ - size_ < n) [[unlikely]]
      make_room(n);
    return data_.get() + size_;
  }
  [[gnu::noinline]] void make_room(std::size_t n) {
    if (out_) flush();
    if (capacity_ - size_ < n) grow(std::max(size_ + n, capacity_ * 2));
  }
  void grow(std::size_t capacity) {
    auto bigger = std::make_unique_for_overwrite<char[]>(capacity);
    if (size_) std::memcpy(bigger.get(), data_.get(), size_);
    data_ = std::move(bigger);
    capacity_ = capacity;
  }
  template <std::size_t N>
  static char* put(char* p, const char (&s)[N]) noexcept {
    std::memcpy(p, s, N - 1);
    return p + N - 1;
  }

  std::ostream* out_;
  std::unique_ptr<char[]> data_;
  std::size_t size_ = 0, capacity_ = 0;
};

/// A file a writer creates; one that cannot be opened is an error naming it.
inline std::ofstream open_output(const std::filesystem::path& p) {
  std::ofstream out(p, std::ios::binary);
  if (!out) throw std::system_error(errno, std::generic_category(), p.string());
  return out;
}

/// Whether a CSV field holds a comma, a quote or a line break: RFC 4180 quotes it.
inline bool needs_quotes(std::string_view s) noexcept {
  return any_byte(s, [](__m128i x) {
    return _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(',')), _mm_cmpeq_epi8(x, _mm_set1_epi8('"'))),
        _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(x, _mm_set1_epi8('\r'))));
  });
}

/// A CSV field appended to `out`: quoted when it holds a comma, a quote or a line break.
inline void append_csv(std::string& out, std::string_view s) {
  if (!needs_quotes(s)) {
    out.append(s);
    return;
  }
  out.push_back('"');
  for (char c : s) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

/// A CSV field: quoted when it holds a comma, a quote or a line break.
inline std::string csv(std::string_view s) {
  std::string q;
  append_csv(q, s);
  return q;
}

}  // namespace chibo::detail
