// The chibo-report/2 JSON writer. It streams through a small buffer: a national report with every
// meeting and finding runs to gigabytes and is never held whole.
#include <chibo/report.hpp>

#include <chibo/classification.hpp>

#include <chibo/findings.hpp>

#include "blocks.hpp"
#include "format.hpp"
#include "parallel.hpp"
#include "priorities.hpp"
#include "provenance_out.hpp"
#include "text_out.hpp"

#include <algorithm>
#include <thread>

namespace chibo {

namespace {

using detail::JsonOut;

/// Writes items 0…n−1 separated by ",\n", `block` items per block (blocks::write_blocks). An
/// item may write nothing (a unit without findings).
template <class Render>
void write_items(std::ostream& out, std::size_t n, std::size_t block, unsigned threads, Render render) {
  detail::write_blocks<JsonOut>(out, n, block, threads, ",\n",
                                [&](std::size_t first, std::size_t last, JsonOut& w) {
                                  for (std::size_t i = first; i < last; ++i) {
                                    const std::size_t before = w.size();
                                    if (before) w.raw(",\n");
                                    const std::size_t mark = w.size();
                                    render(w, i);
                                    if (w.size() == mark) w.truncate(before);
                                  }
                                });
}

/// Object keys `"id":` made once per report, for the ids every unit and meeting repeats.
template <class Items, class Id>
std::vector<std::string> quoted_keys(const Items& items, Id id) {
  std::vector<std::string> keys;
  for (const auto& item : items) {
    JsonOut k;
    k.key(id(item));
    keys.emplace_back(k.view());
  }
  return keys;
}

void rating_or_null(JsonOut& j, std::optional<Rating> r) {
  if (r)
    j.str(to_code(*r));
  else
    j.raw("null");
}

void evidence_value(JsonOut& j, const EvidenceItem& e) {
  switch (e.unit) {
    case Unit::flag:
      j.raw(e.value != 0 ? "true" : "false");
      return;
    case Unit::months: {
      j.raw("[");
      bool first = true;
      const auto mask = static_cast<unsigned>(e.value);
      for (int m = 0; m < 12; ++m)
        if (mask & (1u << m)) {
          if (!first) j.raw(",");
          j.num(m + 1);
          first = false;
        }
      j.raw("]");
      return;
    }
    default:
      j.num(e.value);
  }
}

void evidence_json(JsonOut& w, const Finding& f) {
  w.key("evidence").raw("{").key("score").num(f.score).raw(",").key("metric").num(f.metric);
  w.raw(",").key("threshold").num(f.target).raw(",").key("gap").num(f.gap);
  for (const auto& e : f.evidence.view()) {
    w.raw(",").key(e.key);
    evidence_value(w, e);
  }
  w.raw("}");
}

void id_or_null(JsonOut& w, const StringColumn& ids, Index row) {
  if (row == no_index)
    w.raw("null");
  else
    w.str(ids[row]);
}

/// A finding's message as a JSON string, rendered into a buffer kept by each writing thread.
void message_json(JsonOut& w, const Report& r, const Finding& f, Language lang) {
  thread_local std::string text;
  text.clear();
  detail::append_message(text, *r.dataset, *r.policy, f, lang);
  w.str(text);
}

void finding_json(JsonOut& w, const Report& r, const Finding& f) {
  const Dataset& ds = *r.dataset;
  w.raw("{")
      .key("rule")
      .str(r.policy->registry().rules()[f.rule].id)
      .raw(",")
      .key("severity")
      .str(to_code(f.severity));
  w.raw(",").key("cell_id").str(detail::cell_id(r, f));
  w.raw(",").key("meeting_id");
  id_or_null(w, ds.meetings.id, f.meeting);
  w.raw(",").key("member_id");
  id_or_null(w, ds.members.id, f.member);
  w.raw(",").key("message_vi");
  message_json(w, r, f, Language::vi);
  w.raw(",").key("message_en");
  message_json(w, r, f, Language::en);
  w.raw(",");
  evidence_json(w, f);
  w.raw("}");
}

/// A JSON array of the text of each row.
template <class Text>
void strings(JsonOut& w, const std::vector<Index>& rows, Text text) {
  w.raw("[");
  for (std::size_t k = 0; k < rows.size(); ++k) {
    if (k) w.raw(",");
    w.str(text(rows[k]));
  }
  w.raw("]");
}

void group_json(JsonOut& w, const Report& r, const FindingGroup& g, std::size_t rank) {
  const Dataset& ds = *r.dataset;
  w.raw("{")
      .key("rule")
      .str(r.policy->registry().rules()[g.rule].id)
      .raw(",")
      .key("severity")
      .str(to_code(g.severity));
  w.raw(",").key("cell_id").str(ds.org_units.id[g.unit]);
  w.raw(",").key("rank").num(static_cast<double>(rank)).raw(",").key("points").num(g.points);
  w.raw(",").key("count").num(static_cast<double>(g.count));
  w.raw(",").key("meeting_ids");
  strings(w, g.meetings, [&](Index m) { return ds.meetings.id[m]; });
  w.raw(",").key("dates");
  w.raw("[");
  for (std::size_t k = 0; k < g.meetings.size(); ++k) {
    if (k) w.raw(",");
    w.date(ds.meetings.date[g.meetings[k]]);
  }
  w.raw("]");
  w.raw(",").key("member_ids");
  strings(w, g.members, [&](Index m) { return ds.members.id[m]; });
  w.raw(",").key("worst").raw("{").key("meeting_id");
  id_or_null(w, ds.meetings.id, g.worst.meeting);
  w.raw(",").key("member_id");
  id_or_null(w, ds.members.id, g.worst.member);
  w.raw(",").key("message_vi");
  message_json(w, r, g.worst, Language::vi);
  w.raw(",").key("message_en");
  message_json(w, r, g.worst, Language::en);
  w.raw(",");
  evidence_json(w, g.worst);
  w.raw("}}");
}

}  // namespace

void write_json(std::ostream& out, const Report& r, const JsonOptions& options) {
  if (!r.has_cell_rules())
    throw std::invalid_argument(
        "write_json: the report was scored without its cells' rule scores (ScoreOptions::cell_rules)");
  const Dataset& ds = *r.dataset;
  const auto rules = r.policy->registry().rules();
  const auto measures = r.policy->registry().measures();
  JsonOut j(&out);
  j.raw("{\n").key("format").str("chibo-report/2").raw(",\n");
  // Right after the format, so that `chibo verify` reads no further.
  j.key("provenance");
  detail::provenance_json(j, provenance_of(r));
  j.raw(",\n");
  j.key("policy").raw("{").key("name").str(r.policy->name()).raw(",").key("hash").str(r.policy->hash());
  j.raw(",").key("profiles").raw("[");
  for (std::size_t i = 0; i < r.policy->profiles().size(); ++i) {
    const auto& p = r.policy->profiles()[i];
    if (i) j.raw(",");
    j.raw("{").key("name").str(p.name).raw(",").key("from");
    if (p.in_force_from.is_special())
      j.raw("null");
    else
      j.date(p.in_force_from);
    j.raw("}");
  }
  j.raw("]");
  // Plugin rules name where they come from; a report without plugins has no such key.
  const Registry& reg = r.policy->registry();
  if (!reg.plugins().empty()) {
    j.raw(",").key("plugins").raw("[");
    for (std::size_t p = 0; p < reg.plugins().size(); ++p) {
      if (p) j.raw(",");
      j.raw("{").key("name").str(reg.plugins()[p].name).raw(",").key("version").str(reg.plugins()[p].version);
      j.raw(",").key("rules").raw("[");
      bool first = true;
      for (const auto& rule : rules) {
        if (rule.plugin != static_cast<int>(p)) continue;
        if (!first) j.raw(",");
        j.str(rule.id);
        first = false;
      }
      j.raw("]}");
    }
    j.raw("]");
  }
  j.raw("},\n");
  j.key("period").raw("{").key("from").date(r.period.from).raw(",").key("to").date(r.period.to).raw("},\n");
  // Every rule a finding may name: its measure, who must act, and what is wrong when it falls
  // short, so that a reader of the findings needs no other file.
  j.key("rules").raw("[");
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const RuleInfo& rule = rules[k];
    if (k) j.raw(",");
    j.raw("\n{").key("id").str(rule.id).raw(",").key("measure").str(rule.measure).raw(",").key("level");
    j.str(to_code(rule.level)).raw(",").key("owner").str(to_code(rule.owner)).raw(",").key("shortfall_vi");
    j.str(rule.shortfall_vi.empty() ? rule.description_vi : rule.shortfall_vi).raw(",").key("shortfall_en");
    j.str(rule.shortfall.empty() ? rule.description : rule.shortfall).raw("}");
  }
  j.raw("],\n");
  // The official classification beside meeting quality, when ratings.csv rates the year.
  if (const ClassificationTable t = classification_beside_quality(r); t.classified > 0) {
    j.key("classification").raw("{").key("year").num(t.year).raw(",").key("cells").raw("{");
    for (std::size_t a = 0; a < 4; ++a) {
      if (a) j.raw(",");
      j.key(to_code(static_cast<AnnualRating>(a))).raw("{");
      for (std::size_t k = 0; k < 4; ++k) {
        if (k) j.raw(",");
        j.key(to_code(static_cast<Rating>(k))).num(t.cells[a][k]);
      }
      j.raw("}");
    }
    j.raw("},").key("doubtful_cell_ids").raw("[");
    for (std::size_t k = 0; k < t.doubtful.size(); ++k) {
      if (k) j.raw(",");
      j.str(ds.org_units.id[r.units[t.doubtful[k]].unit]);
    }
    j.raw("]},\n");
  }

  const unsigned threads = detail::thread_count(options.threads);
  const auto rule_keys = quoted_keys(rules, [](const RuleInfo& rule) { return rule.id; });
  const auto measure_keys = quoted_keys(measures, [](const auto& m) { return m.id; });
  const detail::CellPriorities priorities(r);
  j.key("units").raw("[\n");
  j.flush();
  write_items(out, r.units.size(), 2048, threads, [&](JsonOut& w, std::size_t i) {
    const UnitScore& u = r.units[i];
    const bool cell = ds.org_units.kind[u.unit] == OrgKind::cell;
    w.raw("{")
        .key("id")
        .str(ds.org_units.id[u.unit])
        .raw(",")
        .key("kind")
        .str(to_code(ds.org_units.kind[u.unit]));
    w.raw(",").key("name").str(ds.org_units.name[u.unit]).raw(",").key("parent_id");
    const Index parent = r.parent_of(u.unit);
    if (parent == no_index)
      w.raw("null");
    else
      w.str(ds.org_units.id[parent]);
    // A unit founded or dissolved (a district on 30 June 2025) says when: its scores cover
    // only those days.
    if (const Date d = ds.org_units.established_on[u.unit]; !d.is_special())
      w.raw(",").key("established_on").date(d);
    if (const Date d = ds.org_units.dissolved_on[u.unit]; !d.is_special())
      w.raw(",").key("dissolved_on").date(d);
    w.raw(",").key("total").num(u.total).raw(",").key("rating");
    rating_or_null(w, u.rating);
    if (cell) w.raw(",").key("weak").raw(u.weak ? "true" : "false");
    if (const auto a = cell ? ds.annual_rating(u.unit, r.period.to.year()) : std::nullopt)
      w.raw(",").key("annual_rating").str(to_code(*a));
    w.raw(",").key("measures").raw("{");
    const auto ms = r.measures_of(i);
    for (std::size_t k = 0; k < measures.size(); ++k) {
      if (k) w.raw(",");
      w.raw(measure_keys[k]).num(ms[k]);
    }
    w.raw("},").key("rules").raw("{");
    const auto ids = r.unit_rule_ids(cell);
    const auto scores = r.rules_of(i);
    for (std::size_t k = 0; k < ids.size(); ++k) {
      if (k) w.raw(",");
      w.raw(rule_keys[ids[k]]).num(scores[k]);
    }
    w.raw("}");
    auto priority_list = [&](std::string_view key, const std::vector<Priority>& list) {
      w.raw(",").key(key).raw("[");
      for (std::size_t k = 0; k < list.size(); ++k) {
        if (k) w.raw(",");
        w.raw("{")
            .key("rule")
            .str(rules[list[k].rule].id)
            .raw(",")
            .key("points")
            .num(list[k].points)
            .raw("}");
      }
      w.raw("]");
    };
    if (cell && options.priorities > 0) priority_list("priorities", priorities.first(i, options.priorities));
    w.raw(",").key("duty").num(u.duty);
    if (!cell && options.priorities > 0)
      priority_list("duty_priorities", duty_priorities_of(r, i, options.priorities));
    if (!cell) {
      w.raw(",").key("ratings").raw("{");
      for (std::size_t k = 0; k < 4; ++k) {
        if (k) w.raw(",");
        w.key(to_code(static_cast<Rating>(k))).num(u.ratings[k]);
      }
      w.raw("}");
    }
    w.raw("}");
  });
  j.raw("\n]");

  if (options.meetings) {
    j.raw(",\n").key("meetings").raw("[\n");
    j.flush();
    const auto ids = r.meeting_rule_ids();
    write_items(out, r.meetings.size(), 2048, threads, [&](JsonOut& w, std::size_t i) {
      const MeetingScore& m = r.meetings[i];
      w.raw("{")
          .key("id")
          .str(ds.meetings.id[m.meeting])
          .raw(",")
          .key("cell_id")
          .str(ds.org_units.id[ds.meetings.cell[m.meeting]]);
      w.raw(",").key("date").date(ds.meetings.date[m.meeting]);
      w.raw(",").key("kind").str(to_code(ds.meetings.kind[m.meeting]));
      w.raw(",").key("profile").str(r.policy->profiles()[m.profile].name);
      w.raw(",").key("total").num(m.total).raw(",").key("rating");
      rating_or_null(w, m.rating);
      w.raw(",").key("rules").raw("{");
      const auto scores = r.rules_of_meeting(i);
      for (std::size_t k = 0; k < ids.size(); ++k) {
        if (k) w.raw(",");
        w.raw(rule_keys[ids[k]]).num(scores[k]);
      }
      w.raw("}}");
    });
    j.raw("\n]");
  }

  if (options.findings != FindingsStyle::none) {
    j.raw(",\n").key("findings").raw("[\n");
    j.flush();
    const bool grouped = options.findings == FindingsStyle::grouped;
    const std::size_t block = detail::units_per_block(r.units.size(), r.finding_count());
    write_items(out, r.units.size(), block, threads, [&](JsonOut& w, std::size_t i) {
      const auto findings = r.findings_of(i);
      if (findings.empty()) return;
      if (!grouped) {
        for (std::size_t k = 0; k < findings.size(); ++k) {
          if (k) w.raw(",\n");
          finding_json(w, r, findings[k]);
        }
        return;
      }
      const auto groups = detail::group_findings(priorities, i, findings);
      for (std::size_t k = 0; k < groups.size(); ++k) {
        if (k) w.raw(",\n");
        group_json(w, r, groups[k], k + 1);
      }
    });
    j.raw("\n]");
  }
  j.raw("\n}\n");
}

}  // namespace chibo
