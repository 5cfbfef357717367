// libFuzzer target: any bytes as a sweep spec must give a spec (with its points) or located errors, never a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "sim/sweep/sweep_spec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::string path = "/dev/shm/gwsim-fuzz-sweep-" + std::to_string(::getpid()) + ".yaml";
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  const gwsim::sweep::SpecResult r = gwsim::sweep::load_sweep_spec(path);
  for (const gwsim::Diagnostic& d : r.errors) (void)d.format();
  if (r.spec) {
    std::size_t overrides = 0;
    for (const auto& p : r.spec->points) overrides += p.overrides.size();
    (void)overrides;
  }
  return 0;
}
