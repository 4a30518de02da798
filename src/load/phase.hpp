// Parts and threads: tables cut into parts read in parallel and appended in file order
// (internal to the loader).
#pragma once

#include <chibo/strings.hpp>

#include "../fingerprint.hpp"
#include "../parallel.hpp"
#include "../timing.hpp"
#include "table.hpp"

#include <spdlog/spdlog.h>

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace chibo::load {

/// Moves one column of a part to the end of the table's, keeping the part's capacity for the
/// next part read into it. The first part reserves `scale` times its own size (and a little
/// more): what the whole table will about need, so that the column is not copied as it grows.
template <class T>
inline void take_column(std::vector<T>& into, std::vector<T>& from, double scale) {
  if (into.empty()) {
    into.reserve(static_cast<std::size_t>(static_cast<double>(from.size()) * scale * 1.08) + 16);
    detail::advise_huge_pages(into.data(), into.capacity() * sizeof(T));
  }
  into.insert(into.end(), from.begin(), from.end());
  from.clear();
}
inline void take_column(StringColumn& into, StringColumn& from, double scale) {
  if (into.empty())
    into.reserve(static_cast<std::size_t>(static_cast<double>(from.size()) * scale * 1.08) + 16,
                 static_cast<std::size_t>(static_cast<double>(from.bytes()) * scale * 1.08) + 256);
  into.append(from);
  from.clear();
}

/// One loading phase: tables cut into parts at line breaks, the parts of every table read in
/// parallel (the largest table's first, so that the threads finish together), and each table's
/// parts joined in file order, with its whole-table checks, by the thread that reads its last
/// part (while the other thread goes on reading). A table too small to cut is one part.
class Phase {
 public:
  Phase(unsigned threads, std::size_t part_bytes) : threads_(threads), part_bytes_(part_bytes) {}

  /// `read(table, part)` reads the rows of a table, or of a part of one, into a Part. Each part
  /// is appended to the table's rows by `append(into, from, scale)` as soon as it and the parts
  /// before it are read (`scale`: how many times that part's bytes the table has), and `from`, emptied with
  /// its capacity kept, is read into again by a later part. So the national tables are not held twice, once
  /// in parts and once joined, and a part's columns are not new memory whose every page the kernel must fault
  /// in and zero. `join` then receives one Part with every row.
  template <class Part, class Read, class Append, class Join>
  void add(Table& t, Read read, Append append, Join join) {
    struct State {
      std::vector<std::unique_ptr<Table>> tables;
      std::mutex mutex;
      std::vector<std::unique_ptr<Part>> done;  // read, waiting for the parts before them
      std::vector<std::unique_ptr<Part>> spare;
      std::vector<RowsBuffer> texts;    // by part: its rows copied, until appended
      std::vector<double> scale;        // by part: the table's bytes over the part's
      std::size_t next = 0;             // the next part to append
      detail::Fingerprint fingerprint;  // of the bytes before `next`'s, in file order
      bool appending = false;           // a thread is appending; the others only leave their parts
      Part rows;
      std::atomic<std::size_t> remaining{0};
    };
    auto state = std::make_shared<State>();
    const auto bounds = t.split(part_bytes_);
    const std::size_t n = bounds.size() - 1;
    state->done.resize(n);
    state->texts.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t bytes = bounds[i + 1] - bounds[i];  // 0 for a table of no rows
      state->scale.push_back(bytes ? static_cast<double>(t.bytes()) / static_cast<double>(bytes) : 1.0);
    }
    state->remaining = n;
    // The whole text is fingerprinted, header and all, in file order as parts are appended:
    // each part's pages are given back only once they are.
    state->fingerprint.update(t.text().substr(0, bounds.front()));
    if (n == 0) t.set_fingerprint(state->fingerprint.hex());
    auto finish = [state, &t, read, join] {
      const Verdict v = verdict(t, state->tables);
      if (v == Verdict::not_utf8) return;
      std::vector<Part> whole(1);
      if (v == Verdict::read_again)
        read_again(t, read, whole.front());
      else
        whole.front() = std::move(state->rows);
      state->tables.clear();
      state->spare.clear();
      join(whole);
    };
    for (std::size_t i = 0; i < n; ++i) {
      state->tables.push_back(t.part(bounds[i], bounds[i + 1]));
      reads_.push_back(
          {t.bytes(), i, [state, pool = buffers_, i, n, &t, tail = bounds.back(), read, append, finish] {
             std::unique_ptr<Part> part;
             RowsBuffer text;
             {
               const std::lock_guard lock(state->mutex);
               if (!state->spare.empty()) {
                 part = std::move(state->spare.back());
                 state->spare.pop_back();
               }
             }
             pool->take(text);
             if (!part) part = std::make_unique<Part>();
             Table& table = *state->tables[i];
             table.copy_rows(text);
             read(table, *part);
             std::unique_lock lock(state->mutex);
             state->done[i] = std::move(part);
             state->texts[i] = std::move(text);
             if (!state->appending) {
               state->appending = true;
               while (state->next < n && state->done[state->next]) {
                 auto ready = std::move(state->done[state->next]);
                 const double scale = state->scale[state->next];
                 const Table& done = *state->tables[state->next];
                 lock.unlock();
                 state->fingerprint.update(done.rows_text());
                 done.release();
                 append(state->rows, *ready, scale);
                 lock.lock();
                 state->spare.push_back(std::move(ready));
                 pool->give(std::move(state->texts[state->next]));
                 if (++state->next == n) {
                   state->fingerprint.update(t.text().substr(tail));
                   t.set_fingerprint(state->fingerprint.hex());
                 }
               }
               state->appending = false;
             }
             lock.unlock();
             if (--state->remaining == 0) finish();
           }});
    }
  }

  void run() {
    const auto t0 = detail::Clock::now();
    std::stable_sort(reads_.begin(), reads_.end(),
                     [](const Job& a, const Job& b) { return a.table_bytes > b.table_bytes; });
    std::vector<std::function<void()>> jobs;
    for (auto& j : reads_) jobs.push_back(std::move(j.run));
    detail::run_parallel(jobs, threads_);
    spdlog::debug("load: {} parts read and joined in {:.3f} s ({} buffers of {} MB)", reads_.size(),
                  detail::seconds_since(t0), buffers_->count(), buffers_->bytes() >> 20);
    reads_.clear();
  }

 private:
  /// How a table stands once its parts are read.
  enum class Verdict { not_utf8, read_again, as_read };
  /// not_utf8: a part found a byte that is not UTF-8, and the table's first one is reported
  /// (the table is not read). read_again: a cut fell inside quotes, or the quoting is broken,
  /// in a table of several parts. as_read: the parts' problems are now the table's.
  static Verdict verdict(Table& t, const std::vector<std::unique_ptr<Table>>& parts) {
    bool suspect = false, broken = false;
    for (const auto& p : parts) {
      suspect = suspect || p->suspect();
      broken = broken || p->structural();
    }
    if (suspect && !t.check_utf8()) return Verdict::not_utf8;
    if (broken && parts.size() > 1) return Verdict::read_again;
    for (const auto& p : parts) t.absorb(*p);
    return Verdict::as_read;
  }
  /// Reads the table as one part, so that its problems are those a sequential read finds.
  template <class Part, class Read>
  static void read_again(Table& t, Read& read, Part& into) {
    spdlog::debug("load: {}: a cut fell inside quotes; read again in one part", t.table());
    auto whole = t.part(t.rows_begin(), t.rows_end());
    read(*whole, into);
    t.absorb(*whole);
  }

  /// Buffers that parts copy their rows into, passed from table to table: memory a process
  /// touches for the first time is dear on a virtual machine, and reused it is not.
  class Buffers {
   public:
    void take(RowsBuffer& into) {
      const std::lock_guard lock(mutex_);
      if (spare_.empty()) return;
      into = std::move(spare_.back());
      spare_.pop_back();
    }
    void give(RowsBuffer buffer) {
      const std::lock_guard lock(mutex_);
      spare_.push_back(std::move(buffer));
    }

    std::size_t count() {
      const std::lock_guard lock(mutex_);
      return spare_.size();
    }
    std::size_t bytes() {
      const std::lock_guard lock(mutex_);
      std::size_t n = 0;
      for (const auto& b : spare_) n += b.capacity();
      return n;
    }

   private:
    std::mutex mutex_;
    std::vector<RowsBuffer> spare_;
  };

  struct Job {
    std::size_t table_bytes, part;
    std::function<void()> run;
  };

  unsigned threads_;
  std::size_t part_bytes_;
  std::vector<Job> reads_;
  std::shared_ptr<Buffers> buffers_ = std::make_shared<Buffers>();
};

}  // namespace chibo::load
