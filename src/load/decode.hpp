// Reading a row into a table's columns, as its schema() declares them: one decoder for every
// table and both of the record paths (internal to the loader).
#pragma once

#include <chibo/dataset.hpp>

#include "../tables.hpp"
#include "references.hpp"
#include "table.hpp"

#include <array>
#include <span>
#include <string>

namespace chibo::load {

/// The rows of a table, or of a part of one, as read.
template <class Rows>
struct Part {
  Rows rows;
  /// Ids of a reference into the table itself (a unit's parent), resolved once it is whole.
  StringColumn own_ids;
};

/// References a part read but did not look up yet (RowDecoder), by column, and their rows once
/// looked up: scratch, one per thread (a thread reads one part at a time), so that its capacity
/// serves every part the thread reads without a copy per part in flight.
struct DeferredLists {
  std::vector<std::vector<References::Deferred>> by_column;
  std::vector<Index> found;
};
inline DeferredLists& deferred_lists() noexcept {
  thread_local DeferredLists lists;
  return lists;
}

/// The columns a table file is read for, from the table's schema.
template <class Rows>
std::vector<ColumnSpec> column_specs() {
  std::vector<ColumnSpec> specs;
  schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t) {
    specs.push_back({c.name, c.is_required()});
  });
  return specs;
}

/// Reads the current record of `t` into `part`, column by column. Every column stores one
/// value per row (its fallback when the field is wrong, which is then reported), so that the
/// columns stay aligned.
template <class Rows>
class RowDecoder {
 public:
  RowDecoder(Table& t, Part<Rows>& part, References& refs) : t_(t), part_(part), refs_(refs) {
    std::size_t k = 0;
    schema::for_each_check(Rows::schema(), [&](const auto& check) {
      schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t i) {
        if (c.name == check.column) check_columns_[k] = static_cast<int>(i);
      });
      ++k;
    });
    const std::size_t rows = t.estimated_rows();  // a scan of the part's first lines
    tables::reserve(part.rows, rows);
    deferred_.by_column.resize(
        std::max(deferred_.by_column.size(), std::tuple_size_v<decltype(Rows::schema().columns)>));
    for (auto& list : deferred_.by_column) list.clear();
    // Reserved as the part's rows: grown by doubling, the lists would leave behind freed
    // blocks that count in the process's memory.
    schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t i) {
      if constexpr (is_reference<decltype(c)>)
        if (refs_.deferrable(c.kind.space, no_index))
          deferred_.by_column[i].reserve(std::min(rows, batch_rows));
    });
  }

  /// Reads one row.
  [[gnu::flatten]] void operator()() {
    // A table read in one go (its quoted text spans lines) defers no more than a part's worth.
    if (pending_rows_ == batch_rows) {
      ok_ = look_up_deferred() && ok_;
      pending_rows_ = 0;
    }
    ++pending_rows_;
    Rows& rows = part_.rows;
    const auto row = static_cast<Index>(rows.size());
    Index row_cell = no_index;
    schema::for_each_column(
        Rows::schema(), [&](const auto& c, std::size_t i) { read(c, static_cast<int>(i), row, row_cell); });
    std::size_t k = 0;
    schema::for_each_check(Rows::schema(), [&](const auto& check) {
      const auto later = (rows.*check.later).back(), earlier = (rows.*check.earlier).back();
      if (recorded(later) && recorded(earlier) && later <= earlier)
        t_.fail(check_columns_[k], check.expected);
      ++k;
    });
  }

  /// Starts loading the memory the references of a record ahead will read (References::prefetch),
  /// for those looked up as they are read.
  void ahead(int stage) {
    schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t i) {
      if constexpr (is_reference<decltype(c)>)
        if (!defer_ || !refs_.deferrable(c.kind.space, no_index))
          refs_.prefetch(t_, static_cast<int>(i), c.kind.space, stage);
    });
  }

  /// Drops the last row read (the fast path gave it up).
  void undo() {
    const std::size_t keep = part_.rows.size() - 1;
    tables::truncate(part_.rows, keep);
    part_.own_ids.truncate(std::min(keep, part_.own_ids.size()));
    for (auto& list : deferred_.by_column)
      while (!list.empty() && list.back().row >= keep) list.pop_back();
  }

  /// Looks up the references deferred while the part was read (References::resolve_deferred),
  /// a column at a time, members after the meetings that give their cell. False if one did
  /// not resolve: then restart() and read the part again.
  bool resolve_deferred() {
    ok_ = look_up_deferred() && ok_;
    pending_rows_ = 0;
    return ok_;
  }
  /// Empties the part to read it again, looking every reference up as it is read.
  void restart() {
    tables::truncate(part_.rows, 0);
    part_.own_ids.truncate(0);
    for (auto& list : deferred_.by_column) list.clear();
    defer_ = false;
    ok_ = true;
  }

 private:
  using Space = schema::Space;
  template <class V, class K>
  using Column = schema::Column<Rows, V, K>;
  template <class C>
  static constexpr bool is_reference =
      std::is_same_v<typename std::decay_t<C>::kind_type, schema::kind::Reference>;
  static constexpr std::size_t batch_rows = std::size_t{1} << 16;

  bool look_up_deferred() {
    bool ok = true;
    std::span<const Index> row_meeting;
    std::vector<Index>& found = deferred_.found;
    for (const bool members : {false, true}) {
      schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t i) {
        if constexpr (is_reference<decltype(c)>) {
          auto& column = part_.rows.*c.member;
          if (!members && c.kind.space == Space::meeting) row_meeting = column;
          const auto& list = deferred_.by_column[i];
          if (!ok || list.empty() || (c.kind.space == Space::cell_member) != members) return;
          found.resize(list.size());
          ok = refs_.resolve_deferred(c.kind.space, list, found, row_meeting);
          for (std::size_t k = 0; ok && k < list.size(); ++k) column[list[k].row] = found[k];
        }
      });
    }
    for (auto& list : deferred_.by_column) list.clear();
    return ok;
  }

  static bool recorded(Date d) noexcept { return !d.is_special(); }
  static bool recorded(ClockTime t) noexcept { return t != no_time; }

  void read(const Column<StringColumn, schema::kind::Id>& c, int i, Index, Index&) {
    t_.text_to(part_.rows.*c.member, i);
  }
  void read(const Column<StringColumn, schema::kind::Text>& c, int i, Index, Index&) {
    auto& column = part_.rows.*c.member;
    switch (c.kind.type) {
      case schema::Type::name:
        t_.name_to(column, i);
        break;
      case schema::Type::free_text:
        t_.free_text_to(column, i);
        break;
      default:
        t_.text_to(column, i);
    }
  }
  template <class V>
  void read(const Column<V, schema::kind::Date>& c, int i, Index, Index&) {
    (part_.rows.*c.member).push_back(t_.date(i));
  }
  template <class V>
  void read(const Column<V, schema::kind::Time>& c, int i, Index, Index&) {
    (part_.rows.*c.member).push_back(t_.time(i));
  }
  template <class V, class E>
  void read(const Column<V, schema::kind::Code<E>>& c, int i, Index, Index&) {
    (part_.rows.*c.member).push_back(t_.template code<E>(i).value_or(c.kind.fallback));
  }
  template <class V, class E>
  void read(const Column<V, schema::kind::OptionalCode<E>>& c, int i, Index, Index&) {
    (part_.rows.*c.member).push_back(t_.template code<E>(i));
  }
  template <class V, class E>
  void read(const Column<V, schema::kind::CodeSet<E>>& c, int i, Index, Index&) {
    const auto set = parse_code_set<E>(t_.text(i));
    if (!set) t_.fail(i, "expected a ;-separated list of " + codes_listed(valid_codes<E>()));
    (part_.rows.*c.member).push_back(static_cast<typename V::value_type>(set.value_or(0)));
  }
  template <class V>
  void read(const Column<V, schema::kind::Integer>& c, int i, Index, Index&) {
    (part_.rows.*c.member)
        .push_back(static_cast<typename V::value_type>(t_.integer(i, c.kind.min, c.kind.max)));
  }
  template <class V>
  void read(const Column<V, schema::kind::Number>& c, int i, Index, Index&) {
    (part_.rows.*c.member).push_back(static_cast<typename V::value_type>(t_.decimal(i)));
  }
  template <class V>
  void read(const Column<V, schema::kind::Reference>& c, int i, Index row, Index& row_cell) {
    auto& column = part_.rows.*c.member;
    if (c.kind.space == Space::parent_unit) {  // resolved when the table is whole
      t_.missing(i);
      part_.own_ids.push_back(t_.text(i));
      column.push_back(no_index);
      return;
    }
    if (defer_ && refs_.deferrable(c.kind.space, row_cell))
      if (const std::string_view id = t_.text(i); !id.empty() && t_.holds(id)) {
        deferred_.by_column[static_cast<std::size_t>(i)].push_back(
            {row, c.kind.space == Space::cell_member ? row_cell : no_index, id});
        column.push_back(no_index);
        if (c.kind.space == Space::meeting && row_cell == no_index) {
          row_cell = References::meeting_cell;
          deferred_meeting_ = id;
        }
        return;
      }
    // A member looked up now (an escaped id) whose cell is a deferred meeting's: that meeting too.
    if (row_cell == References::meeting_cell) row_cell = refs_.cell_of_meeting(deferred_meeting_);
    column.push_back(refs_.resolve(t_, i, c.kind.space, row_cell));
  }
  void read(const Column<StringColumn, schema::kind::Sparse<Rows>>& c, int i, Index row, Index&) {
    if (t_.text(i).empty() || !t_.keeps_free_text()) return;
    (part_.rows.*c.kind.rows).push_back(row);
    t_.text_to(part_.rows.*c.member, i);
  }

  Table& t_;
  Part<Rows>& part_;
  References& refs_;
  std::array<int, std::tuple_size_v<decltype(Rows::schema().checks)>> check_columns_{};
  // By column: the references read but not looked up yet (see References::deferrable).
  DeferredLists& deferred_ = deferred_lists();
  bool defer_ = true;
  bool ok_ = true;                     // every deferred reference looked up so far resolved
  std::size_t pending_rows_ = 0;       // rows read since the deferred references were looked up
  std::string_view deferred_meeting_;  // the id of the row's meeting, when deferred
};

}  // namespace chibo::load
