// A trend as a committee reads it, as spreadsheets read it (trend.csv) and as programs read it
// (chibo-trend/1 JSON).
#include <chibo/trend.hpp>

#include "../format.hpp"
#include "../provenance_out.hpp"
#include "../text_out.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <system_error>

namespace chibo {

namespace {

const char* step_word(StepLength by, Language l) {
  static const char* const vi[] = {"tháng", "quý", "năm"};
  static const char* const en[] = {"month", "quarter", "year"};
  return (l == Language::vi ? vi : en)[static_cast<std::size_t>(by)];
}

}  // namespace

void write_trend_text(std::ostream& out, const Trend& t, const TrendTextOptions& o) {
  const Language l = o.lang;
  if (t.steps.empty()) return;
  const Report& last = t.steps.back();
  const Dataset& ds = *last.dataset;
  out << fmt::format(fmt::runtime(l == Language::vi ? "Diễn biến theo {}, {}–{} ({} bước)\n"
                                                    : "Trend by {}, {}–{} ({} steps)\n"),
                     step_word(t.by, l), detail::local_date(t.steps.front().period.from, l),
                     detail::local_date(last.period.to, l), t.steps.size());
  const std::size_t back = t.year_back();
  for (std::size_t u = 0; u < last.units.size(); ++u) {
    if (last.parent_of(last.units[u].unit) != no_index) continue;
    const Index unit = last.units[u].unit;
    out << fmt::format("\n{} ({})\n", ds.org_units.name[unit], ds.org_units.id[unit]);
    out << fmt::format(fmt::runtime(l == Language::vi ? "  {:<9} {:>7} {:<11} {:>7} {:>9}\n"
                                                      : "  {:<9} {:>7} {:<11} {:>7} {:>9}\n"),
                       l == Language::vi ? "bước" : "step", l == Language::vi ? "điểm" : "total",
                       l == Language::vi ? "xếp loại" : "rating", l == Language::vi ? "so trước" : "change",
                       l == Language::vi ? "so năm trước" : "year on year");
    for (std::size_t s = 0; s < t.steps.size(); ++s) {
      const double now = t.total(s, u);
      const double change = s ? now - t.total(s - 1, u) : not_applicable;
      const double yoy = s >= back ? now - t.total(s - back, u) : not_applicable;
      out << fmt::format("  {:<9} {:>7} {:<11} {:>7} {:>9}\n", step_label(t.steps[s].period, t.by),
                         detail::score_text(now, l), detail::rating_name(t.steps[s].units[u].rating, l),
                         s ? detail::change_text(change, l) : "",
                         s >= back ? detail::change_text(yoy, l) : "");
    }
  }
  if (t.steps.size() < 2) return;
  const std::size_t a = t.steps.size() - 2, b = t.steps.size() - 1;
  const std::string from = step_label(t.steps[a].period, t.by), to = step_label(t.steps[b].period, t.by);
  for (const bool cells : {false, true}) {
    for (const bool falls : {true, false}) {
      const auto moved = largest_changes(t, a, b, cells, falls, o.movers);
      const char* what =
          cells ? (l == Language::vi ? "Chi bộ" : "Cells") : (l == Language::vi ? "Cấp ủy" : "Committees");
      const char* how = falls ? (l == Language::vi ? "giảm nhiều nhất" : "that fell most")
                              : (l == Language::vi ? "tăng nhiều nhất" : "that rose most");
      out << fmt::format("\n{} {} ({} → {})\n", what, how, from, to);
      if (moved.empty()) out << (l == Language::vi ? "  (không có)\n" : "  (none)\n");
      for (const Change& c : moved) {
        const Index unit = last.units[c.unit_pos].unit;
        out << fmt::format("  {:>7}  {} → {}  {} ({})\n", detail::change_text(c.delta(), l),
                           detail::score_text(c.before, l), detail::score_text(c.after, l),
                           ds.org_units.name[unit], ds.org_units.id[unit]);
      }
    }
  }
}

void write_trend_csv(const std::filesystem::path& folder, const Trend& t) {
  std::filesystem::create_directories(folder);
  const auto path = folder / "trend.csv";
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::system_error(errno, std::generic_category(), path.string());
  if (t.steps.empty()) return;
  const Report& first = t.steps.front();
  detail::write_provenance_csv(folder / "provenance.csv", provenance_of(first));
  const Dataset& ds = *first.dataset;
  const auto measures = first.policy->registry().measures();
  std::string text = "unit_id,kind,step,from,to,total,rating";
  for (const auto& m : measures) text += "," + m.id;
  text += ",change,change_year\n";
  const std::size_t back = t.year_back();
  for (std::size_t u = 0; u < first.units.size(); ++u) {
    const Index unit = first.units[u].unit;
    for (std::size_t s = 0; s < t.steps.size(); ++s) {
      const Report& r = t.steps[s];
      const double now = t.total(s, u);
      text += detail::csv(ds.org_units.id[unit]);
      text += fmt::format(",{},{},{},{},", to_code(ds.org_units.kind[unit]), step_label(r.period, t.by),
                          format_date(r.period.from), format_date(r.period.to));
      detail::append_number(text, now);
      text += ',';
      if (r.units[u].rating) text += to_code(*r.units[u].rating);
      for (const double m : r.measures_of(u)) {
        text += ',';
        detail::append_number(text, m);
      }
      text += ',';
      if (s) detail::append_number(text, now - t.total(s - 1, u));
      text += ',';
      if (s >= back) detail::append_number(text, now - t.total(s - back, u));
      text += '\n';
    }
    if (text.size() > (1 << 16)) {
      out << text;
      text.clear();
    }
  }
  out << text;
  if (!out) throw std::system_error(errno, std::generic_category(), path.string());
}

void write_trend_json(std::ostream& out, const Trend& t) {
  detail::JsonOut j(&out);
  j.raw("{\n").key("format").str("chibo-trend/1").raw(",\n");
  if (t.steps.empty()) {
    j.key("steps").raw("[],").key("units").raw("[]\n}\n");
    return;
  }
  const Report& first = t.steps.front();
  const Dataset& ds = *first.dataset;
  j.key("provenance");
  detail::provenance_json(j, provenance_of(first));
  j.raw(",\n");
  j.key("policy")
      .raw("{")
      .key("name")
      .str(first.policy->name())
      .raw(",")
      .key("hash")
      .str(first.policy->hash());
  j.raw("},\n").key("by").str(step_word(t.by, Language::en)).raw(",\n").key("steps").raw("[");
  for (std::size_t s = 0; s < t.steps.size(); ++s) {
    const Period& p = t.steps[s].period;
    j.raw(s ? "," : "")
        .raw("{")
        .key("step")
        .str(step_label(p, t.by))
        .raw(",")
        .key("from")
        .str(format_date(p.from));
    j.raw(",").key("to").str(format_date(p.to)).raw("}");
  }
  j.raw("],\n").key("measures").raw("[");
  const auto measures = first.policy->registry().measures();
  for (std::size_t k = 0; k < measures.size(); ++k) j.raw(k ? "," : "").str(measures[k].id);
  j.raw("],\n").key("units").raw("[");
  for (std::size_t u = 0; u < first.units.size(); ++u) {
    const Index unit = first.units[u].unit;
    const Index parent = t.steps.back().parent_of(unit);
    j.raw(u ? ",\n" : "\n").raw("{").key("id").str(ds.org_units.id[unit]).raw(",").key("kind");
    j.str(to_code(ds.org_units.kind[unit])).raw(",").key("parent");
    if (parent == no_index)
      j.raw("null");
    else
      j.str(ds.org_units.id[parent]);
    j.raw(",").key("total").raw("[");
    for (std::size_t s = 0; s < t.steps.size(); ++s) j.raw(s ? "," : "").num(t.total(s, u));
    j.raw("],").key("rating").raw("[");
    for (std::size_t s = 0; s < t.steps.size(); ++s) {
      const auto& rating = t.steps[s].units[u].rating;
      j.raw(s ? "," : "");
      if (rating)
        j.str(to_code(*rating));
      else
        j.raw("null");
    }
    j.raw("],").key("measures").raw("[");
    for (std::size_t s = 0; s < t.steps.size(); ++s) {
      j.raw(s ? ",[" : "[");
      const auto m = t.steps[s].measures_of(u);
      for (std::size_t k = 0; k < m.size(); ++k) j.raw(k ? "," : "").num(m[k]);
      j.raw("]");
    }
    j.raw("]}");
  }
  j.raw("\n]\n}\n");
}

}  // namespace chibo
