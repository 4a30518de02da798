// M6 — Training of cell secretaries (Sáu là: bồi dưỡng nghiệp vụ cho bí thư chi bộ).
#include <chibo/rule.hpp>

#include "common.hpp"

namespace chibo::rules {

namespace {

/// The mean over the secretaries on P.to of "has a training of `kind` in the window"; a new
/// secretary (within the grace period) without one is N/A; no secretary scores 0 as an error.
Outcome secretary_has(const CellFacts& f, const RuleSettings& s, TrainingKind kind) {
  Outcome o;
  if (f.secretaries.empty()) {
    o.metric = 0;
    o.score = s.ramp(0);
    o.severity = Severity::error;
    o.evidence.add("secretaries", 0);
    return o;
  }
  const Date to = f.period.to;
  const double window_days = s.constant("window_days");
  const Date window_start = to - boost::gregorian::days(static_cast<long>(window_days));
  const Date grace_start = to - boost::gregorian::days(static_cast<long>(s.constant("grace_days")));
  double sum = 0;
  int counted = 0, trained = 0;
  for (const auto& sec : f.secretaries) {
    const Date last = sec.latest_training[static_cast<std::size_t>(kind)];
    const bool ok = !last.is_special() && last >= window_start && last <= to;
    if (!ok && !sec.role_since.is_special() && sec.role_since > grace_start) continue;  // grace
    sum += s.ramp(ok ? 1 : 0);
    trained += ok ? 1 : 0;
    ++counted;
  }
  if (counted == 0) return o;  // still N/A
  o.metric = static_cast<double>(trained) / counted;
  o.score = sum / counted;
  o.evidence.add("trained", trained).add("secretaries", counted).add("window_days", window_days, Unit::days);
  return o;
}

Outcome secretary_trained(const CellFacts& f, const RuleSettings& s) {
  return secretary_has(f, s, TrainingKind::course);
}

Outcome secretary_learning(const CellFacts& f, const RuleSettings& s) {
  return secretary_has(f, s, TrainingKind::model_meeting);
}

RuleInfo secretary_rule(std::string id, std::string name) {
  RuleInfo x;
  x.id = std::move(id);
  x.name = std::move(name);
  x.measure = "M6";
  x.level = Level::cell;
  x.defaults.ramp = {0, 1};
  x.constants = {{"window_days", 364, "a training counts if dated in [P.to − window, P.to]"},
                 {"grace_days", 183, "a secretary appointed within this many days is not yet held to it"}};
  return x;
}

}  // namespace

void register_m6(Registry& r) {
  r.add_measure({"M6", "Bồi dưỡng bí thư chi bộ", "Training of cell secretaries"});
  {
    RuleInfo x = secretary_rule("M6.1", "secretary_trained");
    x.metric = "the secretary on P.to has a course training in the last 364 days (several: the mean)";
    x.description = "Cell secretaries are trained every year.";
    x.description_vi = "Bí thư được bồi dưỡng nghiệp vụ hằng năm.";
    x.source = "measure 6";
    x.owner = Owner::upper_committee;
    x.shortfall_vi = "Bí thư chưa được bồi dưỡng nghiệp vụ trong năm";
    x.shortfall = "The secretary had no training course this year";
    x.message_vi =
        "Bí thư chi bộ chưa được bồi dưỡng nghiệp vụ trong {window_days} ngày qua ({trained}/{secretaries})";
    x.message_en =
        "The cell secretary had no training course in the last {window_days} days ({trained} of "
        "{secretaries})";
    x.cell_fn = secretary_trained;
    r.add(std::move(x));
  }
  {
    RuleInfo x = secretary_rule("M6.2", "secretary_learning");
    x.defaults.weight = 0.5;
    x.metric = "the secretary on P.to watched another cell's model meeting in the last 364 days";
    x.description = "Secretaries learn from model meetings of other cells.";
    x.description_vi = "Bí thư học tập qua dự sinh hoạt mẫu.";
    x.source = "practice in Lục Ngạn, Yên Thế";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Bí thư chưa dự sinh hoạt mẫu để học tập";
    x.shortfall = "The secretary watched no model meeting";
    x.message_vi =
        "Bí thư chưa dự sinh hoạt mẫu của chi bộ khác trong {window_days} ngày qua ({trained}/{secretaries})";
    x.message_en =
        "The secretary watched no model meeting of another cell in the last {window_days} days ({trained} of "
        "{secretaries})";
    x.cell_fn = secretary_learning;
    r.add(std::move(x));
  }
}

}  // namespace chibo::rules
