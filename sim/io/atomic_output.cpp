#include "sim/io/atomic_output.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>  // renameat2 (glibc 2.28+)
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <utility>

namespace gwsim::io {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kRandomChars = 12;
constexpr std::string_view kDirInfix = ".gwsim-dir-";
constexpr std::string_view kFileInfix = ".gwsim-file-";
constexpr std::string_view kInPlacePrefix = ".gwsim-staging-";

std::string reason(int error) { return std::strerror(error); }

[[noreturn]] void fail(const std::string& what, int error) { throw WriteError(what + ": " + reason(error)); }

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

std::string random_suffix() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  unsigned char bytes[kRandomChars];
  std::size_t got = 0;
  while (got < sizeof bytes) {
    const ssize_t n = ::getrandom(bytes + got, sizeof bytes - got, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot draw a random name", errno);
    got += static_cast<std::size_t>(n);
  }
  std::string out;
  for (unsigned char b : bytes) out += kAlphabet[b % 62];
  return out;
}

bool is_random_suffix(std::string_view s) {
  if (s.size() != kRandomChars) return false;
  for (char c : s) {
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))) return false;
  }
  return true;
}

mode_t current_umask() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return mask;
}

// Names in a folder (no "." or ".."), read through its descriptor.
std::vector<std::string> entries_of(int dir_fd) {
  std::vector<std::string> names;
  const int copy = ::dup(dir_fd);
  if (copy < 0) return names;
  DIR* dir = ::fdopendir(copy);
  if (dir == nullptr) {
    ::close(copy);
    return names;
  }
  ::rewinddir(dir);
  while (const dirent* e = ::readdir(dir)) {
    const std::string_view name = e->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(dir);
  return names;
}

int open_dir(int at_fd, const std::string& name, bool follow) {
  return ::openat(at_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC | (follow ? 0 : O_NOFOLLOW));
}

// Removes an entry of a folder and, for a folder, everything in it; symlinks are removed, never followed.
void remove_entry(int dir_fd, const std::string& name) {
  if (::unlinkat(dir_fd, name.c_str(), 0) == 0 || errno == ENOENT) return;
  const int sub = open_dir(dir_fd, name, false);
  if (sub < 0) return;
  for (const std::string& child : entries_of(sub)) remove_entry(sub, child);
  ::close(sub);
  ::unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR);
}

void write_bytes(int fd, std::string_view content, const std::string& what) {
  for (std::size_t done = 0; done < content.size();) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail("cannot write " + what, errno);
    done += static_cast<std::size_t>(n);
  }
}

void sync_file(int fd, const std::string& what) {
  if (::fsync(fd) != 0 && errno != EINVAL) fail("cannot write " + what, errno);
}

void write_all(int fd, std::string_view content, const std::string& what) {
  write_bytes(fd, content, what);
  sync_file(fd, what);
}

// Creates `name` in the folder, exclusively and without following a link, for writing.
int create_exclusive(int dir_fd, const std::string& name, const std::string& what) {
  const int fd = ::openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) fail("cannot write " + what, errno);
  return fd;
}

// Creates `name` in the folder, exclusively and without following a link, and writes content into it.
void create_file(int dir_fd, const std::string& name, std::string_view content, const std::string& what) {
  const int fd = create_exclusive(dir_fd, name, what);
  try {
    write_all(fd, content, what);
  } catch (...) {
    ::close(fd);
    throw;
  }
  if (::close(fd) != 0) fail("cannot write " + what, errno);
}

// A fresh private folder named prefix + random suffix in dir_fd, locked; returns its name and descriptor.
std::pair<std::string, int> make_staging(int dir_fd, const std::string& prefix, const std::string& where,
                                         const std::string& target) {
  for (int attempt = 0; attempt < 16; ++attempt) {
    const std::string name = prefix + random_suffix();
    if (::mkdirat(dir_fd, name.c_str(), 0700) != 0) {
      if (errno == EEXIST) continue;
      fail("cannot write " + target + ": cannot make a staging folder in " + where, errno);
    }
    const int fd = open_dir(dir_fd, name, false);
    if (fd < 0) fail("cannot open the staging folder " + where + "/" + name, errno);
    ::flock(fd, LOCK_EX | LOCK_NB);  // ours alone; where flock is not supported, the parent's lock still serialises
    return {name, fd};
  }
  throw WriteError("cannot make a staging folder in " + where + ": every name tried exists");
}

// True when nobody holds the staging folder's lock (its writer is gone); the lock is released at once.
bool is_stale(int dir_fd, const std::string& name) {
  const int fd = open_dir(dir_fd, name, false);
  if (fd < 0) return false;
  const bool stale = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
  ::close(fd);
  return stale;
}

// Staging folders of `target` in the folder: "." + target + infix + 12 random characters.
std::vector<std::string> stagings_of(int dir_fd, const std::string& target, std::string_view infix) {
  std::vector<std::string> out;
  const std::string prefix = "." + target + std::string(infix);
  for (const std::string& name : entries_of(dir_fd)) {
    if (name.size() == prefix.size() + kRandomChars && name.starts_with(prefix) &&
        is_random_suffix(std::string_view(name).substr(prefix.size()))) {
      out.push_back(name);
    }
  }
  return out;
}

// Temporaries of older gwsim versions beside a file ("<name>.tmp-PID", and SQLite's "-journal", "-wal", "-shm" of
// one) whose process is gone.
void remove_legacy_temporaries(int dir_fd, const std::string& target) {
  const std::string prefix = target + ".tmp-";
  for (const std::string& name : entries_of(dir_fd)) {
    if (!name.starts_with(prefix)) continue;
    std::string_view rest = std::string_view(name).substr(prefix.size());
    for (std::string_view suffix : {"-journal", "-wal", "-shm"}) {
      if (rest.ends_with(suffix)) rest.remove_suffix(suffix.size());
    }
    if (rest.empty() || rest.size() > 9 || rest.find_first_not_of("0123456789") != std::string_view::npos) continue;
    const pid_t pid = static_cast<pid_t>(std::stol(std::string(rest)));
    if (::kill(pid, 0) != 0 && errno == ESRCH) ::unlinkat(dir_fd, name.c_str(), 0);
  }
}

void sync_dir(int fd) {
  if (fd >= 0) ::fsync(fd);
}

std::string parent_of(const fs::path& path) {
  const fs::path parent = path.parent_path();
  return parent.empty() ? "." : parent.string();
}

std::string check_name(const fs::path& path) {
  const std::string name = path.filename().string();
  if (name.empty() || name == "." || name == "..") throw WriteError("'" + path.string() + "' is not a file name", true);
  // The staging folder's name adds a prefix and a suffix: keep it within the usual 255-byte limit.
  if (name.size() > 200) throw WriteError("'" + path.string() + "': the name is too long (over 200 bytes)", true);
  return name;
}

}  // namespace

bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {};
  struct stat sb {};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// ---- StagedFile -----------------------------------------------------------------------------------------------

StagedFile::StagedFile(std::string path) : path_(std::move(path)) {
  const fs::path p(path_);
  name_ = check_name(p);
  const std::string parent = parent_of(p);
  parent_fd_ = open_dir(AT_FDCWD, parent, true);
  if (parent_fd_ < 0) fail("cannot write " + path_ + ": folder " + parent, errno);
  for (const std::string& stale : stagings_of(parent_fd_, name_, kFileInfix)) {
    if (is_stale(parent_fd_, stale)) remove_entry(parent_fd_, stale);
  }
  remove_legacy_temporaries(parent_fd_, name_);
  std::tie(staging_name_, staging_fd_) = make_staging(parent_fd_, "." + name_ + std::string(kFileInfix), parent, path_);
  staged_path_ = (fs::path(parent) / staging_name_ / name_).string();
}

StagedFile::~StagedFile() {
  if (!committed_ && parent_fd_ >= 0 && !staging_name_.empty()) remove_entry(parent_fd_, staging_name_);
  close_fd(staging_fd_);
  close_fd(parent_fd_);
}

void StagedFile::write(std::string_view content) { create_file(staging_fd_, name_, content, path_); }

void StagedFile::commit(IfExists if_exists) {
  if (if_exists == IfExists::kReplace) {
    if (::renameat(staging_fd_, name_.c_str(), parent_fd_, name_.c_str()) != 0) fail("cannot write " + path_, errno);
  } else if (::linkat(staging_fd_, name_.c_str(), parent_fd_, name_.c_str(), 0) != 0) {
    const int error = errno;
    if (error == EEXIST) throw WriteError(path_ + " already exists", true);
    // File systems without hard links: a rename that refuses an existing name.
    if (error != EPERM && error != ENOTSUP && error != EOPNOTSUPP && error != EMLINK)
      fail("cannot write " + path_, error);
    if (::renameat2(staging_fd_, name_.c_str(), parent_fd_, name_.c_str(), RENAME_NOREPLACE) != 0) {
      if (errno == EEXIST) throw WriteError(path_ + " already exists", true);
      fail("cannot write " + path_, errno);
    }
  }
  sync_dir(parent_fd_);
  committed_ = true;
  remove_entry(parent_fd_, staging_name_);
}

void write_file_atomically(const std::string& path, std::string_view content, IfExists if_exists) {
  StagedFile file(path);
  file.write(content);
  file.commit(if_exists);
}

// ---- StagedStream ---------------------------------------------------------------------------------------------

StagedStream::StagedStream(StagedStream&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), what_(std::move(other.what_)) {}

StagedStream& StagedStream::operator=(StagedStream&& other) noexcept {
  if (this != &other) {
    close_fd(fd_);
    fd_ = std::exchange(other.fd_, -1);
    what_ = std::move(other.what_);
  }
  return *this;
}

StagedStream::~StagedStream() { close_fd(fd_); }

void StagedStream::write(std::string_view piece) {
  if (fd_ < 0) throw WriteError("cannot write " + what_ + ": the file is closed");
  write_bytes(fd_, piece, what_);
}

void StagedStream::close() {
  if (fd_ < 0) return;
  try {
    sync_file(fd_, what_);
  } catch (...) {
    close_fd(fd_);
    throw;
  }
  const int fd = std::exchange(fd_, -1);
  if (::close(fd) != 0) fail("cannot write " + what_, errno);
}

// ---- StagedFolder ---------------------------------------------------------------------------------------------

namespace {

// Recovers a stale staging folder of `target`: gwsim's files are deleted, any other entry (moved over from the
// target before its writer was killed) goes back into the target, unless the target has one of that name by now.
void recover(int parent_fd, const std::string& staging, const std::string& target,
             const std::function<bool(std::string_view)>& owned, std::vector<std::string>& notes) {
  const int staging_fd = open_dir(parent_fd, staging, false);
  if (staging_fd < 0) return;
  const int target_fd = open_dir(parent_fd, target, false);
  std::size_t kept = 0, restored = 0;
  for (const std::string& name : entries_of(staging_fd)) {
    if (owned(name)) {
      remove_entry(staging_fd, name);
    } else if (target_fd >= 0 &&
               ::renameat2(staging_fd, name.c_str(), target_fd, name.c_str(), RENAME_NOREPLACE) == 0) {
      ++restored;
    } else {
      ++kept;
    }
  }
  if (target_fd >= 0) ::close(target_fd);
  ::close(staging_fd);
  if (kept == 0) ::unlinkat(parent_fd, staging.c_str(), AT_REMOVEDIR);
  if (restored > 0 || kept > 0) {
    notes.push_back("found the staging folder " + staging + " of a gwsim writer that was killed: " +
                    std::to_string(restored) + " entr" + (restored == 1 ? "y" : "ies") + " moved back into " + target +
                    (kept > 0 ? "; " + std::to_string(kept) + " kept there (a name taken in the meantime)" : ""));
  }
}

bool is_mount_point(int parent_fd, int target_fd) {
  struct stat sp {};
  struct stat st {};
  if (::fstat(parent_fd, &sp) != 0 || ::fstat(target_fd, &st) != 0) return false;
  return sp.st_dev != st.st_dev || (sp.st_dev == st.st_dev && sp.st_ino == st.st_ino);
}

}  // namespace

StagedFolder::StagedFolder(std::string dir, std::function<bool(std::string_view)> owned) : owned_(std::move(owned)) {
  std::error_code ec;
  fs::path target = fs::absolute(fs::path(dir), ec).lexically_normal();
  if (target.has_filename() == false) target = target.parent_path();
  const fs::file_status status = fs::status(target, ec);
  ec.clear();  // a folder not there yet is made below
  if (fs::exists(status) && !fs::is_directory(status)) {
    throw WriteError("cannot use output folder '" + dir + "': it exists and is not a folder", true);
  }
  // A folder named through a symlink is written where the link points: the user named it.
  if (fs::is_directory(status)) target = fs::canonical(target, ec);
  if (ec) throw WriteError("cannot use output folder '" + dir + "': " + ec.message());
  target_ = target.string();
  parent_ = parent_of(target);
  name_ = target.filename().string();
  if (name_.empty()) name_ = ".";
  fs::create_directories(parent_, ec);
  if (ec) throw WriteError("cannot make the output folder's parent " + parent_ + ": " + ec.message());
  parent_fd_ = open_dir(AT_FDCWD, parent_, true);
  if (parent_fd_ < 0) fail("cannot open the folder " + parent_, errno);
  // Writers into one parent take turns: a stale staging can only be one whose writer is gone.
  lock_parent();
  for (const std::string& stale : stagings_of(parent_fd_, name_, kDirInfix)) {
    if (is_stale(parent_fd_, stale))
      recover(
          parent_fd_, stale, name_, [this](std::string_view n) { return owns(n); }, notes_);
  }
  int target_fd = open_dir(parent_fd_, name_, false);
  if (target_fd >= 0) {
    for (const std::string& name : entries_of(target_fd)) {
      if (name.starts_with(kInPlacePrefix) && is_random_suffix(std::string_view(name).substr(kInPlacePrefix.size())) &&
          is_stale(target_fd, name)) {
        remove_entry(target_fd, name);
      }
    }
    in_place_ = name_ == "." || is_mount_point(parent_fd_, target_fd);
  }
  // A folder we may write in a parent we may not: staged inside it.
  if (target_fd >= 0 && ::faccessat(parent_fd_, ".", W_OK | X_OK, AT_EACCESS) != 0) in_place_ = true;
  if (!in_place_) {
    try {
      std::tie(staging_name_, staging_fd_) =
          make_staging(parent_fd_, "." + name_ + std::string(kDirInfix), parent_, target_);
    } catch (...) {
      close_fd(target_fd);
      throw;
    }
  } else {
    try {
      std::tie(staging_name_, staging_fd_) = make_staging(target_fd, std::string(kInPlacePrefix), target_, target_);
    } catch (...) {
      close_fd(target_fd);
      throw;
    }
  }
  close_fd(target_fd);
  // Our staging folder is made and locked: other writers see it in use. The parent's lock is taken again to
  // switch; in between, writers of other folders of this parent go on (a run writes while it simulates).
  unlock_parent();
}

void StagedFolder::lock_parent() {
  while (::flock(parent_fd_, LOCK_EX) != 0 && errno == EINTR) {
  }
}

void StagedFolder::unlock_parent() { ::flock(parent_fd_, LOCK_UN); }

StagedFolder::~StagedFolder() {
  if (!committed_ && !staging_name_.empty()) {
    lock_parent();
    if (in_place_) {
      const int target_fd = open_dir(parent_fd_, name_, false);
      if (target_fd >= 0) {
        remove_entry(target_fd, staging_name_);
        ::close(target_fd);
      }
    } else {
      std::vector<std::string> ignored;
      recover(
          parent_fd_, staging_name_, name_, [this](std::string_view n) { return owns(n); }, ignored);
    }
  }
  close_fd(staging_fd_);
  close_fd(parent_fd_);  // releases the parent's lock
}

bool StagedFolder::owns(std::string_view name) const {
  if (owned_ && owned_(name)) return true;
  for (const std::string& w : written_) {
    if (w == name) return true;
  }
  return name.starts_with(kInPlacePrefix);
}

void StagedFolder::write(const std::string& name, std::string_view content) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    throw WriteError("'" + name + "' is not a file name");
  }
  written_.push_back(name);
  create_file(staging_fd_, name, content, target_ + "/" + name);
}

StagedStream StagedFolder::open(const std::string& name) {
  if (name.empty() || name.find('/') != std::string::npos || name == "." || name == "..") {
    throw WriteError("'" + name + "' is not a file name");
  }
  written_.push_back(name);
  const std::string what = target_ + "/" + name;
  return StagedStream(create_exclusive(staging_fd_, name, what), what);
}

void StagedFolder::commit() {
  lock_parent();
  sync_dir(staging_fd_);
  const int target_fd = open_dir(parent_fd_, name_, false);
  if (target_fd < 0 && errno != ENOENT) fail("cannot open the output folder " + target_, errno);
  try {
    if (in_place_) {
      commit_file_by_file(target_fd);
    } else if (target_fd < 0) {
      // No folder yet: the staging folder becomes it, unless one appeared meanwhile.
      ::fchmod(staging_fd_, 0777 & ~current_umask());
      if (::renameat2(parent_fd_, staging_name_.c_str(), parent_fd_, name_.c_str(), RENAME_NOREPLACE) != 0) {
        fail("cannot make the output folder " + target_, errno);
      }
      sync_dir(parent_fd_);
    } else {
      commit_by_exchange(target_fd);
    }
  } catch (...) {
    if (target_fd >= 0) ::close(target_fd);
    throw;
  }
  if (target_fd >= 0) ::close(target_fd);
  committed_ = true;
}

void StagedFolder::commit_file_by_file(int target_fd) {
  // The staging folder is inside the target (in place) or beside it on the same file system.
  for (const std::string& name : written_) {
    if (::renameat(staging_fd_, name.c_str(), target_fd, name.c_str()) != 0) {
      fail("cannot move " + name + " into " + target_, errno);
    }
  }
  sync_dir(target_fd);
  remove_entry(in_place_ ? target_fd : parent_fd_, staging_name_);
}

void StagedFolder::commit_by_exchange(int target_fd) {
  struct stat st {};
  if (::fstat(target_fd, &st) == 0) ::fchmod(staging_fd_, st.st_mode & 07777);
  // Whether this file system exchanges folders, tried on a folder of our own before anything is moved.
  auto [probe, probe_fd] = make_staging(parent_fd_, "." + name_ + std::string(kDirInfix), parent_, target_);
  ::close(probe_fd);
  if (::renameat2(parent_fd_, staging_name_.c_str(), parent_fd_, probe.c_str(), RENAME_EXCHANGE) != 0) {
    const int error = errno;
    ::unlinkat(parent_fd_, probe.c_str(), AT_REMOVEDIR);
    if (error != EINVAL && error != ENOSYS && error != ENOTSUP && error != EXDEV)
      fail("cannot switch " + target_, error);
    commit_file_by_file(target_fd);
    return;
  }
  ::unlinkat(parent_fd_, staging_name_.c_str(), AT_REMOVEDIR);  // the probe's empty folder, now at the old name
  staging_name_ = probe;
  // Carry the entries gwsim does not own over into the new folder, then exchange the two.
  std::vector<std::string> carried;
  const auto put_back = [&] {
    for (const std::string& name : carried)
      ::renameat2(staging_fd_, name.c_str(), target_fd, name.c_str(), RENAME_NOREPLACE);
  };
  for (const std::string& name : entries_of(target_fd)) {
    if (owns(name)) continue;
    if (::renameat(target_fd, name.c_str(), staging_fd_, name.c_str()) == 0) {
      carried.push_back(name);
    } else if (errno != ENOENT) {
      const int error = errno;
      put_back();
      fail("cannot carry " + name + " over into the new " + target_, error);
    }
  }
  sync_dir(staging_fd_);
  if (::renameat2(parent_fd_, staging_name_.c_str(), parent_fd_, name_.c_str(), RENAME_EXCHANGE) != 0) {
    const int error = errno;
    put_back();
    fail("cannot switch " + target_, error);
  }
  sync_dir(parent_fd_);
  remove_entry(parent_fd_, staging_name_);  // the old folder: gwsim's old files only
}

}  // namespace gwsim::io
