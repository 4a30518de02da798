#include <chibo/compare.hpp>
#include <chibo/load.hpp>

#include "files.hpp"

#include <catch2/catch.hpp>

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
}
