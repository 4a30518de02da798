// The loader's plain path (LoadOptions::plain_rows) reads the common records of the large
// tables straight into their columns and leaves every other record to the general reader. It
// must never change what is loaded or what is reported: each test here loads the same folder
// with the plain path on and off (and on, cut into small parts on three threads) and demands
// the same tables, column by column, or the same problems.
#include <chibo/chibo.hpp>

#include "../src/tables.hpp"
#include "files.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <regex>
#include <sstream>

using namespace chibo;
using chibo::test::read_file;
using chibo::test::write_file;
namespace fs = std::filesystem;

namespace {

void put(std::ostream& o, const StringColumn& c, std::size_t r) {
  o << '[' << c[r] << ']';
}
void put(std::ostream& o, const std::vector<Date>& c, std::size_t r) {
  o << (c[r].is_special() ? std::string("-") : format_date(c[r]));
}
template <class T>
void put(std::ostream& o, const std::vector<std::optional<T>>& c, std::size_t r) {
  o << (c[r] ? static_cast<long long>(*c[r]) : -1);
}
void put(std::ostream& o, const std::vector<float>& c, std::size_t r) {
  o << c[r];
}
template <class T>
void put(std::ostream& o, const std::vector<T>& c, std::size_t r) {
  o << static_cast<long long>(c[r]);
}
/// Which text a load keeps (LoadOptions::keep_names, keep_free_text), or a dump shows.
struct Keep {
  bool names = true, free_text = true;
};
/// Every table as text, a line a row, every column its schema declares: two loads are equal
/// when their dumps are. Text a dump does not show prints as empty strings (and sparse reasons
/// as none): what a load that does not keep it must print.
std::string dump(const Dataset& d, Keep shown = {}) {
  std::ostringstream o;
  tables::for_each(d, [&](const auto& rows) {
    const auto s = std::decay_t<decltype(rows)>::schema();
    o << s.name << ' ' << rows.size() << '\n';
    schema::for_each_column(s, [&](const auto& c, std::size_t) {
      const schema::ColumnInfo info = schema::info(c);
      const bool hidden = (info.type == schema::Type::name && !shown.names) ||
                          (info.type == schema::Type::free_text && !shown.free_text);
      o << c.name << ':';
      if constexpr (requires { c.kind.rows; }) {  // sparse: (row, text) pairs
        const auto& at = rows.*c.kind.rows;
        for (std::size_t k = 0; k < at.size() && !hidden; ++k)
          o << at[k] << '=' << (rows.*c.member)[k] << ';';
      } else {
        for (std::size_t r = 0; r < rows.size(); ++r) {
          if (hidden)
            o << "[]";
          else
            put(o, rows.*c.member, r);
          o << ',';
        }
      }
      o << '\n';
    });
  });
  return o.str();
}

/// What loading a folder gives: its problems as text, or the dump of its tables.
std::string outcome(const fs::path& dir, bool plain, bool parts = false, Keep keep = {}, Keep shown = {}) {
  LoadOptions o;
  o.plain_rows = plain;
  o.keep_names = keep.names;
  o.keep_free_text = keep.free_text;
  if (parts) {
    o.part_bytes = 700;
    o.threads = 3;
  }
  try {
    return dump(load_csv(dir, o), shown);
  } catch (const InputError& e) {
    std::string out = "rejected\n";
    for (const auto& p : e.problems()) out += p.to_string() + "\n";
    return out;
  }
}

void require_same(const fs::path& dir) {
  const std::string general = outcome(dir, false);
  CHECK(outcome(dir, true) == general);
  CHECK(outcome(dir, true, true) == general);
}

fs::path generated(const std::string& name, std::uint64_t seed, double dirty = 0,
                   ExportStyle style = ExportStyle::generated) {
  const fs::path dir = chibo::test::scratch_root() / "plain" / name;
  fs::remove_all(dir);
  GenerateOptions o;
  o.preset = Preset::commune;
  o.seed = seed;
  o.dirty_rate = dirty;
  o.export_style = style;
  write_generated(o, dir);
  return dir;
}

const char* const plain_tables[] = {"members",      "meetings",    "attendance", "contributions",
                                    "agenda_items", "resolutions", "tasks",      "briefing_attendance"};

/// Applies `edit` to every `every`-th line of a table file that is a row with no quotes.
template <class Edit>
void edit_rows(const fs::path& file, std::size_t every, Edit edit) {
  std::istringstream in(read_file(file));
  std::string line, out;
  for (std::size_t n = 0; std::getline(in, line); ++n) {
    if (n > 0 && n % every == 0 && line.find('"') == std::string::npos) edit(line);  // whole records
    out += line + "\n";
  }
  write_file(file, out);
}

}  // namespace

TEST_CASE("plain records load as the general reader loads them: clean and awkward tables", "[load][plain]") {
  const fs::path dir = generated("clean", 5);
  {
    const std::string general = outcome(dir, false);
    REQUIRE(general.rfind("rejected", 0) != 0);
    CHECK(outcome(dir, true) == general);
  }
  // Awkward but valid: CRLF in one table, CR in another, quoted fields, blank lines, NFD text
  // (stored in NFC), a last record with no line break.
  auto crlf = [](const fs::path& f, const std::string& eol) {
    std::string t = read_file(f), out;
    for (const char c : t) out += c == '\n' ? eol : std::string(1, c);
    write_file(f, out);
  };
  crlf(dir / "attendance.csv", "\r\n");
  crlf(dir / "contributions.csv", "\r");
  edit_rows(dir / "tasks.csv", 3,
            [](std::string& l) { l = "\"" + l.substr(0, l.find(',')) + "\"" + l.substr(l.find(',')); });
  edit_rows(dir / "tasks.csv", 5, [](std::string& l) { l += "\n"; });  // a blank line after
  edit_rows(dir / "resolutions.csv", 4, [](std::string& l) {
    const auto second = l.find(',', l.find(',') + 1);  // after id and meeting_id: NFD text, quoted
    l = l.substr(0, second) + ",\"Nghe\xCC\xA3\xCC\x82, ok\",,";
  });
  edit_rows(dir / "attendance.csv", 7, [](std::string& l) {
    if (l.back() == '\r') l.pop_back();
    if (l.back() == ',')
      l += "\"Vie\xCC\xA3\xCC\x82"
           "c rie\xCC\x82"
           "ng\"";
    l += "\r";
  });
  {
    std::string t = read_file(dir / "agenda_items.csv");
    t.pop_back();
    write_file(dir / "agenda_items.csv", t);
  }
  require_same(dir);
  const Dataset d = load_csv(dir);
  bool nfc = false;
  for (std::size_t r = 0; r < d.attendance.reason.size(); ++r)
    nfc = nfc || d.attendance.reason[r] == "Việc riêng";
  CHECK(nfc);
}

TEST_CASE("plain records load as the general reader loads them: an export's shape", "[load][plain]") {
  // Columns in another order, every text quoted, CRLF, a BOM, ids of any form, rows in any
  // order: the fast path takes these records too, and loads what the general reader loads.
  const fs::path dir = generated("realistic", 9, 0, ExportStyle::realistic);
  const std::string general = outcome(dir, false);
  REQUIRE(general.rfind("rejected", 0) != 0);
  CHECK(outcome(dir, true) == general);
  CHECK(outcome(dir, true, true) == general);
}

TEST_CASE("a record the plain path cannot take is read and reported by the general path", "[load][plain]") {
  // One mistake at a time, each in a record that would otherwise be plain.
  const std::vector<std::pair<std::string, std::string>> mistakes = {
      {"attendance", "H00000001,M0000001,presnt,"},                    // a code that is not one
      {"attendance", "H00000001,M9999999,present,"},                   // an unknown member
      {"attendance", "H00000001,M0000023,present,"},                   // a member of another cell
      {"attendance", "H00000001,M0000001,present"},                    // a field short
      {"attendance", "H00000001,M0000001,present,,"},                  // a field too many
      {"attendance", "H000000011,M0000001,present,"},                  // an id a digit too long
      {"attendance", " H00000001,M0000001,present,"},                  // a space before an id
      {"attendance", "H00000001,M0000001,\"present\"x,"},              // text after a closing quote
      {"attendance", "H00000001,M0000001,present,\"a \"\"b\"\" c\""},  // escaped quotes: valid
      {"contributions", "H00000001,,opinion"},                         // an empty required id
      {"agenda_items", "H00000001,1,other,99999"},                     // a number out of range
      {"agenda_items", "H00000001,x,other,10"},                        // not a number
      {"resolutions", "R99999999,H00000001,Văn bản,,2025-02-30"},      // no such day
      {"tasks", "T99999999,H00000001,M0000001,Việc,2025-13-01,,"},     // no such month
      {"tasks", "T00000001,H00000001,M0000001,Việc,,,"},               // a repeated id
      {"briefing_attendance", "P01.D01.B999,M0000001"},                // an unknown briefing
      {"members", "M9999999,P01.D01.G01.C01,Tên,member,,official,1990-01-01,,,,19x0,nam"},
      {"meetings", "H99999999,P01.D01.G01.C01,regular,2025-01-19,19:30,19:00,,,,,,,,,,,,,,,,,"},
  };
  const fs::path clean = generated("base", 9);
  {
    // The rows above take H00000001 to be a meeting of M0000001's cell and M0000023 to be of
    // another cell, as the generator lays them out.
    const std::string members = read_file(clean / "members.csv"),
                      meetings = read_file(clean / "meetings.csv");
    auto cell_of = [](const std::string& table, const std::string& id) {
      const auto at = table.find("\n" + id + ",");
      REQUIRE(at != std::string::npos);
      const auto from = at + id.size() + 2;
      return table.substr(from, table.find(',', from) - from);
    };
    REQUIRE(cell_of(meetings, "H00000001") == cell_of(members, "M0000001"));
    REQUIRE(cell_of(meetings, "H00000001") != cell_of(members, "M0000023"));
  }
  int n = 0;
  for (const auto& [table, row] : mistakes) {
    const fs::path dir = clean.parent_path() / ("mistake-" + std::to_string(n++));
    fs::remove_all(dir);
    fs::copy(clean, dir);
    const fs::path file = dir / (table + ".csv");
    std::string text = read_file(file);
    const auto second_line = text.find('\n', text.find('\n') + 1) + 1;  // after the first row
    text.insert(second_line, row + "\n");
    write_file(file, text);
    INFO(table << ": " << row);
    require_same(dir);
  }
}

TEST_CASE("ids with a comma in them are quoted fields, never a field and the next", "[load][plain]") {
  // Member ids M,0000001… (numbered, with a comma in the prefix) are quoted wherever they
  // stand; a row then names one unquoted, which is two fields.
  const fs::path dir = generated("comma-ids", 13);
  const std::regex id("M(\\d{7})");
  for (const auto& e : fs::directory_iterator(dir))
    write_file(e.path(), std::regex_replace(read_file(e.path()), id, "\"M,$1\""));
  {
    const std::string general = outcome(dir, false);
    REQUIRE(general.rfind("rejected", 0) != 0);
    CHECK(outcome(dir, true) == general);
  }
  std::string attendance = read_file(dir / "attendance.csv");
  const auto second_line = attendance.find('\n', attendance.find('\n') + 1) + 1;
  attendance.insert(second_line, "H00000001,M,0000001,present,\n");
  write_file(dir / "attendance.csv", attendance);
  const std::string general = outcome(dir, false);
  CHECK(general.find("expected 4 fields as in the header; got 5") != std::string::npos);
  require_same(dir);
}

TEST_CASE("plain and general paths agree on generated data-entry mistakes and random damage",
          "[load][plain]") {
  for (std::uint64_t seed : {3, 4}) {
    INFO("dirty, seed " << seed);
    const fs::path dir = generated("dirty" + std::to_string(seed), seed, 0.01);
    const std::string general = outcome(dir, false);
    CHECK(general.rfind("rejected", 0) == 0);
    require_same(dir);
  }
  const fs::path clean = generated("clean-for-damage", 11);
  std::mt19937_64 rng(2024);  // fixed: the same damage every run
  const std::string nasty[] = {"\"", ",", "\n", "\r\n", "\r", "", "9999-99-99", "x", "0", "M0000002", "\"\""};
  for (int round = 0; round < 60; ++round) {
    const fs::path dir = clean.parent_path() / ("damaged-" + std::to_string(round));
    fs::remove_all(dir);
    fs::copy(clean, dir);
    const std::string table = plain_tables[rng() % std::size(plain_tables)];
    std::string text = read_file(dir / (table + ".csv"));
    for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) {
      const std::size_t at = text.find('\n') + 1 + rng() % (text.size() - text.find('\n') - 1);
      if (rng() % 2)
        text.insert(at, nasty[rng() % std::size(nasty)]);
      else
        text.erase(at, 1 + rng() % 4);
    }
    write_file(dir / (table + ".csv"), text);
    INFO("round " << round << ", " << table);
    require_same(dir);
    fs::remove_all(dir);
  }
  fs::remove_all(clean.parent_path());
}

TEST_CASE("names and free text not kept are checked alike and leave every other column as it was",
          "[load][plain]") {
  // A load that keeps neither names nor free text must equal, column by column, a load that
  // keeps both with those columns shown empty; the problems of a rejected dataset must be the
  // same whatever is kept.
  const fs::path dir = generated("keep", 6);
  for (const Keep keep : {Keep{false, false}, Keep{false, true}, Keep{true, false}}) {
    INFO("names " << keep.names << ", free text " << keep.free_text);
    const std::string all = outcome(dir, true, false, {}, keep);
    REQUIRE(all.rfind("rejected", 0) != 0);
    CHECK(outcome(dir, true, false, keep) == all);
    CHECK(outcome(dir, false, false, keep) == all);
    CHECK(outcome(dir, true, true, keep) == all);
  }
  // Not kept is not unchecked: a missing name, a description that is not UTF-8, a text with
  // broken quotes, and the dirty generator's mistakes.
  const fs::path bad = dir.parent_path() / "keep-bad";
  fs::remove_all(bad);
  fs::copy(dir, bad);
  edit_rows(bad / "members.csv", 40, [](std::string& l) {
    const auto second = l.find(',', l.find(',') + 1);
    l = l.substr(0, second + 1) + l.substr(l.find(',', second + 1));  // full_name emptied
  });
  edit_rows(bad / "tasks.csv", 50, [](std::string& l) {
    const auto third = l.find(',', l.find(',', l.find(',') + 1) + 1);
    l.insert(third + 1, "\xC3(");  // after assignee_id: a description starting with a bad byte
  });
  edit_rows(bad / "resolutions.csv", 30, [](std::string& l) {
    const auto second = l.find(',', l.find(',') + 1);
    l.insert(second + 1, "\"Quy");  // an opening quote and no closing one
  });
  const fs::path dirty = generated("keep-dirty", 8, 0.01);
  for (const fs::path& d : {bad, dirty}) {
    const std::string all = outcome(d, true);
    REQUIRE(all.rfind("rejected", 0) == 0);
    for (const Keep keep : {Keep{false, false}, Keep{false, true}, Keep{true, false}}) {
      INFO(d.filename() << ": names " << keep.names << ", free text " << keep.free_text);
      CHECK(outcome(d, true, false, keep) == all);
      CHECK(outcome(d, false, false, keep) == all);
    }
  }
  CHECK(outcome(bad, true).find("members.csv") != std::string::npos);
  CHECK(outcome(bad, true).find("tasks.csv") != std::string::npos);
  CHECK(outcome(bad, true).find("resolutions.csv") != std::string::npos);
  fs::remove_all(dir.parent_path());
}

TEST_CASE("text not kept takes no memory", "[load]") {
  const fs::path dir = generated("keep-memory", 7);
  LoadOptions none;
  none.keep_names = false;
  none.keep_free_text = false;
  const Dataset all = load_csv(dir), kept = load_csv(dir, none);
  REQUIRE(kept.members.size() == all.members.size());
  REQUIRE(kept.tasks.size() == all.tasks.size());
  // Nothing per row: at most what a join reserves before it knows the column is empty.
  CHECK(kept.members.full_name.memory_bytes() < 1024);
  CHECK(kept.tasks.description.memory_bytes() < 1024);
  CHECK(kept.resolutions.text.memory_bytes() < 1024);
  CHECK(kept.attendance.reason.empty());
  CHECK_FALSE(all.attendance.reason.empty());
  CHECK(all.memory_bytes() > kept.memory_bytes() + all.tasks.description.bytes());
  fs::remove_all(dir.parent_path());
}
