#include "sim/scenario/file_io.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>

namespace gwsim {

namespace {
constexpr std::size_t kMaxFileBytes = std::size_t{16} << 20;
}

FileText read_file(const std::string& path) {
  FileText out;
  errno = 0;
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    out.error = std::strerror(errno != 0 ? errno : ENOENT);
    return out;
  }
  std::string text;
  char buffer[65536];
  for (;;) {
    const std::size_t n = std::fread(buffer, 1, sizeof buffer, file);
    text.append(buffer, n);
    if (text.size() > kMaxFileBytes) {
      std::fclose(file);
      out.error = "file larger than 16 MiB";
      return out;
    }
    if (n < sizeof buffer) {
      if (std::ferror(file) != 0) {
        const int error = errno != 0 ? errno : EIO;
        std::fclose(file);
        out.error = std::strerror(error);
        return out;
      }
      break;
    }
  }
  std::fclose(file);
  out.text = std::move(text);
  return out;
}

std::string resolve_relative(const Origin& written_at, const std::string& value) {
  const std::filesystem::path p(value);
  if (p.is_absolute()) return p.lexically_normal().generic_string();
  std::filesystem::path base;
  if (written_at.source && !written_at.source->single_line) {
    base = std::filesystem::path(written_at.source->name).parent_path();
  }
  return (base / p).lexically_normal().generic_string();
}

}  // namespace gwsim
