// The loader's whole-table checks, on tables built in memory: what they report does not depend
// on how the rows are ordered or on how the work is cut.
#include <chibo/chibo.hpp>

#include "../src/load/checks.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <set>

using namespace chibo;

namespace {

struct Collected final : load::RowProblems {
  std::vector<std::uint32_t> rows;
  std::vector<std::string> messages;
  void fail_rows(std::span<const std::uint32_t> r, int, const std::vector<std::string>& m) override {
    rows.insert(rows.end(), r.begin(), r.end());
    messages.insert(messages.end(), m.begin(), m.end());
  }
};

}  // namespace

TEST_CASE("repeated attendance rows are each row after its pair's first, in file order", "[load]") {
  Dataset ds;
  for (int i = 0; i < 1000; ++i) ds.meetings.id.push_back("G" + std::to_string(i));
  ds.meetings.cell.resize(1000, 0);
  for (int i = 0; i < 300; ++i) ds.members.id.push_back("M" + std::to_string(i));
  ds.members.cell.resize(300, 0);

  // Rows in any order: some pairs twice or three times, some rows that did not resolve.
  std::mt19937 random(GENERATE(1u, 2u, 3u));
  std::vector<std::pair<Index, Index>> rows;
  for (int i = 0; i < 20000; ++i) {
    const auto g = static_cast<Index>(random() % 1000), m = static_cast<Index>(random() % 300);
    rows.push_back({g, m});
    if (i % 997 == 0) rows.push_back({g, m});
    if (i % 3001 == 0) rows.push_back({g, m});
    if (i % 501 == 0) rows.push_back({no_index, m});
    if (i % 499 == 0) rows.push_back({g, no_index});
  }
  std::shuffle(rows.begin(), rows.end(), random);
  // As exports often list them: each meeting's rows together (then found in one pass).
  const bool grouped = GENERATE(false, true);
  if (grouped)
    std::stable_sort(rows.begin(), rows.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
  for (const auto& [g, m] : rows) {
    ds.attendance.meeting.push_back(g);
    ds.attendance.member.push_back(m);
  }
  ds.attendance.status.resize(rows.size(), AttendanceStatus::present);

  std::vector<std::uint32_t> expected;
  std::set<std::pair<Index, Index>> seen;
  for (std::uint32_t r = 0; r < rows.size(); ++r)
    if (rows[r].first != no_index && rows[r].second != no_index && !seen.insert(rows[r]).second)
      expected.push_back(r);
  REQUIRE(expected.size() > 20);

  // One bucket of every meeting, and buckets of eight meetings (key: 9 bits of member, 3 of meeting).
  const unsigned key_bits = GENERATE(32u, 12u);
  Collected found;
  load::check_duplicate_attendance(found, 1, ds, key_bits);
  CHECK(found.rows == expected);
  REQUIRE(!found.messages.empty());
  const auto [g, m] = rows[expected.front()];
  CHECK(found.messages.front() == "member_id: expected one attendance row per member and meeting; got \"M" +
                                      std::to_string(m) + "\" again for meeting \"G" + std::to_string(g) +
                                      "\"");
}
