// The C API (include/chibo/chibo.h): every error path answers with a status and a message and
// leaks nothing (the sanitizer build runs this), handles outlive what released them, and what
// it reports equals the C++ API's.
#include <chibo/chibo.h>
#include <chibo/findings.hpp>
#include <chibo/load.hpp>
#include <chibo/provenance.hpp>
#include <chibo/report.hpp>
#include <chibo/schema.hpp>

#include "files.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;

namespace {

const std::string sample = (fs::path(CHIBO_TEST_DATA) / "sample-2025" / "dataset").string();

std::string last_error() {
  return chibo_last_error();
}

/// The sample scored for 2025 through the C API.
struct Scored {
  chibo_dataset* dataset = nullptr;
  chibo_policy* policy = nullptr;
  chibo_report* report = nullptr;
  Scored() {
    REQUIRE(chibo_dataset_load(sample.c_str(), nullptr, &dataset) == CHIBO_OK);
    REQUIRE(chibo_policy_load("default", nullptr, 0, &policy) == CHIBO_OK);
    REQUIRE(chibo_score_year(dataset, policy, 2025, &report) == CHIBO_OK);
  }
  ~Scored() {
    chibo_report_release(report);
    chibo_policy_release(policy);
    chibo_dataset_release(dataset);
  }
};

bool same(double a, double b) {
  return (std::isnan(a) && std::isnan(b)) || a == b;
}

}  // namespace

TEST_CASE("the C API says its version", "[c_api]") {
  CHECK(chibo_api_version() >> 16 == CHIBO_C_API_MAJOR);
  CHECK(std::string(chibo_version()) == "0.1.0");
}

TEST_CASE("a rejected dataset gives CHIBO_ERROR_INPUT with each problem located", "[c_api]") {
  chibo_dataset* ds = reinterpret_cast<chibo_dataset*>(1);
  CHECK(chibo_dataset_load("/nonexistent/folder", nullptr, &ds) == CHIBO_ERROR_INPUT);
  CHECK(ds == nullptr);
  CHECK(last_error().find("expected a dataset folder") != std::string::npos);
  REQUIRE(chibo_last_problem_count() == 1);

  const fs::path bad = chibo::test::scratch_root() / "capi";
  fs::remove_all(bad);
  fs::copy(sample, bad);
  std::string attendance = chibo::test::read_file(bad / "attendance.csv");
  const auto first_status = attendance.find(",present");
  REQUIRE(first_status != std::string::npos);
  attendance.replace(first_status + 1, 7, "co mat!");
  chibo::test::write_file(bad / "attendance.csv", attendance);
  CHECK(chibo_dataset_load(bad.c_str(), nullptr, &ds) == CHIBO_ERROR_INPUT);
  REQUIRE(chibo_last_problem_count() == 1);
  chibo_problem p{};
  REQUIRE(chibo_last_problem(0, &p) == CHIBO_OK);
  CHECK(std::string(p.file) == "attendance.csv");
  CHECK(p.line > 1);
  CHECK(p.column > 1);
  CHECK(std::string(p.row_key).empty());
  CHECK(std::string(p.message).starts_with("status: expected one of"));
  CHECK(chibo_last_problem(1, &p) == CHIBO_ERROR_ARGUMENT);
  CHECK(chibo_last_problem(0, nullptr) == CHIBO_ERROR_ARGUMENT);
  fs::remove_all(bad);

  // A success clears the last error.
  Scored ok;
  CHECK(last_error().empty());
  CHECK(chibo_last_problem_count() == 0);
}

TEST_CASE("every argument error answers CHIBO_ERROR_ARGUMENT with a message", "[c_api]") {
  chibo_dataset* ds = nullptr;
  CHECK(chibo_dataset_load(nullptr, nullptr, &ds) == CHIBO_ERROR_ARGUMENT);
  CHECK_FALSE(last_error().empty());
  CHECK(chibo_dataset_load(sample.c_str(), nullptr, nullptr) == CHIBO_ERROR_ARGUMENT);
  chibo_load_options small{};
  small.size = 4;
  CHECK(chibo_dataset_load(sample.c_str(), &small, &ds) == CHIBO_ERROR_ARGUMENT);
  CHECK(last_error().find("size") != std::string::npos);
  CHECK(chibo_dataset_load("postgresql:///postgres?host=/nonexistent&port=1", nullptr, &ds) ==
        CHIBO_ERROR_DATABASE);
  CHECK(last_error().find("cannot connect") != std::string::npos);

  chibo_policy* policy = nullptr;
  CHECK(chibo_policy_load("no-such-policy.toml", nullptr, 0, &policy) == CHIBO_ERROR_INPUT);
  const char* plugin = "/nonexistent/plugin.so";
  CHECK(chibo_policy_load("default", &plugin, 1, &policy) == CHIBO_ERROR_PLUGIN);
  CHECK(chibo_policy_load("default", nullptr, 1, &policy) == CHIBO_ERROR_ARGUMENT);
  CHECK(policy == nullptr);

  Scored s;
  chibo_report* r = nullptr;
  CHECK(chibo_score(s.dataset, s.policy, "2025-01-01", "2025-13-01", &r) == CHIBO_ERROR_ARGUMENT);
  CHECK(chibo_score(s.dataset, s.policy, "2025-12-31", "2025-01-01", &r) == CHIBO_ERROR_ARGUMENT);
  CHECK(chibo_score(nullptr, s.policy, "2025-01-01", "2025-12-31", &r) == CHIBO_ERROR_ARGUMENT);
  CHECK(chibo_score_year(s.dataset, s.policy, 0, &r) == CHIBO_ERROR_ARGUMENT);
  CHECK(r == nullptr);

  chibo_unit u{};
  CHECK(chibo_report_unit(s.report, 0, &u) == CHIBO_ERROR_ARGUMENT);  // size not set
  u.size = sizeof u;
  CHECK(chibo_report_unit(s.report, chibo_report_unit_count(s.report), &u) == CHIBO_ERROR_ARGUMENT);
  CHECK(last_error().find("unit ") != std::string::npos);
  chibo_meeting m{};
  m.size = sizeof m;
  CHECK(chibo_report_meeting(s.report, chibo_report_meeting_count(s.report), &m) == CHIBO_ERROR_ARGUMENT);
  std::size_t at = 0;
  CHECK(chibo_report_find_unit(s.report, "no-such-unit", &at) == CHIBO_ERROR_NOT_FOUND);
  std::size_t count = 0;
  CHECK(chibo_report_priorities(s.report, 0, nullptr, 3, &count) == CHIBO_ERROR_ARGUMENT);
  double measures[7];
  CHECK(chibo_report_unit_measures(s.report, 1u << 30, measures, 7) == CHIBO_ERROR_ARGUMENT);
  chibo_findings* f = nullptr;
  CHECK(chibo_report_findings(s.report, 1u << 30, &f) == CHIBO_ERROR_ARGUMENT);
  CHECK(f == nullptr);
  char small_buffer[8];
  std::size_t needed = 0;
  CHECK(chibo_report_summary(s.report, CHIBO_LANG_VI, nullptr, 8, &needed) == CHIBO_ERROR_ARGUMENT);
  CHECK(chibo_report_summary(nullptr, CHIBO_LANG_VI, small_buffer, 8, &needed) == CHIBO_ERROR_ARGUMENT);
  CHECK(chibo_report_write_json(s.report, "/nonexistent/dir/r.json") == CHIBO_ERROR_IO);
  chibo_meeting_result result{};
  result.size = sizeof result;
  CHECK(chibo_score_meeting(s.dataset, s.policy, "no-such-meeting", &result, nullptr) ==
        CHIBO_ERROR_NOT_FOUND);
  // Null handles are ignored by the functions that only count or release.
  CHECK(chibo_report_unit_count(nullptr) == 0);
  CHECK(chibo_dataset_rows(nullptr, "members") == 0);
  chibo_report_release(nullptr);
  chibo_findings_release(nullptr);
}

TEST_CASE("what the C API reports equals the C++ API's", "[c_api]") {
  Scored s;
  const chibo::Dataset ds = chibo::load_csv(sample);
  const chibo::Policy policy = chibo::Policy::builtin();
  const chibo::Report r = chibo::score(ds, chibo::Period::year(2025), policy);

  CHECK(chibo_dataset_rows(s.dataset, "members") == ds.members.size());
  CHECK(chibo_dataset_rows(s.dataset, "no-such-table") == 0);
  REQUIRE(chibo_report_unit_count(s.report) == r.units.size());
  for (std::size_t i = 0; i < r.units.size(); ++i) {
    chibo_unit u{};
    u.size = sizeof u;
    REQUIRE(chibo_report_unit(s.report, i, &u) == CHIBO_OK);
    CHECK(std::string(u.id) == ds.org_units.id[r.units[i].unit]);
    CHECK(std::string(u.name) == ds.org_units.name[r.units[i].unit]);
    CHECK(same(u.total, r.units[i].total));
    CHECK(same(u.duty, r.units[i].duty));
    CHECK(u.rating == (r.units[i].rating ? static_cast<int>(*r.units[i].rating) : -1));
    CHECK(u.weak == (r.units[i].weak ? 1 : 0));
    std::size_t found = 0;
    REQUIRE(chibo_report_find_unit(s.report, u.id, &found) == CHIBO_OK);
    CHECK(found == i);
    double measures[7];
    REQUIRE(chibo_report_unit_measures(s.report, i, measures, 7) == CHIBO_OK);
    for (std::size_t k = 0; k < 7; ++k) CHECK(same(measures[k], r.measures_of(i)[k]));

    const auto expected = chibo::priorities_of(r, i, 3);
    chibo_priority p[3];
    std::size_t count = 0;
    REQUIRE(chibo_report_priorities(s.report, i, p, 3, &count) == CHIBO_OK);
    REQUIRE(count == expected.size());
    for (std::size_t k = 0; k < count; ++k) {
      CHECK(std::string(p[k].rule_id) == policy.registry().rules()[expected[k].rule].id);
      CHECK(p[k].points == expected[k].points);
    }

    const auto findings = r.findings_of(i);
    chibo_findings* f = nullptr;
    REQUIRE(chibo_report_findings(s.report, i, &f) == CHIBO_OK);
    REQUIRE(chibo_findings_count(f) == findings.size());
    for (std::size_t k = 0; k < findings.size(); ++k) {
      chibo_finding one{};
      one.size = sizeof one;
      REQUIRE(chibo_findings_get(f, k, &one) == CHIBO_OK);
      CHECK(std::string(one.rule_id) == policy.registry().rules()[findings[k].rule].id);
      CHECK(one.score == findings[k].score);
      std::size_t needed = 0;
      REQUIRE(chibo_findings_message(f, k, CHIBO_LANG_EN, nullptr, 0, &needed) == CHIBO_OK);
      std::string text(needed, '\0');
      REQUIRE(chibo_findings_message(f, k, CHIBO_LANG_EN, text.data(), needed, &needed) == CHIBO_OK);
      text.resize(needed - 1);
      CHECK(text == chibo::render_message(r, findings[k], chibo::Language::en));
    }
    chibo_finding beyond{};
    beyond.size = sizeof beyond;
    CHECK(chibo_findings_get(f, findings.size(), &beyond) == CHIBO_ERROR_ARGUMENT);
    chibo_findings_release(f);
  }
  REQUIRE(chibo_report_meeting_count(s.report) == r.meetings.size());
  for (std::size_t i = 0; i < r.meetings.size(); ++i) {
    chibo_meeting m{};
    m.size = sizeof m;
    REQUIRE(chibo_report_meeting(s.report, i, &m) == CHIBO_OK);
    CHECK(std::string(m.id) == ds.meetings.id[r.meetings[i].meeting]);
    CHECK(same(m.total, r.meetings[i].total));
    CHECK(m.year == ds.meetings.date[r.meetings[i].meeting].year());
  }

  std::ostringstream summary;
  chibo::write_summary(summary, r);
  std::size_t needed = 0;
  REQUIRE(chibo_report_summary(s.report, CHIBO_LANG_VI, nullptr, 0, &needed) == CHIBO_OK);
  CHECK(needed == summary.str().size() + 1);
  std::vector<char> text(needed);
  REQUIRE(chibo_report_summary(s.report, CHIBO_LANG_VI, text.data(), text.size(), &needed) == CHIBO_OK);
  CHECK(std::string(text.data()) == summary.str());
  // A buffer too small holds the start of the text, ended by a NUL.
  char small[6];
  REQUIRE(chibo_report_summary(s.report, CHIBO_LANG_VI, small, sizeof small, &needed) == CHIBO_OK);
  CHECK(std::string(small) == summary.str().substr(0, 5));

  // One meeting, as it is entered.
  const chibo::Index m = 0;
  const auto one = chibo::score_meeting(ds, m, policy);
  chibo_meeting_result result{};
  result.size = sizeof result;
  chibo_findings* f = nullptr;
  const std::string id(ds.meetings.id[m]);
  REQUIRE(chibo_score_meeting(s.dataset, s.policy, id.c_str(), &result, &f) == CHIBO_OK);
  CHECK(same(result.total, one.score.total));
  CHECK(result.finding_count == one.findings.size());
  CHECK(chibo_findings_count(f) == one.findings.size());
  chibo_findings_release(f);
}

TEST_CASE("a report keeps its dataset and policy alive, a finding list its report's", "[c_api]") {
  chibo_dataset* ds = nullptr;
  chibo_policy* policy = nullptr;
  chibo_report* report = nullptr;
  REQUIRE(chibo_dataset_load(sample.c_str(), nullptr, &ds) == CHIBO_OK);
  REQUIRE(chibo_policy_load("hd42-2025", nullptr, 0, &policy) == CHIBO_OK);
  REQUIRE(chibo_score(ds, policy, "2025-01-01", "2025-12-31", &report) == CHIBO_OK);
  CHECK(chibo_dataset_retain(ds) == ds);
  chibo_dataset_release(ds);
  chibo_dataset_release(ds);
  chibo_policy_release(policy);
  chibo_findings* f = nullptr;
  std::size_t cell = 0;
  for (std::size_t i = 0; i < chibo_report_unit_count(report); ++i) {
    chibo_unit u{};
    u.size = sizeof u;
    REQUIRE(chibo_report_unit(report, i, &u) == CHIBO_OK);
    if (std::strcmp(u.kind, "cell") == 0) cell = i;
  }
  REQUIRE(chibo_report_findings(report, cell, &f) == CHIBO_OK);
  chibo_report_release(report);  // the findings still render: they hold the dataset and policy
  REQUIRE(chibo_findings_count(f) > 0);
  std::size_t needed = 0;
  CHECK(chibo_findings_message(f, 0, CHIBO_LANG_VI, nullptr, 0, &needed) == CHIBO_OK);
  CHECK(needed > 1);
  chibo_findings_release(f);
}

namespace {

/// A record's tables through the C API, in order.
std::vector<chibo::InputTable> tables_of(const chibo_provenance* record) {
  chibo_provenance_info info{};
  info.size = sizeof info;
  REQUIRE(chibo_provenance_get(record, &info) == CHIBO_OK);
  std::vector<chibo::InputTable> out;
  for (std::size_t i = 0; i < info.table_count; ++i) {
    chibo_input_table t{};
    t.size = sizeof t;
    REQUIRE(chibo_provenance_table(record, i, &t) == CHIBO_OK);
    out.push_back({t.name, t.source, t.rows, t.bytes, t.xxh128});
  }
  return out;
}

/// chibo_provenance_verify's answer: whether the data is the same, and each table's state.
std::pair<bool, std::vector<std::pair<std::string, chibo_table_state>>> verified(
    const chibo_provenance* recorded, const chibo_provenance* found) {
  int data_same = -1, same_version = -1;
  std::size_t count = 0;
  REQUIRE(chibo_provenance_verify(recorded, found, &data_same, &same_version, nullptr, 0, &count) ==
          CHIBO_OK);
  std::vector<chibo_table_check> checks(count);
  std::size_t again = 0;
  REQUIRE(chibo_provenance_verify(recorded, found, &data_same, &same_version, checks.data(), count, &again) ==
          CHIBO_OK);
  CHECK(again == count);
  CHECK(same_version == 1);
  std::vector<std::pair<std::string, chibo_table_state>> states;
  for (const auto& c : checks) states.emplace_back(c.name, c.state);
  return {data_same == 1, states};
}

}  // namespace

TEST_CASE("a report's provenance reads back from its file and checks a dataset, as chibo verify does",
          "[c_api][provenance]") {
  chibo_provenance* made = nullptr;
  chibo_provenance* read = nullptr;
  chibo_provenance* now = nullptr;
  const fs::path json = chibo::test::scratch_root() / "capi-provenance.json";
  {
    Scored s;
    REQUIRE(chibo_report_provenance(s.report, &made) == CHIBO_OK);
    REQUIRE(chibo_report_write_json(s.report, json.c_str()) == CHIBO_OK);
    REQUIRE(chibo_dataset_provenance(s.dataset, s.policy, &now) == CHIBO_OK);
  }  // the records outlive the report, its dataset and its policy

  // The record is the C++ API's, table by table.
  const chibo::Dataset ds = chibo::load_csv(sample);
  const chibo::Provenance expected = chibo::provenance_of(ds, chibo::Policy::builtin());
  chibo_provenance_info info{};
  info.size = sizeof info;
  REQUIRE(chibo_provenance_get(made, &info) == CHIBO_OK);
  CHECK(std::string(info.chibo_version) == expected.chibo_version);
  CHECK(std::string(info.policy) == expected.policy);
  CHECK(std::string(info.policy_hash) == expected.policy_hash);
  CHECK(info.redacted == 0);
  CHECK(tables_of(made) == expected.tables);
  CHECK(std::any_of(expected.tables.begin(), expected.tables.end(),
                    [](const chibo::InputTable& t) { return t.name == "members" && t.xxh128.size() == 32; }));

  // Written and read back: the same record, and the data it came from verifies.
  REQUIRE(chibo_provenance_read(json.c_str(), &read) == CHIBO_OK);
  CHECK(tables_of(read) == expected.tables);
  const auto [same, states] = verified(read, now);
  CHECK(same);
  REQUIRE(states.size() == expected.tables.size());
  for (std::size_t i = 0; i < states.size(); ++i) {
    CHECK(states[i].first == expected.tables[i].name);
    CHECK(states[i].second == CHIBO_TABLE_SAME);
  }

  // One member's birth year changed by one (its third field): members differs, and only members.
  const fs::path changed = chibo::test::scratch_root() / "capi-provenance-data";
  fs::remove_all(changed);
  fs::copy(sample, changed);
  std::string members = chibo::test::read_file(changed / "members.csv");
  REQUIRE(members.find("status,gender,birth_year,") != std::string::npos);
  const auto line = members.find('\n') + 1;
  const auto last_digit = members.find(',', members.find(',', line) + 1) + 4;
  members[last_digit] = members[last_digit] == '0' ? '1' : static_cast<char>(members[last_digit] - 1);
  chibo::test::write_file(changed / "members.csv", members);
  chibo_dataset* other = nullptr;
  chibo_policy* policy = nullptr;
  chibo_provenance* other_record = nullptr;
  REQUIRE(chibo_dataset_load(changed.c_str(), nullptr, &other) == CHIBO_OK);
  REQUIRE(chibo_policy_load("default", nullptr, 0, &policy) == CHIBO_OK);
  REQUIRE(chibo_dataset_provenance(other, policy, &other_record) == CHIBO_OK);
  chibo_dataset_release(other);
  chibo_policy_release(policy);
  const auto [still_same, changed_states] = verified(read, other_record);
  CHECK_FALSE(still_same);
  for (const auto& [table, state] : changed_states)
    CHECK(state == (table == "members" ? CHIBO_TABLE_DIFFERS : CHIBO_TABLE_SAME));

  // A file that is not a report, a file that is not there, and bad arguments.
  chibo_provenance* none = reinterpret_cast<chibo_provenance*>(1);
  const std::string not_a_report = (changed / "members.csv").string();
  CHECK(chibo_provenance_read(not_a_report.c_str(), &none) == CHIBO_ERROR_INPUT);
  CHECK(none == nullptr);
  REQUIRE(chibo_last_problem_count() == 1);
  chibo_problem p{};
  REQUIRE(chibo_last_problem(0, &p) == CHIBO_OK);
  CHECK(std::string(p.file) == not_a_report);
  CHECK(chibo_provenance_read("/nonexistent/report.json", &none) == CHIBO_ERROR_IO);
  CHECK(chibo_provenance_read(nullptr, &none) == CHIBO_ERROR_ARGUMENT);
  CHECK(chibo_report_provenance(nullptr, &none) == CHIBO_ERROR_ARGUMENT);
  CHECK(chibo_dataset_provenance(nullptr, nullptr, &none) == CHIBO_ERROR_ARGUMENT);
  chibo_provenance_info short_info{};
  CHECK(chibo_provenance_get(read, &short_info) == CHIBO_ERROR_ARGUMENT);  // size not set
  chibo_input_table t{};
  t.size = sizeof t;
  CHECK(chibo_provenance_table(read, info.table_count, &t) == CHIBO_ERROR_ARGUMENT);
  CHECK(last_error().find("table ") != std::string::npos);
  int a = 0, b = 0;
  std::size_t count = 0;
  CHECK(chibo_provenance_verify(read, now, &a, &b, nullptr, 2, &count) == CHIBO_ERROR_ARGUMENT);
  CHECK(chibo_provenance_verify(read, nullptr, &a, &b, nullptr, 0, &count) == CHIBO_ERROR_ARGUMENT);

  CHECK(chibo_provenance_retain(made) == made);
  chibo_provenance_release(made);
  chibo_provenance_release(made);
  chibo_provenance_release(read);
  chibo_provenance_release(now);
  chibo_provenance_release(other_record);
  chibo_provenance_release(nullptr);
}

TEST_CASE("tables handed over in memory are checked like files, problems named by row key", "[c_api]") {
  chibo_dataset_builder* b = nullptr;
  REQUIRE(chibo_dataset_builder_new(&b) == CHIBO_OK);
  const auto column = [&](const char* table, const char* name, std::vector<const char*> values) {
    REQUIRE(chibo_dataset_builder_column(b, table, name, values.data(), values.size()) == CHIBO_OK);
  };
  column("org_units", "id", {"P", "C1"});
  column("org_units", "parent_id", {nullptr, "P"});
  column("org_units", "kind", {"province", "cell"});
  column("org_units", "name", {"Tỉnh ủy", "Chi bộ 1"});
  column("members", "id", {"M1", "M2"});
  column("members", "cell_id", {"C1", "C1"});
  column("members", "full_name", {"Nguyễn Văn An", "Trần Thị Bình"});
  column("members", "role", {"secretary", "member"});
  column("members", "status", {"official", "official"});
  column("members", "joined_on", {"2000-01-01", "2001-01-01"});
  column("meetings", "id", {"G1"});
  column("meetings", "cell_id", {"C1"});
  column("meetings", "kind", {"regular"});
  column("meetings", "date", {"2025-01-10"});
  column("attendance", "meeting_id", {"G1", "G1"});
  column("attendance", "member_id", {"M1", "M2"});
  column("attendance", "status", {"present", "absent"});
  // The other tables have no rows: their required columns, empty.
  for (const auto& t : chibo::schema::tables()) {
    if (t.optional || t.name == "org_units" || t.name == "members" || t.name == "meetings" ||
        t.name == "attendance")
      continue;
    const std::string table(t.name);
    for (const auto& c : t.columns) {
      if (!c.required) continue;
      const std::string name(c.name);
      REQUIRE(chibo_dataset_builder_column(b, table.c_str(), name.c_str(), nullptr, 0) == CHIBO_OK);
    }
  }
  chibo_dataset* ds = nullptr;
  INFO(last_error());
  REQUIRE(chibo_dataset_builder_build(b, nullptr, &ds) == CHIBO_OK);
  CHECK(chibo_dataset_rows(ds, "attendance") == 2);
  chibo_policy* policy = nullptr;
  REQUIRE(chibo_policy_load("default", nullptr, 0, &policy) == CHIBO_OK);
  chibo_meeting_result result{};
  result.size = sizeof result;
  REQUIRE(chibo_score_meeting(ds, policy, "G1", &result, nullptr) == CHIBO_OK);
  CHECK(result.total >= 0);
  CHECK(result.total <= 100);
  chibo_policy_release(policy);
  chibo_dataset_release(ds);
  ds = nullptr;

  // A bad value: named by the table and the row's key.
  column("attendance", "status", {"present", "co mat"});
  CHECK(chibo_dataset_builder_build(b, nullptr, &ds) == CHIBO_ERROR_INPUT);
  bool named = false;
  for (std::size_t i = 0; i < chibo_last_problem_count(); ++i) {
    chibo_problem p{};
    REQUIRE(chibo_last_problem(i, &p) == CHIBO_OK);
    if (std::string(p.row_key) == "meeting_id=G1, member_id=M2") {
      named = true;
      CHECK(std::string(p.file) == "attendance");
      CHECK(std::string(p.message).starts_with("status: expected one of"));
    }
  }
  CHECK(named);
  // Columns of a table with different lengths are a problem, not a crash.
  column("attendance", "status", {"present"});
  CHECK(chibo_dataset_builder_build(b, nullptr, &ds) == CHIBO_ERROR_INPUT);
  CHECK(last_error().find("attendance: column status has 1 values") != std::string::npos);
  chibo_dataset_builder_free(b);
}

namespace {
struct Lines {
  std::vector<std::string> seen;
};
void collect(void* user, chibo_log_level, const char* message) {
  static_cast<Lines*>(user)->seen.emplace_back(message);
}
}  // namespace

TEST_CASE("log lines go to the application's callback", "[c_api]") {
  Lines lines;
  chibo_set_log(collect, &lines, CHIBO_LOG_DEBUG);
  chibo_dataset* ds = nullptr;
  REQUIRE(chibo_dataset_load(sample.c_str(), nullptr, &ds) == CHIBO_OK);
  chibo_dataset_release(ds);
  chibo_set_log(nullptr, nullptr, CHIBO_LOG_OFF);
  CHECK_FALSE(lines.seen.empty());
  const auto before = lines.seen.size();
  REQUIRE(chibo_dataset_load(sample.c_str(), nullptr, &ds) == CHIBO_OK);
  chibo_dataset_release(ds);
  CHECK(lines.seen.size() == before);
}
