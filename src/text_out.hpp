// Text the writers share (internal): JSON strings and numbers streamed through a buffer, and CSV
// fields quoted as RFC 4180 asks.
#pragma once

#include "format.hpp"

#include <fmt/format.h>

#include <emmintrin.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
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
  const char* p = s.data();
  std::size_t n = s.size();
  for (; n >= 16; p += 16, n -= 16)
    if (_mm_movemask_epi8(vector(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))))) return true;
  if (n == 0) return false;
  // The last bytes copied into a block of sixteen, for one compare instead of a loop; the
  // bytes past them are masked off.
  alignas(16) char tail[16] = {};
  std::memcpy(tail, p, n);
  const auto hits = static_cast<unsigned>(
      _mm_movemask_epi8(vector(_mm_load_si128(reinterpret_cast<const __m128i*>(tail)))));
  return (hits & ((1u << n) - 1)) != 0;
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

/// JSON text into a buffer: flushed to a stream every 64 KiB, or (without a stream) kept whole,
/// for a worker that renders a block of a report in parallel.
class JsonOut {
 public:
  explicit JsonOut(std::ostream* out) : out_(out) { buf_.reserve(1 << 16); }
  ~JsonOut() { flush(); }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  JsonOut& raw(std::string_view s) {
    buf_.append(s);
    if (out_ && buf_.size() >= (1 << 16)) flush();
    return *this;
  }
  /// Writes a block rendered elsewhere, after what is buffered.
  void block(std::string_view text) {
    flush();
    out_->write(text.data(), static_cast<std::streamsize>(text.size()));
  }
  std::string& text() noexcept { return buf_; }
  JsonOut& str(std::string_view s) {
    buf_.push_back('"');
    // Keys, codes, ids and most names need no escape: copied whole.
    if (!needs_escape(s)) {
      buf_.append(s);
      buf_.push_back('"');
      return raw("");
    }
    for (char c : s) {
      switch (c) {
        case '"':
          buf_ += "\\\"";
          break;
        case '\\':
          buf_ += "\\\\";
          break;
        case '\n':
          buf_ += "\\n";
          break;
        case '\r':
          buf_ += "\\r";
          break;
        case '\t':
          buf_ += "\\t";
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20)
            buf_ += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
          else
            buf_.push_back(c);
      }
    }
    buf_.push_back('"');
    return raw("");
  }
  /// A date as format_date() writes it, quoted.
  JsonOut& date(Date d) {
    buf_.push_back('"');
    append_date(buf_, d);
    buf_.push_back('"');
    return raw("");
  }
  JsonOut& num(double v) {
    if (std::isnan(v)) return raw("null");
    detail::append_number(buf_, v);
    return raw("");
  }
  JsonOut& key(std::string_view k) {
    str(k);
    return raw(":");
  }
  void flush() {
    if (!out_) return;
    out_->write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  std::ostream* out_;
  std::string buf_;
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
