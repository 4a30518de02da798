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

/// Sets an outcome's metric and its score on the rule's ramp.
inline void ramp_into(Outcome& o, double x, const RuleSettings& s) noexcept {
  o.metric = x;
  o.score = s.ramp(x);
}

/// A share num / den, N/A when den is 0.
// One named outcome and every return of it: a function that returns either Outcome::na() or a
// local cannot build the local in the caller's slot, and copying an outcome stalls on its
// one-byte fields (tens of millions of meeting rule calls go through here).
inline Outcome share(double num, double den, const RuleSettings& s, const char* num_key,
                     const char* den_key) noexcept {
  Outcome o;
  if (den <= 0) return o;
  ramp_into(o, num / den, s);
  o.evidence.add("rate", o.metric, Unit::ratio).add(num_key, num).add(den_key, den);
  return o;
}

}  // namespace chibo::rules
