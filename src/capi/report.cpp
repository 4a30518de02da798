// The C API's scoring and what a report holds: units, meetings, priorities, findings, the
// summary, and one meeting scored as it is entered.
#include "handles.hpp"

#include <chibo/findings.hpp>
#include <chibo/report.hpp>

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

using namespace chibo;

namespace {

chibo_rating rating_of(const std::optional<Rating>& r) {
  return r ? static_cast<chibo_rating>(static_cast<int>(*r)) : CHIBO_RATING_NONE;
}

Language language_of(chibo_language l) {
  return l == CHIBO_LANG_EN ? Language::en : Language::vi;
}

chibo_status argument(std::string_view call, std::string_view what) {
  return capi::fail(CHIBO_ERROR_ARGUMENT, fmt::format("{}: {}", call, what));
}

chibo_status scored(chibo_dataset* dataset, chibo_policy* policy, const Period& period, chibo_report** out) {
  auto h = std::make_unique<chibo_report>();
  h->dataset = dataset->dataset;
  h->policy = policy->policy;
  h->registry = policy->registry;
  h->report = score(*h->dataset, period, *h->policy);
  *out = h.release();
  return CHIBO_OK;
}

chibo_findings* findings_handle(const std::shared_ptr<const Dataset>& ds,
                                const std::shared_ptr<const Policy>& policy,
                                const std::shared_ptr<const Registry>& registry,
                                std::vector<Finding> findings) {
  auto h = std::make_unique<chibo_findings>();
  h->dataset = ds;
  h->policy = policy;
  h->registry = registry;
  h->findings = std::move(findings);
  h->ids.reserve(h->findings.size() * 2);
  for (const auto& f : h->findings) {
    h->ids.emplace_back(f.meeting == no_index ? std::string_view() : ds->meetings.id[f.meeting]);
    h->ids.emplace_back(f.member == no_index ? std::string_view() : ds->members.id[f.member]);
  }
  return h.release();
}

}  // namespace

extern "C" {

chibo_status chibo_score(chibo_dataset* dataset, chibo_policy* policy, const char* from, const char* to,
                         chibo_report** out) {
  return capi::guarded([&] {
    if (!dataset || !policy || !from || !to || !out)
      return argument("chibo_score", "every argument is required");
    *out = nullptr;
    const Period period{parse_date(from), parse_date(to)};
    if (period.from.is_special() || period.to.is_special())
      return argument("chibo_score",
                      fmt::format("expected dates YYYY-MM-DD; got \"{}\" and \"{}\"", from, to));
    if (period.to < period.from) return argument("chibo_score", "expected `to` on or after `from`");
    return scored(dataset, policy, period, out);
  });
}

chibo_status chibo_score_year(chibo_dataset* dataset, chibo_policy* policy, int year, chibo_report** out) {
  return capi::guarded([&] {
    if (!dataset || !policy || !out) return argument("chibo_score_year", "every argument is required");
    *out = nullptr;
    if (year < 1900 || year > 9999)
      return argument("chibo_score_year", fmt::format("expected a year; got {}", year));
    return scored(dataset, policy, Period::year(year), out);
  });
}

chibo_report* chibo_report_retain(chibo_report* report) {
  return capi::retain(report);
}

void chibo_report_release(chibo_report* report) {
  capi::release(report);
}

chibo_status chibo_report_summary(const chibo_report* report, chibo_language lang, char* buffer, size_t size,
                                  size_t* needed) {
  return capi::guarded([&] {
    if (!report) return argument("chibo_report_summary", "report is required");
    std::ostringstream text;
    SummaryOptions options;
    options.lang = language_of(lang);
    write_summary(text, report->report, options);
    return capi::copy_out(text.str(), buffer, size, needed);
  });
}

chibo_status chibo_report_write_json(const chibo_report* report, const char* path) {
  return capi::guarded([&] {
    if (!report || !path) return argument("chibo_report_write_json", "report and path are required");
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) return capi::fail(CHIBO_ERROR_IO, fmt::format("{}: cannot write the file", path));
    write_json(out, report->report);
    out.close();
    if (!out) return capi::fail(CHIBO_ERROR_IO, fmt::format("{}: cannot write the file", path));
    return CHIBO_OK;
  });
}

size_t chibo_report_unit_count(const chibo_report* report) {
  return report ? report->report.units.size() : 0;
}

chibo_status chibo_report_unit(const chibo_report* report, size_t i, chibo_unit* out) {
  return capi::guarded([&] {
    if (!report || !capi::sized(out, sizeof(chibo_unit)))
      return argument("chibo_report_unit", "report and out (with its size set) are required");
    const Report& r = report->report;
    if (i >= r.units.size())
      return argument("chibo_report_unit", fmt::format("unit {} of {}", i, r.units.size()));
    auto& self = const_cast<chibo_report&>(*report);  // its text is made once, on first use
    std::call_once(self.units_once, [&] {
      const auto& units = report->dataset->org_units;
      self.unit_text.reserve(r.units.size() * 3);
      for (const auto& u : r.units) {
        self.unit_text.emplace_back(units.id[u.unit]);
        self.unit_text.emplace_back(units.name[u.unit]);
        const Index parent = r.parent_of(u.unit);
        self.unit_text.emplace_back(parent == no_index ? std::string_view() : units.id[parent]);
      }
    });
    const UnitScore& u = r.units[i];
    out->id = self.unit_text[i * 3].c_str();
    out->name = self.unit_text[i * 3 + 1].c_str();
    out->parent_id = self.unit_text[i * 3 + 2].c_str();
    out->kind = to_code(report->dataset->org_units.kind[u.unit]).data();
    out->total = u.total;
    out->rating = rating_of(u.rating);
    out->weak = u.weak ? 1 : 0;
    out->duty = u.duty;
    for (int k = 0; k < 4; ++k) out->ratings[k] = u.ratings[static_cast<std::size_t>(k)];
    return CHIBO_OK;
  });
}

chibo_status chibo_report_find_unit(const chibo_report* report, const char* id, size_t* out) {
  return capi::guarded([&] {
    if (!report || !id || !out) return argument("chibo_report_find_unit", "every argument is required");
    const auto& ds = *report->dataset;
    const Index row = ds.find_org_unit(id);
    const auto& units = report->report.units;
    for (std::size_t i = 0; row != no_index && i < units.size(); ++i)
      if (units[i].unit == row) {
        *out = i;
        return CHIBO_OK;
      }
    return capi::fail(CHIBO_ERROR_NOT_FOUND, fmt::format("chibo_report_find_unit: no unit \"{}\"", id));
  });
}

chibo_status chibo_report_unit_measures(const chibo_report* report, size_t i, double* out, size_t count) {
  return capi::guarded([&] {
    if (!report || (!out && count > 0))
      return argument("chibo_report_unit_measures", "report and out are required");
    const Report& r = report->report;
    if (i >= r.units.size())
      return argument("chibo_report_unit_measures", fmt::format("unit {} of {}", i, r.units.size()));
    const auto m = r.measures_of(i);
    for (size_t k = 0; k < count; ++k) out[k] = k < m.size() ? m[k] : std::nan("");
    return CHIBO_OK;
  });
}

size_t chibo_report_meeting_count(const chibo_report* report) {
  return report ? report->report.meetings.size() : 0;
}

chibo_status chibo_report_meeting(const chibo_report* report, size_t i, chibo_meeting* out) {
  return capi::guarded([&] {
    if (!report || !capi::sized(out, sizeof(chibo_meeting)))
      return argument("chibo_report_meeting", "report and out (with its size set) are required");
    const Report& r = report->report;
    if (i >= r.meetings.size())
      return argument("chibo_report_meeting", fmt::format("meeting {} of {}", i, r.meetings.size()));
    auto& self = const_cast<chibo_report&>(*report);
    const auto& meetings = report->dataset->meetings;
    std::call_once(self.meetings_once, [&] {
      self.meeting_text.reserve(r.meetings.size() * 2);
      for (const auto& m : r.meetings) {
        self.meeting_text.emplace_back(meetings.id[m.meeting]);
        self.meeting_text.emplace_back(report->dataset->org_units.id[meetings.cell[m.meeting]]);
      }
    });
    const MeetingScore& m = r.meetings[i];
    const Date d = meetings.date[m.meeting];
    out->id = self.meeting_text[i * 2].c_str();
    out->cell_id = self.meeting_text[i * 2 + 1].c_str();
    out->year = d.year();
    out->month = d.month();
    out->day = d.day();
    out->total = m.total;
    out->rating = rating_of(m.rating);
    return CHIBO_OK;
  });
}

chibo_status chibo_report_priorities(const chibo_report* report, size_t i, chibo_priority* out,
                                     size_t capacity, size_t* count) {
  return capi::guarded([&] {
    if (!report || !count || (!out && capacity > 0))
      return argument("chibo_report_priorities", "report, out and count are required");
    const Report& r = report->report;
    if (i >= r.units.size())
      return argument("chibo_report_priorities", fmt::format("unit {} of {}", i, r.units.size()));
    const auto found = priorities_of(r, i, capacity);
    const auto rules = report->policy->registry().rules();
    for (std::size_t k = 0; k < found.size(); ++k)
      out[k] = {rules[found[k].rule].id.c_str(), found[k].points};
    *count = found.size();
    return CHIBO_OK;
  });
}

chibo_status chibo_report_findings(chibo_report* report, size_t i, chibo_findings** out) {
  return capi::guarded([&] {
    if (!report || !out) return argument("chibo_report_findings", "report and out are required");
    *out = nullptr;
    const Report& r = report->report;
    if (i >= r.units.size())
      return argument("chibo_report_findings", fmt::format("unit {} of {}", i, r.units.size()));
    *out = findings_handle(report->dataset, report->policy, report->registry, r.findings_of(i));
    return CHIBO_OK;
  });
}

size_t chibo_findings_count(const chibo_findings* findings) {
  return findings ? findings->findings.size() : 0;
}

chibo_status chibo_findings_get(const chibo_findings* findings, size_t i, chibo_finding* out) {
  return capi::guarded([&] {
    if (!findings || !capi::sized(out, sizeof(chibo_finding)))
      return argument("chibo_findings_get", "findings and out (with its size set) are required");
    if (i >= findings->findings.size())
      return argument("chibo_findings_get", fmt::format("finding {} of {}", i, findings->findings.size()));
    const Finding& f = findings->findings[i];
    out->rule_id = findings->policy->registry().rules()[f.rule].id.c_str();
    out->severity = static_cast<chibo_severity>(static_cast<int>(f.severity));
    out->meeting_id = findings->ids[i * 2].c_str();
    out->member_id = findings->ids[i * 2 + 1].c_str();
    out->score = f.score;
    return CHIBO_OK;
  });
}

chibo_status chibo_findings_message(const chibo_findings* findings, size_t i, chibo_language lang,
                                    char* buffer, size_t size, size_t* needed) {
  return capi::guarded([&] {
    if (!findings) return argument("chibo_findings_message", "findings is required");
    if (i >= findings->findings.size())
      return argument("chibo_findings_message",
                      fmt::format("finding {} of {}", i, findings->findings.size()));
    const std::string text =
        render_message(*findings->dataset, *findings->policy, findings->findings[i], language_of(lang));
    return capi::copy_out(text, buffer, size, needed);
  });
}

void chibo_findings_release(chibo_findings* findings) {
  capi::release(findings);
}

chibo_status chibo_score_meeting(chibo_dataset* dataset, chibo_policy* policy, const char* meeting_id,
                                 chibo_meeting_result* out, chibo_findings** findings) {
  return capi::guarded([&] {
    if (!dataset || !policy || !meeting_id || !capi::sized(out, sizeof(chibo_meeting_result)))
      return argument("chibo_score_meeting",
                      "dataset, policy, meeting_id and out (with its size set) are required");
    if (findings) *findings = nullptr;
    const Dataset& ds = *dataset->dataset;
    const Index m = ds.find_meeting(meeting_id);
    if (m == no_index)
      return capi::fail(CHIBO_ERROR_NOT_FOUND,
                        fmt::format("chibo_score_meeting: no meeting \"{}\"", meeting_id));
    MeetingResult r = score_meeting(ds, m, *policy->policy);
    out->total = r.score.total;
    out->rating = rating_of(r.score.rating);
    out->finding_count = r.findings.size();
    if (findings)
      *findings = findings_handle(dataset->dataset, policy->policy, policy->registry, std::move(r.findings));
    return CHIBO_OK;
  });
}

}  // extern "C"
