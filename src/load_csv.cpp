// Loading a dataset folder: parse, validate and index the 16 tables of docs/data.md.
#include <chibo/load.hpp>
#include <chibo/unicode.hpp>

#include "contract.hpp"
#include "csv.hpp"
#include "load_extensions.hpp"
#include "load_table.hpp"
#include "parallel.hpp"
#include "text_check.hpp"
#include "timing.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <algorithm>
#include <atomic>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <mutex>
#include <system_error>
#include <thread>

namespace chibo {

namespace fs = std::filesystem;

namespace {

using namespace load;

/// Indexes a table's ids (column 0 of every table that has ids) and reports each repeated one
/// at its row. The index is kept when the dataset needs it; building it once matters for
/// national tables of millions of rows.
void index_unique(Table& t, const StringColumn& ids, IdIndex& index) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> dups;
  index.build(ids, &dups);
  if (dups.empty()) return;
  std::vector<std::uint32_t> rows;
  for (const auto& dup : dups) rows.push_back(dup.first);
  std::sort(rows.begin(), rows.end());
  const auto offsets = t.field_offsets(rows, 0);
  for (std::size_t k = 0; k < offsets.size(); ++k)
    t.fail_at(offsets[k], fmt::format("id: expected a unique id; got {} again", shown(ids[rows[k]])));
}

/// Reports repeated ids of a table no other table refers to. Exports usually list rows in id
/// order, and ids in strictly increasing order are unique without hashing 20 million of them.
void check_unique(Table& t, const StringColumn& ids) {
  bool increasing = true;
  for (std::size_t i = 1; i < ids.size() && increasing; ++i) increasing = ids[i - 1] < ids[i];
  if (increasing) return;
  IdIndex index;
  index_unique(t, ids, index);
}

/// The members of each cell with the hash tags of their ids: a child row names a member of its
/// meeting's cell, and looking among a few dozen members whose ids were just read stays in the
/// caches, where the national index of 5 million ids does not.
class CellMembers {
 public:
  void build(const Members& members, std::size_t units) {
    offsets_.assign(units + 1, 0);
    for (Index m = 0; m < members.size(); ++m)
      if (members.cell[m] != no_index) ++offsets_[members.cell[m] + 1];
    for (std::size_t u = 0; u < units; ++u) offsets_[u + 1] += offsets_[u];
    entries_.assign(offsets_.back(), 0);
    std::vector<std::uint32_t> fill(offsets_.begin(), offsets_.end() - 1);
    for (Index m = 0; m < members.size(); ++m)
      if (members.cell[m] != no_index)
        entries_[fill[members.cell[m]]++] = (IdIndex::hash(members.id[m]) & ~0xFFFFFFFFull) | m;
  }
  /// The member of `cell` with this id, or no_index.
  Index find(const StringColumn& ids, Index cell, std::string_view id) const noexcept {
    if (cell == no_index || cell + 1 >= offsets_.size()) return no_index;
    const std::uint64_t tag = IdIndex::hash(id) & ~0xFFFFFFFFull;
    for (std::uint32_t i = offsets_[cell]; i < offsets_[cell + 1]; ++i) {
      const std::uint64_t e = entries_[i];
      if ((e & ~0xFFFFFFFFull) == tag && same_text(ids[static_cast<Index>(e)], id))
        return static_cast<Index>(e);
    }
    return no_index;
  }

 private:
  std::vector<std::uint32_t> offsets_;
  std::vector<std::uint64_t> entries_;  // hash tag << 32 | member row
};

template <class T>
void append_column(std::vector<T>& into, std::vector<T>& from) {
  into.insert(into.end(), from.begin(), from.end());
  std::vector<T>().swap(from);
}
void append_column(StringColumn& into, StringColumn& from) {
  into.append(from);
  from = StringColumn();
}
template <class T>
void reserve_column(std::vector<T>& into, std::size_t rows, std::size_t) {
  into.reserve(rows);
}
void reserve_column(StringColumn& into, std::size_t rows, std::size_t bytes) {
  into.reserve(rows, bytes);
}
template <class T>
std::size_t bytes_of(const std::vector<T>&) {
  return 0;
}
std::size_t bytes_of(const StringColumn& c) {
  return c.bytes();
}

/// Joins the rows of a table's parts (each `Part` has its `rows`), in file order, column by
/// column; each part's column is freed as soon as it is copied.
template <class Rows, class Part, class... Columns>
void join_rows(Rows& into, std::vector<Part>& parts, Columns Rows::*... columns) {
  if (parts.size() == 1) {
    into = std::move(parts.front().rows);
    return;
  }
  auto reserve = [&](auto Rows::*column) {
    std::size_t rows = 0, bytes = 0;
    for (auto& p : parts) {
      rows += (p.rows.*column).size();
      bytes += bytes_of(p.rows.*column);
    }
    reserve_column(into.*column, rows, bytes);
  };
  (reserve(columns), ...);
  for (auto& p : parts) (append_column(into.*columns, p.rows.*columns), ...);
}

/// Moves one column of a part to the end of the table's, keeping the part's capacity for the
/// next part read into it. The first part reserves `scale` times its own size (and a little
/// more): what the whole table will about need, so that the column is not copied as it grows.
template <class T>
void take_column(std::vector<T>& into, std::vector<T>& from, double scale) {
  if (into.empty())
    into.reserve(static_cast<std::size_t>(static_cast<double>(from.size()) * scale * 1.08) + 16);
  into.insert(into.end(), from.begin(), from.end());
  from.clear();
}
void take_column(StringColumn& into, StringColumn& from, double scale) {
  if (into.empty())
    into.reserve(static_cast<std::size_t>(static_cast<double>(from.size()) * scale * 1.08) + 16,
                 static_cast<std::size_t>(static_cast<double>(from.bytes()) * scale * 1.08) + 256);
  into.append(from);
  from.clear();
}
/// Appends a part's rows to the table's, column by column (see Phase::add with `append`).
template <class Rows, class... Columns>
void append_rows(Rows& into, Rows& from, double scale, Columns Rows::*... columns) {
  (take_column(into.*columns, from.*columns, scale), ...);
}

/// One loading phase: tables cut into parts at line breaks, the parts of every table read in
/// parallel (the largest table's first, so that the threads finish together), and each table's
/// parts joined in file order, with its whole-table checks, by the thread that reads its last
/// part (while the other thread goes on reading). A table too small to cut is one part.
class Phase {
 public:
  Phase(unsigned threads, std::size_t part_bytes) : threads_(threads), part_bytes_(part_bytes) {}

  /// `read(table, part)` reads the rows of a table, or of a part of one, into a Part;
  /// `join(parts)` receives the parts in file order. A table that is not UTF-8 is reported at
  /// its first invalid byte and not joined.
  template <class Part, class Read, class Join>
  void add(Table& t, Read read, Join join) {
    struct State {
      std::vector<std::unique_ptr<Table>> tables;
      std::vector<Part> parts;
      std::atomic<std::size_t> remaining{0};
    };
    auto state = std::make_shared<State>();
    const auto bounds = t.split(part_bytes_);
    const std::size_t n = bounds.size() - 1;
    state->parts.resize(n);
    state->remaining = n;
    auto finish = [state, &t, read, join] {
      const Verdict v = verdict(t, state->tables);
      if (v == Verdict::not_utf8) return;
      if (v == Verdict::read_again) {
        state->parts.assign(1, Part{});
        read_again(t, read, state->parts.front());
      }
      state->tables.clear();
      join(state->parts);
      state->parts.clear();
    };
    for (std::size_t i = 0; i < n; ++i) {
      state->tables.push_back(t.part(bounds[i], bounds[i + 1]));
      reads_.push_back({t.bytes(), i, [state, i, read, finish] {
                          Table& part = *state->tables[i];
                          read(part, state->parts[i]);
                          part.release();
                          if (--state->remaining == 0) finish();
                        }});
    }
  }

  /// As add(t, read, join), for the large tables: each part is appended to the table's rows by
  /// `append(into, from, scale)` as soon as it and the parts before it are read (`scale`: how
  /// many times that part's bytes the table has), and `from`, emptied with its capacity kept,
  /// is read into again by a later part. So the national tables are not held twice, once in
  /// parts and once joined, and a part's columns are not new memory whose every page the kernel
  /// must fault in and zero. `join` then receives one Part with every row.
  template <class Part, class Read, class Append, class Join>
  void add(Table& t, Read read, Append append, Join join) {
    struct State {
      std::vector<std::unique_ptr<Table>> tables;
      std::mutex mutex;
      std::vector<std::unique_ptr<Part>> done;  // read, waiting for the parts before them
      std::vector<std::unique_ptr<Part>> spare;
      std::vector<double> scale;  // by part: the table's bytes over the part's
      std::size_t next = 0;       // the next part to append
      bool appending = false;     // a thread is appending; the others only leave their parts
      Part rows;
      std::atomic<std::size_t> remaining{0};
    };
    auto state = std::make_shared<State>();
    const auto bounds = t.split(part_bytes_);
    const std::size_t n = bounds.size() - 1;
    state->done.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t bytes = bounds[i + 1] - bounds[i];  // 0 for a table of no rows
      state->scale.push_back(bytes ? static_cast<double>(t.bytes()) / static_cast<double>(bytes) : 1.0);
    }
    state->remaining = n;
    auto finish = [state, &t, read, join] {
      const Verdict v = verdict(t, state->tables);
      if (v == Verdict::not_utf8) return;
      std::vector<Part> whole(1);
      if (v == Verdict::read_again)
        read_again(t, read, whole.front());
      else
        whole.front() = std::move(state->rows);
      state->tables.clear();
      state->spare.clear();
      join(whole);
    };
    for (std::size_t i = 0; i < n; ++i) {
      state->tables.push_back(t.part(bounds[i], bounds[i + 1]));
      reads_.push_back({t.bytes(), i, [state, i, n, read, append, finish] {
                          std::unique_ptr<Part> part;
                          {
                            const std::lock_guard lock(state->mutex);
                            if (!state->spare.empty()) {
                              part = std::move(state->spare.back());
                              state->spare.pop_back();
                            }
                          }
                          if (!part) part = std::make_unique<Part>();
                          Table& table = *state->tables[i];
                          read(table, *part);
                          table.release();
                          std::unique_lock lock(state->mutex);
                          state->done[i] = std::move(part);
                          if (!state->appending) {
                            state->appending = true;
                            while (state->next < n && state->done[state->next]) {
                              auto ready = std::move(state->done[state->next]);
                              const double scale = state->scale[state->next];
                              lock.unlock();
                              append(state->rows, *ready, scale);
                              lock.lock();
                              state->spare.push_back(std::move(ready));
                              ++state->next;
                            }
                            state->appending = false;
                          }
                          lock.unlock();
                          if (--state->remaining == 0) finish();
                        }});
    }
  }

  void run() {
    const auto t0 = detail::Clock::now();
    std::stable_sort(reads_.begin(), reads_.end(),
                     [](const Job& a, const Job& b) { return a.table_bytes > b.table_bytes; });
    std::vector<std::function<void()>> jobs;
    for (auto& j : reads_) jobs.push_back(std::move(j.run));
    detail::run_parallel(jobs, threads_);
    spdlog::debug("load: {} parts read and joined in {:.3f} s", reads_.size(), detail::seconds_since(t0));
    reads_.clear();
  }

 private:
  /// How a table stands once its parts are read.
  enum class Verdict { not_utf8, read_again, as_read };
  /// not_utf8: a part found a byte that is not UTF-8, and the table's first one is reported
  /// (the table is not read). read_again: a cut fell inside quotes, or the quoting is broken,
  /// in a table of several parts. as_read: the parts' problems are now the table's.
  static Verdict verdict(Table& t, const std::vector<std::unique_ptr<Table>>& parts) {
    bool suspect = false, broken = false;
    for (const auto& p : parts) {
      suspect = suspect || p->suspect();
      broken = broken || p->structural();
    }
    if (suspect && !t.check_utf8()) return Verdict::not_utf8;
    if (broken && parts.size() > 1) return Verdict::read_again;
    for (const auto& p : parts) t.absorb(*p);
    return Verdict::as_read;
  }
  /// Reads the table as one part, so that its problems are those a sequential read finds.
  template <class Part, class Read>
  static void read_again(Table& t, Read& read, Part& into) {
    auto whole = t.part(t.rows_begin(), t.rows_end());
    read(*whole, into);
    t.absorb(*whole);
  }

  struct Job {
    std::size_t table_bytes, part;
    std::function<void()> run;
  };

  unsigned threads_;
  std::size_t part_bytes_;
  std::vector<Job> reads_;
};

// Column positions per table, in the order of each table's spec.
namespace col {
enum OrgUnitColumn { ou_id, ou_parent, ou_kind, ou_name, ou_sector, ou_est, ou_dis };
enum MemberColumn {
  m_id,
  m_cell,
  m_name,
  m_role,
  m_role_since,
  m_status,
  m_joined,
  m_left,
  m_exempt_from,
  m_exempt_to,
  m_birth,
  m_gender
};
enum CadreColumn { k_id, k_org, k_name, k_position };
enum MeetingColumn {
  g_id,
  g_cell,
  g_kind,
  g_date,
  g_start,
  g_end,
  g_notice,
  g_prep,
  g_consulted,
  g_sources,
  g_draft,
  g_notified,
  g_chair,
  g_recorder,
  g_topic,
  g_topic_source,
  g_model,
  g_min_att,
  g_min_spk,
  g_min_conc,
  g_min_sign,
  g_min_read,
  g_self
};
}  // namespace col

class Loader {
 public:
  Loader(const fs::path& folder, const LoadOptions& options) : folder_(folder), options_(options) {
    threads_ = detail::thread_count(options.threads);
  }

  Dataset run() {
    detail::Laps lap("load");
    // Phases follow references: each reads only what earlier phases built.
    run_phase([this](Phase& p) { load_org_units(p); });
    lap("org units");
    run_phase([this](Phase& p) {
      load_members(p);
      load_cadres(p);
      load_briefings(p);
    });
    if (!ds_.member_ids.numbered()) cell_members_.build(ds_.members, ds_.org_units.size());
    lap("members, cadres, briefings");
    run_phase([this](Phase& p) { load_meetings(p); });
    lap("meetings");
    run_phase([this](Phase& p) {
      load_attendance(p);
      load_contributions(p);
      load_tasks(p);
      load_resolutions(p);
      load_agenda(p);
      load_visits(p);
      load_escalations(p);
      load_briefing_attendance(p);
      load_trainings(p);
      load_assignments(p);
      load_ratings(p);
    });
    lap("attendance and the other tables");
    // Extensions only read a valid contract: their rows are found by the contract's ids.
    if (options_.extensions && !options_.extensions->empty() && problems() == 0) {
      read_extensions(folder_, *options_.extensions, ds_, options_, tables_);
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
  template <class F>
  void run_phase(F&& add) {
    Phase phase(threads_, std::max<std::size_t>(1, options_.part_bytes));
    add(phase);
    phase.run();
  }

  // Tables are made on the loading thread, while phases are planned; parts only read them.
  Table& table(std::string_view name) {
    const contract::TableSpec* spec = contract::find(name);
    tables_.push_back(std::make_unique<Table>(
        folder_, name, std::vector<ColumnSpec>(spec->columns.begin(), spec->columns.end()),
        options_.max_problems));
    tables_.back()->set_plain_rows(options_.plain_rows);
    tables_.back()->set_keep(options_.keep_names, options_.keep_free_text);
    return *tables_.back();
  }

  std::size_t problems() const {
    std::size_t n = 0;
    for (const auto& t : tables_) n += t->problem_count();
    return n;
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
        if (t->file() != fmt::format("{}.csv", name)) continue;
        total += t->problem_count();
        for (auto& d : t->diagnostics()) all.push_back(std::move(d));
      }
    }
    tables_.clear();  // unmaps the files
    if (total == 0) return;
    const std::size_t limit = options_.max_problems;
    if (all.size() > limit) all.resize(limit);
    spdlog::debug("dataset rejected: {} problems", total);
    const std::size_t omitted = total - all.size();
    throw InputError(std::move(all), omitted);
  }

  bool is_cell(Index u) const { return ds_.org_units.kind[u] == OrgKind::cell; }

  template <class... Columns>
  static void reserve(std::size_t rows, Columns&... columns) {
    (columns.reserve(rows), ...);
  }

  void load_org_units(Phase& phase) {
    using namespace col;
    Table& file = table("org_units");
    if (!file.open()) return;
    struct Part {
      OrgUnits rows;
      StringColumn parent_ids;
      std::vector<std::size_t> parent_offsets;
    };
    phase.add<Part>(
        file,
        [](Table& t, Part& part) {
          auto& o = part.rows;
          t.for_each_row([&] {
            t.text_to(o.id, ou_id);
            part.parent_ids.push_back(t.text(ou_parent));
            part.parent_offsets.push_back(t.offset(ou_parent));
            o.kind.push_back(t.code<OrgKind>(ou_kind).value_or(OrgKind::cell));
            t.text_to(o.name, ou_name);
            o.sector.push_back(t.code<Sector>(ou_sector).value_or(Sector::unrecorded));
            o.established_on.push_back(t.date(ou_est));
            o.dissolved_on.push_back(t.date(ou_dis));
            const Date est = o.established_on.back(), dis = o.dissolved_on.back();
            if (!est.is_special() && !dis.is_special() && dis <= est)
              t.fail(ou_dis, "expected a date after established_on");
          });
        },
        [this, &file](std::vector<Part>& parts) {
          auto& o = ds_.org_units;
          StringColumn parent_ids;
          std::vector<std::size_t> parent_offsets;
          for (auto& p : parts) {
            append_column(parent_ids, p.parent_ids);
            append_column(parent_offsets, p.parent_offsets);
          }
          join_rows(o, parts, &OrgUnits::id, &OrgUnits::name, &OrgUnits::kind, &OrgUnits::sector,
                    &OrgUnits::established_on, &OrgUnits::dissolved_on);
          index_unique(file, o.id, ds_.org_unit_ids);
          o.parent.assign(o.size(), no_index);
          for (Index u = 0; u < o.size(); ++u) {
            if (parent_ids[u].empty()) continue;
            const Index p = ds_.org_unit_ids.find(o.id, parent_ids[u]);
            if (p == no_index) {
              file.fail_at(
                  parent_offsets[u],
                  fmt::format("parent_id: expected an id from org_units.csv; got {}", shown(parent_ids[u])));
            } else if (o.kind[p] == OrgKind::cell) {
              file.fail_at(parent_offsets[u],
                           fmt::format("parent_id: expected a committee; got {}, which is a cell",
                                       shown(parent_ids[u])));
            } else {
              o.parent[u] = p;
            }
          }
          if (auto u = OrgTree::find_cycle(o.parent)) {
            file.fail_at(
                parent_offsets[*u],
                fmt::format("parent_id: expected a tree; unit {} is its own ancestor", shown(o.id[*u])));
            std::fill(o.parent.begin(), o.parent.end(), no_index);  // keep later phases safe
          }
          have_org_units_ = true;
        });
  }

  /// A reference to an org unit that must be a cell.
  Index cell_ref(Table& t, int c) {
    const Index u = t.ref(c, ds_.org_unit_ids, ds_.org_units.id, "org_units.csv", have_org_units_);
    if (u != no_index && !is_cell(u)) {
      t.fail(c, "expected the id of a cell (kind cell)");
      return no_index;
    }
    return u;
  }

  void load_members(Phase& phase) {
    using namespace col;
    Table& file = table("members");
    if (!file.open()) return;
    struct Part {
      Members rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& m = part.rows;
          const std::size_t rows = t.estimated_rows();
          reserve(rows, m.cell, m.role, m.role_since, m.status, m.joined_on, m.left_on, m.exempt_from,
                  m.exempt_to, m.birth_year);
          m.id.reserve(rows, rows * 9);
          m.full_name.reserve(rows, rows * 20);
          Index recent_cell = no_index;
          const auto plain = [&](csv::PlainRecord & r) __attribute__((flatten)) {
            const std::string_view id = plain_text(r, true, false);
            const Index cell = plain_cell(r, recent_cell);
            const std::string_view name = plain_text(r, true, false);
            const auto role = plain_code<Role>(r, true, false);
            const Date role_since = plain_date(r, false, false);
            const auto status = plain_code<MemberStatus>(r, true, false);
            const Date joined = plain_date(r, true, false), left = plain_date(r, false, false);
            const Date exempt_from = plain_date(r, false, false), exempt_to = plain_date(r, false, false);
            const std::int32_t birth_year = plain_integer(r, 1880, 2100, false, false);
            const std::string_view gender = plain_text(r, false, true);
            if (!r.ok()) return false;
            t.text_to(m.id, id);
            m.cell.push_back(cell);
            t.name_to(m.full_name, name);
            m.role.push_back(*role);
            m.role_since.push_back(role_since);
            m.status.push_back(*status);
            m.joined_on.push_back(joined);
            m.left_on.push_back(left);
            m.exempt_from.push_back(exempt_from);
            m.exempt_to.push_back(exempt_to);
            m.birth_year.push_back(static_cast<std::int16_t>(birth_year));
            t.text_to(m.gender, gender);
            return true;
          };
          t.for_each_row(plain, [&] {
            t.text_to(m.id, m_id);
            m.cell.push_back(cell_ref(t, m_cell));
            t.name_to(m.full_name, m_name);
            m.role.push_back(t.code<Role>(m_role).value_or(Role::member));
            m.role_since.push_back(t.date(m_role_since));
            m.status.push_back(t.code<MemberStatus>(m_status).value_or(MemberStatus::official));
            m.joined_on.push_back(t.date(m_joined));
            m.left_on.push_back(t.date(m_left));
            m.exempt_from.push_back(t.date(m_exempt_from));
            m.exempt_to.push_back(t.date(m_exempt_to));
            m.birth_year.push_back(static_cast<std::int16_t>(t.integer(m_birth, 1880, 2100)));
            t.text_to(m.gender, m_gender);
          });
        },
        [](Part& into, Part& from, double scale) {
          append_rows(into.rows, from.rows, scale, &Members::id, &Members::full_name, &Members::gender,
                      &Members::cell, &Members::role, &Members::role_since, &Members::status,
                      &Members::joined_on, &Members::left_on, &Members::exempt_from, &Members::exempt_to,
                      &Members::birth_year);
        },
        [this, &file](std::vector<Part>& parts) {
          auto& m = ds_.members;
          m = std::move(parts.front().rows);
          index_unique(file, m.id, ds_.member_ids);
          have_members_ = true;
        });
  }

  void load_cadres(Phase& phase) {
    using namespace col;
    Table& file = table("cadres");
    if (!file.open()) return;
    struct Part {
      Cadres rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& k = part.rows;
          t.for_each_row([&] {
            t.text_to(k.id, k_id);
            Index u = t.ref(k_org, ds_.org_unit_ids, ds_.org_units.id, "org_units.csv", have_org_units_);
            if (u != no_index && is_cell(u)) {
              t.fail(k_org, "expected the id of a committee, not a cell");
              u = no_index;
            }
            k.org_unit.push_back(u);
            t.name_to(k.full_name, k_name);
            k.position.push_back(t.code<CadrePosition>(k_position).value_or(CadrePosition::unrecorded));
          });
        },
        [this, &file](std::vector<Part>& parts) {
          auto& k = ds_.cadres;
          join_rows(k, parts, &Cadres::id, &Cadres::full_name, &Cadres::org_unit, &Cadres::position);
          index_unique(file, k.id, ds_.cadre_ids);
          have_cadres_ = true;
        });
  }

  void load_briefings(Phase& phase) {
    Table& file = table("briefings");
    if (!file.open()) return;
    struct Part {
      Briefings rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& b = part.rows;
          t.for_each_row([&] {
            t.text_to(b.id, 0);
            b.org_unit.push_back(
                t.ref(1, ds_.org_unit_ids, ds_.org_units.id, "org_units.csv", have_org_units_));
            b.date.push_back(t.date(2));
          });
        },
        [this, &file](std::vector<Part>& parts) {
          auto& b = ds_.briefings;
          join_rows(b, parts, &Briefings::id, &Briefings::org_unit, &Briefings::date);
          index_unique(file, b.id, ds_.briefing_ids);
          have_briefings_ = true;
        });
  }

  void load_meetings(Phase& phase) {
    using namespace col;
    Table& file = table("meetings");
    if (!file.open()) return;
    struct Part {
      Meetings rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& g = part.rows;
          const std::size_t rows = t.estimated_rows();
          reserve(rows, g.cell, g.kind, g.date, g.notice_date, g.prep_date, g.start_time, g.end_time,
                  g.consulted_unit_head, g.content_sources, g.draft_resolution, g.notified_upper,
                  g.model_meeting, g.minutes_attendance, g.minutes_speakers, g.minutes_conclusion,
                  g.minutes_signed, g.minutes_read_back, g.chair, g.recorder, g.topic_source, g.self_rating);
          g.id.reserve(rows, rows * 10);
          Index recent_cell = no_index;
          const auto plain = [&](csv::PlainRecord & r) __attribute__((flatten)) {
            const std::string_view id = plain_text(r, true, false);
            const Index cell = plain_cell(r, recent_cell);
            const auto kind = plain_code<MeetingKind>(r, true, false);
            const Date date = plain_date(r, true, false);
            const ClockTime start = plain_time(r, false), end = plain_time(r, false);
            if (start != no_time && end != no_time && end <= start) r.fail();
            const Date notice = plain_date(r, false, false), prep = plain_date(r, false, false);
            const auto consulted = plain_code<Consulted>(r, false, false);
            const auto sources = parse_sources(r.field(false));
            if (!sources) r.fail();
            const YesNo draft = plain_yes_no(r, false), notified = plain_yes_no(r, false);
            const Index chair = plain_member_in_cell(r, cell, false, false);
            const Index recorder = plain_member_in_cell(r, cell, false, false);
            const std::string_view topic = plain_text(r, false, false);
            const auto topic_source = plain_code<TopicSource>(r, false, false);
            const YesNo model = plain_yes_no(r, false), attendance = plain_yes_no(r, false),
                        speakers = plain_yes_no(r, false), conclusion = plain_yes_no(r, false),
                        signed_ = plain_yes_no(r, false), read_back = plain_yes_no(r, false);
            const auto self_rating = plain_code<Rating>(r, false, true);
            if (!r.ok()) return false;
            t.text_to(g.id, id);
            g.cell.push_back(cell);
            g.kind.push_back(*kind);
            g.date.push_back(date);
            g.start_time.push_back(start);
            g.end_time.push_back(end);
            g.notice_date.push_back(notice);
            g.prep_date.push_back(prep);
            g.consulted_unit_head.push_back(consulted.value_or(Consulted::unrecorded));
            g.content_sources.push_back(*sources);
            g.draft_resolution.push_back(draft);
            g.notified_upper.push_back(notified);
            g.chair.push_back(chair);
            g.recorder.push_back(recorder);
            t.text_to(g.topic, topic);
            g.topic_source.push_back(topic_source.value_or(TopicSource::unrecorded));
            g.model_meeting.push_back(model);
            g.minutes_attendance.push_back(attendance);
            g.minutes_speakers.push_back(speakers);
            g.minutes_conclusion.push_back(conclusion);
            g.minutes_signed.push_back(signed_);
            g.minutes_read_back.push_back(read_back);
            g.self_rating.push_back(self_rating);
            return true;
          };
          t.for_each_row(plain, [&] {
            t.text_to(g.id, g_id);
            const Index cell = cell_ref(t, g_cell);
            g.cell.push_back(cell);
            g.kind.push_back(t.code<MeetingKind>(g_kind).value_or(MeetingKind::regular));
            g.date.push_back(t.date(g_date));
            const ClockTime start = t.time(g_start), end = t.time(g_end);
            if (start != no_time && end != no_time && end <= start)
              t.fail(g_end, "expected a time after start_time on the meeting date");
            g.start_time.push_back(start);
            g.end_time.push_back(end);
            g.notice_date.push_back(t.date(g_notice));
            g.prep_date.push_back(t.date(g_prep));
            g.consulted_unit_head.push_back(t.code<Consulted>(g_consulted).value_or(Consulted::unrecorded));
            const auto sources = parse_sources(t.text(g_sources));
            if (!sources)
              t.fail(
                  g_sources,
                  fmt::format("expected a ;-separated list of {}",
                              one_of<ContentSource>().substr(std::string_view("expected one of ").size())));
            g.content_sources.push_back(sources.value_or(0));
            g.draft_resolution.push_back(t.yes_no(g_draft));
            g.notified_upper.push_back(t.yes_no(g_notified));
            g.chair.push_back(member_in_cell(t, g_chair, cell));
            g.recorder.push_back(member_in_cell(t, g_recorder, cell));
            t.text_to(g.topic, g_topic);
            g.topic_source.push_back(t.code<TopicSource>(g_topic_source).value_or(TopicSource::unrecorded));
            g.model_meeting.push_back(t.yes_no(g_model));
            g.minutes_attendance.push_back(t.yes_no(g_min_att));
            g.minutes_speakers.push_back(t.yes_no(g_min_spk));
            g.minutes_conclusion.push_back(t.yes_no(g_min_conc));
            g.minutes_signed.push_back(t.yes_no(g_min_sign));
            g.minutes_read_back.push_back(t.yes_no(g_min_read));
            g.self_rating.push_back(t.code<Rating>(g_self));
          });
        },
        [](Part& into, Part& from, double scale) {
          append_rows(into.rows, from.rows, scale, &Meetings::id, &Meetings::topic, &Meetings::cell,
                      &Meetings::kind, &Meetings::date, &Meetings::notice_date, &Meetings::prep_date,
                      &Meetings::start_time, &Meetings::end_time, &Meetings::consulted_unit_head,
                      &Meetings::content_sources, &Meetings::draft_resolution, &Meetings::notified_upper,
                      &Meetings::model_meeting, &Meetings::minutes_attendance, &Meetings::minutes_speakers,
                      &Meetings::minutes_conclusion, &Meetings::minutes_signed, &Meetings::minutes_read_back,
                      &Meetings::chair, &Meetings::recorder, &Meetings::topic_source, &Meetings::self_rating);
        },
        [this, &file](std::vector<Part>& parts) {
          auto& g = ds_.meetings;
          g = std::move(parts.front().rows);
          index_unique(file, g.id, ds_.meeting_ids);
          have_meetings_ = true;
        });
  }

  Index meeting_ref(Table& t, int c) {
    return t.ref(c, ds_.meeting_ids, ds_.meetings.id, "meetings.csv", have_meetings_);
  }
  Index member_ref(Table& t, int c) {
    return t.ref(c, ds_.member_ids, ds_.members.id, "members.csv", have_members_);
  }
  Index meeting_cell(Index meeting) const {
    return meeting == no_index ? no_index : ds_.meetings.cell[meeting];
  }

  // Plain records (Table::for_each_row with a plain path): the typed readers' common case,
  // straight from the bytes; anything else fails the record, which the general path then reads.

  /// Whether a plain field is empty (Table::missing): a required column's fails the record.
  static bool plain_missing(csv::PlainRecord& r, std::string_view t, bool required) {
    if (!t.empty()) return false;
    if (required) r.fail();
    return true;
  }
  /// A numbered id naming a row of another table (or, not `required`, an empty field).
  static Index plain_ref(csv::PlainRecord& r, const IdIndex& index, const StringColumn& ids, bool checkable,
                         bool required, bool last) {
    if (!checkable || !index.numbered()) {
      r.fail();
      return no_index;
    }
    const std::string_view id = r.field(index.numbered_length(), last);
    if (plain_missing(r, id, required)) return no_index;
    const Index i = index.find(ids, id);
    if (i == no_index) r.fail();
    return i;
  }
  Index plain_meeting(csv::PlainRecord& r, bool last) {
    return plain_ref(r, ds_.meeting_ids, ds_.meetings.id, have_meetings_, true, last);
  }
  /// A member of `cell` (see member_in_cell).
  Index plain_member_in_cell(csv::PlainRecord& r, Index cell, bool required, bool last) {
    const Index m = plain_ref(r, ds_.member_ids, ds_.members.id, have_members_, required, last);
    if (m != no_index && (cell == no_index || ds_.members.cell[m] != cell)) r.fail();
    return m;
  }
  /// A cell (see cell_ref); `recent` is the cell named last, compared before the id is hashed,
  /// as members and meetings are listed cell by cell.
  Index plain_cell(csv::PlainRecord& r, Index& recent) {
    const std::string_view id = r.field(false);
    if (recent != no_index && same_text(ds_.org_units.id[recent], id)) return recent;
    const Index u = have_org_units_ ? ds_.org_unit_ids.find(ds_.org_units.id, id) : no_index;
    if (u == no_index || !is_cell(u)) {
      r.fail();
      return no_index;
    }
    return recent = u;
  }
  template <class E>
  static std::optional<E> plain_code(csv::PlainRecord& r, bool required, bool last) {
    const std::string_view t = r.field(last);
    if (plain_missing(r, t, required)) return std::nullopt;
    const auto v = from_code<E>(t);
    if (!v) r.fail();
    return v;
  }
  static YesNo plain_yes_no(csv::PlainRecord& r, bool last) {
    return plain_code<YesNo>(r, false, last).value_or(YesNo::unrecorded);
  }
  static std::string_view plain_text(csv::PlainRecord& r, bool required, bool last) {
    const std::string_view t = r.field(last);
    plain_missing(r, t, required);
    return t;
  }
  static Date plain_date(csv::PlainRecord& r, bool required, bool last) {
    const std::string_view t = r.field(10, last);
    if (plain_missing(r, t, required)) return Date();
    const Date d = parse_date(t);
    if (d.is_special()) r.fail();
    return d;
  }
  static ClockTime plain_time(csv::PlainRecord& r, bool last) {  // of an optional column
    const std::string_view t = r.field(5, last);
    if (plain_missing(r, t, false)) return no_time;
    const auto v = parse_clock(t);
    if (!v) r.fail();
    return v.value_or(no_time);
  }
  /// A whole number from lo to hi; `none` for an empty field of an optional column.
  static std::int32_t plain_integer(csv::PlainRecord& r, std::int32_t lo, std::int32_t hi, bool required,
                                    bool last, std::int32_t none = 0) {
    const std::string_view t = r.field(last);
    if (plain_missing(r, t, required)) return none;
    const auto v = parse_integer(t, lo, hi);
    if (!v) r.fail();
    return static_cast<std::int32_t>(v.value_or(none));
  }

  /// A reference to a member that must belong to `cell` (on any date). Looks among the cell's
  /// members first; only an id that is not there is looked up nationally, to tell an unknown id
  /// from a member of another cell.
  Index member_in_cell(Table& t, int c, Index cell) {
    // A numbered id of the cell's member, inline: the path of nearly every child row.
    if (cell != no_index && have_members_ && ds_.member_ids.numbered())
      if (const std::string_view id = t.text(c); !id.empty())
        if (const Index m = ds_.member_ids.find(ds_.members.id, id);
            m != no_index && ds_.members.cell[m] == cell)
          return m;
    return member_in_cell_other(t, c, cell);
  }
  [[gnu::noinline]] Index member_in_cell_other(Table& t, int c, Index cell) {
    if (cell == no_index) return member_ref(t, c);
    if (t.missing(c) || !have_members_) return no_index;
    // Hashed ids: the prediction, then the cell's members (numbered ones were tried inline).
    if (!ds_.member_ids.numbered()) {
      if (const Index m = t.predicted(c, ds_.members.id); m != no_index && ds_.members.cell[m] == cell)
        return m;
      if (const Index m = cell_members_.find(ds_.members.id, cell, t.text(c)); m != no_index) {
        t.remember(c, m);
        return m;
      }
    }
    const Index m = member_ref(t, c);
    if (m != no_index && ds_.members.cell[m] != cell)
      t.fail(c, fmt::format("expected a member of cell {}", ds_.org_units.id[cell]));
    return m;
  }

  void load_attendance(Phase& phase) {
    Table& file = table("attendance");
    if (!file.open()) return;
    struct Part {
      Attendance rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& a = part.rows;
          reserve(t.estimated_rows(), a.meeting, a.member, a.status);
          const auto plain = [&](csv::PlainRecord & r) __attribute__((flatten)) {
            const Index g = plain_meeting(r, false);
            const Index m = plain_member_in_cell(r, meeting_cell(g), true, false);
            const auto status = plain_code<AttendanceStatus>(r, true, false);
            const std::string_view reason = plain_text(r, false, true);
            if (!r.ok()) return false;
            if (!reason.empty() && t.keeps_free_text()) {
              a.reason_row.push_back(static_cast<Index>(a.meeting.size()));
              t.text_to(a.reason, reason);
            }
            a.meeting.push_back(g);
            a.member.push_back(m);
            a.status.push_back(*status);
            return true;
          };
          t.for_each_row(plain, [&] {
            const Index g = meeting_ref(t, 0);
            const Index m = member_in_cell(t, 1, meeting_cell(g));
            const auto status = t.code<AttendanceStatus>(2);
            if (!t.text(3).empty() && t.keeps_free_text()) {
              a.reason_row.push_back(static_cast<Index>(a.meeting.size()));
              t.text_to(a.reason, 3);
            }
            a.meeting.push_back(g);
            a.member.push_back(m);
            a.status.push_back(status.value_or(AttendanceStatus::absent));
          });
        },
        [](Part& into, Part& from, double scale) {
          // A part's reason rows count from its own first row.
          const auto shift = static_cast<Index>(into.rows.size());
          for (auto& r : from.rows.reason_row) r += shift;
          append_rows(into.rows, from.rows, scale, &Attendance::meeting, &Attendance::member,
                      &Attendance::status, &Attendance::reason_row, &Attendance::reason);
        },
        [this, &file](std::vector<Part>& parts) {
          auto& a = ds_.attendance;
          a = std::move(parts.front().rows);
          check_duplicate_attendance(file);
        });
  }

  /// A second row for the same member and meeting contradicts the first. Each meeting's rows are
  /// checked together, in one pass (a member's row is a repeat when the member's last row was in
  /// the same meeting). Exports that list a meeting's rows together are read as they come; rows
  /// in any other order are grouped by meeting first, by a stable counting sort (linear: a
  /// comparison sort of a shuffled national file took a quarter of its load).
  void check_duplicate_attendance(Table& t) {
    const auto& a = ds_.attendance;
    std::vector<std::uint8_t> started(ds_.meetings.size(), 0);
    std::vector<Index> last_meeting(ds_.members.size(), no_index);  // by member
    std::vector<std::uint32_t> repeated;
    Index current = no_index;
    bool grouped = true;
    for (std::uint32_t r = 0; r < a.size() && grouped; ++r) {
      const Index g = a.meeting[r], m = a.member[r];
      if (g == no_index || m == no_index) continue;
      if (g != current) {
        if (started[g]) grouped = false;
        started[g] = 1;
        current = g;
      }
      if (last_meeting[m] == g)
        repeated.push_back(r);
      else
        last_meeting[m] = g;
    }
    if (!grouped) {
      if (t.problem_count() > 0) return;  // the grouping needs valid references
      repeated.clear();
      std::vector<std::uint32_t> next(ds_.meetings.size() + 1, 0);
      for (std::uint32_t r = 0; r < a.size(); ++r) ++next[a.meeting[r] + 1];
      for (std::size_t g = 1; g < next.size(); ++g) next[g] += next[g - 1];
      std::vector<std::uint32_t> order(a.size());
      for (std::uint32_t r = 0; r < a.size(); ++r) order[next[a.meeting[r]]++] = r;
      std::fill(last_meeting.begin(), last_meeting.end(), no_index);
      for (const std::uint32_t r : order) {
        const Index g = a.meeting[r], m = a.member[r];
        if (last_meeting[m] == g)
          repeated.push_back(r);
        else
          last_meeting[m] = g;
      }
      std::sort(repeated.begin(), repeated.end());  // the few repeats, in file order
    }
    if (repeated.empty()) return;
    const auto offsets = t.field_offsets(repeated, 1);
    for (std::size_t k = 0; k < offsets.size(); ++k)
      t.fail_at(offsets[k],
                fmt::format("member_id: expected one attendance row per member and meeting; got {} again "
                            "for meeting {}",
                            shown(ds_.members.id[a.member[repeated[k]]]),
                            shown(ds_.meetings.id[a.meeting[repeated[k]]])));
  }

  void load_contributions(Phase& phase) {
    Table& file = table("contributions");
    if (!file.open()) return;
    struct Part {
      Contributions rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& c = part.rows;
          reserve(t.estimated_rows(), c.meeting, c.member, c.kind);
          const auto plain = [&](csv::PlainRecord & r) __attribute__((flatten)) {
            const Index g = plain_meeting(r, false);
            const Index m = plain_member_in_cell(r, meeting_cell(g), true, false);
            const auto kind = plain_code<ContributionKind>(r, true, true);
            if (!r.ok()) return false;
            c.meeting.push_back(g);
            c.member.push_back(m);
            c.kind.push_back(*kind);
            return true;
          };
          t.for_each_row(plain, [&] {
            const Index g = meeting_ref(t, 0);
            c.meeting.push_back(g);
            c.member.push_back(member_in_cell(t, 1, meeting_cell(g)));
            c.kind.push_back(t.code<ContributionKind>(2).value_or(ContributionKind::opinion));
          });
        },
        [](Part& into, Part& from, double scale) {
          append_rows(into.rows, from.rows, scale, &Contributions::meeting, &Contributions::member,
                      &Contributions::kind);
        },
        [this](std::vector<Part>& parts) { ds_.contributions = std::move(parts.front().rows); });
  }

  void load_agenda(Phase& phase) {
    Table& file = table("agenda_items");
    if (!file.open()) return;
    struct Part {
      AgendaItems rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& a = part.rows;
          reserve(t.estimated_rows(), a.meeting, a.seq, a.category, a.minutes);
          const auto plain = [&](csv::PlainRecord & r) __attribute__((flatten)) {
            const Index g = plain_meeting(r, false);
            const std::int32_t seq = plain_integer(r, 0, 1'000'000, true, false);
            const auto category = plain_code<AgendaCategory>(r, true, false);
            const std::int32_t minutes = plain_integer(r, 0, 24 * 60, true, true);
            if (!r.ok()) return false;
            a.meeting.push_back(g);
            a.seq.push_back(seq);
            a.category.push_back(*category);
            a.minutes.push_back(minutes);
            return true;
          };
          t.for_each_row(plain, [&] {
            a.meeting.push_back(meeting_ref(t, 0));
            a.seq.push_back(static_cast<std::int32_t>(t.integer(1, 0, 1'000'000)));
            a.category.push_back(t.code<AgendaCategory>(2).value_or(AgendaCategory::other));
            a.minutes.push_back(static_cast<std::int32_t>(t.integer(3, 0, 24 * 60)));
          });
        },
        [](Part& into, Part& from, double scale) {
          append_rows(into.rows, from.rows, scale, &AgendaItems::meeting, &AgendaItems::seq,
                      &AgendaItems::category, &AgendaItems::minutes);
        },
        [this](std::vector<Part>& parts) { ds_.agenda_items = std::move(parts.front().rows); });
  }

  void load_resolutions(Phase& phase) {
    Table& file = table("resolutions");
    if (!file.open()) return;
    struct Part {
      Resolutions rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& r = part.rows;
          const std::size_t rows = t.estimated_rows();
          reserve(rows, r.meeting, r.owner, r.due_date);
          r.id.reserve(rows, rows * 10);
          const auto plain = [&](csv::PlainRecord & record) __attribute__((flatten)) {
            const std::string_view id = plain_text(record, true, false);
            const Index g = plain_meeting(record, false);
            const std::string_view text = plain_text(record, false, false);
            const Index owner = plain_member_in_cell(record, meeting_cell(g), false, false);
            const Date due = plain_date(record, false, true);
            if (!record.ok()) return false;
            t.text_to(r.id, id);
            r.meeting.push_back(g);
            t.free_text_to(r.text, text);
            r.owner.push_back(owner);
            r.due_date.push_back(due);
            return true;
          };
          t.for_each_row(plain, [&] {
            t.text_to(r.id, 0);
            const Index g = meeting_ref(t, 1);
            r.meeting.push_back(g);
            t.free_text_to(r.text, 2);
            r.owner.push_back(member_in_cell(t, 3, meeting_cell(g)));
            r.due_date.push_back(t.date(4));
          });
        },
        [](Part& into, Part& from, double scale) {
          append_rows(into.rows, from.rows, scale, &Resolutions::id, &Resolutions::text,
                      &Resolutions::meeting, &Resolutions::owner, &Resolutions::due_date);
        },
        [this, &file](std::vector<Part>& parts) {
          auto& r = ds_.resolutions;
          r = std::move(parts.front().rows);
          check_unique(file, r.id);
        });
  }

  void load_tasks(Phase& phase) {
    Table& file = table("tasks");
    if (!file.open()) return;
    struct Part {
      Tasks rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& k = part.rows;
          const std::size_t rows = t.estimated_rows();
          reserve(rows, k.meeting, k.assignee, k.due_date, k.completed_on, k.followed_up_on);
          k.id.reserve(rows, rows * 10);
          k.description.reserve(rows, rows * 24);
          const auto plain = [&](csv::PlainRecord & r) __attribute__((flatten)) {
            const std::string_view id = plain_text(r, true, false);
            const Index g = plain_meeting(r, false);
            const Index assignee = plain_member_in_cell(r, meeting_cell(g), true, false);
            const std::string_view description = plain_text(r, false, false);
            const Date due = plain_date(r, false, false), completed = plain_date(r, false, false),
                       followed_up = plain_date(r, false, true);
            if (!r.ok()) return false;
            t.text_to(k.id, id);
            k.meeting.push_back(g);
            k.assignee.push_back(assignee);
            t.free_text_to(k.description, description);
            k.due_date.push_back(due);
            k.completed_on.push_back(completed);
            k.followed_up_on.push_back(followed_up);
            return true;
          };
          t.for_each_row(plain, [&] {
            t.text_to(k.id, 0);
            const Index g = meeting_ref(t, 1);
            k.meeting.push_back(g);
            k.assignee.push_back(member_in_cell(t, 2, meeting_cell(g)));
            t.free_text_to(k.description, 3);
            k.due_date.push_back(t.date(4));
            k.completed_on.push_back(t.date(5));
            k.followed_up_on.push_back(t.date(6));
          });
        },
        [](Part& into, Part& from, double scale) {
          append_rows(into.rows, from.rows, scale, &Tasks::id, &Tasks::description, &Tasks::meeting,
                      &Tasks::assignee, &Tasks::due_date, &Tasks::completed_on, &Tasks::followed_up_on);
        },
        [this, &file](std::vector<Part>& parts) {
          auto& k = ds_.tasks;
          k = std::move(parts.front().rows);
          check_unique(file, k.id);
        });
  }

  void load_visits(Phase& phase) {
    Table& file = table("visits");
    if (!file.open()) return;
    struct Part {
      Visits rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& v = part.rows;
          t.for_each_row([&] {
            t.text_to(v.id, 0);
            v.cell.push_back(cell_ref(t, 1));
            v.cadre.push_back(t.ref(2, ds_.cadre_ids, ds_.cadres.id, "cadres.csv", have_cadres_));
            v.date.push_back(t.date(3));
            v.kind.push_back(t.code<VisitKind>(4).value_or(VisitKind::supervision));
            v.meeting.push_back(meeting_ref(t, 5));
            v.report_date.push_back(t.date(6));
          });
        },
        [this, &file](std::vector<Part>& parts) {
          auto& v = ds_.visits;
          join_rows(v, parts, &Visits::id, &Visits::cell, &Visits::cadre, &Visits::meeting, &Visits::date,
                    &Visits::report_date, &Visits::kind);
          check_unique(file, v.id);
        });
  }

  void load_escalations(Phase& phase) {
    Table& file = table("escalations");
    if (!file.open()) return;
    struct Part {
      Escalations rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& e = part.rows;
          t.for_each_row([&] {
            t.text_to(e.id, 0);
            e.cell.push_back(cell_ref(t, 1));
            e.meeting.push_back(meeting_ref(t, 2));
            e.raised_on.push_back(t.date(3));
            e.responded_on.push_back(t.date(4));
            t.free_text_to(e.subject, 5);
          });
        },
        [this, &file](std::vector<Part>& parts) {
          auto& e = ds_.escalations;
          join_rows(e, parts, &Escalations::id, &Escalations::subject, &Escalations::cell,
                    &Escalations::meeting, &Escalations::raised_on, &Escalations::responded_on);
          check_unique(file, e.id);
        });
  }

  void load_briefing_attendance(Phase& phase) {
    Table& file = table("briefing_attendance");
    if (!file.open()) return;
    struct Part {
      BriefingAttendance rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& b = part.rows;
          const auto plain = [&](csv::PlainRecord & r) __attribute__((flatten)) {
            const Index briefing =
                plain_ref(r, ds_.briefing_ids, ds_.briefings.id, have_briefings_, true, false);
            const Index member = plain_ref(r, ds_.member_ids, ds_.members.id, have_members_, true, true);
            if (!r.ok()) return false;
            b.briefing.push_back(briefing);
            b.member.push_back(member);
            return true;
          };
          t.for_each_row(plain, [&] {
            b.briefing.push_back(
                t.ref(0, ds_.briefing_ids, ds_.briefings.id, "briefings.csv", have_briefings_));
            b.member.push_back(member_ref(t, 1));
          });
        },
        [this](std::vector<Part>& parts) {
          join_rows(ds_.briefing_attendance, parts, &BriefingAttendance::briefing,
                    &BriefingAttendance::member);
        });
  }

  void load_trainings(Phase& phase) {
    Table& file = table("trainings");
    if (!file.open()) return;
    struct Part {
      Trainings rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& k = part.rows;
          t.for_each_row([&] {
            k.member.push_back(member_ref(t, 0));
            k.date.push_back(t.date(1));
            k.kind.push_back(t.code<TrainingKind>(2).value_or(TrainingKind::course));
            k.hours.push_back(static_cast<float>(t.decimal(3)));
            k.provider.push_back(
                t.ref(4, ds_.org_unit_ids, ds_.org_units.id, "org_units.csv", have_org_units_));
          });
        },
        [this](std::vector<Part>& parts) {
          join_rows(ds_.trainings, parts, &Trainings::member, &Trainings::provider, &Trainings::date,
                    &Trainings::kind, &Trainings::hours);
        });
  }

  void load_assignments(Phase& phase) {
    Table& file = table("assignments");
    if (!file.open()) return;
    struct Part {
      Assignments rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& a = part.rows;
          t.for_each_row([&] {
            a.cadre.push_back(t.ref(0, ds_.cadre_ids, ds_.cadres.id, "cadres.csv", have_cadres_));
            a.cell.push_back(cell_ref(t, 1));
            a.from.push_back(t.date(2));
            a.to.push_back(t.date(3));
          });
        },
        [this](std::vector<Part>& parts) {
          join_rows(ds_.assignments, parts, &Assignments::cadre, &Assignments::cell, &Assignments::from,
                    &Assignments::to);
        });
  }

  void load_ratings(Phase& phase) {
    Table& file = table("ratings");
    if (!file.open()) return;
    struct Part {
      Ratings rows;
    };
    phase.add<Part>(
        file,
        [this](Table& t, Part& part) {
          auto& r = part.rows;
          t.for_each_row([&] {
            r.cell.push_back(cell_ref(t, 0));
            r.year.push_back(static_cast<std::int16_t>(t.integer(1, 1930, 2200)));
            r.rating.push_back(t.code<AnnualRating>(2).value_or(AnnualRating::htnv));
          });
        },
        [this](std::vector<Part>& parts) {
          join_rows(ds_.ratings, parts, &Ratings::cell, &Ratings::year, &Ratings::rating);
        });
  }

  fs::path folder_;
  LoadOptions options_;
  unsigned threads_ = 1;
  Dataset ds_;
  std::vector<std::unique_ptr<Table>> tables_;
  CellMembers cell_members_;
  // Whether each referenced table could be read at all (set by a phase, read by later ones).
  bool have_org_units_ = false, have_meetings_ = false, have_members_ = false, have_cadres_ = false,
       have_briefings_ = false;
};

}  // namespace

Dataset load_csv(const fs::path& folder, const LoadOptions& options) {
  std::error_code ec;
  if (!fs::is_directory(folder, ec))
    throw InputError({Diagnostic{folder.string(), 0, 0, "expected a dataset folder"}});
  spdlog::debug("loading dataset from {}", folder.string());
  return Loader(folder, options).run();
}

}  // namespace chibo
