#include "fingerprint.hpp"

// Debian's libxxhash-dev used header-only: the library's users need no xxhash to link chibo.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <string>

namespace chibo::detail {

struct Fingerprint::State {
  XXH3_state_t xxh;
};

Fingerprint::Fingerprint() : state_(std::make_unique<State>()) {
  XXH3_128bits_reset(&state_->xxh);
}
Fingerprint::~Fingerprint() = default;

void Fingerprint::update(std::string_view bytes) noexcept {
  XXH3_128bits_update(&state_->xxh, bytes.data(), bytes.size());
}

std::string Fingerprint::hex() const {
  XXH128_canonical_t c;
  XXH128_canonicalFromHash(&c, XXH3_128bits_digest(&state_->xxh));
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (const unsigned char b : c.digest) {
    out.push_back(digits[b >> 4]);
    out.push_back(digits[b & 15]);
  }
  return out;
}

}  // namespace chibo::detail
