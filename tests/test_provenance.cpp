// Provenance: every report records the version, the policy and each input table's rows and
// fingerprint; read back from JSON, CSV and HTML it is the same record; `verify` tells a dataset
// it came from from one changed in any table.
#include <chibo/chibo.hpp>
#include <chibo/html.hpp>
#include <chibo/provenance.hpp>

#include "../src/fingerprint.hpp"
#include "files.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <sstream>

using namespace chibo;
namespace fs = std::filesystem;

namespace {

fs::path generated(const char* name, ExportStyle style) {
  const fs::path folder = test::scratch_root() / name;
  if (!fs::exists(folder)) {
    GenerateOptions g;
    g.preset = Preset::commune;
    g.seed = 7;
    g.export_style = style;
    write_generated(g, folder);
  }
  return folder;
}

bool same(const Provenance& a, const Provenance& b) {
  return a.chibo_version == b.chibo_version && a.policy == b.policy && a.policy_hash == b.policy_hash &&
         a.redacted == b.redacted && a.tables == b.tables;
}

using State = TableCheck::State;
State state_of(const Verification& v, std::string_view table) {
  for (const auto& t : v.tables)
    if (t.name == table) return t.state;
  FAIL("no table " << table);
  return State::same;
}

}  // namespace

TEST_CASE("the fingerprint is XXH3-128 as xxhsum -H2 prints it", "[provenance]") {
  // Printed by Debian's xxhash 0.8.1: printf 'chibo\n' | xxhsum -H2, and for no bytes.
  CHECK(detail::Fingerprint::of("chibo\n") == "fc0cf80bea89f39b2952e4eb0cc26a46");
  CHECK(detail::Fingerprint::of("") == "99aa06d3014798d86001c324468d497f");
  detail::Fingerprint f;  // in pieces, as parts are appended
  f.update("chi");
  f.update("");
  f.update("bo\n");
  CHECK(f.hex() == "fc0cf80bea89f39b2952e4eb0cc26a46");
}

TEST_CASE("each table read is fingerprinted whole, whatever the parts and threads", "[provenance]") {
  for (const auto style : {ExportStyle::generated, ExportStyle::realistic}) {
    const fs::path folder =
        generated(style == ExportStyle::generated ? "commune" : "commune-realistic", style);
    LoadOptions whole;
    whole.threads = 1;
    const Dataset a = load_csv(folder, whole);
    REQUIRE(a.inputs.size() >= 10);
    const auto counts = a.row_counts();
    for (const auto& t : a.inputs) {
      INFO(t.name);
      const std::string bytes = test::read_file(folder / t.source);
      CHECK(t.source == t.name + ".csv");
      CHECK(t.bytes == bytes.size());
      CHECK(t.xxh128 == detail::Fingerprint::of(bytes));
      const auto names = Dataset::table_names();
      const auto at = std::find(names.begin(), names.end(), t.name) - names.begin();
      CHECK(t.rows == counts[static_cast<std::size_t>(at)]);
    }
    // Every table of the contract is a file here: the rows read are the dataset's rows.
    CHECK(a.rows_read() == std::accumulate(counts.begin(), counts.end(), std::uint64_t{0}));
    CHECK(a.rows_read() > 0);
    for (const unsigned threads : {2u, 8u}) {
      LoadOptions parts;
      parts.threads = threads;
      parts.part_bytes = 997;  // many parts, cut anywhere
      const Dataset b = load_csv(folder, parts);
      CHECK(b.inputs == a.inputs);
    }
  }
}

TEST_CASE("JSON, CSV and HTML reports record the same provenance, read back whole", "[provenance]") {
  const fs::path folder = generated("commune", ExportStyle::generated);
  const Dataset ds = load_csv(folder);
  const Policy policy = Policy::profile("hd12-2018");
  const Report r = score(ds, Period::year(2025), policy);
  const Provenance p = provenance_of(r);
  CHECK(p.chibo_version == version);
  CHECK(p.policy == "hd12-2018");
  CHECK(p.policy_hash == policy.hash());
  CHECK_FALSE(p.redacted);
  REQUIRE(p.tables.size() == Dataset::table_names().size());

  const fs::path out = test::scratch_root() / "provenance-reports";
  fs::create_directories(out);
  {
    std::ofstream json(out / "r.json", std::ios::binary);
    write_json(json, r);
  }
  write_csv(out / "csv", r);
  {
    std::ofstream html(out / "r.html", std::ios::binary);
    write_html(html, r);
  }
  CHECK(same(read_provenance(out / "r.json"), p));
  CHECK(same(read_provenance(out / "csv"), p));
  CHECK(same(read_provenance(out / "r.html"), p));

  // Not a report: the file is named, and the problem said.
  test::write_file(out / "not.json", "{\"format\":\"something else\",\"units\":[]}");
  try {
    read_provenance(out / "not.json");
    FAIL("a JSON file without a record was read");
  } catch (const InputError& e) {
    REQUIRE(e.problems().size() == 1);
    CHECK(e.problems()[0].file == (out / "not.json").string());
    CHECK_THAT(e.problems()[0].message, Catch::Contains("provenance"));
  }
  test::write_file(out / "broken.json", test::read_file(out / "r.json").substr(0, 300));
  CHECK_THROWS_AS(read_provenance(out / "broken.json"), InputError);
  // A record in another order (as a JSON tool might rewrite it) reads the same.
  std::string text = test::read_file(out / "r.json");
  const auto start = text.find("\"provenance\"");
  const auto end = text.find("\"policy\":{");
  REQUIRE(start != std::string::npos);
  REQUIRE(end != std::string::npos);
  const std::string record = text.substr(start, end - start);
  text.erase(start, end - start);
  text.insert(text.rfind('}'), "," + record.substr(0, record.rfind(',')) + "\n");
  test::write_file(out / "moved.json", text);
  CHECK(same(read_provenance(out / "moved.json"), p));
}

TEST_CASE("verify tells the data a report came from from data changed in any table", "[provenance]") {
  const fs::path folder = generated("commune", ExportStyle::generated);
  const Policy policy = Policy::builtin();
  const Provenance recorded = provenance_of(load_csv(folder), policy);
  const auto check = [&](const fs::path& data) {
    return verify(recorded, provenance_of(load_csv(data), policy));
  };

  const Verification same_data = check(folder);
  CHECK(same_data.data_same());
  CHECK(same_data.same_version);
  CHECK(same_data.tables.size() == recorded.tables.size());

  const fs::path copy = test::scratch_root() / "provenance-changed";
  const auto fresh = [&] {
    fs::remove_all(copy);
    fs::copy(folder, copy);
  };
  SECTION("two rows swapped: same rows, same bytes") {
    fresh();
    std::string a = test::read_file(copy / "attendance.csv");
    const auto first = a.find('\n') + 1;  // the first row, after the header
    const auto second = a.find('\n', first) + 1;
    const auto third = a.find('\n', second) + 1;
    const std::string row1 = a.substr(first, second - first), row2 = a.substr(second, third - second);
    REQUIRE(row1 != row2);
    a.replace(first, third - first, row2 + row1);  // only the fingerprint can tell
    test::write_file(copy / "attendance.csv", a);
    const Verification v = check(copy);
    CHECK_FALSE(v.data_same());
    CHECK(state_of(v, "attendance") == State::differs);
    for (const auto& t : v.tables)
      if (t.name != "attendance") CHECK(t.state == State::same);
  }
  SECTION("a row left out") {
    fresh();
    std::string m = test::read_file(copy / "visits.csv");
    m.erase(m.rfind('\n', m.size() - 2) + 1);
    test::write_file(copy / "visits.csv", m);
    const Verification v = check(copy);
    CHECK(state_of(v, "visits") == State::differs);
    const auto& t =
        *std::find_if(v.tables.begin(), v.tables.end(), [](auto& c) { return c.name == "visits"; });
    CHECK(t.found->rows + 1 == t.recorded->rows);
  }
  SECTION("a table one side lacks") {
    Provenance found = provenance_of(load_csv(folder), policy);
    const auto visits = [](Provenance& p) {
      return std::find_if(p.tables.begin(), p.tables.end(), [](auto& t) { return t.name == "visits"; });
    };
    found.tables.erase(visits(found));
    CHECK(state_of(verify(recorded, found), "visits") == State::not_in_data);
    Provenance fewer = recorded;
    fewer.tables.erase(visits(fewer));
    CHECK(state_of(verify(fewer, provenance_of(load_csv(folder), policy)), "visits") == State::not_recorded);
  }
  SECTION("a report of another version is noted, the data still the same") {
    Provenance older = recorded;
    older.chibo_version = "0.0.9";
    const Verification v = verify(older, provenance_of(load_csv(folder), policy));
    CHECK_FALSE(v.same_version);
    CHECK(v.data_same());
  }
}

TEST_CASE("a redacted report says so and still records the inputs", "[provenance]") {
  const fs::path folder = generated("commune", ExportStyle::generated);
  Dataset ds = load_csv(folder);
  const auto inputs = ds.inputs;
  redact(ds, "a key of the organisation board, 2026");
  const Policy policy = Policy::builtin();
  const Provenance p = provenance_of(ds, policy);
  CHECK(p.redacted);
  std::ostringstream json;
  write_json(json, score(ds, Period::year(2025), policy));
  CHECK_THAT(json.str().substr(0, 200), Catch::Contains("\"redacted\":true"));
  // Fingerprints are of the files read, before names were replaced: verify still matches.
  CHECK(verify(p, provenance_of(load_csv(folder), policy)).data_same());
}

TEST_CASE("a dataset built in memory records its rows and no source", "[provenance]") {
  GenerateOptions g;
  const Dataset ds = generate(g);
  CHECK(ds.inputs.empty());
  const Provenance p = provenance_of(ds, Policy::builtin());
  REQUIRE(p.tables.size() == Dataset::table_names().size());
  CHECK(p.tables[1].name == "members");
  CHECK(p.tables[1].rows == ds.members.size());
  CHECK(p.tables[1].source.empty());
  CHECK(p.tables[1].xxh128.empty());
}
