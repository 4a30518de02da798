// M3 — Democratic conduct, minutes and tasks (Ba là: phát huy dân chủ, trí tuệ tập thể).
#include <chibo/rule.hpp>

#include "common.hpp"

namespace chibo::rules {

namespace {

Outcome duration(const MeetingFacts& f, const RuleSettings& s) {
  const double target =
      s.constant(f.kind == MeetingKind::combined ? "target_minutes_combined" : "target_minutes");
  Outcome o = ramp_outcome(f.duration_minutes / target, s);
  o.evidence.add("minutes", f.duration_minutes, Unit::minutes).add("required", target, Unit::minutes);
  return o;
}

Outcome speaking_breadth(const MeetingFacts& f, const RuleSettings& s) {
  return share(f.speakers, f.present, s, "speakers", "present");
}

Outcome criticism_practice(const CellFacts& f, const RuleSettings& s) {
  return share(f.meetings_with_criticism, f.meetings, s, "with_criticism", "meetings");
}

Outcome minutes_complete(const MeetingFacts& f, const RuleSettings& s) {
  Outcome o = ramp_outcome(f.minutes_fields_yes / 5.0, s);
  o.evidence.add("fields", f.minutes_fields_yes).add("of", 5);
  return o;
}

Outcome roles_assigned(const MeetingFacts& f, const RuleSettings& s) {
  const bool ok =
      f.chair_set && f.recorder_set && !f.chair_is_recorder && f.chair_present && f.recorder_present;
  Outcome o = yes_no(ok, s);
  o.evidence.add("chair_present", f.chair_present ? 1 : 0, Unit::flag)
      .add("recorder_present", f.recorder_present ? 1 : 0, Unit::flag)
      .add("same_person", f.chair_is_recorder ? 1 : 0, Unit::flag);
  return o;
}

Outcome resolutions_specific(const MeetingFacts& f, const RuleSettings& s) {
  return share(f.resolutions_specific, f.resolutions, s, "specific", "resolutions");
}

Outcome tasks_assigned(const MeetingFacts& f, const RuleSettings& s) {
  return share(f.present_eligible_with_task, f.present_eligible, s, "with_task", "present");
}

Outcome tasks_on_time(const CellFacts& f, const RuleSettings& s) {
  return share(f.tasks_on_time, f.tasks_due, s, "on_time", "tasks");
}

Outcome tasks_followed_up(const CellFacts& f, const RuleSettings& s) {
  return share(f.tasks_followed_up, f.tasks_due, s, "followed_up", "tasks");
}

}  // namespace

void register_m3(Registry& r) {
  r.add_measure({"M3", "Phát huy dân chủ, tự phê bình và phê bình", "Democratic conduct, minutes and tasks"});
  {
    RuleInfo x;
    x.id = "M3.1";
    x.name = "duration";
    x.measure = "M3";
    x.gate = true;
    x.defaults.ramp = {0.5, 1};
    x.constants = {{"target_minutes", 90, "required length of a regular or thematic meeting"},
                   {"target_minutes_combined", 120, "required length of a combined meeting"}};
    x.profile_defaults = {{"hd12-2018", {}, {}, {{"target_minutes_combined", 90}}}};
    x.metric = "minutes from start_time to end_time ÷ the required minutes T (missing: 0)";
    x.description = "A regular meeting lasts 90 minutes or more (a combined one 120 under HD 42).";
    x.description_vi = "Sinh hoạt thường kỳ từ 90 phút trở lên (kết hợp 120 phút theo HD 42).";
    x.source = "HD 12-HD/BTCTW; HD 42-HD/BTCTW";
    x.owner = Owner::cell;
    x.shortfall_vi = "Thời gian sinh hoạt chưa đủ (90 phút; kết hợp 120 phút theo HD 42)";
    x.shortfall = "Meetings are too short (90 minutes; combined 120 under HD 42)";
    x.threshold_source = "HD 12-HD/BTCTW: 90 phút; HD 42-HD/BTCTW: kết hợp 120 phút";
    x.message_vi = "Buổi sinh hoạt kéo dài {minutes} phút; cần ít nhất {required} phút";
    x.message_en = "The meeting lasted {minutes} minutes; at least {required} are required";
    x.meeting_fn = duration;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M3.2";
    x.metric_unit = Unit::ratio;
    x.name = "speaking_breadth";
    x.measure = "M3";
    x.gate = true;
    x.defaults.ramp = {0.10, 0.50};
    x.metric = "present attendees with ≥ 1 contribution ÷ present attendees";
    x.description = "Many members speak.";
    x.description_vi = "Nhiều đảng viên phát biểu.";
    x.source = "HD 12-HD/BTCTW; article: passive members";
    x.owner = Owner::cell;
    x.shortfall_vi = "Ít đảng viên phát biểu";
    x.shortfall = "Few members speak";
    x.message_vi = "Chỉ {speakers}/{present} đảng viên dự sinh hoạt phát biểu ({rate}); cần từ {target}";
    x.message_en = "Only {speakers} of {present} attendees spoke ({rate}); {target} expected";
    x.meeting_fn = speaking_breadth;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M3.3";
    x.name = "criticism_practice";
    x.measure = "M3";
    x.level = Level::cell;
    x.defaults.ramp = {0, 0.5};
    x.metric = "meetings in P with ≥ 1 criticism or self-criticism ÷ meetings in P";
    x.description = "Criticism and self-criticism are practised at meetings.";
    x.description_vi = "Thực hiện tự phê bình và phê bình.";
    x.source = "measure 3";
    x.owner = Owner::cell;
    x.shortfall_vi = "Ít thực hiện tự phê bình và phê bình";
    x.shortfall = "Criticism and self-criticism are rare";
    x.message_vi = "Tự phê bình và phê bình chỉ có ở {with_criticism}/{meetings} buổi sinh hoạt";
    x.message_en = "Criticism or self-criticism took place at only {with_criticism} of {meetings} meetings";
    x.cell_fn = criticism_practice;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M3.4";
    x.name = "minutes_complete";
    x.measure = "M3";
    x.gate = true;
    x.defaults.ramp = {0, 1};
    x.metric =
        "yes among minutes_attendance, minutes_speakers, minutes_conclusion, minutes_signed, "
        "minutes_read_back ÷ 5";
    x.description = "The minutes are complete, signed and read back.";
    x.description_vi = "Biên bản đầy đủ, được ký và thông qua.";
    x.source = "HD 12-HD/BTCTW; article: careless minutes";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Biên bản chưa đầy đủ, chưa ký hoặc chưa thông qua";
    x.shortfall = "Minutes are incomplete, unsigned or not read back";
    x.threshold_source = "HD 12-HD/BTCTW: biên bản ghi đầy đủ, thông qua, ký";
    x.message_vi = "Biên bản chưa đầy đủ: đạt {fields}/5 yêu cầu";
    x.message_en = "The minutes are incomplete: {fields} of 5 items";
    x.meeting_fn = minutes_complete;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M3.5";
    x.name = "roles_assigned";
    x.measure = "M3";
    x.defaults.ramp = {0, 1};
    x.metric = "chair and recorder set, different people, both present";
    x.description = "A chair and a separate minute-taker run the meeting.";
    x.description_vi = "Phân công rõ chủ trì và thư ký.";
    x.source = "measure 3";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Chưa phân công rõ chủ trì và thư ký";
    x.shortfall = "No separate chair and minute-taker";
    x.message_vi = "Chưa phân công rõ chủ trì và thư ký (hai người khác nhau, cùng có mặt)";
    x.message_en = "No separate chair and minute-taker were both present";
    x.meeting_fn = roles_assigned;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M3.6";
    x.name = "resolutions_specific";
    x.measure = "M3";
    x.defaults.ramp = {0, 1};
    x.metric = "resolutions with owner and due date ÷ resolutions";
    x.description = "Resolutions say who does what by when.";
    x.description_vi = "Nghị quyết ghi rõ người phụ trách và thời hạn.";
    x.source = "measure 3 (\"ghi rõ từng việc\")";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Nghị quyết chưa ghi rõ người phụ trách và thời hạn";
    x.shortfall = "Resolutions name no owner or due date";
    x.message_vi = "{specific}/{resolutions} nghị quyết ghi rõ người phụ trách và thời hạn";
    x.message_en = "{specific} of {resolutions} resolutions name an owner and a due date";
    x.meeting_fn = resolutions_specific;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M3.7";
    x.metric_unit = Unit::ratio;
    x.name = "tasks_assigned";
    x.measure = "M3";
    x.kinds = {true, false, true};
    x.defaults.ramp = {0, 0.5};
    x.metric = "present eligible members given a task with a due date ÷ present eligible members";
    x.description = "Members leave the meeting with concrete tasks and deadlines.";
    x.description_vi = "Giao nhiệm vụ cụ thể, có thời hạn cho đảng viên.";
    x.source = "measure 3 (\"cho từng đảng viên\")";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Ít đảng viên được giao nhiệm vụ cụ thể, có thời hạn";
    x.shortfall = "Few members get a task with a deadline";
    x.message_vi =
        "Chỉ {with_task}/{present} đảng viên được giao nhiệm vụ có thời hạn ({rate}); cần từ {target}";
    x.message_en =
        "Only {with_task} of {present} members present got a task with a deadline ({rate}); {target} "
        "expected";
    x.meeting_fn = tasks_assigned;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M3.8";
    x.metric_unit = Unit::ratio;
    x.name = "tasks_on_time";
    x.measure = "M3";
    x.level = Level::cell;
    x.defaults.ramp = {0.3, 0.8};
    x.metric = "tasks due in P completed by their due date ÷ tasks due in P";
    x.description = "Assigned tasks are completed on time.";
    x.description_vi = "Nhiệm vụ được hoàn thành đúng hạn.";
    x.source = "measure 3";
    x.owner = Owner::cell;
    x.shortfall_vi = "Nhiệm vụ chưa hoàn thành đúng hạn";
    x.shortfall = "Tasks are not done on time";
    x.message_vi = "Chỉ {on_time}/{tasks} nhiệm vụ hoàn thành đúng hạn ({rate}); cần từ {target}";
    x.message_en = "Only {on_time} of {tasks} tasks were done on time ({rate}); {target} expected";
    x.cell_fn = tasks_on_time;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M3.9";
    x.metric_unit = Unit::ratio;
    x.name = "tasks_followed_up";
    x.measure = "M3";
    x.level = Level::cell;
    x.defaults.ramp = {0.2, 0.9};
    x.metric = "tasks due in P with a follow-up recorded ÷ tasks due in P";
    x.description = "The secretary checks and follows up every task.";
    x.description_vi = "Bí thư kiểm tra, đôn đốc việc thực hiện nhiệm vụ.";
    x.source = "measure 3 (\"kiểm tra, đôn đốc\")";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Chưa kiểm tra, đôn đốc việc thực hiện nhiệm vụ";
    x.shortfall = "Tasks are not followed up";
    x.message_vi = "Chỉ {followed_up}/{tasks} nhiệm vụ được kiểm tra, đôn đốc ({rate}); cần từ {target}";
    x.message_en = "Only {followed_up} of {tasks} tasks were followed up ({rate}); {target} expected";
    x.cell_fn = tasks_followed_up;
    r.add(std::move(x));
  }
}

}  // namespace chibo::rules
