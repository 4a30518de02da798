// The report as one self-contained HTML page: what a board, a committee or a secretary opens
// from a USB stick on an office computer (no network, no framework; inline CSS and SVG).
#pragma once

#include <chibo/report.hpp>

#include <ostream>

namespace chibo {

struct HtmlOptions {
  Language lang = Language::vi;
  std::size_t priorities = 3;  ///< each cell's first priorities shown
  /// The unit the page is about (an org unit row) and everything below it; no_index: every root.
  Index root = no_index;
};

/// Writes the page: the root at a glance (cells by rating, the seven measures, the annual
/// classification beside meeting quality), committees ranked with their duties, a tree from the
/// root down to each cell with its priorities and the meetings behind them, and a search box.
/// Numbers carry data- attributes with their exact values, for programs that read the page.
void write_html(std::ostream& out, const Report& report, const HtmlOptions& options = {});

}  // namespace chibo
