// The engine: facts from the dataset, rules from the registry, aggregation from the rulebook.
#include <chibo/engine.hpp>

#include <spdlog/spdlog.h>

#include "aggregate.hpp"
#include "facts_build.hpp"
#include "parallel.hpp"
#include "timing.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace chibo {

std::size_t Report::measure_count() const noexcept {
  return policy ? policy->registry().measures().size() : 0;
}
std::span<const double> Report::measures_of(std::size_t unit_pos) const noexcept {
  const std::size_t n = measure_count();
  return std::span<const double>(unit_measures).subspan(unit_pos * n, n);
}
std::span<const double> Report::rules_of(std::size_t unit_pos) const noexcept {
  return std::span<const double>(unit_rules)
      .subspan(unit_rules_offset[unit_pos], unit_rules_offset[unit_pos + 1] - unit_rules_offset[unit_pos]);
}
std::span<const double> Report::rules_of_meeting(std::size_t meeting_pos) const noexcept {
  if (meeting_rules.empty()) return {};
  const std::size_t n = meeting_rule_ids().size();
  return std::span<const double>(meeting_rules).subspan(meeting_pos * n, n);
}
std::span<const std::uint16_t> Report::unit_rule_ids(bool cell) const noexcept {
  return cell ? cell_rule_ids : committee_rule_ids;
}
std::span<const std::uint16_t> Report::meeting_rule_ids() const noexcept {
  return policy->registry().scored(Level::meeting);
}

namespace {

using detail::MeasureScores;

/// Per-thread scratch of the engine.
struct Scratch {
  detail::FactsScratch facts;
  std::vector<double> rules;  ///< a meeting's rule scores, when the report does not keep them
};

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

/// The error finding of a plugin rule that failed on a subject (its score is N/A).
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

// A rule's function of its level, or its plugin's.
Outcome run_rule(const RuleInfo& r, const RuleContext& ctx, const CellFacts& f, const RuleSettings& s) {
  return r.cell_fn ? r.cell_fn(f, s) : r.external->cell(ctx, f, s);
}
Outcome run_rule(const RuleInfo& r, const RuleContext& ctx, const CommitteeFacts& f, const RuleSettings& s) {
  return r.committee_fn ? r.committee_fn(f, s) : r.external->committee(ctx, f, s);
}

/// What scoring a meeting needs of each scored meeting rule under one profile, laid out
/// contiguously with the gate looked up once: a national year scores 3.5 million meetings
/// against the same few profiles.
struct MeetingPlan {
  struct Step {
    MeetingRuleFn fn = nullptr;  ///< null with `external`: the rule is off (weight 0) under this profile
    const ExternalRule* external = nullptr;  ///< a plugin's rule
    const RuleSettings* settings = nullptr;
    std::uint16_t rule = 0;
    std::uint16_t measure = 0;
    std::array<bool, 3> kinds{};
    bool gate = false;
    bool in_total = true;
  };
  const Profile* profile = nullptr;
  std::vector<Step> steps;  ///< in the order of Registry::scored(Level::meeting)

  static std::vector<MeetingPlan> of(const Policy& policy) {
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
};

/// Scores one meeting: rule scores into `scores`, total and rating into `out`, findings appended.
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
  if (!is_na(out.total)) out.rating = profile.rate(out.total, gates_met);
}

struct CellStats {
  bool weak = false;
  std::uint32_t supervision_visits = 0;
};

class Engine {
 public:
  Engine(const Dataset& ds, const Period& period, const Policy& policy, const ScoreOptions& opt)
      : ds_(ds),
        period_(period),
        policy_(policy),
        reg_(policy.registry()),
        opt_(opt),
        final_(policy.in_force(period.to)),
        period_months_(period.counted_months()),
        period_quarters_(period.counted_quarters()),
        plans_(MeetingPlan::of(policy)),
        meeting_context_{&ds, nullptr},
        cell_detail_(policy.registry().has_external(Level::cell)) {}

  Report run() {
    detail::Laps lap("score");
    Report r;
    r.dataset = &ds_;
    r.policy = &policy_;
    r.period = period_;
    const auto meeting_ids = reg_.scored(Level::meeting);
    const auto cell_ids = reg_.scored(Level::cell);
    r.cell_rule_ids.assign(meeting_ids.begin(), meeting_ids.end());
    r.cell_rule_ids.insert(r.cell_rule_ids.end(), cell_ids.begin(), cell_ids.end());
    const auto committee_ids = reg_.scored(Level::committee);
    r.committee_rule_ids.assign(committee_ids.begin(), committee_ids.end());

    const unsigned threads = detail::thread_count(opt_.threads);
    const std::size_t units = ds_.org_units.size();
    const std::size_t measures = reg_.measures().size();
    // The units' and the meetings' tables are some 0.2 GB of new memory for a national year,
    // each page faulted in by the thread that first writes it: the two are built side by side.
    std::vector<std::function<void()>> tables;
    tables.emplace_back([&] {
      r.units.resize(units);
      r.unit_measures.assign(units * measures, not_applicable);
      r.unit_rules_offset.resize(units + 1, 0);
      for (Index u = 0; u < units; ++u) {
        r.units[u].unit = u;
        const bool cell = ds_.org_units.kind[u] == OrgKind::cell;
        r.unit_rules_offset[u + 1] =
            r.unit_rules_offset[u] + (cell ? r.cell_rule_ids.size() : r.committee_rule_ids.size());
      }
      r.unit_rules.assign(r.unit_rules_offset[units], not_applicable);
    });
    tables.emplace_back([&] {
      // Meetings of the period, in file order.
      meeting_pos_.assign(ds_.meetings.size(), no_index);
      Index kept = 0;
      for (Index m = 0; m < ds_.meetings.size(); ++m)
        if (period_.contains(ds_.meetings.date[m])) meeting_pos_[m] = kept++;
      r.meetings.reserve(kept);  // one allocation, of the period's meetings only
      for (Index m = 0; m < ds_.meetings.size(); ++m)
        if (meeting_pos_[m] != no_index) r.meetings.push_back({m, 0, not_applicable, std::nullopt});
      if (opt_.meeting_rules) r.meeting_rules.assign(r.meetings.size() * meeting_ids.size(), not_applicable);
    });
    detail::run_parallel(tables, threads);

    lap("report tables");

    std::vector<Index> cells;
    for (Index u = 0; u < units; ++u)
      if (ds_.org_units.kind[u] == OrgKind::cell) cells.push_back(u);
    cell_findings_.resize(cells.size());
    stats_.resize(units);

    constexpr std::size_t chunk = 64;
    std::vector<Scratch> scratch(threads);
    detail::for_each_chunk((cells.size() + chunk - 1) / chunk, threads, [&](std::size_t c, std::size_t w) {
      for (std::size_t i = c * chunk; i < std::min(cells.size(), (c + 1) * chunk); ++i)
        score_cell(r, cells[i], cell_findings_[i], scratch[w]);
    });
    lap("meetings and cells");

    if (opt_.findings) {
      std::size_t total = 0;
      for (auto& f : cell_findings_) total += f.size();
      r.findings.reserve(total);
      for (auto& f : cell_findings_) {
        r.findings.insert(r.findings.end(), f.begin(), f.end());
        std::vector<Finding>().swap(f);
      }
    }
    lap("findings gathered");
    roll_up(r);
    lap("committees rolled up");
    return r;
  }

 private:
  void score_cell(Report& r, Index cell, std::vector<Finding>& findings, Scratch& scratch) {
    const auto rules = reg_.rules();
    const std::size_t nm = reg_.scored(Level::meeting).size();
    std::vector<Finding>* sink = opt_.findings ? &findings : nullptr;

    // Meetings first: each is scored, and its rule scores summed for the cell's means.
    detail::CellFactsBuilder build(ds_, period_, period_months_, period_quarters_, cell, scratch.facts,
                                   cell_detail_);
    std::vector<double> sum(nm, 0);
    std::vector<std::uint32_t> count(nm, 0);
    if (!opt_.meeting_rules) scratch.rules.resize(nm);
    for (Index m : ds_.meetings_of(cell)) {
      if (!period_.contains(ds_.meetings.date[m])) continue;
      const MeetingFacts f = build.meeting(m);
      const Index pos = meeting_pos_[m];
      std::span<double> scores = opt_.meeting_rules ? std::span<double>(r.meeting_rules.data() + pos * nm, nm)
                                                    : std::span<double>(scratch.rules);
      evaluate_meeting(f, meeting_context_, policy_, plans_, scores, r.meetings[pos], sink);
      build.rated(f, r.meetings[pos].rating);
      for (std::size_t k = 0; k < nm; ++k)
        if (!is_na(scores[k])) {
          sum[k] += scores[k];
          ++count[k];
        }
    }
    const CellFacts& cf = build.finish();

    // Rules of the cell with the profile in force on P.to.
    std::span<double> out(r.unit_rules.data() + r.unit_rules_offset[cell], r.cell_rule_ids.size());
    const std::size_t measures = reg_.measures().size();
    MeasureScores by_measure(measures);
    for (std::size_t k = 0; k < r.cell_rule_ids.size(); ++k) {
      const auto id = r.cell_rule_ids[k];
      const RuleInfo& info = rules[id];
      const RuleSettings& s = final_.rules[id];
      if (s.weight <= 0) continue;
      double score = not_applicable;
      if (k < nm) {
        if (count[k] > 0) score = sum[k] / count[k];
      } else {
        const Outcome o = run_rule(info, meeting_context_, cf, s);
        score = o.score;
        if (sink && o.applicable() && o.score < 1) emit_cell_finding(id, cf, o, s, findings);
        if (sink && o.error) findings.push_back(failure_finding(id, o, cell, no_index));
      }
      out[k] = score;
      if (info.in_total) by_measure.add(static_cast<std::size_t>(reg_.measure_of(id)), score, s.weight);
    }
    UnitScore& u = r.units[cell];
    u.total = by_measure.total(final_.measure_weights, r.unit_measures.data() + cell * measures);
    u.weak = cf.weak;
    bool gates_met = true;
    for (std::size_t k = 0; k < r.cell_rule_ids.size(); ++k)
      if (final_.is_gate(r.cell_rule_ids[k], Level::cell) && !is_na(out[k]) && out[k] < 1) gates_met = false;
    if (!is_na(u.total)) u.rating = final_.rate(u.total, gates_met);

    // Structure findings, for a cell active on P.to.
    const Date est = ds_.org_units.established_on[cell], dis = ds_.org_units.dissolved_on[cell];
    const Date to = period_.to;
    const bool active = (est.is_special() || est <= to) && (dis.is_special() || dis > to);
    if (sink && active) {
      for (auto id : reg_.structure()) {
        const Outcome o = run_rule(rules[id], meeting_context_, cf, final_.rules[id]);
        if (o.applicable() && o.score < 1) emit_cell_finding(id, cf, o, final_.rules[id], findings);
      }
    }
    stats_[cell] = {cf.weak, cf.supervision_visits};
  }

  void emit_cell_finding(std::uint16_t id, const CellFacts& cf, const Outcome& o, const RuleSettings& s,
                         std::vector<Finding>& out) {
    const RuleInfo& info = reg_.rules()[id];
    const bool gate = final_.is_gate(id, Level::cell);
    Finding base = make_finding(id, o, s, gate, cf.cell, no_index);
    if (info.explain_cell)
      info.explain_cell(cf, s, base, out);
    else
      out.push_back(base);
  }

  void roll_up(Report& r) {
    const std::size_t units = ds_.org_units.size();
    const std::size_t measures = reg_.measures().size();
    const auto rules = reg_.rules();
    const auto& tree = ds_.tree();
    std::vector<Finding> committee_findings;
    for (Index u = 0; u < units; ++u) {
      if (ds_.org_units.kind[u] == OrgKind::cell) continue;
      const auto cells = tree.cells_below(u);
      UnitScore& us = r.units[u];
      double total = 0;
      std::size_t n = 0;
      std::vector<double> msum(measures, 0);
      std::vector<std::size_t> mcount(measures, 0);
      CommitteeFacts cf;
      cf.unit = u;
      cf.kind = ds_.org_units.kind[u];
      cf.period = period_;
      cf.cells = cells;
      for (Index c : cells) {
        const UnitScore& cs = r.units[c];
        if (!is_na(cs.total)) {
          total += cs.total;
          ++n;
        }
        if (cs.rating) ++us.ratings[static_cast<std::size_t>(*cs.rating)];
        const double* cm = r.unit_measures.data() + c * measures;
        for (std::size_t j = 0; j < measures; ++j)
          if (!is_na(cm[j])) {
            msum[j] += cm[j];
            ++mcount[j];
          }
        if (stats_[c].weak) {
          ++cf.weak_cells;
          cf.weak_cell_visits += stats_[c].supervision_visits;
        } else {
          ++cf.other_cells;
          cf.other_cell_visits += stats_[c].supervision_visits;
        }
      }
      us.total = n ? total / static_cast<double>(n) : not_applicable;
      if (n) us.rating = final_.rate(us.total, true);
      double* mo = r.unit_measures.data() + u * measures;
      for (std::size_t j = 0; j < measures; ++j)
        mo[j] = mcount[j] ? msum[j] / static_cast<double>(mcount[j]) : not_applicable;
      std::span<double> out(r.unit_rules.data() + r.unit_rules_offset[u], r.committee_rule_ids.size());
      for (std::size_t k = 0; k < r.committee_rule_ids.size(); ++k) {
        const auto id = r.committee_rule_ids[k];
        const RuleSettings& s = final_.rules[id];
        if (s.weight <= 0) continue;
        const Outcome o = run_rule(rules[id], {&ds_, &r}, cf, s);
        out[k] = o.score;
        if (opt_.findings && o.error) committee_findings.push_back(failure_finding(id, o, u, no_index));
        if (opt_.findings && o.applicable() && o.score < 1)
          committee_findings.push_back(make_finding(id, o, s, false, u, no_index));
      }
    }
    r.findings.insert(r.findings.end(), committee_findings.begin(), committee_findings.end());
  }

  const Dataset& ds_;
  Period period_;
  const Policy& policy_;
  const Registry& reg_;
  ScoreOptions opt_;
  const Profile& final_;
  const std::vector<MonthKey> period_months_;      // counted months of a cell active all period
  const std::vector<QuarterKey> period_quarters_;  // and its counted quarters
  const std::vector<MeetingPlan> plans_;           // by profile
  const RuleContext meeting_context_;              // for plugin rules of meetings and cells
  const bool cell_detail_;                         // a plugin's cell rule reads CellFacts::meeting_facts
  std::vector<Index> meeting_pos_;
  std::vector<std::vector<Finding>> cell_findings_;
  std::vector<CellStats> stats_;
};

}  // namespace

Report score(const Dataset& dataset, const Period& period, const Policy& policy,
             const ScoreOptions& options) {
  if (period.from.is_special() || period.to.is_special() || period.to < period.from)
    throw std::invalid_argument("score: the period needs from ≤ to");
  spdlog::debug("scoring {} meetings of {} units", dataset.meetings.size(), dataset.org_units.size());
  const auto rules = policy.registry().rules();
  std::vector<std::size_t> failed_before(rules.size(), 0);
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rules[i].external) failed_before[i] = rules[i].external->failures();
  Report report = Engine(dataset, period, policy, options).run();
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rules[i].external && rules[i].external->failures() > failed_before[i])
      spdlog::warn("plugin rule {} failed on {} subjects (error findings say why); their score is N/A",
                   rules[i].id, rules[i].external->failures() - failed_before[i]);
  return report;
}

MeetingResult score_meeting(const Dataset& dataset, Index meeting, const Policy& policy) {
  if (meeting >= dataset.meetings.size()) throw std::out_of_range("score_meeting: no such meeting");
  MeetingResult result;
  result.facts = meeting_facts(dataset, meeting);
  result.rules.assign(policy.registry().scored(Level::meeting).size(), not_applicable);
  evaluate_meeting(result.facts, {&dataset, nullptr}, policy, MeetingPlan::of(policy), result.rules,
                   result.score, &result.findings);
  return result;
}

}  // namespace chibo
