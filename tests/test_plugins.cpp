// Rule plugins, built out of tree against the installed package (tests/plugins_build.cmake), loaded
// into the library and the command line: their scores, findings and messages against values
// worked out by hand, their effect on totals, and every way a plugin is refused.
#include <chibo/chibo.hpp>

#include <nlohmann/json.hpp>

#include "files.hpp"
#include "fixture.hpp"

#include <sys/wait.h>
#include <array>
#include <cstdio>
#include <filesystem>
#include <sstream>

namespace fs = std::filesystem;
using namespace chibo;
using namespace chibo::test;

namespace {

fs::path plugin(const std::string& name) {
  return fs::path(CHIBO_PLUGIN_DIR) / (name + ".so");
}

fs::path scratch(const std::string& name) {
  const fs::path p = chibo::test::scratch_root() / ("plugins-" + name);
  fs::remove_all(p);
  fs::create_directories(p);
  return p;
}

struct Run {
  int status = -1;
  std::string output;  // stdout and stderr
};

Run run(const std::string& args) {
  Run r;
  FILE* p = ::popen((std::string(CHIBO_CLI) + " " + args + " 2>&1").c_str(), "r");
  REQUIRE(p);
  std::array<char, 4096> buf{};
  while (std::size_t n = std::fread(buf.data(), 1, buf.size(), p)) r.output.append(buf.data(), n);
  const int st = ::pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

/// A commune G (under D under P) with cells C1 (four members) and C2 (two), each meeting on the
/// 10th of every month of 2025 with everyone present. `model_months` of C1 hold model meetings.
fs::path write_dataset(const std::string& name, std::vector<int> model_months = {1, 7}) {
  Fixture f;
  f.tree(2);
  const auto c1 = f.members("C1", 4);
  const auto c2 = f.members("C2", 2);
  for (int month = 1; month <= 12; ++month) {
    const std::string date = fmt::format("2025-{:02}-10", month);
    const Index m1 = f.meeting(fmt::format("C1-{:02}", month), "C1", date);
    for (Index m : c1) f.attend(m1, m);
    if (std::find(model_months.begin(), model_months.end(), month) != model_months.end())
      f.ds.meetings.model_meeting[m1] = YesNo::yes;
    const Index m2 = f.meeting(fmt::format("C2-{:02}", month), "C2", date);
    for (Index m : c2) f.attend(m2, m);
  }
  f.ds.finalize();
  const fs::path dir = scratch(name);
  write_csv_dataset(f.ds, dir);
  // The e-handbook column, in members.csv (C1: three of four active; C2: none recorded yes).
  std::istringstream in(read_file(dir / "members.csv"));
  std::string line, out;
  std::getline(in, line);
  out = line + ",ehandbook_active\n";
  const std::map<std::string, std::string> active{{"C1M1", "yes"}, {"C1M2", "yes"}, {"C1M3", "yes"},
                                                  {"C1M4", "no"},  {"C2M1", ""},    {"C2M2", "no"}};
  while (std::getline(in, line)) out += line + "," + active.at(line.substr(0, line.find(','))) + "\n";
  write_file(dir / "members.csv", out);
  // C1 is a model cell in 2025; C2 was one in 2024 only.
  write_file(dir / "model_cells.csv", "cell_id,year,kind\nC1,2025,regular\nC2,2024,thematic\n");
  return dir;
}

struct Scored {
  std::shared_ptr<Registry> registry;
  std::unique_ptr<Policy> policy;
  Dataset dataset;
  Report report;
};

/// Scores 2025 with chibo's rules and the named plugins.
std::unique_ptr<Scored> score_with(const fs::path& data, std::vector<std::string> plugins,
                                   unsigned threads = 0) {
  auto s = std::make_unique<Scored>();
  s->registry = std::make_shared<Registry>(Registry::builtin());
  for (const auto& p : plugins) s->registry->load_plugin(plugin(p));
  s->policy = std::make_unique<Policy>(Policy::builtin(*s->registry));
  LoadOptions lo;
  lo.extensions = &s->registry->extensions();
  s->dataset = load_csv(data, lo);
  ScoreOptions so;
  so.threads = threads;
  s->report = score(s->dataset, Period::year(2025), *s->policy, so);
  return s;
}

std::vector<std::string> messages(const Report& r, std::string_view rule, Language lang) {
  std::vector<std::string> out;
  const auto& reg = r.policy->registry();
  for (const auto& f : all_findings(r))
    if (reg.rules()[f.rule].id == rule) out.push_back(render_message(r, f, lang));
  return out;
}

/// A cell's total recomputed from its measures: the unweighted mean (every measure weight is 1).
double mean_of_measures(const Report& r, std::string_view cell) {
  const auto& reg = r.policy->registry();
  double sum = 0;
  int n = 0;
  for (const auto& m : reg.measures()) {
    const double v = unit_measure(r, cell, m.id);
    if (!std::isnan(v)) {
      sum += v;
      ++n;
    }
  }
  return sum / n;
}

/// The JSON report with one finding per meeting and rule (grouped findings rank a cell's rules
/// by points, which plugin rules change).
std::string json_of(const Report& r, FindingsStyle findings = FindingsStyle::detail) {
  std::ostringstream out;
  JsonOptions o;
  o.findings = findings;
  write_json(out, r, o);
  return out.str();
}

}  // namespace

TEST_CASE("the e-handbook plugin adds a column, a measure and a cell rule", "[plugins]") {
  const fs::path data = write_dataset("ehandbook");
  const auto without = score_with(data, {});
  const auto with = score_with(data, {"ehandbook"});
  const Report& r = with->report;

  // C1: 3 of 4 members active, ramp(0.5, 1) of 0.75 = 0.5. C2: 0 of 2 (empty is not active).
  CHECK(unit_rule(r, "C1", "EH.1") == Approx(0.5));
  CHECK(unit_rule(r, "C2", "EH.1") == 0);
  CHECK(unit_measure(r, "C1", "EH") == Approx(50));
  CHECK(unit_measure(r, "C2", "EH") == 0);
  // The new measure joins each cell's total with weight 1; the seven others are unchanged.
  for (const char* cell : {"C1", "C2"}) {
    for (int k = 1; k <= 7; ++k) {
      const std::string m = fmt::format("M{}", k);
      const double before = unit_measure(without->report, cell, m), after = unit_measure(r, cell, m);
      CHECK((std::isnan(before) ? std::isnan(after) : before == after));
    }
    CHECK(unit_score(r, cell).total == Approx(mean_of_measures(r, cell)));
    CHECK(unit_score(r, cell).total != Approx(unit_score(without->report, cell).total));
  }
  // A committee's total is the mean of its cells'.
  CHECK(unit_score(r, "G").total == Approx((unit_score(r, "C1").total + unit_score(r, "C2").total) / 2));
  CHECK(unit_score(r, "G").rating ==
        r.policy->in_force(Date(2025, 12, 31)).rate(unit_score(r, "G").total, true));

  CHECK(messages(r, "EH.1", Language::vi) ==
        std::vector<std::string>{"Chỉ 3/4 đảng viên sử dụng Sổ tay đảng viên điện tử (75%); cần 100%",
                                 "Chỉ 0/2 đảng viên sử dụng Sổ tay đảng viên điện tử (0%); cần 100%"});
  CHECK(messages(r, "EH.1", Language::en).front() ==
        "Only 3 of 4 members use the party e-handbook (75%); 100% expected");
  const RuleInfo& info = *with->registry->find("EH.1");
  REQUIRE(info.plugin >= 0);
  CHECK(with->registry->plugins()[static_cast<std::size_t>(info.plugin)].name == "ehandbook");
  CHECK(with->registry->plugins()[static_cast<std::size_t>(info.plugin)].version == "1.0.0");
}

TEST_CASE("the Bắc Giang plugin: a table of its own, a cell rule and a committee rule over it", "[plugins]") {
  SECTION("model meetings in two quarters of four") {
    const fs::path data = write_dataset("bac-giang-2", {1, 7});
    const auto without = score_with(data, {});
    const auto with = score_with(data, {"bac_giang"});
    const Report& r = with->report;
    CHECK(unit_rule(r, "C1", "BG.1") == Approx(0.5));  // Q1 and Q3 of 4
    CHECK(std::isnan(unit_rule(r, "C2", "BG.1")));     // not a model cell in 2025
    CHECK(unit_rule(r, "G", "BG.2") == 0);             // 0 of its 1 model cell on track; 2 needed
    CHECK(std::isnan(unit_rule(r, "D", "BG.2")));      // not a commune
    CHECK(std::isnan(unit_rule(r, "P", "BG.2")));
    // M4 of C1 = Σ w·s over its M4 rules and BG.1 (weights 1), N/A rules left out.
    double sum = 0.5;
    int n = 1;
    for (const char* rule : {"M4.1", "M4.2", "M4.3", "M4.4"}) {
      const double s = unit_rule(without->report, "C1", rule);
      CHECK((std::isnan(s) ? std::isnan(unit_rule(r, "C1", rule)) : s == unit_rule(r, "C1", rule)));
      if (!std::isnan(s)) {
        sum += s;
        ++n;
      }
    }
    CHECK(unit_measure(r, "C1", "M4") == Approx(100 * sum / n));
    CHECK(unit_score(r, "C1").total == Approx(mean_of_measures(r, "C1")));
    // C2 has no BG.1 score: nothing about it changes.
    CHECK(unit_score(r, "C2").total == unit_score(without->report, "C2").total);
    CHECK(messages(r, "BG.1", Language::vi) ==
          std::vector<std::string>{"Chi bộ điểm chỉ tổ chức sinh hoạt điểm trong 2/4 quý"});
    CHECK(messages(r, "BG.2", Language::en) ==
          std::vector<std::string>{"Only 0 of 1 model cells held model meetings every quarter; 2 needed"});
    // BG.2 is reported, not counted: committee totals stay the mean of their cells.
    CHECK(unit_score(r, "G").total == Approx((unit_score(r, "C1").total + unit_score(r, "C2").total) / 2));
  }
  SECTION("model meetings in every quarter") {
    const auto with = score_with(write_dataset("bac-giang-4", {2, 5, 8, 11}), {"bac_giang"});
    CHECK(unit_rule(with->report, "C1", "BG.1") == 1);
    CHECK(unit_rule(with->report, "G", "BG.2") == Approx(0.5));  // 1 of the 2 needed
    CHECK(messages(with->report, "BG.1", Language::vi).empty());
  }
}

TEST_CASE("plugins change nothing of other rules, and reports do not depend on threads", "[plugins]") {
  const fs::path data = write_dataset("unchanged");
  const auto without = score_with(data, {});
  const auto with = score_with(data, {"bac_giang", "ehandbook"});
  const auto a = nlohmann::json::parse(json_of(without->report));
  const auto b = nlohmann::json::parse(json_of(with->report));
  REQUIRE(a["units"].size() == b["units"].size());
  for (std::size_t i = 0; i < a["units"].size(); ++i) {
    const auto& ua = a["units"][i];
    const auto& ub = b["units"][i];
    for (const auto& [id, v] : ua["rules"].items()) CHECK(ub["rules"][id] == v);
    for (const auto& [id, v] : ub["rules"].items())
      if (!ua["rules"].contains(id)) CHECK((id.rfind("BG.", 0) == 0 || id.rfind("EH.", 0) == 0));
  }
  CHECK(a["meetings"] == b["meetings"]);
  std::size_t builtin_findings = 0;
  for (const auto& f : b["findings"])
    if (f["rule"].get<std::string>().rfind("M", 0) == 0 || f["rule"].get<std::string>().rfind("S", 0) == 0)
      CHECK(f == a["findings"][builtin_findings++]);
  CHECK(builtin_findings == a["findings"].size());
  CHECK(b["policy"]["plugins"][0]["name"] == "bac-giang");
  CHECK(b["policy"]["plugins"][1]["rules"] == nlohmann::json::array({"EH.1"}));
  CHECK(b["policy"]["hash"] != a["policy"]["hash"]);

  for (const auto style : {FindingsStyle::detail, FindingsStyle::grouped}) {
    const std::string one = json_of(score_with(data, {"bac_giang", "ehandbook"}, 1)->report, style);
    CHECK(json_of(score_with(data, {"bac_giang", "ehandbook"}, 2)->report, style) == one);
    CHECK(json_of(score_with(data, {"bac_giang", "ehandbook"}, 8)->report, style) == one);
  }
}

TEST_CASE("a plugin in plain C scores meetings", "[plugins]") {
  const auto with = score_with(write_dataset("plain-c"), {"plain_c"});
  const Report& r = with->report;
  const auto ids = r.meeting_rule_ids();
  const auto& reg = r.policy->registry();
  std::size_t r1 = ids.size(), m34 = ids.size();
  for (std::size_t k = 0; k < ids.size(); ++k) {
    if (reg.rules()[ids[k]].id == "R.1") r1 = k;
    if (reg.rules()[ids[k]].id == "M3.4") m34 = k;
  }
  REQUIRE(r1 < ids.size());
  REQUIRE(!r.meetings.empty());
  for (std::size_t m = 0; m < r.meetings.size(); ++m)
    CHECK(r.rules_of_meeting(m)[r1] == (r.rules_of_meeting(m)[m34] == 1 ? 1 : 0));
}

TEST_CASE("a plugin rule says who must act, and one built for ABI 1.0 is read as the cell's", "[plugins]") {
  Registry current = Registry::builtin(), older = Registry::builtin();
  current.load_plugin(plugin("plain_c"));
  older.load_plugin(plugin("plain_c_1_0"));
  const RuleInfo* now = current.find("R.1");
  const RuleInfo* then = older.find("R.1");
  REQUIRE(now);
  REQUIRE(then);
  CHECK(now->owner == Owner::secretary);
  CHECK(now->shortfall_vi == "Biên bản chưa đủ các mục");
  CHECK(now->shortfall == "Minutes lack items");
  CHECK(then->owner == Owner::cell);  // the descriptor's owner (99) lies past what 1.0 declares
  CHECK(then->shortfall_vi.empty());
  CHECK_THAT(current.plugin_fingerprint(), Catch::Contains("owner secretary|Biên bản chưa đủ các mục"));
  CHECK_THAT(older.plugin_fingerprint(), !Catch::Contains("owner "));
}

TEST_CASE("a plugin rule that throws fails on that subject only", "[plugins]") {
  const auto with = score_with(write_dataset("throwing"), {"throwing"});
  const Report& r = with->report;
  CHECK(unit_rule(r, "C1", "T.1") == 1);
  CHECK(std::isnan(unit_rule(r, "C2", "T.1")));
  const auto vi = messages(r, "T.1", Language::vi), en = messages(r, "T.1", Language::en);
  CHECK(vi == std::vector<std::string>{"Không tính được tiêu chí T.1: no records for this cell"});
  CHECK(en == std::vector<std::string>{"Rule T.1 could not be scored: no records for this cell"});
  for (const auto& f : all_findings(r))
    if (r.policy->registry().rules()[f.rule].id == "T.1") {
      CHECK(f.severity == Severity::error);
      CHECK(r.dataset->org_units.id[f.unit] == "C2");
    }
  CHECK(with->registry->find("T.1")->external->failures() >= 1);
}

TEST_CASE("plugins that cannot be loaded are refused with one line naming the file", "[plugins]") {
  const fs::path dir = scratch("refused");
  write_file(dir / "fake.so", "not a library\n");
  const std::vector<std::pair<fs::path, std::string>> cases{
      {dir / "missing.so", "expected a plugin library; there is no such file"},
      {dir / "fake.so", "expected a shared library this machine can load"},
      {plugin("no_entry"), "not a chibo plugin: no entry point chibo_plugin_entry"},
      {plugin("abi_major"), "built for plugin ABI 2.1; this chibo"},
      {plugin("abi_minor"), "built for plugin ABI 1.2; this chibo"},
      {plugin("struct_size"), "struct chibo_rule_desc has size 8 in the plugin"},
      {plugin("clash_rule"), "duplicate rule id M1.1"},
      {plugin("clash_measure"), "duplicate measure M1"},
      {plugin("clash_column"),
       "extension column members.full_name: clashes with a column of the data contract"},
      {plugin("empty_message"), "rule T.1: expected a finding message in Vietnamese and in English"},
      {plugin("zero_ramp"), "rule T.1: expected a ramp with zero_at ≠ full_at"},
      {plugin("unknown_level"), "rule R.1: unknown level 7"},
  };
  const fs::path data = write_dataset("refused-data");
  for (const auto& [path, expected] : cases) {
    INFO(path.string());
    Registry reg = Registry::builtin();
    const std::size_t rules = reg.rules().size();
    try {
      reg.load_plugin(path);
      FAIL("loaded");
    } catch (const InputError& e) {
      REQUIRE(e.problems().size() == 1);
      CHECK(e.problems()[0].file == path.string());
      CHECK_THAT(e.problems()[0].message, Catch::Contains(expected));
    }
    CHECK(reg.rules().size() == rules);  // nothing of it was added
    CHECK(reg.plugins().empty());

    const fs::path json = dir / "r.json";
    fs::remove(json);
    const Run cli = run(fmt::format("score {} --year 2025 --quiet --json {} --plugin {}", data.string(),
                                    json.string(), path.string()));
    CHECK(cli.status == 2);
    CHECK_THAT(cli.output, Catch::StartsWith(path.string() + ": " + expected.substr(0, 20)));
    CHECK_THAT(cli.output, Catch::Contains("nothing was scored"));
    CHECK_FALSE(fs::exists(json));
  }
}

TEST_CASE("a plugin others could replace is refused", "[plugins]") {
  const fs::path dir = scratch("permissions");
  const auto copy = [&](const fs::path& folder, fs::perms folder_mode, fs::perms file_mode) {
    fs::create_directories(folder);
    fs::permissions(folder, folder_mode);
    const fs::path to = folder / "plain_c.so";
    fs::copy_file(plugin("plain_c"), to, fs::copy_options::overwrite_existing);
    fs::permissions(to, file_mode);
    return to;
  };
  using P = fs::perms;
  const P rwxr_xr_x = P::owner_all | P::group_read | P::group_exec | P::others_read | P::others_exec;
  const P rw_r__r__ = P::owner_read | P::owner_write | P::group_read | P::others_read;
  const auto refusal = [](const fs::path& library) {
    Registry reg = Registry::builtin();
    try {
      reg.load_plugin(library);
    } catch (const InputError& e) {
      REQUIRE(e.problems().size() == 1);
      return e.problems()[0].message;
    }
    return std::string();
  };
  const fs::path file_open = copy(dir / "a", rwxr_xr_x, rw_r__r__ | P::others_write);
  CHECK(refusal(file_open) ==
        fmt::format("the file {} may be written by other users (mode 646); chibo loads no "
                    "plugin that others could replace (chmod go-w)",
                    fs::canonical(file_open).string()));
  const fs::path folder_open = copy(dir / "b", rwxr_xr_x | P::group_write, rw_r__r__);
  CHECK(refusal(folder_open) ==
        fmt::format("the folder {} may be written by other users (mode 775); chibo loads "
                    "no plugin that others could replace (chmod go-w)",
                    fs::canonical(dir / "b").string()));
  // A folder all may write to but sticky (as /tmp) lets nobody else replace the plugin.
  const fs::path sticky = copy(dir / "c", P::all | P::sticky_bit, rw_r__r__);
  CHECK(refusal(sticky).empty());
  const Run cli = run(fmt::format("rules --plugin {}", file_open.string()));
  CHECK(cli.status == 2);
  CHECK_THAT(cli.output, Catch::Contains("may be written by other users"));
}

TEST_CASE("extension data is checked like the contract's, only when a plugin asks for it", "[plugins]") {
  const fs::path data = write_dataset("bad-extension");
  std::string members = read_file(data / "members.csv");
  const auto at = members.find(",yes\n");
  members.replace(at, 5, ",maybe\n");
  write_file(data / "members.csv", members);
  write_file(data / "model_cells.csv", "cell_id,year,kind\nC1,20x5,regular\nC9,2025,model\n");

  CHECK_NOTHROW(score_with(data, {}));  // without plugins the columns and the table are ignored
  try {
    score_with(data, {"bac_giang", "ehandbook"});
    FAIL("loaded");
  } catch (const InputError& e) {
    std::vector<std::string> got;
    for (const auto& p : e.problems()) got.push_back(p.to_string());
    // The field after the comma at `at`: its line, and its column in characters (names are UTF-8).
    const std::size_t line =
        static_cast<std::size_t>(std::count(members.begin(), members.begin() + at, '\n')) + 1;
    std::size_t column = 1;
    for (std::size_t i = members.rfind('\n', at) + 1; i <= at; ++i)
      if ((static_cast<unsigned char>(members[i]) & 0xC0) != 0x80) ++column;
    CHECK(got ==
          std::vector<std::string>{
              fmt::format("members.csv:{}:{}: ehandbook_active: expected one of no, yes; got \"maybe\"", line,
                          column),
              "model_cells.csv:2:4: year: expected a whole number from -9007199254740992 to "
              "9007199254740992; got \"20x5\"",
              "model_cells.csv:3:1: cell_id: expected an id from org_units.csv; got \"C9\"",
              "model_cells.csv:3:9: kind: expected one of regular, thematic; got \"model\""});
  }
  const Run cli = run(fmt::format("validate {} --plugin {}", data.string(), plugin("ehandbook").string()));
  CHECK(cli.status == 2);
  CHECK_THAT(cli.output, Catch::Contains("ehandbook_active: expected one of no, yes; got \"maybe\""));
}

TEST_CASE("the command line loads plugins from options and from policy files", "[plugins][cli]") {
  const fs::path data = write_dataset("cli");
  const fs::path dir = scratch("cli-out");
  const auto lib = score_with(data, {"bac_giang", "ehandbook"});

  const Run scored = run(fmt::format("score {} --year 2025 --json {} --csv {} --plugin {} --plugin {}",
                                     data.string(), (dir / "r.json").string(), (dir / "csv").string(),
                                     plugin("bac_giang").string(), plugin("ehandbook").string()));
  REQUIRE(scored.status == 0);
  const std::string rules_csv = read_file(dir / "csv" / "rules.csv");
  CHECK_THAT(rules_csv, Catch::Contains("\nBG.1,model_meetings_each_quarter,M4,cell,yes,bac-giang,1.0.0,"));
  CHECK_THAT(rules_csv, Catch::Contains("\nBG.2,model_cells_on_track,M4,committee,no,bac-giang,1.0.0,"));
  CHECK_THAT(rules_csv, Catch::Contains("\nEH.1,members_active,EH,cell,yes,ehandbook,1.0.0,"));
  CHECK_THAT(rules_csv, Catch::Contains("\nM1.1,monthly_cadence,M1,cell,yes,,,"));
  CHECK_THAT(scored.output, Catch::Contains("Tiêu chí bổ sung: bac-giang 1.0.0 (BG.1, BG.2)"));
  CHECK_THAT(scored.output, Catch::Contains("Tiêu chí bổ sung: ehandbook 1.0.0 (EH.1)"));
  const auto j = nlohmann::json::parse(read_file(dir / "r.json"));
  for (const auto& u : j["units"]) {
    if (u["kind"] != "cell") continue;
    const std::string id = u["id"];
    CHECK(u["rules"]["EH.1"].get<double>() == Approx(unit_rule(lib->report, id, "EH.1")));
    CHECK(u["total"].get<double>() == Approx(unit_score(lib->report, id).total));
  }
  CHECK(j["policy"]["hash"] == lib->policy->hash());

  const Run rules = run(fmt::format("rules --plugin {}", plugin("bac_giang").string()));
  CHECK(rules.status == 0);
  CHECK_THAT(rules.output, Catch::Contains("BG.1  model_meetings_each_quarter"));
  CHECK_THAT(rules.output, Catch::Contains("(plugin bac-giang 1.0.0)"));

  // A policy file names plugins relative to itself, and weights, tunes or switches their rules off.
  fs::create_directories(dir / "policies");
  fs::copy_file(plugin("ehandbook"), dir / "ehandbook.so", fs::copy_options::overwrite_existing);
  write_file(dir / "policies" / "p.toml",
             "plugins = [\"../ehandbook.so\"]\n[rules.\"EH.1\"]\nzero_at = 0\nfull_at = 0.75\n");
  const Run tuned = run(fmt::format("score {} --year 2025 --quiet --json {} --policy {}", data.string(),
                                    (dir / "t.json").string(), (dir / "policies" / "p.toml").string()));
  REQUIRE(tuned.status == 0);
  const auto t = nlohmann::json::parse(read_file(dir / "t.json"));
  for (const auto& u : t["units"])
    if (u["id"] == "C1") CHECK(u["rules"]["EH.1"].get<double>() == 1);  // 0.75 reaches the new full_at
  write_file(dir / "policies" / "off.toml",
             "plugins = [\"../ehandbook.so\"]\n[rules.\"EH.1\"]\nweight = 0\n");
  const Run off = run(fmt::format("score {} --year 2025 --quiet --json {} --policy {}", data.string(),
                                  (dir / "o.json").string(), (dir / "policies" / "off.toml").string()));
  REQUIRE(off.status == 0);
  const auto o = nlohmann::json::parse(read_file(dir / "o.json"));
  const auto base = score_with(data, {});
  for (const auto& u : o["units"])
    if (u["kind"] == "cell") {
      CHECK(u["rules"]["EH.1"].is_null());
      CHECK(u["total"].get<double>() == Approx(unit_score(base->report, u["id"].get<std::string>()).total));
    }
  write_file(dir / "policies" / "missing.toml", "plugins = [\"../nowhere.so\"]\n");
  const Run missing =
      run(fmt::format("policy show --policy {}", (dir / "policies" / "missing.toml").string()));
  CHECK(missing.status == 2);
  CHECK_THAT(missing.output, Catch::Contains("missing.toml:1:12: plugins: "));
  CHECK_THAT(missing.output,
             Catch::Contains("cli-out/nowhere.so: expected a plugin library; there is no such file"));
}

TEST_CASE("the policy hash covers each plugin's name, version and rule metadata", "[plugins]") {
  Registry a = Registry::builtin();
  a.load_plugin(plugin("ehandbook"));
  Registry b = Registry::builtin();
  b.load_plugin(plugin("ehandbook"));
  CHECK(Policy::builtin(a).hash() == Policy::builtin(b).hash());
  CHECK(Policy::builtin(a).hash() != Policy::builtin().hash());
  CHECK_THAT(a.plugin_fingerprint(), Catch::Contains("plugin ehandbook 1.0.0"));
  CHECK_THAT(a.plugin_fingerprint(), Catch::Contains("Đảng viên sử dụng Sổ tay đảng viên điện tử."));
  CHECK_THAT(a.plugin_fingerprint(), Catch::Contains("column members.ehandbook_active:boolean"));
  // Loading the same library twice is loading it once.
  a.load_plugin(plugin("ehandbook"));
  CHECK(a.plugins().size() == 1);
}
