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
  std::vector<double> weight, points(ids.size(), 0);
  std::vector<int> measure;
  std::vector<bool> counted;
  for (const auto id : ids) {
    const RuleInfo& info = reg.rules()[id];
    weight.push_back(profile.rules[id].weight);
    measure.push_back(reg.measure_of(id));
    counted.push_back(detail::counts_in_cell_total(info, profile));
  }
  detail::points_if_met(
      r.rules_of(unit_pos), weight, measure, profile.measure_weights,
      [&](std::size_t k) { return counted[k]; }, points);
  return points;
}

namespace {
std::vector<Priority> ranked(std::vector<Priority> out, std::size_t n) {
  std::stable_sort(out.begin(), out.end(), [](const Priority& a, const Priority& b) {
    if (a.points != b.points) return a.points > b.points;
    return a.rule < b.rule;
  });
  if (out.size() > n) out.resize(n);
  return out;
}
}  // namespace

std::vector<Priority> duty_priorities_of(const Report& r, std::size_t unit_pos, std::size_t n) {
  const std::size_t duties = r.duty_rule_ids.size();
  if (r.unit_duty_points.size() < (unit_pos + 1) * duties) return {};
  std::vector<Priority> out;
  for (std::size_t k = 0; k < duties; ++k)
    if (const double p = r.unit_duty_points[unit_pos * duties + k]; p > 0)
      out.push_back({r.duty_rule_ids[k], p});
  return ranked(std::move(out), n);
}

std::vector<Priority> priorities_of(const Report& r, std::size_t unit_pos, std::size_t n) {
  const auto points = points_if_met(r, unit_pos);
  const auto ids = r.unit_rule_ids(true);
  std::vector<Priority> out;
  for (std::size_t i = 0; i < points.size(); ++i)
    if (points[i] > 0) out.push_back({ids[i], points[i]});
  return ranked(std::move(out), n);
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
