// The words a plan is written in, shared by its writers and the HTML page (internal).
#pragma once

#include <chibo/plan.hpp>

#include <string_view>
#include <vector>

namespace chibo::detail {

std::string_view need_code(Need n);
const char* need_name(Need n, Language l);
std::string_view uncovered_code(Uncovered u);
const char* uncovered_name(Uncovered u, Language l);
const char* position_name(CadrePosition p, Language l);
/// Each covered cell's visit dates, by position in plan.cells, earliest first.
std::vector<std::vector<Date>> visits_by_cell(const SupervisionPlan& plan);

}  // namespace chibo::detail
