// A supervision plan as a committee reads it (a table by committee), as spreadsheets read it
// (plan.csv, visits.csv) and as programs read it (chibo-plan/1 JSON).
#include <chibo/plan.hpp>
#include <chibo/report.hpp>

#include "../format.hpp"
#include "../provenance_out.hpp"
#include "../text_out.hpp"
#include "plan_text.hpp"

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <system_error>

namespace chibo {

namespace detail {

std::string_view need_code(Need n) {
  constexpr std::string_view codes[] = {"weak", "kem", "duties"};
  return codes[static_cast<std::size_t>(n)];
}
const char* need_name(Need n, Language l) {
  static const Text names[] = {
      {"yếu kém", "weak"},
      {"sinh hoạt xếp loại Kém", "meetings rated Poor"},
      {"thiếu sót thuộc trách nhiệm cấp trên (M5, M7)", "upper-level duties short (M5, M7)"}};
  return names[static_cast<std::size_t>(n)](l);
}
std::string_view uncovered_code(Uncovered u) {
  constexpr std::string_view codes[] = {"", "no_cadre", "cadres_full"};
  return codes[static_cast<std::size_t>(u)];
}
const char* uncovered_name(Uncovered u, Language l) {
  static const Text names[] = {{"", ""},
                               {"không cấp ủy cấp trên nào có cán bộ", "no committee above it has a cadre"},
                               {"mọi cán bộ cấp trên đã đủ số chi bộ phụ trách",
                                "every cadre of the committees above it has their full number of cells"}};
  return names[static_cast<std::size_t>(u)](l);
}
const char* position_name(CadrePosition p, Language l) {
  static const Text names[] = {{"cán bộ", "cadre"},
                               {"ủy viên ban thường vụ", "standing committee"},
                               {"cấp ủy viên", "committee member"},
                               {"cán bộ cơ quan", "staff"}};
  return names[static_cast<std::size_t>(p)](l);
}

std::vector<std::vector<Date>> visits_by_cell(const SupervisionPlan& plan) {
  std::map<std::pair<Index, Index>, std::size_t> at;  // (cadre, cell) → position
  for (std::size_t c = 0; c < plan.cells.size(); ++c)
    if (plan.cells[c].cadre != no_index) at[{plan.cells[c].cadre, plan.cells[c].cell}] = c;
  std::vector<std::vector<Date>> dates(plan.cells.size());
  for (const Visit& v : plan.visits)
    if (const auto it = at.find({v.cadre, v.cell}); it != at.end()) dates[it->second].push_back(v.date);
  for (auto& d : dates) std::sort(d.begin(), d.end());
  return dates;
}

}  // namespace detail

namespace {

using namespace detail;

struct Counts {
  std::array<std::size_t, 3> by_need{};
  std::size_t covered = 0, kept = 0, uncovered = 0;
  explicit Counts(const SupervisionPlan& plan) {
    for (const auto& c : plan.cells) {
      ++by_need[static_cast<std::size_t>(c.need)];
      if (c.cadre == no_index) {
        ++uncovered;
        continue;
      }
      ++covered;
      if (c.kept) ++kept;
    }
  }
};

}  // namespace

void write_plan_text(std::ostream& out, const Report& r, const SupervisionPlan& plan, Language l) {
  const Dataset& ds = *r.dataset;
  const Counts n(plan);
  const auto c = [&](std::size_t v) { return detail::count(v, l); };
  out << fmt::format(
      fmt::runtime(
          l == Language::vi
              ? "Kế hoạch giám sát năm {} — từ kết quả {}–{}; mỗi cán bộ phụ trách tối đa {} chi bộ\n"
              : "Supervision plan for {} — from the results of {}–{}; at most {} cells per cadre\n"),
      plan.year, detail::local_date(r.period.from, l), detail::local_date(r.period.to, l), plan.capacity);
  out << fmt::format(
      fmt::runtime(l == Language::vi
                       ? "Chi bộ cần cấp trên giúp: {} ({} {} · {} {} · {} {})\n"
                       : "Cells that need the upper level's help: {} ({} {} · {} {} · {} {})\n"),
      c(plan.cells.size()), c(n.by_need[0]), need_name(Need::weak, l), c(n.by_need[1]),
      need_name(Need::kem, l), c(n.by_need[2]), need_name(Need::duties, l));
  out << fmt::format(
      fmt::runtime(l == Language::vi ? "Đã có cán bộ phụ trách: {} (giữ phân công cũ: {}) · chưa có: {}\n"
                                     : "Given a cadre: {} (assignment kept: {}) · left without one: {}\n"),
      c(n.covered), c(n.kept), c(n.uncovered));
  out << (l == Language::vi
              ? "Mỗi chi bộ được dự sinh hoạt mỗi quý một lần, vào ngày chi bộ thường họp, tránh dịp Tết.\n"
              : "Each cell is visited once a quarter, on its usual meeting day, never over Tết.\n");

  // By the cells' committees, in file order.
  std::map<Index, std::vector<std::size_t>> by_committee;
  for (std::size_t i = 0; i < plan.cells.size(); ++i)
    by_committee[r.parent_of(plan.cells[i].cell)].push_back(i);
  const auto visits = visits_by_cell(plan);
  for (const auto& [committee, cells] : by_committee) {
    if (committee != no_index)
      out << fmt::format("\n{} ({})\n", ds.org_units.name[committee], ds.org_units.id[committee]);
    else
      out << (l == Language::vi ? "\n(không thuộc cấp ủy nào)\n" : "\n(under no committee)\n");
    for (const std::size_t i : cells) {
      const PlannedCell& p = plan.cells[i];
      out << fmt::format("  {} ({}) · {}", ds.org_units.name[p.cell], ds.org_units.id[p.cell],
                         need_name(p.need, l));
      if (p.cadre == no_index) {
        out << fmt::format(fmt::runtime(l == Language::vi ? " · chưa có cán bộ: {}\n" : " · no cadre: {}\n"),
                           uncovered_name(p.uncovered, l));
        continue;
      }
      const Index k = ds.cadres.org_unit[p.cadre];
      out << fmt::format(" · {} ({}, {}, {})", ds.cadres.full_name[p.cadre], ds.cadres.id[p.cadre],
                         position_name(ds.cadres.position[p.cadre], l), ds.org_units.name[k]);
      if (p.kept) out << (l == Language::vi ? " · giữ phân công" : " · kept");
      std::string dates;
      for (const Date d : visits[i]) {
        if (!dates.empty()) dates += ", ";
        dates += l == Language::vi ? fmt::format("{:02}/{:02}", d.day().as_number(), d.month().as_number())
                                   : format_date(d).substr(5);
      }
      out << " · " << dates << '\n';
    }
  }
}

void write_plan_csv(const std::filesystem::path& folder, const Report& r, const SupervisionPlan& plan) {
  using detail::csv;
  std::filesystem::create_directories(folder);
  const Dataset& ds = *r.dataset;
  detail::write_provenance_csv(folder / "provenance.csv", provenance_of(r));
  {
    auto out = detail::open_output(folder / "plan.csv");
    out << "cell_id,cell_name,committee_id,need,cadre_id,cadre_name,cadre_position,cadre_committee_id,kept,"
           "uncovered\n";
    for (const PlannedCell& p : plan.cells) {
      const Index committee = r.parent_of(p.cell);
      out << csv(ds.org_units.id[p.cell]) << ',' << csv(ds.org_units.name[p.cell]) << ','
          << (committee == no_index ? std::string() : csv(ds.org_units.id[committee])) << ','
          << need_code(p.need) << ',';
      if (p.cadre == no_index)
        out << ",,,,no," << uncovered_code(p.uncovered) << '\n';
      else
        out << csv(ds.cadres.id[p.cadre]) << ',' << csv(ds.cadres.full_name[p.cadre]) << ','
            << to_code(ds.cadres.position[p.cadre]) << ','
            << csv(ds.org_units.id[ds.cadres.org_unit[p.cadre]]) << ',' << (p.kept ? "yes" : "no") << ",\n";
    }
  }
  auto out = detail::open_output(folder / "visits.csv");
  out << "cadre_id,cell_id,date\n";
  for (const Visit& v : plan.visits)
    out << csv(ds.cadres.id[v.cadre]) << ',' << csv(ds.org_units.id[v.cell]) << ',' << format_date(v.date)
        << '\n';
}

void write_plan_json(std::ostream& out, const Report& r, const SupervisionPlan& plan) {
  const Dataset& ds = *r.dataset;
  const Counts n(plan);
  detail::JsonOut j(&out);
  j.raw("{\n").key("format").str("chibo-plan/1").raw(",\n");
  j.key("provenance");
  detail::provenance_json(j, provenance_of(r));
  j.raw(",\n");
  j.key("policy")
      .raw("{")
      .key("name")
      .str(r.policy->name())
      .raw(",")
      .key("hash")
      .str(r.policy->hash())
      .raw("},\n");
  j.key("scored").raw("{").key("from").str(format_date(r.period.from)).raw(",").key("to");
  j.str(format_date(r.period.to)).raw("},\n");
  j.key("year").num(plan.year).raw(",").key("capacity").num(plan.capacity).raw(",\n");
  j.key("counts").raw("{").key("cells").num(static_cast<double>(plan.cells.size()));
  for (std::size_t k = 0; k < 3; ++k)
    j.raw(",").key(need_code(static_cast<Need>(k))).num(static_cast<double>(n.by_need[k]));
  j.raw(",").key("covered").num(static_cast<double>(n.covered)).raw(",").key("kept");
  j.num(static_cast<double>(n.kept))
      .raw(",")
      .key("uncovered")
      .num(static_cast<double>(n.uncovered))
      .raw("},\n");
  j.key("cells").raw("[");
  const auto visits = visits_by_cell(plan);
  for (std::size_t i = 0; i < plan.cells.size(); ++i) {
    const PlannedCell& p = plan.cells[i];
    const Index committee = r.parent_of(p.cell);
    j.raw(i ? ",\n" : "\n").raw("{").key("cell").str(ds.org_units.id[p.cell]).raw(",").key("name");
    j.str(ds.org_units.name[p.cell]).raw(",").key("committee");
    if (committee == no_index)
      j.raw("null");
    else
      j.str(ds.org_units.id[committee]);
    j.raw(",").key("need").str(need_code(p.need)).raw(",").key("cadre");
    if (p.cadre == no_index) {
      j.raw("null,").key("uncovered").str(uncovered_code(p.uncovered)).raw("}");
      continue;
    }
    j.raw("{").key("id").str(ds.cadres.id[p.cadre]).raw(",").key("name").str(ds.cadres.full_name[p.cadre]);
    j.raw(",").key("position").str(to_code(ds.cadres.position[p.cadre])).raw(",").key("committee");
    j.str(ds.org_units.id[ds.cadres.org_unit[p.cadre]]).raw("},").key("kept").raw(p.kept ? "true" : "false");
    j.raw(",").key("visits").raw("[");
    for (std::size_t v = 0; v < visits[i].size(); ++v) j.raw(v ? "," : "").str(format_date(visits[i][v]));
    j.raw("]}");
  }
  j.raw("\n]\n}\n");
}

}  // namespace chibo
