// Supervision plans (kế hoạch giám sát): which cadre of which committee helps which cell that
// needs it, chosen as a minimum-cost flow, so that the plan is optimal rather than greedy.
#pragma once

#include <chibo/engine.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace chibo {

/// One assignment problem: cadres, each with a capacity (cells they can take on), cells, each
/// with the cost of leaving it uncovered, and the arcs of who may serve whom at what cost.
/// Costs are whole numbers ≥ 0; leaving a cell uncovered must cost more than any arc for
/// coverage to pay.
struct AssignmentProblem {
  struct Arc {
    std::uint32_t cadre = 0, cell = 0;
    std::int64_t cost = 0;
  };
  std::vector<std::uint32_t> capacity;  ///< per cadre
  std::vector<std::int64_t> uncovered;  ///< per cell: the cost of leaving it without a cadre
  std::vector<Arc> arcs;
};

/// The assignment of least total cost (arcs taken plus cells left uncovered): each cadre at
/// most its capacity, each cell at most one cadre. For each cell, the cadre (an index into
/// `capacity`) or UINT32_MAX when it is left uncovered. Solved with Boost.Graph's successive
/// shortest paths over source → cadres → cells → sink, and a path source → "uncovered" → cell
/// priced at each cell's penalty, so that every cell is either served or paid for.
std::vector<std::uint32_t> solve_assignment(const AssignmentProblem& problem);

/// Why a cell needs an upper-level cadre's help, most urgent first.
enum class Need : std::uint8_t {
  weak,    ///< yếu kém per the rulebook
  kem,     ///< its meetings rated Kém
  duties,  ///< its own priorities include measure 5 or 7 (the upper committee's part)
};

struct PlanOptions {
  std::uint32_t capacity = 3;  ///< cells a cadre takes on at most
};

/// A cell that needs help and who is to give it.
struct PlannedCell {
  Index cell = no_index;  ///< org unit row
  Need need = Need::duties;
  Index cadre = no_index;  ///< cadre row; no_index when nobody can be given
  bool kept = false;       ///< the cadre already supervises the cell (assignments.csv)
  /// For a cell left without a cadre: why (no cadre above it, or all of them are full).
  std::string uncovered;
};

/// The supervision plan of a report's period: the cells that need help (weak, rated Kém, or
/// whose priorities are their committees' duties), each given a cadre of a committee above it
/// in the structure of the period's last day, each cadre at most `capacity` cells. Optimal
/// (solve_assignment): the weakest covered first; then nearer committees, standing-committee
/// members for weak and Kém cells, and assignments already in force are preferred.
std::vector<PlannedCell> plan_supervision(const Report& report, const PlanOptions& options = {});

}  // namespace chibo
