// One table file being read: its mapped bytes, its header, its records, typed readers for its
// fields and the problems found, located at file:line:column (internal to the loader).
#pragma once

#include <chibo/dataset.hpp>
#include <chibo/diagnostics.hpp>
#include <chibo/strings.hpp>
#include <chibo/unicode.hpp>

#include "../csv.hpp"
#include "../id_index.hpp"
#include "../text_check.hpp"
#include "mapped_file.hpp"
#include "source.hpp"
#include "values.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace chibo::load {

namespace fs = std::filesystem;

/// A column a table file is read for: its name, and whether the header must name it and each
/// row hold a value.
struct ColumnSpec {
  std::string_view name;
  bool required;
};

/// Where problems found once a table is whole are reported: by row and column. The source
/// knows where that is (a CSV file's line and column; a database's table and row key).
class RowProblems {
 public:
  /// Reports messages[k] at column c of rows[k]; rows sorted.
  virtual void fail_rows(std::span<const std::uint32_t> rows, int c,
                         const std::vector<std::string>& messages) = 0;

 protected:
  ~RowProblems() = default;
};

/// One table being read: its CSV text (a mapped file, or a database's rows), its header, the
/// current record and the problems found in it. Problems hold byte offsets until the end, when
/// they are turned into lines and columns (or a database's row keys) in one pass.
class Table final : public RowProblems {
 public:
  Table(Source& source, std::string_view table, std::vector<ColumnSpec> columns, std::size_t limit)
      : table_(table),
        file_(source.label(table)),
        source_(&source),
        columns_(std::move(columns)),
        limit_(limit) {}

  const std::string& table() const noexcept { return table_; }
  const std::string& file() const noexcept { return file_; }
  /// Bytes of rows (after the header): what a part of the work is measured in.
  std::size_t bytes() const noexcept { return end_ - begin_; }
  std::size_t rows_begin() const noexcept { return begin_; }
  std::size_t rows_end() const noexcept { return end_; }
  /// The whole text, header included, and the bytes of this table's (or part's) rows.
  std::string_view text() const noexcept { return data_; }
  std::string_view rows_text() const noexcept { return data_.substr(begin_, bytes()); }
  /// XXH3-128 of text() (fingerprint.hpp), set once the rows are read; empty before.
  const std::string& fingerprint() const noexcept { return fingerprint_; }
  void set_fingerprint(std::string hex) { fingerprint_ = std::move(hex); }

  /// Reads the file and its header; false (with problems recorded) when no row can be read.
  /// An optional table's missing file is no problem: it has no rows.
  bool open(bool optional = false) {
    auto text = source_->table(table_);
    if (!text) {
      if (optional && !source_->has(table_)) return false;
      whole_file(source_->missing(table_));
      return false;
    }
    owner_ = std::move(text->owner);
    data_ = text->csv;
    file_source_ = text->file;
    from_database_ = text->from_database;
    key_columns_ = std::move(text->key_columns);
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

  /// Calls f() for every record of this table (or part) with the right number of fields, each
  /// read by csv::Reader; records with the wrong number or broken quoting are reported and
  /// skipped.
  template <class F>
  void for_each_row(F&& f) {
    if (!check_text()) return;
    read_rows(fields_, true, [&](std::size_t record_offset) {
      record_offset_ = record_offset;
      f();
      return true;
    });
  }
  /// for_each_row, taking the fast path where it can: a record whose fields are unquoted, or
  /// quoted with no "" inside, is split straight from the bytes (no offsets kept) and `decode()`
  /// reads it; should a value be wrong, `undo()` drops what decode stored of that row and the
  /// record is read again the general way, with offsets, so that decode() reports it. Both
  /// paths run the one decoder, and the columns may stand in any order.
  ///
  /// Plain records are split up to `lookahead` ahead of the one decoded: `ahead(1)` sees each
  /// as it is split, `ahead(2)` again when it is half way to being decoded (text_ahead reads
  /// it), so that lookups of random ids find their memory loaded.
  template <class Decode, class Undo, class Ahead>
  void for_each_row(Decode&& decode, Undo&& undo, Ahead&& ahead) {
    if (!plain_rows_) return for_each_row(decode);
    if (!check_text()) return;
    csv::Reader reader(data_.substr(0, end_), begin_);
    const char* const base = data_.data();
    const char* const end = base + end_;
    for (auto& r : ring_) r.fields.resize(header_fields_);
    std::size_t front = 0, count = 0;  // the records split ahead: ring_[front], … (count of them)
    const char* next = base + begin_;  // the first byte not split yet
    bool stopped = false;              // the record at `next` is not plain
    const auto split = [&](Ahead_record& r) {
      if (next >= end || *next == '\n' || *next == '\r') return false;  // empty lines: the reader skips them
      csv::PlainRecord record(next, end);
      for (std::size_t f = 0; f + 1 < header_fields_; ++f) r.fields[f].text = record.field(false);
      r.fields[header_fields_ - 1].text = record.field(true);
      if (!record.ok() || static_cast<std::size_t>(record.next() - next) > max_line_) return false;
      r.begin = next;
      next = record.next();
      return true;
    };
    while (true) {
      while (!stopped && count < lookahead) {
        Ahead_record& r = ring_[(front + count) % lookahead];
        if (!split(r)) {
          stopped = true;
          break;
        }
        ++count;
        ahead_ = &r.fields;
        ahead(1);
        if (count > lookahead / 2) {
          ahead_ = &ring_[(front + count - 1 - lookahead / 2) % lookahead].fields;
          ahead(2);
        }
      }
      if (count > 0) {
        Ahead_record& r = ring_[front];
        fields_.swap(r.fields);
        front = (front + 1) % lookahead;
        --count;
        const char* const p = r.begin;
        record_offset_ = static_cast<std::size_t>(p - base);
        fast_ = true;
        redo_ = false;
        decode();
        fast_ = false;
        const bool done = !redo_;
        r.fields.swap(fields_);
        if (done) continue;
        undo();  // and read it again the general way, which ends where the record did
        reader.seek(static_cast<std::size_t>(p - base));
      } else {
        if (next >= end) break;
        reader.seek(static_cast<std::size_t>(next - base));
      }
      const auto status = reader.next(fields_);
      if (status == csv::Reader::Status::end) break;
      if (is_row(reader, status, fields_, true)) {
        record_offset_ = reader.record_offset();
        decode();
      } else if (status == csv::Reader::Status::unclosed_quote) {
        break;
      }
      if (count == 0) {  // a record that was not plain: go on after it
        next = base + reader.position();
        stopped = false;
      }
      fields_.resize(header_fields_);
    }
  }
  /// The text of column c in the record ahead being looked at (see for_each_row).
  std::string_view text_ahead(int c) const noexcept {
    return slot_[c] >= 0 ? (*ahead_)[slot_[c]].text : std::string_view();
  }
  /// Whether for_each_row may take the fast path (LoadOptions::plain_rows).
  void set_plain_rows(bool on) noexcept { plain_rows_ = on; }
  /// Whether name_to and free_text_to store what they read (LoadOptions::keep_names and
  /// keep_free_text).
  void set_limits(std::size_t max_field, std::size_t max_line) noexcept {
    max_field_ = max_field;
    max_line_ = max_line;
  }
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
    std::fill(p->guesses_.begin(), p->guesses_.end(), 0);
    std::fill(p->misses_.begin(), p->misses_.end(), 0);
    std::fill(p->guessing_off_.begin(), p->guessing_off_.end(), false);
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
    return csv::split(data_, begin_, end_, std::max<std::size_t>(1, bytes() / part_bytes), header_fields_);
  }
  /// Whether a field's text lies in the table's own text (not in a scratch copy of an escaped
  /// field, which the next record overwrites): it then stays valid while the part is read.
  bool holds(std::string_view text) const noexcept {
    return std::less_equal<>()(data_.data(), text.data()) &&
           std::less_equal<>()(text.data() + text.size(), data_.data() + data_.size());
  }
  /// Forgets the problems found so far, to read the rows again.
  void forget_problems() noexcept {
    problems_.clear();
    problem_count_ = 0;
    structural_ = false;
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
  /// Copies this part's rows out of its file into `buffer` (kept by the caller for the next
  /// part) and reads them there: offsets stay the file's (origin_). Nothing happens to a
  /// database's text, or if the file no longer has the bytes (then the mapping is read).
  void copy_rows(RowsBuffer& buffer) {
    // A part far larger than parts are cut is one huge line (a file that is not CSV): mapped,
    // it costs no memory.
    constexpr std::size_t most = std::size_t{64} << 20;
    if (!file_source_ || from_database_ || copied_ || bytes() > most) return;
    const std::size_t n = bytes();
    constexpr std::size_t slack = 64;  // zeros after the rows, as the end of a mapped file has
    char* const p = buffer.reserve(n + slack);
    if (!file_source_->read_part(begin_, std::span<char>(p, n))) return;
    std::memset(p + n, 0, slack);
    data_ = std::string_view(p, n);
    origin_ = begin_;
    begin_ = 0;
    end_ = n;
    copied_ = true;
  }
  /// Gives the pages of this range back: a national file has been read once it is parsed.
  /// A copied part's rows were not read through the mapping, but cutting the table looked at
  /// a few lines of it, and the kernel may have mapped whole folios around them.
  void release() const noexcept {
    if (from_database_) return;  // a database's text is not a file's
    MappedFile::release(copied_ ? file_source_->view().substr(origin_, bytes())
                                : data_.substr(begin_, bytes()));
  }

  /// Byte offsets of column c's field in the rows with these indices (sorted), counting rows as
  /// for_each_row does (the record's own where the header lacks the column): for the rare
  /// problems found after the rows were read, so that no table keeps an offset per row for them.
  std::vector<std::size_t> field_offsets(std::span<const std::uint32_t> rows, int c) {
    std::vector<std::size_t> out;
    std::vector<csv::Field> fields;
    std::uint32_t row = 0;
    const int slot = slot_[static_cast<std::size_t>(c)];
    read_rows(fields, false, [&](std::size_t record_offset) {
      while (out.size() < rows.size() && rows[out.size()] == row)
        out.push_back(slot >= 0 ? fields[static_cast<std::size_t>(slot)].offset : record_offset);
      ++row;
      return out.size() < rows.size();
    });
    return out;
  }

  void fail_rows(std::span<const std::uint32_t> rows, int c,
                 const std::vector<std::string>& messages) override {
    const auto offsets = field_offsets(rows, c);
    for (std::size_t k = 0; k < offsets.size(); ++k) fail_at(offsets[k], messages[k]);
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
    if (fast_) {  // read again the general way, which reports it
      redo_ = true;
      return;
    }
    fail_at(offset(c), fmt::format("{}: {}; got {}", columns_[c].name, expected, shown(text(c))));
  }

  /// Reports a field longer than LoadOptions::max_field_bytes (other types fail to parse). The
  /// value is not shown: it may be a person's name.
  [[gnu::always_inline]] void bounded(int c) {
    if (text(c).size() > max_field_) [[unlikely]]
      too_long(c);
  }
  [[gnu::cold, gnu::noinline]] void too_long(int c) {
    if (fast_) {
      redo_ = true;
      return;
    }
    fail_at(offset(c), fmt::format("{}: expected at most {} bytes (the limit on a field); got {}",
                                   columns_[c].name, max_field_, text(c).size()));
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

  /// A finite number of any sign; NaN when not recorded or not a number (then reported).
  double number(int c) {
    if (missing(c)) return not_applicable_value();
    const std::string_view t = text(c);
    double v = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
    if (ec != std::errc() || p != t.data() + t.size() || !std::isfinite(v)) {
      fail(c, "expected a number");
      return not_applicable_value();
    }
    return v;
  }

  /// Position of the text in `codes`; nullopt when not recorded or not one of them (reported).
  std::optional<std::size_t> code_in(int c, std::span<const std::string> codes) {
    if (missing(c)) return std::nullopt;
    for (std::size_t i = 0; i < codes.size(); ++i)
      if (codes[i] == text(c)) return i;
    fail(c, one_of(codes));
    return std::nullopt;
  }

  /// The row column c names, when it is the row the column named last or the one after it (and
  /// then remembered); no_index otherwise. Exports that list child rows grouped by parent, in
  /// the parent's order, skip most hashing this way; in a file whose rows come in another
  /// order the guess keeps missing: once a column has guessed `prediction_trial` times and
  /// more than half of the guesses missed, it stops guessing.
  Index predicted(int c, const StringColumn& ids) noexcept {
    const auto col = static_cast<std::size_t>(c);
    Index& last = last_ref_[col];
    if (last == no_index) return no_index;
    ++guesses_[col];
    const std::string_view id = text(c);
    if (same_text(ids[last], id)) return last;
    if (last + 1 < ids.size() && same_text(ids[last + 1], id)) return ++last;
    missed(col);
    return no_index;
  }
  void remember(int c, Index row) noexcept {
    const auto col = static_cast<std::size_t>(c);
    if (!guessing_off_[col]) last_ref_[col] = row;
  }

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
  /// required column is reported (and stored empty), and one longer than the limit.
  void text_to(StringColumn& column, int c) {
    missing(c);
    bounded(c);
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
    bounded(c);
    kept_text_to(column, text(c), keep_names_);
  }
  void name_to(StringColumn& column, std::string_view t) { kept_text_to(column, t, keep_names_); }
  void free_text_to(StringColumn& column, int c) {
    missing(c);
    bounded(c);
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
    if (from_database_) return database_diagnostics();
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
        out.push_back({file_, 0, 0, p.message, {}});
      } else {
        out.push_back({file_, at[k].first, at[k].second, p.message, {}});
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
    if (problems_.size() < limit_) problems_.push_back({origin_ + offset, std::move(message), false});
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

  /// Whether the rows' bytes are UTF-8, checked in one vectorised pass with whether text can
  /// be stored without asking ICU for its NFC; when they are not, the whole table is checked
  /// again later for its first bad byte (see suspect()).
  bool check_text() {
    if (!from_database_ && !copied_) MappedFile::populate(data_.substr(begin_, bytes()));
    const detail::TextCheck check = detail::check_text(data_.substr(begin_, bytes()));
    utf8_bad_ = !check.utf8;
    plainly_nfc_ = check.plainly_nfc;
    return check.utf8;
  }

  /// Whether the record the reader read (with `status`) into fields_ is a row: a record with
  /// broken quoting or the wrong number of fields is not, and is reported when `report`.
  bool is_row(const csv::Reader& reader, csv::Reader::Status status, const std::vector<csv::Field>& fields,
              bool report) {
    if (status != csv::Reader::Status::record) {
      if (report) report_status(reader, status);
      return false;
    }
    if (const std::size_t length = reader.position() - reader.record_offset(); length > max_line_) {
      if (report)
        fail_at(reader.record_offset(),
                fmt::format("expected a line of at most {} bytes (the limit on a line); got {}", max_line_,
                            length));
      return false;
    }
    if (fields.size() != header_fields_) {
      if (report)
        fail_at(reader.record_offset(),
                fmt::format("expected {} fields as in the header; got {}", header_fields_, fields.size()));
      return false;
    }
    return true;
  }

  /// The records of [begin_, end_) that are rows, in order: f(record offset) for each, with
  /// `fields` filled, until f returns false. A record with broken quoting or the wrong number
  /// of fields is not a row: it is skipped, and reported when `report`. for_each_row and
  /// field_offsets both count rows here, so that they always agree.
  template <class F>
  void read_rows(std::vector<csv::Field>& fields, bool report, F&& f) {
    csv::Reader reader(data_.substr(0, end_), begin_);
    while (true) {
      const auto status = reader.next(fields);
      if (status == csv::Reader::Status::end || status == csv::Reader::Status::unclosed_quote) {
        if (report && status != csv::Reader::Status::end) report_status(reader, status);
        break;
      }
      if (is_row(reader, status, fields, report) && !f(reader.record_offset())) break;
    }
  }

  struct Problem {
    std::size_t offset;
    std::string message;
    bool whole_file;
  };

  /// A database's problems, each named by its row's key and its column: the records are
  /// walked again, once, to the rows the problems are in.
  std::vector<Diagnostic> database_diagnostics() const {
    std::vector<std::size_t> order(problems_.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      return std::pair(!problems_[a].whole_file, problems_[a].offset) <
             std::pair(!problems_[b].whole_file, problems_[b].offset);
    });
    std::vector<std::pair<std::string_view, std::size_t>> keys;  // a key column's name and field
    {
      csv::Reader header(data_);
      std::vector<csv::Field> names;
      header.next(names);
      for (const auto& k : key_columns_)
        for (std::size_t f = 0; f < names.size(); ++f)
          if (names[f].text == k) keys.emplace_back(k, f);
    }
    std::vector<Diagnostic> out;
    csv::Reader reader(data_, begin_);
    std::vector<csv::Field> fields;
    std::size_t row = 0;
    bool have = false;
    std::size_t record_end = begin_;
    for (const auto i : order) {
      const Problem& p = problems_[i];
      if (p.whole_file || p.offset < begin_) {
        out.push_back({file_, 0, 0, p.message, {}});
        continue;
      }
      while (!have || p.offset >= record_end) {
        if (reader.next(fields) != csv::Reader::Status::record) break;
        ++row;
        have = true;
        record_end = reader.position();
      }
      std::string key;
      for (const auto& [name, f] : keys) {
        if (f >= fields.size()) continue;
        if (!key.empty()) key += ", ";
        key += fmt::format("{}={}", name, fields[f].text);
      }
      std::size_t column = 0;
      for (std::size_t f = 0; f < fields.size(); ++f)
        if (fields[f].offset <= p.offset) column = f + 1;
      out.push_back({file_, row, column, p.message, key.empty() ? fmt::format("row {}", row) : key});
    }
    return out;
  }

  std::string table_, file_;
  std::string fingerprint_;
  Source* source_;
  std::vector<ColumnSpec> columns_;
  std::size_t limit_;
  std::size_t max_field_ = SIZE_MAX, max_line_ = SIZE_MAX;
  std::shared_ptr<const void> owner_;
  bool from_database_ = false;
  std::vector<std::string> key_columns_;
  std::string_view data_;
  const MappedFile* file_source_ = nullptr;
  std::size_t origin_ = 0;           // where data_ starts in the file
  bool copied_ = false;              // data_ is a copy of the rows (copy_rows)
  std::size_t begin_ = 0, end_ = 0;  // the rows this table (or part) reads
  bool structural_ = false, utf8_bad_ = false;
  bool plainly_nfc_ = false;  // every row's text is NFC as it stands (see for_each_row)
  std::vector<int> slot_;
  std::vector<Index> last_ref_ = std::vector<Index>(32, no_index);  // by column, for ref()
  // By column: guesses and misses of predicted(), and whether the column gave up guessing.
  static constexpr std::uint32_t prediction_trial = 1024;
  std::vector<std::uint32_t> guesses_ = std::vector<std::uint32_t>(32, 0);
  std::vector<std::uint32_t> misses_ = std::vector<std::uint32_t>(32, 0);
  std::vector<bool> guessing_off_ = std::vector<bool>(32, false);
  [[gnu::cold]] void missed(std::size_t col) noexcept {
    if (++misses_[col] * 2 <= guesses_[col] || guesses_[col] < prediction_trial) return;
    guessing_off_[col] = true;
    last_ref_[col] = no_index;
  }
  std::size_t header_fields_ = 0;
  bool plain_rows_ = true;
  bool fast_ = false, redo_ = false;  // a record split the fast way is read; a value failed there
  bool keep_names_ = true, keep_free_text_ = true;
  std::vector<csv::Field> fields_;
  // Records split ahead of the one decoded (for_each_row).
  static constexpr std::size_t lookahead = 16;
  struct Ahead_record {
    std::vector<csv::Field> fields;
    const char* begin = nullptr;
  };
  std::array<Ahead_record, lookahead> ring_;
  const std::vector<csv::Field>* ahead_ = nullptr;
  std::size_t record_offset_ = 0;
  std::string scratch_;
  std::vector<Problem> problems_;
  std::size_t problem_count_ = 0;
};

}  // namespace chibo::load
