// Enumerations of the data contract (docs/data.md) and their lower-case codes.
#pragma once

#include <chibo/strings.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <type_traits>

namespace chibo {

/// Kind of organisation unit: tỉnh ủy, huyện ủy, đảng ủy cơ sở, chi bộ.
enum class OrgKind : std::uint8_t { province, district, grassroots_committee, cell };
enum class Sector : std::uint8_t {
  unrecorded,
  village,
  residential,
  agency,
  enterprise,
  school,
  armed_forces,
  other
};
/// bí thư, phó bí thư, chi ủy viên, đảng viên.
enum class Role : std::uint8_t { secretary, deputy_secretary, committee_member, member };
/// chính thức, dự bị.
enum class MemberStatus : std::uint8_t { official, probationary };
enum class CadrePosition : std::uint8_t { unrecorded, standing_committee, committee_member, staff };
/// thường kỳ, chuyên đề, kết hợp.
enum class MeetingKind : std::uint8_t { regular, thematic, combined };
/// A yes/no field; an empty field is "not recorded".
enum class YesNo : std::uint8_t { unrecorded, yes, no };
/// consulted_unit_head also admits `na` (no unit head to consult).
enum class Consulted : std::uint8_t { unrecorded, yes, no, na };
enum class ContentSource : std::uint8_t { cell_function, superior_direction, work_program, member_sentiment };
enum class TopicSource : std::uint8_t { unrecorded, leadership_need, unresolved_issue, professional, other };
enum class AgendaCategory : std::uint8_t {
  dissemination,
  work_report,
  professional,
  party_building,
  mass_organisations,
  thematic,
  criticism,
  other
};
enum class AttendanceStatus : std::uint8_t { present, late, excused, absent };
enum class ContributionKind : std::uint8_t { opinion, proposal, criticism, self_criticism, dissent };
enum class VisitKind : std::uint8_t { attend_meeting, inspection, supervision };
enum class TrainingKind : std::uint8_t { course, model_meeting };
/// Annual rating of a cell: hoàn thành xuất sắc / tốt / hoàn thành / không hoàn thành nhiệm vụ.
enum class AnnualRating : std::uint8_t { htxsnv, httnv, htnv, khtnv };
/// Meeting, cell and committee rating: Tốt, Khá, Trung bình, Kém (best first).
enum class Rating : std::uint8_t { tot, kha, trung_binh, kem };
enum class Severity : std::uint8_t { error, warning, info };
/// Level a rule scores at.
enum class Level : std::uint8_t { meeting, cell, committee };
/// Who must act on a rule's shortfall: the cell and its members, the cell's secretary (or chi
/// ủy), or the upper-level committees (cấp ủy cấp trên), whose duties measures 5 and 7 are.
enum class Owner : std::uint8_t { cell, secretary, upper_committee };
/// Type of a column a plugin adds to the data (docs/plugins.md).
enum class ValueType : std::uint8_t { integer, number, date, boolean, code, text };

/// The codes of each enumeration, in declaration order. Specialised below; an enumeration with an
/// `unrecorded` first value has it as the empty code, which parsing never accepts.
template <class E>
struct EnumCodes;

#define CHIBO_ENUM_CODES(E, ...)                                                  \
  template <>                                                                     \
  struct EnumCodes<E> {                                                           \
    static constexpr auto codes = std::to_array<std::string_view>({__VA_ARGS__}); \
    static constexpr std::string_view name = #E;                                  \
  }

CHIBO_ENUM_CODES(OrgKind, "province", "district", "grassroots_committee", "cell");
CHIBO_ENUM_CODES(Sector, "", "village", "residential", "agency", "enterprise", "school", "armed_forces",
                 "other");
CHIBO_ENUM_CODES(Role, "secretary", "deputy_secretary", "committee_member", "member");
CHIBO_ENUM_CODES(MemberStatus, "official", "probationary");
CHIBO_ENUM_CODES(CadrePosition, "", "standing_committee", "committee_member", "staff");
CHIBO_ENUM_CODES(MeetingKind, "regular", "thematic", "combined");
CHIBO_ENUM_CODES(YesNo, "", "yes", "no");
CHIBO_ENUM_CODES(Consulted, "", "yes", "no", "na");
CHIBO_ENUM_CODES(ContentSource, "cell_function", "superior_direction", "work_program", "member_sentiment");
CHIBO_ENUM_CODES(TopicSource, "", "leadership_need", "unresolved_issue", "professional", "other");
CHIBO_ENUM_CODES(AgendaCategory, "dissemination", "work_report", "professional", "party_building",
                 "mass_organisations", "thematic", "criticism", "other");
CHIBO_ENUM_CODES(AttendanceStatus, "present", "late", "excused", "absent");
CHIBO_ENUM_CODES(ContributionKind, "opinion", "proposal", "criticism", "self_criticism", "dissent");
CHIBO_ENUM_CODES(VisitKind, "attend_meeting", "inspection", "supervision");
CHIBO_ENUM_CODES(TrainingKind, "course", "model_meeting");
CHIBO_ENUM_CODES(AnnualRating, "htxsnv", "httnv", "htnv", "khtnv");
CHIBO_ENUM_CODES(Rating, "tot", "kha", "trung_binh", "kem");
CHIBO_ENUM_CODES(Severity, "error", "warning", "info");
CHIBO_ENUM_CODES(Level, "meeting", "cell", "committee");
CHIBO_ENUM_CODES(Owner, "cell", "secretary", "upper_committee");
CHIBO_ENUM_CODES(ValueType, "integer", "number", "date", "boolean", "code", "text");
#undef CHIBO_ENUM_CODES

template <class E>
constexpr std::string_view to_code(E value) noexcept {
  return EnumCodes<E>::codes[static_cast<std::size_t>(value)];
}

/// Parses a code; the empty string is never a valid code.
template <class E>
constexpr std::optional<E> from_code(std::string_view code) noexcept {
  if (code.empty()) return std::nullopt;
  const auto& codes = EnumCodes<E>::codes;
  if (std::is_constant_evaluated()) {
    for (std::size_t i = 0; i < codes.size(); ++i)
      if (codes[i] == code) return static_cast<E>(i);
    return std::nullopt;
  }
  // Inline comparison: the loader parses a code in most of its hundred million rows.
  for (std::size_t i = 0; i < codes.size(); ++i)
    if (same_text(codes[i], code)) return static_cast<E>(i);
  return std::nullopt;
}

/// Every valid (non-empty) code of E, in declaration order.
template <class E>
constexpr std::span<const std::string_view> valid_codes() noexcept {
  const auto& codes = EnumCodes<E>::codes;
  return codes[0].empty() ? std::span<const std::string_view>(codes).subspan(1)
                          : std::span<const std::string_view>(codes);
}

constexpr bool is_committee(OrgKind kind) noexcept {
  return kind != OrgKind::cell;
}
constexpr bool is_present(AttendanceStatus s) noexcept {
  return s == AttendanceStatus::present || s == AttendanceStatus::late;
}
/// Band of a rating for comparisons: kem 0 … tot 3.
constexpr int band(Rating r) noexcept {
  return 3 - static_cast<int>(r);
}

}  // namespace chibo
