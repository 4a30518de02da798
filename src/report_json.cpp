// The chibo-report/1 JSON writer. It streams through a small buffer: a national report with every
// meeting and finding runs to gigabytes and is never held whole.
#include <chibo/report.hpp>

#include "format.hpp"

namespace chibo {

namespace {

class JsonOut {
 public:
  explicit JsonOut(std::ostream& out) : out_(out) { buf_.reserve(1 << 16); }
  ~JsonOut() { flush(); }
  JsonOut(const JsonOut&) = delete;
  JsonOut& operator=(const JsonOut&) = delete;

  JsonOut& raw(std::string_view s) {
    buf_.append(s);
    if (buf_.size() >= (1 << 16)) flush();
    return *this;
  }
  JsonOut& str(std::string_view s) {
    buf_.push_back('"');
    for (char c : s) {
      switch (c) {
        case '"':
          buf_ += "\\\"";
          break;
        case '\\':
          buf_ += "\\\\";
          break;
        case '\n':
          buf_ += "\\n";
          break;
        case '\r':
          buf_ += "\\r";
          break;
        case '\t':
          buf_ += "\\t";
          break;
        default:
          if (static_cast<unsigned char>(c) < 0x20)
            buf_ += fmt::format("\\u{:04x}", static_cast<unsigned>(c));
          else
            buf_.push_back(c);
      }
    }
    buf_.push_back('"');
    return raw("");
  }
  JsonOut& num(double v) {
    return raw(std::isnan(v) ? std::string_view("null") : std::string_view(detail::number(v)));
  }
  JsonOut& key(std::string_view k) {
    str(k);
    return raw(":");
  }
  void flush() {
    out_.write(buf_.data(), static_cast<std::streamsize>(buf_.size()));
    buf_.clear();
  }

 private:
  std::ostream& out_;
  std::string buf_;
};

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

}  // namespace

void write_json(std::ostream& out, const Report& r, const JsonOptions& options) {
  const Dataset& ds = *r.dataset;
  const auto rules = r.policy->registry().rules();
  const auto measures = r.policy->registry().measures();
  JsonOut j(out);
  j.raw("{\n").key("format").str("chibo-report/1").raw(",\n");
  j.key("policy").raw("{").key("name").str(r.policy->name()).raw(",").key("hash").str(r.policy->hash());
  j.raw(",").key("profiles").raw("[");
  for (std::size_t i = 0; i < r.policy->profiles().size(); ++i) {
    const auto& p = r.policy->profiles()[i];
    if (i) j.raw(",");
    j.raw("{").key("name").str(p.name).raw(",").key("from");
    if (p.in_force_from.is_special())
      j.raw("null");
    else
      j.str(format_date(p.in_force_from));
    j.raw("}");
  }
  j.raw("]},\n");
  j.key("period")
      .raw("{")
      .key("from")
      .str(format_date(r.period.from))
      .raw(",")
      .key("to")
      .str(format_date(r.period.to))
      .raw("},\n");

  j.key("units").raw("[\n");
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    const UnitScore& u = r.units[i];
    const bool cell = ds.org_units.kind[u.unit] == OrgKind::cell;
    if (i) j.raw(",\n");
    j.raw("{")
        .key("id")
        .str(ds.org_units.id[u.unit])
        .raw(",")
        .key("kind")
        .str(to_code(ds.org_units.kind[u.unit]));
    j.raw(",").key("name").str(ds.org_units.name[u.unit]).raw(",").key("parent_id");
    const Index parent = ds.org_units.parent[u.unit];
    if (parent == no_index)
      j.raw("null");
    else
      j.str(ds.org_units.id[parent]);
    j.raw(",").key("total").num(u.total).raw(",").key("rating");
    rating_or_null(j, u.rating);
    if (cell) j.raw(",").key("weak").raw(u.weak ? "true" : "false");
    j.raw(",").key("measures").raw("{");
    const auto ms = r.measures_of(i);
    for (std::size_t k = 0; k < measures.size(); ++k) {
      if (k) j.raw(",");
      j.key(measures[k].id).num(ms[k]);
    }
    j.raw("},").key("rules").raw("{");
    const auto ids = r.unit_rule_ids(cell);
    const auto scores = r.rules_of(i);
    for (std::size_t k = 0; k < ids.size(); ++k) {
      if (k) j.raw(",");
      j.key(rules[ids[k]].id).num(scores[k]);
    }
    j.raw("}");
    if (!cell) {
      j.raw(",").key("ratings").raw("{");
      for (std::size_t k = 0; k < 4; ++k) {
        if (k) j.raw(",");
        j.key(to_code(static_cast<Rating>(k))).num(u.ratings[k]);
      }
      j.raw("}");
    }
    j.raw("}");
  }
  j.raw("\n]");

  if (options.meetings) {
    j.raw(",\n").key("meetings").raw("[\n");
    const auto ids = r.meeting_rule_ids();
    for (std::size_t i = 0; i < r.meetings.size(); ++i) {
      const MeetingScore& m = r.meetings[i];
      if (i) j.raw(",\n");
      j.raw("{")
          .key("id")
          .str(ds.meetings.id[m.meeting])
          .raw(",")
          .key("cell_id")
          .str(ds.org_units.id[ds.meetings.cell[m.meeting]]);
      j.raw(",").key("date").str(format_date(ds.meetings.date[m.meeting]));
      j.raw(",").key("kind").str(to_code(ds.meetings.kind[m.meeting]));
      j.raw(",").key("profile").str(r.policy->profiles()[m.profile].name);
      j.raw(",").key("total").num(m.total).raw(",").key("rating");
      rating_or_null(j, m.rating);
      j.raw(",").key("rules").raw("{");
      const auto scores = r.rules_of_meeting(i);
      for (std::size_t k = 0; k < ids.size(); ++k) {
        if (k) j.raw(",");
        j.key(rules[ids[k]].id).num(scores[k]);
      }
      j.raw("}}");
    }
    j.raw("\n]");
  }

  if (options.findings) {
    j.raw(",\n").key("findings").raw("[\n");
    for (std::size_t i = 0; i < r.findings.size(); ++i) {
      const Finding& f = r.findings[i];
      if (i) j.raw(",\n");
      j.raw("{").key("rule").str(rules[f.rule].id).raw(",").key("severity").str(to_code(f.severity));
      j.raw(",").key("cell_id").str(detail::cell_id(r, f));
      j.raw(",").key("meeting_id");
      if (f.meeting == no_index)
        j.raw("null");
      else
        j.str(ds.meetings.id[f.meeting]);
      j.raw(",").key("member_id");
      if (f.member == no_index)
        j.raw("null");
      else
        j.str(ds.members.id[f.member]);
      j.raw(",").key("message_vi").str(render_message(r, f, Language::vi));
      j.raw(",").key("message_en").str(render_message(r, f, Language::en));
      j.raw(",").key("evidence").raw("{").key("score").num(f.score).raw(",").key("metric").num(f.metric);
      j.raw(",").key("threshold").num(f.target).raw(",").key("gap").num(f.gap);
      for (const auto& e : f.evidence.view()) {
        j.raw(",").key(e.key);
        evidence_value(j, e);
      }
      j.raw("}}");
    }
    j.raw("\n]");
  }
  j.raw("\n}\n");
}

}  // namespace chibo
