// Writing gwsim's outputs whole or not at all, without following symlinks, and cleaning up after a killed writer.
//
// Every output is first written into a fresh private staging folder (mode 0700, an unpredictable name made with
// getrandom, created with mkdir so it cannot already exist) in the folder where it will live, then switched into
// place in one step:
//  - a file (results CSVs, stores, merges): renamed over the old one (--force) or linked to a name that must not
//    exist yet (link() fails if it does, atomically);
//  - a folder of files (a run's four files, a report): the staging folder is filled with the new files, the
//    entries of the old folder that gwsim does not own are moved into it, and the two folders are exchanged with
//    renameat2(RENAME_EXCHANGE). Readers see the old set of files or the new one, never a mix.
// Files are created inside the staging folder with O_CREAT|O_EXCL|O_NOFOLLOW and moved by rename, which replaces a
// directory entry and never writes through a symlink; so no prepared link or file can redirect a write.
//
// Staging folders are named ".<target>.gwsim-dir-XXXXXXXXXXXX" or ".<target>.gwsim-file-XXXXXXXXXXXX" and are
// flock()ed by their writer for as long as it lives. A later writer of the same target takes the lock of each
// such folder it finds: if it gets it, the writer died, and the folder is stale: its gwsim files are deleted and
// any other entry (one moved over from the old folder before a kill) is moved back where it came from. A folder
// whose lock is held belongs to a live writer and is left alone. Writers of folders in one parent also hold a
// lock on the parent while they look for stale stagings and make their own, and again while they switch, so two
// runs into the same folder never interleave their moves; not in between, so runs into folders of one parent
// (out/a, out/b) simulate side by side.
//
// Limits (docs/reliability.md): where the folder cannot be exchanged (a mount point, a file system without
// RENAME_EXCHANGE such as NFS, or a parent folder gwsim may not write), the files are renamed into it one by one:
// each file is whole, the set is not. Carrying the other entries over is not atomic with the switch: a kill
// between the two leaves them in the staging folder, and the next write of that folder moves them back.
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gwsim::io {

struct WriteError : std::runtime_error {
  // refused: the output exists and may not be replaced (exit 2); otherwise the system failed us (exit 1).
  WriteError(const std::string& what, bool refused_ = false) : std::runtime_error(what), refused(refused_) {}
  bool refused;
};

enum class IfExists { kRefuse, kReplace };

// One file, staged beside its final path.
class StagedFile {
 public:
  // Removes stale stagings of `path`, then makes a fresh locked staging folder beside it. Throws WriteError.
  explicit StagedFile(std::string path);
  StagedFile(const StagedFile&) = delete;
  StagedFile& operator=(const StagedFile&) = delete;
  ~StagedFile();  // removes the staging folder and all it holds, unless committed

  // Where the new file is made (by write(), or by a library that creates files by name, such as SQLite, whose
  // journal files then stay in the private folder too).
  const std::string& staged_path() const { return staged_path_; }
  void write(std::string_view content);
  // Moves the staged file to its path and syncs the folder. kRefuse: WriteError(refused) if the path exists.
  void commit(IfExists if_exists);

 private:
  std::string path_, name_, staging_name_, staged_path_;
  int parent_fd_ = -1, staging_fd_ = -1;
  bool committed_ = false;
};

void write_file_atomically(const std::string& path, std::string_view content, IfExists if_exists);

// A file of a staging folder written in pieces (StagedFolder::open).
class StagedStream {
 public:
  StagedStream(StagedStream&& other) noexcept;
  StagedStream& operator=(StagedStream&& other) noexcept;
  StagedStream(const StagedStream&) = delete;
  StagedStream& operator=(const StagedStream&) = delete;
  ~StagedStream();  // closes the file if close() was not called (the staging folder goes with it on failure)

  // Appends to the file. Throws WriteError.
  void write(std::string_view piece);
  // Syncs and closes the file. Throws WriteError.
  void close();
  bool is_open() const { return fd_ >= 0; }

 private:
  friend class StagedFolder;
  StagedStream(int fd, std::string what) : fd_(fd), what_(std::move(what)) {}
  int fd_ = -1;
  std::string what_;
};

// A folder whose gwsim files are replaced as one set; the folder's other entries are kept.
class StagedFolder {
 public:
  // owned(name): entries of the folder that belong to gwsim and are replaced, not carried over (the names
  // written are owned in any case). The folder and its parents are made if missing. Throws WriteError.
  StagedFolder(std::string dir, std::function<bool(std::string_view)> owned);
  StagedFolder(const StagedFolder&) = delete;
  StagedFolder& operator=(const StagedFolder&) = delete;
  ~StagedFolder();

  void write(const std::string& name, std::string_view content);
  // Creates `name` in the staging folder, to be written in pieces; close it before commit(). Throws WriteError.
  StagedStream open(const std::string& name);
  void commit();
  // What was found and done about stale stagings (one line each), for the user.
  const std::vector<std::string>& notes() const { return notes_; }

 private:
  bool owns(std::string_view name) const;
  void lock_parent();
  void unlock_parent();
  int create(const std::string& name);
  void commit_by_exchange(int target_fd);
  void commit_file_by_file(int target_fd);
  std::string target_, parent_, name_, staging_name_;
  std::function<bool(std::string_view)> owned_;
  std::vector<std::string> written_;
  std::vector<std::string> notes_;
  int parent_fd_ = -1, staging_fd_ = -1;
  bool in_place_ = false;  // staging inside the target: files are renamed one by one
  bool committed_ = false;
};

// Whether two paths name the same file (device and inode; false when either is missing).
bool same_file(const std::string& a, const std::string& b);

}  // namespace gwsim::io
