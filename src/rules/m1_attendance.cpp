// M1 — Regular monthly meetings and attendance (Một là: duy trì sinh hoạt định kỳ hằng tháng).
#include <chibo/rule.hpp>

#include "common.hpp"

#include <bit>

namespace chibo::rules {

namespace {

Outcome monthly_cadence(const CellFacts& f, const RuleSettings& s) {
  Outcome o = share(f.months_with_regular, f.counted_months, s, "months_met", "counted_months");
  return o;
}

Outcome attendance_rate(const MeetingFacts& f, const RuleSettings& s) {
  return share(f.present_eligible, f.eligible, s, "present", "eligible");
}

Outcome no_unexcused_absence(const MeetingFacts& f, const RuleSettings& s) {
  return share(f.unexcused, f.eligible, s, "unexcused", "eligible");
}

std::uint32_t flagged_members(const CellFacts& f, const RuleSettings& s) {
  const auto need = s.constant("min_skipped_months");
  std::uint32_t flagged = 0;
  Index last = no_index;
  for (const auto& r : f.skipped) {  // grouped by member
    if (std::popcount(r.months) >= need && r.member != last) {
      ++flagged;
      last = r.member;
    }
  }
  return flagged;
}

Outcome chronic_absence(const CellFacts& f, const RuleSettings& s) {
  const auto flagged = flagged_members(f, s);
  Outcome o = ramp_outcome(flagged, s);
  o.evidence.add("flagged", flagged);
  o.severity = Severity::error;
  return o;
}

void chronic_absence_members(const CellFacts& f, const RuleSettings& s, const Finding& base,
                             std::vector<Finding>& out) {
  const auto need = s.constant("min_skipped_months");
  for (const auto& r : f.skipped) {
    if (std::popcount(r.months) < need) continue;
    Finding x = base;
    x.member = r.member;
    x.evidence = {};
    x.evidence.add("year", r.year, Unit::year)
        .add("months", r.months, Unit::months)
        .add("skipped", std::popcount(r.months))
        .add("limit", need);
    out.push_back(x);
  }
}

Outcome self_assessment(const MeetingFacts& f, const RuleSettings& s) {
  return yes_no(f.self_rating.has_value(), s);
}

Outcome self_assessment_calibration(const CellFacts& f, const RuleSettings& s) {
  double n = 0, credit = 0, gap = 0, over = 0;
  for (int d = -3; d <= 3; ++d) {
    const int slot = d + 3;
    const double count = f.self_rating_gap[static_cast<std::size_t>(slot)];
    n += count;
    credit += count * s.ramp(d);
    gap += count * d;
    if (d > 0) over += count;
  }
  Outcome o;  // one named outcome returned: see share()
  if (n == 0) return o;
  o.metric = gap / n;
  o.score = credit / n;
  o.evidence.add("self_rated", n).add("overrated", over).add("mean_gap", gap / n);
  return o;
}

}  // namespace

void register_m1(Registry& r) {
  r.add_measure({"M1", "Duy trì sinh hoạt định kỳ và chuyên cần", "Regular monthly meetings and attendance"});
  {
    RuleInfo x;
    x.id = "M1.1";
    x.name = "monthly_cadence";
    x.measure = "M1";
    x.level = Level::cell;
    x.gate = true;
    x.defaults.ramp = {0, 1};
    x.metric = "counted months with ≥ 1 regular or combined meeting ÷ counted months";
    x.description = "The cell holds its regular meeting every month.";
    x.description_vi = "Chi bộ sinh hoạt thường kỳ đủ các tháng.";
    x.source = "Điều lệ Đảng Đ.24 k.2; measure 1";
    x.owner = Owner::cell;
    x.shortfall_vi = "Chi bộ chưa sinh hoạt thường kỳ đủ các tháng";
    x.shortfall = "The cell does not hold a regular meeting every month";
    x.threshold_source = "Điều lệ Đảng Đ.24 k.2: chi bộ sinh hoạt mỗi tháng một lần";
    x.message_vi = "Chi bộ chỉ sinh hoạt thường kỳ {months_met}/{counted_months} tháng; phải họp mỗi tháng";
    x.message_en =
        "The cell held a regular meeting in only {months_met} of {counted_months} months; it must meet every "
        "month";
    x.cell_fn = monthly_cadence;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M1.2";
    x.metric_unit = Unit::ratio;
    x.name = "attendance_rate";
    x.measure = "M1";
    x.level = Level::meeting;
    x.gate = true;
    x.defaults.ramp = {0.50, 0.85};
    x.metric = "present eligible members ÷ eligible members";
    x.description = "More than 85% of the members who must attend are present.";
    x.description_vi = "Trên 85% đảng viên phải dự có mặt.";
    x.source = "HD 12-HD/BTCTW";
    x.owner = Owner::cell;
    x.shortfall_vi = "Tỷ lệ đảng viên dự sinh hoạt chưa đạt trên 85%";
    x.shortfall = "Fewer than 85% of members attend";
    x.threshold_source = "HD 12-HD/BTCTW: trên 85% đảng viên dự";
    x.message_vi = "Tỷ lệ đảng viên dự sinh hoạt {rate} ({present}/{eligible}); cần từ {target} trở lên";
    x.message_en = "Attendance {rate} ({present} of {eligible}); {target} or more is expected";
    x.meeting_fn = attendance_rate;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M1.3";
    x.metric_unit = Unit::ratio;
    x.name = "no_unexcused_absence";
    x.measure = "M1";
    x.level = Level::meeting;
    x.defaults.ramp = {0.10, 0};
    x.metric = "unexcused absences ÷ eligible members";
    x.description = "Nobody is absent without a reason.";
    x.description_vi = "Không có đảng viên vắng mặt không lý do.";
    x.source = "HD 12-HD/BTCTW";
    x.owner = Owner::cell;
    x.shortfall_vi = "Còn đảng viên vắng mặt không lý do";
    x.shortfall = "Members are absent without a reason";
    x.threshold_source = "HD 12-HD/BTCTW: không có đảng viên vắng mặt không lý do";
    x.message_vi =
        "{unexcused} đảng viên vắng không lý do ({rate} số phải dự); yêu cầu không ai vắng không lý do";
    x.message_en =
        "{unexcused} member(s) absent without a reason ({rate} of those expected); nobody should be";
    x.meeting_fn = no_unexcused_absence;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M1.4";
    x.name = "chronic_absence";
    x.measure = "M1";
    x.level = Level::cell;
    x.defaults.ramp = {1, 0};
    x.constants = {{"min_skipped_months", 3, "skipped months in one calendar year that flag a member"}};
    x.metric = "members who skipped meetings in ≥ 3 months of one year without a reason";
    x.description = "No member skips cell meetings for 3 months in a year without a valid reason.";
    x.description_vi = "Không có đảng viên bỏ sinh hoạt 3 tháng trong năm không lý do.";
    x.source = "Điều lệ Đảng Đ.8 k.1";
    x.owner = Owner::cell;
    x.shortfall_vi = "Có đảng viên bỏ sinh hoạt 3 tháng trong năm không lý do";
    x.shortfall = "Members skip meetings in 3 months of a year without a reason";
    x.threshold_source = "Điều lệ Đảng Đ.8 k.1: 3 tháng trong năm";
    x.message_vi =
        "Đảng viên {member} bỏ sinh hoạt không lý do {skipped} tháng trong năm {year} (tháng {months}): đề "
        "nghị xóa tên theo Điều lệ Đ.8";
    x.message_en =
        "Member {member} skipped meetings without a reason in {skipped} months of {year} (months {months}): "
        "proposed for removal under Charter art. 8";
    x.cell_fn = chronic_absence;
    x.explain_cell = chronic_absence_members;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M1.5";
    x.name = "self_assessment";
    x.measure = "M1";
    x.level = Level::meeting;
    x.defaults.ramp = {0, 1};
    x.metric = "self_rating recorded (yes/no)";
    x.description = "The cell committee rates its own meeting.";
    x.description_vi = "Chi ủy tự đánh giá chất lượng buổi sinh hoạt.";
    x.source = "measure 1; HD 12-HD/BTCTW";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Chưa tự đánh giá chất lượng buổi sinh hoạt";
    x.shortfall = "Meetings are not self-assessed";
    x.threshold_source = "HD 12-HD/BTCTW: đánh giá chất lượng sinh hoạt";
    x.message_vi = "{Committee} chưa tự đánh giá chất lượng buổi sinh hoạt";
    x.message_en = "{Committee} did not rate the meeting";
    x.meeting_fn = self_assessment;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M1.6";
    x.name = "self_assessment_calibration";
    x.measure = "M1";
    x.level = Level::cell;
    x.defaults.ramp = {2, 0};
    x.metric = "per self-rated meeting, d = band(self rating) − band(computed rating); mean of ramp(d)";
    x.description = "The cell's own ratings of its meetings agree with the computed ratings.";
    x.description_vi = "Tự đánh giá sát với kết quả chấm điểm.";
    x.source = "measure 1 (\"đánh giá đúng\")";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Tự đánh giá cao hơn kết quả chấm điểm";
    x.shortfall = "Self-ratings are higher than the computed ratings";
    x.message_vi = "Chi bộ tự đánh giá cao hơn thực tế ở {overrated}/{self_rated} buổi sinh hoạt";
    x.message_en = "The cell rated {overrated} of {self_rated} meetings higher than their computed rating";
    x.cell_fn = self_assessment_calibration;
    r.add(std::move(x));
  }
}

}  // namespace chibo::rules
