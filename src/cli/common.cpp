#include "common.hpp"

#include <chibo/privacy.hpp>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <system_error>

namespace chibo::cli {

std::string Args::next(const char* what) {
  if (empty()) throw UsageError(fmt::format("expected {}", what));
  return items_[pos_++];
}

int parse_int(const std::string& s, const char* what) {
  try {
    std::size_t used = 0;
    const int v = std::stoi(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw UsageError(fmt::format("{}: expected a whole number; got \"{}\"", what, s));
}

double parse_double(const std::string& s, const char* what) {
  try {
    std::size_t used = 0;
    const double v = std::stod(s, &used);
    if (used == s.size()) return v;
  } catch (const std::exception&) {
  }
  throw UsageError(fmt::format("{}: expected a number; got \"{}\"", what, s));
}

StepLength parse_step_length(const std::string& s, const char* what) {
  if (s == "month") return StepLength::month;
  if (s == "quarter") return StepLength::quarter;
  if (s == "year") return StepLength::year;
  throw UsageError(fmt::format("{}: expected month, quarter or year; got \"{}\"", what, s));
}

std::uint32_t parse_capacity(const std::string& s) {
  const int n = parse_int(s, "--capacity");
  if (n < 1 || n > 1000) throw UsageError("--capacity: expected a count from 1 to 1000");
  return static_cast<std::uint32_t>(n);
}

Date parse_date_option(const std::string& s, const char* what) {
  const Date d = parse_date(s);
  if (d.is_special()) throw UsageError(fmt::format("{}: expected a date YYYY-MM-DD; got \"{}\"", what, s));
  return d;
}

std::uintmax_t parse_size(const std::string& s, const char* what, std::uintmax_t least) {
  std::string digits = s;
  std::uintmax_t unit = 1;
  if (!s.empty() && (s.back() == 'K' || s.back() == 'k' || s.back() == 'M' || s.back() == 'm')) {
    unit = (s.back() == 'K' || s.back() == 'k') ? 1024 : 1024 * 1024;
    digits.pop_back();
  }
  const int n = parse_int(digits, what);
  if (n < 1 || static_cast<std::uintmax_t>(n) * unit < least)
    throw UsageError(fmt::format("{}: expected a size of at least {}; got \"{}\"", what,
                                 least % 1024 == 0 ? fmt::format("{}K", least / 1024) : std::to_string(least),
                                 s));
  return static_cast<std::uintmax_t>(n) * unit;
}

Language parse_language(const std::string& s) {
  if (s == "vi") return Language::vi;
  if (s == "en") return Language::en;
  throw UsageError(fmt::format("--lang: expected vi or en; got \"{}\"", s));
}

std::shared_ptr<const Registry> registry_with(const std::vector<std::string>& plugins) {
  if (plugins.empty()) return {std::shared_ptr<const Registry>(), &Registry::builtin()};
  auto registry = std::make_shared<Registry>(Registry::builtin());
  for (const auto& p : plugins) registry->load_plugin(p);
  return registry;
}

void write_output(const std::string& path, const std::function<void(std::ostream&)>& write) {
  if (path == "-") {
    write(std::cout);
    return;
  }
  std::ofstream out(path, std::ios::binary);
  if (!out) throw std::system_error(errno, std::generic_category(), path);
  write(out);
  if (!out) throw std::system_error(errno, std::generic_category(), path);
}

bool ScoringArgs::take(const std::string& a, Args& args) {
  if (a == "--year")
    year = parse_int(args.next("a year after --year"), "--year");
  else if (a == "--from")
    from = parse_date_option(args.next("a date after --from"), "--from");
  else if (a == "--to")
    to = parse_date_option(args.next("a date after --to"), "--to");
  else if (a == "--policy")
    policy_spec = args.next("a policy after --policy");
  else if (a == "--plugin")
    plugins.push_back(args.next("a plugin library after --plugin"));
  else if (a == "--threads")
    threads = static_cast<unsigned>(parse_int(args.next("a thread count"), "--threads"));
  else if (a == "--redact")
    redact = true;
  else if (a == "--redact-key")
    redact_key = args.next("a key after --redact-key");
  else if (a == "--max-problems")
    limits.max_problems =
        static_cast<std::size_t>(parse_int(args.next("a count after --max-problems"), "--max-problems"));
  else if (a == "--max-field")
    limits.max_field_bytes = parse_size(args.next("a size after --max-field"), "--max-field", 1);
  else if (a == "--max-line")
    limits.max_line_bytes = parse_size(args.next("a size after --max-line"), "--max-line", 1);
  else if (!a.empty() && a[0] != '-' && dataset.empty())
    dataset = a;
  else
    return false;
  return true;
}

void ScoringArgs::check(const char* command) const {
  if (dataset.empty())
    throw UsageError(
        fmt::format("{}: expected a dataset (a folder, an SQLite file or a postgresql:// URL)", command));
  if (year && (from || to))
    throw UsageError(fmt::format("{}: give --year or --from/--to, not both", command));
  if (year && (*year < 1900 || *year > 9999)) throw UsageError("--year: expected a year from 1900 to 9999");
  if (from.has_value() != to.has_value())
    throw UsageError(fmt::format("{}: --from and --to go together", command));
  if (from && *to < *from) throw UsageError(fmt::format("{}: expected --from on or before --to", command));
  if (!redact_key.empty() && !redact) throw UsageError("--redact-key goes with --redact");
  if (limits.max_problems < 1) throw UsageError("--max-problems: expected a count of at least 1");
  if (redact && key().size() < min_redact_key)
    throw UsageError(
        fmt::format("--redact: expected a key of at least {} characters in --redact-key or the "
                    "environment variable CHIBO_REDACT_KEY",
                    min_redact_key));
}

std::string ScoringArgs::key() const {
  if (!redact_key.empty()) return redact_key;
  const char* env = std::getenv("CHIBO_REDACT_KEY");
  return env ? env : "";
}

void ScoringArgs::protect(Dataset& ds) const {
  if (redact) chibo::redact(ds, key());
}

// Text that no output of the command shows is checked, not kept: a national year's is about 1 GB.
Dataset ScoringArgs::load_dataset(bool names, const Registry& registry) const {
  const auto t0 = Clock::now();
  LoadOptions lo = limits;
  lo.threads = threads;
  lo.keep_names = names;
  lo.keep_free_text = false;
  lo.extensions = &registry.extensions();
  Dataset ds = chibo::load_dataset(dataset, lo);
  spdlog::info("loaded {} members, {} meetings, {} attendance rows in {:.2f} s", ds.members.size(),
               ds.meetings.size(), ds.attendance.size(), seconds_since(t0));
  protect(ds);
  return ds;
}

Period ScoringArgs::period(const Dataset& ds, const char* command) const {
  if (year) return Period::year(*year);
  if (from) return {*from, *to};
  Date latest;
  for (Date d : ds.meetings.date)
    if (latest.is_special() || d > latest) latest = d;
  if (latest.is_special())
    throw UsageError(fmt::format("{}: the dataset has no meetings; give --year", command));
  return Period::year(latest.year());
}

}  // namespace chibo::cli
