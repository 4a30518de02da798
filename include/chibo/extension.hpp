// Data a plugin adds to the contract: columns on existing tables and tables of its own, declared
// at run time and read by the loader like the contract's own (docs/plugins.md).
#pragma once

#include <chibo/enums.hpp>
#include <chibo/strings.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chibo {

/// One column of an extension: its name in the CSV header, its type and what it may hold.
struct ColumnDef {
  std::string name;
  ValueType type = ValueType::text;
  bool required = false;           ///< an empty field is an error (the header must name it too)
  std::vector<std::string> codes;  ///< the allowed values of a `code` column
  std::string description;
};

/// A column added to a table of the contract (a cột bổ sung), e.g. members.ehandbook_active.
struct ExtensionColumn {
  std::string table;  ///< one of extendable_tables
  ColumnDef column;
  int plugin = -1;  ///< position in Registry::plugins()
};

/// A table of its own (`NAME.csv` in the dataset folder) whose rows each name a row of a
/// contract table by id.
struct ExtensionTable {
  std::string name;
  std::string key_column;  ///< the column holding the id, e.g. cell_id
  std::string key_table;   ///< one of extendable_tables
  bool required = true;    ///< false: a missing file is an empty table
  std::vector<ColumnDef> columns;
  std::string description;
  int plugin = -1;
};

/// Tables of the contract whose rows have ids, so that extensions can name them.
inline constexpr std::array<std::string_view, 5> extendable_tables{"org_units", "members", "cadres",
                                                                   "meetings", "briefings"};

/// Every extension the loaded plugins declared, in the order they were declared.
struct DataExtensions {
  std::vector<ExtensionColumn> columns;
  std::vector<ExtensionTable> tables;
  bool empty() const noexcept { return columns.empty() && tables.empty(); }
};

/// Values of one extension column, one per row. `numbers` holds integers, numbers, booleans
/// (1 yes, 0 no), dates (days since 1970-01-01) and codes (position in ColumnDef::codes), NaN
/// where not recorded; a text column holds `text` instead.
struct ExtensionValues {
  std::vector<double> numbers;
  StringColumn text;
};

/// The rows of an extension table, grouped by the row their key names (file order within).
struct ExtensionRows {
  std::vector<std::uint32_t> key;         ///< row of the key table
  std::vector<std::uint32_t> offsets{0};  ///< rows of key row k: [offsets[k], offsets[k+1])
  std::vector<ExtensionValues> columns;   ///< aligned with ExtensionTable::columns
  std::size_t size() const noexcept { return key.size(); }
};

/// What a dataset holds for the extensions it was loaded with (aligned with DataExtensions).
struct ExtensionData {
  std::vector<ExtensionValues> columns;
  std::vector<ExtensionRows> tables;
};

}  // namespace chibo
