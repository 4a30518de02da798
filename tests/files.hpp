// Whole files in and out, for tests that mangle a dataset's tables, and a scratch folder.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <system_error>

namespace chibo::test {

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

inline void write_file(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary | std::ios::trunc) << text;
}

/// This test process's folder under the system's temporary folder, removed when the process
/// ends, so that runs leave nothing behind.
inline const std::filesystem::path& scratch_root() {
  static const struct Root {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("chibo-test-" + std::to_string(::getpid()));
    Root() { std::filesystem::create_directories(path); }
    ~Root() {
      std::error_code ignored;
      std::filesystem::remove_all(path, ignored);
    }
  } root;
  return root.path;
}

}  // namespace chibo::test
