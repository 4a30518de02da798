// Bắc Giang's own rules (a chibo plugin): model meetings (sinh hoạt điểm).
//
// Yên Thế has each commune pick model cells every year, one for regular and one for thematic
// meetings, whose model meetings other secretaries come to watch. The province asks that every
// model cell hold a model meeting each quarter, and that every commune keep two model cells
// doing so. The model cells of a year come in a table of the plugin's own, model_cells.csv:
//
//   cell_id,year,kind
//   C17,2025,regular
//
// and the meetings that were model meetings in meetings.model_meeting (a contract column that
// chibo's own rules do not read).
#include <chibo/plugin.hpp>

namespace {

using namespace chibo::plugin;

Table model_cells;  // model_cells.csv, keyed by cell_id
RuleRef model_meetings_rule;

bool is_model_cell(const Data& data, Row cell, int year) {
  for (Row r : data.rows(model_cells, cell))
    if (data.number(model_cells, model_cells.column("year"), r) == year) return true;
  return false;
}

// BG.1: counted quarters in which a model cell held its model meetings ÷ counted quarters.
Outcome model_meetings_each_quarter(const CellView& cell, const Settings& s) {
  if (!is_model_cell(cell, cell.facts.cell, Date{cell.facts.period_to}.ymd().year)) return Outcome::na();
  const auto quarters = cell.counted_quarters();
  const double needed = s.constant("per_quarter");
  int met = 0;
  for (const int quarter : quarters) {
    int held = 0;
    for (const auto& m : cell.meetings())
      if (m.model_meeting == CHIBO_YES && Date{m.date}.quarter_key() == quarter) ++held;
    if (held >= needed) ++met;
  }
  return Outcome::share(met, static_cast<double>(quarters.size()), s)
      .evidence("quarters_met", met)
      .evidence("counted_quarters", static_cast<double>(quarters.size()));
}

// BG.2: a commune's model cells that met BG.1 in full, on the ramp up to the two it needs.
Outcome model_cells_on_track(const CommitteeView& committee, const Settings& s) {
  if (committee.facts.kind != CHIBO_GRASSROOTS_COMMITTEE) return Outcome::na();
  int model = 0, on_track = 0;
  for (const Row cell : committee.cells()) {
    const auto score = committee.cell_score(model_meetings_rule, cell);
    if (!score) continue;  // not a model cell this year
    ++model;
    if (*score >= 1) ++on_track;
  }
  return Outcome::ramp(on_track, s).evidence("on_track", on_track).evidence("model_cells", model);
}

void describe(Plugin& p) {
  p.name("bac-giang")
      .version("1.0.0")
      .description("Bắc Giang: model meetings (sinh hoạt điểm) every quarter");
  model_cells = p.table("model_cells", "cell_id", "org_units",
                        {{"year", Type::integer, true, {}, "the year the cell is a model cell"},
                         {"kind", Type::code, true, {"regular", "thematic"}, "what its model meetings show"}},
                        /*required=*/false, "the model cells (chi bộ điểm) each commune picked, per year");
  model_meetings_rule = p.rule({
      .id = "BG.1",
      .name = "model_meetings_each_quarter",
      .measure = "M4",
      .level = Level::cell,
      .zero_at = 0,
      .full_at = 1,
      .constants = {{"per_quarter", 1, "model meetings a model cell holds each quarter"}},
      .evidence = {"quarters_met", "counted_quarters"},
      .metric = "counted quarters with a model meeting ÷ counted quarters (model cells of the year only)",
      .metric_unit = Unit::ratio,
      .description = "A model cell holds a model meeting every quarter.",
      .description_vi = "Chi bộ điểm tổ chức sinh hoạt điểm hằng quý.",
      .source = "Bắc Giang: model meetings in Yên Thế and Lục Ngạn",
      .message_vi = "Chi bộ điểm chỉ tổ chức sinh hoạt điểm trong {quarters_met}/{counted_quarters} quý",
      .message_en =
          "The model cell held a model meeting in only {quarters_met} of {counted_quarters} quarters",
      .cell = model_meetings_each_quarter,
  });
  p.rule({
      .id = "BG.2",
      .name = "model_cells_on_track",
      .measure = "M4",
      .level = Level::committee,
      .in_total = false,
      .zero_at = 0,
      .full_at = 2,
      .evidence = {"on_track", "model_cells"},
      .metric = "model cells below the commune whose BG.1 score is 1",
      .description = "A commune keeps two model cells holding model meetings every quarter.",
      .description_vi = "Đảng ủy xã duy trì hai chi bộ điểm sinh hoạt điểm đủ các quý.",
      .source = "Bắc Giang: each commune picks two model cells (Yên Thế)",
      .message_vi = "Chỉ {on_track}/{model_cells} chi bộ điểm sinh hoạt điểm đủ các quý; cần {target}",
      .message_en =
          "Only {on_track} of {model_cells} model cells held model meetings every quarter; {target} needed",
      .committee = model_cells_on_track,
  });
}

}  // namespace

CHIBO_PLUGIN(describe)
