// Tables handed over in memory, read as a database's are: written out as CSV text for the
// loader, problems named by row key.
#include "../load/source.hpp"
#include "../text_out.hpp"
#include "sql.hpp"

#include <chibo/database.hpp>

#include <fmt/format.h>

#include <optional>

namespace chibo {

void MemoryTables::set_column(const std::string& table, const std::string& column, Values values) {
  auto& columns = tables_[table];
  for (auto& [name, v] : columns)
    if (name == column) {
      v = std::move(values);
      return;
    }
  columns.emplace_back(column, std::move(values));
}

const std::vector<std::pair<std::string, MemoryTables::Values>>* MemoryTables::table(
    std::string_view name) const {
  const auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : &it->second;
}

namespace {

class MemorySource final : public load::Source {
 public:
  explicit MemorySource(const MemoryTables& tables) : tables_(tables) {}

  std::optional<load::TableText> table(std::string_view name) override {
    const auto* columns = tables_.table(name);
    if (!columns || columns->empty()) return std::nullopt;
    auto text = std::make_shared<std::string>();
    std::size_t rows = columns->front().second.size();
    for (std::size_t c = 0; c < columns->size(); ++c) {
      if (c) *text += ',';
      detail::append_csv(*text, (*columns)[c].first);
      rows = std::min(rows, (*columns)[c].second.size());
    }
    *text += '\n';
    for (const auto& [column, values] : *columns)
      if (values.size() != columns->front().second.size())
        lengths_.push_back(fmt::format("{}: column {} has {} values; column {} has {}", name, column,
                                       values.size(), columns->front().first,
                                       columns->front().second.size()));
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < columns->size(); ++c) {
        if (c) *text += ',';
        const auto& v = (*columns)[c].second[r];
        // An empty text that is recorded still reads as not recorded, as in a CSV file.
        if (v) detail::append_csv(*text, *v);
      }
      *text += '\n';
    }
    return db::table_text(std::move(text), name);
  }
  bool has(std::string_view name) override {
    const auto* columns = tables_.table(name);
    return columns && !columns->empty();
  }
  std::string label(std::string_view name) const override { return std::string(name); }
  std::string missing(std::string_view name) const override {
    return fmt::format("missing table (expected the table {} among the tables given)", name);
  }
  const std::vector<std::string>& length_problems() const noexcept { return lengths_; }

 private:
  const MemoryTables& tables_;
  std::vector<std::string> lengths_;
};

}  // namespace

Dataset load_memory(const MemoryTables& tables, const LoadOptions& options) {
  MemorySource source(tables);
  std::optional<Dataset> ds;
  std::vector<Diagnostic> found;
  try {
    ds = load::load_from(source, options);
  } catch (const InputError& e) {
    if (source.length_problems().empty()) throw;
    found = e.problems();
  }
  if (source.length_problems().empty()) return std::move(*ds);
  // Columns of uneven length first: they explain the problems the rows then have.
  std::vector<Diagnostic> all;
  for (const auto& p : source.length_problems()) all.push_back({"memory", 0, 0, p, {}});
  all.insert(all.end(), found.begin(), found.end());
  throw InputError(std::move(all));
}

}  // namespace chibo
