// References between tables while they are read: each id space's index, whether its table
// could be read, and what a reference of each kind must name (internal to the loader).
#pragma once

#include <chibo/dataset.hpp>

#include "table.hpp"

#include <array>
#include <string>

namespace chibo::load {

/// The members of each cell with the hash tags of their ids: a child row names a member of its
/// meeting's cell, and looking among a few dozen members whose ids were just read stays in the
/// caches, where the national index of 5 million ids does not.
class CellMembers {
 public:
  void build(const Members& members, std::size_t units);
  /// The member of `cell` with this id, or no_index.
  Index find(const StringColumn& ids, Index cell, std::string_view id) const noexcept {
    if (cell == no_index || cell + 1 >= offsets_.size()) return no_index;
    const std::uint64_t tag = IdIndex::hash(id) & ~0xFFFFFFFFull;
    for (std::uint32_t i = offsets_[cell]; i < offsets_[cell + 1]; ++i) {
      const std::uint64_t e = entries_[i];
      if ((e & ~0xFFFFFFFFull) == tag && same_text(ids[static_cast<Index>(e)], id))
        return static_cast<Index>(e);
    }
    return no_index;
  }

 private:
  std::vector<std::uint32_t> offsets_;
  std::vector<std::uint64_t> entries_;  // hash tag << 32 | member row
};

/// Resolves the references of rows being read against the tables read before them.
class References {
 public:
  explicit References(Dataset& ds) : ds_(ds) {}

  /// The index and ids of an id space (org_unit, member, meeting, cadre, briefing).
  IdIndex& index(schema::Space space) noexcept;
  const StringColumn& ids(schema::Space space) const noexcept;
  /// The file whose ids a reference of this space names, for messages.
  static std::string file(schema::Space space);

  /// Marks the table of an id space as read (its index built): later tables' references into
  /// it are checked. A reference into a table that could not be read is not: one missing file
  /// should not bury its own message under a flood of unknown ids.
  void set_read(schema::Space space) noexcept { read_[slot(space)] = true; }
  bool was_read(schema::Space space) const noexcept { return read_[slot(space)]; }
  /// Called once members are read: the members of each cell, for member_in_cell.
  void members_read();

  /// The row field c names, as `space` says; `row_cell` is the row's cell, set by a cell_id
  /// (or, wanting one, by a meeting's cell) and read by references to its members.
  [[gnu::always_inline]] Index resolve(Table& t, int c, schema::Space space, Index& row_cell) {
    using schema::Space;
    switch (space) {
      case Space::cell:
        return row_cell = unit_of_kind(t, c, true);
      case Space::committee:
        return unit_of_kind(t, c, false);
      case Space::cell_member:
        return member_in_cell(t, c, row_cell);
      case Space::meeting: {
        const Index g = plain(t, c, Space::meeting);
        if (row_cell == no_index && g != no_index) row_cell = ds_.meetings.cell[g];
        return g;
      }
      default:
        return plain(t, c, space);
    }
  }

 private:
  static std::size_t slot(schema::Space space) noexcept;
  Index plain(Table& t, int c, schema::Space space) {
    return t.ref(c, index(space), ids(space), file_name(space), was_read(space));
  }
  static std::string_view file_name(schema::Space space) noexcept;
  /// A unit that must be a cell (`cell`) or a committee.
  Index unit_of_kind(Table& t, int c, bool cell);
  /// A member that must belong to `cell` (on any date). Looks among the cell's members first;
  /// only an id that is not there is looked up nationally, to tell an unknown id from a member
  /// of another cell.
  Index member_in_cell(Table& t, int c, Index cell) {
    // A numbered id of the cell's member, inline: the path of nearly every child row.
    if (cell != no_index && was_read(schema::Space::member) && ds_.member_ids.numbered())
      if (const std::string_view id = t.text(c); !id.empty())
        if (const Index m = ds_.member_ids.find(ds_.members.id, id); m != no_index && ds_.members.cell[m] == cell)
          return m;
    return member_in_cell_other(t, c, cell);
  }
  [[gnu::noinline]] Index member_in_cell_other(Table& t, int c, Index cell);

  Dataset& ds_;
  CellMembers cell_members_;
  std::array<bool, 5> read_{};
};

}  // namespace chibo::load
