// The data contract's tables and their columns (docs/data.md), declared once: the loader reads
// them, and plugins' extensions are checked against them (internal).
#pragma once

#include <array>
#include <span>
#include <string_view>

namespace chibo::contract {

struct Column {
  std::string_view name;
  bool required;
};

struct TableSpec {
  std::string_view name;
  std::span<const Column> columns;
};

inline constexpr Column org_units_columns[] = {
    {"id", true},      {"parent_id", false},      {"kind", true},          {"name", true},
    {"sector", false}, {"established_on", false}, {"dissolved_on", false},
};
inline constexpr Column members_columns[] = {
    {"id", true},           {"cell_id", true},    {"full_name", true},   {"role", true},
    {"role_since", false},  {"status", true},     {"joined_on", true},   {"left_on", false},
    {"exempt_from", false}, {"exempt_to", false}, {"birth_year", false}, {"gender", false},
};
inline constexpr Column cadres_columns[] = {
    {"id", true},
    {"org_unit_id", true},
    {"full_name", true},
    {"position", false},
};
inline constexpr Column meetings_columns[] = {
    {"id", true},
    {"cell_id", true},
    {"kind", true},
    {"date", true},
    {"start_time", false},
    {"end_time", false},
    {"notice_date", false},
    {"prep_date", false},
    {"consulted_unit_head", false},
    {"content_sources", false},
    {"draft_resolution", false},
    {"notified_upper", false},
    {"chair_id", false},
    {"recorder_id", false},
    {"topic", false},
    {"topic_source", false},
    {"model_meeting", false},
    {"minutes_attendance", false},
    {"minutes_speakers", false},
    {"minutes_conclusion", false},
    {"minutes_signed", false},
    {"minutes_read_back", false},
    {"self_rating", false},
};
inline constexpr Column agenda_items_columns[] = {
    {"meeting_id", true},
    {"seq", true},
    {"category", true},
    {"minutes", true},
};
inline constexpr Column attendance_columns[] = {
    {"meeting_id", true},
    {"member_id", true},
    {"status", true},
    {"reason", false},
};
inline constexpr Column contributions_columns[] = {
    {"meeting_id", true},
    {"member_id", true},
    {"kind", true},
};
inline constexpr Column resolutions_columns[] = {
    {"id", true}, {"meeting_id", true}, {"text", false}, {"owner_id", false}, {"due_date", false},
};
inline constexpr Column tasks_columns[] = {
    {"id", true},        {"meeting_id", true},    {"assignee_id", true},     {"description", false},
    {"due_date", false}, {"completed_on", false}, {"followed_up_on", false},
};
inline constexpr Column visits_columns[] = {
    {"id", true},   {"cell_id", true},     {"cadre_id", true},     {"date", true},
    {"kind", true}, {"meeting_id", false}, {"report_date", false},
};
inline constexpr Column escalations_columns[] = {
    {"id", true},        {"cell_id", true},       {"meeting_id", false},
    {"raised_on", true}, {"responded_on", false}, {"subject", false},
};
inline constexpr Column briefings_columns[] = {
    {"id", true},
    {"org_unit_id", true},
    {"date", true},
};
inline constexpr Column briefing_attendance_columns[] = {
    {"briefing_id", true},
    {"member_id", true},
};
inline constexpr Column trainings_columns[] = {
    {"member_id", true}, {"date", true}, {"kind", true}, {"hours", false}, {"provider_org_id", false},
};
inline constexpr Column assignments_columns[] = {
    {"cadre_id", true},
    {"cell_id", true},
    {"from", true},
    {"to", false},
};
inline constexpr Column ratings_columns[] = {
    {"cell_id", true},
    {"year", true},
    {"rating", true},
};

/// Every table, in the order of Dataset::table_names(); a table's columns in the order its
/// loader reads them (the loader's column enums follow it).
inline constexpr std::array<TableSpec, 16> tables{{
    {"org_units", org_units_columns},
    {"members", members_columns},
    {"cadres", cadres_columns},
    {"meetings", meetings_columns},
    {"agenda_items", agenda_items_columns},
    {"attendance", attendance_columns},
    {"contributions", contributions_columns},
    {"resolutions", resolutions_columns},
    {"tasks", tasks_columns},
    {"visits", visits_columns},
    {"escalations", escalations_columns},
    {"briefings", briefings_columns},
    {"briefing_attendance", briefing_attendance_columns},
    {"trainings", trainings_columns},
    {"assignments", assignments_columns},
    {"ratings", ratings_columns},
}};

/// The spec of a table, or null.
constexpr const TableSpec* find(std::string_view table) noexcept {
  for (const auto& t : tables)
    if (t.name == table) return &t;
  return nullptr;
}

}  // namespace chibo::contract
