// M2 — Careful preparation (Hai là: chuẩn bị chu đáo nội dung sinh hoạt).
#include <chibo/rule.hpp>

#include "common.hpp"

#include <bit>

namespace chibo::rules {

namespace {

Outcome notice_lead_time(const MeetingFacts& f, const RuleSettings& s) {
  double days = 0;
  if (!f.notice_date.is_special() && !f.date.is_special())
    days = std::max<double>(0, static_cast<double>((f.date - f.notice_date).days()));
  Outcome o = ramp_outcome(days, s);
  o.evidence.add("days", days, Unit::days).add("recorded", f.notice_date.is_special() ? 0 : 1, Unit::flag);
  return o;
}

Outcome committee_agreed(const MeetingFacts& f, const RuleSettings& s) {
  bool ok = false;
  if (!f.prep_date.is_special()) {
    ok = f.notice_date.is_special() ? f.prep_date <= f.date - boost::gregorian::days(1)
                                    : f.prep_date <= f.notice_date;
  }
  Outcome o = yes_no(ok, s);
  o.evidence.add("recorded", f.prep_date.is_special() ? 0 : 1, Unit::flag);
  return o;
}

Outcome unit_head_consulted(const MeetingFacts& f, const RuleSettings& s) {
  if (f.consulted_unit_head != Consulted::yes && f.consulted_unit_head != Consulted::no) return Outcome::na();
  return yes_no(f.consulted_unit_head == Consulted::yes, s);
}

Outcome content_grounded(const MeetingFacts& f, const RuleSettings& s) {
  const int n = std::popcount(static_cast<unsigned>(f.content_sources));
  Outcome o = ramp_outcome(n, s);
  o.evidence.add("sources", n);
  return o;
}

Outcome draft_prepared(const MeetingFacts& f, const RuleSettings& s) {
  return yes_no(f.draft_resolution == YesNo::yes, s);
}

Outcome content_balance(const MeetingFacts& f, const RuleSettings& s) {
  Outcome o;  // one named outcome returned: see share()
  if (f.agenda_minutes <= 0) return o;
  ramp_into(o, static_cast<double>(f.agenda_minutes_dissemination_report) / f.agenda_minutes, s);
  o.evidence.add("rate", o.metric, Unit::ratio)
      .add("routine_minutes", f.agenda_minutes_dissemination_report, Unit::minutes)
      .add("agenda_minutes", f.agenda_minutes, Unit::minutes);
  return o;
}

Outcome upper_level_notified(const MeetingFacts& f, const RuleSettings& s) {
  return yes_no(f.notified_upper == YesNo::yes, s);
}

}  // namespace

void register_m2(Registry& r) {
  r.add_measure({"M2", "Chuẩn bị chu đáo", "Careful preparation"});
  {
    RuleInfo x;
    x.id = "M2.1";
    x.name = "notice_lead_time";
    x.measure = "M2";
    x.defaults.ramp = {0, 1};
    x.metric = "days from notice_date to the meeting date (missing or negative: 0)";
    x.description = "Members are notified at least one day before the meeting.";
    x.description_vi = "Thông báo họp trước ít nhất một ngày.";
    x.source = "measure 2 (\"ít nhất một ngày\"); HD 42-HD/BTCTW";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Thông báo họp gửi muộn hoặc không ghi nhận";
    x.shortfall = "Meeting notices go out late or are not recorded";
    x.threshold_source = "HD 42-HD/BTCTW: gửi trước ít nhất 1 ngày";
    x.message_vi =
        "{?recorded:Thông báo họp gửi muộn: {days} ngày trước buổi sinh hoạt|Không ghi nhận ngày gửi thông "
        "báo "
        "họp}; cần gửi trước ít nhất {target} ngày";
    x.message_en =
        "{?recorded:Meeting notice sent late: {days} day(s) before the meeting|No notice date was recorded}; "
        "it "
        "must go out at least {target} day(s) before";
    x.meeting_fn = notice_lead_time;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M2.2";
    x.name = "committee_agreed";
    x.measure = "M2";
    x.defaults.ramp = {0, 1};
    x.metric = "prep_date recorded and ≤ notice_date (≤ the day before the meeting without a notice)";
    x.description = "The cell committee agrees content, time and form before the notice goes out.";
    x.description_vi = "Chi ủy (chi bộ chưa có chi ủy: bí thư) thống nhất nội dung trước khi thông báo họp.";
    x.source = "measure 2; HD 12-HD/BTCTW";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Cấp ủy chi bộ chưa thống nhất nội dung trước khi thông báo họp";
    x.shortfall = "The cell's leaders do not agree the content before the notice";
    x.threshold_source = "HD 12-HD/BTCTW: chuẩn bị nội dung trước";
    x.message_vi =
        "{?recorded:{Committee} thống nhất nội dung sau khi đã thông báo họp|Không ghi nhận {committee} "
        "thống "
        "nhất nội dung trước khi thông báo họp}";
    x.message_en =
        "{?recorded:{Committee} agreed the content after the notice went out|No record that {committee} "
        "agreed "
        "the content before the notice went out}";
    x.meeting_fn = committee_agreed;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M2.3";
    x.name = "unit_head_consulted";
    x.measure = "M2";
    x.defaults.ramp = {0, 1};
    x.metric = "consulted_unit_head: yes 1, no 0, na or empty N/A";
    x.description = "The secretary consults the head of the village or unit beforehand.";
    x.description_vi = "Bí thư trao đổi trước với người đứng đầu thôn, tổ dân phố, cơ quan, đơn vị.";
    x.source = "measure 2";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Bí thư chưa trao đổi trước với người đứng đầu thôn, tổ dân phố, cơ quan, đơn vị";
    x.shortfall =
        "The secretary does not consult the head of the village, residential group or unit beforehand";
    x.message_vi = "Bí thư chưa trao đổi trước với {counterpart}";
    x.message_en = "The secretary did not consult {counterpart} beforehand";
    x.meeting_fn = unit_head_consulted;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M2.4";
    x.name = "content_grounded";
    x.measure = "M2";
    x.defaults.ramp = {0, 2};
    x.metric = "distinct content_sources (cell_function, superior_direction, work_program, member_sentiment)";
    x.description =
        "The content draws on the cell's functions, upper-level direction, the work programme and what "
        "members think.";
    x.description_vi =
        "Nội dung xuất phát từ chức năng chi bộ, chỉ đạo cấp trên, chương trình công tác và tâm tư đảng "
        "viên.";
    x.source = "measure 2";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Nội dung sinh hoạt chưa dựa trên đủ căn cứ";
    x.shortfall = "The content rests on too few sources";
    x.message_vi = "Nội dung sinh hoạt chỉ dựa trên {sources} căn cứ; cần ít nhất {target}";
    x.message_en = "The content rests on {sources} source(s); at least {target} expected";
    x.meeting_fn = content_grounded;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M2.5";
    x.name = "draft_prepared";
    x.measure = "M2";
    x.defaults.ramp = {0, 1};
    x.metric = "draft_resolution = yes";
    x.description = "A draft resolution is prepared before the meeting.";
    x.description_vi = "Chuẩn bị dự thảo nghị quyết trước buổi sinh hoạt.";
    x.source = "HD 12-HD/BTCTW";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Chưa chuẩn bị dự thảo nghị quyết trước buổi sinh hoạt";
    x.shortfall = "No draft resolution is prepared";
    x.threshold_source = "HD 12-HD/BTCTW: có dự thảo nghị quyết";
    x.message_vi = "Không chuẩn bị dự thảo nghị quyết trước buổi sinh hoạt";
    x.message_en = "No draft resolution was prepared";
    x.meeting_fn = draft_prepared;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M2.6";
    x.metric_unit = Unit::ratio;
    x.name = "content_balance";
    x.measure = "M2";
    x.defaults.ramp = {0.8, 0.4};
    x.metric = "agenda minutes of dissemination + work_report ÷ all agenda minutes";
    x.description = "The meeting is not mostly dissemination and listing of last month's work.";
    x.description_vi = "Nội dung không nặng về phổ biến, liệt kê.";
    x.source = "article: content \"nặng về phổ biến, liệt kê\"";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Nội dung còn nặng về phổ biến, liệt kê";
    x.shortfall = "Meetings are mostly dissemination and listing of work";
    x.message_vi = "Nội dung nặng về phổ biến, liệt kê: {rate} thời lượng; nên từ {target} trở xuống";
    x.message_en = "Dissemination and reporting take {rate} of the agenda; {target} or less is expected";
    x.meeting_fn = content_balance;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M2.7";
    x.name = "upper_level_notified";
    x.measure = "M2";
    x.defaults.ramp = {0, 1};
    x.profile_defaults = {{"hd12-2018", 0.0, {}, {}}};
    x.metric = "notified_upper = yes";
    x.description = "The secretary notifies the upper-level committee that monitors the cell.";
    x.description_vi = "Báo cáo cấp ủy cấp trên theo dõi chi bộ.";
    x.source = "HD 42-HD/BTCTW";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Chưa báo cáo cấp ủy cấp trên theo dõi chi bộ về buổi sinh hoạt";
    x.shortfall = "The upper-level committee that monitors the cell is not notified";
    x.threshold_source = "HD 42-HD/BTCTW: báo cáo cấp ủy cấp trên theo dõi chi bộ";
    x.message_vi = "Chưa báo cáo cấp ủy cấp trên về buổi sinh hoạt";
    x.message_en = "The upper-level committee was not notified of the meeting";
    x.meeting_fn = upper_level_notified;
    r.add(std::move(x));
  }
}

}  // namespace chibo::rules
