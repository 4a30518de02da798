// M3.2 (a meeting rule) and M1.1 (a cell rule) written again as plugin rules B3.2 and B1.1,
// with the same metric, ramp and evidence: swap.toml turns chibo's two off and these on, so
// the same scores are computed through the plugin ABI (benchmarks/plugin_cost).
#include <chibo/plugin.hpp>

namespace {

using namespace chibo::plugin;

Outcome speaking_breadth(const MeetingView& m, const Settings& s) {
  const double present = m.facts.present;
  Outcome o = Outcome::share(m.facts.speakers, present, s);
  if (present > 0)
    o.evidence("rate", o.metric, Unit::ratio)
        .evidence("speakers", m.facts.speakers)
        .evidence("present", present);
  return o;
}

Outcome monthly_cadence(const CellView& c, const Settings& s) {
  const double counted = c.facts.counted_months;
  Outcome o = Outcome::share(c.facts.months_with_regular, counted, s);
  if (counted > 0)
    o.evidence("rate", o.metric, Unit::ratio)
        .evidence("months_met", c.facts.months_with_regular)
        .evidence("counted_months", counted);
  return o;
}

void describe(Plugin& p) {
  p.name("same-rules").version("1.0.0").description("M3.2 and M1.1 again, through the plugin ABI");
  p.rule({.id = "B3.2",
          .name = "speaking_breadth",
          .measure = "M3",
          .level = Level::meeting,
          .zero_at = 0.10,
          .full_at = 0.50,
          .evidence = {"rate", "speakers", "present"},
          .metric = "present attendees with ≥ 1 contribution ÷ present attendees",
          .metric_unit = Unit::ratio,
          .description = "Many members speak.",
          .description_vi = "Nhiều đảng viên phát biểu.",
          .message_vi = "Chỉ {speakers}/{present} đảng viên dự họp phát biểu ({rate}); cần từ {target}",
          .message_en = "Only {speakers} of {present} attendees spoke ({rate}); {target} expected",
          .meeting = speaking_breadth});
  p.rule({.id = "B1.1",
          .name = "monthly_cadence",
          .measure = "M1",
          .level = Level::cell,
          .evidence = {"rate", "months_met", "counted_months"},
          .metric = "counted months with a regular or combined meeting ÷ counted months",
          .metric_unit = Unit::ratio,
          .description = "The cell meets every month.",
          .description_vi = "Chi bộ sinh hoạt định kỳ hằng tháng.",
          .message_vi = "Chi bộ sinh hoạt {months_met}/{counted_months} tháng",
          .message_en = "The cell met in {months_met} of {counted_months} months",
          .cell = monthly_cadence});
}

}  // namespace

CHIBO_PLUGIN(describe)
