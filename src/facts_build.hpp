// Facts: what the engine measures about a meeting and a cell before any rule runs (internal).
#pragma once

#include <chibo/dataset.hpp>
#include <chibo/facts.hpp>
#include <chibo/unicode.hpp>

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace chibo::detail {

constexpr std::uint8_t no_status = 0xFF;

inline bool is_present_code(std::uint8_t s) {
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

/// Per-thread scratch of the facts builders, sized to the largest cell, reset after each meeting.
struct FactsScratch {
  std::vector<std::uint8_t> status, spoke, has_task;
  std::vector<MemberDays> days;             ///< of the cell's members, by slot
  std::vector<MeetingFacts> meeting_facts;  ///< the cell's, for plugin cell rules
  std::vector<Index> members_on_end;        ///< the cell's on P.to, for plugin cell rules
  /// A cell's working lists, kept from cell to cell (and step to step of a trend) so that a
  /// cell's facts allocate nothing once the largest cell has been seen.
  struct CellLists {
    std::vector<MonthKey> own_months;
    std::vector<QuarterKey> own_quarters;
    std::vector<std::uint8_t> month_regular, quarter_thematic, quarter_visit, quarter_briefing;
    std::vector<std::uint16_t> eligible_mask, unexcused_mask, attended_mask;
    std::vector<std::string_view> topics;
    std::vector<SkippedMonths> skipped;
    std::vector<DatedResponse> attend, escalations;
    std::vector<SecretaryFacts> secretaries;
  } lists;
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
MeetingFacts compute_meeting_facts(const Dataset& ds, Index m, FactsScratch& scratch,
                                   const AbsenceMarks* marks = nullptr, const MemberDays* days = nullptr);

/// Builds the facts of one cell over a period: the engine hands it the cell's meetings in the
/// period in date order (meeting(), then rated() once the meeting is scored), then asks for the
/// rest (finish()). The facts' spans point into the builder and its scratch.
class CellFactsBuilder {
 public:
  /// `period_months` and `period_quarters`: the counted months and quarters of a cell active the
  /// whole period. `detail`: also keep the meetings' facts and the members on P.to (plugin cell
  /// rules read them).
  CellFactsBuilder(const Dataset& ds, const Period& period, std::span<const MonthKey> period_months,
                   std::span<const QuarterKey> period_quarters, Index cell, FactsScratch& scratch,
                   bool detail);
  /// The facts of one of the cell's meetings in the period, with the cell's M1.4 bookkeeping.
  MeetingFacts meeting(Index m);
  /// What the cell's facts take from that meeting once its computed rating is known.
  void rated(const MeetingFacts& f, std::optional<Rating> computed);
  /// The cell's facts: tasks, visits, escalations, secretaries, supervision and members added.
  const CellFacts& finish();

 private:
  int month_slot(MonthKey key) const noexcept {
    if (months_.empty()) return -1;
    const int k = key - months_.front();
    return k >= 0 && k < static_cast<int>(months_.size()) ? k : -1;
  }
  int quarter_slot(QuarterKey key) const noexcept {
    if (quarters_.empty()) return -1;
    const int k = key - quarters_.front();
    return k >= 0 && k < static_cast<int>(quarters_.size()) ? k : -1;
  }

  const Dataset& ds_;
  const Period& period_;
  const Index cell_;
  FactsScratch& scratch_;
  const bool detail_;
  CellFacts cf_;
  std::vector<MonthKey>& own_months_;
  std::vector<QuarterKey>& own_quarters_;
  std::span<const MonthKey> months_;
  std::span<const QuarterKey> quarters_;
  std::span<const Index> members_;
  int first_year_ = 0, years_ = 0;
  int month_ = -1, quarter_ = -1;  // slots of the meeting last read
  // The lists live in the scratch (FactsScratch::CellLists); topics_ holds keys of topic_keys.
  std::vector<std::uint8_t>&month_regular_, &quarter_thematic_;
  std::vector<std::uint16_t>&eligible_mask_, &unexcused_mask_, &attended_mask_;
  std::vector<std::string_view>& topics_;
  std::vector<SkippedMonths>& skipped_;
  std::vector<DatedResponse>&attend_, &escalations_;
  std::vector<SecretaryFacts>& secretaries_;
};

}  // namespace chibo::detail
