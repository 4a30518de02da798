// A PostgreSQL database as a dataset source (each table streamed with COPY … TO STDOUT into
// the loader's CSV reader), and the import that fills one from a folder (COPY … FROM STDIN).
#include "../load/source.hpp"
#include "sql.hpp"

#include <chibo/database.hpp>

#include <fmt/format.h>
#include <libpq-fe.h>
#include <spdlog/spdlog.h>

#include <memory>

namespace chibo {

namespace fs = std::filesystem;

namespace {

struct Finish {
  void operator()(PGconn* c) const noexcept { PQfinish(c); }
};
struct Clear {
  void operator()(PGresult* r) const noexcept { PQclear(r); }
};
using Connection = std::unique_ptr<PGconn, Finish>;
using Result = std::unique_ptr<PGresult, Clear>;

/// The server's name for messages: host, port and database, never the password.
std::string where(PGconn* c) {
  const char* host = PQhost(c);
  return fmt::format("postgresql://{}:{}/{}", host && *host != '/' ? host : "localhost", PQport(c), PQdb(c));
}

[[noreturn]] void fail(PGconn* c, std::string_view doing) {
  std::string message = PQerrorMessage(c);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) message.pop_back();
  throw DatabaseError(fmt::format("{}: {}: {}", where(c), doing, message));
}

Connection connect(const std::string& connection) {
  Connection c(PQconnectdb(connection.c_str()));
  if (!c) throw DatabaseError("postgresql: out of memory");
  if (PQstatus(c.get()) != CONNECTION_OK) {
    std::string message = PQerrorMessage(c.get());
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw DatabaseError(fmt::format("cannot connect to the PostgreSQL server: {}", message));
  }
  return c;
}

Result run(PGconn* c, const std::string& sql, ExecStatusType expected = PGRES_COMMAND_OK) {
  Result r(PQexec(c, sql.c_str()));
  if (!r || PQresultStatus(r.get()) != expected) fail(c, fmt::format("`{}`", sql.substr(0, 80)));
  return r;
}

class PostgresSource final : public load::FetchingSource {
 public:
  // Every connection reads the one snapshot this one exports (as pg_dump -j does): the tables
  // agree with each other even while the application writes.
  explicit PostgresSource(const std::string& connection) : connection_(connection), c_(session(connection)) {
    Result r = run(c_.get(), "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SELECT pg_export_snapshot()",
                   PGRES_TUPLES_OK);
    snapshot_ = PQgetvalue(r.get(), 0, 0);
  }

  bool has(std::string_view name) override { return !columns_of(c_.get(), name).empty(); }
  std::string label(std::string_view name) const override {
    return fmt::format("{}:{}", PQdb(c_.get()), name);
  }
  std::string missing(std::string_view name) const override {
    return fmt::format("missing table (expected a table {} in the database)", name);
  }

 protected:
  // On a connection of its own: tables are fetched on several threads at once.
  std::optional<load::TableText> fetch(std::string_view name) override {
    Connection own = session(connection_);
    PGconn* c = own.get();
    run(c, fmt::format("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY; SET TRANSACTION SNAPSHOT '{}'",
                       snapshot_));
    const auto columns = columns_of(c, name);
    if (columns.empty()) return std::nullopt;
    std::vector<std::string> names;
    std::string select;
    for (const auto& [column, type] : columns) {
      names.push_back(column);
      if (!select.empty()) select += ", ";
      // A TIME prints seconds; the contract's times are HH:MM.
      if (type.starts_with("time"))
        select += fmt::format("to_char({0}, 'HH24:MI') AS {0}", db::sql_name(column));
      else
        select += db::sql_name(column);
    }
    const std::string sql = fmt::format("COPY (SELECT {} FROM {}) TO STDOUT WITH (FORMAT csv, HEADER true)",
                                        select, db::sql_name(name));
    run(c, sql, PGRES_COPY_OUT);
    auto text = std::make_shared<std::string>();
    while (true) {
      char* buffer = nullptr;
      const int n = PQgetCopyData(c, &buffer, 0);
      if (n > 0) {
        text->append(buffer, static_cast<std::size_t>(n));
        PQfreemem(buffer);
        continue;
      }
      if (n == -2) fail(c, fmt::format("cannot read table {}", name));
      break;
    }
    Result done(PQgetResult(c));
    if (!done || PQresultStatus(done.get()) != PGRES_COMMAND_OK)
      fail(c, fmt::format("cannot read table {}", name));
    while (Result more{PQgetResult(c)}) {
    }
    return db::table_text(std::move(text), name);
  }

 private:
  /// A connection set up for reading: ISO dates, UTF-8, every float's digits; a table read in
  /// the order the server stores its rows (as they were written, unless updated since): one
  /// scan from the start, not shared with another's, and not in parallel.
  static Connection session(const std::string& connection) {
    Connection c = connect(connection);
    run(c.get(),
        "SET DateStyle = ISO; SET client_encoding = 'UTF8'; SET extra_float_digits = 1; "
        "SET synchronize_seqscans = off; SET max_parallel_workers_per_gather = 0");
    return c;
  }

  static std::vector<std::pair<std::string, std::string>> columns_of(PGconn* c, std::string_view table) {
    const std::string name(table);
    const char* values[] = {name.c_str()};
    Result r(
        PQexecParams(c,
                     "SELECT column_name, data_type FROM information_schema.columns "
                     "WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
                     1, nullptr, values, nullptr, nullptr, 0));
    if (!r || PQresultStatus(r.get()) != PGRES_TUPLES_OK) fail(c, "cannot list the tables' columns");
    std::vector<std::pair<std::string, std::string>> out;
    for (int i = 0; i < PQntuples(r.get()); ++i)
      out.emplace_back(PQgetvalue(r.get(), i, 0), PQgetvalue(r.get(), i, 1));
    return out;
  }

  std::string connection_;
  Connection c_;
  std::string snapshot_;
};

}  // namespace

bool is_postgresql_url(std::string_view location) noexcept {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Dataset load_postgresql(const std::string& connection, const LoadOptions& options) {
  PostgresSource source(connection);
  spdlog::debug("loading dataset from PostgreSQL");
  return load::load_from(source, options);
}

ImportCounts import_postgresql(const fs::path& folder, const std::string& connection,
                               const ImportOptions& options) {
  db::check_folder(folder, options.threads);

  Connection c = connect(connection);
  PGconn* pg = c.get();
  run(pg, "SET client_encoding = 'UTF8'; SET client_min_messages = warning; BEGIN");
  const auto order = db::tables_in_dependency_order();
  if (options.replace)
    for (auto t = order.rbegin(); t != order.rend(); ++t)
      run(pg, fmt::format("DROP TABLE IF EXISTS {} CASCADE", db::sql_name((*t)->name)));
  // The tables first; their references and indexes once the rows are in (checked in bulk).
  const std::string ddl = schema_sql(SqlDialect::postgresql);
  const auto after_tables = std::min(ddl.find("\nALTER TABLE"), ddl.find("\nCREATE INDEX"));
  run(pg, ddl.substr(0, after_tables));
  ImportCounts counts(schema::tables().size(), 0);
  for (const auto* t : order) {
    std::string names;
    for (const auto& col : t->columns) names += (names.empty() ? "" : ", ") + db::sql_name(col.name);
    run(pg, fmt::format("COPY {} ({}) FROM STDIN WITH (FORMAT csv)", db::sql_name(t->name), names),
        PGRES_COPY_IN);
    std::string buffer;
    const auto flush = [&] {
      if (PQputCopyData(pg, buffer.data(), static_cast<int>(buffer.size())) != 1)
        fail(pg, "cannot send rows");
      buffer.clear();
    };
    const auto position = static_cast<std::size_t>(t - schema::tables().data());
    db::for_each_file_record(folder, *t, [&](const std::vector<std::string_view>& values) {
      for (std::size_t k = 0; k < values.size(); ++k) {
        if (k) buffer += ',';
        // Empty is NULL unquoted; a quoted empty text would be an empty string.
        if (!values[k].empty()) {
          buffer += '"';
          for (const char ch : values[k]) {
            if (ch == '"') buffer += '"';
            buffer += ch;
          }
          buffer += '"';
        }
      }
      buffer += '\n';
      ++counts[position];
      if (buffer.size() > (1u << 20)) flush();
    });
    if (!buffer.empty()) flush();
    if (PQputCopyEnd(pg, nullptr) != 1) fail(pg, fmt::format("cannot end the rows of {}", t->name));
    Result r(PQgetResult(pg));
    if (!r || PQresultStatus(r.get()) != PGRES_COMMAND_OK)
      fail(pg, fmt::format("cannot copy into {}", t->name));
    while (Result more{PQgetResult(pg)}) {
    }
  }
  if (after_tables != std::string::npos) run(pg, ddl.substr(after_tables));
  run(pg, "COMMIT");
  spdlog::debug("imported {} into PostgreSQL", folder.string());
  return counts;
}

}  // namespace chibo
