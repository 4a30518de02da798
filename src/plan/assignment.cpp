// The assignment of cadres to cells as a minimum-cost flow.
#include <chibo/plan.hpp>

#include "flow.hpp"

#include <stdexcept>

namespace chibo {

std::vector<std::uint32_t> solve_assignment(const AssignmentProblem& p) {
  const auto cadres = static_cast<std::uint32_t>(p.capacity.size());
  const auto cells = static_cast<std::uint32_t>(p.uncovered.size());
  // Vertices: source, sink, "uncovered", the cadres, the cells.
  detail::FlowNetwork n;
  const std::uint32_t source = n.add_node(), sink = n.add_node(), none = n.add_node();
  const std::uint32_t first_cadre = n.nodes, first_cell = first_cadre + cadres;
  n.nodes += cadres + cells;
  for (std::uint32_t c = 0; c < cadres; ++c) n.add_arc(source, first_cadre + c, p.capacity[c], 0);
  n.add_arc(source, none, cells, 0);
  for (const auto& a : p.arcs) {
    if (a.cadre >= cadres || a.cell >= cells || a.cost < 0)
      throw std::invalid_argument("solve_assignment: an arc names no cadre or cell, or costs less than 0");
  }
  const std::size_t first_arc = n.arcs.size();
  for (const auto& a : p.arcs) n.add_arc(first_cadre + a.cadre, first_cell + a.cell, 1, a.cost);
  for (std::uint32_t k = 0; k < cells; ++k) {
    if (p.uncovered[k] < 0) throw std::invalid_argument("solve_assignment: a penalty below 0");
    n.add_arc(none, first_cell + k, 1, p.uncovered[k]);
    n.add_arc(first_cell + k, sink, 1, 0);
  }
  // Every cell takes one unit, from a cadre or from "uncovered": the flow is always the number
  // of cells, and its least cost is the best plan.
  const auto flow = detail::min_cost_flow(n, source, sink);
  std::vector<std::uint32_t> out(cells, UINT32_MAX);
  for (std::size_t i = 0; i < p.arcs.size(); ++i)
    if (flow[first_arc + i] > 0) out[p.arcs[i].cell] = p.arcs[i].cadre;
  return out;
}

}  // namespace chibo
