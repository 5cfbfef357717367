// `gwsim schema outputs` against what gwsim really writes: the schema's columns are the headers of real
// timeline.csv and sites.csv files, and its figures are, both ways, the keys of real summary.json files (daily
// and hourly), each of the kind the schema states.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "sim/output/records.hpp"
#include "tests/support/process.hpp"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::json;

gwsim::testing::CommandResult gwsim(const std::string& args) {
  return gwsim::testing::run_command(std::string(GWSIM_BINARY) + " " + args);
}

Json schema() {
  const auto r = gwsim("schema outputs");
  EXPECT_EQ(r.exit_code, 0) << r.out;
  const Json j = Json::parse(r.out, nullptr, false);
  EXPECT_TRUE(j.is_object()) << "not a JSON object:\n" << r.out.substr(0, 500);
  return j;
}

class SchemaOfARun : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    // first-tranche-2026 reaches first tokens and 1 GW, has tranches, sites and every constraint binding; the
    // hourly run gives summary.json its hour.
    daily_ = new fs::path(fs::temp_directory_path() / ("gwsim-schema-daily-" + std::to_string(::getpid())));
    hourly_ = new fs::path(fs::temp_directory_path() / ("gwsim-schema-hourly-" + std::to_string(::getpid())));
    fs::remove_all(*daily_);
    fs::remove_all(*hourly_);
    ASSERT_EQ(gwsim("run scenarios/first-tranche-2026.yaml -q -o " + daily_->string()).exit_code, 0);
    ASSERT_EQ(gwsim("run scenarios/first-tranche-2026.yaml -q --step 1h --set end=2026-01-03 -o " + hourly_->string())
                  .exit_code,
              0);
  }
  static void TearDownTestSuite() {
    fs::remove_all(*daily_);
    fs::remove_all(*hourly_);
    delete daily_;
    delete hourly_;
  }
  static fs::path* daily_;
  static fs::path* hourly_;
};
fs::path* SchemaOfARun::daily_ = nullptr;
fs::path* SchemaOfARun::hourly_ = nullptr;

std::string header(const fs::path& csv) {
  const std::string text = gwsim::testing::read_text(csv);
  return text.substr(0, text.find('\n'));
}

std::string names(const Json& columns) {
  std::string out;
  for (const Json& c : columns) out += (out.empty() ? "" : ",") + c["name"].get<std::string>();
  return out;
}

TEST(Schema, IsJsonAndDescribesEveryColumnAndFigure) {
  const Json j = schema();
  ASSERT_TRUE(j.contains("files"));
  for (const char* file : {"timeline.csv", "sites.csv"}) {
    ASSERT_TRUE(j["files"].contains(file)) << file;
    for (const Json& c : j["files"][file]["columns"]) {
      for (const char* key : {"name", "kind", "unit", "decimals", "label", "description"})
        EXPECT_TRUE(c.contains(key)) << file << " " << c.dump();
      EXPECT_FALSE(c["description"].get<std::string>().empty()) << c.dump();
    }
  }
  for (const Json& f : j["files"]["summary.json"]["figures"]) {
    for (const char* key : {"pointer", "name", "kind", "unit", "decimals", "description", "better", "sweep", "display"})
      EXPECT_TRUE(f.contains(key)) << f.dump();
    EXPECT_TRUE(f["better"] == "higher" || f["better"] == "lower" || f["better"] == "neither") << f.dump();
  }
  // The same bytes every time.
  EXPECT_EQ(gwsim("schema outputs").out, gwsim("schema outputs").out);
}

TEST(Schema, OnlyOutputsIsDescribed) {
  const auto r = gwsim("schema scenery");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.out.find("outputs"), std::string::npos) << r.out;
  EXPECT_EQ(gwsim("schema").exit_code, 2);
}

TEST_F(SchemaOfARun, ColumnsAreTheHeadersOfARealRun) {
  const Json j = schema();
  EXPECT_EQ(names(j["files"]["timeline.csv"]["columns"]), header(*daily_ / "timeline.csv"));
  EXPECT_EQ(names(j["files"]["sites.csv"]["columns"]), header(*daily_ / "sites.csv"));
}

// YYYY-MM-DD, or YYYY-MM-DDTHH:00.
bool iso_date(const std::string& text) {
  const std::string shape = text.size() == 16 ? "dddd-dd-ddTdd:00" : "dddd-dd-dd";
  if (text.size() != shape.size()) return false;
  for (std::size_t i = 0; i < shape.size(); ++i)
    if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(text[i])) : text[i] != shape[i]) return false;
  return true;
}

// Whether a value is of a kind, as the schema names kinds.
bool of_kind(const Json& v, const std::string& kind) {
  if (kind == "count") return v.is_number_integer();
  if (kind == "number") return v.is_number();
  if (kind == "date") return v.is_string() && iso_date(v.get<std::string>());
  if (kind == "name") return v.is_string() && !v.get<std::string>().empty();
  if (kind == "flag") return v.is_boolean();
  return false;
}

// Every leaf of a summary.json outside its manifest, by JSON pointer (array elements by index).
void leaves(const Json& v, const std::string& at, std::set<std::string>& out) {
  if (at == "/manifest") return;
  if (v.is_object() && !v.empty()) {
    for (const auto& [key, child] : v.items()) leaves(child, at + "/" + key, out);
  } else if (v.is_array() && !v.empty()) {
    for (std::size_t i = 0; i < v.size(); ++i) leaves(v[i], at + "/" + std::to_string(i), out);
  } else {
    out.insert(at);
  }
}

// The schema's pointers with {i} replaced by each index the run has.
std::map<std::string, Json> concrete_figures(const Json& schema, const Json& summary) {
  std::map<std::string, Json> out;
  for (const Json& f : schema["files"]["summary.json"]["figures"]) {
    const std::string pointer = f["pointer"];
    const auto at = pointer.find("{i}");
    if (at == std::string::npos) {
      out[pointer] = f;
      continue;
    }
    const Json::json_pointer list(pointer.substr(0, at - 1));
    const std::size_t n = summary.contains(list) ? summary.at(list).size() : 0;
    for (std::size_t i = 0; i < n; ++i) out[pointer.substr(0, at) + std::to_string(i) + pointer.substr(at + 3)] = f;
  }
  return out;
}

void expect_figures_match(const Json& schema, const fs::path& run) {
  const Json summary = Json::parse(gwsim::testing::read_text(run / "summary.json"));
  const std::map<std::string, Json> figures = concrete_figures(schema, summary);
  for (const auto& [pointer, f] : figures) {
    const Json::json_pointer at(pointer);
    if (!summary.contains(at)) {
      EXPECT_EQ(f["when_absent"], "omitted") << run << ": the schema's " << pointer << " is not in summary.json";
      continue;
    }
    const Json& v = summary.at(at);
    if (v.is_null()) {
      EXPECT_EQ(f["when_absent"], "null") << run << ": " << pointer << " is null";
    } else {
      EXPECT_TRUE(of_kind(v, f["kind"])) << run << ": " << pointer << " = " << v.dump() << " is not a " << f["kind"];
    }
  }
  std::set<std::string> in_file;
  leaves(summary, "", in_file);
  for (const std::string& pointer : in_file) {
    // An empty list or object (no GW reached yet) is described by the figures under it.
    const bool empty = summary.at(Json::json_pointer(pointer)).empty();
    bool described = figures.contains(pointer);
    for (const Json& f : schema["files"]["summary.json"]["figures"])
      described = described || (empty && f["pointer"].get<std::string>().starts_with(pointer + "/"));
    EXPECT_TRUE(described) << run << ": summary.json's " << pointer << " is not in the schema";
  }
}

// events.csv: the schema's columns are a real run's header, every kind a real run writes is one of the schema's,
// and the schema's kinds are the program's, in order.
TEST_F(SchemaOfARun, EventColumnsAndKindsAreThoseOfARealRun) {
  const Json j = schema();
  ASSERT_TRUE(j["files"].contains("events.csv"));
  const Json& events = j["files"]["events.csv"];
  std::string columns;
  for (const Json& c : events["columns"]) columns += (columns.empty() ? "" : ",") + c.get<std::string>();
  EXPECT_EQ(columns, header(*daily_ / "events.csv"));
  std::set<std::string> kinds;
  for (const Json& k : events["kinds"]) kinds.insert(k["name"].get<std::string>());
  const auto program = gwsim::event_kinds();
  ASSERT_EQ(events["kinds"].size(), program.size());
  for (std::size_t i = 0; i < program.size(); ++i) {
    EXPECT_EQ(events["kinds"][i]["name"], program[i].name);
    EXPECT_EQ(events["kinds"][i]["unit"], program[i].unit);
  }
  const std::string text = gwsim::testing::read_text(*daily_ / "events.csv");
  std::size_t rows = 0;
  for (std::size_t at = text.find('\n') + 1; at < text.size(); at = text.find('\n', at) + 1) {
    const std::size_t a = text.find(',', at) + 1;
    const std::string kind = text.substr(a, text.find(',', a) - a);
    EXPECT_TRUE(kinds.count(kind)) << kind;
    ++rows;
  }
  EXPECT_GT(rows, 10u);
}

TEST_F(SchemaOfARun, FiguresAreTheKeysOfRealSummariesOfTheStatedKind) {
  const Json j = schema();
  expect_figures_match(j, *daily_);
  expect_figures_match(j, *hourly_);
  // The runs exercise the repeated figures: sites, tranches and GW dates are there to be checked.
  const Json summary = Json::parse(gwsim::testing::read_text(*daily_ / "summary.json"));
  EXPECT_GE(summary["sites"].size(), 1u);
  EXPECT_GE(summary["tranches"].size(), 1u);
  EXPECT_GE(summary["gw_live_dates"].size(), 1u);
  EXPECT_TRUE(Json::parse(gwsim::testing::read_text(*hourly_ / "summary.json"))["final"].contains("hour"));
}

TEST(Schema, EveryConstraintAppearsWithItsHeldColumnAndFigures) {
  const Json j = schema();
  std::set<std::string> columns;
  for (const Json& c : j["files"]["timeline.csv"]["columns"]) columns.insert(c["name"]);
  std::set<std::string> pointers;
  for (const Json& f : j["files"]["summary.json"]["figures"]) pointers.insert(f["pointer"]);
  ASSERT_EQ(j["constraints"].size(), std::size(gwsim::kAllConstraints));
  for (std::size_t i = 0; i < std::size(gwsim::kAllConstraints); ++i) {
    const std::string name = gwsim::to_string(gwsim::kAllConstraints[i]);
    EXPECT_EQ(j["constraints"][i]["name"], name);
    EXPECT_TRUE(columns.contains(j["constraints"][i]["held_column"])) << name;
    EXPECT_TRUE(pointers.contains("/binding_constraints/days/" + name)) << name;
    EXPECT_TRUE(pointers.contains("/binding_constraints/shares/" + name)) << name;
  }
}

TEST(Schema, StatusesStoreAndResultsColumnsAreThere) {
  const Json j = schema();
  std::vector<std::string> statuses;
  for (const Json& s : j["replication_statuses"]) statuses.push_back(s["name"]);
  EXPECT_EQ(statuses, (std::vector<std::string>{"ok", "failed", "invalid", "crashed", "timeout"}));
  EXPECT_EQ(j["replication_statuses"][0]["success"], true);
  EXPECT_EQ(j["results_store"]["application_id"], 0x67777372);
  std::set<std::string> tables;
  for (const Json& t : j["results_store"]["tables"]) tables.insert(t["name"]);
  EXPECT_EQ(tables, (std::set<std::string>{"sweep", "points", "replications"}));
  EXPECT_EQ(names(j["results_csv"]["columns"]), "point,name,figure,unit,n,p10,p50,p90,reached");
}

}  // namespace
