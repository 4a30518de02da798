// The C++ SDK for chibo rule plugins: header-only, over the C ABI of <chibo/plugin.h>.
//
// A plugin writes one ordinary function per rule over read-only views of the facts chibo's own
// rules read, describes its rules (and any data it adds) in one function, and exports it:
//
//   chibo::plugin::Outcome my_rule(const chibo::plugin::CellView& cell, const chibo::plugin::Settings& s);
//   void describe(chibo::plugin::Plugin& p) { p.name("my-province").version("1.0.0"); p.rule({...}); }
//   CHIBO_PLUGIN(describe)
//
// The SDK converts on both sides, and an exception thrown by a rule becomes an error for that
// rule and subject (chibo reports it and goes on). docs/plugins.md walks through a whole plugin.
#pragma once

#include <chibo/plugin.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <deque>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

// The ABI version the plugin declares. Only tests of a host's refusal set these.
#ifndef CHIBO_PLUGIN_DECLARED_ABI_MAJOR
#define CHIBO_PLUGIN_DECLARED_ABI_MAJOR CHIBO_PLUGIN_ABI_MAJOR
#endif
#ifndef CHIBO_PLUGIN_DECLARED_ABI_MINOR
#define CHIBO_PLUGIN_DECLARED_ABI_MINOR CHIBO_PLUGIN_ABI_MINOR
#endif

namespace chibo::plugin {

using Row = chibo_row;
inline constexpr Row no_row = CHIBO_NO_ROW;

enum class Level : std::int32_t {
  meeting = CHIBO_LEVEL_MEETING,
  cell = CHIBO_LEVEL_CELL,
  committee = CHIBO_LEVEL_COMMITTEE
};
/// Who must act on a rule's shortfall.
enum class Owner : std::int32_t {
  cell = CHIBO_OWNER_CELL,
  secretary = CHIBO_OWNER_SECRETARY,
  upper_committee = CHIBO_OWNER_UPPER_COMMITTEE
};
enum class Kind : std::int32_t {
  regular = CHIBO_KIND_REGULAR,
  thematic = CHIBO_KIND_THEMATIC,
  combined = CHIBO_KIND_COMBINED
};
enum class Type : std::int32_t {
  integer = CHIBO_TYPE_INTEGER,
  number = CHIBO_TYPE_NUMBER,
  date = CHIBO_TYPE_DATE,
  boolean = CHIBO_TYPE_BOOLEAN,
  code = CHIBO_TYPE_CODE,
  text = CHIBO_TYPE_TEXT
};
enum class Unit : std::int32_t {
  number = CHIBO_UNIT_NUMBER,
  ratio = CHIBO_UNIT_RATIO,
  days = CHIBO_UNIT_DAYS,
  minutes = CHIBO_UNIT_MINUTES,
  date = CHIBO_UNIT_DATE,
  year = CHIBO_UNIT_YEAR,
  months = CHIBO_UNIT_MONTHS,
  flag = CHIBO_UNIT_FLAG
};
enum class Severity : std::int32_t {
  from_score = CHIBO_SEVERITY_FROM_SCORE,
  error = CHIBO_SEVERITY_ERROR,
  warning = CHIBO_SEVERITY_WARNING,
  info = CHIBO_SEVERITY_INFO
};

/// A calendar date as chibo passes it: days since 1970-01-01.
struct Date {
  chibo_date days = CHIBO_NO_DATE;

  bool recorded() const noexcept { return days != CHIBO_NO_DATE; }
  static constexpr Date from_ymd(int y, int m, int d) noexcept {  // proleptic Gregorian
    y -= m <= 2;
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return {era * 146097 + doe - 719468};
  }
  struct Ymd {
    int year, month, day;
  };
  constexpr Ymd ymd() const noexcept {
    const int z = days + 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const int doe = z - era * 146097;
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int d = doy - (153 * mp + 2) / 5 + 1;
    const int m = mp < 10 ? mp + 3 : mp - 9;
    return {yoe + era * 400 + (m <= 2), m, d};
  }
  /// year * 4 + quarter - 1, as chibo_cell_view.counted_quarter_keys.
  constexpr int quarter_key() const noexcept {
    const Ymd x = ymd();
    return x.year * 4 + (x.month - 1) / 3;
  }
  /// year * 12 + month - 1, as chibo_cell_view.counted_month_keys.
  constexpr int month_key() const noexcept {
    const Ymd x = ymd();
    return x.year * 12 + x.month - 1;
  }
  friend constexpr auto operator<=>(Date, Date) = default;
};

/// A column the plugin added (Plugin::column), a table it added (Plugin::table) and one of its
/// own rules (Plugin::rule): handles its rules read data and scores through.
struct Column {
  std::uint32_t index = UINT32_MAX;
};
struct Table {
  std::uint32_t index = UINT32_MAX;
  /// Position of a column of the table, in the order it was declared.
  std::uint32_t column(std::string_view name) const;
  std::vector<std::string> column_names;
};
struct RuleRef {
  std::uint32_t index = UINT32_MAX;
};

namespace detail {
inline const chibo_host*& host() noexcept {
  static const chibo_host* h = nullptr;
  return h;
}
inline std::string_view view(chibo_str s) noexcept {
  return {s.data ? s.data : "", s.size};
}
inline chibo_str str(const std::string& s) noexcept {
  return {s.data(), s.size()};
}
}  // namespace detail

/// The data behind a view: the plugin's extension columns and tables, unit ids, and (in
/// committee rules) the scores of the plugin's cell rules for the cells below.
class Data {
 public:
  explicit Data(const chibo_context* context) noexcept : context_(context) {}

  /// A number, boolean (1/0), date (days) or code (position in its codes) at a row of the
  /// column's table; nullopt when not recorded.
  std::optional<double> number(Column c, Row row) const noexcept {
    const double v = detail::host()->column_number(context_, c.index, row);
    return std::isnan(v) ? std::nullopt : std::optional<double>(v);
  }
  /// A boolean column is `yes` at a row.
  bool yes(Column c, Row row) const noexcept { return number(c, row) == 1.0; }
  std::string_view text(Column c, Row row) const noexcept {
    return detail::view(detail::host()->column_text(context_, c.index, row));
  }
  /// The rows of a table of the plugin whose key names `key`.
  struct Rows {
    Row first = 0;
    std::uint32_t count = 0;
    struct iterator {
      Row row;
      Row operator*() const noexcept { return row; }
      iterator& operator++() noexcept {
        ++row;
        return *this;
      }
      bool operator==(const iterator&) const = default;
    };
    iterator begin() const noexcept { return {first}; }
    iterator end() const noexcept { return {first + count}; }
    std::uint32_t size() const noexcept { return count; }
  };
  Rows rows(const Table& t, Row key) const noexcept {
    Rows r;
    r.count = detail::host()->table_rows(context_, t.index, key, &r.first);
    return r;
  }
  std::optional<double> number(const Table& t, std::uint32_t column, Row row) const noexcept {
    const double v = detail::host()->table_number(context_, t.index, column, row);
    return std::isnan(v) ? std::nullopt : std::optional<double>(v);
  }
  std::string_view text(const Table& t, std::uint32_t column, Row row) const noexcept {
    return detail::view(detail::host()->table_text(context_, t.index, column, row));
  }
  /// In a committee rule: a cell's score for one of this plugin's cell rules; nullopt for N/A.
  std::optional<double> cell_score(RuleRef rule, Row cell) const noexcept {
    const double v = detail::host()->cell_rule_score(context_, rule.index, cell);
    return std::isnan(v) ? std::nullopt : std::optional<double>(v);
  }
  std::string_view unit_id(Row unit) const noexcept {
    return detail::view(detail::host()->unit_id(context_, unit));
  }
  int unit_kind(Row unit) const noexcept { return detail::host()->unit_kind(context_, unit); }

 private:
  const chibo_context* context_;
};

/// The facts of one meeting (`facts` holds every field of chibo_meeting_view).
struct MeetingView : Data {
  explicit MeetingView(const chibo_meeting_view& f) noexcept : Data(f.context), facts(f) {}
  const chibo_meeting_view& facts;
  Date date() const noexcept { return {facts.date}; }
  Kind kind() const noexcept { return static_cast<Kind>(facts.kind); }
};

/// The facts of one cell over the period (`facts` holds every field of chibo_cell_view).
struct CellView : Data {
  explicit CellView(const chibo_cell_view& f) noexcept : Data(f.context), facts(f) {}
  const chibo_cell_view& facts;
  /// The cell's meetings in the period, by date.
  std::span<const chibo_meeting_view> meetings() const noexcept {
    std::uint32_t count = 0;
    const chibo_meeting_view* first = detail::host()->cell_meetings(facts.context, &count);
    return {first, count};
  }
  std::span<const Row> members() const noexcept { return {facts.members, facts.member_count}; }
  std::span<const std::int32_t> counted_quarters() const noexcept {
    return {facts.counted_quarter_keys, facts.counted_quarter_count};
  }
  std::span<const std::int32_t> counted_months() const noexcept {
    return {facts.counted_month_keys, facts.counted_month_count};
  }
};

/// The facts of one committee over the period, with the cells below it.
struct CommitteeView : Data {
  explicit CommitteeView(const chibo_committee_view& f) noexcept : Data(f.context), facts(f) {}
  const chibo_committee_view& facts;
  std::span<const Row> cells() const noexcept { return {facts.cells, facts.cell_count}; }
};

struct ConstantDef {
  std::string name{};
  double value = 0;  ///< the default; a policy file may change it
  std::string description{};
};

class Settings;
class Outcome;
using MeetingRule = Outcome (*)(const MeetingView&, const Settings&);
using CellRule = Outcome (*)(const CellView&, const Settings&);
using CommitteeRule = Outcome (*)(const CommitteeView&, const Settings&);

/// A rule and its metadata, set with designated initializers in this order.
struct Rule {
  std::string id{};       ///< in the plugin's namespace: "BG.1"
  std::string name{};     ///< snake_case
  std::string measure{};  ///< "M1" … "M7", or a measure the plugin declares
  Level level = Level::cell;
  std::vector<Kind> kinds{};  ///< meeting rules: the kinds they apply to (empty: every kind)
  bool gate = false;
  bool in_total = true;
  double weight = 1;
  double zero_at = 0, full_at = 1;  ///< the default ramp
  std::vector<ConstantDef> constants{};
  std::vector<std::string> evidence{};  ///< keys an Outcome's evidence uses; messages show them as {key}
  std::string metric{};                 ///< what x is, in English
  Unit metric_unit = Unit::number;
  std::string description{}, description_vi{}, source{};
  Owner owner = Owner::cell;                   ///< who must act on a shortfall
  std::string shortfall_vi{}, shortfall_en{};  ///< what is wrong when it falls short
  std::string threshold_source{};              ///< the official text behind full_at, if any
  std::string message_vi{}, message_en{};
  MeetingRule meeting = nullptr;  ///< the one of its level
  CellRule cell = nullptr;
  CommitteeRule committee = nullptr;
};

/// A rule's settings in force: weight, ramp and constants (by name).
class Settings {
 public:
  Settings(const chibo_settings& s, const Rule& rule) noexcept : s_(s), rule_(rule) {}
  double weight() const noexcept { return s_.weight; }
  double zero_at() const noexcept { return s_.zero_at; }
  double full_at() const noexcept { return s_.full_at; }
  /// ramp(x; zero_at, full_at), clamped to [0, 1].
  double ramp(double x) const noexcept {
    const double r = (x - s_.zero_at) / (s_.full_at - s_.zero_at);
    return r < 0 ? 0 : r > 1 ? 1 : r;
  }
  /// A declared constant by name; throws std::out_of_range for another name.
  double constant(std::string_view name) const {
    for (std::size_t i = 0; i < rule_.constants.size() && i < s_.constant_count; ++i)
      if (rule_.constants[i].name == name) return s_.constants[i];
    throw std::out_of_range("no constant \"" + std::string(name) + "\" declared by rule " + rule_.id);
  }

 private:
  const chibo_settings& s_;
  const Rule& rule_;
};

/// What a rule returns: a score in [0, 1] (or N/A), the metric, and evidence by key.
class Outcome {
 public:
  /// Not applicable to this subject.
  static Outcome na() noexcept { return {}; }
  /// The metric x scored on the rule's ramp.
  static Outcome ramp(double x, const Settings& s) noexcept {
    Outcome o;
    o.metric = x;
    o.score = s.ramp(x);
    return o;
  }
  /// num / den on the ramp, N/A when den is 0.
  static Outcome share(double num, double den, const Settings& s) noexcept {
    return den > 0 ? ramp(num / den, s) : na();
  }
  Outcome& evidence(std::string_view key, double value, Unit unit = Unit::number) noexcept {
    if (evidence_count < CHIBO_EVIDENCE_MAX) items[evidence_count++] = {key, value, unit};
    return *this;
  }
  Outcome& with_severity(Severity s) noexcept {
    severity = s;
    return *this;
  }

  double score = std::numeric_limits<double>::quiet_NaN();
  double metric = std::numeric_limits<double>::quiet_NaN();
  Severity severity = Severity::from_score;
  struct Item {
    std::string_view key;
    double value;
    Unit unit;
  };
  Item items[CHIBO_EVIDENCE_MAX];  // only the first evidence_count are written or read
  std::uint32_t evidence_count = 0;
};

namespace detail {

// The message has to outlive the call until chibo copies it, on whichever thread the rule ran.
// One shared set, not a thread_local: the dynamic TLS of a dlopen'd library is misread by
// LeakSanitizer (GCC 12), which made plugin authors' sanitizer runs crash at exit.
inline std::int32_t failed(chibo_outcome* out, const char* what) noexcept {
  static std::mutex mutex;
  static std::set<std::string, std::less<>> messages;  // nodes never move nor go before unload
  std::string_view kept = "the rule failed (further messages are not kept)";
  try {
    const std::lock_guard lock(mutex);
    if (auto it = messages.find(std::string_view(what)); it != messages.end())
      kept = *it;
    else if (messages.size() < 1000)
      kept = *messages.emplace(what).first;
  } catch (...) {
  }
  if (out->struct_size >= offsetof(chibo_outcome, error) + sizeof(chibo_str))
    out->error = {kept.data(), kept.size()};
  return 1;
}

inline void write(const Outcome& o, const Rule& rule, chibo_outcome* out) {
  out->score = o.score;
  out->metric = o.metric;
  out->severity = static_cast<std::int32_t>(o.severity);
  out->evidence_count = 0;
  const auto same = [](const std::string& a, std::string_view b) { return a == b; };
  for (std::uint32_t i = 0; i < o.evidence_count; ++i) {
    // Rules mostly add evidence in the order they declared it: try that key first.
    std::uint32_t key = i;
    if (key >= rule.evidence.size() || !same(rule.evidence[key], o.items[i].key))
      for (key = 0; key < rule.evidence.size() && !same(rule.evidence[key], o.items[i].key);) ++key;
    if (key == rule.evidence.size())
      throw std::logic_error("evidence key \"" + std::string(o.items[i].key) + "\" is not declared by rule " +
                             rule.id);
    out->evidence[out->evidence_count++] = {key, static_cast<std::int32_t>(o.items[i].unit),
                                            o.items[i].value};
  }
}

// One trampoline per level: from the C call to the plugin's C++ function and back.
template <class View, class CView, auto Member>
std::int32_t call(const void* user, const CView* facts, const chibo_settings* settings,
                  chibo_outcome* out) noexcept {
  const Rule& rule = *static_cast<const Rule*>(user);
  try {
    write((rule.*Member)(View(*facts), Settings(*settings, rule)), rule, out);
    return 0;
  } catch (const std::exception& e) {
    return failed(out, e.what());
  } catch (...) {
    return failed(out, "unknown exception");
  }
}

}  // namespace detail

/// The plugin as described to chibo.
class Plugin {
 public:
  Plugin& name(std::string n) {
    name_ = std::move(n);
    return *this;
  }
  Plugin& version(std::string v) {
    version_ = std::move(v);
    return *this;
  }
  Plugin& description(std::string d) {
    description_ = std::move(d);
    return *this;
  }
  /// A measure of the plugin's own.
  Plugin& measure(std::string id, std::string name_vi, std::string name_en) {
    measures_.push_back({std::move(id), std::move(name_vi), std::move(name_en)});
    return *this;
  }
  /// A column added to a contract table (org_units, members, cadres, meetings, briefings).
  Column column(std::string table, std::string name, Type type, bool required = false,
                std::vector<std::string> codes = {}, std::string description = {}) {
    columns_.push_back(
        {std::move(table), std::move(name), type, required, std::move(codes), std::move(description)});
    return {static_cast<std::uint32_t>(columns_.size() - 1)};
  }
  struct ColumnSpec {
    std::string name{};
    Type type = Type::text;
    bool required = false;
    std::vector<std::string> codes{};
    std::string description{};
  };
  /// A table of the plugin's own, NAME.csv, whose `key_column` holds ids of `key_table`.
  Table table(std::string name, std::string key_column, std::string key_table,
              std::vector<ColumnSpec> columns, bool required = true, std::string description = {}) {
    Table handle{static_cast<std::uint32_t>(tables_.size()), {}};
    for (const auto& c : columns) handle.column_names.push_back(c.name);
    tables_.push_back({std::move(name), std::move(key_column), std::move(key_table), std::move(columns),
                       required, std::move(description)});
    return handle;
  }
  RuleRef rule(Rule r) {
    rules_.push_back(std::move(r));
    return {static_cast<std::uint32_t>(rules_.size() - 1)};
  }

  /// The C descriptor (built once, after the description).
  const chibo_plugin_desc* describe_to_host() {
    using detail::str;
    desc_ = {};
    desc_.abi_major = CHIBO_PLUGIN_DECLARED_ABI_MAJOR;
    desc_.abi_minor = CHIBO_PLUGIN_DECLARED_ABI_MINOR;
    desc_.sizes = {sizeof(chibo_plugin_desc),   sizeof(chibo_measure_desc), sizeof(chibo_rule_desc),
                   sizeof(chibo_constant_desc), sizeof(chibo_column_desc),  sizeof(chibo_table_desc),
                   sizeof(chibo_host),          sizeof(chibo_settings),     sizeof(chibo_outcome),
                   sizeof(chibo_evidence),      sizeof(chibo_meeting_view), sizeof(chibo_cell_view),
                   sizeof(chibo_committee_view)};
    desc_.name = str(name_);
    desc_.version = str(version_);
    desc_.description = str(description_);
    for (const auto& m : measures_) c_measures_.push_back({str(m.id), str(m.name_vi), str(m.name_en)});
    for (const auto& c : columns_) c_columns_.push_back(column_desc(c.table, c));
    for (const auto& t : tables_) {
      auto& cols = c_table_columns_.emplace_back();
      for (const auto& c : t.columns) cols.push_back(column_desc({}, c));
      c_tables_.push_back({str(t.name), str(t.key_column), str(t.key_table), t.required ? 1 : 0, cols.data(),
                           static_cast<std::uint32_t>(cols.size()), str(t.description)});
    }
    for (const auto& r : rules_) {
      auto& consts = c_constants_.emplace_back();
      for (const auto& c : r.constants) consts.push_back({str(c.name), c.value, str(c.description)});
      auto& keys = c_keys_.emplace_back();
      for (const auto& k : r.evidence) keys.push_back(str(k));
      std::uint32_t kinds = 0;
      for (Kind k : r.kinds) kinds |= 1u << static_cast<unsigned>(k);
      chibo_rule_desc d{};
      d.id = str(r.id);
      d.name = str(r.name);
      d.measure = str(r.measure);
      d.level = static_cast<std::int32_t>(r.level);
      d.kinds = kinds;
      d.gate = r.gate ? 1 : 0;
      d.in_total = r.in_total ? 1 : 0;
      d.weight = r.weight;
      d.zero_at = r.zero_at;
      d.full_at = r.full_at;
      d.constants = consts.data();
      d.constant_count = static_cast<std::uint32_t>(consts.size());
      d.evidence_keys = keys.data();
      d.evidence_key_count = static_cast<std::uint32_t>(keys.size());
      d.metric = str(r.metric);
      d.metric_unit = static_cast<std::int32_t>(r.metric_unit);
      d.description = str(r.description);
      d.description_vi = str(r.description_vi);
      d.source = str(r.source);
      d.message_vi = str(r.message_vi);
      d.message_en = str(r.message_en);
      d.owner = static_cast<std::int32_t>(r.owner);
      d.shortfall_vi = str(r.shortfall_vi);
      d.shortfall_en = str(r.shortfall_en);
      d.threshold_source = str(r.threshold_source);
      if (r.meeting) d.meeting = &detail::call<MeetingView, chibo_meeting_view, &Rule::meeting>;
      if (r.cell) d.cell = &detail::call<CellView, chibo_cell_view, &Rule::cell>;
      if (r.committee) d.committee = &detail::call<CommitteeView, chibo_committee_view, &Rule::committee>;
      d.user = &r;
      c_rules_.push_back(d);
    }
    desc_.measures = c_measures_.data();
    desc_.measure_count = static_cast<std::uint32_t>(c_measures_.size());
    desc_.rules = c_rules_.data();
    desc_.rule_count = static_cast<std::uint32_t>(c_rules_.size());
    desc_.columns = c_columns_.data();
    desc_.column_count = static_cast<std::uint32_t>(c_columns_.size());
    desc_.tables = c_tables_.data();
    desc_.table_count = static_cast<std::uint32_t>(c_tables_.size());
    return &desc_;
  }
  /// A descriptor that only says why the plugin could not describe itself.
  const chibo_plugin_desc* failure(const char* what) {
    error_ = what;
    desc_ = {};
    desc_.abi_major = CHIBO_PLUGIN_DECLARED_ABI_MAJOR;
    desc_.abi_minor = CHIBO_PLUGIN_DECLARED_ABI_MINOR;
    desc_.sizes.plugin_desc = sizeof(chibo_plugin_desc);
    desc_.error = detail::str(error_);
    return &desc_;
  }

 private:
  struct MeasureSpec {
    std::string id, name_vi, name_en;
  };
  struct ExtColumn : ColumnSpec {
    ExtColumn(std::string t, std::string n, Type ty, bool r, std::vector<std::string> c, std::string d)
        : ColumnSpec{std::move(n), ty, r, std::move(c), std::move(d)}, table(std::move(t)) {}
    std::string table;
  };
  struct TableSpec {
    std::string name, key_column, key_table;
    std::vector<ColumnSpec> columns;
    bool required;
    std::string description;
  };
  chibo_column_desc column_desc(const std::string& table, const ColumnSpec& c) {
    auto& codes = c_codes_.emplace_back();
    for (const auto& code : c.codes) codes.push_back(detail::str(code));
    return {detail::str(table),        detail::str(c.name), static_cast<std::int32_t>(c.type),
            c.required ? 1 : 0,        codes.data(),        static_cast<std::uint32_t>(codes.size()),
            detail::str(c.description)};
  }

  std::string name_, version_, description_, error_;
  std::deque<MeasureSpec> measures_;
  std::deque<ExtColumn> columns_;
  std::deque<TableSpec> tables_;
  std::deque<Rule> rules_;  // a deque: the descriptors point at its elements
  std::vector<chibo_measure_desc> c_measures_;
  std::vector<chibo_column_desc> c_columns_;
  std::deque<std::vector<chibo_column_desc>> c_table_columns_;
  std::vector<chibo_table_desc> c_tables_;
  std::deque<std::vector<chibo_constant_desc>> c_constants_;
  std::deque<std::vector<chibo_str>> c_keys_;
  std::deque<std::vector<chibo_str>> c_codes_;
  std::vector<chibo_rule_desc> c_rules_;
  chibo_plugin_desc desc_{};
};

inline std::uint32_t Table::column(std::string_view name) const {
  for (std::size_t i = 0; i < column_names.size(); ++i)
    if (column_names[i] == name) return static_cast<std::uint32_t>(i);
  throw std::out_of_range("no column \"" + std::string(name) + "\" in the table");
}

namespace detail {
template <class Describe>
const chibo_plugin_desc* entry(const chibo_host* h, Describe describe) noexcept {
  static Plugin plugin;
  static const chibo_plugin_desc* desc = [&]() -> const chibo_plugin_desc* {
    try {
      host() = h;
      describe(plugin);
      return plugin.describe_to_host();
    } catch (const std::exception& e) {
      return plugin.failure(e.what());
    } catch (...) {
      return plugin.failure("unknown exception while describing the plugin");
    }
  }();
  return desc;
}
}  // namespace detail

}  // namespace chibo::plugin

/// Exports the plugin described by `describe`, a function `void describe(chibo::plugin::Plugin&)`.
#define CHIBO_PLUGIN(describe)                                                                   \
  extern "C" __attribute__((visibility("default"))) const chibo_plugin_desc* chibo_plugin_entry( \
      const chibo_host* host) {                                                                  \
    return ::chibo::plugin::detail::entry(host, describe);                                       \
  }
