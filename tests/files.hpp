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

namespace chibo::test {

/// A JSON report without its provenance record, which names where the data was read from (a
/// folder's files, a database's tables): for tests that compare reports of the same data read
/// from different sources. The record's row counts stay, one "name:rows" line each.
inline std::string without_provenance(std::string json) {
  const auto begin = json.find("\"provenance\":");
  if (begin == std::string::npos) return json;
  const auto end = json.find("]},\n", begin) + 4;
  std::string rows;
  for (auto at = json.find("{\"name\":\"", begin); at < end; at = json.find("{\"name\":\"", at + 1)) {
    const auto name = at + 9, count = json.find("\"rows\":", at) + 7;
    rows += json.substr(name, json.find('"', name) - name) + ":" +
            json.substr(count, json.find_first_of(",}", count) - count) + "\n";
  }
  return json.replace(begin, end - begin, rows);
}

}  // namespace chibo::test
