// A test plugin: rule T.1 scores 1 on every cell but throws on cell C2. Built again with one
// FAULT_* definition (or another declared ABI version) for each way a plugin can be refused.
#include <chibo/plugin.hpp>

#include <stdexcept>

namespace {

using namespace chibo::plugin;

#ifdef FAULT_CLASH_RULE
constexpr const char* rule_id = "M1.1";  // chibo's own
#else
constexpr const char* rule_id = "T.1";
#endif
#ifdef FAULT_EMPTY_MESSAGE
constexpr const char* message_vi = "";
#else
constexpr const char* message_vi = "Chi bộ chưa đạt tiêu chí thử nghiệm";
#endif
#ifdef FAULT_ZERO_RAMP
constexpr double full_at = 0;
#else
constexpr double full_at = 1;
#endif

Outcome throws_on_c2(const CellView& cell, const Settings& s) {
  if (cell.unit_id(cell.facts.cell) == "C2") throw std::runtime_error("no records for this cell");
  return Outcome::ramp(1, s);
}

void describe(Plugin& p) {
  p.name("faulty").version("0.1.0");
#ifdef FAULT_CLASH_MEASURE
  p.measure("M1", "Trùng", "Clash");
#endif
#ifdef FAULT_CLASH_COLUMN
  p.column("members", "full_name", Type::text);
#endif
  p.rule({.id = rule_id,
          .name = "test_rule",
          .measure = "M7",
          .level = Level::cell,
          .zero_at = 0,
          .full_at = full_at,
          .description = "A test rule.",
          .message_vi = message_vi,
          .message_en = "The cell misses the test rule",
          .cell = throws_on_c2});
}

}  // namespace

CHIBO_PLUGIN(describe)
