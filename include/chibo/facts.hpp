// Facts: what the engine measures about one meeting, cell or committee before any rule runs.
// Rules are pure functions of these facts and their settings, so a rule never touches the
// dataset and a plugin rule sees exactly what a built-in rule sees.
#pragma once

#include <chibo/dataset.hpp>
#include <chibo/enums.hpp>
#include <chibo/period.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <span>

namespace chibo {

struct MeetingFacts {
  Index meeting = no_index;
  Index cell = no_index;
  MeetingKind kind = MeetingKind::regular;
  Date date;

  // Attendance (eligible = member of the cell on the date and not exempt).
  std::uint32_t eligible = 0;
  std::uint32_t present_eligible = 0;
  std::uint32_t unexcused = 0;                   ///< eligible and absent, or eligible with no attendance row
  std::uint32_t present = 0;                     ///< every attendee present or late
  std::uint32_t speakers = 0;                    ///< present attendees with ≥ 1 contribution
  std::uint32_t present_eligible_with_task = 0;  ///< given a task with a due date here
  bool has_criticism = false;                    ///< ≥ 1 contribution of kind criticism or self_criticism

  // Preparation.
  Date notice_date, prep_date;
  Consulted consulted_unit_head = Consulted::unrecorded;
  ContentSources content_sources = 0;
  YesNo draft_resolution = YesNo::unrecorded;
  YesNo notified_upper = YesNo::unrecorded;
  std::int32_t agenda_minutes = 0;
  std::int32_t agenda_minutes_dissemination_report = 0;

  // Conduct and minutes.
  std::int32_t duration_minutes = 0;    ///< 0 when start or end time is not recorded
  std::uint8_t minutes_fields_yes = 0;  ///< of the five minutes_* fields
  bool chair_set = false, recorder_set = false, chair_is_recorder = false;
  bool chair_present = false, recorder_present = false;
  std::uint32_t resolutions = 0, resolutions_specific = 0, tasks = 0;

  // Thematic meetings and self-assessment.
  TopicSource topic_source = TopicSource::unrecorded;
  std::optional<Rating> self_rating;
  YesNo model_meeting = YesNo::unrecorded;  ///< a model meeting (sinh hoạt điểm)
};

/// A member who skipped meetings in some months of one calendar year (for M1.4).
struct SkippedMonths {
  Index member = no_index;
  int year = 0;
  std::uint16_t months = 0;  ///< bit m-1 set when month m was skipped
};

/// The secretary of a cell on the period's end, with the latest training of each kind up to then.
struct SecretaryFacts {
  Index member = no_index;
  Date role_since;                      ///< not_a_date_time when not recorded
  std::array<Date, 2> latest_training;  ///< by TrainingKind; not_a_date_time when none
};

struct DatedResponse {
  Date on;        ///< visit date or raised_on
  Date answered;  ///< report_date or responded_on; not_a_date_time when none
};

struct CellFacts {
  Index cell = no_index;
  Period period;
  bool weak = false;  ///< annual rating for the year before the period was khtnv

  std::uint32_t counted_months = 0, counted_quarters = 0;
  std::span<const MonthKey> months;          ///< the counted months
  std::span<const QuarterKey> quarters;      ///< the counted quarters
  std::uint32_t months_with_regular = 0;     ///< counted months with a regular/combined meeting
  std::uint32_t quarters_with_thematic = 0;  ///< counted quarters with a thematic/combined one
  std::uint32_t quarters_with_attend_visit = 0;
  std::uint32_t quarters_with_secretary_briefing = 0;

  std::span<const SkippedMonths> skipped;  ///< members with ≥ 1 skipped month, per year

  /// Self-rated meetings in P by d = band(self) − band(computed), d + 3 indexing −3 … 3.
  std::array<std::uint32_t, 7> self_rating_gap{};

  std::uint32_t meetings = 0, meetings_with_criticism = 0;
  std::uint32_t tasks_due = 0, tasks_on_time = 0, tasks_followed_up = 0;
  std::uint32_t topical_meetings = 0, distinct_topics = 0;

  std::span<const DatedResponse> attend_visits;  ///< visits of kind attend_meeting in P
  std::span<const DatedResponse> escalations;    ///< escalations raised in P
  std::span<const SecretaryFacts> secretaries;

  bool supervisor_assigned = false;
  std::uint32_t supervision_visits = 0;  ///< inspection or supervision visits in P

  std::uint32_t official_members = 0;  ///< on P.to
  bool has_cell_committee = false;     ///< a deputy_secretary or committee_member on P.to

  // Read by plugin rules only, and filled only when a plugin's cell rule is loaded.
  std::span<const MeetingFacts> meeting_facts;  ///< the cell's meetings in P, by date
  std::span<const Index> members_on_end;        ///< members of the cell on P.to
};

struct CommitteeFacts {
  Index unit = no_index;
  OrgKind kind = OrgKind::province;
  Period period;
  std::span<const Index> cells;  ///< every cell below
  std::uint32_t weak_cells = 0, other_cells = 0;
  std::uint32_t weak_cell_visits = 0, other_cell_visits = 0;  ///< inspection/supervision in P
};

}  // namespace chibo
