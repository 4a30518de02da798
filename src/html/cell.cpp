// What every page of one report shares, and the part of a page each cell takes.
#include "page.hpp"

#include <chibo/findings.hpp>

#include "../format.hpp"
#include "../plan/plan_text.hpp"
#include "../provenance_out.hpp"
#include "markup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <stdexcept>

namespace chibo::html {

Site::Site(const Report& r, const HtmlOptions& o)
    : report(r),
      options(o),
      dataset(*r.dataset),
      provenance(detail::provenance_json_for_html(provenance_of(r))) {
  const std::size_t n = r.units.size();
  children.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    const Index parent = r.parent_of(static_cast<Index>(i));
    if (parent == no_index)
      roots.push_back(i);
    else
      children[parent].push_back(i);
  }
  page_file.resize(n);
  meetings_of.resize(n);
  for (std::size_t m = 0; m < r.meetings.size(); ++m)
    meetings_of[dataset.meetings.cell[r.meetings[m].meeting]].push_back(m);
  if (o.trend) {
    for (const Report& step : o.trend->steps)
      if (step.dataset != r.dataset || step.units.size() != n)
        throw std::invalid_argument("write_html: the trend is not of the report's dataset");
  }
  if (const SupervisionPlan* plan = o.plan) {
    plan_of.assign(n, std::string::npos);
    planned_under.resize(n);
    for (std::size_t i = 0; i < plan->cells.size(); ++i) {
      const Index cell = plan->cells[i].cell;
      if (cell >= n) throw std::invalid_argument("write_html: the plan is not of the report's dataset");
      plan_of[cell] = i;
      if (const Index parent = r.parent_of(cell); parent != no_index) planned_under[parent].push_back(i);
    }
    visits = detail::visits_by_cell(*plan);
  }
}

std::string Site::cell_block(std::size_t u) const {
  const Report& r = report;
  const Language l = options.lang;
  const bool vi = l == Language::vi;
  const UnitScore& s = r.units[u];
  std::string out;
  auto put = [&out](auto&&... parts) { (out.append(parts), ...); };
  put("<details class=\"cell\" data-unit-id=\"", escaped(dataset.org_units.id[u]), "\" data-name=\"",
      escaped(dataset.org_units.name[u]), "\" data-total=\"", exact(s.total), "\"><summary>",
      escaped(dataset.org_units.name[u]), "<span class=\"total\">", detail::score_text(s.total, l),
      "</span> <span class=\"r-", s.rating ? to_code(*s.rating) : "none", "\">",
      detail::rating_name(s.rating, l), "</span></summary>\n");

  const auto priorities = priorities_of(r, u, options.priorities);
  if (!priorities.empty()) {
    const auto rules = r.policy->registry().rules();
    const auto groups = group_findings(r, u, r.findings_of(u));
    out += "<ol class=\"priorities\">";
    for (const Priority& p : priorities) {
      const RuleInfo& rule = rules[p.rule];
      const std::string& text = vi ? rule.shortfall_vi : rule.shortfall;
      put("<li data-rule=\"", escaped(rule.id), "\" data-points=\"", exact(p.points), "\"><b>",
          escaped(rule.id), "</b> ",
          escaped(text.empty() ? (vi ? rule.description_vi : rule.description) : text),
          fmt::format(fmt::runtime(vi ? " (+{} điểm)" : " (+{} points)"), detail::decimal(p.points, 1, l)));
      const auto g =
          std::find_if(groups.begin(), groups.end(), [&](const FindingGroup& x) { return x.rule == p.rule; });
      if (g != groups.end()) {
        put("<br><span class=\"muted\">", escaped(render_message(r, g->worst, l)), "</span>");
        if (!g->meetings.empty()) {
          out += vi ? "<br><span class=\"muted\">Các buổi: " : "<br><span class=\"muted\">Meetings: ";
          for (std::size_t i = 0; i < g->meetings.size(); ++i)
            put(i ? ", " : "", detail::local_date(dataset.meetings.date[g->meetings[i]], l));
          out += "</span>";
        }
      }
      out += "</li>";
    }
    out += "</ol>\n";
  }

  if (options.plan && plan_of[u] != std::string::npos) {
    const PlannedCell& p = options.plan->cells[plan_of[u]];
    put("<p class=\"cadre\" data-need=\"", detail::need_code(p.need), "\">",
        fmt::format(fmt::runtime(vi ? "Cần cấp trên giúp ({}) · năm {}: "
                                    : "Needs the upper level's help ({}) · {}: "),
                    detail::need_name(p.need, l), options.plan->year));
    if (p.cadre == no_index) {
      put(vi ? "chưa có cán bộ phụ trách — " : "no cadre — ", detail::uncovered_name(p.uncovered, l));
    } else {
      put(escaped(dataset.cadres.full_name[p.cadre]), " (",
          detail::position_name(dataset.cadres.position[p.cadre], l), ", ",
          escaped(dataset.org_units.name[dataset.cadres.org_unit[p.cadre]]), ")",
          vi ? " dự sinh hoạt " : " visits on ");
      const auto& dates = visits[plan_of[u]];
      for (std::size_t i = 0; i < dates.size(); ++i) put(i ? ", " : "", detail::local_date(dates[i], l));
    }
    out += "</p>\n";
  }

  const auto& meetings = meetings_of[u];
  if (!meetings.empty()) {
    out +=
        vi ? "<p class=\"meetings\">Sinh hoạt trong kỳ: " : "<p class=\"meetings\">Meetings in the period: ";
    for (std::size_t i = 0; i < meetings.size(); ++i) {
      const MeetingScore& m = r.meetings[meetings[i]];
      put(i ? " · " : "", "<span data-meeting-id=\"", escaped(dataset.meetings.id[m.meeting]),
          "\" data-total=\"", exact(m.total), "\">", detail::local_date(dataset.meetings.date[m.meeting], l),
          " ", detail::score_text(m.total, l), "</span>");
    }
    out += "</p>\n";
  }
  out += "</details>\n";
  return out;
}

std::string sparkline(const Site& site, std::size_t u) {
  const Trend* trend = site.options.trend;
  if (!trend || trend->steps.empty()) return {};
  const std::size_t n = trend->steps.size();
  // Each line on its own scale, at least 10 points tall, so that its shape shows.
  double low = 100, high = 0;
  for (std::size_t k = 0; k < n; ++k)
    if (const double v = trend->total(k, u); !std::isnan(v)) {
      low = std::min(low, v);
      high = std::max(high, v);
    }
  if (high - low < 10) {
    const double mid = (high + low) / 2;
    low = mid - 5;
    high = mid + 5;
  }
  std::string values = "[", path;
  bool pen = false;
  for (std::size_t k = 0; k < n; ++k) {
    const double v = trend->total(k, u);
    values += k ? "," : "";
    values += std::isnan(v) ? "null" : exact(v);
    if (std::isnan(v)) {
      pen = false;
      continue;
    }
    const double x = n == 1 ? 2 : 2 + 92.0 * static_cast<double>(k) / static_cast<double>(n - 1);
    fmt::format_to(std::back_inserter(path), "{}{:.1f} {:.1f}", pen ? " L" : (path.empty() ? "M" : " M"), x,
                   18 - 16 * (v - low) / (high - low));
    pen = true;
  }
  return fmt::format(
      "<svg class=\"spark\" width=\"96\" height=\"20\" data-trend=\"{}]\"><path d=\"{}\"/></svg>", values,
      path);
}

}  // namespace chibo::html
