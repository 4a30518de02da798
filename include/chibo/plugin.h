/* The chibo plugin ABI (plain C): what crosses between chibo and a rule plugin.
 *
 * A plugin is a shared library exporting one function, chibo_plugin_entry. chibo passes it a
 * table of host functions and gets back a descriptor: the plugin's measures, rules and data
 * extensions. Only these structs, fixed-width integers, doubles and {pointer, length} views
 * cross: no C++ types, no exceptions, and nothing allocated on one side is freed on the other.
 * Memory a descriptor points to belongs to the plugin and must stay valid while the library is
 * loaded (chibo never unloads a library its registry uses). Memory a view points to belongs to
 * chibo and is valid during the call only.
 *
 * Versions: the plugin states the ABI major and minor it was built against and the size of
 * every struct it knows. chibo refuses another major or a newer minor; it reads an older minor
 * through the sizes (fields are only ever appended). A plugin reads a view only up to the
 * view's struct_size.
 *
 * Most plugins are written against the C++ SDK, <chibo/plugin.hpp>, which fills all of this in.
 * docs/plugins.md walks through it. */
#ifndef CHIBO_PLUGIN_H
#define CHIBO_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CHIBO_PLUGIN_ABI_MAJOR 1
#define CHIBO_PLUGIN_ABI_MINOR 1 /* 1.1: a rule says who must act and what its shortfall is */
/* The name of the one exported function. */
#define CHIBO_PLUGIN_ENTRY_NAME "chibo_plugin_entry"

/* Text: UTF-8 (Vietnamese in NFC), not NUL-terminated. */
typedef struct chibo_str {
  const char* data;
  size_t size;
} chibo_str;

/* Days since 1970-01-01; CHIBO_NO_DATE when not recorded. */
typedef int32_t chibo_date;
#define CHIBO_NO_DATE INT32_MIN
/* A row of a dataset table (0-based, the dataset's order); CHIBO_NO_ROW when none. */
typedef uint32_t chibo_row;
#define CHIBO_NO_ROW UINT32_MAX

enum chibo_level { CHIBO_LEVEL_MEETING = 0, CHIBO_LEVEL_CELL = 1, CHIBO_LEVEL_COMMITTEE = 2 };
/* Meeting kinds, as bits of chibo_rule_desc.kinds (0 there means every kind). */
/* Who must act on a rule's shortfall (ABI 1.1). */
enum chibo_owner { CHIBO_OWNER_CELL = 0, CHIBO_OWNER_SECRETARY = 1, CHIBO_OWNER_UPPER_COMMITTEE = 2 };
enum chibo_meeting_kind { CHIBO_KIND_REGULAR = 0, CHIBO_KIND_THEMATIC = 1, CHIBO_KIND_COMBINED = 2 };
enum chibo_value_type {
  CHIBO_TYPE_INTEGER = 0,
  CHIBO_TYPE_NUMBER = 1,
  CHIBO_TYPE_DATE = 2,
  CHIBO_TYPE_BOOLEAN = 3,
  CHIBO_TYPE_CODE = 4,
  CHIBO_TYPE_TEXT = 5
};
/* How an evidence value or a rule's metric reads in messages. */
enum chibo_unit {
  CHIBO_UNIT_NUMBER = 0,
  CHIBO_UNIT_RATIO = 1,
  CHIBO_UNIT_DAYS = 2,
  CHIBO_UNIT_MINUTES = 3,
  CHIBO_UNIT_DATE = 4,
  CHIBO_UNIT_YEAR = 5,
  CHIBO_UNIT_MONTHS = 6,
  CHIBO_UNIT_FLAG = 7
};
enum chibo_severity {
  CHIBO_SEVERITY_FROM_SCORE = -1,
  CHIBO_SEVERITY_ERROR = 0,
  CHIBO_SEVERITY_WARNING = 1,
  CHIBO_SEVERITY_INFO = 2
};
/* Codes of the dataset's enumerations, as in docs/data.md and in this order. */
enum chibo_yes_no { CHIBO_UNRECORDED = 0, CHIBO_YES = 1, CHIBO_NO = 2 };
enum chibo_org_kind {
  CHIBO_PROVINCE = 0,
  CHIBO_DISTRICT = 1,
  CHIBO_GRASSROOTS_COMMITTEE = 2,
  CHIBO_CELL = 3
};

struct chibo_context; /* chibo's, opaque: passed back to the host functions */

/* ---- What chibo passes to a rule (views; valid during the call) ---------------------------- */

typedef struct chibo_settings {
  uint32_t struct_size;
  double weight;
  double zero_at, full_at; /* the ramp */
  const double* constants; /* one per declared constant, in declaration order */
  uint32_t constant_count;
} chibo_settings;

/* The facts of one meeting (the same chibo's own meeting rules read). */
typedef struct chibo_meeting_view {
  uint32_t struct_size;
  const struct chibo_context* context;
  chibo_row meeting, cell;
  int32_t kind; /* chibo_meeting_kind */
  chibo_date date;
  uint32_t eligible, present_eligible, unexcused, present, speakers, present_eligible_with_task;
  int32_t has_criticism;
  chibo_date notice_date, prep_date;
  int32_t consulted_unit_head;                             /* 0 unrecorded, 1 yes, 2 no, 3 na */
  uint32_t content_sources;                                /* bit per source, in docs/data.md's order */
  int32_t draft_resolution, notified_upper, model_meeting; /* chibo_yes_no */
  int32_t agenda_minutes, agenda_minutes_dissemination_report;
  int32_t duration_minutes; /* 0 when start or end is not recorded */
  uint32_t minutes_fields_yes;
  int32_t chair_set, recorder_set, chair_is_recorder, chair_present, recorder_present;
  uint32_t resolutions, resolutions_specific, tasks;
  int32_t topic_source; /* 0 unrecorded, then docs/data.md's order */
  int32_t self_rating;  /* -1 none; 0 tot, 1 kha, 2 trung_binh, 3 kem */
} chibo_meeting_view;

typedef struct chibo_skipped_months {
  chibo_row member;
  int32_t year;
  uint32_t months; /* bit m-1: month m skipped */
} chibo_skipped_months;

typedef struct chibo_dated_response {
  chibo_date on, answered;
} chibo_dated_response;

typedef struct chibo_secretary {
  chibo_row member;
  chibo_date role_since;
  chibo_date latest_course, latest_model_meeting;
} chibo_secretary;

/* The facts of one cell over the period (the same chibo's own cell rules read), with its
 * members on the period's last day; its meetings come from chibo_host.cell_meetings. */
typedef struct chibo_cell_view {
  uint32_t struct_size;
  const struct chibo_context* context;
  chibo_row cell;
  chibo_date period_from, period_to;
  int32_t weak;
  uint32_t counted_months, counted_quarters, months_with_regular, quarters_with_thematic;
  uint32_t quarters_with_attend_visit, quarters_with_secretary_briefing;
  uint32_t meetings, meetings_with_criticism, tasks_due, tasks_on_time, tasks_followed_up;
  uint32_t topical_meetings, distinct_topics;
  int32_t supervisor_assigned;
  uint32_t supervision_visits, official_members;
  int32_t has_cell_committee;
  uint32_t self_rating_gap[7];       /* self-rated meetings by band(self) - band(computed) + 3 */
  const int32_t* counted_month_keys; /* year * 12 + month - 1 */
  uint32_t counted_month_count;
  const int32_t* counted_quarter_keys; /* year * 4 + quarter - 1 */
  uint32_t counted_quarter_count;
  const chibo_row* members; /* members of the cell on the period's last day */
  uint32_t member_count;
  const chibo_skipped_months* skipped;
  uint32_t skipped_count;
  const chibo_dated_response* attend_visits;
  uint32_t attend_visit_count;
  const chibo_dated_response* escalations;
  uint32_t escalation_count;
  const chibo_secretary* secretaries;
  uint32_t secretary_count;
} chibo_cell_view;

/* The facts of one committee over the period, with the cells below it. */
typedef struct chibo_committee_view {
  uint32_t struct_size;
  const struct chibo_context* context;
  chibo_row unit;
  int32_t kind; /* chibo_org_kind */
  chibo_date period_from, period_to;
  uint32_t weak_cells, other_cells, weak_cell_visits, other_cell_visits;
  const chibo_row* cells; /* every cell below, at any depth */
  uint32_t cell_count;
} chibo_committee_view;

/* ---- What a rule gives back ------------------------------------------------------------------ */

#define CHIBO_EVIDENCE_MAX 6
typedef struct chibo_evidence {
  uint32_t key; /* position in the rule's evidence_keys */
  int32_t unit; /* chibo_unit */
  double value;
} chibo_evidence;

/* chibo fills it with N/A (NaN score and metric, no evidence) before the call. */
typedef struct chibo_outcome {
  uint32_t struct_size;
  double score;     /* in [0, 1]; NaN for N/A */
  double metric;    /* the x the ramp was applied to */
  int32_t severity; /* chibo_severity */
  uint32_t evidence_count;
  chibo_evidence evidence[CHIBO_EVIDENCE_MAX];
  chibo_str error; /* when the rule returns non-zero: what went wrong (chibo copies it at once) */
} chibo_outcome;

/* A rule returns 0, or non-zero when it failed on this subject (its score is then N/A and the
 * subject gets an error finding with outcome->error). `user` is chibo_rule_desc.user. Rules are
 * called from several threads at once and must not keep state between calls. */
typedef int32_t (*chibo_meeting_rule_fn)(const void* user, const chibo_meeting_view* facts,
                                         const chibo_settings* settings, chibo_outcome* out);
typedef int32_t (*chibo_cell_rule_fn)(const void* user, const chibo_cell_view* facts,
                                      const chibo_settings* settings, chibo_outcome* out);
typedef int32_t (*chibo_committee_rule_fn)(const void* user, const chibo_committee_view* facts,
                                           const chibo_settings* settings, chibo_outcome* out);

/* ---- Host functions (chibo's, for the plugin to call during a rule) ------------------------- */

typedef struct chibo_host {
  uint32_t struct_size;
  uint32_t abi_major, abi_minor;
  chibo_str version; /* chibo's own */
  /* The value of the plugin's extension column `column` (position among the columns it
   * declared) at `row` of its table: a number, a boolean (1/0), a date (days) or a code
   * (position in its codes); NaN when not recorded or not a number column. */
  double (*column_number)(const struct chibo_context*, uint32_t column, chibo_row row);
  /* The same for a text column (empty when not recorded). */
  chibo_str (*column_text)(const struct chibo_context*, uint32_t column, chibo_row row);
  /* The rows of the plugin's extension table `table` (position among the tables it declared)
   * whose key names `key`: [*first, *first + count), the count returned. */
  uint32_t (*table_rows)(const struct chibo_context*, uint32_t table, chibo_row key, chibo_row* first);
  double (*table_number)(const struct chibo_context*, uint32_t table, uint32_t column, chibo_row row);
  chibo_str (*table_text)(const struct chibo_context*, uint32_t table, uint32_t column, chibo_row row);
  /* In a committee rule: the score of one of the plugin's own cell rules (position among the
   * rules it declared) for a cell below; NaN when N/A. */
  double (*cell_rule_score)(const struct chibo_context*, uint32_t rule, chibo_row cell);
  /* In a cell rule: the cell's meetings in the period, by date, and their count (made on the
   * first request of the call: a rule that reads none costs nothing for them). */
  const chibo_meeting_view* (*cell_meetings)(const struct chibo_context*, uint32_t* count);
  /* Id text and kind of an org unit row. */
  chibo_str (*unit_id)(const struct chibo_context*, chibo_row unit);
  int32_t (*unit_kind)(const struct chibo_context*, chibo_row unit);
} chibo_host;

/* ---- What a plugin declares ----------------------------------------------------------------- */

typedef struct chibo_constant_desc {
  chibo_str name;
  double value; /* the default */
  chibo_str description;
} chibo_constant_desc;

typedef struct chibo_measure_desc {
  chibo_str id; /* "EH" */
  chibo_str name_vi, name_en;
} chibo_measure_desc;

typedef struct chibo_rule_desc {
  chibo_str id;      /* in the plugin's namespace: "BG.1" */
  chibo_str name;    /* snake_case */
  chibo_str measure; /* "M4", or a measure the plugin declares */
  int32_t level;     /* chibo_level */
  uint32_t kinds;    /* meeting rules: bits of chibo_meeting_kind; 0 = every kind */
  int32_t gate;      /* default gate membership (meeting and cell rules) */
  int32_t in_total;  /* 0: reported, not counted in totals */
  double weight, zero_at, full_at;
  const chibo_constant_desc* constants;
  uint32_t constant_count;
  const chibo_str* evidence_keys; /* names an outcome's evidence uses, and messages show as {key} */
  uint32_t evidence_key_count;
  chibo_str metric; /* what x is, in English */
  int32_t metric_unit;
  chibo_str description, description_vi, source;
  chibo_str message_vi, message_en; /* the finding, with {key}, {member}, {meeting}, {cell} */
  chibo_meeting_rule_fn meeting;    /* the one of its level */
  chibo_cell_rule_fn cell;
  chibo_committee_rule_fn committee;
  const void* user; /* passed back to the rule function */
  /* ABI 1.1 (a 1.0 plugin's rules read as owner CHIBO_OWNER_CELL, the rest empty): */
  int32_t owner;                        /* chibo_owner */
  chibo_str shortfall_vi, shortfall_en; /* what is wrong when the rule falls short */
  chibo_str threshold_source;           /* the official text behind full_at; empty: the plugin's choice */
} chibo_rule_desc;

typedef struct chibo_column_desc {
  chibo_str table; /* an extension column: the contract table it joins; unused in a table */
  chibo_str name;
  int32_t type; /* chibo_value_type */
  int32_t required;
  const chibo_str* codes; /* a code column's values */
  uint32_t code_count;
  chibo_str description;
} chibo_column_desc;

typedef struct chibo_table_desc {
  chibo_str name;       /* the file is NAME.csv in the dataset folder */
  chibo_str key_column; /* holds an id of key_table */
  chibo_str key_table;  /* org_units, members, cadres, meetings or briefings */
  int32_t required;     /* 0: a missing file is an empty table */
  const chibo_column_desc* columns;
  uint32_t column_count;
  chibo_str description;
} chibo_table_desc;

/* sizeof of each struct as the plugin was built: chibo reads arrays with these strides. */
typedef struct chibo_struct_sizes {
  uint32_t plugin_desc, measure_desc, rule_desc, constant_desc, column_desc, table_desc;
  uint32_t host, settings, outcome, evidence, meeting_view, cell_view, committee_view;
} chibo_struct_sizes;

typedef struct chibo_plugin_desc {
  uint32_t abi_major, abi_minor; /* always first, so that any version can read them */
  chibo_struct_sizes sizes;
  chibo_str name; /* "bac-giang" */
  chibo_str version;
  chibo_str description;
  const chibo_measure_desc* measures;
  uint32_t measure_count;
  const chibo_rule_desc* rules;
  uint32_t rule_count;
  const chibo_column_desc* columns; /* extension columns on contract tables */
  uint32_t column_count;
  const chibo_table_desc* tables;
  uint32_t table_count;
  chibo_str error; /* non-empty: the plugin could not describe itself (chibo refuses it) */
} chibo_plugin_desc;

/* The entry point: returns the descriptor (valid while the library is loaded), or null. */
typedef const chibo_plugin_desc* (*chibo_plugin_entry_fn)(const chibo_host* host);

#ifdef __cplusplus
}
#endif

#endif /* CHIBO_PLUGIN_H */
