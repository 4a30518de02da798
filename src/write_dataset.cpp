// Writing a dataset as the 16 CSV files of the data contract, with optional data-entry mistakes.
#include <chibo/generate.hpp>

#include "parallel.hpp"
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
#include <system_error>
#include <thread>
#include <unordered_set>

namespace chibo {

namespace {

// string_view::find_first_of calls memchr once per character here; a plain loop is several
// times faster on short fields.
bool needs_quotes(std::string_view s) noexcept {
  for (char c : s)
    if (c == ',' || c == '"' || c == '\n' || c == '\r') return true;
  return false;
}

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
    if (!layout_.realistic() && !needs_quotes(s)) {
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
    if (d.is_special()) return *this;
    const auto ymd = d.year_month_day();
    char tmp[10];
    const unsigned y = ymd.year, m = ymd.month, dd = ymd.day;
    tmp[0] = static_cast<char>('0' + y / 1000);
    tmp[1] = static_cast<char>('0' + y / 100 % 10);
    tmp[2] = static_cast<char>('0' + y / 10 % 10);
    tmp[3] = static_cast<char>('0' + y % 10);
    tmp[4] = '-';
    tmp[5] = static_cast<char>('0' + m / 10);
    tmp[6] = static_cast<char>('0' + m % 10);
    tmp[7] = '-';
    tmp[8] = static_cast<char>('0' + dd / 10);
    tmp[9] = static_cast<char>('0' + dd % 10);
    buf_.append(tmp, 10);
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

void header(CsvOut& out, std::initializer_list<std::string_view> columns) {
  out.columns(columns.size());
  for (auto c : columns) out.raw(c);
  out.end_row();
}

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

void write_org_units(const Dataset& ds, const std::filesystem::path& dir, const Layout& layout) {
  CsvOut o(dir, "org_units.csv", layout);
  header(o, {"id", "parent_id", "kind", "name", "sector", "established_on", "dissolved_on"});
  const auto& u = ds.org_units;
  for (const Index i : o.rows(u.size())) {
    o.text(u.id[i]).id(u.id, u.parent[i]).code(u.kind[i]).text(u.name[i]).code(u.sector[i]);
    o.date(u.established_on[i]).date(u.dissolved_on[i]);
    o.end_row();
  }
  o.close();
}

void write_members(const Dataset& ds, const std::filesystem::path& dir, Dirt& dirt, const Layout& layout) {
  CsvOut o(dir, "members.csv", layout);
  header(o, {"id", "cell_id", "full_name", "role", "role_since", "status", "joined_on", "left_on",
             "exempt_from", "exempt_to", "birth_year", "gender"});
  const auto& m = ds.members;
  for (const Index i : o.rows(m.size())) {
    const int mistake = dirt.pick(2);
    o.text(m.id[i]).id(ds.org_units.id, m.cell[i]).text(m.full_name[i]);
    if (mistake == 0) {
      dirt.record(o, "role", "bi_thu");
      o.raw("bi_thu");
    } else {
      o.code(m.role[i]);
    }
    o.date(m.role_since[i]).code(m.status[i]);
    if (mistake == 1) {
      dirt.record(o, "joined_on", "");
      o.raw("");
    } else {
      o.date(m.joined_on[i]);
    }
    o.date(m.left_on[i]).date(m.exempt_from[i]).date(m.exempt_to[i]);
    if (m.birth_year[i])
      o.integer(m.birth_year[i]);
    else
      o.raw("");
    o.text(m.gender[i]);
    o.end_row();
  }
  o.close();
}

void write_cadres(const Dataset& ds, const std::filesystem::path& dir, const Layout& layout) {
  CsvOut o(dir, "cadres.csv", layout);
  header(o, {"id", "org_unit_id", "full_name", "position"});
  const auto& k = ds.cadres;
  for (const Index i : o.rows(k.size())) {
    o.text(k.id[i]).id(ds.org_units.id, k.org_unit[i]).text(k.full_name[i]).code(k.position[i]);
    o.end_row();
  }
  o.close();
}

void write_meetings(const Dataset& ds, const std::filesystem::path& dir, Dirt& dirt, const Layout& layout) {
  CsvOut o(dir, "meetings.csv", layout);
  header(o, {"id",
             "cell_id",
             "kind",
             "date",
             "start_time",
             "end_time",
             "notice_date",
             "prep_date",
             "consulted_unit_head",
             "content_sources",
             "draft_resolution",
             "notified_upper",
             "chair_id",
             "recorder_id",
             "topic",
             "topic_source",
             "model_meeting",
             "minutes_attendance",
             "minutes_speakers",
             "minutes_conclusion",
             "minutes_signed",
             "minutes_read_back",
             "self_rating"});
  const auto& g = ds.meetings;
  std::string sources;
  for (const Index i : o.rows(g.size())) {
    int mistake = dirt.pick(5);
    if (mistake == 3 && (g.start_time[i] == no_time || g.end_time[i] == no_time || g.start_time[i] < 60))
      mistake = 4;
    o.text(g.id[i]).id(ds.org_units.id, g.cell[i]);
    if (mistake == 0) {
      dirt.record(o, "kind", "thuong_ky");
      o.raw("thuong_ky");
    } else {
      o.code(g.kind[i]);
    }
    if (mistake == 1) {
      const auto ymd = g.date[i].year_month_day();
      const std::string bad = fmt::format("{:02}/{:02}/{}", static_cast<int>(ymd.day),
                                          static_cast<int>(ymd.month), static_cast<int>(ymd.year));
      dirt.record(o, "date", bad);
      o.raw(bad);
    } else {
      o.date(g.date[i]);
    }
    if (mistake == 2) {
      dirt.record(o, "start_time", "7h30");
      o.raw("7h30").time(g.end_time[i]);
    } else if (mistake == 3) {
      const auto end = static_cast<ClockTime>(g.start_time[i] - 30);
      dirt.record(o, "end_time", fmt::format("{:02}:{:02}", end / 60, end % 60));
      o.time(g.start_time[i]).time(end);
    } else {
      o.time(g.start_time[i]).time(g.end_time[i]);
    }
    o.date(g.notice_date[i]).date(g.prep_date[i]).code(g.consulted_unit_head[i]);
    sources.clear();
    for (auto code : valid_codes<ContentSource>()) {
      const auto s = from_code<ContentSource>(code);
      if (g.content_sources[i] & bit(*s)) {
        if (!sources.empty()) sources.push_back(';');
        sources.append(code);
      }
    }
    o.raw(sources);
    if (mistake == 4) {
      dirt.record(o, "draft_resolution", "có");
      o.raw("có");
    } else {
      o.code(g.draft_resolution[i]);
    }
    o.code(g.notified_upper[i]).id(ds.members.id, g.chair[i]).id(ds.members.id, g.recorder[i]);
    o.text(g.topic[i]).code(g.topic_source[i]).code(g.model_meeting[i]);
    o.code(g.minutes_attendance[i]).code(g.minutes_speakers[i]).code(g.minutes_conclusion[i]);
    o.code(g.minutes_signed[i]).code(g.minutes_read_back[i]);
    if (g.self_rating[i])
      o.code(*g.self_rating[i]);
    else
      o.raw("");
    o.end_row();
  }
  o.close();
}

void write_attendance(const Dataset& ds, const std::filesystem::path& dir, Dirt& dirt, const Layout& layout) {
  CsvOut o(dir, "attendance.csv", layout);
  header(o, {"meeting_id", "member_id", "status", "reason"});
  const auto& a = ds.attendance;
  for (const Index i : o.rows(a.size())) {
    const int mistake = dirt.pick(2);
    o.id(ds.meetings.id, a.meeting[i]);
    if (mistake == 0) {
      const std::string bad = fmt::format("{}x", ds.members.id[a.member[i]]);
      dirt.record(o, "member_id", bad);
      o.text(bad);
    } else {
      o.id(ds.members.id, a.member[i]);
    }
    if (mistake == 1) {
      dirt.record(o, "status", "co mat");
      o.raw("co mat");
    } else {
      o.code(a.status[i]);
    }
    // Reasons are sparse, by row; rows may come in any order.
    const auto r = std::lower_bound(a.reason_row.begin(), a.reason_row.end(), i);
    if (r != a.reason_row.end() && *r == i)
      o.text(a.reason[static_cast<std::size_t>(r - a.reason_row.begin())]);
    else
      o.raw("");
    o.end_row();
  }
  o.close();
}

void write_rest(const Dataset& ds, const std::filesystem::path& dir, Dirt& dirt, const Layout& layout) {
  {
    CsvOut o(dir, "agenda_items.csv", layout);
    header(o, {"meeting_id", "seq", "category", "minutes"});
    const auto& t = ds.agenda_items;
    for (const Index i : o.rows(t.size())) {
      o.id(ds.meetings.id, t.meeting[i]).integer(t.seq[i]).code(t.category[i]).integer(t.minutes[i]);
      o.end_row();
    }
    o.close();
  }
  {
    CsvOut o(dir, "contributions.csv", layout);
    header(o, {"meeting_id", "member_id", "kind"});
    const auto& t = ds.contributions;
    for (const Index i : o.rows(t.size())) {
      o.id(ds.meetings.id, t.meeting[i]).id(ds.members.id, t.member[i]).code(t.kind[i]);
      o.end_row();
    }
    o.close();
  }
  {
    CsvOut o(dir, "resolutions.csv", layout);
    header(o, {"id", "meeting_id", "text", "owner_id", "due_date"});
    const auto& t = ds.resolutions;
    for (const Index i : o.rows(t.size())) {
      o.text(t.id[i])
          .id(ds.meetings.id, t.meeting[i])
          .text(t.text[i])
          .id(ds.members.id, t.owner[i])
          .date(t.due_date[i]);
      o.end_row();
    }
    o.close();
  }
  {
    CsvOut o(dir, "tasks.csv", layout);
    header(o,
           {"id", "meeting_id", "assignee_id", "description", "due_date", "completed_on", "followed_up_on"});
    const auto& t = ds.tasks;
    for (const Index i : o.rows(t.size())) {
      o.text(t.id[i])
          .id(ds.meetings.id, t.meeting[i])
          .id(ds.members.id, t.assignee[i])
          .text(t.description[i]);
      if (dirt.pick(1) == 0 && !t.due_date[i].is_special()) {
        dirt.record(o, "due_date", "2025-13-01");
        o.raw("2025-13-01");
      } else {
        o.date(t.due_date[i]);
      }
      o.date(t.completed_on[i]).date(t.followed_up_on[i]);
      o.end_row();
    }
    o.close();
  }
  {
    CsvOut o(dir, "visits.csv", layout);
    header(o, {"id", "cell_id", "cadre_id", "date", "kind", "meeting_id", "report_date"});
    const auto& t = ds.visits;
    for (const Index i : o.rows(t.size())) {
      o.text(t.id[i])
          .id(ds.org_units.id, t.cell[i])
          .id(ds.cadres.id, t.cadre[i])
          .date(t.date[i])
          .code(t.kind[i]);
      o.id(ds.meetings.id, t.meeting[i]).date(t.report_date[i]);
      o.end_row();
    }
    o.close();
  }
  {
    CsvOut o(dir, "escalations.csv", layout);
    header(o, {"id", "cell_id", "meeting_id", "raised_on", "responded_on", "subject"});
    const auto& t = ds.escalations;
    for (const Index i : o.rows(t.size())) {
      o.text(t.id[i]).id(ds.org_units.id, t.cell[i]).id(ds.meetings.id, t.meeting[i]).date(t.raised_on[i]);
      o.date(t.responded_on[i]).text(t.subject[i]);
      o.end_row();
    }
    o.close();
  }
  {
    CsvOut o(dir, "briefings.csv", layout);
    header(o, {"id", "org_unit_id", "date"});
    const auto& t = ds.briefings;
    for (const Index i : o.rows(t.size())) {
      o.text(t.id[i]).id(ds.org_units.id, t.org_unit[i]).date(t.date[i]);
      o.end_row();
    }
    o.close();
  }
  {
    CsvOut o(dir, "briefing_attendance.csv", layout);
    header(o, {"briefing_id", "member_id"});
    const auto& t = ds.briefing_attendance;
    for (const Index i : o.rows(t.size())) {
      o.id(ds.briefings.id, t.briefing[i]).id(ds.members.id, t.member[i]);
      o.end_row();
    }
    o.close();
  }
  {
    CsvOut o(dir, "trainings.csv", layout);
    header(o, {"member_id", "date", "kind", "hours", "provider_org_id"});
    const auto& t = ds.trainings;
    for (const Index i : o.rows(t.size())) {
      o.id(ds.members.id, t.member[i]).date(t.date[i]).code(t.kind[i]);
      if (std::isnan(t.hours[i]))
        o.raw("");
      else
        o.raw(fmt::format("{}", t.hours[i]));
      o.id(ds.org_units.id, t.provider[i]);
      o.end_row();
    }
    o.close();
  }
  {
    CsvOut o(dir, "assignments.csv", layout);
    header(o, {"cadre_id", "cell_id", "from", "to"});
    const auto& t = ds.assignments;
    for (const Index i : o.rows(t.size())) {
      o.id(ds.cadres.id, t.cadre[i]).id(ds.org_units.id, t.cell[i]).date(t.from[i]).date(t.to[i]);
      o.end_row();
    }
    o.close();
  }
  {
    CsvOut o(dir, "ratings.csv", layout);
    header(o, {"cell_id", "year", "rating"});
    const auto& t = ds.ratings;
    for (const Index i : o.rows(t.size())) {
      o.id(ds.org_units.id, t.cell[i]).integer(t.year[i]).code(t.rating[i]);
      o.end_row();
    }
    o.close();
  }
}

std::vector<Mistake> write_all(const Dataset& ds, const std::filesystem::path& folder, double rate,
                               std::uint64_t seed, unsigned threads, const Layout& layout) {
  std::filesystem::create_directories(folder);
  Dirt members(rate, seed, 1), meetings(rate, seed, 2), attendance(rate, seed, 3), rest(rate, seed, 4);
  std::vector<std::function<void()>> jobs{[&] { write_attendance(ds, folder, attendance, layout); },
                                          [&] { write_rest(ds, folder, rest, layout); },
                                          [&] { write_meetings(ds, folder, meetings, layout); },
                                          [&] { write_members(ds, folder, members, layout); },
                                          [&] {
                                            write_org_units(ds, folder, layout);
                                            write_cadres(ds, folder, layout);
                                          }};
  detail::run_parallel(jobs, threads);
  std::vector<Mistake> all;
  // Tables in the contract's order: members, meetings, attendance, tasks.
  for (auto* d : {&members, &meetings, &rest, &attendance})
    all.insert(all.end(), d->mistakes.begin(), d->mistakes.end());
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
  replace_ids(ds.org_units.id, [&](std::size_t i) {
    static constexpr std::string_view prefix[] = {"TU-", "HU-", "DU-", "CB-"};
    return code(prefix[static_cast<std::size_t>(ds.org_units.kind[i])]);
  });
  const auto record = [&](std::size_t) { return uuid(); };
  replace_ids(ds.members.id, [&](std::size_t) { return card(); });
  replace_ids(ds.cadres.id, record);
  replace_ids(ds.meetings.id, record);
  replace_ids(ds.resolutions.id, record);
  replace_ids(ds.tasks.id, record);
  replace_ids(ds.visits.id, record);
  replace_ids(ds.escalations.id, record);
  replace_ids(ds.briefings.id, record);
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
