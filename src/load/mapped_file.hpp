// A table file mapped read-only (internal to the loader).
#pragma once

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chibo/strings.hpp>

#include <cerrno>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <new>
#include <span>
#include <string_view>
#include <system_error>
#include <utility>

namespace chibo::load {

/// A file mapped read-only, and open: the loader reads a part of a table with read_part() into
/// a buffer it reuses, and the rest (the header, the text around problems) through the mapping,
/// which can never write back to the input.
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
    fd_ = fd;
  }
  ~MappedFile() {
    if (data_) ::munmap(const_cast<char*>(data_), size_);
    ::close(fd_);
  }
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;
  std::string_view view() const noexcept { return {data_ ? data_ : "", size_}; }

  /// Copies bytes [offset, offset + into.size()) of the file; false if the file no longer has
  /// them. A copy costs less than reading through the mapping where a process's first touch of
  /// each mapped page is dear (a virtual machine's shadow page tables: 2 us a page, three times
  /// the copy), and the buffer it lands in is reused part after part.
  bool read_part(std::size_t offset, std::span<char> into) const noexcept {
    std::size_t done = 0;
    while (done < into.size()) {
      const ::ssize_t n =
          ::pread(fd_, into.data() + done, into.size() - done, static_cast<::off_t>(offset + done));
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      done += static_cast<std::size_t>(n);
    }
    return true;
  }

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
  int fd_ = -1;
};

/// Memory that a part's rows are copied into (Table::copy_rows), reused part after part: mapped
/// on its own, so that it neither moves malloc's thresholds nor stays in its arenas, and in
/// huge pages where the kernel has them.
class RowsBuffer {
 public:
  RowsBuffer() = default;
  RowsBuffer(RowsBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), capacity_(std::exchange(other.capacity_, 0)) {}
  RowsBuffer& operator=(RowsBuffer&& other) noexcept {
    if (this != &other) {
      unmap();
      data_ = std::exchange(other.data_, nullptr);
      capacity_ = std::exchange(other.capacity_, 0);
    }
    return *this;
  }
  RowsBuffer(const RowsBuffer&) = delete;
  RowsBuffer& operator=(const RowsBuffer&) = delete;
  ~RowsBuffer() { unmap(); }

  /// At least `bytes` of memory (what it held before is lost if it must grow).
  char* reserve(std::size_t bytes) {
    if (bytes <= capacity_) return data_;
    unmap();
    constexpr std::size_t huge = std::size_t{1} << 21;
    const std::size_t want = (bytes + bytes / 8 + huge - 1) / huge * huge;
    void* p = ::mmap(nullptr, want, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    data_ = static_cast<char*>(p);
    capacity_ = want;
    detail::advise_huge_pages(data_, capacity_);
    return data_;
  }
  std::size_t capacity() const noexcept { return capacity_; }

 private:
  void unmap() noexcept {
    if (data_) ::munmap(data_, capacity_);
    data_ = nullptr;
    capacity_ = 0;
  }
  char* data_ = nullptr;
  std::size_t capacity_ = 0;
};

}  // namespace chibo::load
