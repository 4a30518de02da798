// The report as other programs read it: the chibo-report/1 JSON shape, CSV tables, determinism.
#include "files.hpp"
#include "fixture.hpp"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace chibo;
using namespace chibo::test;
using nlohmann::json;

namespace {
const GeneratedCommune& sample() {
  static const GeneratedCommune s(11);
  return s;
}
json report_json(const JsonOptions& o = {}) {
  std::ostringstream out;
  write_json(out, sample().report, o);
  return json::parse(out.str());
}
}  // namespace

TEST_CASE("the JSON report has every unit, meeting and rule id of its level", "[report]") {
  const auto& s = sample();
  const json j = report_json();
  CHECK(j["format"] == "chibo-report/2");
  CHECK(j["policy"]["name"] == "default");
  CHECK(j["policy"]["hash"] == s.policy.hash());
  CHECK(j["period"]["from"] == "2025-01-01");
  CHECK(j["period"]["to"] == "2025-12-31");

  const auto& reg = Registry::builtin();
  std::set<std::string> cell_rules, committee_rules, meeting_rules;
  for (const auto& r : reg.rules()) {
    if (!r.scored) continue;
    if (r.level == Level::committee)
      committee_rules.insert(r.id);
    else
      cell_rules.insert(r.id);
    if (r.level == Level::meeting) meeting_rules.insert(r.id);
  }
  REQUIRE(j["units"].size() == s.ds.org_units.size());
  std::size_t cells = 0;
  for (const auto& u : j["units"]) {
    std::set<std::string> ids;
    for (const auto& [k, v] : u["rules"].items()) {
      ids.insert(k);
      CHECK((v.is_null() || (v.get<double>() >= 0 && v.get<double>() <= 1)));
    }
    const bool cell = u["kind"] == "cell";
    cells += cell;
    CHECK(ids == (cell ? cell_rules : committee_rules));
    CHECK(u["measures"].size() == 7);
    for (const auto& [k, v] : u["measures"].items())
      CHECK((v.is_null() || (v.get<double>() >= 0 && v.get<double>() <= 100)));
    CHECK(u.contains("total"));
    CHECK(u.contains("rating"));
    CHECK(u.contains("parent_id"));
    CHECK(u.contains("ratings") == !cell);
    if (!u["rating"].is_null())
      CHECK(std::set<std::string>{"tot", "kha", "trung_binh", "kem"}.count(u["rating"]) == 1);
  }
  CHECK(cells > 10);
  REQUIRE(j["meetings"].size() == s.report.meetings.size());
  for (const auto& m : j["meetings"]) {
    std::set<std::string> ids;
    for (const auto& [k, v] : m["rules"].items()) ids.insert(k);
    CHECK(ids == meeting_rules);
    CHECK((m["profile"] == "hd12-2018" || m["profile"] == "hd42-2025"));
    CHECK(m["date"].get<std::string>().rfind("2025-", 0) == 0);
  }
  // Grouped (the default): one item per cell and rule, standing for every finding of that rule.
  std::size_t grouped = 0;
  for (const auto& g : j["findings"]) {
    CHECK(reg.find(g["rule"].get<std::string>()) != nullptr);
    CHECK(g["rank"].get<int>() >= 1);
    CHECK(g["points"].get<double>() >= 0);
    CHECK_FALSE(g["worst"]["message_vi"].get<std::string>().empty());
    grouped += g["count"].get<std::size_t>();
  }
  CHECK(grouped == s.report.finding_count());
  JsonOptions detail;
  detail.findings = FindingsStyle::detail;
  const json d = report_json(detail);
  REQUIRE(d["findings"].size() == s.report.finding_count());
  for (const auto& f : d["findings"]) {
    CHECK(reg.find(f["rule"].get<std::string>()) != nullptr);
    CHECK_FALSE(f["message_vi"].get<std::string>().empty());
    CHECK_FALSE(f["message_en"].get<std::string>().empty());
    CHECK(f["message_en"].get<std::string>().find('{') == std::string::npos);  // every placeholder filled
    CHECK(f["evidence"].contains("threshold"));
    CHECK(f["evidence"].contains("gap"));
  }
}

TEST_CASE("the same input and options give the same bytes", "[report]") {
  GenerateOptions o;
  o.preset = Preset::commune;
  o.seed = 11;
  const Dataset again = generate(o);
  const Policy p = Policy::builtin();
  std::ostringstream a, b;
  write_json(a, sample().report);
  write_json(b, score(again, Period::year(2025), p));
  CHECK(a.str() == b.str());
}

TEST_CASE("names that need escaping and numbers survive the JSON round trip", "[report]") {
  GenerateOptions o;
  o.preset = Preset::commune;
  o.seed = 11;
  Dataset ds = generate(o);
  const std::vector<std::string> names = {
      "Chi bộ \"Số 1\"", "back\\slash", "two\nlines\r\ttab", std::string("control\x01\x1f", 9), "Đảng ủy xã",
      // past the sixteen bytes looked at together
      "Chi bộ thôn Đông Hòa \"mới\"", "sixteen bytes, then\x1f", "Chi bộ thôn Tây Sơn 2 \\ khu B"};
  StringColumn renamed;
  for (std::size_t u = 0; u < ds.org_units.size(); ++u)
    renamed.push_back(u < names.size() ? std::string_view(names[u]) : ds.org_units.name[u]);
  ds.org_units.name = std::move(renamed);
  const Policy p = Policy::builtin();
  const Report r = score(ds, Period::year(2025), p);
  std::ostringstream out;
  write_json(out, r);
  const json j = json::parse(out.str());
  std::map<std::string, const json*> by_id;
  for (const auto& u : j["units"]) by_id[u["id"].get<std::string>()] = &u;
  for (std::size_t u = 0; u < names.size(); ++u)
    CHECK((*by_id.at(std::string(ds.org_units.id[u])))["name"] == names[u]);
  // Every total reads back as the double the engine computed (whole numbers and fractions).
  std::size_t fractions = 0;
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const auto& total = (*by_id.at(std::string(ds.org_units.id[r.units[i].unit])))["total"];
    if (std::isnan(r.units[i].total)) {
      CHECK(total.is_null());
      continue;
    }
    CHECK(total.get<double>() == r.units[i].total);
    fractions += r.units[i].total != std::floor(r.units[i].total);
  }
  CHECK(fractions > 0);
}

TEST_CASE("meetings and findings can be left out of the JSON", "[report]") {
  JsonOptions o;
  o.meetings = false;
  o.findings = FindingsStyle::none;
  const json j = report_json(o);
  CHECK_FALSE(j.contains("meetings"));
  CHECK_FALSE(j.contains("findings"));
  CHECK(j["units"].size() == sample().ds.org_units.size());
}

TEST_CASE("CSV tables hold one row per unit, meeting and finding", "[report]") {
  const auto dir = chibo::test::scratch_root() / "csv";
  CsvOptions detail;
  detail.findings = FindingsStyle::detail;
  write_csv(dir, sample().report, detail);
  auto lines = [&](const char* f) {
    std::ifstream in(dir / f);
    std::string header, line;
    std::getline(in, header);
    std::size_t n = 0;
    while (std::getline(in, line)) ++n;
    return std::pair{header, n};
  };
  const auto [uh, un] = lines("units.csv");
  CHECK(un == sample().ds.org_units.size());
  CHECK(uh.rfind("id,kind,name,parent_id,total,rating", 0) == 0);
  CHECK(lines("meetings.csv").second == sample().report.meetings.size());
  CHECK(lines("findings.csv").second == sample().report.finding_count());  // quoted newlines never occur here
  std::filesystem::remove_all(dir);
}

TEST_CASE("the summary ranks and names what to act on", "[report]") {
  std::ostringstream vi, en;
  write_summary(vi, sample().report, {Language::vi, 5, 5});
  write_summary(en, sample().report, {Language::en, 5, 5});
  CHECK_THAT(vi.str(), Catch::Contains("Chi bộ theo chất lượng sinh hoạt") &&
                           Catch::Contains("Chi bộ có điểm thấp nhất"));
  CHECK_THAT(
      en.str(),
      Catch::Contains("Cells by meeting quality") && Catch::Contains("Cells with the lowest scores") &&
          Catch::Contains("Shortfalls in the most units") &&
          Catch::Contains("What to fix first (cells with the rule among their first 3; who must act)"));
  // The weakest cell is listed with its first priorities, as priorities_of ranks them.
  const Report& r = sample().report;
  std::size_t weakest = 0;
  for (std::size_t i = 0; i < r.units.size(); ++i)
    if (r.dataset->org_units.kind[i] == OrgKind::cell && !std::isnan(r.units[i].total) &&
        (std::isnan(r.units[weakest].total) || r.dataset->org_units.kind[weakest] != OrgKind::cell ||
         r.units[i].total < r.units[weakest].total))
      weakest = i;
  const auto first = priorities_of(r, weakest, 3);
  REQUIRE_FALSE(first.empty());
  std::string line = "priorities: ";
  for (std::size_t k = 0; k < first.size(); ++k)
    line += fmt::format("{}{} (+{:.1f})", k ? ", " : "", r.policy->registry().rules()[first[k].rule].id,
                        first[k].points);
  CHECK_THAT(en.str(),
             Catch::Contains(std::string(r.dataset->org_units.id[weakest])) && Catch::Contains(line));
}

TEST_CASE("the CSV tables carry grouped findings and each cell's priorities", "[report]") {
  const Report& r = sample().report;
  const auto dir = chibo::test::scratch_root() / "csv-grouped";
  write_csv(dir, r);  // grouped findings, three priorities: the defaults
  std::size_t groups = 0;
  std::map<std::string, std::string> priorities;  // by unit id: "M6.1;M7.1;…"
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    groups += group_findings(r, i, r.findings_of(i)).size();
    if (r.dataset->org_units.kind[i] != OrgKind::cell) continue;
    std::string ids;
    for (const auto& p : priorities_of(r, i, 3))
      ids += (ids.empty() ? "" : ";") + r.policy->registry().rules()[p.rule].id;
    priorities[std::string(r.dataset->org_units.id[i])] = ids;
  }
  std::ifstream findings(dir / "findings.csv");
  std::string line;
  std::getline(findings, line);
  CHECK(line.rfind("rule,severity,cell_id,rank,points,count,meeting_ids,dates,member_ids,", 0) == 0);
  std::size_t rows = 0;
  while (std::getline(findings, line)) ++rows;
  CHECK(rows == groups);

  // units.csv: the priorities, then the duty score and the committees' duty priorities (no
  // unit name of this sample holds a comma).
  auto split = [](const std::string& text) {
    std::vector<std::string> out(1);
    for (char c : text) {
      if (c == ',')
        out.emplace_back();
      else
        out.back().push_back(c);
    }
    return out;
  };
  std::ifstream units(dir / "units.csv");
  std::getline(units, line);
  const auto header = split(line);
  REQUIRE(header.size() >= 3);
  CHECK(header[header.size() - 4] == "priorities");
  CHECK(header[header.size() - 3] == "duty");
  CHECK(header[header.size() - 2] == "duty_priorities");
  CHECK(header[header.size() - 1] == "annual_rating");
  std::size_t checked = 0, committees = 0;
  while (std::getline(units, line)) {
    const auto row = split(line);
    REQUIRE(row.size() == header.size());
    std::size_t pos = 0;
    while (r.dataset->org_units.id[r.units[pos].unit] != row[0]) ++pos;
    CHECK(row[header.size() - 3] ==
          (std::isnan(r.units[pos].duty) ? "" : fmt::format("{}", r.units[pos].duty)));
    const auto annual = r.dataset->annual_rating(r.units[pos].unit, 2025);
    CHECK(row.back() == (annual ? std::string(to_code(*annual)) : std::string()));
    if (row[1] != "cell") {
      std::string duties;
      for (const auto& p : duty_priorities_of(r, pos, 3))
        duties += (duties.empty() ? "" : ";") + r.policy->registry().rules()[p.rule].id;
      CHECK(row[header.size() - 2] == duties);
      committees += !duties.empty();
      continue;
    }
    if (!priorities.count(row[0])) continue;
    CHECK(row[header.size() - 4] == priorities[row[0]]);
    ++checked;
  }
  CHECK(committees > 0);
  CHECK(checked == priorities.size());
  std::filesystem::remove_all(dir);
}
