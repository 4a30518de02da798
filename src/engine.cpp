// The engine: facts from the dataset, rules from the registry, aggregation from the rulebook.
#include <chibo/engine.hpp>

#include <spdlog/spdlog.h>

#include "aggregate.hpp"
#include "cell_scorer.hpp"
#include "parallel.hpp"
#include "timing.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

namespace chibo {

std::size_t Report::measure_count() const noexcept {
  return policy ? policy->registry().measures().size() : 0;
}
std::span<const double> Report::measures_of(std::size_t unit_pos) const noexcept {
  const std::size_t n = measure_count();
  return std::span<const double>(unit_measures).subspan(unit_pos * n, n);
}
std::span<const double> Report::rules_of(std::size_t unit_pos) const noexcept {
  return std::span<const double>(unit_rules)
      .subspan(unit_rules_offset[unit_pos], unit_rules_offset[unit_pos + 1] - unit_rules_offset[unit_pos]);
}
std::span<const double> Report::rules_of_meeting(std::size_t meeting_pos) const noexcept {
  if (meeting_rules.empty()) return {};
  const std::size_t n = meeting_rule_ids().size();
  return std::span<const double>(meeting_rules).subspan(meeting_pos * n, n);
}
std::span<const std::uint16_t> Report::unit_rule_ids(bool cell) const noexcept {
  return cell ? cell_rule_ids : committee_rule_ids;
}
std::span<const std::uint16_t> Report::meeting_rule_ids() const noexcept {
  return policy->registry().scored(Level::meeting);
}

namespace detail {

struct ByUnit {
  bool operator()(const Finding& f, Index u) const noexcept { return f.unit < u; }
  bool operator()(Index u, const Finding& f) const noexcept { return u < f.unit; }
};

// Findings counted by rule on one thread, and the units that had any.
struct FindingTally {
  std::uint64_t total = 0;
  std::vector<std::uint64_t> by_rule;
  std::vector<std::uint32_t> units_by_rule;
  std::vector<Index> last_unit;  // by rule: the last unit counted
  explicit FindingTally(std::size_t rules)
      : by_rule(rules, 0), units_by_rule(rules, 0), last_unit(rules, no_index) {}
  void add(const Finding& f) {
    ++total;
    ++by_rule[f.rule];
    if (last_unit[f.rule] != f.unit) {
      last_unit[f.rule] = f.unit;
      ++units_by_rule[f.rule];
    }
  }
};

// A table of a report, to be filled with `value`: reserved at once, with jobs that fault its
// pages in on every thread (add_fault_in_jobs) before fill() writes it. A national report's
// tables are 0.6 GB, most of it the meeting rules'.
class TableFill {
 public:
  TableFill(std::vector<double>& table, std::size_t n, double value, std::vector<std::function<void()>>& jobs)
      : table_(table), n_(n), value_(value) {
    table.reserve(n);
    detail::advise_huge_pages(table.data(), n * sizeof(double));
    detail::add_fault_in_jobs(jobs, table.data(), n * sizeof(double));
  }
  void fill() const { table_.assign(n_, value_); }

 private:
  std::vector<double>& table_;
  std::size_t n_;
  double value_;
};

class Engine {
 public:
  Engine(const Dataset& ds, const Period& period, const Policy& policy, const ScoreOptions& opt)
      : ds_(ds),
        period_(period),
        policy_(policy),
        reg_(policy.registry()),
        opt_(opt),
        final_(policy.in_force(period.to)),
        tree_(ds.tree_on(period.to)),
        scorer_(std::make_shared<CellScorer>(ds, period, policy)) {}

  /// The report's tables, before any cell is scored.
  void begin(unsigned threads) {
    detail::Laps lap("score");
    Report& r = r_;
    r.dataset = &ds_;
    r.policy = &policy_;
    r.period = period_;
    r.scorer_ = scorer_;
    r.tree_ = tree_;
    const auto meeting_ids = reg_.scored(Level::meeting);
    r.cell_rule_ids = scorer_->cell_rule_ids();
    r.duty_rule_ids = scorer_->duty_rule_ids();
    const auto committee_ids = reg_.scored(Level::committee);
    r.committee_rule_ids.assign(committee_ids.begin(), committee_ids.end());
    r.cell_rules_ = opt_.cell_rules;
    const std::size_t cell_width = opt_.cell_rules ? r.cell_rule_ids.size() : 0;

    const std::size_t units = ds_.org_units.size();
    const std::size_t measures = reg_.measures().size();
    // Meetings of the period, in file order.
    meeting_pos_.assign(ds_.meetings.size(), no_index);
    Index kept = 0;
    for (Index m = 0; m < ds_.meetings.size(); ++m)
      if (period_.contains(ds_.meetings.date[m])) meeting_pos_[m] = kept++;
    r.meetings.reserve(kept);  // one allocation, of the period's meetings only
    detail::advise_huge_pages(r.meetings.data(), kept * sizeof(r.meetings.front()));

    // Where each unit's rule scores start: the units' rules table's size.
    r.unit_rules_offset.resize(units + 1, 0);
    for (Index u = 0; u < units; ++u) {
      const bool cell = ds_.org_units.kind[u] == OrgKind::cell;
      r.unit_rules_offset[u + 1] = r.unit_rules_offset[u] + (cell ? cell_width : r.committee_rule_ids.size());
    }

    std::vector<std::function<void()>> jobs;
    // The long jobs first: the pages' jobs, many and short, even out the threads' ends.
    jobs.emplace_back([&] {
      r.units.resize(units);
      for (Index u = 0; u < units; ++u) r.units[u].unit = u;
    });
    jobs.emplace_back([&] {
      for (Index m = 0; m < ds_.meetings.size(); ++m)
        if (meeting_pos_[m] != no_index) r.meetings.push_back({m, 0, not_applicable, std::nullopt});
    });
    const std::size_t meeting_cells = opt_.meeting_rules ? kept * meeting_ids.size() : 0;
    const TableFill fills[] = {
        {r.unit_measures, units * measures, not_applicable, jobs},
        {r.unit_rules, r.unit_rules_offset[units], not_applicable, jobs},
        {r.unit_duty_points, units * r.duty_rule_ids.size(), 0, jobs},
        {r.meeting_rules, meeting_cells, not_applicable, jobs},
    };
    detail::run_parallel(jobs, threads);
    jobs.clear();
    for (const TableFill& f : fills) jobs.emplace_back([&f] { f.fill(); });
    detail::run_parallel(jobs, threads);
    lap("report tables");
    stats_.resize(units);
    findings_.resize(threads);
    tallies_.assign(threads, FindingTally(reg_.rules().size()));
  }

  /// Scores one cell (an org unit row) on a worker; each thread counts its cells' findings and
  /// lets them go.
  void score_cell(Index cell, CellScratch& scratch, std::size_t worker) {
    auto& findings = findings_[worker];
    findings.clear();
    stats_[cell] = scorer_->score(cell, scratch, {&r_, meeting_pos_, opt_.findings ? &findings : nullptr});
    for (const Finding& f : findings) tallies_[worker].add(f);
  }

  /// The committees rolled up from the scored cells, and the findings counted.
  Report finish() {
    detail::Laps lap("score");
    Report& r = r_;
    roll_up(r);
    const std::size_t rule_count = reg_.rules().size();
    if (opt_.findings)
      for (const Finding& f : r.committee_findings_) tallies_.front().add(f);
    r.findings_by_rule_.assign(rule_count, 0);
    r.units_by_rule_.assign(rule_count, 0);
    for (const auto& t : tallies_) {
      r.finding_count_ += t.total;
      for (std::size_t k = 0; k < rule_count; ++k) {
        r.findings_by_rule_[k] += t.by_rule[k];
        r.units_by_rule_[k] += t.units_by_rule[k];
      }
    }
    lap("committees rolled up");
    return std::move(r_);
  }

 private:
  void roll_up(Report& r) {
    const std::size_t units = ds_.org_units.size();
    const std::size_t measures = reg_.measures().size();
    const auto rules = reg_.rules();
    const auto& tree = *tree_;
    for (Index u = 0; u < units; ++u) {
      if (ds_.org_units.kind[u] == OrgKind::cell) continue;
      const auto cells = tree.cells_below(u);
      UnitScore& us = r.units[u];
      double total = 0;
      std::size_t n = 0;
      std::vector<double> msum(measures, 0);
      std::vector<std::size_t> mcount(measures, 0);
      const std::size_t duties = r.duty_rule_ids.size();
      double duty = 0;
      std::size_t served = 0;
      double* points = r.unit_duty_points.data() + static_cast<std::size_t>(u) * duties;
      CommitteeFacts cf;
      cf.unit = u;
      cf.kind = ds_.org_units.kind[u];
      cf.period = period_;
      cf.cells = cells;
      for (Index c : cells) {
        const UnitScore& cs = r.units[c];
        if (!is_na(cs.total)) {
          total += cs.total;
          ++n;
        }
        if (cs.rating) ++us.ratings[static_cast<std::size_t>(*cs.rating)];
        if (!is_na(cs.duty)) {
          duty += cs.duty;
          ++served;
          const double* cp = r.unit_duty_points.data() + static_cast<std::size_t>(c) * duties;
          for (std::size_t k = 0; k < duties; ++k) points[k] += cp[k];
        }
        const double* cm = r.unit_measures.data() + c * measures;
        for (std::size_t j = 0; j < measures; ++j)
          if (!is_na(cm[j])) {
            msum[j] += cm[j];
            ++mcount[j];
          }
        if (stats_[c].weak) {
          ++cf.weak_cells;
          cf.weak_cell_visits += stats_[c].supervision_visits;
        } else {
          ++cf.other_cells;
          cf.other_cell_visits += stats_[c].supervision_visits;
        }
      }
      us.total = n ? total / static_cast<double>(n) : not_applicable;
      us.duty = served ? duty / static_cast<double>(served) : not_applicable;
      for (std::size_t k = 0; k < duties && served; ++k) points[k] /= static_cast<double>(served);
      if (n) us.rating = final_.rate(us.total, true);
      double* mo = r.unit_measures.data() + u * measures;
      for (std::size_t j = 0; j < measures; ++j)
        mo[j] = mcount[j] ? msum[j] / static_cast<double>(mcount[j]) : not_applicable;
      std::span<double> out(r.unit_rules.data() + r.unit_rules_offset[u], r.committee_rule_ids.size());
      for (std::size_t k = 0; k < r.committee_rule_ids.size(); ++k) {
        const auto id = r.committee_rule_ids[k];
        const RuleSettings& s = final_.rules[id];
        if (s.weight <= 0) continue;
        const Outcome o = run_rule(rules[id], {&ds_, &r}, cf, s);
        out[k] = o.score;
        if (o.error) r.committee_findings_.push_back(failure_finding(id, o, u, no_index));
        if (o.applicable() && o.score < 1)
          r.committee_findings_.push_back(make_finding(id, o, s, false, u, no_index));
      }
    }
  }

  const Dataset& ds_;
  Period period_;
  const Policy& policy_;
  const Registry& reg_;
  ScoreOptions opt_;
  const Profile& final_;
  std::shared_ptr<const OrgTree> tree_;
  std::shared_ptr<const CellScorer> scorer_;
  std::vector<Index> meeting_pos_;
  std::vector<CellStats> stats_;
  Report r_;
  std::vector<std::vector<Finding>> findings_;  // by worker
  std::vector<FindingTally> tallies_;           // by worker
};

/// Scores the cells of a dataset for each engine in one pass: a cell's data is read into the
/// cache once and scored for every period while it is there.
void score_cells(std::vector<Engine*> engines, const Dataset& ds, unsigned threads) {
  detail::Laps lap("score");
  std::vector<Index> cells;
  for (Index u = 0; u < ds.org_units.size(); ++u)
    if (ds.org_units.kind[u] == OrgKind::cell) cells.push_back(u);
  std::vector<CellScratch> scratch(threads);
  constexpr std::size_t chunk = 64;
  detail::for_each_chunk((cells.size() + chunk - 1) / chunk, threads, [&](std::size_t c, std::size_t w) {
    for (std::size_t i = c * chunk; i < std::min(cells.size(), (c + 1) * chunk); ++i)
      for (Engine* e : engines) e->score_cell(cells[i], scratch[w], w);
  });
  lap("meetings and cells");
}

}  // namespace detail

const OrgTree& Report::tree() const noexcept {
  return tree_ ? *tree_ : dataset->tree();
}

Index Report::parent_of(Index unit) const noexcept {
  const auto p = tree().parent(unit);
  return p ? *p : no_index;
}

std::vector<Finding> Report::findings_of(std::size_t unit_pos) const {
  std::vector<Finding> out;
  const Index unit = units[unit_pos].unit;
  if (dataset->org_units.kind[unit] == OrgKind::cell) {
    if (scorer_) scorer_->findings(unit, out);  // (a report not made by score() has none)
    return out;
  }
  const auto [b, e] =
      std::equal_range(committee_findings_.begin(), committee_findings_.end(), unit, detail::ByUnit{});
  out.assign(b, e);
  return out;
}

namespace {

void check_period(const Period& period) {
  if (period.from.is_special() || period.to.is_special() || period.to < period.from)
    throw std::invalid_argument("score: the period needs from ≤ to");
}

// Runs `scoring`, then warns of the plugin rules that failed on some subjects meanwhile.
template <class Scoring>
auto warning_of_plugin_failures(const Policy& policy, Scoring scoring) {
  const auto rules = policy.registry().rules();
  std::vector<std::size_t> failed_before(rules.size(), 0);
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rules[i].external) failed_before[i] = rules[i].external->failures();
  auto result = scoring();
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rules[i].external && rules[i].external->failures() > failed_before[i])
      spdlog::warn("plugin rule {} failed on {} subjects (error findings say why); their score is N/A",
                   rules[i].id, rules[i].external->failures() - failed_before[i]);
  return result;
}

}  // namespace

Report score(const Dataset& dataset, const Period& period, const Policy& policy,
             const ScoreOptions& options) {
  check_period(period);
  spdlog::debug("scoring {} meetings of {} units", dataset.meetings.size(), dataset.org_units.size());
  return warning_of_plugin_failures(policy, [&] {
    const unsigned threads = detail::thread_count(options.threads);
    detail::Engine engine(dataset, period, policy, options);
    engine.begin(threads);
    detail::score_cells({&engine}, dataset, threads);
    return engine.finish();
  });
}

std::vector<Report> score_periods(const Dataset& dataset, std::span<const Period> periods,
                                  const Policy& policy, const ScoreOptions& options) {
  for (const Period& p : periods) check_period(p);
  return warning_of_plugin_failures(policy, [&] {
    const unsigned threads = detail::thread_count(options.threads);
    std::vector<std::unique_ptr<detail::Engine>> engines;
    std::vector<detail::Engine*> all;
    for (const Period& p : periods) {
      engines.push_back(std::make_unique<detail::Engine>(dataset, p, policy, options));
      engines.back()->begin(threads);
      all.push_back(engines.back().get());
    }
    detail::score_cells(all, dataset, threads);
    std::vector<Report> reports;
    for (auto& e : engines) reports.push_back(e->finish());
    return reports;
  });
}

MeetingResult score_meeting(const Dataset& dataset, Index meeting, const Policy& policy) {
  if (meeting >= dataset.meetings.size()) throw std::out_of_range("score_meeting: no such meeting");
  MeetingResult result;
  result.facts = meeting_facts(dataset, meeting);
  result.rules.assign(policy.registry().scored(Level::meeting).size(), not_applicable);
  detail::evaluate_meeting(result.facts, {&dataset, nullptr}, policy, detail::MeetingPlan::of(policy),
                           result.rules, result.score, &result.findings);
  return result;
}

}  // namespace chibo
