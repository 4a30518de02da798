// The organisation tree (tỉnh ủy → huyện ủy → đảng ủy cơ sở → chi bộ) as a Boost.Graph graph.
#pragma once

#include <boost/graph/compressed_sparse_row_graph.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace chibo {

class OrgTree {
 public:
  /// Edges run parent → child; vertex i is org unit row i. Compressed rows: built in one pass
  /// from the parent links, with no allocation per unit (a national tree has 0.3 million).
  using Graph = boost::compressed_sparse_row_graph<boost::bidirectionalS>;
  using Vertex = Graph::vertex_descriptor;

  OrgTree() = default;
  /// `parent[i]` is the parent row of unit i or UINT32_MAX for a root; `is_cell[i]` marks cells.
  OrgTree(std::span<const std::uint32_t> parent, const std::vector<bool>& is_cell);

  /// A unit that lies on a cycle of parent links, if any (the tree is then unusable).
  static std::optional<std::uint32_t> find_cycle(std::span<const std::uint32_t> parent);

  const Graph& graph() const noexcept { return graph_; }
  std::size_t size() const noexcept { return boost::num_vertices(graph_); }
  std::optional<std::uint32_t> parent(std::uint32_t unit) const noexcept;
  /// Every unit above `unit`, nearest first.
  std::vector<std::uint32_t> ancestors(std::uint32_t unit) const;
  bool is_ancestor(std::uint32_t ancestor, std::uint32_t unit) const noexcept;
  /// Every cell at any depth below `unit`, in depth-first order.
  std::span<const std::uint32_t> cells_below(std::uint32_t unit) const noexcept;
  /// Units ordered so that every unit comes after all units below it (children first), for
  /// roll-ups.
  std::span<const std::uint32_t> bottom_up() const noexcept { return bottom_up_; }
  std::uint32_t depth(std::uint32_t unit) const noexcept { return depth_[unit]; }

 private:
  Graph graph_;
  std::vector<std::uint32_t> bottom_up_;
  std::vector<std::uint32_t> depth_;
  // cells_below(u) = cells_[cell_begin_[u], cell_end_[u]): cells are laid out in DFS order so
  // that each subtree's cells are contiguous.
  std::vector<std::uint32_t> cells_;
  std::vector<std::uint32_t> cell_begin_, cell_end_;
};

}  // namespace chibo
