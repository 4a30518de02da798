// M4 — Thematic meetings (Bốn là: nâng cao chất lượng sinh hoạt chuyên đề).
#include <chibo/rule.hpp>

#include "common.hpp"

namespace chibo::rules {

namespace {

Outcome thematic_per_quarter(const CellFacts& f, const RuleSettings& s) {
  return share(f.quarters_with_thematic, f.counted_quarters, s, "quarters_met", "counted_quarters");
}

Outcome thematic_topic_grounded(const MeetingFacts& f, const RuleSettings& s) {
  const bool ok = f.topic_source == TopicSource::leadership_need ||
                  f.topic_source == TopicSource::unresolved_issue ||
                  f.topic_source == TopicSource::professional;
  return yes_no(ok, s);
}

Outcome thematic_variety(const CellFacts& f, const RuleSettings& s) {
  return share(f.distinct_topics, f.topical_meetings, s, "distinct_topics", "meetings");
}

Outcome thematic_outcome(const MeetingFacts& f, const RuleSettings& s) {
  Outcome o = yes_no(f.resolutions + f.tasks > 0, s);
  o.evidence.add("resolutions", f.resolutions).add("tasks", f.tasks);
  return o;
}

}  // namespace

void register_m4(Registry& r) {
  r.add_measure({"M4", "Sinh hoạt chuyên đề", "Thematic meetings"});
  {
    RuleInfo x;
    x.id = "M4.1";
    x.name = "thematic_per_quarter";
    x.measure = "M4";
    x.level = Level::cell;
    x.defaults.ramp = {0, 1};
    x.metric = "counted quarters with ≥ 1 thematic or combined meeting ÷ counted quarters";
    x.description = "The cell holds a thematic meeting at least once a quarter.";
    x.description_vi = "Sinh hoạt chuyên đề ít nhất mỗi quý một lần.";
    x.source = "HD 12-HD/BTCTW; measure 4";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Chưa sinh hoạt chuyên đề mỗi quý";
    x.shortfall = "No thematic meeting every quarter";
    x.threshold_source = "HD 12-HD/BTCTW: ít nhất mỗi quý một lần";
    x.message_vi =
        "Chỉ {quarters_met}/{counted_quarters} quý có sinh hoạt chuyên đề; cần mỗi quý ít nhất một lần";
    x.message_en =
        "Thematic meetings in only {quarters_met} of {counted_quarters} quarters; one a quarter is required";
    x.cell_fn = thematic_per_quarter;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M4.2";
    x.name = "thematic_topic_grounded";
    x.measure = "M4";
    x.kinds = {false, true, true};
    x.defaults.ramp = {0, 1};
    x.metric = "topic_source is leadership_need, unresolved_issue or professional";
    x.description = "The theme comes from the cell's leadership needs or unresolved local problems.";
    x.description_vi = "Chủ đề xuất phát từ yêu cầu lãnh đạo, vấn đề bức xúc ở cơ sở.";
    x.source = "measure 4";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Chủ đề chưa xuất phát từ yêu cầu lãnh đạo, vấn đề bức xúc ở cơ sở";
    x.shortfall = "Themes are not drawn from leadership needs or local problems";
    x.message_vi =
        "Chủ đề sinh hoạt chuyên đề chưa xuất phát từ yêu cầu lãnh đạo hoặc vấn đề bức xúc ở cơ sở";
    x.message_en = "The theme was not drawn from leadership needs or an unresolved local problem";
    x.meeting_fn = thematic_topic_grounded;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M4.3";
    x.name = "thematic_variety";
    x.measure = "M4";
    x.level = Level::cell;
    x.defaults.ramp = {0.5, 1};
    x.metric = "distinct normalised topics ÷ thematic/combined meetings with a topic";
    x.description = "Themes vary rather than repeat (\"tránh nhàm chán\").";
    x.description_vi = "Chủ đề phong phú, tránh lặp lại.";
    x.source = "measure 4";
    x.owner = Owner::secretary;
    x.shortfall_vi = "Chủ đề sinh hoạt chuyên đề lặp lại";
    x.shortfall = "Themes repeat";
    x.message_vi = "Chủ đề lặp lại: {distinct_topics} chủ đề khác nhau cho {meetings} buổi chuyên đề";
    x.message_en = "Themes repeat: {distinct_topics} distinct topics over {meetings} thematic meetings";
    x.cell_fn = thematic_variety;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M4.4";
    x.name = "thematic_outcome";
    x.measure = "M4";
    x.kinds = {false, true, true};
    x.defaults.ramp = {0, 1};
    x.metric = "≥ 1 resolution or task from the meeting";
    x.description = "A thematic meeting ends in concrete solutions.";
    x.description_vi = "Sinh hoạt chuyên đề đi đến giải pháp cụ thể.";
    x.source = "measure 4 (\"tìm biện pháp giải quyết\")";
    x.owner = Owner::cell;
    x.shortfall_vi = "Sinh hoạt chuyên đề chưa đi đến giải pháp cụ thể";
    x.shortfall = "Thematic meetings end with no resolution or task";
    x.message_vi = "Buổi chuyên đề không có nghị quyết hay nhiệm vụ cụ thể nào";
    x.message_en = "The thematic meeting ended with no resolution or task";
    x.meeting_fn = thematic_outcome;
    r.add(std::move(x));
  }
}

}  // namespace chibo::rules
