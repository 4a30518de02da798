// The fingerprint of an input table's bytes: XXH3-128, as `xxhsum -H2` prints it, so a reader can
// check a report's inputs with a standard tool (docs/provenance.md).
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace chibo::detail {

class Fingerprint {
 public:
  Fingerprint();
  ~Fingerprint();
  Fingerprint(const Fingerprint&) = delete;
  Fingerprint& operator=(const Fingerprint&) = delete;

  /// Adds the next bytes; the fingerprint is of all of them in order.
  void update(std::string_view bytes) noexcept;
  /// 32 lowercase hex digits (XXH128's canonical, big-endian form).
  std::string hex() const;

  static std::string of(std::string_view bytes) {
    Fingerprint f;
    f.update(bytes);
    return f.hex();
  }

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace chibo::detail
