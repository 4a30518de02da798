// Reading a dataset folder (docs/data.md).
#pragma once

#include <chibo/dataset.hpp>
#include <chibo/diagnostics.hpp>
#include <chibo/extension.hpp>

#include <filesystem>

namespace chibo {

struct LoadOptions {
  /// Stop listing problems after this many (the count of the rest is still reported).
  std::size_t max_problems = 100;
  /// The longest field and line (record) accepted, in bytes: a longer one is a problem at its
  /// place, so a file that is not what it claims (a missing quote, a binary) is rejected
  /// before it is stored. The defaults are far above any real record's.
  std::size_t max_field_bytes = 64u << 10;
  std::size_t max_line_bytes = 1u << 20;
  /// Threads used to parse tables; 0 = hardware concurrency.
  unsigned threads = 0;
  /// Large tables are cut into parts of about this many bytes, read in parallel and joined in
  /// file order; the result never depends on it (tests set it small to cut small files).
  std::size_t part_bytes = 4u << 20;
  /// Records whose fields are unquoted, or quoted with no "" inside (nearly all of them), are
  /// split straight from the bytes, in whatever order the header lists the columns, and read
  /// by the same decoder as the rest; a record that is not plain, or holds a value that is
  /// wrong, is read again by the general CSV reader, which reports it. Off, every record takes
  /// the general path; the result never depends on it (tests compare the two).
  bool plain_rows = true;
  /// Keep members' and cadres' names (findings name the members they are about).
  bool keep_names = true;
  /// Keep the other free text: task descriptions, resolution texts, reasons for absence and
  /// escalation subjects. Scoring reads none of it, and a national year holds about 1 GB of it.
  bool keep_free_text = true;
  // Text not kept is still checked, as every field is; its columns hold an empty string per
  // row (taking no memory), and Attendance then has no reasons.

  /// Columns and tables plugins add (Registry::extensions()): read and checked like the
  /// contract's into Dataset::extensions. Without it, extension columns are ignored.
  const DataExtensions* extensions = nullptr;
};

/// Reads the tables of a dataset folder (schema::tables()), validates them against the data contract and
/// builds the indexed Dataset. Throws InputError listing every problem when the dataset is rejected (no
/// partial dataset is ever returned) and std::system_error when a file cannot be read.
Dataset load_csv(const std::filesystem::path& folder, const LoadOptions& options = {});

}  // namespace chibo
