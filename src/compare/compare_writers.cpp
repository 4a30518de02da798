// A comparison as a board reads it, and as spreadsheets read it.
#include <chibo/compare.hpp>

#include "../format.hpp"
#include "../text_out.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <system_error>
#include <utility>

namespace chibo {

namespace {

using detail::Text;

using detail::change_text;
// Rule scores are 0–1: shown as percentages.
std::string share_text(double v, Language l) {
  return std::isnan(v) ? "—" : detail::decimal(100 * v, 1, l) + "%";
}

const char* kind_name(const std::string& kind, Language l) {
  static const std::pair<const char*, Text> names[] = {
      {"province", {"Tỉnh ủy, thành ủy", "Provinces"}},
      {"district", {"Cấp huyện", "Districts"}},
      {"grassroots_committee", {"Đảng bộ cơ sở", "Grassroots committees"}},
      {"cell", {"Chi bộ", "Cells"}}};
  for (const auto& [code, text] : names)
    if (kind == code) return text(l);
  return kind.c_str();
}

const char* rating_of_row(std::size_t row, Language l) {
  return row < 4 ? detail::rating_name(static_cast<Rating>(row), l) : "—";
}

// Whether the two reports read the same data: a line, and the tables that differ.
std::string data_line(const Comparison& c, Language l) {
  const bool vi = l == Language::vi;
  for (const ReportScores* r : {c.a, c.b})
    if (r->provenance.tables.empty())
      return fmt::format(fmt::runtime(vi ? "Dữ liệu: {} không ghi dữ liệu đã dùng\n"
                                         : "Data: {} holds no record of its data\n"),
                         r == c.a ? "A" : "B");
  if (c.data.data_same())
    return fmt::format(fmt::runtime(vi ? "Dữ liệu: như nhau ở cả hai ({} bảng, cùng số dòng và nội dung)\n"
                                       : "Data: the same in both ({} tables, same rows and bytes)\n"),
                       c.data.tables.size());
  std::string text;
  bool first = true;
  using State = TableCheck::State;
  for (const auto& t : c.data.tables) {
    if (t.state == State::same) continue;
    text += first ? "" : ", ";
    first = false;
    const std::uint64_t a = t.recorded ? t.recorded->rows : 0, b = t.found ? t.found->rows : 0;
    if (t.state == State::not_in_data)
      text += fmt::format(fmt::runtime(vi ? "{} (chỉ ở A, {} dòng)" : "{} (only in A, {} rows)"), t.name, a);
    else if (t.state == State::not_recorded)
      text += fmt::format(fmt::runtime(vi ? "{} (chỉ ở B, {} dòng)" : "{} (only in B, {} rows)"), t.name, b);
    else if (a != b)
      text += fmt::format(fmt::runtime(vi ? "{} ({} → {} dòng)" : "{} ({} → {} rows)"), t.name, a, b);
    else
      text += fmt::format(
          fmt::runtime(vi ? "{} (cùng {} dòng, nội dung khác)" : "{} (same {} rows, other bytes)"), t.name,
          a);
  }
  return (vi ? "Dữ liệu: khác nhau: " : "Data: differs: ") + text + '\n';
}

}  // namespace

void write_comparison_text(std::ostream& out, const Comparison& c, const CompareTextOptions& o) {
  const Language l = o.lang;
  const bool vi = l == Language::vi;
  const auto c_ = [&](std::size_t n) { return detail::count(n, l); };
  out << (vi ? "So sánh hai báo cáo\n" : "Comparing two reports\n");
  for (const ReportScores* r : {c.a, c.b})
    out << fmt::format("  {}: {} — {} {} ({}), {}–{}\n", r == c.a ? "A" : "B", r->name,
                       vi ? "chính sách" : "policy", r->policy_name, r->policy_hash, r->from, r->to);
  out << "  " << data_line(c, l);
  out << fmt::format(fmt::runtime(vi ? "Đơn vị có trong cả hai: {}; chỉ trong A: {}; chỉ trong B: {}\n"
                                     : "Units in both: {}; only in A: {}; only in B: {}\n"),
                     c_(c.units.size()), c_(c.only_a.size()), c_(c.only_b.size()));

  out << (vi ? "\nTheo cấp\n" : "\nBy level\n");
  out << fmt::format("  {:<24} {:>9} {:>7} {:>7} {:>7} {:>9} {:>9}\n", vi ? "cấp" : "level",
                     vi ? "đơn vị" : "units", "A", "B", vi ? "thay đổi" : "change",
                     vi ? "lên hạng" : "rated up", vi ? "xuống hạng" : "rated down");
  for (const auto& lv : c.levels)
    out << fmt::format("  {:<24} {:>9} {:>7} {:>7} {:>7} {:>9} {:>9}\n", kind_name(lv.kind, l), c_(lv.units),
                       detail::score_text(lv.mean_a, l), detail::score_text(lv.mean_b, l),
                       change_text(lv.mean_b - lv.mean_a, l), c_(lv.up), c_(lv.down));
  for (const auto& lv : c.levels) {
    if (lv.kind != "cell") continue;
    out << (vi ? "\nXếp loại chi bộ: A (dòng) → B (cột)\n" : "\nCells by rating: A (rows) → B (columns)\n");
    out << fmt::format("  {:<12}", "");
    for (std::size_t col = 0; col < 5; ++col) out << fmt::format(" {:>11}", rating_of_row(col, l));
    out << '\n';
    for (std::size_t row = 0; row < 5; ++row) {
      out << fmt::format("  {:<12}", rating_of_row(row, l));
      for (std::size_t col = 0; col < 5; ++col) out << fmt::format(" {:>11}", c_(lv.moved[row][col]));
      out << '\n';
    }
  }
  if (!c.measures.empty()) {
    out << (vi ? "\nTiêu chí (trung bình các chi bộ)\n" : "\nMeasures (mean over cells)\n");
    for (const auto& m : c.measures)
      out << fmt::format("  {:<6} {:>7} {:>7} {:>7}\n", m.id, detail::score_text(m.mean_a, l),
                         detail::score_text(m.mean_b, l), change_text(m.mean_b - m.mean_a, l));
  }
  out << (vi ? "\nTheo quy tắc\n" : "\nBy rule\n");
  out << fmt::format("  {:<8} {:>9} {:>9} {:>8} {:>8} {:>9} {:>11}\n", vi ? "quy tắc" : "rule",
                     vi ? "đơn vị A" : "units A", vi ? "đơn vị B" : "units B", "A", "B",
                     vi ? "thay đổi" : "change", vi ? "đơn vị đổi" : "units moved");
  for (const auto& r : c.rules) {
    std::string note;
    if (r.units_a == 0 && r.units_b > 0) note = vi ? "  (chỉ chấm ở B)" : "  (scored in B only)";
    if (r.units_b == 0 && r.units_a > 0) note = vi ? "  (chỉ chấm ở A)" : "  (scored in A only)";
    out << fmt::format(
        "  {:<8} {:>9} {:>9} {:>8} {:>8} {:>9} {:>11}{}\n", r.id, c_(r.units_a), c_(r.units_b),
        share_text(r.mean_a, l), share_text(r.mean_b, l),
        std::isnan(r.mean_a) || std::isnan(r.mean_b) ? "—" : change_text(100 * (r.mean_b - r.mean_a), l),
        c_(r.changed), note);
  }
  for (const bool falls : {true, false}) {
    std::vector<const Comparison::UnitChange*> moved;
    for (const auto& u : c.units)
      if (falls ? u.delta() < 0 : u.delta() > 0) moved.push_back(&u);
    const std::size_t keep = std::min(o.movers, moved.size());
    std::partial_sort(moved.begin(), moved.begin() + static_cast<std::ptrdiff_t>(keep), moved.end(),
                      [](const auto* x, const auto* y) {
                        const double dx = std::fabs(x->delta()), dy = std::fabs(y->delta());
                        return dx != dy ? dx > dy : x->a < y->a;
                      });
    out << (falls ? (vi ? "\nĐơn vị giảm nhiều nhất\n" : "\nUnits that fell most\n")
                  : (vi ? "\nĐơn vị tăng nhiều nhất\n" : "\nUnits that rose most\n"));
    if (keep == 0) out << (vi ? "  (không có)\n" : "  (none)\n");
    for (std::size_t i = 0; i < keep; ++i) {
      const auto& u = c.a->units[moved[i]->a];
      const auto& ub = c.b->units[moved[i]->b];
      out << fmt::format("  {:>7}  {} → {}  {} → {}  {} ({})\n", change_text(moved[i]->delta(), l),
                         detail::score_text(moved[i]->before, l), detail::score_text(moved[i]->after, l),
                         detail::rating_name(u.rating, l), detail::rating_name(ub.rating, l), u.name, u.id);
    }
  }
}

namespace {

std::string units_csv(const Comparison& c) {
  using detail::csv;
  std::string text = "unit_id,kind,in,total_a,total_b,change,rating_a,rating_b\n";
  const auto rating = [](const std::optional<Rating>& r) {
    return r ? std::string(to_code(*r)) : std::string();
  };
  for (const auto& u : c.units) {
    const auto& ua = c.a->units[u.a];
    const auto& ub = c.b->units[u.b];
    text += csv(ua.id) + ',' + csv(ua.kind) + ",both,";
    detail::append_number(text, u.before);
    text += ',';
    detail::append_number(text, u.after);
    text += ',';
    detail::append_number(text, u.delta());
    text += ',' + rating(ua.rating) + ',' + rating(ub.rating) + '\n';
  }
  for (const auto i : c.only_a) {
    const auto& ua = c.a->units[i];
    text += csv(ua.id) + ',' + csv(ua.kind) + ",a,";
    detail::append_number(text, ua.total);
    text += ",,," + rating(ua.rating) + ",\n";
  }
  for (const auto i : c.only_b) {
    const auto& ub = c.b->units[i];
    text += csv(ub.id) + ',' + csv(ub.kind) + ",b,,";
    detail::append_number(text, ub.total);
    text += ",,," + rating(ub.rating) + '\n';
  }
  return text;
}

std::string rules_csv(const Comparison& c) {
  std::string text = "rule,units_a,units_b,mean_a,mean_b,change,units_changed\n";
  for (const auto& r : c.rules) {
    text += detail::csv(r.id) + fmt::format(",{},{},", r.units_a, r.units_b);
    detail::append_number(text, r.mean_a);
    text += ',';
    detail::append_number(text, r.mean_b);
    text += ',';
    detail::append_number(text, r.mean_b - r.mean_a);
    text += fmt::format(",{}\n", r.changed);
  }
  return text;
}

// Each table of the two reports' records: rows, bytes and fingerprint on each side.
std::string tables_csv(const Comparison& c) {
  std::string text = "table,state,rows_a,rows_b,bytes_a,bytes_b,xxh128_a,xxh128_b\n";
  static constexpr const char* states[] = {"same", "differs", "only_a", "only_b"};
  const auto side = [](const std::optional<InputTable>& x) {
    return x ? std::array{std::to_string(x->rows),
                          x->source.empty() ? std::string() : std::to_string(x->bytes), x->xxh128}
             : std::array<std::string, 3>{};
  };
  for (const auto& t : c.data.tables) {
    const auto a = side(t.recorded), b = side(t.found);
    text += fmt::format("{},{},{},{},{},{},{},{}\n", detail::csv(t.name), states[static_cast<int>(t.state)],
                        a[0], b[0], a[1], b[1], a[2], b[2]);
  }
  return text;
}

}  // namespace

void write_comparison_csv(const std::filesystem::path& folder, const Comparison& c) {
  std::filesystem::create_directories(folder);
  const std::pair<const char*, std::string (*)(const Comparison&)> files[] = {
      {"compare_units.csv", units_csv}, {"compare_rules.csv", rules_csv}, {"compare_tables.csv", tables_csv}};
  for (const auto& [name, make] : files) {
    auto out = detail::open_output(folder / name);
    out << make(c);
    out.flush();
    if (!out) throw std::system_error(errno, std::generic_category(), (folder / name).string());
  }
}

}  // namespace chibo
