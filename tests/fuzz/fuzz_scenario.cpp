// libFuzzer target: any bytes as a scenario file must give a Scenario or located errors, never a crash, a hang, a
// leak or undefined behaviour. The input also goes through sampling (distributions) and a --set override.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "sim/scenario/loader.hpp"

namespace {

// Inputs are files (the loader reads paths, resolves extends: and catalog: relative to them); /dev/shm keeps it fast.
const std::string& input_path() {
  static const std::string path = "/dev/shm/gwsim-fuzz-scenario-" + std::to_string(::getpid()) + ".yaml";
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  {
    std::ofstream out(input_path(), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  const gwsim::TemplateResult t = gwsim::load_template(input_path());
  if (t.scenario_template) {
    for (std::uint64_t replication = 0; replication < 3; ++replication) {
      (void)gwsim::sample_scenario(*t.scenario_template, gwsim::template_seed(*t.scenario_template), replication);
    }
  }
  for (const gwsim::Diagnostic& d : t.errors) (void)d.format();
  (void)gwsim::load_scenario(input_path(), gwsim::LoadOptions{{"sites[0].pue=1.3"}});
  return 0;
}
