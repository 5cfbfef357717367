// The run identity in summary.json's manifest: hashes checked against values computed independently (sha256sum
// and Python's hashlib), and a manifest read back with every value checked.
#include "sim/output/manifest.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

namespace gwsim {
namespace {

// Any file's hash, fixed here so that the expected combinations below stay valid when the scenarios change.
constexpr const char* kFirstTranche = "91830ed1685263d4161e5100f9ad38fe83e059d2ed1e232302d6289b268a8674";
// sha256sum scenarios/first-tranche-2026.yaml: the input of the golden run read back below (update it with the
// golden files when the scenario changes).
constexpr const char* kGoldenInput = "a9e4b64bd1d15aed049dbba35b1e0765cfcffb3bd5060c6e59f54b6213e7e211";

TEST(Manifest, HashesMatchAnIndependentComputation) {
  // printf '91830ed...8674\n' | sha256sum
  const std::string inputs = inputs_sha256({{"scenarios/first-tranche-2026.yaml", kFirstTranche}});
  EXPECT_EQ(inputs, "e9f600f7679da606f3d8dff13e67c87606033bfe22f3cd1c1bae07a23e302738");
  // hashlib.sha256(json.dumps([inputs, ["output_step=1w"], 1, 0], separators=(",", ":")).encode()).hexdigest()
  EXPECT_EQ(identity_sha256(inputs, {"output_step=1w"}, 1, 0),
            "84201a83d2844ba35f56d7b632b04f8f6a412fab0d1165e916d87410ce6420d2");
  // Paths are left out of the combined hash: the same file elsewhere is the same input.
  EXPECT_EQ(inputs_sha256({{"/elsewhere/copy.yaml", kFirstTranche}}), inputs);
}

std::string golden_summary() {
  std::ifstream in("tests/golden/expected/first-tranche-2026/summary.json", std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  EXPECT_NE(at, std::string::npos) << from;
  if (at != std::string::npos) text.replace(at, from.size(), to);
  return text;
}

TEST(Manifest, ReadsBackWhatTheWriterWrote) {
  const ManifestRead read = read_manifest(golden_summary());
  ASSERT_TRUE(read.identity) << read.error;
  EXPECT_EQ(read.identity->scenario_file, "scenarios/first-tranche-2026.yaml");
  EXPECT_EQ(read.identity->inputs.at(0).second, kGoldenInput);
  EXPECT_EQ(read.identity->overrides, std::vector<std::string>{"output_step=1w"});
  EXPECT_EQ(read.identity->seed, 1u);
}

TEST(Manifest, EveryValueIsChecked) {
  const std::string summary = golden_summary();
  const auto error_of = [](const std::string& text) { return read_manifest(text).error; };
  EXPECT_EQ(error_of(replaced(summary, "\"seed\": 1", "\"seed\": -1")),
            "manifest.seed: expected an integer from 0 to 18446744073709551615, found -1");
  EXPECT_EQ(error_of(replaced(summary, "\"seed\": 1", "\"seed\": 1.5")),
            "manifest.seed: expected an integer from 0 to 18446744073709551615, found 1.5");
  EXPECT_EQ(error_of(replaced(summary, "\"replication\": 0", "\"replication\": \"0\"")),
            "manifest.replication: expected an integer from 0 to 18446744073709551615, found \"0\"");
  EXPECT_EQ(error_of(replaced(summary, "\"output_step=1w\"", "\"output_step=1mo\"")),
            "manifest.identity_sha256 does not match the manifest's inputs, overrides, seed and replication: the "
            "manifest was edited after the run");
  EXPECT_EQ(error_of(replaced(summary, "\"output_step=1w\"", "\"=1w\"")),
            "manifest.overrides[0]: expected dotted.path=value, found \"=1w\"");
  const std::string listed = std::string("\"sha256\": \"") + kGoldenInput;
  EXPECT_EQ(error_of(replaced(summary, listed, "\"sha256\": \"" + std::string(64, 'f'))),
            "manifest.inputs_sha256 does not match the hashes in manifest.inputs: the manifest was edited");
  EXPECT_EQ(error_of("[1, 2]"), "not a JSON object (expected a summary.json written by gwsim run)");
  EXPECT_EQ(error_of("{\"manifest\": {\"seed\": 1}}"),
            "the manifest lists no input files (a summary.json from an older gwsim): run the scenario again with "
            "this gwsim to get one that can be rerun");
  // A long bad value is quoted short.
  const std::string long_value = "\"" + std::string(500, 'x') + "\"";
  EXPECT_EQ(error_of(replaced(summary, "\"seed\": 1", "\"seed\": " + long_value)),
            "manifest.seed: expected an integer from 0 to 18446744073709551615, found "
            "\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...");
}

}  // namespace
}  // namespace gwsim
