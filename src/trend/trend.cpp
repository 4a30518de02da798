// A range cut into steps and scored in one pass; the units that moved most.
#include <chibo/trend.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace chibo {

namespace {

// The first day of the step that holds `d`.
Date step_start(Date d, StepLength by) {
  const int month = d.month();
  switch (by) {
    case StepLength::month:
      return Date(d.year(), d.month(), 1);
    case StepLength::quarter:
      return Date(d.year(), static_cast<unsigned short>((month - 1) / 3 * 3 + 1), 1);
    case StepLength::year:
      break;
  }
  return Date(d.year(), 1, 1);
}

Date next_step(Date start, StepLength by) {
  switch (by) {
    case StepLength::month:
      return start + boost::gregorian::months(1);
    case StepLength::quarter:
      return start + boost::gregorian::months(3);
    case StepLength::year:
      break;
  }
  return start + boost::gregorian::years(1);
}

}  // namespace

std::vector<Period> steps_of(const Period& range, StepLength by) {
  if (range.from.is_special() || range.to.is_special() || range.to < range.from)
    throw std::invalid_argument("steps_of: the range needs from ≤ to");
  std::vector<Period> steps;
  for (Date start = step_start(range.from, by); start <= range.to; start = next_step(start, by)) {
    const Date end = next_step(start, by) - boost::gregorian::days(1);
    steps.push_back({std::max(start, range.from), std::min(end, range.to)});
  }
  return steps;
}

std::string step_label(const Period& step, StepLength by) {
  const Date d = step.from;
  switch (by) {
    case StepLength::month:
      return fmt::format("{}-{:02}", static_cast<int>(d.year()), d.month().as_number());
    case StepLength::quarter:
      return fmt::format("{}-Q{}", static_cast<int>(d.year()), (d.month().as_number() - 1) / 3 + 1);
    case StepLength::year:
      break;
  }
  return fmt::format("{}", static_cast<int>(d.year()));
}

Trend score_trend(const Dataset& dataset, const Period& range, StepLength by, const Policy& policy,
                  const ScoreOptions& options) {
  Trend t;
  t.by = by;
  const auto steps = steps_of(range, by);
  t.steps = score_periods(dataset, steps, policy, options);
  return t;
}

std::vector<Change> largest_changes(const Trend& t, std::size_t from, std::size_t to, bool cells, bool falls,
                                    std::size_t n) {
  std::vector<Change> out;
  if (from >= t.steps.size() || to >= t.steps.size()) return out;
  const Dataset& ds = *t.steps[to].dataset;
  for (std::size_t u = 0; u < t.steps[to].units.size(); ++u) {
    if ((ds.org_units.kind[t.steps[to].units[u].unit] == OrgKind::cell) != cells) continue;
    const Change c{u, t.total(from, u), t.total(to, u)};
    if (std::isnan(c.before) || std::isnan(c.after)) continue;
    if (falls ? c.delta() < 0 : c.delta() > 0) out.push_back(c);
  }
  const auto larger = [&](const Change& a, const Change& b) {
    const double da = std::fabs(a.delta()), db = std::fabs(b.delta());
    return da != db ? da > db : a.unit_pos < b.unit_pos;
  };
  const std::size_t keep = std::min(n, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(), larger);
  out.resize(keep);
  return out;
}

}  // namespace chibo
