// What changed between two reports: units matched by id, levels, measures and rules.
#include <chibo/compare.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <unordered_map>

namespace chibo {

namespace {

std::size_t rating_row(const std::optional<Rating>& r) {
  return r ? static_cast<std::size_t>(*r) : 4;
}

struct Mean {
  double a = 0, b = 0;
  std::size_t n = 0;
  void add(double x, double y) {
    if (std::isnan(x) || std::isnan(y)) return;
    a += x;
    b += y;
    ++n;
  }
  double mean_a() const { return n ? a / static_cast<double>(n) : not_applicable; }
  double mean_b() const { return n ? b / static_cast<double>(n) : not_applicable; }
};

// Rule ids in reading order: M1.2 before M1.10, M2 before M10.
bool natural_less(std::string_view x, std::string_view y) {
  std::size_t i = 0, j = 0;
  while (i < x.size() && j < y.size()) {
    if (std::isdigit(static_cast<unsigned char>(x[i])) && std::isdigit(static_cast<unsigned char>(y[j]))) {
      std::size_t ei = i, ej = j;
      while (ei < x.size() && std::isdigit(static_cast<unsigned char>(x[ei]))) ++ei;
      while (ej < y.size() && std::isdigit(static_cast<unsigned char>(y[ej]))) ++ej;
      const auto nx = x.substr(i, ei - i), ny = y.substr(j, ej - j);
      if (nx.size() != ny.size()) return nx.size() < ny.size();
      if (nx != ny) return nx < ny;
      i = ei;
      j = ej;
      continue;
    }
    if (x[i] != y[j]) return x[i] < y[j];
    ++i;
    ++j;
  }
  return x.size() - i < y.size() - j;
}

}  // namespace

Comparison compare_reports(const ReportScores& a, const ReportScores& b) {
  Comparison c;
  c.a = &a;
  c.b = &b;
  c.data = verify(a.provenance, b.provenance);
  std::unordered_map<std::string_view, std::size_t> in_b;
  for (std::size_t i = 0; i < b.units.size(); ++i) in_b.emplace(b.units[i].id, i);
  std::vector<bool> matched_b(b.units.size(), false);
  std::map<std::string, std::size_t> level_of;
  std::vector<Mean> level_means;
  // Rules of either report, in reading order; each report's positions mapped to these.
  std::vector<std::string> ids(a.rule_ids);
  ids.insert(ids.end(), b.rule_ids.begin(), b.rule_ids.end());
  std::sort(ids.begin(), ids.end(), natural_less);
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::map<std::string, std::size_t> rule_at;
  for (const auto& id : ids) rule_at.emplace(id, rule_at.size());
  c.rules.resize(rule_at.size());
  for (const auto& [id, at] : rule_at) c.rules[at].id = id;
  std::vector<std::size_t> rule_of_a, rule_of_b;
  for (const auto& id : a.rule_ids) rule_of_a.push_back(rule_at[id]);
  for (const auto& id : b.rule_ids) rule_of_b.push_back(rule_at[id]);
  std::vector<Mean> rule_means(c.rules.size());
  for (const auto& u : a.units)
    for (const auto& [r, v] : u.rules)
      if (!std::isnan(v)) ++c.rules[rule_of_a[r]].units_a;
  for (const auto& u : b.units)
    for (const auto& [r, v] : u.rules)
      if (!std::isnan(v)) ++c.rules[rule_of_b[r]].units_b;
  // Measures over the cells scored in both, matched by id.
  std::vector<std::pair<std::size_t, std::size_t>> measure_pairs;  // (in a, in b)
  for (std::size_t i = 0; i < a.measure_ids.size(); ++i)
    for (std::size_t j = 0; j < b.measure_ids.size(); ++j)
      if (a.measure_ids[i] == b.measure_ids[j]) measure_pairs.emplace_back(i, j);
  std::vector<Mean> measure_means(measure_pairs.size());

  std::vector<double> scores_b(c.rules.size());
  std::vector<bool> has_b(c.rules.size());
  for (std::size_t i = 0; i < a.units.size(); ++i) {
    const auto& ua = a.units[i];
    const auto it = in_b.find(ua.id);
    if (it == in_b.end()) {
      c.only_a.push_back(i);
      continue;
    }
    const auto& ub = b.units[it->second];
    matched_b[it->second] = true;
    c.units.push_back({i, it->second, ua.total, ub.total});
    const auto [lv, added] = level_of.try_emplace(ua.kind, c.levels.size());
    if (added) {
      c.levels.emplace_back();
      c.levels.back().kind = ua.kind;
      level_means.emplace_back();
    }
    Comparison::Level& level = c.levels[lv->second];
    ++level.units;
    if (!std::isnan(ua.total) && !std::isnan(ub.total)) ++level.scored;
    level_means[lv->second].add(ua.total, ub.total);
    ++level.moved[rating_row(ua.rating)][rating_row(ub.rating)];
    if (ua.rating && ub.rating && *ua.rating != *ub.rating)
      ++(*ub.rating < *ua.rating ? level.up : level.down);
    if (ua.kind == "cell")
      for (std::size_t k = 0; k < measure_pairs.size(); ++k)
        measure_means[k].add(ua.measures[measure_pairs[k].first], ub.measures[measure_pairs[k].second]);
    std::fill(has_b.begin(), has_b.end(), false);
    for (const auto& [r, v] : ub.rules) {
      scores_b[rule_of_b[r]] = v;
      has_b[rule_of_b[r]] = true;
    }
    for (const auto& [r, v] : ua.rules) {
      const std::size_t at = rule_of_a[r];
      if (!has_b[at]) continue;
      rule_means[at].add(v, scores_b[at]);
      const bool both_na = std::isnan(v) && std::isnan(scores_b[at]);
      if (!both_na && !(std::fabs(v - scores_b[at]) <= 1e-9)) ++c.rules[at].changed;
    }
  }
  for (std::size_t j = 0; j < b.units.size(); ++j)
    if (!matched_b[j]) c.only_b.push_back(j);
  for (std::size_t k = 0; k < c.levels.size(); ++k) {
    c.levels[k].mean_a = level_means[k].mean_a();
    c.levels[k].mean_b = level_means[k].mean_b();
  }
  for (std::size_t k = 0; k < measure_pairs.size(); ++k)
    c.measures.push_back(
        {a.measure_ids[measure_pairs[k].first], measure_means[k].mean_a(), measure_means[k].mean_b()});
  for (std::size_t k = 0; k < c.rules.size(); ++k) {
    c.rules[k].mean_a = rule_means[k].mean_a();
    c.rules[k].mean_b = rule_means[k].mean_b();
  }
  return c;
}

}  // namespace chibo
