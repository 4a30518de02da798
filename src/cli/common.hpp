// What the commands of the command line share: arguments, usage errors, loading and the options
// that choose a policy and a period.
#pragma once

#include <chibo/chibo.hpp>
#include <chibo/report.hpp>
#include <chibo/trend.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace chibo::cli {

/// Bad options: exit code 2, like bad input.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

class Args {
 public:
  Args(int argc, char** argv) : items_(argv + 1, argv + argc) {}
  bool empty() const { return pos_ >= items_.size(); }
  std::string next(const char* what);
  std::optional<std::string> peek() const {
    return empty() ? std::nullopt : std::optional<std::string>(items_[pos_]);
  }

 private:
  std::vector<std::string> items_;
  std::size_t pos_ = 0;
};

int parse_int(const std::string& s, const char* what);
double parse_double(const std::string& s, const char* what);
Date parse_date_option(const std::string& s, const char* what);
/// A size in bytes, or a number with K or M (1024-based), of at least `least` bytes.
std::uintmax_t parse_size(const std::string& s, const char* what, std::uintmax_t least);
/// --lang: vi or en.
Language parse_language(const std::string& s);
/// month, quarter or year (--by, --with-trend).
StepLength parse_step_length(const std::string& s, const char* what);
/// --capacity: cells a cadre takes on, 1 to 1000.
std::uint32_t parse_capacity(const std::string& s);

using Clock = std::chrono::steady_clock;
inline double seconds_since(Clock::time_point t) {
  return std::chrono::duration<double>(Clock::now() - t).count();
}

/// The rules a command uses: chibo's own, and those of each --plugin (a policy file may add
/// more). Without plugins, the built-in registry itself.
std::shared_ptr<const Registry> registry_with(const std::vector<std::string>& plugins);

/// What every scoring command takes: the dataset, the policy with its plugins, the period and
/// the threads.
struct ScoringArgs {
  std::string dataset, policy_spec = "default";
  std::vector<std::string> plugins;
  std::optional<int> year;
  std::optional<Date> from, to;
  unsigned threads = 0;
  /// --redact: people's ids and names replaced by keyed pseudonyms in every output; the key
  /// from --redact-key or CHIBO_REDACT_KEY, never written anywhere.
  bool redact = false;
  std::string redact_key;
  /// --max-problems, --max-field, --max-line (LoadOptions).
  LoadOptions limits;

  /// Takes `option` (and its value) if it is one of these; false otherwise.
  bool take(const std::string& option, Args& args);
  /// Checks what was given; `command` names the command in messages.
  void check(const char* command) const;
  /// Loads the dataset, redacted when asked. `names` keeps people's names (only outputs that
  /// show them need them); free text is checked, not kept; the columns and tables the
  /// registry's plugins declare are read too.
  Dataset load_dataset(bool names, const Registry& registry) const;
  /// The period asked for: --year, --from/--to, or the calendar year of the latest meeting.
  Period period(const Dataset& ds, const char* command) const;

 private:
  std::string key() const;
  void protect(Dataset& ds) const;
};

/// Writes an output through `write(stream)` to a file, or to standard output for "-"; a file
/// that cannot be written is an error naming it.
void write_output(const std::string& path, const std::function<void(std::ostream&)>& write);

int cmd_score(Args& args);
int cmd_plan(Args& args);
int cmd_trend(Args& args);
int cmd_compare(Args& args);
int cmd_verify(Args& args);

}  // namespace chibo::cli
