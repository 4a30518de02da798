// M3 — democratic conduct, minutes and tasks.
#include "fixture.hpp"

using namespace chibo;
using namespace chibo::test;

namespace {
struct Conduct : Fixture {
  std::vector<Index> m;
  Index g;
  explicit Conduct(int n = 10, std::string date = "2025-03-10", MeetingKind kind = MeetingKind::regular) {
    tree(1);
    m = members("C1", n);
    g = meeting("G1", "C1", date, kind);
    for (auto x : m) attend(g, x);
  }
  double rule(std::string_view id) { return meeting_rule(score(), "G1", id); }
};
}  // namespace

TEST_CASE("M3.1 duration: ramp(T/2, T), T = 90, combined 120 from 2025-10-28", "[rules][M3]") {
  auto length = [](int minutes, MeetingKind kind = MeetingKind::regular, std::string date = "2025-03-10") {
    Conduct f(3, date, kind);
    f.ds.meetings.end_time[f.g] = static_cast<ClockTime>(f.ds.meetings.start_time[f.g] + minutes);
    return f.rule("M3.1");
  };
  CHECK(same(length(90), 1.0));
  CHECK(same(length(45), 0.0));
  CHECK(same(length(72), (72 - 45) / 45.0));
  CHECK(same(length(150), 1.0));
  CHECK(same(length(90, MeetingKind::thematic), 1.0));
  CHECK(same(length(90, MeetingKind::combined, "2025-10-27"), 1.0));  // hd12-2018: T = 90
  CHECK(same(length(90, MeetingKind::combined, "2025-10-28"), 0.5));  // hd42-2025: T = 120
  CHECK(same(length(120, MeetingKind::combined, "2025-10-28"), 1.0));
  CHECK(same(length(60, MeetingKind::combined, "2025-11-10"), 0.0));
  Conduct missing(3);
  missing.ds.meetings.end_time[missing.g] = no_time;
  CHECK(same(missing.rule("M3.1"), 0.0));  // a missing end time is a duration of 0
}

TEST_CASE("M3.2 speaking breadth: ramp(0.10, 0.50) of speakers ÷ present", "[rules][M3]") {
  auto speak = [](int speakers, bool absent_speaker = false) {
    Conduct f(10);
    for (int i = 0; i < speakers; ++i) f.contribute(f.g, f.m[static_cast<std::size_t>(i)]);
    f.contribute(f.g, f.m[0], ContributionKind::proposal);  // a second contribution is the same speaker
    if (absent_speaker) {
      const Index late = f.member("X", "C1");
      f.attend(f.g, late, AttendanceStatus::absent);
      f.contribute(f.g, late);
    }
    return f.rule("M3.2");
  };
  CHECK(same(speak(5), 1.0));
  CHECK(same(speak(1), 0.0));
  CHECK(same(speak(3), 0.5));
  CHECK(same(speak(3, true), 0.5));  // an absent speaker is not an attendee: still 3 of 10
  Conduct nobody(0);
  CHECK(same(nobody.rule("M3.2"), NA));
}

TEST_CASE("M3.3 criticism practice: ramp(0, 0.5) of meetings with (self-)criticism", "[rules][M3]") {
  auto practice = [](int with, int total) {
    Fixture f;
    f.tree(1);
    const auto m = f.members("C1", 3);
    for (int i = 0; i < total; ++i) {
      const Index g = f.meeting(fmt::format("G{}", i), "C1", fmt::format("2025-{:02}-10", i + 1));
      f.attend(g, m[0]);
      f.contribute(g, m[0],
                   i < with ? (i % 2 ? ContributionKind::criticism : ContributionKind::self_criticism)
                            : ContributionKind::opinion);
    }
    return unit_rule(f.score(), "C1", "M3.3");
  };
  CHECK(same(practice(2, 4), 1.0));
  CHECK(same(practice(1, 4), 0.5));
  CHECK(same(practice(0, 4), 0.0));
  CHECK(same(practice(0, 0), NA));
}

TEST_CASE("M3.4 minutes complete: yes-count of five fields ÷ 5", "[rules][M3]") {
  auto minutes = [](int yes) {
    Conduct f(3);
    auto& g = f.ds.meetings;
    std::vector<std::vector<YesNo>*> cols{&g.minutes_attendance, &g.minutes_speakers, &g.minutes_conclusion,
                                          &g.minutes_signed, &g.minutes_read_back};
    for (int i = 0; i < 5; ++i)
      (*cols[static_cast<std::size_t>(i)])[f.g] = i < yes ? YesNo::yes
                                                  : i % 2 ? YesNo::no
                                                          : YesNo::unrecorded;
    return f.rule("M3.4");
  };
  CHECK(same(minutes(5), 1.0));
  CHECK(same(minutes(4), 0.8));
  CHECK(same(minutes(1), 0.2));
  CHECK(same(minutes(0), 0.0));
}

TEST_CASE("M3.5 roles assigned: chair and recorder set, different, present", "[rules][M3]") {
  auto roles = [](int chair, int recorder, bool chair_absent) {
    Conduct f(3);
    if (chair_absent) f.ds.attendance.status[0] = AttendanceStatus::excused;
    f.ds.meetings.chair[f.g] = chair < 0 ? no_index : f.m[static_cast<std::size_t>(chair)];
    f.ds.meetings.recorder[f.g] = recorder < 0 ? no_index : f.m[static_cast<std::size_t>(recorder)];
    return f.rule("M3.5");
  };
  CHECK(same(roles(0, 1, false), 1.0));
  CHECK(same(roles(0, 0, false), 0.0));   // the same person
  CHECK(same(roles(0, 1, true), 0.0));    // the chair was not there
  CHECK(same(roles(0, -1, false), 0.0));  // no recorder
}

TEST_CASE("M3.6 resolutions specific: with owner and due date ÷ resolutions", "[rules][M3]") {
  Conduct f(3);
  f.resolution(f.g, f.m[0], "2025-04-01");
  f.resolution(f.g, f.m[1], "");              // no due date
  f.resolution(f.g, no_index, "2025-04-01");  // no owner
  f.resolution(f.g, f.m[2], "2025-05-01");
  CHECK(same(f.rule("M3.6"), 0.5));
  Conduct none(3);
  CHECK(same(none.rule("M3.6"), NA));
  Conduct all(3);
  all.resolution(all.g, all.m[0], "2025-04-01");
  CHECK(same(all.rule("M3.6"), 1.0));
}

TEST_CASE("M3.7 tasks assigned: ramp(0, 0.5) of present eligible members given a dated task", "[rules][M3]") {
  auto tasks = [](int given, MeetingKind kind = MeetingKind::regular) {
    Conduct f(10, "2025-03-10", kind);
    for (int i = 0; i < given; ++i) {
      f.task(f.g, f.m[static_cast<std::size_t>(i)], "2025-04-01");
      f.task(f.g, f.m[static_cast<std::size_t>(i)], "2025-04-15");  // a second task: same member
    }
    f.task(f.g, f.m[9], "");  // no due date: does not count
    return f.rule("M3.7");
  };
  CHECK(same(tasks(5), 1.0));
  CHECK(same(tasks(2), 0.4));
  CHECK(same(tasks(0), 0.0));
  CHECK(same(tasks(5, MeetingKind::thematic), NA));
  CHECK(same(tasks(5, MeetingKind::combined), 1.0));
}

TEST_CASE("M3.8 tasks on time and M3.9 followed up, over tasks due in the period", "[rules][M3]") {
  auto run = [](int on_time, int followed, int total) {
    Fixture f;
    f.tree(1);
    const auto m = f.members("C1", 2);
    const Index g = f.meeting("G1", "C1", "2025-03-10");
    const Index old = f.meeting("G0", "C1", "2024-12-10");  // outside P, its tasks may fall due in P
    for (int i = 0; i < total; ++i)
      f.task(i % 2 ? g : old, m[0], "2025-04-10", i < on_time ? "2025-04-10" : "2025-04-11",
             i < followed ? "2025-04-05" : "");
    f.task(g, m[1], "2026-01-05", "2026-01-01", "2026-01-01");  // due after P: not counted
    const Report r = f.score();
    return std::pair{unit_rule(r, "C1", "M3.8"), unit_rule(r, "C1", "M3.9")};
  };
  CHECK(same(run(8, 9, 10).first, 1.0));
  CHECK(same(run(8, 9, 10).second, 1.0));
  CHECK(same(run(3, 2, 10).first, 0.0));
  CHECK(same(run(3, 2, 10).second, 0.0));
  CHECK(same(run(11, 11, 20).first, (0.55 - 0.3) / 0.5));
  CHECK(same(run(11, 11, 20).second, (0.55 - 0.2) / 0.7));
  CHECK(same(run(0, 0, 0).first, NA));
  CHECK(same(run(0, 0, 0).second, NA));
}
