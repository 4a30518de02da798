// The words of the trade: the summary's Vietnamese against a reviewed list, findings phrased as
// what is wrong, who must act, and messages that fit the cell (its size, its sector, what was
// recorded).
#include "files.hpp"
#include "fixture.hpp"

#include <chibo/classification.hpp>
#include <chibo/report.hpp>

#include <regex>
#include <set>

using namespace chibo;
using namespace chibo::test;

namespace {

// A generated commune whose cells are all classified httnv for the year scored: every section
// of the summary has something to say.
struct RatedCommune {
  Dataset ds;
  Policy policy = Policy::builtin();
  Report report;
  RatedCommune() {
    GenerateOptions o;
    o.preset = Preset::commune;
    // The first seed whose commune has a Kém cell, so that the doubtful list has a line.
    for (o.seed = 1;; ++o.seed) {
      ds = generate(o);
      const Report probe = score(ds, Period::year(2025), policy);
      if (std::any_of(probe.units.begin(), probe.units.end(),
                      [](const UnitScore& u) { return u.rating == Rating::kem; }))
        break;
    }
    // The generator classifies the year leniently already; here every cell is httnv.
    for (Index k = 0; k < ds.ratings.size(); ++k)
      if (ds.ratings.year[k] == 2025) ds.ratings.rating[k] = AnnualRating::httnv;
    ds.finalize();
    report = score(ds, Period::year(2025), policy);
  }
};

const RatedCommune& rated() {
  static const RatedCommune c;
  return c;
}

std::string summary(Language l) {
  std::ostringstream out;
  SummaryOptions o;
  o.lang = l;
  write_summary(out, rated().report, o);
  return out.str();
}

std::set<std::string> reviewed_headings() {
  std::set<std::string> out;
  std::istringstream in(read_file(std::filesystem::path(CHIBO_TEST_DATA) / "summary_headings_vi.txt"));
  for (std::string line; std::getline(in, line);)
    if (!line.empty() && line[0] != '#') out.insert(line);
  return out;
}

std::string heading_pattern(std::string line) {
  line = std::regex_replace(line, std::regex("[0-9a-f]{16}"), "#");
  return std::regex_replace(line, std::regex("[0-9][0-9./,]*"), "#");
}

}  // namespace

TEST_CASE("every heading of the Vietnamese summary is on the reviewed list", "[words]") {
  const std::string text = summary(Language::vi);
  const auto reviewed = reviewed_headings();
  std::istringstream in(text);
  std::set<std::string> seen;
  for (std::string line; std::getline(in, line);) {
    if (line.empty() || line[0] == ' ') continue;  // rows under a heading
    INFO(line);
    CHECK(reviewed.count(heading_pattern(line)) == 1);
    seen.insert(heading_pattern(line));
  }
  // This dataset has every section: each reviewed heading is used (the list holds no stale line).
  for (const auto& h : reviewed) {
    INFO(h);
    CHECK(seen.count(h) == 1);
  }
}

TEST_CASE("Vietnamese output writes numbers and dates the Vietnamese way", "[words]") {
  const std::string vi = summary(Language::vi), en = summary(Language::en);
  // No decimal point (a rule id such as M6.1 is no number).
  CHECK_FALSE(std::regex_search(vi, std::regex("(^|[^A-Z0-9.])[0-9]+\\.[0-9]([^0-9]|$)")));
  CHECK(std::regex_search(vi, std::regex("[0-9],[0-9]%")));  // a decimal comma
  CHECK_FALSE(std::regex_search(vi, std::regex("[0-9]{4}-[0-9]{2}-[0-9]{2}")));
  CHECK_THAT(vi, Catch::Contains("01/01/2025 – 31/12/2025"));
  CHECK_THAT(en, Catch::Contains("2025-01-01 – 2025-12-31"));
  CHECK(std::regex_search(en, std::regex("[0-9]\\.[0-9]%")));
  // Words that said the wrong thing before (see docs/decisions.md).
  for (const char* wrong :
       {"Xếp loại chi bộ", "Xếp hạng cấp huyện", "chính sách", "Cuộc họp", "yếu nhất", "default"})
    CHECK_THAT(vi, !Catch::Contains(wrong));
}

TEST_CASE("the summary sets the annual classification beside meeting quality", "[words][report]") {
  const Report& r = rated().report;
  std::size_t kem = 0;
  for (const auto& u : r.units)
    kem += r.dataset->org_units.kind[u.unit] == OrgKind::cell && u.rating == Rating::kem;
  REQUIRE(kem > 0);  // cells rated httnv whose meetings are Kém: listed as doubtful
  CHECK_THAT(summary(Language::vi),
             Catch::Contains(fmt::format(
                 "Xếp loại từ hoàn thành tốt nhiệm vụ trở lên nhưng sinh hoạt Kém: {} chi bộ", kem)));
  CHECK_THAT(summary(Language::en),
             Catch::Contains(fmt::format("Rated good or better but meetings Poor: {} cells", kem)));
}

TEST_CASE("every rule names who must act and what is wrong when it falls short", "[words][rules]") {
  const auto rules = Registry::builtin().rules();
  REQUIRE(rules.size() > 30);
  for (const RuleInfo& r : rules) {
    INFO(r.id);
    CHECK_FALSE(r.shortfall_vi.empty());
    CHECK_FALSE(r.shortfall.empty());
    CHECK(r.shortfall_vi != r.description_vi);
    // Measures 5 and 7, the secretary's training (M6.1) and the structure of cells are the
    // upper-level committees' duties; the rest the cell's or its secretary's.
    const bool upper = r.measure == "M5" || r.measure == "M7" || r.id == "M6.1" || r.measure.empty();
    CHECK((r.owner == Owner::upper_committee) == upper);
  }
  CHECK(Registry::builtin().find("M2.6")->shortfall_vi == "Nội dung còn nặng về phổ biến, liệt kê");
}

TEST_CASE("messages name the chi ủy or the secretary by the cell's size, and the counterpart by its sector",
          "[words][messages]") {
  Fixture f;
  f.tree(2);
  f.ds.org_units.sector[f.find_unit("C2")] = Sector::residential;
  f.members("C1", 4);   // too small for a chi ủy: the secretary leads
  f.members("C2", 10);  // nine or more full members elect a chi ủy
  const Index small = f.meeting("G1", "C1", "2025-03-10");
  const Index large = f.meeting("G2", "C2", "2025-03-10");
  f.ds.meetings.consulted_unit_head[small] = Consulted::no;
  f.ds.meetings.consulted_unit_head[large] = Consulted::no;
  f.ds.meetings.notice_date[small] = Date();                     // not recorded
  f.ds.meetings.notice_date[large] = f.ds.meetings.date[large];  // the same day: late
  const Report r = f.score();
  auto message = [&](Index meeting, std::string_view rule, Language l) {
    for (const Finding& finding : all_findings(r))
      if (finding.meeting == meeting && r.policy->registry().rules()[finding.rule].id == rule)
        return render_message(r, finding, l);
    FAIL("no finding " << rule);
    return std::string();
  };
  CHECK(message(small, "M1.5", Language::vi) == "Bí thư chưa tự đánh giá chất lượng buổi sinh hoạt");
  CHECK(message(large, "M1.5", Language::vi) == "Chi ủy chưa tự đánh giá chất lượng buổi sinh hoạt");
  CHECK(message(large, "M1.5", Language::en) == "The cell committee did not rate the meeting");
  CHECK(message(small, "M2.3", Language::vi) == "Bí thư chưa trao đổi trước với trưởng thôn");
  CHECK(message(large, "M2.3", Language::vi) == "Bí thư chưa trao đổi trước với tổ trưởng tổ dân phố");
  CHECK(message(large, "M2.3", Language::en) ==
        "The secretary did not consult the head of the residential group beforehand");
  CHECK(message(small, "M2.1", Language::vi) ==
        "Không ghi nhận ngày gửi thông báo họp; cần gửi trước ít nhất 1 ngày");
  CHECK(message(large, "M2.1", Language::vi) ==
        "Thông báo họp gửi muộn: 0 ngày trước buổi sinh hoạt; cần gửi trước ít nhất 1 ngày");
  CHECK(message(small, "M2.1", Language::en) ==
        "No notice date was recorded; it must go out at least 1 day(s) before");
}

TEST_CASE("the JSON report says who must act on each rule", "[words][report]") {
  std::ostringstream out;
  write_json(out, rated().report);
  CHECK_THAT(out.str(),
             Catch::Contains(R"({"id":"M5.1","measure":"M5","level":"cell","owner":"upper_committee",)"
                             R"("shortfall_vi":"Cán bộ cấp trên chưa dự sinh hoạt chi bộ mỗi quý",)"));
  CHECK_THAT(out.str(),
             Catch::Contains(R"({"id":"M2.6","measure":"M2","level":"meeting","owner":"secretary",)"));
}

namespace {
// A 2026 province: no district level, five communes of one cell each, the fifth the weakest.
Fixture two_tier() {
  Fixture f;
  f.unit("P", "", OrgKind::province);
  for (int g = 1; g <= 5; ++g) {
    const std::string commune = fmt::format("X{}", g), cell = fmt::format("C{}", g);
    f.unit(commune, "P", OrgKind::grassroots_committee);
    f.unit(cell, commune, OrgKind::cell);
    const auto members = f.members(cell, 6);
    for (int month = 1; month <= 12; ++month) {
      const Index m = f.meeting(fmt::format("{}-{}", cell, month), cell, fmt::format("2026-{:02}-05", month));
      for (std::size_t k = 0; k < members.size(); ++k)  // cell g misses g members
        f.attend(m, members[k],
                 static_cast<int>(k) < g ? AttendanceStatus::absent : AttendanceStatus::present);
    }
  }
  return f;
}
}  // namespace

TEST_CASE("a 2026 two-tier province ranks its communes", "[words][levels]") {
  Fixture f = two_tier();
  const Report r = f.score(Period::year(2026));
  std::ostringstream vi;
  write_summary(vi, r, {});
  const std::string text = vi.str();
  const auto heading = text.find("Đảng bộ cơ sở (xã, phường, cơ quan, doanh nghiệp) — điểm bình quân");
  REQUIRE(heading != std::string::npos);
  std::vector<std::size_t> at;
  for (int g = 1; g <= 5; ++g) at.push_back(text.find(fmt::format(". Unit X{} ", g), heading));
  for (std::size_t k = 0; k < at.size(); ++k) {
    CHECK(at[k] != std::string::npos);
    if (k) CHECK(at[k - 1] < at[k]);  // X1 first: its cell misses the fewest members
  }
  CHECK_THAT(text, !Catch::Contains("cấp huyện"));
}

TEST_CASE("the summary lists a long level by its first and last committees", "[words][levels]") {
  Fixture f = two_tier();
  const Report r = f.score(Period::year(2026));
  std::ostringstream all, some;
  SummaryOptions o;
  o.lang = Language::en;
  o.ranked = 0;
  write_summary(all, r, o);
  o.ranked = 2;
  write_summary(some, r, o);
  CHECK_THAT(all.str(), Catch::Contains("5. Unit X5") && !Catch::Contains("… "));
  CHECK_THAT(some.str(), Catch::Contains("1. Unit X1") && Catch::Contains("… 3 more") &&
                             Catch::Contains("5. Unit X5") && !Catch::Contains("2. Unit X2"));
}

TEST_CASE("the JSON report cross-tabulates the annual classification with meeting quality",
          "[words][report]") {
  const ClassificationTable t = classification_beside_quality(rated().report);
  REQUIRE(t.classified > 0);
  REQUIRE_FALSE(t.doubtful.empty());
  std::ostringstream out;
  write_json(out, rated().report);
  const std::string json = out.str();
  // Every rated cell is classified httnv here: one row of the table holds them all.
  std::size_t httnv = 0;
  for (auto n : t.cells[1]) httnv += n;
  CHECK(httnv == t.classified);
  CHECK_THAT(json, Catch::Contains(
                       fmt::format(R"("classification":{{"year":2025,"cells":{{"htxsnv":{{"tot":0,"kha":0,)"
                                   R"("trung_binh":0,"kem":0}},"httnv":{{"tot":{},"kha":{},"trung_binh":{},)"
                                   R"("kem":{}}})",
                                   t.cells[1][0], t.cells[1][1], t.cells[1][2], t.cells[1][3])));
  const auto& first = rated().report.units[t.doubtful.front()];
  CHECK_THAT(json, Catch::Contains(
                       fmt::format(R"("doubtful_cell_ids":["{}")", rated().ds.org_units.id[first.unit])));
  CHECK(first.rating == Rating::kem);
  CHECK_THAT(json, Catch::Contains(R"("weak":false,"annual_rating":"httnv")") ||
                       Catch::Contains(R"("weak":true,"annual_rating":"httnv")"));
}

TEST_CASE("a message template: evidence and names filled, conditionals chosen, the rest kept as written",
          "[words][messages]") {
  Fixture f;
  f.tree(1);
  f.members("C1", 4);  // too small for a chi ủy: the secretary leads
  const Index g = f.meeting("G1", "C1", "2025-03-10");
  f.ds.finalize();
  // A rule like M2.1 with a template written to reach every part of the grammar.
  Registry registry = Registry::builtin();
  RuleInfo rule = *registry.find("M2.1");
  rule.id = "X2.1";
  rule.defaults.constants.clear();
  rule.metric_unit = Unit::ratio;
  rule.message_en =
      "{Committee}: {days} day(s){?late:, late {?days:by {days}|on the day}|, on time}; {metric} of {target}"
      " {nope} {} {?nocolon}{?missing:yes|no} in {meeting}, ends {metric";
  rule.message_vi = "{counterpart} {?late:muộn|đúng hạn}";
  registry.add(rule);
  const Policy policy = Policy::builtin(registry);
  Finding finding;
  finding.rule = static_cast<std::uint16_t>(registry.rules().size() - 1);
  REQUIRE(registry.rules()[finding.rule].id == "X2.1");
  finding.unit = f.find_unit("C1");
  finding.meeting = g;
  finding.metric = 0.125;
  finding.target = 1;
  finding.evidence.add("late", 1, Unit::flag).add("days", 2, Unit::days);
  const std::string late =
      "The secretary: 2 day(s), late by 2; 12.5% of 100% {nope} {} no in G1, ends {metric";
  CHECK(render_message(f.ds, policy, finding, Language::en) == late);
  CHECK(render_message(f.ds, policy, finding, Language::vi) == "trưởng thôn muộn");
  // Rendered again (the template's pieces are kept): the same text.
  CHECK(render_message(f.ds, policy, finding, Language::en) == late);

  Finding on_time = finding;
  on_time.evidence = Evidence();
  on_time.evidence.add("late", 0, Unit::flag).add("days", 0, Unit::days);
  CHECK(render_message(f.ds, policy, on_time, Language::en) ==
        "The secretary: 0 day(s), on time; 12.5% of 100% {nope} {} no in G1, ends {metric");
  CHECK(render_message(f.ds, policy, on_time, Language::vi) == "trưởng thôn đúng hạn");
}
