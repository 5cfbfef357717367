#!/usr/bin/env python3
"""Charts and tables from gwsim's outputs, for reports (docs/reports.md).

Run by `gwsim report` and `gwsim diff` with Debian's /usr/bin/python3 and MPLBACKEND=Agg:

    gwsim_report.py --schema SCHEMA [FLAGS] run RUN_DIR OUTDIR             a run's folder -> report.html, charts
    gwsim_report.py --schema SCHEMA [FLAGS] sweep STORE OUTDIR [RANK_BY]   a sweep's store -> fan chart, ranking
    gwsim_report.py --schema SCHEMA [FLAGS] optimize OPT_DIR OUTDIR        gwsim optimize's folder -> best plan
    gwsim_report.py --schema SCHEMA [FLAGS] diff RUN_A RUN_B OUTDIR        two run folders -> what changed, diff.md

FLAGS: --force (replace an earlier report's files), --quiet (no progress on stderr), --json (diff only: what
changed as one JSON document on stdout instead of the text).

SCHEMA is the JSON of `gwsim schema outputs` (a file, or - for stdin, as gwsim passes it): the columns, figures,
units, labels, constraints, replication statuses and store tables all come from it, so this script holds no list
of them. By hand: gwsim schema outputs | gwsim_report.py --schema - run out/ft out/ft/report

Exit codes as gwsim's: 0 success, 2 invalid input (nothing written), 1 internal failure or matplotlib missing.
Only the standard library is imported before the inputs are read, so bad input is reported as such even where
matplotlib is missing. Outputs carry no wall-clock time: the same inputs give the same bytes.
"""

import base64
import csv
import datetime as dt
import errno
import fcntl
import html
import io
import json
import math
import os
import re
import secrets
import shutil
import sqlite3
import stat
import sys
import textwrap
import time

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_INVALID = 2

MATPLOTLIB_HINT = (
    "matplotlib is not installed for {python}. Install Debian's package:\n"
    "    sudo apt-get install -y python3-matplotlib\n"
    "(gwsim runs the report script with /usr/bin/python3 when it exists, so a pip or pyenv matplotlib is not seen.)"
)


class InputError(Exception):
    """The user's input is wrong: exit 2, nothing written."""


class Progress:
    """Stage lines on stderr, never on stdout, as gwsim's own progress (tools/gwsim/progress.hpp): on a terminal one
    line redrawn in place with the stage, percent, elapsed time and ETA, erased at the end; elsewhere a plain line
    per stage with the elapsed time; nothing when quiet. Stages are counted in advance (`total`). The first stage
    reads the inputs, whose time goes with their size (half of a 10 GW hourly run's report): the ETA, shown from the
    third stage on, assumes each stage left takes as long as the average of those done since, so it is rough."""

    def __init__(self, who, total, quiet=False):
        self.who, self.total, self.done = who, max(1, total), 0
        self.mode = "off" if quiet else ("terminal" if sys.stderr.isatty() else "lines")
        self.start = time.monotonic()
        self.read_done = None  # when the first stage (reading the inputs) ended
        self.drawn = False

    @staticmethod
    def duration(seconds):
        if seconds < 60:
            return f"{seconds:.1f} s"
        if seconds < 3600:
            s = round(seconds)
            return f"{s // 60} min {s % 60:02d} s"
        m = round(seconds / 60)
        return f"{m // 60} h {m % 60:02d} min"

    def stage(self, text):
        """Stage `text` starts (the stages before it are done)."""
        if self.mode == "off":
            return
        now = time.monotonic()
        elapsed = now - self.start
        if self.done == 1:
            self.read_done = now
        eta = ""
        if self.done >= 2:
            each = (now - self.read_done) / (self.done - 1)
            eta = f", ETA {self.duration(each * (self.total - self.done))}"
        self.done = min(self.total, self.done + 1)
        line = (f"{self.who}: [{self.done}/{self.total}] {100 * (self.done - 1) // self.total:3d}% {text}, "
                f"{self.duration(elapsed)} elapsed{eta}")
        if self.mode == "terminal":
            sys.stderr.write("\r" + line + "\033[K")
            self.drawn = True
        else:
            sys.stderr.write(line + "\n")
        sys.stderr.flush()

    def finish(self, text="done"):
        if self.mode == "off":
            return
        if self.drawn:
            sys.stderr.write("\r\033[K")
            self.drawn = False
        sys.stderr.write(f"{self.who}: {text} in {self.duration(time.monotonic() - self.start)}\n")
        sys.stderr.flush()


# ----------------------------------------------------------------------------------------------------------------
# Reading a run folder


# ----------------------------------------------------------------------------------------------------------------
# The outputs schema (`gwsim schema outputs`)


# Colours of the constraints gwsim has today, keyed by the schema's names; a constraint the schema has and this
# table lacks gets a colour of FALLBACK_COLOURS, so a new one is drawn without a change here.
CONSTRAINT_COLOURS = {"grid_power": "#d62728", "buildings": "#8c564b", "install_crews": "#ff7f0e",
                      "rack_supply": "#1f77b4", "commissioning": "#9467bd"}
FALLBACK_COLOURS = ["#17becf", "#bcbd22", "#e377c2", "#7f7f7f", "#2ca02c", "#aec7e8"]
NONE_COLOUR = "#e6e6e6"

# Display units for large values, by the schema's unit: (from this value, factor, unit shown), largest first.
# A unit not here is shown as it is.
UNIT_SCALES = {
    "MW": [(1e3, 1e-3, "GW")],
    "MWh": [(1e6, 1e-6, "TWh"), (1e3, 1e-3, "GWh")],
    "USD": [(1e9, 1e-9, "$B"), (1e6, 1e-6, "$M"), (float("-inf"), 1.0, "$")],
    "PFLOP/s": [(1e3, 1e-3, "EFLOP/s")],
    "tCO2": [(1e6, 1e-6, "MtCO2"), (1e3, 1e-3, "ktCO2")],
    "m3": [(1e6, 1e-6, "million m3"), (1e3, 1e-3, "thousand m3")],
}
# Counts (racks, packages, dies): in words, nothing below ten thousand.
COUNT_SCALES = [(1e6, 1e-6, "millions"), (1e4, 1e-3, "thousands"), (float("-inf"), 1.0, "")]
NUMERIC_KINDS = ("count", "number")
FIGURE_KEYS = ("pointer", "kind", "label", "unit", "display", "sweep", "better", "per")
MISSING = object()  # at_pointer: no such key (a summary from before the figure), as against a null


def at_pointer(doc, pointer):
    """The value at a JSON pointer (/a/0/b), or MISSING when any part is missing."""
    node = doc
    for part in pointer.split("/")[1:]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            return MISSING
    return node


class Schema:
    """`gwsim schema outputs`: what every column and figure is."""

    def __init__(self, doc, where):
        try:
            files = doc["files"]
            self.timeline = {c["name"]: c for c in files["timeline.csv"]["columns"]}
            self.figures = list(files["summary.json"]["figures"])
            self.constraints = [(c["name"], c["held_column"]) for c in doc["constraints"]]
            self.statuses = [(s["name"], bool(s["success"])) for s in doc["replication_statuses"]]
            self.store = doc["results_store"]
            self.store_tables = {t["name"]: [c["name"] for c in t["columns"]] for t in self.store["tables"]}
            self.no_constraint = doc["no_constraint"]
            # events.csv: typed records (the detail is prose for people, never parsed here).
            self.event_columns = list(files["events.csv"]["columns"])
            self.event_kinds = {k["name"]: k for k in files["events.csv"]["kinds"]}
            self.success = next(name for name, ok in self.statuses if ok)
            for f in self.figures:
                missing = [k for k in FIGURE_KEYS if k not in f]
                if missing:
                    raise KeyError(f"{missing[0]} in figure {f.get('pointer', '?')}")
        except (KeyError, TypeError, AttributeError, StopIteration) as e:
            raise InputError(f"{where}: not the JSON of `gwsim schema outputs` (no {e})")

    @staticmethod
    def load(path):
        try:
            if path == "-":
                data = sys.stdin.buffer.read(MAX_TEXT_BYTES + 1)
                if len(data) > MAX_TEXT_BYTES:
                    raise InputError(f"the outputs schema on stdin is larger than {MAX_TEXT_BYTES >> 20} MiB")
                doc = json.loads(data)
            else:
                doc = json.loads(read_text(path))
        except (OSError, ValueError, RecursionError) as e:
            raise InputError(f"cannot read the outputs schema {'from stdin' if path == '-' else path}: {e}")
        if not isinstance(doc, dict):
            raise InputError(f"{path}: not the JSON of `gwsim schema outputs`")
        return Schema(doc, "the outputs schema" if path == "-" else path)

    def column(self, name):
        """A timeline column's entry; a column the schema lacks is a plain number with its name as label."""
        return self.timeline.get(name) or {"name": name, "kind": "number", "unit": "", "label": name}

    def numeric(self, name):
        return name in self.timeline and self.timeline[name]["kind"] in NUMERIC_KINDS

    def label(self, name):
        return self.column(name)["label"]

    def unit(self, name):
        return self.column(name)["unit"]

    def scale(self, name, max_value):
        """(factor, unit shown) for a column's values up to max_value: GW for thousands of MW, and so on."""
        c = self.column(name)
        steps = COUNT_SCALES if c["kind"] == "count" else UNIT_SCALES.get(c["unit"], [])
        for start, factor, unit in steps:
            if max_value >= start:
                return factor, unit
        return 1.0, c["unit"]

    def constraint_colours(self, extra=()):
        """Constraint name -> colour, for the schema's constraints and any others named in `extra`."""
        colours, spare = {}, iter(FALLBACK_COLOURS * 4)
        for name in [n for n, _ in self.constraints] + [n for n in extra if n]:
            if name not in colours and name != self.no_constraint:
                colours[name] = CONSTRAINT_COLOURS.get(name) or next(spare, "#555555")
        return colours

    def table_figures(self):
        """The figures the reports' tables show (those with a display), in the display's order."""
        shown = [f for f in self.figures if f["display"] and f["per"] is None]
        return sorted(shown, key=lambda f: f["display"]["order"])

    def rankable(self):
        """Numeric sweep figures with a better direction: name -> figure."""
        return {f["sweep"]["figure"]: f for f in self.figures
                if f["sweep"] and f["per"] is None and f["kind"] in NUMERIC_KINDS and f["better"] in ("higher", "lower")}


def lower_first(text):
    """Withheld by the power cap -> withheld by the power cap."""
    return text[:1].lower() + text[1:]


def constraint_label(name):
    """grid_power -> Grid power."""
    return name.replace("_", " ").capitalize()


def display_value(figure, value):
    """A figure's value as the reports' tables show it: in the display's unit, with its decimals."""
    d = figure["display"]
    if d.get("scientific"):
        return f"{value / d['per_unit']:.{d['decimals']}e}" if value else "0"
    return f"{value / d['per_unit']:,.{d['decimals']}f}"


def table_row(figure, summary):
    """[label, value, unit] of a figure with a display as the reports' tables show it; None when the summary lacks
    it (a summary from a gwsim before the figure)."""
    value = at_pointer(summary, figure["pointer"])
    kind = figure["kind"]
    if value is MISSING or (value is None and kind != "date"):
        return None
    if kind == "flag":
        text = "yes" if value else "no"
    elif kind == "date":
        text = fmt_when(value)
    elif kind in NUMERIC_KINDS:
        text = display_value(figure, value)
    else:
        text = str(value)
    return [figure["display"]["label"], text, figure["display"]["unit"]]


def in_group(figure, group):
    return figure["pointer"].startswith(group + "/")


HOUR_RE = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})")


def parse_date(text, where):
    """An ISO date (YYYY-MM-DD) -> date; an hourly run's YYYY-MM-DDTHH:MM (UTC) -> naive datetime."""
    try:
        m = HOUR_RE.fullmatch(text or "")
        if m:
            d = dt.date.fromisoformat(m.group(1))
            return dt.datetime(d.year, d.month, d.day, int(m.group(2)), int(m.group(3)))
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        raise InputError(f"{where}: expected an ISO date (or YYYY-MM-DDTHH:00), found '{text}'")


def as_datetime(d):
    """A date or datetime as a datetime (a date at 00:00), for arithmetic on mixed daily and hourly values."""
    return d if isinstance(d, dt.datetime) else dt.datetime(d.year, d.month, d.day)


def iso(d):
    """A date as the outputs write it: YYYY-MM-DD, or YYYY-MM-DDTHH:MM for a datetime (hourly runs)."""
    return d.strftime("%Y-%m-%dT%H:%M") if isinstance(d, dt.datetime) else d.isoformat()


def days_apart(a, b):
    """b - a in days (fractional for hours)."""
    return (as_datetime(b) - as_datetime(a)).total_seconds() / 86400.0


# ----------------------------------------------------------------------------------------------------------------
# Reading inputs: regular files only, size-capped, validated before use (docs/reliability.md)

# Text inputs read whole (summary.json, a schema file) and the CSVs of a run. A FIFO or a device is refused before a
# byte is read, so nothing blocks and nothing grows without end.
MAX_TEXT_BYTES = 16 << 20
MAX_TABLE_BYTES = 1 << 30
READ_FLAGS = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)


class EnvironmentFailure(Exception):
    """The system failed us (an I/O error, a full disk, memory): exit 1."""


def file_type_name(mode):
    for test, name in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a FIFO (named pipe)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


def read_input(path, limit=MAX_TEXT_BYTES, dir_fd=None, shown=None):
    """The bytes of a regular file of at most `limit` bytes; InputError otherwise (as gwsim's C++ readers)."""
    shown = shown or path
    try:
        fd = os.open(path, READ_FLAGS, dir_fd=dir_fd)
    except OSError as e:
        raise InputError(f"cannot read {shown}: {e.strerror}")
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"cannot read {shown}: {file_type_name(st.st_mode)}, not a regular file")
        if st.st_size > limit:
            raise InputError(f"cannot read {shown}: file larger than {limit >> 20} MiB (the limit for this input)")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            size += len(chunk)
            if size > limit:  # grown while read
                raise InputError(f"cannot read {shown}: file larger than {limit >> 20} MiB (the limit for this input)")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise EnvironmentFailure(f"cannot read {shown}: {e.strerror}")
    finally:
        os.close(fd)


def read_text(path, limit=MAX_TEXT_BYTES, dir_fd=None, shown=None):
    shown = shown or path
    try:
        return read_input(path, limit, dir_fd, shown).decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{shown}: not a UTF-8 text file (byte {e.start})")


def read_csv(path, dir_fd=None, shown=None):
    shown = shown or path
    text = read_text(path, MAX_TABLE_BYTES, dir_fd, shown)
    csv.field_size_limit(MAX_TEXT_BYTES)
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as e:
        raise InputError(f"{shown}: not a CSV file ({e})")
    if not rows:
        raise InputError(f"{shown}: empty file (expected a header line)")
    return rows[0], rows[1:]


def parse_number(text, where):
    try:
        value = float(text)
    except (TypeError, ValueError):
        raise InputError(f"{where}: expected a number, found '{short(text)}'")
    if not math.isfinite(value):
        raise InputError(f"{where}: expected a finite number, found '{short(text)}'")
    return value


def short(value, width=40):
    text = value if isinstance(value, str) else json.dumps(value, default=str)[:200]
    return text if len(text) <= width else text[:width - 3] + "..."


def check_increasing(dates, texts, where_of, strictly=True):
    """Refuses a date that goes back (or repeats, when strictly): outputs are in date order."""
    for k in range(1, len(dates)):
        a, b = as_datetime(dates[k - 1]), as_datetime(dates[k])
        if b < a or (strictly and b == a):
            raise InputError(f"{where_of(k)}: date {texts[k]} is {'the same as' if b == a else 'before'} the previous "
                             f"row's {texts[k - 1]} (expected dates in increasing order)")


KIND_CHECKS = {
    "count": (lambda v: isinstance(v, int) and not isinstance(v, bool), "a count (an integer)"),
    "number": (lambda v: isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v), "a number"),
    "flag": (lambda v: isinstance(v, bool), "true or false"),
    "name": (lambda v: isinstance(v, str), "a name (a string)"),
}


def check_value(kind, value, where, nullable=False):
    if value is None and nullable:
        return
    if kind == "date":
        if value is not None:
            if not isinstance(value, str):
                raise InputError(f"{where}: expected an ISO date or null, found {short(value)}")
            parse_date(value, where)
        return
    test, expected = KIND_CHECKS.get(kind, (lambda v: True, ""))
    if not test(value):
        raise InputError(f"{where}: expected {expected}, found {short(value)}")


def check_objects(doc, pointer, where, item_is_object=False):
    """The objects a pointer runs through, where present, are objects (JSON maps): /final, /demand, a tranche."""
    parts = pointer.split("/")[1:-1]
    if item_is_object and not isinstance(doc, dict):
        raise InputError(f"{where}: expected an object, found {short(doc)}")
    for k in range(1, len(parts) + 1):
        prefix = "/" + "/".join(parts[:k])
        node = at_pointer(doc, prefix)
        if node is not MISSING and not isinstance(node, dict):
            raise InputError(f"{where}{prefix if item_is_object else ': ' + prefix}: expected an object, found "
                             f"{short(node)}")


def summary_problems(summary, schema, where):
    """Checks a summary against the schema's figures (each present value of its kind; lists and objects where the
    figures' pointers run through them) and the manifest values the reports use; InputError located by pointer."""
    if not isinstance(summary, dict):
        raise InputError(f"{where}: expected a JSON object, found {short(summary)}")
    for f in schema.figures:
        head, _, tail = f["pointer"].partition("/{i}")
        check_objects(summary, head, where)
        container = at_pointer(summary, head)
        if container is MISSING:
            continue
        if not _:  # no {i}: one value
            check_value(f["kind"], container, where + ": " + head, f.get("when_absent") == "null")
            continue
        if not isinstance(container, list):
            raise InputError(f"{where}: {head}: expected a list, found {short(container)}")
        for i, item in enumerate(container):
            if tail:
                check_objects(item, tail, f"{where}: {head}/{i}", item_is_object=True)
            value = at_pointer(item, tail) if tail else item
            if value is not MISSING:
                check_value(f["kind"], value, f"{where}: {head}/{i}{tail}", f.get("when_absent") == "null")
    for group in ("/binding_constraints/days", "/binding_constraints/shares"):
        values = at_pointer(summary, group)
        if values is not MISSING:
            if not isinstance(values, dict):
                raise InputError(f"{where}: {group}: expected an object, found {short(values)}")
            for name, v in values.items():
                check_value("number", v, f"{where}: {group}/{name}")
    dates = summary.get("gw_live_dates") or []
    parsed = [parse_date(d, f"{where}: /gw_live_dates/{k}") for k, d in enumerate(dates)]
    check_increasing(parsed, dates, lambda k: f"{where}: /gw_live_dates/{k}", strictly=False)
    manifest = summary.get("manifest")
    if not isinstance(manifest, dict):
        raise InputError(f"{where}: /manifest: expected an object, found {short(manifest)}")
    for key, kind in (("scenario_sha256", "name"), ("gwsim_version", "name"), ("seed", "count"),
                      ("replication", "count"), ("start_date", "date"), ("end_date", "date")):
        if key in manifest:
            check_value(kind, manifest[key], f"{where}: /manifest/{key}")
    overrides = manifest.get("overrides", [])
    if not isinstance(overrides, list) or not all(isinstance(o, str) for o in overrides):
        raise InputError(f"{where}: /manifest/overrides: expected a list of strings, found {short(overrides)}")
    if isinstance(summary.get("final"), dict) is False and "final" in summary:
        raise InputError(f"{where}: /final: expected an object, found {short(summary['final'])}")
    return summary


def load_json(text, where):
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as e:
        raise InputError(f"{where}: not JSON ({short(str(e), 80)})")


class OutputFolder:
    """A folder of gwsim outputs read through one descriptor, so a `gwsim run --force` (or `optimize`) that switches
    the folder meanwhile cannot make a report mix the files of two runs."""

    def _open(self, folder):
        self.folder = folder
        if not os.path.exists(folder):
            raise InputError(f"'{folder}' does not exist")
        if not os.path.isdir(folder):
            raise InputError(f"'{folder}' is not a folder")
        try:
            self.fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | getattr(os, "O_CLOEXEC", 0))
        except OSError as e:
            raise InputError(f"cannot read the folder '{folder}': {e.strerror}")

    def _exists(self, name):
        try:
            os.stat(name, dir_fd=self.fd)
            return True
        except OSError:
            return False

    def _path(self, name):
        return os.path.join(self.folder, name)


class Run(OutputFolder):
    """One run's output folder: timeline.csv, sites.csv (optional), events.csv, summary.json. The files are read
    through one descriptor of the folder, so a `gwsim run --force` that switches the folder meanwhile cannot make
    the report mix files of two runs."""

    def __init__(self, folder, schema):
        self.schema = schema
        self._open(folder)
        try:
            for name in ("summary.json", "timeline.csv", "events.csv"):
                if not self._exists(name):
                    raise InputError(f"'{folder}' is not a gwsim run's output folder: it has no {name} "
                                     "(make one with: gwsim run SCENARIO -o DIR)")
            self._read_summary()
            self._read_timeline()
            self._read_events()
            self._read_sites()
            self._read_finance()
            self.view_end = self._view_end()
        finally:
            os.close(self.fd)

    def _read_summary(self):
        path = self._path("summary.json")
        self.summary = load_json(read_text("summary.json", dir_fd=self.fd, shown=path), path)
        if not isinstance(self.summary, dict) or "manifest" not in self.summary or "final" not in self.summary:
            raise InputError(f"{path}: not a gwsim summary (no manifest or final)")
        summary_problems(self.summary, self.schema, path)
        self.manifest = self.summary.get("manifest") or {}
        self.name = str(self.summary.get("scenario", "?"))

    def _read_timeline(self):
        path = self._path("timeline.csv")
        header, rows = read_csv("timeline.csv", dir_fd=self.fd, shown=path)
        if not header or header[0] != "date":
            raise InputError(f"{path}: the first column must be 'date'")
        self.columns = header
        self.dates = []  # dates; datetimes in hourly runs
        self.date_texts = []  # as written in timeline.csv
        self.series = {c: [] for c in header[1:]}
        lines = []
        for line, row in enumerate(rows, start=2):
            if not row:
                continue
            if len(row) != len(header):
                raise InputError(f"{path}:{line}: {len(row)} fields, the header has {len(header)}")
            self.dates.append(parse_date(row[0], f"{path}:{line}"))
            self.date_texts.append(row[0])
            lines.append(line)
            for c, text in zip(header[1:], row[1:]):
                if self.schema.numeric(c):
                    self.series[c].append(parse_number(text, f"{path}:{line}: {c}"))
                else:  # names, and columns the schema does not know: as written
                    self.series[c].append(text)
        if not self.dates:
            raise InputError(f"{path}: no rows")
        self.hourly = isinstance(self.dates[0], dt.datetime)
        if any(isinstance(d, dt.datetime) != self.hourly for d in self.dates):
            raise InputError(f"{path}: mixes dates and date-times (YYYY-MM-DDTHH:00) in the date column")
        check_increasing(self.dates, self.date_texts, lambda k: f"{path}:{lines[k]}")
        missing = [c for c in ["live_capacity_mw", "racks"] if c not in self.series]
        if missing:
            raise InputError(f"{path}: missing column(s) {', '.join(missing)}")

    def _read_events(self):
        """Each event as a dict of events.csv's fields: date (a datetime for an hour of an hourly run), kind, site,
        item, value and value2 (numbers; value2 None when empty), unit, unit2, detail."""
        path = self._path("events.csv")
        header, rows = read_csv("events.csv", dir_fd=self.fd, shown=path)
        if header[:4] == ["date", "kind", "site", "detail"]:
            raise InputError(f"{path}: written by a gwsim from before typed events (date,kind,site,detail); run the "
                             "scenario again with this gwsim")
        columns = self.schema.event_columns
        if header != columns:
            raise InputError(f"{path}: expected the columns {','.join(columns)}")
        self.events = []
        lines = []
        for line, row in enumerate(rows, start=2):
            if not row:
                continue
            if len(row) != len(columns):
                raise InputError(f"{path}:{line}: expected {len(columns)} fields, found {len(row)}")
            e = dict(zip(columns, row))
            where = f"{path}:{line}"
            if e["kind"] not in self.schema.event_kinds:
                raise InputError(f"{where}: unknown event kind '{short(e['kind'])}' (expected one of "
                                 f"{', '.join(self.schema.event_kinds)})")
            e["date"] = parse_date(e["date"], where)
            e["value"] = parse_number(e["value"], f"{where}: value")
            e["value2"] = parse_number(e["value2"], f"{where}: value2") if e["value2"] else None
            self.events.append(e)
            lines.append(line)
        # Events are in day order (an hourly run's events carry their hour, but within a day fleet-wide events
        # come first): a day that goes back is refused.
        days = [e["date"].date() if isinstance(e["date"], dt.datetime) else e["date"] for e in self.events]
        check_increasing(days, [iso(d) for d in days], lambda k: f"{path}:{lines[k]}", strictly=False)

    def _read_sites(self):
        """sites.csv is optional: the Gantt chart uses it for each site's first and full live dates."""
        self.site_names = []
        self.site_live = {}  # site -> (first live date or None, date its racks reach their final count or None)
        path = self._path("sites.csv")
        if not self._exists("sites.csv"):
            for e in self.events:
                if e["site"] and e["site"] not in self.site_names:
                    self.site_names.append(e["site"])
            return
        header, rows = read_csv("sites.csv", dir_fd=self.fd, shown=path)
        try:
            i_date, i_site, i_racks = header.index("date"), header.index("site"), header.index("racks")
        except ValueError:
            raise InputError(f"{path}: expected date, site and racks columns")
        racks = {}
        for line, row in enumerate(rows, start=2):
            if not row:
                continue
            if len(row) != len(header):
                raise InputError(f"{path}:{line}: {len(row)} fields, the header has {len(header)}")
            site = row[i_site]
            if site not in racks:
                self.site_names.append(site)
                racks[site] = []
            d = parse_date(row[i_date], f"{path}:{line}")
            if racks[site] and as_datetime(d) <= as_datetime(racks[site][-1][0]):
                raise InputError(f"{path}:{line}: site {short(site)}: date {row[i_date]} is "
                                 f"{'the same as' if as_datetime(d) == as_datetime(racks[site][-1][0]) else 'before'} "
                                 f"its previous row's {iso(racks[site][-1][0])} (expected dates in increasing order)")
            racks[site].append((d, parse_number(row[i_racks], f"{path}:{line}: racks")))
        for site, values in racks.items():
            first = next((d for d, r in values if r > 0), None)
            final = values[-1][1]
            full = None
            if final > 0:
                for d, r in reversed(values):
                    if r < final:
                        break
                    full = d
            self.site_live[site] = (first, full)

    def _read_finance(self):
        """finance.csv is optional (a gwsim from before the cash-flow model has none). Its columns are read by name:
        only those the cash-flow chart draws are parsed, and columns added later (a write-off, say) are left alone.
        self.finance: {"dates", "date_texts", column -> [values]} of the columns present, or None."""
        self.finance = None
        path = self._path("finance.csv")
        if not self._exists("finance.csv"):
            return
        header, rows = read_csv("finance.csv", dir_fd=self.fd, shown=path)
        if not header or header[0] != "date":
            raise InputError(f"{path}: the first column must be 'date'")
        if len(set(header)) != len(header):
            twice = next(c for c in header if header.count(c) > 1)
            raise InputError(f"{path}: the column '{short(twice)}' appears twice")
        index = {c: header.index(c) for c in FINANCE_COLUMNS if c in header}
        finance = {"dates": [], "date_texts": [], **{c: [] for c in index}}
        lines = []
        for line, row in enumerate(rows, start=2):
            if not row:
                continue
            if len(row) != len(header):
                raise InputError(f"{path}:{line}: {len(row)} fields, the header has {len(header)}")
            finance["dates"].append(parse_date(row[0], f"{path}:{line}"))
            finance["date_texts"].append(row[0])
            lines.append(line)
            for c, i in index.items():
                finance[c].append(parse_number(row[i], f"{path}:{line}: {c}"))
        check_increasing(finance["dates"], finance["date_texts"], lambda k: f"{path}:{lines[k]}")
        if finance["dates"]:
            self.finance = finance

    def has(self, column):
        return column in self.series

    def _view_end(self):
        """Where the rollout charts' time axis ends: shortly after the last event (a margin of 4% of the run, at
        least 30 days), not years of flat lines later; the run's last date when that is sooner."""
        last = self.dates[-1]
        if not self.events:
            return last
        last_event = max(as_datetime(e["date"]) for e in self.events)
        margin = max(30.0, 0.04 * days_apart(self.dates[0], last))
        end = last_event + dt.timedelta(days=margin)
        if end >= as_datetime(last):
            return last
        return end if self.hourly else end.date()

    def milestones(self):
        """name -> milestone of summary.json (what gated it), for a summary that has them."""
        return {m.get("name"): m for m in self.summary.get("milestones") or [] if isinstance(m, dict)}

    def gw_basis(self):
        return self.summary.get("gw_basis", "facility")  # a summary from before the basis counted facility power

    def key_dates(self):
        """[(label, date or None)] in report order: first tokens, each GW, each tranche's first and full live."""
        return [(label, d) for label, d, _ in self.key_dates_with_milestones()]

    def key_dates_with_milestones(self):
        """[(label, date or None, name of its milestone in summary.json)], as key_dates(). The label is the
        milestone's own name, as the printed summary, `gwsim diff` and `gwsim results` write it."""
        out = [("first tokens", self.summary.get("first_tokens_date"), "first tokens")]
        for k, d in enumerate(self.summary.get("gw_live_dates") or [], start=1):
            out.append((f"GW {k} live", d, f"GW {k} live"))
        for t in self.summary.get("tranches") or []:
            name = t.get("name")
            out.append((f"{name} first live", t.get("first_live_date"), f"{name} first live"))
            out.append((f"{name} fully live", t.get("fully_live_date"), f"{name} fully live"))
        return out

    def label(self):
        return os.path.basename(os.path.normpath(self.folder)) or self.folder


# ----------------------------------------------------------------------------------------------------------------
# Formatting


def short_hash(text):
    """The first 12 hex digits of a SHA-256: enough to tell runs apart on a chart or a page."""
    return str(text)[:12] if text else "?"


def gated_phrase(m):
    """What gated a milestone, for people, from its typed fields: 'grid step 2 at site-a'."""
    g = m.get("gated_by") or {}
    kind, site, item = g.get("kind", ""), g.get("site", ""), g.get("item", "")
    return {"grid_step": f"grid {item} at {site}", "hall": f"hall {item} at {site}",
            "crews": f"install crews at {site}", "supply_line": f"supply line {item} (racks for {site})",
            "order_date": f"order date of {item} (racks for {site})"}.get(kind, f"{kind} {item} at {site}".strip())


def fmt_days(n):
    return f"{n:,} day{'' if n == 1 else 's'}"


def fmt_int(x):
    return f"{int(round(x)):,}"


def fmt_num(x, decimals=1):
    return f"{x:,.{decimals}f}"


def fmt_money(usd):
    if usd < 0:
        return "-" + fmt_money(-usd)
    if abs(usd) >= 1e9:
        return f"${usd / 1e9:,.2f}B"
    if abs(usd) >= 1e6:
        return f"${usd / 1e6:,.1f}M"
    return f"${usd:,.0f}"


def fmt_date(d):
    return d if d else "not reached"


def overrides_text(manifest):
    items = manifest.get("overrides") or []
    return " ".join(f"--set {o}" if "=" in o and not o.startswith("--") else str(o) for o in items) or "none"


def days_between(a, b):
    return (dt.date.fromisoformat(b) - dt.date.fromisoformat(a)).days


def md_table(header, rows, align=None):
    align = align or ["l"] * len(header)
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join("---:" if a == "r" else "---" for a in align) + "|"]
    for r in rows:
        out.append("| " + " | ".join(str(c).replace("|", "\\|") for c in r) + " |")
    return "\n".join(out) + "\n"


def html_table(header, rows, align=None):
    align = align or ["l"] * len(header)
    cls = lambda a: ' class="num"' if a == "r" else ""
    out = ["<table>", "<thead><tr>" + "".join(f"<th{cls(a)}>{html.escape(str(h))}</th>"
                                              for h, a in zip(header, align)) + "</tr></thead>", "<tbody>"]
    for r in rows:
        out.append("<tr>" + "".join(f"<td{cls(a)}>{html.escape(str(c))}</td>" for c, a in zip(r, align)) + "</tr>")
    out.append("</tbody></table>")
    return "\n".join(out)


def csv_text(header, rows):
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(header)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def raw(x):
    """A number as the CSVs write it: integers without a decimal point, others with up to 6 decimals."""
    if isinstance(x, str):
        return x
    if float(x).is_integer():
        return str(int(x))
    return f"{x:.6f}".rstrip("0").rstrip(".")


# ----------------------------------------------------------------------------------------------------------------
# Output folder: everything is written into a private staging folder beside it and switched in as one set, as
# gwsim's own writers do (sim/io/atomic_output.hpp, docs/reliability.md).

# The entries of an output folder that are a report's (replaced by the next report); the folder's other entries
# are carried over. Also the temporaries older versions of this script left after a kill.
REPORT_FILE_RE = re.compile(r"(report\.html|summary\.md|ranking\.csv|diff\.md|chart-[A-Za-z0-9_.-]+\.(png|svg|csv)"
                            r"|\.tmp-report-\d+|\.gwsim-staging-[A-Za-z0-9]{12})")
STAGING_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
RENAME_NOREPLACE, RENAME_EXCHANGE, AT_FDCWD = 1, 2, -100


def renameat2(src_dir_fd, src, dst_dir_fd, dst, flags):
    """glibc's renameat2 through ctypes (Python has no binding); raises OSError, errno ENOSYS where missing."""
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        raise OSError(errno.ENOSYS, "renameat2 is not available")
    if fn(src_dir_fd, os.fsencode(src), dst_dir_fd, os.fsencode(dst), flags) != 0:
        e = ctypes.get_errno()
        raise OSError(e, os.strerror(e))


def remove_entry(dir_fd, name):
    """Removes an entry and, for a folder, all it holds; symlinks are removed, never followed."""
    try:
        os.unlink(name, dir_fd=dir_fd)
        return
    except FileNotFoundError:
        return
    except OSError:
        pass
    try:
        sub = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
    except OSError:
        return
    try:
        for child in os.listdir(sub):
            remove_entry(sub, child)
    finally:
        os.close(sub)
    try:
        os.rmdir(name, dir_fd=dir_fd)
    except OSError:
        pass


def is_stale(dir_fd, name):
    """True when no live writer holds the staging folder's lock."""
    try:
        fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        return True
    except OSError:
        return False
    finally:
        os.close(fd)


class Output:
    def __init__(self, outdir, force=False):
        self.outdir = outdir
        self.files = []
        self.parent_fd = self.staging_fd = self.home_fd = None
        self.staging = None
        self.in_place = False
        target = os.path.abspath(outdir)
        if os.path.lexists(target) and not os.path.isdir(target):
            raise InputError(f"cannot use output folder '{outdir}': it exists and is not a folder")
        if os.path.isdir(target):
            target = os.path.realpath(target)
            if not force and [n for n in os.listdir(target) if not n.startswith(".gwsim-staging-")]:
                raise InputError(f"output folder '{outdir}' is not empty; add --force to replace an earlier "
                                 "report's files (other files are left alone), or choose another folder with -o")
        self.parent, self.name = os.path.split(target)
        try:
            os.makedirs(self.parent, exist_ok=True)
            self.parent_fd = os.open(self.parent, os.O_RDONLY | os.O_DIRECTORY)
            try:
                fcntl.flock(self.parent_fd, fcntl.LOCK_EX)  # writers into one parent take turns
            except OSError:
                pass  # a file system without flock: the staging folders' own names still keep writers apart
            self._recover_stale()
            target_exists = os.path.isdir(target)
            self.in_place = target_exists and (not os.access(self.parent, os.W_OK | os.X_OK) or
                                               os.stat(self.parent).st_dev != os.stat(target).st_dev)
            if self.in_place:
                self.home_fd = os.open(target, os.O_RDONLY | os.O_DIRECTORY)
                self.staging = self._make_staging(self.home_fd, ".gwsim-staging-")
            else:
                self.home_fd = os.dup(self.parent_fd)
                self.staging = self._make_staging(self.home_fd, f".{self.name}.gwsim-dir-")
        except OSError as e:
            self.close()
            raise EnvironmentFailure(f"cannot prepare output folder '{outdir}': {e.strerror or e}")
        self.tmp = os.path.join(target if self.in_place else self.parent, self.staging)

    def _make_staging(self, dir_fd, prefix):
        for _ in range(16):
            name = prefix + "".join(secrets.choice(STAGING_CHARS) for _ in range(12))
            try:
                os.mkdir(name, 0o700, dir_fd=dir_fd)
            except FileExistsError:
                continue
            self.staging_fd = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=dir_fd)
            fcntl.flock(self.staging_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return name
        raise OSError(errno.EEXIST, "every staging name tried exists")

    def _recover_stale(self):
        """A staging folder of this output whose writer died: its report files go, anything else (moved over from
        the old folder before the kill) goes back."""
        pattern = re.compile(re.escape(f".{self.name}.gwsim-dir-") + r"[A-Za-z0-9]{12}")
        for entry in os.listdir(self.parent_fd):
            if pattern.fullmatch(entry) and is_stale(self.parent_fd, entry):
                self._restore(entry)
        try:
            tfd = os.open(self.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=self.parent_fd)
        except OSError:
            return
        try:
            for entry in os.listdir(tfd):
                if re.fullmatch(r"\.gwsim-staging-[A-Za-z0-9]{12}", entry) and is_stale(tfd, entry):
                    remove_entry(tfd, entry)
        finally:
            os.close(tfd)

    def _restore(self, staging):
        sfd = os.open(staging, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=self.parent_fd)
        try:
            tfd = os.open(self.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=self.parent_fd)
        except OSError:
            tfd = None
        kept = 0
        try:
            for entry in os.listdir(sfd):
                if REPORT_FILE_RE.fullmatch(entry):
                    remove_entry(sfd, entry)
                    continue
                try:
                    if tfd is None:
                        raise OSError(errno.ENOENT, "no folder")
                    renameat2(sfd, entry, tfd, entry, RENAME_NOREPLACE)
                except OSError:
                    kept += 1
        finally:
            os.close(sfd)
            if tfd is not None:
                os.close(tfd)
        if not kept:
            os.rmdir(staging, dir_fd=self.parent_fd)

    def path(self, name):
        if name not in self.files:
            self.files.append(name)
        return os.path.join(self.tmp, name)

    def write_text(self, name, text):
        fd = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o666, dir_fd=self.staging_fd)
        if name not in self.files:
            self.files.append(name)
        with open(fd, "w", encoding="utf-8", newline="\n") as f:
            f.write(text)

    def read_bytes(self, name):
        return read_input(name, MAX_TABLE_BYTES, dir_fd=self.staging_fd, shown=os.path.join(self.tmp, name))

    def commit(self):
        try:
            self._commit()
        except OSError as e:
            raise EnvironmentFailure(f"cannot write the report into '{self.outdir}': {e.strerror or e}")
        finally:
            self.close()

    def _commit(self):
        for name in self.files:
            fd = os.open(name, os.O_RDONLY, dir_fd=self.staging_fd)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
        os.fsync(self.staging_fd)
        if self.in_place:
            return self._file_by_file(self.home_fd, self.home_fd)
        try:
            target_fd = os.open(self.name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=self.parent_fd)
        except FileNotFoundError:
            os.chmod(self.staging_fd, 0o777 & ~current_umask())
            renameat2(self.parent_fd, self.staging, self.parent_fd, self.name, RENAME_NOREPLACE)
            self.staging = None
            os.fsync(self.parent_fd)
            return
        try:
            os.chmod(self.staging_fd, stat.S_IMODE(os.fstat(target_fd).st_mode))
            self._exchange(target_fd)
        finally:
            os.close(target_fd)

    def _exchange(self, target_fd):
        carried = []
        try:
            probe = self._make_probe()
            renameat2(self.parent_fd, self.staging, self.parent_fd, probe, RENAME_EXCHANGE)
        except OSError as e:
            if e.errno not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EXDEV):
                raise
            return self._file_by_file(target_fd, self.parent_fd)
        os.rmdir(self.staging, dir_fd=self.parent_fd)
        self.staging = probe
        try:
            for entry in os.listdir(target_fd):
                if REPORT_FILE_RE.fullmatch(entry) or entry in self.files:
                    continue
                os.rename(entry, entry, src_dir_fd=target_fd, dst_dir_fd=self.staging_fd)
                carried.append(entry)
            os.fsync(self.staging_fd)
            renameat2(self.parent_fd, self.staging, self.parent_fd, self.name, RENAME_EXCHANGE)
        except OSError:
            for entry in carried:
                try:
                    renameat2(self.staging_fd, entry, target_fd, entry, RENAME_NOREPLACE)
                except OSError:
                    pass
            raise
        os.fsync(self.parent_fd)
        remove_entry(self.parent_fd, self.staging)  # the old folder: the old report's files only
        self.staging = None

    def _make_probe(self):
        for _ in range(16):
            name = f".{self.name}.gwsim-dir-" + "".join(secrets.choice(STAGING_CHARS) for _ in range(12))
            try:
                os.mkdir(name, 0o700, dir_fd=self.parent_fd)
                return name
            except FileExistsError:
                continue
        raise OSError(errno.EEXIST, "every staging name tried exists")

    def _file_by_file(self, target_fd, staging_parent_fd):
        for name in self.files:
            os.rename(name, name, src_dir_fd=self.staging_fd, dst_dir_fd=target_fd)
        os.fsync(target_fd)
        remove_entry(staging_parent_fd, self.staging)
        self.staging = None

    def abandon(self):
        if self.staging and self.home_fd is not None:
            remove_entry(self.home_fd, self.staging)
            self.staging = None
        self.close()

    def close(self):
        for attr in ("staging_fd", "home_fd", "parent_fd"):
            fd = getattr(self, attr, None)
            if fd is not None:
                os.close(fd)
                setattr(self, attr, None)


def current_umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


# ----------------------------------------------------------------------------------------------------------------
# Charts


def import_matplotlib():
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        import matplotlib.dates as mdates
    except ImportError:
        sys.stderr.write("gwsim report: " + MATPLOTLIB_HINT.format(python=sys.executable) + "\n")
        sys.exit(EXIT_INTERNAL)
    matplotlib.rcParams.update({
        "svg.hashsalt": "gwsim-report",   # fixed ids in SVG files: same input, same bytes
        "svg.fonttype": "path",           # text as paths: the SVG needs no font
        "font.family": "DejaVu Sans",
        "font.size": 10,
        "axes.titlesize": 11,
        "axes.titleweight": "bold",
        "axes.labelsize": 10,
        "legend.fontsize": 9,
        "legend.framealpha": 0.92,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.grid": True,
        "axes.axisbelow": True,
        "grid.color": "#dddddd",
        "grid.linewidth": 0.6,
        "path.simplify": False,
    })
    return matplotlib, plt, mdates


class Charts:
    """Figure helpers shared by every chart: the title block, the date axis, saving PNG + SVG + CSV."""

    WIDTH = 11.0   # inches; PNG at 150 dpi: 1650 px wide
    DPI = 150

    def __init__(self, out, ident_lines, dense=False):
        self.mpl, self.plt, self.mdates = import_matplotlib()
        if dense:  # hourly runs: merge the segments closer than 1/9 px (halves the SVGs; invisible in the drawing)
            self.mpl.rcParams["path.simplify"] = True
        self.out = out
        self.ident_lines = ident_lines  # lines naming the scenario/sweep and its hash, on every chart
        self.made = []  # (name, title, caption)

    def figure(self, title, nrows=1, height=5.6, height_ratios=None, sharex=True, panel_titles=False, hspace=0.28):
        fig, axes = self.plt.subplots(nrows, 1, figsize=(self.WIDTH, height), sharex=sharex, squeeze=False,
                                      gridspec_kw={"height_ratios": height_ratios} if height_ratios else None)
        top_in = 0.62 + 0.17 * len(self.ident_lines) + (0.3 if panel_titles else 0)
        fig.text(0.012, 1 - 0.16 / height, title, ha="left", va="top", fontsize=14, fontweight="bold")
        for i, line in enumerate(self.ident_lines):
            fig.text(0.012, 1 - (0.50 + 0.17 * i) / height, line, ha="left", va="top", fontsize=8, color="#555555")
        fig.subplots_adjust(left=0.085, right=0.975, top=1 - top_in / height, bottom=0.55 / height, hspace=hspace)
        return fig, [a[0] for a in axes]

    def thousands(self, ax):
        """Y tick labels with thousands separators (3,000 rather than 3000) on axes that reach 1,000."""
        if ax.get_ylim()[1] >= 1000:
            ax.yaxis.set_major_formatter(self.mpl.ticker.FuncFormatter(
                lambda v, _: f"{v:,.0f}" if abs(v) >= 1000 or float(v).is_integer() else f"{v:,.6g}"))

    def date_axis(self, ax, maxticks=12):
        locator = self.mdates.AutoDateLocator(minticks=3, maxticks=maxticks)
        ax.xaxis.set_major_locator(locator)
        # The offset (below the axis, right) names only the year: "2026", never "2026-Dec".
        ax.xaxis.set_major_formatter(self.mdates.ConciseDateFormatter(
            locator, show_offset=True, offset_formats=["", "%Y", "%Y", "%Y", "%Y", "%Y-%m-%d"]))
        self.thousands(ax)

    def save(self, fig, name, title, caption, csv_header, csv_rows):
        base = f"chart-{name}"
        fig.savefig(self.out.path(base + ".png"), dpi=self.DPI, metadata={"Software": None})
        fig.savefig(self.out.path(base + ".svg"), metadata={"Date": None, "Creator": None})
        self.plt.close(fig)
        self.out.write_text(base + ".csv", csv_text(csv_header, csv_rows))
        self.made.append((name, title, caption))


def run_ident_lines(run):
    m = run.manifest
    line1 = (f"Scenario {run.name}  ·  scenario SHA-256 {short_hash(m.get('scenario_sha256'))}  ·  gwsim "
             f"{m.get('gwsim_version', '?')}")
    line2 = (f"{m.get('start_date', '?')} to {m.get('end_date', '?')}  ·  seed {m.get('seed', '?')}, replication "
             f"{m.get('replication', 0)}  ·  output step {m.get('output_step', '?')}  ·  overrides: ")
    ov = overrides_text(m)
    if len(ov) > 110:
        ov = ov[:107] + "..."
    return [line1, line2 + ov]


def milestone_rows(run):
    """date -> marker text for the CSVs: first tokens and each GW live."""
    marks = {}
    ft = run.summary.get("first_tokens_date")
    if ft:
        marks.setdefault(ft, []).append("first tokens")
    for k, d in enumerate(run.summary.get("gw_live_dates") or [], start=1):
        marks.setdefault(d, []).append(f"GW {k} live")
    return marks


def series_rows(run, columns, marks=None):
    """CSV rows: the timeline's date as written, then the columns' values. marks: day (YYYY-MM-DD) -> texts, put on
    the first row of that day (its 00:00 row in hourly runs)."""
    rows = []
    marked = set()
    for i, text in enumerate(run.date_texts):
        r = [text] + [raw(run.series[c][i]) for c in columns]
        if marks is not None:
            day = text[:10]
            r.append("" if day in marked else "; ".join(marks.get(day, [])))
            marked.add(day)
        rows.append(r)
    return rows


def add_milestone_lines(ax, run, in_legend):
    """Thin vertical lines at first tokens (dotted) and each GW live date (dashed); named in the axes' legend
    (call before ax.legend) when asked."""
    ft = run.summary.get("first_tokens_date")
    gws = run.summary.get("gw_live_dates") or []
    if ft:
        ax.axvline(dt.date.fromisoformat(ft), color="#2ca02c", lw=0.9, ls=":", zorder=1,
                   label=f"First tokens ({ft})" if in_legend else None)
    for k, d in enumerate(gws, start=1):
        what = (f"GW {k} live ({d})" if len(gws) == 1 else f"Each whole GW live (GW 1 to GW {len(gws)})")
        ax.axvline(dt.date.fromisoformat(d), color="#777777", lw=0.7, ls="--", zorder=1,
                   label=what if in_legend and k == 1 else None)


BASIS_TEXT = {"it": "IT power at peak: the GPU racks plus their non-GPU IT share",
              "facility": "facility power at peak: IT power x PUE"}


def gate_lead(m):
    """A milestone's gate_lead_days (slack_days in summaries of a gwsim before the name changed), or None."""
    v = m.get("gate_lead_days", m.get("slack_days")) if m else None
    return v if isinstance(v, int) else None


def chart_gw_live(ch, run):
    live = run.series["live_capacity_mw"]
    grid = run.series.get("grid_capacity_mw")
    basis = run.gw_basis()
    facility = run.series.get("live_facility_capacity_mw") if basis != "facility" else None
    label = run.schema.label
    s, unit = run.schema.scale("live_capacity_mw", max([max(live)] + [max(c) for c in (grid, facility) if c]))
    fig, (ax,) = ch.figure("Live capacity and grid capacity", height=5.8)
    ax.plot(run.dates, [v * s for v in live], color="#1f4e9c", lw=2.2,
            label=f"{label('live_capacity_mw')} ({BASIS_TEXT.get(basis, basis)}: what 'GW live' counts)")
    if facility:
        ax.plot(run.dates, [v * s for v in facility], color="#1f4e9c", lw=1.2, ls=":",
                label=f"{label('live_facility_capacity_mw')} (the same racks' facility power at peak)")
    if grid:
        ax.plot(run.dates, [v * s for v in grid], color="#e07b00", lw=1.6, ls="--", drawstyle="steps-post",
                label=label("grid_capacity_mw"))
    gws = run.summary.get("gw_live_dates") or []
    many = len(gws) > 3
    for k, d in enumerate(gws, start=1):
        x = dt.date.fromisoformat(d)
        y = k * 1000 * s
        ax.plot([x], [y], ls="none", marker="o", color="#1f4e9c", ms=7, mec="white", mew=1.2, zorder=5,
                label="GW milestone (live capacity reaches a whole GW)" if k == 1 else None)
        text = f"{k} GW" if many else f"{k} GW live\n{d}"
        ax.annotate(text, (x, y), xytext=(6, -6), textcoords="offset points", ha="left", va="top",
                    fontsize=8.5 if many else 9, fontweight="bold", color="#1f4e9c",
                    bbox=dict(boxstyle="round,pad=0.15", fc="white", ec="none", alpha=0.8))
    ft = run.summary.get("first_tokens_date")
    if ft:
        x = dt.date.fromisoformat(ft)
        ax.plot([x], [0], ls="none", marker="*", color="#2ca02c", ms=13, mec="white", zorder=6, clip_on=False,
                label=f"First tokens ({ft})")
    ax.set_ylabel(f"Capacity ({unit})")
    ax.set_xlabel(x_label(run, view_note(run)))
    ax.set_ylim(bottom=0)
    ax.set_xlim(run.dates[0], run.view_end)
    ch.date_axis(ax)
    ax.legend(loc="best")
    columns = (["live_capacity_mw"] + (["live_facility_capacity_mw"] if facility else []) +
               (["grid_capacity_mw"] if grid else []))
    ch.save(fig, "gw-live", "Live capacity and grid capacity",
            f"Power of the live racks at peak load on the scenario's GW basis ({BASIS_TEXT.get(basis, basis)}: what "
            "'GW live' counts), their facility power when the basis is IT, and the grid interconnect capacity "
            "energized; a dot where each whole GW is first live, a star at first tokens.",
            ["date"] + columns + ["milestone"], series_rows(run, columns, milestone_rows(run)))


def chart_hardware(ch, run):
    fig, (ax1, ax2) = ch.figure("Racks, GPU packages and GPU dies", nrows=2, height=7.6, panel_titles=True)
    pipeline = [("racks_ordered", "#bbbbbb", ":"), ("racks_delivered", "#8fb3d9", "--"),
                ("racks_installed", "#5b8fc9", "-."), ("racks", "#1f4e9c", "-")]
    pipeline = [p for p in pipeline if run.has(p[0])]
    s, unit = run.schema.scale("racks", max(max(run.series[c]) for c, *_ in pipeline))
    for c, colour, ls in pipeline:
        ax1.plot(run.dates, [v * s for v in run.series[c]], color=colour, ls=ls, lw=2.2 if c == "racks" else 1.4,
                 label=run.schema.label(c))
    ax1.set_ylabel("Racks" + (f" ({unit})" if unit else ""))
    ch.thousands(ax1)
    ax1.set_title("GPU racks: ordered, delivered, installed and live (cumulative)", loc="left")
    add_milestone_lines(ax1, run, True)
    ax1.legend(loc="best")
    chips = [c for c in ("gpu_packages", "gpu_dies") if run.has(c)]
    s2, unit2 = run.schema.scale("gpu_dies", max(max(run.series[c]) for c in chips) if chips else 0)
    for c, colour in (("gpu_packages", "#2ca02c"), ("gpu_dies", "#98df8a")):
        if run.has(c):
            ax2.plot(run.dates, [v * s2 for v in run.series[c]], color=colour, lw=2, label=run.schema.label(c))
    ax2.set_ylabel(("GPUs" + (f" ({unit2})" if unit2 else "")))
    ax2.set_title("GPU packages and GPU dies in live racks", loc="left")
    add_milestone_lines(ax2, run, False)
    ax2.legend(loc="best")
    ax2.set_xlabel(x_label(run, view_note(run)))
    for ax in (ax1, ax2):
        ax.set_ylim(bottom=0)
        ax.set_xlim(run.dates[0], run.view_end)
        ch.date_axis(ax)
    columns = [p[0] for p in pipeline] + chips
    ch.save(fig, "hardware", "Racks, GPU packages and GPU dies",
            "Top: racks ordered, delivered to site, installed in halls and live. Bottom: GPU packages and GPU "
            "dies in live racks. Dashed lines: each GW live; dotted: first tokens.",
            ["date"] + columns, series_rows(run, columns))


def view_note(run):
    """Said under a rollout chart whose axis stops before the run's end; empty when it does not."""
    if as_datetime(run.view_end) >= as_datetime(run.dates[-1]):
        return ""
    return f"axis ends {iso(run.view_end)}, after the last event; CSV to {run.date_texts[-1]}"


def x_label(run, note=""):
    return ("Date and hour (UTC)" if run.hourly else "Date") + (f"  ({note})" if note else "")


def legend_loc(run):
    """'best' (matplotlib's least-overlap place), except on long timelines, where searching it is slow: the upper
    left, where a rollout's rising curves leave room."""
    return "best" if len(run.dates) <= 2500 else "upper left"


def finish_time_axes(ch, run, axes, note=""):
    """The shared end of every time chart: y from 0, x over the run, the date axis, the x label on the last."""
    for ax in axes:
        ax.set_ylim(bottom=0)
        ax.set_xlim(run.dates[0], run.dates[-1])
        ch.date_axis(ax)
    axes[-1].set_xlabel(x_label(run, note))


DEMAND_COLUMNS = ["demand_pflops", "served_pflops", "unserved_pflops", "power_capped_pflops"]


def plot_vendor_compute(ax, run, cols, s):
    colours = {"pflops_fp8": "#6a3d9a", "pflops_fp4": "#cab2d6"}
    for c in cols:
        ax.plot(run.dates, [v * s for v in run.series[c]], color=colours[c], lw=2,
                label=f"{run.schema.label(c)} (dense peak)")


def chart_compute(ch, run):
    """Demand, served compute and the unserved part (the timeline's own unserved_pflops, which accounts for training
    reservations and the power cap), with the power-capped part shaded apart; below, FP8 and FP4 as the vendor
    quotes them. A timeline from before demand (no demand columns) gets the vendor panel alone."""
    vendor = [c for c in ("pflops_fp8", "pflops_fp4") if run.has(c)]
    dcols = [c for c in DEMAND_COLUMNS if run.has(c)]
    if not dcols:
        s, unit = run.schema.scale("pflops_fp8", max([max(run.series[c]) for c in vendor] + [0]))
        fig, (ax,) = ch.figure("Compute live", height=5.6)
        plot_vendor_compute(ax, run, vendor, s)
        add_milestone_lines(ax, run, True)
        ax.set_ylabel(f"Compute ({unit})")
        finish_time_axes(ch, run, [ax])
        ax.legend(loc=legend_loc(run))
        ch.save(fig, "compute", "Compute live",
                "FP8 and FP4 compute of the live racks (dense peak PFLOP/s, no 2:4 sparsity). The timeline has no "
                "demand columns (a run from before demand), so no demand, served or unserved compute is drawn.",
                ["date"] + vendor, series_rows(run, vendor))
        return
    title = "Compute: demand, served and unserved"
    fig, (ax1, ax2) = ch.figure(title, nrows=2, height=8.6, height_ratios=[3, 2], panel_titles=True)
    get = lambda c: run.series.get(c)
    fp8, demand, served, unserved, capped = (get(c) for c in ["pflops_fp8"] + DEMAND_COLUMNS)
    peaks = [max(x) for x in (fp8, demand, served) if x]
    if served and unserved:
        peaks.append(max(a + b for a, b in zip(served, unserved)))
    s, unit = run.schema.scale("demand_pflops", max(peaks + [0]))
    sc = lambda xs: [v * s for v in xs]
    label = run.schema.label
    # Hourly runs over more than a few days: the daily cycle makes demand and served compute swing every day, too
    # densely for dashes; thin solid lines, with the unserved shading drawn over them.
    dense = run.hourly and len(run.dates) > 24 * 10
    lw = 0.6 if dense else 1.6
    if fp8:
        ax1.plot(run.dates, sc(fp8), color="#6a3d9a", lw=1.3,
                 label=f"{label('pflops_fp8')} (dense peak)")
    if served:
        ax1.fill_between(run.dates, 0, sc(served), color="#2ca02c", alpha=0.15, lw=0)
        ax1.plot(run.dates, sc(served), color="#2ca02c", lw=lw, label=label("served_pflops"))
    drew_capped = False
    if served and unserved:
        base = served
        if capped and any(v > 0 for v in capped):
            base = [a + b for a, b in zip(served, capped)]
            ax1.fill_between(run.dates, sc(served), sc(base), facecolor="#ff7f0e", edgecolor="#b35900", alpha=0.6,
                             hatch="xxx", lw=0, zorder=4 if dense else 2,
                             label=f"{label('unserved_pflops')}: {lower_first(label('power_capped_pflops'))} (up to "
                                   f"{fmt_num(max(capped) * s, 1)} {unit})")
            drew_capped = True
        ax1.fill_between(run.dates, sc(base), sc([a + b for a, b in zip(served, unserved)]), color="#d62728",
                         alpha=0.75 if dense else 0.4, lw=0, zorder=4 if dense else 2,
                         label=label("unserved_pflops") + (": beyond the live racks" if drew_capped
                                                           else " (demand not served)"))
    if demand:
        stated = (run.summary.get("demand") or {}).get("stated", True)
        what = "training reservations + inference" if stated else "none stated: the utilization schedule"
        ax1.plot(run.dates, sc(demand), color="#000000", lw=0.5 if dense else 1.3, ls="-" if dense else "--",
                 label=f"{label('demand_pflops')} ({what}" + (", hour by hour)" if dense else ")"))
    add_milestone_lines(ax1, run, True)
    ax1.set_ylabel(f"FP8 compute ({unit})")
    ax1.set_title("Demand against FP8 compute served (unserved shaded: the timeline's unserved_pflops)", loc="left")
    ax1.legend(loc="upper left")  # "best" ignores the shaded areas; rising curves leave the upper left free
    s2, unit2 = run.schema.scale("pflops_fp8", max([max(run.series[c]) for c in vendor] + [0]))
    plot_vendor_compute(ax2, run, vendor, s2)
    add_milestone_lines(ax2, run, False)
    ax2.set_ylabel(f"Compute ({unit2})")
    ax2.set_title("Compute live: FP8 and FP4 dense peak", loc="left")
    ax2.legend(loc=legend_loc(run))
    finish_time_axes(ch, run, [ax1, ax2])
    columns = vendor + dcols
    ch.save(fig, "compute", title,
            "Top: demand (dashed), compute served and, shaded, the demand not served (the timeline's "
            "unserved_pflops: demand beyond what the live racks can run, or withheld by the power cap)"
            + ("; the part the power cap withheld is hatched" if drew_capped else "")
            + ", against the live racks' dense FP8 peak. Bottom: FP8 and FP4 compute live (dense peak).",
            ["date"] + columns, series_rows(run, columns))


def pue_profile(run):
    """(PUE values with idle rows (PUE 0) as NaN, varies?) or None without a pue column or any non-idle row."""
    if not run.has("pue"):
        return None
    values = [v if v > 0 else float("nan") for v in run.series["pue"]]
    live = [v for v in run.series["pue"] if v > 0]
    if not live:
        return None
    return values, max(live) - min(live) > 1e-9


def chart_power_energy(ch, run):
    pue = pue_profile(run)
    varies = bool(pue and pue[1])
    if varies:
        fig, (ax1, axp, ax2) = ch.figure("Power drawn and energy used", nrows=3, height=9.4,
                                         height_ratios=[4, 1.5, 3], panel_titles=True, hspace=0.36)
    else:
        fig, (ax1, ax2) = ch.figure("Power drawn and energy used", nrows=2, height=7.6, panel_titles=True)
    label = run.schema.label
    pcols = [("grid_capacity_mw", " (the cap on grid draw)", "#555555", "-."),
             # grid_draw_mw: the same column in runs of gwsim before it was named grid_import_mw
             ("grid_import_mw" if run.has("grid_import_mw") else "grid_draw_mw", " (at the interconnect)", "#e07b00",
              "--"),
             ("facility_power_mw", " (IT x PUE)", "#d62728", "-"),
             ("it_power_mw", "", "#ff9896", "-"),
             ("onsite_generation_mw", " (firm, bridge and backup fleets)", "#2ca02c", "-"),
             ("battery_discharge_mw", " (peak shaving)", "#9467bd", ":")]
    # The power levers' series only when the run has some (a run without them keeps its chart as it was).
    pcols = [p for p in pcols if run.has(p[0]) and
             (p[0] not in ("onsite_generation_mw", "battery_discharge_mw") or any(run.series[p[0]]))]
    s, unit = run.schema.scale("facility_power_mw", max(max(run.series[c]) for c, *_ in pcols))
    for c, note, colour, ls in pcols:
        ax1.plot(run.dates, [v * s for v in run.series[c]], color=colour, ls=ls, lw=1.8, label=label(c) + note,
                 drawstyle="steps-post" if c == "grid_capacity_mw" else "default")
    ax1.set_ylabel(f"Power ({unit})")
    step = "hour" if run.hourly else "day"
    constant = "" if not pue or varies else f" (PUE {next(v for v in pue[0] if v == v):.2f} throughout)"
    ax1.set_title(f"Average power drawn each {step}, against the grid capacity energized{constant}", loc="left")
    add_milestone_lines(ax1, run, True)
    ax1.legend(loc=legend_loc(run))
    if varies:
        axp.plot(run.dates, pue[0], color="#17becf", lw=1.4, label=f"{label('pue')} of the fleet (facility / IT power)")
        axp.set_ylabel(f"{label('pue')} ({run.schema.unit('pue')})")
        axp.set_title("PUE in force (none while nothing is live)", loc="left")
        live = [v for v in pue[0] if v == v]
        pad = max(0.02, 0.1 * (max(live) - min(live)))
        add_milestone_lines(axp, run, False)
    ecols = [("grid_energy_mwh", " (at the interconnect)", "#e07b00", "--"), ("energy_mwh", "", "#d62728", "-"),
             ("it_energy_mwh", "", "#ff9896", "-"), ("generation_energy_mwh", " (on site)", "#2ca02c", "-"),
             ("battery_discharged_mwh", "", "#9467bd", ":")]
    ecols = [e for e in ecols if run.has(e[0]) and
             (e[0] not in ("generation_energy_mwh", "battery_discharged_mwh") or any(run.series[e[0]]))]
    s2, unit2 = run.schema.scale("energy_mwh", max(max(run.series[c]) for c, *_ in ecols))
    for c, note, colour, ls in ecols:
        ax2.plot(run.dates, [v * s2 for v in run.series[c]], color=colour, ls=ls, lw=1.8, label=label(c) + note)
    ax2.set_ylabel(f"Energy ({unit2}, cumulative)")
    ax2.set_title("Energy used since the start", loc="left")
    add_milestone_lines(ax2, run, False)
    ax2.legend(loc=legend_loc(run))
    finish_time_axes(ch, run, [ax1, axp, ax2] if varies else [ax1, ax2])
    if varies:
        axp.set_ylim(max(0.0, min(live) - pad), max(live) + pad)
    columns = [p[0] for p in pcols] + (["pue"] if pue else []) + [e[0] for e in ecols]
    ch.save(fig, "power-energy", "Power drawn and energy used",
            f"Top: IT power, facility power and grid draw (average over each {step}) against the grid capacity "
            "energized, with on-site generation and battery discharge when the run has them"
            + ("; middle: the fleet's PUE (facility / IT power)" if varies else "")
            + ". Bottom: cumulative grid, facility and IT energy (and on-site generation, battery discharge).",
            ["date"] + columns, series_rows(run, columns))


def chart_carbon_water(ch, run):
    """Cumulative carbon and water (two panels); not made for a timeline without co2_t and water_m3."""
    panels = [p for p in (("co2_t", "CO2 emitted", "#555555",
                           "grid energy x each site's average carbon intensity: Scope 2, location-based"),
                          ("water_m3", "Water used", "#1f77b4", "IT energy x each site's water usage effectiveness"))
              if run.has(p[0])]
    onsite = run.has("co2_generation_t") and any(run.series["co2_generation_t"]) and run.has("co2_t")
    if not panels:
        return
    title = "Carbon and water"
    if len(panels) == 2:
        fig, axes = ch.figure(title, nrows=2, height=7.6, panel_titles=True)
    else:
        fig, axes = ch.figure(title, height=5.6)
    for ax, (c, ylabel, colour, how) in zip(axes, panels):
        values = run.series[c]
        label = run.schema.label(c)
        s, unit = run.schema.scale(c, max(values))
        ax.fill_between(run.dates, 0, [v * s for v in values], color=colour, alpha=0.15, lw=0)
        ax.plot(run.dates, [v * s for v in values], color=colour, lw=2,
                label=f"{label} ({how})")
        if c == "co2_t" and onsite:
            gen = run.series["co2_generation_t"]
            total = [a + b for a, b in zip(values, gen)]
            s, unit = run.schema.scale(c, max(total))
            ax.plot(run.dates, [v * s for v in gen], color="#2ca02c", lw=1.6,
                    label=f"{run.schema.label('co2_generation_t')} (fuel x emission factor: Scope 1, a lower bound)")
            ax.plot(run.dates, [v * s for v in total], color="#000000", lw=1.2, ls="--",
                    label="All sources (Scope 1 + 2; upstream methane, Scope 3, not counted)")
            values = total
        ax.set_ylabel(f"{ylabel} ({unit}, cumulative)")
        what = "All sources" if c == "co2_t" and onsite else label
        ax.set_title(f"{what} since the start: {fmt_num(values[-1] * s, 2)} {unit} by the end", loc="left")
        add_milestone_lines(ax, run, ax is axes[0])
        ax.legend(loc=legend_loc(run))
    finish_time_axes(ch, run, axes)
    columns = [p[0] for p in panels] + (["co2_generation_t"] if onsite else [])
    ch.save(fig, "carbon-water", title,
            f"Cumulative carbon emitted ({run.schema.unit('co2_t')}: grid energy x each site's carbon intensity, "
            "Scope 2 location-based" + (", and on-site generation's fuel x emission factor, Scope 1" if onsite else "")
            + ") and "
            f"water used ({run.schema.unit('water_m3')}: IT energy x each site's water usage effectiveness).",
            ["date"] + columns, series_rows(run, columns))


FLEET_HEALTH_COLUMNS = ["pflops_fp8", "effective_pflops", "racks_in_repair", "training_goodput"]


def chart_fleet_health(ch, run):
    """Live against effective FP8 compute (the racks in repair's part shaded), and below the racks in repair with the
    reference training job's goodput; not made for a timeline from before failures (no effective_pflops)."""
    if not all(run.has(c) for c in FLEET_HEALTH_COLUMNS):
        return
    live, effective, repair, goodput = (run.series[c] for c in FLEET_HEALTH_COLUMNS)
    title = "Fleet health: compute in service, racks in repair, training goodput"
    fig, (ax1, ax2) = ch.figure(title, nrows=2, height=8.2, height_ratios=[3, 2], panel_titles=True)
    label = run.schema.label
    s, unit = run.schema.scale("pflops_fp8", max(live + [0]))
    ax1.plot(run.dates, [v * s for v in live], color="#6a3d9a", lw=1.3, label=f"{label('pflops_fp8')} (dense peak)")
    ax1.fill_between(run.dates, [v * s for v in effective], [v * s for v in live], color="#d62728", alpha=0.5, lw=0,
                     label="Out of service (racks in repair)")
    ax1.plot(run.dates, [v * s for v in effective], color="#2ca02c", lw=1.6, ls="--",
             label=f"{label('effective_pflops')} (live less out of service)")
    add_milestone_lines(ax1, run, True)
    ax1.set_ylabel(f"FP8 compute ({unit})")
    shares = [e / l for e, l in zip(effective, live) if l > 0]
    mean = f"; {fmt_num(100 * sum(shares) / len(shares), 2)}% in service on average while live" if shares else ""
    ax1.set_title("Live against effective compute" + mean, loc="left")
    ax1.legend(loc="upper left")
    ax2.plot(run.dates, repair, color="#d62728", lw=1.2, label=f"{label('racks_in_repair')} (rack-equivalents, mean "
                                                                 "over the step)")
    ax2.set_ylabel(f"{label('racks_in_repair')} ({run.schema.unit('racks_in_repair')})")
    ax3 = ax2.twinx()
    live_goodput = [100 * g if l > 0 else float("nan") for g, l in zip(goodput, live)]
    ax3.plot(run.dates, live_goodput, color="#1f77b4", lw=1.6,
             label=f"{label('training_goodput')} (reference job, %, right axis)")
    ax3.set_ylim(0, 105)
    ax2.set_title("Racks in repair and the reference training job's goodput", loc="left")
    handles, labels = ax2.get_legend_handles_labels()
    h3, l3 = ax3.get_legend_handles_labels()
    ax2.legend(handles + h3, labels + l3, loc="lower right")
    finish_time_axes(ch, run, [ax1, ax2])
    ch.save(fig, "fleet-health", title,
            "Top: FP8 compute of the live racks (dense peak) and the effective compute the workload plan runs on "
            "(live less the racks in repair), the gap shaded. Bottom: rack-equivalents out of service (mean over "
            "each step) and the Daly goodput of the reference training job on the live platform mix (right axis; "
            "none while nothing is live).",
            ["date"] + FLEET_HEALTH_COLUMNS, series_rows(run, FLEET_HEALTH_COLUMNS))


def investment_reason(e):
    """What released an investment event: the GW it came with (per-GW rules), else its rule's name."""
    return f"GW {e['value2']:.0f} live" if e["value2"] is not None and e["unit2"] == "GW" else e["item"]


def chart_capex(ch, run):
    cols = [c for c in ("capex_usd", "investment_usd") if run.has(c)]
    s, unit = run.schema.scale("capex_usd", max(max(run.series[c]) for c in cols))
    fig, (ax,) = ch.figure("Capital spent and investment released", height=5.8)
    ax.plot(run.dates, [v * s for v in run.series["capex_usd"]], color="#444444", lw=2,
            label=f"{run.schema.label('capex_usd')} (cumulative)")
    if "investment_usd" in cols:
        ax.plot(run.dates, [v * s for v in run.series["investment_usd"]], color="#2ca02c", lw=2,
                drawstyle="steps-post", label=f"{run.schema.label('investment_usd')} (cumulative)")
    inv = [e for e in run.events if e["kind"] == "investment"]
    idx = {as_datetime(d): i for i, d in enumerate(run.dates)}
    marks = {}
    for n, e in enumerate(inv):
        i = idx.get(as_datetime(e["date"]))
        if i is None:  # a coarse output step: the next row at or after the event
            i = next((j for j, d in enumerate(run.dates) if as_datetime(d) >= as_datetime(e["date"])),
                     len(run.dates) - 1)
        y = run.series["investment_usd"][i] * s if "investment_usd" in cols else 0
        ax.plot([e["date"]], [y], ls="none", marker="^", color="#2ca02c", ms=8, mec="white", zorder=5,
                label="Investment event" if n == 0 else None)
        if len(inv) <= 4:
            ax.annotate(f"+{fmt_money(e['value'])}\n{investment_reason(e)}", (e["date"], y), xytext=(-6, 8),
                        textcoords="offset points", ha="right", va="bottom", fontsize=8.5, color="#1a6e1a")
        marks.setdefault(iso(e["date"])[:10], []).append(e["detail"])
    add_milestone_lines(ax, run, True)
    ax.set_ylabel(f"US dollars ({unit}, cumulative)")
    ax.set_xlabel(x_label(run, view_note(run)))
    ax.set_ylim(bottom=0)
    ax.set_xlim(run.dates[0], run.view_end)
    ch.date_axis(ax)
    ax.legend(loc="best")
    ch.save(fig, "capex-investment", "Capital spent and investment released",
            "Capex (racks on delivery, halls when ready) and investment released by the scenario's rules, both "
            "cumulative; a triangle at each investment event.",
            ["date"] + cols + ["investment_event"], series_rows(run, cols, marks))


# finance.csv's columns the cash-flow chart draws, by name (docs/outputs.md); others are left alone.
FINANCE_COLUMNS = ["cumulative_project_cash_usd", "cumulative_cash_usd", "equity_in_usd", "debt_drawn_usd"]
BILLION = 1e9


def day_end_rows(texts):
    """Indices of each day's last row: every row of a daily (or coarser) finance.csv, the 23:00 row of an hourly
    one (the day's last row present)."""
    return [i for i in range(len(texts)) if i + 1 == len(texts) or texts[i + 1][:10] != texts[i][:10]]


def funding_from_finance(run):
    """(peak funding need, its day, its row, payback day, its row) as finance.csv gives them: the lowest cumulative
    project cash at the end of a day, as a positive amount, the first day it is reached, and the first day after it
    on which the cumulative cash is back at 0 or above; (0, None, None, None, None) when it never goes below 0. The
    engine computes summary.json's figures the same way, from the cash summed by day (models/cashflow.hpp)."""
    f = run.finance
    cum, texts = f["cumulative_project_cash_usd"], f["date_texts"]
    peak, day, row, payback, payback_row = 0.0, None, None, None, None
    for i in day_end_rows(texts):
        if -cum[i] > peak:
            peak, day, row, payback, payback_row = -cum[i], texts[i][:10], i, None, None
        elif day is not None and payback is None and cum[i] >= 0:
            payback, payback_row = texts[i][:10], i
    return peak, day, row, payback, payback_row


def finance_check(run):
    """summary.json's peak funding need and date against finance.csv's (funding_from_finance): (peak, date, payback,
    agrees, note). The summary's figures are drawn; finance.csv's lowest cumulative cash checks them (to a dollar
    of rounding), and a disagreement is said on the chart and on
    standard error rather than refused. A summary without a finance block: finance.csv's figures."""
    csv_peak, csv_day, _, csv_payback, _ = funding_from_finance(run)
    fin = run.summary.get("finance")
    if not isinstance(fin, dict) or not isinstance(fin.get("peak_funding_usd"), (int, float)):
        return csv_peak, csv_day, csv_payback, True, "from finance.csv (summary.json has no finance block)"
    peak, day = float(fin["peak_funding_usd"]), fin.get("peak_funding_date") or None
    tolerance = 1.0 + 1e-9 * abs(peak)
    agrees = abs(peak - csv_peak) <= tolerance and day == csv_day
    if agrees:
        return peak, day, fin.get("payback_date") or None, True, "summary.json; finance.csv's lowest cumulative cash " \
                                                                  "agrees"
    note = (f"summary.json; finance.csv's lowest cumulative cash differs: {fmt_money(csv_peak)} on "
            f"{csv_day or 'no day'}")
    sys.stderr.write(f"gwsim report: warning: {run.folder}: summary.json's peak funding need "
                     f"({fmt_money(peak)} on {day or 'no day'}) differs from finance.csv's lowest cumulative project "
                     f"cash ({fmt_money(csv_peak)} on {csv_day or 'no day'}); the chart shows summary.json's\n")
    return peak, day, fin.get("payback_date") or None, False, note


def chart_cash_flow(ch, run):
    """Cumulative project cash (and after financing) in USD billions with the peak funding need marked, and the
    investment released per period below; from finance.csv, not made for a run without one."""
    f = run.finance
    if f is None or "cumulative_project_cash_usd" not in f:
        return
    dates, texts = f["dates"], f["date_texts"]
    peak, peak_day, payback, agrees, source = finance_check(run)
    title = "Cash flow: cumulative cash, peak funding need and investment"
    fig, (ax1, ax2) = ch.figure(title, nrows=2, height=8.2, height_ratios=[3, 2], panel_titles=True)
    ax1.axhline(0, color="#999999", lw=0.8, zorder=1)
    ax1.plot(dates, [v / BILLION for v in f["cumulative_project_cash_usd"]], color="#222222", lw=2,
             label="Cumulative project cash (before financing: revenue - capex paid - opex)")
    if "cumulative_cash_usd" in f:
        ax1.plot(dates, [v / BILLION for v in f["cumulative_cash_usd"]], color="#1f77b4", lw=1.4, ls="--",
                 label="Cumulative cash after financing (+ equity in + loans drawn - debt service)")
    if peak > 0 and peak_day:
        when = dt.date.fromisoformat(peak_day)
        ax1.axhline(-peak / BILLION, color="#d62728", lw=0.8, ls=":", zorder=1)
        ax1.plot([when], [-peak / BILLION], ls="none", marker="v", ms=10, color="#d62728", mec="white", zorder=5,
                 label=f"Peak funding need: {fmt_money(peak)} on {peak_day}")
        ax1.annotate(f"{fmt_money(peak)} on {peak_day}", (when, -peak / BILLION), xytext=(10, 6),
                     textcoords="offset points", ha="left", va="bottom", fontsize=9, color="#a01010")
    if payback:
        ax1.axvline(dt.date.fromisoformat(payback), color="#2ca02c", lw=0.9, ls="--", zorder=1,
                    label=f"Payback: cumulative project cash back to 0 ({payback})")
    need = f"peak funding need {fmt_money(peak)} on {peak_day}" if peak > 0 and peak_day else "no funding needed"
    ax1.set_title(f"Cumulative cash; {need} ({source})", loc="left", fontsize=10,
                  color="#222222" if agrees else "#a01010")
    ax1.set_ylabel("Cumulative cash (USD billions)")
    ax1.margins(y=0.08)
    ax1.legend(loc="best" if len(dates) <= 2500 else "lower left", fontsize=8.5)
    equity = f.get("equity_in_usd") or [0.0] * len(dates)
    debt = f.get("debt_drawn_usd") or [0.0] * len(dates)
    rows = [i for i in range(len(dates)) if equity[i] > 0 or debt[i] > 0]
    if any(equity[i] > 0 for i in rows):
        ax2.vlines([dates[i] for i in rows if equity[i] > 0], 0, [equity[i] / BILLION for i in rows if equity[i] > 0],
                   color="#2ca02c", lw=4, label=f"Equity in (total {fmt_money(sum(equity))})")
    if any(debt[i] > 0 for i in rows):
        ax2.vlines([dates[i] for i in rows if debt[i] > 0], [equity[i] / BILLION for i in rows if debt[i] > 0],
                   [(equity[i] + debt[i]) / BILLION for i in rows if debt[i] > 0], color="#9467bd", lw=4,
                   label=f"Loans drawn (total {fmt_money(sum(debt))})")
    if rows:
        ax2.legend(loc="upper left", fontsize=8.5)
    else:
        ax2.text(0.5, 0.5, "No investment released over the run", transform=ax2.transAxes, ha="center",
                 va="center", color="#555555")
    ax2.set_title(f"Investment released per {'row' if run.hourly else 'output step'} "
                  f"(total {fmt_money(sum(equity) + sum(debt))})", loc="left", fontsize=10)
    ax2.set_ylabel("Investment released (USD billions)")
    ax2.set_ylim(bottom=0)
    for ax in (ax1, ax2):
        ax.set_xlim(dates[0], dates[-1])
        ch.date_axis(ax)
    ax2.set_xlabel(x_label(run))
    columns = [c for c in FINANCE_COLUMNS if c in f]
    _, _, peak_row, _, payback_row = funding_from_finance(run)
    csv_rows = []
    for i, text in enumerate(texts):
        mark = []
        if i == peak_row:
            mark.append("peak funding need")
        if i == payback_row:
            mark.append("payback")
        csv_rows.append([text] + [raw(f[c][i]) for c in columns] + ["; ".join(mark)])
    ch.save(fig, "cash-flow", title,
            "Top: the project's cumulative cash before financing (revenue - capex paid - opex; its lowest point is "
            "the peak funding need, marked with summary.json's figure and date and checked against finance.csv's "
            "lowest end-of-day cumulative cash) and after financing (equity in, loans drawn, less debt service), "
            "in USD billions. Bottom: investment released in each output step, equity and loans stacked, in USD "
            "billions. From finance.csv.",
            ["date"] + columns + ["marker"], csv_rows)


def chart_constraints(ch, run):
    """The schema's constraints (each with the timeline column of the racks it holds), in its order."""
    present = [(name, held) for name, held in run.schema.constraints if run.has(held)]
    bands = run.series["binding_constraint"] if run.has("binding_constraint") else []
    colours = run.schema.constraint_colours(bands)
    fig, (ax1, ax2) = ch.figure("What holds the rollout back", nrows=2, height=6.6, height_ratios=[6, 1],
                                 panel_titles=True, hspace=0.12)
    shares = (run.summary.get("binding_constraints") or {}).get("shares") or {}
    mx = max((max(run.series[held]) for _, held in present), default=0)
    s, unit = run.schema.scale(present[0][1] if present else "racks", mx)
    ax1.stackplot(run.dates, *[[v * s for v in run.series[held]] for _, held in present],
                  colors=[colours[name] for name, _ in present], alpha=0.85,
                  labels=[f"{constraint_label(name)} (binding {100 * shares.get(name, 0):.0f}% of pending days)"
                          for name, _ in present])
    ax1.set_ylabel("Racks held back" + (f" ({unit})" if unit else ""))
    ch.thousands(ax1)
    ax1.set_title("Racks ordered but not live, by what holds them (stacked)", loc="left")
    ax1.set_ylim(bottom=0)
    add_milestone_lines(ax1, run, True)
    ax1.legend(loc="upper right")
    # The band: one colour per day for the binding constraint.
    labels = bands or [run.schema.no_constraint] * len(run.dates)
    start = 0
    end_date = run.dates[-1] + (run.dates[-1] - run.dates[-2] if len(run.dates) > 1 else dt.timedelta(days=1))
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[start]:
            x0 = run.dates[start]
            x1 = run.dates[i] if i < len(labels) else end_date
            ax2.axvspan(x0, x1, color=colours.get(labels[start], NONE_COLOUR), lw=0)
            start = i
    ax2.set_yticks([])
    ax2.grid(False)
    ax2.set_ylabel("Binding", rotation=0, ha="right", va="center")
    ax2.set_xlabel(x_label(run, f"band: binding each {'hour' if run.hourly else 'day'}; grey: nothing pending"
                           + ("; " + view_note(run) if view_note(run) else "")))
    for ax in (ax1, ax2):
        ax.set_xlim(run.dates[0], run.view_end)
        ch.date_axis(ax)
    columns = [held for _, held in present] + (["binding_constraint"] if run.has("binding_constraint") else [])
    ch.save(fig, "constraints", "What holds the rollout back",
            "Racks ordered but not yet live, stacked by the reason holding them; the band below colours each day "
            "by the binding constraint (the reason holding the most racks).",
            ["date"] + columns, series_rows(run, columns))


def shortfall_periods(run):
    """[(start, stop or None, detail of the start)]: from each demand_exceeds_capacity event to the next
    demand_met (None: not met by the end). Dates, or datetimes in hourly runs (events.csv gives the hour)."""
    periods = []
    open_at = None
    for e in run.events:
        if e["kind"] == "demand_exceeds_capacity" and open_at is None:
            open_at = e
        elif e["kind"] == "demand_met" and open_at is not None:
            periods.append((open_at["date"], e["date"], open_at["detail"]))
            open_at = None
    if open_at is not None:
        periods.append((open_at["date"], None, open_at["detail"]))
    return periods


def gantt_items(run):
    """Lanes and items of the Gantt chart: [(lane, kind, start, end, label, colour_key)]."""
    items = []
    end = run.dates[-1]
    tranches = run.summary.get("tranches") or []
    ordered = {}
    for e in run.events:
        if e["kind"] == "tranche_ordered":
            ordered[e["item"]] = e["date"]
    for t in tranches:
        lane = f"Tranche {t.get('name')}"
        name = t.get("name")
        if name in ordered:
            items.append((lane, "ordered", ordered[name], None, "ordered", "tranche"))
        first = t.get("first_live_date")
        full = t.get("fully_live_date")
        if first:
            stop = dt.date.fromisoformat(full) if full else end
            items.append((lane, "tranche_live", dt.date.fromisoformat(first), stop,
                          f"{fmt_int(t.get('racks', 0))} racks" + ("" if full else ", not fully live by the end"),
                          "tranche"))
    for start, stop, label in shortfall_periods(run):
        items.append(("Demand", "shortfall" if stop else "shortfall_open", start, stop or end,
                      label if stop else label + ", not met by the end", "demand"))
    for site in run.site_names:
        ev = [e for e in run.events if e["site"] == site]
        grid_lane = f"{site} · grid"
        for e in ev:
            if e["kind"] != "grid_energized":
                continue
            if e["value2"] is not None and e["value2"] > 0:  # a ramp, drawn over its days (whole, halves up)
                stop = e["date"] + dt.timedelta(days=math.floor(e["value2"] + 0.5))
                items.append((grid_lane, "grid_ramp", e["date"], stop, f"ramp to {e['value']:,.0f} MW", site))
            else:
                items.append((grid_lane, "grid_step", e["date"], None, f"{e['value']:,.0f} MW", site))
        halls = []
        shell, ready = {}, {}
        for e in ev:
            hall = e["item"]
            if e["kind"] == "phase_done":
                shell[hall] = e["date"]
            elif e["kind"] == "hall_ready":
                ready[hall] = (e["date"], f"{e['value']:,.0f} MW IT")
            else:
                continue
            if hall not in halls:
                halls.append(hall)
        for hall in halls:
            lane = f"{site} · {hall}"
            if hall in shell:
                items.append((lane, "shell_done", shell[hall], None, "", site))
            if hall in ready and hall in shell:
                items.append((lane, "fit_out", shell[hall], ready[hall][0], ready[hall][1], site))
            elif hall in ready:
                items.append((lane, "hall_ready", ready[hall][0], None, ready[hall][1], site))
            elif hall in shell:
                items.append((lane, "fit_out_open", shell[hall], end, "not ready by the end", site))
        racks_lane = f"{site} · racks"
        for e in ev:
            if e["kind"] == "first_delivery":
                items.append((racks_lane, "first_delivery", e["date"], None, "", site))
        first, full = run.site_live.get(site, (None, None))
        if first:
            items.append((racks_lane, "site_live", first, full or end, "" if full else "filling", site))
    return items


def chart_gantt(ch, run):
    items = gantt_items(run)
    lanes = []
    for it in items:
        if it[0] not in lanes:
            lanes.append(it[0])
    if not lanes:
        lanes = ["(no sites or tranches in the events)"]
    kinds = list(dict.fromkeys(it[1] for it in items))
    legend_cols = 4 if len(kinds) <= 8 else 3  # more kinds (demand, open fit-outs): longer labels, fewer columns
    legend_rows = max(1, math.ceil(len(kinds) / legend_cols))
    bottom_in = 0.85 + 0.2 * legend_rows
    top_extra = 0.85  # rotated milestone labels above the plot
    height = max(4.8, 1.8 + top_extra + bottom_in + 0.30 * len(lanes))
    fig, (ax,) = ch.figure("Sites and phases", height=height)
    top_in = 0.62 + 0.17 * len(ch.ident_lines) + top_extra
    fig.subplots_adjust(left=0.17, bottom=bottom_in / height, top=1 - top_in / height)
    y = {lane: i for i, lane in enumerate(lanes)}
    palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22"]
    site_colour = {s: palette[i % len(palette)] for i, s in enumerate(run.site_names)}
    site_colour["tranche"] = "#1f4e9c"
    site_colour["demand"] = "#d62728"
    seen = set()
    x0, x1 = run.dates[0], run.view_end
    span = days_apart(x0, x1) or 1
    # Text placement without overlaps: the plot is about 0.80 x WIDTH inches wide; a 7.5 pt character ~0.065 in.
    days_per_char = span / (0.80 * ch.WIDTH) * 0.065
    pad = max(2, span // 150)
    occupied = {lane: [] for lane in lanes}  # lane -> [(start day, end day)] of drawn bars, markers and text
    day = lambda d: days_apart(x0, d)
    for lane, kind, start, stop, label, ckey in items:
        if stop:
            occupied[lane].append((day(start), day(stop)))
        else:
            occupied[lane].append((day(start) - 2 * pad, day(start) + 2 * pad))

    def place(lane, start, stop, text):
        """Right of the item, else left of it, else nowhere: (x, ha) or None."""
        width = len(text) * days_per_char
        a, b = day(start), day(stop or start)
        tries = [(b + (pad if stop else 2 * pad), "left"), (a - (pad if stop else 2 * pad), "right")]
        for x, ha in tries:
            lo, hi = (x, x + width) if ha == "left" else (x - width, x)
            if lo < 0 or hi > span:
                continue
            if any(not (hi < o_lo or lo > o_hi) for o_lo, o_hi in occupied[lane]
                   if not (o_lo == a - (0 if stop else 2 * pad) and o_hi == b + (0 if stop else 2 * pad))):
                continue
            occupied[lane].append((lo, hi))
            return as_datetime(x0) + dt.timedelta(days=x), ha
        return None

    def once(key, label):
        if key in seen:
            return None
        seen.add(key)
        return label

    for lane, kind, start, stop, label, ckey in items:
        yy = y[lane]
        colour = site_colour.get(ckey, "#555555")
        if kind in ("fit_out", "fit_out_open", "tranche_live", "site_live", "grid_ramp", "shortfall",
                    "shortfall_open"):
            style = {"fit_out": dict(height=0.55, alpha=0.8),
                     "fit_out_open": dict(height=0.55, alpha=0.35, hatch="///"),
                     "tranche_live": dict(height=0.6, alpha=0.9),
                     "site_live": dict(height=0.45, alpha=0.55),
                     "grid_ramp": dict(height=0.35, alpha=0.5, hatch="..."),
                     "shortfall": dict(height=0.5, alpha=0.75),
                     "shortfall_open": dict(height=0.5, alpha=0.4, hatch="///")}[kind]
            legend = {"fit_out": "Hall fit-out (shell complete to hall ready)",
                      "fit_out_open": "Fit-out not finished by the end",
                      "tranche_live": "Tranche: first rack live to fully live",
                      "site_live": "Site: first rack live to all its racks live",
                      "grid_ramp": "Grid capacity ramping up",
                      "shortfall": "Demand exceeds capacity",
                      "shortfall_open": "Demand exceeds capacity to the end"}[kind]
            ax.barh(yy, days_apart(start, stop), left=as_datetime(start), color=colour, edgecolor=colour, lw=0.8,
                    label=once(kind, legend), **style)
        else:
            marker, ms, legend = {"shell_done": ("D", 6, "Shell and core complete"),
                                  "hall_ready": ("s", 6, "Hall ready"),
                                  "grid_step": ("^", 8, "Grid capacity energized"),
                                  "first_delivery": ("v", 8, "First racks delivered"),
                                  "ordered": ("o", 6, "Tranche ordered")}[kind]
            ax.plot([as_datetime(start)], [yy], marker=marker, ms=ms, color=colour, mec="black", mew=0.6, ls="none",
                    zorder=5, label=once(kind, legend))
        if label and kind != "ordered":
            where = place(lane, start, stop, label)
            if where:
                ax.text(where[0], yy, label, va="center", ha=where[1], fontsize=7.5, color="#333333", zorder=4,
                        bbox=dict(boxstyle="square,pad=0.1", fc="white", ec="none", alpha=0.75))
    marks = []
    ft = run.summary.get("first_tokens_date")
    if ft:
        marks.append((ft, "first tokens", "#2ca02c", ":"))
    for k, d in enumerate(run.summary.get("gw_live_dates") or [], start=1):
        marks.append((d, f"GW {k} live", "#555555", "--"))
    for d, text, colour, ls in marks:
        x = dt.date.fromisoformat(d)
        ax.axvline(x, color=colour, lw=0.9, ls=ls, zorder=0)
        ax.text(x, 1.01, text, transform=ax.get_xaxis_transform(), rotation=90, ha="center", va="bottom",
                fontsize=8, color=colour, clip_on=False)
    ch.date_axis(ax)
    ax.set_yticks(range(len(lanes)))
    ax.set_yticklabels(lanes, fontsize=8.5)
    ax.set_ylim(len(lanes) - 0.5, -0.6)
    ax.set_xlim(x0, x1)
    ax.grid(axis="y", visible=False)
    ax.set_xlabel(x_label(run, "lines: first tokens, each GW live" + ("; " + view_note(run) if view_note(run) else "")))
    handles, labels = ax.get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=legend_cols, fontsize=8, frameon=False,
               bbox_to_anchor=(0.56 if legend_cols == 4 else 0.53, 0.0))
    rows = [[lane, kind, iso(start), iso(stop) if stop else "", label]
            for lane, kind, start, stop, label, _ in items]
    ch.save(fig, "gantt", "Sites and phases",
            "Per tranche: ordered, first rack live to fully live. Per site: grid energization steps and ramps, each "
            "hall's shell completion and fit-out to ready (a shell completed before the first day is not shown), first "
            "rack deliveries and the site's racks going live. Vertical lines: first tokens and each GW live.",
            ["lane", "item", "start", "end", "label"], rows)


# ----------------------------------------------------------------------------------------------------------------
# The run report


def fmt_when(text):
    """A date, or an hourly run's YYYY-MM-DDTHH:MM as 'YYYY-MM-DD HH:MM UTC'; None -> 'none'."""
    if not text:
        return "none"
    m = HOUR_RE.fullmatch(str(text))
    return f"{m.group(1)} {m.group(2)}:{m.group(3)} UTC" if m else str(text)


def final_when(run):
    f = run.summary.get("final") or {}
    d = f.get("date", run.manifest.get("end_date", ""))
    return f"{d} {int(f['hour']):02d}:00 UTC" if isinstance(f.get("hour"), (int, float)) else d


class RunTables:
    """The run report's tables, for summary.md and report.html alike."""

    def __init__(self, run):
        start = run.manifest.get("start_date") or run.dates[0].isoformat()
        self.dates = []
        for label, d in run.key_dates():
            self.dates.append([label, fmt_date(d), str(days_between(start, d)) if d else ""])
        self.totals = self._totals(run)
        bc = run.summary.get("binding_constraints") or {}
        shares, days = bc.get("shares") or {}, bc.get("days") or {}
        self.cons = []
        known = [name for name, _ in run.schema.constraints]
        for name in known + [n for n in shares if n not in known]:
            if name in shares or name in days:
                self.cons.append([constraint_label(name), f"{100 * shares.get(name, 0):.1f}%",
                                  fmt_int(days.get(name, 0))])
        self.pending = bc.get("days_with_racks_pending")
        self.demand = self._demand(run)
        self.periods, self.more_periods = self._periods(run)
        self.headline_dates, self.headline_notes = self._headline(run, self.cons, self.pending, start)
        self.dates_note = self.headline_notes.pop(0)

    @staticmethod
    def _headline(run, cons, pending, start):
        """The report's opening: each milestone with what gated it, then capex against the deal's investment, the
        idle capacity and
        what held the rollout back, in sentences built from summary.json (and the timeline's capex and investment
        for the largest gap)."""
        milestones = run.milestones()
        per_gw = run.summary.get("gw_live_eflops_fp8_per_gw") or []
        dates = []
        for label, d, name in run.key_dates_with_milestones():
            m = milestones.get(name)
            k = int(name.split()[1]) if name.startswith("GW ") else 0
            compute = per_gw[k - 1] if 0 < k <= len(per_gw) and isinstance(per_gw[k - 1], (int, float)) else None
            dates.append([label, fmt_date(d), str(days_between(start, d)) if d else "",
                          f"{compute:,.1f}" if compute is not None else "",
                          gated_phrase(m) if m else ("" if d else "not reached"),
                          fmt_int(gate_lead(m)) if gate_lead(m) is not None else ""])
        notes = []
        basis = run.gw_basis()
        notes.append(f"GW are counted on the {'IT' if basis == 'it' else basis} basis ({BASIS_TEXT.get(basis, basis)} "
                     "of the live racks); FP8 EFLOP/s per GW: the compute live per GW live on the day each GW was "
                     "reached. Gated by: the constraint that held the last racks of the pod whose going live reached "
                     "the milestone; next constraint earlier by: the days the constraint next in line would have let "
                     "those racks go sooner, so the days the gate held them and the most moving it alone can gain "
                     "(not schedule float).")
        firm = run.summary.get("grid_firm_share")
        if isinstance(firm, (int, float)):
            notes.append(f"Grid basis: racks are admitted against {100 * firm:.1f}% of each interconnect's stated "
                         "capacity (1 - power_chain.redundancy_headroom)" +
                         (": every rating taken as firm, with no N-1 margin." if firm >= 1 else "."))
        final = run.summary.get("final") or {}
        capex, invest = final.get("capex_usd"), final.get("investment_usd")
        if isinstance(capex, (int, float)) and isinstance(invest, (int, float)):
            text = (f"Capex not matched by the deal's investment: capex {fmt_money(capex)} against investment "
                    f"released {fmt_money(invest)} at {final.get('date', 'the end')}: " +
                    (f"{fmt_money(capex - invest)} not matched" if capex > invest else
                     f"investment ahead of capex by {fmt_money(invest - capex)}"))
            if run.has("capex_usd") and run.has("investment_usd"):
                gaps = [c - i for c, i in zip(run.series["capex_usd"], run.series["investment_usd"])]
                k = max(range(len(gaps)), key=lambda j: gaps[j])
                if gaps[k] > 0:
                    text += f" (the most, {fmt_money(gaps[k])}, on {run.date_texts[k]})"
            notes.append(text + ". The investment is what the scenario's investment rules release (in the shipped "
                         "scenarios the letter of intent's terms, NVIDIA investing up to $100B progressively, ~$10B "
                         "per GW deployed: a letter of intent, not a contract). The finance block below (NPV, IRR, "
                         "peak funding need, cash at the end; finance.csv) is the project's cash before financing: "
                         "revenue from inference sold at each platform's price, capex as paid, opex, and the book "
                         "value at the end as terminal value; it is not a financing plan (no capital structure, "
                         "taxes or covenants).")
        fin = run.summary.get("finance") or {}
        if isinstance(fin.get("npv_usd"), (int, float)):
            share = fin.get("training_transfer_share") or 0
            training = ("training excluded (the operator's own training earns no revenue)" if not share else
                        f"training valued at {100 * share:.0f}% of the market price, "
                        f"{fmt_money(fin.get('training_value_usd') or 0)} (a transfer price, not cash)")
            irr = fin.get("irr")
            notes.append(
                f"Finance: NPV incl. terminal value {fmt_money(fin['npv_usd'])} at "
                f"{100 * (fin.get('discount_rate') or 0):.1f}%, of which terminal value "
                f"{fmt_money(fin.get('terminal_value_npv_usd') or 0)} (terminal value "
                f"{fmt_money(fin.get('terminal_value_usd') or 0)} at the end: book value "
                f"{fmt_money(fin.get('book_value_usd') or 0)} plus capex paid for equipment not yet in service); IRR "
                + (f"{100 * irr:.1f}%" if isinstance(irr, (int, float)) else "none") +
                f"; revenue {fmt_money(fin.get('revenue_usd') or 0)} from inference sold, "
                f"{fmt_money(fin.get('capacity_revenue_usd') or 0)} if all live capacity were sold; {training}.")
            peak, after = fin.get("peak_funding_usd"), fin.get("peak_funding_after_financing_usd")
            if isinstance(peak, (int, float)):
                notes.append(
                    f"Funding: peak funding need {fmt_money(peak)} before financing"
                    + (f" on {fin['peak_funding_date']}" if fin.get("peak_funding_date") else "")
                    + (f", {fmt_money(after)} after the investment and loans received"
                       + (f" on {fin['peak_funding_after_financing_date']}"
                          if fin.get("peak_funding_after_financing_date") else "")
                       if isinstance(after, (int, float)) else "")
                    + f"; cumulative cash after financing at the end {fmt_money(fin.get('cumulative_cash_usd') or 0)}"
                    + f". Depreciation {fmt_money(fin.get('depreciation_usd') or 0)} over the run, write-offs of "
                    f"retired racks {fmt_money(fin.get('write_off_usd') or 0)}, book value at the end "
                    f"{fmt_money(fin.get('book_value_usd') or 0)}.")
            retiring = [t for t in run.summary.get("tranches") or [] if t.get("first_retired_date")]
            refreshes = [t for t in run.summary.get("tranches") or [] if t.get("refresh_of")]
            if retiring or refreshes:
                parts = [f"{t['name']} first retired on {t['first_retired_date']}, {fmt_int(t.get('racks_retired') or 0)} "
                         f"of its {fmt_int(t.get('racks') or 0)} racks retired by the end" for t in retiring]
                parts += [f"{t['name']} replaces {t['refresh_of']}: first live "
                          f"{t.get('first_live_date') or 'not by the end'}, "
                          f"{fmt_int(t.get('racks') or 0)} racks" for t in refreshes]
                notes.append("Lifecycle: " + "; ".join(parts) + " (events.csv: tranche_retiring, tranche_retired).")
        u = run.summary.get("utilization")
        if isinstance(u, dict) and u.get("average_while_live") is not None:
            d = run.summary.get("demand") or {}
            notes.append(
                f"Idle capacity: the live racks served {100 * u['average_while_live']:.1f}% of their FP8 compute on "
                f"average while live ({100 * (u.get('average') or 0):.1f}% over the whole run; peak "
                f"{100 * (u.get('peak') or 0):.1f}% on {fmt_when(u.get('peak_at'))}); on average "
                f"{(u.get('idle_pflops_average') or 0) / 1e3:,.1f} EFLOP/s stood idle, and "
                f"{(u.get('idle_pflops_at_peak_demand') or 0) / 1e3:,.1f} EFLOP/s at peak demand "
                f"({(d.get('peak_pflops') or 0) / 1e3:,.1f} EFLOP/s on {fmt_when(d.get('peak_at'))}).")
        shares = [f"{name.lower()} {share}" for name, share, days in cons if share != "0.0%"]
        if shares:
            notes.append(f"What held the rollout back (share of the {fmt_int(pending or 0)} days with racks pending): "
                         + ", ".join(shares) + ".")
        bcs = run.summary.get("binding_constraints") or {}
        peak_held, held_days = bcs.get("peak_racks_held_grid"), bcs.get("rack_days_held_grid")
        if isinstance(peak_held, int) and peak_held > 0 and isinstance(held_days, int):
            notes.append(f"Waiting for power: up to {fmt_int(peak_held)} racks stood commissioned and idle for want "
                         f"of grid power (on {fmt_when(bcs.get('peak_racks_held_grid_at'))}); "
                         f"{fmt_int(held_days)} rack-days over the run.")
        never = (run.summary.get("binding_constraints") or {}).get("racks_never_admitted")
        if isinstance(never, int) and never > 0:
            why = (run.summary.get("binding_constraints") or {}).get("never_admitted") or {}
            parts = ", ".join(f"{constraint_label(k).lower()} {fmt_int(v)}" for k, v in why.items() if v)
            notes.append(f"Never admitted: {fmt_int(never)} racks cannot go live by the end ({parts}); they are left out of "
                         "the shares above (events.csv: racks_never_admitted).")
        return dates, notes

    @staticmethod
    def _totals(run):
        """The schema's table figures outside the demand object, in its order, as far as the summary has them."""
        rows = [table_row(f, run.summary) for f in run.schema.table_figures()
                if f["kind"] in NUMERIC_KINDS and not in_group(f, "/demand")]
        return [r for r in rows if r]

    @staticmethod
    def _demand(run):
        """[[figure, value, unit]] from summary.json's demand, or None for a summary from before demand."""
        d = run.summary.get("demand")
        if not isinstance(d, dict):
            return None
        rows = [table_row(f, run.summary) for f in run.schema.table_figures() if in_group(f, "/demand")]
        rows = [r for r in rows if r]
        num = lambda k: d.get(k) if isinstance(d.get(k), (int, float)) else None
        served, unserved = num("served_eflop"), num("unserved_eflop")
        if served is not None and unserved is not None and served + unserved > 0:
            rows.append(["Share of demand not served", f"{100 * unserved / (served + unserved):.2f}", "%"])
        return rows

    @staticmethod
    def _periods(run, limit=15):
        rows = []
        periods = shortfall_periods(run)
        for start, stop, detail in periods[:limit]:
            if stop is None:
                length = "to the end"
            elif run.hourly:
                length = f"{round(days_apart(start, stop) * 24):,} h"
            else:
                length = f"{round(days_apart(start, stop)):,} d"
            rows.append([fmt_when(iso(start)), fmt_when(iso(stop)) if stop else "not met by the end", length,
                         detail])
        return rows, max(0, len(periods) - limit)


DEMAND_INTRO = ("FP8 compute asked of the fleet (training reservations plus inference; without stated demand, the "
                "utilization schedule) against what its live racks served, from summary.json: compute in EFLOP "
                "(1e18 FLOP) integrated over the run; a day counts when some demand was not served at any of its "
                "sampled steps.")
PERIODS_HEADER = ["From", "Until (demand met)", "Length", "At the start"]


def periods_note(tables):
    if not tables.periods:
        return "No demand_exceeds_capacity event: all demand was served."
    if tables.more_periods:
        return (f"The first {len(tables.periods)} of {len(tables.periods) + tables.more_periods} periods; all are in "
                "events.csv (demand_exceeds_capacity, demand_met) and the Gantt chart's Demand row.")
    return "From events.csv (demand_exceeds_capacity to demand_met); also the Gantt chart's Demand row."


HEADLINE_HEADER = ["Milestone", "Date", "Days from start", "FP8 EFLOP/s per GW", "Gated by",
                   "Next constraint earlier by (days)"]
HEADLINE_ALIGN = ["l", "l", "r", "r", "l", "r"]


def run_summary_md(run, charts):
    m = run.manifest
    t = RunTables(run)
    out = [f"# {run.name}: key dates and totals\n",
           f"Scenario `{run.name}` (`{m.get('scenario_file', '?')}`, SHA-256 `{short_hash(m.get('scenario_sha256'))}`), "
           f"gwsim {m.get('gwsim_version', '?')}, {m.get('start_date', '?')} to {m.get('end_date', '?')}, "
           f"seed {m.get('seed', '?')}, replication {m.get('replication', 0)}, output step "
           f"{m.get('output_step', '?')}, overrides: "
           f"{('`' + overrides_text(m) + '`') if m.get('overrides') else 'none'}.\n",
           "## Headline\n",
           "\n".join(f"- {n}" for n in t.headline_notes) + "\n",
           "## Key dates and what gated each\n",
           md_table(HEADLINE_HEADER, t.headline_dates, HEADLINE_ALIGN),
           t.dates_note + "\n",
           f"## Totals at {final_when(run)}\n",
           "Energy, carbon and water over the whole run; power and compute as on the last "
           f"{'hour' if run.hourly else 'day'}, except the average and peak.\n",
           md_table(["Figure", "Value", "Unit"], t.totals, ["l", "r", "l"])]
    if t.demand is not None:
        out += ["## Demand\n", DEMAND_INTRO + "\n", md_table(["Figure", "Value", "Unit"], t.demand, ["l", "r", "l"]),
                "### Periods with demand not served\n", periods_note(t) + "\n"]
        if t.periods:
            out.append(md_table(PERIODS_HEADER, t.periods, ["l", "l", "r", "l"]))
    out += ["## Binding constraints\n",
            f"Share of the {fmt_int(t.pending or 0)} days with racks ordered but not live on which each constraint "
            "held back the most racks.\n",
            md_table(["Constraint", "Share of pending days", "Days"], t.cons, ["l", "r", "r"])]
    if charts:
        out.append("## Charts\n")
        out.append(md_table(["Chart", "Files"], [[t, f"chart-{n}.png, chart-{n}.svg, chart-{n}.csv"]
                                                 for n, t, _ in charts]))
    return "\n".join(out)


HTML_STYLE = """
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;margin:24px auto;max-width:1240px;color:#222;padding:0 16px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}
.ident{color:#555;font-size:13px;margin:2px 0}code{font-size:12px}
ul.headline{font-size:15px;line-height:1.45;margin:6px 0 12px;padding-left:22px}
table{border-collapse:collapse;margin:8px 0 16px;font-size:14px}
th,td{border:1px solid #ccc;padding:4px 10px;text-align:left}th{background:#f2f2f2}td.num,th.num{text-align:right}
.tables{display:flex;flex-wrap:wrap;gap:32px;align-items:flex-start}
figure{margin:12px 0 28px}figure img{width:100%;height:auto;border:1px solid #eee}
figcaption{font-size:13px;color:#444;margin-top:4px}figcaption a{color:#1f4e9c}
"""


def svg_data_uri(svg_bytes):
    return "data:image/svg+xml;base64," + base64.b64encode(svg_bytes).decode("ascii")


def html_page(title, ident_lines, sections, out, charts):
    parts = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
             f"<title>{html.escape(title)}</title>", f"<style>{HTML_STYLE}</style>", "</head>", "<body>",
             f"<h1>{html.escape(title)}</h1>"]
    for line in ident_lines:
        parts.append(f'<p class="ident">{html.escape(line)}</p>')
    parts.extend(sections)
    parts.append("<h2>Charts</h2>")
    for name, ctitle, caption in charts:
        svg = out.read_bytes(f"chart-{name}.svg")
        parts.append(f'<figure id="chart-{name}"><img src="{svg_data_uri(svg)}" alt="{html.escape(ctitle)}">'
                     f"<figcaption><b>{html.escape(ctitle)}.</b> {html.escape(caption)} Files: "
                     f'<a href="chart-{name}.png">PNG</a> · <a href="chart-{name}.svg">SVG</a> · '
                     f'<a href="chart-{name}.csv">data (CSV)</a></figcaption></figure>')
    parts.append("</body></html>\n")
    return "\n".join(parts)


RUN_CHARTS = (("gw-live", lambda ch, run: chart_gw_live(ch, run)),
              ("hardware", lambda ch, run: chart_hardware(ch, run)),
              ("compute", lambda ch, run: chart_compute(ch, run)),
              ("power-energy", lambda ch, run: chart_power_energy(ch, run)),
              ("carbon-water", lambda ch, run: chart_carbon_water(ch, run)),
              ("fleet-health", lambda ch, run: chart_fleet_health(ch, run)),
              ("capex", lambda ch, run: chart_capex(ch, run)),
              ("cash-flow", lambda ch, run: chart_cash_flow(ch, run)),
              ("gantt", lambda ch, run: chart_gantt(ch, run)),
              ("constraints", lambda ch, run: chart_constraints(ch, run)))


def report_run(schema, run_dir, outdir, force=False, quiet=True):
    progress = Progress("gwsim report", 4 + len(RUN_CHARTS), quiet)
    progress.stage(f"reading {run_dir}")
    run = Run(run_dir, schema)
    out = Output(outdir, force)
    try:
        progress.stage("loading matplotlib")
        ch = Charts(out, run_ident_lines(run), dense=run.hourly)
        for name, draw in RUN_CHARTS:
            progress.stage(f"chart {name}")
            draw(ch, run)
        progress.stage("writing summary.md and report.html")
        md = run_summary_md(run, ch.made)
        out.write_text("summary.md", md)
        t = RunTables(run)
        sections = ['<h2 id="headline">Headline</h2>',
                    '<ul class="headline">' + "".join(f"<li>{html.escape(n)}</li>" for n in t.headline_notes) +
                    "</ul>",
                    '<h2 id="key-dates">Key dates and what gated each</h2>',
                    html_table(HEADLINE_HEADER, t.headline_dates, HEADLINE_ALIGN),
                    f'<p class="ident">{html.escape(t.dates_note)}</p>',
                    '<div class="tables"><div><h2>Binding constraints</h2>',
                    f"<p>Share of the {fmt_int(t.pending or 0)} days with racks pending on which each held back the "
                    "most racks.</p>",
                    html_table(["Constraint", "Share", "Days"], t.cons, ["l", "r", "r"]), "</div><div>",
                    f"<h2>Totals at {html.escape(final_when(run))}</h2>",
                    html_table(["Figure", "Value", "Unit"], t.totals, ["l", "r", "l"]), "</div></div>"]
        if t.demand is not None:
            sections += ['<h2 id="demand">Demand</h2>', f'<p class="ident">{html.escape(DEMAND_INTRO)}</p>',
                         '<div class="tables"><div>', html_table(["Figure", "Value", "Unit"], t.demand,
                                                                 ["l", "r", "l"]),
                         "</div><div><h3>Periods with demand not served</h3>",
                         f'<p class="ident">{html.escape(periods_note(t))}</p>']
            if t.periods:
                sections.append(html_table(PERIODS_HEADER, t.periods, ["l", "l", "r", "l"]))
            sections.append("</div></div>")
        out.write_text("report.html", html_page(f"gwsim report: {run.name}", run_ident_lines(run), sections, out,
                                                ch.made))
        progress.stage(f"moving the files into {outdir}")
        out.commit()
    except BaseException:
        out.abandon()
        raise
    progress.finish()
    print(f"report for {run.name} in {outdir}: report.html, summary.md and "
          f"{len(ch.made)} charts (chart-NAME.png, .svg, .csv): {', '.join(n for n, _, _ in ch.made)}")
    return EXIT_OK


# ----------------------------------------------------------------------------------------------------------------
# Sweeps: the results store


def percentile(values, p):
    """Type 7 (as docs/results.md): linear between closest ranks."""
    xs = sorted(values)
    n = len(xs)
    if n == 0:
        return None
    h = (n - 1) * p / 100.0
    lo = math.floor(h)
    hi = math.ceil(h)
    return xs[lo] + (h - lo) * (xs[hi] - xs[lo])


def date_percentile(days, p):
    """days: day numbers, None = never reached. Returns a day number or None (not reached)."""
    inf = float("inf")
    xs = sorted(inf if d is None else d for d in days)
    n = len(xs)
    if n == 0:
        return None
    h = (n - 1) * p / 100.0
    lo, hi = math.floor(h), math.ceil(h)
    if xs[lo] == inf or (h > lo and xs[hi] == inf):
        return None
    v = xs[lo] + (h - lo) * (xs[hi] - xs[lo])
    return math.floor(v + 0.5)


EPOCH = dt.date(1970, 1, 1)


def day_number(text):
    return (dt.date.fromisoformat(text) - EPOCH).days


def from_day(n):
    return EPOCH + dt.timedelta(days=n)


class Store:
    """A results store, read as the schema's results_store describes it (application id, version, tables); every
    row checked before use, errors located by point and replication as `gwsim results` locates them."""

    def __init__(self, path, schema):
        if not os.path.exists(path):
            raise InputError(f"'{path}' does not exist")
        try:
            mode = os.stat(path).st_mode
        except OSError as e:
            raise InputError(f"cannot read '{path}': {e.strerror}")
        if not stat.S_ISREG(mode):  # SQLite would block on a FIFO
            raise InputError(f"cannot read '{path}': {file_type_name(mode)}, not a regular file")
        try:
            fd = os.open(path, READ_FLAGS)
            try:
                head = os.read(fd, 16)
            finally:
                os.close(fd)
        except OSError as e:
            raise InputError(f"cannot read '{path}': {e.strerror}")
        if head != b"SQLite format 3\x00":
            raise InputError(f"'{path}' is not an SQLite file (expected a results store written by gwsim sweep)")
        self.path = path
        self.schema = schema
        try:
            uri = "file:" + os.path.abspath(path).replace("?", "%3f").replace("#", "%23") + "?mode=ro"
            db = sqlite3.connect(uri, uri=True)
            try:
                self._read(db, schema.store)
            finally:
                db.close()
        except sqlite3.Error as e:
            text = str(e)
            if "disk I/O error" in text or "out of memory" in text:
                raise EnvironmentFailure(f"'{path}': cannot read the results store: {text}")
            raise InputError(f"'{path}': cannot read the results store: {text}")
        oks = [s for reps in self.reps.values() for _, st, s in reps if s]
        self.scenario = oks[0].get("scenario", "?") if oks else "?"
        self.scenario_sha = (oks[0].get("manifest") or {}).get("scenario_sha256", "?") if oks else "?"
        self.start = min((day_number(s["manifest"]["start_date"]) for s in oks), default=None)
        self.end = max((day_number(s["manifest"]["end_date"]) for s in oks), default=None)
        self.max_gw = max((len(s.get("gw_live_dates") or []) for s in oks), default=0)

    def _rows(self, db, table, columns, order):
        """The rows of a table as dicts, by the schema's column names (a name it lacks is a bug here)."""
        missing = [c for c in columns + order if c not in self.schema.store_tables.get(table, [])]
        if missing:
            raise RuntimeError(f"the outputs schema's table {table} has no column {', '.join(missing)}")
        sql = f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(order)}"
        return [dict(zip(columns, r)) for r in db.execute(sql)]

    def _read(self, db, layout):
        path = self.path
        app = db.execute("PRAGMA application_id").fetchone()[0]
        if app != layout["application_id"]:
            raise InputError(f"'{path}' is an SQLite file but not a gwsim results store (application_id "
                             f"{app:#x}, expected {layout['application_id']:#x})")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != layout["user_version"]:
            raise InputError(f"'{path}': results store of schema version {version}; this gwsim reads version "
                             f"{layout['user_version']}")
        sweep = self._rows(db, "sweep", ["spec_sha256", "spec_name", "gwsim_version", "points",
                                         "replications_per_point"], ["id"])
        if len(sweep) != 1:
            raise InputError(f"'{path}': the store has no sweep row")
        sweep = sweep[0]
        for key, kind in (("spec_sha256", str), ("spec_name", str), ("gwsim_version", str), ("points", int),
                          ("replications_per_point", int)):
            if not isinstance(sweep[key], kind):
                raise InputError(f"'{path}': sweep.{key}: expected {'text' if kind is str else 'an integer'}, "
                                 f"found {short(sweep[key])}")
        self.spec_sha256, self.name, self.gwsim_version = sweep["spec_sha256"], sweep["spec_name"], sweep["gwsim_version"]
        self.n_points, self.per_point = sweep["points"], sweep["replications_per_point"]
        self.points = []
        for p in self._rows(db, "points", ["point", "name", "overrides"], ["point"]):
            where = f"'{path}': point {short(p['point'])}"
            overrides = load_json(p["overrides"], f"{where}: overrides") if isinstance(p["overrides"], str) else None
            if not isinstance(p["point"], int) or not isinstance(p["name"], str) or not isinstance(overrides, list) \
                    or not all(isinstance(o, str) for o in overrides):
                raise InputError(f"{where}: expected a point number, a name and a JSON list of overrides")
            self.points.append((p["point"], p["name"], overrides))
        statuses = [name for name, _ in self.schema.statuses]
        self.reps = {p: [] for p, _, _ in self.points}  # point -> [(replication, status, summary or None)]
        for r in self._rows(db, "replications", ["point", "replication", "status", "summary_json"],
                            ["point", "replication"]):
            where = f"'{path}': point {short(r['point'])} replication {short(r['replication'])}"
            if not isinstance(r["point"], int) or not isinstance(r["replication"], int):
                raise InputError(f"{where}: expected integer point and replication numbers")
            if r["status"] not in statuses:
                raise InputError(f"{where}: status {short(r['status'])} is not one this gwsim knows "
                                 f"({', '.join(statuses)})")
            s = None
            if r["status"] == self.schema.success:
                text = r["summary_json"]
                if not isinstance(text, str) or not text:
                    raise InputError(f"{where}: an ok replication without its summary_json")
                if len(text) > MAX_TEXT_BYTES:
                    raise InputError(f"{where}: summary_json larger than {MAX_TEXT_BYTES >> 20} MiB")
                s = summary_problems(load_json(text, f"{where}: summary_json"), self.schema, f"{where}: summary_json")
                for key in ("start_date", "end_date"):
                    if not isinstance(s["manifest"].get(key), str):
                        raise InputError(f"{where}: summary_json: /manifest/{key}: expected an ISO date")
            self.reps.setdefault(r["point"], []).append((r["replication"], r["status"], s))

    def ok(self, point):
        return [(r, s) for r, st, s in self.reps.get(point, []) if s]

    def planned(self):
        return self.n_points * self.per_point


def figure_values(store, summaries, figure):
    """(kind, values): kind 'date' (day numbers, None = never) or 'number' (from the figure's pointer in the
    schema; summaries without it left out)."""
    if figure == "first_tokens":
        return "date", [day_number(s["first_tokens_date"]) if s.get("first_tokens_date") else None
                        for s in summaries]
    m = re.fullmatch(r"gw_(\d+)", figure)
    if m:
        k = int(m.group(1))
        vals = []
        for s in summaries:
            g = s.get("gw_live_dates") or []
            vals.append(day_number(g[k - 1]) if len(g) >= k else None)
        return "date", vals
    pointer = store.schema.rankable()[figure]["pointer"]
    vals = [at_pointer(s, pointer) for s in summaries]
    return "number", [float(v) for v in vals if isinstance(v, (int, float)) and not isinstance(v, bool)]


def normalise_rank_by(text, store):
    """--rank-by: first_tokens, gw_N, or a sweep figure the schema gives a better direction; ':asc' / ':desc'
    override the direction."""
    default = f"gw_{10 if store.max_gw >= 10 else store.max_gw}" if store.max_gw > 0 else "first_tokens"
    if not text:
        return default, None
    direction = None
    if ":" in text:
        text, direction = text.rsplit(":", 1)
        if direction not in ("asc", "desc"):
            raise InputError(f"--rank-by: the direction after ':' must be asc or desc, found '{direction}'")
    t = text.strip().lower()
    aliases = {"first_tokens_date": "first_tokens", "first-tokens": "first_tokens"}
    t = aliases.get(t, t)
    m = re.fullmatch(r"gw_?(\d+)(?:_live_date|_live)?", t)
    if m and int(m.group(1)) >= 1:
        return f"gw_{int(m.group(1))}", direction
    rankable = store.schema.rankable()
    if t == "first_tokens" or t in rankable:
        return t, direction
    raise InputError(f"--rank-by: unknown figure '{text}'; choose first_tokens, gw_N (N = 1, 2, ...: the date N GW "
                     f"are live), or one of {', '.join(rankable)} (optionally with :asc or :desc)")


def figure_label(store, figure):
    if figure == "first_tokens":
        return "First tokens date"
    m = re.fullmatch(r"gw_(\d+)", figure)
    if m:
        return f"{m.group(1)} GW live date"
    f = store.schema.rankable()[figure]
    return f"{figure} ({(f['display'] or f)['unit']})"


def fmt_figure(store, kind, v, figure):
    if v is None:
        return "not reached" if kind == "date" else ""
    if kind == "date":
        return from_day(v).isoformat()
    f = store.schema.rankable()[figure]
    if f["display"]:
        return display_value(f, v)
    return f"{v:,.1f}" if not float(v).is_integer() else fmt_int(v)


def ranking(store, figure, direction):
    rows = []
    for p, name, overrides in store.points:
        sums = [s for _, s in store.ok(p)]
        kind, vals = figure_values(store, sums, figure)
        if kind == "date":
            p10, p50, p90 = (date_percentile(vals, q) for q in (10, 50, 90))
            reached = sum(1 for v in vals if v is not None)
        else:
            p10, p50, p90 = (percentile(vals, q) for q in (10, 50, 90))
            reached = None
        _, ft = figure_values(store, sums, "first_tokens")
        rows.append({"point": p, "name": name, "overrides": overrides, "n": len(sums), "kind": kind,
                     "p10": p10, "p50": p50, "p90": p90, "reached": reached,
                     "first_tokens_p50": date_percentile(ft, 50)})
    if kind == "date":
        ascending = direction != "desc"
    else:
        ascending = direction == "asc" or (direction is None and store.schema.rankable()[figure]["better"] == "lower")
    missing = [r for r in rows if r["p50"] is None]
    present = [r for r in rows if r["p50"] is not None]
    present.sort(key=lambda r: (r["p50"] if ascending else -r["p50"], r["point"]))
    return present + sorted(missing, key=lambda r: r["point"]), ascending


def sweep_ident_lines(store):
    return [f"Sweep {store.name}  ·  spec SHA-256 {short_hash(store.spec_sha256)}  ·  gwsim {store.gwsim_version}",
            f"Scenario {store.scenario}  ·  scenario SHA-256 {short_hash(store.scenario_sha)}  ·  {store.n_points} point(s) x "
            f"{store.per_point} replication(s)"]


def gw_curve_points(store, point):
    """The step curve of GW live across replications: [(day, n_reps, p10, p50, p90)] at every day it can change."""
    sums = [s for _, s in store.ok(point)]
    if not sums:
        return []
    per_rep = [[day_number(d) for d in (s.get("gw_live_dates") or [])] for s in sums]
    days = {store.start, store.end}
    for ds in per_rep:
        days.update(ds)
    out = []
    for day in sorted(days):
        counts = [sum(1 for d in ds if d <= day) for ds in per_rep]
        out.append((day, len(counts), percentile(counts, 10), percentile(counts, 50), percentile(counts, 90)))
    return out


MAX_FAN_PANELS = 12


def chart_fan(ch, store, order, rank_label):
    """order: the points' numbers in rank order; the panels show the first MAX_FAN_PANELS of them."""
    by_number = {p[0]: p for p in store.points}
    points = [by_number[n] for n in order][:MAX_FAN_PANELS]
    n = max(1, len(points))
    ncols = 1 if n == 1 else 2 if n <= 4 else 3
    nrows = math.ceil(n / ncols)
    height = 1.8 + (4.4 if nrows == 1 else 2.9 * nrows)
    fig = ch.plt.figure(figsize=(ch.WIDTH, height))
    top_in = 0.62 + 0.17 * len(ch.ident_lines) + 0.55
    fig.text(0.012, 1 - 0.16 / height, "Gigawatts live over time across replications (P10-P50-P90)", ha="left",
             va="top", fontsize=14, fontweight="bold")
    for i, line in enumerate(ch.ident_lines):
        fig.text(0.012, 1 - (0.50 + 0.17 * i) / height, line, ha="left", va="top", fontsize=8, color="#555555")
    gs = fig.add_gridspec(nrows, ncols, left=0.07, right=0.98, top=1 - top_in / height, bottom=0.75 / height,
                          hspace=0.75, wspace=0.15)
    rows = []
    first_ax = None
    ymax = max(1, store.max_gw)
    for i, (p, name, _) in enumerate(points):
        ax = fig.add_subplot(gs[i // ncols, i % ncols], sharex=first_ax, sharey=first_ax)
        first_ax = first_ax or ax
        curve = gw_curve_points(store, p)
        for day, nrep, p10, p50, p90 in curve:
            rows.append([p, name, from_day(day).isoformat(), nrep, raw(p10), raw(p50), raw(p90)])
        if curve:
            xs = [from_day(c[0]) for c in curve]
            ax.fill_between(xs, [c[2] for c in curve], [c[4] for c in curve], step="post", color="#1f4e9c",
                            alpha=0.22, lw=0, label="P10 to P90")
            ax.step(xs, [c[3] for c in curve], where="post", color="#1f4e9c", lw=2, label="P50 (median)")
            if store.max_gw == 0:
                ax.text(0.5, 0.5, "No replication reached 1 GW by the end date", transform=ax.transAxes,
                        ha="center", va="center", fontsize=9, color="#555555")
        else:
            ax.text(0.5, 0.5, "No ok replications", transform=ax.transAxes, ha="center", va="center")
        width = {1: 120, 2: 62, 3: 40}[ncols]
        lines = textwrap.wrap(name.replace("/", "/ "), width, break_on_hyphens=False) or [""]
        if len(lines) > 2:
            lines = lines[:2]
            lines[1] = lines[1][:width - 3] + "..."
        head = (f"#{i + 1}, point {p}" if len(store.points) > 1 else f"Point {p}")
        ax.set_title(head + "\n" + "\n".join(lines), loc="left", fontsize=8.5 if ncols > 1 else 10,
                     fontweight="normal")
        ax.set_ylim(0, ymax + 0.5)
        if store.start is not None:
            ax.set_xlim(from_day(store.start), from_day(store.end))
        ax.yaxis.set_major_locator(ch.mpl.ticker.MaxNLocator(integer=True, nbins=6))
        ch.date_axis(ax)
        if i % ncols == 0:
            ax.set_ylabel("GW live (whole GW)")
        if i == 0:
            ax.legend(loc="upper left", fontsize=8)
    fig.text(0.5, 0.12 / height, "Date  (GW live: whole gigawatts reached, from each replication's gw_live_dates)"
             + (f"; panels in rank order by {rank_label}" if len(store.points) > 1 else "")
             + (f", the first {MAX_FAN_PANELS} of {len(store.points)} points" if len(store.points) > MAX_FAN_PANELS
                else ""), ha="center", va="bottom", fontsize=9)
    ch.save(fig, "fan-gw-live", "Gigawatts live over time across replications",
            "Per point, the P10-P90 band and median of the whole gigawatts live on each day, over the point's ok "
            "replications (from each replication's gw_live_dates).",
            ["point", "name", "date", "replications", "p10_gw", "p50_gw", "p90_gw"], rows)


def chart_key_dates(ch, store):
    figures = ["first_tokens"] + [f"gw_{k}" for k in range(1, store.max_gw + 1)]
    n = len(figures)
    ncols = 1 if n == 1 else 2 if n <= 4 else 3
    nrows = math.ceil(n / ncols)
    height = 1.7 + (4.2 if nrows == 1 else 2.6 * nrows)
    fig = ch.plt.figure(figsize=(ch.WIDTH, height))
    top_in = 0.62 + 0.17 * len(ch.ident_lines) + 0.3
    fig.text(0.012, 1 - 0.16 / height, "Key dates across replications", ha="left", va="top", fontsize=14,
             fontweight="bold")
    for i, line in enumerate(ch.ident_lines):
        fig.text(0.012, 1 - (0.50 + 0.17 * i) / height, line, ha="left", va="top", fontsize=8, color="#555555")
    gs = fig.add_gridspec(nrows, ncols, left=0.07, right=0.98, top=1 - top_in / height, bottom=1.0 / height,
                          hspace=0.6, wspace=0.18)
    palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]
    by_point = len(store.points) <= len(palette)
    for i, figure in enumerate(figures):
        ax = fig.add_subplot(gs[i // ncols, i % ncols])
        groups = []
        never = 0
        total = 0
        for p, name, _ in store.points:
            _, vals = figure_values(store, [s for _, s in store.ok(p)], figure)
            never += sum(1 for v in vals if v is None)
            total += len(vals)
            groups.append((p, name, [v for v in vals if v is not None]))
        if not by_point:
            groups = [(None, "all points", [v for g in groups for v in g[2]])]
        allv = [v for g in groups for v in g[2]]
        if allv:
            lo, hi = min(allv), max(allv)
            pad = max(7, (hi - lo) // 10)
            ax.set_xlim(from_day(lo - pad), from_day(hi + 1 + pad))
            width = max(1, math.ceil((hi - lo + 1) / 25))
            if width > 7:
                width = 7 * math.ceil(width / 7)  # whole weeks
            edges = [lo + k * width for k in range(int((hi - lo) // width) + 2)]
            xs = [[from_day(v) for v in g[2]] for g in groups]
            ax.hist(xs, bins=[from_day(e) for e in edges], stacked=True,
                    color=[palette[j % len(palette)] for j in range(len(groups))],
                    label=[f"point {g[0]}" if g[0] is not None else g[1] for g in groups], edgecolor="white", lw=0.4)
            ch.date_axis(ax, maxticks=5 if ncols == 3 else 7)
        else:
            ax.text(0.5, 0.5, "not reached by any replication", transform=ax.transAxes, ha="center", va="center")
            ax.set_xticks([])
        ax.set_title(f"{figure_label(store, figure)}  ({total - never} of {total} reached)", loc="left", fontsize=9.5)
        ax.yaxis.set_major_locator(ch.mpl.ticker.MaxNLocator(integer=True))
        if i % ncols == 0:
            ax.set_ylabel("Replications")
        if i == 0 and allv and len(groups) > 1:
            ax.legend(loc="upper right", fontsize=7.5)
    fig.text(0.5, 0.12 / height, "Date  (bars stacked by point"
             + ("" if by_point else ": all points together") + "; replications that never reached a date are "
             "counted in each title)", ha="center", va="bottom", fontsize=9)
    header = ["point", "name", "replication"] + [f"{f}_date" if f == "first_tokens" else f"{f}_live_date"
                                                 for f in figures]
    rows = []
    for p, name, _ in store.points:
        for r, s in store.ok(p):
            g = s.get("gw_live_dates") or []
            rows.append([p, name, r, s.get("first_tokens_date") or ""] +
                        [g[k - 1] if len(g) >= k else "" for k in range(1, store.max_gw + 1)])
    ch.save(fig, "key-dates", "Key dates across replications",
            "Histograms of the first-tokens date and of the date each whole GW is live, over the ok replications "
            "(stacked by point when there are few points).", header, rows)


def report_sweep(schema, store_path, outdir, rank_by, force=False, quiet=True):
    progress = Progress("gwsim report", 6, quiet)
    progress.stage(f"reading {store_path}")
    store = Store(store_path, schema)
    figure, direction = normalise_rank_by(rank_by, store)
    if store.start is None:
        raise InputError(f"'{store_path}': the store has no ok replication to report on")
    out = Output(outdir, force)
    try:
        progress.stage("loading matplotlib")
        ch = Charts(out, sweep_ident_lines(store))
        ranked, ascending = ranking(store, figure, direction)
        label = figure_label(store, figure)
        progress.stage("chart fan")
        chart_fan(ch, store, [r["point"] for r in ranked], f"{label} P50")
        progress.stage("chart key-dates")
        chart_key_dates(ch, store)
        progress.stage("writing ranking.csv, summary.md and report.html")
        header = ["Rank", "Point", "Name", "OK", "P10", "P50", "P90", "Reached", "First tokens P50"]
        table = []
        csv_rows = []
        for i, r in enumerate(ranked, start=1):
            f = lambda v: fmt_figure(store, r["kind"], v, figure)
            table.append([i, r["point"], r["name"], f"{r['n']} / {store.per_point}", f(r["p10"]), f(r["p50"]), f(r["p90"]),
                          "" if r["reached"] is None else f"{r['reached']} of {r['n']}",
                          fmt_figure(store, "date", r["first_tokens_p50"], "first_tokens")])
            rawv = lambda v: "" if v is None else (from_day(v).isoformat() if r["kind"] == "date" else raw(v))
            csv_rows.append([i, r["point"], r["name"], ";".join(r["overrides"]), r["n"], figure, rawv(r["p10"]),
                             rawv(r["p50"]), rawv(r["p90"]), "" if r["reached"] is None else r["reached"]])
        out.write_text("ranking.csv", csv_text(["rank", "point", "name", "overrides", "n", "figure", "p10", "p50",
                                                "p90", "reached"], csv_rows))
        order = ("earliest first" if ascending else "latest first") if ranked and ranked[0]["kind"] == "date" \
            else ("lowest first" if ascending else "highest first")
        ok = sum(len(store.ok(p)) for p, _, _ in store.points)
        stored = sum(len(v) for v in store.reps.values())
        intro = (f"Sweep `{store.name}` (spec SHA-256 `{short_hash(store.spec_sha256)}`, gwsim {store.gwsim_version}) on scenario "
                 f"`{store.scenario}` (SHA-256 `{short_hash(store.scenario_sha)}`): {store.n_points} point(s) x {store.per_point} "
                 f"replication(s); {stored} of {store.planned()} stored, {ok} ok.")
        md = [f"# Sweep {store.name}: points ranked by {label}\n", intro + "\n",
              f"## Ranking by {label} (P50, {order})\n",
              "Percentiles over each point's ok replications (type 7; a date percentile is `not reached` when it "
              "leans on replications that never reached the date).\n",
              md_table(header, table, ["r", "r", "l", "r", "r", "r", "r", "r", "r"]),
              "## Charts\n",
              md_table(["Chart", "Files"], [[t, f"chart-{n}.png, chart-{n}.svg, chart-{n}.csv"]
                                            for n, t, _ in ch.made])]
        out.write_text("summary.md", "\n".join(md))
        sections = [f"<p>{html.escape(intro.replace('`', ''))}</p>",
                    f"<h2>Points ranked by {html.escape(label)} (P50, {order})</h2>",
                    html_table(header, table, ["r", "r", "l", "r", "r", "r", "r", "r", "r"]),
                    '<p class="ident">Also in ranking.csv. Percentiles over each point\'s ok replications (type 7); '
                    "a date percentile is \"not reached\" when it leans on replications that never reached the "
                    "date.</p>"]
        out.write_text("report.html", html_page(f"gwsim sweep report: {store.name}", sweep_ident_lines(store),
                                                sections, out, ch.made))
        progress.stage(f"moving the files into {outdir}")
        out.commit()
    except BaseException:
        out.abandon()
        raise
    progress.finish()
    print(f"sweep report for {store.name} in {outdir}: report.html, summary.md, ranking.csv (by {figure}) and "
          f"{len(ch.made)} charts: {', '.join(n for n, _, _ in ch.made)}")
    return EXIT_OK


# ----------------------------------------------------------------------------------------------------------------
# Optimizations: a `gwsim optimize -o OUT` folder


def estimate_value(text):
    """A candidates.csv estimate: a date, a number, or None ("not reached", "n/a", empty)."""
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        v = float(text)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


class Optimization(OutputFolder):
    """An optimization's output folder: optimization.json (what was searched and found), candidates.csv (every plan
    evaluated and its estimates, read by the column names optimization.json gives), pareto.csv and best.yaml (absent
    when no plan is feasible). Read through one descriptor of the folder, as a run's."""

    def __init__(self, folder):
        self._open(folder)
        try:
            for name in ("candidates.csv", "optimization.json"):
                if not self._exists(name):
                    raise InputError(f"'{folder}' is not a gwsim optimization's output folder: it has no {name} (a "
                                     "folder from a gwsim before optimization.json gets it from `gwsim optimize SPEC "
                                     "-o DIR --resume`, which reuses every stored evaluation)")
            self._read_json()
            self._read_candidates()
            self.front = self._read_csv_rows("pareto.csv") if self._exists("pareto.csv") else []
            self.best_decisions = self._read_best() if self._exists("best.yaml") else None
        finally:
            os.close(self.fd)

    def _read_json(self):
        path = self._path("optimization.json")
        doc = load_json(read_text("optimization.json", dir_fd=self.fd, shown=path), path)
        try:
            self.name = str(doc["name"])
            self.spec, self.baseline = str(doc["spec"]), str(doc["baseline"])
            self.seed, self.replications = int(doc["seed"]), int(doc["replications"])
            self.method, self.batches = str(doc["method"]), int(doc["batches"])
            self.max_evaluations, self.budget_exhausted = int(doc["max_evaluations"]), bool(doc["budget_exhausted"])
            self.variables = [str(v["path"]) for v in doc["variables"]]
            self.objective = dict(doc["objective"])
            self.constraints = [dict(c) for c in doc["constraints"]]
            for what in [self.objective] + self.constraints:
                str(what["column"]), str(what["description"])
            self.n, self.n_feasible = int(doc["candidates"]), int(doc["feasible"])
            self.best = doc["best"]
            self.ranking = [int(i) for i in doc["ranking"]]
        except (KeyError, TypeError, ValueError, AttributeError) as e:
            raise InputError(f"{path}: not gwsim optimize's optimization.json ({type(e).__name__}: {e})")
        if self.best is not None and not isinstance(self.best, int):
            raise InputError(f"{path}: /best: expected a candidate number or null")

    def _read_csv_rows(self, name):
        path = self._path(name)
        header, rows = read_csv(name, dir_fd=self.fd, shown=path)
        out = []
        for line, row in enumerate(rows, start=2):
            if not row:
                continue
            if len(row) != len(header):
                raise InputError(f"{path}:{line}: {len(row)} fields, the header has {len(header)}")
            out.append(dict(zip(header, row)))
        self._headers = getattr(self, "_headers", {})
        self._headers[name] = header
        return out

    def _read_candidates(self):
        path = self._path("candidates.csv")
        self.candidates = self._read_csv_rows("candidates.csv")
        header = self._headers["candidates.csv"]
        needed = ["candidate", "feasible", "violation", "ok_replications", "not_ok_replications"] + self.variables
        for what in [self.objective] + self.constraints:
            needed += [what["column"], what["column"] + "_ci_low", what["column"] + "_ci_high"]
        needed += [c["column"] + "_holds" for c in self.constraints]
        missing = [c for c in needed if c not in header]
        if missing:
            raise InputError(f"{path}: no column {short(missing[0])} (optimization.json names it)")
        if len(self.candidates) != self.n:
            raise InputError(f"{path}: {len(self.candidates)} candidates, optimization.json says {self.n}")
        for k, row in enumerate(self.candidates):
            if row["candidate"] != str(k):
                raise InputError(f"{path}:{k + 2}: candidate '{short(row['candidate'])}', expected {k}")
        for i in ([self.best] if self.best is not None else []) + self.ranking:
            if not 0 <= i < self.n:
                raise InputError(f"{self._path('optimization.json')}: candidate {i} is not in candidates.csv")

    def _read_best(self):
        """The decisions best.yaml's header names ('#   path=value' after '# Decisions:')."""
        text = read_text("best.yaml", dir_fd=self.fd, shown=self._path("best.yaml"))
        out, inside = [], False
        for line in text.splitlines():
            if not line.startswith("#"):
                break
            if line.startswith("# Decisions:"):
                inside = True
            elif inside and line.startswith("#   "):
                out.append(line[4:])
            else:
                inside = False
        return out


def opt_ident_lines(opt):
    return [f"Optimization {opt.name}  ·  spec {opt.spec}  ·  baseline {opt.baseline}",
            f"{opt.method}: {opt.n} candidates in {opt.batches} batches (budget {opt.max_evaluations})  ·  "
            f"{opt.replications} replications each, seed {opt.seed}"]


def opt_value(what, text):
    """An estimate as the tables show it: money in $, probabilities and other figures as candidates.csv writes
    them."""
    v = estimate_value(text)
    if isinstance(v, float) and str(what.get("figure", "")).endswith("_usd") and what.get("probability") is None:
        return fmt_money(v)
    return text


def opt_estimate_rows(opt, row):
    """[what, estimate, 95% CI, holds] for the objective and each constraint of a candidates.csv row."""
    o = opt.objective
    rows = [[o["description"], opt_value(o, row[o["column"]]),
             f"{opt_value(o, row[o['column'] + '_ci_low'])} to {opt_value(o, row[o['column'] + '_ci_high'])}", ""]]
    for c in opt.constraints:
        rows.append([c["description"], opt_value(c, row[c["column"]]),
                     f"{opt_value(c, row[c['column'] + '_ci_low'])} to {opt_value(c, row[c['column'] + '_ci_high'])}",
                     row[c["column"] + "_holds"]])
    return rows


def opt_plan_text(opt, row):
    return ", ".join(f"{v}={row[v]}" for v in opt.variables)


def opt_ranking_rows(opt, limit=5):
    rows = []
    for rank, i in enumerate(opt.ranking[:limit], start=1):
        r = opt.candidates[i]
        o = opt.objective
        rows.append([rank, i, opt_plan_text(opt, r), r["feasible"], r["violation"],
                     f"{opt_value(o, r[o['column']])} ({opt_value(o, r[o['column'] + '_ci_low'])} to "
                     f"{opt_value(o, r[o['column'] + '_ci_high'])})"]
                    + [f"{opt_value(c, r[c['column']])} ({r[c['column'] + '_holds']})" for c in opt.constraints]
                    + [f"{r['ok_replications']} / {int(r['ok_replications']) + int(r['not_ok_replications'])}"])
    return rows


def opt_ranking_header(opt):
    return (["Rank", "Candidate", "Plan", "Feasible", "Violation", opt.objective["description"] + " (95% CI)"]
            + [c["description"] + " (holds)" for c in opt.constraints] + ["Replications ok"])


def chart_pareto(ch, opt):
    """Per constraint, every candidate's estimate against the objective's (feasible ones outlined), pareto.csv's
    non-dominated plans joined, the bound, the best plan starred. Not made for a spec without constraints."""
    if not opt.constraints:
        return
    o = opt.objective
    title = "Trade-off: the objective against each constraint's estimate"
    n = len(opt.constraints)
    fig, axes = ch.figure(title, nrows=n, height=2.0 + 3.9 * n, sharex=False, panel_titles=True, hspace=0.45)
    csv_rows = []
    best = opt.candidates[opt.best] if opt.best is not None else None
    for ax, c in zip(axes, opt.constraints):
        pts = []
        for r in opt.candidates:
            x, y = estimate_value(r[c["column"]]), estimate_value(r[o["column"]])
            if x is not None and y is not None:
                pts.append((x, y, r["feasible"] == "yes", r))
        front = [(estimate_value(r["constraint_value"]), estimate_value(r["objective_value"]))
                 for r in opt.front if r.get("constraint") == c["description"]]
        front = sorted(p for p in front if None not in p)
        money = str(o["figure"]).endswith("_usd")

        def y(v):  # money in USD billions; dates and other figures as they are
            return v / BILLION if money and isinstance(v, float) else v
        ax.scatter([p[0] for p in pts if not p[2]], [y(p[1]) for p in pts if not p[2]], c="#bbbbbb", s=20,
                   label="Candidate (infeasible)")
        ax.scatter([p[0] for p in pts if p[2]], [y(p[1]) for p in pts if p[2]], facecolors="none",
                   edgecolors="#1f77b4", s=30, label="Candidate (feasible)")
        if front:
            ax.plot([p[0] for p in front], [y(p[1]) for p in front], "-o", color="#ff7f0e", ms=4,
                    label="Non-dominated (pareto.csv)")
        bound = c["bound_value"] if c["probability"] is None else c["probability"]
        b = estimate_value(str(bound))
        if b is not None:
            ax.axvline(b, ls="--", color="#d62728", lw=1, label=f"Bound ({bound})")
        if best is not None and estimate_value(best[c["column"]]) is not None:
            ax.scatter([estimate_value(best[c["column"]])], [y(estimate_value(best[o["column"]]))], marker="*",
                       s=220, color="#2ca02c", zorder=5, label=f"Best plan (candidate {opt.best})")
        ax.set_title(c["description"], loc="left", fontsize=10)
        ax.set_xlabel(("P(" + c["figure"] + " within the bound), fraction of replications") if c["probability"]
                      is not None else f"{c['statistic']}({c['figure']})")
        ax.set_ylabel(f"{o['statistic']}({o['figure']}), {o['direction']}d" + (" (USD billions)" if money else ""))
        if any(isinstance(p[0], dt.date) for p in pts):
            ch.date_axis(ax, maxticks=8)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="best")
        on_front = {(p[0], p[1]) for p in front}
        for x, y, feasible, r in pts:
            csv_rows.append([c["description"], r["candidate"], r[c["column"]], r[o["column"]],
                             r["feasible"], "yes" if (x, y) in on_front else "no",
                             "yes" if best is not None and r["candidate"] == best["candidate"] else "no"])
    ch.save(fig, "pareto", title,
            "Each candidate's constraint estimate (a probability over the replications, or the constraint's "
            "statistic) against the objective's estimate; feasible candidates outlined, the non-dominated ones of "
            "pareto.csv joined, the bound dashed, the best plan starred. Estimates over the same replications for "
            "every plan (common random numbers).",
            ["constraint", "candidate", "constraint_value", "objective_value", "feasible", "non_dominated", "best"],
            csv_rows)


def report_optimize(schema, opt_dir, outdir, force=False, quiet=True):
    progress = Progress("gwsim report", 5, quiet)
    progress.stage(f"reading {opt_dir}")
    opt = Optimization(opt_dir)
    out = Output(outdir, force)
    try:
        progress.stage("loading matplotlib")
        ch = Charts(out, opt_ident_lines(opt))
        progress.stage("chart pareto")
        chart_pareto(ch, opt)
        progress.stage("writing summary.md and report.html")
        infeasible = opt.n - opt.n_feasible
        counts = (f"{opt.n_feasible} of {opt.n} candidates feasible, {infeasible} infeasible "
                  f"({opt.batches} batches, {opt.method}; "
                  f"{'the budget of ' + str(opt.max_evaluations) + ' used' if opt.budget_exhausted else 'within the budget of ' + str(opt.max_evaluations)}).")
        intro = (f"Optimization `{opt.name}` (`{opt.spec}`) of `{opt.baseline}`: {opt.objective['description']}"
                 + (" subject to " + "; ".join(c["description"] for c in opt.constraints) if opt.constraints else "")
                 + f", over {opt.replications} replications of seed {opt.seed} per plan.")
        est_header, est_align = ["Figure", "Estimate", "95% CI", "Holds"], ["l", "r", "r", "l"]
        rank_header = opt_ranking_header(opt)
        rank_align = ["r", "r", "l", "l", "r", "r"] + ["r"] * len(opt.constraints) + ["r"]
        md = [f"# Optimization {opt.name}\n", intro + "\n", "## Candidates\n", counts + "\n"]
        sections = [f"<p>{html.escape(intro.replace('`', ''))}</p>", '<h2 id="candidates">Candidates</h2>',
                    f"<p>{html.escape(counts)}</p>"]
        if opt.best is not None:
            row = opt.candidates[opt.best]
            decisions = [[v, row[v]] for v in opt.variables]
            reps = f"{row['ok_replications']} of {int(row['ok_replications']) + int(row['not_ok_replications'])}"
            note = (f"Candidate {opt.best}, written as a scenario in best.yaml (`gwsim run best.yaml --seed {opt.seed} "
                    f"--replication K` reruns replication K); {reps} replications ok. 95% confidence intervals: the "
                    "mean with Student's t, a percentile by order statistics, a probability by Wilson's score "
                    "(docs/optimize.md).")
            md += ["## Best plan\n", note + "\n", md_table(["Variable", "Value"], decisions, ["l", "r"]),
                   md_table(est_header, opt_estimate_rows(opt, row), est_align),
                   "## The best-ranked plans\n",
                   "Feasible plans by the objective's estimate, then the infeasible ones by their constraint "
                   "violation (the sum of the positive normalised margins).\n",
                   md_table(rank_header, opt_ranking_rows(opt), rank_align)]
            sections += ['<h2 id="best-plan">Best plan</h2>', f"<p>{html.escape(note.replace('`', ''))}</p>",
                         '<div class="tables"><div>', html_table(["Variable", "Value"], decisions, ["l", "r"]),
                         "</div><div>", html_table(est_header, opt_estimate_rows(opt, row), est_align),
                         "</div></div>", '<h2 id="ranking">The best-ranked plans</h2>',
                         html_table(rank_header, opt_ranking_rows(opt), rank_align)]
        else:
            note = ("No plan meets every constraint: no best.yaml. The closest candidates, by their constraint "
                    "violation (the sum of the positive normalised margins), then the objective:")
            md += ["## No feasible plan\n", note + "\n", md_table(rank_header, opt_ranking_rows(opt), rank_align)]
            sections += ['<h2 id="no-feasible-plan">No feasible plan</h2>', f"<p>{html.escape(note)}</p>",
                         html_table(rank_header, opt_ranking_rows(opt), rank_align)]
        if ch.made:
            md += ["## Charts\n", md_table(["Chart", "Files"], [[t, f"chart-{n}.png, chart-{n}.svg, chart-{n}.csv"]
                                                                for n, t, _ in ch.made])]
        out.write_text("summary.md", "\n".join(md))
        out.write_text("report.html", html_page(f"gwsim optimization report: {opt.name}", opt_ident_lines(opt),
                                                sections, out, ch.made))
        progress.stage(f"moving the files into {outdir}")
        out.commit()
    except BaseException:
        out.abandon()
        raise
    progress.finish()
    print(f"optimization report for {opt.name} in {outdir}: report.html, summary.md and {len(ch.made)} chart(s)"
          + (f": {', '.join(n for n, _, _ in ch.made)}" if ch.made else ""))
    return EXIT_OK


# ----------------------------------------------------------------------------------------------------------------
# diff


def basis_name(run):
    """'IT' or 'facility': what the run's GW count."""
    return "IT" if run.gw_basis() == "it" else run.gw_basis()


def basis_warning(a, b):
    """A warning when the two runs count GW on different bases (their GW dates, live capacity and per-GW figures
    then measure different things), else None."""
    if a.gw_basis() == b.gw_basis():
        return None
    return (f"Warning: the runs count GW on different bases (A: {basis_name(a)}, B: {basis_name(b)}): their GW "
            "live dates, live capacity and per-GW figures measure different power, so the differences below mix "
            "the change of basis with the change of plan; compare runs on one gw_basis (--set gw_basis=...).")


def site_first_live_dates(run):
    """[(label, date or None)]: each site's first racks live (summary.json sites[].first_live_date), so a what-if
    at one site shows how far that site's first tokens moved even when the fleet's did not."""
    return [(f"Site {s.get('site')} first live", s.get("first_live_date"))
            for s in run.summary.get("sites") or [] if isinstance(s, dict) and s.get("site")]


def diff_rows(a, b):
    dates = []
    la, lb = a.key_dates() + site_first_live_dates(a), b.key_dates() + site_first_live_dates(b)
    labels = [l for l, _ in la] + [l for l, _ in lb if l not in {x for x, _ in la}]
    da, db = dict(la), dict(lb)
    for label in labels:
        x, y = da.get(label), db.get(label)
        if x and y:
            shift = days_between(x, y)
            text = "no change" if shift == 0 else \
                f"{shift:+d} day{'' if abs(shift) == 1 else 's'} ({'later' if shift > 0 else 'earlier'})"
        elif x == y:
            shift, text = 0, "no change"
        else:
            shift, text = None, ("no longer reached" if x else "now reached")
        dates.append((label, x, y, shift, text))
    totals = []  # the schema's numeric table figures; one that neither summary has (an older gwsim's) left out
    for f in a.schema.table_figures():
        if f["kind"] not in NUMERIC_KINDS:
            continue
        x, y = at_pointer(a.summary, f["pointer"]), at_pointer(b.summary, f["pointer"])
        if x is MISSING and y is MISSING:
            continue
        x, y = (None if v is MISSING else v for v in (x, y))
        if x is None and y is None:  # no value in either run (no IRR, say): the same
            totals.append((f["display"]["label"], f["display"]["unit"], f, x, y, 0, 0.0))
            continue
        if x is None or y is None:
            totals.append((f["display"]["label"], f["display"]["unit"], f, x, y, None, None))
            continue
        delta = y - x
        # Relative to the size of the first run's value, so that the sign says which way the figure moved (an NPV
        # from -253.7 to -260.6 is -2.7%, not +2.7%).
        pct = (100.0 * delta / abs(x)) if x else (0.0 if delta == 0 else None)
        totals.append((f["display"]["label"], f["display"]["unit"], f, x, y, delta, pct))
    shares = []
    sa = ((a.summary.get("binding_constraints") or {}).get("shares") or {})
    sb = ((b.summary.get("binding_constraints") or {}).get("shares") or {})
    names = [n for n, _ in a.schema.constraints] + list(sa) + list(sb)
    for n in dict.fromkeys(names):
        if n in sa or n in sb:
            x, y = sa.get(n, 0.0), sb.get(n, 0.0)
            shares.append((n, x, y, 100.0 * (y - x)))
    return dates, totals, shares


def milestone_changes(a, b):
    """[(label, name, date in A, date in B, A's milestone, B's milestone)] for each key date either run reached, B's
    order then A's own; the milestones are summary.json's (what gated each), None where a run lacks one. Empty when
    neither summary has milestones (a gwsim from before them)."""
    ma, mb = a.milestones(), b.milestones()
    if not ma and not mb:
        return []
    da = {name: d for _, d, name in a.key_dates_with_milestones()}
    out = []
    for label, y, name in b.key_dates_with_milestones() + [k for k in a.key_dates_with_milestones()
                                                           if k[2] not in {n for _, _, n in b.key_dates_with_milestones()}]:
        x = da.get(name)
        if x or y:
            out.append((label, name, x, y, ma.get(name), mb.get(name)))
    return out


def why_dates_moved(a, b):
    """[(label, sentence)] for each key date either run reached, from the milestones of both summaries: how far it
    moved and what gated it in B (and in A when that differs): 'moved +45 days: gated by hall b2 at site-b (was grid
    step 3 at site-a)'. Empty when neither summary has milestones (a gwsim from before them)."""
    out = []
    for label, name, x, y, ga, gb in milestone_changes(a, b):
        pa, pb = (gated_phrase(g) if g else None for g in (ga, gb))
        if x and y:
            shift = days_between(x, y)
            moved = "did not move" if shift == 0 else f"moved {shift:+d} day{'' if abs(shift) == 1 else 's'}"
            if pa == pb and pb:
                lead = "" if gate_lead(ga) == gate_lead(gb) else \
                    f"; next constraint {gate_lead(ga)} -> {gate_lead(gb)} days earlier"
                text = f"{moved}: gated by {pb} in both{lead}"
            else:
                text = f"{moved}: gated by {pb or 'unknown'} (was {pa or 'unknown'})"
        elif y:
            text = f"now reached ({y}): gated by {pb or 'unknown'}"
        else:
            text = f"no longer reached (was {x}, gated by {pa or 'unknown'})"
        out.append((label, text))
    return out


def fmt_total(v, figure):
    return "n/a" if v is None else display_value(figure, v)


def fmt_delta(d, figure):
    if d is None:
        return "n/a"
    shown = figure["display"]
    if shown.get("scientific"):
        return f"{d / shown['per_unit']:+.{shown['decimals']}e}" if d else "0"
    return f"{d / shown['per_unit']:+,.{shown['decimals']}f}"


def fmt_pct(p):
    return "n/a" if p is None else f"{p:+.1f}%"


def chart_diff(ch, a, b, la, lb):
    fig, axes = ch.figure(f"Run B against run A: {lb} vs {la}", nrows=3, height=9.6, panel_titles=True,
                          hspace=0.35)
    panels = ["live_capacity_mw", "racks", "facility_power_mw"]
    rows = {}
    for ax, col in zip(axes, panels):
        title = a.schema.label(col)
        have = [r for r in (a, b) if r.has(col)]
        if not have:
            ax.text(0.5, 0.5, f"no {col} column", transform=ax.transAxes, ha="center")
            continue
        mx = max(max(r.series[col]) for r in have)
        s, unit = a.schema.scale(col, mx)
        for r, label, colour, ls in ((a, f"A: {la}", "#888888", "-"), (b, f"B: {lb}", "#d62728", "--")):
            if r.has(col):
                gws = r.summary.get("gw_live_dates") or []
                if col == "live_capacity_mw" and gws:
                    label += f" ({len(gws)} GW live {gws[-1]})"
                ax.plot(r.dates, [v * s for v in r.series[col]], color=colour, ls=ls, lw=2, label=label)
                if col == "live_capacity_mw":
                    ax.plot([dt.date.fromisoformat(d) for d in gws], [k * 1000 * s for k in range(1, len(gws) + 1)],
                            ls="none", marker="o", ms=6, color=colour, mec="white", zorder=5)
                for d, text, v in zip(r.dates, r.date_texts, r.series[col]):
                    rows.setdefault((as_datetime(d), text), {})[("a_" if r is a else "b_") + col] = raw(v)
        ax.set_title(title, loc="left")
        if a.schema.column(col)["kind"] != "count":
            ax.set_ylabel(f"{title.split()[0]} ({unit})" if col == "live_capacity_mw" else f"Power ({unit})")
        else:
            ax.set_ylabel("Racks" + (f" ({unit})" if unit else ""))
            ch.thousands(ax)
        ax.set_ylim(bottom=0)
        ax.legend(loc="best")
        ch.date_axis(ax)
    lo = min(as_datetime(a.dates[0]), as_datetime(b.dates[0]))  # a daily run against an hourly one: datetimes
    hi = max(as_datetime(a.dates[-1]), as_datetime(b.dates[-1]))
    for ax in axes:
        ax.set_xlim(lo, hi)
    axes[-1].set_xlabel("Date")
    cols = [p + c for c in panels for p in ("a_", "b_")]
    ch.save(fig, "diff", "Run B against run A", "Live capacity, racks live and facility power of both runs.",
            ["date"] + cols, [[k[1]] + [rows[k].get(c, "") for c in cols] for k in sorted(rows)])


DIFF_FILES = ("diff.md", "chart-diff.png", "chart-diff.svg", "chart-diff.csv")


def diff_json(a, b, dates, totals, shares, warning, verdict, outdir):
    """`gwsim diff --json`: the comparison of the text and diff.md as one JSON document (docs/reports.md). Totals
    are the schema's table figures (fields.cpp's registry), keyed by their summary.json pointer, in their own unit."""
    def side(run):
        m = run.manifest
        return {"folder": run.folder, "scenario": run.name, "gw_basis": run.gw_basis(),
                "scenario_sha256": m.get("scenario_sha256"), "seed": m.get("seed"),
                "replication": m.get("replication", 0), "overrides": list(m.get("overrides") or [])}

    def milestone(m, date):
        if not date:
            return None
        return {"date": date, "gated_by": (m or {}).get("gated_by"), "gate_lead_days": (m or {}).get("gate_lead_days")}

    moved = []
    for label, name, x, y, ga, gb in milestone_changes(a, b):
        shift = days_between(x, y) if x and y else None
        moved.append({"name": name, "a": milestone(ga, x), "b": milestone(gb, y), "change_days": shift,
                      "moved": not (x and y and shift == 0)})
    return {
        "a": side(a), "b": side(b), "warning": warning, "verdict": verdict,
        "output_folder": outdir, "files": [os.path.join(outdir, f) for f in DIFF_FILES],
        "dates": [{"name": label, "unit": "date", "a": x, "b": y, "change_days": shift, "change": text}
                  for label, x, y, shift, text in dates],
        # The change to the figure's own decimals (B - A of two such values has no more), the percentage to 4.
        "totals": [{"name": f["pointer"], "label": label, "unit": f["unit"], "a": x, "b": y,
                    "change": None if delta is None else round(delta, f.get("decimals", 0) or 0) if f["kind"] != "count" else delta,
                    "change_percent": None if pct is None else round(pct, 4)}
                   for label, _, f, x, y, delta, pct in totals],
        "milestones": moved,
        # Shares as summary.json holds them: fractions of the days with racks pending (the text shows percent).
        "binding_constraints": [{"name": n, "unit": "fraction of the days with racks pending", "a": x, "b": y,
                                 "change": round(y - x, 6)} for n, x, y, _ in shares],
    }


def report_diff(schema, dir_a, dir_b, outdir, force=False, quiet=True, as_json=False, changed_only=False):
    progress = Progress("gwsim diff", 5, quiet)
    progress.stage(f"reading {dir_a}")
    a = Run(dir_a, schema)
    progress.stage(f"reading {dir_b}")
    b = Run(dir_b, schema)
    la, lb = a.label(), b.label()
    if la == lb:
        la, lb = os.path.normpath(dir_a), os.path.normpath(dir_b)
    dates, totals, shares = diff_rows(a, b)
    changed_dates = [d for d in dates if d[4] != "no change"]
    changed_totals = [t for t in totals if t[5] is None or t[5] != 0]
    changed_shares = [s for s in shares if abs(s[3]) > 1e-9]
    same_timeline = a.dates == b.dates and all(a.series.get(c) == b.series.get(c) for c in a.series)
    if not changed_dates and not changed_totals and not changed_shares:
        verdict = ("No change: the key dates, totals and binding-constraint shares are the same"
                   + (" (and so are the timelines)." if same_timeline else "; the timelines differ elsewhere."))
    else:
        later = sum(1 for d in changed_dates if d[3] is not None and d[3] > 0)
        earlier = sum(1 for d in changed_dates if d[3] is not None and d[3] < 0)
        verdict = (f"Changed: {len(changed_dates)} key date(s) moved ({later} later, {earlier} earlier"
                   f"{', ' + str(len(changed_dates) - later - earlier) + ' reached or lost' if len(changed_dates) - later - earlier else ''}), "
                   f"{len(changed_totals)} total(s) and {len(changed_shares)} binding-constraint share(s) differ.")

    def ident(run, tag):
        m = run.manifest
        return (f"{tag} = {run.folder}: scenario {run.name}, GW on the {basis_name(run)} basis, SHA-256 "
                f"{short_hash(m.get('scenario_sha256'))}, seed {m.get('seed', '?')}, replication "
                f"{m.get('replication', 0)}, overrides: {overrides_text(m)}")

    warning = basis_warning(a, b)
    text = [ident(a, "A"), ident(b, "B"), ""] + ([warning, ""] if warning else []) + [verdict, ""]
    w = max([len(d[0]) for d in dates] + [len(t[0]) + len(t[1]) + 3 for t in totals] + [24])
    text.append(f"{'Key dates':<{w}}  {'A':>11}  {'B':>11}  shift (B - A)")
    for label, x, y, shift, note in dates:
        text.append(f"  {label:<{w - 2}}  {fmt_date(x):>11}  {fmt_date(y):>11}  {note}")
    fa = (a.summary.get("final") or {}).get("date", "?")
    fb = (b.summary.get("final") or {}).get("date", "?")
    text.append("")
    text.append(f"{'Totals at the end (' + (fa if fa == fb else f'A {fa}, B {fb}') + ')':<{w}}  {'A':>16}  "
                f"{'B':>16}  {'change':>16}  {'%':>8}")
    for label, unit, figure, x, y, delta, pct in (changed_totals if changed_only else totals):
        name = f"{label} ({unit})"
        text.append(f"  {name:<{w - 2}}  {fmt_total(x, figure):>16}  {fmt_total(y, figure):>16}  "
                    f"{fmt_delta(delta, figure):>16}  {fmt_pct(pct):>8}")
    if changed_only and len(changed_totals) < len(totals):
        text.append(f"  ({len(totals) - len(changed_totals)} totals did not change: diff.md lists every one)")
    why = why_dates_moved(a, b)
    if why:
        text.append("")
        text.append("Why the dates moved (or did not): what gated each in B, and in A when that differs")
        for label, sentence in why:
            text.append(f"  {label} {sentence}")
    text.append("")
    text.append(f"{'Binding constraints (share of pending days)':<{w}}  {'A':>7}  {'B':>7}  change")
    for n, x, y, d in shares:
        text.append(f"  {constraint_label(n):<{w - 2}}  {100 * x:>6.1f}%  {100 * y:>6.1f}%  {d:+.1f} points")

    md = [f"# What changed: {lb} against {la}\n",
          f"- **A**: `{a.folder}`: scenario `{a.name}`, GW on the {basis_name(a)} basis, SHA-256 "
          f"`{short_hash(a.manifest.get('scenario_sha256'))}`, seed {a.manifest.get('seed', '?')}, overrides: "
          f"{overrides_text(a.manifest)}",
          f"- **B**: `{b.folder}`: scenario `{b.name}`, GW on the {basis_name(b)} basis, SHA-256 "
          f"`{short_hash(b.manifest.get('scenario_sha256'))}`, seed {b.manifest.get('seed', '?')}, overrides: "
          f"{overrides_text(b.manifest)}\n",
          *([f"**{warning}**\n"] if warning else []),
          f"**{verdict}**\n", "## Key dates\n",
          md_table(["Milestone", "A", "B", "Shift (B - A)"], [[d[0], fmt_date(d[1]), fmt_date(d[2]), d[4]]
                                                            for d in dates]),
          *(["## Why the dates moved\n",
             "What gated each key date in B (and in A when that differs): the constraint that held the last racks "
             "of the pod whose going live reached it.\n",
             md_table(["Milestone", "Why"], [[l, s] for l, s in why])] if why else []),
          "## Totals at the end\n",
          md_table(["Figure", "Unit", "A", "B", "Change", "Change %"],
                   [[t[0], t[1], fmt_total(t[3], t[2]), fmt_total(t[4], t[2]), fmt_delta(t[5], t[2]),
                     fmt_pct(t[6])] for t in totals],
                   ["l", "l", "r", "r", "r", "r"]),
          "## Binding constraints\n",
          md_table(["Constraint", "A", "B", "Change (points)"],
                   [[constraint_label(n), f"{100 * x:.1f}%", f"{100 * y:.1f}%", f"{d:+.1f}"] for n, x, y, d in shares],
                   ["l", "r", "r", "r"]),
          "## Chart\n", "![Run B against run A](chart-diff.png)\n",
          "Files: chart-diff.png, chart-diff.svg, chart-diff.csv (the curves of both runs).\n"]
    out = Output(outdir, force)
    try:
        progress.stage("loading matplotlib")
        ch = Charts(out, [f"A: {la} = scenario {a.name}, SHA-256 {short_hash(a.manifest.get('scenario_sha256'))}, "
                          f"overrides: {overrides_text(a.manifest)[:60]}",
                          f"B: {lb} = scenario {b.name}, SHA-256 {short_hash(b.manifest.get('scenario_sha256'))}, "
                          f"overrides: {overrides_text(b.manifest)[:60]}"])
        progress.stage("chart diff")
        chart_diff(ch, a, b, la, lb)
        out.write_text("diff.md", "\n".join(md))
        progress.stage(f"writing diff.md and moving the files into {outdir}")
        out.commit()
    except BaseException:
        out.abandon()
        raise
    progress.finish()
    if as_json:
        # allow_nan=False: a NaN or infinity would make the document invalid JSON; the summaries never hold one.
        print(json.dumps(diff_json(a, b, dates, totals, shares, warning, verdict, outdir), indent=2,
                         allow_nan=False))
        return EXIT_OK
    print("\n".join(text))
    print(f"\nFiles in {outdir}: {', '.join(DIFF_FILES)}")
    return EXIT_OK


# ----------------------------------------------------------------------------------------------------------------


USAGE = """usage: gwsim_report.py --schema SCHEMA [--force] [--quiet] run RUN_DIR OUTDIR
       gwsim_report.py --schema SCHEMA [--force] [--quiet] sweep STORE OUTDIR [RANK_BY]
       gwsim_report.py --schema SCHEMA [--force] [--quiet] optimize OPT_DIR OUTDIR
       gwsim_report.py --schema SCHEMA [--force] [--quiet] [--json] [--changed] diff RUN_A RUN_B OUTDIR
SCHEMA: the JSON of `gwsim schema outputs`, a file or - (stdin); --force: replace an earlier report's files in a
non-empty OUTDIR (other files are left alone); --quiet: no progress on stderr; --json: the diff as JSON on stdout;
--changed: print only the totals that differ (diff.md keeps them all)"""


def main(argv):
    flags = set()
    while len(argv) > 2 and argv[2] in ("--force", "--quiet", "--json", "--changed"):
        flags.add(argv[2])
        argv = argv[:2] + argv[3:]
    force, quiet, as_json = "--force" in flags, "--quiet" in flags, "--json" in flags
    changed_only = "--changed" in flags
    mode = argv[2] if len(argv) > 2 else ""
    command = "gwsim diff" if mode == "diff" else "gwsim report"
    try:
        if len(argv) < 3 or argv[0] != "--schema":
            sys.stderr.write(USAGE + "\n")
            return EXIT_INVALID
        schema = Schema.load(argv[1])
        args = argv[2:]
        if (as_json or changed_only) and mode != "diff":
            sys.stderr.write("--json and --changed are for diff\n" + USAGE + "\n")
            return EXIT_INVALID
        if len(args) == 3 and mode == "run":
            return report_run(schema, args[1], args[2], force, quiet)
        if len(args) == 3 and mode == "optimize":
            return report_optimize(schema, args[1], args[2], force, quiet)
        if len(args) in (3, 4) and mode == "sweep":
            return report_sweep(schema, args[1], args[2], args[3] if len(args) == 4 else "", force, quiet)
        if len(args) == 4 and mode == "diff":
            return report_diff(schema, args[1], args[2], args[3], force, quiet, as_json, changed_only)
        sys.stderr.write(USAGE + "\n")
        return EXIT_INVALID
    except InputError as e:
        sys.stderr.write(f"{command}: {e}; nothing was written.\n")
        return EXIT_INVALID
    except BrokenPipeError:
        # The reader of our standard output went away (`gwsim diff A B | head`): the files are written by then;
        # stop quietly, as other command-line tools do, and keep Python from complaining at exit.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except (EnvironmentFailure, OSError, MemoryError) as e:
        sys.stderr.write(f"{command}: {e or type(e).__name__}\n")
        return EXIT_INTERNAL
    except Exception as e:  # a bug here: said in one line, with where it happened, never a bare traceback
        import traceback
        frame = traceback.extract_tb(e.__traceback__)[-1]
        sys.stderr.write(f"{command}: internal error: {type(e).__name__}: {e} (gwsim_report.py line {frame.lineno}, "
                         f"in {frame.name}); please report it\n")
        return EXIT_INTERNAL


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
