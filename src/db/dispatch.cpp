// A dataset from wherever it is: a folder, an SQLite file, a PostgreSQL server.
#include <chibo/database.hpp>

#include <filesystem>

namespace chibo {

Dataset load_dataset(const std::string& location, const LoadOptions& options) {
  if (is_postgresql_url(location)) return load_postgresql(location, options);
  std::error_code ec;
  if (std::filesystem::is_regular_file(location, ec) && is_sqlite_file(location))
    return load_sqlite(location, options);
  return load_csv(location, options);
}

}  // namespace chibo
