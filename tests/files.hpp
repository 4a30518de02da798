// Whole files in and out, for tests that mangle a dataset's tables.
#pragma once

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

}  // namespace chibo::test
