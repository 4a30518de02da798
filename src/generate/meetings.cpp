// The generator's meetings: each cell's year (meetings, agendas, attendance, contributions,
// resolutions, tasks, visits, escalations) on its own random stream, merged in cell order.
#include "builder.hpp"

#include <chibo/unicode.hpp>

#include <fmt/format.h>

#include "../parallel.hpp"
#include "../tables.hpp"
#include "../timing.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace chibo::gen {

using boost::gregorian::days;

void Builder::build_meetings() {
  index_members();
  const std::size_t cells = plan_.cell_rows.size();
  const unsigned threads = detail::thread_count(o_.threads);
  constexpr std::size_t chunk = 256;
  const std::size_t chunks = (cells + chunk - 1) / chunk;
  std::vector<Part> parts(chunks);
  detail::for_each_chunk(chunks, threads, [&](std::size_t c, std::size_t worker) {
    for (std::size_t i = c * chunk; i < std::min(cells, (c + 1) * chunk); ++i)
      build_cell_year(plan_.cell_rows[i], parts[c]);
    if (worker == 0 && o_.progress && c % 16 == 0)  // progress from the calling thread only
      o_.progress("meetings", static_cast<double>(c) / static_cast<double>(chunks));
  });
  merge(parts);
}

std::string Builder::meeting_id(std::size_t n) {
  return fmt::format("H{:08}", n);
}

void Builder::build_cell_year(Index cell, Part& part) {
  Rng rng(o_.seed, 1 + cell);
  const CellPlan& plan = plan_.cells[cell];
  const double d = plan.diligence;
  const auto members = members_of_(cell);
  const Date est = ds_.org_units.established_on[cell], dis = ds_.org_units.dissolved_on[cell];
  const auto active = [&](Date x) { return (est.is_special() || x >= est) && (dis.is_special() || x < dis); };

  // Which meetings: monthly regular ones, thematic ones some quarters, some combined.
  struct Planned {
    Date date;
    MeetingKind kind;
  };
  std::vector<Planned> planned;
  for (int month = 1; month <= 12; ++month) {
    const Date first(static_cast<unsigned short>(o_.year), static_cast<unsigned short>(month), 1);
    const int last_day = first.end_of_month().day();
    const int day = std::clamp(plan.preferred_day + rng.range(-2, 2), 1, last_day);
    const Date date(static_cast<unsigned short>(o_.year), static_cast<unsigned short>(month),
                    static_cast<unsigned short>(day));
    if (!active(date)) continue;
    const bool thematic_month = month % 3 == 2 && rng.chance(0.3 + 0.65 * d);
    if (thematic_month && rng.chance(0.3)) {
      planned.push_back({date, MeetingKind::combined});
      continue;
    }
    if (rng.chance(0.8 + 0.2 * d)) planned.push_back({date, MeetingKind::regular});
    if (thematic_month) {
      const Date t = std::min(first.end_of_month(), date + days(rng.range(5, 12)));
      if (active(t)) planned.push_back({t, MeetingKind::thematic});
    }
  }

  const Index cell_secretary = [&] {
    for (Index x : members)
      if (ds_.members.role[x] == Role::secretary) return x;
    return members.empty() ? no_index : members[0];
  }();
  std::vector<Index> attendees;
  std::vector<Index> present_eligible;
  std::vector<std::pair<Date, Index>> meeting_dates;  // for visits

  for (const auto& p : planned) {
    auto& g = part.meetings;
    const auto local = static_cast<Index>(g.size());
    const Date date = p.date;
    g.id.push_back({});  // set at merge
    g.cell.push_back(cell);
    g.kind.push_back(p.kind);
    g.date.push_back(date);
    meeting_dates.emplace_back(date, local);
    // Preparation.
    Date notice;
    if (rng.chance(0.75 + 0.23 * d))
      notice = date - days(rng.chance(0.15 + 0.5 * (1 - d)) ? 0 : rng.range(1, 5));
    g.notice_date.push_back(notice);
    Date prep;
    if (rng.chance(0.45 + 0.5 * d))
      prep = (notice.is_special() ? date : notice) - days(rng.chance(0.8) ? rng.range(0, 4) : -1);
    g.prep_date.push_back(prep);
    const Sector sector = ds_.org_units.sector[cell];
    const bool has_head = sector == Sector::village || sector == Sector::residential;
    g.consulted_unit_head.push_back(!has_head ? (rng.chance(0.7) ? Consulted::na : Consulted::unrecorded)
                                    : rng.chance(0.35 + 0.6 * d) ? Consulted::yes
                                    : rng.chance(0.7)            ? Consulted::no
                                                                 : Consulted::unrecorded);
    ContentSources sources = 0;
    for (int s = 0; s < 4; ++s)
      if (rng.chance(0.2 + 0.55 * d)) sources |= static_cast<ContentSources>(1u << s);
    g.content_sources.push_back(sources);
    g.draft_resolution.push_back(rng.chance(0.25 + 0.7 * d) ? YesNo::yes
                                 : rng.chance(0.6)          ? YesNo::no
                                                            : YesNo::unrecorded);
    const bool hd42 = date >= Date(2025, 10, 28);
    g.notified_upper.push_back(rng.chance(hd42 ? 0.45 + 0.5 * d : 0.2) ? YesNo::yes : YesNo::no);
    // Conduct.
    const int starts[] = {7 * 60 + 30, 8 * 60, 14 * 60, 19 * 60, 19 * 60 + 30};
    const auto start = static_cast<ClockTime>(starts[rng.range(0, 4)]);
    int minutes = static_cast<int>(
        std::lround(rng.normal(84 + 26 * d + (p.kind == MeetingKind::combined ? 15 : 0), 13)));
    minutes = std::clamp(minutes, 60, 130);
    if (start + minutes >= 24 * 60) minutes = 24 * 60 - 1 - start;
    g.start_time.push_back(rng.chance(0.015) ? no_time : start);
    g.end_time.push_back(rng.chance(0.02) ? no_time : static_cast<ClockTime>(start + minutes));
    const double minute_care = 0.4 + 0.58 * d;
    for (auto* col : {&g.minutes_attendance, &g.minutes_speakers, &g.minutes_conclusion, &g.minutes_signed,
                      &g.minutes_read_back})
      col->push_back(rng.chance(minute_care) ? YesNo::yes : rng.chance(0.7) ? YesNo::no : YesNo::unrecorded);
    g.model_meeting.push_back(plan.model ? YesNo::yes : rng.chance(0.8) ? YesNo::no : YesNo::unrecorded);
    if (p.kind != MeetingKind::regular) {
      std::string topic(topics[rng.range(0, static_cast<int>(std::size(topics)) - 1 - (d < 0.4 ? 12 : 0))]);
      if (rng.chance(0.05))
        topic = to_nfd(topic);
      else if (rng.chance(0.03))
        topic.insert(0, "  ").append(" ");
      g.topic.push_back(topic);
      g.topic_source.push_back(rng.chance(0.35 + 0.6 * d) ? static_cast<TopicSource>(rng.range(1, 3))
                               : rng.chance(0.5)          ? TopicSource::other
                                                          : TopicSource::unrecorded);
    } else {
      g.topic.push_back({});
      g.topic_source.push_back(TopicSource::unrecorded);
    }

    // Attendance.
    attendees.clear();
    present_eligible.clear();
    for (Index x : members) {
      const auto& m = ds_.members;
      if (!m.is_member_on(x, date)) continue;
      const bool eligible = !m.is_exempt_on(x, date);
      if (!eligible) {
        if (rng.chance(0.4)) add_attendance(part, local, x, AttendanceStatus::excused, rng);
        continue;
      }
      if (rng.chance(0.02 * (1 - d))) continue;  // no row recorded
      const double p_present = plan_.drifting[x] ? 0.3 : 0.82 + 0.15 * d;
      AttendanceStatus st;
      if (rng.chance(p_present))
        st = rng.chance(0.06) ? AttendanceStatus::late : AttendanceStatus::present;
      else
        st =
            rng.chance(plan_.drifting[x] ? 0.2 : 0.65) ? AttendanceStatus::excused : AttendanceStatus::absent;
      add_attendance(part, local, x, st, rng);
      if (is_present(st)) {
        attendees.push_back(x);
        present_eligible.push_back(x);
      }
    }
    // Chair and minute-taker.
    const Index chair = attendees.empty() ? cell_secretary
                        : std::find(attendees.begin(), attendees.end(), cell_secretary) != attendees.end()
                            ? cell_secretary
                            : attendees[0];
    g.chair.push_back(rng.chance(0.03 + 0.1 * (1 - d)) ? no_index : chair);
    const Index recorder =
        attendees.size() > 1
            ? attendees[static_cast<std::size_t>(rng.range(0, static_cast<int>(attendees.size()) - 1))]
            : chair;
    g.recorder.push_back(rng.chance(0.05 + 0.15 * (1 - d)) ? no_index : recorder);
    g.self_rating.push_back(rng.chance(0.55 + 0.4 * d)
                                ? std::optional<Rating>(d > 0.75 ? Rating::tot
                                                        : d > 0.5
                                                            ? (rng.chance(0.5) ? Rating::tot : Rating::kha)
                                                        : rng.chance(0.4) ? Rating::kha
                                                                          : Rating::trung_binh)
                                : std::nullopt);

    // Contributions: passive members rarely speak; criticism where the cell is diligent.
    for (Index x : attendees) {
      const double speak = plan_.passive[x] ? 0.04 : 0.25 + 0.55 * d;
      if (!rng.chance(speak)) continue;
      const int n = rng.chance(0.3) ? 2 : 1;
      for (int k = 0; k < n; ++k) {
        const double u = rng.uniform();
        const ContributionKind kind = u < 0.55                     ? ContributionKind::opinion
                                      : u < 0.8                    ? ContributionKind::proposal
                                      : u < 0.8 + 0.08 * (0.5 + d) ? ContributionKind::criticism
                                      : u < 0.96                   ? ContributionKind::self_criticism
                                                                   : ContributionKind::dissent;
        part.contributions.meeting.push_back(local);
        part.contributions.member.push_back(x);
        part.contributions.kind.push_back(kind);
      }
    }

    // Agenda: weak cells spend most of the time disseminating and listing.
    const int items = rng.range(2, 5);
    const double routine = clamp01(0.9 - 0.55 * d + rng.normal(0, 0.08));
    for (int k = 0; k < items; ++k) {
      part.agenda.meeting.push_back(local);
      part.agenda.seq.push_back(k + 1);
      AgendaCategory cat;
      if (p.kind == MeetingKind::thematic && k == 1)
        cat = AgendaCategory::thematic;
      else if (k == 0)
        cat = AgendaCategory::dissemination;
      else if (k == 1)
        cat = AgendaCategory::work_report;
      else
        cat = static_cast<AgendaCategory>(rng.range(2, 7));
      part.agenda.category.push_back(cat);
      const bool is_routine = cat == AgendaCategory::dissemination || cat == AgendaCategory::work_report;
      const double share = is_routine ? routine / 2 : (1 - routine) / std::max(1, items - 2);
      part.agenda.minutes.push_back(std::max(5, static_cast<int>(std::lround(minutes * share))));
    }

    // Resolutions and tasks.
    const int resolutions = p.kind == MeetingKind::thematic ? rng.range(d > 0.4 ? 1 : 0, 2) : rng.range(0, 3);
    for (int k = 0; k < resolutions; ++k) {
      auto& r = part.resolutions;
      r.id.push_back({});
      r.meeting.push_back(local);
      std::string text(resolution_texts[rng.range(0, static_cast<int>(std::size(resolution_texts)) - 1)]);
      if (rng.chance(0.02)) text += ", có ý kiến \"bổ sung\"\ntheo biên bản";
      r.text.push_back(text);
      r.owner.push_back(
          rng.chance(0.35 + 0.6 * d) && !members.empty()
              ? members[static_cast<std::size_t>(rng.range(0, static_cast<int>(members.size()) - 1))]
              : no_index);
      r.due_date.push_back(rng.chance(0.35 + 0.6 * d) ? date + days(rng.range(7, 60)) : Date());
    }
    if (p.kind != MeetingKind::thematic || rng.chance(0.5)) {
      const double share = 0.08 + 0.55 * d;
      for (Index x : present_eligible) {
        if (!rng.chance(share)) continue;
        auto& t = part.tasks;
        t.id.push_back({});
        t.meeting.push_back(local);
        t.assignee.push_back(x);
        t.description.push_back(rng.chance(0.5) ? "Vận động hộ dân" : "Theo dõi, báo cáo kết quả");
        const Date due = rng.chance(0.92) ? date + days(rng.range(10, 45)) : Date();
        t.due_date.push_back(due);
        const Date base = due.is_special() ? date + days(30) : due;
        const double u = rng.uniform();
        t.completed_on.push_back(u < 0.35 + 0.55 * d ? base - days(rng.range(0, 8))
                                 : u < 0.9           ? base + days(rng.range(1, 30))
                                                     : Date());
        t.followed_up_on.push_back(rng.chance(0.15 + 0.8 * d) ? base - days(rng.range(0, 5)) : Date());
      }
    }
  }

  // Upper-level visits: Tân Yên's cadres attend every meeting; elsewhere some quarters.
  const auto cadre = [&] {
    return static_cast<Index>(
        rng.range(static_cast<int>(plan.cadre_begin), static_cast<int>(plan.cadre_end) - 1));
  };
  auto add_visit = [&](Date date, VisitKind kind, Index meeting_local) {
    auto& v = part.visits;
    v.id.push_back({});
    v.cell.push_back(cell);
    v.cadre.push_back(cadre());
    v.date.push_back(date);
    v.kind.push_back(kind);
    v.meeting.push_back(meeting_local);
    v.report_date.push_back(rng.chance(0.35 + 0.6 * plan.support) ? date + days(rng.range(0, 7))
                            : rng.chance(0.5)                     ? date + days(rng.range(8, 40))
                                                                  : Date());
  };
  for (int q = 0; q < 4; ++q) {
    std::vector<std::pair<Date, Index>> in_q;
    for (auto& md : meeting_dates)
      if ((md.first.month() - 1) / 3 == q && part.meetings.kind[md.second] != MeetingKind::thematic)
        in_q.push_back(md);
    if (in_q.empty()) continue;
    if (plan.habits.monthly_attendance) {
      for (auto& md : in_q)
        if (rng.chance(0.92)) add_visit(md.first, VisitKind::attend_meeting, md.second);
    } else if (rng.chance(0.2 + 0.6 * plan.support)) {
      const auto& md = in_q[static_cast<std::size_t>(rng.range(0, static_cast<int>(in_q.size()) - 1))];
      add_visit(md.first, VisitKind::attend_meeting, md.second);
    }
  }
  // Inspection and supervision: weak cells are owed one a quarter; some districts deliver.
  const int supervision = plan.weak
                              ? (rng.chance(plan.support) ? rng.range(2, 4) : rng.range(0, 1))
                              : (rng.chance(0.45 + 0.4 * plan.support) ? 1 : 0) + (rng.chance(0.1) ? 1 : 0);
  for (int k = 0; k < supervision; ++k) {
    Date date = year_start_ + days(rng.range(5, 360));
    if (!active(date)) continue;
    add_visit(date, rng.chance(0.5) ? VisitKind::inspection : VisitKind::supervision, no_index);
  }
  // Escalations raised to the upper levels.
  const int escalations = rng.chance(0.5) ? rng.range(1, 3) : 0;
  for (int k = 0; k < escalations; ++k) {
    auto& e = part.escalations;
    e.id.push_back({});
    e.cell.push_back(cell);
    e.meeting.push_back(no_index);
    const Date raised = year_start_ + days(rng.range(0, 350));
    e.raised_on.push_back(raised);
    e.responded_on.push_back(rng.chance(0.4 + 0.5 * plan.support) ? raised + days(rng.range(3, 30))
                             : rng.chance(0.5)                    ? raised + days(rng.range(31, 90))
                                                                  : Date());
    e.subject.push_back(rng.chance(0.5) ? "Đường, điện" : "Đất đai, giải phóng mặt bằng");
  }
}

void Builder::add_attendance(Part& part, Index meeting, Index member, AttendanceStatus st, Rng& rng) {
  auto& a = part.attendance;
  if ((st == AttendanceStatus::excused) && rng.chance(0.7)) {
    a.reason_row.push_back(static_cast<Index>(a.meeting.size()));
    a.reason.push_back(reasons[rng.range(0, static_cast<int>(std::size(reasons)) - 1)]);
  }
  a.meeting.push_back(meeting);
  a.member.push_back(member);
  a.status.push_back(st);
}

template <class Rows, class Id>
void Builder::merge_rows(Rows& into, const Rows& from, Index meetings, Id id) {
  const auto rows = static_cast<Index>(into.size());
  schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t) {
    using Kind = typename std::decay_t<decltype(c)>::kind_type;
    auto& to = into.*c.member;
    const auto& values = from.*c.member;
    if constexpr (std::is_same_v<Kind, schema::kind::Id>) {
      for (std::size_t i = 0; i < from.size(); ++i) to.push_back(id(to.size() + 1));
    } else if constexpr (std::is_same_v<Kind, schema::kind::Reference>) {
      const Index shift = c.kind.space == schema::Space::meeting ? meetings : 0;
      for (const Index v : values) to.push_back(v == no_index ? no_index : v + shift);
    } else if constexpr (requires { c.kind.rows; }) {
      for (const Index r : from.*c.kind.rows) (into.*c.kind.rows).push_back(r + rows);
      to.append(values);
    } else if constexpr (std::is_same_v<std::decay_t<decltype(to)>, StringColumn>) {
      to.append(values);
    } else {
      to.insert(to.end(), values.begin(), values.end());
    }
  });
}

void Builder::merge(std::vector<Part>& parts) {
  // The tables a part holds, with the ids the generator numbers them by.
  const auto each_table = [&](auto f) {
    f(&Dataset::meetings, &Part::meetings, [](std::size_t n) { return meeting_id(n); });
    f(&Dataset::agenda_items, &Part::agenda, nullptr);
    f(&Dataset::attendance, &Part::attendance, nullptr);
    f(&Dataset::contributions, &Part::contributions, nullptr);
    f(&Dataset::resolutions, &Part::resolutions, [](std::size_t n) { return fmt::format("R{:08}", n); });
    f(&Dataset::tasks, &Part::tasks, [](std::size_t n) { return fmt::format("T{:08}", n); });
    f(&Dataset::visits, &Part::visits, [](std::size_t n) { return fmt::format("V{:07}", n); });
    f(&Dataset::escalations, &Part::escalations, [](std::size_t n) { return fmt::format("E{:07}", n); });
  };
  // Every column reserved once: a national year has millions of rows per table, and growing
  // vectors would copy them several times over.
  each_table([&](auto table, auto part, auto) {
    std::size_t rows = 0;
    for (const auto& p : parts) rows += (p.*part).size();
    tables::reserve(ds_.*table, rows);
  });
  for (auto& p : parts) {
    const auto meetings = static_cast<Index>(ds_.meetings.size());
    each_table([&](auto table, auto part, auto id) { merge_rows(ds_.*table, p.*part, meetings, id); });
    p = Part{};
  }
}

}  // namespace chibo::gen
