#include <chibo/strings.hpp>

#include <bit>
#include <cstring>

namespace chibo {

std::uint64_t IdIndex::hash(std::string_view s) noexcept {
  // 64-bit multiply-mix over 8-byte words: ids are short ASCII strings.
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ w) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n > 0) {
    std::uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ w) * 0x94D049BB133111EBull;
  }
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ull;
  h ^= h >> 32;
  return h;
}

void IdIndex::build(const StringColumn& ids,
                    std::vector<std::pair<std::uint32_t, std::uint32_t>>* duplicates) {
  std::size_t capacity = 16;
  while (capacity < ids.size() * 2) capacity <<= 1;
  slots_.assign(capacity, 0);
  mask_ = capacity - 1;
  for (std::uint32_t row = 0; row < ids.size(); ++row) {
    const std::string_view id = ids[row];
    std::uint64_t i = hash(id) & mask_;
    while (true) {
      const std::uint32_t slot = slots_[i];
      if (slot == 0) {
        slots_[i] = row + 1;
        break;
      }
      if (ids[slot - 1] == id) {
        if (duplicates) duplicates->emplace_back(row, slot - 1);
        break;
      }
      i = (i + 1) & mask_;
    }
  }
}

std::uint32_t IdIndex::find(const StringColumn& ids, std::string_view id) const noexcept {
  if (slots_.empty()) return npos;
  std::uint64_t i = hash(id) & mask_;
  while (true) {
    const std::uint32_t slot = slots_[i];
    if (slot == 0) return npos;
    if (ids[slot - 1] == id) return slot - 1;
    i = (i + 1) & mask_;
  }
}

}  // namespace chibo
