#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) and fuzzes each for a bounded time, seeded with every
# shipped scenario, sweep spec, golden summary.json and test input: the scenario loader, the sweep spec, the manifest
# `gwsim rerun` reads and the results store. Fails on any crash, leak, timeout or out-of-memory; the input
# that caused it is left in the output folder (keep it as a regression test in tests/data/fuzz/).
#   usage: tests/fuzz/run.sh [SECONDS_PER_TARGET] [BUILD_DIR]     (default 60 s, build/fuzz)
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-60}
build=${2:-build/fuzz}

cmake -S . -B "$build" -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGWSIM_FUZZ=ON \
  -DGWSIM_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j2 --target fuzz_scenario fuzz_sweep_spec fuzz_manifest fuzz_store

status=0
for target in fuzz_scenario fuzz_sweep_spec fuzz_manifest fuzz_store; do
  corpus=$build/corpus-$target
  artifacts=$build/artifacts-$target/
  mkdir -p "$corpus" "$artifacts"
  if [ "$target" = fuzz_scenario ]; then
    seeds=(scenarios/*.yaml tests/data/valid/*.yaml tests/data/invalid/*.yaml tests/data/invalid/base/*.yaml
           tests/data/sweeps/tiny.yaml tests/data/fuzz/scenario-*.yaml)
  elif [ "$target" = fuzz_sweep_spec ]; then
    seeds=(scenarios/sweeps/*.yaml tests/data/sweeps/*.yaml tests/data/sweeps/invalid/*.yaml tests/data/fuzz/sweep-*.yaml)
  elif [ "$target" = fuzz_manifest ]; then
    seeds=(tests/golden/expected/*/summary.json tests/data/fuzz/manifest-*)
  else
    # Odd first byte: the rows way in (summary_json, status, error, overrides, NUL-separated).
    seeds=(tests/data/fuzz/store-*)
    for s in tests/golden/expected/*/summary.json; do
      printf '\001%s\000ok\000\000["seed=2"]' "$(cat "$s")" > "$corpus/seed-rows-$(basename "$(dirname "$s")")"
    done
  fi
  for f in "${seeds[@]}"; do [ -f "$f" ] && cp "$f" "$corpus/seed-$(basename "$(dirname "$f")")-$(basename "$f")"; done
  echo "== $target: ${seconds}s, $(ls "$corpus" | wc -l) corpus files"
  # Each input must finish within 10 s and 2 GB; leaks are reported by LeakSanitizer.
  if ! "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
      -artifact_prefix="$artifacts" "$corpus" 2>"$build/$target.log"; then
    echo "FAIL: $target found a problem; see $build/$target.log and $artifacts"
    grep -E "ERROR|SUMMARY|Test unit written" "$build/$target.log" | head -20
    status=1
  fi
  grep -E "stat::number_of_executed_units|stat::new_units_added|stat::peak_rss_mb" "$build/$target.log" || true
done
exit $status
