// Operations on whole tables, column by column as each table's schema() declares them: the one
// list of the dataset's tables, reordering rows, joining and cutting tables, and their memory
// (internal).
#pragma once

#include <chibo/dataset.hpp>

#include <algorithm>
#include <numeric>
#include <tuple>
#include <vector>

namespace chibo::tables {

/// The dataset's tables, in the contract's order (Dataset::table_names()).
inline constexpr auto all = std::tuple{&Dataset::org_units,
                                       &Dataset::members,
                                       &Dataset::cadres,
                                       &Dataset::meetings,
                                       &Dataset::agenda_items,
                                       &Dataset::attendance,
                                       &Dataset::contributions,
                                       &Dataset::resolutions,
                                       &Dataset::tasks,
                                       &Dataset::visits,
                                       &Dataset::escalations,
                                       &Dataset::briefings,
                                       &Dataset::briefing_attendance,
                                       &Dataset::trainings,
                                       &Dataset::assignments,
                                       &Dataset::ratings,
                                       &Dataset::org_history};
inline constexpr std::size_t count = std::tuple_size_v<decltype(all)>;

/// Calls f(rows) for every table of a dataset, in the contract's order.
template <class DS, class F>
void for_each(DS& ds, F&& f) {
  std::apply([&](auto... table) { (f(ds.*table), ...); }, all);
}

/// Calls f(std::type_identity<Rows>{}) for every table's row type, in the contract's order.
template <class F>
constexpr void for_each_type(F&& f) {
  std::apply(
      [&](auto... table) {
        (f(std::type_identity<std::remove_cvref_t<decltype(std::declval<Dataset&>().*table)>>{}), ...);
      },
      all);
}

/// Calls f(rows.*member, column) for every storage vector of a table: each declared column,
/// and the row list of a sparse one.
template <class Rows, class F>
void for_each_storage(Rows& rows, F&& f) {
  schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t) {
    f(rows.*c.member);
    if constexpr (requires { c.kind.rows; }) f(rows.*c.kind.rows);
  });
}

/// for_each_storage over two tables of one type at once: f(a.*member, b.*member).
template <class Rows, class F>
void for_each_storage(Rows& a, Rows& b, F&& f) {
  schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t) {
    f(a.*c.member, b.*c.member);
    if constexpr (requires { c.kind.rows; }) f(a.*c.kind.rows, b.*c.kind.rows);
  });
}

/// Reserves room for `n` rows in every column of a table (text columns: their row ends).
template <class Rows>
void reserve(Rows& rows, std::size_t n) {
  for_each_storage(rows, [&](auto& column) {
    if constexpr (requires { column.capacity(); })
      column.reserve(n);
    else
      column.reserve(n, 0);
  });
}

/// Keeps the first `n` rows of a table.
template <class Rows>
void truncate(Rows& rows, std::size_t n) {
  schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t) {
    if constexpr (requires { c.kind.rows; }) {
      auto& at = rows.*c.kind.rows;
      std::size_t keep = at.size();
      while (keep > 0 && at[keep - 1] >= n) --keep;
      at.resize(keep);
      (rows.*c.member).truncate(keep);
    } else if constexpr (requires { (rows.*c.member).truncate(n); }) {
      (rows.*c.member).truncate(n);
    } else {
      (rows.*c.member).resize(n);
    }
  });
}

namespace detail {
template <class T>
void permute(std::vector<T>& column, const std::vector<Index>& order) {
  if (column.empty()) return;
  std::vector<T> sorted;
  sorted.reserve(column.size());
  for (Index row : order) sorted.push_back(column[row]);
  column = std::move(sorted);
}
inline void permute(StringColumn& column, const std::vector<Index>& order) {
  if (column.empty()) return;
  StringColumn sorted;
  for (Index row : order) sorted.push_back(column[row]);
  column = std::move(sorted);
}
}  // namespace detail

/// Puts the rows of a table in `order` (row k becomes row order[k]); an empty order or the
/// identity leaves them as they are.
template <class Rows>
void permute(Rows& rows, const std::vector<Index>& order) {
  if (order.empty()) return;
  bool identity = true;
  for (Index i = 0; i < order.size() && identity; ++i) identity = order[i] == i;
  if (identity) return;
  schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t) {
    if constexpr (requires { c.kind.rows; }) {
      // A sparse column's rows are renumbered, and its values kept in row order.
      auto& at = rows.*c.kind.rows;
      std::vector<Index> new_row(order.size());
      for (Index i = 0; i < order.size(); ++i) new_row[order[i]] = i;
      for (auto& r : at) r = new_row[r];
      std::vector<Index> by_row(at.size());
      std::iota(by_row.begin(), by_row.end(), 0);
      std::sort(by_row.begin(), by_row.end(), [&](Index a, Index b) { return at[a] < at[b]; });
      detail::permute(at, by_row);
      detail::permute(rows.*c.member, by_row);
    } else {
      detail::permute(rows.*c.member, order);
    }
  });
}

/// Bytes a table's columns hold.
template <class Rows>
std::size_t memory_bytes(const Rows& rows) {
  std::size_t n = 0;
  for_each_storage(const_cast<Rows&>(rows), [&](const auto& column) {
    if constexpr (requires { column.memory_bytes(); })
      n += column.memory_bytes();
    else
      n += column.capacity() * sizeof(typename std::decay_t<decltype(column)>::value_type);
  });
  return n;
}

}  // namespace chibo::tables
