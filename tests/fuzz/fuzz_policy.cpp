// libFuzzer target: the policy reader. Any text is a policy or a list of located problems; a
// policy it accepts prints (policy show) a file that reads back to the same hash.
#include <chibo/policy.hpp>

#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(bytes), size);
  try {
    const chibo::Policy p = chibo::Policy::from_toml(text, "fuzz.toml");
    const chibo::Policy back = chibo::Policy::from_toml(p.to_toml(), "shown.toml");
    if (back.hash() != p.hash()) std::abort();
  } catch (const chibo::InputError& e) {
    if (e.problems().empty()) std::abort();  // rejected without saying why
  }
  return 0;
}
