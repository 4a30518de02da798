// CSV tables of a report, for spreadsheets.
#include <chibo/report.hpp>

#include <chibo/findings.hpp>

#include "blocks.hpp"
#include "format.hpp"
#include "parallel.hpp"
#include "priorities.hpp"
#include "provenance_out.hpp"
#include "text_out.hpp"

#include <fstream>
#include <system_error>

namespace chibo {

namespace {

using detail::csv;

/// ",message_vi,message_en" of a finding, each rendered into a buffer kept by the writing thread.
void message_fields(std::string& text, const Report& r, const Finding& f) {
  thread_local std::string message;
  for (const Language lang : {Language::vi, Language::en}) {
    message.clear();
    detail::append_message(message, *r.dataset, *r.policy, f, lang);
    text += ',';
    detail::append_csv(text, message);
  }
}

}  // namespace

void write_csv(const std::filesystem::path& folder, const Report& r, const CsvOptions& options) {
  if (!r.has_cell_rules())
    throw std::invalid_argument(
        "write_csv: the report was scored without its cells' rule scores (ScoreOptions::cell_rules)");
  std::filesystem::create_directories(folder);
  const Dataset& ds = *r.dataset;
  const auto rules = r.policy->registry().rules();
  const auto measures = r.policy->registry().measures();
  const detail::CellPriorities priorities(r);
  const auto cell_ids = r.unit_rule_ids(true);
  const auto committee_ids = r.unit_rule_ids(false);
  detail::write_provenance_csv(folder / "provenance.csv", provenance_of(r));
  {
    // What each rule column of the other tables is, and who provides it (a plugin's name and
    // version, or chibo's own).
    const Registry& reg = r.policy->registry();
    auto out = detail::open_output(folder / "rules.csv");
    out << "id,name,measure,level,in_total,plugin,plugin_version,description,description_vi,owner,shortfall,"
           "shortfall_vi\n";
    for (const auto& rule : rules) {
      if (!rule.scored) continue;
      const PluginInfo* p =
          rule.plugin >= 0 ? &reg.plugins()[static_cast<std::size_t>(rule.plugin)] : nullptr;
      out << csv(rule.id) << ',' << csv(rule.name) << ',' << csv(rule.measure) << ',' << to_code(rule.level)
          << ',' << (rule.in_total ? "yes" : "no") << ',' << (p ? csv(p->name) : "") << ','
          << (p ? csv(p->version) : "") << ',' << csv(rule.description) << ',' << csv(rule.description_vi)
          << ',' << to_code(rule.owner) << ',' << csv(rule.shortfall) << ',' << csv(rule.shortfall_vi)
          << '\n';
    }
  }
  {
    auto out = detail::open_output(folder / "units.csv");
    out << "id,kind,name,parent_id,total,rating,weak,tot,kha,trung_binh,kem";
    for (const auto& m : measures) out << ',' << m.id;
    for (auto id : cell_ids) out << ',' << rules[id].id;
    for (auto id : committee_ids) out << ',' << rules[id].id;
    out << (options.priorities > 0 ? ",priorities,duty,duty_priorities" : ",duty") << ",annual_rating\n";
    for (std::size_t i = 0; i < r.units.size(); ++i) {
      const auto& u = r.units[i];
      const bool cell = ds.org_units.kind[u.unit] == OrgKind::cell;
      const Index parent = r.parent_of(u.unit);
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
      auto priority_list = [&](const std::vector<Priority>& list) {
        for (std::size_t k = 0; k < list.size(); ++k) out << (k ? ";" : "") << rules[list[k].rule].id;
      };
      if (options.priorities > 0) {
        out << ',';
        if (cell) priority_list(priorities.first(i, options.priorities));
      }
      out << ',' << detail::number(u.duty);
      if (options.priorities > 0) {
        out << ',';
        if (!cell) priority_list(duty_priorities_of(r, i, options.priorities));
      }
      out << ',';
      if (const auto a = cell ? ds.annual_rating(u.unit, r.period.to.year()) : std::nullopt)
        out << to_code(*a);
      out << '\n';
    }
  }
  const unsigned threads = detail::thread_count(options.threads);
  if (options.meetings) {
    auto out = detail::open_output(folder / "meetings.csv");
    out << "id,cell_id,date,kind,profile,total,rating";
    for (auto id : r.meeting_rule_ids()) out << ',' << rules[id].id;
    out << '\n';
    detail::write_blocks(out, r.meetings.size(), 4096, threads, "",
                         [&](std::size_t first, std::size_t last, std::string& text) {
                           for (std::size_t i = first; i < last; ++i) {
                             const auto& m = r.meetings[i];
                             text += csv(ds.meetings.id[m.meeting]);
                             text += ',';
                             text += csv(ds.org_units.id[ds.meetings.cell[m.meeting]]);
                             text += ',';
                             detail::append_date(text, ds.meetings.date[m.meeting]);
                             text += ',';
                             text += to_code(ds.meetings.kind[m.meeting]);
                             text += ',';
                             text += r.policy->profiles()[m.profile].name;
                             text += ',';
                             detail::append_number(text, m.total);
                             text += ',';
                             if (m.rating) text += to_code(*m.rating);
                             for (double v : r.rules_of_meeting(i)) {
                               text += ',';
                               detail::append_number(text, v);
                             }
                             text += '\n';
                           }
                         });
  }
  if (options.findings == FindingsStyle::detail) {
    auto out = detail::open_output(folder / "findings.csv");
    out << "rule,severity,cell_id,meeting_id,member_id,score,metric,threshold,gap,message_vi,message_en\n";
    const std::size_t block = detail::units_per_block(r.units.size(), r.finding_count());
    detail::write_blocks(out, r.units.size(), block, threads, "",
                         [&](std::size_t first, std::size_t last, std::string& text) {
                           for (std::size_t i = first; i < last; ++i)
                             for (const Finding& f : r.findings_of(i)) {
                               text += rules[f.rule].id;
                               text += ',';
                               text += to_code(f.severity);
                               text += ',';
                               detail::append_csv(text, detail::cell_id(r, f));
                               text += ',';
                               if (f.meeting != no_index) detail::append_csv(text, ds.meetings.id[f.meeting]);
                               text += ',';
                               if (f.member != no_index) detail::append_csv(text, ds.members.id[f.member]);
                               for (const double v : {f.score, f.metric, f.target, f.gap}) {
                                 text += ',';
                                 detail::append_number(text, v);
                               }
                               message_fields(text, r, f);
                               text += '\n';
                             }
                         });
  }
  if (options.findings == FindingsStyle::grouped) {
    // One row per cell (or committee) and rule, ranked within the unit; lists are ;-separated.
    auto out = detail::open_output(folder / "findings.csv");
    out << "rule,severity,cell_id,rank,points,count,meeting_ids,dates,member_ids,worst_meeting_id,"
           "worst_member_id,score,metric,threshold,gap,message_vi,message_en\n";
    const std::size_t block = detail::units_per_block(r.units.size(), r.finding_count());
    detail::write_blocks(
        out, r.units.size(), block, threads, "", [&](std::size_t first, std::size_t last, std::string& text) {
          for (std::size_t i = first; i < last; ++i) {
            const auto findings = r.findings_of(i);
            if (findings.empty()) continue;
            const auto groups = detail::group_findings(priorities, i, findings);
            for (std::size_t k = 0; k < groups.size(); ++k) {
              const FindingGroup& g = groups[k];
              std::string meetings, dates, members;
              for (const Index m : g.meetings) {
                if (!meetings.empty()) meetings += ';', dates += ';';
                meetings += ds.meetings.id[m];
                detail::append_date(dates, ds.meetings.date[m]);
              }
              for (const Index m : g.members) {
                if (!members.empty()) members += ';';
                members += ds.members.id[m];
              }
              const Finding& f = g.worst;
              text += fmt::format(
                  "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}", rules[g.rule].id, to_code(g.severity),
                  csv(ds.org_units.id[g.unit]), k + 1, detail::number(g.points), g.count, csv(meetings),
                  dates, csv(members), f.meeting == no_index ? "" : csv(ds.meetings.id[f.meeting]),
                  f.member == no_index ? "" : csv(ds.members.id[f.member]), detail::number(f.score),
                  detail::number(f.metric), detail::number(f.target), detail::number(f.gap));
              message_fields(text, r, f);
              text += '\n';
            }
          }
        });
  }
}

}  // namespace chibo
