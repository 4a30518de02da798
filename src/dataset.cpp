#include <chibo/dataset.hpp>

#include "contract.hpp"
#include "parallel.hpp"

#include <algorithm>
#include <functional>
#include <numeric>

namespace chibo {

namespace {

// Stable counting sort of rows by a parent key: fills the grouping offsets and returns the new
// order of rows. With `identity_if_sorted`, rows already grouped in parent order (as exports
// usually list them) return an empty order, meaning "as they are": no permutation is built.
std::vector<Index> order_by(const std::vector<Index>& key, std::size_t parents, Grouping& group,
                            bool identity_if_sorted = false) {
  group.offsets.assign(parents + 1, 0);
  bool sorted = true;
  Index previous = 0;
  for (Index k : key) {
    ++group.offsets[k + 1];
    sorted = sorted && k >= previous;
    previous = k;
  }
  std::partial_sum(group.offsets.begin(), group.offsets.end(), group.offsets.begin());
  if (sorted && identity_if_sorted) return {};
  std::vector<std::uint32_t> next(group.offsets.begin(), group.offsets.end() - 1);
  std::vector<Index> order(key.size());
  for (Index row = 0; row < key.size(); ++row) order[next[key[row]]++] = row;
  return order;
}

bool is_identity(const std::vector<Index>& order) {
  for (Index i = 0; i < order.size(); ++i)
    if (order[i] != i) return false;
  return true;
}

template <class T>
void apply(std::vector<T>& column, const std::vector<Index>& order) {
  if (column.empty()) return;
  std::vector<T> sorted;
  sorted.reserve(column.size());
  for (Index row : order) sorted.push_back(column[row]);
  column = std::move(sorted);
}

void apply(StringColumn& column, const std::vector<Index>& order) {
  if (column.empty()) return;
  StringColumn sorted;
  for (Index row : order) sorted.push_back(column[row]);
  column = std::move(sorted);
}

template <class... Columns>
void apply_all(const std::vector<Index>& order, Columns&... columns) {
  if (order.empty() || is_identity(order)) return;
  (apply(columns, order), ...);
}

}  // namespace

void Dataset::finalize(unsigned threads) {
  const std::size_t units = org_units.size();
  const std::size_t meeting_count = meetings.size();
  // Each job groups tables no other job touches, the largest first: a national dataset's
  // child tables are 130 million rows to count, and one thread would do it while the other
  // waits.
  std::vector<std::function<void()>> jobs;
  jobs.emplace_back([&] {
    auto& t = attendance;
    const auto order = order_by(t.meeting, meeting_count, attendance_by_meeting, true);
    if (!order.empty() && !is_identity(order)) {
      std::vector<Index> new_row(order.size());
      for (Index i = 0; i < order.size(); ++i) new_row[order[i]] = i;
      // Keep the sparse reasons sorted by their new row.
      std::vector<Index> reason_order(t.reason_row.size());
      std::iota(reason_order.begin(), reason_order.end(), 0);
      for (auto& r : t.reason_row) r = new_row[r];
      std::sort(reason_order.begin(), reason_order.end(),
                [&](Index a, Index b) { return t.reason_row[a] < t.reason_row[b]; });
      apply_all(reason_order, t.reason_row, t.reason);
      apply_all(order, t.meeting, t.member, t.status);
    }
  });
  jobs.emplace_back([&] {
    auto& t = contributions;
    apply_all(order_by(t.meeting, meeting_count, contributions_by_meeting, true), t.meeting, t.member,
              t.kind);
  });
  jobs.emplace_back([&] {
    auto& t = tasks;
    apply_all(order_by(t.meeting, meeting_count, tasks_by_meeting, true), t.id, t.description, t.meeting,
              t.assignee, t.due_date, t.completed_on, t.followed_up_on);
  });
  jobs.emplace_back([&] {
    // The loader has built these already; a dataset filled by hand (or grown) gets them here.
    auto ensure = [](IdIndex& index, const StringColumn& ids) {
      if (index.size() != ids.size() || (ids.size() > 0 && index.find(ids, ids[0]) != 0))
        index.build(ids, nullptr);
    };
    ensure(org_unit_ids, org_units.id);
    ensure(member_ids, members.id);
    ensure(cadre_ids, cadres.id);
    ensure(meeting_ids, meetings.id);
    ensure(briefing_ids, briefings.id);

    std::vector<bool> is_cell(units);
    for (Index u = 0; u < units; ++u) is_cell[u] = org_units.kind[u] == OrgKind::cell;
    tree_ = OrgTree(org_units.parent, is_cell);

    // Members of each cell, in file order.
    cell_members = order_by(members.cell, units, members_by_cell);
    member_slot.assign(members.size(), 0);
    for (Index c = 0; c < units; ++c) {
      auto [b, e] = members_by_cell.range(c);
      for (auto i = b; i < e; ++i) member_slot[cell_members[i]] = i - b;
    }

    // Meetings of each cell by date (file order breaks ties).
    cell_meetings = order_by(meetings.cell, units, meetings_by_cell);
    for (Index c = 0; c < units; ++c) {
      auto [b, e] = meetings_by_cell.range(c);
      std::stable_sort(cell_meetings.begin() + b, cell_meetings.begin() + e,
                       [&](Index x, Index y) { return meetings.date[x] < meetings.date[y]; });
    }
  });
  jobs.emplace_back([&] {
    auto& t = agenda_items;
    apply_all(order_by(t.meeting, meeting_count, agenda_by_meeting, true), t.meeting, t.seq, t.minutes,
              t.category);
  });
  jobs.emplace_back([&] {
    auto& t = resolutions;
    apply_all(order_by(t.meeting, meeting_count, resolutions_by_meeting, true), t.id, t.text, t.meeting,
              t.owner, t.due_date);
  });
  jobs.emplace_back([&] {
    auto& t = briefing_attendance;
    apply_all(order_by(t.member, members.size(), briefing_attendance_by_member, true), t.briefing, t.member);
  });
  jobs.emplace_back([&] {
    auto& t = visits;
    apply_all(order_by(t.cell, units, visits_by_cell, true), t.id, t.cell, t.cadre, t.meeting, t.date,
              t.report_date, t.kind);
  });
  jobs.emplace_back([&] {
    auto& t = escalations;
    apply_all(order_by(t.cell, units, escalations_by_cell, true), t.id, t.subject, t.cell, t.meeting,
              t.raised_on, t.responded_on);
  });
  jobs.emplace_back([&] {
    auto& t = assignments;
    apply_all(order_by(t.cell, units, assignments_by_cell, true), t.cadre, t.cell, t.from, t.to);
  });
  jobs.emplace_back([&] {
    auto& t = ratings;
    apply_all(order_by(t.cell, units, ratings_by_cell, true), t.cell, t.year, t.rating);
  });
  jobs.emplace_back([&] {
    auto& t = trainings;
    apply_all(order_by(t.member, members.size(), trainings_by_member, true), t.member, t.provider, t.date,
              t.kind, t.hours);
  });
  detail::run_parallel(jobs, detail::thread_count(threads));
}

std::optional<AnnualRating> Dataset::annual_rating(Index cell, int year) const noexcept {
  auto [b, e] = ratings_by_cell.range(cell);
  for (auto i = b; i < e; ++i)
    if (ratings.year[i] == year) return ratings.rating[i];
  return std::nullopt;
}

std::span<const std::string_view> Dataset::table_names() noexcept {
  static constexpr auto names = [] {
    std::array<std::string_view, contract::tables.size()> n{};
    for (std::size_t i = 0; i < n.size(); ++i) n[i] = contract::tables[i].name;
    return n;
  }();
  return names;
}

std::vector<std::size_t> Dataset::row_counts() const {
  return {org_units.size(),
          members.size(),
          cadres.size(),
          meetings.size(),
          agenda_items.size(),
          attendance.size(),
          contributions.size(),
          resolutions.size(),
          tasks.size(),
          visits.size(),
          escalations.size(),
          briefings.size(),
          briefing_attendance.size(),
          trainings.size(),
          assignments.size(),
          ratings.size()};
}

namespace {
template <class T>
std::size_t bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
}
std::size_t bytes(const StringColumn& c) {
  return c.memory_bytes();
}
std::size_t bytes(const IdIndex& i) {
  return i.memory_bytes();
}
std::size_t bytes(const Grouping& g) {
  return bytes(g.offsets);
}
template <class... T>
std::size_t sum(const T&... parts) {
  return (bytes(parts) + ...);
}
}  // namespace

std::size_t Dataset::memory_bytes() const noexcept {
  const auto& o = org_units;
  const auto& m = members;
  const auto& g = meetings;
  return sum(o.id, o.name, o.parent, o.kind, o.sector, o.established_on, o.dissolved_on) +
         sum(m.id, m.full_name, m.gender, m.cell, m.role, m.role_since, m.status, m.joined_on, m.left_on,
             m.exempt_from, m.exempt_to, m.birth_year) +
         sum(cadres.id, cadres.full_name, cadres.org_unit, cadres.position) +
         sum(g.id, g.topic, g.cell, g.kind, g.date, g.notice_date, g.prep_date, g.start_time, g.end_time,
             g.consulted_unit_head, g.content_sources, g.draft_resolution, g.notified_upper, g.model_meeting,
             g.minutes_attendance, g.minutes_speakers, g.minutes_conclusion, g.minutes_signed,
             g.minutes_read_back, g.chair, g.recorder, g.topic_source, g.self_rating) +
         sum(agenda_items.meeting, agenda_items.seq, agenda_items.minutes, agenda_items.category) +
         sum(attendance.meeting, attendance.member, attendance.status, attendance.reason_row,
             attendance.reason) +
         sum(contributions.meeting, contributions.member, contributions.kind) +
         sum(resolutions.id, resolutions.text, resolutions.meeting, resolutions.owner, resolutions.due_date) +
         sum(tasks.id, tasks.description, tasks.meeting, tasks.assignee, tasks.due_date, tasks.completed_on,
             tasks.followed_up_on) +
         sum(visits.id, visits.cell, visits.cadre, visits.meeting, visits.date, visits.report_date,
             visits.kind) +
         sum(escalations.id, escalations.subject, escalations.cell, escalations.meeting,
             escalations.raised_on, escalations.responded_on) +
         sum(briefings.id, briefings.org_unit, briefings.date, briefing_attendance.briefing,
             briefing_attendance.member) +
         sum(trainings.member, trainings.provider, trainings.date, trainings.kind, trainings.hours) +
         sum(assignments.cadre, assignments.cell, assignments.from, assignments.to) +
         sum(ratings.cell, ratings.year, ratings.rating) +
         sum(org_unit_ids, member_ids, cadre_ids, meeting_ids, briefing_ids) +
         sum(agenda_by_meeting, attendance_by_meeting, contributions_by_meeting, resolutions_by_meeting,
             tasks_by_meeting, visits_by_cell, escalations_by_cell, assignments_by_cell, ratings_by_cell,
             trainings_by_member, briefing_attendance_by_member, members_by_cell, cell_members,
             meetings_by_cell, cell_meetings, member_slot);
}

}  // namespace chibo
