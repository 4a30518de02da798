// Minimum-cost flow by the primal–dual method: Dijkstra's shortest distances (reduced by vertex
// potentials, so that every residual arc costs ≥ 0) and then a maximum flow over every arc on a
// shortest path at once, both from Boost.Graph. A plan's costs take few distinct values, so a
// province needs tens of phases where successive shortest paths, one path at a time, needed
// thousands of Dijkstra runs (docs/performance.md).
#include "flow.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/push_relabel_max_flow.hpp>

#include <algorithm>
#include <limits>
#include <stdexcept>

namespace chibo::detail {

namespace {

constexpr std::int64_t infinite = std::numeric_limits<std::int64_t>::max() / 4;

// The residual network: arc 2i is network arc i, 2i + 1 its reverse.
struct Residual {
  std::vector<std::uint32_t> from, to;
  std::vector<std::int64_t> capacity, cost;
  explicit Residual(const FlowNetwork& n) {
    for (const auto& a : n.arcs) {
      if (a.from >= n.nodes || a.to >= n.nodes || a.capacity < 0 || a.cost < 0)
        throw std::invalid_argument(
            "min_cost_flow: an arc names no vertex, or has a capacity or cost below 0");
      from.insert(from.end(), {a.from, a.to});
      to.insert(to.end(), {a.to, a.from});
      capacity.insert(capacity.end(), {a.capacity, 0});
      cost.insert(cost.end(), {a.cost, -a.cost});
    }
  }
  std::size_t size() const noexcept { return from.size(); }
};

// Shortest distances from `source` over residual arcs, each costing its reduced cost.
std::vector<std::int64_t> distances(const Residual& r, const std::vector<std::int64_t>& potential,
                                    std::uint32_t nodes, std::uint32_t source) {
  using Graph = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property,
                                                   boost::property<boost::edge_weight_t, std::int64_t>>;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  std::vector<std::int64_t> weights;
  for (std::size_t e = 0; e < r.size(); ++e) {
    if (r.capacity[e] <= 0) continue;
    edges.emplace_back(r.from[e], r.to[e]);
    weights.push_back(r.cost[e] + potential[r.from[e]] - potential[r.to[e]]);
  }
  const Graph g(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), weights.begin(), nodes);
  std::vector<std::int64_t> d(nodes, infinite);
  boost::dijkstra_shortest_paths(
      g, source,
      boost::distance_map(boost::make_iterator_property_map(d.begin(), boost::get(boost::vertex_index, g)))
          .weight_map(boost::get(boost::edge_weight, g))
          .distance_inf(infinite)
          .distance_zero(std::int64_t{0}));
  return d;
}

// A maximum flow over the arcs of zero reduced cost (those on shortest paths), added to `r`.
void augment(Residual& r, const std::vector<std::int64_t>& potential, std::uint32_t nodes,
             std::uint32_t source, std::uint32_t sink) {
  using Traits = boost::adjacency_list_traits<boost::vecS, boost::vecS, boost::directedS>;
  using Graph = boost::adjacency_list<
      boost::vecS, boost::vecS, boost::directedS, boost::no_property,
      boost::property<boost::edge_capacity_t, std::int64_t,
                      boost::property<boost::edge_residual_capacity_t, std::int64_t,
                                      boost::property<boost::edge_reverse_t, Traits::edge_descriptor>>>>;
  Graph g(nodes);
  std::vector<std::pair<std::size_t, Graph::edge_descriptor>> used;  // residual arc, its edge
  auto capacity = boost::get(boost::edge_capacity, g);
  auto reverse = boost::get(boost::edge_reverse, g);
  for (std::size_t e = 0; e < r.size(); ++e) {
    if (r.capacity[e] <= 0 || r.cost[e] + potential[r.from[e]] - potential[r.to[e]] != 0) continue;
    const auto fwd = boost::add_edge(r.from[e], r.to[e], g).first;
    const auto back = boost::add_edge(r.to[e], r.from[e], g).first;
    capacity[fwd] = r.capacity[e];
    capacity[back] = 0;
    reverse[fwd] = back;
    reverse[back] = fwd;
    used.emplace_back(e, fwd);
  }
  boost::push_relabel_max_flow(g, source, sink);
  const auto residual = boost::get(boost::edge_residual_capacity, g);
  for (const auto& [e, edge] : used) {
    const std::int64_t f = capacity[edge] - residual[edge];
    r.capacity[e] -= f;
    r.capacity[e ^ 1] += f;
  }
}

}  // namespace

std::vector<std::int64_t> min_cost_flow(const FlowNetwork& n, std::uint32_t source, std::uint32_t sink) {
  if (source >= n.nodes || sink >= n.nodes || source == sink)
    throw std::invalid_argument("min_cost_flow: the source and the sink must be two vertices of the network");
  Residual r(n);
  // Costs start ≥ 0, so zero potentials make every reduced cost ≥ 0. After each phase a vertex's
  // potential grows by its distance, capped at the sink's, which keeps them so.
  std::vector<std::int64_t> potential(n.nodes, 0);
  for (;;) {
    const auto d = distances(r, potential, n.nodes, source);
    if (d[sink] >= infinite) break;
    for (std::uint32_t v = 0; v < n.nodes; ++v) potential[v] += std::min(d[v], d[sink]);
    augment(r, potential, n.nodes, source, sink);
  }
  std::vector<std::int64_t> flow(n.arcs.size());
  for (std::size_t i = 0; i < n.arcs.size(); ++i) flow[i] = n.arcs[i].capacity - r.capacity[2 * i];
  return flow;
}

}  // namespace chibo::detail
