// The organisation tree (tỉnh ủy → huyện ủy → đảng ủy cơ sở → chi bộ): made by a depth-first
// visit of a Boost.Graph graph (src/org_tree.cpp), kept as the arrays roll-ups read.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace chibo {

class OrgTree {
 public:
  OrgTree() = default;
  /// `parent[i]` is the parent row of unit i or UINT32_MAX for a root; `is_cell[i]` marks cells.
  OrgTree(std::span<const std::uint32_t> parent, const std::vector<bool>& is_cell);

  /// A unit that lies on a cycle of parent links, if any (the tree is then unusable).
  static std::optional<std::uint32_t> find_cycle(std::span<const std::uint32_t> parent);

  std::size_t size() const noexcept { return parent_.size(); }
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
  std::vector<std::uint32_t> parent_;  // UINT32_MAX for a root
  std::vector<std::uint32_t> bottom_up_;
  std::vector<std::uint32_t> depth_;
  // cells_below(u) = cells_[cell_begin_[u], cell_end_[u]): cells are laid out in DFS order so
  // that each subtree's cells are contiguous.
  std::vector<std::uint32_t> cells_;
  std::vector<std::uint32_t> cell_begin_, cell_end_;
};

}  // namespace chibo
