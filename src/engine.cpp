// The engine: facts from the dataset, rules from the registry, aggregation from the rulebook.
#include <chibo/engine.hpp>
#include <chibo/unicode.hpp>

#include <spdlog/spdlog.h>

#include "parallel.hpp"
#include "timing.hpp"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <string_view>
#include <thread>
#include <unordered_map>

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

namespace {

constexpr std::uint8_t no_status = 0xFF;

bool is_present_code(std::uint8_t s) {
  return s != no_status && is_present(static_cast<AttendanceStatus>(s));
}

/// A member's eligibility dates as day numbers, so that a meeting tests each member with four
/// integer comparisons instead of going through Boost's date objects for each.
/// Boost compares dates by their day numbers, special values included (not-a-date is just
/// below +∞, −∞ is 0); the unset dates that Members::is_eligible_on tests for get the numbers
/// that give the same answers.
struct MemberDays {
  std::uint32_t joined = 0, left = UINT32_MAX, exempt_from = UINT32_MAX, exempt_to = UINT32_MAX;

  static MemberDays of(const Members& mem, Index m) noexcept {
    MemberDays d;
    d.joined = mem.joined_on[m].day_number();  // as Boost's joined_on ≤ day, even when special
    if (!mem.left_on[m].is_special()) d.left = mem.left_on[m].day_number();  // unset: never left
    const Date from = mem.exempt_from[m], to = mem.exempt_to[m];
    if (!from.is_special()) d.exempt_from = from.day_number();  // unset: never exempt
    if (!to.is_special()) d.exempt_to = to.day_number();        // unset: open-ended
    return d;
  }
  /// Members::is_eligible_on for a real day (not a special value).
  bool eligible_on(std::uint32_t day) const noexcept {
    return (joined <= day) & (day < left) & !((exempt_from <= day) & (day <= exempt_to));
  }
};

/// Per-thread scratch sized to the largest cell, reset after each meeting.
struct Scratch {
  std::vector<std::uint8_t> status, spoke, has_task;
  std::vector<MemberDays> days;  ///< of the cell's members, by slot (the engine fills it per cell)
  std::vector<double> rules;     ///< a meeting's rule scores, when the report does not keep them
  std::vector<MeetingFacts> meeting_facts;  ///< the cell's, for plugin cell rules
  std::vector<Index> members_on_end;        ///< the cell's on P.to, for plugin cell rules
  /// Topic keys already computed, by topic text (which lives in the dataset): cells take their
  /// topics from the same few directions, and a key costs ICU case folding and NFC.
  std::unordered_map<std::string_view, std::string> topic_keys;
  const std::string& topic_key_of(std::string_view topic) {
    auto [it, added] = topic_keys.try_emplace(topic);
    if (added) it->second = topic_key(topic);
    return it->second;
  }
  void fit(std::size_t n) {
    if (status.size() < n) {
      status.assign(n, no_status);
      spoke.assign(n, 0);
      has_task.assign(n, 0);
    }
  }
};

/// Where a meeting in a counted month marks, per member slot, that the member was eligible,
/// absent without a reason, or present or excused (M1.4): one bit of a month in a year's mask.
struct AbsenceMarks {
  std::uint16_t* eligible;
  std::uint16_t* unexcused;
  std::uint16_t* attended;
  std::size_t stride;  ///< years in the period
  std::size_t year;    ///< this meeting's year, from the period's first
  std::uint16_t bit;   ///< this meeting's month
  std::uint16_t& at(std::uint16_t* masks, std::size_t slot) const noexcept {
    return masks[slot * stride + year];
  }
};

/// The facts of one meeting; with `marks`, also its M1.4 bookkeeping, from the same pass. With
/// `days` (the cell's MemberDays by slot), eligibility is read from them.
MeetingFacts compute_meeting_facts(const Dataset& ds, Index m, Scratch& scratch,
                                   const AbsenceMarks* marks = nullptr, const MemberDays* days = nullptr) {
  const auto& g = ds.meetings;
  MeetingFacts f;
  f.meeting = m;
  f.cell = g.cell[m];
  f.kind = g.kind[m];
  f.date = g.date[m];
  const auto members = ds.members_of(f.cell);
  scratch.fit(members.size());

  // Columns as local pointers: stores to the byte-sized scratch may alias anything, and would
  // otherwise make the compiler reload every vector's data pointer after each one.
  const Index* const slot_of = ds.member_slot.data();
  std::uint8_t* const status = scratch.status.data();
  std::uint8_t* const spoke = scratch.spoke.data();
  std::uint8_t* const has_task = scratch.has_task.data();

  auto [ab, ae] = ds.attendance_by_meeting.range(m);
  const Index* const att_member = ds.attendance.member.data();
  const AttendanceStatus* const att_status = ds.attendance.status.data();
  std::uint32_t attendees = 0;
  for (auto r = ab; r < ae; ++r) {
    const auto slot = slot_of[att_member[r]];
    const AttendanceStatus st = att_status[r];
    status[slot] = static_cast<std::uint8_t>(st);
    attendees += is_present(st) ? 1u : 0u;
    if (marks)
      marks->at(marks->attended, slot) |=
          static_cast<std::uint16_t>(marks->bit * (st != AttendanceStatus::absent ? 1u : 0u));
  }
  f.present = attendees;
  auto [cb, ce] = ds.contributions_by_meeting.range(m);
  const Index* const con_member = ds.contributions.member.data();
  const ContributionKind* const con_kind = ds.contributions.kind.data();
  std::uint32_t speakers = 0;
  bool criticism = false;
  for (auto r = cb; r < ce; ++r) {
    const auto slot = slot_of[con_member[r]];
    const std::uint32_t first = (is_present_code(status[slot]) ? 1u : 0u) & (spoke[slot] ^ 1u);
    spoke[slot] = static_cast<std::uint8_t>(spoke[slot] | first);
    speakers += first;
    const auto kind = con_kind[r];
    criticism |= (kind == ContributionKind::criticism) | (kind == ContributionKind::self_criticism);
  }
  f.speakers = speakers;
  f.has_criticism = criticism;
  auto [tb, te] = ds.tasks_by_meeting.range(m);
  const Index* const task_assignee = ds.tasks.assignee.data();
  const Date* const task_due = ds.tasks.due_date.data();
  f.tasks = te - tb;
  for (auto r = tb; r < te; ++r)
    if (!task_due[r].is_special()) has_task[slot_of[task_assignee[r]]] = 1;

  // Counted without branches: whether a member came is as good as random to the processor.
  const Members& mem = ds.members;
  const bool by_days = days && !f.date.is_special();
  const std::uint32_t day = by_days ? f.date.day_number() : 0;
  constexpr auto present = static_cast<std::uint8_t>(AttendanceStatus::present);
  constexpr auto late = static_cast<std::uint8_t>(AttendanceStatus::late);
  constexpr auto absent = static_cast<std::uint8_t>(AttendanceStatus::absent);
  std::uint32_t eligible = 0, came = 0, came_with_task = 0, unexcused = 0;
  for (std::size_t i = 0; i < members.size(); ++i) {
    const std::uint32_t in = by_days                                  ? days[i].eligible_on(day)
                             : mem.is_eligible_on(members[i], f.date) ? 1u
                                                                      : 0u;
    const std::uint8_t st = status[i];
    const std::uint32_t here = (st == present) | (st == late);
    const std::uint32_t away = (st == no_status) | (st == absent);
    eligible += in;
    came += in & here;
    came_with_task += in & here & (has_task[i] != 0);
    unexcused += in & away;
    if (marks) {
      marks->at(marks->eligible, i) |= static_cast<std::uint16_t>(marks->bit * in);
      marks->at(marks->unexcused, i) |= static_cast<std::uint16_t>(marks->bit * (in & away));
    }
  }
  f.eligible = eligible;
  f.present_eligible = came;
  f.present_eligible_with_task = came_with_task;
  f.unexcused = unexcused;

  f.notice_date = g.notice_date[m];
  f.prep_date = g.prep_date[m];
  f.consulted_unit_head = g.consulted_unit_head[m];
  f.content_sources = g.content_sources[m];
  f.draft_resolution = g.draft_resolution[m];
  f.notified_upper = g.notified_upper[m];
  auto [gb, ge] = ds.agenda_by_meeting.range(m);
  for (auto r = gb; r < ge; ++r) {
    const auto minutes = ds.agenda_items.minutes[r];
    f.agenda_minutes += minutes;
    const auto cat = ds.agenda_items.category[r];
    if (cat == AgendaCategory::dissemination || cat == AgendaCategory::work_report)
      f.agenda_minutes_dissemination_report += minutes;
  }
  if (g.start_time[m] != no_time && g.end_time[m] != no_time)
    f.duration_minutes = g.end_time[m] - g.start_time[m];
  for (const auto* col : {&g.minutes_attendance, &g.minutes_speakers, &g.minutes_conclusion,
                          &g.minutes_signed, &g.minutes_read_back})
    if ((*col)[m] == YesNo::yes) ++f.minutes_fields_yes;
  const Index chair = g.chair[m], recorder = g.recorder[m];
  f.chair_set = chair != no_index;
  f.recorder_set = recorder != no_index;
  f.chair_is_recorder = f.chair_set && chair == recorder;
  f.chair_present = f.chair_set && is_present_code(status[slot_of[chair]]);
  f.recorder_present = f.recorder_set && is_present_code(status[slot_of[recorder]]);
  auto [rb, re] = ds.resolutions_by_meeting.range(m);
  f.resolutions = re - rb;
  for (auto r = rb; r < re; ++r)
    if (ds.resolutions.owner[r] != no_index && !ds.resolutions.due_date[r].is_special())
      ++f.resolutions_specific;
  f.topic_source = g.topic_source[m];
  f.self_rating = g.self_rating[m];
  f.model_meeting = g.model_meeting[m];

  // Reset only what this meeting touched.
  for (auto r = ab; r < ae; ++r) status[slot_of[att_member[r]]] = no_status;
  for (auto r = cb; r < ce; ++r) spoke[slot_of[con_member[r]]] = 0;
  for (auto r = tb; r < te; ++r) has_task[slot_of[task_assignee[r]]] = 0;
  return f;
}

// A rule may set its own severity; otherwise a missed gate blocks Tốt, so it is at least a
// warning (an error at 0), and other rules are warnings below 0.5 and notes above.
Severity severity_of(const Outcome& o, bool gate) {
  if (o.severity) return *o.severity;
  if (gate) return o.score <= 0 ? Severity::error : Severity::warning;
  return o.score < 0.5 ? Severity::warning : Severity::info;
}

Finding make_finding(std::uint16_t rule, const Outcome& o, const RuleSettings& s, bool gate, Index unit,
                     Index meeting) {
  Finding f;
  f.rule = rule;
  f.severity = severity_of(o, gate);
  f.unit = unit;
  f.meeting = meeting;
  f.score = o.score;
  f.metric = o.metric;
  f.target = s.ramp.full_at;
  if (!is_na(o.metric)) {
    const bool upward = s.ramp.full_at >= s.ramp.zero_at;
    f.gap = std::max(0.0, upward ? s.ramp.full_at - o.metric : o.metric - s.ramp.full_at);
  }
  f.evidence = o.evidence;
  return f;
}

/// The error finding of a plugin rule that failed on a subject (its score is N/A).
Finding failure_finding(std::uint16_t rule, const Outcome& o, Index unit, Index meeting) {
  Finding f;
  f.rule = rule;
  f.severity = Severity::error;
  f.unit = unit;
  f.meeting = meeting;
  f.score = not_applicable;
  f.error = o.error;
  return f;
}

// A rule's function of its level, or its plugin's.
Outcome run_rule(const RuleInfo& r, const RuleContext& ctx, const CellFacts& f, const RuleSettings& s) {
  return r.cell_fn ? r.cell_fn(f, s) : r.external->cell(ctx, f, s);
}
Outcome run_rule(const RuleInfo& r, const RuleContext& ctx, const CommitteeFacts& f, const RuleSettings& s) {
  return r.committee_fn ? r.committee_fn(f, s) : r.external->committee(ctx, f, s);
}

/// Weighted mean Σ w·s / Σ w over entries with a score and a positive weight; NaN when none.
struct WeightedMean {
  double num = 0, den = 0;
  void add(double score, double weight) {
    if (is_na(score) || weight <= 0) return;
    num += weight * score;
    den += weight;
  }
  double value() const { return den > 0 ? num / den : not_applicable; }
};

/// What scoring a meeting needs of each scored meeting rule under one profile, laid out
/// contiguously with the gate looked up once: a national year scores 3.5 million meetings
/// against the same few profiles.
struct MeetingPlan {
  struct Step {
    MeetingRuleFn fn = nullptr;  ///< null with `external`: the rule is off (weight 0) under this profile
    const ExternalRule* external = nullptr;  ///< a plugin's rule
    const RuleSettings* settings = nullptr;
    std::uint16_t rule = 0;
    std::uint16_t measure = 0;
    std::array<bool, 3> kinds{};
    bool gate = false;
    bool in_total = true;
  };
  const Profile* profile = nullptr;
  std::vector<Step> steps;  ///< in the order of Registry::scored(Level::meeting)

  static std::vector<MeetingPlan> of(const Policy& policy) {
    const Registry& reg = policy.registry();
    std::vector<MeetingPlan> plans;
    for (const Profile& profile : policy.profiles()) {
      MeetingPlan plan;
      plan.profile = &profile;
      for (const std::uint16_t id : reg.scored(Level::meeting)) {
        Step step;
        step.settings = &profile.rules[id];
        if (step.settings->weight > 0) {
          step.fn = reg.rules()[id].meeting_fn;
          step.external = reg.rules()[id].external.get();
        }
        step.rule = id;
        step.measure = static_cast<std::uint16_t>(reg.measure_of(id));
        step.kinds = reg.rules()[id].kinds;
        step.gate = profile.is_gate(id, Level::meeting);
        step.in_total = reg.rules()[id].in_total;
        plan.steps.push_back(step);
      }
      plans.push_back(std::move(plan));
    }
    return plans;
  }
};

/// Scores one meeting: rule scores into `scores`, total and rating into `out`, findings appended.
void evaluate_meeting(const MeetingFacts& f, const RuleContext& ctx, const Policy& policy,
                      const std::vector<MeetingPlan>& plans, std::span<double> scores, MeetingScore& out,
                      std::vector<Finding>* findings) {
  out.meeting = f.meeting;
  out.profile = static_cast<std::uint8_t>(policy.profile_index(f.date));
  const MeetingPlan& plan = plans[out.profile];
  const Profile& profile = *plan.profile;
  const std::size_t measures = policy.registry().measures().size();
  WeightedMean per_measure[16];
  std::vector<WeightedMean> many;
  WeightedMean* by_measure = per_measure;
  if (measures > 16) {
    many.resize(measures);
    by_measure = many.data();
  }
  bool gates_met = true;
  const auto kind = static_cast<std::size_t>(f.kind);
  for (std::size_t k = 0; k < plan.steps.size(); ++k) {
    const MeetingPlan::Step& step = plan.steps[k];
    if ((!step.fn && !step.external) || !step.kinds[kind]) {
      scores[k] = not_applicable;
      continue;
    }
    const Outcome o = step.fn ? step.fn(f, *step.settings) : step.external->meeting(ctx, f, *step.settings);
    scores[k] = o.score;
    if (!o.applicable()) {
      if (o.error && findings) findings->push_back(failure_finding(step.rule, o, f.cell, f.meeting));
      continue;
    }
    if (step.in_total) by_measure[step.measure].add(o.score, step.settings->weight);
    if (o.score < 1) {  // a full score neither blocks a gate nor makes a finding
      if (step.gate) gates_met = false;
      if (findings)
        findings->push_back(make_finding(step.rule, o, *step.settings, step.gate, f.cell, f.meeting));
    }
  }
  WeightedMean total;
  for (std::size_t j = 0; j < measures; ++j) total.add(by_measure[j].value(), profile.measure_weights[j]);
  out.total = total.value() * 100;
  if (!is_na(out.total)) out.rating = profile.rate(out.total, gates_met);
}

struct CellStats {
  bool weak = false;
  std::uint32_t supervision_visits = 0;
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
        period_months_(period.counted_months()),
        period_quarters_(period.counted_quarters()),
        plans_(MeetingPlan::of(policy)),
        meeting_context_{&ds, nullptr},
        cell_detail_(policy.registry().has_external(Level::cell)) {}

  Report run() {
    detail::Laps lap("score");
    Report r;
    r.dataset = &ds_;
    r.policy = &policy_;
    r.period = period_;
    const auto meeting_ids = reg_.scored(Level::meeting);
    const auto cell_ids = reg_.scored(Level::cell);
    r.cell_rule_ids.assign(meeting_ids.begin(), meeting_ids.end());
    r.cell_rule_ids.insert(r.cell_rule_ids.end(), cell_ids.begin(), cell_ids.end());
    const auto committee_ids = reg_.scored(Level::committee);
    r.committee_rule_ids.assign(committee_ids.begin(), committee_ids.end());

    const unsigned threads = detail::thread_count(opt_.threads);
    const std::size_t units = ds_.org_units.size();
    const std::size_t measures = reg_.measures().size();
    // The units' and the meetings' tables are some 0.2 GB of new memory for a national year,
    // each page faulted in by the thread that first writes it: the two are built side by side.
    std::vector<std::function<void()>> tables;
    tables.emplace_back([&] {
      r.units.resize(units);
      r.unit_measures.assign(units * measures, not_applicable);
      r.unit_rules_offset.resize(units + 1, 0);
      for (Index u = 0; u < units; ++u) {
        r.units[u].unit = u;
        const bool cell = ds_.org_units.kind[u] == OrgKind::cell;
        r.unit_rules_offset[u + 1] =
            r.unit_rules_offset[u] + (cell ? r.cell_rule_ids.size() : r.committee_rule_ids.size());
      }
      r.unit_rules.assign(r.unit_rules_offset[units], not_applicable);
    });
    tables.emplace_back([&] {
      // Meetings of the period, in file order.
      meeting_pos_.assign(ds_.meetings.size(), no_index);
      Index kept = 0;
      for (Index m = 0; m < ds_.meetings.size(); ++m)
        if (period_.contains(ds_.meetings.date[m])) meeting_pos_[m] = kept++;
      r.meetings.reserve(kept);  // one allocation, of the period's meetings only
      for (Index m = 0; m < ds_.meetings.size(); ++m)
        if (meeting_pos_[m] != no_index) r.meetings.push_back({m, 0, not_applicable, std::nullopt});
      if (opt_.meeting_rules) r.meeting_rules.assign(r.meetings.size() * meeting_ids.size(), not_applicable);
    });
    detail::run_parallel(tables, threads);

    lap("report tables");

    std::vector<Index> cells;
    for (Index u = 0; u < units; ++u)
      if (ds_.org_units.kind[u] == OrgKind::cell) cells.push_back(u);
    cell_findings_.resize(cells.size());
    stats_.resize(units);

    constexpr std::size_t chunk = 64;
    std::vector<Scratch> scratch(threads);
    detail::for_each_chunk((cells.size() + chunk - 1) / chunk, threads, [&](std::size_t c, std::size_t w) {
      for (std::size_t i = c * chunk; i < std::min(cells.size(), (c + 1) * chunk); ++i)
        score_cell(r, cells[i], cell_findings_[i], scratch[w]);
    });
    lap("meetings and cells");

    if (opt_.findings) {
      std::size_t total = 0;
      for (auto& f : cell_findings_) total += f.size();
      r.findings.reserve(total);
      for (auto& f : cell_findings_) {
        r.findings.insert(r.findings.end(), f.begin(), f.end());
        std::vector<Finding>().swap(f);
      }
    }
    lap("findings gathered");
    roll_up(r);
    lap("committees rolled up");
    return r;
  }

 private:
  void score_cell(Report& r, Index cell, std::vector<Finding>& findings, Scratch& scratch) {
    const auto meeting_ids = reg_.scored(Level::meeting);
    const auto rules = reg_.rules();
    const std::size_t nm = meeting_ids.size();
    std::vector<Finding>* sink = opt_.findings ? &findings : nullptr;

    CellFacts cf;
    cf.cell = cell;
    cf.period = period_;
    const Date est = ds_.org_units.established_on[cell], dis = ds_.org_units.dissolved_on[cell];
    // Most cells were neither founded nor dissolved: they count the period's own months.
    const bool whole_period = est.is_special() && dis.is_special();
    std::vector<MonthKey> own_months;
    std::vector<QuarterKey> own_quarters;
    if (!whole_period) {
      own_months = period_.counted_months(est, dis);
      own_quarters = period_.counted_quarters(est, dis);
    }
    const std::vector<MonthKey>& months = whole_period ? period_months_ : own_months;
    const std::vector<QuarterKey>& quarters = whole_period ? period_quarters_ : own_quarters;
    cf.counted_months = static_cast<std::uint32_t>(months.size());
    cf.counted_quarters = static_cast<std::uint32_t>(quarters.size());
    cf.months = months;
    cf.quarters = quarters;
    scratch.meeting_facts.clear();
    scratch.members_on_end.clear();
    const MonthKey first_month = months.empty() ? 0 : months.front();
    const QuarterKey first_quarter = quarters.empty() ? 0 : quarters.front();
    auto month_slot_of = [&](MonthKey key) -> int {
      if (months.empty()) return -1;
      const int k = key - first_month;
      return k >= 0 && k < static_cast<int>(months.size()) ? k : -1;
    };
    auto quarter_slot_of = [&](QuarterKey key) -> int {
      if (quarters.empty()) return -1;
      const int k = key - first_quarter;
      return k >= 0 && k < static_cast<int>(quarters.size()) ? k : -1;
    };
    auto quarter_slot = [&](Date d) { return quarter_slot_of(quarter_key(d)); };
    std::vector<std::uint8_t> month_regular(months.size(), 0), quarter_thematic(quarters.size(), 0);

    // M1.4 bookkeeping: per member slot and year of the period, three month masks.
    const auto members = ds_.members_of(cell);
    const int first_year = period_.from.year();
    const int years = period_.to.year() - first_year + 1;
    std::vector<std::uint16_t> eligible_mask, unexcused_mask, attended_mask;
    if (!months.empty()) {
      eligible_mask.assign(members.size() * years, 0);
      unexcused_mask.assign(members.size() * years, 0);
      attended_mask.assign(members.size() * years, 0);
    }

    std::vector<double> sum(nm, 0);
    std::vector<std::uint32_t> count(nm, 0);
    std::vector<std::string_view> topics;                                 // keys held by scratch.topic_keys
    if (scratch.topic_keys.size() > 100'000) scratch.topic_keys.clear();  // free text: bound memory
    if (!opt_.meeting_rules) scratch.rules.resize(nm);
    scratch.days.resize(members.size());
    for (std::size_t i = 0; i < members.size(); ++i)
      scratch.days[i] = MemberDays::of(ds_.members, members[i]);

    for (Index m : ds_.meetings_of(cell)) {
      const Date d = ds_.meetings.date[m];
      if (!period_.contains(d)) continue;
      const auto ymd = d.year_month_day();  // once: Boost derives it from the day number
      const int month = month_slot_of(month_key(ymd.year, ymd.month));
      const int quarter = quarter_slot_of(quarter_key(ymd.year, ymd.month));
      AbsenceMarks marks{};
      if (month >= 0) {
        const MonthKey key = months[static_cast<std::size_t>(month)];
        marks = {eligible_mask.data(),
                 unexcused_mask.data(),
                 attended_mask.data(),
                 static_cast<std::size_t>(years),
                 static_cast<std::size_t>(key / 12 - first_year),
                 static_cast<std::uint16_t>(1u << (key % 12))};
      }
      const MeetingFacts f =
          compute_meeting_facts(ds_, m, scratch, month >= 0 ? &marks : nullptr, scratch.days.data());
      const Index pos = meeting_pos_[m];
      std::span<double> scores = opt_.meeting_rules ? std::span<double>(r.meeting_rules.data() + pos * nm, nm)
                                                    : std::span<double>(scratch.rules);
      evaluate_meeting(f, meeting_context_, policy_, plans_, scores, r.meetings[pos], sink);
      if (cell_detail_) scratch.meeting_facts.push_back(f);
      for (std::size_t k = 0; k < nm; ++k)
        if (!is_na(scores[k])) {
          sum[k] += scores[k];
          ++count[k];
        }

      const MeetingKind kind = f.kind;
      ++cf.meetings;
      if (f.has_criticism) ++cf.meetings_with_criticism;
      if (month >= 0 && kind != MeetingKind::thematic) month_regular[static_cast<std::size_t>(month)] = 1;
      if (quarter >= 0 && kind != MeetingKind::regular)
        quarter_thematic[static_cast<std::size_t>(quarter)] = 1;
      if (f.self_rating && r.meetings[pos].rating) {
        const int gap = band(*f.self_rating) - band(*r.meetings[pos].rating);
        const int slot = gap + 3;  // d from −3 to 3
        ++cf.self_rating_gap[static_cast<std::size_t>(slot)];
      }
      if (kind != MeetingKind::regular) {
        const std::string_view topic = ds_.meetings.topic[m];
        if (!topic.empty()) {
          const std::string& key = scratch.topic_key_of(topic);
          if (!key.empty()) {
            ++cf.topical_meetings;
            if (std::find(topics.begin(), topics.end(), key) == topics.end()) topics.push_back(key);
          }
        }
      }
    }
    cf.distinct_topics = static_cast<std::uint32_t>(topics.size());
    cf.months_with_regular =
        static_cast<std::uint32_t>(std::count(month_regular.begin(), month_regular.end(), 1));
    cf.quarters_with_thematic =
        static_cast<std::uint32_t>(std::count(quarter_thematic.begin(), quarter_thematic.end(), 1));

    std::vector<SkippedMonths> skipped;
    for (std::size_t i = 0; i < eligible_mask.size(); ++i) {
      const auto mask = static_cast<std::uint16_t>(eligible_mask[i] & unexcused_mask[i] & ~attended_mask[i]);
      if (mask) skipped.push_back({members[i / years], first_year + static_cast<int>(i % years), mask});
    }
    cf.skipped = skipped;

    // Tasks of the cell's meetings due in the period.
    for (Index m : ds_.meetings_of(cell)) {
      auto [tb, te] = ds_.tasks_by_meeting.range(m);
      for (auto t = tb; t < te; ++t) {
        const Date due = ds_.tasks.due_date[t];
        if (!period_.contains(due)) continue;
        ++cf.tasks_due;
        const Date done = ds_.tasks.completed_on[t];
        if (!done.is_special() && done <= due) ++cf.tasks_on_time;
        if (!ds_.tasks.followed_up_on[t].is_special()) ++cf.tasks_followed_up;
      }
    }

    // Visits and escalations.
    std::vector<DatedResponse> attend, escalations;
    std::vector<std::uint8_t> quarter_visit(quarters.size(), 0), quarter_briefing(quarters.size(), 0);
    auto [vb, ve] = ds_.visits_by_cell.range(cell);
    for (auto v = vb; v < ve; ++v) {
      const Date d = ds_.visits.date[v];
      if (!period_.contains(d)) continue;
      if (ds_.visits.kind[v] == VisitKind::attend_meeting) {
        attend.push_back({d, ds_.visits.report_date[v]});
        if (const int qs = quarter_slot(d); qs >= 0) quarter_visit[qs] = 1;
      } else {
        ++cf.supervision_visits;
      }
    }
    cf.quarters_with_attend_visit =
        static_cast<std::uint32_t>(std::count(quarter_visit.begin(), quarter_visit.end(), 1));
    cf.attend_visits = attend;
    auto [eb, ee] = ds_.escalations_by_cell.range(cell);
    for (auto e = eb; e < ee; ++e)
      if (period_.contains(ds_.escalations.raised_on[e]))
        escalations.push_back({ds_.escalations.raised_on[e], ds_.escalations.responded_on[e]});
    cf.escalations = escalations;

    // Secretaries: on P.to for M6, on each briefing's date for M5.4.
    const auto& mem = ds_.members;
    const Date to = period_.to;
    std::vector<SecretaryFacts> secretaries;
    for (Index x : members) {
      if (mem.role[x] != Role::secretary) continue;
      const Date since = mem.role_since[x];
      auto [bb, be] = ds_.briefing_attendance_by_member.range(x);
      for (auto b = bb; b < be; ++b) {
        const Index br = ds_.briefing_attendance.briefing[b];
        const Date bd = ds_.briefings.date[br];
        const int qs = quarter_slot(bd);
        if (qs < 0 || !mem.is_member_on(x, bd) || (!since.is_special() && since > bd)) continue;
        if (ds_.tree().is_ancestor(ds_.briefings.org_unit[br], cell)) quarter_briefing[qs] = 1;
      }
      if (!mem.is_member_on(x, to) || (!since.is_special() && since > to)) continue;
      SecretaryFacts s;
      s.member = x;
      s.role_since = since;
      auto [tb, te] = ds_.trainings_by_member.range(x);
      for (auto t = tb; t < te; ++t) {
        const Date td = ds_.trainings.date[t];
        if (td > to) continue;
        Date& latest = s.latest_training[static_cast<std::size_t>(ds_.trainings.kind[t])];
        if (latest.is_special() || td > latest) latest = td;
      }
      secretaries.push_back(s);
    }
    cf.secretaries = secretaries;
    cf.quarters_with_secretary_briefing =
        static_cast<std::uint32_t>(std::count(quarter_briefing.begin(), quarter_briefing.end(), 1));

    auto [ab, ae] = ds_.assignments_by_cell.range(cell);
    for (auto a = ab; a < ae; ++a) {
      const Date from = ds_.assignments.from[a], until = ds_.assignments.to[a];
      if (from > to || (!until.is_special() && until < to)) continue;
      const Index cadre = ds_.assignments.cadre[a];
      if (ds_.tree().is_ancestor(ds_.cadres.org_unit[cadre], cell)) cf.supervisor_assigned = true;
    }

    const auto prior = ds_.annual_rating(cell, first_year - 1);
    cf.weak = prior && *prior == AnnualRating::khtnv;
    for (Index x : members) {
      if (!mem.is_member_on(x, to)) continue;
      if (cell_detail_) scratch.members_on_end.push_back(x);
      if (mem.status[x] == MemberStatus::official) ++cf.official_members;
      if (mem.role[x] == Role::deputy_secretary || mem.role[x] == Role::committee_member)
        cf.has_cell_committee = true;
    }

    cf.meeting_facts = scratch.meeting_facts;
    cf.members_on_end = scratch.members_on_end;

    // Rules of the cell with the profile in force on P.to.
    std::span<double> out(r.unit_rules.data() + r.unit_rules_offset[cell], r.cell_rule_ids.size());
    const std::size_t measures = reg_.measures().size();
    std::vector<WeightedMean> by_measure(measures);
    for (std::size_t k = 0; k < r.cell_rule_ids.size(); ++k) {
      const auto id = r.cell_rule_ids[k];
      const RuleInfo& info = rules[id];
      const RuleSettings& s = final_.rules[id];
      if (s.weight <= 0) continue;
      double score = not_applicable;
      if (k < nm) {
        if (count[k] > 0) score = sum[k] / count[k];
      } else {
        const Outcome o = run_rule(info, meeting_context_, cf, s);
        score = o.score;
        if (sink && o.applicable() && o.score < 1) emit_cell_finding(id, cf, o, s, findings);
        if (sink && o.error) findings.push_back(failure_finding(id, o, cell, no_index));
      }
      out[k] = score;
      if (info.in_total) by_measure[reg_.measure_of(id)].add(score, s.weight);
    }
    WeightedMean total;
    double* measure_out = r.unit_measures.data() + cell * measures;
    for (std::size_t j = 0; j < measures; ++j) {
      const double v = by_measure[j].value();
      measure_out[j] = v * 100;
      total.add(v, final_.measure_weights[j]);
    }
    UnitScore& u = r.units[cell];
    u.total = total.value() * 100;
    u.weak = cf.weak;
    bool gates_met = true;
    for (std::size_t k = 0; k < r.cell_rule_ids.size(); ++k)
      if (final_.is_gate(r.cell_rule_ids[k], Level::cell) && !is_na(out[k]) && out[k] < 1) gates_met = false;
    if (!is_na(u.total)) u.rating = final_.rate(u.total, gates_met);

    // Structure findings, for a cell active on P.to.
    const bool active = (est.is_special() || est <= to) && (dis.is_special() || dis > to);
    if (sink && active) {
      for (auto id : reg_.structure()) {
        const Outcome o = run_rule(rules[id], meeting_context_, cf, final_.rules[id]);
        if (o.applicable() && o.score < 1) emit_cell_finding(id, cf, o, final_.rules[id], findings);
      }
    }
    stats_[cell] = {cf.weak, cf.supervision_visits};
  }

  void emit_cell_finding(std::uint16_t id, const CellFacts& cf, const Outcome& o, const RuleSettings& s,
                         std::vector<Finding>& out) {
    const RuleInfo& info = reg_.rules()[id];
    const bool gate = final_.is_gate(id, Level::cell);
    Finding base = make_finding(id, o, s, gate, cf.cell, no_index);
    if (info.explain_cell)
      info.explain_cell(cf, s, base, out);
    else
      out.push_back(base);
  }

  void roll_up(Report& r) {
    const std::size_t units = ds_.org_units.size();
    const std::size_t measures = reg_.measures().size();
    const auto rules = reg_.rules();
    const auto& tree = ds_.tree();
    std::vector<Finding> committee_findings;
    for (Index u = 0; u < units; ++u) {
      if (ds_.org_units.kind[u] == OrgKind::cell) continue;
      const auto cells = tree.cells_below(u);
      UnitScore& us = r.units[u];
      double total = 0;
      std::size_t n = 0;
      std::vector<double> msum(measures, 0);
      std::vector<std::size_t> mcount(measures, 0);
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
        if (opt_.findings && o.error) committee_findings.push_back(failure_finding(id, o, u, no_index));
        if (opt_.findings && o.applicable() && o.score < 1)
          committee_findings.push_back(make_finding(id, o, s, false, u, no_index));
      }
    }
    r.findings.insert(r.findings.end(), committee_findings.begin(), committee_findings.end());
  }

  const Dataset& ds_;
  Period period_;
  const Policy& policy_;
  const Registry& reg_;
  ScoreOptions opt_;
  const Profile& final_;
  const std::vector<MonthKey> period_months_;      // counted months of a cell active all period
  const std::vector<QuarterKey> period_quarters_;  // and its counted quarters
  const std::vector<MeetingPlan> plans_;           // by profile
  const RuleContext meeting_context_;              // for plugin rules of meetings and cells
  const bool cell_detail_;                         // a plugin's cell rule reads CellFacts::meeting_facts
  std::vector<Index> meeting_pos_;
  std::vector<std::vector<Finding>> cell_findings_;
  std::vector<CellStats> stats_;
};

}  // namespace

Report score(const Dataset& dataset, const Period& period, const Policy& policy,
             const ScoreOptions& options) {
  if (period.from.is_special() || period.to.is_special() || period.to < period.from)
    throw std::invalid_argument("score: the period needs from ≤ to");
  spdlog::debug("scoring {} meetings of {} units", dataset.meetings.size(), dataset.org_units.size());
  const auto rules = policy.registry().rules();
  std::vector<std::size_t> failed_before(rules.size(), 0);
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rules[i].external) failed_before[i] = rules[i].external->failures();
  Report report = Engine(dataset, period, policy, options).run();
  for (std::size_t i = 0; i < rules.size(); ++i)
    if (rules[i].external && rules[i].external->failures() > failed_before[i])
      spdlog::warn("plugin rule {} failed on {} subjects (error findings say why); their score is N/A", rules[i].id,
                   rules[i].external->failures() - failed_before[i]);
  return report;
}

MeetingFacts meeting_facts(const Dataset& dataset, Index meeting) {
  Scratch scratch;
  return compute_meeting_facts(dataset, meeting, scratch);
}

MeetingResult score_meeting(const Dataset& dataset, Index meeting, const Policy& policy) {
  if (meeting >= dataset.meetings.size()) throw std::out_of_range("score_meeting: no such meeting");
  MeetingResult result;
  result.facts = meeting_facts(dataset, meeting);
  result.rules.assign(policy.registry().scored(Level::meeting).size(), not_applicable);
  evaluate_meeting(result.facts, {&dataset, nullptr}, policy, MeetingPlan::of(policy), result.rules, result.score,
                   &result.findings);
  return result;
}

}  // namespace chibo
