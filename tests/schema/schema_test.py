#!/usr/bin/env python3
"""The JSON Schemas gwsim generates from its field tables (gwsim schema scenario|sweep) against the files gwsim reads.

Every shipped scenario (scenarios/*.yaml, tests/data/valid/*.yaml) and sweep spec (scenarios/sweeps/*.yaml,
tests/data/sweeps/*.yaml) must validate, and each file of tests/data/schema_invalid/ must fail, at the path its first
comment line names, and be refused by `gwsim validate` too: the schema and the loader agree on both sides.

Usage: schema_test.py GWSIM SOURCE_DIR SCENARIO_SCHEMA SWEEP_SCHEMA. Exits 77 (skipped) without python3-jsonschema.
"""
import glob
import json
import os
import subprocess
import sys

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


def main():
    gwsim, source, scenario_schema, sweep_schema = sys.argv[1:5]
    os.chdir(source)
    scenario, sweep = validator(scenario_schema), validator(sweep_schema)
    failures = []
    valid = [(scenario, p) for p in sorted(glob.glob("scenarios/*.yaml") + glob.glob("tests/data/valid/*.yaml"))]
    valid += [(sweep, p) for p in sorted(glob.glob("scenarios/sweeps/*.yaml") + glob.glob("tests/data/sweeps/*.yaml"))]
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
    for path in invalid:
        v = sweep if os.path.basename(path).startswith("sweep_") else scenario
        if not errors_of(v, path):
            failures.append(f"{path}: the schema accepts it")
        command = "validate" if v is scenario else "sweep"
        extra = [] if v is scenario else ["--dry-run"]
        loader = subprocess.run([gwsim, command, path] + extra, capture_output=True, text=True)
        if loader.returncode != 2:
            failures.append(f"{path}: gwsim {command} exits {loader.returncode}, expected 2")
    print(f"{len(valid)} files valid, {len(invalid)} invalid files refused")
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
