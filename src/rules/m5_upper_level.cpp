// M5 — Upper-level cadres attend and report (Năm là: cấp ủy cấp trên dự sinh hoạt).
#include <chibo/rule.hpp>

#include "common.hpp"

namespace chibo::rules {

namespace {

/// Share of dated items answered within `days` of their date (N/A when there are none).
Outcome answered_within(std::span<const DatedResponse> items, double days, const RuleSettings& s,
                        const char* key) {
  Outcome o;  // one named outcome returned: see share()
  if (items.empty()) return o;
  std::uint32_t ok = 0;
  for (const auto& i : items)
    if (!i.answered.is_special() && i.answered <= i.on + boost::gregorian::days(static_cast<long>(days)))
      ++ok;
  ramp_into(o, static_cast<double>(ok) / static_cast<double>(items.size()), s);
  o.evidence.add("rate", o.metric, Unit::ratio)
      .add(key, ok)
      .add("total", static_cast<double>(items.size()))
      .add("within_days", days, Unit::days);
  return o;
}

Outcome upper_level_attendance(const CellFacts& f, const RuleSettings& s) {
  return share(f.quarters_with_attend_visit, f.counted_quarters, s, "quarters_met", "counted_quarters");
}

Outcome attendance_reported(const CellFacts& f, const RuleSettings& s) {
  return answered_within(f.attend_visits, s.constant("report_days"), s, "reported");
}

Outcome escalations_answered(const CellFacts& f, const RuleSettings& s) {
  return answered_within(f.escalations, s.constant("response_days"), s, "answered");
}

Outcome briefing_attended(const CellFacts& f, const RuleSettings& s) {
  return share(f.quarters_with_secretary_briefing, f.counted_quarters, s, "quarters_met", "counted_quarters");
}

}  // namespace

void register_m5(Registry& r) {
  r.add_measure({"M5", "Cấp ủy cấp trên dự sinh hoạt", "Upper-level cadres attend and report"});
  {
    RuleInfo x;
    x.id = "M5.1";
    x.name = "upper_level_attendance";
    x.measure = "M5";
    x.level = Level::cell;
    x.defaults.ramp = {0, 1};
    x.metric = "counted quarters with ≥ 1 attend_meeting visit ÷ counted quarters";
    x.description = "An upper-level cadre attends a meeting of the cell every quarter.";
    x.description_vi = "Cán bộ cấp trên dự sinh hoạt chi bộ mỗi quý.";
    x.source = "measure 5; practice in Tân Yên";
    x.owner = Owner::upper_committee;
    x.shortfall_vi = "Cán bộ cấp trên chưa dự sinh hoạt chi bộ mỗi quý";
    x.shortfall = "Upper-level cadres do not attend a meeting every quarter";
    x.message_vi = "Cán bộ cấp trên chỉ dự sinh hoạt {quarters_met}/{counted_quarters} quý";
    x.message_en =
        "Upper-level cadres attended a meeting in only {quarters_met} of {counted_quarters} quarters";
    x.cell_fn = upper_level_attendance;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M5.2";
    x.name = "attendance_reported";
    x.measure = "M5";
    x.level = Level::cell;
    x.defaults.ramp = {0, 1};
    x.constants = {{"report_days", 7, "days after the visit by which the cadre reports"}};
    x.metric = "attend_meeting visits in P reported within 7 days ÷ those visits";
    x.description = "Cadres who attend a meeting report what they found within a week.";
    x.description_vi = "Cán bộ dự sinh hoạt báo cáo trong vòng 7 ngày.";
    x.source = "measure 5 (\"chế độ báo cáo\")";
    x.owner = Owner::upper_committee;
    x.shortfall_vi = "Cán bộ dự sinh hoạt chưa báo cáo kịp thời";
    x.shortfall = "Cadres who attend do not report in time";
    x.message_vi = "Chỉ {reported}/{total} lần dự sinh hoạt được báo cáo trong {within_days} ngày";
    x.message_en = "Only {reported} of {total} attended meetings were reported within {within_days} days";
    x.cell_fn = attendance_reported;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M5.3";
    x.name = "escalations_answered";
    x.measure = "M5";
    x.level = Level::cell;
    x.defaults.ramp = {0, 1};
    x.constants = {{"response_days", 30, "days within which an escalation must be answered"}};
    x.metric = "escalations raised in P answered within 30 days ÷ those escalations";
    x.description = "Problems the cell raises upward are answered within 30 days.";
    x.description_vi = "Kiến nghị của chi bộ được trả lời trong 30 ngày.";
    x.source = "results 4; measure 5";
    x.owner = Owner::upper_committee;
    x.shortfall_vi = "Kiến nghị của chi bộ chưa được cấp trên trả lời kịp thời";
    x.shortfall = "The cell's escalations are not answered in time";
    x.message_vi =
        "Chỉ {answered}/{total} kiến nghị của chi bộ được cấp trên trả lời trong {within_days} ngày";
    x.message_en = "Only {answered} of {total} escalations were answered within {within_days} days";
    x.cell_fn = escalations_answered;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M5.4";
    x.name = "briefing_attended";
    x.measure = "M5";
    x.level = Level::cell;
    x.defaults.ramp = {0, 1};
    x.metric = "counted quarters in which the secretary attended an upper-level briefing ÷ counted quarters";
    x.description = "The secretary attends the quarterly briefing (giao ban) of an upper-level committee.";
    x.description_vi = "Bí thư dự giao ban với cấp trên mỗi quý.";
    x.source = "practice: quarterly giao ban";
    x.owner = Owner::upper_committee;
    x.shortfall_vi = "Bí thư chưa dự giao ban với cấp trên mỗi quý";
    x.shortfall = "The secretary does not attend an upper-level briefing every quarter";
    x.message_vi = "Bí thư chỉ dự giao ban với cấp trên {quarters_met}/{counted_quarters} quý";
    x.message_en =
        "The secretary attended an upper-level briefing in only {quarters_met} of {counted_quarters} "
        "quarters";
    x.cell_fn = briefing_attended;
    r.add(std::move(x));
  }
}

}  // namespace chibo::rules
