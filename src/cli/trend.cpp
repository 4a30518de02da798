// chibo trend: every step of a range scored in one pass, and what changed.
#include "common.hpp"

#include <chibo/trend.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <iostream>

namespace chibo::cli {

int cmd_trend(Args& args) {
  ScoringArgs sa;
  StepLength by = StepLength::month;
  std::string json, csv_dir;
  TrendTextOptions to;
  bool quiet = false;
  while (!args.empty()) {
    const std::string a = args.next("an argument");
    if (sa.take(a, args))
      continue;
    else if (a == "--by")
      by = parse_step_length(args.next("month, quarter or year after --by"), "--by");
    else if (a == "--movers") {
      const int n = parse_int(args.next("a count after --movers"), "--movers");
      if (n < 0 || n > 1000) throw UsageError("--movers: expected a count from 0 to 1000");
      to.movers = static_cast<std::size_t>(n);
    } else if (a == "--json")
      json = args.next("a file after --json");
    else if (a == "--csv")
      csv_dir = args.next("a folder after --csv");
    else if (a == "--lang")
      to.lang = parse_language(args.next("vi or en after --lang"));
    else if (a == "--quiet")
      quiet = true;
    else
      throw UsageError(
          fmt::format("trend: {} {}", a[0] == '-' ? "unknown option" : "unexpected argument", a));
  }
  sa.check("trend");
  const auto registry = registry_with(sa.plugins);
  const Policy policy = Policy::resolve(sa.policy_spec, *registry);
  const Dataset ds = sa.load_dataset(false, policy.registry());
  const Period range = sa.period(ds, "trend");
  if (steps_of(range, by).size() > 1200)
    throw UsageError("trend: more than 1200 steps; choose a longer --by");
  ScoreOptions so;
  so.threads = sa.threads;
  so.findings = false;
  so.meeting_rules = false;
  so.cell_rules = false;  // a trend shows totals, ratings and measures
  const auto t0 = Clock::now();
  const Trend trend = score_trend(ds, range, by, policy, so);
  spdlog::info("scored {} steps of {} units in {:.2f} s", trend.steps.size(), ds.org_units.size(),
               seconds_since(t0));
  if (!json.empty()) write_output(json, [&](std::ostream& out) { write_trend_json(out, trend); });
  if (!csv_dir.empty()) write_trend_csv(csv_dir, trend);
  if (!quiet && json != "-") write_trend_text(std::cout, trend, to);
  return 0;
}

}  // namespace chibo::cli
