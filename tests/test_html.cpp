// HTML pages: a folder of linked pages holds every unit once, each page within its budget, the
// same bytes on any number of threads; plan and trend shown as the report has them. (The page
// as a browser shows it: tests/html/check_page.py.)
#include <chibo/classification.hpp>
#include <chibo/generate.hpp>
#include <chibo/html.hpp>
#include <chibo/plan.hpp>
#include <chibo/trend.hpp>

#include "files.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <set>
#include <sstream>

using namespace chibo;
namespace fs = std::filesystem;

namespace {

/// The attributes of each element that opens with `start` (`<details`, `<div class="unit-link"`).
std::vector<std::map<std::string, std::string>> elements(const std::string& page, const std::string& start) {
  std::vector<std::map<std::string, std::string>> out;
  for (auto at = page.find(start); at != std::string::npos; at = page.find(start, at + 1)) {
    const auto end = page.find('>', at);
    const std::string tag = page.substr(at, end - at);
    std::map<std::string, std::string> attributes;
    for (auto a = tag.find(" data-"); a != std::string::npos; a = tag.find(" data-", a + 1)) {
      const auto eq = tag.find("=\"", a);
      const auto close = tag.find('"', eq + 2);
      attributes[tag.substr(a + 1, eq - a - 1)] = tag.substr(eq + 2, close - eq - 2);
    }
    out.push_back(std::move(attributes));
  }
  return out;
}

std::vector<std::string> hrefs(const std::string& page) {
  std::vector<std::string> out;
  for (auto at = page.find("href=\""); at != std::string::npos; at = page.find("href=\"", at + 1))
    out.push_back(page.substr(at + 6, page.find('"', at + 6) - at - 6));
  return out;
}

Index row_of(const Dataset& ds, const std::string& id) {
  for (std::size_t u = 0; u < ds.org_units.size(); ++u)
    if (ds.org_units.id[u] == id) return static_cast<Index>(u);
  return no_index;
}

/// The value of a card (`<div class="card" id=…>`).
double card(const std::string& page, const std::string& id) {
  const std::string key = "id=\"" + id + "\" data-value=\"";
  const auto at = page.find(key);
  REQUIRE(at != std::string::npos);
  return std::stod(page.substr(at + key.size(), page.find('"', at + key.size()) - at - key.size()));
}

bool same_total(const std::string& shown, double total) {
  return std::isnan(total) ? shown.empty() : !shown.empty() && std::stod(shown) == total;
}

struct Scored {
  Dataset ds;
  Policy policy = Policy::builtin();
  Report report;
  SupervisionPlan plan;
  Trend trend;
  Scored() {
    GenerateOptions g;
    g.preset = Preset::district;
    g.seed = 19;
    ds = generate(g);
    report = score(ds, Period::year(2025), policy);
    plan = supervision_plan(report);
    ScoreOptions lean;
    lean.findings = lean.meeting_rules = lean.cell_rules = false;
    trend = score_trend(ds, Period::year(2025), StepLength::quarter, policy, lean);
  }
};

const Scored& scored() {
  static const Scored s;
  return s;
}

HtmlOptions with_plan_and_trend(const Scored& s) {
  HtmlOptions o;
  o.plan = &s.plan;
  o.trend = &s.trend;
  return o;
}

fs::path scratch(const std::string& name) {
  const fs::path dir = chibo::test::scratch_root() / "html" / name;
  fs::remove_all(dir);
  return dir;
}

}  // namespace

TEST_CASE("A folder of pages shows every unit once, each page within its budget") {
  const Scored& s = scored();
  const Report& r = s.report;
  HtmlOptions o = with_plan_and_trend(s);
  o.page_budget = GENERATE(std::uintmax_t{60} << 10, std::uintmax_t{4} << 20);
  INFO("budget " << o.page_budget);
  const fs::path dir = scratch("site");
  const auto pages = write_html_dir(dir, r, o);

  REQUIRE(pages.front().file == "index.html");
  REQUIRE(pages.front().unit == no_index);
  std::size_t roots = 0;
  for (std::size_t u = 0; u < r.units.size(); ++u) roots += r.parent_of(static_cast<Index>(u)) == no_index;
  if (o.page_budget == std::uintmax_t{4} << 20)
    CHECK(pages.size() == 1 + roots);  // a district fits its pages
  else
    CHECK(pages.size() > 1 + roots + 5);  // split below the roots

  std::map<std::string, std::size_t> shown_in_full;  // unit id → times
  std::map<std::string, std::size_t> linked_from;    // file → links from trees
  std::set<std::string> files;
  for (const auto& p : pages) REQUIRE(files.insert(p.file).second);
  CHECK(std::distance(fs::directory_iterator(dir), fs::directory_iterator()) ==
        static_cast<long>(pages.size()));
  for (const HtmlPage& p : pages) {
    INFO(p.file);
    const std::string page = test::read_file(dir / p.file);
    CHECK(page.size() == p.bytes);
    if (p.bytes > o.page_budget) {
      // Over the budget only when every committee below the unit has a page of its own: what is
      // left is the unit's own cells.
      REQUIRE(p.unit != no_index);
      for (std::size_t c = 0; c < r.units.size(); ++c)
        if (r.parent_of(static_cast<Index>(c)) == p.unit && s.ds.org_units.kind[c] != OrgKind::cell)
          CHECK(std::count_if(pages.begin(), pages.end(), [&](const HtmlPage& q) { return q.unit == c; }) ==
                1);
    }
    for (const auto& e : elements(page, "<details")) {
      const auto& id = e.at("data-unit-id");
      ++shown_in_full[id];
      const Index u = row_of(s.ds, id);
      REQUIRE(u != no_index);
      CHECK(same_total(e.at("data-total"), r.units[u].total));
    }
    for (const auto& e : elements(page, "<div class=\"unit-link\"")) {
      const Index u = row_of(s.ds, e.at("data-unit-id"));
      CHECK(same_total(e.at("data-total"), r.units[u].total));
    }
    for (const auto& h : hrefs(page)) CHECK(files.count(h) == 1);
    if (p.unit != no_index) {
      // The overview counts the unit's own cells: the classification table among them.
      std::vector<std::size_t> below;
      for (std::size_t c = 0; c < r.units.size(); ++c)
        for (Index a = static_cast<Index>(c); a != no_index; a = r.parent_of(a))
          if (a == p.unit) below.push_back(c);
      const auto table = classification_beside_quality(r, below);
      std::size_t classified = 0;
      for (const auto& e : elements(page, "<td class=\"n\" data-count"))
        classified += std::stoul(e.at("data-count"));
      CHECK(classified == table.classified);
      std::size_t cells = 0;
      for (const auto c : below) cells += s.ds.org_units.kind[c] == OrgKind::cell;
      CHECK(card(page, "cells") == static_cast<double>(cells));
    }
    const std::string tree = page.substr(page.find("<section id=\"tree\""));
    for (const auto& h : hrefs(tree)) ++linked_from[h];
  }
  REQUIRE(shown_in_full.size() == r.units.size());
  for (const auto& [id, times] : shown_in_full) {
    INFO(id);
    CHECK(times == 1);
  }
  for (const HtmlPage& p : pages)
    if (p.unit != no_index) CHECK(linked_from[p.file] == 1);  // from its parent's page only

  SECTION("the same bytes on one thread and on two") {
    HtmlOptions one = o;
    one.threads = 1;
    const fs::path other = scratch("site-1");
    const auto again = write_html_dir(other, r, one);
    REQUIRE(again.size() == pages.size());
    for (std::size_t i = 0; i < pages.size(); ++i) {
      CHECK(again[i].file == pages[i].file);
      CHECK(test::read_file(other / again[i].file) == test::read_file(dir / pages[i].file));
    }
  }
}

TEST_CASE("A page shows each committee's trend and each planned cell's cadre") {
  const Scored& s = scored();
  const Report& r = s.report;
  std::ostringstream out;
  write_html(out, r, with_plan_and_trend(s));
  const std::string page = out.str();
  REQUIRE(!s.plan.cells.empty());
  REQUIRE(s.trend.steps.size() == 4);

  // Lines of totals: exact values, null where a step has none.
  std::size_t lines = 0;
  for (auto at = page.find("data-trend=\"["); at != std::string::npos;
       at = page.find("data-trend=\"[", at + 1)) {
    const auto open = page.rfind("data-unit-id=\"", at);
    const std::string id = page.substr(open + 14, page.find('"', open + 14) - open - 14);
    const Index u = row_of(s.ds, id);
    REQUIRE(u != no_index);
    std::string list = page.substr(at + 13, page.find(']', at) - at - 13);
    std::stringstream items(list);
    std::string item;
    for (std::size_t k = 0; std::getline(items, item, ','); ++k) {
      INFO(id << " step " << k);
      const double v = s.trend.total(k, u);
      if (std::isnan(v))
        CHECK(item == "null");
      else
        CHECK(std::stod(item) == v);
    }
    ++lines;
  }
  std::size_t committees = 0;
  for (std::size_t u = 0; u < r.units.size(); ++u) committees += s.ds.org_units.kind[u] != OrgKind::cell;
  CHECK(lines == 2 * committees);  // in the ranked table and in the tree

  // Each planned cell says why it needs help and who helps it.
  std::size_t covered = 0;
  for (const PlannedCell& p : s.plan.cells) {
    const std::string id(s.ds.org_units.id[p.cell]);
    const auto at = page.find("<details class=\"cell\" data-unit-id=\"" + id + "\"");
    REQUIRE(at != std::string::npos);
    const std::string block = page.substr(at, page.find("</details>", at) - at);
    INFO(block);
    CHECK(block.find("data-need=\"") != std::string::npos);
    if (p.cadre != no_index) {
      CHECK(block.find(s.ds.cadres.full_name[p.cadre]) != std::string::npos);
      ++covered;
    }
  }
  CHECK(card(page, "plan-need") == static_cast<double>(s.plan.cells.size()));
  CHECK(card(page, "plan-covered") == static_cast<double>(covered));
}
