// The report as HTML a board, a committee or a secretary opens from a USB stick on an office
// computer: self-contained pages (no network, no framework; inline CSS and SVG).
#pragma once

#include <chibo/plan.hpp>
#include <chibo/report.hpp>
#include <chibo/trend.hpp>

#include <cstdint>
#include <filesystem>
#include <ostream>
#include <string>
#include <vector>

namespace chibo {

struct HtmlOptions {
  Language lang = Language::vi;
  std::size_t priorities = 3;  ///< each cell's first priorities shown
  /// write_html: the unit the page is about (an org unit row) and everything below it;
  /// no_index: every root.
  Index root = no_index;
  /// A supervision plan drawn from the same report (supervision_plan): each committee's cells
  /// with their cadres and visits, each cell's cadre. Not shown when null.
  const SupervisionPlan* plan = nullptr;
  /// The report's period scored by steps (score_trend over the same dataset and policy): a
  /// line of each committee's total by step. Not shown when null.
  const Trend* trend = nullptr;
  /// write_html_dir: the largest page, in bytes. A unit whose page would be larger shows its
  /// committees as links to pages of their own (docs/report.md, "Pages for a country").
  std::uintmax_t page_budget = 4u << 20;
  /// write_html_dir: roots written side by side; 0 = hardware concurrency.
  unsigned threads = 0;
};

/// Writes one page: the root at a glance (cells by rating, the seven measures, the annual
/// classification beside meeting quality, the trend), committees ranked with their duties, a
/// tree from the root down to each cell with its priorities, the meetings behind them and its
/// supervision plan, and a search box. Numbers carry data- attributes with their exact values,
/// for programs that read the page.
void write_html(std::ostream& out, const Report& report, const HtmlOptions& options = {});

/// A page written by write_html_dir.
struct HtmlPage {
  std::string file;       ///< its name in the folder
  Index unit = no_index;  ///< the unit it is about; no_index for index.html (every root)
  std::uintmax_t bytes = 0;
};

/// Writes a folder of linked pages for a report of any size: index.html (every root at a
/// glance, each linked to its page) and a page per root, each unit's page at most
/// `options.page_budget` bytes where its committees can be given pages of their own (a
/// committee whose own cells alone exceed it is the one page that may). Every unit is shown
/// in full on exactly one page. Returns the pages, index.html first, then each root's pages
/// from the top down; the folder is created if missing.
std::vector<HtmlPage> write_html_dir(const std::filesystem::path& folder, const Report& report,
                                     const HtmlOptions& options = {});

}  // namespace chibo
