// The data contract's tables, declared once beside their structs (dataset.hpp): each column's
// name, type, whether it is required, its codes or the ids it names, and the member that holds
// it. The loader, the CSV writer, the indexes, memory accounting and docs/data.md iterate these
// declarations, so adding a column is one line plus its use.
#pragma once

#include <chibo/enums.hpp>
#include <chibo/strings.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <tuple>
#include <vector>

namespace chibo::schema {

/// What a column holds.
enum class Type : std::uint8_t {
  id,         ///< text naming the row, unique in its table
  text,       ///< text, kept as read (in NFC)
  name,       ///< a person's name (kept only when LoadOptions::keep_names)
  free_text,  ///< other free text (kept only when LoadOptions::keep_free_text)
  date,       ///< YYYY-MM-DD
  time,       ///< HH:MM, 24 h
  code,       ///< one code of a list
  code_list,  ///< `;`-separated codes of a list
  integer,    ///< a whole number in a range
  number,     ///< a number ≥ 0
  reference,  ///< the id of a row of another table (or of the same: a unit's parent)
};

/// The ids a reference names: an id space of the contract, and what the row it names must be.
enum class Space : std::uint8_t {
  none,         ///< not a reference / a table whose rows no other table names
  org_unit,     ///< any unit
  parent_unit,  ///< a committee of the same table (a unit's parent)
  cell,         ///< a unit of kind cell (it is then the row's cell)
  committee,    ///< a unit that is not a cell
  member,       ///< any member
  cell_member,  ///< a member of the row's cell: its cell_id's, or its meeting's
  meeting,      ///< a meeting (whose cell is the row's cell when it has no cell_id)
  cadre,
  briefing,
};

/// Whether an empty field is a problem, and whether the header must name the column.
enum class Need : bool { optional, required };
inline constexpr Need required = Need::required;
inline constexpr Need optional = Need::optional;

/// One column as documentation and other sources see it.
struct ColumnInfo {
  std::string_view name;
  Type type;
  bool required;
  std::span<const std::string_view> codes;  ///< of a code or code_list column
  Space names = Space::none;                ///< of a reference
  std::int64_t min = 0, max = 0;            ///< of an integer
  std::string_view note;                    ///< a few words for the docs
};

/// One table as documentation and other sources see it.
struct TableInfo {
  std::string_view name;
  std::span<const ColumnInfo> columns;
  Space ids;              ///< the id space its `id` column forms; none for tables no other names
  bool optional = false;  ///< a dataset may leave the table's file out (no rows)
};

/// The tables of the data contract, in the order of Dataset::table_names().
std::span<const TableInfo> tables() noexcept;
/// The table of that name, or null.
const TableInfo* find_table(std::string_view name) noexcept;

// ----- declarations (read by the library through Rows::schema()) -----

/// How a column's values are read, written and stored: one kind per value type.
namespace kind {
struct Id {};  // StringColumn
struct Text {  // StringColumn
  Type type = Type::text;
};
struct Date {};  // std::vector<Date>: not recorded is not-a-date
struct Time {};  // std::vector<ClockTime>: no_time when not recorded
template <class E>
struct Code {  // std::vector<E>; `fallback` fills a row whose value is missing or wrong
  E fallback;
};
template <class E>
struct OptionalCode {};  // std::vector<std::optional<E>>
template <class E>
struct CodeSet {};  // std::vector<bits>: bit k for code k
struct Integer {    // std::vector<intN>: 0 when not recorded
  std::int64_t min, max;
};
struct Number {};   // std::vector<float>: NaN when not recorded
struct Reference {  // std::vector<Index>: no_index when not recorded
  Space space;
};
/// Text that is rare in its column, kept as (row, text) pairs: `rows` holds the rows.
template <class Rows>
struct Sparse {
  std::vector<std::uint32_t> Rows::*rows;
  Type type = Type::free_text;
};
}  // namespace kind

/// A column: its name, where its values live, whether it is required, and its kind.
template <class Rows, class Value, class Kind>
struct Column {
  using rows_type = Rows;
  using value_type = Value;
  using kind_type = Kind;
  std::string_view name;
  Value Rows::*member;
  Need need;
  Kind kind;
  std::string_view note = {};
  constexpr bool is_required() const noexcept { return need == Need::required; }
};

/// A rule between two values of a row: `later` must come after `earlier` when both are
/// recorded; otherwise `column` (that of `later`) is reported as `expected`.
template <class Rows, class Value>
struct After {
  std::string_view column;
  Value Rows::*later;
  Value Rows::*earlier;
  std::string_view expected;
};

/// A table: its file's name, the id space its rows form, its columns in the contract's order
/// and its rules between columns.
template <class Rows, class Columns, class Checks>
struct Table {
  using rows_type = Rows;
  std::string_view name;
  Space ids;
  Columns columns;
  Checks checks;
  bool optional = false;  ///< a dataset may leave the file out
  static constexpr std::size_t size = std::tuple_size_v<Columns>;
};

/// The declarations a table's struct writes in its schema(), for rows of type Rows.
template <class Rows>
struct Declare {
  template <class... Columns, class... Checks>
  static constexpr auto table(std::string_view name, Space ids, std::tuple<Columns...> columns,
                              std::tuple<Checks...> checks = {}) {
    return Table<Rows, std::tuple<Columns...>, std::tuple<Checks...>>{name, ids, columns, checks};
  }
  /// A table a dataset may leave out: its file missing means no rows.
  template <class... Columns>
  static constexpr auto optional_table(std::string_view name, Space ids, std::tuple<Columns...> columns) {
    return Table<Rows, std::tuple<Columns...>, std::tuple<>>{name, ids, columns, {}, true};
  }
  static constexpr auto id(std::string_view name, StringColumn Rows::*m) {
    return Column<Rows, StringColumn, kind::Id>{name, m, Need::required, {}};
  }
  static constexpr auto text(std::string_view name, StringColumn Rows::*m, Need need,
                             Type type = Type::text) {
    return Column<Rows, StringColumn, kind::Text>{name, m, need, {type}};
  }
  template <class T>
  static constexpr auto date(std::string_view name, std::vector<T> Rows::*m, Need need,
                             std::string_view note = {}) {
    return Column<Rows, std::vector<T>, kind::Date>{name, m, need, {}, note};
  }
  template <class T>
  static constexpr auto time(std::string_view name, std::vector<T> Rows::*m, Need need) {
    return Column<Rows, std::vector<T>, kind::Time>{name, m, need, {}};
  }
  template <class E>
  static constexpr auto code(std::string_view name, std::vector<E> Rows::*m, Need need, E fallback) {
    return Column<Rows, std::vector<E>, kind::Code<E>>{name, m, need, {fallback}};
  }
  template <class E>
  static constexpr auto optional_code(std::string_view name, std::vector<std::optional<E>> Rows::*m) {
    return Column<Rows, std::vector<std::optional<E>>, kind::OptionalCode<E>>{name, m, Need::optional, {}};
  }
  template <class E, class T>
  static constexpr auto code_set(std::string_view name, std::vector<T> Rows::*m) {
    return Column<Rows, std::vector<T>, kind::CodeSet<E>>{name, m, Need::optional, {}};
  }
  template <class T>
  static constexpr auto integer(std::string_view name, std::vector<T> Rows::*m, Need need, std::int64_t min,
                                std::int64_t max) {
    return Column<Rows, std::vector<T>, kind::Integer>{name, m, need, {min, max}};
  }
  static constexpr auto number(std::string_view name, std::vector<float> Rows::*m, Need need) {
    return Column<Rows, std::vector<float>, kind::Number>{name, m, need, {}};
  }
  template <class T>
  static constexpr auto ref(std::string_view name, std::vector<T> Rows::*m, Need need, Space space,
                            std::string_view note = {}) {
    return Column<Rows, std::vector<T>, kind::Reference>{name, m, need, {space}, note};
  }
  static constexpr auto sparse_text(std::string_view name, StringColumn Rows::*m,
                                    std::vector<std::uint32_t> Rows::*rows, Type type) {
    return Column<Rows, StringColumn, kind::Sparse<Rows>>{name, m, Need::optional, {rows, type}};
  }
  template <class T>
  static constexpr auto after(std::string_view column, T Rows::*later, T Rows::*earlier,
                              std::string_view expected) {
    return After<Rows, T>{column, later, earlier, expected};
  }
};

// ----- iteration -----

/// Calls f(column, index) for every column of a table, in order.
template <class Schema, class F>
constexpr void for_each_column(const Schema& s, F&& f) {
  std::apply(
      [&](const auto&... c) {
        std::size_t i = 0;
        (f(c, i++), ...);
      },
      s.columns);
}
/// Calls f(check) for every rule between columns of a table.
template <class Schema, class F>
constexpr void for_each_check(const Schema& s, F&& f) {
  std::apply([&](const auto&... c) { (f(c), ...); }, s.checks);
}

/// The position of the column of that name, or -1.
template <class Schema>
constexpr int index_of(const Schema& s, std::string_view name) {
  int found = -1;
  for_each_column(s, [&](const auto& c, std::size_t i) {
    if (c.name == name) found = static_cast<int>(i);
  });
  return found;
}

namespace detail {
constexpr ColumnInfo typed(Type type, std::span<const std::string_view> codes = {}, Space names = Space::none,
                           std::int64_t min = 0, std::int64_t max = 0) {
  return {{}, type, false, codes, names, min, max, {}};
}
constexpr ColumnInfo kind_info(kind::Id) {
  return typed(Type::id);
}
constexpr ColumnInfo kind_info(kind::Text k) {
  return typed(k.type);
}
constexpr ColumnInfo kind_info(kind::Date) {
  return typed(Type::date);
}
constexpr ColumnInfo kind_info(kind::Time) {
  return typed(Type::time);
}
template <class E>
constexpr ColumnInfo kind_info(kind::Code<E>) {
  return typed(Type::code, valid_codes<E>());
}
template <class E>
constexpr ColumnInfo kind_info(kind::OptionalCode<E>) {
  return typed(Type::code, valid_codes<E>());
}
template <class E>
constexpr ColumnInfo kind_info(kind::CodeSet<E>) {
  return typed(Type::code_list, valid_codes<E>());
}
constexpr ColumnInfo kind_info(kind::Integer k) {
  return typed(Type::integer, {}, Space::none, k.min, k.max);
}
constexpr ColumnInfo kind_info(kind::Number) {
  return typed(Type::number);
}
constexpr ColumnInfo kind_info(kind::Reference k) {
  return typed(Type::reference, {}, k.space);
}
template <class Rows>
constexpr ColumnInfo kind_info(kind::Sparse<Rows> k) {
  return typed(k.type);
}
}  // namespace detail

/// The ColumnInfo of a declared column.
template <class Rows, class Value, class Kind>
constexpr ColumnInfo info(const Column<Rows, Value, Kind>& c) {
  ColumnInfo i = detail::kind_info(c.kind);
  i.name = c.name;
  i.required = c.is_required();
  i.note = c.note;
  return i;
}

/// Every column of a table as ColumnInfo.
template <class Schema>
constexpr auto infos(const Schema& s) {
  std::array<ColumnInfo, Schema::size> out{};
  for_each_column(s, [&](const auto& c, std::size_t i) { out[i] = info(c); });
  return out;
}

}  // namespace chibo::schema
