"""Output files into pandas DataFrames. Column names come from the files' headers and their kinds from the field
registry (sim/output/fields.cpp, through `_gwsim.outputs_schema()`): nothing here names a column."""
import functools
import io
import json

import pandas as pd

from . import _gwsim


@functools.lru_cache(maxsize=1)
def schema():
    """`gwsim schema outputs` as a dict: every output file, column and figure with its unit, kind and meaning."""
    return json.loads(_gwsim.outputs_schema())


def _kinds(file_name):
    """Column name -> kind ("date", "count", "number", "name", "flag") of a CSV the registry describes."""
    columns = schema()["files"].get(file_name, {}).get("columns", [])
    return {c["name"]: c["kind"] for c in columns if isinstance(c, dict)}


def _date_names():
    """The names of date columns anywhere in the registry (events.csv lists bare names: its dates share them)."""
    names = set()
    for described in schema()["files"].values():
        for column in described.get("columns", []):
            if isinstance(column, dict) and column["kind"] == "date":
                names.add(column["name"])
    return names


def _frame(text, kinds):
    """A CSV's text as a DataFrame: dates parsed, names kept as text ("NA" is a name, not a missing value), an
    empty cell missing."""
    dtypes = {name: str for name, kind in kinds.items() if kind == "name"}  # names the file lacks are ignored
    frame = pd.read_csv(io.StringIO(text), dtype=dtypes, keep_default_na=False, na_values=[""])
    for name in frame.columns:
        # Daily runs write YYYY-MM-DD, hourly runs YYYY-MM-DDTHH:00; a list of dates (a sweep's GW dates, joined
        # by ';') stays text.
        if kinds.get(name) == "date" and not frame[name].astype(str).str.contains(";").any():
            frame[name] = pd.to_datetime(frame[name])
    return frame


def _text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def read_state_csv(path, file_name):
    """timeline.csv, sites.csv or finance.csv (file_name names which, for its registry entry)."""
    return _frame(_text(path), _kinds(file_name))


def read_events_csv(path):
    return _frame(_text(path), {name: "date" for name in _date_names()})


def read_csv_text(text, kinds):
    return _frame(text, kinds)


def figure_kinds():
    """summary.json figure name -> kind: how `gwsim results` CSVs read."""
    return {f["name"]: f["kind"] for f in schema()["files"]["summary.json"]["figures"]}
