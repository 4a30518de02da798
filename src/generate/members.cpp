// The generator's members: each cell's members with their roles, exemptions and departures,
// and the secretaries' training and briefings.
#include "builder.hpp"

#include <chibo/unicode.hpp>

#include <fmt/format.h>

#include "../parallel.hpp"
#include "../tables.hpp"
#include "../timing.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace chibo::gen {

using boost::gregorian::days;

Index Builder::add_member(Index cell, Role role, Date joined, bool female) {
  auto& m = ds_.members;
  m.id.push_back(fmt::format("M{:07}", m.size() + 1));
  m.cell.push_back(cell);
  m.full_name.push_back(maybe_nfd(person(female)));
  m.role.push_back(role);
  m.role_since.push_back(role == Role::member ? Date() : joined + days(rng_.range(200, 3000)));
  if (!m.role_since.back().is_special() && m.role_since.back() > year_start_ - days(30))
    m.role_since.back() = year_start_ - days(rng_.range(30, 2000));
  m.status.push_back(joined > year_start_ - days(365) ? MemberStatus::probationary : MemberStatus::official);
  m.joined_on.push_back(joined);
  m.left_on.push_back(Date());
  m.exempt_from.push_back(Date());
  m.exempt_to.push_back(Date());
  const int age_at_join = rng_.range(20, 45);
  m.birth_year.push_back(static_cast<std::int16_t>(joined.year() - age_at_join));
  m.gender.push_back(female ? "nữ" : "nam");
  plan_.passive.push_back(0);
  plan_.drifting.push_back(0);
  return static_cast<Index>(m.size() - 1);
}

void Builder::add_training(Index member, Date d, TrainingKind kind, Index provider) {
  ds_.trainings.member.push_back(member);
  ds_.trainings.date.push_back(d);
  ds_.trainings.kind.push_back(kind);
  ds_.trainings.hours.push_back(kind == TrainingKind::course ? static_cast<float>(rng_.range(1, 4) * 4)
                                                             : 4.0f);
  ds_.trainings.provider.push_back(provider);
}

void Builder::add_members(Index cell, Sector sector, const CellPlan& plan,
                          const std::vector<Index>& briefings) {
  const int n = cell_size(sector);
  auto& m = ds_.members;
  const std::size_t first = m.size();
  auto old_join = [&] { return year_start_ - days(rng_.range(400, 40 * 365)); };
  const double d = plan.diligence;
  // The secretary, sometimes replaced during the year.
  Index secretary = add_member(cell, Role::secretary, old_join(), rng_.chance(0.3));
  if (rng_.chance(0.05)) {
    const Date change = year_start_ + days(rng_.range(40, 320));
    m.left_on[secretary] = change;
    secretary = add_member(cell, Role::secretary, old_join(), rng_.chance(0.3));
    m.role_since[secretary] = change;
  }
  const bool committee = n >= 9 && rng_.chance(0.93);
  if (committee) {
    add_member(cell, Role::deputy_secretary, old_join(), rng_.chance(0.4));
    if (n >= 12) add_member(cell, Role::committee_member, old_join(), rng_.chance(0.4));
  }
  while (static_cast<int>(m.size() - first) < n)
    add_member(cell, Role::member, old_join(), rng_.chance(0.35));
  // About 3–4 % new members a year (probationary), on top of the size at the start of the year.
  for (int i = 0; i < n; ++i)
    if (rng_.chance(0.035))
      add_member(cell, Role::member, year_start_ + days(rng_.range(0, 330)), rng_.chance(0.4));
  const bool village = sector == Sector::village || sector == Sector::residential;
  const double exempt_share = village ? 0.10 + 0.15 * rng_.uniform() : 0.02;
  for (std::size_t i = first; i < m.size(); ++i) {
    if (m.role[i] == Role::member && rng_.chance(exempt_share)) {
      m.exempt_from[i] = year_start_ - days(rng_.range(30, 3000));
      if (rng_.chance(0.1)) m.exempt_to[i] = year_start_ + days(rng_.range(30, 300));  // exemption ends
      m.birth_year[i] = static_cast<std::int16_t>(o_.year - rng_.range(72, 92));
    } else if (m.role[i] == Role::member && rng_.chance(0.015)) {
      m.exempt_from[i] = year_start_ + days(rng_.range(30, 300));  // exemption starts
    }
    if (m.role[i] == Role::member && m.left_on[i].is_special() && rng_.chance(0.02))
      m.left_on[i] = year_start_ + days(rng_.range(20, 340));  // moves away or passes away
    plan_.passive[i] = rng_.chance(0.12 + 0.2 * (1 - d)) ? 1 : 0;
    plan_.drifting[i] = m.role[i] == Role::member && rng_.chance(0.03 * (1 - d)) ? 1 : 0;
  }
  // Secretaries' training, briefings, model meetings.
  for (std::size_t i = first; i < m.size(); ++i) {
    if (m.role[i] != Role::secretary) continue;
    const auto me = static_cast<Index>(i);
    if (rng_.chance(0.35 + 0.55 * plan.support))
      add_training(me, year_start_ - days(rng_.range(0, 200)) + days(rng_.range(0, 330)),
                   TrainingKind::course, plan.district);
    const double watch = plan.habits.rotating_models ? 0.85 : plan.habits.model_cells ? 0.6 : 0.15;
    if (rng_.chance(watch))
      add_training(me, year_start_ + days(rng_.range(20, 340)), TrainingKind::model_meeting, plan.commune);
    for (Index b : briefings) {
      if (!m.is_member_on(me, ds_.briefings.date[b])) continue;
      if (rng_.chance(0.5 + 0.45 * d)) {
        ds_.briefing_attendance.briefing.push_back(b);
        ds_.briefing_attendance.member.push_back(me);
      }
    }
  }
}

void Builder::index_members() {
  first_member_.assign(ds_.org_units.size(), 0);
  count_member_.assign(ds_.org_units.size(), 0);
  cell_member_rows_.resize(ds_.members.size());
  std::iota(cell_member_rows_.begin(), cell_member_rows_.end(), 0);
  for (Index x = 0; x < ds_.members.size(); ++x) {
    const Index c = ds_.members.cell[x];
    if (count_member_[c] == 0) first_member_[c] = x;
    ++count_member_[c];
  }
}

std::span<const Index> Builder::members_of_(Index cell) const {
  return {cell_member_rows_.data() + first_member_[cell], count_member_[cell]};
}

}  // namespace chibo::gen
