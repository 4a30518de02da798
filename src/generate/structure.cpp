// The generator's structure: provinces, districts and communes, cells, cadres, briefings and
// supervision assignments, and the 2025 reform's moves.
#include "builder.hpp"

#include <chibo/unicode.hpp>

#include <fmt/format.h>

#include "../parallel.hpp"
#include "../tables.hpp"
#include "../timing.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace chibo::gen {

using boost::gregorian::days;

Index Builder::add_unit(const std::string& id, Index parent, OrgKind kind, const std::string& name,
                        Sector sector) {
  auto& u = ds_.org_units;
  u.id.push_back(id);
  u.name.push_back(maybe_nfd(name));
  u.parent.push_back(parent);
  u.kind.push_back(kind);
  u.sector.push_back(sector);
  u.established_on.push_back(Date());
  u.dissolved_on.push_back(Date());
  plan_.cells.emplace_back();
  return static_cast<Index>(u.size() - 1);
}

std::string Builder::maybe_nfd(const std::string& s) {
  // Some exports store Vietnamese decomposed; the loader must not care.
  return rng_.chance(0.04) ? to_nfd(s) : s;
}

std::string Builder::place() {
  return fmt::format("{} {}", rng_.pick<std::string_view>(place_syllables),
                     rng_.pick<std::string_view>(place_syllables));
}

std::string Builder::person(bool female) {
  return fmt::format(
      "{} {} {}", rng_.pick<std::string_view>(family_names),
      female ? rng_.pick<std::string_view>(female_middle) : rng_.pick<std::string_view>(male_middle),
      female ? rng_.pick<std::string_view>(female_given) : rng_.pick<std::string_view>(male_given));
}

void Builder::add_cadres(Index unit, int n, const std::string& prefix) {
  for (int i = 0; i < n; ++i) {
    ds_.cadres.id.push_back(fmt::format("{}.K{}", prefix, i + 1));
    ds_.cadres.org_unit.push_back(unit);
    ds_.cadres.full_name.push_back(person(rng_.chance(0.4)));
    ds_.cadres.position.push_back(i == 0      ? CadrePosition::standing_committee
                                  : i < n / 2 ? CadrePosition::committee_member
                                              : CadrePosition::staff);
  }
}

void Builder::build_structure() {
  if (shape_.communes) {
    build_communes_era();
    return;
  }
  // Members per cell average ~24 (Đồng Nai: 88,695 members in 3,069 + 621 cells); the number of
  // cells follows from the target.
  double weight_sum = 0;
  for (int p = 0; p < shape_.provinces; ++p) weight_sum += shape_.provinces == 1 ? 1 : provinces[p].second;
  for (int p = 0; p < shape_.provinces; ++p) {
    if (o_.progress) o_.progress("members", static_cast<double>(p) / shape_.provinces);
    const double share = shape_.provinces == 1 ? 1 : provinces[p].second / weight_sum;
    // Newcomers during the year (~3.5 %) and replaced secretaries add ~3.7 % to the rows of
    // members.csv beyond the size at the start of the year.
    build_province(p, shape_.members * share * o_.scale / 1.037);
  }
  // The year of the reform: Bắc Giang and the nation cross 1 July (the slices keep one shape).
  if ((o_.preset == Preset::bac_giang || o_.preset == Preset::national) && o_.year == 2025)
    cross_the_merger();
}

void Builder::build_communes_era() {
  const bool one = o_.preset == Preset::bac_ninh;
  const std::size_t count = one ? 1 : std::size(provinces_2025);
  double weight_sum = 0;
  for (const auto& m : provinces_2025) weight_sum += merged_weight(m);
  for (std::size_t p = 0; p < count; ++p) {
    if (o_.progress) o_.progress("members", static_cast<double>(p) / static_cast<double>(count));
    const MergedProvince& m = one ? provinces_2025[15] : provinces_2025[p];  // [15]: Bắc Ninh
    const double share = one ? 1 : merged_weight(m) / weight_sum;
    const int communes = one ? shape_.communes_per_province
                             : std::max(1, static_cast<int>(std::lround(communes_after_2025 * share)));
    const int wards = one ? shape_.wards_per_province : communes / 3;
    build_province_of_communes(static_cast<int>(p),
                               fmt::format("{} {}", m.city ? "Thành ủy" : "Tỉnh ủy", m.name),
                               shape_.members * share * o_.scale / 1.037,
                               std::max(1, static_cast<int>(std::lround(communes * o_.scale))),
                               static_cast<int>(std::lround(wards * o_.scale)));
  }
}

void Builder::build_province_of_communes(int p, const std::string& pname, double members_target, int communes,
                                         int wards) {
  const std::string pid = fmt::format("P{:02}", p + 1);
  const Index province = add_unit(pid, no_index, OrgKind::province, pname);
  const std::size_t province_cadres = ds_.cadres.size();
  add_cadres(province, 12, pid);
  const std::size_t province_cadres_end = ds_.cadres.size();
  // Party committees of the province's agencies and enterprises, each with its own cells
  // (~9 cells of ~10 members).
  const int agencies = std::max(2, static_cast<int>(std::lround(members_target / 12000)));
  const double per_commune = (members_target - agencies * 9 * 10.5) / communes;
  const double village_cells_per_commune = std::max(2.0, (per_commune - 33.3) / 23.45 + 3);
  const double province_q = rng_.normal(0, 0.25);
  for (int c = 0; c < communes; ++c) {
    const bool ward = c < wards;
    const std::string gid = fmt::format("{}.X{:03}", pid, c + 1);
    const Index commune = add_unit(gid, province, OrgKind::grassroots_committee,
                                   fmt::format("Đảng ủy {} {}", ward ? "phường" : "xã", place()));
    // A commune now does what a district did: its own cadres supervise, brief and train.
    const std::size_t kb = ds_.cadres.size();
    add_cadres(commune, 6, gid);
    const std::size_t ke = ds_.cadres.size();
    Habits habits;
    habits.monthly_attendance = rng_.chance(0.12);
    habits.model_cells = rng_.chance(0.15);
    habits.rotating_models = rng_.chance(0.15);
    const double commune_q =
        province_q + rng_.normal(0, 0.5) + (habits.monthly_attendance || habits.model_cells ? 0.3 : 0);
    const double support = clamp01(0.55 + rng_.normal(0, 0.18) + (habits.monthly_attendance ? 0.25 : 0));
    const std::vector<Index> briefings = quarterly_briefings(commune, gid, support);
    const int n_cells =
        std::max(2, static_cast<int>(std::lround(village_cells_per_commune + rng_.normal(0, 3))));
    int models = habits.model_cells ? 2 : 0;
    for (int k = 0; k < n_cells; ++k) {
      const auto [sector, name] = commune_cell(k, n_cells, ward, true);
      CellPlan plan;
      plan.habits = habits;
      plan.model = models > 0 && (sector == Sector::village || sector == Sector::residential);
      if (plan.model) --models;
      plan.diligence = sigmoid(0.35 + commune_q + rng_.normal(0, 0.6) + (plan.model ? 1.5 : 0));
      plan.support = support;
      add_cell(fmt::format("{}.C{:02}", gid, k + 1), commune, commune, sector, name, plan, kb, ke, kb, ke,
               briefings);
    }
  }
  const std::vector<Index> briefings = quarterly_briefings(province, pid, 0.6);
  for (int a = 0; a < agencies; ++a) {
    const std::string gid = fmt::format("{}.A{:03}", pid, a + 1);
    const bool enterprise = a >= 2;
    const Index committee = add_unit(gid, province, OrgKind::grassroots_committee,
                                     a == 0   ? std::string("Đảng ủy Cơ quan Tỉnh ủy")
                                     : a == 1 ? std::string("Đảng ủy Sở Giáo dục và Đào tạo")
                                              : fmt::format("Đảng ủy Công ty {}", place()));
    const std::size_t kb = ds_.cadres.size();
    add_cadres(committee, 2, gid);
    const int n_cells = rng_.range(6, 12);
    for (int k = 0; k < n_cells; ++k) {
      const Sector sector = enterprise ? Sector::enterprise : a == 1 ? Sector::school : Sector::agency;
      CellPlan plan;
      plan.diligence = sigmoid(0.6 + province_q + rng_.normal(0, 0.6));
      plan.support = 0.6;
      add_cell(fmt::format("{}.C{:02}", gid, k + 1), committee, province, sector,
               fmt::format("Chi bộ {} {}",
                           enterprise ? "Phân xưởng"
                           : a == 1   ? "Trường THPT"
                                      : "Phòng",
                           place()),
               plan, kb, ds_.cadres.size(), province_cadres, province_cadres_end, briefings);
    }
  }
}

std::vector<Index> Builder::quarterly_briefings(Index unit, const std::string& id, double support) {
  std::vector<Index> out;
  for (int q = 0; q < 4; ++q) {
    if (!rng_.chance(0.5 + 0.45 * support)) continue;
    ds_.briefings.id.push_back(fmt::format("{}.B{}", id, q + 1));
    ds_.briefings.org_unit.push_back(unit);
    ds_.briefings.date.push_back(year_start_ + days(q * 91 + rng_.range(10, 80)));
    out.push_back(static_cast<Index>(ds_.briefings.size() - 1));
  }
  return out;
}

void Builder::cross_the_merger() {
  const Date merger(2025, 7, 1), last_day(2025, 6, 30), long_ago(2000, 1, 1);
  auto& u = ds_.org_units;
  const std::size_t old_units = u.size();
  std::vector<std::vector<Index>> children(old_units);
  for (Index x = 0; x < old_units; ++x)
    if (u.parent[x] != no_index) children[u.parent[x]].push_back(x);

  std::vector<Index> new_root(old_units, no_index);  // by old province
  std::vector<Index> root_by_merged(std::size(provinces_2025), no_index);
  std::vector<int> communes_made(std::size(provinces_2025), 0);
  std::vector<std::pair<std::size_t, std::size_t>> cadres_of(old_units);  // by unit: its cadres
  auto with_cadres = [&](Index x, int n) {
    const std::size_t kb = ds_.cadres.size();
    add_cadres(x, n, std::string(u.id[x]));
    cadres_of.resize(u.size());
    cadres_of[x] = {kb, ds_.cadres.size()};
  };
  for (const auto& [old, name] : old_provinces_) {
    u.dissolved_on[old] = merger;
    std::size_t m = 0;
    while (m < std::size(provinces_2025) &&
           std::find(provinces_2025[m].from.begin(), provinces_2025[m].from.end(), name) ==
               provinces_2025[m].from.end())
      ++m;
    if (m == std::size(provinces_2025)) continue;  // (every old province is listed)
    if (root_by_merged[m] == no_index) {
      const MergedProvince& mp = provinces_2025[m];
      root_by_merged[m] = add_unit(fmt::format("N{:02}", m + 1), no_index, OrgKind::province,
                                   fmt::format("{} {}", mp.city ? "Thành ủy" : "Tỉnh ủy", mp.name));
      u.established_on[root_by_merged[m]] = merger;
      with_cadres(root_by_merged[m], 12);
    }
    new_root[old] = root_by_merged[m];
  }

  std::vector<Index> successor(old_units, no_index);   // by old commune or district
  std::vector<Index> root_after(old_units, no_index);  // by district: its new province
  for (Index d = 0; d < old_units; ++d) {
    if (u.kind[d] != OrgKind::district) continue;
    u.dissolved_on[d] = merger;
    const Index root = u.parent[d] == no_index ? no_index : new_root[u.parent[d]];
    if (root == no_index) continue;
    root_after[d] = root;
    std::vector<Index> communes;  // the district's communes and wards (ids …G01), in file order
    for (Index g : children[d])
      if (u.kind[g] == OrgKind::grassroots_committee &&
          std::string_view(u.id[g]).substr(std::string_view(u.id[g]).rfind('.') + 1).starts_with('G'))
        communes.push_back(g);
    if (communes.empty()) continue;
    const auto merged = std::max<std::size_t>(
        1, static_cast<std::size_t>(std::lround(static_cast<double>(communes.size()) / 3.6)));
    const auto m = static_cast<std::size_t>(std::find(root_by_merged.begin(), root_by_merged.end(), root) -
                                            root_by_merged.begin());
    std::vector<Index> made;
    for (std::size_t k = 0; k < merged; ++k) {
      const bool ward =
          to_nfc(u.name[communes[k * communes.size() / merged]]).find("phường") != std::string::npos;
      const Index x = add_unit(fmt::format("{}.X{:03}", u.id[root], ++communes_made[m]), root,
                               OrgKind::grassroots_committee,
                               fmt::format("Đảng ủy {} {}", ward ? "phường" : "xã", place()));
      u.established_on[x] = merger;
      with_cadres(x, 6);
      made.push_back(x);
    }
    for (std::size_t k = 0; k < communes.size(); ++k) {
      u.dissolved_on[communes[k]] = merger;
      successor[communes[k]] = made[k * merged / communes.size()];
    }
    successor[d] = made.front();  // the district's own cells go to its seat
  }

  // Units that move: the cells of old communes and districts, and the agencies' committees.
  for (Index x = 0; x < old_units; ++x) {
    const Index parent = u.parent[x];
    if (parent == no_index) continue;
    Index to = no_index;
    if (u.kind[x] == OrgKind::cell) {
      const bool ended = !u.dissolved_on[x].is_special() && u.dissolved_on[x] <= merger;
      if (!ended && parent < old_units) to = successor[parent];  // under an agency: it moves whole
    } else if (u.kind[x] == OrgKind::grassroots_committee && successor[x] == no_index &&
               u.kind[parent] == OrgKind::district) {
      to = root_after[parent];  // an agency's or enterprise's committee
    }
    if (to == no_index) continue;
    const Date from = u.established_on[x].is_special() ? long_ago : u.established_on[x];
    if (from <= last_day) {  // one founded after 1 July is under its new committee from the start
      ds_.org_history.unit.push_back(x);
      ds_.org_history.parent.push_back(parent);
      ds_.org_history.from.push_back(from);
      ds_.org_history.to.push_back(last_day);
    }
    u.parent[x] = to;
  }

  // Supervision passes to the nearest new committee with cadres; briefings of the second half
  // are held by the new provinces.
  cadres_of.resize(u.size());
  const std::size_t assignments = ds_.assignments.size();
  for (std::size_t a = 0; a < assignments; ++a) {
    const Index cell = ds_.assignments.cell[a];
    Date& to = ds_.assignments.to[a];
    if (!to.is_special() && to <= last_day) continue;
    to = last_day;
    Index above = u.parent[cell];
    while (above != no_index && cadres_of[above].first == cadres_of[above].second) above = u.parent[above];
    if (above == no_index) continue;
    const auto [kb, ke] = cadres_of[above];
    ds_.assignments.cadre.push_back(
        static_cast<Index>(kb + static_cast<std::size_t>(rng_.range(0, static_cast<int>(ke - kb) - 1))));
    ds_.assignments.cell.push_back(cell);
    ds_.assignments.from.push_back(merger);
    ds_.assignments.to.push_back(Date());
  }
  for (std::size_t b = 0; b < ds_.briefings.size(); ++b) {
    const Index held_by = ds_.briefings.org_unit[b];
    if (ds_.briefings.date[b] >= merger && held_by < old_units && root_after[held_by] != no_index)
      ds_.briefings.org_unit[b] = root_after[held_by];
  }
}

void Builder::build_province(int p, double members_target) {
  const bool real = shape_.real_bac_giang;
  const std::string pid = fmt::format("P{:02}", p + 1);
  // The one-province presets are slices of Bắc Giang.
  const std::string pname =
      shape_.provinces > 1 ? fmt::format("Tỉnh ủy {}", provinces[p].first) : std::string("Tỉnh ủy Bắc Giang");
  const Index province = add_unit(pid, no_index, OrgKind::province, pname);
  old_provinces_.emplace_back(province, shape_.provinces > 1 ? provinces[p].first : "Bắc Giang");
  add_cadres(province, 6, pid);

  const int districts = real ? 10 : shape_.districts_per_province;
  // Cells per committee, so that the members hit the target: estimate the cells first.
  int communes_total = 0;
  for (int d = 0; d < districts; ++d)
    communes_total +=
        real ? bac_giang_districts[d].communes
             : std::max(1, static_cast<int>(std::lround(shape_.communes_per_district * o_.scale)));
  // Expected members per cell by sector (from cell_size): village and residential 23.45,
  // agency and school 11.1, enterprise 9. A commune has n cells, the last three non-village.
  const int district_cells = shape_.district_cells_per_district;
  const int agency = shape_.agency_committees_per_district;
  const double per_district_extra =
      district_cells * (11.1 * 2 + 9) / 3 + (agency > 0 ? 9 * 11.1 + (agency - 1) * 9 * 9.0 : 0);
  const double per_commune = (members_target - districts * per_district_extra) / communes_total;
  const double village_cells_per_commune = std::max(2.0, (per_commune - 33.3) / 23.45 + 3);
  for (int d = 0; d < districts; ++d) {
    const std::string did = fmt::format("{}.D{:02}", pid, d + 1);
    const std::string dname =
        real ? std::string(bac_giang_districts[d].name) : fmt::format("Huyện ủy {}", place());
    const Index district = add_unit(did, province, OrgKind::district, dname);
    const std::size_t cadre_begin = ds_.cadres.size();
    add_cadres(district, 10, did);
    const std::size_t cadre_end = ds_.cadres.size();
    // District habits: Bắc Giang's are the article's; elsewhere drawn at random.
    Habits habits;
    if (real || shape_.provinces == 1) {
      const std::string_view n = real ? bac_giang_districts[d].name : "";
      habits.monthly_attendance = n == "Huyện ủy Tân Yên" || (!real && rng_.chance(0.2));
      habits.model_cells = n == "Huyện ủy Yên Thế" || (!real && rng_.chance(0.2));
      habits.rotating_models = n == "Huyện ủy Lục Ngạn" || (!real && rng_.chance(0.2));
    } else {
      habits.monthly_attendance = rng_.chance(0.1);
      habits.model_cells = rng_.chance(0.15);
      habits.rotating_models = rng_.chance(0.15);
    }
    const double district_q =
        rng_.normal(0, 0.45) + (habits.monthly_attendance || habits.model_cells ? 0.3 : 0);
    const double district_support =
        clamp01(0.55 + rng_.normal(0, 0.18) + (habits.monthly_attendance ? 0.25 : 0));

    // Quarterly briefings (giao ban) of the district with cell secretaries.
    std::vector<Index> briefings;
    for (int q = 0; q < 4; ++q) {
      if (!rng_.chance(0.5 + 0.45 * district_support)) continue;
      ds_.briefings.id.push_back(fmt::format("{}.B{}", did, q + 1));
      ds_.briefings.org_unit.push_back(district);
      ds_.briefings.date.push_back(year_start_ + days(q * 91 + rng_.range(10, 80)));
      briefings.push_back(static_cast<Index>(ds_.briefings.size() - 1));
    }

    const int communes =
        shape_.single_commune ? 1
        : real                ? bac_giang_districts[d].communes
               : std::max(1, static_cast<int>(std::lround(shape_.communes_per_district * o_.scale)));
    for (int c = 0; c < communes; ++c) {
      const bool ward = !shape_.single_commune && c < communes / 6;
      const std::string gid = fmt::format("{}.G{:02}", did, c + 1);
      const Index commune = add_unit(gid, district, OrgKind::grassroots_committee,
                                     fmt::format("Đảng ủy {} {}", ward ? "phường" : "xã", place()));
      const std::size_t kb = ds_.cadres.size();
      add_cadres(commune, 3, gid);
      const double commune_q = district_q + rng_.normal(0, 0.4);
      const int n_cells =
          std::max(2, static_cast<int>(std::lround(village_cells_per_commune + rng_.normal(0, 2))));
      int models = habits.model_cells ? 2 : 0;
      for (int k = 0; k < n_cells; ++k) {
        const auto [sector, name] = commune_cell(k, n_cells, ward, false);
        CellPlan plan;
        plan.habits = habits;
        plan.model = models > 0 && sector == Sector::village;
        if (plan.model) --models;
        plan.diligence = sigmoid(0.35 + commune_q + rng_.normal(0, 0.6) + (plan.model ? 1.5 : 0));
        plan.support = district_support;
        add_cell(fmt::format("{}.C{:02}", gid, k + 1), commune, district, sector, name, plan, kb,
                 ds_.cadres.size(), cadre_begin, cadre_end, briefings);
      }
    }
    for (int a = 0; a < agency; ++a) {
      const std::string gid = fmt::format("{}.A{:02}", did, a + 1);
      const Index committee = add_unit(
          gid, district, OrgKind::grassroots_committee,
          a == 0 ? std::string("Đảng ủy Cơ quan Huyện ủy") : fmt::format("Đảng ủy Công ty {}", place()));
      const std::size_t kb = ds_.cadres.size();
      add_cadres(committee, 2, gid);
      const int n_cells = rng_.range(6, 12);
      for (int k = 0; k < n_cells; ++k) {
        const Sector sector = a == 0 ? Sector::agency : Sector::enterprise;
        CellPlan plan;
        plan.habits = habits;
        plan.diligence = sigmoid(0.6 + district_q + rng_.normal(0, 0.6));
        plan.support = district_support;
        add_cell(fmt::format("{}.C{:02}", gid, k + 1), committee, district, sector,
                 fmt::format("Chi bộ {} {}", sector == Sector::agency ? "Phòng" : "Phân xưởng", place()),
                 plan, kb, ds_.cadres.size(), cadre_begin, cadre_end, briefings);
      }
    }
    for (int k = 0; k < district_cells; ++k) {
      const Sector sector = k % 3 == 0 ? Sector::school : k % 3 == 1 ? Sector::agency : Sector::enterprise;
      CellPlan plan;
      plan.habits = habits;
      plan.diligence = sigmoid(0.5 + district_q + rng_.normal(0, 0.6));
      plan.support = district_support;
      add_cell(fmt::format("{}.C{:02}", did, k + 1), district, district, sector,
               sector == Sector::school   ? fmt::format("Chi bộ Trường THCS {}", place())
               : sector == Sector::agency ? fmt::format("Chi bộ Phòng {}", place())
                                          : fmt::format("Chi bộ Công ty {}", place()),
               plan, cadre_begin, cadre_end, cadre_begin, cadre_end, briefings);
    }
  }
}

std::pair<Sector, std::string> Builder::commune_cell(int k, int n_cells, bool ward, bool ward_words) {
  // A commune's cells: villages (or residential groups in a ward), then its police, its
  // militia and its school.
  const Sector sector = k >= n_cells - 3 ? (k == n_cells - 1 ? Sector::school : Sector::agency)
                        : ward           ? Sector::residential
                                         : Sector::village;
  const bool in_ward = ward && ward_words;
  std::string name = sector == Sector::village       ? fmt::format("Chi bộ thôn {}", place())
                     : sector == Sector::residential ? fmt::format("Chi bộ tổ dân phố số {}", k + 1)
                     : sector == Sector::school ? fmt::format("Chi bộ Trường Tiểu học {}", place())
                     : k == n_cells - 2
                         ? std::string(in_ward ? "Chi bộ Công an phường" : "Chi bộ Công an xã")
                         : std::string(in_ward ? "Chi bộ Quân sự phường" : "Chi bộ Quân sự xã");
  return {sector, std::move(name)};
}

int Builder::cell_size(Sector s) {
  switch (s) {
    case Sector::village:
    case Sector::residential: {
      // 12–40, median about 22.
      return std::clamp(static_cast<int>(std::lround(std::exp(rng_.normal(std::log(22.5), 0.28)))), 12, 40);
    }
    case Sector::enterprise:
      return rng_.range(3, 15);
    default:
      return std::clamp(static_cast<int>(std::lround(rng_.normal(11, 4))), 5, 20);
  }
}

void Builder::add_cell(const std::string& id, Index parent, Index district, Sector sector,
                       const std::string& name, CellPlan plan, std::size_t commune_cadres_begin,
                       std::size_t commune_cadres_end, std::size_t district_cadres_begin,
                       std::size_t district_cadres_end, const std::vector<Index>& briefings) {
  const Index cell = add_unit(id, parent, OrgKind::cell, name, sector);
  plan.commune = parent;
  plan.district = district;
  plan.cadre_begin = static_cast<std::uint32_t>(commune_cadres_begin);
  plan.cadre_end = static_cast<std::uint32_t>(commune_cadres_end);
  if (plan.cadre_begin == plan.cadre_end) {
    plan.cadre_begin = static_cast<std::uint32_t>(district_cadres_begin);
    plan.cadre_end = static_cast<std::uint32_t>(district_cadres_end);
  }
  plan.preferred_day = rng_.chance(0.08) ? rng_.range(26, 28) : rng_.range(3, 25);
  const bool weak = plan.diligence < 0.3 && rng_.chance(0.6);
  plan.weak = weak;
  auto& units = ds_.org_units;
  // A few cells start or end within the year.
  if (rng_.chance(0.01))
    units.established_on.back() = year_start_ + days(rng_.range(20, 300));
  else if (rng_.chance(0.006))
    units.dissolved_on.back() = year_start_ + days(rng_.range(60, 330));

  // Annual rating for the year before.
  if (units.established_on.back().is_special()) {
    const double d = plan.diligence;
    const AnnualRating r = weak                          ? AnnualRating::khtnv
                           : d > 0.8 && rng_.chance(0.6) ? AnnualRating::htxsnv
                           : d > 0.45                    ? AnnualRating::httnv
                                                         : AnnualRating::htnv;
    ds_.ratings.cell.push_back(cell);
    ds_.ratings.year.push_back(static_cast<std::int16_t>(o_.year - 1));
    ds_.ratings.rating.push_back(r);
  }
  // The year's own classification, made in December: lenient, as the article finds ("đánh giá
  // chưa đúng thực chất"): only the cells known as weak fall below httnv. No draw, so the rest
  // of the dataset is what it was without it.
  if (units.dissolved_on.back().is_special()) {
    ds_.ratings.cell.push_back(cell);
    ds_.ratings.year.push_back(static_cast<std::int16_t>(o_.year));
    ds_.ratings.rating.push_back(weak                    ? AnnualRating::htnv
                                 : plan.diligence > 0.75 ? AnnualRating::htxsnv
                                                         : AnnualRating::httnv);
  }

  // A member of an upper committee in charge of the cell.
  if (rng_.chance(0.55 + 0.4 * plan.support + (weak ? 0.1 : 0))) {
    ds_.assignments.cadre.push_back(static_cast<Index>(
        rng_.range(static_cast<int>(plan.cadre_begin), static_cast<int>(plan.cadre_end) - 1)));
    ds_.assignments.cell.push_back(cell);
    ds_.assignments.from.push_back(year_start_ - days(rng_.range(30, 1500)));
    ds_.assignments.to.push_back(rng_.chance(0.08) ? year_start_ + days(rng_.range(30, 300)) : Date());
  }

  add_members(cell, sector, plan, briefings);
  plan_.cells[cell] = plan;
  plan_.cell_rows.push_back(cell);
}

}  // namespace chibo::gen
