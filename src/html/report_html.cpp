// The report as one self-contained HTML page (docs/report.md, "The page").
#include <chibo/classification.hpp>
#include <chibo/findings.hpp>
#include <chibo/html.hpp>

#include "../format.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace chibo {

namespace {

using detail::Text;

std::string escaped(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

// An exact value for programs (data- attributes): the shortest text that reads back the same.
std::string exact(double v) {
  return std::isnan(v) ? "" : detail::number(v);
}

constexpr const char* style = R"(
:root{--ink:#1d2329;--muted:#5b6670;--line:#d9dee3;--tot:#2e7d32;--kha:#7cb342;--tb:#f9a825;--kem:#c62828;--bar:#3f6fb5}
*{box-sizing:border-box}
body{margin:0;font:15px/1.5 "Segoe UI","Noto Sans","Helvetica Neue",Arial,"Liberation Sans",sans-serif;color:var(--ink);background:#fff}
header,main{max-width:1100px;margin:0 auto;padding:16px 20px}
header{border-bottom:3px solid #b71c1c}
h1{font-size:24px;margin:0 0 4px}h2{font-size:19px;margin:28px 0 10px;border-bottom:1px solid var(--line);padding-bottom:4px}
.muted{color:var(--muted)}
.cards{display:flex;gap:12px;flex-wrap:wrap}.card{border:1px solid var(--line);border-radius:6px;padding:10px 14px;min-width:150px}
.card b{display:block;font-size:22px}
.charts{display:flex;gap:24px;flex-wrap:wrap}
table{border-collapse:collapse;width:100%}th,td{border-bottom:1px solid var(--line);padding:4px 8px;text-align:left}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
.r-tot{color:var(--tot)}.r-kha{color:#558b2f}.r-trung_binh{color:#b26a00}.r-kem{color:var(--kem)}
details{margin:2px 0 2px 14px}summary{cursor:pointer}summary .total{font-variant-numeric:tabular-nums;margin-left:8px}
details.cell>summary{color:var(--ink)}
.priorities{margin:4px 0 8px 18px}.priorities li{margin:2px 0}
.meetings{font-size:13px;color:var(--muted);margin:2px 0 8px 18px}
#search{font:inherit;padding:6px 10px;width:min(420px,100%);margin-top:8px;border:1px solid var(--line);border-radius:4px}
.hidden{display:none}
@media print{@page{size:A4;margin:15mm}#search{display:none}header{border:0}details{margin-left:8px}
details>summary{list-style:none}a{color:inherit;text-decoration:none}h2{break-after:avoid}}
)";

constexpr const char* script = R"(
document.getElementById('search').addEventListener('input',function(e){
  var q=e.target.value.trim().toLowerCase().normalize('NFC');
  var all=document.querySelectorAll('#tree details');
  all.forEach(function(d){d.classList.remove('hidden');});
  if(!q){return;}
  all.forEach(function(d){
    var own=d.getAttribute('data-name').toLowerCase().normalize('NFC').indexOf(q)>=0;
    var below=d.querySelector('details[data-name*="'+CSS.escape(q)+'" i]')!==null;
    if(!own&&!below){d.classList.add('hidden');}else if(below){d.open=true;}
  });
});
)";

std::string_view rating_code(const std::optional<Rating>& r) {
  return r ? to_code(*r) : "none";
}

class Page {
 public:
  Page(std::ostream& out, const Report& r, const HtmlOptions& o)
      : out_(out), r_(r), o_(o), l_(o.lang), ds_(*r.dataset), rules_(r.policy->registry().rules()) {
    children_.resize(r.units.size());
    for (std::size_t i = 0; i < r.units.size(); ++i) {
      const Index parent = r.parent_of(r.units[i].unit);
      if (parent == no_index)
        roots_.push_back(i);
      else
        children_[parent].push_back(i);
    }
    meetings_of_.resize(r.units.size());
    for (std::size_t m = 0; m < r.meetings.size(); ++m)
      meetings_of_[ds_.meetings.cell[r.meetings[m].meeting]].push_back(m);
    if (o.root != no_index) {
      if (o.root >= r.units.size()) throw std::invalid_argument("write_html: no such unit");
      roots_ = {o.root};
    }
    for (const auto root : roots_) collect_cells(root);
  }

  void write() {
    const bool vi = l_ == Language::vi;
    out_ << "<!doctype html>\n<html lang=\"" << (vi ? "vi" : "en")
         << "\">\n<head>\n<meta charset=\"utf-8\">\n"
         << "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>"
         << escaped(title()) << "</title>\n<style>" << style << "</style>\n</head>\n<body>\n";
    out_ << "<header><h1>" << escaped(title()) << "</h1><p class=\"muted\">"
         << fmt::format(fmt::runtime(vi ? "Kỳ đánh giá {} – {} · chính sách {} ({})"
                                        : "Period {} – {} · policy {} ({})"),
                        detail::local_date(r_.period.from, l_), detail::local_date(r_.period.to, l_),
                        escaped(r_.policy->name()), r_.policy->hash())
         << "</p><input id=\"search\" type=\"search\" placeholder=\""
         << (vi ? "Tìm đơn vị theo tên…" : "Find a unit by name…") << "\"></header>\n<main>\n";
    overview();
    committees();
    tree();
    out_ << "</main>\n<script>" << script << "</script>\n</body>\n</html>\n";
  }

 private:
  std::string title() const {
    const bool vi = l_ == Language::vi;
    if (roots_.size() == 1)
      return fmt::format("{} — {}", vi ? "Chất lượng sinh hoạt chi bộ" : "Quality of cell meetings",
                         ds_.org_units.name[r_.units[roots_.front()].unit]);
    return vi ? "Chất lượng sinh hoạt chi bộ" : "Quality of cell meetings";
  }

  void collect_cells(std::size_t u) {
    if (ds_.org_units.kind[r_.units[u].unit] == OrgKind::cell) cells_.push_back(u);
    for (const auto c : children_[u]) collect_cells(c);
  }

  void overview() {
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
    out_ << "<section id=\"overview\"><h2>" << (vi ? "Toàn cảnh" : "At a glance")
         << "</h2>\n<div class=\"cards\">";
    card("cells", vi ? "Chi bộ" : "Cells", static_cast<double>(cells_.size()),
         detail::count(cells_.size(), l_));
    card("mean-total", vi ? "Điểm bình quân" : "Mean total", mean, detail::score_text(mean, l_));
    card("weak-cells", vi ? "Chi bộ yếu kém" : "Weak cells", static_cast<double>(weak),
         detail::count(weak, l_));
    out_ << "</div>\n<div class=\"charts\">";
    // Cells by rating: four bars.
    const std::size_t most = std::max<std::size_t>(1, *std::max_element(by_rating.begin(), by_rating.end()));
    out_ << "<figure><figcaption>" << (vi ? "Chi bộ theo xếp loại sinh hoạt" : "Cells by meeting rating")
         << "</figcaption><svg id=\"ratings-chart\" width=\"360\" height=\"200\" role=\"img\">";
    static const char* const colours[] = {"var(--tot)", "var(--kha)", "var(--tb)", "var(--kem)"};
    for (std::size_t k = 0; k < 4; ++k) {
      const double h = 150.0 * static_cast<double>(by_rating[k]) / static_cast<double>(most);
      const double x = 20 + 85.0 * static_cast<double>(k);
      out_ << fmt::format(
          "<g class=\"bar\" data-rating=\"{}\" data-count=\"{}\"><rect x=\"{}\" y=\"{:.1f}\" width=\"60\" "
          "height=\"{:.1f}\" fill=\"{}\"/><text x=\"{}\" y=\"{:.1f}\" text-anchor=\"middle\">{}</text>"
          "<text x=\"{}\" y=\"195\" text-anchor=\"middle\">{}</text></g>",
          rating_code(static_cast<Rating>(k)), by_rating[k], x, 170 - h, h, colours[k], x + 30, 165 - h,
          detail::count(by_rating[k], l_), x + 30, detail::rating_name(static_cast<Rating>(k), l_));
    }
    out_ << "</svg></figure>";
    // The seven measures: the mean over the cells below the root (the root's own measures).
    out_ << "<figure><figcaption>" << (vi ? "Bảy nhóm giải pháp (điểm 0–100)" : "The seven measures (0–100)")
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
      out_ << fmt::format(
          "<g class=\"bar\" data-measure=\"{}\" data-score=\"{}\"><text x=\"0\" y=\"{:.0f}\">{}</text><rect "
          "x=\"40\" y=\"{:.0f}\" width=\"{:.1f}\" height=\"18\" fill=\"var(--bar)\"/><text x=\"{:.1f}\" "
          "y=\"{:.0f}\">{}</text></g>",
          escaped(measures[k].id), exact(v), y + 14, escaped(measures[k].id), y, w, 46 + w, y + 14,
          detail::score_text(v, l_));
    }
    out_ << "</svg></figure></div>\n";
    classification();
    out_ << "</section>\n";
  }

  void card(const char* id, const char* label, double value, const std::string& text) {
    out_ << "<div class=\"card\" id=\"" << id << "\" data-value=\"" << exact(value) << "\">" << label << "<b>"
         << text << "</b></div>";
  }

  void classification() {
    const ClassificationTable t = classification_beside_quality(r_);
    if (t.classified == 0) return;
    const bool vi = l_ == Language::vi;
    static const Text annual[] = {{"Hoàn thành xuất sắc", "Outstanding"},
                                  {"Hoàn thành tốt", "Good"},
                                  {"Hoàn thành", "Completed"},
                                  {"Không hoàn thành", "Not completed"}};
    out_ << "<h3>"
         << fmt::format(fmt::runtime(vi ? "Xếp loại năm {} và chất lượng sinh hoạt"
                                        : "The {} classification beside meeting quality"),
                        t.year)
         << "</h3><table id=\"classification\"><tr><th></th>";
    for (std::size_t k = 0; k < 4; ++k)
      out_ << "<th class=\"n\">" << detail::rating_name(static_cast<Rating>(k), l_) << "</th>";
    out_ << "</tr>";
    for (std::size_t a = 0; a < 4; ++a) {
      out_ << "<tr><th>" << annual[a](l_) << "</th>";
      for (std::size_t k = 0; k < 4; ++k)
        out_ << "<td class=\"n\" data-count=\"" << t.cells[a][k] << "\">" << detail::count(t.cells[a][k], l_)
             << "</td>";
      out_ << "</tr>";
    }
    out_ << "</table>\n";
  }

  void committees() {
    const bool vi = l_ == Language::vi;
    std::vector<std::size_t> ranked;
    for (const auto root : roots_) add_committees(root, ranked);
    std::stable_sort(ranked.begin(), ranked.end(), [&](std::size_t a, std::size_t b) {
      const double ta = r_.units[a].total, tb = r_.units[b].total;
      if (std::isnan(ta) != std::isnan(tb)) return std::isnan(tb);
      return ta > tb;
    });
    out_ << "<section id=\"committees\"><h2>"
         << (vi ? "Cấp ủy xếp theo điểm bình quân" : "Committees by mean total") << "</h2><table><tr><th>"
         << (vi ? "Cấp ủy" : "Committee") << "</th><th class=\"n\">" << (vi ? "Điểm" : "Total") << "</th><th>"
         << (vi ? "Xếp loại" : "Rating") << "</th><th class=\"n\">"
         << (vi ? "Trách nhiệm cấp trên" : "Upper-level duties") << "</th></tr>\n";
    for (const auto u : ranked) {
      const UnitScore& s = r_.units[u];
      out_ << "<tr data-unit-id=\"" << escaped(ds_.org_units.id[s.unit]) << "\" data-total=\""
           << exact(s.total) << "\" data-duty=\"" << exact(s.duty) << "\"><td>"
           << escaped(ds_.org_units.name[s.unit]) << "</td><td class=\"n\">"
           << detail::score_text(s.total, l_) << "</td><td class=\"r-" << rating_code(s.rating) << "\">"
           << detail::rating_name(s.rating, l_) << "</td><td class=\"n\">" << detail::score_text(s.duty, l_)
           << "</td></tr>\n";
    }
    out_ << "</table></section>\n";
  }

  void add_committees(std::size_t u, std::vector<std::size_t>& out) {
    if (ds_.org_units.kind[r_.units[u].unit] == OrgKind::cell) return;
    out.push_back(u);
    for (const auto c : children_[u]) add_committees(c, out);
  }

  void tree() {
    out_ << "<section id=\"tree\"><h2>"
         << (l_ == Language::vi ? "Từ tỉnh đến từng chi bộ" : "From the province to each cell") << "</h2>\n";
    for (const auto root : roots_) unit(root, true);
    out_ << "</section>\n";
  }

  void unit(std::size_t u, bool open) {
    const UnitScore& s = r_.units[u];
    const bool cell = ds_.org_units.kind[s.unit] == OrgKind::cell;
    out_ << "<details" << (open ? " open" : "") << (cell ? " class=\"cell\"" : "") << " data-unit-id=\""
         << escaped(ds_.org_units.id[s.unit]) << "\" data-name=\"" << escaped(ds_.org_units.name[s.unit])
         << "\" data-total=\"" << exact(s.total) << "\"><summary>" << escaped(ds_.org_units.name[s.unit])
         << "<span class=\"total\">" << detail::score_text(s.total, l_) << "</span> <span class=\"r-"
         << rating_code(s.rating) << "\">" << detail::rating_name(s.rating, l_) << "</span></summary>\n";
    if (cell)
      cell_detail(u);
    else
      for (const auto c : children_[u]) unit(c, false);
    out_ << "</details>\n";
  }

  void cell_detail(std::size_t u) {
    const bool vi = l_ == Language::vi;
    const auto priorities = priorities_of(r_, u, o_.priorities);
    if (!priorities.empty()) {
      const auto findings = r_.findings_of(u);
      const auto groups = group_findings(r_, u, findings);
      out_ << "<ol class=\"priorities\">";
      for (const Priority& p : priorities) {
        const RuleInfo& rule = rules_[p.rule];
        const std::string& text = vi ? rule.shortfall_vi : rule.shortfall;
        out_ << "<li data-rule=\"" << escaped(rule.id) << "\" data-points=\"" << exact(p.points) << "\"><b>"
             << escaped(rule.id) << "</b> "
             << escaped(text.empty() ? (vi ? rule.description_vi : rule.description) : text)
             << fmt::format(fmt::runtime(vi ? " (+{} điểm)" : " (+{} points)"),
                            detail::decimal(p.points, 1, l_));
        const auto g = std::find_if(groups.begin(), groups.end(),
                                    [&](const FindingGroup& x) { return x.rule == p.rule; });
        if (g != groups.end()) {
          out_ << "<br><span class=\"muted\">" << escaped(render_message(r_, g->worst, l_)) << "</span>";
          if (!g->meetings.empty()) {
            out_ << "<br><span class=\"muted\">" << (vi ? "Các buổi: " : "Meetings: ");
            for (std::size_t i = 0; i < g->meetings.size(); ++i)
              out_ << (i ? ", " : "") << detail::local_date(ds_.meetings.date[g->meetings[i]], l_);
            out_ << "</span>";
          }
        }
        out_ << "</li>";
      }
      out_ << "</ol>\n";
    }
    const auto& meetings = meetings_of_[r_.units[u].unit];
    if (!meetings.empty()) {
      out_ << "<p class=\"meetings\">" << (vi ? "Sinh hoạt trong kỳ: " : "Meetings in the period: ");
      for (std::size_t i = 0; i < meetings.size(); ++i) {
        const MeetingScore& m = r_.meetings[meetings[i]];
        out_ << (i ? " · " : "") << "<span data-meeting-id=\"" << escaped(ds_.meetings.id[m.meeting])
             << "\" data-total=\"" << exact(m.total) << "\">"
             << detail::local_date(ds_.meetings.date[m.meeting], l_) << " " << detail::score_text(m.total, l_)
             << "</span>";
      }
      out_ << "</p>\n";
    }
  }

  std::ostream& out_;
  const Report& r_;
  const HtmlOptions& o_;
  const Language l_;
  const Dataset& ds_;
  std::span<const RuleInfo> rules_;
  std::vector<std::vector<std::size_t>> children_;
  std::vector<std::vector<std::size_t>> meetings_of_;  // by unit row: positions in r.meetings
  std::vector<std::size_t> roots_, cells_;
};

}  // namespace

void write_html(std::ostream& out, const Report& report, const HtmlOptions& options) {
  Page(out, report, options).write();
}

}  // namespace chibo
