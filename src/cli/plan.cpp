// chibo plan: the supervision plan drawn from a period's scores.
#include "common.hpp"

#include <chibo/plan.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>

namespace chibo::cli {

int cmd_plan(Args& args) {
  ScoringArgs sa;
  PlanOptions po;
  std::string json, csv_dir;
  Language lang = Language::vi;
  bool quiet = false;
  while (!args.empty()) {
    const std::string a = args.next("an argument");
    if (sa.take(a, args))
      continue;
    else if (a == "--capacity")
      po.capacity = parse_capacity(args.next("a count after --capacity"));
    else if (a == "--calendar-year") {
      po.calendar_year = parse_int(args.next("a year after --calendar-year"), "--calendar-year");
      if (po.calendar_year < 1900 || po.calendar_year > 2199)
        throw UsageError("--calendar-year: expected a year from 1900 to 2199");
    } else if (a == "--json")
      json = args.next("a file after --json");
    else if (a == "--csv")
      csv_dir = args.next("a folder after --csv");
    else if (a == "--lang")
      lang = parse_language(args.next("vi or en after --lang"));
    else if (a == "--quiet")
      quiet = true;
    else
      throw UsageError(fmt::format("plan: {} {}", a[0] == '-' ? "unknown option" : "unexpected argument", a));
  }
  sa.check("plan");
  const auto registry = registry_with(sa.plugins);
  const Policy policy = Policy::resolve(sa.policy_spec, *registry);
  const Dataset ds = sa.load_dataset(true, policy.registry());
  const Period period = sa.period(ds, "plan");
  if (!po.calendar_year && period.to.year() + 1 > 2199)
    throw UsageError("plan: the year after the period is past 2199; give --calendar-year");
  ScoreOptions so;
  so.threads = sa.threads;
  so.findings = false;
  so.meeting_rules = false;
  auto t0 = Clock::now();
  const Report report = score(ds, period, policy, so);
  spdlog::info("scored {} units in {:.2f} s", report.units.size(), seconds_since(t0));
  t0 = Clock::now();
  po.threads = sa.threads;
  const SupervisionPlan plan = supervision_plan(report, po);
  spdlog::info("planned {} cells and {} visits in {:.2f} s", plan.cells.size(), plan.visits.size(),
               seconds_since(t0));
  if (!json.empty()) write_output(json, [&](std::ostream& out) { write_plan_json(out, report, plan); });
  if (!csv_dir.empty()) write_plan_csv(csv_dir, report, plan);
  if (!quiet && json != "-") write_plan_text(std::cout, report, plan, lang);
  return 0;
}

}  // namespace chibo::cli
