// Writing a dataset as the CSV files of the data contract, each table as its schema declares it,
// with optional data-entry mistakes.
#include <chibo/generate.hpp>

#include "parallel.hpp"
#include "tables.hpp"
#include "text_out.hpp"
#include "timing.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <functional>
#include <numeric>
#include <system_error>
#include <thread>
#include <unordered_set>

namespace chibo {

namespace {

/// How the files are laid out (ExportStyle), and the seed of the realistic style's orders.
struct Layout {
  ExportStyle style = ExportStyle::generated;
  std::uint64_t seed = 1;
  bool realistic() const noexcept { return style == ExportStyle::realistic; }
};

/// A deterministic stream of numbers for one file of a layout.
class Shuffler {
 public:
  Shuffler(std::uint64_t seed, std::string_view file)
      : state_(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull) {
    for (char c : file) state_ = (state_ ^ static_cast<unsigned char>(c)) * 0x100000001B3ull;
    if (state_ == 0) state_ = 1;
  }
  std::uint64_t next() noexcept {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return state_;
  }
  /// A random permutation of 0 … n-1 (Fisher–Yates).
  template <class T>
  std::vector<T> permutation(std::size_t n) {
    std::vector<T> p(n);
    for (std::size_t i = 0; i < n; ++i) p[i] = static_cast<T>(i);
    for (std::size_t i = n; i > 1; --i) std::swap(p[i - 1], p[next() % i]);
    return p;
  }

 private:
  std::uint64_t state_;
};

/// The rows of a table in the order a file lists them: all of them, in order or shuffled.
class RowOrder {
 public:
  RowOrder(std::size_t n, std::vector<Index> order) : n_(static_cast<Index>(n)), order_(std::move(order)) {}
  struct iterator {
    const Index* order;
    Index i;
    Index operator*() const noexcept { return order ? order[i] : i; }
    iterator& operator++() noexcept {
      ++i;
      return *this;
    }
    bool operator!=(const iterator& o) const noexcept { return i != o.i; }
  };
  iterator begin() const noexcept { return {order_.empty() ? nullptr : order_.data(), 0}; }
  iterator end() const noexcept { return {nullptr, n_}; }

 private:
  Index n_;
  std::vector<Index> order_;
};

/// Buffered CSV output that counts lines, so a mistake can be located like the loader would. In
/// the realistic layout it writes a BOM, CRLF line ends, every text field quoted, and the columns
/// in a shuffled order (the header's too).
class CsvOut {
 public:
  CsvOut(const std::filesystem::path& folder, std::string file, const Layout& layout = {})
      : file_(std::move(file)), layout_(layout), shuffler_(layout.seed, file_) {
    const auto path = folder / file_;
    f_ = std::fopen(path.c_str(), "wb");
    if (!f_) throw std::system_error(errno, std::generic_category(), path.string());
    buf_.reserve(1 << 20);
    if (layout_.realistic()) buf_.append("\xEF\xBB\xBF");
  }
  /// The order of this table's rows.
  RowOrder rows(std::size_t n) {
    return {n, layout_.realistic() ? shuffler_.permutation<Index>(n) : std::vector<Index>{}};
  }
  /// Called with the header: the columns' written order.
  void columns(std::size_t n) {
    if (layout_.realistic()) column_order_ = shuffler_.permutation<std::size_t>(n);
  }
  ~CsvOut() {
    if (f_) std::fclose(f_);
  }
  CsvOut(const CsvOut&) = delete;
  CsvOut& operator=(const CsvOut&) = delete;

  void close() {
    flush();
    const int rc = std::fclose(f_);
    f_ = nullptr;
    if (rc != 0) throw std::system_error(errno, std::generic_category(), file_);
  }

  CsvOut& text(std::string_view s) {
    sep();
    if (!layout_.realistic() && !detail::needs_quotes(s)) {
      buf_.append(s);
    } else {
      buf_.push_back('"');
      for (char c : s) {
        if (c == '"') buf_.push_back('"');
        if (c == '\n') ++pending_lines_;
        buf_.push_back(c);
      }
      buf_.push_back('"');
    }
    return *this;
  }
  CsvOut& raw(std::string_view s) {
    sep();
    buf_.append(s);
    return *this;
  }
  CsvOut& integer(long long v) {
    sep();
    char tmp[24];
    auto [p, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
    (void)ec;
    buf_.append(tmp, p);
    return *this;
  }
  CsvOut& date(Date d) {
    sep();
    char text[10];
    buf_.append(text, detail::write_date(text, d));
    return *this;
  }
  CsvOut& time(ClockTime t) {
    sep();
    if (t == no_time) return *this;
    buf_ += fmt::format("{:02}:{:02}", t / 60, t % 60);
    return *this;
  }
  template <class E>
  CsvOut& code(E e) {
    return raw(to_code(e));
  }
  CsvOut& id(const StringColumn& ids, Index i) { return i == no_index ? raw("") : text(ids[i]); }
  void end_row() {
    if (!column_order_.empty()) {  // the row's fields, in the file's column order
      starts_.push_back(buf_.size());
      row_.clear();
      for (std::size_t k = 0; k < column_order_.size(); ++k) {
        const std::size_t f = column_order_[k];
        if (k) row_.push_back(',');
        row_.append(buf_, starts_[f], starts_[f + 1] - starts_[f]);
      }
      buf_.resize(row_start_);
      buf_.append(row_);
      starts_.clear();
    }
    if (layout_.realistic()) buf_.push_back('\r');
    buf_.push_back('\n');
    first_ = true;
    line_ += 1 + pending_lines_;
    pending_lines_ = 0;
    if (buf_.size() > (1 << 20) - 4096) flush();
  }
  /// Line the next row starts on.
  std::size_t line() const noexcept { return line_; }
  const std::string& file() const noexcept { return file_; }

 private:
  void sep() {
    if (!column_order_.empty()) {  // fields are gathered, then written in the file's order
      if (first_) row_start_ = buf_.size();
      starts_.push_back(buf_.size());
      first_ = false;
      return;
    }
    if (!first_) buf_.push_back(',');
    first_ = false;
  }
  void flush() {
    if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size())
      throw std::system_error(errno, std::generic_category(), file_);
    buf_.clear();
  }

  std::string file_;
  Layout layout_;
  Shuffler shuffler_;
  std::vector<std::size_t> column_order_;  // empty: as declared
  std::vector<std::size_t> starts_;        // of the current row's fields in buf_
  std::size_t row_start_ = 0;
  std::string row_;
  std::FILE* f_ = nullptr;
  std::string buf_;
  bool first_ = true;
  std::size_t line_ = 1;
  std::size_t pending_lines_ = 0;
};

/// Decides which rows get a mistake; one stream per table keeps the choice deterministic.
class Dirt {
 public:
  Dirt(double rate, std::uint64_t seed, std::uint64_t table)
      : rate_(rate), state_(seed * 0x9E3779B97F4A7C15ull + table + 1) {}
  /// Returns a mistake slot in [0, kinds) for this row, or -1.
  int pick(int kinds) {
    if (rate_ <= 0) return -1;
    const double u = next01();
    if (u >= rate_) return -1;
    return static_cast<int>(u / rate_ * kinds) % kinds;
  }
  std::vector<Mistake> mistakes;
  void record(const CsvOut& out, std::string column, std::string value) {
    mistakes.push_back({out.file(), out.line(), std::move(column), std::move(value)});
  }

 private:
  double next01() {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return static_cast<double>(state_ >> 11) * 0x1.0p-53;
  }
  double rate_;
  std::uint64_t state_;
};

/// A data-entry mistake the dirty generator can make in a column: the wrong text it writes
/// for a row, or nothing when the row has no value it could get wrong.
struct MistakeKind {
  std::string_view column;
  std::function<std::optional<std::string>(const Dataset&, Index)> text;
};

std::string clock_text(int minutes) {
  return fmt::format("{:02}:{:02}", minutes / 60, minutes % 60);
}

/// The mistakes people make typing each table, by table (docs/generator.md); each table's own
/// stream of choices (`Dirt`) keeps them deterministic.
std::vector<MistakeKind> mistakes_of(std::string_view table) {
  const auto fixed = [](std::string_view text) {
    return [text](const Dataset&, Index) { return std::optional<std::string>(text); };
  };
  if (table == "members") return {{"role", fixed("bi_thu")}, {"joined_on", fixed("")}};
  if (table == "meetings")
    return {{"kind", fixed("thuong_ky")},
            {"date",
             [](const Dataset& ds, Index i) {
               const auto ymd = ds.meetings.date[i].year_month_day();
               return std::optional(fmt::format("{:02}/{:02}/{}", static_cast<int>(ymd.day),
                                                static_cast<int>(ymd.month), static_cast<int>(ymd.year)));
             }},
            {"start_time", fixed("7h30")},
            {"end_time",  // before the start
             [](const Dataset& ds, Index i) -> std::optional<std::string> {
               const auto start = ds.meetings.start_time[i];
               if (start == no_time || ds.meetings.end_time[i] == no_time || start < 60) return std::nullopt;
               return clock_text(start - 30);
             }},
            {"draft_resolution", fixed("có")}};
  if (table == "attendance")
    return {{"member_id",
             [](const Dataset& ds, Index i) {
               return std::optional(fmt::format("{}x", ds.members.id[ds.attendance.member[i]]));
             }},
            {"status", fixed("co mat")}};
  if (table == "tasks")
    return {{"due_date", [](const Dataset& ds, Index i) -> std::optional<std::string> {
               if (ds.tasks.due_date[i].is_special()) return std::nullopt;
               return "2025-13-01";
             }}};
  return {};
}

/// The ids a reference column's values name.
const StringColumn& ids_named(const Dataset& ds, schema::Space space) {
  using schema::Space;
  switch (space) {
    case Space::member:
    case Space::cell_member:
      return ds.members.id;
    case Space::meeting:
      return ds.meetings.id;
    case Space::cadre:
      return ds.cadres.id;
    case Space::briefing:
      return ds.briefings.id;
    default:
      return ds.org_units.id;
  }
}

/// Writes the value of one column of row i, as its kind is written in the contract.
template <class Rows>
struct ValueWriter {
  const Dataset& ds;
  const Rows& rows;
  CsvOut& o;
  Index i;
  template <class V, class K>
  using Column = schema::Column<Rows, V, K>;

  void operator()(const Column<StringColumn, schema::kind::Id>& c) { o.text((rows.*c.member)[i]); }
  void operator()(const Column<StringColumn, schema::kind::Text>& c) { o.text((rows.*c.member)[i]); }
  template <class V>
  void operator()(const Column<V, schema::kind::Date>& c) {
    o.date((rows.*c.member)[i]);
  }
  template <class V>
  void operator()(const Column<V, schema::kind::Time>& c) {
    o.time((rows.*c.member)[i]);
  }
  template <class V, class E>
  void operator()(const Column<V, schema::kind::Code<E>>& c) {
    o.code((rows.*c.member)[i]);
  }
  template <class V, class E>
  void operator()(const Column<V, schema::kind::OptionalCode<E>>& c) {
    const auto& v = (rows.*c.member)[i];
    if (v)
      o.code(*v);
    else
      o.raw("");
  }
  template <class V, class E>
  void operator()(const Column<V, schema::kind::CodeSet<E>>& c) {
    std::string list;
    const auto set = static_cast<unsigned>((rows.*c.member)[i]);
    for (std::size_t k = 0; k < EnumCodes<E>::codes.size(); ++k) {
      if (!(set & (1u << k))) continue;
      if (!list.empty()) list.push_back(';');
      list.append(EnumCodes<E>::codes[k]);
    }
    o.raw(list);
  }
  template <class V>
  void operator()(const Column<V, schema::kind::Integer>& c) {
    const auto v = (rows.*c.member)[i];
    if (v == 0 && !c.is_required())  // 0: not recorded
      o.raw("");
    else
      o.integer(v);
  }
  template <class V>
  void operator()(const Column<V, schema::kind::Number>& c) {
    const auto v = (rows.*c.member)[i];
    if (std::isnan(v))
      o.raw("");
    else
      o.raw(fmt::format("{}", v));
  }
  template <class V>
  void operator()(const Column<V, schema::kind::Reference>& c) {
    o.id(ids_named(ds, c.kind.space), (rows.*c.member)[i]);
  }
  void operator()(const Column<StringColumn, schema::kind::Sparse<Rows>>& c) {
    // Sparse values are by row; rows may come in any order.
    const auto& at = rows.*c.kind.rows;
    const auto r = std::lower_bound(at.begin(), at.end(), i);
    if (r != at.end() && *r == i)
      o.text((rows.*c.member)[static_cast<std::size_t>(r - at.begin())]);
    else
      o.raw("");
  }
};

/// Writes one table: its header and rows as its schema declares them, with the mistakes of
/// that table on the rows `dirt` picks.
template <class Rows>
std::vector<Mistake> write_table(const Dataset& ds, const Rows& rows, const std::filesystem::path& dir,
                                 const Layout& layout, Dirt dirt) {
  constexpr auto s = Rows::schema();
  CsvOut o(dir, fmt::format("{}.csv", s.name), layout);
  o.columns(s.size);
  schema::for_each_column(s, [&](const auto& c, std::size_t) { o.raw(c.name); });
  o.end_row();
  const auto kinds = mistakes_of(s.name);
  for (const Index i : o.rows(rows.size())) {
    int bad_column = -1;
    std::string bad;
    if (!kinds.empty())
      for (int k = dirt.pick(static_cast<int>(kinds.size())); k >= 0 && k < static_cast<int>(kinds.size());
           ++k)
        if (auto text = kinds[static_cast<std::size_t>(k)].text(ds, i)) {  // else the next kind
          bad_column = schema::index_of(s, kinds[static_cast<std::size_t>(k)].column);
          bad = std::move(*text);
          break;
        }
    schema::for_each_column(s, [&](const auto& c, std::size_t column) {
      if (static_cast<int>(column) == bad_column) {
        dirt.record(o, std::string(c.name), bad);
        o.text(bad);
      } else {
        ValueWriter<Rows>{ds, rows, o, i}(c);
      }
    });
    o.end_row();
  }
  o.close();
  return std::move(dirt.mistakes);
}

std::vector<Mistake> write_all(const Dataset& ds, const std::filesystem::path& folder, double rate,
                               std::uint64_t seed, unsigned threads, const Layout& layout) {
  std::filesystem::create_directories(folder);
  std::vector<std::vector<Mistake>> by_table(tables::count);
  std::vector<std::function<void()>> jobs;
  std::size_t t = 0;
  tables::for_each(ds, [&](const auto& rows) {
    const std::size_t k = t++;
    using Rows = std::decay_t<decltype(rows)>;
    if (Rows::schema().optional && rows.size() == 0) {  // a table the dataset may leave out
      // ...but not one left from an earlier dataset in this folder, which would be read with it.
      std::filesystem::remove(folder / fmt::format("{}.csv", Rows::schema().name));
      jobs.emplace_back([] {});
      return;
    }
    // Each table draws its mistakes from a stream of its own.
    jobs.emplace_back(
        [&, k] { by_table[k] = write_table(ds, rows, folder, layout, Dirt(rate, seed, k + 1)); });
  });
  // The largest tables first, so that the threads finish together.
  const auto sizes = ds.row_counts();
  std::vector<std::size_t> order(jobs.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return sizes[a] > sizes[b]; });
  std::vector<std::function<void()>> ordered;
  for (const auto k : order) ordered.push_back(std::move(jobs[k]));
  jobs = std::move(ordered);
  detail::run_parallel(jobs, threads);
  std::vector<Mistake> all;  // tables in the contract's order
  for (auto& m : by_table) all.insert(all.end(), m.begin(), m.end());
  return all;
}

}  // namespace

std::optional<ExportStyle> export_style_from_name(std::string_view name) noexcept {
  if (name == "generated") return ExportStyle::generated;
  if (name == "realistic") return ExportStyle::realistic;
  return std::nullopt;
}

void write_csv_dataset(const Dataset& dataset, const std::filesystem::path& folder, ExportStyle style,
                       std::uint64_t seed) {
  write_all(dataset, folder, 0, 0, detail::thread_count(0), {style, seed});
}

namespace {

/// Unique ids, row i's drawn from `draw(i)` until one is new.
template <class Draw>
void replace_ids(StringColumn& ids, Draw draw) {
  std::unordered_set<std::string> seen;
  seen.reserve(ids.size());
  StringColumn out;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::string id = draw(i);
    while (!seen.insert(id).second) id = draw(i);
    out.push_back(id);
  }
  ids = std::move(out);
}

}  // namespace

void make_export_ids(Dataset& ds, std::uint64_t seed) {
  Shuffler rng(seed, "ids");
  constexpr char hex[] = "0123456789abcdef";
  auto uuid = [&] {  // version 4, lower case, as database exports print them
    std::string s(36, '-');
    std::uint64_t bits[2] = {rng.next(), rng.next()};
    for (std::size_t i = 0, b = 0; i < 36; ++i) {
      if (i == 8 || i == 13 || i == 18 || i == 23) continue;
      s[i] = hex[(bits[b / 16] >> (4 * (b % 16))) & 15];
      ++b;
    }
    s[14] = '4';
    s[19] = hex[8 + (rng.next() & 3)];
    return s;
  };
  auto card = [&] { return fmt::format("{:08}", rng.next() % 100'000'000); };  // số thẻ đảng viên
  auto code = [&](std::string_view prefix) {  // lettered unit codes, as administrations use
    constexpr char letters[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
    std::string s(prefix);
    for (int i = 0; i < 6; ++i) s.push_back(letters[rng.next() % 32]);
    return s;
  };
  // Every table with ids, in the contract's order (the draws' order keeps exports reproducible).
  tables::for_each(ds, [&](auto& rows) {
    using Rows = std::decay_t<decltype(rows)>;
    if constexpr (std::is_same_v<Rows, OrgUnits>) {
      replace_ids(rows.id, [&](std::size_t i) {
        static constexpr std::string_view prefix[] = {"TU-", "HU-", "DU-", "CB-"};
        return code(prefix[static_cast<std::size_t>(rows.kind[i])]);
      });
    } else if constexpr (std::is_same_v<Rows, Members>) {
      replace_ids(rows.id, [&](std::size_t) { return card(); });
    } else if constexpr (requires { rows.id; }) {
      replace_ids(rows.id, [&](std::size_t) { return uuid(); });  // a record's id
    }
  });
  ds.finalize();
}

GeneratedCounts write_generated(const GenerateOptions& options, const std::filesystem::path& folder) {
  const auto t0 = detail::Clock::now();
  Dataset ds = generate(options);
  spdlog::debug("built the dataset in memory in {:.2f} s", detail::seconds_since(t0));
  GeneratedCounts counts;
  counts.members = ds.members.size();
  counts.meetings = ds.meetings.size();
  counts.attendance = ds.attendance.size();
  const unsigned threads = detail::thread_count(options.threads);
  if (options.progress) options.progress("writing", 0);
  if (options.export_style == ExportStyle::realistic) make_export_ids(ds, options.seed);
  counts.mistakes =
      write_all(ds, folder, options.dirty_rate, options.seed, threads, {options.export_style, options.seed});
  if (options.progress) options.progress("writing", 1);
  return counts;
}

}  // namespace chibo
