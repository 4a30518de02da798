#include <chibo/rule.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <stdexcept>

namespace chibo {

RuleSettings RuleInfo::defaults_for(std::string_view profile) const {
  RuleSettings s = defaults;
  for (const auto& d : profile_defaults) {
    if (d.profile != profile) continue;
    if (d.weight) s.weight = *d.weight;
    if (d.ramp) s.ramp = *d.ramp;
    for (const auto& c : d.constants) s.set_constant(c.name, c.value);
  }
  return s;
}

const Registry& Registry::builtin() {
  static const Registry registry = [] {
    Registry r;
    rules::register_m1(r);
    rules::register_m2(r);
    rules::register_m3(r);
    rules::register_m4(r);
    rules::register_m5(r);
    rules::register_m6(r);
    rules::register_m7(r);
    rules::register_structure(r);
    return r;
  }();
  return registry;
}

void Registry::add_measure(MeasureInfo m) {
  if (measure_index(m.id) >= 0) throw std::invalid_argument("duplicate measure " + m.id);
  measures_.push_back(std::move(m));
}

void Registry::add(RuleInfo rule) {
  if (find(rule.id)) throw std::invalid_argument("duplicate rule id " + rule.id);
  if (rule.scored && measure_index(rule.measure) < 0)
    throw std::invalid_argument(fmt::format("rule {}: unknown measure \"{}\"", rule.id, rule.measure));
  const bool has_fn = rule.external || (rule.level == Level::meeting && rule.meeting_fn) ||
                      (rule.level == Level::cell && rule.cell_fn) ||
                      (rule.level == Level::committee && rule.committee_fn);
  if (!has_fn) throw std::invalid_argument("rule " + rule.id + " has no function for its level");
  if (!rule.defaults.constants.empty())
    throw std::invalid_argument("rule " + rule.id + ": a constant's default belongs in RuleInfo::constants");
  for (const auto& c : rule.constants) {
    for (const auto& seen : rule.defaults.constants)
      if (seen.name == c.name)
        throw std::invalid_argument(fmt::format("rule {}: constant \"{}\" twice", rule.id, c.name));
    rule.defaults.constants.push_back({c.name, c.value});
  }
  for (const auto& d : rule.profile_defaults) {
    if (std::find(builtin_profiles.begin(), builtin_profiles.end(), d.profile) == builtin_profiles.end())
      throw std::invalid_argument(
          fmt::format("rule {}: defaults for unknown profile \"{}\"", rule.id, d.profile));
    for (const auto& c : d.constants)
      if (!rule.defaults.has_constant(c.name))
        throw std::invalid_argument(
            fmt::format("rule {}: profile {} sets unknown constant \"{}\"", rule.id, d.profile, c.name));
    if (d.ramp && d.ramp->zero_at == d.ramp->full_at)
      throw std::invalid_argument(
          fmt::format("rule {}: profile {}: a ramp needs zero_at ≠ full_at", rule.id, d.profile));
  }
  if (rule.defaults.ramp.zero_at == rule.defaults.ramp.full_at && rule.scored)
    throw std::invalid_argument("rule " + rule.id + ": a ramp needs zero_at ≠ full_at");
  const auto pos = static_cast<std::uint16_t>(rules_.size());
  if (rule.scored)
    scored_[static_cast<std::size_t>(rule.level)].push_back(pos);
  else
    structure_.push_back(pos);
  measure_of_.push_back(measure_index(rule.measure));
  rules_.push_back(std::move(rule));
}

int Registry::add_plugin(PluginInfo plugin) {
  plugins_.push_back(std::move(plugin));
  return static_cast<int>(plugins_.size()) - 1;
}

namespace {

void check_column(const ColumnDef& c, std::string_view where) {
  if (c.name.empty()) throw std::invalid_argument(fmt::format("{}: a column needs a name", where));
  if (c.type == ValueType::code && c.codes.empty())
    throw std::invalid_argument(fmt::format("{}.{}: a code column needs its codes", where, c.name));
  for (std::size_t i = 0; i < c.codes.size(); ++i)
    if (c.codes[i].empty() || std::find(c.codes.begin(), c.codes.begin() + static_cast<std::ptrdiff_t>(i),
                                        c.codes[i]) != c.codes.begin() + static_cast<std::ptrdiff_t>(i))
      throw std::invalid_argument(fmt::format("{}.{}: codes must be distinct and not empty", where, c.name));
}

bool extendable(std::string_view table) {
  return std::find(extendable_tables.begin(), extendable_tables.end(), table) != extendable_tables.end();
}

}  // namespace

void Registry::add_extension(ExtensionColumn column) {
  const std::string where = fmt::format("extension column {}.{}", column.table, column.column.name);
  if (!extendable(column.table))
    throw std::invalid_argument(
        fmt::format("{}: columns can be added to {} only", where, fmt::join(extendable_tables, ", ")));
  check_column(column.column, column.table);
  for (const auto& c : schema::find_table(column.table)->columns)
    if (c.name == column.column.name)
      throw std::invalid_argument(fmt::format("{}: clashes with a column of the data contract", where));
  for (const auto& c : extensions_.columns)
    if (c.table == column.table && c.column.name == column.column.name)
      throw std::invalid_argument(fmt::format("{}: already added by {}", where,
                                              c.plugin >= 0
                                                  ? plugins_[static_cast<std::size_t>(c.plugin)].name
                                                  : std::string("the application")));
  extensions_.columns.push_back(std::move(column));
}

void Registry::add_extension(ExtensionTable table) {
  const std::string where = fmt::format("extension table {}", table.name);
  if (table.name.empty() || table.name.find_first_of("/\\.") != std::string::npos)
    throw std::invalid_argument(fmt::format("{}: expected a plain file name", where));
  if (schema::find_table(table.name))
    throw std::invalid_argument(fmt::format("{}: clashes with a table of the data contract", where));
  for (const auto& t : extensions_.tables)
    if (t.name == table.name) throw std::invalid_argument(fmt::format("{}: already added", where));
  if (!extendable(table.key_table))
    throw std::invalid_argument(
        fmt::format("{}: its key must name a row of {}", where, fmt::join(extendable_tables, ", ")));
  if (table.key_column.empty()) throw std::invalid_argument(fmt::format("{}: expected a key column", where));
  for (std::size_t i = 0; i < table.columns.size(); ++i) {
    check_column(table.columns[i], table.name);
    if (table.columns[i].name == table.key_column)
      throw std::invalid_argument(fmt::format("{}: column {} is the key", where, table.key_column));
    for (std::size_t j = 0; j < i; ++j)
      if (table.columns[j].name == table.columns[i].name)
        throw std::invalid_argument(fmt::format("{}: column {} twice", where, table.columns[i].name));
  }
  extensions_.tables.push_back(std::move(table));
}

bool Registry::has_external(Level level) const noexcept {
  for (const auto& r : rules_)
    if (r.external && r.level == level) return true;
  return false;
}

std::string Registry::plugin_fingerprint() const {
  std::string out;
  auto column_text = [](const ColumnDef& c) {
    return fmt::format("{}:{}:{}:[{}]:{}", c.name, to_code(c.type), c.required, fmt::join(c.codes, ","),
                       c.description);
  };
  for (std::size_t p = 0; p < plugins_.size(); ++p) {
    const int pi = static_cast<int>(p);
    out += fmt::format("plugin {} {}\n", plugins_[p].name, plugins_[p].version);
    for (const auto& m : measures_)
      if (m.plugin == pi) out += fmt::format("measure {}|{}|{}\n", m.id, m.name_vi, m.name_en);
    for (const auto& r : rules_) {
      if (r.plugin != pi) continue;
      out += fmt::format("rule {}|{}|{}|{}|{}{}{}|{}|{}|{}|{}|{}|{}|{}|{}|{}|{}\n", r.id, r.name, r.measure,
                         to_code(r.level), r.kinds[0], r.kinds[1], r.kinds[2], r.gate, r.scored, r.in_total,
                         r.metric, static_cast<int>(r.metric_unit), r.description, r.description_vi, r.source,
                         r.message_vi, r.message_en);
      // ABI 1.1's metadata, only where a plugin gives it: older plugins keep their hashes.
      if (r.owner != Owner::cell || !r.shortfall_vi.empty() || !r.shortfall.empty() ||
          !r.threshold_source.empty())
        out += fmt::format("owner {}|{}|{}|{}\n", to_code(r.owner), r.shortfall_vi, r.shortfall,
                           r.threshold_source);
      for (const auto& c : r.constants)
        out += fmt::format("constant {}|{}|{}\n", c.name, c.value, c.description);
    }
    for (const auto& c : extensions_.columns)
      if (c.plugin == pi) out += fmt::format("column {}.{}\n", c.table, column_text(c.column));
    for (const auto& t : extensions_.tables) {
      if (t.plugin != pi) continue;
      out +=
          fmt::format("table {}|{}|{}|{}|{}\n", t.name, t.key_column, t.key_table, t.required, t.description);
      for (const auto& c : t.columns) out += fmt::format("  {}\n", column_text(c));
    }
  }
  return out;
}

const RuleInfo* Registry::find(std::string_view id) const noexcept {
  const int i = index_of(id);
  return i < 0 ? nullptr : &rules_[static_cast<std::size_t>(i)];
}

int Registry::index_of(std::string_view id) const noexcept {
  for (std::size_t i = 0; i < rules_.size(); ++i)
    if (rules_[i].id == id) return static_cast<int>(i);
  return -1;
}

int Registry::measure_index(std::string_view id) const noexcept {
  for (std::size_t i = 0; i < measures_.size(); ++i)
    if (measures_[i].id == id) return static_cast<int>(i);
  return -1;
}

}  // namespace chibo
