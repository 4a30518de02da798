// The synthetic provinces: determinism, calibration to the article's figures, and loadability.
#include <chibo/unicode.hpp>

#include "files.hpp"
#include "fixture.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <unordered_map>

using namespace chibo;
using namespace chibo::test;
namespace fs = std::filesystem;

namespace {
GenerateOptions options(Preset p, std::uint64_t seed = 3) {
  GenerateOptions o;
  o.preset = p;
  o.year = 2025;
  o.seed = seed;
  return o;
}
fs::path temp(const std::string& name) {
  const fs::path dir = chibo::test::scratch_root() / ("gen-" + name);
  fs::remove_all(dir);
  return dir;
}
std::map<std::string, std::string> files(const fs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    out[e.path().filename().string()] = s.str();
  }
  return out;
}
// Bắc Giang before the 2025 reform (2024): one province, its districts and communes.
const Dataset& bac_giang() {
  static const Dataset ds = [] {
    GenerateOptions o = options(Preset::bac_giang, 2025);
    o.year = 2024;
    return generate(o);
  }();
  return ds;
}
// The year of the reform: districts dissolved on 30 June, cells moved on 1 July.
const Dataset& bac_giang_2025() {
  static const Dataset ds = generate(options(Preset::bac_giang, 2025));
  return ds;
}
const Dataset& generate_cached() {
  static const Dataset ds = generate(options(Preset::commune));
  return ds;
}
double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}
}  // namespace

TEST_CASE("same options, same bytes, and another seed, other data", "[generate]") {
  const auto a = temp("a"), b = temp("b"), c = temp("c");
  write_generated(options(Preset::commune), a);
  auto threaded = options(Preset::commune);
  threaded.threads = 1;
  write_generated(threaded, b);
  write_generated(options(Preset::commune, 4), c);
  const auto fa = files(a);
  CHECK(fa.size() == 16);
  CHECK(fa == files(b));
  CHECK(fa.at("members.csv") != files(c).at("members.csv"));
  for (auto& d : {a, b, c}) fs::remove_all(d);
}

TEST_CASE("every generated dataset loads without a validation error and as generated", "[generate]") {
  for (Preset p : {Preset::commune, Preset::district}) {
    const auto dir = temp(std::string(preset_name(p)));
    const auto counts = write_generated(options(p), dir);
    CHECK(counts.mistakes.empty());
    const Dataset loaded = load_csv(dir);
    const Dataset built = generate(options(p));
    CHECK(loaded.row_counts() == built.row_counts());
    CHECK(loaded.members.size() == counts.members);
    // Scores do not depend on how the data arrived (NFD names, CSV round trip).
    const Policy policy = Policy::builtin();
    std::ostringstream a, b;
    write_json(a, score(loaded, Period::year(2025), policy), {true, FindingsStyle::none});
    write_json(b, score(built, Period::year(2025), policy), {true, FindingsStyle::none});
    // The loader normalises names that were written in NFD; the loaded data records its files.
    CHECK(test::without_provenance(a.str()) == test::without_provenance(to_nfc(b.str())));
    fs::remove_all(dir);
  }
}

TEST_CASE("bac-giang: 10 districts, 209+ grassroots committees, about 88,700 members", "[generate]") {
  const Dataset& ds = bac_giang();
  std::map<OrgKind, std::size_t> kinds;
  std::size_t cells_under_district = 0;
  for (Index u = 0; u < ds.org_units.size(); ++u) {
    ++kinds[ds.org_units.kind[u]];
    const Index p = ds.org_units.parent[u];
    if (ds.org_units.kind[u] == OrgKind::cell && p != no_index && ds.org_units.kind[p] == OrgKind::district)
      ++cells_under_district;
  }
  CHECK(kinds[OrgKind::province] == 1);
  CHECK(kinds[OrgKind::district] == 10);
  CHECK(kinds[OrgKind::grassroots_committee] >= 209);
  CHECK(cells_under_district > 0);
  CHECK(ds.members.size() == Approx(88700).epsilon(0.03));
  // Real place names, in Vietnamese.
  bool tan_yen = false;
  for (Index u = 0; u < ds.org_units.size(); ++u)
    tan_yen |= to_nfc(ds.org_units.name[u]) == "Huyện ủy Tân Yên";
  CHECK(tan_yen);
}

TEST_CASE("bac-giang: cell sizes, exemptions, attendance and durations as the article describes",
          "[generate]") {
  const Dataset& ds = bac_giang();
  const Date jan1(2024, 1, 1);
  std::vector<double> village_sizes, exempt_share, small_sizes;
  for (Index c = 0; c < ds.org_units.size(); ++c) {
    if (ds.org_units.kind[c] != OrgKind::cell) continue;
    std::size_t on = 0, exempt = 0;
    for (Index m : ds.members_of(c)) {
      if (!ds.members.is_member_on(m, jan1)) continue;
      ++on;
      exempt += ds.members.is_exempt_on(m, jan1);
    }
    if (ds.org_units.sector[c] == Sector::village) {
      village_sizes.push_back(static_cast<double>(on));
      exempt_share.push_back(on ? static_cast<double>(exempt) / static_cast<double>(on) : 0);
    } else if (ds.org_units.sector[c] == Sector::agency || ds.org_units.sector[c] == Sector::enterprise) {
      small_sizes.push_back(static_cast<double>(on));
    }
  }
  REQUIRE(village_sizes.size() > 1000);
  CHECK(*std::min_element(village_sizes.begin(), village_sizes.end()) >= 12);
  CHECK(*std::max_element(village_sizes.begin(), village_sizes.end()) <= 41);
  CHECK(median(village_sizes) >= 20);
  CHECK(median(village_sizes) <= 24);
  CHECK(median(small_sizes) < median(village_sizes));
  double mean_exempt = 0;
  for (double s : exempt_share) mean_exempt += s;
  mean_exempt /= static_cast<double>(exempt_share.size());
  CHECK(mean_exempt >= 0.10);
  CHECK(mean_exempt <= 0.25);

  std::vector<double> attendance;
  std::size_t timed = 0, short_meetings = 0, out_of_range = 0;
  for (Index g = 0; g < ds.meetings.size(); g += 7) {
    const MeetingFacts f = meeting_facts(ds, g);
    if (f.eligible) attendance.push_back(static_cast<double>(f.present_eligible) / f.eligible);
    if (ds.meetings.start_time[g] == no_time || ds.meetings.end_time[g] == no_time) continue;
    ++timed;
    short_meetings += f.duration_minutes < 90;
    out_of_range += f.duration_minutes < 60 || f.duration_minutes > 130;
  }
  CHECK(median(attendance) >= 0.80);
  CHECK(median(attendance) <= 0.95);
  std::size_t in_band = 0;
  for (double a : attendance) in_band += a >= 0.78 && a <= 0.97;
  CHECK(static_cast<double>(in_band) / static_cast<double>(attendance.size()) > 0.5);
  CHECK(out_of_range == 0);
  CHECK(static_cast<double>(short_meetings) / static_cast<double>(timed) > 0.1);
  CHECK(static_cast<double>(short_meetings) / static_cast<double>(timed) < 0.5);
}

TEST_CASE("bac-giang: the article's district habits show in the scores", "[generate]") {
  const Dataset& ds = bac_giang();
  const Policy policy = Policy::builtin();
  const Report r = score(ds, Period::year(2024), policy);
  std::map<std::string, double> m5, m6;
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    if (ds.org_units.kind[r.units[i].unit] != OrgKind::district) continue;
    const std::string name = to_nfc(ds.org_units.name[r.units[i].unit]);
    m5[name] = r.measures_of(i)[4];
    m6[name] = r.measures_of(i)[5];
  }
  for (auto& [name, v] : m5)
    if (name != "Huyện ủy Tân Yên") CHECK(m5["Huyện ủy Tân Yên"] > v);  // cadres attend every month
  double others = 0;
  for (auto& [name, v] : m6)
    if (name != "Huyện ủy Lục Ngạn") others += v / 9;
  CHECK(m6["Huyện ủy Lục Ngạn"] > others);  // secretaries watch rotating model meetings
  // Some strong, most middling, some weak.
  std::array<std::size_t, 4> ratings{};
  for (const auto& u : r.units)
    if (ds.org_units.kind[u.unit] == OrgKind::cell && u.rating)
      ++ratings[static_cast<std::size_t>(*u.rating)];
  CHECK(ratings[0] > 0);
  CHECK(ratings[3] > 0);
  CHECK(ratings[1] + ratings[2] > ratings[0] + ratings[3]);
}

TEST_CASE("bac-giang 2025 crosses 1 July: districts dissolved, cells moved under merged communes",
          "[generate][history]") {
  const Dataset& ds = bac_giang_2025();
  const auto& u = ds.org_units;
  const Date merger(2025, 7, 1);
  std::size_t districts = 0, new_communes = 0, moved_cells = 0, cells = 0;
  for (Index x = 0; x < u.size(); ++x) {
    if (u.kind[x] == OrgKind::district) {
      ++districts;
      CHECK(u.dissolved_on[x] == merger);
    }
    if (u.kind[x] == OrgKind::grassroots_committee && u.established_on[x] == merger) ++new_communes;
    cells += u.kind[x] == OrgKind::cell;
  }
  for (Index r = 0; r < ds.org_history.size(); ++r) {
    CHECK(ds.org_history.to[r] == Date(2025, 6, 30));
    moved_cells += u.kind[ds.org_history.unit[r]] == OrgKind::cell;
  }
  CHECK(districts == 10);
  CHECK(new_communes == Approx(209 / 3.6).margin(6));
  CHECK(moved_cells > cells * 9 / 10);  // all but cells dissolved before the merger
  // On 31 December no district has a cell below it; on 30 June every cell sat under one.
  const auto after = ds.tree_on(Date(2025, 12, 31)), before = ds.tree_on(Date(2025, 6, 30));
  std::size_t under_districts_before = 0;
  for (Index x = 0; x < u.size(); ++x)
    if (u.kind[x] == OrgKind::district) {
      under_districts_before += before->cells_below(x).size();
      CHECK(after->cells_below(x).size() < 5);  // only cells that ended before the merger
    }
  CHECK(under_districts_before > cells * 9 / 10);
  // The year's meetings stay with their cells, on both sides of the move and of 2025-10-28.
  std::size_t h1 = 0, h2 = 0, d27 = 0, d28 = 0;
  for (Date d : ds.meetings.date) {
    (d < merger ? h1 : h2) += 1;
    d27 += d == Date(2025, 10, 27);
    d28 += d == Date(2025, 10, 28);
  }
  CHECK(h1 == Approx(h2).epsilon(0.1));
  CHECK(d27 > 0);
  CHECK(d28 > 0);
  // Supervision passes to the new communes' cadres: M7.1 is met about as often as in 2024.
  const Policy policy = Policy::builtin();
  const Report r2025 = score(ds, Period::year(2025), policy),
               r2024 = score(bac_giang(), Period::year(2024), policy);
  auto mean_m7 = [](const Report& r) {
    double sum = 0;
    std::size_t n = 0;
    for (std::size_t i = 0; i < r.units.size(); ++i)
      if (r.dataset->org_units.kind[r.units[i].unit] == OrgKind::cell && !std::isnan(r.measures_of(i)[6])) {
        sum += r.measures_of(i)[6];
        ++n;
      }
    return sum / static_cast<double>(n);
  };
  CHECK(mean_m7(r2025) == Approx(mean_m7(r2024)).margin(10));
}

TEST_CASE("bac-giang 2025 written and read back keeps its history", "[generate][history]") {
  GenerateOptions o = options(Preset::bac_giang, 2025);
  o.scale = 0.2;
  const auto dir = temp("crossing");
  write_generated(o, dir);
  REQUIRE(fs::exists(dir / "org_history.csv"));
  const Dataset ds = load_csv(dir);
  CHECK(ds.org_history.size() > 100);
  const Dataset fresh = generate(o);
  CHECK(ds.org_history.size() == fresh.org_history.size());
  // Without history (any other year) there is no file, not even one left in the folder.
  o.year = 2024;
  write_generated(o, dir);
  CHECK_FALSE(fs::exists(dir / "org_history.csv"));
  CHECK(load_csv(dir).org_history.size() == 0);
  fs::remove_all(dir);
}

TEST_CASE("bac-ninh from 2026: 99 communes (66 xã, 33 phường), no districts, both provinces' members",
          "[generate]") {
  GenerateOptions o = options(Preset::bac_ninh);
  o.year = 2026;
  const Dataset ds = generate(o);
  std::map<OrgKind, std::size_t> kinds;
  std::size_t xa = 0, phuong = 0;
  for (Index x = 0; x < ds.org_units.size(); ++x) {
    ++kinds[ds.org_units.kind[x]];
    const Index p = ds.org_units.parent[x];
    if (ds.org_units.kind[x] != OrgKind::grassroots_committee || p != 0) continue;
    const std::string name = to_nfc(ds.org_units.name[x]);
    xa += name.starts_with("Đảng ủy xã ");
    phuong += name.starts_with("Đảng ủy phường ");
  }
  CHECK(kinds[OrgKind::province] == 1);
  CHECK(kinds[OrgKind::district] == 0);
  CHECK(xa == 66);
  CHECK(phuong == 33);
  CHECK(to_nfc(ds.org_units.name[0]) == "Tỉnh ủy Bắc Ninh");
  CHECK(ds.members.size() == Approx(2 * 88700).epsilon(0.05));
  CHECK(ds.org_history.size() == 0);
  o.year = 2025;
  CHECK_THROWS_AS(generate(o), std::invalid_argument);
  o.preset = Preset::bac_giang;
  o.year = 2026;
  CHECK_THROWS_AS(generate(o), std::invalid_argument);
}

TEST_CASE("national from 2026: 34 provinces and about 3,300 communes, no districts", "[generate]") {
  GenerateOptions o = options(Preset::national);
  o.year = 2026;
  o.scale = 0.02;  // 2 % of the communes: the structure's shape, quickly
  const Dataset ds = generate(o);
  std::map<OrgKind, std::size_t> kinds;
  std::size_t communes = 0;
  for (Index x = 0; x < ds.org_units.size(); ++x) {
    ++kinds[ds.org_units.kind[x]];
    const Index p = ds.org_units.parent[x];
    communes += ds.org_units.kind[x] == OrgKind::grassroots_committee && p != no_index &&
                ds.org_units.kind[p] == OrgKind::province &&
                ds.org_units.id[x].find(".X") != std::string::npos;
  }
  CHECK(kinds[OrgKind::province] == 34);
  CHECK(kinds[OrgKind::district] == 0);
  CHECK(communes == Approx(3321 * 0.02).margin(34));  // each province has at least one
  o.year = 2024;
  std::size_t provinces_2024 = 0;
  const Dataset before = generate(o);
  for (Index x = 0; x < before.org_units.size(); ++x)
    provinces_2024 += before.org_units.kind[x] == OrgKind::province;
  CHECK(provinces_2024 == 63);
}

TEST_CASE("national 2025 crosses 1 July: 63 provinces dissolved, 34 founded, the moves loadable",
          "[generate][history]") {
  GenerateOptions o = options(Preset::national);
  o.scale = 0.02;
  const auto dir = temp("national-2025");
  write_generated(o, dir);
  const Dataset ds = load_csv(dir);  // the history passes the loader's checks
  std::size_t dissolved = 0, founded = 0;
  for (Index x = 0; x < ds.org_units.size(); ++x) {
    if (ds.org_units.kind[x] != OrgKind::province) continue;
    dissolved += ds.org_units.dissolved_on[x] == Date(2025, 7, 1);
    founded += ds.org_units.established_on[x] == Date(2025, 7, 1);
  }
  CHECK(dissolved == 63);
  CHECK(founded == 34);
  CHECK(ds.org_history.size() > 1000);
  const Policy policy = Policy::builtin();
  const Report r = score(ds, Period::year(2025), policy);
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const Index u = r.units[i].unit;
    if (ds.org_units.kind[u] == OrgKind::province && ds.org_units.established_on[u] == Date(2025, 7, 1))
      CHECK_FALSE(std::isnan(r.units[i].total));  // every new province has its cells on 31 December
  }
  fs::remove_all(dir);
}

TEST_CASE("dirty datasets: every data-entry mistake is caught by the loader at its line", "[generate]") {
  const auto dir = temp("dirty");
  auto o = options(Preset::commune);
  o.dirty_rate = 0.01;
  const auto counts = write_generated(o, dir);
  REQUIRE(counts.mistakes.size() >= 10);
  std::set<std::string> kinds;
  for (const auto& m : counts.mistakes) kinds.insert(m.file + ":" + m.column);
  CHECK(kinds.size() >= 6);
  LoadOptions lo;
  lo.max_problems = 1'000'000;
  try {
    load_csv(dir, lo);
    FAIL("a dirty dataset was accepted");
  } catch (const InputError& e) {
    for (const auto& m : counts.mistakes) {
      INFO(m.file << ":" << m.line << " " << m.column << " = \"" << m.value << "\"");
      const bool caught = std::any_of(e.problems().begin(), e.problems().end(), [&](const Diagnostic& d) {
        return d.file == m.file && d.line == m.line && d.message.rfind(m.column + ":", 0) == 0;
      });
      CHECK(caught);
    }
  }
  fs::remove_all(dir);
}

TEST_CASE("finalize groups child rows the same on any number of threads, from any row order", "[generate]") {
  // Child rows listed in reverse, so that every table is regrouped (not left as it arrived).
  Dataset reversed = generate(options(Preset::commune));
  auto flip = [](auto&... columns) { (std::reverse(columns.begin(), columns.end()), ...); };
  auto& a = reversed.attendance;
  flip(a.meeting, a.member, a.status);
  for (auto& r : a.reason_row) r = static_cast<Index>(a.size() - 1 - r);
  StringColumn reasons;
  for (std::size_t i = a.reason.size(); i-- > 0;) reasons.push_back(a.reason[i]);
  a.reason = reasons;
  std::reverse(a.reason_row.begin(), a.reason_row.end());
  flip(reversed.contributions.meeting, reversed.contributions.member, reversed.contributions.kind);
  flip(reversed.agenda_items.meeting, reversed.agenda_items.seq, reversed.agenda_items.minutes,
       reversed.agenda_items.category);
  REQUIRE(a.reason_row.size() > 0);

  // A dataset filled by hand may list a sparse column's rows in any order, pairs kept.
  Dataset unsorted = reversed;
  auto& u = unsorted.attendance;
  std::reverse(u.reason_row.begin(), u.reason_row.end());
  StringColumn unsorted_reasons;
  for (std::size_t i = u.reason.size(); i-- > 0;) unsorted_reasons.push_back(u.reason[i]);
  u.reason = unsorted_reasons;
  REQUIRE_FALSE(std::is_sorted(u.reason_row.begin(), u.reason_row.end()));

  Dataset one = reversed, three = reversed;
  one.finalize(1);
  three.finalize(3);
  unsorted.finalize(2);
  CHECK(unsorted.attendance.reason_row == three.attendance.reason_row);
  for (std::size_t k = 0; k < three.attendance.reason.size(); ++k)
    CHECK(unsorted.attendance.reason[k] == three.attendance.reason[k]);
  CHECK(one.attendance.meeting == three.attendance.meeting);
  CHECK(one.attendance.member == three.attendance.member);
  CHECK(one.attendance.reason_row == three.attendance.reason_row);
  CHECK(one.contributions.member == three.contributions.member);
  CHECK(one.agenda_items.seq == three.agenda_items.seq);
  CHECK(one.attendance_by_meeting.offsets == three.attendance_by_meeting.offsets);
  CHECK(one.cell_members == three.cell_members);
  CHECK(one.cell_meetings == three.cell_meetings);
  CHECK(one.member_slot == three.member_slot);
  // Grouped: each meeting's slice holds its rows, and each reason stays with its row.
  const Dataset& original = generate_cached();
  for (Index m = 0; m < three.meetings.size(); ++m) {
    auto [b, e] = three.attendance_by_meeting.range(m);
    auto [ob, oe] = original.attendance_by_meeting.range(m);
    REQUIRE(e - b == oe - ob);
    for (auto r = b; r < e; ++r) CHECK(three.attendance.meeting[r] == m);
  }
  for (std::size_t k = 0; k < three.attendance.reason_row.size(); ++k) {
    const Index row = three.attendance.reason_row[k];
    const Index m = three.attendance.meeting[row], who = three.attendance.member[row];
    bool found = false;
    for (std::size_t j = 0; j < original.attendance.reason_row.size() && !found; ++j) {
      const Index o = original.attendance.reason_row[j];
      found = original.attendance.meeting[o] == m && original.attendance.member[o] == who &&
              original.attendance.reason[j] == three.attendance.reason[k];
    }
    CHECK(found);
  }
}

namespace {

/// Every file of a dataset folder as its sorted lines: the same rows in any order compare equal.
std::map<std::string, std::vector<std::string>> sorted_lines(const fs::path& dir) {
  std::map<std::string, std::vector<std::string>> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::ifstream in(e.path(), std::ios::binary);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    std::sort(lines.begin(), lines.end());
    out[e.path().filename().string()] = std::move(lines);
  }
  return out;
}

/// Ids of a table read through a map (export id → generated id).
void map_ids(StringColumn& ids, const std::unordered_map<std::string, std::string>& to) {
  StringColumn out;
  for (std::size_t i = 0; i < ids.size(); ++i) out.push_back(to.at(std::string(ids[i])));
  ids = std::move(out);
}

}  // namespace

TEST_CASE("a realistic export loads to the same tables and scores as the generated files",
          "[generate][load]") {
  GenerateOptions o;
  o.preset = Preset::district;
  o.year = 2025;
  o.seed = 7;
  const fs::path base = chibo::test::scratch_root() / "export-style";
  fs::remove_all(base);
  write_generated(o, base / "generated");
  o.export_style = ExportStyle::realistic;
  write_generated(o, base / "realistic");

  // What the realistic files look like: a BOM, CRLF, quoted ids that are not numbered.
  const std::string att = read_file(base / "realistic" / "attendance.csv");
  CHECK(att.rfind("\xEF\xBB\xBF", 0) == 0);
  CHECK(att.find("\r\n") != std::string::npos);
  CHECK(read_file(base / "generated" / "attendance.csv").rfind("meeting_id,member_id,status,reason\n", 0) ==
        0);
  CHECK(att.find("meeting_id,member_id,status,reason") == std::string::npos);  // columns shuffled

  // The same records by row: ids as generated, and as exported.
  const Dataset generated = generate(o);
  Dataset exported = generate(o);
  make_export_ids(exported, o.seed);
  std::unordered_map<std::string, std::string> to_generated, to_exported;
  auto pair_ids = [&](const StringColumn& g, const StringColumn& e) {
    REQUIRE(g.size() == e.size());
    for (std::size_t i = 0; i < g.size(); ++i) {
      to_generated.emplace(std::string(e[i]), std::string(g[i]));
      to_exported.emplace(std::string(g[i]), std::string(e[i]));
    }
  };
  pair_ids(generated.org_units.id, exported.org_units.id);
  pair_ids(generated.members.id, exported.members.id);
  pair_ids(generated.cadres.id, exported.cadres.id);
  pair_ids(generated.meetings.id, exported.meetings.id);
  pair_ids(generated.resolutions.id, exported.resolutions.id);
  pair_ids(generated.tasks.id, exported.tasks.id);
  pair_ids(generated.visits.id, exported.visits.id);
  pair_ids(generated.escalations.id, exported.escalations.id);
  pair_ids(generated.briefings.id, exported.briefings.id);
  CHECK(exported.members.id[0] != generated.members.id[0]);
  CHECK(exported.meetings.id[0].size() == 36);  // a UUID

  const Dataset a = load_csv(base / "generated");
  Dataset b = load_csv(base / "realistic");

  // Scores, unit by unit and meeting by meeting through the id map: ratings equal, scores equal
  // up to the order of floating-point sums (rows come in another order).
  const Policy policy = Policy::builtin();
  const Report ra = score(a, Period::year(2025), policy), rb = score(b, Period::year(2025), policy);
  REQUIRE(ra.units.size() == rb.units.size());
  auto same = [](double x, double y) { return std::isnan(x) ? std::isnan(y) : std::abs(x - y) <= 1e-9; };
  for (std::size_t i = 0; i < ra.units.size(); ++i) {
    const Index u = b.find_org_unit(to_exported.at(std::string(a.org_units.id[ra.units[i].unit])));
    REQUIRE(u != no_index);
    const UnitScore& x = ra.units[i];
    const UnitScore& y = rb.units[u];  // units are reported in file order: row u
    CHECK(same(x.total, y.total));
    CHECK(x.rating == y.rating);
    CHECK(x.ratings == y.ratings);
    const auto rx = ra.rules_of(i), ry = rb.rules_of(u);
    for (std::size_t k = 0; k < rx.size(); ++k) CHECK(same(rx[k], ry[k]));
  }
  std::unordered_map<std::string, std::size_t> meeting_pos;
  for (std::size_t j = 0; j < rb.meetings.size(); ++j)
    meeting_pos[std::string(b.meetings.id[rb.meetings[j].meeting])] = j;
  REQUIRE(ra.meetings.size() == rb.meetings.size());
  for (std::size_t j = 0; j < ra.meetings.size(); ++j) {
    const std::size_t k = meeting_pos.at(to_exported.at(std::string(a.meetings.id[ra.meetings[j].meeting])));
    CHECK(same(ra.meetings[j].total, rb.meetings[k].total));
    CHECK(ra.meetings[j].rating == rb.meetings[k].rating);
  }

  // The tables, column by column: the realistic load with its ids mapped back, written in the
  // generated style, holds the same lines as the generated load written the same way.
  map_ids(b.org_units.id, to_generated);
  map_ids(b.members.id, to_generated);
  map_ids(b.cadres.id, to_generated);
  map_ids(b.meetings.id, to_generated);
  map_ids(b.resolutions.id, to_generated);
  map_ids(b.tasks.id, to_generated);
  map_ids(b.visits.id, to_generated);
  map_ids(b.escalations.id, to_generated);
  map_ids(b.briefings.id, to_generated);
  write_csv_dataset(a, base / "a");
  write_csv_dataset(b, base / "b");
  const auto la = sorted_lines(base / "a"), lb = sorted_lines(base / "b");
  REQUIRE(la.size() == 16);
  for (const auto& [file, lines] : la) {
    INFO(file);
    CHECK(lines == lb.at(file));
  }
}
