// Supervision plans (kế hoạch giám sát): which cadre of which committee helps which cell that
// needs it, chosen as a minimum-cost flow, so that the plan is optimal rather than greedy.
#pragma once

#include <cstdint>
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

}  // namespace chibo
