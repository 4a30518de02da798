#include "fingerprint.hpp"

// Debian's libxxhash-dev used header-only: the library's users need no xxhash to link chibo.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <fmt/format.h>

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
  std::string out;
  out.reserve(32);
  for (const unsigned char b : c.digest) fmt::format_to(std::back_inserter(out), "{:02x}", b);
  return out;
}

}  // namespace chibo::detail
