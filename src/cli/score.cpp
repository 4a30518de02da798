// chibo score: a period's scores as a summary, JSON, CSV tables and HTML pages.
#include "common.hpp"

#include <chibo/html.hpp>
#include <chibo/plan.hpp>
#include <chibo/trend.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <optional>

namespace chibo::cli {

int cmd_score(Args& args) {
  ScoringArgs sa;
  std::string json, csv_dir, html, html_dir;
  JsonOptions jo;
  SummaryOptions so;
  HtmlOptions ho;
  bool quiet = false, with_plan = false;
  PlanOptions po;
  std::optional<StepLength> with_trend;
  while (!args.empty()) {
    const std::string a = args.next("an argument");
    if (sa.take(a, args))
      continue;
    else if (a == "--json")
      json = args.next("a file after --json");
    else if (a == "--csv")
      csv_dir = args.next("a folder after --csv");
    else if (a == "--html")
      html = args.next("a file after --html");
    else if (a == "--html-dir")
      html_dir = args.next("a folder after --html-dir");
    else if (a == "--page-budget")
      ho.page_budget = parse_size(args.next("a size after --page-budget"), "--page-budget", 64 * 1024);
    else if (a == "--with-plan")
      with_plan = true;
    else if (a == "--capacity")
      po.capacity = parse_capacity(args.next("a count after --capacity"));
    else if (a == "--with-trend")
      with_trend = parse_step_length(args.next("month, quarter or year after --with-trend"), "--with-trend");
    else if (a == "--no-meetings")
      jo.meetings = false;
    else if (a == "--no-findings")
      jo.findings = FindingsStyle::none;
    else if (a == "--findings") {
      const std::string style = args.next("grouped, detail or none after --findings");
      if (style == "grouped")
        jo.findings = FindingsStyle::grouped;
      else if (style == "detail")
        jo.findings = FindingsStyle::detail;
      else if (style == "none")
        jo.findings = FindingsStyle::none;
      else
        throw UsageError(fmt::format("--findings: expected grouped, detail or none; got \"{}\"", style));
    } else if (a == "--ranked") {
      const int n = parse_int(args.next("a count after --ranked"), "--ranked");
      if (n < 0) throw UsageError("--ranked: expected a count ≥ 0");
      so.ranked = static_cast<std::size_t>(n);
    } else if (a == "--priorities") {
      const int n = parse_int(args.next("a count after --priorities"), "--priorities");
      if (n < 0 || n > 100) throw UsageError("--priorities: expected a count from 0 to 100");
      jo.priorities = so.priorities = static_cast<std::size_t>(n);
    } else if (a == "--quiet")
      quiet = true;
    else if (a == "--lang")
      so.lang = parse_language(args.next("vi or en after --lang"));
    else if (!a.empty() && a[0] == '-')
      throw UsageError(fmt::format("score: unknown option {}", a));
    else
      throw UsageError(fmt::format("score: unexpected argument \"{}\"", a));
  }
  sa.check("score");
  const bool pages = !html.empty() || !html_dir.empty();
  if ((with_plan || with_trend) && !pages)
    throw UsageError(
        "score: --with-plan and --with-trend add to the pages; give --html FILE or --html-dir DIR");
  const unsigned threads = sa.threads;

  // Plugins and the policy are checked before the (possibly long) load.
  const auto registry = registry_with(sa.plugins);
  const Policy policy = Policy::resolve(sa.policy_spec, *registry);
  ScoreOptions opt;
  opt.threads = threads;
  // Findings are counted for the summary and the writers' block sizes; names are read only
  // when written findings or a plan may show them.
  const bool writes = !json.empty() || !csv_dir.empty() || pages;
  opt.findings = writes || !quiet;
  opt.meeting_rules = (!json.empty() || !csv_dir.empty()) && jo.meetings;
  const Dataset ds =
      sa.load_dataset((writes && jo.findings != FindingsStyle::none) || with_plan, policy.registry());
  const Period period = sa.period(ds, "score");
  if (with_plan && period.to.year() + 1 > 2199)
    throw UsageError("score: the year after the period is past 2199; no plan can be drawn for it");
  const auto t0 = Clock::now();
  const Report report = score(ds, period, policy, opt);
  spdlog::info("scored {} meetings and {} units in {:.2f} s ({} findings)", report.meetings.size(),
               report.units.size(), seconds_since(t0), report.finding_count());
  jo.threads = threads;
  if (!json.empty()) {
    const auto t1 = Clock::now();
    write_output(json, [&](std::ostream& out) { write_json(out, report, jo); });
    spdlog::info("wrote {} in {:.2f} s", json, seconds_since(t1));
  }
  if (!csv_dir.empty()) {
    const auto t1 = Clock::now();
    write_csv(csv_dir, report, {jo.meetings, jo.findings, jo.priorities, threads});
    spdlog::info("wrote {} in {:.2f} s", csv_dir, seconds_since(t1));
  }
  if (pages) {
    std::optional<SupervisionPlan> plan;
    std::optional<Trend> trend;
    if (with_plan) {
      po.threads = threads;
      plan = supervision_plan(report, po);
      ho.plan = &*plan;
    }
    if (with_trend) {
      ScoreOptions lean = opt;
      lean.findings = lean.meeting_rules = lean.cell_rules = false;  // lines of totals only
      trend = score_trend(ds, period, *with_trend, policy, lean);
      ho.trend = &*trend;
    }
    ho.lang = so.lang;
    ho.priorities = jo.priorities;
    ho.threads = threads;
    const auto t1 = Clock::now();
    if (!html.empty()) write_output(html, [&](std::ostream& out) { write_html(out, report, ho); });
    if (!html_dir.empty()) {
      const auto written = write_html_dir(html_dir, report, ho);
      const auto largest =
          std::max_element(written.begin(), written.end(),
                           [](const HtmlPage& a, const HtmlPage& b) { return a.bytes < b.bytes; });
      spdlog::info("wrote {} pages to {} in {:.2f} s; the largest, {}, {:.1f} MB", written.size(), html_dir,
                   seconds_since(t1), largest->file, static_cast<double>(largest->bytes) / 1e6);
      for (const HtmlPage& p : written)
        if (p.bytes > ho.page_budget)
          spdlog::warn("{}: {} bytes, over the page budget of {}: its committee's own cells alone take more",
                       p.file, p.bytes, ho.page_budget);
    }
  }
  if (!quiet && json != "-" && html != "-") write_summary(std::cout, report, so);
  return 0;
}

}  // namespace chibo::cli
