#include <chibo/strings.hpp>

#include "id_index.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cstring>
#include <optional>

namespace chibo {

void detail::advise_huge_pages(const void* p, std::size_t bytes) noexcept {
#if defined(MADV_HUGEPAGE)
  constexpr std::uintptr_t huge = std::uintptr_t{1} << 21;
  if (bytes < 2 * huge) return;
  const auto begin = (reinterpret_cast<std::uintptr_t>(p) + huge - 1) & ~(huge - 1);
  const auto end = (reinterpret_cast<std::uintptr_t>(p) + bytes) & ~(huge - 1);
  if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_HUGEPAGE);
#else
  (void)p;
  (void)bytes;
#endif
}

namespace {
// A slot holds the row + 1 in its low half and the hash's top 32 bits in its high half, so that
// most probes that miss never touch the id strings.
constexpr std::uint64_t row_of(std::uint64_t slot) noexcept {
  return slot & 0xFFFFFFFFull;
}
constexpr std::uint64_t tag_of(std::uint64_t h) noexcept {
  return h & 0xFFFFFFFF00000000ull;
}
}  // namespace

namespace {
/// The number written by the digits of s, or nothing if s holds anything else (or too many).
std::optional<std::uint64_t> digits_value(std::string_view s) noexcept {
  if (s.empty() || s.size() > 18) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return v;
}
}  // namespace

bool IdIndex::detect_numbered(const StringColumn& ids) {
  if (ids.size() == 0) return false;
  const std::string_view first = ids[0];
  std::size_t p = first.size();
  while (p > 0 && first[p - 1] >= '0' && first[p - 1] <= '9') --p;
  const auto start = digits_value(first.substr(p));
  if (!start) return false;
  const std::string_view prefix = first.substr(0, p);
  const std::size_t width = first.size() - p;
  prefix_ = std::string(prefix);
  digits_ = width;
  first_ = *start;
  field_length_ = prefix.find_first_of(",\"\n\r") == std::string_view::npos ? first.size() : 0;
  word_prefix_ = prefix.size() <= 8 && width <= 8;
  prefix_word_ = prefix_mask_ = 0;
  if (word_prefix_) {
    std::memcpy(&prefix_word_, prefix.data(), prefix.size());
    prefix_mask_ = prefix.size() == 8 ? ~0ull : (1ull << (8 * prefix.size())) - 1;
  }
  // Numbered when every row is found where it is: find_numbered reads what it will read later.
  rows_ = ids.size();
  for (std::size_t row = 1; row < ids.size(); ++row) {
    if (find_numbered(ids[row]) != row) {
      field_length_ = 0;
      return false;
    }
  }
  return true;
}

void IdIndex::build(const StringColumn& ids,
                    std::vector<std::pair<std::uint32_t, std::uint32_t>>* duplicates) {
  numbered_ = detect_numbered(ids);
  if (numbered_) {
    std::vector<std::uint64_t>().swap(slots_);
    rows_ = ids.size();
    mask_ = 0;
    return;
  }
  std::size_t capacity = 16;
  while (capacity < ids.size() * 2) capacity <<= 1;
  std::vector<std::uint64_t>().swap(slots_);
  slots_.reserve(capacity);
  detail::advise_huge_pages(slots_.data(), capacity * sizeof(std::uint64_t));
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  rows_ = ids.size();
  // Hash a block of ids and prefetch their slots before inserting them: on tables of millions of
  // rows, the slot array is far bigger than the caches and each insert would otherwise wait on
  // memory.
  constexpr std::size_t block = 16;
  std::uint64_t hashes[block];
  for (std::size_t first = 0; first < ids.size(); first += block) {
    const std::size_t n = std::min(block, ids.size() - first);
    for (std::size_t k = 0; k < n; ++k) {
      hashes[k] = hash(ids[first + k]);
      __builtin_prefetch(&slots_[hashes[k] & mask_]);
    }
    for (std::size_t k = 0; k < n; ++k) {
      const auto row = static_cast<std::uint32_t>(first + k);
      const std::string_view id = ids[row];
      const std::uint64_t tag = tag_of(hashes[k]);
      std::uint64_t i = hashes[k] & mask_;
      while (true) {
        const std::uint64_t slot = slots_[i];
        if (slot == 0) {
          slots_[i] = tag | (row + 1ull);
          break;
        }
        if ((slot & ~0xFFFFFFFFull) == tag && same_text(ids[row_of(slot) - 1], id)) {
          if (duplicates) duplicates->emplace_back(row, static_cast<std::uint32_t>(row_of(slot) - 1));
          break;
        }
        i = (i + 1) & mask_;
      }
    }
  }
}

std::uint32_t IdIndex::find_hashed(const StringColumn& ids, std::string_view id) const noexcept {
  if (slots_.empty()) return npos;
  const std::uint64_t h = hash(id);
  const std::uint64_t tag = tag_of(h);
  std::uint64_t i = h & mask_;
  while (true) {
    const std::uint64_t slot = slots_[i];
    if (slot == 0) return npos;
    if ((slot & ~0xFFFFFFFFull) == tag && same_text(ids[row_of(slot) - 1], id))
      return static_cast<std::uint32_t>(row_of(slot) - 1);
    i = (i + 1) & mask_;
  }
}

}  // namespace chibo
