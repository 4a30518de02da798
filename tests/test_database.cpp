// Datasets in databases: an SQLite file made by `import`, and a real PostgreSQL server started
// for the tests (tests/db/postgres.sh), read with the checks of a folder and scored the same.
#include <chibo/database.hpp>
#include <chibo/report.hpp>

#include "files.hpp"

#include <libpq-fe.h>
#include <sqlite3.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace chibo;
namespace fs = std::filesystem;

namespace {

const fs::path sample = fs::path(CHIBO_TEST_DATA) / "sample-2025" / "dataset";

fs::path scratch(const std::string& name) {
  const fs::path dir = chibo::test::scratch_root() / "db";
  fs::create_directories(dir);
  fs::remove_all(dir / name);
  return dir / name;
}

/// Every output of a report as one text: the summary, the JSON and the CSV tables.
std::string outputs(const Dataset& ds, const fs::path& csv_dir) {
  const Policy policy = Policy::builtin();
  const Report r = score(ds, Period::year(2025), policy);
  std::ostringstream text, json;
  write_summary(text, r);
  write_json(json, r);
  text << test::without_provenance(json.str());
  write_csv(csv_dir, r);
  for (const auto* name : {"units.csv", "meetings.csv", "findings.csv", "rules.csv"})
    text << test::read_file(csv_dir / name);
  return text.str();
}

void sql(const fs::path& file, const std::string& statement) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open(file.c_str(), &db) == SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, statement.c_str(), nullptr, nullptr, &error);
  const std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  INFO(message);
  REQUIRE(rc == SQLITE_OK);
}

std::vector<Diagnostic> problems_of(const std::function<Dataset()>& load) {
  try {
    load();
  } catch (const InputError& e) {
    return e.problems();
  }
  FAIL("the dataset was accepted");
  return {};
}

/// The URL of the server tests/db/postgres.sh started, or empty (then the test says so).
std::string postgres_url() {
  std::ifstream in(CHIBO_PG_STATE);
  std::string url;
  std::getline(in, url);
  if (url.empty()) WARN("skipped: no PostgreSQL server was started (tests/db/postgres.sh)");
  return url;
}

void psql(const std::string& url, const std::string& statement) {
  PGconn* c = PQconnectdb(url.c_str());
  REQUIRE(PQstatus(c) == CONNECTION_OK);
  PGresult* r = PQexec(c, statement.c_str());
  const auto status = PQresultStatus(r);
  INFO(PQerrorMessage(c));
  PQclear(r);
  PQfinish(c);
  REQUIRE(status == PGRES_COMMAND_OK);
}

}  // namespace

TEST_CASE("the SQL schema has every table and column of the contract, each after what it names",
          "[database]") {
  for (const auto dialect : {SqlDialect::sqlite, SqlDialect::postgresql}) {
    const std::string ddl = schema_sql(dialect);
    std::size_t last = 0;
    for (const auto& t : schema::tables()) {
      const auto at = ddl.find("CREATE TABLE \"" + std::string(t.name) + "\" (");
      REQUIRE(at != std::string::npos);
      for (const auto& c : t.columns) {
        const auto end = ddl.find(");", at);
        CHECK(ddl.substr(at, end - at).find("\"" + std::string(c.name) + "\" ") != std::string::npos);
      }
      last = std::max(last, at);
    }
    // Meetings name org units and members: created after both.
    CHECK(ddl.find("CREATE TABLE \"meetings\"") > ddl.find("CREATE TABLE \"members\""));
    CHECK(ddl.find("CREATE TABLE \"attendance\"") > ddl.find("CREATE TABLE \"meetings\""));
    CHECK(ddl.find("\"id\" TEXT PRIMARY KEY") != std::string::npos);
    CHECK(ddl.find("CREATE INDEX \"attendance_meeting_id\"") != std::string::npos);
  }
  CHECK(schema_sql(SqlDialect::postgresql)
            .find("ALTER TABLE \"attendance\" ADD FOREIGN KEY (\"member_id\") REFERENCES \"members\" "
                  "(\"id\");") != std::string::npos);
  CHECK(schema_sql(SqlDialect::sqlite).find("\"cell_id\" TEXT NOT NULL REFERENCES \"org_units\" (\"id\")") !=
        std::string::npos);
  CHECK(schema_sql(SqlDialect::postgresql).find("\"date\" DATE NOT NULL") != std::string::npos);
  CHECK(schema_sql(SqlDialect::sqlite).find("\"date\" TEXT NOT NULL") != std::string::npos);
  // The SQLite DDL is accepted by SQLite itself.
  const fs::path file = scratch("ddl.sqlite");
  sql(file, schema_sql(SqlDialect::sqlite));
}

TEST_CASE("a folder imported into SQLite scores to the same bytes as the folder", "[database]") {
  const fs::path file = scratch("sample.sqlite");
  const ImportCounts counts = import_sqlite(sample, file);
  const Dataset from_folder = load_csv(sample);
  CHECK(counts == from_folder.row_counts());
  const Dataset from_sqlite = load_sqlite(file);
  CHECK(from_sqlite.row_counts() == from_folder.row_counts());
  CHECK(outputs(from_sqlite, scratch("csv-sqlite")) == outputs(from_folder, scratch("csv-folder")));
  CHECK(load_dataset(file.string()).row_counts() == from_folder.row_counts());
  // Each table is recorded by where it was read, with the fingerprint of its rows as read, the
  // same each time. (The database has every table; the folder leaves org_history out.)
  REQUIRE(from_sqlite.inputs.size() == Dataset::table_names().size());
  for (const InputTable& t : from_sqlite.inputs) {
    CHECK(t.source == "sample.sqlite:" + t.name);
    CHECK(t.xxh128.size() == 32);
    const auto f = std::find_if(from_folder.inputs.begin(), from_folder.inputs.end(),
                                [&](const InputTable& i) { return i.name == t.name; });
    CHECK(t.rows == (f == from_folder.inputs.end() ? 0 : f->rows));
  }
  CHECK(load_sqlite(file).inputs == from_sqlite.inputs);

  SECTION("an existing file is not replaced unless asked") {
    CHECK_THROWS_AS(import_sqlite(sample, file), DatabaseError);
    ImportOptions replace;
    replace.replace = true;
    CHECK(import_sqlite(sample, file, replace) == counts);
  }
}

TEST_CASE("a damaged row in SQLite is named by table, row key and column, as in a CSV file", "[database]") {
  const fs::path file = scratch("damaged.sqlite");
  import_sqlite(sample, file);
  const Dataset ds = load_csv(sample);
  const std::string meeting(ds.meetings.id[ds.attendance.meeting[0]]);
  const std::string member(ds.members.id[ds.attendance.member[0]]);
  sql(file, "UPDATE attendance SET status = 'co mat' WHERE meeting_id = '" + meeting + "' AND member_id = '" +
                member + "'");
  const auto found = problems_of([&] { return load_sqlite(file); });
  REQUIRE(found.size() == 1);
  CHECK(found[0].file == "damaged.sqlite:attendance");
  CHECK(found[0].row_key == "meeting_id=" + meeting + ", member_id=" + member);
  CHECK(found[0].message == "status: expected one of present, late, excused, absent; got \"co mat\"");
  CHECK(found[0].to_string() ==
        "damaged.sqlite:attendance[meeting_id=" + meeting + ", member_id=" + member +
            "]: status: expected one of present, late, excused, absent; got \"co mat\"");

  SECTION("a missing table, and a file that is no database") {
    sql(file, "DROP TABLE meetings");
    const auto missing = problems_of([&] { return load_sqlite(file); });
    REQUIRE_FALSE(missing.empty());
    CHECK(missing[0].to_string() ==
          "damaged.sqlite:meetings: missing table (expected a table meetings in the database)");
    const fs::path text = scratch("text.sqlite");
    test::write_file(text, "id,name\n");
    const auto not_db = problems_of([&] { return load_sqlite(text); });
    CHECK(not_db.at(0).message == "expected an SQLite database file (or a dataset folder)");
  }
}

TEST_CASE("a rejected folder imports nothing", "[database]") {
  const fs::path folder = scratch("bad-folder");
  fs::copy(sample, folder);
  std::string meetings = test::read_file(folder / "meetings.csv");
  meetings += "X-BAD,nowhere,regular,2025-13-01,,,,,,,,,,,,,,,,,,,\n";
  test::write_file(folder / "meetings.csv", meetings);
  const fs::path file = scratch("never.sqlite");
  CHECK_THROWS_AS(import_sqlite(folder, file), InputError);
  CHECK_FALSE(fs::exists(file));
  CHECK_FALSE(fs::exists(file.string() + ".partial"));
}

TEST_CASE("a folder copied into a real PostgreSQL server scores to the same bytes",
          "[database][postgresql]") {
  const std::string url = postgres_url();
  if (url.empty()) return;
  ImportOptions replace;
  replace.replace = true;
  const ImportCounts counts = import_postgresql(sample, url, replace);
  const Dataset from_folder = load_csv(sample);
  CHECK(counts == from_folder.row_counts());
  const Dataset from_server = load_postgresql(url);
  CHECK(outputs(from_server, scratch("csv-pg")) == outputs(from_folder, scratch("csv-folder-pg")));
  CHECK(load_dataset(url).row_counts() == from_folder.row_counts());

  SECTION("a damaged row is named by table, row key and column") {
    const std::string meeting(from_folder.meetings.id[0]);
    psql(url, "UPDATE meetings SET kind = 'hop chi bo' WHERE id = '" + meeting + "'");
    const auto found = problems_of([&] { return load_postgresql(url); });
    REQUIRE(found.size() == 1);
    CHECK(found[0].file == "postgres:meetings");
    CHECK(found[0].row_key == "id=" + meeting);
    CHECK(found[0].message.starts_with("kind: expected one of "));
    CHECK(found[0].message.ends_with("; got \"hop chi bo\""));
  }
  SECTION("a server that is not there is a DatabaseError, not a crash") {
    CHECK_THROWS_AS(load_postgresql("postgresql:///postgres?host=/nonexistent&port=1"), DatabaseError);
  }
}
