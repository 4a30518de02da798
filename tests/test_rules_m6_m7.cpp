// M6 — training of secretaries; M7 — inspection and supervision; structure findings.
#include "fixture.hpp"

using namespace chibo;
using namespace chibo::test;

namespace {
std::optional<Finding> find(const Report& r, std::string_view rule, std::string_view unit) {
  for (const auto& f : all_findings(r))
    if (r.policy->registry().rules()[f.rule].id == rule && r.dataset->org_units.id[f.unit] == unit) return f;
  return std::nullopt;
}
}  // namespace

TEST_CASE("M6.1 secretary trained: a course in [P.to − 364, P.to]", "[rules][M6]") {
  auto trained = [](std::string date, std::string role_since = "") {
    Fixture f;
    f.tree(1);
    const auto m = f.members("C1", 3);
    f.ds.members.role_since[m[0]] = day(role_since);
    if (!date.empty()) f.training(m[0], date, TrainingKind::course);
    f.training(m[0], "2025-06-01", TrainingKind::model_meeting);  // the other kind does not count
    return unit_rule(f.score(), "C1", "M6.1");
  };
  CHECK(same(trained("2025-01-01"), 1.0));  // P.to − 364
  CHECK(same(trained("2024-12-31"), 0.0));  // P.to − 365
  CHECK(same(trained("2026-01-01"), 0.0));  // after P.to
  CHECK(same(trained(""), 0.0));
  CHECK(same(trained("", "2025-07-02"), NA));   // appointed within 183 days: grace
  CHECK(same(trained("", "2025-07-01"), 0.0));  // P.to − 183: no grace
  CHECK(same(trained("2025-03-01", "2025-09-01"), 1.0));

  SECTION("several secretaries: the mean; none: 0 with an error finding") {
    Fixture f;
    f.tree(2);
    const auto m = f.members("C1", 3);
    f.ds.members.role[m[1]] = Role::secretary;
    f.training(m[0], "2025-05-01", TrainingKind::course);
    f.member("C2M1", "C2");
    const Report r = f.score();
    CHECK(same(unit_rule(r, "C1", "M6.1"), 0.5));
    CHECK(same(unit_rule(r, "C2", "M6.1"), 0.0));
    const auto none = find(r, "M6.1", "C2");
    REQUIRE(none);
    CHECK(none->severity == Severity::error);
  }
  SECTION("a secretary who left before P.to is not the secretary on P.to") {
    Fixture f;
    f.tree(1);
    const auto m = f.members("C1", 3);
    f.ds.members.left_on[m[0]] = day("2025-12-31");
    f.training(m[0], "2025-05-01", TrainingKind::course);
    CHECK(same(unit_rule(f.score(), "C1", "M6.1"), 0.0));
  }
}

TEST_CASE("M6.2 secretary learning from model meetings, at weight 0.5 in M6", "[rules][M6]") {
  Fixture f;
  f.tree(2);
  const auto a = f.members("C1", 3);
  const auto b = f.members("C2", 3);
  f.training(a[0], "2025-04-01", TrainingKind::model_meeting);
  f.training(b[0], "2025-04-01", TrainingKind::course);
  const Report r = f.score();
  CHECK(same(unit_rule(r, "C1", "M6.2"), 1.0));
  CHECK(same(unit_rule(r, "C1", "M6.1"), 0.0));
  CHECK(same(unit_rule(r, "C2", "M6.2"), 0.0));
  CHECK(same(unit_measure(r, "C1", "M6"), 100 * 0.5 / 1.5, 1e-9));
  CHECK(same(unit_measure(r, "C2", "M6"), 100 * 1.0 / 1.5, 1e-9));
}

TEST_CASE("M7.1 a cadre of an upper-level committee is assigned on P.to", "[rules][M7]") {
  auto assigned = [](std::string org, std::string from, std::string to) {
    Fixture f;
    f.tree(2);
    f.members("C1", 3);
    const Index k = f.cadre("K", org);
    f.assignment(k, "C1", from, to);
    return unit_rule(f.score(), "C1", "M7.1");
  };
  CHECK(same(assigned("G", "2024-01-01", ""), 1.0));
  CHECK(same(assigned("D", "2025-12-31", "2025-12-31"), 1.0));
  CHECK(same(assigned("G", "2024-01-01", "2025-12-30"), 0.0));  // ended before P.to
  CHECK(same(assigned("G", "2026-01-01", ""), 0.0));            // starts after P.to
}

TEST_CASE("M7.1 a cadre of a committee that is not above the cell does not count", "[rules][M7]") {
  Fixture f;
  f.tree(1);
  f.unit("D2", "P", OrgKind::district);
  f.members("C1", 3);
  const Index k = f.cadre("K", "D2");
  f.assignment(k, "C1", "2024-01-01");
  CHECK(same(unit_rule(f.score(), "C1", "M7.1"), 0.0));
}

TEST_CASE("M7.2 supervision frequency: weak cells every quarter, others once a year", "[rules][M7]") {
  auto frequency = [](bool weak, int visits, std::string established = "") {
    Fixture f;
    f.tree(1);
    f.members("C1", 3);
    if (!established.empty()) f.ds.org_units.established_on[f.find_unit("C1")] = day(established);
    f.rating("C1", 2024, weak ? AnnualRating::khtnv : AnnualRating::htnv);
    f.rating("C1", 2025, AnnualRating::khtnv);  // this year's rating does not make it weak
    const Index k = f.cadre("K", "G");
    for (int i = 0; i < visits; ++i)
      f.visit("C1", k, fmt::format("2025-{:02}-15", i + 1),
              i % 2 ? VisitKind::inspection : VisitKind::supervision);
    f.visit("C1", k, "2025-11-20", VisitKind::attend_meeting);  // not supervision
    const Report r = f.score();
    CHECK(unit_score(r, "C1").weak == weak);
    return unit_rule(r, "C1", "M7.2");
  };
  CHECK(same(frequency(false, 1), 1.0));
  CHECK(same(frequency(false, 0), 0.0));
  CHECK(same(frequency(true, 2), 0.5));
  CHECK(same(frequency(true, 4), 1.0));
  CHECK(same(frequency(false, 1, "2025-02-01"), NA));      // 11 counted months: required < 1
  CHECK(same(frequency(true, 1, "2025-02-01"), 1.0 / 3));  // weak: 3 counted quarters
}

TEST_CASE("M7.3 weak cells prioritised: visits per weak cell ÷ per other cell, ramp(0, 2)", "[rules][M7]") {
  auto prioritised = [](int weak_visits, int other_visits, bool any_weak = true) {
    Fixture f;
    f.tree(3);
    for (auto c : {"C1", "C2", "C3"}) f.members(c, 3);
    if (any_weak) f.rating("C1", 2024, AnnualRating::khtnv);
    const Index k = f.cadre("K", "G");
    for (int i = 0; i < weak_visits; ++i)
      f.visit("C1", k, fmt::format("2025-{:02}-01", i + 1), VisitKind::inspection);
    for (int i = 0; i < other_visits; ++i)
      f.visit(i % 2 ? "C3" : "C2", k, fmt::format("2025-{:02}-02", i + 1), VisitKind::supervision);
    const Report r = f.score();
    CHECK(same(unit_rule(r, "G", "M7.3"), unit_rule(r, "D", "M7.3")));
    return unit_rule(r, "G", "M7.3");
  };
  CHECK(same(prioritised(4, 4), 1.0));  // 4 vs 2 per cell: x = 2
  CHECK(same(prioritised(2, 4), 0.5));  // x = 1
  CHECK(same(prioritised(1, 0), 1.0));  // others never visited, the weak one was: x = 2
  CHECK(same(prioritised(0, 0), 0.0));
  CHECK(same(prioritised(3, 3, false), NA));  // no weak cell
}

TEST_CASE("structure findings S1 and S2 are findings only", "[rules][structure]") {
  Fixture f;
  f.tree(3);
  f.members("C1", 2);  // too small
  for (int i = 1; i <= 9; ++i)
    f.member(fmt::format("C2M{}", i), "C2", i == 1 ? Role::secretary : Role::member);
  for (int i = 1; i <= 9; ++i)
    f.member(fmt::format("C3M{}", i), "C3",
             i == 1   ? Role::secretary
             : i == 2 ? Role::deputy_secretary
                      : Role::member);
  f.member("C1P", "C1", Role::member, "2025-06-01", "", "", "", MemberStatus::probationary);  // not official
  const Report r = f.score();
  CHECK(find(r, "S1", "C1").has_value());
  CHECK(find(r, "S1", "C2").has_value() == false);
  CHECK(find(r, "S2", "C2").has_value());
  CHECK(find(r, "S2", "C3").has_value() == false);
  CHECK(find(r, "S1", "C1")->severity == Severity::warning);
  // Not in the scores.
  for (auto id : r.unit_rule_ids(true)) CHECK(r.policy->registry().rules()[id].id.front() == 'M');
}
