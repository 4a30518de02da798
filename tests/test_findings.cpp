// Findings grouped for the people who act on them: grouping loses nothing of the detail, and a
// cell's priorities are the rules that would raise its total most.
#include "fixture.hpp"

#include <nlohmann/json.hpp>

#include <map>
#include <sstream>
#include <tuple>

using namespace chibo;
using namespace chibo::test;
using json = nlohmann::json;

namespace {

const GeneratedCommune& province() {
  static const GeneratedCommune p(23);
  return p;
}

json report_json(FindingsStyle style) {
  std::ostringstream out;
  JsonOptions o;
  o.findings = style;
  o.meetings = false;
  write_json(out, province().report, o);
  return json::parse(out.str());
}

std::string text_or_empty(const json& v) {
  return v.is_null() ? std::string() : v.get<std::string>();
}

}  // namespace

TEST_CASE("grouped findings expand back into the detailed ones", "[findings]") {
  const json grouped = report_json(FindingsStyle::grouped);
  const json detail = report_json(FindingsStyle::detail);
  // (rule, unit, meeting, member) → findings, from each list.
  using Key = std::tuple<std::string, std::string, std::string, std::string>;
  std::map<Key, int> from_detail, from_groups;
  for (const auto& f : detail["findings"])
    ++from_detail[{f["rule"], f["cell_id"], text_or_empty(f["meeting_id"]), text_or_empty(f["member_id"])}];
  std::map<std::string, int> last_rank;  // by unit: ranks count 1, 2, … within a unit
  for (const auto& g : grouped["findings"]) {
    const std::string rule = g["rule"], unit = g["cell_id"];
    const auto count = g["count"].get<int>();
    const auto& meetings = g["meeting_ids"];
    const auto& members = g["member_ids"];
    CHECK(g["dates"].size() == meetings.size());
    CHECK(g["rank"].get<int>() == ++last_rank[unit]);
    if (!meetings.empty()) {
      REQUIRE(members.empty());  // no rule finds a member at one meeting
      CHECK(static_cast<int>(meetings.size()) == count);
      for (const auto& m : meetings) ++from_groups[{rule, unit, m.get<std::string>(), ""}];
    } else if (!members.empty()) {
      CHECK(static_cast<int>(members.size()) == count);
      for (const auto& m : members) ++from_groups[{rule, unit, "", m.get<std::string>()}];
    } else {
      from_groups[{rule, unit, "", ""}] += count;
    }
    // The worst is one of the group's, with the lowest score.
    const json& worst = g["worst"];
    if (!meetings.empty())
      CHECK(std::find(meetings.begin(), meetings.end(), worst["meeting_id"]) != meetings.end());
  }
  CHECK(from_groups == from_detail);
  CHECK(detail["findings"].size() == province().report.finding_count());
  CHECK(grouped["findings"].size() < detail["findings"].size());
}

TEST_CASE("a cell's total and the points of all its rules add up to 100", "[findings]") {
  const Report& r = province().report;
  std::size_t cells = 0, with_points = 0;
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    if (r.dataset->org_units.kind[i] != OrgKind::cell || std::isnan(r.units[i].total)) continue;
    ++cells;
    const auto points = points_if_met(r, i);
    double sum = 0;
    for (const double p : points) {
      CHECK(p >= 0);
      sum += p;
    }
    // Meeting every rule scores 100; each rule's share is what meeting it alone adds.
    CHECK(r.units[i].total + sum == Approx(100).margin(1e-9));
    with_points += sum > 0;

    // Priorities: the rules with the most points, at most N, each worth something.
    const auto first = priorities_of(r, i, 3);
    CHECK(first.size() <= 3);
    const auto ids = r.unit_rule_ids(true);
    for (std::size_t k = 0; k < first.size(); ++k) {
      CHECK(first[k].points > 0);
      if (k) CHECK(first[k - 1].points >= first[k].points);
      const auto at =
          static_cast<std::size_t>(std::find(ids.begin(), ids.end(), first[k].rule) - ids.begin());
      CHECK(points[at] == first[k].points);
      CHECK(r.rules_of(i)[at] < 1);
    }
    std::size_t better = 0;  // rules worth more than the last priority: all of them are priorities
    if (!first.empty())
      for (const double p : points) better += p > first.back().points;
    CHECK(better < first.size() + (first.empty() ? 1 : 0));

    // Each group of the cell carries its rule's points, ranked most first.
    const auto groups = group_findings(r, i, r.findings_of(i));
    for (std::size_t k = 1; k < groups.size(); ++k) CHECK(groups[k - 1].points >= groups[k].points);
  }
  CHECK(cells > 10);
  CHECK(with_points > 10);
}

TEST_CASE("a cell's findings are the same each time they are made", "[findings]") {
  const Report& r = province().report;
  std::uint64_t total = 0;
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const auto a = r.findings_of(i), b = r.findings_of(i);
    REQUIRE(a.size() == b.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      CHECK(a[k].rule == b[k].rule);
      CHECK(a[k].meeting == b[k].meeting);
      CHECK(a[k].member == b[k].member);
      CHECK(a[k].unit == r.units[i].unit);
    }
    total += a.size();
  }
  CHECK(total == r.finding_count());
  std::uint64_t by_rule = 0;
  for (const auto n : r.findings_by_rule()) by_rule += n;
  CHECK(by_rule == total);
}

TEST_CASE("without counting, a report counts nothing and still lists every unit's findings", "[findings]") {
  static const GeneratedCommune commune(3);  // a seed whose committees fall short of M7.3
  const Report& counted = commune.report;
  std::size_t committee_findings = 0;
  for (std::size_t i = 0; i < counted.units.size(); ++i)
    if (counted.dataset->org_units.kind[i] != OrgKind::cell)
      committee_findings += counted.findings_of(i).size();
  REQUIRE(committee_findings > 0);  // committees' findings are kept, cells' made again: both counted
  ScoreOptions uncounted;
  uncounted.findings = false;
  const Report r = score(commune.ds, Period::year(2025), commune.policy, uncounted);
  CHECK(r.finding_count() == 0);
  for (const auto n : r.findings_by_rule()) CHECK(n == 0);
  CHECK(all_findings(r).size() == counted.finding_count());
}
