#include "references.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace chibo::load {

using schema::Space;

Index References::unit_of_kind(Table& t, int c, bool cell) {
  const Index u = plain(t, c, Space::org_unit);
  if (u == no_index || (ds_.org_units.kind[u] == OrgKind::cell) == cell) return u;
  t.fail(c, cell ? "expected the id of a cell (kind cell)" : "expected the id of a committee, not a cell");
  return no_index;
}

Index References::member_in_cell_other(Table& t, int c, Index cell) {
  if (cell == no_index) return plain(t, c, Space::member);
  if (t.missing(c) || !was_read(Space::member)) return no_index;
  const Index m = plain(t, c, Space::member);
  if (m != no_index && ds_.members.cell[m] != cell)
    t.fail(c, fmt::format("expected a member of cell {}", ds_.org_units.id[cell]));
  return m;
}

bool References::resolve_deferred(Space space, std::span<const Deferred> refs, std::span<Index> rows,
                                  std::span<const Index> row_meeting) const {
  const std::size_t k = at(space);
  const IdIndex& index = *index_[k];
  const StringColumn& ids = *ids_[k];
  // A block's reads are all on their way before the first is needed; a block's hashes and
  // rows stay in the first level of cache.
  constexpr std::size_t block = 1024;
  std::array<std::uint64_t, block> hashes;
  for (std::size_t first = 0; first < refs.size(); first += block) {
    const std::size_t n = std::min(block, refs.size() - first);
    const Deferred* const r = refs.data() + first;
    Index* const out = rows.data() + first;
    if (index.numbered()) {  // a member whose cell is a deferred meeting's
      for (std::size_t j = 0; j < n; ++j) out[j] = index.find(ids, r[j].id);
    } else {
      for (std::size_t j = 0; j < n; ++j) hashes[j] = IdIndex::hash(r[j].id);
      for (std::size_t j = 0; j < n; ++j) out[j] = index.candidate_of(hashes[j]);
      for (std::size_t j = 0; j < n; ++j)
        if (out[j] == no_index || !same_text(ids[out[j]], r[j].id))
          out[j] = index.find(ids, r[j].id);  // another id with the same tag, or none
    }
    for (std::size_t j = 0; j < n; ++j)
      if (out[j] == no_index) return false;
    if (space != Space::cell_member) continue;
    for (std::size_t j = 0; j < n; ++j) {
      Index cell = r[j].cell;
      if (cell == meeting_cell) {
        const Index g = row_meeting[r[j].row];
        cell = g == no_index ? no_index : ds_.meetings.cell[g];
      }
      if (cell != no_index && ds_.members.cell[out[j]] != cell) return false;
    }
  }
  return true;
}

}  // namespace chibo::load
