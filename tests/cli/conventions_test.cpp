// Command-line conventions: "-" is standard output wherever a file is written (and refused where a folder or a
// store is), the closest command or option for a mistyped one, `gwsim init`, and the completion script and man
// pages made from the command line's own definition.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;
using Result = gwsim::testing::CommandResult;

Result gwsim(const std::string& args) { return gwsim::testing::run_command(std::string(GWSIM_BINARY) + " " + args); }

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("gwsim-conventions-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

TEST(Conventions, MistypedCommandGetsTheClosest) {
  const Result r = gwsim("rnu scenarios/first-tranche-2026.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "gwsim: unknown command 'rnu'; did you mean 'run'?\nRun with --help for more information.\n");
}

TEST(Conventions, MistypedOptionGetsTheClosestOfItsCommand) {
  const Result validate = gwsim("validate tests/data/valid/minimal.yaml --strcit");
  EXPECT_EQ(validate.exit_code, 2);
  EXPECT_EQ(validate.out,
            "gwsim: unknown option '--strcit' for gwsim validate; did you mean '--strict'?\n"
            "Run with --help for more information.\n");
  // run takes SimGrid's settings too, so its unknown options are found after parsing.
  const Result run = gwsim("run tests/data/valid/minimal.yaml --forse");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "gwsim: unknown option '--forse' for gwsim run; did you mean '--force'?\n");
}

TEST(Conventions, DashIsRefusedWhereAFolderOrStoreIsWritten) {
  const fs::path dir = fresh_dir("dash");
  const Result run = gwsim("run tests/data/valid/minimal.yaml -o -");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_EQ(run.out, "gwsim run: -o -: a run writes a folder of files, which standard output cannot hold; name a "
                     "folder; nothing was run or written.\n");
  EXPECT_FALSE(fs::exists("-"));
  const Result sweep = gwsim("sweep tests/data/sweeps/tiny.yaml -o -");
  EXPECT_EQ(sweep.exit_code, 2);
  EXPECT_NE(sweep.out.find("a results store is an SQLite file"), std::string::npos) << sweep.out;
}

TEST(Conventions, SchemaGoesToStandardOutputOrAFile) {
  const Result out = gwsim("schema scenario -o -");
  ASSERT_EQ(out.exit_code, 0) << out.out;
  const nlohmann::json schema = nlohmann::json::parse(out.out);
  EXPECT_EQ(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
  const nlohmann::json& sites = schema["$defs"]["scenario"]["properties"]["sites"];
  EXPECT_EQ(sites["type"], "array");
  EXPECT_EQ(sites["items"]["required"], nlohmann::json::array({"name", "install_racks_per_week", "grid", "halls"}));
  const fs::path file = fresh_dir("schema") / "sweep.json";
  EXPECT_EQ(gwsim("schema sweep -o " + file.string()).exit_code, 0);
  EXPECT_EQ(nlohmann::json::parse(gwsim::testing::read_text(file))["title"], "gwsim sweep spec");
  const Result again = gwsim("schema sweep -o " + file.string());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.out.find("add --force to replace it"), std::string::npos) << again.out;
  EXPECT_EQ(gwsim("schema sweep --force -o " + file.string()).exit_code, 0);
}

TEST(Conventions, InitWritesEachTemplateAndItValidates) {
  const fs::path dir = fresh_dir("init");
  for (const std::string name : {"minimal", "first-tranche", "10gw"}) {
    const fs::path file = dir / (name + ".yaml");
    const Result init = gwsim("init --template " + name + " " + file.string());
    ASSERT_EQ(init.exit_code, 0) << init.out;
    EXPECT_TRUE(gwsim::testing::read_text(file).starts_with("# Written by `gwsim init --template " + name + "`"));
    const Result validate = gwsim("validate " + file.string());
    EXPECT_EQ(validate.exit_code, 0) << name << ": " << validate.out;
  }
}

TEST(Conventions, InitRefusesToOverwriteWithoutForce) {
  const fs::path file = fresh_dir("init-force") / "s.yaml";
  ASSERT_EQ(gwsim("init " + file.string()).exit_code, 0);
  gwsim::testing::run_command("echo changed > " + file.string());
  const Result again = gwsim("init " + file.string());
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_EQ(gwsim::testing::read_text(file), "changed\n");
  EXPECT_EQ(gwsim("init --force " + file.string()).exit_code, 0);
  EXPECT_NE(gwsim::testing::read_text(file), "changed\n");
  const Result to_stdout = gwsim("init --template minimal -");
  EXPECT_EQ(to_stdout.exit_code, 0);
  EXPECT_TRUE(to_stdout.out.starts_with("# Written by `gwsim init --template minimal`")) << to_stdout.out;
  EXPECT_FALSE(fs::exists("-"));
  EXPECT_EQ(gwsim("init --template huge " + file.string()).exit_code, 2);
}

// What bash offers after the words typed so far, with the generated completion script loaded.
std::string completions(const std::string& words, int cword) {
  const fs::path script = fresh_dir("completion") / "gwsim";
  EXPECT_EQ(gwsim("completion bash -o " + script.string()).exit_code, 0);
  const Result r = gwsim::testing::run_command(
      "bash -c 'source " + script.string() + "; COMP_WORDS=(" + words + "); COMP_CWORD=" + std::to_string(cword) +
      "; _gwsim; echo \"${COMPREPLY[*]}\"'");
  return r.out;
}

TEST(Conventions, BashCompletionComesFromTheDefinition) {
  EXPECT_EQ(completions("gwsim ru", 1), "run\n");
  EXPECT_EQ(completions("gwsim re", 1), "rerun results report\n");
  EXPECT_EQ(completions("gwsim run s.yaml --se", 3), "--set --seed\n");
  EXPECT_EQ(completions("gwsim schema \"\"", 2), "scenario sweep optimize outputs\n");
  EXPECT_EQ(completions("gwsim init f.yaml --template \"\"", 4), "minimal first-tranche 10gw\n");
}

TEST(Conventions, ManPagesComeFromTheHelp) {
  const fs::path dir = fresh_dir("man");
  ASSERT_EQ(gwsim("man -o " + dir.string()).exit_code, 0);
  const std::string run = gwsim::testing::read_text(dir / "gwsim-run.1");
  EXPECT_TRUE(run.starts_with(".TH GWSIM-RUN 1 \"\" \"gwsim ")) << run.substr(0, 80);
  EXPECT_NE(run.find("\\fB\\-\\-set\\fR \\fITEXT\\fR\nOverride a value before validation: dotted.path=value "
                     "(repeatable)\n"),
            std::string::npos)
      << run;
  const std::string main_page = gwsim::testing::read_text(dir / "gwsim.1");
  EXPECT_NE(main_page.find(".TP\n\\fBinit\\fR\nWrite a commented starting scenario that validates. See "
                           "\\fBgwsim\\-init\\fR(1).\n"),
            std::string::npos)
      << main_page;
  EXPECT_FALSE(fs::exists(dir / "gwsim-man.1"));  // the hidden man command has no page of its own
}

}  // namespace
