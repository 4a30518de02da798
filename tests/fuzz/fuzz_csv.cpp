// libFuzzer target: the CSV reader. Any bytes are split into records without crashing, and the
// indexed reader (next) reads exactly what the byte-at-a-time reader (next_plain) reads.
#include "../../src/csv.hpp"

#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

struct Record {
  chibo::csv::Reader::Status status;
  std::vector<std::string> fields;
  std::size_t offset;
};

std::vector<Record> read_all(std::string_view data, bool indexed, std::size_t window) {
  chibo::csv::Reader reader(data);
  reader.set_window(window);
  std::vector<chibo::csv::Field> fields;
  std::vector<Record> out;
  for (std::size_t guard = 0; guard <= data.size() + 1; ++guard) {
    const auto status = indexed ? reader.next(fields) : reader.next_plain(fields);
    if (status == chibo::csv::Reader::Status::end) return out;
    Record r{status, {}, reader.record_offset()};
    if (status == chibo::csv::Reader::Status::record)
      for (const auto& f : fields) {
        if (f.offset > data.size()) std::abort();  // an offset past the data
        r.fields.emplace_back(f.text);
      }
    out.push_back(std::move(r));
    if (status == chibo::csv::Reader::Status::unclosed_quote) return out;
  }
  std::abort();  // more records than bytes: the reader does not advance
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  const std::string_view data(reinterpret_cast<const char*>(bytes), size);
  const auto plain = read_all(data, false, 64);
  for (const std::size_t window : {std::size_t{64}, std::size_t{1024}}) {  // windows cut records anywhere
    const auto indexed = read_all(data, true, window);
    if (indexed.size() != plain.size()) std::abort();
    for (std::size_t i = 0; i < plain.size(); ++i)
      if (indexed[i].status != plain[i].status || indexed[i].fields != plain[i].fields) std::abort();
  }
  return 0;
}
