// The rulebook's aggregation, one for a meeting and for a cell: rule scores by measure, then
// measures into a total (internal).
#pragma once

#include <chibo/policy.hpp>
#include <chibo/rule.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace chibo::detail {

/// Σ w·s / Σ w over entries with a score and a positive weight; NaN when none.
struct WeightedMean {
  double num = 0, den = 0;
  void add(double score, double weight) noexcept {
    if (is_na(score) || weight <= 0) return;
    num += weight * score;
    den += weight;
  }
  double value() const noexcept { return den > 0 ? num / den : not_applicable; }
};

/// A subject's rule scores gathered by measure (weights of the rules), then its total over the
/// measures (weights of the measures). Up to 16 measures live on the stack: a national year
/// aggregates some 3.5 million meetings.
class MeasureScores {
 public:
  explicit MeasureScores(std::size_t measures) : count_(measures) {
    if (measures > small) {
      large_.resize(measures);
      means_ = large_.data();
    }
  }
  MeasureScores(const MeasureScores&) = delete;
  MeasureScores& operator=(const MeasureScores&) = delete;
  void add(std::size_t measure, double score, double weight) noexcept { means_[measure].add(score, weight); }
  /// The total, 0–100 (NaN when no measure has a score); each measure's score, 0–100 or NaN,
  /// into `measures_out` when given.
  double total(std::span<const double> measure_weights, double* measures_out = nullptr) noexcept {
    WeightedMean total;
    for (std::size_t j = 0; j < count_; ++j) {
      const double v = means_[j].value();
      if (measures_out) measures_out[j] = v * 100;
      total.add(v, measure_weights[j]);
    }
    return total.value() * 100;
  }

 private:
  static constexpr std::size_t small = 16;
  WeightedMean small_[small];
  std::vector<WeightedMean> large_;
  WeightedMean* means_ = small_;
  std::size_t count_;
};

/// Whether a cell rule makes the cell's total under a profile: rules outside totals never do,
/// nor the upper committees' under cell_total_excludes_upper_duties.
inline bool counts_in_cell_total(const RuleInfo& rule, const Profile& profile) noexcept {
  return rule.in_total && !(rule.owner == Owner::upper_committee && profile.cell_total_excludes_upper_duties);
}

/// The terms of a cell's total for each of a list of rules under one profile, by position in
/// the list: what scoring a cell and ranking its priorities both read.
struct CellTotalTerms {
  std::vector<double> weight;
  std::vector<int> measure;
  std::vector<char> counted;  // counts_in_cell_total
  CellTotalTerms(std::span<const std::uint16_t> ids, const Registry& registry, const Profile& profile) {
    for (const auto id : ids) {
      weight.push_back(profile.rules[id].weight);
      measure.push_back(registry.measure_of(id));
      counted.push_back(counts_in_cell_total(registry.rules()[id], profile));
    }
  }
};

/// What a total would gain, in points, were each rule fully met: the total is Σ_j W_j·mean_j /
/// Σ W_j over measures with a score, each mean_j = Σ w·s / Σ w over its rules, so a rule met
/// moves only its measure's mean, by w·(1 − s) / Σ w. `counted(k)` says whether rule k makes
/// this total; `rule[k]`, `weight[k]`, `score[k]` and `measure[k]` describe rule k.
template <class Counted>
void points_if_met(std::span<const double> score, std::span<const double> weight,
                   std::span<const int> measure, std::span<const double> measure_weights, Counted counted,
                   std::span<double> out) {
  std::vector<double> den(measure_weights.size(), 0);
  for (std::size_t k = 0; k < score.size(); ++k)
    if (counted(k) && weight[k] > 0 && !is_na(score[k]))
      den[static_cast<std::size_t>(measure[k])] += weight[k];
  double weights = 0;
  for (std::size_t j = 0; j < den.size(); ++j)
    if (den[j] > 0 && measure_weights[j] > 0) weights += measure_weights[j];
  for (std::size_t k = 0; k < score.size(); ++k) {
    out[k] = 0;
    if (weights <= 0 || !counted(k) || weight[k] <= 0 || is_na(score[k]) || score[k] >= 1) continue;
    const auto j = static_cast<std::size_t>(measure[k]);
    if (measure_weights[j] > 0)
      out[k] = 100 * measure_weights[j] * weight[k] * (1 - score[k]) / den[j] / weights;
  }
}

}  // namespace chibo::detail
