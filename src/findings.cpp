#include <chibo/findings.hpp>

#include "aggregate.hpp"

#include <algorithm>
#include <map>

namespace chibo {

std::vector<double> points_if_met(const Report& r, std::size_t unit_pos) {
  const Index unit = r.units[unit_pos].unit;
  if (r.dataset->org_units.kind[unit] != OrgKind::cell) return {};
  const Registry& reg = r.policy->registry();
  const Profile& profile = r.policy->in_force(r.period.to);
  const auto ids = r.unit_rule_ids(true);
  const auto scores = r.rules_of(unit_pos);
  // The total is Σ_j W_j·mean_j / Σ W_j over measures with a score, each mean_j = Σ w·s / Σ w
  // over its rules: a rule met moves only its measure's mean, by w·(1 − s) / Σ w.
  const std::size_t measures = reg.measures().size();
  std::vector<double> den(measures, 0);
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const double w = profile.rules[ids[i]].weight;
    if (reg.rules()[ids[i]].in_total && w > 0 && !is_na(scores[i]))
      den[static_cast<std::size_t>(reg.measure_of(ids[i]))] += w;
  }
  double weights = 0;
  for (std::size_t j = 0; j < measures; ++j)
    if (den[j] > 0 && profile.measure_weights[j] > 0) weights += profile.measure_weights[j];
  std::vector<double> points(ids.size(), 0);
  if (weights <= 0) return points;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const double w = profile.rules[ids[i]].weight, s = scores[i];
    const auto j = static_cast<std::size_t>(reg.measure_of(ids[i]));
    if (!reg.rules()[ids[i]].in_total || w <= 0 || is_na(s) || s >= 1 || profile.measure_weights[j] <= 0)
      continue;
    points[i] = 100 * profile.measure_weights[j] * w * (1 - s) / den[j] / weights;
  }
  return points;
}

std::vector<Priority> priorities_of(const Report& r, std::size_t unit_pos, std::size_t n) {
  const auto points = points_if_met(r, unit_pos);
  const auto ids = r.unit_rule_ids(true);
  std::vector<Priority> out;
  for (std::size_t i = 0; i < points.size(); ++i)
    if (points[i] > 0) out.push_back({ids[i], points[i]});
  std::stable_sort(out.begin(), out.end(), [](const Priority& a, const Priority& b) {
    if (a.points != b.points) return a.points > b.points;
    return a.rule < b.rule;
  });
  if (out.size() > n) out.resize(n);
  return out;
}

std::vector<FindingGroup> group_findings(const Report& r, std::size_t unit_pos,
                                         std::span<const Finding> findings) {
  const Index unit = r.units[unit_pos].unit;
  const bool cell = r.dataset->org_units.kind[unit] == OrgKind::cell;
  std::vector<FindingGroup> groups;
  std::map<std::uint16_t, std::size_t> at;  // by rule
  for (const Finding& f : findings) {
    auto [it, added] = at.try_emplace(f.rule, groups.size());
    if (added) {
      FindingGroup g;
      g.rule = f.rule;
      g.unit = unit;
      g.severity = f.severity;
      g.worst = f;
      groups.push_back(std::move(g));
    }
    FindingGroup& g = groups[it->second];
    ++g.count;
    g.severity = std::min(g.severity, f.severity);  // error < warning < info
    if (f.meeting != no_index) g.meetings.push_back(f.meeting);
    if (f.member != no_index) g.members.push_back(f.member);
    if (!is_na(f.score) && (is_na(g.worst.score) || f.score < g.worst.score)) g.worst = f;
  }
  if (cell) {
    const auto ids = r.unit_rule_ids(true);
    const auto points = points_if_met(r, unit_pos);
    for (FindingGroup& g : groups) {
      const auto k = std::find(ids.begin(), ids.end(), g.rule);
      if (k != ids.end()) g.points = points[static_cast<std::size_t>(k - ids.begin())];
    }
  }
  std::stable_sort(groups.begin(), groups.end(), [](const FindingGroup& a, const FindingGroup& b) {
    if (a.points != b.points) return a.points > b.points;
    if (a.severity != b.severity) return a.severity < b.severity;
    return a.rule < b.rule;
  });
  return groups;
}

}  // namespace chibo
