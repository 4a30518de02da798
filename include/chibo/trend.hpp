// Trends (diễn biến): a range cut into months, quarters or years, every step scored in one
// pass, and what changed from step to step and from year to year.
#pragma once

#include <chibo/engine.hpp>
#include <chibo/report.hpp>

#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace chibo {

enum class StepLength : std::uint8_t { month, quarter, year };

/// The calendar months, quarters or years a range overlaps, each clipped to the range.
std::vector<Period> steps_of(const Period& range, StepLength by);

/// A step's name: 2025-03, 2025-Q1 or 2025.
std::string step_label(const Period& step, StepLength by);

/// Every step of a range scored (score_periods): the reports in step order.
struct Trend {
  StepLength by = StepLength::month;
  std::vector<Report> steps;

  /// Steps back to the same step a year earlier (12 months, 4 quarters, 1 year).
  std::size_t year_back() const noexcept {
    return by == StepLength::month ? 12 : by == StepLength::quarter ? 4 : 1;
  }
  /// A unit's total in a step (NaN when it has none).
  double total(std::size_t step, std::size_t unit_pos) const noexcept {
    return steps[step].units[unit_pos].total;
  }
};

/// Scores a dataset over a range by steps.
Trend score_trend(const Dataset& dataset, const Period& range, StepLength by, const Policy& policy,
                  const ScoreOptions& options = {});

/// A unit's change of total between two steps.
struct Change {
  std::size_t unit_pos = 0;
  double before = not_applicable, after = not_applicable;
  double delta() const noexcept { return after - before; }
};

/// Units of a kind (cells, or committees) whose total fell (or rose) most from step `from` to
/// step `to`, at most `n`, largest change first, then in file order. Units without a total in
/// either step are left out.
std::vector<Change> largest_changes(const Trend& trend, std::size_t from, std::size_t to, bool cells,
                                    bool falls, std::size_t n);

struct TrendTextOptions {
  Language lang = Language::vi;
  std::size_t movers = 10;  ///< units listed among those that fell and rose most
};
/// The trend as a committee reads it: each root's total by step with its change and its change
/// over a year, then the committees and cells that fell and rose most over the last step.
void write_trend_text(std::ostream& out, const Trend& trend, const TrendTextOptions& options = {});
/// trend.csv: a row per unit and step (total, rating, measures, change since the previous step
/// and since the same step a year before).
void write_trend_csv(const std::filesystem::path& folder, const Trend& trend);
/// `chibo-trend/1` JSON (docs/trend.md).
void write_trend_json(std::ostream& out, const Trend& trend);

}  // namespace chibo
