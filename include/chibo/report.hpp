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

struct JsonOptions {
  bool meetings = true;
  bool findings = true;
  /// Threads rendering blocks of units, meetings and findings (written in order, so the text
  /// does not depend on it); 0 = hardware concurrency.
  unsigned threads = 0;
};
/// Writes `chibo-report/1` (docs/report.md) to a stream, streaming: the text is never held whole.
void write_json(std::ostream& out, const Report& report, const JsonOptions& options = {});

struct CsvOptions {
  bool meetings = true;  ///< write meetings.csv
  bool findings = true;  ///< write findings.csv
};
/// Writes units.csv, meetings.csv and findings.csv into a folder (created if missing).
void write_csv(const std::filesystem::path& folder, const Report& report, const CsvOptions& options = {});

struct SummaryOptions {
  Language lang = Language::vi;
  std::size_t worst_cells = 10;
  std::size_t common_findings = 10;
};
/// A readable summary: rating counts, districts ranked, the worst cells, the most common findings.
void write_summary(std::ostream& out, const Report& report, const SummaryOptions& options = {});

}  // namespace chibo
