#include "sim/io/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

namespace gwsim::io {
namespace {

std::string too_large(std::size_t max_bytes) {
  return "file larger than " + std::to_string(max_bytes >> 20) + " MiB (the limit for this input)";
}

class Descriptor {
 public:
  explicit Descriptor(int fd) : fd_(fd) {}
  Descriptor(const Descriptor&) = delete;
  Descriptor& operator=(const Descriptor&) = delete;
  ~Descriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }

 private:
  int fd_;
};

std::string not_regular(mode_t mode) { return file_type_name(mode) + ", not a regular file"; }

}  // namespace

std::string file_type_name(unsigned mode) {
  switch (mode & S_IFMT) {
    case S_IFREG: return "a regular file";
    case S_IFDIR: return "a folder";
    case S_IFIFO: return "a FIFO (named pipe)";
    case S_IFCHR: return "a character device";
    case S_IFBLK: return "a block device";
    case S_IFSOCK: return "a socket";
    case S_IFLNK: return "a symbolic link";
    default: return "a special file";
  }
}

InputText read_input_file(const std::string& path, std::size_t max_bytes) {
  InputText out;
  // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer; O_NOCTTY: a terminal never becomes
  // ours. The descriptor is checked before a byte is read.
  const Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC));
  if (fd.get() < 0) {
    out.error = std::strerror(errno);
    return out;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    out.error = std::strerror(errno);
    return out;
  }
  if (S_ISDIR(st.st_mode)) {
    out.error = std::strerror(EISDIR);  // what reading a folder has always said
    return out;
  }
  if (!S_ISREG(st.st_mode)) {
    out.error = not_regular(st.st_mode);
    return out;
  }
  if (static_cast<std::uint64_t>(st.st_size) > max_bytes) {
    out.error = too_large(max_bytes);
    return out;
  }
  std::string text;
  text.reserve(static_cast<std::size_t>(st.st_size));
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      out.error = std::strerror(errno);
      return out;
    }
    if (n == 0) break;
    // The file may grow while it is read: the cap holds for what is read, not only for the size fstat saw.
    if (text.size() + static_cast<std::size_t>(n) > max_bytes) {
      out.error = too_large(max_bytes);
      return out;
    }
    text.append(buffer, static_cast<std::size_t>(n));
  }
  out.text = std::move(text);
  return out;
}

std::string regular_file_problem(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return std::strerror(errno);
  if (!S_ISREG(st.st_mode)) return not_regular(st.st_mode);
  return {};
}

}  // namespace gwsim::io
