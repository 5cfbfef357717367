// Located error and warning messages for scenario, catalog and defaults files.
//
// Every problem the loader finds becomes a Diagnostic that names the file, the 1-based line and column, the dotted
// path of the offending value ("sites[0].halls[1].it_capacity") and a message saying what was found and what was
// expected. Diagnostic::format() renders it like a compiler error, with the source line and a caret. Errors stop a
// scenario from loading; warnings (plan contradictions found by validate(): a tranche its grid can never carry,
// say) do not, unless the command is given --strict.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gwsim {

enum class Severity { kError, kWarning };

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string file;         // as given: the path on the command line, an extended file's path as resolved, or "--set"
  int line = 0;             // 1-based
  int column = 0;           // 1-based
  std::string path;         // dotted path, indices in brackets: "sites[0].halls[1].it_capacity"
  std::string message;      // what was found and what was expected
  std::string source_line;  // the offending line's text (for --set: the whole argument)
  // "file:line:col: error: path: message\n  <source line>\n  <spaces>^\n" ("warning" for a warning); "path: " is
  // left out when the path is empty, and the two last lines when there is no source line.
  std::string format() const;
};

// The text that positions refer to: a file, an embedded configuration, or one --set argument.
struct SourceFile {
  std::string name;          // shown in diagnostics
  std::string text;
  int rank = 0;              // diagnostics are ordered by rank, then line, then column
  bool single_line = false;  // --set: every position is on line 1 and the source line is the whole text
  std::string line_text(int line) const;
};
using SourcePtr = std::shared_ptr<const SourceFile>;

struct Origin {
  SourcePtr source;
  int line = 1;    // 1-based
  int column = 1;  // 1-based
};

// Collects diagnostics; sorted() returns them in document order.
class Diagnostics {
 public:
  void add(const Origin& at, std::string path, std::string message);
  void warn(const Origin& at, std::string path, std::string message);
  // A diagnostic with no source text (e.g. a file that cannot be read).
  void add_unlocated(std::string file, int rank, std::string path, std::string message);
  bool empty() const { return entries_.empty(); }
  std::size_t size() const { return entries_.size(); }
  bool has_errors() const;
  std::vector<Diagnostic> sorted() const;  // stable: by rank, line, column
  std::vector<Diagnostic> sorted(Severity severity) const;  // those of one severity, in the same order

 private:
  struct Entry {
    int rank = 0;
    Diagnostic diagnostic;
  };
  std::vector<Entry> entries_;
};

// The offset of the first byte that does not start a valid UTF-8 sequence, or std::string_view::npos.
std::size_t first_invalid_utf8(std::string_view text);

// Levenshtein distance.
std::size_t edit_distance(std::string_view a, std::string_view b);
// The candidate closest to word: edit distance <= 2 (and less than the word's length), else a prefix match either
// way; nullopt when none is close.
std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string_view>& candidates);
// "; did you mean 'x'?" or "; expected one of: a, b, c".
std::string suggestion_suffix(std::string_view word, const std::vector<std::string_view>& candidates);
std::string join_names(const std::vector<std::string_view>& names, std::string_view separator = ", ");

}  // namespace gwsim
