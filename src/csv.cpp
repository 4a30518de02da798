#include "csv.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#if defined(__x86_64__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <cstdint>
#include <cstring>

namespace chibo::csv {

namespace {

/// Bit k of `stops` is set when byte k of the 64 at p is a comma or a line break.
std::uint64_t block_stops(const char* p) noexcept {
  std::uint64_t stops = 0;
#if defined(__SSE2__)
  const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i hit =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, comma), _mm_cmpeq_epi8(v, lf)), _mm_cmpeq_epi8(v, cr));
    stops |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm_movemask_epi8(hit))) << (16 * k);
  }
#else
  for (int k = 0; k < 64; ++k) {
    const char c = p[k];
    if (c == ',' || c == '\n' || c == '\r') stops |= 1ull << k;
  }
#endif
  return stops;
}

/// Writes the offsets (from `base`) of the delimiters of one block's mask; `count` is how many.
/// Eight are written whether or not there are eight: no branch per delimiter.
[[gnu::always_inline]] inline std::uint32_t* put_stops(std::uint64_t m, std::size_t count, std::uint32_t base,
                                                       std::uint32_t* out) noexcept {
  for (std::size_t written = 0; written < count; written += 8) {
    for (int k = 0; k < 8; ++k) {
      out[k] = base + static_cast<std::uint32_t>(__builtin_ctzll(m | (1ull << 63)));
      m &= m - 1;
    }
    out += std::min<std::size_t>(8, count - written);
  }
  return out;
}

/// The offsets of every delimiter of `bytes` bytes at p; `out` has room for one a byte and 64 more.
std::uint32_t* index_stops_plain(const char* p, std::size_t bytes, std::uint32_t* out) noexcept {
  for (std::size_t b = 0; b < bytes; b += 64) {
    std::uint64_t m;
    if (b + 64 <= bytes) {
      m = block_stops(p + b);
    } else {
      char tail[64] = {};  // zeros are not delimiters
      std::memcpy(tail, p + b, bytes - b);
      m = block_stops(tail);
    }
    out = put_stops(m, static_cast<std::size_t>(__builtin_popcountll(m)), static_cast<std::uint32_t>(b), out);
  }
  return out;
}

#if defined(__x86_64__)
/// block_stops with 32-byte compares.
[[gnu::target("avx2")]] std::uint64_t block_stops_avx2(const char* p) noexcept {
  const __m256i comma = _mm256_set1_epi8(','), lf = _mm256_set1_epi8('\n'), cr = _mm256_set1_epi8('\r');
  std::uint64_t stops = 0;
  for (int k = 0; k < 2; ++k) {
    const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 32 * k));
    const __m256i hit = _mm256_or_si256(
        _mm256_or_si256(_mm256_cmpeq_epi8(v, comma), _mm256_cmpeq_epi8(v, lf)), _mm256_cmpeq_epi8(v, cr));
    stops |= static_cast<std::uint64_t>(static_cast<std::uint32_t>(_mm256_movemask_epi8(hit))) << (32 * k);
  }
  return stops;
}

/// As index_stops_plain with 32-byte compares and the popcnt instruction, on processors that
/// have them (checked at run time: the build targets plain x86-64, as Debian's does).
[[gnu::target("avx2,popcnt")]] std::uint32_t* index_stops_avx2(const char* p, std::size_t bytes,
                                                               std::uint32_t* out) noexcept {
  for (std::size_t b = 0; b < bytes; b += 64) {
    std::uint64_t m;
    if (b + 64 <= bytes) {
      m = block_stops_avx2(p + b);
    } else {
      char tail[64] = {};  // zeros are not delimiters
      std::memcpy(tail, p + b, bytes - b);
      m = block_stops_avx2(tail);
    }
    out = put_stops(m, static_cast<std::size_t>(_mm_popcnt_u64(m)), static_cast<std::uint32_t>(b), out);
  }
  return out;
}
#endif

}  // namespace

std::uint32_t* index_delimiters(const char* p, std::size_t bytes, std::uint32_t* out, bool vector) noexcept {
#if defined(__x86_64__)
  static const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("popcnt");
  if (avx2 && vector) return index_stops_avx2(p, bytes, out);
#endif
  return index_stops_plain(p, bytes, out);
}

void Reader::load_block(std::size_t at) noexcept {
  block_ = at;
  if (at + 64 <= data_.size()) {
    block_stops_ = block_stops(data_.data() + at);
  } else {
    char tail[64] = {};  // zeros are not delimiters
    std::memcpy(tail, data_.data() + at, data_.size() - at);
    block_stops_ = block_stops(tail);
  }
}

std::size_t Reader::field_end(std::size_t i) noexcept {
  const std::size_t n = data_.size();
  while (i < n) {
    if (i < block_ || i >= block_ + 64) load_block(i);
    const std::uint64_t stops = block_stops_ >> static_cast<unsigned>(i - block_);
    if (stops) return i + static_cast<unsigned>(__builtin_ctzll(stops));
    i = block_ + 64;
  }
  return n;
}

void Reader::index_window(std::size_t at) {
  const std::size_t n = data_.size();
  window_begin_ = at;
  window_end_ = std::min(n, at + window_bytes_);
  const std::size_t bytes = window_end_ - at;
  // At most one delimiter a byte, slack for the unconditional stores below, and the sentinel;
  // allocated once per reader and never cleared, and no larger than the data.
  const std::size_t room = std::min(window_bytes_, n) + 64 + 1;
  if (stops_room_ < room) {
    stops_ = std::make_unique_for_overwrite<std::uint32_t[]>(room);
    stops_room_ = room;
  }
  std::uint32_t* const out = index_delimiters(data_.data() + at, bytes, stops_.get());
  *out = UINT32_MAX;  // the sentinel: the window ends before the next delimiter
  next_stop_ = 0;
}

Reader::Status Reader::next(std::vector<Field>& fields) {
  const char* const base = data_.data();
  const std::size_t n = data_.size();
  std::size_t pos = pos_;
  while (pos < n && (base[pos] == '\n' || base[pos] == '\r')) ++pos;  // empty lines
  if (pos >= n) {
    pos_ = pos;
    return Status::end;
  }
  if (pos >= window_end_ || pos < window_begin_) index_window(pos);
  const std::uint32_t* const stops = stops_.get();
  std::size_t k = next_stop_;
  const auto rel = static_cast<std::uint32_t>(pos - window_begin_);
  while (stops[k] < rel) ++k;  // the sentinel ends this
  fields.clear();
  std::size_t start = pos;
  while (true) {
    std::size_t end;  // the delimiter after the field
    if (base[start] == '"') {
      // A quoted field closed within the window and followed by a delimiter: its text is what
      // lies between the quotes, and the delimiters inside them are passed over. "" inside,
      // stray text after the quote or a field running past the window: next_plain().
      if (start + 1 >= window_end_) break;
      const void* q = std::memchr(base + start + 1, '"', window_end_ - start - 1);
      if (!q) break;
      const auto close = static_cast<std::size_t>(static_cast<const char*>(q) - base);
      end = close + 1;
      if (end >= window_end_ || (base[end] != ',' && base[end] != '\n' && base[end] != '\r')) break;
      const auto rel_end = static_cast<std::uint32_t>(end - window_begin_);
      while (stops[k] < rel_end) ++k;
      ++k;  // the delimiter itself
      fields.push_back({std::string_view(base + start + 1, close - start - 1), start});
    } else {
      const std::uint32_t stop = stops[k];
      if (stop == UINT32_MAX) break;  // past the window: next_plain() reads the record
      end = window_begin_ + stop;
      ++k;
      fields.push_back({std::string_view(base + start, end - start), start});
    }
    if (base[end] == ',') {
      start = end + 1;
      if (start >= n) break;  // a comma ends the data: next_plain() adds the empty field
      continue;
    }
    // A line break: \r\n counts as one.
    record_offset_ = pos;
    pos_ = end + 1 + (base[end] == '\r' && end + 1 < n && base[end + 1] == '\n' ? 1 : 0);
    next_stop_ = k;
    return Status::record;
  }
  pos_ = pos;
  next_stop_ = k;
  return next_plain(fields);
}

Reader::Status Reader::next_plain(std::vector<Field>& fields) {
  fields.clear();
  scratch_.clear();
  escaped_.clear();
  const char* const base = data_.data();
  const std::size_t n = data_.size();

  // Skip empty lines.
  while (pos_ < n && (base[pos_] == '\n' || base[pos_] == '\r')) ++pos_;
  if (pos_ >= n) return Status::end;
  record_offset_ = pos_;

  while (true) {
    const std::size_t start = pos_;
    if (pos_ < n && base[pos_] == '"') {
      // Quoted field: runs to the closing quote; "" is a literal quote.
      std::size_t i = pos_ + 1;
      std::size_t scratch_begin = std::string::npos;
      std::size_t piece = i;
      while (true) {
        const void* q = i < n ? std::memchr(base + i, '"', n - i) : nullptr;
        if (!q) {
          error_offset_ = start;
          pos_ = n;
          return Status::unclosed_quote;
        }
        i = static_cast<std::size_t>(static_cast<const char*>(q) - base);
        if (i + 1 < n && base[i + 1] == '"') {
          if (scratch_begin == std::string::npos) scratch_begin = scratch_.size();
          scratch_.append(base + piece, i + 1 - piece);
          i += 2;
          piece = i;
          continue;
        }
        break;
      }
      if (scratch_begin != std::string::npos) {
        scratch_.append(base + piece, i - piece);
        escaped_.emplace_back(fields.size(), scratch_begin);
        fields.push_back({std::string_view(), start});
      } else {
        fields.push_back({std::string_view(base + start + 1, i - start - 1), start});
      }
      pos_ = i + 1;
      if (pos_ < n && base[pos_] != ',' && base[pos_] != '\n' && base[pos_] != '\r') {
        error_offset_ = pos_;
        while (pos_ < n && base[pos_] != '\n') ++pos_;
        return Status::text_after_quote;
      }
    } else {
      // Unquoted field: to the next comma or line break.
      const std::size_t i = field_end(pos_);
      fields.push_back({std::string_view(base + start, i - start), start});
      pos_ = i;
    }
    if (pos_ >= n) break;
    if (base[pos_] == ',') {
      ++pos_;
      if (pos_ >= n) {
        fields.push_back({std::string_view(), pos_});
        break;
      }
      continue;
    }
    // End of record.
    if (base[pos_] == '\r') ++pos_;
    if (pos_ < n && base[pos_] == '\n') ++pos_;
    break;
  }
  // Escaped fields point into scratch, which no longer grows for this record; they were kept
  // in the order read, so each one ends where the next begins (linear in the fields).
  for (std::size_t i = 0; i < escaped_.size(); ++i) {
    const auto field = escaped_[i].first, begin = escaped_[i].second;
    const std::size_t end = i + 1 < escaped_.size() ? escaped_[i + 1].second : scratch_.size();
    fields[field].text = std::string_view(scratch_).substr(begin, end - begin);
  }
  return Status::record;
}

namespace {

/// Whether the records that start at `at` look like rows: the next two (or those left) read
/// without broken quoting, have `fields` fields each, and no quote inside an unquoted field.
/// After a line break inside a quoted field, the rest of the field is a line of one field, or
/// ends in the field's closing quote.
bool starts_rows(std::string_view data, std::size_t at, std::size_t fields) {
  Reader reader(data, at);
  std::vector<Field> got;
  for (int k = 0; k < 2; ++k) {
    const auto status = reader.next(got);
    if (status == Reader::Status::end) return true;
    if (status != Reader::Status::record || got.size() != fields) return false;
    for (const Field& f : got)
      if (f.offset < data.size() && data[f.offset] != '"' && f.text.find('"') != std::string_view::npos)
        return false;
  }
  return true;
}

}  // namespace

std::vector<std::size_t> split(std::string_view data, std::size_t begin, std::size_t end, std::size_t parts,
                               std::size_t fields) {
  std::vector<std::size_t> bounds{begin};
  const std::size_t step = parts > 1 ? (end - begin) / parts : 0;
  const std::string_view rows = data.substr(0, end);
  for (std::size_t k = 1; k < parts && step > 0; ++k) {
    std::size_t at = std::max(begin + k * step, bounds.back());
    std::size_t next = end;
    // A few line breaks are tried: past them the cut stands, and a wrong one is still caught.
    for (int tries = 0; tries < 16 && at < end; ++tries) {
      const void* nl = std::memchr(data.data() + at, '\n', end - at);
      if (!nl) {
        next = end;
        break;
      }
      next = static_cast<std::size_t>(static_cast<const char*>(nl) - data.data()) + 1;
      if (fields == 0 || next >= end || starts_rows(rows, next, fields)) break;
      at = next;
    }
    if (next >= end) break;
    if (next > bounds.back()) bounds.push_back(next);
  }
  bounds.push_back(end);
  return bounds;
}

std::vector<std::pair<std::size_t, std::size_t>> locate(std::string_view data,
                                                        const std::vector<std::size_t>& offsets) {
  std::vector<std::pair<std::size_t, std::size_t>> out;
  out.reserve(offsets.size());
  std::size_t line = 1, line_start = 0, pos = 0;
  for (std::size_t target : offsets) {
    while (pos < target) {
      const void* nl = std::memchr(data.data() + pos, '\n', target - pos);
      if (!nl) {
        pos = target;
        break;
      }
      pos = static_cast<std::size_t>(static_cast<const char*>(nl) - data.data()) + 1;
      ++line;
      line_start = pos;
    }
    std::size_t column = 1;
    for (std::size_t i = line_start; i < target && i < data.size(); ++i)
      if ((static_cast<unsigned char>(data[i]) & 0xC0) != 0x80) ++column;
    // A BOM is not a character the user sees.
    if (line == 1 && data.substr(0, 3) == "\xEF\xBB\xBF" && column > 1) --column;
    out.emplace_back(line, column);
  }
  return out;
}

}  // namespace chibo::csv
