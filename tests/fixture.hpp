// Small datasets built in a test, the way the rulebook's worked examples read.
#pragma once

#include <chibo/chibo.hpp>

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <cmath>
#include <optional>
#include <sstream>
#include <string>

namespace chibo::test {

inline Date day(std::string_view s) {
  if (s.empty()) return Date();
  const Date d = parse_date(s);
  REQUIRE_FALSE(d.is_special());
  return d;
}

inline ClockTime hm(int h, int m) {
  return static_cast<ClockTime>(h * 60 + m);
}

/// A dataset under construction. Defaults describe a well-run meeting; a test changes the one
/// thing it is about.
class Fixture {
 public:
  Dataset ds;

  Index unit(std::string id, std::string parent, OrgKind kind, std::string est = "", std::string dis = "") {
    auto& u = ds.org_units;
    u.id.push_back(id);
    u.name.push_back("Unit " + id);
    u.parent.push_back(parent.empty() ? no_index : find_unit(parent));
    u.kind.push_back(kind);
    u.sector.push_back(Sector::village);
    u.established_on.push_back(day(est));
    u.dissolved_on.push_back(day(dis));
    return static_cast<Index>(u.size() - 1);
  }
  /// A province P, a district D, a commune G and `cells` cells C1… under G.
  void tree(int cells = 1) {
    unit("P", "", OrgKind::province);
    unit("D", "P", OrgKind::district);
    unit("G", "D", OrgKind::grassroots_committee);
    for (int i = 1; i <= cells; ++i) unit("C" + std::to_string(i), "G", OrgKind::cell);
  }

  Index member(std::string id, std::string cell, Role role = Role::member, std::string joined = "2000-01-01",
               std::string left = "", std::string exempt_from = "", std::string exempt_to = "",
               MemberStatus status = MemberStatus::official, std::string role_since = "") {
    auto& m = ds.members;
    m.id.push_back(id);
    m.full_name.push_back("Nguyễn Văn " + id);
    m.gender.push_back("");
    m.cell.push_back(find_unit(cell));
    m.role.push_back(role);
    m.role_since.push_back(day(role_since));
    m.status.push_back(status);
    m.joined_on.push_back(day(joined));
    m.left_on.push_back(day(left));
    m.exempt_from.push_back(day(exempt_from));
    m.exempt_to.push_back(day(exempt_to));
    m.birth_year.push_back(0);
    return static_cast<Index>(m.size() - 1);
  }
  /// `n` ordinary members M1…Mn of a cell (ids prefixed by the cell id).
  std::vector<Index> members(std::string cell, int n) {
    std::vector<Index> out;
    for (int i = 1; i <= n; ++i)
      out.push_back(member(cell + "M" + std::to_string(i), cell, i == 1 ? Role::secretary : Role::member));
    return out;
  }

  Index cadre(std::string id, std::string org) {
    ds.cadres.id.push_back(id);
    ds.cadres.full_name.push_back("Cán bộ " + id);
    ds.cadres.org_unit.push_back(find_unit(org));
    ds.cadres.position.push_back(CadrePosition::staff);
    return static_cast<Index>(ds.cadres.size() - 1);
  }

  Index meeting(std::string id, std::string cell, std::string date, MeetingKind kind = MeetingKind::regular) {
    auto& g = ds.meetings;
    const Date d = day(date);
    g.id.push_back(id);
    g.topic.push_back(kind == MeetingKind::regular ? "" : "Chủ đề " + id);
    g.cell.push_back(find_unit(cell));
    g.kind.push_back(kind);
    g.date.push_back(d);
    g.notice_date.push_back(d - boost::gregorian::days(2));
    g.prep_date.push_back(d - boost::gregorian::days(3));
    g.start_time.push_back(hm(8, 0));
    g.end_time.push_back(hm(9, 30));
    g.consulted_unit_head.push_back(Consulted::yes);
    g.content_sources.push_back(bit(ContentSource::cell_function) | bit(ContentSource::work_program));
    g.draft_resolution.push_back(YesNo::yes);
    g.notified_upper.push_back(YesNo::yes);
    g.model_meeting.push_back(YesNo::no);
    for (auto* c : {&g.minutes_attendance, &g.minutes_speakers, &g.minutes_conclusion, &g.minutes_signed,
                    &g.minutes_read_back})
      c->push_back(YesNo::yes);
    g.chair.push_back(no_index);
    g.recorder.push_back(no_index);
    g.topic_source.push_back(kind == MeetingKind::regular ? TopicSource::unrecorded
                                                          : TopicSource::leadership_need);
    g.self_rating.push_back(std::nullopt);
    return static_cast<Index>(g.size() - 1);
  }

  void attend(Index meeting, Index member, AttendanceStatus s = AttendanceStatus::present) {
    ds.attendance.meeting.push_back(meeting);
    ds.attendance.member.push_back(member);
    ds.attendance.status.push_back(s);
  }
  void contribute(Index meeting, Index member, ContributionKind k = ContributionKind::opinion) {
    ds.contributions.meeting.push_back(meeting);
    ds.contributions.member.push_back(member);
    ds.contributions.kind.push_back(k);
  }
  void resolution(Index meeting, Index owner, std::string due) {
    ds.resolutions.id.push_back("R" + std::to_string(ds.resolutions.size() + 1));
    ds.resolutions.text.push_back("");
    ds.resolutions.meeting.push_back(meeting);
    ds.resolutions.owner.push_back(owner);
    ds.resolutions.due_date.push_back(day(due));
  }
  void task(Index meeting, Index assignee, std::string due, std::string done = "",
            std::string followed = "") {
    ds.tasks.id.push_back("T" + std::to_string(ds.tasks.size() + 1));
    ds.tasks.description.push_back("");
    ds.tasks.meeting.push_back(meeting);
    ds.tasks.assignee.push_back(assignee);
    ds.tasks.due_date.push_back(day(due));
    ds.tasks.completed_on.push_back(day(done));
    ds.tasks.followed_up_on.push_back(day(followed));
  }
  void agenda(Index meeting, AgendaCategory c, int minutes) {
    ds.agenda_items.meeting.push_back(meeting);
    ds.agenda_items.seq.push_back(static_cast<std::int32_t>(ds.agenda_items.size() + 1));
    ds.agenda_items.category.push_back(c);
    ds.agenda_items.minutes.push_back(minutes);
  }
  void visit(std::string cell, Index cadre, std::string date, VisitKind kind, std::string report = "") {
    ds.visits.id.push_back("V" + std::to_string(ds.visits.size() + 1));
    ds.visits.cell.push_back(find_unit(cell));
    ds.visits.cadre.push_back(cadre);
    ds.visits.meeting.push_back(no_index);
    ds.visits.date.push_back(day(date));
    ds.visits.report_date.push_back(day(report));
    ds.visits.kind.push_back(kind);
  }
  void escalation(std::string cell, std::string raised, std::string responded = "") {
    ds.escalations.id.push_back("E" + std::to_string(ds.escalations.size() + 1));
    ds.escalations.subject.push_back("");
    ds.escalations.cell.push_back(find_unit(cell));
    ds.escalations.meeting.push_back(no_index);
    ds.escalations.raised_on.push_back(day(raised));
    ds.escalations.responded_on.push_back(day(responded));
  }
  Index briefing(std::string org, std::string date) {
    ds.briefings.id.push_back("B" + std::to_string(ds.briefings.size() + 1));
    ds.briefings.org_unit.push_back(find_unit(org));
    ds.briefings.date.push_back(day(date));
    return static_cast<Index>(ds.briefings.size() - 1);
  }
  void briefed(Index briefing, Index member) {
    ds.briefing_attendance.briefing.push_back(briefing);
    ds.briefing_attendance.member.push_back(member);
  }
  void training(Index member, std::string date, TrainingKind kind) {
    ds.trainings.member.push_back(member);
    ds.trainings.date.push_back(day(date));
    ds.trainings.kind.push_back(kind);
    ds.trainings.hours.push_back(4);
    ds.trainings.provider.push_back(no_index);
  }
  void assignment(Index cadre, std::string cell, std::string from, std::string to = "") {
    ds.assignments.cadre.push_back(cadre);
    ds.assignments.cell.push_back(find_unit(cell));
    ds.assignments.from.push_back(day(from));
    ds.assignments.to.push_back(day(to));
  }
  void rating(std::string cell, int year, AnnualRating r) {
    ds.ratings.cell.push_back(find_unit(cell));
    ds.ratings.year.push_back(static_cast<std::int16_t>(year));
    ds.ratings.rating.push_back(r);
  }

  /// A unit's parent over [from, to] (org_history); empty dates are open.
  void history(std::string unit, std::string parent, std::string from, std::string to) {
    ds.org_history.unit.push_back(find_unit(unit));
    ds.org_history.parent.push_back(find_unit(parent));
    ds.org_history.from.push_back(day(from));
    ds.org_history.to.push_back(day(to));
  }

  Index find_member(const std::string& id) const {
    for (Index i = 0; i < ds.members.size(); ++i)
      if (ds.members.id[i] == id) return i;
    FAIL("no member " << id);
    return no_index;
  }

  Index find_unit(const std::string& id) const {
    for (Index i = 0; i < ds.org_units.size(); ++i)
      if (ds.org_units.id[i] == id) return i;
    FAIL("no unit " << id);
    return no_index;
  }

  /// Finalizes and scores.
  Report score(Period p = Period::year(2025), const Policy* policy = nullptr) {
    ds.finalize();
    static const Policy builtin = Policy::builtin();
    policy_ = policy ? policy : &builtin;
    return chibo::score(ds, p, *policy_);
  }

 private:
  const Policy* policy_ = nullptr;
};

/// A rule score of a unit in a report (NaN = N/A).
/// A generated commune scored for 2025 with the built-in policy.
struct GeneratedCommune {
  Dataset ds;
  Policy policy = Policy::builtin();
  Report report;
  explicit GeneratedCommune(std::uint64_t seed)
      : ds(generate([seed] {
          GenerateOptions o;
          o.preset = Preset::commune;
          o.year = 2025;
          o.seed = seed;
          return o;
        }())),
        report(score(ds, Period::year(2025), policy)) {}
};

/// Every finding of a report, unit by unit in file order.
inline std::vector<Finding> all_findings(const Report& r) {
  std::vector<Finding> out;
  for (std::size_t u = 0; u < r.units.size(); ++u) {
    const auto f = r.findings_of(u);
    out.insert(out.end(), f.begin(), f.end());
  }
  return out;
}

inline double unit_rule(const Report& r, std::string_view unit, std::string_view rule) {
  const auto& ds = *r.dataset;
  const auto& reg = r.policy->registry();
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    if (ds.org_units.id[r.units[i].unit] != unit) continue;
    const bool cell = ds.org_units.kind[r.units[i].unit] == OrgKind::cell;
    const auto ids = r.unit_rule_ids(cell);
    for (std::size_t k = 0; k < ids.size(); ++k)
      if (reg.rules()[ids[k]].id == rule) return r.rules_of(i)[k];
  }
  FAIL("no rule " << rule << " for unit " << unit);
  return 0;
}

inline const UnitScore& unit_score(const Report& r, std::string_view unit) {
  for (const auto& u : r.units)
    if (r.dataset->org_units.id[u.unit] == unit) return u;
  FAIL("no unit " << unit);
  return r.units.front();
}

inline double unit_measure(const Report& r, std::string_view unit, std::string_view measure) {
  const int j = r.policy->registry().measure_index(measure);
  for (std::size_t i = 0; i < r.units.size(); ++i)
    if (r.dataset->org_units.id[r.units[i].unit] == unit)
      return r.measures_of(i)[static_cast<std::size_t>(j)];
  FAIL("no unit " << unit);
  return 0;
}

inline std::size_t meeting_pos(const Report& r, std::string_view meeting) {
  for (std::size_t i = 0; i < r.meetings.size(); ++i)
    if (r.dataset->meetings.id[r.meetings[i].meeting] == meeting) return i;
  FAIL("no meeting " << meeting << " in the report");
  return 0;
}

inline double meeting_rule(const Report& r, std::string_view meeting, std::string_view rule) {
  const std::size_t pos = meeting_pos(r, meeting);
  const auto ids = r.meeting_rule_ids();
  for (std::size_t k = 0; k < ids.size(); ++k)
    if (r.policy->registry().rules()[ids[k]].id == rule) return r.rules_of_meeting(pos)[k];
  FAIL("no meeting rule " << rule);
  return 0;
}

/// Matches a score, or N/A when expected is NaN.
inline bool same(double got, double expected, double eps = 1e-9) {
  if (std::isnan(expected)) return std::isnan(got);
  return !std::isnan(got) && std::fabs(got - expected) <= eps;
}

inline constexpr double NA = not_applicable;

}  // namespace chibo::test
