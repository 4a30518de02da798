// An SQLite file as a dataset source, and the import that writes one from a folder.
#include "../load/source.hpp"
#include "../text_out.hpp"
#include "sql.hpp"

#include <chibo/database.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <sqlite3.h>

#include <charconv>
#include <fstream>
#include <memory>

namespace chibo {

namespace fs = std::filesystem;

namespace {

struct CloseDb {
  void operator()(sqlite3* db) const noexcept { sqlite3_close(db); }
};
struct Finalize {
  void operator()(sqlite3_stmt* s) const noexcept { sqlite3_finalize(s); }
};
using Db = std::unique_ptr<sqlite3, CloseDb>;
using Statement = std::unique_ptr<sqlite3_stmt, Finalize>;

[[noreturn]] void fail(sqlite3* db, const fs::path& file, std::string_view doing) {
  throw DatabaseError(
      fmt::format("{}: {}: {}", file.string(), doing, db ? sqlite3_errmsg(db) : "out of memory"));
}

Db open(const fs::path& file, int flags) {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(file.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) fail(db.get(), file, "cannot open the database");
  return db;
}

Statement prepare(sqlite3* db, const fs::path& file, const std::string& sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, sql.c_str(), static_cast<int>(sql.size()), &raw, nullptr) != SQLITE_OK)
    fail(db, file, fmt::format("cannot run `{}`", sql));
  return Statement(raw);
}

void exec(sqlite3* db, const fs::path& file, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    const std::string message = error ? error : "unknown error";
    sqlite3_free(error);
    throw DatabaseError(fmt::format("{}: {}", file.string(), message));
  }
}

/// Each table read with one query, its values written as CSV text for the loader.
class SqliteSource final : public load::FetchingSource {
 public:
  explicit SqliteSource(const fs::path& file) : file_(file), db_(open(file, SQLITE_OPEN_READONLY)) {}

  bool has(std::string_view name) override { return !columns_of(db_.get(), name).empty(); }
  std::string label(std::string_view name) const override {
    return fmt::format("{}:{}", file_.filename().string(), name);
  }
  std::string missing(std::string_view name) const override {
    return fmt::format("missing table (expected a table {} in the database)", name);
  }

 protected:
  // On a connection of its own: tables are fetched on several threads at once.
  std::optional<load::TableText> fetch(std::string_view name) override {
    Db db = open(file_, SQLITE_OPEN_READONLY);
    const auto columns = columns_of(db.get(), name);
    if (columns.empty()) return std::nullopt;
    std::string select;
    for (const auto& c : columns) select += (select.empty() ? "" : ", ") + db::sql_name(c);
    // Rows in the file's own order (rowid: as they were written), so that an imported folder
    // scores to the same bytes as the folder; a table without rowid is in its key's order.
    const std::string sql = fmt::format("SELECT {} FROM {}", select, db::sql_name(name));
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v2(db_.get(), (sql + " ORDER BY rowid").c_str(), -1, &raw, nullptr) != SQLITE_OK)
      raw = nullptr;
    Statement st(raw ? raw : prepare(db_.get(), file_, sql).release());
    auto text = std::make_shared<std::string>();
    for (std::size_t c = 0; c < columns.size(); ++c) {
      if (c) *text += ',';
      detail::append_csv(*text, columns[c]);
    }
    *text += '\n';
    const int n = static_cast<int>(columns.size());
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(st.get())) == SQLITE_ROW) {
      for (int c = 0; c < n; ++c) {
        if (c) *text += ',';
        switch (sqlite3_column_type(st.get(), c)) {
          case SQLITE_NULL:
            break;
          case SQLITE_INTEGER: {
            char buf[24];
            const auto r = std::to_chars(buf, buf + sizeof buf, sqlite3_column_int64(st.get(), c));
            text->append(buf, r.ptr);
            break;
          }
          default: {
            const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st.get(), c));
            detail::append_csv(
                *text,
                std::string_view(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(st.get(), c))));
          }
        }
      }
      *text += '\n';
    }
    if (rc != SQLITE_DONE) fail(db.get(), file_, fmt::format("cannot read table {}", name));
    return db::table_text(std::move(text), name);
  }

 private:
  std::vector<std::string> columns_of(sqlite3* db, std::string_view table) {
    Statement st = prepare(db, file_, fmt::format("PRAGMA table_info({})", db::sql_name(table)));
    std::vector<std::string> out;
    while (sqlite3_step(st.get()) == SQLITE_ROW)
      out.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(st.get(), 1)));
    return out;
  }

  fs::path file_;
  Db db_;
};

}  // namespace

bool is_sqlite_file(const fs::path& file) noexcept {
  std::ifstream in(file, std::ios::binary);
  char magic[16] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == sizeof magic &&
         std::string_view(magic, sizeof magic) == std::string_view("SQLite format 3\0", 16);
}

Dataset load_sqlite(const fs::path& file, const LoadOptions& options) {
  std::error_code ec;
  if (!fs::is_regular_file(file, ec) || !is_sqlite_file(file))
    throw InputError(
        {Diagnostic{file.string(), 0, 0, "expected an SQLite database file (or a dataset folder)", {}}});
  spdlog::debug("loading dataset from the SQLite file {}", file.string());
  SqliteSource source(file);
  return load::load_from(source, options);
}

ImportCounts import_sqlite(const fs::path& folder, const fs::path& file, const ImportOptions& options) {
  std::error_code ec;
  if (fs::exists(file, ec) && !options.replace)
    throw DatabaseError(fmt::format(
        "{}: the file exists (import writes a new database; --replace replaces it)", file.string()));
  db::check_folder(folder, options.threads);

  // Written whole under another name, then renamed: a failed import leaves no half database.
  const fs::path partial = file.string() + ".partial";
  fs::remove(partial, ec);
  ImportCounts counts(schema::tables().size(), 0);
  {
    Db db = open(partial, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
    exec(db.get(), partial, "PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; BEGIN");
    const std::string ddl = schema_sql(SqlDialect::sqlite);
    const auto index_start = ddl.find("\nCREATE INDEX");
    exec(db.get(), partial, ddl.substr(0, index_start));
    for (const auto* t : db::tables_in_dependency_order()) {
      std::string names, marks;
      for (const auto& c : t->columns) {
        names += (names.empty() ? "" : ", ") + db::sql_name(c.name);
        marks += marks.empty() ? "?" : ", ?";
      }
      Statement st =
          prepare(db.get(), partial,
                  fmt::format("INSERT INTO {} ({}) VALUES ({})", db::sql_name(t->name), names, marks));
      const auto position = static_cast<std::size_t>(t - schema::tables().data());
      db::for_each_file_record(folder, *t, [&](const std::vector<std::string_view>& values) {
        sqlite3_reset(st.get());
        for (std::size_t c = 0; c < values.size(); ++c) {
          const int at = static_cast<int>(c) + 1;
          const std::string_view v = values[c];
          std::int64_t whole = 0;
          if (v.empty()) {
            sqlite3_bind_null(st.get(), at);
          } else if (t->columns[c].type == schema::Type::integer &&
                     std::from_chars(v.data(), v.data() + v.size(), whole).ec == std::errc()) {
            sqlite3_bind_int64(st.get(), at, whole);
          } else {
            sqlite3_bind_text(st.get(), at, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
          }
        }
        if (sqlite3_step(st.get()) != SQLITE_DONE)
          fail(db.get(), partial, fmt::format("cannot insert into {}", t->name));
        ++counts[position];
      });
    }
    if (index_start != std::string::npos) exec(db.get(), partial, ddl.substr(index_start));
    exec(db.get(), partial, "COMMIT");
  }
  fs::rename(partial, file);
  spdlog::debug("imported {} into {}", folder.string(), file.string());
  return counts;
}

}  // namespace chibo
