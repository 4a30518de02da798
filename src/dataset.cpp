#include <chibo/dataset.hpp>

#include "id_index.hpp"

#include "parallel.hpp"
#include "tables.hpp"

#include <algorithm>
#include <functional>
#include <list>
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

std::vector<bool> cell_flags(const OrgUnits& units) {
  std::vector<bool> is_cell(units.size());
  for (Index u = 0; u < units.size(); ++u) is_cell[u] = units.kind[u] == OrgKind::cell;
  return is_cell;
}

}  // namespace

void Dataset::finalize(unsigned threads) {
  const std::size_t units = org_units.size();
  const std::size_t meeting_count = meetings.size();
  // Two rounds: each grouped table's order of rows (and the dataset's indexes), then every
  // column of every table moved to that order, one job a column, the largest first. A
  // national export lists 130 million child rows in no order, and a table a job would keep
  // one thread busy long after the other is done.
  std::vector<std::function<void()>> jobs;
  std::list<std::vector<Index>> orders;  // stable addresses, read by the second round's jobs
  std::vector<std::function<void(tables::SizedJobs&)>> moves;
  auto regroup = [&](auto& rows, const std::vector<Index>& key, std::size_t parents, Grouping& grouping) {
    std::vector<Index>& order = orders.emplace_back();
    jobs.emplace_back(
        [&order, k = &key, parents, g = &grouping] { order = order_by(*k, parents, *g, true); });
    moves.emplace_back([&order, t = &rows, k = &key, g = &grouping](tables::SizedJobs& columns) {
      tables::add_permute_jobs(*t, order, columns, k, g);
    });
  };
  regroup(attendance, attendance.meeting, meeting_count, attendance_by_meeting);
  regroup(contributions, contributions.meeting, meeting_count, contributions_by_meeting);
  regroup(tasks, tasks.meeting, meeting_count, tasks_by_meeting);
  regroup(agenda_items, agenda_items.meeting, meeting_count, agenda_by_meeting);
  regroup(resolutions, resolutions.meeting, meeting_count, resolutions_by_meeting);
  regroup(briefing_attendance, briefing_attendance.member, members.size(), briefing_attendance_by_member);
  regroup(visits, visits.cell, units, visits_by_cell);
  regroup(escalations, escalations.cell, units, escalations_by_cell);
  regroup(assignments, assignments.cell, units, assignments_by_cell);
  regroup(ratings, ratings.cell, units, ratings_by_cell);
  regroup(trainings, trainings.member, members.size(), trainings_by_member);
  jobs.emplace_back([&] {
    // The loader has built these already; a dataset filled by hand (or grown) gets them here.
    auto ensure = [](IdIndex& index, const StringColumn& ids) {
      if (index.size() != ids.size() || (ids.size() > 0 && index.find(ids, ids[0]) != 0))
        index.build(ids, nullptr);
    };
    auto& ids = id_indexes();
    ensure(ids.org_unit, org_units.id);
    ensure(ids.member, members.id);
    ensure(ids.cadre, cadres.id);
    ensure(ids.meeting, meetings.id);
    ensure(ids.briefing, briefings.id);

    tree_ = std::make_shared<const OrgTree>(org_units.parent, cell_flags(org_units));

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
    // A few rows per unit at most: sorted by unit, then by when each begins.
    auto& t = org_history;
    auto order = order_by(t.unit, units, history_by_unit);
    for (Index u = 0; u < units; ++u) {
      const auto [b, e] = history_by_unit.range(u);
      std::stable_sort(order.begin() + b, order.begin() + e,
                       [&](Index x, Index y) { return t.from[x] < t.from[y]; });
    }
    tables::permute(t, order);
  });
  detail::run_parallel(jobs, detail::thread_count(threads));
  tables::SizedJobs columns;
  for (const auto& move : moves) move(columns);
  jobs = std::move(columns).largest_first();
  detail::run_parallel(jobs, detail::thread_count(threads));
}

std::vector<Index> Dataset::parents_on(Date d) const {
  std::vector<Index> parent = org_units.parent;
  for (Index r = 0; r < org_history.size(); ++r) {
    const Date from = org_history.from[r], to = org_history.to[r];
    if (from <= d && (to.is_special() || d <= to)) parent[org_history.unit[r]] = org_history.parent[r];
  }
  return parent;
}

std::shared_ptr<const OrgTree> Dataset::tree_on(Date d) const {
  auto parent = parents_on(d);
  if (parent == org_units.parent) return tree_;
  return std::make_shared<const OrgTree>(parent, cell_flags(org_units));
}

std::optional<AnnualRating> Dataset::annual_rating(Index cell, int year) const noexcept {
  auto [b, e] = ratings_by_cell.range(cell);
  for (auto i = b; i < e; ++i)
    if (ratings.year[i] == year) return ratings.rating[i];
  return std::nullopt;
}

std::span<const std::string_view> Dataset::table_names() noexcept {
  static const auto names = [] {
    std::array<std::string_view, tables::count> n{};
    for (std::size_t i = 0; i < n.size(); ++i) n[i] = schema::tables()[i].name;
    return n;
  }();
  return names;
}

std::vector<std::size_t> Dataset::row_counts() const {
  std::vector<std::size_t> counts;
  tables::for_each(*this, [&](const auto& rows) { counts.push_back(rows.size()); });
  return counts;
}

std::uint64_t Dataset::rows_read() const noexcept {
  std::uint64_t rows = 0;
  for (const InputTable& t : inputs) rows += t.rows;
  return rows;
}

namespace {
template <class T>
std::size_t bytes(const std::vector<T>& v) {
  return v.capacity() * sizeof(T);
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
  std::size_t n = 0;
  tables::for_each(*this, [&](const auto& rows) { n += tables::memory_bytes(rows); });
  const auto& ids = id_indexes();
  return n + sum(ids.org_unit, ids.member, ids.cadre, ids.meeting, ids.briefing) +
         sum(agenda_by_meeting, attendance_by_meeting, contributions_by_meeting, resolutions_by_meeting,
             tasks_by_meeting, visits_by_cell, escalations_by_cell, assignments_by_cell, ratings_by_cell,
             history_by_unit, trainings_by_member, briefing_attendance_by_member, members_by_cell,
             cell_members, meetings_by_cell, cell_meetings, member_slot);
}

Index Dataset::find_org_unit(std::string_view id) const noexcept {
  return id_indexes().org_unit.find(org_units.id, id);
}
Index Dataset::find_member(std::string_view id) const noexcept {
  return id_indexes().member.find(members.id, id);
}
Index Dataset::find_meeting(std::string_view id) const noexcept {
  return id_indexes().meeting.find(meetings.id, id);
}
Index Dataset::find_cadre(std::string_view id) const noexcept {
  return id_indexes().cadre.find(cadres.id, id);
}

namespace detail {
IdIndexesHolder::IdIndexesHolder() : p_(std::make_unique<IdIndexes>()) {}
IdIndexesHolder::~IdIndexesHolder() = default;
IdIndexesHolder::IdIndexesHolder(const IdIndexesHolder& other)
    : p_(std::make_unique<IdIndexes>(other.p_ ? *other.p_ : IdIndexes{})) {}
// A moved-from holder gets a new, empty set at its next use as a whole (assignment).
IdIndexesHolder::IdIndexesHolder(IdIndexesHolder&& other) noexcept = default;
IdIndexesHolder& IdIndexesHolder::operator=(const IdIndexesHolder& other) {
  if (this != &other) p_ = std::make_unique<IdIndexes>(other.p_ ? *other.p_ : IdIndexes{});
  return *this;
}
IdIndexesHolder& IdIndexesHolder::operator=(IdIndexesHolder&& other) noexcept = default;
}  // namespace detail

}  // namespace chibo
