// Organisation history: scores roll up by the structure in force on the period's last day.
#include "fixture.hpp"

#include <chibo/report.hpp>

using namespace chibo;
using namespace chibo::test;

namespace {

// A province before and after 1 July 2025: district D and its commune X dissolved on 30 June,
// cell C1 moved from X to the merged commune N, which C2 always belonged to.
Fixture crossing(bool with_history = true) {
  Fixture f;
  f.unit("P", "", OrgKind::province);
  f.unit("D", "P", OrgKind::district, "", "2025-06-30");
  f.unit("X", "D", OrgKind::grassroots_committee, "", "2025-06-30");
  f.unit("N", "P", OrgKind::grassroots_committee, "2025-07-01");
  f.unit("C1", "N", OrgKind::cell);
  f.unit("C2", "N", OrgKind::cell);
  if (with_history) f.history("C1", "X", "2020-01-01", "2025-06-30");
  for (const std::string cell : {"C1", "C2"}) {
    const auto members = f.members(cell, 5);
    for (int month = 1; month <= 12; ++month) {
      const Index g =
          f.meeting(fmt::format("{}-{:02}", cell, month), cell, fmt::format("2025-{:02}-10", month));
      for (std::size_t i = 0; i < members.size(); ++i)
        // C1 misses more members in the first half, so the two cells' totals differ.
        f.attend(g, members[i],
                 cell == "C1" && i < 2 && month <= 6 ? AttendanceStatus::absent : AttendanceStatus::present);
    }
  }
  return f;
}

}  // namespace

TEST_CASE("a period crossing 1 July 2025 rolls up by the structure on its last day", "[history]") {
  Fixture f = crossing();
  const Index c1 = f.find_unit("C1"), x = f.find_unit("X"), n = f.find_unit("N");
  const Report year = f.score(Period::year(2025));
  CHECK(year.parent_of(c1) == n);
  const double t1 = unit_score(year, "C1").total, t2 = unit_score(year, "C2").total;
  REQUIRE(t1 < t2);
  CHECK(same(unit_score(year, "N").total, (t1 + t2) / 2));
  CHECK(same(unit_score(year, "P").total, (t1 + t2) / 2));
  CHECK(std::isnan(unit_score(year, "X").total));  // dissolved: no cell below it on 31 December
  CHECK(std::isnan(unit_score(year, "D").total));

  // The first half: C1 still under X and D.
  const Report half = f.score(Period{day("2025-01-01"), day("2025-06-30")});
  CHECK(half.parent_of(c1) == x);
  CHECK(same(unit_score(half, "X").total, unit_score(half, "C1").total));
  CHECK(same(unit_score(half, "D").total, unit_score(half, "C1").total));
  CHECK(same(unit_score(half, "N").total, unit_score(half, "C2").total));
}

TEST_CASE("a cell keeps its meetings and its scores when it moves", "[history]") {
  Fixture moved = crossing(true), stayed = crossing(false);
  const Report a = moved.score(), b = stayed.score();
  REQUIRE(a.meetings.size() == 24);
  REQUIRE(a.meetings.size() == b.meetings.size());
  for (std::size_t i = 0; i < a.meetings.size(); ++i) CHECK(same(a.meetings[i].total, b.meetings[i].total));
  CHECK(same(unit_score(a, "C1").total, unit_score(b, "C1").total));
  // Without history the structure is org_units' alone, as before.
  CHECK(&b.tree() == &stayed.ds.tree());
}

TEST_CASE("a dissolved unit is reported with its dates", "[history][report]") {
  Fixture f = crossing();
  const Report r = f.score();
  std::ostringstream json;
  write_json(json, r);
  CHECK_THAT(json.str(), Catch::Contains(R"("id":"D","kind":"district","name":"Unit D","parent_id":"P",)"
                                         R"("dissolved_on":"2025-06-30")"));
  CHECK_THAT(json.str(), Catch::Contains(R"("id":"C1","kind":"cell","name":"Unit C1","parent_id":"N",)"));
  CHECK_THAT(json.str(), Catch::Contains(R"("id":"N","kind":"grassroots_committee","name":"Unit N",)"
                                         R"("parent_id":"P","established_on":"2025-07-01")"));
}

TEST_CASE("the tree on a date follows the history rows in force", "[history][tree]") {
  Fixture f = crossing();
  f.ds.finalize();
  const auto& ds = f.ds;
  const Index c1 = f.find_unit("C1"), x = f.find_unit("X"), n = f.find_unit("N");
  CHECK(ds.parents_on(day("2025-06-30"))[c1] == x);
  CHECK(ds.parents_on(day("2025-07-01"))[c1] == n);
  CHECK(ds.parents_on(day("2019-12-31"))[c1] == n);  // before its history: org_units' parent
  CHECK(ds.tree_on(day("2025-03-01"))->cells_below(f.find_unit("D")).size() == 1);
  CHECK(ds.tree_on(day("2025-09-01"))->cells_below(f.find_unit("D")).empty());
  CHECK(ds.tree_on(day("2025-09-01")).get() == &ds.tree());  // nothing changed: the same tree
}

TEST_CASE("a briefing counts for M5.4 when its committee was above the cell on its date", "[history]") {
  Fixture f = crossing();
  const Index secretary = f.find_member("C1M1");
  f.briefed(f.briefing("D", "2025-02-15"), secretary);  // D was above C1 then
  f.briefed(f.briefing("D", "2025-08-15"), secretary);  // D was dissolved: not above C1
  f.briefed(f.briefing("N", "2025-11-15"), secretary);  // N is above C1 from 1 July
  const Report r = f.score();
  CHECK(same(unit_rule(r, "C1", "M5.4"), 2.0 / 4));
}
