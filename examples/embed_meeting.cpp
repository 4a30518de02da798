// What an application does when a secretary enters one meeting: build (or load) the cell's data,
// score that one meeting, and show the rating and what to improve.
#include <chibo/chibo.hpp>

#include <fmt/format.h>

using namespace chibo;

int main() {
  // The cell's records, as the application holds them (here built in memory).
  Dataset ds;
  auto& units = ds.org_units;
  auto unit = [&](const char* id, Index parent, OrgKind kind, const char* name) {
    units.id.push_back(id);
    units.name.push_back(name);
    units.parent.push_back(parent);
    units.kind.push_back(kind);
    units.sector.push_back(Sector::village);
    units.established_on.push_back(Date());
    units.dissolved_on.push_back(Date());
    return static_cast<Index>(units.size() - 1);
  };
  const Index commune = unit("G1", no_index, OrgKind::grassroots_committee, "Đảng ủy xã Tân Trung");
  const Index cell = unit("C1", commune, OrgKind::cell, "Chi bộ thôn Đồng Lạc");
  const char* names[] = {"Nguyễn Văn Hùng", "Trần Thị Lan", "Lê Văn Sơn", "Phạm Thị Mai", "Hoàng Văn Nam"};
  for (int i = 0; i < 5; ++i) {
    auto& m = ds.members;
    m.id.push_back(fmt::format("M{}", i + 1));
    m.full_name.push_back(names[i]);
    m.gender.push_back("");
    m.cell.push_back(cell);
    m.role.push_back(i == 0 ? Role::secretary : Role::member);
    m.role_since.push_back(Date());
    m.status.push_back(MemberStatus::official);
    m.joined_on.push_back(Date(2005, 3, 1));
    m.left_on.push_back(Date());
    m.exempt_from.push_back(Date());
    m.exempt_to.push_back(Date());
    m.birth_year.push_back(0);
  }

  // The meeting the secretary has just entered: notice sent on the day, 75 minutes long.
  auto& g = ds.meetings;
  const Date date(2025, 11, 14);
  g.id.push_back("H2025-11");
  g.topic.push_back("");
  g.cell.push_back(cell);
  g.kind.push_back(MeetingKind::regular);
  g.date.push_back(date);
  g.notice_date.push_back(date);
  g.prep_date.push_back(Date(2025, 11, 10));
  g.start_time.push_back(19 * 60 + 30);
  g.end_time.push_back(20 * 60 + 45);
  g.consulted_unit_head.push_back(Consulted::yes);
  g.content_sources.push_back(bit(ContentSource::superior_direction) | bit(ContentSource::member_sentiment));
  g.draft_resolution.push_back(YesNo::yes);
  g.notified_upper.push_back(YesNo::yes);
  g.model_meeting.push_back(YesNo::no);
  for (auto* c : {&g.minutes_attendance, &g.minutes_speakers, &g.minutes_conclusion, &g.minutes_signed,
                  &g.minutes_read_back})
    c->push_back(YesNo::yes);
  g.chair.push_back(0);
  g.recorder.push_back(1);
  g.topic_source.push_back(TopicSource::unrecorded);
  g.self_rating.push_back(Rating::tot);
  for (Index m = 0; m < 5; ++m) {
    ds.attendance.meeting.push_back(0);
    ds.attendance.member.push_back(m);
    ds.attendance.status.push_back(m == 4 ? AttendanceStatus::absent : AttendanceStatus::present);
  }
  for (Index m : {0u, 1u}) {
    ds.contributions.meeting.push_back(0);
    ds.contributions.member.push_back(m);
    ds.contributions.kind.push_back(ContributionKind::opinion);
  }
  ds.finalize();

  const Policy policy = Policy::builtin();
  const MeetingResult result = score_meeting(ds, 0, policy);
  fmt::print("Cuộc họp {} ({}): {:.1f} điểm, xếp loại {}\n", g.id[0],
             policy.profiles()[result.score.profile].name, result.score.total,
             result.score.rating ? to_code(*result.score.rating) : "—");

  // Findings carry their evidence; the message is rendered in the user's language.
  for (const auto& f : result.findings)
    fmt::print("  [{}] {}: {}\n", to_code(f.severity), policy.registry().rules()[f.rule].id,
               render_message(ds, policy, f, Language::vi));
  return 0;
}
