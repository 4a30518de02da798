// Findings taken together for the people who act on them: one item per unit and rule, ranked
// by what meeting the rule would be worth (docs/report.md).
#pragma once

#include <chibo/engine.hpp>

#include <span>
#include <vector>

namespace chibo {

/// A unit's findings of one rule, together: a cell that fell short of a rule at eight meetings
/// gets one item listing the eight, with the worst of them as its evidence.
struct FindingGroup {
  std::uint16_t rule = 0;  ///< position in Registry::rules()
  Index unit = no_index;
  Severity severity = Severity::info;  ///< the most severe of the group's findings
  std::size_t count = 0;               ///< findings in the group
  std::vector<Index> meetings;         ///< meeting rows, in the order found (by date)
  std::vector<Index> members;          ///< member rows, for findings about one member each
  Finding worst;                       ///< the lowest score (the first of equals)
  /// Points (0–100) the unit's total would gain were the rule fully met, from the weights that
  /// make the total: groups rank themselves by it. 0 for a rule outside the total (structure,
  /// committees' duties).
  double points = 0;
};

/// Groups the findings of one unit (Report::findings_of(unit_pos)) by rule, most points first,
/// then the most severe, then in the registry's order.
std::vector<FindingGroup> group_findings(const Report& report, std::size_t unit_pos,
                                         std::span<const Finding> findings);

/// A rule worth fixing first in a cell (ưu tiên khắc phục): one whose full score would raise
/// the cell's total, by how many points.
struct Priority {
  std::uint16_t rule = 0;  ///< position in Registry::rules()
  double points = 0;
};

/// The points (0–100) a cell's total would gain were each of its rules fully met, aligned with
/// Report::unit_rule_ids(true); 0 for a rule met, not applicable or outside the total. Empty for
/// a committee, whose total is its cells' mean.
std::vector<double> points_if_met(const Report& report, std::size_t unit_pos);

/// A cell's first `n` priorities: its rules by the points they would add (more than 0), most
/// first, then in the registry's order. From the scores alone: no finding is made again.
std::vector<Priority> priorities_of(const Report& report, std::size_t unit_pos, std::size_t n);

/// A committee's first `n` duties to act on: the upper committees' rules (owner
/// upper_committee) by the points its duty score (UnitScore::duty) would gain were each met in
/// every cell below it. For a cell, what its committees owe it.
std::vector<Priority> duty_priorities_of(const Report& report, std::size_t unit_pos, std::size_t n);

}  // namespace chibo
