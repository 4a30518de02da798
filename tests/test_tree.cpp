#include <chibo/org_tree.hpp>

#include <catch2/catch.hpp>

using namespace chibo;

namespace {
constexpr std::uint32_t root = UINT32_MAX;
// 0 P; 1 D1 (P); 2 G1 (D1); 3 C1 (G1); 4 C2 (G1); 5 C0 (D1); 6 D2 (P); 7 C3 (D2); 8 X (root)
const std::vector<std::uint32_t> parents{root, 0, 1, 2, 2, 1, 0, 6, root};
const std::vector<bool> cells{false, false, false, true, true, true, false, true, false};
}  // namespace

TEST_CASE("ancestors run nearest first", "[tree]") {
  const OrgTree t(parents, cells);
  CHECK(t.ancestors(3) == std::vector<std::uint32_t>{2, 1, 0});
  CHECK(t.ancestors(0).empty());
  CHECK(t.is_ancestor(0, 3));
  CHECK(t.is_ancestor(2, 4));
  CHECK_FALSE(t.is_ancestor(6, 3));
  CHECK_FALSE(t.is_ancestor(3, 3));
  CHECK(t.depth(3) == 3);
}

TEST_CASE("cells below a unit, at any depth", "[tree]") {
  const OrgTree t(parents, cells);
  auto below = [&](std::uint32_t u) {
    auto s = t.cells_below(u);
    std::vector<std::uint32_t> v(s.begin(), s.end());
    std::sort(v.begin(), v.end());
    return v;
  };
  CHECK(below(0) == std::vector<std::uint32_t>{3, 4, 5, 7});
  CHECK(below(1) == std::vector<std::uint32_t>{3, 4, 5});
  CHECK(below(2) == std::vector<std::uint32_t>{3, 4});
  CHECK(below(6) == std::vector<std::uint32_t>{7});
  CHECK(below(8).empty());
}

TEST_CASE("bottom-up order puts every unit after all units below it", "[tree]") {
  const OrgTree t(parents, cells);
  const auto order = t.bottom_up();
  REQUIRE(order.size() == parents.size());
  std::vector<std::size_t> pos(parents.size());
  for (std::size_t i = 0; i < order.size(); ++i) pos[order[i]] = i;
  for (std::uint32_t u = 0; u < parents.size(); ++u)
    if (parents[u] != root) CHECK(pos[u] < pos[parents[u]]);
}

TEST_CASE("a cycle of parent links is found", "[tree]") {
  CHECK_FALSE(OrgTree::find_cycle(parents).has_value());
  const std::vector<std::uint32_t> cyclic{root, 0, 3, 2};  // 2 → 3 → 2
  const auto u = OrgTree::find_cycle(cyclic);
  REQUIRE(u.has_value());
  CHECK((*u == 2 || *u == 3));
  const std::vector<std::uint32_t> self{0};
  CHECK(OrgTree::find_cycle(self) == std::optional<std::uint32_t>(0));
}
