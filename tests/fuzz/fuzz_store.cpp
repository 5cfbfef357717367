// libFuzzer target: a results store is input too. Two ways in, chosen by the first byte:
//  - raw: the bytes are the store file itself (a corrupt, truncated or foreign SQLite file);
//  - rows: a well-formed store whose first row's texts (summary_json, status, error) and point overrides come from
//    the input, written past the store's own insert checks, as another program could.
// Opening, reading and reporting on it (gwsim results: the text, both CSVs) must give results or a StoreError,
// never a crash, a hang, a leak, undefined behaviour or another exception.
#include <sqlite3.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sim/sweep/results_report.hpp"
#include "sim/sweep/results_store.hpp"

namespace {

using gwsim::sweep::ResultsStore;
using gwsim::sweep::StoreError;

const std::string& path() {
  static const std::string p = "/dev/shm/gwsim-fuzz-store-" + std::to_string(::getpid()) + ".sqlite";
  return p;
}

void remove_store() {
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm", "-journal"}) std::filesystem::remove(path() + suffix, ignored);
}

// Splits the input at NUL bytes into up to n fields.
std::vector<std::string> fields(std::string_view text, std::size_t n) {
  std::vector<std::string> out;
  while (out.size() + 1 < n) {
    const auto at = text.find('\0');
    if (at == std::string_view::npos) break;
    out.emplace_back(text.substr(0, at));
    text.remove_prefix(at + 1);
  }
  out.emplace_back(text);
  out.resize(n);
  return out;
}

void write_rows(std::string_view text) {
  gwsim::sweep::SweepIdentity id;
  id.spec_sha256 = "0000000000000000000000000000000000000000000000000000000000000000";
  id.spec_name = "fuzz";
  id.spec_text = "name: fuzz\n";
  id.gwsim_version = "0.1.0";
  id.points = 2;
  id.replications_per_point = 2;
  {
    ResultsStore store = ResultsStore::open(path(), id, {{0, "a", {"seed=1"}}, {1, "b", {}}}, false);
    gwsim::sweep::ReplicationRow row;
    row.summary_json = "{}";
    store.insert({row});
  }
  const std::vector<std::string> f = fields(text, 4);
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path().c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK) {
    sqlite3_exec(db, "PRAGMA ignore_check_constraints = ON", nullptr, nullptr, nullptr);
    sqlite3_stmt* update = nullptr;
    if (sqlite3_prepare_v2(db, "UPDATE replications SET summary_json = ?1, status = ?2, error = ?3", -1, &update,
                           nullptr) == SQLITE_OK) {
      for (int i = 0; i < 3; ++i)
        sqlite3_bind_text(update, i + 1, f[static_cast<std::size_t>(i)].data(),
                          static_cast<int>(f[static_cast<std::size_t>(i)].size()), SQLITE_TRANSIENT);
      sqlite3_step(update);
    }
    sqlite3_finalize(update);
    sqlite3_stmt* points = nullptr;
    if (sqlite3_prepare_v2(db, "UPDATE points SET overrides = ?1 WHERE point = 1", -1, &points, nullptr) == SQLITE_OK) {
      sqlite3_bind_text(points, 1, f[3].data(), static_cast<int>(f[3].size()), SQLITE_TRANSIENT);
      sqlite3_step(points);
    }
    sqlite3_finalize(points);
  }
  sqlite3_close(db);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  remove_store();
  const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    if (data[0] % 2 == 0) {
      std::ofstream(path(), std::ios::binary).write(text.data(), static_cast<std::streamsize>(text.size()));
    } else {
      write_rows(text);
    }
    const ResultsStore store = ResultsStore::open_read_only(path());
    (void)store.identity();
    (void)store.points();
    (void)gwsim::sweep::results_text(store);
    (void)gwsim::sweep::results_csv(store);
    (void)gwsim::sweep::replications_csv(store);
  } catch (const StoreError&) {
  }
  remove_store();
  return 0;
}
