// Policy: the weights, ramps, constants, rating bands and gates in force. Data, not code.
#pragma once

#include <chibo/diagnostics.hpp>
#include <chibo/period.hpp>
#include <chibo/rule.hpp>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace chibo {

struct Bands {
  double tot = 90, kha = 70, trung_binh = 50;
  friend bool operator==(const Bands&, const Bands&) = default;
};

/// One profile: every rule's settings, measure weights, bands and gates (hướng dẫn in force).
struct Profile {
  std::string name;
  Date in_force_from;                   ///< not_a_date_time: serves every earlier date
  std::vector<RuleSettings> rules;      ///< aligned with Registry::rules()
  std::vector<double> measure_weights;  ///< aligned with Registry::measures()
  Bands bands;
  std::vector<std::uint16_t> meeting_gates, cell_gates;  ///< rule positions
  /// Rate cells only on what they control: rules whose owner is the upper committee (measures
  /// 5 and 7, the secretary's training) leave the cell's total, and count only in its
  /// committees' duty scores. Off by default, so that totals follow the rulebook.
  bool cell_total_excludes_upper_duties = false;

  /// Whether a rule is in the gate list of that level.
  bool is_gate(std::uint16_t rule, Level level) const noexcept;
  /// Band of a total, honouring gates: Tốt needs every gate rule at 1 (N/A gates do not block).
  /// A total within `band_tolerance` below a band's floor reaches it: totals are means of
  /// fractions, and the order of floating-point sums must not decide a rating.
  Rating rate(double total, bool gates_met) const noexcept;
  static constexpr double band_tolerance = 1e-9;
};

/// A schedule of profiles, each in force from its date until the next one's.
///
/// A policy scores with the rules of its registry. Given a `const Registry&`, it refers to it
/// (which must outlive it); a policy file that names plugins (`plugins = [...]`) makes a
/// registry of its own, the given one with those plugins, and keeps it.
class Policy {
 public:
  /// The built-in schedule `default`: hd12-2018, then hd42-2025 from 2025-10-28.
  static Policy builtin(const Registry& registry = Registry::builtin());
  /// One built-in profile alone, used for every date ("hd12-2018" or "hd42-2025").
  static Policy profile(std::string_view name, const Registry& registry = Registry::builtin());
  /// A TOML policy file (docs/policy.md). Throws InputError with file:line on any problem.
  /// Plugin paths in it are read relative to the file's folder.
  static Policy from_file(const std::filesystem::path& file, const Registry& registry = Registry::builtin());
  /// The same from text; `file` names it in messages.
  static Policy from_toml(std::string_view text, std::string_view file,
                          const Registry& registry = Registry::builtin());
  /// `spec` is a profile name, "default", or a path to a TOML file.
  static Policy resolve(std::string_view spec, const Registry& registry = Registry::builtin());

  const std::string& name() const noexcept { return name_; }
  std::span<const Profile> profiles() const noexcept { return profiles_; }
  /// Index of the profile in force on a date.
  std::size_t profile_index(Date d) const noexcept;
  const Profile& in_force(Date d) const noexcept { return profiles_[profile_index(d)]; }
  const Registry& registry() const noexcept { return *registry_; }
  /// The registry, shared: for an owner that must keep it alive (a report handed on).
  std::shared_ptr<const Registry> shared_registry() const noexcept { return registry_; }

  /// The effective policy as canonical TOML: every value spelled out, in registry order.
  std::string to_toml() const;
  /// A stable hash (FNV-1a 64, hex) of every setting in to_toml() and of the plugins' names,
  /// versions and rule metadata (Registry::plugin_fingerprint): equal hashes mean equal scoring.
  /// Neither the policy's name nor where its plugins were found changes it.
  std::string hash() const;

 private:
  friend struct PolicyAccess;
  /// The profiles as TOML: what the hash covers besides the plugins.
  std::string settings_toml() const;
  void refer_to(const Registry& registry);

  std::string name_;
  std::vector<Profile> profiles_;
  std::shared_ptr<const Registry> registry_;
};

}  // namespace chibo
