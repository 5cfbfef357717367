// The identity of a run, as summary.json's manifest records it, and reading it back for `gwsim rerun`.
//
// A run depends on the bytes of every file it read (the scenario, its bases, a custom catalog), its --set
// overrides, its seed and its replication. The manifest lists each file with its SHA-256 (`inputs`), a combined
// hash of their contents (`inputs_sha256`: paths left out, so the same files elsewhere give the same hash) and
// `identity_sha256` over all of it. A manifest edited by hand (an override, the seed) no longer matches its
// identity_sha256 and is refused before anything runs, so a rerun that comes out different is a real
// reproducibility failure, never a changed input.
//
// A manifest is input like any other: read_manifest checks every value as the command line would (a seed is an
// integer from 0 to 2^64 - 1, never a negative number wrapped round), and its messages quote at most a short
// excerpt of a bad value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gwsim {

using InputHashes = std::vector<std::pair<std::string, std::string>>;  // (path, SHA-256), in the order read

// SHA-256 of the files' hashes, one per line, in order.
std::string inputs_sha256(const InputHashes& inputs);
// SHA-256 of the canonical JSON [inputs_sha256, overrides, seed, replication].
std::string identity_sha256(const std::string& inputs_hash, const std::vector<std::string>& overrides,
                            std::uint64_t seed, std::uint64_t replication);

struct RunIdentity {
  std::string gwsim_version;
  std::string scenario_file;
  std::string scenario_sha256;
  InputHashes inputs;
  std::vector<std::string> overrides;
  std::uint64_t seed = 0;
  std::uint64_t replication = 0;
};

struct ManifestRead {
  std::optional<RunIdentity> identity;
  std::string error;  // "manifest.seed: expected an integer from 0 to 18446744073709551615, found -1"
};

// The manifest of a summary.json's text, every value checked; never throws.
ManifestRead read_manifest(std::string_view summary_json_text);

}  // namespace gwsim
