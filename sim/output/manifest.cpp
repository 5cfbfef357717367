#include "sim/output/manifest.hpp"

#include <nlohmann/json.hpp>

#include "sim/scenario/sha256.hpp"

namespace gwsim {
namespace {

using Json = nlohmann::json;

constexpr std::size_t kMaxPathBytes = 4096;
constexpr std::size_t kMaxOverrideBytes = 65536;
constexpr std::size_t kMaxListItems = 10000;

struct Invalid {
  std::string message;
};

// A value as the message quotes it: its JSON, cut short.
std::string shown(const Json& value) {
  std::string text = value.dump(-1, ' ', true, Json::error_handler_t::replace);
  if (text.size() > 40) text = text.substr(0, 37) + "...";
  return text;
}

[[noreturn]] void refuse(const std::string& key, const std::string& expected, const Json& found) {
  throw Invalid{"manifest." + key + ": expected " + expected + ", found " + shown(found)};
}

const Json& member(const Json& object, const std::string& key, const std::string& where) {
  const auto it = object.find(key);
  if (it == object.end()) throw Invalid{"manifest." + where + key + ": missing"};
  return *it;
}

bool is_hex64(const std::string& s) {
  if (s.size() != 64) return false;
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

bool has_control(const std::string& s) {
  for (unsigned char c : s) {
    if (c < 0x20 || c == 0x7f) return true;
  }
  return false;
}

std::string text(const Json& object, const std::string& key, std::size_t max_bytes, const std::string& where = "") {
  const Json& v = member(object, key, where);
  if (!v.is_string()) refuse(where + key, "a string", v);
  const std::string s = v.get<std::string>();
  if (s.empty() || s.size() > max_bytes || has_control(s)) {
    refuse(where + key, "a non-empty line of at most " + std::to_string(max_bytes) + " bytes", v);
  }
  return s;
}

std::string hash(const Json& object, const std::string& key, const std::string& where = "") {
  const Json& v = member(object, key, where);
  if (!v.is_string() || !is_hex64(v.get<std::string>())) refuse(where + key, "a SHA-256 (64 lowercase hex digits)", v);
  return v.get<std::string>();
}

std::uint64_t count(const Json& object, const std::string& key) {
  const Json& v = member(object, key, "");
  // JSON's -1 or 1.5 is not an unsigned integer: never wrapped or truncated into one.
  if (!v.is_number_unsigned()) refuse(key, "an integer from 0 to 18446744073709551615", v);
  return v.get<std::uint64_t>();
}

InputHashes inputs_of(const Json& m) {
  const Json& list = member(m, "inputs", "");
  if (!list.is_array() || list.empty() || list.size() > kMaxListItems) {
    refuse("inputs", "a list of the files the run read ({file, sha256})", list);
  }
  InputHashes out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const std::string where = "inputs[" + std::to_string(i) + "].";
    if (!list[i].is_object()) refuse(where.substr(0, where.size() - 1), "{file, sha256}", list[i]);
    out.emplace_back(text(list[i], "file", kMaxPathBytes, where), hash(list[i], "sha256", where));
  }
  return out;
}

std::vector<std::string> overrides_of(const Json& m) {
  const Json& list = member(m, "overrides", "");
  if (!list.is_array() || list.size() > kMaxListItems) refuse("overrides", "a list of dotted.path=value", list);
  std::vector<std::string> out;
  for (std::size_t i = 0; i < list.size(); ++i) {
    const Json& o = list[i];
    const std::string key = "overrides[" + std::to_string(i) + "]";
    if (!o.is_string()) refuse(key, "dotted.path=value", o);
    const std::string s = o.get<std::string>();
    const auto eq = s.find('=');
    if (eq == 0 || eq == std::string::npos || s.size() > kMaxOverrideBytes || s.find('\0') != std::string::npos) {
      refuse(key, "dotted.path=value", o);
    }
    out.push_back(s);
  }
  return out;
}

RunIdentity identity_of(const Json& m) {
  RunIdentity id;
  id.gwsim_version = text(m, "gwsim_version", 64);
  id.scenario_file = text(m, "scenario_file", kMaxPathBytes);
  id.scenario_sha256 = hash(m, "scenario_sha256");
  id.inputs = inputs_of(m);
  if (id.inputs.front().first != id.scenario_file) {
    refuse("inputs[0].file", "the scenario_file ('" + id.scenario_file + "')", Json(id.inputs.front().first));
  }
  if (hash(m, "inputs_sha256") != inputs_sha256(id.inputs)) {
    throw Invalid{"manifest.inputs_sha256 does not match the hashes in manifest.inputs: the manifest was edited"};
  }
  id.overrides = overrides_of(m);
  id.seed = count(m, "seed");
  id.replication = count(m, "replication");
  if (hash(m, "identity_sha256") != identity_sha256(inputs_sha256(id.inputs), id.overrides, id.seed, id.replication)) {
    throw Invalid{
        "manifest.identity_sha256 does not match the manifest's inputs, overrides, seed and replication: "
        "the manifest was edited after the run"};
  }
  return id;
}

}  // namespace

std::string inputs_sha256(const InputHashes& inputs) {
  Sha256 h;
  for (const auto& [path, sha] : inputs) {
    h.update(sha);
    h.update("\n");
  }
  return h.hex_digest();
}

std::string identity_sha256(const std::string& inputs_hash, const std::vector<std::string>& overrides,
                            std::uint64_t seed, std::uint64_t replication) {
  const Json canonical = Json::array({inputs_hash, overrides, seed, replication});
  return sha256_hex(canonical.dump(-1, ' ', false, Json::error_handler_t::replace));
}

ManifestRead read_manifest(std::string_view summary_json_text) {
  ManifestRead out;
  const Json summary = Json::parse(summary_json_text.begin(), summary_json_text.end(), nullptr, false);
  if (summary.is_discarded() || !summary.is_object()) {
    out.error = "not a JSON object (expected a summary.json written by gwsim run)";
    return out;
  }
  const auto m = summary.find("manifest");
  if (m == summary.end() || !m->is_object()) {
    out.error = "no manifest (expected a summary.json written by gwsim run)";
    return out;
  }
  if (!m->contains("inputs")) {
    out.error =
        "the manifest lists no input files (a summary.json from an older gwsim): run the scenario again "
        "with this gwsim to get one that can be rerun";
    return out;
  }
  try {
    out.identity = identity_of(*m);
  } catch (const Invalid& e) {
    out.error = e.message;
  }
  return out;
}

}  // namespace gwsim
