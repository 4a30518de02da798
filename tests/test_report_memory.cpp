// What writing a report holds does not grow with the findings written: the same cells with ten
// times the meetings (and findings) are written with about the same memory. Every allocation of
// this program is counted (operator new below), so the figure is exact and does not depend on
// the machine.
#include "files.hpp"
#include "fixture.hpp"

#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <new>
#include <ostream>
#include <streambuf>

namespace {

std::atomic<std::int64_t> live{0}, peak{0};

void count(std::int64_t bytes) noexcept {
  const std::int64_t now = live.fetch_add(bytes, std::memory_order_relaxed) + bytes;
  std::int64_t seen = peak.load(std::memory_order_relaxed);
  while (now > seen && !peak.compare_exchange_weak(seen, now, std::memory_order_relaxed)) {
  }
}

void* allocate(std::size_t n) {
  void* p = std::malloc(n ? n : 1);
  if (!p) throw std::bad_alloc();
  count(static_cast<std::int64_t>(malloc_usable_size(p)));
  return p;
}
void release(void* p) noexcept {
  if (!p) return;
  count(-static_cast<std::int64_t>(malloc_usable_size(p)));
  std::free(p);
}

}  // namespace

void* operator new(std::size_t n) {
  return allocate(n);
}
void* operator new[](std::size_t n) {
  return allocate(n);
}
void operator delete(void* p) noexcept {
  release(p);
}
void operator delete[](void* p) noexcept {
  release(p);
}
void operator delete(void* p, std::size_t) noexcept {
  release(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  release(p);
}

using namespace chibo;
using namespace chibo::test;

namespace {

/// Bytes written, nothing kept.
class CountingBuffer : public std::streambuf {
 public:
  std::uint64_t bytes = 0;

 protected:
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes += static_cast<std::uint64_t>(n);
    return n;
  }
  int_type overflow(int_type c) override {
    ++bytes;
    return c;
  }
};

/// `cells` cells of six members, each with `meetings` meetings over 2025 at which two members
/// are absent without a reason and the notice was late: findings at every meeting.
Fixture cells_with(int cells, int meetings) {
  Fixture f;
  f.tree(cells);
  for (int c = 1; c <= cells; ++c) {
    const std::string cell = "C" + std::to_string(c);
    const auto m = f.members(cell, 6);
    for (int k = 0; k < meetings; ++k) {
      const Date day(boost::gregorian::date(2025, 1, 1) + boost::gregorian::days(k * 364 / meetings));
      const Index g = f.meeting(cell + "G" + std::to_string(k), cell, format_date(day));
      f.ds.meetings.notice_date[g] = f.ds.meetings.date[g];
      for (std::size_t i = 0; i < m.size(); ++i)
        f.attend(g, m[i], i < 4 ? AttendanceStatus::present : AttendanceStatus::absent);
    }
  }
  return f;
}

struct Written {
  std::uint64_t findings = 0, bytes = 0;
  std::int64_t memory = 0;  ///< most bytes allocated at once while writing, above what was before
};

Written write_everything(int meetings_per_cell) {
  Fixture f = cells_with(150, meetings_per_cell);
  ScoreOptions so;
  so.threads = 1;
  f.ds.finalize();
  static const Policy policy = Policy::builtin();
  const Report r = score(f.ds, Period::year(2025), policy, so);
  const auto dir = chibo::test::scratch_root() / "memory";

  const std::int64_t before = live.load();
  peak.store(before);
  CountingBuffer counted;
  std::ostream out(&counted);
  JsonOptions jo;
  jo.findings = FindingsStyle::detail;
  jo.threads = 1;
  write_json(out, r, jo);
  CsvOptions co;
  co.findings = FindingsStyle::detail;
  co.threads = 1;
  write_csv(dir, r, co);
  Written w{r.finding_count(), counted.bytes + std::filesystem::file_size(dir / "findings.csv"),
            peak.load() - before};
  std::filesystem::remove_all(dir);
  return w;
}

}  // namespace

TEST_CASE("writing a report holds the same memory for ten times the findings", "[report][memory]") {
  const Written one = write_everything(12);
  const Written ten = write_everything(120);
  INFO("findings " << one.findings << " → " << ten.findings << ", bytes written " << one.bytes << " → "
                   << ten.bytes << ", memory while writing " << one.memory << " → " << ten.memory);
  REQUIRE(ten.findings >= 8 * one.findings);
  REQUIRE(ten.bytes >= 8 * one.bytes);
  // Holding the findings, or the text, would grow memory with them (a finding is 136 bytes).
  CHECK(ten.memory < 2 * one.memory);
  CHECK(static_cast<std::uint64_t>(ten.memory) < ten.bytes / 4);
}
