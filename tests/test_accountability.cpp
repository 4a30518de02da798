// Who must act: the upper committees' duty scores, their priorities, and rating cells only on
// what they control.
#include "fixture.hpp"

#include <chibo/findings.hpp>

using namespace chibo;
using namespace chibo::test;

namespace {

// P → D → G → C1, C2, a meeting a month in each. The upper committees serve C1 in part and C2
// not at all (hand-computed duty scores below).
Fixture organisation() {
  Fixture f;
  f.tree(2);
  for (const std::string cell : {"C1", "C2"}) {
    const auto m = f.members(cell, 4);
    for (int month = 1; month <= 12; ++month) {
      const Index g = f.meeting(fmt::format("{}-{}", cell, month), cell, fmt::format("2025-{:02}-10", month));
      for (auto x : m) f.attend(g, x);
    }
  }
  const Index k = f.cadre("K1", "G");
  f.visit("C1", k, "2025-02-10", VisitKind::attend_meeting, "2025-02-12");  // M5.1: Q1 and Q2 of 4;
  f.visit("C1", k, "2025-05-10", VisitKind::attend_meeting, "2025-05-11");  // M5.2: both reported
  f.visit("C1", k, "2025-09-01", VisitKind::inspection);                    // M7.2: 1 of 1 required
  f.assignment(k, "C1", "2024-01-01");                                      // M7.1
  return f;
}

}  // namespace

TEST_CASE("duty scores of a small organisation equal the hand-computed values", "[accountability]") {
  Fixture f = organisation();
  const Report r = f.score();
  // C1: M5 = mean(M5.1 0.5, M5.2 1, M5.4 0) = 0.5 (M5.3 N/A: no escalation); M6 duty = M6.1 = 0;
  // M7 = mean(M7.1 1, M7.2 1) = 1. Duty = 100 · (0.5 + 0 + 1) / 3.
  CHECK(same(unit_score(r, "C1").duty, 50.0));
  CHECK(same(unit_score(r, "C2").duty, 0.0));
  for (const char* committee : {"G", "D", "P"}) CHECK(same(unit_score(r, committee).duty, 25.0));

  // Priorities: points each duty would add to G's duty score, met in both cells. C1: M5 holds
  // three scored rules, M6 one, M7 two, over three measures; C2: M5 two (M5.2 N/A).
  std::size_t g = 0;
  while (r.dataset->org_units.id[r.units[g].unit] != "G") ++g;
  const auto duties = duty_priorities_of(r, g, 3);
  REQUIRE(duties.size() == 3);
  const auto& rules = r.policy->registry().rules();
  CHECK(rules[duties[0].rule].id == "M6.1");
  CHECK(same(duties[0].points, 100.0 / 3));
  CHECK(rules[duties[1].rule].id == "M5.4");
  CHECK(same(duties[1].points, (100.0 / 9 + 100.0 / 6) / 2));
  CHECK(rules[duties[2].rule].id == "M5.1");
  CHECK(same(duties[2].points, (100.0 * 0.5 / 9 + 100.0 / 6) / 2));
}

TEST_CASE("cell_total_excludes_upper_duties rates cells only on what they control",
          "[accountability][policy]") {
  Fixture on = organisation(), off = organisation();
  const Policy rated_on_own = Policy::from_toml("cell_total_excludes_upper_duties = true\n", "p.toml");
  const Report a = off.score();
  const Report b = on.score(Period::year(2025), &rated_on_own);
  CHECK(rated_on_own.hash() != Policy::builtin().hash());
  CHECK_THAT(rated_on_own.to_toml(), Catch::Contains("cell_total_excludes_upper_duties = true"));
  CHECK_THAT(Policy::builtin().to_toml(), !Catch::Contains("cell_total_excludes_upper_duties"));
  // The two cells differ only in what their committees did for them: their totals now agree.
  CHECK(unit_score(a, "C1").total != unit_score(a, "C2").total);
  CHECK(same(unit_score(b, "C1").total, unit_score(b, "C2").total));
  CHECK(std::isnan(unit_measure(b, "C1", "M5")));
  CHECK(std::isnan(unit_measure(b, "C1", "M7")));
  // M6 keeps the secretary's own learning (M6.2); the duty scores do not change.
  CHECK_FALSE(std::isnan(unit_measure(b, "C1", "M6")));
  CHECK(same(unit_score(b, "C1").duty, unit_score(a, "C1").duty));
  for (std::size_t m = 0; m < a.meetings.size(); ++m) CHECK(same(a.meetings[m].total, b.meetings[m].total));
  // Priorities follow: an upper committee's duty is not the cell's to fix.
  std::size_t c2 = 0;
  while (b.dataset->org_units.id[b.units[c2].unit] != "C2") ++c2;
  for (const Priority& p : priorities_of(b, c2, 10))
    CHECK(b.policy->registry().rules()[p.rule].owner != Owner::upper_committee);
}
