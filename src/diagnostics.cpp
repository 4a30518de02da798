#include <chibo/diagnostics.hpp>

#include <fmt/format.h>

namespace chibo {

std::string Diagnostic::to_string() const {
  if (!row_key.empty()) return fmt::format("{}[{}]: {}", file, row_key, message);
  if (line == 0) return fmt::format("{}: {}", file, message);
  return fmt::format("{}:{}:{}: {}", file, line, column, message);
}

namespace {
std::string summary(const std::vector<Diagnostic>& problems, std::size_t omitted) {
  std::string text;
  for (const auto& p : problems) {
    text += p.to_string();
    text += '\n';
  }
  if (omitted > 0) text += fmt::format("… and {} more problems\n", omitted);
  return text;
}
}  // namespace

InputError::InputError(std::vector<Diagnostic> problems, std::size_t omitted)
    : std::runtime_error(summary(problems, omitted)), problems_(std::move(problems)), omitted_(omitted) {}

}  // namespace chibo
