// Cells' priorities for a writer that ranks many cells of one report (internal).
#pragma once

#include <chibo/findings.hpp>

#include "aggregate.hpp"

#include <cstdint>
#include <span>
#include <vector>

namespace chibo::detail {

/// points_if_met() and priorities_of() for the cells of one report, with what every cell shares
/// (each rule's weight, measure and whether it makes the total) worked out once: a national
/// summary ranks 300 thousand cells.
class CellPriorities {
 public:
  explicit CellPriorities(const Report& report);
  /// points_if_met(report, unit_pos).
  std::vector<double> points(std::size_t unit_pos) const;
  /// priorities_of(report, unit_pos, n).
  std::vector<Priority> first(std::size_t unit_pos, std::size_t n) const;
  /// Where `rule` stands in points()' list, or npos when cells are not scored by it.
  std::size_t position(std::uint16_t rule) const noexcept {
    return rule < position_.size() ? position_[rule] : npos;
  }
  const Report& report() const noexcept { return r_; }
  static constexpr std::size_t npos = SIZE_MAX;

 private:
  const Report& r_;
  std::span<const std::uint16_t> ids_;
  std::span<const double> measure_weights_;
  CellTotalTerms terms_;
  std::vector<std::size_t> position_;  // by rule id
};

/// group_findings(report, unit_pos, findings), for the report of `priorities`.
std::vector<FindingGroup> group_findings(const CellPriorities& priorities, std::size_t unit_pos,
                                         std::span<const Finding> findings);

}  // namespace chibo::detail
