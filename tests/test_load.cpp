#include <chibo/load.hpp>
#include <chibo/unicode.hpp>

#include "files.hpp"

#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <array>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

using namespace chibo;
namespace fs = std::filesystem;

namespace {

const std::map<std::string, std::string> valid_tables = {
    {"org_units", "id,parent_id,kind,name\nP,,province,Tỉnh ủy\nD,P,district,Huyện ủy\nC1,D,cell,Chi bộ 1\n"},
    {"members",
     "id,cell_id,full_name,role,status,joined_on\nM1,C1,Nguyễn Văn An,secretary,official,2000-01-01\n"
     "M2,C1,Trần Thị Bình,member,official,2001-01-01\n"},
    {"cadres", "id,org_unit_id,full_name\nK1,D,Lê Văn Cường\n"},
    {"meetings", "id,cell_id,kind,date,start_time,end_time\nG1,C1,regular,2025-01-10,08:00,09:30\n"},
    {"agenda_items", "meeting_id,seq,category,minutes\nG1,1,dissemination,30\n"},
    {"attendance", "meeting_id,member_id,status,reason\nG1,M1,present,\n"},
    {"contributions", "meeting_id,member_id,kind\nG1,M1,opinion\n"},
    {"resolutions", "id,meeting_id,text\nR1,G1,Thu đảng phí\n"},
    {"tasks", "id,meeting_id,assignee_id\nT1,G1,M2\n"},
    {"visits", "id,cell_id,cadre_id,date,kind\nV1,C1,K1,2025-01-10,attend_meeting\n"},
    {"escalations", "id,cell_id,raised_on\nE1,C1,2025-02-01\n"},
    {"briefings", "id,org_unit_id,date\nB1,D,2025-03-01\n"},
    {"briefing_attendance", "briefing_id,member_id\nB1,M1\n"},
    {"trainings", "member_id,date,kind\nM1,2025-01-05,course\n"},
    {"assignments", "cadre_id,cell_id,from\nK1,C1,2024-01-01\n"},
    {"ratings", "cell_id,year,rating\nC1,2024,httnv\n"},
    {"org_history", "unit_id,parent_id,from,to\nC1,P,2020-01-01,2024-12-31\n"},
};

/// A dataset folder of valid tables with some replaced (an empty replacement removes the file).
fs::path folder(const std::map<std::string, std::string>& changes = {}) {
  static int n = 0;
  const fs::path dir = chibo::test::scratch_root() / ("load-" + std::to_string(++n));
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (auto tables = valid_tables; auto& [name, text] : tables) {
    if (auto it = changes.find(name); it != changes.end()) text = it->second;
    if (text.empty()) continue;
    std::ofstream(dir / (name + ".csv"), std::ios::binary) << text;
  }
  return dir;
}

/// The problems of a rejected dataset, as `file:line:column: message` lines.
std::vector<std::string> problems(const std::map<std::string, std::string>& changes,
                                  const LoadOptions& options = {}) {
  try {
    load_csv(folder(changes), options);
  } catch (const InputError& e) {
    std::vector<std::string> out;
    for (const auto& p : e.problems()) out.push_back(p.to_string());
    return out;
  }
  FAIL("the dataset was accepted");
  return {};
}

std::string first_problem(const std::map<std::string, std::string>& changes,
                          const LoadOptions& options = {}) {
  const auto p = problems(changes, options);
  REQUIRE_FALSE(p.empty());
  return p.front();
}

}  // namespace

TEST_CASE("a valid dataset loads with every table and index", "[load]") {
  const Dataset ds = load_csv(folder());
  const auto counts = ds.row_counts();
  CHECK(counts == std::vector<std::size_t>{3, 2, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1});
  CHECK(ds.find_member("M2") == 1);
  CHECK(ds.members_of(ds.find_org_unit("C1")).size() == 2);
  CHECK(ds.meetings.start_time[0] == 8 * 60);
  CHECK(ds.meetings.end_time[0] == 9 * 60 + 30);
  CHECK(ds.tree().cells_below(ds.find_org_unit("P")).size() == 1);
}

TEST_CASE("a table of no rows is its header line alone", "[load]") {
  // Every table, since the loader reads some tables in parts and sizes columns from them.
  std::map<std::string, std::string> empty;
  for (const auto& [name, text] : valid_tables)
    if (name != "org_units" && name != "members" && name != "meetings")
      empty[name] = text.substr(0, text.find('\n') + 1);
  for (unsigned threads : {1u, 2u}) {
    LoadOptions options;
    options.threads = threads;
    const Dataset ds = load_csv(folder(empty), options);
    CHECK(ds.row_counts() == std::vector<std::size_t>{3, 2, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  }
}

TEST_CASE("columns in any order, unknown columns, a BOM, quotes and NFD text", "[load]") {
  const std::string nfd_name = to_nfd("Nguyễn Văn An");
  REQUIRE(nfd_name != "Nguyễn Văn An");
  const Dataset ds = load_csv(folder({
      {"members",
       "\xEF\xBB\xBFjoined_on,ghi_chu,status,role,full_name,cell_id,id\r\n"
       "2000-01-01,\"x, y\",official,secretary," +
           nfd_name +
           ",C1,M1\r\n"
           "2001-01-01,,official,member,\"Trần \"\"Bé\"\"\nThị\",C1,M2\r\n"},
  }));
  CHECK(ds.members.full_name[0] == "Nguyễn Văn An");  // NFC
  CHECK(ds.members.full_name[1] == "Trần \"Bé\"\nThị");
  CHECK(ds.members.role[0] == Role::secretary);
  CHECK(ds.members.joined_on[1] == Date(2001, 1, 1));
}

TEST_CASE("each bad value is located at file:line:column with what was expected", "[load]") {
  CHECK(first_problem(
            {{"attendance", "meeting_id,member_id,status,reason\nG1,M1,present,\nG1,M2,co mat,\n"}}) ==
        "attendance.csv:3:7: status: expected one of present, late, excused, absent; got \"co mat\"");
  CHECK(
      first_problem({{"meetings",
                      "id,cell_id,kind,date,start_time,end_time\nG1,C1,regular,2025-02-30,08:00,09:30\n"}}) ==
      "meetings.csv:2:15: date: expected a date YYYY-MM-DD; got \"2025-02-30\"");
  CHECK(first_problem({{"meetings",
                        "id,cell_id,kind,date,start_time,end_time\nG1,C1,regular,2025-01-10,8h,09:30\n"}}) ==
        "meetings.csv:2:26: start_time: expected a time HH:MM (24 h); got \"8h\"");
  CHECK(first_problem({{"agenda_items", "meeting_id,seq,category,minutes\nG1,1,dissemination,ba mươi\n"}}) ==
        "agenda_items.csv:2:20: minutes: expected a whole number from 0 to 1440; got \"ba mươi\"");
  CHECK(
      first_problem({{"meetings", "id,cell_id,kind,date,draft_resolution\nG1,C1,regular,2025-01-10,có\n"}}) ==
      "meetings.csv:2:26: draft_resolution: expected one of yes, no; got \"có\"");
  CHECK(
      first_problem({{"meetings",
                      "id,cell_id,kind,date,start_time,end_time\nG1,C1,regular,2025-01-10,09:30,08:00\n"}}) ==
      "meetings.csv:2:32: end_time: expected a time after start_time on the meeting date; got \"08:00\"");
  CHECK(
      first_problem({{"meetings",
                      "id,cell_id,kind,date,start_time,end_time\nG1,C1,regular,2025-01-10,09:30,09:30\n"}}) ==
      "meetings.csv:2:32: end_time: expected a time after start_time on the meeting date; got \"09:30\"");
  CHECK(first_problem({{"ratings", "cell_id,year,rating\nC1,2024,tot\n"}}) ==
        "ratings.csv:2:9: rating: expected one of htxsnv, httnv, htnv, khtnv; got \"tot\"");
  CHECK(
      first_problem(
          {{"meetings",
            "id,cell_id,kind,date,content_sources\nG1,C1,regular,2025-01-10,cell_function;gossip\n"}}) ==
      "meetings.csv:2:26: content_sources: expected a ;-separated list of cell_function, superior_direction, "
      "work_program, member_sentiment; got \"cell_function;gossip\"");
}

TEST_CASE("missing files, columns and values", "[load]") {
  CHECK(first_problem({{"ratings", ""}}) ==
        "ratings.csv: missing table file (expected ratings.csv in the dataset folder)");
  CHECK(first_problem({{"members", "id,cell_id,full_name,role,status\nM1,C1,A,member,official\n"}}) ==
        "members.csv:1:1: header: missing required column \"joined_on\"");
  CHECK(first_problem(
            {{"members", "id,cell_id,full_name,role,status,joined_on\nM1,C1,A,member,official,\n"}}) ==
        "members.csv:2:25: joined_on: expected a value (the column is required); got \"\"");
  // Required text (a row's id, a name) is reported once when empty, like any required value.
  CHECK(problems({{"resolutions", "id,meeting_id,text\n,G1,Thu đảng phí\n"}}) ==
        std::vector<std::string>{
            "resolutions.csv:2:1: id: expected a value (the column is required); got \"\""});
  CHECK(problems({{"cadres", "id,org_unit_id,full_name\nK1,D,\n"}}) ==
        std::vector<std::string>{
            "cadres.csv:2:6: full_name: expected a value (the column is required); got \"\""});
  CHECK(first_problem({{"tasks", "id,meeting_id,assignee_id\nT1,G1\n"}}) ==
        "tasks.csv:2:1: expected 3 fields as in the header; got 2");
  CHECK(first_problem({{"tasks", "id,meeting_id,assignee_id\nT1,G1,M2,extra\n"}}) ==
        "tasks.csv:2:1: expected 3 fields as in the header; got 4");
}

TEST_CASE("ids are unique and every reference exists", "[load]") {
  CHECK(first_problem({{"members",
                        "id,cell_id,full_name,role,status,joined_on\nM1,C1,A,member,official,2000-01-01\n"
                        "M2,C1,B,member,official,2000-01-01\nM1,C1,C,member,official,2000-01-01\n"}}) ==
        "members.csv:4:1: id: expected a unique id; got \"M1\" again");
  CHECK(first_problem({{"attendance", "meeting_id,member_id,status\nG1,M9,present\n"}}) ==
        "attendance.csv:2:4: member_id: expected an id from members.csv; got \"M9\"");
  CHECK(first_problem({{"attendance", "meeting_id,member_id,status\nG9,M1,present\n"}}) ==
        "attendance.csv:2:1: meeting_id: expected an id from meetings.csv; got \"G9\"");
  CHECK(first_problem({{"members",
                        "id,cell_id,full_name,role,status,joined_on\nM1,D,A,member,official,2000-01-01\n"
                        "M2,C1,B,member,official,2000-01-01\n"}}) ==
        "members.csv:2:4: cell_id: expected the id of a cell (kind cell); got \"D\"");
  CHECK(first_problem({{"cadres", "id,org_unit_id,full_name\nK1,C1,Lê\n"}}) ==
        "cadres.csv:2:4: org_unit_id: expected the id of a committee, not a cell; got \"C1\"");
  CHECK(first_problem({{"attendance", "meeting_id,member_id,status\nG1,M1,present\nG1,M1,absent\n"}}) ==
        "attendance.csv:3:4: member_id: expected one attendance row per member and meeting; got \"M1\" again "
        "for meeting \"G1\"");
}

TEST_CASE("a repeated id is found at its own line after records that are not rows", "[load]") {
  // Offsets of repeated ids are looked up again after the rows are read: records with the wrong
  // number of fields or broken quoting are not rows, and must not shift the count.
  const std::string tasks =
      "id,meeting_id,assignee_id,description\n"
      "T1,G1,M2,\"Theo dõi, báo cáo\"\n"
      "T2,G1\n"
      "T3,G1,M2,\"a\"b\n"
      "T4,G1,M2,x\n"
      "T1,G1,M2,y\n"
      "T4,G1,M2,z\n";
  const std::vector<std::string> expected{
      "tasks.csv:3:1: expected 4 fields as in the header; got 2",
      "tasks.csv:4:13: expected a comma or the end of the line after a closing quote",
      "tasks.csv:6:1: id: expected a unique id; got \"T1\" again",
      "tasks.csv:7:1: id: expected a unique id; got \"T4\" again"};
  CHECK(problems({{"tasks", tasks}}) == expected);
  LoadOptions parts;
  parts.part_bytes = 20;
  parts.threads = 3;
  CHECK(problems({{"tasks", tasks}}, parts) == expected);
}

TEST_CASE("rows name members of the meeting's own cell", "[load]") {
  const std::string units =
      "id,parent_id,kind,name\nP,,province,T\nD,P,district,H\nC1,D,cell,A\nC2,D,cell,B\n";
  // Member ids that number their rows (looked up by arithmetic) and ids that do not (looked up
  // among the cell's members): the same problems either way.
  const std::string m3 = GENERATE(std::string("M3"), std::string("M9"));
  const std::string members =
      "id,cell_id,full_name,role,status,joined_on\nM1,C1,A,member,official,2000-01-01\n"
      "M2,C1,B,member,official,2000-01-01\n" +
      m3 + ",C2,C,member,official,2000-01-01\n";
  CHECK_NOTHROW(load_csv(folder({{"org_units", units}, {"members", members}})));
  CHECK(first_problem({{"org_units", units},
                       {"members", members},
                       {"attendance", "meeting_id,member_id,status\nG1," + m3 + ",present\n"}}) ==
        "attendance.csv:2:4: member_id: expected a member of cell C1; got \"" + m3 + "\"");
  CHECK(first_problem({{"org_units", units},
                       {"members", members},
                       {"tasks", "id,meeting_id,assignee_id\nT1,G1," + m3 + "\n"}}) ==
        "tasks.csv:2:7: assignee_id: expected a member of cell C1; got \"" + m3 + "\"");
  CHECK(
      first_problem({{"org_units", units},
                     {"members", members},
                     {"meetings", "id,cell_id,kind,date,chair_id\nG1,C1,regular,2025-01-10," + m3 + "\n"}}) ==
      "meetings.csv:2:26: chair_id: expected a member of cell C1; got \"" + m3 + "\"");
  CHECK(first_problem({{"org_units", units},
                       {"members", members},
                       {"contributions", "meeting_id,member_id,kind\nG1,M7,opinion\n"}}) ==
        "contributions.csv:2:4: member_id: expected an id from members.csv; got \"M7\"");
}

TEST_CASE("ids looked up a part at a time resolve and fail as ids looked up one by one", "[load]") {
  // Opaque meeting ids (a hash table, so a part's lookups are batched), with member ids of
  // either kind; rows in no order, cut into parts or not.
  const std::string units =
      "id,parent_id,kind,name\nP,,province,T\nD,P,district,H\nC1,D,cell,A\nC2,D,cell,B\n";
  const bool numbered_members = GENERATE(false, true);
  const std::string a = numbered_members ? "M1" : "m-a", b = numbered_members ? "M2" : "m-b",
                    c = numbered_members ? "M3" : "m-c";
  // Opaque member ids include one with a quote: escaped, it is read from the CSV reader's
  // scratch and looked up as it comes, while its row's meeting is deferred.
  const std::string members =
      "id,cell_id,full_name,role,status,joined_on\n" + a + ",C1,A,member,official,2000-01-01\n" + b +
      ",C1,B,member,official,2000-01-01\n" + c + ",C2,C,member,official,2000-01-01\n" +
      (numbered_members ? "" : "\"m\"\"q\",C1,Q,member,official,2000-01-01\n");
  const std::string meetings =
      "id,cell_id,kind,date\ng-x,C1,regular,2025-01-10\ng-y,C2,regular,2025-01-11\ng-w,C1,regular,2025-02-"
      "10\n";
  std::string attendance = "meeting_id,member_id,status\n";
  std::multiset<std::pair<std::string, std::string>> rows;
  for (const auto& [g, m] : std::vector<std::pair<std::string, std::string>>{
           {"g-w", b}, {"g-x", a}, {"g-y", c}, {"g-w", a}, {"g-x", b}}) {
    attendance += g + "," + m + ",present\n";
    rows.emplace(g, m);
  }
  if (!numbered_members) {
    attendance += "g-x,\"m\"\"q\",present\n";
    rows.emplace("g-x", "m\"q");
  }
  LoadOptions parts;
  parts.part_bytes = 40;
  parts.threads = 3;
  const auto tables = [&](const std::string& attendance_rows) {
    std::map<std::string, std::string> t;
    for (const auto& [name, text] : valid_tables) t[name] = text.substr(0, text.find('\n') + 1);
    t["org_units"] = units;
    t["members"] = members;
    t["meetings"] = meetings;
    t["attendance"] = attendance_rows;
    return t;
  };
  for (const LoadOptions& options : {LoadOptions{}, parts}) {
    const Dataset ds = load_csv(folder(tables(attendance)), options);
    std::multiset<std::pair<std::string, std::string>> loaded;
    for (std::size_t r = 0; r < ds.attendance.size(); ++r)
      loaded.emplace(std::string(ds.meetings.id[ds.attendance.meeting[r]]),
                     std::string(ds.members.id[ds.attendance.member[r]]));
    CHECK(loaded == rows);

    // An unknown meeting, then a member of another cell than the meeting's: reported where and
    // as a lookup of each id as it is read reports them, and nothing else.
    const std::string bad = attendance + "g-z," + a + ",present\n" + "g-x," + c + ",present\n";
    const auto lines = static_cast<int>(std::count(attendance.begin(), attendance.end(), '\n'));
    CHECK(problems(tables(bad), options) ==
          std::vector<std::string>{
              fmt::format("attendance.csv:{}:1: meeting_id: expected an id from meetings.csv; got \"g-z\"",
                          lines + 1),
              fmt::format("attendance.csv:{}:5: member_id: expected a member of cell C1; got \"{}\"",
                          lines + 2, c)});
    CHECK(problems(tables(attendance + "g-y," + a + ",present\n"), options) ==
          std::vector<std::string>{fmt::format(
              "attendance.csv:{}:5: member_id: expected a member of cell C2; got \"{}\"", lines + 1, a)});
  }
}

TEST_CASE("a part of more rows than a batch looks its ids up batch by batch", "[load]") {
  // 300 meetings and 250 members of one cell, opaque ids: 75,000 attendance rows in one part,
  // more than the rows whose references are held back before they are looked up.
  std::string members = "id,cell_id,full_name,role,status,joined_on\n";
  for (int m = 0; m < 250; ++m) members += fmt::format("m-{},C1,X,member,official,2000-01-01\n", m);
  std::string meetings = "id,cell_id,kind,date\n";
  for (int g = 0; g < 300; ++g) meetings += fmt::format("g-{},C1,regular,2025-01-10\n", g);
  std::string attendance = "meeting_id,member_id,status\n";
  std::set<std::pair<std::string, std::string>> pairs;
  for (int k = 0; k < 75000; ++k) {
    const int g = (k * 7) % 300, m = k / 300;  // each pair once, meetings interleaved
    attendance += fmt::format("g-{},m-{},present\n", g, m);
    pairs.emplace(fmt::format("g-{}", g), fmt::format("m-{}", m));
  }
  std::map<std::string, std::string> tables;
  for (const auto& [name, text] : valid_tables) tables[name] = text.substr(0, text.find('\n') + 1);
  tables["org_units"] = "id,parent_id,kind,name\nP,,province,T\nD,P,district,H\nC1,D,cell,A\n";
  tables["members"] = members;
  tables["meetings"] = meetings;
  tables["attendance"] = attendance;
  LoadOptions one_part;
  one_part.part_bytes = std::size_t{64} << 20;
  const Dataset ds = load_csv(folder(tables), one_part);
  REQUIRE(ds.attendance.size() == 75000);
  std::set<std::pair<std::string, std::string>> loaded;
  for (std::size_t r = 0; r < ds.attendance.size(); ++r)
    loaded.emplace(ds.meetings.id[ds.attendance.meeting[r]], ds.members.id[ds.attendance.member[r]]);
  CHECK(loaded == pairs);
  // An unknown member in the first batch is still reported at its own line.
  tables["attendance"] =
      "meeting_id,member_id,status\ng-0,m-999,present\n" + attendance.substr(attendance.find('\n') + 1);
  CHECK(problems(tables, one_part) ==
        std::vector<std::string>{
            "attendance.csv:2:5: member_id: expected an id from members.csv; got \"m-999\""});
}

TEST_CASE("the organisation tree: no cycles, no cell under a cell", "[load]") {
  const auto cyclic =
      problems({{"org_units", "id,parent_id,kind,name\nP,D,province,T\nD,P,district,H\nC1,D,cell,A\n"}});
  REQUIRE_FALSE(cyclic.empty());
  CHECK_THAT(cyclic.front(), Catch::StartsWith("org_units.csv:2:3: parent_id: expected a tree;") ||
                                 Catch::StartsWith("org_units.csv:3:3: parent_id: expected a tree;"));
  CHECK(first_problem(
            {{"org_units",
              "id,parent_id,kind,name\nP,,province,T\nD,P,district,H\nC1,D,cell,A\nC2,C1,cell,B\n"}}) ==
        "org_units.csv:5:4: parent_id: expected a committee; got \"C1\", which is a cell");
  CHECK(first_problem(
            {{"org_units", "id,parent_id,kind,name\nP,,province,T\nD,X,district,H\nC1,D,cell,A\n"}}) ==
        "org_units.csv:3:3: parent_id: expected an id from org_units.csv; got \"X\"");
}

TEST_CASE("a table cut into parts loads as it does whole", "[load]") {
  // Quoted fields with commas, quotes and line breaks, so that cuts fall inside quotes.
  std::string resolutions = "id,meeting_id,text\n";
  for (int i = 0; i < 40; ++i)
    resolutions += "R" + std::to_string(100 + i) + ",G1,\"Nghị quyết " + std::to_string(i) +
                   ", \"\"số\"\"\nphần " + std::to_string(i) + "\"\n";
  const fs::path dir = folder({{"resolutions", resolutions}});
  const Dataset whole = load_csv(dir);
  for (std::size_t part : {7, 23, 64, 100}) {
    LoadOptions o;
    o.part_bytes = part;
    o.threads = 3;
    const Dataset cut = load_csv(dir, o);
    REQUIRE(cut.resolutions.size() == 40);
    for (Index r = 0; r < 40; ++r) {
      CHECK(cut.resolutions.id[r] == whole.resolutions.id[r]);
      CHECK(cut.resolutions.text[r] == whole.resolutions.text[r]);
    }
  }
  CHECK(whole.resolutions.text[3] == "Nghị quyết 3, \"số\"\nphần 3");
}

TEST_CASE("broken encoding and quoting", "[load]") {
  CHECK(first_problem({{"members",
                        "id,cell_id,full_name,role,status,joined_on\nM1,C1,\xff"
                        "A,member,official,2000-01-01\n"
                        "M2,C1,B,member,official,2000-01-01\n"}}) ==
        "members.csv:2:7: expected UTF-8 text; got an invalid byte sequence");
  CHECK(first_problem({{"resolutions", "id,meeting_id,text\nR1,G1,\"open\n"}}) ==
        "resolutions.csv:2:7: expected a closing quote (\") before the end of the file");
  CHECK(first_problem({{"resolutions", "id,meeting_id,text\nR1,G1,\"a\"b\n"}}) ==
        "resolutions.csv:2:10: expected a comma or the end of the line after a closing quote");
}

TEST_CASE("every problem is reported at once, in table and line order, up to the limit", "[load]") {
  const auto all = problems({
      {"attendance", "meeting_id,member_id,status\nG1,M1,maybe\nG1,M2,nope\n"},
      {"members",
       "id,cell_id,full_name,role,status,joined_on\nM1,C1,A,boss,official,2000-01-01\nM2,C1,B,member,"
       "official,2000-01-01\n"},
  });
  REQUIRE(all.size() == 3);
  CHECK(all[0] ==
        "members.csv:2:9: role: expected one of secretary, deputy_secretary, committee_member, member; got "
        "\"boss\"");
  CHECK(all[1] ==
        "attendance.csv:2:7: status: expected one of present, late, excused, absent; got \"maybe\"");
  CHECK(all[2] == "attendance.csv:3:7: status: expected one of present, late, excused, absent; got \"nope\"");

  std::string many = "meeting_id,member_id,status\n";
  for (int i = 0; i < 30; ++i) many += "G1,M1,x\n";
  LoadOptions o;
  o.max_problems = 10;
  try {
    load_csv(folder({{"attendance", many}}), o);
    FAIL("accepted");
  } catch (const InputError& e) {
    CHECK(e.problems().size() == 10);
    CHECK(e.omitted() == 49);  // 30 bad statuses and 29 repeated rows for M1 at G1
  }
}

TEST_CASE("a field or a line longer than its limit is a problem at its place, and the limits are settable",
          "[load]") {
  const std::string name(300, 'a');
  const std::map<std::string, std::string> long_name = {
      {"members",
       "id,cell_id,full_name,role,status,joined_on\nM1,C1,Nguyễn Văn An,secretary,official,2000-01-01\n"
       "M2,C1," +
           name + ",member,official,2001-01-01\n"}};
  LoadOptions tight;
  tight.max_field_bytes = 200;
  CHECK(first_problem(long_name, tight) ==
        "members.csv:3:7: full_name: expected at most 200 bytes (the limit on a field); got 300");
  tight.plain_rows = false;  // the general reader says the same
  CHECK(first_problem(long_name, tight) ==
        "members.csv:3:7: full_name: expected at most 200 bytes (the limit on a field); got 300");
  LoadOptions roomy;
  roomy.max_field_bytes = 300;
  CHECK(load_csv(folder(long_name), roomy).members.full_name[1] == name);

  // A line: counted from its first byte to the next line's, quoted or not.
  LoadOptions short_lines;
  short_lines.max_line_bytes = 100;
  const auto third_line = [](const std::string& text) {
    const auto second = text.find('\n', text.find('\n') + 1) + 1;
    return text.substr(second, text.find('\n', second) + 1 - second);
  };
  CHECK(first_problem(long_name, short_lines) ==
        fmt::format("members.csv:3:1: expected a line of at most 100 bytes (the limit on a line); got {}",
                    third_line(long_name.at("members")).size()));
  auto quoted = long_name;
  quoted["members"].replace(quoted["members"].find(name), name.size(), "\"" + name + ",\"\"x\"\"\"");
  CHECK(third_line(quoted.at("members")).size() > 300);
  CHECK(first_problem(quoted, short_lines) ==
        fmt::format("members.csv:3:1: expected a line of at most 100 bytes (the limit on a line); got {}",
                    third_line(quoted.at("members")).size()));
  // The defaults take any real record.
  const LoadOptions defaults;
  CHECK(defaults.max_field_bytes == 64 * 1024);
  CHECK(defaults.max_line_bytes == 1024 * 1024);
  CHECK_NOTHROW(load_csv(folder(long_name)));
}

TEST_CASE("input files are never changed, accepted or rejected", "[load]") {
  const fs::path dir = folder({{"attendance", "meeting_id,member_id,status\nG1,M1,bad\n"}});
  auto snapshot = [&] {
    std::map<std::string, std::string> files;
    for (const auto& e : fs::directory_iterator(dir)) {
      std::ifstream in(e.path(), std::ios::binary);
      std::stringstream s;
      s << in.rdbuf();
      files[e.path().filename().string()] = s.str();
    }
    return files;
  };
  const auto before = snapshot();
  CHECK_THROWS_AS(load_csv(dir), InputError);
  CHECK(snapshot() == before);
  CHECK_THROWS_AS(load_csv(dir / "nowhere"), InputError);
}

TEST_CASE("a duplicate attendance row is found whether or not rows are grouped by meeting", "[load]") {
  const std::string meetings = "id,cell_id,kind,date\nG1,C1,regular,2025-01-10\nG2,C1,regular,2025-02-10\n";
  // Read whole, or cut into parts of a row or two (the duplicate then straddles two parts).
  LoadOptions o;
  o.threads = 2;
  o.part_bytes = GENERATE(std::size_t{16} << 20, 15, 30);
  // Grouped: found in one pass.
  CHECK(first_problem({{"meetings", meetings},
                       {"attendance",
                        "meeting_id,member_id,status\nG1,M1,present\nG1,M2,present\nG2,M1,present\n"
                        "G2,M1,absent\n"}},
                      o) ==
        "attendance.csv:5:4: member_id: expected one attendance row per member and meeting; got \"M1\" again "
        "for "
        "meeting \"G2\"");
  // Not grouped: G1 comes back after G2.
  CHECK(first_problem({{"meetings", meetings},
                       {"attendance",
                        "meeting_id,member_id,status\nG1,M1,present\nG2,M1,present\nG1,M2,present\n"
                        "G1,M1,absent\n"}},
                      o) ==
        "attendance.csv:5:4: member_id: expected one attendance row per member and meeting; got \"M1\" again "
        "for "
        "meeting \"G1\"");
  // Not grouped and no duplicate: accepted.
  CHECK_NOTHROW(load_csv(folder({{"meetings", meetings},
                                 {"attendance",
                                  "meeting_id,member_id,status\nG1,M1,present\nG2,M1,present\n"
                                  "G1,M2,present\n"}}),
                         o));
}

TEST_CASE("each part's bytes are checked at once: bad UTF-8 is found at its byte, NFD is still NFC",
          "[load]") {
  // Parts of one or a few rows: some parts are plain precomposed text, one holds decomposed
  // (NFD) text that must still be normalised, one a bad byte deep in a long row.
  std::string resolutions = "id,meeting_id,text\n";
  for (int i = 0; i < 30; ++i) {
    std::string text = "Nghị quyết số " + std::to_string(i) + " về công tác xây dựng Đảng";
    if (i == 11) text = to_nfd(text);
    resolutions += "R" + std::to_string(100 + i) + ",G1," + text + "\n";
  }
  for (std::size_t part : {std::size_t{16} << 20, std::size_t{40}, std::size_t{90}}) {
    LoadOptions o;
    o.part_bytes = part;
    o.threads = 2;
    const Dataset d = load_csv(folder({{"resolutions", resolutions}}), o);
    REQUIRE(d.resolutions.size() == 30);
    CHECK(d.resolutions.text[11] == "Nghị quyết số 11 về công tác xây dựng Đảng");
    CHECK(d.resolutions.text[12] == "Nghị quyết số 12 về công tác xây dựng Đảng");
    std::string broken = resolutions;
    const std::size_t row = broken.find("R120,");
    const std::size_t at = broken.find("Đảng", row);
    broken[at + 1] = '\x41';  // Đ is C4 90: the continuation byte becomes 'A'
    // Line 22, after the 46 characters of "R120,G1,Nghị quyết số 20 về công tác xây dựng ".
    CHECK(first_problem({{"resolutions", broken}}, o) ==
          "resolutions.csv:22:47: expected UTF-8 text; got an invalid byte sequence");
  }
}

TEST_CASE("a cell has one classification a year", "[load]") {
  CHECK(
      first_problem({{"ratings", "cell_id,year,rating\nC1,2024,httnv\nC1,2025,htnv\nC1,2024,htnv\n"}}) ==
      "ratings.csv:4:4: year: expected one classification per cell and year; got 2024 again for cell \"C1\"");
}

TEST_CASE("org_history is optional, and its rows are checked as a history", "[load][history]") {
  CHECK_NOTHROW(load_csv(folder({{"org_history", ""}})));  // no file: no history
  const std::string header = "unit_id,parent_id,from,to\n";
  CHECK(first_problem({{"org_history", header + "C1,P,2020-01-01,2024-12-31\nC1,D,2024-06-01,\n"}}) ==
        "org_history.csv:3:6: from: expected a date after 2024-12-31, when the unit's row from 2020-01-01 "
        "ends; "
        "got 2024-06-01 (the rows of unit \"C1\" overlap)");
  CHECK(first_problem({{"org_history", header + "C1,P,2020-01-01,2024-06-30\nC1,D,2024-08-01,\n"}}) ==
        "org_history.csv:3:6: from: expected 2024-07-01, the day after the unit's previous row ends; got "
        "2024-08-01 (a gap in the history of unit \"C1\")");
  CHECK(first_problem({{"org_history", header + "C1,P,2025-01-01,2024-01-01\n"}}) ==
        "org_history.csv:2:17: to: expected a date on or after from (2025-01-01); got 2024-01-01");
  // On 1 January 2025 P would sit under D, which sits under P.
  CHECK(
      first_problem({{"org_history", header + "C1,P,2020-01-01,2024-12-31\nP,D,2025-01-01,2025-03-31\n"}}) ==
      "org_history.csv:3:3: parent_id: expected a tree on 2025-01-01; this parent makes unit \"P\" its own "
      "ancestor");
  // A row that ends hands the unit back to org_units' parent: on 1 January 2025 D returns under
  // P, which has sat under D since June 2024.
  CHECK(first_problem({{"org_units",
                        "id,parent_id,kind,name\nP,,province,Tỉnh ủy\nQ,,province,Tỉnh ủy Q\nD,P,district,"
                        "Huyện ủy\nC1,D,cell,Chi bộ 1\n"},
                       {"org_history", header + "D,Q,2020-01-01,2024-12-31\nP,D,2024-06-01,\n"}}) ==
        "org_history.csv:2:16: to: expected a tree on 2025-01-01, the day after this row ends; unit \"D\" "
        "would "
        "then be its own ancestor");
  // Rows in any order: the second row's gap is found whatever the file's order.
  CHECK(first_problem({{"org_history", header + "C1,D,2024-08-01,\nC1,P,2020-01-01,2024-06-30\n"}}) ==
        "org_history.csv:2:6: from: expected 2024-07-01, the day after the unit's previous row ends; got "
        "2024-08-01 (a gap in the history of unit \"C1\")");
  const auto cell_parent = first_problem({{"org_history", header + "D,C1,2020-01-01,\n"}});
  CHECK_THAT(cell_parent, Catch::StartsWith("org_history.csv:2:3: parent_id: expected"));
  CHECK_THAT(first_problem({{"org_history", header + "Q,P,2020-01-01,\n"}}),
             Catch::StartsWith("org_history.csv:2:1: unit_id: expected an id from org_units.csv"));
}
