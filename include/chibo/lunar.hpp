// The Vietnamese lunar calendar (âm lịch), as far as planning needs it: the day of Tết, from
// the new moons and the sun's longitude at Vietnam's meridian (UTC+7), not from a table.
#pragma once

#include <chibo/period.hpp>

namespace chibo {

/// The first day of the first lunar month of `year` (Tết Nguyên Đán), for years 1900–2199.
/// Computed at UTC+7, so it is Vietnam's: in 1985 and 2007 it differs from China's by a month
/// and a day.
Date lunar_new_year(int year);

/// The days around Tết that a plan keeps clear (chibo's choice, docs/decisions.md): from the
/// 23rd of the last lunar month (ông Công ông Táo, when offices wind down) to the 7th day of
/// the new year (when they have reopened).
Period tet_holiday(int year);

}  // namespace chibo
