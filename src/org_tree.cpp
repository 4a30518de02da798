#include <chibo/org_tree.hpp>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/properties.hpp>
#include <boost/property_map/property_map.hpp>

namespace chibo {

namespace {
constexpr std::uint32_t no_parent = UINT32_MAX;

/// Edges run parent → child; vertex i is org unit row i. Compressed rows: built in one pass from
/// the parent links, with no allocation per unit (a national tree has 0.3 million).
using Graph = boost::compressed_sparse_row_graph<boost::bidirectionalS>;
using Vertex = Graph::vertex_descriptor;

struct Recorder : boost::default_dfs_visitor {
  const std::vector<bool>* is_cell;
  std::vector<std::uint32_t>* cells;
  std::vector<std::uint32_t>* begin;
  std::vector<std::uint32_t>* end;
  std::vector<std::uint32_t>* post_order;
  std::vector<std::uint32_t>* depth;

  template <class G>
  void discover_vertex(Vertex u, const G& g) const {
    (*begin)[u] = static_cast<std::uint32_t>(cells->size());
    if ((*is_cell)[u]) cells->push_back(static_cast<std::uint32_t>(u));
    for (auto [e, e_end] = boost::out_edges(u, g); e != e_end; ++e)
      (*depth)[boost::target(*e, g)] = (*depth)[u] + 1;
  }
  template <class G>
  void finish_vertex(Vertex u, const G&) const {
    (*end)[u] = static_cast<std::uint32_t>(cells->size());
    post_order->push_back(static_cast<std::uint32_t>(u));
  }
};
}  // namespace

std::optional<std::uint32_t> OrgTree::find_cycle(std::span<const std::uint32_t> parent) {
  // Every unit either reaches a root or enters a cycle; colour walks so each unit is walked once.
  const std::size_t n = parent.size();
  std::vector<std::uint8_t> state(n, 0);  // 0 new, 1 on the current walk, 2 reaches a root
  for (std::size_t start = 0; start < n; ++start) {
    std::uint32_t u = static_cast<std::uint32_t>(start);
    while (u != no_parent && u < n && state[u] == 0) {
      state[u] = 1;
      u = parent[u];
    }
    if (u != no_parent && u < n && state[u] == 1) return u;
    for (std::uint32_t v = static_cast<std::uint32_t>(start); v != no_parent && v < n && state[v] == 1;
         v = parent[v])
      state[v] = 2;
  }
  return std::nullopt;
}

namespace {
std::vector<std::pair<std::uint32_t, std::uint32_t>> parent_child_edges(
    std::span<const std::uint32_t> parent) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  edges.reserve(parent.size());
  for (std::size_t u = 0; u < parent.size(); ++u)
    if (parent[u] != no_parent) edges.emplace_back(parent[u], static_cast<std::uint32_t>(u));
  return edges;
}
}  // namespace

// The graph keeps each unit's children in file order (its construction sorts edges by parent
// stably), which the depth-first order of cells below follows.
OrgTree::OrgTree(std::span<const std::uint32_t> parent, const std::vector<bool>& is_cell) {
  const std::size_t n = parent.size();
  const auto edges = parent_child_edges(parent);
  const Graph graph(boost::edges_are_unsorted_multi_pass, edges.begin(), edges.end(), n);
  parent_.assign(parent.begin(), parent.end());

  depth_.assign(n, 0);
  cell_begin_.assign(n, 0);
  cell_end_.assign(n, 0);
  bottom_up_.reserve(n);
  Recorder rec;
  rec.is_cell = &is_cell;
  rec.cells = &cells_;
  rec.begin = &cell_begin_;
  rec.end = &cell_end_;
  rec.post_order = &bottom_up_;
  rec.depth = &depth_;
  std::vector<boost::default_color_type> colour(n, boost::white_color);
  auto colour_map = boost::make_iterator_property_map(colour.begin(), boost::get(boost::vertex_index, graph));
  // Start only from roots, in file order, so that each subtree's cells are contiguous.
  for (std::size_t u = 0; u < n; ++u)
    if (parent[u] == no_parent) boost::depth_first_visit(graph, u, rec, colour_map);
}

std::optional<std::uint32_t> OrgTree::parent(std::uint32_t unit) const noexcept {
  if (parent_[unit] == no_parent) return std::nullopt;
  return parent_[unit];
}

std::vector<std::uint32_t> OrgTree::ancestors(std::uint32_t unit) const {
  std::vector<std::uint32_t> up;
  for (auto p = parent(unit); p; p = parent(*p)) up.push_back(*p);
  return up;
}

bool OrgTree::is_ancestor(std::uint32_t ancestor, std::uint32_t unit) const noexcept {
  // A DFS interval test would need per-vertex discovery times of all units; walking up a tree of
  // depth four is cheaper than storing them.
  for (auto p = parent(unit); p; p = parent(*p))
    if (*p == ancestor) return true;
  return false;
}

std::span<const std::uint32_t> OrgTree::cells_below(std::uint32_t unit) const noexcept {
  return std::span<const std::uint32_t>(cells_).subspan(cell_begin_[unit],
                                                        cell_end_[unit] - cell_begin_[unit]);
}

}  // namespace chibo
