// Synthetic provinces: realistic datasets for demos, tests and benchmarks (no real records).
#pragma once

#include <chibo/dataset.hpp>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chibo {

/// The party's structure changed on 1 July 2025: districts were dissolved, communes merged and
/// 63 provinces became 34. Presets follow the year asked for (docs/generator.md).
enum class Preset : std::uint8_t {
  commune,    ///< one grassroots committee of a rural district: ~15 cells (any year, pre-2025 shape)
  district,   ///< one district-level unit: ~20 communes and agency committees (same)
  bac_giang,  ///< Bắc Giang up to 2025: 10 district-level units, 209+ grassroots committees,
              ///< ~88,700 members; in 2025 the districts are dissolved on 30 June and the cells
              ///< move under merged communes (org_history.csv)
  national,   ///< up to 2025: 63 provinces with districts; from 2026: 34 provinces and about
              ///< 3,300 communes; ~5.3 million members
  bac_ninh,   ///< from 2026: the merged province, 99 communes (66 xã, 33 phường), the members of
              ///< Bắc Giang and the old Bắc Ninh
};
std::optional<Preset> preset_from_name(std::string_view name) noexcept;
std::string_view preset_name(Preset p) noexcept;

/// How the CSV files are laid out. `generated`: as chibo writes them (numbered ids, rows grouped
/// by parent, the contract's column order, LF). `realistic`: as party-administration exports
/// come (opaque ids — UUIDs for records, party-card numbers for members, lettered codes for
/// units —, every table's rows and columns in a shuffled order, text fields quoted, CRLF, a BOM).
enum class ExportStyle : std::uint8_t { generated, realistic };
std::optional<ExportStyle> export_style_from_name(std::string_view name) noexcept;

struct GenerateOptions {
  Preset preset = Preset::commune;
  int year = 2025;  ///< the year of meetings generated
  std::uint64_t seed = 1;
  double scale = 1.0;       ///< multiplies the number of units
  double dirty_rate = 0.0;  ///< share of rows given a data-entry mistake (CSV output only)
  ExportStyle export_style = ExportStyle::generated;  ///< CSV output only
  unsigned threads = 0;                               ///< 0 = hardware concurrency
  /// Called now and then with the stage ("members", "meetings", "writing") and the share done;
  /// from the calling thread only. The CLI draws a progress line with it on a terminal.
  std::function<void(std::string_view stage, double done)> progress;
};

/// Builds the dataset in memory, indexed and ready to score. Same options, same dataset.
Dataset generate(const GenerateOptions& options);

/// A data-entry mistake written on purpose (--dirty), for the loader to catch.
struct Mistake {
  std::string file;    ///< "meetings.csv"
  std::size_t line;    ///< line of the row in that file
  std::string column;  ///< the column holding the mistake
  std::string value;   ///< what was written
};

struct GeneratedCounts {
  std::size_t members = 0, meetings = 0, attendance = 0;
  std::vector<Mistake> mistakes;  ///< in file order of the tables, then line
};
/// Writes the dataset as the CSV files of docs/data.md (an optional table with no rows is left out). Same
/// options, same bytes. With a dirty rate, some rows carry realistic mistakes that the loader must reject.
GeneratedCounts write_generated(const GenerateOptions& options, const std::filesystem::path& folder);

/// Writes any dataset as the CSV files, laid out in a style (`seed` shuffles the realistic
/// style's rows and columns; ids are written as the dataset has them).
void write_csv_dataset(const Dataset& dataset, const std::filesystem::path& folder,
                       ExportStyle style = ExportStyle::generated, std::uint64_t seed = 1);

/// Replaces every id by an opaque one as real exports have them (see ExportStyle::realistic),
/// the same for the same seed, and indexes the dataset again. Row order is unchanged, so row i
/// before and after is the same record.
void make_export_ids(Dataset& dataset, std::uint64_t seed);

}  // namespace chibo
