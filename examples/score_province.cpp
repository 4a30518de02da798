// Generate a province in memory, score it, and print its districts ranked with their ratings,
// each district's weakest cells with what each should fix first, and the priorities its cells
// share most (where training would help most cells at once).
#include <chibo/chibo.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>

int main() {
  chibo::GenerateOptions options;
  options.preset = chibo::Preset::bac_giang;
  options.year = 2024;  // before the 2025 reform: the province still has districts
  options.seed = 42;
  const chibo::Dataset ds = chibo::generate(options);
  const chibo::Policy policy = chibo::Policy::builtin();
  const chibo::Report report = chibo::score(ds, chibo::Period::year(2024), policy);
  const auto& units = ds.org_units;
  const auto rules = policy.registry().rules();

  // District of every unit, by walking up the organisation tree.
  auto district_of = [&](chibo::Index u) {
    for (auto a : ds.tree().ancestors(u))
      if (units.kind[a] == chibo::OrgKind::district) return a;
    return chibo::no_index;
  };

  std::vector<chibo::Index> districts;
  for (chibo::Index u = 0; u < units.size(); ++u)
    if (units.kind[u] == chibo::OrgKind::district) districts.push_back(u);
  std::sort(districts.begin(), districts.end(),
            [&](auto a, auto b) { return report.units[a].total > report.units[b].total; });

  // Cells by district with each rule among their first three priorities.
  std::map<chibo::Index, std::map<std::uint16_t, std::size_t>> priorities_by_district;
  for (chibo::Index u = 0; u < units.size(); ++u)
    if (units.kind[u] == chibo::OrgKind::cell)
      for (const auto& p : chibo::priorities_of(report, u, 3))
        ++priorities_by_district[district_of(u)][p.rule];

  int rank = 0;
  for (auto d : districts) {
    const auto& u = report.units[d];
    fmt::print("{}. {} — {:.1f} ({})\n", ++rank, units.name[d], u.total,
               u.rating ? chibo::to_code(*u.rating) : "—");
    std::vector<chibo::Index> cells(ds.tree().cells_below(d).begin(), ds.tree().cells_below(d).end());
    std::erase_if(cells, [&](auto c) { return std::isnan(report.units[c].total); });
    std::partial_sort(cells.begin(), cells.begin() + std::min<std::ptrdiff_t>(3, std::ssize(cells)),
                      cells.end(),
                      [&](auto a, auto b) { return report.units[a].total < report.units[b].total; });
    for (std::size_t i = 0; i < std::min<std::size_t>(3, cells.size()); ++i) {
      fmt::print("     weak: {} {} {:.1f}; first fix", units.id[cells[i]], units.name[cells[i]],
                 report.units[cells[i]].total);
      for (const auto& p : chibo::priorities_of(report, cells[i], 3))
        fmt::print(" {} (+{:.1f})", rules[p.rule].id, p.points);
      fmt::print("\n");
    }
    std::vector<std::pair<std::uint16_t, std::size_t>> common(priorities_by_district[d].begin(),
                                                              priorities_by_district[d].end());
    std::sort(common.begin(), common.end(), [](auto& a, auto& b) { return a.second > b.second; });
    for (std::size_t i = 0; i < std::min<std::size_t>(3, common.size()); ++i)
      fmt::print("     {:>6} cells: {} {}\n", common[i].second, rules[common[i].first].id,
                 rules[common[i].first].description);
  }
  return 0;
}
