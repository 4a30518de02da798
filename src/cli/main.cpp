// The chibo command line: validate, score, rules, policy, generate.
#include <chibo/chibo.hpp>
#include <chibo/schema.hpp>

#include "common.hpp"

#include <fmt/format.h>
#include <fmt/ostream.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace chibo;
using namespace chibo::cli;

constexpr const char* usage_text = R"(chibo — scores party-cell meetings against the seven measures

usage:
  DATASET is a folder of CSV files, an SQLite file or a postgresql:// URL (docs/database.md)
  chibo validate DATASET [--plugin PATH]... [--policy SPEC]
                                         check a dataset, print row counts
  chibo score DATASET [options]          score meetings, cells and committees
      --year Y | --from YYYY-MM-DD --to YYYY-MM-DD
                                         the period (default: the calendar year of the
                                         latest meeting)
      --policy default|hd12-2018|hd42-2025|FILE.toml
      --plugin PATH                      load a rule plugin (repeatable; docs/plugins.md)
      --json FILE                        write the chibo-report/2 JSON ("-" = stdout)
      --csv DIR                          write units.csv, meetings.csv, findings.csv
      --html FILE                        write one self-contained page (--lang: its language)
      --html-dir DIR                     write linked pages: index.html and a page per
                                         province, each within --page-budget (default 4M)
      --with-plan [--capacity N]         add the supervision plan to the pages
      --with-trend month|quarter|year    add each committee's total by step to the pages
      --findings grouped|detail|none     findings in the JSON and CSV: one per cell and rule
                                         (default), one per meeting and rule, or none
      --priorities N                     each cell's first N priorities (default 3)
      --ranked N                         committees the summary lists per level (default 20; 0: all)
      --no-meetings --no-findings        leave those parts out of the JSON and the CSV tables
      --lang vi|en                       language of the summary (default vi)
      --quiet                            no summary on stdout
  chibo plan DATASET [--year Y | --from D --to D] [--capacity N] [--calendar-year Y]
             [--policy SPEC] [--plugin PATH]... [--json FILE] [--csv DIR] [--lang vi|en] [--quiet]
                                         the supervision plan: cells that need help, a cadre
                                         for each (at most N cells each, default 3) and their
                                         visits over the next year (docs/plan.md)
  chibo trend DATASET [--year Y | --from D --to D] [--by month|quarter|year] [--movers N]
              [--policy SPEC] [--plugin PATH]... [--json FILE] [--csv DIR] [--lang vi|en] [--quiet]
                                         every step scored in one pass: totals, ratings and
                                         measures by step, changes, the units that moved most
                                         (docs/trend.md)
  chibo compare REPORT_A.json REPORT_B.json [--csv DIR] [--movers N] [--lang vi|en] [--quiet]
                                         what changed between two reports: levels, ratings
                                         that moved, measures, rules, units (docs/compare.md)
  chibo verify REPORT DATASET [--policy SPEC] [--plugin PATH]...
                                         whether a report (JSON, HTML page or CSV folder) was
                                         computed from this data: each table's rows and
                                         fingerprint (docs/provenance.md)
  chibo rules [--markdown | --thresholds] [--plugin PATH]...
                                         list every rule with its defaults and source
  chibo tables [--markdown]              list the data contract's tables and columns
  chibo schema --sql sqlite|postgresql   print the data contract as SQL DDL
  chibo import FOLDER --sqlite FILE | --postgresql URL [--replace]
                                         check a dataset folder and write it into a database
  chibo policy show [--policy SPEC] [--plugin PATH]...
                                         print the effective policy as TOML
  chibo generate --preset commune|district|bac-giang|bac-ninh|national --year Y --seed N --out DIR
                 [--scale F] [--dirty RATE] [--export-style generated|realistic]
                                         write a synthetic dataset
common options: --threads N, --verbose; --redact [--redact-key KEY] (score, plan, trend):
  members' and cadres' ids and names replaced by keyed pseudonyms, free text left out; the key
  (at least 16 characters) from --redact-key or CHIBO_REDACT_KEY (docs/privacy.md);
  --max-problems N (100), --max-field SIZE (64K), --max-line SIZE (1M): problems listed, and
  the longest field and line accepted (docs/reliability.md)
exit codes: 0 success, 2 bad input or options, 3 verify found the data differs, 1 internal error
)";

int cmd_validate(Args& args) {
  ScoringArgs sa;
  while (!args.empty()) {
    const std::string a = args.next("an argument");
    if (a == "--year" || a == "--from" || a == "--to" || !sa.take(a, args))
      throw UsageError(
          fmt::format("validate: {} {}", a[0] == '-' ? "unknown option" : "unexpected argument", a));
  }
  sa.check("validate");
  const auto registry = registry_with(sa.plugins);
  const Policy policy = Policy::resolve(sa.policy_spec, *registry);
  const Dataset ds = sa.load_dataset(false, policy.registry());
  const auto counts = ds.row_counts();
  const auto names = Dataset::table_names();
  fmt::print("{}: valid dataset\n", sa.dataset);
  for (std::size_t i = 0; i < counts.size(); ++i) fmt::print("  {:<22} {:>12}\n", names[i], counts[i]);
  return 0;
}

std::string cell(std::string s) {
  for (auto& c : s)
    if (c == '|') c = '/';
  return s;
}

/// " (plugin NAME VERSION)" after a plugin's rule, nothing after chibo's own.
std::string provider(const Registry& reg, const RuleInfo& r) {
  if (r.plugin < 0) return {};
  const PluginInfo& p = reg.plugins()[static_cast<std::size_t>(r.plugin)];
  return fmt::format(" (plugin {} {})", p.name, p.version);
}

/// What a column holds, in a few words of docs/data.md.
std::string column_detail(const schema::ColumnInfo& c) {
  using schema::Space, schema::Type;
  std::string codes;
  for (const auto code : c.codes) codes += fmt::format("{}`{}`", codes.empty() ? "" : ", ", code);
  switch (c.type) {
    case Type::id:
    case Type::text:
      return {};
    case Type::name:
      return "a name";
    case Type::free_text:
      return "free text";
    case Type::date:
      return "date";
    case Type::time:
      return "time";
    case Type::code:
      return codes;
    case Type::code_list:
      return "list of " + codes;
    case Type::integer:
      return fmt::format("whole number {}–{}", c.min, c.max);
    case Type::number:
      return "number ≥ 0";
    case Type::reference:
      break;
  }
  static constexpr std::string_view named[] = {"",
                                               "a unit",
                                               "a committee of this table",
                                               "a cell",
                                               "a committee",
                                               "a member",
                                               "a member of the row's cell",
                                               "a meeting",
                                               "a cadre",
                                               "a briefing"};
  return fmt::format("→ {}", named[static_cast<std::size_t>(c.names)]);
}

int cmd_import(Args& args) {
  std::string folder, sqlite, postgresql;
  ImportOptions options;
  while (!args.empty()) {
    const std::string a = args.next("an argument");
    if (a == "--sqlite")
      sqlite = args.next("an SQLite file after --sqlite");
    else if (a == "--postgresql")
      postgresql = args.next("a postgresql:// URL after --postgresql");
    else if (a == "--replace")
      options.replace = true;
    else if (a == "--threads")
      options.threads = static_cast<unsigned>(parse_int(args.next("a thread count"), "--threads"));
    else if (!a.empty() && a[0] == '-')
      throw UsageError(fmt::format("import: unknown option {}", a));
    else
      folder = a;
  }
  if (folder.empty()) throw UsageError("import: expected a dataset folder");
  if (sqlite.empty() == postgresql.empty())
    throw UsageError("import: expected one of --sqlite FILE or --postgresql URL");
  const auto t0 = Clock::now();
  const ImportCounts counts = sqlite.empty() ? import_postgresql(folder, postgresql, options)
                                             : import_sqlite(folder, sqlite, options);
  std::size_t rows = 0;
  for (const auto n : counts) rows += n;
  fmt::print("{}: imported {} rows into {} in {:.1f} s\n", folder, rows,
             sqlite.empty() ? "PostgreSQL" : sqlite, seconds_since(t0));
  return 0;
}

int cmd_schema(Args& args) {
  std::string dialect;
  while (!args.empty()) {
    const std::string a = args.next("an argument");
    if (a == "--sql")
      dialect = args.next("sqlite or postgresql after --sql");
    else
      throw UsageError(fmt::format("schema: unknown option {}", a));
  }
  if (dialect == "sqlite")
    fmt::print("{}", schema_sql(SqlDialect::sqlite));
  else if (dialect == "postgresql")
    fmt::print("{}", schema_sql(SqlDialect::postgresql));
  else
    throw UsageError("schema: expected --sql sqlite|postgresql");
  return 0;
}

int cmd_tables(Args& args) {
  bool markdown = false;
  while (!args.empty()) {
    const std::string a = args.next("an argument");
    if (a != "--markdown") throw UsageError(fmt::format("tables: unknown option {}", a));
    markdown = true;
  }
  if (!markdown) {
    for (const auto& t : schema::tables()) {
      fmt::print("{}.csv{}\n", t.name, t.optional ? "  (optional file)" : "");
      for (const auto& c : t.columns) {
        const std::string detail = column_detail(c);
        fmt::print("  {:<22} {:<10} {}{}\n", c.name, c.required ? "required" : "", detail,
                   c.note.empty() ? "" : fmt::format(" ({})", c.note));
      }
    }
    return 0;
  }
  // The table of docs/data.md is this output: the schemas are its single source.
  fmt::print("| file | columns |\n|---|---|\n");
  for (const auto& t : schema::tables()) {
    std::string columns;
    for (const auto& c : t.columns) {
      std::string detail = column_detail(c);
      if (!c.note.empty()) detail += (detail.empty() ? "" : ", ") + std::string(c.note);
      columns += fmt::format("{}{}{}", columns.empty() ? "" : ", ",
                             c.required ? fmt::format("**{}**", c.name) : std::string(c.name),
                             detail.empty() ? "" : fmt::format(" ({})", detail));
    }
    fmt::print("| `{}.csv`{} | {} |\n", t.name, t.optional ? " (optional)" : "", columns);
  }
  return 0;
}

// What a report says when a rule falls short, who must act, and where its threshold comes from.
void print_shortfall(const RuleInfo& r) {
  fmt::print(
      "Threshold: {}. Who acts: `{}`.\n",
      r.threshold_source.empty() ? std::string("chibo's own choice") : "official — " + r.threshold_source,
      to_code(r.owner));
  if (!r.shortfall_vi.empty()) fmt::print("Shortfall: “{}” / “{}”.\n", r.shortfall_vi, r.shortfall);
  fmt::print("Finding (vi): “{}”. Finding (en): “{}”.\n\n", r.message_vi, r.message_en);
}

// docs/scoring.md's table of thresholds: which a board can defend with an official text, which
// are chibo's own choice, and who must act on each rule.
void print_thresholds(const Registry& reg) {
  fmt::print("| rule | full credit at | threshold | who acts |\n|---|---|---|---|\n");
  for (const auto& r : reg.rules()) {
    const std::string basis =
        r.threshold_source.empty() ? std::string("chibo's own choice") : "official: " + r.threshold_source;
    fmt::print("| {} {} | {} | {} | {} |\n", r.id, r.name, r.defaults.ramp.full_at, basis, to_code(r.owner));
  }
}

int cmd_rules(Args& args) {
  bool markdown = false, thresholds = false;
  std::vector<std::string> plugins;
  while (!args.empty()) {
    const std::string a = args.next("an argument");
    if (a == "--markdown")
      markdown = true;
    else if (a == "--thresholds")
      thresholds = true;
    else if (a == "--plugin")
      plugins.push_back(args.next("a plugin library after --plugin"));
    else
      throw UsageError(fmt::format("rules: unknown option {}", a));
  }
  const auto registry = registry_with(plugins);
  const Registry& reg = *registry;
  if (thresholds) {
    print_thresholds(reg);
    return 0;
  }
  if (!markdown) {
    for (const auto& r : reg.rules()) {
      const auto& s = r.defaults;
      fmt::print("{:<5} {:<28} {:<9} {:<3} ramp({}, {}) weight {}{}{}{}\n", r.id, r.name, to_code(r.level),
                 r.measure.empty() ? "-" : r.measure, s.ramp.zero_at, s.ramp.full_at, s.weight,
                 r.gate ? " gate" : "", r.scored ? "" : " (finding only)", provider(reg, r));
      fmt::print("      {}\n      source: {}\n      who acts: {}; threshold: {}\n", r.metric, r.source,
                 to_code(r.owner), r.threshold_source.empty() ? "chibo's choice" : r.threshold_source);
    }
    return 0;
  }
  // docs/rules.md is this output: the registry is the single source of the rules' documentation.
  fmt::print(
      "# Rules\n\nGenerated by `chibo rules --markdown` from the rule registry; do not edit by hand.\n\n");
  fmt::print("Scores use `ramp(x; zero_at, full_at) = clamp((x − zero_at) / (full_at − zero_at), 0, 1)`.\n");
  fmt::print("Defaults are those of profile `hd42-2025`; where `hd12-2018` differs it is said.\n\n");
  for (const auto& m : reg.measures()) {
    fmt::print("## {} — {} ({})\n\n", m.id, m.name_en, m.name_vi);
    fmt::print(
        "| id | name | level | metric x | ramp | weight | gate | who acts | source "
        "|\n|---|---|---|---|---|---|---|---|---|\n");
    for (const auto& r : reg.rules()) {
      if (r.measure != m.id) continue;
      std::string kinds;
      if (r.level == Level::meeting && !(r.kinds[0] && r.kinds[1] && r.kinds[2])) {
        for (std::size_t k = 0; k < 3; ++k)
          if (r.kinds[k])
            kinds +=
                fmt::format("{}{}", kinds.empty() ? "; kinds " : ", ", to_code(static_cast<MeetingKind>(k)));
      }
      fmt::print("| {} | {} | {}{} | {} | ({}, {}) | {} | {} | {} | {} |\n", r.id, r.name, to_code(r.level),
                 kinds, cell(r.metric), r.defaults.ramp.zero_at, r.defaults.ramp.full_at, r.defaults.weight,
                 r.gate ? "yes" : "", to_code(r.owner), cell(r.source));
    }
    fmt::print("\n");
    for (const auto& r : reg.rules()) {
      if (r.measure != m.id) continue;
      fmt::print("**{} {}.**{} {} *{}*\n", r.id, r.name, provider(reg, r), r.description, r.description_vi);
      for (const auto& c : r.constants)
        fmt::print("Constant `{}` = {}: {}.\n", c.name, c.value, c.description);
      for (const auto& p : r.profile_defaults) {
        const RuleSettings s = r.defaults_for(p.profile);
        std::string consts;
        for (const auto& c : s.constants) consts += fmt::format(", {} = {}", c.name, c.value);
        fmt::print("In `{}`: weight {}{}.\n", p.profile, s.weight, consts);
      }
      print_shortfall(r);
    }
  }
  fmt::print("## Structure findings (not scored)\n\n");
  for (auto i : reg.structure()) {
    const auto& r = reg.rules()[i];
    fmt::print("**{} {}.** {} *{}* Metric: {}. Source: {}.\n", r.id, r.name, r.description, r.description_vi,
               r.metric, r.source);
    for (const auto& c : r.constants) fmt::print("Constant `{}` = {}: {}.\n", c.name, c.value, c.description);
    print_shortfall(r);
  }
  return 0;
}

int cmd_policy(Args& args) {
  const std::string sub = args.next("a policy command (show)");
  if (sub != "show") throw UsageError(fmt::format("policy: unknown command \"{}\"; expected show", sub));
  std::string spec = "default";
  std::vector<std::string> plugins;
  while (!args.empty()) {
    const std::string a = args.next("an argument");
    if (a == "--policy")
      spec = args.next("a policy after --policy");
    else if (a == "--plugin")
      plugins.push_back(args.next("a plugin library after --plugin"));
    else
      throw UsageError(fmt::format("policy show: unknown option {}", a));
  }
  const auto registry = registry_with(plugins);
  const Policy p = Policy::resolve(spec, *registry);
  fmt::print("# hash = \"{}\"\n{}", p.hash(), p.to_toml());
  return 0;
}

int cmd_generate(Args& args) {
  GenerateOptions g;
  std::string out;
  bool have_preset = false;
  while (!args.empty()) {
    const std::string a = args.next("an argument");
    if (a == "--preset") {
      const std::string p = args.next("a preset after --preset");
      auto preset = preset_from_name(p);
      if (!preset)
        throw UsageError(fmt::format(
            "--preset: expected commune, district, bac-giang, bac-ninh or national; got \"{}\"", p));
      g.preset = *preset;
      have_preset = true;
    } else if (a == "--year")
      g.year = parse_int(args.next("a year after --year"), "--year");
    else if (a == "--seed")
      g.seed = static_cast<std::uint64_t>(parse_int(args.next("a seed after --seed"), "--seed"));
    else if (a == "--out")
      out = args.next("a folder after --out");
    else if (a == "--scale")
      g.scale = parse_double(args.next("a factor after --scale"), "--scale");
    else if (a == "--dirty")
      g.dirty_rate = parse_double(args.next("a rate after --dirty"), "--dirty");
    else if (a == "--export-style") {
      const std::string s = args.next("generated or realistic after --export-style");
      const auto style = export_style_from_name(s);
      if (!style)
        throw UsageError(fmt::format("--export-style: expected generated or realistic; got \"{}\"", s));
      g.export_style = *style;
    } else if (a == "--threads")
      g.threads = static_cast<unsigned>(parse_int(args.next("a thread count"), "--threads"));
    else
      throw UsageError(fmt::format("generate: unknown option {}", a));
  }
  if (!have_preset) throw UsageError("generate: expected --preset");
  if (out.empty()) throw UsageError("generate: expected --out DIR");
  if (g.year < 1990 || g.year > 2100) throw UsageError("--year: expected a year from 1990 to 2100");
  if (!(g.scale > 0 && g.scale <= 10)) throw UsageError("--scale: expected a factor in (0, 10]");
  if (!(g.dirty_rate >= 0 && g.dirty_rate <= 1)) throw UsageError("--dirty: expected a rate from 0 to 1");
  if (isatty(STDERR_FILENO)) {
    g.progress = [](std::string_view stage, double done) {
      std::fprintf(stderr, "\r%-9.*s %5.1f%%", static_cast<int>(stage.size()), stage.data(), 100 * done);
      if (stage == "writing" && done >= 1) std::fputc('\n', stderr);
      std::fflush(stderr);
    };
  }
  const auto t0 = Clock::now();
  const auto counts = write_generated(g, out);
  spdlog::info("generated {} members and {} meetings in {:.2f} s", counts.members, counts.meetings,
               seconds_since(t0));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  auto logger = spdlog::stderr_color_mt("chibo");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%^%l%$: %v");
  spdlog::set_level(spdlog::level::warn);
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]) == "--verbose") spdlog::set_level(spdlog::level::debug);
  std::vector<char*> rest;
  rest.push_back(argv[0]);
  for (int i = 1; i < argc; ++i)
    if (std::string_view(argv[i]) != "--verbose") rest.push_back(argv[i]);
  Args args(static_cast<int>(rest.size()), rest.data());
  try {
    if (args.empty()) {
      std::cerr << usage_text;
      return 2;
    }
    const std::string cmd = args.next("a command");
    if (cmd == "validate") return cmd_validate(args);
    if (cmd == "score") return cmd_score(args);
    if (cmd == "rules") return cmd_rules(args);
    if (cmd == "tables") return cmd_tables(args);
    if (cmd == "import") return cmd_import(args);
    if (cmd == "schema") return cmd_schema(args);
    if (cmd == "policy") return cmd_policy(args);
    if (cmd == "generate") return cmd_generate(args);
    if (cmd == "plan") return cmd_plan(args);
    if (cmd == "trend") return cmd_trend(args);
    if (cmd == "compare") return cmd_compare(args);
    if (cmd == "verify") return cmd_verify(args);
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
      std::cout << usage_text;
      return 0;
    }
    if (cmd == "--version") {
      std::cout << "chibo " << chibo::version << '\n';
      return 0;
    }
    throw UsageError(fmt::format("unknown command \"{}\"", cmd));
  } catch (const InputError& e) {
    std::cerr << e.what();
    std::cerr << fmt::format("chibo: input rejected ({} problem{}); nothing was scored\n",
                             e.problems().size() + e.omitted(),
                             e.problems().size() + e.omitted() == 1 ? "" : "s");
    return 2;
  } catch (const UsageError& e) {
    std::cerr << "chibo: " << e.what() << "\n(run `chibo --help` for usage)\n";
    return 2;
  } catch (const std::invalid_argument& e) {
    std::cerr << "chibo: " << e.what() << '\n';
    return 2;
  } catch (const DatabaseError& e) {
    std::cerr << "chibo: " << e.what() << '\n';
    return 2;
  } catch (const std::system_error& e) {
    std::cerr << "chibo: " << e.what() << '\n';
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "chibo: internal error: " << e.what() << '\n';
    return 1;
  }
}
