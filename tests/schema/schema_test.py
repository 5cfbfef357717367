#!/usr/bin/env python3
"""The JSON Schemas gwsim generates from its field tables (gwsim schema scenario|sweep|optimize) against the files
gwsim reads.

Every shipped scenario (scenarios/*.yaml, tests/data/valid/*.yaml), sweep spec (scenarios/sweeps/*.yaml,
tests/data/sweeps/*.yaml) and optimization spec (scenarios/optimize/*.yaml, tests/data/optimize/*.yaml and
tests/report/data/*-optimize.yaml: the files with variables and an objective; the others there are their baselines,
checked as scenarios) must validate, and each file of tests/data/schema_invalid/ must fail, at the path its first
comment line names, and be refused by `gwsim validate` (`gwsim sweep --dry-run`, `gwsim optimize`) too: the schema
and the loader agree on both sides. The optimization specs the reader refuses (tests/data/optimize/invalid) are
refused by the schema too, except those whose mistake needs the baseline (a missing file, an unknown path), which
only the reader can see.

Usage: schema_test.py GWSIM SOURCE_DIR SCENARIO_SCHEMA SWEEP_SCHEMA OPTIMIZE_SCHEMA. Exits 77 (skipped) without
python3-jsonschema.
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import jsonschema
    import yaml
except ImportError as e:  # pragma: no cover - depends on the machine
    print(f"skipped: {e.name} is not installed (sudo apt-get install -y python3-jsonschema python3-yaml)")
    sys.exit(77)


class Loader(yaml.SafeLoader):
    """YAML as gwsim and yaml-language-server read it: dates stay text (YAML 1.2), not datetime.date."""


Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def replace_tag(loader, node):
    """gwsim's one tag, !replace on a map or list (extends:), holds the same data as without it."""
    if isinstance(node, yaml.MappingNode):
        return loader.construct_mapping(node, deep=True)
    return loader.construct_sequence(node, deep=True)


Loader.add_constructor("!replace", replace_tag)


def load(path):
    with open(path, encoding="utf-8") as f:
        return yaml.load(f, Loader=Loader)


def validator(schema_path):
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def split_expressions(data):
    """Whether a distribution with commas sits unquoted in a flow collection ({amount: uniform($1M, $2M)}): gwsim
    joins the pieces back (sim/scenario/config_tree.cpp), YAML readers, editors among them, split it into keys."""
    if isinstance(data, dict):
        return any(not isinstance(k, str) or (v is None and ")" in k) or split_expressions(v) for k, v in data.items())
    if isinstance(data, list):
        return any(split_expressions(v) for v in data)
    return False


def errors_of(v, path):
    return sorted(v.iter_errors(load(path)), key=lambda e: [str(p) for p in e.absolute_path])


# tests/data/optimize/invalid: whether the schema can see each file's mistake. Those it cannot need the baseline.
OPTIMIZE_INVALID = {"bad_figures": True, "bad_probability": True, "bad_ranges": True, "exhaustive_too_big": True,
                    "missing_objective": True, "missing_baseline": False, "unknown_path": False}


def is_optimize_spec(path):
    data = load(path)
    return isinstance(data, dict) and "variables" in data and "objective" in data


def main():
    gwsim, source, scenario_schema, sweep_schema, optimize_schema = sys.argv[1:6]
    os.chdir(source)
    scenario, sweep, optimize = validator(scenario_schema), validator(sweep_schema), validator(optimize_schema)
    failures = []
    valid = [(scenario, p) for p in sorted(glob.glob("scenarios/*.yaml") + glob.glob("tests/data/valid/*.yaml"))]
    valid += [(sweep, p) for p in sorted(glob.glob("scenarios/sweeps/*.yaml") + glob.glob("tests/data/sweeps/*.yaml"))]
    optimize_files = sorted(glob.glob("scenarios/optimize/*.yaml") + glob.glob("tests/data/optimize/*.yaml")
                            + glob.glob("tests/report/data/*-optimize.yaml"))
    specs = [p for p in optimize_files if is_optimize_spec(p)]
    for where in ("scenarios/optimize/", "tests/data/optimize/"):
        if not any(p.startswith(where) for p in specs):
            failures.append(f"no optimization spec found in {where}")
    valid += [(optimize if p in specs else scenario, p) for p in optimize_files]
    split = [path for _, path in valid if split_expressions(load(path))]
    for path in split:
        print(f"not checked: {path} writes a distribution with commas unquoted in a flow collection, which YAML "
              "readers other than gwsim's split; quote it for editors")
    for v, path in valid:
        if path in split:
            continue
        for e in errors_of(v, path):
            failures.append(f"{path}: {'.'.join(map(str, e.absolute_path))}: {e.message[:300]}")
    invalid = sorted(glob.glob("tests/data/schema_invalid/*.yaml"))
    if len(invalid) < 5:
        failures.append(f"expected the 5 files of tests/data/schema_invalid, found {len(invalid)}")
    scratch = tempfile.mkdtemp(prefix="gwsim-schema-test-")
    for path in invalid:
        base = os.path.basename(path)
        v = sweep if base.startswith("sweep_") else optimize if base.startswith("optimize_") else scenario
        if not errors_of(v, path):
            failures.append(f"{path}: the schema accepts it")
        out = os.path.join(scratch, base)
        command, extra = {id(scenario): ("validate", []), id(sweep): ("sweep", ["--dry-run"]),
                          id(optimize): ("optimize", ["-o", out])}[id(v)]
        loader = subprocess.run([gwsim, command, path] + extra, capture_output=True, text=True, timeout=60)
        if loader.returncode != 2:
            failures.append(f"{path}: gwsim {command} exits {loader.returncode}, expected 2")
        if v is optimize and os.path.exists(out):
            failures.append(f"{path}: gwsim optimize wrote {out} for a spec it refuses")
    shutil.rmtree(scratch, ignore_errors=True)
    refused = 0
    listed = sorted(glob.glob("tests/data/optimize/invalid/*.yaml"))
    for path in listed:
        name = os.path.basename(path)[:-5]
        if name not in OPTIMIZE_INVALID:
            failures.append(f"{path}: not in OPTIMIZE_INVALID: say whether the schema can see its mistake")
            continue
        errors = errors_of(optimize, path)
        if OPTIMIZE_INVALID[name] and not errors:
            failures.append(f"{path}: the optimization spec schema accepts it")
        if not OPTIMIZE_INVALID[name] and errors:
            failures.append(f"{path}: the schema refuses it ({errors[0].message[:200]}), though its mistake needs "
                            "the baseline: move it to the refused ones")
        refused += bool(errors)
    print(f"{len(valid)} files valid ({len(specs)} optimization specs), {len(invalid)} invalid files refused; "
          f"{refused} of the {len(listed)} optimization specs gwsim optimize refuses are refused by the schema")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
