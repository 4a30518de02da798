#include "references.hpp"

#include <fmt/format.h>

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

}  // namespace chibo::load
