#include <chibo/policy.hpp>

#include <catch2/catch.hpp>

using namespace chibo;

namespace {
std::string problem(std::string_view toml) {
  try {
    Policy::from_toml(toml, "p.toml");
  } catch (const InputError& e) {
    REQUIRE_FALSE(e.problems().empty());
    return e.problems().front().to_string();
  }
  FAIL("accepted");
  return {};
}
const RuleSettings& settings(const Policy& p, std::size_t profile, std::string_view rule) {
  return p.profiles()[profile].rules[static_cast<std::size_t>(p.registry().index_of(rule))];
}
}  // namespace

TEST_CASE("the built-in schedule: hd12-2018, then hd42-2025 from 2025-10-28", "[policy]") {
  const Policy p = Policy::builtin();
  REQUIRE(p.profiles().size() == 2);
  CHECK(p.in_force(Date(2025, 10, 27)).name == "hd12-2018");
  CHECK(p.in_force(Date(2025, 10, 28)).name == "hd42-2025");
  CHECK(p.in_force(Date(2010, 1, 1)).name == "hd12-2018");
  CHECK(settings(p, 0, "M2.7").weight == 0);
  CHECK(settings(p, 1, "M2.7").weight == 1);
  CHECK(settings(p, 0, "M3.1").constant("target_minutes") == 90);
  CHECK(settings(p, 0, "M3.1").constant("target_minutes_combined") == 90);
  CHECK(settings(p, 1, "M3.1").constant("target_minutes") == 90);
  CHECK(settings(p, 1, "M3.1").constant("target_minutes_combined") == 120);
  CHECK_THROWS_AS(settings(p, 1, "M3.1").constant("target"), std::out_of_range);
  CHECK(settings(p, 1, "M6.2").weight == 0.5);
}

TEST_CASE("a policy file overrides weights, ramps, constants, bands and gates", "[policy]") {
  const Policy p = Policy::from_toml(R"(
name = "bac-giang-2026"
extends = "hd42-2025"
[measures]
M1 = 2
[rules."M2.1"]
full_at = 2
[rules."M5.3".constants]
response_days = 15
[bands]
tot = 85
[gates]
meeting = ["M1.2"]
)",
                                     "p.toml");
  CHECK(p.name() == "bac-giang-2026");
  REQUIRE(p.profiles().size() == 1);
  const Profile& pr = p.profiles()[0];
  CHECK(pr.measure_weights[0] == 2);
  CHECK(settings(p, 0, "M2.1").ramp.full_at == 2);
  CHECK(settings(p, 0, "M5.3").constant("response_days") == 15);
  CHECK(pr.bands.tot == 85);
  CHECK(pr.meeting_gates.size() == 1);
  CHECK(p.hash() != Policy::profile("hd42-2025").hash());
}

TEST_CASE("per-profile overrides over the default schedule", "[policy]") {
  const Policy p = Policy::from_toml(R"(
[profiles."hd12-2018".rules."M2.7"]
weight = 0.5
)",
                                     "p.toml");
  REQUIRE(p.profiles().size() == 2);
  CHECK(settings(p, 0, "M2.7").weight == 0.5);
  CHECK(settings(p, 1, "M2.7").weight == 1);
}

TEST_CASE("the hash is stable and follows the effective settings only", "[policy]") {
  CHECK(Policy::builtin().hash() == Policy::builtin().hash());
  CHECK(Policy::builtin().hash().size() == 16);
  CHECK(Policy::from_toml("name = \"x\"\n", "p.toml").hash() == Policy::builtin().hash());
  CHECK(Policy::from_toml("[rules.\"M1.2\"]\nweight = 2\n", "p.toml").hash() != Policy::builtin().hash());
  CHECK(Policy::profile("hd12-2018").hash() != Policy::builtin().hash());
}

TEST_CASE("policy mistakes are errors with file and line", "[policy]") {
  CHECK(problem("colour = 1\n") ==
        "p.toml:1:1: unknown key \"colour\"; expected name, extends, plugins, measures, rules, bands, "
        "gates, cell_total_excludes_upper_duties or profiles");
  CHECK(problem("extends = \"hd99\"\n") ==
        "p.toml:1:11: extends: expected one of default, hd12-2018, hd42-2025; got \"hd99\"");
  CHECK(problem("[rules.\"M9.9\"]\nweight = 1\n") == "p.toml:1:8: rules.\"M9.9\": unknown rule");
  CHECK(problem("\n[rules.\"M1.2\"]\nweight = \"heavy\"\n") ==
        "p.toml:3:10: rules.\"M1.2\".weight: expected a number");
  CHECK(problem("[rules.\"M1.2\"]\nweight = -1\n") ==
        "p.toml:2:10: rules.\"M1.2\".weight: expected a weight ≥ 0");
  CHECK(problem("[rules.\"M1.2\"]\nzero_at = 1\nfull_at = 1\n") ==
        "p.toml:1:1: rules.\"M1.2\": expected zero_at ≠ full_at");
  CHECK(problem("[rules.\"M1.2\"]\nslope = 1\n") ==
        "p.toml:2:1: rules.\"M1.2\": unknown key \"slope\"; expected weight, zero_at, full_at or constants");
  CHECK(problem("[rules.\"M5.3\".constants]\ndays = 3\n") ==
        "p.toml:2:1: rules.\"M5.3\".constants: unknown constant \"days\"");
  CHECK(problem("[bands]\ntot = 120\n") == "p.toml:2:7: bands.tot: expected a number from 0 to 100");
  CHECK(problem("[gates]\nmeeting = [\"M1.1\"]\n") ==
        "p.toml:2:12: gates.meeting: expected the id of a scored meeting rule");
  CHECK_THAT(problem("[rules\nweight = 1\n"), Catch::StartsWith("p.toml:1:"));
}

TEST_CASE("policy show prints a file that reads back to the same policy", "[policy]") {
  const auto same = [](const Policy& a, const Policy& b) {
    CHECK(b.hash() == a.hash());
    REQUIRE(b.profiles().size() == a.profiles().size());
    for (std::size_t i = 0; i < a.profiles().size(); ++i) {
      CHECK(b.profiles()[i].name == a.profiles()[i].name);
      CHECK(b.profiles()[i].in_force_from == a.profiles()[i].in_force_from);
    }
    CHECK(b.to_toml() == a.to_toml());
  };
  for (const char* spec : {"default", "hd12-2018", "hd42-2025"}) {
    INFO(spec);
    const Policy p = Policy::resolve(spec);
    same(p, Policy::from_toml(p.to_toml(), "show.toml"));
  }
  // Layered: top-level and per-profile overrides, a profile taking over later, a switch.
  const Policy layered = Policy::from_toml(R"(
name = "tỉnh"
cell_total_excludes_upper_duties = true
[rules."M1.2"]
weight = 2.5
zero_at = 0.1
[rules."M5.3".constants]
response_days = 20
[profiles."hd12-2018".bands]
tot = 88.5
[profiles."hd42-2025"]
in_force_from = "2026-01-01"
gates = { meeting = ["M1.2", "M3.1"] }
[profiles."hd42-2025".measures]
M3 = 2
)",
                                           "p.toml");
  REQUIRE(layered.profiles()[1].in_force_from == Date(2026, 1, 1));
  same(layered, Policy::from_toml(layered.to_toml(), "show.toml"));
  CHECK(layered.hash() != Policy::builtin().hash());

  CHECK(problem("[profiles.\"hd42-2025\"]\nin_force_from = \"soon\"\n") ==
        "p.toml:2:17: profiles.hd42-2025.in_force_from: expected a date YYYY-MM-DD or \"-\"");
  CHECK(problem("[profiles.\"hd12-2018\"]\nin_force_from = \"2026-01-01\"\n") ==
        "p.toml:2:17: in_force_from: each profile takes over after the one before it; hd42-2025 (2025-10-28) "
        "is "
        "not after hd12-2018 (2026-01-01)");
}

TEST_CASE("a policy is resolved from a profile name or a file", "[policy]") {
  CHECK(Policy::resolve("hd42-2025").profiles().size() == 1);
  CHECK(Policy::resolve("default").profiles().size() == 2);
  CHECK_THROWS_AS(Policy::resolve("/nonexistent/policy.toml"), InputError);
}

TEST_CASE("a constant's default is written once and read by name", "[policy][registry]") {
  const Policy p = Policy::builtin();
  const Registry& reg = p.registry();
  for (std::size_t i = 0; i < reg.rules().size(); ++i) {
    const RuleInfo& r = reg.rules()[i];
    for (const auto& c : r.constants) {
      bool overridden = false;
      for (const auto& d : r.profile_defaults)
        for (const auto& o : d.constants) overridden = overridden || o.name == c.name;
      if (!overridden)  // what `chibo rules` prints is what every profile scores with
        for (const auto& profile : p.profiles()) CHECK(profile.rules[i].constant(c.name) == c.value);
    }
  }
}

TEST_CASE("a rule's defaults are checked when it is registered", "[registry]") {
  auto rule = [] {
    RuleInfo x;
    x.id = "X.1";
    x.name = "x";
    x.measure = "M1";
    x.level = Level::cell;
    x.constants = {{"days", 7, "a window"}};
    x.cell_fn = [](const CellFacts&, const RuleSettings& s) { return ramp_outcome(s.constant("days"), s); };
    return x;
  };
  Registry reg = Registry::builtin();
  {
    RuleInfo x = rule();
    x.profile_defaults = {{"hd12-2019", {}, {}, {}}};
    CHECK_THROWS_WITH(reg.add(x), "rule X.1: defaults for unknown profile \"hd12-2019\"");
  }
  {
    RuleInfo x = rule();
    x.profile_defaults = {{"hd12-2018", {}, {}, {{"day", 3}}}};
    CHECK_THROWS_WITH(reg.add(x), "rule X.1: profile hd12-2018 sets unknown constant \"day\"");
  }
  {
    RuleInfo x = rule();
    x.defaults.constants = {{"days", 7}};
    CHECK_THROWS_WITH(reg.add(x), "rule X.1: a constant's default belongs in RuleInfo::constants");
  }
  {
    RuleInfo x = rule();
    x.constants.push_back({"days", 8, "again"});
    CHECK_THROWS_WITH(reg.add(x), "rule X.1: constant \"days\" twice");
  }
  RuleInfo x = rule();
  x.profile_defaults = {{"hd42-2025", 2.0, {}, {{"days", 14}}}};
  reg.add(x);
  const Policy p = Policy::builtin(reg);
  const int i = reg.index_of("X.1");
  CHECK(p.profiles()[0].rules[static_cast<std::size_t>(i)].constant("days") == 7);
  CHECK(p.profiles()[1].rules[static_cast<std::size_t>(i)].constant("days") == 14);
  CHECK(p.profiles()[1].rules[static_cast<std::size_t>(i)].weight == 2);
}
