// Where a dataset's tables come from: a folder of CSV files, or a database that hands each table
// over as CSV text. The loader reads both the same way (internal to the loader).
#pragma once

#include <chibo/load.hpp>

#include "mapped_file.hpp"

#include <fmt/format.h>

#include <atomic>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace chibo::load {

/// One table's rows as CSV text with a header, and how to name where a problem is.
struct TableText {
  std::shared_ptr<const void> owner;  ///< keeps `csv` alive
  std::string_view csv;
  /// The file `csv` maps, if it is one: parts of it are copied out of it (MappedFile::read_part).
  const MappedFile* file = nullptr;
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
  /// The tables the loader reads next, all at once: a database fetches them on `threads`
  /// connections ahead of table(); a folder's files need no fetching.
  virtual void prefetch(std::span<const std::string_view> names, unsigned threads) {
    (void)names;
    (void)threads;
  }
};

/// A source that fetches each table whole (a database): tables named by prefetch() are fetched
/// on several threads, each with its own connection, and kept until table() takes them.
class FetchingSource : public Source {
 public:
  std::optional<TableText> table(std::string_view name) final {
    if (const auto it = fetched_.find(std::string(name)); it != fetched_.end()) {
      auto out = std::move(it->second);
      fetched_.erase(it);
      return out;
    }
    return fetch(name);
  }
  void prefetch(std::span<const std::string_view> names, unsigned threads) final {
    std::vector<std::optional<TableText>> out(names.size());
    std::vector<std::exception_ptr> errors(names.size());
    std::atomic<std::size_t> next{0};
    const auto work = [&] {
      for (std::size_t i; (i = next++) < names.size();) {
        try {
          out[i] = fetch(names[i]);
        } catch (...) {
          errors[i] = std::current_exception();
        }
      }
    };
    std::vector<std::thread> workers;
    const std::size_t n = std::min<std::size_t>(std::max(1u, threads), names.size());
    for (std::size_t t = 1; t < n; ++t) workers.emplace_back(work);
    work();
    for (auto& w : workers) w.join();
    for (const auto& e : errors)
      if (e) std::rethrow_exception(e);
    for (std::size_t i = 0; i < names.size(); ++i)
      if (out[i]) fetched_.emplace(std::string(names[i]), std::move(*out[i]));
  }

 protected:
  /// One table's text, or nullopt when the database has no such table. Called from several
  /// threads at once: each call uses a connection of its own.
  virtual std::optional<TableText> fetch(std::string_view name) = 0;

 private:
  std::map<std::string, TableText> fetched_;
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
    const MappedFile* mapped = file.get();
    return TableText{std::move(file), view, mapped, false, {}};
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
