#include "sim/scenario/diagnostics.hpp"

#include <cstdint>

#include <algorithm>
#include <limits>

namespace gwsim {

std::string Diagnostic::format() const {
  std::string out = file + ":" + std::to_string(line) + ":" + std::to_string(column) +
                    (severity == Severity::kWarning ? ": warning: " : ": error: ");
  if (!path.empty()) out += path + ": ";
  out += message;
  out += '\n';
  if (!source_line.empty()) {
    out += "  " + source_line + "\n  ";
    // Keep tabs so that the caret lines up under the source line.
    for (int i = 0; i + 1 < column; ++i) {
      const auto index = static_cast<std::size_t>(i);
      out += index < source_line.size() && source_line[index] == '\t' ? '\t' : ' ';
    }
    out += "^\n";
  }
  return out;
}

// The offset of the first byte that does not start a valid UTF-8 sequence (overlong forms, surrogates and code
// points above U+10FFFF are invalid), or npos.
std::size_t first_invalid_utf8(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto b = static_cast<unsigned char>(text[i]);
    std::size_t length = 0;
    std::uint32_t code = 0;
    if (b < 0x80) {
      ++i;
      continue;
    } else if ((b & 0xE0) == 0xC0) {
      length = 2;
      code = b & 0x1F;
    } else if ((b & 0xF0) == 0xE0) {
      length = 3;
      code = b & 0x0F;
    } else if ((b & 0xF8) == 0xF0) {
      length = 4;
      code = b & 0x07;
    } else {
      return i;
    }
    if (i + length > text.size()) return i;
    for (std::size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if ((next & 0xC0) != 0x80) return i;
      code = (code << 6) | (next & 0x3F);
    }
    const std::uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (code < smallest[length] || code > 0x10FFFF || (code >= 0xD800 && code <= 0xDFFF)) return i;
    i += length;
  }
  return std::string_view::npos;
}

namespace {

// Control characters and bytes that are not UTF-8 (a binary file, say) would garble a terminal: show them as
// '?'. Overlong lines are cut.
std::string printable(std::string line) {
  constexpr std::size_t kMaxLine = 400;
  if (line.size() > kMaxLine) line = line.substr(0, kMaxLine) + "...";
  for (char& c : line) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f) c = '?';
  }
  for (std::size_t bad = first_invalid_utf8(line); bad != std::string::npos; bad = first_invalid_utf8(line)) {
    line[bad] = '?';
  }
  return line;
}

// Messages quote values, which may hold newlines or control characters: keep a message on one line.
std::string one_line(const std::string& message) {
  std::string out;
  out.reserve(message.size());
  for (char c : message) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if ((u < 0x20 && c != '\t') || u == 0x7f) {
      out += '?';
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

std::string SourceFile::line_text(int line) const {
  if (single_line) return printable(text);
  std::size_t begin = 0;
  for (int current = 1; current < line; ++current) {
    const std::size_t newline = text.find('\n', begin);
    if (newline == std::string::npos) return {};
    begin = newline + 1;
  }
  std::size_t end = text.find('\n', begin);
  if (end == std::string::npos) end = text.size();
  if (end > begin && text[end - 1] == '\r') --end;
  return printable(text.substr(begin, end - begin));
}

void Diagnostics::add(const Origin& at, std::string path, std::string message) {
  Diagnostic d;
  d.line = at.line;
  d.column = at.column;
  d.path = std::move(path);
  d.message = one_line(message);
  int rank = 0;
  if (at.source) {
    d.file = at.source->name;
    d.source_line = at.source->line_text(at.line);
    rank = at.source->rank;
  }
  entries_.push_back({rank, std::move(d)});
}

void Diagnostics::warn(const Origin& at, std::string path, std::string message) {
  add(at, std::move(path), std::move(message));
  entries_.back().diagnostic.severity = Severity::kWarning;
}

bool Diagnostics::has_errors() const {
  return std::any_of(entries_.begin(), entries_.end(),
                     [](const Entry& e) { return e.diagnostic.severity == Severity::kError; });
}

std::vector<Diagnostic> Diagnostics::sorted(Severity severity) const {
  std::vector<Diagnostic> out = sorted();
  std::erase_if(out, [severity](const Diagnostic& d) { return d.severity != severity; });
  return out;
}

void Diagnostics::add_unlocated(std::string file, int rank, std::string path, std::string message) {
  Diagnostic d;
  d.file = std::move(file);
  d.line = 1;
  d.column = 1;
  d.path = std::move(path);
  d.message = one_line(message);
  entries_.push_back({rank, std::move(d)});
}

std::vector<Diagnostic> Diagnostics::sorted() const {
  std::vector<Entry> entries = entries_;
  std::stable_sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) {
    if (a.rank != b.rank) return a.rank < b.rank;
    if (a.diagnostic.line != b.diagnostic.line) return a.diagnostic.line < b.diagnostic.line;
    return a.diagnostic.column < b.diagnostic.column;
  });
  std::vector<Diagnostic> out;
  out.reserve(entries.size());
  for (Entry& e : entries) out.push_back(std::move(e.diagnostic));
  return out;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::optional<std::string> closest_match(std::string_view word, const std::vector<std::string_view>& candidates) {
  if (word.empty()) return std::nullopt;
  std::optional<std::string_view> best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (std::string_view c : candidates) {
    const std::size_t d = edit_distance(word, c);
    if (d <= 2 && d < word.size() && d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  if (best) return std::string(*best);
  // Prefix matches: "vera_rubin" for "vera_rubin_nvl72", "it_capacity_mw" for "it_capacity".
  std::size_t best_gap = std::numeric_limits<std::size_t>::max();
  for (std::string_view c : candidates) {
    const bool word_is_prefix = word.size() >= 2 && c.starts_with(word);
    const bool candidate_is_prefix = c.size() >= 3 && word.starts_with(c);
    if (!word_is_prefix && !candidate_is_prefix) continue;
    const std::size_t gap = c.size() > word.size() ? c.size() - word.size() : word.size() - c.size();
    if (gap < best_gap) {
      best = c;
      best_gap = gap;
    }
  }
  if (best) return std::string(*best);
  return std::nullopt;
}

std::string join_names(const std::vector<std::string_view>& names, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += separator;
    out += names[i];
  }
  return out;
}

std::string suggestion_suffix(std::string_view word, const std::vector<std::string_view>& candidates) {
  if (auto match = closest_match(word, candidates)) return "; did you mean '" + *match + "'?";
  return "; expected one of: " + join_names(candidates);
}

}  // namespace gwsim
