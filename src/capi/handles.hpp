// What the C API's handles hold, and how a call turns exceptions into a status and a message
// (internal to the C API).
#pragma once

#include <chibo/chibo.h>
#include <chibo/database.hpp>
#include <chibo/engine.hpp>
#include <chibo/provenance.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

/// Every handle counts its references; the last release deletes it.
struct chibo_refcounted {
  std::atomic<int> refs{1};
};

struct chibo_dataset : chibo_refcounted {
  std::shared_ptr<const chibo::Dataset> dataset;
};

struct chibo_policy : chibo_refcounted {
  std::shared_ptr<const chibo::Registry> registry;
  std::shared_ptr<const chibo::Policy> policy;
};

struct chibo_report : chibo_refcounted {
  std::shared_ptr<const chibo::Dataset> dataset;
  std::shared_ptr<const chibo::Policy> policy;
  std::shared_ptr<const chibo::Registry> registry;
  chibo::Report report;
  // NUL-terminated copies of what units and meetings name, made the first time one is asked for.
  std::once_flag units_once, meetings_once;
  std::vector<std::string> unit_text;     // per unit: id, name, parent id
  std::vector<std::string> meeting_text;  // per meeting: id, cell id
};

struct chibo_findings : chibo_refcounted {
  std::shared_ptr<const chibo::Dataset> dataset;
  std::shared_ptr<const chibo::Policy> policy;
  std::shared_ptr<const chibo::Registry> registry;
  std::vector<chibo::Finding> findings;
  std::vector<std::string> ids;  // per finding: meeting id, member id
};

struct chibo_provenance : chibo_refcounted {
  chibo::Provenance record;
};

struct chibo_dataset_builder {
  chibo::MemoryTables tables;
};

namespace chibo::capi {

/// Records a failure for chibo_last_error and returns its status.
chibo_status fail(chibo_status status, std::string message);
/// Clears the last error (a call that succeeds leaves none).
void succeed() noexcept;

/// Runs f, turning each exception into a status and message; no exception leaves the C API.
template <class F>
chibo_status guarded(F&& f) noexcept;

chibo_status from_current_exception() noexcept;

template <class F>
chibo_status guarded(F&& f) noexcept {
  try {
    const chibo_status s = f();
    if (s == CHIBO_OK) succeed();
    return s;
  } catch (...) {
    return from_current_exception();
  }
}

template <class H>
H* retain(H* h) noexcept {
  if (h) h->refs.fetch_add(1, std::memory_order_relaxed);
  return h;
}
template <class H>
void release(H* h) noexcept {
  if (h && h->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete h;
}

/// Copies text into a caller's buffer as the API promises: at most `size` bytes with a NUL,
/// *needed the full length + 1.
chibo_status copy_out(const std::string& text, char* buffer, std::size_t size, std::size_t* needed);

/// Checks a caller's struct: non-null, and `size` at least what this library fills.
template <class S>
bool sized(const S* s, std::size_t needed) noexcept {
  return s && s->size >= needed;
}

}  // namespace chibo::capi
