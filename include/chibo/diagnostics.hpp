// Problems found in input, each located at file:line:column, or at a database table's row.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace chibo {

/// One problem in an input file. Line and column are 1-based; the column counts characters
/// (code points) from the start of the line to the start of the offending field, so that an
/// editor jumps to it. Line 0 means the problem concerns the whole file.
///
/// A problem in a database's table has `file` naming the database and table
/// (`data.sqlite:attendance`), `line` the row's position as read (primary-key order), `column`
/// the column's position, and `row_key` the row's key (`meeting_id=MT7, member_id=M12`).
struct Diagnostic {
  std::string file;
  std::size_t line = 0;
  std::size_t column = 0;
  std::string message;  ///< e.g. `status: expected one of present, late, excused, absent; got "co mat"`
  std::string row_key;  ///< a database row's key; empty for a file

  /// `file:line:column: message`, or `file[row_key]: message` for a database's row.
  std::string to_string() const;
  friend bool operator==(const Diagnostic&, const Diagnostic&) = default;
};

/// Thrown when input is rejected; carries every problem found (up to the loader's limit).
class InputError : public std::runtime_error {
 public:
  explicit InputError(std::vector<Diagnostic> problems, std::size_t omitted = 0);
  const std::vector<Diagnostic>& problems() const noexcept { return problems_; }
  /// Problems found beyond the limit and not listed.
  std::size_t omitted() const noexcept { return omitted_; }

 private:
  std::vector<Diagnostic> problems_;
  std::size_t omitted_;
};

}  // namespace chibo
