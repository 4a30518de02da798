#include "checks.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace chibo::load {

void index_unique(RowProblems& problems, int c, const StringColumn& ids, IdIndex& index) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> dups;
  index.build(ids, &dups);
  if (dups.empty()) return;
  std::vector<std::uint32_t> rows;
  for (const auto& dup : dups) rows.push_back(dup.first);
  std::sort(rows.begin(), rows.end());
  std::vector<std::string> messages;
  for (const auto r : rows)
    messages.push_back(fmt::format("id: expected a unique id; got {} again", shown(ids[r])));
  problems.fail_rows(rows, c, messages);
}

void check_unique(RowProblems& problems, int c, const StringColumn& ids) {
  bool increasing = true;
  for (std::size_t i = 1; i < ids.size() && increasing; ++i) increasing = ids[i - 1] < ids[i];
  if (increasing) return;
  IdIndex index;
  index_unique(problems, c, ids, index);
}

void resolve_parents(RowProblems& problems, int c, OrgUnits& o, const IdIndex& index,
                     const StringColumn& parent_ids) {
  o.parent.assign(o.size(), no_index);
  std::vector<std::uint32_t> rows;
  std::vector<std::string> messages;
  for (Index u = 0; u < o.size(); ++u) {
    if (parent_ids[u].empty()) continue;
    const Index p = index.find(o.id, parent_ids[u]);
    if (p == no_index) {
      rows.push_back(u);
      messages.push_back(
          fmt::format("parent_id: expected an id from org_units.csv; got {}", shown(parent_ids[u])));
    } else if (o.kind[p] == OrgKind::cell) {
      rows.push_back(u);
      messages.push_back(
          fmt::format("parent_id: expected a committee; got {}, which is a cell", shown(parent_ids[u])));
    } else {
      o.parent[u] = p;
    }
  }
  if (!rows.empty()) problems.fail_rows(rows, c, messages);
  if (auto u = OrgTree::find_cycle(o.parent)) {
    const std::uint32_t row[] = {*u};
    problems.fail_rows(
        row, c, {fmt::format("parent_id: expected a tree; unit {} is its own ancestor", shown(o.id[*u]))});
    std::fill(o.parent.begin(), o.parent.end(), no_index);
  }
}

// Each meeting's rows are checked together, in one pass (a member's row is a repeat when the
// member's last row was in the same meeting). Exports that list a meeting's rows together are
// read as they come; rows in any other order are grouped by meeting first, by a stable counting
// sort (linear: a comparison sort of a shuffled national file took a quarter of its load).
void check_duplicate_attendance(RowProblems& problems, int c, const Dataset& ds, bool references_valid) {
  const auto& a = ds.attendance;
  std::vector<std::uint8_t> started(ds.meetings.size(), 0);
  std::vector<Index> last_meeting(ds.members.size(), no_index);  // by member
  std::vector<std::uint32_t> repeated;
  Index current = no_index;
  bool grouped = true;
  for (std::uint32_t r = 0; r < a.size() && grouped; ++r) {
    const Index g = a.meeting[r], m = a.member[r];
    if (g == no_index || m == no_index) continue;
    if (g != current) {
      if (started[g]) grouped = false;
      started[g] = 1;
      current = g;
    }
    if (last_meeting[m] == g)
      repeated.push_back(r);
    else
      last_meeting[m] = g;
  }
  if (!grouped) {
    if (!references_valid) return;
    repeated.clear();
    std::vector<std::uint32_t> next(ds.meetings.size() + 1, 0);
    for (std::uint32_t r = 0; r < a.size(); ++r) ++next[a.meeting[r] + 1];
    for (std::size_t g = 1; g < next.size(); ++g) next[g] += next[g - 1];
    std::vector<std::uint32_t> order(a.size());
    for (std::uint32_t r = 0; r < a.size(); ++r) order[next[a.meeting[r]]++] = r;
    std::fill(last_meeting.begin(), last_meeting.end(), no_index);
    for (const std::uint32_t r : order) {
      const Index g = a.meeting[r], m = a.member[r];
      if (last_meeting[m] == g)
        repeated.push_back(r);
      else
        last_meeting[m] = g;
    }
    std::sort(repeated.begin(), repeated.end());  // the few repeats, in file order
  }
  if (repeated.empty()) return;
  std::vector<std::string> messages;
  for (const auto r : repeated)
    messages.push_back(fmt::format(
        "member_id: expected one attendance row per member and meeting; got {} again for meeting {}",
        shown(ds.members.id[a.member[r]]), shown(ds.meetings.id[a.meeting[r]])));
  problems.fail_rows(repeated, c, messages);
}

}  // namespace chibo::load
