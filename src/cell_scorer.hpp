// Scoring one cell: its meetings, its own rules and its findings (internal). The engine runs it
// once per cell to fill a report; a report runs it again to list a cell's findings when a writer
// asks, so that a national year's 25 million findings are never held at once.
#pragma once

#include <chibo/engine.hpp>

#include "aggregate.hpp"
#include "facts_build.hpp"

#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <vector>

namespace chibo::detail {

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

  static std::vector<MeetingPlan> of(const Policy& policy);
};

/// Scores one meeting: rule scores into `scores`, total and rating into `out`, findings appended.
void evaluate_meeting(const MeetingFacts& f, const RuleContext& ctx, const Policy& policy,
                      const std::vector<MeetingPlan>& plans, std::span<double> scores, MeetingScore& out,
                      std::vector<Finding>* findings);

/// A rule's default severity for an outcome (a rule may set its own).
Severity severity_of(const Outcome& o, bool gate);
Finding make_finding(std::uint16_t rule, const Outcome& o, const RuleSettings& s, bool gate, Index unit,
                     Index meeting);
/// The error finding of a plugin rule that failed on a subject (its score is N/A).
Finding failure_finding(std::uint16_t rule, const Outcome& o, Index unit, Index meeting);

/// A rule's function of its level, or its plugin's.
inline Outcome run_rule(const RuleInfo& r, const RuleContext& ctx, const CellFacts& f,
                        const RuleSettings& s) {
  return r.cell_fn ? r.cell_fn(f, s) : r.external->cell(ctx, f, s);
}
inline Outcome run_rule(const RuleInfo& r, const RuleContext& ctx, const CommitteeFacts& f,
                        const RuleSettings& s) {
  return r.committee_fn ? r.committee_fn(f, s) : r.external->committee(ctx, f, s);
}

/// What the roll-up needs of a scored cell.
struct CellStats {
  bool weak = false;
  std::uint32_t supervision_visits = 0;
};

/// Per-thread scratch of a CellScorer.
struct CellScratch {
  FactsScratch facts;
  std::vector<double> rules;              ///< a meeting's rule scores, when they are not kept
  MeetingScore meeting;                   ///< a meeting's score, when it is not kept
  std::vector<double> sums, own, points;  ///< a cell's rule sums, rule scores and points if met
  std::vector<std::uint32_t> counts;
};

/// Where a scored cell goes. Every part is optional: the engine fills a report's tables; a
/// report that lists a cell's findings again wants only those.
struct CellSink {
  Report* report = nullptr;
  std::span<const Index> meeting_pos;  ///< the report's position of each meeting row (with report)
  std::vector<Finding>* findings = nullptr;
};

/// Scores cells of one dataset, period and policy; safe to call from several threads (each with
/// its own scratch), and the same cell scored twice gives the same findings.
class CellScorer {
 public:
  CellScorer(const Dataset& ds, const Period& period, const Policy& policy);
  CellStats score(Index cell, CellScratch& scratch, const CellSink& sink) const;
  /// Appends a cell's findings, with a scratch of the scorer's own: scratches keep what cells
  /// share (topic keys cost ICU case folding), and a writer asks for every cell in turn.
  void findings(Index cell, std::vector<Finding>& out) const;
  /// Position of each scored cell rule in the report's unit rules (meeting rules, then cell rules).
  const std::vector<std::uint16_t>& cell_rule_ids() const noexcept { return cell_rule_ids_; }
  /// The upper committees' duty rules among them (Report::duty_rule_ids).
  std::vector<std::uint16_t> duty_rule_ids() const;

 private:
  void emit_cell_finding(std::uint16_t id, const CellFacts& cf, const Outcome& o, const RuleSettings& s,
                         std::vector<Finding>& out) const;

  const Dataset& ds_;
  const Period period_;
  const Policy& policy_;
  const Registry& reg_;
  const Profile& final_;
  const std::vector<MonthKey> period_months_;      // counted months of a cell active all period
  const std::vector<QuarterKey> period_quarters_;  // and its counted quarters
  const std::vector<MeetingPlan> plans_;           // by profile
  const RuleContext meeting_context_;              // for plugin rules of meetings and cells
  const bool cell_detail_;                         // a plugin's cell rule reads CellFacts::meeting_facts
  const std::vector<std::uint16_t> cell_rule_ids_;
  // By position in cell_rule_ids_: weight, measure and place in the total in force on P.to,
  // whether the rule is an upper committee's duty, and whether it is a gate.
  const CellTotalTerms terms_;
  std::vector<bool> duty_, gate_;
  std::vector<std::size_t> duty_at_;  // positions of the duty rules
  mutable std::mutex spare_mutex_;
  mutable std::vector<std::unique_ptr<CellScratch>> spare_;  // scratches not in use
};

}  // namespace chibo::detail
