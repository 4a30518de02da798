// Comparing two reports (so sánh): two policies on the same data, two years, with and without
// a plugin — unit by unit and rule by rule, with the ratings that moved.
#pragma once

#include <chibo/provenance.hpp>
#include <chibo/report.hpp>

#include <array>
#include <filesystem>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace chibo {

/// What a comparison reads of a `chibo-report/2` JSON report: its policy, its period and its
/// units' scores (meetings and findings are passed over).
struct ReportScores {
  std::string name;  ///< where it was read from, for messages
  std::string policy_name, policy_hash, from, to;
  std::vector<std::string> measure_ids, rule_ids;  ///< in order of first appearance
  struct Unit {
    std::string id, kind, name;
    double total = not_applicable;
    std::optional<Rating> rating;
    std::vector<double> measures;                         ///< aligned with measure_ids
    std::vector<std::pair<std::uint16_t, double>> rules;  ///< (position in rule_ids, score)
  };
  std::vector<Unit> units;
  /// The report's record of its data and rules (docs/provenance.md): what tells whether two
  /// reports were computed from the same data.
  Provenance provenance;
};

/// Reads a report's scores as it streams by; a malformed report throws std::invalid_argument
/// naming `name`, the line and the column.
ReportScores read_report_scores(std::istream& in, const std::string& name);
ReportScores read_report_scores(const std::filesystem::path& file);

/// What changed between two reports.
struct Comparison {
  const ReportScores* a = nullptr;
  const ReportScores* b = nullptr;
  struct UnitChange {
    std::size_t a = 0, b = 0;                                ///< positions in a->units, b->units
    double before = not_applicable, after = not_applicable;  ///< totals in A and B
    double delta() const noexcept { return after - before; }
  };
  std::vector<UnitChange> units;            ///< units in both, in A's order
  std::vector<std::size_t> only_a, only_b;  ///< positions of units in one report only
  struct Level {
    std::string kind;
    std::size_t units = 0, scored = 0;  ///< in both; with a total in both
    double mean_a = not_applicable, mean_b = not_applicable;
    std::size_t up = 0, down = 0;  ///< ratings that moved up (towards Tốt) or down
    /// Units by rating in A (rows: tốt, khá, trung bình, kém, none) and in B (columns).
    std::array<std::array<std::size_t, 5>, 5> moved{};
  };
  std::vector<Level> levels;  ///< by kind, in order of first appearance in A
  struct Measure {
    std::string id;
    double mean_a = not_applicable, mean_b = not_applicable;  ///< over cells scored in both
  };
  std::vector<Measure> measures;
  struct Rule {
    std::string id;
    std::size_t units_a = 0, units_b = 0;                     ///< units with a score (not N/A)
    double mean_a = not_applicable, mean_b = not_applicable;  ///< over units scored in both
    std::size_t changed = 0;                                  ///< units whose score changed
  };
  std::vector<Rule> rules;  ///< of either report, in reading order (M1.2 before M1.10)
  /// The two reports' data, table by table (A's record against B's): whether a change comes
  /// from the rules alone (same data) or from the data too.
  Verification data;
};

/// Compares two reports' scores (both must outlive the comparison).
Comparison compare_reports(const ReportScores& a, const ReportScores& b);

struct CompareTextOptions {
  Language lang = Language::vi;
  std::size_t movers = 10;  ///< units listed among those that fell and rose most
};
void write_comparison_text(std::ostream& out, const Comparison& c, const CompareTextOptions& options = {});
/// compare_units.csv (a row per unit), compare_rules.csv (a row per rule) and
/// compare_tables.csv (a row per input table) into a folder.
void write_comparison_csv(const std::filesystem::path& folder, const Comparison& c);

}  // namespace chibo
