// Where a dataset's tables come from: a folder of CSV files, or a database that hands each table
// over as CSV text. The loader reads both the same way (internal to the loader).
#pragma once

#include <chibo/load.hpp>

#include "mapped_file.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chibo::load {

/// One table's rows as CSV text with a header, and how to name where a problem is.
struct TableText {
  std::shared_ptr<const void> owner;  ///< keeps `csv` alive
  std::string_view csv;
  /// A database's table: problems are named by row key (`key_columns`), not line and column.
  bool from_database = false;
  std::vector<std::string> key_columns;
};

class Source {
 public:
  virtual ~Source() = default;
  /// The table's text, or nullopt when the source has no such table.
  virtual std::optional<TableText> table(std::string_view name) = 0;
  virtual bool has(std::string_view name) = 0;
  /// What problems in the table are filed under: `members.csv`, `data.sqlite:members`.
  virtual std::string label(std::string_view name) const = 0;
  /// The problem when a required table is missing.
  virtual std::string missing(std::string_view name) const = 0;
};

/// A dataset folder: `NAME.csv` per table, mapped read-only.
class FolderSource final : public Source {
 public:
  explicit FolderSource(std::filesystem::path folder) : folder_(std::move(folder)) {}
  std::optional<TableText> table(std::string_view name) override {
    std::error_code ec;
    const auto path = folder_ / label(name);
    if (!std::filesystem::is_regular_file(path, ec)) return std::nullopt;
    auto file = std::make_shared<MappedFile>(path);
    const std::string_view view = file->view();
    return TableText{std::move(file), view, false, {}};
  }
  bool has(std::string_view name) override {
    std::error_code ec;
    return std::filesystem::exists(folder_ / label(name), ec);
  }
  std::string label(std::string_view name) const override { return fmt::format("{}.csv", name); }
  std::string missing(std::string_view name) const override {
    return fmt::format("missing table file (expected {}.csv in the dataset folder)", name);
  }
  const std::filesystem::path& folder() const noexcept { return folder_; }

 private:
  std::filesystem::path folder_;
};

/// Reads, checks and indexes a dataset from any source, as load_csv does a folder.
Dataset load_from(Source& source, const LoadOptions& options);

}  // namespace chibo::load
