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

/// Maps id strings of a StringColumn to their row index. It holds no pointer to the column, so the
/// pair may be moved freely; pass the same column back.
///
/// Exports number their rows: when every id is one prefix followed by zero-padded numbers that
/// count up by one from the first row (`M0000001`, `M0000002`, …), an id's row is its number
/// minus the first, and the index is that arithmetic (no table, and unique by construction).
/// Otherwise it is a hash table (open addressing, linear probing).
class IdIndex {
 public:
  static constexpr std::uint32_t npos = UINT32_MAX;

  /// Indexes every row of `ids`. `duplicates` receives (row, first row) for each repeated id.
  void build(const StringColumn& ids, std::vector<std::pair<std::uint32_t, std::uint32_t>>* duplicates);
  std::uint32_t find(const StringColumn& ids, std::string_view id) const noexcept {
    return numbered_ ? find_numbered(id) : find_hashed(ids, id);
  }
  /// Starts loading the slot where a hashed id would be, for a find() a little later: the
  /// loader looks a row ahead, so that the memory of random ids is on its way while the row
  /// before is read.
  void prefetch(std::string_view id) const noexcept {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash(id) & mask_]);
  }
  /// The row a hashed id probably names (the first slot with its hash's tag), without reading
  /// the row's id: what a lookup will read next can be fetched before it is compared. npos
  /// when none (or when the index is numbered).
  std::uint32_t candidate(std::string_view id) const noexcept {
    if (slots_.empty()) return npos;
    const std::uint64_t h = hash(id);
    for (std::uint64_t i = h & mask_;; i = (i + 1) & mask_) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) return npos;
      if ((slot & ~0xFFFFFFFFull) == (h & ~0xFFFFFFFFull))
        return static_cast<std::uint32_t>((slot & 0xFFFFFFFFull) - 1);
    }
  }
  /// Rows indexed by the last build (to tell whether a column has grown since).
  std::size_t size() const noexcept { return rows_; }
  /// Whether ids were numbered rows (find is then arithmetic, cheaper than any cache).
  bool numbered() const noexcept { return numbered_; }
  /// The length of every id of a numbered index whose prefix holds no comma, quote or line
  /// break (0 otherwise): where the loader looks for the end of an id's field first.
  std::size_t numbered_length() const noexcept { return field_length_; }
  std::size_t memory_bytes() const noexcept { return slots_.capacity() * sizeof(std::uint64_t); }

  /// A 64-bit multiply-mix over 8-byte words (ids are short ASCII strings), the last word read
  /// with at most two loads; inline, as the loader hashes an id in most rows of a real export.
  [[gnu::always_inline]] static std::uint64_t hash(std::string_view s) noexcept {
    std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
    const char* p = s.data();
    std::size_t n = s.size();
    std::uint64_t w;
    for (; n > 8; p += 8, n -= 8) {
      __builtin_memcpy(&w, p, 8);
      h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
      h ^= h >> 29;
    }
    if (n == 8)
      __builtin_memcpy(&w, p, 8);
    else
      w = short_word(p, n);
    h = (h ^ w) * 0x94D049BB133111EBull;
    h ^= h >> 32;
    h *= 0xD6E8FEB86659FD93ull;
    h ^= h >> 32;
    return h;
  }

 private:
  bool detect_numbered(const StringColumn& ids);
  std::uint32_t find_hashed(const StringColumn& ids, std::string_view id) const noexcept;
  /// The text of row r is prefix_ and first_ + r in digits_ digits: equal ids, equal rows. Inline
  /// and eight digits at a time, as the loader resolves some two hundred million references.
  std::uint32_t find_numbered(std::string_view id) const noexcept {
    if (id.size() != prefix_.size() + digits_) return npos;
    if (word_prefix_ && id.size() >= 8) {
      // The common ids: the prefix compared as one word (the digits are read from another).
      std::uint64_t head;
      __builtin_memcpy(&head, id.data(), 8);
      if ((head & prefix_mask_) != prefix_word_) return npos;
    } else if (!same_text(std::string_view(id.data(), prefix_.size()), prefix_)) {
      return npos;  // (no substr: its range check is a call the compiler keeps out of line)
    }
    std::uint64_t v = 0;
    if (id.size() >= 8 && digits_ <= 8) {
      // The last eight bytes, with those before the digits (the prefix) read as '0'.
      std::uint64_t w;
      __builtin_memcpy(&w, id.data() + id.size() - 8, 8);
      const std::uint64_t prefix_bytes = digits_ == 8 ? 0 : (1ull << (8 * (8 - digits_))) - 1;
      w = (w & ~prefix_bytes) | (0x3030303030303030ull & prefix_bytes);
      if (((w - 0x3030303030303030ull) | (w + 0x4646464646464646ull)) & 0x8080808080808080ull) return npos;
      // Pairs, then fours, then eight digits (the first digit is the lowest byte).
      w -= 0x3030303030303030ull;
      w = (w * 10 + (w >> 8)) & 0x00FF00FF00FF00FFull;
      w = (w * 100 + (w >> 16)) & 0x0000FFFF0000FFFFull;
      v = (w * 10000 + (w >> 32)) & 0xFFFFFFFFull;
    } else {
      for (const char c : std::string_view(id.data() + prefix_.size(), digits_)) {
        const auto d = static_cast<unsigned>(c - '0');
        if (d > 9) return npos;
        v = v * 10 + d;
      }
    }
    if (v < first_ || v - first_ >= rows_) return npos;
    return static_cast<std::uint32_t>(v - first_);
  }

  std::vector<std::uint64_t> slots_;  // hash tag << 32 | (row + 1); 0 = empty
  std::size_t rows_ = 0;
  std::uint64_t mask_ = 0;
  // Numbered rows: every id is prefix_ + a number of digits_ digits, the first being first_.
  bool numbered_ = false;
  std::string prefix_;
  std::size_t digits_ = 0;
  std::uint64_t first_ = 0;
  std::size_t field_length_ = 0;  // see numbered_length()
  // A prefix of eight bytes or fewer, and digits_ <= 8: the prefix as the low bytes of a word.
  bool word_prefix_ = false;
  std::uint64_t prefix_word_ = 0, prefix_mask_ = 0;
};

}  // namespace chibo
