// Reading the files gwsim is given: scenarios, bases, catalogs, sweep specs, manifests, stores.
//
// An input named on the command line or in another file may be anything: a FIFO that would block the read forever,
// a device such as /dev/zero that never ends, a folder. So every input is opened without blocking
// (O_NONBLOCK), checked on the open descriptor to be a regular file (fstat: no race between the check and the
// read), and read up to a size cap. Symlinks are followed: the file a link names is read, whatever leads to it
// (reading through a link writes nothing; outputs never follow one, atomic_output.hpp).
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace gwsim::io {

// Text inputs (scenarios, bases, catalogs, sweep specs, summary.json manifests): far above any real one.
inline constexpr std::size_t kMaxTextInputBytes = std::size_t{16} << 20;

struct InputText {
  std::optional<std::string> text;
  std::string error;  // why not, when text is empty: "no such file", "a FIFO, not a regular file", ...
};

// The whole file, or why it cannot be read. Never blocks on a FIFO, never reads past max_bytes.
InputText read_input_file(const std::string& path, std::size_t max_bytes = kMaxTextInputBytes);

// Empty when path names a regular file (after symlinks), else why not, in the words read_input_file uses. For
// files another library opens by name (SQLite): checked without opening for reading, so a FIFO never blocks.
std::string regular_file_problem(const std::string& path);

// "a FIFO", "a folder", "a character device", ...: what a file type is, for messages.
std::string file_type_name(unsigned mode);

}  // namespace gwsim::io
