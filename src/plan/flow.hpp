// Minimum-cost flow over Boost.Graph, for the plans (internal).
#pragma once

#include <cstdint>
#include <vector>

namespace chibo::detail {

/// A network of `nodes` vertices and arcs with capacities and costs ≥ 0.
struct FlowNetwork {
  struct Arc {
    std::uint32_t from = 0, to = 0;
    std::int64_t capacity = 0, cost = 0;
  };
  std::uint32_t nodes = 0;
  std::vector<Arc> arcs;
  std::uint32_t add_node() { return nodes++; }
  void add_arc(std::uint32_t from, std::uint32_t to, std::int64_t capacity, std::int64_t cost) {
    arcs.push_back({from, to, capacity, cost});
  }
};

/// The flow on each arc of a maximum flow from `source` to `sink` of least cost (Boost's
/// successive shortest paths).
std::vector<std::int64_t> min_cost_flow(const FlowNetwork& network, std::uint32_t source, std::uint32_t sink);

}  // namespace chibo::detail
