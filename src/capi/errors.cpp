// The C API's errors and logging: a status per call, the message and the problems of the last
// failure per thread, and log lines sent to the application's callback.
#include "handles.hpp"

#include <chibo/version.hpp>

#include <spdlog/sinks/base_sink.h>
#include <spdlog/spdlog.h>

#include <system_error>

namespace chibo::capi {

namespace {
thread_local std::string last_error;
thread_local std::vector<Diagnostic> last_problems;
}  // namespace

chibo_status fail(chibo_status status, std::string message) {
  last_error = std::move(message);
  last_problems.clear();
  return status;
}

void succeed() noexcept {
  last_error.clear();
  last_problems.clear();
}

chibo_status from_current_exception() noexcept {
  try {
    throw;
  } catch (const InputError& e) {
    const chibo_status s = fail(CHIBO_ERROR_INPUT, e.what());
    last_problems = e.problems();
    return s;
  } catch (const DatabaseError& e) {
    return fail(CHIBO_ERROR_DATABASE, e.what());
  } catch (const std::system_error& e) {
    return fail(CHIBO_ERROR_IO, e.what());
  } catch (const std::invalid_argument& e) {
    return fail(CHIBO_ERROR_ARGUMENT, e.what());
  } catch (const std::bad_alloc&) {
    return fail(CHIBO_ERROR_INTERNAL, "out of memory");
  } catch (const std::exception& e) {
    return fail(CHIBO_ERROR_INTERNAL, e.what());
  } catch (...) {
    return fail(CHIBO_ERROR_INTERNAL, "unknown error");
  }
}

chibo_status copy_out(const std::string& text, char* buffer, std::size_t size, std::size_t* needed) {
  if (needed) *needed = text.size() + 1;
  if (size == 0) return CHIBO_OK;
  if (!buffer) return fail(CHIBO_ERROR_ARGUMENT, "buffer: null with a size above 0");
  const std::size_t n = std::min(size - 1, text.size());
  std::copy_n(text.data(), n, buffer);
  buffer[n] = '\0';
  return CHIBO_OK;
}

namespace {

/// Log lines to the application's function.
class CallbackSink final : public spdlog::sinks::base_sink<std::mutex> {
 public:
  CallbackSink(chibo_log_fn fn, void* user) : fn_(fn), user_(user) {}

 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string text(msg.payload.data(), msg.payload.size());
    fn_(user_, level_of(msg.level), text.c_str());
  }
  void flush_() override {}

 private:
  static chibo_log_level level_of(spdlog::level::level_enum l) {
    switch (l) {
      case spdlog::level::trace:
      case spdlog::level::debug:
        return CHIBO_LOG_DEBUG;
      case spdlog::level::info:
        return CHIBO_LOG_INFO;
      case spdlog::level::warn:
        return CHIBO_LOG_WARNING;
      default:
        return CHIBO_LOG_ERROR;
    }
  }
  chibo_log_fn fn_;
  void* user_;
};

spdlog::level::level_enum spdlog_level(chibo_log_level l) {
  switch (l) {
    case CHIBO_LOG_DEBUG:
      return spdlog::level::debug;
    case CHIBO_LOG_INFO:
      return spdlog::level::info;
    case CHIBO_LOG_WARNING:
      return spdlog::level::warn;
    case CHIBO_LOG_ERROR:
      return spdlog::level::err;
    default:
      return spdlog::level::off;
  }
}

}  // namespace

}  // namespace chibo::capi

using namespace chibo;

extern "C" {

uint32_t chibo_api_version(void) {
  return (CHIBO_C_API_MAJOR << 16) | CHIBO_C_API_MINOR;
}

const char* chibo_version(void) {
  return chibo::version;
}

const char* chibo_last_error(void) {
  return capi::last_error.c_str();
}

size_t chibo_last_problem_count(void) {
  return capi::last_problems.size();
}

chibo_status chibo_last_problem(size_t i, chibo_problem* out) {
  if (!out || i >= capi::last_problems.size()) return CHIBO_ERROR_ARGUMENT;  // keeps the problems
  const Diagnostic& d = capi::last_problems[i];
  *out = {d.file.c_str(), d.line, d.column, d.row_key.c_str(), d.message.c_str()};
  return CHIBO_OK;
}

void chibo_set_log(chibo_log_fn fn, void* user, chibo_log_level min_level) {
  try {
    std::shared_ptr<spdlog::logger> logger;
    if (fn) {
      logger = std::make_shared<spdlog::logger>("chibo", std::make_shared<capi::CallbackSink>(fn, user));
      logger->set_level(capi::spdlog_level(min_level));
    } else {
      logger = std::make_shared<spdlog::logger>("chibo");
      logger->set_level(spdlog::level::off);
    }
    spdlog::set_default_logger(std::move(logger));
  } catch (...) {
    capi::from_current_exception();
  }
}

}  // extern "C"
