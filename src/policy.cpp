#include <chibo/diagnostics.hpp>
#include <chibo/policy.hpp>

#include <fmt/format.h>
#include <toml++/toml.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace chibo {

bool Profile::is_gate(std::uint16_t rule, Level level) const noexcept {
  const auto& gates = level == Level::meeting ? meeting_gates : cell_gates;
  return std::find(gates.begin(), gates.end(), rule) != gates.end();
}

Rating Profile::rate(double total, bool gates_met) const noexcept {
  if (total >= bands.tot - band_tolerance && gates_met) return Rating::tot;
  if (total >= bands.kha - band_tolerance) return Rating::kha;
  if (total >= bands.trung_binh - band_tolerance) return Rating::trung_binh;
  return Rating::kem;
}

namespace {

const Date hd42_from(2025, 10, 28);

Profile make_profile(std::string_view name, Date from, const Registry& registry) {
  Profile p;
  p.name = std::string(name);
  p.in_force_from = from;
  const auto rules = registry.rules();
  for (std::size_t i = 0; i < rules.size(); ++i) {
    const RuleInfo& r = rules[i];
    p.rules.push_back(r.defaults_for(name));
    if (r.gate && r.scored && r.level != Level::committee) {  // committees' ratings have no gates
      auto& gates = r.level == Level::meeting ? p.meeting_gates : p.cell_gates;
      gates.push_back(static_cast<std::uint16_t>(i));
    }
  }
  p.measure_weights.assign(registry.measures().size(), 1.0);
  return p;
}

bool is_builtin(std::string_view name) {
  return std::find(builtin_profiles.begin(), builtin_profiles.end(), name) != builtin_profiles.end();
}

// Reading a TOML policy: every problem becomes a Diagnostic with the line of the offending node.
class PolicyReader {
 public:
  PolicyReader(std::string_view file, const Registry& registry) : file_(file), registry_(&registry) {}

  Policy read(std::string_view text, Policy (*base)(std::string_view, const Registry&)) {
    toml::table root;
    try {
      root = toml::parse(text, std::string(file_));
    } catch (const toml::parse_error& e) {
      const auto& at = e.source().begin;
      fail_line(at.line, at.column, std::string(e.description()));
      throw InputError(problems_);
    }
    std::string extends = "default";
    std::string name;
    for (auto&& [key, node] : root) {
      if (key == "extends") {
        if (auto v = node.value<std::string>()) {
          extends = *v;
          if (extends != "default" && !is_builtin(extends))
            fail(node,
                 fmt::format("extends: expected one of default, hd12-2018, hd42-2025; got \"{}\"", extends));
        } else {
          fail(node, "extends: expected a string");
        }
      } else if (key == "name") {
        if (auto v = node.value<std::string>())
          name = *v;
        else
          fail(node, "name: expected a string");
      } else if (key == "plugins") {
        load_plugins(node);
      } else if (key != "measures" && key != "rules" && key != "bands" && key != "gates" &&
                 key != "profiles" && key != switch_key) {
        fail(key, fmt::format("unknown key \"{}\"; expected name, extends, plugins, measures, rules, bands, "
                              "gates, {} or profiles",
                              key.str(), switch_key));
      }
    }
    if (!problems_.empty()) throw InputError(problems_);
    Policy policy = base(extends, *registry_);
    policy_name_ = name.empty() ? fmt::format("{}+custom", extends) : name;
    profiles_ = &policy;
    // Overrides at the top apply to every profile; [profiles.NAME] to one.
    for (std::size_t i = 0; i < policy_profiles().size(); ++i) apply(root, policy_profiles()[i], "");
    if (auto* per = root["profiles"].as_table()) {
      for (auto&& [pname, node] : *per) {
        auto* t = node.as_table();
        Profile* target = nullptr;
        for (auto& p : policy_profiles())
          if (p.name == pname.str()) target = &p;
        if (!t || !target) {
          fail(pname,
               fmt::format("profiles: expected a table named after a profile of the policy; got \"{}\"",
                           pname.str()));
          continue;
        }
        for (auto&& [k, v] : *t)
          if (k == "in_force_from")
            read_in_force_from(v, *target);
          else if (k != "measures" && k != "rules" && k != "bands" && k != "gates" && k != switch_key)
            fail(k, fmt::format("profiles.{}: unknown key \"{}\"", pname.str(), k.str()));
        apply(*t, *target, fmt::format("profiles.{}.", pname.str()));
      }
      check_profile_order(*per);
    } else if (root.contains("profiles")) {
      fail(*root.get("profiles"), "profiles: expected a table");
    }
    if (!problems_.empty()) throw InputError(problems_);
    return policy;
  }

  std::string policy_name_;
  /// The registry with the file's plugins, when it names any.
  std::shared_ptr<Registry> owned_;

 private:
  // The day a profile takes over (what `policy show` prints): a date, or "-" for the first
  // profile, which serves every earlier date.
  void read_in_force_from(const toml::node& node, Profile& profile) {
    const auto text = node.value<std::string>();
    const Date d = text && *text != "-" ? parse_date(*text) : Date();
    if (!text || (*text != "-" && d.is_special())) {
      fail(node, fmt::format("profiles.{}.in_force_from: expected a date YYYY-MM-DD or \"-\"", profile.name));
      return;
    }
    profile.in_force_from = d;
  }

  // A date chooses the last profile in force on it, so the profiles' dates must rise.
  void check_profile_order(const toml::table& per) {
    const auto& profiles = policy_profiles();
    for (std::size_t i = 1; i < profiles.size(); ++i) {
      const Date before = profiles[i - 1].in_force_from, from = profiles[i].in_force_from;
      if (!from.is_special() && (before.is_special() || before < from)) continue;
      const toml::node* at = per.get(profiles[i].name);
      const toml::node* key = at && at->as_table() ? at->as_table()->get("in_force_from") : nullptr;
      if (!key) {
        const toml::node* other = per.get(profiles[i - 1].name);
        key = other && other->as_table() ? other->as_table()->get("in_force_from") : nullptr;
      }
      const auto text = [](Date d) { return d.is_special() ? std::string("-") : format_date(d); };
      if (key)
        fail(*key,
             fmt::format("in_force_from: each profile takes over after the one before it; {} ({}) is not "
                         "after {} ({})",
                         profiles[i].name, text(from), profiles[i - 1].name, text(before)));
    }
  }

  // Plugins come first: the rest of the file may tune their rules.
  void load_plugins(const toml::node& node) {
    auto* list = node.as_array();
    if (!list) {
      fail(node, "plugins: expected an array of paths");
      return;
    }
    const std::filesystem::path folder = std::filesystem::path(file_).parent_path();
    for (const auto& entry : *list) {
      const auto path = entry.value<std::string>();
      if (!path || path->empty()) {
        fail(entry, "plugins: expected the path of a plugin library");
        continue;
      }
      if (!owned_) {
        owned_ = std::make_shared<Registry>(*registry_);
        registry_ = owned_.get();
      }
      try {
        owned_->load_plugin((folder / *path).lexically_normal());
      } catch (const InputError& e) {
        for (const auto& d : e.problems()) fail(entry, fmt::format("plugins: {}", d.to_string()));
      }
    }
  }

  std::vector<Profile>& policy_profiles();

  void fail_line(std::size_t line, std::size_t column, std::string message) {
    problems_.push_back({std::string(file_), line, column, std::move(message), {}});
  }
  void fail(const toml::node& node, std::string message) {
    const auto& at = node.source().begin;
    fail_line(at.line, at.column, std::move(message));
  }
  /// Unknown names point at the key, not at its value.
  void fail(const toml::key& key, std::string message) {
    const auto& at = key.source().begin;
    fail_line(at.line, at.column, std::move(message));
  }

  std::optional<double> number(const toml::node& node, std::string_view what) {
    if (auto v = node.value<double>()) return *v;  // integers convert too
    fail(node, fmt::format("{}: expected a number", what));
    return std::nullopt;
  }

  static constexpr std::string_view switch_key = "cell_total_excludes_upper_duties";

  void apply(const toml::table& t, Profile& p, const std::string& prefix) {
    if (auto* n = t.get(switch_key)) {
      if (auto v = n->value<bool>())
        p.cell_total_excludes_upper_duties = *v;
      else
        fail(*n, fmt::format("{}{}: expected true or false", prefix, switch_key));
    }
    if (auto* n = t.get("measures")) {
      if (auto* m = n->as_table()) {
        for (auto&& [k, v] : *m) {
          const int i = registry_->measure_index(k.str());
          const std::string what = fmt::format("{}measures.{}", prefix, k.str());
          if (i < 0) {
            fail(k, fmt::format("{}: unknown measure", what));
          } else if (auto w = number(v, what)) {
            if (*w < 0)
              fail(v, fmt::format("{}: expected a weight ≥ 0", what));
            else
              p.measure_weights[static_cast<std::size_t>(i)] = *w;
          }
        }
      } else {
        fail(*n, prefix + "measures: expected a table");
      }
    }
    if (auto* n = t.get("rules")) {
      if (auto* rs = n->as_table()) {
        for (auto&& [id, v] : *rs) apply_rule(id, v, p, prefix);
      } else {
        fail(*n, prefix + "rules: expected a table");
      }
    }
    if (auto* n = t.get("bands")) {
      if (auto* b = n->as_table()) {
        for (auto&& [k, v] : *b) {
          const std::string what = fmt::format("{}bands.{}", prefix, k.str());
          double* slot = k == "tot"          ? &p.bands.tot
                         : k == "kha"        ? &p.bands.kha
                         : k == "trung_binh" ? &p.bands.trung_binh
                                             : nullptr;
          if (!slot) {
            fail(k, fmt::format("{}: unknown band; expected tot, kha or trung_binh", what));
          } else if (auto x = number(v, what)) {
            if (*x < 0 || *x > 100)
              fail(v, fmt::format("{}: expected a number from 0 to 100", what));
            else
              *slot = *x;
          }
        }
        if (!(p.bands.tot >= p.bands.kha && p.bands.kha >= p.bands.trung_binh))
          fail(*n, prefix + "bands: expected tot ≥ kha ≥ trung_binh");
      } else {
        fail(*n, prefix + "bands: expected a table");
      }
    }
    if (auto* n = t.get("gates")) {
      if (auto* g = n->as_table()) {
        for (auto&& [k, v] : *g) {
          const std::string what = fmt::format("{}gates.{}", prefix, k.str());
          const bool meeting = k == "meeting";
          if (!meeting && k != "cell") {
            fail(k, fmt::format("{}: unknown gate list; expected meeting or cell", what));
            continue;
          }
          auto* arr = v.as_array();
          if (!arr) {
            fail(v, fmt::format("{}: expected an array of rule ids", what));
            continue;
          }
          std::vector<std::uint16_t> ids;
          for (auto& e : *arr) {
            auto s = e.value<std::string>();
            const RuleInfo* r = s ? registry_->find(*s) : nullptr;
            const Level level = meeting ? Level::meeting : Level::cell;
            if (!r || !r->scored || r->level != level)
              fail(e, fmt::format("{}: expected the id of a scored {} rule", what, to_code(level)));
            else
              ids.push_back(static_cast<std::uint16_t>(registry_->index_of(*s)));
          }
          (meeting ? p.meeting_gates : p.cell_gates) = ids;
        }
      } else {
        fail(*n, prefix + "gates: expected a table");
      }
    }
  }

  void apply_rule(const toml::key& key, const toml::node& node, Profile& p, const std::string& prefix) {
    const std::string_view id = key.str();
    const std::string what = fmt::format("{}rules.\"{}\"", prefix, id);
    const int index = registry_->index_of(id);
    if (index < 0) {
      fail(key, fmt::format("{}: unknown rule", what));
      return;
    }
    RuleSettings& s = p.rules[static_cast<std::size_t>(index)];
    auto* t = node.as_table();
    if (!t) {
      fail(node, fmt::format("{}: expected a table", what));
      return;
    }
    for (auto&& [k, v] : *t) {
      const std::string name(k.str());
      if (name == "weight") {
        if (auto w = number(v, what + ".weight")) {
          if (*w < 0)
            fail(v, what + ".weight: expected a weight ≥ 0");
          else
            s.weight = *w;
        }
      } else if (name == "zero_at") {
        if (auto x = number(v, what + ".zero_at")) s.ramp.zero_at = *x;
      } else if (name == "full_at") {
        if (auto x = number(v, what + ".full_at")) s.ramp.full_at = *x;
      } else if (name == "constants") {
        auto* c = v.as_table();
        if (!c) {
          fail(v, what + ".constants: expected a table");
          continue;
        }
        for (auto&& [ck, cv] : *c) {
          if (!s.has_constant(ck.str())) {
            fail(ck, fmt::format("{}.constants: unknown constant \"{}\"", what, ck.str()));
          } else if (auto x = number(cv, fmt::format("{}.constants.{}", what, ck.str()))) {
            if (*x < 0)
              fail(cv, fmt::format("{}.constants.{}: expected a number ≥ 0", what, ck.str()));
            else
              s.set_constant(ck.str(), *x);
          }
        }
      } else {
        fail(k, fmt::format("{}: unknown key \"{}\"; expected weight, zero_at, full_at or constants", what,
                            name));
      }
    }
    if (s.ramp.zero_at == s.ramp.full_at) fail(node, fmt::format("{}: expected zero_at ≠ full_at", what));
  }

  std::string_view file_;
  const Registry* registry_;
  std::vector<Diagnostic> problems_;
  Policy* profiles_ = nullptr;
};

}  // namespace

// The reader edits the profiles of the policy it builds; Policy grants access through this.
struct PolicyAccess {
  static std::vector<Profile>& profiles(Policy& p) { return p.profiles_; }
  static std::string& name(Policy& p) { return p.name_; }
};

std::vector<Profile>& PolicyReader::policy_profiles() {
  return PolicyAccess::profiles(*profiles_);
}

Policy Policy::builtin(const Registry& registry) {
  Policy p;
  p.name_ = "default";
  p.refer_to(registry);
  p.profiles_.push_back(make_profile("hd12-2018", Date(), registry));
  p.profiles_.push_back(make_profile("hd42-2025", hd42_from, registry));
  return p;
}

Policy Policy::profile(std::string_view name, const Registry& registry) {
  if (name == "default") return builtin(registry);
  if (!is_builtin(name))
    throw std::invalid_argument(
        fmt::format("unknown profile \"{}\"; expected default, hd12-2018 or hd42-2025", name));
  Policy p;
  p.name_ = std::string(name);
  p.refer_to(registry);
  p.profiles_.push_back(make_profile(name, Date(), registry));
  return p;
}

Policy Policy::from_toml(std::string_view text, std::string_view file, const Registry& registry) {
  PolicyReader reader(file, registry);
  Policy p = reader.read(text, [](std::string_view base, const Registry& r) { return profile(base, r); });
  p.name_ = reader.policy_name_;
  if (reader.owned_) p.registry_ = std::move(reader.owned_);
  return p;
}

Policy Policy::from_file(const std::filesystem::path& file, const Registry& registry) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError({Diagnostic{file.string(), 0, 0, "expected a readable policy file", {}}});
  std::stringstream buffer;
  buffer << in.rdbuf();
  return from_toml(buffer.str(), file.string(), registry);
}

Policy Policy::resolve(std::string_view spec, const Registry& registry) {
  if (spec == "default" || is_builtin(spec)) return profile(spec, registry);
  return from_file(std::filesystem::path(spec), registry);
}

std::size_t Policy::profile_index(Date d) const noexcept {
  std::size_t chosen = 0;
  for (std::size_t i = 1; i < profiles_.size(); ++i)
    if (!d.is_special() && d >= profiles_[i].in_force_from) chosen = i;
  return chosen;
}

namespace {
std::string number_text(double v) {
  return fmt::format("{}", v);
}
}  // namespace

void Policy::refer_to(const Registry& registry) {
  registry_ = std::shared_ptr<const Registry>(std::shared_ptr<const Registry>(), &registry);  // not owned
}

std::string Policy::to_toml() const {
  std::string out = fmt::format("name = \"{}\"\n", name_);
  // The schedule it builds on, so that the file reads back to the same profiles: both built-in
  // profiles are the default schedule, one alone is itself.
  if (profiles_.size() == 1 && is_builtin(profiles_.front().name))
    out += fmt::format("extends = \"{}\"\n", profiles_.front().name);
  else
    out += "extends = \"default\"\n";
  if (!registry_->plugins().empty()) {
    std::string paths;
    for (const auto& p : registry_->plugins())
      paths += fmt::format("{}\"{}\"", paths.empty() ? "" : ", ", p.path.generic_string());
    out += fmt::format("plugins = [{}]\n", paths);
  }
  return out + settings_toml();
}

std::string Policy::settings_toml() const {
  std::string out;
  const auto rules = registry_->rules();
  for (const auto& p : profiles_) {
    out += fmt::format("\n[profiles.\"{}\"]\n", p.name);
    out += fmt::format("in_force_from = \"{}\"\n",
                       p.in_force_from.is_special() ? std::string("-") : format_date(p.in_force_from));
    out += fmt::format("bands = {{ tot = {}, kha = {}, trung_binh = {} }}\n", number_text(p.bands.tot),
                       number_text(p.bands.kha), number_text(p.bands.trung_binh));
    auto gate_list = [&](const std::vector<std::uint16_t>& g) {
      std::string s;
      for (auto i : g) s += fmt::format("{}\"{}\"", s.empty() ? "" : ", ", rules[i].id);
      return s;
    };
    out += fmt::format("gates = {{ meeting = [{}], cell = [{}] }}\n", gate_list(p.meeting_gates),
                       gate_list(p.cell_gates));
    // Written only when on: policies written before the switch keep their hash.
    if (p.cell_total_excludes_upper_duties) out += "cell_total_excludes_upper_duties = true\n";
    out += fmt::format("\n[profiles.\"{}\".measures]\n", p.name);
    for (std::size_t m = 0; m < p.measure_weights.size(); ++m)
      out += fmt::format("{} = {}\n", registry_->measures()[m].id, number_text(p.measure_weights[m]));
    for (std::size_t i = 0; i < rules.size(); ++i) {
      const auto& s = p.rules[i];
      out += fmt::format("\n[profiles.\"{}\".rules.\"{}\"]\n", p.name, rules[i].id);
      out += fmt::format("weight = {}\nzero_at = {}\nfull_at = {}\n", number_text(s.weight),
                         number_text(s.ramp.zero_at), number_text(s.ramp.full_at));
      for (const auto& c : s.constants)
        out += fmt::format("constants.{} = {}\n", c.name, number_text(c.value));
    }
  }
  return out;
}

std::string Policy::hash() const {
  // Without plugins this is the hash of to_toml() after its name line, as it always was.
  const std::string text = settings_toml() + registry_->plugin_fingerprint();
  std::uint64_t h = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ull;
  }
  return fmt::format("{:016x}", h);
}

}  // namespace chibo
