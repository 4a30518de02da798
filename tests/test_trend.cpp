#include <chibo/dataset.hpp>
#include <chibo/generate.hpp>
#include <chibo/load.hpp>
#include <chibo/schema.hpp>
#include <chibo/trend.hpp>

#include "files.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

using namespace chibo;

namespace {

Date day(const char* s) {
  return parse_date(s);
}

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

// Two reports of the same period agree on every unit and meeting.
void require_equal(const Report& a, const Report& b) {
  REQUIRE(a.units.size() == b.units.size());
  for (std::size_t u = 0; u < a.units.size(); ++u) {
    INFO("unit " << u);
    CHECK(same(a.units[u].total, b.units[u].total));
    CHECK(a.units[u].rating == b.units[u].rating);
    CHECK(a.units[u].weak == b.units[u].weak);
    CHECK(same(a.units[u].duty, b.units[u].duty));
    CHECK(a.units[u].ratings == b.units[u].ratings);
  }
  REQUIRE(a.unit_measures.size() == b.unit_measures.size());
  for (std::size_t i = 0; i < a.unit_measures.size(); ++i)
    CHECK(same(a.unit_measures[i], b.unit_measures[i]));
  REQUIRE(a.unit_rules.size() == b.unit_rules.size());
  for (std::size_t i = 0; i < a.unit_rules.size(); ++i) CHECK(same(a.unit_rules[i], b.unit_rules[i]));
  REQUIRE(a.meetings.size() == b.meetings.size());
  for (std::size_t m = 0; m < a.meetings.size(); ++m) {
    CHECK(a.meetings[m].meeting == b.meetings[m].meeting);
    CHECK(same(a.meetings[m].total, b.meetings[m].total));
    CHECK(a.meetings[m].rating == b.meetings[m].rating);
  }
  CHECK(a.finding_count() == b.finding_count());
}

// Appends a table's rows from another year's dataset of the same structure and members: the
// other year's ids take a prefix, its references to meetings shift past this year's meetings.
template <class Rows>
void append_year(Rows& into, const Rows& from, Index meeting_offset, const std::string& prefix) {
  const auto base = static_cast<std::uint32_t>(into.size());
  schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t) {
    using Column = std::decay_t<decltype(c)>;
    using Kind = typename Column::kind_type;
    auto& to = into.*(c.member);
    const auto& rows = from.*(c.member);
    if constexpr (std::is_same_v<Kind, schema::kind::Id>) {
      for (std::size_t i = 0; i < rows.size(); ++i) to.push_back(prefix + std::string(rows[i]));
    } else if constexpr (std::is_same_v<Kind, schema::kind::Sparse<Rows>>) {
      to.append(rows);
      for (const auto r : from.*(c.kind.rows)) (into.*(c.kind.rows)).push_back(base + r);
    } else if constexpr (std::is_same_v<typename Column::value_type, StringColumn>) {
      to.append(rows);
    } else if constexpr (std::is_same_v<Kind, schema::kind::Reference>) {
      for (const auto v : rows)
        to.push_back(c.kind.space == schema::Space::meeting && v != no_index ? v + meeting_offset : v);
    } else {
      to.insert(to.end(), rows.begin(), rows.end());
    }
  });
}

// Two generated years of one commune in one dataset: 2025's structure and members, the
// meetings (and what hangs on them) of 2024 and of 2025.
Dataset two_years() {
  GenerateOptions g;
  g.preset = Preset::commune;
  g.seed = 3;
  g.year = 2025;
  Dataset ds = generate(g);
  g.year = 2024;
  const Dataset earlier = generate(g);
  REQUIRE(earlier.org_units.id.size() == ds.org_units.id.size());
  REQUIRE(earlier.members.size() == ds.members.size());
  const auto offset = static_cast<Index>(ds.meetings.size());
  append_year(ds.meetings, earlier.meetings, offset, "Y24-");
  append_year(ds.agenda_items, earlier.agenda_items, offset, "Y24-");
  append_year(ds.attendance, earlier.attendance, offset, "Y24-");
  append_year(ds.contributions, earlier.contributions, offset, "Y24-");
  append_year(ds.resolutions, earlier.resolutions, offset, "Y24-");
  append_year(ds.tasks, earlier.tasks, offset, "Y24-");
  append_year(ds.visits, earlier.visits, offset, "Y24-");
  append_year(ds.escalations, earlier.escalations, offset, "Y24-");
  // Written and read back: the loader checks the whole and builds the indexes.
  const auto folder = chibo::test::scratch_root() / "two-years";
  std::filesystem::remove_all(folder);
  write_csv_dataset(ds, folder);
  Dataset both = load_csv(folder);
  std::filesystem::remove_all(folder);
  return both;
}

}  // namespace

TEST_CASE("a trend over two years of data equals scoring each step, with its changes year on year",
          "[trend]") {
  const Dataset ds = two_years();
  std::size_t in_2024 = 0;
  for (const Date d : ds.meetings.date) in_2024 += d.year() == 2024;
  REQUIRE(in_2024 > 100);
  const Policy policy = Policy::builtin();
  const Period range{day("2024-01-01"), day("2025-12-31")};
  for (const StepLength by : {StepLength::month, StepLength::quarter, StepLength::year}) {
    INFO("by " << static_cast<int>(by));
    const Trend trend = score_trend(ds, range, by, policy);
    const auto steps = steps_of(range, by);
    REQUIRE(trend.steps.size() == steps.size());
    for (std::size_t s = 0; s < steps.size(); ++s) require_equal(trend.steps[s], score(ds, steps[s], policy));
    // Year on year: the same step a year back is the report of that step alone.
    const std::size_t back = trend.year_back();
    REQUIRE(steps.size() == 2 * back);
    const Report last_year = score(ds, steps[back - 1], policy);
    for (std::size_t u = 0; u < ds.org_units.size(); ++u) {
      const double before = last_year.units[u].total;
      CHECK((std::isnan(before) ? std::isnan(trend.total(back - 1, u)) : trend.total(back - 1, u) == before));
    }
  }
  // The text shows the change over a year for the root.
  const Trend by_quarter = score_trend(ds, range, StepLength::quarter, policy);
  std::ostringstream text;
  write_trend_text(text, by_quarter, {Language::en, 3});
  CHECK(text.str().find("year on year") != std::string::npos);
}

TEST_CASE("a range cut into months, quarters and years, clipped at its ends", "[trend]") {
  const Period range{day("2024-11-15"), day("2025-07-10")};
  const auto months = steps_of(range, StepLength::month);
  REQUIRE(months.size() == 9);
  CHECK(months.front().from == day("2024-11-15"));
  CHECK(months.front().to == day("2024-11-30"));
  CHECK(months[3].from == day("2025-02-01"));
  CHECK(months[3].to == day("2025-02-28"));
  CHECK(months.back().from == day("2025-07-01"));
  CHECK(months.back().to == day("2025-07-10"));
  CHECK(step_label(months[3], StepLength::month) == "2025-02");
  const auto quarters = steps_of(range, StepLength::quarter);
  REQUIRE(quarters.size() == 4);
  CHECK(quarters[1].from == day("2025-01-01"));
  CHECK(quarters[1].to == day("2025-03-31"));
  CHECK(step_label(quarters[0], StepLength::quarter) == "2024-Q4");
  CHECK(step_label(quarters[3], StepLength::quarter) == "2025-Q3");
  const auto years = steps_of(range, StepLength::year);
  REQUIRE(years.size() == 2);
  CHECK(years[0].to == day("2024-12-31"));
  CHECK(step_label(years[1], StepLength::year) == "2025");
  // Steps tile the range: no day twice, none left out.
  for (std::size_t i = 1; i < months.size(); ++i)
    CHECK(months[i].from == months[i - 1].to + boost::gregorian::days(1));
  CHECK_THROWS_AS(steps_of({day("2025-02-01"), day("2025-01-01")}, StepLength::month), std::invalid_argument);
}

TEST_CASE("every step of a trend equals scoring that step alone", "[trend]") {
  GenerateOptions g;
  g.preset = Preset::district;
  g.year = 2025;
  g.seed = 11;
  const Dataset ds = generate(g);
  const Policy policy = Policy::builtin();
  // Across the year boundary and the reorganisation of 1 July 2025, with steps before the data.
  const Period range{day("2024-10-01"), day("2025-12-31")};
  for (const StepLength by : {StepLength::month, StepLength::quarter, StepLength::year}) {
    for (const unsigned threads : {1u, 2u}) {
      INFO("by " << static_cast<int>(by) << ", threads " << threads);
      ScoreOptions options;
      options.threads = threads;
      const Trend trend = score_trend(ds, range, by, policy, options);
      const auto steps = steps_of(range, by);
      REQUIRE(trend.steps.size() == steps.size());
      for (std::size_t s = 0; s < steps.size(); ++s) {
        CHECK(trend.steps[s].period.from == steps[s].from);
        require_equal(trend.steps[s], score(ds, steps[s], policy, options));
      }
    }
  }
}

TEST_CASE("steps scored without the cells' rule scores keep totals, ratings, measures and duties",
          "[trend]") {
  const Dataset ds = load_csv(std::string(CHIBO_TEST_DATA) + "/sample-2025/dataset");
  const Policy policy = Policy::builtin();
  ScoreOptions lean;
  lean.cell_rules = false;
  const Trend t = score_trend(ds, Period::year(2025), StepLength::quarter, policy, lean);
  const Trend full = score_trend(ds, Period::year(2025), StepLength::quarter, policy);
  for (std::size_t s = 0; s < t.steps.size(); ++s) {
    const Report &a = t.steps[s], &b = full.steps[s];
    CHECK_FALSE(a.has_cell_rules());
    for (std::size_t u = 0; u < a.units.size(); ++u) {
      CHECK(same(a.units[u].total, b.units[u].total));
      CHECK(a.units[u].rating == b.units[u].rating);
      CHECK(same(a.units[u].duty, b.units[u].duty));
      for (std::size_t k = 0; k < a.measure_count(); ++k)
        CHECK(same(a.measures_of(u)[k], b.measures_of(u)[k]));
      if (ds.org_units.kind[u] == OrgKind::cell) CHECK(a.rules_of(u).empty());
    }
    CHECK(a.unit_duty_points == b.unit_duty_points);
  }
  std::ostringstream json;
  CHECK_THROWS_AS(write_json(json, t.steps[0]), std::invalid_argument);
}

TEST_CASE("the units that fell and rose most, and the trend's tables", "[trend]") {
  const Dataset ds = load_csv(std::string(CHIBO_TEST_DATA) + "/sample-2025/dataset");
  const Policy policy = Policy::builtin();
  const Trend t = score_trend(ds, Period::year(2025), StepLength::quarter, policy);
  REQUIRE(t.steps.size() == 4);
  const auto falls = largest_changes(t, 2, 3, true, true, 3);
  const auto rises = largest_changes(t, 2, 3, true, false, 100);
  REQUIRE(!falls.empty());
  for (std::size_t i = 0; i < falls.size(); ++i) {
    CHECK(falls[i].delta() < 0);
    CHECK(falls[i].before == t.total(2, falls[i].unit_pos));
    CHECK(falls[i].after == t.total(3, falls[i].unit_pos));
    if (i) CHECK(falls[i].delta() >= falls[i - 1].delta());
  }
  // No cell left out fell more than the last one listed.
  for (std::size_t u = 0; u < t.steps[3].units.size(); ++u) {
    if (ds.org_units.kind[u] != OrgKind::cell) continue;
    const double d = t.total(3, u) - t.total(2, u);
    const bool listed =
        std::any_of(falls.begin(), falls.end(), [&](const Change& c) { return c.unit_pos == u; });
    if (!listed && !std::isnan(d)) CHECK(d >= falls.back().delta());
    if (d > 0)
      CHECK(std::any_of(rises.begin(), rises.end(), [&](const Change& c) { return c.unit_pos == u; }));
  }

  const auto folder = chibo::test::scratch_root() / "trend-csv";
  std::filesystem::remove_all(folder);
  write_trend_csv(folder, t);
  std::ifstream in(folder / "trend.csv");
  std::string line;
  std::getline(in, line);
  CHECK(line.rfind("unit_id,kind,step,from,to,total,rating,M1,", 0) == 0);
  std::size_t rows = 0;
  while (std::getline(in, line)) ++rows;
  CHECK(rows == ds.org_units.size() * 4);
  std::filesystem::remove_all(folder);

  std::ostringstream json;
  write_trend_json(json, t);
  CHECK(json.str().rfind("{\n\"format\":\"chibo-trend/1\"", 0) == 0);
  CHECK(json.str().find("\"step\":\"2025-Q4\"") != std::string::npos);
  std::ostringstream text;
  write_trend_text(text, t, {Language::en, 5});
  CHECK(text.str().find("Cells that fell most (2025-Q3 → 2025-Q4)") != std::string::npos);
}
