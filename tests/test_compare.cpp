#include <chibo/compare.hpp>
#include <chibo/load.hpp>

#include "files.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace chibo;

namespace {

ReportScores scores_of(const Report& r, const std::string& name) {
  std::stringstream json;
  JsonOptions o;
  o.findings = FindingsStyle::detail;  // meetings and findings are passed over
  write_json(json, r, o);
  return read_report_scores(json, name);
}

}  // namespace

TEST_CASE("a comparison of two policies on the same data counts what moved", "[compare]") {
  const Dataset ds = load_csv(std::string(CHIBO_TEST_DATA) + "/sample-2025/dataset");
  const Policy a_policy = Policy::resolve("default", Registry::builtin());
  const Policy b_policy = Policy::resolve("hd12-2018", Registry::builtin());
  const Report ra = score(ds, Period::year(2025), a_policy);
  const Report rb = score(ds, Period::year(2025), b_policy);
  const ReportScores a = scores_of(ra, "a.json"), b = scores_of(rb, "b.json");
  REQUIRE(a.units.size() == ds.org_units.size());
  CHECK(a.policy_hash == a_policy.hash());
  CHECK(a.from == "2025-01-01");
  CHECK(a.measure_ids.size() == 7);
  for (std::size_t u = 0; u < a.units.size(); ++u) {
    CHECK(a.units[u].id == ds.org_units.id[u]);
    CHECK((std::isnan(a.units[u].total) ? std::isnan(ra.units[u].total)
                                        : a.units[u].total == ra.units[u].total));
    CHECK(a.units[u].rating == ra.units[u].rating);
  }
  const Comparison c = compare_reports(a, b);
  CHECK(c.units.size() == ds.org_units.size());
  CHECK(c.only_a.empty());
  CHECK(c.only_b.empty());
  // The cells' level: means and the ratings that moved, from the reports themselves.
  const auto cells =
      std::find_if(c.levels.begin(), c.levels.end(), [](const auto& l) { return l.kind == "cell"; });
  REQUIRE(cells != c.levels.end());
  double sum_a = 0, sum_b = 0;
  std::size_t n = 0, up = 0, down = 0, moved = 0;
  for (Index u = 0; u < ds.org_units.size(); ++u) {
    if (ds.org_units.kind[u] != OrgKind::cell) continue;
    if (!std::isnan(ra.units[u].total) && !std::isnan(rb.units[u].total)) {
      sum_a += ra.units[u].total;
      sum_b += rb.units[u].total;
      ++n;
    }
    if (ra.units[u].rating && rb.units[u].rating && *ra.units[u].rating != *rb.units[u].rating) {
      ++(*rb.units[u].rating < *ra.units[u].rating ? up : down);
      ++moved;
    }
  }
  CHECK(cells->scored == n);
  CHECK(cells->mean_a == Approx(sum_a / static_cast<double>(n)));
  CHECK(cells->mean_b == Approx(sum_b / static_cast<double>(n)));
  CHECK(cells->up == up);
  CHECK(cells->down == down);
  std::size_t off_diagonal = 0;
  for (std::size_t i = 0; i < 5; ++i)
    for (std::size_t j = 0; j < 5; ++j)
      if (i != j) off_diagonal += cells->moved[i][j];
  CHECK(off_diagonal == moved);
  // Rules in reading order; a rule the older profile does not score is scored in A only.
  for (std::size_t i = 1; i < c.rules.size(); ++i) CHECK(c.rules[i - 1].id != c.rules[i].id);
  const auto m27 = std::find_if(c.rules.begin(), c.rules.end(), [](const auto& r) { return r.id == "M2.7"; });
  REQUIRE(m27 != c.rules.end());
  CHECK(m27->units_a > 0);
  CHECK(m27->units_b == 0);

  // A report against itself: nothing moved.
  const Comparison same = compare_reports(a, a);
  for (const auto& l : same.levels) {
    CHECK(l.up == 0);
    CHECK(l.down == 0);
  }
  for (const auto& r : same.rules) CHECK(r.changed == 0);

  const auto folder = chibo::test::scratch_root() / "compare-csv";
  std::filesystem::remove_all(folder);
  write_comparison_csv(folder, c);
  std::ifstream units(folder / "compare_units.csv");
  std::string line;
  std::size_t rows = 0;
  while (std::getline(units, line)) ++rows;
  CHECK(rows == 1 + ds.org_units.size());
  std::filesystem::remove_all(folder);
}

TEST_CASE("a comparison says whether the two reports read the same data", "[compare][provenance]") {
  const std::string sample = std::string(CHIBO_TEST_DATA) + "/sample-2025/dataset";
  const Dataset ds = load_csv(sample);
  const Policy a_policy = Policy::resolve("default", Registry::builtin());
  const Policy b_policy = Policy::resolve("hd12-2018", Registry::builtin());
  const ReportScores a = scores_of(score(ds, Period::year(2025), a_policy), "a.json");
  const ReportScores b = scores_of(score(ds, Period::year(2025), b_policy), "b.json");
  const auto text = [](const Comparison& c) {
    std::ostringstream out;
    CompareTextOptions o;
    o.lang = Language::en;
    write_comparison_text(out, c, o);
    return out.str();
  };
  // The record read back is the one written.
  CHECK(a.provenance == provenance_of(ds, a_policy));
  CHECK(b.provenance.policy_hash == b_policy.hash());

  // Two policies, the same data.
  const Comparison same = compare_reports(a, b);
  CHECK(same.data.data_same());
  CHECK(same.data.tables.size() == a.provenance.tables.size());
  CHECK(text(same).find("Data: the same in both (" + std::to_string(a.provenance.tables.size()) +
                        " tables, same rows and bytes)") != std::string::npos);

  // One member's birth year changed, and a cadre's visit gone: those two tables differ.
  const auto changed = chibo::test::scratch_root() / "compare-data";
  std::filesystem::remove_all(changed);
  std::filesystem::copy(sample, changed);
  std::string members = chibo::test::read_file(changed / "members.csv");
  REQUIRE(members.find("status,gender,birth_year,") != std::string::npos);
  const auto digit = members.find(',', members.find(',', members.find('\n') + 1) + 1) + 4;
  members[digit] = members[digit] == '0' ? '1' : static_cast<char>(members[digit] - 1);
  chibo::test::write_file(changed / "members.csv", members);
  std::string visits = chibo::test::read_file(changed / "visits.csv");
  visits.erase(visits.rfind('\n', visits.size() - 2) + 1);  // the last row
  chibo::test::write_file(changed / "visits.csv", visits);
  const Dataset other = load_csv(changed);
  const ReportScores c = scores_of(score(other, Period::year(2025), a_policy), "c.json");
  const Comparison moved = compare_reports(a, c);
  CHECK_FALSE(moved.data.data_same());
  for (const auto& t : moved.data.tables)
    CHECK((t.state == TableCheck::State::differs) == (t.name == "members" || t.name == "visits"));
  CHECK(text(moved).find("Data: differs: members (same " + std::to_string(ds.members.size()) +
                         " rows, other bytes), visits (" + std::to_string(ds.visits.size()) + " → " +
                         std::to_string(ds.visits.size() - 1) + " rows)\n") != std::string::npos);
  const auto folder = chibo::test::scratch_root() / "compare-tables";
  std::filesystem::remove_all(folder);
  write_comparison_csv(folder, moved);
  const std::string tables = chibo::test::read_file(folder / "compare_tables.csv");
  CHECK(tables.rfind("table,state,rows_a,rows_b,bytes_a,bytes_b,xxh128_a,xxh128_b\n", 0) == 0);
  CHECK(tables.find("\nvisits,differs," + std::to_string(ds.visits.size()) + ',' +
                    std::to_string(ds.visits.size() - 1) + ',') != std::string::npos);
  CHECK(tables.find("\nmeetings,same,") != std::string::npos);
  CHECK(static_cast<std::size_t>(std::count(tables.begin(), tables.end(), '\n')) ==
        1 + moved.data.tables.size());

  // A report without a record: said so, not taken for the same data.
  std::istringstream bare("{\"format\":\"chibo-report/2\",\"units\":[{\"id\":\"P1\",\"total\":50}]}");
  const ReportScores d = read_report_scores(bare, "d.json");
  CHECK(text(compare_reports(a, d)).find("Data: B holds no record of its data") != std::string::npos);
  std::filesystem::remove_all(changed);
  std::filesystem::remove_all(folder);
}

TEST_CASE("a report that is not one is refused with where and why", "[compare]") {
  std::istringstream broken("{\n\"format\":\"chibo-report/2\",\n\"units\":[{\"id\":\"P1\",}]}");
  try {
    (void)read_report_scores(broken, "r.json");
    FAIL("no error");
  } catch (const std::invalid_argument& e) {
    const std::string what = e.what();
    CHECK(what.find("r.json") != std::string::npos);
    CHECK(what.find("line 3") != std::string::npos);
  }
  std::istringstream other("{\"format\":\"chibo-plan/1\",\"cells\":[]}");
  CHECK_THROWS_WITH(read_report_scores(other, "p.json"),
                    Catch::Contains("expected a chibo-report/2 report; got format \"chibo-plan/1\""));
  std::istringstream empty("{}");
  CHECK_THROWS_WITH(read_report_scores(empty, "e.json"), Catch::Contains("no \"format\""));
  // A record missing a field is refused as `chibo verify` refuses it, not read half.
  std::istringstream half(
      "{\"format\":\"chibo-report/2\",\"provenance\":{\"chibo\":\"0.1.0\",\"policy\":\"default\","
      "\"redacted\":false,\"tables\":[]},\"units\":[]}");
  CHECK_THROWS_WITH(read_report_scores(half, "h.json"), Catch::Contains("h.json") &&
                                                            Catch::Contains("provenance record is not as") &&
                                                            Catch::Contains("policy_hash"));
}
