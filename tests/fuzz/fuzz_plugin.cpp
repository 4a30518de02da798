// libFuzzer target: the plugin metadata reader. The input is decoded into a plugin's
// description (include/chibo/plugin.h): its ABI, struct sizes (arrays laid out with the stride
// they declare), measures, extension columns and tables, and rules with every field drawn from
// the input. The host accepts it or refuses it with a message; a registry that accepted it gives
// a policy whose printed form reads back to the same hash.
#include <chibo/plugin.h>
#include <chibo/diagnostics.hpp>
#include <chibo/policy.hpp>

#include "../../src/plugin_host.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <limits>
#include <string>
#include <vector>

namespace {

/// The input read front to back; past its end every read is zero.
class Input {
 public:
  Input(const std::uint8_t* p, std::size_t n) : p_(p), n_(n) {}
  std::uint8_t byte() { return at_ < n_ ? p_[at_++] : 0; }
  std::uint32_t below(std::uint32_t n) { return byte() % n; }
  bool flag() { return byte() & 1u; }
  std::int32_t between(std::int32_t lo, std::int32_t hi) {
    return lo + static_cast<std::int32_t>(below(static_cast<std::uint32_t>(hi - lo + 1)));
  }
  double number() {
    static constexpr double picks[] = {0,     1,      0.5,
                                       100,   -1,     std::numeric_limits<double>::quiet_NaN(),
                                       1e300, -1e300, std::numeric_limits<double>::infinity(),
                                       3};
    return picks[below(10)];
  }
  /// Text from the input (any bytes), or one of `names` the host knows, or empty.
  chibo_str text(std::initializer_list<const char*> names = {}) {
    const std::uint8_t how = byte();
    if (how % 4 == 0) return {nullptr, 0};
    if (how % 4 == 1 && names.size()) {
      const char* pick = names.begin()[byte() % names.size()];
      return {pick, std::strlen(pick)};
    }
    std::string& s = texts_.emplace_back();
    for (std::uint32_t k = below(20); k > 0; --k) s.push_back(static_cast<char>(byte()));
    return {s.data(), s.size()};
  }
  template <class T>
  T* keep(std::vector<T> v) {
    auto& kept = arrays_.emplace_back(v.size() * sizeof(T) + 1);
    if (!v.empty()) std::memcpy(kept.data(), v.data(), v.size() * sizeof(T));
    return reinterpret_cast<T*>(kept.data());
  }
  /// An array as a plugin built with another struct size lays it out: `stride` bytes apart.
  template <class T>
  const T* laid_out(const std::vector<T>& v, std::uint32_t stride) {
    auto& bytes = arrays_.emplace_back(static_cast<std::size_t>(stride) * v.size() + sizeof(T));
    for (std::size_t i = 0; i < v.size(); ++i)
      std::memcpy(bytes.data() + i * stride, &v[i], std::min<std::size_t>(stride, sizeof(T)));
    return reinterpret_cast<const T*>(bytes.data());
  }

 private:
  const std::uint8_t* p_;
  std::size_t n_, at_ = 0;
  std::deque<std::string> texts_;                  // chibo_str point into these
  std::deque<std::vector<unsigned char>> arrays_;  // and arrays into these
};

std::int32_t meeting_rule(const void*, const chibo_meeting_view*, const chibo_settings*, chibo_outcome*) {
  return 0;
}
std::int32_t cell_rule(const void*, const chibo_cell_view*, const chibo_settings*, chibo_outcome*) {
  return 0;
}
std::int32_t committee_rule(const void*, const chibo_committee_view*, const chibo_settings*, chibo_outcome*) {
  return 0;
}

constexpr std::initializer_list<const char*> contract_tables = {"org_units", "members",   "cadres",
                                                                "meetings",  "briefings", "attendance"};

std::vector<chibo_column_desc> columns(Input& in, std::uint32_t& count) {
  std::vector<chibo_column_desc> out(in.below(3));
  for (auto& c : out) {
    c.table = in.text(contract_tables);
    c.name = in.text({"id", "name", "ward_code", "score"});
    c.type = in.between(-1, 6);
    c.required = in.flag();
    std::vector<chibo_str> codes(in.below(3));
    for (auto& s : codes) s = in.text({"a", "b"});
    c.code_count = static_cast<std::uint32_t>(codes.size());
    c.codes = in.keep(std::move(codes));
    c.description = in.text();
  }
  count = static_cast<std::uint32_t>(out.size());
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  static const bool quiet = [] {  // "loaded plugin …" on every accepted input
    spdlog::set_level(spdlog::level::warn);
    return true;
  }();
  (void)quiet;
  Input in(bytes, size);
  chibo_struct_sizes sizes{sizeof(chibo_plugin_desc),   sizeof(chibo_measure_desc), sizeof(chibo_rule_desc),
                           sizeof(chibo_constant_desc), sizeof(chibo_column_desc),  sizeof(chibo_table_desc),
                           sizeof(chibo_host),          sizeof(chibo_settings),     sizeof(chibo_outcome),
                           sizeof(chibo_evidence),      sizeof(chibo_meeting_view), sizeof(chibo_cell_view),
                           sizeof(chibo_committee_view)};
  // A plugin built against ABI 1.0 has a shorter rule; sometimes a size is simply wrong.
  if (in.flag()) sizes.rule_desc = offsetof(chibo_rule_desc, owner);
  if (in.below(8) == 0) {
    std::uint32_t* size_of = reinterpret_cast<std::uint32_t*>(&sizes) + in.below(13);
    *size_of = static_cast<std::uint32_t>(static_cast<std::int64_t>(*size_of) + in.between(-8, 8));
  }
  // Arrays are laid out with the declared strides; a stride larger than the host's is refused
  // before any is read, so none is read past its end.
  const auto stride = [&](std::uint32_t s, std::size_t host) {
    return static_cast<std::uint32_t>(std::min<std::size_t>(s, host));
  };

  chibo_plugin_desc desc{};
  desc.abi_major = in.below(8) == 0 ? 2 : CHIBO_PLUGIN_ABI_MAJOR;
  desc.abi_minor = static_cast<std::uint32_t>(in.between(0, CHIBO_PLUGIN_ABI_MINOR + 1));
  desc.sizes = sizes;
  desc.name = in.text({"bac-giang", "ha-noi"});
  desc.version = in.text({"1.0.0"});
  desc.description = in.text();
  if (in.below(16) == 0) desc.error = in.text({"no settings"});

  std::vector<chibo_measure_desc> measures(in.below(3));
  for (auto& m : measures) {
    m.id = in.text({"EH", "M1", "BG"});
    m.name_vi = in.text({"Tiêu chí"});
    m.name_en = in.text({"Measure"});
  }
  desc.measure_count = static_cast<std::uint32_t>(measures.size());
  desc.measures = in.laid_out(measures, stride(sizes.measure_desc, sizeof(chibo_measure_desc)));

  std::uint32_t column_count = 0;
  const auto extension_columns = columns(in, column_count);
  desc.column_count = column_count;
  desc.columns = in.laid_out(extension_columns, stride(sizes.column_desc, sizeof(chibo_column_desc)));

  std::vector<chibo_table_desc> tables(in.below(3));
  for (auto& t : tables) {
    t.name = in.text({"bg_wards", "members"});
    t.key_column = in.text({"member_id", "cell_id"});
    t.key_table = in.text(contract_tables);
    t.required = in.flag();
    std::uint32_t n = 0;
    const auto cols = columns(in, n);
    t.column_count = n;
    t.columns = in.laid_out(cols, stride(sizes.column_desc, sizeof(chibo_column_desc)));
    t.description = in.text();
  }
  desc.table_count = static_cast<std::uint32_t>(tables.size());
  desc.tables = in.laid_out(tables, stride(sizes.table_desc, sizeof(chibo_table_desc)));

  std::vector<chibo_rule_desc> rules(in.below(4));
  for (auto& r : rules) {
    r.id = in.text({"BG.1", "BG.2", "M1.1"});
    r.name = in.text({"ward_visits", "attendance"});
    r.measure = in.text({"M1", "M4", "EH", "M9"});
    r.level = in.between(-1, 3);
    r.kinds = in.below(9);
    r.gate = in.flag();
    r.in_total = in.flag();
    r.weight = in.number();
    r.zero_at = in.number();
    r.full_at = in.number();
    std::vector<chibo_constant_desc> constants(in.below(3));
    for (auto& c : constants) {
      c.name = in.text({"min_visits", "weight"});
      c.value = in.number();
      c.description = in.text();
    }
    r.constant_count = static_cast<std::uint32_t>(constants.size());
    r.constants = in.laid_out(constants, stride(sizes.constant_desc, sizeof(chibo_constant_desc)));
    std::vector<chibo_str> keys(in.below(3));
    for (auto& k : keys) k = in.text({"visits", "x"});
    r.evidence_key_count = static_cast<std::uint32_t>(keys.size());
    r.evidence_keys = in.keep(std::move(keys));
    r.metric = in.text({"visits a year"});
    r.metric_unit = in.between(-1, 8);
    r.description = in.text({"Visits"});
    r.description_vi = in.text({"Thăm"});
    r.source = in.text({"HD 12"});
    r.message_vi = in.text({"{cell} thiếu {visits}"});
    r.message_en = in.text({"{cell} lacks {visits}"});
    if (in.flag()) r.meeting = meeting_rule;
    if (in.flag()) r.cell = cell_rule;
    if (in.flag()) r.committee = committee_rule;
    r.owner = in.between(-1, 3);
    r.shortfall_vi = in.text();
    r.shortfall_en = in.text();
    r.threshold_source = in.text();
  }
  desc.rule_count = static_cast<std::uint32_t>(rules.size());
  desc.rules = in.laid_out(rules, stride(sizes.rule_desc, sizeof(chibo_rule_desc)));

  chibo::Registry registry = chibo::Registry::builtin();
  const std::size_t before = registry.rules().size();
  try {
    chibo::detail::add_described_plugin(registry, desc, "fuzz-plugin.so", nullptr, "fuzz-plugin.so");
  } catch (const chibo::InputError& e) {
    if (e.problems().empty() || e.problems()[0].message.empty()) std::abort();  // refused without a reason
    if (registry.rules().size() != before || !registry.plugins().empty()) std::abort();  // not all or nothing
    return 0;
  }
  if (registry.plugins().size() != 1 || registry.rules().size() != before + desc.rule_count) std::abort();
  // What was accepted is usable: its policy prints and reads back to the same hash. The plugin
  // here is no file: the line naming it is left out; the registry has its rules.
  const chibo::Policy p = chibo::Policy::builtin(registry);
  std::string text = p.to_toml();
  if (const auto at = text.find("\nplugins = "); at != std::string::npos)
    text.erase(at + 1, text.find('\n', at + 1) - at);
  try {
    if (chibo::Policy::from_toml(text, "shown.toml", registry).hash() != p.hash()) std::abort();
  } catch (const chibo::InputError& e) {
    std::fprintf(stderr, "%s\n%s", text.c_str(), e.what());  // for whoever reads the crash
    std::abort();                                            // a policy chibo printed itself must read back
  }
  return 0;
}
