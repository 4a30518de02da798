// M4 — thematic meetings; M5 — upper-level cadres attend and report.
#include <chibo/unicode.hpp>

#include "fixture.hpp"

using namespace chibo;
using namespace chibo::test;

TEST_CASE("M4.1 thematic per quarter: counted quarters with a thematic or combined meeting", "[rules][M4]") {
  auto quarters = [](std::vector<std::pair<std::string, MeetingKind>> meetings) {
    Fixture f;
    f.tree(1);
    f.members("C1", 3);
    int i = 0;
    for (auto& [date, kind] : meetings) f.meeting(fmt::format("G{}", ++i), "C1", date, kind);
    return unit_rule(f.score(), "C1", "M4.1");
  };
  using K = MeetingKind;
  CHECK(same(quarters({{"2025-02-01", K::thematic},
                       {"2025-05-01", K::combined},
                       {"2025-08-01", K::thematic},
                       {"2025-11-01", K::thematic}}),
             1.0));
  CHECK(
      same(quarters({{"2025-02-01", K::thematic}, {"2025-03-01", K::thematic}, {"2025-08-01", K::combined}}),
           0.5));
  CHECK(same(quarters({{"2025-02-01", K::regular}}), 0.0));
}

TEST_CASE("M4.2 thematic topic grounded, M4.4 thematic outcome", "[rules][M4]") {
  auto run = [](MeetingKind kind, TopicSource source, bool resolution, bool task) {
    Fixture f;
    f.tree(1);
    const auto m = f.members("C1", 3);
    const Index g = f.meeting("G1", "C1", "2025-03-10", kind);
    f.ds.meetings.topic_source[g] = source;
    if (resolution) f.resolution(g, no_index, "");
    if (task) f.task(g, m[1], "");
    const Report r = f.score();
    return std::pair{meeting_rule(r, "G1", "M4.2"), meeting_rule(r, "G1", "M4.4")};
  };
  using K = MeetingKind;
  using S = TopicSource;
  CHECK(run(K::thematic, S::leadership_need, true, false) == std::pair{1.0, 1.0});
  CHECK(run(K::combined, S::unresolved_issue, false, true) == std::pair{1.0, 1.0});
  CHECK(run(K::thematic, S::professional, false, false) == std::pair{1.0, 0.0});
  CHECK(run(K::thematic, S::other, false, false) == std::pair{0.0, 0.0});
  CHECK(run(K::thematic, S::unrecorded, true, true).first == 0.0);
  const auto regular = run(K::regular, S::leadership_need, true, true);
  CHECK(std::isnan(regular.first));
  CHECK(std::isnan(regular.second));
}

TEST_CASE("M4.3 thematic variety: topics compared after NFC, case folding and space collapsing",
          "[rules][M4]") {
  auto variety = [](std::vector<std::string> topics) {
    Fixture f;
    f.tree(1);
    f.members("C1", 3);
    for (std::size_t i = 1; i <= topics.size(); ++i)
      f.meeting(fmt::format("G{}", i), "C1", fmt::format("2025-{:02}-10", i), MeetingKind::thematic);
    StringColumn col;  // the topics, in meeting order
    for (auto& t : topics) col.push_back(t);
    f.ds.meetings.topic = col;
    return unit_rule(f.score(), "C1", "M4.3");
  };
  const std::string a = "Xây dựng nông thôn mới";
  CHECK(same(variety({a, "Chuyển đổi số ở thôn", "Phòng chống dịch bệnh", "Bảo vệ môi trường"}), 1.0));
  CHECK(same(variety({a, to_nfd(a), "  XÂY DỰNG   NÔNG THÔN MỚI ", "Chuyển đổi số"}), 0.0));  // 2 of 4: 0.5
  CHECK(same(variety({a, to_nfd(a), "Chuyển đổi số", "Bảo vệ môi trường"}), 0.5));            // 3 of 4: 0.75
  CHECK(same(variety({"", "   "}), NA));                                                      // no topic
}

TEST_CASE("topic keys: NFC, full case folding, trimmed, collapsed", "[rules][M4][unicode]") {
  CHECK(topic_key("  Xây  Dựng\tNông thôn MỚI ") == "xây dựng nông thôn mới");
  CHECK(topic_key(to_nfd("Đỗ Hữu Ngọc")) == topic_key("ĐỖ HỮU NGỌC"));
  CHECK(topic_key("Straße") == topic_key("STRASSE"));  // full folding: ß → ss
  CHECK(topic_key(" \n ").empty());
}

namespace {
/// Cell C1 under G under D; cadre K of G.
struct Upper : Fixture {
  Index k;
  std::vector<Index> m;
  Upper() {
    tree(2);
    m = members("C1", 3);
    members("C2", 3);
    k = cadre("K", "G");
  }
};
}  // namespace

TEST_CASE("M5.1 upper-level attendance per quarter, M5.2 reported within 7 days", "[rules][M5]") {
  Upper f;
  f.visit("C1", f.k, "2025-02-10", VisitKind::attend_meeting, "2025-02-17");  // day 7: in time
  f.visit("C1", f.k, "2025-03-10", VisitKind::attend_meeting, "2025-03-18");  // day 8: late
  f.visit("C1", f.k, "2025-05-10", VisitKind::attend_meeting);                // never reported
  f.visit("C1", f.k, "2025-08-10", VisitKind::inspection, "2025-08-10");      // not attendance
  f.visit("C1", f.k, "2024-12-10", VisitKind::attend_meeting, "2024-12-11");  // outside P
  const Report r = f.score();
  CHECK(same(unit_rule(r, "C1", "M5.1"), 0.5));  // Q1, Q2
  CHECK(same(unit_rule(r, "C1", "M5.2"), 1.0 / 3));
  CHECK(same(unit_rule(r, "C2", "M5.1"), 0.0));
  CHECK(same(unit_rule(r, "C2", "M5.2"), NA));
}

TEST_CASE("M5.3 escalations answered within 30 days", "[rules][M5]") {
  Upper f;
  f.escalation("C1", "2025-01-01", "2025-01-31");  // day 30
  f.escalation("C1", "2025-03-01", "2025-04-01");  // day 31
  f.escalation("C1", "2025-06-01");                // never
  f.escalation("C1", "2025-12-20", "2025-12-21");
  f.escalation("C1", "2024-12-31", "2025-03-01");  // raised before P: not counted
  const Report r = f.score();
  CHECK(same(unit_rule(r, "C1", "M5.3"), 0.5));
  CHECK(same(unit_rule(r, "C2", "M5.3"), NA));
  Upper all;
  all.escalation("C1", "2025-01-01", "2025-01-02");
  CHECK(same(unit_rule(all.score(), "C1", "M5.3"), 1.0));
}

TEST_CASE("M5.4 the secretary attends upper-level briefings each quarter", "[rules][M5]") {
  Upper f;
  const Index b1 = f.briefing("D", "2025-02-01");
  const Index b2 = f.briefing("G", "2025-05-01");
  const Index b3 = f.briefing("C2", "2025-08-01");  // not an upper-level committee of C1
  const Index b4 = f.briefing("D", "2025-11-01");
  for (Index b : {b1, b2, b3, b4}) f.briefed(b, f.m[0]);
  f.briefed(b4, f.m[1]);  // an ordinary member does not count
  const Report r = f.score();
  CHECK(same(unit_rule(r, "C1", "M5.4"), 0.75));
  CHECK(same(unit_rule(r, "C2", "M5.4"), 0.0));

  SECTION("a secretary appointed after the briefing does not count for it") {
    Upper g;
    g.ds.members.role_since[g.m[0]] = day("2025-06-01");
    const Index early = g.briefing("D", "2025-02-01");
    const Index late = g.briefing("D", "2025-08-01");
    g.briefed(early, g.m[0]);
    g.briefed(late, g.m[0]);
    CHECK(same(unit_rule(g.score(), "C1", "M5.4"), 0.25));
  }
}

TEST_CASE("M5.1 and M5.2 at their full-credit edges", "[rules][M5]") {
  Upper f;
  for (int q = 0; q < 4; ++q) {
    const std::string date = fmt::format("2025-{:02}-05", q * 3 + 1);
    f.visit("C1", f.k, date, VisitKind::attend_meeting, date);  // reported the same day
  }
  f.ds.org_units.established_on[f.find_unit("C2")] = day("2025-12-20");  // no counted quarter
  const Report r = f.score();
  CHECK(same(unit_rule(r, "C1", "M5.1"), 1.0));
  CHECK(same(unit_rule(r, "C1", "M5.2"), 1.0));
  CHECK(same(unit_rule(r, "C2", "M5.1"), NA));
  CHECK(same(unit_rule(r, "C2", "M5.4"), NA));
}

TEST_CASE("NFC: precomposed Vietnamese stays, decomposed text composes", "[unicode]") {
  const std::string nfc = "Nguyễn Thị Hồng Ánh, Đỗ Hữu Ngọc, thôn Đồng Quan";
  CHECK(to_nfc(nfc) == nfc);
  CHECK(to_nfc(to_nfd(nfc)) == nfc);
  CHECK(to_nfd(nfc) != nfc);
  CHECK(to_nfc("e\xCC\x81") == "\xC3\xA9");     // e + combining acute → é
  CHECK(to_nfc("\xE2\x84\xAB") == "\xC3\x85");  // Angstrom sign → Å (a singleton)
  CHECK(to_nfc("A\xCC\x8A"
               "B") ==
        "\xC3\x85"
        "B");
}
