// One HTML page of a report (docs/report.md, "The page").
#include "page.hpp"

#include <chibo/classification.hpp>
#include <chibo/findings.hpp>
#include <chibo/version.hpp>

#include "../format.hpp"
#include "../plan/plan_text.hpp"
#include "markup.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>

namespace chibo::html {

namespace {

using detail::Text;

std::string_view rating_code(const std::optional<Rating>& r) {
  return r ? to_code(*r) : "none";
}

}  // namespace

Page::Page(const Site& site, std::vector<std::size_t> roots, std::size_t self, CellBlocks* blocks)
    : site_(site),
      r_(site.report),
      l_(site.options.lang),
      ds_(site.dataset),
      roots_(std::move(roots)),
      self_(self),
      blocks_(blocks) {
  for (const auto root : roots_) collect_cells(root);
}

void Page::write(std::ostream& out) {
  out_ = &out;
  const bool vi = l_ == Language::vi;
  out << "<!doctype html>\n<html lang=\"" << (vi ? "vi" : "en") << "\">\n<head>\n<meta charset=\"utf-8\">\n"
      << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
      << escaped(title()) << "</title>\n<style>" << style << "</style>\n"
      << "<script type=\"application/json\" id=\"chibo-provenance\">" << site_.provenance << "</script>\n"
      << "</head>\n<body>\n<header>";
  breadcrumbs();
  out << "<h1>" << escaped(title()) << "</h1><p class=\"muted\">"
      << fmt::format(fmt::runtime(vi ? "Kỳ đánh giá {} – {} · chính sách {} ({})"
                                     : "Period {} – {} · policy {} ({})"),
                     detail::local_date(r_.period.from, l_), detail::local_date(r_.period.to, l_),
                     escaped(r_.policy->name()), r_.policy->hash())
      << "</p><input id=\"search\" type=\"search\" placeholder=\""
      << (vi ? "Tìm đơn vị theo tên…" : "Find a unit by name…") << "\"></header>\n<main>\n";
  overview();
  committees();
  tree();
  const std::size_t read = r_.dataset->inputs.size();
  out << "</main>\n<footer class=\"muted\">"
      << (read ? fmt::format(fmt::runtime(
                                 vi ? "chibo {} · {} bảng dữ liệu, {} dòng · <code>chibo verify</code> đối "
                                      "chiếu trang này với dữ liệu"
                                    : "chibo {} · {} data tables, {} rows · <code>chibo verify</code> checks "
                                      "this page against the data"),
                             version, read, detail::count(r_.dataset->rows_read(), l_))
               : fmt::format("chibo {}", version))
      << "</footer>\n<script>" << script << "</script>\n</body>\n</html>\n";
  out_ = nullptr;
}

std::string Page::title() const {
  const bool vi = l_ == Language::vi;
  if (roots_.size() == 1)
    return fmt::format("{} — {}", vi ? "Chất lượng sinh hoạt chi bộ" : "Quality of cell meetings",
                       ds_.org_units.name[roots_.front()]);
  return vi ? "Chất lượng sinh hoạt chi bộ" : "Quality of cell meetings";
}

bool Page::linked(std::size_t u) const {
  return u != self_ && !site_.page_file[u].empty();
}

void Page::collect_cells(std::size_t u) {
  if (site_.is_cell(u)) cells_.push_back(u);
  for (const auto c : site_.children[u]) collect_cells(c);
}

// Index › province › … › this page: the pages above it.
void Page::breadcrumbs() {
  if (site_.index_file.empty() || self_ == no_index) return;
  std::vector<Index> above;
  for (Index p = r_.parent_of(static_cast<Index>(self_)); p != no_index; p = r_.parent_of(p))
    above.push_back(p);
  *out_ << "<nav class=\"crumbs\"><a href=\"" << site_.index_file << "\">"
        << (l_ == Language::vi ? "Tất cả" : "All") << "</a>";
  for (auto it = above.rbegin(); it != above.rend(); ++it)
    *out_ << " › <a href=\"" << escaped(site_.page_file[*it]) << "\">" << escaped(ds_.org_units.name[*it])
          << "</a>";
  *out_ << " › " << escaped(ds_.org_units.name[self_]) << "</nav>";
}

void Page::overview() {
  std::ostream& out = *out_;
  const bool vi = l_ == Language::vi;
  std::array<std::size_t, 4> by_rating{};
  std::size_t weak = 0, scored = 0;
  double sum = 0;
  for (const auto c : cells_) {
    const UnitScore& u = r_.units[c];
    if (u.rating) ++by_rating[static_cast<std::size_t>(*u.rating)];
    if (u.weak) ++weak;
    if (!std::isnan(u.total)) {
      sum += u.total;
      ++scored;
    }
  }
  const double mean = scored ? sum / static_cast<double>(scored) : not_applicable;
  out << "<section id=\"overview\"><h2>" << (vi ? "Toàn cảnh" : "At a glance")
      << "</h2>\n<div class=\"cards\">";
  card("cells", vi ? "Chi bộ" : "Cells", static_cast<double>(cells_.size()),
       detail::count(cells_.size(), l_));
  card("mean-total", vi ? "Điểm bình quân" : "Mean total", mean, detail::score_text(mean, l_));
  card("weak-cells", vi ? "Chi bộ yếu kém" : "Weak cells", static_cast<double>(weak),
       detail::count(weak, l_));
  plan_cards();
  out << "</div>\n<div class=\"charts\">";
  // Cells by rating: four bars.
  const std::size_t most = std::max<std::size_t>(1, *std::max_element(by_rating.begin(), by_rating.end()));
  out << "<figure><figcaption>" << (vi ? "Chi bộ theo xếp loại sinh hoạt" : "Cells by meeting rating")
      << "</figcaption><svg id=\"ratings-chart\" width=\"360\" height=\"200\" role=\"img\">";
  static const char* const colours[] = {"var(--tot)", "var(--kha)", "var(--tb)", "var(--kem)"};
  for (std::size_t k = 0; k < 4; ++k) {
    const double h = 150.0 * static_cast<double>(by_rating[k]) / static_cast<double>(most);
    const double x = 20 + 85.0 * static_cast<double>(k);
    out << fmt::format(
        "<g class=\"bar\" data-rating=\"{}\" data-count=\"{}\"><rect x=\"{}\" y=\"{:.1f}\" width=\"60\" "
        "height=\"{:.1f}\" fill=\"{}\"/><text x=\"{}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>"
        "<text x=\"{}\" y=\"195\" text-anchor=\"middle\">{}</text></g>",
        rating_code(static_cast<Rating>(k)), by_rating[k], x, 170 - h, h, colours[k], x + 30, 165 - h,
        detail::count(by_rating[k], l_), x + 30, detail::rating_name(static_cast<Rating>(k), l_));
  }
  out << "</svg></figure>";
  // The seven measures: the mean over the cells below the root.
  out << "<figure><figcaption>" << (vi ? "Bảy nhóm giải pháp (điểm 0–100)" : "The seven measures (0–100)")
      << "</figcaption><svg id=\"measures-chart\" width=\"420\" height=\"" << 26 * r_.measure_count() + 10
      << "\" role=\"img\">";
  const auto measures = r_.policy->registry().measures();
  for (std::size_t k = 0; k < measures.size(); ++k) {
    double total = 0;
    std::size_t n = 0;
    for (const auto c : cells_) {
      const double v = r_.measures_of(c)[k];
      if (!std::isnan(v)) {
        total += v;
        ++n;
      }
    }
    const double v = n ? total / static_cast<double>(n) : not_applicable;
    const double w = std::isnan(v) ? 0 : 3.0 * v;
    const double y = 5 + 26.0 * static_cast<double>(k);
    out << fmt::format(
        "<g class=\"bar\" data-measure=\"{}\" data-score=\"{}\"><text x=\"0\" y=\"{:.0f}\">{}</text><rect "
        "x=\"40\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"18\" fill=\"var(--bar)\"/><text x=\"{:.1f}\" "
        "y=\"{:.0f}\">{}</text></g>",
        escaped(measures[k].id), exact(v), y + 14, escaped(measures[k].id), y, w, 46 + w, y + 14,
        detail::score_text(v, l_));
  }
  out << "</svg></figure>";
  trend_chart();
  out << "</div>\n";
  classification();
  out << "</section>\n";
}

void Page::card(const char* id, const char* label, double value, const std::string& text) {
  *out_ << "<div class=\"card\" id=\"" << id << "\" data-value=\"" << exact(value) << "\">" << label << "<b>"
        << text << "</b></div>";
}

// The plan's counts over the page's cells.
void Page::plan_cards() {
  const SupervisionPlan* plan = site_.options.plan;
  if (!plan) return;
  const bool vi = l_ == Language::vi;
  std::size_t need = 0, covered = 0;
  for (const auto c : cells_) {
    const std::size_t p = site_.plan_of[c];
    if (p == std::string::npos) continue;
    ++need;
    if (plan->cells[p].cadre != no_index) ++covered;
  }
  card("plan-need", vi ? "Chi bộ cần cấp trên giúp" : "Cells that need help", static_cast<double>(need),
       detail::count(need, l_));
  card("plan-covered",
       vi ? fmt::format("Có cán bộ phụ trách năm {}", plan->year).c_str()
          : fmt::format("Given a cadre for {}", plan->year).c_str(),
       static_cast<double>(covered), detail::count(covered, l_));
}

// The root's total by step, when the page is about one unit.
void Page::trend_chart() {
  const Trend* trend = site_.options.trend;
  if (!trend || roots_.size() != 1 || trend->steps.empty()) return;
  const bool vi = l_ == Language::vi;
  const std::size_t u = roots_.front(), n = trend->steps.size();
  const double width = 420, left = 34, right = 10, top = 10, height = 150;
  const auto x = [&](std::size_t k) {
    return n == 1 ? left
                  : left + (width - left - right) * static_cast<double>(k) / static_cast<double>(n - 1);
  };
  const auto y = [&](double v) { return top + (100 - v) * (height - top - 20) / 100; };
  std::ostream& out = *out_;
  out << "<figure><figcaption>" << (vi ? "Điểm tổng theo " : "Total by ")
      << (trend->by == StepLength::month     ? (vi ? "tháng" : "month")
          : trend->by == StepLength::quarter ? (vi ? "quý" : "quarter")
                                             : (vi ? "năm" : "year"))
      << "</figcaption><svg id=\"trend-chart\" width=\"" << width << "\" height=\"" << height
      << "\" role=\"img\">";
  for (const int v : {0, 50, 100})
    out << fmt::format(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{:.1f}\" y2=\"{:.1f}\" stroke=\"var(--line)\"/>"
        "<text x=\"0\" y=\"{:.1f}\">{}</text>",
        left, width - right, y(v), y(v), y(v) + 4, v);
  std::string path;
  bool pen = false;
  for (std::size_t k = 0; k < n; ++k) {
    const double v = trend->total(k, u);
    if (std::isnan(v)) {
      pen = false;
      continue;
    }
    path += fmt::format("{}{:.1f} {:.1f}", pen ? " L" : (path.empty() ? "M" : " M"), x(k), y(v));
    pen = true;
  }
  out << "<path d=\"" << path << "\" fill=\"none\" stroke=\"var(--bar)\" stroke-width=\"2\"/>";
  for (std::size_t k = 0; k < n; ++k) {
    const double v = trend->total(k, u);
    const std::string label = step_label(trend->steps[k].period, trend->by);
    out << "<g class=\"step\" data-step=\"" << label << "\" data-total=\"" << exact(v) << "\">";
    if (!std::isnan(v))
      out << fmt::format(
          "<circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"3\" fill=\"var(--bar)\"><title>{} {}</title>"
          "</circle>",
          x(k), y(v), label, detail::score_text(v, l_));
    if (k == 0 || k + 1 == n)
      out << fmt::format("<text x=\"{:.1f}\" y=\"{}\" text-anchor=\"{}\">{}</text>", x(k), height - 4,
                         k == 0 ? "start" : "end", label);
    out << "</g>";
  }
  out << "</svg></figure>";
}

void Page::classification() {
  const ClassificationTable t = classification_beside_quality(r_, cells_);
  if (t.classified == 0) return;
  std::ostream& out = *out_;
  const bool vi = l_ == Language::vi;
  static const Text annual[] = {{"Hoàn thành xuất sắc", "Outstanding"},
                                {"Hoàn thành tốt", "Good"},
                                {"Hoàn thành", "Completed"},
                                {"Không hoàn thành", "Not completed"}};
  out << "<h3>"
      << fmt::format(fmt::runtime(vi ? "Xếp loại năm {} và chất lượng sinh hoạt"
                                     : "The {} classification beside meeting quality"),
                     t.year)
      << "</h3><table id=\"classification\"><tr><th></th>";
  for (std::size_t k = 0; k < 4; ++k)
    out << "<th class=\"n\">" << detail::rating_name(static_cast<Rating>(k), l_) << "</th>";
  out << "</tr>";
  for (std::size_t a = 0; a < 4; ++a) {
    out << "<tr><th>" << annual[a](l_) << "</th>";
    for (std::size_t k = 0; k < 4; ++k)
      out << "<td class=\"n\" data-count=\"" << t.cells[a][k] << "\">" << detail::count(t.cells[a][k], l_)
          << "</td>";
    out << "</tr>";
  }
  out << "</table>\n";
}

// The committees shown on this page (a committee with a page of its own ends its branch).
void Page::committees() {
  std::ostream& out = *out_;
  const bool vi = l_ == Language::vi;
  std::vector<std::size_t> ranked;
  for (const auto root : roots_) add_committees(root, ranked);
  std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
    const double ta = r_.units[a].total, tb = r_.units[b].total;
    if (std::isnan(ta) != std::isnan(tb)) return std::isnan(tb);
    return ta > tb;
  });
  const bool trend = site_.options.trend != nullptr;
  out << "<section id=\"committees\"><h2>"
      << (vi ? "Cấp ủy xếp theo điểm bình quân" : "Committees by mean total") << "</h2><table><tr><th>"
      << (vi ? "Cấp ủy" : "Committee") << "</th><th class=\"n\">" << (vi ? "Điểm" : "Total") << "</th><th>"
      << (vi ? "Xếp loại" : "Rating") << "</th><th class=\"n\">"
      << (vi ? "Trách nhiệm cấp trên" : "Upper-level duties") << "</th>"
      << (trend ? (vi ? "<th>Diễn biến</th>" : "<th>Trend</th>") : "") << "</tr>\n";
  for (const auto u : ranked) {
    const UnitScore& s = r_.units[u];
    out << "<tr data-unit-id=\"" << escaped(ds_.org_units.id[u]) << "\" data-total=\"" << exact(s.total)
        << "\" data-duty=\"" << exact(s.duty) << "\"><td>";
    if (linked(u))
      out << "<a href=\"" << escaped(site_.page_file[u]) << "\">" << escaped(ds_.org_units.name[u]) << "</a>";
    else
      out << escaped(ds_.org_units.name[u]);
    out << "</td><td class=\"n\">" << detail::score_text(s.total, l_) << "</td><td class=\"r-"
        << rating_code(s.rating) << "\">" << detail::rating_name(s.rating, l_) << "</td><td class=\"n\">"
        << detail::score_text(s.duty, l_) << "</td>";
    if (trend) out << "<td>" << sparkline(site_, u) << "</td>";
    out << "</tr>\n";
  }
  out << "</table></section>\n";
}

void Page::add_committees(std::size_t u, std::vector<std::size_t>& out) const {
  if (site_.is_cell(u)) return;
  out.push_back(u);
  if (linked(u)) return;
  for (const auto c : site_.children[u]) add_committees(c, out);
}

void Page::tree() {
  *out_ << "<section id=\"tree\"><h2>" << (l_ == Language::vi ? "Đến từng chi bộ" : "Down to each cell")
        << "</h2>\n";
  for (const auto root : roots_) unit(root, true);
  *out_ << "</section>\n";
}

void Page::unit(std::size_t u, bool open) {
  if (linked(u)) return link(u);
  if (site_.is_cell(u)) {
    if (!blocks_) {
      *out_ << site_.cell_block(u);
      return;
    }
    std::string& block = (*blocks_)[u];
    if (block.empty()) block = site_.cell_block(u);
    *out_ << block;
    return;
  }
  const UnitScore& s = r_.units[u];
  *out_ << "<details" << (open ? " open" : "") << " data-unit-id=\"" << escaped(ds_.org_units.id[u])
        << "\" data-name=\"" << escaped(ds_.org_units.name[u]) << "\" data-total=\"" << exact(s.total)
        << "\"><summary>" << escaped(ds_.org_units.name[u]) << "<span class=\"total\">"
        << detail::score_text(s.total, l_) << "</span> <span class=\"r-" << rating_code(s.rating) << "\">"
        << detail::rating_name(s.rating, l_) << "</span>" << sparkline(site_, u) << "</summary>\n";
  committee_plan(u);
  for (const auto c : site_.children[u]) unit(c, false);
  *out_ << "</details>\n";
}

// A unit with a page of its own: its line, linked.
void Page::link(std::size_t u) {
  const UnitScore& s = r_.units[u];
  *out_ << "<div class=\"unit-link\" data-unit-id=\"" << escaped(ds_.org_units.id[u]) << "\" data-name=\""
        << escaped(ds_.org_units.name[u]) << "\" data-total=\"" << exact(s.total) << "\"><a href=\""
        << escaped(site_.page_file[u]) << "\">" << escaped(ds_.org_units.name[u])
        << "</a><span class=\"total\">" << detail::score_text(s.total, l_) << "</span> <span class=\"r-"
        << rating_code(s.rating) << "\">" << detail::rating_name(s.rating, l_) << "</span>"
        << sparkline(site_, u) << "</div>\n";
}

// The committee's cells in the supervision plan: who helps each, and when.
void Page::committee_plan(std::size_t u) {
  const SupervisionPlan* plan = site_.options.plan;
  if (!plan || site_.planned_under[u].empty()) return;
  const bool vi = l_ == Language::vi;
  std::ostream& out = *out_;
  out << "<table class=\"plan\" data-plan-cells=\"" << site_.planned_under[u].size() << "\"><caption>"
      << fmt::format(fmt::runtime(vi ? "Kế hoạch giám sát năm {}" : "Supervision plan for {}"), plan->year)
      << "</caption><tr><th>" << (vi ? "Chi bộ" : "Cell") << "</th><th>"
      << (vi ? "Cần giúp vì" : "Needs help as") << "</th><th>" << (vi ? "Cán bộ phụ trách" : "Cadre")
      << "</th><th>" << (vi ? "Dự sinh hoạt" : "Visits") << "</th></tr>";
  for (const std::size_t i : site_.planned_under[u]) {
    const PlannedCell& p = plan->cells[i];
    out << "<tr data-cell-id=\"" << escaped(ds_.org_units.id[p.cell]) << "\"><td>"
        << escaped(ds_.org_units.name[p.cell]) << "</td><td>" << detail::need_name(p.need, l_) << "</td><td>";
    if (p.cadre == no_index) {
      out << (vi ? "chưa có: " : "none: ") << detail::uncovered_name(p.uncovered, l_)
          << "</td><td></td></tr>";
      continue;
    }
    out << escaped(ds_.cadres.full_name[p.cadre]) << " <span class=\"muted\">("
        << detail::position_name(ds_.cadres.position[p.cadre], l_) << ", "
        << escaped(ds_.org_units.name[ds_.cadres.org_unit[p.cadre]]) << ")</span></td><td>";
    for (std::size_t v = 0; v < site_.visits[i].size(); ++v)
      out << (v ? ", " : "") << detail::local_date(site_.visits[i][v], l_);
    out << "</td></tr>";
  }
  out << "</table>\n";
}

}  // namespace chibo::html
