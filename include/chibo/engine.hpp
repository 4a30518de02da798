// Scoring: meetings, cells and committees over a period, with findings.
#pragma once

#include <chibo/dataset.hpp>
#include <chibo/policy.hpp>
#include <chibo/rule.hpp>

#include <array>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace chibo {

namespace detail {
class CellScorer;
class Engine;
}  // namespace detail

struct MeetingScore {
  Index meeting = no_index;
  std::uint8_t profile = 0;  ///< index into Policy::profiles()
  double total = not_applicable;
  std::optional<Rating> rating;
};

struct UnitScore {
  Index unit = no_index;
  double total = not_applicable;
  std::optional<Rating> rating;
  bool weak = false;  ///< cells only
  /// Duties of the upper-level committees (rules whose owner is upper_committee), 0–100: for a
  /// cell how its committees served it, for a committee the mean over the cells below it.
  double duty = not_applicable;
  std::array<std::uint32_t, 4> ratings{};  ///< committees: cells below by rating (tot … kem)
};

struct ScoreOptions {
  /// Count findings while scoring (Report::finding_count and the counts by rule). A report
  /// lists any unit's findings (Report::findings_of) either way.
  bool findings = true;
  /// Keep every meeting's rule scores (Report::rules_of_meeting). Without them a report still
  /// has each meeting's total and rating; a national year's rule scores take half a gigabyte.
  bool meeting_rules = true;
  /// Keep every cell's rule scores (Report::rules_of, priorities_of, the JSON and CSV writers).
  /// Without them a report still has every unit's total, rating, measures and duties: what a
  /// trend's steps show, at half the memory.
  bool cell_rules = true;
  /// Worker threads; 0 = hardware concurrency.
  unsigned threads = 0;
};

/// Scores of a whole dataset for a period. Rule scores are NaN for N/A. A report refers to its
/// dataset and policy (for ids, names and rule metadata): both must outlive it.
///
/// A report does not hold its cells' findings: a national year has some 25 million. It counts
/// them while scoring and makes a cell's again, from the same facts and rules, when asked.
class Report {
 public:
  const Dataset* dataset = nullptr;
  const Policy* policy = nullptr;
  Period period;

  /// Every org unit, in file order.
  std::vector<UnitScore> units;
  /// Per unit, measure scores 0–100 (NaN = N/A): units.size() × measures.
  std::vector<double> unit_measures;
  /// Per unit, rule scores 0–1 for the unit's level: cells hold the scored meeting rules then
  /// the scored cell rules; committees the scored committee rules (see unit_rule_ids()).
  std::vector<double> unit_rules;
  std::vector<std::size_t> unit_rules_offset;  ///< start of each unit's rules in unit_rules

  /// Every meeting in the period, in file order.
  std::vector<MeetingScore> meetings;
  std::vector<double> meeting_rules;  ///< meetings.size() × scored meeting rules; empty if not kept

  /// The findings of a unit (a position in `units`): a cell's by meeting date and rule, then
  /// its own rules' and the structure's; a committee's by rule. The same each time asked.
  std::vector<Finding> findings_of(std::size_t unit_pos) const;
  /// Findings of every unit (counted while scoring; 0 with ScoreOptions::findings off).
  std::uint64_t finding_count() const noexcept { return finding_count_; }
  /// By rule (positions in Registry::rules()): findings, and units with at least one.
  std::span<const std::uint64_t> findings_by_rule() const noexcept { return findings_by_rule_; }
  std::span<const std::uint32_t> units_by_rule() const noexcept { return units_by_rule_; }

  /// The structure the report rolls up by: the one in force on the period's last day
  /// (org_units' parent links, with org_history's where it covers that day).
  const OrgTree& tree() const noexcept;
  /// A unit's parent in that structure (org unit row), or no_index for a root.
  Index parent_of(Index unit) const noexcept;

  std::size_t measure_count() const noexcept;
  std::span<const double> measures_of(std::size_t unit_pos) const noexcept;
  /// Rule scores of a unit, aligned with unit_rule_ids(level of the unit); empty for a cell of a
  /// report scored without them (ScoreOptions::cell_rules).
  std::span<const double> rules_of(std::size_t unit_pos) const noexcept;
  bool has_cell_rules() const noexcept { return cell_rules_; }
  /// A meeting's rule scores, aligned with meeting_rule_ids(); empty if they were not kept
  /// (ScoreOptions::meeting_rules).
  std::span<const double> rules_of_meeting(std::size_t meeting_pos) const noexcept;
  /// Rule positions (into Registry::rules()) behind rules_of() for a cell or a committee.
  std::span<const std::uint16_t> unit_rule_ids(bool cell) const noexcept;
  std::span<const std::uint16_t> meeting_rule_ids() const noexcept;

  std::vector<std::uint16_t> cell_rule_ids, committee_rule_ids;
  /// The upper committees' duty rules (positions in Registry::rules()) and, per unit, the points
  /// its duty score would gain were each met (units.size() × duty_rule_ids.size()): a cell's
  /// own, a committee's the mean over the cells below it.
  std::vector<std::uint16_t> duty_rule_ids;
  std::vector<double> unit_duty_points;

 private:
  friend class detail::Engine;
  std::shared_ptr<const detail::CellScorer> scorer_;
  std::shared_ptr<const OrgTree> tree_;
  std::vector<Finding> committee_findings_;  ///< by unit, then rule
  std::uint64_t finding_count_ = 0;
  bool cell_rules_ = true;
  std::vector<std::uint64_t> findings_by_rule_;
  std::vector<std::uint32_t> units_by_rule_;
};

/// Scores every meeting, cell and committee of a dataset over a period.
Report score(const Dataset& dataset, const Period& period, const Policy& policy,
             const ScoreOptions& options = {});

/// Reports of several periods (a trend's steps), scored in one pass over the cells: each cell is
/// scored for every period while its data is in the cache. Each report equals
/// score(dataset, period, policy, options).
std::vector<Report> score_periods(const Dataset& dataset, std::span<const Period> periods,
                                  const Policy& policy, const ScoreOptions& options = {});

/// The score of one meeting, as an application shows it when the meeting is entered.
struct MeetingResult {
  MeetingScore score;
  std::vector<double> rules;  ///< aligned with Registry::scored(Level::meeting)
  MeetingFacts facts;
  std::vector<Finding> findings;
};
/// Scores one meeting of a loaded dataset (by row); uses the profile in force on its date.
MeetingResult score_meeting(const Dataset& dataset, Index meeting, const Policy& policy);

/// Facts of one meeting (what every meeting rule reads).
MeetingFacts meeting_facts(const Dataset& dataset, Index meeting);

}  // namespace chibo
