// The terminal summary: what a province's organisation board reads first, in its own words.
#include <chibo/report.hpp>

#include <chibo/classification.hpp>
#include <chibo/findings.hpp>
#include <chibo/version.hpp>

#include "format.hpp"
#include "priorities.hpp"

#include <algorithm>
#include <map>
#include <set>

namespace chibo {

namespace {

using detail::Text;

using detail::rating_name;

const char* annual_name(AnnualRating a, Language l) {
  static const Text names[] = {{"Hoàn thành xuất sắc nhiệm vụ", "Outstanding"},
                               {"Hoàn thành tốt nhiệm vụ", "Good"},
                               {"Hoàn thành nhiệm vụ", "Completed"},
                               {"Không hoàn thành nhiệm vụ", "Not completed"}};
  return names[static_cast<std::size_t>(a)](l);
}

const char* owner_name(Owner o, Language l) {
  static const Text names[] = {
      {"chi bộ", "cell"}, {"bí thư, chi ủy", "secretary"}, {"cấp ủy cấp trên", "upper committee"}};
  return names[static_cast<std::size_t>(o)](l);
}

// Committees of a kind, as a heading names a level of them.
const char* level_name(OrgKind k, Language l) {
  static const Text names[] = {{"Đảng bộ tỉnh, thành phố", "Provincial committees"},
                               {"Đảng bộ cấp huyện", "District-level committees"},
                               {"Đảng bộ cơ sở (xã, phường, cơ quan, doanh nghiệp)",
                                "Grassroots committees (communes, wards, agencies, enterprises)"},
                               {"Chi bộ", "Cells"}};
  return names[static_cast<std::size_t>(k)](l);
}

std::string_view shortfall(const RuleInfo& r, Language l) {
  const std::string& s = l == Language::vi ? r.shortfall_vi : r.shortfall;
  if (!s.empty()) return s;
  return l == Language::vi ? r.description_vi : r.description;
}

std::string policy_name(const Policy& p, Language l) {
  return p.name() == "default" && l == Language::vi ? "mặc định" : p.name();
}

class Summary {
 public:
  Summary(std::ostream& out, const Report& r, const SummaryOptions& o)
      : out_(out),
        r_(r),
        o_(o),
        l_(o.lang),
        units_(r.dataset->org_units),
        rules_(r.policy->registry().rules()),
        priorities_(r) {
    for (std::size_t i = 0; i < r.units.size(); ++i)
      if (units_.kind[r.units[i].unit] == OrgKind::cell) cells_.push_back(i);
  }

  void write() {
    head();
    quality();
    annual();
    levels();
    duties();
    weakest();
    shared_priorities();
    common_shortfalls();
  }

 private:
  void head() {
    out_ << fmt::format("{} {} – {}\n",
                        Text{"Chất lượng sinh hoạt chi bộ, kỳ", "Cell meeting quality, period"}(l_),
                        detail::local_date(r_.period.from, l_), detail::local_date(r_.period.to, l_));
    out_ << fmt::format("{}: {} ({} {})\n", Text{"Bộ tiêu chí", "Rule set"}(l_), policy_name(*r_.policy, l_),
                        Text{"mã", "hash"}(l_), r_.policy->hash());
    const Registry& reg = r_.policy->registry();
    for (std::size_t p = 0; p < reg.plugins().size(); ++p) {
      std::string ids;
      for (const auto& rule : rules_)
        if (rule.plugin == static_cast<int>(p)) ids += fmt::format("{}{}", ids.empty() ? "" : ", ", rule.id);
      out_ << fmt::format("{}: {} {} ({})\n", Text{"Tiêu chí bổ sung", "Plugin rules"}(l_),
                          reg.plugins()[p].name, reg.plugins()[p].version, ids);
    }
    out_ << fmt::format("{}: {}   {}: {}   {}: {}\n", Text{"Chi bộ", "Cells"}(l_),
                        detail::count(cells_.size(), l_), Text{"Buổi sinh hoạt", "Meetings"}(l_),
                        detail::count(r_.meetings.size(), l_), Text{"Phát hiện", "Findings"}(l_),
                        detail::count(r_.finding_count(), l_));
    // Where the data came from: the reports written beside this summary record each table.
    if (!r_.dataset->inputs.empty()) {
      out_ << fmt::format(fmt::runtime(Text{"Dữ liệu: {} dòng đọc vào (chibo {}){}",
                                            "Data: {} rows read (chibo {}){}"}(l_)),
                          detail::count(r_.dataset->rows_read(), l_), version,
                          r_.dataset->redacted ? Text{"; đã ẩn danh", "; pseudonymised"}(l_) : "")
           << '\n';
    }
  }

  void quality() {
    std::array<std::size_t, 4> counts{};
    std::size_t rated = 0;
    for (auto i : cells_)
      if (r_.units[i].rating) {
        ++rated;
        ++counts[static_cast<std::size_t>(*r_.units[i].rating)];
      }
    out_ << '\n'
         << Text{"Chi bộ theo chất lượng sinh hoạt (điểm của chibo, không phải xếp loại hằng năm)",
                 "Cells by meeting quality (chibo's score, not the annual classification)"}(l_)
         << '\n';
    for (std::size_t k = 0; k < 4; ++k) {
      const double share = rated ? 100.0 * static_cast<double>(counts[k]) / static_cast<double>(rated) : 0;
      out_ << fmt::format("  {:<11} {:>9} {:>7}%\n", rating_name(static_cast<Rating>(k), l_),
                          detail::count(counts[k], l_), detail::decimal(share, 1, l_));
    }
  }

  // The official annual classification (ratings.csv) of the period's last year beside meeting
  // quality, and the cells rated well whose meetings are Kém ("đánh giá chưa đúng thực chất").
  void annual() {
    const ClassificationTable t = classification_beside_quality(r_);
    if (t.classified == 0) return;
    out_ << '\n'
         << fmt::format(
                fmt::runtime(Text{"Xếp loại hằng năm {} (ratings.csv) và chất lượng sinh hoạt (số chi bộ)",
                                  "Annual classification {} (ratings.csv) and meeting quality (cells)"}(l_)),
                t.year)
         << '\n';
    out_ << fmt::format("  {:<30}", "");
    for (std::size_t k = 0; k < 4; ++k)
      out_ << fmt::format(" {:>11}", rating_name(static_cast<Rating>(k), l_));
    out_ << '\n';
    for (std::size_t a = 0; a < 4; ++a) {
      out_ << fmt::format("  {:<30}", annual_name(static_cast<AnnualRating>(a), l_));
      for (std::size_t k = 0; k < 4; ++k) out_ << fmt::format(" {:>11}", detail::count(t.cells[a][k], l_));
      out_ << '\n';
    }
    if (t.doubtful.empty()) return;
    out_ << fmt::format(
                fmt::runtime(Text{"  Xếp loại từ hoàn thành tốt nhiệm vụ trở lên nhưng sinh hoạt Kém: {} chi "
                                  "bộ (cần xem lại việc đánh giá, xếp loại)",
                                  "  Rated good or better but meetings Poor: {} cells (the classification "
                                  "deserves a second look)"}(l_)),
                detail::count(t.doubtful.size(), l_))
         << '\n';
    for (std::size_t k = 0; k < std::min(t.doubtful.size(), o_.worst_cells); ++k)
      cell_line(t.doubtful[k], "    ");
  }

  // Committees level by level from the top: each with the mean of the cells below it.
  void levels() {
    const OrgTree& tree = r_.tree();
    std::map<std::uint32_t, std::vector<std::size_t>> by_depth;
    std::size_t roots_with_cells = 0;
    for (std::size_t i = 0; i < r_.units.size(); ++i) {
      const Index u = r_.units[i].unit;
      if (units_.kind[u] == OrgKind::cell || tree.cells_below(u).empty()) continue;
      by_depth[tree.depth(u)].push_back(i);
      roots_with_cells += tree.depth(u) == 0;
    }
    // One root (a province) is the whole report: ranking starts with the level below it.
    for (auto& [depth, list] : by_depth) {
      if (depth == 0 && roots_with_cells < 2) continue;
      std::erase_if(list, [&](std::size_t i) { return std::isnan(r_.units[i].total); });
      if (list.empty()) continue;
      std::sort(list.begin(), list.end(), [&](std::size_t a, std::size_t b) { return by_total(a, b); });
      if (first_level_.empty()) first_level_ = list;
      std::set<OrgKind> kinds;
      for (auto i : list) kinds.insert(units_.kind[r_.units[i].unit]);
      std::string heading;
      for (OrgKind k : kinds) heading += fmt::format("{}{}", heading.empty() ? "" : "; ", level_name(k, l_));
      out_ << '\n'
           << heading
           << Text{" — điểm bình quân của các chi bộ trực thuộc", " — mean score of the cells below"}(l_)
           << '\n';
      const std::size_t n = list.size(), keep = o_.ranked == 0 ? n : o_.ranked;
      for (std::size_t k = 0; k < n; ++k) {
        if (n > keep && k == keep / 2) {
          out_ << fmt::format(fmt::runtime(Text{"    … {} đơn vị khác", "    … {} more"}(l_)),
                              detail::count(n - keep / 2 * 2, l_))
               << '\n';
          k = n - keep / 2;
        }
        committee_line(k + 1, list[k]);
      }
    }
  }

  // What the committees of the first level owe their cells (measures 5 and 7, the secretaries'
  // training): their duty scores, lowest first, with the duties that would raise them most.
  void duties() {
    std::vector<std::size_t> list = first_level_;
    std::erase_if(list, [&](std::size_t i) { return std::isnan(r_.units[i].duty); });
    if (list.empty()) return;
    std::stable_sort(list.begin(), list.end(),
                     [&](std::size_t a, std::size_t b) { return r_.units[a].duty < r_.units[b].duty; });
    out_ << '\n'
         << Text{"Nhiệm vụ của cấp ủy cấp trên đối với chi bộ (điểm bình quân; việc cần làm trước)",
                 "Duties of the upper committees to their cells (mean score; what to do first)"}(l_)
         << '\n';
    const std::size_t keep = o_.ranked == 0 ? list.size() : std::min(list.size(), o_.ranked);
    for (std::size_t k = 0; k < keep; ++k) {
      const auto& u = r_.units[list[k]];
      std::string line;
      for (const Priority& p : duty_priorities_of(r_, list[k], std::max<std::size_t>(o_.priorities, 1)))
        line += fmt::format("{}{} (+{})", line.empty() ? "" : ", ", rules_[p.rule].id,
                            detail::decimal(p.points, 1, l_));
      out_ << fmt::format("  {:<40} {:>6}  {}\n", units_.name[u.unit], detail::score_text(u.duty, l_), line);
    }
    if (keep < list.size())
      out_ << fmt::format(fmt::runtime(Text{"    … {} đơn vị khác", "    … {} more"}(l_)),
                          detail::count(list.size() - keep, l_))
           << '\n';
  }

  void committee_line(std::size_t rank, std::size_t i) {
    const auto& u = r_.units[i];
    out_ << fmt::format(
        "  {:>4}. {:<34} {:>6}  [{} {} / {} {} / {} {} / {} {}]\n", rank, units_.name[u.unit],
        detail::score_text(u.total, l_), detail::count(u.ratings[0], l_), rating_name(Rating::tot, l_),
        detail::count(u.ratings[1], l_), rating_name(Rating::kha, l_), detail::count(u.ratings[2], l_),
        rating_name(Rating::trung_binh, l_), detail::count(u.ratings[3], l_), rating_name(Rating::kem, l_));
  }

  void weakest() {
    std::vector<std::size_t> worst = cells_;
    std::erase_if(worst, [&](std::size_t i) { return std::isnan(r_.units[i].total); });
    // The order is total (ties by id), so the first few sorted alone are the same.
    const auto keep = static_cast<std::ptrdiff_t>(std::min(worst.size(), o_.worst_cells));
    std::partial_sort(worst.begin(), worst.begin() + keep, worst.end(),
                      [&](std::size_t a, std::size_t b) { return by_total(b, a); });
    worst.resize(static_cast<std::size_t>(keep));
    if (worst.empty()) return;
    out_ << '\n' << Text{"Chi bộ có điểm thấp nhất", "Cells with the lowest scores"}(l_) << '\n';
    for (auto i : worst) {
      cell_line(i, "  ");
      const auto priorities = priorities_.first(i, o_.priorities);
      if (priorities.empty()) continue;
      std::string line;
      for (const Priority& p : priorities)
        line += fmt::format("{}{} (+{})", line.empty() ? "" : ", ", rules_[p.rule].id,
                            detail::decimal(p.points, 1, l_));
      out_ << fmt::format("  {:<14} {}: {}\n", "", Text{"ưu tiên", "priorities"}(l_), line);
    }
  }

  void cell_line(std::size_t i, std::string_view indent) {
    const auto& u = r_.units[i];
    const Index parent = r_.parent_of(u.unit);
    out_ << fmt::format("{}{:<14} {:<30} {:>6}  {:<11} {}\n", indent, units_.id[u.unit], units_.name[u.unit],
                        detail::score_text(u.total, l_), rating_name(u.rating, l_),
                        parent == no_index ? std::string_view() : units_.name[parent]);
  }

  // Rules by how many cells have them among their first priorities: what training or
  // supervision would help most cells at once.
  void shared_priorities() {
    if (o_.priorities == 0) return;
    std::vector<std::size_t> in_priorities(rules_.size(), 0);
    for (const auto i : cells_)
      for (const Priority& p : priorities_.first(i, o_.priorities)) ++in_priorities[p.rule];
    rule_list(in_priorities,
              fmt::format(
                  fmt::runtime(Text{"Việc cần ưu tiên khắc phục (số chi bộ có tiêu chí trong {} ưu tiên đầu; "
                                    "ai phải làm)",
                                    "What to fix first (cells with the rule among their first {}; who must "
                                    "act)"}(l_)),
                  o_.priorities));
  }

  // Rules by the units that fell short of them (counted while scoring).
  void common_shortfalls() {
    std::vector<std::size_t> units(r_.units_by_rule().begin(), r_.units_by_rule().end());
    rule_list(units, Text{"Thiếu sót ở nhiều đơn vị nhất (số đơn vị; ai phải làm)",
                          "Shortfalls in the most units (units; who must act)"}(l_));
  }

  void rule_list(const std::vector<std::size_t>& counts, std::string_view heading) {
    std::vector<std::pair<std::uint16_t, std::size_t>> list;
    for (std::size_t k = 0; k < counts.size(); ++k)
      if (counts[k] > 0) list.emplace_back(static_cast<std::uint16_t>(k), counts[k]);
    std::stable_sort(list.begin(), list.end(), [](auto& a, auto& b) { return a.second > b.second; });
    if (list.size() > o_.common_findings) list.resize(o_.common_findings);
    if (list.empty()) return;
    out_ << '\n' << heading << '\n';
    for (auto [rule, n] : list)
      out_ << fmt::format("  {:>9}  {:<5} {} [{}]\n", detail::count(n, l_), rules_[rule].id,
                          shortfall(rules_[rule], l_), owner_name(rules_[rule].owner, l_));
  }

  bool by_total(std::size_t a, std::size_t b) const {
    const double ta = r_.units[a].total, tb = r_.units[b].total;
    if (std::isnan(ta) != std::isnan(tb)) return std::isnan(tb);
    if (ta != tb) return ta > tb;
    return units_.id[r_.units[a].unit] < units_.id[r_.units[b].unit];
  }

  std::ostream& out_;
  const Report& r_;
  const SummaryOptions& o_;
  const Language l_;
  const OrgUnits& units_;
  const std::span<const RuleInfo> rules_;
  std::vector<std::size_t> cells_;
  std::vector<std::size_t> first_level_;  // the first level ranked, by total
  const detail::CellPriorities priorities_;
};

}  // namespace

void write_summary(std::ostream& out, const Report& r, const SummaryOptions& o) {
  Summary(out, r, o).write();
}

}  // namespace chibo
