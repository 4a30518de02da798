#include "checks.hpp"

#include <fmt/format.h>

#include <map>
#include <numeric>

#include <algorithm>
#include <bit>
#include <span>

namespace chibo::load {

void index_unique(RowProblems& problems, int c, const StringColumn& ids, IdIndex& index) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> dups;
  index.build(ids, &dups);
  if (dups.empty()) return;
  std::vector<std::uint32_t> rows;
  for (const auto& dup : dups) rows.push_back(dup.first);
  std::sort(rows.begin(), rows.end());
  std::vector<std::string> messages;
  for (const auto r : rows)
    messages.push_back(fmt::format("id: expected a unique id; got {} again", shown(ids[r])));
  problems.fail_rows(rows, c, messages);
}

void check_unique(RowProblems& problems, int c, const StringColumn& ids) {
  bool increasing = true;
  for (std::size_t i = 1; i < ids.size() && increasing; ++i) increasing = ids[i - 1] < ids[i];
  if (increasing) return;
  IdIndex index;
  index_unique(problems, c, ids, index);
}

void resolve_parents(RowProblems& problems, int c, OrgUnits& o, const IdIndex& index,
                     const StringColumn& parent_ids) {
  o.parent.assign(o.size(), no_index);
  std::vector<std::uint32_t> rows;
  std::vector<std::string> messages;
  for (Index u = 0; u < o.size(); ++u) {
    if (parent_ids[u].empty()) continue;
    const Index p = index.find(o.id, parent_ids[u]);
    if (p == no_index) {
      rows.push_back(u);
      messages.push_back(
          fmt::format("parent_id: expected an id from org_units.csv; got {}", shown(parent_ids[u])));
    } else if (o.kind[p] == OrgKind::cell) {
      rows.push_back(u);
      messages.push_back(
          fmt::format("parent_id: expected a committee; got {}, which is a cell", shown(parent_ids[u])));
    } else {
      o.parent[u] = p;
    }
  }
  if (!rows.empty()) problems.fail_rows(rows, c, messages);
  if (auto u = OrgTree::find_cycle(o.parent)) {
    const std::uint32_t row[] = {*u};
    problems.fail_rows(
        row, c, {fmt::format("parent_id: expected a tree; unit {} is its own ancestor", shown(o.id[*u]))});
    std::fill(o.parent.begin(), o.parent.end(), no_index);
  }
}

namespace {

/// The members seen twice in one run of a meeting's rows (`run`, sorted here), as pairs.
void repeats_in(std::span<Index> run, Index meeting, std::vector<std::uint64_t>& pairs) {
  if (run.size() < 2) return;
  std::sort(run.begin(), run.end());
  for (std::size_t i = 1; i < run.size(); ++i)
    if (run[i] == run[i - 1] && (i == 1 || run[i - 1] != run[i - 2]))
      pairs.push_back((std::uint64_t{meeting} << 32) | run[i]);
}

/// Exports that list a meeting's rows together: each run checked as it ends, in one pass. False
/// (and nothing found) as soon as a meeting's rows come back after another's.
bool repeats_grouped(const Attendance& a, std::size_t meetings, std::vector<std::uint64_t>& pairs) {
  std::vector<std::uint8_t> started(meetings, 0);
  std::vector<Index> run;
  Index current = no_index;
  for (std::uint32_t r = 0; r < a.size(); ++r) {
    const Index g = a.meeting[r], m = a.member[r];
    if (g == no_index || m == no_index) continue;
    if (g != current) {
      repeats_in(run, current, pairs);
      run.clear();
      if (started[g]) {
        pairs.clear();
        return false;
      }
      started[g] = 1;
      current = g;
    }
    run.push_back(m);
  }
  repeats_in(run, current, pairs);
  return true;
}

// Rows in any other order are grouped by meeting with a two-level counting sort, so that every
// pass stays in cache: first into buckets of 2^k meetings (k chosen so that a meeting's low bits
// and a member fit one 32-bit key), then each bucket by meeting. A one-level sort of a shuffled
// national file scattered 61 million rows at random and took a sixth of its load.
std::vector<std::uint64_t> repeats_bucketed(const Dataset& ds, unsigned key_bits) {
  const auto& a = ds.attendance;
  const unsigned member_bits = std::max(1u, static_cast<unsigned>(std::bit_width(ds.members.size() - 1)));
  const unsigned low_bits = std::max(key_bits, member_bits) - member_bits;  // of a meeting, in a key
  const std::uint64_t low_mask = (std::uint64_t{1} << low_bits) - 1;
  const std::size_t buckets = (ds.meetings.size() >> low_bits) + 1;

  std::vector<std::uint32_t> start(buckets + 1, 0);
  for (std::uint32_t r = 0; r < a.size(); ++r)
    if (a.meeting[r] != no_index && a.member[r] != no_index) ++start[(a.meeting[r] >> low_bits) + 1];
  for (std::size_t b = 1; b <= buckets; ++b) start[b] += start[b - 1];
  std::vector<std::uint32_t> keys(start[buckets]);
  {
    std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
    for (std::uint32_t r = 0; r < a.size(); ++r) {
      const Index g = a.meeting[r], m = a.member[r];
      if (g == no_index || m == no_index) continue;
      keys[fill[g >> low_bits]++] = static_cast<std::uint32_t>(((g & low_mask) << member_bits) | m);
    }
  }

  std::vector<std::uint64_t> repeated_pairs;
  std::vector<Index> members;
  std::vector<std::uint32_t> at;
  const std::uint32_t member_mask = static_cast<std::uint32_t>((std::uint64_t{1} << member_bits) - 1);
  for (std::size_t b = 0; b < buckets; ++b) {
    const std::uint32_t begin = start[b], end = start[b + 1];
    if (end - begin < 2) continue;
    // This bucket's rows by meeting (its low bits), members in each.
    const std::size_t meetings = std::min<std::size_t>(low_mask + 1, ds.meetings.size() - (b << low_bits));
    at.assign(meetings + 1, 0);
    for (std::uint32_t i = begin; i < end; ++i) ++at[(keys[i] >> member_bits) + 1];
    for (std::size_t g = 1; g <= meetings; ++g) at[g] += at[g - 1];
    members.resize(end - begin);
    for (std::uint32_t i = begin; i < end; ++i) members[at[keys[i] >> member_bits]++] = keys[i] & member_mask;
    std::uint32_t from = 0;
    for (std::size_t g = 0; g < meetings; ++g) {
      const std::uint32_t to = at[g];  // now the end of meeting g's members
      repeats_in(std::span(members).subspan(from, to - from), static_cast<Index>((b << low_bits) + g),
                 repeated_pairs);
      from = to;
    }
  }
  return repeated_pairs;
}

}  // namespace

// Rows whose meeting or member did not resolve are left out.
void check_duplicate_attendance(RowProblems& problems, int c, const Dataset& ds, unsigned key_bits) {
  const auto& a = ds.attendance;
  if (ds.meetings.size() == 0 || ds.members.size() == 0) return;
  // (meeting, member) pairs seen more than once, as meeting << 32 | member.
  std::vector<std::uint64_t> repeated_pairs;
  if (!repeats_grouped(a, ds.meetings.size(), repeated_pairs))
    repeated_pairs = repeats_bucketed(ds, key_bits);
  if (repeated_pairs.empty()) return;

  // Every row after the first of a repeated pair, in file order.
  std::sort(repeated_pairs.begin(), repeated_pairs.end());
  std::vector<std::uint8_t> seen(repeated_pairs.size(), 0);
  std::vector<std::uint32_t> repeated;
  for (std::uint32_t r = 0; r < a.size(); ++r) {
    const Index g = a.meeting[r], m = a.member[r];
    if (g == no_index || m == no_index) continue;
    const std::uint64_t pair = (std::uint64_t{g} << 32) | m;
    const auto it = std::lower_bound(repeated_pairs.begin(), repeated_pairs.end(), pair);
    if (it == repeated_pairs.end() || *it != pair) continue;
    auto& s = seen[static_cast<std::size_t>(it - repeated_pairs.begin())];
    if (s) repeated.push_back(r);
    s = 1;
  }
  std::vector<std::string> messages;
  for (const auto r : repeated)
    messages.push_back(fmt::format(
        "member_id: expected one attendance row per member and meeting; got {} again for meeting {}",
        shown(ds.members.id[a.member[r]]), shown(ds.meetings.id[a.meeting[r]])));
  problems.fail_rows(repeated, c, messages);
}

}  // namespace chibo::load

namespace chibo::load {

namespace {

// Problems found at several columns, handed over column by column in row order.
class Located {
 public:
  void add(std::uint32_t row, int column, std::string message) {
    by_column_[column].emplace_back(row, std::move(message));
  }
  void report(RowProblems& problems) {
    for (auto& [column, list] : by_column_) {
      std::stable_sort(list.begin(), list.end(), [](auto& a, auto& b) { return a.first < b.first; });
      std::vector<std::uint32_t> rows;
      std::vector<std::string> messages;
      for (auto& [row, message] : list) {
        rows.push_back(row);
        messages.push_back(std::move(message));
      }
      problems.fail_rows(rows, column, messages);
    }
  }
  bool empty() const noexcept { return by_column_.empty(); }

 private:
  std::map<int, std::vector<std::pair<std::uint32_t, std::string>>> by_column_;
};

std::string day(Date d) {
  return d.is_special() ? std::string("(empty)") : format_date(d);  // an open `to`
}

}  // namespace

void check_one_rating_a_year(RowProblems& problems, int c, const Ratings& ratings, const OrgUnits& units) {
  std::vector<Index> order(ratings.size());
  std::iota(order.begin(), order.end(), 0);
  auto key = [&](Index r) { return std::pair(ratings.cell[r], ratings.year[r]); };
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return key(a) < key(b); });
  std::vector<std::uint32_t> rows;
  for (std::size_t i = 1; i < order.size(); ++i)
    if (ratings.cell[order[i]] != no_index && key(order[i]) == key(order[i - 1])) rows.push_back(order[i]);
  if (rows.empty()) return;
  std::sort(rows.begin(), rows.end());
  std::vector<std::string> messages;
  for (const auto r : rows)
    messages.push_back(
        fmt::format("year: expected one classification per cell and year; got {} again for cell {}",
                    ratings.year[r], shown(units.id[ratings.cell[r]])));
  problems.fail_rows(rows, c, messages);
}

void check_history(RowProblems& problems, HistoryColumns c, const OrgHistory& h, const OrgUnits& units) {
  Located found;
  const std::size_t n = h.size();
  std::vector<bool> usable(n, true);
  for (Index r = 0; r < n; ++r) {
    if (h.unit[r] == no_index || h.parent[r] == no_index || h.from[r].is_special()) {
      usable[r] = false;  // a value reported where it was read
    } else if (!h.to[r].is_special() && h.to[r] < h.from[r]) {
      found.add(
          r, c.to,
          fmt::format("to: expected a date on or after from ({}); got {}", day(h.from[r]), day(h.to[r])));
      usable[r] = false;
    }
  }

  // Each unit's rows by when they begin.
  std::vector<Index> order;
  for (Index r = 0; r < n; ++r)
    if (usable[r]) order.push_back(r);
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) {
    return h.unit[a] != h.unit[b] ? h.unit[a] < h.unit[b] : h.from[a] < h.from[b];
  });
  for (std::size_t i = 1; i < order.size(); ++i) {
    const Index a = order[i - 1], b = order[i];
    if (h.unit[a] != h.unit[b]) continue;
    const auto unit = shown(units.id[h.unit[b]]);
    if (h.to[a].is_special() || h.from[b] <= h.to[a]) {
      found.add(b, c.from,
                fmt::format("from: expected a date after {}, when the unit's row from {} ends; got {} (the "
                            "rows of unit {} overlap)",
                            day(h.to[a]), day(h.from[a]), day(h.from[b]), unit));
    } else if (h.from[b] > h.to[a] + boost::gregorian::days(1)) {
      found.add(b, c.from,
                fmt::format("from: expected {}, the day after the unit's previous row ends; got {} (a gap in "
                            "the history of unit {})",
                            day(h.to[a] + boost::gregorian::days(1)), day(h.from[b]), unit));
    }
  }
  if (!found.empty()) {
    found.report(problems);
    return;  // the dates are wrong: a tree on each date would only repeat them
  }

  // Rows of each unit, to find the parent in force on a date.
  std::vector<std::uint32_t> first(units.size() + 1, 0);
  for (Index r : order) ++first[h.unit[r] + 1];
  std::partial_sum(first.begin(), first.end(), first.begin());
  auto parent_on = [&](Index u, Date d) {
    for (auto i = first[u]; i < first[u + 1]; ++i) {
      const Index r = order[i];
      if (h.from[r] <= d && (h.to[r].is_special() || d <= h.to[r])) return h.parent[r];
    }
    return units.parent[u];
  };

  // A cycle on a date has a link that changed that day: walk up from each unit whose parent
  // changed, marking units known to reach a root.
  struct Change {
    Date on;
    Index row;
    bool ends;  // the day after the row's `to`
  };
  std::vector<Change> changes;
  for (Index r : order) {
    changes.push_back({h.from[r], r, false});
    if (!h.to[r].is_special() && h.to[r] < Date(boost::gregorian::max_date_time))
      changes.push_back({h.to[r] + boost::gregorian::days(1), r, true});
  }
  std::stable_sort(changes.begin(), changes.end(), [](auto& a, auto& b) { return a.on < b.on; });
  std::vector<std::uint32_t> seen(units.size(), 0);  // the walk that last passed a unit
  std::uint32_t walk = 0, day_start = 1;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    if (i == 0 || changes[i].on != changes[i - 1].on) day_start = walk + 1;
    const Change& ch = changes[i];
    ++walk;
    Index u = h.unit[ch.row];
    bool cycle = false;
    for (std::size_t steps = 0; u != no_index && steps <= units.size(); ++steps) {
      if (seen[u] == walk) {
        cycle = true;
        break;
      }
      if (seen[u] >= day_start) break;  // an earlier walk of the day went on from here
      seen[u] = walk;
      u = parent_on(u, ch.on);
    }
    if (!cycle) continue;
    const auto unit = shown(units.id[h.unit[ch.row]]);
    if (ch.ends)
      found.add(
          ch.row, c.to,
          fmt::format("to: expected a tree on {}, the day after this row ends; unit {} would then be its "
                      "own ancestor",
                      day(ch.on), unit));
    else
      found.add(ch.row, c.parent,
                fmt::format("parent_id: expected a tree on {}; this parent makes unit {} its own ancestor",
                            day(ch.on), unit));
  }
  found.report(problems);
}

}  // namespace chibo::load
