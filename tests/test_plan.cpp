#include <chibo/generate.hpp>
#include <chibo/load.hpp>
#include <chibo/lunar.hpp>
#include <chibo/plan.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <map>
#include <numeric>
#include <set>

using namespace chibo;

namespace {
constexpr std::uint32_t none = UINT32_MAX;

std::int64_t total_cost(const AssignmentProblem& p, const std::vector<std::uint32_t>& plan) {
  std::int64_t cost = 0;
  for (std::size_t cell = 0; cell < plan.size(); ++cell) {
    if (plan[cell] == none) {
      cost += p.uncovered[cell];
      continue;
    }
    const auto it = std::find_if(p.arcs.begin(), p.arcs.end(),
                                 [&](const auto& a) { return a.cadre == plan[cell] && a.cell == cell; });
    REQUIRE(it != p.arcs.end());  // a cadre serves only a cell it can reach
    cost += it->cost;
  }
  return cost;
}

/// Every assignment, tried: the least cost any plan can have.
std::int64_t brute_force(const AssignmentProblem& p) {
  std::int64_t best = INT64_MAX;
  std::vector<std::uint32_t> plan(p.uncovered.size(), none);
  std::vector<std::uint32_t> used(p.capacity.size(), 0);
  const auto visit = [&](auto&& self, std::size_t cell, std::int64_t cost) -> void {
    if (cell == plan.size()) {
      best = std::min(best, cost);
      return;
    }
    self(self, cell + 1, cost + p.uncovered[cell]);
    for (const auto& a : p.arcs) {
      if (a.cell != cell || used[a.cadre] == p.capacity[a.cadre]) continue;
      ++used[a.cadre];
      self(self, cell + 1, cost + a.cost);
      --used[a.cadre];
    }
  };
  visit(visit, 0, 0);
  return best;
}
}  // namespace

TEST_CASE("the plan covers both cells where the greedy choice covers one", "[plan]") {
  // Cadre 0 (of the district) can serve cells 0 and 1; cadre 1 (of the commune) only cell 0.
  // Taking the cheapest arc first gives cell 0 to cadre 0 and leaves cell 1 without anyone.
  AssignmentProblem p;
  p.capacity = {1, 1};
  p.uncovered = {1000, 1000};
  p.arcs = {{0, 0, 1}, {0, 1, 2}, {1, 0, 3}};
  const auto plan = solve_assignment(p);
  CHECK(plan == std::vector<std::uint32_t>{1, 0});
  CHECK(total_cost(p, plan) == 5);
}

TEST_CASE("capacity, reach and cells nobody can serve", "[plan]") {
  AssignmentProblem p;
  p.capacity = {2};
  p.uncovered = {100, 100, 100, 100};
  p.arcs = {{0, 0, 1}, {0, 1, 1}, {0, 2, 1}};  // cell 3 is below no cadre
  const auto plan = solve_assignment(p);
  CHECK(std::count(plan.begin(), plan.end(), 0u) == 2);  // at most its capacity
  CHECK(plan[3] == none);
  SECTION("a weak cell is covered before the others") {
    p.uncovered = {100, 100, 10000, 100};
    const auto weak_first = solve_assignment(p);
    CHECK(weak_first[2] == 0);
  }
  SECTION("coverage that costs more than leaving the cell is not taken") {
    p.arcs = {{0, 0, 500}};
    CHECK(solve_assignment(p)[0] == none);
  }
}

TEST_CASE("the plan's cost is the least of every possible plan", "[plan]") {
  // Small random problems, each checked against all of its assignments.
  std::uint64_t seed = 12345;
  const auto next = [&](std::uint64_t n) {
    seed = seed * 6364136223846793005ull + 1442695040888963407ull;
    return (seed >> 33) % n;
  };
  for (int round = 0; round < 200; ++round) {
    AssignmentProblem p;
    p.capacity.resize(1 + next(3));
    for (auto& c : p.capacity) c = static_cast<std::uint32_t>(next(3));
    p.uncovered.resize(1 + next(5));
    for (auto& u : p.uncovered) u = static_cast<std::int64_t>(10 + next(90));
    for (std::uint32_t cadre = 0; cadre < p.capacity.size(); ++cadre)
      for (std::uint32_t cell = 0; cell < p.uncovered.size(); ++cell)
        if (next(3) != 0) p.arcs.push_back({cadre, cell, static_cast<std::int64_t>(next(60))});
    const auto plan = solve_assignment(p);
    for (std::uint32_t cadre = 0; cadre < p.capacity.size(); ++cadre)
      CHECK(static_cast<std::uint32_t>(std::count(plan.begin(), plan.end(), cadre)) <= p.capacity[cadre]);
    CHECK(total_cost(p, plan) == brute_force(p));
  }
}

TEST_CASE("arcs that name nothing are refused", "[plan]") {
  AssignmentProblem p;
  p.capacity = {1};
  p.uncovered = {10};
  p.arcs = {{0, 1, 1}};
  CHECK_THROWS_AS(solve_assignment(p), std::invalid_argument);
  p.arcs = {{0, 0, -1}};
  CHECK_THROWS_AS(solve_assignment(p), std::invalid_argument);
}

TEST_CASE("the plan of a scored province: reach, capacity, and the weakest cells first", "[plan]") {
  const Dataset ds = load_csv(std::string(CHIBO_TEST_DATA) + "/sample-2025/dataset");
  const Policy policy = Policy::builtin();
  const Report r = score(ds, Period::year(2025), policy);
  for (const std::uint32_t capacity : {1u, 3u, 100u}) {
    INFO("capacity " << capacity);
    PlanOptions options;
    options.capacity = capacity;
    const auto plan = plan_supervision(r, options);
    REQUIRE_FALSE(plan.empty());
    std::vector<std::uint32_t> load(ds.cadres.size(), 0);
    for (const auto& p : plan) {
      CHECK(ds.org_units.kind[p.cell] == OrgKind::cell);
      if (p.cadre == no_index) {
        CHECK(p.uncovered != Uncovered::no);
        continue;
      }
      CHECK(p.uncovered == Uncovered::no);
      CHECK(r.tree().is_ancestor(ds.cadres.org_unit[p.cadre], p.cell));  // a committee above the cell
      ++load[p.cadre];
    }
    for (const auto n : load) CHECK(n <= capacity);
    // Optimal: no cadre who could reach an uncovered weak cell serves a cell less in need.
    for (const auto& w : plan) {
      if (w.need != Need::weak || w.cadre != no_index) continue;
      for (const auto& other : plan)
        if (other.cadre != no_index && other.need != Need::weak)
          CHECK_FALSE(r.tree().is_ancestor(ds.cadres.org_unit[other.cadre], w.cell));
    }
    if (capacity == 100) {
      for (const auto& p : plan)
        if (p.cadre == no_index) CHECK(p.uncovered == Uncovered::no_cadre);
    }
  }
  // Weak cells are the report's.
  const auto plan = plan_supervision(r);
  for (const auto& p : plan) {
    const auto& u = r.units[p.cell];
    CHECK(u.unit == p.cell);
    if (p.need == Need::weak) CHECK(u.weak);
  }
}

namespace {

// The prices docs/plan.md states, applied cell by cell with no classes or groups: what the plan
// must cost at least, and what its own choice costs.
struct PlanCosts {
  AssignmentProblem problem;
  std::int64_t of_plan = 0;
};

PlanCosts plan_costs(const Report& r, const std::vector<PlannedCell>& plan, std::uint32_t capacity) {
  const Dataset& ds = *r.dataset;
  std::set<std::pair<Index, Index>> current;
  for (std::size_t k = 0; k < ds.assignments.size(); ++k)
    if (ds.assignments.from[k] <= r.period.to &&
        (ds.assignments.to[k].is_special() || ds.assignments.to[k] >= r.period.from))
      current.emplace(ds.assignments.cadre[k], ds.assignments.cell[k]);
  PlanCosts out;
  out.problem.capacity.assign(ds.cadres.size(), capacity);
  for (std::uint32_t c = 0; c < plan.size(); ++c) {
    const PlannedCell& p = plan[c];
    const std::int64_t leave = p.need == Need::weak ? 1'000'000 : p.need == Need::kem ? 100'000 : 10'000;
    out.problem.uncovered.push_back(leave);
    if (p.cadre == no_index) out.of_plan += leave;
    for (std::uint32_t k = 0; k < ds.cadres.size(); ++k) {
      const Index up = ds.cadres.org_unit[k];
      if (!r.tree().is_ancestor(up, p.cell)) continue;
      const bool standing = ds.cadres.position[k] == CadrePosition::standing_committee;
      const std::int64_t cost =
          10 * (static_cast<std::int64_t>(r.tree().depth(p.cell) - r.tree().depth(up)) - 1) +
          (standing != (p.need != Need::duties) ? 5 : 0) + (current.count({k, p.cell}) ? 0 : 8);
      out.problem.arcs.push_back({k, c, cost});
      if (p.cadre == k) out.of_plan += cost;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("a plan solved by classes and groups costs what the cell-by-cell optimum costs", "[plan]") {
  GenerateOptions g;
  g.preset = Preset::district;
  g.year = 2025;
  g.seed = 7;
  const Dataset ds = generate(g);
  const Policy policy = Policy::builtin();
  const Report r = score(ds, Period::year(2025), policy);
  for (const std::uint32_t capacity : {1u, 3u, 8u}) {
    INFO("capacity " << capacity);
    PlanOptions options;
    options.capacity = capacity;
    const auto plan = plan_supervision(r, options);
    REQUIRE(plan.size() > 20);
    const PlanCosts costs = plan_costs(r, plan, capacity);
    const auto best = solve_assignment(costs.problem);
    CHECK(costs.of_plan == total_cost(costs.problem, best));
  }
}

TEST_CASE("the visit calendar: once a quarter on the usual day, never over Tết", "[plan]") {
  const Dataset ds = load_csv(std::string(CHIBO_TEST_DATA) + "/sample-2025/dataset");
  const Policy policy = Policy::builtin();
  const Report r = score(ds, Period::year(2025), policy);
  const SupervisionPlan plan = supervision_plan(r);
  CHECK(plan.year == 2026);
  const Period tet = tet_holiday(2026);
  std::size_t covered = 0;
  for (const auto& p : plan.cells) {
    if (p.cadre == no_index) continue;
    ++covered;
    const int usual = usual_meeting_day(ds, p.cell, r.period.to);
    std::array<int, 4> per_quarter{};
    for (const Visit& v : plan.visits) {
      if (v.cell != p.cell) continue;
      CHECK(v.cadre == p.cadre);
      CHECK(v.date.year() == 2026);
      CHECK_FALSE(tet.contains(v.date));
      ++per_quarter[static_cast<std::size_t>((v.date.month() - 1) / 3)];
      if (usual) CHECK(v.date.day() == std::min<int>(usual, v.date.end_of_month().day()));
    }
    CHECK(per_quarter == std::array<int, 4>{1, 1, 1, 1});
  }
  CHECK(plan.visits.size() == 4 * covered);
  // A cadre is out at most once a day, and visits are by cadre, then date.
  for (std::size_t i = 1; i < plan.visits.size(); ++i) {
    const Visit &a = plan.visits[i - 1], &b = plan.visits[i];
    CHECK((a.cadre < b.cadre || (a.cadre == b.cadre && a.date < b.date)));
  }
}

TEST_CASE("a cell's usual meeting day is the day most of its regular meetings fell on", "[plan]") {
  const Dataset ds = load_csv(std::string(CHIBO_TEST_DATA) + "/sample-2025/dataset");
  const Date until = parse_date("2025-12-31");
  for (Index cell = 0; cell < ds.org_units.size(); ++cell) {
    if (ds.org_units.kind[cell] != OrgKind::cell) continue;
    std::map<int, int> days;
    for (const Index m : ds.meetings_of(cell))
      if (ds.meetings.kind[m] != MeetingKind::thematic && ds.meetings.date[m] <= until)
        ++days[ds.meetings.date[m].day()];
    const int usual = usual_meeting_day(ds, cell, until);
    if (days.empty()) {
      CHECK(usual == 0);
      continue;
    }
    int most = 0;
    for (const auto& [day, n] : days) most = std::max(most, n);
    CHECK(days[usual] == most);
    for (const auto& [day, n] : days)
      if (n == most) {
        CHECK(usual == day);  // the earliest of equals
        break;
      }
  }
}
