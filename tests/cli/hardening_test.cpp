// Hostile inputs and misuses, one group per promise of docs/reliability.md: outputs switched in whole and never
// written through a link, inputs read only when they are regular files, every input part of a run's or a sweep's
// identity, nothing overwritten without --force, values kept in their ranges, failures given the right exit code,
// messages that say what is wrong.
//
// Commands that could block on a FIFO run under `timeout`, so a regression fails the test instead of hanging it.
// GWSIM_UNDER_TEST, when set, names another gwsim binary to run these tests against (that is how each was shown to
// fail on the build before its fix).
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;

using Result = gwsim::testing::CommandResult;
const auto slurp = gwsim::testing::read_text;

std::string binary() {
  const char* other = std::getenv("GWSIM_UNDER_TEST");
  return other != nullptr && *other != '\0' ? other : GWSIM_BINARY;
}

// gwsim with the arguments, stopped after 120 s (a FIFO read would block forever) and kept under 2 GB of memory
// (except under AddressSanitizer, whose shadow memory is terabytes of address space).
Result gwsim(const std::string& args) {
#if defined(__SANITIZE_ADDRESS__)
  const std::string limit;
#else
  const std::string limit = "ulimit -v 2000000; ";
#endif
  return gwsim::testing::run_command(limit + "timeout 120 " + binary() + " " + args);
}

Result shell(const std::string& script) { return gwsim::testing::run_command("bash -c '" + script + "'"); }

class Scratch {
 public:
  explicit Scratch(const std::string& name)
      : dir_(fs::temp_directory_path() / ("gwsim-hardening-" + name + "-" + std::to_string(::getpid()))) {
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  ~Scratch() { fs::remove_all(dir_); }
  fs::path operator/(const std::string& name) const { return dir_ / name; }
  std::string str(const std::string& name) const { return (dir_ / name).string(); }

 private:
  fs::path dir_;
};

void write(const fs::path& path, const std::string& text) { std::ofstream(path, std::ios::binary) << text; }

std::string quoted(const std::string& text) { return "'" + text + "'"; }

// The output_step a run's summary.json records, and the rows of its timeline: the two must be of one run.
std::string recorded_step(const fs::path& dir) {
  const std::string s = slurp(dir / "summary.json");
  const auto at = s.find("\"output_step\": \"");
  return at == std::string::npos ? "" : s.substr(at + 16, s.find('"', at + 16) - at - 16);
}

std::size_t lines_of(const fs::path& file) {
  const std::string s = slurp(file);
  return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

const std::string kScenario = "scenarios/first-tranche-2026.yaml";

// ---- 1. Outputs are switched in whole, never through a link, and killed writers are cleaned up after ---------

// The run's four files change as one set. A folder entry that blocks one rename (summary.json made a folder)
// used to leave the new timeline.csv beside the old summary; now the folder is switched whole.
TEST(Hardening, RunFilesAreReplacedAsOneSet) {
  Scratch s("set");
  const fs::path dir = s / "run";
  ASSERT_EQ(gwsim("run " + kScenario + " -q --step 1mo -o " + dir.string()).exit_code, 0);
  const std::size_t monthly_rows = lines_of(dir / "timeline.csv");
  fs::remove(dir / "summary.json");
  fs::create_directories(dir / "summary.json" / "inside");
  const Result r = gwsim("run " + kScenario + " -q --step 1w --force -o " + dir.string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  ASSERT_TRUE(fs::is_regular_file(dir / "summary.json")) << r.out;
  EXPECT_EQ(recorded_step(dir), "1w");
  EXPECT_GT(lines_of(dir / "timeline.csv"), monthly_rows);  // the weekly timeline, with its summary
}

// Temporary names are unpredictable and made exclusively: a symlink prepared at the name an older gwsim used
// (".timeline.csv.tmp-PID", where `exec` keeps the shell's PID) is never written through.
TEST(Hardening, PreparedSymlinksAreNeverWrittenThrough) {
  Scratch s("symlink");
  const fs::path dir = s / "run", victim = s / "victim.txt";
  ASSERT_EQ(gwsim("run " + kScenario + " -q --step 1mo -o " + dir.string()).exit_code, 0);
  write(victim, "precious\n");
  const Result run = shell("ln -s " + victim.string() + " " + (dir / ".timeline.csv.tmp-").string() + "$$; exec " +
                           binary() + " run " + kScenario + " -q --step 1mo --force -o " + dir.string());
  EXPECT_EQ(run.exit_code, 0) << run.out;
  EXPECT_EQ(slurp(victim), "precious\n");
  EXPECT_TRUE(fs::is_regular_file(fs::symlink_status(dir / "timeline.csv")));
  // The results store and a results CSV, the same way.
  const fs::path store = s / "tiny.sqlite", csv = s / "pct.csv";
  const Result sweep = shell("ln -s " + victim.string() + " " + store.string() + ".tmp-$$; exec " + binary() +
                             " sweep tests/data/sweeps/tiny-sweep.yaml -j 2 -o " + store.string());
  EXPECT_EQ(sweep.exit_code, 0) << sweep.out;
  EXPECT_EQ(slurp(victim), "precious\n");
  const Result results = shell("ln -s " + victim.string() + " " + csv.string() + ".tmp-$$; exec " + binary() +
                               " results " + store.string() + " --csv " + csv.string());
  EXPECT_EQ(results.exit_code, 0) << results.out;
  EXPECT_EQ(slurp(victim), "precious\n");
  EXPECT_NE(slurp(csv).find("point,name,figure"), std::string::npos);
}

// A writer killed while it switched leaves its staging folder (here made by hand as one would be found: the new
// files and an entry carried over from the old folder). The next run of that folder moves the entry back and
// removes the rest, and the temporaries of older gwsim versions go too.
TEST(Hardening, StaleStagingOfAKilledRunIsRecovered) {
  Scratch s("stale");
  const fs::path dir = s / "run";
  ASSERT_EQ(gwsim("run " + kScenario + " -q --step 1mo -o " + dir.string()).exit_code, 0);
  const fs::path staging = s / ".run.gwsim-dir-AAAAAAAAAAAA";
  fs::create_directories(staging);
  fs::copy_file(dir / "timeline.csv", staging / "timeline.csv");
  write(staging / "mine.txt", "carried over before the kill\n");
  write(dir / ".sites.csv.tmp-4242", "half a file\n");
  const Result r = gwsim("run " + kScenario + " -q --step 1mo --force -o " + dir.string());
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_FALSE(fs::exists(staging)) << r.out;
  EXPECT_EQ(slurp(dir / "mine.txt"), "carried over before the kill\n");
  EXPECT_FALSE(fs::exists(dir / ".sites.csv.tmp-4242"));
  EXPECT_NE(r.out.find("moved back into run"), std::string::npos) << r.out;
}

// A run writes sites.csv into its staging folder while it simulates. Stopped midway, whether killed or by a write
// that fails, it leaves the folder's earlier files exactly as they were. The file-size limit (ulimit -f 1024:
// 1 MiB) stops an hourly run at its first piece of sites.csv past 1 MiB (the whole file is ~12 MB): by SIGXFSZ,
// a kill, or with the signal ignored by EFBIG, a write that fails while the simulation goes on.
TEST(Hardening, RunStoppedWhileWritingLeavesTheEarlierFiles) {
  Scratch s("midrun");
  const fs::path dir = s / "run";
  ASSERT_EQ(gwsim("run " + kScenario + " -q --step 1mo -o " + dir.string()).exit_code, 0);
  std::map<std::string, std::string> before;
  for (const char* name : {"timeline.csv", "sites.csv", "events.csv", "finance.csv", "summary.json"})
    before[name] = slurp(dir / name);
  const std::string hourly = binary() + " run " + kScenario + " -q --step 1h --force -o " + dir.string();
  const auto staging_folders = [&] {
    std::vector<fs::path> found;
    for (const auto& e : fs::directory_iterator(s / "")) {
      if (e.path().filename().string().starts_with(".run.gwsim-dir-")) found.push_back(e.path());
    }
    return found;
  };

  const Result killed = shell("ulimit -c 0; ulimit -f 1024; exec " + hourly);  // no core file
  EXPECT_NE(killed.exit_code, 0) << killed.out;  // 128 + SIGXFSZ from the shell, or no exit status
  for (const auto& [name, text] : before) EXPECT_EQ(slurp(dir / name), text) << name << " changed";
  // The kill left its staging folder, holding the first MiB of sites.csv and none of the files written at the end.
  const std::vector<fs::path> left = staging_folders();
  ASSERT_EQ(left.size(), 1u);
  EXPECT_EQ(fs::file_size(left[0] / "sites.csv"), std::uintmax_t{1} << 20);
  EXPECT_FALSE(fs::exists(left[0] / "timeline.csv"));
  EXPECT_FALSE(fs::exists(left[0] / "summary.json"));

  const Result failed = shell("trap \"\" XFSZ; ulimit -f 1024; exec " + hourly);
  EXPECT_EQ(failed.exit_code, 1) << failed.out;
  EXPECT_NE(failed.out.find("sites.csv: File too large"), std::string::npos) << failed.out;
  EXPECT_NE(failed.out.find("the folder keeps its earlier files"), std::string::npos) << failed.out;
  for (const auto& [name, text] : before) EXPECT_EQ(slurp(dir / name), text) << name << " changed";
  // Its own staging folder is gone, and so is the killed run's (stale: nobody held its lock).
  EXPECT_TRUE(staging_folders().empty());
}

// ---- 2. Inputs are regular files ------------------------------------------------------------------------------

TEST(Hardening, FifosAndDevicesAreRefusedNotRead) {
  Scratch s("fifo");
  const fs::path fifo = s / "pipe.yaml";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  write(s / "child.yaml", "extends: pipe.yaml\nname: child\n");
  write(s / "with-catalog.yaml", slurp(kScenario) + "\ncatalog: pipe.yaml\n");
  const std::string f = fifo.string();
  for (const std::string& args :
       {"validate " + f, "validate " + s.str("child.yaml"), "validate " + s.str("with-catalog.yaml"),
        "sweep " + f + " --dry-run", "results " + f, "report " + f, "rerun " + f}) {
    const Result r = gwsim(args);
    EXPECT_EQ(r.exit_code, 2) << args << ": " << r.out;
    EXPECT_NE(r.out.find("FIFO"), std::string::npos) << args << ": " << r.out;
  }
  const Result zero = gwsim("validate /dev/zero");
  EXPECT_EQ(zero.exit_code, 2) << zero.out;
  EXPECT_NE(zero.out.find("character device, not a regular file"), std::string::npos) << zero.out;
}

// ---- 3. Every input is part of the identity ----------------------------------------------------------------

TEST(Hardening, RerunRefusesAnEditedCatalog) {
  Scratch s("catalog");
  fs::copy_file("configs/platforms.yaml", s / "cat.yaml");
  write(s / "scenario.yaml", slurp(kScenario) + "\ncatalog: cat.yaml\n");
  const fs::path run = s / "run";
  ASSERT_EQ(gwsim("run " + s.str("scenario.yaml") + " -q --step 1mo -o " + run.string()).exit_code, 0);
  const std::string summary = slurp(run / "summary.json");
  EXPECT_NE(summary.find("\"file\": \"" + s.str("cat.yaml") + "\""), std::string::npos) << summary;
  std::ofstream(s / "cat.yaml", std::ios::app) << "# edited after the run\n";
  const Result r = gwsim("rerun " + (run / "summary.json").string());
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find(s.str("cat.yaml") + " changed since the run"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(run / "rerun" / "summary.json"));
}

// A manifest is input: a negative seed is not wrapped round, an edited override is caught by the identity hash,
// and a path to a file the run did not read is neither parsed nor quoted.
TEST(Hardening, RerunValidatesTheManifest) {
  Scratch s("manifest");
  const fs::path run = s / "run";
  ASSERT_EQ(gwsim("run " + kScenario + " -q --step 1mo --seed 5 -o " + run.string()).exit_code, 0);
  const std::string original = slurp(run / "summary.json");
  const auto edited = [&](const std::string& from, const std::string& to) {
    std::string text = original;
    const auto at = text.find(from);
    EXPECT_NE(at, std::string::npos) << from;
    if (at != std::string::npos) text.replace(at, from.size(), to);
    write(s / "summary.json", text);
    return gwsim("rerun " + s.str("summary.json") + " -o " + s.str("out"));
  };
  Result r = edited("\"seed\": 5", "\"seed\": -1");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("manifest.seed: expected an integer from 0 to 18446744073709551615, found -1"),
            std::string::npos)
      << r.out;
  r = edited("\"output_step=1mo\"", "\"output_step=1w\"");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("the manifest was edited after the run"), std::string::npos) << r.out;
  r = edited("\"scenario_file\": \"" + kScenario + "\"", "\"scenario_file\": \"/etc/passwd\"");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_EQ(r.out.find("root:"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(s / "out" / "summary.json"));
}

// --resume refuses a store of another gwsim version, and says which file changed when one did.
TEST(Hardening, ResumeChecksVersionAndNamesTheChangedFile) {
  Scratch s("resume");
  fs::copy_file("tests/data/sweeps/tiny-sweep.yaml", s / "tiny-sweep.yaml");
  fs::copy_file("tests/data/sweeps/tiny.yaml", s / "tiny.yaml");
  const std::string store = s.str("tiny.sqlite");
  ASSERT_EQ(gwsim("sweep " + s.str("tiny-sweep.yaml") + " -j 2 -o " + store).exit_code, 0);
  std::ofstream(s / "tiny.yaml", std::ios::app) << "# edited after the sweep\n";
  Result r = gwsim("sweep " + s.str("tiny-sweep.yaml") + " --resume -o " + store);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find(s.str("tiny.yaml") + " changed since the store was made"), std::string::npos) << r.out;
  fs::copy_file("tests/data/sweeps/tiny.yaml", s / "tiny.yaml", fs::copy_options::overwrite_existing);
  ASSERT_EQ(shell("python3 -c \"import sqlite3; c = sqlite3.connect(\\\"" + store +
                  "\\\"); c.execute(\\\"UPDATE sweep SET gwsim_version = \\x270.0.1\\x27\\\"); c.commit()\"")
                .exit_code,
            0);
  r = gwsim("sweep " + s.str("tiny-sweep.yaml") + " --resume -o " + store);
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("was made by gwsim 0.0.1"), std::string::npos) << r.out;
}

// ---- 4. Nothing is overwritten without --force, and never the input itself -----------------------------------

TEST(Hardening, ResultsCsvNeverOverwritesWithoutForceNorTheStore) {
  Scratch s("overwrite");
  const std::string store = s.str("tiny.sqlite");
  ASSERT_EQ(gwsim("sweep tests/data/sweeps/tiny-sweep.yaml -j 2 -o " + store).exit_code, 0);
  const std::string before = slurp(store);
  for (const char* option : {"--csv", "--replications-csv"}) {
    for (const char* force : {"", " --force"}) {
      const Result r = gwsim("results " + store + " " + option + " " + store + force);
      EXPECT_EQ(r.exit_code, 2) << option << force << ": " << r.out;
      EXPECT_NE(r.out.find("is the results store itself"), std::string::npos) << r.out;
    }
  }
  EXPECT_EQ(slurp(store), before);
  write(s / "mine.csv", "my own work\n");
  Result r = gwsim("results " + store + " --csv " + s.str("mine.csv"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("exists; add --force to replace it"), std::string::npos) << r.out;
  EXPECT_EQ(slurp(s / "mine.csv"), "my own work\n");
  r = gwsim("results " + store + " --csv " + s.str("mine.csv") + " --force");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(slurp(s / "mine.csv").rfind("point,name,figure,", 0), 0u);
  r = gwsim("results " + store + " --replications-csv -");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_EQ(r.out.rfind("point,replication,seed,status,", 0), 0u) << r.out.substr(0, 200);
}

// ---- 5. Values stay in their ranges ----------------------------------------------------------------------------

TEST(Hardening, IntegersAreParsedStrictly) {
  Scratch s("ranges");
  for (const char* bad : {"-1", "18446744073709551616", "3x", " 2"}) {
    const Result r = gwsim("run " + kScenario + " -q --replication " + quoted(bad) + " -o " + s.str("r"));
    EXPECT_EQ(r.exit_code, 2) << bad << ": " << r.out;
    EXPECT_NE(r.out.find("--replication expects an integer from 0 to 18446744073709551615"), std::string::npos)
        << r.out;
    EXPECT_FALSE(fs::exists(s / "r" / "summary.json"));
  }
  const Result jobs = gwsim("sweep tests/data/sweeps/tiny-sweep.yaml -j -1 -o " + s.str("j.sqlite"));
  EXPECT_EQ(jobs.exit_code, 2) << jobs.out;
  EXPECT_NE(jobs.out.find("-j expects an integer from 1 to 4096"), std::string::npos) << jobs.out;
}

// Ten grid axes of ten values are ten billion points: refused, located, before anything is expanded.
TEST(Hardening, SpecsThatPlanTooMuchAreRefused) {
  Scratch s("plan");
  std::string spec = "name: huge\nscenario: " + fs::absolute("tests/data/sweeps/tiny.yaml").string() + "\ngrid:\n";
  for (int axis = 0; axis < 10; ++axis) {
    spec += "  sites[0].halls[" + std::to_string(axis) + "].it_capacity: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\n";
  }
  write(s / "huge.yaml", spec);
  Result r = gwsim("sweep " + s.str("huge.yaml") + " --dry-run");
  EXPECT_EQ(r.exit_code, 2) << r.out.substr(0, 500);
  EXPECT_NE(r.out.find(s.str("huge.yaml") + ":3:1: error: grid: the spec makes more than 100000 points"),
            std::string::npos)
      << r.out.substr(0, 500);
  write(s / "many.yaml", "name: many\nscenario: " + fs::absolute("tests/data/sweeps/tiny.yaml").string() +
                             "\nreplications: 1000000\ngrid:\n  seed: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]\n");
  r = gwsim("sweep " + s.str("many.yaml") + " --dry-run");
  EXPECT_EQ(r.exit_code, 2) << r.out.substr(0, 500);
  EXPECT_NE(r.out.find("replications: the spec plans 11 points x 1000000 replications = 11000000 replications"),
            std::string::npos)
      << r.out.substr(0, 500);
}

// ---- 6. Failures get the right exit code and a message, not a library's ------------------------------------

// A full disk (a file-size limit) while a sweep writes its store is the system failing: exit 1, not 2.
TEST(Hardening, FullDiskDuringASweepIsAnInternalFailure) {
  Scratch s("full");
  const Result r =
      gwsim::testing::run_command("bash -c \"trap '' XFSZ; ulimit -f 48; " + binary() +
                                  " sweep tests/data/sweeps/tiny-sweep.yaml -j 2 -o " + s.str("full.sqlite") + "\"");
  EXPECT_EQ(r.exit_code, 1) << r.out;
  EXPECT_NE(r.out.find("gwsim sweep: results store " + s.str("full.sqlite") + ": disk I/O error"), std::string::npos)
      << r.out;
}

TEST(Hardening, RerunOfAFolderSaysSo) {
  Scratch s("rerun-folder");
  const Result r = gwsim("rerun " + s.str(""));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("is a folder; give the summary.json of the run to repeat"), std::string::npos) << r.out;
}

// ---- 7. Messages say what is wrong ------------------------------------------------------------------------------

TEST(Hardening, MessagesNameTheRealProblem) {
  Scratch s("messages");
  write(s / "base.yaml", "- a list\n- not a scenario\n");
  write(s / "child.yaml", "extends: base.yaml\nname: child\n");
  Result r = gwsim("validate " + s.str("child.yaml"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("child.yaml:1:10: error: extends: '" + s.str("base.yaml") +
                       "' is not a scenario to extend: expected a map of keys, found a sequence"),
            std::string::npos)
      << r.out;
  EXPECT_EQ(r.out.find("missing required key"), std::string::npos) << r.out;
  write(s / "merge.yaml", slurp(kScenario) + "\npower_chain:\n  <<: {a: 1}\n");
  r = gwsim("validate " + s.str("merge.yaml"));
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("YAML merge keys ('<<') are not supported"), std::string::npos) << r.out;
  // A manifest's relative path, run from another folder: the message says what the path is relative to.
  const fs::path run = s / "run";
  ASSERT_EQ(gwsim("run " + kScenario + " -q --step 1mo -o " + run.string()).exit_code, 0);
  r = gwsim::testing::run_command("cd " + s.str("") + " && timeout 30 " + binary() + " rerun run/summary.json 2>&1");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("relative to the folder `gwsim run` was started in"), std::string::npos) << r.out;
  // Named with --from, the same rerun reads the scenario from the original folder and matches byte for byte.
  r = gwsim::testing::run_command("cd " + s.str("") + " && timeout 30 " + binary() + " rerun run/summary.json --from " +
                                  fs::current_path().string() + " -o again 2>&1");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  EXPECT_NE(r.out.find("byte-identical to the original: timeline.csv sites.csv events.csv finance.csv summary.json"),
            std::string::npos) << r.out;
  EXPECT_EQ(slurp(s / "again" / "summary.json"), slurp(run / "summary.json"));
  r = gwsim::testing::run_command("cd " + s.str("") + " && timeout 30 " + binary() +
                                  " rerun run/summary.json --from /nonexistent-folder 2>&1");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("--from /nonexistent-folder"), std::string::npos) << r.out;
  EXPECT_FALSE(fs::exists(s / "run" / "rerun"));
}

// A second sweep on a store that one is writing is told the store is in use, before it runs anything.
TEST(Hardening, ASecondWriterIsToldTheStoreIsInUse) {
  Scratch s("in-use");
  const std::string store = s.str("tiny.sqlite");
  // The first sweep hangs in one replication (a test hook) and so keeps the store open for writing.
  const Result r = gwsim::testing::run_command(
      "(GWSIM_SWEEP_FAULT=hang@0:0 timeout 60 " + binary() + " sweep tests/data/sweeps/tiny-sweep.yaml -j 2 -o " +
      store + " > " + s.str("first.log") + " 2>&1 & first=$!; for i in $(seq 200); do [ -e " + store +
      " ] && break; sleep 0.05; done; sleep 0.5; timeout 30 " + binary() +
      " sweep tests/data/sweeps/tiny-sweep.yaml --resume -o " + store + "; code=$?; kill $first; wait; exit $code)");
  EXPECT_EQ(r.exit_code, 2) << r.out;
  EXPECT_NE(r.out.find("is in use: another gwsim sweep is writing it"), std::string::npos) << r.out;
}

}  // namespace
