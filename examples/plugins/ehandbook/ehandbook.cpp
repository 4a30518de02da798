// The party e-handbook (Sổ tay đảng viên điện tử) as a measure of its own (a chibo plugin).
//
// A province that rolled the app out to every member scores each cell on the share of its
// members active on it. The data contract has no such column, so the plugin adds one to
// members.csv, which chibo then reads and checks like its own:
//
//   id,cell_id,full_name,…,ehandbook_active
//   M001,C17,Nguyễn Văn An,…,yes
#include <chibo/plugin.hpp>

namespace {

using namespace chibo::plugin;

Column ehandbook_active;  // members.ehandbook_active: yes / no / empty (not recorded)

// EH.1: members on the period's last day who are active on the app ÷ those members.
Outcome members_active(const CellView& cell, const Settings& s) {
  int active = 0;
  for (const Row member : cell.members())
    if (cell.yes(ehandbook_active, member)) ++active;  // not recorded counts as not active
  const auto members = static_cast<double>(cell.members().size());
  return Outcome::share(active, members, s)
      .evidence("rate", members > 0 ? active / members : 0, Unit::ratio)
      .evidence("active", active)
      .evidence("members", members);
}

void describe(Plugin& p) {
  p.name("ehandbook").version("1.0.0").description("Members active on the party e-handbook app");
  p.measure("EH", "Sử dụng Sổ tay đảng viên điện tử", "Party e-handbook use");
  ehandbook_active = p.column("members", "ehandbook_active", Type::boolean, /*required=*/false, {},
                              "the member used the e-handbook app in the last 90 days");
  p.rule({
      .id = "EH.1",
      .name = "members_active",
      .measure = "EH",
      .level = Level::cell,
      .zero_at = 0.5,
      .full_at = 1,
      .evidence = {"rate", "active", "members"},
      .metric = "members on P.to with ehandbook_active = yes ÷ members on P.to",
      .metric_unit = Unit::ratio,
      .description = "Every member is active on the party e-handbook app.",
      .description_vi = "Đảng viên sử dụng Sổ tay đảng viên điện tử.",
      .source = "provincial e-handbook roll-out",
      .message_vi =
          "Chỉ {active}/{members} đảng viên sử dụng Sổ tay đảng viên điện tử ({rate}); cần {target}",
      .message_en = "Only {active} of {members} members use the party e-handbook ({rate}); {target} expected",
      .cell = members_active,
  });
}

}  // namespace

CHIBO_PLUGIN(describe)
