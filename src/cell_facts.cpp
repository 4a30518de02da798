// The facts of one cell over a period: its meetings' months and quarters, M1.4's skipped months,
// tasks, visits, escalations, secretaries, supervision and members.
#include "facts_build.hpp"

#include <algorithm>

namespace chibo::detail {

CellFactsBuilder::CellFactsBuilder(const Dataset& ds, const Period& period,
                                   std::span<const MonthKey> period_months,
                                   std::span<const QuarterKey> period_quarters, Index cell,
                                   FactsScratch& scratch, bool detail)
    : ds_(ds),
      period_(period),
      cell_(cell),
      scratch_(scratch),
      detail_(detail),
      own_months_(scratch.lists.own_months),
      own_quarters_(scratch.lists.own_quarters),
      month_regular_(scratch.lists.month_regular),
      quarter_thematic_(scratch.lists.quarter_thematic),
      eligible_mask_(scratch.lists.eligible_mask),
      unexcused_mask_(scratch.lists.unexcused_mask),
      attended_mask_(scratch.lists.attended_mask),
      topics_(scratch.lists.topics),
      skipped_(scratch.lists.skipped),
      attend_(scratch.lists.attend),
      escalations_(scratch.lists.escalations),
      secretaries_(scratch.lists.secretaries) {
  topics_.clear();
  skipped_.clear();
  attend_.clear();
  escalations_.clear();
  secretaries_.clear();
  cf_.cell = cell;
  cf_.period = period;
  const Date est = ds.org_units.established_on[cell], dis = ds.org_units.dissolved_on[cell];
  // Most cells were neither founded nor dissolved: they count the period's own months.
  if (est.is_special() && dis.is_special()) {
    months_ = period_months;
    quarters_ = period_quarters;
  } else {
    own_months_ = period.counted_months(est, dis);
    own_quarters_ = period.counted_quarters(est, dis);
    months_ = own_months_;
    quarters_ = own_quarters_;
  }
  cf_.counted_months = static_cast<std::uint32_t>(months_.size());
  cf_.counted_quarters = static_cast<std::uint32_t>(quarters_.size());
  cf_.months = months_;
  cf_.quarters = quarters_;
  month_regular_.assign(months_.size(), 0);
  quarter_thematic_.assign(quarters_.size(), 0);
  scratch_.meeting_facts.clear();
  scratch_.members_on_end.clear();

  // M1.4 bookkeeping: per member slot and year of the period, three month masks.
  members_ = ds.members_of(cell);
  first_year_ = period.from.year();
  years_ = period.to.year() - first_year_ + 1;
  const std::size_t masks = months_.empty() ? 0 : members_.size() * years_;
  eligible_mask_.assign(masks, 0);
  unexcused_mask_.assign(masks, 0);
  attended_mask_.assign(masks, 0);
  if (scratch_.topic_keys.size() > 100'000) scratch_.topic_keys.clear();  // free text: bound memory
  scratch_.days.resize(members_.size());
  for (std::size_t i = 0; i < members_.size(); ++i)
    scratch_.days[i] = MemberDays::of(ds.members, members_[i]);
}

MeetingFacts CellFactsBuilder::meeting(Index m) {
  const auto ymd = ds_.meetings.date[m].year_month_day();  // once: Boost derives it from the day number
  month_ = month_slot(month_key(ymd.year, ymd.month));
  quarter_ = quarter_slot(quarter_key(ymd.year, ymd.month));
  AbsenceMarks marks{};
  if (month_ >= 0) {
    const MonthKey key = months_[static_cast<std::size_t>(month_)];
    marks = {eligible_mask_.data(),
             unexcused_mask_.data(),
             attended_mask_.data(),
             static_cast<std::size_t>(years_),
             static_cast<std::size_t>(key / 12 - first_year_),
             static_cast<std::uint16_t>(1u << (key % 12))};
  }
  return compute_meeting_facts(ds_, m, scratch_, month_ >= 0 ? &marks : nullptr, scratch_.days.data());
}

void CellFactsBuilder::rated(const MeetingFacts& f, std::optional<Rating> computed) {
  if (detail_) scratch_.meeting_facts.push_back(f);
  const MeetingKind kind = f.kind;
  ++cf_.meetings;
  if (f.has_criticism) ++cf_.meetings_with_criticism;
  if (month_ >= 0 && kind != MeetingKind::thematic) month_regular_[static_cast<std::size_t>(month_)] = 1;
  if (quarter_ >= 0 && kind != MeetingKind::regular)
    quarter_thematic_[static_cast<std::size_t>(quarter_)] = 1;
  if (f.self_rating && computed) {
    const int gap = band(*f.self_rating) - band(*computed);
    ++cf_.self_rating_gap[static_cast<std::size_t>(gap + 3)];  // d from −3 to 3
  }
  if (kind != MeetingKind::regular) {
    const std::string_view topic = ds_.meetings.topic[f.meeting];
    if (!topic.empty()) {
      const std::string& key = scratch_.topic_key_of(topic);
      if (!key.empty()) {
        ++cf_.topical_meetings;
        if (std::find(topics_.begin(), topics_.end(), key) == topics_.end()) topics_.push_back(key);
      }
    }
  }
}

const CellFacts& CellFactsBuilder::finish() {
  cf_.distinct_topics = static_cast<std::uint32_t>(topics_.size());
  cf_.months_with_regular =
      static_cast<std::uint32_t>(std::count(month_regular_.begin(), month_regular_.end(), 1));
  cf_.quarters_with_thematic =
      static_cast<std::uint32_t>(std::count(quarter_thematic_.begin(), quarter_thematic_.end(), 1));

  for (std::size_t i = 0; i < eligible_mask_.size(); ++i) {
    const auto mask = static_cast<std::uint16_t>(eligible_mask_[i] & unexcused_mask_[i] & ~attended_mask_[i]);
    if (mask) skipped_.push_back({members_[i / years_], first_year_ + static_cast<int>(i % years_), mask});
  }
  cf_.skipped = skipped_;

  // Tasks of the cell's meetings due in the period.
  for (Index m : ds_.meetings_of(cell_)) {
    auto [tb, te] = ds_.tasks_by_meeting.range(m);
    for (auto t = tb; t < te; ++t) {
      const Date due = ds_.tasks.due_date[t];
      if (!period_.contains(due)) continue;
      ++cf_.tasks_due;
      const Date done = ds_.tasks.completed_on[t];
      if (!done.is_special() && done <= due) ++cf_.tasks_on_time;
      if (!ds_.tasks.followed_up_on[t].is_special()) ++cf_.tasks_followed_up;
    }
  }

  // Visits and escalations.
  auto& quarter_visit = scratch_.lists.quarter_visit;
  auto& quarter_briefing = scratch_.lists.quarter_briefing;
  quarter_visit.assign(quarters_.size(), 0);
  quarter_briefing.assign(quarters_.size(), 0);
  auto [vb, ve] = ds_.visits_by_cell.range(cell_);
  for (auto v = vb; v < ve; ++v) {
    const Date d = ds_.visits.date[v];
    if (!period_.contains(d)) continue;
    if (ds_.visits.kind[v] == VisitKind::attend_meeting) {
      attend_.push_back({d, ds_.visits.report_date[v]});
      if (const int qs = quarter_slot(quarter_key(d)); qs >= 0) quarter_visit[qs] = 1;
    } else {
      ++cf_.supervision_visits;
    }
  }
  cf_.quarters_with_attend_visit =
      static_cast<std::uint32_t>(std::count(quarter_visit.begin(), quarter_visit.end(), 1));
  cf_.attend_visits = attend_;
  auto [eb, ee] = ds_.escalations_by_cell.range(cell_);
  for (auto e = eb; e < ee; ++e)
    if (period_.contains(ds_.escalations.raised_on[e]))
      escalations_.push_back({ds_.escalations.raised_on[e], ds_.escalations.responded_on[e]});
  cf_.escalations = escalations_;

  // Secretaries: on P.to for M6, on each briefing's date for M5.4.
  const auto& mem = ds_.members;
  const Date to = period_.to;
  for (Index x : members_) {
    if (mem.role[x] != Role::secretary) continue;
    const Date since = mem.role_since[x];
    auto [bb, be] = ds_.briefing_attendance_by_member.range(x);
    for (auto b = bb; b < be; ++b) {
      const Index br = ds_.briefing_attendance.briefing[b];
      const Date bd = ds_.briefings.date[br];
      const int qs = quarter_slot(quarter_key(bd));
      if (qs < 0 || !mem.is_member_on(x, bd) || (!since.is_special() && since > bd)) continue;
      if (ds_.is_above_on(ds_.briefings.org_unit[br], cell_, bd)) quarter_briefing[qs] = 1;
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
    secretaries_.push_back(s);
  }
  cf_.secretaries = secretaries_;
  cf_.quarters_with_secretary_briefing =
      static_cast<std::uint32_t>(std::count(quarter_briefing.begin(), quarter_briefing.end(), 1));

  auto [ab, ae] = ds_.assignments_by_cell.range(cell_);
  for (auto a = ab; a < ae; ++a) {
    const Date from = ds_.assignments.from[a], until = ds_.assignments.to[a];
    if (from > to || (!until.is_special() && until < to)) continue;
    const Index cadre = ds_.assignments.cadre[a];
    if (ds_.is_above_on(ds_.cadres.org_unit[cadre], cell_, to)) cf_.supervisor_assigned = true;
  }

  const auto prior = ds_.annual_rating(cell_, first_year_ - 1);
  cf_.weak = prior && *prior == AnnualRating::khtnv;
  for (Index x : members_) {
    if (!mem.is_member_on(x, to)) continue;
    if (detail_) scratch_.members_on_end.push_back(x);
    if (mem.status[x] == MemberStatus::official) ++cf_.official_members;
    if (mem.role[x] == Role::deputy_secretary || mem.role[x] == Role::committee_member)
      cf_.has_cell_committee = true;
  }
  cf_.meeting_facts = scratch_.meeting_facts;
  cf_.members_on_end = scratch_.members_on_end;
  return cf_;
}

}  // namespace chibo::detail
