// Micro-benchmarks of the hot paths: CSV field parsing, the UTF-8 check, id interning, each measure's rules
// over a loaded dataset, and the whole scoring pass with its roll-up.
#include <chibo/chibo.hpp>

#include "csv.hpp"
#include "id_index.hpp"
#include "text_check.hpp"

#include <benchmark/benchmark.h>
#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace chibo;

namespace {
const Dataset& dataset() {
  static const Dataset ds = [] {
    GenerateOptions o;
    o.preset = Preset::district;
    o.seed = 9;
    return generate(o);
  }();
  return ds;
}

const std::string& attendance_csv() {
  static const std::string text = [] {
    const auto dir = std::filesystem::temp_directory_path() / "chibo-bench-csv";
    write_csv_dataset(dataset(), dir);
    std::ifstream in(dir / "attendance.csv", std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }();
  return text;
}

void csv_fields(benchmark::State& state) {
  const std::string& text = attendance_csv();
  std::vector<csv::Field> fields;
  for (auto _ : state) {
    csv::Reader r(text);
    std::size_t n = 0;
    while (r.next(fields) == csv::Reader::Status::record) n += fields.size();
    benchmark::DoNotOptimize(n);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(csv_fields);

/// The loader's one pass over each part's bytes: UTF-8 and plain NFC (names, task texts).
void text_check(benchmark::State& state) {
  static const std::string text = [] {
    std::string t;
    const auto& names = dataset().members.full_name;
    for (std::size_t i = 0; t.size() < (8u << 20); i = (i + 1) % names.size()) {
      t += names[i];
      t += ",Theo dõi, báo cáo kết quả,2025-02-18\n";
    }
    return t;
  }();
  for (auto _ : state) benchmark::DoNotOptimize(detail::check_text(text));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(text_check);

void id_interning(benchmark::State& state) {
  const auto& ids = dataset().members.id;
  for (auto _ : state) {
    IdIndex index;
    index.build(ids, nullptr);
    std::size_t found = 0;
    for (std::size_t i = 0; i < ids.size(); ++i) found += index.find(ids, ids[i]) == i;
    benchmark::DoNotOptimize(found);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * ids.size()));
}
BENCHMARK(id_interning);

void meeting_facts_all(benchmark::State& state) {
  const Dataset& ds = dataset();
  for (auto _ : state)
    for (Index g = 0; g < ds.meetings.size(); ++g) benchmark::DoNotOptimize(meeting_facts(ds, g));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * ds.meetings.size()));
}
BENCHMARK(meeting_facts_all);

/// The meeting rules of one measure over every meeting's facts.
void measure_rules(benchmark::State& state) {
  const Dataset& ds = dataset();
  const Policy policy = Policy::builtin();
  const auto& reg = policy.registry();
  const std::string measure = fmt::format("M{}", state.range(0));
  std::vector<MeetingFacts> facts;
  for (Index g = 0; g < ds.meetings.size(); ++g) facts.push_back(meeting_facts(ds, g));
  std::vector<std::uint16_t> ids;
  for (auto id : reg.scored(Level::meeting))
    if (reg.rules()[id].measure == measure) ids.push_back(id);
  const Profile& profile = policy.profiles()[1];
  for (auto _ : state) {
    double sum = 0;
    for (const auto& f : facts)
      for (auto id : ids) {
        const Outcome o = reg.rules()[id].meeting_fn(f, profile.rules[id]);
        if (o.applicable()) sum += o.score;
      }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * facts.size()));
}
BENCHMARK(measure_rules)->DenseRange(1, 4);

void score_and_roll_up(benchmark::State& state) {
  const Dataset& ds = dataset();
  const Policy policy = Policy::builtin();
  ScoreOptions o;
  o.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) benchmark::DoNotOptimize(score(ds, Period::year(2025), policy, o));
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * ds.meetings.size()));
}
BENCHMARK(score_and_roll_up)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);
}  // namespace

BENCHMARK_MAIN();
