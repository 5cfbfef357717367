"""gwsim from Python: runs, what-ifs and sweeps into pandas DataFrames (docs/python.md).

    import gwsim
    r = gwsim.run("scenarios/first-tranche-2026.yaml", set={"sites[1].pue": 1.3})
    r.timeline.plot(x="date", y="racks")

Each run executes in a child gwsim process (SimGrid's clock cannot be reset within a process); checks, the catalog,
the field registry and results stores are read in this process by the C++ extension _gwsim.
"""
import json
import os
import shutil
import tempfile

from . import _gwsim
from ._errors import Diagnostic, GwsimError, ScenarioError, diagnostics_from
from ._options import count, load_overrides, override_texts
from ._process import EXIT_INVALID_INPUT, EXIT_OK, binary, run_gwsim
from ._tables import figure_kinds, read_csv_text, read_events_csv, read_state_csv, schema

__version__ = _gwsim.__version__
__all__ = ["run", "validate", "sweep", "results", "catalog", "schema", "binary", "Result", "Results",
           "Diagnostic", "GwsimError", "ScenarioError"]


def _checked(checked, what, strict):
    """Raises ScenarioError with every error (and with strict, every warning); returns the warnings otherwise."""
    errors = diagnostics_from(checked["errors"])
    warnings = diagnostics_from(checked["warnings"])
    if errors or (strict and warnings):
        raise ScenarioError(what, errors + (warnings if strict else []))
    return warnings


def validate(path, set=None, strict=False, replication=0):
    """Checks a scenario as `gwsim validate` does. Raises ScenarioError carrying every located diagnostic; returns
    the warnings (plan contradictions; with strict=True they raise too) as a list of Diagnostic."""
    checked = _gwsim.check_scenario(os.fspath(path), override_texts(set), count("replication", replication))
    return _checked(checked, os.fspath(path), strict)


class Result:
    """A run's outputs: timeline, sites, events and finance (None when the run wrote no finance.csv) as DataFrames
    with dates parsed, summary (summary.json) and manifest as dicts, the folder they are in, the warnings the
    scenario raised, and the summary gwsim printed."""

    def __init__(self, outdir, warnings, printed):
        self.outdir = outdir
        self.warnings = warnings
        self.printed = printed
        join = lambda name: os.path.join(outdir, name)
        self.timeline = read_state_csv(join("timeline.csv"), "timeline.csv")
        self.sites = read_state_csv(join("sites.csv"), "sites.csv")
        self.events = read_events_csv(join("events.csv"))
        finance = join("finance.csv")
        self.finance = read_state_csv(finance, "finance.csv") if os.path.exists(finance) else None
        with open(join("summary.json"), encoding="utf-8") as f:
            self.summary = json.load(f)
        self.manifest = self.summary.get("manifest", {})

    def __repr__(self):
        return f"<gwsim.Result {self.summary.get('scenario', '?')} in {self.outdir}>"


def run(path, set=None, seed=None, step=None, replication=0, out=None, force=False, strict=False, timeout=None):
    """Simulates a scenario as `gwsim run` does and returns a Result.

    set: overrides, {"sites[1].pue": 1.35} or ["sites[1].pue=1.35"]; seed, step ("1h", "1d", "1w", "1mo") and
    replication as gwsim run's options. out: the output folder (default: a new temporary folder, kept: the Result
    names it); force replaces the run files of a non-empty folder. Invalid input raises ScenarioError and writes
    nothing; any other failure raises GwsimError.
    """
    path = os.fspath(path)
    overrides = load_overrides(set, seed, step)
    replication = count("replication", replication)
    warnings = _checked(_gwsim.check_scenario(path, overrides, replication), path, strict)
    made_folder = out is None
    outdir = tempfile.mkdtemp(prefix="gwsim-run-") if made_folder else os.fspath(out)
    args = ["run", path if not path.startswith("-") else "./" + path, "-o", outdir, "--replication", str(replication)]
    args += [f"--set={text}" for text in overrides]
    args += ["--force"] if force else []
    args += ["--strict"] if strict else []
    try:
        done = run_gwsim(args, timeout)
        if done.returncode != EXIT_OK:
            raise GwsimError(f"gwsim run {path} failed (exit {done.returncode}):\n{done.stderr}")
    except BaseException:
        if made_folder:
            shutil.rmtree(outdir, ignore_errors=True)
        raise
    return Result(outdir, warnings, done.stdout)


class Results:
    """A sweep's results store: `percentiles` (P10/P50/P90 per point and figure, as `gwsim results --csv`) and
    `replications` (one row per replication, as `--replications-csv`) as DataFrames."""

    def __init__(self, store):
        self.store = store
        percentiles, replications = _gwsim.results_tables(store)
        self.percentiles = read_csv_text(percentiles, {})
        self.replications = read_csv_text(replications, figure_kinds())

    def __repr__(self):
        return f"<gwsim.Results {self.store}: {len(self.replications)} replications>"


def results(store):
    """Reads a sweep's results store (SQLite) into a Results; GwsimError when it is not one."""
    return Results(os.fspath(store))


def sweep(spec, out, jobs=None, resume=False, strict=False, timeout=None):
    """Runs a sweep spec into a results store as `gwsim sweep SPEC -o OUT` does and returns results(out). Invalid
    specs or points raise ScenarioError and run nothing; jobs: replications at once (default: one per core)."""
    spec, out = os.fspath(spec), os.fspath(out)
    _checked(_gwsim.check_sweep(spec), spec, strict)
    args = ["sweep", spec, "-o", out]
    if jobs is not None and count("jobs", jobs, 4096) == 0:
        raise GwsimError("jobs expects an integer from 1 to 4096, found 0; nothing was run or written")
    args += ["-j", str(jobs)] if jobs is not None else []
    args += ["--resume"] if resume else []
    args += ["--strict"] if strict else []
    done = run_gwsim(args, timeout)
    if done.returncode != EXIT_OK:
        raise GwsimError(f"gwsim sweep {spec} failed (exit {done.returncode}):\n{done.stderr}")
    return results(out)


def catalog(path=None, set=None):
    """The platform catalog as a DataFrame, one row per platform: the built-in one, a catalog file, or a scenario's
    (with its overrides). Columns carry their units; per-GW figures on the IT and the facility basis. The frame's
    attrs say where it comes from and which basis runs report on."""
    import pandas as pd

    file = "" if path is None else os.fspath(path)
    table = _gwsim.catalog_table(file, override_texts(set))
    _checked({"errors": table["errors"], "warnings": []}, file or "the built-in catalog", strict=False)
    frame = pd.DataFrame(table["columns"])
    for name in table["date_columns"]:
        frame[name] = pd.to_datetime(frame[name])
    frame.attrs["source"] = table["source"]
    frame.attrs["gw_basis"] = table["gw_basis"]
    return frame
