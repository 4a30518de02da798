// The assignment of cadres to cells as a minimum-cost flow (Boost.Graph).
#include <chibo/plan.hpp>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/successive_shortest_path_nonnegative_weights.hpp>

#include <stdexcept>

namespace chibo {

namespace {

using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
using Graph = boost::adjacency_list<
    boost::vecS, boost::vecS, boost::directedS, boost::no_property,
    boost::property<boost::edge_capacity_t, std::int64_t,
                    boost::property<boost::edge_residual_capacity_t, std::int64_t,
                                    boost::property<boost::edge_reverse_t, Traits::edge_descriptor,
                                                    boost::property<boost::edge_weight_t, double>>>>>;
using Edge = Graph::edge_descriptor;

/// An arc and its residual twin (capacity 0, cost negated), as the flow algorithms expect. Costs
/// are whole numbers held as doubles (exact to 2^53): a vertex the source no longer reaches
/// has an infinite distance, which the algorithm adds to its potential; infinity + infinity is
/// infinity in floating point, where in integers it would overflow.
Edge add_arc(Graph& g, std::size_t from, std::size_t to, std::int64_t capacity, std::int64_t cost) {
  const Edge e = boost::add_edge(from, to, g).first;
  const Edge back = boost::add_edge(to, from, g).first;
  boost::put(boost::edge_capacity, g, e, capacity);
  boost::put(boost::edge_capacity, g, back, 0);
  boost::put(boost::edge_weight, g, e, static_cast<double>(cost));
  boost::put(boost::edge_weight, g, back, -static_cast<double>(cost));
  boost::put(boost::edge_reverse, g, e, back);
  boost::put(boost::edge_reverse, g, back, e);
  return e;
}

}  // namespace

std::vector<std::uint32_t> solve_assignment(const AssignmentProblem& p) {
  const std::size_t cadres = p.capacity.size(), cells = p.uncovered.size();
  // Vertices: source, sink, "uncovered", the cadres, the cells.
  const std::size_t source = 0, sink = 1, none = 2, first_cadre = 3, first_cell = 3 + cadres;
  Graph g(first_cell + cells);
  for (std::size_t c = 0; c < cadres; ++c) add_arc(g, source, first_cadre + c, p.capacity[c], 0);
  add_arc(g, source, none, static_cast<std::int64_t>(cells), 0);
  std::vector<Edge> served;
  served.reserve(p.arcs.size());
  for (const auto& a : p.arcs) {
    if (a.cadre >= cadres || a.cell >= cells || a.cost < 0)
      throw std::invalid_argument("solve_assignment: an arc names no cadre or cell, or costs less than 0");
    served.push_back(add_arc(g, first_cadre + a.cadre, first_cell + a.cell, 1, a.cost));
  }
  for (std::size_t k = 0; k < cells; ++k) {
    if (p.uncovered[k] < 0) throw std::invalid_argument("solve_assignment: a penalty below 0");
    add_arc(g, none, first_cell + k, 1, p.uncovered[k]);
    add_arc(g, first_cell + k, sink, 1, 0);
  }
  // Every cell takes one unit, from a cadre or from "uncovered": the flow is always the number
  // of cells, and its least cost is the best plan.
  boost::successive_shortest_path_nonnegative_weights(g, source, sink);
  std::vector<std::uint32_t> out(cells, UINT32_MAX);
  const auto residual = boost::get(boost::edge_residual_capacity, g);
  for (std::size_t i = 0; i < served.size(); ++i)
    if (residual[served[i]] == 0) out[p.arcs[i].cell] = p.arcs[i].cadre;
  return out;
}

}  // namespace chibo
