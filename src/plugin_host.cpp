// Loading rule plugins (include/chibo/plugin.h): the handshake, the checks of what a plugin
// declares, and the adapter through which the engine calls a plugin's rules.
#define BOOST_DLL_USE_STD_FS
#include <chibo/plugin.h>
#include <chibo/diagnostics.hpp>
#include <chibo/engine.hpp>
#include <chibo/rule.hpp>
#include <chibo/unicode.hpp>
#include <chibo/version.hpp>

#include "plugin_host.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <boost/dll/shared_library.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cmath>
#include <cstring>
#include <mutex>
#include <set>

// What the host functions need to answer a plugin during one rule call.
struct chibo_context {
  const chibo::Dataset* dataset = nullptr;
  const chibo::Report* report = nullptr;
  const struct chibo_binding* binding = nullptr;
  // In a cell rule: the facts, and where the meetings' views are made when first asked for.
  const chibo::CellFacts* cell = nullptr;
  std::vector<chibo_meeting_view>* meetings = nullptr;
  mutable bool meetings_made = false;
};

// One loaded plugin as its rules need it: the library, and where its declarations landed.
struct chibo_binding {
  std::shared_ptr<boost::dll::shared_library> library;
  std::vector<std::uint32_t> columns;  // plugin's column k → DataExtensions::columns
  std::vector<std::uint32_t> tables;   // plugin's table k → DataExtensions::tables
  std::vector<std::uint16_t> rules;    // plugin's rule k → Registry::rules()
};

namespace chibo {

namespace {

namespace fs = std::filesystem;

// Sizes of every struct at each minor version of ABI major 1 (fields are only ever appended):
// 1.1 appended the rule's owner, shortfall and threshold source.
constexpr chibo_struct_sizes host_sizes{
    sizeof(chibo_plugin_desc),   sizeof(chibo_measure_desc), sizeof(chibo_rule_desc),
    sizeof(chibo_constant_desc), sizeof(chibo_column_desc),  sizeof(chibo_table_desc),
    sizeof(chibo_host),          sizeof(chibo_settings),     sizeof(chibo_outcome),
    sizeof(chibo_evidence),      sizeof(chibo_meeting_view), sizeof(chibo_cell_view),
    sizeof(chibo_committee_view)};
constexpr chibo_struct_sizes minimum_sizes_1_0 = [] {
  chibo_struct_sizes s = host_sizes;
  s.rule_desc = offsetof(chibo_rule_desc, owner);
  return s;
}();

chibo_date to_days(Date d) noexcept {
  return d.is_special() ? CHIBO_NO_DATE : static_cast<chibo_date>(days_since_1970(d));
}

std::string text(chibo_str s) {
  return s.data ? std::string(s.data, s.size) : std::string();
}
chibo_str view_of(std::string_view s) noexcept {
  return {s.data(), s.size()};
}

// ---- host functions ------------------------------------------------------------------------

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

const ExtensionValues* column_values(const chibo_context* c, std::uint32_t column) noexcept {
  if (!c || !c->binding || column >= c->binding->columns.size()) return nullptr;
  const auto g = c->binding->columns[column];
  const auto& cols = c->dataset->extensions.columns;
  return g < cols.size() ? &cols[g] : nullptr;
}
const ExtensionRows* table_of(const chibo_context* c, std::uint32_t table) noexcept {
  if (!c || !c->binding || table >= c->binding->tables.size()) return nullptr;
  const auto g = c->binding->tables[table];
  const auto& tables = c->dataset->extensions.tables;
  return g < tables.size() ? &tables[g] : nullptr;
}
double number_at(const ExtensionValues* v, chibo_row row) noexcept {
  return v && row < v->numbers.size() ? v->numbers[row] : nan_value;
}
chibo_str text_at(const ExtensionValues* v, chibo_row row) noexcept {
  return v && row < v->text.size() ? view_of(v->text[row]) : chibo_str{"", 0};
}

double host_column_number(const chibo_context* c, std::uint32_t column, chibo_row row) noexcept {
  return number_at(column_values(c, column), row);
}
chibo_str host_column_text(const chibo_context* c, std::uint32_t column, chibo_row row) noexcept {
  return text_at(column_values(c, column), row);
}
std::uint32_t host_table_rows(const chibo_context* c, std::uint32_t table, chibo_row key,
                              chibo_row* first) noexcept {
  const ExtensionRows* t = table_of(c, table);
  if (first) *first = 0;
  if (!t || key + 1 >= t->offsets.size()) return 0;
  if (first) *first = t->offsets[key];
  return t->offsets[key + 1] - t->offsets[key];
}
double host_table_number(const chibo_context* c, std::uint32_t table, std::uint32_t column,
                         chibo_row row) noexcept {
  const ExtensionRows* t = table_of(c, table);
  return t && column < t->columns.size() ? number_at(&t->columns[column], row) : nan_value;
}
chibo_str host_table_text(const chibo_context* c, std::uint32_t table, std::uint32_t column,
                          chibo_row row) noexcept {
  const ExtensionRows* t = table_of(c, table);
  return t && column < t->columns.size() ? text_at(&t->columns[column], row) : chibo_str{"", 0};
}
double host_cell_rule_score(const chibo_context* c, std::uint32_t rule, chibo_row cell) noexcept {
  if (!c || !c->report || !c->binding || rule >= c->binding->rules.size()) return nan_value;
  const Report& r = *c->report;
  if (cell >= r.units.size() || r.dataset->org_units.kind[cell] != OrgKind::cell) return nan_value;
  const auto ids = r.unit_rule_ids(true);
  for (std::size_t k = 0; k < ids.size(); ++k)
    if (ids[k] == c->binding->rules[rule]) {
      const auto scores = r.rules_of(cell);  // empty in a report scored without them
      return k < scores.size() ? scores[k] : nan_value;
    }
  return nan_value;
}
chibo_meeting_view meeting_view(const MeetingFacts& f, const chibo_context* ctx) noexcept;

const chibo_meeting_view* host_cell_meetings(const chibo_context* c, std::uint32_t* count) noexcept {
  if (count) *count = 0;
  if (!c || !c->cell || !c->meetings) return nullptr;
  if (!c->meetings_made) {
    c->meetings->clear();
    for (const auto& m : c->cell->meeting_facts) c->meetings->push_back(meeting_view(m, c));
    c->meetings_made = true;
  }
  if (count) *count = static_cast<std::uint32_t>(c->meetings->size());
  return c->meetings->data();
}

chibo_str host_unit_id(const chibo_context* c, chibo_row unit) noexcept {
  if (!c || unit >= c->dataset->org_units.size()) return {"", 0};
  return view_of(c->dataset->org_units.id[unit]);
}
std::int32_t host_unit_kind(const chibo_context* c, chibo_row unit) noexcept {
  if (!c || unit >= c->dataset->org_units.size()) return -1;
  return static_cast<std::int32_t>(c->dataset->org_units.kind[unit]);
}

constexpr std::string_view host_version = chibo::version;
const chibo_host host_table{sizeof(chibo_host),    CHIBO_PLUGIN_ABI_MAJOR, CHIBO_PLUGIN_ABI_MINOR,
                            view_of(host_version), host_column_number,     host_column_text,
                            host_table_rows,       host_table_number,      host_table_text,
                            host_cell_rule_score,  host_cell_meetings,     host_unit_id,
                            host_unit_kind};

// ---- facts as views ------------------------------------------------------------------------

chibo_meeting_view meeting_view(const MeetingFacts& f, const chibo_context* ctx) noexcept {
  chibo_meeting_view v{};
  v.struct_size = sizeof v;
  v.context = ctx;
  v.meeting = f.meeting;
  v.cell = f.cell;
  v.kind = static_cast<std::int32_t>(f.kind);
  v.date = to_days(f.date);
  v.eligible = f.eligible;
  v.present_eligible = f.present_eligible;
  v.unexcused = f.unexcused;
  v.present = f.present;
  v.speakers = f.speakers;
  v.present_eligible_with_task = f.present_eligible_with_task;
  v.has_criticism = f.has_criticism;
  v.notice_date = to_days(f.notice_date);
  v.prep_date = to_days(f.prep_date);
  v.consulted_unit_head = static_cast<std::int32_t>(f.consulted_unit_head);
  v.content_sources = f.content_sources;
  v.draft_resolution = static_cast<std::int32_t>(f.draft_resolution);
  v.notified_upper = static_cast<std::int32_t>(f.notified_upper);
  v.model_meeting = static_cast<std::int32_t>(f.model_meeting);
  v.agenda_minutes = f.agenda_minutes;
  v.agenda_minutes_dissemination_report = f.agenda_minutes_dissemination_report;
  v.duration_minutes = f.duration_minutes;
  v.minutes_fields_yes = f.minutes_fields_yes;
  v.chair_set = f.chair_set;
  v.recorder_set = f.recorder_set;
  v.chair_is_recorder = f.chair_is_recorder;
  v.chair_present = f.chair_present;
  v.recorder_present = f.recorder_present;
  v.resolutions = f.resolutions;
  v.resolutions_specific = f.resolutions_specific;
  v.tasks = f.tasks;
  v.topic_source = static_cast<std::int32_t>(f.topic_source);
  v.self_rating = f.self_rating ? static_cast<std::int32_t>(*f.self_rating) : -1;
  return v;
}

// Arrays behind one cell view, reused by each thread from cell to cell.
struct CellScratch {
  std::vector<chibo_meeting_view> meetings;
  std::vector<chibo_skipped_months> skipped;
  std::vector<chibo_dated_response> visits, escalations;
  std::vector<chibo_secretary> secretaries;
};

template <class T>
std::uint32_t count(std::span<const T> s) noexcept {
  return static_cast<std::uint32_t>(s.size());
}

chibo_cell_view cell_view(const CellFacts& f, const chibo_context* ctx, CellScratch& x) {
  chibo_cell_view v{};
  v.struct_size = sizeof v;
  v.context = ctx;
  v.cell = f.cell;
  v.period_from = to_days(f.period.from);
  v.period_to = to_days(f.period.to);
  v.weak = f.weak;
  v.counted_months = f.counted_months;
  v.counted_quarters = f.counted_quarters;
  v.months_with_regular = f.months_with_regular;
  v.quarters_with_thematic = f.quarters_with_thematic;
  v.quarters_with_attend_visit = f.quarters_with_attend_visit;
  v.quarters_with_secretary_briefing = f.quarters_with_secretary_briefing;
  v.meetings = f.meetings;
  v.meetings_with_criticism = f.meetings_with_criticism;
  v.tasks_due = f.tasks_due;
  v.tasks_on_time = f.tasks_on_time;
  v.tasks_followed_up = f.tasks_followed_up;
  v.topical_meetings = f.topical_meetings;
  v.distinct_topics = f.distinct_topics;
  v.supervisor_assigned = f.supervisor_assigned;
  v.supervision_visits = f.supervision_visits;
  v.official_members = f.official_members;
  v.has_cell_committee = f.has_cell_committee;
  std::copy(f.self_rating_gap.begin(), f.self_rating_gap.end(), v.self_rating_gap);
  v.counted_month_keys = f.months.data();
  v.counted_month_count = count(f.months);
  v.counted_quarter_keys = f.quarters.data();
  v.counted_quarter_count = count(f.quarters);
  v.members = f.members_on_end.data();
  v.member_count = count(f.members_on_end);
  x.skipped.clear();
  for (const auto& s : f.skipped) x.skipped.push_back({s.member, s.year, s.months});
  v.skipped = x.skipped.data();
  v.skipped_count = static_cast<std::uint32_t>(x.skipped.size());
  auto responses = [](std::span<const DatedResponse> in, std::vector<chibo_dated_response>& out) {
    out.clear();
    for (const auto& r : in) out.push_back({to_days(r.on), to_days(r.answered)});
  };
  responses(f.attend_visits, x.visits);
  v.attend_visits = x.visits.data();
  v.attend_visit_count = static_cast<std::uint32_t>(x.visits.size());
  responses(f.escalations, x.escalations);
  v.escalations = x.escalations.data();
  v.escalation_count = static_cast<std::uint32_t>(x.escalations.size());
  x.secretaries.clear();
  for (const auto& s : f.secretaries)
    x.secretaries.push_back(
        {s.member, to_days(s.role_since), to_days(s.latest_training[0]), to_days(s.latest_training[1])});
  v.secretaries = x.secretaries.data();
  v.secretary_count = static_cast<std::uint32_t>(x.secretaries.size());
  return v;
}

chibo_committee_view committee_view(const CommitteeFacts& f, const chibo_context* ctx) noexcept {
  chibo_committee_view v{};
  v.struct_size = sizeof v;
  v.context = ctx;
  v.unit = f.unit;
  v.kind = static_cast<std::int32_t>(f.kind);
  v.period_from = to_days(f.period.from);
  v.period_to = to_days(f.period.to);
  v.weak_cells = f.weak_cells;
  v.other_cells = f.other_cells;
  v.weak_cell_visits = f.weak_cell_visits;
  v.other_cell_visits = f.other_cell_visits;
  v.cells = f.cells.data();
  v.cell_count = count(f.cells);
  return v;
}

// ---- a plugin's rule, as the engine calls it -------------------------------------------------

class PluginRule final : public ExternalRule {
 public:
  PluginRule(std::shared_ptr<const chibo_binding> binding, const chibo_rule_desc& d)
      : binding_(std::move(binding)), desc_(d) {
    for (std::uint32_t k = 0; k < d.evidence_key_count; ++k) keys_.push_back(text(d.evidence_keys[k]));
    for (const auto& k : keys_) key_names_.push_back(k.c_str());
  }

  Outcome meeting(const RuleContext& ctx, const MeetingFacts& f, const RuleSettings& s) const override {
    const chibo_context c{ctx.dataset, ctx.report, binding_.get()};
    const chibo_meeting_view v = meeting_view(f, &c);
    return call(desc_.meeting, &v, s);
  }
  Outcome cell(const RuleContext& ctx, const CellFacts& f, const RuleSettings& s) const override {
    thread_local CellScratch scratch;
    const chibo_context c{ctx.dataset, ctx.report, binding_.get(), &f, &scratch.meetings};
    const chibo_cell_view v = cell_view(f, &c, scratch);
    return call(desc_.cell, &v, s);
  }
  Outcome committee(const RuleContext& ctx, const CommitteeFacts& f, const RuleSettings& s) const override {
    const chibo_context c{ctx.dataset, ctx.report, binding_.get()};
    const chibo_committee_view v = committee_view(f, &c);
    return call(desc_.committee, &v, s);
  }
  std::size_t failures() const noexcept override { return failures_.load(std::memory_order_relaxed); }

 private:
  template <class Fn, class View>
  // One named outcome, returned from every branch: see the note on Outcome in rule.hpp.
  Outcome call(Fn fn, const View* v, const RuleSettings& s) const {
    Outcome o;
    double constants[16];
    std::vector<double> many;
    double* values = constants;
    if (s.constants.size() > 16) {
      many.resize(s.constants.size());
      values = many.data();
    }
    for (std::size_t i = 0; i < s.constants.size(); ++i) values[i] = s.constants[i].value;
    const chibo_settings settings{
        sizeof(chibo_settings), s.weight, s.ramp.zero_at,
        s.ramp.full_at,         values,   static_cast<std::uint32_t>(s.constants.size())};
    chibo_outcome out;  // the evidence array is written up to evidence_count only
    out.struct_size = sizeof out;
    out.evidence_count = 0;
    out.error = {nullptr, 0};
    out.score = not_applicable;
    out.metric = not_applicable;
    out.severity = CHIBO_SEVERITY_FROM_SCORE;
    if (fn(desc_.user, v, &settings, &out) != 0) {
      fail(o, out.error.size ? std::string_view(out.error.data, out.error.size) : "the rule failed");
      return o;
    }
    if (!std::isnan(out.score) && !(out.score >= 0 && out.score <= 1)) {
      fail(o, fmt::format("the rule returned a score of {} (expected 0 to 1, or N/A)", out.score));
      return o;
    }
    if (out.severity < CHIBO_SEVERITY_FROM_SCORE || out.severity > CHIBO_SEVERITY_INFO) {
      fail(o, fmt::format("the rule returned an unknown severity {}", out.severity));
      return o;
    }
    if (out.evidence_count > CHIBO_EVIDENCE_MAX) {
      fail(o, fmt::format("the rule returned {} evidence items (at most {})", out.evidence_count,
                          CHIBO_EVIDENCE_MAX));
      return o;
    }
    for (std::uint32_t i = 0; i < out.evidence_count; ++i) {
      const chibo_evidence& e = out.evidence[i];
      if (e.key >= key_names_.size() || e.unit < CHIBO_UNIT_NUMBER || e.unit > CHIBO_UNIT_FLAG) {
        o.evidence = {};
        fail(o, "the rule returned evidence with an undeclared key or an unknown unit");
        return o;
      }
      o.evidence.add(key_names_[e.key], e.value, static_cast<Unit>(e.unit));
    }
    o.score = out.score;
    o.metric = out.metric;
    if (out.severity != CHIBO_SEVERITY_FROM_SCORE) o.severity = static_cast<Severity>(out.severity);
    return o;
  }

  /// Makes `o` the outcome of a rule that failed: N/A, with the message as its error.
  void fail(Outcome& o, std::string_view message) const {
    failures_.fetch_add(1, std::memory_order_relaxed);
    o.error = intern(message);
  }
  // Error texts live as long as the rule; a rule failing everywhere keeps a bounded set.
  const char* intern(std::string_view message) const {
    std::lock_guard lock(mutex_);
    if (auto it = errors_.find(message); it != errors_.end()) return it->c_str();
    if (errors_.size() >= 1000) return "the rule failed (further messages are not kept)";
    return errors_.emplace(message).first->c_str();
  }

  std::shared_ptr<const chibo_binding> binding_;
  chibo_rule_desc desc_;
  std::vector<std::string> keys_;
  std::vector<const char*> key_names_;  // keys_' texts, as Evidence keeps them
  mutable std::atomic<std::size_t> failures_{0};
  mutable std::mutex mutex_;
  mutable std::set<std::string, std::less<>> errors_;
};

// ---- reading what a plugin declares ----------------------------------------------------------

/// The n-th element of an array the plugin laid out with its own stride, read into a
/// zero-initialised struct of the host's (fields a plugin's older minor lacks stay zero).
template <class T>
T element(const T* array, std::uint32_t stride, std::uint32_t n) {
  T out{};
  std::memcpy(&out, reinterpret_cast<const char*>(array) + static_cast<std::size_t>(stride) * n,
              std::min<std::size_t>(stride, sizeof(T)));
  return out;
}

struct Refusal {
  std::string message;
};

/// Text a plugin declares (ids, names, messages): it is printed into policies and reports, so it
/// must be UTF-8.
std::string declared(chibo_str s) {
  std::string t = text(s);
  std::size_t bad = 0;
  if (!is_valid_utf8(t, &bad))
    throw Refusal{
        fmt::format("expected UTF-8 text in what the plugin declares; got an invalid byte after \"{}\"",
                    t.substr(0, bad))};
  return t;
}

/// Ids and names are printed as keys (a policy's TOML, CSV headers, {key} in messages), so they
/// are spelled as keys: a rule's id letters, digits, '.', '_' or '-' (BG.1); a measure's the same
/// without '.'; other names lower-case letters, digits and '_' (per_quarter). Empty passes, for
/// the checks that say what is missing.
enum class Spelling { rule_id, measure_id, snake_case };
std::string spelled(chibo_str s, Spelling how, const char* what) {
  std::string t = declared(s);
  const auto ok = [how](char c, bool first) {
    const bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z', digit = c >= '0' && c <= '9';
    switch (how) {
      case Spelling::rule_id:
        return lower || upper || digit || (!first && (c == '.' || c == '_' || c == '-'));
      case Spelling::measure_id:
        return lower || upper || (!first && (digit || c == '_' || c == '-'));
      case Spelling::snake_case:
        return lower || (!first && (digit || c == '_'));
    }
    return false;
  };
  for (std::size_t i = 0; i < t.size(); ++i)
    if (!ok(t[i], i == 0))
      throw Refusal{fmt::format("{} \"{}\": expected {}", what, t,
                                how == Spelling::rule_id ? "letters, digits, '.', '_' or '-' (like BG.1)"
                                : how == Spelling::measure_id
                                    ? "a letter, then letters, digits, '_' or '-' (like EH)"
                                    : "a lower-case letter, then lower-case letters, digits "
                                      "or '_' (like per_quarter)")};
  return t;
}

void check_size(std::uint32_t plugin, std::uint32_t minimum, std::uint32_t host, const char* name) {
  if (plugin < minimum || plugin > host)
    throw Refusal{fmt::format("struct {} has size {} in the plugin; this chibo reads {} to {} bytes", name,
                              plugin, minimum, host)};
}

void check_sizes(const chibo_struct_sizes& s) {
  const chibo_struct_sizes& m = minimum_sizes_1_0;
  const chibo_struct_sizes& h = host_sizes;
#define CHIBO_CHECK_SIZE(field) check_size(s.field, m.field, h.field, "chibo_" #field)
  CHIBO_CHECK_SIZE(plugin_desc);
  CHIBO_CHECK_SIZE(measure_desc);
  CHIBO_CHECK_SIZE(rule_desc);
  CHIBO_CHECK_SIZE(constant_desc);
  CHIBO_CHECK_SIZE(column_desc);
  CHIBO_CHECK_SIZE(table_desc);
  CHIBO_CHECK_SIZE(host);
  CHIBO_CHECK_SIZE(settings);
  CHIBO_CHECK_SIZE(outcome);
  CHIBO_CHECK_SIZE(evidence);
  CHIBO_CHECK_SIZE(meeting_view);
  CHIBO_CHECK_SIZE(cell_view);
  CHIBO_CHECK_SIZE(committee_view);
#undef CHIBO_CHECK_SIZE
}

ColumnDef column_def(const chibo_column_desc& c, std::string_view where) {
  ColumnDef d;
  d.name = spelled(c.name, Spelling::snake_case, "column");
  if (c.type < CHIBO_TYPE_INTEGER || c.type > CHIBO_TYPE_TEXT)
    throw Refusal{fmt::format("{} {}: unknown type {}", where, d.name, c.type)};
  d.type = static_cast<ValueType>(c.type);
  d.required = c.required != 0;
  for (std::uint32_t k = 0; k < c.code_count; ++k) d.codes.push_back(declared(c.codes[k]));
  d.description = declared(c.description);
  return d;
}

RuleInfo rule_info(const chibo_rule_desc& d, int plugin,
                   const std::shared_ptr<const chibo_binding>& binding) {
  RuleInfo r;
  r.id = spelled(d.id, Spelling::rule_id, "rule id");
  r.name = spelled(d.name, Spelling::snake_case, "rule name");
  r.measure = declared(d.measure);
  const std::string where = fmt::format("rule {}", r.id.empty() ? std::string("(no id)") : r.id);
  if (r.id.empty() || r.name.empty()) throw Refusal{where + ": expected an id and a name"};
  if (d.level < CHIBO_LEVEL_MEETING || d.level > CHIBO_LEVEL_COMMITTEE)
    throw Refusal{fmt::format("{}: unknown level {}", where, d.level)};
  r.level = static_cast<Level>(d.level);
  const bool has_fn = (r.level == Level::meeting && d.meeting) || (r.level == Level::cell && d.cell) ||
                      (r.level == Level::committee && d.committee);
  if (!has_fn)
    throw Refusal{fmt::format("{}: expected a function for its level ({})", where, to_code(r.level))};
  if (d.kinds > 7) throw Refusal{fmt::format("{}: unknown meeting kinds {}", where, d.kinds)};
  if (d.kinds != 0)
    for (std::size_t k = 0; k < 3; ++k) r.kinds[k] = (d.kinds >> k) & 1u;
  r.gate = d.gate != 0;
  r.in_total = d.in_total != 0;
  if (!(d.weight >= 0) || !std::isfinite(d.weight)) throw Refusal{where + ": expected a weight ≥ 0"};
  if (!std::isfinite(d.zero_at) || !std::isfinite(d.full_at) || d.zero_at == d.full_at)
    throw Refusal{where + ": expected a ramp with zero_at ≠ full_at"};
  r.defaults.weight = d.weight;
  r.defaults.ramp = {d.zero_at, d.full_at};
  for (std::uint32_t k = 0; k < d.constant_count; ++k) {
    const chibo_constant_desc& c = d.constants[k];
    if (!c.name.size || !std::isfinite(c.value) || c.value < 0)  // as a policy file's constants
      throw Refusal{where + ": expected named constants with a value ≥ 0"};
    r.constants.push_back(
        {spelled(c.name, Spelling::snake_case, "constant"), c.value, declared(c.description)});
  }
  r.metric = declared(d.metric);
  if (d.metric_unit < CHIBO_UNIT_NUMBER || d.metric_unit > CHIBO_UNIT_FLAG)
    throw Refusal{fmt::format("{}: unknown metric unit {}", where, d.metric_unit)};
  r.metric_unit = static_cast<Unit>(d.metric_unit);
  r.description = declared(d.description);
  r.description_vi = declared(d.description_vi);
  r.source = declared(d.source);
  r.message_vi = declared(d.message_vi);
  r.message_en = declared(d.message_en);
  if (d.owner < CHIBO_OWNER_CELL || d.owner > CHIBO_OWNER_UPPER_COMMITTEE)
    throw Refusal{fmt::format("{}: unknown owner {}", where, d.owner)};
  r.owner = static_cast<Owner>(d.owner);
  r.shortfall_vi = declared(d.shortfall_vi);
  r.shortfall = declared(d.shortfall_en);
  r.threshold_source = declared(d.threshold_source);
  if (r.message_vi.empty() || r.message_en.empty())
    throw Refusal{where + ": expected a finding message in Vietnamese and in English"};
  if (r.description.empty()) throw Refusal{where + ": expected a description"};
  for (std::uint32_t k = 0; k < d.evidence_key_count; ++k)
    if (!d.evidence_keys[k].size || spelled(d.evidence_keys[k], Spelling::snake_case, "evidence key").empty())
      throw Refusal{where + ": expected evidence keys with names"};
  r.plugin = plugin;
  r.external = std::make_shared<PluginRule>(binding, d);
  return r;
}

/// Adds everything a plugin declares to `reg`; throws Refusal on the first problem.
void add_plugin_to(Registry& reg, const chibo_plugin_desc& head, const fs::path& path,
                   std::shared_ptr<boost::dll::shared_library> library) {
  const chibo_struct_sizes& sizes = head.sizes;
  const chibo_plugin_desc desc = element(&head, sizes.plugin_desc, 0);
  if (desc.error.size) throw Refusal{"the plugin could not describe itself: " + declared(desc.error)};
  PluginInfo info;
  info.name = declared(desc.name);
  info.version = declared(desc.version);
  info.description = declared(desc.description);
  if (info.name.empty() || info.version.empty()) throw Refusal{"expected the plugin's name and version"};
  for (const auto& p : reg.plugins())
    if (p.name == info.name)
      throw Refusal{fmt::format("a plugin named {} is already loaded ({})", p.name, p.path.string())};
  info.path = path;
  info.library = library;
  const int index = reg.add_plugin(std::move(info));

  auto binding = std::make_shared<chibo_binding>();
  binding->library = std::move(library);
  try {
    for (std::uint32_t k = 0; k < desc.measure_count; ++k) {
      const auto m = element(desc.measures, sizes.measure_desc, k);
      MeasureInfo mi{spelled(m.id, Spelling::measure_id, "measure id"), declared(m.name_vi),
                     declared(m.name_en), index};
      if (mi.id.empty() || mi.name_vi.empty() || mi.name_en.empty())
        throw Refusal{"measure: expected an id and names in Vietnamese and English"};
      reg.add_measure(std::move(mi));
    }
    for (std::uint32_t k = 0; k < desc.column_count; ++k) {
      const auto c = element(desc.columns, sizes.column_desc, k);
      binding->columns.push_back(static_cast<std::uint32_t>(reg.extensions().columns.size()));
      reg.add_extension(ExtensionColumn{declared(c.table), column_def(c, "column"), index});
    }
    for (std::uint32_t k = 0; k < desc.table_count; ++k) {
      const auto t = element(desc.tables, sizes.table_desc, k);
      ExtensionTable et;
      et.name = spelled(t.name, Spelling::snake_case, "table");
      et.key_column = spelled(t.key_column, Spelling::snake_case, "key column");
      et.key_table = declared(t.key_table);
      et.required = t.required != 0;
      et.description = declared(t.description);
      et.plugin = index;
      for (std::uint32_t j = 0; j < t.column_count; ++j)
        et.columns.push_back(column_def(element(t.columns, sizes.column_desc, j), "table " + et.name));
      binding->tables.push_back(static_cast<std::uint32_t>(reg.extensions().tables.size()));
      reg.add_extension(std::move(et));
    }
    for (std::uint32_t k = 0; k < desc.rule_count; ++k) {
      const auto d = element(desc.rules, sizes.rule_desc, k);
      binding->rules.push_back(static_cast<std::uint16_t>(reg.rules().size()));
      reg.add(rule_info(d, index, binding));
    }
  } catch (const std::invalid_argument& e) {
    throw Refusal{e.what()};
  }
}

// A plugin runs as chibo does: refuse one that a user other than its owner, or another owner
// than root and this user, could have replaced — the file, or any folder above it. A folder
// writable by all but sticky (/tmp) lets nobody else replace what is in it.
void check_who_can_write(const fs::path& canonical) {
  const uid_t me = ::geteuid();
  for (fs::path p = canonical;; p = p.parent_path()) {
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) throw Refusal{fmt::format("cannot check who may write {}", p.string())};
    const bool folder = S_ISDIR(st.st_mode);
    if (st.st_uid != 0 && st.st_uid != me)
      throw Refusal{
          fmt::format("{} {} belongs to another user (uid {}); a plugin and the folders above it must "
                      "belong to you or to root",
                      folder ? "the folder" : "the file", p.string(), st.st_uid)};
    const bool sticky = folder && (st.st_mode & S_ISVTX);
    if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !sticky)
      throw Refusal{
          fmt::format("{} {} may be written by other users (mode {:o}); chibo loads no plugin that "
                      "others could replace (chmod go-w)",
                      folder ? "the folder" : "the file", p.string(), st.st_mode & 07777)};
    if (p == p.parent_path()) return;
  }
}

}  // namespace

void Registry::load_plugin(const fs::path& library) {
  const std::string file = library.string();
  try {
    std::error_code ec;
    if (!fs::exists(library, ec)) throw Refusal{"expected a plugin library; there is no such file"};
    if (!fs::is_regular_file(library, ec)) throw Refusal{"expected a plugin library; this is not a file"};
    const fs::path canonical = fs::canonical(library, ec);
    for (const auto& p : plugins_)
      if (p.path == canonical) return;
    check_who_can_write(canonical);
    auto lib = std::make_shared<boost::dll::shared_library>();
    try {
      lib->load(canonical, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local);
    } catch (const std::exception& e) {
      throw Refusal{fmt::format("expected a shared library this machine can load ({})", e.what())};
    }
    if (!lib->has(CHIBO_PLUGIN_ENTRY_NAME))
      throw Refusal{fmt::format("not a chibo plugin: no entry point {}", CHIBO_PLUGIN_ENTRY_NAME)};
    const auto entry = lib->get<const chibo_plugin_desc*(const chibo_host*)>(CHIBO_PLUGIN_ENTRY_NAME);
    const chibo_plugin_desc* desc = entry(&host_table);
    if (!desc) throw Refusal{"the plugin's entry point returned no description"};
    detail::add_described_plugin(*this, *desc, canonical, std::move(lib), file);
  } catch (const Refusal& r) {
    throw InputError({Diagnostic{file, 0, 0, r.message, {}}});
  }
}

namespace detail {

void add_described_plugin(Registry& registry, const chibo_plugin_desc& desc, const fs::path& path,
                          std::shared_ptr<boost::dll::shared_library> library, std::string_view label) {
  try {
    if (desc.abi_major != CHIBO_PLUGIN_ABI_MAJOR || desc.abi_minor > CHIBO_PLUGIN_ABI_MINOR)
      throw Refusal{fmt::format("built for plugin ABI {}.{}; this chibo ({}) loads ABI {}.0 to {}.{}",
                                desc.abi_major, desc.abi_minor, version, CHIBO_PLUGIN_ABI_MAJOR,
                                CHIBO_PLUGIN_ABI_MAJOR, CHIBO_PLUGIN_ABI_MINOR)};
    check_sizes(desc.sizes);
    Registry next = registry;  // all or nothing
    add_plugin_to(next, desc, path, std::move(library));
    registry = std::move(next);
    const PluginInfo& p = registry.plugins().back();
    spdlog::info("loaded plugin {} {} from {}", p.name, p.version, path.string());
  } catch (const Refusal& r) {
    throw InputError({Diagnostic{std::string(label), 0, 0, r.message, {}}});
  }
}

}  // namespace detail

}  // namespace chibo
