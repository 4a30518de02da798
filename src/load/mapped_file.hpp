// A table file mapped read-only (internal to the loader).
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string_view>
#include <system_error>

namespace chibo::load {

/// A file mapped read-only: the loader reads tables of gigabytes without copying them, and the
/// mapping can never write back to the input.
class MappedFile {
 public:
  explicit MappedFile(const std::filesystem::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw std::system_error(errno, std::generic_category(), path.string());
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
      const int err = errno;
      ::close(fd);
      throw std::system_error(err, std::generic_category(), path.string());
    }
    size_ = static_cast<std::size_t>(st.st_size);
    if (size_ > 0) {
      void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED) {
        const int err = errno;
        ::close(fd);
        throw std::system_error(err, std::generic_category(), path.string());
      }
      ::madvise(p, size_, MADV_SEQUENTIAL);
      data_ = static_cast<const char*>(p);
    }
    ::close(fd);
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view view() const noexcept { return {data_ ? data_ : "", size_}; }

  /// Maps the pages of a range in one call before they are read: faulting them in as they
  /// are read cost a sixth of a load's time on a virtual machine. A hint only: a kernel
  /// without MADV_POPULATE_READ (before 5.14) faults them in as they are read.
  static void populate(std::string_view range) noexcept {
#if defined(MADV_POPULATE_READ)
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto begin = reinterpret_cast<std::uintptr_t>(range.data()) / page * page;
    const auto end = reinterpret_cast<std::uintptr_t>(range.data()) + range.size();
    if (end > begin) ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_READ);
#else
    (void)range;
#endif
  }

  /// Gives the pages of [begin, end) of the mapping back: a national file has been read once
  /// it is parsed.
  static void release(std::string_view range) noexcept {
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    const auto base = reinterpret_cast<std::uintptr_t>(range.data());
    const std::uintptr_t first = (base + page - 1) / page * page;
    const std::uintptr_t last = (base + range.size()) / page * page;
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
  }

 private:
  const char* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace chibo::load
