// Datasets kept in databases: the data contract's tables in an SQLite file or on a PostgreSQL
// server, read with the same checks as a folder of CSV files (docs/database.md).
#pragma once

#include <chibo/dataset.hpp>
#include <chibo/load.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chibo {

enum class SqlDialect : std::uint8_t { sqlite, postgresql };

/// The DDL of the data contract (docs/data.md) in a dialect: one table per file, columns typed,
/// required columns NOT NULL, `id` the primary key, references as foreign keys (for PostgreSQL
/// added after the tables, so that rows load in any order), an index on each reference. Tables
/// come in an order where every table follows the tables it names.
std::string schema_sql(SqlDialect dialect);

/// Reads a dataset from an SQLite file holding the contract's tables (columns in any order;
/// columns it adds are ignored unless a plugin declares them), with the checks of a folder.
/// Rows are read in the order they were written (rowid), so an imported folder gives the same
/// report, byte for byte. Problems are named `FILE:table[key]`. Throws InputError when
/// rejected, DatabaseError when the file cannot be read.
Dataset load_sqlite(const std::filesystem::path& file, const LoadOptions& options = {});

/// Reads a dataset from a PostgreSQL server (a libpq connection string or postgresql:// URL),
/// each table streamed with COPY into the same reader as a CSV file, its rows in the order the
/// server stores them (as written, unless updated since).
Dataset load_postgresql(const std::string& connection, const LoadOptions& options = {});

/// Whether a location names a PostgreSQL server (postgresql:// or postgres://) rather than a
/// path.
bool is_postgresql_url(std::string_view location) noexcept;
/// Whether a file is an SQLite database (by its header).
bool is_sqlite_file(const std::filesystem::path& file) noexcept;

/// Reads a dataset from wherever it is: a folder of CSV files, an SQLite file or a PostgreSQL
/// URL.
Dataset load_dataset(const std::string& location, const LoadOptions& options = {});

/// A dataset's tables handed over in memory by an application, column by column, each value
/// as text in the contract's formats (nullopt: not recorded).
class MemoryTables {
 public:
  using Values = std::vector<std::optional<std::string>>;
  /// Sets (or replaces) one column of a table.
  void set_column(const std::string& table, const std::string& column, Values values);
  /// The columns of a table, in the order they were first set; null for a table not given.
  const std::vector<std::pair<std::string, Values>>* table(std::string_view name) const;

 private:
  std::map<std::string, std::vector<std::pair<std::string, Values>>, std::less<>> tables_;
};
/// Reads a dataset from tables in memory with the checks of a folder: a problem is named
/// `table[key]` (InputError), a column of another length than its table's is a problem too.
Dataset load_memory(const MemoryTables& tables, const LoadOptions& options = {});

struct ImportOptions {
  /// Replace an existing SQLite file (otherwise it is an error); on PostgreSQL, drop the
  /// contract's tables first.
  bool replace = false;
  unsigned threads = 0;  ///< for the validation that comes first
};
/// Row counts written, per table of the contract (in the order of Dataset::table_names()).
using ImportCounts = std::vector<std::size_t>;

/// Checks a dataset folder as load_csv does (a rejected one imports nothing: InputError), then
/// writes its tables, in file order, into a new SQLite file created whole under a temporary
/// name and renamed.
ImportCounts import_sqlite(const std::filesystem::path& folder, const std::filesystem::path& file,
                           const ImportOptions& options = {});
/// The same into a PostgreSQL database, in one transaction (COPY … FROM STDIN).
ImportCounts import_postgresql(const std::filesystem::path& folder, const std::string& connection,
                               const ImportOptions& options = {});

/// A database that could not be opened, read or written: its message names the database and
/// what the server or the library said. Not a problem in the data (that is InputError).
class DatabaseError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace chibo
