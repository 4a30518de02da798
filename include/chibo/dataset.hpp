// The in-memory dataset: one columnar table per file of the data contract (docs/data.md), ids
// interned to dense indices, and child rows grouped by meeting and by cell so that the scorer
// reads contiguous arrays.
#pragma once

#include <chibo/enums.hpp>
#include <chibo/extension.hpp>
#include <chibo/org_tree.hpp>
#include <chibo/period.hpp>
#include <chibo/schema.hpp>
#include <chibo/strings.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace chibo {

namespace detail {
struct IdIndexes;
/// Holds a dataset's id indexes behind the library, copied with the dataset.
class IdIndexesHolder {
 public:
  IdIndexesHolder();
  ~IdIndexesHolder();
  IdIndexesHolder(const IdIndexesHolder& other);
  IdIndexesHolder(IdIndexesHolder&& other) noexcept;
  IdIndexesHolder& operator=(const IdIndexesHolder& other);
  IdIndexesHolder& operator=(IdIndexesHolder&& other) noexcept;
  IdIndexes& get() noexcept { return *p_; }
  const IdIndexes& get() const noexcept { return *p_; }

 private:
  std::unique_ptr<IdIndexes> p_;
};
}  // namespace detail

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
  static constexpr auto schema() {
    using D = schema::Declare<OrgUnits>;
    using schema::required, schema::optional, schema::Space;
    return D::table(
        "org_units", Space::org_unit,
        std::tuple{D::id("id", &OrgUnits::id),
                   D::ref("parent_id", &OrgUnits::parent, optional, Space::parent_unit, "empty for a root"),
                   D::code("kind", &OrgUnits::kind, required, OrgKind::cell),
                   D::text("name", &OrgUnits::name, required),
                   D::code("sector", &OrgUnits::sector, optional, Sector::unrecorded),
                   D::date("established_on", &OrgUnits::established_on, optional),
                   D::date("dissolved_on", &OrgUnits::dissolved_on, optional)},
        std::tuple{D::after("dissolved_on", &OrgUnits::dissolved_on, &OrgUnits::established_on,
                            "expected a date after established_on")});
  }
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
  static constexpr auto schema() {
    using D = schema::Declare<Members>;
    using schema::required, schema::optional, schema::Space;
    return D::table(
        "members", Space::member,
        std::tuple{D::id("id", &Members::id), D::ref("cell_id", &Members::cell, required, Space::cell),
                   D::text("full_name", &Members::full_name, required, schema::Type::name),
                   D::code("role", &Members::role, required, Role::member),
                   D::date("role_since", &Members::role_since, optional),
                   D::code("status", &Members::status, required, MemberStatus::official),
                   D::date("joined_on", &Members::joined_on, required),
                   D::date("left_on", &Members::left_on, optional),
                   D::date("exempt_from", &Members::exempt_from, optional),
                   D::date("exempt_to", &Members::exempt_to, optional),
                   D::integer("birth_year", &Members::birth_year, optional, 1880, 2100),
                   D::text("gender", &Members::gender, optional)});
  }
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
  static constexpr auto schema() {
    using D = schema::Declare<Cadres>;
    using schema::required, schema::optional, schema::Space;
    return D::table("cadres", Space::cadre,
                    std::tuple{D::id("id", &Cadres::id),
                               D::ref("org_unit_id", &Cadres::org_unit, required, Space::committee),
                               D::text("full_name", &Cadres::full_name, required, schema::Type::name),
                               D::code("position", &Cadres::position, optional, CadrePosition::unrecorded)});
  }
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
  static constexpr auto schema() {
    using D = schema::Declare<Meetings>;
    using schema::required, schema::optional, schema::Space;
    return D::table(
        "meetings", Space::meeting,
        std::tuple{
            D::id("id", &Meetings::id),
            D::ref("cell_id", &Meetings::cell, required, Space::cell),
            D::code("kind", &Meetings::kind, required, MeetingKind::regular),
            D::date("date", &Meetings::date, required),
            D::time("start_time", &Meetings::start_time, optional),
            D::time("end_time", &Meetings::end_time, optional),
            D::date("notice_date", &Meetings::notice_date, optional),
            D::date("prep_date", &Meetings::prep_date, optional),
            D::code("consulted_unit_head", &Meetings::consulted_unit_head, optional, Consulted::unrecorded),
            D::code_set<ContentSource>("content_sources", &Meetings::content_sources),
            D::code("draft_resolution", &Meetings::draft_resolution, optional, YesNo::unrecorded),
            D::code("notified_upper", &Meetings::notified_upper, optional, YesNo::unrecorded),
            D::ref("chair_id", &Meetings::chair, optional, Space::cell_member),
            D::ref("recorder_id", &Meetings::recorder, optional, Space::cell_member),
            D::text("topic", &Meetings::topic, optional),
            D::code("topic_source", &Meetings::topic_source, optional, TopicSource::unrecorded),
            D::code("model_meeting", &Meetings::model_meeting, optional, YesNo::unrecorded),
            D::code("minutes_attendance", &Meetings::minutes_attendance, optional, YesNo::unrecorded),
            D::code("minutes_speakers", &Meetings::minutes_speakers, optional, YesNo::unrecorded),
            D::code("minutes_conclusion", &Meetings::minutes_conclusion, optional, YesNo::unrecorded),
            D::code("minutes_signed", &Meetings::minutes_signed, optional, YesNo::unrecorded),
            D::code("minutes_read_back", &Meetings::minutes_read_back, optional, YesNo::unrecorded),
            D::optional_code("self_rating", &Meetings::self_rating)},
        std::tuple{D::after("end_time", &Meetings::end_time, &Meetings::start_time,
                            "expected a time after start_time on the meeting date")});
  }
  std::size_t size() const noexcept { return cell.size(); }
};

// Child tables of a meeting, stored grouped by meeting (file order within a meeting).
struct AgendaItems {
  std::vector<Index> meeting;
  std::vector<std::int32_t> seq, minutes;
  std::vector<AgendaCategory> category;
  static constexpr auto schema() {
    using D = schema::Declare<AgendaItems>;
    using schema::required, schema::Space;
    return D::table("agenda_items", Space::none,
                    std::tuple{D::ref("meeting_id", &AgendaItems::meeting, required, Space::meeting),
                               D::integer("seq", &AgendaItems::seq, required, 0, 1'000'000),
                               D::code("category", &AgendaItems::category, required, AgendaCategory::other),
                               D::integer("minutes", &AgendaItems::minutes, required, 0, 24 * 60)});
  }
  std::size_t size() const noexcept { return meeting.size(); }
};
struct Attendance {
  std::vector<Index> meeting, member;
  std::vector<AttendanceStatus> status;
  /// Reasons are rare; kept sparse as (row, text).
  std::vector<Index> reason_row;
  StringColumn reason;
  static constexpr auto schema() {
    using D = schema::Declare<Attendance>;
    using schema::required, schema::Space;
    return D::table("attendance", Space::none,
                    std::tuple{D::ref("meeting_id", &Attendance::meeting, required, Space::meeting),
                               D::ref("member_id", &Attendance::member, required, Space::cell_member),
                               D::code("status", &Attendance::status, required, AttendanceStatus::absent),
                               D::sparse_text("reason", &Attendance::reason, &Attendance::reason_row,
                                              schema::Type::free_text)});
  }
  std::size_t size() const noexcept { return meeting.size(); }
};
struct Contributions {
  std::vector<Index> meeting, member;
  std::vector<ContributionKind> kind;
  static constexpr auto schema() {
    using D = schema::Declare<Contributions>;
    using schema::required, schema::Space;
    return D::table("contributions", Space::none,
                    std::tuple{D::ref("meeting_id", &Contributions::meeting, required, Space::meeting),
                               D::ref("member_id", &Contributions::member, required, Space::cell_member),
                               D::code("kind", &Contributions::kind, required, ContributionKind::opinion)});
  }
  std::size_t size() const noexcept { return meeting.size(); }
};
struct Resolutions {
  StringColumn id, text;
  std::vector<Index> meeting, owner;
  std::vector<Date> due_date;
  static constexpr auto schema() {
    using D = schema::Declare<Resolutions>;
    using schema::required, schema::optional, schema::Space;
    return D::table("resolutions", Space::none,
                    std::tuple{D::id("id", &Resolutions::id),
                               D::ref("meeting_id", &Resolutions::meeting, required, Space::meeting),
                               D::text("text", &Resolutions::text, optional, schema::Type::free_text),
                               D::ref("owner_id", &Resolutions::owner, optional, Space::cell_member),
                               D::date("due_date", &Resolutions::due_date, optional)});
  }
  std::size_t size() const noexcept { return meeting.size(); }
};
struct Tasks {
  StringColumn id, description;
  std::vector<Index> meeting, assignee;
  std::vector<Date> due_date, completed_on, followed_up_on;
  static constexpr auto schema() {
    using D = schema::Declare<Tasks>;
    using schema::required, schema::optional, schema::Space;
    return D::table(
        "tasks", Space::none,
        std::tuple{D::id("id", &Tasks::id), D::ref("meeting_id", &Tasks::meeting, required, Space::meeting),
                   D::ref("assignee_id", &Tasks::assignee, required, Space::cell_member),
                   D::text("description", &Tasks::description, optional, schema::Type::free_text),
                   D::date("due_date", &Tasks::due_date, optional),
                   D::date("completed_on", &Tasks::completed_on, optional),
                   D::date("followed_up_on", &Tasks::followed_up_on, optional)});
  }
  std::size_t size() const noexcept { return meeting.size(); }
};

// Tables of a cell, stored grouped by cell.
struct Visits {
  StringColumn id;
  std::vector<Index> cell, cadre, meeting;
  std::vector<Date> date, report_date;
  std::vector<VisitKind> kind;
  static constexpr auto schema() {
    using D = schema::Declare<Visits>;
    using schema::required, schema::optional, schema::Space;
    return D::table(
        "visits", Space::none,
        std::tuple{D::id("id", &Visits::id), D::ref("cell_id", &Visits::cell, required, Space::cell),
                   D::ref("cadre_id", &Visits::cadre, required, Space::cadre),
                   D::date("date", &Visits::date, required),
                   D::code("kind", &Visits::kind, required, VisitKind::supervision),
                   D::ref("meeting_id", &Visits::meeting, optional, Space::meeting),
                   D::date("report_date", &Visits::report_date, optional)});
  }
  std::size_t size() const noexcept { return cell.size(); }
};
struct Escalations {
  StringColumn id, subject;
  std::vector<Index> cell, meeting;
  std::vector<Date> raised_on, responded_on;
  static constexpr auto schema() {
    using D = schema::Declare<Escalations>;
    using schema::required, schema::optional, schema::Space;
    return D::table("escalations", Space::none,
                    std::tuple{D::id("id", &Escalations::id),
                               D::ref("cell_id", &Escalations::cell, required, Space::cell),
                               D::ref("meeting_id", &Escalations::meeting, optional, Space::meeting),
                               D::date("raised_on", &Escalations::raised_on, required),
                               D::date("responded_on", &Escalations::responded_on, optional),
                               D::text("subject", &Escalations::subject, optional, schema::Type::free_text)});
  }
  std::size_t size() const noexcept { return cell.size(); }
};
struct Assignments {
  std::vector<Index> cadre, cell;
  std::vector<Date> from, to;
  static constexpr auto schema() {
    using D = schema::Declare<Assignments>;
    using schema::required, schema::optional, schema::Space;
    return D::table(
        "assignments", Space::none,
        std::tuple{D::ref("cadre_id", &Assignments::cadre, required, Space::cadre),
                   D::ref("cell_id", &Assignments::cell, required, Space::cell),
                   D::date("from", &Assignments::from, required), D::date("to", &Assignments::to, optional)});
  }
  std::size_t size() const noexcept { return cell.size(); }
};
struct Ratings {
  std::vector<Index> cell;
  std::vector<std::int16_t> year;
  std::vector<AnnualRating> rating;
  static constexpr auto schema() {
    using D = schema::Declare<Ratings>;
    using schema::required, schema::Space;
    return D::table("ratings", Space::none,
                    std::tuple{D::ref("cell_id", &Ratings::cell, required, Space::cell),
                               D::integer("year", &Ratings::year, required, 1930, 2200),
                               D::code("rating", &Ratings::rating, required, AnnualRating::htnv)});
  }
  std::size_t size() const noexcept { return cell.size(); }
};

/// A unit's parent over time (org_history.csv, optional): where a row covers a date, its
/// parent is the unit's parent that day; on other days org_units' parent_id is. A unit's rows
/// follow each other without gap or overlap; an empty `to` means still in force. Grouped by
/// unit, by `from`.
struct OrgHistory {
  std::vector<Index> unit, parent;
  std::vector<Date> from, to;
  static constexpr auto schema() {
    using D = schema::Declare<OrgHistory>;
    using schema::required, schema::optional, schema::Space;
    return D::optional_table(
        "org_history", Space::none,
        std::tuple{D::ref("unit_id", &OrgHistory::unit, required, Space::org_unit),
                   D::ref("parent_id", &OrgHistory::parent, required, Space::committee),
                   D::date("from", &OrgHistory::from, required),
                   D::date("to", &OrgHistory::to, optional, "inclusive; empty: still in force")});
  }
  std::size_t size() const noexcept { return unit.size(); }
};

// Tables of other subjects.
struct Briefings {  // giao ban
  StringColumn id;
  std::vector<Index> org_unit;
  std::vector<Date> date;
  static constexpr auto schema() {
    using D = schema::Declare<Briefings>;
    using schema::required, schema::Space;
    return D::table("briefings", Space::briefing,
                    std::tuple{D::id("id", &Briefings::id),
                               D::ref("org_unit_id", &Briefings::org_unit, required, Space::org_unit),
                               D::date("date", &Briefings::date, required)});
  }
  std::size_t size() const noexcept { return date.size(); }
};
struct BriefingAttendance {  // grouped by member
  std::vector<Index> briefing, member;
  static constexpr auto schema() {
    using D = schema::Declare<BriefingAttendance>;
    using schema::required, schema::Space;
    return D::table(
        "briefing_attendance", Space::none,
        std::tuple{D::ref("briefing_id", &BriefingAttendance::briefing, required, Space::briefing),
                   D::ref("member_id", &BriefingAttendance::member, required, Space::member)});
  }
  std::size_t size() const noexcept { return member.size(); }
};
struct Trainings {  // grouped by member
  std::vector<Index> member, provider;
  std::vector<Date> date;
  std::vector<TrainingKind> kind;
  std::vector<float> hours;  // NaN when not recorded
  static constexpr auto schema() {
    using D = schema::Declare<Trainings>;
    using schema::required, schema::optional, schema::Space;
    return D::table("trainings", Space::none,
                    std::tuple{D::ref("member_id", &Trainings::member, required, Space::member),
                               D::date("date", &Trainings::date, required),
                               D::code("kind", &Trainings::kind, required, TrainingKind::course),
                               D::number("hours", &Trainings::hours, optional),
                               D::ref("provider_org_id", &Trainings::provider, optional, Space::org_unit)});
  }
  std::size_t size() const noexcept { return member.size(); }
};

/// One table as it was read: where from, its rows, and a fingerprint of its bytes that a reader
/// can check the data against (provenance.hpp).
struct InputTable {
  std::string name;    ///< the contract's table ("members") or a plugin's
  std::string source;  ///< where it was read: "members.csv", "data.sqlite:members"; empty if not read
  std::uint64_t rows = 0, bytes = 0;
  /// XXH3-128 of the bytes as 32 hex digits (`xxhsum -H2 members.csv` prints the same); empty
  /// for a table not read from an input.
  std::string xxh128;
  friend bool operator==(const InputTable&, const InputTable&) = default;
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
  OrgHistory org_history;
  /// Columns and tables the loaded plugins asked for (LoadOptions::extensions), in the order
  /// of their declaration; empty without plugins.
  ExtensionData extensions;
  /// The tables as they were read, in the contract's order, plugins' tables last (load_csv and
  /// the database loaders fill it; empty for a dataset built in memory).
  std::vector<InputTable> inputs;
  /// The rows of all `inputs`: what a report says it was computed from.
  std::uint64_t rows_read() const noexcept;
  /// Whether people's ids and names were replaced by pseudonyms (redact()).
  bool redacted = false;

  /// The id indexes (the library's own; valid after finalize()).
  detail::IdIndexes& id_indexes() noexcept { return ids_.get(); }
  const detail::IdIndexes& id_indexes() const noexcept { return ids_.get(); }

  // Groupings (valid after finalize()).
  Grouping agenda_by_meeting, attendance_by_meeting, contributions_by_meeting, resolutions_by_meeting,
      tasks_by_meeting;
  Grouping visits_by_cell, escalations_by_cell, assignments_by_cell, ratings_by_cell;
  Grouping history_by_unit;  ///< org_history rows of each unit, by `from`
  Grouping trainings_by_member, briefing_attendance_by_member;
  /// Members of each cell (row indices into members), in file order.
  Grouping members_by_cell;
  std::vector<Index> cell_members;
  /// Meetings of each cell sorted by (date, file order).
  Grouping meetings_by_cell;
  std::vector<Index> cell_meetings;
  /// Position of each member within its cell's member list.
  std::vector<std::uint32_t> member_slot;

  /// The organisation tree of org_units' parent links (valid after finalize()).
  const OrgTree& tree() const noexcept { return *tree_; }
  /// Each unit's parent on day d (no_index for a root): org_history's where it covers d.
  std::vector<Index> parents_on(Date d) const;
  /// A unit's parent on day d (no_index for a root).
  Index parent_on(Index unit, Date d) const noexcept {
    if (!org_history.unit.empty()) {
      const auto [b, e] = history_by_unit.range(unit);
      for (auto r = b; r < e; ++r)
        if (org_history.from[r] <= d && (org_history.to[r].is_special() || d <= org_history.to[r]))
          return org_history.parent[r];
    }
    return org_units.parent[unit];
  }
  /// Whether `above` is a committee above `unit` on day d.
  bool is_above_on(Index above, Index unit, Date d) const noexcept {
    for (Index p = parent_on(unit, d), steps = 0; p != no_index && steps < org_units.size();
         p = parent_on(p, d), ++steps)
      if (p == above) return true;
    return false;
  }
  /// The tree in force on day d: tree() itself when org_history changes nothing that day.
  std::shared_ptr<const OrgTree> tree_on(Date d) const;

  /// The row of an id (valid after finalize()), or no_index.
  Index find_org_unit(std::string_view id) const noexcept;
  Index find_member(std::string_view id) const noexcept;
  Index find_meeting(std::string_view id) const noexcept;
  Index find_cadre(std::string_view id) const noexcept;

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
  detail::IdIndexesHolder ids_;
  std::shared_ptr<const OrgTree> tree_ = std::make_shared<const OrgTree>();
};

}  // namespace chibo
