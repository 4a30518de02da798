// M2 — careful preparation.
#include "fixture.hpp"

using namespace chibo;
using namespace chibo::test;

namespace {
struct Prep : Fixture {
  Index g;
  explicit Prep(std::string date = "2025-03-10", MeetingKind kind = MeetingKind::regular) {
    tree(1);
    const auto m = members("C1", 5);
    g = meeting("G1", "C1", date, kind);
    for (auto x : m) attend(g, x);
  }
  double rule(std::string_view id) { return meeting_rule(score(), "G1", id); }
};
}  // namespace

TEST_CASE("M2.1 notice lead time: ramp(0, 1) of days before the meeting", "[rules][M2]") {
  auto lead = [](std::string notice) {
    Prep f;
    f.ds.meetings.notice_date[f.g] = day(notice);
    return f.rule("M2.1");
  };
  CHECK(same(lead("2025-03-09"), 1.0));  // one day: enough
  CHECK(same(lead("2025-03-01"), 1.0));
  CHECK(same(lead("2025-03-10"), 0.0));  // same day
  CHECK(same(lead("2025-03-12"), 0.0));  // after the meeting counts as 0
  CHECK(same(lead(""), 0.0));            // not recorded
}

TEST_CASE("M2.2 committee agreed before the notice", "[rules][M2]") {
  auto agreed = [](std::string prep, std::string notice) {
    Prep f;
    f.ds.meetings.prep_date[f.g] = day(prep);
    f.ds.meetings.notice_date[f.g] = day(notice);
    return f.rule("M2.2");
  };
  CHECK(same(agreed("2025-03-05", "2025-03-05"), 1.0));
  CHECK(same(agreed("2025-03-06", "2025-03-05"), 0.0));
  CHECK(same(agreed("2025-03-09", ""), 1.0));  // no notice: the day before the meeting
  CHECK(same(agreed("2025-03-10", ""), 0.0));
  CHECK(same(agreed("", "2025-03-05"), 0.0));
}

TEST_CASE("M2.3 unit head consulted: yes 1, no 0, na or empty N/A", "[rules][M2]") {
  auto consulted = [](Consulted c) {
    Prep f;
    f.ds.meetings.consulted_unit_head[f.g] = c;
    return f.rule("M2.3");
  };
  CHECK(same(consulted(Consulted::yes), 1.0));
  CHECK(same(consulted(Consulted::no), 0.0));
  CHECK(same(consulted(Consulted::na), NA));
  CHECK(same(consulted(Consulted::unrecorded), NA));
}

TEST_CASE("M2.4 content grounded: ramp(0, 2) of distinct sources", "[rules][M2]") {
  auto grounded = [](ContentSources s) {
    Prep f;
    f.ds.meetings.content_sources[f.g] = s;
    return f.rule("M2.4");
  };
  CHECK(same(grounded(0), 0.0));
  CHECK(same(grounded(bit(ContentSource::work_program)), 0.5));
  CHECK(same(grounded(bit(ContentSource::work_program) | bit(ContentSource::member_sentiment)), 1.0));
  CHECK(same(grounded(0x0F), 1.0));
}

TEST_CASE("M2.5 draft resolution prepared: yes only", "[rules][M2]") {
  auto draft = [](YesNo v) {
    Prep f;
    f.ds.meetings.draft_resolution[f.g] = v;
    return f.rule("M2.5");
  };
  CHECK(same(draft(YesNo::yes), 1.0));
  CHECK(same(draft(YesNo::no), 0.0));
  CHECK(same(draft(YesNo::unrecorded), 0.0));  // no evidence, no credit
}

TEST_CASE("M2.6 content balance: ramp(0.8, 0.4) of dissemination and reporting minutes", "[rules][M2]") {
  auto balance = [](int routine, int other) {
    Prep f;
    if (routine) f.agenda(f.g, AgendaCategory::dissemination, routine / 2);
    if (routine) f.agenda(f.g, AgendaCategory::work_report, routine - routine / 2);
    if (other) f.agenda(f.g, AgendaCategory::party_building, other);
    return f.rule("M2.6");
  };
  CHECK(same(balance(80, 20), 0.0));
  CHECK(same(balance(40, 60), 1.0));
  CHECK(same(balance(60, 40), 0.5));
  CHECK(same(balance(0, 90), 1.0));
  CHECK(same(balance(0, 0), NA));  // no agenda
  Prep zero;
  zero.agenda(zero.g, AgendaCategory::dissemination, 0);
  CHECK(same(zero.rule("M2.6"), NA));  // an agenda without minutes
}

TEST_CASE("M2.7 upper level notified: in force from 2025-10-28 only", "[rules][M2]") {
  {
    Prep f("2025-10-27");
    f.ds.meetings.notified_upper[f.g] = YesNo::no;
    const Report r = f.score();
    CHECK(same(meeting_rule(r, "G1", "M2.7"), NA));  // weight 0 in hd12-2018
    CHECK(r.policy->profiles()[r.meetings[0].profile].name == "hd12-2018");
  }
  {
    Prep f("2025-10-28");
    f.ds.meetings.notified_upper[f.g] = YesNo::no;
    const Report r = f.score();
    CHECK(same(meeting_rule(r, "G1", "M2.7"), 0.0));
    CHECK(r.policy->profiles()[r.meetings[0].profile].name == "hd42-2025");
    CHECK(same(unit_rule(r, "C1", "M2.7"), 0.0));
  }
  {
    Prep f("2025-11-05");
    f.ds.meetings.notified_upper[f.g] = YesNo::yes;
    CHECK(same(f.rule("M2.7"), 1.0));
  }
  {
    // A 2024 period ends under hd12-2018: the cell's M2.7 is not in force.
    Prep f("2024-11-05");
    f.ds.meetings.notified_upper[f.g] = YesNo::yes;
    CHECK(same(unit_rule(f.score(Period::year(2024)), "C1", "M2.7"), NA));
  }
}
