// M1 — regular meetings and attendance. Expected values follow the rulebook's ramps.
#include "fixture.hpp"

using namespace chibo;
using namespace chibo::test;

namespace {
/// One cell C1 with `n` members (C1M1 is the secretary).
struct OneCell : Fixture {
  std::vector<Index> m;
  explicit OneCell(int n = 20) {
    tree(1);
    m = members("C1", n);
  }
  /// A meeting where the first `present` members attend and the rest are absent.
  Index meeting_with(std::string id, std::string date, int present, MeetingKind k = MeetingKind::regular) {
    const Index g = meeting(std::move(id), "C1", std::move(date), k);
    for (int i = 0; i < static_cast<int>(m.size()); ++i)
      attend(g, m[static_cast<std::size_t>(i)],
             i < present ? AttendanceStatus::present : AttendanceStatus::absent);
    return g;
  }
};
}  // namespace

TEST_CASE("M1.1 monthly cadence: counted months with a regular or combined meeting", "[rules][M1]") {
  SECTION("every month: 1") {
    OneCell f;
    for (int mo = 1; mo <= 12; ++mo)
      f.meeting_with(fmt::format("G{}", mo), fmt::format("2025-{:02}-10", mo), 20);
    CHECK(same(unit_rule(f.score(), "C1", "M1.1"), 1.0));
  }
  SECTION("11 of 12 months, one thematic meeting does not count: 11/12") {
    OneCell f;
    for (int mo = 1; mo <= 11; ++mo)
      f.meeting_with(fmt::format("G{}", mo), fmt::format("2025-{:02}-10", mo), 20);
    f.meeting_with("T12", "2025-12-10", 20, MeetingKind::thematic);
    CHECK(same(unit_rule(f.score(), "C1", "M1.1"), 11.0 / 12));
  }
  SECTION("a combined meeting counts; months outside the active range do not") {
    OneCell f;
    f.ds.org_units.established_on[f.find_unit("C1")] = day("2025-07-01");
    for (int mo = 7; mo <= 11; ++mo)
      f.meeting_with(fmt::format("G{}", mo), fmt::format("2025-{:02}-10", mo), 20);
    f.meeting_with("K12", "2025-12-10", 20, MeetingKind::combined);
    CHECK(same(unit_rule(f.score(), "C1", "M1.1"), 1.0));
  }
  SECTION("no counted month: N/A") {
    OneCell f;
    f.ds.org_units.established_on[f.find_unit("C1")] = day("2025-12-15");
    f.meeting_with("G1", "2025-12-20", 20);
    CHECK(same(unit_rule(f.score(), "C1", "M1.1"), NA));
  }
}

TEST_CASE("M1.2 attendance rate: ramp(0.50, 0.85) of present eligible ÷ eligible", "[rules][M1]") {
  auto rate = [](int present) {
    OneCell f;
    f.meeting_with("G1", "2025-03-10", present);
    return meeting_rule(f.score(), "G1", "M1.2");
  };
  CHECK(same(rate(17), 1.0));  // 0.85: the full-credit edge
  CHECK(same(rate(16), (0.80 - 0.5) / 0.35));
  CHECK(same(rate(14), (0.70 - 0.5) / 0.35));
  CHECK(same(rate(10), 0.0));  // 0.50: the zero edge
  CHECK(same(rate(11), (0.55 - 0.5) / 0.35));

  SECTION("exempt members and members not yet joined are not eligible; late is present") {
    OneCell f(4);
    f.member("X1", "C1", Role::member, "2000-01-01", "", "2020-01-01");  // exempt
    f.member("X2", "C1", Role::member, "2025-04-01");                    // joins later
    f.member("X3", "C1", Role::member, "2000-01-01", "2025-03-10");      // left on the day
    const Index g = f.meeting("G1", "C1", "2025-03-10");
    f.attend(g, f.m[0], AttendanceStatus::late);
    f.attend(g, f.m[1]);
    f.attend(g, f.m[2]);
    f.attend(g, f.m[3], AttendanceStatus::excused);
    const Report r = f.score();
    CHECK(same(meeting_rule(r, "G1", "M1.2"), (0.75 - 0.5) / 0.35));
  }
  SECTION("nobody eligible: N/A") {
    OneCell f(0);
    f.member("X1", "C1", Role::member, "2000-01-01", "", "2020-01-01");
    f.meeting("G1", "C1", "2025-03-10");
    CHECK(same(meeting_rule(f.score(), "G1", "M1.2"), NA));
  }
}

TEST_CASE("M1.3 no unexcused absence: ramp(0.10, 0) of unexcused ÷ eligible", "[rules][M1]") {
  auto score_with = [](int absent, int excused, int missing_rows) {
    OneCell f;
    const Index g = f.meeting("G1", "C1", "2025-03-10");
    for (int i = 0; i < 20; ++i) {
      const auto who = f.m[static_cast<std::size_t>(i)];
      if (i < absent)
        f.attend(g, who, AttendanceStatus::absent);
      else if (i < absent + excused)
        f.attend(g, who, AttendanceStatus::excused);
      else if (i < absent + excused + missing_rows)
        continue;  // no row at all
      else
        f.attend(g, who);
    }
    return meeting_rule(f.score(), "G1", "M1.3");
  };
  CHECK(same(score_with(0, 0, 0), 1.0));
  CHECK(same(score_with(0, 5, 0), 1.0));  // excused is not unexcused
  CHECK(same(score_with(1, 0, 0), 0.5));  // 0.05
  CHECK(same(score_with(0, 0, 1), 0.5));  // a missing row is an unexcused absence
  CHECK(same(score_with(2, 0, 0), 0.0));  // 0.10: the zero edge
  CHECK(same(score_with(1, 0, 2), 0.0));
}

TEST_CASE("M1.4 chronic absence: a member who skipped 3 months of a year is flagged", "[rules][M1]") {
  // The report points into its fixture's dataset: keep both.
  struct Run {
    std::unique_ptr<OneCell> fixture = std::make_unique<OneCell>(5);
    Report report;
  };
  auto run = [](int skipped_months, bool excused_elsewhere) {
    Run out;
    OneCell& f = *out.fixture;
    for (int mo = 1; mo <= 12; ++mo) {
      const Index g = f.meeting(fmt::format("G{}", mo), "C1", fmt::format("2025-{:02}-10", mo));
      for (std::size_t i = 0; i < 5; ++i)
        f.attend(g, f.m[i],
                 i == 4 && mo <= skipped_months ? AttendanceStatus::absent : AttendanceStatus::present);
      if (mo == 1 && excused_elsewhere) {
        // A second meeting in January where the member is excused: January is not skipped.
        const Index h = f.meeting("H1", "C1", "2025-01-25", MeetingKind::thematic);
        f.attend(h, f.m[4], AttendanceStatus::excused);
      }
    }
    out.report = f.score();
    return out;
  };
  const Run run3 = run(3, false);
  const Report& three = run3.report;
  CHECK(same(unit_rule(three, "C1", "M1.4"), 0.0));
  CHECK(same(unit_rule(run(2, false).report, "C1", "M1.4"), 1.0));
  CHECK(same(unit_rule(run(3, true).report, "C1", "M1.4"), 1.0));
  CHECK(same(unit_rule(run(4, true).report, "C1", "M1.4"), 0.0));

  SECTION("the finding names the member and the months, as an error") {
    const auto& reg = three.policy->registry();
    const auto findings = all_findings(three);
    const Finding* found = nullptr;
    for (const auto& fi : findings)
      if (reg.rules()[fi.rule].id == "M1.4") found = &fi;
    REQUIRE(found != nullptr);
    CHECK(found->severity == Severity::error);
    CHECK(three.dataset->members.id[found->member] == "C1M5");
    const std::string vi = render_message(three, *found, Language::vi);
    CHECK_THAT(vi, Catch::Contains("C1M5") && Catch::Contains("tháng 1, 2, 3") &&
                       Catch::Contains("đề nghị xóa tên"));
    CHECK_THAT(render_message(three, *found, Language::en), Catch::Contains("months 1, 2, 3"));
  }
  SECTION("an exempt member is never eligible, so never skips") {
    OneCell f(3);
    const Index x = f.member("X", "C1", Role::member, "2000-01-01", "", "2024-01-01");
    for (int mo = 1; mo <= 6; ++mo) {
      const Index g = f.meeting(fmt::format("G{}", mo), "C1", fmt::format("2025-{:02}-10", mo));
      for (auto y : f.m) f.attend(g, y);
      f.attend(g, x, AttendanceStatus::absent);
    }
    CHECK(same(unit_rule(f.score(), "C1", "M1.4"), 1.0));
  }
}

TEST_CASE("M1.5 self-assessment recorded, and M1.6 its calibration", "[rules][M1]") {
  SECTION("M1.5 is yes/no per meeting, the mean for the cell") {
    OneCell f;
    const Index a = f.meeting_with("G1", "2025-03-10", 20);
    f.meeting_with("G2", "2025-04-10", 20);
    f.ds.meetings.self_rating[a] = Rating::kha;
    const Report r = f.score();
    CHECK(same(meeting_rule(r, "G1", "M1.5"), 1.0));
    CHECK(same(meeting_rule(r, "G2", "M1.5"), 0.0));
    CHECK(same(unit_rule(r, "C1", "M1.5"), 0.5));
    REQUIRE(r.meetings[0].rating == Rating::kha);  // 80: see the M1.6 section
    CHECK(same(unit_rule(r, "C1", "M1.6"), 1.0));
  }
  SECTION("M1.6: ramp(d; 2, 0) of the gap between the self rating and the computed one") {
    // A meeting with nobody attending rates kem (M1.2, M1.3 … at 0); its total is known below.
    auto calibrate = [](Rating self) {
      OneCell f;
      const Index g = f.meeting_with("G1", "2025-03-10", 0);
      f.ds.meetings.self_rating[g] = self;
      const Report r = f.score();
      REQUIRE(r.meetings[0].rating == Rating::trung_binh);
      return unit_rule(r, "C1", "M1.6");
    };
    CHECK(same(calibrate(Rating::trung_binh), 1.0));  // d = 0
    CHECK(same(calibrate(Rating::kem), 1.0));         // d = −1: modesty costs nothing
    CHECK(same(calibrate(Rating::kha), 0.5));         // d = 1
    CHECK(same(calibrate(Rating::tot), 0.0));         // d = 2
  }
  SECTION("no self-rated meeting: N/A") {
    OneCell f;
    f.meeting_with("G1", "2025-03-10", 20);
    CHECK(same(unit_rule(f.score(), "C1", "M1.6"), NA));
  }
}
