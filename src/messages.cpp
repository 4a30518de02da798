// Messages of findings: a rule's template filled with its evidence, in the words of the trade
// (chi ủy or bí thư by the cell's size, the cell's counterpart by its sector) and the number and
// date formats of the language.
#include <chibo/report.hpp>

#include "format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace chibo {

namespace detail {

namespace {
// Vietnamese writes a decimal comma: the points of what was appended from `from` on.
void in_language(std::string& out, std::size_t from, Language lang) {
  if (lang == Language::vi)
    std::replace(out.begin() + static_cast<std::ptrdiff_t>(from), out.end(), '.', ',');
}

void append_decimal(std::string& out, double value, int digits, Language lang) {
  const std::size_t at = out.size();
  fmt::format_to(std::back_inserter(out), "{:.{}f}", value, digits);
  in_language(out, at, lang);
}
// A ratio as a percentage with at most one decimal ("12,5%", "40%"), digit by digit: a detailed
// national report writes tens of millions, and fmt's fixed precision took a tenth of its time.
void append_percent(std::string& out, double ratio, Language lang) {
  double tenths = std::round(ratio * 1000);  // the percentage is tenths / 10
  if (!(std::fabs(tenths) < 1e15)) {         // infinite: as fmt writes it
    const double pct = tenths / 10;
    append_decimal(out, pct, pct == std::floor(pct) ? 0 : 1, lang);
    out.push_back('%');
    return;
  }
  if (std::signbit(tenths)) {  // −0 too, as fmt writes it
    out.push_back('-');
    tenths = -tenths;
  }
  const auto t = static_cast<std::uint64_t>(tenths);
  const fmt::format_int whole(t / 10);
  out.append(whole.data(), whole.size());
  if (t % 10 != 0) {
    out.push_back(lang == Language::vi ? ',' : '.');
    out.push_back(static_cast<char>('0' + t % 10));
  }
  out.push_back('%');
}
}  // namespace

std::string decimal(double value, int digits, Language lang) {
  std::string out;
  append_decimal(out, value, digits, lang);
  return out;
}

std::string score_text(double value, Language lang) {
  return std::isnan(value) ? "—" : decimal(value, 1, lang);
}

std::string change_text(double value, Language lang) {
  if (std::isnan(value)) return "—";
  const double shown = std::round(value * 10) / 10;  // what one decimal shows: −0.04 is ±0.0
  return (shown > 0 ? "+" : shown < 0 ? "−" : "±") + decimal(std::fabs(shown), 1, lang);
}

const char* rating_name(std::optional<Rating> r, Language l) {
  if (!r) return "—";
  static const char* const vi[] = {"Tốt", "Khá", "Trung bình", "Kém"};
  static const char* const en[] = {"Good", "Fair", "Average", "Poor"};
  return (l == Language::vi ? vi : en)[static_cast<std::size_t>(*r)];
}

std::string count(std::uint64_t n, Language lang) {
  std::string digits = std::to_string(n), out;
  const char sep = lang == Language::vi ? '.' : ',';
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(sep);
    out.push_back(digits[i]);
  }
  return out;
}

std::string local_date(Date d, Language lang) {
  if (d.is_special()) return "—";
  if (lang == Language::en) return format_date(d);
  const auto ymd = d.year_month_day();
  return fmt::format("{:02}/{:02}/{}", static_cast<int>(ymd.day), static_cast<int>(ymd.month),
                     static_cast<int>(ymd.year));
}

void append_readable(std::string& out, double value, Unit unit, Language lang) {
  if (std::isnan(value)) {
    out += "—";
    return;
  }
  switch (unit) {
    case Unit::ratio:
      append_percent(out, value, lang);
      return;
    case Unit::date:
      out += local_date(
          Date(boost::gregorian::date(1970, 1, 1) + boost::gregorian::days(static_cast<long>(value))), lang);
      return;
    case Unit::months: {
      const auto mask = static_cast<unsigned>(value);
      bool first = true;
      for (int m = 0; m < 12; ++m)
        if (mask & (1u << m)) {
          if (!first) out += ", ";
          out += std::to_string(m + 1);
          first = false;
        }
      return;
    }
    case Unit::flag:
      out += value != 0 ? (lang == Language::vi ? "có" : "yes") : (lang == Language::vi ? "không" : "no");
      return;
    case Unit::number:
    case Unit::days:
    case Unit::minutes:
    case Unit::year:
      break;
  }
  const std::size_t at = out.size();
  append_number(out, std::round(value * 100) / 100);
  in_language(out, at, lang);
}

std::string_view cell_id(const Report& r, const Finding& f) {
  return f.unit == no_index ? std::string_view() : r.dataset->org_units.id[f.unit];
}

}  // namespace detail

namespace {

// Điều lệ Đảng Đ.24 k.3: a cell of this many full members elects a chi ủy; a smaller one has a
// secretary (and perhaps a deputy) alone.
constexpr int members_for_committee = 9;

// Whether the cell leads through a chi ủy on a day: it has committee members recorded, or is
// large enough to elect one.
bool has_committee(const Dataset& ds, Index cell, Date on) {
  int official = 0;
  for (Index m : ds.members_of(cell)) {
    if (!on.is_special() && !ds.members.is_member_on(m, on)) continue;
    if (on.is_special() && !ds.members.left_on[m].is_special()) continue;
    const Role role = ds.members.role[m];
    if (role == Role::deputy_secretary || role == Role::committee_member) return true;
    official += ds.members.status[m] == MemberStatus::official;
  }
  return official >= members_for_committee;
}

std::string_view committee_word(bool committee, Language l) {
  if (l == Language::vi) return committee ? "chi ủy" : "bí thư";
  return committee ? "the cell committee" : "the secretary";
}

// Whom a secretary consults before a meeting (measure 2), by where the cell works.
std::string_view counterpart_word(Sector s, Language l) {
  const bool vi = l == Language::vi;
  switch (s) {
    case Sector::village:
      return vi ? "trưởng thôn" : "the village head";
    case Sector::residential:
      return vi ? "tổ trưởng tổ dân phố" : "the head of the residential group";
    case Sector::agency:
      return vi ? "thủ trưởng cơ quan" : "the head of the agency";
    case Sector::enterprise:
      return vi ? "giám đốc doanh nghiệp" : "the director of the enterprise";
    case Sector::school:
      return vi ? "hiệu trưởng" : "the head of the school";
    case Sector::armed_forces:
      return vi ? "chỉ huy đơn vị" : "the unit's commander";
    case Sector::unrecorded:
    case Sector::other:
      break;
  }
  return vi ? "thủ trưởng đơn vị" : "the head of the unit";
}

// The end of a template part that starts at `i`: the first `stop` outside braces.
std::size_t part_end(std::string_view t, std::size_t i, char stop) {
  int depth = 0;
  for (; i < t.size(); ++i) {
    const char c = t[i];
    if (depth == 0 && c == stop) return i;
    depth += (c == '{') - (c == '}');
  }
  return t.size();
}

// Whether an evidence item's key is `key`, without measuring the key's length first.
bool is_key(std::string_view key, const char* item) noexcept {
  for (const char c : key) {
    if (*item == '\0' || *item != c) return false;
    ++item;
  }
  return *item == '\0';
}

// A template split once into its pieces: a national report renders fifty million messages
// from some eighty templates, and finding the braces of each again cost more than filling them.
struct Piece {
  enum class Kind : std::uint8_t { text, value, conditional };
  // What a {key} names besides the evidence (which it names first).
  enum class Name : std::uint8_t { none, target, metric, member, meeting, cell, committee, counterpart };
  Kind kind = Kind::text;
  Name name = Name::none;
  bool capital = false;     // {Committee}, {Counterpart}
  std::string_view text{};  // the text; for a value, "{key}" as written, kept when nothing fills it
  std::string_view key{};
  std::uint32_t yes = 0, no = 0, end = 0;  // a conditional's pieces: [yes, no) and [no, end)
};

Piece::Name name_of(std::string_view key) {
  using N = Piece::Name;
  if (key == "target") return N::target;
  if (key == "metric") return N::metric;
  if (key == "member") return N::member;
  if (key == "meeting") return N::meeting;
  if (key == "cell") return N::cell;
  if (key == "committee" || key == "Committee") return N::committee;
  if (key == "counterpart" || key == "Counterpart") return N::counterpart;
  return N::none;
}

// Appends the pieces of `t` to `out`: text, {key}, and {?key:if nonzero|if zero} (whose parts
// are templates too). An unclosed brace is text; a conditional without ':' is nothing.
void compile(std::string_view t, std::vector<Piece>& out) {
  for (std::size_t i = 0; i < t.size(); ++i) {
    if (t[i] != '{') {
      const std::size_t brace = std::min(t.find('{', i), t.size());
      out.push_back({.text = t.substr(i, brace - i)});
      i = brace - 1;
      continue;
    }
    const std::size_t close = part_end(t, i + 1, '}');
    if (close == t.size()) {
      out.push_back({.text = t.substr(i)});
      return;
    }
    const std::string_view inner = t.substr(i + 1, close - i - 1);
    if (!inner.empty() && inner.front() == '?') {
      const std::string_view body = inner.substr(1);
      if (const std::size_t colon = body.find(':'); colon != std::string_view::npos) {
        const std::size_t bar = part_end(body, colon + 1, '|');
        const std::size_t at = out.size();
        out.push_back({.kind = Piece::Kind::conditional, .key = body.substr(0, colon)});
        out[at].yes = static_cast<std::uint32_t>(out.size());
        compile(body.substr(colon + 1, bar - colon - 1), out);
        out[at].no = static_cast<std::uint32_t>(out.size());
        if (bar < body.size()) compile(body.substr(bar + 1), out);
        out[at].end = static_cast<std::uint32_t>(out.size());
      }
    } else {
      out.push_back({.kind = Piece::Kind::value,
                     .name = name_of(inner),
                     .capital = !inner.empty() && inner.front() >= 'A' && inner.front() <= 'Z',
                     .text = t.substr(i, close - i + 1),
                     .key = inner});
    }
    i = close;
  }
}

// The pieces of a template, compiled once per thread. Entries are found by the template's
// address and checked against its text, so a policy freed and another made in its place
// cannot be given the old one's pieces.
const std::vector<Piece>& pieces_of(std::string_view t) {
  struct Entry {
    std::string text;
    std::vector<Piece> pieces;
  };
  thread_local std::unordered_map<const char*, std::unique_ptr<Entry>> cache;
  auto& entry = cache[t.data()];
  if (!entry || entry->text != t) {
    if (cache.size() > 4096) {  // a program that makes policy after policy
      cache.clear();
      return pieces_of(t);
    }
    entry = std::make_unique<Entry>();
    entry->text = t;
    compile(entry->text, entry->pieces);
  }
  return entry->pieces;
}

class Renderer {
 public:
  Renderer(const Dataset& ds, const RuleInfo& info, const Finding& f, Language l)
      : ds_(ds), info_(info), f_(f), l_(l) {}

  void render(const std::vector<Piece>& pieces, std::size_t from, std::size_t to, std::string& out) const {
    for (std::size_t k = from; k < to; ++k) {
      const Piece& p = pieces[k];
      switch (p.kind) {
        case Piece::Kind::text:
          out.append(p.text);
          break;
        case Piece::Kind::value:
          if (!value(p, out)) out.append(p.text);
          break;
        case Piece::Kind::conditional: {
          bool set = false;
          for (const auto& e : f_.evidence.view())
            if (is_key(p.key, e.key)) set = e.value != 0 && !std::isnan(e.value);
          if (set)
            render(pieces, p.yes, p.no, out);
          else
            render(pieces, p.no, p.end, out);
          k = p.end - 1;
          break;
        }
      }
    }
  }

 private:
  bool value(const Piece& p, std::string& out) const {
    for (const auto& e : f_.evidence.view())
      if (is_key(p.key, e.key)) {
        detail::append_readable(out, e.value, e.unit, l_);
        return true;
      }
    using N = Piece::Name;
    switch (p.name) {
      case N::target:
        detail::append_readable(out, f_.target, info_.metric_unit, l_);
        return true;
      case N::metric:
        detail::append_readable(out, f_.metric, info_.metric_unit, l_);
        return true;
      case N::member:
        if (f_.member == no_index) return false;
        fmt::format_to(std::back_inserter(out), "{} ({})", ds_.members.full_name[f_.member],
                       ds_.members.id[f_.member]);
        return true;
      case N::meeting:
        if (f_.meeting == no_index) return false;
        out += ds_.meetings.id[f_.meeting];
        return true;
      case N::cell:
        if (f_.unit == no_index) return false;
        out += ds_.org_units.name[f_.unit];
        return true;
      case N::committee: {
        if (f_.unit == no_index) return false;
        const Date on = f_.meeting != no_index ? ds_.meetings.date[f_.meeting] : Date();
        word(committee_word(has_committee(ds_, f_.unit, on), l_), p.capital, out);
        return true;
      }
      case N::counterpart:
        if (f_.unit == no_index) return false;
        word(counterpart_word(ds_.org_units.sector[f_.unit], l_), p.capital, out);
        return true;
      case N::none:
        break;
    }
    return false;
  }

  // A word as the key is written: capitalised for {Committee} (the words start in ASCII).
  static void word(std::string_view w, bool capital, std::string& out) {
    const std::size_t at = out.size();
    out.append(w);
    if (capital && out[at] >= 'a' && out[at] <= 'z') out[at] = static_cast<char>(out[at] - 'a' + 'A');
  }

  const Dataset& ds_;
  const RuleInfo& info_;
  const Finding& f_;
  Language l_;
};

}  // namespace

namespace detail {
void append_message(std::string& out, const Dataset& ds, const Policy& policy, const Finding& finding,
                    Language lang) {
  const RuleInfo& info = policy.registry().rules()[finding.rule];
  auto to = std::back_inserter(out);
  if (finding.error) {  // a plugin rule that failed: its own words, which chibo cannot translate
    if (lang == Language::vi)
      fmt::format_to(to, "Không tính được tiêu chí {}: {}", info.id, finding.error);
    else
      fmt::format_to(to, "Rule {} could not be scored: {}", info.id, finding.error);
    return;
  }
  const auto& pieces = pieces_of(lang == Language::vi ? info.message_vi : info.message_en);
  Renderer(ds, info, finding, lang).render(pieces, 0, pieces.size(), out);
}
}  // namespace detail

std::string render_message(const Dataset& ds, const Policy& policy, const Finding& finding, Language lang) {
  std::string out;
  detail::append_message(out, ds, policy, finding, lang);
  return out;
}

}  // namespace chibo
