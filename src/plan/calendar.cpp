// The visit calendar of a supervision plan: when each cadre goes to each of their cells.
#include <chibo/lunar.hpp>
#include <chibo/plan.hpp>

#include <algorithm>
#include <array>

namespace chibo {

int usual_meeting_day(const Dataset& ds, Index cell, Date until) {
  std::array<std::uint32_t, 32> days{};
  for (const Index m : ds.meetings_of(cell)) {
    const Date d = ds.meetings.date[m];
    if (d.is_special() || d > until || ds.meetings.kind[m] == MeetingKind::thematic) continue;
    ++days[d.day()];
  }
  const auto most = std::max_element(days.begin() + 1, days.end());  // the first of equals
  return *most ? static_cast<int>(most - days.begin()) : 0;
}

namespace {

// A day of a month, moved back to the month's last day where the month is shorter.
Date day_in_month(int year, int month, int day) {
  const int last = boost::gregorian::gregorian_calendar::end_of_month_day(static_cast<unsigned short>(year),
                                                                          static_cast<unsigned short>(month));
  return Date(static_cast<unsigned short>(year), static_cast<unsigned short>(month),
              static_cast<unsigned short>(std::min(day, last)));
}

}  // namespace

std::vector<Visit> plan_visits(const Dataset& ds, const std::vector<PlannedCell>& cells, int year,
                               Date until) {
  if (year < 1900 || year > 2199) throw std::invalid_argument("plan_visits: the year must be 1900–2199");
  const Period tet = tet_holiday(year);
  // A cell that has never met regularly is visited on the day most cells meet.
  std::array<std::uint32_t, 32> common{};
  std::vector<int> usual(cells.size(), 0);
  for (std::size_t c = 0; c < cells.size(); ++c) {
    if (cells[c].cadre == no_index) continue;
    usual[c] = usual_meeting_day(ds, cells[c].cell, until);
    ++common[static_cast<std::size_t>(usual[c])];
  }
  const auto most = std::max_element(common.begin() + 1, common.end());
  const int fallback = *most ? static_cast<int>(most - common.begin()) : 1;

  // Each cadre's cells in the plan's order (weakest first): the i-th takes the (i mod 3)-th
  // month of each quarter, so that a cadre with three cells goes out once a month; a month that
  // puts the visit in Tết, or on a day the cadre is already out, gives way to the next.
  std::vector<std::vector<std::size_t>> of_cadre(ds.cadres.size());
  for (std::size_t c = 0; c < cells.size(); ++c)
    if (cells[c].cadre != no_index) of_cadre[cells[c].cadre].push_back(c);
  std::vector<Visit> visits;
  for (Index k = 0; k < of_cadre.size(); ++k) {
    const std::size_t first = visits.size();
    for (std::size_t i = 0; i < of_cadre[k].size(); ++i) {
      const std::size_t c = of_cadre[k][i];
      const int day = usual[c] ? usual[c] : fallback;
      for (int quarter = 0; quarter < 4; ++quarter) {
        std::optional<Date> chosen, clear_of_tet;
        for (int step = 0; step < 3 && !chosen; ++step) {
          const int month = quarter * 3 + static_cast<int>((i + static_cast<std::size_t>(step)) % 3) + 1;
          const Date d = day_in_month(year, month, day);
          if (tet.contains(d)) continue;
          if (!clear_of_tet) clear_of_tet = d;
          const bool busy = std::any_of(visits.begin() + static_cast<std::ptrdiff_t>(first), visits.end(),
                                        [&](const Visit& v) { return v.date == d; });
          if (!busy) chosen = d;
        }
        // Tết lies within a quarter's first two months, so a month clear of it is always left.
        visits.push_back({k, cells[c].cell, chosen ? *chosen : *clear_of_tet});
      }
    }
    std::stable_sort(visits.begin() + static_cast<std::ptrdiff_t>(first), visits.end(),
                     [](const Visit& a, const Visit& b) { return a.date < b.date; });
  }
  return visits;
}

SupervisionPlan supervision_plan(const Report& report, const PlanOptions& options) {
  SupervisionPlan plan;
  plan.capacity = options.capacity;
  plan.year = options.calendar_year ? options.calendar_year : report.period.to.year() + 1;
  plan.cells = plan_supervision(report, options);
  plan.visits = plan_visits(*report.dataset, plan.cells, plan.year, report.period.to);
  return plan;
}

}  // namespace chibo
