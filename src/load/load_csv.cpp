// Loading a dataset folder: the tables of docs/data.md read in phases that follow their
// references, each table by its schema, then checked whole and indexed.
#include <chibo/load.hpp>

#include "../tables.hpp"
#include "../timing.hpp"
#include "checks.hpp"
#include "decode.hpp"
#include "extensions.hpp"
#include "phase.hpp"
#include "references.hpp"
#include "table.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace chibo {

namespace fs = std::filesystem;

namespace {

using namespace load;

/// Appends a part's rows to the table's, column by column (see Phase::add).
template <class Rows>
void append(Part<Rows>& into, Part<Rows>& from, double scale) {
  const auto shift = static_cast<Index>(into.rows.size());  // a sparse column's rows count from the part's
  schema::for_each_column(Rows::schema(), [&](const auto& c, std::size_t) {
    if constexpr (requires { c.kind.rows; })
      for (auto& r : from.rows.*c.kind.rows) r += shift;
  });
  tables::for_each_storage(into.rows, from.rows, [&](auto& a, auto& b) { take_column(a, b, scale); });
  take_column(into.own_ids, from.own_ids, scale);
}

class Loader {
 public:
  Loader(Source& source, const LoadOptions& options) : source_(source), options_(options), refs_(ds_) {
    threads_ = detail::thread_count(options.threads);
  }

  Dataset run() {
    detail::Laps lap("load");
    // Phases follow references: each reads only what earlier phases built.
    run_phase(ds_.org_units);
    lap("org units");
    run_phase(ds_.members, ds_.cadres, ds_.briefings);
    lap("members, cadres, briefings");
    run_phase(ds_.meetings);
    lap("meetings");
    run_phase(ds_.attendance, ds_.contributions, ds_.tasks, ds_.resolutions, ds_.agenda_items, ds_.visits,
              ds_.escalations, ds_.briefing_attendance, ds_.trainings, ds_.assignments, ds_.ratings,
              ds_.org_history);
    lap("attendance and the other tables");
    // Extensions only read a valid contract: their rows are found by the contract's ids.
    if (options_.extensions && !options_.extensions->empty() && problems() == 0) {
      read_extensions(source_, *options_.extensions, ds_, options_, tables_);
      lap("extensions");
    }
    finish();
    ds_.finalize(threads_);
    lap("indexes");
    spdlog::debug("load: the dataset holds {:.0f} MB", static_cast<double>(ds_.memory_bytes()) / 1e6);
    return std::move(ds_);
  }

 private:
  // Parts of 4 MB by default: small enough that two threads share even one big table evenly,
  // large enough that joining parts costs little.
  template <class... Rows>
  void run_phase(Rows&... into) {
    const std::array<std::string_view, sizeof...(Rows)> names{Rows::schema().name...};
    source_.prefetch(names, threads_);
    Phase phase(threads_, std::max<std::size_t>(1, options_.part_bytes));
    (read(phase, into), ...);
    phase.run();
    deferred_lists() = {};  // this thread's (the phase's other threads have ended)
  }

  // Tables are made on the loading thread, while phases are planned; parts only read them.
  Table& table(std::string_view name, std::vector<ColumnSpec> columns) {
    tables_.push_back(std::make_unique<Table>(source_, name, std::move(columns), options_.max_problems));
    tables_.back()->set_plain_rows(options_.plain_rows);
    tables_.back()->set_limits(options_.max_field_bytes, options_.max_line_bytes);
    tables_.back()->set_keep(options_.keep_names, options_.keep_free_text);
    return *tables_.back();
  }

  std::size_t problems() const {
    std::size_t n = 0;
    for (const auto& t : tables_) n += t->problem_count();
    return n;
  }

  /// Reads one table of the contract into `into`, in parts, then checks it whole.
  template <class Rows>
  void read(Phase& phase, Rows& into) {
    Table& file = table(Rows::schema().name, column_specs<Rows>());
    if (!file.open(Rows::schema().optional)) return;
    phase.add<Part<Rows>>(
        file,
        [this](Table& t, Part<Rows>& part) {
          RowDecoder<Rows> decode(t, part, refs_);
          const auto rows = [&] {
            t.for_each_row([&] { decode(); }, [&] { decode.undo(); },
                           [&](int stage) { decode.ahead(stage); });
          };
          rows();
          if (!decode.resolve_deferred()) {
            // An id names nothing (or a member is not of its cell): read again, every id
            // looked up as it comes, so that problems are reported where and as they always were.
            decode.restart();
            t.forget_problems();
            rows();
          }
        },
        [](Part<Rows>& whole, Part<Rows>& part, double scale) { append(whole, part, scale); },
        [this, &file, &into](std::vector<Part<Rows>>& parts) {
          into = std::move(parts.front().rows);
          check_whole(file, into, parts.front().own_ids);
        });
  }

  /// The checks of a whole table; then the tables after it may refer to its rows.
  template <class Rows>
  void check_whole(Table& file, Rows& rows, const StringColumn& own_ids) {
    constexpr auto s = Rows::schema();
    constexpr schema::Space space = s.ids;
    if constexpr (space != schema::Space::none) {
      index_unique(file, schema::index_of(s, "id"), rows.id, refs_.index(space));
    } else if constexpr (requires { rows.id; }) {
      check_unique(file, schema::index_of(s, "id"), rows.id);
    }
    if constexpr (std::is_same_v<Rows, OrgUnits>)
      resolve_parents(file, schema::index_of(s, "parent_id"), rows, ds_.id_indexes().org_unit, own_ids);
    if constexpr (std::is_same_v<Rows, Attendance>) {
      const auto t0 = detail::Clock::now();
      check_duplicate_attendance(file, schema::index_of(s, "member_id"), ds_);
      spdlog::debug("load: attendance checked for repeated rows in {:.3f} s", detail::seconds_since(t0));
    }
    if constexpr (std::is_same_v<Rows, Ratings>)
      check_one_rating_a_year(file, schema::index_of(s, "year"), rows, ds_.org_units);
    if constexpr (std::is_same_v<Rows, OrgHistory>)
      check_history(file,
                    {schema::index_of(s, "unit_id"), schema::index_of(s, "parent_id"),
                     schema::index_of(s, "from"), schema::index_of(s, "to")},
                    rows, ds_.org_units);
    if constexpr (space != schema::Space::none) refs_.set_read(space);
  }

  void finish() {
    std::vector<Diagnostic> all;
    std::size_t total = 0;
    // Report tables in the contract's order whatever order they were read in.
    std::vector<std::string> names;
    for (auto name : Dataset::table_names()) names.emplace_back(name);
    if (options_.extensions)
      for (const auto& t : options_.extensions->tables) names.push_back(t.name);
    for (const auto& name : names) {
      for (auto& t : tables_) {
        if (t->table() != name) continue;
        total += t->problem_count();
        for (auto& d : t->diagnostics()) all.push_back(std::move(d));
      }
    }
    if (total == 0) record_inputs(names);
    tables_.clear();  // unmaps the files
    if (total == 0) return;
    const std::size_t limit = options_.max_problems;
    if (all.size() > limit) all.resize(limit);
    spdlog::debug("dataset rejected: {} problems", total);
    const std::size_t omitted = total - all.size();
    throw InputError(std::move(all), omitted);
  }

  /// Each table read, with its rows and fingerprint (the first reading of a file: plugins'
  /// columns read a contract file again).
  void record_inputs(const std::vector<std::string>& names) {
    const auto counts = ds_.row_counts();
    for (std::size_t i = 0; i < names.size(); ++i) {
      const auto it = std::find_if(tables_.begin(), tables_.end(), [&](const auto& t) {
        return t->table() == names[i] && !t->fingerprint().empty();
      });
      if (it == tables_.end()) continue;
      const Table& t = **it;
      const std::size_t rows =
          i < counts.size() ? counts[i] : ds_.extensions.tables[i - counts.size()].key.size();
      ds_.inputs.push_back({t.table(), t.file(), rows, t.text().size(), t.fingerprint()});
    }
  }

  Source& source_;
  LoadOptions options_;
  unsigned threads_ = 1;
  Dataset ds_;
  References refs_;
  std::vector<std::unique_ptr<Table>> tables_;
};

}  // namespace

Dataset load_csv(const fs::path& folder, const LoadOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw InputError({Diagnostic{folder.string(), 0, 0, "expected a dataset folder", {}}});
  spdlog::debug("loading dataset from {}", folder.string());
  load::FolderSource source(folder);
  return Loader(source, options).run();
}

namespace load {
Dataset load_from(Source& source, const LoadOptions& options) {
  return Loader(source, options).run();
}
}  // namespace load

}  // namespace chibo
