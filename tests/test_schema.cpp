// The tables' schemas drive the loader: every declaration is honoured, and the lists derived
// from them agree with the library's other names for the same things.
#include <chibo/chibo.hpp>

#include "../src/csv.hpp"
#include "files.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <sstream>

using namespace chibo;
using chibo::test::read_file;
using chibo::test::write_file;
namespace fs = std::filesystem;

namespace {

/// The file without column `name`: its header name and every row's field at that position.
std::string without_column(const std::string& csv, std::string_view name) {
  csv::Reader reader(csv);
  std::vector<csv::Field> fields;
  std::string out;
  std::size_t drop = SIZE_MAX;
  for (bool header = true; reader.next(fields) == csv::Reader::Status::record; header = false) {
    std::string line;
    bool first = true;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (header && fields[i].text == name) drop = i;
      if (i == drop) continue;
      if (!first) line += ',';
      first = false;
      std::string text(fields[i].text);
      if (text.find_first_of(",\"\n\r") != std::string::npos) {
        std::string quoted = "\"";
        for (const char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        text = quoted + "\"";
      }
      line += text;
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("the schemas list the data contract's tables once", "[schema]") {
  const auto tables = schema::tables();
  const auto names = Dataset::table_names();
  REQUIRE(tables.size() == names.size());
  std::vector<std::string_view> with_ids;
  for (std::size_t i = 0; i < tables.size(); ++i) {
    CHECK(tables[i].name == names[i]);
    CHECK(schema::find_table(names[i]) == &tables[i]);
    CHECK_FALSE(tables[i].columns.empty());
    if (tables[i].ids != schema::Space::none) {
      with_ids.push_back(tables[i].name);
      CHECK(tables[i].columns[0].name == "id");
      CHECK(tables[i].columns[0].type == schema::Type::id);
    }
    for (const auto& c : tables[i].columns) {
      CHECK((c.type == schema::Type::reference) == (c.names != schema::Space::none));
      CHECK((c.type == schema::Type::code || c.type == schema::Type::code_list) == !c.codes.empty());
    }
  }
  // Plugins may extend exactly the tables whose rows have ids.
  CHECK(with_ids == std::vector<std::string_view>(extendable_tables.begin(), extendable_tables.end()));
  CHECK(schema::find_table("no_such_table") == nullptr);
}

TEST_CASE("every required column of every schema is required by the loader", "[schema][load]") {
  const fs::path base = chibo::test::scratch_root() / "schema";
  fs::remove_all(base);
  GenerateOptions o;
  o.preset = Preset::commune;
  o.seed = 3;
  write_generated(o, base / "clean");
  {  // the generated commune has no history: one row, so that each of its columns is tried
    const Dataset ds = load_csv(base / "clean");
    const Index cell = ds.tree().cells_below(0).front();
    write_file(base / "clean" / "org_history.csv",
               "unit_id,parent_id,from,to\n" + std::string(ds.org_units.id[cell]) + "," +
                   std::string(ds.org_units.id[ds.org_units.parent[cell]]) + ",2020-01-01,\n");
  }
  REQUIRE_NOTHROW(load_csv(base / "clean"));
  std::size_t checked = 0;
  for (const auto& table : schema::tables()) {
    for (const auto& column : table.columns) {
      const fs::path dir = base / (std::string(table.name) + "-" + std::string(column.name));
      fs::copy(base / "clean", dir);
      const fs::path file = dir / (std::string(table.name) + ".csv");
      write_file(file, without_column(read_file(file), column.name));
      INFO(table.name << "." << column.name);
      if (column.required) {
        try {
          load_csv(dir);
          FAIL("a table without a required column was accepted");
        } catch (const InputError& e) {
          REQUIRE_FALSE(e.problems().empty());
          CHECK(e.problems()[0].file == file.filename().string());
          CHECK(e.problems()[0].message ==
                "header: missing required column \"" + std::string(column.name) + "\"");
        }
        ++checked;
      } else {  // an optional column may be left out
        CHECK_NOTHROW(load_csv(dir));
      }
      fs::remove_all(dir);
    }
  }
  CHECK(checked >= 40);
  fs::remove_all(base);
}
