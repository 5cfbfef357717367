#!/usr/bin/env python3
"""Property-based tests of the report script's input readers (ctest label `report`), with Debian's
python3-hypothesis: whatever bytes a run folder's files or a store's rows hold, the readers either accept them or
raise the script's InputError (exit 2, a located message), never another exception (a traceback, exit 1).

    properties_test.py GWSIM_BINARY REPO_ROOT WORK_DIR

Reads the run and the tiny store Report.Setup made. Exits 77 (skipped, with a message) where hypothesis is not
installed: apt-get install python3-hypothesis. Examples are derandomized: the same cases on every run.
"""

import importlib.util
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile

SKIP = 77
SCRATCH = tempfile.mkdtemp(prefix="gwsim-report-properties-")
# Hypothesis keeps a cache (and would keep examples) in a folder of the working directory: in the scratch folder
# instead, never in the source tree.
os.environ["HYPOTHESIS_STORAGE_DIRECTORY"] = os.path.join(SCRATCH, "hypothesis")

try:
    from hypothesis import HealthCheck, given, settings, strategies as st
except ImportError:
    print("SKIP: python3-hypothesis is not installed (apt-get install python3-hypothesis)")
    shutil.rmtree(SCRATCH, ignore_errors=True)
    sys.exit(SKIP)

GWSIM, REPO, WORK = (os.path.abspath(a) for a in sys.argv[1:4])
spec = importlib.util.spec_from_file_location("gwsim_report", os.path.join(REPO, "tools", "report", "gwsim_report.py"))
report = importlib.util.module_from_spec(spec)
spec.loader.exec_module(report)
SCHEMA = report.Schema(json.loads(subprocess.run([GWSIM, "schema", "outputs"], capture_output=True, text=True,
                                                 check=True).stdout), "schema")
RUN = os.path.join(SCRATCH, "run")
shutil.copytree(os.path.join(WORK, "ft-weekly"), RUN, ignore=shutil.ignore_patterns("report", "diff"))
ORIGINAL = {n: open(os.path.join(RUN, n), "rb").read() for n in ("timeline.csv", "sites.csv", "events.csv",
                                                                  "summary.json")}
PROPERTY = settings(max_examples=150, deadline=None, derandomize=True, database=None,
                    suppress_health_check=list(HealthCheck))


def read_run_with(name, data):
    """Run() over the folder with one file's bytes replaced, then the tables the report makes of it (RunTables): OK
    or InputError, nothing else."""
    for n, original in ORIGINAL.items():
        with open(os.path.join(RUN, n), "wb") as f:
            f.write(data if n == name else original)
    try:
        run = report.Run(RUN, SCHEMA)
        report.RunTables(run)
        run.key_dates()
    except report.InputError:
        pass


# Lines of the real files, cut, repeated, swapped or changed a few bytes at a time: close to valid, so the
# readers' deeper checks (dates in order, numbers, kinds) are reached, not only "not a CSV".
def mutated(name):
    lines = ORIGINAL[name].split(b"\n")
    edit = st.tuples(st.integers(0, len(lines) - 1), st.sampled_from(["drop", "repeat", "swap", "bytes"]),
                     st.binary(max_size=12))

    def apply(edits):
        out = list(lines)
        for index, kind, blob in edits:
            index %= len(out) or 1
            if not out:
                break
            if kind == "drop":
                out.pop(index)
            elif kind == "repeat":
                out.insert(index, out[index])
            elif kind == "swap" and index + 1 < len(out):
                out[index], out[index + 1] = out[index + 1], out[index]
            elif kind == "bytes":
                line = out[index]
                at = len(blob) % (len(line) + 1)
                out[index] = line[:at] + blob + line[at + len(blob) // 2:]
        return b"\n".join(out)

    return st.lists(edit, min_size=1, max_size=4).map(apply)


@PROPERTY
@given(st.one_of(st.binary(max_size=400), mutated("timeline.csv")))
def test_timeline(data):
    read_run_with("timeline.csv", data)


@PROPERTY
@given(st.one_of(st.binary(max_size=400), mutated("events.csv")))
def test_events(data):
    read_run_with("events.csv", data)


@PROPERTY
@given(st.one_of(st.binary(max_size=400), mutated("sites.csv")))
def test_sites(data):
    read_run_with("sites.csv", data)


JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                max_size=4), max_leaves=20)
SUMMARY = json.loads(ORIGINAL["summary.json"])


def with_replaced(path, value):
    """The real summary with the value at one of its keys (a path of keys) replaced."""
    doc = json.loads(ORIGINAL["summary.json"])
    node = doc
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return json.dumps(doc).encode()


KEY_PATHS = [("final",), ("final", "racks"), ("gw_live_dates",), ("tranches",), ("manifest",),
             ("manifest", "seed"), ("manifest", "overrides"), ("binding_constraints",),
             ("binding_constraints", "shares"), ("demand",), ("first_tokens_date",), ("sites",)]


@PROPERTY
@given(st.one_of(JSON.map(lambda v: json.dumps(v).encode()), st.binary(max_size=200),
                 st.tuples(st.sampled_from(KEY_PATHS), JSON).map(lambda t: with_replaced(*t))))
def test_summary(data):
    read_run_with("summary.json", data)


STORE = os.path.join(SCRATCH, "store.sqlite")


@PROPERTY
@given(st.one_of(st.tuples(st.sampled_from(KEY_PATHS), JSON).map(lambda t: with_replaced(*t).decode()),
                 JSON.map(json.dumps), st.text(max_size=60)),
       st.sampled_from(["ok", "failed", "bogus"]), st.one_of(st.integers(-2**63, 2**63 - 1), st.text(max_size=4)))
def test_store_rows(summary_json, status, replication):
    """A store row of any summary text, status and replication number: Store() accepts or says where it is wrong."""
    shutil.copy(os.path.join(WORK, "mini.sqlite"), STORE)
    db = sqlite3.connect(STORE)
    try:
        db.execute("PRAGMA ignore_check_constraints = ON")
        db.execute("UPDATE OR REPLACE replications SET summary_json = ?, status = ?, replication = ? WHERE point = 0 "
                   "AND replication = 0", (summary_json, status, replication))
        db.commit()
    finally:
        db.close()
    try:
        store = report.Store(STORE, SCHEMA)
        if store.start is not None:
            figure, direction = report.normalise_rank_by("", store)
            report.ranking(store, figure, direction)
    except report.InputError:
        pass


if __name__ == "__main__":
    failed = 0
    try:
        for test in (test_timeline, test_events, test_sites, test_summary, test_store_rows):
            try:
                test()
                print(f"{test.__name__}: ok")
            except Exception as e:  # hypothesis prints the falsifying example
                failed += 1
                print(f"FAIL: {test.__name__}: {type(e).__name__}: {e}")
    finally:
        shutil.rmtree(SCRATCH, ignore_errors=True)
    sys.exit(1 if failed else 0)
