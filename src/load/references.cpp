#include "references.hpp"

#include <fmt/format.h>

namespace chibo::load {

using schema::Space;

void CellMembers::build(const Members& members, std::size_t units) {
  offsets_.assign(units + 1, 0);
  for (Index m = 0; m < members.size(); ++m)
    if (members.cell[m] != no_index) ++offsets_[members.cell[m] + 1];
  for (std::size_t u = 0; u < units; ++u) offsets_[u + 1] += offsets_[u];
  entries_.assign(offsets_.back(), 0);
  std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
  for (Index m = 0; m < members.size(); ++m)
    if (members.cell[m] != no_index)
      entries_[fill[members.cell[m]]++] = (IdIndex::hash(members.id[m]) & ~0xFFFFFFFFull) | m;
}

std::size_t References::slot(Space space) noexcept {
  switch (space) {
    case Space::member:
    case Space::cell_member:
      return 1;
    case Space::meeting:
      return 2;
    case Space::cadre:
      return 3;
    case Space::briefing:
      return 4;
    default:  // the units
      return 0;
  }
}

IdIndex& References::index(Space space) noexcept {
  IdIndex* all[] = {&ds_.org_unit_ids, &ds_.member_ids, &ds_.meeting_ids, &ds_.cadre_ids, &ds_.briefing_ids};
  return *all[slot(space)];
}

const StringColumn& References::ids(Space space) const noexcept {
  const StringColumn* all[] = {&ds_.org_units.id, &ds_.members.id, &ds_.meetings.id, &ds_.cadres.id,
                               &ds_.briefings.id};
  return *all[slot(space)];
}

std::string_view References::file_name(Space space) noexcept {
  static constexpr std::string_view files[] = {"org_units.csv", "members.csv", "meetings.csv", "cadres.csv",
                                               "briefings.csv"};
  return files[slot(space)];
}

std::string References::file(Space space) {
  return std::string(file_name(space));
}

void References::members_read() {
  if (!ds_.member_ids.numbered()) cell_members_.build(ds_.members, ds_.org_units.size());
}

Index References::unit_of_kind(Table& t, int c, bool cell) {
  const Index u = plain(t, c, Space::org_unit);
  if (u == no_index || (ds_.org_units.kind[u] == OrgKind::cell) == cell) return u;
  t.fail(c, cell ? "expected the id of a cell (kind cell)" : "expected the id of a committee, not a cell");
  return no_index;
}

Index References::member_in_cell_other(Table& t, int c, Index cell) {
  if (cell == no_index) return plain(t, c, Space::member);
  if (t.missing(c) || !was_read(Space::member)) return no_index;
  // Hashed ids: the prediction, then the cell's members (numbered ones were tried inline).
  if (!ds_.member_ids.numbered()) {
    if (const Index m = t.predicted(c, ds_.members.id); m != no_index && ds_.members.cell[m] == cell) return m;
    if (const Index m = cell_members_.find(ds_.members.id, cell, t.text(c)); m != no_index) {
      t.remember(c, m);
      return m;
    }
  }
  const Index m = plain(t, c, Space::member);
  if (m != no_index && ds_.members.cell[m] != cell)
    t.fail(c, fmt::format("expected a member of cell {}", ds_.org_units.id[cell]));
  return m;
}

}  // namespace chibo::load
