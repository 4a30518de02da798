// The facts of one meeting: attendance, speakers, tasks, preparation and minutes, in one pass
// over the meeting's child rows.
#include "facts_build.hpp"

namespace chibo {

namespace detail {

/// The facts of one meeting; with `marks`, also its M1.4 bookkeeping, from the same pass. With
/// `days` (the cell's MemberDays by slot), eligibility is read from them.
MeetingFacts compute_meeting_facts(const Dataset& ds, Index m, FactsScratch& scratch,
                                   const AbsenceMarks* marks, const MemberDays* days) {
  const auto& g = ds.meetings;
  MeetingFacts f;
  f.meeting = m;
  f.cell = g.cell[m];
  f.kind = g.kind[m];
  f.date = g.date[m];
  const auto members = ds.members_of(f.cell);
  scratch.fit(members.size());

  // Columns as local pointers: stores to the byte-sized scratch may alias anything, and would
  // otherwise make the compiler reload every vector's data pointer after each one.
  const Index* const slot_of = ds.member_slot.data();
  std::uint8_t* const status = scratch.status.data();
  std::uint8_t* const spoke = scratch.spoke.data();
  std::uint8_t* const has_task = scratch.has_task.data();

  auto [ab, ae] = ds.attendance_by_meeting.range(m);
  const Index* const att_member = ds.attendance.member.data();
  const AttendanceStatus* const att_status = ds.attendance.status.data();
  std::uint32_t attendees = 0;
  for (auto r = ab; r < ae; ++r) {
    const auto slot = slot_of[att_member[r]];
    const AttendanceStatus st = att_status[r];
    status[slot] = static_cast<std::uint8_t>(st);
    attendees += is_present(st) ? 1u : 0u;
    if (marks)
      marks->at(marks->attended, slot) |=
          static_cast<std::uint16_t>(marks->bit * (st != AttendanceStatus::absent ? 1u : 0u));
  }
  f.present = attendees;
  auto [cb, ce] = ds.contributions_by_meeting.range(m);
  const Index* const con_member = ds.contributions.member.data();
  const ContributionKind* const con_kind = ds.contributions.kind.data();
  std::uint32_t speakers = 0;
  bool criticism = false;
  for (auto r = cb; r < ce; ++r) {
    const auto slot = slot_of[con_member[r]];
    const std::uint32_t first = (is_present_code(status[slot]) ? 1u : 0u) & (spoke[slot] ^ 1u);
    spoke[slot] = static_cast<std::uint8_t>(spoke[slot] | first);
    speakers += first;
    const auto kind = con_kind[r];
    criticism |= (kind == ContributionKind::criticism) | (kind == ContributionKind::self_criticism);
  }
  f.speakers = speakers;
  f.has_criticism = criticism;
  auto [tb, te] = ds.tasks_by_meeting.range(m);
  const Index* const task_assignee = ds.tasks.assignee.data();
  const Date* const task_due = ds.tasks.due_date.data();
  f.tasks = te - tb;
  for (auto r = tb; r < te; ++r)
    if (!task_due[r].is_special()) has_task[slot_of[task_assignee[r]]] = 1;

  // Counted without branches: whether a member came is as good as random to the processor.
  const Members& mem = ds.members;
  const bool by_days = days && !f.date.is_special();
  const std::uint32_t day = by_days ? f.date.day_number() : 0;
  constexpr auto present = static_cast<std::uint8_t>(AttendanceStatus::present);
  constexpr auto late = static_cast<std::uint8_t>(AttendanceStatus::late);
  constexpr auto absent = static_cast<std::uint8_t>(AttendanceStatus::absent);
  std::uint32_t eligible = 0, came = 0, came_with_task = 0, unexcused = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::uint32_t in = by_days                                  ? days[i].eligible_on(day)
                             : mem.is_eligible_on(members[i], f.date) ? 1u
                                                                      : 0u;
    const std::uint8_t st = status[i];
    const std::uint32_t here = (st == present) | (st == late);
    const std::uint32_t away = (st == no_status) | (st == absent);
    eligible += in;
    came += in & here;
    came_with_task += in & here & (has_task[i] != 0);
    unexcused += in & away;
    if (marks) {
      marks->at(marks->eligible, i) |= static_cast<std::uint16_t>(marks->bit * in);
      marks->at(marks->unexcused, i) |= static_cast<std::uint16_t>(marks->bit * (in & away));
    }
  }
  f.eligible = eligible;
  f.present_eligible = came;
  f.present_eligible_with_task = came_with_task;
  f.unexcused = unexcused;

  f.notice_date = g.notice_date[m];
  f.prep_date = g.prep_date[m];
  f.consulted_unit_head = g.consulted_unit_head[m];
  f.content_sources = g.content_sources[m];
  f.draft_resolution = g.draft_resolution[m];
  f.notified_upper = g.notified_upper[m];
  auto [gb, ge] = ds.agenda_by_meeting.range(m);
  for (auto r = gb; r < ge; ++r) {
    const auto minutes = ds.agenda_items.minutes[r];
    f.agenda_minutes += minutes;
    const auto cat = ds.agenda_items.category[r];
    if (cat == AgendaCategory::dissemination || cat == AgendaCategory::work_report)
      f.agenda_minutes_dissemination_report += minutes;
  }
  if (g.start_time[m] != no_time && g.end_time[m] != no_time)
    f.duration_minutes = g.end_time[m] - g.start_time[m];
  for (const auto* col : {&g.minutes_attendance, &g.minutes_speakers, &g.minutes_conclusion,
                          &g.minutes_signed, &g.minutes_read_back})
    if ((*col)[m] == YesNo::yes) ++f.minutes_fields_yes;
  const Index chair = g.chair[m], recorder = g.recorder[m];
  f.chair_set = chair != no_index;
  f.recorder_set = recorder != no_index;
  f.chair_is_recorder = f.chair_set && chair == recorder;
  f.chair_present = f.chair_set && is_present_code(status[slot_of[chair]]);
  f.recorder_present = f.recorder_set && is_present_code(status[slot_of[recorder]]);
  auto [rb, re] = ds.resolutions_by_meeting.range(m);
  f.resolutions = re - rb;
  for (auto r = rb; r < re; ++r)
    if (ds.resolutions.owner[r] != no_index && !ds.resolutions.due_date[r].is_special())
      ++f.resolutions_specific;
  f.topic_source = g.topic_source[m];
  f.self_rating = g.self_rating[m];
  f.model_meeting = g.model_meeting[m];

  // Reset only what this meeting touched.
  for (auto r = ab; r < ae; ++r) status[slot_of[att_member[r]]] = no_status;
  for (auto r = cb; r < ce; ++r) spoke[slot_of[con_member[r]]] = 0;
  for (auto r = tb; r < te; ++r) has_task[slot_of[task_assignee[r]]] = 0;
  return f;
}

}  // namespace detail

MeetingFacts meeting_facts(const Dataset& dataset, Index meeting) {
  detail::FactsScratch scratch;
  return detail::compute_meeting_facts(dataset, meeting, scratch);
}

}  // namespace chibo
