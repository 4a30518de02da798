// Small helpers shared by the rule files (internal).
#pragma once

#include <chibo/rule.hpp>

namespace chibo::rules {

/// A yes/no rule: the ramp of 0 or 1.
inline Outcome yes_no(bool yes, const RuleSettings& s) noexcept {
  Outcome o = ramp_outcome(yes ? 1.0 : 0.0, s);
  o.evidence.add("met", yes ? 1 : 0, Unit::flag);
  return o;
}

/// A share num / den, N/A when den is 0.
inline Outcome share(double num, double den, const RuleSettings& s, const char* num_key,
                     const char* den_key) noexcept {
  if (den <= 0) return Outcome::na();
  Outcome o = ramp_outcome(num / den, s);
  o.evidence.add("rate", num / den, Unit::ratio).add(num_key, num).add(den_key, den);
  return o;
}

}  // namespace chibo::rules
