// Extension columns and tables: read with the contract's own typed readers, so that their
// problems read like every other (file:line:column, what was expected).
#include "extensions.hpp"

#include "../fingerprint.hpp"
#include "references.hpp"

#include <chibo/unicode.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace chibo::load {

namespace {

constexpr double none = std::numeric_limits<double>::quiet_NaN();

/// An id space a contract table's rows are named by.
struct IdSpace {
  const IdIndex* index;
  const StringColumn* ids;
  std::string file;
};

IdSpace id_space(Dataset& ds, std::string_view table) {
  // The registry admits only tables whose rows have ids.
  const schema::Space space = schema::find_table(table)->ids;
  References refs(ds);
  return {&refs.index(space), &refs.ids(space), std::string(References::file(space))};
}

/// Values of one column while its table is read: numbers straight into place, text kept aside
/// until the rows' final order is known.
struct Collected {
  std::vector<double> numbers;
  std::vector<std::string> texts;
};

/// Reads field `c` of the current row as `def` says, into row `row` of `out`.
void read_value(Table& t, int c, const ColumnDef& def, Collected& out, std::size_t row) {
  double v = none;
  switch (def.type) {
    case ValueType::integer: {
      constexpr std::int64_t limit = std::int64_t{1} << 53;  // exact as a double
      if (!t.text(c).empty())
        v = static_cast<double>(t.integer(c, -limit, limit));
      else
        t.missing(c);
      break;
    }
    case ValueType::number:
      v = t.number(c);
      break;
    case ValueType::date:
      if (const Date d = t.date(c); !d.is_special()) v = static_cast<double>(days_since_1970(d));
      break;
    case ValueType::boolean: {
      static const std::string yes_no[] = {"no", "yes"};
      if (const auto i = t.code_in(c, yes_no)) v = static_cast<double>(*i);
      break;
    }
    case ValueType::code:
      if (const auto i = t.code_in(c, def.codes)) v = static_cast<double>(*i);
      break;
    case ValueType::text: {
      t.missing(c);
      const std::string_view text = t.text(c);
      std::string& into = out.texts[row];
      into.clear();
      if (is_plainly_nfc(text))
        into.assign(text);
      else
        append_nfc(into, text);
      return;
    }
  }
  out.numbers[row] = v;
}

/// The collected values in the order `order` gives (all rows when empty).
ExtensionValues finish(Collected&& c, const ColumnDef& def, const std::vector<std::uint32_t>& order) {
  ExtensionValues v;
  const std::size_t rows = order.empty() ? c.numbers.size() : order.size();
  if (def.type == ValueType::text) {
    for (std::size_t i = 0; i < rows; ++i) v.text.push_back(c.texts[order.empty() ? i : order[i]]);
    return v;
  }
  if (order.empty()) {
    v.numbers = std::move(c.numbers);
  } else {
    v.numbers.reserve(rows);
    for (std::size_t i = 0; i < rows; ++i) v.numbers.push_back(c.numbers[order[i]]);
  }
  return v;
}

Collected sized(const ColumnDef& def, std::size_t rows) {
  Collected c;
  c.numbers.assign(rows, none);
  if (def.type == ValueType::text) c.texts.resize(rows);
  return c;
}

Table& open_table(std::vector<std::unique_ptr<Table>>& tables, Source& source, std::string_view name,
                  std::vector<ColumnSpec> spec, const LoadOptions& options) {
  tables.push_back(std::make_unique<Table>(source, name, std::move(spec), options.max_problems));
  tables.back()->set_plain_rows(false);
  tables.back()->set_limits(options.max_field_bytes, options.max_line_bytes);
  return *tables.back();
}

/// The columns added to one contract table, read by each row's id.
void read_columns(Source& source, std::string_view table, const DataExtensions& ext, Dataset& ds,
                  const LoadOptions& options, std::vector<std::unique_ptr<Table>>& tables) {
  std::vector<std::size_t> mine;
  std::vector<ColumnSpec> spec{{"id", true}};
  for (std::size_t i = 0; i < ext.columns.size(); ++i) {
    if (ext.columns[i].table != table) continue;
    mine.push_back(i);
    spec.push_back({ext.columns[i].column.name, ext.columns[i].column.required});
  }
  if (mine.empty()) return;
  const IdSpace space = id_space(ds, table);
  const std::size_t rows = space.ids->size();
  std::vector<Collected> values;
  for (auto i : mine) values.push_back(sized(ext.columns[i].column, rows));
  Table& t = open_table(tables, source, table, std::move(spec), options);
  if (t.open()) {
    t.for_each_row([&] {
      const Index row = t.ref(0, *space.index, *space.ids, space.file);
      if (row == no_index) return;
      for (std::size_t j = 0; j < mine.size(); ++j)
        read_value(t, static_cast<int>(j + 1), ext.columns[mine[j]].column, values[j], row);
    });
    if (!t.check_utf8()) return;
  }
  for (std::size_t j = 0; j < mine.size(); ++j)
    ds.extensions.columns[mine[j]] = finish(std::move(values[j]), ext.columns[mine[j]].column, {});
}

/// A table of a plugin's own, its rows grouped by the row their key names (file order within).
void read_table(Source& source, const ExtensionTable& def, Dataset& ds, const LoadOptions& options,
                std::vector<std::unique_ptr<Table>>& tables, ExtensionRows& out) {
  const IdSpace space = id_space(ds, def.key_table);
  out.offsets.assign(space.ids->size() + 1, 0);
  std::vector<ColumnSpec> spec{{def.key_column, true}};
  for (const auto& c : def.columns) spec.push_back({c.name, c.required});
  if (!def.required && !source.has(def.name)) {
    out.columns.resize(def.columns.size());
    return;
  }
  Table& t = open_table(tables, source, def.name, std::move(spec), options);
  std::vector<std::uint32_t> keys;
  std::vector<Collected> values(def.columns.size());
  if (t.open()) {
    t.for_each_row([&] {
      const Index key = t.ref(0, *space.index, *space.ids, space.file);
      const std::size_t row = keys.size();
      keys.push_back(key);
      for (std::size_t j = 0; j < def.columns.size(); ++j) {
        values[j].numbers.push_back(none);
        if (def.columns[j].type == ValueType::text) values[j].texts.emplace_back();
        read_value(t, static_cast<int>(j + 1), def.columns[j], values[j], row);
      }
    });
    if (!t.check_utf8()) return;
    t.set_fingerprint(detail::Fingerprint::of(t.text()));
  }
  // A stable counting sort by key: linear, whatever order the rows came in.
  for (const auto k : keys)
    if (k != no_index) ++out.offsets[k + 1];
  for (std::size_t k = 1; k < out.offsets.size(); ++k) out.offsets[k] += out.offsets[k - 1];
  std::vector<std::uint32_t> order(out.offsets.back());
  std::vector<std::uint32_t> next(out.offsets.begin(), out.offsets.end() - 1);
  for (std::uint32_t r = 0; r < keys.size(); ++r)
    if (keys[r] != no_index) order[next[keys[r]]++] = r;
  out.key.reserve(order.size());
  for (const auto r : order) out.key.push_back(keys[r]);
  for (std::size_t j = 0; j < def.columns.size(); ++j)
    out.columns.push_back(finish(std::move(values[j]), def.columns[j], order));
}

}  // namespace

void read_extensions(Source& source, const DataExtensions& extensions, Dataset& ds,
                     const LoadOptions& options, std::vector<std::unique_ptr<Table>>& tables) {
  ds.extensions.columns.assign(extensions.columns.size(), {});
  ds.extensions.tables.assign(extensions.tables.size(), {});
  for (const auto table : extendable_tables) read_columns(source, table, extensions, ds, options, tables);
  for (std::size_t i = 0; i < extensions.tables.size(); ++i)
    read_table(source, extensions.tables[i], ds, options, tables, ds.extensions.tables[i]);
}

}  // namespace chibo::load
