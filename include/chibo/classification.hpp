// The official annual classification (xếp loại chất lượng hằng năm, Quy định 124: htxsnv,
// httnv, htnv, khtnv) beside chibo's meeting quality: where a cell is classified well but meets
// poorly, the classification deserves a second look ("đánh giá chưa đúng thực chất").
#pragma once

#include <chibo/engine.hpp>

#include <array>
#include <cstdint>
#include <span>
#include <vector>

namespace chibo {

struct ClassificationTable {
  int year = 0;  ///< the classification's year: that of the period's last day
  /// Cells by classification (htxsnv … khtnv) and meeting-quality rating (tot … kem).
  std::array<std::array<std::uint32_t, 4>, 4> cells{};
  std::size_t classified = 0;  ///< cells with both a classification and a rating
  /// Cells classified httnv or better whose meetings are Kém (positions in Report::units),
  /// lowest total first.
  std::vector<std::size_t> doubtful;
};

/// The cross-table of a report's cells (ratings.csv for the period's last year).
ClassificationTable classification_beside_quality(const Report& report);
/// The same over some of its units (positions in Report::units; committees are passed over).
ClassificationTable classification_beside_quality(const Report& report, std::span<const std::size_t> units);

}  // namespace chibo
