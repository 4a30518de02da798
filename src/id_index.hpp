// Id lookups: each table's ids mapped to their rows (internal: the public API asks
// Dataset::find_member and its kind).
#pragma once

#include <chibo/strings.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chibo {

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
    return slots_.empty() ? npos : candidate_of(hash(id));
  }
  /// candidate() of an id whose hash() is h (a hashed index only): for a batch of lookups
  /// taken in rounds, every hash first, then every slot, then every row's id.
  std::uint32_t candidate_of(std::uint64_t h) const noexcept {
    for (std::uint64_t i = h & mask_;; i = (i + 1) & mask_) {
      const std::uint64_t slot = slots_[i];
      if (slot == 0) return npos;
      if ((slot & ~0xFFFFFFFFull) == (h & ~0xFFFFFFFFull))
        return static_cast<std::uint32_t>((slot & 0xFFFFFFFFull) - 1);
    }
  }
  /// Rows indexed by the last build (to tell whether a column has grown since).
  std::size_t size() const noexcept { return rows_; }
  /// Whether the index is a hash table (not numbered, and built).
  bool hashed() const noexcept { return !slots_.empty(); }
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

namespace detail {
/// A dataset's id indexes (valid after Dataset::finalize()).
struct IdIndexes {
  IdIndex org_unit, member, cadre, meeting, briefing;
};
}  // namespace detail

}  // namespace chibo
