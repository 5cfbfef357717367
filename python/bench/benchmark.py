"""What a run through the Python package costs against the command line (docs/python.md). Medians of N runs of
wall and CPU time, interleaved so that the machine's load moves every case alike. Never part of the tests (timings
are not asserted).

    PYTHONPATH=build/release/python /usr/bin/python3 python/bench/benchmark.py [--runs 21] [SCENARIO]
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import tempfile
import time

import gwsim
from gwsim import _gwsim


def cpu_s():
    """CPU seconds of this process and its finished children: less moved by a loaded machine than wall time."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(f):
    """(wall ms, CPU ms) of f()."""
    start, start_cpu = time.perf_counter(), cpu_s()
    f()
    return (time.perf_counter() - start) * 1e3, (cpu_s() - start_cpu) * 1e3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("scenario", nargs="?", default="scenarios/first-tranche-2026.yaml")
    options = parser.parse_args()
    binary = gwsim.binary()
    work = tempfile.mkdtemp(prefix="gwsim-python-bench-")
    folder = iter(range(10**6))
    fresh = lambda: os.path.join(work, str(next(folder)))
    reference = gwsim.run(options.scenario, out=fresh())
    cases = {
        "process start (gwsim --version)": lambda: subprocess.run([binary, "--version"], capture_output=True,
                                                                  check=True),
        "gwsim run (command line)": lambda: subprocess.run([binary, "run", options.scenario, "-o", fresh()],
                                                           capture_output=True, check=True),
        "gwsim.run (Python, into DataFrames)": lambda: gwsim.run(options.scenario, out=fresh()),
        "  of which: the check in this process": lambda: _gwsim.check_scenario(options.scenario, [], 0),
        "  of which: reading the files into DataFrames": lambda: gwsim.Result(reference.outdir, [], ""),
    }
    for f in cases.values():  # warm-up
        f()
    times = {name: [] for name in cases}
    for _ in range(options.runs):
        for name, f in cases.items():
            times[name].append(timed(f))
    print(f"{options.scenario}, {options.runs} runs each, ms: median (min-max)")
    print(f"  {'':48s} {'wall':>22s} {'CPU (with children)':>22s}")
    for name, t in times.items():
        cells = []
        for k in (0, 1):
            v = [x[k] for x in t]
            cells.append(f"{statistics.median(v):7.1f} ({min(v):.1f}-{max(v):.1f})")
        print(f"  {name:48s} {cells[0]:>22s} {cells[1]:>22s}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
