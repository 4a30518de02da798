// The in-memory dataset: one columnar table per file of the data contract (docs/data.md), ids
// interned to dense indices, and child rows grouped by meeting and by cell so that the scorer
// reads contiguous arrays.
#pragma once

#include <chibo/enums.hpp>
#include <chibo/extension.hpp>
#include <chibo/org_tree.hpp>
#include <chibo/period.hpp>
#include <chibo/strings.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace chibo {

/// Dense row index into a table; `no_index` for "not recorded".
using Index = std::uint32_t;
inline constexpr Index no_index = UINT32_MAX;
/// Minutes since midnight; -1 when not recorded.
using ClockTime = std::int16_t;
inline constexpr ClockTime no_time = -1;

/// A bit set of ContentSource values.
using ContentSources = std::uint8_t;
constexpr ContentSources bit(ContentSource s) noexcept {
  return static_cast<ContentSources>(1u << static_cast<unsigned>(s));
}

/// Offsets of the rows of each parent in a child table: rows of parent p are
/// [offsets[p], offsets[p+1]).
struct Grouping {
  std::vector<std::uint32_t> offsets{0};
  std::pair<std::uint32_t, std::uint32_t> range(Index parent) const noexcept {
    return {offsets[parent], offsets[parent + 1]};
  }
  std::uint32_t count(Index parent) const noexcept { return offsets[parent + 1] - offsets[parent]; }
};

struct OrgUnits {  // org_units.csv
  StringColumn id, name;
  std::vector<Index> parent;  // no_index for a root
  std::vector<OrgKind> kind;
  std::vector<Sector> sector;
  std::vector<Date> established_on, dissolved_on;
  std::size_t size() const noexcept { return kind.size(); }
};

struct Members {  // members.csv (đảng viên)
  StringColumn id, full_name, gender;
  std::vector<Index> cell;
  std::vector<Role> role;
  std::vector<Date> role_since;
  std::vector<MemberStatus> status;
  std::vector<Date> joined_on, left_on, exempt_from, exempt_to;
  std::vector<std::int16_t> birth_year;  // 0 when not recorded
  std::size_t size() const noexcept { return cell.size(); }

  /// Member of its cell on day d: joined_on ≤ d and (left_on empty or > d).
  bool is_member_on(Index m, Date d) const noexcept {
    return joined_on[m] <= d && (left_on[m].is_special() || left_on[m] > d);
  }
  /// Exempt from meetings on day d (miễn sinh hoạt).
  bool is_exempt_on(Index m, Date d) const noexcept {
    return !exempt_from[m].is_special() && exempt_from[m] <= d &&
           (exempt_to[m].is_special() || d <= exempt_to[m]);
  }
  bool is_eligible_on(Index m, Date d) const noexcept { return is_member_on(m, d) && !is_exempt_on(m, d); }
};

struct Cadres {  // cadres.csv: upper-level cadres (cán bộ cấp trên)
  StringColumn id, full_name;
  std::vector<Index> org_unit;
  std::vector<CadrePosition> position;
  std::size_t size() const noexcept { return org_unit.size(); }
};

struct Meetings {  // meetings.csv (cuộc sinh hoạt chi bộ)
  StringColumn id, topic;
  std::vector<Index> cell;
  std::vector<MeetingKind> kind;
  std::vector<Date> date, notice_date, prep_date;
  std::vector<ClockTime> start_time, end_time;
  std::vector<Consulted> consulted_unit_head;
  std::vector<ContentSources> content_sources;
  std::vector<YesNo> draft_resolution, notified_upper, model_meeting;
  std::vector<YesNo> minutes_attendance, minutes_speakers, minutes_conclusion, minutes_signed,
      minutes_read_back;
  std::vector<Index> chair, recorder;
  std::vector<TopicSource> topic_source;
  std::vector<std::optional<Rating>> self_rating;
  std::size_t size() const noexcept { return cell.size(); }
};

// Child tables of a meeting, stored grouped by meeting (file order within a meeting).
struct AgendaItems {
  std::vector<Index> meeting;
  std::vector<std::int32_t> seq, minutes;
  std::vector<AgendaCategory> category;
  std::size_t size() const noexcept { return meeting.size(); }
};
struct Attendance {
  std::vector<Index> meeting, member;
  std::vector<AttendanceStatus> status;
  /// Reasons are rare; kept sparse as (row, text).
  std::vector<Index> reason_row;
  StringColumn reason;
  std::size_t size() const noexcept { return meeting.size(); }
};
struct Contributions {
  std::vector<Index> meeting, member;
  std::vector<ContributionKind> kind;
  std::size_t size() const noexcept { return meeting.size(); }
};
struct Resolutions {
  StringColumn id, text;
  std::vector<Index> meeting, owner;
  std::vector<Date> due_date;
  std::size_t size() const noexcept { return meeting.size(); }
};
struct Tasks {
  StringColumn id, description;
  std::vector<Index> meeting, assignee;
  std::vector<Date> due_date, completed_on, followed_up_on;
  std::size_t size() const noexcept { return meeting.size(); }
};

// Tables of a cell, stored grouped by cell.
struct Visits {
  StringColumn id;
  std::vector<Index> cell, cadre, meeting;
  std::vector<Date> date, report_date;
  std::vector<VisitKind> kind;
  std::size_t size() const noexcept { return cell.size(); }
};
struct Escalations {
  StringColumn id, subject;
  std::vector<Index> cell, meeting;
  std::vector<Date> raised_on, responded_on;
  std::size_t size() const noexcept { return cell.size(); }
};
struct Assignments {
  std::vector<Index> cadre, cell;
  std::vector<Date> from, to;
  std::size_t size() const noexcept { return cell.size(); }
};
struct Ratings {
  std::vector<Index> cell;
  std::vector<std::int16_t> year;
  std::vector<AnnualRating> rating;
  std::size_t size() const noexcept { return cell.size(); }
};

// Tables of other subjects.
struct Briefings {  // giao ban
  StringColumn id;
  std::vector<Index> org_unit;
  std::vector<Date> date;
  std::size_t size() const noexcept { return date.size(); }
};
struct BriefingAttendance {  // grouped by member
  std::vector<Index> briefing, member;
  std::size_t size() const noexcept { return member.size(); }
};
struct Trainings {  // grouped by member
  std::vector<Index> member, provider;
  std::vector<Date> date;
  std::vector<TrainingKind> kind;
  std::vector<float> hours;  // NaN when not recorded
  std::size_t size() const noexcept { return member.size(); }
};

/// A validated, indexed dataset. Build one with load_csv() or the generator; the constructor of
/// the indexes (`finalize`) is what makes the groupings valid.
class Dataset {
 public:
  OrgUnits org_units;
  Members members;
  Cadres cadres;
  Meetings meetings;
  AgendaItems agenda_items;
  Attendance attendance;
  Contributions contributions;
  Resolutions resolutions;
  Tasks tasks;
  Visits visits;
  Escalations escalations;
  Briefings briefings;
  BriefingAttendance briefing_attendance;
  Trainings trainings;
  Assignments assignments;
  Ratings ratings;
  /// Columns and tables the loaded plugins asked for (LoadOptions::extensions), in the order
  /// of their declaration; empty without plugins.
  ExtensionData extensions;

  // Id lookups (valid after finalize()).
  IdIndex org_unit_ids, member_ids, cadre_ids, meeting_ids, briefing_ids;

  // Groupings (valid after finalize()).
  Grouping agenda_by_meeting, attendance_by_meeting, contributions_by_meeting, resolutions_by_meeting,
      tasks_by_meeting;
  Grouping visits_by_cell, escalations_by_cell, assignments_by_cell, ratings_by_cell;
  Grouping trainings_by_member, briefing_attendance_by_member;
  /// Members of each cell (row indices into members), in file order.
  Grouping members_by_cell;
  std::vector<Index> cell_members;
  /// Meetings of each cell sorted by (date, file order).
  Grouping meetings_by_cell;
  std::vector<Index> cell_meetings;
  /// Position of each member within its cell's member list.
  std::vector<std::uint32_t> member_slot;

  /// The organisation tree (valid after finalize()).
  const OrgTree& tree() const noexcept { return tree_; }

  Index find_org_unit(std::string_view id) const noexcept { return org_unit_ids.find(org_units.id, id); }
  Index find_member(std::string_view id) const noexcept { return member_ids.find(members.id, id); }
  Index find_meeting(std::string_view id) const noexcept { return meeting_ids.find(meetings.id, id); }
  Index find_cadre(std::string_view id) const noexcept { return cadre_ids.find(cadres.id, id); }

  std::span<const Index> members_of(Index cell) const noexcept {
    auto [b, e] = members_by_cell.range(cell);
    return {cell_members.data() + b, e - b};
  }
  std::span<const Index> meetings_of(Index cell) const noexcept {
    auto [b, e] = meetings_by_cell.range(cell);
    return {cell_meetings.data() + b, e - b};
  }
  /// Rating of a cell for a year, if recorded.
  std::optional<AnnualRating> annual_rating(Index cell, int year) const noexcept;

  /// Sorts child tables by their parent and builds every index and grouping. Called by the
  /// loaders; call it after filling the tables by hand. Assumes references are valid. The
  /// tables are grouped on up to `threads` threads (0: one per processor); the result does not
  /// depend on how many.
  void finalize(unsigned threads = 0);

  /// Row counts per table, in the order of table_names().
  std::vector<std::size_t> row_counts() const;
  static std::span<const std::string_view> table_names() noexcept;
  /// Bytes held by the columns and indexes (an estimate for capacity planning).
  std::size_t memory_bytes() const noexcept;

 private:
  OrgTree tree_;
};

}  // namespace chibo
