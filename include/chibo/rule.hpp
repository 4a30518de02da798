// Rules and their registry. A rule carries its metadata (id, name, level, defaults, source,
// messages) beside its logic, so the engine, the CLI and the docs know rules only through here.
#pragma once

#include <chibo/enums.hpp>
#include <chibo/extension.hpp>
#include <chibo/facts.hpp>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace chibo {

/// ramp(x; zero_at, full_at) = clamp((x − zero_at) / (full_at − zero_at), 0, 1). A ramp with
/// zero_at > full_at runs downward ("lower is better").
struct Ramp {
  double zero_at = 0;
  double full_at = 1;
  double operator()(double x) const noexcept {
    return std::clamp((x - zero_at) / (full_at - zero_at), 0.0, 1.0);
  }
  friend bool operator==(const Ramp&, const Ramp&) = default;
};

/// A named number a rule uses besides its ramp (a day window, a target duration, …). `value` is
/// its default: the one place it is written.
struct Constant {
  std::string name;
  double value = 0;
  std::string description;
};

/// A constant's value in force.
struct ConstantValue {
  std::string name;
  double value = 0;
  friend bool operator==(const ConstantValue&, const ConstantValue&) = default;
};

/// What the policy may set for one rule.
struct RuleSettings {
  double weight = 1;
  Ramp ramp;
  std::vector<ConstantValue> constants;  ///< one per RuleInfo::constants, in their order

  /// A constant by name; throws std::out_of_range for a name the rule does not declare.
  double constant(std::string_view name) const {
    for (const auto& c : constants)
      if (c.name == name) return c.value;
    throw std::out_of_range("no constant \"" + std::string(name) + "\"");
  }
  bool has_constant(std::string_view name) const noexcept {
    for (const auto& c : constants)
      if (c.name == name) return true;
    return false;
  }
  /// Sets a constant by name; false when the rule has no such constant.
  bool set_constant(std::string_view name, double value) noexcept {
    for (auto& c : constants)
      if (c.name == name) {
        c.value = value;
        return true;
      }
    return false;
  }
};

/// How an evidence value reads.
enum class Unit : std::uint8_t { number, ratio, days, minutes, date, year, months, flag };

struct EvidenceItem {
  const char* key;  ///< static string, also the name used in message templates
  double value;
  Unit unit;
};

/// The values a rule used, kept small and flat: findings of a national run number in the
/// millions. Only the first `size()` items are ever written or read: a national run makes some
/// 60 million outcomes, and clearing six items for each cost more than most rules do.
class Evidence {
 public:
  static constexpr std::size_t capacity = 6;
  Evidence() noexcept {}  // NOLINT(modernize-use-equals-default): leaves the items unwritten
  Evidence(const Evidence& other) noexcept : size_(other.size_) { copy_items(other); }
  Evidence& operator=(const Evidence& other) noexcept {
    size_ = other.size_;
    copy_items(other);
    return *this;
  }
  ~Evidence() = default;
  Evidence& add(const char* key, double value, Unit unit = Unit::number) noexcept {
    if (size_ < capacity) items_[size_++] = {key, value, unit};
    return *this;
  }
  std::span<const EvidenceItem> view() const noexcept { return {items_.data(), size_}; }
  std::size_t size() const noexcept { return size_; }

 private:
  void copy_items(const Evidence& other) noexcept {
    for (std::size_t i = 0; i < size_; ++i) items_[i] = other.items_[i];
  }
  std::array<EvidenceItem, capacity> items_;
  std::uint8_t size_ = 0;
};

inline constexpr double not_applicable = std::numeric_limits<double>::quiet_NaN();
inline bool is_na(double score) noexcept {
  return std::isnan(score);
}

/// The result of one rule on one subject.
///
/// A rule function runs tens of millions of times a national year: declare one Outcome and
/// return it from every branch (a default Outcome is N/A). A function that returns either
/// na() or a local copies the local out, and that copy stalls on the outcome's one-byte
/// fields (docs/performance.md).
struct Outcome {
  double score = not_applicable;   ///< in [0, 1], NaN for N/A
  double metric = not_applicable;  ///< the x the ramp was applied to
  Evidence evidence;
  /// Severity of the finding if the score is below 1; empty = from the score (see docs/rules.md).
  std::optional<Severity> severity;
  /// A plugin rule that failed on this subject: what it said (the score is then N/A, and the
  /// subject gets an error finding). Owned by the rule, which lives as long as its registry.
  const char* error = nullptr;

  static Outcome na() noexcept { return {}; }
  bool applicable() const noexcept { return !is_na(score); }
};

/// Scores one metric with the rule's ramp.
inline Outcome ramp_outcome(double x, const RuleSettings& s) noexcept {
  Outcome o;
  o.metric = x;
  o.score = s.ramp(x);
  return o;
}

/// A person-readable finding: a rule scoring below 1 on a subject (or a structure finding).
struct Finding {
  std::uint16_t rule = 0;  ///< position in Registry::rules()
  Severity severity = Severity::warning;
  Index unit = no_index;     ///< org unit row: the cell, or the committee for committee rules
  Index meeting = no_index;  ///< meeting row, for meeting rules
  Index member = no_index;   ///< member row, when the finding is about one member
  double score = 0;
  double metric = not_applicable;
  double target = not_applicable;  ///< the ramp's full-credit point (the threshold)
  double gap = not_applicable;     ///< how far the metric is from the threshold (≥ 0)
  Evidence evidence;
  const char* error = nullptr;  ///< a plugin rule that failed: what it said (Outcome::error)
};

class Report;

/// What a rule outside the library may read besides its facts: the dataset (a plugin's
/// extension columns and tables) and, for committee rules, the report being built (the scores
/// of the cells below).
struct RuleContext {
  const Dataset* dataset = nullptr;
  const Report* report = nullptr;
};

/// The logic of a rule that lives outside the library (a plugin's). The engine calls it where
/// it would call a built-in rule's function, from several threads at once.
class ExternalRule {
 public:
  virtual ~ExternalRule() = default;
  virtual Outcome meeting(const RuleContext&, const MeetingFacts&, const RuleSettings&) const = 0;
  virtual Outcome cell(const RuleContext&, const CellFacts&, const RuleSettings&) const = 0;
  virtual Outcome committee(const RuleContext&, const CommitteeFacts&, const RuleSettings&) const = 0;
  /// Subjects the rule failed on so far (for the log).
  virtual std::size_t failures() const noexcept = 0;
};

using MeetingRuleFn = Outcome (*)(const MeetingFacts&, const RuleSettings&);
using CellRuleFn = Outcome (*)(const CellFacts&, const RuleSettings&);
using CommitteeRuleFn = Outcome (*)(const CommitteeFacts&, const RuleSettings&);
/// Replaces the one default finding of a cell rule by findings of its own (one per member, …).
/// `base` is the default finding, to copy and adjust.
using CellExplainFn = void (*)(const CellFacts&, const RuleSettings&, const Finding& base,
                               std::vector<Finding>& out);

/// The built-in profiles (hướng dẫn), oldest first: HD 12-HD/BTCTW, then HD 42-HD/BTCTW.
inline constexpr std::array<std::string_view, 2> builtin_profiles{"hd12-2018", "hd42-2025"};

/// How a built-in profile's defaults differ from the rule's: only what differs is written.
struct ProfileDefaults {
  std::string profile;  ///< "hd12-2018" or "hd42-2025"
  std::optional<double> weight;
  std::optional<Ramp> ramp;
  std::vector<ConstantValue> constants;  ///< by name
};

struct RuleInfo {
  std::string id;       ///< "M2.1"
  std::string name;     ///< "notice_lead_time"
  std::string measure;  ///< "M2"; empty for structure findings
  Level level = Level::meeting;
  /// Meeting kinds the rule applies to (meeting rules); others are N/A.
  std::array<bool, 3> kinds{true, true, true};
  bool gate = false;     ///< default gate membership (the policy's gate lists override)
  bool scored = true;    ///< false for structure findings (S1, S2): findings only
  bool in_total = true;  ///< false for reported-only committee rules (M7.3)
  /// Default weight and ramp; Registry::add fills `defaults.constants` from `constants`.
  RuleSettings defaults;
  std::vector<Constant> constants;  ///< every constant the rule reads, with its default
  std::vector<ProfileDefaults> profile_defaults;
  std::string metric;               ///< what x is, in English (docs, `chibo rules`)
  Unit metric_unit = Unit::number;  ///< how x and the threshold read in messages
  std::string description;          ///< the rule in one sentence, English
  std::string description_vi;       ///< the same in Vietnamese
  /// What is wrong when the rule falls short, as a report lists it ("Nội dung còn nặng về phổ
  /// biến, liệt kê"); empty: the description is shown.
  std::string shortfall, shortfall_vi;
  std::string source;  ///< where the rule comes from
  /// The official text that sets the full-credit threshold; empty when it is chibo's own choice
  /// (docs/scoring.md). Where a ramp starts is always chibo's choice.
  std::string threshold_source;
  Owner owner = Owner::cell;  ///< who must act on a shortfall
  /// Finding messages; `{key}` names an evidence item, `{member}`, `{meeting}`, `{cell}` the
  /// subject. Vietnamese text in NFC.
  std::string message_vi, message_en;

  MeetingRuleFn meeting_fn = nullptr;
  CellRuleFn cell_fn = nullptr;
  CommitteeRuleFn committee_fn = nullptr;
  CellExplainFn explain_cell = nullptr;
  /// A plugin's rule: its logic, called when the level's function above is null.
  std::shared_ptr<const ExternalRule> external;
  int plugin = -1;  ///< position in Registry::plugins(); -1 for chibo's own rules

  bool applies_to(MeetingKind k) const noexcept { return kinds[static_cast<std::size_t>(k)]; }
  /// The settings of a built-in profile: the defaults with that profile's differences.
  RuleSettings defaults_for(std::string_view profile) const;
};

/// A measure (Một là … Bảy là), or one a plugin declares.
struct MeasureInfo {
  std::string id;  ///< "M1"
  std::string name_vi, name_en;
  int plugin = -1;  ///< position in Registry::plugins(); -1 for the rulebook's
};

/// A plugin library a registry loaded: what it calls itself and where it was found.
struct PluginInfo {
  std::string name;  ///< "bac-giang"
  std::string version;
  std::string description;
  std::filesystem::path path;           ///< as loaded (canonical)
  std::shared_ptr<const void> library;  ///< keeps the code loaded while any copy of the registry lives
};

/// The rules and measures known to an engine. The built-in registry holds the rulebook; an
/// application or a plugin may add rules to a copy.
class Registry {
 public:
  /// The rulebook's seven measures, their rules and the structure findings.
  static const Registry& builtin();

  void add_measure(MeasureInfo m);
  /// Adds a rule; throws std::invalid_argument on a duplicate id, an unknown measure, a rule
  /// without the function of its level, or invalid defaults.
  void add(RuleInfo rule);

  /// Loads a plugin library (docs/plugins.md): its measures, rules and data extensions join
  /// this registry. Throws InputError naming the file on any problem, leaving the registry as
  /// it was. A library already loaded (same canonical path) is not loaded twice.
  void load_plugin(const std::filesystem::path& library);
  /// Records a plugin; the position is what RuleInfo::plugin and the extensions refer to.
  int add_plugin(PluginInfo plugin);
  std::span<const PluginInfo> plugins() const noexcept { return plugins_; }
  /// Adds a column to a contract table or a table of its own; throws std::invalid_argument on
  /// a clash with the contract or another extension, or an invalid declaration.
  void add_extension(ExtensionColumn column);
  void add_extension(ExtensionTable table);
  /// What the loader must read besides the contract for this registry's rules.
  const DataExtensions& extensions() const noexcept { return extensions_; }
  /// Whether a rule of this level comes from outside the library (the engine then builds the
  /// facts only those rules read).
  bool has_external(Level level) const noexcept;
  /// The text of the registry's plugin rules that the policy hash covers: each plugin's name
  /// and version, and every metadata field of its measures, rules and extensions.
  std::string plugin_fingerprint() const;

  std::span<const RuleInfo> rules() const noexcept { return rules_; }
  std::span<const MeasureInfo> measures() const noexcept { return measures_; }
  const RuleInfo* find(std::string_view id) const noexcept;
  /// Position of a rule in rules(), or -1.
  int index_of(std::string_view id) const noexcept;
  int measure_index(std::string_view id) const noexcept;
  /// Position of a rule's measure in measures() (-1 for structure findings), by rule position:
  /// the engine asks this for every rule of every meeting.
  int measure_of(std::uint16_t rule) const noexcept { return measure_of_[rule]; }

  /// Scored rules of a level, in registry order (positions into rules()).
  std::span<const std::uint16_t> scored(Level level) const noexcept {
    return scored_[static_cast<std::size_t>(level)];
  }
  /// Structure findings (unscored cell rules).
  std::span<const std::uint16_t> structure() const noexcept { return structure_; }

 private:
  std::vector<RuleInfo> rules_;
  std::vector<MeasureInfo> measures_;
  std::array<std::vector<std::uint16_t>, 3> scored_;
  std::vector<std::uint16_t> structure_;
  std::vector<int> measure_of_;
  std::vector<PluginInfo> plugins_;
  DataExtensions extensions_;
};

namespace rules {
// One registration function per measure, each in src/rules/mN.cpp.
void register_m1(Registry&);
void register_m2(Registry&);
void register_m3(Registry&);
void register_m4(Registry&);
void register_m5(Registry&);
void register_m6(Registry&);
void register_m7(Registry&);
void register_structure(Registry&);
}  // namespace rules

}  // namespace chibo
