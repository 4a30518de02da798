#include <chibo/rule.hpp>

#include <fmt/format.h>

#include <stdexcept>

namespace chibo {

int RuleInfo::constant_index(std::string_view constant) const noexcept {
  for (std::size_t i = 0; i < constants.size(); ++i)
    if (constants[i].name == constant) return static_cast<int>(i);
  return -1;
}

const Registry& Registry::builtin() {
  static const Registry registry = [] {
    Registry r;
    rules::register_m1(r);
    rules::register_m2(r);
    rules::register_m3(r);
    rules::register_m4(r);
    rules::register_m5(r);
    rules::register_m6(r);
    rules::register_m7(r);
    rules::register_structure(r);
    return r;
  }();
  return registry;
}

void Registry::add_measure(MeasureInfo m) {
  if (measure_index(m.id) >= 0) throw std::invalid_argument("duplicate measure " + m.id);
  measures_.push_back(std::move(m));
}

void Registry::add(RuleInfo rule) {
  if (find(rule.id)) throw std::invalid_argument("duplicate rule id " + rule.id);
  if (rule.scored && measure_index(rule.measure) < 0)
    throw std::invalid_argument(fmt::format("rule {}: unknown measure \"{}\"", rule.id, rule.measure));
  const bool has_fn = (rule.level == Level::meeting && rule.meeting_fn) ||
                      (rule.level == Level::cell && rule.cell_fn) ||
                      (rule.level == Level::committee && rule.committee_fn);
  if (!has_fn) throw std::invalid_argument("rule " + rule.id + " has no function for its level");
  if (rule.defaults.constants.size() != rule.constants.size())
    throw std::invalid_argument("rule " + rule.id + ": constants and their defaults differ in count");
  if (rule.defaults.ramp.zero_at == rule.defaults.ramp.full_at && rule.scored)
    throw std::invalid_argument("rule " + rule.id + ": a ramp needs zero_at ≠ full_at");
  const auto pos = static_cast<std::uint16_t>(rules_.size());
  if (rule.scored)
    scored_[static_cast<std::size_t>(rule.level)].push_back(pos);
  else
    structure_.push_back(pos);
  measure_of_.push_back(measure_index(rule.measure));
  rules_.push_back(std::move(rule));
}

const RuleInfo* Registry::find(std::string_view id) const noexcept {
  const int i = index_of(id);
  return i < 0 ? nullptr : &rules_[static_cast<std::size_t>(i)];
}

int Registry::index_of(std::string_view id) const noexcept {
  for (std::size_t i = 0; i < rules_.size(); ++i)
    if (rules_[i].id == id) return static_cast<int>(i);
  return -1;
}

int Registry::measure_index(std::string_view id) const noexcept {
  for (std::size_t i = 0; i < measures_.size(); ++i)
    if (measures_[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace chibo
