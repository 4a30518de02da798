#include <chibo/enums.hpp>

#include <catch2/catch.hpp>

using namespace chibo;

namespace {
template <class E>
void round_trip(std::initializer_list<std::string_view> expected) {
  const auto codes = valid_codes<E>();
  REQUIRE(codes.size() == expected.size());
  std::size_t i = 0;
  for (auto code : expected) {
    CHECK(codes[i++] == code);
    const auto value = from_code<E>(code);
    REQUIRE(value.has_value());
    CHECK(to_code(*value) == code);
  }
  CHECK_FALSE(from_code<E>("").has_value());
  CHECK_FALSE(from_code<E>("nope").has_value());
  CHECK_FALSE(from_code<E>(std::string(expected.begin()[0]) + " ").has_value());
}
}  // namespace

TEST_CASE("every enum code round-trips and nothing else parses", "[enums]") {
  round_trip<OrgKind>({"province", "district", "grassroots_committee", "cell"});
  round_trip<Sector>({"village", "residential", "agency", "enterprise", "school", "armed_forces", "other"});
  round_trip<Role>({"secretary", "deputy_secretary", "committee_member", "member"});
  round_trip<MemberStatus>({"official", "probationary"});
  round_trip<CadrePosition>({"standing_committee", "committee_member", "staff"});
  round_trip<MeetingKind>({"regular", "thematic", "combined"});
  round_trip<YesNo>({"yes", "no"});
  round_trip<Consulted>({"yes", "no", "na"});
  round_trip<ContentSource>({"cell_function", "superior_direction", "work_program", "member_sentiment"});
  round_trip<TopicSource>({"leadership_need", "unresolved_issue", "professional", "other"});
  round_trip<AgendaCategory>({"dissemination", "work_report", "professional", "party_building",
                              "mass_organisations", "thematic", "criticism", "other"});
  round_trip<AttendanceStatus>({"present", "late", "excused", "absent"});
  round_trip<ContributionKind>({"opinion", "proposal", "criticism", "self_criticism", "dissent"});
  round_trip<VisitKind>({"attend_meeting", "inspection", "supervision"});
  round_trip<TrainingKind>({"course", "model_meeting"});
  round_trip<AnnualRating>({"htxsnv", "httnv", "htnv", "khtnv"});
  round_trip<Rating>({"tot", "kha", "trung_binh", "kem"});
  round_trip<Severity>({"error", "warning", "info"});
}

TEST_CASE("codes are case-sensitive", "[enums]") {
  CHECK_FALSE(from_code<AttendanceStatus>("Present").has_value());
  CHECK_FALSE(from_code<Rating>("TOT").has_value());
}

TEST_CASE("rating bands order kem < trung_binh < kha < tot", "[enums]") {
  CHECK(band(Rating::kem) == 0);
  CHECK(band(Rating::trung_binh) == 1);
  CHECK(band(Rating::kha) == 2);
  CHECK(band(Rating::tot) == 3);
  CHECK(is_present(AttendanceStatus::late));
  CHECK_FALSE(is_present(AttendanceStatus::excused));
}
