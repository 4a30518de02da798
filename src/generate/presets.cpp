#include "presets.hpp"

namespace chibo::gen {

/// A merged province's share of members: the sum of its old provinces' (relative).
double merged_weight(const MergedProvince& m) {
  double w = 0;
  for (auto old : m.from)
    for (const auto& [name, share] : provinces)
      if (!old.empty() && name == old) w += share;
  return w;
}

Shape shape_of(const GenerateOptions& o) {
  Shape s;
  switch (o.preset) {
    case Preset::commune:
      s.members = 350;
      s.districts_per_province = 1;
      s.communes_per_district = 1;
      s.agency_committees_per_district = 0;
      s.district_cells_per_district = 0;
      s.single_commune = true;
      break;
    case Preset::district:
      s.members = 8900;
      s.districts_per_province = 1;
      s.communes_per_district = 21;
      break;
    case Preset::bac_giang:  // Bắc Giang's real districts and commune counts (bac_giang_districts)
      s.real_bac_giang = true;
      break;
    case Preset::bac_ninh:
      // Bắc Giang's members and the old Bắc Ninh's, taken as many (the provinces table weighs
      // them alike); 99 commune-level units per Nghị quyết 1658/NQ-UBTVQH15 (16/6/2025).
      s.members = 2 * 88700;
      s.communes = true;
      s.communes_per_province = 99;
      s.wards_per_province = 33;
      break;
    case Preset::national:
      // The party's ~5.3 million members (the national-scale target) in the 63 provinces of
      // the `provinces` table, by their relative shares.
      s.provinces = 63;
      s.members = 5.3e6;
      s.communes = o.year >= 2026;
      // ~52,000 grassroots organisations: per district ~30 communes, 3 agency committees and
      // ~50 grassroots cells directly under the district.
      s.districts_per_province = 10;
      s.communes_per_district = 30;
      s.agency_committees_per_district = 3;
      s.district_cells_per_district = 50;
      break;
  }
  return s;
}

}  // namespace chibo::gen
