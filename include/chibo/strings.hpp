// Compact string storage for columns of ids and names.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chibo {

namespace detail {
/// Asks the kernel to back [p, p + bytes) with huge pages where it can (transparent huge pages
/// in `madvise` mode, Debian's default): a national index or id column is read at random, and
/// with 4 KiB pages nearly every read also misses the TLB. Call it before the memory is
/// first written. A hint: nothing changes where it is not available.
void advise_huge_pages(const void* p, std::size_t bytes) noexcept;
}  // namespace detail

/// The bytes of a string shorter than eight bytes as one word (little-endian, zero above), read
/// with at most two loads that stay within the string.
[[gnu::always_inline]] inline std::uint64_t short_word(const char* p, std::size_t n) noexcept {
  if (n >= 4) {
    std::uint32_t lo, hi;  // overlapping when n < 8: the shared bytes are the same
    __builtin_memcpy(&lo, p, 4);
    __builtin_memcpy(&hi, p + n - 4, 4);
    return lo | (std::uint64_t{hi} << (8 * (n - 4)));
  }
  if (n >= 2) {
    std::uint16_t lo, hi;
    __builtin_memcpy(&lo, p, 2);
    __builtin_memcpy(&hi, p + n - 2, 2);
    return lo | (std::uint64_t{hi} << (8 * (n - 2)));
  }
  return n == 1 ? static_cast<unsigned char>(*p) : 0;
}

/// Equality of short strings such as ids and codes, a word at a time and inline: the loader
/// compares some two hundred million, where a call to memcmp, or a loop over the bytes of a
/// seven-letter code, costs more than the comparison.
[[gnu::always_inline]] inline bool same_text(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  const char* p = a.data();
  const char* q = b.data();
  const std::size_t n = a.size();
  if (n < 8) return short_word(p, n) == short_word(q, n);
  std::uint64_t x, y;
  for (std::size_t i = 0; i + 8 < n; i += 8) {
    __builtin_memcpy(&x, p + i, 8);
    __builtin_memcpy(&y, q + i, 8);
    if (x != y) return false;
  }
  __builtin_memcpy(&x, p + n - 8, 8);  // the last eight bytes, overlapping the word before
  __builtin_memcpy(&y, q + n - 8, 8);
  return x == y;
}

/// All strings of a column in one buffer: a national members table holds millions of names, and
/// one allocation per name would cost more than the names themselves.
///
/// While every string has the same length (ids of exports are zero-padded; a column of text the
/// loader was asked not to keep is all empty) the column keeps no row ends: row i starts at
/// i × that length. The first string of another length writes the row ends out. A national year
/// has some 35 million such ids, whose row ends would take 0.3 GB.
class StringColumn {
 public:
  void push_back(std::string_view s) {
    if (ends_.empty()) {
      if (rows_ == 0) width_ = s.size();
      if (s.size() == width_) {
        bytes_.append(s);
        ++rows_;
        return;
      }
      write_ends();
    }
    bytes_.append(s);
    ends_.push_back(bytes_.size());
    ++rows_;
  }
  std::string_view operator[](std::size_t i) const noexcept {
    if (ends_.empty()) return std::string_view(bytes_.data() + i * width_, width_);
    const std::size_t begin = i == 0 ? 0 : ends_[i - 1];
    return std::string_view(bytes_.data() + begin, ends_[i] - begin);
  }
  std::size_t size() const noexcept { return rows_; }
  bool empty() const noexcept { return rows_ == 0; }
  /// Whether every string has the same length (then row ends take no memory).
  bool uniform() const noexcept { return ends_.empty(); }
  void reserve(std::size_t rows, std::size_t bytes) {
    rows_reserved_ = std::max(rows_reserved_, rows);
    if (!ends_.empty()) ends_.reserve(rows);
    if (bytes > bytes_.capacity()) {
      bytes_.reserve(bytes);
      detail::advise_huge_pages(bytes_.data() + bytes_.size(), bytes_.capacity() - bytes_.size());
    }
  }
  /// Appends every string of `other`, in order.
  void append(const StringColumn& other) {
    if (other.rows_ == 0) return;
    if (rows_ == 0 && other.ends_.empty()) width_ = other.width_;
    const std::uint64_t shift = bytes_.size();
    bytes_.append(other.bytes_);
    if (ends_.empty() && other.ends_.empty() && other.width_ == width_) {
      rows_ += other.rows_;
      return;
    }
    if (ends_.empty()) write_ends();
    // Grown geometrically: a column appended part by part past what it reserved must not be
    // copied for every part.
    if (const std::size_t need = rows_ + other.rows_; need > ends_.capacity())
      ends_.reserve(std::max(need, 2 * ends_.capacity()));
    if (other.ends_.empty())
      for (std::size_t i = 1; i <= other.rows_; ++i) ends_.push_back(shift + i * other.width_);
    else
      for (const std::uint64_t e : other.ends_) ends_.push_back(e + shift);
    rows_ += other.rows_;
  }
  std::size_t bytes() const noexcept { return bytes_.size(); }
  /// Keeps the first `rows` strings.
  void truncate(std::size_t rows) noexcept {
    if (rows >= rows_) return;
    if (ends_.empty()) {
      bytes_.resize(rows * width_);
    } else {
      bytes_.resize(rows == 0 ? 0 : ends_[rows - 1]);
      ends_.resize(rows);
    }
    rows_ = rows;
  }
  /// Empties the column and keeps its memory, to be filled again.
  void clear() noexcept {
    bytes_.clear();
    ends_.clear();
    rows_ = 0;
    width_ = 0;
  }
  std::size_t memory_bytes() const noexcept {
    return bytes_.capacity() + ends_.capacity() * sizeof(std::uint64_t);
  }

 private:
  /// From uniform to row ends, before a string of another length is added.
  void write_ends() {
    ends_.reserve(std::max(rows_reserved_, rows_ + 1));
    for (std::size_t i = 1; i <= rows_; ++i) ends_.push_back(i * width_);
  }

  std::string bytes_;
  std::vector<std::uint64_t> ends_;  // end of each row in bytes_; empty while uniform
  std::size_t rows_ = 0;
  std::size_t width_ = 0;          // the length of every string, while uniform
  std::size_t rows_reserved_ = 0;  // for the row ends, should they be written out
};

}  // namespace chibo
