// The supervision plan of a report: which cells need help, who may give it at what cost, and
// the optimal assignment (solve_assignment).
#include <chibo/findings.hpp>
#include <chibo/plan.hpp>

#include <algorithm>
#include <set>

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

}  // namespace

std::vector<PlannedCell> plan_supervision(const Report& r, const PlanOptions& options) {
  const Dataset& ds = *r.dataset;
  const OrgTree& tree = r.tree();
  std::vector<PlannedCell> cells;
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const Index unit = r.units[i].unit;
    if (ds.org_units.kind[unit] != OrgKind::cell) continue;
    if (const auto need = need_of(r, i)) {
      cells.push_back({unit, *need, no_index, false, {}});
    }
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

  AssignmentProblem problem;
  problem.capacity.assign(ds.cadres.size(), options.capacity);
  for (const auto& c : cells)
    problem.uncovered.push_back(c.need == Need::weak  ? leave_weak
                                : c.need == Need::kem ? leave_kem
                                                      : leave_duties);
  // Arcs: each cadre of a committee above the cell. Cadres by committee, so that a cell asks
  // only its own ancestors.
  std::vector<std::vector<std::uint32_t>> cadres_of(ds.org_units.size());
  for (std::uint32_t k = 0; k < ds.cadres.size(); ++k) cadres_of[ds.cadres.org_unit[k]].push_back(k);
  std::vector<bool> reachable(cells.size(), false);
  for (std::uint32_t c = 0; c < cells.size(); ++c) {
    const Index cell = cells[c].cell;
    for (const auto above : tree.ancestors(cell)) {
      const auto levels = static_cast<std::int64_t>(tree.depth(cell) - tree.depth(above)) - 1;
      for (const auto k : cadres_of[above]) {
        const bool standing = ds.cadres.position[k] == CadrePosition::standing_committee;
        const bool serious = cells[c].need != Need::duties;
        const bool kept = current.count({k, cell}) > 0;
        std::int64_t cost =
            per_level * levels + (standing != serious ? wrong_rank : 0) + (kept ? 0 : new_assignment);
        problem.arcs.push_back({k, c, cost});
        reachable[c] = true;
      }
    }
  }
  const auto chosen = solve_assignment(problem);
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (chosen[c] != UINT32_MAX) {
      cells[c].cadre = chosen[c];
      cells[c].kept = current.count({chosen[c], cells[c].cell}) > 0;
    } else {
      cells[c].uncovered = reachable[c]
                               ? "every cadre of the committees above it has its full number of cells"
                               : "no committee above it has a cadre";
    }
  }
  return cells;
}

}  // namespace chibo
