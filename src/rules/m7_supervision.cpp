// M7 — Inspection and supervision (Bảy là: kiểm tra, giám sát).
#include <chibo/rule.hpp>

#include "common.hpp"

namespace chibo::rules {

namespace {

Outcome supervisor_assigned(const CellFacts& f, const RuleSettings& s) {
  return yes_no(f.supervisor_assigned, s);
}

Outcome supervision_frequency(const CellFacts& f, const RuleSettings& s) {
  // A weak cell is owed a visit every quarter, any other cell one a year.
  const double required = f.weak ? static_cast<double>(f.counted_quarters) : f.counted_months / 12.0;
  Outcome o;  // one named outcome returned: see share()
  if (required < 1) return o;
  ramp_into(o, f.supervision_visits / required, s);
  o.evidence.add("visits", f.supervision_visits)
      .add("required", required)
      .add("weak", f.weak ? 1 : 0, Unit::flag);
  return o;
}

Outcome weak_cells_prioritised(const CommitteeFacts& f, const RuleSettings& s) {
  Outcome o;  // one named outcome returned: see share()
  if (f.weak_cells == 0 || f.other_cells == 0) return o;
  const double weak = static_cast<double>(f.weak_cell_visits) / f.weak_cells;
  const double other = static_cast<double>(f.other_cell_visits) / f.other_cells;
  ramp_into(o, other == 0 ? (weak > 0 ? 2.0 : 0.0) : weak / other, s);
  o.evidence.add("weak_mean", weak)
      .add("other_mean", other)
      .add("weak_cells", f.weak_cells)
      .add("other_cells", f.other_cells);
  return o;
}

}  // namespace

void register_m7(Registry& r) {
  r.add_measure({"M7", "Kiểm tra, giám sát", "Inspection and supervision"});
  {
    RuleInfo x;
    x.id = "M7.1";
    x.name = "supervisor_assigned";
    x.measure = "M7";
    x.level = Level::cell;
    x.defaults.ramp = {0, 1};
    x.metric = "an assignment of an upper-level cadre to the cell covers P.to";
    x.description = "A member of an upper-level committee is in charge of the cell.";
    x.description_vi = "Có cấp ủy viên cấp trên phụ trách chi bộ.";
    x.source = "measure 7";
    x.owner = Owner::upper_committee;
    x.shortfall_vi = "Chưa có cấp ủy viên cấp trên phụ trách chi bộ";
    x.shortfall = "No upper-level committee member is in charge of the cell";
    x.message_vi = "Chưa phân công cấp ủy viên cấp trên phụ trách chi bộ";
    x.message_en = "No upper-level committee member is in charge of the cell";
    x.cell_fn = supervisor_assigned;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M7.2";
    x.name = "supervision_frequency";
    x.measure = "M7";
    x.level = Level::cell;
    x.defaults.ramp = {0, 1};
    x.metric =
        "inspection/supervision visits in P ÷ required (weak cell: counted quarters; other: counted months ÷ "
        "12)";
    x.description = "Upper levels inspect and supervise the cell, weak cells every quarter.";
    x.description_vi = "Cấp trên kiểm tra, giám sát chi bộ; chi bộ yếu kém mỗi quý.";
    x.source = "measure 7 (\"đặc biệt là chi bộ yếu, kém\")";
    x.owner = Owner::upper_committee;
    x.shortfall_vi = "Cấp trên chưa kiểm tra, giám sát chi bộ đủ";
    x.shortfall = "The cell is not inspected or supervised often enough";
    x.message_vi = "Cấp trên kiểm tra, giám sát chi bộ {visits} lần; cần {required} lần";
    x.message_en = "The cell was inspected or supervised {visits} time(s); {required} required";
    x.cell_fn = supervision_frequency;
    r.add(std::move(x));
  }
  {
    RuleInfo x;
    x.id = "M7.3";
    x.name = "weak_cells_prioritised";
    x.measure = "M7";
    x.level = Level::committee;
    x.in_total = false;
    x.defaults.ramp = {0, 2};
    x.metric =
        "mean inspection/supervision visits per weak cell ÷ per other cell (other 0: 2 if weak > 0, else 0)";
    x.description = "A committee supervises its weak cells more than the others.";
    x.description_vi = "Cấp ủy ưu tiên giám sát chi bộ yếu kém.";
    x.source = "measure 7";
    x.owner = Owner::upper_committee;
    x.shortfall_vi = "Chi bộ yếu, kém chưa được ưu tiên kiểm tra, giám sát";
    x.shortfall = "Weak cells are not supervised first";
    x.message_vi =
        "Chi bộ yếu kém được giám sát bình quân {weak_mean} lần, chi bộ khác {other_mean} lần; cần gấp "
        "{target} lần";
    x.message_en =
        "Weak cells got {weak_mean} visits on average, other cells {other_mean}; {target} times as many "
        "expected";
    x.committee_fn = weak_cells_prioritised;
    r.add(std::move(x));
  }
}

}  // namespace chibo::rules
