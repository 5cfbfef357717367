// Diagnostic formatting and did-you-mean suggestions.
#include <gtest/gtest.h>

#include <memory>

#include "sim/scenario/diagnostics.hpp"
#include "sim/scenario/fields.hpp"
#include "sim/scenario/schema.hpp"

namespace gwsim {
namespace {

TEST(Diagnostic, FormatWithSourceLine) {
  Diagnostic d;
  d.file = "s.yaml";
  d.line = 7;
  d.column = 10;
  d.path = "sites[0].pue";
  d.message = "expected a number >= 1.0, found '0.9'";
  d.source_line = "    pue: 0.9";
  EXPECT_EQ(d.format(),
            "s.yaml:7:10: error: sites[0].pue: expected a number >= 1.0, found '0.9'\n"
            "      pue: 0.9\n"
            "           ^\n");
}

TEST(Diagnostic, FormatWithoutPathOrSource) {
  Diagnostic d;
  d.file = "missing.yaml";
  d.line = 1;
  d.column = 1;
  d.message = "cannot read file: No such file or directory";
  EXPECT_EQ(d.format(), "missing.yaml:1:1: error: cannot read file: No such file or directory\n");
}

TEST(Diagnostic, CaretKeepsTabs) {
  Diagnostic d;
  d.file = "t.yaml";
  d.line = 1;
  d.column = 3;
  d.message = "m";
  d.source_line = "\tab";
  EXPECT_EQ(d.format(), "t.yaml:1:3: error: m\n  \tab\n  \t ^\n");
}

TEST(Diagnostics, SortedByRankThenPosition) {
  auto base = std::make_shared<SourceFile>(SourceFile{"base.yaml", "a\nb\n", -1, false});
  auto file = std::make_shared<SourceFile>(SourceFile{"file.yaml", "a\nb\nc\n", 0, false});
  auto set = std::make_shared<SourceFile>(SourceFile{"--set", "x=1", 1000, true});
  Diagnostics d;
  d.add(Origin{set, 1, 3}, "x", "third");
  d.add(Origin{file, 3, 1}, "", "second b");
  d.add(Origin{file, 2, 1}, "", "second a");
  d.add(Origin{base, 2, 1}, "", "first");
  const std::vector<Diagnostic> sorted = d.sorted();
  ASSERT_EQ(sorted.size(), 4u);
  EXPECT_EQ(sorted[0].message, "first");
  EXPECT_EQ(sorted[0].source_line, "b");
  EXPECT_EQ(sorted[1].message, "second a");
  EXPECT_EQ(sorted[2].message, "second b");
  EXPECT_EQ(sorted[3].message, "third");
  EXPECT_EQ(sorted[3].source_line, "x=1");
}

TEST(Diagnostics, WarningsAreLocatedLikeErrorsAndKeptApart) {
  auto file = std::make_shared<SourceFile>(SourceFile{"f.yaml", "a: 1\nb: 2\n", 0, false});
  Diagnostics d;
  d.warn(Origin{file, 2, 4}, "b", "too small");
  EXPECT_FALSE(d.has_errors());
  d.add(Origin{file, 1, 4}, "a", "wrong");
  EXPECT_TRUE(d.has_errors());
  ASSERT_EQ(d.sorted(Severity::kWarning).size(), 1u);
  EXPECT_EQ(d.sorted(Severity::kWarning)[0].format(), "f.yaml:2:4: warning: b: too small\n  b: 2\n     ^\n");
  ASSERT_EQ(d.sorted(Severity::kError).size(), 1u);
  EXPECT_EQ(d.sorted(Severity::kError)[0].format(), "f.yaml:1:4: error: a: wrong\n  a: 1\n     ^\n");
  EXPECT_EQ(d.sorted().size(), 2u);
}

TEST(Diagnostics, MessagesStayOnOneLine) {
  auto file = std::make_shared<SourceFile>(SourceFile{"f.yaml", "a: |\n  x\n  y\n", 0, false});
  Diagnostics d;
  d.add(Origin{file, 1, 4}, "a", "found 'x\ny\x01'");
  EXPECT_EQ(d.sorted()[0].message, "found 'x\\ny?'");
}

TEST(DidYouMean, EditDistance) {
  EXPECT_EQ(edit_distance("kitten", "sitting"), 3u);
  EXPECT_EQ(edit_distance("", "abc"), 3u);
  EXPECT_EQ(edit_distance("it_capcity", "it_capacity"), 1u);
  EXPECT_EQ(edit_distance("same", "same"), 0u);
}

TEST(DidYouMean, Suggestions) {
  const schema::KeyList top = scenario_table().keys();
  const schema::KeyList site = scenario_table().find("sites")->table->keys();
  const schema::KeyList hall = scenario_table().find("sites")->table->find("halls")->table->keys();
  EXPECT_EQ(closest_match("it_capcity", hall), "it_capacity");
  EXPECT_EQ(closest_match("constructon", hall), "construction");
  EXPECT_EQ(closest_match("vera_rubin", {"hgx_h100", "gb200_nvl72", "vera_rubin_nvl72"}), "vera_rubin_nvl72");
  EXPECT_EQ(closest_match("pue_value", site), "pue");  // the key is a prefix of what was written
  EXPECT_EQ(closest_match("budget", top), std::nullopt);
  EXPECT_EQ(closest_match("", top), std::nullopt);
  EXPECT_EQ(suggestion_suffix("tranche", top), "; did you mean 'tranches'?");
  EXPECT_EQ(suggestion_suffix("zzz", {"liquid", "air"}), "; expected one of: liquid, air");
}

TEST(Utf8, FirstInvalidByte) {
  constexpr auto npos = std::string_view::npos;
  EXPECT_EQ(first_invalid_utf8("plain ASCII"), npos);
  EXPECT_EQ(first_invalid_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"), npos);  // é, €, an emoji
  EXPECT_EQ(first_invalid_utf8("caf\xE9"), 3u);                // Latin-1 é
  EXPECT_EQ(first_invalid_utf8("ab\xC0\xAF"), 2u);             // overlong '/'
  EXPECT_EQ(first_invalid_utf8("\xED\xA0\x80"), 0u);           // a UTF-16 surrogate
  EXPECT_EQ(first_invalid_utf8("\xF4\x90\x80\x80"), 0u);       // above U+10FFFF
  EXPECT_EQ(first_invalid_utf8("x\xE2\x82"), 1u);              // cut short
  EXPECT_EQ(first_invalid_utf8("\x80"), 0u);                   // a continuation byte alone
}

}  // namespace
}  // namespace gwsim
