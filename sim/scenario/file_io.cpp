#include "sim/scenario/file_io.hpp"

#include <filesystem>

#include "sim/io/input_file.hpp"
#include "sim/scenario/sha256.hpp"

namespace gwsim {
namespace {
thread_local ReadLog* current_log = nullptr;
}

ReadLog::ReadLog() : outer_(current_log) { current_log = this; }
ReadLog::~ReadLog() { current_log = outer_; }

FileText read_file(const std::string& path) {
  io::InputText in = io::read_input_file(path);
  FileText out;
  out.error = std::move(in.error);
  out.text = std::move(in.text);
  if (out.text && current_log != nullptr) current_log->files_.push_back({path, sha256_hex(*out.text)});
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
