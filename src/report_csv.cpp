// CSV tables of a report, for spreadsheets.
#include <chibo/report.hpp>

#include "format.hpp"

#include <fstream>
#include <system_error>

namespace chibo {

namespace {

std::string csv(std::string_view s) {
  if (s.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(s);
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q.push_back('"');
    q.push_back(c);
  }
  q.push_back('"');
  return q;
}

std::ofstream open(const std::filesystem::path& p) {
  std::ofstream out(p, std::ios::binary);
  if (!out) throw std::system_error(errno, std::generic_category(), p.string());
  return out;
}

}  // namespace

void write_csv(const std::filesystem::path& folder, const Report& r, const CsvOptions& options) {
  std::filesystem::create_directories(folder);
  const Dataset& ds = *r.dataset;
  const auto rules = r.policy->registry().rules();
  const auto measures = r.policy->registry().measures();
  const auto cell_ids = r.unit_rule_ids(true);
  const auto committee_ids = r.unit_rule_ids(false);
  {
    // What each rule column of the other tables is, and who provides it (a plugin's name and
    // version, or chibo's own).
    const Registry& reg = r.policy->registry();
    auto out = open(folder / "rules.csv");
    out << "id,name,measure,level,in_total,plugin,plugin_version,description,description_vi\n";
    for (const auto& rule : rules) {
      if (!rule.scored) continue;
      const PluginInfo* p =
          rule.plugin >= 0 ? &reg.plugins()[static_cast<std::size_t>(rule.plugin)] : nullptr;
      out << csv(rule.id) << ',' << csv(rule.name) << ',' << csv(rule.measure) << ',' << to_code(rule.level)
          << ',' << (rule.in_total ? "yes" : "no") << ',' << (p ? csv(p->name) : "") << ','
          << (p ? csv(p->version) : "") << ',' << csv(rule.description) << ',' << csv(rule.description_vi)
          << '\n';
    }
  }
  {
    auto out = open(folder / "units.csv");
    out << "id,kind,name,parent_id,total,rating,weak,tot,kha,trung_binh,kem";
    for (const auto& m : measures) out << ',' << m.id;
    for (auto id : cell_ids) out << ',' << rules[id].id;
    for (auto id : committee_ids) out << ',' << rules[id].id;
    out << '\n';
    for (std::size_t i = 0; i < r.units.size(); ++i) {
      const auto& u = r.units[i];
      const bool cell = ds.org_units.kind[u.unit] == OrgKind::cell;
      const Index parent = ds.org_units.parent[u.unit];
      out << csv(ds.org_units.id[u.unit]) << ',' << to_code(ds.org_units.kind[u.unit]) << ','
          << csv(ds.org_units.name[u.unit]) << ',' << (parent == no_index ? "" : csv(ds.org_units.id[parent]))
          << ',' << detail::number(u.total) << ',' << (u.rating ? to_code(*u.rating) : "") << ','
          << (cell ? (u.weak ? "yes" : "no") : "");
      for (std::size_t k = 0; k < 4; ++k) out << ',' << (cell ? "" : std::to_string(u.ratings[k]));
      for (double v : r.measures_of(i)) out << ',' << detail::number(v);
      const auto scores = r.rules_of(i);
      for (std::size_t k = 0; k < cell_ids.size(); ++k) out << ',' << (cell ? detail::number(scores[k]) : "");
      for (std::size_t k = 0; k < committee_ids.size(); ++k)
        out << ',' << (cell ? "" : detail::number(scores[k]));
      out << '\n';
    }
  }
  if (options.meetings) {
    auto out = open(folder / "meetings.csv");
    out << "id,cell_id,date,kind,profile,total,rating";
    for (auto id : r.meeting_rule_ids()) out << ',' << rules[id].id;
    out << '\n';
    for (std::size_t i = 0; i < r.meetings.size(); ++i) {
      const auto& m = r.meetings[i];
      out << csv(ds.meetings.id[m.meeting]) << ',' << csv(ds.org_units.id[ds.meetings.cell[m.meeting]]) << ','
          << format_date(ds.meetings.date[m.meeting]) << ',' << to_code(ds.meetings.kind[m.meeting]) << ','
          << r.policy->profiles()[m.profile].name << ',' << detail::number(m.total) << ','
          << (m.rating ? to_code(*m.rating) : "");
      for (double v : r.rules_of_meeting(i)) out << ',' << detail::number(v);
      out << '\n';
    }
  }
  if (options.findings) {
    auto out = open(folder / "findings.csv");
    out << "rule,severity,cell_id,meeting_id,member_id,score,metric,threshold,gap,message_vi,message_en\n";
    for (const auto& f : r.findings) {
      out << rules[f.rule].id << ',' << to_code(f.severity) << ',' << csv(detail::cell_id(r, f)) << ','
          << (f.meeting == no_index ? "" : csv(ds.meetings.id[f.meeting])) << ','
          << (f.member == no_index ? "" : csv(ds.members.id[f.member])) << ',' << detail::number(f.score)
          << ',' << detail::number(f.metric) << ',' << detail::number(f.target) << ','
          << detail::number(f.gap) << ',' << csv(render_message(r, f, Language::vi)) << ','
          << csv(render_message(r, f, Language::en)) << '\n';
    }
  }
}

}  // namespace chibo
