// chibo compare: what changed between two reports.
#include "common.hpp"

#include <chibo/compare.hpp>

#include <fmt/format.h>

#include <iostream>

namespace chibo::cli {

int cmd_compare(Args& args) {
  std::vector<std::string> reports;
  std::string csv_dir;
  CompareTextOptions to;
  bool quiet = false;
  while (!args.empty()) {
    const std::string a = args.next("an argument");
    if (a == "--csv")
      csv_dir = args.next("a folder after --csv");
    else if (a == "--lang")
      to.lang = parse_language(args.next("vi or en after --lang"));
    else if (a == "--movers") {
      const int n = parse_int(args.next("a count after --movers"), "--movers");
      if (n < 0 || n > 1000) throw UsageError("--movers: expected a count from 0 to 1000");
      to.movers = static_cast<std::size_t>(n);
    } else if (a == "--quiet")
      quiet = true;
    else if (!a.empty() && a[0] == '-')
      throw UsageError(fmt::format("compare: unknown option {}", a));
    else
      reports.push_back(a);
  }
  if (reports.size() != 2) throw UsageError("compare: expected two JSON reports (chibo score --json)");
  const ReportScores a = read_report_scores(reports[0]);
  const ReportScores b = read_report_scores(reports[1]);
  const Comparison c = compare_reports(a, b);
  if (!csv_dir.empty()) write_comparison_csv(csv_dir, c);
  if (!quiet) write_comparison_text(std::cout, c, to);
  return 0;
}

}  // namespace chibo::cli
