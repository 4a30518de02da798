// Operations on whole tables, column by column as each table's schema() declares them: the one
// list of the dataset's tables, reordering rows, joining and cutting tables, and their memory
// (internal).
#pragma once

#include <chibo/dataset.hpp>

#include <algorithm>
#include <functional>
#include <numeric>
#include <tuple>
#include <type_traits>
#include <utility>
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
  sorted.reserve(order.size());
  for (const Index row : order) sorted.push_back(column[row]);
  column = std::move(sorted);
}
inline void permute(StringColumn& column, const std::vector<Index>& order) {
  if (column.empty()) return;
  StringColumn sorted;
  sorted.reserve(order.size(), column.bytes());
  for (const Index row : order) sorted.push_back(column[row]);
  column = std::move(sorted);
}
/// A sparse column (values of the rows listed in `at`) put in `order`: the rows that have a
/// value are marked in a bitmap, which stays in cache where an inverse of the order (a
/// national table's 61 million rows) would not.
template <class Column>
void permute_sparse(std::vector<Index>& at, Column& column, const std::vector<Index>& order) {
  if (at.empty()) return;
  if (!std::is_sorted(at.begin(), at.end())) {  // the loader's are; a dataset filled by hand may not be
    std::vector<Index> by_row(at.size());
    std::iota(by_row.begin(), by_row.end(), 0);
    std::stable_sort(by_row.begin(), by_row.end(), [&](Index a, Index b) { return at[a] < at[b]; });
    permute(at, by_row);
    permute(column, by_row);
  }
  std::vector<std::uint64_t> has(order.size() / 64 + 1, 0);
  for (const Index r : at) has[r / 64] |= std::uint64_t{1} << (r % 64);
  std::vector<Index> new_at, by_row;
  new_at.reserve(at.size());
  by_row.reserve(at.size());
  for (Index i = 0; i < order.size(); ++i)
    if (const Index r = order[i]; has[r / 64] >> (r % 64) & 1)
      for (auto k = std::lower_bound(at.begin(), at.end(), r); k != at.end() && *k == r; ++k) {
        new_at.push_back(i);
        by_row.push_back(static_cast<Index>(k - at.begin()));
      }
  at = std::move(new_at);
  permute(column, by_row);
}
/// A grouping key put in its own order: each parent's rows, in turn.
inline void fill_grouped(std::vector<Index>& key, const Grouping& grouping) {
  for (Index p = 0; p + 1 < grouping.offsets.size(); ++p)
    std::fill(key.begin() + grouping.offsets[p], key.begin() + grouping.offsets[p + 1], p);
}
template <class T>
std::size_t bytes_of(const std::vector<T>& column) noexcept {
  return column.size() * sizeof(T);
}
inline std::size_t bytes_of(const StringColumn& column) noexcept {
  return column.bytes() + column.size() * sizeof(std::uint64_t);
}
}  // namespace detail

/// Jobs for run_parallel, each with the bytes it moves, to be run largest first: then two
/// threads end together whatever the mix of tables.
class SizedJobs {
 public:
  void add(std::size_t bytes, std::function<void()> job) { jobs_.emplace_back(bytes, std::move(job)); }
  std::vector<std::function<void()>> largest_first() && {
    std::stable_sort(jobs_.begin(), jobs_.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    std::vector<std::function<void()>> jobs;
    for (auto& j : jobs_) jobs.push_back(std::move(j.second));
    return jobs;
  }

 private:
  std::vector<std::pair<std::size_t, std::function<void()>>> jobs_;
};

/// Adds the jobs that put the rows of a table in `order` (row k becomes row order[k]), one a
/// column: a national export's shuffled child tables are 130 million rows, and one table's
/// columns in a row would keep one thread busy while the other waits. An empty order or the
/// identity adds none. With `key` and its `grouping` (what `order` sorts the rows by), the key
/// column is written from the grouping instead of moved. `order` and `grouping` must outlive
/// the jobs.
template <class Rows>
void add_permute_jobs(Rows& rows, const std::vector<Index>& order, SizedJobs& jobs,
                      const std::vector<Index>* key = nullptr, const Grouping* grouping = nullptr) {
  if (order.empty()) return;
  bool identity = true;
  for (Index i = 0; i < order.size() && identity; ++i) identity = order[i] == i;
  if (identity) return;
  schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t) {
    auto& column = rows.*c.member;
    if constexpr (requires { c.kind.rows; }) {
      auto& at = rows.*c.kind.rows;
      jobs.add(detail::bytes_of(column) + at.size() * sizeof(Index),
               [&at, &column, &order] { detail::permute_sparse(at, column, order); });
    } else if constexpr (std::is_same_v<std::decay_t<decltype(column)>, std::vector<Index>>) {
      if (&column == key && grouping)
        jobs.add(detail::bytes_of(column), [&column, grouping] { detail::fill_grouped(column, *grouping); });
      else
        jobs.add(detail::bytes_of(column), [&column, &order] { detail::permute(column, order); });
    } else {
      jobs.add(detail::bytes_of(column), [&column, &order] { detail::permute(column, order); });
    }
  });
}

/// Puts the rows of a table in `order` (add_permute_jobs), on this thread.
template <class Rows>
void permute(Rows& rows, const std::vector<Index>& order) {
  SizedJobs jobs;
  add_permute_jobs(rows, order, jobs);
  for (auto& job : std::move(jobs).largest_first()) job();
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
