// Reading whole files for the loader, with errors as text instead of exceptions, and the record of which files a
// load read (the identity of a run: every file it depends on, with its SHA-256).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/scenario.hpp"

namespace gwsim {

struct FileText {
  std::optional<std::string> text;
  std::string error;  // why not, when text is empty: the system's reason, "a FIFO (named pipe), not a regular file"
};

// A regular file of at most 16 MiB (sim/io/input_file.hpp: a FIFO or a device is refused, never read).
FileText read_file(const std::string& path);

// While a ReadLog lives, every file read_file reads on this thread is recorded in it (the innermost one), with the
// SHA-256 of the bytes read, in the order read. The loader keeps one around a load, so that whichever pass reads a
// file (the scenario, its bases, a custom catalog, a file a future key names) is part of the run's identity
// without each pass reporting it.
class ReadLog {
 public:
  ReadLog();
  ~ReadLog();
  ReadLog(const ReadLog&) = delete;
  ReadLog& operator=(const ReadLog&) = delete;
  const std::vector<InputFileHash>& files() const { return files_; }

 private:
  friend FileText read_file(const std::string& path);
  ReadLog* outer_;
  std::vector<InputFileHash> files_;
};

// A path written in a file (extends:, catalog:) relative to that file's directory; for --set, to the working
// directory. Lexically normalised: "tests/data/x/../y.yaml" -> "tests/data/y.yaml".
std::string resolve_relative(const Origin& written_at, const std::string& value);

}  // namespace gwsim
