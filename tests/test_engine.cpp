// Aggregation: meeting and cell totals, ratings and gates, committee roll-ups, profiles.
#include "fixture.hpp"

using namespace chibo;
using namespace chibo::test;

namespace {
/// A meeting that meets every meeting rule: all attend and speak, chair and recorder, a
/// specific resolution, a dated task for each member, a balanced agenda.
Index model_meeting(Fixture& f, const std::vector<Index>& m, std::string id, std::string cell,
                    std::string date, MeetingKind kind = MeetingKind::regular) {
  const Index g = f.meeting(std::move(id), std::move(cell), date, kind);
  for (auto x : m) {
    f.attend(g, x);
    f.contribute(g, x);
    const std::string due = date.substr(0, 8) + "28";
    f.task(g, x, due, due, due);
  }
  f.ds.meetings.chair[g] = m[0];
  f.ds.meetings.recorder[g] = m[1];
  f.ds.meetings.self_rating[g] = Rating::tot;
  f.resolution(g, m[0], date.substr(0, 8) + "28");
  f.agenda(g, AgendaCategory::dissemination, 30);
  f.agenda(g, AgendaCategory::party_building, 60);
  return g;
}
}  // namespace

TEST_CASE("a meeting meeting every rule scores 100 and Tốt", "[engine]") {
  Fixture f;
  f.tree(1);
  const auto m = f.members("C1", 4);
  model_meeting(f, m, "G1", "C1", "2025-03-10");
  const Report r = f.score();
  REQUIRE(r.meetings.size() == 1);
  CHECK(same(r.meetings[0].total, 100.0));
  CHECK(r.meetings[0].rating == Rating::tot);
  for (double s : r.rules_of_meeting(0)) CHECK((std::isnan(s) || s == 1.0));
}

TEST_CASE("meeting total: mean of measure scores over measures with a meeting rule in force", "[engine]") {
  Fixture f;
  f.tree(1);
  const auto m = f.members("C1", 4);
  const Index g = model_meeting(f, m, "G1", "C1", "2025-03-10");
  f.ds.meetings.draft_resolution[g] = YesNo::no;  // M2.5 = 0
  const Report r = f.score();
  // M1: 1; M2: M2.1–M2.6 in force (M2.7 weight 0 before 2025-10-28) = 5/6; M3: 1. M4: none.
  CHECK(same(r.meetings[0].total, 100 * (1 + 5.0 / 6 + 1) / 3));
  CHECK(r.meetings[0].rating == Rating::tot);  // 94.4, and no gate missed
}

TEST_CASE("a missed gate caps a meeting at Khá however high its total", "[engine]") {
  Fixture f;
  f.tree(1);
  const auto m = f.members("C1", 10);
  model_meeting(f, m, "G1", "C1", "2025-03-10");
  f.ds.attendance.status[2] = AttendanceStatus::excused;  // 8 of 10 present: M1.2 = (0.8−0.5)/0.35
  f.ds.attendance.status[3] = AttendanceStatus::excused;  // while M1.3 stays 1
  const Report r = f.score();
  CHECK(r.meetings[0].total >= 90);
  CHECK(meeting_rule(r, "G1", "M1.2") < 1);
  CHECK(r.meetings[0].rating == Rating::kha);
}

TEST_CASE("rating bands: Tốt ≥ 90, Khá ≥ 70, Trung bình ≥ 50, Kém below", "[engine]") {
  const Policy policy = Policy::builtin();
  const Profile& p = policy.profiles()[0];
  CHECK(p.rate(90, true) == Rating::tot);
  CHECK(p.rate(89.999, true) == Rating::kha);
  CHECK(p.rate(95, false) == Rating::kha);
  CHECK(p.rate(70, true) == Rating::kha);
  CHECK(p.rate(69.99, true) == Rating::trung_binh);
  CHECK(p.rate(50, true) == Rating::trung_binh);
  CHECK(p.rate(49.99, true) == Rating::kem);
}

TEST_CASE("a total that is a band's floor up to rounding reaches the band", "[engine]") {
  const Policy policy = Policy::builtin();
  const Profile& p = policy.profiles()[0];
  // 100 · mean(0.7, 0.7, 0.7) is 70 mathematically; summed left to right it is 69.99999999999999.
  const double total = 100 * ((0.7 + 0.7 + 0.7) / 3);
  REQUIRE(total < 70);
  CHECK(p.rate(total, true) == Rating::kha);
  CHECK(p.rate(90 - 1e-12, true) == Rating::tot);
  CHECK(p.rate(90 - 1e-6, true) == Rating::kha);
}

TEST_CASE("cell totals aggregate meeting rules as means, and the M1.1 gate", "[engine]") {
  Fixture f;
  f.tree(1);
  const auto m = f.members("C1", 4);
  f.training(m[0], "2025-02-01", TrainingKind::course);
  f.training(m[0], "2025-02-01", TrainingKind::model_meeting);
  const Index k = f.cadre("K", "G");
  f.assignment(k, "C1", "2024-01-01");
  const Index b = f.briefing("D", "2025-01-05");
  for (int q = 0; q < 4; ++q) {
    const Index bq = q == 0 ? b : f.briefing("D", fmt::format("2025-{:02}-05", q * 3 + 1));
    f.briefed(bq, m[0]);
  }
  for (int mo = 1; mo <= 12; ++mo) {
    const bool thematic = mo % 3 == 0;
    const Index g = model_meeting(f, m, fmt::format("G{}", mo), "C1", fmt::format("2025-{:02}-10", mo),
                                  thematic ? MeetingKind::combined : MeetingKind::regular);
    f.ds.meetings.self_rating[g] = Rating::tot;
    f.ds.meetings.end_time[g] = hm(10, 0);  // 120 minutes, enough for combined under hd42
    f.contribute(g, m[2], ContributionKind::self_criticism);
    f.visit("C1", k, fmt::format("2025-{:02}-10", mo), VisitKind::attend_meeting,
            fmt::format("2025-{:02}-12", mo));
  }
  f.visit("C1", k, "2025-06-01", VisitKind::supervision);
  StringColumn topics;  // distinct topics
  for (Index i = 0; i < f.ds.meetings.size(); ++i) topics.push_back(fmt::format("Chủ đề {}", i));
  f.ds.meetings.topic = topics;
  const Report full = f.score();
  for (auto id : full.unit_rule_ids(true)) {
    const auto& rule = full.policy->registry().rules()[id].id;
    INFO(rule);
    const double s = unit_rule(full, "C1", rule);
    CHECK((std::isnan(s) || s == 1.0));
  }
  CHECK(same(unit_score(full, "C1").total, 100.0));
  CHECK(unit_score(full, "C1").rating == Rating::tot);

  SECTION("one month without a meeting costs M1.1 and the Tốt rating") {
    Fixture g = f;
    // Move the April meeting into March: April has none.
    g.ds.meetings.date[3] = day("2025-03-20");
    const Report r = g.score();
    CHECK(same(unit_rule(r, "C1", "M1.1"), 11.0 / 12));
    CHECK(unit_score(r, "C1").total >= 90);
    CHECK(unit_score(r, "C1").rating == Rating::kha);
  }
}

TEST_CASE("committees: mean of the cells below at any depth, with rating counts", "[engine]") {
  Fixture f;
  f.tree(2);
  f.unit("C0", "D", OrgKind::cell);    // a cell directly under the district
  f.unit("X", "", OrgKind::district);  // a root with no cells
  const auto a = f.members("C1", 4);
  const auto b = f.members("C2", 4);
  const auto c = f.members("C0", 4);
  model_meeting(f, a, "G1", "C1", "2025-03-10");
  model_meeting(f, b, "G2", "C2", "2025-03-10");
  model_meeting(f, c, "G3", "C0", "2025-03-10");
  f.ds.meetings.end_time[1] = hm(8, 45);  // C2's meeting is short
  const Report r = f.score();
  const double t1 = unit_score(r, "C1").total, t2 = unit_score(r, "C2").total, t0 = unit_score(r, "C0").total;
  CHECK(same(unit_score(r, "G").total, (t1 + t2) / 2));
  CHECK(same(unit_score(r, "D").total, (t1 + t2 + t0) / 3));
  CHECK(same(unit_score(r, "P").total, (t1 + t2 + t0) / 3));
  CHECK(same(unit_measure(r, "D", "M3"),
             (unit_measure(r, "C1", "M3") + unit_measure(r, "C2", "M3") + unit_measure(r, "C0", "M3")) / 3));
  std::size_t counted = 0;
  for (auto n : unit_score(r, "D").ratings) counted += n;
  CHECK(counted == 3);
  CHECK(std::isnan(unit_score(r, "X").total));
  CHECK_FALSE(unit_score(r, "X").rating.has_value());
  CHECK(unit_score(r, "X").ratings == std::array<std::uint32_t, 4>{0, 0, 0, 0});
}

TEST_CASE("each meeting is scored under the profile in force on its date", "[engine]") {
  Fixture f;
  f.tree(1);
  const auto m = f.members("C1", 3);
  model_meeting(f, m, "A", "C1", "2025-10-27", MeetingKind::combined);
  model_meeting(f, m, "B", "C1", "2025-10-28", MeetingKind::combined);
  const Report r = f.score();
  CHECK(r.policy->profiles()[r.meetings[meeting_pos(r, "A")].profile].name == "hd12-2018");
  CHECK(r.policy->profiles()[r.meetings[meeting_pos(r, "B")].profile].name == "hd42-2025");
  CHECK(same(meeting_rule(r, "A", "M3.1"), 1.0));
  CHECK(same(meeting_rule(r, "B", "M3.1"), 0.5));
  CHECK(same(meeting_rule(r, "A", "M2.7"), NA));
  CHECK(same(meeting_rule(r, "B", "M2.7"), 1.0));

  SECTION("a single-profile policy scores every date alike") {
    Fixture g = f;
    const Policy only = Policy::profile("hd12-2018");
    const Report r12 = g.score(Period::year(2025), &only);
    CHECK(same(meeting_rule(r12, "B", "M3.1"), 1.0));
    CHECK(same(meeting_rule(r12, "B", "M2.7"), NA));
  }
}

TEST_CASE("the same report whatever the number of threads", "[engine]") {
  Fixture f;
  f.tree(1);
  for (int c = 2; c <= 150; ++c) f.unit(fmt::format("C{}", c), "G", OrgKind::cell);
  for (int c = 1; c <= 150; ++c) {
    const auto m = f.members(fmt::format("C{}", c), 3 + c % 5);
    for (int mo = 1; mo <= 3 + c % 9; ++mo) {
      const Index g = f.meeting(fmt::format("G{}-{}", c, mo), fmt::format("C{}", c),
                                fmt::format("2025-{:02}-1{}", mo, c % 9));
      for (std::size_t i = 0; i < m.size(); ++i)
        f.attend(g, m[i], (i + mo) % 4 ? AttendanceStatus::present : AttendanceStatus::absent);
      if (c % 3) f.contribute(g, m[0], ContributionKind::criticism);
    }
  }
  f.ds.finalize();
  const Policy p = Policy::builtin();
  ScoreOptions one, two;
  one.threads = 1;
  two.threads = 2;
  const Report a = score(f.ds, Period::year(2025), p, one);
  const Report b = score(f.ds, Period::year(2025), p, two);
  std::ostringstream ja, jb;
  write_json(ja, a);
  write_json(jb, b);
  CHECK(ja.str() == jb.str());
  CHECK(a.finding_count() == b.finding_count());
  CHECK(a.finding_count() == all_findings(a).size());

  // Without the meetings' rule scores kept, everything else is the same.
  ScoreOptions lean;
  lean.meeting_rules = false;
  const Report c = score(f.ds, Period::year(2025), p, lean);
  CHECK(c.meeting_rules.empty());
  CHECK(c.rules_of_meeting(0).empty());
  REQUIRE(c.meetings.size() == a.meetings.size());
  for (std::size_t i = 0; i < a.meetings.size(); ++i) {
    CHECK(same(c.meetings[i].total, a.meetings[i].total));
    CHECK(c.meetings[i].rating == a.meetings[i].rating);
  }
  std::ostringstream jc;
  JsonOptions units_only;
  units_only.meetings = false;
  write_json(jc, c, units_only);
  std::ostringstream ja_units;
  write_json(ja_units, a, units_only);
  CHECK(jc.str() == ja_units.str());
  CHECK(c.finding_count() == a.finding_count());
}

TEST_CASE("score_meeting gives what the full report gives for that meeting", "[engine]") {
  Fixture f;
  f.tree(1);
  const auto m = f.members("C1", 6);
  const Index g = model_meeting(f, m, "G1", "C1", "2025-11-10", MeetingKind::combined);
  f.ds.meetings.notice_date[g] = day("2025-11-10");
  const Report r = f.score();
  const MeetingResult one = score_meeting(f.ds, g, *r.policy);
  CHECK(same(one.score.total, r.meetings[0].total));
  CHECK(one.score.rating == r.meetings[0].rating);
  const auto all = r.rules_of_meeting(0);
  REQUIRE(one.rules.size() == all.size());
  for (std::size_t k = 0; k < all.size(); ++k) CHECK(same(one.rules[k], all[k]));
  CHECK(one.facts.eligible == 6);
  REQUIRE_FALSE(one.findings.empty());
  CHECK(r.policy->registry().rules()[one.findings[0].rule].id == "M2.1");
  CHECK(render_message(r, one.findings[0], Language::vi) ==
        "Thông báo họp gửi muộn: 0 ngày trước buổi sinh hoạt; cần gửi trước ít nhất 1 ngày");
}

TEST_CASE("who may attend is decided the same on every edge of joining, leaving and exemption", "[engine]") {
  // The full report tests eligibility with day numbers, score_meeting with Boost's dates; both
  // must agree on members who join, leave or are exempt on the very day, unset dates, and Boost's
  // special values.
  Fixture f;
  f.tree(1);
  f.member("S", "C1", Role::secretary);
  f.member("JoinsThatDay", "C1", Role::member, "2025-03-10");
  f.member("JoinsNextDay", "C1", Role::member, "2025-03-11");
  f.member("LeavesThatDay", "C1", Role::member, "2000-01-01", "2025-03-10");
  f.member("LeavesNextDay", "C1", Role::member, "2000-01-01", "2025-03-11");
  f.member("ExemptFromThatDay", "C1", Role::member, "2000-01-01", "", "2025-03-10", "2025-12-31");
  f.member("ExemptToThatDay", "C1", Role::member, "2000-01-01", "", "2025-01-01", "2025-03-10");
  f.member("ExemptToDayBefore", "C1", Role::member, "2000-01-01", "", "2025-01-01", "2025-03-09");
  f.member("ExemptOpenEnded", "C1", Role::member, "2000-01-01", "", "2025-02-01");
  f.member("ExemptToOnly", "C1", Role::member, "2000-01-01", "", "", "2025-12-31");
  f.member("NoJoinDate", "C1", Role::member, "");
  const Index later = f.member("JoinsAtInfinity", "C1");
  f.ds.members.joined_on[later] = Date(boost::date_time::pos_infin);
  const Index early = f.member("JoinedAtMinusInfinity", "C1");
  f.ds.members.joined_on[early] = Date(boost::date_time::neg_infin);
  const Index gone = f.member("LeftAtInfinity", "C1");
  f.ds.members.left_on[gone] = Date(boost::date_time::pos_infin);
  std::vector<Index> meetings;
  for (const char* date : {"2025-03-09", "2025-03-10", "2025-03-11", "2025-12-31"}) {
    const Index g = f.meeting(std::string("G") + date, "C1", date);
    for (Index x = 0; x < f.ds.members.size(); x += 2) f.attend(g, x);
    meetings.push_back(g);
  }
  const Report r = f.score();
  REQUIRE(r.meetings.size() == meetings.size());
  for (std::size_t k = 0; k < meetings.size(); ++k) {
    const MeetingResult one = score_meeting(f.ds, meetings[k], *r.policy);
    INFO("meeting on " << format_date(f.ds.meetings.date[meetings[k]]));
    CHECK(same(one.score.total, r.meetings[k].total));
    const auto all = r.rules_of_meeting(k);
    REQUIRE(one.rules.size() == all.size());
    for (std::size_t j = 0; j < all.size(); ++j) CHECK(same(one.rules[j], all[j]));
  }
  // On 2025-03-10: S, JoinsThatDay, LeavesNextDay, ExemptToDayBefore, ExemptToOnly,
  // JoinedAtMinusInfinity and LeftAtInfinity may attend; the other seven may not (a member with
  // no join date is not one yet, as Boost compares not-a-date after every day).
  CHECK(score_meeting(f.ds, meetings[1], *r.policy).facts.eligible == 7);
}
