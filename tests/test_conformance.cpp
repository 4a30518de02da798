// The worked example: every score of an awkward dataset, computed independently of chibo.
#include <chibo/chibo.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

using namespace chibo;
using nlohmann::json;

namespace {
void check_value(const json& expected, const json& got, double tolerance, const std::string& where) {
  INFO(where);
  if (expected.is_null()) {
    CHECK(got.is_null());
    return;
  }
  REQUIRE(got.is_number());
  CHECK(got.get<double>() == Approx(expected.get<double>()).margin(tolerance).epsilon(0));
}
}  // namespace

TEST_CASE("sample-2025: every unit and meeting score matches the worked example", "[conformance]") {
  const std::string dir = std::string(CHIBO_TEST_DATA) + "/sample-2025";
  const Dataset ds = load_csv(dir + "/dataset");
  const Policy policy = Policy::builtin();
  const Report report = score(ds, Period::year(2025), policy);
  std::ostringstream out;
  write_json(out, report);
  const json got = json::parse(out.str());
  std::ifstream in(dir + "/expected.json");
  const json expected = json::parse(in);

  std::map<std::string, json> units, meetings;
  for (const auto& u : got["units"]) units[u["id"].get<std::string>()] = u;
  for (const auto& m : got["meetings"]) meetings[m["id"].get<std::string>()] = m;
  REQUIRE(units.size() == expected["units"].size());
  REQUIRE(meetings.size() == expected["meetings"].size());

  for (const auto& [id, e] : expected["units"].items()) {
    REQUIRE(units.count(id) == 1);
    const json& g = units[id];
    check_value(e["total"], g["total"], 1e-4, id + " total");
    CHECK(e["rating"] == g["rating"]);
    for (const auto& [rule, v] : e["rules"].items()) check_value(v, g["rules"][rule], 1e-6, id + " " + rule);
    for (const auto& [m, v] : e["measures"].items()) check_value(v, g["measures"][m], 1e-4, id + " " + m);
    if (e.contains("ratings")) CHECK(e["ratings"] == g["ratings"]);
    if (e.contains("weak")) CHECK(e["weak"] == g["weak"]);
  }
  for (const auto& [id, e] : expected["meetings"].items()) {
    REQUIRE(meetings.count(id) == 1);
    const json& g = meetings[id];
    CHECK(e["profile"] == g["profile"]);
    CHECK(e["rating"] == g["rating"]);
    check_value(e["total"], g["total"], 1e-4, id + " total");
    for (const auto& [rule, v] : e["rules"].items()) check_value(v, g["rules"][rule], 1e-6, id + " " + rule);
  }
}
