// Structure findings (not scored): cell size and cell committee (Điều lệ Đ.24).
#include <chibo/rule.hpp>

#include "common.hpp"

namespace chibo::rules {

namespace {

Outcome cell_size(const CellFacts& f, const RuleSettings& s) {
  Outcome o;
  o.metric = f.official_members;
  const double minimum = s.constant("min_official_members");
  o.score = f.official_members < minimum ? 0 : 1;
  o.severity = Severity::warning;
  o.evidence.add("official_members", f.official_members).add("minimum", minimum);
  return o;
}

Outcome committee_needed(const CellFacts& f, const RuleSettings& s) {
  Outcome o;
  o.metric = f.official_members;
  const double threshold = s.constant("committee_threshold");
  o.score = f.official_members >= threshold && !f.has_cell_committee ? 0 : 1;
  o.severity = Severity::warning;
  o.evidence.add("official_members", f.official_members).add("threshold", threshold);
  return o;
}

}  // namespace

void register_structure(Registry& r) {
  {
    RuleInfo x;
    x.id = "S1";
    x.name = "cell_size";
    x.level = Level::cell;
    x.scored = false;
    x.constants = {{"min_official_members", 3, "a cell has at least this many full members"}};
    x.metric = "official members on P.to";
    x.description = "A cell has at least 3 full members.";
    x.description_vi = "Chi bộ có ít nhất 3 đảng viên chính thức.";
    x.source = "Điều lệ Đảng Đ.24 k.1";
    x.owner = Owner::upper_committee;
    x.shortfall_vi = "Chi bộ có dưới 3 đảng viên chính thức";
    x.shortfall = "The cell has fewer than 3 full members";
    x.threshold_source = "Điều lệ Đảng Đ.24 k.1: ít nhất 3 đảng viên chính thức";
    x.message_vi = "Chi bộ chỉ có {official_members} đảng viên chính thức; cần ít nhất {minimum}";
    x.message_en = "The cell has only {official_members} full members; at least {minimum} are required";
    x.cell_fn = cell_size;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "S2";
    x.name = "committee_needed";
    x.level = Level::cell;
    x.scored = false;
    x.constants = {{"committee_threshold", 9, "full members from which a cell elects a chi ủy"}};
    x.metric = "official members on P.to, and whether a deputy secretary or committee member exists";
    x.description = "A cell of 9 or more full members elects a cell committee (chi ủy).";
    x.description_vi = "Chi bộ từ 9 đảng viên chính thức trở lên bầu chi ủy.";
    x.source = "Điều lệ Đảng Đ.24 k.3";
    x.owner = Owner::upper_committee;
    x.shortfall_vi = "Chi bộ từ 9 đảng viên chính thức chưa có chi ủy";
    x.shortfall = "A cell of 9 or more full members has no cell committee";
    x.threshold_source = "Điều lệ Đảng Đ.24 k.3: từ 9 đảng viên chính thức bầu chi ủy";
    x.message_vi = "Chi bộ có {official_members} đảng viên chính thức nhưng chưa có chi ủy";
    x.message_en = "The cell has {official_members} full members but no cell committee";
    x.cell_fn = committee_needed;
    r.add(std::move(x));
  }
}

}  // namespace chibo::rules
