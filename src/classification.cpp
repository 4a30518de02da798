#include <chibo/classification.hpp>

#include <algorithm>

namespace chibo {

ClassificationTable classification_beside_quality(const Report& r) {
  std::vector<std::size_t> all(r.units.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return classification_beside_quality(r, all);
}

ClassificationTable classification_beside_quality(const Report& r, std::span<const std::size_t> units) {
  ClassificationTable t;
  t.year = r.period.to.year();
  const Dataset& ds = *r.dataset;
  for (const std::size_t i : units) {
    const UnitScore& u = r.units[i];
    if (ds.org_units.kind[u.unit] != OrgKind::cell || !u.rating) continue;
    const auto a = ds.annual_rating(u.unit, t.year);
    if (!a) continue;
    ++t.classified;
    ++t.cells[static_cast<std::size_t>(*a)][static_cast<std::size_t>(*u.rating)];
    if (*a <= AnnualRating::httnv && *u.rating == Rating::kem) t.doubtful.push_back(i);
  }
  std::stable_sort(t.doubtful.begin(), t.doubtful.end(), [&](std::size_t a, std::size_t b) {
    if (r.units[a].total != r.units[b].total) return r.units[a].total < r.units[b].total;
    return ds.org_units.id[r.units[a].unit] < ds.org_units.id[r.units[b].unit];
  });
  return t;
}

}  // namespace chibo
