// RFC 4180 reading over a whole file in memory (internal).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace chibo::csv {

/// One field of a record: its text (unquoted, with "" unescaped) and the byte offset of its first
/// character in the file, for messages.
struct Field {
  std::string_view text;
  std::size_t offset = 0;
};

/// Splits a buffer into records. The buffer must outlive the fields; an escaped field's text
/// lives in the reader's scratch buffer until the next record.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {
    if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }
  /// Reads records from byte `start` (a record's first byte) to the end of `data`; offsets stay
  /// those of `data`, so that a part of a file reports the file's positions.
  Reader(std::string_view data, std::size_t start) : data_(data), pos_(start) {}

  enum class Status { record, end, unclosed_quote, text_after_quote };
  /// Reads the next non-empty record into `fields`. On unclosed_quote, `error_offset()` is where
  /// the quoted field began; on text_after_quote, where the stray text begins (the rest of the
  /// record is skipped). Bytes are not checked for UTF-8: the loader checks a part's bytes at
  /// once before reading its records.
  ///
  /// Records of unquoted fields are read from an index of the delimiters of the next window of
  /// bytes, built in one vectorised pass; a record with a quoted field, or one that runs past
  /// the window, is read by next_plain(). Both read the same records.
  Status next(std::vector<Field>& fields);
  /// next() without the index, a byte at a time: quoting, stray text and the last record of
  /// the data; and the reference next() is tested against.
  Status next_plain(std::vector<Field>& fields);
  /// Bytes indexed at a time (default 64 KiB, which keeps the index in the L2 cache); tests set
  /// a few dozen, so that records cross windows.
  void set_window(std::size_t bytes) noexcept {
    window_bytes_ = std::clamp<std::size_t>(bytes, 64, 1u << 30);
  }
  std::size_t record_offset() const noexcept { return record_offset_; }
  std::size_t error_offset() const noexcept { return error_offset_; }
  std::size_t position() const noexcept { return pos_; }
  /// Goes on from byte `at` (a record's first byte, at or after position()): the loader reads
  /// plain records itself and leaves the rest to the reader.
  void seek(std::size_t at) noexcept { pos_ = at; }

 private:
  /// The end of the unquoted field starting at i: the next comma or line break (or the end).
  std::size_t field_end(std::size_t i) noexcept;
  void load_block(std::size_t at) noexcept;
  /// Indexes the delimiters (commas and line breaks, quoted or not) of the window from `at`.
  void index_window(std::size_t at);

  std::string_view data_;
  std::size_t pos_ = 0;
  // Delimiter bit mask of the 64 bytes from block_: fields are found by counting bits, not by
  // testing bytes one at a time.
  std::size_t block_ = static_cast<std::size_t>(-1);
  std::uint64_t block_stops_ = 0;
  std::size_t record_offset_ = 0;
  std::size_t error_offset_ = 0;
  std::string scratch_;
  std::vector<std::pair<std::size_t, std::size_t>> escaped_;  // (field, scratch begin)
  // The window's delimiters, as offsets from window_begin_, ending with a sentinel.
  std::size_t window_bytes_ = std::size_t{1} << 16;
  std::size_t window_begin_ = 0, window_end_ = 0;
  // Left uninitialised: only the part index_window() writes is read.
  std::unique_ptr<std::uint32_t[]> stops_;
  std::size_t stops_room_ = 0;
  std::size_t next_stop_ = 0;
};

/// One record read the plain way: each field straight from the bytes, in the header's order,
/// converted by the caller as it is read, with no field list in between. It takes only what
/// Reader would read the same way: fields that are unquoted, or quoted with no "" inside,
/// each followed by a comma, the last by a line break. Anything else makes ok() false (and
/// every later read empty), and the caller leaves the record to the general path, which reads
/// it again and reports what is wrong. Never reads at or past `end`.
class PlainRecord {
 public:
  PlainRecord(const char* p, const char* end) noexcept : p_(p), end_(end) {}
  bool ok() const noexcept { return ok_; }
  void fail() noexcept { ok_ = false; }
  /// Just after the record's line break (\r\n counts as one), once every field is read.
  const char* next() const noexcept { return p_; }

  /// The next field; `last` when it ends the record.
  [[gnu::always_inline]] std::string_view field(bool last) noexcept {
    if (!ok_) return {};
    if (p_ < end_ && *p_ == '"') return quoted(last);
    return take(stop(p_, end_), last);
  }
  /// field() of one that is probably `length` bytes long, looking for its delimiter there
  /// first, for a caller that accepts no text with a delimiter in it (the digits of a numbered
  /// id, a date, a time): the bytes before are not searched, so a shorter field followed by
  /// others may come back as one text, which the caller then rejects. An empty field is found.
  std::string_view field(std::size_t length, bool last) noexcept {
    if (ok_ && static_cast<std::size_t>(end_ - p_) > length && p_[length] == (last ? '\n' : ',') &&
        *p_ != ',' && *p_ != '\n' && *p_ != '\r')
      return take(p_ + length, last);
    return field(last);
  }

 private:
  /// The first comma or line break in [q, end), or end: sixteen bytes at a time where they are
  /// there to read (a byte at a time, this loop was a sixth of all the loader's instructions).
  static const char* stop(const char* q, const char* end) noexcept {
#if defined(__SSE2__)
    const __m128i comma = _mm_set1_epi8(','), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r');
    for (; end - q >= 16; q += 16) {
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
      const __m128i hit =
          _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, comma), _mm_cmpeq_epi8(b, lf)), _mm_cmpeq_epi8(b, cr));
      if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit)); mask != 0)
        return q + __builtin_ctz(mask);
    }
#endif
    while (q < end && *q != ',' && *q != '\n' && *q != '\r') ++q;
    return q;
  }
  /// The first quote in [q, end), or null: sixteen bytes at a time, as quoted fields are short
  /// ids and names (a call to memchr cost more than the search).
  static const char* quote(const char* q, const char* end) noexcept {
#if defined(__SSE2__)
    const __m128i mark = _mm_set1_epi8('"');
    for (; end - q >= 16; q += 16) {
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
      if (const auto mask = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(b, mark))); mask != 0)
        return q + __builtin_ctz(mask);
    }
#endif
    for (; q < end; ++q)
      if (*q == '"') return q;
    return nullptr;
  }
  /// The field [p_, q) when q is the delimiter `last` calls for; moves past it.
  std::string_view take(const char* q, bool last) noexcept {
    if (q >= end_ || (last ? *q != '\n' && *q != '\r' : *q != ',')) {
      ok_ = false;
      return {};
    }
    const std::string_view text(p_, static_cast<std::size_t>(q - p_));
    p_ = q + 1;
    if (last && *q == '\r' && p_ < end_ && *p_ == '\n') ++p_;
    return text;
  }
  std::string_view quoted(bool last) noexcept {
    const char* const open = p_;
    const char* const close = quote(open + 1, end_);
    if (close == nullptr) {
      ok_ = false;
      return {};
    }
    // A closing quote is followed by a delimiter: "" (an escaped quote, which the reader
    // unescapes) or stray text fails here.
    p_ = close + 1;
    take(close + 1, last);
    return ok_ ? std::string_view(open + 1, static_cast<std::size_t>(close - open - 1)) : std::string_view();
  }

  const char* p_;
  const char* end_;
  bool ok_ = true;
};

/// Writes the offset from p of every comma and line break of the `bytes` bytes at p, in order,
/// and returns the end of what it wrote; `out` must have room for `bytes` + 64 offsets. With
/// `vector`, uses AVX2 where the processor has it (tests compare the two).
std::uint32_t* index_delimiters(const char* p, std::size_t bytes, std::uint32_t* out,
                                bool vector = true) noexcept;

/// Cuts [begin, end) of a buffer into about `parts` ranges for parsing in parallel: returns the
/// boundaries, begin first and end last, each just after a line break. A line break may lie
/// inside a quoted field; then the part before the boundary ends inside quotes, and its reader
/// reports an unclosed quote. The caller reads the buffer again in one go whenever a part reports
/// broken quoting, so that parts never change what is read. Given the header's number of
/// `fields`, a line break is taken only where the records after it read as rows (up to a few
/// tries), so that a text field of several lines rarely costs that second reading.
std::vector<std::size_t> split(std::string_view data, std::size_t begin, std::size_t end, std::size_t parts,
                               std::size_t fields = 0);

/// Line (1-based) and column (1-based, in code points) of byte offsets in a buffer; `offsets`
/// must be sorted.
std::vector<std::pair<std::size_t, std::size_t>> locate(std::string_view data,
                                                        const std::vector<std::size_t>& offsets);

}  // namespace chibo::csv
