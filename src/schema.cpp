#include <chibo/schema.hpp>

#include "tables.hpp"

namespace chibo::schema {

namespace {
template <class Rows>
constexpr auto columns_of = infos(Rows::schema());
}  // namespace

std::span<const TableInfo> tables() noexcept {
  static constexpr auto list = [] {
    std::array<TableInfo, chibo::tables::count> out{};
    std::size_t i = 0;
    chibo::tables::for_each_type([&]<class Rows>(std::type_identity<Rows>) {
      out[i++] = {Rows::schema().name, columns_of<Rows>, Rows::schema().ids, Rows::schema().optional};
    });
    return out;
  }();
  return list;
}

const TableInfo* find_table(std::string_view name) noexcept {
  for (const auto& t : tables())
    if (t.name == name) return &t;
  return nullptr;
}

}  // namespace chibo::schema
