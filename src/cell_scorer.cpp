#include "cell_scorer.hpp"

#include "aggregate.hpp"

#include <algorithm>

namespace chibo::detail {

std::vector<MeetingPlan> MeetingPlan::of(const Policy& policy) {
  const Registry& reg = policy.registry();
  std::vector<MeetingPlan> plans;
  for (const Profile& profile : policy.profiles()) {
    MeetingPlan plan;
    plan.profile = &profile;
    for (const std::uint16_t id : reg.scored(Level::meeting)) {
      Step step;
      step.settings = &profile.rules[id];
      if (step.settings->weight > 0) {
        step.fn = reg.rules()[id].meeting_fn;
        step.external = reg.rules()[id].external.get();
      }
      step.rule = id;
      step.measure = static_cast<std::uint16_t>(reg.measure_of(id));
      step.kinds = reg.rules()[id].kinds;
      step.gate = profile.is_gate(id, Level::meeting);
      step.in_total = reg.rules()[id].in_total;
      plan.steps.push_back(step);
    }
    plans.push_back(std::move(plan));
  }
  return plans;
}

// A rule may set its own severity; otherwise a missed gate blocks Tốt, so it is at least a
// warning (an error at 0), and other rules are warnings below 0.5 and notes above.
Severity severity_of(const Outcome& o, bool gate) {
  if (o.severity) return *o.severity;
  if (gate) return o.score <= 0 ? Severity::error : Severity::warning;
  return o.score < 0.5 ? Severity::warning : Severity::info;
}

Finding make_finding(std::uint16_t rule, const Outcome& o, const RuleSettings& s, bool gate, Index unit,
                     Index meeting) {
  Finding f;
  f.rule = rule;
  f.severity = severity_of(o, gate);
  f.unit = unit;
  f.meeting = meeting;
  f.score = o.score;
  f.metric = o.metric;
  f.target = s.ramp.full_at;
  if (!is_na(o.metric)) {
    const bool upward = s.ramp.full_at >= s.ramp.zero_at;
    f.gap = std::max(0.0, upward ? s.ramp.full_at - o.metric : o.metric - s.ramp.full_at);
  }
  f.evidence = o.evidence;
  return f;
}

Finding failure_finding(std::uint16_t rule, const Outcome& o, Index unit, Index meeting) {
  Finding f;
  f.rule = rule;
  f.severity = Severity::error;
  f.unit = unit;
  f.meeting = meeting;
  f.score = not_applicable;
  f.error = o.error;
  return f;
}

void evaluate_meeting(const MeetingFacts& f, const RuleContext& ctx, const Policy& policy,
                      const std::vector<MeetingPlan>& plans, std::span<double> scores, MeetingScore& out,
                      std::vector<Finding>* findings) {
  out.meeting = f.meeting;
  out.profile = static_cast<std::uint8_t>(policy.profile_index(f.date));
  const MeetingPlan& plan = plans[out.profile];
  const Profile& profile = *plan.profile;
  MeasureScores by_measure(policy.registry().measures().size());
  bool gates_met = true;
  const auto kind = static_cast<std::size_t>(f.kind);
  for (std::size_t k = 0; k < plan.steps.size(); ++k) {
    const MeetingPlan::Step& step = plan.steps[k];
    if ((!step.fn && !step.external) || !step.kinds[kind]) {
      scores[k] = not_applicable;
      continue;
    }
    const Outcome o = step.fn ? step.fn(f, *step.settings) : step.external->meeting(ctx, f, *step.settings);
    scores[k] = o.score;
    if (!o.applicable()) {
      if (o.error && findings) findings->push_back(failure_finding(step.rule, o, f.cell, f.meeting));
      continue;
    }
    if (step.in_total) by_measure.add(step.measure, o.score, step.settings->weight);
    if (o.score < 1) {  // a full score neither blocks a gate nor makes a finding
      if (step.gate) gates_met = false;
      if (findings)
        findings->push_back(make_finding(step.rule, o, *step.settings, step.gate, f.cell, f.meeting));
    }
  }
  out.total = by_measure.total(profile.measure_weights);
  out.rating.reset();
  if (!is_na(out.total)) out.rating = profile.rate(out.total, gates_met);
}

namespace {
// The rules a cell is scored by: its meetings' rules, then its own.
std::vector<std::uint16_t> scored_in_cells(const Registry& reg) {
  const auto meeting_ids = reg.scored(Level::meeting);
  const auto cell_ids = reg.scored(Level::cell);
  std::vector<std::uint16_t> ids(meeting_ids.begin(), meeting_ids.end());
  ids.insert(ids.end(), cell_ids.begin(), cell_ids.end());
  return ids;
}
}  // namespace

CellScorer::CellScorer(const Dataset& ds, const Period& period, const Policy& policy)
    : ds_(ds),
      period_(period),
      policy_(policy),
      reg_(policy.registry()),
      final_(policy.in_force(period.to)),
      period_months_(period.counted_months()),
      period_quarters_(period.counted_quarters()),
      plans_(MeetingPlan::of(policy)),
      meeting_context_{&ds, nullptr},
      cell_detail_(policy.registry().has_external(Level::cell)),
      cell_rule_ids_(scored_in_cells(reg_)),
      terms_(cell_rule_ids_, reg_, final_) {
  for (std::size_t k = 0; k < cell_rule_ids_.size(); ++k) {
    const auto id = cell_rule_ids_[k];
    const RuleInfo& info = reg_.rules()[id];
    const bool upper = info.owner == Owner::upper_committee;
    duty_.push_back(info.in_total && upper);
    gate_.push_back(final_.is_gate(id, Level::cell));
    if (duty_.back()) duty_at_.push_back(k);
  }
}

std::vector<std::uint16_t> CellScorer::duty_rule_ids() const {
  std::vector<std::uint16_t> ids;
  for (auto k : duty_at_) ids.push_back(cell_rule_ids_[k]);
  return ids;
}

CellStats CellScorer::score(Index cell, CellScratch& scratch, const CellSink& sink) const {
  const auto rules = reg_.rules();
  const std::size_t nm = reg_.scored(Level::meeting).size();
  Report* r = sink.report;
  std::vector<Finding>* findings = sink.findings;
  const bool keep_meeting_rules = r && !r->meeting_rules.empty();

  // Meetings first: each is scored, and its rule scores summed for the cell's means.
  CellFactsBuilder build(ds_, period_, period_months_, period_quarters_, cell, scratch.facts, cell_detail_);
  std::vector<double>& sum = scratch.sums;
  std::vector<std::uint32_t>& count = scratch.counts;
  sum.assign(nm, 0);
  count.assign(nm, 0);
  if (!keep_meeting_rules) scratch.rules.resize(nm);
  for (Index m : ds_.meetings_of(cell)) {
    if (!period_.contains(ds_.meetings.date[m])) continue;
    const MeetingFacts f = build.meeting(m);
    const Index pos = r ? sink.meeting_pos[m] : no_index;
    std::span<double> scores = keep_meeting_rules ? std::span<double>(r->meeting_rules.data() + pos * nm, nm)
                                                  : std::span<double>(scratch.rules);
    MeetingScore& ms = r ? r->meetings[pos] : scratch.meeting;
    evaluate_meeting(f, meeting_context_, policy_, plans_, scores, ms, findings);
    build.rated(f, ms.rating);
    for (std::size_t k = 0; k < nm; ++k)
      if (!is_na(scores[k])) {
        sum[k] += scores[k];
        ++count[k];
      }
  }
  const CellFacts& cf = build.finish();

  // Rules of the cell with the profile in force on P.to.
  const bool kept = r && r->has_cell_rules();
  std::vector<double>& own = scratch.own;  // the cell's rule scores, when no report keeps them
  if (!kept) own.assign(cell_rule_ids_.size(), not_applicable);
  std::span<double> out =
      kept ? std::span<double>(r->unit_rules.data() + r->unit_rules_offset[cell], cell_rule_ids_.size())
           : std::span<double>(own);
  const std::size_t measures = reg_.measures().size();
  MeasureScores by_measure(measures);
  for (std::size_t k = 0; k < cell_rule_ids_.size(); ++k) {
    const auto id = cell_rule_ids_[k];
    const RuleInfo& info = rules[id];
    const RuleSettings& s = final_.rules[id];
    if (s.weight <= 0) continue;
    double score = not_applicable;
    if (k < nm) {
      if (count[k] > 0) score = sum[k] / count[k];
    } else {
      const Outcome o = run_rule(info, meeting_context_, cf, s);
      score = o.score;
      if (findings && o.applicable() && o.score < 1) emit_cell_finding(id, cf, o, s, *findings);
      if (findings && o.error) findings->push_back(failure_finding(id, o, cell, no_index));
    }
    out[k] = score;
    if (terms_.counted[k]) by_measure.add(static_cast<std::size_t>(terms_.measure[k]), score, s.weight);
  }
  if (r) {
    UnitScore& u = r->units[cell];
    MeasureScores duty(measures);
    for (auto k : duty_at_) duty.add(static_cast<std::size_t>(terms_.measure[k]), out[k], terms_.weight[k]);
    u.duty = duty.total(final_.measure_weights);
    std::vector<double>& points = scratch.points;
    points.assign(out.size(), 0);
    points_if_met(
        out, terms_.weight, terms_.measure, final_.measure_weights, [&](std::size_t k) { return duty_[k]; },
        points);
    double* at = r->unit_duty_points.data() + static_cast<std::size_t>(cell) * duty_at_.size();
    for (std::size_t i = 0; i < duty_at_.size(); ++i) at[i] = points[duty_at_[i]];
    u.total = by_measure.total(final_.measure_weights, r->unit_measures.data() + cell * measures);
    u.weak = cf.weak;
    bool gates_met = true;
    for (std::size_t k = 0; k < cell_rule_ids_.size(); ++k)
      if (gate_[k] && !is_na(out[k]) && out[k] < 1) gates_met = false;
    if (!is_na(u.total)) u.rating = final_.rate(u.total, gates_met);
  }

  // Structure findings, for a cell active on P.to.
  const Date est = ds_.org_units.established_on[cell], dis = ds_.org_units.dissolved_on[cell];
  const Date to = period_.to;
  const bool active = (est.is_special() || est <= to) && (dis.is_special() || dis > to);
  if (findings && active) {
    for (auto id : reg_.structure()) {
      const Outcome o = run_rule(rules[id], meeting_context_, cf, final_.rules[id]);
      if (o.applicable() && o.score < 1) emit_cell_finding(id, cf, o, final_.rules[id], *findings);
    }
  }
  return {cf.weak, cf.supervision_visits};
}

void CellScorer::findings(Index cell, std::vector<Finding>& out) const {
  std::unique_ptr<CellScratch> scratch;
  {
    const std::lock_guard lock(spare_mutex_);
    if (!spare_.empty()) {
      scratch = std::move(spare_.back());
      spare_.pop_back();
    }
  }
  if (!scratch) scratch = std::make_unique<CellScratch>();
  score(cell, *scratch, {nullptr, {}, &out});
  const std::lock_guard lock(spare_mutex_);
  spare_.push_back(std::move(scratch));
}

void CellScorer::emit_cell_finding(std::uint16_t id, const CellFacts& cf, const Outcome& o,
                                   const RuleSettings& s, std::vector<Finding>& out) const {
  const RuleInfo& info = reg_.rules()[id];
  const bool gate = final_.is_gate(id, Level::cell);
  Finding base = make_finding(id, o, s, gate, cf.cell, no_index);
  if (info.explain_cell)
    info.explain_cell(cf, s, base, out);
  else
    out.push_back(base);
}

}  // namespace chibo::detail
