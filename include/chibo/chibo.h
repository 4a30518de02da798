/* chibo's C API: load a dataset, choose a policy, score a period and read the results, from C
 * or any language that calls C (Python's ctypes, Java's FFM, C#'s P/Invoke). docs/c-api.md.
 *
 * - Handles are opaque and reference counted: *_retain adds a reference, *_release drops one.
 *   A report keeps its dataset and policy alive; a finding list keeps its report alive.
 * - Every call that can fail returns a chibo_status; on failure chibo_last_error() (per thread)
 *   says why, and chibo_last_problem() lists a rejected dataset's problems with their location.
 *   No exception crosses this API.
 * - Strings are UTF-8. Those a call returns stay valid as long as the handle they came from.
 * - Versioned like the plugin ABI: a program built against CHIBO_C_API_MAJOR works with any
 *   library of the same major and a minor at least its own (chibo_api_version()). Structures
 *   that may grow begin with `size`, which the caller sets to sizeof the structure it knows. */
#ifndef CHIBO_CHIBO_H
#define CHIBO_CHIBO_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32) && defined(CHIBO_BUILDING)
#define CHIBO_API __declspec(dllexport)
#elif defined(_WIN32)
#define CHIBO_API __declspec(dllimport)
#elif defined(__GNUC__)
#define CHIBO_API __attribute__((visibility("default")))
#else
#define CHIBO_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

#define CHIBO_C_API_MAJOR 1
#define CHIBO_C_API_MINOR 1

/** (major << 16) | minor of the library's C API. */
CHIBO_API uint32_t chibo_api_version(void);
/** The library's version, e.g. "0.1.0". */
CHIBO_API const char* chibo_version(void);

typedef enum chibo_status {
  CHIBO_OK = 0,
  CHIBO_ERROR_ARGUMENT = 1,  /**< a null handle, an index out of range, a bad option */
  CHIBO_ERROR_INPUT = 2,     /**< the dataset (or a policy file) was rejected: see chibo_last_problem */
  CHIBO_ERROR_IO = 3,        /**< a file could not be read or written */
  CHIBO_ERROR_DATABASE = 4,  /**< a database could not be opened or read */
  CHIBO_ERROR_PLUGIN = 5,    /**< a plugin could not be loaded */
  CHIBO_ERROR_NOT_FOUND = 6, /**< no such id */
  CHIBO_ERROR_INTERNAL = 7   /**< a bug: please report it with the message */
} chibo_status;

/** Why the last call on this thread failed (an empty string after a success). */
CHIBO_API const char* chibo_last_error(void);

/** One problem of a rejected dataset: `file:line:column` for a CSV file, `file[row_key]` for a
 *  database's row (row_key then non-empty). */
typedef struct chibo_problem {
  const char* file;
  size_t line;
  size_t column;
  const char* row_key;
  const char* message;
} chibo_problem;
/** Problems listed by the last CHIBO_ERROR_INPUT on this thread (0 otherwise). */
CHIBO_API size_t chibo_last_problem_count(void);
/** Problem i of the last CHIBO_ERROR_INPUT; valid until the next failing call on this thread. */
CHIBO_API chibo_status chibo_last_problem(size_t i, chibo_problem* out);

/* ---- logging ---- */
typedef enum chibo_log_level {
  CHIBO_LOG_DEBUG = 1,
  CHIBO_LOG_INFO = 2,
  CHIBO_LOG_WARNING = 3,
  CHIBO_LOG_ERROR = 4,
  CHIBO_LOG_OFF = 6
} chibo_log_level;
typedef void (*chibo_log_fn)(void* user, chibo_log_level level, const char* message);
/** Sends the library's log lines at `min_level` or above to `fn` (null: none at all) instead of
 *  standard error. Log lines never hold a member's name at INFO or above. */
CHIBO_API void chibo_set_log(chibo_log_fn fn, void* user, chibo_log_level min_level);

/* ---- datasets ---- */
typedef struct chibo_dataset chibo_dataset;

typedef struct chibo_load_options {
  size_t size;         /**< sizeof(chibo_load_options) */
  unsigned threads;    /**< 0: all cores */
  int keep_names;      /**< keep members' names (findings name members): default 1 */
  size_t max_problems; /**< problems listed when rejected: default 100 */
} chibo_load_options;

/** Loads a dataset from a folder of CSV files, an SQLite file or a postgresql:// URL, with
 *  every check of the data contract. `options` may be null. */
CHIBO_API chibo_status chibo_dataset_load(const char* location, const chibo_load_options* options,
                                          chibo_dataset** out);

/** A dataset handed over in memory, table by table and column by column, as text in the
 *  contract's formats (a null value: not recorded). Checked like a file when built. */
typedef struct chibo_dataset_builder chibo_dataset_builder;
CHIBO_API chibo_status chibo_dataset_builder_new(chibo_dataset_builder** out);
/** Sets one column of a table (every column of a table must have the same number of rows). */
CHIBO_API chibo_status chibo_dataset_builder_column(chibo_dataset_builder* builder, const char* table,
                                                    const char* column, const char* const* values,
                                                    size_t rows);
/** Checks and indexes the tables; the builder can then be freed. */
CHIBO_API chibo_status chibo_dataset_builder_build(chibo_dataset_builder* builder,
                                                   const chibo_load_options* options, chibo_dataset** out);
CHIBO_API void chibo_dataset_builder_free(chibo_dataset_builder* builder);

CHIBO_API chibo_dataset* chibo_dataset_retain(chibo_dataset* dataset);
CHIBO_API void chibo_dataset_release(chibo_dataset* dataset);
/** Rows of a table of the contract ("members", "meetings", …); 0 for an unknown table. */
CHIBO_API size_t chibo_dataset_rows(const chibo_dataset* dataset, const char* table);

/* ---- policies ---- */
typedef struct chibo_policy chibo_policy;
/** A policy: "default", a built-in profile ("hd12-2018", "hd42-2025") or a TOML file, with the
 *  rules of `plugin_count` plugin libraries (paths) added. */
CHIBO_API chibo_status chibo_policy_load(const char* spec, const char* const* plugins, size_t plugin_count,
                                         chibo_policy** out);
CHIBO_API chibo_policy* chibo_policy_retain(chibo_policy* policy);
CHIBO_API void chibo_policy_release(chibo_policy* policy);

/* ---- scoring ---- */
typedef struct chibo_report chibo_report;

/** Scores every meeting, cell and committee over [from, to] (dates "YYYY-MM-DD"). */
CHIBO_API chibo_status chibo_score(chibo_dataset* dataset, chibo_policy* policy, const char* from,
                                   const char* to, chibo_report** out);
/** Scores a calendar year. */
CHIBO_API chibo_status chibo_score_year(chibo_dataset* dataset, chibo_policy* policy, int year,
                                        chibo_report** out);
CHIBO_API chibo_report* chibo_report_retain(chibo_report* report);
CHIBO_API void chibo_report_release(chibo_report* report);

/** Ratings of meeting quality; CHIBO_RATING_NONE when not rated (no meeting in the period). */
typedef enum chibo_rating {
  CHIBO_RATING_NONE = -1,
  CHIBO_RATING_TOT = 0,        /**< tốt, good */
  CHIBO_RATING_KHA = 1,        /**< khá, fair */
  CHIBO_RATING_TRUNG_BINH = 2, /**< trung bình, average */
  CHIBO_RATING_KEM = 3         /**< kém, poor */
} chibo_rating;

typedef enum chibo_language { CHIBO_LANG_VI = 0, CHIBO_LANG_EN = 1 } chibo_language;

/** The terminal summary (as `chibo score` prints it) into a caller's buffer. Writes at most
 *  `size` bytes with a terminating NUL and sets *needed to the full length + 1: call with
 *  size 0 to learn it. */
CHIBO_API chibo_status chibo_report_summary(const chibo_report* report, chibo_language lang, char* buffer,
                                            size_t size, size_t* needed);
/** The chibo-report JSON (docs/report.md) into a file. */
CHIBO_API chibo_status chibo_report_write_json(const chibo_report* report, const char* path);

/** A unit (org unit) of a report. NaN is "not applicable". */
typedef struct chibo_unit {
  size_t size; /**< sizeof(chibo_unit) */
  const char* id;
  const char* name;
  const char* kind;      /**< "cell", "grassroots_committee", … */
  const char* parent_id; /**< "" for a root (the structure on the period's last day) */
  double total;          /**< 0–100 */
  chibo_rating rating;
  int weak;            /**< cells: yếu kém per the rulebook */
  double duty;         /**< upper committees' duties toward it, 0–100 */
  uint32_t ratings[4]; /**< committees: cells below by rating (tốt … kém) */
} chibo_unit;
CHIBO_API size_t chibo_report_unit_count(const chibo_report* report);
CHIBO_API chibo_status chibo_report_unit(const chibo_report* report, size_t i, chibo_unit* out);
/** The position of a unit by id. */
CHIBO_API chibo_status chibo_report_find_unit(const chibo_report* report, const char* id, size_t* out);
/** The seven measures: scores 0–100 of unit i (NaN = N/A); `count` is 7. */
CHIBO_API chibo_status chibo_report_unit_measures(const chibo_report* report, size_t i, double* out,
                                                  size_t count);

/** A meeting of the period. */
typedef struct chibo_meeting {
  size_t size; /**< sizeof(chibo_meeting) */
  const char* id;
  const char* cell_id;
  int year, month, day;
  double total;
  chibo_rating rating;
} chibo_meeting;
CHIBO_API size_t chibo_report_meeting_count(const chibo_report* report);
CHIBO_API chibo_status chibo_report_meeting(const chibo_report* report, size_t i, chibo_meeting* out);

/** A rule worth fixing first in a cell (ưu tiên khắc phục): the points its total would gain. */
typedef struct chibo_priority {
  const char* rule_id;
  double points;
} chibo_priority;
/** Up to `capacity` priorities of unit i, most points first; *count set to how many. */
CHIBO_API chibo_status chibo_report_priorities(const chibo_report* report, size_t i, chibo_priority* out,
                                               size_t capacity, size_t* count);

/* ---- findings ---- */
typedef struct chibo_findings chibo_findings;
typedef enum chibo_severity {
  CHIBO_FINDING_ERROR = 0, /**< the rule is not met */
  CHIBO_FINDING_WARNING = 1,
  CHIBO_FINDING_INFO = 2
} chibo_severity;
typedef struct chibo_finding {
  size_t size; /**< sizeof(chibo_finding) */
  const char* rule_id;
  chibo_severity severity;
  const char* meeting_id; /**< "" when not about one meeting */
  const char* member_id;  /**< "" when not about one member */
  double score;           /**< the rule's score 0–1 where the finding arose */
} chibo_finding;
/** The findings of unit i (a cell's by meeting date and rule), made again from the facts. */
CHIBO_API chibo_status chibo_report_findings(chibo_report* report, size_t i, chibo_findings** out);
CHIBO_API size_t chibo_findings_count(const chibo_findings* findings);
CHIBO_API chibo_status chibo_findings_get(const chibo_findings* findings, size_t i, chibo_finding* out);
/** A finding's message in a language, evidence filled in, into a caller's buffer (as
 *  chibo_report_summary). */
CHIBO_API chibo_status chibo_findings_message(const chibo_findings* findings, size_t i, chibo_language lang,
                                              char* buffer, size_t size, size_t* needed);
CHIBO_API void chibo_findings_release(chibo_findings* findings);

/* ---- provenance: which data and rules a report came from (docs/provenance.md; API 1.1) ---- */
typedef struct chibo_provenance chibo_provenance;
/** What a record says of its making. */
typedef struct chibo_provenance_info {
  size_t size;               /**< sizeof(chibo_provenance_info) */
  const char* chibo_version; /**< the chibo that made it */
  const char* policy;        /**< the policy's name: "default", a profile, a file */
  const char* policy_hash;
  int redacted; /**< ids and names replaced by pseudonyms (the key is never recorded) */
  size_t table_count;
} chibo_provenance_info;
/** One table of a record. */
typedef struct chibo_input_table {
  size_t size;        /**< sizeof(chibo_input_table) */
  const char* name;   /**< the contract's table ("members") or a plugin's */
  const char* source; /**< where it was read: "members.csv", "data.sqlite:members"; "" if not read */
  uint64_t rows;
  uint64_t bytes;
  const char* xxh128; /**< XXH3-128 of the bytes, 32 hex digits; "" if not read */
} chibo_input_table;
/** The record of a dataset scored under a policy: what a report of them carries. */
CHIBO_API chibo_status chibo_dataset_provenance(chibo_dataset* dataset, chibo_policy* policy,
                                                chibo_provenance** out);
/** The record a report carries. */
CHIBO_API chibo_status chibo_report_provenance(const chibo_report* report, chibo_provenance** out);
/** The record a written report holds: a JSON report, a CSV report folder or an HTML page.
 *  CHIBO_ERROR_INPUT, with the file as the problem, when it holds none or it is malformed. */
CHIBO_API chibo_status chibo_provenance_read(const char* path, chibo_provenance** out);
CHIBO_API chibo_status chibo_provenance_get(const chibo_provenance* record, chibo_provenance_info* out);
/** Table i of a record: the contract's tables in order, then plugins' tables. */
CHIBO_API chibo_status chibo_provenance_table(const chibo_provenance* record, size_t i,
                                              chibo_input_table* out);
CHIBO_API chibo_provenance* chibo_provenance_retain(chibo_provenance* record);
CHIBO_API void chibo_provenance_release(chibo_provenance* record);

typedef enum chibo_table_state {
  CHIBO_TABLE_SAME = 0,        /**< same rows; same bytes where both have a fingerprint */
  CHIBO_TABLE_DIFFERS = 1,     /**< rows or bytes differ */
  CHIBO_TABLE_NOT_IN_DATA = 2, /**< recorded with rows, absent from the dataset */
  CHIBO_TABLE_NOT_RECORDED = 3 /**< in the dataset with rows, absent from the record */
} chibo_table_state;
typedef struct chibo_table_check {
  const char* name; /**< lives as long as the records compared */
  chibo_table_state state;
} chibo_table_check;
/** Compares a report's record with a dataset's, as `chibo verify` does. *data_same is 1 when
 *  every table is the same (the report was computed from this data), *same_version 1 when this
 *  chibo's version made the record. Writes up to `capacity` tables into `out` (the record's
 *  order, then tables only the dataset has) and sets *count to how many were compared. The
 *  policy is compared by the caller: the records' policy_hash. */
CHIBO_API chibo_status chibo_provenance_verify(const chibo_provenance* recorded,
                                               const chibo_provenance* found, int* data_same,
                                               int* same_version, chibo_table_check* out, size_t capacity,
                                               size_t* count);

/* ---- one meeting, as it is entered ---- */
typedef struct chibo_meeting_result {
  size_t size; /**< sizeof(chibo_meeting_result) */
  double total;
  chibo_rating rating;
  size_t finding_count;
} chibo_meeting_result;
/** Scores one meeting of a dataset (by id) with the profile in force on its date: what an
 *  application shows when the secretary has entered it (build the dataset with the new
 *  meeting, then ask). Its findings into *findings unless `findings` is null. */
CHIBO_API chibo_status chibo_score_meeting(chibo_dataset* dataset, chibo_policy* policy,
                                           const char* meeting_id, chibo_meeting_result* out,
                                           chibo_findings** findings);

#ifdef __cplusplus
}
#endif

#endif /* CHIBO_CHIBO_H */
