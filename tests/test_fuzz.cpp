// Mangled input never crashes or hangs the loader: it either loads or is rejected with located
// problems. Run under ASan and UBSan in scripts/test, this also checks memory safety.
#include <chibo/chibo.hpp>

#include "files.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

using namespace chibo;
using chibo::test::read_file;
using chibo::test::write_file;
namespace fs = std::filesystem;

namespace {

/// What loading a folder gives: its problems, or the JSON report of its scores.
struct LoadOutcome {
  std::vector<Diagnostic> problems;
  std::string report;
};
LoadOutcome outcome(const fs::path& dir, const LoadOptions& options) {
  LoadOutcome o;
  try {
    const Dataset ds = load_csv(dir, options);
    const Policy p = Policy::builtin();
    const Report r = score(ds, Period::year(2025), p);  // what loads must also score
    CHECK(r.units.size() == ds.org_units.size());
    std::ostringstream json;
    write_json(json, r);
    o.report = json.str();
  } catch (const InputError& e) {
    REQUIRE_FALSE(e.problems().empty());
    o.problems = e.problems();
  }
  return o;
}
}  // namespace

TEST_CASE("mangled datasets load or are rejected with located problems, never worse", "[load][fuzz]") {
  const fs::path base = chibo::test::scratch_root() / "fuzz";
  fs::remove_all(base);
  GenerateOptions o;
  o.preset = Preset::commune;
  o.seed = 21;
  write_generated(o, base / "clean");
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(base / "clean")) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());

  std::mt19937_64 rng(12345);  // fixed: the same mutations every run
  const std::string nasty[] = {"\"",           ",", "\n",         "\r\n",  "\xff", "\xC3",
                               "\xEF\xBB\xBF", "",  "9999-99-99", "24:61", "-1"};
  std::size_t rejected = 0, accepted = 0;
  for (int round = 0; round < 120; ++round) {
    const fs::path dir = base / ("m" + std::to_string(round));
    fs::copy(base / "clean", dir);
    const std::string& victim = names[rng() % names.size()];
    std::string text = read_file(dir / victim);
    for (int k = 0; k < 1 + static_cast<int>(rng() % 4); ++k) {
      if (text.empty()) break;
      const std::size_t at = rng() % text.size();
      switch (rng() % 4) {
        case 0:
          text.insert(at, nasty[rng() % std::size(nasty)]);
          break;
        case 1:
          text.erase(at, 1 + rng() % 8);
          break;
        case 2:
          text[at] = static_cast<char>(rng() % 256);
          break;
        default:
          text.resize(at);
          break;  // truncated export
      }
    }
    write_file(dir / victim, text);
    INFO("round " << round << ", " << victim);
    // Read whole, and cut into parts of a few hundred bytes read on three threads: the outcome
    // must be the same, problem for problem and score for score.
    LoadOptions in_parts;
    in_parts.part_bytes = 300 + rng() % 300;
    in_parts.threads = 3;
    const LoadOutcome whole = outcome(dir, {});
    const LoadOutcome cut = outcome(dir, in_parts);
    CHECK(cut.problems == whole.problems);
    CHECK(cut.report == whole.report);
    if (whole.problems.empty()) {
      ++accepted;
    } else {
      ++rejected;
      for (const auto& d : whole.problems) {
        CHECK_FALSE(d.file.empty());
        CHECK_FALSE(d.message.empty());
        if (d.line > 0) CHECK(d.column >= 1);
      }
    }
    fs::remove_all(dir);
  }
  CHECK(rejected > 0);
  CHECK(rejected + accepted == 120);
  fs::remove_all(base);
}
