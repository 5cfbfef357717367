// What a planner meets at the command line: the GW-live line says its basis and what its dates mean; `gwsim
// schema` alone and a mistyped template name say what is accepted; a --set mistake is located on the command line
// (not in the scenario file) and said once however many items its [*] selects; `gwsim init` writes a header that
// names only what the user has; every cumulative energy column says it is cumulative.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "sim/output/fields.hpp"
#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;
using Result = gwsim::testing::CommandResult;
using gwsim::testing::read_text;

Result gwsim(const std::string& args) { return gwsim::testing::run_command(std::string(GWSIM_BINARY) + " " + args); }

fs::path fresh_dir(const std::string& name) {
  const fs::path dir = fs::temp_directory_path() / ("gwsim-nits-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

std::size_t count_of(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

// A CSV without quoted fields: its columns by name, each a list of cells.
std::map<std::string, std::vector<std::string>> columns_of(const fs::path& file) {
  std::istringstream in(read_text(file));
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  for (std::istringstream h(line); std::getline(h, line, ',');) header.push_back(line);
  std::map<std::string, std::vector<std::string>> columns;
  while (std::getline(in, line)) {
    std::istringstream cells(line);
    std::string cell;
    for (std::size_t i = 0; i < header.size(); ++i) {
      cell.clear();
      std::getline(cells, cell, ',');
      columns[header[i]].push_back(cell);
    }
  }
  return columns;
}

// The first date of timeline.csv on which live_capacity_mw reached `mw`: what "GW N live" means, read from the
// run's own timeline.
std::string first_day_at(const fs::path& timeline, double mw) {
  const auto columns = columns_of(timeline);
  const auto& live = columns.at("live_capacity_mw");
  for (std::size_t i = 0; i < live.size(); ++i)
    if (std::stod(live[i]) >= mw) return columns.at("date")[i];
  return "never";
}

// The printed date of "GW 1 live".
std::string printed_gw1(const std::string& out) {
  const std::size_t at = out.find("  GW 1 live");
  if (at == std::string::npos) return "no line";
  std::istringstream line(out.substr(at, out.find('\n', at) - at));
  std::string gw, one, live, date;
  line >> gw >> one >> live >> date;
  return date;
}

TEST(PlannerNits, GwLiveDatesSayTheirBasisAndWhatTheyMean) {
  for (const std::string basis : {"it", "facility"}) {
    const fs::path dir = fresh_dir("gw-" + basis);
    const Result r = gwsim("run scenarios/first-tranche-2026.yaml --set gw_basis=" + basis + " -o " + dir.string());
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const std::string name = basis == "it" ? "IT" : "facility";
    EXPECT_NE(r.out.find("Key dates and what gated each (GW on the " + name + " basis, gw_basis: " + basis + ")"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("(GW N live: the first day the fleet's live capacity reached N GW, counted as\n  " + name +
                         " power at peak"),
              std::string::npos)
        << r.out;
    // The date is what the line says: the first day the timeline's live capacity (on the basis) reached 1 GW.
    EXPECT_EQ(printed_gw1(r.out), first_day_at(dir / "timeline.csv", 1000.0)) << r.out;
    fs::remove_all(dir);
  }
}

TEST(PlannerNits, SchemaAloneSaysWhatItAccepts) {
  const Result r = gwsim("schema");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("gwsim schema: missing WHAT, one of: scenario, sweep, optimize, outputs"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("e.g. gwsim schema scenario"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("is required"), std::string::npos) << r.out;  // not CLI11's bare message
  const Result typo = gwsim("schema outptus");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.out.find("did you mean 'outputs'?"), std::string::npos) << typo.out;
}

TEST(PlannerNits, UnknownTemplateGetsTheClosestAndWritesNothing) {
  const fs::path file = fresh_dir("template") / "s.yaml";
  fs::create_directories(file.parent_path());
  for (const auto& [typed, meant] : {std::pair<std::string, std::string>{"10GW", "10gw"}, {"first", "first-tranche"},
                                     {"minimum", "minimal"}}) {
    const Result r = gwsim("init --template " + typed + " " + file.string());
    EXPECT_EQ(r.exit_code, 2) << r.out;
    EXPECT_NE(r.out.find("gwsim init: --template: unknown value '" + typed + "'; did you mean '" + meant + "'?"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("minimal, first-tranche or 10gw"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(file));
  }
  fs::remove_all(file.parent_path());
}

// first-tranche-2026.yaml has two sites: sites[*] selects both, and one mistake is one error.
TEST(PlannerNits, AStarOverrideMistakeIsSaidOnceUnderItsPattern) {
  const Result r = gwsim("validate scenarios/first-tranche-2026.yaml --set 'sites[*].gird=5'");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(count_of(r.out, ": error: "), 1u) << r.out;
  EXPECT_NE(r.out.find("error: sites[*].gird: unknown key 'gird'; did you mean 'grid'? (in each of the 2 items [*] "
                       "selects: sites[0].gird, sites[1].gird)"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("1 error on the command line; nothing was run or written."), std::string::npos) << r.out;
  // A bad value for every site: one error too.
  const Result value = gwsim("validate scenarios/first-tranche-2026.yaml --set 'sites[*].pue=0.5'");
  EXPECT_EQ(value.exit_code, 2);
  EXPECT_EQ(count_of(value.out, ": error: "), 1u) << value.out;
  EXPECT_NE(value.out.find("sites[*].pue: expected a number"), std::string::npos) << value.out;
}

// A --set value is located as the argument it is, and counted as the command line's, not the scenario's.
TEST(PlannerNits, SetErrorsAreLocatedOnTheCommandLine) {
  const Result r = gwsim("validate scenarios/first-tranche-2026.yaml --strict --set sites[0].pue=0.5");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_TRUE(r.out.starts_with("--set 'sites[0].pue=0.5' (argument 4), column 14: error: sites[0].pue: expected a "
                                "number"))
      << r.out;
  EXPECT_NE(r.out.find("  sites[0].pue=0.5\n               ^\n"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("in scenarios/first-tranche-2026.yaml"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("--set:1:"), std::string::npos) << r.out;
  // --set=VALUE, --seed and --step are located as typed.
  EXPECT_NE(gwsim("validate scenarios/first-tranche-2026.yaml --set=sites[0].pue=0.5").out.find(
                "--set 'sites[0].pue=0.5' (argument 3), column 14: error:"),
            std::string::npos);
  const fs::path dir = fresh_dir("set-located");
  const Result step = gwsim("run scenarios/first-tranche-2026.yaml --step 5h -o " + dir.string());
  EXPECT_EQ(step.exit_code, 2);
  EXPECT_TRUE(step.out.starts_with("--step 5h (argument 3), column 13: error: output_step:")) << step.out;
  EXPECT_FALSE(fs::exists(dir));
  // An error in the file and one on the command line: each counted where it is.
  fs::create_directories(dir);
  const fs::path scenario = dir / "bad.yaml";
  std::string text = read_text("tests/data/valid/minimal.yaml");
  text.replace(text.find("pue: 1.25"), 9, "pue: 0.5");
  std::ofstream(scenario) << text;
  const Result both = gwsim("validate " + scenario.string() + " --set 'sites[0].gird=5'");
  EXPECT_EQ(both.exit_code, 2);
  EXPECT_NE(both.out.find(scenario.string() + ":8:10: error: sites[0].pue"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("--set 'sites[0].gird=5' (argument 3), column 10: error:"), std::string::npos) << both.out;
  EXPECT_NE(both.out.find("2 errors: 1 in " + scenario.string() + ", 1 on the command line; nothing was run"),
            std::string::npos)
      << both.out;
  fs::remove_all(dir);
}

// The header of `gwsim init` names commands and installed files only; nothing of gwsim's source tree.
TEST(PlannerNits, InitHeaderIsSelfContained) {
  for (const std::string name : {"minimal", "first-tranche", "10gw"}) {
    const Result r = gwsim("init -t " + name + " -");
    ASSERT_EQ(r.exit_code, 0) << r.out;
    const std::string header = r.out.substr(0, r.out.find("\n\n"));
    for (const char* source : {"tools/", "scenarios/", "docs/scenario-reference.md", ".cpp", ".hpp"})
      EXPECT_EQ(header.find(source), std::string::npos) << name << ": " << source << " in\n" << header;
    EXPECT_NE(header.find("gwsim validate FILE"), std::string::npos) << header;
    EXPECT_NE(header.find("gwsim run FILE"), std::string::npos) << header;
    EXPECT_NE(header.find("gwsim schema scenario"), std::string::npos) << header;
  }
  // The minimal template itself (gwsim's own) names no source path either.
  EXPECT_EQ(gwsim("init -").out.find("docs/"), std::string::npos);
}

// Man pages and completion come from the command line's definition: a flag is shown without a value, an option
// with one.
TEST(PlannerNits, ManPagesShowFlagsWithoutAValue) {
  const fs::path dir = fresh_dir("man");
  ASSERT_EQ(gwsim("man -o " + dir.string()).exit_code, 0);
  const std::string run = read_text(dir / "gwsim-run.1");
  EXPECT_NE(run.find("\n\\fB\\-\\-force\\fR\n"), std::string::npos) << run;
  EXPECT_NE(run.find("\n\\fB\\-\\-json\\fR\n"), std::string::npos) << run;
  EXPECT_NE(run.find("\n\\fB\\-q\\fR, \\fB\\-\\-quiet\\fR\n"), std::string::npos) << run;
  EXPECT_NE(run.find("\\fB\\-\\-seed\\fR \\fITEXT\\fR"), std::string::npos) << run;
  fs::remove_all(dir);
}

// A timeline or sites column in MWh that only grows over a run is cumulative, and its description (fields.cpp,
// equal to docs/outputs.md) says so; one whose description says cumulative never falls. The columns stay named as
// they are (users and goldens read them); the words carry it. The site-d bridge what-if has generation.
TEST(PlannerNits, CumulativeEnergyColumnsSaySo) {
  const fs::path dir = fresh_dir("cumulative");
  ASSERT_EQ(gwsim("run scenarios/rollout-10gw-site-d-bridge.yaml -q -o " + dir.string()).exit_code, 0);
  const std::string docs = read_text("docs/outputs.md");
  std::size_t checked = 0;
  for (const auto& [file, fields] : {std::pair{"timeline.csv", &gwsim::timeline_fields()},
                                     std::pair{"sites.csv", &gwsim::site_fields()}}) {
    const auto columns = columns_of(dir / file);
    for (const gwsim::StateField* f : *fields) {
      if (!f->info.name.ends_with("_mwh")) continue;
      const std::vector<std::string>& cells = columns.at(f->info.name);
      bool never_falls = true;
      double last = 0.0;
      // sites.csv interleaves its sites row by row: compare each row with the same site's previous one.
      const auto sites = columns.count("site") ? columns.at("site") : std::vector<std::string>(cells.size());
      std::map<std::string, double> previous;
      for (std::size_t i = 0; i < cells.size(); ++i) {
        const double v = std::stod(cells[i]);
        if (previous.count(sites[i]) && v < previous[sites[i]] - 1e-9) never_falls = false;
        previous[sites[i]] = v;
        last = std::max(last, v);
      }
      const bool says = f->info.description.find("cumulative") != std::string::npos;
      if (never_falls && last > 0.0) {
        EXPECT_TRUE(says) << file << " " << f->info.name << ": grows over the run; description: "
                          << f->info.description;
        EXPECT_NE(docs.find("| " + f->info.name + " | MWh | " + f->info.description + " |"), std::string::npos)
            << f->info.name;
        ++checked;
      }
      if (says) {
        EXPECT_TRUE(never_falls) << file << " " << f->info.name << " says cumulative but falls";
      }
    }
  }
  EXPECT_GE(checked, 8u);  // it, facility, grid and generation energy in both files
  fs::remove_all(dir);
}

}  // namespace
