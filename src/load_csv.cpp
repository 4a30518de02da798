// Loading a dataset folder: parse, validate and index the 16 tables of docs/data.md.
#include <chibo/load.hpp>
#include <chibo/unicode.hpp>

#include "csv.hpp"
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

/// A file mapped read-only: the loader reads tables of gigabytes without copying them, and the
/// mapping can never write back to the input.
class MappedFile {
 public:
  explicit MappedFile(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), path.string());
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      const int err = errno;
      ::close(fd);
      throw std::system_error(err, std::generic_category(), path.string());
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ > 0) {
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        const int err = errno;
        ::close(fd);
        throw std::system_error(err, std::generic_category(), path.string());
      }
      ::madvise(p, size_, MADV_SEQUENTIAL);
      data_ = static_cast<const char*>(p);
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view view() const noexcept { return {data_ ? data_ : "", size_}; }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

std::string shown(std::string_view text) {
  constexpr std::size_t shown = 60;
  std::string s(text.substr(0, shown));
  if (text.size() > shown) {
    // Never cut a UTF-8 sequence in half: drop a trailing partial sequence.
    std::size_t start = s.size();
    while (start > 0 && (static_cast<unsigned char>(s[start - 1]) & 0xC0) == 0x80) --start;
    if (start > 0 && static_cast<unsigned char>(s[start - 1]) >= 0xC0) s.resize(start - 1);
  }
  for (char& c : s)
    if (c == '\n' || c == '\r') c = ' ';
  return fmt::format("\"{}{}\"", s, text.size() > shown ? "…" : "");
}

template <class E>
std::string one_of() {
  std::string s = "expected one of ";
  bool first = true;
  for (auto code : valid_codes<E>()) {
    if (!first) s += ", ";
    s += code;
    first = false;
  }
  return s;
}

struct ColumnSpec {
  std::string_view name;
  bool required;
};

/// `HH:MM` (24 h) as minutes after midnight.
std::optional<ClockTime> parse_clock(std::string_view t) noexcept {
  const auto digit = [&](std::size_t i) { return t[i] >= '0' && t[i] <= '9'; };
  if (t.size() == 5 && t[2] == ':' && digit(0) && digit(1) && digit(3) && digit(4)) {
    const int h = (t[0] - '0') * 10 + (t[1] - '0');
    const int m = (t[3] - '0') * 10 + (t[4] - '0');
    if (h < 24 && m < 60) return static_cast<ClockTime>(h * 60 + m);
  }
  return std::nullopt;
}

/// A whole number from lo to hi, all of the text.
std::optional<std::int64_t> parse_integer(std::string_view t, std::int64_t lo, std::int64_t hi) noexcept {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec != std::errc() || p != t.data() + t.size() || v < lo || v > hi) return std::nullopt;
  return v;
}

/// A `;`-separated list of content sources (empty: none).
std::optional<ContentSources> parse_sources(std::string_view list) noexcept {
  ContentSources sources = 0;
  while (!list.empty()) {
    const auto semi = list.find(';');
    const auto s = from_code<ContentSource>(list.substr(0, semi));
    if (!s) return std::nullopt;
    sources |= bit(*s);
    list = semi == std::string_view::npos ? std::string_view() : list.substr(semi + 1);
  }
  return sources;
}

/// No plain path: every record is read by csv::Reader.
struct NoPlain {
  bool operator()(csv::PlainRecord&) const noexcept { return false; }
};
constexpr NoPlain no_plain;

/// One table file being read: the file's bytes, its header, the current record and the problems
/// found in it. Problems hold byte offsets until the end, when they are turned into lines and
/// columns in one pass.
class Table {
 public:
  Table(const fs::path& folder, std::string_view table, std::vector<ColumnSpec> columns, std::size_t limit)
      : file_(fmt::format("{}.csv", table)),
        path_(folder / file_),
        columns_(std::move(columns)),
        limit_(limit) {}

  const std::string& file() const noexcept { return file_; }
  /// Bytes of rows (after the header): what a part of the work is measured in.
  std::size_t bytes() const noexcept { return end_ - begin_; }
  std::size_t rows_begin() const noexcept { return begin_; }
  std::size_t rows_end() const noexcept { return end_; }

  /// Reads the file and its header; false (with problems recorded) when no row can be read.
  bool open() {
    std::error_code ec;
    if (!fs::is_regular_file(path_, ec)) {
      whole_file(fmt::format("missing table file (expected {} in the dataset folder)", file_));
      return false;
    }
    file_map_ = std::make_shared<MappedFile>(path_);
    data_ = file_map_->view();
    // The header's bytes here, the rows' by each part before it reads them, in parallel.
    const std::size_t line_end = std::min(data_.find('\n'), data_.size());
    std::size_t bad = 0;
    if (!is_valid_utf8(data_.substr(0, line_end), &bad)) {
      fail_at(bad, "expected UTF-8 text; got an invalid byte sequence");
      return false;
    }
    csv::Reader header(data_);
    std::vector<csv::Field> fields;
    const auto status = header.next(fields);
    if (status == csv::Reader::Status::end) {
      whole_file("expected a header row; the file is empty");
      return false;
    }
    if (status != csv::Reader::Status::record) {
      report_status(header, status);
      return false;
    }
    header_fields_ = fields.size();
    begin_ = header.position();
    end_ = data_.size();
    slot_.assign(columns_.size(), -1);
    for (std::size_t f = 0; f < fields.size(); ++f) {
      const std::string_view name = fields[f].text;
      for (std::size_t c = 0; c < columns_.size(); ++c) {
        if (columns_[c].name != name) continue;
        if (slot_[c] >= 0) {
          fail_at(fields[f].offset, fmt::format("header: column \"{}\" appears twice", name));
        } else {
          slot_[c] = static_cast<int>(f);
        }
      }
    }
    bool ok = problem_count_ == 0;
    for (std::size_t c = 0; c < columns_.size(); ++c) {
      if (columns_[c].required && slot_[c] < 0) {
        fail_at(header.record_offset(),
                fmt::format("header: missing required column \"{}\"", columns_[c].name));
        ok = false;
      }
    }
    return ok;
  }

  /// Calls f() for every record of this table (or part) with the right number of fields;
  /// records with the wrong number or broken quoting are reported and skipped.
  template <class F>
  void for_each_row(F&& f) {
    for_each_row(no_plain, f);
  }
  /// for_each_row with a plain path: `plain(record)` reads a record through a csv::PlainRecord and
  /// stores its row, or returns false having stored nothing, when the record is not plain or a
  /// value is not valid as it stands; then f() reads it the general way, with its problems.
  /// Taken only when the header lists exactly the table's columns in their order (as exports
  /// write them), since plain reads fields in the order the columns were declared.
  template <class Plain, class F>
  void for_each_row(Plain&& plain, F&& f) {
    // One vectorised pass over the rows' bytes, so that no field is checked on its own: UTF-8,
    // and whether text can be stored without asking ICU for its NFC.
    const detail::TextCheck check = detail::check_text(data_.substr(begin_, bytes()));
    if (!check.utf8) {
      utf8_bad_ = true;  // the whole table is checked again, for the first bad byte: see suspect()
      return;
    }
    plainly_nfc_ = check.plainly_nfc;
    const auto row = [&](std::size_t record_offset) {
      record_offset_ = record_offset;
      f();
      return true;
    };
    if (takes_plain())
      read_rows(fields_, true, plain, row);
    else
      read_rows(fields_, true, no_plain, row);
  }
  bool takes_plain() const noexcept {
    if (!plain_rows_ || header_fields_ != columns_.size()) return false;
    for (std::size_t c = 0; c < columns_.size(); ++c)
      if (slot_[c] != static_cast<int>(c)) return false;
    return true;
  }
  /// Whether for_each_row may take plain records (LoadOptions::plain_rows).
  void set_plain_rows(bool on) noexcept { plain_rows_ = on; }
  /// Whether name_to and free_text_to store what they read (LoadOptions::keep_names and
  /// keep_free_text).
  void set_keep(bool names, bool free_text) noexcept {
    keep_names_ = names;
    keep_free_text_ = free_text;
  }
  bool keeps_free_text() const noexcept { return keep_free_text_; }

  /// The rows of [begin, end) (record boundaries) as a table of their own: same file, header
  /// and columns, its own cursor and problems. Parts are read in parallel, then absorbed.
  std::unique_ptr<Table> part(std::size_t begin, std::size_t end) const {
    auto p = std::make_unique<Table>(*this);
    p->begin_ = begin;
    p->end_ = end;
    p->problems_.clear();
    p->problem_count_ = 0;
    p->structural_ = false;
    p->utf8_bad_ = false;
    p->plainly_nfc_ = false;
    std::fill(p->last_ref_.begin(), p->last_ref_.end(), no_index);
    return p;
  }
  /// Whether the rows are UTF-8; if not, the first invalid byte is the problem (a table with
  /// one is not read: its bytes cannot be trusted to hold what the columns say).
  bool check_utf8() {
    std::size_t bad = 0;
    if (is_valid_utf8(data_.substr(begin_, bytes()), &bad)) return true;
    fail_at(begin_ + bad, "expected UTF-8 text; got an invalid byte sequence");
    return false;
  }
  /// Record boundaries cutting the rows into parts of about `part_bytes`.
  std::vector<std::size_t> split(std::size_t part_bytes) const {
    return csv::split(data_, begin_, end_, std::max<std::size_t>(1, bytes() / part_bytes));
  }
  /// Takes a part's problems (parts are absorbed in file order).
  void absorb(Table& part) {
    for (auto& p : part.problems_)
      if (problems_.size() < limit_) problems_.push_back(std::move(p));
    problem_count_ += part.problem_count_;
    structural_ = structural_ || part.structural_;
  }
  /// Whether a record's quoting was broken: a file cut in parts is then read again in one go,
  /// since a part's idea of where records start may differ from a sequential read's.
  bool structural() const noexcept { return structural_; }
  /// Whether a part found a byte that is not UTF-8, or broken quoting: then check_utf8() looks
  /// at the whole table, so that the first bad byte of the file is the one reported.
  bool suspect() const noexcept { return structural_ || utf8_bad_; }
  /// Gives the pages of this range back: a national file has been read once it is parsed.
  void release() const noexcept {
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const auto base = reinterpret_cast<std::uintptr_t>(data_.data());
    const std::uintptr_t first = (base + begin_ + page - 1) / page * page;
    const std::uintptr_t last = (base + end_) / page * page;
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
  }

  /// Byte offsets of column c's field in the rows with these indices (sorted), counting rows as
  /// for_each_row does: for the rare problems found after the rows were read, so that no table
  /// keeps an offset per row for them.
  std::vector<std::size_t> field_offsets(const std::vector<std::uint32_t>& rows, int c) {
    std::vector<std::size_t> out;
    std::vector<csv::Field> fields;
    std::uint32_t row = 0;
    read_rows(fields, false, no_plain, [&](std::size_t) {
      while (out.size() < rows.size() && rows[out.size()] == row)
        out.push_back(fields[static_cast<std::size_t>(slot_[static_cast<std::size_t>(c)])].offset);
      ++row;
      return out.size() < rows.size();
    });
    return out;
  }

  /// Rows the file probably holds, from the length of its first lines: columns reserve this
  /// much so that tables of millions of rows are not copied as they grow.
  std::size_t estimated_rows() const noexcept {
    const std::string_view head = data_.substr(begin_, std::min<std::size_t>(bytes(), 1 << 16));
    const auto lines = static_cast<std::size_t>(std::count(head.begin(), head.end(), '\n'));
    if (lines < 2) return 0;
    return bytes() / (head.size() / lines) + 16;
  }

  std::string_view text(int c) const noexcept {
    return slot_[c] >= 0 ? fields_[slot_[c]].text : std::string_view();
  }
  std::size_t offset(int c) const noexcept {
    return slot_[c] >= 0 ? fields_[slot_[c]].offset : record_offset_;
  }

  // Problems are rare: kept out of line, so that the typed readers inline into the row loops.
  [[gnu::cold, gnu::noinline]] void fail(int c, std::string_view expected) {
    fail_at(offset(c), fmt::format("{}: {}; got {}", columns_[c].name, expected, shown(text(c))));
  }
  [[gnu::cold, gnu::noinline]] void fail_plain(int c, std::string message) {
    fail_at(offset(c), fmt::format("{}: {}", columns_[c].name, message));
  }

  // Typed readers: an empty field is "not recorded" unless the column is required.
  [[gnu::always_inline]] bool missing(int c) {
    if (!text(c).empty()) return false;
    if (columns_[c].required) fail(c, "expected a value (the column is required)");
    return true;
  }

  Date date(int c) {
    if (missing(c)) return Date();
    const Date d = parse_date(text(c));
    if (d.is_special()) fail(c, "expected a date YYYY-MM-DD");
    return d;
  }

  ClockTime time(int c) {
    if (missing(c)) return no_time;
    if (const auto t = parse_clock(text(c))) return *t;
    fail(c, "expected a time HH:MM (24 h)");
    return no_time;
  }

  template <class E>
  std::optional<E> code(int c) {
    if (missing(c)) return std::nullopt;
    auto v = from_code<E>(text(c));
    if (!v) fail(c, one_of<E>());
    return v;
  }

  YesNo yes_no(int c) { return code<YesNo>(c).value_or(YesNo::unrecorded); }

  std::int64_t integer(int c, std::int64_t lo, std::int64_t hi, std::int64_t none = 0) {
    if (missing(c)) return none;
    if (const auto v = parse_integer(text(c), lo, hi)) return *v;
    fail(c, fmt::format("expected a whole number from {} to {}", lo, hi));
    return none;
  }

  double decimal(int c) {
    if (missing(c)) return not_applicable_value();
    const std::string_view t = text(c);
    double v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size() || !(v >= 0)) {
      fail(c, "expected a number ≥ 0");
      return not_applicable_value();
    }
    return v;
  }
  static double not_applicable_value() { return std::numeric_limits<double>::quiet_NaN(); }

  /// The row column c names, when it is the row the column named last or the one after it (and
  /// then remembered); no_index otherwise. Exports list child rows grouped by parent and in the
  /// parent's order, so this skips most hashing.
  Index predicted(int c, const StringColumn& ids) noexcept {
    Index& last = last_ref_[static_cast<std::size_t>(c)];
    if (last == no_index) return no_index;
    const std::string_view id = text(c);
    if (same_text(ids[last], id)) return last;
    if (last + 1 < ids.size() && same_text(ids[last + 1], id)) return ++last;
    return no_index;
  }
  void remember(int c, Index row) noexcept { last_ref_[static_cast<std::size_t>(c)] = row; }

  /// ref() for hashed ids, empty fields and unknown ids.
  [[gnu::noinline]] Index ref_other(int c, const IdIndex& index, const StringColumn& ids,
                                    std::string_view what, bool checkable) {
    if (missing(c) || !checkable) return no_index;
    // A numbered index is arithmetic, cheaper than the prediction's comparisons.
    const bool predict = !index.numbered();
    if (predict)
      if (const Index p = predicted(c, ids); p != no_index) return p;
    const Index i = index.find(ids, text(c));
    if (i == no_index)
      fail(c, fmt::format("expected an id from {}", what));
    else if (predict)
      remember(c, i);
    return i;
  }

  /// An id naming a row of another table; `what` names that table for the message.
  /// When the other table could not be read (`checkable` false) the id is not checked: one
  /// missing file should not bury its own message under a flood of unknown ids.
  Index ref(int c, const IdIndex& index, const StringColumn& ids, std::string_view what,
            bool checkable = true) {
    // Numbered ids that resolve, inline: hundreds of millions of references take this path.
    if (index.numbered() && checkable)
      if (const std::string_view id = text(c); !id.empty())
        if (const Index i = index.find(ids, id); i != no_index) return i;
    return ref_other(c, index, ids, what, checkable);
  }

  /// Text of column c into `column`, in NFC. Like the other typed readers, an empty value of a
  /// required column is reported (and stored empty).
  void text_to(StringColumn& column, int c) {
    missing(c);
    text_to(column, text(c));
  }
  /// Text into `column`, in NFC.
  void text_to(StringColumn& column, std::string_view t) {
    if (plainly_nfc_ || is_plainly_nfc(t)) {  // ids, codes and precomposed Vietnamese: no ICU
      column.push_back(t);
      return;
    }
    scratch_.clear();
    append_nfc(scratch_, t);
    column.push_back(scratch_);
  }

  /// A person's name, or other free text (a description, a reason): checked as text_to checks
  /// it, and stored only if the loader keeps that kind of text; otherwise the row's string is
  /// empty.
  void name_to(StringColumn& column, int c) {
    missing(c);
    kept_text_to(column, text(c), keep_names_);
  }
  void name_to(StringColumn& column, std::string_view t) { kept_text_to(column, t, keep_names_); }
  void free_text_to(StringColumn& column, int c) {
    missing(c);
    kept_text_to(column, text(c), keep_free_text_);
  }
  void free_text_to(StringColumn& column, std::string_view t) { kept_text_to(column, t, keep_free_text_); }
  void kept_text_to(StringColumn& column, std::string_view t, bool keep) {
    if (keep)
      text_to(column, t);
    else
      column.push_back({});
  }

  std::size_t problem_count() const noexcept { return problem_count_; }

  /// Problems as diagnostics (line and column resolved), in file order.
  std::vector<Diagnostic> diagnostics() const {
    std::vector<Diagnostic> out;
    std::vector<std::size_t> offsets;
    for (const auto& p : problems_)
      if (!p.whole_file) offsets.push_back(p.offset);
    std::vector<std::size_t> order(offsets.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return offsets[a] < offsets[b]; });
    std::vector<std::size_t> sorted;
    sorted.reserve(order.size());
    for (auto i : order) sorted.push_back(offsets[i]);
    const auto places = csv::locate(data_, sorted);
    std::vector<std::pair<std::size_t, std::size_t>> at(offsets.size());
    for (std::size_t k = 0; k < order.size(); ++k) at[order[k]] = places[k];
    std::size_t k = 0;
    for (const auto& p : problems_) {
      if (p.whole_file) {
        out.push_back({file_, 0, 0, p.message});
      } else {
        out.push_back({file_, at[k].first, at[k].second, p.message});
        ++k;
      }
    }
    std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
      return std::tie(a.line, a.column) < std::tie(b.line, b.column);
    });
    return out;
  }

  [[gnu::cold, gnu::noinline]] void fail_at(std::size_t offset, std::string message) {
    ++problem_count_;
    if (problems_.size() < limit_) problems_.push_back({offset, std::move(message), false});
  }
  void whole_file(std::string message) {
    ++problem_count_;
    if (problems_.size() < limit_) problems_.push_back({0, std::move(message), true});
  }

 private:
  void report_status(const csv::Reader& reader, csv::Reader::Status status) {
    structural_ = true;
    if (status == csv::Reader::Status::unclosed_quote)
      fail_at(reader.error_offset(), "expected a closing quote (\") before the end of the file");
    else
      fail_at(reader.error_offset(), "expected a comma or the end of the line after a closing quote");
  }

  /// The records of [begin_, end_) that are rows, in order: f(record offset) for each, with
  /// `fields` filled, until f returns false. A record with broken quoting or the wrong number
  /// of fields is not a row: it is skipped, and reported when `report`. for_each_row and
  /// field_offsets both count rows here, so that they always agree. Before each record read
  /// the general way, `plain` takes the plain records ahead (a plain record is a row).
  template <class Plain, class F>
  void read_rows(std::vector<csv::Field>& fields, bool report, Plain&& plain, F&& f) {
    csv::Reader reader(data_.substr(0, end_), begin_);
    const char* const base = data_.data();
    const char* const end = base + end_;
    while (true) {
      if constexpr (!std::is_same_v<std::decay_t<Plain>, NoPlain>) {
        const char* p = base + reader.position();
        while (p < end && *p != '\n' && *p != '\r') {  // empty lines: the reader skips them
          csv::PlainRecord record(p, end);
          if (!plain(record)) break;
          p = record.next();
        }
        reader.seek(static_cast<std::size_t>(p - base));
      }
      const auto status = reader.next(fields);
      if (status == csv::Reader::Status::end) break;
      if (status != csv::Reader::Status::record) {
        if (report) report_status(reader, status);
        if (status == csv::Reader::Status::unclosed_quote) break;
        continue;
      }
      if (fields.size() != header_fields_) {
        if (report)
          fail_at(reader.record_offset(),
                  fmt::format("expected {} fields as in the header; got {}", header_fields_, fields.size()));
        continue;
      }
      if (!f(reader.record_offset())) break;
    }
  }

  struct Problem {
    std::size_t offset;
    std::string message;
    bool whole_file;
  };

  std::string file_;
  fs::path path_;
  std::vector<ColumnSpec> columns_;
  std::size_t limit_;
  std::shared_ptr<MappedFile> file_map_;
  std::string_view data_;
  std::size_t begin_ = 0, end_ = 0;  // the rows this table (or part) reads
  bool structural_ = false, utf8_bad_ = false;
  bool plainly_nfc_ = false;  // every row's text is NFC as it stands (see for_each_row)
  std::vector<int> slot_;
  std::vector<Index> last_ref_ = std::vector<Index>(32, no_index);  // by column, for ref()
  std::size_t header_fields_ = 0;
  bool plain_rows_ = true;
  bool keep_names_ = true, keep_free_text_ = true;
  std::vector<csv::Field> fields_;
  std::size_t record_offset_ = 0;
  std::string scratch_;
  std::vector<Problem> problems_;
  std::size_t problem_count_ = 0;
};

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
    for (std::size_t i = 0; i < n; ++i)
      state->scale.push_back(static_cast<double>(t.bytes()) / static_cast<double>(bounds[i + 1] - bounds[i]));
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
  Table& table(std::string_view name, std::vector<ColumnSpec> spec) {
    tables_.push_back(std::make_unique<Table>(folder_, name, std::move(spec), options_.max_problems));
    tables_.back()->set_plain_rows(options_.plain_rows);
    tables_.back()->set_keep(options_.keep_names, options_.keep_free_text);
    return *tables_.back();
  }

  void finish() {
    std::vector<Diagnostic> all;
    std::size_t total = 0;
    // Report tables in the contract's order whatever order they were read in.
    for (auto name : Dataset::table_names()) {
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
    Table& file = table("org_units", {{"id", true},
                                      {"parent_id", false},
                                      {"kind", true},
                                      {"name", true},
                                      {"sector", false},
                                      {"established_on", false},
                                      {"dissolved_on", false}});
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
    Table& file = table("members", {{"id", true},
                                    {"cell_id", true},
                                    {"full_name", true},
                                    {"role", true},
                                    {"role_since", false},
                                    {"status", true},
                                    {"joined_on", true},
                                    {"left_on", false},
                                    {"exempt_from", false},
                                    {"exempt_to", false},
                                    {"birth_year", false},
                                    {"gender", false}});
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
    Table& file =
        table("cadres", {{"id", true}, {"org_unit_id", true}, {"full_name", true}, {"position", false}});
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
    Table& file = table("briefings", {{"id", true}, {"org_unit_id", true}, {"date", true}});
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
    Table& file = table("meetings", {{"id", true},
                                     {"cell_id", true},
                                     {"kind", true},
                                     {"date", true},
                                     {"start_time", false},
                                     {"end_time", false},
                                     {"notice_date", false},
                                     {"prep_date", false},
                                     {"consulted_unit_head", false},
                                     {"content_sources", false},
                                     {"draft_resolution", false},
                                     {"notified_upper", false},
                                     {"chair_id", false},
                                     {"recorder_id", false},
                                     {"topic", false},
                                     {"topic_source", false},
                                     {"model_meeting", false},
                                     {"minutes_attendance", false},
                                     {"minutes_speakers", false},
                                     {"minutes_conclusion", false},
                                     {"minutes_signed", false},
                                     {"minutes_read_back", false},
                                     {"self_rating", false}});
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
    Table& file =
        table("attendance", {{"meeting_id", true}, {"member_id", true}, {"status", true}, {"reason", false}});
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

  /// A second row for the same member and meeting contradicts the first. Exports list a
  /// meeting's rows together: then each run of a meeting's rows is checked on its own, in one
  /// pass (a member's row is a repeat when the member's last row was in the same run); rows of a
  /// meeting that come back after another meeting's switch to a sort.
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
      if (t.problem_count() > 0) return;  // the sort needs valid references
      repeated.clear();
      std::vector<std::uint32_t> order(a.size());
      for (std::uint32_t i = 0; i < order.size(); ++i) order[i] = i;
      std::sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
        return std::tie(a.meeting[x], a.member[x], x) < std::tie(a.meeting[y], a.member[y], y);
      });
      for (std::size_t i = 1; i < order.size(); ++i)
        if (a.meeting[order[i - 1]] == a.meeting[order[i]] && a.member[order[i - 1]] == a.member[order[i]])
          repeated.push_back(order[i]);
      std::sort(repeated.begin(), repeated.end());
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
    Table& file = table("contributions", {{"meeting_id", true}, {"member_id", true}, {"kind", true}});
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
    Table& file =
        table("agenda_items", {{"meeting_id", true}, {"seq", true}, {"category", true}, {"minutes", true}});
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
    Table& file = table(
        "resolutions",
        {{"id", true}, {"meeting_id", true}, {"text", false}, {"owner_id", false}, {"due_date", false}});
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
    Table& file = table("tasks", {{"id", true},
                                  {"meeting_id", true},
                                  {"assignee_id", true},
                                  {"description", false},
                                  {"due_date", false},
                                  {"completed_on", false},
                                  {"followed_up_on", false}});
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
    Table& file = table("visits", {{"id", true},
                                   {"cell_id", true},
                                   {"cadre_id", true},
                                   {"date", true},
                                   {"kind", true},
                                   {"meeting_id", false},
                                   {"report_date", false}});
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
    Table& file = table("escalations", {{"id", true},
                                        {"cell_id", true},
                                        {"meeting_id", false},
                                        {"raised_on", true},
                                        {"responded_on", false},
                                        {"subject", false}});
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
    Table& file = table("briefing_attendance", {{"briefing_id", true}, {"member_id", true}});
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
    Table& file = table(
        "trainings",
        {{"member_id", true}, {"date", true}, {"kind", true}, {"hours", false}, {"provider_org_id", false}});
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
    Table& file =
        table("assignments", {{"cadre_id", true}, {"cell_id", true}, {"from", true}, {"to", false}});
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
    Table& file = table("ratings", {{"cell_id", true}, {"year", true}, {"rating", true}});
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
