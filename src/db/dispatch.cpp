// A dataset from wherever it is: a folder, an SQLite file, a PostgreSQL server.
#include <chibo/database.hpp>

#include <filesystem>

namespace chibo {

Dataset load_dataset(const std::string& location, const LoadOptions& options) {
  if (is_postgresql_url(location)) return load_postgresql(location, options);
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_regular_file(location, ec))
    return load_sqlite(location, options);  // which says if it is not one
  if (!fs::exists(location, ec))
    throw InputError(
        {Diagnostic{location, 0, 0, "expected a dataset folder, an SQLite file or a postgresql:// URL", {}}});
  return load_csv(location, options);
}

}  // namespace chibo
