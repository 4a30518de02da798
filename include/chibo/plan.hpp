// Supervision plans (kế hoạch giám sát): which cadre of which committee helps which cell that
// needs it, chosen as a minimum-cost flow, so that the plan is optimal rather than greedy.
#pragma once

#include <chibo/engine.hpp>
#include <chibo/report.hpp>

#include <filesystem>
#include <ostream>

#include <cstdint>
#include <string>
#include <vector>

namespace chibo {

/// One assignment problem: cadres, each with a capacity (cells they can take on), cells, each
/// with the cost of leaving it uncovered, and the arcs of who may serve whom at what cost.
/// Costs are whole numbers ≥ 0; leaving a cell uncovered must cost more than any arc for
/// coverage to pay.
struct AssignmentProblem {
  struct Arc {
    std::uint32_t cadre = 0, cell = 0;
    std::int64_t cost = 0;
  };
  std::vector<std::uint32_t> capacity;  ///< per cadre
  std::vector<std::int64_t> uncovered;  ///< per cell: the cost of leaving it without a cadre
  std::vector<Arc> arcs;
};

/// The assignment of least total cost (arcs taken plus cells left uncovered): each cadre at
/// most its capacity, each cell at most one cadre. For each cell, the cadre (an index into
/// `capacity`) or UINT32_MAX when it is left uncovered. Solved with Boost.Graph's successive
/// shortest paths over source → cadres → cells → sink, and a path source → "uncovered" → cell
/// priced at each cell's penalty, so that every cell is either served or paid for.
std::vector<std::uint32_t> solve_assignment(const AssignmentProblem& problem);

/// Why a cell needs an upper-level cadre's help, most urgent first.
enum class Need : std::uint8_t {
  weak,    ///< yếu kém per the rulebook
  kem,     ///< its meetings rated Kém
  duties,  ///< its own priorities include measure 5 or 7 (the upper committee's part)
};

/// Why a cell that needs help has no cadre in the plan.
enum class Uncovered : std::uint8_t {
  no,           ///< it has one
  no_cadre,     ///< no committee above it has a cadre
  cadres_full,  ///< every cadre of the committees above it has its full number of cells
};

struct PlanOptions {
  std::uint32_t capacity = 3;  ///< cells a cadre takes on at most
  /// The year the visits are planned for; 0: the year after the report's period ends (a plan
  /// drawn from a year's results is for the next one).
  int calendar_year = 0;
  /// Worker threads (trees are planned side by side); 0 = hardware concurrency.
  unsigned threads = 0;
};

/// A cell that needs help and who is to give it.
struct PlannedCell {
  Index cell = no_index;  ///< org unit row
  Need need = Need::duties;
  Index cadre = no_index;  ///< cadre row; no_index when nobody can be given
  bool kept = false;       ///< the cadre already supervises the cell (assignments.csv)
  Uncovered uncovered = Uncovered::no;
};

/// The supervision plan of a report's period: the cells that need help (weak, rated Kém, or
/// whose priorities are their committees' duties), each given a cadre of a committee above it
/// in the structure of the period's last day, each cadre at most `capacity` cells. Optimal
/// (solve_assignment): the weakest covered first; then nearer committees, standing-committee
/// members for weak and Kém cells, and assignments already in force are preferred.
std::vector<PlannedCell> plan_supervision(const Report& report, const PlanOptions& options = {});

/// A cadre's visit to a cell's meeting (dự sinh hoạt chi bộ).
struct Visit {
  Index cadre = no_index;  ///< cadre row
  Index cell = no_index;   ///< org unit row
  Date date;
};

/// The day of the month a cell usually meets on: the day most of its regular meetings up to
/// `until` fell on (the earliest of equals); 0 when it has none.
int usual_meeting_day(const Dataset& dataset, Index cell, Date until);

/// The visits of a plan over `year`: each covered cell visited once a quarter (what M5.1 asks
/// of every cell and M7.2 of a weak one), on its usual meeting day, a cadre's cells in different
/// months of the quarter where they fit, never in the Tết holiday (tet_holiday). `until`: the
/// last day whose meetings teach the usual days. By cadre row, then date.
std::vector<Visit> plan_visits(const Dataset& dataset, const std::vector<PlannedCell>& cells, int year,
                               Date until);

/// A supervision plan with its calendar.
struct SupervisionPlan {
  std::vector<PlannedCell> cells;  ///< weakest first, then in the report's order
  std::vector<Visit> visits;       ///< by cadre row, then date
  int year = 0;                    ///< of the visits
  std::uint32_t capacity = 0;
};

/// plan_supervision and plan_visits for one report.
SupervisionPlan supervision_plan(const Report& report, const PlanOptions& options = {});

/// The plan as a committee reads it: counts, then each committee's cells with their cadre and
/// visit dates (docs/plan.md).
void write_plan_text(std::ostream& out, const Report& report, const SupervisionPlan& plan,
                     Language lang = Language::vi);
/// plan.csv (a row per cell that needs help) and visits.csv (a row per visit) into a folder.
void write_plan_csv(const std::filesystem::path& folder, const Report& report, const SupervisionPlan& plan);
/// `chibo-plan/1` JSON (docs/plan.md).
void write_plan_json(std::ostream& out, const Report& report, const SupervisionPlan& plan);

}  // namespace chibo
