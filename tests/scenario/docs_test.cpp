// docs/scenario-reference.md documents exactly the keys the validator accepts: every row of a table headed
// "| Key |" names one key (first cell, in backquotes), and the set of those keys equals schema::reference_keys().
#include <gtest/gtest.h>

#include <fstream>
#include <set>
#include <string>

#include "sim/scenario/schema.hpp"

namespace gwsim {
namespace {

std::set<std::string> documented_keys(const std::string& path) {
  std::ifstream in(path);
  EXPECT_TRUE(in.good()) << "cannot open " << path;
  std::set<std::string> keys;
  bool in_key_table = false;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("|", 0) != 0) {
      in_key_table = false;
      continue;
    }
    if (line.rfind("| Key ", 0) == 0 || line.rfind("| Key|", 0) == 0) {
      in_key_table = true;
      continue;
    }
    if (!in_key_table || line.rfind("|--", 0) == 0 || line.rfind("| --", 0) == 0) continue;
    const std::size_t open = line.find('`');
    const std::size_t close = open == std::string::npos ? open : line.find('`', open + 1);
    const std::size_t cell_end = line.find('|', 1);
    EXPECT_TRUE(open != std::string::npos && close != std::string::npos && close < cell_end)
        << "key row without a `key` in its first cell: " << line;
    if (open == std::string::npos || close == std::string::npos) continue;
    keys.insert(line.substr(open + 1, close - open - 1));
  }
  return keys;
}

TEST(Docs, ReferenceListsEveryKeyTheValidatorAccepts) {
  const std::set<std::string> documented = documented_keys("docs/scenario-reference.md");
  const std::vector<std::string> accepted = schema::reference_keys();
  for (const std::string& key : accepted) {
    EXPECT_TRUE(documented.count(key)) << "docs/scenario-reference.md does not document '" << key << "'";
  }
  const std::set<std::string> accepted_set(accepted.begin(), accepted.end());
  for (const std::string& key : documented) {
    EXPECT_TRUE(accepted_set.count(key)) << "docs/scenario-reference.md documents '" << key
                                         << "', which the validator does not accept";
  }
}

}  // namespace
}  // namespace gwsim
