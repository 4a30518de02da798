#include <chibo/findings.hpp>

#include "aggregate.hpp"
#include "priorities.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>

namespace chibo {

detail::CellPriorities::CellPriorities(const Report& report)
    : r_(report),
      ids_(report.unit_rule_ids(true)),
      measure_weights_(report.policy->in_force(report.period.to).measure_weights),
      terms_(ids_, report.policy->registry(), report.policy->in_force(report.period.to)),
      position_(report.policy->registry().rules().size(), npos) {
  for (std::size_t k = 0; k < ids_.size(); ++k) position_[ids_[k]] = k;
}

std::vector<double> detail::CellPriorities::points(std::size_t unit_pos) const {
  if (r_.dataset->org_units.kind[r_.units[unit_pos].unit] != OrgKind::cell) return {};
  std::vector<double> out(ids_.size(), 0);
  detail::points_if_met(
      r_.rules_of(unit_pos), terms_.weight, terms_.measure, measure_weights_,
      [&](std::size_t k) { return terms_.counted[k] != 0; }, out);
  return out;
}

std::vector<double> points_if_met(const Report& r, std::size_t unit_pos) {
  return detail::CellPriorities(r).points(unit_pos);
}

namespace {
// The first n by points, then by rule: rules are unique in a list, so the order is total and
// a partial sort gives what a stable sort would (without the buffer a stable sort allocates,
// for each of a national summary's 300 thousand cells).
std::vector<Priority> ranked(std::vector<Priority> out, std::size_t n) {
  n = std::min(n, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(n), out.end(),
                    [](const Priority& a, const Priority& b) {
                      if (a.points != b.points) return a.points > b.points;
                      return a.rule < b.rule;
                    });
  out.resize(n);
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

std::vector<Priority> detail::CellPriorities::first(std::size_t unit_pos, std::size_t n) const {
  const auto points = this->points(unit_pos);
  std::vector<Priority> out;
  for (std::size_t i = 0; i < points.size(); ++i)
    if (points[i] > 0) out.push_back({ids_[i], points[i]});
  return ranked(std::move(out), n);
}

std::vector<Priority> priorities_of(const Report& r, std::size_t unit_pos, std::size_t n) {
  return detail::CellPriorities(r).first(unit_pos, n);
}

std::vector<FindingGroup> group_findings(const Report& r, std::size_t unit_pos,
                                         std::span<const Finding> findings) {
  return detail::group_findings(detail::CellPriorities(r), unit_pos, findings);
}

std::vector<FindingGroup> detail::group_findings(const CellPriorities& priorities, std::size_t unit_pos,
                                                 std::span<const Finding> findings) {
  const Report& r = priorities.report();
  const Index unit = r.units[unit_pos].unit;
  const bool cell = r.dataset->org_units.kind[unit] == OrgKind::cell;
  // A first pass counts each rule's findings, so that every list is sized once and the groups,
  // large, are made in their final order instead of sorted (a national report groups 25 million
  // findings of 300,000 units).
  struct Tally {
    std::uint16_t rule;
    Severity severity;
    std::size_t count = 0, meetings = 0, members = 0;
    const Finding* worst;
    double points = 0;
    std::uint32_t group = 0;
  };
  constexpr std::uint32_t none = UINT32_MAX;
  std::vector<std::uint32_t> tally_of(r.policy->registry().rules().size(), none);  // by rule
  std::vector<Tally> tallies;
  for (const Finding& f : findings) {
    if (tally_of[f.rule] == none) {
      tally_of[f.rule] = static_cast<std::uint32_t>(tallies.size());
      tallies.push_back({f.rule, f.severity, 0, 0, 0, &f});
    }
    Tally& t = tallies[tally_of[f.rule]];
    ++t.count;
    t.severity = std::min(t.severity, f.severity);  // error < warning < info
    t.meetings += f.meeting != no_index;
    t.members += f.member != no_index;
    if (!is_na(f.score) && (is_na(t.worst->score) || f.score < t.worst->score)) t.worst = &f;
  }
  if (cell) {
    const auto points = priorities.points(unit_pos);
    for (Tally& t : tallies)
      if (const auto k = priorities.position(t.rule); k != CellPriorities::npos) t.points = points[k];
  }
  std::vector<std::uint32_t> order(tallies.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  // Rules are unique within a unit: the order is total.
  std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
    const Tally &a = tallies[x], &b = tallies[y];
    if (a.points != b.points) return a.points > b.points;
    if (a.severity != b.severity) return a.severity < b.severity;
    return a.rule < b.rule;
  });
  std::vector<FindingGroup> groups(order.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) {
    Tally& t = tallies[order[k]];
    t.group = k;
    FindingGroup& g = groups[k];
    g.rule = t.rule;
    g.unit = unit;
    g.severity = t.severity;
    g.count = t.count;
    g.worst = *t.worst;
    g.points = t.points;
    g.meetings.reserve(t.meetings);
    g.members.reserve(t.members);
  }
  for (const Finding& f : findings) {
    FindingGroup& g = groups[tallies[tally_of[f.rule]].group];
    if (f.meeting != no_index) g.meetings.push_back(f.meeting);
    if (f.member != no_index) g.members.push_back(f.member);
  }
  return groups;
}

}  // namespace chibo
