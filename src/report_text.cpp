// Messages of findings and the terminal summary.
#include <chibo/report.hpp>

#include <chibo/findings.hpp>

#include "format.hpp"

#include <algorithm>

namespace chibo {

namespace detail {

std::string readable(double value, Unit unit, Language lang) {
  if (std::isnan(value)) return "—";
  switch (unit) {
    case Unit::ratio: {
      const double pct = std::round(value * 1000) / 10;
      return number(pct) + "%";
    }
    case Unit::date:
      return format_date(
          Date(boost::gregorian::date(1970, 1, 1) + boost::gregorian::days(static_cast<long>(value))));
    case Unit::months: {
      std::string s;
      const auto mask = static_cast<unsigned>(value);
      for (int m = 0; m < 12; ++m)
        if (mask & (1u << m)) s += fmt::format("{}{}", s.empty() ? "" : ", ", m + 1);
      return s;
    }
    case Unit::flag:
      return value != 0 ? (lang == Language::vi ? "có" : "yes") : (lang == Language::vi ? "không" : "no");
    case Unit::number:
    case Unit::days:
    case Unit::minutes:
    case Unit::year:
      break;
  }
  const double rounded = std::round(value * 100) / 100;
  return number(rounded);
}

std::string_view cell_id(const Report& r, const Finding& f) {
  return f.unit == no_index ? std::string_view() : r.dataset->org_units.id[f.unit];
}

}  // namespace detail

std::string render_message(const Dataset& ds, const Policy& policy, const Finding& finding, Language lang) {
  const RuleInfo& info = policy.registry().rules()[finding.rule];
  if (finding.error)  // a plugin rule that failed: its own words, which chibo cannot translate
    return lang == Language::vi ? fmt::format("Không tính được tiêu chí {}: {}", info.id, finding.error)
                                : fmt::format("Rule {} could not be scored: {}", info.id, finding.error);
  const std::string& tpl = lang == Language::vi ? info.message_vi : info.message_en;
  std::string out;
  out.reserve(tpl.size() + 32);
  for (std::size_t i = 0; i < tpl.size(); ++i) {
    if (tpl[i] != '{') {
      out.push_back(tpl[i]);
      continue;
    }
    const auto close = tpl.find('}', i);
    if (close == std::string::npos) {
      out.append(tpl, i);
      break;
    }
    const std::string_view key(tpl.data() + i + 1, close - i - 1);
    bool done = false;
    for (const auto& e : finding.evidence.view()) {
      if (key == e.key) {
        out += detail::readable(e.value, e.unit, lang);
        done = true;
        break;
      }
    }
    if (!done) {
      if (key == "target")
        out += detail::readable(finding.target, info.metric_unit, lang);
      else if (key == "metric")
        out += detail::readable(finding.metric, info.metric_unit, lang);
      else if (key == "member" && finding.member != no_index)
        out += fmt::format("{} ({})", ds.members.full_name[finding.member], ds.members.id[finding.member]);
      else if (key == "meeting" && finding.meeting != no_index)
        out += ds.meetings.id[finding.meeting];
      else if (key == "cell" && finding.unit != no_index)
        out += ds.org_units.name[finding.unit];
      else
        out.append(tpl, i, close - i + 1);
    }
    i = close;
  }
  return out;
}

namespace {

struct Text {
  const char* vi;
  const char* en;
  const char* operator()(Language l) const { return l == Language::vi ? vi : en; }
};

const char* rating_name(std::optional<Rating> r, Language l) {
  if (!r) return "—";
  static const Text names[] = {{"Tốt", "Good"}, {"Khá", "Fair"}, {"Trung bình", "Average"}, {"Kém", "Poor"}};
  return names[static_cast<std::size_t>(*r)](l);
}

std::string total_text(double t) {
  return std::isnan(t) ? "—" : fmt::format("{:.1f}", t);
}

}  // namespace

void write_summary(std::ostream& out, const Report& r, const SummaryOptions& o) {
  const Language l = o.lang;
  const Dataset& ds = *r.dataset;
  const auto& units = ds.org_units;
  const auto rules = r.policy->registry().rules();

  std::array<std::size_t, 4> counts{};
  std::size_t cells = 0, rated = 0;
  std::vector<std::size_t> cell_pos, district_pos;
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const auto kind = units.kind[r.units[i].unit];
    if (kind == OrgKind::cell) {
      ++cells;
      cell_pos.push_back(i);
      if (r.units[i].rating) {
        ++rated;
        ++counts[static_cast<std::size_t>(*r.units[i].rating)];
      }
    } else if (kind == OrgKind::district) {
      district_pos.push_back(i);
    }
  }

  out << fmt::format("{} {} → {}   ({} {}, {} {})\n", Text{"Kỳ đánh giá", "Period"}(l),
                     format_date(r.period.from), format_date(r.period.to), Text{"chính sách", "policy"}(l),
                     r.policy->name(), Text{"mã", "hash"}(l), r.policy->hash());
  const Registry& reg = r.policy->registry();
  for (std::size_t p = 0; p < reg.plugins().size(); ++p) {
    std::string ids;
    for (const auto& rule : rules)
      if (rule.plugin == static_cast<int>(p)) ids += fmt::format("{}{}", ids.empty() ? "" : ", ", rule.id);
    out << fmt::format("{}: {} {} ({})\n", Text{"Tiêu chí bổ sung", "Plugin rules"}(l), reg.plugins()[p].name,
                       reg.plugins()[p].version, ids);
  }
  out << fmt::format("{}: {}   {}: {}   {}: {}\n\n", Text{"Chi bộ", "Cells"}(l), cells,
                     Text{"Cuộc họp", "Meetings"}(l), r.meetings.size(), Text{"Phát hiện", "Findings"}(l),
                     r.finding_count());

  out << Text{"Xếp loại chi bộ", "Cell ratings"}(l) << '\n';
  for (std::size_t k = 0; k < 4; ++k) {
    const double share = rated ? 100.0 * static_cast<double>(counts[k]) / static_cast<double>(rated) : 0;
    out << fmt::format("  {:<11} {:>7} {:>6.1f}%\n", rating_name(static_cast<Rating>(k), l), counts[k],
                       share);
  }

  auto by_total = [&](std::size_t a, std::size_t b) {
    const double ta = r.units[a].total, tb = r.units[b].total;
    if (std::isnan(ta) != std::isnan(tb)) return std::isnan(tb);
    if (ta != tb) return ta > tb;
    return units.id[r.units[a].unit] < units.id[r.units[b].unit];
  };
  if (!district_pos.empty()) {
    std::sort(district_pos.begin(), district_pos.end(), by_total);
    out << '\n' << Text{"Xếp hạng cấp huyện", "Districts ranked"}(l) << '\n';
    std::size_t rank = 0;
    for (auto i : district_pos) {
      const auto& u = r.units[i];
      out << fmt::format("  {:>3}. {:<34} {:>6}  {:<11} [{} {} / {} {} / {} {} / {} {}]\n", ++rank,
                         units.name[u.unit], total_text(u.total), rating_name(u.rating, l), u.ratings[0],
                         rating_name(Rating::tot, l), u.ratings[1], rating_name(Rating::kha, l), u.ratings[2],
                         rating_name(Rating::trung_binh, l), u.ratings[3], rating_name(Rating::kem, l));
    }
  }

  std::vector<std::size_t> worst = cell_pos;
  worst.erase(
      std::remove_if(worst.begin(), worst.end(), [&](std::size_t i) { return std::isnan(r.units[i].total); }),
      worst.end());
  std::sort(worst.begin(), worst.end(), [&](std::size_t a, std::size_t b) { return by_total(b, a); });
  if (worst.size() > o.worst_cells) worst.resize(o.worst_cells);
  if (!worst.empty()) {
    out << '\n' << Text{"Chi bộ yếu nhất", "Weakest cells"}(l) << '\n';
    for (auto i : worst) {
      const auto& u = r.units[i];
      const Index parent = r.parent_of(u.unit);
      out << fmt::format("  {:<14} {:<30} {:>6}  {:<11} {}\n", units.id[u.unit], units.name[u.unit],
                         total_text(u.total), rating_name(u.rating, l),
                         parent == no_index ? std::string_view() : units.name[parent]);
      const auto priorities = priorities_of(r, i, o.priorities);
      if (priorities.empty()) continue;
      std::string line;
      for (const Priority& p : priorities)
        line += fmt::format("{}{} (+{:.1f})", line.empty() ? "" : ", ", rules[p.rule].id, p.points);
      out << fmt::format("  {:<14} {}: {}\n", "", Text{"ưu tiên", "priorities"}(l), line);
    }
  }

  // Rules by how many cells have them among their first priorities: what training or
  // supervision would help most cells at once.
  if (o.priorities > 0) {
    std::vector<std::size_t> in_priorities(rules.size(), 0);
    for (const auto i : cell_pos)
      for (const Priority& p : priorities_of(r, i, o.priorities)) ++in_priorities[p.rule];
    std::vector<std::pair<std::uint16_t, std::size_t>> shared;
    for (std::size_t k = 0; k < rules.size(); ++k)
      if (in_priorities[k] > 0) shared.emplace_back(static_cast<std::uint16_t>(k), in_priorities[k]);
    std::stable_sort(shared.begin(), shared.end(), [](auto& a, auto& b) { return a.second > b.second; });
    if (shared.size() > o.common_findings) shared.resize(o.common_findings);
    if (!shared.empty()) {
      out << '\n'
          << fmt::format(fmt::runtime(Text{"Ưu tiên khắc phục (số chi bộ có tiêu chí trong {} ưu tiên đầu)",
                                           "Priorities (cells with the rule among their first {})"}(l)),
                         o.priorities)
          << '\n';
      for (auto [rule, n] : shared)
        out << fmt::format("  {:>8}  {:<5} {}\n", n, rules[rule].id,
                           l == Language::vi ? rules[rule].description_vi : rules[rule].description);
    }
  }

  // Rules by the units that fell short of them (counted while scoring).
  std::vector<std::pair<std::uint16_t, std::size_t>> common;
  for (std::size_t k = 0; k < r.units_by_rule().size(); ++k)
    if (r.units_by_rule()[k] > 0) common.emplace_back(static_cast<std::uint16_t>(k), r.units_by_rule()[k]);
  std::stable_sort(common.begin(), common.end(), [](auto& a, auto& b) { return a.second > b.second; });
  if (common.size() > o.common_findings) common.resize(o.common_findings);
  if (!common.empty()) {
    out << '\n'
        << Text{"Tiêu chí chưa đạt ở nhiều đơn vị nhất (số đơn vị)",
                "Rules most often not fully met (units)"}(l)
        << '\n';
    for (auto [rule, n] : common)
      out << fmt::format("  {:>8}  {:<5} {}\n", n, rules[rule].id,
                         l == Language::vi ? rules[rule].description_vi : rules[rule].description);
  }
}

}  // namespace chibo
