// libFuzzer target: any bytes as a summary.json given to `gwsim rerun` must give a checked run identity or a
// message, never a crash, a hang, a leak, undefined behaviour or an exception; an identity it accepts has every
// value in range and hashes that match.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "sim/output/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const gwsim::ManifestRead read = gwsim::read_manifest(text);
  if (read.identity) {
    const gwsim::RunIdentity& id = *read.identity;
    // Accepted only when consistent: the first input is the scenario, and the hashes were checked.
    if (id.inputs.empty() || id.inputs.front().first != id.scenario_file || !read.error.empty()) std::abort();
  } else if (read.error.empty()) {
    std::abort();  // refused without a reason
  }
  return 0;
}
