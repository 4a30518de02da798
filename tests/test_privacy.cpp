// Personal data kept private: a redacted report holds no member's or cadre's name or id, the
// same key gives the same bytes (on any number of threads), scores do not change.
#include <chibo/chibo.hpp>
#include <chibo/html.hpp>
#include <chibo/plan.hpp>
#include <chibo/privacy.hpp>

#include "files.hpp"

#include <catch2/catch.hpp>

#include <cmath>
#include <set>
#include <sstream>
#include <unordered_set>

using namespace chibo;
namespace fs = std::filesystem;

namespace {

const std::string key = "a key of the organisation board, 2026";

/// Every output a report is shared as: the summary, the JSON report, the CSV tables with
/// detailed findings, the HTML page with the supervision plan, the plan's own outputs.
std::string outputs(const Dataset& ds, unsigned threads, const fs::path& folder) {
  const Policy policy = Policy::builtin();
  ScoreOptions so;
  so.threads = threads;
  const Report r = score(ds, Period::year(2025), policy, so);
  std::ostringstream out;
  write_summary(out, r);
  JsonOptions jo;
  jo.findings = FindingsStyle::detail;
  jo.threads = threads;
  write_json(out, r, jo);
  write_csv(folder, r, {true, FindingsStyle::detail, 3, threads});
  for (const auto& e : fs::directory_iterator(folder)) out << test::read_file(e.path());
  PlanOptions po;
  po.threads = threads;
  const SupervisionPlan plan = supervision_plan(r, po);
  HtmlOptions ho;
  ho.plan = &plan;
  write_html(out, r, ho);
  write_plan_text(out, r, plan);
  write_plan_json(out, r, plan);
  return out.str();
}

bool word_byte(unsigned char c) {
  return c >= 0x80 || std::isalnum(c);
}
bool id_byte(unsigned char c) {
  return word_byte(c) || c == '-' || c == '_' || c == '.' || c == '/';
}

/// The runs of bytes `part` accepts, in order.
std::vector<std::string_view> runs(std::string_view text, bool (*part)(unsigned char)) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < text.size();) {
    if (!part(static_cast<unsigned char>(text[i]))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < text.size() && part(static_cast<unsigned char>(text[j]))) ++j;
    out.push_back(text.substr(i, j - i));
    i = j;
  }
  return out;
}

/// The people's names and ids of `original` that appear in `text`: every id as a token, every
/// name as a run of words (linear in the text, so that a province's outputs can be searched).
std::set<std::string> people_in(std::string_view text, const Dataset& original) {
  std::unordered_set<std::string> names, ids;
  std::size_t most_words = 1;
  const auto add = [&](const auto& rows) {
    for (std::size_t i = 0; i < rows.size(); ++i) {
      ids.emplace(rows.id[i]);
      const std::string name(rows.full_name[i]);
      names.insert(name);
      most_words = std::max(most_words, runs(name, word_byte).size());
    }
  };
  add(original.members);
  add(original.cadres);
  std::set<std::string> found;
  for (const auto token : runs(text, id_byte))
    if (ids.count(std::string(token))) found.emplace(token);
  const auto words = runs(text, word_byte);
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string joined(words[i]);
    for (std::size_t k = 1; k < most_words && i + k < words.size(); ++k) {
      joined.append(" ").append(words[i + k]);
      if (names.count(joined)) found.insert(joined);
    }
  }
  return found;
}

}  // namespace

TEST_CASE("pseudonyms are keyed, stable and unique", "[privacy]") {
  CHECK(pseudonym(key, "member", "M1") == pseudonym(key, "member", "M1"));
  CHECK(pseudonym(key, "member", "M1") != pseudonym(key, "member", "M2"));
  CHECK(pseudonym(key, "member", "M1") != pseudonym(key, "cadre", "M1"));
  CHECK(pseudonym(key, "member", "M1") != pseudonym(key + "!", "member", "M1"));
  CHECK(pseudonym(key, "member", "M1").size() == 12);
  // HMAC-SHA-256 of "member:M1" under the key, in Crockford's base 32 (computed apart, with
  // Python's hmac and hashlib).
  CHECK(pseudonym("0123456789abcdef", "member", "M1", 52) ==
        "NE812Q1671KJKEZ40FBWMZKAF5BC5PRNVKQ19FQB1F343QP58W9");
  Dataset ds;
  CHECK_THROWS_AS(redact(ds, "short"), std::invalid_argument);
}

TEST_CASE("a redacted province's reports hold no member's or cadre's name or id", "[privacy]") {
  GenerateOptions g;
  g.preset = Preset::bac_giang;
#if defined(__SANITIZE_ADDRESS__)
  g.preset = Preset::district;  // the same checks, at a size the sanitizers finish in a minute
#endif
  g.seed = 7;
  const Dataset original = generate(g);
  REQUIRE(original.members.size() > 1000);
  Dataset redacted = generate(g);
  redact(redacted, key);
  const fs::path dir = chibo::test::scratch_root() / "privacy";

  const auto named = people_in(outputs(original, 2, dir / "clear"), original);
  CHECK(named.size() > 100);  // the search finds what is there (493 in the district, thousands in bac-giang)
  const auto left = people_in(outputs(redacted, 2, dir / "redacted"), original);
  CHECK(left.empty());
  if (!left.empty()) FAIL_CHECK("left in the outputs: " << *left.begin());

  // Scores do not change.
  const Policy policy = Policy::builtin();
  const Report a = score(original, Period::year(2025), policy),
               b = score(redacted, Period::year(2025), policy);
  REQUIRE(a.units.size() == b.units.size());
  for (std::size_t u = 0; u < a.units.size(); ++u)
    CHECK((a.units[u].total == b.units[u].total ||
           (std::isnan(a.units[u].total) && std::isnan(b.units[u].total))));
  CHECK(a.finding_count() == b.finding_count());
}

TEST_CASE("redacted reports are the same bytes on 1, 2 and 8 threads, and for the same key", "[privacy]") {
  GenerateOptions g;
  g.preset = Preset::district;
  g.seed = 8;
  Dataset ds = generate(g);
  redact(ds, key);
  const fs::path dir = chibo::test::scratch_root() / "privacy-threads";
  const std::string one = outputs(ds, 1, dir / "one");
  CHECK(outputs(ds, 2, dir / "two") == one);
  Dataset again = generate(g);
  redact(again, key);
  CHECK(outputs(again, 8, dir / "eight") == one);
  Dataset other = generate(g);
  redact(other, key + "?");
  CHECK(outputs(other, 1, dir / "other") != one);
}
