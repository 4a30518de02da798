// Writers: the JSON report of the data contract, CSV tables, and the terminal summary.
#pragma once

#include <chibo/engine.hpp>

#include <filesystem>
#include <ostream>
#include <string>

namespace chibo {

enum class Language : std::uint8_t { vi, en };

/// The message of a finding in a language, with its evidence filled in.
std::string render_message(const Dataset& dataset, const Policy& policy, const Finding& finding,
                           Language lang);
inline std::string render_message(const Report& report, const Finding& finding, Language lang) {
  return render_message(*report.dataset, *report.policy, finding, lang);
}

/// How a report lists findings: not at all, one item per unit and rule (FindingGroup), or one
/// per meeting, member and rule as the rules found them.
enum class FindingsStyle : std::uint8_t { none, grouped, detail };

struct JsonOptions {
  bool meetings = true;
  FindingsStyle findings = FindingsStyle::grouped;
  /// Each cell's priorities listed with it (priorities_of).
  std::size_t priorities = 3;
  /// Threads rendering blocks of units, meetings and findings (written in order, so the text
  /// does not depend on it); 0 = hardware concurrency.
  unsigned threads = 0;
};
/// Writes `chibo-report/2` (docs/report.md) to a stream, streaming: the text is never held whole,
/// nor are the findings (each block of cells makes its own again).
void write_json(std::ostream& out, const Report& report, const JsonOptions& options = {});

struct CsvOptions {
  bool meetings = true;                             ///< write meetings.csv
  FindingsStyle findings = FindingsStyle::grouped;  ///< findings.csv, in this style (none: no file)
  std::size_t priorities = 3;                       ///< in units.csv
  unsigned threads = 0;
};
/// Writes rules.csv, units.csv, meetings.csv and findings.csv into a folder (created if missing).
void write_csv(const std::filesystem::path& folder, const Report& report, const CsvOptions& options = {});

struct SummaryOptions {
  Language lang = Language::vi;
  std::size_t worst_cells = 10;
  std::size_t common_findings = 10;
  std::size_t priorities = 3;  ///< shown for each of the weakest cells, and counted over all
  /// Committees listed per level: a longer level shows its first and last halves (0: all).
  std::size_t ranked = 20;
};
/// A readable summary: cells by meeting quality, the annual classification beside it, each
/// level of committees below the root ranked by the mean of their cells, the cells with the
/// lowest scores with their priorities, and the priorities and shortfalls most cells share. From the report's
/// scores and counts: no finding is made again.
void write_summary(std::ostream& out, const Report& report, const SummaryOptions& options = {});

}  // namespace chibo
