// One HTML page of a report, and what all the pages of one report share (internal).
#pragma once

#include <chibo/html.hpp>

#include <ostream>
#include <string>
#include <unordered_map>
#include <vector>

namespace chibo::html {

/// What every page of one report shares: the tree as the report rolls up, each cell's meetings,
/// its place in the plan and each committee's planned cells.
class Site {
 public:
  Site(const Report& report, const HtmlOptions& options);

  const Report& report;
  const HtmlOptions& options;
  const Dataset& dataset;
  /// The report's provenance record as JSON for each page's head (docs/provenance.md).
  std::string provenance;
  std::vector<std::size_t> roots;  ///< unit rows, in file order
  std::vector<std::vector<std::size_t>> children;

  bool is_cell(std::size_t u) const noexcept { return dataset.org_units.kind[u] == OrgKind::cell; }
  /// A cell's <details> with its priorities, plan and meetings: the bulk of every page.
  std::string cell_block(std::size_t u) const;

  /// Units shown on a page of their own (by unit row; empty when none): their file names.
  std::vector<std::string> page_file;
  /// index.html when the pages form a folder; empty for a single page.
  std::string index_file;

  std::vector<std::vector<std::size_t>> meetings_of;    // by unit row: positions in report.meetings
  std::vector<std::size_t> plan_of;                     // by unit row: position in plan->cells, or npos
  std::vector<std::vector<std::size_t>> planned_under;  // by committee row: positions in plan->cells
  std::vector<std::vector<Date>> visits;                // by position in plan->cells
};

/// Cell blocks kept while one root's pages are laid out, so that each is rendered once.
using CellBlocks = std::unordered_map<std::size_t, std::string>;

/// A page about `roots` (one unit, or every root): units with a page of their own
/// (Site::page_file) other than `self`, the unit the page is, are shown as links.
class Page {
 public:
  Page(const Site& site, std::vector<std::size_t> roots, std::size_t self, CellBlocks* blocks = nullptr);
  void write(std::ostream& out);

 private:
  std::string title() const;
  void breadcrumbs();
  void overview();
  void card(const char* id, const char* label, double value, const std::string& text);
  void classification();
  void trend_chart();
  void plan_cards();
  void committees();
  void add_committees(std::size_t u, std::vector<std::size_t>& out) const;
  void tree();
  void unit(std::size_t u, bool open);
  void link(std::size_t u);
  void committee_plan(std::size_t u);
  bool linked(std::size_t u) const;
  void collect_cells(std::size_t u);

  const Site& site_;
  const Report& r_;
  const Language l_;
  const Dataset& ds_;
  std::vector<std::size_t> roots_, cells_;
  std::size_t self_;
  CellBlocks* blocks_;
  std::ostream* out_ = nullptr;
};

/// An SVG line of a unit's totals by step (0–100 on a fixed scale, so lines compare), with the
/// exact values in data-trend; empty without a trend.
std::string sparkline(const Site& site, std::size_t u);

}  // namespace chibo::html
