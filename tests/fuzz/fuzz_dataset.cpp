// libFuzzer target: the whole dataset loader. An input is a dataset folder packed into one text
// (each table after a line "##NAME", docs/reliability.md); it is written out, loaded with the
// plain-row fast path and without it, and scored when accepted. Both loads must agree: the same
// problems, or the same report. A third load checks names and free text without keeping them,
// as the CLI does: the same problems, or the same scores (the findings' messages name members).
#include <chibo/chibo.hpp>

#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

const fs::path& folder() {
  static const fs::path dir = [] {
    const fs::path shm = "/dev/shm";
    const fs::path base = fs::is_directory(shm) ? shm : fs::temp_directory_path();
    return base / ("chibo-fuzz-dataset-" + std::to_string(::getpid()));
  }();
  return dir;
}

bool table_name(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  for (const char c : s)
    if (!(c == '_' || (c >= 'a' && c <= 'z'))) return false;
  return true;
}

// "##name\n" starts a table; text before the first is ignored.
void unpack(std::string_view data) {
  fs::remove_all(folder());
  fs::create_directories(folder());
  std::size_t at = data.rfind("##", 0) == 0 ? 0 : data.find("\n##");
  while (at != std::string_view::npos) {
    if (data[at] == '\n') ++at;
    const std::size_t name_end = data.find('\n', at);
    if (name_end == std::string_view::npos) return;
    const std::string_view name = data.substr(at + 2, name_end - at - 2);
    const std::size_t next = data.find("\n##", name_end);
    const std::string_view body = data.substr(
        name_end + 1, next == std::string_view::npos ? std::string_view::npos : next + 1 - name_end - 1);
    if (table_name(name)) std::ofstream(folder() / (std::string(name) + ".csv"), std::ios::binary) << body;
    at = next;
  }
}

struct Outcome {
  std::string text;    // the report, or "rejected" and the problems
  std::string scores;  // the report without findings, or the same as text
};

Outcome outcome(bool plain_rows, bool keep_text, bool scores_only) {
  chibo::LoadOptions o;
  o.threads = 1;
  o.part_bytes = 256;  // small files still cut into parts
  o.plain_rows = plain_rows;
  o.keep_names = o.keep_free_text = keep_text;
  try {
    const chibo::Dataset ds = chibo::load_csv(folder(), o);
    const chibo::Policy policy = chibo::Policy::builtin();
    chibo::ScoreOptions so;
    so.threads = 1;
    const chibo::Report r = chibo::score(ds, chibo::Period::year(2025), policy, so);
    Outcome out;
    chibo::JsonOptions jo;
    if (!scores_only) {
      std::ostringstream json;
      chibo::write_json(json, r, jo);
      out.text = json.str();
    }
    jo.findings = chibo::FindingsStyle::none;
    std::ostringstream scores;
    chibo::write_json(scores, r, jo);
    out.scores = scores.str();
    return out;
  } catch (const chibo::InputError& e) {
    if (e.problems().empty()) std::abort();  // rejected without saying why
    std::string text = "rejected\n";
    for (const auto& p : e.problems()) text += p.to_string() + "\n";
    return {text, text};
  }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  spdlog::set_level(spdlog::level::off);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* bytes, std::size_t size) {
  unpack(std::string_view(reinterpret_cast<const char*>(bytes), size));
  const Outcome first = outcome(true, true, false);
  if (first.text != outcome(false, true, false).text) std::abort();
  if (first.scores != outcome(true, false, true).scores) std::abort();
  if (std::getenv("CHIBO_FUZZ_SHOW"))
    std::fprintf(stderr, "%.200s\n", first.text.c_str());  // what an input gave
  std::error_code ignored;
  fs::remove_all(folder(), ignored);  // libFuzzer may end without running atexit handlers
  return 0;
}
