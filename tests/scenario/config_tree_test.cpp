// The positioned YAML tree: origins, duplicate keys, limits, merging.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "sim/scenario/config_tree.hpp"
#include "sim/scenario/fields.hpp"

namespace gwsim {
namespace {

SourcePtr source(const std::string& name, const std::string& text, int rank = 0) {
  return std::make_shared<SourceFile>(SourceFile{name, text, rank, false});
}

std::string all(const Diagnostics& d) {
  std::string out;
  for (const Diagnostic& x : d.sorted()) out += x.format();
  return out;
}

TEST(ConfigTree, PositionsAreOneBased) {
  const auto src = source("a.yaml", "name: x\nsites:\n  - {pue: 1.2}\n");
  Diagnostics d;
  const auto root = parse_yaml(src->text, src, d);
  ASSERT_TRUE(root) << all(d);
  ASSERT_TRUE(root->is_map());
  EXPECT_EQ(root->keys[0], "name");
  EXPECT_EQ(root->key_origins[0].line, 1);
  EXPECT_EQ(root->key_origins[0].column, 1);
  const ConfigNode* name = root->find("name");
  ASSERT_TRUE(name && name->is_scalar());
  EXPECT_EQ(name->text, "x");
  EXPECT_EQ(name->origin.column, 7);
  const ConfigNode* pue = root->find("sites")->children[0].find("pue");
  ASSERT_TRUE(pue);
  EXPECT_EQ(pue->origin.line, 3);
  EXPECT_EQ(pue->origin.column, 11);
  EXPECT_EQ(pue->origin.source->name, "a.yaml");
}

TEST(ConfigTree, EmptyValuePointsAtItsKey) {
  const auto src = source("a.yaml", "name:\nstart: 2026-01-01\n");
  Diagnostics d;
  const auto root = parse_yaml(src->text, src, d);
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->find("name")->is_null());
  EXPECT_EQ(root->find("name")->origin.line, 1);
}

TEST(ConfigTree, DuplicateKeyIsAnError) {
  const auto src = source("d.yaml", "a: 1\nb: 2\na: 3\n");
  Diagnostics d;
  const auto root = parse_yaml(src->text, src, d);
  ASSERT_TRUE(root);
  EXPECT_EQ(root->find("a")->text, "1");  // the first value is kept
  EXPECT_EQ(all(d), "d.yaml:3:1: error: a: duplicate key 'a' (first at line 1)\n  a: 3\n  ^\n");
}

TEST(ConfigTree, SyntaxErrorIsLocated) {
  const auto src = source("s.yaml", "a: [1, 2\nb: 3\n");
  Diagnostics d;
  EXPECT_FALSE(parse_yaml(src->text, src, d));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(d.sorted()[0].message.starts_with("invalid YAML: ")) << all(d);
  EXPECT_EQ(d.sorted()[0].file, "s.yaml");
  EXPECT_GE(d.sorted()[0].line, 1);
}

TEST(ConfigTree, AliasesWorkWithinLimits) {
  const auto src = source("a.yaml", "x: &v {a: 1}\ny: *v\n");
  Diagnostics d;
  const auto root = parse_yaml(src->text, src, d);
  ASSERT_TRUE(root) << all(d);
  EXPECT_EQ(root->find("y")->find("a")->text, "1");
  EXPECT_EQ(root->find("y")->origin.line, 2);  // the alias is reported where it is used
}

TEST(ConfigTree, AliasBombIsRefused) {
  std::string text = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const char prev = static_cast<char>(c - 1);
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 10; ++i) text += std::string(i ? ", " : "") + "*" + prev;
    text += "]\n";
  }
  const auto src = source("bomb.yaml", text);
  Diagnostics d;
  EXPECT_FALSE(parse_yaml(src->text, src, d));
  ASSERT_EQ(d.size(), 1u);
  EXPECT_NE(d.sorted()[0].message.find("more than 100000 nodes"), std::string::npos);
}

TEST(ConfigTree, RecursiveAliasIsRefused) {
  const auto src = source("r.yaml", "a: &a [*a]\n");
  Diagnostics d;
  EXPECT_FALSE(parse_yaml(src->text, src, d));
  EXPECT_EQ(d.size(), 1u);
}

TEST(ConfigTree, DepthLimit) {
  const auto ok = source("ok.yaml", std::string(63, '[') + std::string(63, ']'));
  Diagnostics d1;
  EXPECT_TRUE(parse_yaml(ok->text, ok, d1)) << all(d1);
  const auto deep = source("deep.yaml", std::string(65, '[') + std::string(65, ']'));
  Diagnostics d2;
  EXPECT_FALSE(parse_yaml(deep->text, deep, d2));
  EXPECT_EQ(d2.sorted()[0].message, "document nests deeper than 64 levels");
}

TEST(ConfigTree, EmptyDocumentIsNull) {
  const auto src = source("e.yaml", "# nothing\n");
  Diagnostics d;
  const auto root = parse_yaml(src->text, src, d);
  ASSERT_TRUE(root);
  EXPECT_TRUE(root->is_null());
  EXPECT_TRUE(d.empty());
}

TEST(ConfigTree, MergeKeepsEachValuesOrigin) {
  const auto base_src = source("base.yaml", "name: base\npower_chain:\n  substation_loss: 1%\n  non_gpu_it_share: 15%\n"
                                            "sites: [a, b]\n", -1);
  const auto over_src = source("over.yaml", "power_chain:\n  substation_loss: 2%\nsites: [c]\nseed: 4\n");
  Diagnostics d;
  auto base = parse_yaml(base_src->text, base_src, d);
  auto over = parse_yaml(over_src->text, over_src, d);
  ASSERT_TRUE(base && over) << all(d);
  merge_into(*base, std::move(*over));
  // Maps merge key by key.
  const ConfigNode* chain = base->find("power_chain");
  EXPECT_EQ(chain->find("substation_loss")->text, "2%");
  EXPECT_EQ(chain->find("substation_loss")->origin.source->name, "over.yaml");
  EXPECT_EQ(chain->find("non_gpu_it_share")->text, "15%");
  EXPECT_EQ(chain->find("non_gpu_it_share")->origin.source->name, "base.yaml");
  EXPECT_EQ(chain->find("non_gpu_it_share")->origin.line, 4);
  // A value only in the base keeps the base's position.
  EXPECT_EQ(base->find("name")->origin.source->name, "base.yaml");
  EXPECT_EQ(base->find("name")->origin.line, 1);
  // Sequences of plain values replace whole.
  ASSERT_EQ(base->find("sites")->children.size(), 1u);
  EXPECT_EQ(base->find("sites")->children[0].text, "c");
  // New keys are appended.
  EXPECT_EQ(base->keys.back(), "seed");
}

TEST(ConfigTree, NamedItemsMergeByName) {
  const auto base_src = source("base.yaml",
                               "sites:\n  - {name: a, pue: 1.2, install_racks_per_week: 100}\n"
                               "  - {name: b, pue: 1.3}\n", -1);
  const auto over_src = source("over.yaml", "sites:\n  - {name: b, pue: 1.4}\n  - {name: c, pue: 1.1}\n");
  Diagnostics d;
  auto base = parse_yaml(base_src->text, base_src, d);
  auto over = parse_yaml(over_src->text, over_src, d);
  ASSERT_TRUE(base && over) << all(d);
  merge_into(*base, std::move(*over));
  const ConfigNode* sites = base->find("sites");
  ASSERT_EQ(sites->children.size(), 3u);  // a kept, b merged, c appended
  EXPECT_EQ(sites->children[0].find("name")->text, "a");
  EXPECT_EQ(sites->children[0].find("install_racks_per_week")->text, "100");
  EXPECT_EQ(sites->children[1].find("pue")->text, "1.4");
  EXPECT_EQ(sites->children[1].find("pue")->origin.source->name, "over.yaml");
  EXPECT_EQ(sites->children[2].find("name")->text, "c");
}

TEST(ConfigTree, ReplaceTagReplacesAListOrMapWhole) {
  const auto base_src = source("base.yaml",
                               "investments:\n  - {name: loi, amount: $10B}\n"
                               "power_chain: {pue: 1.2, substation_loss: 1%}\n", -1);
  const auto over_src = source("over.yaml", "investments: !replace\n  - {name: equity, amount: $30B}\n"
                                            "power_chain: !replace {pue: 1.3}\n");
  Diagnostics d;
  auto base = parse_yaml(base_src->text, base_src, d);
  auto over = parse_yaml(over_src->text, over_src, d);
  ASSERT_TRUE(base && over) << all(d);
  merge_into(*base, std::move(*over));
  const ConfigNode* investments = base->find("investments");
  ASSERT_EQ(investments->children.size(), 1u);
  EXPECT_EQ(investments->children[0].find("name")->text, "equity");
  EXPECT_EQ(base->find("power_chain")->find("substation_loss"), nullptr);
}

// Merges the overlay text into the base text with the scenario's item keys (supply by platform, grid by from).
ConfigNode merged(const std::string& base_text, const std::string& overlay_text) {
  const auto base_src = source("base.yaml", base_text, -1);
  const auto over_src = source("over.yaml", overlay_text);
  Diagnostics d;
  auto base = parse_yaml(base_src->text, base_src, d);
  auto over = parse_yaml(over_src->text, over_src, d);
  EXPECT_TRUE(base && over) << all(d);
  if (!base || !over) return {};
  merge_into(*base, std::move(*over), scenario_item_key);
  return *base;
}

std::string texts(const ConfigNode& sequence, std::string_view key) {
  std::string out;
  for (const ConfigNode& item : sequence.children) out += (out.empty() ? "" : " ") + item.find(key)->text;
  return out;
}

TEST(ConfigTree, SupplyEntriesMergeByPlatform) {
  const ConfigNode root = merged("supply:\n  - {platform: a, racks_per_week: 100, start: 2026-01-01}\n"
                                 "  - {platform: b, racks_per_week: 50}\n",
                                 "supply:\n  - {platform: b, racks_per_week: 75}\n  - {platform: c, racks_per_week: 9}\n");
  const ConfigNode& supply = *root.find("supply");
  EXPECT_EQ(texts(supply, "platform"), "a b c");
  EXPECT_EQ(texts(supply, "racks_per_week"), "100 75 9");
  EXPECT_EQ(supply.children[0].find("start")->text, "2026-01-01");
}

TEST(ConfigTree, GridPointsMergeByDateInDateOrder) {
  // 2027-01-01 changes the base point of that date; 2026-06-01 is new and goes between the base's two.
  const ConfigNode root = merged(
      "sites:\n  - name: s\n    grid:\n      - {from: 2026-01-01, capacity: 1 GW}\n"
      "      - {from: 2027-01-01, capacity: 2 GW, ramp: 30 days}\n",
      "sites:\n  - name: s\n    grid:\n      - {from: 2027-01-01, capacity: 3 GW}\n"
      "      - {from: 2026-06-01, capacity: 1.5 GW}\n");
  const ConfigNode& grid = *root.find("sites")->children[0].find("grid");
  EXPECT_EQ(texts(grid, "from"), "2026-01-01 2026-06-01 2027-01-01");
  EXPECT_EQ(texts(grid, "capacity"), "1 GW 1.5 GW 3 GW");
  EXPECT_EQ(grid.children[2].find("ramp")->text, "30 days");  // kept from the base point
}

TEST(ConfigTree, DrawnDatesAndDuplicateKeysReplaceTheListWhole) {
  // A date written as a distribution has no value to match until drawn; a base with two entries for one platform
  // has no single item to merge into. Both lists are replaced, as before keys existed.
  const ConfigNode drawn = merged("grid:\n  - {from: 2026-01-01, capacity: 1 GW}\n  - {from: 2027-01-01, capacity: 2 GW}\n",
                                  "grid:\n  - {from: 2026-01-01, capacity: 1 GW}\n"
                                  "  - {from: 2027-01-01 + draw(slip), capacity: 2 GW}\n");
  EXPECT_EQ(texts(*drawn.find("grid"), "from"), "2026-01-01 2027-01-01 + draw(slip)");
  const ConfigNode twice = merged("supply:\n  - {platform: a, racks_per_week: 1}\n  - {platform: a, racks_per_week: 2}\n",
                                  "supply:\n  - {platform: a, racks_per_week: 3}\n");
  EXPECT_EQ(texts(*twice.find("supply"), "racks_per_week"), "3");
}

TEST(ConfigTree, ReplaceTagStillReplacesAKeyedList) {
  const ConfigNode root = merged("supply:\n  - {platform: a, racks_per_week: 1}\n  - {platform: b, racks_per_week: 2}\n",
                                 "supply: !replace\n  - {platform: b, racks_per_week: 3}\n");
  EXPECT_EQ(texts(*root.find("supply"), "platform"), "b");
}

TEST(ConfigTree, UnknownTagIsAnError) {
  const auto src = source("x.yaml", "sites: !append\n  - {name: a}\n");
  Diagnostics d;
  EXPECT_FALSE(parse_yaml(src->text, src, d));
  EXPECT_EQ(all(d),
            "x.yaml:1:8: error: unknown tag '!append'; the only tag gwsim knows is !replace, on a map or a sequence\n"
            "  sites: !append\n"
            "         ^\n");
}

}  // namespace
}  // namespace gwsim
