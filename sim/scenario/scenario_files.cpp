#include "sim/scenario/scenario_files.hpp"

#include <filesystem>
#include <memory>
#include <system_error>

#include "sim/scenario/fields.hpp"
#include "sim/scenario/file_io.hpp"
#include "sim/scenario/overrides.hpp"
#include "sim/scenario/readers.hpp"
#include "sim/scenario/sha256.hpp"

namespace gwsim {
namespace {

constexpr int kMaxExtendsDepth = 8;

std::string identity_of(const std::string& path) {
  std::error_code ec;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, ec);
  if (ec) canonical = std::filesystem::absolute(path, ec).lexically_normal();
  return canonical.string();
}

// Reads a scenario file and, recursively, the files it extends; returns the merged tree.
class FileLoader {
 public:
  explicit FileLoader(Diagnostics& diagnostics) : diagnostics_(diagnostics) {}

  std::optional<ConfigNode> load(const std::string& name, int depth, const Origin* extends_at) {
    const std::string identity = identity_of(name);
    for (std::size_t i = 0; i < chain_identities_.size(); ++i) {
      if (chain_identities_[i] != identity) continue;
      std::string cycle;
      for (std::size_t k = i; k < chain_names_.size(); ++k) cycle += chain_names_[k] + " -> ";
      diagnostics_.add(*extends_at, "extends", "cycle of extends: " + cycle + name);
      return std::nullopt;
    }
    if (depth > kMaxExtendsDepth) {
      diagnostics_.add(*extends_at, "extends",
                       "more than " + std::to_string(kMaxExtendsDepth) + " levels of extends (at '" + name + "')");
      return std::nullopt;
    }
    FileText file = read_file(name);
    if (!file.text) {
      if (extends_at != nullptr) {
        diagnostics_.add(*extends_at, "extends", "cannot read file '" + name + "': " + file.error);
      } else {
        diagnostics_.add_unlocated(name, -depth, "", "cannot read file: " + file.error);
      }
      return std::nullopt;
    }
    auto source = std::make_shared<SourceFile>();
    source->name = name;
    source->text = std::move(*file.text);
    source->rank = -depth;
    std::optional<ConfigNode> root = parse_yaml(source->text, source, diagnostics_);
    if (!root) return std::nullopt;
    if (extends_at != nullptr && !root->is_map()) {
      // Said here, at the extends: key: merged, a base that is not a map would only show as keys missing.
      diagnostics_.add(*extends_at, "extends",
                       "'" + name + "' is not a scenario to extend: expected a map of keys, found " + describe(*root));
      return std::nullopt;
    }

    if (root->is_map()) {
      if (const ConfigNode* extends = root->find("extends")) {
        if (!extends->is_scalar() || extends->text.empty()) {
          Reader(diagnostics_).expected(*extends, "extends", "the path of a scenario file to extend");
          return std::nullopt;
        }
        const Origin at = extends->origin;
        const std::string base_name = resolve_relative(at, extends->text);
        chain_identities_.push_back(identity);
        chain_names_.push_back(name);
        std::optional<ConfigNode> base = load(base_name, depth + 1, &at);
        chain_identities_.pop_back();
        chain_names_.pop_back();
        if (!base) return std::nullopt;
        root->erase("extends");
        merge_into(*base, std::move(*root), scenario_item_key);
        root = std::move(base);
      }
    }
    hash_.update(source->text);  // after the bases: base files first
    return root;
  }

  std::string sha256() { return hash_.hex_digest(); }

 private:
  Diagnostics& diagnostics_;
  std::vector<std::string> chain_identities_;
  std::vector<std::string> chain_names_;
  Sha256 hash_;
};

}  // namespace

std::optional<MergedTree> merge_scenario_files(const std::string& path, const std::vector<std::string>& overrides,
                                               Diagnostics& diagnostics) {
  FileLoader files(diagnostics);
  std::optional<ConfigNode> root = files.load(path, 0, nullptr);
  if (!root) return std::nullopt;
  bool applied = true;
  for (std::size_t i = 0; i < overrides.size(); ++i) {
    const int rank = kFirstOverrideRank + static_cast<int>(i);
    applied = apply_override(*root, overrides[i], rank, diagnostics, scenario_item_key) && applied;
  }
  if (!applied) return std::nullopt;
  return MergedTree{std::move(*root), files.sha256()};
}

}  // namespace gwsim
