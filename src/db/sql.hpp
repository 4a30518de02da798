// What the database sources and imports share: names, keys and order of the contract's tables
// in SQL, and CSV text written from a database's values (internal).
#pragma once

#include <chibo/database.hpp>
#include <chibo/schema.hpp>

#include "../load/source.hpp"

#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace chibo::db {

/// An identifier quoted for SQL (both dialects): `from` and `to` are columns of the contract.
std::string sql_name(std::string_view name);

/// The columns that name a row in problems: `id`, or else the table's references.
std::vector<std::string> key_columns(const schema::TableInfo& table);

/// The contract's tables, each after the tables it names.
std::vector<const schema::TableInfo*> tables_in_dependency_order();

/// The table whose ids a reference names.
std::string_view table_of(schema::Space space) noexcept;

/// A database's table as the loader takes it: its CSV text, problems named by the table's key.
load::TableText table_text(std::shared_ptr<std::string> csv, std::string_view table);

/// Loads a folder with every check before an import writes anything of it: a rejected one
/// throws InputError and nothing is written.
void check_folder(const std::filesystem::path& folder, unsigned threads);

/// The records of a contract table's file in a folder, each as the text of the contract's
/// columns (empty where the file lacks the column); extra columns are left out. For a folder
/// that load_csv accepted.
void for_each_file_record(const std::filesystem::path& folder, const schema::TableInfo& table,
                          const std::function<void(const std::vector<std::string_view>&)>& f);

}  // namespace chibo::db
