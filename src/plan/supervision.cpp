// The supervision plan of a report: which cells need help, who may give it at what cost, and
// the optimal assignment (solve_assignment).
#include <chibo/findings.hpp>
#include <chibo/plan.hpp>

#include "../parallel.hpp"
#include "flow.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

namespace chibo {

namespace {

// Prices, in points of one scale: leaving a cell costs more than any arc, and a weaker cell
// more than a less weak one, so that coverage comes first and the weakest before the rest.
constexpr std::int64_t leave_weak = 1'000'000, leave_kem = 100'000, leave_duties = 10'000;
constexpr std::int64_t per_level = 10;  // each committee level between the cadre and the cell
constexpr std::int64_t wrong_rank =
    5;  // a standing-committee member for a mild need, or not one for a weak cell
constexpr std::int64_t new_assignment = 8;  // an assignment in force costs nothing to keep

std::optional<Need> need_of(const Report& r, std::size_t pos) {
  const UnitScore& u = r.units[pos];
  if (u.weak) return Need::weak;
  if (u.rating == Rating::kem) return Need::kem;
  const auto rules = r.policy->registry().rules();
  for (const auto& p : priorities_of(r, pos, 3))
    if (rules[p.rule].measure == "M5" || rules[p.rule].measure == "M7") return Need::duties;
  return std::nullopt;
}

struct Context {
  const Dataset& ds;
  const OrgTree& tree;
  const std::vector<PlannedCell>& cells;
  const std::vector<std::vector<Index>>& above;              // by cell: its committees, nearest first
  const std::vector<std::vector<std::uint32_t>>& cadres_of;  // by committee
  const std::set<std::pair<Index, Index>>& current;          // (cadre, cell) assignments in force
  std::uint32_t capacity;
};

std::int64_t leave_cost(Need n) {
  return n == Need::weak ? leave_weak : n == Need::kem ? leave_kem : leave_duties;
}

// One tree's plan as a minimum-cost flow: source → cadre (capacity) → the cadre's group (their
// committee and rank) → the cells → sink, with "uncovered" → cell priced at the cell's need.
// Cells of one committee and need with no assignment to keep are interchangeable, and so are a
// group's cadres: each such class is one vertex, which keeps a province's network to a few
// thousand arcs instead of one per cadre and cell. An assignment to keep is an arc of its own,
// cadre → cell, without the price of a new one.
void plan_tree(const Context& x, const std::vector<std::uint32_t>& members, std::vector<PlannedCell>& cells) {
  detail::FlowNetwork n;
  const std::uint32_t source = n.add_node(), sink = n.add_node(), none = n.add_node();
  const std::int64_t unlimited = static_cast<std::int64_t>(members.size());
  n.add_arc(source, none, unlimited, 0);

  // Demand vertices: a class (committee, need) or a cell with an assignment to keep.
  std::map<std::pair<Index, Need>, std::uint32_t> class_of;
  std::vector<std::vector<std::uint32_t>> demand_cells;  // by demand vertex − first: positions in `cells`
  std::vector<std::uint32_t> demand_vertex;              // by demand: vertex
  std::vector<std::vector<std::uint32_t>> kept_cadres(members.size());
  std::vector<std::uint32_t> demand_of(members.size());
  for (std::uint32_t i = 0; i < members.size(); ++i) {
    const std::uint32_t c = members[i];
    for (const auto up : x.above[c])
      for (const auto k : x.cadres_of[up])
        if (x.current.count({k, cells[c].cell})) kept_cadres[i].push_back(k);
    const Index committee = x.above[c].empty() ? no_index : x.above[c].front();
    std::uint32_t d = 0;
    if (kept_cadres[i].empty()) {
      const auto [it, added] = class_of.try_emplace({committee, cells[c].need}, 0);
      if (added) {
        it->second = static_cast<std::uint32_t>(demand_cells.size());
        demand_cells.emplace_back();
        demand_vertex.push_back(n.add_node());
      }
      d = it->second;
    } else {
      d = static_cast<std::uint32_t>(demand_cells.size());
      demand_cells.emplace_back();
      demand_vertex.push_back(n.add_node());
    }
    demand_cells[d].push_back(c);
    demand_of[i] = d;
  }

  // Cadres and their groups, for every committee above some cell.
  std::map<Index, std::uint32_t> cadre_vertex;
  std::map<std::pair<Index, bool>, std::uint32_t> group_vertex;
  struct CadreArc {
    Index cadre;
    std::size_t arc;
    std::uint32_t group;
  };
  std::vector<CadreArc> cadre_arcs;
  const auto group = [&](Index committee, bool standing) {
    const auto [it, added] = group_vertex.try_emplace({committee, standing}, 0);
    if (added) it->second = n.add_node();
    return it->second;
  };
  const auto cadre = [&](Index k) {
    const auto [it, added] = cadre_vertex.try_emplace(k, 0);
    if (added) {
      it->second = n.add_node();
      n.add_arc(source, it->second, x.capacity, 0);
      const bool standing = x.ds.cadres.position[k] == CadrePosition::standing_committee;
      const std::uint32_t g = group(x.ds.cadres.org_unit[k], standing);
      cadre_arcs.push_back({k, n.arcs.size(), g});
      n.add_arc(it->second, g, x.capacity, 0);
    }
    return it->second;
  };

  struct DemandArc {
    std::size_t arc;
    std::uint32_t group;  // or the cadre kept, with `kept`
    Index kept_cadre;
  };
  std::vector<std::vector<DemandArc>> demand_arcs(demand_cells.size());
  std::vector<bool> reachable(demand_cells.size(), false);
  for (std::uint32_t d = 0; d < demand_cells.size(); ++d) {
    const std::uint32_t c = demand_cells[d].front();  // all of a class share committees and need
    const auto count = static_cast<std::int64_t>(demand_cells[d].size());
    const bool serious = cells[c].need != Need::duties;
    const Index cell = cells[c].cell;
    n.add_arc(none, demand_vertex[d], count, leave_cost(cells[c].need));
    n.add_arc(demand_vertex[d], sink, count, 0);
    for (const auto up : x.above[c]) {
      if (x.cadres_of[up].empty()) continue;
      reachable[d] = true;
      const auto levels = static_cast<std::int64_t>(x.tree.depth(cell) - x.tree.depth(up)) - 1;
      for (const auto k : x.cadres_of[up]) cadre(k);  // their groups exist from here on
      for (const bool standing : {true, false}) {
        const auto it = group_vertex.find({up, standing});
        if (it == group_vertex.end()) continue;
        demand_arcs[d].push_back({n.arcs.size(), it->second, no_index});
        n.add_arc(it->second, demand_vertex[d], count,
                  per_level * levels + (standing != serious ? wrong_rank : 0) + new_assignment);
      }
    }
  }
  for (std::uint32_t i = 0; i < members.size(); ++i) {
    if (kept_cadres[i].empty()) continue;
    const std::uint32_t c = members[i];
    const Index cell = cells[c].cell;
    const bool serious = cells[c].need != Need::duties;
    const std::uint32_t d = demand_of[i];
    for (const auto k : kept_cadres[i]) {
      const Index up = x.ds.cadres.org_unit[k];
      const auto levels = static_cast<std::int64_t>(x.tree.depth(cell) - x.tree.depth(up)) - 1;
      const bool standing = x.ds.cadres.position[k] == CadrePosition::standing_committee;
      demand_arcs[d].push_back({n.arcs.size(), 0, k});
      n.add_arc(cadre(k), demand_vertex[d], 1, per_level * levels + (standing != serious ? wrong_rank : 0));
    }
  }

  const auto flow = detail::min_cost_flow(n, source, sink);

  // Each group's units, cadre by cadre in row order, handed to the cells its arcs carry to.
  std::map<std::uint32_t, std::vector<std::pair<Index, std::int64_t>>> units_of_group;
  for (const auto& ca : cadre_arcs)
    if (flow[ca.arc] > 0) units_of_group[ca.group].emplace_back(ca.cadre, flow[ca.arc]);
  for (auto& [g, units] : units_of_group) std::sort(units.begin(), units.end());
  std::map<std::uint32_t, std::size_t> next_of_group;
  const auto take = [&](std::uint32_t g) {
    auto& units = units_of_group[g];
    std::size_t& at = next_of_group[g];
    while (units[at].second == 0) ++at;
    --units[at].second;
    return units[at].first;
  };
  for (std::uint32_t d = 0; d < demand_cells.size(); ++d) {
    std::size_t next = 0;
    for (const auto& da : demand_arcs[d]) {
      for (std::int64_t u = 0; u < flow[da.arc]; ++u) {
        PlannedCell& p = cells[demand_cells[d][next++]];
        p.cadre = da.kept_cadre != no_index ? da.kept_cadre : take(da.group);
        p.kept = x.current.count({p.cadre, p.cell}) > 0;
      }
    }
    for (; next < demand_cells[d].size(); ++next)
      cells[demand_cells[d][next]].uncovered = reachable[d] ? Uncovered::cadres_full : Uncovered::no_cadre;
  }
}
}  // namespace

std::vector<PlannedCell> plan_supervision(const Report& r, const PlanOptions& options) {
  const Dataset& ds = *r.dataset;
  const OrgTree& tree = r.tree();
  std::vector<PlannedCell> cells;
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const Index unit = r.units[i].unit;
    if (ds.org_units.kind[unit] != OrgKind::cell) continue;
    if (const auto need = need_of(r, i)) cells.push_back({unit, *need, no_index, false, Uncovered::no});
  }
  // Weakest first, then in the report's order: the order of the arcs, and so of equal plans.
  std::stable_sort(cells.begin(), cells.end(),
                   [](const PlannedCell& a, const PlannedCell& b) { return a.need < b.need; });

  // Assignments in force at some time in the period.
  std::set<std::pair<Index, Index>> current;
  const auto& a = ds.assignments;
  for (std::size_t k = 0; k < a.size(); ++k)
    if (a.from[k] <= r.period.to && (a.to[k].is_special() || a.to[k] >= r.period.from))
      current.emplace(a.cadre[k], a.cell[k]);

  // A cadre serves only cells below their committee, so the cells of two trees (two provinces
  // of a national dataset) never compete: each tree is its own, smaller, problem.
  std::vector<std::vector<std::uint32_t>> cadres_of(ds.org_units.size());
  for (std::uint32_t k = 0; k < ds.cadres.size(); ++k) cadres_of[ds.cadres.org_unit[k]].push_back(k);
  std::map<Index, std::vector<std::uint32_t>> by_root;  // cells (positions in `cells`) by tree
  std::vector<std::vector<Index>> above(cells.size());
  for (std::uint32_t c = 0; c < cells.size(); ++c) {
    above[c] = tree.ancestors(cells[c].cell);
    by_root[above[c].empty() ? cells[c].cell : above[c].back()].push_back(c);
  }
  std::vector<const std::vector<std::uint32_t>*> trees;
  for (const auto& [root, members] : by_root) trees.push_back(&members);
  const Context context{ds, tree, cells, above, cadres_of, current, options.capacity};
  detail::for_each_chunk(trees.size(), detail::thread_count(options.threads),
                         [&](std::size_t t, std::size_t) { plan_tree(context, *trees[t], cells); });
  return cells;
}

}  // namespace chibo
