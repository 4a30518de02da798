// References between tables while they are read: each id space's index, whether its table
// could be read, and what a reference of each kind must name (internal to the loader).
#pragma once

#include <chibo/dataset.hpp>

#include "table.hpp"

#include <array>
#include <span>
#include <string_view>

namespace chibo::load {

/// Resolves the references of rows being read against the tables read before them.
class References {
 public:
  explicit References(Dataset& ds) : ds_(ds) {}

  /// The index and ids of an id space (org_unit, member, meeting, cadre, briefing), and the
  /// file they come from, for messages.
  IdIndex& index(schema::Space space) noexcept { return *index_[at(space)]; }
  const StringColumn& ids(schema::Space space) const noexcept { return *ids_[at(space)]; }
  static std::string_view file(schema::Space space) noexcept { return files[at(space)]; }

  /// Marks the table of an id space as read (its index built): later tables' references into
  /// it are checked. A reference into a table that could not be read is not: one missing file
  /// should not bury its own message under a flood of unknown ids.
  void set_read(schema::Space space) noexcept { read_[at(space)] = true; }
  bool was_read(schema::Space space) const noexcept { return read_[at(space)]; }

  /// A reference read but not looked up yet: a row's id into a hashed index, looked up with
  /// the rest of its part's (resolve_deferred). `cell` is the cell a member must belong to
  /// (no_index: any; meeting_cell: that of the row's meeting, itself deferred).
  struct Deferred {
    Index row;
    Index cell;
    std::string_view id;
  };
  /// The row's cell while it is that of a meeting whose lookup was deferred.
  static constexpr Index meeting_cell = no_index - 1;

  /// Whether a non-empty id of `space` is better looked up with its part's others than as it
  /// is read: ids of a hashed index (random ids, in a national export a random read of a large
  /// table each), and a member whose cell is a deferred meeting's. Units are looked up as they
  /// come: their index is small, and their kind is checked on the spot.
  bool deferrable(schema::Space space, Index row_cell) const noexcept {
    using schema::Space;
    switch (space) {
      case Space::cell_member:
        return read_[1] && (row_cell == meeting_cell || index_[1]->hashed());
      case Space::member:
      case Space::meeting:
      case Space::cadre:
      case Space::briefing:
        return read_[at(space)] && index_[at(space)]->hashed();
      default:
        return false;
    }
  }
  /// The cell of the meeting named by `id`, or no_index if there is none.
  Index cell_of_meeting(std::string_view id) const noexcept {
    const Index g = index_[2]->find(*ids_[2], id);
    return g == no_index ? no_index : ds_.meetings.cell[g];
  }
  /// Looks up deferred ids of `space` and writes each one's row to `rows` (aligned), in rounds
  /// over blocks of ids (every hash, then every slot, then every row's id), so that the random
  /// reads of a block wait on memory together rather than one after another; `row_meeting` is
  /// the part's meeting column, for members checked against their meeting's cell. False if
  /// an id names no row, or a member is not of its cell: the caller then reads the part again
  /// the plain way, which reports each where and as it always has.
  bool resolve_deferred(schema::Space space, std::span<const Deferred> refs, std::span<Index> rows,
                        std::span<const Index> row_meeting) const;

  /// Starts loading what resolve() will read for field c of a record ahead (Table::text_ahead),
  /// in two stages a few records apart: the id's slot in its index (`stage` 1), then the row
  /// the slot names: its id, and its cell for a member or a meeting (2). Random ids of a
  /// national export (rows in any order) then cost no wait on memory each.
  void prefetch(const Table& t, int c, schema::Space space, int stage) const noexcept {
    if (space == schema::Space::parent_unit) return;
    const std::size_t k = at(space);
    if (!read_[k] || index_[k]->numbered()) return;
    const std::string_view id = t.text_ahead(c);
    if (stage == 1) {
      index_[k]->prefetch(id);
      return;
    }
    const std::uint32_t row = index_[k]->candidate(id);
    if (row == IdIndex::npos) return;
    // Both ends: an id of 36 bytes (a UUID) lies across two cache lines more often than not.
    if (const std::string_view text = (*ids_[k])[row]; !text.empty()) {
      __builtin_prefetch(text.data());
      __builtin_prefetch(text.data() + text.size() - 1);
    }
    if (k == 1) __builtin_prefetch(&ds_.members.cell[row]);
    if (k == 2) __builtin_prefetch(&ds_.meetings.cell[row]);
  }

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
  // By id space: a reference of any space names one of these five tables.
  static constexpr std::size_t table_of[] = {0, 0, 0, 0, 0, 1, 1, 2, 3, 4};  // by schema::Space
  static constexpr std::string_view files[] = {"org_units.csv", "members.csv", "meetings.csv", "cadres.csv",
                                               "briefings.csv"};
  static constexpr std::size_t at(schema::Space space) noexcept {
    return table_of[static_cast<std::size_t>(space)];
  }
  Index plain(Table& t, int c, schema::Space space) {
    const std::size_t k = at(space);
    return t.ref(c, *index_[k], *ids_[k], files[k], read_[k]);
  }
  /// A unit that must be a cell (`cell`) or a committee.
  Index unit_of_kind(Table& t, int c, bool cell);
  /// A member that must belong to `cell` (on any date).
  Index member_in_cell(Table& t, int c, Index cell) {
    // A numbered id of the cell's member, inline: the path of nearly every child row.
    if (cell != no_index && was_read(schema::Space::member) && ds_.id_indexes().member.numbered())
      if (const std::string_view id = t.text(c); !id.empty())
        if (const Index m = ds_.id_indexes().member.find(ds_.members.id, id);
            m != no_index && ds_.members.cell[m] == cell)
          return m;
    return member_in_cell_other(t, c, cell);
  }
  [[gnu::noinline]] Index member_in_cell_other(Table& t, int c, Index cell);

  Dataset& ds_;
  std::array<IdIndex*, 5> index_{&ds_.id_indexes().org_unit, &ds_.id_indexes().member,
                                 &ds_.id_indexes().meeting, &ds_.id_indexes().cadre,
                                 &ds_.id_indexes().briefing};
  std::array<const StringColumn*, 5> ids_{&ds_.org_units.id, &ds_.members.id, &ds_.meetings.id,
                                          &ds_.cadres.id, &ds_.briefings.id};
  std::array<bool, 5> read_{};
};

}  // namespace chibo::load
